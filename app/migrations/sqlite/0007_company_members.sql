-- Companies' members (issue 4): who claimed a company as its legal representative, and the
-- invitations an administrator sends to bring people in. Membership itself is a role grant
-- (`user_role`, company_admin / company_recruiter); these tables keep how it came about.
-- Conventions as in 0004–0006: instants are ISO-8601 UTC text written by the application's clock.

-- A claim "I am the legal representative of this company". `basis` says what it rests on:
-- `demo_trusted` (demo mode believes the claimant) or `registro_imprese` (a real deployment's check
-- of the business register, still to be done while the claim is `pending`). See docs/company-claims.md.
CREATE TABLE company_claim (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES company (id),
    claimant_user_id INTEGER NOT NULL REFERENCES app_user (id),
    basis TEXT NOT NULL CHECK (basis IN ('demo_trusted', 'registro_imprese')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX company_claim_company ON company_claim (company_id);
CREATE INDEX company_claim_claimant ON company_claim (claimant_user_id, created_at DESC);
-- One open claim per claimant and company.
CREATE UNIQUE INDEX company_claim_pending ON company_claim (company_id, claimant_user_id)
    WHERE state = 'pending';

-- An invitation to join a company, addressed to a codice fiscale (canonical form, as the
-- administrator gave it) and never to an account: creating one looks nobody up, so the company
-- learns nothing about whether that person uses the service. The invitee finds it after logging in
-- (their person's codice fiscale matches). Open while not accepted, not revoked and before expiry.
CREATE TABLE company_invitation (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES company (id),
    codice_fiscale TEXT NOT NULL CHECK (length(codice_fiscale) = 16),
    role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter')),
    invited_by_user_id INTEGER NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by_user_id INTEGER REFERENCES app_user (id),
    revoked_at TEXT,
    CHECK (created_at < expires_at),
    CHECK ((accepted_at IS NULL) = (accepted_by_user_id IS NULL))
);
CREATE INDEX company_invitation_invitee ON company_invitation (codice_fiscale);
CREATE INDEX company_invitation_company ON company_invitation (company_id, created_at DESC);
