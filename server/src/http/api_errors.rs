//! Gives server-function errors their real HTTP status. server_fn answers every `Err` with 500; the
//! body is our `AppError` as JSON, which knows its status (404, 422, 429…).

use app::api::API_PREFIX;
use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode};

/// Error bodies are small; anything larger is not one of ours and passes through untouched.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn layer(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with(API_PREFIX);
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BODY).await {
        Ok(b) => b,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if let AppError::RateLimited { retry_after_secs } = error {
            parts.headers.insert(
                http::header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
