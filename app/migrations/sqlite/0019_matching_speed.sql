-- Job matching speed (issue 7): candidate generation in the person's direction reads the
-- vacancies of the person's ISCO-3 groups through this index (the shared-skill half goes through
-- match_vacancy_skill_by_skill of 0016).
CREATE INDEX match_vacancy_group ON match_vacancy (isco3);
