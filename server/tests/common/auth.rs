//! Login and session tests: a demo database with the personas, the real router on a manual clock,
//! and a tiny browser (one cookie jar) that talks to it in-process.

use super::TestDatabase;
use app::domain::session_policy::Timestamp;
use app::store::clock::ManualClock;
use app::store::Db;
use axum::body::Body;
use axum::Router;
use http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use server::config::PublicOrigin;
use server::demo::{build_region, dates::Day, DemoParams};
use server::startup::{router_with_clock, RouterConfig};
use sqlx::Row;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// Loopback over plain http: browsers treat it as a secure context, so cookies get `__Host-`.
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// The day the demo region and the manual clock start at.
pub const START: &str = "2026-11-27T08:00:00.000Z";

pub fn start() -> Timestamp {
    Timestamp::parse_iso(START).expect("start instant")
}

/// A fresh database with the reference data, the demo CPIs, a small region and the personas.
pub async fn demo_db(tdb: &TestDatabase) -> Db {
    let db = tdb.connect().await;
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    server::reference_import::load(&db, &reference)
        .await
        .expect("reference data");
    server::seed::demo(&db).await.expect("demo CPIs");
    let params = DemoParams {
        seed: 1,
        people: 30,
        companies: 5,
        vacancies: 10,
        as_of: Day::parse_iso(&START[..10]).expect("day"),
        force: false,
    };
    build_region(&db, params, &mut |_| {})
        .await
        .expect("demo region");
    server::demo::personas::ensure_personas(&db, start())
        .await
        .expect("personas");
    db
}

/// Demo mode with the demo identity provider, on `origin`.
pub fn demo_config(origin: &str) -> RouterConfig {
    RouterConfig {
        demo_mode: true,
        demo_login: true,
        ..RouterConfig::local(
            PublicOrigin::parse(origin).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    }
}

/// The application under test and the clock it runs on.
pub struct TestApp {
    pub router: Router,
    pub clock: ManualClock,
    pub origin: String,
    /// The session cookie's name for this origin.
    pub cookie_name: &'static str,
}

impl TestApp {
    pub fn new(config: &RouterConfig, db: Db) -> TestApp {
        TestApp::with_clock(config, db, ManualClock::starting_at(start()))
    }

    pub fn with_clock(config: &RouterConfig, db: Db, clock: ManualClock) -> TestApp {
        let router = router_with_clock(config, db, Arc::new(clock.clone())).expect("router builds");
        let origin = config.public_origin.as_str().to_string();
        let secure = origin.starts_with("https://") || origin.starts_with("http://127.");
        TestApp {
            router,
            clock,
            origin,
            cookie_name: if secure {
                "__Host-sl_session"
            } else {
                "sl_session"
            },
        }
    }

    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            origin: self.origin.clone(),
            cookie_name: self.cookie_name,
            session: None,
            seen: Vec::new(),
        }
    }
}

/// One answer, read in full.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("ascii location"))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii cookie").to_string())
            .collect()
    }

    /// The `Retry-After` seconds, if the header is there.
    pub fn retry_after(&self) -> Option<u64> {
        self.headers
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().expect("ascii").parse().expect("seconds"))
    }
}

/// `application/x-www-form-urlencoded`, as a browser encodes a form.
pub fn form(pairs: &[(&str, &str)]) -> String {
    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A browser with a cookie jar holding only the session cookie. Every header it received is kept,
/// so a test can check what reached the browser.
pub struct Browser {
    router: Router,
    origin: String,
    cookie_name: &'static str,
    session: Option<String>,
    /// `name: value` of every response header received.
    pub seen: Vec<String>,
}

impl Browser {
    /// The session token the jar holds.
    pub fn token(&self) -> Option<&str> {
        self.session.as_deref()
    }

    /// Puts a token in the jar (a copied or replayed cookie).
    pub fn set_token(&mut self, token: Option<&str>) {
        self.session = token.map(str::to_string);
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Reply {
        if let Some(token) = &self.session {
            req.headers_mut().insert(
                header::COOKIE,
                format!("{}={token}", self.cookie_name)
                    .parse()
                    .expect("cookie header"),
            );
        }
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        for (name, value) in &headers {
            self.seen.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(value.as_bytes())
            ));
        }
        let reply = Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        self.store_cookies(&reply);
        reply
    }

    fn store_cookies(&mut self, reply: &Reply) {
        for cookie in reply.set_cookies() {
            let Some((name, rest)) = cookie.split_once('=') else {
                continue;
            };
            if name != self.cookie_name {
                continue;
            }
            let value = rest.split(';').next().unwrap_or_default();
            let expired = cookie.contains("Max-Age=0");
            self.session = (!value.is_empty() && !expired).then(|| value.to_string());
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A same-origin form post.
    pub async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, self.origin.as_str())
            .body(Body::from(form(pairs)))
            .expect("request");
        self.send(req).await
    }

    /// Logs in as a demo persona; the answer must be the redirect with a new session.
    pub async fn login(&mut self, persona: &str) -> Reply {
        let r = self.post("/auth/demo", &[("persona", persona)]).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login {persona}: {}",
            r.body
        );
        assert!(
            self.session.is_some(),
            "login {persona} set no session cookie"
        );
        r
    }

    /// `session/info`'s JSON.
    pub async fn session_info(&mut self) -> serde_json::Value {
        let r = self.post("/api/session/info", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "session/info: {}", r.body);
        r.json()
    }

    /// The logged-in user's display name, `None` when the server sees an anonymous request.
    pub async fn user_name(&mut self) -> Option<String> {
        let info = self.session_info().await;
        info["user"]["display_name"].as_str().map(str::to_string)
    }
}

/// The account id of a persona.
pub async fn persona_user_id(db: &Db, persona: &str) -> i64 {
    sqlx::query("SELECT id FROM app_user WHERE persona = $1")
        .bind(persona)
        .fetch_one(db.pool())
        .await
        .expect("persona account")
        .get::<i64, _>(0)
}

/// How many audit rows with `action` name `user_id` as the actor.
pub async fn audit_rows(db: &Db, action: &str, user_id: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM audit_event WHERE action = $1 AND actor_user_id = $2")
        .bind(action)
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .expect("audit count")
        .get::<i64, _>(0)
}

/// Why each session of the user ended (`None`: still open), oldest first.
pub async fn end_reasons(db: &Db, user_id: i64) -> Vec<Option<String>> {
    sqlx::query("SELECT end_reason FROM session WHERE user_id = $1 ORDER BY created_at, id_hash")
        .bind(user_id)
        .fetch_all(db.pool())
        .await
        .expect("sessions")
        .iter()
        .map(|r| r.get::<Option<String>, _>(0))
        .collect()
}

/// A plain form post as a browser without JavaScript sends it from `page` (it accepts HTML, which
/// makes the server function answer with a real redirect, or send an error back to the page).
pub async fn html_post(
    browser: &mut Browser,
    path: &str,
    page: &str,
    pairs: &[(&str, &str)],
) -> Reply {
    let req = http::Request::post(path)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "text/html,application/xhtml+xml")
        .header(http::header::ORIGIN, ORIGIN)
        .header(http::header::REFERER, format!("{ORIGIN}{page}"))
        .body(axum::body::Body::from(form(pairs)))
        .expect("request");
    browser.send(req).await
}
