-- The DID (dichiarazione di immediata disponibilità, issue 7), its history and the employment-status
-- certificates issued from it. Conventions as in 0004-0012: instants are ISO-8601 UTC text written by
-- the app, dates YYYY-MM-DD. State machine in app/src/domain/did.rs.

-- One declaration per person at a time: a closed DID stays as history and a new one may follow.
-- `answers` holds what the wizard asked (JSON object step -> field -> value); `completed_steps` the
-- codes of the steps saved valid; `version` grows at every change so a stale save is refused.
CREATE TABLE did (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'active', 'suspended', 'closed')),
    cpi_code TEXT REFERENCES cpi (code),
    residence_istat TEXT,
    domicile_istat TEXT,
    answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
    completed_steps TEXT NOT NULL DEFAULT '',
    protocol TEXT,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    activated_at TEXT,
    suspended_at TEXT,
    closed_at TEXT,
    reason TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX did_one_open_per_person ON did (person_id) WHERE state <> 'closed';
CREATE UNIQUE INDEX did_protocol ON did (protocol);
CREATE INDEX did_cpi_state ON did (cpi_code, state);

-- Append-only: every move of a DID, by whom and why.
CREATE TABLE did_event (
    id INTEGER PRIMARY KEY,
    did_id INTEGER NOT NULL REFERENCES did (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX did_event_did ON did_event (did_id, id);

-- A certificate of employment status as issued: the verification code printed on it (random,
-- unguessable) and the facts it stated, so the public check shows exactly what the paper says.
CREATE TABLE status_certificate (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 10 AND 32),
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    did_id INTEGER NOT NULL REFERENCES did (id) ON DELETE CASCADE,
    issued_at TEXT NOT NULL,
    snapshot TEXT NOT NULL CHECK (json_valid(snapshot))
);
CREATE INDEX status_certificate_person ON status_certificate (person_id, issued_at);
