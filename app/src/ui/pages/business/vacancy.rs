//! `/impresa/offerte/{id}`: one vacancy as its company sees it — every fact, the state with the
//! reason it was closed, the history with the CPI's messages, the link to the applicants and to
//! the reopened draft, and the two closing moves (filled, withdrawn) as plain forms with a
//! confirmation box. Another company's vacancy is a 404.

use super::vacancies::{field_id, refused_post};
use crate::api::companies::COMPANY_PARAM;
use crate::api::vacancies::{
    applicants_path, get_vacancy, FillVacancy, VacancyView, WithdrawVacancy, VACANCIES_PAGE,
};
use crate::domain::vacancy::{VacancyEvent, VacancyState};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Locale, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CompanyVacancyPage() -> impl IntoView {
    let t = use_i18n();
    let v = t.vacancies;
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let vacancy = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_vacancy(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let outcome = query_param("esito").and_then(|code| (v.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match vacancy.await {
                    Ok(data) => view! {
                        <Title text=data.facts.title.clone() />
                        <h1>{data.facts.title.clone()}</h1>
                        {notice(outcome)}
                        {refused_post(t)}
                        {summary(t, &data)}
                        {facts(t, &data)}
                        {history(t, &data)}
                        {closing(t, &data)}
                        <p>
                            <a href=format!("{VACANCIES_PAGE}?{COMPANY_PARAM}={}", data.company_id)>
                                {v.back_to_list}
                            </a>
                        </p>
                    }
                    .into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn status_text(t: &'static Messages, data: &VacancyView) -> String {
    let v = t.vacancies;
    match data.closed_reason {
        Some(reason) if data.status == VacancyState::Closed => {
            format!("{} ({})", (v.state)(data.status), (v.closed_reason)(reason))
        }
        _ => (v.state)(data.status).to_string(),
    }
}

fn summary(t: &'static Messages, data: &VacancyView) -> impl IntoView {
    let v = t.vacancies;
    let draft = data.draft_path.clone().map(|href| {
        view! {
            <div class="callout-note vacancy-reopened">
                <p>{v.changes_requested_note}</p>
                // A full page load: with JavaScript the router's client-side move to the wizard did
                // not happen from this page (seen in the e2e test, cause not found yet).
                <p><a class="btn btn-primary" href=href rel="external">{v.continue_draft}</a></p>
            </div>
        }
    });
    view! {
        <dl class="summary-list vacancy-summary">
            <div class="summary-row">
                <dt>{v.status}</dt>
                <dd><span class=format!("vacancy-state state-{}", data.status.code())>{status_text(t, data)}</span></dd>
            </div>
            <div class="summary-row">
                <dt>{v.protocol}</dt>
                <dd>{data.protocol.clone().unwrap_or_else(|| v.none_mark.to_string())}</dd>
            </div>
        </dl>
        {draft}
        <p>
            <a href=applicants_path(data.facts.id) class="btn btn-outline-primary">
                {(v.applicants_link)(data.applicants, data.new_applicants)}
            </a>
        </p>
    }
}

fn row(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="summary-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

fn facts(t: &'static Messages, data: &VacancyView) -> impl IntoView {
    let v = t.vacancies;
    let none = || v.none_mark.to_string();
    let occupation = if use_locale() == Locale::En {
        data.occupation_en.clone()
    } else {
        data.occupation_it.clone()
    };
    let place = match &data.facts.comune {
        Some(comune) => format!("{comune} — {}", (v.work_mode)(&data.facts.work_mode)),
        None => (v.work_mode)(&data.facts.work_mode).to_string(),
    };
    let pattern: Vec<&str> = [
        (data.facts.shifts, v.shifts),
        (data.facts.nights, v.nights),
        (data.facts.weekends, v.weekends),
    ]
    .into_iter()
    .filter_map(|(on, text)| on.then_some(text))
    .collect();
    let pattern = if pattern.is_empty() {
        v.pattern_none.to_string()
    } else {
        pattern.join(", ")
    };
    let yes_no = |b: bool| if b { v.yes } else { v.no }.to_string();
    let dates = [
        (v.created_at, Some(data.created_at.clone())),
        (v.submitted_at, data.submitted_at.clone()),
        (v.published_at, data.facts.published_at.clone()),
        (v.closed_at, data.closed_at.clone()),
    ];
    view! {
        <h2>{v.facts_heading}</h2>
        <dl class="summary-list vacancy-facts">
            {row(v.occupation, occupation)}
            {row(v.description, data.facts.description.clone())}
            {row(v.positions, data.facts.positions.to_string())}
            {row(v.place, place)}
            {row(v.contract, data.facts.contract_code.clone())}
            {row(v.working_time, data.facts.working_time_code.clone())}
            {row(v.hours_per_week, data.facts.hours_per_week.map(|h| h.to_string()).unwrap_or_else(none))}
            {row(v.pattern, pattern)}
            {row(v.salary, (v.salary_range)(data.facts.salary_min, data.facts.salary_max, &data.facts.salary_period))}
            {row(v.start_date, data.facts.start_date.clone())}
            {row(v.expires_on, data.facts.expires_on.clone())}
            {row(v.ccnl, data.facts.ccnl.clone().unwrap_or_else(none))}
            {row(v.education, data.facts.eqf_min.map(|l| (v.eqf)(l, data.facts.eqf_required)).unwrap_or_else(none))}
            {row(v.experience, (v.experience_years)(data.facts.experience_years, data.facts.experience_required))}
            {row(v.candidates, (v.candidate_channel)(&data.facts.candidate_channel).to_string())}
            {row(v.contact_channel, data.facts.contact_channel.clone().unwrap_or_else(none))}
            {row(v.reserved_l68, yes_no(data.facts.reserved_l68))}
            {row(v.anonymous, yes_no(data.facts.anonymous))}
        </dl>
        <h2 class="h4">{v.dates_heading}</h2>
        <dl class="summary-list vacancy-dates">
            {dates
                .into_iter()
                .filter_map(|(label, at)| at.map(|at| row(label, at.get(..10).unwrap_or(&at).to_string())))
                .collect_view()}
        </dl>
    }
}

fn history(t: &'static Messages, data: &VacancyView) -> impl IntoView {
    let v = t.vacancies;
    let body = if data.history.is_empty() {
        view! { <p>{v.history_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table vacancy-history">
                    <caption>{v.history_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{v.col_when}</th>
                            <th scope="col">{v.col_event}</th>
                            <th scope="col">{v.col_note}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data
                            .history
                            .iter()
                            .map(|h| {
                                let when = h.at.get(..16).unwrap_or(&h.at).replace('T', " ");
                                let step = h
                                    .step
                                    .filter(|_| h.event == VacancyEvent::RequestChanges)
                                    .map(|s| view! { <p>{(v.step_to_change)((v.step_name)(s))}</p> });
                                view! {
                                    <tr>
                                        <td>{when}</td>
                                        <td>{(v.event)(h.event)}</td>
                                        <td>
                                            {step}
                                            {h.note.clone().map(|n| view! { <p class="vacancy-note">{n}</p> })}
                                        </td>
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
        <h2>{v.history_heading}</h2>
        {body}
    }
}

/// The texts and target of one closing move.
struct CloseMove {
    heading: &'static str,
    text: &'static str,
    confirm: &'static str,
    submit: &'static str,
    path: &'static str,
    key: &'static str,
    danger: bool,
}

/// One closing move: what it does, a box to tick, the button.
fn closing_form(m: CloseMove, vacancy_id: i64) -> impl IntoView {
    let CloseMove {
        heading,
        text,
        confirm,
        submit,
        path,
        key,
        danger,
    } = m;
    let heading_id = format!("{key}-heading");
    let text_id = format!("{key}-text");
    // Both forms send `confirm`; the error summary links to the first one's box.
    let box_id = if key == "fill" {
        field_id("confirm")
    } else {
        format!("{key}-confirm")
    };
    let (labelled_by, described_by, box_for) =
        (heading_id.clone(), text_id.clone(), box_id.clone());
    view! {
        <form method="post" action=path class=format!("vacancy-close vacancy-{key}")
            aria-labelledby=labelled_by aria-describedby=described_by>
            <h3 class="h5" id=heading_id>{heading}</h3>
            <p id=text_id>{text}</p>
            <input type="hidden" name="vacancy_id" value=vacancy_id.to_string() />
            <div class="form-check">
                <input type="checkbox" class="form-check-input" id=box_id name="confirm" value="on" required />
                <label class="form-check-label" for=box_for>{confirm}</label>
            </div>
            <button type="submit" class=if danger { "btn btn-outline-danger" } else { "btn btn-primary" }>
                {submit}
            </button>
        </form>
    }
}

fn closing(t: &'static Messages, data: &VacancyView) -> Option<impl IntoView> {
    let v = t.vacancies;
    (data.can_fill || data.can_withdraw).then(|| {
        view! {
            <h2>{v.close_heading}</h2>
            {data.can_fill.then(|| closing_form(
                CloseMove {
                    heading: v.fill_heading,
                    text: v.fill_text,
                    confirm: v.fill_confirm,
                    submit: v.fill_submit,
                    path: FillVacancy::PATH,
                    key: "fill",
                    danger: false,
                },
                data.facts.id,
            ))}
            {data.can_withdraw.then(|| closing_form(
                CloseMove {
                    heading: v.withdraw_heading,
                    text: v.withdraw_text,
                    confirm: v.withdraw_confirm,
                    submit: v.withdraw_submit,
                    path: WithdrawVacancy::PATH,
                    key: "withdraw",
                    danger: true,
                },
                data.facts.id,
            ))}
        }
    })
}
