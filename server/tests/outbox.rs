//! The notification outbox on both backends: idempotent enqueue, delivery over real SMTP to a tiny
//! receiver started inside the test, retries with backoff, lease expiry, and concurrent workers.

mod common;

use app::domain::session_policy::Timestamp;
use app::store::outbox::{self, enqueue, Notification};
use app::store::Db;
use common::TestDatabase;
use server::outbox::smtp::SmtpConfig;
use server::outbox::{run_once, Mailer, OutboxConfig, RetryPolicy, RoundReport};
use sqlx::Row;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn at(s: &str) -> Timestamp {
    Timestamp::parse_iso(s).expect("instant")
}

const NOW: &str = "2026-11-27T08:00:00.000Z";

/// A person with an account; `email` optional. Returns the user id.
async fn user(db: &Db, n: i64, email: Option<&str>) -> i64 {
    let cf = format!("TSTUSR{n:02}A01H501Z");
    let person: i64 = sqlx::query(
        "INSERT INTO person (codice_fiscale, given_name, family_name, sex, birth_date, \
         birth_belfiore, email) VALUES ($1, 'Test', 'Person', 'F', '1990-01-01', 'H501', $2) \
         RETURNING id",
    )
    .bind(&cf[..16])
    .bind(email)
    .fetch_one(db.pool())
    .await
    .expect("person")
    .get(0);
    sqlx::query(
        "INSERT INTO app_user (person_id, display_name, created_at) VALUES ($1, 'Test', $2) RETURNING id",
    )
    .bind(person)
    .bind(NOW)
    .fetch_one(db.pool())
    .await
    .expect("user")
    .get(0)
}

async fn notify(db: &Db, user: i64, event: &str) {
    let mut tx = db.begin_write().await.expect("tx");
    enqueue(
        &mut tx,
        at(NOW),
        &Notification {
            recipient_user_id: user,
            event_key: event,
            kind: "ticket_message",
            params: serde_json::json!({ "number": "PG-2026-000001" }),
            link: "/sportello/pratiche/1",
        },
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0)
}

/// What the fake SMTP server answers to MAIL FROM.
#[derive(Clone, Copy, PartialEq)]
enum Behaviour {
    Accept,
    TemporaryFailure,
}

/// A tiny SMTP receiver: enough of RFC 5321 for our client. Keeps every accepted message.
struct FakeSmtp {
    port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

impl FakeSmtp {
    async fn start(behaviour: Behaviour) -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read);
                    let _ = write.write_all(b"220 fake ESMTP\r\n").await;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let command = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if command.starts_with("EHLO") {
                            b"250-fake\r\n250 8BITMIME\r\n"
                        } else if command.starts_with("MAIL FROM") {
                            if behaviour == Behaviour::TemporaryFailure {
                                b"451 try again later\r\n"
                            } else {
                                b"250 ok\r\n"
                            }
                        } else if command.starts_with("RCPT TO") {
                            b"250 ok\r\n"
                        } else if command == "DATA" {
                            let _ = write.write_all(b"354 go on\r\n").await;
                            let mut message = String::new();
                            loop {
                                let mut l = String::new();
                                if lines.read_line(&mut l).await.unwrap_or(0) == 0 {
                                    return;
                                }
                                if l == ".\r\n" {
                                    break;
                                }
                                message.push_str(&l);
                            }
                            store.lock().expect("lock").push(message);
                            b"250 queued\r\n"
                        } else if command == "QUIT" {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"502 unknown\r\n"
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        FakeSmtp { port, received }
    }

    fn config(&self, worker: &str) -> OutboxConfig {
        let smtp = SmtpConfig::parse(&format!("smtp://127.0.0.1:{}", self.port)).expect("url");
        OutboxConfig {
            worker_id: worker.into(),
            ..OutboxConfig::new(
                Mailer::Smtp(smtp),
                "noreply@sportello.example",
                "https://lavoro.example",
            )
        }
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().expect("lock").clone()
    }
}

#[tokio::test]
async fn enqueue_is_idempotent_per_recipient_and_event() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let with_mail = user(&db, 1, Some("giulia@example.it")).await;
        let without_mail = user(&db, 2, None).await;
        notify(&db, with_mail, "ticket:1:message:1").await;
        notify(&db, with_mail, "ticket:1:message:1").await;
        notify(&db, with_mail, "ticket:1:message:2").await;
        notify(&db, without_mail, "ticket:1:message:1").await;
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM notification").await,
            3,
            "{:?}",
            tdb.backend
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox").await,
            2,
            "only the recipient with an address gets e-mails ({:?})",
            tdb.backend
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn worker_sends_each_message_once_over_smtp_and_marks_it_sent() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let smtp = FakeSmtp::start(Behaviour::Accept).await;
        let config = smtp.config("w1");
        let u = user(&db, 1, Some("giulia@example.it")).await;
        notify(&db, u, "ticket:7:waiting").await;
        let first = run_once(&db, &config, at(NOW)).await.expect("round");
        assert_eq!(first.sent, 1, "{:?}", tdb.backend);
        let second = run_once(&db, &config, at("2026-11-27T09:00:00.000Z"))
            .await
            .expect("round");
        assert_eq!(second, RoundReport::default(), "nothing left to send");
        let received = smtp.received();
        assert_eq!(received.len(), 1, "the message arrived once");
        let message = &received[0];
        assert!(message.contains("To: <giulia@example.it>\r\n"));
        assert!(message.contains("Message-ID: <"));
        assert!(message.contains("Content-Transfer-Encoding: base64"));
        let counts = outbox::counts(db.pool()).await.expect("counts");
        assert_eq!((counts.sent, counts.pending, counts.failed), (1, 0, 0));
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn failing_smtp_retries_with_exponential_backoff_then_gives_up() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let smtp = FakeSmtp::start(Behaviour::TemporaryFailure).await;
        let config = OutboxConfig {
            retry: RetryPolicy {
                base: Duration::from_secs(60),
                cap: Duration::from_secs(3600),
                max_attempts: 3,
            },
            ..smtp.config("w1")
        };
        let u = user(&db, 1, Some("giulia@example.it")).await;
        notify(&db, u, "ticket:7:closed").await;
        let next = || async {
            sqlx::query("SELECT next_attempt_at, attempts, state FROM outbox")
                .fetch_one(db.pool())
                .await
                .map(|r| {
                    (
                        r.get::<String, _>(0),
                        r.get::<i64, _>(1),
                        r.get::<String, _>(2),
                    )
                })
                .expect("row")
        };
        let r = run_once(&db, &config, at(NOW)).await.expect("round");
        assert_eq!(r.retried, 1, "{:?}", tdb.backend);
        assert_eq!(
            next().await,
            ("2026-11-27T08:01:00.000Z".into(), 1, "pending".into())
        );
        // Not due yet: nothing is attempted.
        let r = run_once(&db, &config, at("2026-11-27T08:00:30.000Z"))
            .await
            .expect("round");
        assert_eq!(r, RoundReport::default());
        let r = run_once(&db, &config, at("2026-11-27T08:01:00.000Z"))
            .await
            .expect("round");
        assert_eq!(r.retried, 1);
        assert_eq!(
            next().await,
            ("2026-11-27T08:03:00.000Z".into(), 2, "pending".into()),
            "the second wait is twice the first"
        );
        let r = run_once(&db, &config, at("2026-11-27T08:03:00.000Z"))
            .await
            .expect("round");
        assert_eq!(r.failed, 1);
        assert_eq!(next().await.2, "failed");
        assert!(smtp.received().is_empty());
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_claimed_row_whose_lease_expired_is_claimed_again() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let u = user(&db, 1, Some("giulia@example.it")).await;
        notify(&db, u, "ticket:9:message:1").await;
        let lease = Duration::from_secs(300);
        // Worker A claims and "dies" before marking.
        let a = outbox::claim_due(db.pool(), "a", at(NOW), lease, 10)
            .await
            .expect("claim");
        assert_eq!(a.len(), 1, "{:?}", tdb.backend);
        let during = outbox::claim_due(db.pool(), "b", at("2026-11-27T08:04:59.000Z"), lease, 10)
            .await
            .expect("claim");
        assert!(during.is_empty(), "the lease holds");
        let after = outbox::claim_due(db.pool(), "b", at("2026-11-27T08:05:00.000Z"), lease, 10)
            .await
            .expect("claim");
        assert_eq!(after.len(), 1, "the expired lease is picked up again");
        assert_eq!(after[0].attempt, 2);
        assert_eq!(after[0].message_id, a[0].message_id, "same Message-ID");
        // A's late mark is ignored: B holds the row now.
        outbox::mark_sent(
            db.pool(),
            a[0].outbox_id,
            "a",
            at("2026-11-27T08:05:01.000Z"),
        )
        .await
        .expect("mark");
        assert_eq!(outbox::counts(db.pool()).await.expect("counts").pending, 1);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_concurrent_workers_never_send_the_same_row() {
    const MESSAGES: i64 = 30;
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let smtp = FakeSmtp::start(Behaviour::Accept).await;
        let u = user(&db, 1, Some("giulia@example.it")).await;
        for i in 0..MESSAGES {
            notify(&db, u, &format!("ticket:1:message:{i}")).await;
        }
        let (a, b) = (
            OutboxConfig {
                batch: MESSAGES,
                ..smtp.config("a")
            },
            OutboxConfig {
                batch: MESSAGES,
                ..smtp.config("b")
            },
        );
        let (ra, rb) = tokio::join!(run_once(&db, &a, at(NOW)), run_once(&db, &b, at(NOW)));
        let (ra, rb) = (ra.expect("a"), rb.expect("b"));
        assert_eq!(
            (ra.sent + rb.sent) as i64,
            MESSAGES,
            "{:?}: a sent {}, b sent {}",
            tdb.backend,
            ra.sent,
            rb.sent
        );
        let mut ids: Vec<String> = smtp
            .received()
            .iter()
            .filter_map(|m| {
                m.lines()
                    .find(|l| l.starts_with("Message-ID: "))
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(ids.len() as i64, MESSAGES);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len() as i64, MESSAGES, "no message went out twice");
        assert_eq!(
            outbox::counts(db.pool()).await.expect("counts").sent,
            MESSAGES
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn without_smtp_the_message_is_logged_and_marked_sent() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let u = user(&db, 1, Some("giulia@example.it")).await;
        notify(&db, u, "ticket:3:closed").await;
        let config = OutboxConfig::new(Mailer::Log, "noreply@sportello.example", "http://x");
        let r = run_once(&db, &config, at(NOW)).await.expect("round");
        assert_eq!(r.sent, 1, "{:?}", tdb.backend);
        assert_eq!(outbox::counts(db.pool()).await.expect("counts").sent, 1);
        db.close().await;
        tdb.drop_database().await;
    }
}
