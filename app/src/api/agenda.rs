//! The CPIs' side of appointments (issue 5): administrators generate and delete slots
//! (`Object::Admin`); operators see their CPI's day and record who came (`Object::Queue`, the
//! CPI's work); operators and supervisors read the no-show report of the CPIs they may see.

use crate::domain::appointment::{AppointmentState, Channel};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A CPI to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpiChoice {
    pub code: String,
    pub name: String,
}

/// A slot in the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSlot {
    pub id: i64,
    /// Local date and time, `01/12/2026 09:30`.
    pub when: String,
    pub channel: Channel,
    pub capacity: i64,
    pub booked: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAgenda {
    pub cpis: Vec<CpiChoice>,
    /// The CPI shown.
    pub cpi: Option<String>,
    pub slots: Vec<AdminSlot>,
}

/// One appointment of an operator's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntry {
    pub id: i64,
    /// Local `HH:MM`.
    pub time: String,
    pub person_name: String,
    pub channel: Channel,
    pub ticket_id: Option<i64>,
    pub state: AppointmentState,
    /// Booked and begun: the outcome may be recorded.
    pub markable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub cpis: Vec<CpiChoice>,
    pub cpi: String,
    /// Local day, ISO.
    pub day: String,
    pub entries: Vec<AgendaEntry>,
}

/// Appointments of one CPI over a period, by outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoShowLine {
    pub cpi_code: String,
    pub cpi_name: String,
    pub attended: i64,
    pub no_show: i64,
    pub booked: i64,
    pub cancelled: i64,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::appointment::Day;
    use crate::domain::policy::{Action, CpiCode, Object};

    pub async fn cpi_choices() -> Result<Vec<CpiChoice>, AppError> {
        let db = crate::store::use_db()?;
        Ok(crate::store::cpi::all_cpis(&db)
            .await?
            .into_iter()
            .map(|c| CpiChoice {
                code: c.code,
                name: c.name,
            })
            .collect())
    }

    /// The CPIs whose work the actor may read.
    pub async fn readable_cpis(facts: &RequestFacts) -> Result<Vec<CpiChoice>, AppError> {
        Ok(cpi_choices()
            .await?
            .into_iter()
            .filter(|c| {
                facts
                    .authorise(
                        Action::Read,
                        &Object::Queue {
                            cpi: CpiCode(c.code.clone()),
                        },
                    )
                    .is_ok()
            })
            .collect())
    }

    pub fn day_param(
        day: Option<&str>,
        facts: &RequestFacts,
        field: &str,
    ) -> Result<Day, AppError> {
        match day.filter(|d| !d.is_empty()) {
            Some(text) => Day::parse(text).ok_or_else(|| AppError::invalid(field)),
            None => Ok(Day::of(facts.now)),
        }
    }

    pub fn agenda_audit<'a>(
        action: &'a str,
        object_type: &'a str,
        object_id: &'a str,
        subject: Option<i64>,
        basis: &'a crate::domain::policy::Basis,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type,
            object_id: Some(object_id),
            subject_person_id: subject,
            basis: Some(basis),
            detail,
        }
    }
}

/// The slots of a CPI from today on (administrators).
#[server(prefix = "/api", endpoint = "agenda/slots")]
pub async fn agenda_slots(cpi_code: Option<String>) -> Result<AdminAgenda, AppError> {
    use crate::domain::appointment::Day;
    use crate::domain::policy::{Action, CpiCode, Object};
    let facts = crate::api::request::request_facts()?;
    facts.authorise(Action::Read, &Object::Admin)?;
    let cpis = server::cpi_choices().await?;
    let cpi = cpi_code
        .filter(|c| cpis.iter().any(|x| &x.code == c))
        .or_else(|| cpis.first().map(|c| c.code.clone()));
    let mut slots = Vec::new();
    if let Some(code) = &cpi {
        let mut tx = crate::store::use_db()?.begin_write().await?;
        let (from, _) = Day::of(facts.now).bounds();
        slots = crate::store::appointments::slots_of_cpi(&mut tx, &CpiCode(code.clone()), from)
            .await?
            .into_iter()
            .map(|s| AdminSlot {
                id: s.id,
                when: crate::store::appointments::local_when(s.starts_at),
                channel: s.channel,
                capacity: s.capacity,
                booked: s.booked,
            })
            .collect();
        tx.commit().await?;
    }
    Ok(AdminAgenda { cpis, cpi, slots })
}

/// Generates a CPI's slots from a calendar rule (administrators). Existing slots are kept.
/// Weekdays come as one checkbox each, `wd0` (Monday) to `wd6` (Sunday).
#[server(prefix = "/api", endpoint = "agenda/generate")]
#[allow(clippy::too_many_arguments)]
pub async fn generate_slots(
    cpi_code: String,
    channel: String,
    from: String,
    to: String,
    start: String,
    end: String,
    minutes: u32,
    capacity: i64,
    wd0: Option<String>,
    wd1: Option<String>,
    wd2: Option<String>,
    wd3: Option<String>,
    wd4: Option<String>,
    wd5: Option<String>,
    wd6: Option<String>,
) -> Result<u64, AppError> {
    use crate::domain::appointment::{CalendarRule, Day, TimeOfDay};
    use crate::domain::policy::{Action, CpiCode, Object};
    let facts = crate::api::request::request_facts()?;
    let basis = facts.authorise(Action::Create, &Object::Admin)?;
    let channel = Channel::parse(&channel).map_err(|_| AppError::invalid("channel"))?;
    let weekdays = [wd0, wd1, wd2, wd3, wd4, wd5, wd6]
        .iter()
        .zip(0u8..)
        .filter(|(v, _)| v.as_deref().is_some_and(|v| !v.is_empty()))
        .map(|(_, d)| d)
        .collect();
    let rule = CalendarRule {
        first_day: Day::parse(&from).ok_or_else(|| AppError::invalid("from"))?,
        last_day: Day::parse(&to).ok_or_else(|| AppError::invalid("to"))?,
        weekdays,
        start: TimeOfDay::parse(&start).ok_or_else(|| AppError::invalid("start"))?,
        end: TimeOfDay::parse(&end).ok_or_else(|| AppError::invalid("end"))?,
        slot_minutes: minutes,
        capacity,
    };
    let slots = rule.generate().map_err(|e| AppError::invalid(e.field()))?;
    let cpi = CpiCode(cpi_code);
    let mut tx = crate::store::use_db()?.begin_write().await?;
    if !crate::store::appointments::cpi_exists(&mut tx, &cpi).await? {
        return Err(AppError::invalid("cpi_code"));
    }
    let user = facts.require_principal()?.user_id.0;
    let created = crate::store::appointments::insert_slots(
        &mut tx, &cpi, channel, &slots, capacity, user, facts.now,
    )
    .await?;
    let detail = serde_json::json!({
        "channel": channel.as_str(), "from": from, "to": to, "start": start, "end": end,
        "minutes": minutes, "capacity": capacity, "created": created,
    });
    facts
        .audit(
            &mut tx,
            server::agenda_audit(
                "agenda.generate",
                "cpi",
                &cpi.0,
                None,
                &basis,
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/amministrazione/agenda?cpi={}&esito=generati",
        cpi.0
    ));
    Ok(created)
}

/// Deletes a slot nobody booked (administrators); a booked one answers `Conflict`.
#[server(prefix = "/api", endpoint = "agenda/delete-slot")]
pub async fn delete_slot(slot_id: i64) -> Result<(), AppError> {
    use crate::domain::policy::{Action, Object};
    let facts = crate::api::request::request_facts()?;
    let basis = facts.authorise(Action::Close, &Object::Admin)?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let slot = crate::store::appointments::slot_by_id(&mut tx, slot_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::store::appointments::delete_unbooked_slot(&mut tx, slot_id).await? {
        return Err(AppError::Conflict);
    }
    let object_id = slot_id.to_string();
    let detail =
        serde_json::json!({ "cpi": slot.cpi_code.0, "starts_at": slot.starts_at.to_iso() });
    facts
        .audit(
            &mut tx,
            server::agenda_audit(
                "agenda.delete_slot",
                "appointment_slot",
                &object_id,
                None,
                &basis,
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/amministrazione/agenda?cpi={}&esito=eliminato",
        slot.cpi_code.0
    ));
    Ok(())
}

/// A CPI's appointments on one local day (operators of that CPI, supervisors). Showing names is a
/// read of personal data: one audit row per person listed.
#[server(prefix = "/api", endpoint = "agenda/day")]
pub async fn operator_day(
    cpi_code: Option<String>,
    day: Option<String>,
) -> Result<AgendaDay, AppError> {
    use crate::domain::appointment::rome_wall_clock;
    use crate::domain::policy::{Action, CpiCode, Object};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let day = server::day_param(day.as_deref(), &facts, "day")?;
    let cpis = server::readable_cpis(&facts).await?;
    let cpi = match cpi_code.filter(|c| !c.is_empty()) {
        Some(code) => code,
        None => cpis
            .first()
            .map(|c| c.code.clone())
            // Not staff: like any CPI's work they may not see.
            .ok_or(AppError::NotFound)?,
    };
    let basis = facts.authorise(
        Action::Read,
        &Object::Queue {
            cpi: CpiCode(cpi.clone()),
        },
    )?;
    let (from, to) = day.bounds();
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let records = crate::store::appointments::appointments_of_cpi_between(
        &mut tx,
        &CpiCode(cpi.clone()),
        from,
        to,
    )
    .await?;
    for r in &records {
        let object_id = r.id.to_string();
        facts
            .audit(
                &mut tx,
                server::agenda_audit(
                    "appointment.read",
                    "appointment",
                    &object_id,
                    Some(r.person_id.0),
                    &basis,
                    None,
                ),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(AgendaDay {
        cpis,
        cpi,
        day: day.to_iso(),
        entries: records
            .iter()
            .map(|r| AgendaEntry {
                id: r.id,
                time: rome_wall_clock(r.starts_at).1,
                person_name: r.person_name.clone(),
                channel: r.channel,
                ticket_id: r.ticket_id,
                state: r.state,
                markable: r.state == AppointmentState::Booked && facts.now >= r.starts_at,
            })
            .collect(),
    })
}

/// Records whether the person came (`attended`) or not (`no_show`), once the appointment began.
#[server(prefix = "/api", endpoint = "agenda/mark")]
pub async fn mark_appointment(appointment_id: i64, outcome: String) -> Result<(), AppError> {
    use crate::domain::appointment::{AppointmentEvent, Day};
    use crate::domain::policy::{Action, Object};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let event =
        AppointmentEvent::parse_outcome(&outcome).map_err(|_| AppError::invalid("outcome"))?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let record = crate::store::appointments::appointment_by_id(&mut tx, appointment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::Update,
        &Object::Queue {
            cpi: record.cpi_code.clone(),
        },
    )?;
    let next = record
        .state
        .transition(event, record.starts_at, facts.now)
        .map_err(|_| AppError::invalid("appointment_id"))?;
    let by = facts.require_principal()?.user_id.0;
    if !crate::store::appointments::finish(&mut tx, &record, next, by, facts.now).await? {
        return Err(AppError::Conflict);
    }
    let object_id = appointment_id.to_string();
    let detail = serde_json::json!({ "outcome": next.as_str() });
    facts
        .audit(
            &mut tx,
            server::agenda_audit(
                "appointment.mark",
                "appointment",
                &object_id,
                Some(record.person_id.0),
                &basis,
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/operatore/agenda?cpi={}&giorno={}&esito=registrato",
        record.cpi_code.0,
        Day::of(record.starts_at).to_iso()
    ));
    Ok(())
}

/// Per CPI the actor may see, how appointments in `[from, to]` (local days) ended. Counts only.
#[server(prefix = "/api", endpoint = "agenda/no-shows")]
pub async fn no_show_report(
    from: Option<String>,
    to: Option<String>,
) -> Result<Vec<NoShowLine>, AppError> {
    use crate::domain::appointment::Day;
    use crate::domain::policy::{Action, CpiCode, Object};
    const DEFAULT_PERIOD_DAYS: i64 = 30;
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let today = Day::of(facts.now);
    let first = match from.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Day::parse(d).ok_or_else(|| AppError::invalid("from"))?,
        None => Day(today.0 - DEFAULT_PERIOD_DAYS),
    };
    let last = server::day_param(to.as_deref(), &facts, "to")?;
    if last < first {
        return Err(AppError::invalid("to"));
    }
    let readable = server::readable_cpis(&facts).await?;
    let Some(first_cpi) = readable.first() else {
        return Err(AppError::NotFound);
    };
    let basis = facts.authorise(
        Action::Read,
        &Object::Queue {
            cpi: CpiCode(first_cpi.code.clone()),
        },
    )?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let rows =
        crate::store::appointments::no_show_report(&mut tx, first.bounds().0, last.bounds().1)
            .await?;
    let detail = serde_json::json!({ "from": first.to_iso(), "to": last.to_iso() });
    facts
        .audit(
            &mut tx,
            server::agenda_audit(
                "agenda.no_show_report",
                "cpi_agenda",
                "report",
                None,
                &basis,
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .filter(|r| readable.iter().any(|c| c.code == r.cpi_code))
        .map(|r| NoShowLine {
            cpi_code: r.cpi_code,
            cpi_name: r.cpi_name,
            attended: r.attended,
            no_show: r.no_show,
            booked: r.booked,
            cancelled: r.cancelled,
        })
        .collect())
}
