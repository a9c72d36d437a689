//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/matching.md` (issue 7).
//! Placeholders of this feature are named `{matching-…}`.

use super::World;
use sqlx::Row;

/// The first published vacancy of the demo company.
async fn vacancy(world: &World) -> i64 {
    sqlx::query(
        "SELECT id FROM vacancy WHERE company_id = $1 AND status = 'published' ORDER BY id LIMIT 1",
    )
    .bind(world.companies.company)
    .fetch_one(world.db.pool())
    .await
    .expect("a published vacancy of the company")
    .try_get(0)
    .expect("id")
}

/// A copy of [`vacancy`] open to public applications only.
async fn public_vacancy(world: &World) -> i64 {
    let id = vacancy(world).await;
    sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, lat, lon, cpi_code, published_at, \
         candidate_channel, created_at) \
         SELECT company_id, status, title, description, occupation_id, isco_code, positions, \
         work_istat, work_mode, contract_code, working_time_code, salary_min, salary_max, \
         salary_period, start_date, expires_on, lat, lon, cpi_code, published_at, 'public', \
         created_at FROM vacancy WHERE id = $1 RETURNING id",
    )
    .bind(id)
    .fetch_one(world.db.pool())
    .await
    .expect("a public-only vacancy")
    .try_get(0)
    .expect("id")
}

/// A person with a profile and no application for [`vacancy`].
async fn free_person(world: &World) -> i64 {
    let vacancy = vacancy(world).await;
    sqlx::query(
        "SELECT p.id FROM person p JOIN profile f ON f.person_id = p.id \
         WHERE p.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM application a \
         WHERE a.vacancy_id = $1 AND a.person_id = p.id) ORDER BY p.id LIMIT 1",
    )
    .bind(vacancy)
    .fetch_one(world.db.pool())
    .await
    .expect("a person without an application")
    .try_get(0)
    .expect("id")
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let value = match name.strip_prefix("matching-")? {
        "vacancy" => vacancy(world).await,
        "public-vacancy" => public_vacancy(world).await,
        "free-person" => free_person(world).await,
        _ => return None,
    };
    Some(value.to_string())
}
