//! Administrators manage accounts and role grants (issue 4) through the real router, as plain form
//! posts: a granted role counts from the user's next request and a revoked one stops there;
//! disabling a logged-in user makes their very next request anonymous and stops their logins
//! until they are enabled again; every change has its audit row; nobody else may do any of it;
//! and administrators see no citizen's personal data. On SQLite and on PostgreSQL.

mod common;

use app::store::Db;
use common::auth::{
    audit_rows, demo_config, demo_db, end_reasons, persona_user_id, Browser, Reply, TestApp, ORIGIN,
};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

const PAGE: &str = "/amministrazione/utenti";

/// The roles `session/info` shows for the browser's user.
async fn roles(browser: &mut Browser) -> Vec<String> {
    let info = browser.session_info().await;
    info["user"]["roles"]
        .as_array()
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A form post that succeeded: the redirect back to the page with the outcome.
fn assert_back_to_page(reply: &Reply, outcome: &str) {
    assert!(
        reply.status.is_redirection(),
        "{}: {}",
        reply.status,
        reply.body
    );
    assert_eq!(
        reply.location(),
        Some(format!("{PAGE}?esito={outcome}").as_str())
    );
}

async fn logged_in(app: &TestApp, persona: &str) -> Browser {
    let mut browser = app.browser();
    browser.login(persona).await;
    browser
}

fn operator_pg(user: i64) -> Vec<(&'static str, String)> {
    vec![
        ("user_id", user.to_string()),
        ("role", "operator".into()),
        ("cpi_code", "PG".into()),
        ("company_id", String::new()),
        ("organisation_id", String::new()),
    ]
}

/// A plain form post from the page, as a browser without JavaScript sends it (it accepts HTML,
/// which is what makes the server function answer with a real redirect).
async fn post(browser: &mut Browser, path: &str, pairs: &[(&'static str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let req = http::Request::post(path)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "text/html,application/xhtml+xml")
        .header(http::header::ORIGIN, ORIGIN)
        .header(http::header::REFERER, format!("{ORIGIN}{PAGE}"))
        .body(axum::body::Body::from(common::auth::form(&pairs)))
        .expect("request");
    browser.send(req).await
}

async fn codice_fiscale_of(db: &Db, user: i64) -> String {
    sqlx::query(
        "SELECT p.codice_fiscale FROM person p JOIN app_user u ON u.person_id = p.id \
         WHERE u.id = $1",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
    .expect("person")
    .get::<String, _>(0)
}

#[tokio::test]
async fn a_granted_role_counts_from_the_next_request_and_a_revoked_one_stops_there() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let admin_id = persona_user_id(&db, "admin").await;
        let staff_id = persona_user_id(&db, "auditor").await;
        let mut admin = logged_in(&app, "admin").await;
        let mut staff = logged_in(&app, "auditor").await;
        assert_eq!(roles(&mut staff).await, ["Auditor"], "{:?}", tdb.backend);

        let granted = post(&mut admin, "/api/admin/grant-role", &operator_pg(staff_id)).await;
        assert_back_to_page(&granted, "ruolo-concesso");
        assert_eq!(roles(&mut staff).await, ["Auditor", "Operator"]);
        assert_eq!(audit_rows(&db, "admin.role.grant", admin_id).await, 1);

        // The list shows the grant with its scope.
        let list = admin
            .post("/api/admin/accounts", &[("q", "revisore")])
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let accounts = list.json();
        let account = &accounts.as_array().expect("list")[0];
        assert_eq!(account["id"], staff_id);
        assert_eq!(account["grants"][1]["role_code"], "operator");
        assert_eq!(account["grants"][1]["cpi_code"], "PG");

        // The same grant again changes nothing.
        let (status, body) = json_call(
            &app,
            &admin,
            "/api/admin/grant-role",
            &operator_pg(staff_id),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(audit_rows(&db, "admin.role.grant", admin_id).await, 1);

        let revoked = post(&mut admin, "/api/admin/revoke-role", &operator_pg(staff_id)).await;
        assert_back_to_page(&revoked, "ruolo-revocato");
        assert_eq!(roles(&mut staff).await, ["Auditor"]);
        assert_eq!(audit_rows(&db, "admin.role.revoke", admin_id).await, 1);

        let detail: String = sqlx::query(
            "SELECT detail FROM audit_event WHERE action = 'admin.role.revoke' AND object_id = $1",
        )
        .bind(staff_id.to_string())
        .fetch_one(db.pool())
        .await
        .expect("audit row")
        .get(0);
        assert!(
            detail.contains("\"operator\"") && detail.contains("\"PG\""),
            "{detail}"
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_disabled_user_is_anonymous_at_once_and_logs_in_again_once_enabled() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let admin_id = persona_user_id(&db, "admin").await;
        let user = persona_user_id(&db, "supervisore").await;
        let mut admin = logged_in(&app, "admin").await;
        let mut supervisor = logged_in(&app, "supervisore").await;
        assert!(supervisor.user_name().await.is_some());

        let off = [("user_id", user.to_string()), ("disabled", "true".into())];
        let disabled = post(&mut admin, "/api/admin/set-disabled", &off).await;
        assert_back_to_page(&disabled, "disabilitato");
        assert_eq!(
            supervisor.user_name().await,
            None,
            "{:?}: the very next request is anonymous",
            tdb.backend
        );
        assert_eq!(end_reasons(&db, user).await, [Some("disabled".to_string())]);
        let login = supervisor
            .post("/auth/demo", &[("persona", "supervisore")])
            .await;
        assert!(
            login
                .location()
                .is_some_and(|l| l.starts_with("/accesso?errore=")),
            "{:?}",
            login.location()
        );
        assert_eq!(
            supervisor.token(),
            None,
            "no session for a disabled account"
        );
        assert_eq!(audit_rows(&db, "admin.user.disable", admin_id).await, 1);

        let on = [("user_id", user.to_string()), ("disabled", "false".into())];
        let enabled = post(&mut admin, "/api/admin/set-disabled", &on).await;
        assert_back_to_page(&enabled, "riabilitato");
        assert_eq!(audit_rows(&db, "admin.user.enable", admin_id).await, 1);
        supervisor.login("supervisore").await;
        assert_eq!(roles(&mut supervisor).await, ["Supervisor"]);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_administrator_cannot_disable_themself_or_drop_their_own_admin_role() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let admin_id = persona_user_id(&db, "admin").await;
        let mut admin = logged_in(&app, "admin").await;
        let me = [
            ("user_id", admin_id.to_string()),
            ("disabled", "true".into()),
        ];
        let (status, body) = json_call(&app, &admin, "/api/admin/set-disabled", &me).await;
        assert_eq!(status, StatusCode::CONFLICT, "{:?}: {body}", tdb.backend);
        // Without JavaScript the refusal goes back to the page, which shows it.
        let refused = post(&mut admin, "/api/admin/set-disabled", &me).await;
        let back = refused.location().unwrap_or_default().to_string();
        assert!(
            refused.status.is_redirection() && back.contains("__err="),
            "{}: {back}",
            refused.status
        );
        let shown = admin.get(&back.replacen(ORIGIN, "", 1)).await;
        assert!(shown.body.contains("alert-warning"), "{}", shown.body);
        let drop_admin = [("user_id", admin_id.to_string()), ("role", "admin".into())];
        let (status, body) = json_call(&app, &admin, "/api/admin/revoke-role", &drop_admin).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(admin.user_name().await.is_some(), "still logged in");
        assert_eq!(roles(&mut admin).await, ["Admin"]);
        assert_eq!(audit_rows(&db, "admin.user.disable", admin_id).await, 0);
        assert_eq!(audit_rows(&db, "admin.role.revoke", admin_id).await, 0);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn nobody_but_administrators_manages_accounts() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let target = persona_user_id(&db, "auditor").await;
        let calls: [(&str, Vec<(&'static str, String)>); 4] = [
            ("/api/admin/accounts", vec![("q", "a".into())]),
            ("/api/admin/grant-role", operator_pg(target)),
            ("/api/admin/revoke-role", operator_pg(target)),
            (
                "/api/admin/set-disabled",
                vec![("user_id", target.to_string()), ("disabled", "true".into())],
            ),
        ];
        for persona in [
            "supervisore",
            "operatore-pg",
            "auditor",
            "cittadino-1",
            "patronato",
        ] {
            let browser = logged_in(&app, persona).await;
            for (path, args) in &calls {
                let (status, body) = json_call(&app, &browser, path, args).await;
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{:?}: {persona} on {path}: {body}",
                    tdb.backend
                );
            }
        }
        let anonymous = app.browser();
        for (path, args) in &calls {
            let (status, _) = json_call(&app, &anonymous, path, args).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous on {path}");
        }
        // The page itself refuses them too.
        let mut citizen = logged_in(&app, "cittadino-1").await;
        assert_eq!(citizen.get(PAGE).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.browser().get(PAGE).await.status,
            StatusCode::UNAUTHORIZED
        );
        let mut auditor = logged_in(&app, "auditor").await;
        assert_eq!(roles(&mut auditor).await, ["Auditor"], "nothing changed");
        assert!(end_reasons(&db, target).await.iter().all(Option::is_none));
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn administrators_see_accounts_but_no_citizen_personal_data() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let citizen = persona_user_id(&db, "cittadino-1").await;
        let code = codice_fiscale_of(&db, citizen).await;
        let mut admin = logged_in(&app, "admin").await;
        let list = admin
            .post("/api/admin/accounts", &[("q", "FERRETTI")])
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let accounts = list.json();
        let accounts = accounts.as_array().expect("list");
        assert_eq!(accounts.len(), 1, "{:?}: {accounts:?}", tdb.backend);
        assert_eq!(accounts[0]["id"], citizen);
        assert_eq!(accounts[0]["display_name"], "Giulia Ferretti");
        assert_eq!(accounts[0]["linked_to_person"], true);
        assert_eq!(accounts[0]["disabled"], false);
        assert!(!list.body.contains(&code), "{}", list.body);

        // The page, server-rendered, lists the account and its forms, and no codice fiscale.
        let page = admin.get(&format!("{PAGE}?q=ferretti")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Giulia Ferretti"));
        assert!(page.body.contains("/api/admin/grant-role"));
        assert!(!page.body.contains(&code));
        assert_eq!(page.headers["cache-control"], "private, no-store");

        // Wildcards are taken literally.
        let none = admin.post("/api/admin/accounts", &[("q", "%")]).await;
        assert_eq!(none.json(), serde_json::json!([]), "{:?}", tdb.backend);
        tdb.drop_database().await;
    }
}

/// Calls a server function as a script would (`Accept: application/json`) with the browser's
/// session, to read the status of a refusal rather than a form's redirect.
async fn json_call(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    args: &[(&'static str, String)],
) -> (StatusCode, String) {
    use tower::ServiceExt;
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut req = http::Request::post(path)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ORIGIN, ORIGIN)
        .header(http::header::ACCEPT, "application/json");
    if let Some(token) = browser.token() {
        req = req.header(http::header::COOKIE, format!("{}={token}", app.cookie_name));
    }
    let res = app
        .router
        .clone()
        .oneshot(
            req.body(axum::body::Body::from(common::auth::form(&pairs)))
                .expect("request"),
        )
        .await
        .expect("infallible");
    let status = res.status();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}
