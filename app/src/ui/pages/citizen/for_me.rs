//! `/area-personale/offerte-per-me`: the published vacancies that fit the person best, each with
//! its reasons as a list, the distance and a link to the vacancy.

use crate::api::matching::{jobs_for_me, ForMeView, JobForMe, SkillLabel};
use crate::i18n::{use_i18n, use_locale, Locale, Messages};
use crate::ui::pages::account::{personal, refusal};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForMePage() -> impl IntoView {
    personal();
    let t = use_i18n();
    let m = t.matching;
    let data = Resource::new(|| (), |_| jobs_for_me());
    view! {
        <Title text=m.for_me_title />
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => page(t, v).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

/// The label of a skill in the page's language.
pub fn skill_namer(skills: Vec<SkillLabel>, locale: Locale) -> impl Fn(u32) -> String {
    move |id| {
        skills
            .iter()
            .find(|s| s.id == id)
            .map(|s| match (locale, &s.label_it) {
                (Locale::It, Some(it)) => it.clone(),
                _ => s.label_en.clone(),
            })
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// A score in 0..=1 as a whole percentage.
pub fn percent(score: f32) -> u32 {
    (score.clamp(0.0, 1.0) * 100.0).round() as u32
}

fn page(t: &'static Messages, v: ForMeView) -> impl IntoView {
    let m = t.matching;
    let skill = skill_namer(v.skills, use_locale());
    let body = if !v.has_profile {
        view! {
            <p>{m.for_me_no_profile}</p>
            <p><a class="btn btn-primary" href="/area-personale/profilo">{m.profile_link}</a></p>
        }
        .into_any()
    } else if v.jobs.is_empty() {
        view! {
            <p>{m.for_me_none}</p>
            <p><a href="/area-personale/profilo">{m.profile_link}</a>" · "<a href=crate::api::jobs::JOBS_PAGE>{m.search_link}</a></p>
        }
        .into_any()
    } else {
        view! {
            <ol class="match-list">
                {v.jobs.into_iter().map(|j| job(t, j, &skill)).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <h1>{m.for_me_title}</h1>
        <p class="lead">{m.for_me_intro}</p>
        {v.acting.then(|| view! { <p class="alert alert-info" role="note">{m.for_me_acting}</p> })}
        {body}
    }
}

fn job(t: &'static Messages, j: JobForMe, skill: &dyn Fn(u32) -> String) -> impl IntoView {
    let m = t.matching;
    let heading = format!("match-{}", j.vacancy_id);
    let href = format!("/offerte/{}", j.vacancy_id);
    let place = [
        j.company
            .clone()
            .unwrap_or_else(|| m.company_anonymous.to_string()),
        j.comune.clone().unwrap_or_default(),
        (m.work_mode)(&j.work_mode).to_string(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    let reasons: Vec<String> = j.reasons.iter().map(|r| m.reason(r, skill, true)).collect();
    view! {
        <li class="match card">
            <h2 id=heading.clone() class="h4">{j.title.clone()}</h2>
            <p class="match-meta">{place}</p>
            <p class="match-score">{(m.fit)(percent(j.score))}</p>
            <h3 class="h6">{m.reasons_heading}</h3>
            <ul class="match-reasons">
                {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
            <p><a href=href class="btn btn-outline-primary btn-sm" aria-describedby=heading>{m.open_vacancy}</a></p>
        </li>
    }
}
