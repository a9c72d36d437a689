-- Businesses (issue 6): the vacancy wizard's drafts, the review and publication history of a
-- vacancy, and applications with their pipeline. Conventions as in 0004-0011.
--
-- The vacancy's life keeps the states of 0004 (draft, submitted, in_review, published, closed,
-- filled); why a vacancy was closed goes in `closed_reason` (withdrawn, rejected, expired), and a
-- vacancy sent back for changes is a `draft` again with its wizard draft reopened. State machine in
-- app/src/domain/vacancy.rs.

-- Everything the wizard asked, as answered (JSON object step -> field -> value), so the review page
-- and the company see exactly what was submitted; the columns of 0004 keep what search and
-- matching need.
ALTER TABLE vacancy ADD COLUMN form TEXT CHECK (form IS NULL OR json_valid(form));
-- The receipt's protocol number (same register as the counter's tickets: `PG-2026-000123`).
ALTER TABLE vacancy ADD COLUMN protocol TEXT;
-- The CPI that reviews it: the one of the company's seat at submission.
ALTER TABLE vacancy ADD COLUMN cpi_code TEXT;
ALTER TABLE vacancy ADD COLUMN shifts BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE vacancy ADD COLUMN nights BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE vacancy ADD COLUMN weekends BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE vacancy ADD COLUMN hours_per_week INTEGER;
ALTER TABLE vacancy ADD COLUMN ccnl TEXT;
-- Education and experience: must-have (TRUE) or nice-to-have.
ALTER TABLE vacancy ADD COLUMN eqf_required BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE vacancy ADD COLUMN experience_required BOOLEAN NOT NULL DEFAULT TRUE;
-- How candidates reach the company: CPI preselection, public posting, or both.
ALTER TABLE vacancy ADD COLUMN candidate_channel TEXT NOT NULL DEFAULT 'both'
    CHECK (candidate_channel IN ('preselection', 'public', 'both'));
ALTER TABLE vacancy ADD COLUMN contact_channel TEXT;
ALTER TABLE vacancy ADD COLUMN submitted_at TEXT;
ALTER TABLE vacancy ADD COLUMN closed_at TEXT;
ALTER TABLE vacancy ADD COLUMN closed_reason TEXT
    CHECK (closed_reason IS NULL OR closed_reason IN ('filled', 'withdrawn', 'rejected', 'expired'));
ALTER TABLE vacancy ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX vacancy_protocol ON vacancy (protocol);
CREATE INDEX vacancy_review ON vacancy (cpi_code, status, submitted_at);
CREATE INDEX vacancy_public ON vacancy (status, expires_on, published_at);

-- A vacancy being written. One per opening of the wizard: `idempotency_key` is minted when the form
-- opens, so a double submit finds the vacancy it already made. Any member of the company may go on
-- with it (on any device); `version` grows at every saved step and a save carrying an older version
-- is refused, so two members never silently overwrite each other. After "request changes" the
-- draft of the vacancy is reopened (`submitted_at` NULL again, `reopened_step` set).
CREATE TABLE vacancy_draft (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    created_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    updated_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
    completed_steps TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    vacancy_id INTEGER REFERENCES vacancy (id) ON DELETE SET NULL,
    reopened_step TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX vacancy_draft_company ON vacancy_draft (company_id, updated_at DESC);
CREATE UNIQUE INDEX vacancy_draft_vacancy ON vacancy_draft (vacancy_id);

-- What happened to a vacancy, and what the CPI and the company told each other on the way.
CREATE TABLE vacancy_event (
    id INTEGER PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user (id),
    kind TEXT NOT NULL CHECK (kind IN ('submitted', 'review_started', 'changes_requested',
        'resubmitted', 'approved', 'rejected', 'filled', 'withdrawn', 'expired')),
    -- The wizard step the operator asks to change (changes_requested).
    step TEXT,
    -- The message to the company or the reason.
    note TEXT
);
CREATE INDEX vacancy_event_vacancy ON vacancy_event (vacancy_id, id);

-- A candidate for a vacancy: someone who applied, or someone the CPI preselected. The company sees
-- a candidate's identity only once they applied or accepted being sent (DESIGN §3).
CREATE TABLE application (
    id INTEGER PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('applied', 'cpi')),
    status TEXT NOT NULL CHECK (status IN ('applied', 'shortlisted', 'sent_to_company',
        'interview', 'hired', 'not_selected', 'withdrawn')),
    -- Structured outcome (not_selected): a code of app/src/domain/application.rs.
    reason_code TEXT,
    -- Whether the company lets the candidate see the reason.
    reason_shared BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (vacancy_id, person_id)
);
CREATE INDEX application_vacancy ON application (vacancy_id, status);
CREATE INDEX application_person ON application (person_id);

CREATE TABLE application_event (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason_code TEXT
);
CREATE INDEX application_event_application ON application_event (application_id, id);
