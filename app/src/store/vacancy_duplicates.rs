//! Open vacancies of a company that look like a new one. The company's open rows are read by the
//! `vacancy_company (company_id, status)` index, four short columns each, and scored in memory by
//! `domain::vacancy_similarity`: a SQL `LIKE` could not fold gender endings or typos, and even
//! 10,000 open vacancies of one company are a few hundred kilobytes.

use crate::domain::vacancy::VacancyState;
use crate::domain::vacancy_similarity::{Probe, DUPLICATE_THRESHOLD, MAX_DUPLICATES};
use sqlx::{AnyConnection, Row};

/// An open vacancy that may be the same as the new one.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateHit {
    pub vacancy_id: i64,
    pub title: String,
    pub protocol: Option<String>,
    pub status: VacancyState,
    pub score: f32,
}

/// The company's open vacancies (`VacancyState::is_open`) that score as duplicates of a vacancy
/// with this title, occupation and work comune, best first, at most
/// [`MAX_DUPLICATES`]. `exclude_vacancy_id`: the vacancy being edited itself.
pub async fn possible_duplicates(
    conn: &mut AnyConnection,
    company_id: i64,
    title: &str,
    occupation_id: &str,
    work_istat: Option<&str>,
    exclude_vacancy_id: Option<i64>,
) -> Result<Vec<DuplicateHit>, sqlx::Error> {
    let open: Vec<&str> = VacancyState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(VacancyState::code)
        .collect();
    let [first, second, third] = open[..] else {
        return Err(sqlx::Error::Protocol(
            "the open vacancy states changed: update possible_duplicates".into(),
        ));
    };
    let rows = sqlx::query(
        "SELECT id, title, occupation_id, work_istat, protocol, status FROM vacancy \
         WHERE company_id = $1 AND status IN ($2, $3, $4) AND id <> $5",
    )
    .bind(company_id)
    .bind(first)
    .bind(second)
    .bind(third)
    .bind(exclude_vacancy_id.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let probe = Probe::new(title, occupation_id, work_istat);
    let mut scored = Vec::new();
    for row in &rows {
        let row_title: String = row.try_get("title")?;
        let occupation: String = row.try_get("occupation_id")?;
        let istat: Option<String> = row.try_get("work_istat")?;
        let score = probe.score(&row_title, &occupation, istat.as_deref());
        if score < DUPLICATE_THRESHOLD {
            continue;
        }
        let status: String = row.try_get("status")?;
        scored.push(DuplicateHit {
            vacancy_id: row.try_get("id")?,
            title: row_title,
            protocol: row.try_get("protocol")?,
            status: VacancyState::parse(&status)
                .ok_or_else(|| sqlx::Error::Protocol(format!("vacancy status {status:?}")))?,
            score,
        });
    }
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.vacancy_id.cmp(&a.vacancy_id))
    });
    scored.truncate(MAX_DUPLICATES);
    Ok(scored)
}
