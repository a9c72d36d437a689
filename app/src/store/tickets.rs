//! Tickets of the virtual counter: inserting one with its protocol number, reading them for their
//! requester and for the CPI's staff, and moving them along the state machine of
//! `domain::ticket`. Every function takes the caller's connection or transaction: the server
//! function owns the transaction and writes the audit row in it.

use crate::domain::policy::{CpiCode, Object, PersonId};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// What authorising an action on a ticket needs: who asked, and which CPI has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub id: i64,
    pub number: String,
    pub requester_person_id: PersonId,
    pub cpi_code: CpiCode,
    pub service: String,
    pub state: String,
}

impl TicketFacts {
    /// The policy's view of the ticket.
    pub fn object(&self) -> Object {
        Object::Ticket {
            requester_person_id: self.requester_person_id,
            cpi: self.cpi_code.clone(),
        }
    }
}

/// The facts of ticket `id`, if it exists.
pub async fn ticket_facts(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<TicketFacts>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, number, requester_person_id, cpi_code, service, state FROM ticket WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(TicketFacts {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            requester_person_id: PersonId(r.try_get("requester_person_id")?),
            cpi_code: CpiCode(r.try_get("cpi_code")?),
            service: r.try_get("service")?,
            state: r.try_get("state")?,
        })
    })
    .transpose()
}

use crate::domain::session_policy::Timestamp;
use crate::domain::ticket::{TicketEvent, TicketNumber, TicketOutcome, TicketState};

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The year of an instant, for protocol numbers.
fn year_of(now: Timestamp) -> i64 {
    now.to_iso()[..4].parse().unwrap_or(2000)
}

/// A ticket to insert.
pub struct NewTicket<'a> {
    pub cpi_code: &'a str,
    pub service: &'a str,
    pub requester_person_id: PersonId,
    pub submitted_by_user_id: i64,
    pub mandate_id: Option<i64>,
    pub draft_id: Option<i64>,
    pub idempotency_key: &'a str,
    /// The non-sensitive answers (JSON object).
    pub answers: &'a str,
    /// Special-category answers (JSON object), stored apart.
    pub sensitive: Option<&'a str>,
}

/// The ticket made with `key`, if any (a retried submit finds it here).
pub async fn ticket_by_key(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM ticket WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
}

/// Takes the next protocol number of `cpi_code`'s register for the year of `now` (tickets and
/// vacancies share it). Must run in the write transaction that uses the number: the sequence row
/// is written first, so concurrent callers queue on it and numbers have neither gaps nor
/// duplicates (a rolled-back transaction gives its number back).
pub async fn next_protocol_number(
    conn: &mut AnyConnection,
    now: Timestamp,
    cpi_code: &str,
) -> Result<TicketNumber, sqlx::Error> {
    let year = year_of(now);
    let n: i64 = sqlx::query(
        "INSERT INTO ticket_sequence (cpi_code, year, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (cpi_code, year) DO UPDATE SET last_number = ticket_sequence.last_number + 1 \
         RETURNING last_number",
    )
    .bind(cpi_code)
    .bind(year)
    .fetch_one(&mut *conn)
    .await?
    .try_get("last_number")?;
    TicketNumber::new(cpi_code, year, n).map_err(decode_error)
}

/// Inserts a ticket with the next protocol number of its CPI and year and its first event; returns
/// (id, number). Must run in a write transaction: the sequence row is written first, so concurrent
/// submissions to the same CPI queue on it and numbers have neither gaps nor duplicates.
pub async fn insert_ticket(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewTicket<'_>,
) -> Result<(i64, TicketNumber), sqlx::Error> {
    let number = next_protocol_number(conn, now, new.cpi_code).await?;
    let at = now.to_iso();
    let id: i64 = sqlx::query(
        "INSERT INTO ticket (number, cpi_code, service, requester_person_id, submitted_by_user_id, \
         mandate_id, draft_id, idempotency_key, answers, state, submitted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10) RETURNING id",
    )
    .bind(number.as_str())
    .bind(new.cpi_code)
    .bind(new.service)
    .bind(new.requester_person_id.0)
    .bind(new.submitted_by_user_id)
    .bind(new.mandate_id)
    .bind(new.draft_id)
    .bind(new.idempotency_key)
    .bind(new.answers)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    if let Some(data) = new.sensitive {
        sqlx::query("INSERT INTO ticket_sensitive (ticket_id, data) VALUES ($1, $2)")
            .bind(id)
            .bind(data)
            .execute(&mut *conn)
            .await?;
    }
    record_event(
        conn,
        now,
        id,
        Some(new.submitted_by_user_id),
        "submitted",
        None,
        Some(TicketState::Open),
        None,
    )
    .await?;
    Ok((id, number))
}

#[allow(clippy::too_many_arguments)]
async fn record_event(
    conn: &mut AnyConnection,
    now: Timestamp,
    ticket_id: i64,
    actor: Option<i64>,
    kind: &str,
    from: Option<TicketState>,
    to: Option<TicketState>,
    detail: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ticket_event (ticket_id, at, actor_user_id, kind, from_state, to_state, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ticket_id)
    .bind(now.to_iso())
    .bind(actor)
    .bind(kind)
    .bind(from.map(TicketState::code))
    .bind(to.map(TicketState::code))
    .bind(detail.map(|d| d.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A ticket as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    pub facts: TicketFacts,
    pub state: TicketState,
    pub priority: i64,
    pub assigned_user_id: Option<i64>,
    pub assigned_name: Option<String>,
    pub outcome: Option<TicketOutcome>,
    pub submitted_at: String,
    pub taken_at: Option<String>,
    pub closed_at: Option<String>,
    pub waiting_since: Option<String>,
    pub sla_paused_ms: i64,
    pub answers: String,
    pub requester_name: String,
    pub requester_code: String,
    pub mandate_id: Option<i64>,
}

const RECORD_SQL: &str = "SELECT t.id, t.number, t.requester_person_id, t.cpi_code, t.service, \
     t.state, t.priority, t.assigned_user_id, u.display_name AS assigned_name, t.outcome, \
     t.submitted_at, t.taken_at, t.closed_at, t.waiting_since, t.sla_paused_ms, t.answers, \
     p.given_name || ' ' || p.family_name AS requester_name, p.codice_fiscale, t.mandate_id \
     FROM ticket t JOIN person p ON p.id = t.requester_person_id \
     LEFT JOIN app_user u ON u.id = t.assigned_user_id";

fn record_from_row(r: &sqlx::any::AnyRow) -> Result<TicketRecord, sqlx::Error> {
    let state_code: String = r.try_get("state")?;
    let state = TicketState::parse(&state_code)
        .ok_or_else(|| decode_error(crate::domain::ticket::TicketNumberError))?;
    let outcome: Option<String> = r.try_get("outcome")?;
    Ok(TicketRecord {
        facts: TicketFacts {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            requester_person_id: PersonId(r.try_get("requester_person_id")?),
            cpi_code: CpiCode(r.try_get("cpi_code")?),
            service: r.try_get("service")?,
            state: state_code,
        },
        state,
        priority: r.try_get("priority")?,
        assigned_user_id: r.try_get("assigned_user_id")?,
        assigned_name: r.try_get("assigned_name")?,
        outcome: outcome.as_deref().and_then(TicketOutcome::parse),
        submitted_at: r.try_get("submitted_at")?,
        taken_at: r.try_get("taken_at")?,
        closed_at: r.try_get("closed_at")?,
        waiting_since: r.try_get("waiting_since")?,
        sla_paused_ms: r.try_get("sla_paused_ms")?,
        answers: r.try_get("answers")?,
        requester_name: r.try_get("requester_name")?,
        requester_code: r.try_get("codice_fiscale")?,
        mandate_id: r.try_get("mandate_id")?,
    })
}

pub async fn ticket_record(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<TicketRecord>, sqlx::Error> {
    let sql = format!("{RECORD_SQL} WHERE t.id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(record_from_row)
        .transpose()
}

/// A person's tickets, newest first.
pub async fn tickets_of_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<TicketRecord>, sqlx::Error> {
    let sql = format!(
        "{RECORD_SQL} WHERE t.requester_person_id = $1 ORDER BY t.submitted_at DESC, t.id DESC LIMIT 200"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(person.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(record_from_row)
        .collect()
}

/// The sensitive answers of a ticket.
pub async fn ticket_sensitive(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT data FROM ticket_sensitive WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("data"))
        .transpose()
}

/// Where an open ticket stands in its queue (1 = next), and how often the queue moved recently
/// (milliseconds between the last takes), for the estimated wait.
pub async fn queue_position(
    conn: &mut AnyConnection,
    ticket: &TicketRecord,
) -> Result<(u32, Vec<i64>), sqlx::Error> {
    let ahead: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM ticket WHERE cpi_code = $1 AND service = $2 AND state = 'open' \
         AND (priority > $3 OR (priority = $3 AND (submitted_at < $4 OR (submitted_at = $4 AND id < $5))))",
    )
    .bind(&ticket.facts.cpi_code.0)
    .bind(&ticket.facts.service)
    .bind(ticket.priority)
    .bind(&ticket.submitted_at)
    .bind(ticket.facts.id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let taken = recent_takes(conn, &ticket.facts.cpi_code.0, &ticket.facts.service).await?;
    Ok((u32::try_from(ahead + 1).unwrap_or(u32::MAX), taken))
}

/// How many of the last takes of a queue the estimate looks at.
const RECENT_TAKES: i64 = 21;

async fn recent_takes(
    conn: &mut AnyConnection,
    cpi: &str,
    service: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT taken_at FROM ticket WHERE cpi_code = $1 AND service = $2 AND taken_at IS NOT NULL \
         ORDER BY taken_at DESC LIMIT $3",
    )
    .bind(cpi)
    .bind(service)
    .bind(RECENT_TAKES)
    .fetch_all(&mut *conn)
    .await?;
    let mut millis = Vec::with_capacity(rows.len());
    for r in rows {
        let text: String = r.try_get("taken_at")?;
        let at = Timestamp::parse_iso(&text)
            .map_err(|_| decode_error(crate::domain::ticket::TicketNumberError))?;
        millis.push(at.unix_millis());
    }
    Ok(crate::domain::ticket::take_intervals(millis))
}

/// One queue of a CPI, as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSummary {
    pub service: String,
    pub waiting: i64,
    pub in_progress: i64,
    pub waiting_for_requester: i64,
    /// Submission instant of the oldest open ticket.
    pub oldest_open: Option<String>,
}

pub async fn queues_of_cpi(
    conn: &mut AnyConnection,
    cpi: &str,
) -> Result<Vec<QueueSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT service, \
         SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END) AS waiting, \
         SUM(CASE WHEN state = 'in_progress' THEN 1 ELSE 0 END) AS in_progress, \
         SUM(CASE WHEN state = 'waiting_for_requester' THEN 1 ELSE 0 END) AS paused, \
         MIN(CASE WHEN state = 'open' THEN submitted_at END) AS oldest \
         FROM ticket WHERE cpi_code = $1 AND state <> 'closed' GROUP BY service ORDER BY service",
    )
    .bind(cpi)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(QueueSummary {
                service: r.try_get("service")?,
                waiting: r.try_get("waiting")?,
                in_progress: r.try_get("in_progress")?,
                waiting_for_requester: r.try_get("paused")?,
                oldest_open: r.try_get("oldest")?,
            })
        })
        .collect()
}

/// Filters of the console's ticket list.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub service: Option<String>,
    pub state: Option<TicketState>,
    pub assigned_to: Option<i64>,
}

/// A CPI's tickets not closed, in queue order (priority, then age), at most 200.
pub async fn tickets_of_cpi(
    conn: &mut AnyConnection,
    cpi: &str,
    filter: &TicketFilter,
) -> Result<Vec<TicketRecord>, sqlx::Error> {
    let sql = format!(
        "{RECORD_SQL} WHERE t.cpi_code = $1 AND t.state <> 'closed' \
         AND ($2 = '' OR t.service = $2) AND ($3 = '' OR t.state = $3) \
         AND ($4 = 0 OR t.assigned_user_id = $4) \
         ORDER BY t.priority DESC, t.submitted_at, t.id LIMIT 200"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cpi)
        .bind(filter.service.clone().unwrap_or_default())
        .bind(filter.state.map(TicketState::code).unwrap_or(""))
        .bind(filter.assigned_to.unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(record_from_row)
        .collect()
}

/// The next open ticket of a CPI's queue (priority, then age), optionally of one service.
pub async fn next_in_queue(
    conn: &mut AnyConnection,
    cpi: &str,
    service: Option<&str>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT id FROM ticket WHERE cpi_code = $1 AND state = 'open' AND ($2 = '' OR service = $2) \
         ORDER BY priority DESC, submitted_at, id LIMIT 1",
    )
    .bind(cpi)
    .bind(service.unwrap_or(""))
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
}

/// A change to a ticket, checked against the state machine by the caller's `TicketState::transition`.
pub struct Move<'a> {
    pub ticket: &'a TicketRecord,
    pub event: TicketEvent,
    pub to: TicketState,
    pub actor_user_id: i64,
    /// For `Take`: who works it (the actor, or the colleague it is assigned to).
    pub assign_to: Option<i64>,
    /// For `Requeue` by transfer: the new CPI and service.
    pub transfer: Option<(&'a str, &'a str)>,
    pub detail: Option<&'a serde_json::Value>,
}

/// Applies a move if the ticket is still in the state the caller saw (`false` if it moved since:
/// another operator called it first).
pub async fn apply_move(
    conn: &mut AnyConnection,
    now: Timestamp,
    m: &Move<'_>,
) -> Result<bool, sqlx::Error> {
    let at = now.to_iso();
    let t = m.ticket;
    // The SLA clock stops while waiting for the requester: add the pause when leaving that state.
    let paused_more = match (&t.waiting_since, m.to) {
        (Some(since), to) if to != TicketState::WaitingForRequester => Timestamp::parse_iso(since)
            .map(|s| (now.unix_millis() - s.unix_millis()).max(0))
            .unwrap_or(0),
        _ => 0,
    };
    let waiting_since = match m.to {
        TicketState::WaitingForRequester => Some(t.waiting_since.clone().unwrap_or(at.clone())),
        _ => None,
    };
    let (outcome, closed_at) = match m.event {
        TicketEvent::Close(outcome) => (Some(outcome.code()), Some(at.clone())),
        _ => (None, None),
    };
    let (cpi, service) = m
        .transfer
        .unwrap_or((t.facts.cpi_code.0.as_str(), t.facts.service.as_str()));
    let (assigned, taken_at) = match (m.event, m.to) {
        (TicketEvent::Take, _) => (m.assign_to.or(Some(m.actor_user_id)), Some(at.clone())),
        (_, TicketState::Open) => (None, None),
        _ => (t.assigned_user_id, t.taken_at.clone()),
    };
    let updated = sqlx::query(
        "UPDATE ticket SET state = $1, outcome = $2, closed_at = $3, waiting_since = $4, \
         sla_paused_ms = sla_paused_ms + $5, assigned_user_id = $6, taken_at = $7, cpi_code = $8, \
         service = $9, updated_at = $10 WHERE id = $11 AND state = $12",
    )
    .bind(m.to.code())
    .bind(outcome)
    .bind(closed_at)
    .bind(waiting_since)
    .bind(paused_more)
    .bind(assigned)
    .bind(taken_at)
    .bind(cpi)
    .bind(service)
    .bind(&at)
    .bind(t.facts.id)
    .bind(t.state.code())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    let kind = match m.event {
        TicketEvent::Take => "taken",
        TicketEvent::AskRequester => "asked_requester",
        TicketEvent::RequesterAnswered => "requester_answered",
        TicketEvent::Requeue if m.transfer.is_some() => "transferred",
        TicketEvent::Requeue => "requeued",
        TicketEvent::Close(_) => "closed",
    };
    record_event(
        conn,
        now,
        t.facts.id,
        Some(m.actor_user_id),
        kind,
        Some(t.state),
        Some(m.to),
        m.detail,
    )
    .await?;
    Ok(true)
}

/// A requester wrote or uploaded something: a ticket waiting for them goes back to the operator.
/// Returns whether the ticket moved.
pub async fn note_requester_activity(
    conn: &mut AnyConnection,
    ticket_id: i64,
    actor_user_id: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let Some(ticket) = ticket_record(conn, ticket_id).await? else {
        return Ok(false);
    };
    let Ok(to) = ticket.state.transition(TicketEvent::RequesterAnswered) else {
        return Ok(false);
    };
    apply_move(
        conn,
        now,
        &Move {
            ticket: &ticket,
            event: TicketEvent::RequesterAnswered,
            to,
            actor_user_id,
            assign_to: None,
            transfer: None,
            detail: None,
        },
    )
    .await
}

/// A message of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: i64,
    pub author_name: String,
    pub author_user_id: i64,
    pub side: String,
    pub body: String,
    pub asks_documents: bool,
    pub at: String,
    pub mandate_id: Option<i64>,
}

pub struct NewMessage<'a> {
    pub ticket_id: i64,
    pub author_user_id: i64,
    /// `requester` or `staff`.
    pub side: &'a str,
    pub mandate_id: Option<i64>,
    pub body: &'a str,
    pub asks_documents: bool,
}

pub async fn insert_message(
    conn: &mut AnyConnection,
    now: Timestamp,
    m: &NewMessage<'_>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO ticket_message (ticket_id, author_user_id, side, mandate_id, body, \
         asks_documents, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(m.ticket_id)
    .bind(m.author_user_id)
    .bind(m.side)
    .bind(m.mandate_id)
    .bind(m.body)
    .bind(m.asks_documents)
    .bind(now.to_iso())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    mark_read(conn, m.ticket_id, m.author_user_id, id).await?;
    Ok(id)
}

pub async fn messages_of(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> Result<Vec<MessageRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, u.display_name, m.author_user_id, m.side, m.body, \
         CASE WHEN m.asks_documents THEN 1 ELSE 0 END AS asks, m.at, m.mandate_id \
         FROM ticket_message m JOIN app_user u ON u.id = m.author_user_id \
         WHERE m.ticket_id = $1 ORDER BY m.id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MessageRecord {
                id: r.try_get("id")?,
                author_name: r.try_get("display_name")?,
                author_user_id: r.try_get("author_user_id")?,
                side: r.try_get("side")?,
                body: r.try_get("body")?,
                asks_documents: r.try_get::<i64, _>("asks")? == 1,
                at: r.try_get("at")?,
                mandate_id: r.try_get("mandate_id")?,
            })
        })
        .collect()
}

/// Records that `user` has read the thread up to `message_id` (never moves backwards).
pub async fn mark_read(
    conn: &mut AnyConnection,
    ticket_id: i64,
    user_id: i64,
    message_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ticket_read (ticket_id, user_id, last_message_id) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id, user_id) DO UPDATE SET last_message_id = \
         CASE WHEN excluded.last_message_id > ticket_read.last_message_id \
         THEN excluded.last_message_id ELSE ticket_read.last_message_id END",
    )
    .bind(ticket_id)
    .bind(user_id)
    .bind(message_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whose tickets an unread count covers.
#[derive(Debug, Clone, Copy)]
pub enum UnreadScope<'a> {
    /// Every ticket of a person.
    Person(PersonId),
    /// The open tickets of a CPI.
    Cpi(&'a str),
}

/// Unread messages per ticket for `user` (messages by others after what they last read), in one
/// query for the whole list.
pub async fn unread_counts(
    conn: &mut AnyConnection,
    user_id: i64,
    scope: UnreadScope<'_>,
) -> Result<BTreeMap<i64, i64>, sqlx::Error> {
    let (filter, person, cpi) = match scope {
        UnreadScope::Person(p) => ("t.requester_person_id = $2 AND $3 = ''", p.0, ""),
        UnreadScope::Cpi(c) => ("t.cpi_code = $3 AND t.state <> 'closed' AND $2 = 0", 0, c),
    };
    let sql = format!(
        "SELECT m.ticket_id, COUNT(*) AS n FROM ticket_message m \
         JOIN ticket t ON t.id = m.ticket_id \
         LEFT JOIN ticket_read r ON r.ticket_id = m.ticket_id AND r.user_id = $1 \
         WHERE {filter} AND m.author_user_id <> $1 AND m.id > COALESCE(r.last_message_id, 0) \
         GROUP BY m.ticket_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(person)
        .bind(cpi)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("ticket_id")?, r.try_get("n")?)))
        .collect()
}

/// A ticket's history, oldest first: (at, kind, actor name).
pub async fn events_of(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.at, e.kind, u.display_name FROM ticket_event e \
         LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.ticket_id = $1 ORDER BY e.id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("at")?,
                r.try_get("kind")?,
                r.try_get("display_name")?,
            ))
        })
        .collect()
}

/// The users who should hear about a change on the requester's side: the requester's own account
/// (if any). Staff hear through the console.
pub async fn requester_user(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM app_user WHERE person_id = $1 AND disabled_at IS NULL")
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
}

/// The competent CPI of a comune.
pub async fn cpi_of_comune(
    conn: &mut AnyConnection,
    istat: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT cpi_code FROM comune WHERE istat_code = $1 AND cpi_code IS NOT NULL")
        .bind(istat)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("cpi_code"))
        .transpose()
}

/// Operators of a CPI (for assignment), by name.
pub async fn operators_of_cpi(
    conn: &mut AnyConnection,
    cpi: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT u.id, u.display_name FROM user_role r JOIN app_user u ON u.id = r.user_id \
         WHERE r.role = 'operator' AND r.cpi_code = $1 AND r.revoked_at IS NULL \
         AND u.disabled_at IS NULL ORDER BY u.display_name",
    )
    .bind(cpi)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
        .collect()
}
