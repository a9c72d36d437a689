-- Identity foundation (issue 4): users, their roles, server-side sessions and the append-only audit log.
--
-- Same conventions as 0004: instants are ISO-8601 UTC text `YYYY-MM-DDTHH:MM:SS.mmmZ` (they sort as they
-- read, so `<` on the text is `<` in time), written by the application from its clock so tests can drive
-- time; flags are BOOLEAN.

-- A login account. `person_id` links a citizen (or staff member) to the person row known by codice
-- fiscale; staff-only accounts may have none. At most one account per person.
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES person (id),
    display_name TEXT NOT NULL,
    disabled_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX app_user_person ON app_user (person_id);

-- Role grants, kept as history: revoking sets `revoked_at`, granting again adds a row. The scope column
-- a role needs is required, the others must be empty (operator → CPI, company roles → company,
-- intermediary → organisation). `organisation_id` has no foreign key yet: the accredited-organisation
-- table comes with mandates.
CREATE TABLE user_role (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('citizen', 'company_admin', 'company_recruiter', 'operator',
                                       'supervisor', 'intermediary', 'admin', 'auditor')),
    cpi_code TEXT REFERENCES cpi (code),
    company_id INTEGER REFERENCES company (id),
    organisation_id INTEGER,
    granted_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((role = 'operator') = (cpi_code IS NOT NULL)),
    CHECK ((role IN ('company_admin', 'company_recruiter')) = (company_id IS NOT NULL)),
    CHECK ((role = 'intermediary') = (organisation_id IS NOT NULL))
);
-- One active grant per (user, role, scope); also the lookup of a user's active roles.
CREATE UNIQUE INDEX user_role_active ON user_role
    (user_id, role, COALESCE(cpi_code, ''), COALESCE(company_id, 0), COALESCE(organisation_id, 0))
    WHERE revoked_at IS NULL;

-- Server-side sessions. The cookie carries a random token; only its SHA-256 (hex) is stored, so a copy
-- of this table (backup, replica, SQL injection elsewhere) does not let anyone log in.
CREATE TABLE session (
    id_hash TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    auth_level TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    idle_expires_at TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    ended_at TEXT,
    end_reason TEXT CHECK (end_reason IN ('logout', 'rotated', 'idle', 'absolute', 'disabled')),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX session_open_by_user ON session (user_id) WHERE ended_at IS NULL;
CREATE INDEX session_absolute_expiry ON session (absolute_expires_at);

-- The audit log: one row per change and per read of personal data by staff or intermediaries.
-- Append-only: the triggers below refuse UPDATE and DELETE, and the code has no path that tries.
-- No foreign keys on purpose: rows must outlive the users, people and mandates they mention (an
-- ON DELETE action would be an UPDATE or DELETE here, which the triggers refuse).
-- `subject_person_id` is the person whose data the event is about ("who accessed my data");
-- `acting_for_person_id` is the person an intermediary acted for under `mandate_id`.
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    acting_for_person_id INTEGER,
    mandate_id INTEGER,
    subject_person_id INTEGER,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'not_found', 'error')),
    request_id TEXT,
    detail TEXT CHECK (detail IS NULL OR json_valid(detail))
);
CREATE INDEX audit_event_subject ON audit_event (subject_person_id, at DESC, id DESC);
CREATE INDEX audit_event_actor ON audit_event (actor_user_id, at DESC, id DESC);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
