//! Cross-site request forgery defence. Leptos adds none, and every server function is a public POST
//! endpoint, so every unsafe method must come from our own pages: the browser's `Sec-Fetch-Site` says so
//! directly; older browsers are judged by `Origin`.

use crate::config::PublicOrigin;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};

/// Why an unsafe request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// `Sec-Fetch-Site: cross-site` (or `none`, or a value we do not know).
    CrossSite,
    /// `Sec-Fetch-Site: same-site`: a sibling subdomain is not us.
    SameSite,
    /// `Origin` names another site.
    ForeignOrigin,
    /// `Origin: null` (sandboxed frames, some redirects, file: pages).
    NullOrigin,
    /// Neither header: we cannot tell where the request came from.
    Unknown,
}

impl Rejection {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::CrossSite => "cross-site",
            Rejection::SameSite => "same-site",
            Rejection::ForeignOrigin => "foreign-origin",
            Rejection::NullOrigin => "null-origin",
            Rejection::Unknown => "no-origin-information",
        }
    }
}

/// Decides whether a request may proceed.
pub fn check(method: &Method, headers: &HeaderMap, origin: &PublicOrigin) -> Result<(), Rejection> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" => Ok(()),
            b"same-site" => Err(Rejection::SameSite),
            _ => Err(Rejection::CrossSite),
        };
    }
    match headers.get(http::header::ORIGIN).map(|v| v.as_bytes()) {
        Some(b"null") => Err(Rejection::NullOrigin),
        Some(o) if o.eq_ignore_ascii_case(origin.as_str().as_bytes()) => Ok(()),
        Some(_) => Err(Rejection::ForeignOrigin),
        None => Err(Rejection::Unknown),
    }
}

pub async fn layer(State(origin): State<PublicOrigin>, req: Request, next: Next) -> Response {
    match check(req.method(), req.headers(), &origin) {
        Ok(()) => next.run(req).await,
        Err(reason) => {
            tracing::warn!(reason = reason.as_str(), method = %req.method(), path = req.uri().path(), "cross-origin request refused");
            (StatusCode::FORBIDDEN, "Cross-origin request refused.\n").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> PublicOrigin {
        PublicOrigin::parse("https://lavoro.example.it").expect("valid")
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().expect("header value"));
        }
        h
    }

    #[test]
    fn safe_methods_pass_without_headers() {
        assert_eq!(check(&Method::GET, &HeaderMap::new(), &origin()), Ok(()));
        assert_eq!(check(&Method::HEAD, &HeaderMap::new(), &origin()), Ok(()));
    }

    #[test]
    fn same_origin_post_passes() {
        assert_eq!(
            check(
                &Method::POST,
                &headers(&[("sec-fetch-site", "same-origin")]),
                &origin()
            ),
            Ok(())
        );
        assert_eq!(
            check(
                &Method::POST,
                &headers(&[("origin", "https://lavoro.example.it")]),
                &origin()
            ),
            Ok(())
        );
    }

    #[test]
    fn rejects_cross_site_fetch_metadata() {
        let h = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://lavoro.example.it"),
        ]);
        assert_eq!(
            check(&Method::POST, &h, &origin()),
            Err(Rejection::CrossSite)
        );
        assert_eq!(
            check(
                &Method::PUT,
                &headers(&[("sec-fetch-site", "none")]),
                &origin()
            ),
            Err(Rejection::CrossSite)
        );
    }

    #[test]
    fn rejects_same_site_fetch_metadata() {
        assert_eq!(
            check(
                &Method::DELETE,
                &headers(&[("sec-fetch-site", "same-site")]),
                &origin()
            ),
            Err(Rejection::SameSite)
        );
    }

    #[test]
    fn rejects_foreign_origin() {
        assert_eq!(
            check(
                &Method::POST,
                &headers(&[("origin", "https://evil.example")]),
                &origin()
            ),
            Err(Rejection::ForeignOrigin)
        );
        assert_eq!(
            check(
                &Method::POST,
                &headers(&[("origin", "http://lavoro.example.it")]),
                &origin()
            ),
            Err(Rejection::ForeignOrigin)
        );
    }

    #[test]
    fn rejects_null_origin() {
        assert_eq!(
            check(&Method::POST, &headers(&[("origin", "null")]), &origin()),
            Err(Rejection::NullOrigin)
        );
    }

    #[test]
    fn rejects_requests_without_origin_information() {
        assert_eq!(
            check(&Method::PATCH, &HeaderMap::new(), &origin()),
            Err(Rejection::Unknown)
        );
    }
}
