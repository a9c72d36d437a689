//! The citizen's side of applications (issue 7) on both backends: apply with a note (twice → one
//! application), withdraw, accept and decline CPI proposals (an accepted one is sent without the
//! operator's checkbox, and the KPI milestones are recorded), the company's reason visible only
//! when shared, and another citizen's 404.

mod common;

use app::store::Db;
use common::auth::{demo_config, demo_db, html_post, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

const CITIZEN: &str = "cittadino-1";
const OPERATOR: &str = "operatore-pg";

async fn person_of(db: &Db, persona: &str) -> i64 {
    let user = persona_user_id(db, persona).await;
    sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("person")
        .get::<i64, _>(0)
}

/// Three vacancies, published, open to applications and preselection, reviewed by the PG CPI.
async fn vacancies(db: &Db) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM vacancy ORDER BY id LIMIT 3")
        .fetch_all(db.pool())
        .await
        .expect("vacancies")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        sqlx::query(
            "UPDATE vacancy SET status = 'published', candidate_channel = 'both', \
             cpi_code = 'PG', published_at = '2026-11-20T08:00:00.000Z', \
             expires_on = '2027-06-30' WHERE id = $1",
        )
        .bind(id)
        .execute(db.pool())
        .await
        .expect("publish");
        sqlx::query("DELETE FROM application WHERE vacancy_id = $1")
            .bind(id)
            .execute(db.pool())
            .await
            .expect("no earlier applications");
    }
    ids
}

async fn logged_in(app: &TestApp, persona: &str) -> Browser {
    let mut b = app.browser();
    b.login(persona).await;
    b
}

async fn row_of(
    db: &Db,
    vacancy: i64,
    person: i64,
) -> (i64, String, Option<String>, Option<String>) {
    let r = sqlx::query(
        "SELECT id, status, message, proposal_answer FROM application \
         WHERE vacancy_id = $1 AND person_id = $2",
    )
    .bind(vacancy)
    .bind(person)
    .fetch_one(db.pool())
    .await
    .expect("application");
    (r.get(0), r.get(1), r.get(2), r.get(3))
}

async fn count_of(db: &Db, vacancy: i64, person: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM application WHERE vacancy_id = $1 AND person_id = $2")
        .bind(vacancy)
        .bind(person)
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0)
}

fn ok(status: StatusCode) -> bool {
    status == StatusCode::FOUND || status == StatusCode::OK
}

#[tokio::test]
async fn applying_twice_gives_one_application_and_it_can_be_withdrawn() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let v = vacancies(&db).await;
        let person = person_of(&db, CITIZEN).await;
        let mut citizen = logged_in(&app, CITIZEN).await;
        let vid = v[0].to_string();
        // The vacancy belongs to the demo company whose staff log in (it has members to notify).
        sqlx::query(
            "UPDATE vacancy SET company_id = (SELECT MIN(company_id) FROM user_role \
             WHERE role = 'company_admin' AND revoked_at IS NULL) WHERE id = $1",
        )
        .bind(v[0])
        .execute(db.pool())
        .await
        .expect("a company with members");

        // The job page offers the form to a logged-in citizen.
        let page = citizen.get(&format!("/offerte/{}", v[0])).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("action=\"/api/my_applications/apply\""));

        let long = "x".repeat(1001);
        let r = citizen
            .post(
                "/api/my_applications/apply",
                &[("vacancy_id", &vid), ("message", &long)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(count_of(&db, v[0], person).await, 0);

        let r = citizen
            .post(
                "/api/my_applications/apply",
                &[("vacancy_id", &vid), ("message", "Disponibile da subito")],
            )
            .await;
        assert!(ok(r.status), "apply: {} {}", r.status, r.body);
        let r = citizen
            .post("/api/my_applications/apply", &[("vacancy_id", &vid)])
            .await;
        assert!(ok(r.status), "again: {} {}", r.status, r.body);
        if let Some(location) = r.location() {
            assert!(location.contains("esito=gia"), "{location}");
        }
        assert_eq!(count_of(&db, v[0], person).await, 1, "{:?}", tdb.backend);
        let (id, status, message, _) = row_of(&db, v[0], person).await;
        assert_eq!(status, "applied");
        assert_eq!(message.as_deref(), Some("Disponibile da subito"));
        // The company's members heard of it once (the second click changed nothing).
        let told: i64 = sqlx::query(
            "SELECT COUNT(*) FROM notification n WHERE n.kind = 'application_received' \
             AND n.recipient_user_id IN (SELECT r.user_id FROM user_role r \
             JOIN vacancy v ON v.company_id = r.company_id WHERE v.id = $1 AND r.revoked_at IS NULL)",
        )
        .bind(v[0])
        .fetch_one(db.pool())
        .await
        .expect("notifications")
        .get(0);
        let members: i64 = sqlx::query(
            "SELECT COUNT(DISTINCT r.user_id) FROM user_role r JOIN vacancy v \
             ON v.company_id = r.company_id WHERE v.id = $1 AND r.revoked_at IS NULL",
        )
        .bind(v[0])
        .fetch_one(db.pool())
        .await
        .expect("members")
        .get(0);
        assert!(members > 0, "the vacancy's company has members");
        assert_eq!(told, members, "one notice per member, not per click");
        // The company's pipeline card carries the note.
        let mut conn = db.pool().acquire().await.expect("conn");
        let cards = app::store::applications::applicants_visible_to_company(&mut conn, v[0])
            .await
            .expect("pipeline");
        drop(conn);
        assert_eq!(
            cards
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.message.clone()),
            Some("Disponibile da subito".to_string())
        );

        let r = citizen.post("/api/my_applications/list", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let list = r.json();
        let mine = list["applications"].as_array().expect("applications");
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["id"].as_i64(), Some(id));
        assert_eq!(mine[0]["status"], "Applied");

        // Someone else cannot withdraw it.
        let mut other = logged_in(&app, "cittadino-2").await;
        let aid = id.to_string();
        let r = other
            .post("/api/my_applications/withdraw", &[("application_id", &aid)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        let r = citizen
            .post("/api/my_applications/withdraw", &[("application_id", &aid)])
            .await;
        assert!(ok(r.status), "withdraw: {} {}", r.status, r.body);
        assert_eq!(row_of(&db, v[0], person).await.1, "withdrawn");
        let r = citizen
            .post("/api/my_applications/withdraw", &[("application_id", &aid)])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let audits: i64 = sqlx::query(
            "SELECT COUNT(*) FROM audit_event WHERE subject_person_id = $1 \
             AND action IN ('application.apply', 'application.withdraw')",
        )
        .bind(person)
        .fetch_one(db.pool())
        .await
        .expect("audit")
        .get(0);
        assert_eq!(audits, 2);

        let page = citizen.get("/area-personale/candidature").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        // The same refused withdrawal from the page without JavaScript: back to the page, which says
        // why in the feature's words.
        let r = html_post(
            &mut citizen,
            "/api/my_applications/withdraw",
            "/area-personale/candidature",
            &[("application_id", &aid)],
        )
        .await;
        let location = r.location().expect("back to the page").to_string();
        let back = citizen.get(location.trim_start_matches(ORIGIN)).await;
        assert!(back.body.contains("form-error"), "{}", back.body);
        assert!(back.body.contains("Non è stato possibile procedere"));
        assert!(back
            .body
            .contains("La candidatura è cambiata nel frattempo o non lo consente più."));
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn cpi_proposals_are_accepted_or_declined_and_the_reason_shows_only_when_shared() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let v = vacancies(&db).await;
        let person = person_of(&db, CITIZEN).await;
        let pid = person.to_string();
        let mut operator = logged_in(&app, OPERATOR).await;
        let mut citizen = logged_in(&app, CITIZEN).await;
        for vacancy in [v[1], v[2]] {
            let r = operator
                .post(
                    "/api/applicants/shortlist",
                    &[("vacancy_id", &vacancy.to_string()), ("person_id", &pid)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "shortlist: {}", r.body);
        }
        let (accept_id, _, _, _) = row_of(&db, v[1], person).await;
        let (decline_id, _, _, _) = row_of(&db, v[2], person).await;
        let list = citizen.post("/api/my_applications/list", &[]).await.json();
        let waiting = list["applications"]
            .as_array()
            .expect("applications")
            .iter()
            .filter(|a| a["awaiting_answer"] == true)
            .count();
        assert_eq!(waiting, 2, "{:?}", tdb.backend);

        // Another citizen cannot answer; nonsense is refused.
        let mut other = logged_in(&app, "cittadino-2").await;
        let r = other
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &accept_id.to_string()),
                    ("answer", "accepted"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = citizen
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &accept_id.to_string()),
                    ("answer", "maybe"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        let r = citizen
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &accept_id.to_string()),
                    ("answer", "accepted"),
                ],
            )
            .await;
        assert!(ok(r.status), "accept: {} {}", r.status, r.body);
        assert_eq!(
            row_of(&db, v[1], person).await.3.as_deref(),
            Some("accepted")
        );
        let r = citizen
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &accept_id.to_string()),
                    ("answer", "declined"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "answered once");

        let r = citizen
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &decline_id.to_string()),
                    ("answer", "declined"),
                ],
            )
            .await;
        assert!(ok(r.status), "decline: {} {}", r.status, r.body);
        let (_, status, _, answer) = row_of(&db, v[2], person).await;
        assert_eq!(status, "withdrawn");
        assert_eq!(answer.as_deref(), Some("declined"));
        // A declined proposal cannot be sent.
        let r = operator
            .post(
                "/api/applicants/send",
                &[("application_id", &decline_id.to_string())],
            )
            .await;
        assert_ne!(r.status, StatusCode::OK);

        // The accepted one goes to the company without the operator's checkbox.
        let r = operator
            .post(
                "/api/applicants/send",
                &[("application_id", &accept_id.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "send: {}", r.body);
        let row =
            sqlx::query("SELECT status, shortlisted_at, sent_at FROM application WHERE id = $1")
                .bind(accept_id)
                .fetch_one(db.pool())
                .await
                .expect("row");
        assert_eq!(row.get::<String, _>(0), "sent_to_company");
        assert!(row.get::<Option<String>, _>(1).is_some());
        assert!(row.get::<Option<String>, _>(2).is_some());
        let mut conn = db.pool().acquire().await.expect("conn");
        let (hours, hires) = app::store::my_applications::vacancy_kpis(&mut conn, v[1])
            .await
            .expect("kpis");
        drop(conn);
        assert_eq!(hires, 0);
        assert!(hours.is_some_and(|h| h > 0.0), "{hours:?}");

        // Not selected, reason kept private: the citizen sees the outcome, not the reason.
        sqlx::query(
            "UPDATE application SET status = 'not_selected', reason_code = 'skills', \
             reason_shared = FALSE WHERE id = $1",
        )
        .bind(accept_id)
        .execute(db.pool())
        .await
        .expect("outcome");
        let find = |list: &serde_json::Value| {
            list["applications"]
                .as_array()
                .expect("applications")
                .iter()
                .find(|a| a["id"].as_i64() == Some(accept_id))
                .cloned()
                .expect("the application")
        };
        let mine = find(&citizen.post("/api/my_applications/list", &[]).await.json());
        assert_eq!(mine["status"], "NotSelected");
        assert!(mine["reason"].is_null(), "{mine}");
        sqlx::query("UPDATE application SET reason_shared = TRUE WHERE id = $1")
            .bind(accept_id)
            .execute(db.pool())
            .await
            .expect("share");
        let mine = find(&citizen.post("/api/my_applications/list", &[]).await.json());
        assert_eq!(mine["reason"], "SkillsMissing");
        db.close().await;
        tdb.drop_database().await;
    }
}
