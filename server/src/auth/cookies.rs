//! The cookies of logging in: the session token and the short-lived browser binding of an OIDC login.
//!
//! Over https (and on loopback, which browsers treat as a secure context) both carry the `__Host-`
//! prefix, so the browser accepts them only with `Secure`, `Path=/` and no `Domain`: no sibling
//! subdomain can plant or overwrite them. A plain-http deployment on another host could not store a
//! `__Host-` cookie at all, so there the names lose the prefix and the server logs a warning.

use crate::config::PublicOrigin;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

const SESSION: &str = "sl_session";
const LOGIN: &str = "sl_login";
/// The browser binding of an OIDC login lives as long as the attempt.
pub const LOGIN_COOKIE_SECS: u64 = 600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookiePolicy {
    secure: bool,
}

impl CookiePolicy {
    pub fn for_origin(origin: &PublicOrigin) -> CookiePolicy {
        let host = origin
            .as_str()
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        let loopback =
            host.starts_with("localhost") || host.starts_with("127.") || host.starts_with("[::1]");
        CookiePolicy {
            secure: origin.is_https() || loopback,
        }
    }

    pub fn is_secure(&self) -> bool {
        self.secure
    }

    fn name(&self, base: &str) -> String {
        if self.secure {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }

    pub fn session_name(&self) -> String {
        self.name(SESSION)
    }

    pub fn login_name(&self) -> String {
        self.name(LOGIN)
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "Path=/; HttpOnly; SameSite=Lax"
        }
    }

    /// A session cookie: no `Max-Age`, so it dies with the browser; the server enforces the timeouts.
    pub fn set_session(&self, token: &str) -> Option<HeaderValue> {
        HeaderValue::from_str(&format!(
            "{}={token}; {}",
            self.session_name(),
            self.attributes()
        ))
        .ok()
    }

    pub fn set_login(&self, secret: &str) -> Option<HeaderValue> {
        HeaderValue::from_str(&format!(
            "{}={secret}; Max-Age={LOGIN_COOKIE_SECS}; {}",
            self.login_name(),
            self.attributes()
        ))
        .ok()
    }

    fn clear(&self, name: &str) -> Option<HeaderValue> {
        HeaderValue::from_str(&format!("{name}=; Max-Age=0; {}", self.attributes())).ok()
    }

    pub fn clear_session(&self) -> Option<HeaderValue> {
        self.clear(&self.session_name())
    }

    pub fn clear_login(&self) -> Option<HeaderValue> {
        self.clear(&self.login_name())
    }

    pub fn session_token<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        cookie_value(headers, &self.session_name())
    }

    pub fn login_secret<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        cookie_value(headers, &self.login_name())
    }
}

/// The value of cookie `name` in the request, if sent (the first one, as browsers send the most
/// specific first).
pub fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Adds a `Set-Cookie` header (several may be set on one response).
pub fn append_cookie(headers: &mut HeaderMap, value: Option<HeaderValue>) {
    if let Some(value) = value {
        headers.append(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(origin: &str) -> CookiePolicy {
        CookiePolicy::for_origin(&PublicOrigin::parse(origin).expect("origin"))
    }

    #[test]
    fn host_prefix_and_secure_on_https_and_loopback_only() {
        for origin in [
            "https://lavoro.example.it",
            "http://127.0.0.1:3000",
            "http://localhost:3000",
        ] {
            let p = policy(origin);
            let cookie = p.set_session("abc").expect("header");
            let text = cookie.to_str().expect("ascii");
            assert!(text.starts_with("__Host-sl_session=abc;"), "{text}");
            for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
                assert!(text.contains(attr), "{origin}: {text} lacks {attr}");
            }
            assert!(!text.contains("Domain"), "{text}");
        }
        let plain = policy("http://lavoro.intranet.example");
        let text = plain.set_session("abc").expect("header");
        let text = text.to_str().expect("ascii");
        assert!(text.starts_with("sl_session=abc;"));
        assert!(!text.contains("Secure"));
    }

    #[test]
    fn reads_the_named_cookie_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("lang=en; __Host-sl_session=tok; sl_session=other"),
        );
        let p = policy("https://x.it");
        assert_eq!(p.session_token(&headers), Some("tok"));
        assert_eq!(p.login_secret(&headers), None);
        assert_eq!(cookie_value(&headers, "lang"), Some("en"));
    }
}
