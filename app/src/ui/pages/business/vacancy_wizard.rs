//! `/impresa/offerte/bozze/{id}/{step}`: one step of the vacancy wizard, `riepilogo` ("check your
//! answers" with the coherence, wording and duplicate checks) or `ricevuta` (the receipt). GOV.UK
//! patterns as in the counter's wizard: one topic per step, a step indicator, an error summary that
//! takes focus, change links back from the summary. Every form is a plain post (works without
//! JavaScript); the server redirects to the next page, or back here with the errors.

use crate::api::vacancy_wizard::{
    company_vacancy_path, get_vacancy_draft, vacancy_step_path, DiscardVacancyDraft,
    SaveVacancyStep, StartVacancy, SubmitVacancy, VacancyDraftView, CHECK, RECEIPT, VACANCIES_PAGE,
};
use crate::domain::discrimination::{rule_text, Severity};
use crate::domain::vacancy_form::{VacancyStep, MAX_LANGUAGES, SKILL_PREFIX};
use crate::domain::wizard::{FieldDef, FieldKind, StepAnswers};
use crate::error::{AppError, FieldError};
use crate::i18n::vacancy_form::VacancyFormMessages;
use crate::i18n::{use_i18n, use_locale, Messages};
use crate::ui::pages::account::{personal, query_param, refusal};
use crate::ui::widgets::form_errors::{field_id, problem_code, server_errors};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type V = &'static VacancyFormMessages;

#[component]
pub fn VacancyWizardPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let step = move || params.with(|p| p.get("step").unwrap_or_default());
    let draft = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_vacancy_draft(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let code = step();
                match draft.await {
                    Ok(d) if code == RECEIPT => receipt(t.vacancy_form, d).into_any(),
                    Ok(d) if d.submitted.is_some() => receipt(t.vacancy_form, d).into_any(),
                    Ok(d) if code == CHECK => check_answers(t, d).into_any(),
                    Ok(d) => match VacancyStep::parse(&code) {
                        Some(s) => view! { <StepForm t draft=d step=s /> }.into_any(),
                        None => refusal(t, AppError::NotFound),
                    },
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

/// The "start a new vacancy" form for a company's pages: a fresh idempotency key per rendering,
/// made on the server and carried to the browser, so a double submit opens one draft.
#[component]
pub fn StartVacancyForm(company_id: i64) -> impl IntoView {
    let v = use_i18n().vacancy_form;
    let key = Resource::new(
        || (),
        |_| async move { uuid::Uuid::new_v4().simple().to_string() },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let key = key.await;
                view! {
                    <form method="post" action=StartVacancy::PATH class="vacancy-start">
                        <input type="hidden" name="company_id" value=company_id.to_string() />
                        <input type="hidden" name="key" value=key />
                        <button type="submit" class="btn btn-primary">{v.start_button}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}

fn input_name(name: &str) -> String {
    format!("a[{name}]")
}

/// The error summary: a list of links to the fields, focused when it appears.
fn error_summary(v: V, errors: Vec<FieldError>) -> impl IntoView {
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
            <h2>{v.error_summary_title}</h2>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        let label = (v.field_label)(&e.field);
                        let target = if VacancyStep::parse(&e.field).is_some() {
                            format!("#step-{}", e.field)
                        } else {
                            format!("#{}", field_id(&e.field))
                        };
                        view! { <li><a href=target>{(v.field_problem)(label, problem_code(&e.problem))}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn StepForm(t: &'static Messages, draft: VacancyDraftView, step: VacancyStep) -> impl IntoView {
    let v = t.vacancy_form;
    let (errors, stale) = server_errors();
    let index = VacancyStep::ALL
        .iter()
        .position(|s| *s == step)
        .unwrap_or(0);
    let previous = index
        .checked_sub(1)
        .map(|i| vacancy_step_path(draft.id, VacancyStep::ALL[i]));
    let answers = draft.answers.get(&step).cloned().unwrap_or_default();
    let back_to_check = query_param("cambia").is_some();
    let title = (v.step_title)(step);
    let body = match step {
        VacancyStep::Role => role_fields(v, &draft, &answers, &errors).into_any(),
        VacancyStep::Requirements => requirement_fields(v, &draft, &answers, &errors).into_any(),
        _ => step
            .fields()
            .iter()
            .map(|def| field_view(v, *def, &answers, &draft.comuni, &errors))
            .collect_view()
            .into_any(),
    };
    let storage_key = format!("vacancy-draft:{}:{}", draft.id, step.code());
    view! {
        <Title text=format!("{title} — {}", v.title) />
        <p class="wizard-service">{v.title}" · "{draft.company_name.clone()}</p>
        <h1>{title}</h1>
        <p class="wizard-progress">{(v.step_of)(index + 1, VacancyStep::ALL.len())}</p>
        <StepIndicator v draft=draft.clone() current=Some(step) />
        {reopened_banner(v, &draft)}
        {stale.then(|| view! { <div class="alert alert-warning" role="alert">{v.stale_version}</div> })}
        {error_summary(v, errors.clone())}
        <p>{(v.step_intro)(step)}</p>
        <form method="post" action=SaveVacancyStep::PATH class="wizard-step vacancy-step" novalidate
            data-local-key=storage_key data-version=draft.version.to_string()>
            <input type="hidden" name="draft_id" value=draft.id.to_string() />
            <input type="hidden" name="step" value=step.code() />
            <input type="hidden" name="version" value=draft.version.to_string() />
            {back_to_check.then(|| view! { <input type="hidden" name="back_to_check" value="1" /> })}
            {body}
            <div class="wizard-actions">
                <button type="submit" class="btn btn-primary">{v.continue_button}</button>
                {previous.map(|href| view! { <a class="btn btn-link" href=href>{v.back}</a> })}
                <a class="btn btn-link" href=format!("{VACANCIES_PAGE}?azienda={}", draft.company_id)>{v.save_later}</a>
            </div>
        </form>
        <p class="form-text">{v.saved_note}</p>
        <LocalTyping />
    }
}

/// Keeps unsent typing in the browser (JavaScript only): restored on reload while the draft is
/// at the same version, dropped once a save moved the version on.
#[component]
fn LocalTyping() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        local_typing::attach();
    });
}

#[cfg(feature = "hydrate")]
mod local_typing {
    use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::js_sys::{Function, Reflect, JSON};

    fn storage() -> Option<JsValue> {
        let window = web_sys::window()?;
        Reflect::get(&window, &JsValue::from_str("localStorage")).ok()
    }

    fn call(storage: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f: Function = Reflect::get(storage, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let array = web_sys::js_sys::Array::new();
        for a in args {
            array.push(a);
        }
        f.apply(storage, &array).ok()
    }

    /// Text fields, selects and textareas of the step form (checkboxes and radios are one click).
    fn fields(form: &JsValue) -> Vec<JsValue> {
        let selector = JsValue::from_str("input[type=text], input[type=date], textarea, select");
        let Some(list) = call(form, "querySelectorAll", &[selector]) else {
            return Vec::new();
        };
        let length = Reflect::get(&list, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(0.0) as u32;
        (0..length)
            .filter_map(|i| Reflect::get_u32(&list, i).ok())
            .collect()
    }

    fn string_of(el: &JsValue, property: &str) -> Option<String> {
        Reflect::get(el, &JsValue::from_str(property))
            .ok()?
            .as_string()
    }

    pub fn attach() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(form) = document.query_selector("form.vacancy-step").ok().flatten() else {
            return;
        };
        let (Some(key), Some(version), Some(store)) = (
            form.get_attribute("data-local-key"),
            form.get_attribute("data-version"),
            storage(),
        ) else {
            return;
        };
        let form: JsValue = form.into();
        // Restore: only typing made on this version of the draft.
        if let Some(saved) = call(&store, "getItem", &[JsValue::from_str(&key)])
            .and_then(|v| v.as_string())
            .and_then(|text| JSON::parse(&text).ok())
        {
            let same = Reflect::get(&saved, &JsValue::from_str("version"))
                .ok()
                .and_then(|v| v.as_string())
                == Some(version.clone());
            if same {
                if let Ok(values) = Reflect::get(&saved, &JsValue::from_str("values")) {
                    for el in fields(&form) {
                        let Some(name) = string_of(&el, "name") else {
                            continue;
                        };
                        if let Ok(value) = Reflect::get(&values, &JsValue::from_str(&name)) {
                            if value.is_string() {
                                let _ = Reflect::set(&el, &JsValue::from_str("value"), &value);
                            }
                        }
                    }
                }
            } else {
                call(&store, "removeItem", &[JsValue::from_str(&key)]);
            }
        }
        let form_for_input = form.clone();
        let on_input = Closure::<dyn Fn()>::new(move || {
            let values = web_sys::js_sys::Object::new();
            for el in fields(&form_for_input) {
                if let (Some(name), Some(value)) = (string_of(&el, "name"), string_of(&el, "value"))
                {
                    let _ = Reflect::set(
                        &values,
                        &JsValue::from_str(&name),
                        &JsValue::from_str(&value),
                    );
                }
            }
            let record = web_sys::js_sys::Object::new();
            let _ = Reflect::set(
                &record,
                &JsValue::from_str("version"),
                &JsValue::from_str(&version),
            );
            let _ = Reflect::set(&record, &JsValue::from_str("values"), &values);
            if let (Ok(text), Some(storage)) = (JSON::stringify(&record), storage()) {
                call(&storage, "setItem", &[JsValue::from_str(&key), text.into()]);
            }
        });
        let listener: &JsValue = on_input.as_ref();
        for event in ["input", "change"] {
            call(
                &form,
                "addEventListener",
                &[JsValue::from_str(event), listener.clone()],
            );
        }
        on_input.forget();
    }
}

/// The label, hint and error message around a control.
fn wrap(v: V, def: FieldDef, errors: &[FieldError], control: AnyView) -> impl IntoView {
    let name = def.name;
    let id = field_id(name);
    let error = errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| (v.field_problem)((v.field_label)(name), problem_code(&e.problem)));
    let hint = (v.field_hint)(name);
    let has_error = error.is_some();
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id.clone() class="form-label">
                {(v.field_label)(name)}
                {(!def.required).then(|| view! { " " <span class="optional">{v.optional}</span> })}
            </label>
            {hint.map(|h| view! { <p id=format!("{id}-hint") class="form-text">{h}</p> })}
            {error.map(|e| view! { <p id=format!("{id}-error") class="field-error">{e}</p> })}
            {control}
        </div>
    }
}

fn described_by(v: V, name: &str, errors: &[FieldError]) -> Option<String> {
    let id = field_id(name);
    let mut ids = Vec::new();
    if (v.field_hint)(name).is_some() {
        ids.push(format!("{id}-hint"));
    }
    if errors.iter().any(|e| e.field == name) {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn field_view(
    v: V,
    def: FieldDef,
    answers: &StepAnswers,
    comuni: &[(String, String)],
    errors: &[FieldError],
) -> AnyView {
    let name = def.name;
    let id = field_id(name);
    let value = answers.get(name).cloned().unwrap_or_default();
    let invalid = errors.iter().any(|e| e.field == name).then_some("true");
    let described = described_by(v, name, errors);
    let control = match def.kind {
        FieldKind::Checkbox => {
            return view! {
                <div class="form-check">
                    <input id=id.clone() type="checkbox" class="form-check-input" name=input_name(name)
                        value="1" checked=!value.is_empty() />
                    <label for=id class="form-check-label">{(v.field_label)(name)}</label>
                </div>
            }
            .into_any()
        }
        FieldKind::Choice(codes) => view! {
            <select id=id.clone() name=input_name(name) class="form-select" aria-invalid=invalid
                aria-describedby=described>
                <option value="">{v.choose}</option>
                {codes
                    .iter()
                    .map(|code| {
                        let selected = value == *code;
                        view! { <option value=*code selected=selected>{(v.choice)(name, code)}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::Comune => view! {
            <select id=id.clone() name=input_name(name) class="form-select" aria-invalid=invalid
                aria-describedby=described>
                <option value="">{v.choose}</option>
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
            <textarea id=id.clone() name=input_name(name) class="form-control" rows="6"
                aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
        kind => {
            let (input_type, inputmode) = match kind {
                FieldKind::FutureDate | FieldKind::PastDate => ("date", None),
                FieldKind::Number { .. } | FieldKind::Money { .. } => ("text", Some("numeric")),
                _ => ("text", None),
            };
            view! {
                <input id=id.clone() name=input_name(name) type=input_type class="form-control"
                    value=value inputmode=inputmode aria-invalid=invalid aria-describedby=described />
            }
            .into_any()
        }
    };
    wrap(v, def, errors, control).into_any()
}

fn def_of(step: VacancyStep, name: &str) -> Option<FieldDef> {
    step.fields().iter().find(|f| f.name == name).copied()
}

/// The role: title, the occupations that match it (radio buttons: the no-JS "autocomplete"),
/// description, positions.
fn role_fields(
    v: V,
    draft: &VacancyDraftView,
    answers: &StepAnswers,
    errors: &[FieldError],
) -> impl IntoView {
    let step = VacancyStep::Role;
    let one = |name: &str| {
        def_of(step, name).map(|def| field_view(v, def, answers, &draft.comuni, errors))
    };
    let chosen = answers.get("occupation").cloned().unwrap_or_default();
    let mut options: Vec<(String, String, Option<String>)> = draft
        .suggestions
        .iter()
        .map(|h| (h.id.clone(), h.label.clone(), h.matched_term.clone()))
        .collect();
    if !chosen.is_empty() && !options.iter().any(|(id, _, _)| *id == chosen) {
        let label = draft
            .occupation_label
            .clone()
            .unwrap_or_else(|| chosen.clone());
        options.insert(0, (chosen.clone(), label, None));
    }
    let occupation_error = errors
        .iter()
        .find(|e| e.field == "occupation")
        .map(|e| (v.field_problem)((v.field_label)("occupation"), problem_code(&e.problem)));
    let has_title = answers
        .get("job_title")
        .is_some_and(|t| !t.trim().is_empty());
    let occupations = view! {
        <fieldset class="form-group occupation-choice" id=field_id("occupation")
            aria-describedby=described_by(v, "occupation", errors)>
            <legend class="form-label">{(v.field_label)("occupation")}</legend>
            <p id="f-occupation-hint" class="form-text">
                {if options.is_empty() { (v.field_hint)("occupation").unwrap_or("") } else { v.suggestions_hint }}
            </p>
            {occupation_error.map(|e| view! { <p id="f-occupation-error" class="field-error">{e}</p> })}
            {(options.is_empty() && has_title).then(|| view! { <p>{v.suggestions_none}</p> })}
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (id, label, matched))| {
                    let input_id = format!("f-occupation-{i}");
                    let checked = id == chosen;
                    view! {
                        <div class="form-check">
                            <input type="radio" class="form-check-input" id=input_id.clone()
                                name=input_name("occupation") value=id checked=checked />
                            <label for=input_id class="form-check-label">
                                {label}
                                {matched.map(|m| view! { " " <span class="form-text">"("{(v.matched)(&m)}")"</span> })}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
            <button type="submit" class="btn btn-secondary btn-sm">{v.search_again}</button>
        </fieldset>
    };
    view! {
        {one("job_title")}
        {occupations}
        {one("description")}
        {one("positions")}
    }
}

/// Requirements: education and experience, the occupation's skills (must / nice / not needed),
/// languages, licences, other certificates.
fn requirement_fields(
    v: V,
    draft: &VacancyDraftView,
    answers: &StepAnswers,
    errors: &[FieldError],
) -> impl IntoView {
    let step = VacancyStep::Requirements;
    let one = |name: &str| {
        def_of(step, name).map(|def| field_view(v, def, answers, &draft.comuni, errors))
    };
    let skills_error = errors
        .iter()
        .find(|e| e.field == "skills")
        .map(|e| (v.field_problem)((v.field_label)("skills"), problem_code(&e.problem)));
    let skills = if draft.skills.is_empty() {
        view! { <p class="alert alert-info">{v.skills_none}</p> }.into_any()
    } else {
        draft
            .skills
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let current = answers
                    .get(&format!("{SKILL_PREFIX}{}", s.uri))
                    .cloned()
                    .unwrap_or_default();
                let radio = |code: &'static str, text: &'static str| {
                    let id = format!("f-skill-{i}-{code}");
                    let checked = current == code || (code == "none" && current.is_empty());
                    view! {
                        <div class="form-check form-check-inline">
                            <input type="radio" class="form-check-input" id=id.clone()
                                name=input_name(&format!("skill_{i}")) value=code checked=checked />
                            <label for=id class="form-check-label">{text}</label>
                        </div>
                    }
                };
                view! {
                    <fieldset class="skill-choice">
                        <legend>
                            {s.label.clone()}
                            {s.essential.then(|| view! { " " <span class="form-text">"("{v.essential}")"</span> })}
                        </legend>
                        <input type="hidden" name=input_name(&format!("skill_uri_{i}")) value=s.uri.clone() />
                        {radio("must", v.need_must)}
                        {radio("nice", v.need_nice)}
                        {radio("none", v.need_none)}
                    </fieldset>
                }
            })
            .collect_view()
            .into_any()
    };
    let languages = (1..=MAX_LANGUAGES)
        .map(|n| {
            view! {
                <fieldset class="language-row">
                    <legend>{(v.language_row)(n)}</legend>
                    {one(&format!("lang_{n}"))}
                    {one(&format!("level_{n}"))}
                    {one(&format!("lang_need_{n}"))}
                </fieldset>
            }
        })
        .collect_view();
    let licences = step
        .fields()
        .iter()
        .filter(|f| f.name.starts_with("licence_"))
        .map(|def| field_view(v, *def, answers, &draft.comuni, errors))
        .collect_view();
    view! {
        <h2>{v.education_heading}</h2>
        {one("eqf")}
        {one("eqf_need")}
        <h2>{v.experience_heading}</h2>
        {one("experience_years")}
        {one("experience_need")}
        <h2 id=field_id("skills")>{v.skills_heading}</h2>
        <p class="form-text">{v.skills_hint}</p>
        {skills_error.map(|e| view! { <p class="field-error">{e}</p> })}
        {skills}
        <h2>{v.languages_heading}</h2>
        {languages}
        <h2>{v.licences_heading}</h2>
        {licences}
        {one("certificates")}
    }
}

/// The list of steps with their state; the current one is marked for screen readers.
#[component]
fn StepIndicator(v: V, draft: VacancyDraftView, current: Option<VacancyStep>) -> impl IntoView {
    view! {
        <nav aria-label=v.steps_label>
            <ol class="step-indicator">
                {draft
                    .steps
                    .iter()
                    .map(|s| {
                        let is_current = current == Some(s.step);
                        let href = format!("{}?cambia=1", vacancy_step_path(draft.id, s.step));
                        let state = if s.done { v.step_done } else { v.step_todo };
                        view! {
                            <li class:done=s.done class:current=is_current id=format!("step-{}", s.step.code())>
                                <a href=href aria-current=is_current.then_some("step")>
                                    {(v.step_title)(s.step)}
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

fn reopened_banner(v: V, d: &VacancyDraftView) -> Option<impl IntoView> {
    let request = d.reopened.clone()?;
    let link = request.step.map(|s| {
        (
            format!("{}?cambia=1", vacancy_step_path(d.id, s)),
            (v.step_title)(s),
        )
    });
    Some(view! {
        <div class="alert alert-warning vacancy-reopened" role="status">
            <h2>{v.reopened_heading}</h2>
            {request.note.map(|n| view! { <blockquote class="operator-note">{n}</blockquote> })}
            {link.map(|(href, title)| view! { <p><a href=href>{title}</a></p> })}
            <p>{v.reopened_intro}</p>
        </div>
    })
}

/// A saved answer as the summary shows it.
fn answer_text(v: V, def: &FieldDef, value: &str, comuni: &[(String, String)]) -> String {
    match def.kind {
        FieldKind::Choice(_) => (v.choice)(def.name, value).to_string(),
        FieldKind::Checkbox => v.ticked.to_string(),
        FieldKind::Comune => comuni
            .iter()
            .find(|(code, _)| code == value)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

fn check_answers(t: &'static Messages, d: VacancyDraftView) -> impl IntoView {
    let v = t.vacancy_form;
    let locale = use_locale().code();
    let (errors, stale) = server_errors();
    let complete = d.steps.iter().all(|s| s.done);
    let blocked = d.coherence.iter().any(|c| c.blocking)
        || d.findings.iter().any(|f| f.severity == Severity::Violation);
    let sections = d
        .steps
        .iter()
        .map(|s| {
            let step = s.step;
            let answers: StepAnswers = d.answers.get(&step).cloned().unwrap_or_default();
            let change = format!("{}?cambia=1", vacancy_step_path(d.id, step));
            let mut rows: Vec<(String, String)> = step
                .fields()
                .iter()
                .filter(|def| s.done || def.required)
                .filter(|def| def.required || answers.contains_key(def.name))
                .map(|def| {
                    let value = answers
                        .get(def.name)
                        .filter(|_| s.done)
                        .map(|value| {
                            if def.name == "occupation" {
                                d.occupation_label.clone().unwrap_or_else(|| value.clone())
                            } else {
                                answer_text(v, def, value, &d.comuni)
                            }
                        })
                        .unwrap_or_else(|| v.not_given.to_string());
                    ((v.field_label)(def.name).to_string(), value)
                })
                .collect();
            if step == VacancyStep::Requirements && s.done {
                for skill in &d.skills {
                    if let Some(need) = answers.get(&format!("{SKILL_PREFIX}{}", skill.uri)) {
                        rows.push((skill.label.clone(), (v.choice)("skill", need).to_string()));
                    }
                }
            }
            let rows = rows
                .into_iter()
                .map(|(label, value)| {
                    let change = change.clone();
                    let named = (v.change_named)(&label);
                    view! {
                        <div class="summary-row">
                            <dt>{label}</dt>
                            <dd class="answer">{value}</dd>
                            <dd class="change"><a href=change aria-label=named>{v.change}</a></dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <h2 id=format!("step-{}", step.code())>{(v.step_title)(step)}</h2>
                <dl class="summary-list">{rows}</dl>
            }
        })
        .collect_view();
    let coherence = (!d.coherence.is_empty()).then(|| {
        view! {
            <section class="vacancy-checks" aria-labelledby="coherence-heading">
                <h2 id="coherence-heading">{v.coherence_heading}</h2>
                <ul class="check-list">
                    {d.coherence
                        .iter()
                        .map(|c| {
                            let href = format!("{}?cambia=1", vacancy_step_path(d.id, c.step));
                            let tag = if c.blocking { v.must_fix } else { v.please_check };
                            view! {
                                <li class:blocking=c.blocking>
                                    <strong class="check-tag">{tag}": "</strong>
                                    {(v.coherence_text)(&c.code)}" "
                                    <a href=href>{v.change}" — "{(v.step_title)(c.step)}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    let wording = (!d.findings.is_empty()).then(|| {
        view! {
            <section class="vacancy-checks" aria-labelledby="wording-heading">
                <h2 id="wording-heading">{v.wording_heading}</h2>
                <p>{v.wording_intro}</p>
                <ul class="check-list">
                    {d.findings
                        .iter()
                        .map(|f| {
                            let blocking = f.severity == Severity::Violation;
                            let tag = if blocking { v.must_fix } else { v.please_check };
                            let text = rule_text(&f.rule, locale);
                            let href = format!("{}?cambia=1#{}", vacancy_step_path(d.id, f.step), field_id(&f.field));
                            view! {
                                <li class:blocking=blocking>
                                    <p>
                                        <strong class="check-tag">{tag}": "</strong>
                                        {(v.field_label)(&f.field)}" — "{(v.you_wrote)(&f.excerpt)}
                                    </p>
                                    {text.map(|r| view! {
                                        <dl class="finding-detail">
                                            <dt>{v.why_label}</dt><dd>{r.why}</dd>
                                            <dt>{v.suggestion_label}</dt><dd>{r.suggestion}</dd>
                                            <dt>{v.law_label}</dt><dd>{r.law}</dd>
                                        </dl>
                                    })}
                                    <p><a href=href>{v.change}" — "{(v.step_title)(f.step)}</a></p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    let duplicates = (!d.duplicates.is_empty()).then(|| {
        view! {
            <section class="alert alert-info vacancy-duplicates" aria-labelledby="duplicates-heading">
                <h2 id="duplicates-heading">{v.duplicates_heading}</h2>
                <p>{v.duplicates_intro}</p>
                <ul>
                    {d.duplicates
                        .iter()
                        .map(|dup| {
                            let label = match &dup.protocol {
                                Some(p) => format!("{} ({p})", dup.title),
                                None => dup.title.clone(),
                            };
                            view! { <li><a href=company_vacancy_path(dup.vacancy_id)>{label}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    let can_discard = d.reopened.is_none();
    view! {
        <Title text=format!("{} — {}", v.check_title, v.title) />
        <p class="wizard-service">{v.title}" · "{d.company_name.clone()}</p>
        <h1>{v.check_title}</h1>
        <StepIndicator v draft=d.clone() current=None />
        {reopened_banner(v, &d)}
        {stale.then(|| view! { <div class="alert alert-warning" role="alert">{v.stale_version}</div> })}
        {error_summary(v, errors)}
        <p>{v.check_intro}</p>
        {sections}
        {duplicates}
        {coherence}
        {wording}
        {match (complete, blocked) {
            (true, false) => view! {
                <form method="post" action=SubmitVacancy::PATH class="wizard-submit">
                    <input type="hidden" name="draft_id" value=d.id.to_string() />
                    <p>{v.submit_note}</p>
                    <button type="submit" class="btn btn-primary">{v.submit}</button>
                </form>
            }
            .into_any(),
            (true, true) => view! { <p class="alert alert-warning">{v.submit_blocked}</p> }.into_any(),
            (false, _) => view! { <p class="alert alert-info">{v.incomplete}</p> }.into_any(),
        }}
        {can_discard.then(|| view! {
            <form method="post" action=DiscardVacancyDraft::PATH class="wizard-discard">
                <input type="hidden" name="draft_id" value=d.id.to_string() />
                <button type="submit" class="btn btn-link">{v.discard}</button>
            </form>
        })}
    }
}

fn receipt(v: V, d: VacancyDraftView) -> impl IntoView {
    let Some(r) = d.submitted.clone() else {
        return refusal(use_i18n(), AppError::NotFound);
    };
    view! {
        <Title text=v.receipt_title />
        <div class="receipt-panel" role="status">
            <h1>{v.receipt_title}</h1>
            <p>{v.receipt_protocol}</p>
            <p class="receipt-number"><strong>{r.protocol.clone().unwrap_or_default()}</strong></p>
        </div>
        <dl class="summary-list">
            <div class="summary-row">
                <dt>{v.company_label}</dt>
                <dd class="answer">{d.company_name.clone()}</dd>
            </div>
            <div class="summary-row">
                <dt>{v.receipt_at}</dt>
                <dd class="answer"><time datetime=r.submitted_at.clone().unwrap_or_default()>
                    {r.submitted_at.clone().unwrap_or_default().replace('T', " ").chars().take(16).collect::<String>()}
                </time></dd>
            </div>
        </dl>
        <p>{v.receipt_next}</p>
        <p><a class="btn btn-primary" href=company_vacancy_path(r.vacancy_id)>{v.open_vacancy}</a></p>
        <p><a href=format!("{VACANCIES_PAGE}?azienda={}", d.company_id)>{v.back_to_vacancies}</a></p>
    }
    .into_any()
}
