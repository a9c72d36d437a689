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
    let t = Locale::default().messages();
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\
         <body><main>{sections}<p><a href=\"/\">{}</a></p></main></body></html>",
        Locale::default().code(),
        t.site_name,
        t.back_home
    );
    (StatusCode::INTERNAL_SERVER_ERROR, Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    #[tokio::test]
    async fn a_panic_becomes_a_500_page_with_a_reference_in_both_languages() {
        let res = handle_panic(Box::new("boom: secret detail".to_string()));
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = String::from_utf8(
            to_bytes(res.into_body(), 1 << 20)
                .await
                .expect("body")
                .to_vec(),
        )
        .expect("utf8");
        assert!(body.contains("Codice di riferimento") && body.contains("Reference: <strong>E-"));
        assert!(
            !body.contains("secret detail"),
            "panic text stays in the log"
        );
    }
}
