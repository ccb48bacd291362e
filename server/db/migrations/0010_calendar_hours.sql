-- 0010_calendar_hours: the working hours of a day in a program's calendar
-- (Calendar.hours_per_day), for those who count effort in hours; the
-- schedule counts in working days and does not read it.

ALTER TABLE programs
    ADD COLUMN hours_per_day double precision NOT NULL DEFAULT 8
        CHECK (hours_per_day > 0 AND hours_per_day <= 24);
