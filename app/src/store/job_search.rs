//! Full-text public job search (issue 7): the text index of published vacancies and the search
//! itself (text, occupation, comune and radius, contract, working time, work mode, L. 68/99),
//! sorted by relevance or date with keyset pagination, each hit with its distance.
//!
//! The index holds Italian Snowball stems computed here (after [`normalise`]), on SQLite in the FTS5
//! table `vacancy_fts` (rowid = vacancy id, ranked with bm25, title weighing twice the rest) and on
//! PostgreSQL in a `tsvector` built with the 'simple' configuration over the same stems (ranked
//! with `ts_rank`, title 'A' against 'B'), so both databases find exactly the same vacancies.
//! Anonymous vacancies never put their company's name in the index.

use crate::domain::search_text::normalise;
use rust_stemmers::{Algorithm, Stemmer};
use sqlx::{AnyConnection, Row};

/// The most results one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// The longest radius accepted, km.
pub const MAX_RADIUS_KM: u32 = 200;
/// Words too common to search for (matched by every vacancy or by none that matters).
const STOPWORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "agli", "ai", "con", "da", "dal", "dalla", "dei", "del",
    "della", "delle", "degli", "di", "e", "ed", "gli", "i", "il", "in", "la", "le", "lo", "nei",
    "nel", "nella", "o", "per", "su", "sul", "sulla", "tra", "fra", "un", "una", "uno",
];
/// Stems fed to the full-text engines are capped, so a pasted essay costs no more than a query.
const MAX_QUERY_TERMS: usize = 8;

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best text match first (falls back to date when there is no text).
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// What the person typed (stemmed here).
    pub text: Option<String>,
    pub occupation: Option<String>,
    /// ISTAT code of the comune; with `radius_km` the centre of the circle, alone an exact filter.
    pub comune: Option<String>,
    pub radius_km: Option<u32>,
    pub contract: Option<String>,
    pub working_time: Option<String>,
    pub work_mode: Option<String>,
    pub reserved_l68: bool,
    pub sort: Sort,
    /// Only vacancies published after this instant (alerts).
    pub published_after: Option<String>,
}

/// Where a page starts: after the row with this sort key and id.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchCursor {
    Date { published_at: String, id: i64 },
    Relevance { score: f64, id: i64 },
}

impl SearchCursor {
    /// The form in URLs: `2026-11-27T08:00:00.000Z_42` (date) or `r3fe0000000000000_42`
    /// (relevance: the score's exact bits, so the next page starts exactly where this one ended).
    pub fn encode(&self) -> String {
        match self {
            SearchCursor::Date { published_at, id } => format!("{published_at}_{id}"),
            SearchCursor::Relevance { score, id } => format!("r{:016x}_{id}", score.to_bits()),
        }
    }

    pub fn parse(text: &str) -> Option<SearchCursor> {
        let (key, id) = text.rsplit_once('_')?;
        let id = id.parse().ok()?;
        if let Some(bits) = key.strip_prefix('r') {
            if bits.len() != 16 {
                return None;
            }
            let score = f64::from_bits(u64::from_str_radix(bits, 16).ok()?);
            return score
                .is_finite()
                .then_some(SearchCursor::Relevance { score, id });
        }
        // An instant as we store them: digits, dashes, colons, a dot, T and Z only.
        let sane = !key.is_empty()
            && key.len() <= 30
            && key
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | 'T' | 'Z'));
        sane.then(|| SearchCursor::Date {
            published_at: key.to_string(),
            id,
        })
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct JobHit {
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
    /// Km from the chosen comune, when one was chosen and the vacancy has a place.
    pub distance_km: Option<f64>,
    /// The sort key of relevance (higher is better); 0 in date order.
    pub score: f64,
}

impl JobHit {
    fn cursor(&self, sort: Sort) -> SearchCursor {
        match sort {
            Sort::Date => SearchCursor::Date {
                published_at: self.published_at.clone(),
                id: self.id,
            },
            Sort::Relevance => SearchCursor::Relevance {
                score: self.score,
                id: self.id,
            },
        }
    }
}

/// A page of results and the cursor of the next one, when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<JobHit>,
    pub next: Option<SearchCursor>,
    /// The order used: relevance only when the text had something to rank by.
    pub sort: Sort,
}

fn italian() -> Stemmer {
    Stemmer::create(Algorithm::Italian)
}

/// The stems of a text as indexed and searched: normalised, stop words dropped, each word stemmed.
pub fn stems(stemmer: &Stemmer, text: &str) -> Vec<String> {
    normalise(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(|w| stemmer.stem(w).into_owned())
        .collect()
}

/// The words a text puts in the index: each word's stem and, when it differs, the word itself.
/// Snowball does not always give inflections one stem ("cameriera" → "camerier" but "cameriere" →
/// "camer"); a query's stem is searched as a prefix, so it still finds the whole word.
pub fn index_terms(stemmer: &Stemmer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in normalise(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
    {
        let stem = stemmer.stem(word).into_owned();
        if stem != word {
            out.push(word.to_string());
        }
        out.push(stem);
    }
    out
}

/// Great-circle distance in km between two (lat, lon) points in degrees.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The (min lat, max lat, min lon, max lon) box holding every point within `km` of `centre`.
pub fn bounding_box(centre: (f64, f64), km: f64) -> (f64, f64, f64, f64) {
    // A degree of latitude is ~111.2 km everywhere; one of longitude shrinks with cos(latitude).
    // A little slack so the exact distance, not the box, decides at the edge.
    let dlat = km / 111.0;
    let dlon = km / (111.0 * centre.0.to_radians().cos().abs().max(0.01));
    (
        centre.0 - dlat,
        centre.0 + dlat,
        centre.1 - dlon,
        centre.1 + dlon,
    )
}

fn is_postgres(conn: &AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

/// What one vacancy puts in the index: (title stems, body stems).
fn document(
    stemmer: &Stemmer,
    title: &str,
    occupation: Option<&str>,
    description: &str,
    company: Option<&str>,
) -> (String, String) {
    let title = index_terms(stemmer, title).join(" ");
    let mut body = Vec::new();
    for part in [occupation, Some(description), company]
        .into_iter()
        .flatten()
    {
        body.extend(index_terms(stemmer, part));
    }
    (title, body.join(" "))
}

/// A vacancy's indexed facts, read from the database.
struct Source {
    id: i64,
    title: String,
    occupation: Option<String>,
    description: String,
    company: Option<String>,
}

const SOURCE_SQL: &str = "SELECT v.id, v.title, o.label_it AS occupation, v.description, \
     CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anonymous, c.name AS company \
     FROM vacancy v JOIN company c ON c.id = v.company_id \
     LEFT JOIN occupation o ON o.id = v.occupation_id \
     WHERE v.status = 'published'";

fn source_of(r: &sqlx::any::AnyRow) -> Result<Source, sqlx::Error> {
    let anonymous = r.try_get::<i64, _>("anonymous")? != 0;
    Ok(Source {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        occupation: r.try_get("occupation")?,
        description: r.try_get("description")?,
        company: if anonymous {
            None
        } else {
            Some(r.try_get("company")?)
        },
    })
}

/// Writes the index rows of some vacancies (none of them indexed yet).
async fn insert_documents(
    conn: &mut AnyConnection,
    stemmer: &Stemmer,
    sources: &[Source],
) -> Result<(), sqlx::Error> {
    if sources.is_empty() {
        return Ok(());
    }
    let postgres = is_postgres(conn);
    let values = (0..sources.len())
        .map(|i| {
            let (a, b, c) = (3 * i + 1, 3 * i + 2, 3 * i + 3);
            if postgres {
                format!(
                    "(${a}, setweight(to_tsvector('simple', ${b}), 'A') || \
                     setweight(to_tsvector('simple', ${c}), 'B'))"
                )
            } else {
                format!("(${a}, ${b}, ${c})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = if postgres {
        format!("INSERT INTO vacancy_fts (vacancy_id, doc) VALUES {values}")
    } else {
        format!("INSERT INTO vacancy_fts (rowid, title, body) VALUES {values}")
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for s in sources {
        let (title, body) = document(
            stemmer,
            &s.title,
            s.occupation.as_deref(),
            &s.description,
            s.company.as_deref(),
        );
        query = query.bind(s.id).bind(title).bind(body);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Removes a vacancy from the index (closed, filled, withdrawn, expired…).
pub async fn unindex_vacancy(conn: &mut AnyConnection, vacancy_id: i64) -> Result<(), sqlx::Error> {
    let sql = if is_postgres(conn) {
        "DELETE FROM vacancy_fts WHERE vacancy_id = $1"
    } else {
        "DELETE FROM vacancy_fts WHERE rowid = $1"
    };
    sqlx::query(sql)
        .bind(vacancy_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Brings a vacancy's index row in line with the vacancy: (re)written while it is published,
/// removed otherwise. Called after every change of state, in the same transaction.
pub async fn index_vacancy(conn: &mut AnyConnection, vacancy_id: i64) -> Result<(), sqlx::Error> {
    unindex_vacancy(conn, vacancy_id).await?;
    let sql = format!("{SOURCE_SQL} AND v.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(vacancy_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = row {
        insert_documents(conn, &italian(), &[source_of(&row)?]).await?;
    }
    Ok(())
}

/// How many vacancies one statement of [`reindex_all`] writes (3 parameters each).
const REINDEX_CHUNK: i64 = 250;

/// Rebuilds the whole index from the published vacancies, in chunks; returns how many are indexed.
pub async fn reindex_all(conn: &mut AnyConnection) -> Result<usize, sqlx::Error> {
    sqlx::query("DELETE FROM vacancy_fts")
        .execute(&mut *conn)
        .await?;
    let stemmer = italian();
    let sql = format!("{SOURCE_SQL} AND v.id > $1 ORDER BY v.id LIMIT {REINDEX_CHUNK}");
    let mut after = 0i64;
    let mut total = 0;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(after)
            .fetch_all(&mut *conn)
            .await?;
        let sources = rows.iter().map(source_of).collect::<Result<Vec<_>, _>>()?;
        let Some(last) = sources.last() else {
            break;
        };
        after = last.id;
        insert_documents(conn, &stemmer, &sources).await?;
        total += sources.len();
        if sources.len() < REINDEX_CHUNK as usize {
            break;
        }
    }
    // Fresh statistics after a bulk load. Without them PostgreSQL misjudges how many documents a
    // stem matches and ranks far too many (bench: search p50 139 → 5 ms on 20,000 vacancies).
    // SQLite's search plans are pinned (INDEXED BY, CROSS JOIN) and FTS5 keeps its own counts.
    if is_postgres(conn) {
        for table in ["ANALYZE vacancy", "ANALYZE vacancy_fts", "ANALYZE company"] {
            sqlx::query(table).execute(&mut *conn).await?;
        }
    }
    Ok(total)
}

/// The (lat, lon) of a comune, when the register has it.
pub async fn comune_position(
    conn: &mut AnyConnection,
    istat: &str,
) -> Result<Option<(f64, f64)>, sqlx::Error> {
    let row = sqlx::query("SELECT lat, lon FROM comune WHERE istat_code = $1")
        .bind(istat)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => match (
            r.try_get::<Option<f64>, _>("lat")?,
            r.try_get::<Option<f64>, _>("lon")?,
        ) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => None,
        },
        None => None,
    })
}

/// A bound value of the search's SQL.
enum Bind {
    Text(String),
    Real(f64),
    Int(i64),
}

/// The search's SQL with its parameters, built once per page and re-run with a moving cursor.
struct Plan {
    postgres: bool,
    /// Full-text expression (FTS5 MATCH or tsquery), when there is text.
    text: Option<String>,
    sort: Sort,
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Plan {
    fn push(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// The SQL of one batch after `after` (its parameters appended to a copy of the binds).
    fn sql(&self, after: Option<&SearchCursor>, batch: usize) -> (String, Vec<Bind>) {
        let mut binds: Vec<Bind> = self
            .binds
            .iter()
            .map(|b| match b {
                Bind::Text(t) => Bind::Text(t.clone()),
                Bind::Real(r) => Bind::Real(*r),
                Bind::Int(i) => Bind::Int(*i),
            })
            .collect();
        let mut conditions = self.conditions.clone();
        let push = |b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            format!("${}", binds.len())
        };
        let (from, score) = match (&self.text, self.postgres) {
            // Newest first straight off the date index, stopping at the batch: SQLite otherwise
            // prefers the (status, expires_on) index and sorts every published vacancy.
            (None, false) => (
                "vacancy v INDEXED BY vacancy_published_order".to_string(),
                "CAST(0 AS DOUBLE PRECISION)".to_string(),
            ),
            (None, true) => (
                "vacancy v".to_string(),
                "CAST(0 AS DOUBLE PRECISION)".to_string(),
            ),
            (Some(expr), false) => {
                let p = push(Bind::Text(expr.clone()), &mut binds);
                conditions.push(format!("vacancy_fts MATCH {p}"));
                // CROSS JOIN keeps the index outermost: SQLite otherwise may walk the vacancies
                // and run the MATCH once per row (seconds to a minute on a region).
                (
                    "vacancy_fts CROSS JOIN vacancy v ON v.id = vacancy_fts.rowid".to_string(),
                    "-bm25(vacancy_fts, 2.0, 1.0)".to_string(),
                )
            }
            (Some(expr), true) => {
                let p = push(Bind::Text(expr.clone()), &mut binds);
                conditions.push(format!("f.doc @@ to_tsquery('simple', {p})"));
                (
                    "vacancy v JOIN vacancy_fts f ON f.vacancy_id = v.id".to_string(),
                    format!("CAST(ts_rank(f.doc, to_tsquery('simple', {p})) AS DOUBLE PRECISION)"),
                )
            }
        };
        let inner = format!(
            "SELECT v.id, v.title, CASE WHEN v.anonymous THEN 1 ELSE 0 END AS anonymous, \
             c.name AS company_name, w.name AS comune, v.work_mode, v.contract_code, \
             v.working_time_code, v.salary_min, v.salary_max, v.salary_period, v.published_at, \
             COALESCE(v.lat, w.lat) AS lat, COALESCE(v.lon, w.lon) AS lon, {score} AS score \
             FROM {from} JOIN company c ON c.id = v.company_id \
             LEFT JOIN comune w ON w.istat_code = v.work_istat \
             WHERE {}",
            conditions.join(" AND ")
        );
        let sql = match self.sort {
            Sort::Date => {
                let mut sql = inner;
                if let Some(SearchCursor::Date { published_at, id }) = after {
                    let p = push(Bind::Text(published_at.clone()), &mut binds);
                    let q = push(Bind::Int(*id), &mut binds);
                    sql.push_str(&format!(
                        " AND (v.published_at < {p} OR (v.published_at = {p} AND v.id < {q}))"
                    ));
                }
                format!("{sql} ORDER BY v.published_at DESC, v.id DESC LIMIT {batch}")
            }
            Sort::Relevance => {
                // The score exists only once computed: the keyset applies around the query.
                let keyset = match after {
                    Some(SearchCursor::Relevance { score, id }) => {
                        let p = push(Bind::Real(*score), &mut binds);
                        let q = push(Bind::Int(*id), &mut binds);
                        format!(" WHERE (t.score < {p} OR (t.score = {p} AND t.id < {q}))")
                    }
                    _ => String::new(),
                };
                format!(
                    "SELECT * FROM ({inner}) t{keyset} ORDER BY t.score DESC, t.id DESC LIMIT {batch}"
                )
            }
        };
        (sql, binds)
    }
}

/// The full-text expression of a text: each stem as a prefix, all required. `None` when nothing
/// searchable remains. Stems are lower-case ASCII letters and digits only ([`normalise`]), so they
/// are safe inside either syntax.
fn text_expression(text: &str, postgres: bool) -> Option<String> {
    let mut terms = stems(&italian(), text);
    terms.dedup();
    terms.truncate(MAX_QUERY_TERMS);
    if terms.is_empty() {
        return None;
    }
    Some(if postgres {
        terms
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    } else {
        terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// A page of at most `limit` published vacancies (public on `today`) matching `q`, after `after`.
/// With a comune and a radius, vacancies farther than the radius are left out (remote vacancies
/// stay in: they can be done from anywhere) and each hit carries its distance.
pub async fn search_jobs(
    conn: &mut AnyConnection,
    today: &str,
    q: &SearchQuery,
    after: Option<&SearchCursor>,
    limit: usize,
) -> Result<SearchPage, sqlx::Error> {
    let limit = limit.clamp(1, MAX_LIMIT);
    let postgres = is_postgres(conn);
    let text = q.text.as_deref().and_then(|t| text_expression(t, postgres));
    let sort = if text.is_some() { q.sort } else { Sort::Date };
    let mut plan = Plan {
        postgres,
        text,
        sort,
        conditions: vec!["v.status = 'published'".to_string()],
        binds: Vec::new(),
    };
    let p = plan.push(Bind::Text(today.to_string()));
    plan.conditions.push(format!("v.expires_on >= {p}"));
    let centre = match &q.comune {
        Some(c) => comune_position(conn, c).await?,
        None => None,
    };
    let mut radius = None;
    match (&q.comune, q.radius_km, centre) {
        (Some(_), Some(km), Some(centre)) => {
            let (lat0, lat1, lon0, lon1) = bounding_box(centre, f64::from(km));
            let a = plan.push(Bind::Real(lat0));
            let b = plan.push(Bind::Real(lat1));
            let c = plan.push(Bind::Real(lon0));
            let d = plan.push(Bind::Real(lon1));
            plan.conditions.push(format!(
                "(v.work_mode = 'remote' OR (COALESCE(v.lat, w.lat) BETWEEN {a} AND {b} \
                 AND COALESCE(v.lon, w.lon) BETWEEN {c} AND {d}))"
            ));
            radius = Some(f64::from(km));
        }
        (Some(comune), _, _) => {
            let p = plan.push(Bind::Text(comune.clone()));
            plan.conditions.push(format!("v.work_istat = {p}"));
        }
        (None, _, _) => {}
    }
    for (column, value) in [
        ("v.occupation_id", &q.occupation),
        ("v.contract_code", &q.contract),
        ("v.working_time_code", &q.working_time),
        ("v.work_mode", &q.work_mode),
    ] {
        if let Some(value) = value {
            let p = plan.push(Bind::Text(value.clone()));
            plan.conditions.push(format!("{column} = {p}"));
        }
    }
    if q.reserved_l68 {
        plan.conditions.push("v.reserved_l68 = TRUE".to_string());
    }
    if let Some(instant) = &q.published_after {
        let p = plan.push(Bind::Text(instant.clone()));
        plan.conditions.push(format!("v.published_at > {p}"));
    }

    // The box lets through its corners; the exact distance decides, so a batch may lose rows and
    // the next batch continues from the last row read, not the last row kept.
    let batch = if radius.is_some() {
        (limit + 1) * 2
    } else {
        limit + 1
    };
    let mut hits: Vec<JobHit> = Vec::new();
    let mut cursor = after.cloned().filter(|c| {
        matches!(
            (c, sort),
            (SearchCursor::Date { .. }, Sort::Date)
                | (SearchCursor::Relevance { .. }, Sort::Relevance)
        )
    });
    loop {
        let (sql, binds) = plan.sql(cursor.as_ref(), batch);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Text(t) => query.bind(t),
                Bind::Real(r) => query.bind(r),
                Bind::Int(i) => query.bind(i),
            };
        }
        let rows = query.fetch_all(&mut *conn).await?;
        let read = rows.len();
        for r in &rows {
            let hit = hit_of(r, centre)?;
            cursor = Some(hit.cursor(sort));
            let inside = match (radius, hit.distance_km) {
                (Some(km), Some(d)) => d <= km,
                (Some(_), None) => hit.work_mode == "remote",
                (None, _) => true,
            };
            if inside {
                hits.push(hit);
            }
        }
        if read < batch || hits.len() > limit {
            break;
        }
    }
    let more = hits.len() > limit;
    hits.truncate(limit);
    let next = if more {
        hits.last().map(|h| h.cursor(sort))
    } else {
        None
    };
    Ok(SearchPage { hits, next, sort })
}

fn hit_of(r: &sqlx::any::AnyRow, centre: Option<(f64, f64)>) -> Result<JobHit, sqlx::Error> {
    let anonymous = r.try_get::<i64, _>("anonymous")? != 0;
    let place = match (
        r.try_get::<Option<f64>, _>("lat")?,
        r.try_get::<Option<f64>, _>("lon")?,
    ) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        _ => None,
    };
    Ok(JobHit {
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
        published_at: r
            .try_get::<Option<String>, _>("published_at")?
            .unwrap_or_default(),
        distance_km: match (centre, place) {
            (Some(c), Some(p)) => Some(distance_km(c, p)),
            _ => None,
        },
        score: r.try_get("score")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cursors_round_trip_and_refuse_anything_else() {
        let d = SearchCursor::Date {
            published_at: "2026-11-27T08:00:00.000Z".into(),
            id: 42,
        };
        assert_eq!(SearchCursor::parse(&d.encode()), Some(d));
        let r = SearchCursor::Relevance {
            score: 1.234_567_890_123,
            id: 7,
        };
        assert_eq!(SearchCursor::parse(&r.encode()), Some(r));
        for bad in [
            "",
            "42",
            "ieri_4",
            "2026-11-27_x",
            "2026-11-27'--_1",
            "_1",
            "r12_3",
            "rzzzzzzzzzzzzzzzz_1",
            "r7ff8000000000000_1",
        ] {
            assert_eq!(SearchCursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn inflections_share_a_stem_and_stop_words_go() {
        let s = italian();
        let one = |w: &str| stems(&s, w).join(" ");
        assert_eq!(one("cameriera"), one("camerieri"));
        // Not always: "cameriere" → "camer" (the index also keeps the word; see below).
        assert_ne!(one("saldatura"), one("saldatore"));
        assert_eq!(stems(&s, "Addetto alla cassa e del magazzino").len(), 3);
    }

    #[test]
    fn every_inflection_is_found_by_stem_prefix() {
        // What the search relies on: the query's stem is a prefix of some indexed term.
        let s = italian();
        for (query, indexed) in [
            ("cameriera", "Cameriere ai piani"),
            ("cameriera", "Camerieri"),
            ("magazzinieri", "Magazziniere"),
            ("giardinieri", "Giardiniere"),
            ("saldatori", "Saldatore"),
        ] {
            let q = stems(&s, query);
            let terms = index_terms(&s, indexed);
            assert!(
                q.iter()
                    .all(|q| terms.iter().any(|t| t.starts_with(q.as_str()))),
                "{query} in {indexed}: {q:?} {terms:?}"
            );
        }
        let q = stems(&s, "saldatura");
        assert!(!index_terms(&s, "Saldatore")
            .iter()
            .any(|t| t.starts_with(q[0].as_str())));
    }

    #[test]
    fn text_expressions_are_prefix_and_all_required() {
        assert_eq!(
            text_expression("Camerieri di sala", false).as_deref(),
            Some("\"camerier\"* \"sal\"*")
        );
        assert_eq!(
            text_expression("Camerieri di sala", true).as_deref(),
            Some("camerier:* & sal:*")
        );
        assert_eq!(text_expression("di e la", false), None);
        assert_eq!(
            text_expression("\"*' OR 1=1 --", false).as_deref(),
            Some("\"or\"* \"1\"*")
        );
    }

    #[test]
    fn perugia_to_foligno_is_about_thirty_km() {
        let d = distance_km((43.1107, 12.3908), (42.9560, 12.7034));
        assert!((28.0..33.0).contains(&d), "{d}");
    }

    proptest! {
        #[test]
        fn the_box_holds_the_circle(lat in 36.0f64..47.0, lon in 6.0f64..19.0,
                                   km in 1.0f64..200.0, bearing in 0.0f64..360.0,
                                   frac in 0.0f64..1.0) {
            // A point at distance frac*km along `bearing` (spherical destination formula).
            let r = km * frac / 6371.0;
            let (la, lo, b) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
            let la2 = (la.sin() * r.cos() + la.cos() * r.sin() * b.cos()).asin();
            let lo2 = lo + (b.sin() * r.sin() * la.cos()).atan2(r.cos() - la.sin() * la2.sin());
            let p = (la2.to_degrees(), lo2.to_degrees());
            prop_assume!(distance_km((lat, lon), p) <= km);
            let (a, b2, c, d) = bounding_box((lat, lon), km);
            prop_assert!(p.0 >= a && p.0 <= b2 && p.1 >= c && p.1 <= d, "{p:?}");
        }
    }
}
