//! One occupation of the reference tables, for the public occupation page and for forms that show the
//! occupation a user picked.
//!
//! Public reference data (ISTAT, ESCO): any visitor, logged in or not, may read it, so there is no actor
//! to check and nothing personal to audit.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest occupation id; ids are slugs such as "saldatore-tubista".
pub const MAX_OCCUPATION_ID_CHARS: usize = 64;
/// ISCO-08 has four levels: major group (1 digit) down to unit group (4 digits).
pub const ISCO_LEVELS: usize = 4;

/// An occupation with its names in both languages and its classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OccupationDetail {
    pub id: String,
    pub label_it: String,
    pub label_en: String,
    /// Other Italian names (the label excluded), alphabetical.
    pub synonyms_it: Vec<String>,
    /// Other English names (the label excluded), alphabetical.
    pub synonyms_en: Vec<String>,
    /// ISCO-08 unit group.
    pub isco_code: String,
    /// The ISCO-08 groups the occupation belongs to, major group first, unit group last. Titles are
    /// present when the `isco_group` reference table holds the group.
    pub isco_groups: Vec<IscoGroup>,
    /// ESCO concept URI (an https/http address on data.europa.eu).
    pub esco_uri: Option<String>,
}

/// One ISCO-08 group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IscoGroup {
    pub code: String,
    pub title_it: Option<String>,
    pub title_en: Option<String>,
}

impl IscoGroup {
    /// 1 (major group) to 4 (unit group): the number of digits.
    pub fn level(&self) -> u8 {
        self.code.len().min(ISCO_LEVELS) as u8
    }
}

/// Parses an occupation id: a slug of lower-case ASCII letters, digits and hyphens. Anything else
/// cannot be an occupation, so it is `NotFound` (the page answers 404) rather than a validation error.
pub fn parse_occupation_id(id: &str) -> Result<String, AppError> {
    let id = id.trim();
    let valid = !id.is_empty()
        && id.len() <= MAX_OCCUPATION_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(id.to_string())
    } else {
        Err(AppError::NotFound)
    }
}

/// The codes of the groups above and including an ISCO-08 code, major group first: "7212" →
/// ["7", "72", "721", "7212"]. Empty for a code that is not 1–4 digits.
pub fn isco_lineage(code: &str) -> Vec<String> {
    let code = code.trim();
    if code.is_empty() || code.len() > ISCO_LEVELS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    (1..=code.len()).map(|n| code[..n].to_string()).collect()
}

/// The ESCO link when the stored URI is a web address; anything else is not made a link.
pub fn esco_href(uri: Option<&str>) -> Option<&str> {
    uri.map(str::trim)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// One occupation by id. Unknown (or malformed) id → `NotFound`.
#[server(prefix = "/api", endpoint = "occupations/get")]
pub async fn get_occupation(id: String) -> Result<OccupationDetail, AppError> {
    let id = parse_occupation_id(&id)?;
    let db = crate::store::use_db()?;
    crate::store::occupations::occupation_by_id(&db, &id)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_slug_ids() {
        assert_eq!(parse_occupation_id(" saldatore "), Ok("saldatore".into()));
        assert_eq!(
            parse_occupation_id("saldatore-tubista"),
            Ok("saldatore-tubista".into())
        );
        for bad in [
            "",
            "  ",
            "Saldatore",
            "saldatore tubista",
            "saldatore'--",
            "àè",
            "../etc",
            &"a".repeat(MAX_OCCUPATION_ID_CHARS + 1),
        ] {
            assert_eq!(parse_occupation_id(bad), Err(AppError::NotFound), "{bad}");
        }
    }

    #[test]
    fn lists_the_isco_groups_from_major_to_unit() {
        assert_eq!(isco_lineage("7212"), ["7", "72", "721", "7212"]);
        assert_eq!(isco_lineage("0110"), ["0", "01", "011", "0110"]);
        assert_eq!(isco_lineage("72"), ["7", "72"]);
        assert!(isco_lineage("").is_empty());
        assert!(isco_lineage("72121").is_empty());
        assert!(isco_lineage("72a1").is_empty());
    }

    #[test]
    fn group_level_is_its_number_of_digits() {
        let group = |code: &str| IscoGroup {
            code: code.into(),
            title_it: None,
            title_en: None,
        };
        assert_eq!(group("7").level(), 1);
        assert_eq!(group("7212").level(), 4);
    }

    #[test]
    fn links_only_web_addresses_to_esco() {
        let uri = "http://data.europa.eu/esco/occupation/7aedaa07";
        assert_eq!(esco_href(Some(uri)), Some(uri));
        assert_eq!(esco_href(Some("javascript:alert(1)")), None);
        assert_eq!(esco_href(Some("")), None);
        assert_eq!(esco_href(None), None);
    }
}
