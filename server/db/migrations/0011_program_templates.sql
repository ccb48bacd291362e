-- 0011_program_templates: program templates a TPM of each kind would
-- start from. Checklist tasks gain three-point estimates ("optimistic",
-- "pessimistic" around "days") and links to earlier tasks of their phase
-- ("after"); gates name the role that signs them ("approver"); risks
-- carry their category; a template lists the DCMA checks a plan fresh
-- from it is expected to fail, with the reason ("exempt_checks"). The six
-- seeded program templates get new documents as their next version.

-- A number of working days from lo to 1000, or the problem.
CREATE FUNCTION template_days_problem(v jsonb, lo numeric, what text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN v IS NULL THEN NULL
        WHEN jsonb_typeof(v) <> 'number'
             OR (v #>> '{}')::numeric NOT BETWEEN lo AND 1000
            THEN 'must be a number of working days, ' || what || ' to 1000'
    END
$$;

-- The problems of checklist task c at path at, given the titles of the
-- tasks before it in its phase (a JSON array of strings).
CREATE FUNCTION template_task_problems(c jsonb, earlier jsonb, at text)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    likely numeric;
    i int;
BEGIN
    IF jsonb_typeof(c) <> 'object' THEN
        RETURN QUERY SELECT at, 'must be an object'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT at || '.title', p
        FROM template_text_problem(c->'title', 1, 200) p WHERE p IS NOT NULL;
    IF c ? 'days' AND template_days_problem(c->'days', 0, '0') IS NOT NULL
    THEN
        RETURN QUERY SELECT at || '.days',
            'must be a number of working days, 0 to 1000'::text;
        RETURN;
    END IF;
    likely := coalesce((c->>'days')::numeric, 0);
    IF c ? 'optimistic' AND (jsonb_typeof(c->'optimistic') <> 'number'
            OR (c->>'optimistic')::numeric NOT BETWEEN 0 AND likely) THEN
        RETURN QUERY SELECT at || '.optimistic',
            ('must be a number of working days, 0 to days (' || likely
             || ')')::text;
    END IF;
    RETURN QUERY SELECT at || '.pessimistic', p FROM template_days_problem(
        c->'pessimistic', likely, 'days (' || likely || ')') p
        WHERE p IS NOT NULL;
    RETURN QUERY SELECT at || '.after', p
        FROM template_list_problem(c->'after', 0, 50) p WHERE p IS NOT NULL;
    IF jsonb_typeof(c->'after') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(c->'after') - 1 LOOP
            IF NOT earlier @> jsonb_build_array(c->'after'->i) THEN
                RETURN QUERY SELECT at || '.after[' || i || ']',
                    'must be the title of an earlier task of this phase'::text;
            END IF;
        END LOOP;
    END IF;
END
$$;

-- The problems of the fields a program template adds to a gate: its
-- approver role.
CREATE FUNCTION template_role_problem(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN v IS NULL THEN NULL
        WHEN jsonb_typeof(v) <> 'string'
             OR NOT (v #>> '{}') ~ '^[a-z][a-z0-9-]{1,39}$'
            THEN 'must be a role: a lowercase word of 2 to 40 letters,'
                 ' digits and dashes, such as security-lead'
    END
$$;

-- The DCMA checks by the slugs CheckSchedule reports.
CREATE FUNCTION template_check_slugs() RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['missing-logic', 'leads', 'lags', 'relationship-types',
                 'hard-constraints', 'high-float', 'negative-float',
                 'high-duration', 'invalid-dates', 'resources',
                 'missed-tasks', 'critical-path-test', 'cpli', 'bei']
$$;

CREATE FUNCTION template_phase_problems(ph jsonb, at text)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m jsonb;
    earlier jsonb := '[]';
    j int; k int;
    gat text;
BEGIN
    IF jsonb_typeof(ph) <> 'object' THEN
        RETURN QUERY SELECT at, 'must be an object'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT at || '.title', p FROM
        template_text_problem(ph->'title', 1, 200) p WHERE p IS NOT NULL;
    RETURN QUERY SELECT at || '.checklist', p FROM
        template_list_problem(ph->'checklist', 0, 200) p WHERE p IS NOT NULL;
    IF jsonb_typeof(ph->'checklist') = 'array' THEN
        FOR j IN 0 .. jsonb_array_length(ph->'checklist') - 1 LOOP
            RETURN QUERY SELECT * FROM template_task_problems(
                ph->'checklist'->j, earlier,
                at || '.checklist[' || j || ']');
            earlier := earlier || jsonb_build_array(
                ph->'checklist'->j->'title');
        END LOOP;
    END IF;
    RETURN QUERY SELECT at || '.milestones', p FROM
        template_list_problem(ph->'milestones', 0, 50) p WHERE p IS NOT NULL;
    IF jsonb_typeof(ph->'milestones') IS DISTINCT FROM 'array' THEN
        RETURN;
    END IF;
    FOR j IN 0 .. jsonb_array_length(ph->'milestones') - 1 LOOP
        m := ph->'milestones'->j;
        RETURN QUERY SELECT at || '.milestones[' || j || '].title', p
            FROM template_text_problem(m->'title', 1, 200) p
            WHERE p IS NOT NULL;
        RETURN QUERY SELECT at || '.milestones[' || j || '].gates', p
            FROM template_list_problem(m->'gates', 0, 20) p
            WHERE p IS NOT NULL;
        IF jsonb_typeof(m->'gates') IS DISTINCT FROM 'array' THEN
            CONTINUE;
        END IF;
        FOR k IN 0 .. jsonb_array_length(m->'gates') - 1 LOOP
            gat := at || '.milestones[' || j || '].gates[' || k || ']';
            RETURN QUERY SELECT * FROM template_gate_problems(
                m->'gates'->k, gat);
            RETURN QUERY SELECT gat || '.name', p FROM template_text_problem(
                m->'gates'->k->'name', 1, 200) p WHERE p IS NOT NULL;
            RETURN QUERY SELECT gat || '.approver', p
                FROM template_role_problem(m->'gates'->k->'approver') p
                WHERE p IS NOT NULL;
        END LOOP;
    END LOOP;
END
$$;

CREATE FUNCTION template_risk_problems(r jsonb, at text)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(r) <> 'object' THEN
        RETURN QUERY SELECT at, 'must be an object'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT at || '.title', p FROM
        template_text_problem(r->'title', 1, 200) p WHERE p IS NOT NULL;
    RETURN QUERY SELECT at || '.description', p FROM
        template_text_problem(r->'description', 0, 2000) p WHERE p IS NOT NULL;
    RETURN QUERY SELECT at || '.mitigation', p FROM
        template_text_problem(r->'mitigation', 0, 2000) p WHERE p IS NOT NULL;
    IF coalesce(r->>'probability', 'medium') <> ALL (ARRAY['low', 'medium',
            'high']) THEN
        RETURN QUERY SELECT at || '.probability',
            'must be low, medium or high'::text;
    END IF;
    IF coalesce(r->>'impact', 'medium') <> ALL (ARRAY['low', 'medium',
            'high']) THEN
        RETURN QUERY SELECT at || '.impact',
            'must be low, medium or high'::text;
    END IF;
    IF coalesce(r->>'category', 'technical') <> ALL (ARRAY['technical',
            'schedule', 'budget', 'resource', 'vendor', 'security',
            'compliance', 'other']) THEN
        RETURN QUERY SELECT at || '.category',
            'must be technical, schedule, budget, resource, vendor,'
            ' security, compliance or other'::text;
    END IF;
END
$$;

CREATE FUNCTION template_exemption_problems(e jsonb, at text)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(e) <> 'object' THEN
        RETURN QUERY SELECT at, 'must be an object'::text;
        RETURN;
    END IF;
    IF NOT coalesce(e->>'check', '') = ANY (template_check_slugs()) THEN
        RETURN QUERY SELECT at || '.check',
            ('must be a DCMA check: ' || array_to_string(
                template_check_slugs(), ', '))::text;
    END IF;
    RETURN QUERY SELECT at || '.reason', p FROM
        template_text_problem(e->'reason', 1, 500) p WHERE p IS NOT NULL;
END
$$;

-- As in 0006, with the fields above; the same signature, so every caller
-- (the server and the checks below) keeps calling it.
CREATE OR REPLACE FUNCTION template_document_problems(kind int, doc jsonb)
    RETURNS TABLE (path text, problem text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    i int;
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
            RETURN QUERY SELECT * FROM template_phase_problems(
                doc->'phases'->i, 'document.phases[' || i || ']');
        END LOOP;
    END IF;
    RETURN QUERY SELECT 'document.risks'::text, p FROM
        template_list_problem(doc->'risks', 0, 100) p WHERE p IS NOT NULL;
    IF jsonb_typeof(doc->'risks') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(doc->'risks') - 1 LOOP
            RETURN QUERY SELECT * FROM template_risk_problems(
                doc->'risks'->i, 'document.risks[' || i || ']');
        END LOOP;
    END IF;
    RETURN QUERY SELECT 'document.exempt_checks'::text, p FROM
        template_list_problem(doc->'exempt_checks', 0, 14) p
        WHERE p IS NOT NULL;
    IF jsonb_typeof(doc->'exempt_checks') = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(doc->'exempt_checks') - 1 LOOP
            RETURN QUERY SELECT * FROM template_exemption_problems(
                doc->'exempt_checks'->i,
                'document.exempt_checks[' || i || ']');
        END LOOP;
    END IF;
END
$$;

-- The new documents, each as the next version of the seeded template.
-- A seeded template an admin has changed since (its version is past 1)
-- keeps the admin's document.
UPDATE templates SET description = 'Capacity plan, build-out to SLOs, waved cut-over and decommissioning',
    document = '{
  "phases": [
    {
      "title": "Capacity planning",
      "checklist": [
        {"title": "Forecast demand for 18 months", "days": 5, "optimistic": 4, "pessimistic": 8},
        {"title": "Size compute, storage and network", "days": 5, "optimistic": 4, "pessimistic": 8, "after": ["Forecast demand for 18 months"]},
        {"title": "Define SLOs and error budgets", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Forecast demand for 18 months"]},
        {"title": "Secure the capacity budget", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Size compute, storage and network"]}],
      "milestones": [
        {
          "title": "Capacity plan approved",
          "gates": [
            {
              "name": "Capacity review",
              "kind": "quality",
              "approver": "infra-lead",
              "criteria": [
                "Headroom of 30% at forecast peak",
                "SLOs and error budgets agreed with service owners",
                "Budget approved for the capacity"]}]}]},
    {
      "title": "Procurement and build",
      "checklist": [
        {"title": "Order hardware and network circuits", "days": 20, "optimistic": 15, "pessimistic": 40},
        {"title": "Rack, cable and burn in", "days": 10, "optimistic": 8, "pessimistic": 15, "after": ["Order hardware and network circuits"]},
        {"title": "Provision the environment", "days": 10, "optimistic": 8, "pessimistic": 15, "after": ["Rack, cable and burn in"]},
        {"title": "Configure monitoring and alerting", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Provision the environment"]},
        {"title": "Harden hosts and review access", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Provision the environment"]},
        {"title": "Load test to the SLOs", "days": 8, "optimistic": 5, "pessimistic": 15, "after": ["Configure monitoring and alerting"]}],
      "milestones": [
        {
          "title": "SLOs met under load",
          "gates": [
            {
              "name": "SLO review",
              "kind": "quality",
              "approver": "sre-lead",
              "criteria": [
                "Load test meets every SLO at forecast peak",
                "Dashboards and alerts cover every SLO",
                "Hosts hardened to the baseline"]}]}]},
    {
      "title": "Cut-over",
      "checklist": [
        {"title": "Write the cut-over runbook", "days": 4, "optimistic": 3, "pessimistic": 6},
        {"title": "Rehearse the cut-over", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Write the cut-over runbook"]},
        {"title": "Migrate services in waves", "days": 15, "optimistic": 10, "pessimistic": 25, "after": ["Rehearse the cut-over"]}],
      "milestones": [
        {
          "title": "Cut-over complete",
          "gates": [
            {
              "name": "Cut-over readiness",
              "kind": "launch",
              "approver": "change-manager",
              "criteria": [
                "Rehearsal completed within the maintenance window",
                "Rollback rehearsed and timed",
                "Every wave verified by its service owner"]}]}]},
    {
      "title": "Decommissioning",
      "checklist": [
        {"title": "Decommission the old capacity", "days": 8, "optimistic": 5, "pessimistic": 12},
        {"title": "Hand over to operations", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Decommission the old capacity"]}],
      "milestones": [{"title": "Program closed"}]}],
  "risks": [
    {"title": "Hardware delivery delay", "category": "vendor", "probability": "medium", "impact": "high", "mitigation": "Order at the capacity sign-off; keep cloud burst capacity", "description": "Servers and circuits quoted at 8 to 16 weeks"},
    {"title": "Cut-over exceeds the maintenance window", "category": "schedule", "probability": "medium", "impact": "high", "mitigation": "Rehearse each wave; define the abort point"},
    {"title": "Capacity budget cut mid-year", "category": "budget", "probability": "low", "impact": "high", "mitigation": "Phase the order so the first tranche covers the SLOs"},
    {"title": "On-call staff stretched during the migration waves", "category": "resource", "probability": "medium", "impact": "medium", "mitigation": "Freeze other changes; add a second on-call"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 1 AND version = 1;

UPDATE templates SET description = 'Design review, build, security review and a staged launch',
    document = '{
  "phases": [
    {
      "title": "Discovery and design",
      "checklist": [
        {"title": "Gather requirements with stakeholders", "days": 5, "optimistic": 3, "pessimistic": 8},
        {"title": "Write the design document", "days": 5, "optimistic": 4, "pessimistic": 10, "after": ["Gather requirements with stakeholders"]},
        {"title": "Threat model the design", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Write the design document"]},
        {"title": "Review the API with consumers", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Write the design document"]}],
      "milestones": [
        {
          "title": "Design approved",
          "gates": [
            {
              "name": "Design review",
              "kind": "quality",
              "approver": "tech-lead",
              "criteria": [
                "Design reviewed by two senior engineers",
                "Non-functional requirements stated",
                "Threat model recorded"]}]}]},
    {
      "title": "Build",
      "checklist": [
        {"title": "Set up CI/CD and environments", "days": 5, "optimistic": 3, "pessimistic": 8},
        {"title": "Implement the core services", "days": 30, "optimistic": 20, "pessimistic": 45, "after": ["Set up CI/CD and environments"]},
        {"title": "Implement the user interface", "days": 20, "optimistic": 15, "pessimistic": 30, "after": ["Set up CI/CD and environments"]},
        {"title": "Write the user documentation", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Implement the user interface"]},
        {"title": "Integration tests in CI", "days": 5, "optimistic": 4, "pessimistic": 8, "after": ["Implement the core services", "Implement the user interface"]}],
      "milestones": [{"title": "Feature complete"}]},
    {
      "title": "Hardening",
      "checklist": [
        {"title": "Security testing and fixes", "days": 8, "optimistic": 5, "pessimistic": 15},
        {"title": "Performance testing and tuning", "days": 5, "optimistic": 3, "pessimistic": 10},
        {"title": "Beta with selected customers", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["Security testing and fixes", "Performance testing and tuning"]}],
      "milestones": [
        {
          "title": "Ready to launch",
          "gates": [
            {
              "name": "Security review",
              "kind": "security",
              "approver": "security-lead",
              "criteria": [
                "Threat model reviewed and up to date",
                "No open critical or high vulnerabilities",
                "Secrets stored in the vault, none in code or config",
                "Penetration test findings triaged"]},
            {
              "name": "Launch readiness",
              "kind": "launch",
              "approver": "release-manager",
              "criteria": [
                "Runbook and on-call rota in place",
                "Dashboards and alerts live",
                "Rollback tested",
                "Support and communications briefed"]}]}]},
    {
      "title": "Launch",
      "checklist": [
        {"title": "Staged rollout", "days": 5, "optimistic": 3, "pessimistic": 10},
        {"title": "Post-launch review", "days": 2, "optimistic": 1, "pessimistic": 3, "after": ["Staged rollout"]}],
      "milestones": [{"title": "Generally available"}]}],
  "risks": [
    {"title": "Scope creep", "category": "schedule", "probability": "high", "impact": "medium", "mitigation": "Change control through the program manager"},
    {"title": "Key engineer unavailable", "category": "resource", "probability": "medium", "impact": "medium", "mitigation": "Pair on critical components"},
    {"title": "Integration harder than estimated", "category": "technical", "probability": "medium", "impact": "high", "mitigation": "Integrate a thin slice end to end in the first weeks"},
    {"title": "Vulnerabilities found late, in hardening", "category": "security", "probability": "medium", "impact": "high", "mitigation": "Threat model at design; scan dependencies in CI"},
    {"title": "A third-party API changes or is rate-limited", "category": "vendor", "probability": "low", "impact": "medium", "mitigation": "Contract tests against the vendor sandbox"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 2 AND version = 1;

UPDATE templates SET description = 'Vulnerability remediation and compliance-control sign-off',
    document = '{
  "phases": [
    {
      "title": "Assessment",
      "checklist": [
        {"title": "Inventory assets and their owners", "days": 5, "optimistic": 4, "pessimistic": 10},
        {"title": "Scan and inventory vulnerabilities", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Inventory assets and their owners"]},
        {"title": "Triage by severity and exposure", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Scan and inventory vulnerabilities"]},
        {"title": "Agree remediation owners and deadlines", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Triage by severity and exposure"]}],
      "milestones": [
        {
          "title": "Remediation plan agreed",
          "gates": [
            {"name": "Remediation plan review", "kind": "security", "approver": "security-lead", "criteria": ["Every critical and high finding has an owner and a due date", "Remediation deadlines agreed with the service owners"]}]}]},
    {
      "title": "Remediation",
      "checklist": [
        {"title": "Fix critical vulnerabilities", "days": 10, "optimistic": 5, "pessimistic": 20},
        {"title": "Fix high vulnerabilities", "days": 15, "optimistic": 10, "pessimistic": 30, "after": ["Fix critical vulnerabilities"]},
        {"title": "Harden configurations to the baseline", "days": 10, "optimistic": 8, "pessimistic": 15},
        {"title": "Verify fixes by rescanning", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Fix high vulnerabilities", "Harden configurations to the baseline"]}],
      "milestones": [
        {
          "title": "Vulnerabilities remediated",
          "gates": [
            {
              "name": "Vulnerability remediation",
              "kind": "security",
              "approver": "security-lead",
              "criteria": [
                "No open critical vulnerabilities",
                "High vulnerabilities fixed or risk-accepted",
                "Rescan clean"]}]}]},
    {
      "title": "Compliance",
      "checklist": [
        {"title": "Map controls to the framework", "days": 5, "optimistic": 3, "pessimistic": 8},
        {"title": "Collect control evidence", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["Map controls to the framework"]},
        {"title": "Internal audit walkthrough", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Collect control evidence"]}],
      "milestones": [
        {
          "title": "Controls signed off",
          "gates": [
            {
              "name": "Compliance-control sign-off",
              "kind": "compliance",
              "approver": "compliance-officer",
              "criteria": [
                "Control owners named",
                "Evidence for every in-scope control",
                "Exceptions approved by the risk owner"]}]}]}],
  "risks": [
    {"title": "Fixes break production", "category": "technical", "probability": "medium", "impact": "high", "mitigation": "Stage rollouts; test rollback"},
    {"title": "Audit date moves earlier", "category": "compliance", "probability": "low", "impact": "high", "mitigation": "Collect evidence as work completes"},
    {"title": "Service owners lack time to patch", "category": "resource", "probability": "high", "impact": "medium", "mitigation": "Agree deadlines with their managers; escalate misses weekly"},
    {"title": "A third-party component has no fix", "category": "vendor", "probability": "medium", "impact": "medium", "mitigation": "Compensating controls; plan the replacement"},
    {"title": "A new critical vulnerability is disclosed mid-program", "category": "security", "probability": "medium", "impact": "high", "mitigation": "Keep a week of contingency in remediation"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 3 AND version = 1;

UPDATE templates SET description = 'Data governance, training, evaluation and a responsible-AI review',
    document = '{
  "phases": [
    {
      "title": "Problem and data",
      "checklist": [
        {"title": "Define the problem and success metrics", "days": 5, "optimistic": 3, "pessimistic": 8},
        {"title": "Source and license the data", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["Define the problem and success metrics"]},
        {"title": "Label and version the datasets", "days": 15, "optimistic": 10, "pessimistic": 30, "after": ["Source and license the data"]},
        {"title": "Data privacy review", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Source and license the data"]}],
      "milestones": [
        {
          "title": "Data approved",
          "gates": [
            {
              "name": "Data governance",
              "kind": "compliance",
              "approver": "data-steward",
              "criteria": [
                "Data lineage and consent documented",
                "Personal data minimised and protected",
                "Retention period set"]}]}]},
    {
      "title": "Modelling",
      "checklist": [
        {"title": "Build the training pipeline", "days": 8, "optimistic": 5, "pessimistic": 12},
        {"title": "Train the baseline model", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Build the training pipeline"]},
        {"title": "Train candidate models", "days": 15, "optimistic": 10, "pessimistic": 30, "after": ["Train the baseline model"]},
        {"title": "Evaluate on held-out data", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Train candidate models"]},
        {"title": "Error analysis across user groups", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Evaluate on held-out data"]}],
      "milestones": [
        {
          "title": "Model selected",
          "gates": [
            {
              "name": "Model evaluation",
              "kind": "quality",
              "approver": "ml-lead",
              "criteria": [
                "Beats the baseline on the agreed metrics",
                "Evaluated on data it never saw",
                "Drift monitoring planned"]}]}]},
    {
      "title": "Release",
      "checklist": [
        {"title": "Build serving and monitoring", "days": 10, "optimistic": 8, "pessimistic": 15},
        {"title": "Shadow deployment", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["Build serving and monitoring"]},
        {"title": "Red-team and misuse testing", "days": 8, "optimistic": 5, "pessimistic": 12},
        {"title": "Gradual rollout", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Shadow deployment", "Red-team and misuse testing"]}],
      "milestones": [
        {
          "title": "Model in production",
          "gates": [
            {
              "name": "Responsible-AI review",
              "kind": "compliance",
              "approver": "responsible-ai-lead",
              "criteria": [
                "Model card published",
                "Bias and fairness evaluation across groups",
                "Red-team findings addressed",
                "Human oversight and escalation defined"]}]}]}],
  "risks": [
    {"title": "Training data not representative", "category": "technical", "probability": "medium", "impact": "high", "mitigation": "Audit coverage by user group early"},
    {"title": "GPU capacity shortage", "category": "resource", "probability": "medium", "impact": "medium", "mitigation": "Reserve capacity ahead"},
    {"title": "Data licence terms restrict the intended use", "category": "compliance", "probability": "low", "impact": "high", "mitigation": "Legal review before sourcing"},
    {"title": "Model quality below the target", "category": "technical", "probability": "medium", "impact": "high", "mitigation": "Agree a fallback (rules or the baseline) at the design stage"},
    {"title": "Training and serving costs exceed the budget", "category": "budget", "probability": "medium", "impact": "medium", "mitigation": "Track cost per experiment; cap the search"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 4 AND version = 1;

UPDATE templates SET description = 'Design freeze, EVT, DVT and PVT to mass production',
    document = '{
  "phases": [
    {
      "title": "Concept and design",
      "checklist": [
        {"title": "Define requirements and architecture", "days": 15, "optimistic": 10, "pessimistic": 25},
        {"title": "Schematic and board layout", "days": 20, "optimistic": 15, "pessimistic": 35, "after": ["Define requirements and architecture"]},
        {"title": "Mechanical design", "days": 20, "optimistic": 15, "pessimistic": 35, "after": ["Define requirements and architecture"]},
        {"title": "Place long-lead component orders", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Define requirements and architecture"]},
        {"title": "Design review and freeze", "days": 5, "optimistic": 3, "pessimistic": 8, "after": ["Schematic and board layout", "Mechanical design"]}],
      "milestones": [
        {
          "title": "Design frozen",
          "gates": [
            {
              "name": "Design review",
              "kind": "quality",
              "approver": "hardware-lead",
              "criteria": [
                "Requirements traced to the design",
                "Long-lead parts ordered",
                "Design for manufacture reviewed with the factory"]}]}]},
    {
      "title": "EVT",
      "checklist": [
        {"title": "Build EVT units", "days": 20, "optimistic": 15, "pessimistic": 35},
        {"title": "EVT functional tests", "days": 15, "optimistic": 10, "pessimistic": 25, "after": ["Build EVT units"]},
        {"title": "EVT regulatory pre-scan", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Build EVT units"]},
        {"title": "Fix EVT design issues", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["EVT functional tests"]}],
      "milestones": [
        {
          "title": "EVT exit",
          "gates": [
            {"name": "EVT exit review", "kind": "quality", "approver": "hardware-lead", "criteria": ["Functional tests pass on all units", "Critical design issues closed"]}]}]},
    {
      "title": "DVT",
      "checklist": [
        {"title": "Build DVT units", "days": 20, "optimistic": 15, "pessimistic": 35},
        {"title": "Reliability and environmental tests", "days": 25, "optimistic": 20, "pessimistic": 40, "after": ["Build DVT units"]},
        {"title": "Safety and EMC certification", "days": 30, "optimistic": 20, "pessimistic": 50, "after": ["Build DVT units"]}],
      "milestones": [
        {
          "title": "DVT exit",
          "gates": [
            {"name": "DVT exit review", "kind": "quality", "approver": "hardware-lead", "criteria": ["Reliability targets met", "Design changes since EVT verified"]},
            {"name": "Regulatory certification", "kind": "compliance", "approver": "compliance-officer", "criteria": ["Safety and EMC certificates issued", "Labelling and declarations approved"]}]}]},
    {
      "title": "PVT",
      "checklist": [
        {"title": "Tool and qualify the production line", "days": 20, "optimistic": 15, "pessimistic": 30},
        {"title": "Pilot run on the production line", "days": 15, "optimistic": 10, "pessimistic": 25, "after": ["Tool and qualify the production line"]},
        {"title": "Yield and process capability", "days": 10, "optimistic": 8, "pessimistic": 15, "after": ["Pilot run on the production line"]}],
      "milestones": [
        {
          "title": "PVT exit",
          "gates": [
            {
              "name": "PVT exit review",
              "kind": "quality",
              "approver": "quality-lead",
              "criteria": ["Yield at target", "Line process capable", "Supplier PPAPs approved"]}]}]},
    {
      "title": "Mass production",
      "checklist": [
        {"title": "Ramp production", "days": 20, "optimistic": 15, "pessimistic": 30},
        {"title": "Stock service spares and channel inventory", "days": 10, "optimistic": 8, "pessimistic": 15}],
      "milestones": [
        {
          "title": "Mass production start",
          "gates": [
            {"name": "Launch readiness", "kind": "launch", "approver": "operations-lead", "criteria": ["Supply for the first quarter secured", "Service and spares ready"]}]}]}],
  "risks": [
    {"title": "Long lead-time components delay builds", "category": "vendor", "probability": "high", "impact": "high", "mitigation": "Place long-lead orders at design freeze; qualify second sources", "description": "Chips and custom parts quoted at 20 to 40 weeks"},
    {"title": "Single-source supplier", "category": "vendor", "probability": "medium", "impact": "high", "mitigation": "Qualify an alternative supplier"},
    {"title": "Certification failure forces a respin", "category": "compliance", "probability": "medium", "impact": "high", "mitigation": "Pre-scan at EVT; book the lab early"},
    {"title": "Yield below target at PVT", "category": "technical", "probability": "medium", "impact": "high", "mitigation": "Design for manufacture review at freeze; a yield plan with the factory"},
    {"title": "Tooling costs exceed the budget", "category": "budget", "probability": "low", "impact": "medium", "mitigation": "Fixed-price tooling quotes before PVT"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 5 AND version = 1;

UPDATE templates SET description = 'Build, rehearsed data migration, acceptance, cut-over and hypercare',
    document = '{
  "phases": [
    {
      "title": "Preparation",
      "checklist": [
        {"title": "Map business processes and data", "days": 10, "optimistic": 8, "pessimistic": 15},
        {"title": "Map and cleanse the source data", "days": 15, "optimistic": 10, "pessimistic": 25, "after": ["Map business processes and data"]},
        {"title": "Configure the new system", "days": 20, "optimistic": 15, "pessimistic": 35, "after": ["Map business processes and data"]},
        {"title": "Build interfaces to other systems", "days": 15, "optimistic": 10, "pessimistic": 25, "after": ["Map business processes and data"]}],
      "milestones": [
        {
          "title": "Build complete",
          "gates": [
            {"name": "Build review", "kind": "quality", "approver": "solution-architect", "criteria": ["Configuration matches the approved process maps", "Every interface tested end to end"]}]}]},
    {
      "title": "Data migration",
      "checklist": [
        {"title": "Trial migration", "days": 5, "optimistic": 3, "pessimistic": 10},
        {"title": "Reconcile migrated data", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Trial migration"]},
        {"title": "Fix data defects", "days": 5, "optimistic": 3, "pessimistic": 10, "after": ["Reconcile migrated data"]},
        {"title": "Final trial migration", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["Fix data defects"]}],
      "milestones": [
        {
          "title": "Migration verified",
          "gates": [
            {"name": "Data migration", "kind": "quality", "approver": "data-owner", "criteria": ["Record counts and totals reconcile", "Business owners accept sampled records"]}]}]},
    {
      "title": "Acceptance and training",
      "checklist": [
        {"title": "User acceptance testing", "days": 15, "optimistic": 10, "pessimistic": 25},
        {"title": "Train the users", "days": 8, "optimistic": 5, "pessimistic": 12},
        {"title": "Rehearse the cut-over", "days": 3, "optimistic": 2, "pessimistic": 5, "after": ["User acceptance testing"]}],
      "milestones": [
        {
          "title": "Ready for go-live",
          "gates": [
            {
              "name": "Cut-over and rollback",
              "kind": "launch",
              "approver": "business-owner",
              "criteria": [
                "Cut-over rehearsed within the window",
                "Rollback plan tested",
                "Business sign-off for go-live"]}]}]},
    {
      "title": "Go-live",
      "checklist": [
        {"title": "Cut over to the new system", "days": 3, "optimistic": 2, "pessimistic": 5},
        {"title": "Hypercare", "days": 10, "optimistic": 8, "pessimistic": 20, "after": ["Cut over to the new system"]}],
      "milestones": [{"title": "Hypercare closed"}]}],
  "risks": [
    {"title": "Source data quality worse than expected", "category": "technical", "probability": "high", "impact": "medium", "mitigation": "Profile the data in the first week"},
    {"title": "Users not ready at go-live", "category": "resource", "probability": "medium", "impact": "medium", "mitigation": "Train early; super-users per team"},
    {"title": "An integration partner slips", "category": "vendor", "probability": "medium", "impact": "high", "mitigation": "Stub the interface; agree dates in the contract"},
    {"title": "Cut-over overruns the downtime window", "category": "schedule", "probability": "medium", "impact": "high", "mitigation": "Rehearse twice; define the abort point"},
    {"title": "Records the law requires are lost in migration", "category": "compliance", "probability": "low", "impact": "high", "mitigation": "Reconcile regulated records one by one; keep the old system read-only"}],
  "exempt_checks": [
    {"check": "resources", "reason": "A template names no people: assign an owner to each task once the teams are staffed."}]}',
    version = version + 1, updated_at = now()
 WHERE kind = 1 AND builtin AND program_kind = 6 AND version = 1;

-- The seeds obey the rules as they now are. Admins' own documents are
-- not checked here: the new fields are all optional, so what passed
-- before still passes, and a start-up must not fail on them.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM templates t,
               template_document_problems(t.kind, t.document)
               WHERE t.builtin) THEN
        RAISE EXCEPTION 'a seeded template document is malformed';
    END IF;
END
$$;
