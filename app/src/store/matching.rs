//! Candidate generation for job matching, both directions (issue 7), over the narrow match tables
//! of migration 0016 (with the indexes of 0019).
//!
//! Pipeline: hard filters in SQL (published and not expired, the mobility box, availability,
//! visibility) → candidate generation (a shared skill or the same ISCO-3 group) → the score in Rust
//! (`matching::score`) → top-k with a bounded heap, and reasons only for the k kept. The match
//! tables are kept in step by [`refresh_person`] (called by the profile writer) and
//! [`refresh_vacancy`] (called when a vacancy is approved or closed); [`rebuild_all`] makes them
//! again after bulk loads such as the demo generator.
//!
//! Who is seen: CPI staff see every person with a profile (whatever the visibility, which is the
//! choice of what *employers* see) and no closed account; a company sees only profiles the person
//! made visible (anonymous or full), and what it is shown of them is decided by the caller.

use super::bulk::{insert_rows, Val};
use super::{Backend, Db};
use crate::matching::facts::{
    bounding_box, day_number, isco4, Cefr, LanguageFact, OccupationFact, PersonFacts, VacancyFacts,
    VacancyLanguage, VacancyLicence, WorkMode,
};
use crate::matching::packed;
use crate::matching::rank::TopK;
use crate::matching::score::{score, score_only};
use crate::matching::{MatchWeights, Reason};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection, Row};
use std::collections::HashMap;

/// People (or vacancies) per step of a rebuild.
const CHUNK: i64 = 5_000;

#[derive(Debug, Clone, PartialEq)]
pub struct RankedVacancy {
    pub vacancy_id: i64,
    pub score: f32,
    pub reasons: Vec<Reason>,
    pub distance_km: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankedCandidate {
    pub person_id: i64,
    pub score: f32,
    pub reasons: Vec<Reason>,
    pub distance_km: Option<f32>,
}

/// Who asks for candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Operators and supervisors of the CPI: every person with a profile.
    Cpi,
    /// Members of the company: only profiles made visible (anonymous or full).
    Company,
}

impl Audience {
    fn min_visibility(self) -> i64 {
        match self {
            Audience::Cpi => 0,
            Audience::Company => 1,
        }
    }
}

fn visibility_rank(code: &str) -> i64 {
    match code {
        "full" => 2,
        "anonymous" => 1,
        _ => 0,
    }
}

fn bad_date(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("matching: not an ISO date: {what}"))
}

fn today_number(today: &str) -> Result<i32, sqlx::Error> {
    day_number(today).ok_or_else(|| bad_date(today))
}

fn day(text: Option<String>) -> Option<i32> {
    text.as_deref().and_then(day_number)
}

fn to_u8(v: Option<i64>) -> Option<u8> {
    v.and_then(|v| u8::try_from(v).ok())
}

// ---------------------------------------------------------------------------------------------
// Keeping the match tables in step.

/// Makes the match rows of one person again from their profile (or removes them if the person
/// has no profile any more or closed the account).
pub async fn refresh_person(conn: &mut AnyConnection, person_id: i64) -> Result<(), sqlx::Error> {
    delete_people(conn, person_id, person_id).await?;
    build_people(conn, person_id, person_id).await?;
    Ok(())
}

/// Makes the match rows of one vacancy again (present only while it is published).
pub async fn refresh_vacancy(conn: &mut AnyConnection, vacancy_id: i64) -> Result<(), sqlx::Error> {
    delete_vacancies(conn, vacancy_id, vacancy_id).await?;
    build_vacancies(conn, vacancy_id, vacancy_id).await?;
    Ok(())
}

/// Makes all match tables again from scratch, in chunks of ids; returns the people and vacancies
/// indexed.
pub async fn rebuild_all(conn: &mut AnyConnection) -> Result<u64, sqlx::Error> {
    for table in [
        "DELETE FROM match_person_skill",
        "DELETE FROM match_person_occupation",
        "DELETE FROM match_person",
        "DELETE FROM match_vacancy_skill",
        "DELETE FROM match_vacancy",
    ] {
        sqlx::query(table).execute(&mut *conn).await?;
    }
    let mut count = 0;
    let (lo, hi) = id_range(conn, "SELECT MIN(person_id), MAX(person_id) FROM profile").await?;
    let mut start = lo;
    while start <= hi {
        count += build_people(conn, start, start + CHUNK - 1).await?;
        start += CHUNK;
    }
    let (lo, hi) = id_range(
        conn,
        "SELECT MIN(id), MAX(id) FROM vacancy WHERE status = 'published'",
    )
    .await?;
    let mut start = lo;
    while start <= hi {
        count += build_vacancies(conn, start, start + CHUNK - 1).await?;
        start += CHUNK;
    }
    // Fresh statistics after a bulk load, so the planners pick the side tables' ranges.
    for table in [
        "ANALYZE match_person",
        "ANALYZE match_person_skill",
        "ANALYZE match_person_occupation",
        "ANALYZE match_vacancy",
        "ANALYZE match_vacancy_skill",
    ] {
        sqlx::query(table).execute(&mut *conn).await?;
    }
    Ok(count)
}

/// What a bulk load leaves behind, settled at once rather than at autovacuum's next pass: on
/// PostgreSQL the match tables get their visibility map (so the side tables' covering indexes
/// answer without heap reads: the candidate SQL's index scans went from ~170 ms to ~3 ms on the
/// bench region) and fresh statistics. The search tables get theirs from `reindex_all`. `VACUUM`
/// cannot run inside a transaction: call it after the load commits. Nothing to do on SQLite.
pub async fn settle_after_bulk_load(db: &Db) -> Result<(), sqlx::Error> {
    if db.backend() == Backend::Postgres {
        sqlx::query(
            "VACUUM (ANALYZE) match_person, match_person_skill, match_person_occupation, \
             match_vacancy, match_vacancy_skill",
        )
        .execute(db.pool())
        .await?;
    }
    Ok(())
}

async fn id_range(conn: &mut AnyConnection, sql: &'static str) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(sql).fetch_one(&mut *conn).await?;
    let lo: Option<i64> = row.try_get(0)?;
    let hi: Option<i64> = row.try_get(1)?;
    Ok(match (lo, hi) {
        (Some(lo), Some(hi)) => (lo, hi),
        _ => (1, 0),
    })
}

async fn delete_people(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM match_person_skill WHERE person_id BETWEEN $1 AND $2",
        "DELETE FROM match_person_occupation WHERE person_id BETWEEN $1 AND $2",
        "DELETE FROM match_person WHERE person_id BETWEEN $1 AND $2",
    ] {
        sqlx::query(sql)
            .bind(lo)
            .bind(hi)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn delete_vacancies(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM match_vacancy_skill WHERE vacancy_id BETWEEN $1 AND $2",
        "DELETE FROM match_vacancy WHERE vacancy_id BETWEEN $1 AND $2",
    ] {
        sqlx::query(sql)
            .bind(lo)
            .bind(hi)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A grouping of `(id, value)` rows by id.
fn group<T>(rows: Vec<(i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, v) in rows {
        map.entry(id).or_default().push(v);
    }
    map
}

/// The match rows of the people with ids in `lo..=hi` (none of them present yet).
async fn build_people(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO match_skill (uri) SELECT DISTINCT skill_uri FROM profile_skill \
         WHERE person_id BETWEEN $1 AND $2 ON CONFLICT (uri) DO NOTHING",
    )
    .bind(lo)
    .bind(hi)
    .execute(&mut *conn)
    .await?;
    let profiles = sqlx::query(
        "SELECT p.person_id, p.eqf_level, p.available_from, p.mobility_radius_km, p.visibility, \
         COALESCE(p.lat, c.lat) AS lat, COALESCE(p.lon, c.lon) AS lon, p.updated_at \
         FROM profile p JOIN person n ON n.id = p.person_id \
         LEFT JOIN comune c ON c.istat_code = n.residence_istat \
         WHERE p.person_id BETWEEN $1 AND $2 AND n.closed_at IS NULL ORDER BY p.person_id",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?;
    if profiles.is_empty() {
        return Ok(0);
    }
    let occupations = sqlx::query(
        "SELECT x.person_id, o.id, o.isco_code FROM ( \
           SELECT person_id, occupation_id FROM profile_occupation WHERE person_id BETWEEN $1 AND $2 \
           UNION ALL SELECT person_id, occupation_id FROM profile_experience \
           WHERE person_id BETWEEN $1 AND $2) x \
         JOIN occupation o ON o.id = x.occupation_id",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| -> Result<_, sqlx::Error> {
        let code: String = r.try_get(2)?;
        Ok((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?, code))
    })
    .collect::<Result<Vec<_>, _>>()?
    .into_iter()
    .filter_map(|(p, id, code)| {
        isco4(&code).map(|isco4| {
            (
                p,
                OccupationFact {
                    occupation_id: id,
                    isco4,
                },
            )
        })
    })
    .collect();
    let mut occupations = group(occupations);
    let skills = sqlx::query(
        "SELECT ps.person_id, s.id FROM profile_skill ps JOIN match_skill s ON s.uri = ps.skill_uri \
         WHERE ps.person_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)? as u32)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut skills = group(skills);
    let languages = sqlx::query(
        "SELECT person_id, lang, level FROM profile_language WHERE person_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let level: String = r.try_get(2)?;
        Ok((
            r.try_get::<i64, _>(0)?,
            LanguageFact {
                lang: r.try_get(1)?,
                level: Cefr::parse(&level).unwrap_or(Cefr(1)),
            },
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut languages = group(languages);
    let licences = sqlx::query(
        "SELECT person_id, licence_code FROM profile_licence WHERE person_id BETWEEN $1 AND $2 \
         ORDER BY person_id, licence_code",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut licences = group(licences);

    let mut rows = Vec::with_capacity(profiles.len());
    for p in &profiles {
        let id: i64 = p.try_get(0)?;
        let lat: Option<f64> = p.try_get(5)?;
        let lon: Option<f64> = p.try_get(6)?;
        let radius = p.try_get::<i64, _>(3)? as f64;
        let bbox = match (lat, lon) {
            (Some(lat), Some(lon)) => Some(bounding_box(lat, lon, radius)),
            _ => None,
        };
        // One entry per mention (wanted, each past job): the score counts them as evidence.
        let mut occ = occupations.remove(&id).unwrap_or_default();
        occ.sort_by(|a, b| a.occupation_id.cmp(&b.occupation_id));
        let visibility: String = p.try_get(4)?;
        rows.push(PersonRow {
            id,
            lat,
            lon,
            radius,
            bbox,
            eqf: p.try_get(1)?,
            available_day: i64::from(day(p.try_get(2)?).unwrap_or(0)),
            updated_day: day(p.try_get(7)?).map(i64::from),
            visibility: visibility_rank(&visibility),
            occupations: packed::pack_occupations(&occ),
            skills: packed::pack_ids(&mut skills.remove(&id).unwrap_or_default()),
            languages: packed::pack_languages(&languages.remove(&id).unwrap_or_default()),
            licences: packed::pack_codes(&licences.remove(&id).unwrap_or_default()),
        });
    }
    let count = rows.len() as u64;
    let mut groups = Vec::new();
    for r in &rows {
        let mut g: Vec<i64> = packed::unpack_occupations(&r.occupations)
            .iter()
            .map(|o| i64::from(o.isco4 / 10))
            .collect();
        g.sort_unstable();
        g.dedup();
        let (a, b, c, d) = split_box(r.bbox);
        groups.extend(g.into_iter().map(|g| {
            vec![
                Val::Int(g),
                Val::Int(r.id),
                Val::OptReal(a),
                Val::OptReal(b),
                Val::OptReal(c),
                Val::OptReal(d),
                Val::Int(r.available_day),
                Val::Int(r.visibility),
            ]
        }));
    }
    let people: Vec<Vec<Val>> = rows
        .into_iter()
        .map(|r| {
            let (a, b, c, d) = split_box(r.bbox);
            vec![
                Val::Int(r.id),
                Val::OptReal(r.lat),
                Val::OptReal(r.lon),
                Val::OptReal(Some(r.radius)),
                Val::OptReal(a),
                Val::OptReal(b),
                Val::OptReal(c),
                Val::OptReal(d),
                Val::OptInt(r.eqf),
                Val::Int(r.available_day),
                Val::OptInt(r.updated_day),
                Val::Int(r.visibility),
                Val::Text(r.occupations),
                Val::Text(r.skills),
                Val::Text(r.languages),
                Val::Text(r.licences),
            ]
        })
        .collect();
    let mut tx = conn.begin().await?;
    insert_rows(
        &mut tx,
        "match_person (person_id, lat, lon, radius_km, lat_min, lat_max, lon_min, lon_max, eqf, \
         available_day, updated_day, visibility, occupations, skills, languages, licences)",
        "",
        16,
        people,
    )
    .await?;
    insert_rows(
        &mut tx,
        "match_person_occupation (isco3, person_id, lat_min, lat_max, lon_min, lon_max, \
         available_day, visibility)",
        "",
        8,
        groups,
    )
    .await?;
    // The side table of skills copies the box, availability and visibility so candidate
    // generation can filter inside the range it scans.
    sqlx::query(
        "INSERT INTO match_person_skill (skill_id, person_id, lat_min, lat_max, lon_min, lon_max, \
         available_day, visibility) \
         SELECT DISTINCT s.id, m.person_id, m.lat_min, m.lat_max, m.lon_min, m.lon_max, \
         m.available_day, m.visibility FROM match_person m \
         JOIN profile_skill ps ON ps.person_id = m.person_id \
         JOIN match_skill s ON s.uri = ps.skill_uri WHERE m.person_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(count)
}

fn split_box(
    bbox: Option<(f64, f64, f64, f64)>,
) -> (Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
    match bbox {
        Some((a, b, c, d)) => (Some(a), Some(b), Some(c), Some(d)),
        None => (None, None, None, None),
    }
}

struct PersonRow {
    id: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    radius: f64,
    bbox: Option<(f64, f64, f64, f64)>,
    eqf: Option<i64>,
    available_day: i64,
    updated_day: Option<i64>,
    visibility: i64,
    occupations: String,
    skills: String,
    languages: String,
    licences: String,
}

/// The match rows of the published vacancies with ids in `lo..=hi`.
async fn build_vacancies(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO match_skill (uri) SELECT DISTINCT vs.skill_uri FROM vacancy_skill vs \
         JOIN vacancy v ON v.id = vs.vacancy_id \
         WHERE vs.vacancy_id BETWEEN $1 AND $2 AND v.status = 'published' \
         ON CONFLICT (uri) DO NOTHING",
    )
    .bind(lo)
    .bind(hi)
    .execute(&mut *conn)
    .await?;
    let vacancies = sqlx::query(
        "SELECT id, occupation_id, isco_code, lat, lon, work_mode, eqf_min, \
         CASE WHEN eqf_required THEN 1 ELSE 0 END, start_date, expires_on, \
         COALESCE(published_at, created_at) FROM vacancy \
         WHERE id BETWEEN $1 AND $2 AND status = 'published' ORDER BY id",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?;
    if vacancies.is_empty() {
        return Ok(0);
    }
    let skills = sqlx::query(
        "SELECT vs.vacancy_id, s.id, CASE WHEN vs.required THEN 1 ELSE 0 END FROM vacancy_skill vs \
         JOIN match_skill s ON s.uri = vs.skill_uri WHERE vs.vacancy_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get::<i64, _>(0)?,
            (r.try_get::<i64, _>(1)?, r.try_get::<i64, _>(2)? == 1),
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut skills = group(skills);
    let languages = sqlx::query(
        "SELECT vacancy_id, lang, level, CASE WHEN required THEN 1 ELSE 0 END FROM vacancy_language \
         WHERE vacancy_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let level: String = r.try_get(2)?;
        Ok((
            r.try_get::<i64, _>(0)?,
            VacancyLanguage {
                lang: r.try_get(1)?,
                level: Cefr::parse(&level).unwrap_or(Cefr(1)),
                required: r.try_get::<i64, _>(3)? == 1,
            },
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut languages = group(languages);
    let licences = sqlx::query(
        "SELECT vacancy_id, licence_code, CASE WHEN required THEN 1 ELSE 0 END FROM vacancy_licence \
         WHERE vacancy_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get::<i64, _>(0)?,
            VacancyLicence {
                code: r.try_get(1)?,
                required: r.try_get::<i64, _>(2)? == 1,
            },
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut licences = group(licences);

    let mut rows = Vec::with_capacity(vacancies.len());
    for v in &vacancies {
        let id: i64 = v.try_get(0)?;
        let isco_code: String = v.try_get(2)?;
        let Some(isco) = isco4(&isco_code) else {
            continue;
        };
        let mode: String = v.try_get(5)?;
        let start: String = v.try_get(8)?;
        let expires: String = v.try_get(9)?;
        let (Some(start), Some(expires)) = (day_number(&start), day_number(&expires)) else {
            continue;
        };
        let mut must = Vec::new();
        let mut nice = Vec::new();
        for (skill, required) in skills.remove(&id).unwrap_or_default() {
            if required {
                must.push(skill as u32);
            } else {
                nice.push(skill as u32);
            }
        }
        rows.push(vec![
            Val::Int(id),
            Val::Text(v.try_get(1)?),
            Val::Int(i64::from(isco)),
            Val::Int(i64::from(isco / 10)),
            Val::OptReal(v.try_get(3)?),
            Val::OptReal(v.try_get(4)?),
            Val::Int(i64::from(mode == "remote")),
            Val::Int(i64::from(mode == "hybrid")),
            Val::OptInt(v.try_get(6)?),
            Val::Int(v.try_get(7)?),
            Val::Int(i64::from(start)),
            Val::Int(i64::from(expires)),
            Val::OptInt(day(v.try_get(10)?).map(i64::from)),
            Val::Text(packed::pack_ids(&mut must)),
            Val::Text(packed::pack_ids(&mut nice)),
            Val::Text(packed::pack_vacancy_languages(
                &languages.remove(&id).unwrap_or_default(),
            )),
            Val::Text(packed::pack_vacancy_licences(
                &licences.remove(&id).unwrap_or_default(),
            )),
        ]);
    }
    let count = rows.len() as u64;
    let mut tx = conn.begin().await?;
    insert_rows(
        &mut tx,
        "match_vacancy (vacancy_id, occupation_id, isco4, isco3, lat, lon, remote, hybrid, \
         eqf_min, eqf_required, start_day, expires_day, published_day, must_skills, nice_skills, \
         languages, licences)",
        "",
        17,
        rows,
    )
    .await?;
    sqlx::query(
        "INSERT INTO match_vacancy_skill (vacancy_id, skill_id, required) \
         SELECT DISTINCT vs.vacancy_id, s.id, CASE WHEN vs.required THEN 1 ELSE 0 END \
         FROM vacancy_skill vs JOIN match_skill s ON s.uri = vs.skill_uri \
         JOIN match_vacancy m ON m.vacancy_id = vs.vacancy_id \
         WHERE vs.vacancy_id BETWEEN $1 AND $2",
    )
    .bind(lo)
    .bind(hi)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(count)
}

// ---------------------------------------------------------------------------------------------
// Reading facts.

const PERSON_COLUMNS: &str = "person_id, lat, lon, radius_km, eqf, available_day, updated_day, \
     occupations, skills, languages, licences";

fn person_facts(r: &AnyRow) -> Result<PersonFacts, sqlx::Error> {
    let occupations: String = r.try_get(7)?;
    let skills: String = r.try_get(8)?;
    let languages: String = r.try_get(9)?;
    let licences: String = r.try_get(10)?;
    let available: i64 = r.try_get(5)?;
    Ok(PersonFacts {
        person_id: r.try_get(0)?,
        lat: r.try_get(1)?,
        lon: r.try_get(2)?,
        radius_km: r.try_get::<f64, _>(3)? as f32,
        eqf: to_u8(r.try_get(4)?),
        available_from: (available > 0).then_some(available as i32),
        updated: r.try_get::<Option<i64>, _>(6)?.map(|d| d as i32),
        occupations: packed::unpack_occupations(&occupations),
        skills: packed::unpack_ids(&skills),
        languages: packed::unpack_languages(&languages),
        licences: packed::unpack_codes(&licences),
    })
}

const VACANCY_COLUMNS: &str = "vacancy_id, occupation_id, isco4, lat, lon, remote, eqf_min, \
     eqf_required, start_day, expires_day, published_day, must_skills, nice_skills, languages, \
     licences, hybrid";

fn vacancy_facts(r: &AnyRow) -> Result<VacancyFacts, sqlx::Error> {
    let must: String = r.try_get(11)?;
    let nice: String = r.try_get(12)?;
    let languages: String = r.try_get(13)?;
    let licences: String = r.try_get(14)?;
    let work_mode = if r.try_get::<i64, _>(5)? == 1 {
        WorkMode::Remote
    } else if r.try_get::<i64, _>(15)? == 1 {
        WorkMode::Hybrid
    } else {
        WorkMode::Onsite
    };
    Ok(VacancyFacts {
        vacancy_id: r.try_get(0)?,
        occupation: OccupationFact {
            occupation_id: r.try_get(1)?,
            isco4: r.try_get::<i64, _>(2)? as u16,
        },
        lat: r.try_get(3)?,
        lon: r.try_get(4)?,
        work_mode,
        eqf_min: to_u8(r.try_get(6)?),
        eqf_required: r.try_get::<i64, _>(7)? == 1,
        start_date: r.try_get::<i64, _>(8)? as i32,
        expires_on: r.try_get::<i64, _>(9)? as i32,
        published: r.try_get::<Option<i64>, _>(10)?.map(|d| d as i32),
        must_skills: packed::unpack_ids(&must),
        nice_skills: packed::unpack_ids(&nice),
        languages: packed::unpack_vacancy_languages(&languages),
        licences: packed::unpack_vacancy_licences(&licences),
    })
}

async fn load_person(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<Option<PersonFacts>, sqlx::Error> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM match_person WHERE person_id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(person_facts)
        .transpose()
}

async fn load_vacancy(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Option<VacancyFacts>, sqlx::Error> {
    let sql = format!("SELECT {VACANCY_COLUMNS} FROM match_vacancy WHERE vacancy_id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(vacancy_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(vacancy_facts)
        .transpose()
}

/// Candidate generation in the person's direction, as a subquery of vacancy ids: the vacancies
/// sharing a skill with the person or in one of their ISCO-3 groups; `None` when the person has
/// neither. Only integers are spliced in.
fn related_vacancies(person: &PersonFacts) -> Option<String> {
    let list = |ids: &mut Vec<i64>| {
        ids.sort_unstable();
        ids.dedup();
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    };
    let mut groups: Vec<i64> = person
        .occupations
        .iter()
        .map(|o| i64::from(o.isco4 / 10))
        .collect();
    let mut skills: Vec<i64> = person.skills.iter().map(|&s| i64::from(s)).collect();
    let by_skill = (!skills.is_empty()).then(|| {
        format!(
            "SELECT vacancy_id FROM match_vacancy_skill WHERE skill_id IN ({})",
            list(&mut skills)
        )
    });
    let by_group = (!groups.is_empty()).then(|| {
        format!(
            "SELECT vacancy_id FROM match_vacancy WHERE isco3 IN ({})",
            list(&mut groups)
        )
    });
    match (by_skill, by_group) {
        (Some(a), Some(b)) => Some(format!("{a} UNION {b}")),
        (Some(a), None) | (None, Some(a)) => Some(a),
        (None, None) => None,
    }
}

/// Candidate generation in the person's direction, in SQL: the published vacancies sharing a skill
/// with the person or in one of their ISCO-3 groups, inside the person's box (or remote); the
/// exact distance and the rest are the score's.
async fn vacancy_candidates(
    conn: &mut AnyConnection,
    person: &PersonFacts,
    today: i32,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let Some(related) = related_vacancies(person) else {
        return Ok(Vec::new());
    };
    Ok(match (person.lat, person.lon) {
        (Some(lat), Some(lon)) => {
            let (a, b, c, d) = bounding_box(lat, lon, f64::from(person.radius_km));
            let sql = format!(
                "SELECT {VACANCY_COLUMNS} FROM match_vacancy WHERE vacancy_id IN ({related}) \
                 AND expires_day >= $1 \
                 AND (remote = 1 OR (lat BETWEEN $2 AND $3 AND lon BETWEEN $4 AND $5))"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(today))
                .bind(a)
                .bind(b)
                .bind(c)
                .bind(d)
                .fetch_all(&mut *conn)
                .await?
        }
        _ => {
            let sql = format!(
                "SELECT {VACANCY_COLUMNS} FROM match_vacancy WHERE vacancy_id IN ({related}) \
                 AND expires_day >= $1 AND remote = 1"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(today))
                .fetch_all(&mut *conn)
                .await?
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Ranking.

/// The best `limit` published vacancies for a person, with reasons. Empty when the person has no
/// match row (no profile).
pub async fn vacancies_for_person(
    conn: &mut AnyConnection,
    person_id: i64,
    today: &str,
    limit: usize,
    weights: &MatchWeights,
) -> Result<Vec<RankedVacancy>, sqlx::Error> {
    let today = today_number(today)?;
    let Some(person) = load_person(conn, person_id).await? else {
        return Ok(Vec::new());
    };
    let rows = vacancy_candidates(conn, &person, today).await?;
    let mut top = TopK::new(limit);
    for row in &rows {
        let vacancy = vacancy_facts(row)?;
        if let Some((s, _)) = score_only(&person, &vacancy, weights, today) {
            if top.admits(s, vacancy.vacancy_id) {
                top.push(s, vacancy.vacancy_id, vacancy);
            }
        }
    }
    Ok(top
        .into_sorted()
        .into_iter()
        .filter_map(|v| {
            score(&person, &v, weights, today).map(|m| RankedVacancy {
                vacancy_id: v.vacancy_id,
                score: m.score,
                reasons: m.reasons,
                distance_km: m.distance_km,
            })
        })
        .collect())
}

/// Candidate generation in the vacancy's direction, in SQL: the people the audience may see who
/// share a skill with the vacancy or its ISCO-3 group, whose mobility box holds the workplace
/// (anyone, for a remote one) and who are available by the start.
async fn person_candidates(
    conn: &mut AnyConnection,
    vacancy: &VacancyFacts,
    today: i32,
    audience: Audience,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let start = i64::from(vacancy.start_date.max(today));
    let group = i64::from(vacancy.occupation.isco4 / 10);
    // The vacancy's skills are spliced in (integers only) rather than read by a subquery, so the
    // planner sees how many people each range holds.
    let mut skills: Vec<u32> = vacancy
        .must_skills
        .iter()
        .chain(&vacancy.nice_skills)
        .copied()
        .collect();
    skills.sort_unstable();
    skills.dedup();
    let remote = vacancy.work_mode == WorkMode::Remote;
    let place = if remote {
        ""
    } else {
        "AND lat_min <= $4 AND lat_max >= $4 AND lon_min <= $5 AND lon_max >= $5"
    };
    let filters = format!("{place} AND available_day <= $1 AND visibility >= $2");
    let by_group =
        format!("SELECT person_id FROM match_person_occupation WHERE isco3 = $3 {filters}");
    let ids = if skills.is_empty() {
        by_group
    } else {
        let list = skills
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        format!(
            "SELECT person_id FROM match_person_skill WHERE skill_id IN ({list}) {filters} \
             UNION {by_group}"
        )
    };
    let sql = format!("SELECT {PERSON_COLUMNS} FROM match_person WHERE person_id IN ({ids})");
    let query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(start)
        .bind(audience.min_visibility())
        .bind(group);
    if remote {
        query.fetch_all(&mut *conn).await
    } else {
        let (Some(lat), Some(lon)) = (vacancy.lat, vacancy.lon) else {
            return Ok(Vec::new());
        };
        query.bind(lat).bind(lon).fetch_all(&mut *conn).await
    }
}

/// How many rows candidate generation fetches for a person, without scoring them (the benchmark's
/// "where the time goes"); `None` when the person has no match row.
pub async fn candidate_rows_for_person(
    conn: &mut AnyConnection,
    person_id: i64,
    today: &str,
) -> Result<Option<usize>, sqlx::Error> {
    let today = today_number(today)?;
    let Some(person) = load_person(conn, person_id).await? else {
        return Ok(None);
    };
    Ok(Some(vacancy_candidates(conn, &person, today).await?.len()))
}

/// How many rows candidate generation fetches for a vacancy, without scoring them; `None` when the
/// vacancy is not published.
pub async fn candidate_rows_for_vacancy(
    conn: &mut AnyConnection,
    vacancy_id: i64,
    today: &str,
    audience: Audience,
) -> Result<Option<usize>, sqlx::Error> {
    let today = today_number(today)?;
    let Some(vacancy) = load_vacancy(conn, vacancy_id).await? else {
        return Ok(None);
    };
    Ok(Some(
        person_candidates(conn, &vacancy, today, audience)
            .await?
            .len(),
    ))
}

/// The best `limit` people for a published vacancy, with reasons, among those the audience may
/// see. Empty when the vacancy is not published.
pub async fn candidates_for_vacancy(
    conn: &mut AnyConnection,
    vacancy_id: i64,
    today: &str,
    limit: usize,
    weights: &MatchWeights,
    audience: Audience,
) -> Result<Vec<RankedCandidate>, sqlx::Error> {
    let today = today_number(today)?;
    let Some(vacancy) = load_vacancy(conn, vacancy_id).await? else {
        return Ok(Vec::new());
    };
    let rows = person_candidates(conn, &vacancy, today, audience).await?;
    rank_people(&rows, &vacancy, weights, today, limit)
}

fn rank_people(
    rows: &[AnyRow],
    vacancy: &VacancyFacts,
    weights: &MatchWeights,
    today: i32,
    limit: usize,
) -> Result<Vec<RankedCandidate>, sqlx::Error> {
    let mut top = TopK::new(limit);
    for row in rows {
        let person = person_facts(row)?;
        if let Some((s, _)) = score_only(&person, vacancy, weights, today) {
            if top.admits(s, person.person_id) {
                top.push(s, person.person_id, person);
            }
        }
    }
    Ok(top
        .into_sorted()
        .into_iter()
        .filter_map(|p| {
            score(&p, vacancy, weights, today).map(|m| RankedCandidate {
                person_id: p.person_id,
                score: m.score,
                reasons: m.reasons,
                distance_km: m.distance_km,
            })
        })
        .collect())
}

/// The benchmark's baseline: every person whose mobility box holds the vacancy (everyone, for a
/// remote one) is scored, with no candidate generation and no index on the box. CPI audience.
pub async fn naive_candidates_for_vacancy(
    conn: &mut AnyConnection,
    vacancy_id: i64,
    today: &str,
    limit: usize,
    weights: &MatchWeights,
) -> Result<Vec<RankedCandidate>, sqlx::Error> {
    let today = today_number(today)?;
    let Some(vacancy) = load_vacancy(conn, vacancy_id).await? else {
        return Ok(Vec::new());
    };
    let rows = match (vacancy.work_mode, vacancy.lat, vacancy.lon) {
        (WorkMode::Remote, _, _) => {
            let sql = format!("SELECT {PERSON_COLUMNS} FROM match_person");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut *conn)
                .await?
        }
        (_, Some(lat), Some(lon)) => {
            let sql = format!(
                "SELECT {PERSON_COLUMNS} FROM match_person WHERE lat_min <= $1 AND lat_max >= $1 \
                 AND lon_min <= $2 AND lon_max >= $2"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(lat)
                .bind(lon)
                .fetch_all(&mut *conn)
                .await?
        }
        _ => return Ok(Vec::new()),
    };
    rank_people(&rows, &vacancy, weights, today, limit)
}

/// The skill URIs of interned ids (to label the "missing" skills of a reason).
pub async fn skill_uris(
    conn: &mut AnyConnection,
    ids: &[u32],
) -> Result<HashMap<u32, String>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    // Only integers are spliced in.
    let sql = format!("SELECT id, uri FROM match_skill WHERE id IN ({list})");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)? as u32, r.try_get::<String, _>(1)?)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Showing the ranked: one query for all the cards of a page, not one per card.

/// What "Offerte per me" shows of a ranked vacancy.
pub struct VacancyCard {
    pub title: String,
    /// `None`: posted anonymously.
    pub company: Option<String>,
    pub comune: Option<String>,
    pub work_mode: String,
}

/// What a ranking of candidates shows of a person (the caller decides how much of it).
pub struct PersonCard {
    pub given_name: String,
    pub family_name: String,
    pub comune: Option<String>,
    /// The status of the person's application to the vacancy, if any.
    pub application: Option<String>,
}

/// A list of ids for `IN (…)`: integers only.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The cards of ranked vacancies, by id; an id that no longer exists is absent.
pub async fn vacancy_cards(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, VacancyCard>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT v.id, v.title, CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anon, c.name AS company, \
         m.name AS comune, v.work_mode FROM vacancy v JOIN company c ON c.id = v.company_id \
         LEFT JOIN comune m ON m.istat_code = v.work_istat WHERE v.id IN ({})",
        id_list(ids)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let anonymous: i64 = r.try_get("anon")?;
            let card = VacancyCard {
                title: r.try_get("title")?,
                company: if anonymous == 1 {
                    None
                } else {
                    Some(r.try_get("company")?)
                },
                comune: r.try_get("comune")?,
                work_mode: r.try_get("work_mode")?,
            };
            Ok((r.try_get::<i64, _>("id")?, card))
        })
        .collect()
}

/// The cards of ranked people for a vacancy, by id; an id that no longer exists is absent.
pub async fn person_cards(
    conn: &mut AnyConnection,
    ids: &[i64],
    vacancy_id: i64,
) -> Result<HashMap<i64, PersonCard>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT p.id, p.given_name, p.family_name, m.name AS comune, \
         (SELECT a.status FROM application a WHERE a.vacancy_id = $1 AND a.person_id = p.id) \
         AS application FROM person p LEFT JOIN comune m ON m.istat_code = p.residence_istat \
         WHERE p.id IN ({})",
        id_list(ids)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(vacancy_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let card = PersonCard {
                given_name: r.try_get("given_name")?,
                family_name: r.try_get("family_name")?,
                comune: r.try_get("comune")?,
                application: r.try_get("application")?,
            };
            Ok((r.try_get::<i64, _>("id")?, card))
        })
        .collect()
}
