//! The audit log (issue 4): one row per change and per read of personal data by staff or
//! intermediaries. Append-only: this module can add rows and read them, and has no way to change or
//! remove one; the database refuses UPDATE and DELETE on `audit_event` as well (triggers in 0005).

use super::Db;
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Largest page a listing returns, whatever the caller asks.
pub const MAX_AUDIT_PAGE: i64 = 200;

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOutcome {
    Ok,
    Denied,
    NotFound,
    Error,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Ok => "ok",
            AuditOutcome::Denied => "denied",
            AuditOutcome::NotFound => "not_found",
            AuditOutcome::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<AuditOutcome> {
        [
            AuditOutcome::Ok,
            AuditOutcome::Denied,
            AuditOutcome::NotFound,
            AuditOutcome::Error,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// An event to record. `subject_person_id` is whose data it is about (what "who accessed my data"
/// lists); `acting_for_person_id` and `mandate_id` say for whom and under which mandate an
/// intermediary acted.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEvent<'a> {
    pub actor_user_id: Option<i64>,
    pub acting_for_person_id: Option<i64>,
    pub mandate_id: Option<i64>,
    pub subject_person_id: Option<i64>,
    /// A stable verb, e.g. `profile.read`, `mandate.revoke`.
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub outcome: AuditOutcome,
    pub request_id: Option<&'a str>,
    /// Extra facts as JSON; never secrets, and personal data only when the event needs it.
    pub detail: Option<&'a serde_json::Value>,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: Timestamp,
    pub actor_user_id: Option<i64>,
    pub acting_for_person_id: Option<i64>,
    pub mandate_id: Option<i64>,
    pub subject_person_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub outcome: AuditOutcome,
    pub request_id: Option<String>,
    pub detail: Option<serde_json::Value>,
}

/// Where a page of a newest-first listing starts: after the last event of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditCursor {
    pub at: Timestamp,
    pub id: i64,
}

impl AuditEvent {
    /// The cursor for the page after the one this event ends.
    pub fn cursor(&self) -> AuditCursor {
        AuditCursor {
            at: self.at,
            id: self.id,
        }
    }
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// Records an event at `at` inside the caller's transaction, so it commits or rolls back with the
/// change it describes. Returns its id.
pub async fn append_audit_event(
    conn: &mut AnyConnection,
    at: Timestamp,
    event: &NewAuditEvent<'_>,
) -> Result<i64, sqlx::Error> {
    let detail = event
        .detail
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO audit_event (at, actor_user_id, acting_for_person_id, mandate_id, \
         subject_person_id, action, object_type, object_id, outcome, request_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(at.to_iso())
    .bind(event.actor_user_id)
    .bind(event.acting_for_person_id)
    .bind(event.mandate_id)
    .bind(event.subject_person_id)
    .bind(event.action)
    .bind(event.object_type)
    .bind(event.object_id)
    .bind(event.outcome.as_str())
    .bind(event.request_id)
    .bind(detail)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

fn event_from_row(row: &AnyRow) -> Result<AuditEvent, sqlx::Error> {
    let outcome: String = row.try_get("outcome")?;
    let detail = row
        .try_get::<Option<String>, _>("detail")?
        .map(|d| serde_json::from_str(&d))
        .transpose()
        .map_err(decode_error)?;
    Ok(AuditEvent {
        id: row.try_get("id")?,
        at: Timestamp::parse_iso(&row.try_get::<String, _>("at")?).map_err(decode_error)?,
        actor_user_id: row.try_get("actor_user_id")?,
        acting_for_person_id: row.try_get("acting_for_person_id")?,
        mandate_id: row.try_get("mandate_id")?,
        subject_person_id: row.try_get("subject_person_id")?,
        action: row.try_get("action")?,
        object_type: row.try_get("object_type")?,
        object_id: row.try_get("object_id")?,
        outcome: AuditOutcome::parse(&outcome)
            .ok_or_else(|| sqlx::Error::Protocol(format!("unknown audit outcome {outcome}")))?,
        request_id: row.try_get("request_id")?,
        detail,
    })
}

/// Events where `column` (one of two fixed names) equals `key`, newest first, after the cursor. Without
/// a cursor the page starts from the last representable instant with the largest id, so every row
/// comes after it (a text sentinel, not `~`: PostgreSQL's collation need not sort punctuation last).
/// Timestamps stop at year 9999 (see `session_policy::Timestamp`).
const LAST_INSTANT: &str = "9999-12-31T23:59:59.999Z";

async fn page(
    db: &Db,
    column: &'static str,
    key: i64,
    after: Option<AuditCursor>,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let (at, id) = after.map_or((LAST_INSTANT.to_string(), i64::MAX), |c| {
        (c.at.to_iso(), c.id)
    });
    let sql = format!(
        "SELECT id, at, actor_user_id, acting_for_person_id, mandate_id, subject_person_id, \
         action, object_type, object_id, outcome, request_id, detail FROM audit_event \
         WHERE {column} = $1 AND (at < $3 OR (at = $3 AND id < $4)) \
         ORDER BY at DESC, id DESC LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .bind(limit)
        .bind(at)
        .bind(id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// Events about a person's data, newest first, `limit` at a time (at most `MAX_AUDIT_PAGE`); pass
/// the last event's `cursor()` to get the next page.
pub async fn audit_events_about_person(
    db: &Db,
    person_id: i64,
    after: Option<AuditCursor>,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    page(db, "subject_person_id", person_id, after, limit).await
}

/// Events by one actor, newest first, paged like `audit_events_about_person`.
pub async fn audit_events_by_actor(
    db: &Db,
    actor_user_id: i64,
    after: Option<AuditCursor>,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    page(db, "actor_user_id", actor_user_id, after, limit).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip() {
        for o in [
            AuditOutcome::Ok,
            AuditOutcome::Denied,
            AuditOutcome::NotFound,
            AuditOutcome::Error,
        ] {
            assert_eq!(AuditOutcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(AuditOutcome::parse("fine"), None);
    }
}
