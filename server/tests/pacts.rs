//! The service pact (issue 7) on both backends, through the real server functions: an operator
//! proposes three items, the citizen agrees to two and disputes one with a message, the operator
//! revises it, the citizen agrees and signs (receipt with a protocol number); an agreed item is
//! locked (409); the history only grows; the caseload puts overdue items first; another CPI's
//! operator and another citizen get 404.

mod common;

use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;
use std::time::Duration;

const OPERATOR: &str = "operatore-pg";
const CITIZEN: &str = "cittadino-1";

async fn person_of(db: &Db, persona: &str) -> i64 {
    let user = persona_user_id(db, persona).await;
    sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("person")
        .get::<i64, _>(0)
}

async fn logged_in(app: &TestApp, persona: &str) -> Browser {
    let mut b = app.browser();
    b.login(persona).await;
    b
}

/// Proposes an item; returns the new item's id.
async fn propose(b: &mut Browser, db: &Db, person: i64, kind: &str, deadline: &str) -> i64 {
    let id = person.to_string();
    let text = format!("{kind} entro il {deadline}");
    let r = b
        .post(
            "/api/pacts/propose",
            &[
                ("person_id", &id),
                ("kind", kind),
                ("text", &text),
                ("deadline", deadline),
            ],
        )
        .await;
    assert!(
        r.status == StatusCode::FOUND || r.status == StatusCode::OK,
        "propose: {} {}",
        r.status,
        r.body
    );
    sqlx::query("SELECT MAX(id) FROM pact_item")
        .fetch_one(db.pool())
        .await
        .expect("item")
        .get::<i64, _>(0)
}

async fn state_of(db: &Db, item: i64) -> String {
    sqlx::query("SELECT state FROM pact_item WHERE id = $1")
        .bind(item)
        .fetch_one(db.pool())
        .await
        .expect("item")
        .get(0)
}

async fn history_count(db: &Db) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM pact_item_event")
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0)
}

fn ok(status: StatusCode) -> bool {
    status == StatusCode::FOUND || status == StatusCode::OK
}

#[tokio::test]
async fn a_pact_is_proposed_disputed_revised_agreed_and_signed_with_a_receipt() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let person = person_of(&db, CITIZEN).await;
        let mut operator = logged_in(&app, OPERATOR).await;
        let mut citizen = logged_in(&app, CITIZEN).await;

        let goal = propose(&mut operator, &db, person, "goal", "2026-12-31").await;
        let action = propose(&mut operator, &db, person, "action", "2026-12-15").await;
        let third = propose(&mut operator, &db, person, "action", "2026-12-20").await;
        let mut seen = history_count(&db).await;
        assert_eq!(seen, 3, "{:?}", tdb.backend);

        // The citizen sees the plan.
        let r = citizen.post("/api/pacts/get", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let view = r.json();
        assert_eq!(view["items"].as_array().map(Vec::len), Some(3));
        assert_eq!(view["can_sign"], false);
        let pact_id = view["pact_id"].as_i64().expect("pact id").to_string();

        for item in [goal, action] {
            let r = citizen
                .post("/api/pacts/agree", &[("item_id", &item.to_string())])
                .await;
            assert!(ok(r.status), "agree: {} {}", r.status, r.body);
            assert_eq!(state_of(&db, item).await, "agreed");
        }
        let r = citizen
            .post(
                "/api/pacts/dispute",
                &[
                    ("item_id", &third.to_string()),
                    ("message", "Il 20 dicembre sono fuori città"),
                ],
            )
            .await;
        assert!(ok(r.status), "dispute: {} {}", r.status, r.body);
        assert_eq!(state_of(&db, third).await, "disputed");

        // Not yet: one item is disputed.
        let r = citizen
            .post("/api/pacts/sign", &[("pact_id", &pact_id)])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

        // An agreed item is locked: no revision.
        let r = operator
            .post(
                "/api/pacts/revise",
                &[
                    ("item_id", &goal.to_string()),
                    ("text", "Un altro obiettivo"),
                    ("deadline", "2027-01-31"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        // The citizen does not revise, the operator does not agree.
        let r = citizen
            .post(
                "/api/pacts/revise",
                &[
                    ("item_id", &third.to_string()),
                    ("text", "x"),
                    ("deadline", "2027-01-31"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        let r = operator
            .post(
                "/api/pacts/revise",
                &[
                    ("item_id", &third.to_string()),
                    ("text", "Colloquio di orientamento entro gennaio"),
                    ("deadline", "2027-01-15"),
                ],
            )
            .await;
        assert!(ok(r.status), "revise: {} {}", r.status, r.body);
        assert_eq!(state_of(&db, third).await, "proposed");
        let r = citizen
            .post("/api/pacts/agree", &[("item_id", &third.to_string())])
            .await;
        assert!(ok(r.status), "{}", r.body);

        let r = citizen
            .post("/api/pacts/sign", &[("pact_id", &pact_id)])
            .await;
        assert!(ok(r.status), "sign: {} {}", r.status, r.body);
        let row = sqlx::query("SELECT state, protocol, signed_at FROM pact WHERE id = $1")
            .bind(pact_id.parse::<i64>().expect("id"))
            .fetch_one(db.pool())
            .await
            .expect("pact");
        assert_eq!(row.get::<String, _>(0), "signed");
        let protocol: String = row.get(1);
        assert!(protocol.starts_with("PG-2026-"), "{protocol}");
        assert!(row.get::<Option<String>, _>(2).is_some());
        // Signing twice is a conflict.
        let r = citizen
            .post("/api/pacts/sign", &[("pact_id", &pact_id)])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

        // The citizen marks their action done with evidence; the history only ever grows and the
        // revised item keeps its earlier versions.
        let before = history_count(&db).await;
        assert!(before > seen);
        seen = before;
        let r = citizen
            .post(
                "/api/pacts/done",
                &[("item_id", &action.to_string()), ("evidence", "")],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "evidence needed"
        );
        let r = citizen
            .post(
                "/api/pacts/done",
                &[
                    ("item_id", &action.to_string()),
                    ("evidence", "Iscrizione al corso n. 42"),
                ],
            )
            .await;
        assert!(ok(r.status), "{}", r.body);
        assert_eq!(history_count(&db).await, seen + 1);
        let items: i64 = sqlx::query("SELECT COUNT(*) FROM pact_item")
            .fetch_one(db.pool())
            .await
            .expect("count")
            .get(0);
        assert_eq!(items, 3, "nothing deleted");
        let r = citizen.post("/api/pacts/get", &[]).await;
        let view = r.json();
        assert_eq!(view["protocol"].as_str(), Some(protocol.as_str()));
        let history = view["history"].as_array().expect("history");
        assert_eq!(history.len() as i64, seen + 1);
        assert!(history
            .iter()
            .any(|e| e["message"] == "Il 20 dicembre sono fuori città"));

        // The pages render without JavaScript.
        let page = citizen.get("/area-personale/patto").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&protocol));
        let page = operator
            .get(&format!("/operatore/persone/{person}/patto"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("action=\"/api/pacts/propose\""));
        // Staff reads are audited.
        let reads: i64 =
            sqlx::query("SELECT COUNT(*) FROM audit_event WHERE action = 'pact.read' AND subject_person_id = $1")
                .bind(person)
                .fetch_one(db.pool())
                .await
                .expect("audit")
                .get(0);
        assert!(reads >= 1);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn other_cpis_operators_and_other_citizens_get_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let person = person_of(&db, CITIZEN).await;
        let mut operator = logged_in(&app, OPERATOR).await;
        let item = propose(&mut operator, &db, person, "goal", "2026-12-31").await;
        let pid = person.to_string();
        let iid = item.to_string();

        let mut other_operator = logged_in(&app, "operatore-tr").await;
        let r = other_operator
            .post("/api/pacts/get", &[("person_id", &pid)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", tdb.backend);
        let r = other_operator
            .post(
                "/api/pacts/revise",
                &[("item_id", &iid), ("text", "x"), ("deadline", "2027-01-01")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        let mut other = logged_in(&app, "cittadino-2").await;
        let r = other.post("/api/pacts/get", &[("person_id", &pid)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = other.post("/api/pacts/agree", &[("item_id", &iid)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(state_of(&db, item).await, "proposed");
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_caseload_puts_overdue_items_first() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let first = person_of(&db, CITIZEN).await;
        let others: Vec<i64> = sqlx::query(
            "SELECT p.id FROM person p JOIN comune m ON m.istat_code = p.residence_istat \
             WHERE m.cpi_code = 'PG' AND p.id <> $1 ORDER BY p.id LIMIT 2",
        )
        .bind(first)
        .fetch_all(db.pool())
        .await
        .expect("people")
        .iter()
        .map(|r| r.get(0))
        .collect();
        assert_eq!(others.len(), 2, "two more people of the PG CPI");
        let (a, b, c) = (first, others[0], others[1]);
        let mut operator = logged_in(&app, OPERATOR).await;
        // A: one item soon; B: two items a little later; C: one item far ahead.
        propose(&mut operator, &db, a, "action", "2026-11-28").await;
        propose(&mut operator, &db, b, "action", "2026-11-30").await;
        propose(&mut operator, &db, b, "goal", "2026-12-01").await;
        propose(&mut operator, &db, c, "goal", "2026-12-31").await;

        let order = |v: &serde_json::Value| -> Vec<i64> {
            v["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| e["person_id"].as_i64().expect("id"))
                .collect()
        };
        let r = operator.post("/api/pacts/caseload", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            order(&r.json()),
            vec![a, b, c],
            "by deadline while none is late"
        );

        // Thirteen days on (a new session): B has two overdue items, A one, C none.
        app.clock.advance(Duration::from_secs(13 * 24 * 3600));
        let mut operator = logged_in(&app, OPERATOR).await;
        let r = operator.post("/api/pacts/caseload", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(order(&v), vec![b, a, c], "{:?}", tdb.backend);
        assert_eq!(v["entries"][0]["overdue"], 2);
        assert_eq!(v["entries"][2]["overdue"], 0);

        // The page lists them; other CPIs see none of them.
        let page = operator.get("/operatore/patti").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let mut other = logged_in(&app, "operatore-tr").await;
        let r = other.post("/api/pacts/caseload", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!order(&r.json()).contains(&a));
        let r = other.post("/api/pacts/caseload", &[("cpi", "PG")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        db.close().await;
        tdb.drop_database().await;
    }
}
