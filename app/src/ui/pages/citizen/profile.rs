//! `/area-personale/profilo`: the profile overview. The completeness meter (a `<progress>` with its
//! text, and what is missing with why it helps, each linking to its section), one card per
//! section with a short summary, the visibility chosen, and the CV downloads. CPI staff open a
//! person's profile read-only with `?persona=<id>`.

use crate::api::profile::{get_profile, ProfileView};
use crate::domain::profile::{section_path, Section, PROFILE_PAGE};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error, personal, query_param, refusal};
use leptos::prelude::*;
use leptos_meta::Title;

/// The person a staff member is looking at (`?persona=`), if any.
pub fn persona_param() -> Option<i64> {
    query_param("persona").and_then(|p| p.trim().parse().ok())
}

/// The link to a section, keeping the person looked at.
pub fn section_href(section: Section, persona: Option<i64>) -> String {
    match persona {
        Some(p) => format!("{}?persona={p}", section_path(section)),
        None => section_path(section),
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let persona = persona_param();
    let profile = Resource::new(move || persona, get_profile);
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(view) => overview(t, view, persona).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

/// The refused post's summary; it takes focus so keyboard and screen-reader users land on it.
#[component]
pub fn ProfileErrorSummary(t: &'static Messages) -> impl IntoView {
    let p = t.profile;
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
        let fields = match &error {
            AppError::Validation { fields } => fields
                .iter()
                .map(|f| {
                    let label = (p.field_label)(&f.field);
                    let code = crate::ui::widgets::form_errors::problem_code(&f.problem);
                    let href = format!("#{}", crate::ui::widgets::form_errors::field_id(&f.field));
                    view! { <li><a href=href>{(p.field_problem)(label, code)}</a></li> }
                })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="alert alert-danger error-summary" role="alert" tabindex="-1" node_ref=summary>
                <p><strong>{p.error_summary_title}</strong>": "{error.message(t)}</p>
                <ul>{fields}</ul>
            </div>
        }
    })
}

/// The meter: a progress bar with its value in words (never colour alone).
pub fn meter(t: &'static Messages, view: &ProfileView) -> impl IntoView {
    let p = t.profile;
    let score = view.completeness.score;
    view! {
        <div class="profile-meter" aria-live="polite">
            <label for="profile-meter-bar" class="profile-meter-label">{(p.meter_text)(score)}</label>
            <progress id="profile-meter-bar" max="100" value=score.to_string() aria-label=p.meter_label>
                {format!("{score}%")}
            </progress>
        </div>
    }
}

fn overview(t: &'static Messages, view: ProfileView, persona: Option<i64>) -> impl IntoView {
    let p = t.profile;
    let missing = view.completeness.missing.clone();
    let missing_view = if missing.is_empty() {
        view! { <p class="profile-complete">{p.complete}</p> }.into_any()
    } else {
        view! {
            <h2 class="h4" id="profile-missing">{p.missing_heading}</h2>
            <ul class="profile-missing">
                {missing
                    .into_iter()
                    .map(|s| view! {
                        <li>
                            <a href=section_href(s, persona)>{(p.section_title)(s)}</a>
                            ": "{(p.why)(s)}
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let read_only = (!view.editable).then(|| {
        view! { <p class="alert alert-info">{p.read_only}</p> }
    });
    let cv_query = persona
        .map(|id| format!("?persona={id}"))
        .unwrap_or_default();
    let name = format!("{} {}", view.given_name, view.family_name);
    let cards = Section::ALL
        .into_iter()
        .map(|s| {
            let done = view.completeness.missing.iter().all(|m| *m != s);
            let state = if done { p.done } else { p.to_do };
            let heading_id = format!("profile-card-{}", s.code());
            let labelled_by = heading_id.clone();
            view! {
                <li class="profile-card" aria-labelledby=labelled_by>
                    <h3 class="h5" id=heading_id>{(p.section_title)(s)}</h3>
                    <p class=if done { "profile-state done" } else { "profile-state todo" }>{state}</p>
                    <p class="profile-summary">{summary(t, &view, s)}</p>
                    <a class="btn btn-outline-primary btn-sm" href=section_href(s, persona)>
                        {p.edit}<span class="visually-hidden">": "{(p.section_title)(s)}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=p.title />
        <h1>{p.title}</h1>
        {persona.map(|_| view! { <p class="lead">{name.clone()}</p> })}
        {read_only}
        <p class="lead">{p.intro}</p>
        {meter(t, &view)}
        {missing_view}
        <h2 class="h4">{p.sections_heading}</h2>
        <ul class="profile-cards">{cards}</ul>
        <h2 class="h4">{p.export_heading}</h2>
        <ul class="link-list profile-export">
            <li><a href=format!("{PROFILE_PAGE}/cv.pdf{cv_query}") download>{p.cv_pdf}</a></li>
            <li><a href=format!("{PROFILE_PAGE}/cv.json{cv_query}") download>{p.cv_json}</a></li>
        </ul>
    }
}

/// One line saying what a section holds.
pub fn summary(t: &'static Messages, view: &ProfileView, section: Section) -> String {
    let p = t.profile;
    let list = |items: Vec<String>| {
        if items.is_empty() {
            p.none_yet.to_string()
        } else {
            items.join(", ")
        }
    };
    match section {
        Section::Desired => list(view.desired.iter().map(|d| d.label.clone()).collect()),
        Section::Experience => list(
            view.experience
                .iter()
                .map(|e| format!("{} ({})", e.occupation, e.employer))
                .collect(),
        ),
        Section::Education => list(view.education.iter().map(|e| e.title.clone()).collect()),
        Section::Skills => list(view.skills.iter().map(|s| s.label.clone()).collect()),
        Section::Languages => list(
            view.languages
                .iter()
                .map(|l| format!("{} {}", (p.language_name)(&l.lang), l.level.code()))
                .collect(),
        ),
        Section::Licences => list(view.licences.clone()),
        Section::Contracts => list(
            view.contracts
                .iter()
                .map(|c| (t.vacancy_form.choice)("contract", c).to_string())
                .collect(),
        ),
        Section::Availability => {
            let prefs = &view.preferences;
            let mut parts = vec![format!("{} km", prefs.mobility_radius_km)];
            if let Some(d) = prefs.available_from {
                parts.push(format!("{}: {d}", p.available_from_label));
            }
            if let Some(w) = &prefs.working_time {
                parts.push((t.vacancy_form.choice)("working_time", w).to_string());
            }
            parts.join(" · ")
        }
        Section::Presentation => view
            .presentation
            .as_deref()
            .map(|text| {
                let short: String = text.chars().take(120).collect();
                if short.len() < text.len() {
                    format!("{short}…")
                } else {
                    short
                }
            })
            .unwrap_or_else(|| p.none_yet.to_string()),
        Section::Visibility => (p.visibility_now)(view.visibility),
    }
}
