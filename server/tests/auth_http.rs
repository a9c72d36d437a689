//! Logging in and out through the real router (issue 4, "Sessions" and "Login"): the session cookie,
//! who the session is, fixation, logout, the timeouts on a manual clock, disabled accounts, several
//! processes on one PostgreSQL, demo login on and off, made-up citizens, rate limits and mandates.
//! Every test runs on SQLite and on a fresh PostgreSQL database.

mod common;

use app::domain::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, Sex};
use app::store::clock::Clock;
use app::store::Db;
use clap::Parser;
use common::auth::{
    audit_rows, demo_config, demo_db, end_reasons, persona_user_id, start, Browser, TestApp, ORIGIN,
};
use common::TestDatabase;
use http::StatusCode;
use server::cli::Cli;
use server::startup::RouterConfig;
use sqlx::Row;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

fn is_token(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The cookie `name` a reply sets: its value and its attributes.
fn session_cookie(cookies: &[String], name: &str) -> (String, Vec<String>) {
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"));
    let mut parts = cookie.split(';').map(|p| p.trim().to_string());
    let value = parts
        .next()
        .and_then(|p| p.split_once('=').map(|(_, v)| v.to_string()))
        .expect("name=value");
    (value, parts.collect())
}

#[tokio::test]
async fn persona_login_sets_a_host_only_http_only_session_cookie() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        for (origin, name, secure) in [
            (ORIGIN, "__Host-sl_session", true),
            ("https://lavoro.example.it", "__Host-sl_session", true),
            ("http://lavoro.intranet.example", "sl_session", false),
        ] {
            let app = TestApp::new(&demo_config(origin), db.clone());
            let mut browser = app.browser();
            let r = browser.login("cittadino-1").await;
            assert_eq!(r.location(), Some("/area-personale"), "{origin}");
            let (value, attributes) = session_cookie(&r.set_cookies(), name);
            assert!(is_token(&value), "{origin}: {value}");
            for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
                assert!(
                    attributes.iter().any(|a| a == attr),
                    "{origin}: {attributes:?}"
                );
            }
            assert_eq!(
                attributes.iter().any(|a| a == "Secure"),
                secure,
                "{origin}: {attributes:?}"
            );
            assert!(
                !attributes
                    .iter()
                    .any(|a| a.starts_with("Domain") || a.starts_with("Max-Age")),
                "{origin}: a host-only browser-session cookie: {attributes:?}"
            );
            assert_eq!(
                browser.user_name().await.as_deref(),
                Some("Giulia Ferretti")
            );
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_session_identifies_the_user_and_the_login_is_audited() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut anonymous = app.browser();
        let info = anonymous.session_info().await;
        assert_eq!(info["user"], serde_json::Value::Null, "{:?}", tdb.backend);
        assert_eq!(info["demo"], true);

        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        let info = browser.session_info().await;
        assert_eq!(info["demo"], true);
        assert_eq!(info["user"]["display_name"], "Giulia Ferretti");
        assert_eq!(info["user"]["roles"], serde_json::json!(["Citizen"]));
        let user = persona_user_id(&db, "cittadino-1").await;
        assert_eq!(audit_rows(&db, "auth.login", user).await, 1);

        // A logged-in page is personal: no cache may keep it.
        let page = browser.get("/area-personale").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.headers["cache-control"], "private, no-store");
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn logging_in_again_ends_the_session_the_browser_presented() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        let first = browser.token().expect("first token").to_string();
        browser.login("cittadino-2").await;
        let second = browser.token().expect("second token").to_string();
        assert_ne!(first, second, "a new token at every login");
        assert_eq!(browser.user_name().await.as_deref(), Some("Marco Santucci"));

        let mut attacker = app.browser();
        attacker.set_token(Some(&first));
        let r = attacker.post("/api/session/info", &[]).await;
        assert_eq!(
            r.json()["user"],
            serde_json::Value::Null,
            "{:?}",
            tdb.backend
        );
        let cleared = r
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("__Host-sl_session=;") && c.contains("Max-Age=0"));
        assert!(cleared, "the dead cookie is removed: {:?}", r.set_cookies());
        assert_eq!(attacker.token(), None);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn logout_ends_the_session_and_a_replayed_cookie_is_anonymous() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        let token = browser.token().expect("token").to_string();

        let r = browser.post("/auth/logout", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), Some("/accesso?uscita=1"));
        let clear = r.headers["clear-site-data"].to_str().expect("ascii");
        for kind in ["\"cache\"", "\"cookies\"", "\"storage\""] {
            assert!(clear.contains(kind), "{clear}");
        }
        assert!(r
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("__Host-sl_session=;") && c.contains("Max-Age=0")));
        assert_eq!(browser.token(), None);

        let mut replay = app.browser();
        replay.set_token(Some(&token));
        assert_eq!(replay.user_name().await, None, "{:?}", tdb.backend);
        let user = persona_user_id(&db, "cittadino-1").await;
        assert_eq!(audit_rows(&db, "auth.logout", user).await, 1);
        assert_eq!(end_reasons(&db, user).await, [Some("logout".to_string())]);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn idle_sessions_end_after_thirty_minutes_of_silence() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        app.clock.advance(29 * MINUTE);
        assert!(browser.user_name().await.is_some(), "{:?}", tdb.backend);
        // 58 minutes after login: alive only because the request at 29 moved the deadline.
        app.clock.advance(29 * MINUTE);
        assert!(browser.user_name().await.is_some(), "{:?}", tdb.backend);
        app.clock.advance(31 * MINUTE);
        assert_eq!(browser.user_name().await, None, "{:?}", tdb.backend);
        let user = persona_user_id(&db, "cittadino-1").await;
        assert_eq!(end_reasons(&db, user).await, [Some("idle".to_string())]);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn active_sessions_end_twelve_hours_after_login() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        let twelve_hours = start().plus(12 * 60 * MINUTE);
        while app.clock.now().plus(20 * MINUTE) < twelve_hours {
            app.clock.advance(20 * MINUTE);
            assert!(
                browser.user_name().await.is_some(),
                "{:?} at {}",
                tdb.backend,
                app.clock.now().to_iso()
            );
        }
        app.clock.set(twelve_hours.minus(Duration::from_millis(1)));
        assert!(browser.user_name().await.is_some(), "just before 12 h");
        app.clock.set(twelve_hours);
        assert_eq!(browser.user_name().await, None, "{:?} at 12 h", tdb.backend);
        let user = persona_user_id(&db, "cittadino-1").await;
        assert_eq!(end_reasons(&db, user).await, [Some("absolute".to_string())]);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_disabled_user_is_anonymous_from_the_next_request() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        assert!(browser.user_name().await.is_some());

        let user = persona_user_id(&db, "cittadino-1").await;
        let mut tx = db.pool().begin().await.expect("tx");
        let ended = app::store::users::disable_user(&mut tx, user, app.clock.now())
            .await
            .expect("disable");
        tx.commit().await.expect("commit");
        assert_eq!(ended, 1);

        assert_eq!(browser.user_name().await, None, "{:?}", tdb.backend);
        let again = browser
            .post("/auth/demo", &[("persona", "cittadino-1")])
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        assert!(
            again
                .location()
                .is_some_and(|l| l.starts_with("/accesso?errore=")),
            "{:?}",
            again.location()
        );
        assert_eq!(browser.token(), None, "no session for a disabled account");
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_processes_on_one_postgres_share_sessions() {
    let Some(tdb) = TestDatabase::postgres().await else {
        return;
    };
    let db_a = demo_db(&tdb).await;
    let db_b: Db = tdb.connect().await;
    let app_a = TestApp::new(&demo_config(ORIGIN), db_a.clone());
    let app_b = TestApp::new(&demo_config(ORIGIN), db_b.clone());

    let mut on_a = app_a.browser();
    on_a.login("cittadino-2").await;
    let mut on_b = app_b.browser();
    on_b.set_token(on_a.token());
    assert_eq!(on_b.user_name().await.as_deref(), Some("Marco Santucci"));

    // Logging out through B ends the session for A as well.
    on_b.post("/auth/logout", &[]).await;
    assert_eq!(on_a.user_name().await, None);
    db_b.close().await;
    db_a.close().await;
    tdb.drop_database().await;
}

#[tokio::test]
async fn demo_login_off_hides_the_routes_and_the_personas() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let config = RouterConfig {
            demo_mode: false,
            demo_login: false,
            ..demo_config(ORIGIN)
        };
        let app = TestApp::new(&config, db.clone());
        let mut browser = app.browser();
        let r = browser
            .post("/auth/demo", &[("persona", "cittadino-1")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", tdb.backend);
        let r = browser
            .post(
                "/auth/demo/cittadino",
                &[
                    ("given_name", "Lucia"),
                    ("family_name", "Moretti"),
                    ("sex", "F"),
                    ("birth_date", "1985-03-14"),
                    ("birth_place", "Perugia"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(browser.token(), None);
        let options = browser.post("/api/session/login-options", &[]).await;
        assert_eq!(options.status, StatusCode::OK);
        assert_eq!(options.json()["personas"], serde_json::json!([]));
        assert_eq!(options.json()["demo"], false);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn production_mode_refuses_to_start_with_demo_login() {
    let config = |args: &[&str]| {
        let cli = Cli::try_parse_from(std::iter::once("sportello").chain(args.iter().copied()))
            .expect("arguments parse");
        RouterConfig::from_args(&cli.serve)
    };
    assert!(config(&["--mode", "production", "--demo-login", "true"]).is_err());
    let production = config(&["--mode", "production"]).expect("production starts");
    assert!(!production.demo_login && !production.demo_mode);
    let demo = config(&["--mode", "demo"]).expect("demo starts");
    assert!(demo.demo_login && demo.demo_mode);
    let demo_without_login =
        config(&["--mode", "demo", "--demo-login", "false"]).expect("demo without login");
    assert!(!demo_without_login.demo_login);
}

async fn person_count(db: &Db) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM person")
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get::<i64, _>(0)
}

#[tokio::test]
async fn a_made_up_citizen_logs_in_with_the_codice_fiscale_of_their_data() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());

        let mut browser = app.browser();
        let r = browser
            .post(
                "/auth/demo/cittadino",
                &[
                    ("given_name", " Lucia  "),
                    ("family_name", "Moretti"),
                    ("sex", "F"),
                    ("birth_date", "1985-03-14"),
                    ("birth_place", "Perugia"),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        assert_eq!(r.location(), Some("/area-personale"));
        assert_eq!(browser.user_name().await.as_deref(), Some("Lucia Moretti"));

        let perugia = Belfiore::parse("G478").expect("Perugia");
        let birth = CalendarDate::parse_iso("1985-03-14").expect("date");
        let code = CodiceFiscale::generate("Moretti", "Lucia", birth, Sex::Female, perugia);
        let row = sqlx::query(
            "SELECT given_name, family_name, birth_date, sex, birth_belfiore FROM person \
             WHERE codice_fiscale = $1",
        )
        .bind(code.as_str())
        .fetch_one(db.pool())
        .await
        .expect("the person row has the computed code");
        assert_eq!(row.get::<String, _>("given_name"), "Lucia");
        assert_eq!(row.get::<String, _>("family_name"), "Moretti");
        assert_eq!(row.get::<String, _>("birth_date"), "1985-03-14");
        assert_eq!(row.get::<String, _>("sex"), "F");
        assert_eq!(row.get::<String, _>("birth_belfiore"), "G478");

        let persons = person_count(&db).await;
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[
                    ("given_name", ""),
                    ("family_name", "R2D2"),
                    ("sex", "X"),
                    ("birth_date", "14/03/1985"),
                    ("birth_place", "Atlantide"),
                ],
                "given_name,family_name,sex,birth_date,birth_place",
            ),
            (
                &[
                    ("given_name", "Lucia"),
                    ("family_name", "Moretti"),
                    ("sex", "F"),
                    ("birth_date", "2099-01-01"),
                    ("birth_place", "Perugia"),
                ],
                "birth_date",
            ),
            (
                &[
                    ("given_name", "Lucia"),
                    ("family_name", "Moretti"),
                    ("sex", "F"),
                    ("birth_date", "1985-03-14"),
                    ("birth_place", "Atlantide"),
                ],
                "birth_place",
            ),
        ];
        for (fields, codes) in cases {
            let mut stranger = app.browser();
            let r = stranger.post("/auth/demo/cittadino", fields).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            let location = r.location().expect("location");
            assert_eq!(location, format!("/accesso?errore={codes}"));
            for (_, value) in *fields {
                if value.len() > 1 {
                    assert!(!location.contains(value), "{location} shows {value}");
                }
            }
            assert!(r.set_cookies().is_empty(), "{:?}", r.set_cookies());
            assert_eq!(stranger.token(), None);
        }
        assert_eq!(
            person_count(&db).await,
            persons,
            "no person row for bad data"
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn logins_and_server_functions_are_rate_limited_with_retry_after() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let config = RouterConfig {
            login_rate_per_minute: 3,
            api_rate_per_minute: 2,
            ..demo_config(ORIGIN)
        };
        let app = TestApp::new(&config, db.clone());
        let mut browser = app.browser();
        for _ in 0..3 {
            browser.login("cittadino-1").await;
        }
        let r = browser
            .post("/auth/demo", &[("persona", "cittadino-1")])
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", tdb.backend);
        assert!(r.retry_after().is_some_and(|s| s >= 1), "{:?}", r.headers);

        for _ in 0..2 {
            browser.session_info().await;
        }
        let r = browser.post("/api/session/info", &[]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        let body = r.json();
        assert_eq!(body["kind"], "rate_limited");
        assert!(body["retry_after_secs"].as_u64().is_some_and(|s| s >= 1));
        assert!(r.retry_after().is_some_and(|s| s >= 1), "{:?}", r.headers);
        tdb.drop_database().await;
    }
}

/// An intermediary of the Gubbio comune desk, with a persona key so the demo login knows it.
async fn comune_desk_intermediary(db: &Db) {
    let now = start();
    let mut tx = db.pool().begin().await.expect("tx");
    let organisation: i64 =
        sqlx::query("SELECT id FROM organisation WHERE fiscal_code = '80000000002'")
            .fetch_one(&mut *tx)
            .await
            .expect("comune desk")
            .get(0);
    let user: i64 = sqlx::query(
        "INSERT INTO app_user (display_name, persona, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind("Sportellista di Gubbio")
    .bind("test-sportello-gubbio")
    .bind(now.to_iso())
    .fetch_one(&mut *tx)
    .await
    .expect("user")
    .get(0);
    app::store::users::grant_role(
        &mut tx,
        user,
        &app::store::users::Grant::Intermediary {
            organisation_id: organisation,
        },
        now,
    )
    .await
    .expect("grant");
    tx.commit().await.expect("commit");
}

async fn patronato_id(db: &Db) -> i64 {
    sqlx::query("SELECT id FROM organisation WHERE fiscal_code = '80000000001'")
        .fetch_one(db.pool())
        .await
        .expect("patronato")
        .get(0)
}

/// The mandate flow of the demo: grant, use, revoke. Returns every browser, for header checks.
async fn mandate_flow(app: &TestApp, db: &Db) -> Vec<Browser> {
    let patronato = patronato_id(db).await.to_string();
    let mut citizen = app.browser();
    citizen.login("cittadino-2").await;

    let mut anonymous = app.browser();
    let grant = [
        ("organisation_id", patronato.as_str()),
        ("months", "3"),
        ("profile", "on"),
    ];
    let r = anonymous.post("/api/mandates/grant", &grant).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(r.json()["kind"], "unauthenticated");
    let r = citizen
        .post(
            "/api/mandates/grant",
            &[("organisation_id", patronato.as_str()), ("months", "3")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no scope: {}",
        r.body
    );
    assert_eq!(r.json()["fields"][0]["field"], "scopes");
    let r = citizen
        .post(
            "/api/mandates/grant",
            &[
                ("organisation_id", patronato.as_str()),
                ("months", "24"),
                ("profile", "on"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "24 months: {}",
        r.body
    );
    assert_eq!(r.json()["fields"][0]["field"], "months");

    let r = citizen.post("/api/mandates/grant", &grant).await;
    assert_eq!(r.status, StatusCode::OK, "grant: {}", r.body);
    let granted = r.json();
    assert_eq!(granted["state"], "Active");
    assert_eq!(granted["scopes"], serde_json::json!(["profile"]));
    let mandate = granted["id"].as_i64().expect("mandate id").to_string();
    let mandate_form = [("mandate_id", mandate.as_str())];

    let mut intermediary = app.browser();
    intermediary.login("patronato").await;
    let r = intermediary.post("/api/mandates/clients", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "clients: {}", r.body);
    let clients = r.json();
    let client = clients
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["id"].as_i64().map(|id| id.to_string()) == Some(mandate.clone()))
        .unwrap_or_else(|| panic!("the new mandate is listed: {clients}"));
    assert_eq!(client["delegator_name"], "Marco Santucci");

    let r = intermediary
        .post("/api/mandates/act-for", &mandate_form)
        .await;
    assert_eq!(r.status, StatusCode::OK, "act-for: {}", r.body);
    let r = intermediary.post("/api/mandates/acting-client", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "acting-client: {}", r.body);
    assert_eq!(r.json()["name"], "Marco Santucci");
    let info = intermediary.session_info().await;
    assert_eq!(info["user"]["acting_for"], "Marco Santucci");

    // Somebody else's mandate does not exist for them.
    let mut other_citizen = app.browser();
    other_citizen.login("cittadino-3").await;
    let r = other_citizen
        .post("/api/mandates/revoke", &mandate_form)
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "revoke by another: {}",
        r.body
    );
    comune_desk_intermediary(db).await;
    let mut other_desk = app.browser();
    other_desk.login("test-sportello-gubbio").await;
    let r = other_desk
        .post("/api/mandates/act-for", &mandate_form)
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "act-for by another: {}",
        r.body
    );

    let r = citizen.post("/api/mandates/revoke", &mandate_form).await;
    assert_eq!(r.status, StatusCode::OK, "revoke: {}", r.body);
    assert_eq!(r.json()["state"], "Revoked");
    let r = intermediary.post("/api/mandates/acting-client", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "after revoke: {}", r.body);
    assert_eq!(r.json()["kind"], "not_found");

    let r = citizen.post("/api/audit/mine", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "audit/mine: {}", r.body);
    let log = r.json();
    let by_intermediary: Vec<&serde_json::Value> = log
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["actor"] == "Francesca Luzi")
        .collect();
    for action in ["mandate.act_for", "person.read"] {
        let row = by_intermediary
            .iter()
            .find(|row| row["action"] == action)
            .unwrap_or_else(|| panic!("{action} by the intermediary is listed: {log}"));
        assert_eq!(row["by_self"], false);
        assert_eq!(
            row["via_mandate"],
            serde_json::json!([
                mandate.parse::<i64>().expect("id"),
                "Patronato Lavoro Umbria (demo)"
            ]),
            "{action}"
        );
    }
    vec![citizen, anonymous, intermediary, other_citizen, other_desk]
}

#[tokio::test]
async fn a_mandate_is_granted_used_and_revoked_through_the_server_functions() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        mandate_flow(&app, &db).await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn no_codice_fiscale_reaches_a_header_or_url_and_the_login_page_lists_the_personas() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());

        let mut visitor = app.browser();
        let page = visitor.get("/accesso").await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", tdb.backend);
        for expected in [
            "action=\"/auth/demo\"",
            "value=\"cittadino-1\"",
            "Giulia Ferretti",
            "value=\"patronato\"",
            "Francesca Luzi",
            "action=\"/auth/demo/cittadino\"",
        ] {
            assert!(page.body.contains(expected), "login page lacks {expected}");
        }

        let mut browsers = mandate_flow(&app, &db).await;
        let mut made_up = app.browser();
        made_up
            .post(
                "/auth/demo/cittadino",
                &[
                    ("given_name", "Lucia"),
                    ("family_name", "Moretti"),
                    ("sex", "F"),
                    ("birth_date", "1985-03-14"),
                    ("birth_place", "Perugia"),
                ],
            )
            .await;
        made_up.post("/auth/logout", &[]).await;
        browsers.push(made_up);
        browsers.push(visitor);

        let codes: Vec<String> = sqlx::query("SELECT codice_fiscale FROM person")
            .fetch_all(db.pool())
            .await
            .expect("codes")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        let headers: Vec<&String> = browsers.iter().flat_map(|b| b.seen.iter()).collect();
        assert!(headers.iter().any(|h| h.starts_with("location: ")));
        for header in headers {
            let upper = header.to_uppercase();
            for code in &codes {
                assert!(!upper.contains(code.as_str()), "{header} carries {code}");
            }
        }
        tdb.drop_database().await;
    }
}

// Regression tests for bugs found while writing these tests, since fixed. They observe on every
// database first and assert after, so a failure leaves no PostgreSQL database behind.

#[tokio::test]
async fn a_login_over_an_expired_session_cookie_keeps_the_new_session() {
    let mut seen = Vec::new();
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login("cittadino-1").await;
        // The tab stayed open past the idle timeout; the user logs in again from it.
        app.clock.advance(31 * MINUTE);
        let r = browser
            .post("/auth/demo", &[("persona", "cittadino-2")])
            .await;
        let user = browser.user_name().await;
        seen.push((tdb.backend, r.status, user, r.set_cookies()));
        tdb.drop_database().await;
    }
    for (backend, status, user, cookies) in seen {
        assert_eq!(status, StatusCode::SEE_OTHER, "{backend:?}");
        assert_eq!(
            user.as_deref(),
            Some("Marco Santucci"),
            "{backend:?}: the login's Set-Cookie headers were {cookies:?}"
        );
    }
}

#[tokio::test]
async fn demo_mode_with_demo_login_off_lists_no_personas() {
    let mut seen = Vec::new();
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let config = RouterConfig {
            demo_login: false,
            ..demo_config(ORIGIN)
        };
        let app = TestApp::new(&config, db.clone());
        let mut browser = app.browser();
        let options = browser.post("/api/session/login-options", &[]).await;
        let page = browser.get("/accesso").await;
        seen.push((
            tdb.backend,
            options.json()["personas"].clone(),
            page.body.contains("action=\"/auth/demo\""),
        ));
        tdb.drop_database().await;
    }
    for (backend, personas, persona_forms) in seen {
        assert_eq!(personas, serde_json::json!([]), "{backend:?}");
        assert!(
            !persona_forms,
            "{backend:?}: the login page offers forms that answer 404"
        );
    }
}

#[tokio::test]
async fn a_made_up_citizen_born_in_the_1920s_keeps_the_birth_date_entered() {
    let mut seen = Vec::new();
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        let r = browser
            .post(
                "/auth/demo/cittadino",
                &[
                    ("given_name", "Ada"),
                    ("family_name", "Neri"),
                    ("sex", "F"),
                    ("birth_date", "1920-05-01"),
                    ("birth_place", "Perugia"),
                ],
            )
            .await;
        let birth: Option<String> = sqlx::query(
            "SELECT birth_date FROM person WHERE given_name = 'Ada' AND family_name = 'Neri'",
        )
        .fetch_optional(db.pool())
        .await
        .expect("person")
        .map(|row| row.get(0));
        seen.push((tdb.backend, r.location().map(str::to_string), birth));
        tdb.drop_database().await;
    }
    for (backend, location, birth) in seen {
        assert_eq!(location.as_deref(), Some("/area-personale"), "{backend:?}");
        assert_eq!(birth.as_deref(), Some("1920-05-01"), "{backend:?}");
    }
}
