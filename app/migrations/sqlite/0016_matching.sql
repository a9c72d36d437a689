-- Job matching (issue 7): the narrow match tables, apart from the wide profile and vacancy rows,
-- holding only what candidate generation and the score read (app/src/store/matching.rs keeps them
-- in step; `rebuild_all` makes them again from scratch).
--
-- Dates are day numbers (days since 1970-01-01) so comparisons are integer; `available_day` 0
-- means available now. A person's lists are packed into one text each (skills: sorted interned ids
-- "3,17,52"; occupations "id:isco4;…"; languages "en:4,it:7"; licences "B,C"), so loading a
-- candidate is one row. Who can travel where is the bounding box of the mobility circle
-- (lat_min…lon_max), copied into the side tables so that candidate generation filters inside the
-- skill (or occupation group) range it scans, without visiting the people it rejects.

-- Skills interned as integers.
CREATE TABLE match_skill (
    id INTEGER PRIMARY KEY,
    uri TEXT NOT NULL UNIQUE
);

-- Visibility: 0 hidden, 1 anonymous, 2 full.
CREATE TABLE match_person (
    person_id INTEGER PRIMARY KEY,
    lat REAL,
    lon REAL,
    radius_km REAL NOT NULL,
    lat_min REAL,
    lat_max REAL,
    lon_min REAL,
    lon_max REAL,
    eqf INTEGER,
    available_day INTEGER NOT NULL,
    updated_day INTEGER,
    visibility INTEGER NOT NULL,
    occupations TEXT NOT NULL,
    skills TEXT NOT NULL,
    languages TEXT NOT NULL,
    licences TEXT NOT NULL
);

CREATE TABLE match_person_skill (
    skill_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    lat_min REAL,
    lat_max REAL,
    lon_min REAL,
    lon_max REAL,
    available_day INTEGER NOT NULL,
    visibility INTEGER NOT NULL,
    PRIMARY KEY (skill_id, person_id)
) WITHOUT ROWID;
CREATE INDEX match_person_skill_person ON match_person_skill (person_id);

-- ISCO-08 minor groups (3 digits, as a number) of the person's occupations.
CREATE TABLE match_person_occupation (
    isco3 INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    lat_min REAL,
    lat_max REAL,
    lon_min REAL,
    lon_max REAL,
    available_day INTEGER NOT NULL,
    visibility INTEGER NOT NULL,
    PRIMARY KEY (isco3, person_id)
) WITHOUT ROWID;
CREATE INDEX match_person_occupation_person ON match_person_occupation (person_id);

-- Published vacancies only. remote: 1 when the work mode is remote (no distance).
CREATE TABLE match_vacancy (
    vacancy_id INTEGER PRIMARY KEY,
    occupation_id TEXT NOT NULL,
    isco4 INTEGER NOT NULL,
    isco3 INTEGER NOT NULL,
    lat REAL,
    lon REAL,
    remote INTEGER NOT NULL,
    hybrid INTEGER NOT NULL,
    eqf_min INTEGER,
    eqf_required INTEGER NOT NULL,
    start_day INTEGER NOT NULL,
    expires_day INTEGER NOT NULL,
    published_day INTEGER,
    must_skills TEXT NOT NULL,
    nice_skills TEXT NOT NULL,
    languages TEXT NOT NULL,
    licences TEXT NOT NULL
);
CREATE INDEX match_vacancy_place ON match_vacancy (remote, lat, lon);

CREATE TABLE match_vacancy_skill (
    vacancy_id INTEGER NOT NULL,
    skill_id INTEGER NOT NULL,
    required INTEGER NOT NULL,
    PRIMARY KEY (vacancy_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX match_vacancy_skill_by_skill ON match_vacancy_skill (skill_id);
