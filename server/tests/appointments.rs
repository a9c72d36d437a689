//! Appointments on both backends: no double booking under concurrency, the citizen's flow through
//! the real HTTP server functions, the `.ics` route, reminders, the operators' agenda and the
//! refusals (others' appointments are NotFound).

mod common;

use app::domain::policy::PersonId;
use app::domain::session_policy::Timestamp;
use app::store::appointments::{self as store, BookOutcome, NewAppointment};
use app::store::Db;
use common::auth::{demo_config, demo_db, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

fn at(s: &str) -> Timestamp {
    Timestamp::parse_iso(s).expect("instant")
}

const NOW: &str = "2026-11-27T08:00:00.000Z";

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0)
}

/// A bare database with one CPI, `people` people with accounts, and one slot of `capacity` seats.
async fn booking_fixture(db: &Db, people: i64, capacity: i64) -> (i64, Vec<(i64, i64)>) {
    sqlx::query(
        "INSERT INTO cpi (code, name, address, comune, phone, email) \
         VALUES ('PG', 'CPI Perugia', 'Via Palermo 86', 'Perugia', '075', 'cpi@example.it')",
    )
    .execute(db.pool())
    .await
    .expect("cpi");
    let slot: i64 = sqlx::query(
        "INSERT INTO appointment_slot (cpi_code, channel, starts_at, ends_at, capacity, created_at) \
         VALUES ('PG', 'in_person', '2026-12-01T08:00:00.000Z', '2026-12-01T08:30:00.000Z', $1, $2) \
         RETURNING id",
    )
    .bind(capacity)
    .bind(NOW)
    .fetch_one(db.pool())
    .await
    .expect("slot")
    .get(0);
    let mut who = Vec::new();
    for n in 0..people {
        let cf = format!("BKGPRS{n:02}A01H501Z");
        let person: i64 = sqlx::query(
            "INSERT INTO person (codice_fiscale, given_name, family_name, sex, birth_date, \
             birth_belfiore) VALUES ($1, 'Test', 'Person', 'M', '1990-01-01', 'H501') RETURNING id",
        )
        .bind(&cf[..16])
        .fetch_one(db.pool())
        .await
        .expect("person")
        .get(0);
        let user: i64 = sqlx::query(
            "INSERT INTO app_user (person_id, display_name, created_at) VALUES ($1, 'T', $2) \
             RETURNING id",
        )
        .bind(person)
        .bind(NOW)
        .fetch_one(db.pool())
        .await
        .expect("user")
        .get(0);
        who.push((person, user));
    }
    (slot, who)
}

/// Each of `people` tries to book the slot at the same moment, in its own transaction.
async fn book_all_at_once(db: &Db, slot: i64, who: &[(i64, i64)]) -> Vec<BookOutcome> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(who.len()));
    let tasks: Vec<_> = who
        .iter()
        .map(|&(person, user)| {
            let db = db.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                let mut tx = db.begin_write().await.expect("tx");
                let outcome = store::book(
                    &mut tx,
                    &NewAppointment {
                        slot_id: slot,
                        person: PersonId(person),
                        booked_by_user_id: user,
                        mandate_id: None,
                        ticket_id: None,
                    },
                    at(NOW),
                )
                .await
                .expect("book");
                tx.commit().await.expect("commit");
                outcome
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("task"));
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_bookings_of_a_one_seat_slot_make_exactly_one_appointment() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let (slot, who) = booking_fixture(&db, 50, 1).await;
        let outcomes = book_all_at_once(&db, slot, &who).await;
        let booked = outcomes
            .iter()
            .filter(|o| matches!(o, BookOutcome::Booked(_)))
            .count();
        let full = outcomes.iter().filter(|o| **o == BookOutcome::Full).count();
        assert_eq!((booked, full), (1, 49), "{:?}", tdb.backend);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM appointment").await, 1);
        assert_eq!(
            count(&db, "SELECT booked FROM appointment_slot").await,
            1,
            "the counter matches the appointments"
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_bookings_of_a_three_seat_slot_make_exactly_three() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let (slot, who) = booking_fixture(&db, 50, 3).await;
        let outcomes = book_all_at_once(&db, slot, &who).await;
        let booked = outcomes
            .iter()
            .filter(|o| matches!(o, BookOutcome::Booked(_)))
            .count();
        assert_eq!(booked, 3, "{:?}", tdb.backend);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM appointment").await, 3);
        db.close().await;
        tdb.drop_database().await;
    }
}

/// The demo world with two weeks of one-seat in-person slots at PG (09:00-10:00 local, Mon-Fri
/// from 30 November), generated by the admin persona through the server function.
async fn world(tdb: &TestDatabase) -> (Db, TestApp) {
    let db = demo_db(tdb).await;
    let app = TestApp::new(&demo_config(ORIGIN), db.clone());
    let mut admin = app.browser();
    admin.login("admin").await;
    let r = admin
        .post(
            "/api/agenda/generate",
            &[
                ("cpi_code", "PG"),
                ("channel", "in_person"),
                ("from", "2026-11-30"),
                ("to", "2026-12-11"),
                ("start", "09:00"),
                ("end", "10:00"),
                ("minutes", "30"),
                ("capacity", "1"),
                ("wd0", "on"),
                ("wd1", "on"),
                ("wd2", "on"),
                ("wd3", "on"),
                ("wd4", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), 20, "10 weekdays x 2 slots");
    (db, app)
}

async fn free_slots(b: &mut Browser) -> Vec<i64> {
    let r = b.post("/api/appointments/mine", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["free"]
        .as_array()
        .expect("free")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect()
}

#[tokio::test]
async fn citizen_books_moves_downloads_and_cancels_an_appointment() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let free = free_slots(&mut citizen).await;
        assert_eq!(free.len(), 20, "{:?}", tdb.backend);
        let first = free[0].to_string();
        let r = citizen
            .post("/api/appointments/book", &[("slot_id", &first)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json().as_i64().expect("appointment id").to_string();
        assert_eq!(
            free_slots(&mut citizen).await.len(),
            19,
            "the seat is taken"
        );
        let again = citizen
            .post("/api/appointments/book", &[("slot_id", &first)])
            .await;
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the person already holds this slot's seat"
        );

        let unread = citizen.post("/api/notifications/unread-count", &[]).await;
        assert_eq!(unread.json(), 1, "the confirmation");

        let second = free_slots(&mut citizen).await[0].to_string();
        let moved = citizen
            .post(
                "/api/appointments/reschedule",
                &[("appointment_id", &id), ("slot_id", &second)],
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        assert_eq!(
            count(
                &db,
                "SELECT CAST(SUM(booked) AS BIGINT) FROM appointment_slot"
            )
            .await,
            1,
            "the old seat was released in the same step"
        );

        let ics = citizen
            .get(&format!("/area-personale/appuntamenti/{id}/ics"))
            .await;
        assert_eq!(ics.status, StatusCode::OK, "{}", ics.body);
        assert!(ics.headers[http::header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/calendar"));
        assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.body.contains("\r\nSEQUENCE:1\r\n"), "{}", ics.body);
        assert!(ics.body.contains("\r\nDTSTART:20261130T083000Z\r\n"));

        let cancelled = citizen
            .post("/api/appointments/cancel", &[("appointment_id", &id)])
            .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        assert_eq!(
            count(
                &db,
                "SELECT CAST(SUM(booked) AS BIGINT) FROM appointment_slot"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_event WHERE action LIKE 'appointment.%'"
            )
            .await,
            3,
            "book, reschedule and cancel are audited"
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn others_appointments_answer_not_found() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut owner = app.browser();
        owner.login("cittadino-1").await;
        let slot = free_slots(&mut owner).await[0].to_string();
        let id = owner
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await
            .json()
            .as_i64()
            .expect("id")
            .to_string();

        let mut other = app.browser();
        other.login("cittadino-2").await;
        let cancel = other
            .post("/api/appointments/cancel", &[("appointment_id", &id)])
            .await;
        assert_eq!(cancel.status, StatusCode::NOT_FOUND, "{:?}", tdb.backend);
        let ics = other
            .get(&format!("/area-personale/appuntamenti/{id}/ics"))
            .await;
        assert_eq!(ics.status, StatusCode::NOT_FOUND);
        // A slot of another CPI cannot be booked.
        let foreign = other
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await;
        assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);

        let mut operator_tr = app.browser();
        operator_tr.login("operatore-tr").await;
        let mark = operator_tr
            .post(
                "/api/agenda/mark",
                &[("appointment_id", &id), ("outcome", "no_show")],
            )
            .await;
        assert_eq!(mark.status, StatusCode::NOT_FOUND);
        let day = operator_tr
            .post("/api/agenda/day", &[("cpi_code", "PG")])
            .await;
        assert_eq!(day.status, StatusCode::NOT_FOUND);

        let anonymous = app
            .browser()
            .get(&format!("/area-personale/appuntamenti/{id}/ics"))
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

        let mut citizen = app.browser();
        citizen.login("cittadino-2").await;
        let generate = citizen.post("/api/agenda/slots", &[]).await;
        assert_eq!(
            generate.status,
            StatusCode::FORBIDDEN,
            "configuration is admins' only"
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn reminder_is_enqueued_once_in_the_24_hours_before() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let slot = free_slots(&mut citizen).await[0].to_string();
        let r = citizen
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let reminders = "SELECT COUNT(*) FROM notification WHERE kind = 'appointment_reminder'";
        // The slot starts 2026-11-30T08:00Z; three days ahead, no reminder yet.
        let mut tx = db.begin_write().await.expect("tx");
        store::enqueue_due_reminders(&mut tx, at(NOW))
            .await
            .expect("reminders");
        tx.commit().await.expect("commit");
        assert_eq!(count(&db, reminders).await, 0, "{:?}", tdb.backend);
        for now in ["2026-11-29T08:00:00.000Z", "2026-11-29T20:00:00.000Z"] {
            let mut tx = db.begin_write().await.expect("tx");
            store::enqueue_due_reminders(&mut tx, at(now))
                .await
                .expect("reminders");
            tx.commit().await.expect("commit");
        }
        assert_eq!(
            count(&db, reminders).await,
            1,
            "once, however often it runs"
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn operator_sees_the_day_and_records_a_no_show_once_it_began() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let slot = free_slots(&mut citizen).await[0].to_string();
        let id = citizen
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await
            .json()
            .as_i64()
            .expect("id")
            .to_string();

        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let day = operator
            .post(
                "/api/agenda/day",
                &[("cpi_code", "PG"), ("day", "2026-11-30")],
            )
            .await;
        assert_eq!(day.status, StatusCode::OK, "{}", day.body);
        let entries = day.json()["entries"].clone();
        assert_eq!(
            entries[0]["person_name"], "Giulia Ferretti",
            "{:?}",
            tdb.backend
        );
        assert_eq!(entries[0]["time"], "09:00");
        let early = operator
            .post(
                "/api/agenda/mark",
                &[("appointment_id", &id), ("outcome", "no_show")],
            )
            .await;
        assert_eq!(
            early.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not begun yet"
        );

        app.clock.set(at("2026-11-30T08:20:00.000Z"));
        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let mark = operator
            .post(
                "/api/agenda/mark",
                &[("appointment_id", &id), ("outcome", "no_show")],
            )
            .await;
        assert_eq!(mark.status, StatusCode::OK, "{}", mark.body);
        let report = operator
            .post(
                "/api/agenda/no-shows",
                &[("from", "2026-11-01"), ("to", "2026-12-31")],
            )
            .await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        let lines = report.json();
        assert_eq!(
            lines.as_array().map(Vec::len),
            Some(1),
            "only the operator's CPI"
        );
        assert_eq!(lines[0]["cpi_code"], "PG");
        assert_eq!(lines[0]["no_show"], 1);
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn intermediary_books_for_a_client_under_a_mandate_and_the_audit_says_so() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut patronato = app.browser();
        patronato.login("patronato").await;
        let clients = patronato.post("/api/mandates/clients", &[]).await;
        let mandate = clients.json()[0]["id"]
            .as_i64()
            .expect("mandate")
            .to_string();
        let acting = patronato
            .post("/api/mandates/act-for", &[("mandate_id", &mandate)])
            .await;
        assert_eq!(acting.status, StatusCode::OK, "{}", acting.body);
        let slot = free_slots(&mut patronato).await[0].to_string();
        let r = patronato
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} ({:?})", r.body, tdb.backend);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_event WHERE action = 'appointment.book' \
                 AND mandate_id IS NOT NULL"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM appointment WHERE mandate_id IS NOT NULL"
            )
            .await,
            1
        );
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn admin_deletes_only_slots_nobody_booked() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let free = free_slots(&mut citizen).await;
        let booked = free[0].to_string();
        citizen
            .post("/api/appointments/book", &[("slot_id", &booked)])
            .await;
        let mut admin = app.browser();
        admin.login("admin").await;
        let refused = admin
            .post("/api/agenda/delete-slot", &[("slot_id", &booked)])
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", tdb.backend);
        let deleted = admin
            .post(
                "/api/agenda/delete-slot",
                &[("slot_id", &free[1].to_string())],
            )
            .await;
        assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM appointment_slot").await,
            19
        );
        let listed = admin.post("/api/agenda/slots", &[("cpi_code", "PG")]).await;
        assert_eq!(listed.json()["slots"].as_array().map(Vec::len), Some(19));
        db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn pages_render_for_their_audiences_without_javascript() {
    for tdb in TestDatabase::all().await {
        let (db, app) = world(&tdb).await;
        let mut citizen = app.browser();
        citizen.login("cittadino-1").await;
        let slot = free_slots(&mut citizen).await[0].to_string();
        let id = citizen
            .post("/api/appointments/book", &[("slot_id", &slot)])
            .await
            .json()
            .as_i64()
            .expect("id");
        let page = citizen.get("/area-personale/appuntamenti").await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", tdb.backend);
        assert!(page.body.contains("action=\"/api/appointments/book\""));
        assert!(page.body.contains("action=\"/api/appointments/cancel\""));
        assert!(page
            .body
            .contains(&format!("/area-personale/appuntamenti/{id}/ics")));
        let moving = citizen
            .get(&format!("/area-personale/appuntamenti?sposta={id}"))
            .await;
        assert!(moving
            .body
            .contains("action=\"/api/appointments/reschedule\""));
        let notices = citizen.get("/area-personale/notifiche").await;
        assert_eq!(notices.status, StatusCode::OK);
        assert!(
            notices
                .body
                .contains("Appuntamento confermato: 30/11/2026 09:00"),
            "the confirmation, translated"
        );
        assert!(notices
            .body
            .contains("action=\"/api/notifications/mark-all-read\""));

        let mut admin = app.browser();
        admin.login("admin").await;
        let agenda = admin.get("/amministrazione/agenda?cpi=PG").await;
        assert_eq!(agenda.status, StatusCode::OK);
        assert!(agenda.body.contains("action=\"/api/agenda/generate\""));
        assert!(agenda.body.contains("action=\"/api/agenda/delete-slot\""));

        let mut operator = app.browser();
        operator.login("operatore-pg").await;
        let day = operator.get("/operatore/agenda?giorno=2026-11-30").await;
        assert_eq!(day.status, StatusCode::OK);
        assert!(day.body.contains("Giulia Ferretti"));

        let anonymous = app.browser().get("/area-personale/appuntamenti").await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        db.close().await;
        tdb.drop_database().await;
    }
}
