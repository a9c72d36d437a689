//! A company's vacancies: the dashboard's page of rows with its filters and counts (one vacancy's
//! facts are read by `store::vacancy_facts`), the wizard drafts still open, and the company profile. Who may see or change
//! any of it is decided in `api::vacancies` by `domain::policy`; this module reads and writes rows.

use crate::domain::vacancy::{ClosedReason, VacancyState};
use crate::domain::vacancy_form::VacancyStep;
use crate::store::vacancy_facts::{closed_reason_of, state_of};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Rows per page of the dashboard.
pub const PAGE_SIZE: i64 = 25;
/// Longest title search accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Most ATECO activities a search returns.
pub const ATECO_SEARCH_LIMIT: i64 = 50;

/// What the dashboard shows: every filter is optional, `before_id` pages (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacancyFilter {
    /// Words of the title (case-insensitive substring).
    pub query: Option<String>,
    pub status: Option<VacancyState>,
    pub occupation_id: Option<String>,
    pub work_istat: Option<String>,
    /// Only vacancies with a smaller id (the last row of the previous page).
    pub before_id: Option<i64>,
}

/// A value bound to the dashboard's query, in the order of its placeholders.
enum Bind {
    Text(String),
    Int(i64),
}

/// `LIKE` pattern for a substring, with `%`, `_` and the escape character taken literally.
fn contains_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The `WHERE` clause of a filter and its values; `$1` is the company.
fn filter_clause(company_id: i64, filter: &VacancyFilter, keyset: bool) -> (String, Vec<Bind>) {
    let mut sql = String::from("v.company_id = $1");
    let mut binds = vec![Bind::Int(company_id)];
    let add = |clause: &str, bind: Bind, binds: &mut Vec<Bind>, sql: &mut String| {
        binds.push(bind);
        sql.push_str(" AND ");
        sql.push_str(&clause.replace("{}", &format!("${}", binds.len())));
    };
    if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
        add(
            "LOWER(v.title) LIKE {} ESCAPE '\\'",
            Bind::Text(contains_pattern(q)),
            &mut binds,
            &mut sql,
        );
    }
    if let Some(status) = filter.status {
        add(
            "v.status = {}",
            Bind::Text(status.code().into()),
            &mut binds,
            &mut sql,
        );
    }
    if let Some(occupation) = &filter.occupation_id {
        add(
            "v.occupation_id = {}",
            Bind::Text(occupation.clone()),
            &mut binds,
            &mut sql,
        );
    }
    if let Some(istat) = &filter.work_istat {
        add(
            "v.work_istat = {}",
            Bind::Text(istat.clone()),
            &mut binds,
            &mut sql,
        );
    }
    if keyset {
        if let Some(before) = filter.before_id {
            add("v.id < {}", Bind::Int(before), &mut binds, &mut sql);
        }
    }
    (sql, binds)
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: Vec<Bind>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for bind in binds {
        query = match bind {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
        };
    }
    query
}

/// One row of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyListRow {
    pub id: i64,
    pub title: String,
    pub protocol: Option<String>,
    pub status: VacancyState,
    pub closed_reason: Option<ClosedReason>,
    pub comune: Option<String>,
    pub published_at: Option<String>,
    pub expires_on: String,
    pub created_at: String,
    pub applicants: i64,
    pub new_applicants: i64,
}

/// One page of the company's vacancies matching `filter`, newest first; `limit` rows at most.
pub async fn company_vacancies(
    conn: &mut AnyConnection,
    company_id: i64,
    filter: &VacancyFilter,
    limit: i64,
) -> Result<Vec<VacancyListRow>, sqlx::Error> {
    let (clause, mut binds) = filter_clause(company_id, filter, true);
    binds.push(Bind::Int(limit));
    let sql = format!(
        "SELECT v.id, v.title, v.protocol, v.status, v.closed_reason, m.name AS comune, \
         v.published_at, v.expires_on, v.created_at, \
         (SELECT COUNT(*) FROM application a WHERE a.vacancy_id = v.id) AS applicants, \
         (SELECT COUNT(*) FROM application a WHERE a.vacancy_id = v.id AND a.status = 'applied') \
         AS new_applicants \
         FROM vacancy v LEFT JOIN comune m ON m.istat_code = v.work_istat \
         WHERE {clause} ORDER BY v.id DESC LIMIT ${}",
        binds.len()
    );
    let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(VacancyListRow {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                protocol: r.try_get("protocol")?,
                status: state_of(r)?,
                closed_reason: closed_reason_of(r)?,
                comune: r.try_get("comune")?,
                published_at: r.try_get("published_at")?,
                expires_on: r.try_get("expires_on")?,
                created_at: r.try_get("created_at")?,
                applicants: r.try_get("applicants")?,
                new_applicants: r.try_get("new_applicants")?,
            })
        })
        .collect()
}

/// How many of the company's vacancies match `filter` (its page ignored).
pub async fn count_company_vacancies(
    conn: &mut AnyConnection,
    company_id: i64,
    filter: &VacancyFilter,
) -> Result<i64, sqlx::Error> {
    let (clause, binds) = filter_clause(company_id, filter, false);
    let sql = format!("SELECT COUNT(*) AS n FROM vacancy v WHERE {clause}");
    bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

/// The company's vacancies per state (states without any are left out).
pub async fn status_counts(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Vec<(VacancyState, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT status, COUNT(*) AS n FROM vacancy WHERE company_id = $1 GROUP BY status",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = rows
        .iter()
        .map(|r| Ok((state_of(r)?, r.try_get("n")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    counts.sort_by_key(|(state, _)| VacancyState::ALL.iter().position(|s| s == state));
    Ok(counts)
}

/// An occupation the company's vacancies use: (id, Italian label, English label).
pub type OccupationOption = (String, String, String);

/// The occupations and work comuni of the company's vacancies, for the dashboard's filters.
pub async fn filter_options(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<(Vec<OccupationOption>, Vec<(String, String)>), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT v.occupation_id, o.label_it, o.label_en FROM vacancy v \
         LEFT JOIN occupation o ON o.id = v.occupation_id WHERE v.company_id = $1",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut occupations = rows
        .iter()
        .map(|r| {
            let id: String = r.try_get("occupation_id")?;
            let it: Option<String> = r.try_get("label_it")?;
            let en: Option<String> = r.try_get("label_en")?;
            Ok((
                id.clone(),
                it.unwrap_or_else(|| id.clone()),
                en.unwrap_or(id),
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    occupations.sort_by(|a, b| a.1.cmp(&b.1));
    let rows = sqlx::query(
        "SELECT DISTINCT m.istat_code, m.name FROM vacancy v \
         JOIN comune m ON m.istat_code = v.work_istat WHERE v.company_id = $1",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut comuni = rows
        .iter()
        .map(|r| Ok((r.try_get("istat_code")?, r.try_get("name")?)))
        .collect::<Result<Vec<(String, String)>, sqlx::Error>>()?;
    comuni.sort_by(|a, b| a.1.cmp(&b.1));
    Ok((occupations, comuni))
}

/// A wizard draft not submitted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDraft {
    pub id: i64,
    /// The job title typed in the first step, if any.
    pub title: Option<String>,
    pub updated_at: String,
    /// Where to go on: the reopened step, else the first step not completed; `None` = all done.
    pub next_step: Option<VacancyStep>,
    /// The vacancy it was reopened for (changes requested).
    pub vacancy_id: Option<i64>,
}

/// The step to go on with: the one the operator reopened, else the first not completed.
fn next_step_of(completed: &str, reopened: Option<&str>) -> Option<VacancyStep> {
    if let Some(step) = reopened.and_then(VacancyStep::parse) {
        return Some(step);
    }
    let done: Vec<VacancyStep> = completed
        .split(',')
        .filter_map(VacancyStep::parse)
        .collect();
    VacancyStep::ALL.into_iter().find(|s| !done.contains(s))
}

/// The job title in a draft's answers (`{"ruolo": {"job_title": …}}`).
fn draft_title(answers: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(answers).ok()?;
    value
        .get(VacancyStep::Role.code())?
        .get("job_title")?
        .as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn open_draft_of(row: &AnyRow) -> Result<OpenDraft, sqlx::Error> {
    let answers: String = row.try_get("answers")?;
    let completed: String = row.try_get("completed_steps")?;
    let reopened: Option<String> = row.try_get("reopened_step")?;
    Ok(OpenDraft {
        id: row.try_get("id")?,
        title: draft_title(&answers),
        updated_at: row.try_get("updated_at")?,
        next_step: next_step_of(&completed, reopened.as_deref()),
        vacancy_id: row.try_get("vacancy_id")?,
    })
}

/// The company's drafts not submitted (a reopened one only while its vacancy is still a draft),
/// last edited first.
pub async fn open_drafts(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Vec<OpenDraft>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.id, d.answers, d.completed_steps, d.reopened_step, d.updated_at, d.vacancy_id \
         FROM vacancy_draft d LEFT JOIN vacancy v ON v.id = d.vacancy_id \
         WHERE d.company_id = $1 AND d.submitted_at IS NULL \
         AND (d.vacancy_id IS NULL OR v.status = 'draft') \
         ORDER BY d.updated_at DESC, d.id DESC",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(open_draft_of).collect()
}

/// The reopened draft of a vacancy sent back for changes, if it is open.
pub async fn reopened_draft_of(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Option<OpenDraft>, sqlx::Error> {
    sqlx::query(
        "SELECT id, answers, completed_steps, reopened_step, updated_at, vacancy_id \
         FROM vacancy_draft WHERE vacancy_id = $1 AND submitted_at IS NULL",
    )
    .bind(vacancy_id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(open_draft_of)
    .transpose()
}

/// Applications to a vacancy: all of them, and the new ones (status `applied`, not looked at yet).
pub async fn applicant_counts(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS total, \
         COALESCE(SUM(CASE WHEN status = 'applied' THEN 1 ELSE 0 END), 0) AS fresh \
         FROM application WHERE vacancy_id = $1",
    )
    .bind(vacancy_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("total")?, row.try_get("fresh")?))
}

/// The company profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyProfileRecord {
    pub id: i64,
    pub name: String,
    pub partita_iva: String,
    pub ateco_code: String,
    pub ateco_title: Option<String>,
    pub seat_istat: String,
    pub seat_name: Option<String>,
    pub seat_cpi: Option<String>,
    pub size_band: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

pub async fn company_profile(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Option<CompanyProfileRecord>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.id, c.name, c.partita_iva, c.ateco_code, a.title_it, c.seat_istat, \
         m.name AS seat_name, m.cpi_code, c.size_band, c.email, c.phone FROM company c \
         LEFT JOIN ateco a ON a.code = c.ateco_code \
         LEFT JOIN comune m ON m.istat_code = c.seat_istat WHERE c.id = $1",
    )
    .bind(company_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(CompanyProfileRecord {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            partita_iva: r.try_get("partita_iva")?,
            ateco_code: r.try_get("ateco_code")?,
            ateco_title: r.try_get("title_it")?,
            seat_istat: r.try_get("seat_istat")?,
            seat_name: r.try_get("seat_name")?,
            seat_cpi: r.try_get("cpi_code")?,
            size_band: r.try_get("size_band")?,
            email: r.try_get("email")?,
            phone: r.try_get("phone")?,
        })
    })
    .transpose()
}

/// What an administrator may change in the profile (name and partita IVA identify the company).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChange<'a> {
    pub ateco_code: &'a str,
    pub seat_istat: &'a str,
    pub size_band: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// Writes the profile; false if there is no such company.
pub async fn update_company_profile(
    conn: &mut AnyConnection,
    company_id: i64,
    change: &ProfileChange<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE company SET ateco_code = $1, seat_istat = $2, size_band = $3, email = $4, \
         phone = $5 WHERE id = $6",
    )
    .bind(change.ateco_code)
    .bind(change.seat_istat)
    .bind(change.size_band)
    .bind(change.email)
    .bind(change.phone)
    .bind(company_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The ATECO activity's Italian title, if the code exists.
pub async fn ateco_title(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT title_it FROM ateco WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("title_it"))
        .transpose()
}

/// ATECO activities whose code starts with, or whose title contains, `q`: (code, title), by code.
pub async fn search_ateco(
    conn: &mut AnyConnection,
    q: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let text = q.trim();
    let mut prefix: String = text
        .chars()
        .map(|c| {
            if matches!(c, '%' | '_' | '\\') {
                ' '
            } else {
                c
            }
        })
        .collect();
    prefix.push('%');
    let rows = sqlx::query(
        "SELECT code, title_it FROM ateco \
         WHERE code LIKE $1 OR LOWER(title_it) LIKE $2 ESCAPE '\\' \
         ORDER BY code LIMIT $3",
    )
    .bind(prefix)
    .bind(contains_pattern(text))
    .bind(ATECO_SEARCH_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("code")?, r.try_get("title_it")?)))
        .collect()
}

/// The comuni of the region the CPIs serve: (ISTAT code, name), by name.
pub async fn region_comuni(conn: &mut AnyConnection) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT istat_code, name FROM comune WHERE cpi_code IS NOT NULL ORDER BY name_search",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("istat_code")?, r.try_get("name")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern(" Cuoco "), "%cuoco%");
        assert_eq!(contains_pattern("100%_x\\"), "%100\\%\\_x\\\\%");
    }

    #[test]
    fn filters_number_their_placeholders_in_order() {
        let filter = VacancyFilter {
            query: Some("cuoco".into()),
            status: Some(VacancyState::Published),
            occupation_id: None,
            work_istat: Some("054039".into()),
            before_id: Some(10),
        };
        let (sql, binds) = filter_clause(7, &filter, true);
        assert_eq!(
            sql,
            "v.company_id = $1 AND LOWER(v.title) LIKE $2 ESCAPE '\\' AND v.status = $3 \
             AND v.work_istat = $4 AND v.id < $5"
        );
        assert_eq!(binds.len(), 5);
        let (sql, _) = filter_clause(7, &filter, false);
        assert!(!sql.contains("v.id <"), "{sql}");
    }

    #[test]
    fn drafts_go_on_at_the_reopened_or_first_unfinished_step() {
        assert_eq!(next_step_of("", None), Some(VacancyStep::Role));
        assert_eq!(
            next_step_of("ruolo,luogo", None),
            Some(VacancyStep::Requirements)
        );
        assert_eq!(
            next_step_of("ruolo,luogo,requisiti,candidature", None),
            None
        );
        assert_eq!(
            next_step_of("ruolo,luogo,requisiti,candidature", Some("luogo")),
            Some(VacancyStep::Place)
        );
        assert_eq!(
            draft_title(r#"{"ruolo":{"job_title":" Cuoco "}}"#),
            Some("Cuoco".into())
        );
        assert_eq!(draft_title("{}"), None);
    }
}
