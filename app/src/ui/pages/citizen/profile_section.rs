//! `/area-personale/profilo/{section}`: one section of the profile, its entries (each with a
//! remove button) and a small form to add one, or the section's single form. Every form is a
//! plain post to a server function, which redirects back here with `?esito=saved`; a refused post
//! comes back with `?__err=` and an error summary that takes focus.

use super::profile::{persona_param, section_href, ProfileErrorSummary};
use super::profile_forms::{add_form, availability_form, presentation_form, visibility_form};
use crate::api::profile::{
    get_profile, search_skills, AddProfileEntry, Labelled, ProfileView, RaiseDesiredOccupation,
    RemoveProfileEntry, OUTCOME_PARAM,
};
use crate::domain::profile::{Section, PROFILE_PAGE};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProfileSectionPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let section = params.with_untracked(|p| p.get("section").and_then(|s| Section::parse(&s)));
    let persona = persona_param();
    let profile = Resource::new(
        move || (section, persona),
        |(section, persona)| async move {
            match section {
                Some(_) => get_profile(persona).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let query = query_param("q").filter(|q| !q.trim().is_empty());
    let hits = Resource::new(
        move || (section, query.clone()),
        |(section, query)| async move {
            match (section, query) {
                (Some(Section::Skills), Some(q)) => search_skills(q).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match (profile.await, section) {
                    (Ok(view), Some(section)) => {
                        let hits = hits.await.ok().flatten();
                        page(t, view, section, persona, hits).into_any()
                    }
                    (Err(error), _) => refusal(t, error),
                    (Ok(_), None) => refusal(t, AppError::NotFound),
                }
            })}
        </Suspense>
    }
}

fn page(
    t: &'static Messages,
    view: ProfileView,
    section: Section,
    persona: Option<i64>,
    hits: Option<Vec<Labelled>>,
) -> impl IntoView {
    let p = t.profile;
    let title = (p.section_title)(section);
    let saved = (query_param(OUTCOME_PARAM).as_deref() == Some("saved")).then_some(p.saved);
    let back = match persona {
        Some(id) => format!("{PROFILE_PAGE}?persona={id}"),
        None => PROFILE_PAGE.to_string(),
    };
    let editable = view.editable;
    let read_only = (!editable).then(|| view! { <p class="alert alert-info">{p.read_only}</p> });
    let body = match section {
        Section::Availability => availability_form(t, &view, editable).into_any(),
        Section::Presentation => presentation_form(t, &view, editable).into_any(),
        Section::Visibility => visibility_form(t, &view, editable).into_any(),
        Section::Skills => view! {
            {entries(t, &view, section, editable)}
            {editable.then(|| skill_picker(t, &view, hits))}
        }
        .into_any(),
        _ => view! {
            {entries(t, &view, section, editable)}
            {editable.then(|| add_form(t, &view, section))}
        }
        .into_any(),
    };
    view! {
        <Title text=format!("{title} – {}", p.title) />
        <p><a href=back>{p.back}</a></p>
        <h1>{title}</h1>
        {notice(saved)}
        <ProfileErrorSummary t />
        {read_only}
        <p class="profile-why">{(p.why)(section)}</p>
        {body}
        <nav class="profile-section-nav" aria-label=p.sections_heading>
            <ul class="link-list">
                {Section::ALL
                    .into_iter()
                    .filter(|s| *s != section)
                    .map(|s| view! { <li><a href=section_href(s, persona)>{(p.section_title)(s)}</a></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The entries of a list section: (key for removal, text).
fn items(t: &'static Messages, view: &ProfileView, section: Section) -> Vec<(String, String)> {
    let p = t.profile;
    let choice = t.vacancy_form.choice;
    match section {
        Section::Education => view
            .education
            .iter()
            .map(|e| {
                let level = choice("eqf", &e.eqf.to_string());
                let text = match e.year {
                    Some(y) => format!("{} ({y}) – {level}", e.title),
                    None => format!("{} – {level}", e.title),
                };
                (e.id.to_string(), text)
            })
            .collect(),
        Section::Experience => view
            .experience
            .iter()
            .map(|e| {
                let from = e.from.get(..7).unwrap_or(&e.from);
                let to = e.to.as_deref().map(|t| t.get(..7).unwrap_or(t));
                (
                    e.id.to_string(),
                    format!(
                        "{}, {} – {}",
                        e.occupation,
                        e.employer,
                        (p.period)(from, to)
                    ),
                )
            })
            .collect(),
        Section::Skills => view
            .skills
            .iter()
            .map(|s| (s.code.clone(), s.label.clone()))
            .collect(),
        Section::Languages => view
            .languages
            .iter()
            .map(|l| {
                (
                    l.lang.clone(),
                    format!("{}: {}", (p.language_name)(&l.lang), (p.cefr)(l.level)),
                )
            })
            .collect(),
        Section::Licences => view
            .licences
            .iter()
            .map(|l| (l.clone(), (p.licence)(l).to_string()))
            .collect(),
        Section::Contracts => view
            .contracts
            .iter()
            .map(|c| (c.clone(), choice("contract", c).to_string()))
            .collect(),
        Section::Desired => view
            .desired
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), format!("{} – {}", (p.rank)(i + 1), d.label)))
            .collect(),
        Section::Availability | Section::Presentation | Section::Visibility => Vec::new(),
    }
}

fn entries(
    t: &'static Messages,
    view: &ProfileView,
    section: Section,
    editable: bool,
) -> impl IntoView {
    let p = t.profile;
    let rows = items(t, view, section);
    if rows.is_empty() {
        return view! { <p class="profile-empty">{p.none_yet}</p> }.into_any();
    }
    let count = rows.len();
    view! {
        <ul class="profile-entries">
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, (key, text))| {
                    let raise = (editable && section == Section::Desired && i > 0).then(|| {
                        view! {
                            <form method="post" action=RaiseDesiredOccupation::PATH class="profile-inline">
                                <input type="hidden" name="occupation" value=key.clone() />
                                <button type="submit" class="btn btn-sm btn-outline-primary">
                                    {(p.raise)(&text)}
                                </button>
                            </form>
                        }
                    });
                    let remove = editable.then(|| {
                        view! {
                            <form method="post" action=RemoveProfileEntry::PATH class="profile-inline">
                                <input type="hidden" name="section" value=section.code() />
                                <input type="hidden" name="key" value=key.clone() />
                                <button type="submit" class="btn btn-sm btn-outline-danger">
                                    {p.remove}<span class="visually-hidden">": "{text.clone()}</span>
                                </button>
                            </form>
                        }
                    });
                    view! {
                        <li class="profile-entry">
                            <span class="profile-entry-text">{text.clone()}</span>
                            <span class="profile-entry-actions">{raise}{remove}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <p class="visually-hidden" aria-live="polite">{count.to_string()}</p>
    }
    .into_any()
}

/// A list of skills, each with its own add button.
fn skill_buttons(t: &'static Messages, skills: Vec<Labelled>) -> impl IntoView {
    let p = t.profile;
    view! {
        <ul class="profile-skill-options">
            {skills
                .into_iter()
                .map(|s| view! {
                    <li>
                        <form method="post" action=AddProfileEntry::PATH class="profile-inline">
                            <input type="hidden" name="section" value=Section::Skills.code() />
                            <input type="hidden" name="value" value=s.code.clone() />
                            <button type="submit" class="btn btn-sm btn-outline-primary">
                                {(p.add_named)(&s.label)}
                            </button>
                        </form>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// Suggestions from the person's occupations, and a text search over ESCO skills (a GET form:
/// the results come back on this page, no JavaScript needed).
fn skill_picker(
    t: &'static Messages,
    view: &ProfileView,
    hits: Option<Vec<Labelled>>,
) -> impl IntoView {
    let p = t.profile;
    let held: Vec<String> = view.skills.iter().map(|s| s.code.clone()).collect();
    let suggestions = if view.skill_suggestions.is_empty() {
        view! { <p>{p.skill_suggestions_none}</p> }.into_any()
    } else {
        skill_buttons(t, view.skill_suggestions.clone()).into_any()
    };
    let results = hits.map(|hits| {
        let hits: Vec<Labelled> = hits
            .into_iter()
            .filter(|h| !held.contains(&h.code))
            .collect();
        view! {
            <section aria-labelledby="skill-results" aria-live="polite">
                <h2 class="h5" id="skill-results">{p.skill_results}</h2>
                {if hits.is_empty() {
                    view! { <p>{p.skill_no_results}</p> }.into_any()
                } else {
                    skill_buttons(t, hits).into_any()
                }}
            </section>
        }
    });
    let q = query_param("q").unwrap_or_default();
    view! {
        <section aria-labelledby="skill-suggestions">
            <h2 class="h5" id="skill-suggestions">{p.skill_suggestions}</h2>
            {suggestions}
        </section>
        <form method="get" action=crate::domain::profile::section_path(Section::Skills) class="profile-search" role="search">
            <div class="form-group">
                <label for="f-q">{p.skill_search_label}</label>
                <input type="search" id="f-q" name="q" class="form-control" value=q minlength="2" />
            </div>
            <button type="submit" class="btn btn-primary">{p.skill_search_button}</button>
        </form>
        {results}
    }
}
