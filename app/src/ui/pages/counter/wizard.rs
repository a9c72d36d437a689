//! `/sportello/richieste/{id}/{step}`: one step of a guided request, and (`riepilogo`) "check your
//! answers". GOV.UK patterns: one topic per step, a step indicator, an error summary that takes
//! focus, change links back from the summary. The step's rules (`domain::wizard`) run in the
//! browser before the post, and again on the server.

use super::service_title;
use crate::api::counter::{
    draft_step_path, get_draft, ticket_path, DraftView, SaveStep, SubmitRequest, MY_REQUESTS_PAGE,
};
use crate::domain::wizard::{FieldDef, FieldKind, StepAnswers, StepId};
use crate::error::{AppError, FieldError};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error, personal, query_param, refusal};
use crate::ui::widgets::form_errors::{field_id, problem_code, server_errors};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const CHECK: &str = "riepilogo";

#[component]
pub fn WizardPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let step = move || params.with(|p| p.get("step").unwrap_or_default());
    let draft = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_draft(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let code = step();
                match draft.await {
                    Ok(d) if code == CHECK => check_answers(t, d).into_any(),
                    Ok(d) => match StepId::parse(&code).filter(|s| d.steps.iter().any(|x| x.step == *s)) {
                        Some(s) => view! { <StepForm t draft=d step=s /> }.into_any(),
                        None => refusal(t, AppError::NotFound),
                    },
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StepForm(t: &'static Messages, draft: DraftView, step: StepId) -> impl IntoView {
    let c = t.counter;
    let (server_fields, stale) = server_errors();
    let errors = RwSignal::new(server_fields);
    let summary = NodeRef::<leptos::html::Div>::new();
    // Focus the summary when errors appear (after a refused post, or a failed check in the browser).
    Effect::new(move |_| {
        if !errors.read().is_empty() {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    let total = draft.steps.len();
    let index = draft.steps.iter().position(|s| s.step == step).unwrap_or(0);
    let previous = index
        .checked_sub(1)
        .map(|i| draft_step_path(draft.id, draft.steps[i].step));
    let answers = draft.answers.get(&step).cloned().unwrap_or_default();
    let back_to_check = query_param("cambia").is_some();
    let comuni = draft.comuni.clone();
    let known: Vec<String> = comuni.iter().map(|(code, _)| code.clone()).collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(found) = check_in_browser(&ev, step, &known) {
            if !found.is_empty() {
                ev.prevent_default();
                errors.set(found);
            }
        }
    };
    let title = (c.step_title)(step);
    let service = service_title(t, draft.service);
    view! {
        <Title text=format!("{title} — {service}") />
        <p class="wizard-service">{service}</p>
        <h1>{title}</h1>
        <p class="wizard-progress">{(c.step_of)(index + 1, total)}</p>
        <StepIndicator t draft=draft.clone() current=Some(step) />
        {draft.on_behalf.then(|| view! { <p class="callout-note">{(c.on_behalf)(&draft.requester_name)}</p> })}
        {stale.then(|| view! { <div class="alert alert-warning" role="alert">{c.stale_version}</div> })}
        <div class="error-summary" role="alert" tabindex="-1" node_ref=summary
            hidden=move || errors.read().is_empty()>
            <h2>{c.error_summary_title}</h2>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|e| {
                            let label = (c.field_label)(&e.field);
                            let href = format!("#{}", field_id(&e.field));
                            view! { <li><a href=href>{(c.field_problem)(label, problem_code(&e.problem))}</a></li> }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
        <p>{(c.step_intro)(step)}</p>
        <form method="post" action=SaveStep::PATH class="wizard-step" novalidate on:submit=on_submit>
            <input type="hidden" name="draft_id" value=draft.id.to_string() />
            <input type="hidden" name="step" value=step.code() />
            <input type="hidden" name="version" value=draft.version.to_string() />
            {back_to_check.then(|| view! { <input type="hidden" name="back_to_check" value="1" /> })}
            {step
                .fields()
                .iter()
                .map(|def| field_view(t, *def, answers.get(def.name).cloned().unwrap_or_default(), &comuni, errors))
                .collect_view()}
            {step.is_sensitive().then(|| view! { <p class="form-text">{c.sensitive_note}</p> })}
            <div class="wizard-actions">
                <button type="submit" class="btn btn-primary">{c.continue_button}</button>
                {previous.map(|href| view! { <a class="btn btn-link" href=href>{c.back}</a> })}
                <a class="btn btn-link" href=MY_REQUESTS_PAGE>{c.save_later}</a>
            </div>
        </form>
        <p class="form-text">{c.saved_note}</p>
    }
}

/// Runs the step's rules on the form's values in the browser; `None` on the server or when the
/// form cannot be read (the server checks anyway).
#[allow(unused_variables)]
fn check_in_browser(
    ev: &leptos::ev::SubmitEvent,
    step: StepId,
    known: &[String],
) -> Option<Vec<FieldError>> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let raw: StepAnswers = step
            .fields()
            .iter()
            .filter_map(|f| {
                data.get(f.name)
                    .as_string()
                    .map(|v| (f.name.to_string(), v))
            })
            .collect();
        let today_iso: String = web_sys::js_sys::Date::new_0().to_iso_string().into();
        let today = crate::domain::codice_fiscale::CalendarDate::parse_iso(today_iso.get(..10)?)?;
        let result = crate::domain::wizard::validate_step(step, &raw, today, &|code| {
            known.iter().any(|k| k == code)
        });
        Some(result.err().unwrap_or_default())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

fn field_view(
    t: &'static Messages,
    def: FieldDef,
    value: String,
    comuni: &[(String, String)],
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let c = t.counter;
    let name = def.name;
    let id = field_id(name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let hint = (c.field_hint)(name);
    let error = move || {
        errors
            .read()
            .iter()
            .find(|e| e.field == name)
            .map(|e| (c.field_problem)((c.field_label)(name), problem_code(&e.problem)))
    };
    let invalid = move || error().is_some().then_some("true");
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label = view! {
        <label for=id.clone() class="form-label">
            {(c.field_label)(name)}
            {(!def.required).then(|| view! { " " <span class="optional">{c.optional}</span> })}
        </label>
    };
    let control = match def.kind {
        FieldKind::Choice(codes) => view! {
            <select id=id.clone() name=name class="form-select" aria-invalid=invalid aria-describedby=described>
                <option value="">{c.choose}</option>
                {codes
                    .iter()
                    .map(|code| {
                        let selected = value == *code;
                        view! { <option value=*code selected=selected>{(c.choice)(name, code)}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::Comune => view! {
            <select id=id.clone() name=name class="form-select" autocomplete="address-level2"
                aria-invalid=invalid aria-describedby=described>
                <option value="">{c.choose}</option>
                {comuni
                    .iter()
                    .map(|(code, label)| {
                        let selected = value == *code;
                        view! { <option value=code.clone() selected=selected>{label.clone()}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::LongText { .. } => view! {
            <textarea id=id.clone() name=name class="form-control" rows="6"
                aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
        kind => {
            let (input_type, autocomplete, inputmode) = match kind {
                FieldKind::Email => ("email", Some("email"), None),
                FieldKind::Phone => ("tel", Some("tel"), None),
                FieldKind::PastDate => ("date", None, None),
                FieldKind::Number { .. } => ("text", None, Some("numeric")),
                _ => ("text", None, None),
            };
            view! {
                <input id=id.clone() name=name type=input_type class="form-control" value=value
                    autocomplete=autocomplete inputmode=inputmode
                    aria-invalid=invalid aria-describedby=described />
            }
            .into_any()
        }
    };
    view! {
        <div class="form-group">
            {label}
            {hint.map(|h| view! { <p id=hint_id class="form-text">{h}</p> })}
            <p id=error_id class="field-error" hidden=move || error().is_none()>{error}</p>
            {control}
        </div>
    }
}

/// The list of steps with their state; the current one is marked for screen readers.
#[component]
fn StepIndicator(t: &'static Messages, draft: DraftView, current: Option<StepId>) -> impl IntoView {
    let c = t.counter;
    view! {
        <nav aria-label=c.steps_label>
            <ol class="step-indicator">
                {draft
                    .steps
                    .iter()
                    .map(|s| {
                        let is_current = current == Some(s.step);
                        let href = format!("{}?cambia=1", draft_step_path(draft.id, s.step));
                        let state = if s.done { c.step_done } else { c.step_todo };
                        view! {
                            <li class:done=s.done class:current=is_current>
                                <a href=href aria-current=is_current.then_some("step")>
                                    {(c.step_title)(s.step)}
                                </a>
                                <span class="visually-hidden">" ("{state}")"</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

fn answer_text(
    t: &'static Messages,
    def: &FieldDef,
    value: &str,
    comuni: &[(String, String)],
) -> String {
    match def.kind {
        FieldKind::Choice(_) => (t.counter.choice)(def.name, value).to_string(),
        FieldKind::Comune => comuni
            .iter()
            .find(|(code, _)| code == value)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

fn check_answers(t: &'static Messages, d: DraftView) -> impl IntoView {
    let c = t.counter;
    let service = service_title(t, d.service);
    if let Some(ticket) = d.ticket_id {
        return view! {
            <Title text=c.check_title />
            <h1>{c.check_title}</h1>
            <p>{c.already_submitted}</p>
            <p><a href=ticket_path(ticket)>{c.open_ticket}</a></p>
        }
        .into_any();
    }
    let complete = d.steps.iter().all(|s| s.done);
    let refused = form_error();
    let sections = d
        .steps
        .iter()
        .map(|s| {
            let step = s.step;
            let answers: StepAnswers = d.answers.get(&step).cloned().unwrap_or_default();
            let change = format!("{}?cambia=1", draft_step_path(d.id, step));
            let rows = step
                .fields()
                .iter()
                .map(|def| {
                    let label = (c.field_label)(def.name);
                    let value = answers
                        .get(def.name)
                        .filter(|_| s.done)
                        .map(|v| answer_text(t, def, v, &d.comuni))
                        .unwrap_or_else(|| c.not_given.to_string());
                    let change = change.clone();
                    view! {
                        <div class="summary-row">
                            <dt>{label}</dt>
                            <dd class="answer">{value}</dd>
                            <dd class="change">
                                <a href=change aria-label=(c.change_named)(label)>{c.change}</a>
                            </dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <h2>{(c.step_title)(step)}</h2>
                <dl class="summary-list">{rows}</dl>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} — {service}", c.check_title) />
        <p class="wizard-service">{service}</p>
        <h1>{c.check_title}</h1>
        <StepIndicator t draft=d.clone() current=None />
        {d.on_behalf.then(|| view! { <p class="callout-note">{(c.on_behalf)(&d.requester_name)}</p> })}
        {refused.map(|e| view! { <div class="alert alert-danger" role="alert">{e.message(t)}</div> })}
        {d.ineligible.map(|i| match i {
            crate::domain::wizard::Ineligible::Age { min, max, age } => view! {
                <div class="alert alert-warning" role="alert">{(c.not_eligible_age)(min, max, age)}</div>
            },
        })}
        <p>{c.check_intro}</p>
        <h2>{c.identity_heading}</h2>
        <dl class="summary-list">
            <div class="summary-row"><dt>{c.name_label}</dt><dd class="answer">{d.requester_name.clone()}</dd></div>
            <div class="summary-row"><dt>{c.code_label}</dt><dd class="answer">{d.requester_code.clone()}</dd></div>
        </dl>
        {sections}
        {if complete {
            view! {
                <form method="post" action=SubmitRequest::PATH class="wizard-submit">
                    <input type="hidden" name="draft_id" value=d.id.to_string() />
                    <p>{c.submit_note}</p>
                    <button type="submit" class="btn btn-primary">{c.submit}</button>
                </form>
            }
            .into_any()
        } else {
            view! { <p class="alert alert-info">{c.incomplete}</p> }.into_any()
        }}
        <p><a href=MY_REQUESTS_PAGE>{c.save_later}</a></p>
    }
    .into_any()
}
