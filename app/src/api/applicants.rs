//! A vacancy's applicant pipeline (issue 6). The company works the candidates it may see (those
//! who applied, those the CPI sent); the operators of the vacancy's CPI preselect people and send
//! them on. Decisions, written down:
//! - **Who**: the company side asks the policy for `Update` on the vacancy (members of the company:
//!   administrators and recruiters); the CPI side asks for `ReviewVacancy` (operators of the
//!   vacancy's CPI, supervisors). Another company's members and another CPI's operators get
//!   `NotFound`; an operator asking for the company's list gets `Forbidden` (they may know the
//!   vacancy exists).
//! - **The CPI's shortlist is not the company's**: a shortlisted application answers `NotFound` to
//!   the company, is left out of its list and of its counts.
//! - **What the company sees of a candidate**: see `store::applications` (name, comune, source,
//!   dates, status, outcome; contacts only while the candidate is being worked or hired). Every
//!   list writes one audit row per candidate shown (`applicants.read`, the candidate as subject),
//!   so "who accessed my data" lists the company's reads.
//! - **Moves** carry the status the caller saw (`from`); if the application moved meanwhile the
//!   answer is `Conflict`, never a silent overwrite. Every move is audited, and the candidate is
//!   notified of the outcome (hired / not selected; the reason only if the company shares it).
//! - **Shortlisting** makes a new application (source `cpi`) on a published vacancy whose company
//!   asked for preselection; a person who already has an application for it is a `Conflict`.
//!   Sending needs the operator's statement that the candidate agreed (`candidate_agreed`), because
//!   the candidate's identity reaches a company only with their consent (DESIGN §3).

use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The statuses the company's pipeline shows, in its order.
pub const PIPELINE: [ApplicationStatus; 6] = [
    ApplicationStatus::Applied,
    ApplicationStatus::SentToCompany,
    ApplicationStatus::Interview,
    ApplicationStatus::Hired,
    ApplicationStatus::NotSelected,
    ApplicationStatus::Withdrawn,
];

/// The query parameter of the page saying what was done (a status code) and to whom.
pub const OUTCOME_PARAM: &str = "esito";
pub const CANDIDATE_PARAM: &str = "candidatura";

pub fn applicants_path(vacancy_id: i64) -> String {
    format!("/impresa/offerte/{vacancy_id}/candidati")
}

/// A candidate's card in the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantCard {
    pub id: i64,
    pub name: String,
    pub comune: Option<String>,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    /// ISO date the application was made.
    pub applied_on: String,
    /// ISO date of the last move.
    pub updated_on: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub reason: Option<NotSelectedReason>,
    pub reason_shared: bool,
    /// The applicant's note to the company.
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineView {
    pub vacancy_id: i64,
    pub company_id: i64,
    pub title: String,
    /// One entry per status of [`PIPELINE`], zeros included.
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub applicants: Vec<ApplicantCard>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::RequestFacts;
    use crate::domain::policy::{Action, Basis};
    use crate::store::applications::{self as store, ApplicationRecord, VacancyFacts};
    use sqlx::AnyConnection;

    /// The vacancy, after the policy allowed `action` on it. A missing vacancy answers like
    /// someone else's.
    pub async fn authorised_vacancy(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        vacancy_id: i64,
        action: Action,
    ) -> Result<(VacancyFacts, Basis), AppError> {
        facts.require_principal()?;
        let vacancy = store::vacancy_facts(conn, vacancy_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(action, &vacancy.object())?;
        Ok((vacancy, basis))
    }

    /// The application and its vacancy, after the policy allowed `action` on the vacancy.
    pub async fn authorised_application(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        application_id: i64,
        action: Action,
    ) -> Result<(ApplicationRecord, VacancyFacts, Basis), AppError> {
        facts.require_principal()?;
        let application = store::application_by_id(conn, application_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (vacancy, basis) =
            authorised_vacancy(conn, facts, application.vacancy_id, action).await?;
        Ok((application, vacancy, basis))
    }

    pub fn date_of(iso: &str) -> String {
        iso.chars().take(10).collect()
    }

    /// A form's checkbox: present and not empty.
    pub fn checked(value: &Option<String>) -> bool {
        value.as_deref().is_some_and(|v| !v.trim().is_empty())
    }

    /// Tells the candidate the outcome, if they have an account. The reason travels only when
    /// the company shares it.
    pub async fn notify_outcome(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        application: &ApplicationRecord,
        vacancy: &VacancyFacts,
        to: ApplicationStatus,
        shared_reason: Option<NotSelectedReason>,
    ) -> Result<(), AppError> {
        if !matches!(
            to,
            ApplicationStatus::Hired | ApplicationStatus::NotSelected
        ) {
            return Ok(());
        }
        let Some(user) = crate::store::tickets::requester_user(conn, application.person_id).await?
        else {
            return Ok(());
        };
        let key = format!("application:{}:{}", application.id, to.code());
        let mut params = serde_json::json!({
            "title": vacancy.title,
            "outcome": to.code(),
        });
        if let Some(reason) = shared_reason {
            params["reason"] = serde_json::Value::from(reason.code());
        }
        crate::store::outbox::enqueue(
            conn,
            facts.now,
            &crate::store::outbox::Notification {
                recipient_user_id: user,
                event_key: &key,
                kind: "application_outcome",
                params,
                link: "/area-personale/notifiche",
            },
        )
        .await?;
        Ok(())
    }
}

/// The pipeline of a vacancy, for its company's members. Writes one audit row per candidate shown.
#[server(prefix = "/api", endpoint = "applicants/list")]
pub async fn list_applicants(vacancy_id: i64) -> Result<PipelineView, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::store::applications as store;
    use crate::store::use_db;
    let facts = request_facts()?;
    let mut tx = use_db()?.begin_write().await?;
    let (vacancy, basis) =
        server::authorised_vacancy(&mut tx, &facts, vacancy_id, Action::Update).await?;
    let records = store::applicants_visible_to_company(&mut tx, vacancy.id).await?;
    let counts = store::counts_by_status(&mut tx, vacancy.id)
        .await?
        .into_iter()
        .filter(|(s, _)| PIPELINE.contains(s))
        .collect();
    let object_id = vacancy.id.to_string();
    for r in &records {
        let detail = serde_json::json!({ "application_id": r.id });
        facts
            .audit(
                &mut tx,
                AuditFacts {
                    action: "applicants.read",
                    object_type: "vacancy",
                    object_id: Some(&object_id),
                    subject_person_id: Some(r.person_id.0),
                    basis: Some(&basis),
                    detail: Some(&detail),
                },
            )
            .await?;
    }
    tx.commit().await?;
    let applicants = records
        .into_iter()
        .map(|r| {
            let (email, phone) = r.contact.unwrap_or((None, None));
            ApplicantCard {
                id: r.id,
                name: format!("{} {}", r.given_name, r.family_name),
                comune: r.comune,
                source: r.source,
                status: r.status,
                applied_on: server::date_of(&r.created_at),
                updated_on: server::date_of(&r.updated_at),
                email,
                phone,
                reason: r.reason,
                reason_shared: r.reason_shared,
                message: r.message,
            }
        })
        .collect();
    Ok(PipelineView {
        vacancy_id: vacancy.id,
        company_id: vacancy.company_id.0,
        title: vacancy.title,
        counts,
        applicants,
    })
}

/// The company moves a candidate: to `interview`, `hired`, or `not_selected` with a `reason`
/// (a `NotSelectedReason` code) and `share_reason` (checkbox: the candidate sees the reason).
/// `from` is the status the page showed. A form post is redirected back to the pipeline.
#[server(prefix = "/api", endpoint = "applicants/move")]
pub async fn move_applicant(
    application_id: i64,
    from: String,
    to: String,
    reason: Option<String>,
    share_reason: Option<String>,
) -> Result<(), AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::application::Mover;
    use crate::domain::policy::Action;
    use crate::store::applications::{self as store, Move};
    use crate::store::use_db;
    let facts = request_facts()?;
    let mut tx = use_db()?.begin_write().await?;
    let (application, vacancy, basis) =
        server::authorised_application(&mut tx, &facts, application_id, Action::Update).await?;
    // The CPI's shortlist is not the company's to see, let alone move.
    if !application.status.visible_to_company() {
        return Err(AppError::NotFound);
    }
    let from = ApplicationStatus::parse(from.trim()).ok_or_else(|| AppError::invalid("from"))?;
    let to = ApplicationStatus::parse(to.trim()).ok_or_else(|| AppError::invalid("to"))?;
    let reason = match reason.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => {
            Some(NotSelectedReason::parse(code).ok_or_else(|| AppError::invalid("reason"))?)
        }
    };
    if application.status != from {
        return Err(AppError::Conflict);
    }
    let to = from.transition(to, Mover::Company, reason)?;
    let shared = reason.is_some() && server::checked(&share_reason);
    let principal = facts.require_principal()?;
    let moved = store::move_application(
        &mut tx,
        facts.now,
        &Move {
            application_id: application.id,
            from,
            to,
            reason,
            reason_shared: shared,
            actor_user_id: Some(principal.user_id.0),
        },
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    let detail = serde_json::json!({
        "vacancy_id": vacancy.id,
        "from": from.code(),
        "to": to.code(),
        "reason": reason.map(NotSelectedReason::code),
        "reason_shared": shared,
    });
    let object_id = application.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "application.move",
                object_type: "application",
                object_id: Some(&object_id),
                subject_person_id: Some(application.person_id.0),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    server::notify_outcome(
        &mut tx,
        &facts,
        &application,
        &vacancy,
        to,
        reason.filter(|_| shared),
    )
    .await?;
    tx.commit().await?;
    crate::live::publish(&[crate::live::Topic::Person(application.person_id.0)]).await;
    leptos_axum::redirect(&format!(
        "{}?{OUTCOME_PARAM}={}&{CANDIDATE_PARAM}={}",
        applicants_path(vacancy.id),
        to.code(),
        application.id
    ));
    Ok(())
}

/// An operator of the vacancy's CPI puts a person on the CPI's shortlist for it (the company does
/// not see them yet). Returns the new application's id.
#[server(prefix = "/api", endpoint = "applicants/shortlist")]
pub async fn shortlist_candidate(vacancy_id: i64, person_id: i64) -> Result<i64, AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, PersonId};
    use crate::domain::vacancy::VacancyState;
    use crate::store::applications::{self as store, NewApplication};
    use crate::store::use_db;
    use sqlx::Row;
    let facts = request_facts()?;
    let mut tx = use_db()?.begin_write().await?;
    let (vacancy, basis) =
        server::authorised_vacancy(&mut tx, &facts, vacancy_id, Action::ReviewVacancy).await?;
    let exists = sqlx::query("SELECT id FROM person WHERE id = $1")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get::<i64, _>(0))
        .transpose()?
        .is_some();
    if !exists {
        return Err(AppError::invalid("person_id"));
    }
    if vacancy.state != VacancyState::Published || !vacancy.takes_preselection() {
        return Err(AppError::Conflict);
    }
    let principal = facts.require_principal()?;
    let id = store::insert_application(
        &mut tx,
        facts.now,
        &NewApplication {
            vacancy_id: vacancy.id,
            person_id: PersonId(person_id),
            source: ApplicationSource::Cpi,
            status: ApplicationStatus::Shortlisted,
            actor_user_id: Some(principal.user_id.0),
        },
    )
    .await?
    .ok_or(AppError::Conflict)?;
    crate::store::my_applications::mark_milestone(
        &mut tx,
        facts.now,
        id,
        crate::store::my_applications::Milestone::Shortlisted,
    )
    .await?;
    let detail = serde_json::json!({ "vacancy_id": vacancy.id });
    let object_id = id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "application.shortlist",
                object_type: "application",
                object_id: Some(&object_id),
                subject_person_id: Some(person_id),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    tx.commit().await?;
    crate::live::publish(&[crate::live::Topic::Person(person_id)]).await;
    Ok(id)
}

/// An operator of the vacancy's CPI sends a shortlisted candidate to the company, stating that
/// the candidate agreed (`candidate_agreed`, a checkbox): from now on the company sees them. A form
/// post goes back to the candidates page with `?esito=inviato`.
#[server(prefix = "/api", endpoint = "applicants/send")]
pub async fn send_candidate(
    application_id: i64,
    candidate_agreed: Option<String>,
) -> Result<(), AppError> {
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::application::Mover;
    use crate::domain::policy::Action;
    use crate::error::FieldProblem;
    use crate::store::applications::{self as store, Move};
    use crate::store::use_db;
    let facts = request_facts()?;
    let mut tx = use_db()?.begin_write().await?;
    let (application, vacancy, basis) =
        server::authorised_application(&mut tx, &facts, application_id, Action::ReviewVacancy)
            .await?;
    // The candidate's own acceptance of the proposal (issue 7) is their consent.
    let accepted = crate::store::my_applications::proposal_answer(&mut tx, application.id)
        .await?
        .as_deref()
        == Some("accepted");
    if !accepted && !server::checked(&candidate_agreed) {
        return Err(AppError::field("candidate_agreed", FieldProblem::Required));
    }
    let from = application.status;
    let to = from.transition(ApplicationStatus::SentToCompany, Mover::Cpi, None)?;
    let principal = facts.require_principal()?;
    let moved = store::move_application(
        &mut tx,
        facts.now,
        &Move {
            application_id: application.id,
            from,
            to,
            reason: None,
            reason_shared: false,
            actor_user_id: Some(principal.user_id.0),
        },
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    let detail = serde_json::json!({
        "vacancy_id": vacancy.id,
        "from": from.code(),
        "to": to.code(),
        "candidate_agreed": true,
        "proposal_accepted": accepted,
    });
    let object_id = application.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "application.send",
                object_type: "application",
                object_id: Some(&object_id),
                subject_person_id: Some(application.person_id.0),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    crate::store::my_applications::mark_milestone(
        &mut tx,
        facts.now,
        application.id,
        crate::store::my_applications::Milestone::Sent,
    )
    .await?;
    tx.commit().await?;
    crate::live::publish(&[crate::live::Topic::Person(application.person_id.0)]).await;
    // A form post from the candidates page goes back there with the outcome.
    leptos_axum::redirect(&format!(
        "{}?{}={}",
        crate::api::matching::candidates_path(vacancy.id),
        crate::api::matching::OUTCOME_PARAM,
        crate::api::matching::SENT_OUTCOME
    ));
    Ok(())
}
