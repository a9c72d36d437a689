//! A citizen's applications and CPI proposals (issue 7). The person is the caller, or the client an
//! intermediary acts for under a mandate covering applications (`PersonData { scope:
//! Applications }`). Decisions, written down:
//! - **Apply** on a published vacancy open to public applications (`candidate_channel` public or
//!   both) with an optional note (≤ [`MAX_MESSAGE`] characters); the CV is the person's profile.
//!   Applying twice gives back the same application (`?esito=gia`), never a second row.
//! - **Withdraw** at any time before the end (`ApplicationStatus::transition` by the candidate).
//! - **A CPI proposal** (source `cpi`, status `shortlisted`) is answered once: accepted (the CPI
//!   may then send the person to the company without asking again) or declined (withdrawn).
//! - **What the person sees**: their applications with status, dates and the company's outcome;
//!   the reason of "not selected" only if the company shared it.
//! - Every change is audited; reads by intermediaries are audited. Each change is published on the
//!   person's live topic so their open page refreshes.

use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page of the person's applications.
pub const PAGE_PATH: &str = "/area-personale/candidature";
/// The query parameter saying what was done.
pub const OUTCOME_PARAM: &str = "esito";
/// The longest note of an application.
pub const MAX_MESSAGE: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplication {
    pub id: i64,
    pub vacancy_id: i64,
    pub title: String,
    pub company: String,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    /// The reason of "not selected", only when the company shared it.
    pub reason: Option<NotSelectedReason>,
    pub message: Option<String>,
    /// `accepted` / `declined` for an answered CPI proposal.
    pub proposal_answer: Option<String>,
    /// ISO dates.
    pub applied_on: String,
    pub updated_on: String,
    /// A CPI proposal still waiting for the person's answer.
    pub awaiting_answer: bool,
    pub can_withdraw: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplications {
    pub person_id: i64,
    /// An intermediary acting for a client.
    pub acting: bool,
    pub applications: Vec<MyApplication>,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, MandateScope, Object, PersonId};
    use sqlx::AnyConnection;

    pub fn person_object(person: PersonId, cpi: Option<crate::domain::policy::CpiCode>) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: cpi,
            scope: MandateScope::Applications,
        }
    }

    /// Authorises `action` on the applications of the caller's subject person.
    pub async fn authorise_subject(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        action: Action,
    ) -> Result<(PersonId, Basis), AppError> {
        let person = crate::api::appointments::server::subject_person(facts)?;
        authorise_person(conn, facts, person, action).await
    }

    pub async fn authorise_person(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        person: PersonId,
        action: Action,
    ) -> Result<(PersonId, Basis), AppError> {
        let cpi = crate::store::appointments::competent_cpi(conn, person).await?;
        let basis = facts.authorise(action, &person_object(person, cpi))?;
        Ok((person, basis))
    }

    /// An application of the caller's subject person, after the policy allowed `Update` on their
    /// applications; anyone else's answers `NotFound`.
    pub async fn own_application(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        application_id: i64,
    ) -> Result<(crate::store::applications::ApplicationRecord, Basis), AppError> {
        facts.require_principal()?;
        let record = crate::store::applications::application_by_id(conn, application_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let subject = crate::api::appointments::server::subject_person(facts)?;
        if record.person_id != subject {
            return Err(AppError::NotFound);
        }
        let (_, basis) = authorise_person(conn, facts, subject, Action::Update).await?;
        Ok((record, basis))
    }

    pub fn audit<'a>(
        action: &'a str,
        object_id: &'a str,
        person: PersonId,
        basis: &'a Basis,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type: "application",
            object_id: Some(object_id),
            subject_person_id: Some(person.0),
            basis: Some(basis),
            detail,
        }
    }

    pub fn page_with(outcome: &str) -> String {
        format!("{PAGE_PATH}?{OUTCOME_PARAM}={outcome}")
    }

    /// The candidate's move (withdraw), with its history row and audit.
    pub async fn candidate_move(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        record: &crate::store::applications::ApplicationRecord,
        basis: &Basis,
        action: &str,
    ) -> Result<(), AppError> {
        use crate::domain::application::Mover;
        use crate::store::applications::{move_application, Move};
        let to = record
            .status
            .transition(ApplicationStatus::Withdrawn, Mover::Candidate, None)?;
        let moved = move_application(
            conn,
            facts.now,
            &Move {
                application_id: record.id,
                from: record.status,
                to,
                reason: None,
                reason_shared: false,
                actor_user_id: Some(facts.require_principal()?.user_id.0),
            },
        )
        .await?;
        if !moved {
            return Err(AppError::Conflict);
        }
        let detail = serde_json::json!({
            "vacancy_id": record.vacancy_id,
            "from": record.status.code(),
            "to": to.code(),
        });
        let object_id = record.id.to_string();
        facts
            .audit(
                conn,
                audit(action, &object_id, record.person_id, basis, Some(&detail)),
            )
            .await?;
        Ok(())
    }
}

/// The applications and CPI proposals of the caller (or of the client they act for).
#[server(prefix = "/api", endpoint = "my_applications/list")]
pub async fn list_my_applications() -> Result<MyApplications, AppError> {
    use crate::domain::policy::{Action, Basis};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (person, basis) = server::authorise_subject(&mut tx, &facts, Action::Read).await?;
        let rows = crate::store::my_applications::applications_of_person(&mut tx, person).await?;
        if basis != Basis::Own {
            let object_id = person.0.to_string();
            facts
                .audit(
                    &mut tx,
                    server::audit("application.list", &object_id, person, &basis, None),
                )
                .await?;
        }
        let date = |iso: &str| iso.chars().take(10).collect::<String>();
        Ok(MyApplications {
            person_id: person.0,
            acting: facts.principal().is_some_and(|p| p.acting_for.is_some()),
            applications: rows
                .into_iter()
                .map(|r| MyApplication {
                    awaiting_answer: r.source == ApplicationSource::Cpi
                        && r.status == ApplicationStatus::Shortlisted
                        && r.proposal_answer.is_none(),
                    can_withdraw: !r.status.is_final(),
                    id: r.id,
                    vacancy_id: r.vacancy_id,
                    title: r.title,
                    company: r.company,
                    source: r.source,
                    status: r.status,
                    reason: r.shared_reason,
                    message: r.message,
                    proposal_answer: r.proposal_answer,
                    applied_on: date(&r.created_at),
                    updated_on: date(&r.updated_at),
                })
                .collect(),
        })
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await
}

/// Applies to a published vacancy open to applications, with an optional note. Returns the
/// application's id; applying again returns the same one.
#[server(prefix = "/api", endpoint = "my_applications/apply")]
pub async fn apply_to_vacancy(vacancy_id: i64, message: Option<String>) -> Result<i64, AppError> {
    use crate::domain::policy::Action;
    use crate::domain::vacancy::VacancyState;
    use crate::error::FieldProblem;
    use crate::store::applications::{insert_application, vacancy_facts, NewApplication};
    use crate::store::my_applications as store;
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let message = message
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty());
    if message
        .as_ref()
        .is_some_and(|m| m.chars().count() > MAX_MESSAGE)
    {
        return Err(AppError::field(
            "message",
            FieldProblem::TooLong {
                max: MAX_MESSAGE as u32,
            },
        ));
    }
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (person, basis) = server::authorise_subject(&mut tx, &facts, Action::Create).await?;
        // Only public vacancies (published, not expired) are anyone's to see: the rest answer
        // like missing ones.
        let today = facts.now.to_iso()[..10].to_string();
        if !crate::store::jobs::is_public(&mut tx, vacancy_id, &today).await? {
            return Err(AppError::NotFound);
        }
        let vacancy = vacancy_facts(&mut tx, vacancy_id)
            .await?
            .filter(|v| v.state == VacancyState::Published)
            .ok_or(AppError::NotFound)?;
        if let Some((id, _)) = store::application_of(&mut tx, vacancy.id, person).await? {
            return Ok((id, person, "gia"));
        }
        if vacancy.candidate_channel == "preselection" {
            return Err(AppError::Conflict);
        }
        let principal = facts.require_principal()?;
        let id = insert_application(
            &mut tx,
            facts.now,
            &NewApplication {
                vacancy_id: vacancy.id,
                person_id: person,
                source: ApplicationSource::Applied,
                status: ApplicationStatus::Applied,
                actor_user_id: Some(principal.user_id.0),
            },
        )
        .await?
        .ok_or(AppError::Conflict)?;
        store::set_message(&mut tx, id, message.as_deref()).await?;
        // The company hears of it (in the app, and by e-mail through the outbox); the applicant's
        // name waits for the pipeline page, where the company's own access rules apply.
        crate::store::vacancy_review::notify_members(
            &mut tx,
            facts.now,
            vacancy.company_id.0,
            vacancy.id,
            "application_received",
            serde_json::json!({ "title": vacancy.title }),
        )
        .await?;
        let detail = serde_json::json!({
            "vacancy_id": vacancy.id,
            "with_message": message.is_some(),
        });
        let object_id = id.to_string();
        facts
            .audit(
                &mut tx,
                server::audit(
                    "application.apply",
                    &object_id,
                    person,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        Ok((id, person, "inviata"))
    }
    .await;
    let (id, person, outcome) = crate::api::appointments::server::settle(tx, result).await?;
    crate::live::publish(&[crate::live::Topic::Person(person.0)]).await;
    leptos_axum::redirect(&server::page_with(outcome));
    Ok(id)
}

/// Withdraws one of the person's applications (any status before the end).
#[server(prefix = "/api", endpoint = "my_applications/withdraw")]
pub async fn withdraw_application(application_id: i64) -> Result<(), AppError> {
    let facts = crate::api::request::request_facts()?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (record, basis) = server::own_application(&mut tx, &facts, application_id).await?;
        server::candidate_move(&mut tx, &facts, &record, &basis, "application.withdraw").await?;
        Ok(record.person_id)
    }
    .await;
    let person = crate::api::appointments::server::settle(tx, result).await?;
    crate::live::publish(&[crate::live::Topic::Person(person.0)]).await;
    leptos_axum::redirect(&server::page_with("ritirata"));
    Ok(())
}

/// Answers a CPI proposal: `answer` is `accepted` (the CPI may send the person to the company) or
/// `declined` (the proposal is withdrawn). Answered once; a second answer is a `Conflict`.
#[server(prefix = "/api", endpoint = "my_applications/answer")]
pub async fn answer_cpi_proposal(application_id: i64, answer: String) -> Result<(), AppError> {
    use crate::store::my_applications as store;
    let facts = crate::api::request::request_facts()?;
    let answer = match answer.trim() {
        "accepted" => "accepted",
        "declined" => "declined",
        _ => return Err(AppError::invalid("answer")),
    };
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (record, basis) = server::own_application(&mut tx, &facts, application_id).await?;
        if record.source != ApplicationSource::Cpi
            || record.status != ApplicationStatus::Shortlisted
        {
            return Err(AppError::Conflict);
        }
        if !store::answer_proposal(&mut tx, facts.now, record.id, answer).await? {
            return Err(AppError::Conflict);
        }
        let detail = serde_json::json!({ "vacancy_id": record.vacancy_id, "answer": answer });
        let object_id = record.id.to_string();
        facts
            .audit(
                &mut tx,
                server::audit(
                    "application.answer",
                    &object_id,
                    record.person_id,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        if answer == "declined" {
            server::candidate_move(&mut tx, &facts, &record, &basis, "application.withdraw")
                .await?;
        }
        Ok(record.person_id)
    }
    .await;
    let person = crate::api::appointments::server::settle(tx, result).await?;
    crate::live::publish(&[crate::live::Topic::Person(person.0)]).await;
    leptos_axum::redirect(&server::page_with(if answer == "accepted" {
        "accettata"
    } else {
        "rifiutata"
    }));
    Ok(())
}
