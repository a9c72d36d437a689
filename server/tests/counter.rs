//! The virtual counter (issue 5) through the real HTTP stack, on SQLite and PostgreSQL: a guided
//! request saved step by step and resumed, submitted once however often it is sent, protocol
//! numbers without gaps under concurrency, the operator's moves along the state machine, and
//! special-category answers kept apart.

mod common;

use app::api::counter::{DraftView, MyRequestsView, TicketView};
use app::domain::ticket::TicketState;
use common::auth::{demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

/// A form post that succeeded: the server function redirects (as a 200 with `Location` for a
/// client that does not ask for HTML, as these tests do).
fn redirected(reply: &common::auth::Reply) -> bool {
    (reply.status.is_success() || reply.status.is_redirection()) && reply.location().is_some()
}

fn location(reply: &common::auth::Reply) -> String {
    reply
        .location()
        .unwrap_or_else(|| panic!("no redirect ({}): {}", reply.status, reply.body))
        .to_string()
}

/// The number after `prefix` in a path such as `/sportello/pratiche/12?esito=inviata`.
fn id_after(path: &str, prefix: &str) -> i64 {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split(['/', '?']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{path} does not start with {prefix}<id>"))
}

async fn draft(browser: &mut Browser, id: i64) -> DraftView {
    let r = browser
        .post("/api/counter/draft", &[("id", &id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "draft: {}", r.body);
    serde_json::from_str(&r.body).expect("draft view")
}

async fn ticket(browser: &mut Browser, id: i64) -> (StatusCode, Option<TicketView>) {
    let r = browser
        .post("/api/counter/ticket", &[("id", &id.to_string())])
        .await;
    let view = (r.status == StatusCode::OK).then(|| serde_json::from_str(&r.body).expect("ticket"));
    (r.status, view)
}

async fn start(browser: &mut Browser, service: &str) -> i64 {
    let key = uuid::Uuid::new_v4().simple().to_string();
    let r = browser
        .post("/api/counter/start", &[("service", service), ("key", &key)])
        .await;
    id_after(&location(&r), "/sportello/richieste/")
}

async fn save(
    browser: &mut Browser,
    draft_id: i64,
    step: &str,
    version: i64,
    fields: &[(&str, &str)],
) -> common::auth::Reply {
    let id = draft_id.to_string();
    let version = version.to_string();
    let mut pairs = vec![
        ("draft_id", id.as_str()),
        ("step", step),
        ("version", version.as_str()),
    ];
    pairs.extend_from_slice(fields);
    browser.post("/api/counter/save-step", &pairs).await
}

/// A "write to the CPI" request filled in and submitted; returns the ticket id.
async fn submitted_request(browser: &mut Browser, body: &str) -> i64 {
    let id = start(browser, "scrivi-al-cpi").await;
    let mut version = draft(browser, id).await.version;
    for (step, fields) in [
        ("residenza", vec![("comune", "054039")]),
        ("contatti", vec![("phone", "333 123 4567")]),
        ("messaggio", vec![("topic", "information"), ("body", body)]),
    ] {
        let r = save(browser, id, step, version, &fields).await;
        assert!(redirected(&r), "{step}: {} {}", r.status, r.body);
        version += 1;
    }
    let r = browser
        .post("/api/counter/submit", &[("draft_id", &id.to_string())])
        .await;
    id_after(&location(&r), "/sportello/pratiche/")
}

#[tokio::test]
async fn a_request_is_saved_step_by_step_resumed_and_submitted_once() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut phone = app.browser();
        phone.login("cittadino-1").await;

        let id = start(&mut phone, "scrivi-al-cpi").await;
        let d = draft(&mut phone, id).await;
        // The residence on record fills the first step, which still waits for confirmation.
        assert_eq!(
            d.answers
                .get(&app::domain::wizard::StepId::Residence)
                .and_then(|a| a.get("comune"))
                .map(String::as_str),
            Some("054039")
        );
        assert!(d.steps.iter().all(|s| !s.done));
        let r = save(
            &mut phone,
            id,
            "residenza",
            d.version,
            &[("comune", "054039")],
        )
        .await;
        assert_eq!(location(&r), format!("/sportello/richieste/{id}/contatti"));

        // A refused step keeps what was typed and stays open.
        let r = save(
            &mut phone,
            id,
            "contatti",
            d.version + 1,
            &[("email", "giulia at home")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("email"), "{}", r.body);

        // Another device resumes exactly there: same answers, same open step.
        let mut desktop = app.browser();
        desktop.login("cittadino-1").await;
        let d = draft(&mut desktop, id).await;
        let contacts = d
            .steps
            .iter()
            .find(|s| s.step == app::domain::wizard::StepId::Contacts)
            .expect("contacts step");
        assert!(!contacts.done);
        assert_eq!(
            d.answers
                .get(&app::domain::wizard::StepId::Contacts)
                .and_then(|a| a.get("email"))
                .map(String::as_str),
            Some("giulia at home")
        );
        // A save from the phone's stale form is refused, not silently applied.
        let stale = save(
            &mut phone,
            id,
            "contatti",
            d.version - 1,
            &[("email", "g@example.it")],
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);

        let r = save(
            &mut desktop,
            id,
            "contatti",
            d.version,
            &[("email", "g@example.it")],
        )
        .await;
        assert_eq!(location(&r), format!("/sportello/richieste/{id}/messaggio"));
        let early = desktop
            .post("/api/counter/submit", &[("draft_id", &id.to_string())])
            .await;
        assert_eq!(
            early.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            early.body
        );
        let r = save(
            &mut desktop,
            id,
            "messaggio",
            d.version + 1,
            &[("topic", "documents"), ("body", "Mi serve un certificato")],
        )
        .await;
        assert_eq!(location(&r), format!("/sportello/richieste/{id}/riepilogo"));

        let first = desktop
            .post("/api/counter/submit", &[("draft_id", &id.to_string())])
            .await;
        let again = phone
            .post("/api/counter/submit", &[("draft_id", &id.to_string())])
            .await;
        let ticket_id = id_after(&location(&first), "/sportello/pratiche/");
        assert_eq!(
            id_after(&location(&again), "/sportello/pratiche/"),
            ticket_id
        );
        let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ticket")
            .fetch_one(db.pool())
            .await
            .expect("count")
            .try_get("n")
            .expect("n");
        assert_eq!(count, 1, "{:?}", tdb.backend);

        let (status, view) = ticket(&mut phone, ticket_id).await;
        assert_eq!(status, StatusCode::OK);
        let view = view.expect("view");
        assert_eq!(view.number, "PG-2026-000001");
        assert_eq!(view.state, TicketState::Open);
        assert_eq!(view.standing.expect("in the queue").position, 1);
        assert!(view
            .answers
            .iter()
            .any(|(_, field, value)| field == "body" && value == "Mi serve un certificato"));

        let mine = phone.post("/api/counter/mine", &[]).await;
        let mine: MyRequestsView = serde_json::from_str(&mine.body).expect("mine");
        assert_eq!(mine.tickets.len(), 1);
        assert!(
            mine.drafts.is_empty(),
            "a submitted draft is no longer open"
        );

        // Someone else's ticket does not exist for them.
        let mut other = app.browser();
        other.login("cittadino-2").await;
        assert_eq!(ticket(&mut other, ticket_id).await.0, StatusCode::NOT_FOUND);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn concurrent_submissions_get_gap_free_protocol_numbers_and_one_ticket_per_draft() {
    const REQUESTS: usize = 16;
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_max_level(tracing::Level::ERROR)
        .try_init();
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let mut drafts = Vec::new();
        for _ in 0..REQUESTS {
            let id = start(&mut citizen, "scrivi-al-cpi").await;
            for (version, (step, fields)) in [
                ("residenza", vec![("comune", "054039")]),
                ("contatti", vec![("email", "g@example.it")]),
                ("messaggio", vec![("topic", "other"), ("body", "Domanda")]),
            ]
            .into_iter()
            .enumerate()
            {
                let r = save(&mut citizen, id, step, version as i64 + 1, &fields).await;
                assert!(redirected(&r), "{}", r.body);
            }
            drafts.push(id);
        }
        // Every draft submitted twice at once (a double click), all drafts at the same time.
        let token = citizen.token().expect("session").to_string();
        let mut tasks = Vec::new();
        for id in drafts.iter().chain(drafts.iter()) {
            let mut browser = app.browser();
            browser.set_token(Some(&token));
            let id = *id;
            tasks.push(tokio::spawn(async move {
                let r = browser
                    .post("/api/counter/submit", &[("draft_id", &id.to_string())])
                    .await;
                (id, r.status, r.location().map(str::to_string))
            }));
        }
        let mut tickets_of_draft = std::collections::BTreeMap::new();
        for task in tasks {
            let (draft, status, location) = task.await.expect("task");
            assert!(status.is_success(), "{status}");
            let ticket = id_after(&location.expect("location"), "/sportello/pratiche/");
            tickets_of_draft
                .entry(draft)
                .or_insert_with(Vec::new)
                .push(ticket);
        }
        for (draft, tickets) in &tickets_of_draft {
            assert_eq!(tickets[0], tickets[1], "draft {draft} made two tickets");
        }
        let numbers: Vec<String> = sqlx::query("SELECT number FROM ticket ORDER BY number")
            .fetch_all(db.pool())
            .await
            .expect("numbers")
            .iter()
            .map(|r| r.try_get("number").expect("number"))
            .collect();
        let expected: Vec<String> = (1..=REQUESTS).map(|n| format!("PG-2026-{n:06}")).collect();
        assert_eq!(numbers, expected, "{:?}", tdb.backend);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_operator_calls_asks_hears_back_and_closes() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let first = submitted_request(&mut citizen, "Prima domanda").await;
        let second = submitted_request(&mut citizen, "Seconda domanda").await;
        let (_, view) = ticket(&mut citizen, second).await;
        assert_eq!(view.expect("view").standing.expect("queued").position, 2);

        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let mut elsewhere = app.browser();
        elsewhere.login("operatore-tr").await;
        assert_eq!(ticket(&mut elsewhere, first).await.0, StatusCode::NOT_FOUND);

        // "Call next" takes the oldest; the second moves up to first place.
        let r = operator
            .post("/api/operator/call-next", &[("cpi", "PG")])
            .await;
        assert_eq!(location(&r), format!("/sportello/pratiche/{first}"));
        let (_, view) = ticket(&mut citizen, second).await;
        assert_eq!(view.expect("view").standing.expect("queued").position, 1);
        let (_, view) = ticket(&mut citizen, first).await;
        assert_eq!(view.expect("view").state, TicketState::InProgress);

        let r = operator
            .post(
                "/api/operator/ask",
                &[
                    ("ticket_id", &first.to_string()),
                    ("body", "Serve la carta d'identità"),
                ],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        // One unread message until the citizen opens the ticket.
        let unread = |body: &str| -> i64 {
            let mine: MyRequestsView = serde_json::from_str(body).expect("mine");
            mine.tickets
                .iter()
                .find(|t| t.id == first)
                .map(|t| t.unread)
                .expect("listed")
        };
        assert_eq!(
            unread(&citizen.post("/api/counter/mine", &[]).await.body),
            1
        );
        let (_, view) = ticket(&mut citizen, first).await;
        assert_eq!(
            unread(&citizen.post("/api/counter/mine", &[]).await.body),
            0
        );
        let view = view.expect("view");
        assert_eq!(view.state, TicketState::WaitingForRequester);
        assert!(view
            .messages
            .iter()
            .any(|m| m.from_staff && m.asks_documents));
        let unread: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM notification WHERE recipient_user_id = $1")
                .bind(persona_user_id(&db, "cittadino-1").await)
                .fetch_one(db.pool())
                .await
                .map(|r| r.try_get("n").expect("n"))
                .unwrap_or(-1);
        assert!(unread >= 1, "the citizen was not notified ({unread})");

        // The citizen's answer hands the ticket back to the operator.
        let r = citizen
            .post(
                "/api/counter/post-message",
                &[
                    ("ticket_id", &first.to_string()),
                    ("body", "Eccola in allegato"),
                ],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        let (_, view) = ticket(&mut operator, first).await;
        assert_eq!(view.expect("view").state, TicketState::InProgress);

        let r = operator
            .post(
                "/api/operator/close",
                &[("ticket_id", &first.to_string()), ("outcome", "resolved")],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        let (_, view) = ticket(&mut citizen, first).await;
        let view = view.expect("view");
        assert_eq!(view.state, TicketState::Closed);
        assert!(!view.can.write);
        let late = citizen
            .post(
                "/api/counter/post-message",
                &[("ticket_id", &first.to_string()), ("body", "Ancora io")],
            )
            .await;
        assert_eq!(late.status, StatusCode::CONFLICT);

        // Every staff read of the ticket is in the audit log, with the citizen as its subject.
        let reads: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_event WHERE action = 'read' AND object_type = 'ticket' \
             AND actor_user_id = $1 AND object_id = $2",
        )
        .bind(persona_user_id(&db, "operatore-pg").await)
        .bind(first.to_string())
        .fetch_one(db.pool())
        .await
        .expect("audit")
        .try_get("n")
        .expect("n");
        assert!(reads >= 1);
        let history: Vec<String> =
            sqlx::query("SELECT kind FROM ticket_event WHERE ticket_id = $1 ORDER BY id")
                .bind(first)
                .fetch_all(db.pool())
                .await
                .expect("events")
                .iter()
                .map(|r| r.try_get("kind").expect("kind"))
                .collect();
        assert_eq!(
            history,
            [
                "submitted",
                "taken",
                "asked_requester",
                "requester_answered",
                "closed"
            ]
        );
        // The citizen's data export carries the requests, their threads and history.
        let export = citizen.get("/api/me/data").await.json();
        assert_eq!(export["tickets"].as_array().map(Vec::len), Some(2));
        assert!(export["ticket_messages"]
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["body"] == "Serve la carta d'identità")));
        assert_eq!(export["ticket_history"].as_array().map(Vec::len), Some(6));
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn disability_answers_are_kept_apart_and_age_limits_hold() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let id = start(&mut citizen, "collocamento-mirato").await;
        let steps: [(&str, Vec<(&str, &str)>); 4] = [
            ("residenza", vec![("comune", "054039")]),
            ("contatti", vec![("email", "g@example.it")]),
            ("situazione", vec![("situation", "unemployed")]),
            (
                "disabilita",
                vec![
                    ("category", "civil"),
                    ("percent", "67"),
                    ("certified_on", "2024-05-02"),
                ],
            ),
        ];
        for (version, (step, fields)) in steps.into_iter().enumerate() {
            let r = save(&mut citizen, id, step, version as i64 + 1, &fields).await;
            assert!(redirected(&r), "{step}: {}", r.body);
        }
        let stored: String = sqlx::query("SELECT answers FROM service_draft WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("draft")
            .try_get("answers")
            .expect("answers");
        assert!(
            !stored.contains("67"),
            "disability data in the draft: {stored}"
        );
        let r = citizen
            .post("/api/counter/submit", &[("draft_id", &id.to_string())])
            .await;
        let ticket_id = id_after(&location(&r), "/sportello/pratiche/");
        let answers: String = sqlx::query("SELECT answers FROM ticket WHERE id = $1")
            .bind(ticket_id)
            .fetch_one(db.pool())
            .await
            .expect("ticket")
            .try_get("answers")
            .expect("answers");
        assert!(!answers.contains("percent"), "{answers}");
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM draft_sensitive")
            .fetch_one(db.pool())
            .await
            .expect("count")
            .try_get("n")
            .expect("n");
        assert_eq!(left, 0, "the draft's copy goes once the ticket has its own");
        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let (_, view) = ticket(&mut operator, ticket_id).await;
        assert!(view
            .expect("view")
            .answers
            .iter()
            .any(|(_, f, v)| f == "percent" && v == "67"));

        // Garanzia Giovani is for 15–29: cittadino-2 (born 1978) is refused at the start.
        let mut older = app.browser();
        older.login("cittadino-2").await;
        let key = uuid::Uuid::new_v4().simple().to_string();
        let r = older
            .post(
                "/api/counter/start",
                &[("service", "garanzia-giovani"), ("key", &key)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_intermediary_sends_a_request_for_a_client_under_a_messages_mandate() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        // cittadino-3 entrusts the patronato with the counter.
        let mut client = app.browser();
        client.login("cittadino-3").await;
        let organisation: i64 = sqlx::query("SELECT id FROM organisation WHERE kind = 'patronato'")
            .fetch_one(db.pool())
            .await
            .expect("patronato")
            .try_get("id")
            .expect("id");
        let r = client
            .post(
                "/api/mandates/grant",
                &[
                    ("organisation_id", &organisation.to_string()),
                    ("months", "3"),
                    ("messages", "on"),
                ],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        let mandate: i64 = sqlx::query(
            "SELECT MAX(id) AS id FROM mandate WHERE organisation_id = $1 AND scopes = 'messages'",
        )
        .bind(organisation)
        .fetch_one(db.pool())
        .await
        .expect("mandate")
        .try_get("id")
        .expect("id");

        let mut patronato = app.browser();
        patronato.login("patronato").await;
        let r = patronato
            .post(
                "/api/mandates/act-for",
                &[("mandate_id", &mandate.to_string())],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        let ticket_id = submitted_request(&mut patronato, "Per conto della mia assistita").await;
        let (mandate_on_ticket, person): (Option<i64>, i64) = {
            let row =
                sqlx::query("SELECT mandate_id, requester_person_id FROM ticket WHERE id = $1")
                    .bind(ticket_id)
                    .fetch_one(db.pool())
                    .await
                    .expect("ticket");
            (
                row.try_get("mandate_id").expect("m"),
                row.try_get("requester_person_id").expect("p"),
            )
        };
        assert_eq!(mandate_on_ticket, Some(mandate));
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_event WHERE object_type = 'ticket' AND action = 'create' \
             AND mandate_id = $1 AND acting_for_person_id = $2",
        )
        .bind(mandate)
        .bind(person)
        .fetch_one(db.pool())
        .await
        .expect("audit")
        .try_get("n")
        .expect("n");
        assert_eq!(audited, 1, "the submission is recorded under the mandate");
        // The client finds it among their own requests.
        let mine = client.post("/api/counter/mine", &[]).await;
        let mine: MyRequestsView = serde_json::from_str(&mine.body).expect("mine");
        assert!(mine.tickets.iter().any(|t| t.id == ticket_id));

        // Revoked: the intermediary's very next request no longer reaches the ticket.
        let r = client
            .post(
                "/api/mandates/revoke",
                &[("mandate_id", &mandate.to_string())],
            )
            .await;
        assert!(redirected(&r), "{}", r.body);
        assert_eq!(
            ticket(&mut patronato, ticket_id).await.0,
            StatusCode::NOT_FOUND
        );
        db.close().await;
        tdb.drop_database().await;
    }
}
