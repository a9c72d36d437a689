//! `/area-personale/candidature`: the person's applications and CPI proposals with status, dates,
//! the company's outcome (its reason only when shared); withdraw; accept or decline a proposal.
//! The page follows the person's live topic and refetches when a status changes. Also the "apply"
//! form of a job page ([`ApplyForm`]).

use crate::api::my_applications::{
    list_my_applications, AnswerCpiProposal, ApplyToVacancy, MyApplication, MyApplications,
    WithdrawApplication, MAX_MESSAGE, OUTCOME_PARAM,
};
use crate::api::session::{session_info, RoleKind};
use crate::domain::application::ApplicationStatus;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, query_param, refusal};
use crate::ui::pages::appointments::display_day;
use crate::ui::widgets::form_errors::{problem_summary, ProblemWords};
use crate::ui::widgets::live::{use_live, LiveAnnouncer};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let t = use_i18n();
    let m = t.my_applications;
    personal();
    let person = RwSignal::new(None::<i64>);
    let live = use_live(Signal::derive(move || {
        person.get().map(|id| format!("/events?person={id}"))
    }));
    let data = Resource::new(move || live.get(), |_| list_my_applications());
    let announcement = RwSignal::new(String::new());
    view! {
        <Title text=m.title />
        <h1>{m.title}</h1>
        <p class="lead">{m.intro}</p>
        <p class="form-text">{m.live_note}</p>
        <LiveAnnouncer message=announcement />
        {outcome_view(t)}
        {problem_view(t)}
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(v) => {
                        if person.get_untracked() != Some(v.person_id) {
                            person.set(Some(v.person_id));
                        }
                        if live.get_untracked() > 0 {
                            announcement.set(m.updated.to_string());
                        }
                        list(t, v)
                    }
                }
            })}
        </Transition>
    }
}

fn outcome_view(t: &'static Messages) -> Option<AnyView> {
    query_param(OUTCOME_PARAM)
        .and_then(|code| (t.my_applications.outcome)(&code))
        .map(|text| {
            view! { <div class="alert alert-success" role="status">{text}</div> }.into_any()
        })
}

fn problem_view(t: &'static Messages) -> Option<AnyView> {
    let m = t.my_applications;
    problem_summary(
        t,
        ProblemWords {
            heading: m.problem,
            conflict: m.conflict,
            field: m.field,
        },
    )
}

fn list(t: &'static Messages, v: MyApplications) -> AnyView {
    let m = t.my_applications;
    let acting = v
        .acting
        .then(|| view! { <p class="alert alert-info">{m.acting_note}</p> });
    if v.applications.is_empty() {
        return view! { {acting}<p>{m.none}</p> }.into_any();
    }
    view! {
        {acting}
        <ul class="my-applications list-unstyled">
            {v.applications.into_iter().map(|a| card(t, a)).collect_view()}
        </ul>
    }
    .into_any()
}

fn card(t: &'static Messages, a: MyApplication) -> impl IntoView {
    let m = t.my_applications;
    let id = a.id.to_string();
    let heading = format!("candidatura-{}", a.id);
    let labelled_by = heading.clone();
    let reason = (a.status == ApplicationStatus::NotSelected).then(|| match a.reason {
        Some(r) => view! { <p><strong>{m.reason_label}": "</strong>{(t.applicants.reason)(r)}</p> }
            .into_any(),
        None => view! { <p class="small">{m.reason_private}</p> }.into_any(),
    });
    let message = a.message.clone().map(|text| {
        view! { <p><strong>{m.message_label}": "</strong>{text}</p> }
    });
    let proposal = a.awaiting_answer.then(|| {
        view! {
            <p>{m.proposal_explain}</p>
            <form method="post" action=AnswerCpiProposal::PATH class="d-inline">
                <input type="hidden" name="application_id" value=id.clone() />
                <button type="submit" name="answer" value="accepted" class="btn btn-primary btn-sm">{m.accept}</button>
                " "
                <button type="submit" name="answer" value="declined" class="btn btn-outline-secondary btn-sm">{m.decline}</button>
            </form>
        }
    });
    let answered = a
        .proposal_answer
        .as_deref()
        .map(|x| view! { <p class="small">{(m.answered)(x)}</p> });
    let withdraw = (a.can_withdraw && !a.awaiting_answer).then(|| {
        view! {
            <form method="post" action=WithdrawApplication::PATH class="d-inline">
                <input type="hidden" name="application_id" value=id.clone() />
                <button type="submit" class="btn btn-outline-danger btn-sm">{(m.withdraw)(&a.title)}</button>
            </form>
        }
    });
    view! {
        <li class=format!("card my-application status-{}", a.status.code()) aria-labelledby=labelled_by>
            <div class="card-body">
                <h2 id=heading class="h5">{a.title.clone()}</h2>
                <p class="small">{(m.source)(a.source)}</p>
                <dl class="my-application-facts">
                    <dt>{m.company_label}</dt><dd>{a.company.clone()}</dd>
                    <dt>{m.status_label}</dt>
                    <dd><span class="badge application-status">{(m.status)(a.status)}</span></dd>
                    <dt>{m.applied_on}</dt><dd>{display_day(&a.applied_on)}</dd>
                    <dt>{m.updated_on}</dt><dd>{display_day(&a.updated_on)}</dd>
                </dl>
                {reason}
                {message}
                {answered}
                {proposal}
                <p>
                    <a href=format!("/offerte/{}", a.vacancy_id)>{m.view_job}</a>
                </p>
                {withdraw}
            </div>
        </li>
    }
}

/// The "apply" form of a job page: for a logged-in user, a no-JS form with an optional message;
/// for anyone else, a link to log in.
#[component]
pub fn ApplyForm(vacancy_id: i64) -> impl IntoView {
    let t = use_i18n();
    let m = t.my_applications;
    let session = Resource::new(|| (), |_| session_info());
    view! {
        <section class="apply-form card" aria-labelledby="apply-heading">
            <div class="card-body">
                <h2 id="apply-heading" class="h4">{m.apply_heading}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = session.await.ok().and_then(|s| s.user);
                        let may_apply = user
                            .as_ref()
                            .is_some_and(|u| u.has(RoleKind::Citizen) || u.acting_for.is_some());
                        if may_apply {
                            view! {
                                <p>{m.apply_cv_note}</p>
                                <form method="post" action=ApplyToVacancy::PATH>
                                    <input type="hidden" name="vacancy_id" value=vacancy_id.to_string() />
                                    <label for="f-message">{m.apply_message_label}</label>
                                    <textarea id="f-message" class="form-control" name="message" rows="4"
                                        maxlength=MAX_MESSAGE.to_string() aria-describedby="f-message-hint"></textarea>
                                    <p id="f-message-hint" class="form-text">{m.apply_message_hint}</p>
                                    <button type="submit" class="btn btn-primary">{m.apply_submit}</button>
                                </form>
                            }
                            .into_any()
                        } else if user.is_none() {
                            view! { <p><a class="btn btn-outline-primary" href="/accesso">{m.apply_login}</a></p> }
                                .into_any()
                        } else {
                            ().into_any()
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}
