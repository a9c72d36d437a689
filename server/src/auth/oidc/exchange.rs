//! The back channel: the authorization code exchanged at the token endpoint (with the PKCE verifier
//! and the client secret), and the userinfo endpoint for providers that put the fiscal number there.

use super::discovery::{send, ClientAuth, Metadata, Provider, ProviderFailure};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Map, Value};

/// `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B).
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What the token endpoint answered.
#[derive(Deserialize)]
pub struct Tokens {
    pub id_token: String,
    #[serde(default)]
    pub access_token: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(…)")
    }
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
}

/// Exchanges `code` for tokens. A refusal names the provider's `error` code (e.g. `invalid_grant`
/// for a code used twice) but never the code itself.
pub async fn exchange_code(
    provider: &Provider,
    metadata: &Metadata,
    code: &str,
    pkce_verifier: &str,
    redirect_uri: &str,
) -> Result<Tokens, ProviderFailure> {
    let config = &provider.config;
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", pkce_verifier),
    ];
    let mut request = provider
        .http()
        .post(metadata.token_endpoint.clone())
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    match metadata.client_auth {
        ClientAuth::Basic => {
            // RFC 6749 §2.3.1: both parts are form-encoded before the Basic encoding.
            let credentials = format!(
                "{}:{}",
                form_encode(&config.client_id),
                form_encode(config.client_secret.expose())
            );
            request = request.header(
                AUTHORIZATION,
                format!("Basic {}", STANDARD.encode(credentials)),
            );
        }
        ClientAuth::Post => {
            pairs.push(("client_id", &config.client_id));
            pairs.push(("client_secret", config.client_secret.expose()));
        }
    }
    let answer = send(request.body(form_body(&pairs)), "token").await?;
    if answer.status != StatusCode::OK {
        let error = serde_json::from_slice::<TokenError>(&answer.body)
            .map(|e| e.error.chars().take(60).collect::<String>())
            .unwrap_or_else(|_| "no error code".into());
        return Err(ProviderFailure(format!(
            "token: HTTP {} ({error})",
            answer.status
        )));
    }
    serde_json::from_slice(&answer.body)
        .map_err(|_| ProviderFailure("token: the answer has no id_token".into()))
}

/// The userinfo answer: plain JSON claims, or a signed JWT to verify like the ID token.
#[derive(Debug)]
pub enum UserinfoAnswer {
    Claims(Map<String, Value>),
    Signed(String),
}

pub async fn userinfo(
    provider: &Provider,
    metadata: &Metadata,
    access_token: &str,
) -> Result<UserinfoAnswer, ProviderFailure> {
    let Some(endpoint) = &metadata.userinfo_endpoint else {
        return Err(ProviderFailure(
            "userinfo: the provider publishes no userinfo_endpoint".into(),
        ));
    };
    let request = provider
        .http()
        .get(endpoint.clone())
        .bearer_auth(access_token)
        .header(ACCEPT, "application/json, application/jwt");
    let answer = send(request, "userinfo").await?;
    if answer.status != StatusCode::OK {
        return Err(ProviderFailure(format!("userinfo: HTTP {}", answer.status)));
    }
    if answer.content_type.starts_with("application/jwt") {
        let text = String::from_utf8(answer.body)
            .map_err(|_| ProviderFailure("userinfo: the JWT is not text".into()))?;
        return Ok(UserinfoAnswer::Signed(text.trim().to_string()));
    }
    serde_json::from_slice(&answer.body)
        .map(UserinfoAnswer::Claims)
        .map_err(|_| ProviderFailure("userinfo: the answer is not a JSON object".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encodes_like_rfc_6749() {
        assert_eq!(form_encode("a b+c/d:é"), "a+b%2Bc%2Fd%3A%C3%A9");
        assert_eq!(form_encode("AZaz09-._*"), "AZaz09-._*");
        assert_eq!(
            form_body(&[("grant_type", "authorization_code"), ("x", "=&")]),
            "grant_type=authorization_code&x=%3D%26"
        );
    }
}
