//! The CPI's review of vacancies (issue 6) through the real HTTP stack, on SQLite and PostgreSQL:
//! the queue per CPI, starting the review, approve (then public), request changes (the wizard's
//! draft reopens, the company is told), reject with a reason, races, and the expiry sweep.

mod common;

use app::api::vacancy_review::{QueueView, ReviewView};
use app::domain::session_policy::Timestamp;
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

/// The demo company of the personas and the CPI of its seat.
async fn demo_company(db: &Db) -> (i64, String) {
    let admin = persona_user_id(db, "impresa-titolare").await;
    let row = sqlx::query(
        "SELECT c.id, m.cpi_code FROM user_role r JOIN company c ON c.id = r.company_id \
         JOIN comune m ON m.istat_code = c.seat_istat \
         WHERE r.user_id = $1 AND r.role = 'company_admin'",
    )
    .bind(admin)
    .fetch_one(db.pool())
    .await
    .expect("demo company");
    (row.get::<i64, _>(0), row.get::<String, _>(1))
}

/// A vacancy as the wizard leaves it at submission (with its draft, every step completed).
struct NewVacancy<'a> {
    company: i64,
    cpi: &'a str,
    status: &'a str,
    title: &'a str,
    submitted_at: &'a str,
    expires_on: &'a str,
}

async fn insert_vacancy(db: &Db, v: &NewVacancy<'_>) -> i64 {
    let protocol = format!("{}-2026-{}", v.cpi, uuid::Uuid::new_v4().simple());
    let id: i64 = sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, cpi_code, protocol, submitted_at, \
         created_at, form) VALUES ($1, $2, $3, $4, 'cuoco', '5120', 1, '054039', 'onsite', \
         'TEMPO-DETERMINATO', 'FULL-TIME', 1600, 1900, 'month', '2027-01-10', $5, $6, $7, $8, $8, \
         $9) RETURNING id",
    )
    .bind(v.company)
    .bind(v.status)
    .bind(v.title)
    .bind("Cerchiamo un cuoco, max 30 anni, per la cucina del ristorante.")
    .bind(v.expires_on)
    .bind(v.cpi)
    .bind(protocol)
    .bind(v.submitted_at)
    .bind(r#"{"ruolo":{"title":"Cuoco","positions":"1"},"luogo":{"comune":"054039"}}"#)
    .fetch_one(db.pool())
    .await
    .expect("vacancy")
    .get(0);
    let user = persona_user_id(db, "impresa-titolare").await;
    sqlx::query(
        "INSERT INTO vacancy_draft (company_id, created_by_user_id, updated_by_user_id, \
         idempotency_key, answers, completed_steps, version, vacancy_id, created_at, updated_at, \
         submitted_at) VALUES ($1, $2, $2, $3, '{}', 'ruolo,luogo,requisiti,candidature', 5, $4, \
         $5, $5, $5)",
    )
    .bind(v.company)
    .bind(user)
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(id)
    .bind(v.submitted_at)
    .execute(db.pool())
    .await
    .expect("draft");
    id
}

fn submitted<'a>(company: i64, cpi: &'a str, title: &'a str, at: &'a str) -> NewVacancy<'a> {
    NewVacancy {
        company,
        cpi,
        status: "submitted",
        title,
        submitted_at: at,
        expires_on: "2027-06-30",
    }
}

async fn queue(browser: &mut Browser, cpi: Option<&str>) -> (StatusCode, Option<QueueView>) {
    let pairs: Vec<(&str, &str)> = cpi.map(|c| vec![("cpi", c)]).unwrap_or_default();
    let r = browser.post("/api/review/queue", &pairs).await;
    let view = (r.status == StatusCode::OK).then(|| serde_json::from_str(&r.body).expect("queue"));
    (r.status, view)
}

async fn review(browser: &mut Browser, id: i64) -> (StatusCode, Option<ReviewView>) {
    let r = browser
        .post("/api/review/get", &[("id", &id.to_string())])
        .await;
    let view = (r.status == StatusCode::OK).then(|| serde_json::from_str(&r.body).expect("review"));
    (r.status, view)
}

async fn status_of(db: &Db, id: i64) -> (String, Option<String>, String) {
    let row = sqlx::query("SELECT status, closed_reason, expires_on FROM vacancy WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("vacancy");
    (row.get(0), row.get(1), row.get(2))
}

async fn notifications(db: &Db, kind: &str, id: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM notification WHERE kind = $1 AND link = $2")
        .bind(kind)
        .bind(format!("/impresa/offerte/{id}"))
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0)
}

async fn members(db: &Db, company: i64) -> i64 {
    let members = app::store::companies::members(
        &mut db.pool().acquire().await.expect("conn"),
        app::domain::policy::CompanyId(company),
    )
    .await
    .expect("members");
    members.len() as i64
}

fn other(cpi: &str) -> &'static str {
    if cpi == "PG" {
        "operatore-tr"
    } else {
        "operatore-pg"
    }
}

#[tokio::test]
async fn the_queue_lists_the_cpis_vacancies_oldest_first_and_no_one_elses() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let newer = insert_vacancy(
            &db,
            &submitted(
                company,
                &cpi,
                "Cuoco capopartita",
                "2026-11-26T10:00:00.000Z",
            ),
        )
        .await;
        let older = insert_vacancy(
            &db,
            &submitted(company, &cpi, "Aiuto cuoco", "2026-11-20T10:00:00.000Z"),
        )
        .await;
        let draft = insert_vacancy(
            &db,
            &NewVacancy {
                status: "draft",
                ..submitted(company, &cpi, "Lavapiatti", "2026-11-21T10:00:00.000Z")
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());

        let mut operator = app.browser();
        operator
            .login(&format!("operatore-{}", cpi.to_lowercase()))
            .await;
        let (status, view) = queue(&mut operator, None).await;
        assert_eq!(status, StatusCode::OK);
        let view = view.expect("view");
        let ids: Vec<i64> = view.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![older, newer], "oldest first, drafts left out");
        assert!(!ids.contains(&draft));
        assert_eq!(view.submitted, 2);
        // Submitted 2026-11-20 10:00; now is 2026-11-27 08:00: six whole days.
        assert_eq!(view.rows[0].waiting_days, 6);
        assert!(!view.rows[0].company_name.is_empty());

        let mut stranger = app.browser();
        stranger.login(other(&cpi)).await;
        let (status, view) = queue(&mut stranger, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(view.expect("view").rows.is_empty());
        assert_eq!(review(&mut stranger, older).await.0, StatusCode::NOT_FOUND);
        // Asking for another CPI's queue by name is refused.
        assert_eq!(
            queue(&mut stranger, Some(&cpi)).await.0,
            StatusCode::NOT_FOUND
        );

        let mut supervisor = app.browser();
        supervisor.login("supervisore").await;
        let (_, view) = queue(&mut supervisor, Some(&cpi)).await;
        assert_eq!(view.expect("view").rows.len(), 2);

        let mut company_admin = app.browser();
        company_admin.login("impresa-titolare").await;
        assert_eq!(
            review(&mut company_admin, older).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            review(&mut app.browser(), older).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn an_approved_vacancy_is_published_public_and_the_company_told() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let id = insert_vacancy(
            &db,
            &NewVacancy {
                title: "Pasticciere Zafferano",
                ..submitted(company, &cpi, "", "2026-11-25T10:00:00.000Z")
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut operator = app.browser();
        operator
            .login(&format!("operatore-{}", cpi.to_lowercase()))
            .await;

        // Reading writes no state change.
        let (_, view) = review(&mut operator, id).await;
        let view = view.expect("review");
        assert!(view.can_start && view.can_decide);
        assert_eq!(status_of(&db, id).await.0, "submitted");
        assert!(
            view.findings.iter().any(|f| f.rule.starts_with("age")),
            "the wording check flags 'max 30 anni': {:?}",
            view.findings
        );
        assert_eq!(view.default_expires_on, "2027-01-26");
        assert!(view
            .answers
            .iter()
            .any(|(s, f, v)| s == "ruolo" && f == "title" && v == "Cuoco"));

        let page = operator.get(&format!("/operatore/offerte/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for text in [
            "Pasticciere Zafferano",
            "Avvia l",
            "Approva e pubblica",
            "max 30 anni",
        ] {
            assert!(page.body.contains(text), "{text}: {}", page.body);
        }
        let list = operator.get("/operatore/offerte").await;
        assert!(list.body.contains("Pasticciere Zafferano"));

        let r = operator
            .post("/api/review/start", &[("vacancy_id", &id.to_string())])
            .await;
        assert!(r.location().is_some(), "{} {}", r.status, r.body);
        assert_eq!(status_of(&db, id).await.0, "in_review");
        // Starting twice is a conflict: someone already did.
        let r = operator
            .post("/api/review/start", &[("vacancy_id", &id.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);

        let r = operator
            .post(
                "/api/review/approve",
                &[("vacancy_id", &id.to_string()), ("expires_on", "")],
            )
            .await;
        assert_eq!(
            r.location(),
            Some("/operatore/offerte?esito=approvata"),
            "{} {}",
            r.status,
            r.body
        );
        let (status, _, expires) = status_of(&db, id).await;
        assert_eq!(
            (status.as_str(), expires.as_str()),
            ("published", "2027-01-26")
        );
        assert_eq!(
            notifications(&db, "vacancy_approved", id).await,
            members(&db, company).await
        );
        assert!(members(&db, company).await >= 2, "admin and recruiter");

        // A second approval finds it already published.
        let r = operator
            .post(
                "/api/review/approve",
                &[("vacancy_id", &id.to_string()), ("expires_on", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);

        let mut visitor = app.browser();
        let r = visitor
            .post("/api/jobs/search", &[("q", "zafferano")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let found: app::api::jobs::JobSearchView = serde_json::from_str(&r.body).expect("jobs");
        assert_eq!(
            found.rows.iter().map(|j| j.id).collect::<Vec<_>>(),
            vec![id]
        );

        let history: Vec<String> = review(&mut operator, id)
            .await
            .1
            .expect("review")
            .history
            .into_iter()
            .map(|h| h.kind)
            .collect();
        assert_eq!(history, vec!["review_started", "approved"]);
        let audits: i64 = sqlx::query(
            "SELECT COUNT(*) FROM audit_event WHERE object_type = 'vacancy' AND object_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(db.pool())
        .await
        .expect("audit")
        .get(0);
        // Two reads (the API and the page), start, approve and the last read; refused moves
        // leave nothing.
        assert_eq!(audits, 5);
    }
}

#[tokio::test]
async fn requesting_changes_reopens_the_draft_at_the_step_and_tells_the_company() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let id = insert_vacancy(
            &db,
            &submitted(company, &cpi, "Cameriera", "2026-11-25T10:00:00.000Z"),
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut operator = app.browser();
        operator
            .login(&format!("operatore-{}", cpi.to_lowercase()))
            .await;
        let vid = id.to_string();
        for (step, message, field) in [
            ("altro", "Va bene", "step"),
            ("", "Va bene", "step"),
            ("luogo", "   ", "message"),
        ] {
            let r = operator
                .post(
                    "/api/review/request-changes",
                    &[("vacancy_id", &vid), ("step", step), ("message", message)],
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{step:?} {message:?}"
            );
            assert!(r.body.contains(field), "{}", r.body);
        }
        assert_eq!(status_of(&db, id).await.0, "submitted");

        let r = operator
            .post(
                "/api/review/request-changes",
                &[
                    ("vacancy_id", &vid),
                    ("step", "luogo"),
                    ("message", "Indicate la retribuzione annua."),
                ],
            )
            .await;
        assert!(r.location().is_some(), "{} {}", r.status, r.body);
        assert_eq!(status_of(&db, id).await.0, "draft");
        let draft = sqlx::query(
            "SELECT submitted_at, reopened_step, completed_steps, version FROM vacancy_draft \
             WHERE vacancy_id = $1",
        )
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("draft");
        assert_eq!(draft.get::<Option<String>, _>(0), None);
        assert_eq!(draft.get::<Option<String>, _>(1).as_deref(), Some("luogo"));
        assert_eq!(draft.get::<String, _>(2), "ruolo,requisiti,candidature");
        assert_eq!(draft.get::<i64, _>(3), 6);
        let event = sqlx::query(
            "SELECT step, note FROM vacancy_event WHERE vacancy_id = $1 AND kind = 'changes_requested'",
        )
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("event");
        assert_eq!(event.get::<Option<String>, _>(0).as_deref(), Some("luogo"));
        assert_eq!(
            event.get::<Option<String>, _>(1).as_deref(),
            Some("Indicate la retribuzione annua.")
        );
        let told = notifications(&db, "vacancy_changes_requested", id).await;
        assert_eq!(told, members(&db, company).await);
        assert!(told >= 2);
        // A draft is no longer the reviewer's to decide.
        let r = operator
            .post(
                "/api/review/reject",
                &[("vacancy_id", &vid), ("reason", "Troppo tardi")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
    }
}

#[tokio::test]
async fn rejecting_needs_a_reason_and_closes_the_vacancy() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let id = insert_vacancy(
            &db,
            &submitted(company, &cpi, "Hostess", "2026-11-25T10:00:00.000Z"),
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut operator = app.browser();
        operator
            .login(&format!("operatore-{}", cpi.to_lowercase()))
            .await;
        let vid = id.to_string();
        let r = operator
            .post(
                "/api/review/reject",
                &[("vacancy_id", &vid), ("reason", " ")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status_of(&db, id).await.0, "submitted");
        // Another CPI's operator cannot, and learns nothing.
        let mut stranger = app.browser();
        stranger.login(other(&cpi)).await;
        let r = stranger
            .post(
                "/api/review/reject",
                &[("vacancy_id", &vid), ("reason", "No")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        let r = operator
            .post(
                "/api/review/reject",
                &[("vacancy_id", &vid), ("reason", "Offerta discriminatoria")],
            )
            .await;
        assert!(r.location().is_some(), "{} {}", r.status, r.body);
        let (status, reason, _) = status_of(&db, id).await;
        assert_eq!(
            (status.as_str(), reason.as_deref()),
            ("closed", Some("rejected"))
        );
        assert_eq!(
            notifications(&db, "vacancy_rejected", id).await,
            members(&db, company).await
        );
    }
}

#[tokio::test]
async fn the_publication_end_must_be_within_the_allowed_range() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let id = insert_vacancy(
            &db,
            &submitted(company, &cpi, "Barista", "2026-11-25T10:00:00.000Z"),
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut operator = app.browser();
        operator
            .login(&format!("operatore-{}", cpi.to_lowercase()))
            .await;
        let vid = id.to_string();
        // Today is 2026-11-27; the longest publication ends 180 days later, 2027-05-26.
        for bad in ["2026-11-26", "2027-05-27", "2026-13-01", "domani"] {
            let r = operator
                .post(
                    "/api/review/approve",
                    &[("vacancy_id", &vid), ("expires_on", bad)],
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
        let r = operator
            .post(
                "/api/review/approve",
                &[("vacancy_id", &vid), ("expires_on", "2027-05-26")],
            )
            .await;
        assert!(r.location().is_some(), "{} {}", r.status, r.body);
        assert_eq!(status_of(&db, id).await.2, "2027-05-26");
    }
}

#[tokio::test]
async fn the_expiry_sweep_closes_published_vacancies_past_their_last_day() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, cpi) = demo_company(&db).await;
        let past = insert_vacancy(
            &db,
            &NewVacancy {
                status: "published",
                expires_on: "2026-11-26",
                ..submitted(company, &cpi, "Scaduta", "2026-10-01T10:00:00.000Z")
            },
        )
        .await;
        let last_day = insert_vacancy(
            &db,
            &NewVacancy {
                status: "published",
                expires_on: "2026-11-27",
                ..submitted(company, &cpi, "Ultimo giorno", "2026-10-01T10:00:00.000Z")
            },
        )
        .await;
        let now = Timestamp::parse_iso("2026-11-27T23:59:00.000Z").expect("now");
        let closed = server::vacancy_expiry::run_once(&db, now)
            .await
            .expect("sweep");
        assert!(closed.contains(&past));
        assert!(!closed.contains(&last_day), "its last day is not over");
        let (status, reason, _) = status_of(&db, past).await;
        assert_eq!(
            (status.as_str(), reason.as_deref()),
            ("closed", Some("expired"))
        );
        assert_eq!(status_of(&db, last_day).await.0, "published");
        assert_eq!(
            notifications(&db, "vacancy_expired", past).await,
            members(&db, company).await
        );
        // Running again changes nothing; the next day closes the other.
        let again = server::vacancy_expiry::run_once(&db, now)
            .await
            .expect("sweep");
        assert!(again.is_empty(), "{again:?}");
        let tomorrow = Timestamp::parse_iso("2026-11-28T00:10:00.000Z").expect("now");
        let next = server::vacancy_expiry::run_once(&db, tomorrow)
            .await
            .expect("sweep");
        assert!(next.contains(&last_day));
        let kinds: i64 = sqlx::query(
            "SELECT COUNT(*) FROM vacancy_event WHERE vacancy_id = $1 AND kind = 'expired'",
        )
        .bind(past)
        .fetch_one(db.pool())
        .await
        .expect("events")
        .get(0);
        assert_eq!(kinds, 1);
    }
}
