//! Liveness and readiness probes for load balancers and orchestrators.

use app::store::Db;
use axum::extract::State;
use http::StatusCode;

/// The process is up and answering.
pub async fn health() -> &'static str {
    "ok\n"
}

/// The process can serve real requests: the database answers.
pub async fn ready(State(db): State<Db>) -> (StatusCode, &'static str) {
    if db.is_ready().await {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    }
}
