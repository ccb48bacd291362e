-- 0020_status_reports: weekly status reports of a program (status.proto),
-- the rules that suggest their RAG, and reviewers' comments.
--
-- RAG dimensions are arrays in the order overall, schedule, budget,
-- scope, risk, resources (rag values of program.proto's Rag). metrics is
-- NULL until the report is published, then holds StatusMetrics frozen,
-- by field name.

CREATE TABLE status_settings (
    program_id           bigint PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    schedule_red_days    integer NOT NULL DEFAULT 10 CHECK (schedule_red_days >= 0),
    schedule_amber_days  integer NOT NULL DEFAULT 0 CHECK (schedule_amber_days >= 0),
    risk_red_exposure    integer NOT NULL DEFAULT 15 CHECK (risk_red_exposure BETWEEN 0 AND 25),
    risk_amber_exposure  integer NOT NULL DEFAULT 10 CHECK (risk_amber_exposure BETWEEN 0 AND 25),
    budget_red_percent   integer NOT NULL DEFAULT 100 CHECK (budget_red_percent >= 0),
    budget_amber_percent integer NOT NULL DEFAULT 90 CHECK (budget_amber_percent >= 0),
    reviewer_id          bigint REFERENCES users (id),
    version              bigint NOT NULL DEFAULT 1
);

CREATE TABLE status_reports (
    id            bigserial PRIMARY KEY,
    program_id    bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    week          text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    state         smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 4),
    rags          smallint[] NOT NULL CHECK (cardinality(rags) = 6),
    suggested     smallint[] NOT NULL CHECK (cardinality(suggested) = 6),
    reasons       text[] NOT NULL CHECK (cardinality(reasons) = 6),
    summary       text NOT NULL DEFAULT '',
    accomplishments text[] NOT NULL DEFAULT '{}',
    next_steps    text[] NOT NULL DEFAULT '{}',
    decisions     text[] NOT NULL DEFAULT '{}',
    asks          text[] NOT NULL DEFAULT '{}',
    metrics       jsonb,
    created_by    bigint REFERENCES users (id),
    approved_by   bigint REFERENCES users (id),
    published_at  timestamptz,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, week)
);
-- The latest published report of each program, for the portfolio.
CREATE INDEX status_reports_published
    ON status_reports (program_id, week DESC) WHERE state = 4;

CREATE TABLE status_comments (
    id         bigserial PRIMARY KEY,
    report_id  bigint NOT NULL REFERENCES status_reports (id) ON DELETE CASCADE,
    section    text NOT NULL,
    author_id  bigint REFERENCES users (id),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_comments_by_report ON status_comments (report_id, id);
