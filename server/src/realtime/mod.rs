//! `GET /events`: server-sent events telling an open page that what it shows changed (issue 5).
//!
//! - `GET /events?ticket=<id>`: the ticket's requester side or its CPI's staff (the policy's
//!   `Read` on the ticket). Streams `ticket:<id>` and `queue:<its CPI>`: the requester's position
//!   moves when other tickets of the queue are taken.
//! - `GET /events?queue=<CPI>`: staff of that CPI and supervisors. Streams `queue:<CPI>`.
//! - `GET /events?person=<id>`: only that person's own sessions (not acting for anyone). Streams
//!   `person:<id>`.
//!
//! Not logged in: 401. Refused or unknown: 404 (as everywhere, other people's things do not exist).
//! Each event is `event: change` with the topic as data; `resync` means "refetch everything"
//! (the subscriber fell behind, or this process's PostgreSQL listener reconnected). A comment line
//! every keep-alive period keeps proxies from closing the idle connection; before it the session
//! and the authorisation are checked again, so a logged-out session, an ended mandate or a ticket
//! moved to another CPI ends the stream within one period. That check does not extend the
//! session: an open page alone does not keep a session alive.
//!
//! The stream passes the server's layers untouched: compression skips `text/event-stream`, the
//! request timeout bounds only the wait for the response head, the API rate limit counts `/api/`
//! only (one connection here is one request, however many events follow), the service worker
//! never answers it (see `pwa/sw.js`) and nothing stores it (`Cache-Control: no-store`).

mod access;

use access::{Subject, Verdict};
use app::api::request::Authenticated;
use app::live::{LiveBus, Topic};
use axum::extract::{Query, State};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::header::CACHE_CONTROL;
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::auth::AuthState;

/// How often an idle stream sends a comment and re-checks its session, unless configured.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The data of an event that asks the page to refetch everything.
pub const RESYNC: &str = "resync";
/// The SSE event name of every change.
pub const CHANGE_EVENT: &str = "change";
/// nginx and friends buffer responses unless told otherwise.
const X_ACCEL_BUFFERING: HeaderName = HeaderName::from_static("x-accel-buffering");

/// What `/events` needs.
#[derive(Clone)]
pub struct RealtimeState {
    pub auth: Arc<AuthState>,
    pub live: LiveBus,
    pub keep_alive: Duration,
}

/// The `/events` route.
pub fn routes(state: RealtimeState) -> Router {
    Router::new()
        .route("/events", get(events))
        .with_state(state)
}

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    ticket: Option<String>,
    queue: Option<String>,
    /// `?person=<id>` (issue 7): the person's own applications and pact.
    person: Option<String>,
}

async fn events(
    State(state): State<RealtimeState>,
    Query(query): Query<EventsQuery>,
    authenticated: Option<Extension<Authenticated>>,
) -> Response {
    let Some(subject) = Subject::from_query(query.ticket.as_deref(), query.queue.as_deref())
        .or_else(|| Subject::person_from_query(query.person.as_deref()))
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let Some(Extension(authenticated)) = authenticated else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // Subscribed before the answer leaves: a change committed after the client saw the response
    // head is never missed.
    let rx = state.live.subscribe();
    let now = state.auth.clock.now();
    let topics =
        match access::authorise_principal(&state.auth.db, &authenticated.principal, &subject, now)
            .await
        {
            Ok(Verdict::Allowed(topics)) => topics,
            Ok(Verdict::Unauthenticated) => return StatusCode::UNAUTHORIZED.into_response(),
            Ok(Verdict::NotFound) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "live updates: authorising a stream failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
    let stream = Stream {
        rx,
        resyncs: state.live.resyncs(),
        closing: state.live.closing(),
        tick: keep_alive_timer(state.keep_alive),
        topics,
        subject,
        token: authenticated.token.clone(),
        auth: state.auth.clone(),
    };
    let body = futures_util::stream::unfold(stream, |mut s| async move {
        s.next().await.map(|event| (Ok::<_, Infallible>(event), s))
    });
    let mut res = Sse::new(body).into_response();
    let h = res.headers_mut();
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(X_ACCEL_BUFFERING, HeaderValue::from_static("no"));
    res
}

fn keep_alive_timer(period: Duration) -> Interval {
    let mut tick = tokio::time::interval_at(Instant::now() + period, period);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tick
}

fn change(data: &str) -> Event {
    Event::default().event(CHANGE_EVENT).data(data)
}

/// What woke a stream up.
enum Step {
    Closing,
    Topic(Result<Topic, broadcast::error::RecvError>),
    /// The resync generation moved (`false`: the bus is gone).
    Resync(bool),
    KeepAlive,
}

/// One open stream.
struct Stream {
    rx: broadcast::Receiver<Topic>,
    resyncs: watch::Receiver<u64>,
    closing: watch::Receiver<bool>,
    tick: Interval,
    /// The topics this stream forwards (a ticket's follow its CPI).
    topics: Vec<Topic>,
    subject: Subject,
    token: Arc<str>,
    auth: Arc<AuthState>,
}

impl Stream {
    /// The next event to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        loop {
            // Every branch is cancel-safe: a lost race loses nothing.
            let step = tokio::select! {
                biased;
                _ = self.closing.wait_for(|c| *c) => Step::Closing,
                r = self.rx.recv() => Step::Topic(r),
                r = self.resyncs.changed() => Step::Resync(r.is_ok()),
                _ = self.tick.tick() => Step::KeepAlive,
            };
            match step {
                Step::Closing => return None,
                Step::Topic(Ok(topic)) if self.topics.contains(&topic) => {
                    return Some(change(&topic.to_string()));
                }
                Step::Topic(Ok(_)) => continue,
                // Fell behind by more than the bus keeps: what was missed is unknown.
                Step::Topic(Err(broadcast::error::RecvError::Lagged(_))) => {
                    return Some(change(RESYNC))
                }
                Step::Topic(Err(broadcast::error::RecvError::Closed)) => return None,
                Step::Resync(true) => return Some(change(RESYNC)),
                Step::Resync(false) => return None,
                Step::KeepAlive => {
                    let topics = self.recheck().await?;
                    self.topics = topics;
                    return Some(Event::default().comment(""));
                }
            }
        }
    }

    /// The stream's topics if its session is still valid and still allowed to watch its subject.
    async fn recheck(&self) -> Option<Vec<Topic>> {
        match access::authorise_token(&self.auth, &self.token, &self.subject).await {
            Ok(Verdict::Allowed(topics)) => Some(topics),
            Ok(_) => None,
            Err(e) => {
                // Ended rather than trusted: the browser reconnects through the session layer.
                tracing::warn!(error = %e, "live updates: re-checking a stream failed; ending it");
                None
            }
        }
    }
}
