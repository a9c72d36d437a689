//! The expiry sweep of published vacancies (issue 6): a published vacancy past its last day
//! (`expires_on`) is closed as expired and its company told, through the outbox. Runs at start-up
//! and then every [`EXPIRY_INTERVAL`]; a vacancy expires within that long after its last day ends.

use app::store::clock::Clock;
use app::store::Db;
use std::sync::Arc;
use std::time::Duration;

/// How often the sweep runs: a vacancy's last day is a date, so a quarter of an hour is plenty.
pub const EXPIRY_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// One sweep in one transaction; returns the vacancies closed.
pub async fn run_once(
    db: &Db,
    now: app::domain::session_policy::Timestamp,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let closed = app::store::vacancy_review::expire_vacancies(&mut tx, now).await?;
    tx.commit().await?;
    Ok(closed)
}

/// Runs the sweep now and then every `interval`, for the life of the process. Failures are
/// logged and retried at the next tick.
pub fn spawn(db: Db, clock: Arc<dyn Clock>, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            match run_once(&db, clock.now()).await {
                Ok(closed) if !closed.is_empty() => {
                    tracing::info!(count = closed.len(), "expired vacancies closed")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "vacancy expiry failed; retrying next time"),
            }
        }
    })
}
