//! Job matching (issue 7) on both backends, through the real router: jobs for me as `cittadino-1`
//! with a profile and vacancies of known coordinates and skills (order, reasons, radius, expiry,
//! availability), candidates for a vacancy as its CPI's operator (hidden profiles included, named)
//! and as the company (only visible profiles, anonymous), another CPI's 404, and the shortlist
//! (applications from the CPI, idempotent). The fast path agrees with the naive baseline.

mod common;

use app::matching::MatchWeights;
use app::store::matching::{self as matching, Audience};
use app::store::Db;
use common::auth::{
    demo_config, demo_db, html_post, persona_user_id, Browser, TestApp, ORIGIN, START,
};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

/// Perugia, where `cittadino-1` lives in this test.
const HOME: (f64, f64) = (43.1107, 12.3908);
/// One degree of latitude, in km.
const KM_PER_DEGREE: f64 = 111.195;

struct World {
    db: Db,
    app: TestApp,
    person: i64,
    family_name: String,
    /// Skills the person has (4) and one they lack.
    skills: Vec<String>,
    missing_skill: String,
    occupation: String,
    /// 10 km north, every must-have skill.
    near: i64,
    /// 20 km north, one must-have skill missing, licence C required.
    farther: i64,
    /// 60 km north: outside the 30 km radius.
    outside: i64,
    /// Remote, 200 km away.
    remote: i64,
    /// Expired yesterday.
    expired: i64,
    /// Starts before the person is available.
    too_soon: i64,
    /// The operator persona of the vacancies' CPI.
    operator: String,
    /// An operator of another CPI.
    other_operator: String,
}

fn day(offset: i64) -> String {
    let today = app::matching::facts::day_number(&START[..10]).expect("start");
    let n = today + offset as i32;
    // Civil from days (Hinnant), for the test's own dates.
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

async fn exec(db: &Db, sql: &'static str, args: &[&str]) {
    let mut q = sqlx::query(sql);
    for a in args {
        q = q.bind(a.to_string());
    }
    q.execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[allow(clippy::too_many_arguments)]
async fn vacancy(
    db: &Db,
    company: i64,
    cpi: &str,
    occupation: &str,
    isco: &str,
    north_km: f64,
    mode: &str,
    start: &str,
    expires: &str,
    must: &[&str],
    licence: Option<&str>,
) -> i64 {
    let id: i64 = sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_mode, contract_code, working_time_code, salary_min, salary_max, \
         salary_period, start_date, expires_on, lat, lon, published_at, cpi_code, created_at) \
         VALUES ($1, 'published', $2, 'Test', $3, $4, 1, $5, 'TEMPO-INDETERMINATO', 'FT', 1500, \
         1800, 'month', $6, $7, $8, $9, $10, $11, $10) RETURNING id",
    )
    .bind(company)
    .bind(format!("Test {north_km} km {mode}"))
    .bind(occupation)
    .bind(isco)
    .bind(mode)
    .bind(start)
    .bind(expires)
    .bind(HOME.0 + north_km / KM_PER_DEGREE)
    .bind(HOME.1)
    .bind(format!("{}T08:00:00.000Z", day(-1)))
    .bind(cpi)
    .fetch_one(db.pool())
    .await
    .expect("vacancy")
    .get(0);
    for s in must {
        sqlx::query(
            "INSERT INTO vacancy_skill (vacancy_id, skill_uri, required) VALUES ($1, $2, TRUE)",
        )
        .bind(id)
        .bind(*s)
        .execute(db.pool())
        .await
        .expect("skill");
    }
    if let Some(code) = licence {
        sqlx::query(
            "INSERT INTO vacancy_licence (vacancy_id, licence_code, required) VALUES ($1, $2, TRUE)",
        )
        .bind(id)
        .bind(code)
        .execute(db.pool())
        .await
        .expect("licence");
    }
    id
}

async fn world(tdb: &TestDatabase) -> World {
    let db = demo_db(tdb).await;
    let user = persona_user_id(&db, "cittadino-1").await;
    let row = sqlx::query(
        "SELECT p.id, p.family_name FROM app_user u JOIN person p ON p.id = u.person_id \
         WHERE u.id = $1",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
    .expect("person");
    let person: i64 = row.get(0);
    let family_name: String = row.get(1);
    // An occupation with a four-digit ISCO code, and five skills.
    let occ = sqlx::query(
        "SELECT id, isco_code FROM occupation WHERE length(isco_code) = 4 ORDER BY id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("occupation");
    let occupation: String = occ.get(0);
    let isco: String = occ.get(1);
    let skills: Vec<String> = sqlx::query("SELECT uri FROM skill ORDER BY uri LIMIT 5")
        .fetch_all(db.pool())
        .await
        .expect("skills")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(skills.len(), 5, "the reference data has skills");
    let missing_skill = skills[4].clone();
    let skills = skills[..4].to_vec();

    // The person's profile: hidden, 30 km around Perugia, available in 20 days, licence B.
    let pid = person.to_string();
    for sql in [
        "DELETE FROM profile_skill WHERE person_id = CAST($1 AS BIGINT)",
        "DELETE FROM profile_occupation WHERE person_id = CAST($1 AS BIGINT)",
        "DELETE FROM profile_experience WHERE person_id = CAST($1 AS BIGINT)",
        "DELETE FROM profile_licence WHERE person_id = CAST($1 AS BIGINT)",
        "DELETE FROM profile_language WHERE person_id = CAST($1 AS BIGINT)",
    ] {
        exec(&db, sql, &[&pid]).await;
    }
    sqlx::query(
        "UPDATE profile SET lat = $1, lon = $2, mobility_radius_km = 30, visibility = 'hidden', \
         available_from = $3, eqf_level = 4 WHERE person_id = $4",
    )
    .bind(HOME.0)
    .bind(HOME.1)
    .bind(day(20))
    .bind(person)
    .execute(db.pool())
    .await
    .expect("profile");
    exec(
        &db,
        "INSERT INTO profile_occupation (person_id, occupation_id, rank) VALUES (CAST($1 AS BIGINT), $2, 0)",
        &[&pid, &occupation],
    )
    .await;
    for s in &skills {
        exec(
            &db,
            "INSERT INTO profile_skill (person_id, skill_uri) VALUES (CAST($1 AS BIGINT), $2)",
            &[&pid, s],
        )
        .await;
    }
    exec(
        &db,
        "INSERT INTO profile_licence (person_id, licence_code) VALUES (CAST($1 AS BIGINT), 'B')",
        &[&pid],
    )
    .await;

    let admin = persona_user_id(&db, "impresa-titolare").await;
    let company: i64 = sqlx::query(
        "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
    )
    .bind(admin)
    .fetch_one(db.pool())
    .await
    .expect("company")
    .get(0);
    let cpi = "PG";
    let s: Vec<&str> = skills.iter().map(String::as_str).collect();
    let far_start = day(30);
    let expires = day(60);
    let near = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        10.0,
        "onsite",
        &far_start,
        &expires,
        &s,
        None,
    )
    .await;
    let farther = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        20.0,
        "onsite",
        &far_start,
        &expires,
        &[s[0], s[1], &missing_skill],
        Some("C"),
    )
    .await;
    let outside = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        60.0,
        "onsite",
        &far_start,
        &expires,
        &s,
        None,
    )
    .await;
    let remote = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        200.0,
        "remote",
        &far_start,
        &expires,
        &s,
        None,
    )
    .await;
    let expired = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        5.0,
        "onsite",
        &day(-30),
        &day(-1),
        &s,
        None,
    )
    .await;
    let too_soon = vacancy(
        &db,
        company,
        cpi,
        &occupation,
        &isco,
        5.0,
        "onsite",
        &day(5),
        &expires,
        &s,
        None,
    )
    .await;
    let mut conn = db.pool().acquire().await.expect("conn");
    matching::rebuild_all(&mut conn).await.expect("rebuild");
    drop(conn);
    let app = TestApp::new(&demo_config(ORIGIN), db.clone());
    World {
        db,
        app,
        person,
        family_name,
        skills,
        missing_skill,
        occupation,
        near,
        farther,
        outside,
        remote,
        expired,
        too_soon,
        operator: "operatore-pg".into(),
        other_operator: "operatore-tr".into(),
    }
}

async fn logged_in(world: &World, persona: &str) -> Browser {
    let mut b = world.app.browser();
    b.login(persona).await;
    b
}

fn ids(list: &serde_json::Value, key: &str) -> Vec<i64> {
    list.as_array()
        .expect("array")
        .iter()
        .filter_map(|j| j[key].as_i64())
        .collect()
}

fn reasons_of<'a>(list: &'a serde_json::Value, key: &str, id: i64) -> &'a serde_json::Value {
    let item = list
        .as_array()
        .expect("array")
        .iter()
        .find(|j| j[key].as_i64() == Some(id))
        .unwrap_or_else(|| panic!("{id} not in the list"));
    &item["reasons"]
}

#[tokio::test]
async fn jobs_for_me_respect_radius_availability_expiry_and_explain_themselves() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let mut citizen = logged_in(&world, "cittadino-1").await;
        let r = citizen.post("/api/matching/for-me", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(v["has_profile"], true);
        let jobs = &v["jobs"];
        let got = ids(jobs, "vacancy_id");
        let pos = |id: i64| got.iter().position(|&x| x == id);
        assert!(pos(world.near).is_some(), "{got:?}");
        assert!(pos(world.farther).is_some(), "{got:?}");
        assert!(
            pos(world.near) < pos(world.farther),
            "closer and every skill ranks first: {got:?}"
        );
        assert!(pos(world.remote).is_some(), "remote has no distance limit");
        // Each card shows its own vacancy (the cards of a page are read in one query).
        let expected = sqlx::query(
            "SELECT v.title, c.name, v.work_mode FROM vacancy v \
             JOIN company c ON c.id = v.company_id WHERE v.id = $1",
        )
        .bind(world.near)
        .fetch_one(world.db.pool())
        .await
        .expect("near vacancy");
        let card = jobs
            .as_array()
            .expect("jobs")
            .iter()
            .find(|j| j["vacancy_id"] == world.near)
            .expect("near card");
        assert_eq!(card["title"], expected.get::<String, _>(0));
        assert_eq!(card["company"], expected.get::<String, _>(1));
        assert_eq!(card["work_mode"], expected.get::<String, _>(2));
        for excluded in [world.outside, world.expired, world.too_soon] {
            assert_eq!(pos(excluded), None, "{excluded} must be filtered: {got:?}");
        }
        let near = reasons_of(jobs, "vacancy_id", world.near);
        assert_eq!(near[0], "SameOccupation", "{near}");
        let km = near[1]["Distance"]["km"].as_f64().expect("distance");
        assert!((km - 10.0).abs() < 0.5, "{km}");
        assert_eq!(near[1]["Distance"]["radius_km"], 30.0);
        assert_eq!(near[2]["Skills"]["have"], 4);
        assert_eq!(near[2]["Skills"]["missing"], serde_json::json!([]));
        let farther = reasons_of(jobs, "vacancy_id", world.farther);
        let skills = farther
            .as_array()
            .expect("reasons")
            .iter()
            .find_map(|r| r.get("Skills"))
            .expect("skills reason");
        assert_eq!(skills["have"], 2);
        assert_eq!(skills["of"], 3);
        let missing = skills["missing"].as_array().expect("missing");
        assert_eq!(missing.len(), 1);
        // The missing skill is labelled in the answer.
        let label_id = missing[0].as_i64().expect("id");
        assert!(v["skills"]
            .as_array()
            .expect("labels")
            .iter()
            .any(|s| s["id"].as_i64() == Some(label_id)));
        assert!(
            farther
                .as_array()
                .expect("reasons")
                .iter()
                .any(|r| r
                    == &serde_json::json!({ "LicenceMissing": { "code": "C", "have": ["B"] } })),
            "{farther}"
        );
        let remote = reasons_of(jobs, "vacancy_id", world.remote);
        assert!(remote
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r == "Remote"));
        // The page renders the reasons, in Italian by default.
        let page = citizen.get("/area-personale/offerte-per-me").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("entro i tuoi 30 km"), "{}", page.body);
        assert!(page.body.contains("Serve la patente C"));
        // Not logged in: refused.
        let mut anonymous = world.app.browser();
        let r = anonymous.post("/api/matching/for-me", &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let _ = (&world.occupation, &world.skills, &world.missing_skill);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn candidates_are_named_for_the_cpi_and_anonymous_and_opted_in_for_the_company() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let vacancy = world.near.to_string();
        let mut operator = logged_in(&world, &world.operator).await;
        let r = operator
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(v["for_cpi"], true);
        let people = ids(&v["candidates"], "person_id");
        assert!(
            people.contains(&world.person),
            "a hidden profile is in the CPI's ranking: {people:?}"
        );
        assert!(r.body.contains(&world.family_name), "the CPI sees names");
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'matching.candidates.read' \
             AND subject_person_id = $1",
        )
        .bind(world.person)
        .fetch_one(world.db.pool())
        .await
        .expect("audit")
        .get(0);
        assert_eq!(audited, 1, "the read of the person's data is audited");

        // The company sees only visible profiles, and never names or ids.
        let mut company = logged_in(&world, "impresa-titolare").await;
        let r = company
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let hidden_view = r.json();
        assert_eq!(hidden_view["for_cpi"], false);
        assert!(!r.body.contains(&world.family_name));
        let cards = hidden_view["candidates"].as_array().expect("cards");
        assert!(cards
            .iter()
            .all(|c| c["person_id"].is_null() && c["name"].is_null()));
        let before = cards.len();
        // Once the person opts in (anonymous), the company sees one more, still unnamed.
        sqlx::query("UPDATE profile SET visibility = 'anonymous' WHERE person_id = $1")
            .bind(world.person)
            .execute(world.db.pool())
            .await
            .expect("visibility");
        let mut conn = world.db.pool().acquire().await.expect("conn");
        matching::refresh_person(&mut conn, world.person)
            .await
            .expect("refresh");
        drop(conn);
        let r = company
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        let cards = r.json()["candidates"].as_array().expect("cards").clone();
        assert_eq!(cards.len(), before + 1, "{}", r.body);
        assert!(!r.body.contains(&world.family_name));

        // Another CPI's operator, a citizen and a stranger company get nothing.
        let mut other = logged_in(&world, &world.other_operator).await;
        let r = other
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let mut citizen = logged_in(&world, "cittadino-2").await;
        let r = citizen
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

        // The page of the ranking renders for the operator with the checkboxes.
        let page = operator
            .get(&format!("/operatore/offerte/{}/abbinamenti", world.near))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("person_ids["), "{}", page.body);
        // Nobody shortlisted yet: the KPI says so rather than showing a number.
        assert!(page.body.contains("Dalla pubblicazione alla prima rosa"));
        assert!(page.body.contains("nessun candidato ancora in rosa"));
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_shortlist_makes_cpi_applications_once() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let vacancy = world.near.to_string();
        let person = world.person.to_string();
        let mut operator = logged_in(&world, &world.operator).await;
        let r = operator
            .post(
                "/api/matching/shortlist",
                &[("vacancy_id", &vacancy), ("person_ids[0]", &person)],
            )
            .await;
        assert_eq!(
            r.location(),
            Some(format!("/operatore/offerte/{}/abbinamenti?esito=1", world.near).as_str()),
            "{} {}",
            r.status,
            r.body
        );
        let row = sqlx::query(
            "SELECT source, status FROM application WHERE vacancy_id = $1 AND person_id = $2",
        )
        .bind(world.near)
        .bind(world.person)
        .fetch_one(world.db.pool())
        .await
        .expect("application");
        assert_eq!(row.get::<String, _>(0), "cpi");
        assert_eq!(row.get::<String, _>(1), "shortlisted");
        // Again: nothing new.
        let r = operator
            .post(
                "/api/matching/shortlist",
                &[("vacancy_id", &vacancy), ("person_ids[3]", &person)],
            )
            .await;
        assert_eq!(
            r.location(),
            Some(format!("/operatore/offerte/{}/abbinamenti?esito=0", world.near).as_str())
        );
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) FROM application WHERE vacancy_id = $1 AND person_id = $2",
        )
        .bind(world.near)
        .bind(world.person)
        .fetch_one(world.db.pool())
        .await
        .expect("count")
        .get(0);
        assert_eq!(n, 1);
        // The ranking now shows the shortlisted person's application, and only theirs.
        let r = operator
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        let cards = r.json()["candidates"].as_array().expect("cards").clone();
        for card in &cards {
            let shortlisted = card["person_id"] == world.person;
            assert_eq!(!card["application"].is_null(), shortlisted, "{card}");
        }
        assert!(cards.iter().any(|c| c["person_id"] == world.person));
        // Nobody chosen: invalid. Another CPI: not found. The company: not its to do.
        let r = operator
            .post("/api/matching/shortlist", &[("vacancy_id", &vacancy)])
            .await;
        assert!(r.status.is_client_error() || r.location().is_some_and(|l| l.contains("error")));
        let mut other = logged_in(&world, &world.other_operator).await;
        let r = other
            .post(
                "/api/matching/shortlist",
                &[("vacancy_id", &vacancy), ("person_ids[0]", &person)],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_cpi_sends_its_shortlist_to_the_company() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let vacancy = world.near.to_string();
        let page = format!("/operatore/offerte/{}/abbinamenti", world.near);
        // A second person with a profile, who will not answer online.
        let row = sqlx::query(
            "SELECT p.id, p.given_name, p.family_name FROM person p \
             JOIN profile f ON f.person_id = p.id \
             WHERE p.id <> $1 AND p.closed_at IS NULL ORDER BY p.id LIMIT 1",
        )
        .bind(world.person)
        .fetch_one(world.db.pool())
        .await
        .expect("another person with a profile");
        let other: i64 = row.get(0);
        let other_name = format!("{} {}", row.get::<String, _>(1), row.get::<String, _>(2));
        let mut operator = logged_in(&world, &world.operator).await;
        let (first, second) = (world.person.to_string(), other.to_string());
        let r = operator
            .post(
                "/api/matching/shortlist",
                &[
                    ("vacancy_id", &vacancy),
                    ("person_ids[0]", &first),
                    ("person_ids[1]", &second),
                ],
            )
            .await;
        assert_eq!(
            r.location(),
            Some(format!("{page}?esito=2").as_str()),
            "{} {}",
            r.status,
            r.body
        );
        let application_of = |person: i64| {
            let db = world.db.clone();
            async move {
                sqlx::query("SELECT id FROM application WHERE vacancy_id = $1 AND person_id = $2")
                    .bind(world.near)
                    .bind(person)
                    .fetch_one(db.pool())
                    .await
                    .expect("application")
                    .get::<i64, _>(0)
            }
        };
        let accepted = application_of(world.person).await;
        let waiting = application_of(other).await;

        // The person accepts the proposal online.
        let mut citizen = logged_in(&world, "cittadino-1").await;
        let r = citizen
            .post(
                "/api/my_applications/answer",
                &[
                    ("application_id", &accepted.to_string()),
                    ("answer", "accepted"),
                ],
            )
            .await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::FOUND,
            "accept: {} {}",
            r.status,
            r.body
        );

        // The CPI's view lists both, with their answers; the company's view has no shortlist.
        let r = operator
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let view = r.json();
        let shortlist = view["shortlist"].as_array().expect("shortlist");
        assert_eq!(shortlist.len(), 2, "{shortlist:?}");
        let entry = |id: i64| {
            shortlist
                .iter()
                .find(|e| e["application_id"].as_i64() == Some(id))
                .unwrap_or_else(|| panic!("{id} not on the shortlist"))
        };
        assert_eq!(entry(accepted)["answer"], "accepted");
        assert!(entry(accepted)["answered_on"].is_string());
        assert!(entry(waiting)["answer"].is_null());
        assert_eq!(entry(waiting)["name"], other_name.as_str());
        assert!(entry(waiting)["shortlisted_on"].is_string());
        // The KPIs now count the time to the first shortlist; nobody is hired yet.
        assert!(view["kpis"][0].is_number(), "{}", view["kpis"]);
        assert_eq!(view["kpis"][1], 0);
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'matching.shortlist.read' \
             AND subject_person_id = $1",
        )
        .bind(other)
        .fetch_one(world.db.pool())
        .await
        .expect("audit")
        .get(0);
        assert_eq!(
            audited, 1,
            "showing the shortlist is a read of personal data"
        );
        let mut company = logged_in(&world, "impresa-titolare").await;
        let r = company
            .post("/api/matching/candidates", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["shortlist"], serde_json::json!([]));
        assert!(!r.body.contains(&other_name));

        // The page: the section, one form each, the checkbox only for the one who did not accept.
        let html = operator.get(&page).await;
        assert_eq!(html.status, StatusCode::OK, "{}", html.body);
        assert!(html.body.contains("La rosa del CPI"), "{}", html.body);
        assert!(html.body.contains("action=\"/api/applicants/send\""));
        assert!(
            html.body
                .contains(&format!("Invia all&#x27;azienda: {other_name}"))
                || html
                    .body
                    .contains(&format!("Invia all'azienda: {other_name}"))
        );
        assert_eq!(html.body.matches("name=\"candidate_agreed\"").count(), 1);
        assert!(html.body.contains("ha accettato"));
        assert!(html.body.contains("in attesa di risposta"));

        // The accepted one goes without the checkbox, back to the page with the outcome.
        let r = html_post(
            &mut operator,
            "/api/applicants/send",
            &page,
            &[("application_id", &accepted.to_string())],
        )
        .await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
        let location = r.location().expect("location").to_string();
        assert_eq!(location, format!("{page}?esito=inviato"));
        let back = operator.get(&location).await;
        assert!(back.body.contains("Candidato inviato all"), "{}", back.body);

        // The other needs the checkbox: 422 for a script, the error on the page for a browser.
        let r = operator
            .post(
                "/api/applicants/send",
                &[("application_id", &waiting.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = html_post(
            &mut operator,
            "/api/applicants/send",
            &page,
            &[("application_id", &waiting.to_string())],
        )
        .await;
        let location = r.location().expect("back to the page").to_string();
        let back_path = location.trim_start_matches(ORIGIN).to_string();
        assert!(back_path.starts_with(&page), "{back_path}");
        let back = operator.get(&back_path).await;
        assert!(back.body.contains("form-error"), "{}", back.body);
        let r = operator
            .post(
                "/api/applicants/send",
                &[
                    ("application_id", &waiting.to_string()),
                    ("candidate_agreed", "on"),
                ],
            )
            .await;
        assert_eq!(
            r.location(),
            Some(format!("{page}?esito=inviato").as_str()),
            "{} {}",
            r.status,
            r.body
        );

        // The company now sees both in its pipeline; the page offers no more sending.
        let r = company
            .post("/api/applicants/list", &[("vacancy_id", &vacancy)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let pipeline = ids(&r.json()["applicants"], "id");
        assert!(
            pipeline.contains(&accepted) && pipeline.contains(&waiting),
            "{pipeline:?}"
        );
        let html = operator.get(&page).await;
        assert!(!html.body.contains("action=\"/api/applicants/send\""));
        assert!(html.body.contains("Inviata all") || html.body.contains("inviato all"));
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_fast_path_agrees_with_scoring_everyone_in_reach() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let mut conn = world.db.pool().acquire().await.expect("conn");
        let today = &START[..10];
        let w = MatchWeights::default();
        for vacancy in [world.near, world.farther, world.remote] {
            let fast =
                matching::candidates_for_vacancy(&mut conn, vacancy, today, 50, &w, Audience::Cpi)
                    .await
                    .expect("fast");
            let naive = matching::naive_candidates_for_vacancy(&mut conn, vacancy, today, 50, &w)
                .await
                .expect("naive");
            // Candidate generation may only drop people who share nothing with the vacancy;
            // everyone it keeps is ranked as the baseline ranks them.
            for c in &fast {
                let n = naive
                    .iter()
                    .find(|n| n.person_id == c.person_id)
                    .expect("in the baseline");
                assert_eq!(n.score, c.score);
            }
            assert!(fast.iter().any(|c| c.person_id == world.person));
        }
        let mine = matching::vacancies_for_person(&mut conn, world.person, today, 50, &w)
            .await
            .expect("for me");
        assert!(mine.iter().any(|v| v.vacancy_id == world.near));
        assert!(
            matching::vacancies_for_person(&mut conn, world.person, "nonsense", 5, &w)
                .await
                .is_err()
        );
        // Settling a bulk load changes how PostgreSQL reads the tables, never what they answer.
        let ranked = |c: Vec<matching::RankedCandidate>| {
            c.iter().map(|c| (c.person_id, c.score)).collect::<Vec<_>>()
        };
        let before =
            matching::candidates_for_vacancy(&mut conn, world.near, today, 50, &w, Audience::Cpi)
                .await
                .expect("before");
        drop(conn);
        matching::settle_after_bulk_load(&world.db)
            .await
            .expect("settle");
        let mut conn = world.db.pool().acquire().await.expect("conn");
        let after =
            matching::candidates_for_vacancy(&mut conn, world.near, today, 50, &w, Audience::Cpi)
                .await
                .expect("after");
        assert_eq!(ranked(before), ranked(after));
        if tdb.backend == app::store::Backend::Postgres {
            let visible: i64 = sqlx::query(
                "SELECT CAST(relallvisible AS BIGINT) FROM pg_class \
                 WHERE relname = 'match_person_skill'",
            )
            .fetch_one(&mut *conn)
            .await
            .expect("pg_class")
            .get(0);
            assert!(
                visible > 0,
                "the side table's pages are all-visible after settling"
            );
        }
        drop(conn);
        world.db.close().await;
        tdb.drop_database().await;
    }
}
