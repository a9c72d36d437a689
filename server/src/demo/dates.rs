//! Day arithmetic on ISO dates for the generator (days since 1970-01-01, see `app::domain::civil`).

use app::domain::civil::{civil_from_days, days_from_civil};
use app::domain::codice_fiscale::CalendarDate;

/// A day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    pub fn from_ymd(year: i64, month: i64, day: i64) -> Day {
        Day(days_from_civil(year, month, day))
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        civil_from_days(self.0)
    }

    pub fn parse_iso(text: &str) -> Option<Day> {
        let date = CalendarDate::parse_iso(text)?;
        Some(Day::from_ymd(
            i64::from(date.year()),
            i64::from(date.month()),
            i64::from(date.day()),
        ))
    }

    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Day(secs.div_euclid(86_400))
    }

    /// The current instant as ISO-8601 UTC text.
    pub fn now_iso() -> String {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Day(secs.div_euclid(86_400)).at(secs.rem_euclid(86_400))
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The calendar date for the codice fiscale (years outside 1–9999 are clamped).
    pub fn calendar(self) -> CalendarDate {
        let (y, m, d) = self.ymd();
        CalendarDate::clamped(y.clamp(1, 9999) as u16, m as u8, d as u8)
    }

    /// An instant at `seconds` past midnight UTC, as ISO-8601 text like the database defaults.
    pub fn at(self, seconds: i64) -> String {
        let s = seconds.clamp(0, 86_399);
        format!(
            "{}T{:02}:{:02}:{:02}.000Z",
            self.iso(),
            s / 3600,
            (s / 60) % 60,
            s % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Day(0));
        assert_eq!(Day::from_ymd(2000, 3, 1).iso(), "2000-03-01");
        assert_eq!(Day::from_ymd(2024, 2, 29).plus(1).iso(), "2024-03-01");
        assert_eq!(Day::from_ymd(2026, 11, 27).0, 20_784);
        for n in (-40_000..40_000).step_by(37) {
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Day(n));
            assert_eq!(Day::parse_iso(&Day(n).iso()), Some(Day(n)), "{n}");
        }
        assert_eq!(Day(0).at(3_723), "1970-01-01T01:02:03.000Z");
    }
}
