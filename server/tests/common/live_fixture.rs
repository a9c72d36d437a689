//! Tickets for the live-update tests (`live.rs`, `live_two_processes.rs`), written straight into the
//! table so those tests depend only on the schema, not on the counter's API.

use app::store::Db;
use sqlx::Row;

/// An open ticket of `persona` (a citizen persona) at `cpi`; its id.
pub async fn insert_ticket(db: &Db, persona: &str, cpi: &str) -> i64 {
    let row = sqlx::query("SELECT id, person_id FROM app_user WHERE persona = $1")
        .bind(persona)
        .fetch_one(db.pool())
        .await
        .expect("persona");
    let user: i64 = row.get("id");
    let person: i64 = row.get("person_id");
    let key = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query(
        "INSERT INTO ticket (number, cpi_code, service, requester_person_id, \
         submitted_by_user_id, idempotency_key, answers, state, submitted_at, updated_at) \
         VALUES ($1, $2, 'did', $3, $4, $5, '{}', 'open', $6, $6) RETURNING id",
    )
    .bind(format!("{cpi}-2026-{}", &key[..8]))
    .bind(cpi)
    .bind(person)
    .bind(user)
    .bind(&key)
    .bind(super::common::auth::START)
    .fetch_one(db.pool())
    .await
    .expect("insert ticket")
    .get::<i64, _>(0)
}
