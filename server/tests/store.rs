//! The store against both backends: every test here runs on SQLite and on PostgreSQL.

mod common;

use app::domain::cpi::CpiOffice;
use app::store::{cpi, Backend};
use common::TestDatabase;
use sqlx::Row;

#[tokio::test]
async fn migrations_apply_and_a_second_run_changes_nothing() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        db.migrate().await.expect("second migration run is a no-op");
        let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM cpi")
            .fetch_one(db.pool())
            .await
            .expect("cpi table exists")
            .get("n");
        assert_eq!(count, 0, "{:?}", tdb.backend);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn demo_seed_loads_five_cpis_once() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        assert_eq!(
            server::seed::demo(&db).await.expect("seed"),
            5,
            "{:?}",
            tdb.backend
        );
        assert_eq!(
            server::seed::demo(&db).await.expect("seed again"),
            0,
            "{:?}",
            tdb.backend
        );
        let all = cpi::all_cpis(&db).await.expect("list");
        assert_eq!(all.len(), 5);
        let names: Vec<_> = all.iter().map(|c| c.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "ordered by name on {:?}", tdb.backend);
        assert!(all.iter().any(|c| c.code == "PG" && c.comune == "Perugia"));
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_failed_transaction_leaves_nothing_behind() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let good = CpiOffice {
            code: "PG".into(),
            name: "Perugia".into(),
            address: "Via X".into(),
            comune: "Perugia".into(),
            phone: "0".into(),
            email: "a@b".into(),
        };
        let bad = CpiOffice {
            code: "TOOLONG".into(),
            ..good.clone()
        };
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(cpi::insert_cpi_if_absent(&mut tx, &good)
            .await
            .expect("insert"));
        let err = cpi::insert_cpi_if_absent(&mut tx, &bad).await;
        assert!(
            err.is_err(),
            "CHECK constraint on code length ({:?})",
            tdb.backend
        );
        drop(tx); // rolled back
        assert!(
            cpi::all_cpis(&db).await.expect("list").is_empty(),
            "{:?}",
            tdb.backend
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn sqlite_connections_are_durable_and_enforce_foreign_keys() {
    let tdb = TestDatabase::sqlite();
    let db = tdb.connect().await;
    assert_eq!(db.backend(), Backend::Sqlite);
    let mut conn = db.pool().acquire().await.expect("conn");
    let journal: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma")
        .get(0);
    let sync: i64 = sqlx::query("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma")
        .get(0);
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma")
        .get(0);
    let busy: i64 = sqlx::query("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .expect("pragma")
        .get(0);
    assert_eq!(journal.to_lowercase(), "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(fk, 1);
    assert_eq!(busy, 5000);
}

#[tokio::test]
async fn postgres_sessions_never_wait_forever_on_a_lock_and_price_cached_pages() {
    let Some(tdb) = TestDatabase::postgres().await else {
        return;
    };
    let db = tdb.connect().await;
    let mut conn = db.pool().acquire().await.expect("conn");
    let mut settings = Vec::new();
    for name in [
        "lock_timeout",
        "idle_in_transaction_session_timeout",
        "random_page_cost",
    ] {
        let value: String = sqlx::query(sqlx::AssertSqlSafe(format!("SHOW {name}")))
            .fetch_one(&mut *conn)
            .await
            .expect("show")
            .get(0);
        settings.push(value);
    }
    assert_eq!(settings, ["1min", "30s", "1.1"]);
    drop(conn);
    db.close().await;
    tdb.drop_database().await;
}

#[tokio::test]
async fn ready_probe_follows_the_database() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        assert!(db.is_ready().await);
        db.close().await;
        assert!(!db.is_ready().await, "{:?}", tdb.backend);
        tdb.drop_database().await;
    }
}
