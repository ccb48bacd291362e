-- 0013_login_failures: failed logins are counted in the database, so every
-- server on it shares one count per account and per peer address and a
-- restart forgets nothing. One row per failure and per key: kind 'account'
-- (the username as typed) or 'peer' (the address without its port). A
-- successful login deletes its account's rows; rows older than the window
-- are deleted as new failures are written, so the table holds at most the
-- failures of one window.
CREATE TABLE login_failures (
    kind text NOT NULL CHECK (kind IN ('account', 'peer')),
    key text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (kind, key, failed_at);
CREATE INDEX login_failures_age ON login_failures (failed_at);
