//! Benchmark of the demo region generator (not a test): builds a region of 100,000 people and
//! 20,000 vacancies (4,000 companies) in a fresh SQLite database — and, with `--postgres URL`, in a
//! fresh PostgreSQL database too — and prints the time next to a baseline run in the same process:
//! SQLite writing the same number of rows with a single `INSERT … SELECT` (the raw write cost of
//! that volume, with nothing generated). Budget (issue 3): ≤ 60 s on SQLite.
//!
//! `cargo run --release -p server --example bench_demo [-- --people N --companies M --vacancies K
//!  --postgres postgres://postgres@127.0.0.1:5432/postgres]`

use app::store::{Db, DbConfig};
use server::demo::{build_region, dates::Day, DemoParams, Progress};
use sqlx::Row;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(60);
const TABLES: &[&str] = &[
    "person",
    "profile",
    "profile_occupation",
    "profile_experience",
    "profile_skill",
    "profile_language",
    "profile_licence",
    "profile_contract",
    "company",
    "vacancy",
    "vacancy_skill",
    "vacancy_language",
    "vacancy_licence",
];

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn number(name: &str, default: u64) -> u64 {
    arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn prepared(url: &str) -> Db {
    let db = Db::connect(&DbConfig::new(url)).await.expect("connect");
    db.migrate().await.expect("migrate");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    let started = Instant::now();
    server::reference_import::load(&db, &dir)
        .await
        .expect("reference data");
    println!(
        "  reference data loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db
}

async fn rows_written(db: &Db) -> i64 {
    let mut total = 0;
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        total += sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(db.pool())
            .await
            .expect("count")
            .get::<i64, _>(0);
    }
    total
}

async fn generate(db: &Db, params: DemoParams) -> Duration {
    let started = Instant::now();
    let mut last = Instant::now();
    let mut show = |p: Progress| {
        if last.elapsed() > Duration::from_secs(5) || p.done == p.total {
            println!(
                "  {:>9} {:>7}/{:<7} {:>5.1} s",
                p.what,
                p.done,
                p.total,
                started.elapsed().as_secs_f64()
            );
            last = Instant::now();
        }
    };
    let report = build_region(db, params, &mut show).await.expect("region");
    println!(
        "  of which generating in memory: {:.1} s",
        report.generating.as_secs_f64()
    );
    report.elapsed
}

#[tokio::main]
async fn main() {
    let params = DemoParams {
        seed: number("--seed", 1),
        people: number("--people", 100_000),
        companies: number("--companies", 4_000),
        vacancies: number("--vacancies", 20_000),
        as_of: Day::today(),
        force: true,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    println!(
        "demo region: {} people, {} companies, {} vacancies (seed {})",
        params.people, params.companies, params.vacancies, params.seed
    );

    println!("SQLite:");
    let db = prepared(&format!("sqlite:{}", dir.path().join("bench.db").display())).await;
    let elapsed = generate(&db, params).await;
    let rows = rows_written(&db).await;
    // Baseline: the same number of rows written by SQLite itself, nothing generated or bound.
    sqlx::query(
        "CREATE TABLE baseline (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER NOT NULL)",
    )
    .execute(db.pool())
    .await
    .expect("baseline table");
    let started = Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO baseline (id, a, b) SELECT i, 'row ' || i, i % 97 FROM n",
    )
    .bind(rows)
    .execute(db.pool())
    .await
    .expect("baseline insert");
    let baseline = started.elapsed();
    println!(
        "  generator: {:.1} s for {rows} rows ({:.0} rows/s); budget 60 s → {:.0}% of budget",
        elapsed.as_secs_f64(),
        rows as f64 / elapsed.as_secs_f64(),
        100.0 * elapsed.as_secs_f64() / BUDGET.as_secs_f64()
    );
    println!(
        "  baseline (INSERT … SELECT of {rows} rows): {:.2} s → ratio generator/baseline {:.1}",
        baseline.as_secs_f64(),
        elapsed.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
    db.close().await;

    if let Some(admin) = arg("--postgres") {
        use sqlx::Connection;
        println!("PostgreSQL:");
        let name = format!("sl_bench_{}", std::process::id());
        let mut conn = sqlx::AnyConnection::connect(&admin).await.expect("admin");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create");
        let base = admin
            .rsplit_once('/')
            .map_or(admin.clone(), |(b, _)| b.to_string());
        let db = prepared(&format!("{base}/{name}")).await;
        let elapsed = generate(&db, params).await;
        let rows = rows_written(&db).await;
        println!(
            "  generator: {:.1} s for {rows} rows ({:.0} rows/s)",
            elapsed.as_secs_f64(),
            rows as f64 / elapsed.as_secs_f64()
        );
        db.close().await;
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
            .execute(&mut conn)
            .await;
    }
}
