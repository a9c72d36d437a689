//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/vacancies.md`.
//! Every vacancy placeholder makes a new vacancy for its row, so a row that fills or withdraws one
//! changes nothing another row relies on.

use super::World;
use sqlx::Row;

/// A new vacancy of `company` in `status` (`closed` ones as withdrawn); returns its id.
async fn fresh_vacancy(world: &World, company: i64, status: &str) -> i64 {
    let closed_reason = (status == "closed").then_some("withdrawn");
    sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, closed_reason) \
         VALUES ($1, $2, 'Cuoco (matrice)', 'Cucina tradizionale', 'cuoco', '5120', 1, '054039', \
         'onsite', 'tempo_determinato', 'full_time', 1500, 1800, 'month', '2026-12-01', \
         '2027-01-31', $3) RETURNING id",
    )
    .bind(company)
    .bind(status.to_string())
    .bind(closed_reason)
    .fetch_one(world.db.pool())
    .await
    .expect("a fresh vacancy")
    .try_get(0)
    .expect("id")
}

/// A column of the company row, for a profile update that changes nothing it need not.
async fn company_column(world: &World, column: &str) -> String {
    let sql = match column {
        "ateco" => "SELECT ateco_code FROM company WHERE id = $1",
        _ => "SELECT seat_istat FROM company WHERE id = $1",
    };
    sqlx::query(sql)
        .bind(world.companies.company)
        .fetch_one(world.db.pool())
        .await
        .expect("company")
        .try_get(0)
        .expect("value")
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let company = world.companies.company;
    let value = match name {
        "vacancies-published" => fresh_vacancy(world, company, "published").await.to_string(),
        "vacancies-closed" => fresh_vacancy(world, company, "closed").await.to_string(),
        "vacancies-other" => fresh_vacancy(world, world.companies.other_company, "published")
            .await
            .to_string(),
        "vacancies-ateco" => company_column(world, "ateco").await,
        "vacancies-seat" => company_column(world, "seat").await,
        _ => return None,
    };
    Some(value)
}
