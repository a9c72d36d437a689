//! Appointments at a CPI (issue 5): invitations a person books, not summons. Pure rules: the
//! channels, the state machine, slot generation from an administrator's calendar rule (in the
//! CPIs' local time, Europe/Rome), and what may be booked, moved or marked when.

use super::civil::{civil_from_days, days_from_civil};
use super::session_policy::Timestamp;
use std::time::Duration;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const MINUTES_PER_DAY: u32 = 24 * 60;

/// How long before an appointment its reminder goes out.
pub const REMINDER_LEAD: Duration = Duration::from_secs(24 * 60 * 60);
/// The longest range of days one calendar rule may cover (a quarter).
pub const MAX_RULE_DAYS: i64 = 92;
/// The most slots one rule may create, so a typo cannot flood the agenda.
pub const MAX_RULE_SLOTS: usize = 3_000;
/// Slot lengths an administrator may choose, in minutes.
pub const SLOT_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 5..=240;
/// Seats one slot may offer.
pub const CAPACITY_RANGE: std::ops::RangeInclusive<i64> = 1..=50;

/// How the meeting happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    InPerson,
    Phone,
    Video,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InPerson, Channel::Phone, Channel::Video];

    /// The stable code stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Phone => "phone",
            Channel::Video => "video",
        }
    }

    pub fn parse(code: &str) -> Result<Channel, UnknownCode> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == code)
            .ok_or(UnknownCode)
    }
}

/// A code that names no channel, state or outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown code")]
pub struct UnknownCode;

string_traits!(Channel, UnknownCode);

/// Where an appointment stands. `Booked` is the only live state; the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentState {
    Booked,
    Attended,
    NoShow,
    Cancelled,
}

impl AppointmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentState::Booked => "booked",
            AppointmentState::Attended => "attended",
            AppointmentState::NoShow => "no_show",
            AppointmentState::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Result<AppointmentState, UnknownCode> {
        [
            AppointmentState::Booked,
            AppointmentState::Attended,
            AppointmentState::NoShow,
            AppointmentState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == code)
        .ok_or(UnknownCode)
    }

    /// The state after `event` at `now` for an appointment whose slot starts at `starts_at`.
    /// Moving and cancelling are for appointments still ahead; marking the outcome is for the CPI
    /// once the appointment has begun.
    pub fn transition(
        self,
        event: AppointmentEvent,
        starts_at: Timestamp,
        now: Timestamp,
    ) -> Result<AppointmentState, RuleError> {
        if self != AppointmentState::Booked {
            return Err(RuleError::NotLive);
        }
        let started = now >= starts_at;
        match event {
            AppointmentEvent::Cancel | AppointmentEvent::Reschedule if started => {
                Err(RuleError::AlreadyStarted)
            }
            AppointmentEvent::Cancel => Ok(AppointmentState::Cancelled),
            AppointmentEvent::Reschedule => Ok(AppointmentState::Booked),
            AppointmentEvent::Attended | AppointmentEvent::NoShow if !started => {
                Err(RuleError::NotStartedYet)
            }
            AppointmentEvent::Attended => Ok(AppointmentState::Attended),
            AppointmentEvent::NoShow => Ok(AppointmentState::NoShow),
        }
    }
}

string_traits!(AppointmentState, UnknownCode);

/// What can happen to an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentEvent {
    Cancel,
    Reschedule,
    Attended,
    NoShow,
}

impl AppointmentEvent {
    /// The operator's outcome of a form: `attended` or `no_show`.
    pub fn parse_outcome(code: &str) -> Result<AppointmentEvent, UnknownCode> {
        match code {
            "attended" => Ok(AppointmentEvent::Attended),
            "no_show" => Ok(AppointmentEvent::NoShow),
            _ => Err(UnknownCode),
        }
    }
}

/// Why a rule refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the appointment is no longer booked")]
    NotLive,
    #[error("the appointment has already started")]
    AlreadyStarted,
    #[error("the appointment has not started yet")]
    NotStartedYet,
    #[error("the slot is in the past")]
    SlotInPast,
    #[error("the new slot is the current one")]
    SameSlot,
}

/// Whether a slot starting at `starts_at` may be booked (or moved to) at `now`: only ahead.
pub fn check_bookable(starts_at: Timestamp, now: Timestamp) -> Result<(), RuleError> {
    if starts_at <= now {
        Err(RuleError::SlotInPast)
    } else {
        Ok(())
    }
}

/// Whether a booked appointment in `current_slot` (starting `current_start`) may move to
/// `new_slot` (starting `new_start`) at `now`.
pub fn check_reschedule(
    state: AppointmentState,
    current_slot: i64,
    current_start: Timestamp,
    new_slot: i64,
    new_start: Timestamp,
    now: Timestamp,
) -> Result<(), RuleError> {
    state.transition(AppointmentEvent::Reschedule, current_start, now)?;
    if current_slot == new_slot {
        return Err(RuleError::SameSlot);
    }
    check_bookable(new_start, now)
}

/// When a reminder for an appointment starting at `starts_at` is due: inside the 24 hours before.
pub fn reminder_due(starts_at: Timestamp, now: Timestamp) -> bool {
    now < starts_at && starts_at <= now.plus(REMINDER_LEAD)
}

/// A day of the calendar, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1970..=9998).contains(&y) || !(1..=12).contains(&m) || d < 1 {
            return None;
        }
        let day = days_from_civil(y, m, d);
        (civil_from_days(day) == (y, m, d)).then_some(Day(day))
    }

    pub fn to_iso(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `DD/MM/YYYY`, as Italians write dates.
    pub fn to_display(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{d:02}/{m:02}/{y:04}")
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        // rem_euclid(7) is always in 0..7, so the cast loses nothing.
        (self.0 + 3).rem_euclid(7) as u8
    }

    /// The local (Europe/Rome) day of an instant.
    pub fn of(t: Timestamp) -> Day {
        Day(rome_local_millis(t).div_euclid(DAY_MS))
    }

    /// The instants this local day begins and ends (the next day's beginning).
    pub fn bounds(self) -> (Timestamp, Timestamp) {
        (rome_to_utc(self, 0), rome_to_utc(Day(self.0 + 1), 0))
    }
}

/// A local time of day, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Parses `HH:MM` (24 hours).
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h < 24 && m < 60).then_some(TimeOfDay(h * 60 + m))
    }
}

/// The first instant of daylight-saving time in the EU in `year` (last Sunday of March, 01:00 UTC)
/// and its end (last Sunday of October, 01:00 UTC), as milliseconds.
fn eu_summer_time(year: i64) -> (i64, i64) {
    let last_sunday = |month: i64| {
        let last = days_from_civil(year, month, 31);
        last - (i64::from(Day(last).weekday()) + 1) % 7
    };
    (
        last_sunday(3) * DAY_MS + HOUR_MS,
        last_sunday(10) * DAY_MS + HOUR_MS,
    )
}

/// Europe/Rome's offset from UTC at instant `utc_ms`: one hour, two in summer time.
fn rome_offset_ms(utc_ms: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
    let (from, to) = eu_summer_time(year);
    if (from..to).contains(&utc_ms) {
        2 * HOUR_MS
    } else {
        HOUR_MS
    }
}

/// Milliseconds since 1970-01-01T00:00 of Rome's wall clock at `t`.
fn rome_local_millis(t: Timestamp) -> i64 {
    t.unix_millis() + rome_offset_ms(t.unix_millis())
}

/// The instant Rome's clocks show `minutes` after midnight of `day`. In the spring gap the time
/// is read as winter time (it lands an hour later on the clock); in the autumn repeat, the first.
pub fn rome_to_utc(day: Day, minutes: u32) -> Timestamp {
    let local = day.0 * DAY_MS + i64::from(minutes) * MINUTE_MS;
    let summer = local - 2 * HOUR_MS;
    let utc = if rome_offset_ms(summer) == 2 * HOUR_MS {
        summer
    } else {
        local - HOUR_MS
    };
    Timestamp::from_unix_millis(utc).unwrap_or(Timestamp::EPOCH)
}

/// Rome's wall clock at `t`: the day and `HH:MM`.
pub fn rome_wall_clock(t: Timestamp) -> (Day, String) {
    let local = rome_local_millis(t);
    let minutes = local.rem_euclid(DAY_MS) / MINUTE_MS;
    (
        Day(local.div_euclid(DAY_MS)),
        format!("{:02}:{:02}", minutes / 60, minutes % 60),
    )
}

/// Rome's local date and time of an instant as people write it: `01/12/2026 09:30`.
pub fn local_date_time(t: Timestamp) -> String {
    let (day, time) = rome_wall_clock(t);
    format!("{} {time}", day.to_display())
}

/// An administrator's rule: on these weekdays between two dates, slots of `slot_minutes` from
/// `start` to `end` (local time), each with `capacity` seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarRule {
    pub first_day: Day,
    pub last_day: Day,
    /// Monday = 0 … Sunday = 6.
    pub weekdays: Vec<u8>,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub slot_minutes: u32,
    pub capacity: i64,
}

/// Which field of a rule is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CalendarRuleError {
    #[error("the last day is before the first, or the range is longer than allowed")]
    Range,
    #[error("no weekday chosen")]
    Weekdays,
    #[error("the end time is not after the start time")]
    Hours,
    #[error("slot length out of range")]
    SlotLength,
    #[error("capacity out of range")]
    Capacity,
    #[error("the rule would create too many slots")]
    TooMany,
}

impl CalendarRuleError {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            CalendarRuleError::Range | CalendarRuleError::TooMany => "to",
            CalendarRuleError::Weekdays => "weekdays",
            CalendarRuleError::Hours => "end",
            CalendarRuleError::SlotLength => "minutes",
            CalendarRuleError::Capacity => "capacity",
        }
    }
}

/// One generated slot: its start and end instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTimes {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

impl CalendarRule {
    /// The slots of the rule, in time order. A trailing piece shorter than a slot is left out.
    pub fn generate(&self) -> Result<Vec<SlotTimes>, CalendarRuleError> {
        if self.last_day < self.first_day || self.last_day.0 - self.first_day.0 >= MAX_RULE_DAYS {
            return Err(CalendarRuleError::Range);
        }
        if self.weekdays.is_empty() || self.weekdays.iter().any(|d| *d > 6) {
            return Err(CalendarRuleError::Weekdays);
        }
        if self.end <= self.start || self.end.0 > MINUTES_PER_DAY {
            return Err(CalendarRuleError::Hours);
        }
        if !SLOT_MINUTES_RANGE.contains(&self.slot_minutes) {
            return Err(CalendarRuleError::SlotLength);
        }
        if !CAPACITY_RANGE.contains(&self.capacity) {
            return Err(CalendarRuleError::Capacity);
        }
        let mut slots = Vec::new();
        for day in (self.first_day.0..=self.last_day.0).map(Day) {
            if !self.weekdays.contains(&day.weekday()) {
                continue;
            }
            let mut from = self.start.0;
            while from + self.slot_minutes <= self.end.0 {
                slots.push(SlotTimes {
                    starts_at: rome_to_utc(day, from),
                    ends_at: rome_to_utc(day, from + self.slot_minutes),
                });
                if slots.len() > MAX_RULE_SLOTS {
                    return Err(CalendarRuleError::TooMany);
                }
                from += self.slot_minutes;
            }
        }
        Ok(slots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_iso(s).expect("instant")
    }

    fn day(s: &str) -> Day {
        Day::parse(s).expect("day")
    }

    #[test]
    fn channels_and_states_round_trip_their_codes() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(c));
        }
        assert_eq!(Channel::parse("fax"), Err(UnknownCode));
        assert_eq!(
            AppointmentState::parse("no_show"),
            Ok(AppointmentState::NoShow)
        );
        assert!(AppointmentState::parse("lost").is_err());
    }

    #[test]
    fn booked_moves_to_each_final_state_only_at_the_right_time() {
        let start = at("2026-12-01T09:00:00.000Z");
        let before = at("2026-11-30T09:00:00.000Z");
        let after = at("2026-12-01T09:10:00.000Z");
        let b = AppointmentState::Booked;
        assert_eq!(
            b.transition(AppointmentEvent::Cancel, start, before),
            Ok(AppointmentState::Cancelled)
        );
        assert_eq!(
            b.transition(AppointmentEvent::Cancel, start, after),
            Err(RuleError::AlreadyStarted)
        );
        assert_eq!(
            b.transition(AppointmentEvent::Attended, start, after),
            Ok(AppointmentState::Attended)
        );
        assert_eq!(
            b.transition(AppointmentEvent::NoShow, start, before),
            Err(RuleError::NotStartedYet)
        );
        assert_eq!(
            b.transition(AppointmentEvent::NoShow, start, start),
            Ok(AppointmentState::NoShow)
        );
        for done in [
            AppointmentState::Attended,
            AppointmentState::NoShow,
            AppointmentState::Cancelled,
        ] {
            assert_eq!(
                done.transition(AppointmentEvent::Cancel, start, before),
                Err(RuleError::NotLive)
            );
        }
    }

    #[test]
    fn reschedule_refuses_the_past_the_same_slot_and_started_appointments() {
        let now = at("2026-11-27T10:00:00.000Z");
        let ahead = at("2026-11-28T10:00:00.000Z");
        let past = at("2026-11-26T10:00:00.000Z");
        let b = AppointmentState::Booked;
        assert_eq!(check_reschedule(b, 1, ahead, 2, ahead, now), Ok(()));
        assert_eq!(
            check_reschedule(b, 1, ahead, 2, past, now),
            Err(RuleError::SlotInPast)
        );
        assert_eq!(
            check_reschedule(b, 1, ahead, 1, ahead, now),
            Err(RuleError::SameSlot)
        );
        assert_eq!(
            check_reschedule(b, 1, past, 2, ahead, now),
            Err(RuleError::AlreadyStarted)
        );
        assert_eq!(
            check_bookable(now, now),
            Err(RuleError::SlotInPast),
            "a slot starting now is already under way"
        );
    }

    #[test]
    fn reminder_is_due_only_in_the_last_24_hours() {
        let start = at("2026-12-01T09:00:00.000Z");
        assert!(!reminder_due(start, at("2026-11-30T08:59:00.000Z")));
        assert!(reminder_due(start, at("2026-11-30T09:00:00.000Z")));
        assert!(reminder_due(start, at("2026-12-01T08:59:00.000Z")));
        assert!(!reminder_due(start, start));
    }

    #[test]
    fn rome_time_follows_eu_summer_time() {
        // Winter: UTC+1.
        assert_eq!(
            rome_to_utc(day("2026-11-27"), 9 * 60),
            at("2026-11-27T08:00:00.000Z")
        );
        // Summer: UTC+2.
        assert_eq!(
            rome_to_utc(day("2026-07-01"), 9 * 60),
            at("2026-07-01T07:00:00.000Z")
        );
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            rome_to_utc(day("2026-03-29"), 9 * 60),
            at("2026-03-29T07:00:00.000Z")
        );
        assert_eq!(
            rome_to_utc(day("2026-03-28"), 9 * 60),
            at("2026-03-28T08:00:00.000Z")
        );
        assert_eq!(
            rome_to_utc(day("2026-10-25"), 9 * 60),
            at("2026-10-25T08:00:00.000Z")
        );
        assert_eq!(
            rome_to_utc(day("2026-10-24"), 9 * 60),
            at("2026-10-24T07:00:00.000Z")
        );
        let (d, hm) = rome_wall_clock(at("2026-07-01T22:30:00.000Z"));
        assert_eq!((d.to_iso().as_str(), hm.as_str()), ("2026-07-02", "00:30"));
    }

    #[test]
    fn days_parse_strictly_and_know_their_weekday() {
        assert_eq!(day("2026-11-27").weekday(), 4, "a Friday");
        assert_eq!(day("2026-11-30").weekday(), 0, "a Monday");
        assert_eq!(Day::parse("2026-02-30"), None);
        assert_eq!(Day::parse("2026-2-3"), None);
        assert_eq!(day("2024-02-29").to_iso(), "2024-02-29");
        assert_eq!(TimeOfDay::parse("09:30"), Some(TimeOfDay(570)));
        assert_eq!(TimeOfDay::parse("24:00"), None);
        assert_eq!(TimeOfDay::parse("9:30"), None);
    }

    fn rule() -> CalendarRule {
        CalendarRule {
            first_day: day("2026-11-30"),
            last_day: day("2026-12-06"),
            weekdays: vec![0, 2],
            start: TimeOfDay(9 * 60),
            end: TimeOfDay(10 * 60 + 10),
            slot_minutes: 30,
            capacity: 2,
        }
    }

    #[test]
    fn generates_slots_on_chosen_weekdays_dropping_a_short_tail() {
        let slots = rule().generate().expect("valid rule");
        // Monday 30 Nov and Wednesday 2 Dec, 09:00, 09:30 (10:00-10:30 would pass 10:10).
        assert_eq!(slots.len(), 4);
        assert_eq!(slots[0].starts_at, at("2026-11-30T08:00:00.000Z"));
        assert_eq!(slots[0].ends_at, at("2026-11-30T08:30:00.000Z"));
        assert_eq!(slots[3].starts_at, at("2026-12-02T08:30:00.000Z"));
    }

    #[test]
    fn refuses_rules_that_make_no_sense_or_too_much() {
        type Change = fn(&mut CalendarRule);
        let cases: [(Change, CalendarRuleError); 6] = [
            (
                |r| r.last_day = Day(r.first_day.0 - 1),
                CalendarRuleError::Range,
            ),
            (|r| r.weekdays.clear(), CalendarRuleError::Weekdays),
            (|r| r.end = r.start, CalendarRuleError::Hours),
            (|r| r.slot_minutes = 1, CalendarRuleError::SlotLength),
            (|r| r.capacity = 0, CalendarRuleError::Capacity),
            (
                |r| {
                    r.last_day = Day(r.first_day.0 + MAX_RULE_DAYS - 1);
                    r.weekdays = (0..7).collect();
                    r.start = TimeOfDay(0);
                    r.end = TimeOfDay(MINUTES_PER_DAY);
                    r.slot_minutes = 5;
                },
                CalendarRuleError::TooMany,
            ),
        ];
        for (change, expected) in cases {
            let mut r = rule();
            change(&mut r);
            assert_eq!(r.generate(), Err(expected));
        }
    }
}
