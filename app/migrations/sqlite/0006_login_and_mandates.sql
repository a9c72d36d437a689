-- Logging in and acting for others (issue 4): accredited organisations, mandates (deleghe), the
-- one-time OIDC login attempts, demo personas, and the mandate a session is currently acting under.
-- Conventions as in 0004/0005: instants are ISO-8601 UTC text written by the application's clock.

-- Accredited intermediary organisations: patronati, unions, trade associations, comune desks.
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('patronato', 'union', 'trade_association', 'comune_desk')),
    -- The organisation's own codice fiscale (11 digits for bodies), the key it is accredited under.
    fiscal_code TEXT NOT NULL UNIQUE,
    seat_istat TEXT,
    accredited_at TEXT NOT NULL
);

-- A citizen's mandate to an organisation for some service scopes. Never deleted: revoking stamps
-- `revoked_at`, and the audit rows of actions taken under it keep pointing at it.
-- `scopes` is a comma-separated list of scope codes (profile, did, appointments, messages, applications).
CREATE TABLE mandate (
    id INTEGER PRIMARY KEY,
    delegator_person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    scopes TEXT NOT NULL CHECK (length(scopes) > 0),
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK (valid_from < valid_to)
);
CREATE INDEX mandate_delegator ON mandate (delegator_person_id);
CREATE INDEX mandate_organisation ON mandate (organisation_id);

-- The client an intermediary's session is working for. Read again at every request together with the
-- mandate, so a revocation takes effect on the next request.
ALTER TABLE session ADD COLUMN acting_for_mandate_id INTEGER REFERENCES mandate (id) ON DELETE SET NULL;

-- A demo persona's key (only in demo mode); real accounts have none.
ALTER TABLE app_user ADD COLUMN persona TEXT;
CREATE UNIQUE INDEX app_user_persona ON app_user (persona);

-- An OpenID Connect login on its way through the provider. Keyed by the SHA-256 of `state`; used once
-- (`used_at`), short-lived, and bound to the browser that started it by the hash of a cookie value.
CREATE TABLE login_attempt (
    state_hash TEXT PRIMARY KEY CHECK (length(state_hash) = 64),
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    browser_hash TEXT NOT NULL CHECK (length(browser_hash) = 64),
    return_to TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX login_attempt_expiry ON login_attempt (expires_at);
