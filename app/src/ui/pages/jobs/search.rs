//! `/offerte`: published vacancies, searchable by anyone. A GET form (works without JavaScript);
//! "next page" links carry the filters and the keyset cursor. A logged-in citizen may save the
//! search (a plain form post) and get daily alerts. The occupation field: `occupation_filter`.

use super::occupation_filter::{self, OccupationAsk, OccupationShown, OCCUPATION_TEXT};
use crate::api::jobs::{
    job_path, search_jobs, JobSearchView, SearchParams, JOBS_PAGE, ORDER_DATE, ORDER_RELEVANCE,
    RADII_KM, WORK_MODES,
};
use crate::api::saved_searches::{SaveSearch, SAVED_SEARCHES_PAGE};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Messages};
use crate::ui::pages::account::{form_error_view, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn JobSearchPage() -> impl IntoView {
    let t = use_i18n();
    let locale = use_locale();
    let r = t.review;
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            let get = |n: &str| q.get(n);
            (
                SearchParams {
                    q: get("q"),
                    professione: get("professione"),
                    comune: get("comune"),
                    raggio: get("raggio"),
                    contratto: get("contratto"),
                    orario: get("orario"),
                    modalita: get("modalita"),
                    l68: get("l68"),
                    ordine: get("ordine"),
                }
                .cleaned(),
                get(OCCUPATION_TEXT),
                get("dopo").filter(|d| !d.trim().is_empty()),
            )
        })
    };
    // The occupation first: a typed text (no id) does not filter until an occupation is chosen.
    let results = Resource::new(params, move |(p, text, dopo)| async move {
        let ask = OccupationAsk::of(p.professione.clone(), text);
        let occupation = occupation_filter::resolve(ask, locale).await?;
        let p = SearchParams {
            professione: occupation.id(),
            ..p
        };
        let v = search_jobs(
            p.q.clone(),
            p.professione.clone(),
            p.comune.clone(),
            p.raggio.clone(),
            p.contratto.clone(),
            p.orario.clone(),
            p.modalita.clone(),
            p.l68.clone(),
            p.ordine.clone(),
            dopo,
        )
        .await?;
        Ok::<_, AppError>((p, occupation, v))
    });
    view! {
        <Title text=r.jobs_title />
        <Meta name="description" content=r.jobs_meta />
        <h1>{r.jobs_title}</h1>
        <p class="lead">{r.jobs_intro}</p>
        {form_error_view(t)}
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (_, _, dopo) = params();
                match results.await {
                    Ok((p, occupation, v)) => page(t, v, p, occupation, dopo).into_any(),
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

fn page(
    t: &'static Messages,
    v: JobSearchView,
    p: SearchParams,
    occupation: OccupationShown,
    dopo: Option<String>,
) -> impl IntoView {
    let r = t.review;
    let s = t.search;
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
    let radii = RADII_KM
        .iter()
        .map(|km| (km.to_string(), (s.radius_km)(*km)))
        .collect();
    let orders = vec![
        (ORDER_RELEVANCE.to_string(), s.sort_relevance.to_string()),
        (ORDER_DATE.to_string(), s.sort_date.to_string()),
    ];
    let chosen_order = Some(v.ordine.clone());
    let next = v.next.as_deref().map(|c| p.url(Some(c)));
    let first = dopo.is_some().then(|| p.url(None));
    let count = (s.results_count)(v.rows.len(), v.next.is_some());
    let results = if v.rows.is_empty() {
        ().into_any()
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
                                    {j.distance_km.map(|km| view! { <li class="job-distance">{(s.distance)(km)}</li> })}
                                    <li>{(r.contract)(&j.contract_code)}</li>
                                    <li>{(r.working_time)(&j.working_time_code)}</li>
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
    let save = v.can_save.then(|| save_form(t, &p));
    view! {
        <form method="get" action=JOBS_PAGE class="job-search" role="search">
            <div class="form-group">
                <label for="q" class="form-label">{r.search_label}</label>
                <input type="search" id="q" name="q" class="form-control" maxlength="100"
                    value=p.q.clone().unwrap_or_default() />
            </div>
            {occupation_filter::field(t, &occupation, &p)}
            <div class="filter-row">
                {select("comune", r.comune_filter, r.any, v.comuni, p.comune.clone())}
                {select("raggio", s.radius_label, s.radius_none, radii, p.raggio.clone())}
                {select("contratto", r.contract_label, r.any, contracts, p.contratto.clone())}
                {select("orario", r.working_time_label, r.any, times, p.orario.clone())}
                {select("modalita", r.mode_filter, r.any, modes, p.modalita.clone())}
                <div class="form-group">
                    <label for="ordine" class="form-label">{s.sort_label}</label>
                    <select id="ordine" name="ordine" class="form-select">
                        {orders
                            .into_iter()
                            .map(|(code, name)| {
                                let selected = chosen_order.as_deref() == Some(code.as_str());
                                view! { <option value=code selected=selected>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-check">
                    <input type="checkbox" class="form-check-input" id="l68" name="l68" value="1"
                        checked=p.l68.is_some() />
                    <label class="form-check-label" for="l68">{r.l68_filter}</label>
                </div>
            </div>
            <button type="submit" class="btn btn-primary">{r.search_button}</button>
        </form>
        {occupation_filter::choices_view(t, &occupation, &p)}
        <section aria-labelledby="results-heading">
            <h2 id="results-heading" class="visually-hidden">{r.results_heading}</h2>
            <p class="job-count" role="status" aria-live="polite">{count}</p>
            {results}
        </section>
        <nav class="job-pages" aria-label=r.pages_label>
            {first.map(|f| view! { <a href=f class="btn btn-outline-primary">{r.first_page}</a> })}
            {next.map(|n| view! { <a href=n rel="next" class="btn btn-outline-primary">{r.next_page}</a> })}
        </nav>
        {save}
    }
}

/// "Save this search": the filters as hidden fields and a name.
fn save_form(t: &'static Messages, p: &SearchParams) -> impl IntoView {
    let s = t.search;
    let hidden = p
        .pairs()
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value.to_string() /> })
        .collect_view();
    let name = p.q.clone().unwrap_or_else(|| s.default_name.to_string());
    view! {
        <section class="save-search" aria-labelledby="save-heading">
            <h2 id="save-heading">{s.save_heading}</h2>
            <form method="post" action=SaveSearch::url()>
                {hidden}
                <div class="form-group">
                    <label for="save-name" class="form-label">{s.save_name_label}</label>
                    <input type="text" id="save-name" name="name" class="form-control" maxlength="100"
                        required=true value=name aria-describedby="save-hint" />
                    <p id="save-hint" class="form-text">{s.save_name_hint}</p>
                </div>
                <button type="submit" class="btn btn-outline-primary">{s.save_button}</button>
            </form>
            <p><a href=SAVED_SEARCHES_PAGE>{s.saved_link}</a></p>
        </section>
    }
}
