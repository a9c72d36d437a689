//! The DID (issue 7) through the real HTTP stack, on SQLite and PostgreSQL: the citizen's wizard
//! saved step by step with version checks, submitted once however often it is sent, the pact
//! interview booked in the same flow; the identity cross-check refusing a registry that
//! contradicts the codice fiscale; the operators' moves with reasons and history, and who gets
//! NotFound; the employment-status certificate as a PDF with its public check.

mod common;

use app::api::did::{CertificateCheck, DidPage};
use app::domain::did::{DidState, IdentityMismatch};
use app::store::Db;
use common::auth::{
    audit_rows, demo_config, demo_db, persona_user_id, Browser, Reply, TestApp, ORIGIN,
};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

const CITIZEN: &str = "cittadino-1";
const OTHER_CITIZEN: &str = "cittadino-2";

fn location(reply: &Reply) -> String {
    reply
        .location()
        .unwrap_or_else(|| panic!("no redirect ({}): {}", reply.status, reply.body))
        .to_string()
}

async fn person_of(db: &Db, persona: &str) -> i64 {
    let user = persona_user_id(db, persona).await;
    sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("user")
        .get::<i64, _>(0)
}

async fn count(db: &Db, sql: &'static str, arg: i64) -> i64 {
    sqlx::query(sql)
        .bind(arg)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

/// The operator persona of the CPI competent for the person, and one of another CPI.
async fn operators_for(db: &Db, person: i64) -> (String, String) {
    let cpi: String = sqlx::query(
        "SELECT c.cpi_code FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
         WHERE p.id = $1",
    )
    .bind(person)
    .fetch_one(db.pool())
    .await
    .expect("competent cpi")
    .get(0);
    let other: String = sqlx::query("SELECT code FROM cpi WHERE code <> $1 ORDER BY code LIMIT 1")
        .bind(&cpi)
        .fetch_one(db.pool())
        .await
        .expect("another cpi")
        .get(0);
    (
        format!("operatore-{}", cpi.to_lowercase()),
        format!("operatore-{}", other.to_lowercase()),
    )
}

async fn page(browser: &mut Browser, person_id: Option<i64>) -> Reply {
    let id = person_id.map(|p| p.to_string()).unwrap_or_default();
    let args: Vec<(&str, &str)> = if id.is_empty() {
        Vec::new()
    } else {
        vec![("person_id", id.as_str())]
    };
    browser.post("/api/did/get", &args).await
}

async fn did_page(browser: &mut Browser, person_id: Option<i64>) -> DidPage {
    let r = page(browser, person_id).await;
    assert_eq!(r.status, StatusCode::OK, "did page: {}", r.body);
    serde_json::from_str(&r.body).expect("did page")
}

async fn save(browser: &mut Browser, step: &str, version: i64, fields: &[(&str, &str)]) -> Reply {
    let version = version.to_string();
    let names: Vec<String> = fields.iter().map(|(k, _)| format!("a[{k}]")).collect();
    let mut pairs = vec![("step", step), ("version", version.as_str())];
    for ((_, value), name) in fields.iter().zip(&names) {
        pairs.push((name.as_str(), value));
    }
    browser.post("/api/did/save-step", &pairs).await
}

const SITUATION: &[(&str, &str)] = &[
    ("situation", "unemployed"),
    ("last_occupation", "Commessa"),
    ("last_end_date", "2026-06-30"),
    ("last_sector", "trade"),
];
const PROFILING: &[(&str, &str)] = &[
    ("eqf", "4"),
    ("months_without_work", "5"),
    ("family", "with_parents"),
    ("dependants", "0"),
];

/// Starts the DID and saves every step valid; returns the version reached.
async fn fill(browser: &mut Browser, residence: &str) -> i64 {
    let r = browser.post("/api/did/start", &[]).await;
    assert_eq!(location(&r), "/area-personale/did/residenza");
    let mut version = did_page(browser, None).await.did.expect("draft").version;
    for (step, fields) in [
        ("residenza", vec![("residence", residence)]),
        ("situazione", SITUATION.to_vec()),
        ("profilazione", PROFILING.to_vec()),
    ] {
        let r = save(browser, step, version, &fields).await;
        assert!(r.location().is_some(), "{step}: {} {}", r.status, r.body);
        version += 1;
    }
    version
}

async fn change(
    browser: &mut Browser,
    person: i64,
    event: &str,
    reason: Option<&str>,
    version: i64,
) -> Reply {
    let person = person.to_string();
    let version = version.to_string();
    let mut pairs = vec![
        ("person_id", person.as_str()),
        ("event", event),
        ("version", version.as_str()),
    ];
    if let Some(r) = reason {
        pairs.push(("reason", r));
    }
    browser.post("/api/did/change-state", &pairs).await
}

#[tokio::test]
async fn a_citizen_completes_the_did_once_and_books_the_pact_interview() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        server::demo::agenda::ensure_demo_slots(&db, common::auth::start())
            .await
            .expect("slots");
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut phone = app.browser();
        phone.login(CITIZEN).await;
        let person = person_of(&db, CITIZEN).await;

        let before = did_page(&mut phone, None).await;
        assert!(before.did.is_none());
        assert!(
            before.identity.mismatches.is_empty(),
            "{:?}",
            before.identity
        );
        assert!(!before.certifiable());

        let r = phone.post("/api/did/start", &[]).await;
        assert_eq!(location(&r), "/area-personale/did/residenza");
        // Pressed twice: the same draft, prefilled with the registry's residence.
        let r = phone.post("/api/did/start", &[]).await;
        assert_eq!(location(&r), "/area-personale/did/residenza");
        let draft = did_page(&mut phone, None).await.did.expect("draft");
        assert_eq!(draft.state, DidState::Draft);
        assert_eq!(
            draft.answers["residenza"]
                .get("residence")
                .map(String::as_str),
            Some("054039")
        );
        assert!(draft.cpi_code.is_some());
        let v = draft.version;

        let r = save(&mut phone, "residenza", v, &[("residence", "054039")]).await;
        assert_eq!(location(&r), "/area-personale/did/situazione");
        // A second device still showing the old version.
        let r = save(&mut phone, "situazione", v, SITUATION).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let r = save(&mut phone, "situazione", v + 1, SITUATION).await;
        assert_eq!(location(&r), "/area-personale/did/profilazione");
        // A refused step is kept as typed, with the field errors.
        let r = save(
            &mut phone,
            "profilazione",
            v + 2,
            &[("eqf", "9"), ("months_without_work", "5")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let fields: Vec<String> = r.json()["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(fields.contains(&"eqf".to_string()), "{fields:?}");
        assert!(fields.contains(&"family".to_string()), "{fields:?}");
        // Submitting an incomplete draft is refused.
        let r = phone
            .post("/api/did/submit", &[("version", &(v + 3).to_string())])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = save(&mut phone, "profilazione", v + 3, PROFILING).await;
        assert_eq!(location(&r), "/area-personale/did/riepilogo");

        let version = (v + 4).to_string();
        let r = phone
            .post("/api/did/submit", &[("version", &version)])
            .await;
        assert_eq!(location(&r), "/area-personale/did/ricevuta");
        // Sent again (a double click, a replay): the same receipt, still one DID.
        let r = phone
            .post("/api/did/submit", &[("version", &version)])
            .await;
        assert_eq!(location(&r), "/area-personale/did/ricevuta");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM did WHERE person_id = $1", person).await,
            1
        );
        let submitted = did_page(&mut phone, None).await;
        let did = submitted.did.clone().expect("did");
        assert_eq!(did.state, DidState::Submitted);
        assert!(
            did.protocol
                .as_deref()
                .is_some_and(|p| p.contains("-2026-")),
            "{:?}",
            did.protocol
        );
        assert!(did.submitted_at.is_some());
        assert_eq!(did.history.len(), 2, "{:?}", did.history);
        assert!(submitted.certifiable());
        let user = persona_user_id(&db, CITIZEN).await;
        assert_eq!(audit_rows(&db, "did.submit", user).await, 1);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM notification WHERE recipient_user_id = $1 AND kind = 'did_submitted'",
                user
            )
            .await,
            1
        );
        let notices = phone.get("/area-personale/notifiche").await;
        let protocol = did.protocol.clone().unwrap_or_default();
        assert!(
            notices
                .body
                .contains(&format!("DID inviata: protocollo {protocol}")),
            "the DID notice, in its own words"
        );

        // The receipt offers the pact interview at the DID's CPI.
        assert!(!submitted.slots.is_empty(), "no free slots offered");
        let slot = submitted.slots[0].id.to_string();
        let r = phone
            .post("/api/did/book-slot", &[("slot_id", &slot)])
            .await;
        assert_eq!(location(&r), "/area-personale/did?esito=prenotato");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM appointment WHERE person_id = $1 AND state = 'booked'",
                person
            )
            .await,
            1
        );
        let after = did_page(&mut phone, None).await;
        assert!(after.next_appointment.is_some());

        // The pages render on the server, without JavaScript.
        let r = phone.get("/area-personale/did").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains(did.protocol.as_deref().unwrap_or("?")),
            "overview without protocol"
        );
        let r = phone.get("/area-personale/did/ricevuta").await;
        assert_eq!(r.status, StatusCode::OK);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_registry_that_contradicts_the_codice_fiscale_blocks_the_submission() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let person = person_of(&db, OTHER_CITIZEN).await;
        // The registry says 1979; the codice fiscale says 1978.
        sqlx::query("UPDATE person SET birth_date = '1979-09-30' WHERE id = $1")
            .bind(person)
            .execute(db.pool())
            .await
            .expect("registry edit");
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login(OTHER_CITIZEN).await;
        let version = fill(&mut browser, "055032").await;
        let p = did_page(&mut browser, None).await;
        assert_eq!(p.identity.mismatches, vec![IdentityMismatch::BirthDate]);
        assert_eq!(
            p.identity
                .derived
                .as_ref()
                .map(|d| d.birth_date.to_string()),
            Some("1978-09-30".to_string())
        );
        let r = browser
            .post("/api/did/submit", &[("version", &version.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("identity"), "{}", r.body);
        let p = did_page(&mut browser, None).await;
        assert_eq!(p.did.map(|d| d.state), Some(DidState::Draft));
        // The check page says why, in words.
        let r = browser.get("/area-personale/did/riepilogo").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("non corrisponde al codice fiscale"),
            "no mismatch message"
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn operators_of_the_cpi_move_the_did_with_reasons_and_others_get_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut citizen = app.browser();
        citizen.login(CITIZEN).await;
        let version = fill(&mut citizen, "054039").await;
        let r = citizen
            .post("/api/did/submit", &[("version", &version.to_string())])
            .await;
        assert!(r.location().is_some(), "{}", r.body);
        let person = person_of(&db, CITIZEN).await;
        let (operator_persona, other_persona) = operators_for(&db, person).await;

        let mut other_operator = app.browser();
        other_operator.login(&other_persona).await;
        assert_eq!(
            page(&mut other_operator, Some(person)).await.status,
            StatusCode::NOT_FOUND
        );
        let v = did_page(&mut citizen, None).await.did.expect("did").version;
        let r = change(&mut other_operator, person, "activate", None, v).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

        let mut other_citizen = app.browser();
        other_citizen.login(OTHER_CITIZEN).await;
        assert_eq!(
            page(&mut other_citizen, Some(person)).await.status,
            StatusCode::NOT_FOUND
        );
        let r = change(&mut other_citizen, person, "close", Some("renounced"), v).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        // The holder may not activate their own DID.
        let r = change(&mut citizen, person, "activate", None, v).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        let mut operator = app.browser();
        operator.login(&operator_persona).await;
        let seen = did_page(&mut operator, Some(person)).await;
        assert!(seen.staff);
        let operator_user = persona_user_id(&db, &operator_persona).await;
        assert_eq!(audit_rows(&db, "did.read", operator_user).await, 1);
        let r = change(&mut operator, person, "activate", None, v).await;
        assert_eq!(
            location(&r),
            format!("/operatore/persone/{person}/did?esito=activate")
        );
        // The page was stale: activating again with the old version.
        let r = change(&mut operator, person, "activate", None, v).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let r = change(&mut operator, person, "suspend", None, v + 1).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = change(&mut operator, person, "suspend", Some("short_job"), v + 1).await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = change(&mut operator, person, "reactivate", None, v + 2).await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = change(&mut operator, person, "close", Some("hired"), v + 3).await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = change(&mut operator, person, "reactivate", None, v + 4).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "a closed DID stays closed");

        let notices = citizen.get("/area-personale/notifiche").await;
        assert!(
            notices.body.contains("La tua DID è ora: Sospesa")
                && notices.body.contains("La tua DID è ora: Chiusa"),
            "each change the CPI made, told in words"
        );
        let did = did_page(&mut citizen, None).await.did.expect("did");
        assert_eq!(did.state, DidState::Closed);
        assert_eq!(did.reason.as_deref(), Some("hired"));
        assert!(
            did.activated_at.is_some() && did.suspended_at.is_some() && did.closed_at.is_some()
        );
        let moves: Vec<(Option<DidState>, DidState, Option<String>)> = did
            .history
            .iter()
            .map(|h| (h.from, h.to, h.reason.clone()))
            .collect();
        assert_eq!(
            moves,
            vec![
                (None, DidState::Draft, None),
                (Some(DidState::Draft), DidState::Submitted, None),
                (Some(DidState::Submitted), DidState::Active, None),
                (
                    Some(DidState::Active),
                    DidState::Suspended,
                    Some("short_job".into())
                ),
                (Some(DidState::Suspended), DidState::Active, None),
                (
                    Some(DidState::Active),
                    DidState::Closed,
                    Some("hired".into())
                ),
            ]
        );
        assert!(did.history[2].actor.is_some(), "the operator is named");
        assert_eq!(audit_rows(&db, "did.suspend", operator_user).await, 1);
        // The operator's page renders with the history.
        let r = operator
            .get(&format!("/operatore/persone/{person}/did"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Lavoro di durata non superiore a sei mesi"));
        // After closing, the citizen may start a new DID.
        let r = citizen.post("/api/did/start", &[]).await;
        assert_eq!(location(&r), "/area-personale/did/residenza");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM did WHERE person_id = $1", person).await,
            2
        );
        tdb.drop_database().await;
    }
}

async fn verify(browser: &mut Browser, code: &str) -> CertificateCheck {
    let r = browser
        .post("/api/did/verify-certificate", &[("code", code)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).expect("check")
}

#[tokio::test]
async fn the_certificate_downloads_as_a_pdf_and_anyone_can_check_its_code() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut citizen = app.browser();
        citizen.login(CITIZEN).await;
        let r = citizen.get("/area-personale/did/certificato.pdf").await;
        assert_eq!(r.status, StatusCode::CONFLICT, "no DID yet: {}", r.body);
        assert!(r.body.contains("dopo aver inviato la DID"), "{}", r.body);
        let mut anonymous = app.browser();
        let r = anonymous.get("/area-personale/did/certificato.pdf").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        let version = fill(&mut citizen, "054039").await;
        let r = citizen
            .post("/api/did/submit", &[("version", &version.to_string())])
            .await;
        assert!(r.location().is_some(), "{}", r.body);

        let r = citizen.get("/area-personale/did/certificato.pdf").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            r.headers
                .get(http::header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(&b"application/pdf"[..])
        );
        let cache = r
            .headers
            .get(http::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(cache.contains("no-store"), "{cache}");
        assert!(r.body.starts_with("%PDF-"));
        let user = persona_user_id(&db, CITIZEN).await;
        assert_eq!(audit_rows(&db, "did.certificate", user).await, 1);
        let person = person_of(&db, CITIZEN).await;
        let code: String = sqlx::query("SELECT code FROM status_certificate WHERE person_id = $1")
            .bind(person)
            .fetch_one(db.pool())
            .await
            .expect("certificate row")
            .get(0);
        assert_eq!(code.len(), 12);
        assert!(r.body.contains(&code), "the code is printed on the PDF");
        assert!(
            r.body
                .contains(&format!("{ORIGIN}/verifica-certificato?codice={code}")),
            "the check's address is printed under the QR"
        );

        // Anyone checks it, typed loosely; the codice fiscale is masked.
        let typed = format!(" {}-{} ", code[..6].to_lowercase(), &code[6..]);
        match verify(&mut anonymous, &typed).await {
            CertificateCheck::Found(f) => {
                assert!(f.current);
                assert_eq!(f.state, DidState::Submitted);
                assert_eq!(f.holder, "G. Ferretti");
                assert!(f.codice_fiscale_masked.contains('*'));
                assert_eq!(f.codice_fiscale_masked.len(), 16);
            }
            other => panic!("expected the certificate, got {other:?}"),
        }
        assert_eq!(
            verify(&mut anonymous, "ZZZZZZZZZZZZ").await,
            CertificateCheck::NotFound
        );
        assert_eq!(
            verify(&mut anonymous, "x").await,
            CertificateCheck::NotFound
        );
        let r = anonymous
            .get(&format!("/verifica-certificato?codice={code}"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("Certificato autentico e ancora attuale"),
            "valid page"
        );
        assert!(
            !r.body.contains(&code_fiscale_of(&db, person).await),
            "full codice fiscale leaked"
        );
        let r = anonymous
            .get("/verifica-certificato?codice=ZZZZZZZZZZZZ")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Nessun certificato con questo codice"));

        // The holder renounces: the certificate no longer describes the DID.
        let v = did_page(&mut citizen, None).await.did.expect("did").version;
        let r = change(&mut citizen, person, "close", Some("renounced"), v).await;
        assert!(r.location().is_some(), "{}", r.body);
        match verify(&mut anonymous, &code).await {
            CertificateCheck::Found(f) => {
                assert!(!f.current);
                assert_eq!(f.state_now, DidState::Closed);
            }
            other => panic!("expected the certificate, got {other:?}"),
        }
        let r = anonymous
            .get(&format!("/verifica-certificato?codice={code}"))
            .await;
        assert!(
            r.body.contains("lo stato della DID è cambiato"),
            "superseded page"
        );
        tdb.drop_database().await;
    }
}

async fn code_fiscale_of(db: &Db, person: i64) -> String {
    sqlx::query("SELECT codice_fiscale FROM person WHERE id = $1")
        .bind(person)
        .fetch_one(db.pool())
        .await
        .expect("person")
        .get(0)
}
