//! `/area-personale/deleghe`: the citizen's mandates, revoke buttons, and the form to give one.

use super::{form_error_view, notice, personal, query_param, refusal};
use crate::api::mandates::{
    mandate_organisations, my_mandates, GrantMandate, MandateRow, MandateState, OrganisationOption,
    RevokeMandate, DURATION_CHOICES,
};
use crate::domain::policy::MandateScope;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn MandatesPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.account;
    personal();
    let mandates = Resource::new(|| (), |_| my_mandates());
    let organisations = Resource::new(|| (), |_| mandate_organisations());
    let outcome = match query_param("esito").as_deref() {
        Some("concessa") => Some(a.mandate_granted),
        Some("revocata") => Some(a.mandate_revoked),
        _ => None,
    };
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match (mandates.await, organisations.await) {
                    (Ok(rows), Ok(orgs)) => view! {
                        <Title text=a.mandates_title />
                        <h1>{a.mandates_title}</h1>
                        {notice(outcome)}
                        {form_error_view(t)}
                        <p class="lead">{a.mandates_intro}</p>
                        {list(t, rows)}
                        {grant_form(t, orgs)}
                    }
                        .into_any(),
                    (Err(error), _) | (_, Err(error)) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn list(t: &'static Messages, rows: Vec<MandateRow>) -> AnyView {
    let a = t.account;
    if rows.is_empty() {
        return view! { <p>{a.mandates_none}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table mandate-table">
                <caption>{a.mandates_table_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.mandate_organisation}</th>
                        <th scope="col">{a.mandate_scopes}</th>
                        <th scope="col">{a.mandate_period}</th>
                        <th scope="col">{a.mandate_state_heading}</th>
                        <th scope="col">{a.mandate_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|m| row(t, m)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn row(t: &'static Messages, m: MandateRow) -> impl IntoView {
    let a = t.account;
    let scopes = m
        .scopes
        .iter()
        .map(|s| (a.scope)(s))
        .collect::<Vec<_>>()
        .join(", ");
    let period = match &m.revoked_on {
        Some(on) => format!(
            "{}; {}",
            (a.mandate_valid)(&m.valid_from, &m.valid_to),
            (a.mandate_revoked_on)(on)
        ),
        None => (a.mandate_valid)(&m.valid_from, &m.valid_to),
    };
    let revocable = matches!(m.state, MandateState::Active | MandateState::NotYetValid);
    let action = revocable.then(|| {
        view! {
            <form method="post" action=RevokeMandate::PATH>
                <input type="hidden" name="mandate_id" value=m.id.to_string() />
                <button type="submit" class="btn btn-sm btn-outline-danger revoke-mandate">
                    {(a.mandate_revoke)(&m.organisation_name)}
                </button>
            </form>
        }
    });
    view! {
        <tr>
            <td>{m.organisation_name.clone()}</td>
            <td>{scopes}</td>
            <td>{period}</td>
            <td>{(a.mandate_state)(m.state)}</td>
            <td>{action}</td>
        </tr>
    }
}

fn grant_form(t: &'static Messages, orgs: Vec<OrganisationOption>) -> impl IntoView {
    let a = t.account;
    view! {
        <h2 id="grant-heading">{a.mandate_grant_heading}</h2>
        <form method="post" action=GrantMandate::PATH class="grant-mandate" aria-labelledby="grant-heading">
            <div class="form-group">
                <label for="organisation_id">{a.mandate_organisation}</label>
                <select id="organisation_id" name="organisation_id" class="form-select" required>
                    <option value="">{a.choose}</option>
                    {orgs
                        .into_iter()
                        .map(|o| view! { <option value=o.id.to_string()>{o.name}</option> })
                        .collect_view()}
                </select>
            </div>
            <fieldset class="form-group">
                <legend class="form-label">{a.mandate_scopes}</legend>
                {MandateScope::ALL
                    .into_iter()
                    .map(|s| {
                        let id = format!("scope-{}", s.code());
                        view! {
                            <div class="form-check">
                                <input type="checkbox" class="form-check-input" id=id.clone()
                                    name=s.code() value="on" />
                                <label class="form-check-label" for=id>{(a.scope)(s.code())}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="form-group">
                <label for="months">{a.mandate_duration}</label>
                <select id="months" name="months" class="form-select">
                    {DURATION_CHOICES
                        .into_iter()
                        .map(|n| {
                            view! { <option value=n.to_string() selected=n == 12>{(a.months)(n)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-primary">{a.mandate_grant_submit}</button>
        </form>
    }
}
