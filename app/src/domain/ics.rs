//! An appointment as an iCalendar file (RFC 5545) the person adds to their own calendar. Times are
//! written in UTC (`…Z`), which every calendar shows in the reader's zone without a VTIMEZONE.
//! Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (§3.1); text
//! values escape backslash, semicolon, comma and newlines (§3.3.11).

use super::civil::civil_from_days;
use super::session_policy::Timestamp;

/// Octets a content line may hold before it is folded (§3.1).
const MAX_LINE_OCTETS: usize = 75;
const PRODID: &str = "-//Sportello Lavoro//Appuntamenti//IT";

/// Whether the event still happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Cancelled,
}

/// One appointment as an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable across reschedules, so calendars update the event instead of adding one.
    pub uid: String,
    /// Grows at every reschedule (§3.8.7.4).
    pub sequence: i64,
    /// When the file was made.
    pub stamp: Timestamp,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub status: EventStatus,
}

/// `YYYYMMDDTHHMMSSZ`.
pub fn utc_date_time(t: Timestamp) -> String {
    let ms = t.unix_millis();
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    let secs = ms.rem_euclid(86_400_000) / 1_000;
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A TEXT value with its special characters escaped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: CRLF plus a space before every 75th octet, never inside a character.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 60 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            // The leading space counts towards the continuation line's octets.
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

impl IcsEvent {
    /// The whole calendar file.
    pub fn to_ics(&self) -> String {
        let status = match self.status {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        };
        let lines = [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            format!("PRODID:{PRODID}"),
            "CALSCALE:GREGORIAN".to_string(),
            "METHOD:PUBLISH".to_string(),
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape_text(&self.uid)),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTAMP:{}", utc_date_time(self.stamp)),
            format!("DTSTART:{}", utc_date_time(self.starts_at)),
            format!("DTEND:{}", utc_date_time(self.ends_at)),
            format!("SUMMARY:{}", escape_text(&self.summary)),
            format!("LOCATION:{}", escape_text(&self.location)),
            format!("DESCRIPTION:{}", escape_text(&self.description)),
            format!("STATUS:{status}"),
            "END:VEVENT".to_string(),
            "END:VCALENDAR".to_string(),
        ];
        lines.iter().map(|l| fold_line(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_iso(s).expect("instant")
    }

    fn event() -> IcsEvent {
        IcsEvent {
            uid: "appt-1@sportello".into(),
            sequence: 2,
            stamp: at("2026-11-27T08:00:00.000Z"),
            starts_at: at("2026-12-01T08:30:00.000Z"),
            ends_at: at("2026-12-01T09:00:00.000Z"),
            summary: "Appuntamento al CPI di Perugia".into(),
            location: "Via Palermo, 86/A; Perugia".into(),
            description: "Porta un documento\nd'identità".into(),
            status: EventStatus::Confirmed,
        }
    }

    #[test]
    fn writes_utc_times_and_the_required_properties_with_crlf() {
        let ics = event().to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.contains("\r\nUID:appt-1@sportello\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261127T080000Z\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261201T083000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20261201T090000Z\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "every line ends in CRLF"
        );
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\r\ntwo\nthree"), r"one\ntwo\nthree");
        let ics = event().to_ics();
        assert!(ics.contains(r"LOCATION:Via Palermo\, 86/A\; Perugia"));
        assert!(ics.contains(r"DESCRIPTION:Porta un documento\nd'identità"));
    }

    #[test]
    fn folds_long_lines_at_75_octets_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "à".repeat(100));
        let folded = fold_line(&long);
        let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for (i, l) in lines.iter().enumerate() {
            assert!(
                l.len() <= MAX_LINE_OCTETS,
                "line {i} has {} octets",
                l.len()
            );
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        // Unfolding (§3.1) gives back the original line.
        assert_eq!(folded.trim_end_matches("\r\n").replace("\r\n ", ""), long);
        assert_eq!(fold_line("SHORT:x"), "SHORT:x\r\n");
    }
}
