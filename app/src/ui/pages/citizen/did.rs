//! `/area-personale/did`: the person's DID at a glance — state and dates, history, the pact
//! interview, the certificate — and the parts the wizard and the operator's page share (identity
//! cross-check, state summary, history). Every action is a plain form post.

use crate::api::did::{
    did_step_path, get_did, ChangeDidState, DidPage, DidView, IdentityCheck, StartDid,
    CERTIFICATE_PATH, CHECK, OUTCOME_PARAM,
};
use crate::domain::did::{next_step, CloseReason, DidState};
use crate::i18n::did::DidMessages;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

pub type D = &'static DidMessages;

#[component]
pub fn DidOverviewPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let page = Resource::new(|| (), |_| async move { get_did(None).await });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => overview(t, p).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn overview(t: &'static Messages, p: DidPage) -> impl IntoView {
    let d = t.did;
    let outcome = query_param(OUTCOME_PARAM).and_then(|c| (d.outcome)(&c));
    let certifiable = p.certifiable();
    let body = match p.did.clone() {
        None => view! {
            <p>{d.no_did}</p>
            {start_form(d)}
        }
        .into_any(),
        Some(did) if did.state == DidState::Closed => view! {
            {state_summary(d, &did)}
            <p>{d.closed_did_note}</p>
            {start_form(d)}
            {history(d, &did)}
        }
        .into_any(),
        Some(did) if did.state == DidState::Draft => {
            let target = match next_step(&did.completed) {
                Some(step) => did_step_path(step),
                None => format!("{}/{CHECK}", crate::api::did::DID_PAGE),
            };
            view! {
                <div class="did-draft">
                    <p>{d.draft_in_progress}</p>
                    <p><a class="btn btn-primary" href=target>{d.continue_draft}</a></p>
                </div>
                {renounce_form(d, p.person_id, &did, d.discard_button)}
            }
            .into_any()
        }
        Some(did) => view! {
            {state_summary(d, &did)}
            {interview(d, &p, &did)}
            {history(d, &did)}
            {renounce_form(d, p.person_id, &did, d.renounce_button)}
        }
        .into_any(),
    };
    view! {
        <Title text=d.title />
        <h1>{d.title}</h1>
        {notice(outcome)}
        {form_error_view(t)}
        <p class="lead">{d.intro}</p>
        {body}
        {certifiable.then(|| view! {
            <section class="did-certificate" aria-labelledby="did-certificate-heading">
                <h2 id="did-certificate-heading">{d.certificate_heading}</h2>
                <p>{d.certificate_hint}</p>
                <p><a class="btn btn-outline-primary" href=CERTIFICATE_PATH download="">{d.certificate_link}</a></p>
            </section>
        })}
        {identity_section(d, &p.identity)}
    }
}

fn start_form(d: D) -> impl IntoView {
    view! {
        <form method="post" action=StartDid::PATH class="did-start">
            <button type="submit" class="btn btn-primary">{d.start_button}</button>
        </form>
    }
}

/// The holder's way out: closing the DID (or discarding the draft) as renounced.
fn renounce_form(d: D, person_id: i64, did: &DidView, button: &'static str) -> impl IntoView {
    view! {
        <section class="did-renounce" aria-labelledby="did-renounce-heading">
            <h2 id="did-renounce-heading" class="h5">{d.renounce_heading}</h2>
            <p>{d.renounce_hint}</p>
            <form method="post" action=ChangeDidState::PATH>
                <input type="hidden" name="person_id" value=person_id.to_string() />
                <input type="hidden" name="event" value="close" />
                <input type="hidden" name="reason" value=CloseReason::Renounced.as_str() />
                <input type="hidden" name="version" value=did.version.to_string() />
                <button type="submit" class="btn btn-outline-danger">{button}</button>
            </form>
        </section>
    }
}

/// The pact interview: the booked appointment, or free slots to book (after submission).
fn interview(d: D, p: &DidPage, did: &DidView) -> Option<AnyView> {
    if let Some(next) = &p.next_appointment {
        return Some(
            view! {
                <section class="did-interview" aria-labelledby="did-interview-heading">
                    <h2 id="did-interview-heading">{d.interview_heading}</h2>
                    <p>{d.interview_booked}" "<strong>{next.clone()}</strong></p>
                </section>
            }
            .into_any(),
        );
    }
    (did.state == DidState::Submitted).then(|| slot_offer(d, p, None).into_any())
}

/// Free slots of the DID's CPI as radio buttons, with a way to skip.
pub fn slot_offer(d: D, p: &DidPage, skip: Option<String>) -> impl IntoView {
    let form = if p.slots.is_empty() {
        view! { <p>{d.no_slots}</p> }.into_any()
    } else {
        view! {
            <form method="post" action=crate::api::did::BookDidSlot::PATH class="did-slots">
                <fieldset>
                    <legend>{d.slot_legend}</legend>
                    {p.slots
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let id = format!("slot-{}", s.id);
                            view! {
                                <div class="form-check">
                                    <input class="form-check-input" type="radio" name="slot_id" id=id.clone()
                                        value=s.id.to_string() checked=i == 0 />
                                    <label class="form-check-label" for=id>
                                        {s.when.clone()}" · "{(d.channel_name)(&s.channel)}
                                    </label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="btn btn-primary">{d.book_button}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="did-interview" aria-labelledby="did-interview-heading">
            <h2 id="did-interview-heading">{d.interview_heading}</h2>
            <p>{d.interview_offer}</p>
            {form}
            {skip.map(|href| view! { <p><a href=href>{d.skip_link}</a></p> })}
        </section>
    }
}

/// A date as Italians write it: `DD/MM/YYYY`.
pub fn display_date(date: crate::domain::codice_fiscale::CalendarDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// An ISO instant as a local date and time (Rome).
pub fn local(iso: &str) -> String {
    match crate::domain::session_policy::Timestamp::parse_iso(iso) {
        Ok(t) => crate::domain::appointment::local_date_time(t),
        Err(_) => iso.to_string(),
    }
}

/// State, since when, protocol, CPI and the dates of each state reached.
pub fn state_summary(d: D, did: &DidView) -> impl IntoView {
    let dates = [
        (d.submitted_label, did.submitted_at.clone()),
        (d.activated_label, did.activated_at.clone()),
        (d.suspended_label, did.suspended_at.clone()),
        (d.closed_label, did.closed_at.clone()),
    ];
    let state_class = format!("did-state did-state-{}", did.state.as_str());
    view! {
        <section class="did-summary" aria-labelledby="did-state-heading">
            <h2 id="did-state-heading">{d.state_heading}</h2>
            <p class=state_class aria-live="polite">
                {d.state_label}": "<strong>{(d.state_name)(did.state)}</strong>
                {did.since.as_deref().map(|s| view! { " · "{d.since_label}" "{local(s)} })}
            </p>
            <dl class="did-facts">
                {did.protocol.clone().map(|p| view! { <dt>{d.protocol_label}</dt><dd>{p}</dd> })}
                {did.cpi_name.clone().map(|c| view! { <dt>{d.cpi_label}</dt><dd>{c}</dd> })}
                {did.residence_name.clone().map(|c| view! { <dt>{d.residence_label}</dt><dd>{c}</dd> })}
                {did.domicile_name.clone().map(|c| view! { <dt>{d.domicile_label}</dt><dd>{c}</dd> })}
                {dates
                    .into_iter()
                    .filter_map(|(label, at)| at.map(|at| view! { <dt>{label}</dt><dd>{local(&at)}</dd> }))
                    .collect_view()}
                {did.reason.clone().map(|r| view! { <dt>{d.reason_label}</dt><dd>{(d.reason_name)(&r)}</dd> })}
            </dl>
        </section>
    }
}

/// The append-only history of the DID.
pub fn history(d: D, did: &DidView) -> impl IntoView {
    view! {
        <section class="did-history" aria-labelledby="did-history-heading">
            <h2 id="did-history-heading">{d.history_heading}</h2>
            <div class="table-responsive">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{d.history_when}</th>
                            <th scope="col">{d.history_change}</th>
                            <th scope="col">{d.reason_label}</th>
                            <th scope="col">{d.history_who}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {did.history
                            .iter()
                            .map(|h| {
                                let change = match h.from {
                                    None => d.history_created.to_string(),
                                    Some(from) => format!("{} → {}", (d.state_name)(from), (d.state_name)(h.to)),
                                };
                                view! {
                                    <tr>
                                        <td>{local(&h.at)}</td>
                                        <td>{change}</td>
                                        <td>{h.reason.as_deref().map(d.reason_name).unwrap_or("")}</td>
                                        <td>{h.actor.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The registry's identity next to what the codice fiscale encodes, with every disagreement.
pub fn identity_section(d: D, id: &IdentityCheck) -> impl IntoView {
    let place = |code: &str, name: &Option<String>| match name {
        Some(n) => format!("{n} ({code})"),
        None => code.to_string(),
    };
    let registry_place = place(&id.birth_place, &id.birth_place_name);
    let derived = id.derived.clone();
    let derived_date = derived
        .as_ref()
        .map(|x| display_date(x.birth_date))
        .unwrap_or_default();
    let derived_sex = derived
        .as_ref()
        .map(|x| (d.sex_name)(x.sex))
        .unwrap_or_default();
    let derived_place = derived
        .as_ref()
        .map(|x| place(&x.birth_place, &id.derived_place_name))
        .unwrap_or_default();
    let status = if id.mismatches.is_empty() {
        view! { <p class="did-identity-ok" role="status">{d.identity_ok}</p> }.into_any()
    } else {
        view! {
            <div class="alert alert-danger did-identity-mismatch" role="alert">
                <h3 class="h5">{d.identity_mismatch_title}</h3>
                <ul>{id.mismatches.iter().map(|m| view! { <li>{(d.mismatch_name)(*m)}</li> }).collect_view()}</ul>
                <p>{d.identity_mismatch_help}</p>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="did-identity" aria-labelledby="did-identity-heading">
            <h2 id="did-identity-heading">{d.identity_heading}</h2>
            <p>{d.identity_intro}</p>
            <dl class="did-facts">
                <dt>{d.name_label}</dt><dd>{format!("{} {}", id.given_name, id.family_name)}</dd>
                <dt>{d.cf_label}</dt><dd class="text-monospace">{id.codice_fiscale.clone()}</dd>
            </dl>
            <div class="table-responsive">
                <table class="table did-identity-table">
                    <thead>
                        <tr>
                            <th scope="col">{d.datum_column}</th>
                            <th scope="col">{d.registry_column}</th>
                            <th scope="col">{d.code_column}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr><th scope="row">{d.birth_date_label}</th><td>{display_date(id.birth_date)}</td><td>{derived_date}</td></tr>
                        <tr><th scope="row">{d.sex_label}</th><td>{(d.sex_name)(id.sex)}</td><td>{derived_sex}</td></tr>
                        <tr><th scope="row">{d.birth_place_label}</th><td>{registry_place}</td><td>{derived_place}</td></tr>
                    </tbody>
                </table>
            </div>
            {status}
        </section>
    }
}
