//! `/operatore/persone/{id}/did`: a person's DID for the staff of its CPI — the identity
//! cross-check, state, dates and history, and the moves staff make (activate at the pact
//! interview, suspend for a short job, reactivate, close with a reason). Plain form posts.

use crate::api::did::{get_did, ChangeDidState, DidPage, DidView, OUTCOME_PARAM};
use crate::domain::did::{CloseReason, DidState, SuspendReason};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use crate::ui::pages::citizen::did::{history, identity_section, state_summary, D};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OperatorDidPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_did(Some(id)).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => operator_page(t, p).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn operator_page(t: &'static Messages, p: DidPage) -> impl IntoView {
    let d = t.did;
    let outcome = query_param(OUTCOME_PARAM).and_then(|c| (d.outcome)(&c));
    let name = format!("{} {}", p.identity.given_name, p.identity.family_name);
    let case_path = format!("/operatore/persone/{}", p.person_id);
    let body = match &p.did {
        None => view! { <p>{d.no_did}</p> }.into_any(),
        Some(did) => view! {
            {state_summary(d, did)}
            {actions(d, p.person_id, did)}
            {history(d, did)}
        }
        .into_any(),
    };
    view! {
        <Title text=format!("{} — {name}", d.operator_title) />
        <p><a href=case_path>{name.clone()}</a></p>
        <h1>{d.operator_title}": "{name}</h1>
        {notice(outcome)}
        {form_error_view(t)}
        {body}
        {identity_section(d, &p.identity)}
    }
}

fn hidden(person_id: i64, did: &DidView, event: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="person_id" value=person_id.to_string() />
        <input type="hidden" name="event" value=event />
        <input type="hidden" name="version" value=did.version.to_string() />
    }
}

fn reason_select(
    d: D,
    id: &'static str,
    label: &'static str,
    codes: Vec<&'static str>,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <label for=id class="form-label">{label}</label>
            <select id=id name="reason" class="form-select" required>
                <option value="">{d.choose}</option>
                {codes
                    .into_iter()
                    .map(|c| view! { <option value=c>{(d.reason_name)(c)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The moves staff may make from the current state.
fn actions(d: D, person_id: i64, did: &DidView) -> impl IntoView {
    let simple = |event: &'static str, label: &'static str| {
        view! {
            <form method="post" action=ChangeDidState::PATH class="did-action">
                {hidden(person_id, did, event)}
                <button type="submit" class="btn btn-primary">{label}</button>
            </form>
        }
    };
    let activate =
        (did.state == DidState::Submitted).then(|| simple("activate", d.activate_button));
    let reactivate =
        (did.state == DidState::Suspended).then(|| simple("reactivate", d.reactivate_button));
    let suspend = (did.state == DidState::Active).then(|| {
        view! {
            <form method="post" action=ChangeDidState::PATH class="did-action">
                {hidden(person_id, did, "suspend")}
                {reason_select(d, "did-suspend-reason", d.suspend_reason_label,
                    SuspendReason::ALL.iter().map(|r| r.as_str()).collect())}
                <button type="submit" class="btn btn-outline-primary">{d.suspend_button}</button>
            </form>
        }
    });
    let close = matches!(
        did.state,
        DidState::Submitted | DidState::Active | DidState::Suspended
    )
    .then(|| {
        view! {
            <form method="post" action=ChangeDidState::PATH class="did-action">
                {hidden(person_id, did, "close")}
                {reason_select(d, "did-close-reason", d.close_reason_label,
                    CloseReason::ALL.iter().map(|r| r.as_str()).collect())}
                <button type="submit" class="btn btn-outline-danger">{d.close_button}</button>
            </form>
        }
    });
    let none = matches!(did.state, DidState::Draft | DidState::Closed);
    view! {
        <section class="did-actions" aria-labelledby="did-actions-heading">
            <h2 id="did-actions-heading">{d.actions_heading}</h2>
            {none.then(|| view! { <p>{d.no_actions}</p> })}
            {activate}
            {suspend}
            {reactivate}
            {close}
        </section>
    }
}
