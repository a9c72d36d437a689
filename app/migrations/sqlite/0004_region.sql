-- People, companies and vacancies: the first cut of the domain tables (DESIGN §3) that the identity,
-- counter, business and citizen features build on.
--
-- Conventions shared with the PostgreSQL variant, so one set of queries (sqlx Any, `$n`) serves both:
-- dates are ISO `YYYY-MM-DD` text and instants ISO-8601 UTC text (they sort as they read); flags are
-- BOOLEAN. Reference codes (comune, occupation, skill, contract…) are plain text without foreign keys:
-- the reference tables are replaced wholesale on reload, and the domain layer validates codes on write.
-- `is_demo` marks rows made by the demo generator, which replaces only those.

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    codice_fiscale TEXT NOT NULL UNIQUE CHECK (length(codice_fiscale) = 16),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date TEXT NOT NULL CHECK (length(birth_date) = 10),
    birth_belfiore TEXT NOT NULL CHECK (length(birth_belfiore) = 4),
    residence_istat TEXT,
    email TEXT,
    phone TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX person_residence ON person (residence_istat);

-- The professional profile (SAP). lat/lon: where the person starts from (residence), for matching.
CREATE TABLE profile (
    person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    eqf_level INTEGER CHECK (eqf_level BETWEEN 1 AND 8),
    education_title TEXT,
    available_from TEXT,
    mobility_radius_km INTEGER NOT NULL DEFAULT 25 CHECK (mobility_radius_km BETWEEN 0 AND 500),
    has_vehicle BOOLEAN NOT NULL DEFAULT FALSE,
    visibility TEXT NOT NULL DEFAULT 'hidden' CHECK (visibility IN ('hidden', 'anonymous', 'full')),
    presentation TEXT,
    lat REAL,
    lon REAL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE profile_occupation (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    occupation_id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    PRIMARY KEY (person_id, occupation_id)
);
CREATE INDEX profile_occupation_by_occupation ON profile_occupation (occupation_id);

CREATE TABLE profile_experience (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    occupation_id TEXT NOT NULL,
    employer TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT
);
CREATE INDEX profile_experience_person ON profile_experience (person_id);

CREATE TABLE profile_skill (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL,
    PRIMARY KEY (person_id, skill_uri)
);
CREATE INDEX profile_skill_by_skill ON profile_skill (skill_uri);

-- Languages: ISO 639-1 code and CEFR level; the mother tongue has level 'NATIVE'.
CREATE TABLE profile_language (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (length(lang) = 2),
    level TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE')),
    PRIMARY KEY (person_id, lang)
);

CREATE TABLE profile_licence (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    licence_code TEXT NOT NULL,
    PRIMARY KEY (person_id, licence_code)
);

CREATE TABLE profile_contract (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    contract_code TEXT NOT NULL,
    PRIMARY KEY (person_id, contract_code)
);

CREATE TABLE company (
    id INTEGER PRIMARY KEY,
    partita_iva TEXT NOT NULL UNIQUE CHECK (length(partita_iva) = 11),
    codice_fiscale TEXT NOT NULL,
    name TEXT NOT NULL,
    ateco_code TEXT NOT NULL,
    seat_istat TEXT NOT NULL,
    size_band TEXT NOT NULL CHECK (size_band IN ('micro', 'small', 'medium', 'large')),
    email TEXT,
    phone TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX company_seat ON company (seat_istat);

CREATE TABLE vacancy (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'published', 'closed', 'filled')),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    occupation_id TEXT NOT NULL,
    isco_code TEXT NOT NULL,
    positions INTEGER NOT NULL CHECK (positions >= 1),
    work_istat TEXT,
    work_mode TEXT NOT NULL CHECK (work_mode IN ('onsite', 'hybrid', 'remote')),
    contract_code TEXT NOT NULL,
    working_time_code TEXT NOT NULL,
    salary_min INTEGER NOT NULL CHECK (salary_min > 0),
    salary_max INTEGER NOT NULL,
    salary_period TEXT NOT NULL CHECK (salary_period IN ('month', 'year')),
    start_date TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    eqf_min INTEGER CHECK (eqf_min BETWEEN 1 AND 8),
    experience_years INTEGER NOT NULL DEFAULT 0 CHECK (experience_years >= 0),
    reserved_l68 BOOLEAN NOT NULL DEFAULT FALSE,
    anonymous BOOLEAN NOT NULL DEFAULT FALSE,
    lat REAL,
    lon REAL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    published_at TEXT,
    CHECK (salary_max >= salary_min)
);
CREATE INDEX vacancy_company ON vacancy (company_id, status);
CREATE INDEX vacancy_status_occupation ON vacancy (status, occupation_id);
CREATE INDEX vacancy_work_istat ON vacancy (work_istat);

-- Requirements: `required` TRUE is must-have, FALSE nice-to-have.
CREATE TABLE vacancy_skill (
    vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL,
    required BOOLEAN NOT NULL,
    PRIMARY KEY (vacancy_id, skill_uri)
);
CREATE INDEX vacancy_skill_by_skill ON vacancy_skill (skill_uri);

CREATE TABLE vacancy_language (
    vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (length(lang) = 2),
    level TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE')),
    required BOOLEAN NOT NULL,
    PRIMARY KEY (vacancy_id, lang)
);

CREATE TABLE vacancy_licence (
    vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
    licence_code TEXT NOT NULL,
    required BOOLEAN NOT NULL,
    PRIMARY KEY (vacancy_id, licence_code)
);

-- What the demo generator last built (one row), so repeating the same command is instant.
CREATE TABLE demo_region (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seed INTEGER NOT NULL,
    people INTEGER NOT NULL,
    companies INTEGER NOT NULL,
    vacancies INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    generated_at TEXT NOT NULL
);
