-- Baselines: a program's schedule frozen under a name, so slip can be
-- measured against what was promised. Rows keep the item's number, kind
-- and title rather than a reference, so a baseline outlives the items it
-- froze and still names them. A program's baselines go with it.
CREATE TABLE baselines (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    status_date date NOT NULL,
    finish_date date NOT NULL,
    items       integer NOT NULL CHECK (items >= 0),
    UNIQUE (program_id, name)
);
CREATE INDEX baselines_newest ON baselines (program_id, created_at DESC, id DESC);

CREATE TABLE baseline_items (
    baseline_id bigint NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    number      bigint NOT NULL,
    kind        smallint NOT NULL CHECK (kind BETWEEN 1 AND 4),
    title       text NOT NULL,
    start_date  date NOT NULL,
    finish_date date NOT NULL,
    PRIMARY KEY (baseline_id, number)
);
