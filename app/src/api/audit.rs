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
    use crate::store::audit_search::{search_audit, AuditFilter};
    use crate::store::use_db;
    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let me = principal.person_id.ok_or(AppError::NotFound)?;
    facts.authorise(
        Action::ReadAuditLog,
        &Object::AuditLog {
            subject_person_id: Some(me),
        },
    )?;
    let mut tx = use_db()?.begin_write().await?;
    let filter = AuditFilter {
        subject_person_id: Some(me.0),
        actor_user_id: None,
    };
    let events = search_audit(&mut tx, filter, None, ACCESS_PAGE).await?;
    tx.commit().await?;
    Ok(events
        .into_iter()
        .map(|e| AccessRow {
            id: e.id,
            at: e.at.to_iso(),
            by_self: e.actor_user_id == Some(principal.user_id.0),
            actor: e.actor_name,
            via_mandate: e.mandate_id.zip(e.mandate_organisation),
            action: e.action,
        })
        .collect())
}

/// One event of the audit log, for auditors and supervisors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor: Option<String>,
    pub subject_person_id: Option<i64>,
    /// Name and masked codice fiscale.
    pub subject: Option<String>,
    pub mandate_id: Option<i64>,
    pub action: String,
    pub object: String,
    pub outcome: String,
    pub request_id: Option<String>,
}

/// A page of the audit log and the cursor of the next one (`<instant>_<id>`), if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}

/// Rows per page of the audit search.
pub const AUDIT_PAGE: i64 = 50;

/// The audit log, newest first, optionally only about one person and/or by one actor (internal
/// ids: a codice fiscale never travels in a URL — `audit_find_person` turns one into an id).
/// Auditors and supervisors only; the search itself is audited.
#[server(prefix = "/api", endpoint = "audit/search")]
pub async fn search_audit_log(
    person: Option<i64>,
    actor: Option<i64>,
    before: Option<String>,
) -> Result<AuditPage, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::codice_fiscale::masked;
    use crate::domain::policy::{Action, Object};
    use crate::domain::session_policy::Timestamp;
    use crate::store::audit::AuditCursor;
    use crate::store::audit_search::{search_audit, AuditFilter};
    use crate::store::use_db;
    let facts = request_facts()?;
    let basis = facts.authorise(
        Action::ReadAuditLog,
        &Object::AuditLog {
            subject_person_id: None,
        },
    )?;
    let cursor = match before.as_deref().filter(|b| !b.is_empty()) {
        None => None,
        Some(text) => Some(
            text.rsplit_once('_')
                .and_then(|(at, id)| {
                    Some(AuditCursor {
                        at: Timestamp::parse_iso(at).ok()?,
                        id: id.parse().ok()?,
                    })
                })
                .ok_or_else(|| AppError::invalid("before"))?,
        ),
    };
    let filter = AuditFilter {
        subject_person_id: person,
        actor_user_id: actor,
    };
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let listed = search_audit(&mut tx, filter, cursor, AUDIT_PAGE + 1).await?;
    let detail = serde_json::json!({ "person": person, "actor": actor, "before": before });
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "audit.search",
                object_type: "audit_log",
                object_id: None,
                subject_person_id: person,
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    tx.commit().await?;
    let more = listed.len() as i64 > AUDIT_PAGE;
    let entries: Vec<AuditEntry> = listed
        .into_iter()
        .take(AUDIT_PAGE as usize)
        .map(|e| AuditEntry {
            id: e.id,
            at: e.at.to_iso(),
            actor_user_id: e.actor_user_id,
            actor: e.actor_name,
            subject_person_id: e.subject_person_id,
            subject: e
                .subject_name
                .zip(e.subject_codice_fiscale)
                .map(|(name, code)| format!("{name} ({})", masked(&code))),
            mandate_id: e.mandate_id,
            action: e.action,
            object: match e.object_id {
                Some(id) => format!("{} {id}", e.object_type),
                None => e.object_type,
            },
            outcome: e.outcome,
            request_id: e.request_id,
        })
        .collect();
    let next = more
        .then(|| entries.last().map(|e| format!("{}_{}", e.at, e.id)))
        .flatten();
    Ok(AuditPage { entries, next })
}

/// Finds the person with a codice fiscale for the audit search and sends the browser to their
/// events (`/registro-accessi?person=<id>`), so the code travels only in this POST body.
#[server(prefix = "/api", endpoint = "audit/find-person")]
pub async fn audit_find_person(codice_fiscale: String) -> Result<i64, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::codice_fiscale::CodiceFiscale;
    use crate::domain::policy::{Action, Object};
    use crate::store::audit_search::person_by_codice_fiscale;
    use crate::store::use_db;
    let facts = request_facts()?;
    let basis = facts.authorise(
        Action::ReadAuditLog,
        &Object::AuditLog {
            subject_person_id: None,
        },
    )?;
    let code =
        CodiceFiscale::parse(&codice_fiscale).map_err(|_| AppError::invalid("codice_fiscale"))?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let person = person_by_codice_fiscale(&mut tx, code.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "audit.find_person",
                object_type: "person",
                object_id: Some(&person.to_string()),
                subject_person_id: Some(person),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/registro-accessi?person={person}"));
    Ok(person)
}
