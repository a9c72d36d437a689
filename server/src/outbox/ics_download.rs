//! `GET /area-personale/appuntamenti/{id}/ics`: an appointment as an iCalendar file. A plain GET
//! route (not a server function) so a link downloads it; authorised and audited like the server
//! functions, through the same request facts.

use app::api::request::{Authenticated, RequestFacts};
use app::error::AppError;
use app::i18n::Locale;
use app::store::clock::Clock;
use app::store::Db;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{header, HeaderValue, StatusCode};
use std::sync::Arc;

#[derive(Clone)]
struct IcsState {
    db: Db,
    clock: Arc<dyn Clock>,
}

/// The route, to merge inside the session layer.
pub fn routes(db: Db, clock: Arc<dyn Clock>) -> Router {
    Router::new()
        .route("/area-personale/appuntamenti/{id}/ics", get(download))
        .with_state(IcsState { db, clock })
}

async fn download(
    State(state): State<IcsState>,
    Path(id): Path<i64>,
    request: http::request::Parts,
) -> Response {
    let facts = RequestFacts {
        authenticated: request.extensions.get::<Authenticated>().cloned(),
        request_id: request
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        now: state.clock.now(),
    };
    let locale = request
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default();
    match app::api::appointments::server::appointment_ics(&state.db, &facts, id, locale).await {
        Ok(body) => {
            let disposition = format!("attachment; filename=\"appuntamento-{id}.ics\"");
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            let status = match &error {
                AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                e => e.status(),
            };
            (status, error.message(Locale::It.messages())).into_response()
        }
    }
}
