//! The public job pages (issue 6): published vacancies, searchable by anyone, no login.
//! Public data (`Object::Public`): no audit row. The company is never named when the vacancy is
//! anonymous, and no contact data is shown beyond the contact channel the company chose.

// A server function takes one argument per form field, and in the browser build the macro's
// generated client function does not carry an item-level allow: allow it for the module.
#![allow(clippy::too_many_arguments)]

use super::vacancy_review::VacancyFacts;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const JOBS_PAGE: &str = "/offerte";
/// The longest search text accepted.
pub const MAX_QUERY_CHARS: usize = 100;

pub fn job_path(id: i64) -> String {
    format!("{JOBS_PAGE}/{id}")
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRow {
    pub id: i64,
    pub title: String,
    /// `None`: posted anonymously.
    pub company_name: Option<String>,
    pub comune: Option<String>,
    pub work_mode: String,
    pub contract_code: String,
    pub working_time_code: String,
    pub salary_min: i64,
    pub salary_max: i64,
    pub salary_period: String,
    pub published_on: String,
    /// Km from the chosen comune (rounded), when a comune was chosen and the vacancy has a place.
    pub distance_km: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSearchView {
    pub rows: Vec<JobRow>,
    /// The `dopo` value of the next page, when there is one.
    pub next: Option<String>,
    /// The region's comuni for the filter: (ISTAT code, name).
    pub comuni: Vec<(String, String)>,
    /// The order actually used: `rilevanza` only when there is text to rank by.
    pub ordine: String,
    /// The caller is a person who may save this search.
    pub can_save: bool,
}

/// One published vacancy's public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub facts: VacancyFacts,
    /// `None`: posted anonymously.
    pub company_name: Option<String>,
}

/// The work modes a search may filter on.
pub const WORK_MODES: [&str; 3] = ["onsite", "hybrid", "remote"];
/// The radii offered by the search form, km (any 1..=200 is accepted).
pub const RADII_KM: [u32; 5] = [10, 20, 30, 50, 100];
/// The orders: by relevance, by date.
pub const ORDER_RELEVANCE: &str = "rilevanza";
pub const ORDER_DATE: &str = "data";

/// A search as its URL parameters, also what a saved search keeps (as JSON). Empty values are
/// absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professione: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comune: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raggio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contratto: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orario: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modalita: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l68: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordine: Option<String>,
}

impl SearchParams {
    /// Blank values dropped, the rest trimmed.
    pub fn cleaned(self) -> SearchParams {
        let c = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        SearchParams {
            q: c(self.q),
            professione: c(self.professione),
            comune: c(self.comune),
            raggio: c(self.raggio),
            contratto: c(self.contratto),
            orario: c(self.orario),
            modalita: c(self.modalita),
            l68: c(self.l68),
            ordine: c(self.ordine),
        }
    }

    /// The (name, value) pairs present, in URL order.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", &self.q),
            ("professione", &self.professione),
            ("comune", &self.comune),
            ("raggio", &self.raggio),
            ("contratto", &self.contratto),
            ("orario", &self.orario),
            ("modalita", &self.modalita),
            ("l68", &self.l68),
            ("ordine", &self.ordine),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }

    /// The search page's URL with these parameters (and `dopo`, when given).
    pub fn url(&self, dopo: Option<&str>) -> String {
        let mut pairs = self.pairs();
        if let Some(d) = dopo {
            pairs.push(("dopo", d));
        }
        if pairs.is_empty() {
            return JOBS_PAGE.to_string();
        }
        let query = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("{JOBS_PAGE}?{query}")
    }

    /// The store's query, or the first field that is not acceptable.
    #[cfg(feature = "ssr")]
    pub fn to_query(&self) -> Result<crate::store::job_search::SearchQuery, AppError> {
        use crate::store::job_search::{SearchQuery, Sort, MAX_RADIUS_KM};
        let p = self.clone().cleaned();
        if p.q
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(AppError::field(
                "q",
                crate::error::FieldProblem::TooLong {
                    max: MAX_QUERY_CHARS as u32,
                },
            ));
        }
        if p.comune
            .as_ref()
            .is_some_and(|c| c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_digit()))
        {
            return Err(AppError::invalid("comune"));
        }
        let radius_km = match &p.raggio {
            Some(r) => Some(
                r.parse::<u32>()
                    .ok()
                    .filter(|r| (1..=MAX_RADIUS_KM).contains(r))
                    .ok_or_else(|| AppError::invalid("raggio"))?,
            ),
            None => None,
        };
        if p.modalita
            .as_deref()
            .is_some_and(|m| !WORK_MODES.contains(&m))
        {
            return Err(AppError::invalid("modalita"));
        }
        let sort = match p.ordine.as_deref() {
            None | Some(ORDER_RELEVANCE) => Sort::Relevance,
            Some(ORDER_DATE) => Sort::Date,
            Some(_) => return Err(AppError::invalid("ordine")),
        };
        Ok(SearchQuery {
            text: p.q,
            occupation: code_filter("professione", p.professione)?,
            comune: p.comune,
            radius_km,
            contract: code_filter("contratto", p.contratto)?,
            working_time: code_filter("orario", p.orario)?,
            work_mode: p.modalita,
            reserved_l68: p.l68.is_some(),
            sort,
            published_after: None,
        })
    }
}

/// Percent-encodes a query value.
pub fn url_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A code filter: letters, digits, dots, underscores and dashes only (contract, working-time and
/// occupation codes).
#[cfg(feature = "ssr")]
fn code_filter(field: &str, value: Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    if v.len() > 80
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(AppError::invalid(field));
    }
    Ok(Some(v))
}

/// The region's comuni, read once per process: reference data, loaded before the server starts.
#[cfg(feature = "ssr")]
async fn cached_comuni(
    conn: &mut sqlx::AnyConnection,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    use std::sync::OnceLock;
    static COMUNI: OnceLock<Vec<(String, String)>> = OnceLock::new();
    if let Some(c) = COMUNI.get() {
        return Ok(c.clone());
    }
    let comuni = crate::store::jobs::region_comuni(conn).await?;
    if !comuni.is_empty() {
        let _ = COMUNI.set(comuni.clone());
    }
    Ok(comuni)
}

/// Published vacancies matching the filters, one page after `dopo`: by relevance when there is
/// text (unless `ordine=data`), else newest first; with a comune, each with its distance.
#[server(endpoint = "jobs/search", prefix = "/api")]
#[allow(clippy::too_many_arguments)]
pub async fn search_jobs(
    q: Option<String>,
    professione: Option<String>,
    comune: Option<String>,
    raggio: Option<String>,
    contratto: Option<String>,
    orario: Option<String>,
    modalita: Option<String>,
    l68: Option<String>,
    ordine: Option<String>,
    dopo: Option<String>,
) -> Result<JobSearchView, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Object};
    use crate::store::job_search::{self, SearchCursor, Sort};
    use crate::store::jobs::PAGE_SIZE;
    use crate::store::use_db;

    let facts = request_facts()?;
    facts.authorise(Action::Read, &Object::Public)?;
    let params = SearchParams {
        q,
        professione,
        comune,
        raggio,
        contratto,
        orario,
        modalita,
        l68,
        ordine,
    };
    let query = params.to_query()?;
    let after = match dopo.filter(|d| !d.is_empty()) {
        Some(d) => Some(SearchCursor::parse(&d).ok_or_else(|| AppError::invalid("dopo"))?),
        None => None,
    };
    let today = facts.now.to_iso()[..10].to_string();
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    let page = job_search::search_jobs(&mut tx, &today, &query, after.as_ref(), PAGE_SIZE).await?;
    let comuni = cached_comuni(&mut tx).await?;
    tx.commit().await?;
    let ranked = page.sort == Sort::Relevance;
    Ok(JobSearchView {
        rows: page
            .hits
            .into_iter()
            .map(|r| JobRow {
                id: r.id,
                title: r.title,
                company_name: r.company_name,
                comune: r.comune,
                work_mode: r.work_mode,
                contract_code: r.contract_code,
                working_time_code: r.working_time_code,
                salary_min: r.salary_min,
                salary_max: r.salary_max,
                salary_period: r.salary_period,
                published_on: r.published_at.get(..10).unwrap_or_default().to_string(),
                distance_km: r.distance_km.map(|d| d.round() as u32),
            })
            .collect(),
        next: page.next.map(|c| c.encode()),
        comuni,
        ordine: if ranked { ORDER_RELEVANCE } else { ORDER_DATE }.to_string(),
        can_save: facts
            .principal()
            .filter(|p| p.acting_for.is_none())
            .and_then(|p| p.person_id)
            .is_some_and(|person| {
                let own = Object::PersonData {
                    person_id: person,
                    competent_cpi: None,
                    scope: crate::domain::policy::MandateScope::Profile,
                };
                facts.authorise(Action::Create, &own).is_ok()
            }),
    })
}

/// One published vacancy; anything not published, or past its last day, is not found.
#[server(endpoint = "jobs/get", prefix = "/api")]
pub async fn get_job(id: i64) -> Result<JobView, AppError> {
    use crate::api::request::request_facts;
    use crate::api::vacancy_review::server::facts_of;
    use crate::domain::policy::{Action, Object};
    use crate::store::{jobs, use_db, vacancy_facts};

    let facts = request_facts()?;
    facts.authorise(Action::Read, &Object::Public)?;
    let today = facts.now.to_iso()[..10].to_string();
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    if !jobs::is_public(&mut tx, id, &today).await? {
        return Err(AppError::NotFound);
    }
    let record = vacancy_facts::vacancy_by_id(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let requirements = vacancy_facts::requirements_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(JobView {
        company_name: (!record.anonymous).then(|| record.company_name.clone()),
        facts: facts_of(&record, requirements),
    })
}

/// The vacancy as a schema.org `JobPosting` (JSON-LD), for search engines. `<` is escaped so the
/// text can sit inside a `<script>` element whatever the company wrote.
pub fn job_posting_json(v: &JobView) -> String {
    let f = &v.facts;
    let employment = match f.working_time_code.as_str() {
        "FULL-TIME" => "FULL_TIME",
        code if code.starts_with("PART-TIME") => "PART_TIME",
        _ => "OTHER",
    };
    let mut posting = serde_json::json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": f.title,
        "description": f.description,
        "datePosted": f.published_at.as_deref().and_then(|p| p.get(..10)),
        "validThrough": f.expires_on,
        "employmentType": employment,
        "totalJobOpenings": f.positions,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": f.salary_min,
                "maxValue": f.salary_max,
                "unitText": if f.salary_period == "year" { "YEAR" } else { "MONTH" },
            },
        },
    });
    if let Some(name) = &v.company_name {
        posting["hiringOrganization"] =
            serde_json::json!({ "@type": "Organization", "name": name });
    }
    if let Some(comune) = &f.comune {
        posting["jobLocation"] = serde_json::json!({
            "@type": "Place",
            "address": { "@type": "PostalAddress", "addressLocality": comune, "addressCountry": "IT" },
        });
    }
    if f.work_mode == "remote" {
        posting["jobLocationType"] = serde_json::json!("TELECOMMUTE");
    }
    posting
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
}
