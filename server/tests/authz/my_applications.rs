//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/my_applications.md`
//! (issue 7). Every `{my-applications-fresh-…}` makes a new application of the citizen (to a
//! vacancy they have none for) for its row.

use super::{person_of_user, World};
use app::domain::application::{ApplicationSource, ApplicationStatus};
use app::store::applications::{insert_application, NewApplication};
use app::store::clock::Clock;
use sqlx::Row;

/// A new application of the citizen in `status`, from `source`.
async fn fresh(world: &World, source: ApplicationSource, status: ApplicationStatus) -> i64 {
    let person = person_of_user(&world.db, world.users["citizen"]).await;
    let vacancy: i64 = sqlx::query(
        "SELECT v.id FROM vacancy v WHERE NOT EXISTS (SELECT 1 FROM application a \
         WHERE a.vacancy_id = v.id AND a.person_id = $1) ORDER BY v.id DESC LIMIT 1",
    )
    .bind(person.0)
    .fetch_one(world.db.pool())
    .await
    .expect("a vacancy the citizen has not applied to")
    .try_get(0)
    .expect("id");
    let mut tx = world.db.begin_write().await.expect("begin");
    let id = insert_application(
        &mut tx,
        world.clock.now(),
        &NewApplication {
            vacancy_id: vacancy,
            person_id: person,
            source,
            status,
            actor_user_id: None,
        },
    )
    .await
    .expect("insert")
    .expect("new application");
    tx.commit().await.expect("commit");
    id
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    use ApplicationSource as Src;
    use ApplicationStatus as S;
    let name = name.strip_prefix("my-applications-")?;
    let value = match name {
        // A published vacancy open to public applications.
        "vacancy" => sqlx::query(
            "SELECT id FROM vacancy WHERE status = 'published' \
             AND candidate_channel <> 'preselection' AND expires_on >= $1 ORDER BY id LIMIT 1",
        )
        .bind(world.clock.now().to_iso()[..10].to_string())
        .fetch_one(world.db.pool())
        .await
        .expect("a published vacancy open to applications")
        .try_get::<i64, _>(0)
        .expect("id"),
        "fresh-applied" => fresh(world, Src::Applied, S::Applied).await,
        "fresh-withdrawn" => fresh(world, Src::Applied, S::Withdrawn).await,
        "fresh-proposal" => fresh(world, Src::Cpi, S::Shortlisted).await,
        _ => return None,
    };
    Some(value.to_string())
}
