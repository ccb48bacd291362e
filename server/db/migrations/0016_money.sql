-- 0016_money: money as integer minor units of one currency per program
-- (common/money.h), and the budgets and expenses of programs and
-- projects (proto/pmo/v1/money.proto, record kinds of the record core).

-- An ISO 4217 code; the server checks it against its table of codes.
ALTER TABLE programs ADD COLUMN currency text NOT NULL DEFAULT 'USD'
    CHECK (currency ~ '^[A-Z]{3}$');

-- Work item costs move from a double to minor units. Every program is in
-- USD now (the default above), whose minor unit is the cent. float8 ->
-- numeric keeps 15 significant digits, the decimal a person typed
-- (1200.5, not the binary fraction nearest it); the cents are then
-- rounded half to even, as the server rounds (common/money.c). A value
-- that is no amount (negative, NaN, infinite, or past a bigint of cents)
-- stops the migration, naming the item: money is not changed silently.
ALTER TABLE work_items ADD COLUMN planned_cost_minor bigint NOT NULL
    DEFAULT 0 CHECK (planned_cost_minor >= 0);

DO $$
DECLARE
    bad record;
BEGIN
    SELECT p.key || '-' || w.number AS ref, w.planned_cost INTO bad
      FROM work_items w JOIN programs p ON p.id = w.program_id
     WHERE w.planned_cost <> 0
       AND NOT (w.planned_cost > 0 AND w.planned_cost < 9.2e16)
     ORDER BY w.id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'work item % has planned_cost %, which is no amount of USD',
            bad.ref, bad.planned_cost
            USING HINT = 'set it to a number from 0 to 9.2e16 in work_items'
                         ' and start the server again';
    END IF;
END $$;

UPDATE work_items w
   SET planned_cost_minor = CASE
           WHEN c.cents - trunc(c.cents) = 0.5
               THEN trunc(c.cents) + trunc(c.cents) % 2
           ELSE round(c.cents) END
  FROM (SELECT id, planned_cost::numeric * 100 AS cents FROM work_items
         WHERE planned_cost <> 0) c
 WHERE w.id = c.id;

ALTER TABLE work_items DROP COLUMN planned_cost;

-- A budget per program (project_id NULL) and per project. Its lines are a
-- jsonb array of {category, month, amount_minor}: category a value of
-- money.proto's BudgetCategory, month "YYYY-MM" or "" for spend not
-- phased by month. Each version is kept in budget_versions, written by
-- the statement that creates or changes the budget.
CREATE TABLE budgets (
    id         bigserial PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    project_id bigint REFERENCES projects (id) ON DELETE CASCADE,
    lines      jsonb NOT NULL DEFAULT '[]'
               CHECK (jsonb_typeof(lines) = 'array'),
    reason     text NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX budgets_scope
    ON budgets (program_id, coalesce(project_id, 0));

CREATE TABLE budget_versions (
    id          bigserial PRIMARY KEY,
    budget_id   bigint NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    changed_by  bigint REFERENCES users (id),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    old_version bigint,
    new_version bigint NOT NULL,
    reason      text NOT NULL,
    lines       jsonb NOT NULL
);
CREATE INDEX budget_versions_by_budget ON budget_versions (budget_id, id);

-- What was spent. An expense is on a work item (its number; numbers are
-- never reused), on a project, or on the program as a whole. Money spent
-- stays spent: a project deleted leaves its expenses on the program.
CREATE TABLE expenses (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    spent_on     date NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    category     smallint NOT NULL CHECK (category BETWEEN 1 AND 6),
    vendor       text NOT NULL DEFAULT '',
    item_number  bigint,
    project_id   bigint REFERENCES projects (id) ON DELETE SET NULL,
    note         text NOT NULL DEFAULT '',
    entered_by   bigint REFERENCES users (id),
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expenses_by_program ON expenses (program_id, spent_on);
