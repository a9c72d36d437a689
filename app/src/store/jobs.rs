//! Published vacancies for the public job pages (issue 6): search with filters and keyset
//! pagination, and one vacancy's public facts. A vacancy is public while `status = 'published'`
//! and its last day (`expires_on`) is today or later; the company's name only when not anonymous.

use sqlx::{AnyConnection, Row};

/// How many results a page shows.
pub const PAGE_SIZE: usize = 20;

/// The search's filters (already parsed by the caller).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Lower-case words searched in the title and description.
    pub text: Option<String>,
    pub comune: Option<String>,
    pub contract: Option<String>,
    pub working_time: Option<String>,
    pub work_mode: Option<String>,
    pub reserved_l68: bool,
}

/// Where a page starts: after the row (published_at, id), newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub published_at: String,
    pub id: i64,
}

impl Cursor {
    /// The form in URLs: `2026-11-27T08:00:00.000Z_42`.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.published_at, self.id)
    }

    pub fn parse(text: &str) -> Option<Cursor> {
        let (at, id) = text.rsplit_once('_')?;
        let id = id.parse().ok()?;
        // An instant as we store them: digits, dashes, colons, a dot, T and Z only.
        let sane = !at.is_empty()
            && at.len() <= 30
            && at
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | 'T' | 'Z'));
        sane.then(|| Cursor {
            published_at: at.to_string(),
            id,
        })
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub id: i64,
    pub title: String,
    /// `None` when the company posts anonymously.
    pub company_name: Option<String>,
    pub comune: Option<String>,
    pub work_mode: String,
    pub contract_code: String,
    pub working_time_code: String,
    pub salary_min: i64,
    pub salary_max: i64,
    pub salary_period: String,
    pub published_at: String,
}

/// The SQL of a row's publication instant (demo rows may lack `published_at`).
const PUBLISHED: &str = "COALESCE(v.published_at, v.created_at)";

/// `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A page of published vacancies matching `filter`, newest first, after `after`; the second
/// value is the cursor of the next page when there is one.
pub async fn search_jobs(
    conn: &mut AnyConnection,
    today: &str,
    filter: &JobFilter,
    after: Option<&Cursor>,
) -> Result<(Vec<JobRecord>, Option<Cursor>), sqlx::Error> {
    // Every bound parameter must appear in the SQL (PostgreSQL): conditions are added with their
    // parameters only when used.
    let mut conditions = vec![
        "v.status = 'published'".to_string(),
        "v.expires_on >= $1".to_string(),
    ];
    let mut binds: Vec<String> = vec![today.to_string()];
    let next = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(text) = &filter.text {
        for word in text.split_whitespace() {
            let p = next(like_escaped(word), &mut binds);
            conditions.push(format!(
                "(LOWER(v.title) LIKE {p} ESCAPE '\\' OR LOWER(v.description) LIKE {p} ESCAPE '\\')"
            ));
        }
    }
    if let Some(c) = &filter.comune {
        let p = next(c.clone(), &mut binds);
        conditions.push(format!("v.work_istat = {p}"));
    }
    if let Some(c) = &filter.contract {
        let p = next(c.clone(), &mut binds);
        conditions.push(format!("v.contract_code = {p}"));
    }
    if let Some(w) = &filter.working_time {
        let p = next(w.clone(), &mut binds);
        conditions.push(format!("v.working_time_code = {p}"));
    }
    if let Some(m) = &filter.work_mode {
        let p = next(m.clone(), &mut binds);
        conditions.push(format!("v.work_mode = {p}"));
    }
    if filter.reserved_l68 {
        conditions.push("v.reserved_l68 = TRUE".to_string());
    }
    let mut after_id = None;
    if let Some(cursor) = after {
        let p = next(cursor.published_at.clone(), &mut binds);
        let q = format!("${}", binds.len() + 1);
        conditions.push(format!(
            "({PUBLISHED} < {p} OR ({PUBLISHED} = {p} AND v.id < {q}))"
        ));
        after_id = Some(cursor.id);
    }
    let sql = format!(
        "SELECT v.id, v.title, CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anonymous, \
         c.name AS company_name, w.name AS comune, v.work_mode, v.contract_code, \
         v.working_time_code, v.salary_min, v.salary_max, v.salary_period, \
         {PUBLISHED} AS published \
         FROM vacancy v JOIN company c ON c.id = v.company_id \
         LEFT JOIN comune w ON w.istat_code = v.work_istat \
         WHERE {} ORDER BY {PUBLISHED} DESC, v.id DESC LIMIT {}",
        conditions.join(" AND "),
        PAGE_SIZE + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    if let Some(id) = after_id {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut jobs = rows
        .iter()
        .map(|r| {
            let anonymous = r.try_get::<i64, _>("anonymous")? != 0;
            Ok(JobRecord {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                company_name: if anonymous {
                    None
                } else {
                    Some(r.try_get("company_name")?)
                },
                comune: r.try_get("comune")?,
                work_mode: r.try_get("work_mode")?,
                contract_code: r.try_get("contract_code")?,
                working_time_code: r.try_get("working_time_code")?,
                salary_min: r.try_get("salary_min")?,
                salary_max: r.try_get("salary_max")?,
                salary_period: r.try_get("salary_period")?,
                published_at: r.try_get("published")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let more = jobs.len() > PAGE_SIZE;
    jobs.truncate(PAGE_SIZE);
    let cursor = if more {
        jobs.last().map(|j| Cursor {
            published_at: j.published_at.clone(),
            id: j.id,
        })
    } else {
        None
    };
    Ok((jobs, cursor))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_refuses_anything_else() {
        let c = Cursor {
            published_at: "2026-11-27T08:00:00.000Z".into(),
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        for bad in ["", "42", "ieri_4", "2026-11-27_x", "2026-11-27'--_1", "_1"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(like_escaped("cuoco"), "%cuoco%");
        assert_eq!(like_escaped("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
