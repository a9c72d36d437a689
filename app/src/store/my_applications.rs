//! The candidate's side of applications (issue 7): what a person sees of their own applications
//! and CPI proposals, their note, their answer to a proposal, and the KPI milestones
//! (`shortlisted_at`, `sent_at`) the pipeline records. The moves themselves go through
//! `store::applications::move_application`, which writes the history.

use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};
use crate::domain::policy::PersonId;
use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};

fn decode(what: &str, code: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {code}").into())
}

/// One of the person's applications as they see it. The outcome's reason is there only if the
/// company shared it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnApplication {
    pub id: i64,
    pub vacancy_id: i64,
    pub title: String,
    pub company: String,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    pub shared_reason: Option<NotSelectedReason>,
    pub message: Option<String>,
    pub proposal_answer: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The person's applications and proposals, newest change first.
pub async fn applications_of_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<OwnApplication>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.vacancy_id, v.title, c.name AS company, a.source, a.status, \
         a.reason_code, CASE WHEN a.reason_shared THEN 1 ELSE 0 END AS shared, a.message, \
         a.proposal_answer, a.created_at, a.updated_at \
         FROM application a JOIN vacancy v ON v.id = a.vacancy_id \
         JOIN company c ON c.id = v.company_id \
         WHERE a.person_id = $1 ORDER BY a.updated_at DESC, a.id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let source: String = row.try_get("source")?;
            let status: String = row.try_get("status")?;
            let shared = row.try_get::<i64, _>("shared")? == 1;
            let reason = match row.try_get::<Option<String>, _>("reason_code")? {
                Some(code) if shared => {
                    Some(NotSelectedReason::parse(&code).ok_or_else(|| decode("reason", &code))?)
                }
                _ => None,
            };
            Ok(OwnApplication {
                id: row.try_get("id")?,
                vacancy_id: row.try_get("vacancy_id")?,
                title: row.try_get("title")?,
                company: row.try_get("company")?,
                source: ApplicationSource::parse(&source)
                    .ok_or_else(|| decode("source", &source))?,
                status: ApplicationStatus::parse(&status)
                    .ok_or_else(|| decode("status", &status))?,
                shared_reason: reason,
                message: row.try_get("message")?,
                proposal_answer: row.try_get("proposal_answer")?,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect()
}

/// The application of `person` to `vacancy`, if any.
pub async fn application_of(
    conn: &mut AnyConnection,
    vacancy_id: i64,
    person: PersonId,
) -> Result<Option<(i64, ApplicationStatus)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, status FROM application WHERE vacancy_id = $1 AND person_id = $2")
            .bind(vacancy_id)
            .bind(person.0)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        let status: String = r.try_get("status")?;
        Ok((
            r.try_get("id")?,
            ApplicationStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
        ))
    })
    .transpose()
}

/// Stores the applicant's note on their application.
pub async fn set_message(
    conn: &mut AnyConnection,
    application_id: i64,
    message: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE application SET message = $1 WHERE id = $2")
        .bind(message)
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The answer to a CPI proposal, once: `false` when it was already answered or is no longer on
/// the shortlist (nothing written).
pub async fn answer_proposal(
    conn: &mut AnyConnection,
    now: Timestamp,
    application_id: i64,
    answer: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE application SET proposal_answer = $1, proposal_answered_at = $2, updated_at = $2 \
         WHERE id = $3 AND source = 'cpi' AND status = 'shortlisted' AND proposal_answer IS NULL",
    )
    .bind(answer)
    .bind(now.to_iso())
    .bind(application_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The candidate's answer to a CPI proposal, if any.
pub async fn proposal_answer(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT proposal_answer FROM application WHERE id = $1")
        .bind(application_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<String>, _>(0)?,
        None => None,
    })
}

/// A KPI milestone of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    Shortlisted,
    Sent,
}

/// Records when an application first reached `milestone` (later calls keep the first instant).
pub async fn mark_milestone(
    conn: &mut AnyConnection,
    now: Timestamp,
    application_id: i64,
    milestone: Milestone,
) -> Result<(), sqlx::Error> {
    let sql = match milestone {
        Milestone::Shortlisted => {
            "UPDATE application SET shortlisted_at = $1 WHERE id = $2 AND shortlisted_at IS NULL"
        }
        Milestone::Sent => "UPDATE application SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL",
    };
    sqlx::query(sql)
        .bind(now.to_iso())
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The KPIs of a vacancy: hours from publication to its first shortlisted candidate (`None`
/// until there is one, or without a publication date) and how many were hired.
pub async fn vacancy_kpis(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<(Option<f64>, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT v.published_at, \
         (SELECT MIN(a.shortlisted_at) FROM application a WHERE a.vacancy_id = v.id) AS first, \
         (SELECT COUNT(*) FROM application a WHERE a.vacancy_id = v.id AND a.status = 'hired') \
           AS hires FROM vacancy v WHERE v.id = $1",
    )
    .bind(vacancy_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok((None, 0));
    };
    let published: Option<String> = row.try_get("published_at")?;
    let first: Option<String> = row.try_get("first")?;
    let hours = match (published, first) {
        (Some(p), Some(f)) => match (Timestamp::parse_iso(&p), Timestamp::parse_iso(&f)) {
            (Ok(p), Ok(f)) => {
                // Millisecond counts of real dates are far below 2^52: the conversion is exact.
                #[allow(clippy::cast_precision_loss)]
                let ms = (f.unix_millis() - p.unix_millis()).max(0) as f64;
                Some(ms / 3_600_000.0)
            }
            _ => None,
        },
        _ => None,
    };
    Ok((hours, row.try_get("hires")?))
}
