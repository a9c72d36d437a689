//! "Who accessed my data": the audit rows about the caller, with who acted, for whom and under which
//! mandate. Citizens read only their own rows (the policy's `AuditLog { subject: me }`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page.
pub const ACCESS_PAGE: i64 = 50;

/// One access or change, as the citizen sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRow {
    pub id: i64,
    /// ISO instant.
    pub at: String,
    /// The actor's name; `None` for the system.
    pub actor: Option<String>,
    /// Whether the actor is the citizen themself.
    pub by_self: bool,
    /// The organisation the actor acted for the citizen through, with the mandate number.
    pub via_mandate: Option<(i64, String)>,
    /// The stable action code, e.g. `profile.read`, `mandate.grant`.
    pub action: String,
}

#[server(prefix = "/api", endpoint = "audit/mine")]
pub async fn my_access_log() -> Result<Vec<AccessRow>, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Object};
    use crate::store::audit::audit_events_about_person;
    use crate::store::use_db;
    use sqlx::Row;
    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let me = principal.person_id.ok_or(AppError::NotFound)?;
    facts.authorise(
        Action::ReadAuditLog,
        &Object::AuditLog {
            subject_person_id: Some(me),
        },
    )?;
    let db = use_db()?;
    let events = audit_events_about_person(&db, me.0, None, ACCESS_PAGE).await?;
    let mut tx = db.pool().begin().await?;
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        let actor = match event.actor_user_id {
            Some(id) => sqlx::query("SELECT display_name FROM app_user WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<String, _>(0))
                .transpose()?,
            None => None,
        };
        let via_mandate = match event.mandate_id {
            Some(id) => sqlx::query(
                "SELECT o.name FROM mandate m JOIN organisation o ON o.id = m.organisation_id \
                 WHERE m.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get::<String, _>(0))
            .transpose()?
            .map(|name| (id, name)),
            None => None,
        };
        rows.push(AccessRow {
            id: event.id,
            at: event.at.to_iso(),
            by_self: event.actor_user_id == Some(principal.user_id.0),
            actor,
            via_mandate,
            action: event.action,
        });
    }
    tx.commit().await?;
    Ok(rows)
}
