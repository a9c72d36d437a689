//! Notifications and their delivery (issue 5). [`enqueue`] runs inside the caller's transaction:
//! the in-app notification and the outbox rows commit (or roll back) with the change that caused
//! them, so nothing is announced that did not happen and nothing that happened goes unannounced.
//!
//! The worker (server/src/outbox) then claims due rows with a lease, sends, and marks them:
//! - **claim**: one conditional `UPDATE … WHERE state = 'pending' AND (locked_until IS NULL OR
//!   locked_until <= now)` per row; the row count says whether this worker won it. Both backends
//!   re-check the condition on the row they update, so two workers never both win the same row.
//! - **send**, then **mark** `sent` (or schedule a retry with backoff, or `failed` after the last
//!   attempt).
//!
//! Guarantee: a committed notification is never lost (the row stays `pending` until marked), and
//! while workers live no row is sent twice. A process that dies *after* the SMTP server accepted a
//! message but *before* marking it leaves the row claimed; once the lease expires it is sent again.
//! That second copy carries the same `Message-ID`, so mail systems and clients that de-duplicate on
//! it show it once — the honest bound is "at most once per lease, at least once overall".

use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};
use std::time::Duration;

/// One thing a person should hear about.
pub struct Notification<'a> {
    pub recipient_user_id: i64,
    /// Unique per recipient: the same event never notifies the same person twice (e.g. "ticket:12:message:40").
    pub event_key: &'a str,
    /// A stable code the UI translates, e.g. "ticket_message", "ticket_waiting", "ticket_closed", "appointment_reminder", "appointment_booked".
    pub kind: &'a str,
    /// Facts for the translated text (ticket number, date…); never free personal text beyond what the recipient may see.
    pub params: serde_json::Value,
    /// Where the notification leads, an app path such as "/sportello/pratiche/12".
    pub link: &'a str,
}

/// The domain of the `Message-ID`s we mint (not a mailbox: only unique).
const MESSAGE_ID_DOMAIN: &str = "sportello-lavoro.invalid";

/// Writes the in-app notification and, when the recipient has an e-mail address, one outbox row
/// for the e-mail. A second call for the same `(recipient, event_key)` does nothing.
pub async fn enqueue(
    conn: &mut AnyConnection,
    now: Timestamp,
    n: &Notification<'_>,
) -> Result<(), sqlx::Error> {
    let now_iso = now.to_iso();
    let inserted = sqlx::query(
        "INSERT INTO notification (recipient_user_id, event_key, kind, params, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (recipient_user_id, event_key) DO NOTHING RETURNING id",
    )
    .bind(n.recipient_user_id)
    .bind(n.event_key)
    .bind(n.kind)
    .bind(n.params.to_string())
    .bind(n.link)
    .bind(&now_iso)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = inserted else {
        return Ok(());
    };
    let notification_id: i64 = row.try_get(0)?;
    let has_email = sqlx::query(
        "SELECT 1 FROM app_user u JOIN person p ON p.id = u.person_id \
         WHERE u.id = $1 AND p.email IS NOT NULL AND p.email <> ''",
    )
    .bind(n.recipient_user_id)
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    if has_email {
        let message_id = format!("<{}@{MESSAGE_ID_DOMAIN}>", uuid::Uuid::new_v4().simple());
        sqlx::query(
            "INSERT INTO outbox (notification_id, channel, next_attempt_at, message_id, created_at) \
             VALUES ($1, 'email', $2, $3, $2)",
        )
        .bind(notification_id)
        .bind(&now_iso)
        .bind(message_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// An outbox row a worker holds, with what it needs to build the message.
#[derive(Debug, Clone)]
pub struct ClaimedMessage {
    pub outbox_id: i64,
    /// This attempt's number, from 1.
    pub attempt: i64,
    pub message_id: String,
    pub kind: String,
    pub params: serde_json::Value,
    pub link: String,
    /// Read now, not at enqueue time: a changed or erased address is respected. `None` when the
    /// recipient no longer has one.
    pub email: Option<String>,
}

/// Claims up to `limit` due e-mails for `worker` until `now + lease`. Each claim counts as an
/// attempt, so a message that crashes its worker every time still ends as `failed`.
pub async fn claim_due(
    pool: &sqlx::AnyPool,
    worker: &str,
    now: Timestamp,
    lease: Duration,
    limit: i64,
) -> Result<Vec<ClaimedMessage>, sqlx::Error> {
    let now_iso = now.to_iso();
    let until = now.plus(lease).to_iso();
    let candidates = sqlx::query(
        "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
         AND (locked_until IS NULL OR locked_until <= $1) ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(&now_iso)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let id: i64 = row.try_get(0)?;
        // The claim itself: only one UPDATE can see the row free.
        let won = sqlx::query(
            "UPDATE outbox SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id = $3 AND state = 'pending' AND (locked_until IS NULL OR locked_until <= $4)",
        )
        .bind(&until)
        .bind(worker)
        .bind(id)
        .bind(&now_iso)
        .execute(pool)
        .await?
        .rows_affected()
            == 1;
        if !won {
            continue;
        }
        let r = sqlx::query(
            "SELECT o.attempts, o.message_id, n.kind, n.params, n.link, p.email \
             FROM outbox o JOIN notification n ON n.id = o.notification_id \
             JOIN app_user u ON u.id = n.recipient_user_id \
             LEFT JOIN person p ON p.id = u.person_id WHERE o.id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await?;
        let params: String = r.try_get("params")?;
        claimed.push(ClaimedMessage {
            outbox_id: id,
            attempt: r.try_get("attempts")?,
            message_id: r.try_get("message_id")?,
            kind: r.try_get("kind")?,
            params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
            link: r.try_get("link")?,
            email: r
                .try_get::<Option<String>, _>("email")?
                .filter(|e| !e.trim().is_empty()),
        });
    }
    Ok(claimed)
}

/// Marks a claimed row sent. Only the worker holding it may.
pub async fn mark_sent(
    pool: &sqlx::AnyPool,
    outbox_id: i64,
    worker: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $1, locked_until = NULL, last_error = NULL \
         WHERE id = $2 AND locked_by = $3 AND state = 'pending'",
    )
    .bind(now.to_iso())
    .bind(outbox_id)
    .bind(worker)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: retry at `retry_at`, or (`None`) give up as `failed`. `reason` is a
/// short code or SMTP reply line, never the message or the address.
pub async fn mark_attempt_failed(
    pool: &sqlx::AnyPool,
    outbox_id: i64,
    worker: &str,
    retry_at: Option<Timestamp>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let reason: String = reason.chars().take(200).collect();
    match retry_at {
        Some(at) => {
            sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 \
                 WHERE id = $3 AND locked_by = $4 AND state = 'pending'",
            )
            .bind(at.to_iso())
            .bind(reason)
            .bind(outbox_id)
            .bind(worker)
            .execute(pool)
            .await?;
        }
        None => {
            sqlx::query(
                "UPDATE outbox SET state = 'failed', locked_until = NULL, last_error = $1 \
                 WHERE id = $2 AND locked_by = $3 AND state = 'pending'",
            )
            .bind(reason)
            .bind(outbox_id)
            .bind(worker)
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// How many outbox rows are in each state (monitoring and tests).
pub async fn counts(pool: &sqlx::AnyPool) -> Result<OutboxCounts, sqlx::Error> {
    let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
        .fetch_all(pool)
        .await?;
    let mut counts = OutboxCounts::default();
    for r in rows {
        let n: i64 = r.try_get("n")?;
        match r.try_get::<String, _>("state")?.as_str() {
            "pending" => counts.pending = n,
            "sent" => counts.sent = n,
            _ => counts.failed = n,
        }
    }
    Ok(counts)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}
