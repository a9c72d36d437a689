//! The company workspace (issue 6) on SQLite and PostgreSQL: the dashboard's filters, counts and
//! stable pages over generated vacancies and applications, another company's vacancy answering
//! 404, filling and withdrawing along the state machine (and `Conflict` once closed), the profile's
//! validation and audit, and duplicate detection among 10,000 open vacancies.

mod common;

use app::api::vacancies::{VacancyDashboard, VacancyView};
use app::domain::vacancy::{ClosedReason, VacancyState};
use app::store::vacancy_duplicates::possible_duplicates;
use app::store::Db;
use common::auth::{audit_rows, demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;
use std::collections::BTreeSet;
use std::time::Instant;

async fn scalar(db: &Db, sql: &'static str, arg: i64) -> i64 {
    sqlx::query(sql)
        .bind(arg)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

/// The demo company the `impresa-titolare` persona administers.
async fn demo_company(db: &Db) -> i64 {
    let admin = persona_user_id(db, "impresa-titolare").await;
    scalar(
        db,
        "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
        admin,
    )
    .await
}

/// Inserts `n` vacancies of `company`: every third published, then submitted, then closed;
/// titles "Cuoco n" / "Cameriere n" alternating; comune Perugia or Terni. Returns their ids.
async fn generate(db: &Db, company: i64, n: usize) -> Vec<i64> {
    let mut tx = db.pool().begin().await.expect("begin");
    let mut ids = Vec::new();
    for i in 0..n {
        let status = ["published", "submitted", "closed"][i % 3];
        let (title, occupation) = if i % 2 == 0 {
            (format!("Cuoco {i}"), "cuoco")
        } else {
            (format!("Cameriere {i}"), "cameriere")
        };
        let istat = if i % 4 == 0 { "055032" } else { "054039" };
        let id: i64 = sqlx::query(
            "INSERT INTO vacancy (company_id, status, title, description, occupation_id, \
             isco_code, positions, work_istat, work_mode, contract_code, working_time_code, \
             salary_min, salary_max, salary_period, start_date, expires_on, closed_reason) \
             VALUES ($1, $2, $3, 'Descrizione', $4, '5120', 1, $5, 'onsite', 'tempo_determinato', \
             'full_time', 1500, 1800, 'month', '2026-12-01', '2027-01-31', $6) RETURNING id",
        )
        .bind(company)
        .bind(status)
        .bind(title)
        .bind(occupation)
        .bind(istat)
        .bind((status == "closed").then_some("withdrawn"))
        .fetch_one(&mut *tx)
        .await
        .expect("vacancy")
        .get(0);
        ids.push(id);
    }
    tx.commit().await.expect("commit");
    ids
}

/// Applications to `vacancy` from the first `n` people: the first `fresh` still `applied`.
async fn apply(db: &Db, vacancy: i64, n: i64, fresh: i64) {
    let people: Vec<i64> = sqlx::query("SELECT id FROM person ORDER BY id LIMIT $1")
        .bind(n)
        .fetch_all(db.pool())
        .await
        .expect("people")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(people.len() as i64, n, "enough demo people");
    for (i, person) in people.into_iter().enumerate() {
        let status = if (i as i64) < fresh {
            "applied"
        } else {
            "interview"
        };
        sqlx::query(
            "INSERT INTO application (vacancy_id, person_id, source, status, created_at, \
             updated_at) VALUES ($1, $2, 'applied', $3, '2026-11-27T08:00:00.000Z', \
             '2026-11-27T08:00:00.000Z')",
        )
        .bind(vacancy)
        .bind(person)
        .bind(status)
        .execute(db.pool())
        .await
        .expect("application");
    }
}

async fn dashboard(browser: &mut Browser, pairs: &[(&str, &str)]) -> VacancyDashboard {
    let r = browser.post("/api/vacancies/list", pairs).await;
    assert_eq!(r.status, StatusCode::OK, "list: {}", r.body);
    serde_json::from_str(&r.body).expect("dashboard")
}

async fn vacancy(browser: &mut Browser, id: i64) -> (StatusCode, Option<VacancyView>) {
    let r = browser
        .post("/api/vacancies/get", &[("id", &id.to_string())])
        .await;
    let view = (r.status == StatusCode::OK).then(|| serde_json::from_str(&r.body).expect("view"));
    (r.status, view)
}

/// The demo company with no vacancies of its own: only generated ones count.
async fn clean_company(db: &Db) -> i64 {
    let company = demo_company(db).await;
    sqlx::query("DELETE FROM vacancy WHERE company_id = $1")
        .bind(company)
        .execute(db.pool())
        .await
        .expect("clean");
    company
}

#[tokio::test]
async fn dashboard_filters_counts_and_pages_stably() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = clean_company(&db).await;
        let ids = generate(&db, company, 500).await;
        apply(&db, ids[0], 5, 2).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut admin = app.browser();
        admin.login("impresa-titolare").await;
        let c = company.to_string();

        let started = Instant::now();
        let all = dashboard(&mut admin, &[("company_id", &c)]).await;
        let first_page = started.elapsed();
        if std::env::var("SPORTELLO_TIMINGS").is_ok() {
            eprintln!(
                "{:?}: dashboard page of 500 vacancies in {first_page:?}",
                tdb.backend
            );
        }
        assert_eq!(all.matching, 500);
        assert_eq!(all.rows.len(), 25);
        assert_eq!(all.rows[0].id, *ids.last().expect("ids"), "newest first");
        let counts: Vec<(VacancyState, i64)> = all.counts.clone();
        assert_eq!(
            counts,
            vec![
                (VacancyState::Submitted, 167),
                (VacancyState::Published, 167),
                (VacancyState::Closed, 166),
            ]
        );

        // Pages: every vacancy exactly once, and a vacancy added meanwhile shifts nothing.
        let mut seen = BTreeSet::new();
        let mut page = all;
        loop {
            for row in &page.rows {
                assert!(seen.insert(row.id), "{} twice", row.id);
            }
            let Some(before) = page.next_before else {
                break;
            };
            if seen.len() == 50 {
                generate(&db, company, 1).await;
            }
            page = dashboard(
                &mut admin,
                &[("company_id", &c), ("before", &before.to_string())],
            )
            .await;
            assert!(page.paged);
        }
        assert_eq!(seen.len(), 500);
        assert_eq!(seen, ids.iter().copied().collect());

        // Filters combine; the applicant counts come with the row.
        let cooks = dashboard(
            &mut admin,
            &[
                ("company_id", &c),
                ("q", "cuoco"),
                ("status", "published"),
                ("comune", "055032"),
            ],
        )
        .await;
        let expected = (0..500)
            .filter(|i| i % 2 == 0 && i % 3 == 0 && i % 4 == 0)
            .count() as i64;
        // + the "Cuoco 0" added while paging.
        assert_eq!(cooks.matching, expected + 1);
        assert!(cooks.rows.iter().all(|r| r.title.starts_with("Cuoco")
            && r.status == VacancyState::Published
            && r.comune.as_deref() == Some("Terni")));
        let first = dashboard(
            &mut admin,
            &[
                ("company_id", &c),
                ("q", "Cuoco 0"),
                ("occupation", "cuoco"),
            ],
        )
        .await;
        let row = first.rows.iter().find(|r| r.id == ids[0]).expect("first");
        assert_eq!((row.applicants, row.new_applicants), (5, 2));
        let none = dashboard(&mut admin, &[("company_id", &c), ("q", "100%")]).await;
        assert_eq!(none.matching, 0, "a % is a character, not a wildcard");

        let bad = admin
            .post(
                "/api/vacancies/list",
                &[("company_id", &c), ("status", "x")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        drop(app);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn filling_and_withdrawing_move_once_and_others_get_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = clean_company(&db).await;
        let ids = generate(&db, company, 6).await;
        let (published, also_published, closed) = (ids[0], ids[3], ids[2]);
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut recruiter = app.browser();
        recruiter.login("impresa-selezione").await;

        let (status, view) = vacancy(&mut recruiter, published).await;
        assert_eq!(status, StatusCode::OK);
        let view = view.expect("view");
        assert!(view.can_fill && view.can_withdraw);

        let unticked = recruiter
            .post(
                "/api/vacancies/fill",
                &[("vacancy_id", &published.to_string())],
            )
            .await;
        assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
        let args = [
            ("vacancy_id", published.to_string()),
            ("confirm", "on".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = recruiter.post("/api/vacancies/fill", &pairs).await;
        assert!(
            r.location().is_some_and(|l| l.ends_with("?esito=coperta")),
            "{} {}",
            r.status,
            r.body
        );
        let (_, view) = vacancy(&mut recruiter, published).await;
        let view = view.expect("view");
        assert_eq!(view.status, VacancyState::Filled);
        assert_eq!(view.closed_reason, Some(ClosedReason::Filled));
        assert!(!view.can_fill && !view.can_withdraw);
        assert_eq!(view.history.len(), 1, "one event: filled");
        let again = recruiter.post("/api/vacancies/fill", &pairs).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let user = persona_user_id(&db, "impresa-selezione").await;
        assert_eq!(audit_rows(&db, "vacancy.fill", user).await, 1);

        let withdraw = |id: i64| [("vacancy_id", id.to_string()), ("confirm", "on".into())];
        let closed_args = withdraw(closed);
        let pairs: Vec<(&str, &str)> = closed_args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = recruiter.post("/api/vacancies/withdraw", &pairs).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "already closed");
        let open_args = withdraw(also_published);
        let pairs: Vec<(&str, &str)> = open_args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = recruiter.post("/api/vacancies/withdraw", &pairs).await;
        assert!(r.location().is_some(), "{} {}", r.status, r.body);
        let reason: Option<String> = sqlx::query("SELECT closed_reason FROM vacancy WHERE id = $1")
            .bind(also_published)
            .fetch_one(db.pool())
            .await
            .expect("row")
            .get(0);
        assert_eq!(reason.as_deref(), Some("withdrawn"));

        // Another company's administrator and the CPI's operators see nothing here.
        let other = scalar(&db, "SELECT MIN(id) FROM company WHERE id <> $1", company).await;
        let theirs = generate(&db, other, 1).await[0];
        let (status, _) = vacancy(&mut recruiter, theirs).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let r = recruiter
            .post(
                "/api/vacancies/withdraw",
                &[("vacancy_id", &theirs.to_string()), ("confirm", "on")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let (status, _) = vacancy(&mut operator, ids[1]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The page renders without JavaScript for the company.
        let page = recruiter
            .get(&format!("/impresa/offerte/{published}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Segnata come coperta"), "{}", page.body);
        drop(app);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_profile_refuses_bad_fields_at_once_and_audits_a_change() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = demo_company(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut admin = app.browser();
        admin.login("impresa-titolare").await;
        let c = company.to_string();
        let r = admin
            .post(
                "/api/vacancies/update-profile",
                &[
                    ("company_id", &c),
                    ("ateco_code", "99.99.99"),
                    ("seat_istat", "999999"),
                    ("size_band", "huge"),
                    ("email", "nope"),
                    ("phone", "12"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let fields: BTreeSet<String> = r.json()["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().expect("field").to_string())
            .collect();
        let expected: BTreeSet<String> =
            ["ateco_code", "seat_istat", "size_band", "email", "phone"]
                .into_iter()
                .map(String::from)
                .collect();
        assert_eq!(fields, expected);

        let r = admin
            .post(
                "/api/vacancies/update-profile",
                &[
                    ("company_id", &c),
                    ("ateco_code", "56.11.11"),
                    ("seat_istat", "055032"),
                    ("size_band", "medium"),
                    ("email", " info@impresa.example "),
                    ("phone", "0744 123 456"),
                ],
            )
            .await;
        assert!(
            r.location().is_some_and(|l| l.contains("esito=salvato")),
            "{} {}",
            r.status,
            r.body
        );
        let row = sqlx::query(
            "SELECT ateco_code, seat_istat, size_band, email, phone FROM company WHERE id = $1",
        )
        .bind(company)
        .fetch_one(db.pool())
        .await
        .expect("company");
        assert_eq!(row.get::<String, _>(0), "56.11.11");
        assert_eq!(row.get::<String, _>(1), "055032");
        assert_eq!(row.get::<String, _>(2), "medium");
        assert_eq!(
            row.get::<Option<String>, _>(3).as_deref(),
            Some("info@impresa.example")
        );
        assert_eq!(
            row.get::<Option<String>, _>(4).as_deref(),
            Some("0744123456")
        );
        let user = persona_user_id(&db, "impresa-titolare").await;
        assert_eq!(audit_rows(&db, "company.profile.update", user).await, 1);

        let mut recruiter = app.browser();
        recruiter.login("impresa-selezione").await;
        let r = recruiter
            .post("/api/vacancies/profile", &[("company_id", &c)])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["can_edit"], false);
        assert_eq!(r.json()["size_band"], "Medium");
        drop(app);
        db.close().await;
        tdb.drop_database().await;
    }
}

/// A company with no demo data around it, for the store-level duplicate test.
async fn bare_company(db: &Db) -> i64 {
    sqlx::query(
        "INSERT INTO company (partita_iva, codice_fiscale, name, ateco_code, seat_istat, \
         size_band) VALUES ('01234567890', '01234567890', 'Trattoria', '56.10.11', '054039', \
         'small') RETURNING id",
    )
    .fetch_one(db.pool())
    .await
    .expect("company")
    .get(0)
}

#[tokio::test]
async fn duplicates_are_found_among_ten_thousand_open_vacancies() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let company = bare_company(&db).await;
        // 10,000 open vacancies that are not duplicates, then the one that is, and a closed twin.
        let mut tx = db.pool().begin().await.expect("begin");
        for chunk in 0..100 {
            let mut sql = String::from(
                "INSERT INTO vacancy (company_id, status, title, description, occupation_id, \
                 isco_code, positions, work_istat, work_mode, contract_code, working_time_code, \
                 salary_min, salary_max, salary_period, start_date, expires_on) VALUES ",
            );
            for i in 0..100 {
                let n = chunk * 100 + i;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "($1, 'published', 'Magazziniere reparto {n}', 'x', 'magazziniere', '9333', 1, \
                     '054039', 'onsite', 'c', 'w', 1, 1, 'month', '2026-12-01', '2027-01-31')"
                ));
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(company)
                .execute(&mut *tx)
                .await
                .expect("bulk");
        }
        let twin: i64 = sqlx::query(
            "INSERT INTO vacancy (company_id, status, title, description, occupation_id, \
             isco_code, positions, work_istat, work_mode, contract_code, working_time_code, \
             salary_min, salary_max, salary_period, start_date, expires_on) VALUES \
             ($1, 'in_review', 'Cameriera di sala', 'x', 'cameriere', '5131', 1, '054039', \
             'onsite', 'c', 'w', 1, 1, 'month', '2026-12-01', '2027-01-31') RETURNING id",
        )
        .bind(company)
        .fetch_one(&mut *tx)
        .await
        .expect("twin")
        .get(0);
        sqlx::query(
            "INSERT INTO vacancy (company_id, status, title, description, occupation_id, \
             isco_code, positions, work_istat, work_mode, contract_code, working_time_code, \
             salary_min, salary_max, salary_period, start_date, expires_on) VALUES \
             ($1, 'filled', 'Cameriere di sala', 'x', 'cameriere', '5131', 1, '054039', \
             'onsite', 'c', 'w', 1, 1, 'month', '2026-12-01', '2027-01-31')",
        )
        .bind(company)
        .execute(&mut *tx)
        .await
        .expect("closed twin");
        tx.commit().await.expect("commit");

        let mut conn = db.pool().acquire().await.expect("conn");
        let started = Instant::now();
        let hits = possible_duplicates(
            &mut conn,
            company,
            "Cameriere/a sala",
            "cameriere",
            Some("054039"),
            None,
        )
        .await
        .expect("duplicates");
        let elapsed = started.elapsed();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].vacancy_id, twin);
        assert_eq!(hits[0].status, VacancyState::InReview);
        // Generous for a debug build on a shared machine; the benchmark measures it properly.
        assert!(elapsed.as_secs() < 5, "{elapsed:?}");

        let excluded = possible_duplicates(
            &mut conn,
            company,
            "Cameriera di sala",
            "cameriere",
            Some("054039"),
            Some(twin),
        )
        .await
        .expect("duplicates");
        assert!(
            excluded.is_empty(),
            "the vacancy itself is not its duplicate"
        );
        let miss = possible_duplicates(&mut conn, company, "Fisioterapista", "fisio", None, None)
            .await
            .expect("duplicates");
        assert!(miss.is_empty(), "{miss:?}");
        let many = possible_duplicates(
            &mut conn,
            company,
            "Magazziniere reparto",
            "magazziniere",
            Some("054039"),
            None,
        )
        .await
        .expect("duplicates");
        assert_eq!(many.len(), 5, "at most five, best first");
        assert!(many.windows(2).all(|w| w[0].score >= w[1].score));
        drop(conn);
        db.close().await;
        tdb.drop_database().await;
    }
}
