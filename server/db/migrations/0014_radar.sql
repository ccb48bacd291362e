-- 0014_radar: the organisation's technology radar (radar.proto), the
-- record core's first organisation-wide kind.
--
-- Enum columns hold the values of radar.proto. Links are arrays of ids:
-- a program, risk or decision deleted since is simply not shown.

CREATE TABLE radar_entries (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL,
    quadrant     smallint NOT NULL CHECK (quadrant BETWEEN 1 AND 4),
    ring         smallint NOT NULL CHECK (ring BETWEEN 1 AND 4),
    rationale    text NOT NULL DEFAULT '',
    owner_id     bigint REFERENCES users (id),
    reviewed_on  date,
    program_ids  bigint[] NOT NULL DEFAULT '{}',
    risk_ids     bigint[] NOT NULL DEFAULT '{}',
    decision_ids bigint[] NOT NULL DEFAULT '{}',
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX radar_entries_name ON radar_entries (lower(name));
-- Entries linked to a program, for its summary.
CREATE INDEX radar_entries_by_program ON radar_entries USING gin (program_ids);

-- Every ring an entry has had; the first row (old_ring NULL) is its
-- creation. Written by the statement that creates or moves the entry.
CREATE TABLE radar_moves (
    id         bigserial PRIMARY KEY,
    entry_id   bigint NOT NULL REFERENCES radar_entries (id) ON DELETE CASCADE,
    changed_by bigint REFERENCES users (id),
    changed_at timestamptz NOT NULL DEFAULT now(),
    old_ring   smallint CHECK (old_ring BETWEEN 1 AND 4),
    new_ring   smallint NOT NULL CHECK (new_ring BETWEEN 1 AND 4),
    rationale  text NOT NULL DEFAULT ''
);
CREATE INDEX radar_moves_by_entry ON radar_moves (entry_id, id);
