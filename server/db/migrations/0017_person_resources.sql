-- 0017_person_resources: people as resources. A person works a share of
-- their time (capacity, in hundredths of a unit: 100 is full time, 50
-- half time) at a cost per working day that changes over time (rates, a
-- history by start date), and a work item takes several people, each for
-- a share of their time on it (units, also in hundredths).
--
-- Units are integer hundredths so that load compares exactly with
-- capacity (server/sched/load.h). The settings are per person, as days off
-- are, and apply in every program; the program a request names is where
-- the caller's role is checked.

-- A person's share of time; no row is full time (100).
CREATE TABLE person_resources (
    user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    capacity_units integer NOT NULL DEFAULT 100
                   CHECK (capacity_units > 0 AND capacity_units <= 100),
    updated_by     bigint REFERENCES users (id),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Day rates: each in force from starts_on until the next one starts.
-- Money is minor units of the rate's own ISO 4217 currency
-- (common/money.h), which the server checks against its table.
CREATE TABLE person_rates (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_on  date NOT NULL,
    rate_minor bigint NOT NULL CHECK (rate_minor >= 0),
    currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, starts_on)
);

-- Who works on an item, and how much of their time. The item's single
-- assignee (work_items.assignee_id) is not migrated: an item with no rows
-- here counts its assignee as one assignment of 100 units, so items
-- written before this migration, and by clients that only set the
-- assignee, keep their meaning. Once an item has rows, they alone count.
CREATE TABLE work_item_assignments (
    work_item_id bigint NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    units        integer NOT NULL CHECK (units > 0 AND units <= 100),
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (work_item_id, user_id)
);
CREATE INDEX work_item_assignments_program
    ON work_item_assignments (program_id, user_id);

-- Assignments are part of what levelling reads, so they bump the plan
-- version (migration 0004) like the items themselves.
CREATE TRIGGER work_item_assignments_plan_insert
    AFTER INSERT ON work_item_assignments
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER work_item_assignments_plan_update
    AFTER UPDATE ON work_item_assignments
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER work_item_assignments_plan_delete
    AFTER DELETE ON work_item_assignments
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
