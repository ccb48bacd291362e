-- 0018_api_tokens: identities for services, and tokens they call with.
--
-- A user is a person (logs in with a password) or a service (never logs
-- in: it calls with API tokens an admin made for it). Its password hash
-- stays NOT NULL and is unusable ('!' matches no password), so every
-- reader of users keeps its shape.
ALTER TABLE users
    ADD COLUMN kind text NOT NULL DEFAULT 'person'
        CHECK (kind IN ('person', 'service'));

-- An API token stands for its user as a session does, within its scope:
-- read-only tokens call only methods that read, and a token that names
-- programs acts only in those (none named: every program its user can
-- see). Like a session, only the SHA-256 of the token text is kept.
-- A token made with client_cert is honoured only on a connection whose
-- client certificate the server verified (mutual TLS), so the token alone
-- is not enough. last_used_at is written at most once a minute per token
-- and server.
CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    token_hash   text NOT NULL UNIQUE,
    scope        text NOT NULL CHECK (scope IN ('read-only', 'read-write')),
    program_ids  bigint[] NOT NULL DEFAULT '{}',
    client_cert  boolean NOT NULL DEFAULT false,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
