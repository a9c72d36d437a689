//! Documents on tickets through HTTP, on SQLite and PostgreSQL: uploads are accepted or refused by
//! their content (not their name), refused or failed uploads leave no row and no file behind, files
//! are stored under server-made names with their sha256, and only the ticket's requester, an
//! intermediary under a mandate for messages and the staff of the ticket's CPI may upload or
//! download (everyone else gets 404); reads by staff are audited.

mod common;

use app::domain::policy::{MandateScope, OrganisationId, PersonId};
use app::store::mandates::create_mandate;
use app::store::Db;
use axum::body::Body;
use common::auth::{demo_config, demo_db, persona_user_id, start, Browser, TestApp, ORIGIN, START};
use common::TestDatabase;
use http::{header, Request, StatusCode};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// The upload limit of these tests: 1 MB.
const LIMIT: u64 = 1024 * 1024;
const BOUNDARY: &str = "----sportello-test-boundary-7MA4YWxkTrZu0gW";

/// A small but real-looking PDF (ASCII, so the reply's text body is the file byte for byte).
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1]);
    bytes
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A multipart/form-data body with one `file` part, as a browser sends it.
fn multipart(file_name: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// How the upload is sent: a plain form (answered with redirects) or the page's script (JSON).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Form,
    Script,
}

async fn upload(
    browser: &mut Browser,
    ticket: i64,
    via: Via,
    file_name: &str,
    content_type: &str,
    content: &[u8],
) -> common::auth::Reply {
    let body = multipart(file_name, content_type, content);
    // Browsers declare the length of a form upload; `send_chunked` covers those that do not.
    let req = upload_request(ticket, via).header(header::CONTENT_LENGTH, body.len());
    browser
        .send(req.body(Body::from(body)).expect("request"))
        .await
}

fn upload_request(ticket: i64, via: Via) -> http::request::Builder {
    let req = Request::post(format!("/sportello/pratiche/{ticket}/documenti"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ORIGIN, ORIGIN);
    match via {
        Via::Script => req.header(header::ACCEPT, "application/json"),
        Via::Form => req,
    }
}

/// An upload with no declared length (chunked), so only the body limits can stop it.
async fn send_chunked(
    browser: &mut Browser,
    ticket: i64,
    via: Via,
    content: &[u8],
) -> common::auth::Reply {
    let body = multipart("senza-lunghezza.pdf", "application/pdf", content);
    browser
        .send(
            upload_request(ticket, via)
                .body(Body::from(body))
                .expect("request"),
        )
        .await
}

/// The test's world: a demo database, the app with its own upload directory and a 1 MB limit.
struct World {
    db: Db,
    app: TestApp,
    uploads: tempfile::TempDir,
}

async fn world(tdb: &TestDatabase) -> World {
    let db = demo_db(tdb).await;
    let uploads = tempfile::tempdir().expect("upload dir");
    let config = server::startup::RouterConfig {
        upload_dir: uploads.path().to_path_buf(),
        max_upload_bytes: LIMIT,
        ..demo_config(ORIGIN)
    };
    let app = TestApp::new(&config, db.clone());
    World { db, app, uploads }
}

impl World {
    async fn browser_as(&self, persona: &str) -> Browser {
        let mut browser = self.app.browser();
        browser.login(persona).await;
        browser
    }

    /// Every file in the upload directory, temporary ones included.
    fn files(&self) -> Vec<String> {
        files_in(self.uploads.path())
    }

    async fn documents(&self, ticket: i64) -> i64 {
        sqlx::query("SELECT COUNT(*) FROM ticket_document WHERE ticket_id = $1")
            .bind(ticket)
            .fetch_one(self.db.pool())
            .await
            .expect("count")
            .get::<i64, _>(0)
    }

    async fn only_document(&self, ticket: i64) -> sqlx::any::AnyRow {
        sqlx::query(
            "SELECT id, side, mandate_id, display_name, media_type, size_bytes, sha256, \
             storage_name FROM ticket_document WHERE ticket_id = $1",
        )
        .bind(ticket)
        .fetch_one(self.db.pool())
        .await
        .expect("one document")
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn person_of(db: &Db, persona: &str) -> i64 {
    sqlx::query("SELECT person_id FROM app_user WHERE persona = $1")
        .bind(persona)
        .fetch_one(db.pool())
        .await
        .expect("persona")
        .get::<i64, _>(0)
}

/// A ticket of `persona` at the CPI `cpi`, open or closed, written straight into the database.
async fn ticket(db: &Db, persona: &str, cpi: &str, closed: bool) -> i64 {
    ticket_in(db, persona, cpi, if closed { "closed" } else { "open" }).await
}

/// A ticket in `state` (`open`, `waiting_for_requester` or `closed`).
async fn ticket_in(db: &Db, persona: &str, cpi: &str, state: &str) -> i64 {
    let person = person_of(db, persona).await;
    let user = persona_user_id(db, persona).await;
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM ticket")
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0);
    let number = format!("{cpi}-2026-{:06}", n + 1);
    let key = format!("test-idempotency-key-{}", n + 1);
    let closed = state == "closed";
    let (outcome, closed_at) = if closed {
        (Some("resolved"), Some(START))
    } else {
        (None, None)
    };
    let waiting_since = (state == "waiting_for_requester").then_some(START);
    sqlx::query(
        "INSERT INTO ticket (number, cpi_code, service, requester_person_id, submitted_by_user_id, \
         idempotency_key, answers, state, outcome, submitted_at, closed_at, waiting_since, \
         updated_at) VALUES ($1, $2, 'did', $3, $4, $5, '{}', $6, $7, $8, $9, $10, $8) RETURNING id",
    )
    .bind(number)
    .bind(cpi)
    .bind(person)
    .bind(user)
    .bind(key)
    .bind(state)
    .bind(outcome)
    .bind(START)
    .bind(closed_at)
    .bind(waiting_since)
    .fetch_one(db.pool())
    .await
    .expect("ticket")
    .get::<i64, _>(0)
}

async fn audit_count(db: &Db, action: &str, actor: i64, subject: i64) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) FROM audit_event WHERE action = $1 AND actor_user_id = $2 \
         AND subject_person_id = $3",
    )
    .bind(action)
    .bind(actor)
    .bind(subject)
    .fetch_one(db.pool())
    .await
    .expect("audit count")
    .get::<i64, _>(0)
}

fn header_of(reply: &common::auth::Reply, name: header::HeaderName) -> &str {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_pdf_is_stored_under_a_server_name_with_its_sha256_and_downloads_intact() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let mut citizen = w.browser_as("cittadino-1").await;
        let content = pdf();

        let r = upload(
            &mut citizen,
            ticket,
            Via::Form,
            "busta paga.pdf",
            "application/pdf",
            &content,
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        assert_eq!(
            r.location(),
            Some(format!("/sportello/pratiche/{ticket}?esito=documento").as_str())
        );

        let row = w.only_document(ticket).await;
        assert_eq!(row.get::<String, _>("media_type"), "application/pdf");
        assert_eq!(row.get::<String, _>("display_name"), "busta paga.pdf");
        assert_eq!(row.get::<String, _>("side"), "requester");
        assert_eq!(row.get::<i64, _>("size_bytes"), content.len() as i64);
        assert_eq!(row.get::<String, _>("sha256"), sha256_hex(&content));
        let storage_name: String = row.get("storage_name");
        assert!(
            storage_name.len() == 32 && storage_name.bytes().all(|b| b.is_ascii_hexdigit()),
            "{storage_name}"
        );
        assert_eq!(
            w.files(),
            vec![storage_name.clone()],
            "only the final file remains"
        );
        let on_disk = std::fs::read(w.uploads.path().join(&storage_name)).expect("stored file");
        assert_eq!(sha256_hex(&on_disk), sha256_hex(&content));
        let citizen_id = persona_user_id(&w.db, "cittadino-1").await;
        let person = person_of(&w.db, "cittadino-1").await;
        assert_eq!(
            audit_count(&w.db, "ticket_document.upload", citizen_id, person).await,
            1
        );

        let list = citizen
            .post(
                "/api/counter/documents",
                &[("ticket_id", &ticket.to_string())],
            )
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let json = list.json();
        assert_eq!(json["max_upload_bytes"], LIMIT);
        assert_eq!(json["documents"][0]["display_name"], "busta paga.pdf");
        assert_eq!(json["documents"][0]["side"], "Requester");

        let id: i64 = row.get("id");
        let download = citizen.get(&format!("/documenti/{id}")).await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.body.as_bytes(), content.as_slice());
        assert_eq!(
            header_of(&download, header::CONTENT_TYPE),
            "application/pdf"
        );
        assert_eq!(
            header_of(&download, header::CONTENT_DISPOSITION),
            "attachment; filename=\"busta paga.pdf\"; filename*=UTF-8''busta%20paga.pdf"
        );
        assert_eq!(
            header_of(&download, header::X_CONTENT_TYPE_OPTIONS),
            "nosniff"
        );
        assert_eq!(
            header_of(&download, header::CACHE_CONTROL),
            "private, no-store"
        );
        // The requester reading her own document is not an access to audit.
        assert_eq!(
            audit_count(&w.db, "ticket_document.read", citizen_id, person).await,
            0
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_png_named_pdf_is_stored_as_a_png() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let mut citizen = w.browser_as("cittadino-1").await;
        let r = upload(
            &mut citizen,
            ticket,
            Via::Script,
            "scansione.pdf",
            "application/pdf",
            &png(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        assert_eq!(r.json()["outcome"], "documento");
        let row = w.only_document(ticket).await;
        assert_eq!(row.get::<String, _>("media_type"), "image/png");
        assert_eq!(row.get::<String, _>("display_name"), "scansione.png");
        let download = citizen
            .get(&format!("/documenti/{}", row.get::<i64, _>("id")))
            .await;
        assert_eq!(header_of(&download, header::CONTENT_TYPE), "image/png");
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn refused_uploads_leave_no_row_and_no_file() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let mut citizen = w.browser_as("cittadino-1").await;
        let html =
            b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
        let mut just_over = b"%PDF-1.4\n".to_vec();
        just_over.resize(LIMIT as usize + 1, b'x');
        let mut far_over = b"%PDF-1.4\n".to_vec();
        far_over.resize(3 * LIMIT as usize, b'x');
        let cases: [(&str, &[u8], &str, StatusCode); 4] = [
            (
                "pagina.pdf",
                html,
                "tipo",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                "grande.pdf",
                &just_over,
                "troppo_grande",
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (
                "enorme.pdf",
                &far_over,
                "troppo_grande",
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            ("vuoto.pdf", b"", "vuoto", StatusCode::UNPROCESSABLE_ENTITY),
        ];
        for (name, content, code, status) in cases {
            let r = upload(
                &mut citizen,
                ticket,
                Via::Form,
                name,
                "application/pdf",
                content,
            )
            .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
            assert_eq!(
                r.location(),
                Some(format!("/sportello/pratiche/{ticket}?errore={code}").as_str()),
                "{name}"
            );
            let r = upload(
                &mut citizen,
                ticket,
                Via::Script,
                name,
                "application/pdf",
                content,
            )
            .await;
            assert_eq!(r.status, status, "{name}: {}", r.body);
            assert_eq!(r.json()["error"], code, "{name}");
            assert_eq!(
                w.documents(ticket).await,
                0,
                "{:?} {name}: no row",
                tdb.backend
            );
            assert_eq!(
                w.files(),
                Vec::<String>::new(),
                "{name}: no file, not even a temporary one"
            );
        }
        // Without a declared length, the body limits stop it just the same.
        for via in [Via::Form, Via::Script] {
            let r = send_chunked(&mut citizen, ticket, via, &far_over).await;
            assert!(
                matches!(
                    r.status,
                    StatusCode::SEE_OTHER | StatusCode::PAYLOAD_TOO_LARGE
                ),
                "{}: {}",
                r.status,
                r.body
            );
            assert!(
                r.location()
                    .is_none_or(|l| l.ends_with("errore=troppo_grande")),
                "{:?}",
                r.location()
            );
        }
        assert_eq!(w.documents(ticket).await, 0);
        assert!(w.files().is_empty());
        // Exactly at the limit is accepted.
        let mut at_limit = b"%PDF-1.4\n".to_vec();
        at_limit.resize(LIMIT as usize, b'x');
        let r = upload(
            &mut citizen,
            ticket,
            Via::Script,
            "limite.pdf",
            "application/pdf",
            &at_limit,
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(w.files().len(), 1);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_closed_ticket_refuses_uploads() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", true).await;
        let mut citizen = w.browser_as("cittadino-1").await;
        let r = upload(
            &mut citizen,
            ticket,
            Via::Form,
            "tardi.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            Some(format!("/sportello/pratiche/{ticket}?errore=chiusa").as_str())
        );
        let r = upload(
            &mut citizen,
            ticket,
            Via::Script,
            "tardi.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        assert_eq!(w.documents(ticket).await, 0);
        assert!(w.files().is_empty());
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn another_citizen_and_staff_of_another_cpi_get_not_found() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let mut owner = w.browser_as("cittadino-1").await;
        let r = upload(
            &mut owner,
            ticket,
            Via::Script,
            "cv.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let document = r.json()["id"].as_i64().expect("document id");

        for persona in ["cittadino-2", "operatore-tr", "admin", "auditor"] {
            let mut other = w.browser_as(persona).await;
            for via in [Via::Form, Via::Script] {
                let r = upload(&mut other, ticket, via, "x.pdf", "application/pdf", &pdf()).await;
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{:?} {persona} upload",
                    tdb.backend
                );
            }
            let r = other.get(&format!("/documenti/{document}")).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{persona} download");
            let r = other
                .post(
                    "/api/counter/documents",
                    &[("ticket_id", &ticket.to_string())],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{persona} list");
        }
        // No such ticket or document looks the same.
        let r = upload(
            &mut owner,
            999_999,
            Via::Script,
            "x.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            owner.get("/documenti/999999").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            owner.get("/documenti/abc").await.status,
            StatusCode::NOT_FOUND
        );

        let mut anonymous = w.app.browser();
        let r = upload(
            &mut anonymous,
            ticket,
            Via::Script,
            "x.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = upload(
            &mut anonymous,
            ticket,
            Via::Form,
            "x.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(
            r.location(),
            Some("/accesso"),
            "a plain form goes to the login page"
        );
        let r = anonymous.get(&format!("/documenti/{document}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        assert_eq!(w.documents(ticket).await, 1, "only the owner's document");
        assert_eq!(w.files().len(), 1);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn staff_of_the_cpi_upload_and_their_downloads_are_audited() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let person = person_of(&w.db, "cittadino-1").await;
        let mut operator = w.browser_as("operatore-pg").await;
        let r = upload(
            &mut operator,
            ticket,
            Via::Script,
            "modulo.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        let row = w.only_document(ticket).await;
        assert_eq!(row.get::<String, _>("side"), "staff");
        let operator_id = persona_user_id(&w.db, "operatore-pg").await;
        assert_eq!(
            audit_count(&w.db, "ticket_document.read", operator_id, person).await,
            0
        );
        let download = operator
            .get(&format!("/documenti/{}", row.get::<i64, _>("id")))
            .await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(
            audit_count(&w.db, "ticket_document.read", operator_id, person).await,
            1,
            "the audit row names the requester as its subject"
        );
        // The citizen sees who uploaded it.
        let mut citizen = w.browser_as("cittadino-1").await;
        let list = citizen
            .post(
                "/api/counter/documents",
                &[("ticket_id", &ticket.to_string())],
            )
            .await;
        assert_eq!(list.json()["documents"][0]["side"], "Staff");
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_intermediary_needs_a_mandate_for_messages() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let person = person_of(&w.db, "cittadino-1").await;
        let patronato: i64 = sqlx::query("SELECT id FROM organisation WHERE kind = 'patronato'")
            .fetch_one(w.db.pool())
            .await
            .expect("patronato")
            .get(0);
        let seeded: i64 = sqlx::query("SELECT id FROM mandate WHERE delegator_person_id = $1")
            .bind(person)
            .fetch_one(w.db.pool())
            .await
            .expect("seeded mandate")
            .get(0);
        let messages = {
            let mut tx = w.db.pool().begin().await.expect("begin");
            let id = create_mandate(
                &mut tx,
                PersonId(person),
                OrganisationId(patronato),
                &BTreeSet::from([MandateScope::Messages]),
                start(),
                start().plus(Duration::from_secs(30 * 24 * 3600)),
                start(),
            )
            .await
            .expect("mandate");
            tx.commit().await.expect("commit");
            id.0
        };
        let mut intermediary = w.browser_as("patronato").await;
        let acting = |mandate: i64| mandate.to_string();

        // The seeded mandate covers profile and appointments, not messages.
        let r = intermediary
            .post("/api/mandates/act-for", &[("mandate_id", &acting(seeded))])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = upload(
            &mut intermediary,
            ticket,
            Via::Script,
            "x.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", tdb.backend);

        let r = intermediary
            .post(
                "/api/mandates/act-for",
                &[("mandate_id", &acting(messages))],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = upload(
            &mut intermediary,
            ticket,
            Via::Script,
            "delega.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let row = w.only_document(ticket).await;
        assert_eq!(row.get::<String, _>("side"), "requester");
        assert_eq!(row.get::<Option<i64>, _>("mandate_id"), Some(messages));
        let download = intermediary
            .get(&format!("/documenti/{}", row.get::<i64, _>("id")))
            .await;
        assert_eq!(download.status, StatusCode::OK);
        let user = persona_user_id(&w.db, "patronato").await;
        assert_eq!(
            audit_count(&w.db, "ticket_document.read", user, person).await,
            1
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_upload_from_another_site_is_refused_before_anything_is_stored() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket(&w.db, "cittadino-1", "PG", false).await;
        let mut citizen = w.browser_as("cittadino-1").await;
        let req = Request::post(format!("/sportello/pratiche/{ticket}/documenti"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(multipart("x.pdf", "application/pdf", &pdf())))
            .expect("request");
        let r = citizen.send(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", tdb.backend);
        assert_eq!(w.documents(ticket).await, 0);
        assert!(w.files().is_empty());
        tdb.drop_database().await;
    }
}

async fn state_of(db: &Db, ticket: i64) -> String {
    sqlx::query("SELECT state FROM ticket WHERE id = $1")
        .bind(ticket)
        .fetch_one(db.pool())
        .await
        .expect("ticket")
        .get::<String, _>(0)
}

#[tokio::test]
async fn a_document_from_the_requester_hands_a_waiting_ticket_back_to_the_cpi() {
    for tdb in TestDatabase::all().await {
        let w = world(&tdb).await;
        let ticket = ticket_in(&w.db, "cittadino-1", "PG", "waiting_for_requester").await;
        let mut operator = w.browser_as("operatore-pg").await;
        let r = upload(
            &mut operator,
            ticket,
            Via::Script,
            "modulo.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(
            state_of(&w.db, ticket).await,
            "waiting_for_requester",
            "the CPI's own upload does not answer for the requester"
        );
        let mut citizen = w.browser_as("cittadino-1").await;
        let r = upload(
            &mut citizen,
            ticket,
            Via::Script,
            "risposta.pdf",
            "application/pdf",
            &pdf(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "{:?}: {}",
            tdb.backend,
            r.body
        );
        assert_eq!(state_of(&w.db, ticket).await, "in_progress");
        tdb.drop_database().await;
    }
}
