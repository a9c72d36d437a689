//! The vacancy wizard (issue 6) through the real HTTP stack, on SQLite and PostgreSQL: a vacancy
//! written step by step by two members of the company, checked, submitted once however often it is
//! sent, with its protocol, requirement rows, history and the CPI's notification; version
//! conflicts; the discrimination check blocking submit; other people's drafts not found.

mod common;

use app::api::vacancy_wizard::VacancyDraftView;
use app::domain::vacancy_form::VacancyStep;
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, Browser, Reply, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

const ADMIN: &str = "impresa-titolare";
const RECRUITER: &str = "impresa-selezione";
const SKILL_A: &str = "http://data.europa.eu/esco/skill/test-cook-a";
const SKILL_B: &str = "http://data.europa.eu/esco/skill/test-cook-b";

fn location(reply: &Reply) -> String {
    reply
        .location()
        .unwrap_or_else(|| panic!("no redirect ({}): {}", reply.status, reply.body))
        .to_string()
}

fn draft_id_of(path: &str) -> i64 {
    path.strip_prefix("/impresa/offerte/bozze/")
        .and_then(|rest| rest.split(['/', '?']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{path} is not a draft page"))
}

async fn scalar(db: &Db, sql: &'static str, arg: i64) -> i64 {
    sqlx::query(sql)
        .bind(arg)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get(0)
        .expect("value")
}

async fn company_of(db: &Db) -> i64 {
    let admin = persona_user_id(db, ADMIN).await;
    scalar(
        db,
        "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
        admin,
    )
    .await
}

/// The cook's ESCO skills for the test (the reference package has no occupation-skill links).
async fn cook_skills(db: &Db) {
    for (uri, label) in [(SKILL_A, "prepare sauces"), (SKILL_B, "clean kitchen")] {
        sqlx::query(
            "INSERT INTO skill (uri, label_en, label_it, source) VALUES ($1, $2, $2, 'package') \
             ON CONFLICT (uri) DO NOTHING",
        )
        .bind(uri)
        .bind(label)
        .execute(db.pool())
        .await
        .expect("skill");
        sqlx::query(
            "INSERT INTO occupation_skill (occupation_uri, skill_uri, relation) \
             SELECT esco_uri, $1, 'essential' FROM occupation WHERE id = 'cuoco' \
             ON CONFLICT DO NOTHING",
        )
        .bind(uri)
        .execute(db.pool())
        .await
        .expect("occupation skill");
    }
}

async fn start(browser: &mut Browser, company: i64, key: &str) -> Reply {
    browser
        .post(
            "/api/vacancy/start",
            &[("company_id", &company.to_string()), ("key", key)],
        )
        .await
}

async fn draft(browser: &mut Browser, id: i64) -> VacancyDraftView {
    let r = browser
        .post("/api/vacancy/draft", &[("id", &id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "draft: {}", r.body);
    serde_json::from_str(&r.body).expect("draft view")
}

async fn save(
    browser: &mut Browser,
    id: i64,
    step: &str,
    version: i64,
    fields: &[(&str, &str)],
) -> Reply {
    let id = id.to_string();
    let version = version.to_string();
    let names: Vec<String> = fields.iter().map(|(k, _)| format!("a[{k}]")).collect();
    let mut pairs = vec![
        ("draft_id", id.as_str()),
        ("step", step),
        ("version", version.as_str()),
    ];
    for ((_, value), name) in fields.iter().zip(&names) {
        pairs.push((name.as_str(), value));
    }
    browser.post("/api/vacancy/save-step", &pairs).await
}

fn role(description: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("job_title", "Cuoco di linea"),
        ("occupation", "cuoco"),
        ("description", description),
        ("positions", "2"),
    ]
}

fn place(contract: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("work_mode", "onsite"),
        ("work_comune", "054039"),
        ("contract", contract),
        ("working_time", "FULL-TIME"),
        ("shifts", "1"),
        ("salary_min", "1.600"),
        ("salary_max", "1900"),
        ("salary_period", "month"),
        ("start_date", "2099-03-01"),
        ("ccnl", "Turismo"),
    ]
}

fn requirements() -> Vec<(&'static str, &'static str)> {
    vec![
        ("experience_years", "2"),
        ("experience_need", "must"),
        ("lang_1", "en"),
        ("level_1", "B1"),
        ("lang_need_1", "nice"),
        ("licence_B", "nice"),
        ("skill_uri_0", SKILL_A),
        ("skill_0", "must"),
        ("skill_uri_1", SKILL_B),
        ("skill_1", "none"),
    ]
}

fn candidates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("channel", "both"),
        ("visibility", "named"),
        ("contact_channel", "portal"),
        ("reserved_l68", "no"),
    ]
}

/// Starts a draft and saves every step; returns its id and version.
async fn filled_draft(
    browser: &mut Browser,
    company: i64,
    description: &'static str,
    contract: &'static str,
) -> (i64, i64) {
    let key = uuid::Uuid::new_v4().simple().to_string();
    let id = draft_id_of(&location(&start(browser, company, &key).await));
    let mut version = draft(browser, id).await.version;
    for (step, fields) in [
        ("ruolo", role(description)),
        ("luogo", place(contract)),
        ("requisiti", requirements()),
        ("candidature", candidates()),
    ] {
        let r = save(browser, id, step, version, &fields).await;
        assert!(r.location().is_some(), "{step}: {} {}", r.status, r.body);
        version += 1;
    }
    (id, version)
}

async fn submit(browser: &mut Browser, id: i64) -> Reply {
    browser
        .post("/api/vacancy/submit", &[("draft_id", &id.to_string())])
        .await
}

#[tokio::test]
async fn a_vacancy_is_written_by_two_members_and_submitted_once() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        cook_skills(&db).await;
        let company = company_of(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut phone = app.browser();
        phone.login(ADMIN).await;

        let key = uuid::Uuid::new_v4().simple().to_string();
        let first = location(&start(&mut phone, company, &key).await);
        assert!(first.ends_with("/ruolo"), "{first}");
        let id = draft_id_of(&first);
        // "Start" pressed twice: the same draft.
        assert_eq!(
            draft_id_of(&location(&start(&mut phone, company, &key).await)),
            id
        );
        let d = draft(&mut phone, id).await;
        let r = save(&mut phone, id, "ruolo", d.version, &role("Cucina di pesce")).await;
        assert_eq!(location(&r), format!("/impresa/offerte/bozze/{id}/luogo"));
        let r = save(
            &mut phone,
            id,
            "luogo",
            d.version + 1,
            &place("TEMPO-DETERMINATO"),
        )
        .await;
        assert_eq!(
            location(&r),
            format!("/impresa/offerte/bozze/{id}/requisiti")
        );

        // The recruiter resumes on another device, with the occupation's skills on offer.
        let mut desktop = app.browser();
        desktop.login(RECRUITER).await;
        let resumed = draft(&mut desktop, id).await;
        assert_eq!(resumed.version, d.version + 2);
        assert_eq!(
            resumed.answers[&VacancyStep::Place]
                .get("salary_min")
                .map(String::as_str),
            Some("1600")
        );
        assert_eq!(resumed.skills.len(), 2, "{:?}", resumed.skills);
        assert!(resumed.steps.iter().filter(|s| s.done).count() == 2);
        let r = save(
            &mut desktop,
            id,
            "requisiti",
            resumed.version,
            &requirements(),
        )
        .await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = save(
            &mut desktop,
            id,
            "candidature",
            resumed.version + 1,
            &candidates(),
        )
        .await;
        assert_eq!(
            location(&r),
            format!("/impresa/offerte/bozze/{id}/riepilogo")
        );
        let check = draft(&mut desktop, id).await;
        assert!(check.coherence.is_empty(), "{:?}", check.coherence);
        assert!(check.findings.is_empty(), "{:?}", check.findings);
        let page = desktop
            .get(&format!("/impresa/offerte/bozze/{id}/riepilogo"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("/api/vacancy/submit"),
            "submit form shown"
        );
        assert!(page.body.contains("Cuoco di linea"));

        // Submitted twice (double click, retry): one vacancy, one protocol.
        let r = submit(&mut desktop, id).await;
        assert_eq!(
            location(&r),
            format!("/impresa/offerte/bozze/{id}/ricevuta")
        );
        let r = submit(&mut phone, id).await;
        assert_eq!(
            location(&r),
            format!("/impresa/offerte/bozze/{id}/ricevuta")
        );
        let receipt = draft(&mut phone, id).await.submitted.expect("submitted");
        let protocol = receipt.protocol.clone().expect("protocol");
        let page = phone
            .get(&format!("/impresa/offerte/bozze/{id}/ricevuta"))
            .await;
        assert!(page.body.contains(&protocol), "receipt shows the protocol");
        assert!(page
            .body
            .contains(&format!("/impresa/offerte/{}", receipt.vacancy_id)));
        assert!(
            protocol.starts_with("PG-") || protocol.contains('-'),
            "{protocol}"
        );
        let row = sqlx::query(
            "SELECT status, protocol, cpi_code, salary_min, positions, work_istat, contract_code, \
             CASE WHEN shifts THEN 1 ELSE 0 END AS shifts, hours_per_week, form \
             FROM vacancy WHERE id = $1",
        )
        .bind(receipt.vacancy_id)
        .fetch_one(db.pool())
        .await
        .expect("vacancy");
        assert_eq!(row.get::<String, _>("status"), "submitted");
        assert_eq!(row.get::<String, _>("protocol"), protocol);
        assert_eq!(row.get::<i64, _>("salary_min"), 1600);
        assert_eq!(row.get::<i64, _>("positions"), 2);
        assert_eq!(row.get::<i64, _>("shifts"), 1);
        assert_eq!(
            row.get::<Option<String>, _>("work_istat").as_deref(),
            Some("054039")
        );
        assert!(row.get::<String, _>("form").contains("Cuoco di linea"));
        let same_key = scalar(
            &db,
            "SELECT COUNT(*) FROM vacancy WHERE company_id = $1 AND protocol IS NOT NULL",
            company,
        )
        .await;
        assert_eq!(same_key, 1);
        let v = receipt.vacancy_id;
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_skill WHERE vacancy_id = $1",
                v
            )
            .await,
            1
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_language WHERE vacancy_id = $1",
                v
            )
            .await,
            1
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_licence WHERE vacancy_id = $1",
                v
            )
            .await,
            1
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_event WHERE vacancy_id = $1 AND kind = 'submitted'",
                v
            )
            .await,
            1
        );
        assert!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM notification WHERE kind = 'vacancy_submitted' AND $1 > 0",
                v
            )
            .await
                >= 1
        );
        // The draft is closed: no more saves.
        let r = save(&mut phone, id, "ruolo", 99, &role("Altro")).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_members_saving_the_same_version_conflict() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = company_of(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut admin = app.browser();
        admin.login(ADMIN).await;
        let mut recruiter = app.browser();
        recruiter.login(RECRUITER).await;
        let key = uuid::Uuid::new_v4().simple().to_string();
        let id = draft_id_of(&location(&start(&mut admin, company, &key).await));
        let version = draft(&mut recruiter, id).await.version;
        let r = save(&mut admin, id, "ruolo", version, &role("Prima versione")).await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = save(
            &mut recruiter,
            id,
            "ruolo",
            version,
            &role("Seconda versione"),
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let d = draft(&mut recruiter, id).await;
        assert_eq!(
            d.answers[&VacancyStep::Role]
                .get("description")
                .map(String::as_str),
            Some("Prima versione")
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_age_limit_blocks_submit_until_reworded_unless_apprenticeship() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        cook_skills(&db).await;
        let company = company_of(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login(ADMIN).await;

        let (id, version) = filled_draft(
            &mut browser,
            company,
            "Cerchiamo cuoco max 30 anni, serio",
            "TEMPO-DETERMINATO",
        )
        .await;
        let check = draft(&mut browser, id).await;
        assert!(
            check
                .findings
                .iter()
                .any(|f| f.field == "description" && f.step == VacancyStep::Role),
            "{:?}",
            check.findings
        );
        let page = browser
            .get(&format!("/impresa/offerte/bozze/{id}/riepilogo"))
            .await;
        assert!(
            page.body.contains("Hai scritto"),
            "the finding is explained"
        );
        assert!(
            !page.body.contains("/api/vacancy/submit"),
            "no submit button"
        );
        let r = submit(&mut browser, id).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("wording"), "{}", r.body);
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy WHERE company_id = $1 AND protocol IS NOT NULL",
                company
            )
            .await,
            0
        );
        // Reworded: it goes.
        let r = save(
            &mut browser,
            id,
            "ruolo",
            version,
            &role("Cerchiamo cuoco con esperienza"),
        )
        .await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = submit(&mut browser, id).await;
        assert!(location(&r).ends_with("/ricevuta"), "{}", r.body);

        // Apprenticeship has a legal age range: "età massima 29 anni" is not a violation.
        let (id, _) = filled_draft(
            &mut browser,
            company,
            "Apprendista cuoco, età massima 29 anni",
            "APPRENDISTATO-PROFESSIONALIZZANTE",
        )
        .await;
        let r = submit(&mut browser, id).await;
        assert!(location(&r).ends_with("/ricevuta"), "{}", r.body);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn people_outside_the_company_get_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = company_of(&db).await;
        // cittadino-2 becomes the administrator of another company.
        let other_company =
            scalar(&db, "SELECT MIN(id) FROM company WHERE id <> $1", company).await;
        let other_admin = persona_user_id(&db, "cittadino-2").await;
        let mut tx = db.pool().begin().await.expect("begin");
        app::store::users::grant_role(
            &mut tx,
            other_admin,
            &app::store::users::Grant::CompanyAdmin {
                company_id: other_company,
            },
            common::auth::start(),
        )
        .await
        .expect("grant");
        tx.commit().await.expect("commit");
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut admin = app.browser();
        admin.login(ADMIN).await;
        let key = uuid::Uuid::new_v4().simple().to_string();
        let id = draft_id_of(&location(&start(&mut admin, company, &key).await));

        let mut other = app.browser();
        other.login("cittadino-2").await;
        let r = other
            .post("/api/vacancy/draft", &[("id", &id.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = save(&mut other, id, "ruolo", 1, &role("Intruso")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = start(
            &mut other,
            company,
            &uuid::Uuid::new_v4().simple().to_string(),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        // The same key from another company finds nothing of ours.
        let r = start(&mut other, other_company, &key).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let r = operator
            .post("/api/vacancy/draft", &[("id", &id.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_refused_step_without_javascript_comes_back_with_what_was_typed() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let company = company_of(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login(ADMIN).await;
        let key = uuid::Uuid::new_v4().simple().to_string();
        let id = draft_id_of(&location(&start(&mut browser, company, &key).await));
        let page = format!("/impresa/offerte/bozze/{id}/ruolo");
        let body = common::auth::form(&[
            ("draft_id", &id.to_string()),
            ("step", "ruolo"),
            ("version", "1"),
            ("a[job_title]", "Cuoco pasticcere"),
            ("a[description]", "Laboratorio di pasticceria"),
            ("a[positions]", "0"),
        ]);
        let req = http::Request::post("/api/vacancy/save-step")
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "text/html,application/xhtml+xml")
            .header(http::header::ORIGIN, ORIGIN)
            .header(http::header::REFERER, format!("{ORIGIN}{page}"))
            .body(axum::body::Body::from(body))
            .expect("request");
        let refused = browser.send(req).await;
        let back = location(&refused);
        assert!(
            refused.status.is_redirection() && back.contains("__err="),
            "{}: {back}",
            refused.status
        );
        let shown = browser.get(&back.replacen(ORIGIN, "", 1)).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("Cuoco pasticcere"), "typed title kept");
        assert!(
            shown.body.contains("Laboratorio di pasticceria"),
            "typed description kept"
        );
        assert!(shown.body.contains("error-summary"), "{}", shown.body);
        assert!(
            shown.body.contains("f-positions-error"),
            "positions flagged"
        );
        // Suggestions for the title are offered as radio buttons to confirm one.
        assert!(
            shown.body.contains("name=\"a[occupation]\""),
            "occupation choices: {}",
            &shown.body[shown.body.find("occupation-choice").unwrap_or(0)..]
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_reopened_draft_resubmits_the_same_vacancy_with_the_same_protocol() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        cook_skills(&db).await;
        let company = company_of(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut browser = app.browser();
        browser.login(RECRUITER).await;
        let (id, _) = filled_draft(
            &mut browser,
            company,
            "Cucina di pesce",
            "TEMPO-DETERMINATO",
        )
        .await;
        let r = submit(&mut browser, id).await;
        assert!(location(&r).ends_with("/ricevuta"), "{}", r.body);
        let first = draft(&mut browser, id).await.submitted.expect("submitted");

        // What the review helper's "request changes" does (store::vacancy_review): the vacancy
        // is a draft again, the draft reopened at the step, with the operator's note.
        let v = first.vacancy_id;
        for sql in [
            "UPDATE vacancy SET status = 'draft' WHERE id = $1",
            "UPDATE vacancy_draft SET submitted_at = NULL, reopened_step = 'ruolo', \
             completed_steps = 'luogo,requisiti,candidature', version = version + 1 \
             WHERE vacancy_id = $1",
            "INSERT INTO vacancy_event (vacancy_id, at, kind, step, note) \
             VALUES ($1, '2026-01-01T00:00:00Z', 'changes_requested', 'ruolo', \
             'Indicate il numero corretto di posti')",
        ] {
            sqlx::query(sql)
                .bind(v)
                .execute(db.pool())
                .await
                .expect(sql);
        }
        let reopened = draft(&mut browser, id).await;
        let request = reopened.reopened.clone().expect("reopened");
        assert_eq!(request.step, Some(VacancyStep::Role));
        assert_eq!(
            request.note.as_deref(),
            Some("Indicate il numero corretto di posti")
        );
        assert!(reopened.submitted.is_none());
        // Discarding it is refused: it belongs to a vacancy.
        let r = browser
            .post("/api/vacancy/discard", &[("draft_id", &id.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let mut fixed = role("Cucina di pesce");
        fixed[3] = ("positions", "3");
        let r = save(&mut browser, id, "ruolo", reopened.version, &fixed).await;
        assert!(r.location().is_some(), "{}", r.body);
        let r = submit(&mut browser, id).await;
        assert!(location(&r).ends_with("/ricevuta"), "{}", r.body);
        let again = draft(&mut browser, id)
            .await
            .submitted
            .expect("submitted again");
        assert_eq!(again.vacancy_id, v);
        assert_eq!(again.protocol, first.protocol);
        let row = sqlx::query("SELECT status, positions FROM vacancy WHERE id = $1")
            .bind(v)
            .fetch_one(db.pool())
            .await
            .expect("vacancy");
        assert_eq!(row.get::<String, _>("status"), "submitted");
        assert_eq!(row.get::<i64, _>("positions"), 3);
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_event WHERE vacancy_id = $1 AND kind = 'resubmitted'",
                v
            )
            .await,
            1
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM vacancy_skill WHERE vacancy_id = $1",
                v
            )
            .await,
            1,
            "requirement rows replaced, not added"
        );
        tdb.drop_database().await;
    }
}
