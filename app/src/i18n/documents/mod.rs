//! Texts of the documents on a ticket (issue 5): the list, the upload form, its progress and its
//! outcomes. One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::document::DocumentSide;

pub struct DocumentMessages {
    pub heading: &'static str,
    pub none: &'static str,
    pub caption: &'static str,
    pub name_heading: &'static str,
    pub kind_heading: &'static str,
    pub size_heading: &'static str,
    pub date_heading: &'static str,
    pub side_heading: &'static str,
    /// Who uploaded: the requester's side or the CPI.
    pub side: fn(DocumentSide) -> &'static str,
    /// A file size, in the locale's notation.
    pub size: fn(i64) -> String,
    /// The upload date from an ISO-8601 instant.
    pub date: fn(&str) -> String,

    pub upload_heading: &'static str,
    pub file_label: &'static str,
    /// What is accepted, with the limit in megabytes.
    pub limits: fn(u64) -> String,
    pub submit: &'static str,
    pub progress_label: &'static str,
    /// The announced progress, in percent.
    pub progress: fn(u32) -> String,

    pub uploaded: &'static str,
    pub problem: &'static str,
    pub no_file: &'static str,
    pub too_large: &'static str,
    pub wrong_type: &'static str,
    pub empty: &'static str,
    pub closed: &'static str,
    pub failed: &'static str,
    pub logged_out: &'static str,
}

impl DocumentMessages {
    /// The message for an upload refusal code (`?errore=`, or the script's JSON `error`).
    pub fn refusal(&self, code: &str) -> Option<&'static str> {
        match code {
            "troppo_grande" => Some(self.too_large),
            "tipo" => Some(self.wrong_type),
            "vuoto" => Some(self.empty),
            "chiusa" => Some(self.closed),
            _ => None,
        }
    }
}

const KIB: i64 = 1024;
const MIB: i64 = 1024 * 1024;

/// `bytes` as `n byte`, `n KB` or `n,n MB`, with the locale's decimal separator and byte word.
pub(crate) fn format_size(bytes: i64, decimal_separator: char, byte_word: &str) -> String {
    if bytes < KIB {
        format!("{bytes} {byte_word}")
    } else if bytes < MIB {
        format!("{} KB", (bytes + KIB / 2) / KIB)
    } else {
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        format!("{}{decimal_separator}{} MB", tenths / 10, tenths % 10)
    }
}

/// `dd/mm/yyyy` from an ISO-8601 instant (its UTC date); the text as it is if it is not one.
pub(crate) fn format_date(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally_in_each_language() {
        assert_eq!((IT.size)(512), "512 byte");
        assert_eq!((EN.size)(512), "512 bytes");
        assert_eq!((IT.size)(2048), "2 KB");
        assert_eq!((IT.size)(1_258_291), "1,2 MB");
        assert_eq!((EN.size)(1_258_291), "1.2 MB");
        assert_eq!((EN.size)(10 * MIB), "10.0 MB");
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!((IT.date)("2026-11-27T08:00:00.000Z"), "27/11/2026");
        assert_eq!((EN.date)("x"), "x");
    }

    #[test]
    fn every_refusal_code_has_a_message_in_both_languages() {
        for code in ["troppo_grande", "tipo", "vuoto", "chiusa"] {
            assert!(IT.refusal(code).is_some() && EN.refusal(code).is_some());
            assert_ne!(IT.refusal(code), EN.refusal(code));
        }
        assert_eq!(IT.refusal("altro"), None);
    }
}
