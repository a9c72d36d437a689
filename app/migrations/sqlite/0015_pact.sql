-- Citizens (issue 7): the service pact (patto di servizio) as a shared plan, and the citizen's side
-- of applications. Conventions as in 0004-0012: instants are ISO-8601 UTC text written by the app,
-- dates `YYYY-MM-DD` text. Nothing here is ever deleted by the application: items change state and
-- every change appends a `pact_item_event` row (the history both sides see). State machine in
-- app/src/domain/pact.rs.

CREATE TABLE pact (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    -- The CPI that made it: the person's competent CPI when the first item was proposed.
    cpi_code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'proposed', 'signed', 'closed')),
    -- The last signature: when and its receipt's protocol number (`PG-2026-000123`).
    signed_at TEXT,
    protocol TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- One open pact per person.
CREATE UNIQUE INDEX pact_open_person ON pact (person_id) WHERE state <> 'closed';
CREATE INDEX pact_cpi ON pact (cpi_code, state);

CREATE TABLE pact_item (
    id INTEGER PRIMARY KEY,
    pact_id INTEGER NOT NULL REFERENCES pact (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('goal', 'action')),
    text TEXT NOT NULL,
    deadline TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('proposed', 'agreed', 'done', 'disputed')),
    created_by INTEGER REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX pact_item_pact ON pact_item (pact_id, state, deadline);

-- Append-only history of a pact: item moves (`item_id` set) and the pact's own events
-- (`item_id` NULL: signed).
CREATE TABLE pact_item_event (
    id INTEGER PRIMARY KEY,
    pact_id INTEGER NOT NULL REFERENCES pact (id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES pact_item (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user (id),
    -- `person` (the citizen or their intermediary) or `staff`.
    actor_side TEXT NOT NULL CHECK (actor_side IN ('person', 'staff')),
    from_state TEXT,
    to_state TEXT NOT NULL,
    -- The dispute's message, or the revised text.
    message TEXT,
    -- What shows an item was done.
    evidence TEXT
);
CREATE INDEX pact_item_event_pact ON pact_item_event (pact_id, id);

-- The applicant's note, the answer to a CPI proposal, and the KPI milestones.
ALTER TABLE application ADD COLUMN message TEXT;
ALTER TABLE application ADD COLUMN proposal_answer TEXT
    CHECK (proposal_answer IS NULL OR proposal_answer IN ('accepted', 'declined'));
ALTER TABLE application ADD COLUMN proposal_answered_at TEXT;
ALTER TABLE application ADD COLUMN shortlisted_at TEXT;
ALTER TABLE application ADD COLUMN sent_at TEXT;
