//! Classification tables: the reference load (ISCO-08, ATECO, Belfiore history, package skills, comune
//! population) and the official imports (`import esco`, `import cp2021`), on SQLite and PostgreSQL.

mod common;

use app::domain::reference::OccupationHit;
use app::domain::search_text::TermLang;
use app::store::classification::esco_occupation_id;
use app::store::reference::{replace_comuni, replace_occupations, search_occupations};
use app::store::Db;
use common::TestDatabase;
use server::{classification_import, reference_import};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::time::Instant;

const ISCO_GROUPS: i64 = 619;
const UMBRIAN_COMUNI: i64 = 92;
const LIVESTOCK_URI: &str =
    "http://data.europa.eu/esco/occupation/65bd2342-f7de-4932-9164-eb480e35a791";
const TECHNICAL_DIRECTOR_URI: &str =
    "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
const FEED_LIVESTOCK_URI: &str =
    "http://data.europa.eu/esco/skill/5b1d43d1-e063-4d07-8ba1-6f08d4e46279";
/// Occupations in the ESCO fixture with no hand-authored counterpart.
const FIXTURE_NEW_OCCUPATIONS: i64 = 2;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn quiet(_: &str) {}

fn csv_rows(file: &str) -> i64 {
    let mut reader = csv::Reader::from_path(reference_dir().join(file)).expect("csv");
    reader.records().count() as i64
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get::<i64, _>(0)
}

/// Row counts (and a checksum-like sum) of every table the loaders and importers write.
async fn snapshot(db: &Db) -> Vec<i64> {
    vec![
        count(db, "SELECT COUNT(*) FROM comune").await,
        count(db, "SELECT COUNT(population) FROM comune").await,
        count(
            db,
            "SELECT CAST(COALESCE(SUM(population), 0) AS BIGINT) FROM comune",
        )
        .await,
        count(db, "SELECT COUNT(*) FROM occupation").await,
        count(db, "SELECT COUNT(*) FROM occupation_term").await,
        count(db, "SELECT COUNT(*) FROM occupation_key").await,
        count(db, "SELECT COUNT(*) FROM isco_group").await,
        count(db, "SELECT COUNT(title_it) FROM isco_group").await,
        count(db, "SELECT COUNT(*) FROM ateco").await,
        count(db, "SELECT COUNT(*) FROM skill").await,
        count(db, "SELECT COUNT(*) FROM skill WHERE source = 'esco'").await,
        count(db, "SELECT COUNT(*) FROM belfiore_historic").await,
        count(db, "SELECT COUNT(*) FROM esco_occupation").await,
        count(db, "SELECT COUNT(*) FROM occupation_skill").await,
        count(db, "SELECT COUNT(*) FROM cp2021").await,
    ]
}

async fn loaded(tdb: &TestDatabase) -> Db {
    let db = tdb.connect().await;
    reference_import::load(&db, &reference_dir())
        .await
        .expect("load reference data");
    db
}

async fn import_fixture_esco(db: &Db) -> app::store::classification::EscoImported {
    classification_import::esco(db, &fixtures().join("esco"), &quiet)
        .await
        .expect("import esco fixture")
}

async fn italian_hits(db: &Db, q: &str) -> Vec<OccupationHit> {
    search_occupations(db, q, TermLang::It, 5)
        .await
        .expect("search")
}

/// A copy of the ESCO fixture folder with `from` replaced by `to` in one file.
fn esco_fixture_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixtures().join("esco")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let mut text = std::fs::read_to_string(&path).expect("read fixture");
        if name == file {
            assert!(text.contains(from), "{file} has no {from}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

#[tokio::test]
async fn reference_load_fills_the_classification_tables_and_a_reload_changes_nothing() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        // What the load cost before this change: comuni and occupations alone.
        let started = Instant::now();
        let comuni = reference_import::read_comuni(&reference_dir()).expect("comuni");
        let occupations = reference_import::read_occupations(&reference_dir()).expect("occ");
        replace_comuni(&db, &comuni).await.expect("comuni");
        replace_occupations(&db, &occupations).await.expect("occ");
        let old_part = started.elapsed();

        let started = Instant::now();
        let loaded = reference_import::load(&db, &reference_dir())
            .await
            .expect("load");
        let full = started.elapsed();
        assert_eq!(loaded.isco_groups as i64, ISCO_GROUPS);
        assert_eq!(loaded.ateco as i64, csv_rows(reference_import::ATECO_FILE));
        assert_eq!(
            loaded.skills as i64,
            csv_rows(reference_import::SKILLS_FILE)
        );
        assert_eq!(
            loaded.belfiore as i64,
            csv_rows(reference_import::BELFIORE_FILE)
        );
        assert_eq!(loaded.esco_terms, 0, "no ESCO import yet");

        let before = snapshot(&db).await;
        assert_eq!(before[6], ISCO_GROUPS, "{:?}", tdb.backend);
        assert_eq!(before[7], ISCO_GROUPS, "Italian ISCO titles");
        assert_eq!(before[8], csv_rows(reference_import::ATECO_FILE));
        assert_eq!(before[9], csv_rows(reference_import::SKILLS_FILE));
        assert_eq!(before[11], csv_rows(reference_import::BELFIORE_FILE));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM isco_group WHERE level = 4").await,
            436
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM ateco WHERE parent_code IS NULL").await,
            count(&db, "SELECT COUNT(*) FROM ateco WHERE level = 'section'").await
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM belfiore_historic WHERE is_foreign = 1"
            )
            .await,
            count(
                &db,
                "SELECT COUNT(*) FROM belfiore_historic WHERE code LIKE 'Z%'"
            )
            .await
        );
        // Package skills: labels split from the description where the first sentence starts.
        let skill = sqlx::query("SELECT label_en, description FROM skill WHERE uri = $1")
            .bind(FEED_LIVESTOCK_URI)
            .fetch_one(db.pool())
            .await
            .expect("skill");
        let label: String = skill.get("label_en");
        let description: Option<String> = skill.get("description");
        assert!(label.starts_with("feed livestock"), "{label}");
        assert!(
            description
                .as_deref()
                .is_some_and(|d| d.starts_with("Calculate")),
            "{description:?}"
        );

        let umbria_with_population = count(
            &db,
            "SELECT COUNT(population) FROM comune WHERE region_name = 'Umbria'",
        )
        .await;
        let umbria_population = count(
            &db,
            "SELECT CAST(COALESCE(SUM(population), 0) AS BIGINT) FROM comune \
             WHERE region_name = 'Umbria'",
        )
        .await;
        assert_eq!(umbria_with_population, UMBRIAN_COMUNI);
        assert!(umbria_population > 0);

        let started = Instant::now();
        reference_import::load(&db, &reference_dir())
            .await
            .expect("reload");
        let reload = started.elapsed();
        assert_eq!(snapshot(&db).await, before, "{:?}", tdb.backend);
        println!(
            "{:?}: comuni+occupations {old_part:?}; full reference load {full:?}, reload {reload:?}; \
             comuni with population {}, Umbria {umbria_with_population} comuni / {umbria_population} \
             inhabitants",
            tdb.backend, before[1]
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn esco_import_enriches_hand_authored_occupations_and_adds_the_others() {
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        let occupations_before = count(&db, "SELECT COUNT(*) FROM occupation").await;
        let skills_before = count(&db, "SELECT COUNT(*) FROM skill").await;
        assert!(italian_hits(&db, "mandriano").await.is_empty());

        let imported = import_fixture_esco(&db).await;
        assert_eq!(imported.occupations, 3);
        assert_eq!(imported.enriched, 1);
        assert_eq!(imported.created as i64, FIXTURE_NEW_OCCUPATIONS);
        assert_eq!(imported.skills, 3);
        assert_eq!(imported.relations, 3);
        assert!(imported.terms > 10, "{imported:?}");

        // The hand-authored occupation keeps its id and label, and gains the ESCO synonyms.
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM occupation").await,
            occupations_before + FIXTURE_NEW_OCCUPATIONS,
            "{:?}",
            tdb.backend
        );
        let livestock = sqlx::query("SELECT id, label_it FROM occupation WHERE esco_uri = $1")
            .bind(LIVESTOCK_URI)
            .fetch_all(db.pool())
            .await
            .expect("livestock");
        assert_eq!(livestock.len(), 1, "not duplicated");
        assert_eq!(livestock[0].get::<String, _>("id"), "addetto-allevamento");
        assert_eq!(
            livestock[0].get::<String, _>("label_it"),
            "Addetto/a all'allevamento"
        );
        let hits = italian_hits(&db, "mandrian").await;
        assert_eq!(hits[0].id, "addetto-allevamento", "{hits:?}");
        assert_eq!(hits[0].label, "Addetto/a all'allevamento");
        assert!(hits[0]
            .matched_term
            .as_deref()
            .is_some_and(|t| t.starts_with("mandrian")));
        // One line of a multi-line altLabels cell, with an accent, typed without it.
        let hits = italian_hits(&db, "capo tecnico dell'attivita").await;
        assert_eq!(hits[0].id, esco_occupation_id(TECHNICAL_DIRECTOR_URI));
        assert_eq!(
            hits[0].matched_term.as_deref(),
            Some("capo tecnico dell'attività teatrale")
        );
        let english = search_occupations(&db, "cattle hand", TermLang::En, 5)
            .await
            .expect("search");
        assert_eq!(english[0].id, "addetto-allevamento");
        // An occupation only in the English file falls back to its English label.
        let hits = italian_hits(&db, "beer sommelier").await;
        assert_eq!(hits[0].label, "beer sommelier");

        // Skills: official labels replace the package's, nothing is added twice.
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM skill").await,
            skills_before
        );
        let skill = sqlx::query(
            "SELECT label_en, label_it, skill_type, alt_labels_en, source FROM skill WHERE uri = $1",
        )
        .bind(FEED_LIVESTOCK_URI)
        .fetch_one(db.pool())
        .await
        .expect("skill");
        assert_eq!(skill.get::<String, _>("label_en"), "feed livestock");
        assert_eq!(
            skill.get::<Option<String>, _>("label_it").as_deref(),
            Some("alimentare il bestiame")
        );
        assert_eq!(
            skill.get::<Option<String>, _>("skill_type").as_deref(),
            Some("skill/competence")
        );
        assert_eq!(
            skill.get::<Option<String>, _>("alt_labels_en").as_deref(),
            Some("livestock feeding\ncalculating livestock feed")
        );
        assert_eq!(skill.get::<String, _>("source"), "esco");
        let relation = sqlx::query(
            "SELECT relation FROM occupation_skill WHERE occupation_uri = $1 AND skill_uri = $2",
        )
        .bind(LIVESTOCK_URI)
        .bind(FEED_LIVESTOCK_URI)
        .fetch_one(db.pool())
        .await
        .expect("relation");
        assert_eq!(relation.get::<String, _>("relation"), "essential");
        assert_eq!(
            count(&db, "SELECT COUNT(title_it) FROM isco_group").await,
            ISCO_GROUPS,
            "the project's Italian ISCO titles stay"
        );

        // Importing again changes nothing; a reference reload keeps the import.
        let after_import = snapshot(&db).await;
        import_fixture_esco(&db).await;
        assert_eq!(snapshot(&db).await, after_import, "{:?}", tdb.backend);
        reference_import::load(&db, &reference_dir())
            .await
            .expect("reload");
        assert_eq!(snapshot(&db).await, after_import, "{:?}", tdb.backend);
        assert_eq!(
            italian_hits(&db, "mandriano").await[0].id,
            "addetto-allevamento"
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn esco_import_with_a_missing_column_names_it_and_changes_nothing() {
    let broken = esco_fixture_with("occupations_it.csv", "preferredLabel", "prefLabel");
    let bad_relation = esco_fixture_with("occupationSkillRelations_en.csv", "optional", "maybe");
    for tdb in TestDatabase::all().await {
        let db = loaded(&tdb).await;
        let before = snapshot(&db).await;
        let err = classification_import::esco(&db, broken.path(), &quiet)
            .await
            .expect_err("missing column");
        let message = err.to_string();
        assert!(
            message.ends_with("occupations_it.csv: missing column 'preferredLabel'"),
            "{message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
        let err = classification_import::esco(&db, bad_relation.path(), &quiet)
            .await
            .expect_err("bad relation type");
        assert!(
            err.to_string()
                .contains("occupationSkillRelations_en.csv, line 3: relationType 'maybe'"),
            "{err}"
        );
        let err = classification_import::esco(&db, Path::new("/nonexistent/esco"), &quiet)
            .await
            .expect_err("missing folder");
        assert_eq!(err.to_string(), "folder /nonexistent/esco not found");
        assert_eq!(snapshot(&db).await, before, "{:?}", tdb.backend);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn cp2021_imports_utf8_and_latin1_files_alike() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let mut titles = Vec::new();
        for file in ["cp2021.csv", "cp2021_latin1.csv"] {
            let imported = classification_import::cp2021(&db, &fixtures().join(file), &quiet)
                .await
                .expect("import cp2021");
            assert_eq!(imported.nodes, 10, "{file}");
            let rows =
                sqlx::query("SELECT code, level, parent_code, title_it FROM cp2021 ORDER BY code")
                    .fetch_all(db.pool())
                    .await
                    .expect("cp2021");
            let rows: Vec<(String, i64, Option<String>, String)> = rows
                .iter()
                .map(|r| {
                    (
                        r.get("code"),
                        r.get::<i64, _>("level"),
                        r.get("parent_code"),
                        r.get("title_it"),
                    )
                })
                .collect();
            let cook = rows
                .iter()
                .find(|r| r.0 == "5.2.2.1.0")
                .expect("unit 5.2.2.1.0");
            assert_eq!(cook.1, 5);
            assert_eq!(cook.2.as_deref(), Some("5.2.2.1"));
            let group = rows.iter().find(|r| r.0 == "5").expect("group 5");
            assert_eq!(
                group.3,
                "PROFESSIONI QUALIFICATE NELLE ATTIVITÀ COMMERCIALI E NEI SERVIZI"
            );
            assert_eq!(group.2, None);
            titles.push(rows);
        }
        assert_eq!(titles[0], titles[1], "{:?}", tdb.backend);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn cp2021_with_a_missing_column_names_it_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("cp2021.csv");
    let text = std::fs::read_to_string(fixtures().join("cp2021.csv")).expect("fixture");
    std::fs::write(&broken, text.replacen("Nome", "Descrizione breve", 1)).expect("write");
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        classification_import::cp2021(&db, &fixtures().join("cp2021.csv"), &quiet)
            .await
            .expect("import");
        let err = classification_import::cp2021(&db, &broken, &quiet)
            .await
            .expect_err("missing column");
        assert_eq!(
            err.to_string(),
            format!("{}: missing column 'Nome'", broken.display())
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM cp2021").await, 10);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[test]
fn import_command_prints_one_line_and_exits_1_on_a_missing_column() {
    let broken = esco_fixture_with("occupations_en.csv", "iscoGroup", "isco");
    let data = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["import", "esco", "--dir"])
        .arg(broken.path())
        .arg("--database-url")
        .arg(format!("sqlite:{}", data.path().join("t.db").display()))
        .env("SPORTELLO_LOG", "warn")
        .output()
        .expect("run server");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("sportello: import failed: ")
            && last.ends_with("occupations_en.csv: missing column 'iscoGroup'"),
        "{stderr}"
    );
}
