//! The real binary as an operator runs it: bad configuration, commands, logs, graceful shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_server");
/// Tests run in `server/`; the committed reference tables are at the repository root.
const REFERENCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/reference");

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env("SPORTELLO_LOG", "warn")
        .env("SPORTELLO_REFERENCE_DIR", REFERENCE_DIR);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("spawn server")
}

/// Asserts a start-up failure: non-zero exit, one line on stderr naming the problem, no panic.
fn assert_one_line_failure(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line, got: {stderr}");
    assert!(lines[0].contains(needle), "'{needle}' not in: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

#[test]
fn unsupported_database_url_is_one_clear_line() {
    let out = run(&["migrate"], &[("DATABASE_URL", "mysql://localhost/x")]);
    assert_one_line_failure(&out, "DATABASE_URL must start with sqlite: or postgres:");
}

#[test]
fn malformed_database_url_is_one_clear_line() {
    let out = run(
        &["migrate"],
        &[("DATABASE_URL", "postgres://user@host:notaport/db")],
    );
    assert_one_line_failure(&out, "DATABASE_URL is malformed");
}

#[test]
fn unwritable_data_directory_is_one_clear_line() {
    let out = run(
        &["migrate"],
        &[("DATABASE_URL", "sqlite:/proc/sportello/data.db")],
    );
    assert_one_line_failure(
        &out,
        "cannot create or write the data directory /proc/sportello",
    );
}

#[test]
fn port_in_use_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let url = format!("sqlite:{}/db.sqlite", dir.path().display());
    let out = run(&["serve", "--listen", &addr], &[("DATABASE_URL", &url)]);
    assert_one_line_failure(&out, &format!("cannot listen on {addr}"));
}

#[test]
fn bad_public_origin_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite:{}/db.sqlite", dir.path().display());
    let out = run(
        &["serve", "--public-origin", "lavoro.example.it"],
        &[("DATABASE_URL", &url)],
    );
    assert_one_line_failure(&out, "public origin must look like");
}

#[test]
fn migrate_and_seed_are_repeatable() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite:{}/data/db.sqlite", dir.path().display());
    for args in [
        &["migrate"][..],
        &["migrate"],
        &["seed", "--demo"],
        &["seed", "--demo"],
    ] {
        let out = run(args, &[("DATABASE_URL", &url)]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        dir.path().join("data/db.sqlite").exists(),
        "data dir created"
    );
    let out = run(&["seed"], &[("DATABASE_URL", &url)]);
    assert_one_line_failure(&out, "nothing to seed");
}

#[test]
fn seed_demo_takes_the_region_size_and_reports_progress() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite:{}/db.sqlite", dir.path().display());
    let args = [
        "seed",
        "--demo",
        "--people",
        "120",
        "--companies",
        "8",
        "--vacancies",
        "30",
        "--seed",
        "3",
        "--as-of",
        "2026-11-27",
    ];
    let out = run(&args, &[("DATABASE_URL", &url)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for line in [
        "demo region: people 120/120",
        "demo region: companies 8/8",
        "demo region: vacancies 30/30",
    ] {
        assert!(stderr.contains(line), "'{line}' not in: {stderr}");
    }
    // The same region again: nothing to do, so no progress lines.
    let out = run(&args, &[("DATABASE_URL", &url)]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("demo region:"));

    let out = run(
        &["seed", "--demo", "--as-of", "2026-13-01"],
        &[("DATABASE_URL", &url)],
    );
    assert_one_line_failure(&out, "--as-of must be a date like 2026-11-27");
    let out = run(
        &["seed", "--demo", "--vacancies", "5", "--companies", "0"],
        &[("DATABASE_URL", &url)],
    );
    assert_one_line_failure(&out, "vacancies need at least one company");
    // Region sizes only mean something with --demo.
    let out = run(
        &["seed", "--reference", "--people", "5"],
        &[("DATABASE_URL", &url)],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--demo"));
}

/// A server process with its stdout (JSON logs) collected line by line.
struct Server {
    child: Child,
    addr: String,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    _dir: tempfile::TempDir,
    db_file: std::path::PathBuf,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("dir");
        let db_file = dir.path().join("db.sqlite");
        let url = format!("sqlite:{}", db_file.display());
        assert!(run(&["seed", "--demo"], &[("DATABASE_URL", &url)])
            .status
            .success());
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--log-level",
                "info",
            ])
            .env("DATABASE_URL", &url)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            lines: rx,
            seen: vec![],
            _dir: dir,
            db_file,
        };
        let listening = server.wait_for("\"listening\"");
        let v: serde_json::Value = serde_json::from_str(&listening).expect("json log line");
        server.addr = v["fields"]["addr"]
            .as_str()
            .expect("addr field")
            .to_string();
        server
    }

    /// Waits (bounded) for a log line containing `needle`.
    fn wait_for(&mut self, needle: &str) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no log line with {needle}; seen: {:#?}", self.seen));
            self.seen.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
    }

    fn request(&self, raw: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.write_all(raw.as_bytes()).expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    }

    fn terminate(&mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn internal_errors_show_a_reference_that_is_in_the_log_with_the_request_id() {
    let mut server = Server::start();
    // Break the database under the running server.
    let url = format!("sqlite:{}", server.db_file.display());
    let db = app::store::Db::connect(&app::store::DbConfig::new(&url))
        .await
        .expect("connect");
    // Renamed, not dropped: role grants reference the table, so SQLite refuses to drop it.
    sqlx::query("ALTER TABLE cpi RENAME TO cpi_gone")
        .execute(db.pool())
        .await
        .expect("rename");
    db.close().await;

    let res = server.request("GET /cpi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(
        res.starts_with("HTTP/1.1 500"),
        "{}",
        &res[..100.min(res.len())]
    );
    let request_id = res
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("x-request-id header")
        .trim()
        .to_string();
    let start = res.find("E-").expect("reference on the page");
    let reference = &res[start..start + 12];
    assert!(
        !res.contains("no such table"),
        "database text must not reach the client"
    );

    let line = server.wait_for(reference);
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(v["level"], "ERROR");
    assert_eq!(
        v["span"]["id"],
        request_id.as_str(),
        "the error line names the request: {line}"
    );
    assert!(
        line.contains("no such table"),
        "the cause stays in the log: {line}"
    );
}

#[test]
fn sigterm_lets_the_in_flight_request_finish_then_exits_cleanly() {
    let mut server = Server::start();
    let mut conn = TcpStream::connect(&server.addr).expect("connect");
    // `Expect: 100-continue` makes the server say when the handler starts reading the body: from then on
    // the request is certainly in flight, with no sleeping to guess it.
    let body = "lang=en&next=%2Fcpi";
    let head = format!(
        "POST /lang HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:3000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).expect("write head");
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        conn.read_exact(&mut byte).expect("read 100 Continue");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    server.terminate();
    server.wait_for("shutdown requested");
    conn.write_all(body.as_bytes()).expect("write body");
    let mut res = String::new();
    conn.read_to_string(&mut res).expect("read");
    assert!(
        res.starts_with("HTTP/1.1 303"),
        "in-flight request completed: {res}"
    );
    assert!(res.contains("location: /cpi"));
    server.wait_for("\"stopped\"");
    let status = server.child.wait().expect("wait");
    assert!(status.success(), "clean exit after SIGTERM: {status:?}");
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "no longer listening"
    );
}

#[test]
fn every_request_log_line_carries_a_request_id() {
    let mut server = Server::start();
    let res = server.request("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(res.starts_with("HTTP/1.1 200"));
    let line = server.wait_for("finished processing request");
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    let id = v["span"]["id"].as_str().expect("request id in span");
    assert_eq!(id.len(), 36, "a uuid: {id}");
    assert!(res.to_lowercase().contains(&format!("x-request-id: {id}")));
}
