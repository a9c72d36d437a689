-- The public employment centres (CPI). Their code prefixes protocol numbers (e.g. PG-2026-000123).
CREATE TABLE cpi (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 4),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    comune TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
