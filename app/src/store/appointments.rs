//! Slots and appointments (issue 5). A seat is taken only by [`take_seat`]'s conditional UPDATE,
//! inside the transaction that inserts or moves the appointment: whoever runs it when the slot
//! still has room wins, everyone else sees zero rows changed, so a slot is never overbooked
//! whatever the concurrency (SQLite serialises writers; PostgreSQL re-checks the condition on the
//! row it locks).

use crate::domain::appointment::{AppointmentState, Channel, SlotTimes, REMINDER_LEAD};
use crate::domain::policy::{CpiCode, PersonId};
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// The most free slots a listing returns.
pub const FREE_SLOTS_LIMIT: i64 = 300;
/// The most slots the administrators' list returns.
pub const ADMIN_SLOTS_LIMIT: i64 = 500;

fn instant(row: &AnyRow, column: &str) -> Result<Timestamp, sqlx::Error> {
    let text: String = row.try_get(column)?;
    Timestamp::parse_iso(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn channel(row: &AnyRow) -> Result<Channel, sqlx::Error> {
    let code: String = row.try_get("channel")?;
    Channel::parse(&code).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The CPI competent for a person: the one of the comune they live in.
pub async fn competent_cpi(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<CpiCode>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.cpi_code FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
         WHERE p.id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<String>, _>(0)?.map(CpiCode),
        None => None,
    })
}

/// Whether a CPI with this code exists.
pub async fn cpi_exists(conn: &mut AnyConnection, cpi: &CpiCode) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM cpi WHERE code = $1")
        .bind(&cpi.0)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRecord {
    pub id: i64,
    pub cpi_code: CpiCode,
    pub channel: Channel,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub capacity: i64,
    pub booked: i64,
}

const SLOT_COLUMNS: &str = "id, cpi_code, channel, starts_at, ends_at, capacity, booked";

fn slot(row: &AnyRow) -> Result<SlotRecord, sqlx::Error> {
    Ok(SlotRecord {
        id: row.try_get("id")?,
        cpi_code: CpiCode(row.try_get("cpi_code")?),
        channel: channel(row)?,
        starts_at: instant(row, "starts_at")?,
        ends_at: instant(row, "ends_at")?,
        capacity: row.try_get("capacity")?,
        booked: row.try_get("booked")?,
    })
}

/// Inserts the generated slots; a slot that already exists (same CPI, channel and start) is
/// skipped. Returns how many were new.
pub async fn insert_slots(
    conn: &mut AnyConnection,
    cpi: &CpiCode,
    channel: Channel,
    slots: &[SlotTimes],
    capacity: i64,
    created_by: i64,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let now = now.to_iso();
    let mut created = 0;
    for s in slots {
        created += sqlx::query(
            "INSERT INTO appointment_slot \
             (cpi_code, channel, starts_at, ends_at, capacity, created_by_user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (cpi_code, channel, starts_at) DO NOTHING",
        )
        .bind(&cpi.0)
        .bind(channel.as_str())
        .bind(s.starts_at.to_iso())
        .bind(s.ends_at.to_iso())
        .bind(capacity)
        .bind(created_by)
        .bind(&now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(created)
}

pub async fn slot_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<SlotRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SLOT_COLUMNS} FROM appointment_slot WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(slot)
    .transpose()
}

/// A CPI's slots from `from` on (the administrators' list), booked or not.
pub async fn slots_of_cpi(
    conn: &mut AnyConnection,
    cpi: &CpiCode,
    from: Timestamp,
) -> Result<Vec<SlotRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SLOT_COLUMNS} FROM appointment_slot WHERE cpi_code = $1 AND starts_at >= $2 \
         ORDER BY starts_at, channel LIMIT $3"
    )))
    .bind(&cpi.0)
    .bind(from.to_iso())
    .bind(ADMIN_SLOTS_LIMIT)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(slot)
    .collect()
}

/// A CPI's slots with a free seat starting after `now`, optionally of one channel.
pub async fn free_slots(
    conn: &mut AnyConnection,
    cpi: &CpiCode,
    channel: Option<Channel>,
    now: Timestamp,
) -> Result<Vec<SlotRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SLOT_COLUMNS} FROM appointment_slot WHERE cpi_code = $1 AND starts_at > $2 \
         AND booked < capacity AND ($3 = '' OR channel = $3) ORDER BY starts_at, channel LIMIT $4"
    )))
    .bind(&cpi.0)
    .bind(now.to_iso())
    .bind(channel.map(Channel::as_str).unwrap_or(""))
    .bind(FREE_SLOTS_LIMIT)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(slot)
    .collect()
}

/// Deletes a slot nobody ever booked (a cancelled booking keeps the slot: the appointment's
/// history points at it). Returns false when the slot is or was booked, or does not exist.
pub async fn delete_unbooked_slot(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM appointment_slot WHERE id = $1 AND booked = 0 \
         AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = $1)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Takes one seat of the slot if it has room: the one statement that prevents double booking.
pub async fn take_seat(conn: &mut AnyConnection, slot_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE appointment_slot SET booked = booked + 1 WHERE id = $1 AND booked < capacity",
    )
    .bind(slot_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Gives a seat back.
pub async fn release_seat(conn: &mut AnyConnection, slot_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE appointment_slot SET booked = booked - 1 WHERE id = $1 AND booked > 0")
        .bind(slot_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An appointment with its slot, person and CPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRecord {
    pub id: i64,
    pub slot_id: i64,
    pub person_id: PersonId,
    pub person_name: String,
    pub booked_by_user_id: i64,
    pub ticket_id: Option<i64>,
    pub state: AppointmentState,
    pub uid: String,
    pub sequence: i64,
    pub cpi_code: CpiCode,
    pub cpi_name: String,
    pub cpi_address: String,
    pub channel: Channel,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

const APPOINTMENT_SELECT: &str = "SELECT a.id, a.slot_id, a.person_id, \
     p.given_name || ' ' || p.family_name AS person_name, a.booked_by_user_id, a.ticket_id, \
     a.state, a.uid, a.sequence, s.cpi_code, c.name AS cpi_name, \
     c.address || ', ' || c.comune AS cpi_address, s.channel, s.starts_at, s.ends_at \
     FROM appointment a JOIN appointment_slot s ON s.id = a.slot_id \
     JOIN person p ON p.id = a.person_id JOIN cpi c ON c.code = s.cpi_code";

fn appointment(row: &AnyRow) -> Result<AppointmentRecord, sqlx::Error> {
    let state: String = row.try_get("state")?;
    Ok(AppointmentRecord {
        id: row.try_get("id")?,
        slot_id: row.try_get("slot_id")?,
        person_id: PersonId(row.try_get("person_id")?),
        person_name: row.try_get("person_name")?,
        booked_by_user_id: row.try_get("booked_by_user_id")?,
        ticket_id: row.try_get("ticket_id")?,
        state: AppointmentState::parse(&state).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        uid: row.try_get("uid")?,
        sequence: row.try_get("sequence")?,
        cpi_code: CpiCode(row.try_get("cpi_code")?),
        cpi_name: row.try_get("cpi_name")?,
        cpi_address: row.try_get("cpi_address")?,
        channel: channel(row)?,
        starts_at: instant(row, "starts_at")?,
        ends_at: instant(row, "ends_at")?,
    })
}

pub async fn appointment_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<AppointmentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{APPOINTMENT_SELECT} WHERE a.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(appointment)
    .transpose()
}

/// A person's appointments, the coming ones first, then the past ones newest first.
pub async fn appointments_of_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<AppointmentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{APPOINTMENT_SELECT} WHERE a.person_id = $1 ORDER BY s.starts_at DESC, a.id DESC LIMIT 200"
    )))
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(appointment)
    .collect()
}

/// A CPI's appointments (not cancelled) starting in `[from, to)`: an operator's day.
pub async fn appointments_of_cpi_between(
    conn: &mut AnyConnection,
    cpi: &CpiCode,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<AppointmentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{APPOINTMENT_SELECT} WHERE s.cpi_code = $1 AND s.starts_at >= $2 AND s.starts_at < $3 \
         AND a.state <> 'cancelled' ORDER BY s.starts_at, a.id"
    )))
    .bind(&cpi.0)
    .bind(from.to_iso())
    .bind(to.to_iso())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(appointment)
    .collect()
}

/// What a booking is about.
pub struct NewAppointment {
    pub slot_id: i64,
    pub person: PersonId,
    pub booked_by_user_id: i64,
    pub mandate_id: Option<i64>,
    pub ticket_id: Option<i64>,
}

/// How a booking attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookOutcome {
    Booked(i64),
    /// No seat left.
    Full,
    /// The person already holds a seat in this slot.
    AlreadyHolding,
}

/// Takes a seat and records the appointment, in the caller's transaction.
pub async fn book(
    conn: &mut AnyConnection,
    new: &NewAppointment,
    now: Timestamp,
) -> Result<BookOutcome, sqlx::Error> {
    let holding = sqlx::query(
        "SELECT 1 FROM appointment WHERE slot_id = $1 AND person_id = $2 AND state = 'booked'",
    )
    .bind(new.slot_id)
    .bind(new.person.0)
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    if holding {
        return Ok(BookOutcome::AlreadyHolding);
    }
    if !take_seat(conn, new.slot_id).await? {
        return Ok(BookOutcome::Full);
    }
    let uid = format!("{}@sportello-lavoro", uuid::Uuid::new_v4().simple());
    let now = now.to_iso();
    let id: i64 = sqlx::query(
        "INSERT INTO appointment (slot_id, person_id, booked_by_user_id, mandate_id, ticket_id, \
         state, uid, booked_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7, $7) \
         RETURNING id",
    )
    .bind(new.slot_id)
    .bind(new.person.0)
    .bind(new.booked_by_user_id)
    .bind(new.mandate_id)
    .bind(new.ticket_id)
    .bind(uid)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(BookOutcome::Booked(id))
}

/// Moves a booked appointment to `new_slot`: takes the new seat, gives the old one back, bumps the
/// calendar sequence. False when the new slot is full (nothing changed).
pub async fn move_appointment(
    conn: &mut AnyConnection,
    current: &AppointmentRecord,
    new_slot: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    if !take_seat(conn, new_slot).await? {
        return Ok(false);
    }
    release_seat(conn, current.slot_id).await?;
    sqlx::query(
        "UPDATE appointment SET slot_id = $1, sequence = sequence + 1, updated_at = $2 \
         WHERE id = $3 AND state = 'booked'",
    )
    .bind(new_slot)
    .bind(now.to_iso())
    .bind(current.id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Sets a booked appointment's final state (cancelling gives the seat back). False when it was no
/// longer booked.
pub async fn finish(
    conn: &mut AnyConnection,
    current: &AppointmentRecord,
    state: AppointmentState,
    by_user: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE appointment SET state = $1, marked_by_user_id = $2, updated_at = $3, \
         sequence = sequence + 1 WHERE id = $4 AND state = 'booked'",
    )
    .bind(state.as_str())
    .bind(by_user)
    .bind(now.to_iso())
    .bind(current.id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if changed && state == AppointmentState::Cancelled {
        release_seat(conn, current.slot_id).await?;
    }
    Ok(changed)
}

/// Who hears about an appointment: the person's own account, or else whoever booked it.
pub async fn recipient_of(
    conn: &mut AnyConnection,
    a: &AppointmentRecord,
) -> Result<i64, sqlx::Error> {
    let own = sqlx::query("SELECT id FROM app_user WHERE person_id = $1")
        .bind(a.person_id.0)
        .fetch_optional(&mut *conn)
        .await?;
    match own {
        Some(r) => r.try_get(0),
        None => Ok(a.booked_by_user_id),
    }
}

/// Booked appointments starting within the reminder lead after `now`.
pub async fn due_for_reminder(
    conn: &mut AnyConnection,
    now: Timestamp,
) -> Result<Vec<AppointmentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{APPOINTMENT_SELECT} WHERE a.state = 'booked' AND s.starts_at > $1 AND s.starts_at <= $2 \
         ORDER BY s.starts_at LIMIT 1000"
    )))
    .bind(now.to_iso())
    .bind(now.plus(REMINDER_LEAD).to_iso())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(appointment)
    .collect()
}

/// Appointments of one CPI over a period, by outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoShowRow {
    pub cpi_code: String,
    pub cpi_name: String,
    pub attended: i64,
    pub no_show: i64,
    pub booked: i64,
    pub cancelled: i64,
}

/// Per CPI, how appointments starting in `[from, to)` ended.
pub async fn no_show_report(
    conn: &mut AnyConnection,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<NoShowRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.cpi_code, c.name, \
         SUM(CASE WHEN a.state = 'attended' THEN 1 ELSE 0 END) AS attended, \
         SUM(CASE WHEN a.state = 'no_show' THEN 1 ELSE 0 END) AS no_show, \
         SUM(CASE WHEN a.state = 'booked' THEN 1 ELSE 0 END) AS still_booked, \
         SUM(CASE WHEN a.state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled \
         FROM appointment a JOIN appointment_slot s ON s.id = a.slot_id \
         JOIN cpi c ON c.code = s.cpi_code \
         WHERE s.starts_at >= $1 AND s.starts_at < $2 GROUP BY s.cpi_code, c.name ORDER BY s.cpi_code",
    )
    .bind(from.to_iso())
    .bind(to.to_iso())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NoShowRow {
                cpi_code: r.try_get(0)?,
                cpi_name: r.try_get(1)?,
                attended: r.try_get(2)?,
                no_show: r.try_get(3)?,
                booked: r.try_get(4)?,
                cancelled: r.try_get(5)?,
            })
        })
        .collect()
}

/// Whether a ticket exists and belongs to the person (an appointment may name it).
pub async fn ticket_of_person(
    conn: &mut AnyConnection,
    ticket_id: i64,
    person: PersonId,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM ticket WHERE id = $1 AND requester_person_id = $2")
            .bind(ticket_id)
            .bind(person.0)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// Rome's local date and time of an instant as people write it: `01/12/2026 09:30`.
pub fn local_when(t: Timestamp) -> String {
    crate::domain::appointment::local_date_time(t)
}

/// Enqueues a notification about `a` of `kind` (`appointment_booked`, `appointment_rescheduled`,
/// `appointment_cancelled`, `appointment_reminder`). The event key names the appointment, the kind
/// and the slot's start, so each fact is announced once but a moved appointment is announced again.
pub async fn notify(
    conn: &mut AnyConnection,
    a: &AppointmentRecord,
    kind: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let recipient = recipient_of(conn, a).await?;
    let event_key = format!(
        "appointment:{}:{kind}:{}:{}",
        a.id,
        a.starts_at.unix_millis(),
        a.sequence
    );
    let params = serde_json::json!({
        "when": local_when(a.starts_at),
        "cpi": a.cpi_name,
        "channel": a.channel.as_str(),
    });
    super::outbox::enqueue(
        conn,
        now,
        &super::outbox::Notification {
            recipient_user_id: recipient,
            event_key: &event_key,
            kind,
            params,
            link: "/area-personale/appuntamenti",
        },
    )
    .await
}

/// Enqueues the reminder of every booked appointment starting within 24 hours. Safe to run as
/// often as wished: the reminder's event key (not its sequence: a reminder is per start time)
/// makes it once per appointment and start.
pub async fn enqueue_due_reminders(
    conn: &mut AnyConnection,
    now: Timestamp,
) -> Result<usize, sqlx::Error> {
    let due = due_for_reminder(conn, now).await?;
    for a in &due {
        let reminder = AppointmentRecord {
            sequence: 0,
            ..a.clone()
        };
        notify(conn, &reminder, "appointment_reminder", now).await?;
    }
    Ok(due.len())
}
