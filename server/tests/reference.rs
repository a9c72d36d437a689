//! Reference tables (comuni, occupations): loading and search. Store tests run on SQLite and
//! PostgreSQL; the HTTP test drives the server function through the real router.

mod common;

use app::domain::search_text::TermLang;
use app::store::reference::{search_comuni, search_occupations};
use app::store::Db;
use axum::body::Body;
use common::TestDatabase;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::reference_import;
use sqlx::Row;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const COMUNI: i64 = 7_896;
const UMBRIAN_COMUNI: i64 = 92;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference")
}

fn csv_rows(file: &str) -> i64 {
    let text = std::fs::read_to_string(reference_dir().join(file)).expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader.records().count() as i64
}

async fn loaded(tdb: &TestDatabase) -> Db {
    let db = tdb.connect().await;
    reference_import::load(&db, &reference_dir())
        .await
        .expect("load reference data");
    db
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get::<i64, _>(0)
}

async fn comune_names(db: &Db, q: &str) -> Vec<String> {
    search_comuni(db, q, 10)
        .await
        .expect("search")
        .into_iter()
        .map(|h| h.name)
        .collect()
}

#[tokio::test]
async fn loads_every_comune_and_occupation_and_a_reload_changes_nothing() {
    let occupations = csv_rows(reference_import::OCCUPATIONS_FILE);
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let started = Instant::now();
        let loaded = reference_import::load(&db, &reference_dir())
            .await
            .expect("load");
        let first = started.elapsed();
        assert_eq!(loaded.comuni as i64, COMUNI);
        assert_eq!(loaded.occupations as i64, occupations);
        let counts = |db: Db| async move {
            (
                count(&db, "SELECT COUNT(*) FROM comune").await,
                count(&db, "SELECT COUNT(*) FROM comune_key").await,
                count(&db, "SELECT COUNT(*) FROM occupation").await,
                count(&db, "SELECT COUNT(*) FROM occupation_term").await,
                count(&db, "SELECT COUNT(*) FROM occupation_key").await,
            )
        };
        let before = counts(db.clone()).await;
        assert_eq!(before.0, COMUNI, "{:?}", tdb.backend);
        assert_eq!(before.2, occupations, "{:?}", tdb.backend);
        assert!(before.3 > 2 * occupations, "labels and synonyms as terms");
        let started = Instant::now();
        reference_import::load(&db, &reference_dir())
            .await
            .expect("reload");
        let second = started.elapsed();
        assert_eq!(counts(db.clone()).await, before, "{:?}", tdb.backend);
        println!(
            "{:?}: first load {first:?}, reload {second:?}, {} comune keys, {} occupation terms",
            tdb.backend, before.1, before.3
        );
        assert!(
            first < Duration::from_secs(30),
            "{:?} took {first:?}",
            tdb.backend
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn every_umbrian_comune_has_a_cpi() {
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        let with_cpi = count(
            &db,
            "SELECT COUNT(*) FROM comune WHERE region_name = 'Umbria' AND cpi_code IS NOT NULL",
        )
        .await;
        assert_eq!(with_cpi, UMBRIAN_COMUNI, "{:?}", tdb.backend);
        let hits = search_comuni(&db, "gubbio", 5).await.expect("search");
        assert_eq!(hits[0].cpi_code.as_deref(), Some("CC"), "{:?}", tdb.backend);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn finds_comuni_whatever_the_accents_case_and_abbreviations() {
    let cases: &[(&str, &str)] = &[
        ("citta di castello", "Città di Castello"),
        ("CITTÀ DI CASTELLO", "Città di Castello"),
        ("Città di Cast", "Città di Castello"),
        ("S. Giustino", "San Giustino"),
        ("s giustino", "San Giustino"),
        ("san giustino", "San Giustino"),
        ("San Giust", "San Giustino"),
        ("perugia", "Perugia"),
        ("Perugia", "Perugia"),
        ("perug", "Perugia"),
        ("forli", "Forlì"),
        ("S. Maria a Vico", "Santa Maria a Vico"),
        ("s maria a v", "Santa Maria a Vico"),
        ("sant'anna d'alfaedo", "Sant'Anna d'Alfaedo"),
        ("bozen", "Bolzano"),
    ];
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        for (q, want) in cases {
            let names = comune_names(&db, q).await;
            assert_eq!(
                names.first().map(String::as_str),
                Some(*want),
                "{q} on {:?}: {names:?}",
                tdb.backend
            );
        }
        // A word inside the name is found too, after the names that start with it.
        let names = comune_names(&db, "castello").await;
        assert!(names.iter().any(|n| n.starts_with("Castello")), "{names:?}");
        let all = search_comuni(&db, "castello", 20).await.expect("search");
        assert_eq!(all.len(), 20, "limit honoured on {:?}", tdb.backend);
        assert!(comune_names(&db, "zzzz").await.is_empty());
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn finds_occupations_by_stem_word_prefix_and_in_english() {
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        let it = |q: &'static str| {
            let db = db.clone();
            async move {
                search_occupations(&db, q, TermLang::It, 10)
                    .await
                    .expect("search")
            }
        };
        let hits = it("saldatori").await;
        assert_eq!(hits[0].id, "saldatore", "{:?}: {hits:?}", tdb.backend);
        assert_eq!(hits[0].matched_term.as_deref(), Some("saldatore"));
        assert_eq!(hits[0].isco_code, "7212");

        let hits = it("magazzin").await;
        assert_eq!(hits[0].id, "magazziniere", "{:?}: {hits:?}", tdb.backend);
        assert_eq!(hits[0].label, "Magazziniere/a");
        assert!(hits.iter().any(|h| h.id == "responsabile-magazzino"));

        let hits = it("Magazzinieri").await;
        assert_eq!(hits[0].id, "magazziniere", "plural, capitalised: {hits:?}");

        let hits = search_occupations(&db, "welder", TermLang::En, 10)
            .await
            .expect("search");
        assert_eq!(hits[0].id, "saldatore", "{:?}: {hits:?}", tdb.backend);
        assert_eq!(hits[0].label, "Welder");
        assert_eq!(hits[0].matched_term, None, "the label itself matched");
        assert!(hits.iter().any(|h| h.id == "saldatore-tubista"));

        let hits = search_occupations(&db, "welders", TermLang::En, 10)
            .await
            .expect("search");
        assert_eq!(hits[0].id, "saldatore", "{hits:?}");
        assert!(search_occupations(&db, "saldatore", TermLang::En, 10)
            .await
            .expect("search")
            .is_empty());
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_missing_reference_folder_is_one_clear_error() {
    let tdb = TestDatabase::sqlite();
    let db = tdb.connect().await;
    let err = reference_import::load(&db, std::path::Path::new("/nonexistent/reference"))
        .await
        .expect_err("missing folder");
    let line = err.to_string();
    assert!(
        line.contains("/nonexistent/reference") && !line.contains('\n'),
        "{line}"
    );
    let empty = tempfile::tempdir().expect("dir");
    let err = reference_import::load(&db, empty.path())
        .await
        .expect_err("missing file");
    assert!(err.to_string().contains("comuni.csv"), "{err}");
}

async fn post(app: &axum::Router, path: &str, body: &str) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", "http://127.0.0.1:3000")
        .body(Body::from(body.to_string()))
        .expect("request");
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn search_endpoints_answer_json_and_reject_long_queries() {
    use server::assets::AssetNames;
    use server::config::PublicOrigin;
    use server::startup::{router, RouterConfig};
    let tdb = TestDatabase::sqlite();
    let db = loaded(&tdb).await;
    let config = RouterConfig {
        assets: AssetNames::unhashed(),
        max_body_bytes: 4096,
        request_timeout: Duration::from_secs(10),
        ..RouterConfig::local(
            PublicOrigin::parse("http://127.0.0.1:3000").expect("origin"),
            "target/site-does-not-exist".into(),
        )
    };
    let app = router(&config, db).expect("router");

    let (status, body) = post(&app, "/api/reference/comuni", "q=citta+di+castello").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hits: Vec<serde_json::Value> = serde_json::from_str(&body).expect("json");
    assert_eq!(hits[0]["name"], "Città di Castello");
    assert_eq!(hits[0]["istat_code"], "054013");
    assert_eq!(hits[0]["cpi_code"], "CC");

    let (status, body) = post(&app, "/api/reference/comuni", "q=p").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "[]"));

    let (status, body) = post(&app, "/api/reference/comuni", "q=castello&limit=500").await;
    assert_eq!(status, StatusCode::OK);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&body).expect("json");
    assert_eq!(hits.len(), 20, "limit clamped");

    let long = "a".repeat(101);
    for path in ["/api/reference/comuni", "/api/reference/occupations"] {
        let (status, body) = post(&app, path, &format!("q={long}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        let err: app::error::AppError = serde_json::from_str(&body).expect("AppError json");
        assert_eq!(
            err,
            app::error::AppError::Validation {
                fields: vec![app::error::FieldError {
                    field: "q".into(),
                    problem: app::error::FieldProblem::TooLong { max: 100 },
                }]
            }
        );
    }

    let (status, body) = post(&app, "/api/reference/occupations", "q=welder&lang=en").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hits: Vec<serde_json::Value> = serde_json::from_str(&body).expect("json");
    assert_eq!(hits[0]["id"], "saldatore");
    assert_eq!(hits[0]["label"], "Welder");

    let (status, _) = post(&app, "/api/reference/occupations", "q=welder&lang=de").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn seed_reference_with_a_missing_folder_exits_with_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite:{}/db.sqlite", dir.path().display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["seed", "--reference"])
        .env("DATABASE_URL", &url)
        .env("SPORTELLO_REFERENCE_DIR", "/nonexistent/reference")
        .output()
        .expect("run server");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("sportello:") && lines[0].contains("/nonexistent/reference"),
        "{stderr}"
    );
}

#[tokio::test]
async fn reads_one_occupation_with_its_names_and_isco_groups() {
    use app::store::occupations::occupation_by_id;
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        let got = occupation_by_id(&db, "saldatore")
            .await
            .expect("query")
            .expect("found");
        assert_eq!(got.label_it, "Saldatore/trice");
        assert_eq!(got.label_en, "Welder");
        assert!(
            got.synonyms_it.iter().any(|s| s == "saldatore tig"),
            "{:?}",
            got.synonyms_it
        );
        assert!(
            !got.synonyms_it.iter().any(|s| s == "Saldatore/trice"),
            "label is not a synonym"
        );
        assert!(got.synonyms_en.iter().any(|s| s == "TIG welder"));
        let groups: Vec<(&str, Option<&str>)> = got
            .isco_groups
            .iter()
            .map(|g| (g.code.as_str(), g.title_it.as_deref()))
            .collect();
        assert_eq!(
            groups,
            [
                ("7", Some("Artigiani e operai specializzati")),
                (
                    "72",
                    Some("Operai specializzati della metallurgia, della meccanica e professioni assimilate")
                ),
                (
                    "721",
                    Some("Lattonieri, carpentieri metallici, formatori, saldatori e professioni assimilate")
                ),
                ("7212", Some("Saldatori e tagliatori a fiamma")),
            ]
        );
        assert!(got
            .esco_uri
            .as_deref()
            .is_some_and(|u| u.starts_with("http://data.europa.eu/esco/occupation/")));
        assert_eq!(
            occupation_by_id(&db, "non-esiste").await.expect("query"),
            None
        );
        db.close().await;
    }
}
