-- 0007_deadlines: a deadline on any work item (a bound on its late finish,
-- so a plan that cannot meet it shows negative float), and each program's
-- threshold for calling an item critical (MS Project's "tasks are
-- critical if slack is less than or equal to"), in working days.

ALTER TABLE work_items ADD COLUMN deadline date;

ALTER TABLE programs
    ADD COLUMN critical_float_days double precision NOT NULL DEFAULT 0
    CHECK (critical_float_days BETWEEN -1000 AND 1000);

-- The threshold is part of the plan the schedule reads, like the dates
-- and weekdays: a change must reach every server's cached plan.
CREATE OR REPLACE FUNCTION plan_version_program() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.target_start, NEW.target_finish, NEW.working_weekdays,
        NEW.critical_float_days)
       IS DISTINCT FROM (OLD.target_start, OLD.target_finish,
                         OLD.working_weekdays, OLD.critical_float_days) THEN
        NEW.plan_version := OLD.plan_version + 1;
    END IF;
    RETURN NEW;
END
$$;
