//! The in-app notifications of the logged-in user (issue 5). A notification belongs to one
//! account (`recipient_user_id`): every query is restricted to the caller's own, so there is no
//! object to authorise beyond being logged in, and nobody else's can be named.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A notification, untranslated: the page translates `kind` and `params` in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub params: serde_json::Value,
    pub link: String,
    /// ISO instant.
    pub created_at: String,
    pub read: bool,
}

/// The caller's newest notifications.
#[server(prefix = "/api", endpoint = "notifications/mine")]
pub async fn my_notifications() -> Result<Vec<NotificationView>, AppError> {
    let facts = crate::api::request::request_facts()?;
    let user = facts.require_principal()?.user_id.0;
    // A read transaction, committed: a bare pooled read can leave SQLite's snapshot open.
    let mut conn = crate::store::use_db()?.pool().begin().await?;
    let list = crate::store::notifications::notifications_of_user(&mut conn, user).await?;
    conn.commit().await?;
    Ok(list
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            kind: n.kind,
            params: n.params,
            link: n.link,
            created_at: n.created_at,
            read: n.read,
        })
        .collect())
}

/// How many of the caller's notifications are unread (the session bar's badge); 0 when logged out.
#[server(prefix = "/api", endpoint = "notifications/unread-count")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let facts = crate::api::request::request_facts()?;
    let Some(principal) = facts.principal() else {
        return Ok(0);
    };
    let mut conn = crate::store::use_db()?.pool().begin().await?;
    let count = crate::store::notifications::unread_count(&mut conn, principal.user_id.0).await?;
    conn.commit().await?;
    Ok(count)
}

/// Marks all the caller's notifications read.
#[server(prefix = "/api", endpoint = "notifications/mark-all-read")]
pub async fn mark_notifications_read() -> Result<u64, AppError> {
    let facts = crate::api::request::request_facts()?;
    let user = facts.require_principal()?.user_id.0;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let marked = crate::store::notifications::mark_all_read(&mut tx, user, facts.now).await?;
        let object_id = user.to_string();
        let detail = serde_json::json!({ "marked": marked });
        facts
            .audit(
                &mut tx,
                crate::api::request::AuditFacts {
                    action: "notification.mark_read",
                    object_type: "notification",
                    object_id: Some(&object_id),
                    subject_person_id: facts.principal().and_then(|p| p.person_id).map(|p| p.0),
                    basis: None,
                    detail: Some(&detail),
                },
            )
            .await?;
        let redirect_to = String::from("/area-personale/notifiche?esito=lette");
        Ok((marked, redirect_to))
    }
    .await;
    let (value, redirect_to) = crate::api::appointments::server::settle(tx, result).await?;
    leptos_axum::redirect(&redirect_to);
    Ok(value)
}
