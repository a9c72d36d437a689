//! `/area-personale/did/{step}`: one step of the DID wizard, `riepilogo` ("check your answers",
//! with the identity cross-check) or `ricevuta` (the receipt and the pact-interview slots). One
//! topic per step, a step indicator, an error summary that takes focus, change links back from
//! the summary. Every form is a plain post (works without JavaScript); the server redirects to the
//! next page, or back here with the errors.

use super::did::{display_date, identity_section, local, slot_offer, state_summary, D};
use crate::api::did::{
    did_step_path, get_did, DidPage, DidView, SaveDidStep, SubmitDid, CHECK, DID_PAGE, RECEIPT,
};
use crate::domain::did::{next_step, AgeBand, DidState, DidStep};
use crate::domain::wizard::{FieldDef, FieldKind, StepAnswers};
use crate::error::{AppError, FieldError};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, query_param, refusal};
use crate::ui::widgets::form_errors::{field_id, problem_code, server_errors};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DidStepPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let step = move || params.with(|p| p.get("step").unwrap_or_default());
    let page = Resource::new(|| (), |_| async move { get_did(None).await });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let code = step();
                match page.await {
                    Ok(p) => match p.did.clone() {
                        Some(did) if code == RECEIPT && did.submitted_at.is_some() => {
                            receipt(t, &p, &did).into_any()
                        }
                        Some(did) if did.state == DidState::Draft && code == CHECK => {
                            check_answers(t, &p, &did).into_any()
                        }
                        Some(did) if did.state == DidState::Draft => match DidStep::parse(&code) {
                            Some(s) => step_form(t, &p, &did, s).into_any(),
                            None => refusal(t, AppError::NotFound),
                        },
                        // Not a draft (or none): the overview says where things stand.
                        _ => not_a_draft(t).into_any(),
                    },
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn not_a_draft(t: &'static Messages) -> impl IntoView {
    let d = t.did;
    view! {
        <Title text=d.title />
        <h1>{d.title}</h1>
        <p>{d.not_a_draft}</p>
        <p><a href=DID_PAGE>{d.short_title}</a></p>
    }
}

fn input_name(name: &str) -> String {
    format!("a[{name}]")
}

/// The error summary: links to the fields, focused when it appears.
fn error_summary(d: D, errors: Vec<FieldError>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    let any = !errors.is_empty();
    Effect::new(move |_| {
        if any {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <div class="error-summary" role="alert" tabindex="-1" node_ref=summary hidden=!any>
            <h2>{d.error_summary_title}</h2>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        let label = (d.field_label)(&e.field);
                        let target = match DidStep::parse(&e.field) {
                            Some(step) => did_step_path(step),
                            None if e.field == "identity" => "#did-identity-heading".to_string(),
                            None => format!("#{}", field_id(&e.field)),
                        };
                        view! { <li><a href=target>{(d.field_problem)(label, problem_code(&e.problem))}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// Which steps are done, as a list of links.
fn step_indicator(d: D, did: &DidView, current: Option<DidStep>) -> impl IntoView {
    view! {
        <nav aria-label=d.steps_nav class="wizard-steps">
            <ol>
                {DidStep::ALL
                    .into_iter()
                    .map(|s| {
                        let done = did.completed.contains(&s);
                        let is_current = current == Some(s);
                        view! {
                            <li class:done=done class:current=is_current>
                                <a href=did_step_path(s) aria-current=is_current.then_some("step")>{(d.step_title)(s)}</a>
                                {done.then(|| view! { <span class="visually-hidden">" ✓"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

fn step_form(t: &'static Messages, p: &DidPage, did: &DidView, step: DidStep) -> impl IntoView {
    let d = t.did;
    let (errors, stale) = server_errors();
    let index = DidStep::ALL.iter().position(|s| *s == step).unwrap_or(0);
    let previous = index.checked_sub(1).map(|i| did_step_path(DidStep::ALL[i]));
    let answers = did.step_answers(step);
    let back_to_check = query_param("cambia").is_some();
    let title = (d.step_title)(step);
    let fields = step
        .fields()
        .iter()
        .map(|def| field_view(d, *def, &answers, &p.comuni, &errors))
        .collect_view();
    view! {
        <Title text=format!("{title} — {}", d.title) />
        <p class="wizard-service">{d.title}</p>
        <h1>{title}</h1>
        <p class="wizard-progress">{(d.step_of)(index + 1, DidStep::ALL.len())}</p>
        {step_indicator(d, did, Some(step))}
        {stale.then(|| view! { <div class="alert alert-warning" role="alert">{d.stale_version}</div> })}
        {error_summary(d, errors.clone())}
        <p>{(d.step_intro)(step)}</p>
        <form method="post" action=SaveDidStep::PATH class="wizard-step did-step" novalidate>
            <input type="hidden" name="step" value=step.code() />
            <input type="hidden" name="version" value=did.version.to_string() />
            {back_to_check.then(|| view! { <input type="hidden" name="back_to_check" value="1" /> })}
            {fields}
            <div class="wizard-actions">
                <button type="submit" class="btn btn-primary">{d.continue_button}</button>
                {previous.map(|href| view! { <a class="btn btn-link" href=href>{d.back}</a> })}
                <a class="btn btn-link" href=DID_PAGE>{d.save_later}</a>
            </div>
        </form>
        <p class="form-text">{d.saved_note}</p>
    }
}

fn field_view(
    d: D,
    def: FieldDef,
    answers: &StepAnswers,
    comuni: &[(String, String)],
    errors: &[FieldError],
) -> AnyView {
    let name = def.name;
    let id = field_id(name);
    let value = answers.get(name).cloned().unwrap_or_default();
    let error = errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| (d.field_problem)((d.field_label)(name), problem_code(&e.problem)));
    let invalid = error.is_some().then_some("true");
    let hint = (d.field_hint)(name);
    let mut described = Vec::new();
    if hint.is_some() {
        described.push(format!("{id}-hint"));
    }
    if error.is_some() {
        described.push(format!("{id}-error"));
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let options = |items: Vec<(String, String)>| {
        items
            .into_iter()
            .map(|(code, label)| {
                let selected = value == code;
                view! { <option value=code selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let control = match def.kind {
        FieldKind::Choice(codes) => {
            let items = codes
                .iter()
                .map(|c| (c.to_string(), (d.choice_label)(name, c).to_string()))
                .collect();
            view! {
                <select id=id.clone() name=input_name(name) class="form-select" aria-invalid=invalid
                    aria-describedby=described.clone()>
                    <option value="">{d.choose}</option>
                    {options(items)}
                </select>
            }
            .into_any()
        }
        FieldKind::Comune => view! {
            <select id=id.clone() name=input_name(name) class="form-select" aria-invalid=invalid
                aria-describedby=described.clone() autocomplete="address-level2">
                <option value="">{d.choose}</option>
                {options(comuni.to_vec())}
            </select>
        }
        .into_any(),
        kind => {
            let (input_type, inputmode) = match kind {
                FieldKind::PastDate | FieldKind::FutureDate => ("date", None),
                FieldKind::Number { .. } => ("text", Some("numeric")),
                _ => ("text", None),
            };
            view! {
                <input id=id.clone() name=input_name(name) type=input_type class="form-control"
                    value=value.clone() inputmode=inputmode aria-invalid=invalid
                    aria-describedby=described.clone() />
            }
            .into_any()
        }
    };
    let has_error = error.is_some();
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id.clone() class="form-label">
                {(d.field_label)(name)}
                {(!def.required).then(|| view! { " " <span class="optional">{d.optional}</span> })}
            </label>
            {hint.map(|h| view! { <p id=format!("{id}-hint") class="form-text">{h}</p> })}
            {error.map(|e| view! { <p id=format!("{id}-error") class="field-error">{e}</p> })}
            {control}
        </div>
    }
    .into_any()
}

/// An answer as the person chose it (the label of a code, the comune's name, a date as written).
fn answer_text(d: D, p: &DidPage, def: FieldDef, value: &str) -> String {
    match def.kind {
        FieldKind::Choice(_) => (d.choice_label)(def.name, value).to_string(),
        FieldKind::Comune => p
            .comuni
            .iter()
            .find(|(code, _)| code == value)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| value.to_string()),
        FieldKind::PastDate => crate::domain::codice_fiscale::CalendarDate::parse_iso(value)
            .map(display_date)
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

fn check_answers(t: &'static Messages, p: &DidPage, did: &DidView) -> impl IntoView {
    let d = t.did;
    let (errors, stale) = server_errors();
    let complete = next_step(&did.completed).is_none();
    let age_band = p.identity.derived.as_ref().map(|x| {
        let today = crate::domain::codice_fiscale::CalendarDate::parse_iso(&p.today)
            .unwrap_or(x.birth_date);
        AgeBand::on(x.birth_date, today).label()
    });
    let sections = DidStep::ALL
        .into_iter()
        .map(|step| {
            let answers = did.step_answers(step);
            let heading_id = format!("check-{}", step.code());
            let labelled_by = heading_id.clone();
            let rows = step
                .fields()
                .iter()
                .map(|def| {
                    let value = answers
                        .get(def.name)
                        .map(|v| answer_text(d, p, *def, v))
                        .unwrap_or_else(|| "—".to_string());
                    view! { <dt>{(d.field_label)(def.name)}</dt><dd>{value}</dd> }
                })
                .collect_view();
            view! {
                <section class="check-section" aria-labelledby=labelled_by>
                    <h2 id=heading_id class="h4">{(d.step_title)(step)}</h2>
                    <dl class="did-facts">{rows}</dl>
                    <p>
                        <a href=format!("{}?cambia=1", did_step_path(step))>
                            {d.change_link}<span class="visually-hidden">" "{(d.step_title)(step)}</span>
                        </a>
                    </p>
                </section>
            }
        })
        .collect_view();
    let blocked = !p.identity.mismatches.is_empty();
    view! {
        <Title text=format!("{} — {}", d.check_title, d.title) />
        <p class="wizard-service">{d.title}</p>
        <h1>{d.check_title}</h1>
        {step_indicator(d, did, None)}
        {stale.then(|| view! { <div class="alert alert-warning" role="alert">{d.stale_version}</div> })}
        {error_summary(d, errors)}
        <p>{d.check_intro}</p>
        {identity_section(d, &p.identity)}
        {age_band.map(|band| view! {
            <dl class="did-facts"><dt>{d.age_band_label}</dt><dd>{band}</dd></dl>
        })}
        {sections}
        {(!complete).then(|| view! { <p class="alert alert-warning">{d.incomplete}</p> })}
        <form method="post" action=SubmitDid::PATH class="did-submit">
            <input type="hidden" name="version" value=did.version.to_string() />
            <p>{d.submit_note}</p>
            <button type="submit" class="btn btn-primary" disabled=blocked || !complete>{d.submit_button}</button>
        </form>
    }
}

fn receipt(t: &'static Messages, p: &DidPage, did: &DidView) -> impl IntoView {
    let d = t.did;
    view! {
        <Title text=d.receipt_title />
        <div class="did-receipt" role="status">
            <h1>{d.receipt_title}</h1>
            <p>{d.receipt_intro}</p>
            <dl class="did-facts">
                {did.protocol.clone().map(|p| view! { <dt>{d.protocol_label}</dt><dd class="did-protocol">{p}</dd> })}
                {did.submitted_at.clone().map(|at| view! { <dt>{d.receipt_when}</dt><dd>{local(&at)}</dd> })}
                {did.cpi_name.clone().map(|c| view! { <dt>{d.cpi_label}</dt><dd>{c}</dd> })}
            </dl>
        </div>
        {match (&p.next_appointment, did.state) {
            (Some(next), _) => view! {
                <p>{d.interview_booked}" "<strong>{next.clone()}</strong></p>
                <p><a href=DID_PAGE>{d.short_title}</a></p>
            }
            .into_any(),
            (None, DidState::Submitted) => slot_offer(d, p, Some(DID_PAGE.to_string())).into_any(),
            _ => state_summary(d, did).into_any(),
        }}
    }
}
