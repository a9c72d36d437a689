-- The virtual counter (issue 5): guided requests in progress (drafts), the tickets they become,
-- each ticket's history and message thread. Conventions as in 0004-0008: instants are ISO-8601 UTC
-- text written by the application's clock; service and step codes are the domain's stable codes.

-- A guided request being filled in. One per opening of a service's form: `idempotency_key` is minted
-- when the form opens and becomes the ticket's, so a double submit or a retry finds the ticket it
-- already made. `answers` holds the completed steps' fields (JSON object step -> field -> value);
-- special-category answers (disability) never go here but into `draft_sensitive`.
-- `version` grows at every saved step: a save carrying an older version is refused (two devices).
CREATE TABLE service_draft (
    id INTEGER PRIMARY KEY,
    service TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    created_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    mandate_id INTEGER REFERENCES mandate (id),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
    completed_steps TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX service_draft_person ON service_draft (person_id, updated_at DESC);

-- Special-category data (GDPR art. 9) of a draft, apart from the rest.
CREATE TABLE draft_sensitive (
    draft_id INTEGER PRIMARY KEY REFERENCES service_draft (id) ON DELETE CASCADE,
    data TEXT NOT NULL CHECK (json_valid(data))
);

-- Protocol numbers: the last number given per CPI and year. Incremented inside the transaction that
-- inserts the ticket, so numbers have no gaps (a rolled-back ticket rolls its number back too) and no
-- duplicates (the row is written, so concurrent transactions queue on it).
CREATE TABLE ticket_sequence (
    cpi_code TEXT NOT NULL REFERENCES cpi (code),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (cpi_code, year)
);

-- A pratica at the virtual counter. State machine in app/src/domain/ticket.rs.
-- SLA clock: `sla_paused_ms` sums the time spent waiting for the requester (the clock stops then);
-- `waiting_since` is set while it waits.
CREATE TABLE ticket (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    cpi_code TEXT NOT NULL REFERENCES cpi (code),
    service TEXT NOT NULL,
    requester_person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    submitted_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    mandate_id INTEGER REFERENCES mandate (id),
    draft_id INTEGER REFERENCES service_draft (id) ON DELETE SET NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    answers TEXT NOT NULL CHECK (json_valid(answers)),
    state TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'waiting_for_requester', 'closed')),
    priority INTEGER NOT NULL DEFAULT 0,
    assigned_user_id INTEGER REFERENCES app_user (id),
    outcome TEXT CHECK (outcome IN ('resolved', 'referred', 'not_eligible', 'withdrawn', 'no_reply')),
    submitted_at TEXT NOT NULL,
    taken_at TEXT,
    closed_at TEXT,
    waiting_since TEXT,
    sla_paused_ms INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
    CHECK ((state = 'closed') = (outcome IS NOT NULL)),
    CHECK ((state = 'waiting_for_requester') = (waiting_since IS NOT NULL))
);
CREATE INDEX ticket_queue ON ticket (cpi_code, state, priority DESC, submitted_at);
CREATE INDEX ticket_requester ON ticket (requester_person_id, submitted_at DESC);
CREATE INDEX ticket_handled ON ticket (cpi_code, service, closed_at);

-- Special-category data of a ticket: read only by the CPI staff working collocamento mirato.
CREATE TABLE ticket_sensitive (
    ticket_id INTEGER PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE,
    data TEXT NOT NULL CHECK (json_valid(data))
);

-- What happened to a ticket, in order: submitted, taken, assigned, transferred, waiting, resumed, closed.
CREATE TABLE ticket_event (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user (id),
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    detail TEXT CHECK (detail IS NULL OR json_valid(detail))
);
CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id, id);

-- The thread of a ticket. `side` says who wrote: the requester's side (the citizen, or an
-- intermediary under `mandate_id`) or the CPI's staff. `asks_documents` marks an operator's request.
CREATE TABLE ticket_message (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    author_user_id INTEGER NOT NULL REFERENCES app_user (id),
    side TEXT NOT NULL CHECK (side IN ('requester', 'staff')),
    mandate_id INTEGER REFERENCES mandate (id),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    asks_documents BOOLEAN NOT NULL DEFAULT FALSE,
    at TEXT NOT NULL
);
CREATE INDEX ticket_message_ticket ON ticket_message (ticket_id, id);

-- How far each user has read each thread (unread counts).
CREATE TABLE ticket_read (
    ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    last_message_id INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);
