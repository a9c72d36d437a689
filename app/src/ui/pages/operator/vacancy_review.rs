//! `/operatore/offerte/{id}`: one vacancy under review — its facts, the wizard's answers, the
//! wording check, the history, and the reviewer's decisions (plain form posts, no JavaScript
//! needed).

use crate::api::vacancy_review::{
    get_review, ApproveVacancy, RejectVacancy, RequestChanges, ReviewView, StartReview, QUEUE_PAGE,
};
use crate::domain::discrimination::{rule_text, Severity};
use crate::domain::vacancy_form::VacancyStep;
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Messages};
use crate::ui::pages::account::{form_error, notice, personal, query_param, refusal};
use crate::ui::pages::counter::when;
use crate::ui::pages::jobs::detail::vacancy_facts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let t = use_i18n();
    let r = t.review;
    personal();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
    };
    let review = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_review(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let outcome = match query_param("esito").as_deref() {
        Some("avviata") => Some(r.outcome_started),
        _ => None,
    };
    view! {
        <p><a href=QUEUE_PAGE>{r.back_to_queue}</a></p>
        {notice(outcome)}
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(v) => page(t, v).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

/// The refused decision's errors, listed at the top; focus moves there so a screen reader hears
/// them first.
pub fn error_summary(t: &'static Messages) -> Option<AnyView> {
    let r = t.review;
    form_error().map(|error| {
        let node = NodeRef::<leptos::html::Div>::new();
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        });
        let fields = match &error {
            AppError::Validation { fields } => fields
                .iter()
                .map(|f| {
                    let href = format!("#{}", f.field);
                    view! { <li><a href=href>{(r.field_label)(&f.field)}</a></li> }
                })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="error-summary" role="alert" tabindex="-1" node_ref=node>
                <h2>{r.error_summary_title}</h2>
                <p>{error.message(t)}</p>
                <ul>{fields}</ul>
            </div>
        }
        .into_any()
    })
}

/// A form field's label, or its name when the texts do not know it.
fn label_or_name(r: &'static crate::i18n::review::ReviewMessages, field: &str) -> String {
    match (r.field_label)(field) {
        "" => field.to_string(),
        label => label.to_string(),
    }
}

fn page(t: &'static Messages, v: ReviewView) -> impl IntoView {
    let r = t.review;
    let locale = use_locale().code();
    let id = v.facts.id.to_string();
    let title = (r.review_heading)(&v.facts.title);
    let findings = if v.findings.is_empty() {
        view! { <p>{r.no_findings}</p> }.into_any()
    } else {
        view! {
            <ul class="review-findings">
                {v.findings
                    .iter()
                    .map(|f| {
                        let text = rule_text(&f.rule, locale);
                        let severity = match f.severity {
                            Severity::Violation => r.finding_violation,
                            Severity::Caution => r.finding_caution,
                        };
                        let class = match f.severity {
                            Severity::Violation => "finding violation",
                            Severity::Caution => "finding caution",
                        };
                        view! {
                            <li class=class>
                                <p><strong>{severity}</strong>" — "{(r.you_wrote)(&f.excerpt, (r.field_label)(&f.field))}</p>
                                {text.map(|x| view! {
                                    <p>{r.why}": "{x.why}</p>
                                    <p>{r.suggestion}": "{x.suggestion}</p>
                                    <p class="law">{r.law}": "{x.law}</p>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let answers = if v.answers.is_empty() {
        view! { <p>{r.no_answers}</p> }.into_any()
    } else {
        view! {
            <dl class="summary-list">
                {v.answers
                    .iter()
                    .map(|(step, field, value)| view! {
                        <div class="summary-row">
                            <dt>{(r.step_name)(step)}" · "{label_or_name(r, field)}</dt>
                            <dd>{value.clone()}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        }
        .into_any()
    };
    let history = if v.history.is_empty() {
        view! { <p>{r.history_empty}</p> }.into_any()
    } else {
        view! {
            <ol class="review-history">
                {v.history
                    .iter()
                    .map(|h| view! {
                        <li>
                            <span class="when">{when(&h.at)}</span>" "
                            <strong>{(r.event)(&h.kind)}</strong>
                            {h.step.as_deref().map(|s| format!(" ({})", (r.step_name)(s)))}
                            {h.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                        </li>
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let start = v.can_start.then(|| {
        let id = id.clone();
        view! {
            <form method="post" action=StartReview::PATH class="review-start">
                <input type="hidden" name="vacancy_id" value=id />
                <button type="submit" class="btn btn-outline-primary">{r.start_button}</button>
            </form>
        }
    });
    let decide = v.can_decide.then(|| {
        view! {
            <section class="review-actions" aria-labelledby="decide-heading">
                <h2 id="decide-heading">{r.decide_heading}</h2>
                <form method="post" action=ApproveVacancy::PATH class="review-action">
                    <h3>{r.approve_heading}</h3>
                    <input type="hidden" name="vacancy_id" value=id.clone() />
                    <div class="form-group">
                        <label for="expires_on" class="form-label">{r.expires_label}</label>
                        <p class="form-text" id="expires_on-hint">{(r.expires_hint)(&v.today, &v.max_expires_on)}</p>
                        <input type="date" id="expires_on" name="expires_on" class="form-control"
                            aria-describedby="expires_on-hint"
                            value=v.default_expires_on.clone() min=v.today.clone() max=v.max_expires_on.clone() />
                    </div>
                    <button type="submit" class="btn btn-primary">{r.approve_button}</button>
                </form>
                <form method="post" action=RequestChanges::PATH class="review-action">
                    <h3>{r.changes_heading}</h3>
                    <input type="hidden" name="vacancy_id" value=id.clone() />
                    <div class="form-group">
                        <label for="step" class="form-label">{r.step_label}</label>
                        <select id="step" name="step" class="form-select">
                            {VacancyStep::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.code()>{(r.step_name)(s.code())}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="form-group">
                        <label for="message" class="form-label">{r.message_label}</label>
                        <p class="form-text" id="message-hint">{r.message_hint}</p>
                        <textarea id="message" name="message" class="form-control" rows="4"
                            aria-describedby="message-hint" required=true></textarea>
                    </div>
                    <button type="submit" class="btn btn-outline-primary">{r.changes_button}</button>
                </form>
                <form method="post" action=RejectVacancy::PATH class="review-action">
                    <h3>{r.reject_heading}</h3>
                    <input type="hidden" name="vacancy_id" value=id.clone() />
                    <div class="form-group">
                        <label for="reason" class="form-label">{r.reason_label}</label>
                        <p class="form-text" id="reason-hint">{r.reason_hint}</p>
                        <textarea id="reason" name="reason" class="form-control" rows="3"
                            aria-describedby="reason-hint" required=true></textarea>
                    </div>
                    <button type="submit" class="btn btn-outline-danger">{r.reject_button}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p><a href=crate::api::matching::candidates_path(v.facts.id)>{t.matching.candidates_link}</a></p>
        {error_summary(t)}
        <dl class="summary-list review-status">
            <div class="summary-row">
                <dt>{r.col_protocol}</dt>
                <dd>{v.protocol.clone().unwrap_or_else(|| r.no_protocol.to_string())}</dd>
            </div>
            <div class="summary-row">
                <dt>{r.col_company}</dt>
                <dd>
                    {v.company_name.clone()}
                    {v.facts.anonymous.then(|| view! { " "<span class="review-badge">{r.anonymous_badge}</span> })}
                </dd>
            </div>
            <div class="summary-row"><dt>{r.col_state}</dt><dd>{(r.state)(v.state)}</dd></div>
            <div class="summary-row">
                <dt>{r.col_submitted}</dt>
                <dd>{v.submitted_at.as_deref().map(when).unwrap_or_default()}</dd>
            </div>
            <div class="summary-row"><dt>{r.cpi_label}</dt><dd>{v.cpi_code.clone()}</dd></div>
        </dl>
        {start}
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">{r.findings_heading}</h2>
            {findings}
        </section>
        <section aria-labelledby="facts-heading">
            <h2 id="facts-heading">{r.facts_heading}</h2>
            {vacancy_facts(t, &v.facts)}
        </section>
        <section aria-labelledby="answers-heading">
            <h2 id="answers-heading">{r.answers_heading}</h2>
            {answers}
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{r.history_heading}</h2>
            {history}
        </section>
        {decide}
    }
}
