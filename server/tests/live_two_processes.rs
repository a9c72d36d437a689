//! Live updates across server processes (issue 5): two real server binaries on one PostgreSQL
//! database. A page connected to process B hears about a message posted through process A, because
//! A's `pg_notify` reaches B's `LISTEN`.

mod common;
#[path = "common/live_fixture.rs"]
mod live_fixture;

use common::auth::{demo_db, ORIGIN};
use common::TestDatabase;
use sqlx::Row;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_server");
/// Long enough for anything that should happen; only reached when something is broken.
const WITHIN: Duration = Duration::from_secs(20);
const COOKIE: &str = "__Host-sl_session";

/// One server process in demo mode on `url`, its JSON log read line by line.
struct Server {
    child: Child,
    base: String,
    _uploads: tempfile::TempDir,
}

impl Server {
    fn start(url: &str) -> Server {
        let uploads = tempfile::tempdir().expect("upload dir");
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--mode",
                "demo",
                "--log-format",
                "json",
                "--log-level",
                "info",
            ])
            .env("DATABASE_URL", url)
            .env("SPORTELLO_PUBLIC_ORIGIN", ORIGIN)
            .env("SPORTELLO_UPLOAD_DIR", uploads.path())
            .env("SPORTELLO_LOGIN_RATE_PER_MINUTE", "1000")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut seen = Vec::new();
        let addr = loop {
            let line = rx
                .recv_timeout(WITHIN)
                .unwrap_or_else(|_| panic!("server did not start; log: {seen:#?}"));
            if line.contains("\"listening\"") {
                let v: serde_json::Value = serde_json::from_str(&line).expect("json log line");
                break v["fields"]["addr"].as_str().expect("addr").to_string();
            }
            seen.push(line);
        };
        // Keep draining the log so the process never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        Server {
            child,
            base: format!("http://{addr}"),
            _uploads: uploads,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// Logs in as a demo persona through `server`; the session token.
async fn login(http: &reqwest::Client, server: &Server, persona: &str) -> String {
    let res = http
        .post(format!("{}/auth/demo", server.base))
        .header("origin", ORIGIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("persona={persona}"))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status().as_u16(), 303, "login {persona}");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{COOKIE}="))
                .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
        })
        .filter(|t| !t.is_empty())
        .expect("session cookie")
}

/// Reads the stream until an `event: change` arrives; its data.
async fn next_change(stream: &mut reqwest::Response, buffer: &mut String) -> String {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: change") {
                if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return data.to_string();
                }
            }
            continue;
        }
        let chunk = tokio::time::timeout(WITHIN, stream.chunk())
            .await
            .expect("no event in time")
            .expect("stream failed")
            .expect("stream ended");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_message_posted_through_one_process_reaches_a_page_connected_to_the_other() {
    let Some(tdb) = TestDatabase::postgres().await else {
        return;
    };
    let db = demo_db(&tdb).await;
    let ticket = live_fixture::insert_ticket(&db, "cittadino-1", "PG").await;
    let a = Server::start(&tdb.url);
    let b = Server::start(&tdb.url);
    let http = client();
    // Sessions live in the database: a login through A is valid on B too.
    let token = login(&http, &a, "cittadino-1").await;
    let cookie = format!("{COOKIE}={token}");

    let mut stream = http
        .get(format!("{}/events?ticket={ticket}", b.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("connect to B");
    assert_eq!(stream.status().as_u16(), 200);

    let res = http
        .post(format!("{}/api/counter/post-message", a.base))
        .header("cookie", &cookie)
        .header("origin", ORIGIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "ticket_id={ticket}&body=Buongiorno%2C+ho+allegato+il+documento"
        ))
        .send()
        .await
        .expect("post through A");
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "post-message: {} {}",
        res.status(),
        res.text().await.unwrap_or_default()
    );
    let stored = sqlx::query("SELECT COUNT(*) FROM ticket_message WHERE ticket_id = $1")
        .bind(ticket)
        .fetch_one(db.pool())
        .await
        .expect("messages")
        .get::<i64, _>(0);
    assert_eq!(stored, 1, "the message was stored by A");

    let mut buffer = String::new();
    assert_eq!(
        next_change(&mut stream, &mut buffer).await,
        format!("ticket:{ticket}"),
        "B forwards the change A published"
    );
    drop(stream);
    drop((a, b));
    db.close().await;
    tdb.drop_database().await;
}
