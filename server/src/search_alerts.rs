//! The alerts of saved searches (issue 7): each active saved search, at most once a day, tells its
//! person about vacancies published since its last alert (in the app and by e-mail through the
//! outbox). Runs at start-up and then every [`ALERTS_INTERVAL`]; the once-a-day rule and the
//! exactly-once claim live in [`app::store::saved_searches::run_alerts`], so several processes may
//! sweep at the same time.

use app::store::clock::Clock;
use app::store::Db;
use std::sync::Arc;
use std::time::Duration;

/// How often the sweep looks for due searches: each search is still alerted at most once a day.
pub const ALERTS_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// One sweep in one transaction; returns the notifications written.
pub async fn run_once(
    db: &Db,
    now: app::domain::session_policy::Timestamp,
) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let written = app::store::saved_searches::run_alerts(&mut tx, now).await?;
    tx.commit().await?;
    Ok(written)
}

/// Runs the sweep now and then every `interval`, for the life of the process. Failures are
/// logged and retried at the next tick.
pub fn spawn(db: Db, clock: Arc<dyn Clock>, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            match run_once(&db, clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(count = n, "saved search alerts written"),
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "saved search alerts failed; retrying next time")
                }
            }
        }
    })
}
