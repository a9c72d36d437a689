//! Benchmark of the virtual counter (issue 5), not a test. Against a real server over loopback HTTP
//! (every layer: sessions, origin check, rate limits off, audit), on SQLite and — with `--postgres`
//! (an admin URL: a fresh database is made and dropped) — on PostgreSQL:
//!
//! 1. **Ticket submission** with 200 concurrent users: each has a complete draft, all submit at
//!    once; latency p50/p99 over several rounds. Baseline in the same run: the same 200 users
//!    calling a read server function (`session/info`) at once — the budget's "server function round
//!    trip (read)" — so the ratio shows what a submission adds.
//! 2. **Queue page SSR** (`/operatore`, the PG console with a few hundred tickets): requests/s with
//!    64 connections for a few seconds, against `/health` on the same server.
//!
//! `cargo run --release -p server --example bench_counter [-- --users 200 --rounds 5 --seconds 5
//!  --postgres postgres://postgres@127.0.0.1:5432/postgres]`

use app::domain::policy::PersonId;
use app::domain::service::ServiceId;
use app::domain::session_policy::{SessionPolicy, Timestamp};
use app::domain::wizard::StepId;
use app::store::clock::SystemClock;
use app::store::drafts::{create_draft, draft_by_id, save_step, DraftAnswers, NewDraft};
use app::store::sessions::create_session;
use app::store::users::{create_user, grant_role, Grant};
use app::store::Db;
use server::config::PublicOrigin;
use server::startup::{router_with_clock, RouterConfig};
use sqlx::Row;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{arg, drop_postgres, fresh_postgres, number, prepared};

#[path = "support/mod.rs"]
mod support;

const ORIGIN: &str = "http://127.0.0.1:3000";
const COOKIE: &str = "__Host-sl_session";
const CONNECTIONS: usize = 64;

#[tokio::main]
async fn main() {
    let users = number("--users", 200);
    let rounds = number("--rounds", 5);
    let seconds = number("--seconds", 5) as u64;
    println!(
        "counter benchmark: {users} concurrent users × {rounds} rounds; queue page {seconds} s × {CONNECTIONS} connections"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    run("SQLite", &url, users, rounds, seconds).await;
    if let Some(admin) = arg("--postgres") {
        let (url, name) = fresh_postgres(&admin).await;
        run("PostgreSQL", &url, users, rounds, seconds).await;
        drop_postgres(&admin, &name).await;
    }
}

async fn run(label: &str, url: &str, users: usize, rounds: usize, seconds: u64) {
    // Twice as many people as accounts: some are taken by the personas.
    let db = prepared(url, 2 * users as u64).await;
    let config = RouterConfig {
        demo_mode: true,
        demo_login: true,
        ..RouterConfig::local(
            PublicOrigin::parse(ORIGIN).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    };
    let config = RouterConfig {
        login_rate_per_minute: 1_000_000,
        api_rate_per_minute: 1_000_000,
        ..config
    };
    let router = router_with_clock(&config, db.clone(), Arc::new(SystemClock)).expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let base = format!("http://{addr}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(users)
        .build()
        .expect("client");
    let accounts = accounts(&db, users).await;

    let mut reads = Vec::new();
    let mut submits = Vec::new();
    for _ in 0..rounds {
        reads.extend(
            all_at_once(&http, &base, &accounts, |_| ("session/info", String::new())).await,
        );
        let drafts = complete_drafts(&db, &accounts).await;
        submits.extend(
            all_at_once(&http, &base, &accounts, |i| {
                ("counter/submit", format!("draft_id={}", drafts[i]))
            })
            .await,
        );
    }
    let tickets: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ticket")
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get("n");
    assert_eq!(
        tickets as usize,
        users * rounds,
        "one ticket per submission"
    );
    let read = percentiles(reads);
    let submit = percentiles(submits);
    println!("== {label}");
    println!(
        "  read server fn (session/info), {users} at once   p50 {:>7.2} ms  p99 {:>7.2} ms",
        read.0, read.1
    );
    println!(
        "  ticket submission, {users} at once              p50 {:>7.2} ms  p99 {:>7.2} ms  (p99 ×{:.1} the read)",
        submit.0,
        submit.1,
        submit.1 / read.1.max(1e-6)
    );

    let operator = operator_token(&db).await;
    let health = throughput(&http, &format!("{base}/health"), None, seconds).await;
    let console = throughput(
        &http,
        &format!("{base}/operatore"),
        Some(&operator),
        seconds,
    )
    .await;
    println!(
        "  /health                                     {:>8.0} req/s  p99 {:>7.2} ms",
        health.0, health.1
    );
    println!(
        "  queue page SSR /operatore ({tickets} tickets) {:>8.0} req/s  p99 {:>7.2} ms  (ratio {:.3} of /health)",
        console.0,
        console.1,
        console.0 / health.0.max(1e-6)
    );
    db.close().await;
}

/// Every account sends one request at the same moment; the latency of each.
async fn all_at_once(
    http: &reqwest::Client,
    base: &str,
    accounts: &[(i64, String)],
    request: impl Fn(usize) -> (&'static str, String),
) -> Vec<Duration> {
    let start = Arc::new(tokio::sync::Barrier::new(accounts.len()));
    let mut tasks = Vec::new();
    for (i, (_, token)) in accounts.iter().enumerate() {
        let (function, body) = request(i);
        let url = format!("{base}/api/{function}");
        let http = http.clone();
        let cookie = format!("{COOKIE}={token}");
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let t0 = Instant::now();
            let res = http
                .post(url)
                .header("cookie", cookie)
                .header("origin", ORIGIN)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("request");
            let status = res.status();
            let _ = res.bytes().await;
            assert!(status.is_success(), "{function}: {status}");
            t0.elapsed()
        }));
    }
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

/// Requests/s and p99 of GETs on `url` from `CONNECTIONS` loops for `seconds`.
async fn throughput(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    seconds: u64,
) -> (f64, f64) {
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let http = http.clone();
        let url = url.to_string();
        let cookie = token.map(|t| format!("{COOKIE}={t}"));
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while Instant::now() < until {
                let t0 = Instant::now();
                let mut req = http.get(&url);
                if let Some(c) = &cookie {
                    req = req.header("cookie", c);
                }
                let res = req.send().await.expect("get");
                assert!(res.status().is_success(), "{url}: {}", res.status());
                let _ = res.bytes().await;
                times.push(t0.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let count = all.len() as f64;
    (count / elapsed, percentiles(all).1)
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

fn now() -> Timestamp {
    Timestamp::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0),
    )
    .expect("now")
}

/// One citizen account with a session for each of `n` people of the region: (person, token).
async fn accounts(db: &Db, n: usize) -> Vec<(i64, String)> {
    let people: Vec<i64> = sqlx::query(
        "SELECT id FROM person WHERE is_demo AND id NOT IN (SELECT person_id FROM app_user \
         WHERE person_id IS NOT NULL) ORDER BY id LIMIT $1",
    )
    .bind(n as i64)
    .fetch_all(db.pool())
    .await
    .expect("people")
    .iter()
    .map(|r| r.get("id"))
    .collect();
    assert_eq!(people.len(), n, "enough people in the region");
    let mut out = Vec::with_capacity(n);
    let mut tx = db.pool().begin().await.expect("begin");
    for person in people {
        let user = create_user(&mut tx, Some(person), "Utente di prova", now())
            .await
            .expect("user");
        grant_role(&mut tx, user, &Grant::Citizen, now())
            .await
            .expect("grant");
        let token = create_session(&mut tx, user, None, &SessionPolicy::default(), now())
            .await
            .expect("session")
            .expect("active");
        out.push((person, token.as_str().to_string()));
    }
    tx.commit().await.expect("commit");
    out
}

/// A complete "write to the CPI" draft for every account, in the PG CPI.
async fn complete_drafts(db: &Db, accounts: &[(i64, String)]) -> Vec<i64> {
    let mut tx = db.pool().begin().await.expect("begin");
    let mut ids = Vec::with_capacity(accounts.len());
    for (person, _) in accounts {
        let user: i64 = sqlx::query("SELECT id FROM app_user WHERE person_id = $1")
            .bind(person)
            .fetch_one(&mut *tx)
            .await
            .expect("user")
            .get("id");
        let key = uuid::Uuid::new_v4().simple().to_string();
        let mut draft = create_draft(
            &mut tx,
            now(),
            &NewDraft {
                service: ServiceId::WriteToCpi.slug(),
                person_id: PersonId(*person),
                created_by_user_id: user,
                mandate_id: None,
                idempotency_key: &key,
                prefill: &DraftAnswers::new(),
            },
        )
        .await
        .expect("draft")
        .expect("own draft");
        for (step, fields) in [
            (StepId::Residence, vec![("comune", "054039")]),
            (StepId::Contacts, vec![("email", "prova@example.it")]),
            (
                StepId::Message,
                vec![("topic", "other"), ("body", "Domanda di prova")],
            ),
        ] {
            let answers = fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            save_step(&mut tx, now(), &draft, draft.version, step, &answers, true)
                .await
                .expect("save")
                .expect("saved");
            draft = draft_by_id(&mut tx, draft.id)
                .await
                .expect("draft")
                .expect("exists");
        }
        ids.push(draft.id);
    }
    tx.commit().await.expect("commit");
    ids
}

async fn operator_token(db: &Db) -> String {
    let user: i64 = sqlx::query("SELECT id FROM app_user WHERE persona = 'operatore-pg'")
        .fetch_one(db.pool())
        .await
        .expect("operator")
        .get("id");
    let mut tx = db.pool().begin().await.expect("begin");
    let token = create_session(&mut tx, user, None, &SessionPolicy::default(), now())
        .await
        .expect("session")
        .expect("active");
    tx.commit().await.expect("commit");
    token.as_str().to_string()
}
