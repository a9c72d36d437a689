//! Benchmark of live-update fan-out (issue 5), not a test: 1,000 SSE clients connected to a real
//! server (HTTP over loopback, the full stack of layers) on one ticket; one publish; the time from the
//! publish to the last client's delivery, over ~20 rounds (p50/p99/max). On SQLite the publish goes
//! through the in-process broadcast; with `--postgres URL` (an admin URL: a fresh database is made
//! and dropped) through `pg_notify` and the process's LISTEN connection.
//!
//! Baseline in the same run: the same fan-out through a bare `tokio::sync::broadcast` with as many
//! receivers, each in its own task, no HTTP, no database. The ratio is what the server adds.
//!
//! `cargo run --release -p server --example bench_live [-- --clients 1000 --rounds 20
//!  --postgres postgres://postgres@127.0.0.1:5432/postgres]`

use app::live::{LiveBus, Topic};
use app::store::clock::SystemClock;
use app::store::Db;
use server::config::PublicOrigin;
use server::startup::{router_with_live, RouterConfig};
use sqlx::Row;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{arg, drop_postgres, fresh_postgres, number, prepared};
use tokio::sync::{mpsc, Barrier, Semaphore};

#[path = "support/mod.rs"]
mod support;

const ORIGIN: &str = "http://127.0.0.1:3000";
const COOKIE: &str = "__Host-sl_session";
/// Far longer than a run: the keep-alive's session re-check would otherwise land inside a round.
const KEEP_ALIVE: Duration = Duration::from_secs(3600);
/// Streams opening at once: each opening resolves its session in a write transaction, which SQLite
/// serialises; a thousand at once would queue past the pool's acquire timeout.
const OPENING_AT_ONCE: usize = 32;
/// A pause between rounds so one round's stragglers never overlap the next.
const BETWEEN_ROUNDS: Duration = Duration::from_millis(50);

#[tokio::main]
async fn main() {
    let clients = number("--clients", 1000);
    let rounds = number("--rounds", 20);
    println!(
        "live fan-out: {clients} SSE clients, {rounds} rounds (time from publish to last delivery)"
    );

    let baseline = bare_broadcast(clients, rounds).await;
    print_line("baseline: tokio broadcast, no HTTP", &baseline, None);

    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let sqlite = through_server(&url, clients, rounds).await;
    print_line("server, SQLite (in-process bus)", &sqlite, Some(&baseline));

    if let Some(admin) = arg("--postgres") {
        let (url, name) = fresh_postgres(&admin).await;
        let pg = through_server(&url, clients, rounds).await;
        print_line("server, PostgreSQL (NOTIFY/LISTEN)", &pg, Some(&baseline));
        drop_postgres(&admin, &name).await;
    }
}

/// p50, p99 and max of the rounds' times, in milliseconds.
struct Summary {
    p50: f64,
    p99: f64,
    max: f64,
}

fn summarise(mut times: Vec<Duration>) -> Summary {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1000.0
    };
    Summary {
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
    }
}

fn print_line(what: &str, s: &Summary, baseline: Option<&Summary>) {
    let ratio = baseline
        .map(|b| format!("  ×{:.1} baseline p50", s.p50 / b.p50.max(1e-6)))
        .unwrap_or_default();
    println!(
        "  {what:<40} p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms{ratio}",
        s.p50, s.p99, s.max
    );
}

/// The same fan-out with nothing but a broadcast channel and one task per receiver.
async fn bare_broadcast(clients: usize, rounds: usize) -> Summary {
    let (tx, _) = tokio::sync::broadcast::channel::<Topic>(1024);
    let (got_tx, mut got) = mpsc::unbounded_channel::<Instant>();
    let ready = Arc::new(Barrier::new(clients + 1));
    for _ in 0..clients {
        let mut rx = tx.subscribe();
        let got_tx = got_tx.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            ready.wait().await;
            while rx.recv().await.is_ok() {
                if got_tx.send(Instant::now()).is_err() {
                    break;
                }
            }
        });
    }
    ready.wait().await;
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t0 = Instant::now();
        let _ = tx.send(Topic::Ticket(1));
        times.push(last_of(&mut got, clients, t0).await);
        tokio::time::sleep(BETWEEN_ROUNDS).await;
    }
    summarise(times)
}

/// Waits for `clients` deliveries; the time from `t0` to the last.
async fn last_of(
    got: &mut mpsc::UnboundedReceiver<Instant>,
    clients: usize,
    t0: Instant,
) -> Duration {
    let mut last = t0;
    for _ in 0..clients {
        let at = tokio::time::timeout(Duration::from_secs(30), got.recv())
            .await
            .expect("a delivery went missing")
            .expect("clients alive");
        last = last.max(at);
    }
    last - t0
}

async fn through_server(url: &str, clients: usize, rounds: usize) -> Summary {
    let db = prepared(url, 30).await;
    let ticket = insert_ticket(&db).await;
    let live = LiveBus::start(&db);
    assert!(live.ready(Duration::from_secs(10)).await, "listener ready");
    let config = RouterConfig {
        demo_mode: true,
        demo_login: true,
        live_keep_alive: KEEP_ALIVE,
        ..RouterConfig::local(
            PublicOrigin::parse(ORIGIN).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    };
    let router =
        router_with_live(&config, db.clone(), Arc::new(SystemClock), live.clone()).expect("router");
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
        .build()
        .expect("client");
    let token = login(&http, &base).await;

    let (got_tx, mut got) = mpsc::unbounded_channel::<Instant>();
    let ready = Arc::new(Barrier::new(clients + 1));
    let connect_started = Instant::now();
    let opening = Arc::new(Semaphore::new(OPENING_AT_ONCE));
    for _ in 0..clients {
        let opening = opening.clone();
        let http = http.clone();
        let url = format!("{base}/events?ticket={ticket}");
        let cookie = format!("{COOKIE}={token}");
        let got_tx = got_tx.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            let permit = opening.acquire_owned().await.expect("semaphore");
            let mut res = http
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .expect("connect");
            drop(permit);
            assert_eq!(res.status().as_u16(), 200, "stream refused");
            ready.wait().await;
            let mut buffer = String::new();
            while let Ok(Some(chunk)) = res.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let block: String = buffer.drain(..end + 2).collect();
                    let change = block.lines().any(|l| l == "event: change");
                    if change && got_tx.send(Instant::now()).is_err() {
                        return;
                    }
                }
            }
        });
    }
    ready.wait().await;
    println!(
        "  {clients} streams open in {:.2} s ({})",
        connect_started.elapsed().as_secs_f64(),
        if url.starts_with("sqlite:") {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
    assert_eq!(live.subscribers(), clients, "every stream subscribed");

    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t0 = Instant::now();
        live.publish(&[Topic::Ticket(ticket)]).await;
        times.push(last_of(&mut got, clients, t0).await);
        tokio::time::sleep(BETWEEN_ROUNDS).await;
    }
    live.close();
    db.close().await;
    summarise(times)
}

/// An open ticket of the first citizen persona at the PG CPI.
async fn insert_ticket(db: &Db) -> i64 {
    let row = sqlx::query("SELECT id, person_id FROM app_user WHERE persona = 'cittadino-1'")
        .fetch_one(db.pool())
        .await
        .expect("persona");
    let user: i64 = row.get("id");
    let person: i64 = row.get("person_id");
    sqlx::query(
        "INSERT INTO ticket (number, cpi_code, service, requester_person_id, \
         submitted_by_user_id, idempotency_key, answers, state, submitted_at, updated_at) \
         VALUES ('PG-BENCH-1', 'PG', 'did', $1, $2, 'bench-live-0000000001', '{}', 'open', $3, $3) \
         RETURNING id",
    )
    .bind(person)
    .bind(user)
    .bind("2026-11-27T08:00:00.000Z")
    .fetch_one(db.pool())
    .await
    .expect("insert ticket")
    .get::<i64, _>(0)
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    let res = http
        .post(format!("{base}/auth/demo"))
        .header("origin", ORIGIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("persona=cittadino-1")
        .send()
        .await
        .expect("login");
    assert_eq!(res.status().as_u16(), 303, "login");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{COOKIE}="))
                .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
        })
        .expect("session cookie")
}
