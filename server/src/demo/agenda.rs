//! The demo's appointment calendars: every CPI offers in-person and phone slots on weekday
//! mornings for the next three weeks, so a visitor can book at once. A real deployment's
//! administrators make their own at `/amministrazione/agenda`. Running it again adds only the
//! slots that are missing (the days that came into the window).

use app::domain::appointment::{CalendarRule, Channel, Day, TimeOfDay};
use app::domain::policy::CpiCode;
use app::domain::session_policy::Timestamp;
use app::store::appointments::insert_slots;
use app::store::Db;
use sqlx::Row;

/// Days ahead the demo calendar covers.
const DAYS_AHEAD: i64 = 21;
/// Weekday mornings, 9:00 to 12:30, half-hour slots with two seats each.
const MORNING: (u32, u32) = (9 * 60, 12 * 60 + 30);
const SLOT_MINUTES: u32 = 30;
const SEATS: i64 = 2;

/// Creates the missing demo slots of every CPI; returns how many were new.
pub async fn ensure_demo_slots(db: &Db, now: Timestamp) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let admin: Option<i64> = sqlx::query("SELECT id FROM app_user WHERE persona = 'admin'")
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?;
    let Some(admin) = admin else {
        tx.commit().await?;
        return Ok(0);
    };
    let cpis: Vec<String> = sqlx::query("SELECT code FROM cpi ORDER BY code")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("code"))
        .collect::<Result<_, _>>()?;
    let today = Day::of(now);
    let rule = CalendarRule {
        first_day: Day(today.0 + 1),
        last_day: Day(today.0 + DAYS_AHEAD),
        weekdays: vec![0, 1, 2, 3, 4],
        start: TimeOfDay(MORNING.0),
        end: TimeOfDay(MORNING.1),
        slot_minutes: SLOT_MINUTES,
        capacity: SEATS,
    };
    let slots = rule
        .generate()
        .map_err(|e| sqlx::Error::Protocol(format!("demo calendar rule: {e}")))?;
    let mut created = 0;
    for cpi in cpis {
        for channel in [Channel::InPerson, Channel::Phone] {
            created += insert_slots(
                &mut tx,
                &CpiCode(cpi.clone()),
                channel,
                &slots,
                SEATS,
                admin,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(created)
}
