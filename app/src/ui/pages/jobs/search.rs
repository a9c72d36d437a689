//! `/offerte`: published vacancies, searchable by anyone. A GET form (works without JavaScript);
//! "next page" links carry the filters and the keyset cursor.

use crate::api::jobs::{job_path, search_jobs, JobSearchView, JOBS_PAGE, WORK_MODES};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::refusal;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// The search's parameters as they arrive in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Params {
    q: Option<String>,
    comune: Option<String>,
    contratto: Option<String>,
    orario: Option<String>,
    modalita: Option<String>,
    l68: Option<String>,
    dopo: Option<String>,
}

impl Params {
    /// The URL of the page after `cursor` (the first page without) with the same filters.
    fn page_url(&self, cursor: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (name, value) in [
            ("q", &self.q),
            ("comune", &self.comune),
            ("contratto", &self.contratto),
            ("orario", &self.orario),
            ("modalita", &self.modalita),
            ("l68", &self.l68),
        ] {
            if let Some(v) = value {
                pairs.push((name, v.as_str()));
            }
        }
        if let Some(cursor) = cursor {
            pairs.push(("dopo", cursor));
        }
        let query = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("{JOBS_PAGE}?{query}")
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
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

#[component]
pub fn JobSearchPage() -> impl IntoView {
    let t = use_i18n();
    let r = t.review;
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            let get = |n: &str| q.get(n).filter(|v| !v.trim().is_empty());
            Params {
                q: get("q"),
                comune: get("comune"),
                contratto: get("contratto"),
                orario: get("orario"),
                modalita: get("modalita"),
                l68: get("l68"),
                dopo: get("dopo"),
            }
        })
    };
    let results = Resource::new(params, |p| {
        search_jobs(
            p.q,
            p.comune,
            p.contratto,
            p.orario,
            p.modalita,
            p.l68,
            p.dopo,
        )
    });
    view! {
        <Title text=r.jobs_title />
        <Meta name="description" content=r.jobs_meta />
        <h1>{r.jobs_title}</h1>
        <p class="lead">{r.jobs_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(v) => page(t, v, params()).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn select(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <label for=id class="form-label">{label}</label>
            <select id=id name=id class="form-select">
                <option value="">{any}</option>
                {options
                    .into_iter()
                    .map(|(code, name)| {
                        let selected = chosen.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=selected>{name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn page(t: &'static Messages, v: JobSearchView, p: Params) -> impl IntoView {
    let r = t.review;
    let contracts = r
        .contracts
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    let times = r
        .working_times
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    let modes = WORK_MODES
        .iter()
        .map(|m| (m.to_string(), (r.work_mode)(m).to_string()))
        .collect();
    let next = v.next.as_deref().map(|c| p.page_url(Some(c)));
    let first = p.dopo.is_some().then(|| p.page_url(None));
    let results = if v.rows.is_empty() {
        view! { <p class="job-none">{r.no_results}</p> }.into_any()
    } else {
        view! {
            <ol class="job-results">
                {v.rows
                    .into_iter()
                    .map(|j| {
                        let company = j.company_name.clone().unwrap_or_else(|| r.anonymous_company.to_string());
                        let place = match (&j.comune, j.work_mode.as_str()) {
                            (Some(c), "onsite") => c.clone(),
                            (Some(c), mode) => format!("{c} · {}", (r.work_mode)(mode)),
                            (None, mode) => (r.work_mode)(mode).to_string(),
                        };
                        view! {
                            <li class="job-card">
                                <h2><a href=job_path(j.id)>{j.title.clone()}</a></h2>
                                <p class="job-company">{company}</p>
                                <ul class="job-meta">
                                    <li>{place}</li>
                                    <li>{(r.contract)(&j.contract_code)}</li>
                                    <li>{(r.salary)(j.salary_min, j.salary_max, &j.salary_period)}</li>
                                    <li>{(r.published_on)(&j.published_on)}</li>
                                </ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <form method="get" action=JOBS_PAGE class="job-search" role="search">
            <div class="form-group">
                <label for="q" class="form-label">{r.search_label}</label>
                <input type="search" id="q" name="q" class="form-control" maxlength="100"
                    value=p.q.clone().unwrap_or_default() />
            </div>
            <div class="filter-row">
                {select("comune", r.comune_filter, r.any, v.comuni, p.comune.clone())}
                {select("contratto", r.contract_label, r.any, contracts, p.contratto.clone())}
                {select("orario", r.working_time_label, r.any, times, p.orario.clone())}
                {select("modalita", r.mode_filter, r.any, modes, p.modalita.clone())}
                <div class="form-check">
                    <input type="checkbox" class="form-check-input" id="l68" name="l68" value="1"
                        checked=p.l68.is_some() />
                    <label class="form-check-label" for="l68">{r.l68_filter}</label>
                </div>
            </div>
            <button type="submit" class="btn btn-primary">{r.search_button}</button>
        </form>
        <section aria-labelledby="results-heading">
            <h2 id="results-heading" class="visually-hidden">{r.results_heading}</h2>
            {results}
        </section>
        <nav class="job-pages" aria-label=r.pages_label>
            {first.map(|f| view! { <a href=f class="btn btn-outline-primary">{r.first_page}</a> })}
            {next.map(|n| view! { <a href=n rel="next" class="btn btn-outline-primary">{r.next_page}</a> })}
        </nav>
    }
}
