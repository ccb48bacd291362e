-- 0007_deadlines: a deadline on any work item (a bound on its late finish,
-- so a plan that cannot meet it shows negative float), and each program's
-- threshold for calling an item critical (MS Project's "tasks are
-- critical if slack is less than or equal to"), in working days.

ALTER TABLE work_items ADD COLUMN deadline date;

ALTER TABLE programs
    ADD COLUMN critical_float_days double precision NOT NULL DEFAULT 0
    CHECK (critical_float_days BETWEEN -1000 AND 1000);
