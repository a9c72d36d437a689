//! Demo companies (valid partita IVA, ATECO activity, seat in the region) and their vacancies.

use super::catalog::{base_monthly_pay, Catalog, SECTORS};
use super::dates::Day;
use super::names::{COMPANY_FORMS, COMPANY_PLACE_WORDS, SURNAMES_IT};
use super::rng::{Rng, Weighted};
use app::domain::partita_iva::PartitaIva;
use app::store::region::{CompanyRecord, VacancyRecord};
use std::collections::HashSet;

/// A company as the vacancy generator needs it.
pub struct DemoCompany {
    pub record: CompanyRecord,
    pub sector: usize,
    pub seat: usize,
    /// How many vacancies it tends to post, relative to others.
    pub hiring_weight: f64,
}

fn weighted<T: Copy>(rng: &mut Rng, pairs: &[(T, f64)]) -> T {
    Weighted::new(pairs.iter().copied())
        .map(|w| *w.draw(rng))
        .unwrap_or(pairs[0].0)
}

fn legal_form(rng: &mut Rng) -> &'static str {
    weighted(rng, COMPANY_FORMS)
}

/// A made-up employer for a work-experience line.
pub fn employer_name(rng: &mut Rng) -> String {
    let sector = &SECTORS[rng.below(SECTORS.len() as u64) as usize];
    format!(
        "{} {} {}",
        rng.pick(SURNAMES_IT),
        sector.name_word,
        legal_form(rng)
    )
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in app::domain::search_text::normalise(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Partite IVA already issued in this run; a clash draws another serial.
#[derive(Default)]
pub struct VatRegistry {
    taken: HashSet<String>,
}

impl VatRegistry {
    pub fn with_taken(numbers: Vec<String>) -> VatRegistry {
        VatRegistry {
            taken: numbers.into_iter().collect(),
        }
    }
}

pub fn company(
    catalog: &Catalog,
    seed: u64,
    index: u64,
    id: i64,
    vat: &mut VatRegistry,
) -> Option<DemoCompany> {
    let mut rng = Rng::stream(seed, "company", index);
    let sector_index = *catalog.sectors.draw(&mut rng);
    let sector = &SECTORS[sector_index];
    let seat = *catalog.residence.draw(&mut rng);
    let comune = &catalog.comuni[seat];
    let office: u16 = comune.istat.get(..3)?.parse().ok()?;
    let partita_iva = (0..100).find_map(|_| {
        let serial = rng.range(1, 9_999_999) as u32;
        let p = PartitaIva::from_serial_and_office(serial, office)?;
        vat.taken
            .insert(p.as_str().to_string())
            .then(|| p.as_str().to_string())
    })?;
    let name = match rng.below(3) {
        0 => format!(
            "{} {} {}",
            rng.pick(SURNAMES_IT),
            sector.name_word,
            legal_form(&mut rng)
        ),
        1 => format!(
            "{} {} {}",
            sector.name_word,
            rng.pick(COMPANY_PLACE_WORDS),
            legal_form(&mut rng)
        ),
        _ => format!(
            "{} & {} {}",
            rng.pick(SURNAMES_IT),
            rng.pick(SURNAMES_IT),
            legal_form(&mut rng)
        ),
    };
    let (size_band, hiring_weight) = weighted(
        &mut rng,
        &[
            (("micro", 1.0), 82.0),
            (("small", 3.0), 14.0),
            (("medium", 8.0), 3.5),
            (("large", 20.0), 0.5),
        ],
    );
    // Sectors without ATECO codes are never drawn (see Catalog::build).
    let ateco_code = rng.pick(&catalog.sector_ateco[sector_index]).clone();
    let email = format!("info@{}.demo.sportello.invalid", slug(&name));
    Some(DemoCompany {
        record: CompanyRecord {
            id,
            codice_fiscale: partita_iva.clone(),
            partita_iva,
            name,
            ateco_code,
            seat_istat: comune.istat.clone(),
            size_band,
            email: Some(email),
            phone: None,
        },
        sector: sector_index,
        seat,
        hiring_weight,
    })
}

fn round_to(value: i64, step: i64) -> i64 {
    ((value + step / 2) / step) * step
}

/// One demo vacancy (`index` from 0) of `company`.
pub fn vacancy(
    catalog: &Catalog,
    seed: u64,
    index: u64,
    id: i64,
    company: &DemoCompany,
    as_of: Day,
) -> VacancyRecord {
    let mut rng = Rng::stream(seed, "vacancy", index);
    let o = *catalog.sector_occupations[company.sector].draw(&mut rng);
    let occupation = &catalog.occupations[o];
    let major = occupation.major();
    let sub = occupation.sub_major();

    let seat = &catalog.comuni[company.seat];
    let place = if rng.chance(0.85) {
        seat
    } else {
        catalog
            .by_province
            .get(&seat.province)
            .map(|w| &catalog.comuni[*w.draw(&mut rng)])
            .unwrap_or(seat)
    };
    let work_mode = if matches!(major, 2..=4) {
        weighted(
            &mut rng,
            &[("onsite", 75.0), ("hybrid", 18.0), ("remote", 7.0)],
        )
    } else {
        "onsite"
    };
    let seasonal = matches!(sub, "51" | "94" | "61" | "92");
    let mut contracts = vec![
        ("TEMPO-DETERMINATO", 35.0),
        ("TEMPO-INDETERMINATO", 25.0),
        ("SOMMINISTRAZIONE", 10.0),
        ("TIROCINIO-EXTRACURRICULARE", 4.0),
        ("LAVORO-INTERMITTENTE", 3.0),
    ];
    if major >= 3 {
        contracts.push(("APPRENDISTATO-PROFESSIONALIZZANTE", 10.0));
    }
    if seasonal {
        contracts.push(("TEMPO-DETERMINATO-STAGIONALE", 12.0));
    }
    if matches!(sub, "61" | "92") {
        contracts.push(("OTD-AGRICOLO", 15.0));
    }
    let contract = weighted(&mut rng, &contracts);
    let mut times = vec![("FULL-TIME", 55.0), ("PART-TIME-ORIZZONTALE", 15.0)];
    if matches!(sub, "81" | "93" | "53" | "32" | "22" | "83") {
        times.push(("TURNI", 15.0));
        times.push(("NOTTURNO", 3.0));
    }
    if matches!(sub, "51" | "94" | "52") {
        times.push(("WEEKEND-FESTIVI", 10.0));
        times.push(("SPEZZATO", 8.0));
    }
    if matches!(major, 2..=4) {
        times.push(("FLESSIBILE", 8.0));
    }
    let working_time = weighted(&mut rng, &times);

    // Pay: the group's base, adjusted for hours and contract, as a range.
    let mut monthly_min = base_monthly_pay(major) + rng.range(-100, 300);
    if working_time.starts_with("PART-TIME") {
        monthly_min = monthly_min * 6 / 10;
    }
    if contract.starts_with("APPRENDISTATO") {
        monthly_min = monthly_min * 85 / 100;
    }
    if contract == "TIROCINIO-EXTRACURRICULARE" {
        monthly_min = rng.range(600, 800);
    }
    let monthly_min = round_to(monthly_min, 50).max(300);
    let monthly_max = round_to(monthly_min * rng.range(105, 140) / 100, 50).max(monthly_min);
    let (salary_min, salary_max, salary_period) = if major <= 2 && rng.chance(0.6) {
        (
            round_to(monthly_min * 13, 1000),
            round_to(monthly_max * 14, 1000),
            "year",
        )
    } else {
        (monthly_min, monthly_max, "month")
    };

    let status = weighted(
        &mut rng,
        &[
            ("published", 70.0),
            ("in_review", 6.0),
            ("submitted", 4.0),
            ("draft", 5.0),
            ("closed", 8.0),
            ("filled", 7.0),
        ],
    );
    let age_days = match status {
        "published" => rng.range(0, 50),
        "closed" | "filled" => rng.range(60, 200),
        _ => rng.range(0, 10),
    };
    let created = as_of.plus(-age_days);
    let published =
        matches!(status, "published" | "closed" | "filled").then(|| created.plus(rng.range(1, 5)));
    let expires = published.unwrap_or(created).plus(60);
    let start = created.plus(rng.range(14, 75));

    let pool = &catalog.skill_pool[o];
    let wanted = rng.range(3, 7) as usize;
    let picks = rng.distinct(pool.len().min(12), wanted);
    let must = rng.range(1, 3).min(picks.len() as i64) as usize;
    let skills: Vec<(String, bool)> = picks
        .iter()
        .enumerate()
        .map(|(n, &i)| (catalog.skills[pool[i]].clone(), n < must))
        .collect();
    let mut languages = Vec::new();
    if matches!(major, 1..=4) && rng.chance(0.5) || sub == "51" && rng.chance(0.3) {
        let level = weighted(
            &mut rng,
            &[("A2", 20.0), ("B1", 40.0), ("B2", 35.0), ("C1", 5.0)],
        );
        languages.push(("en".to_string(), level, rng.chance(0.6)));
    }
    let mut licences = Vec::new();
    match occupation.isco.as_str() {
        "8332" => {
            licences.push(("CE".to_string(), true));
            licences.push(("CQC-MERCI".to_string(), true));
        }
        "8331" => {
            licences.push(("D".to_string(), true));
            licences.push(("CQC-PERSONE".to_string(), true));
        }
        "8344" | "4321" | "9333" => licences.push(("ABIL-CARRELLI".to_string(), rng.chance(0.7))),
        _ => {}
    }
    if rng.chance(0.3) {
        licences.push(("B".to_string(), rng.chance(0.5)));
    }
    let positions = weighted(&mut rng, &[(1, 70.0), (2, 18.0), (3, 7.0), (5, 5.0)]);
    let anonymous = rng.chance(0.15);
    let who = if anonymous {
        format!(
            "Azienda del settore {}",
            SECTORS[company.sector].name_word.to_lowercase()
        )
    } else {
        company.record.name.clone()
    };
    let description = format!(
        "{who} cerca {positions} {} per la sede di {}. Si offre contratto {}, orario {}. \
         Inizio previsto: {}.",
        occupation.label_it.to_lowercase(),
        place.name,
        contract.to_lowercase().replace('-', " "),
        working_time.to_lowercase().replace('-', " "),
        start.iso()
    );
    VacancyRecord {
        id,
        company_id: company.record.id,
        status,
        title: occupation.label_it.clone(),
        description,
        occupation_id: occupation.id.clone(),
        isco_code: occupation.isco.clone(),
        positions,
        work_istat: (work_mode != "remote").then(|| place.istat.clone()),
        work_mode,
        contract_code: contract.to_string(),
        working_time_code: working_time.to_string(),
        salary_min,
        salary_max,
        salary_period,
        start_date: start.iso(),
        expires_on: expires.iso(),
        eqf_min: match major {
            1 | 2 => Some(6),
            3 | 4 => Some(4),
            _ => rng.chance(0.3).then_some(1),
        },
        experience_years: weighted(
            &mut rng,
            &[(0, 35.0), (1, 25.0), (2, 20.0), (3, 12.0), (5, 8.0)],
        ),
        reserved_l68: rng.chance(0.03),
        anonymous,
        // A remote job has no place: distance does not apply to it.
        lat: place.lat.filter(|_| work_mode != "remote"),
        lon: place.lon.filter(|_| work_mode != "remote"),
        created_at: created.at(rng.range(8 * 3600, 18 * 3600)),
        published_at: published.map(|d| d.at(rng.range(9 * 3600, 17 * 3600))),
        skills,
        languages,
        licences,
    }
}
