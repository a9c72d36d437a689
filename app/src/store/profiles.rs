//! Reading and writing the professional profile (issue 7).
//!
//! Every write first makes sure the `profile` row exists (a new citizen has none: the column
//! defaults, visibility hidden included, apply) and stamps `updated_at`. `profile.eqf_level` and
//! `education_title` are kept as the highest entry of `profile_education`, because matching reads
//! them.

use crate::api::profile::{EducationItem, ExperienceItem, Labelled, LanguageItem, ProfileView};
use crate::domain::codice_fiscale::CalendarDate;
use crate::domain::policy::PersonId;
use crate::domain::profile::{
    Cefr, NewEntry, Preferences, Section, SectionCounts, Visibility, MAX_ENTRIES,
};
use crate::domain::session_policy::Timestamp;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Most skill suggestions and search hits shown.
pub const SKILL_HITS: i64 = 20;

/// Why an entry could not be added, besides a database error.
#[derive(Debug)]
pub enum AddError {
    /// The occupation or skill named does not exist.
    Unknown,
    /// The section already holds [`MAX_ENTRIES`].
    Full,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(e: sqlx::Error) -> Self {
        AddError::Db(e)
    }
}

fn decode<E: std::error::Error + Send + Sync + 'static>(e: E) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

#[derive(Debug)]
struct BadValue(String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unexpected stored value {}", self.0)
    }
}

impl std::error::Error for BadValue {}

fn label(row: &AnyRow, lang: &str) -> Result<String, sqlx::Error> {
    let en: Option<String> = row.try_get("label_en")?;
    let it: Option<String> = row.try_get("label_it")?;
    let code: String = row.try_get("code")?;
    Ok(match (lang, it, en) {
        ("it", Some(it), _) if !it.is_empty() => it,
        (_, _, Some(en)) if !en.is_empty() => en,
        (_, Some(it), _) if !it.is_empty() => it,
        _ => code,
    })
}

/// Creates the person's profile row with the defaults, if missing, and stamps the change.
pub async fn touch(
    conn: &mut AnyConnection,
    person: PersonId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO profile (person_id, updated_at) VALUES ($1, $2) \
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person.0)
    .bind(now.to_iso())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE profile SET updated_at = $2 WHERE person_id = $1")
        .bind(person.0)
        .bind(now.to_iso())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The whole profile in `lang` (`it` or `en`), with the completeness meter. A person without a
/// profile row gets the defaults (visibility hidden).
pub async fn load(
    conn: &mut AnyConnection,
    person: PersonId,
    lang: &str,
) -> Result<Option<ProfileView>, sqlx::Error> {
    let Some(who) = sqlx::query(
        "SELECT given_name, family_name, email, phone, birth_date FROM person WHERE id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let base = sqlx::query(
        "SELECT eqf_level, education_title, available_from, mobility_radius_km, \
         CASE WHEN has_vehicle THEN 1 ELSE 0 END AS has_vehicle, visibility, presentation, \
         working_time_pref, max_hours_per_week, \
         CASE WHEN shifts_ok THEN 1 ELSE 0 END AS shifts_ok, \
         CASE WHEN nights_ok THEN 1 ELSE 0 END AS nights_ok, \
         CASE WHEN weekends_ok THEN 1 ELSE 0 END AS weekends_ok, \
         CASE WHEN remote_ok THEN 1 ELSE 0 END AS remote_ok, updated_at \
         FROM profile WHERE person_id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    let mut view = ProfileView {
        person_id: person.0,
        given_name: who.try_get("given_name")?,
        family_name: who.try_get("family_name")?,
        email: who.try_get("email")?,
        phone: who.try_get("phone")?,
        birth_date: who.try_get("birth_date")?,
        editable: false,
        visibility: Visibility::Hidden,
        eqf_level: None,
        education: education(conn, person).await?,
        experience: Vec::new(),
        skills: Vec::new(),
        skill_suggestions: Vec::new(),
        languages: Vec::new(),
        licences: Vec::new(),
        contracts: Vec::new(),
        desired: Vec::new(),
        preferences: Preferences::default(),
        presentation: None,
        updated_at: None,
        completeness: SectionCounts::default().completeness(),
    };
    if let Some(row) = base {
        let visibility: String = row.try_get("visibility")?;
        view.visibility =
            Visibility::parse(&visibility).ok_or_else(|| decode(BadValue(visibility)))?;
        view.eqf_level = row
            .try_get::<Option<i64>, _>("eqf_level")?
            .and_then(|l| u8::try_from(l).ok());
        let flag =
            |name: &str| -> Result<bool, sqlx::Error> { Ok(row.try_get::<i64, _>(name)? == 1) };
        view.preferences = Preferences {
            working_time: row.try_get("working_time_pref")?,
            max_hours_per_week: row.try_get("max_hours_per_week")?,
            shifts_ok: flag("shifts_ok")?,
            nights_ok: flag("nights_ok")?,
            weekends_ok: flag("weekends_ok")?,
            remote_ok: flag("remote_ok")?,
            has_vehicle: flag("has_vehicle")?,
            mobility_radius_km: row.try_get("mobility_radius_km")?,
            available_from: row
                .try_get::<Option<String>, _>("available_from")?
                .and_then(|d| CalendarDate::parse_iso(&d)),
        };
        view.presentation = row.try_get("presentation")?;
        view.updated_at = row.try_get("updated_at")?;
    }
    view.experience = sqlx::query(
        "SELECT e.id, e.occupation_id AS code, o.label_it, o.label_en, e.employer, e.from_date, \
         e.to_date FROM profile_experience e LEFT JOIN occupation o ON o.id = e.occupation_id \
         WHERE e.person_id = $1 ORDER BY e.from_date DESC, e.id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ExperienceItem {
            id: r.try_get("id")?,
            occupation_id: r.try_get("code")?,
            occupation: label(r, lang)?,
            employer: r.try_get("employer")?,
            from: r.try_get("from_date")?,
            to: r.try_get("to_date")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    view.skills = labelled(
        conn,
        "SELECT p.skill_uri AS code, s.label_it, s.label_en FROM profile_skill p \
         LEFT JOIN skill s ON s.uri = p.skill_uri WHERE p.person_id = $1 ORDER BY p.skill_uri",
        person,
        lang,
    )
    .await?;
    view.skills.sort_by(|a, b| a.label.cmp(&b.label));
    view.desired = labelled(
        conn,
        "SELECT p.occupation_id AS code, o.label_it, o.label_en FROM profile_occupation p \
         LEFT JOIN occupation o ON o.id = p.occupation_id WHERE p.person_id = $1 \
         ORDER BY p.rank, p.occupation_id",
        person,
        lang,
    )
    .await?;
    view.languages =
        sqlx::query("SELECT lang, level FROM profile_language WHERE person_id = $1 ORDER BY lang")
            .bind(person.0)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                let level: String = r.try_get("level")?;
                Ok(LanguageItem {
                    lang: r.try_get("lang")?,
                    level: Cefr::parse(&level).ok_or_else(|| decode(BadValue(level)))?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // Mother tongues first, then by level.
    view.languages
        .sort_by(|a, b| b.level.cmp(&a.level).then(a.lang.cmp(&b.lang)));
    view.licences = codes(
        conn,
        "SELECT licence_code FROM profile_licence WHERE person_id = $1 ORDER BY licence_code",
        person,
    )
    .await?;
    view.contracts = codes(
        conn,
        "SELECT contract_code FROM profile_contract WHERE person_id = $1 ORDER BY contract_code",
        person,
    )
    .await?;
    view.skill_suggestions = skill_suggestions(conn, person, lang).await?;
    view.completeness = counts(&view).completeness();
    Ok(Some(view))
}

/// What the completeness meter counts in a profile.
pub fn counts(view: &ProfileView) -> SectionCounts {
    SectionCounts {
        desired: view.desired.len(),
        experience: view.experience.len(),
        education: view.education.len(),
        skills: view.skills.len(),
        languages: view.languages.len(),
        licences: view.licences.len(),
        contracts: view.contracts.len(),
        available_from: view.preferences.available_from.is_some(),
        presentation: view.presentation.is_some(),
    }
}

async fn labelled(
    conn: &mut AnyConnection,
    sql: &'static str,
    person: PersonId,
    lang: &str,
) -> Result<Vec<Labelled>, sqlx::Error> {
    sqlx::query(sql)
        .bind(person.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Labelled {
                code: r.try_get("code")?,
                label: label(r, lang)?,
            })
        })
        .collect()
}

async fn codes(
    conn: &mut AnyConnection,
    sql: &'static str,
    person: PersonId,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(sql)
        .bind(person.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// The education entries; a profile from before the entries existed shows its single title as
/// entry 0 (see [`materialise_legacy_education`]).
async fn education(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<EducationItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, eqf, title, year FROM profile_education WHERE person_id = $1 \
         ORDER BY eqf DESC, COALESCE(year, 0) DESC, id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(EducationItem {
                id: r.try_get("id")?,
                eqf: u8::try_from(r.try_get::<i64, _>("eqf")?).unwrap_or(1),
                title: r.try_get("title")?,
                year: r.try_get("year")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if out.is_empty() {
        if let Some((eqf, title)) = legacy_education(conn, person).await? {
            out.push(EducationItem {
                id: 0,
                eqf,
                title,
                year: None,
            });
        }
    }
    Ok(out)
}

async fn legacy_education(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<(u8, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT eqf_level, education_title FROM profile WHERE person_id = $1 \
         AND eqf_level IS NOT NULL AND education_title IS NOT NULL",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some((
            u8::try_from(r.try_get::<i64, _>(0)?).unwrap_or(1),
            r.try_get(1)?,
        )),
        None => None,
    })
}

/// Profiles written before `profile_education` (the demo's, the region's import) hold one title on
/// `profile`; the first edit of the section turns it into an entry, so nothing the person had is lost.
async fn materialise_legacy_education(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<(), sqlx::Error> {
    let has_rows = sqlx::query("SELECT 1 FROM profile_education WHERE person_id = $1")
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    if has_rows {
        return Ok(());
    }
    if let Some((eqf, title)) = legacy_education(conn, person).await? {
        sqlx::query("INSERT INTO profile_education (person_id, eqf, title) VALUES ($1, $2, $3)")
            .bind(person.0)
            .bind(i64::from(eqf))
            .bind(title)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `profile.eqf_level` and `education_title` from the highest entry (none: both empty).
async fn sync_highest_education(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE profile SET \
         eqf_level = (SELECT MAX(eqf) FROM profile_education WHERE person_id = $1), \
         education_title = (SELECT title FROM profile_education WHERE person_id = $1 \
           ORDER BY eqf DESC, COALESCE(year, 0) DESC, id DESC LIMIT 1) \
         WHERE person_id = $1",
    )
    .bind(person.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn count(
    conn: &mut AnyConnection,
    sql: &'static str,
    person: PersonId,
) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query(sql)
        .bind(person.0)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

async fn exists(
    conn: &mut AnyConnection,
    sql: &'static str,
    key: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(sql)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The count query of a section's entries.
fn count_sql(entry: &NewEntry) -> &'static str {
    match entry {
        NewEntry::Education { .. } => "SELECT COUNT(*) FROM profile_education WHERE person_id = $1",
        NewEntry::Experience { .. } => {
            "SELECT COUNT(*) FROM profile_experience WHERE person_id = $1"
        }
        NewEntry::Skill { .. } => "SELECT COUNT(*) FROM profile_skill WHERE person_id = $1",
        NewEntry::Language { .. } => "SELECT COUNT(*) FROM profile_language WHERE person_id = $1",
        NewEntry::Licence { .. } => "SELECT COUNT(*) FROM profile_licence WHERE person_id = $1",
        NewEntry::Contract { .. } => "SELECT COUNT(*) FROM profile_contract WHERE person_id = $1",
        NewEntry::Desired { .. } => "SELECT COUNT(*) FROM profile_occupation WHERE person_id = $1",
    }
}

/// Adds an entry (the profile row must exist: see [`touch`]). Adding what is already there
/// changes nothing, except a language, whose level is replaced. Returns the entry as the audit
/// row's "after".
pub async fn add_entry(
    conn: &mut AnyConnection,
    person: PersonId,
    entry: &NewEntry,
) -> Result<serde_json::Value, AddError> {
    if count(conn, count_sql(entry), person).await? >= MAX_ENTRIES {
        return Err(AddError::Full);
    }
    match entry {
        NewEntry::Education { eqf, title, year } => {
            materialise_legacy_education(conn, person).await?;
            sqlx::query(
                "INSERT INTO profile_education (person_id, eqf, title, year) VALUES ($1, $2, $3, $4)",
            )
            .bind(person.0)
            .bind(i64::from(*eqf))
            .bind(title)
            .bind(*year)
            .execute(&mut *conn)
            .await?;
            sync_highest_education(conn, person).await?;
        }
        NewEntry::Experience {
            occupation_id,
            employer,
            from,
            to,
        } => {
            if !exists(
                conn,
                "SELECT 1 FROM occupation WHERE id = $1",
                occupation_id,
            )
            .await?
            {
                return Err(AddError::Unknown);
            }
            sqlx::query(
                "INSERT INTO profile_experience (person_id, occupation_id, employer, from_date, \
                 to_date) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(person.0)
            .bind(occupation_id)
            .bind(employer)
            .bind(from.to_string())
            .bind(to.map(|d| d.to_string()))
            .execute(&mut *conn)
            .await?;
        }
        NewEntry::Skill { uri } => {
            if !exists(conn, "SELECT 1 FROM skill WHERE uri = $1", uri).await? {
                return Err(AddError::Unknown);
            }
            sqlx::query(
                "INSERT INTO profile_skill (person_id, skill_uri) VALUES ($1, $2) \
                 ON CONFLICT (person_id, skill_uri) DO NOTHING",
            )
            .bind(person.0)
            .bind(uri)
            .execute(&mut *conn)
            .await?;
        }
        NewEntry::Language { lang, level } => {
            sqlx::query(
                "INSERT INTO profile_language (person_id, lang, level) VALUES ($1, $2, $3) \
                 ON CONFLICT (person_id, lang) DO UPDATE SET level = excluded.level",
            )
            .bind(person.0)
            .bind(lang)
            .bind(level.code())
            .execute(&mut *conn)
            .await?;
        }
        NewEntry::Licence { code } => {
            sqlx::query(
                "INSERT INTO profile_licence (person_id, licence_code) VALUES ($1, $2) \
                 ON CONFLICT (person_id, licence_code) DO NOTHING",
            )
            .bind(person.0)
            .bind(code)
            .execute(&mut *conn)
            .await?;
        }
        NewEntry::Contract { code } => {
            sqlx::query(
                "INSERT INTO profile_contract (person_id, contract_code) VALUES ($1, $2) \
                 ON CONFLICT (person_id, contract_code) DO NOTHING",
            )
            .bind(person.0)
            .bind(code)
            .execute(&mut *conn)
            .await?;
        }
        NewEntry::Desired { occupation_id } => {
            if !exists(
                conn,
                "SELECT 1 FROM occupation WHERE id = $1",
                occupation_id,
            )
            .await?
            {
                return Err(AddError::Unknown);
            }
            sqlx::query(
                "INSERT INTO profile_occupation (person_id, occupation_id, rank) \
                 SELECT $1, $2, COALESCE(MAX(rank) + 1, 0) FROM profile_occupation \
                 WHERE person_id = $1 \
                 ON CONFLICT (person_id, occupation_id) DO NOTHING",
            )
            .bind(person.0)
            .bind(occupation_id)
            .execute(&mut *conn)
            .await?;
        }
    }
    serde_json::to_value(entry).map_err(|e| AddError::Db(decode(e)))
}

/// Removes the entry `key` of a list section (an id, or a code). Returns what was removed, as
/// the audit row's "before"; `None` when the person has no such entry.
pub async fn remove_entry(
    conn: &mut AnyConnection,
    person: PersonId,
    section: Section,
    key: &str,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let key = key.trim();
    let id = || key.parse::<i64>().ok();
    let (select, delete): (&'static str, &'static str) = match section {
        Section::Education => {
            if id() == Some(0) {
                // The legacy title (no entries yet): clear it from `profile`.
                let Some((eqf, title)) = legacy_education(conn, person).await? else {
                    return Ok(None);
                };
                sqlx::query(
                    "UPDATE profile SET eqf_level = NULL, education_title = NULL \
                     WHERE person_id = $1",
                )
                .bind(person.0)
                .execute(&mut *conn)
                .await?;
                return Ok(Some(json!({ "eqf": eqf, "title": title })));
            }
            (
                "SELECT eqf, title, year FROM profile_education WHERE person_id = $1 AND id = $2",
                "DELETE FROM profile_education WHERE person_id = $1 AND id = $2",
            )
        }
        Section::Experience => (
            "SELECT occupation_id, employer, from_date, to_date FROM profile_experience \
             WHERE person_id = $1 AND id = $2",
            "DELETE FROM profile_experience WHERE person_id = $1 AND id = $2",
        ),
        Section::Skills => (
            "SELECT skill_uri FROM profile_skill WHERE person_id = $1 AND skill_uri = $2",
            "DELETE FROM profile_skill WHERE person_id = $1 AND skill_uri = $2",
        ),
        Section::Languages => (
            "SELECT lang, level FROM profile_language WHERE person_id = $1 AND lang = $2",
            "DELETE FROM profile_language WHERE person_id = $1 AND lang = $2",
        ),
        Section::Licences => (
            "SELECT licence_code FROM profile_licence WHERE person_id = $1 AND licence_code = $2",
            "DELETE FROM profile_licence WHERE person_id = $1 AND licence_code = $2",
        ),
        Section::Contracts => (
            "SELECT contract_code FROM profile_contract WHERE person_id = $1 AND contract_code = $2",
            "DELETE FROM profile_contract WHERE person_id = $1 AND contract_code = $2",
        ),
        Section::Desired => (
            "SELECT occupation_id, rank FROM profile_occupation \
             WHERE person_id = $1 AND occupation_id = $2",
            "DELETE FROM profile_occupation WHERE person_id = $1 AND occupation_id = $2",
        ),
        Section::Availability | Section::Presentation | Section::Visibility => return Ok(None),
    };
    let by_id = matches!(section, Section::Education | Section::Experience);
    if by_id && id().is_none() {
        return Ok(None);
    }
    macro_rules! run {
        ($sql:expr) => {{
            let q = sqlx::query($sql).bind(person.0);
            if by_id {
                q.bind(id().unwrap_or(0))
            } else {
                q.bind(key.to_string())
            }
        }};
    }
    let Some(row) = run!(select).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let before = row_json(&row);
    run!(delete).execute(&mut *conn).await?;
    if section == Section::Education {
        sync_highest_education(conn, person).await?;
    }
    Ok(Some(before))
}

/// A row as a JSON object, for the audit row's "before" (integers and text: all these tables hold).
fn row_json(row: &AnyRow) -> serde_json::Value {
    use sqlx::Column;
    let map = row
        .columns()
        .iter()
        .map(|c| {
            let i = c.ordinal();
            let value = match row.try_get::<Option<i64>, _>(i) {
                Ok(v) => v.map_or(serde_json::Value::Null, Into::into),
                Err(_) => row
                    .try_get::<Option<String>, _>(i)
                    .ok()
                    .flatten()
                    .map_or(serde_json::Value::Null, Into::into),
            };
            (c.name().to_string(), value)
        })
        .collect::<serde_json::Map<_, _>>();
    serde_json::Value::Object(map)
}

/// Moves a desired occupation one place up. `false` when the person does not seek it.
pub async fn raise_desired(
    conn: &mut AnyConnection,
    person: PersonId,
    occupation_id: &str,
) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT occupation_id FROM profile_occupation WHERE person_id = $1 \
         ORDER BY rank, occupation_id",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut order = rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(at) = order.iter().position(|o| o == occupation_id) else {
        return Ok(false);
    };
    if at > 0 {
        order.swap(at, at - 1);
    }
    for (rank, occupation) in order.iter().enumerate() {
        sqlx::query(
            "UPDATE profile_occupation SET rank = $3 WHERE person_id = $1 AND occupation_id = $2",
        )
        .bind(person.0)
        .bind(occupation)
        .bind(rank as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// Writes working time, hours, mobility and availability.
pub async fn save_preferences(
    conn: &mut AnyConnection,
    person: PersonId,
    p: &Preferences,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE profile SET working_time_pref = $2, max_hours_per_week = $3, shifts_ok = $4, \
         nights_ok = $5, weekends_ok = $6, remote_ok = $7, has_vehicle = $8, \
         mobility_radius_km = $9, available_from = $10 WHERE person_id = $1",
    )
    .bind(person.0)
    .bind(p.working_time.clone())
    .bind(p.max_hours_per_week)
    .bind(p.shifts_ok)
    .bind(p.nights_ok)
    .bind(p.weekends_ok)
    .bind(p.remote_ok)
    .bind(p.has_vehicle)
    .bind(p.mobility_radius_km)
    .bind(p.available_from.map(|d| d.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn save_presentation(
    conn: &mut AnyConnection,
    person: PersonId,
    text: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE profile SET presentation = $2 WHERE person_id = $1")
        .bind(person.0)
        .bind(text.map(str::to_string))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn save_visibility(
    conn: &mut AnyConnection,
    person: PersonId,
    visibility: Visibility,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE profile SET visibility = $2 WHERE person_id = $1")
        .bind(person.0)
        .bind(visibility.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Skills of the occupations the person seeks or has done (ESCO `occupation_skill`) that they
/// have not listed yet: essential ones first, then those shared by more of their occupations.
pub async fn skill_suggestions(
    conn: &mut AnyConnection,
    person: PersonId,
    lang: &str,
) -> Result<Vec<Labelled>, sqlx::Error> {
    sqlx::query(
        "SELECT s.uri AS code, s.label_it, s.label_en, \
         MAX(CASE WHEN os.relation = 'essential' THEN 1 ELSE 0 END) AS essential, \
         COUNT(*) AS shared \
         FROM occupation o JOIN occupation_skill os ON os.occupation_uri = o.esco_uri \
         JOIN skill s ON s.uri = os.skill_uri \
         WHERE o.id IN (SELECT occupation_id FROM profile_occupation WHERE person_id = $1 \
                        UNION SELECT occupation_id FROM profile_experience WHERE person_id = $1) \
         AND s.uri NOT IN (SELECT skill_uri FROM profile_skill WHERE person_id = $1) \
         GROUP BY s.uri, s.label_it, s.label_en \
         ORDER BY essential DESC, shared DESC, s.label_en, s.uri LIMIT $2",
    )
    .bind(person.0)
    .bind(SKILL_HITS)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Labelled {
            code: r.try_get("code")?,
            label: label(r, lang)?,
        })
    })
    .collect()
}

/// Skills whose label (either language) contains `q` (already normalised to lower case).
pub async fn search_skills(
    conn: &mut AnyConnection,
    q: &str,
    lang: &str,
) -> Result<Vec<Labelled>, sqlx::Error> {
    let pattern = format!("%{}%", q.replace(['\\', '%', '_'], ""));
    sqlx::query(
        "SELECT uri AS code, label_it, label_en FROM skill \
         WHERE LOWER(label_en) LIKE $1 OR LOWER(COALESCE(label_it, '')) LIKE $1 \
         ORDER BY LENGTH(label_en), label_en, uri LIMIT $2",
    )
    .bind(pattern)
    .bind(SKILL_HITS)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Labelled {
            code: r.try_get("code")?,
            label: label(r, lang)?,
        })
    })
    .collect()
}
