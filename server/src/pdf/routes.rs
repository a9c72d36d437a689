//! PDF downloads: plain GET routes (not server functions) so a link downloads the file; each is
//! authorised and audited like the server functions, through the same request facts.

use super::PdfDoc;
use crate::config::PublicOrigin;
use app::api::did::server::{issue_certificate, IssuedCertificate};
use app::api::did::{CERTIFICATE_PATH, VERIFY_PATH};
use app::api::request::{Authenticated, RequestFacts};
use app::error::AppError;
use app::i18n::Locale;
use app::store::clock::Clock;
use app::store::Db;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{header, HeaderValue, StatusCode};
use std::sync::Arc;

/// What every PDF route needs: the database and the clock.
#[derive(Clone)]
pub struct PdfState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

impl PdfState {
    /// The request facts of a route, as the server functions see them.
    pub fn facts(&self, request: &http::request::Parts) -> RequestFacts {
        RequestFacts {
            authenticated: request.extensions.get::<Authenticated>().cloned(),
            request_id: crate::auth::request_id(&request.headers).map(str::to_string),
            now: self.clock.now(),
        }
    }
}

/// The PDF routes, to merge inside the session layer. The public origin (for the links printed
/// on documents) comes as a request extension: startup adds it with `.layer(Extension(origin))`.
pub fn routes(db: Db, clock: Arc<dyn Clock>) -> Router {
    Router::new()
        .route(CERTIFICATE_PATH, get(status_certificate))
        .route(super::cv::CV_PDF_PATH, get(super::cv::cv_pdf))
        .route(super::cv::CV_JSON_PATH, get(super::cv::cv_json))
        .with_state(PdfState { db, clock })
}

/// `GET /area-personale/did/certificato.pdf`: issues a certificate of employment status for the
/// caller's (or their client's) DID and returns it as a PDF.
async fn status_certificate(
    State(state): State<PdfState>,
    request: http::request::Parts,
) -> Response {
    let facts = state.facts(&request);
    let locale = locale(&request);
    match issue_certificate(&state.db, &facts).await {
        Ok(Some(issued)) => {
            let origin = request
                .extensions
                .get::<PublicOrigin>()
                .map(|o| o.as_str().to_string())
                .unwrap_or_default();
            let filename = format!("certificato-{}.pdf", issued.code);
            pdf_response(certificate_pdf(&issued, &origin, locale), &filename)
        }
        // No declaration to certify: say so plainly (the DID page explains what to do).
        Ok(None) => (
            StatusCode::CONFLICT,
            locale.messages().did.certificate_unavailable,
        )
            .into_response(),
        Err(error) => error_response(&error, locale),
    }
}

/// The certificate's layout: who, which state since when, where, and how to check it.
pub fn certificate_pdf(issued: &IssuedCertificate, origin: &str, locale: Locale) -> Vec<u8> {
    let t = locale.messages().did;
    let f = &issued.facts;
    let mut doc = PdfDoc::new(t.certificate_title, locale.code());
    doc.paragraph(t.certificate_issuer);
    doc.heading(t.certificate_title);
    doc.paragraph(t.certificate_intro);
    doc.rule();
    doc.field(
        t.certificate_holder,
        &format!("{} {}", f.given_name, f.family_name),
    );
    doc.field(t.certificate_code_fiscale, &f.codice_fiscale_masked);
    doc.field(t.certificate_state, (t.state_name)(f.state));
    doc.field(
        t.certificate_since,
        &f.since.as_deref().map(local_date).unwrap_or_default(),
    );
    if let Some(submitted) = &f.submitted_at {
        doc.field(t.certificate_submitted, &local_date(submitted));
    }
    if let Some(protocol) = &f.protocol {
        doc.field(t.certificate_protocol, protocol);
    }
    doc.field(t.certificate_cpi, f.cpi_name.as_deref().unwrap_or("-"));
    doc.field(
        t.certificate_issued,
        &app::domain::appointment::local_date_time(issued.issued_at),
    );
    doc.field(t.certificate_verification_code, &issued.code);
    doc.rule();
    let url = format!("{origin}{VERIFY_PATH}?codice={}", issued.code);
    doc.paragraph(t.certificate_how_to_verify);
    doc.qr(&url, &url);
    doc.finish()
}

/// `2026-11-27T10:00:00.000Z` → `27/11/2026` (the date in Rome).
fn local_date(iso: &str) -> String {
    match app::domain::session_policy::Timestamp::parse_iso(iso) {
        Ok(t) => app::domain::appointment::local_date_time(t)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string(),
        Err(_) => iso.chars().take(10).collect(),
    }
}

/// The locale of the request (its language cookie), Italian by default.
pub fn locale(request: &http::request::Parts) -> Locale {
    request
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default()
}

/// A PDF as an attachment, never cached (it holds personal data).
pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// An error as its status and translated message; internal details stay in the log.
pub fn error_response(error: &AppError, locale: Locale) -> Response {
    let status = match error {
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        e => e.status(),
    };
    (status, error.message(locale.messages())).into_response()
}
