-- Documents attached to tickets (issue 5). The file itself lives outside the web root, in the upload
-- directory, under `storage_name`: a random name made by the server, never the uploader's. Its type
-- was read from its first bytes (not its name or the browser's word), its sha256 computed while it
-- streamed in. `display_name` is the uploader's file name, sanitised, for showing and for the
-- download's Content-Disposition only. `side` says who uploaded: the requester's side (the citizen,
-- or an intermediary under `mandate_id`) or the CPI's staff.
CREATE TABLE ticket_document (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    uploaded_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    side TEXT NOT NULL CHECK (side IN ('requester', 'staff')),
    mandate_id INTEGER REFERENCES mandate (id),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    storage_name TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL
);
CREATE INDEX ticket_document_ticket ON ticket_document (ticket_id, id);
