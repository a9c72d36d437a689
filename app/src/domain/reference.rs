//! Results of the reference-data searches (comuni, occupations), shared by the server functions and
//! the pages that show them.

use serde::{Deserialize, Serialize};

/// Longest accepted search text, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Shorter queries (after trimming) return nothing rather than half the country.
pub const MIN_QUERY_CHARS: usize = 2;
/// Results when the caller asks for no particular number.
pub const DEFAULT_LIMIT: u32 = 10;
/// Most results one search may return.
pub const MAX_LIMIT: u32 = 20;

/// Clamps a requested number of results to `1..=MAX_LIMIT`, `DEFAULT_LIMIT` when absent.
pub fn clamp_limit(limit: Option<u32>) -> u32 {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// A comune found by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComuneHit {
    /// ISTAT code, 6 digits ("054039" for Perugia).
    pub istat_code: String,
    pub name: String,
    /// Automobile code of the province ("PG").
    pub province_code: String,
    /// The CPI serving the comune, for comuni of the reference region.
    pub cpi_code: Option<String>,
}

/// An occupation found by one of its names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OccupationHit {
    /// Stable slug ("saldatore").
    pub id: String,
    /// The label in the requested language.
    pub label: String,
    /// The synonym that matched, when it is not the label itself.
    pub matched_term: Option<String>,
    /// ISCO-08 unit group.
    pub isco_code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_the_limit() {
        for (asked, got) in [
            (None, 10),
            (Some(0), 1),
            (Some(5), 5),
            (Some(20), 20),
            (Some(500), 20),
        ] {
            assert_eq!(clamp_limit(asked), got, "{asked:?}");
        }
    }
}
