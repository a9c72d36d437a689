//! The OpenID Connect login end to end in-process: the real router, on a fresh database (SQLite and
//! PostgreSQL), against a small OpenID provider served on loopback by the test itself. The provider
//! does what a real one does on the back channel (discovery, JWKS, single-use codes bound to the
//! PKCE challenge, client authentication, userinfo) and signs its ID tokens with a committed test
//! key; each test bends one thing and checks that the login is refused with its own code, with no
//! session cookie and a `denied` audit row.

mod common;

use app::domain::session_policy::Timestamp;
use app::store::clock::ManualClock;
use app::store::Db;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::TestDatabase;
use http::{header, HeaderMap, Request, StatusCode};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::{json, Map, Value};
use server::assets::AssetNames;
use server::config::PublicOrigin;
use server::startup::{router_with_clock, RouterConfig};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

/// The app's public origin: loopback, so the cookies carry `__Host-`.
const ORIGIN: &str = "http://127.0.0.1:3000";
const CLIENT_ID: &str = "sportello-test";
const CLIENT_SECRET: &str = "test-client-secret";
const SECRET_ENV: &str = "SPORTELLO_TEST_OIDC_SECRET";
const KID: &str = "op-key-1";
/// A valid codice fiscale: a man born on 10 December 1985, birthplace code A562.
const CODE: &str = "RSSMRA85T10A562S";
const SPID_L2: &str = "https://www.spid.gov.it/SpidL2";
const START: &str = "2026-11-27T08:00:00.000Z";

fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("base64 PEM body")
}

fn rsa_key(pem: &str) -> RsaKeyPair {
    RsaKeyPair::from_pkcs8(&pem_to_der(pem)).expect("PKCS#8 RSA key")
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the provider does differently in a test.
#[derive(Debug, Clone, Default)]
struct Scenario {
    /// Claims to set (or, with `Value::Null`, to remove) in the ID token.
    id_token: Vec<(&'static str, Value)>,
    /// Sign with the other key, under the published `kid`.
    sign_with_other_key: bool,
    /// The person cancels at the provider.
    cancel: bool,
    /// What the userinfo endpoint answers beyond `sub`.
    userinfo: Vec<(&'static str, Value)>,
}

#[derive(Debug, Clone)]
struct Grant {
    challenge: String,
    nonce: String,
    redirect_uri: String,
    used: bool,
}

struct OpState {
    issuer: String,
    signing: RsaKeyPair,
    other: RsaKeyPair,
    /// The provider's own clock: it never moves, so moving the app's clock ages its tokens.
    issued_at: i64,
    codes: Mutex<HashMap<String, Grant>>,
    access_tokens: Mutex<HashMap<String, String>>,
    scenario: Mutex<Scenario>,
    counter: Mutex<u64>,
}

impl OpState {
    fn fresh(&self, prefix: &str) -> String {
        let mut n = self.counter.lock().expect("lock");
        *n += 1;
        format!("{prefix}-{n}")
    }

    fn scenario(&self) -> Scenario {
        self.scenario.lock().expect("lock").clone()
    }

    fn sign(&self, claims: &Value) -> String {
        let key = if self.scenario().sign_with_other_key {
            &self.other
        } else {
            &self.signing
        };
        let header = b64(json!({"alg":"RS256","typ":"JWT","kid":KID})
            .to_string()
            .as_bytes());
        let input = format!("{header}.{}", b64(claims.to_string().as_bytes()));
        let mut sig = vec![0; key.public().modulus_len()];
        key.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            input.as_bytes(),
            &mut sig,
        )
        .expect("sign");
        format!("{input}.{}", b64(&sig))
    }
}

async fn discovery(State(op): State<Arc<OpState>>) -> Json<Value> {
    let i = &op.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks(State(op): State<Arc<OpState>>) -> Json<Value> {
    let public = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(op.signing.public());
    Json(
        json!({"keys":[{"kty":"RSA","kid":KID,"use":"sig","alg":"RS256",
        "n": b64(&public.n), "e": b64(&public.e)}]}),
    )
}

/// The authorization endpoint approves at once (the person "logs in" instantly) and sends the
/// browser back with a fresh single-use code, or with `access_denied` when they cancel.
async fn authorize(
    State(op): State<Arc<OpState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let param = |k: &str| q.get(k).cloned().unwrap_or_default();
    if param("client_id") != CLIENT_ID
        || param("response_type") != "code"
        || param("code_challenge_method") != "S256"
        || param("code_challenge").is_empty()
        || !param("scope").split(' ').any(|s| s == "openid")
    {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let redirect_uri = param("redirect_uri");
    let state = param("state");
    if op.scenario().cancel {
        return Redirect::to(&format!(
            "{redirect_uri}?error=access_denied&error_description=cancelled&state={state}"
        ))
        .into_response();
    }
    let code = op.fresh("code");
    op.codes.lock().expect("lock").insert(
        code.clone(),
        Grant {
            challenge: param("code_challenge"),
            nonce: param("nonce"),
            redirect_uri: redirect_uri.clone(),
            used: false,
        },
    );
    Redirect::to(&format!("{redirect_uri}?code={code}&state={state}")).into_response()
}

fn token_error(error: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}

/// The token endpoint: client authentication, single-use code, redirect URI and PKCE checked.
async fn token(
    State(op): State<Arc<OpState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        != Some(&expected)
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error":"invalid_client"})),
        )
            .into_response();
    }
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    if field("grant_type") != "authorization_code" {
        return token_error("unsupported_grant_type");
    }
    let grant = {
        let mut codes = op.codes.lock().expect("lock");
        let Some(grant) = codes.get_mut(&field("code")) else {
            return token_error("invalid_grant");
        };
        if grant.used {
            return token_error("invalid_grant");
        }
        grant.used = true;
        grant.clone()
    };
    let challenge =
        b64(
            ring::digest::digest(&ring::digest::SHA256, field("code_verifier").as_bytes()).as_ref(),
        );
    if challenge != grant.challenge || field("redirect_uri") != grant.redirect_uri {
        return token_error("invalid_grant");
    }
    let mut claims = Map::new();
    for (k, v) in [
        ("iss", json!(op.issuer)),
        ("sub", json!("subject-1")),
        ("aud", json!(CLIENT_ID)),
        ("iat", json!(op.issued_at)),
        ("exp", json!(op.issued_at + 120)),
        ("nonce", json!(grant.nonce)),
        ("acr", json!(SPID_L2)),
        ("fiscal_number", json!(format!("TINIT-{CODE}"))),
        ("given_name", json!("Mario")),
        ("family_name", json!("Rossi")),
    ] {
        claims.insert(k.to_string(), v);
    }
    for (k, v) in op.scenario().id_token {
        match v {
            Value::Null => claims.remove(k),
            v => claims.insert(k.to_string(), v),
        };
    }
    let access_token = op.fresh("access");
    op.access_tokens
        .lock()
        .expect("lock")
        .insert(access_token.clone(), "subject-1".into());
    Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": 60,
        "id_token": op.sign(&Value::Object(claims)),
    }))
    .into_response()
}

async fn userinfo(State(op): State<Arc<OpState>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let Some(sub) = op.access_tokens.lock().expect("lock").get(token).cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let mut claims = Map::new();
    claims.insert("sub".into(), json!(sub));
    for (k, v) in op.scenario().userinfo {
        claims.insert(k.into(), v);
    }
    Json(Value::Object(claims)).into_response()
}

/// The test provider, on 127.0.0.1 and a free port, for the life of the test.
struct TestOp {
    state: Arc<OpState>,
    task: tokio::task::JoinHandle<()>,
}

impl TestOp {
    async fn start() -> TestOp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(OpState {
            issuer: format!("http://{addr}"),
            signing: rsa_key(include_str!("fixtures/oidc/op-signing-key.pem")),
            other: rsa_key(include_str!("fixtures/oidc/other-key.pem")),
            issued_at: Timestamp::parse_iso(START).expect("instant").unix_millis() / 1000,
            codes: Mutex::new(HashMap::new()),
            access_tokens: Mutex::new(HashMap::new()),
            scenario: Mutex::new(Scenario::default()),
            counter: Mutex::new(0),
        });
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestOp { state, task }
    }

    fn set(&self, scenario: Scenario) {
        *self.state.scenario.lock().expect("lock") = scenario;
    }
}

impl Drop for TestOp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The app under test, its provider, its clock and its database.
struct Harness {
    app: Router,
    op: TestOp,
    clock: ManualClock,
    db: Db,
    /// Plays the browser at the provider: no redirects followed.
    browser: reqwest::Client,
    _dir: tempfile::TempDir,
}

fn providers_file(dir: &std::path::Path, issuer: &str, extra: &str) -> std::path::PathBuf {
    let path = dir.join("providers.json");
    let text = format!(
        r#"{{"providers":[{{"id":"test","label":"Test ID","issuer":"{issuer}",
        "client_id":"{CLIENT_ID}","client_secret_env":"{SECRET_ENV}",
        "scopes":["openid","profile"],"acr_values":"{SPID_L2}"{extra}}}]}}"#
    );
    std::fs::write(&path, text).expect("write providers file");
    path
}

fn router_config(providers: std::path::PathBuf) -> RouterConfig {
    RouterConfig {
        assets: AssetNames::unhashed(),
        oidc_providers: Some(providers),
        ..RouterConfig::local(
            PublicOrigin::parse(ORIGIN).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    }
}

impl Harness {
    async fn new(tdb: &TestDatabase) -> Harness {
        Harness::with_provider_options(tdb, "").await
    }

    async fn with_provider_options(tdb: &TestDatabase, extra: &str) -> Harness {
        // Every test sets the same value, so tests running in parallel never disagree.
        std::env::set_var(SECRET_ENV, CLIENT_SECRET);
        let op = TestOp::start().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = providers_file(dir.path(), &op.state.issuer, extra);
        let db = tdb.connect().await;
        let clock = ManualClock::starting_at(Timestamp::parse_iso(START).expect("instant"));
        let app = router_with_clock(&router_config(path), db.clone(), Arc::new(clock.clone()))
            .expect("router");
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Harness {
            app,
            op,
            clock,
            db,
            browser,
            _dir: dir,
        }
    }

    async fn send(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path);
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        let res = self
            .app
            .clone()
            .oneshot(req.body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        Reply {
            status: res.status(),
            headers: res.headers().clone(),
        }
    }

    /// Starts a login and goes through the provider: the callback path the provider sends the
    /// browser back to, and the login cookie the browser holds.
    async fn through_provider(&self) -> (String, String) {
        let start = self.send("/auth/oidc/test/start?next=/offerte", None).await;
        assert_eq!(start.status, StatusCode::SEE_OTHER);
        let authorize = start.location();
        assert!(
            authorize.starts_with(&format!("{}/authorize?", self.op.state.issuer)),
            "{authorize}"
        );
        let login_cookie = start
            .cookie("__Host-sl_login")
            .expect("login cookie set by the start");
        let answer = self
            .browser
            .get(&authorize)
            .send()
            .await
            .expect("provider reachable");
        assert_eq!(
            answer.status(),
            reqwest::StatusCode::SEE_OTHER,
            "provider approves"
        );
        let back = answer
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .expect("redirect back")
            .to_string();
        let path = back
            .strip_prefix(ORIGIN)
            .expect("back to our callback")
            .to_string();
        assert!(path.starts_with("/auth/oidc/callback?"), "{path}");
        (path, login_cookie)
    }

    /// A whole login: the callback's answer.
    async fn log_in(&self) -> Reply {
        let (callback, cookie) = self.through_provider().await;
        self.send(&callback, Some(&cookie)).await
    }

    async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query(sql)
            .fetch_one(self.db.pool())
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("integer")
    }

    /// The latest `auth.login` audit row: outcome and detail.
    async fn last_login_audit(&self) -> Option<(String, Value)> {
        let row = sqlx::query(
            "SELECT outcome, detail FROM audit_event WHERE action = 'auth.login' \
             ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(self.db.pool())
        .await
        .expect("audit")?;
        let detail: Option<String> = row.try_get("detail").expect("detail");
        Some((
            row.try_get("outcome").expect("outcome"),
            detail
                .map(|d| serde_json::from_str(&d).expect("json detail"))
                .unwrap_or(Value::Null),
        ))
    }

    /// Asserts a refused login: the page and its code, no session, a `denied` row with `reason`.
    async fn assert_refused(&self, reply: &Reply, code: &str, reason: &str) {
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), format!("/accesso?errore={code}"));
        assert_eq!(reply.cookie("__Host-sl_session"), None, "no session cookie");
        assert_eq!(
            reply.cookie("__Host-sl_login").as_deref(),
            Some("__Host-sl_login="),
            "login cookie cleared"
        );
        assert_eq!(self.count("SELECT COUNT(*) FROM session").await, 0);
        let (outcome, detail) = self.last_login_audit().await.expect("audit row");
        assert_eq!(outcome, "denied");
        assert_eq!(detail["reason"], json!(reason), "{detail}");
        assert!(
            !detail.to_string().contains(CODE),
            "no codice fiscale in the audit"
        );
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
}

impl Reply {
    fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    /// `name=value` of the Set-Cookie for `name`, if any.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
    }
}

/// Runs `test` on a fresh database of each backend.
macro_rules! on_every_backend {
    (|$h:ident| $body:block) => {
        for tdb in TestDatabase::all().await {
            {
                let $h = Harness::new(&tdb).await;
                $body
            }
            tdb.drop_database().await;
        }
    };
}

#[tokio::test]
async fn logs_in_creates_the_person_and_records_the_level() {
    on_every_backend!(|h| {
        let reply = h.log_in().await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), "/offerte", "back where the login started");
        let session = reply.cookie("__Host-sl_session").expect("session cookie");
        assert!(session.len() > "__Host-sl_session=".len() + 20, "{session}");
        assert_eq!(
            reply.cookie("__Host-sl_login").as_deref(),
            Some("__Host-sl_login=")
        );
        let row = sqlx::query(
            "SELECT given_name, family_name, sex, birth_date, birth_belfiore FROM person \
             WHERE codice_fiscale = $1",
        )
        .bind(CODE)
        .fetch_one(h.db.pool())
        .await
        .expect("person created");
        let got: (String, String, String, String, String) = (
            row.try_get(0).expect("given"),
            row.try_get(1).expect("family"),
            row.try_get(2).expect("sex"),
            row.try_get(3).expect("birth"),
            row.try_get(4).expect("place"),
        );
        assert_eq!(
            got,
            (
                "Mario".into(),
                "Rossi".into(),
                "M".into(),
                "1985-12-10".into(),
                "A562".into()
            )
        );
        let level: Option<String> = sqlx::query("SELECT auth_level FROM session")
            .fetch_one(h.db.pool())
            .await
            .expect("session")
            .try_get(0)
            .expect("level");
        assert_eq!(level.as_deref(), Some(SPID_L2));
        let (outcome, detail) = h.last_login_audit().await.expect("audit");
        assert_eq!(outcome, "ok");
        assert_eq!(detail["provider"], json!("test"));
        assert_eq!(detail["level"], json!(SPID_L2));

        // The session cookie works: the session layer resolves it to Mario Rossi.
        let display: String = sqlx::query(
            "SELECT u.display_name FROM app_user u JOIN person p ON p.id = u.person_id \
             WHERE p.codice_fiscale = $1",
        )
        .bind(CODE)
        .fetch_one(h.db.pool())
        .await
        .expect("account")
        .try_get(0)
        .expect("name");
        assert_eq!(display, "Mario Rossi");
    });
}

#[tokio::test]
async fn second_login_reuses_the_same_person_and_account() {
    on_every_backend!(|h| {
        for _ in 0..2 {
            let reply = h.log_in().await;
            assert_eq!(reply.location(), "/offerte");
            assert!(reply.cookie("__Host-sl_session").is_some());
        }
        assert_eq!(h.count("SELECT COUNT(*) FROM person").await, 1);
        assert_eq!(h.count("SELECT COUNT(*) FROM app_user").await, 1);
        assert_eq!(h.count("SELECT COUNT(*) FROM session").await, 2);
    });
}

#[tokio::test]
async fn unknown_provider_is_not_found() {
    on_every_backend!(|h| {
        let reply = h.send("/auth/oidc/nessuno/start", None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.cookie("__Host-sl_login"), None);
    });
}

#[tokio::test]
async fn start_sends_pkce_state_nonce_and_acr_to_the_provider() {
    on_every_backend!(|h| {
        let start = h
            .send("/auth/oidc/test/start?next=//evil.example", None)
            .await;
        let url = reqwest::Url::parse(&start.location()).expect("url");
        let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(q["redirect_uri"], format!("{ORIGIN}/auth/oidc/callback"));
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"].len(), 43);
        assert_eq!(q["acr_values"], SPID_L2);
        assert_eq!(q["scope"], "openid profile");
        assert!(q["state"].len() >= 43 && q["nonce"].len() >= 43);
        assert_ne!(q["state"], q["nonce"]);
        let cookie = start.headers[header::SET_COOKIE].to_str().expect("ascii");
        for attr in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=600",
        ] {
            assert!(cookie.contains(attr), "{cookie} lacks {attr}");
        }
    });
}

#[tokio::test]
async fn unreachable_provider_lands_on_the_login_page() {
    std::env::set_var(SECRET_ENV, CLIENT_SECRET);
    // A port that was free a moment ago: nothing listens there.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    for tdb in TestDatabase::all().await {
        {
            let dir = tempfile::tempdir().expect("dir");
            let path = providers_file(dir.path(), &format!("http://{closed}"), "");
            let clock = ManualClock::starting_at(Timestamp::parse_iso(START).expect("instant"));
            let app = router_with_clock(&router_config(path), tdb.connect().await, Arc::new(clock))
                .expect("a provider that is down does not stop the start");
            let res = app
                .oneshot(
                    Request::get("/auth/oidc/test/start")
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("infallible");
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
            assert_eq!(
                res.headers()[header::LOCATION].to_str().ok(),
                Some("/accesso?errore=provider")
            );
            assert!(res.headers().get(header::SET_COOKIE).is_none());
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn rejects_a_wrong_state() {
    on_every_backend!(|h| {
        let (callback, cookie) = h.through_provider().await;
        let url = reqwest::Url::parse(&format!("{ORIGIN}{callback}")).expect("url");
        let code = url
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .expect("code");
        let forged = format!("/auth/oidc/callback?code={code}&state=forged-state");
        let reply = h.send(&forged, Some(&cookie)).await;
        h.assert_refused(&reply, "scaduto", "state_unknown").await;
        let reply = h
            .send(&format!("/auth/oidc/callback?code={code}"), Some(&cookie))
            .await;
        h.assert_refused(&reply, "scaduto", "state_missing").await;
    });
}

#[tokio::test]
async fn rejects_a_replayed_callback() {
    on_every_backend!(|h| {
        let (callback, cookie) = h.through_provider().await;
        let first = h.send(&callback, Some(&cookie)).await;
        assert!(
            first.cookie("__Host-sl_session").is_some(),
            "first use logs in"
        );
        let again = h.send(&callback, Some(&cookie)).await;
        assert_eq!(again.location(), "/accesso?errore=scaduto");
        assert_eq!(again.cookie("__Host-sl_session"), None);
        let (outcome, detail) = h.last_login_audit().await.expect("audit");
        assert_eq!(
            (outcome.as_str(), &detail["reason"]),
            ("denied", &json!("state_reused"))
        );
        assert_eq!(
            h.count("SELECT COUNT(*) FROM session").await,
            1,
            "no second session"
        );
    });
}

#[tokio::test]
async fn rejects_a_replayed_code_at_the_provider() {
    on_every_backend!(|h| {
        let (used, cookie) = h.through_provider().await;
        assert!(h
            .send(&used, Some(&cookie))
            .await
            .cookie("__Host-sl_session")
            .is_some());
        let old_code = used
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("code="))
            .expect("code")
            .to_string();
        // A fresh attempt (new state, new cookie) carrying the code already exchanged.
        let (fresh, fresh_cookie) = h.through_provider().await;
        let state = fresh
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("state="))
            .expect("state");
        let replay = format!("/auth/oidc/callback?code={old_code}&state={state}");
        let reply = h.send(&replay, Some(&fresh_cookie)).await;
        assert_eq!(reply.location(), "/accesso?errore=provider");
        assert_eq!(reply.cookie("__Host-sl_session"), None);
        let (outcome, detail) = h.last_login_audit().await.expect("audit");
        assert_eq!(
            (outcome.as_str(), &detail["reason"]),
            ("denied", &json!("token_endpoint"))
        );
        assert_eq!(h.count("SELECT COUNT(*) FROM session").await, 1);
    });
}

#[tokio::test]
async fn rejects_a_login_from_another_browser() {
    on_every_backend!(|h| {
        let (callback, _cookie) = h.through_provider().await;
        let reply = h.send(&callback, None).await;
        h.assert_refused(&reply, "scaduto", "wrong_browser").await;
    });
}

#[tokio::test]
async fn rejects_an_attempt_older_than_ten_minutes() {
    on_every_backend!(|h| {
        let (callback, cookie) = h.through_provider().await;
        h.clock.advance(Duration::from_secs(11 * 60));
        let reply = h.send(&callback, Some(&cookie)).await;
        h.assert_refused(&reply, "scaduto", "state_expired").await;
    });
}

#[tokio::test]
async fn rejects_a_cancelled_login() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            cancel: true,
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "annullato", "cancelled").await;
    });
}

#[tokio::test]
async fn rejects_a_token_with_a_bad_signature() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            sign_with_other_key: true,
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "token", "token_signature").await;
        assert_eq!(h.count("SELECT COUNT(*) FROM person").await, 0);
    });
}

#[tokio::test]
async fn rejects_a_token_for_another_audience() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("aud", json!("another-client"))],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "token", "token_audience").await;
    });
}

#[tokio::test]
async fn rejects_a_token_of_another_issuer() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("iss", json!("https://evil.example"))],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "token", "token_issuer").await;
    });
}

#[tokio::test]
async fn rejects_an_expired_token() {
    on_every_backend!(|h| {
        let (callback, cookie) = h.through_provider().await;
        // The provider's tokens live two minutes; five minutes later (still within the attempt's
        // ten) the token it issues is stale by our clock.
        h.clock.advance(Duration::from_secs(5 * 60));
        let reply = h.send(&callback, Some(&cookie)).await;
        h.assert_refused(&reply, "token", "token_expired").await;
    });
}

#[tokio::test]
async fn rejects_a_token_with_another_nonce() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("nonce", json!("someone-elses-nonce"))],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "token", "token_nonce").await;
    });
}

#[tokio::test]
async fn rejects_a_token_without_fiscal_number() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("fiscal_number", Value::Null)],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "identita", "fiscal_number_missing")
            .await;
        assert_eq!(h.count("SELECT COUNT(*) FROM person").await, 0);
    });
}

#[tokio::test]
async fn rejects_an_invalid_fiscal_number() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("fiscal_number", json!("TINIT-RSSMRA85T10A562X"))],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "identita", "fiscal_number_invalid")
            .await;
    });
}

#[tokio::test]
async fn rejects_spid_level_1() {
    on_every_backend!(|h| {
        h.op.set(Scenario {
            id_token: vec![("acr", json!("https://www.spid.gov.it/SpidL1"))],
            ..Scenario::default()
        });
        let reply = h.log_in().await;
        h.assert_refused(&reply, "livello", "level_too_low").await;
        assert_eq!(
            h.count("SELECT COUNT(*) FROM person").await,
            0,
            "nobody created"
        );
    });
}

#[tokio::test]
async fn rejects_a_disabled_account() {
    on_every_backend!(|h| {
        assert!(h.log_in().await.cookie("__Host-sl_session").is_some());
        sqlx::query("UPDATE app_user SET disabled_at = $1")
            .bind(START)
            .execute(h.db.pool())
            .await
            .expect("disable");
        let reply = h.log_in().await;
        assert_eq!(reply.location(), "/accesso?errore=disabilitato");
        assert_eq!(reply.cookie("__Host-sl_session"), None);
        let (outcome, detail) = h.last_login_audit().await.expect("audit");
        assert_eq!(
            (outcome.as_str(), &detail["reason"]),
            ("denied", &json!("account_disabled"))
        );
    });
}

#[tokio::test]
async fn reads_the_fiscal_number_from_userinfo_when_configured() {
    for tdb in TestDatabase::all().await {
        {
            let h = Harness::with_provider_options(&tdb, r#","userinfo":true"#).await;
            h.op.set(Scenario {
                id_token: vec![("fiscal_number", Value::Null), ("given_name", Value::Null)],
                userinfo: vec![
                    ("fiscal_number", json!(format!("TINIT-{CODE}"))),
                    ("given_name", json!("Maria")),
                ],
                ..Scenario::default()
            });
            let reply = h.log_in().await;
            assert!(
                reply.cookie("__Host-sl_session").is_some(),
                "{:?}",
                reply.location()
            );
            let given: String =
                sqlx::query("SELECT given_name FROM person WHERE codice_fiscale = $1")
                    .bind(CODE)
                    .fetch_one(h.db.pool())
                    .await
                    .expect("person")
                    .try_get(0)
                    .expect("given");
            assert_eq!(given, "Maria");
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_bad_providers_file_stops_the_start() {
    std::env::set_var(SECRET_ENV, CLIENT_SECRET);
    let tdb = TestDatabase::sqlite();
    let db = tdb.connect().await;
    let dir = tempfile::tempdir().expect("dir");
    let path = providers_file(dir.path(), "http://id.example.it", "");
    let clock = ManualClock::starting_at(Timestamp::parse_iso(START).expect("instant"));
    match router_with_clock(&router_config(path), db, Arc::new(clock)) {
        Ok(_) => panic!("plain http to a remote issuer must be refused"),
        Err(e) => assert!(e.to_string().contains("https"), "{e}"),
    }
}
