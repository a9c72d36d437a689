//! The auditors' and supervisors' view of the audit log: newest first, filtered by the person the
//! events are about or by the actor, with the names a reader needs. Read-only like everything here.

use super::audit::{AuditCursor, MAX_AUDIT_PAGE};
use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};

/// What to look for; both empty lists the whole log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub subject_person_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

/// One listed event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditListing {
    pub id: i64,
    pub at: Timestamp,
    pub actor_user_id: Option<i64>,
    pub actor_name: Option<String>,
    pub subject_person_id: Option<i64>,
    pub subject_name: Option<String>,
    pub subject_codice_fiscale: Option<String>,
    pub mandate_id: Option<i64>,
    /// The organisation the mandate was given to.
    pub mandate_organisation: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub outcome: String,
    pub request_id: Option<String>,
}

const LAST_INSTANT: &str = "9999-12-31T23:59:59.999Z";

/// A page of events matching `filter`, after `after` (exclusive), at most `limit` (≤ 200).
/// "No filter" binds -1 (never an id) rather than a NULL parameter, which PostgreSQL could not type
/// in `$1 IS NULL` through the `Any` driver.
pub async fn search_audit(
    conn: &mut AnyConnection,
    filter: AuditFilter,
    after: Option<AuditCursor>,
    limit: i64,
) -> Result<Vec<AuditListing>, sqlx::Error> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let (at, id) = after.map_or((LAST_INSTANT.to_string(), i64::MAX), |c| {
        (c.at.to_iso(), c.id)
    });
    let rows = sqlx::query(
        "SELECT e.id, e.at, e.actor_user_id, u.display_name AS actor_name, e.subject_person_id, \
         p.given_name, p.family_name, p.codice_fiscale, e.mandate_id, \
         o.name AS mandate_organisation, e.action, e.object_type, e.object_id, e.outcome, \
         e.request_id \
         FROM audit_event e \
         LEFT JOIN app_user u ON u.id = e.actor_user_id \
         LEFT JOIN person p ON p.id = e.subject_person_id \
         LEFT JOIN mandate m ON m.id = e.mandate_id \
         LEFT JOIN organisation o ON o.id = m.organisation_id \
         WHERE ($1 = -1 OR e.subject_person_id = $1) AND ($2 = -1 OR e.actor_user_id = $2) \
         AND (e.at < $3 OR (e.at = $3 AND e.id < $4)) \
         ORDER BY e.at DESC, e.id DESC LIMIT $5",
    )
    .bind(filter.subject_person_id.unwrap_or(-1))
    .bind(filter.actor_user_id.unwrap_or(-1))
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let given: Option<String> = r.try_get("given_name")?;
            let family: Option<String> = r.try_get("family_name")?;
            Ok(AuditListing {
                id: r.try_get("id")?,
                at: Timestamp::parse_iso(&r.try_get::<String, _>("at")?)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                actor_user_id: r.try_get("actor_user_id")?,
                actor_name: r.try_get("actor_name")?,
                subject_person_id: r.try_get("subject_person_id")?,
                subject_name: given.zip(family).map(|(g, f)| format!("{g} {f}")),
                subject_codice_fiscale: r.try_get("codice_fiscale")?,
                mandate_id: r.try_get("mandate_id")?,
                mandate_organisation: r.try_get("mandate_organisation")?,
                action: r.try_get("action")?,
                object_type: r.try_get("object_type")?,
                object_id: r.try_get("object_id")?,
                outcome: r.try_get("outcome")?,
                request_id: r.try_get("request_id")?,
            })
        })
        .collect()
}

/// The person with this codice fiscale, if any.
pub async fn person_by_codice_fiscale(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM person WHERE codice_fiscale = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?
        .map(|r| r.try_get::<i64, _>(0))
        .transpose()
}
