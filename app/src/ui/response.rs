//! Setting the HTTP status and headers of a server-rendered page. No-ops in the browser.

/// Sets the status of the page response (e.g. 404 for the not-found page).
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Marks the page as personal: browsers and the service worker must not store it.
#[allow(dead_code)] // used by the personal pages of later features
pub fn mark_personal() {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}
