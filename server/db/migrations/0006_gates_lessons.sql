-- 0006_gates_lessons: quality, security and compliance gates on
-- milestones; program and gate templates (data, seeded here); retros and
-- post-mortems; the lessons-learned library every program shares.

-- kind: 1 quality, 2 security, 3 compliance, 4 launch, 5 other
-- (pmo.v1.GateKind). A gate belongs to one milestone and goes with it.
CREATE TABLE gates (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    milestone_id bigint NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    name         text NOT NULL,
    kind         smallint NOT NULL CHECK (kind BETWEEN 1 AND 5),
    description  text NOT NULL DEFAULT '',
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (milestone_id, name)
);
CREATE INDEX gates_by_program ON gates (program_id, id);

-- A criterion is signed when signed_by is set; who signs is checked by
-- the server (only the named approver). position orders the checklist.
CREATE TABLE gate_criteria (
    id          bigserial PRIMARY KEY,
    gate_id     bigint NOT NULL REFERENCES gates (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    description text NOT NULL,
    approver_id bigint NOT NULL REFERENCES users (id),
    signed_by   bigint REFERENCES users (id),
    signed_at   timestamptz,
    evidence    text NOT NULL DEFAULT '',
    CHECK ((signed_by IS NULL) = (signed_at IS NULL))
);
CREATE INDEX gate_criteria_by_gate ON gate_criteria (gate_id, position);

-- Templates are data. kind: 1 program template, 2 gate template.
-- program_kind (program templates only): 1 infrastructure, 2 software
-- development, 3 security, 4 AI/ML, 5 hardware, 6 enterprise systems
-- (pmo.v1.ProgramKind). The document's shape is checked by
-- template_document_problems below, on every create and update.
CREATE TABLE templates (
    id           bigserial PRIMARY KEY,
    kind         smallint NOT NULL CHECK (kind BETWEEN 1 AND 2),
    name         text NOT NULL,
    program_kind smallint NOT NULL DEFAULT 0
                 CHECK (program_kind BETWEEN 0 AND 6),
    description  text NOT NULL DEFAULT '',
    document     jsonb NOT NULL,
    builtin      boolean NOT NULL DEFAULT false,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, name),
    CHECK ((kind = 1) = (program_kind > 0))
);

-- Every problem of a template document as (path, problem); none when it
-- is well formed. A program template:
--   {"phases": [{"title": "EVT",
--                "checklist": [{"title": "Build units", "days": 15}],
--                "milestones": [{"title": "EVT exit",
--                                "gates": [{"name": "EVT exit review",
--                                           "kind": "quality",
--                                           "criteria": ["..."]}]}]}],
--    "risks": [{"title": "...", "description": "...", "probability": "high",
--               "impact": "medium", "mitigation": "..."}]}
-- A gate template: {"kind": "security", "criteria": ["...", "..."]}.
CREATE FUNCTION template_text_problem(v jsonb, min_len int, max_len int)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN v IS NULL AND min_len = 0 THEN NULL
        WHEN v IS NULL THEN 'is required'
        WHEN jsonb_typeof(v) <> 'string' THEN 'must be a string'
        WHEN length(v #>> '{}') = 0 AND min_len > 0 THEN 'must not be empty'
        WHEN length(v #>> '{}') < min_len
            THEN 'must be at least ' || min_len || ' characters'
        WHEN length(v #>> '{}') > max_len
            THEN 'must be at most ' || max_len || ' characters'
        WHEN (v #>> '{}') ~ '[[:cntrl:]]'
            THEN 'must not hold control characters'
    END
$$;

CREATE FUNCTION template_list_problem(v jsonb, min_n int, max_n int)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN v IS NULL AND min_n = 0 THEN NULL
        WHEN v IS NULL THEN 'is required'
        WHEN jsonb_typeof(v) <> 'array' THEN 'must be an array'
        WHEN jsonb_array_length(v) < min_n
            THEN 'must hold at least ' || min_n || ' entries'
        WHEN jsonb_array_length(v) > max_n
            THEN 'must hold at most ' || max_n || ' entries'
    END
$$;

CREATE FUNCTION template_gate_problems(g jsonb, base text)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    i int;
BEGIN
    IF jsonb_typeof(g) <> 'object' THEN
        RETURN QUERY SELECT base, 'must be an object'::text;
        RETURN;
    END IF;
    IF NOT coalesce(g->>'kind', '') = ANY (ARRAY['quality', 'security',
            'compliance', 'launch', 'other']) THEN
        RETURN QUERY SELECT base || '.kind',
            'must be quality, security, compliance, launch or other'::text;
    END IF;
    RETURN QUERY SELECT base || '.description', p FROM
        template_text_problem(g->'description', 0, 2000) p WHERE p IS NOT NULL;
    RETURN QUERY SELECT base || '.criteria', p FROM
        template_list_problem(g->'criteria', 1, 100) p WHERE p IS NOT NULL;
    IF jsonb_typeof(g->'criteria') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(g->'criteria') - 1 LOOP
            RETURN QUERY SELECT base || '.criteria[' || i || ']', p FROM
                template_text_problem(g->'criteria'->i, 1, 500) p
                WHERE p IS NOT NULL;
        END LOOP;
    END IF;
END
$$;

CREATE FUNCTION template_document_problems(kind int, doc jsonb)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    ph jsonb; m jsonb; c jsonb; r jsonb;
    i int; j int; k int;
    at text;
    bad_days boolean;
BEGIN
    IF jsonb_typeof(doc) <> 'object' THEN
        RETURN QUERY SELECT 'document'::text, 'must be a JSON object'::text;
        RETURN;
    END IF;
    IF kind = 2 THEN
        RETURN QUERY SELECT * FROM template_gate_problems(doc, 'document');
        RETURN;
    END IF;
    RETURN QUERY SELECT 'document.phases'::text, p FROM
        template_list_problem(doc->'phases', 1, 50) p WHERE p IS NOT NULL;
    IF jsonb_typeof(doc->'phases') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(doc->'phases') - 1 LOOP
            ph := doc->'phases'->i;
            at := 'document.phases[' || i || ']';
            IF jsonb_typeof(ph) <> 'object' THEN
                RETURN QUERY SELECT at, 'must be an object'::text;
                CONTINUE;
            END IF;
            RETURN QUERY SELECT at || '.title', p FROM
                template_text_problem(ph->'title', 1, 200) p
                WHERE p IS NOT NULL;
            RETURN QUERY SELECT at || '.checklist', p FROM
                template_list_problem(ph->'checklist', 0, 200) p
                WHERE p IS NOT NULL;
            IF jsonb_typeof(ph->'checklist') = 'array' THEN
                FOR j IN 0 .. jsonb_array_length(ph->'checklist') - 1 LOOP
                    c := ph->'checklist'->j;
                    RETURN QUERY SELECT at || '.checklist[' || j || '].title', p
                        FROM template_text_problem(c->'title', 1, 200) p
                        WHERE p IS NOT NULL;
                    bad_days := c ? 'days' AND CASE
                        WHEN jsonb_typeof(c->'days') <> 'number' THEN true
                        ELSE (c->>'days')::numeric NOT BETWEEN 0 AND 1000
                        END;
                    IF bad_days THEN
                        RETURN QUERY SELECT
                            at || '.checklist[' || j || '].days',
                            'must be a number of working days, 0 to 1000'::text;
                    END IF;
                END LOOP;
            END IF;
            RETURN QUERY SELECT at || '.milestones', p FROM
                template_list_problem(ph->'milestones', 0, 50) p
                WHERE p IS NOT NULL;
            IF jsonb_typeof(ph->'milestones') = 'array' THEN
                FOR j IN 0 .. jsonb_array_length(ph->'milestones') - 1 LOOP
                    m := ph->'milestones'->j;
                    RETURN QUERY SELECT
                        at || '.milestones[' || j || '].title', p
                        FROM template_text_problem(m->'title', 1, 200) p
                        WHERE p IS NOT NULL;
                    RETURN QUERY SELECT
                        at || '.milestones[' || j || '].gates', p
                        FROM template_list_problem(m->'gates', 0, 20) p
                        WHERE p IS NOT NULL;
                    IF jsonb_typeof(m->'gates') = 'array' THEN
                        FOR k IN 0 .. jsonb_array_length(m->'gates') - 1 LOOP
                            RETURN QUERY SELECT * FROM template_gate_problems(
                                m->'gates'->k, at || '.milestones[' || j
                                || '].gates[' || k || ']');
                            RETURN QUERY SELECT at || '.milestones[' || j
                                || '].gates[' || k || '].name', p
                                FROM template_text_problem(
                                    m->'gates'->k->'name', 1, 200) p
                                WHERE p IS NOT NULL;
                        END LOOP;
                    END IF;
                END LOOP;
            END IF;
        END LOOP;
    END IF;
    RETURN QUERY SELECT 'document.risks'::text, p FROM
        template_list_problem(doc->'risks', 0, 100) p WHERE p IS NOT NULL;
    IF jsonb_typeof(doc->'risks') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(doc->'risks') - 1 LOOP
            r := doc->'risks'->i;
            at := 'document.risks[' || i || ']';
            RETURN QUERY SELECT at || '.title', p FROM
                template_text_problem(r->'title', 1, 200) p WHERE p IS NOT NULL;
            RETURN QUERY SELECT at || '.description', p FROM
                template_text_problem(r->'description', 0, 2000) p
                WHERE p IS NOT NULL;
            RETURN QUERY SELECT at || '.mitigation', p FROM
                template_text_problem(r->'mitigation', 0, 2000) p
                WHERE p IS NOT NULL;
            IF coalesce(r->>'probability', 'medium') <> ALL (ARRAY['low',
                    'medium', 'high']) THEN
                RETURN QUERY SELECT at || '.probability',
                    'must be low, medium or high'::text;
            END IF;
            IF coalesce(r->>'impact', 'medium') <> ALL (ARRAY['low', 'medium',
                    'high']) THEN
                RETURN QUERY SELECT at || '.impact',
                    'must be low, medium or high'::text;
            END IF;
        END LOOP;
    END IF;
END
$$;

-- kind: 1 retrospective, 2 post-mortem. Action items are kept with the
-- retro as [{"text": ..., "owner": ..., "due": "YYYY-MM-DD" or ""}].
CREATE TABLE retros (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title        text NOT NULL,
    held_on      date NOT NULL,
    kind         smallint NOT NULL CHECK (kind BETWEEN 1 AND 2),
    went_well    text NOT NULL DEFAULT '',
    went_badly   text NOT NULL DEFAULT '',
    root_causes  text[] NOT NULL DEFAULT '{}',
    action_items jsonb NOT NULL DEFAULT '[]',
    created_by   bigint REFERENCES users (id),
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retros_by_program ON retros (program_id, id);

-- Tags as one text for the search vector; array_to_string itself is only
-- stable, which a generated column does not accept.
CREATE FUNCTION lesson_tags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_string(tags, ' ')
$$;

-- The lessons library is shared by every program: a lesson keeps the key
-- of the program it came from even after that program is deleted.
-- search weighs the title most, then tags, then the body.
CREATE TABLE lessons (
    id          bigserial PRIMARY KEY,
    program_id  bigint REFERENCES programs (id) ON DELETE SET NULL,
    program_key text NOT NULL,
    retro_id    bigint REFERENCES retros (id) ON DELETE SET NULL,
    title       text NOT NULL,
    body        text NOT NULL DEFAULT '',
    tags        text[] NOT NULL DEFAULT '{}',
    created_by  bigint REFERENCES users (id),
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    search      tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('english', lesson_tags_text(tags)),
                              'B') ||
                    setweight(to_tsvector('english', body), 'C')) STORED
);
CREATE INDEX lessons_search ON lessons USING gin (search);
CREATE INDEX lessons_by_program ON lessons (program_id, id);
CREATE INDEX lessons_by_retro ON lessons (retro_id);

-- ------------------------------------------------------------- seed data
-- Gate templates programs reuse on their milestones.
INSERT INTO templates (kind, name, description, document, builtin) VALUES
(2, 'Security review', 'Security sign-off before anything ships', '{
  "kind": "security",
  "description": "Security sign-off before anything ships",
  "criteria": ["Threat model reviewed and up to date",
               "No open critical or high vulnerabilities",
               "Secrets stored in the vault, none in code or config",
               "Penetration test findings triaged"]}', true),
(2, 'Launch readiness', 'Go/no-go for a launch', '{
  "kind": "launch",
  "description": "Go/no-go for a launch",
  "criteria": ["Runbook and on-call rota in place",
               "Dashboards and alerts live",
               "Rollback tested",
               "Support and communications briefed"]}', true),
(2, 'Compliance controls', 'Controls evidenced for audit', '{
  "kind": "compliance",
  "description": "Controls evidenced for audit",
  "criteria": ["Control owners named",
               "Evidence for every in-scope control collected",
               "Exceptions approved by the risk owner"]}', true),
(2, 'Responsible AI review', 'Fairness, safety and transparency review', '{
  "kind": "compliance",
  "description": "Fairness, safety and transparency review",
  "criteria": ["Intended use and limits documented (model card)",
               "Bias and fairness evaluation across user groups",
               "Red-team and misuse testing done",
               "Human oversight and escalation path defined"]}', true);

-- The six kinds of technical program.
INSERT INTO templates (kind, name, program_kind, description, document,
                       builtin) VALUES
(1, 'Infrastructure', 1,
 'Capacity, SLOs and a rehearsed cut-over', '{
  "phases": [
   {"title": "Capacity planning",
    "checklist": [{"title": "Forecast demand for 18 months", "days": 5},
                  {"title": "Size compute, storage and network", "days": 5}],
    "milestones": [{"title": "Capacity plan approved",
      "gates": [{"name": "Capacity review", "kind": "quality",
                 "criteria": ["Headroom of 30% at forecast peak",
                              "Budget approved for the capacity"]}]}]},
   {"title": "Build and SLOs",
    "checklist": [{"title": "Provision the environment", "days": 15},
                  {"title": "Define SLOs and error budgets", "days": 3},
                  {"title": "Load test to the SLOs", "days": 5}],
    "milestones": [{"title": "SLOs met under load",
      "gates": [{"name": "SLO review", "kind": "quality",
                 "criteria": ["SLOs agreed with service owners",
                              "Load test meets every SLO"]}]}]},
   {"title": "Cut-over",
    "checklist": [{"title": "Write the cut-over runbook", "days": 3},
                  {"title": "Rehearse the cut-over", "days": 2}],
    "milestones": [{"title": "Cut-over complete",
      "gates": [{"name": "Cut-over rehearsal", "kind": "launch",
                 "criteria": ["Rehearsal completed within the window",
                              "Rollback rehearsed and timed"]}]}]}],
  "risks": [
   {"title": "Hardware delivery delay", "probability": "medium",
    "impact": "high", "mitigation": "Order early; keep cloud burst capacity"},
   {"title": "Cut-over exceeds the maintenance window",
    "probability": "medium", "impact": "high",
    "mitigation": "Rehearse twice; define the abort point"}]}', true),
(1, 'Software development', 2,
 'Design review through launch readiness', '{
  "phases": [
   {"title": "Design",
    "checklist": [{"title": "Write the design document", "days": 5},
                  {"title": "Review the API with consumers", "days": 2}],
    "milestones": [{"title": "Design approved",
      "gates": [{"name": "Design review", "kind": "quality",
                 "criteria": ["Design reviewed by two senior engineers",
                              "Non-functional requirements stated"]}]}]},
   {"title": "Build",
    "checklist": [{"title": "Implement", "days": 30},
                  {"title": "Automated tests in CI", "days": 5}],
    "milestones": [{"title": "Feature complete"}]},
   {"title": "Launch",
    "checklist": [{"title": "Beta with selected customers", "days": 10}],
    "milestones": [{"title": "Launch",
      "gates": [{"name": "Launch readiness", "kind": "launch",
                 "criteria": ["Runbook and on-call rota in place",
                              "Dashboards and alerts live",
                              "Rollback tested"]}]}]}],
  "risks": [
   {"title": "Scope creep", "probability": "high", "impact": "medium",
    "mitigation": "Change control through the program manager"},
   {"title": "Key engineer unavailable", "probability": "medium",
    "impact": "medium", "mitigation": "Pair on critical components"}]}', true),
(1, 'Security', 3,
 'Vulnerability remediation and compliance-control sign-off', '{
  "phases": [
   {"title": "Assessment",
    "checklist": [{"title": "Scan and inventory vulnerabilities", "days": 5},
                  {"title": "Triage by severity and exposure", "days": 3}],
    "milestones": [{"title": "Remediation plan agreed"}]},
   {"title": "Remediation",
    "checklist": [{"title": "Fix critical vulnerabilities", "days": 10},
                  {"title": "Fix high vulnerabilities", "days": 15},
                  {"title": "Verify fixes by rescanning", "days": 3}],
    "milestones": [{"title": "Vulnerabilities remediated",
      "gates": [{"name": "Vulnerability remediation", "kind": "security",
                 "criteria": ["No open critical vulnerabilities",
                              "High vulnerabilities fixed or risk-accepted",
                              "Rescan clean"]}]}]},
   {"title": "Compliance",
    "checklist": [{"title": "Collect control evidence", "days": 10}],
    "milestones": [{"title": "Controls signed off",
      "gates": [{"name": "Compliance-control sign-off",
                 "kind": "compliance",
                 "criteria": ["Control owners named",
                              "Evidence for every in-scope control",
                              "Exceptions approved by the risk owner"]}]}]}],
  "risks": [
   {"title": "Fixes break production", "probability": "medium",
    "impact": "high", "mitigation": "Stage rollouts; test rollback"},
   {"title": "Audit date moves earlier", "probability": "low",
    "impact": "high", "mitigation": "Collect evidence as work completes"}]}',
 true),
(1, 'AI/ML', 4,
 'Data governance, model evaluation and responsible-AI review', '{
  "phases": [
   {"title": "Data",
    "checklist": [{"title": "Source and license the data", "days": 10},
                  {"title": "Label and version the datasets", "days": 15}],
    "milestones": [{"title": "Data approved",
      "gates": [{"name": "Data governance", "kind": "compliance",
                 "criteria": ["Data lineage and consent documented",
                              "Personal data minimised and protected",
                              "Retention period set"]}]}]},
   {"title": "Modelling",
    "checklist": [{"title": "Train baseline and candidates", "days": 20},
                  {"title": "Evaluate on held-out data", "days": 5}],
    "milestones": [{"title": "Model selected",
      "gates": [{"name": "Model evaluation", "kind": "quality",
                 "criteria": ["Beats the baseline on the agreed metrics",
                              "Evaluated on data it never saw",
                              "Drift monitoring planned"]}]}]},
   {"title": "Release",
    "checklist": [{"title": "Shadow deployment", "days": 10}],
    "milestones": [{"title": "Model in production",
      "gates": [{"name": "Responsible-AI review", "kind": "compliance",
                 "criteria": ["Model card published",
                              "Bias and fairness evaluation across groups",
                              "Human oversight and escalation defined"]}]}]}],
  "risks": [
   {"title": "Training data not representative", "probability": "medium",
    "impact": "high", "mitigation": "Audit coverage by user group early"},
   {"title": "GPU capacity shortage", "probability": "medium",
    "impact": "medium", "mitigation": "Reserve capacity ahead"}]}', true),
(1, 'Hardware', 5,
 'EVT, DVT, PVT and mass production', '{
  "phases": [
   {"title": "EVT",
    "checklist": [{"title": "Build EVT units", "days": 20},
                  {"title": "Engineering validation tests", "days": 15}],
    "milestones": [{"title": "EVT exit",
      "gates": [{"name": "EVT exit review", "kind": "quality",
                 "criteria": ["Functional tests pass on all units",
                              "Critical design issues closed"]}]}]},
   {"title": "DVT",
    "checklist": [{"title": "Build DVT units", "days": 20},
                  {"title": "Reliability and environmental tests", "days": 25},
                  {"title": "Regulatory pre-scan", "days": 5}],
    "milestones": [{"title": "DVT exit",
      "gates": [{"name": "DVT exit review", "kind": "quality",
                 "criteria": ["Reliability targets met",
                              "Certification pre-scan passed"]},
                {"name": "Regulatory certification", "kind": "compliance",
                 "criteria": ["Safety and EMC certificates issued"]}]}]},
   {"title": "PVT",
    "checklist": [{"title": "Pilot run on the production line", "days": 15},
                  {"title": "Yield and process capability", "days": 10}],
    "milestones": [{"title": "PVT exit",
      "gates": [{"name": "PVT exit review", "kind": "quality",
                 "criteria": ["Yield at target", "Line process capable",
                              "Supplier PPAPs approved"]}]}]},
   {"title": "Mass production",
    "checklist": [{"title": "Ramp production", "days": 20}],
    "milestones": [{"title": "Mass production start",
      "gates": [{"name": "Launch readiness", "kind": "launch",
                 "criteria": ["Supply for the first quarter secured",
                              "Service and spares ready"]}]}]}],
  "risks": [
   {"title": "Long lead-time components delay builds",
    "description": "Chips and custom parts quoted at 20 to 40 weeks",
    "probability": "high", "impact": "high",
    "mitigation": "Place long-lead orders at EVT; qualify second sources"},
   {"title": "Single-source supplier", "probability": "medium",
    "impact": "high", "mitigation": "Qualify an alternative supplier"},
   {"title": "Certification failure forces a respin",
    "probability": "medium", "impact": "high",
    "mitigation": "Pre-scan at EVT and DVT"}]}', true),
(1, 'Enterprise systems', 6,
 'Data migration, cut-over and rollback', '{
  "phases": [
   {"title": "Preparation",
    "checklist": [{"title": "Map and cleanse the source data", "days": 15},
                  {"title": "Configure the new system", "days": 20}],
    "milestones": [{"title": "Build complete"}]},
   {"title": "Data migration",
    "checklist": [{"title": "Trial migration", "days": 5},
                  {"title": "Reconcile migrated data", "days": 5}],
    "milestones": [{"title": "Migration verified",
      "gates": [{"name": "Data migration", "kind": "quality",
                 "criteria": ["Record counts and totals reconcile",
                              "Business owners accept sampled records"]}]}]},
   {"title": "Cut-over",
    "checklist": [{"title": "Rehearse the cut-over", "days": 3},
                  {"title": "Train the users", "days": 5}],
    "milestones": [{"title": "Go-live",
      "gates": [{"name": "Cut-over and rollback", "kind": "launch",
                 "criteria": ["Cut-over rehearsed within the window",
                              "Rollback plan tested",
                              "Business sign-off for go-live"]}]}]}],
  "risks": [
   {"title": "Source data quality worse than expected",
    "probability": "high", "impact": "medium",
    "mitigation": "Profile the data in the first week"},
   {"title": "Users not ready at go-live", "probability": "medium",
    "impact": "medium", "mitigation": "Train early; super-users per team"}]}',
 true);

-- The seeds obey the same rules as documents given through the API.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM templates t,
               template_document_problems(t.kind, t.document)) THEN
        RAISE EXCEPTION 'a seeded template document is malformed';
    END IF;
END
$$;
