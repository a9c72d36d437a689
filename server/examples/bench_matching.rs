//! Benchmark of job matching and the public job search (issue 7, "Budgets"), not a test. On a demo
//! region of 100,000 people and 20,000 published vacancies, in a fresh SQLite database and — with
//! `--postgres ADMIN_URL` (a fresh database is made and dropped) — in PostgreSQL, or in the
//! database of `--database-url URL` alone (the region is reused when the same seed, sizes and day
//! are already there):
//!
//! 1. `rebuild_all` of the narrow match tables, timed once, then `settle_after_bulk_load`;
//! 2. top-50 **candidates for a vacancy** (`candidates_for_vacancy`, CPI audience) over ≥ 200
//!    random published vacancies — budget p95 ≤ 50 ms;
//! 3. the **naive baseline** on the same vacancies (`naive_candidates_for_vacancy`: score everyone
//!    whose radius holds the vacancy, no candidate generation) and the speed-up;
//! 4. top-50 **vacancies for a person** (`vacancies_for_person`) over ≥ 200 random people — budget
//!    p95 ≤ 20 ms;
//! 5. the **public search** (`job_search::search_jobs`, first page of 20) over ≥ 200 queries: a word
//!    of an occupation's label, a third of them around a comune (30 km), a fifth with no text —
//!    budget p95 ≤ 30 ms;
//! 6. the process's baseline: a primary-key `SELECT` in a read transaction, in the same loop.
//!
//! Every call runs in its own read transaction, as a server function runs it. The vacancies'
//! status is drawn by the generator (≈ 70% published): it generates `--vacancies ÷ 0.7` of them.
//!
//! `cargo run --release -p server --example bench_matching [-- --people 100000 --vacancies 20000
//!  --companies 4000 --probes 200 --naive-probes 200 --search-probes 200 --seed 1
//!  --postgres postgres://postgres@127.0.0.1:5432/postgres | --database-url URL]`

use app::matching::MatchWeights;
use app::store::job_search::{search_jobs, SearchQuery, Sort};
use app::store::matching::{
    candidate_rows_for_person, candidate_rows_for_vacancy, candidates_for_vacancy,
    naive_candidates_for_vacancy, rebuild_all, settle_after_bulk_load, vacancies_for_person,
    Audience,
};
use app::store::Db;
use server::demo::{dates::Day, rng::Rng, DemoParams};
use sqlx::Row;
use std::time::{Duration, Instant};
use support::{arg, drop_postgres, fresh_postgres, machine_facts, number, quantile_ms};

#[path = "support/mod.rs"]
mod support;

const TOP: usize = 50;
const SEARCH_PAGE: usize = 20;
const SEARCH_RADIUS_KM: u32 = 30;
/// Share of generated vacancies the generator publishes (its status weights: 70 of 100).
const PUBLISHED_SHARE: f64 = 0.7;
const WARM_UP: usize = 20;
/// Probes of the "where the time goes" breakdown.
const PROFILE_PROBES: usize = 50;
const CANDIDATES_BUDGET_MS: f64 = 50.0;
const FOR_PERSON_BUDGET_MS: f64 = 20.0;
const SEARCH_BUDGET_MS: f64 = 30.0;

struct Settings {
    people: u64,
    vacancies: u64,
    companies: u64,
    probes: usize,
    /// Of the probed vacancies, how many the naive baseline runs on too (the first ones).
    naive_probes: usize,
    search_probes: usize,
    seed: u64,
    as_of: Day,
}

/// What one backend measured.
struct Figures {
    label: String,
    region: Duration,
    rebuild: Duration,
    indexed: u64,
    people: i64,
    published: i64,
    baseline: Vec<Duration>,
    candidates: Vec<Duration>,
    candidates_found: usize,
    naive: Vec<Duration>,
    naive_found: usize,
    same_top: usize,
    for_person: Vec<Duration>,
    for_person_found: usize,
    search: Vec<Duration>,
    search_found: usize,
    /// Where the time of each direction goes: the engine's candidate SQL alone, and its rows.
    person_fetch: Vec<Duration>,
    person_rows: usize,
    vacancy_fetch: Vec<Duration>,
    vacancy_rows: usize,
}

#[tokio::main]
async fn main() {
    let s = Settings {
        people: number("--people", 100_000) as u64,
        vacancies: number("--vacancies", 20_000) as u64,
        companies: number("--companies", 4_000) as u64,
        probes: number("--probes", 200).max(1),
        naive_probes: number("--naive-probes", 200).max(1),
        search_probes: number("--search-probes", 200).max(1),
        seed: number("--seed", 1) as u64,
        as_of: arg("--as-of")
            .and_then(|d| Day::parse_iso(&d))
            .unwrap_or_else(|| Day::parse_iso("2026-11-27").expect("day")),
    };
    println!(
        "matching benchmark: {} people, ≈ {} published vacancies, {} companies, {} probes a query, \
         seed {}, as of {}",
        s.people,
        s.vacancies,
        s.companies,
        s.probes,
        s.seed,
        s.as_of.iso()
    );
    if cfg!(debug_assertions) {
        println!(
            "NOTE: debug build — the budgets are for `--release`; read the ratios, not the times"
        );
    }
    println!("{}", machine_facts());
    let mut all = Vec::new();
    if let Some(url) = arg("--database-url") {
        let label = if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        all.push(run(label, &url, &s).await);
    } else {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("bench.db").display());
        all.push(run("SQLite", &url, &s).await);
        if let Some(admin) = arg("--postgres") {
            let (url, name) = fresh_postgres(&admin).await;
            all.push(run("PostgreSQL", &url, &s).await);
            drop_postgres(&admin, &name).await;
        }
    }
    summary(&all, &s);
    println!("{}", machine_facts());
}

/// Runs `$body` (which uses `$conn`, returns `Result<Vec<i64>, _>`) in its own read transaction,
/// as a server function runs it, timed with the transaction; what it returned.
macro_rules! timed {
    ($db:expr, |$conn:ident| $body:expr) => {{
        let t0 = Instant::now();
        let mut tx = $db.pool().begin().await.expect("begin");
        let $conn: &mut sqlx::AnyConnection = &mut tx;
        let out = $body.expect("query");
        tx.commit().await.expect("commit");
        (t0.elapsed(), out)
    }};
}

async fn run(label: &str, url: &str, s: &Settings) -> Figures {
    println!("== {label}");
    let started = Instant::now();
    let params = DemoParams {
        seed: s.seed,
        people: s.people,
        companies: s.companies,
        vacancies: (s.vacancies as f64 / PUBLISHED_SHARE).ceil() as u64,
        as_of: s.as_of,
        force: false,
    };
    let db = support::prepared_region(url, params).await;
    let region = started.elapsed();
    println!("  region ready in {:.1} s", region.as_secs_f64());

    let clock = Instant::now();
    let mut conn = db.pool().acquire().await.expect("connection");
    let indexed = rebuild_all(&mut conn).await.expect("rebuild_all");
    drop(conn);
    let rebuild = clock.elapsed();
    println!(
        "  rebuild_all: {indexed} rows indexed in {:.1} s",
        rebuild.as_secs_f64()
    );
    // The steady state a running service reaches once autovacuum has passed (as the demo seed does).
    let clock = Instant::now();
    settle_after_bulk_load(&db).await.expect("settle");
    println!(
        "  settled after the bulk load in {:.1} s",
        clock.elapsed().as_secs_f64()
    );

    let today = s.as_of.iso();
    let people = ids(
        &db,
        "SELECT id FROM person WHERE is_demo = TRUE ORDER BY id",
        &today,
    )
    .await;
    let vacancies = ids(
        &db,
        "SELECT id FROM vacancy WHERE status = 'published' AND expires_on >= $1 ORDER BY id",
        &today,
    )
    .await;
    assert!(
        !people.is_empty() && !vacancies.is_empty(),
        "a region with people and published vacancies"
    );
    let mut rng = Rng::new(s.seed ^ 0x006d_6174_6368);
    let vacancy_probes: Vec<i64> = (0..s.probes + WARM_UP)
        .map(|_| *rng.pick(&vacancies))
        .collect();
    let person_probes: Vec<i64> = (0..s.probes + WARM_UP)
        .map(|_| *rng.pick(&people))
        .collect();
    let queries = search_queries(&db, &mut rng, s.search_probes + WARM_UP).await;
    let weights = MatchWeights::default();

    let mut f = Figures {
        label: label.to_string(),
        region,
        rebuild,
        indexed,
        people: people.len() as i64,
        published: vacancies.len() as i64,
        baseline: Vec::new(),
        candidates: Vec::new(),
        candidates_found: 0,
        naive: Vec::new(),
        naive_found: 0,
        same_top: 0,
        for_person: Vec::new(),
        for_person_found: 0,
        search: Vec::new(),
        search_found: 0,
        person_fetch: Vec::new(),
        person_rows: 0,
        vacancy_fetch: Vec::new(),
        vacancy_rows: 0,
    };

    // Candidates for a vacancy, the naive way on the same vacancy, and the baseline, interleaved so
    // that a busy moment of the machine hits all three alike.
    for (n, &vacancy) in vacancy_probes.iter().enumerate() {
        let counted = n >= WARM_UP;
        let (t, found) = timed!(db, |conn| {
            candidates_for_vacancy(conn, vacancy, &today, TOP, &weights, Audience::Cpi)
                .await
                .map(|r| r.into_iter().map(|c| c.person_id).collect::<Vec<_>>())
        });
        let naive_run = n < WARM_UP + s.naive_probes;
        let (tn, naive) = if naive_run {
            timed!(db, |conn| {
                naive_candidates_for_vacancy(conn, vacancy, &today, TOP, &weights)
                    .await
                    .map(|r| r.into_iter().map(|c| c.person_id).collect::<Vec<_>>())
            })
        } else {
            (Duration::ZERO, Vec::new())
        };
        let person = person_probes[n];
        let (tb, _) = timed!(db, |conn| {
            sqlx::query("SELECT id FROM person WHERE id = $1")
                .bind(person)
                .fetch_all(&mut *conn)
                .await
                .map(|rows| {
                    rows.iter()
                        .map(|r| r.get::<i64, _>("id"))
                        .collect::<Vec<i64>>()
                })
        });
        if counted {
            f.candidates.push(t);
            f.baseline.push(tb);
            f.candidates_found += found.len();
            if naive_run {
                f.naive.push(tn);
                f.naive_found += naive.len();
                f.same_top += usize::from(found.first() == naive.first());
            }
        }
    }
    println!(
        "  candidates for a vacancy: p95 {:.2} ms (naive {:.2} ms)",
        quantile_ms(&f.candidates, 0.95),
        quantile_ms(&f.naive, 0.95)
    );

    for (n, &person) in person_probes.iter().enumerate() {
        let (t, found) = timed!(db, |conn| {
            vacancies_for_person(conn, person, &today, TOP, &weights)
                .await
                .map(|r| r.into_iter().map(|v| v.vacancy_id).collect::<Vec<_>>())
        });
        if n >= WARM_UP {
            f.for_person.push(t);
            f.for_person_found += found.len();
        }
    }
    println!(
        "  vacancies for a person: p95 {:.2} ms",
        quantile_ms(&f.for_person, 0.95)
    );

    // Where the time goes: the engine's own candidate generation, run alone (no scoring).
    for &person in person_probes.iter().skip(WARM_UP).take(PROFILE_PROBES) {
        let (t, rows) = timed!(db, |conn| candidate_rows_for_person(conn, person, &today)
            .await);
        // People with no match row are left out of the breakdown.
        if let Some(rows) = rows.filter(|&n| n > 0) {
            f.person_fetch.push(t);
            f.person_rows += rows;
        }
    }
    for &vacancy in vacancy_probes.iter().skip(WARM_UP).take(PROFILE_PROBES) {
        let (t, rows) = timed!(db, |conn| {
            candidate_rows_for_vacancy(conn, vacancy, &today, Audience::Cpi).await
        });
        if let Some(rows) = rows.filter(|&n| n > 0) {
            f.vacancy_fetch.push(t);
            f.vacancy_rows += rows;
        }
    }

    for (n, q) in queries.iter().enumerate() {
        let (t, found) = timed!(db, |conn| {
            search_jobs(conn, &today, q, None, SEARCH_PAGE)
                .await
                .map(|page| page.hits.into_iter().map(|h| h.id).collect::<Vec<_>>())
        });
        if n >= WARM_UP {
            f.search.push(t);
            f.search_found += found.len();
        }
    }
    println!(
        "  public search: p95 {:.2} ms",
        quantile_ms(&f.search, 0.95)
    );
    db.pool().close().await;
    f
}

async fn ids(db: &Db, sql: &'static str, today: &str) -> Vec<i64> {
    let mut tx = db.pool().begin().await.expect("begin");
    let query = sqlx::query(sql);
    // Every bound parameter must appear in the PostgreSQL text: bind `today` only where used.
    let query = if sql.contains("$1") {
        query.bind(today)
    } else {
        query
    };
    let out = query
        .fetch_all(&mut *tx)
        .await
        .expect("ids")
        .iter()
        .map(|r| r.get::<i64, _>("id"))
        .collect();
    tx.commit().await.expect("commit");
    out
}

/// `n` public searches as people type them: a word of an occupation's label (the longest), a third
/// of them around a comune of the region, every fifth with no text at all (newest first).
async fn search_queries(db: &Db, rng: &mut Rng, n: usize) -> Vec<SearchQuery> {
    let mut tx = db.pool().begin().await.expect("begin");
    let labels: Vec<String> = sqlx::query("SELECT label_it FROM occupation ORDER BY id")
        .fetch_all(&mut *tx)
        .await
        .expect("occupations")
        .iter()
        .map(|r| r.get("label_it"))
        .collect();
    let comuni: Vec<String> = sqlx::query(
        "SELECT istat_code FROM comune WHERE cpi_code IS NOT NULL AND lat IS NOT NULL \
         ORDER BY istat_code",
    )
    .fetch_all(&mut *tx)
    .await
    .expect("comuni")
    .iter()
    .map(|r| r.get("istat_code"))
    .collect();
    tx.commit().await.expect("commit");
    assert!(!labels.is_empty() && !comuni.is_empty(), "reference data");
    (0..n)
        .map(|i| {
            let word = rng
                .pick(&labels)
                .split_whitespace()
                .max_by_key(|w| w.chars().count())
                .unwrap_or("addetto")
                .to_lowercase();
            let near = i % 3 == 0;
            SearchQuery {
                text: (i % 5 != 4).then_some(word),
                comune: near.then(|| rng.pick(&comuni).clone()),
                radius_km: near.then_some(SEARCH_RADIUS_KM),
                sort: if i % 5 == 4 {
                    Sort::Date
                } else {
                    Sort::Relevance
                },
                ..SearchQuery::default()
            }
        })
        .collect()
}

fn triple(times: &[Duration]) -> String {
    format!(
        "{:.2} / {:.2} / {:.2}",
        quantile_ms(times, 0.50),
        quantile_ms(times, 0.95),
        quantile_ms(times, 0.99)
    )
}

fn against(times: &[Duration], budget: f64) -> String {
    let p95 = quantile_ms(times, 0.95);
    let verdict = if p95 <= budget { "within" } else { "over" };
    format!("{:.0}% of {budget:.0} ms ({verdict})", 100.0 * p95 / budget)
}

fn profile(rows: usize, fetch: &[Duration], engine: &[Duration]) -> String {
    format!(
        "{:.0} / {:.2} / {:.2}",
        rows as f64 / fetch.len().max(1) as f64,
        quantile_ms(fetch, 0.50),
        quantile_ms(engine, 0.50)
    )
}

fn summary(all: &[Figures], s: &Settings) {
    let header: Vec<&str> = all.iter().map(|f| f.label.as_str()).collect();
    let n = s.probes;
    println!();
    println!("| | {} |", header.join(" | "));
    println!("| --- |{}", " ---: |".repeat(all.len()));
    let row = |name: String, cell: &dyn Fn(&Figures) -> String| {
        let cells: Vec<String> = all.iter().map(cell).collect();
        println!("| {name} | {} |", cells.join(" | "));
    };
    row("demo people / published vacancies".into(), &|f| {
        format!("{} / {}", f.people, f.published)
    });
    row("region ready (generated or reused), s".into(), &|f| {
        format!("{:.1}", f.region.as_secs_f64())
    });
    row("`rebuild_all` (rows indexed), s".into(), &|f| {
        format!("{:.1} ({})", f.rebuild.as_secs_f64(), f.indexed)
    });
    row(
        format!("baseline: PK `SELECT` in a read transaction ({n}): p50 / p95 / p99 ms"),
        &|f| triple(&f.baseline),
    );
    row(
        format!("top-{TOP} candidates for a vacancy ({n} vacancies): p50 / p95 / p99 ms"),
        &|f| triple(&f.candidates),
    );
    row("…p95 against the budget".into(), &|f| {
        against(&f.candidates, CANDIDATES_BUDGET_MS)
    });
    row(
        format!(
            "naive: score everyone in reach, the first {} of those vacancies: p50 / p95 / p99 ms",
            s.naive_probes.min(n)
        ),
        &|f| triple(&f.naive),
    );
    row("**speed-up** over naive (p50 / p95)".into(), &|f| {
        format!(
            "{:.1}× / {:.1}×",
            quantile_ms(&f.naive, 0.50) / quantile_ms(&f.candidates, 0.50),
            quantile_ms(&f.naive, 0.95) / quantile_ms(&f.candidates, 0.95)
        )
    });
    row(
        "candidates returned a query, engine / naive (same first candidate)".into(),
        &|f| {
            format!(
                "{:.1} / {:.1} ({} of {})",
                f.candidates_found as f64 / n as f64,
                f.naive_found as f64 / f.naive.len().max(1) as f64,
                f.same_top,
                f.naive.len()
            )
        },
    );
    row(
        format!("top-{TOP} vacancies for a person ({n} people): p50 / p95 / p99 ms"),
        &|f| triple(&f.for_person),
    );
    row("…p95 against the budget".into(), &|f| {
        against(&f.for_person, FOR_PERSON_BUDGET_MS)
    });
    row("vacancies returned a query".into(), &|f| {
        format!("{:.1}", f.for_person_found as f64 / n as f64)
    });
    row(
        format!(
            "public search, first page of {SEARCH_PAGE} ({} queries): p50 / p95 / p99 ms",
            s.search_probes
        ),
        &|f| triple(&f.search),
    );
    row("…p95 against the budget".into(), &|f| {
        against(&f.search, SEARCH_BUDGET_MS)
    });
    row("hits a search page".into(), &|f| {
        format!(
            "{:.1}",
            f.search_found as f64 / f.search.len().max(1) as f64
        )
    });
    row(
        format!(
            "where the time goes, candidates: rows the candidate SQL fetches (mean) / that SQL \
             alone p50 ms / engine p50 ms ({PROFILE_PROBES} vacancies)"
        ),
        &|f| profile(f.vacancy_rows, &f.vacancy_fetch, &f.candidates),
    );
    row(
        format!(
            "where the time goes, for a person: rows fetched (mean) / that SQL alone p50 ms / \
             engine p50 ms ({PROFILE_PROBES} people)"
        ),
        &|f| profile(f.person_rows, &f.person_fetch, &f.for_person),
    );
    row("candidates p50 ÷ baseline p50".into(), &|f| {
        format!(
            "{:.0}",
            quantile_ms(&f.candidates, 0.50) / quantile_ms(&f.baseline, 0.50)
        )
    });
}
