//! Demo people: who they are (a codice fiscale consistent with name, birth date, sex and birth place)
//! and their professional profile.

use super::catalog::{min_eqf_for_major, Catalog};
use super::dates::Day;
use super::names::{ForeignNames, FEMALE_IT, FOREIGN, MALE_IT, SURNAMES_IT};
use super::rng::{Rng, Weighted};
use super::truth::{noisy_experience, noisy_profile, truth, Profiles};
use app::domain::codice_fiscale::{Belfiore, CodiceFiscale, Sex};
use app::store::region::{ExperienceRecord, PersonRecord};
use std::collections::HashSet;

/// Age bands of people registered at a CPI (share of each band).
const AGE_BANDS: &[((i64, i64), f64)] = &[
    ((18, 24), 14.0),
    ((25, 34), 24.0),
    ((35, 44), 22.0),
    ((45, 54), 22.0),
    ((55, 66), 18.0),
];
const FOREIGN_BORN: f64 = 0.12;
const BORN_OUTSIDE_REGION: f64 = 0.2;

const EDUCATION_TITLES: [&str; 8] = [
    "Licenza media",
    "Certificazione delle competenze di base",
    "Qualifica professionale",
    "Diploma di scuola secondaria superiore",
    "Diploma di tecnico superiore (ITS Academy)",
    "Laurea triennale",
    "Laurea magistrale",
    "Dottorato di ricerca",
];

/// Sets each person's codice fiscale apart: a clash gets the next omocodia level, as the Agenzia
/// delle Entrate does.
#[derive(Default)]
pub struct CodeRegistry {
    taken: HashSet<String>,
}

impl CodeRegistry {
    pub fn with_taken(codes: Vec<String>) -> CodeRegistry {
        CodeRegistry {
            taken: codes.into_iter().collect(),
        }
    }

    pub fn assign(&mut self, base: CodiceFiscale) -> Option<CodiceFiscale> {
        (0..=7)
            .filter_map(|level| base.with_omocodia_level(level))
            .find(|code| self.taken.insert(code.as_str().to_string()))
    }
}

fn weighted<T: Copy>(rng: &mut Rng, pairs: &[(T, f64)]) -> T {
    Weighted::new(pairs.iter().copied())
        .map(|w| *w.draw(rng))
        .unwrap_or(pairs[0].0)
}

fn eqf_for_age(rng: &mut Rng, age: i64) -> i64 {
    if age >= 50 {
        weighted(
            rng,
            &[
                (1, 30.0),
                (3, 15.0),
                (4, 35.0),
                (6, 8.0),
                (7, 11.0),
                (8, 1.0),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (1, 12.0),
                (2, 5.0),
                (3, 14.0),
                (4, 40.0),
                (5, 3.0),
                (6, 12.0),
                (7, 13.0),
                (8, 1.0),
            ],
        )
    }
}

fn cefr(rng: &mut Rng, eqf: i64) -> &'static str {
    if eqf >= 6 {
        weighted(
            rng,
            &[("B1", 30.0), ("B2", 40.0), ("C1", 25.0), ("C2", 5.0)],
        )
    } else {
        weighted(
            rng,
            &[("A1", 20.0), ("A2", 40.0), ("B1", 30.0), ("B2", 10.0)],
        )
    }
}

/// The occupations a person declares and their skills (indices into the catalog), drawn from what
/// they declare: the default demo profile, the declaration taken at face value.
fn declared_profile(catalog: &Catalog, rng: &mut Rng, eqf: i64) -> (Vec<usize>, Vec<usize>) {
    // Desired occupations: by local demand, among those the education level makes plausible.
    let mut occupations: Vec<usize> = Vec::new();
    let wanted = rng.range(1, 3) as usize;
    for _ in 0..wanted * 6 {
        if occupations.len() >= wanted {
            break;
        }
        let o = *catalog.demand.draw(rng);
        if min_eqf_for_major(catalog.occupations[o].major()) <= eqf && !occupations.contains(&o) {
            occupations.push(o);
        }
    }
    if occupations.is_empty() {
        occupations.push(*catalog.demand.draw(rng));
    }

    let mut skills: Vec<usize> = Vec::new();
    for &o in &occupations {
        let pool = &catalog.skill_pool[o];
        let take = rng.range(2, 5) as usize;
        for i in rng.distinct(pool.len().min(12), take) {
            if !skills.contains(&pool[i]) {
                skills.push(pool[i]);
            }
        }
    }
    (occupations, skills)
}

/// One demo person (`index` from 0), with id `id`; `None` only if 8 omocodia levels all clash.
pub fn person(
    catalog: &Catalog,
    seed: u64,
    index: u64,
    id: i64,
    next_experience_id: &mut i64,
    as_of: Day,
    codes: &mut CodeRegistry,
) -> Option<PersonRecord> {
    person_with(
        catalog,
        seed,
        index,
        id,
        next_experience_id,
        as_of,
        codes,
        Profiles::AsDeclared,
    )
}

/// [`person`] with the choice of how the professional profile is made.
#[allow(clippy::too_many_arguments)]
pub fn person_with(
    catalog: &Catalog,
    seed: u64,
    index: u64,
    id: i64,
    next_experience_id: &mut i64,
    as_of: Day,
    codes: &mut CodeRegistry,
    profiles: Profiles,
) -> Option<PersonRecord> {
    let mut rng = Rng::stream(seed, "person", index);
    let female = rng.chance(0.5);
    let sex = if female { Sex::Female } else { Sex::Male };
    let (lo, hi) = weighted(&mut rng, AGE_BANDS);
    let age = rng.range(lo, hi);
    let birth = as_of.plus(-(age * 365 + rng.range(0, 364)));
    let residence = &catalog.comuni[*catalog.residence.draw(&mut rng)];

    let foreign: Option<&ForeignNames> = rng.chance(FOREIGN_BORN).then(|| {
        let w = Weighted::new(FOREIGN.iter().map(|f| (f, f.weight)));
        w.map(|w| *w.draw(&mut rng)).unwrap_or(&FOREIGN[0])
    });
    let (given, family, birth_belfiore, mother_tongue) = match foreign {
        Some(f) => (
            *rng.pick(if female { f.female } else { f.male }),
            *rng.pick(f.surnames),
            f.belfiore.to_string(),
            f.language,
        ),
        None => {
            let place = if rng.chance(BORN_OUTSIDE_REGION) {
                &catalog.comuni[*catalog.italian_birth.draw(&mut rng)]
            } else if rng.chance(0.5) {
                residence
            } else {
                &catalog.comuni[*catalog.residence.draw(&mut rng)]
            };
            (
                *rng.pick(if female { FEMALE_IT } else { MALE_IT }),
                *rng.pick(SURNAMES_IT),
                place.belfiore.clone(),
                "it",
            )
        }
    };
    let place = Belfiore::parse(&birth_belfiore)?;
    let code = codes.assign(CodiceFiscale::generate(
        family,
        given,
        birth.calendar(),
        sex,
        place,
    ))?;

    let eqf = eqf_for_age(&mut rng, age);
    let truth = (profiles == Profiles::NoisyCopyOfTruth).then(|| truth(catalog, seed, index, eqf));
    let (occupations, skills) = match &truth {
        None => declared_profile(catalog, &mut rng, eqf),
        Some(t) => noisy_profile(catalog, &mut rng, eqf, t),
    };

    let mut experiences = Vec::new();
    let working_years = (age - 18).max(0);
    if working_years > 0 {
        let mut end = as_of.plus(-rng.range(30, 700));
        for _ in 0..rng.range(0, 3) {
            let length = rng.range(90, 365 * 4);
            let start = end.plus(-length);
            if start < birth.plus(18 * 365) {
                break;
            }
            let o = match &truth {
                None if rng.chance(0.7) => *rng.pick(&occupations),
                None => *catalog.demand.draw(&mut rng),
                Some(t) => noisy_experience(catalog, &mut rng, &occupations, t),
            };
            experiences.push(ExperienceRecord {
                id: *next_experience_id,
                occupation_id: catalog.occupations[o].id.clone(),
                employer: super::companies::employer_name(&mut rng),
                from_date: start.iso(),
                to_date: Some(end.iso()),
            });
            *next_experience_id += 1;
            end = start.plus(-rng.range(15, 400));
        }
    }

    let mut languages = vec![(mother_tongue.to_string(), "NATIVE")];
    if mother_tongue != "it" {
        let level = weighted(
            &mut rng,
            &[
                ("A2", 20.0),
                ("B1", 35.0),
                ("B2", 25.0),
                ("C1", 15.0),
                ("C2", 5.0),
            ],
        );
        languages.push(("it".into(), level));
    }
    let english_chance = match eqf {
        6.. => 0.8,
        4 | 5 => 0.5,
        _ => 0.2,
    };
    if mother_tongue != "en" && rng.chance(english_chance) {
        languages.push(("en".into(), cefr(&mut rng, eqf)));
    }
    for (lang, p) in [("fr", 0.08), ("es", 0.05), ("de", 0.04)] {
        if !languages.iter().any(|(l, _)| l == lang) && rng.chance(p) {
            languages.push((lang.into(), cefr(&mut rng, eqf)));
        }
    }

    let mut licences = Vec::new();
    let licence_b = age >= 19 && rng.chance(if foreign.is_some() { 0.55 } else { 0.82 });
    if licence_b {
        licences.push("B".to_string());
    }
    for &o in &occupations {
        let isco = catalog.occupations[o].isco.as_str();
        let extra: &[&str] = match isco {
            "8332" => &["C", "CE", "CQC-MERCI"],
            "8331" => &["D", "CQC-PERSONE"],
            "8322" => &["KB"],
            "8344" | "4321" | "9333" => &["ABIL-CARRELLI"],
            "8342" => &["ABIL-MMT"],
            "8341" | "6111" | "9211" => &["ABIL-TRATTORI"],
            _ => &[],
        };
        for code in extra {
            if rng.chance(0.6) && !licences.iter().any(|l| l == code) {
                licences.push((*code).to_string());
            }
        }
    }
    let has_vehicle = licence_b && rng.chance(0.85);
    let radius = if has_vehicle {
        weighted(
            &mut rng,
            &[
                (15, 15.0),
                (20, 20.0),
                (30, 30.0),
                (40, 15.0),
                (50, 15.0),
                (80, 5.0),
            ],
        )
    } else {
        weighted(&mut rng, &[(5, 30.0), (10, 40.0), (15, 20.0), (20, 10.0)])
    };
    let mut contracts = vec![weighted(
        &mut rng,
        &[("TEMPO-INDETERMINATO", 60.0), ("TEMPO-DETERMINATO", 40.0)],
    )
    .to_string()];
    if age <= 29 && rng.chance(0.5) {
        contracts.push("APPRENDISTATO-PROFESSIONALIZZANTE".into());
    }
    if rng.chance(0.3) {
        contracts.push("SOMMINISTRAZIONE".into());
    }
    contracts.dedup();

    let ascii = |s: &str| -> String {
        app::domain::search_text::normalise(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let email = format!(
        "{}.{}.{index}@demo.sportello.invalid",
        ascii(given),
        ascii(family)
    );
    let occupation_ids: Vec<String> = occupations
        .iter()
        .map(|&o| catalog.occupations[o].id.clone())
        .collect();
    Some(PersonRecord {
        id,
        codice_fiscale: code.as_str().to_string(),
        given_name: given.to_string(),
        family_name: family.to_string(),
        sex: if female { "F" } else { "M" },
        birth_date: birth.iso(),
        birth_belfiore,
        residence_istat: residence.istat.clone(),
        email: Some(email),
        phone: None,
        eqf_level: Some(eqf),
        education_title: Some(EDUCATION_TITLES[(eqf - 1) as usize].to_string()),
        available_from: Some(as_of.plus(availability_delay(rng.range(0, 60))).iso()),
        mobility_radius_km: radius,
        has_vehicle,
        visibility: weighted(
            &mut rng,
            &[("hidden", 40.0), ("anonymous", 45.0), ("full", 15.0)],
        ),
        presentation: None,
        lat: residence.lat,
        lon: residence.lon,
        occupations: occupation_ids,
        experiences,
        skills: skills
            .into_iter()
            .map(|s| catalog.skills[s].clone())
            .collect(),
        languages,
        licences,
        contracts,
    })
}

/// Days until a person can start, from one draw in 0..=60 (one draw, so the rest of the person is
/// unchanged): two thirds of the people are available at once — a DID is a declaration of
/// *immediate* availability —, the rest within about two months (finishing a fixed-term job, a
/// course, a move).
fn availability_delay(draw: i64) -> i64 {
    if draw <= 40 {
        0
    } else {
        (draw - 40) * 3
    }
}
