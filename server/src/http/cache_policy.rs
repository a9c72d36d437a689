//! Cache-Control by kind of response. Hashed assets never change, so they are cached for a year;
//! server-function answers are personal and never stored; pages revalidate unless they mark themselves
//! personal (`no-store`, set by the page).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::CACHE_CONTROL;
use http::HeaderValue;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_STORE: &str = "no-store";
pub const REVALIDATE: &str = "no-cache";
/// Icons, manifest and fonts: stable but not content-hashed.
pub const STATIC_DAY: &str = "public, max-age=86400";

pub fn policy_for(path: &str, hashed_assets: bool) -> Option<&'static str> {
    if path.starts_with("/api/") {
        Some(NO_STORE)
    } else if path.starts_with("/pkg/") {
        Some(if hashed_assets { IMMUTABLE } else { REVALIDATE })
    } else if path.starts_with("/icons/")
        || path.starts_with("/fonts/")
        || path == "/manifest.webmanifest"
    {
        Some(STATIC_DAY)
    } else {
        None
    }
}

pub async fn layer(
    axum::extract::State(hashed_assets): axum::extract::State<bool>,
    req: Request,
    next: Next,
) -> Response {
    let forced = policy_for(req.uri().path(), hashed_assets);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    match forced {
        Some(policy) => {
            h.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        None => {
            h.entry(CACHE_CONTROL)
                .or_insert(HeaderValue::from_static(REVALIDATE));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_policy_by_path() {
        assert_eq!(policy_for("/api/cpi/list", true), Some(NO_STORE));
        assert_eq!(policy_for("/pkg/sportello.abc.wasm", true), Some(IMMUTABLE));
        assert_eq!(policy_for("/pkg/sportello.wasm", false), Some(REVALIDATE));
        assert_eq!(policy_for("/icons/icon-192.png", true), Some(STATIC_DAY));
        assert_eq!(policy_for("/", true), None);
    }
}
