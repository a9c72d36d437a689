//! The demo's applicant pipeline: the demo company's first published vacancies get a handful of
//! generated candidates (people of the demo region, some who applied, some sent by the CPI, one
//! still on the CPI's shortlist), so `/impresa/offerte/{id}/candidati` shows a pipeline at once.
//! Candidates proper arrive with the matching issue. Running it again adds nothing to a vacancy
//! that already has applications.

use app::domain::session_policy::Timestamp;
use app::store::applications::generate_applications;
use app::store::Db;
use sqlx::Row;

/// How many of the demo company's published vacancies get candidates.
const VACANCIES: i64 = 3;
/// Candidates per vacancy.
const PER_VACANCY: i64 = 8;

/// Generates the demo company's candidates where none exist yet; returns how many were new.
pub async fn ensure_demo_applications(db: &Db, now: Timestamp) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // The demo company is the one the company-admin persona administers.
    let vacancies: Vec<i64> = sqlx::query(
        "SELECT v.id FROM vacancy v JOIN user_role r ON r.company_id = v.company_id \
         JOIN app_user u ON u.id = r.user_id \
         WHERE u.persona = 'impresa-titolare' AND r.role = 'company_admin' \
         AND r.revoked_at IS NULL AND v.status = 'published' ORDER BY v.id LIMIT $1",
    )
    .bind(VACANCIES)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut created = 0;
    for vacancy in vacancies {
        let existing: i64 = sqlx::query("SELECT COUNT(*) FROM application WHERE vacancy_id = $1")
            .bind(vacancy)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if existing > 0 {
            continue;
        }
        let made = generate_applications(&mut tx, now, vacancy, PER_VACANCY).await?;
        created += made.len() as u64;
    }
    tx.commit().await?;
    Ok(created)
}
