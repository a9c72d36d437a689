//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/applicants.md`.
//! Every `{applicants-fresh-…}` makes a new application for its row, so a row that moves one
//! changes nothing another row relies on.

use super::World;
use app::domain::application::{ApplicationSource, ApplicationStatus};
use app::domain::policy::PersonId;
use app::store::applications::{insert_application, NewApplication};
use app::store::clock::Clock;
use sqlx::Row;

/// The first published vacancy of `company` (or with `mine` false, of any other company).
async fn vacancy_of(world: &World, company: i64, mine: bool) -> i64 {
    let sql = if mine {
        "SELECT id FROM vacancy WHERE company_id = $1 AND status = 'published' ORDER BY id LIMIT 1"
    } else {
        "SELECT id FROM vacancy WHERE company_id <> $1 AND status = 'published' ORDER BY id LIMIT 1"
    };
    sqlx::query(sql)
        .bind(company)
        .fetch_one(world.db.pool())
        .await
        .expect("a published vacancy of the company")
        .try_get(0)
        .expect("id")
}

/// A person with no application for `vacancy` yet.
async fn free_person(world: &World, vacancy: i64) -> i64 {
    sqlx::query(
        "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM application a \
         WHERE a.vacancy_id = $1 AND a.person_id = p.id) ORDER BY p.id LIMIT 1",
    )
    .bind(vacancy)
    .fetch_one(world.db.pool())
    .await
    .expect("a person without an application")
    .try_get(0)
    .expect("id")
}

/// A new application of a free person to `vacancy`; returns (application, person).
async fn fresh(
    world: &World,
    vacancy: i64,
    source: ApplicationSource,
    status: ApplicationStatus,
) -> (i64, i64) {
    let person = free_person(world, vacancy).await;
    let mut tx = world.db.begin_write().await.expect("begin");
    let id = insert_application(
        &mut tx,
        world.clock.now(),
        &NewApplication {
            vacancy_id: vacancy,
            person_id: PersonId(person),
            source,
            status,
            actor_user_id: None,
        },
    )
    .await
    .expect("insert")
    .expect("new application");
    tx.commit().await.expect("commit");
    (id, person)
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    use ApplicationSource as Src;
    use ApplicationStatus as S;
    let name = name.strip_prefix("applicants-")?;
    let company = world.companies.company;
    let value = match name {
        "vacancy" => vacancy_of(world, company, true).await,
        "other-vacancy" => vacancy_of(world, company, false).await,
        "free-person" => free_person(world, vacancy_of(world, company, true).await).await,
        "fresh-applied" => {
            fresh(
                world,
                vacancy_of(world, company, true).await,
                Src::Applied,
                S::Applied,
            )
            .await
            .0
        }
        "fresh-shortlisted" => {
            fresh(
                world,
                vacancy_of(world, company, true).await,
                Src::Cpi,
                S::Shortlisted,
            )
            .await
            .0
        }
        "applied-person" => {
            fresh(
                world,
                vacancy_of(world, company, true).await,
                Src::Applied,
                S::Applied,
            )
            .await
            .1
        }
        "other-applied" => {
            fresh(
                world,
                vacancy_of(world, company, false).await,
                Src::Applied,
                S::Applied,
            )
            .await
            .0
        }
        _ => return None,
    };
    Some(value.to_string())
}
