//! A tiny calendar date: the validators need "does this day exist?" and nothing more, so the app does
//! not pull in a date library for the browser bundle.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const FEBRUARY: u8 = 2;
const MONTHS_IN_YEAR: u8 = 12;

/// A day of the proleptic Gregorian calendar, always valid (`new` refuses 31 April, 29 February 2023…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    // Field order matters: the derived `Ord` compares year, then month, then day.
    year: u16,
    month: u8,
    day: u8,
}

/// Gregorian leap years: every fourth year, except centuries not divisible by 400.
pub const fn is_leap_year(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        FEBRUARY if is_leap_year(year) => 29,
        FEBRUARY => 28,
        _ => 0,
    }
}

impl CalendarDate {
    /// The date, if it exists.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<CalendarDate> {
        if month >= 1 && month <= MONTHS_IN_YEAR && day >= 1 && day <= days_in_month(year, month) {
            Some(CalendarDate { year, month, day })
        } else {
            None
        }
    }

    /// The nearest existing date: month brought into 1–12, day into the days of that month.
    pub const fn clamped(year: u16, month: u8, day: u8) -> CalendarDate {
        let month = if month < 1 {
            1
        } else if month > MONTHS_IN_YEAR {
            MONTHS_IN_YEAR
        } else {
            month
        };
        let last = days_in_month(year, month);
        let day = if day < 1 {
            1
        } else if day > last {
            last
        } else {
            day
        };
        CalendarDate { year, month, day }
    }

    pub const fn year(self) -> u16 {
        self.year
    }

    /// 1 = January … 12 = December.
    pub const fn month(self) -> u8 {
        self.month
    }

    pub const fn day(self) -> u8 {
        self.day
    }

    /// Parses the ISO 8601 form `YYYY-MM-DD` (exactly that: no time, no sign, no week dates).
    pub fn parse_iso(text: &str) -> Option<CalendarDate> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(year) && all_digits(month) && all_digits(day)) {
            return None;
        }
        CalendarDate::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }
}

/// ISO 8601: `1985-12-10`.
impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CalendarDate::parse_iso(&text)
            .ok_or_else(|| de::Error::custom(format!("not an existing YYYY-MM-DD date: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_gregorian_leap_years() {
        for (year, leap) in [
            (1900, false),
            (1984, true),
            (1985, false),
            (2000, true),
            (2023, false),
            (2024, true),
            (2100, false),
            (0, true),
        ] {
            assert_eq!(is_leap_year(year), leap, "{year}");
        }
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert!(CalendarDate::new(2024, 2, 29).is_some());
        assert!(CalendarDate::new(2023, 2, 29).is_none());
        assert!(CalendarDate::new(1900, 2, 29).is_none());
        assert!(CalendarDate::new(2000, 2, 29).is_some());
        assert!(CalendarDate::new(2025, 4, 31).is_none());
        assert!(CalendarDate::new(2025, 12, 31).is_some());
        assert!(CalendarDate::new(2025, 13, 1).is_none());
        assert!(CalendarDate::new(2025, 0, 1).is_none());
        assert!(CalendarDate::new(2025, 1, 0).is_none());
    }

    #[test]
    fn parses_and_prints_iso_dates() {
        let date = CalendarDate::parse_iso("1985-12-10").expect("valid date");
        assert_eq!((date.year(), date.month(), date.day()), (1985, 12, 10));
        assert_eq!(date.to_string(), "1985-12-10");
        for bad in [
            "1985-12-1",
            "85-12-10",
            "1985-02-30",
            "1985-12-10-01",
            "+985-12-10",
            "",
            "1985/12/10",
        ] {
            assert_eq!(CalendarDate::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn serde_round_trips_and_refuses_invalid_dates() {
        let date = CalendarDate::new(2000, 2, 29).expect("leap day");
        let json = serde_json::to_string(&date).expect("serialises");
        assert_eq!(json, "\"2000-02-29\"");
        assert_eq!(
            serde_json::from_str::<CalendarDate>(&json).expect("parses"),
            date
        );
        assert!(serde_json::from_str::<CalendarDate>("\"2001-02-29\"").is_err());
    }

    #[test]
    fn clamps_to_the_nearest_existing_date() {
        assert_eq!(
            CalendarDate::clamped(2023, 2, 29),
            CalendarDate::new(2023, 2, 28).expect("valid")
        );
        assert_eq!(
            CalendarDate::clamped(2023, 0, 0),
            CalendarDate::new(2023, 1, 1).expect("valid")
        );
        assert_eq!(
            CalendarDate::clamped(2023, 14, 40),
            CalendarDate::new(2023, 12, 31).expect("valid")
        );
    }

    #[test]
    fn orders_chronologically() {
        let a = CalendarDate::new(1999, 12, 31);
        let b = CalendarDate::new(2000, 1, 1);
        assert!(a < b);
    }
}
