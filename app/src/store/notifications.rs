//! The in-app notifications a user reads at `/area-personale/notifiche` (written by
//! [`super::outbox::enqueue`]).

use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};

/// The most notifications one page shows.
pub const PAGE_SIZE: i64 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRecord {
    pub id: i64,
    pub kind: String,
    pub params: serde_json::Value,
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

/// The user's newest notifications.
pub async fn notifications_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<NotificationRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, params, link, created_at, \
         CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS is_read \
         FROM notification WHERE recipient_user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(PAGE_SIZE)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let params: String = r.try_get("params")?;
            Ok(NotificationRecord {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
                link: r.try_get("link")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<i64, _>("is_read")? == 1,
            })
        })
        .collect()
}

/// How many of the user's notifications are unread.
pub async fn unread_count(conn: &mut AnyConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT COUNT(*) FROM notification WHERE recipient_user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// Marks every unread notification of the user read; returns how many.
pub async fn mark_all_read(
    conn: &mut AnyConnection,
    user_id: i64,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notification SET read_at = $1 WHERE recipient_user_id = $2 AND read_at IS NULL",
    )
    .bind(now.to_iso())
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}
