-- "My data" (issue 4): rectification requests and account closure. Retention rules: docs/RETENTION.md.

-- A citizen's request to correct data we hold, in their words, for an operator to handle.
CREATE TABLE rectification_request (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at TEXT NOT NULL,
    handled_at TEXT
);
CREATE INDEX rectification_request_person ON rectification_request (person_id);

-- When the person closed their account. Kept: the codice fiscale and name stay as long as records
-- under a legal duty (audit log, mandates) point at them; everything else went at closure.
ALTER TABLE person ADD COLUMN closed_at TEXT;
