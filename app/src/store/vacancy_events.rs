//! A vacancy's moves through its state machine, shared by the company's, the wizard's and the
//! reviewers' server functions: the row changes only if it is still in the state the caller saw,
//! and each move leaves a `vacancy_event` in the same transaction.

use crate::domain::session_policy::Timestamp;
use crate::domain::vacancy::{VacancyEvent, VacancyState};
use sqlx::{AnyConnection, Row};

/// One move, checked by the caller with [`VacancyState::transition`].
#[derive(Debug, Clone)]
pub struct Transition<'a> {
    pub vacancy_id: i64,
    pub from: VacancyState,
    pub to: VacancyState,
    pub event: VacancyEvent,
    pub actor_user_id: Option<i64>,
    /// The wizard step to change (request changes).
    pub step: Option<&'a str>,
    /// The message to the company, or the reason.
    pub note: Option<&'a str>,
    /// The last day of publication (approve).
    pub expires_on: Option<&'a str>,
}

/// Applies `t` if the vacancy is still in `t.from`. `false`: someone moved it first (nothing
/// written).
pub async fn record_transition(
    conn: &mut AnyConnection,
    now: Timestamp,
    t: &Transition<'_>,
) -> Result<bool, sqlx::Error> {
    let at = now.to_iso();
    let closed_reason = t.event.closed_reason().map(|r| r.code());
    let approve = i64::from(t.event == VacancyEvent::Approve);
    let submit = i64::from(matches!(
        t.event,
        VacancyEvent::Submit | VacancyEvent::Resubmit
    ));
    let changed = sqlx::query(
        "UPDATE vacancy SET status = $1, updated_at = $2, \
         closed_reason = COALESCE($3, closed_reason), \
         closed_at = CASE WHEN $3 IS NULL THEN closed_at ELSE $2 END, \
         published_at = CASE WHEN $4 = 1 THEN $2 ELSE published_at END, \
         expires_on = COALESCE($5, expires_on), \
         submitted_at = CASE WHEN $6 = 1 THEN $2 ELSE submitted_at END \
         WHERE id = $7 AND status = $8",
    )
    .bind(t.to.code())
    .bind(&at)
    .bind(closed_reason)
    .bind(approve)
    .bind(t.expires_on)
    .bind(submit)
    .bind(t.vacancy_id)
    .bind(t.from.code())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    insert_event(
        conn,
        now,
        t.vacancy_id,
        t.event,
        t.actor_user_id,
        t.step,
        t.note,
    )
    .await?;
    super::job_search::index_vacancy(conn, t.vacancy_id).await?; // public search index (issue 7)
    super::matching::refresh_vacancy(conn, t.vacancy_id).await?; // match tables (issue 7)
    Ok(true)
}

/// Writes one history row (also used for the first submission, which inserts the vacancy).
pub async fn insert_event(
    conn: &mut AnyConnection,
    now: Timestamp,
    vacancy_id: i64,
    event: VacancyEvent,
    actor_user_id: Option<i64>,
    step: Option<&str>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO vacancy_event (vacancy_id, at, actor_user_id, kind, step, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(vacancy_id)
    .bind(now.to_iso())
    .bind(actor_user_id)
    .bind(event.code())
    .bind(step)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One row of a vacancy's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyHistoryRow {
    pub at: String,
    pub event: VacancyEvent,
    pub actor_user_id: Option<i64>,
    pub step: Option<String>,
    pub note: Option<String>,
}

/// The history of a vacancy, oldest first.
pub async fn history_of(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Vec<VacancyHistoryRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at, kind, actor_user_id, step, note FROM vacancy_event \
         WHERE vacancy_id = $1 ORDER BY id",
    )
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(VacancyHistoryRow {
                at: r.try_get("at")?,
                event: VacancyEvent::parse(&kind)
                    .ok_or_else(|| sqlx::Error::Decode(format!("vacancy event {kind}").into()))?,
                actor_user_id: r.try_get("actor_user_id")?,
                step: r.try_get("step")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}
