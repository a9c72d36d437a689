//! `/impresa/offerte/{id}/candidati`: the applicant pipeline of a vacancy, for its company's
//! members. One section per status with its count; each candidate a card with plain form posts
//! (no JavaScript needed): to interview at once, hired or not selected after a confirmation that
//! opens in place (`<details>`), "not selected" with a structured reason and the choice to share
//! it. The server redirects back here with `?esito=<status>&candidatura=<id>` and the page says
//! what happened to whom; a refused post comes back with `?__err=` and an error summary that
//! takes focus.

use crate::api::applicants::{
    list_applicants, ApplicantCard, MoveApplicant, PipelineView, CANDIDATE_PARAM, OUTCOME_PARAM,
    PIPELINE,
};
use crate::domain::application::{ApplicationStatus, NotSelectedReason};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ApplicantsPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let pipeline = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => list_applicants(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match pipeline.await {
                    Ok(data) => pipeline_view(t, data).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn pipeline_view(t: &'static Messages, data: PipelineView) -> impl IntoView {
    let a = t.applicants;
    let title = (a.title)(&data.title);
    let count = |s: ApplicationStatus| {
        data.counts
            .iter()
            .find(|(c, _)| *c == s)
            .map_or(0, |(_, n)| *n)
    };
    let sections = PIPELINE
        .into_iter()
        .map(|status| {
            let cards: Vec<&ApplicantCard> = data
                .applicants
                .iter()
                .filter(|c| c.status == status)
                .collect();
            let heading_id = format!("stato-{}", status.code());
            let labelled_by = heading_id.clone();
            let body = if cards.is_empty() {
                view! { <p class="applicants-empty">{a.section_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="applicant-list">
                        {cards.into_iter().map(|c| card(t, c)).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section class="applicant-section" aria-labelledby=labelled_by>
                    <h2 id=heading_id class="h4">{(a.section)(status, count(status))}</h2>
                    {body}
                </section>
            }
        })
        .collect_view();
    let confirmation = confirmation(t, &data);
    let empty = data
        .applicants
        .is_empty()
        .then(|| view! { <p>{a.none_yet}</p> });
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p>{a.intro}</p>
        {confirmation}
        <ErrorSummary t />
        <div class="table-responsive">
            <table class="table applicant-counts">
                <caption>{a.counts_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.status_heading}</th>
                        <th scope="col">{a.count_heading}</th>
                    </tr>
                </thead>
                <tbody>
                    {PIPELINE
                        .into_iter()
                        .map(|s| view! {
                            <tr>
                                <th scope="row"><a href=format!("#stato-{}", s.code())>{(a.status)(s)}</a></th>
                                <td>{count(s)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {empty}
        {sections}
        <p><a href=format!("/impresa/offerte/{}", data.vacancy_id)>{a.back}</a></p>
    }
}

/// "Done: X is now …", after the redirect of a successful move.
fn confirmation(t: &'static Messages, data: &PipelineView) -> Option<AnyView> {
    let status = ApplicationStatus::parse(&query_param(OUTCOME_PARAM)?)?;
    let id = query_param(CANDIDATE_PARAM)?.parse::<i64>().ok()?;
    let candidate = data.applicants.iter().find(|c| c.id == id)?;
    Some(
        view! {
            <div class="alert alert-success applicant-moved" role="status">
                <p>{(t.applicants.moved)(status, &candidate.name)}</p>
            </div>
        }
        .into_any(),
    )
}

/// The refused post's summary; it takes focus so keyboard and screen-reader users land on it.
#[component]
fn ErrorSummary(t: &'static Messages) -> impl IntoView {
    let a = t.applicants;
    let error = form_error();
    let summary = NodeRef::<leptos::html::Div>::new();
    let has_error = error.is_some();
    Effect::new(move |_| {
        if has_error {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    error.map(|error| {
        let text = match &error {
            AppError::Conflict => a.conflict,
            AppError::NotFound => a.not_found,
            other => other.message(t),
        };
        let fields = match &error {
            AppError::Validation { fields } => fields
                .iter()
                .map(|f| view! { <li>{(a.field)(&f.field)}</li> })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="alert alert-danger error-summary" role="alert" tabindex="-1" node_ref=summary>
                <p><strong>{a.problem}</strong>": "{text}</p>
                <ul>{fields}</ul>
            </div>
        }
    })
}

fn card(t: &'static Messages, c: &ApplicantCard) -> impl IntoView {
    let a = t.applicants;
    let name_id = format!("candidatura-{}-nome", c.id);
    let labelled_by = name_id.clone();
    let contact = if c.email.is_some() || c.phone.is_some() {
        view! {
            {c.email.clone().map(|e| view! {
                <dt>{a.email_label}</dt>
                <dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd>
            })}
            {c.phone.clone().map(|p| view! {
                <dt>{a.phone_label}</dt>
                <dd><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></dd>
            })}
        }
        .into_any()
    } else if matches!(
        c.status,
        ApplicationStatus::NotSelected | ApplicationStatus::Withdrawn
    ) {
        view! { <dd class="applicant-note">{a.contact_hidden}</dd> }.into_any()
    } else {
        ().into_any()
    };
    let reason = c.reason.map(|r| {
        let shared = if c.reason_shared {
            a.reason_shared
        } else {
            a.reason_not_shared
        };
        view! {
            <dt>{a.reason_label}</dt>
            <dd>{(a.reason)(r)}" ("{shared}")"</dd>
        }
    });
    view! {
        <li class="applicant-card" id=format!("candidatura-{}", c.id)>
            <article aria-labelledby=labelled_by>
                <h3 id=name_id class="h5">{c.name.clone()}</h3>
                <dl class="applicant-facts">
                    <dt>{a.status_label}</dt>
                    <dd>{(a.status)(c.status)}</dd>
                    <dt>{a.source_label}</dt>
                    <dd>{(a.source)(c.source)}</dd>
                    {c.comune.clone().map(|m| view! { <dt>{a.comune_label}</dt><dd>{m}</dd> })}
                    <dt>{a.applied_on}</dt>
                    <dd><time datetime=c.applied_on.clone()>{c.applied_on.clone()}</time></dd>
                    <dt>{a.updated_on}</dt>
                    <dd><time datetime=c.updated_on.clone()>{c.updated_on.clone()}</time></dd>
                    {reason}
                    {contact}
                    {c.message.clone().map(|m| view! {
                        <dt>{a.message_label}</dt>
                        <dd class="applicant-message">{m}</dd>
                    })}
                </dl>
                {actions(t, c)}
            </article>
        </li>
    }
}

/// The moves the company may make from this status (none once the outcome is final).
fn actions(t: &'static Messages, c: &ApplicantCard) -> Option<AnyView> {
    use ApplicationStatus as S;
    if !matches!(c.status, S::Applied | S::SentToCompany | S::Interview) {
        return None;
    }
    let a = t.applicants;
    let hidden = move |to: ApplicationStatus| {
        view! {
            <input type="hidden" name="application_id" value=c.id.to_string() />
            <input type="hidden" name="from" value=c.status.code() />
            <input type="hidden" name="to" value=to.code() />
        }
    };
    let interview = (c.status != S::Interview).then(|| {
        view! {
            <form method="post" action=MoveApplicant::PATH class="applicant-action">
                {hidden(S::Interview)}
                <button type="submit" class="btn btn-primary">{(a.to_interview)(&c.name)}</button>
            </form>
        }
    });
    let reason_id = format!("motivo-{}", c.id);
    let share_id = format!("condividi-{}", c.id);
    let share_hint_id = format!("condividi-{}-aiuto", c.id);
    Some(
        view! {
            <div class="applicant-actions">
                {interview}
                <details class="applicant-confirm">
                    <summary>{(a.hire_open)(&c.name)}</summary>
                    <form method="post" action=MoveApplicant::PATH>
                        {hidden(S::Hired)}
                        <p>{a.final_warning}</p>
                        <button type="submit" class="btn btn-success">{(a.hire)(&c.name)}</button>
                    </form>
                </details>
                <details class="applicant-confirm">
                    <summary>{(a.not_select_open)(&c.name)}</summary>
                    <form method="post" action=MoveApplicant::PATH>
                        {hidden(S::NotSelected)}
                        <p>{a.final_warning}</p>
                        <div class="form-group">
                            <label class="form-label" for=reason_id.clone()>{a.reason_label}</label>
                            <select id=reason_id name="reason" class="form-select" required>
                                <option value="">{a.reason_choose}</option>
                                {NotSelectedReason::ALL
                                    .into_iter()
                                    .map(|r| view! { <option value=r.code()>{(a.reason)(r)}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="form-check">
                            <input type="checkbox" class="form-check-input" id=share_id.clone()
                                name="share_reason" value="on" aria-describedby=share_hint_id.clone() />
                            <label class="form-check-label" for=share_id>{a.share_label}</label>
                            <small id=share_hint_id class="form-text">{a.share_hint}</small>
                        </div>
                        <button type="submit" class="btn btn-outline-danger">{(a.not_select)(&c.name)}</button>
                    </form>
                </details>
            </div>
        }
        .into_any(),
    )
}
