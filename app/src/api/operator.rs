//! The virtual counter, CPI's side (issue 5): the console of queues, calling the next ticket,
//! taking, assigning, transferring, asking the requester for documents, closing with an outcome,
//! and the person's case page. The ticket page itself (`get_ticket`) serves both sides: what it
//! shows and allows follows the policy's basis.

use super::counter::TicketView;
use crate::domain::service::ServiceId;
use crate::domain::ticket::{SlaState, TicketState};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const CONSOLE_PAGE: &str = "/operatore";

pub fn case_path(person_id: i64) -> String {
    format!("/operatore/persone/{person_id}")
}

/// One queue (service) of a CPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub service: ServiceId,
    pub waiting: i64,
    pub in_progress: i64,
    pub waiting_for_requester: i64,
    /// Minutes the oldest waiting ticket has waited.
    pub oldest_wait_minutes: Option<i64>,
    pub sla: SlaState,
}

/// A ticket in the console's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleTicket {
    pub id: i64,
    pub number: String,
    pub service: ServiceId,
    pub state: TicketState,
    pub requester_name: String,
    pub submitted_at: String,
    pub assigned_name: Option<String>,
    pub sla: SlaState,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    /// The CPIs the user works for: (code, name).
    pub cpis: Vec<(String, String)>,
    pub cpi: String,
    pub queues: Vec<QueueRow>,
    pub tickets: Vec<ConsoleTicket>,
}

/// Everything about one person the CPI works with (presa in carico).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub person_id: i64,
    pub name: String,
    pub codice_fiscale: String,
    pub birth_date: String,
    pub residence: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tickets: Vec<ConsoleTicket>,
    pub messages: i64,
    pub documents: i64,
    /// Profile facts when a profile exists: (education title, EQF level, occupations).
    pub profile: Option<crate::api::mandates::ProfileSummary>,
    /// (starts at, channel, state) of the person's appointments, when the agenda has any.
    pub appointments: Vec<(String, String, String)>,
}

/// Which side a change comes from: the requester's own actions are few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Requester,
    Staff,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::RequestFacts;
    use crate::domain::policy::{Basis, Role};
    use crate::domain::session_policy::Timestamp;
    use crate::domain::ticket;
    use crate::store::tickets::TicketRecord;

    /// The CPIs whose queues the principal works: their operator grants, or all for a supervisor.
    pub async fn my_cpis(
        conn: &mut sqlx::AnyConnection,
        facts: &RequestFacts,
    ) -> Result<Vec<(String, String)>, AppError> {
        let principal = facts.require_principal()?;
        if principal.acting_for.is_some() {
            return Ok(Vec::new());
        }
        let supervisor = principal
            .roles
            .iter()
            .any(|r| matches!(r, Role::Supervisor));
        let mine: Vec<&str> = principal
            .roles
            .iter()
            .filter_map(|r| match r {
                Role::Operator { cpi } => Some(cpi.0.as_str()),
                _ => None,
            })
            .collect();
        let all = all_cpis(conn).await?;
        Ok(all
            .into_iter()
            .filter(|(code, _)| supervisor || mine.contains(&code.as_str()))
            .collect())
    }

    pub async fn all_cpis(
        conn: &mut sqlx::AnyConnection,
    ) -> Result<Vec<(String, String)>, sqlx::Error> {
        use sqlx::Row;
        let rows = sqlx::query("SELECT code, name FROM cpi ORDER BY name")
            .fetch_all(&mut *conn)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
            .collect()
    }

    pub fn elapsed_ms(record: &TicketRecord, now: Timestamp) -> i64 {
        let start = Timestamp::parse_iso(&record.submitted_at)
            .map(|t| t.unix_millis())
            .unwrap_or(now.unix_millis());
        let end = record
            .closed_at
            .as_deref()
            .and_then(|c| Timestamp::parse_iso(c).ok())
            .map(|t| t.unix_millis())
            .unwrap_or(now.unix_millis());
        let waiting_now = record
            .waiting_since
            .as_deref()
            .and_then(|w| Timestamp::parse_iso(w).ok())
            .map(|w| (now.unix_millis() - w.unix_millis()).max(0))
            .unwrap_or(0);
        (end - start - record.sla_paused_ms - waiting_now).max(0)
    }

    pub fn sla_of(record: &TicketRecord, now: Timestamp) -> SlaState {
        let days =
            ServiceId::from_slug(&record.facts.service).and_then(|s| s.service().sla_working_days);
        ticket::sla_state(record.state, days, elapsed_ms(record, now))
    }

    pub fn console_ticket(
        record: &TicketRecord,
        now: Timestamp,
        unread: i64,
    ) -> Option<ConsoleTicket> {
        Some(ConsoleTicket {
            id: record.facts.id,
            number: record.facts.number.clone(),
            service: ServiceId::from_slug(&record.facts.service)?,
            state: record.state,
            requester_name: record.requester_name.clone(),
            submitted_at: record.submitted_at.clone(),
            assigned_name: record.assigned_name.clone(),
            sla: sla_of(record, now),
            unread,
        })
    }

    pub fn is_staff(basis: &Basis) -> bool {
        matches!(basis, Basis::CpiStaff { .. } | Basis::Supervisor)
    }
}

/// Tells open pages that a ticket and its CPI's queue changed. Called after commit.
#[cfg(feature = "ssr")]
pub async fn after_change(ticket_id: i64, cpi: &str) {
    use crate::live::{publish, Topic};
    publish(&[
        Topic::Ticket(ticket_id),
        Topic::Queue(crate::domain::policy::CpiCode(cpi.to_string())),
    ])
    .await;
}

/// Applies a state change to a ticket after authorising it: requesters may only withdraw; staff
/// of the ticket's CPI do the rest. Returns the ticket's CPI (after a transfer, the new one).
#[cfg(feature = "ssr")]
pub async fn move_ticket(
    ticket_id: i64,
    event: crate::domain::ticket::TicketEvent,
    side: Side,
    transfer: Option<(String, String)>,
) -> Result<String, AppError> {
    move_ticket_with(ticket_id, event, side, transfer, None).await
}

#[cfg(feature = "ssr")]
async fn move_ticket_with(
    ticket_id: i64,
    event: crate::domain::ticket::TicketEvent,
    side: Side,
    transfer: Option<(String, String)>,
    assign_to: Option<i64>,
) -> Result<String, AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, Basis};
    use crate::domain::ticket::{TicketEvent, TicketOutcome};
    use crate::store::tickets::{self, Move};
    use crate::store::use_db;

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let record = tickets::ticket_record(&mut tx, ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = match event {
        TicketEvent::Close(_) => Action::Close,
        _ => Action::Update,
    };
    let basis = facts.authorise(action, &record.facts.object())?;
    let allowed = match side {
        Side::Requester => {
            matches!(basis, Basis::Own | Basis::Mandate { .. })
                && event == TicketEvent::Close(TicketOutcome::Withdrawn)
        }
        Side::Staff => is_staff(&basis),
    };
    // The actor may see the ticket (the policy allowed them), so refusing reveals nothing.
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let to = record
        .state
        .transition(event)
        .map_err(|_| AppError::Conflict)?;
    let mut cpi = record.facts.cpi_code.0.clone();
    if let Some((new_cpi, new_service)) = &transfer {
        let known = all_cpis(&mut tx).await?.iter().any(|(c, _)| c == new_cpi);
        let service_ok = ServiceId::from_slug(new_service)
            .is_some_and(|s| crate::domain::wizard::is_counter_service(s.service()));
        if !known {
            return Err(AppError::invalid("cpi"));
        }
        if !service_ok {
            return Err(AppError::invalid("service"));
        }
        cpi = new_cpi.clone();
    }
    if let Some(user) = assign_to {
        let colleagues = tickets::operators_of_cpi(&mut tx, &record.facts.cpi_code.0).await?;
        if !colleagues.iter().any(|(id, _)| *id == user) {
            return Err(AppError::invalid("user_id"));
        }
    }
    let detail = serde_json::json!({
        "from": record.state.code(),
        "to": to.code(),
        "transfer": transfer.as_ref().map(|(c, s)| serde_json::json!({"cpi": c, "service": s})),
        "assigned_to": assign_to,
    });
    let moved = tickets::apply_move(
        &mut tx,
        facts.now,
        &Move {
            ticket: &record,
            event,
            to,
            actor_user_id: principal.user_id.0,
            assign_to,
            transfer: transfer.as_ref().map(|(c, s)| (c.as_str(), s.as_str())),
            detail: Some(&detail),
        },
    )
    .await?;
    if !moved {
        // Someone else moved it between our read and our write.
        return Err(AppError::Conflict);
    }
    let id = ticket_id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: match event {
                    TicketEvent::Close(_) => "close",
                    _ => "update",
                },
                object_type: "ticket",
                object_id: Some(&id),
                subject_person_id: Some(record.facts.requester_person_id.0),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    notify_requester(&mut tx, &facts, &record, event).await?;
    tx.commit().await?;
    after_change(ticket_id, &record.facts.cpi_code.0).await;
    if cpi != record.facts.cpi_code.0 {
        after_change(ticket_id, &cpi).await;
    }
    Ok(cpi)
}

/// Queues an in-app (and e-mail) notice to the requester for the changes they need to know about.
#[cfg(feature = "ssr")]
async fn notify_requester(
    conn: &mut sqlx::AnyConnection,
    facts: &crate::api::request::RequestFacts,
    record: &crate::store::tickets::TicketRecord,
    event: crate::domain::ticket::TicketEvent,
) -> Result<(), AppError> {
    use crate::domain::ticket::TicketEvent;
    let kind = match event {
        TicketEvent::AskRequester => "ticket_waiting",
        TicketEvent::Close(_) => "ticket_closed",
        _ => return Ok(()),
    };
    let Some(user) =
        crate::store::tickets::requester_user(conn, record.facts.requester_person_id).await?
    else {
        return Ok(());
    };
    if facts.principal().is_some_and(|p| p.user_id.0 == user) {
        return Ok(());
    }
    let key = format!(
        "ticket:{}:{kind}:{}",
        record.facts.id,
        facts.now.unix_millis()
    );
    let link = super::counter::ticket_path(record.facts.id);
    crate::store::outbox::enqueue(
        conn,
        facts.now,
        &crate::store::outbox::Notification {
            recipient_user_id: user,
            event_key: &key,
            kind,
            params: serde_json::json!({ "number": record.facts.number }),
            link: &link,
        },
    )
    .await?;
    Ok(())
}

/// Writes a message on a ticket from whichever side the writer is on; staff may mark it as a
/// request for documents (the ticket then waits for the requester).
#[cfg(feature = "ssr")]
pub async fn write_message(
    ticket_id: i64,
    body: &str,
    asks_documents: bool,
) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, Basis};
    use crate::domain::ticket::TicketEvent;
    use crate::store::tickets::{self, Move, NewMessage};
    use crate::store::use_db;

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field(
            "body",
            crate::error::FieldProblem::Required,
        ));
    }
    if body.chars().count() > 4000 {
        return Err(AppError::field(
            "body",
            crate::error::FieldProblem::TooLong { max: 4000 },
        ));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let record = tickets::ticket_record(&mut tx, ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Update, &record.facts.object())?;
    let staff = is_staff(&basis);
    if asks_documents && !staff {
        return Err(AppError::Forbidden);
    }
    if record.state == TicketState::Closed {
        return Err(AppError::Conflict);
    }
    let mandate_id = match &basis {
        Basis::Mandate { mandate_id, .. } => Some(mandate_id.0),
        _ => None,
    };
    let message_id = tickets::insert_message(
        &mut tx,
        facts.now,
        &NewMessage {
            ticket_id,
            author_user_id: principal.user_id.0,
            side: if staff { "staff" } else { "requester" },
            mandate_id,
            body,
            asks_documents,
        },
    )
    .await?;
    if asks_documents {
        let to = record
            .state
            .transition(TicketEvent::AskRequester)
            .map_err(|_| AppError::Conflict)?;
        let moved = tickets::apply_move(
            &mut tx,
            facts.now,
            &Move {
                ticket: &record,
                event: TicketEvent::AskRequester,
                to,
                actor_user_id: principal.user_id.0,
                assign_to: None,
                transfer: None,
                detail: None,
            },
        )
        .await?;
        if !moved {
            return Err(AppError::Conflict);
        }
    } else if !staff {
        tickets::note_requester_activity(&mut tx, ticket_id, principal.user_id.0, facts.now)
            .await?;
    }
    let id = ticket_id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "update",
                object_type: "ticket_message",
                object_id: Some(&id),
                subject_person_id: Some(record.facts.requester_person_id.0),
                basis: Some(&basis),
                detail: Some(&serde_json::json!({ "message_id": message_id, "asks_documents": asks_documents })),
            },
        )
        .await?;
    if staff {
        let kind = if asks_documents {
            "ticket_waiting"
        } else {
            "ticket_message"
        };
        if let Some(user) =
            tickets::requester_user(&mut tx, record.facts.requester_person_id).await?
        {
            let key = format!("ticket:{ticket_id}:message:{message_id}");
            let link = super::counter::ticket_path(ticket_id);
            crate::store::outbox::enqueue(
                &mut tx,
                facts.now,
                &crate::store::outbox::Notification {
                    recipient_user_id: user,
                    event_key: &key,
                    kind,
                    params: serde_json::json!({ "number": record.facts.number }),
                    link: &link,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    after_change(ticket_id, &record.facts.cpi_code.0).await;
    Ok(())
}

/// A ticket's page: for its requester (and their intermediary) and for the CPI's staff. Reading
/// marks the thread read; staff's and intermediaries' reads are audited.
#[server(endpoint = "counter/ticket", prefix = "/api")]
pub async fn get_ticket(id: i64) -> Result<TicketView, AppError> {
    use self::server::*;
    use crate::api::counter::server::{audit_read, sensitive_allowed};
    use crate::api::counter::{MessageView, QueueStanding, TicketAbilities};
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Basis};
    use crate::domain::ticket;
    use crate::domain::wizard::{self, StepId};
    use crate::store::{drafts, tickets, use_db};

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let me = principal.user_id.0;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let record = tickets::ticket_record(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Read, &record.facts.object())?;
    audit_read(
        &mut tx,
        &facts,
        &basis,
        "ticket",
        id,
        record.facts.requester_person_id,
    )
    .await?;
    let service = ServiceId::from_slug(&record.facts.service)
        .ok_or_else(|| AppError::internal("unknown service on a ticket"))?;
    let staff = is_staff(&basis);
    let messages = tickets::messages_of(&mut tx, id).await?;
    if let Some(last) = messages.last() {
        tickets::mark_read(&mut tx, id, me, last.id).await?;
    }
    let history = tickets::events_of(&mut tx, id).await?;
    let standing = if record.state == TicketState::Open {
        let (position, intervals) = tickets::queue_position(&mut tx, &record).await?;
        Some(QueueStanding {
            position,
            estimated_minutes: ticket::estimated_wait_minutes(position, &intervals),
        })
    } else {
        None
    };
    let stored: drafts::DraftAnswers = serde_json::from_str::<
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    >(&record.answers)
    .map(|raw| {
        raw.into_iter()
            .filter_map(|(k, v)| StepId::parse(&k).map(|s| (s, v)))
            .collect()
    })
    .unwrap_or_default();
    let mut answers = Vec::new();
    for step in wizard::steps_for(service) {
        let values = if step.is_sensitive() {
            if !sensitive_allowed(&basis) {
                continue;
            }
            tickets::ticket_sensitive(&mut tx, id)
                .await?
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default()
        } else {
            stored.get(&step).cloned().unwrap_or_default()
        };
        for field in step.fields() {
            if let Some(v) = values.get(field.name) {
                answers.push((step, field.name.to_string(), v.clone()));
            }
        }
    }
    let (colleagues, cpis) = if staff {
        (
            tickets::operators_of_cpi(&mut tx, &record.facts.cpi_code.0).await?,
            all_cpis(&mut tx).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let cpi_name = all_cpis(&mut tx)
        .await?
        .into_iter()
        .find(|(c, _)| *c == record.facts.cpi_code.0)
        .map(|(_, n)| n)
        .unwrap_or_default();
    tx.commit().await?;
    let own_side = matches!(basis, Basis::Own | Basis::Mandate { .. });
    let open = record.state != TicketState::Closed;
    Ok(TicketView {
        id,
        number: record.facts.number.clone(),
        service,
        cpi_code: record.facts.cpi_code.0.clone(),
        cpi_name,
        state: record.state,
        outcome: record.outcome,
        submitted_at: record.submitted_at.clone(),
        closed_at: record.closed_at.clone(),
        requester_name: record.requester_name.clone(),
        requester_person_id: record.facts.requester_person_id.0,
        assigned_name: record.assigned_name.clone(),
        assigned_to_me: record.assigned_user_id == Some(me),
        standing,
        sla: sla_of(&record, facts.now),
        answers,
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                id: m.id,
                author: m.author_name,
                from_staff: m.side == "staff",
                body: m.body,
                asks_documents: m.asks_documents,
                at: m.at,
                mine: m.author_user_id == me,
            })
            .collect(),
        history,
        can: TicketAbilities {
            write: open && (own_side || staff),
            withdraw: open && own_side,
            staff: staff && open,
        },
        colleagues,
        cpis,
    })
}

/// The console: a CPI's queues with counts, oldest wait and SLA state, and its tickets (filtered).
#[server(endpoint = "operator/console", prefix = "/api")]
pub async fn operator_console(
    cpi: Option<String>,
    service: Option<String>,
    state: Option<String>,
    mine: Option<String>,
) -> Result<ConsoleView, AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::{Action, CpiCode, Object};
    use crate::domain::session_policy::Timestamp;
    use crate::store::tickets::{self, TicketFilter};
    use crate::store::use_db;

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let cpis = my_cpis(&mut tx, &facts).await?;
    let chosen = cpi
        .filter(|c| !c.is_empty())
        .or_else(|| cpis.first().map(|(c, _)| c.clone()))
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::Read,
        &Object::Queue {
            cpi: CpiCode(chosen.clone()),
        },
    )?;
    let filter = TicketFilter {
        service: service
            .filter(|s| !s.is_empty())
            .map(|s| {
                ServiceId::from_slug(&s)
                    .map(|s| s.slug().to_string())
                    .ok_or_else(|| AppError::invalid("service"))
            })
            .transpose()?,
        state: state
            .filter(|s| !s.is_empty())
            .map(|s| TicketState::parse(&s).ok_or_else(|| AppError::invalid("state")))
            .transpose()?,
        assigned_to: mine.filter(|m| !m.is_empty()).map(|_| principal.user_id.0),
    };
    let summaries = tickets::queues_of_cpi(&mut tx, &chosen).await?;
    let records = tickets::tickets_of_cpi(&mut tx, &chosen, &filter).await?;
    let unread = tickets::unread_counts(
        &mut tx,
        principal.user_id.0,
        tickets::UnreadScope::Cpi(&chosen),
    )
    .await?;
    let tickets: Vec<ConsoleTicket> = records
        .iter()
        .filter_map(|r| console_ticket(r, facts.now, unread.get(&r.facts.id).copied().unwrap_or(0)))
        .collect();
    let queues = summaries
        .into_iter()
        .filter_map(|q| {
            let service = ServiceId::from_slug(&q.service)?;
            let oldest = q
                .oldest_open
                .as_deref()
                .and_then(|o| Timestamp::parse_iso(o).ok())
                .map(|o| (facts.now.unix_millis() - o.unix_millis()).max(0));
            let sla = crate::domain::ticket::sla_state(
                if q.waiting > 0 {
                    TicketState::Open
                } else {
                    TicketState::Closed
                },
                service.service().sla_working_days,
                oldest.unwrap_or(0),
            );
            Some(QueueRow {
                service,
                waiting: q.waiting,
                in_progress: q.in_progress,
                waiting_for_requester: q.waiting_for_requester,
                oldest_wait_minutes: oldest.map(|ms| ms / 60_000),
                sla,
            })
        })
        .collect();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "read",
                object_type: "queue",
                object_id: Some(&chosen),
                subject_person_id: None,
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    Ok(ConsoleView {
        cpis,
        cpi: chosen,
        queues,
        tickets,
    })
}

/// Takes the next ticket of a CPI's queue (priority, then age), optionally of one service, and
/// opens it. Two operators calling at once get two different tickets.
#[server(endpoint = "operator/call-next", prefix = "/api")]
pub async fn call_next(cpi: String, service: Option<String>) -> Result<(), AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, CpiCode, Object};
    use crate::domain::ticket::TicketEvent;
    use crate::store::{tickets, use_db};

    let facts = request_facts()?;
    facts.authorise(
        Action::Update,
        &Object::Queue {
            cpi: CpiCode(cpi.clone()),
        },
    )?;
    let service = service
        .filter(|s| !s.is_empty())
        .map(|s| {
            ServiceId::from_slug(&s)
                .map(|s| s.slug())
                .ok_or_else(|| AppError::invalid("service"))
        })
        .transpose()?;
    // A colleague may take the same ticket between our look and our take: look again, a few times.
    for _ in 0..5 {
        let next = {
            let db = use_db()?;
            let mut conn = db.pool().begin().await?;
            let next = tickets::next_in_queue(&mut conn, &cpi, service).await?;
            conn.commit().await?;
            next
        };
        let Some(id) = next else {
            leptos_axum::redirect(&format!("{CONSOLE_PAGE}?cpi={cpi}&esito=vuota"));
            return Ok(());
        };
        match move_ticket(id, TicketEvent::Take, Side::Staff, None).await {
            Ok(_) => {
                leptos_axum::redirect(&super::counter::ticket_path(id));
                return Ok(());
            }
            Err(AppError::Conflict) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::Conflict)
}

/// Takes a ticket (pick from the list), or assigns it to a colleague of the same CPI.
#[server(endpoint = "operator/take", prefix = "/api")]
pub async fn take_ticket(ticket_id: i64, user_id: Option<i64>) -> Result<(), AppError> {
    use crate::domain::ticket::TicketEvent;
    move_ticket_with(ticket_id, TicketEvent::Take, Side::Staff, None, user_id).await?;
    leptos_axum::redirect(&format!(
        "{}?esito=presa",
        super::counter::ticket_path(ticket_id)
    ));
    Ok(())
}

/// Sends a ticket to another CPI and/or service: it goes back to the end of that queue's order
/// by priority and age (its submission time is kept).
#[server(endpoint = "operator/transfer", prefix = "/api")]
pub async fn transfer_ticket(ticket_id: i64, cpi: String, service: String) -> Result<(), AppError> {
    use crate::domain::ticket::TicketEvent;
    move_ticket(
        ticket_id,
        TicketEvent::Requeue,
        Side::Staff,
        Some((cpi, service)),
    )
    .await?;
    leptos_axum::redirect(&format!("{CONSOLE_PAGE}?esito=trasferita"));
    Ok(())
}

/// Asks the requester for documents or information: a message, and the ticket waits for them
/// (its SLA clock stops).
#[server(endpoint = "operator/ask", prefix = "/api")]
pub async fn ask_requester(ticket_id: i64, body: String) -> Result<(), AppError> {
    write_message(ticket_id, &body, true).await?;
    leptos_axum::redirect(&format!(
        "{}?esito=richiesta",
        super::counter::ticket_path(ticket_id)
    ));
    Ok(())
}

/// Closes a ticket with an outcome.
#[server(endpoint = "operator/close", prefix = "/api")]
pub async fn close_ticket(ticket_id: i64, outcome: String) -> Result<(), AppError> {
    use crate::domain::ticket::{TicketEvent, TicketOutcome};
    let outcome = TicketOutcome::parse(&outcome)
        .filter(|o| *o != TicketOutcome::Withdrawn)
        .ok_or_else(|| AppError::invalid("outcome"))?;
    move_ticket(ticket_id, TicketEvent::Close(outcome), Side::Staff, None).await?;
    leptos_axum::redirect(&format!(
        "{}?esito=chiusa",
        super::counter::ticket_path(ticket_id)
    ));
    Ok(())
}

/// A person's case page for the staff of their CPI: tickets, messages, documents, profile and
/// appointments in one view. The read is audited.
#[server(endpoint = "operator/case", prefix = "/api")]
pub async fn get_case(person_id: i64) -> Result<CaseView, AppError> {
    use self::server::*;
    use crate::api::counter::server::{audit_read, person_facts};
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Object, PersonId};
    use crate::store::{tickets, use_db};
    use sqlx::Row;

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let person = PersonId(person_id);
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let pf = person_facts(&mut tx, person)
        .await?
        .ok_or(AppError::NotFound)?;
    let object = Object::Person {
        person_id: person,
        competent_cpi: pf.competent_cpi.clone(),
    };
    let basis = facts.authorise(Action::Read, &object)?;
    if !is_staff(&basis) {
        return Err(AppError::NotFound);
    }
    audit_read(&mut tx, &facts, &basis, "person", person_id, person).await?;
    let records = tickets::tickets_of_person(&mut tx, person).await?;
    let unread = tickets::unread_counts(
        &mut tx,
        principal.user_id.0,
        tickets::UnreadScope::Person(person),
    )
    .await?;
    let contact = sqlx::query("SELECT email, phone, birth_date FROM person WHERE id = $1")
        .bind(person_id)
        .fetch_one(&mut *tx)
        .await?;
    let messages: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id \
         WHERE t.requester_person_id = $1",
    )
    .bind(person_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("n")?;
    let documents = count_documents(&mut tx, person_id).await?;
    let appointments = appointments_of(&mut tx, person_id).await?;
    let profile = crate::api::mandates::server::profile_summary(&mut tx, person).await?;
    let residence = match &pf.residence {
        Some(istat) => sqlx::query("SELECT name FROM comune WHERE istat_code = $1")
            .bind(istat)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get::<String, _>("name"))
            .transpose()?,
        None => None,
    };
    tx.commit().await?;
    Ok(CaseView {
        person_id,
        name: pf.name,
        codice_fiscale: pf.codice_fiscale,
        birth_date: contact.try_get("birth_date")?,
        residence,
        email: contact.try_get("email")?,
        phone: contact.try_get("phone")?,
        tickets: records
            .iter()
            .filter_map(|r| {
                console_ticket(r, facts.now, unread.get(&r.facts.id).copied().unwrap_or(0))
            })
            .collect(),
        messages,
        documents,
        profile,
        appointments,
    })
}

/// Documents of a person's tickets, when the documents table exists.
#[cfg(feature = "ssr")]
async fn count_documents(conn: &mut sqlx::AnyConnection, person_id: i64) -> Result<i64, AppError> {
    use sqlx::Row;
    Ok(sqlx::query(
        "SELECT COUNT(*) AS n FROM ticket_document d JOIN ticket t ON t.id = d.ticket_id \
         WHERE t.requester_person_id = $1",
    )
    .bind(person_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?)
}

/// The person's appointments, newest first: (starts at, channel code, state code).
#[cfg(feature = "ssr")]
async fn appointments_of(
    conn: &mut sqlx::AnyConnection,
    person_id: i64,
) -> Result<Vec<(String, String, String)>, AppError> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT s.starts_at, s.channel, a.state FROM appointment a \
         JOIN appointment_slot s ON s.id = a.slot_id WHERE a.person_id = $1 \
         ORDER BY s.starts_at DESC LIMIT 50",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("starts_at")?,
                r.try_get("channel")?,
                r.try_get("state")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}
