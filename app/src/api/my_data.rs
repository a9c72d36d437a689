//! "My data": the citizen downloads everything we hold about them (JSON), asks for a correction,
//! or closes their account. Only ever about the caller's own person.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Longest rectification request, in characters.
pub const MAX_RECTIFICATION_CHARS: usize = 2000;

/// Everything held about the caller, as a JSON download (GET, so a plain link downloads it).
#[server(prefix = "/api", endpoint = "me/data", input = GetUrl)]
pub async fn my_data() -> Result<serde_json::Value, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, MandateScope, Object};
    use crate::store::use_db;
    let facts = request_facts()?;
    let me = facts
        .require_principal()?
        .person_id
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::ReadPersonalData,
        &Object::PersonData {
            person_id: me,
            competent_cpi: None,
            scope: MandateScope::Profile,
        },
    )?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let data = crate::store::personal_data::export_person(&mut tx, me, facts.now).await?;
    let object_id = me.0.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "person.export",
                object_type: "person",
                object_id: Some(&object_id),
                subject_person_id: Some(me.0),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::CONTENT_DISPOSITION,
            http::HeaderValue::from_static(
                "attachment; filename=\"sportello-lavoro-miei-dati.json\"",
            ),
        );
    }
    Ok(data)
}

/// Asks the CPI to correct something, in the citizen's words.
#[server(prefix = "/api", endpoint = "me/rectification")]
pub async fn request_rectification(body: String) -> Result<i64, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, Object};
    use crate::error::FieldProblem;
    use crate::store::use_db;
    let facts = request_facts()?;
    let me = facts
        .require_principal()?
        .person_id
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::Update,
        &Object::Person {
            person_id: me,
            competent_cpi: None,
        },
    )?;
    let body = body.trim();
    let problem = if body.is_empty() {
        Some(FieldProblem::Required)
    } else if body.chars().count() > MAX_RECTIFICATION_CHARS {
        Some(FieldProblem::TooLong {
            max: MAX_RECTIFICATION_CHARS as u32,
        })
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(AppError::field("body", problem));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let id = crate::store::personal_data::add_rectification(&mut tx, me, body, facts.now).await?;
    let object_id = id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "person.rectification_request",
                object_type: "rectification_request",
                object_id: Some(&object_id),
                subject_person_id: Some(me.0),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/area-personale/dati?esito=rettifica");
    Ok(id)
}

/// Closes the caller's account (they must tick the confirmation): see `store::personal_data`.
#[server(prefix = "/api", endpoint = "me/close")]
pub async fn close_my_account(confirm: Option<String>) -> Result<(), AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, Object};
    use crate::error::FieldProblem;
    use crate::store::use_db;
    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let me = principal.person_id.ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::Close,
        &Object::Person {
            person_id: me,
            competent_cpi: None,
        },
    )?;
    if confirm.as_deref().is_none_or(str::is_empty) {
        return Err(AppError::field("confirm", FieldProblem::Required));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let closure =
        crate::store::personal_data::close_account(&mut tx, principal.user_id.0, me, facts.now)
            .await?;
    let detail = serde_json::json!({
        "profile_rows_erased": closure.profile_rows,
        "mandates_revoked": closure.mandates_revoked,
        "sessions_ended": closure.sessions_ended,
    });
    let object_id = me.0.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "account.close",
                object_type: "person",
                object_id: Some(&object_id),
                subject_person_id: Some(me.0),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/accesso?chiuso=1");
    Ok(())
}
