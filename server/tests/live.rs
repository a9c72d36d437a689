//! Live updates in one process (issue 5): `GET /events` on both backends. On PostgreSQL the bus goes
//! through the database (NOTIFY from the publisher, LISTEN in the process), so these tests cover the
//! PostgreSQL path too; two processes are in `live_two_processes.rs`.

mod common;
#[path = "common/live_fixture.rs"]
mod live_fixture;

use app::domain::policy::CpiCode;
use app::live::{LiveBus, Topic};
use app::store::clock::ManualClock;
use app::store::Db;
use axum::body::Body;
use axum::Router;
use common::auth::{demo_config, demo_db, start, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use live_fixture::insert_ticket;
use server::startup::{router_with_live, RouterConfig};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// Long enough for anything that should arrive; only reached when something is broken.
const WITHIN: Duration = Duration::from_secs(10);

struct Fixture {
    tdb_backend: app::store::Backend,
    db: Db,
    app: TestApp,
    live: LiveBus,
}

async fn fixture(tdb: &TestDatabase, keep_alive: Duration) -> Fixture {
    let db = demo_db(tdb).await;
    let live = LiveBus::start(&db);
    assert!(
        live.ready(WITHIN).await,
        "{:?}: listener ready",
        tdb.backend
    );
    let config = RouterConfig {
        live_keep_alive: keep_alive,
        api_rate_per_minute: 100_000,
        ..demo_config(ORIGIN)
    };
    let clock = ManualClock::starting_at(start());
    let router = router_with_live(&config, db.clone(), Arc::new(clock.clone()), live.clone())
        .expect("router builds");
    let app = TestApp {
        router,
        clock,
        origin: ORIGIN.to_string(),
        cookie_name: "__Host-sl_session",
    };
    Fixture {
        tdb_backend: tdb.backend,
        db,
        app,
        live,
    }
}

/// An open SSE stream, read frame by frame.
struct SseClient {
    body: Body,
    buffer: String,
}

/// What the stream said next.
#[derive(Debug, PartialEq, Eq)]
enum Said {
    /// `event: change` with this data.
    Change(String),
    /// A comment line (keep-alive).
    KeepAlive,
    /// The server ended the stream.
    Ended,
}

impl SseClient {
    async fn next(&mut self) -> Said {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = None;
                let mut data = None;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = Some(v.trim().to_string());
                    }
                }
                return match (event.as_deref(), data) {
                    (Some("change"), Some(data)) => Said::Change(data),
                    (None, None) if block.starts_with(':') => Said::KeepAlive,
                    other => panic!("unexpected SSE block {block:?}: {other:?}"),
                };
            }
            let frame = tokio::time::timeout(WITHIN, self.body.frame())
                .await
                .expect("the stream said nothing in time");
            match frame {
                None => return Said::Ended,
                Some(Err(e)) => panic!("stream failed: {e}"),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.push_str(&String::from_utf8_lossy(&data));
                    }
                }
            }
        }
    }

    /// The next change, skipping keep-alives.
    async fn next_change(&mut self) -> Said {
        loop {
            match self.next().await {
                Said::KeepAlive => continue,
                other => return other,
            }
        }
    }
}

/// `GET path` with the browser's session (if any): the status, and the stream when it is 200.
async fn open(
    router: &Router,
    browser: &Browser,
    path: &str,
) -> (StatusCode, http::HeaderMap, Option<SseClient>) {
    let mut req = Request::get(path).header(header::ACCEPT_ENCODING, "gzip, br");
    if let Some(token) = browser.token() {
        req = req.header(header::COOKIE, format!("__Host-sl_session={token}"));
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let client = (status == StatusCode::OK).then(|| SseClient {
        body: res.into_body(),
        buffer: String::new(),
    });
    (status, headers, client)
}

async fn logged_in(app: &TestApp, persona: &str) -> Browser {
    let mut browser = app.browser();
    browser.login(persona).await;
    browser
}

#[tokio::test]
async fn requester_receives_the_changes_of_their_ticket_and_queue_published_after_connecting() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let mine = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let other = insert_ticket(&f.db, "cittadino-2", "PG").await;
        let browser = logged_in(&f.app, "cittadino-1").await;
        let (status, headers, client) =
            open(&f.app.router, &browser, &format!("/events?ticket={mine}")).await;
        assert_eq!(status, StatusCode::OK, "{:?}", f.tdb_backend);
        let mut client = client.expect("stream");
        assert_eq!(
            headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"text/event-stream"[..])
        );
        let cache = headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(cache.contains("no-store"), "cache-control: {cache}");
        assert!(
            headers.get(header::CONTENT_ENCODING).is_none(),
            "an event stream is never compressed (it would be buffered)"
        );

        // Another ticket's change is not forwarded; the next event is the queue's.
        f.live.publish(&[Topic::Ticket(other)]).await;
        f.live
            .publish(&[Topic::Queue(CpiCode("TR".into())), Topic::Ticket(mine)])
            .await;
        assert_eq!(
            client.next_change().await,
            Said::Change(format!("ticket:{mine}")),
            "{:?}",
            f.tdb_backend
        );
        f.live.publish(&[Topic::Queue(CpiCode("PG".into()))]).await;
        assert_eq!(
            client.next_change().await,
            Said::Change("queue:PG".into()),
            "the ticket's queue moves the requester's position: {:?}",
            f.tdb_backend
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn staff_of_the_cpi_follow_its_queue_and_its_tickets() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let operator = logged_in(&f.app, "operatore-pg").await;
        let (status, _, queue) = open(&f.app.router, &operator, "/events?queue=PG").await;
        assert_eq!(status, StatusCode::OK, "{:?}", f.tdb_backend);
        let (status, _, thread) = open(
            &f.app.router,
            &operator,
            &format!("/events?ticket={ticket}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{:?}", f.tdb_backend);
        let (mut queue, mut thread) = (queue.expect("stream"), thread.expect("stream"));
        f.live
            .publish(&[Topic::Ticket(ticket), Topic::Queue(CpiCode("PG".into()))])
            .await;
        assert_eq!(queue.next_change().await, Said::Change("queue:PG".into()));
        assert_eq!(
            thread.next_change().await,
            Said::Change(format!("ticket:{ticket}"))
        );
        assert_eq!(thread.next_change().await, Said::Change("queue:PG".into()));
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn other_peoples_tickets_and_queues_are_not_found() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let cases = [
            ("cittadino-2", format!("/events?ticket={ticket}")),
            ("operatore-tr", format!("/events?ticket={ticket}")),
            ("cittadino-1", "/events?ticket=987654".to_string()),
            ("cittadino-1", "/events?queue=PG".to_string()),
            ("operatore-tr", "/events?queue=PG".to_string()),
        ];
        for (persona, path) in cases {
            let browser = logged_in(&f.app, persona).await;
            let (status, _, _) = open(&f.app.router, &browser, &path).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{persona} {path} {:?}",
                f.tdb_backend
            );
        }
        let owner = logged_in(&f.app, "cittadino-1").await;
        for path in ["/events", "/events?ticket=x", "/events?ticket=1&queue=PG"] {
            let (status, _, _) = open(&f.app.router, &owner, path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn anonymous_streams_are_unauthorized() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let anonymous = f.app.browser();
        for path in [
            format!("/events?ticket={ticket}"),
            "/events?queue=PG".into(),
        ] {
            let (status, _, _) = open(&f.app.router, &anonymous, &path).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_stream_of_a_logged_out_session_ends_at_the_next_keep_alive() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_millis(200)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let mut browser = logged_in(&f.app, "cittadino-1").await;
        let (_, _, client) =
            open(&f.app.router, &browser, &format!("/events?ticket={ticket}")).await;
        let mut client = client.expect("stream");
        // A valid session passes the re-check: the stream stays open and keeps alive.
        assert_eq!(client.next().await, Said::KeepAlive, "{:?}", f.tdb_backend);
        assert_eq!(client.next().await, Said::KeepAlive, "{:?}", f.tdb_backend);
        let r = browser.post("/auth/logout", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // At most the keep-alive already on its way, then the end.
        let mut said = client.next().await;
        if said == Said::KeepAlive {
            said = client.next().await;
        }
        assert_eq!(said, Said::Ended, "{:?}", f.tdb_backend);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_stream_that_falls_behind_is_told_to_resync() {
    for tdb in [TestDatabase::sqlite()] {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let browser = logged_in(&f.app, "cittadino-1").await;
        let (_, _, client) =
            open(&f.app.router, &browser, &format!("/events?ticket={ticket}")).await;
        let mut client = client.expect("stream");
        // The client reads nothing while far more changes than the bus keeps go by.
        for _ in 0..3_000 {
            f.live.publish(&[Topic::Ticket(ticket)]).await;
        }
        assert_eq!(client.next_change().await, Said::Change("resync".into()));
        assert_eq!(
            client.next_change().await,
            Said::Change(format!("ticket:{ticket}")),
            "then the stream goes on"
        );
    }
}

#[tokio::test]
async fn shutting_down_ends_every_stream() {
    let tdb = TestDatabase::sqlite();
    let f = fixture(&tdb, Duration::from_secs(15)).await;
    let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
    let browser = logged_in(&f.app, "cittadino-1").await;
    let (_, _, client) = open(&f.app.router, &browser, &format!("/events?ticket={ticket}")).await;
    let mut client = client.expect("stream");
    f.live.close();
    assert_eq!(client.next().await, Said::Ended);
}

#[tokio::test]
async fn a_message_posted_in_the_same_process_reaches_the_open_page() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_secs(15)).await;
        let ticket = insert_ticket(&f.db, "cittadino-1", "PG").await;
        let page = logged_in(&f.app, "cittadino-1").await;
        let (_, _, client) = open(&f.app.router, &page, &format!("/events?ticket={ticket}")).await;
        let mut client = client.expect("stream");
        // The operator answers from another browser.
        let mut operator = logged_in(&f.app, "operatore-pg").await;
        let r = operator
            .post(
                "/api/counter/post-message",
                &[
                    ("ticket_id", &ticket.to_string()),
                    ("body", "Buongiorno, la pratica è in lavorazione."),
                ],
            )
            .await;
        assert!(
            r.status.is_redirection() || r.status.is_success(),
            "post-message: {} {}",
            r.status,
            r.body
        );
        assert_eq!(
            client.next_change().await,
            Said::Change(format!("ticket:{ticket}")),
            "{:?}",
            f.tdb_backend
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_operator_whose_role_is_revoked_stops_following_the_queue() {
    for tdb in TestDatabase::all().await {
        let f = fixture(&tdb, Duration::from_millis(200)).await;
        let mut operator = logged_in(&f.app, "operatore-pg").await;
        let (status, _, client) = open(&f.app.router, &operator, "/events?queue=PG").await;
        assert_eq!(status, StatusCode::OK, "{:?}", f.tdb_backend);
        let mut client = client.expect("stream");
        assert_eq!(client.next().await, Said::KeepAlive, "{:?}", f.tdb_backend);
        let user = common::auth::persona_user_id(&f.db, "operatore-pg").await;
        let mut conn = f.db.pool().acquire().await.expect("connection");
        let revoked = app::store::users::revoke_role(
            &mut conn,
            user,
            &app::store::users::Grant::Operator {
                cpi_code: "PG".into(),
            },
            start(),
        )
        .await
        .expect("revoke");
        assert!(revoked);
        drop(conn);
        let mut said = client.next().await;
        if said == Said::KeepAlive {
            said = client.next().await;
        }
        assert_eq!(said, Said::Ended, "{:?}", f.tdb_backend);
        assert!(
            operator.user_name().await.is_some(),
            "the session itself is still valid: the policy ended the stream"
        );
        tdb.drop_database().await;
    }
}
