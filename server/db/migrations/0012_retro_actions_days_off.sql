-- 0012_retro_actions_days_off: a retro's action items become action items
-- of the RAID log, and people get days off.
--
-- Retro action items were text kept with the retro (retros.action_items,
-- [{"text", "owner", "due"}]) that no list of actions showed. Each becomes
-- one row of action_items, source 2 (retrospective) and source_id the
-- retro, in the retro's program, open, created when the retro was, in
-- list order (ids ascend by retro, then position). Nothing is lost:
--   text  -> title, as it was;
--   due   -> due_date ("" -> none);
--   owner -> owner_id when it is a username; an owner written as a name
--            that is no user keeps no owner_id, and the name is kept in
--            notes ("Owner named in the retrospective: NAME").
-- An owner who is a user but holds no role in the program is kept as the
-- owner: the check that owners can see the program applies to new writes.
-- Each new action gets an audit row (actor "-"), sealed into the chain by
-- the running server like any other row. Then the column goes: the
-- actions are the one record of a retro's action items.

CREATE TEMPORARY TABLE retro_items_0012 ON COMMIT DROP AS
SELECT r.id AS retro_id, r.program_id, r.created_at, x.ord,
       x.e->>'text' AS text, coalesce(x.e->>'owner', '') AS owner,
       nullif(coalesce(x.e->>'due', ''), '')::date AS due
  FROM retros r,
       jsonb_array_elements(r.action_items) WITH ORDINALITY x(e, ord);

WITH ins AS (
    INSERT INTO action_items (program_id, title, owner_id, due_date, status,
                              source, source_id, notes, created_at)
    SELECT i.program_id, i.text, u.id, i.due, 1, 2, i.retro_id,
           CASE WHEN u.id IS NULL AND i.owner <> ''
                THEN 'Owner named in the retrospective: ' || i.owner
                ELSE '' END,
           i.created_at
      FROM retro_items_0012 i
      LEFT JOIN users u ON u.username = i.owner
     ORDER BY i.retro_id, i.ord
    RETURNING *)
INSERT INTO audit_log (actor, method, entity, entity_id, after, program_id)
SELECT '-', 'migration 0012_retro_actions_days_off', 'action_item',
       ins.id::text,
       to_jsonb(ins) - 'created_at' - 'program_id' - 'owner_id'
       || jsonb_build_object('status', 'open', 'source', 'retrospective',
            'owner', coalesce((SELECT username FROM users
                                WHERE id = ins.owner_id), '')),
       ins.program_id
  FROM ins ORDER BY ins.id;

ALTER TABLE retros DROP COLUMN action_items;

-- A retro's actions, for its view.
CREATE INDEX action_items_by_retro ON action_items (source_id, id)
    WHERE source = 2;

-- Days a person does not work: vacations, leave. Kept per user, not per
-- program: a person away is away from every program, so each program's
-- resource load and levelling read the same days (ScheduleService
-- ResourceLoad and Level; the CPM dates, which know no people, do not).
-- One row per calendar day; the program calendar decides whether a day
-- is a working day at all.
CREATE TABLE days_off (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        date NOT NULL,
    note       text NOT NULL DEFAULT '',
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);
