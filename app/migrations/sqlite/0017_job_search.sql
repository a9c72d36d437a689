-- Public job search, saved searches and alerts (issue 7).
--
-- The text index holds Italian-stemmed words computed in Rust (app/src/store/job_search.rs, Snowball
-- Italian after `normalise`), so SQLite and PostgreSQL index and query exactly the same stems. Only
-- published vacancies are indexed; the store adds and removes rows as vacancies move.

-- Published rows always carry their publication instant (the date order and alerts rely on it).
UPDATE vacancy SET published_at = COALESCE(updated_at, created_at)
    WHERE status = 'published' AND published_at IS NULL;
-- The date order of the public search: newest first, id as tie-break (the keyset).
CREATE INDEX vacancy_published_order ON vacancy (status, published_at DESC, id DESC);

-- rowid = vacancy id. `title` weighs twice `body` (occupation label, description, company name
-- unless the vacancy is anonymous) in bm25.
CREATE VIRTUAL TABLE vacancy_fts USING fts5(title, body, tokenize = 'unicode61');

-- A person's saved search: the query as the search page's parameters (JSON object), and its
-- daily alert. `seen_until`: the alert reported vacancies published up to this instant.
-- `last_run_at` moves through a conditional UPDATE, which is what makes a run once per day even
-- with two processes sweeping.
CREATE TABLE saved_search (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    params TEXT NOT NULL CHECK (json_valid(params)),
    alerts_on BOOLEAN NOT NULL DEFAULT TRUE,
    frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily')),
    last_run_at TEXT,
    seen_until TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX saved_search_person ON saved_search (person_id, id);
CREATE INDEX saved_search_due ON saved_search (alerts_on, last_run_at);
