//! The CPI's review of submitted vacancies (issue 6): the queue of a CPI, one vacancy with every
//! fact the reviewer needs, reopening the wizard's draft after "request changes", the members to
//! notify, and the expiry of published vacancies.
//!
//! A vacancy's CPI is `vacancy.cpi_code` (set at submission), or for a row without one (a demo
//! vacancy, an old draft) the CPI of the company's seat comune.

use crate::domain::session_policy::Timestamp;
use crate::domain::vacancy::{VacancyEvent, VacancyState};
use crate::store::vacancy_events::{record_transition, Transition};
use sqlx::{AnyConnection, Row};

/// The SQL expression of a vacancy's reviewing CPI (`v` the vacancy, `m` the seat's comune).
const CPI_OF_VACANCY: &str = "COALESCE(v.cpi_code, m.cpi_code)";

/// One vacancy waiting for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRecord {
    pub id: i64,
    pub protocol: Option<String>,
    pub company_name: String,
    pub title: String,
    pub state: VacancyState,
    pub cpi_code: String,
    pub submitted_at: Option<String>,
}

fn state_of(code: &str) -> Result<VacancyState, sqlx::Error> {
    VacancyState::parse(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("vacancy status {code}").into()))
}

/// The vacancies waiting for review (submitted or in review) at `cpis` (every CPI when `None`),
/// oldest submission first.
pub async fn review_queue(
    conn: &mut AnyConnection,
    cpis: Option<&[String]>,
) -> Result<Vec<QueueRecord>, sqlx::Error> {
    let mut sql = format!(
        "SELECT v.id, v.protocol, c.name AS company_name, v.title, v.status, \
         {CPI_OF_VACANCY} AS cpi, COALESCE(v.submitted_at, v.created_at) AS submitted \
         FROM vacancy v JOIN company c ON c.id = v.company_id \
         LEFT JOIN comune m ON m.istat_code = c.seat_istat \
         WHERE v.status IN ('submitted', 'in_review')"
    );
    if let Some(cpis) = cpis {
        if cpis.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=cpis.len()).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND {CPI_OF_VACANCY} IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY submitted, v.id");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for cpi in cpis.unwrap_or_default() {
        query = query.bind(cpi.clone());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(QueueRecord {
                id: r.try_get("id")?,
                protocol: r.try_get("protocol")?,
                company_name: r.try_get("company_name")?,
                title: r.try_get("title")?,
                state: state_of(&r.try_get::<String, _>("status")?)?,
                cpi_code: r.try_get::<Option<String>, _>("cpi")?.unwrap_or_default(),
                submitted_at: r.try_get("submitted")?,
            })
        })
        .collect()
}

/// A requirement of a vacancy: (code or URI, label, must-have).
pub type Requirement = (String, String, bool);

/// Everything about one vacancy the reviewer sees.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub cpi_code: String,
    pub state: VacancyState,
    pub protocol: Option<String>,
    pub title: String,
    pub description: String,
    pub occupation_id: String,
    pub positions: i64,
    pub work_istat: Option<String>,
    pub work_comune: Option<String>,
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
    pub reserved_l68: bool,
    pub anonymous: bool,
    pub candidate_channel: String,
    pub contact_channel: Option<String>,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
    pub closed_reason: Option<String>,
    /// The wizard's answers as submitted (JSON), when the wizard made the vacancy.
    pub form: Option<String>,
}

fn flag(row: &sqlx::any::AnyRow, name: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(name)? != 0)
}

/// One vacancy with its company and reviewing CPI.
pub async fn review_record(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ReviewRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT v.id, v.company_id, c.name AS company_name, {CPI_OF_VACANCY} AS cpi, v.status, \
         v.protocol, v.title, v.description, v.occupation_id, v.positions, v.work_istat, \
         w.name AS work_comune, v.work_mode, v.contract_code, v.working_time_code, \
         v.hours_per_week, CASE WHEN v.shifts THEN 1 ELSE 0 END AS shifts, \
         CASE WHEN v.nights THEN 1 ELSE 0 END AS nights, \
         CASE WHEN v.weekends THEN 1 ELSE 0 END AS weekends, v.salary_min, v.salary_max, \
         v.salary_period, v.start_date, v.expires_on, v.ccnl, v.eqf_min, \
         CASE WHEN v.eqf_required THEN 1 ELSE 0 END AS eqf_required, v.experience_years, \
         CASE WHEN v.experience_required THEN 1 ELSE 0 END AS experience_required, \
         CASE WHEN v.reserved_l68 THEN 1 ELSE 0 END AS reserved_l68, \
         CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anonymous, v.candidate_channel, \
         v.contact_channel, v.submitted_at, v.published_at, v.closed_reason, v.form \
         FROM vacancy v JOIN company c ON c.id = v.company_id \
         LEFT JOIN comune m ON m.istat_code = c.seat_istat \
         LEFT JOIN comune w ON w.istat_code = v.work_istat \
         WHERE v.id = $1"
    );
    let Some(r) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(ReviewRecord {
        id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        cpi_code: r.try_get::<Option<String>, _>("cpi")?.unwrap_or_default(),
        state: state_of(&r.try_get::<String, _>("status")?)?,
        protocol: r.try_get("protocol")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        occupation_id: r.try_get("occupation_id")?,
        positions: r.try_get("positions")?,
        work_istat: r.try_get("work_istat")?,
        work_comune: r.try_get("work_comune")?,
        work_mode: r.try_get("work_mode")?,
        contract_code: r.try_get("contract_code")?,
        working_time_code: r.try_get("working_time_code")?,
        hours_per_week: r.try_get("hours_per_week")?,
        shifts: flag(&r, "shifts")?,
        nights: flag(&r, "nights")?,
        weekends: flag(&r, "weekends")?,
        salary_min: r.try_get("salary_min")?,
        salary_max: r.try_get("salary_max")?,
        salary_period: r.try_get("salary_period")?,
        start_date: r.try_get("start_date")?,
        expires_on: r.try_get("expires_on")?,
        ccnl: r.try_get("ccnl")?,
        eqf_min: r.try_get("eqf_min")?,
        eqf_required: flag(&r, "eqf_required")?,
        experience_years: r.try_get("experience_years")?,
        experience_required: flag(&r, "experience_required")?,
        reserved_l68: flag(&r, "reserved_l68")?,
        anonymous: flag(&r, "anonymous")?,
        candidate_channel: r.try_get("candidate_channel")?,
        contact_channel: r.try_get("contact_channel")?,
        submitted_at: r.try_get("submitted_at")?,
        published_at: r.try_get("published_at")?,
        closed_reason: r.try_get("closed_reason")?,
        form: r.try_get("form")?,
    }))
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

/// After "request changes": the vacancy's wizard draft opens again at `step` (its completed
/// steps lose `step`, so the wizard goes there), and its version grows so a page open on the old
/// version cannot overwrite it. `false`: the vacancy has no draft (a demo row).
pub async fn reopen_draft(
    conn: &mut AnyConnection,
    now: Timestamp,
    vacancy_id: i64,
    step: &str,
) -> Result<bool, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT completed_steps FROM vacancy_draft WHERE vacancy_id = $1")
        .bind(vacancy_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(false);
    };
    let completed: String = row.try_get("completed_steps")?;
    let remaining = completed
        .split(',')
        .filter(|s| !s.is_empty() && *s != step)
        .collect::<Vec<_>>()
        .join(",");
    let changed = sqlx::query(
        "UPDATE vacancy_draft SET submitted_at = NULL, reopened_step = $1, completed_steps = $2, \
         version = version + 1, updated_at = $3 WHERE vacancy_id = $4",
    )
    .bind(step)
    .bind(remaining)
    .bind(now.to_iso())
    .bind(vacancy_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The accounts to tell about a vacancy: the company's active members.
pub async fn member_users(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let members =
        crate::store::companies::members(conn, crate::domain::policy::CompanyId(company_id))
            .await?;
    Ok(members.into_iter().map(|m| m.user_id).collect())
}

/// Tells every member of the vacancy's company about `kind` (one notification each, once per
/// event: the key carries the event's instant).
pub async fn notify_members(
    conn: &mut AnyConnection,
    now: Timestamp,
    company_id: i64,
    vacancy_id: i64,
    kind: &str,
    params: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let link = format!("/impresa/offerte/{vacancy_id}");
    let key = format!("vacancy:{vacancy_id}:{kind}:{}", now.unix_millis());
    for user in member_users(conn, company_id).await? {
        crate::store::outbox::enqueue(
            conn,
            now,
            &crate::store::outbox::Notification {
                recipient_user_id: user,
                event_key: &key,
                kind,
                params: params.clone(),
                link: &link,
            },
        )
        .await?;
    }
    Ok(())
}

/// The notification's facts of a vacancy.
pub fn notification_params(protocol: Option<&str>, title: &str) -> serde_json::Value {
    serde_json::json!({ "protocol": protocol.unwrap_or_default(), "title": title })
}

/// Closes every published vacancy whose last day (`expires_on`) is before today, each with its
/// `expired` event and a `vacancy_expired` notification to the company's members. Returns the
/// ids closed. Runs in the caller's transaction; a vacancy another writer moved first is skipped.
pub async fn expire_vacancies(
    conn: &mut AnyConnection,
    now: Timestamp,
) -> Result<Vec<i64>, sqlx::Error> {
    let today = now.to_iso()[..10].to_string();
    let due = sqlx::query(
        "SELECT id, company_id, protocol, title FROM vacancy \
         WHERE status = 'published' AND expires_on < $1 ORDER BY id",
    )
    .bind(&today)
    .fetch_all(&mut *conn)
    .await?;
    let mut closed = Vec::new();
    for row in &due {
        let id: i64 = row.try_get("id")?;
        let moved = record_transition(
            conn,
            now,
            &Transition {
                vacancy_id: id,
                from: VacancyState::Published,
                to: VacancyState::Closed,
                event: VacancyEvent::Expire,
                actor_user_id: None,
                step: None,
                note: None,
                expires_on: None,
            },
        )
        .await?;
        if !moved {
            continue;
        }
        let protocol: Option<String> = row.try_get("protocol")?;
        let title: String = row.try_get("title")?;
        notify_members(
            conn,
            now,
            row.try_get("company_id")?,
            id,
            "vacancy_expired",
            notification_params(protocol.as_deref(), &title),
        )
        .await?;
        closed.push(id);
    }
    Ok(closed)
}
