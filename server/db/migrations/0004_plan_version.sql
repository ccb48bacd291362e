-- Every change to what a schedule is computed from (items, dependencies,
-- projects, holidays, a program's target dates and weekdays) bumps the
-- program's plan_version in the same transaction, so a server may keep a
-- program's plan in memory and know exactly when it is stale.
--
-- Statement-level triggers with transition tables bump each program once
-- per statement, however many rows it touched (a LoadPlan of ten thousand
-- items is one bump).
ALTER TABLE programs ADD COLUMN plan_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION plan_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE programs SET plan_version = plan_version + 1
     WHERE id IN (SELECT DISTINCT program_id FROM changed);
    RETURN NULL;
END
$$;

CREATE TRIGGER work_items_plan_insert AFTER INSERT ON work_items
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER work_items_plan_update AFTER UPDATE ON work_items
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER work_items_plan_delete AFTER DELETE ON work_items
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();

CREATE TRIGGER dependencies_plan_insert AFTER INSERT ON dependencies
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER dependencies_plan_update AFTER UPDATE ON dependencies
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER dependencies_plan_delete AFTER DELETE ON dependencies
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();

CREATE TRIGGER program_holidays_plan_insert AFTER INSERT ON program_holidays
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER program_holidays_plan_update AFTER UPDATE ON program_holidays
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER program_holidays_plan_delete AFTER DELETE ON program_holidays
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();

CREATE TRIGGER projects_plan_insert AFTER INSERT ON projects
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER projects_plan_update AFTER UPDATE ON projects
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER projects_plan_delete AFTER DELETE ON projects
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();

-- The program row itself: its dates and weekdays are part of the plan.
CREATE FUNCTION plan_version_program() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.target_start, NEW.target_finish, NEW.working_weekdays)
       IS DISTINCT FROM (OLD.target_start, OLD.target_finish,
                         OLD.working_weekdays) THEN
        NEW.plan_version := OLD.plan_version + 1;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER programs_plan_update BEFORE UPDATE ON programs
    FOR EACH ROW EXECUTE FUNCTION plan_version_program();
