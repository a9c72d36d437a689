-- The profile (SAP) of issue 7: what the first cut lacked. profile.eqf_level stays the person's
-- highest EQF level (kept in step with profile_education by the app), because matching reads it.

-- Working time preference: the codes of vacancy.working_time_code; NULL = any.
ALTER TABLE profile ADD COLUMN working_time_pref TEXT;
ALTER TABLE profile ADD COLUMN max_hours_per_week INTEGER CHECK (max_hours_per_week BETWEEN 1 AND 60);
ALTER TABLE profile ADD COLUMN shifts_ok BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE profile ADD COLUMN nights_ok BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE profile ADD COLUMN weekends_ok BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE profile ADD COLUMN remote_ok BOOLEAN NOT NULL DEFAULT FALSE;

-- Education, several entries per person (diploma, degree, courses with an EQF level).
CREATE TABLE profile_education (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    eqf INTEGER NOT NULL CHECK (eqf BETWEEN 1 AND 8),
    title TEXT NOT NULL,
    year INTEGER CHECK (year BETWEEN 1940 AND 2100)
);
CREATE INDEX profile_education_person ON profile_education (person_id);

-- What the first cut held as one title becomes the first entry.
INSERT INTO profile_education (person_id, eqf, title, year)
SELECT person_id, eqf_level, education_title, NULL FROM profile
WHERE eqf_level IS NOT NULL AND education_title IS NOT NULL;
