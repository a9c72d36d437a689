//! Published vacancies for the public job pages (issue 6): the region's comuni for the filter and
//! whether a vacancy is public. The search itself lives in [`super::job_search`] (issue 7). A
//! vacancy is public while `status = 'published'` and its last day (`expires_on`) is today or later.

use sqlx::{AnyConnection, Row};

/// How many results a page shows.
pub const PAGE_SIZE: usize = 20;

pub use super::job_search::{search_jobs, JobHit, SearchCursor, SearchPage, SearchQuery, Sort};

/// The comuni of the region (those a CPI serves), for the search's filter: (ISTAT code, name).
pub async fn region_comuni(conn: &mut AnyConnection) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT istat_code, name FROM comune WHERE cpi_code IS NOT NULL ORDER BY name")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("istat_code")?, r.try_get("name")?)))
        .collect()
}

/// Whether vacancy `id` is public on `today` (published and not past its last day).
pub async fn is_public(
    conn: &mut AnyConnection,
    id: i64,
    today: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM vacancy WHERE id = $1 AND status = 'published' AND expires_on >= $2",
    )
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await?
    .is_some())
}
