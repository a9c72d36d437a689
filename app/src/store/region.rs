//! Bulk loading of people (with their profiles), companies and vacancies: what the demo region
//! generator writes, and the shape a future migration from a legacy system would use.
//!
//! Everything goes in through multi-row inserts inside the caller's transaction. Ids are assigned by
//! the caller (see `next_ids`), so related rows can be written without a round trip per row; on
//! PostgreSQL `sync_id_sequences` moves the identity sequences past them afterwards.

use super::bulk::{insert_rows, Val};
use super::Backend;
use sqlx::{Any, Row, Transaction};

/// A person and their professional profile.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRecord {
    pub id: i64,
    pub codice_fiscale: String,
    pub given_name: String,
    pub family_name: String,
    /// `M` or `F`.
    pub sex: &'static str,
    /// ISO date.
    pub birth_date: String,
    pub birth_belfiore: String,
    pub residence_istat: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub eqf_level: Option<i64>,
    pub education_title: Option<String>,
    pub available_from: Option<String>,
    pub mobility_radius_km: i64,
    pub has_vehicle: bool,
    /// `hidden`, `anonymous` or `full`.
    pub visibility: &'static str,
    pub presentation: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Desired occupations, most wanted first.
    pub occupations: Vec<String>,
    pub experiences: Vec<ExperienceRecord>,
    pub skills: Vec<String>,
    /// (ISO 639-1 code, CEFR level or `NATIVE`).
    pub languages: Vec<(String, &'static str)>,
    pub licences: Vec<String>,
    pub contracts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExperienceRecord {
    pub id: i64,
    pub occupation_id: String,
    pub employer: String,
    pub from_date: String,
    pub to_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRecord {
    pub id: i64,
    pub partita_iva: String,
    pub codice_fiscale: String,
    pub name: String,
    pub ateco_code: String,
    pub seat_istat: String,
    /// `micro`, `small`, `medium` or `large`.
    pub size_band: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VacancyRecord {
    pub id: i64,
    pub company_id: i64,
    pub status: &'static str,
    pub title: String,
    pub description: String,
    pub occupation_id: String,
    pub isco_code: String,
    pub positions: i64,
    pub work_istat: Option<String>,
    /// `onsite`, `hybrid` or `remote`.
    pub work_mode: &'static str,
    pub contract_code: String,
    pub working_time_code: String,
    pub salary_min: i64,
    pub salary_max: i64,
    /// `month` or `year`.
    pub salary_period: &'static str,
    pub start_date: String,
    pub expires_on: String,
    pub eqf_min: Option<i64>,
    pub experience_years: i64,
    pub reserved_l68: bool,
    pub anonymous: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub created_at: String,
    pub published_at: Option<String>,
    /// (skill URI, must-have).
    pub skills: Vec<(String, bool)>,
    /// (ISO 639-1 code, CEFR level, must-have).
    pub languages: Vec<(String, &'static str, bool)>,
    /// (licence code, must-have).
    pub licences: Vec<(String, bool)>,
}

/// The first free id of each table the loader writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextIds {
    pub person: i64,
    pub experience: i64,
    pub company: i64,
    pub vacancy: i64,
}

pub async fn next_ids(tx: &mut Transaction<'_, Any>) -> Result<NextIds, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM person), \
                (SELECT COALESCE(MAX(id), 0) FROM profile_experience), \
                (SELECT COALESCE(MAX(id), 0) FROM company), \
                (SELECT COALESCE(MAX(id), 0) FROM vacancy)",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(NextIds {
        person: row.try_get::<i64, _>(0)? + 1,
        experience: row.try_get::<i64, _>(1)? + 1,
        company: row.try_get::<i64, _>(2)? + 1,
        vacancy: row.try_get::<i64, _>(3)? + 1,
    })
}

/// Deletes every row the demo generator made (their dependants go by cascade); returns people and
/// companies removed.
pub async fn delete_demo_rows(tx: &mut Transaction<'_, Any>) -> Result<(u64, u64), sqlx::Error> {
    // Accounts and roles hang on demo people and companies (demo personas, made-up citizens): they
    // go first, with their sessions and roles (ON DELETE CASCADE); mandates go with their people.
    sqlx::query(
        "DELETE FROM user_role WHERE company_id IN (SELECT id FROM company WHERE is_demo = TRUE)",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM app_user WHERE person_id IN (SELECT id FROM person WHERE is_demo = TRUE)",
    )
    .execute(&mut **tx)
    .await?;
    let companies = sqlx::query("DELETE FROM company WHERE is_demo = TRUE")
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let people = sqlx::query("DELETE FROM person WHERE is_demo = TRUE")
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok((people, companies))
}

/// Codici fiscali of people and partite IVA of companies that are not demo rows: generated ones
/// must not take them.
pub async fn taken_identifiers(
    tx: &mut Transaction<'_, Any>,
) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let codes = sqlx::query("SELECT codice_fiscale FROM person WHERE is_demo = FALSE")
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let vat = sqlx::query("SELECT partita_iva FROM company WHERE is_demo = FALSE")
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    Ok((codes, vat))
}

fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

pub async fn insert_people(
    tx: &mut Transaction<'_, Any>,
    people: &[PersonRecord],
    is_demo: bool,
) -> Result<(), sqlx::Error> {
    let rows = people
        .iter()
        .map(|p| {
            vec![
                Val::Int(p.id),
                text(&p.codice_fiscale),
                text(&p.given_name),
                text(&p.family_name),
                text(p.sex),
                text(&p.birth_date),
                text(&p.birth_belfiore),
                text(&p.residence_istat),
                Val::OptText(p.email.clone()),
                Val::OptText(p.phone.clone()),
                Val::Bool(is_demo),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "person (id, codice_fiscale, given_name, family_name, sex, birth_date, birth_belfiore, \
         residence_istat, email, phone, is_demo)",
        "",
        11,
        rows,
    )
    .await?;
    let rows = people
        .iter()
        .map(|p| {
            vec![
                Val::Int(p.id),
                Val::OptInt(p.eqf_level),
                Val::OptText(p.education_title.clone()),
                Val::OptText(p.available_from.clone()),
                Val::Int(p.mobility_radius_km),
                Val::Bool(p.has_vehicle),
                text(p.visibility),
                Val::OptText(p.presentation.clone()),
                Val::OptReal(p.lat),
                Val::OptReal(p.lon),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "profile (person_id, eqf_level, education_title, available_from, mobility_radius_km, \
         has_vehicle, visibility, presentation, lat, lon)",
        "",
        10,
        rows,
    )
    .await?;
    let pairs = |f: fn(&PersonRecord) -> &[String]| -> Vec<Vec<Val>> {
        people
            .iter()
            .flat_map(|p| f(p).iter().map(|v| vec![Val::Int(p.id), text(v)]))
            .collect()
    };
    let occupations = people
        .iter()
        .flat_map(|p| {
            p.occupations
                .iter()
                .enumerate()
                .map(|(rank, o)| vec![Val::Int(p.id), text(o), Val::Int(rank as i64)])
        })
        .collect();
    insert_rows(
        tx,
        "profile_occupation (person_id, occupation_id, rank)",
        "",
        3,
        occupations,
    )
    .await?;
    let experiences = people
        .iter()
        .flat_map(|p| {
            p.experiences.iter().map(|e| {
                vec![
                    Val::Int(e.id),
                    Val::Int(p.id),
                    text(&e.occupation_id),
                    text(&e.employer),
                    text(&e.from_date),
                    Val::OptText(e.to_date.clone()),
                ]
            })
        })
        .collect();
    insert_rows(
        tx,
        "profile_experience (id, person_id, occupation_id, employer, from_date, to_date)",
        "",
        6,
        experiences,
    )
    .await?;
    insert_rows(
        tx,
        "profile_skill (person_id, skill_uri)",
        "",
        2,
        pairs(|p| &p.skills),
    )
    .await?;
    let languages = people
        .iter()
        .flat_map(|p| {
            p.languages
                .iter()
                .map(|(lang, level)| vec![Val::Int(p.id), text(lang), text(level)])
        })
        .collect();
    insert_rows(
        tx,
        "profile_language (person_id, lang, level)",
        "",
        3,
        languages,
    )
    .await?;
    insert_rows(
        tx,
        "profile_licence (person_id, licence_code)",
        "",
        2,
        pairs(|p| &p.licences),
    )
    .await?;
    insert_rows(
        tx,
        "profile_contract (person_id, contract_code)",
        "",
        2,
        pairs(|p| &p.contracts),
    )
    .await
}

pub async fn insert_companies(
    tx: &mut Transaction<'_, Any>,
    companies: &[CompanyRecord],
    is_demo: bool,
) -> Result<(), sqlx::Error> {
    let rows = companies
        .iter()
        .map(|c| {
            vec![
                Val::Int(c.id),
                text(&c.partita_iva),
                text(&c.codice_fiscale),
                text(&c.name),
                text(&c.ateco_code),
                text(&c.seat_istat),
                text(c.size_band),
                Val::OptText(c.email.clone()),
                Val::OptText(c.phone.clone()),
                Val::Bool(is_demo),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "company (id, partita_iva, codice_fiscale, name, ateco_code, seat_istat, size_band, email, \
         phone, is_demo)",
        "",
        10,
        rows,
    )
    .await
}

pub async fn insert_vacancies(
    tx: &mut Transaction<'_, Any>,
    vacancies: &[VacancyRecord],
) -> Result<(), sqlx::Error> {
    let rows = vacancies
        .iter()
        .map(|v| {
            vec![
                Val::Int(v.id),
                Val::Int(v.company_id),
                text(v.status),
                text(&v.title),
                text(&v.description),
                text(&v.occupation_id),
                text(&v.isco_code),
                Val::Int(v.positions),
                Val::OptText(v.work_istat.clone()),
                text(v.work_mode),
                text(&v.contract_code),
                text(&v.working_time_code),
                Val::Int(v.salary_min),
                Val::Int(v.salary_max),
                text(v.salary_period),
                text(&v.start_date),
                text(&v.expires_on),
                Val::OptInt(v.eqf_min),
                Val::Int(v.experience_years),
                Val::Bool(v.reserved_l68),
                Val::Bool(v.anonymous),
                Val::OptReal(v.lat),
                Val::OptReal(v.lon),
                text(&v.created_at),
                Val::OptText(v.published_at.clone()),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "vacancy (id, company_id, status, title, description, occupation_id, isco_code, positions, \
         work_istat, work_mode, contract_code, working_time_code, salary_min, salary_max, \
         salary_period, start_date, expires_on, eqf_min, experience_years, reserved_l68, anonymous, \
         lat, lon, created_at, published_at)",
        "",
        25,
        rows,
    )
    .await?;
    let skills = vacancies
        .iter()
        .flat_map(|v| {
            v.skills
                .iter()
                .map(|(uri, must)| vec![Val::Int(v.id), text(uri), Val::Bool(*must)])
        })
        .collect();
    insert_rows(
        tx,
        "vacancy_skill (vacancy_id, skill_uri, required)",
        "",
        3,
        skills,
    )
    .await?;
    let languages = vacancies
        .iter()
        .flat_map(|v| {
            v.languages.iter().map(|(lang, level, must)| {
                vec![Val::Int(v.id), text(lang), text(level), Val::Bool(*must)]
            })
        })
        .collect();
    insert_rows(
        tx,
        "vacancy_language (vacancy_id, lang, level, required)",
        "",
        4,
        languages,
    )
    .await?;
    let licences = vacancies
        .iter()
        .flat_map(|v| {
            v.licences
                .iter()
                .map(|(code, must)| vec![Val::Int(v.id), text(code), Val::Bool(*must)])
        })
        .collect();
    insert_rows(
        tx,
        "vacancy_licence (vacancy_id, licence_code, required)",
        "",
        3,
        licences,
    )
    .await
}

/// On PostgreSQL, moves each identity sequence past the ids written explicitly, so rows inserted later
/// without an id do not collide. SQLite's INTEGER PRIMARY KEY needs nothing.
pub async fn sync_id_sequences(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
) -> Result<(), sqlx::Error> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    for table in ["person", "profile_experience", "company", "vacancy"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
        )))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// What the demo generator last built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRegionMeta {
    pub seed: i64,
    pub people: i64,
    pub companies: i64,
    pub vacancies: i64,
    pub as_of: String,
}

pub async fn demo_region_meta(
    tx: &mut Transaction<'_, Any>,
) -> Result<Option<DemoRegionMeta>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT seed, people, companies, vacancies, as_of FROM demo_region WHERE id = 1",
    )
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        Ok(DemoRegionMeta {
            seed: r.try_get(0)?,
            people: r.try_get(1)?,
            companies: r.try_get(2)?,
            vacancies: r.try_get(3)?,
            as_of: r.try_get(4)?,
        })
    })
    .transpose()
}

pub async fn set_demo_region_meta(
    tx: &mut Transaction<'_, Any>,
    meta: &DemoRegionMeta,
    generated_at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM demo_region")
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO demo_region (id, seed, people, companies, vacancies, as_of, generated_at) \
         VALUES (1, $1, $2, $3, $4, $5, $6)",
    )
    .bind(meta.seed)
    .bind(meta.people)
    .bind(meta.companies)
    .bind(meta.vacancies)
    .bind(&meta.as_of)
    .bind(generated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
