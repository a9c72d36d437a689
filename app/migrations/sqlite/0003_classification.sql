-- Classification tables: ISCO-08 groups, ATECO 2025, Belfiore history (loaded from data/reference/ by
-- `server seed --reference`), ESCO skills and occupation-skill relations, ESCO occupation details and
-- ISTAT CP2021 (loaded by `server import esco|cp2021` from files an administrator downloads).
-- Codes are TEXT: leading zeros matter (ISCO "01", ATECO "01.1").

CREATE TABLE isco_group (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 4),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code TEXT,
    title_it TEXT,
    title_en TEXT NOT NULL
);
CREATE INDEX isco_group_parent ON isco_group (parent_code);

CREATE TABLE ateco (
    code TEXT PRIMARY KEY,
    parent_code TEXT,
    level TEXT NOT NULL,
    depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 6),
    title_it TEXT NOT NULL,
    title_en TEXT
);
CREATE INDEX ateco_parent ON ateco (parent_code);

-- Historic Belfiore (cadastral) codes: a code can be reused or renamed, so the key is (code, valid_from,
-- name). Dates are ISO text; valid_to NULL = still valid. Foreign states have is_foreign = 1, province 'EE'.
CREATE TABLE belfiore_historic (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    province_or_country TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    is_foreign INTEGER NOT NULL CHECK (is_foreign IN (0, 1)),
    name_en TEXT,
    PRIMARY KEY (code, valid_from, name)
);

-- ESCO skills. source 'package': from data/reference/esco_skills.csv, whose text has no separable
-- preferred label, so label_en holds every English label run together (preferred first) and description
-- the rest. source 'esco': from the official ESCO download (`server import esco`), which the reference
-- load never overwrites. alt_labels_*: newline-separated.
CREATE TABLE skill (
    uri TEXT PRIMARY KEY,
    label_en TEXT NOT NULL,
    label_it TEXT,
    alt_labels_en TEXT,
    alt_labels_it TEXT,
    description TEXT,
    skill_type TEXT,
    source TEXT NOT NULL CHECK (source IN ('package', 'esco'))
);

-- ESCO occupations as imported (labels per language, synonyms newline-separated). The searchable
-- occupation is the row of `occupation` with the same esco_uri (a hand-authored one when it exists).
CREATE TABLE esco_occupation (
    uri TEXT PRIMARY KEY,
    isco_code TEXT,
    label_en TEXT,
    label_it TEXT,
    alt_labels_en TEXT,
    alt_labels_it TEXT,
    description_en TEXT,
    description_it TEXT
);

-- ESCO occupation → skill, by URI (independent of our occupation ids).
CREATE TABLE occupation_skill (
    occupation_uri TEXT NOT NULL,
    skill_uri TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('essential', 'optional')),
    PRIMARY KEY (occupation_uri, skill_uri)
) WITHOUT ROWID;
CREATE INDEX occupation_skill_skill ON occupation_skill (skill_uri);

-- ISTAT Classificazione delle professioni 2021: 5 levels, codes "1" … "1.1.1.1.0".
CREATE TABLE cp2021 (
    code TEXT PRIMARY KEY,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT,
    title_it TEXT NOT NULL
);
CREATE INDEX cp2021_parent ON cp2021 (parent_code);

-- Population of the GeoNames place chosen as the comune's point (its main locality, so it under-counts
-- comuni with hamlets; not the ISTAT resident population). NULL when the comune has no point of its own.
ALTER TABLE comune ADD COLUMN population INTEGER;

-- Link to CP2021 for occupations; no machine-readable ESCO/ISCO → CP2021 mapping is loaded yet, so it is
-- filled by hand (or a future mapping import). Plain text: cp2021 may be imported after the occupations.
ALTER TABLE occupation ADD COLUMN cp2021_code TEXT;
CREATE INDEX occupation_esco_uri ON occupation (esco_uri);

-- Where a search term comes from: 'curated' (occupations_it.csv) or 'esco' (the ESCO import), so an
-- import can replace its own terms without touching the curated ones.
ALTER TABLE occupation_term ADD COLUMN source TEXT NOT NULL DEFAULT 'curated'
    CHECK (source IN ('curated', 'esco'));
CREATE INDEX occupation_term_source ON occupation_term (source);

-- Deleting terms (a reload, an ESCO re-import) checks occupation_key per term: index the reference.
CREATE INDEX occupation_key_term ON occupation_key (term_id);
