//! `POST /lang`: the language switch. A plain form post, so it works without JavaScript.

use crate::config::PublicOrigin;
use app::i18n::{Locale, LANG_COOKIE};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use http::header::{LOCATION, SET_COOKIE};
use http::{HeaderValue, StatusCode};
use serde::Deserialize;

const ONE_YEAR_SECS: u32 = 365 * 24 * 3600;

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    pub lang: String,
    pub next: Option<String>,
}

/// Only local paths: an attacker-chosen `next` must not turn the switch into an open redirect.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control()) =>
        {
            n
        }
        _ => "/",
    }
}

pub async fn switch_language(
    State(origin): State<PublicOrigin>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(locale) = Locale::from_code(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "Unknown language.\n").into_response();
    };
    let secure = if origin.is_https() { "; Secure" } else { "" };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age={ONE_YEAR_SECS}; SameSite=Lax{secure}",
        locale.code()
    );
    let location = safe_next(form.next.as_deref());
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let (Ok(cookie), Ok(location)) = (
        HeaderValue::from_str(&cookie),
        HeaderValue::from_str(location),
    ) {
        res.headers_mut().insert(SET_COOKIE, cookie);
        res.headers_mut().insert(LOCATION, location);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn keeps_local_paths_only() {
        assert_eq!(safe_next(Some("/cpi?x=1")), "/cpi?x=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/a\r\nSet-Cookie: x")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
