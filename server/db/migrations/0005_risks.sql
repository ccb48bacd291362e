-- 0005_risks: a program's RAID log (risks and the history of their
-- scores, assumptions, issues, decisions), its action items and its
-- meetings.
--
-- Enum columns hold the values of risk.proto. Work items are linked by
-- their number in the program, which is never reused, so a link to an
-- item deleted since is simply not shown; risks and decisions linked from
-- an issue likewise. Everything here belongs to its program and goes with
-- it.

CREATE TABLE meetings (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    held_on      date NOT NULL,
    title        text NOT NULL,
    -- In the order given; every one a user.
    attendee_ids bigint[] NOT NULL DEFAULT '{}',
    notes        text NOT NULL DEFAULT '',
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_by_program ON meetings (program_id, id);

-- escalation: 0 the team, 1 the program, 2 the sponsor.
CREATE TABLE issues (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title        text NOT NULL,
    description  text NOT NULL DEFAULT '',
    severity     smallint NOT NULL DEFAULT 2 CHECK (severity BETWEEN 1 AND 4),
    owner_id     bigint REFERENCES users (id),
    due_date     date,
    escalation   smallint NOT NULL DEFAULT 0 CHECK (escalation BETWEEN 0 AND 2),
    status       smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 4),
    resolution   text NOT NULL DEFAULT '',
    item_numbers bigint[] NOT NULL DEFAULT '{}',
    risk_ids     bigint[] NOT NULL DEFAULT '{}',
    decision_ids bigint[] NOT NULL DEFAULT '{}',
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issues_by_program ON issues (program_id, id);

-- issue_id: the issue the risk became when it occurred.
CREATE TABLE risks (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title        text NOT NULL,
    description  text NOT NULL DEFAULT '',
    category     smallint NOT NULL DEFAULT 1 CHECK (category BETWEEN 1 AND 8),
    probability  smallint NOT NULL CHECK (probability BETWEEN 1 AND 5),
    impact       smallint NOT NULL CHECK (impact BETWEEN 1 AND 5),
    exposure     smallint GENERATED ALWAYS AS (probability * impact) STORED,
    owner_id     bigint REFERENCES users (id),
    mitigation   text NOT NULL DEFAULT '',
    contingency  text NOT NULL DEFAULT '',
    trigger_text text NOT NULL DEFAULT '',
    response     smallint NOT NULL DEFAULT 2 CHECK (response BETWEEN 1 AND 4),
    status       smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 4),
    review_date  date,
    item_numbers bigint[] NOT NULL DEFAULT '{}',
    issue_id     bigint REFERENCES issues (id) ON DELETE SET NULL,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risks_by_exposure ON risks (program_id, exposure DESC, id);
CREATE INDEX risks_by_issue ON risks (issue_id) WHERE issue_id IS NOT NULL;

-- Every score a risk has had; the first row (old values 0) is its
-- creation. Written by the same statement that changes the score.
CREATE TABLE risk_scores (
    id              bigserial PRIMARY KEY,
    risk_id         bigint NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    changed_by      bigint REFERENCES users (id),
    changed_at      timestamptz NOT NULL DEFAULT now(),
    old_probability smallint NOT NULL CHECK (old_probability BETWEEN 0 AND 5),
    old_impact      smallint NOT NULL CHECK (old_impact BETWEEN 0 AND 5),
    new_probability smallint NOT NULL CHECK (new_probability BETWEEN 1 AND 5),
    new_impact      smallint NOT NULL CHECK (new_impact BETWEEN 1 AND 5),
    note            text NOT NULL DEFAULT ''
);
CREATE INDEX risk_scores_by_risk ON risk_scores (risk_id, id);

CREATE TABLE assumptions (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    statement   text NOT NULL,
    owner_id    bigint REFERENCES users (id),
    validate_by date,
    status      smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
    note        text NOT NULL DEFAULT '',
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assumptions_by_program ON assumptions (program_id, id);

CREATE TABLE decisions (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    question     text NOT NULL,
    context      text NOT NULL DEFAULT '',
    options      text[] NOT NULL DEFAULT '{}',
    outcome      text NOT NULL DEFAULT '',
    decided_by   bigint REFERENCES users (id),
    decided_on   date,
    item_numbers bigint[] NOT NULL DEFAULT '{}',
    affects      text NOT NULL DEFAULT '',
    status       smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
    meeting_id   bigint REFERENCES meetings (id) ON DELETE SET NULL,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 2 OR outcome <> '')
);
CREATE INDEX decisions_by_program ON decisions (program_id, id);
CREATE INDEX decisions_by_meeting ON decisions (meeting_id)
    WHERE meeting_id IS NOT NULL;

-- source: 1 meeting, 2 retrospective, 3 risk, 4 issue, 5 other; source_id
-- names it (0 for other). Kept when the source is deleted: it says where
-- the action came from.
CREATE TABLE action_items (
    id         bigserial PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title      text NOT NULL,
    owner_id   bigint REFERENCES users (id),
    due_date   date,
    status     smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
    source     smallint NOT NULL DEFAULT 5 CHECK (source BETWEEN 1 AND 5),
    source_id  bigint NOT NULL DEFAULT 0 CHECK (source_id >= 0),
    notes      text NOT NULL DEFAULT '',
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_items_by_program ON action_items (program_id, id);
-- pmo actions --mine: a person's open actions across programs.
CREATE INDEX action_items_open_by_owner ON action_items (owner_id, id)
    WHERE status = 1;
CREATE INDEX action_items_by_source ON action_items (source, source_id);
