//! The public job pages (issue 6): published vacancies, searchable by anyone, no login.
//! Public data (`Object::Public`): no audit row. The company is never named when the vacancy is
//! anonymous, and no contact data is shown beyond the contact channel the company chose.

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSearchView {
    pub rows: Vec<JobRow>,
    /// The `dopo` value of the next page, when there is one.
    pub next: Option<String>,
    /// The region's comuni for the filter: (ISTAT code, name).
    pub comuni: Vec<(String, String)>,
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

/// A code filter: letters, digits and dashes only (contract and working-time codes).
#[cfg(feature = "ssr")]
fn code_filter(field: &str, value: Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    if v.len() > 60 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AppError::invalid(field));
    }
    Ok(Some(v))
}

/// Published vacancies matching the filters, newest first, one page after `dopo`.
#[server(endpoint = "jobs/search", prefix = "/api")]
#[allow(clippy::too_many_arguments)]
pub async fn search_jobs(
    q: Option<String>,
    comune: Option<String>,
    contratto: Option<String>,
    orario: Option<String>,
    modalita: Option<String>,
    l68: Option<String>,
    dopo: Option<String>,
) -> Result<JobSearchView, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, Object};
    use crate::store::jobs::{self, Cursor, JobFilter};
    use crate::store::use_db;

    let facts = request_facts()?;
    facts.authorise(Action::Read, &Object::Public)?;
    let text = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
    if text
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
    let comune = comune
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if comune
        .as_ref()
        .is_some_and(|c| c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_digit()))
    {
        return Err(AppError::invalid("comune"));
    }
    let work_mode = modalita.filter(|m| !m.is_empty());
    if work_mode
        .as_deref()
        .is_some_and(|m| !WORK_MODES.contains(&m))
    {
        return Err(AppError::invalid("modalita"));
    }
    let after = match dopo.filter(|d| !d.is_empty()) {
        Some(d) => Some(Cursor::parse(&d).ok_or_else(|| AppError::invalid("dopo"))?),
        None => None,
    };
    let filter = JobFilter {
        text,
        comune,
        contract: code_filter("contratto", contratto)?,
        working_time: code_filter("orario", orario)?,
        work_mode,
        reserved_l68: l68.is_some_and(|v| !v.is_empty()),
    };
    let today = facts.now.to_iso()[..10].to_string();
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    let (records, next) = jobs::search_jobs(&mut tx, &today, &filter, after.as_ref()).await?;
    let comuni = jobs::region_comuni(&mut tx).await?;
    tx.commit().await?;
    Ok(JobSearchView {
        rows: records
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
            })
            .collect(),
        next: next.map(|c| c.encode()),
        comuni,
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
