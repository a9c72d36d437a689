//! The virtual counter, requester's side (issue 5): start a guided request, save it step by step,
//! submit it as a ticket with a protocol number, follow it in "my requests", read and write its
//! thread. The requester is the logged-in citizen, or the client an intermediary acts for under a
//! mandate with the `messages` scope. Staff use the same ticket page (api/operator.rs adds their
//! actions).

// `save_step` takes every field a step may have as its own argument (a plain form posts flat
// names); the macro's browser-side twin carries the same list, where a local allow cannot reach.
#![allow(clippy::too_many_arguments)]

use crate::domain::service::ServiceId;
use crate::domain::ticket::{SlaState, TicketOutcome, TicketState};
use crate::domain::wizard::{Ineligible, StepAnswers, StepId};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The counter's pages.
pub const COUNTER_PAGE: &str = "/sportello";
pub const MY_REQUESTS_PAGE: &str = "/sportello/pratiche";

pub fn draft_step_path(draft_id: i64, step: StepId) -> String {
    format!("/sportello/richieste/{draft_id}/{}", step.code())
}

pub fn draft_check_path(draft_id: i64) -> String {
    format!("/sportello/richieste/{draft_id}/riepilogo")
}

pub fn ticket_path(ticket_id: i64) -> String {
    format!("/sportello/pratiche/{ticket_id}")
}

/// A step and whether it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepStatus {
    pub step: StepId,
    pub done: bool,
}

/// A guided request in progress, as its pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub id: i64,
    pub service: ServiceId,
    pub steps: Vec<StepStatus>,
    /// Answers by step, as last saved (also a step's values that failed its rules).
    pub answers: BTreeMap<StepId, StepAnswers>,
    pub version: i64,
    pub requester_name: String,
    /// Masked codice fiscale.
    pub requester_code: String,
    /// The comuni a residence can be in: (ISTAT code, name), by name.
    pub comuni: Vec<(String, String)>,
    /// Set once submitted: the ticket it became.
    pub ticket_id: Option<i64>,
    pub ineligible: Option<Ineligible>,
    /// An intermediary fills it in for their client.
    pub on_behalf: bool,
}

/// A request in "my requests".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub service: ServiceId,
    pub state: TicketState,
    pub submitted_at: String,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: i64,
    pub service: ServiceId,
    pub updated_at: String,
    pub next_step: Option<StepId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRequestsView {
    pub drafts: Vec<DraftRow>,
    pub tickets: Vec<TicketRow>,
    pub requester_name: String,
    pub on_behalf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub author: String,
    /// Written by the CPI's staff (otherwise by the requester's side).
    pub from_staff: bool,
    pub body: String,
    pub asks_documents: bool,
    pub at: String,
    pub mine: bool,
}

/// Where the ticket stands in its queue, for the requester.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueStanding {
    pub position: u32,
    pub estimated_minutes: Option<u32>,
}

/// What the viewer may do on the ticket page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TicketAbilities {
    pub write: bool,
    pub withdraw: bool,
    /// Staff of the ticket's CPI (or supervisor): take, ask, transfer, close.
    pub staff: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub id: i64,
    pub number: String,
    pub service: ServiceId,
    pub cpi_code: String,
    pub cpi_name: String,
    pub state: TicketState,
    pub outcome: Option<TicketOutcome>,
    pub submitted_at: String,
    pub closed_at: Option<String>,
    pub requester_name: String,
    pub requester_person_id: i64,
    pub assigned_name: Option<String>,
    pub assigned_to_me: bool,
    pub standing: Option<QueueStanding>,
    pub sla: SlaState,
    /// (step, field, value) in the order of the steps; special-category answers only for staff.
    pub answers: Vec<(StepId, String, String)>,
    pub messages: Vec<MessageView>,
    /// (ISO instant, event code, who).
    pub history: Vec<(String, String, Option<String>)>,
    pub can: TicketAbilities,
    /// For staff: colleagues to assign to, (user id, name).
    pub colleagues: Vec<(i64, String)>,
    /// For staff: CPIs a ticket can be transferred to, (code, name).
    pub cpis: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::codice_fiscale::{masked, CalendarDate};
    use crate::domain::policy::{Action, Basis, CpiCode, MandateScope, Object, PersonId};
    use crate::domain::session_policy::Timestamp;
    use crate::domain::wizard;
    use crate::store::drafts::Draft;
    use sqlx::{AnyConnection, Row};

    /// Who the request is for, and under which mandate (for an intermediary).
    pub struct Requester {
        pub person_id: PersonId,
        pub mandate_id: Option<i64>,
        pub user_id: i64,
    }

    /// The requester of a new request: the client an intermediary acts for, or the user's person.
    pub fn requester(facts: &RequestFacts) -> Result<Requester, AppError> {
        let principal = facts.require_principal()?;
        if let Some(mandate) = &principal.acting_for {
            return Ok(Requester {
                person_id: mandate.delegator,
                mandate_id: Some(mandate.id.0),
                user_id: principal.user_id.0,
            });
        }
        Ok(Requester {
            person_id: principal.person_id.ok_or(AppError::NotFound)?,
            mandate_id: None,
            user_id: principal.user_id.0,
        })
    }

    pub fn today(now: Timestamp) -> CalendarDate {
        CalendarDate::parse_iso(&now.to_iso()[..10]).unwrap_or(CalendarDate::clamped(2000, 1, 1))
    }

    /// Name, codice fiscale, birth date and residence of a person.
    pub struct PersonFacts {
        pub name: String,
        pub codice_fiscale: String,
        pub birth_date: Option<CalendarDate>,
        pub residence: Option<String>,
        pub competent_cpi: Option<CpiCode>,
    }

    pub async fn person_facts(
        conn: &mut AnyConnection,
        person: PersonId,
    ) -> Result<Option<PersonFacts>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT p.given_name || ' ' || p.family_name AS name, p.codice_fiscale, p.birth_date, \
             p.residence_istat, c.cpi_code FROM person p \
             LEFT JOIN comune c ON c.istat_code = p.residence_istat \
             WHERE p.id = $1 AND p.closed_at IS NULL",
        )
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?;
        row.map(|r| {
            let birth: String = r.try_get("birth_date")?;
            let cpi: Option<String> = r.try_get("cpi_code")?;
            Ok(PersonFacts {
                name: r.try_get("name")?,
                codice_fiscale: r.try_get("codice_fiscale")?,
                birth_date: CalendarDate::parse_iso(&birth),
                residence: r.try_get("residence_istat")?,
                competent_cpi: cpi.map(CpiCode),
            })
        })
        .transpose()
    }

    /// The policy object of a person's counter data.
    pub fn counter_object(person: PersonId, facts: &PersonFacts) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: facts.competent_cpi.clone(),
            scope: MandateScope::Messages,
        }
    }

    /// Loads a draft the actor may `action`, with its person's facts; others' drafts are NotFound.
    pub async fn authorised_draft(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(Draft, PersonFacts, Basis), AppError> {
        facts.require_principal()?;
        let draft = crate::store::drafts::draft_by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let person = person_facts(conn, draft.person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(action, &counter_object(draft.person_id, &person))?;
        // Staff may see a person's data, but drafts are the requester's own work in progress.
        if !matches!(basis, Basis::Own | Basis::Mandate { .. }) {
            return Err(AppError::NotFound);
        }
        Ok((draft, person, basis))
    }

    pub fn service_of(code: &str) -> Result<ServiceId, AppError> {
        ServiceId::from_slug(code).ok_or_else(|| AppError::internal("unknown service in a draft"))
    }

    pub async fn region_comuni(
        conn: &mut AnyConnection,
    ) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT istat_code, name FROM comune WHERE cpi_code IS NOT NULL ORDER BY name_search",
        )
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("istat_code")?, r.try_get("name")?)))
            .collect()
    }

    pub async fn comune_in_region(
        conn: &mut AnyConnection,
        istat: &str,
    ) -> Result<bool, sqlx::Error> {
        Ok(crate::store::tickets::cpi_of_comune(conn, istat)
            .await?
            .is_some())
    }

    pub fn audit_basis(basis: &Basis) -> bool {
        !matches!(basis, Basis::Own | Basis::Public)
    }

    pub fn mask(code: &str) -> String {
        masked(code)
    }

    /// Special-category answers: the person themself and the CPI's staff; never an intermediary.
    pub fn sensitive_allowed(basis: &Basis) -> bool {
        matches!(
            basis,
            Basis::Own | Basis::CpiStaff { .. } | Basis::Supervisor
        )
    }

    pub async fn audit_read(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        basis: &Basis,
        object_type: &str,
        object_id: i64,
        subject: PersonId,
    ) -> Result<(), AppError> {
        if !audit_basis(basis) {
            return Ok(());
        }
        let id = object_id.to_string();
        facts
            .audit(
                conn,
                AuditFacts {
                    action: "read",
                    object_type,
                    object_id: Some(&id),
                    subject_person_id: Some(subject.0),
                    basis: Some(basis),
                    detail: None,
                },
            )
            .await
    }

    pub fn wizard_today(facts: &RequestFacts) -> CalendarDate {
        today(facts.now)
    }

    pub fn eligibility(
        service: ServiceId,
        person: &PersonFacts,
        now: Timestamp,
    ) -> Option<Ineligible> {
        person
            .birth_date
            .and_then(|b| wizard::check_eligibility(service, b, today(now)).err())
    }
}

/// Starts a guided request for `service` (its slug). `key` is the idempotency key minted when the
/// start page was rendered: pressing "start" twice opens one draft.
#[server(endpoint = "counter/start", prefix = "/api")]
pub async fn start_request(service: String, key: String) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::domain::wizard::{self, StepId};
    use crate::store::drafts::{self, DraftAnswers, NewDraft};
    use crate::store::use_db;

    let facts = request_facts()?;
    let who = requester(&facts)?;
    let service_id = ServiceId::from_slug(&service)
        .filter(|s| wizard::is_counter_service(s.service()))
        .ok_or_else(|| AppError::invalid("service"))?;
    let key = key.trim();
    if !(16..=64).contains(&key.len())
        || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(AppError::invalid("key"));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let person = person_facts(&mut tx, who.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Create, &counter_object(who.person_id, &person))?;
    if who.mandate_id.is_some() && !service_id.service().mandate_allowed {
        return Err(AppError::Forbidden);
    }
    if eligibility(service_id, &person, facts.now).is_some() {
        return Err(AppError::field(
            "service",
            crate::error::FieldProblem::Invalid,
        ));
    }
    // Nothing to re-enter: the residence on record fills the first step.
    let mut prefill = DraftAnswers::new();
    if let Some(istat) = &person.residence {
        prefill.insert(
            StepId::Residence,
            [("comune".to_string(), istat.clone())]
                .into_iter()
                .collect(),
        );
    }
    let draft = drafts::create_draft(
        &mut tx,
        facts.now,
        &NewDraft {
            service: service_id.slug(),
            person_id: who.person_id,
            created_by_user_id: who.user_id,
            mandate_id: who.mandate_id,
            idempotency_key: key,
            prefill: &prefill,
        },
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "create",
                object_type: "service_draft",
                object_id: Some(&id),
                subject_person_id: Some(who.person_id.0),
                basis: Some(&basis),
                detail: Some(&serde_json::json!({ "service": service_id.slug() })),
            },
        )
        .await?;
    tx.commit().await?;
    let steps = wizard::steps_for(service_id);
    let target = match wizard::next_step(&steps, &draft.completed) {
        Some(step) => draft_step_path(draft.id, step),
        None => draft_check_path(draft.id),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// A draft for its pages.
#[server(endpoint = "counter/draft", prefix = "/api")]
pub async fn get_draft(id: i64) -> Result<DraftView, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::domain::wizard;
    use crate::store::use_db;

    let facts = request_facts()?;
    let db = use_db()?;
    // A read transaction, committed: a bare pooled read can leave SQLite's snapshot open.
    let mut conn = db.pool().begin().await?;
    let (draft, person, basis) = authorised_draft(&mut conn, &facts, id, Action::Update).await?;
    let service = service_of(&draft.service)?;
    let mut answers = draft.answers.clone();
    if let Some(sensitive) = crate::store::drafts::draft_sensitive(&mut conn, draft.id).await? {
        answers.insert(StepId::Disability, sensitive);
    }
    let ticket_id = crate::store::tickets::ticket_by_key(&mut conn, &draft.idempotency_key).await?;
    let comuni = region_comuni(&mut conn).await?;
    conn.commit().await?;
    Ok(DraftView {
        id: draft.id,
        service,
        steps: wizard::steps_for(service)
            .into_iter()
            .map(|step| StepStatus {
                step,
                done: draft.completed.contains(&step),
            })
            .collect(),
        answers,
        version: draft.version,
        requester_name: person.name.clone(),
        requester_code: mask(&person.codice_fiscale),
        comuni,
        ticket_id,
        ineligible: eligibility(service, &person, facts.now),
        on_behalf: matches!(basis, crate::domain::policy::Basis::Mandate { .. }),
    })
}

/// Saves one step. Every field any step may have is an optional argument: a step's form sends its
/// own. `back_to_check` returns to "check your answers" (a change link) instead of the next step.
#[server(endpoint = "counter/save-step", prefix = "/api")]
pub async fn save_step(
    draft_id: i64,
    step: String,
    version: i64,
    comune: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    situation: Option<String>,
    since: Option<String>,
    eqf: Option<String>,
    title: Option<String>,
    category: Option<String>,
    percent: Option<String>,
    certified_on: Option<String>,
    topic: Option<String>,
    body: Option<String>,
    back_to_check: Option<String>,
) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::domain::wizard;
    use crate::store::drafts::{self, SaveRefused};
    use crate::store::use_db;

    let facts = request_facts()?;
    let step = StepId::parse(&step).ok_or_else(|| AppError::invalid("step"))?;
    let given = [
        ("comune", comune),
        ("email", email),
        ("phone", phone),
        ("situation", situation),
        ("since", since),
        ("eqf", eqf),
        ("title", title),
        ("category", category),
        ("percent", percent),
        ("certified_on", certified_on),
        ("topic", topic),
        ("body", body),
    ];
    let raw: StepAnswers = given
        .into_iter()
        .filter(|(name, _)| step.fields().iter().any(|f| f.name == *name))
        .filter_map(|(name, value)| value.map(|v| (name.to_string(), v)))
        .collect();
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, _person, basis) =
        authorised_draft(&mut tx, &facts, draft_id, Action::Update).await?;
    let service = service_of(&draft.service)?;
    if !wizard::steps_for(service).contains(&step) {
        return Err(AppError::invalid("step"));
    }
    let istat = raw.get("comune").cloned().unwrap_or_default();
    let known = if istat.is_empty() {
        false
    } else {
        comune_in_region(&mut tx, istat.trim()).await?
    };
    let checked = wizard::validate_step(step, &raw, wizard_today(&facts), &|_| known);
    let (answers, complete) = match &checked {
        Ok(clean) => (clean.clone(), true),
        Err(_) => (raw.clone(), false),
    };
    let new_version = match drafts::save_step(
        &mut tx, facts.now, &draft, version, step, &answers, complete,
    )
    .await?
    {
        Ok(v) => v,
        Err(SaveRefused::StaleVersion) | Err(SaveRefused::Submitted) => {
            return Err(AppError::Conflict)
        }
    };
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "update",
                object_type: "service_draft",
                object_id: Some(&id),
                subject_person_id: Some(draft.person_id.0),
                basis: Some(&basis),
                detail: Some(&serde_json::json!({
                    "step": step.code(), "version": new_version, "complete": complete
                })),
            },
        )
        .await?;
    tx.commit().await?;
    if let Err(fields) = checked {
        return Err(AppError::Validation { fields });
    }
    let mut completed = draft.completed.clone();
    if !completed.contains(&step) {
        completed.push(step);
    }
    let steps = wizard::steps_for(service);
    let target = match (
        back_to_check.is_some(),
        wizard::next_step(&steps, &completed),
    ) {
        (false, Some(next)) => draft_step_path(draft.id, next),
        (true, Some(next)) if next != step => draft_step_path(draft.id, next),
        _ => draft_check_path(draft.id),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Submits a complete draft: one ticket with the next protocol number of the competent CPI. A
/// second submit of the same draft (double click, retry after a lost answer) finds that ticket.
#[server(endpoint = "counter/submit", prefix = "/api")]
pub async fn submit_request(draft_id: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::domain::wizard;
    use crate::store::{drafts, tickets, use_db};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, person, _) = authorised_draft(&mut tx, &facts, draft_id, Action::Update).await?;
    // Two submits of one draft at once (a double click, a retry): the second waits here for the
    // first to commit, then finds its ticket.
    drafts::lock_draft(&mut tx, draft.id).await?;
    if let Some(existing) = tickets::ticket_by_key(&mut tx, &draft.idempotency_key).await? {
        tx.commit().await?;
        leptos_axum::redirect(&format!("{}?esito=inviata", ticket_path(existing)));
        return Ok(());
    }
    let service = service_of(&draft.service)?;
    let steps = wizard::steps_for(service);
    if let Some(missing) = wizard::next_step(&steps, &draft.completed) {
        return Err(AppError::field(
            missing.code(),
            crate::error::FieldProblem::Required,
        ));
    }
    if eligibility(service, &person, facts.now).is_some() {
        return Err(AppError::field(
            "service",
            crate::error::FieldProblem::Invalid,
        ));
    }
    let istat = draft
        .answers
        .get(&StepId::Residence)
        .and_then(|a| a.get("comune"))
        .cloned()
        .unwrap_or_default();
    let cpi = tickets::cpi_of_comune(&mut tx, &istat)
        .await?
        .ok_or_else(|| AppError::invalid(StepId::Residence.code()))?;
    // The ticket goes to the CPI of the residence just given: authorise against that one.
    let object = crate::domain::policy::Object::Ticket {
        requester_person_id: draft.person_id,
        cpi: crate::domain::policy::CpiCode(cpi.clone()),
    };
    let basis = facts.authorise(Action::Create, &object)?;
    let sensitive = drafts::draft_sensitive(&mut tx, draft.id)
        .await?
        .map(|s| serde_json::to_string(&s))
        .transpose()
        .map_err(|_| AppError::internal("sensitive answers do not serialise"))?;
    let answers = crate::store::drafts::answers_to_json(&draft.answers);
    let principal = facts.require_principal()?;
    let (id, number) = tickets::insert_ticket(
        &mut tx,
        facts.now,
        &tickets::NewTicket {
            cpi_code: &cpi,
            service: service.slug(),
            requester_person_id: draft.person_id,
            submitted_by_user_id: principal.user_id.0,
            mandate_id: draft.mandate_id,
            draft_id: Some(draft.id),
            idempotency_key: &draft.idempotency_key,
            answers: &answers,
            sensitive: sensitive.as_deref(),
        },
    )
    .await?;
    drafts::mark_submitted(&mut tx, facts.now, draft.id).await?;
    // What the person told us and we did not know yet goes on their record, so the next request
    // (and the appointments, which follow the residence) need nothing re-entered. Known values are
    // never overwritten here: changing them is a rectification.
    let contacts = draft.answers.get(&StepId::Contacts);
    let filled = crate::store::personal_data::fill_missing_person_data(
        &mut tx,
        draft.person_id,
        &istat,
        contacts.and_then(|c| c.get("email")).map(String::as_str),
        contacts.and_then(|c| c.get("phone")).map(String::as_str),
    )
    .await?;
    let id_text = id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "create",
                object_type: "ticket",
                object_id: Some(&id_text),
                subject_person_id: Some(draft.person_id.0),
                basis: Some(&basis),
                detail: Some(&serde_json::json!({
                    "number": number.as_str(), "service": service.slug(), "record_filled": filled
                })),
            },
        )
        .await?;
    tx.commit().await?;
    crate::api::operator::after_change(id, &cpi).await;
    leptos_axum::redirect(&format!("{}?esito=inviata", ticket_path(id)));
    Ok(())
}

/// Throws away a draft (never a submitted one).
#[server(endpoint = "counter/discard", prefix = "/api")]
pub async fn discard_request(draft_id: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::store::{drafts, use_db};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, _, basis) = authorised_draft(&mut tx, &facts, draft_id, Action::Close).await?;
    if draft.submitted_at.is_some() {
        return Err(AppError::Conflict);
    }
    drafts::discard_draft(&mut tx, draft.id).await?;
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "close",
                object_type: "service_draft",
                object_id: Some(&id),
                subject_person_id: Some(draft.person_id.0),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{MY_REQUESTS_PAGE}?esito=eliminata"));
    Ok(())
}

/// The requester's drafts and tickets with unread counts.
#[server(endpoint = "counter/mine", prefix = "/api")]
pub async fn my_requests() -> Result<MyRequestsView, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Basis};
    use crate::domain::wizard;
    use crate::store::{drafts, tickets, use_db};

    let facts = request_facts()?;
    let who = requester(&facts)?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let person = person_facts(&mut tx, who.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Read, &counter_object(who.person_id, &person))?;
    if !matches!(basis, Basis::Own | Basis::Mandate { .. }) {
        return Err(AppError::NotFound);
    }
    audit_read(
        &mut tx,
        &facts,
        &basis,
        "tickets",
        who.person_id.0,
        who.person_id,
    )
    .await?;
    let open = drafts::open_drafts_of(&mut tx, who.person_id).await?;
    let records = tickets::tickets_of_person(&mut tx, who.person_id).await?;
    let unread = tickets::unread_counts(
        &mut tx,
        who.user_id,
        tickets::UnreadScope::Person(who.person_id),
    )
    .await?;
    tx.commit().await?;
    let drafts = open
        .into_iter()
        .filter_map(|d| {
            let service = ServiceId::from_slug(&d.service)?;
            Some(DraftRow {
                id: d.id,
                service,
                updated_at: d.updated_at,
                next_step: wizard::next_step(&wizard::steps_for(service), &d.completed),
            })
        })
        .collect();
    let tickets = records
        .into_iter()
        .filter_map(|r| {
            Some(TicketRow {
                id: r.facts.id,
                number: r.facts.number.clone(),
                service: ServiceId::from_slug(&r.facts.service)?,
                state: r.state,
                submitted_at: r.submitted_at.clone(),
                unread: unread.get(&r.facts.id).copied().unwrap_or(0),
            })
        })
        .collect();
    Ok(MyRequestsView {
        drafts,
        tickets,
        requester_name: person.name,
        on_behalf: who.mandate_id.is_some(),
    })
}

/// Withdraws the requester's own ticket (any state but closed).
#[server(endpoint = "counter/withdraw", prefix = "/api")]
pub async fn withdraw_request(ticket_id: i64) -> Result<(), AppError> {
    use crate::domain::ticket::{TicketEvent, TicketOutcome};
    crate::api::operator::move_ticket(
        ticket_id,
        TicketEvent::Close(TicketOutcome::Withdrawn),
        crate::api::operator::Side::Requester,
        None,
    )
    .await?;
    leptos_axum::redirect(&format!("{}?esito=ritirata", ticket_path(ticket_id)));
    Ok(())
}

/// Posts a message on a ticket's thread, from the requester's side or the CPI's.
#[server(endpoint = "counter/post-message", prefix = "/api")]
pub async fn post_message(ticket_id: i64, body: String) -> Result<(), AppError> {
    crate::api::operator::write_message(ticket_id, &body, false).await?;
    leptos_axum::redirect(&format!(
        "{}?esito=messaggio#thread",
        ticket_path(ticket_id)
    ));
    Ok(())
}
