//! The citizen profile (SAP, issue 7) over HTTP on both backends: every section edited as
//! cittadino-1 and read back, refused input stored nowhere, visibility hidden by default,
//! completeness growing, the CV as PDF and JSON; another citizen's 404, an intermediary with and
//! without the profile mandate, and the competent operator's audited read-only access.

mod common;

use app::store::Db;
use common::auth::{audit_rows, demo_config, demo_db, persona_user_id, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use serde_json::Value;
use sqlx::Row;

async fn person_of(db: &Db, persona: &str) -> i64 {
    sqlx::query("SELECT person_id FROM app_user WHERE persona = $1")
        .bind(persona)
        .fetch_one(db.pool())
        .await
        .expect("persona")
        .get::<i64, _>(0)
}

async fn count(db: &Db, sql: &'static str, person: i64) -> i64 {
    sqlx::query(sql)
        .bind(person)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

async fn profile(b: &mut Browser, person: Option<i64>) -> (StatusCode, Value) {
    let person = person.map(|p| p.to_string());
    let args: Vec<(&str, &str)> = person.iter().map(|p| ("person", p.as_str())).collect();
    let r = b.post("/api/profile/get", &args).await;
    let json = if r.status == StatusCode::OK {
        r.json()
    } else {
        Value::Null
    };
    (r.status, json)
}

fn score(view: &Value) -> i64 {
    view["completeness"]["score"].as_i64().expect("score")
}

/// A successful form post: the redirect back to the section, with the outcome.
fn saved(r: &common::auth::Reply, section: &str) {
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{section}: {} {}",
        r.status,
        r.body
    );
    assert_eq!(
        r.location(),
        Some(format!("/area-personale/profilo/{section}?esito=saved").as_str())
    );
}

/// A refused post: path, form fields, the fields the answer must name.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>);

async fn a_skill(db: &Db) -> String {
    sqlx::query("SELECT uri FROM skill ORDER BY uri LIMIT 1")
        .fetch_one(db.pool())
        .await
        .expect("a skill")
        .get(0)
}

#[tokio::test]
async fn a_citizen_edits_every_section_and_reads_it_back() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let person = person_of(&db, "cittadino-1").await;
        // Start from an empty profile, so every step below is the one that fills its section.
        for sql in [
            "DELETE FROM profile_occupation WHERE person_id = $1",
            "DELETE FROM profile_experience WHERE person_id = $1",
            "DELETE FROM profile_skill WHERE person_id = $1",
            "DELETE FROM profile_language WHERE person_id = $1",
            "DELETE FROM profile_licence WHERE person_id = $1",
            "DELETE FROM profile_contract WHERE person_id = $1",
            "DELETE FROM profile_education WHERE person_id = $1",
            "DELETE FROM profile WHERE person_id = $1",
        ] {
            sqlx::query(sql)
                .bind(person)
                .execute(db.pool())
                .await
                .expect("clear");
        }
        let mut b = app.browser();
        b.login("cittadino-1").await;
        let (status, view) = profile(&mut b, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            view["visibility"], "Hidden",
            "hidden until the person chooses"
        );
        assert_eq!(score(&view), 0);
        assert_eq!(view["editable"], true);
        let skill = a_skill(&db).await;
        let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (
                "/api/profile/add",
                vec![("section", "professioni"), ("value", "cuoco")],
            ),
            (
                "/api/profile/add",
                vec![
                    ("section", "esperienze"),
                    ("value", "cuoco"),
                    ("employer", "Trattoria del Borgo"),
                    ("from", "2019-03"),
                    ("to", "2023-10"),
                ],
            ),
            (
                "/api/profile/add",
                vec![
                    ("section", "istruzione"),
                    ("level", "4"),
                    ("title", "Diploma alberghiero"),
                    ("year", "2018"),
                ],
            ),
            (
                "/api/profile/add",
                vec![("section", "lingue"), ("value", "en"), ("level", "B1")],
            ),
            (
                "/api/profile/add",
                vec![("section", "patenti"), ("value", "B")],
            ),
            (
                "/api/profile/add",
                vec![("section", "contratti"), ("value", "TEMPO-DETERMINATO")],
            ),
            (
                "/api/profile/preferences",
                vec![
                    ("working_time", "PART-TIME-ORIZZONTALE"),
                    ("max_hours", "30"),
                    ("radius_km", "40"),
                    ("available_from", "2026-12-01"),
                    ("nights", "1"),
                    ("remote", "1"),
                    ("vehicle", "1"),
                ],
            ),
            (
                "/api/profile/presentation",
                vec![("presentation", "Cuoca con cinque anni di esperienza.")],
            ),
        ];
        let mut last = 0;
        for (path, args) in &steps {
            let r = b.post(path, args).await;
            let section = args
                .iter()
                .find(|(k, _)| *k == "section")
                .map(|(_, v)| *v)
                .unwrap_or(if path.ends_with("preferences") {
                    "disponibilita"
                } else {
                    "presentazione"
                });
            saved(&r, section);
            let now = score(&profile(&mut b, None).await.1);
            assert!(now > last, "{path} {args:?}: {now} after {last}");
            last = now;
        }
        // Skills: one is not enough to complete the section.
        let r = b
            .post(
                "/api/profile/add",
                &[("section", "competenze"), ("value", &skill)],
            )
            .await;
        saved(&r, "competenze");
        let r = b
            .post("/api/profile/visibility", &[("visibility", "anonymous")])
            .await;
        saved(&r, "visibilita");

        let (_, view) = profile(&mut b, None).await;
        assert_eq!(view["desired"][0]["code"], "cuoco");
        assert_eq!(view["experience"][0]["employer"], "Trattoria del Borgo");
        assert_eq!(view["experience"][0]["from"], "2019-03-01");
        assert_eq!(view["experience"][0]["to"], "2023-10-01");
        assert_eq!(view["education"][0]["title"], "Diploma alberghiero");
        assert_eq!(view["eqf_level"], 4);
        assert_eq!(view["languages"][0]["lang"], "en");
        assert_eq!(view["languages"][0]["level"], "B1");
        assert_eq!(view["licences"][0], "B");
        assert_eq!(view["contracts"][0], "TEMPO-DETERMINATO");
        assert_eq!(view["skills"][0]["code"], skill.as_str());
        assert_eq!(view["visibility"], "Anonymous");
        let prefs = &view["preferences"];
        assert_eq!(prefs["working_time"], "PART-TIME-ORIZZONTALE");
        assert_eq!(prefs["max_hours_per_week"], 30);
        assert_eq!(prefs["mobility_radius_km"], 40);
        assert_eq!(prefs["available_from"], "2026-12-01");
        assert_eq!(
            (
                prefs["shifts_ok"].clone(),
                prefs["nights_ok"].clone(),
                prefs["remote_ok"].clone()
            ),
            (Value::Bool(false), Value::Bool(true), Value::Bool(true))
        );
        assert_eq!(prefs["has_vehicle"], true);
        assert_eq!(view["presentation"], "Cuoca con cinque anni di esperienza.");
        assert_eq!(score(&view), 85, "all but skills (3 needed)");
        assert_eq!(
            view["completeness"]["missing"],
            serde_json::json!(["Skills"])
        );
        // The columns matching reads.
        let row = sqlx::query(
            "SELECT eqf_level, working_time_pref, max_hours_per_week, \
             CASE WHEN nights_ok THEN 1 ELSE 0 END, CASE WHEN remote_ok THEN 1 ELSE 0 END \
             FROM profile WHERE person_id = $1",
        )
        .bind(person)
        .fetch_one(db.pool())
        .await
        .expect("profile row");
        assert_eq!(row.get::<i64, _>(0), 4);
        assert_eq!(row.get::<String, _>(1), "PART-TIME-ORIZZONTALE");
        assert_eq!(row.get::<i64, _>(2), 30);
        assert_eq!((row.get::<i64, _>(3), row.get::<i64, _>(4)), (1, 1));

        // A second, higher title becomes the level matching reads; removing it restores the first.
        let r = b
            .post(
                "/api/profile/add",
                &[
                    ("section", "istruzione"),
                    ("level", "6"),
                    ("title", "Laurea"),
                    ("year", "2022"),
                ],
            )
            .await;
        saved(&r, "istruzione");
        let (_, view) = profile(&mut b, None).await;
        assert_eq!(view["eqf_level"], 6);
        let laurea = view["education"][0]["id"].as_i64().expect("id").to_string();
        let r = b
            .post(
                "/api/profile/remove",
                &[("section", "istruzione"), ("key", &laurea)],
            )
            .await;
        saved(&r, "istruzione");
        let (_, view) = profile(&mut b, None).await;
        assert_eq!(view["eqf_level"], 4);
        // Desired occupations keep their order; raising the second puts it first.
        let other =
            sqlx::query("SELECT id FROM occupation WHERE id <> 'cuoco' ORDER BY id LIMIT 1")
                .fetch_one(db.pool())
                .await
                .expect("occupation")
                .get::<String, _>(0);
        let r = b
            .post(
                "/api/profile/add",
                &[("section", "professioni"), ("value", &other)],
            )
            .await;
        saved(&r, "professioni");
        let r = b
            .post("/api/profile/raise", &[("occupation", &other)])
            .await;
        saved(&r, "professioni");
        let (_, view) = profile(&mut b, None).await;
        assert_eq!(view["desired"][0]["code"], other.as_str());
        assert_eq!(view["desired"][1]["code"], "cuoco");
        let r = b
            .post(
                "/api/profile/remove",
                &[("section", "patenti"), ("key", "B")],
            )
            .await;
        saved(&r, "patenti");
        let (_, view) = profile(&mut b, None).await;
        assert_eq!(view["licences"], serde_json::json!([]));

        // Every change was audited with its section.
        let user = persona_user_id(&db, "cittadino-1").await;
        assert!(audit_rows(&db, "profile.update", user).await >= 14);

        // The pages render with the data.
        let page = b.get("/area-personale/profilo").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<progress"), "the meter");
        assert!(page.body.contains("/area-personale/profilo/cv.pdf"));
        let page = b.get("/area-personale/profilo/esperienze").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Trattoria del Borgo"));
        assert!(page.body.contains("action=\"/api/profile/remove\""));
        // The skill search works without JavaScript: a GET form whose hits are add buttons.
        let word: String =
            sqlx::query("SELECT label_en FROM skill WHERE uri <> $1 ORDER BY uri LIMIT 1")
                .bind(&skill)
                .fetch_one(db.pool())
                .await
                .expect("another skill")
                .get::<String, _>(0)
                .split_whitespace()
                .max_by_key(|w| w.len())
                .unwrap_or("manage")
                .to_lowercase();
        let page = b
            .get(&format!("/area-personale/profilo/competenze?q={word}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("id=\"skill-results\""),
            "results for {word}"
        );
        assert!(page.body.contains("action=\"/api/profile/add\""));
        let page = b.get("/area-personale/profilo/visibilita").await;
        assert!(page.body.contains("value=\"anonymous\""));
        let page = b.get("/area-personale/profilo/nessuna").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);

        // The CV.
        let pdf = b.get("/area-personale/profilo/cv.pdf").await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.body.starts_with("%PDF-"));
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        // Lines with accents or dashes are hex strings in the PDF; this one is plain ASCII.
        assert!(
            pdf.body.contains("(dal 2019-03 al 2023-10: ) Tj"),
            "the experience is in the CV"
        );
        let json = b.get("/area-personale/profilo/cv.json").await;
        assert_eq!(json.status, StatusCode::OK);
        assert!(json.headers["content-disposition"]
            .to_str()
            .expect("header")
            .starts_with("attachment"));
        let cv = json.json();
        for key in [
            "person",
            "education",
            "experience",
            "skills",
            "languages",
            "driving_licences",
            "desired_occupations",
            "contracts",
            "availability",
            "presentation",
            "visibility",
        ] {
            assert!(cv.get(key).is_some(), "cv.json has {key}");
        }
        assert_eq!(cv["experience"][0]["employer"], "Trattoria del Borgo");
        assert_eq!(
            audit_rows(&db, "profile.cv", user).await,
            0,
            "own downloads are not audited"
        );
        let anonymous = app.browser().get("/area-personale/profilo/cv.pdf").await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn refused_input_names_its_fields_and_stores_nothing() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let person = person_of(&db, "cittadino-1").await;
        let mut b = app.browser();
        b.login("cittadino-1").await;
        let cases: Vec<Case> = vec![
            (
                "/api/profile/add",
                vec![
                    ("section", "istruzione"),
                    ("level", "9"),
                    ("title", " "),
                    ("year", "1800"),
                ],
                vec!["level", "title", "year"],
            ),
            (
                "/api/profile/add",
                vec![
                    ("section", "esperienze"),
                    ("value", "cuoco"),
                    ("employer", "X"),
                    ("from", "2022-05"),
                    ("to", "2021-01"),
                ],
                vec!["to"],
            ),
            (
                "/api/profile/add",
                vec![
                    ("section", "esperienze"),
                    ("value", "non-esiste"),
                    ("employer", "X"),
                    ("from", "2022-05"),
                ],
                vec!["value"],
            ),
            (
                "/api/profile/add",
                vec![("section", "lingue"), ("value", "english"), ("level", "B9")],
                vec!["value", "level"],
            ),
            (
                "/api/profile/add",
                vec![("section", "patenti"), ("value", "Z")],
                vec!["value"],
            ),
            (
                "/api/profile/add",
                vec![
                    ("section", "competenze"),
                    ("value", "http://example.org/no"),
                ],
                vec!["value"],
            ),
            (
                "/api/profile/preferences",
                vec![
                    ("radius_km", "900"),
                    ("max_hours", "0"),
                    ("available_from", "2026-02-30"),
                ],
                vec!["max_hours", "radius_km", "available_from"],
            ),
            (
                "/api/profile/visibility",
                vec![("visibility", "everyone")],
                vec!["visibility"],
            ),
        ];
        let long = "x".repeat(app::domain::profile::MAX_PRESENTATION_CHARS + 1);
        let mut cases = cases;
        cases.push((
            "/api/profile/presentation",
            vec![("presentation", long.as_str())],
            vec!["presentation"],
        ));
        let before = profile(&mut b, None).await.1;
        for (path, args, fields) in cases {
            let r = b.post(path, &args).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path} {args:?}: {}",
                r.body
            );
            let body = r.body.clone();
            for field in fields {
                assert!(
                    body.contains(&format!("\"{field}\"")),
                    "{path}: {field} in {body}"
                );
            }
        }
        let mut after = profile(&mut b, None).await.1;
        after["updated_at"] = before["updated_at"].clone();
        assert_eq!(after, before, "nothing stored");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_event WHERE subject_person_id = $1 AND action = 'profile.update'", person).await,
            0
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_new_profile_is_hidden_and_others_get_not_found() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let first = person_of(&db, "cittadino-1").await;
        let third = person_of(&db, "cittadino-3").await;
        sqlx::query("DELETE FROM profile WHERE person_id = $1")
            .bind(third)
            .execute(db.pool())
            .await
            .expect("no profile");
        let mut c3 = app.browser();
        c3.login("cittadino-3").await;
        let r = c3
            .post(
                "/api/profile/add",
                &[("section", "patenti"), ("value", "C")],
            )
            .await;
        saved(&r, "patenti");
        let row = sqlx::query(
            "SELECT visibility, CASE WHEN shifts_ok THEN 1 ELSE 0 END, \
             CASE WHEN nights_ok THEN 1 ELSE 0 END, CASE WHEN weekends_ok THEN 1 ELSE 0 END, \
             CASE WHEN remote_ok THEN 1 ELSE 0 END FROM profile WHERE person_id = $1",
        )
        .bind(third)
        .fetch_one(db.pool())
        .await
        .expect("profile made by the first edit");
        assert_eq!(row.get::<String, _>(0), "hidden");
        assert_eq!(
            (
                row.get::<i64, _>(1),
                row.get::<i64, _>(2),
                row.get::<i64, _>(3),
                row.get::<i64, _>(4)
            ),
            (1, 0, 1, 0)
        );
        // Another citizen: the profile, its entries and its CV do not exist for them.
        let (status, _) = profile(&mut c3, Some(first)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let cv = c3
            .get(&format!("/area-personale/profilo/cv.pdf?persona={first}"))
            .await;
        assert_eq!(cv.status, StatusCode::NOT_FOUND);
        let entry: i64 = {
            sqlx::query(
                "INSERT INTO profile_education (person_id, eqf, title) VALUES ($1, 5, 'ITS')",
            )
            .bind(first)
            .execute(db.pool())
            .await
            .expect("entry");
            count(
                &db,
                "SELECT MAX(id) FROM profile_education WHERE person_id = $1",
                first,
            )
            .await
        };
        let r = c3
            .post(
                "/api/profile/remove",
                &[("section", "istruzione"), ("key", &entry.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM profile_education WHERE person_id = $1",
                first
            )
            .await,
            1
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn intermediaries_need_the_profile_mandate_and_operators_only_read() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let first = person_of(&db, "cittadino-1").await;
        // The patronato, acting under cittadino-1's mandate (profile and appointments).
        let mut patronato = app.browser();
        patronato.login("patronato").await;
        let (status, _) = profile(&mut patronato, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not acting for anyone");
        let r = patronato
            .post(
                "/api/profile/add",
                &[("section", "patenti"), ("value", "CE")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let clients = patronato.post("/api/mandates/clients", &[]).await;
        let mandate = clients.json()[0]["id"]
            .as_i64()
            .expect("mandate")
            .to_string();
        let acting = patronato
            .post("/api/mandates/act-for", &[("mandate_id", &mandate)])
            .await;
        assert_eq!(acting.status, StatusCode::OK, "{}", acting.body);
        let (status, view) = profile(&mut patronato, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(view["person_id"], first);
        assert_eq!(view["editable"], true);
        let r = patronato
            .post(
                "/api/profile/add",
                &[("section", "patenti"), ("value", "CE")],
            )
            .await;
        saved(&r, "patenti");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM profile_licence WHERE person_id = $1 AND licence_code = 'CE'",
                first
            )
            .await,
            1
        );
        let under_mandate = count(
            &db,
            "SELECT COUNT(*) FROM audit_event WHERE subject_person_id = $1 \
             AND action = 'profile.update' AND mandate_id IS NOT NULL",
            first,
        )
        .await;
        assert_eq!(under_mandate, 1, "the write records the mandate");
        // Without the profile in its scopes, the mandate counts for nothing here.
        sqlx::query("UPDATE mandate SET scopes = 'appointments' WHERE id = $1")
            .bind(mandate.parse::<i64>().expect("id"))
            .execute(db.pool())
            .await
            .expect("narrow the mandate");
        let r = patronato
            .post(
                "/api/profile/add",
                &[("section", "patenti"), ("value", "D")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let (status, _) = profile(&mut patronato, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The competent CPI's operator reads, audited, and cannot write.
        let operator_persona: String = sqlx::query(
            "SELECT 'operatore-' || LOWER(c.cpi_code) FROM person p \
             JOIN comune c ON c.istat_code = p.residence_istat WHERE p.id = $1",
        )
        .bind(first)
        .fetch_one(db.pool())
        .await
        .expect("competent cpi")
        .get(0);
        let mut operator = app.browser();
        operator.login(&operator_persona).await;
        let (status, view) = profile(&mut operator, Some(first)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(view["editable"], false);
        let operator_user = persona_user_id(&db, &operator_persona).await;
        assert_eq!(audit_rows(&db, "profile.read", operator_user).await, 1);
        let cv = operator
            .get(&format!("/area-personale/profilo/cv.pdf?persona={first}"))
            .await;
        assert_eq!(cv.status, StatusCode::OK);
        assert!(cv.body.starts_with("%PDF-"));
        assert_eq!(audit_rows(&db, "profile.cv", operator_user).await, 1);
        let page = operator
            .get(&format!("/area-personale/profilo/patenti?persona={first}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("action=\"/api/profile/"),
            "read-only: no forms"
        );
        let r = operator
            .post("/api/profile/visibility", &[("visibility", "full")])
            .await;
        assert!(
            matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            r.status
        );
        // Another CPI's operator: not found.
        let other = if operator_persona == "operatore-tr" {
            "operatore-pg"
        } else {
            "operatore-tr"
        };
        let mut stranger = app.browser();
        stranger.login(other).await;
        let (status, _) = profile(&mut stranger, Some(first)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        db.close().await;
        tdb.drop_database().await;
    }
}
