//! `/operatore/offerte/{id}/abbinamenti`: the people who fit a vacancy best, with the reasons. CPI
//! staff see names and pick candidates for the shortlist with checkboxes (a plain form post, no
//! JavaScript needed); a company member sees the same ranking anonymised.

use crate::api::applicants::SendCandidate;
use crate::api::matching::{
    candidates_path, vacancy_candidates, CandidateCard, CandidatesView, ShortlistEntry,
    ShortlistMatches, OUTCOME_PARAM, SENT_OUTCOME,
};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Messages};
use crate::ui::pages::account::{form_error_view, personal, query_param, refusal};
use crate::ui::pages::citizen::for_me::{percent, skill_namer};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CandidatesPage() -> impl IntoView {
    personal();
    let t = use_i18n();
    let m = t.matching;
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => vacancy_candidates(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let outcome = query_param(OUTCOME_PARAM);
    let sent = outcome.as_deref() == Some(SENT_OUTCOME);
    let added = outcome.and_then(|n| n.parse::<u32>().ok());
    view! {
        <Title text=m.candidates_title />
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => page(t, v, added, sent).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, v: CandidatesView, added: Option<u32>, sent: bool) -> impl IntoView {
    let m = t.matching;
    let skill = skill_namer(v.skills, use_locale());
    let back = if v.for_cpi {
        format!("/operatore/offerte/{}", v.vacancy_id)
    } else {
        format!("/impresa/offerte/{}", v.vacancy_id)
    };
    let intro = if v.for_cpi {
        m.candidates_intro_cpi
    } else {
        m.candidates_intro_company
    };
    let cards: Vec<AnyView> = v
        .candidates
        .into_iter()
        .map(|c| card(t, c, &skill, v.can_shortlist).into_any())
        .collect();
    let empty = cards.is_empty();
    let shortlist = v.for_cpi.then(|| cpi_shortlist(t, v.shortlist));
    let kpis = v.kpis.map(|(hours, hires)| {
        view! {
            <dl class="vacancy-kpis">
                <dt>{m.kpi_time_to_shortlist}</dt>
                <dd>{hours.map_or_else(|| m.kpi_none.to_string(), m.kpi_hours)}</dd>
                <dt>{m.kpi_hires}</dt>
                <dd>{hires}</dd>
            </dl>
        }
    });
    let list = view! { <ol class="match-list">{cards}</ol> };
    let body = if empty {
        view! { <p>{m.candidates_none}</p> }.into_any()
    } else if v.can_shortlist {
        view! {
            <form method="post" action=ShortlistMatches::url() class="match-shortlist">
                <input type="hidden" name="vacancy_id" value=v.vacancy_id.to_string() />
                <fieldset>
                    <legend>{m.shortlist_legend}</legend>
                    {list}
                </fieldset>
                <button type="submit" class="btn btn-primary">{m.shortlist_button}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            {v.for_cpi.then(|| view! { <p class="alert alert-warning">{m.shortlist_closed}</p> })}
            {list}
        }
        .into_any()
    };
    view! {
        <p><a href=back>{m.back_to_review}</a></p>
        <h1>{m.candidates_title}": "{v.title.clone()}</h1>
        <p class="lead">{intro}</p>
        <div aria-live="polite">
            {added.map(|n| view! { <div class="alert alert-success" role="status">{(m.shortlisted)(n)}</div> })}
            {sent.then(|| view! { <div class="alert alert-success" role="status">{m.sent_notice}</div> })}
        </div>
        {form_error_view(t)}
        {kpis}
        {shortlist}
        {body}
    }
}

fn card(
    t: &'static Messages,
    c: CandidateCard,
    skill: &dyn Fn(u32) -> String,
    selectable: bool,
) -> impl IntoView {
    let m = t.matching;
    let who = c
        .name
        .clone()
        .unwrap_or_else(|| (m.anonymous_candidate)(c.rank));
    let heading = format!("candidate-{}", c.rank);
    let reasons: Vec<String> = c
        .reasons
        .iter()
        .map(|r| m.reason(r, skill, false))
        .collect();
    let status = c
        .application
        .map(|s| format!("{}: {}", m.application_label, (t.applicants.status)(s)));
    let pick = match (selectable, c.person_id) {
        (true, Some(person)) => {
            let input = format!("pick-{person}");
            let checkbox = view! {
                <div class="form-check">
                    <input class="form-check-input" type="checkbox" id=input.clone()
                        name=format!("person_ids[{}]", c.rank) value=person.to_string()
                        disabled=c.application.is_some() />
                    <label class="form-check-label" for=input>{(m.choose)(&who)}</label>
                </div>
            };
            Some(checkbox)
        }
        _ => None,
    };
    view! {
        <li class="match card">
            <h2 id=heading class="h5">{who.clone()}</h2>
            <p class="match-meta">
                {c.comune.clone().unwrap_or_default()}
                " · "{(m.fit)(percent(c.score))}
            </p>
            {status.map(|s| view! { <p class="match-status"><span class="badge bg-primary">{s}</span></p> })}
            <h3 class="h6">{m.reasons_heading}</h3>
            <ul class="match-reasons">
                {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
            {pick}
        </li>
    }
}

/// The CPI's shortlist: each proposed person with their answer, and for those still shortlisted
/// (and not declined) a form sending them to the company.
fn cpi_shortlist(t: &'static Messages, entries: Vec<ShortlistEntry>) -> impl IntoView {
    let m = t.matching;
    let items: Vec<AnyView> = entries
        .into_iter()
        .map(|e| shortlist_item(t, e).into_any())
        .collect();
    let body = if items.is_empty() {
        view! { <p>{m.cpi_shortlist_none}</p> }.into_any()
    } else {
        view! { <ul class="cpi-shortlist list-unstyled">{items}</ul> }.into_any()
    };
    view! {
        <section class="cpi-shortlist-section" aria-labelledby="cpi-shortlist-heading">
            <h2 id="cpi-shortlist-heading">{m.cpi_shortlist_heading}</h2>
            {body}
        </section>
    }
}

fn shortlist_item(t: &'static Messages, e: ShortlistEntry) -> impl IntoView {
    let m = t.matching;
    let mut dates: Vec<String> = Vec::new();
    if let Some(d) = &e.shortlisted_on {
        dates.push((m.proposed_on)(d));
    }
    if let Some(d) = &e.answered_on {
        dates.push((m.answered_on)(d));
    }
    if let Some(d) = &e.sent_on {
        dates.push((m.sent_on)(d));
    }
    let form = e.sendable().then(|| {
        let agreed_id = format!("agreed-{}", e.application_id);
        let consent = if e.accepted() {
            view! { <p class="small">{m.accepted_online}</p> }.into_any()
        } else {
            view! {
                <div class="form-check">
                    <input class="form-check-input" type="checkbox" id=agreed_id.clone()
                        name="candidate_agreed" value="on" required=true />
                    <label class="form-check-label" for=agreed_id>{m.candidate_agreed}</label>
                </div>
            }
            .into_any()
        };
        view! {
            <form method="post" action=SendCandidate::url() class="cpi-send">
                <input type="hidden" name="application_id" value=e.application_id.to_string() />
                {consent}
                <button type="submit" class="btn btn-primary btn-sm">{(m.send_to_company)(&e.name)}</button>
            </form>
        }
    });
    view! {
        <li class="cpi-shortlist-item card">
            <h3 class="h6">{e.name.clone()}</h3>
            <p class="cpi-shortlist-meta">
                <span class="badge bg-primary">{(t.applicants.status)(e.status)}</span>
                " · "{m.proposal_answer_label}": "
                <strong>{(m.proposal_answer)(e.answer.as_deref())}</strong>
            </p>
            <p class="small">{dates.join(", ")}</p>
            {form}
        </li>
    }
}

/// The ranking's address, for links from other pages.
pub fn href(vacancy_id: i64) -> String {
    candidates_path(vacancy_id)
}
