//! The identity foundation on both databases: sessions (fixation, logout replay, idle and absolute
//! expiry on a controllable clock, disabled users, tokens never stored, two processes sharing one
//! session), users and role grants, and the append-only audit log.

mod common;

use app::domain::session_policy::{SessionPolicy, Timestamp};
use app::store::audit::{
    append_audit_event, audit_events_about_person, audit_events_by_actor, AuditOutcome,
    NewAuditEvent,
};
use app::store::clock::{Clock, ManualClock};
use app::store::sessions::{
    create_session, end_session, purge_dead_sessions, rotate_session, validate_session,
    SessionToken, SessionUser,
};
use app::store::users::{
    active_grants, create_user, disable_user, grant_role, revoke_role, user_by_id, user_by_person,
    Grant,
};
use app::store::{Backend, Db};
use common::TestDatabase;
use sqlx::Row;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3_600);

fn clock() -> ManualClock {
    ManualClock::starting_at(Timestamp::parse_iso("2026-11-27T08:00:00.000Z").expect("instant"))
}

async fn person(db: &Db, codice_fiscale: &str) -> i64 {
    sqlx::query(
        "INSERT INTO person (codice_fiscale, given_name, family_name, sex, birth_date, birth_belfiore) \
         VALUES ($1, 'Maria', 'Rossi', 'F', '1990-01-01', 'L424') RETURNING id",
    )
    .bind(codice_fiscale)
    .fetch_one(db.pool())
    .await
    .expect("person")
    .get(0)
}

async fn user(db: &Db, clock: &ManualClock, name: &str) -> i64 {
    let mut tx = db.pool().begin().await.expect("begin");
    let id = create_user(&mut tx, None, name, clock.now())
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    id
}

async fn login(db: &Db, clock: &ManualClock, user_id: i64) -> SessionToken {
    let mut tx = db.pool().begin().await.expect("begin");
    let token = create_session(
        &mut tx,
        user_id,
        Some("SpidL2"),
        &SessionPolicy::default(),
        clock.now(),
    )
    .await
    .expect("create session")
    .expect("active user gets a session");
    tx.commit().await.expect("commit");
    token
}

async fn check(db: &Db, clock: &ManualClock, token: &str) -> Option<SessionUser> {
    let mut tx = db.pool().begin().await.expect("begin");
    let user = validate_session(&mut tx, token, &SessionPolicy::default(), clock.now())
        .await
        .expect("validate");
    tx.commit().await.expect("commit");
    user
}

async fn end_reason(db: &Db, user_id: i64) -> Vec<Option<String>> {
    sqlx::query("SELECT end_reason FROM session WHERE user_id = $1 ORDER BY created_at, id_hash")
        .bind(user_id)
        .fetch_all(db.pool())
        .await
        .expect("end reasons")
        .into_iter()
        .map(|r| r.get::<Option<String>, _>(0))
        .collect()
}

#[tokio::test]
async fn rotation_gives_a_new_token_and_the_old_one_stops_working() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let old = login(&db, &clock, uid).await;

        clock.advance(5 * MINUTE);
        let mut tx = db.pool().begin().await.expect("begin");
        let new = rotate_session(
            &mut tx,
            old.as_str(),
            Some("SpidL3"),
            &SessionPolicy::default(),
            clock.now(),
        )
        .await
        .expect("rotate")
        .expect("a valid session rotates");
        tx.commit().await.expect("commit");

        assert_ne!(new, old, "{:?}", tdb.backend);
        assert_eq!(check(&db, &clock, old.as_str()).await, None);
        assert_eq!(
            check(&db, &clock, new.as_str()).await,
            Some(SessionUser {
                user_id: uid,
                auth_level: Some("SpidL3".into()),
                acting_for_mandate_id: None,
            })
        );
        // A dead token cannot be rotated into a live one.
        let mut tx = db.pool().begin().await.expect("begin");
        let again = rotate_session(
            &mut tx,
            old.as_str(),
            None,
            &SessionPolicy::default(),
            clock.now(),
        )
        .await
        .expect("rotate");
        tx.commit().await.expect("commit");
        assert_eq!(again, None);
        assert_eq!(
            end_reason(&db, uid).await,
            vec![Some("rotated".to_string()), None]
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn logged_out_token_never_validates_again() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let token = login(&db, &clock, uid).await;
        assert!(check(&db, &clock, token.as_str()).await.is_some());

        let mut tx = db.pool().begin().await.expect("begin");
        assert!(end_session(&mut tx, token.as_str(), clock.now())
            .await
            .expect("logout"));
        tx.commit().await.expect("commit");

        // Replayed immediately, later, and logged out again: nothing brings it back.
        assert_eq!(check(&db, &clock, token.as_str()).await, None);
        clock.advance(MINUTE);
        assert_eq!(check(&db, &clock, token.as_str()).await, None);
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(!end_session(&mut tx, token.as_str(), clock.now())
            .await
            .expect("logout"));
        tx.commit().await.expect("commit");
        assert_eq!(end_reason(&db, uid).await, vec![Some("logout".to_string())]);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn activity_every_20_minutes_keeps_a_session_until_12_hours_then_it_ends() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let start = clock.now();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let token = login(&db, &clock, uid).await;
        let twelve_hours_later = start.plus(12 * HOUR);
        loop {
            clock.advance(20 * MINUTE);
            let alive = check(&db, &clock, token.as_str()).await.is_some();
            assert_eq!(
                alive,
                clock.now() < twelve_hours_later,
                "at {}",
                clock.now()
            );
            if !alive {
                break;
            }
        }
        assert_eq!(clock.now(), twelve_hours_later);
        assert_eq!(
            end_reason(&db, uid).await,
            vec![Some("absolute".to_string())]
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn thirty_one_idle_minutes_end_a_session_but_twenty_nine_do_not() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let token = login(&db, &clock, uid).await;

        clock.advance(29 * MINUTE);
        assert!(check(&db, &clock, token.as_str()).await.is_some());
        clock.advance(31 * MINUTE);
        assert_eq!(check(&db, &clock, token.as_str()).await, None);
        assert_eq!(end_reason(&db, uid).await, vec![Some("idle".to_string())]);
        // Once ended it stays ended, even if a clock went back.
        let back = ManualClock::starting_at(clock.now().minus(HOUR));
        assert_eq!(check(&db, &back, token.as_str()).await, None);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn disabling_a_user_ends_all_their_sessions_at_once() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let other = user(&db, &clock, "Luca Bianchi").await;
        let phone = login(&db, &clock, uid).await;
        let laptop = login(&db, &clock, uid).await;
        let tablet = login(&db, &clock, uid).await;
        let others = login(&db, &clock, other).await;

        clock.advance(MINUTE);
        let mut tx = db.pool().begin().await.expect("begin");
        let ended = disable_user(&mut tx, uid, clock.now())
            .await
            .expect("disable");
        tx.commit().await.expect("commit");

        assert_eq!(ended, 3);
        for token in [&phone, &laptop, &tablet] {
            assert_eq!(check(&db, &clock, token.as_str()).await, None);
        }
        assert!(check(&db, &clock, others.as_str()).await.is_some());
        assert_eq!(
            end_reason(&db, uid).await,
            vec![Some("disabled".to_string()); 3]
        );
        assert_eq!(
            user_by_id(&db, uid)
                .await
                .expect("user")
                .and_then(|u| u.disabled_at),
            Some(clock.now())
        );
        // A disabled user cannot log in again.
        let mut tx = db.pool().begin().await.expect("begin");
        let refused = create_session(&mut tx, uid, None, &SessionPolicy::default(), clock.now())
            .await
            .expect("create");
        tx.commit().await.expect("commit");
        assert_eq!(refused, None);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn session_table_never_holds_the_token() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let token = login(&db, &clock, uid).await;
        check(&db, &clock, token.as_str()).await;

        let row = sqlx::query(
            "SELECT id_hash, auth_level, created_at, last_seen_at, idle_expires_at, \
             absolute_expires_at, ended_at, end_reason FROM session WHERE user_id = $1",
        )
        .bind(uid)
        .fetch_one(db.pool())
        .await
        .expect("session row");
        for i in 0..row.len() {
            let value: Option<String> = row.get(i);
            if let Some(v) = value {
                assert!(!v.contains(token.as_str()), "column {i} holds the token");
            }
        }
        let id_hash: String = row.get("id_hash");
        assert_eq!(id_hash.len(), 64);
        let user_id_text: String =
            sqlx::query("SELECT CAST(user_id AS TEXT) FROM session WHERE user_id = $1")
                .bind(uid)
                .fetch_one(db.pool())
                .await
                .expect("user id")
                .get(0);
        assert_ne!(user_id_text, token.as_str());
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn malformed_and_unknown_tokens_are_refused_without_error() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let unknown = "ab".repeat(32);
        for token in ["", "x", "' OR 1=1 --", &"AB".repeat(32), unknown.as_str()] {
            assert_eq!(check(&db, &clock, token).await, None, "{token}");
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_pools_on_one_database_share_a_session() {
    for tdb in TestDatabase::all().await {
        // Two pools behave as two server processes: nothing is shared but the database.
        let first = tdb.connect().await;
        let second = tdb.connect().await;
        let clock = clock();
        let uid = user(&first, &clock, "Maria Rossi").await;
        let token = login(&first, &clock, uid).await;

        clock.advance(20 * MINUTE);
        assert_eq!(
            check(&second, &clock, token.as_str())
                .await
                .map(|u| u.user_id),
            Some(uid),
            "{:?}",
            tdb.backend
        );
        // The activity seen by the second process keeps the session alive for the first.
        clock.advance(20 * MINUTE);
        assert!(check(&first, &clock, token.as_str()).await.is_some());

        let mut tx = second.pool().begin().await.expect("begin");
        assert!(end_session(&mut tx, token.as_str(), clock.now())
            .await
            .expect("logout"));
        tx.commit().await.expect("commit");
        assert_eq!(check(&first, &clock, token.as_str()).await, None);
        first.close().await;
        second.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn purge_deletes_only_long_dead_sessions() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let uid = user(&db, &clock, "Maria Rossi").await;
        let ended = login(&db, &clock, uid).await;
        let abandoned = login(&db, &clock, uid).await;
        let mut tx = db.pool().begin().await.expect("begin");
        end_session(&mut tx, ended.as_str(), clock.now())
            .await
            .expect("logout");
        tx.commit().await.expect("commit");

        clock.advance(24 * HOUR);
        let live = login(&db, &clock, uid).await;
        // Nothing has been dead for 30 days yet.
        assert_eq!(
            purge_dead_sessions(&db, clock.now().minus(30 * 24 * HOUR))
                .await
                .expect("purge"),
            0
        );
        // Dead for more than an hour: the logged-out one and the abandoned one (past its 12 h).
        assert_eq!(
            purge_dead_sessions(&db, clock.now().minus(HOUR))
                .await
                .expect("purge"),
            2
        );
        assert_eq!(check(&db, &clock, abandoned.as_str()).await, None);
        assert!(check(&db, &clock, live.as_str()).await.is_some());
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn users_link_to_people_and_roles_are_granted_and_revoked() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let pid = person(&db, "RSSMRA90A41L424X").await;
        sqlx::query(
            "INSERT INTO cpi (code, name, address, comune, phone, email) \
             VALUES ('TS', 'CPI Trieste', 'Via X 1', 'Trieste', '040', 'cpi@example.org')",
        )
        .execute(db.pool())
        .await
        .expect("cpi");

        let mut tx = db.pool().begin().await.expect("begin");
        let uid = create_user(&mut tx, Some(pid), "Maria Rossi", clock.now())
            .await
            .expect("user");
        let operator = Grant::Operator {
            cpi_code: "TS".into(),
        };
        assert!(grant_role(&mut tx, uid, &Grant::Citizen, clock.now())
            .await
            .expect("grant"));
        assert!(grant_role(&mut tx, uid, &operator, clock.now())
            .await
            .expect("grant"));
        // The same grant twice changes nothing.
        assert!(!grant_role(&mut tx, uid, &operator, clock.now())
            .await
            .expect("grant"));
        tx.commit().await.expect("commit");

        let found = user_by_person(&db, pid).await.expect("find").expect("user");
        assert_eq!((found.id, found.person_id), (uid, Some(pid)));
        assert_eq!(found.created_at, clock.now());
        assert_eq!(user_by_person(&db, pid + 1).await.expect("find"), None);
        assert_eq!(
            active_grants(&db, uid).await.expect("grants"),
            vec![Grant::Citizen, operator.clone()]
        );

        clock.advance(HOUR);
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(revoke_role(&mut tx, uid, &operator, clock.now())
            .await
            .expect("revoke"));
        assert!(!revoke_role(&mut tx, uid, &Grant::Admin, clock.now())
            .await
            .expect("revoke"));
        tx.commit().await.expect("commit");
        assert_eq!(
            active_grants(&db, uid).await.expect("grants"),
            vec![Grant::Citizen]
        );
        // Granted again after revocation: a new row, history kept.
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(grant_role(&mut tx, uid, &operator, clock.now())
            .await
            .expect("grant"));
        tx.commit().await.expect("commit");
        let rows: i64 = sqlx::query("SELECT COUNT(*) FROM user_role WHERE user_id = $1")
            .bind(uid)
            .fetch_one(db.pool())
            .await
            .expect("count")
            .get(0);
        assert_eq!(rows, 3);

        // One account per person; an operator grant without a CPI is refused by the database.
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(create_user(&mut tx, Some(pid), "Twin", clock.now())
            .await
            .is_err());
        drop(tx);
        let bad = sqlx::query(
            "INSERT INTO user_role (user_id, role, granted_at) VALUES ($1, 'operator', $2)",
        )
        .bind(uid)
        .bind(clock.now().to_iso())
        .execute(db.pool())
        .await;
        assert!(bad.is_err(), "{:?}", tdb.backend);
        tdb.drop_database().await;
    }
}

fn event<'a>(actor: i64, subject: i64, action: &'a str) -> NewAuditEvent<'a> {
    NewAuditEvent {
        actor_user_id: Some(actor),
        acting_for_person_id: None,
        mandate_id: None,
        subject_person_id: Some(subject),
        action,
        object_type: "profile",
        object_id: None,
        outcome: AuditOutcome::Ok,
        request_id: Some("req-1"),
        detail: None,
    }
}

#[tokio::test]
async fn audit_rows_cannot_be_updated_or_deleted() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let detail = serde_json::json!({"fields": ["email"]});
        let mut tx = db.pool().begin().await.expect("begin");
        let id = append_audit_event(
            &mut tx,
            clock.now(),
            &NewAuditEvent {
                detail: Some(&detail),
                ..event(1, 42, "profile.read")
            },
        )
        .await
        .expect("append");
        tx.commit().await.expect("commit");
        let before = audit_events_about_person(&db, 42, None, 10)
            .await
            .expect("list");
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].id, id);
        assert_eq!(before[0].detail, Some(detail));

        let mut attempts: Vec<&'static str> = vec![
            "UPDATE audit_event SET action = 'nothing.happened'",
            "UPDATE audit_event SET actor_user_id = NULL WHERE subject_person_id = 42",
            "DELETE FROM audit_event WHERE subject_person_id = 42",
            "DELETE FROM audit_event",
        ];
        if tdb.backend == Backend::Postgres {
            // Statement-level trigger: refused even when no row matches; TRUNCATE too.
            attempts.push("UPDATE audit_event SET action = 'x' WHERE id = -1");
            attempts.push("TRUNCATE audit_event");
        }
        for sql in attempts {
            // Refused by the append-only trigger, not by anything else.
            let code = match sqlx::query(sql).execute(db.pool()).await {
                Err(sqlx::Error::Database(e)) => e.code().map(|c| c.into_owned()),
                other => panic!(
                    "{:?} accepted or failed oddly: {sql}: {other:?}",
                    tdb.backend
                ),
            };
            let expected = match tdb.backend {
                // SQLITE_CONSTRAINT_TRIGGER, what RAISE(ABORT, ...) reports.
                Backend::Sqlite => "1811",
                // insufficient_privilege, raised by audit_event_append_only().
                Backend::Postgres => "42501",
            };
            assert_eq!(code.as_deref(), Some(expected), "{sql}");
        }
        // Also refused inside a transaction, which then rolls back.
        let mut tx = db.pool().begin().await.expect("begin");
        assert!(sqlx::query("DELETE FROM audit_event")
            .execute(&mut *tx)
            .await
            .is_err());
        drop(tx);

        let after = audit_events_about_person(&db, 42, None, 10)
            .await
            .expect("list");
        assert_eq!(after, before);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn audit_listings_are_newest_first_and_page_without_gaps() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let clock = clock();
        let mut tx = db.pool().begin().await.expect("begin");
        let mut expected = Vec::new();
        for i in 0..7 {
            // Two events share an instant: the id breaks the tie.
            if i != 3 {
                clock.advance(MINUTE);
            }
            let actor = if i % 2 == 0 { 10 } else { 11 };
            let id = append_audit_event(&mut tx, clock.now(), &event(actor, 42, "profile.read"))
                .await
                .expect("append");
            expected.push(id);
        }
        // Someone else's data, same instant: never listed for person 42.
        append_audit_event(&mut tx, clock.now(), &event(10, 43, "profile.read"))
            .await
            .expect("append");
        tx.commit().await.expect("commit");
        expected.reverse();

        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = audit_events_about_person(&db, 42, after, 3)
                .await
                .expect("page");
            assert!(page.len() <= 3);
            let Some(last) = page.last() else { break };
            after = Some(last.cursor());
            seen.extend(page.iter().map(|e| e.id));
        }
        assert_eq!(seen, expected, "{:?}", tdb.backend);

        let by_actor: Vec<i64> = audit_events_by_actor(&db, 11, None, 10)
            .await
            .expect("by actor")
            .iter()
            .map(|e| e.id)
            .collect();
        let expected_11: Vec<i64> = expected
            .iter()
            .copied()
            .filter(|id| by_actor.contains(id))
            .collect();
        assert_eq!(by_actor.len(), 3);
        assert_eq!(by_actor, expected_11);
        let all_10 = audit_events_by_actor(&db, 10, None, 10)
            .await
            .expect("by actor");
        assert_eq!(all_10.len(), 5);
        assert!(all_10
            .windows(2)
            .all(|w| w[0].cursor().at >= w[1].cursor().at));
        tdb.drop_database().await;
    }
}
