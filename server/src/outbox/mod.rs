//! The outbox worker: delivers the e-mails that `app::store::outbox::enqueue` queued, and
//! enqueues appointment reminders. `serve` runs it on a timer; `server outbox --once` runs one
//! round from cron.
//!
//! Delivery guarantee (see app/src/store/outbox.rs for the mechanics): claim (lease) → send →
//! mark. Nothing committed is lost — a row stays pending until marked, and a dead worker's lease
//! expires so another picks the row up. While workers live a row is sent at most once: the claim
//! is one conditional UPDATE that only one worker can win. A crash in the short window after the
//! relay accepted a message and before the row is marked sends it again after the lease expires;
//! both copies carry the same `Message-ID`. The lease (default 5 minutes) must stay well above the
//! SMTP step timeout (30 s) so a slow send never outlives its lease.

pub mod email;
pub mod ics_download;
pub mod smtp;

use app::domain::session_policy::Timestamp;
use app::store::clock::Clock;
use app::store::{outbox, Db};
use smtp::SmtpConfig;
use std::sync::Arc;
use std::time::Duration;

/// How delivery is done.
#[derive(Debug, Clone)]
pub enum Mailer {
    Smtp(SmtpConfig),
    /// No SMTP configured: log that the e-mail would go (without address or body) and mark sent.
    Log,
}

/// The mailer the flags ask for: SMTP when a relay is given, else log only.
pub fn mailer(args: &crate::cli::MailArgs) -> Result<Mailer, crate::StartError> {
    match &args.smtp_url {
        Some(url) if !url.is_empty() => SmtpConfig::parse(url)
            .map(Mailer::Smtp)
            .map_err(crate::StartError::Config),
        _ => {
            tracing::warn!("no SMTP relay configured: e-mails are logged, not sent");
            Ok(Mailer::Log)
        }
    }
}

/// When to try again after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; it doubles at every further failure.
    pub base: Duration,
    /// The longest wait.
    pub cap: Duration,
    /// After this many attempts the row is `failed`.
    pub max_attempts: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(60),
            cap: Duration::from_secs(6 * 3600),
            max_attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// When attempt number `attempt` (from 1) failed at `now`: the next try, or `None` to give up.
    pub fn next_attempt(&self, attempt: i64, now: Timestamp) -> Option<Timestamp> {
        if attempt >= self.max_attempts {
            return None;
        }
        let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let wait = self
            .base
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.cap)
            .min(self.cap);
        Some(now.plus(wait))
    }
}

#[derive(Debug, Clone)]
pub struct OutboxConfig {
    pub mailer: Mailer,
    /// Envelope and header sender address.
    pub mail_from: String,
    /// Where links in e-mails point (scheme://host[:port]).
    pub public_origin: String,
    pub lease: Duration,
    pub retry: RetryPolicy,
    /// Rows claimed per round.
    pub batch: i64,
    /// This process's name in `locked_by`.
    pub worker_id: String,
}

impl OutboxConfig {
    pub fn new(mailer: Mailer, mail_from: &str, public_origin: &str) -> OutboxConfig {
        OutboxConfig {
            mailer,
            mail_from: mail_from.to_string(),
            public_origin: public_origin.trim_end_matches('/').to_string(),
            lease: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            batch: 50,
            worker_id: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub reminders: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Enqueues due reminders, then claims and delivers due e-mails.
pub async fn run_once(
    db: &Db,
    config: &OutboxConfig,
    now: Timestamp,
) -> Result<RoundReport, sqlx::Error> {
    let mut report = RoundReport::default();
    {
        let mut tx = db.begin_write().await?;
        report.reminders = app::store::appointments::enqueue_due_reminders(&mut tx, now).await?;
        tx.commit().await?;
    }
    let claimed = outbox::claim_due(
        db.pool(),
        &config.worker_id,
        now,
        config.lease,
        config.batch,
    )
    .await?;
    for message in claimed {
        match deliver(config, &message, now).await {
            Ok(()) => {
                outbox::mark_sent(db.pool(), message.outbox_id, &config.worker_id, now).await?;
                report.sent += 1;
            }
            Err(failure) => {
                let retry_at = if failure.permanent {
                    None
                } else {
                    config.retry.next_attempt(message.attempt, now)
                };
                tracing::warn!(
                    outbox_id = message.outbox_id,
                    attempt = message.attempt,
                    reason = %failure.reason,
                    will_retry = retry_at.is_some(),
                    "e-mail not delivered"
                );
                outbox::mark_attempt_failed(
                    db.pool(),
                    message.outbox_id,
                    &config.worker_id,
                    retry_at,
                    &failure.reason,
                )
                .await?;
                if retry_at.is_some() {
                    report.retried += 1;
                } else {
                    report.failed += 1;
                }
            }
        }
    }
    Ok(report)
}

struct Failure {
    reason: String,
    permanent: bool,
}

async fn deliver(
    config: &OutboxConfig,
    message: &outbox::ClaimedMessage,
    now: Timestamp,
) -> Result<(), Failure> {
    let Some(to) = message
        .email
        .as_deref()
        .filter(|a| email::plausible_address(a))
    else {
        return Err(Failure {
            reason: "no_valid_address".into(),
            permanent: true,
        });
    };
    match &config.mailer {
        Mailer::Log => {
            tracing::info!(
                outbox_id = message.outbox_id,
                kind = %message.kind,
                message_id = %message.message_id,
                "e-mail not sent: no SMTP relay configured (demo); marked sent"
            );
            Ok(())
        }
        Mailer::Smtp(smtp_config) => {
            let text = email::compose(config, message, to, now);
            smtp::send_mail(smtp_config, &config.mail_from, to, &text)
                .await
                .map_err(|e| Failure {
                    permanent: e.is_permanent(),
                    reason: e.to_string(),
                })
        }
    }
}

/// Runs a round every `interval` until the process ends.
pub fn spawn(
    db: Db,
    clock: Arc<dyn Clock>,
    config: OutboxConfig,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match run_once(&db, &config, clock.now()).await {
                Ok(r) if r == RoundReport::default() => {}
                Ok(r) => tracing::info!(?r, "outbox round"),
                Err(e) => tracing::error!(error = %e, "outbox round failed; retrying next time"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_then_gives_up() {
        let p = RetryPolicy {
            base: Duration::from_secs(60),
            cap: Duration::from_secs(300),
            max_attempts: 5,
        };
        let now = Timestamp::EPOCH;
        let wait = |a| p.next_attempt(a, now).map(|t| t.unix_millis() / 1000);
        assert_eq!(wait(1), Some(60));
        assert_eq!(wait(2), Some(120));
        assert_eq!(wait(3), Some(240));
        assert_eq!(wait(4), Some(300));
        assert_eq!(wait(5), None);
    }
}
