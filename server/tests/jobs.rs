//! The public job pages (issue 6) through the real HTTP stack, on SQLite and PostgreSQL, for an
//! anonymous visitor: filters, the anonymous company hidden, expired and unpublished vacancies not
//! found, and keyset pagination returning every row exactly once.

mod common;

use app::api::jobs::{JobSearchView, JobView};
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;
use std::collections::BTreeSet;

async fn demo_company(db: &Db) -> (i64, String) {
    let admin = persona_user_id(db, "impresa-titolare").await;
    let row = sqlx::query(
        "SELECT c.id, c.name FROM user_role r JOIN company c ON c.id = r.company_id \
         WHERE r.user_id = $1 AND r.role = 'company_admin'",
    )
    .bind(admin)
    .fetch_one(db.pool())
    .await
    .expect("demo company");
    (row.get(0), row.get(1))
}

struct Job<'a> {
    status: &'a str,
    title: &'a str,
    expires_on: &'a str,
    published_at: &'a str,
    anonymous: bool,
    reserved_l68: bool,
    work_istat: &'a str,
}

const JOB: Job<'static> = Job {
    status: "published",
    title: "Magazziniere",
    expires_on: "2027-01-31",
    published_at: "2026-11-20T09:00:00.000Z",
    anonymous: false,
    reserved_l68: false,
    work_istat: "054039",
};

async fn insert_job(db: &Db, company: i64, j: &Job<'_>) -> i64 {
    let flags = |b: bool| if b { "TRUE" } else { "FALSE" };
    let sql = format!(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, anonymous, reserved_l68, \
         published_at, created_at, contact_channel) VALUES ($1, $2, $3, \
         'Gestione del magazzino e delle spedizioni.', 'magazziniere', '4321', 2, $4, 'onsite', \
         'TEMPO-INDETERMINATO', 'FULL-TIME', 1500, 1800, 'month', '2027-01-10', $5, {}, {}, $6, \
         $6, 'email') RETURNING id",
        flags(j.anonymous),
        flags(j.reserved_l68)
    );
    let id: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(company)
        .bind(j.status)
        .bind(j.title)
        .bind(j.work_istat)
        .bind(j.expires_on)
        .bind(j.published_at)
        .fetch_one(db.pool())
        .await
        .expect("vacancy")
        .get(0);
    sqlx::query(
        "INSERT INTO vacancy_skill (vacancy_id, skill_uri, required) \
         SELECT $1, uri, TRUE FROM skill ORDER BY uri LIMIT 1",
    )
    .bind(id)
    .execute(db.pool())
    .await
    .expect("skill");
    // Rows written here bypass the store's transitions: index them as publishing would (issue 7).
    let mut conn = db.pool().acquire().await.expect("connection");
    app::store::job_search::index_vacancy(&mut conn, id)
        .await
        .expect("index");
    id
}

async fn search(browser: &mut Browser, pairs: &[(&str, &str)]) -> JobSearchView {
    let r = browser.post("/api/jobs/search", pairs).await;
    assert_eq!(r.status, StatusCode::OK, "{pairs:?}: {}", r.body);
    serde_json::from_str(&r.body).expect("search view")
}

async fn job(browser: &mut Browser, id: i64) -> (StatusCode, Option<JobView>) {
    let r = browser
        .post("/api/jobs/get", &[("id", &id.to_string())])
        .await;
    let view = (r.status == StatusCode::OK).then(|| serde_json::from_str(&r.body).expect("job"));
    (r.status, view)
}

#[tokio::test]
async fn an_anonymous_vacancy_hides_the_company_in_search_and_detail() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, name) = demo_company(&db).await;
        let hidden = insert_job(
            &db,
            company,
            &Job {
                title: "Carrellista Riservato",
                anonymous: true,
                ..JOB
            },
        )
        .await;
        let named = insert_job(
            &db,
            company,
            &Job {
                title: "Carrellista Dichiarato",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let found = search(&mut visitor, &[("q", "CARRELLISTA")]).await;
        let by_id = |id: i64| found.rows.iter().find(|r| r.id == id).cloned();
        assert_eq!(by_id(hidden).expect("listed").company_name, None);
        assert_eq!(
            by_id(named).expect("listed").company_name.as_deref(),
            Some(name.as_str())
        );
        let (status, view) = job(&mut visitor, hidden).await;
        assert_eq!(status, StatusCode::OK);
        let view = view.expect("job");
        assert_eq!(view.company_name, None);
        assert_eq!(view.facts.skills.len(), 1);
        assert!(!view.facts.skills[0].1.is_empty(), "skills carry labels");
        let r = visitor
            .post("/api/jobs/get", &[("id", &hidden.to_string())])
            .await;
        assert!(
            !r.body.contains(&name),
            "the company's name never reaches the visitor"
        );
        assert_eq!(
            job(&mut visitor, named)
                .await
                .1
                .expect("job")
                .company_name
                .as_deref(),
            Some(name.as_str())
        );
    }
}

#[tokio::test]
async fn expired_and_unpublished_vacancies_are_not_listed_and_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        // Today is 2026-11-27: a vacancy whose last day is today is still public.
        let today = insert_job(
            &db,
            company,
            &Job {
                title: "Ortolano oggi",
                expires_on: "2026-11-27",
                ..JOB
            },
        )
        .await;
        let expired = insert_job(
            &db,
            company,
            &Job {
                title: "Ortolano ieri",
                expires_on: "2026-11-26",
                ..JOB
            },
        )
        .await;
        let in_review = insert_job(
            &db,
            company,
            &Job {
                title: "Ortolano in esame",
                status: "in_review",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let found: Vec<i64> = search(&mut visitor, &[("q", "ortolano")])
            .await
            .rows
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(found, vec![today]);
        assert_eq!(job(&mut visitor, today).await.0, StatusCode::OK);
        assert_eq!(job(&mut visitor, expired).await.0, StatusCode::NOT_FOUND);
        assert_eq!(job(&mut visitor, in_review).await.0, StatusCode::NOT_FOUND);
        assert_eq!(job(&mut visitor, 987_654).await.0, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn filters_narrow_the_results() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        let reserved = insert_job(
            &db,
            company,
            &Job {
                title: "Centralinista",
                reserved_l68: true,
                ..JOB
            },
        )
        .await;
        let elsewhere = insert_job(
            &db,
            company,
            &Job {
                title: "Centralinista Terni",
                work_istat: "055032",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let ids = |v: JobSearchView| v.rows.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(search(&mut visitor, &[("q", "centralinista"), ("l68", "1")]).await),
            vec![reserved]
        );
        assert_eq!(
            ids(search(
                &mut visitor,
                &[("q", "centralinista"), ("comune", "055032")]
            )
            .await),
            vec![elsewhere]
        );
        assert!(ids(search(
            &mut visitor,
            &[("q", "centralinista"), ("contratto", "TEMPO-DETERMINATO")]
        )
        .await)
        .is_empty());
        // Full-text syntax is taken as words (issue 7): no operator, no error, "or" is just a word.
        assert!(ids(search(&mut visitor, &[("q", "centralinista\" OR *")]).await).is_empty());
        let r = visitor
            .post("/api/jobs/search", &[("modalita", "sulla-luna")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = visitor
            .post("/api/jobs/search", &[("dopo", "not-a-cursor")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn keyset_pagination_returns_every_row_exactly_once() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        // Many rows published at the same instant, so the id breaks ties across page ends.
        for i in 0..45 {
            let at = if i % 3 == 0 {
                "2026-11-20T09:00:00.000Z".to_string()
            } else {
                format!("2026-11-{:02}T09:00:00.000Z", 1 + i % 25)
            };
            insert_job(
                &db,
                company,
                &Job {
                    published_at: &at,
                    ..JOB
                },
            )
            .await;
        }
        let expected: i64 = sqlx::query(
            "SELECT COUNT(*) FROM vacancy WHERE status = 'published' AND expires_on >= '2026-11-27'",
        )
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0);
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut pairs = vec![];
            if let Some(a) = &after {
                pairs.push(("dopo", a.as_str()));
            }
            let page = search(&mut visitor, &pairs).await;
            assert!(page.rows.len() <= app::store::jobs::PAGE_SIZE);
            let dates: Vec<String> = page.rows.iter().map(|r| r.published_on.clone()).collect();
            let mut sorted = dates.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(dates, sorted, "newest first");
            seen.extend(page.rows.iter().map(|r| r.id));
            pages += 1;
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
            assert!(pages < 20, "pagination does not end");
        }
        let unique: BTreeSet<i64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "no row twice");
        assert_eq!(seen.len() as i64, expected, "every row once");
        assert!(pages >= 3);
    }
}

#[tokio::test]
async fn the_job_pages_render_without_login_and_hide_what_is_not_public() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, name) = demo_company(&db).await;
        let id = insert_job(
            &db,
            company,
            &Job {
                title: "Fornaio Notturno",
                anonymous: true,
                ..JOB
            },
        )
        .await;
        let expired = insert_job(
            &db,
            company,
            &Job {
                title: "Fornaio Scaduto",
                expires_on: "2026-11-01",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let list = visitor.get("/offerte?q=fornaio").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Fornaio Notturno"), "{}", list.body);
        assert!(list.body.contains("Azienda riservata"));
        assert!(!list.body.contains("Fornaio Scaduto"));
        assert!(list.body.contains(r#"name="description""#));
        let page = visitor.get(&format!("/offerte/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Fornaio Notturno"));
        assert!(page.body.contains("Requisiti"));
        assert!(
            !page.body.contains(&name),
            "the anonymous company is not named"
        );
        let gone = visitor.get(&format!("/offerte/{expired}")).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_job_page_carries_a_job_posting_that_cannot_break_out_of_its_script() {
    let tdb = TestDatabase::sqlite();
    let db = demo_db(&tdb).await;
    let (company, _) = demo_company(&db).await;
    let id = insert_job(
        &db,
        company,
        &Job {
            title: "Cuoco </title></script><script>alert(1)</script>",
            ..JOB
        },
    )
    .await;
    sqlx::query("UPDATE vacancy SET description = $1 WHERE id = $2")
        .bind("Cucina \"tipica\"><script>alert(2)</script>")
        .bind(id)
        .execute(db.pool())
        .await
        .expect("description");
    let app = TestApp::new(&demo_config(ORIGIN), db.clone());
    let page = app.browser().get(&format!("/offerte/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#""@type":"JobPosting""#),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(!page.body.contains("</title></script>"), "{}", page.body);
    // The shell escapes every title; the description meta is an escaped attribute.
    assert!(
        page.body
            .contains("<title>Cuoco &lt;/title&gt;&lt;/script&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert(2)"), "{}", page.body);
}
