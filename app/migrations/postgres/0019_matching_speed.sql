-- Job matching speed (issue 7): candidate generation in the person's direction reads the
-- vacancies of the person's ISCO-3 groups through this index (the shared-skill half goes through
-- match_vacancy_skill_by_skill of 0016).
CREATE INDEX match_vacancy_group ON match_vacancy (isco3);

-- The side tables are not clustered here (SQLite keeps them WITHOUT ROWID): with the box,
-- availability and visibility in the key, the filters of candidate generation are checked in the
-- index and only the people they keep are fetched from the heap.
CREATE INDEX match_person_skill_box ON match_person_skill
    (skill_id, lat_min, lat_max, lon_min, lon_max, available_day, visibility, person_id);
CREATE INDEX match_person_occupation_box ON match_person_occupation
    (isco3, lat_min, lat_max, lon_min, lon_max, available_day, visibility, person_id);
