//! `/accesso`: log in with a configured digital identity provider or, in demo mode, as a demo
//! persona or a made-up citizen. Problems from the login routes arrive as codes in `?errore=`.

use super::{personal, query_param};
use crate::api::session::{login_options, LoginChoices, PersonaCard};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::error_page::ErrorPage;
use crate::ui::widgets::comune_picker::ComunePicker;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.account;
    personal();
    let options = Resource::new(|| (), |_| login_options());
    let problems: Vec<String> = query_param("errore")
        .map(|codes| codes.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let summary = (!problems.is_empty()).then(|| {
        view! {
            <div class="alert alert-danger login-problems" role="alert">
                <h2 class="h5">{a.login_problem}</h2>
                <ul>
                    {problems
                        .iter()
                        .map(|code| view! { <li>{(a.login_error)(code)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let farewell = if query_param("chiuso").is_some() {
        Some(a.account_closed)
    } else {
        query_param("uscita").map(|_| a.logged_out)
    };
    let logged_out =
        farewell.map(|text| view! { <div class="alert alert-info" role="status">{text}</div> });
    view! {
        <Title text=a.login_title />
        <h1>{a.login_title}</h1>
        {logged_out}
        {summary}
        <p class="lead">{a.login_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(choices) => choices_view(t, choices).into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn choices_view(t: &'static Messages, choices: LoginChoices) -> impl IntoView {
    let a = t.account;
    let providers = if choices.providers.is_empty() {
        (!choices.demo)
            .then(|| view! { <p>{a.login_no_providers}</p> })
            .into_any()
    } else {
        view! {
            <ul class="provider-list">
                {choices
                    .providers
                    .into_iter()
                    .map(|p| {
                        let href = format!("/auth/oidc/{}/start", p.id);
                        view! {
                            <li>
                                // rel=external: a server route, not a page the client router knows.
                                <a class="btn btn-primary provider-link" href=href rel="external">
                                    {(a.login_with)(&p.label)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let demo = choices.demo.then(|| demo_view(t, choices.personas));
    view! {
        {providers}
        {demo}
    }
}

fn demo_view(t: &'static Messages, personas: Vec<PersonaCard>) -> impl IntoView {
    let a = t.account;
    view! {
        <section class="demo-login" aria-labelledby="demo-heading">
            <h2 id="demo-heading">{a.demo_heading}</h2>
            <p>{a.demo_intro}</p>
            <h3>{a.demo_personas_heading}</h3>
            <ul class="persona-list">
                {personas.into_iter().map(|p| persona_view(t, p)).collect_view()}
            </ul>
            <h3 id="new-citizen-heading">{a.new_citizen_heading}</h3>
            <p>{a.new_citizen_intro}</p>
            <form
                method="post"
                action="/auth/demo/cittadino"
                class="new-citizen"
                aria-labelledby="new-citizen-heading"
            >
                <div class="form-group">
                    <label for="given_name">{a.given_name}</label>
                    <input id="given_name" name="given_name" type="text" class="form-control"
                        autocomplete="given-name" required maxlength="60" />
                </div>
                <div class="form-group">
                    <label for="family_name">{a.family_name}</label>
                    <input id="family_name" name="family_name" type="text" class="form-control"
                        autocomplete="family-name" required maxlength="60" />
                </div>
                <fieldset class="form-group">
                    <legend class="form-label">{a.sex}</legend>
                    <div class="form-check form-check-inline">
                        <input id="sex_f" name="sex" type="radio" value="F" class="form-check-input" required />
                        <label for="sex_f" class="form-check-label">{a.sex_female}</label>
                    </div>
                    <div class="form-check form-check-inline">
                        <input id="sex_m" name="sex" type="radio" value="M" class="form-check-input" />
                        <label for="sex_m" class="form-check-label">{a.sex_male}</label>
                    </div>
                </fieldset>
                <div class="form-group">
                    <label for="birth_date">{a.birth_date}</label>
                    <p id="birth_date-hint" class="form-hint">{a.birth_date_hint}</p>
                    <input id="birth_date" name="birth_date" type="text" inputmode="numeric"
                        class="form-control" autocomplete="bday" required
                        aria-describedby="birth_date-hint" />
                </div>
                <ComunePicker name="birth_place" label=a.birth_place hint=a.birth_place_hint />
                <button type="submit" class="btn btn-secondary">{a.new_citizen_submit}</button>
            </form>
        </section>
    }
}

fn persona_view(t: &'static Messages, p: PersonaCard) -> impl IntoView {
    let a = t.account;
    let mut facts = vec![(a.role)(p.role).to_string()];
    facts.extend(p.place);
    facts.extend(p.age.map(a.persona_age));
    view! {
        <li class="persona">
            <form method="post" action="/auth/demo">
                <input type="hidden" name="persona" value=p.key />
                <button type="submit" class="btn btn-outline-primary persona-button">
                    {(a.persona_login)(&p.display_name)}
                </button>
                <span class="persona-facts">{facts.join(" · ")}</span>
            </form>
        </li>
    }
}
