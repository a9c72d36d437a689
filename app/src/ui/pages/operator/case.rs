//! `/operatore/persone/{id}`: a person's case (presa in carico) for the staff of their CPI —
//! identity and contacts, every ticket, appointments, profile — in one view. The read is audited.

use super::console::tickets_table;
use crate::api::operator::{get_case, CaseView, CONSOLE_PAGE};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use crate::ui::pages::counter::when;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let case = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_case(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(v) => page(t, v).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, v: CaseView) -> impl IntoView {
    let c = t.counter;
    let profile = match &v.profile {
        Some(p) => view! {
            <dl class="case-profile">
                <dt>{(c.field_label)("eqf")}</dt>
                <dd>{p.education_title.clone().unwrap_or_default()}{p.eqf_level.map(|l| format!(" (EQF {l})"))}</dd>
                <dt>{t.account.client_occupations}</dt>
                <dd>{p.occupations.join(", ")}</dd>
            </dl>
        }
        .into_any(),
        None => view! { <p>{c.case_no_profile}</p> }.into_any(),
    };
    let appointments = if v.appointments.is_empty() {
        view! { <p>{c.case_no_appointments}</p> }.into_any()
    } else {
        view! {
            <ul>
                {v.appointments
                    .iter()
                    .map(|(at, channel, state)| {
                        use crate::domain::appointment::{AppointmentState, Channel};
                        let channel = Channel::parse(channel).map(t.appointments.channel).unwrap_or_default();
                        let state = AppointmentState::parse(state).map(t.appointments.state).unwrap_or_default();
                        view! { <li>{when(at)}" · "{channel}" · "{state}</li> }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Title text=(c.case_title)(&v.name) />
        <p><a href=CONSOLE_PAGE>{c.console_link}</a>" · "<a href=crate::api::pacts::operator_path(v.person_id)>{t.pact.link}</a>" · "<a href=crate::api::did::operator_did_path(v.person_id)>{t.did.case_link}</a></p>
        <h1>{(c.case_title)(&v.name)}</h1>
        <h2>{c.case_person}</h2>
        <dl class="case-person">
            <dt>{c.code_label}</dt><dd>{v.codice_fiscale.clone()}</dd>
            <dt>{c.birth_label}</dt><dd>{v.birth_date.clone()}</dd>
            <dt>{c.residence_label}</dt><dd>{v.residence.clone().unwrap_or_default()}</dd>
            <dt>{c.email_label}</dt><dd>{v.email.clone().unwrap_or_default()}</dd>
            <dt>{c.phone_label}</dt><dd>{v.phone.clone().unwrap_or_default()}</dd>
        </dl>
        <h2>{c.case_tickets}</h2>
        <p>{(c.case_counts)(v.messages, v.documents)}</p>
        {tickets_table(t, v.tickets)}
        <h2>{c.case_appointments}</h2>
        {appointments}
        <h2>{c.case_profile}</h2>
        {profile}
    }
}
