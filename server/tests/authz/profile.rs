//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/profile.md` (issue 7).
//! Placeholders of this feature are named `{profile-…}`. `{profile-fresh-…}` and
//! `{profile-other-…}` make a new entry for their row, so a row that removes one changes nothing
//! another row relies on.

use super::World;
use sqlx::Row;

/// The person of a persona actor.
async fn person(world: &World, actor: &str) -> i64 {
    let user = *world.users.get(actor).expect("actor");
    sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(user)
        .fetch_one(world.db.pool())
        .await
        .expect("user")
        .try_get(0)
        .expect("person")
}

/// A new education entry of `actor`'s person.
async fn education(world: &World, actor: &str) -> i64 {
    let person = person(world, actor).await;
    let mut tx = world.db.begin_write().await.expect("begin");
    sqlx::query("INSERT INTO profile_education (person_id, eqf, title, year) VALUES ($1, 4, 'Diploma', 2010)")
        .bind(person)
        .execute(&mut *tx)
        .await
        .expect("education");
    let id: i64 = sqlx::query("SELECT MAX(id) FROM profile_education WHERE person_id = $1")
        .bind(person)
        .fetch_one(&mut *tx)
        .await
        .expect("id")
        .try_get(0)
        .expect("id");
    tx.commit().await.expect("commit");
    id
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let name = name.strip_prefix("profile-")?;
    Some(match name {
        "citizen" => person(world, "citizen").await.to_string(),
        "skill" => sqlx::query("SELECT uri FROM skill ORDER BY uri LIMIT 1")
            .fetch_one(world.db.pool())
            .await
            .expect("a skill in the reference data")
            .try_get::<String, _>(0)
            .expect("uri"),
        "fresh-education" => education(world, "citizen").await.to_string(),
        "other-education" => education(world, "other-citizen").await.to_string(),
        _ => return None,
    })
}
