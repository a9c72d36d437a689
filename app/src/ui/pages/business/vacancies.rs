//! `/impresa/offerte?azienda=<id>`: the company's vacancies dashboard. Counts per state, the wizard
//! drafts to finish, a GET form of filters (title words, state, occupation, comune) and a table of
//! 25 rows a page, newest first, paged by the id of the last row (`prima`), so a page does not
//! shift when vacancies are added. "New vacancy" posts to the wizard's start with a fresh
//! idempotency key. Everything works without JavaScript.

use crate::api::companies::{COMPANY_PAGE, COMPANY_PARAM};
use crate::api::vacancies::{list_vacancies, vacancy_path, VacancyDashboard, VACANCIES_PAGE};
use crate::api::vacancy_wizard::StartVacancy;
use crate::domain::vacancy::VacancyState;
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Locale, Messages};
use crate::ui::pages::account::{form_error, notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

pub use crate::ui::widgets::form_errors::field_id;
use crate::ui::widgets::form_errors::problem_code;

/// The refused post of this page (`?__err=`), as an error summary that takes focus, with a link
/// to each refused field.
#[component]
pub fn ErrorSummary(t: &'static Messages, error: AppError) -> impl IntoView {
    let v = t.vacancies;
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = summary.get() {
            let _ = el.focus();
        }
    });
    let text = match &error {
        AppError::Conflict => v.conflict,
        other => other.message(t),
    };
    let fields = match &error {
        AppError::Validation { fields } => fields
            .iter()
            .map(|f| {
                let href = format!("#{}", field_id(&f.field));
                let line = (v.field_problem)((v.field)(&f.field), problem_code(&f.problem));
                view! { <li><a href=href>{line}</a></li> }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="error-summary" role="alert" tabindex="-1" node_ref=summary>
            <h2>{v.problem}</h2>
            <p>{text}</p>
            <ul>{fields}</ul>
        </div>
    }
}

/// The error summary of the last refused post, if the URL carries one.
pub fn refused_post(t: &'static Messages) -> Option<AnyView> {
    form_error().map(|error| view! { <ErrorSummary t error /> }.into_any())
}

#[component]
pub fn VacanciesPage() -> impl IntoView {
    let t = use_i18n();
    let v = t.vacancies;
    personal();
    let company = query_param(COMPANY_PARAM).and_then(|id| id.trim().parse::<i64>().ok());
    let args = (
        company,
        query_param("q"),
        query_param("stato"),
        query_param("professione"),
        query_param("comune"),
        query_param("prima").and_then(|b| b.trim().parse::<i64>().ok()),
    );
    let dashboard = Resource::new(
        move || args.clone(),
        |(company, q, status, occupation, comune, before)| async move {
            match company {
                Some(id) => list_vacancies(id, q, status, occupation, comune, before).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let outcome = query_param("esito").and_then(|code| (v.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(data) => {
                        let title = (v.title)(&data.company_name);
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            {notice(outcome)}
                            {refused_post(t)}
                            {counts(t, &data)}
                            {new_vacancy(t, &data)}
                            {drafts(t, &data)}
                            {filters(t, &data)}
                            {table(t, &data)}
                            {pages(t, &data)}
                            <p><a href=COMPANY_PAGE>{v.back_to_companies}</a></p>
                        }
                            .into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn counts(t: &'static Messages, data: &VacancyDashboard) -> impl IntoView {
    let v = t.vacancies;
    let body = if data.counts.is_empty() {
        view! { <p>{v.counts_none}</p> }.into_any()
    } else {
        view! {
            <ul class="vacancy-counts">
                {data
                    .counts
                    .iter()
                    .map(|(state, n)| {
                        let href = format!(
                            "{VACANCIES_PAGE}?{COMPANY_PARAM}={}&stato={}",
                            data.company_id,
                            state.code()
                        );
                        view! {
                            <li class=format!("vacancy-count state-{}", state.code())>
                                <a href=href>{(v.count_of)((v.state)(*state), *n)}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h2 class="h4">{v.counts_heading}</h2>
        {body}
    }
}

fn new_vacancy(t: &'static Messages, data: &VacancyDashboard) -> impl IntoView {
    let v = t.vacancies;
    view! {
        <form method="post" action=StartVacancy::PATH class="new-vacancy">
            <input type="hidden" name="company_id" value=data.company_id.to_string() />
            <input type="hidden" name="key" value=data.new_key.clone() />
            <button type="submit" class="btn btn-primary" aria-describedby="new-vacancy-hint">
                {v.new_vacancy}
            </button>
            <p id="new-vacancy-hint" class="form-text">{v.new_vacancy_hint}</p>
        </form>
    }
}

fn drafts(t: &'static Messages, data: &VacancyDashboard) -> Option<impl IntoView> {
    let v = t.vacancies;
    (!data.drafts.is_empty()).then(|| {
        view! {
            <h2 class="h4">{v.drafts_heading}</h2>
            <ul class="vacancy-drafts">
                {data
                    .drafts
                    .iter()
                    .map(|d| {
                        let title = d.title.clone().unwrap_or_else(|| v.draft_untitled.to_string());
                        view! {
                            <li>
                                <a href=d.continue_path.clone()>{(v.draft_continue)(&title)}</a>
                                " — "{(v.draft_updated)(&d.updated_on)}
                                {d.reopened.then(|| view! { " — "<strong>{v.draft_reopened}</strong> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

fn filters(t: &'static Messages, data: &VacancyDashboard) -> impl IntoView {
    let v = t.vacancies;
    let english = use_locale() == Locale::En;
    let f = data.filter.clone();
    let reset = format!("{VACANCIES_PAGE}?{COMPANY_PARAM}={}", data.company_id);
    view! {
        <h2 class="h4" id="filter-heading">{v.filter_heading}</h2>
        <form method="get" action=VACANCIES_PAGE class="vacancy-filters" aria-labelledby="filter-heading">
            <input type="hidden" name=COMPANY_PARAM value=data.company_id.to_string() />
            <div class="form-group">
                <label for=field_id("q") class="form-label">{v.search_label}</label>
                <input type="search" id=field_id("q") name="q" class="form-control" value=f.q.clone()
                    maxlength="100" aria-describedby="q-hint" />
                <small id="q-hint" class="form-text">{v.search_hint}</small>
            </div>
            <div class="form-group">
                <label for=field_id("status") class="form-label">{v.status_label}</label>
                <select id=field_id("status") name="stato" class="form-select">
                    <option value="" selected=f.status.is_none()>{v.any_status}</option>
                    {VacancyState::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.code() selected=f.status == Some(s)>{(v.state)(s)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for=field_id("occupation") class="form-label">{v.occupation_label}</label>
                <select id=field_id("occupation") name="professione" class="form-select">
                    <option value="" selected=f.occupation.is_empty()>{v.any_occupation}</option>
                    {data
                        .occupations
                        .iter()
                        .map(|(id, it, en)| {
                            let label = if english { en.clone() } else { it.clone() };
                            view! { <option value=id.clone() selected=*id == f.occupation>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for=field_id("comune") class="form-label">{v.comune_label}</label>
                <select id=field_id("comune") name="comune" class="form-select">
                    <option value="" selected=f.comune.is_empty()>{v.any_comune}</option>
                    {data
                        .comuni
                        .iter()
                        .map(|(code, name)| view! {
                            <option value=code.clone() selected=*code == f.comune>{name.clone()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{v.filter_submit}</button>
                <a href=reset class="btn btn-outline-secondary">{v.filter_reset}</a>
            </div>
        </form>
    }
}

fn table(t: &'static Messages, data: &VacancyDashboard) -> impl IntoView {
    let v = t.vacancies;
    let rows = if data.rows.is_empty() {
        view! { <p>{v.rows_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table vacancy-table">
                    <caption>{v.table_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{v.col_title}</th>
                            <th scope="col">{v.col_protocol}</th>
                            <th scope="col">{v.col_status}</th>
                            <th scope="col">{v.col_comune}</th>
                            <th scope="col">{v.col_published}</th>
                            <th scope="col">{v.col_expires}</th>
                            <th scope="col">{v.col_applicants}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data
                            .rows
                            .iter()
                            .map(|r| {
                                let status = match r.closed_reason {
                                    Some(reason) if r.status == VacancyState::Closed => {
                                        format!("{} ({})", (v.state)(r.status), (v.closed_reason)(reason))
                                    }
                                    _ => (v.state)(r.status).to_string(),
                                };
                                view! {
                                    <tr>
                                        <th scope="row"><a href=vacancy_path(r.id)>{r.title.clone()}</a></th>
                                        <td>{r.protocol.clone().unwrap_or_else(|| v.none_mark.to_string())}</td>
                                        <td><span class=format!("vacancy-state state-{}", r.status.code())>{status}</span></td>
                                        <td>{r.comune.clone().unwrap_or_else(|| v.none_mark.to_string())}</td>
                                        <td>{r.published_on.clone().unwrap_or_else(|| v.none_mark.to_string())}</td>
                                        <td>{r.expires_on.clone()}</td>
                                        <td>{(v.applicants_count)(r.applicants, r.new_applicants)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <p class="vacancy-matching" role="status">{(v.matching)(data.matching)}</p>
        {rows}
    }
}

/// A query-string value: unreserved characters as they are, every other byte as `%XX`.
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The same filters with another page.
fn page_link(data: &VacancyDashboard, before: Option<i64>) -> String {
    let f = &data.filter;
    let mut href = format!("{VACANCIES_PAGE}?{COMPANY_PARAM}={}", data.company_id);
    let mut add = |name: &str, value: &str| {
        if !value.is_empty() {
            href.push('&');
            href.push_str(name);
            href.push('=');
            href.push_str(&encode_query(value));
        }
    };
    add("q", &f.q);
    add(
        "stato",
        f.status.map(VacancyState::code).unwrap_or_default(),
    );
    add("professione", &f.occupation);
    add("comune", &f.comune);
    if let Some(before) = before {
        add("prima", &before.to_string());
    }
    href
}

fn pages(t: &'static Messages, data: &VacancyDashboard) -> Option<impl IntoView> {
    let v = t.vacancies;
    (data.paged || data.next_before.is_some()).then(|| {
        view! {
            <nav class="vacancy-pages" aria-label=v.pages_label>
                <ul>
                    {data.paged.then(|| view! { <li><a href=page_link(data, None)>{v.first_page}</a></li> })}
                    {data.next_before.map(|b| view! {
                        <li><a href=page_link(data, Some(b)) rel="next">{v.next_page}</a></li>
                    })}
                </ul>
            </nav>
        }
    })
}
