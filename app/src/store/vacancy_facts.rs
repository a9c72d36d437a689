//! One reader of a vacancy's facts: the columns of `vacancy` with the names of its company, work
//! comune and occupation, read by one SELECT and one decoder. The company's page
//! (`api::vacancies`), the CPI's review (`api::vacancy_review`) and the public job page
//! (`api::jobs`) all start from [`VacancyRecord`]; each decides what its audience may see.

use crate::domain::policy::{CompanyId, CpiCode, Object};
use crate::domain::vacancy::{ClosedReason, VacancyState};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A vacancy with every fact any of its pages shows.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyRecord {
    pub id: i64,
    pub company_id: i64,
    /// Shown to the company and the CPI; the public page drops it when `anonymous`.
    pub company_name: String,
    /// The CPI that reviews it; `None` for drafts and demo rows (then the seat's CPI).
    pub cpi_code: Option<String>,
    /// The CPI of the company's seat.
    pub seat_cpi: Option<String>,
    pub status: VacancyState,
    pub closed_reason: Option<ClosedReason>,
    pub title: String,
    pub description: String,
    pub occupation_id: String,
    pub occupation_it: Option<String>,
    pub occupation_en: Option<String>,
    pub positions: i64,
    pub work_istat: Option<String>,
    /// The name of the work comune.
    pub comune: Option<String>,
    pub work_mode: String,
    pub contract_code: String,
    pub working_time_code: String,
    pub hours_per_week: Option<i64>,
    pub shifts: bool,
    pub nights: bool,
    pub weekends: bool,
    pub salary_min: i64,
    pub salary_max: i64,
    pub salary_period: String,
    pub start_date: String,
    pub expires_on: String,
    pub ccnl: Option<String>,
    pub eqf_min: Option<i64>,
    pub eqf_required: bool,
    pub experience_years: i64,
    pub experience_required: bool,
    pub candidate_channel: String,
    pub contact_channel: Option<String>,
    pub reserved_l68: bool,
    pub anonymous: bool,
    pub protocol: Option<String>,
    /// The wizard's answers as submitted (JSON), when the wizard made the vacancy.
    pub form: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    pub updated_at: Option<String>,
}

impl VacancyRecord {
    /// The CPI that reviews the vacancy: the one set at submission, else the seat's; empty outside
    /// the region.
    pub fn reviewing_cpi(&self) -> String {
        self.cpi_code
            .clone()
            .or_else(|| self.seat_cpi.clone())
            .unwrap_or_default()
    }

    /// The vacancy as the policy sees it.
    pub fn object(&self) -> Object {
        Object::Vacancy {
            company_id: CompanyId(self.company_id),
            cpi: CpiCode(self.reviewing_cpi()),
        }
    }
}

/// The SELECT list and joins of [`decode`]: `v` the vacancy, `c` its company, `s` the seat's
/// comune, `m` the work comune, `o` the occupation. Booleans come as 0/1 integers (SQLite's
/// booleans do not decode through `Any`).
pub const SELECT: &str = "SELECT v.id, v.company_id, c.name AS company_name, v.cpi_code, \
     s.cpi_code AS seat_cpi, v.status, v.closed_reason, v.title, v.description, v.occupation_id, \
     o.label_it AS occupation_it, o.label_en AS occupation_en, v.positions, v.work_istat, \
     m.name AS comune, v.work_mode, v.contract_code, v.working_time_code, v.hours_per_week, \
     CASE WHEN v.shifts THEN 1 ELSE 0 END AS shifts, \
     CASE WHEN v.nights THEN 1 ELSE 0 END AS nights, \
     CASE WHEN v.weekends THEN 1 ELSE 0 END AS weekends, \
     v.salary_min, v.salary_max, v.salary_period, v.start_date, v.expires_on, v.ccnl, \
     v.eqf_min, CASE WHEN v.eqf_required THEN 1 ELSE 0 END AS eqf_required, \
     v.experience_years, \
     CASE WHEN v.experience_required THEN 1 ELSE 0 END AS experience_required, \
     v.candidate_channel, v.contact_channel, \
     CASE WHEN v.reserved_l68 THEN 1 ELSE 0 END AS reserved_l68, \
     CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anonymous, \
     v.protocol, v.form, v.created_at, v.submitted_at, v.published_at, v.closed_at, v.updated_at \
     FROM vacancy v JOIN company c ON c.id = v.company_id \
     LEFT JOIN comune s ON s.istat_code = c.seat_istat \
     LEFT JOIN comune m ON m.istat_code = v.work_istat \
     LEFT JOIN occupation o ON o.id = v.occupation_id";

fn bad_value(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("{column} has an unknown value {value:?}"))
}

/// The row's `status` column.
pub fn state_of(row: &AnyRow) -> Result<VacancyState, sqlx::Error> {
    let status: String = row.try_get("status")?;
    VacancyState::parse(&status).ok_or_else(|| bad_value("vacancy.status", &status))
}

/// The row's `closed_reason` column.
pub fn closed_reason_of(row: &AnyRow) -> Result<Option<ClosedReason>, sqlx::Error> {
    row.try_get::<Option<String>, _>("closed_reason")?
        .map(|r| ClosedReason::parse(&r).ok_or_else(|| bad_value("vacancy.closed_reason", &r)))
        .transpose()
}

/// A 0/1 integer column as a boolean.
fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// A row of [`SELECT`].
pub fn decode(r: &AnyRow) -> Result<VacancyRecord, sqlx::Error> {
    Ok(VacancyRecord {
        id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        cpi_code: r.try_get("cpi_code")?,
        seat_cpi: r.try_get("seat_cpi")?,
        status: state_of(r)?,
        closed_reason: closed_reason_of(r)?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        occupation_id: r.try_get("occupation_id")?,
        occupation_it: r.try_get("occupation_it")?,
        occupation_en: r.try_get("occupation_en")?,
        positions: r.try_get("positions")?,
        work_istat: r.try_get("work_istat")?,
        comune: r.try_get("comune")?,
        work_mode: r.try_get("work_mode")?,
        contract_code: r.try_get("contract_code")?,
        working_time_code: r.try_get("working_time_code")?,
        hours_per_week: r.try_get("hours_per_week")?,
        shifts: flag(r, "shifts")?,
        nights: flag(r, "nights")?,
        weekends: flag(r, "weekends")?,
        salary_min: r.try_get("salary_min")?,
        salary_max: r.try_get("salary_max")?,
        salary_period: r.try_get("salary_period")?,
        start_date: r.try_get("start_date")?,
        expires_on: r.try_get("expires_on")?,
        ccnl: r.try_get("ccnl")?,
        eqf_min: r.try_get("eqf_min")?,
        eqf_required: flag(r, "eqf_required")?,
        experience_years: r.try_get("experience_years")?,
        experience_required: flag(r, "experience_required")?,
        candidate_channel: r.try_get("candidate_channel")?,
        contact_channel: r.try_get("contact_channel")?,
        reserved_l68: flag(r, "reserved_l68")?,
        anonymous: flag(r, "anonymous")?,
        protocol: r.try_get("protocol")?,
        form: r.try_get("form")?,
        created_at: r.try_get("created_at")?,
        submitted_at: r.try_get("submitted_at")?,
        published_at: r.try_get("published_at")?,
        closed_at: r.try_get("closed_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The skills, languages and licences a vacancy asks for, with the skills' labels in Italian
/// and English: (skills as (uri, label_it, label_en, must), languages as (lang, level, must),
/// licences as (code, must)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    pub skills: Vec<(String, String, String, bool)>,
    pub languages: Vec<(String, String, bool)>,
    pub licences: Vec<(String, bool)>,
}

pub async fn requirements_of(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Requirements, sqlx::Error> {
    let skills = sqlx::query(
        "SELECT vs.skill_uri, COALESCE(s.label_it, s.label_en, vs.skill_uri) AS label_it, \
         COALESCE(s.label_en, vs.skill_uri) AS label_en, \
         CASE WHEN vs.required THEN 1 ELSE 0 END AS required \
         FROM vacancy_skill vs LEFT JOIN skill s ON s.uri = vs.skill_uri \
         WHERE vs.vacancy_id = $1 ORDER BY required DESC, label_it",
    )
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("skill_uri")?,
            r.try_get("label_it")?,
            r.try_get("label_en")?,
            flag(r, "required")?,
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let languages = sqlx::query(
        "SELECT lang, level, CASE WHEN required THEN 1 ELSE 0 END AS required \
         FROM vacancy_language WHERE vacancy_id = $1 ORDER BY required DESC, lang",
    )
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("lang")?,
            r.try_get("level")?,
            flag(r, "required")?,
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let licences = sqlx::query(
        "SELECT licence_code, CASE WHEN required THEN 1 ELSE 0 END AS required \
         FROM vacancy_licence WHERE vacancy_id = $1 ORDER BY required DESC, licence_code",
    )
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("licence_code")?, flag(r, "required")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Requirements {
        skills,
        languages,
        licences,
    })
}

/// One vacancy, whoever's it is (the caller asks the policy).
pub async fn vacancy_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<VacancyRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE v.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(decode)
        .transpose()
}
