//! Benchmark of the reference searches (not a test): loads the real comuni and occupations into a
//! temporary SQLite database, runs 2,000 comune and 2,000 occupation searches from realistic prefixes
//! through the store functions, and prints p50/p95/p99 next to a `SELECT 1` round trip on the same pool.
//!
//! `cargo run --release -p server --example bench_reference`

use app::domain::search_text::TermLang;
use app::store::reference::{search_comuni, search_occupations};
use app::store::{Db, DbConfig};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const QUERIES: usize = 2_000;
const LIMIT: u32 = 10;

const COMUNE_PREFIXES: &[&str] = &[
    "pe",
    "per",
    "perug",
    "perugia",
    "te",
    "ter",
    "terni",
    "fo",
    "folig",
    "citta di",
    "citta di cas",
    "s. giu",
    "san giustino",
    "gubb",
    "spol",
    "orv",
    "assisi",
    "todi",
    "narni",
    "marsc",
    "bastia",
    "castiglione del",
    "magione",
    "umbertide",
    "norcia",
    "cascia",
    "gualdo tad",
    "deruta",
    "roma",
    "milano",
    "na",
    "sa",
    "san",
    "santa",
    "s. maria",
    "castel",
    "monte",
    "ba",
    "bo",
    "co",
    "tor",
    "villa",
    "sant'",
    "reggio",
    "forli",
    "bolz",
    "aosta",
    "l'aquila",
    "trento",
    "bari",
];

const OCCUPATION_PREFIXES: &[(&str, TermLang)] = &[
    ("sald", TermLang::It),
    ("saldatori", TermLang::It),
    ("magazzin", TermLang::It),
    ("cuoc", TermLang::It),
    ("camerier", TermLang::It),
    ("infermier", TermLang::It),
    ("oss", TermLang::It),
    ("badant", TermLang::It),
    ("autista", TermLang::It),
    ("muratore", TermLang::It),
    ("elettric", TermLang::It),
    ("addetto", TermLang::It),
    ("addetta alle pulizie", TermLang::It),
    ("commess", TermLang::It),
    ("impiegat", TermLang::It),
    ("contabil", TermLang::It),
    ("programmat", TermLang::It),
    ("sviluppatore", TermLang::It),
    ("operaio", TermLang::It),
    ("carrell", TermLang::It),
    ("ma", TermLang::It),
    ("co", TermLang::It),
    ("welder", TermLang::En),
    ("ware", TermLang::En),
    ("cook", TermLang::En),
    ("nurse", TermLang::En),
    ("driver", TermLang::En),
    ("software dev", TermLang::En),
    ("cleaner", TermLang::En),
    ("sales", TermLang::En),
];

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at = |p: f64| {
        let i = ((samples.len() as f64 * p).ceil() as usize).saturating_sub(1);
        samples[i.min(samples.len() - 1)].as_secs_f64() * 1_000.0
    };
    (at(0.50), at(0.95), at(0.99))
}

fn report(name: &str, samples: Vec<Duration>, baseline_p50: f64) {
    let (p50, p95, p99) = percentiles(samples);
    println!(
        "{name:<22} p50 {p50:>7.3} ms  p95 {p95:>7.3} ms  p99 {p99:>7.3} ms  (p50 = {:.1}× SELECT 1)",
        p50 / baseline_p50
    );
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A temporary SQLite file by default; `BENCH_DATABASE_URL` points it at an empty PostgreSQL database.
    let dir = tempfile::tempdir()?;
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let db = Db::connect(&DbConfig::new(&url)).await?;
    db.migrate().await?;
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    let started = Instant::now();
    let loaded = server::reference_import::load(&db, &reference).await?;
    println!(
        "loaded {} comuni and {} occupations in {:?}",
        loaded.comuni,
        loaded.occupations,
        started.elapsed()
    );

    // Warm the pool and the page cache so the first timings measure the query, not the open.
    for q in COMUNE_PREFIXES {
        search_comuni(&db, q, LIMIT).await?;
    }

    let mut baseline = Vec::with_capacity(QUERIES);
    for _ in 0..QUERIES {
        let t = Instant::now();
        sqlx::query("SELECT 1").execute(db.pool()).await?;
        baseline.push(t.elapsed());
    }
    let mut comuni = Vec::with_capacity(QUERIES);
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    for i in 0..QUERIES {
        let q = COMUNE_PREFIXES[i % COMUNE_PREFIXES.len()];
        let t = Instant::now();
        search_comuni(&db, q, LIMIT).await?;
        comuni.push(t.elapsed());
        slowest.push((t.elapsed(), q));
    }
    let mut occupations = Vec::with_capacity(QUERIES);
    for i in 0..QUERIES {
        let (q, lang) = OCCUPATION_PREFIXES[i % OCCUPATION_PREFIXES.len()];
        let t = Instant::now();
        search_occupations(&db, q, lang, LIMIT).await?;
        occupations.push(t.elapsed());
        slowest.push((t.elapsed(), q));
    }

    let (b50, b95, b99) = percentiles(baseline);
    println!(
        "{:<22} p50 {b50:>7.3} ms  p95 {b95:>7.3} ms  p99 {b99:>7.3} ms",
        "baseline SELECT 1"
    );
    report("search_comuni", comuni, b50);
    report("search_occupations", occupations, b50);
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut seen: Vec<&str> = Vec::new();
    slowest.retain(|(_, q)| {
        let first = !seen.contains(q);
        seen.push(q);
        first
    });
    let worst: Vec<String> = slowest
        .iter()
        .take(6)
        .map(|(d, q)| format!("{q:?} {:.2} ms", d.as_secs_f64() * 1_000.0))
        .collect();
    println!("slowest queries: {}", worst.join(", "));
    db.close().await;
    Ok(())
}
