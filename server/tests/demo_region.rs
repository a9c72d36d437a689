//! The demo region generator on both databases: valid identifiers consistent with the people they
//! belong to, coherent profiles and vacancies, determinism, and replacing only its own rows.

mod common;

use app::domain::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, DeclaredData, Sex};
use app::domain::partita_iva::PartitaIva;
use app::store::Db;
use common::TestDatabase;
use server::demo::{build_region, dates::Day, DemoError, DemoParams, Progress};
use server::reference_import;
use sqlx::Row;
use std::path::PathBuf;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference")
}

fn params(seed: u64) -> DemoParams {
    DemoParams {
        seed,
        people: 400,
        companies: 50,
        vacancies: 150,
        as_of: Day::parse_iso("2026-11-27").expect("date"),
        force: false,
    }
}

async fn with_reference(tdb: &TestDatabase) -> Db {
    let db = tdb.connect().await;
    reference_import::load(&db, &reference_dir())
        .await
        .expect("reference data");
    db
}

async fn strings(db: &Db, sql: &'static str) -> Vec<String> {
    sqlx::query(sql)
        .fetch_all(db.pool())
        .await
        .expect(sql)
        .into_iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

/// A fingerprint of everything generated, to compare regions.
async fn fingerprint(db: &Db) -> Vec<String> {
    let mut all = strings(
        db,
        "SELECT p.codice_fiscale || '|' || p.given_name || '|' || p.family_name || '|' || \
         p.residence_istat || '|' || pr.visibility || '|' || pr.mobility_radius_km \
         FROM person p JOIN profile pr ON pr.person_id = p.id ORDER BY p.id",
    )
    .await;
    all.extend(
        strings(
            db,
            "SELECT c.partita_iva || '|' || c.name || '|' || v.title || '|' || v.status || '|' || \
             v.salary_min || '|' || v.start_date FROM vacancy v JOIN company c ON c.id = v.company_id \
             ORDER BY v.id",
        )
        .await,
    );
    all.extend(
        strings(
            db,
            "SELECT skill_uri FROM profile_skill ORDER BY person_id, skill_uri",
        )
        .await,
    );
    all
}

#[tokio::test]
async fn builds_a_valid_and_coherent_region() {
    for tdb in TestDatabase::all().await {
        let db = with_reference(&tdb).await;
        let mut steps: Vec<Progress> = Vec::new();
        let report = build_region(&db, params(7), &mut |p| steps.push(p))
            .await
            .expect("region");
        assert!(!report.unchanged);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM person").await, 400);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM profile").await, 400);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM company").await, 50);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM vacancy").await, 150);
        assert_eq!(
            steps.last(),
            Some(&Progress {
                what: "vacancies",
                done: 150,
                total: 150
            })
        );

        // Every codice fiscale is valid and says what the person row says.
        let rows = sqlx::query(
            "SELECT codice_fiscale, given_name, family_name, sex, birth_date, birth_belfiore \
             FROM person",
        )
        .fetch_all(db.pool())
        .await
        .expect("people");
        let mut foreign = 0;
        for r in rows {
            let code: String = r.get(0);
            let cf = CodiceFiscale::parse(&code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            let birth: String = r.get(4);
            let declared = DeclaredData {
                surname: Some(r.get(2)),
                name: Some(r.get(1)),
                birth_date: CalendarDate::parse_iso(&birth),
                sex: Some(if r.get::<String, _>(3) == "F" {
                    Sex::Female
                } else {
                    Sex::Male
                }),
                birth_place: Belfiore::parse(&r.get::<String, _>(5)),
            };
            assert!(declared.birth_date.is_some() && declared.birth_place.is_some());
            assert_eq!(cf.cross_check(&declared), vec![], "{code}");
            foreign += usize::from(cf.is_foreign_born());
        }
        assert!((10..120).contains(&foreign), "foreign-born: {foreign}");
        // Birth places are real Belfiore codes (of a comune or, for Z…, a country).
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM person p WHERE NOT EXISTS \
                 (SELECT 1 FROM belfiore_historic b WHERE b.code = p.birth_belfiore)"
            )
            .await,
            0
        );

        for piva in strings(&db, "SELECT partita_iva FROM company").await {
            PartitaIva::parse(&piva).unwrap_or_else(|e| panic!("{piva}: {e:?}"));
        }
        // People live, and companies sit, in comuni of the region; ATECO codes exist.
        for (what, sql) in [
            (
                "residence",
                "SELECT COUNT(*) FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
                 WHERE c.cpi_code IS NOT NULL",
            ),
            (
                "seat",
                "SELECT COUNT(*) FROM company co JOIN comune c ON c.istat_code = co.seat_istat \
                 WHERE c.cpi_code IS NOT NULL",
            ),
        ] {
            let expected = if what == "residence" { 400 } else { 50 };
            assert_eq!(count(&db, sql).await, expected, "{what}");
        }
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM company co JOIN ateco a ON a.code = co.ateco_code"
            )
            .await,
            50
        );
        // Profiles and vacancies point at real occupations and skills.
        for sql in [
            "SELECT COUNT(*) FROM profile_occupation x WHERE NOT EXISTS \
             (SELECT 1 FROM occupation o WHERE o.id = x.occupation_id)",
            "SELECT COUNT(*) FROM vacancy x WHERE NOT EXISTS \
             (SELECT 1 FROM occupation o WHERE o.id = x.occupation_id AND o.isco_code = x.isco_code)",
            "SELECT COUNT(*) FROM profile_skill x WHERE NOT EXISTS \
             (SELECT 1 FROM skill s WHERE s.uri = x.skill_uri)",
            "SELECT COUNT(*) FROM vacancy_skill x WHERE NOT EXISTS \
             (SELECT 1 FROM skill s WHERE s.uri = x.skill_uri)",
            "SELECT COUNT(*) FROM person p WHERE NOT EXISTS \
             (SELECT 1 FROM profile_occupation x WHERE x.person_id = p.id)",
            // Every vacancy has at least one must-have skill.
            "SELECT COUNT(*) FROM vacancy v WHERE NOT EXISTS \
             (SELECT 1 FROM vacancy_skill x WHERE x.vacancy_id = v.id AND x.required = TRUE)",
            "SELECT COUNT(*) FROM vacancy WHERE salary_max < salary_min OR salary_min <= 0",
            // Published vacancies are still open on the region's "today".
            "SELECT COUNT(*) FROM vacancy WHERE status = 'published' AND expires_on <= '2026-11-27'",
            "SELECT COUNT(*) FROM vacancy WHERE start_date < substr(created_at, 1, 10)",
            "SELECT COUNT(*) FROM profile WHERE visibility NOT IN ('hidden', 'anonymous', 'full')",
        ] {
            assert_eq!(count(&db, sql).await, 0, "{sql}");
        }
        assert!(count(&db, "SELECT COUNT(*) FROM profile_skill").await >= 400 * 2);
        assert!(
            count(
                &db,
                "SELECT COUNT(*) FROM profile_language WHERE level = 'NATIVE'"
            )
            .await
                == 400
        );
        assert!(
            count(
                &db,
                "SELECT COUNT(*) FROM vacancy WHERE status = 'published'"
            )
            .await
                > 75,
            "most vacancies are published"
        );
        db.close().await;
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_region_and_reruns_replace_only_demo_rows() {
    let mut fingerprints = Vec::new();
    for tdb in TestDatabase::all().await {
        let db = with_reference(&tdb).await;
        // A real person registered before the demo: never touched by the generator.
        sqlx::query(
            "INSERT INTO person (id, codice_fiscale, given_name, family_name, sex, birth_date, \
             birth_belfiore, residence_istat) VALUES \
             (1, 'RSSMRA80A01G478X', 'Mario', 'Rossi', 'M', '1980-01-01', 'G478', '054039')",
        )
        .execute(db.pool())
        .await
        .expect("real person");
        build_region(&db, params(7), &mut |_| {})
            .await
            .expect("first");
        let first = fingerprint(&db).await;
        let again = build_region(&db, params(7), &mut |_| {})
            .await
            .expect("again");
        assert!(again.unchanged, "the same region is not rebuilt");
        let forced = build_region(
            &db,
            DemoParams {
                force: true,
                ..params(7)
            },
            &mut |_| {},
        )
        .await
        .expect("forced");
        assert!(!forced.unchanged);
        assert_eq!(
            fingerprint(&db).await[1..],
            first[1..],
            "a rebuild with the same seed is identical"
        );
        build_region(&db, params(8), &mut |_| {})
            .await
            .expect("other seed");
        assert_ne!(
            fingerprint(&db).await,
            first,
            "another seed, another region"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM person").await, 401);
        assert_eq!(
            strings(
                &db,
                "SELECT codice_fiscale FROM person WHERE is_demo = FALSE"
            )
            .await,
            vec!["RSSMRA80A01G478X".to_string()]
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM company").await, 50);
        // Rows added later without an id do not collide with the generated ones (PostgreSQL
        // identity sequences were moved past them).
        sqlx::query(
            "INSERT INTO company (partita_iva, codice_fiscale, name, ateco_code, seat_istat, \
             size_band) VALUES ('00000000001', '00000000001', 'Nuova', '01.11.00', '054039', 'micro')",
        )
        .execute(db.pool())
        .await
        .expect("company without id");
        build_region(&db, params(7), &mut |_| {})
            .await
            .expect("back to seed 7");
        fingerprints.push(fingerprint(&db).await);
        db.close().await;
    }
    // Both backends build the same region from the same seed.
    if let [sqlite, postgres] = &fingerprints[..] {
        assert_eq!(sqlite[1..], postgres[1..]);
    }
}

#[tokio::test]
async fn refuses_impossible_requests_and_needs_reference_data() {
    let tdb = TestDatabase::sqlite();
    let db = tdb.connect().await;
    let no_companies = DemoParams {
        companies: 0,
        ..params(1)
    };
    assert!(matches!(
        build_region(&db, no_companies, &mut |_| {}).await,
        Err(DemoError::NoCompanies)
    ));
    let too_many = DemoParams {
        people: 2_000_001,
        ..params(1)
    };
    assert_eq!(
        build_region(&db, too_many, &mut |_| {})
            .await
            .map_err(|e| e.to_string()),
        Err("--people must be at most 2000000 (got 2000001)".to_string())
    );
    let err = build_region(&db, params(1), &mut |_| {})
        .await
        .expect_err("no reference data");
    assert!(err.to_string().contains("seed --reference"), "{err}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM person").await, 0);
}

/// Two bulk inserts of the same shape on one connection, a NULL in the first where the second has a
/// value: PostgreSQL must not reuse the first statement's parameter types (it did, with cached
/// prepared statements, and failed with "incorrect binary data format").
#[tokio::test]
async fn bulk_inserts_of_the_same_shape_take_nulls_then_values() {
    use app::store::region::{insert_companies, insert_vacancies, CompanyRecord, VacancyRecord};
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let mut tx = db.pool().begin().await.expect("tx");
        let company = CompanyRecord {
            id: 1,
            partita_iva: "00000000001".into(),
            codice_fiscale: "00000000001".into(),
            name: "Prova S.r.l.".into(),
            ateco_code: "01.11.00".into(),
            seat_istat: "054039".into(),
            size_band: "micro",
            email: None,
            phone: None,
        };
        insert_companies(&mut tx, &[company], false)
            .await
            .expect("company");
        let vacancy = |id: i64, lat: Option<f64>, eqf: Option<i64>| VacancyRecord {
            id,
            company_id: 1,
            status: "published",
            title: "Saldatore".into(),
            description: "Cerchiamo un saldatore.".into(),
            occupation_id: "saldatore".into(),
            isco_code: "7212".into(),
            positions: 1,
            work_istat: lat.map(|_| "054039".to_string()),
            work_mode: if lat.is_some() { "onsite" } else { "remote" },
            contract_code: "TEMPO-DETERMINATO".into(),
            working_time_code: "FULL-TIME".into(),
            salary_min: 1500,
            salary_max: 1800,
            salary_period: "month",
            start_date: "2026-12-01".into(),
            expires_on: "2027-01-31".into(),
            eqf_min: eqf,
            experience_years: 0,
            reserved_l68: false,
            anonymous: false,
            lat,
            lon: lat,
            created_at: "2026-11-27T10:00:00.000Z".into(),
            published_at: None,
            skills: vec![],
            languages: vec![],
            licences: vec![],
        };
        insert_vacancies(
            &mut tx,
            &[vacancy(1, None, None), vacancy(2, Some(43.1), Some(4))],
        )
        .await
        .expect("NULLs first");
        insert_vacancies(
            &mut tx,
            &[vacancy(3, Some(43.1), Some(4)), vacancy(4, None, None)],
        )
        .await
        .expect("values where the same statement had NULLs");
        tx.commit().await.expect("commit");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM vacancy WHERE lat IS NULL").await,
            2
        );
        db.close().await;
    }
}
