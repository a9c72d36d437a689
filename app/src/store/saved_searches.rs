//! Saved searches and their alerts (issue 7). A saved search belongs to one person and keeps the
//! search page's parameters as JSON ([`crate::api::jobs::SearchParams`]). Its daily alert tells the
//! person, in the app and by e-mail through the outbox, about vacancies published since the last
//! alert.
//!
//! Exactly once under several processes: a run first moves `last_run_at` with a conditional UPDATE
//! (due, alerts on); only the process whose UPDATE changed the row goes on. SQLite serialises write
//! transactions; PostgreSQL re-checks the condition on the locked row, so a second process finds it
//! no longer due. The notification's event key (search and newest instant) makes a repeat harmless.

use crate::api::jobs::SearchParams;
use crate::domain::session_policy::Timestamp;
use crate::store::job_search::{search_jobs, Sort};
use sqlx::{AnyConnection, Row};
use std::time::Duration;

/// The most saved searches one person keeps.
pub const MAX_PER_PERSON: i64 = 20;
/// The longest name.
pub const MAX_NAME_CHARS: usize = 100;
/// How often an alert may run for one search.
pub const ALERT_PERIOD: Duration = Duration::from_secs(24 * 3600);
/// The most searches one sweep handles (the rest wait for the next sweep).
const SWEEP_BATCH: i64 = 500;
/// The most new vacancies one alert lists.
const ALERT_HITS: usize = 50;
/// The notification kind (translated in the notifications' texts).
pub const ALERT_KIND: &str = "saved_search_alert";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearchRecord {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub params: SearchParams,
    pub alerts_on: bool,
    pub last_run_at: Option<String>,
    pub created_at: String,
}

const COLUMNS: &str = "id, person_id, name, params, \
     CASE WHEN alerts_on THEN 1 ELSE 0 END AS alerts_on, last_run_at, created_at";

fn record_of(r: &sqlx::any::AnyRow) -> Result<SavedSearchRecord, sqlx::Error> {
    let params: String = r.try_get("params")?;
    Ok(SavedSearchRecord {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        // Written by us from the same type; an unreadable row is an empty search, not an outage.
        params: serde_json::from_str(&params).unwrap_or_default(),
        alerts_on: r.try_get::<i64, _>("alerts_on")? != 0,
        last_run_at: r.try_get("last_run_at")?,
        created_at: r.try_get("created_at")?,
    })
}

/// How many saved searches the person has.
pub async fn count_of_person(conn: &mut AnyConnection, person_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM saved_search WHERE person_id = $1")
        .bind(person_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// Saves a search with its alert on; alerts cover vacancies published from `now` on.
pub async fn create(
    conn: &mut AnyConnection,
    person_id: i64,
    name: &str,
    params: &SearchParams,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let at = now.to_iso();
    let json = serde_json::to_string(params).unwrap_or_else(|_| "{}".to_string());
    sqlx::query(
        "INSERT INTO saved_search (person_id, name, params, alerts_on, seen_until, created_at, \
         updated_at) VALUES ($1, $2, $3, TRUE, $4, $4, $4) RETURNING id",
    )
    .bind(person_id)
    .bind(name)
    .bind(json)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// The person's saved searches, oldest first.
pub async fn of_person(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<Vec<SavedSearchRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM saved_search WHERE person_id = $1 ORDER BY id");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(person_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(record_of)
        .collect()
}

pub async fn by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<SavedSearchRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM saved_search WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(record_of)
        .transpose()
}

/// Turns the alert on or off. Turning it on starts from `now`: what was published while it was
/// paused is not announced all at once.
pub async fn set_alerts(
    conn: &mut AnyConnection,
    id: i64,
    on: bool,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let sql = if on {
        "UPDATE saved_search SET alerts_on = TRUE, seen_until = $1, updated_at = $1 WHERE id = $2"
    } else {
        "UPDATE saved_search SET alerts_on = FALSE, updated_at = $1 WHERE id = $2"
    };
    Ok(sqlx::query(sql)
        .bind(now.to_iso())
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1)
}

pub async fn rename(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE saved_search SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(name)
            .bind(now.to_iso())
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}

pub async fn delete(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM saved_search WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1)
}

/// Runs the alert of every search that is on and due (not run in the last [`ALERT_PERIOD`]),
/// within the caller's transaction: for each, the vacancies published since its last alert become
/// one in-app notification and one outbox e-mail. Returns how many notifications were written.
pub async fn run_alerts(conn: &mut AnyConnection, now: Timestamp) -> Result<usize, sqlx::Error> {
    let now_iso = now.to_iso();
    let cutoff = now.minus(ALERT_PERIOD).to_iso();
    let today = now_iso[..10].to_string();
    let due: Vec<i64> = sqlx::query(
        "SELECT id FROM saved_search WHERE alerts_on = TRUE \
         AND (last_run_at IS NULL OR last_run_at <= $1) ORDER BY id LIMIT $2",
    )
    .bind(&cutoff)
    .bind(SWEEP_BATCH)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut written = 0;
    for id in due {
        let claimed = sqlx::query(
            "UPDATE saved_search SET last_run_at = $1 WHERE id = $2 AND alerts_on = TRUE \
             AND (last_run_at IS NULL OR last_run_at <= $3) \
             RETURNING person_id, name, params, seen_until",
        )
        .bind(&now_iso)
        .bind(id)
        .bind(&cutoff)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = claimed else {
            continue;
        };
        let person_id: i64 = row.try_get("person_id")?;
        let name: String = row.try_get("name")?;
        let seen_until: String = row.try_get("seen_until")?;
        let params: SearchParams =
            serde_json::from_str(&row.try_get::<String, _>("params")?).unwrap_or_default();
        // A search saved through the page always parses; one that no longer does stays quiet.
        let Ok(mut query) = params.to_query() else {
            continue;
        };
        query.sort = Sort::Date;
        query.published_after = Some(seen_until);
        let page = search_jobs(conn, &today, &query, None, ALERT_HITS).await?;
        let fresh: Vec<_> = page
            .hits
            .iter()
            .filter(|h| h.published_at <= now_iso)
            .collect();
        let Some(newest) = fresh.first() else {
            continue;
        };
        sqlx::query("UPDATE saved_search SET seen_until = $1 WHERE id = $2")
            .bind(&newest.published_at)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let user: Option<i64> = sqlx::query("SELECT id FROM app_user WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        let Some(user) = user else {
            continue;
        };
        let event_key = format!("saved_search:{id}:{}", newest.published_at);
        let link = params.url(None);
        super::outbox::enqueue(
            conn,
            now,
            &super::outbox::Notification {
                recipient_user_id: user,
                event_key: &event_key,
                kind: ALERT_KIND,
                params: serde_json::json!({
                    "name": name,
                    "count": fresh.len(),
                    "more": page.next.is_some(),
                    "title": newest.title,
                }),
                link: &link,
            },
        )
        .await?;
        written += 1;
    }
    Ok(written)
}
