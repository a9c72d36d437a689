//! When a login session is still valid: an idle timeout (no activity for too long) and an absolute
//! lifetime (re-authenticate at least this often, however active), as issue 4 requires. Pure: the
//! caller passes the current instant, so tests drive time with a clock instead of sleeping.

use super::civil::{civil_from_days, days_from_civil};
use std::fmt;
use std::time::Duration;

/// Default idle timeout: 30 minutes without a request ends the session.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Default absolute lifetime: 12 hours after login the session ends, however active.
pub const DEFAULT_ABSOLUTE_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

const MILLIS_PER_SECOND: i64 = 1_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// The last instant whose ISO form still has a four-digit year (9999-12-31T23:59:59.999Z), so the
/// text forms of all instants sort as the instants do.
const MAX_UNIX_MILLIS: i64 = 253_402_300_799_999;
/// Length of `YYYY-MM-DDTHH:MM:SS.mmmZ`.
const ISO_LEN: usize = 24;

/// A point in time: milliseconds since 1970-01-01T00:00:00Z, between the epoch and the end of year
/// 9999. Stored in the database as its ISO text (`2026-11-27T08:30:00.000Z`), the same format the
/// migrations' default timestamps use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Why a text is not an instant in our ISO format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO-8601 UTC instant of the form YYYY-MM-DDTHH:MM:SS.mmmZ")]
pub struct TimestampParseError;

impl Timestamp {
    pub const EPOCH: Timestamp = Timestamp(0);
    pub const MAX: Timestamp = Timestamp(MAX_UNIX_MILLIS);

    /// The instant `millis` after the epoch, or `None` outside the representable range.
    pub fn from_unix_millis(millis: i64) -> Option<Timestamp> {
        (0..=MAX_UNIX_MILLIS)
            .contains(&millis)
            .then_some(Timestamp(millis))
    }

    pub fn unix_millis(self) -> i64 {
        self.0
    }

    /// This instant moved forward by `d`, stopping at `Timestamp::MAX`.
    pub fn plus(self, d: Duration) -> Timestamp {
        let add = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(add).min(MAX_UNIX_MILLIS))
    }

    /// This instant moved back by `d`, stopping at the epoch.
    pub fn minus(self, d: Duration) -> Timestamp {
        let sub = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_sub(sub).max(0))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, always 24 characters.
    pub fn to_iso(self) -> String {
        self.to_string()
    }

    /// Parses exactly the form `to_iso` writes.
    pub fn parse_iso(s: &str) -> Result<Timestamp, TimestampParseError> {
        let b = s.as_bytes();
        if b.len() != ISO_LEN
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[23] != b'Z'
        {
            return Err(TimestampParseError);
        }
        let num = |from: usize, to: usize| -> Result<i64, TimestampParseError> {
            b[from..to].iter().try_fold(0i64, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + i64::from(c - b'0'))
                } else {
                    Err(TimestampParseError)
                }
            })
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second, milli) =
            (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
        if year < 1970
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(TimestampParseError);
        }
        let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + hour * 3_600
            + minute * 60
            + second;
        Ok(Timestamp(seconds * MILLIS_PER_SECOND + milli))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.rem_euclid(MILLIS_PER_SECOND);
        let seconds = self.0.div_euclid(MILLIS_PER_SECOND);
        let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
        let in_day = seconds.rem_euclid(SECONDS_PER_DAY);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            in_day / 3_600,
            in_day % 3_600 / 60,
            in_day % 60
        )
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a session ended. Stored as `session.end_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The user logged out.
    Logout,
    /// Replaced by a new session id at (re-)authentication, against session fixation.
    Rotated,
    /// No activity for longer than the idle timeout.
    IdleTimeout,
    /// Older than the absolute lifetime.
    AbsoluteTimeout,
    /// The user account was disabled.
    UserDisabled,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Logout => "logout",
            EndReason::Rotated => "rotated",
            EndReason::IdleTimeout => "idle",
            EndReason::AbsoluteTimeout => "absolute",
            EndReason::UserDisabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<EndReason> {
        [
            EndReason::Logout,
            EndReason::Rotated,
            EndReason::IdleTimeout,
            EndReason::AbsoluteTimeout,
            EndReason::UserDisabled,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// The deadlines of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionDeadlines {
    /// The session ends if no activity happens before this instant.
    pub idle_expires_at: Timestamp,
    /// The session ends at this instant whatever the activity.
    pub absolute_expires_at: Timestamp,
}

/// What a request at some instant finds about a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    /// Still valid; the activity moves the idle deadline to `idle_expires_at`.
    Valid { idle_expires_at: Timestamp },
    /// Over: the session must be ended with this reason (`IdleTimeout` or `AbsoluteTimeout`).
    Expired(EndReason),
}

/// The two session timeouts. Configurable; `Default` gives 30 minutes idle and 12 hours absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            absolute_lifetime: DEFAULT_ABSOLUTE_LIFETIME,
        }
    }
}

impl SessionPolicy {
    /// The deadlines of a session started at `now`. The idle deadline never passes the absolute one.
    pub fn start(&self, now: Timestamp) -> SessionDeadlines {
        let absolute_expires_at = now.plus(self.absolute_lifetime);
        SessionDeadlines {
            idle_expires_at: now.plus(self.idle_timeout).min(absolute_expires_at),
            absolute_expires_at,
        }
    }

    /// Whether a session with these deadlines is valid at `now`, and if so its new idle deadline.
    /// A deadline is exclusive: at the very millisecond it is reached the session is over. When both
    /// have passed, the absolute lifetime is the reason given.
    pub fn check(&self, deadlines: &SessionDeadlines, now: Timestamp) -> SessionCheck {
        if now >= deadlines.absolute_expires_at {
            SessionCheck::Expired(EndReason::AbsoluteTimeout)
        } else if now >= deadlines.idle_expires_at {
            SessionCheck::Expired(EndReason::IdleTimeout)
        } else {
            SessionCheck::Valid {
                idle_expires_at: now
                    .plus(self.idle_timeout)
                    .min(deadlines.absolute_expires_at),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn at(iso: &str) -> Timestamp {
        Timestamp::parse_iso(iso).expect(iso)
    }

    #[test]
    fn formats_instants_as_fixed_width_iso() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_795_768_200_123, "2026-11-27T08:30:00.123Z"),
            (MAX_UNIX_MILLIS, "9999-12-31T23:59:59.999Z"),
        ];
        for (millis, iso) in cases {
            let t = Timestamp::from_unix_millis(millis).expect("in range");
            assert_eq!(t.to_iso(), iso);
            assert_eq!(Timestamp::parse_iso(iso), Ok(t));
        }
    }

    #[test]
    fn rejects_malformed_or_impossible_instants() {
        for bad in [
            "",
            "2026-11-26T08:30:00Z",
            "2026-11-26 08:30:00.000Z",
            "2026-11-26T08:30:00.000+",
            "2026-02-29T00:00:00.000Z",
            "2026-13-01T00:00:00.000Z",
            "2026-11-31T00:00:00.000Z",
            "2026-11-26T24:00:00.000Z",
            "2026-11-26T08:60:00.000Z",
            "1969-12-31T23:59:59.999Z",
            "2026-1a-26T08:30:00.000Z",
        ] {
            assert_eq!(Timestamp::parse_iso(bad), Err(TimestampParseError), "{bad}");
        }
    }

    #[test]
    fn keeps_instants_in_range() {
        assert_eq!(Timestamp::from_unix_millis(-1), None);
        assert_eq!(Timestamp::from_unix_millis(MAX_UNIX_MILLIS + 1), None);
        assert_eq!(Timestamp::MAX.plus(MINUTE), Timestamp::MAX);
        assert_eq!(Timestamp::EPOCH.minus(MINUTE), Timestamp::EPOCH);
    }

    #[test]
    fn new_session_gets_both_deadlines() {
        let now = at("2026-11-26T08:00:00.000Z");
        let d = SessionPolicy::default().start(now);
        assert_eq!(d.idle_expires_at, at("2026-11-26T08:30:00.000Z"));
        assert_eq!(d.absolute_expires_at, at("2026-11-26T20:00:00.000Z"));
    }

    #[test]
    fn idle_deadline_is_exclusive() {
        let policy = SessionPolicy::default();
        let start = at("2026-11-26T08:00:00.000Z");
        let d = policy.start(start);
        let last_valid = d.idle_expires_at.minus(Duration::from_millis(1));
        assert_eq!(
            policy.check(&d, last_valid),
            SessionCheck::Valid {
                idle_expires_at: last_valid.plus(DEFAULT_IDLE_TIMEOUT)
            }
        );
        assert_eq!(
            policy.check(&d, d.idle_expires_at),
            SessionCheck::Expired(EndReason::IdleTimeout)
        );
    }

    #[test]
    fn absolute_deadline_wins_over_activity() {
        let policy = SessionPolicy::default();
        let start = at("2026-11-26T08:00:00.000Z");
        let mut d = policy.start(start);
        let mut now = start;
        // Activity every 20 minutes keeps it alive until 12 hours have passed, and no longer.
        loop {
            now = now.plus(20 * MINUTE);
            match policy.check(&d, now) {
                SessionCheck::Valid { idle_expires_at } => d.idle_expires_at = idle_expires_at,
                SessionCheck::Expired(reason) => {
                    assert_eq!(reason, EndReason::AbsoluteTimeout);
                    break;
                }
            }
        }
        assert_eq!(now, at("2026-11-26T20:00:00.000Z"));
    }

    #[test]
    fn idle_deadline_never_passes_absolute_deadline() {
        let policy = SessionPolicy::default();
        let start = at("2026-11-26T08:00:00.000Z");
        let d = policy.start(start);
        let late = d.absolute_expires_at.minus(10 * MINUTE);
        let d = SessionDeadlines {
            idle_expires_at: late.plus(MINUTE),
            ..d
        };
        assert_eq!(
            policy.check(&d, late),
            SessionCheck::Valid {
                idle_expires_at: d.absolute_expires_at
            }
        );
        let short = SessionPolicy {
            idle_timeout: 30 * MINUTE,
            absolute_lifetime: 10 * MINUTE,
        };
        assert_eq!(
            short.start(start).idle_expires_at,
            at("2026-11-26T08:10:00.000Z")
        );
    }

    #[test]
    fn absolute_reason_when_both_deadlines_passed() {
        let policy = SessionPolicy::default();
        let d = policy.start(at("2026-11-26T08:00:00.000Z"));
        assert_eq!(
            policy.check(&d, at("2026-11-27T08:00:00.000Z")),
            SessionCheck::Expired(EndReason::AbsoluteTimeout)
        );
    }

    #[test]
    fn end_reasons_round_trip() {
        for r in [
            EndReason::Logout,
            EndReason::Rotated,
            EndReason::IdleTimeout,
            EndReason::AbsoluteTimeout,
            EndReason::UserDisabled,
        ] {
            assert_eq!(EndReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(EndReason::parse("expired"), None);
    }

    proptest::proptest! {
        #[test]
        fn iso_text_round_trips_and_sorts_like_the_instant(
            a in 0..=MAX_UNIX_MILLIS,
            b in 0..=MAX_UNIX_MILLIS,
        ) {
            let (ta, tb) = (Timestamp(a), Timestamp(b));
            proptest::prop_assert_eq!(Timestamp::parse_iso(&ta.to_iso()), Ok(ta));
            proptest::prop_assert_eq!(ta.to_iso().len(), ISO_LEN);
            proptest::prop_assert_eq!(ta.cmp(&tb), ta.to_iso().cmp(&tb.to_iso()));
        }
    }
}
