-- 0002_program_model: programs, teams, projects, work items, dependencies,
-- calendars, members, stakeholders, comments.

CREATE TABLE programs (
    id               bigserial PRIMARY KEY,
    key              text NOT NULL UNIQUE CHECK (key ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name             text NOT NULL,
    description      text NOT NULL DEFAULT '',
    goals            jsonb NOT NULL DEFAULT '[]',
    scope_in         text[] NOT NULL DEFAULT '{}',
    scope_out        text[] NOT NULL DEFAULT '{}',
    deliverables     text[] NOT NULL DEFAULT '{}',
    sponsor          text NOT NULL DEFAULT '',
    target_start     date,
    target_finish    date,
    status           smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 5),
    rag              smallint NOT NULL DEFAULT 0 CHECK (rag BETWEEN 0 AND 3),
    -- Work item numbers are handed out from here and never reused.
    next_item_number bigint NOT NULL DEFAULT 1,
    -- The program's working calendar: ISO weekdays worked, and holidays.
    working_weekdays smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
    calendar_version bigint NOT NULL DEFAULT 1,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (target_start IS NULL OR target_finish IS NULL
           OR target_start <= target_finish)
);

CREATE TABLE program_holidays (
    program_id bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    day        date NOT NULL,
    name       text NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, day)
);

-- role: 1 viewer, 2 contributor, 3 manager, 4 owner (pmo.v1.ProgramRole).
CREATE TABLE program_members (
    program_id bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id),
    role       smallint NOT NULL CHECK (role BETWEEN 1 AND 4),
    PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_members_by_user ON program_members (user_id);

CREATE TABLE teams (
    id          bigserial PRIMARY KEY,
    key         text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,31}$'),
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id),
    lead    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

CREATE TABLE projects (
    id            bigserial PRIMARY KEY,
    program_id    bigint NOT NULL REFERENCES programs (id),
    key           text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{0,31}$'),
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    team_id       bigint REFERENCES teams (id),
    lead_id       bigint REFERENCES users (id),
    target_start  date,
    target_finish date,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, key),
    CHECK (target_start IS NULL OR target_finish IS NULL
           OR target_start <= target_finish)
);
CREATE INDEX projects_by_team ON projects (team_id);

-- kind: 1 summary, 2 task, 3 milestone, 4 deliverable.
-- state: 1 todo, 2 in progress, 3 blocked, 4 done.
CREATE TABLE work_items (
    id               bigserial PRIMARY KEY,
    program_id       bigint NOT NULL REFERENCES programs (id),
    project_id       bigint NOT NULL REFERENCES projects (id),
    number           bigint NOT NULL,
    parent_id        bigint REFERENCES work_items (id),
    kind             smallint NOT NULL DEFAULT 2 CHECK (kind BETWEEN 1 AND 4),
    title            text NOT NULL,
    description      text NOT NULL DEFAULT '',
    assignee_id      bigint REFERENCES users (id),
    optimistic_days  double precision NOT NULL DEFAULT 0,
    likely_days      double precision NOT NULL DEFAULT 0,
    pessimistic_days double precision NOT NULL DEFAULT 0,
    planned_start    date,
    planned_finish   date,
    actual_start     date,
    actual_finish    date,
    percent_complete smallint NOT NULL DEFAULT 0
                     CHECK (percent_complete BETWEEN 0 AND 100),
    state            smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 4),
    blocked_reason   text NOT NULL DEFAULT '',
    planned_cost     double precision NOT NULL DEFAULT 0,
    tags             text[] NOT NULL DEFAULT '{}',
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, number),
    CHECK (optimistic_days >= 0 AND optimistic_days <= likely_days
           AND likely_days <= pessimistic_days),
    CHECK (planned_start IS NULL OR planned_finish IS NULL
           OR planned_start <= planned_finish),
    CHECK (actual_start IS NULL OR actual_finish IS NULL
           OR actual_start <= actual_finish)
);
CREATE INDEX work_items_by_project ON work_items (project_id, number);
CREATE INDEX work_items_by_parent ON work_items (parent_id);
CREATE INDEX work_items_by_assignee ON work_items (assignee_id);

-- type: 1 finish-to-start, 2 start-to-start, 3 finish-to-finish,
-- 4 start-to-finish. Both ends belong to the same program.
CREATE TABLE dependencies (
    id             bigserial PRIMARY KEY,
    program_id     bigint NOT NULL REFERENCES programs (id),
    predecessor_id bigint NOT NULL REFERENCES work_items (id),
    successor_id   bigint NOT NULL REFERENCES work_items (id),
    type           smallint NOT NULL DEFAULT 1 CHECK (type BETWEEN 1 AND 4),
    lag_days       double precision NOT NULL DEFAULT 0,
    version        bigint NOT NULL DEFAULT 1,
    UNIQUE (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX dependencies_by_successor ON dependencies (successor_id);
CREATE INDEX dependencies_by_program ON dependencies (program_id);

-- kind, interest, influence: the enum values of stakeholder.proto.
CREATE TABLE stakeholders (
    id           bigserial PRIMARY KEY,
    program_id   bigint NOT NULL REFERENCES programs (id),
    name         text NOT NULL,
    title        text NOT NULL DEFAULT '',
    organisation text NOT NULL DEFAULT '',
    kind         smallint NOT NULL DEFAULT 1 CHECK (kind BETWEEN 1 AND 5),
    email        text NOT NULL DEFAULT '',
    phone        text NOT NULL DEFAULT '',
    interest     smallint NOT NULL DEFAULT 2 CHECK (interest BETWEEN 1 AND 3),
    influence    smallint NOT NULL DEFAULT 2 CHECK (influence BETWEEN 1 AND 3),
    user_id      bigint REFERENCES users (id),
    notes        text NOT NULL DEFAULT '',
    version      bigint NOT NULL DEFAULT 1
);
CREATE INDEX stakeholders_by_program ON stakeholders (program_id);

-- target: a project key or a work item ref of the same program.
CREATE TABLE stakeholder_raci (
    stakeholder_id bigint NOT NULL REFERENCES stakeholders (id)
                   ON DELETE CASCADE,
    target         text NOT NULL,
    role           smallint NOT NULL CHECK (role BETWEEN 1 AND 4),
    PRIMARY KEY (stakeholder_id, target)
);
CREATE INDEX stakeholder_raci_by_target ON stakeholder_raci (target);

CREATE TABLE comments (
    id         bigserial PRIMARY KEY,
    program_id bigint NOT NULL REFERENCES programs (id),
    entity     text NOT NULL,
    entity_key text NOT NULL,
    author_id  bigint NOT NULL REFERENCES users (id),
    body       text NOT NULL,
    mentions   text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_by_entity ON comments (program_id, entity, entity_key, id);

-- The activity feed of a program is its audit rows.
ALTER TABLE audit_log ADD COLUMN program_id bigint;
CREATE INDEX audit_log_by_program ON audit_log (program_id, id)
    WHERE program_id IS NOT NULL;
