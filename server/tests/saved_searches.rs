//! Saved searches and their alerts (issue 7) through the real HTTP stack, on SQLite and PostgreSQL:
//! save, list, pause and resume, rename, delete; another citizen's search is not found; the
//! alert sweep writes one notification and one outbox e-mail for a new matching vacancy, and none
//! when paused, already seen, or run again the same day.

mod common;

use app::api::saved_searches::SavedSearchesView;
use app::domain::session_policy::Timestamp;
use app::store::saved_searches::run_alerts;
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, start, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;
use std::time::Duration;

const OCC: &str = "h5-alert-occupation";
const HOUR: Duration = Duration::from_secs(3600);

async fn demo_company(db: &Db) -> i64 {
    let admin = persona_user_id(db, "impresa-titolare").await;
    sqlx::query(
        "SELECT r.company_id FROM user_role r WHERE r.user_id = $1 AND r.role = 'company_admin'",
    )
    .bind(admin)
    .fetch_one(db.pool())
    .await
    .expect("demo company")
    .get(0)
}

/// A published vacancy of `OCC`, indexed as publishing would.
async fn publish(db: &Db, company: i64, title: &str, at: Timestamp) -> i64 {
    let id: i64 = sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, published_at, created_at, \
         contact_channel) VALUES ($1, 'published', $2, 'Turni diurni.', $3, '5131', 1, '054039', \
         'onsite', 'TEMPO-INDETERMINATO', 'FULL-TIME', 1500, 1800, 'month', '2027-01-10', \
         '2027-01-31', $4, $4, 'email') RETURNING id",
    )
    .bind(company)
    .bind(title)
    .bind(OCC)
    .bind(at.to_iso())
    .fetch_one(db.pool())
    .await
    .expect("vacancy")
    .get(0);
    let mut conn = db.pool().acquire().await.expect("connection");
    app::store::job_search::index_vacancy(&mut conn, id)
        .await
        .expect("index");
    id
}

async fn list(browser: &mut Browser) -> SavedSearchesView {
    let r = browser.post("/api/saved-searches/list", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).expect("saved searches")
}

async fn alerts(db: &Db, now: Timestamp) -> usize {
    let mut tx = db.begin_write().await.expect("begin");
    let n = run_alerts(&mut tx, now).await.expect("alerts");
    tx.commit().await.expect("commit");
    n
}

/// (notifications, outbox rows) of the user's alerts.
async fn delivered(db: &Db, user: i64) -> (i64, i64) {
    let row = sqlx::query(
        "SELECT COUNT(DISTINCT n.id), COUNT(o.id) FROM notification n \
         LEFT JOIN outbox o ON o.notification_id = n.id \
         WHERE n.recipient_user_id = $1 AND n.kind = 'saved_search_alert'",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
    .expect("count");
    (row.get(0), row.get(1))
}

fn ok(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

#[tokio::test]
async fn a_citizen_saves_lists_pauses_renames_and_deletes_and_others_cannot() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut giulia = app.browser();
        giulia.login("cittadino-1").await;
        let r = giulia
            .post(
                "/api/saved-searches/save",
                &[
                    ("name", "Cuoco vicino a casa"),
                    ("q", "cuoco"),
                    ("comune", "054039"),
                    ("raggio", "30"),
                    ("ordine", ""),
                ],
            )
            .await;
        assert!(ok(r.status), "{} {}", r.status, r.body);
        let mine = list(&mut giulia).await.searches;
        assert_eq!(mine.len(), 1);
        let s = &mine[0];
        assert_eq!(s.name, "Cuoco vicino a casa");
        assert!(s.alerts_on);
        assert_eq!(s.url, "/offerte?q=cuoco&comune=054039&raggio=30");
        let id = s.id.to_string();

        // An invalid search is refused when saved, not at every alert.
        let r = giulia
            .post(
                "/api/saved-searches/save",
                &[("name", "x"), ("raggio", "lontano")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = giulia
            .post("/api/saved-searches/save", &[("name", "  ")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

        let r = giulia
            .post(
                "/api/saved-searches/alerts",
                &[("id", &id), ("attivi", "0")],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        assert!(!list(&mut giulia).await.searches[0].alerts_on);
        let r = giulia
            .post(
                "/api/saved-searches/alerts",
                &[("id", &id), ("attivi", "1")],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        assert!(list(&mut giulia).await.searches[0].alerts_on);
        let r = giulia
            .post(
                "/api/saved-searches/rename",
                &[("id", &id), ("name", "Cucina")],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        assert_eq!(list(&mut giulia).await.searches[0].name, "Cucina");

        // Another citizen: nothing of hers is visible or changeable.
        let mut marco = app.browser();
        marco.login("cittadino-2").await;
        assert!(list(&mut marco).await.searches.is_empty());
        for (path, pairs) in [
            (
                "/api/saved-searches/alerts",
                vec![("id", id.as_str()), ("attivi", "0")],
            ),
            (
                "/api/saved-searches/rename",
                vec![("id", id.as_str()), ("name", "Mio")],
            ),
            ("/api/saved-searches/delete", vec![("id", id.as_str())]),
        ] {
            let r = marco.post(path, &pairs).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        }
        let still = list(&mut giulia).await.searches;
        assert_eq!((still.len(), still[0].alerts_on), (1, true));

        // The page lists it (plain HTML, no JavaScript needed) and the no-JS forms post.
        let page = giulia.get("/area-personale/ricerche").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Cucina"), "{}", page.body);
        assert!(page.body.contains("/api/saved-searches/delete"));
        // A visitor is asked to log in.
        let page = app.browser().get("/area-personale/ricerche").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        // A logged-in citizen is offered to save the search on /offerte.
        let page = giulia.get("/offerte?q=cuoco").await;
        assert!(page.body.contains("/api/saved-searches/save"), "save form");

        let r = giulia
            .post("/api/saved-searches/delete", &[("id", &id)])
            .await;
        assert!(ok(r.status), "{}", r.body);
        assert!(list(&mut giulia).await.searches.is_empty());
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) FROM audit_event WHERE object_type = 'saved_search' AND object_id = $1",
        )
        .bind(&id)
        .fetch_one(db.pool())
        .await
        .expect("audit")
        .get(0);
        assert_eq!(audited, 5, "create, pause, resume, rename, delete");
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn alerts_tell_once_about_new_matching_vacancies() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = demo_company(&db).await;
        let user = persona_user_id(&db, "cittadino-1").await;
        // The e-mail goes out only to a person with an address.
        sqlx::query(
            "UPDATE person SET email = 'giulia@example.org' \
             WHERE id = (SELECT person_id FROM app_user WHERE id = $1)",
        )
        .bind(user)
        .execute(db.pool())
        .await
        .expect("email");
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut giulia = app.browser();
        giulia.login("cittadino-1").await;
        let r = giulia
            .post(
                "/api/saved-searches/save",
                &[("name", "Baristi"), ("q", "barista"), ("professione", OCC)],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        let id = list(&mut giulia).await.searches[0].id.to_string();
        let t0 = start();

        // Published before the search was saved: not news.
        publish(&db, company, "Barista esperto", t0.minus(HOUR)).await;
        // Matching and new; and one new that does not match.
        publish(&db, company, "Baristi per bar in centro", t0.plus(HOUR)).await;
        publish(&db, company, "Lavapiatti", t0.plus(HOUR)).await;
        assert_eq!(alerts(&db, t0.plus(2 * HOUR)).await, 1);
        assert_eq!(delivered(&db, user).await, (1, 1));
        let text: String = sqlx::query(
            "SELECT params FROM notification WHERE recipient_user_id = $1 \
             AND kind = 'saved_search_alert'",
        )
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("params")
        .get(0);
        let params: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(params["count"], 1);
        assert_eq!(params["name"], "Baristi");

        // Run again the same day, even with something new: nothing (once a day).
        publish(&db, company, "Barista serale", t0.plus(3 * HOUR)).await;
        assert_eq!(alerts(&db, t0.plus(4 * HOUR)).await, 0);
        // The next day: the new one, once.
        assert_eq!(alerts(&db, t0.plus(27 * HOUR)).await, 1);
        assert_eq!(delivered(&db, user).await, (2, 2));
        // A day later with nothing new (all seen): nothing.
        assert_eq!(alerts(&db, t0.plus(52 * HOUR)).await, 0);

        // Paused: a new vacancy says nothing.
        let r = giulia
            .post(
                "/api/saved-searches/alerts",
                &[("id", &id), ("attivi", "0")],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        publish(&db, company, "Barista di sala", t0.plus(60 * HOUR)).await;
        assert_eq!(alerts(&db, t0.plus(80 * HOUR)).await, 0);
        assert_eq!(delivered(&db, user).await, (2, 2));
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_sweeps_at_once_alert_exactly_once() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = demo_company(&db).await;
        let user = persona_user_id(&db, "cittadino-1").await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut giulia = app.browser();
        giulia.login("cittadino-1").await;
        let r = giulia
            .post(
                "/api/saved-searches/save",
                &[("name", "Fornai"), ("q", "fornaio"), ("professione", OCC)],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        publish(&db, company, "Fornaio", start().plus(HOUR)).await;
        let now = start().plus(2 * HOUR);
        let (a, b) = tokio::join!(
            server::search_alerts::run_once(&db, now),
            server::search_alerts::run_once(&db, now)
        );
        assert_eq!(a.expect("first") + b.expect("second"), 1);
        assert_eq!(delivered(&db, user).await.0, 1);
        tdb.drop_database().await;
    }
}
