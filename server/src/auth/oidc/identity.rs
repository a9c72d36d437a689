//! From verified claims to a citizen: the codice fiscale, the names and the authentication level.
//!
//! SPID and CIE identify a person by their fiscal number, sent as `TINIT-<codice fiscale>` (the
//! eIDAS form: country code, then the national identifier). It is parsed with the same parser as
//! every other codice fiscale, check character included, so a malformed one never becomes a person.

use super::config::ProviderConfig;
use app::domain::codice_fiscale::CodiceFiscale;
use app::store::identity::VerifiedCitizen;
use serde_json::{Map, Value};

/// The eIDAS prefix of an Italian fiscal number.
const ITALIAN_PREFIX: &str = "TINIT-";
/// Longest name part kept; longer values are cut (they come from a trusted provider, but the
/// database and the header have their limits).
const MAX_NAME_CHARS: usize = 100;

/// Why verified claims still do not identify an acceptable citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityProblem {
    MissingFiscalNumber,
    InvalidFiscalNumber,
    /// The level is below the provider's minimum (SPID level 1 always is).
    LevelTooLow,
    /// No `acr`, or one we cannot place on the SPID/CIE scale: we cannot tell it is enough.
    LevelUnknown,
}

impl IdentityProblem {
    pub fn reason(self) -> &'static str {
        match self {
            IdentityProblem::MissingFiscalNumber => "fiscal_number_missing",
            IdentityProblem::InvalidFiscalNumber => "fiscal_number_invalid",
            IdentityProblem::LevelTooLow => "level_too_low",
            IdentityProblem::LevelUnknown => "level_unknown",
        }
    }
}

/// A person the provider vouched for, at a known level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub citizen: VerifiedCitizen,
    /// The `acr` value as sent, recorded with the session.
    pub level: String,
}

/// The level of an `acr` value: SPID/CIE (`https://www.spid.gov.it/SpidL2`, also used by CIE) and
/// the eIDAS levels of assurance some gateways send instead.
pub fn level_number(acr: &str) -> Option<u8> {
    let acr = acr.trim();
    for (suffix, level) in [("SpidL1", 1), ("SpidL2", 2), ("SpidL3", 3)] {
        if acr.ends_with(suffix) {
            return Some(level);
        }
    }
    match acr {
        "http://eidas.europa.eu/LoA/low" => Some(1),
        "http://eidas.europa.eu/LoA/substantial" => Some(2),
        "http://eidas.europa.eu/LoA/high" => Some(3),
        _ => None,
    }
}

/// The codice fiscale in a fiscal-number claim, with or without the `TINIT-` prefix.
pub fn fiscal_number(raw: &str) -> Result<CodiceFiscale, IdentityProblem> {
    let raw = raw.trim();
    let code = match raw.get(..ITALIAN_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(ITALIAN_PREFIX) => &raw[ITALIAN_PREFIX.len()..],
        _ => raw,
    };
    CodiceFiscale::parse(code).map_err(|_| IdentityProblem::InvalidFiscalNumber)
}

/// A name claim, tidied: single spaces, no control characters, at most [`MAX_NAME_CHARS`].
fn name_claim(claims: &Map<String, Value>, name: &str) -> Option<String> {
    let raw = claims.get(name)?.as_str()?;
    let cleaned = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let cleaned: String = cleaned.chars().take(MAX_NAME_CHARS).collect();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Reads the identity out of claims that were already verified. The level is checked before the
/// person: a level-1 login must not create anyone.
///
/// Names: when the provider sends neither name, the given name becomes the provider's label and
/// the family name stays empty (the display name is then e.g. "SPID"); the codice fiscale is never
/// used to make names up. A missing single part stays empty.
pub fn identity_from_claims(
    claims: &Map<String, Value>,
    provider: &ProviderConfig,
) -> Result<Identity, IdentityProblem> {
    let acr = claims
        .get("acr")
        .and_then(Value::as_str)
        .ok_or(IdentityProblem::LevelUnknown)?;
    let level = level_number(acr).ok_or(IdentityProblem::LevelUnknown)?;
    if level
        < provider
            .minimum_level
            .max(super::config::LOWEST_ACCEPTED_LEVEL)
    {
        return Err(IdentityProblem::LevelTooLow);
    }
    let raw = claims
        .get(&provider.fiscal_number_claim)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or(IdentityProblem::MissingFiscalNumber)?;
    let codice_fiscale = fiscal_number(raw)?;
    let given = name_claim(claims, &provider.given_name_claim);
    let family = name_claim(claims, &provider.family_name_claim);
    let (given_name, family_name) = match (given, family) {
        (None, None) => (provider.label.clone(), String::new()),
        (given, family) => (given.unwrap_or_default(), family.unwrap_or_default()),
    };
    Ok(Identity {
        citizen: VerifiedCitizen {
            codice_fiscale,
            given_name,
            family_name,
            // OIDC's standard `birthdate` (YYYY-MM-DD) fixes the century the code cannot tell.
            birth_date: claims
                .get("birthdate")
                .and_then(Value::as_str)
                .and_then(app::domain::codice_fiscale::CalendarDate::parse_iso),
        },
        level: acr.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::oidc::config::parse_providers;
    use serde_json::json;

    const CODE: &str = "RSSMRA85T10A562S";

    fn provider() -> ProviderConfig {
        let text = r#"{"providers":[{"id":"spid","label":"SPID","issuer":"https://id.example.it",
            "client_id":"c","client_secret_env":"S"}]}"#;
        parse_providers(text, &|_| Some("x".into()))
            .expect("valid")
            .remove(0)
    }

    fn claims(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn reads_spid_claims() {
        let c = claims(
            json!({"fiscal_number": format!("TINIT-{CODE}"), "given_name": " Mario ",
            "family_name": "Rossi\u{0}", "acr": "https://www.spid.gov.it/SpidL2"}),
        );
        let id = identity_from_claims(&c, &provider()).expect("identity");
        assert_eq!(id.citizen.codice_fiscale.as_str(), CODE);
        assert_eq!(
            (
                id.citizen.given_name.as_str(),
                id.citizen.family_name.as_str()
            ),
            ("Mario", "Rossi")
        );
        assert_eq!(id.level, "https://www.spid.gov.it/SpidL2");
    }

    #[test]
    fn fiscal_number_with_or_without_prefix() {
        for raw in [
            CODE,
            "TINIT-RSSMRA85T10A562S",
            "tinit-rssmra85t10a562s",
            " TINIT-RSSMRA85T10A562S ",
        ] {
            assert_eq!(
                fiscal_number(raw).map(|c| c.as_str().to_string()),
                Ok(CODE.to_string()),
                "{raw}"
            );
        }
        for raw in [
            "TINIT-RSSMRA85T10A562X",
            "TINIT-",
            "TIN-RSSMRA85T10A562S",
            "12345678901",
        ] {
            assert_eq!(
                fiscal_number(raw).err(),
                Some(IdentityProblem::InvalidFiscalNumber),
                "{raw}"
            );
        }
    }

    #[test]
    fn levels() {
        assert_eq!(level_number("https://www.spid.gov.it/SpidL1"), Some(1));
        assert_eq!(level_number("https://www.spid.gov.it/SpidL3"), Some(3));
        assert_eq!(
            level_number("http://eidas.europa.eu/LoA/substantial"),
            Some(2)
        );
        assert_eq!(level_number("urn:something"), None);
    }

    #[test]
    fn refuses_low_or_unknown_levels_and_missing_codes() {
        let base = |acr: Value, cf: Value| claims(json!({"acr": acr, "fiscal_number": cf}));
        let p = provider();
        let cases = [
            (
                base(json!("https://www.spid.gov.it/SpidL1"), json!(CODE)),
                IdentityProblem::LevelTooLow,
            ),
            (
                base(json!("http://eidas.europa.eu/LoA/low"), json!(CODE)),
                IdentityProblem::LevelTooLow,
            ),
            (
                base(json!("urn:x"), json!(CODE)),
                IdentityProblem::LevelUnknown,
            ),
            (
                base(Value::Null, json!(CODE)),
                IdentityProblem::LevelUnknown,
            ),
            (
                base(json!("https://www.spid.gov.it/SpidL2"), Value::Null),
                IdentityProblem::MissingFiscalNumber,
            ),
            (
                base(json!("https://www.spid.gov.it/SpidL2"), json!(" ")),
                IdentityProblem::MissingFiscalNumber,
            ),
            (
                base(json!("https://www.spid.gov.it/SpidL2"), json!("TINIT-XYZ")),
                IdentityProblem::InvalidFiscalNumber,
            ),
        ];
        for (c, problem) in cases {
            assert_eq!(identity_from_claims(&c, &p).err(), Some(problem), "{c:?}");
        }
        let mut strict = provider();
        strict.minimum_level = 3;
        let l2 = base(json!("https://www.spid.gov.it/SpidL2"), json!(CODE));
        assert_eq!(
            identity_from_claims(&l2, &strict).err(),
            Some(IdentityProblem::LevelTooLow)
        );
    }

    #[test]
    fn missing_names_get_the_provider_label_not_letters_of_the_code() {
        let c = claims(json!({"acr": "https://www.spid.gov.it/SpidL2", "fiscal_number": CODE}));
        let id = identity_from_claims(&c, &provider()).expect("identity");
        assert_eq!(
            (
                id.citizen.given_name.as_str(),
                id.citizen.family_name.as_str()
            ),
            ("SPID", "")
        );
    }
}
