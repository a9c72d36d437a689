//! The CPI's review of submitted vacancies (issue 6): the queue of a CPI, reopening the wizard's
//! draft after "request changes", the members to notify, and the expiry of published vacancies.
//! The vacancy's facts the reviewer reads come from `store::vacancy_facts`.
//!
//! A vacancy's CPI is `vacancy.cpi_code` (set at submission), or for a row without one (a demo
//! vacancy, an old draft) the CPI of the company's seat comune.

use crate::domain::session_policy::Timestamp;
use crate::domain::vacancy::{VacancyEvent, VacancyState};
use crate::store::vacancy_events::{record_transition, Transition};
use crate::store::vacancy_facts::state_of;
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
                state: state_of(r)?,
                cpi_code: r.try_get::<Option<String>, _>("cpi")?.unwrap_or_default(),
                submitted_at: r.try_get("submitted")?,
            })
        })
        .collect()
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
