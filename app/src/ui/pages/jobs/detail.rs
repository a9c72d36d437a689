//! `/offerte/{id}`: one published vacancy, for anyone. The company is named only when the vacancy
//! is not anonymous; the only contact shown is the channel the company chose.

use crate::api::jobs::{get_job, job_posting_json, JobView, JOBS_PAGE};
use crate::api::vacancy_review::VacancyFacts;
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Messages};
use crate::ui::pages::account::refusal;
use crate::ui::pages::citizen::applications::ApplyForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn JobPage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
    };
    let job = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_job(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <p><a href=JOBS_PAGE>{t.review.back_to_jobs}</a></p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match job.await {
                    Ok(v) => page(t, v).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, v: JobView) -> impl IntoView {
    let r = t.review;
    let company = v
        .company_name
        .clone()
        .unwrap_or_else(|| r.anonymous_company.to_string());
    let description: String = v.facts.description.chars().take(155).collect();
    let posting = job_posting_json(&v);
    view! {
        <Title text=v.facts.title.clone() />
        <Meta name="description" content=description />
        <script type="application/ld+json" inner_html=posting></script>
        <article class="job">
            <h1>{v.facts.title.clone()}</h1>
            <p class="job-company">{company}</p>
            {v.facts.published_at.as_deref().and_then(|p| p.get(..10)).map(|d| view! {
                <p class="job-published">{(r.published_on)(d)}</p>
            })}
            <div class="job-description">
                {v.facts.description.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
            </div>
            {vacancy_facts(t, &v.facts)}
            <h2>{r.apply_heading}</h2>
            <p>{(r.apply_how)(v.facts.contact_channel.as_deref(), &v.facts.candidate_channel)}</p>
            {(v.facts.candidate_channel != "preselection").then(|| view! { <ApplyForm vacancy_id=v.facts.id /> })}
        </article>
    }
}

fn must_or_nice(r: &'static crate::i18n::review::ReviewMessages, must: bool) -> &'static str {
    if must {
        r.must
    } else {
        r.nice
    }
}

/// The facts of a vacancy as a description list (the public page and the reviewer's page).
pub fn vacancy_facts(t: &'static Messages, f: &VacancyFacts) -> impl IntoView {
    let r = t.review;
    let english = use_locale().code() == "en";
    let row = |label: &'static str, value: String| {
        view! { <div class="summary-row"><dt>{label}</dt><dd>{value}</dd></div> }
    };
    let mut pattern = Vec::new();
    if f.shifts {
        pattern.push(r.shifts);
    }
    if f.nights {
        pattern.push(r.nights);
    }
    if f.weekends {
        pattern.push(r.weekends);
    }
    let place = match (&f.comune, f.work_mode.as_str()) {
        (Some(c), "onsite") => c.clone(),
        (Some(c), mode) => format!("{c} · {}", (r.work_mode)(mode)),
        (None, mode) => (r.work_mode)(mode).to_string(),
    };
    let skills = |must: bool| {
        f.skills
            .iter()
            .filter(|s| s.3 == must)
            .map(|(_, it, en, _)| if english { en.clone() } else { it.clone() })
            .collect::<Vec<_>>()
    };
    let languages = |must: bool| {
        f.languages
            .iter()
            .filter(|l| l.2 == must)
            .map(|(lang, level, _)| format!("{} {level}", (r.language)(lang)))
            .collect::<Vec<_>>()
    };
    let licences = |must: bool| {
        f.licences
            .iter()
            .filter(|l| l.1 == must)
            .map(|(code, _)| code.clone())
            .collect::<Vec<_>>()
    };
    let requirement_rows = [true, false]
        .into_iter()
        .map(|must| {
            let heading = must_or_nice(r, must);
            let mut items: Vec<String> = Vec::new();
            if let Some(eqf) = f.eqf_min.filter(|_| f.eqf_required == must) {
                items.push((r.eqf)(eqf));
            }
            if f.experience_years > 0 && f.experience_required == must {
                items.push((r.experience)(f.experience_years));
            }
            let s = skills(must);
            if !s.is_empty() {
                items.push(format!("{}: {}", r.skills_label, s.join(", ")));
            }
            let l = languages(must);
            if !l.is_empty() {
                items.push(format!("{}: {}", r.languages_label, l.join(", ")));
            }
            let d = licences(must);
            if !d.is_empty() {
                items.push(format!("{}: {}", r.licences_label, d.join(", ")));
            }
            (!items.is_empty()).then(|| {
                view! {
                    <h3>{heading}</h3>
                    <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                }
            })
        })
        .collect_view();
    view! {
        <dl class="summary-list job-facts">
            {row(r.positions_label, f.positions.to_string())}
            {row(r.place_label, place)}
            {row(r.contract_label, (r.contract)(&f.contract_code))}
            {row(r.working_time_label, (r.working_time)(&f.working_time_code))}
            {f.hours_per_week.map(|h| row(r.hours_label, h.to_string()))}
            {(!pattern.is_empty()).then(|| row(r.pattern_label, pattern.join(", ")))}
            {row(r.salary_label, (r.salary)(f.salary_min, f.salary_max, &f.salary_period))}
            {row(r.start_label, f.start_date.clone())}
            {row(r.expires_label_public, f.expires_on.clone())}
            {f.ccnl.clone().filter(|c| !c.is_empty()).map(|c| row(r.ccnl_label, c))}
            {f.reserved_l68.then(|| row(r.l68_label, r.l68_yes.to_string()))}
        </dl>
        <section class="job-requirements">
            <h2>{r.requirements_heading}</h2>
            {requirement_rows}
        </section>
    }
}
