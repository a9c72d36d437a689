//! What the benchmarks share: command-line flags, a migrated database with the reference data, the
//! demo CPIs, a small region and the personas, and a throw-away PostgreSQL database. Included by
//! each benchmark with `#[path = "support/mod.rs"] mod support;` (a folder without `main.rs` is not an
//! example of its own).

#![allow(dead_code)]

use app::domain::session_policy::Timestamp;
use app::store::{Db, DbConfig};
use server::demo::{build_region, dates::Day, DemoParams};
use sqlx::Connection;
use std::path::PathBuf;

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// A numeric flag, or its default.
pub fn number(name: &str, default: usize) -> usize {
    arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A migrated database at `url` with reference data, demo CPIs, a region of `people` people and
/// the personas (as of 2026-11-27).
pub async fn prepared(url: &str, people: u64) -> Db {
    let db = Db::connect(&DbConfig::new(url)).await.expect("connect");
    db.migrate().await.expect("migrate");
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    server::reference_import::load(&db, &reference)
        .await
        .expect("reference data");
    server::seed::demo(&db).await.expect("demo CPIs");
    let params = DemoParams {
        seed: 1,
        people,
        companies: 5,
        vacancies: 10,
        as_of: Day::parse_iso("2026-11-27").expect("day"),
        force: false,
    };
    build_region(&db, params, &mut |_| {})
        .await
        .expect("demo region");
    let now = Timestamp::parse_iso("2026-11-27T08:00:00.000Z").expect("now");
    server::demo::personas::ensure_personas(&db, now)
        .await
        .expect("personas");
    db
}

/// A fresh PostgreSQL database next to the admin URL's; drop it with [`drop_postgres`].
pub async fn fresh_postgres(admin: &str) -> (String, String) {
    let name = format!("sl_bench_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::AnyConnection::connect(admin)
        .await
        .expect("PostgreSQL admin connection");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create bench database");
    let _ = conn.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    (format!("{base}/{name}"), name)
}

pub async fn drop_postgres(admin: &str, name: &str) {
    if let Ok(mut conn) = sqlx::AnyConnection::connect(admin).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}

/// Like [`prepared`] but with the region's size and day chosen by the caller; the personas are
/// made on the machine's clock.
pub async fn prepared_region(url: &str, params: DemoParams) -> Db {
    let db = Db::connect(&DbConfig::new(url)).await.expect("connect");
    db.migrate().await.expect("migrate");
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    server::reference_import::load(&db, &reference)
        .await
        .expect("reference data");
    server::seed::demo(&db).await.expect("demo CPIs");
    build_region(&db, params, &mut |_| {})
        .await
        .expect("demo region");
    server::demo::personas::ensure_personas(&db, now())
        .await
        .expect("personas");
    db
}

/// The machine's clock as a [`Timestamp`].
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0),
    )
    .expect("now")
}

/// The server under test on a random loopback port, every layer on, rate limits out of the way;
/// its base URL (`http://127.0.0.1:port`). `origin` is the public origin requests must carry.
pub async fn serve_on_loopback(db: &Db, origin: &str) -> String {
    use server::config::PublicOrigin;
    use server::startup::{router_with_clock, RouterConfig};
    let local = RouterConfig::local(
        PublicOrigin::parse(origin).expect("origin"),
        "target/site-does-not-exist".into(),
    );
    let config = RouterConfig {
        demo_mode: true,
        demo_login: true,
        login_rate_per_minute: 1_000_000,
        api_rate_per_minute: 1_000_000,
        ..local
    };
    let router = router_with_clock(
        &config,
        db.clone(),
        std::sync::Arc::new(app::store::clock::SystemClock),
    )
    .expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    format!("http://{addr}")
}

/// The `q` quantile (0–1) of `times` in milliseconds (nearest rank; `times` need not be sorted).
pub fn quantile_ms(times: &[std::time::Duration], q: f64) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// One line about the machine: CPU model, cores, memory, load average now.
pub fn machine_facts() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    format!("machine: {model}, {cores} cores, {mem_gib:.0} GiB, load average (1 min) {load}")
}
