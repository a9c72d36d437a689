//! The explainable score of one person for one vacancy (the same in both directions).
//!
//! Hard constraints (the pair is not a match at all, `None`): the vacancy has expired; the person is
//! not available by the vacancy's start (or today, if that is later); the workplace is farther than
//! the person's mobility radius, or either has no coordinates — unless the vacancy is remote; and,
//! only if `licence_required_hard` is set, a required driving licence is missing. Everything else
//! (skills, education, languages, licences) is graded: the score is the weighted mean of the
//! components in 0..=1, minus a penalty per must-have requirement the person lacks, so one missing
//! certificate does not hide an otherwise good match but shows as a reason.

use super::facts::{haversine_km, PersonFacts, VacancyFacts, WorkMode};
use super::reason::Reason;
use super::weights::MatchWeights;

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub score: f32,
    pub reasons: Vec<Reason>,
    /// `None` for a remote vacancy.
    pub distance_km: Option<f32>,
}

/// The score with its reasons; `None` when a hard constraint excludes the pair. `today` is a day
/// number ([`super::facts::day_number`]).
pub fn score(
    person: &PersonFacts,
    vacancy: &VacancyFacts,
    weights: &MatchWeights,
    today: i32,
) -> Option<Match> {
    evaluate(person, vacancy, weights, today, true)
}

/// The score alone (no reasons allocated): for ranking many pairs before explaining the best.
pub fn score_only(
    person: &PersonFacts,
    vacancy: &VacancyFacts,
    weights: &MatchWeights,
    today: i32,
) -> Option<(f32, Option<f32>)> {
    evaluate(person, vacancy, weights, today, false).map(|m| (m.score, m.distance_km))
}

/// The distance a match is judged on, or `None` when the pair is out of reach.
/// `Some(None)`: remote, no commute.
pub fn reach(person: &PersonFacts, vacancy: &VacancyFacts) -> Option<Option<f32>> {
    if vacancy.work_mode == WorkMode::Remote {
        return Some(None);
    }
    let (Some(plat), Some(plon), Some(vlat), Some(vlon)) =
        (person.lat, person.lon, vacancy.lat, vacancy.lon)
    else {
        return None;
    };
    let km = haversine_km(plat, plon, vlat, vlon) as f32;
    (km <= person.radius_km).then_some(Some(km))
}

/// The day the person can start is no later than the job's (a start date already past means the
/// job starts as soon as someone is found).
pub fn available_in_time(person: &PersonFacts, vacancy: &VacancyFacts, today: i32) -> bool {
    person.available_from.unwrap_or(today) <= vacancy.start_date.max(today)
}

/// Sorted-merge intersection size and, when asked, what of `need` is not in `have`.
fn coverage(need: &[u32], have: &[u32], missing: Option<&mut Vec<u32>>) -> u16 {
    let (mut i, mut j, mut n) = (0, 0, 0u16);
    let mut missing = missing;
    while i < need.len() {
        if j >= have.len() || need[i] < have[j] {
            if let Some(m) = missing.as_deref_mut() {
                m.push(need[i]);
            }
            i += 1;
        } else if need[i] > have[j] {
            j += 1;
        } else {
            n = n.saturating_add(1);
            i += 1;
            j += 1;
        }
    }
    n
}

fn ratio(have: u16, of: usize, nothing_asked: f32) -> f32 {
    if of == 0 {
        nothing_asked
    } else {
        f32::from(have) / of as f32
    }
}

fn decay(days: i32, half_life: f32) -> f32 {
    0.5_f32.powf(days.max(0) as f32 / half_life)
}

fn evaluate(
    person: &PersonFacts,
    vacancy: &VacancyFacts,
    w: &MatchWeights,
    today: i32,
    explain: bool,
) -> Option<Match> {
    if vacancy.expires_on < today || !available_in_time(person, vacancy, today) {
        return None;
    }
    let distance_km = reach(person, vacancy)?;
    let mut reasons = Vec::new();
    let mut penalties = 0u32;

    // Occupation along the ISCO hierarchy: the best of the person's occupations.
    let v_isco = vacancy.occupation.isco4;
    let mut level = None;
    // How many of the person's entries (wanted, past jobs) sit at the best level: one mention may
    // be a guess, two are evidence.
    let mut support = 0u8;
    for o in &person.occupations {
        let l = if o.occupation_id == vacancy.occupation.occupation_id {
            0
        } else if o.isco4 == v_isco {
            1
        } else if o.isco4 / 10 == v_isco / 10 {
            2
        } else if o.isco4 / 100 == v_isco / 100 {
            3
        } else {
            continue;
        };
        match level {
            Some(b) if b < l => {}
            Some(b) if b == l => support = support.saturating_add(1),
            _ => {
                level = Some(l);
                support = 1;
            }
        }
    }
    let corroborated = if support >= 2 {
        1.0
    } else {
        1.0 - w.occupation_corroboration
    };
    let occupation = level.map_or(0.0, |l| w.occupation_levels[l] * corroborated);
    if explain {
        match level {
            Some(0) => reasons.push(Reason::SameOccupation),
            Some(l) => reasons.push(Reason::OccupationGroup { level: 5 - l as u8 }),
            None => {}
        }
    }

    // Distance decays linearly to nothing at the edge of the radius.
    let distance = match distance_km {
        None => w.remote_distance_score,
        Some(km) => 1.0 - km / person.radius_km.max(1.0),
    };
    if explain {
        reasons.push(match distance_km {
            None => Reason::Remote,
            Some(km) => Reason::Distance {
                km,
                radius_km: person.radius_km,
            },
        });
    }

    // Skills: the share of the must-haves and of the nice-to-haves the person has. A vacancy that
    // lists none is neutral (one half), so listing requirements never makes a vacancy rank lower for
    // someone who has them.
    let mut missing = Vec::new();
    let must_have = coverage(
        &vacancy.must_skills,
        &person.skills,
        explain.then_some(&mut missing),
    );
    let nice_have = coverage(&vacancy.nice_skills, &person.skills, None);
    let must = ratio(must_have, vacancy.must_skills.len(), 0.5);
    let nice = ratio(nice_have, vacancy.nice_skills.len(), 0.5);
    if explain {
        if !vacancy.must_skills.is_empty() {
            reasons.push(Reason::Skills {
                have: must_have,
                of: vacancy.must_skills.len() as u16,
                missing,
            });
        }
        if nice_have > 0 {
            reasons.push(Reason::NiceSkills {
                have: nice_have,
                of: vacancy.nice_skills.len() as u16,
            });
        }
    }

    // Education.
    let education = match vacancy.eqf_min {
        None => 1.0,
        Some(need) if person.eqf.is_some_and(|h| h >= need) => 1.0,
        Some(need) => {
            if vacancy.eqf_required {
                penalties += 1;
            }
            if explain {
                reasons.push(Reason::Education {
                    need,
                    have: person.eqf,
                    required: vacancy.eqf_required,
                });
            }
            // One level short still counts for something.
            match person.eqf {
                Some(h) if h + 1 == need => 0.5,
                _ => 0.0,
            }
        }
    };

    // Languages: the share of those asked that the person has at the level asked.
    let mut lang_ok = 0u16;
    for l in &vacancy.languages {
        let have = person
            .languages
            .iter()
            .find(|p| p.lang == l.lang)
            .map(|p| p.level);
        if have.is_some_and(|h| h >= l.level) {
            lang_ok += 1;
        } else {
            if l.required {
                penalties += 1;
            }
            if explain {
                reasons.push(Reason::Language {
                    lang: l.lang.clone(),
                    need: l.level,
                    have,
                    required: l.required,
                });
            }
        }
    }
    let languages = ratio(lang_ok, vacancy.languages.len(), 1.0);

    // Driving licences.
    let mut lic_ok = 0u16;
    for l in &vacancy.licences {
        if person.licences.contains(&l.code) {
            lic_ok += 1;
        } else if l.required {
            if w.licence_required_hard {
                return None;
            }
            penalties += 1;
            if explain {
                reasons.push(Reason::LicenceMissing {
                    code: l.code.clone(),
                    have: person.licences.clone(),
                });
            }
        }
    }
    let licences = ratio(lic_ok, vacancy.licences.len(), 1.0);

    // Recency of both sides: in one direction one side is fixed, so this ranks fresh vacancies
    // for a person and recently updated profiles for a vacancy.
    let v_days = vacancy.published.map(|p| today - p);
    let p_days = person.updated.map(|p| today - p);
    let h = w.recency_half_life_days;
    let recency = (v_days.map_or(0.5, |d| decay(d, h)) + p_days.map_or(0.5, |d| decay(d, h))) / 2.0;
    if explain {
        if let Some(d) = v_days.filter(|d| (0..=7).contains(d)) {
            reasons.push(Reason::Recent { days: d as u32 });
        }
    }

    let total = w.total();
    let sum = w.occupation * occupation
        + w.must_skills * must
        + w.nice_skills * nice
        + w.distance * distance
        + w.education * education
        + w.languages * languages
        + w.licences * licences
        + w.recency * recency;
    let mean = if total > 0.0 { sum / total } else { 0.0 };
    let score = (mean - w.missing_requirement_penalty * penalties as f32).clamp(0.0, 1.0);
    Some(Match {
        score,
        reasons,
        distance_km,
    })
}

#[cfg(test)]
mod tests {
    use super::super::facts::{
        Cefr, LanguageFact, OccupationFact, VacancyLanguage, VacancyLicence,
    };
    use super::*;
    use proptest::prelude::*;

    const TODAY: i32 = 20_784;

    fn person() -> PersonFacts {
        PersonFacts {
            person_id: 1,
            occupations: vec![OccupationFact {
                occupation_id: "cuoco".into(),
                isco4: 5120,
            }],
            skills: vec![1, 2, 3, 4],
            eqf: Some(3),
            languages: vec![LanguageFact {
                lang: "en".into(),
                level: Cefr(3),
            }],
            licences: vec!["B".into()],
            lat: Some(45.46),
            lon: Some(9.19),
            radius_km: 30.0,
            available_from: None,
            updated: Some(TODAY - 3),
        }
    }

    fn vacancy() -> VacancyFacts {
        VacancyFacts {
            vacancy_id: 10,
            occupation: OccupationFact {
                occupation_id: "cuoco".into(),
                isco4: 5120,
            },
            must_skills: vec![1, 2, 3, 5, 6],
            nice_skills: vec![4, 7],
            eqf_min: Some(3),
            eqf_required: true,
            languages: vec![],
            licences: vec![],
            lat: Some(45.55),
            lon: Some(9.19),
            work_mode: WorkMode::Onsite,
            start_date: TODAY + 10,
            expires_on: TODAY + 30,
            published: Some(TODAY - 2),
        }
    }

    fn w() -> MatchWeights {
        MatchWeights::default()
    }

    #[test]
    fn explains_a_good_match() {
        let m = score(&person(), &vacancy(), &w(), TODAY).unwrap();
        assert_eq!(m.reasons[0], Reason::SameOccupation);
        assert!(
            matches!(m.reasons[1], Reason::Distance { km, radius_km } if (km - 10.0).abs() < 0.5 && radius_km == 30.0)
        );
        assert_eq!(
            m.reasons[2],
            Reason::Skills {
                have: 3,
                of: 5,
                missing: vec![5, 6]
            }
        );
        assert_eq!(m.reasons[3], Reason::NiceSkills { have: 1, of: 2 });
        assert!(m.score > 0.5 && m.score <= 1.0, "{}", m.score);
    }

    #[test]
    fn the_isco_hierarchy_orders_occupation_credit() {
        let mut scores = Vec::new();
        for (id, isco) in [
            ("cuoco", 5120),
            ("altro", 5120),
            ("altro", 5129),
            ("altro", 5131),
            ("altro", 9111),
        ] {
            let mut v = vacancy();
            v.occupation = OccupationFact {
                occupation_id: id.into(),
                isco4: isco,
            };
            scores.push(score(&person(), &v, &w(), TODAY).unwrap().score);
        }
        assert!(scores.windows(2).all(|p| p[0] > p[1]), "{scores:?}");
        let mut v = vacancy();
        v.occupation.isco4 = 5129;
        v.occupation.occupation_id = "altro".into();
        let m = score(&person(), &v, &w(), TODAY).unwrap();
        assert_eq!(m.reasons[0], Reason::OccupationGroup { level: 3 });
        v.occupation.isco4 = 5131;
        let m = score(&person(), &v, &w(), TODAY).unwrap();
        assert_eq!(m.reasons[0], Reason::OccupationGroup { level: 2 });
    }

    #[test]
    fn an_occupation_wanted_and_done_before_counts_more_than_one_mention() {
        let mut weights = w();
        weights.occupation_corroboration = 0.4;
        let once = score(&person(), &vacancy(), &weights, TODAY).unwrap().score;
        let mut twice = person();
        twice.occupations.push(twice.occupations[0].clone());
        let corroborated = score(&twice, &vacancy(), &weights, TODAY).unwrap().score;
        assert!(corroborated > once, "{corroborated} > {once}");
        // A second mention at a worse level does not corroborate the best one.
        let mut cousin = person();
        cousin.occupations.push(OccupationFact {
            occupation_id: "altro".into(),
            isco4: 5129,
        });
        let cousin = score(&cousin, &vacancy(), &weights, TODAY).unwrap().score;
        assert!((cousin - once).abs() < 1e-6, "{cousin} = {once}");
        // Off, one mention is enough.
        weights.occupation_corroboration = 0.0;
        let off_once = score(&person(), &vacancy(), &weights, TODAY).unwrap().score;
        let off_twice = score(&twice, &vacancy(), &weights, TODAY).unwrap().score;
        assert!((off_once - off_twice).abs() < 1e-6);
    }

    #[test]
    fn outside_the_radius_is_no_match_unless_remote() {
        let mut v = vacancy();
        v.lat = Some(46.0);
        assert!(score(&person(), &v, &w(), TODAY).is_none());
        v.work_mode = WorkMode::Remote;
        let m = score(&person(), &v, &w(), TODAY).unwrap();
        assert!(m.reasons.contains(&Reason::Remote));
        assert_eq!(m.distance_km, None);
    }

    #[test]
    fn not_available_by_the_start_is_no_match() {
        let mut p = person();
        p.available_from = Some(TODAY + 11);
        assert!(score(&p, &vacancy(), &w(), TODAY).is_none());
        p.available_from = Some(TODAY + 10);
        assert!(score(&p, &vacancy(), &w(), TODAY).is_some());
        let mut v = vacancy();
        v.start_date = TODAY - 100;
        p.available_from = Some(TODAY);
        assert!(score(&p, &v, &w(), TODAY).is_some());
    }

    #[test]
    fn expired_is_no_match() {
        let mut v = vacancy();
        v.expires_on = TODAY - 1;
        assert!(score(&person(), &v, &w(), TODAY).is_none());
    }

    #[test]
    fn a_missing_licence_is_a_reason_and_a_penalty_or_if_configured_excludes() {
        let mut v = vacancy();
        let base = score(&person(), &v, &w(), TODAY).unwrap().score;
        v.licences = vec![VacancyLicence {
            code: "C".into(),
            required: true,
        }];
        let m = score(&person(), &v, &w(), TODAY).unwrap();
        assert!(m.score < base);
        assert!(m.reasons.contains(&Reason::LicenceMissing {
            code: "C".into(),
            have: vec!["B".into()]
        }));
        let hard = MatchWeights {
            licence_required_hard: true,
            ..w()
        };
        assert!(score(&person(), &v, &hard, TODAY).is_none());
    }

    #[test]
    fn a_missing_language_shows_need_and_have() {
        let mut v = vacancy();
        v.languages = vec![VacancyLanguage {
            lang: "en".into(),
            level: Cefr(4),
            required: true,
        }];
        let m = score(&person(), &v, &w(), TODAY).unwrap();
        assert!(m.reasons.contains(&Reason::Language {
            lang: "en".into(),
            need: Cefr(4),
            have: Some(Cefr(3)),
            required: true
        }));
    }

    fn arb_skills() -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::btree_set(0u32..40, 0..20).prop_map(|s| s.into_iter().collect())
    }

    proptest! {
        #[test]
        fn more_skills_never_lower_the_score(
            have in arb_skills(), must in arb_skills(), nice in arb_skills(), extra in 0u32..40
        ) {
            let mut p = person();
            p.skills = have.clone();
            let mut v = vacancy();
            v.must_skills = must;
            v.nice_skills = nice;
            let before = score(&p, &v, &w(), TODAY).unwrap().score;
            let mut more = have;
            if let Err(i) = more.binary_search(&extra) {
                more.insert(i, extra);
            }
            p.skills = more;
            let after = score(&p, &v, &w(), TODAY).unwrap().score;
            prop_assert!(after >= before, "{} < {}", after, before);
            prop_assert_eq!(score_only(&p, &v, &w(), TODAY).map(|s| s.0), Some(after));
        }

        #[test]
        fn hard_constraints_hold(
            dlat in -1.0f64..1.0, dlon in -1.0f64..1.0, radius in 0.0f32..120.0,
            avail in -30i32..60, start in -30i32..60, remote in any::<bool>()
        ) {
            let mut p = person();
            p.radius_km = radius;
            p.available_from = Some(TODAY + avail);
            let mut v = vacancy();
            v.lat = Some(45.46 + dlat);
            v.lon = Some(9.19 + dlon);
            v.start_date = TODAY + start;
            v.work_mode = if remote { WorkMode::Remote } else { WorkMode::Onsite };
            let km = haversine_km(45.46, 9.19, 45.46 + dlat, 9.19 + dlon) as f32;
            let m = score(&p, &v, &w(), TODAY);
            if let Some(m) = m {
                prop_assert!(remote || km <= radius);
                prop_assert!(TODAY + avail <= (TODAY + start).max(TODAY));
                prop_assert!((0.0..=1.0).contains(&m.score));
            } else {
                prop_assert!((!remote && km > radius) || TODAY + avail > (TODAY + start).max(TODAY));
            }
        }
    }
}
