-- 0021_events: the event stream reads sealed audit rows by their chain
-- sequence number (EventService, server/model/events.c). seq already has
-- a unique index, which serves catch-up across every program; this one
-- serves catch-up within one program.
CREATE INDEX audit_log_by_program_seq ON audit_log (program_id, seq)
    WHERE seq IS NOT NULL;
