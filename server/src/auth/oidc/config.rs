//! The providers file: which OpenID providers (SPID/CIE gateways) citizens may log in with.
//!
//! Read once at start-up; any problem stops the server with a one-line message, so a typo never
//! turns into a login button that fails. Client secrets are never in the file: each provider names
//! the environment variable that holds its secret. `docs/identity-providers.md` is the operator's
//! guide to every field.

use reqwest::Url;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;

/// Longest provider id (it appears in URLs and in the audit log).
const MAX_ID_CHARS: usize = 32;
/// Longest label (it is the text of a button).
const MAX_LABEL_CHARS: usize = 60;
/// The lowest authentication level ever accepted: SPID level 1 (password only) is not enough for
/// personal data and employment records, whatever the file says.
pub const LOWEST_ACCEPTED_LEVEL: u8 = 2;
/// The highest level there is (SPID/CIE level 3).
const HIGHEST_LEVEL: u8 = 3;

/// The file as written by the operator. Unknown keys are errors (a misspelt key silently ignored
/// would be a setting that is not applied).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvidersFile {
    providers: Vec<ProviderEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderEntry {
    id: String,
    label: String,
    issuer: String,
    client_id: String,
    client_secret_env: String,
    #[serde(default = "default_scopes")]
    scopes: Vec<String>,
    #[serde(default)]
    acr_values: Option<String>,
    #[serde(default = "default_minimum_level")]
    minimum_level: u8,
    #[serde(default = "default_fiscal_number_claim")]
    fiscal_number_claim: String,
    #[serde(default = "default_given_name_claim")]
    given_name_claim: String,
    #[serde(default = "default_family_name_claim")]
    family_name_claim: String,
    #[serde(default)]
    userinfo: bool,
    #[serde(default)]
    prompt_login: bool,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "profile".into()]
}
fn default_minimum_level() -> u8 {
    LOWEST_ACCEPTED_LEVEL
}
fn default_fiscal_number_claim() -> String {
    "fiscal_number".into()
}
fn default_given_name_claim() -> String {
    "given_name".into()
}
fn default_family_name_claim() -> String {
    "family_name".into()
}

/// A client secret: kept out of `Debug` output and logs.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(…)")
    }
}

/// One provider, validated.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// A slug: `[a-z0-9-]`, used in `/auth/oidc/{id}/start`.
    pub id: String,
    /// What the login button says after "Entra con".
    pub label: String,
    /// Exactly as the provider writes it in `iss` (no normalisation: the comparison is exact).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    pub scopes: Vec<String>,
    /// Sent as `acr_values` when set (e.g. `https://www.spid.gov.it/SpidL2`).
    pub acr_values: Option<String>,
    /// The lowest level accepted (2 or 3).
    pub minimum_level: u8,
    pub fiscal_number_claim: String,
    pub given_name_claim: String,
    pub family_name_claim: String,
    /// Also ask the userinfo endpoint for claims the ID token lacks.
    pub userinfo: bool,
    /// Send `prompt=login`, so a provider session is never reused silently.
    pub prompt_login: bool,
}

impl ProviderConfig {
    /// Where the provider publishes its metadata.
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.issuer.trim_end_matches('/')
        )
    }
}

/// `true` for hosts that never leave the machine: only there may a provider use plain http
/// (tests and the end-to-end suite).
fn is_loopback_host(url: &Url) -> bool {
    match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// An endpoint URL the server may call or send a browser to: https, or http on loopback.
pub fn acceptable_endpoint(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("'{raw}' is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) => {}
        _ => {
            return Err(format!(
                "'{raw}' must use https (plain http only on loopback)"
            ))
        }
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!("'{raw}' must name a host and carry no credentials"));
    }
    if url.fragment().is_some() {
        return Err(format!("'{raw}' must not have a fragment"));
    }
    Ok(url)
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

fn is_claim_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control)
}

impl ProviderEntry {
    fn validate(
        self,
        secret_of: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ProviderConfig, String> {
        if !is_slug(&self.id) {
            return Err(format!(
                "provider id '{}' must be 1-{MAX_ID_CHARS} characters of a-z, 0-9 and '-'",
                self.id
            ));
        }
        let id = self.id;
        let fail = |what: String| format!("provider '{id}': {what}");
        let label = self.label.trim().to_string();
        if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
            return Err(fail(format!(
                "label must be 1-{MAX_LABEL_CHARS} characters"
            )));
        }
        let issuer = acceptable_endpoint(&self.issuer).map_err(|e| fail(format!("issuer {e}")))?;
        if issuer.query().is_some() {
            return Err(fail("issuer must not have a query".into()));
        }
        if self.client_id.trim().is_empty() {
            return Err(fail("client_id is empty".into()));
        }
        let secret = match secret_of(&self.client_secret_env) {
            Some(s) if !s.is_empty() => ClientSecret(s),
            _ => {
                return Err(fail(format!(
                    "environment variable {} (client_secret_env) is not set",
                    self.client_secret_env
                )))
            }
        };
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err(fail("scopes must include \"openid\"".into()));
        }
        if self
            .scopes
            .iter()
            .any(|s| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err(fail("each scope must be one word".into()));
        }
        if !(LOWEST_ACCEPTED_LEVEL..=HIGHEST_LEVEL).contains(&self.minimum_level) {
            return Err(fail(format!(
                "minimum_level must be {LOWEST_ACCEPTED_LEVEL} or {HIGHEST_LEVEL} (SPID level 1 is never accepted)"
            )));
        }
        for (key, name) in [
            ("fiscal_number_claim", &self.fiscal_number_claim),
            ("given_name_claim", &self.given_name_claim),
            ("family_name_claim", &self.family_name_claim),
        ] {
            if !is_claim_name(name) {
                return Err(fail(format!("{key} must be a claim name")));
            }
        }
        if let Some(acr) = &self.acr_values {
            if acr.trim().is_empty() || acr.chars().any(char::is_control) {
                return Err(fail("acr_values must be a space-separated list".into()));
            }
        }
        Ok(ProviderConfig {
            id,
            label,
            issuer: self.issuer,
            client_id: self.client_id,
            client_secret: secret,
            scopes: self.scopes,
            acr_values: self.acr_values,
            minimum_level: self.minimum_level,
            fiscal_number_claim: self.fiscal_number_claim,
            given_name_claim: self.given_name_claim,
            family_name_claim: self.family_name_claim,
            userinfo: self.userinfo,
            prompt_login: self.prompt_login,
        })
    }
}

/// Parses and validates the providers file; `secret_of` reads an environment variable.
pub fn parse_providers(
    text: &str,
    secret_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<ProviderConfig>, String> {
    let file: ProvidersFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if file.providers.is_empty() {
        return Err("no providers listed (omit the providers file to run without OIDC)".into());
    }
    let mut seen = HashSet::new();
    let mut providers = Vec::with_capacity(file.providers.len());
    for entry in file.providers {
        let provider = entry.validate(secret_of)?;
        if !seen.insert(provider.id.clone()) {
            return Err(format!("provider id '{}' is listed twice", provider.id));
        }
        providers.push(provider);
    }
    Ok(providers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(name: &str) -> Option<String> {
        (name == "SECRET").then(|| "s3cret".to_string())
    }

    fn one(extra: &str) -> String {
        format!(
            r#"{{"providers":[{{"id":"spid","label":"SPID","issuer":"https://id.example.it",
            "client_id":"c","client_secret_env":"SECRET"{extra}}}]}}"#
        )
    }

    #[test]
    fn reads_a_minimal_provider_with_defaults() {
        let p = parse_providers(&one(""), &secrets).expect("valid");
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert_eq!(p.client_secret.expose(), "s3cret");
        assert_eq!(p.scopes, ["openid", "profile"]);
        assert_eq!(p.minimum_level, 2);
        assert_eq!(p.fiscal_number_claim, "fiscal_number");
        assert!(!p.userinfo);
        assert_eq!(
            p.discovery_url(),
            "https://id.example.it/.well-known/openid-configuration"
        );
        assert!(
            !format!("{p:?}").contains("s3cret"),
            "secret kept out of Debug"
        );
    }

    #[test]
    fn rejects_bad_files_with_one_line_reasons() {
        let cases = [
            (one(r#","colour":"red""#), "unknown field"),
            (one(r#","minimum_level":1"#), "minimum_level"),
            (one(r#","scopes":["profile"]"#), "openid"),
            (one(r#","scopes":["openid","a b"]"#), "one word"),
            (one("").replace("SECRET", "MISSING"), "MISSING"),
            (one("").replace("https://id", "http://id"), "https"),
            (
                one("").replace("https://id.example.it", "not a url"),
                "not a URL",
            ),
            (one("").replace("\"spid\"", "\"Spid!\""), "a-z"),
            (one("").replace("\"SPID\"", "\"  \""), "label"),
            (one("").replace("\"c\"", "\"\""), "client_id"),
            (r#"{"providers":[]}"#.to_string(), "no providers"),
            ("not json".to_string(), "expected"),
        ];
        for (text, needle) in cases {
            let err = parse_providers(&text, &secrets).expect_err(&text);
            assert!(err.contains(needle), "{text}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn rejects_duplicate_ids() {
        let entry = r#"{"id":"spid","label":"SPID","issuer":"https://id.example.it","client_id":"c","client_secret_env":"SECRET"}"#;
        let text = format!(r#"{{"providers":[{entry},{entry}]}}"#);
        let err = parse_providers(&text, &secrets).expect_err("duplicate");
        assert!(err.contains("twice"), "{err}");
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:3199",
            "http://localhost:3199/",
            "http://[::1]:80",
        ] {
            assert!(acceptable_endpoint(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://id.example.it",
            "http://127.0.0.1.example.it",
            "ftp://127.0.0.1",
            "https://user:pw@id.example.it",
            "https://id.example.it/#x",
        ] {
            assert!(acceptable_endpoint(bad).is_err(), "{bad}");
        }
    }
}
