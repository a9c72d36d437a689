//! Live updates: which thing changed, told to every open page on every server process.
//!
//! A server function that changes a ticket or a queue calls [`publish`] after its commit with the
//! [`Topic`]s it touched. Each open page holds a server-sent-events stream (`GET /events`, see
//! `server/src/realtime/`) that forwards the topics it may see; the page then refetches what it shows
//! (`ui::widgets::live::use_live`). Only the topic travels, never data: what the page refetches goes
//! through the usual authorisation.
//!
//! One process (SQLite) fans out through an in-process `tokio::sync::broadcast`. Several processes on
//! one PostgreSQL: `publish` sends `pg_notify('sportello_live', topics)` and every process, the
//! publisher included, runs one `LISTEN sportello_live` connection that forwards into its local
//! broadcast. NOTIFY is fire-and-forget: a notification sent while a process's listener was
//! reconnecting is lost for it, so after every reconnection the bus raises its *resync* generation and
//! every stream tells its page to refetch everything.

use crate::domain::policy::CpiCode;
use std::fmt;
use std::str::FromStr;

/// What changed. Text form `ticket:12` / `queue:PG` (what the SSE `data:` line carries).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A ticket: its state, its messages, its documents.
    Ticket(i64),
    /// A CPI's queue: tickets entered, taken, moved or closed (positions and waits changed).
    Queue(CpiCode),
    /// One person's own things (issue 7): their applications and proposals, their pact. Only that
    /// person's sessions may follow it.
    Person(i64),
}

/// A topic's text is not `ticket:<id>` or `queue:<CPI code>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a live topic")]
pub struct TopicParseError;

/// The longest CPI code a queue topic carries (codes are short, like `PG`).
const MAX_CPI_CODE_LEN: usize = 16;

impl Topic {
    /// Whether a CPI code can travel in a topic: ASCII letters, digits, `-` and `_`. Spaces separate
    /// the topics of one notification, so they (and anything exotic) are refused.
    pub fn is_valid_cpi_code(code: &str) -> bool {
        !code.is_empty()
            && code.len() <= MAX_CPI_CODE_LEN
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Topic::Ticket(id) => write!(f, "ticket:{id}"),
            Topic::Queue(cpi) => write!(f, "queue:{}", cpi.0),
            Topic::Person(id) => write!(f, "person:{id}"),
        }
    }
}

impl FromStr for Topic {
    type Err = TopicParseError;

    fn from_str(s: &str) -> Result<Topic, TopicParseError> {
        match s.split_once(':') {
            Some(("ticket", id))
                if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && id.len() <= 18 =>
            {
                id.parse().map(Topic::Ticket).map_err(|_| TopicParseError)
            }
            Some(("person", id))
                if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && id.len() <= 18 =>
            {
                id.parse().map(Topic::Person).map_err(|_| TopicParseError)
            }
            Some(("queue", code)) if Topic::is_valid_cpi_code(code) => {
                Ok(Topic::Queue(CpiCode(code.to_string())))
            }
            _ => Err(TopicParseError),
        }
    }
}

/// The topics of one notification payload, space-separated (one NOTIFY per publish).
pub fn encode_topics(topics: &[Topic]) -> String {
    topics
        .iter()
        .map(Topic::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The topics of a notification payload; unparsable parts are skipped (another release may send
/// topics this one does not know).
pub fn decode_topics(payload: &str) -> Vec<Topic> {
    payload
        .split_ascii_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect()
}

#[cfg(feature = "ssr")]
pub use bus::{publish, LiveBus, CHANNEL};

#[cfg(feature = "ssr")]
mod bus {
    use super::{decode_topics, encode_topics, Topic};
    use crate::store::{Backend, Db};
    use sqlx::postgres::PgListener;
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::sync::{broadcast, watch};

    /// The PostgreSQL channel every process listens on.
    pub const CHANNEL: &str = "sportello_live";

    /// How many topics a slow subscriber may fall behind before it is told to resync instead.
    const BUFFER: usize = 1024;
    /// Backoff between reconnection attempts of the listener: first and longest wait.
    const RECONNECT_FIRST: Duration = Duration::from_millis(250);
    const RECONNECT_MAX: Duration = Duration::from_secs(30);

    /// The live-update bus of this process: provided as Leptos context and axum state.
    #[derive(Clone)]
    pub struct LiveBus {
        inner: Arc<Inner>,
    }

    struct Inner {
        topics: broadcast::Sender<Topic>,
        /// Raised whenever notifications may have been lost (listener reconnected): every
        /// subscriber should then refetch everything.
        resync: watch::Sender<u64>,
        /// Whether the listener is connected and listening (always true in-process).
        listening: watch::Sender<bool>,
        /// Set at shutdown: every stream ends so that its page reconnects to another process.
        closing: watch::Sender<bool>,
        /// The pool to NOTIFY through, on PostgreSQL.
        notify: Option<Db>,
    }

    impl std::fmt::Debug for LiveBus {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("LiveBus")
                .field("postgres", &self.inner.notify.is_some())
                .field("subscribers", &self.inner.topics.receiver_count())
                .finish()
        }
    }

    impl LiveBus {
        /// A bus for this process only (SQLite, or tests).
        pub fn in_process() -> LiveBus {
            LiveBus::new(None, true)
        }

        fn new(notify: Option<Db>, listening: bool) -> LiveBus {
            let (topics, _) = broadcast::channel(BUFFER);
            LiveBus {
                inner: Arc::new(Inner {
                    topics,
                    resync: watch::Sender::new(0),
                    listening: watch::Sender::new(listening),
                    closing: watch::Sender::new(false),
                    notify,
                }),
            }
        }

        /// The bus for `db`: in-process on SQLite; on PostgreSQL it also spawns the listener task
        /// (which stops when the last clone of the bus is dropped). Needs a Tokio runtime.
        /// Await [`LiveBus::ready`] before serving so that no early notification is missed.
        pub fn start(db: &Db) -> LiveBus {
            match db.backend() {
                Backend::Sqlite => LiveBus::in_process(),
                Backend::Postgres => {
                    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                        tracing::error!(
                            "live updates: no Tokio runtime to listen in; this process only"
                        );
                        return LiveBus::in_process();
                    };
                    let bus = LiveBus::new(Some(db.clone()), false);
                    let url = db.pool().connect_options().database_url.to_string();
                    runtime.spawn(listen(url, Arc::downgrade(&bus.inner)));
                    bus
                }
            }
        }

        /// Resolves once the listener is listening (at once in-process), or after `limit`: false
        /// then, and the listener keeps trying in the background.
        pub async fn ready(&self, limit: Duration) -> bool {
            let mut rx = self.inner.listening.subscribe();
            let listening = tokio::time::timeout(limit, rx.wait_for(|l| *l))
                .await
                .is_ok_and(|r| r.is_ok());
            listening
        }

        /// Tells every subscriber of every process that `topics` changed. Call it after the
        /// commit. Never fails the caller: a failure is logged (pages still refetch on their next
        /// reconnection or action).
        pub async fn publish(&self, topics: &[Topic]) {
            if topics.is_empty() {
                return;
            }
            match &self.inner.notify {
                None => {
                    for topic in topics {
                        // An error only means nobody is subscribed right now.
                        let _ = self.inner.topics.send(topic.clone());
                    }
                }
                Some(db) => {
                    let payload = encode_topics(topics);
                    // The local listener delivers it too, so every process sees the same order.
                    if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(CHANNEL)
                        .bind(&payload)
                        .execute(db.pool())
                        .await
                    {
                        tracing::error!(error = %e, topics = %payload, "live update not published");
                    }
                }
            }
        }

        /// The topics published from now on, by any process.
        pub fn subscribe(&self) -> broadcast::Receiver<Topic> {
            self.inner.topics.subscribe()
        }

        /// Changes whenever subscribers should refetch everything (notifications may have been
        /// lost). Read it together with [`LiveBus::subscribe`].
        pub fn resyncs(&self) -> watch::Receiver<u64> {
            self.inner.resync.subscribe()
        }

        /// Ends every stream of this process (shutdown): open streams would otherwise hold the
        /// graceful shutdown until its grace period runs out.
        pub fn close(&self) {
            self.inner.closing.send_replace(true);
        }

        /// Becomes true when the process shuts down.
        pub fn closing(&self) -> watch::Receiver<bool> {
            self.inner.closing.subscribe()
        }

        /// How many subscribers are connected in this process.
        pub fn subscribers(&self) -> usize {
            self.inner.topics.receiver_count()
        }
    }

    /// [`LiveBus::publish`] on the bus of the current request (Leptos context). Without a bus (a
    /// server built without live updates) it logs and does nothing.
    pub async fn publish(topics: &[Topic]) {
        match leptos::prelude::use_context::<LiveBus>() {
            Some(bus) => bus.publish(topics).await,
            None => tracing::warn!("no live bus in context: live update not published"),
        }
    }

    /// The listener task: connects, LISTENs and forwards notifications into the local broadcast,
    /// for as long as the bus exists. Reconnects with backoff after any failure, then raises the
    /// resync generation (notifications sent meanwhile are lost).
    async fn listen(url: String, bus: std::sync::Weak<Inner>) {
        let mut backoff = RECONNECT_FIRST;
        let mut connected_before = false;
        loop {
            if bus.strong_count() == 0 {
                return;
            }
            let mut listener = match connect(&url).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, retry_ms = backoff.as_millis() as u64, "live updates: cannot LISTEN; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(RECONNECT_MAX);
                    continue;
                }
            };
            backoff = RECONNECT_FIRST;
            {
                let Some(inner) = bus.upgrade() else { return };
                inner.listening.send_replace(true);
                if connected_before {
                    tracing::info!("live updates: listening again; pages resync");
                    inner.resync.send_modify(|g| *g += 1);
                }
            }
            connected_before = true;
            loop {
                // Not raced against a timer: `try_recv` is not documented as cancel-safe. A bus
                // dropped while the channel is quiet leaves this task waiting until the runtime
                // ends, which only happens in tests.
                let received = listener.try_recv().await;
                let Some(inner) = bus.upgrade() else { return };
                match received {
                    Ok(Some(n)) => {
                        for topic in decode_topics(n.payload()) {
                            let _ = inner.topics.send(topic);
                        }
                    }
                    Ok(None) => {
                        // The connection dropped and sqlx re-connected and re-LISTENed at once.
                        tracing::warn!("live updates: listener connection lost and re-established; pages resync");
                        inner.resync.send_modify(|g| *g += 1);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live updates: listener failed; reconnecting");
                        inner.listening.send_replace(false);
                        break;
                    }
                }
            }
        }
    }

    async fn connect(url: &str) -> Result<PgListener, sqlx::Error> {
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok(listener)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_round_trip_through_their_text() {
        for topic in [
            Topic::Ticket(12),
            Topic::Ticket(0),
            Topic::Queue(CpiCode("PG".into())),
            Topic::Person(7),
        ] {
            assert_eq!(topic.to_string().parse::<Topic>(), Ok(topic));
        }
        assert_eq!(Topic::Person(7).to_string(), "person:7");
        assert_eq!(Topic::Ticket(12).to_string(), "ticket:12");
        assert_eq!(Topic::Queue(CpiCode("PG".into())).to_string(), "queue:PG");
    }

    #[test]
    fn rejects_malformed_topics() {
        for text in [
            "",
            "ticket:",
            "ticket:-1",
            "ticket:1x",
            "ticket:99999999999999999999",
            "queue:",
            "queue:P G",
            "queue:PG;drop",
            "vacancy:3",
            "ticket",
            "person:",
            "person:x",
        ] {
            assert_eq!(text.parse::<Topic>(), Err(TopicParseError), "{text:?}");
        }
    }

    #[test]
    fn a_payload_carries_several_topics_and_skips_unknown_ones() {
        let topics = vec![Topic::Ticket(3), Topic::Queue(CpiCode("TR".into()))];
        let payload = encode_topics(&topics);
        assert_eq!(payload, "ticket:3 queue:TR");
        assert_eq!(decode_topics(&payload), topics);
        assert_eq!(
            decode_topics("ticket:3 appointment:9 queue:TR"),
            topics,
            "a topic of a newer release is skipped"
        );
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn in_process_bus_delivers_to_every_subscriber_in_order() {
        let bus = LiveBus::in_process();
        let mut a = bus.subscribe();
        let mut b = bus.subscribe();
        bus.publish(&[Topic::Ticket(1), Topic::Queue(CpiCode("PG".into()))])
            .await;
        for rx in [&mut a, &mut b] {
            assert_eq!(rx.recv().await.ok(), Some(Topic::Ticket(1)));
            assert_eq!(
                rx.recv().await.ok(),
                Some(Topic::Queue(CpiCode("PG".into())))
            );
        }
        assert!(bus.ready(std::time::Duration::from_millis(1)).await);
    }
}
