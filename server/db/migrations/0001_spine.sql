-- 0001_spine: users, sessions, idempotency keys and the audit chain.

CREATE TABLE users (
    id                  bigserial PRIMARY KEY,
    username            text NOT NULL UNIQUE
                        CHECK (username ~ '^[a-z][a-z0-9._-]{1,31}$'),
    display_name        text NOT NULL DEFAULT '',
    email               text NOT NULL DEFAULT '',
    password_hash       text NOT NULL,
    is_admin            boolean NOT NULL DEFAULT false,
    disabled            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    version             bigint NOT NULL DEFAULT 1
);

-- A session token is never stored, only its SHA-256, so a copy of the
-- database does not let anyone act as a user.
CREATE TABLE sessions (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    token_hash  text NOT NULL UNIQUE,
    kind        text NOT NULL DEFAULT 'session'
                CHECK (kind IN ('session', 'api')),
    client_name text NOT NULL DEFAULT '',
    peer_address text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX sessions_live_by_user ON sessions (user_id)
    WHERE revoked_at IS NULL;

-- A write retried with the same key returns the first result. The key is
-- claimed inside the write's own transaction, so a concurrent twin waits
-- on the claim and then replays it.
CREATE TABLE idempotency_keys (
    user_id    bigint NOT NULL,
    key        text NOT NULL,
    method     text NOT NULL,
    response   bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Writers only INSERT here (seq, prev_hash and hash NULL), so concurrent
-- transactions never wait on each other. A single sealer later links
-- committed rows into the SHA-256 chain in the order it finds them.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id  bigint,
    actor     text NOT NULL,
    method    text NOT NULL,
    entity    text NOT NULL,
    entity_id text NOT NULL DEFAULT '',
    before    jsonb,
    after     jsonb,
    peer      text NOT NULL DEFAULT '',
    seq       bigint UNIQUE,
    prev_hash text,
    hash      text
);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL;

-- The head of the chain: detects rows cut from the end, and is the one
-- row the sealer locks.
CREATE TABLE audit_chain (
    id        int PRIMARY KEY CHECK (id = 1),
    last_seq  bigint NOT NULL,
    last_hash text NOT NULL
);
INSERT INTO audit_chain VALUES (1, 0, repeat('0', 64));
