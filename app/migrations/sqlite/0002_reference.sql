-- Reference tables loaded from data/reference/ by `server seed --reference` (and `--demo`).
-- Search keys are lower-case ASCII (see app/src/domain/search_text.rs), so BINARY order makes a prefix
-- a range: `key >= 'q' AND key < 'q~'` is answered from the primary key of the *_key tables.

-- Comuni (ISTAT). cpi_code is plain text, not a foreign key: comuni load before the CPI offices exist,
-- and only the reference region's comuni have one.
CREATE TABLE comune (
    istat_code TEXT PRIMARY KEY CHECK (length(istat_code) = 6),
    name TEXT NOT NULL,
    name_alt TEXT,
    name_search TEXT NOT NULL,
    province_code TEXT NOT NULL,
    region_name TEXT NOT NULL,
    belfiore TEXT NOT NULL,
    lat REAL,
    lon REAL,
    cpi_code TEXT
);
CREATE INDEX comune_name_search ON comune (name_search);
CREATE INDEX comune_cpi_code ON comune (cpi_code);

-- Every word suffix of the name (and of its "S." form): prefix search on the whole name or on any word.
CREATE TABLE comune_key (
    key TEXT NOT NULL,
    istat_code TEXT NOT NULL REFERENCES comune (istat_code) ON DELETE CASCADE,
    word_pos INTEGER NOT NULL,
    PRIMARY KEY (key, istat_code)
) WITHOUT ROWID;

CREATE TABLE occupation (
    id TEXT PRIMARY KEY,
    label_it TEXT NOT NULL,
    label_en TEXT NOT NULL,
    isco_code TEXT NOT NULL,
    esco_uri TEXT
);

-- Labels and synonyms, per language. stem_key: the stem of each word (Italian or English Snowball).
CREATE TABLE occupation_term (
    id INTEGER PRIMARY KEY,
    occupation_id TEXT NOT NULL REFERENCES occupation (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('it', 'en')),
    term TEXT NOT NULL,
    term_search TEXT NOT NULL,
    stem_key TEXT NOT NULL,
    UNIQUE (occupation_id, lang, term_search)
);
CREATE INDEX occupation_term_search ON occupation_term (lang, term_search);

-- Word suffixes of term_search and of stem_key.
CREATE TABLE occupation_key (
    lang TEXT NOT NULL,
    key TEXT NOT NULL,
    term_id INTEGER NOT NULL REFERENCES occupation_term (id) ON DELETE CASCADE,
    word_pos INTEGER NOT NULL,
    PRIMARY KEY (lang, key, term_id)
) WITHOUT ROWID;
