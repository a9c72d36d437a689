//! Appointments of citizens (issue 5): free slots of the person's competent CPI, booking, moving,
//! cancelling, and the `.ics` file. The person is the caller, or the client an intermediary acts
//! for under a mandate covering appointments. Other people's appointments answer `NotFound`.

use crate::domain::appointment::{AppointmentState, Channel};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A slot with a free seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeSlot {
    pub id: i64,
    /// Local (Europe/Rome) day, ISO.
    pub day: String,
    /// Monday = 0.
    pub weekday: u8,
    /// Local time `HH:MM`.
    pub time: String,
    pub channel: Channel,
    pub seats_left: i64,
}

/// An appointment as its person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub id: i64,
    /// Local date and time, `01/12/2026 09:30`.
    pub when: String,
    pub channel: Channel,
    pub cpi_name: String,
    pub cpi_address: String,
    pub state: AppointmentState,
    pub ticket_id: Option<i64>,
    /// Still ahead and booked: may be moved or cancelled.
    pub changeable: bool,
}

/// The appointments page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentsOverview {
    /// An intermediary acting for a client.
    pub acting: bool,
    /// The person has a competent CPI (else no slots can be offered).
    pub has_cpi: bool,
    pub appointments: Vec<AppointmentView>,
    pub free: Vec<FreeSlot>,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::appointment::{rome_wall_clock, Day, RuleError};
    use crate::domain::policy::{Basis, CpiCode, MandateScope, Object, PersonId};
    use crate::domain::session_policy::Timestamp;
    use crate::store::appointments::{local_when, AppointmentRecord, SlotRecord};
    use sqlx::AnyConnection;

    /// Whose appointments: the client under the mandate in use, or the caller's own person.
    pub fn subject_person(facts: &RequestFacts) -> Result<PersonId, AppError> {
        let principal = facts.require_principal()?;
        match &principal.acting_for {
            Some(mandate) => Ok(mandate.delegator),
            None => principal.person_id.ok_or(AppError::NotFound),
        }
    }

    pub fn person_object(person: PersonId, cpi: Option<CpiCode>) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: cpi,
            scope: MandateScope::Appointments,
        }
    }

    /// The mandate a basis carries, to record on the appointment.
    pub fn mandate_of(basis: &Basis) -> Option<i64> {
        match basis {
            Basis::Mandate { mandate_id, .. } => Some(mandate_id.0),
            _ => None,
        }
    }

    pub fn free_slot(s: &SlotRecord) -> FreeSlot {
        let (day, time) = rome_wall_clock(s.starts_at);
        FreeSlot {
            id: s.id,
            day: day.to_iso(),
            weekday: day.weekday(),
            time,
            channel: s.channel,
            seats_left: s.capacity - s.booked,
        }
    }

    pub fn view(a: &AppointmentRecord, now: Timestamp) -> AppointmentView {
        AppointmentView {
            id: a.id,
            when: local_when(a.starts_at),
            channel: a.channel,
            cpi_name: a.cpi_name.clone(),
            cpi_address: a.cpi_address.clone(),
            state: a.state,
            ticket_id: a.ticket_id,
            changeable: a.state == AppointmentState::Booked && now < a.starts_at,
        }
    }

    /// A rule's refusal as the field it concerns.
    pub fn rule_error(e: RuleError) -> AppError {
        match e {
            RuleError::SlotInPast | RuleError::SameSlot => AppError::invalid("slot_id"),
            RuleError::NotLive | RuleError::AlreadyStarted | RuleError::NotStartedYet => {
                AppError::invalid("appointment_id")
            }
        }
    }

    /// A slot the person may take: of their competent CPI.
    pub async fn slot_for(
        conn: &mut AnyConnection,
        slot_id: i64,
        cpi: &Option<CpiCode>,
    ) -> Result<SlotRecord, AppError> {
        crate::store::appointments::slot_by_id(conn, slot_id)
            .await?
            .filter(|s| Some(&s.cpi_code) == cpi.as_ref())
            .ok_or_else(|| AppError::invalid("slot_id"))
    }

    /// An appointment the caller may `action`, with the basis; others' are `NotFound`.
    pub async fn authorised_appointment(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: crate::domain::policy::Action,
    ) -> Result<(AppointmentRecord, Option<CpiCode>, Basis), AppError> {
        facts.require_principal()?;
        let record = crate::store::appointments::appointment_by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cpi = crate::store::appointments::competent_cpi(conn, record.person_id).await?;
        let basis = facts.authorise(action, &person_object(record.person_id, cpi.clone()))?;
        Ok((record, cpi, basis))
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
            object_type: "appointment",
            object_id: Some(object_id),
            subject_person_id: Some(person.0),
            basis: Some(basis),
            detail,
        }
    }

    /// Ends a server function's write transaction: commit on success; on failure roll back now,
    /// so SQLite's write lock is released before the answer leaves (a dropped transaction rolls
    /// back only when its connection is next used).
    pub async fn settle<T>(
        tx: sqlx::Transaction<'static, sqlx::Any>,
        result: Result<T, AppError>,
    ) -> Result<T, AppError> {
        match result {
            Ok(value) => {
                tx.commit().await?;
                Ok(value)
            }
            Err(error) => {
                let _ = tx.rollback().await;
                Err(error)
            }
        }
    }

    /// Reads are audited when someone other than the person makes them.
    pub fn is_own(basis: &Basis) -> bool {
        matches!(basis, Basis::Own)
    }

    /// The `.ics` of an appointment, for the GET route (server/src/outbox/ics_download.rs).
    pub async fn appointment_ics(
        db: &crate::store::Db,
        facts: &RequestFacts,
        id: i64,
        locale: crate::i18n::Locale,
    ) -> Result<String, AppError> {
        use crate::domain::ics::{EventStatus, IcsEvent};
        use crate::domain::policy::Action;
        let mut tx = db.begin_write().await?;
        let result: Result<_, AppError> = async {
            let (record, _, basis) =
                authorised_appointment(&mut tx, facts, id, Action::Read).await?;
            if !is_own(&basis) {
                let object_id = id.to_string();
                facts
                    .audit(
                        &mut tx,
                        audit(
                            "appointment.ics",
                            &object_id,
                            record.person_id,
                            &basis,
                            None,
                        ),
                    )
                    .await?;
            }
            Ok(record)
        }
        .await;
        let record = settle(tx, result).await?;
        let t = locale.messages();
        let a = t.appointments;
        let channel = (a.channel)(record.channel);
        let location = match record.channel {
            Channel::InPerson => format!("{}, {}", record.cpi_name, record.cpi_address),
            _ => channel.to_string(),
        };
        let mut description = format!("{} — {}", record.cpi_name, channel);
        if let Some(ticket) = record.ticket_id {
            description.push('\n');
            description.push_str(&(a.ticket_ref)(ticket));
        }
        Ok(IcsEvent {
            uid: record.uid.clone(),
            sequence: record.sequence,
            stamp: facts.now,
            starts_at: record.starts_at,
            ends_at: record.ends_at,
            summary: format!("{}: {}", a.title, record.cpi_name),
            location,
            description,
            status: if record.state == AppointmentState::Cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            },
        }
        .to_ics())
    }

    pub fn day_of(t: Timestamp) -> Day {
        Day::of(t)
    }
}

/// The caller's (or their client's) appointments and the free slots of their competent CPI,
/// optionally of one channel.
#[server(prefix = "/api", endpoint = "appointments/mine")]
pub async fn my_appointments(channel: Option<String>) -> Result<AppointmentsOverview, AppError> {
    use crate::domain::policy::Action;
    use crate::store::appointments as store;
    let facts = crate::api::request::request_facts()?;
    let person = server::subject_person(&facts)?;
    let channel = match channel.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => Some(Channel::parse(code).map_err(|_| AppError::invalid("channel"))?),
        None => None,
    };
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let cpi = store::competent_cpi(&mut tx, person).await?;
        let basis = facts.authorise(Action::Read, &server::person_object(person, cpi.clone()))?;
        let records = store::appointments_of_person(&mut tx, person).await?;
        let free = match &cpi {
            Some(cpi) => store::free_slots(&mut tx, cpi, channel, facts.now).await?,
            None => Vec::new(),
        };
        if !server::is_own(&basis) {
            let object_id = person.0.to_string();
            facts
                .audit(
                    &mut tx,
                    server::audit("appointment.list", &object_id, person, &basis, None),
                )
                .await?;
        }
        Ok(AppointmentsOverview {
            acting: facts.principal().is_some_and(|p| p.acting_for.is_some()),
            has_cpi: cpi.is_some(),
            appointments: records.iter().map(|r| server::view(r, facts.now)).collect(),
            free: free.iter().map(server::free_slot).collect(),
        })
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await
}

/// Books a seat in `slot_id` (of the person's competent CPI, still ahead), optionally about one of
/// the person's tickets. Returns the appointment's id. A full slot answers `Conflict`.
#[server(prefix = "/api", endpoint = "appointments/book")]
pub async fn book_appointment(slot_id: i64, ticket_id: Option<String>) -> Result<i64, AppError> {
    use crate::domain::appointment::check_bookable;
    use crate::domain::policy::Action;
    use crate::store::appointments::{self as store, BookOutcome, NewAppointment};
    let facts = crate::api::request::request_facts()?;
    let person = server::subject_person(&facts)?;
    let ticket_id = match ticket_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| AppError::invalid("ticket_id"))?,
        ),
        None => None,
    };
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let cpi = store::competent_cpi(&mut tx, person).await?;
        let basis = facts.authorise(Action::Create, &server::person_object(person, cpi.clone()))?;
        let slot = server::slot_for(&mut tx, slot_id, &cpi).await?;
        check_bookable(slot.starts_at, facts.now).map_err(server::rule_error)?;
        if let Some(ticket) = ticket_id {
            if !store::ticket_of_person(&mut tx, ticket, person).await? {
                return Err(AppError::invalid("ticket_id"));
            }
        }
        let new = NewAppointment {
            slot_id,
            person,
            booked_by_user_id: facts.require_principal()?.user_id.0,
            mandate_id: server::mandate_of(&basis),
            ticket_id,
        };
        let id = match store::book(&mut tx, &new, facts.now).await? {
            BookOutcome::Booked(id) => id,
            BookOutcome::Full => return Err(AppError::Conflict),
            BookOutcome::AlreadyHolding => return Err(AppError::invalid("slot_id")),
        };
        let record = store::appointment_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("appointment missing right after insert"))?;
        store::notify(&mut tx, &record, "appointment_booked", facts.now).await?;
        let object_id = id.to_string();
        let detail =
            serde_json::json!({ "slot_id": slot_id, "cpi": slot.cpi_code.0, "ticket_id": ticket_id });
        facts
            .audit(
                &mut tx,
                server::audit(
                    "appointment.book",
                    &object_id,
                    person,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        let redirect_to = String::from("/area-personale/appuntamenti?esito=prenotato");
        Ok((id, redirect_to))
    }
    .await;
    let (value, redirect_to) = crate::api::appointments::server::settle(tx, result).await?;
    leptos_axum::redirect(&redirect_to);
    Ok(value)
}

/// Moves a booked appointment to another free slot in one step: the new seat is taken and the old
/// one released in the same transaction.
#[server(prefix = "/api", endpoint = "appointments/reschedule")]
pub async fn reschedule_appointment(appointment_id: i64, slot_id: i64) -> Result<(), AppError> {
    use crate::domain::appointment::check_reschedule;
    use crate::domain::policy::Action;
    use crate::store::appointments as store;
    let facts = crate::api::request::request_facts()?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (record, cpi, basis) =
            server::authorised_appointment(&mut tx, &facts, appointment_id, Action::Update).await?;
        let slot = server::slot_for(&mut tx, slot_id, &cpi).await?;
        check_reschedule(
            record.state,
            record.slot_id,
            record.starts_at,
            slot.id,
            slot.starts_at,
            facts.now,
        )
        .map_err(server::rule_error)?;
        if !store::move_appointment(&mut tx, &record, slot.id, facts.now).await? {
            return Err(AppError::Conflict);
        }
        let moved = store::appointment_by_id(&mut tx, appointment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::notify(&mut tx, &moved, "appointment_rescheduled", facts.now).await?;
        let object_id = appointment_id.to_string();
        let detail = serde_json::json!({ "from_slot": record.slot_id, "to_slot": slot.id });
        facts
            .audit(
                &mut tx,
                server::audit(
                    "appointment.reschedule",
                    &object_id,
                    record.person_id,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        let redirect_to = String::from("/area-personale/appuntamenti?esito=spostato");
        Ok(((), redirect_to))
    }
    .await;
    let (value, redirect_to) = crate::api::appointments::server::settle(tx, result).await?;
    leptos_axum::redirect(&redirect_to);
    Ok(value)
}

/// Cancels a booked appointment that has not started; its seat is freed.
#[server(prefix = "/api", endpoint = "appointments/cancel")]
pub async fn cancel_appointment(appointment_id: i64) -> Result<(), AppError> {
    use crate::domain::appointment::AppointmentEvent;
    use crate::domain::policy::Action;
    use crate::store::appointments as store;
    let facts = crate::api::request::request_facts()?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (record, _, basis) =
            server::authorised_appointment(&mut tx, &facts, appointment_id, Action::Close).await?;
        let next = record
            .state
            .transition(AppointmentEvent::Cancel, record.starts_at, facts.now)
            .map_err(server::rule_error)?;
        let by = facts.require_principal()?.user_id.0;
        if !store::finish(&mut tx, &record, next, by, facts.now).await? {
            return Err(AppError::Conflict);
        }
        store::notify(&mut tx, &record, "appointment_cancelled", facts.now).await?;
        let object_id = appointment_id.to_string();
        facts
            .audit(
                &mut tx,
                server::audit(
                    "appointment.cancel",
                    &object_id,
                    record.person_id,
                    &basis,
                    None,
                ),
            )
            .await?;
        let redirect_to = String::from("/area-personale/appuntamenti?esito=annullato");
        Ok(((), redirect_to))
    }
    .await;
    let (value, redirect_to) = crate::api::appointments::server::settle(tx, result).await?;
    leptos_axum::redirect(&redirect_to);
    Ok(value)
}
