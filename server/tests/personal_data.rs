//! "My data" and the retention rules, through HTTP and the retention job, on both databases:
//! the export holds everything about the person and nothing secret, a rectification request is
//! stored, closing the account erases what no duty keeps and ends the session, and the job removes
//! or anonymises exactly what docs/RETENTION.md says, when it says.

mod common;

use app::domain::session_policy::{SessionPolicy, Timestamp};
use app::store::sessions::{create_session, end_session};
use app::store::Db;
use common::auth::{demo_config, demo_db, start, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use server::retention::{run_once, RetentionRules};
use sqlx::Row;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(24 * 3600);

async fn count(db: &Db, sql: &'static str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("int")
}

async fn person_of_persona(db: &Db, persona: &str) -> (i64, i64, String) {
    let row = sqlx::query(
        "SELECT u.id, p.id AS person_id, p.codice_fiscale FROM app_user u \
         JOIN person p ON p.id = u.person_id WHERE u.persona = $1",
    )
    .bind(persona.to_string())
    .fetch_one(db.pool())
    .await
    .expect("persona");
    (
        row.try_get("id").expect("id"),
        row.try_get("person_id").expect("person"),
        row.try_get("codice_fiscale").expect("code"),
    )
}

#[tokio::test]
async fn the_export_holds_everything_about_the_person_and_no_secret() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let (_, _, code) = person_of_persona(&db, "cittadino-1").await;
        // The patronato reads her profile under the seeded mandate: that read must be in her export.
        let mut patronato = app.browser();
        patronato.login("patronato").await;
        let clients = patronato.post("/api/mandates/clients", &[]).await;
        let mandate = clients.json()[0]["id"]
            .as_i64()
            .expect("mandate id")
            .to_string();
        let acting = patronato
            .post("/api/mandates/act-for", &[("mandate_id", &mandate)])
            .await;
        assert_eq!(acting.status, StatusCode::OK, "{}", acting.body);
        let profile = patronato
            .post("/api/mandates/acting-client-profile", &[])
            .await;
        assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);

        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let export = citizen.get("/api/me/data").await;
        assert_eq!(export.status, StatusCode::OK, "{:?}", tdb.backend);
        let disposition = export
            .headers
            .get(http::header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let data = export.json();
        assert_eq!(data["person"]["codice_fiscale"], code.as_str());
        assert_eq!(data["person"]["given_name"], "Giulia");
        assert_eq!(
            data["profile"][0]["education_title"],
            "Diploma di tecnico dei servizi di ristorazione"
        );
        assert_eq!(data["profile"][0]["has_vehicle"], 0);
        assert_eq!(data["occupations_sought"][0]["occupation_id"], "cuoco");
        assert_eq!(
            data["mandates_given"][0]["organisation"],
            "Patronato Lavoro Umbria (demo)"
        );
        assert!(data["roles"].as_array().is_some_and(|r| !r.is_empty()));
        let events = data["audit_events_about_you"]
            .as_array()
            .expect("audit rows");
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "profile.read" && e["actor"] == "Francesca Luzi"),
            "{events:?}"
        );
        // No session token or hash travels: session rows carry times only.
        assert!(!export.body.contains("id_hash"));
        if let Some(token) = citizen.token() {
            assert!(!export.body.contains(token));
        }
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn rectification_requests_are_stored_and_audited() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let (_, person, _) = person_of_persona(&db, "cittadino-2").await;
        let mut citizen = app.browser();
        citizen.login("cittadino-2").await;
        let r = citizen
            .post(
                "/api/me/rectification",
                &[("body", "Il mio numero di telefono è cambiato")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let empty = citizen
            .post("/api/me/rectification", &[("body", "   ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let long = "x".repeat(2001);
        let too_long = citizen
            .post("/api/me/rectification", &[("body", &long)])
            .await;
        assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM rectification_request WHERE person_id = $1",
                person
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_event WHERE subject_person_id = $1 \
                 AND action = 'person.rectification_request'",
                person
            )
            .await,
            1
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn closing_the_account_erases_the_profile_revokes_mandates_and_ends_the_session() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let (user, person, code) = person_of_persona(&db, "cittadino-1").await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let unconfirmed = citizen.post("/api/me/close", &[]).await;
        assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM profile WHERE person_id = $1",
                person
            )
            .await,
            1
        );

        let closed = citizen.post("/api/me/close", &[("confirm", "on")]).await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        for sql in [
            "SELECT COUNT(*) FROM profile WHERE person_id = $1",
            "SELECT COUNT(*) FROM profile_occupation WHERE person_id = $1",
            "SELECT COUNT(*) FROM mandate WHERE delegator_person_id = $1 AND revoked_at IS NULL",
            "SELECT COUNT(*) FROM session WHERE user_id = $1 AND ended_at IS NULL",
        ] {
            let id = if sql.contains("session") {
                user
            } else {
                person
            };
            assert_eq!(count(&db, sql, id).await, 0, "{sql} on {:?}", tdb.backend);
        }
        // Identity stays (the audit rows and mandates point at it), marked closed.
        let row = sqlx::query("SELECT codice_fiscale, closed_at, email FROM person WHERE id = $1")
            .bind(person)
            .fetch_one(db.pool())
            .await
            .expect("person");
        assert_eq!(
            row.try_get::<String, _>("codice_fiscale").expect("code"),
            code
        );
        assert!(row
            .try_get::<Option<String>, _>("closed_at")
            .expect("closed")
            .is_some());
        assert_eq!(
            row.try_get::<Option<String>, _>("email").expect("email"),
            None
        );
        // The very next request is anonymous, and the persona cannot log in again.
        assert_eq!(citizen.user_name().await, None);
        let again = citizen
            .post("/auth/demo", &[("persona", "cittadino-1")])
            .await;
        assert_eq!(again.location(), Some("/accesso?errore=persona"));
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_event WHERE subject_person_id = $1 AND action = 'account.close'",
                person
            )
            .await,
            1
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_retention_job_removes_and_anonymises_exactly_on_time() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let rules = RetentionRules::default();
        let t0 = start();
        let (user, person, _) = person_of_persona(&db, "cittadino-3").await;
        let (other_user, _, _) = person_of_persona(&db, "cittadino-2").await;

        // Two sessions ended at t0; a login attempt expiring at t0 + 10 min; a handled request.
        let mut tx = db.pool().begin().await.expect("begin");
        let policy = SessionPolicy::default();
        for uid in [user, other_user] {
            let token = create_session(&mut tx, uid, None, &policy, t0)
                .await
                .expect("session")
                .expect("active");
            end_session(&mut tx, token.as_str(), t0).await.expect("end");
        }
        app::store::login_attempts::record_login_attempt(
            &mut tx,
            &app::store::login_attempts::NewLoginAttempt {
                state: "state-1",
                provider: "spid",
                nonce: "n",
                pkce_verifier: "v",
                browser_secret: "b",
                return_to: "/",
            },
            t0,
            Duration::from_secs(600),
        )
        .await
        .expect("attempt");
        sqlx::query(
            "INSERT INTO rectification_request (person_id, body, created_at, handled_at) \
             VALUES ($1, 'x', $2, $2)",
        )
        .bind(person)
        .bind(t0.to_iso())
        .execute(&mut *tx)
        .await
        .expect("request");
        // A request the other citizen started at t0 and never sent.
        let other_person: i64 = sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
            .bind(other_user)
            .fetch_one(&mut *tx)
            .await
            .expect("person")
            .try_get(0)
            .expect("id");
        sqlx::query(
            "INSERT INTO service_draft (service, person_id, created_by_user_id, idempotency_key, \
             created_at, updated_at) VALUES ('scrivi-al-cpi', $1, $2, 'retention-draft-00001', $3, $3)",
        )
        .bind(other_person)
        .bind(other_user)
        .bind(t0.to_iso())
        .execute(&mut *tx)
        .await
        .expect("draft");
        let closure = app::store::personal_data::close_account(
            &mut tx,
            user,
            app::domain::policy::PersonId(person),
            t0,
        )
        .await
        .expect("close");
        assert!(closure.profile_rows > 0);
        tx.commit().await.expect("commit");

        let at = |d: Duration| -> Timestamp { t0.plus(d) };
        let sessions = |db: &Db| {
            let db = db.clone();
            async move {
                sqlx::query("SELECT COUNT(*) FROM session")
                    .fetch_one(db.pool())
                    .await
                    .expect("count")
                    .try_get::<i64, _>(0)
                    .expect("int")
            }
        };
        let before = sessions(&db).await;

        // 29 days: the sessions are not due yet; the login attempt was due a day after expiry.
        let report = run_once(&db, &rules, at(29 * DAY)).await.expect("run");
        assert_eq!(report.sessions, 0, "{:?}", tdb.backend);
        assert_eq!(report.login_attempts, 1);
        assert_eq!(report.rectifications, 0);
        assert_eq!(report.identities_anonymised, 0);
        assert_eq!(report.abandoned_drafts, 0);
        assert_eq!(sessions(&db).await, before);

        // 31 days: the two ended sessions go.
        let report = run_once(&db, &rules, at(31 * DAY)).await.expect("run");
        assert_eq!(report.sessions, 2);
        // Two years and a day: the handled request goes; the identity is still there.
        let report = run_once(&db, &rules, at(731 * DAY)).await.expect("run");
        assert_eq!(report.rectifications, 1);
        assert_eq!(
            report.abandoned_drafts, 1,
            "a draft untouched for 180 days goes"
        );
        assert_eq!(report.identities_anonymised, 0);
        // Five years and a day after closure: the identity becomes a pseudonym, once.
        let report = run_once(&db, &rules, at(5 * 365 * DAY + DAY))
            .await
            .expect("run");
        assert_eq!(report.identities_anonymised, 1);
        let again = run_once(&db, &rules, at(5 * 365 * DAY + 2 * DAY))
            .await
            .expect("run");
        assert_eq!(again.identities_anonymised, 0);
        let row = sqlx::query("SELECT codice_fiscale, given_name FROM person WHERE id = $1")
            .bind(person)
            .fetch_one(db.pool())
            .await
            .expect("person");
        let code: String = row.try_get("codice_fiscale").expect("code");
        assert!(code.starts_with("ANON") && code.len() == 16, "{code}");
        assert_eq!(row.try_get::<String, _>("given_name").expect("name"), "-");
        db.close().await;
        tdb.drop_database().await;
    }
}
