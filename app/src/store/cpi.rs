use super::Db;
use crate::domain::cpi::CpiOffice;
use sqlx::Row;

pub async fn all_cpis(db: &Db) -> Result<Vec<CpiOffice>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT code, name, address, comune, phone, email FROM cpi ORDER BY name")
            .fetch_all(db.pool())
            .await?;
    rows.into_iter()
        .map(|r| {
            Ok(CpiOffice {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                address: r.try_get("address")?,
                comune: r.try_get("comune")?,
                phone: r.try_get("phone")?,
                email: r.try_get("email")?,
            })
        })
        .collect()
}

/// Inserts the office, or leaves an existing one with the same code untouched. Returns true if inserted.
pub async fn insert_cpi_if_absent(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    cpi: &CpiOffice,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO cpi (code, name, address, comune, phone, email) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(&cpi.code)
    .bind(&cpi.name)
    .bind(&cpi.address)
    .bind(&cpi.comune)
    .bind(&cpi.phone)
    .bind(&cpi.email)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
