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
