//! The retention rules of `docs/RETENTION.md`, applied by a scheduled job: the server runs it at
//! start and then every `--retention-interval-minutes`; `server retention` runs it once (for cron).
//! Each rule is one statement in one transaction, so a crash leaves every rule either applied or not.

use app::domain::session_policy::Timestamp;
use app::store::Db;
use sqlx::Row;
use std::time::Duration;

const DAY: u64 = 24 * 3600;

/// How long each kind of data is kept after it stops being needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionRules {
    /// Sessions, after they ended or passed their absolute deadline.
    pub sessions: Duration,
    /// OIDC login attempts, after they expired.
    pub login_attempts: Duration,
    /// Rectification requests, after they were handled.
    pub handled_rectifications: Duration,
    /// The identity of a closed account (name, codice fiscale, birth data), after closure.
    pub closed_identities: Duration,
    /// Guided requests never sent, after their last change.
    pub abandoned_drafts: Duration,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            sessions: Duration::from_secs(30 * DAY),
            login_attempts: Duration::from_secs(DAY),
            handled_rectifications: Duration::from_secs(2 * 365 * DAY),
            closed_identities: Duration::from_secs(5 * 365 * DAY),
            abandoned_drafts: Duration::from_secs(180 * DAY),
        }
    }
}

/// What one run removed or anonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetentionReport {
    pub sessions: u64,
    pub login_attempts: u64,
    pub rectifications: u64,
    pub identities_anonymised: u64,
    pub abandoned_drafts: u64,
}

/// Applies every rule as of `now`.
pub async fn run_once(
    db: &Db,
    rules: &RetentionRules,
    now: Timestamp,
) -> Result<RetentionReport, sqlx::Error> {
    let sessions = app::store::sessions::purge_dead_sessions(db, now.minus(rules.sessions)).await?;
    let mut conn = db.pool().acquire().await?;
    let login_attempts = app::store::login_attempts::purge_login_attempts(
        &mut conn,
        now.minus(rules.login_attempts),
    )
    .await?;
    drop(conn);
    let rectifications = sqlx::query(
        "DELETE FROM rectification_request WHERE handled_at IS NOT NULL AND handled_at < $1",
    )
    .bind(now.minus(rules.handled_rectifications).to_iso())
    .execute(db.pool())
    .await?
    .rows_affected();
    let identities_anonymised = anonymise_closed(db, now.minus(rules.closed_identities)).await?;
    let abandoned_drafts =
        sqlx::query("DELETE FROM service_draft WHERE submitted_at IS NULL AND updated_at < $1")
            .bind(now.minus(rules.abandoned_drafts).to_iso())
            .execute(db.pool())
            .await?
            .rows_affected();
    Ok(RetentionReport {
        sessions,
        login_attempts,
        rectifications,
        identities_anonymised,
        abandoned_drafts,
    })
}

/// Replaces the identity of people whose account closed before `cutoff` with a pseudonym: the row
/// stays (mandates and audit rows point at its id) but no longer says who it was.
async fn anonymise_closed(db: &Db, cutoff: Timestamp) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let ids: Vec<i64> = sqlx::query(
        "SELECT id FROM person WHERE closed_at IS NOT NULL AND closed_at < $1 \
         AND codice_fiscale NOT LIKE 'ANON%'",
    )
    .bind(cutoff.to_iso())
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get::<i64, _>(0))
    .collect::<Result<_, _>>()?;
    for id in &ids {
        // 16 characters like a codice fiscale, unique by the id, impossible as a real one.
        let pseudonym = format!("ANON{id:012}");
        sqlx::query(
            "UPDATE person SET codice_fiscale = $2, given_name = '-', family_name = '-', \
             birth_date = '1900-01-01', birth_belfiore = 'Z999' WHERE id = $1",
        )
        .bind(*id)
        .bind(pseudonym)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE app_user SET display_name = '-' WHERE person_id = $1")
            .bind(*id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Runs the job now and then every `interval`, for the life of the process. Failures are logged
/// and retried at the next tick.
pub fn spawn(
    db: Db,
    clock: std::sync::Arc<dyn app::store::clock::Clock>,
    rules: RetentionRules,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            match run_once(&db, &rules, clock.now()).await {
                Ok(report) => tracing::info!(?report, "retention rules applied"),
                Err(e) => tracing::error!(error = %e, "retention job failed; retrying next time"),
            }
        }
    })
}
