//! A panic in a handler becomes a 500 page with a reference that is also logged, like any internal error.

use app::error::ErrorRef;
use app::i18n::Locale;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use std::any::Any;

pub fn handle_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let reference = ErrorRef::new();
    let detail = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload");
    tracing::error!(reference = %reference, panic = detail, "handler panicked");
    // The locale is unknown here, so the page speaks both languages.
    let sections: String = Locale::ALL
        .iter()
        .map(|l| {
            let t = l.messages();
            format!(
                "<section lang=\"{}\"><h1>{}</h1><p>{}</p><p>{}: <strong>{reference}</strong></p></section>",
                l.code(),
                t.error_title,
                t.error_internal,
                t.error_reference_label
            )
        })
        .collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Sportello Lavoro</title></head>\
         <body><main>{sections}<p><a href=\"/\">Home</a></p></main></body></html>"
    );
    (StatusCode::INTERNAL_SERVER_ERROR, Html(page)).into_response()
}
