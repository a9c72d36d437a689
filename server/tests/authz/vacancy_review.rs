//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/vacancy_review.md`.
//! Every `{review-…}` vacancy is made for its row, so a row that moves one changes nothing another
//! row relies on.

use super::World;
use app::store::clock::Clock;
use sqlx::Row;

/// A new vacancy of `company` in `status`, reviewed by the CPI of its seat (with a wizard draft,
/// like a submitted one); `expires_on` is its last day.
async fn fresh_vacancy(world: &World, company: i64, status: &str, expires_on: &str) -> i64 {
    let now = world.clock.now().to_iso();
    let mut tx = world.db.begin_write().await.expect("begin");
    let cpi: String = sqlx::query(
        "SELECT m.cpi_code FROM company c JOIN comune m ON m.istat_code = c.seat_istat \
         WHERE c.id = $1",
    )
    .bind(company)
    .fetch_one(&mut *tx)
    .await
    .expect("seat cpi")
    .try_get(0)
    .expect("cpi");
    let id: i64 = sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, cpi_code, submitted_at, created_at, \
         published_at) VALUES ($1, $2, 'Cuoco (matrice)', 'Cucina del ristorante.', 'cuoco', \
         '5120', 1, '054039', 'onsite', 'TEMPO-DETERMINATO', 'FULL-TIME', 1600, 1900, 'month', \
         '2027-01-10', $3, $4, $5, $5, $5) RETURNING id",
    )
    .bind(company)
    .bind(status)
    .bind(expires_on)
    .bind(cpi)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .expect("vacancy")
    .try_get(0)
    .expect("id");
    sqlx::query(
        "INSERT INTO vacancy_draft (company_id, created_by_user_id, updated_by_user_id, \
         idempotency_key, completed_steps, version, vacancy_id, created_at, updated_at, \
         submitted_at) VALUES ($1, $2, $2, $3, 'ruolo,luogo,requisiti,candidature', 4, $4, $5, \
         $5, $5)",
    )
    .bind(company)
    .bind(world.users["company-admin"])
    .bind(format!("matrix-{}", uuid::Uuid::new_v4().simple()))
    .bind(id)
    .bind(&now)
    .execute(&mut *tx)
    .await
    .expect("draft");
    tx.commit().await.expect("commit");
    id
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let name = name.strip_prefix("review-")?;
    let company = world.companies.company;
    let other = world.companies.other_company;
    let value = match name {
        "submitted" => fresh_vacancy(world, company, "submitted", "2027-06-30").await,
        "in-review" => fresh_vacancy(world, company, "in_review", "2027-06-30").await,
        "published" => fresh_vacancy(world, company, "published", "2027-06-30").await,
        "expired" => fresh_vacancy(world, company, "published", "2026-01-31").await,
        "other-submitted" => fresh_vacancy(world, other, "submitted", "2027-06-30").await,
        _ => return None,
    };
    Some(value.to_string())
}
