//! A provider at run time: its configuration plus what we learn from it — the discovery document
//! (`/.well-known/openid-configuration`) and its signing keys (JWKS) — fetched on first use and
//! cached, so a provider that is down at start-up does not stop the server, only its logins.

use super::config::{acceptable_endpoint, ProviderConfig};
use super::id_token::{Jws, TokenProblem};
use super::jwk::{Jwk, KeySet};
use reqwest::{Client, RequestBuilder, StatusCode, Url};
use serde::Deserialize;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Every outbound request to a provider gives up after this long.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a discovery document or a key set is trusted before it is fetched again.
const CACHE_TTL: Duration = Duration::from_secs(3600);
/// An unknown `kid` triggers a key refetch (the provider rotated its keys), but at most this often,
/// so tokens naming made-up keys cannot make us hammer the provider.
const MIN_KEY_REFETCH: Duration = Duration::from_secs(10);
/// Largest answer read from a provider (discovery, JWKS, token, userinfo).
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// Something went wrong talking to the provider. The text is for the log: it never holds a
/// secret, a code or a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFailure(pub String);

impl std::fmt::Display for ProviderFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How we authenticate to the token endpoint with the client secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic (the default of the specification).
    Basic,
    /// Client id and secret in the form body, for providers that offer only that.
    Post,
}

/// The provider's endpoints, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub userinfo_endpoint: Option<Url>,
    pub jwks_uri: Url,
    pub client_auth: ClientAuth,
}

#[derive(Debug, Deserialize)]
struct RawMetadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    #[serde(default)]
    userinfo_endpoint: Option<String>,
    jwks_uri: String,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
}

impl Metadata {
    /// Checks a discovery document against the configured issuer (OpenID Connect Discovery §4.3:
    /// the `issuer` inside must be exactly the one we asked, or the document is not the provider's).
    pub fn from_document(json: &[u8], issuer: &str) -> Result<Metadata, ProviderFailure> {
        let fail = |what: String| ProviderFailure(format!("discovery: {what}"));
        let raw: RawMetadata = serde_json::from_slice(json).map_err(|e| fail(e.to_string()))?;
        if raw.issuer != issuer {
            return Err(fail(format!(
                "issuer '{}' is not the configured '{issuer}'",
                raw.issuer
            )));
        }
        if raw
            .code_challenge_methods_supported
            .as_ref()
            .is_some_and(|m| !m.iter().any(|m| m == "S256"))
        {
            return Err(fail("the provider does not support PKCE with S256".into()));
        }
        // Absent means client_secret_basic (OpenID Connect Discovery §3).
        let methods = raw
            .token_endpoint_auth_methods_supported
            .unwrap_or_else(|| vec!["client_secret_basic".into()]);
        let client_auth = if methods.iter().any(|m| m == "client_secret_basic") {
            ClientAuth::Basic
        } else if methods.iter().any(|m| m == "client_secret_post") {
            ClientAuth::Post
        } else {
            return Err(fail(
                "the token endpoint accepts neither client_secret_basic nor client_secret_post"
                    .into(),
            ));
        };
        let endpoint = |raw: &str| acceptable_endpoint(raw).map_err(fail);
        Ok(Metadata {
            authorization_endpoint: endpoint(&raw.authorization_endpoint)?,
            token_endpoint: endpoint(&raw.token_endpoint)?,
            userinfo_endpoint: raw.userinfo_endpoint.as_deref().map(endpoint).transpose()?,
            jwks_uri: endpoint(&raw.jwks_uri)?,
            client_auth,
        })
    }
}

/// A value fetched at some instant.
#[derive(Debug)]
struct Cached<T> {
    value: Arc<T>,
    fetched: Instant,
}

/// Why no key could be found for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLookup {
    Unreachable(ProviderFailure),
    Refused(TokenProblem),
}

/// One configured provider with its caches.
#[derive(Debug)]
pub struct Provider {
    pub config: ProviderConfig,
    http: Client,
    metadata: Mutex<Option<Cached<Metadata>>>,
    keys: Mutex<Option<Cached<KeySet>>>,
}

fn fresh<T>(slot: &Mutex<Option<Cached<T>>>, ttl: Duration) -> Option<Arc<T>> {
    let guard = slot.lock().unwrap_or_else(PoisonError::into_inner);
    guard
        .as_ref()
        .filter(|c| c.fetched.elapsed() < ttl)
        .map(|c| c.value.clone())
}

fn store<T>(slot: &Mutex<Option<Cached<T>>>, value: T) -> Arc<T> {
    let value = Arc::new(value);
    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(Cached {
        value: value.clone(),
        fetched: Instant::now(),
    });
    value
}

/// The HTTP client for providers: short timeouts, no redirects (an endpoint that redirects is a
/// misconfiguration, and following it could leak the client secret elsewhere).
pub fn http_client() -> Result<Client, String> {
    Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(HTTP_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("sportello-lavoro/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client for OIDC: {e}"))
}

/// A provider's answer: status, content type and body (at most [`MAX_ANSWER_BYTES`]).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Sends a request and reads the answer, refusing oversized bodies.
pub async fn send(request: RequestBuilder, what: &str) -> Result<Answer, ProviderFailure> {
    let fail = |e: String| ProviderFailure(format!("{what}: {e}"));
    let mut res = request
        .send()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?;
    if res
        .content_length()
        .is_some_and(|len| len > MAX_ANSWER_BYTES as u64)
    {
        return Err(fail("answer too large".into()));
    }
    let status = res.status();
    let content_type = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut body = Vec::new();
    while let Some(chunk) = res
        .chunk()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(fail("answer too large".into()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        content_type,
        body,
    })
}

impl Provider {
    pub fn new(config: ProviderConfig, http: Client) -> Provider {
        Provider {
            config,
            http,
            metadata: Mutex::new(None),
            keys: Mutex::new(None),
        }
    }

    pub fn http(&self) -> &Client {
        &self.http
    }

    async fn get_ok(&self, url: &str, what: &str) -> Result<Vec<u8>, ProviderFailure> {
        let answer = send(self.http.get(url), what).await?;
        if answer.status != StatusCode::OK {
            return Err(ProviderFailure(format!("{what}: HTTP {}", answer.status)));
        }
        Ok(answer.body)
    }

    /// The discovery document, from the cache or the provider.
    pub async fn metadata(&self) -> Result<Arc<Metadata>, ProviderFailure> {
        if let Some(m) = fresh(&self.metadata, CACHE_TTL) {
            return Ok(m);
        }
        let body = self
            .get_ok(&self.config.discovery_url(), "discovery")
            .await?;
        let metadata = Metadata::from_document(&body, &self.config.issuer)?;
        Ok(store(&self.metadata, metadata))
    }

    async fn fetch_keys(&self, metadata: &Metadata) -> Result<Arc<KeySet>, ProviderFailure> {
        let body = self.get_ok(metadata.jwks_uri.as_str(), "jwks").await?;
        let keys = KeySet::parse(&body).map_err(ProviderFailure)?;
        Ok(store(&self.keys, keys))
    }

    /// The key that signed `jws`. An unknown `kid` means the provider may have rotated its keys:
    /// the set is fetched again once (unless it was just fetched) before the token is refused.
    pub async fn key_for(&self, metadata: &Metadata, jws: &Jws) -> Result<Jwk, KeyLookup> {
        let cached = fresh(&self.keys, CACHE_TTL);
        if let Some(key) = cached
            .as_ref()
            .and_then(|k| k.find(jws.kid.as_deref(), jws.alg))
        {
            return Ok(key.clone());
        }
        let recently = fresh(&self.keys, MIN_KEY_REFETCH).is_some();
        if recently {
            return Err(KeyLookup::Refused(TokenProblem::UnknownKey));
        }
        let keys = self
            .fetch_keys(metadata)
            .await
            .map_err(KeyLookup::Unreachable)?;
        keys.find(jws.kid.as_deref(), jws.alg)
            .cloned()
            .ok_or(KeyLookup::Refused(TokenProblem::UnknownKey))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "https://id.example.it";

    fn doc(extra: &str) -> String {
        format!(
            r#"{{"issuer":"{ISSUER}","authorization_endpoint":"{ISSUER}/auth",
            "token_endpoint":"{ISSUER}/token","jwks_uri":"{ISSUER}/jwks"{extra}}}"#
        )
    }

    #[test]
    fn reads_a_discovery_document() {
        let m = Metadata::from_document(doc("").as_bytes(), ISSUER).expect("valid");
        assert_eq!(m.token_endpoint.as_str(), "https://id.example.it/token");
        assert_eq!(m.client_auth, ClientAuth::Basic);
        assert_eq!(m.userinfo_endpoint, None);
        let post = doc(
            r#","token_endpoint_auth_methods_supported":["client_secret_post","private_key_jwt"]"#,
        );
        let m = Metadata::from_document(post.as_bytes(), ISSUER).expect("valid");
        assert_eq!(m.client_auth, ClientAuth::Post);
    }

    #[test]
    fn refuses_a_document_of_another_issuer_or_with_unsafe_endpoints() {
        let cases = [
            (
                doc("").replace(
                    "\"issuer\":\"https://id.example.it\"",
                    "\"issuer\":\"https://evil.example\"",
                ),
                "issuer",
            ),
            (
                doc("").replace("https://id.example.it/token", "http://id.example.it/token"),
                "https",
            ),
            (
                doc(r#","code_challenge_methods_supported":["plain"]"#),
                "S256",
            ),
            (
                doc(r#","token_endpoint_auth_methods_supported":["private_key_jwt"]"#),
                "neither",
            ),
            ("{}".to_string(), "missing field"),
        ];
        for (text, needle) in cases {
            let err = Metadata::from_document(text.as_bytes(), ISSUER).expect_err(&text);
            assert!(err.0.contains(needle), "{text}: {err}");
        }
    }
}
