//! `/intermediario`: the intermediary's clients (mandates held by their organisation) and
//! `/intermediario/cliente`: the client they are acting for, with what the mandate opens.

use super::{form_error_view, personal, refusal};
use crate::api::mandates::{
    acting_client, acting_client_profile, client_mandates, ActForClient, ClientOverview,
    MandateRow, MandateState, ProfileSummary, StopActing,
};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn ClientsPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let rows = Resource::new(|| (), |_| client_mandates());
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => clients(t, rows).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn clients(t: &'static Messages, rows: Vec<MandateRow>) -> impl IntoView {
    let a = t.account;
    let body = if rows.is_empty() {
        view! { <p>{a.clients_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table client-table">
                    <caption>{a.clients_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{a.client_name}</th>
                            <th scope="col">{a.mandate_scopes}</th>
                            <th scope="col">{a.mandate_period}</th>
                            <th scope="col">{a.mandate_state_heading}</th>
                            <th scope="col">{a.mandate_actions}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|m| {
                                let scopes = m
                                    .scopes
                                    .iter()
                                    .map(|s| (a.scope)(s))
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                let action = (m.state == MandateState::Active).then(|| {
                                    view! {
                                        <form method="post" action=ActForClient::PATH>
                                            <input type="hidden" name="mandate_id" value=m.id.to_string() />
                                            <button type="submit" class="btn btn-sm btn-primary act-for">
                                                {(a.act_for)(&m.delegator_name)}
                                            </button>
                                        </form>
                                    }
                                });
                                view! {
                                    <tr>
                                        <td>{m.delegator_name.clone()}<br /><small>{m.delegator_code.clone()}</small></td>
                                        <td>{scopes}</td>
                                        <td>{(a.mandate_valid)(&m.valid_from, &m.valid_to)}</td>
                                        <td>{(a.mandate_state)(m.state)}</td>
                                        <td>{action}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=a.clients_title />
        <h1>{a.clients_title}</h1>
        {form_error_view(t)}
        <p class="lead">{a.clients_intro}</p>
        {body}
    }
}

#[component]
pub fn ClientPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let client = Resource::new(|| (), |_| acting_client());
    let profile = Resource::new(|| (), |_| acting_client_profile());
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let profile = profile.await;
                match client.await {
                    Ok(client) => client_view(t, client, profile).into_any(),
                    Err(AppError::NotFound) => {
                        let a = t.account;
                        view! {
                            <Title text=a.client_title />
                            <h1>{a.client_title}</h1>
                            <p class="client-not-acting">{a.client_not_acting}</p>
                            <p><a href="/intermediario">{a.clients_title}</a></p>
                        }
                            .into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn client_view(
    t: &'static Messages,
    c: ClientOverview,
    profile: Result<Option<ProfileSummary>, AppError>,
) -> impl IntoView {
    let a = t.account;
    let profile = match profile {
        Ok(Some(p)) => {
            let occupations = p.occupations.join(", ");
            view! {
                <dl class="client-profile">
                    <dt>{a.client_education}</dt>
                    <dd>{p.education_title.unwrap_or_else(|| "—".into())}</dd>
                    <dt>{a.client_eqf}</dt>
                    <dd>{p.eqf_level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>{a.client_available_from}</dt>
                    <dd>{p.available_from.unwrap_or_else(|| "—".into())}</dd>
                    <dt>{a.client_occupations}</dt>
                    <dd>{occupations}</dd>
                </dl>
            }
            .into_any()
        }
        Ok(None) => view! { <p>{a.client_no_profile}</p> }.into_any(),
        Err(AppError::NotFound) => view! { <p>{a.client_profile_not_covered}</p> }.into_any(),
        Err(error) => refusal(t, error),
    };
    view! {
        <Title text=a.client_title />
        <h1>{a.client_title}": "{c.name.clone()}</h1>
        <p>{a.client_code}": "{c.code}" · "{(a.client_mandate_until)(&c.valid_to)}</p>
        <h2 class="h4">{a.client_profile_heading}</h2>
        {profile}
        {c.scopes.iter().any(|s| s == "messages").then(|| view! {
            <ul class="link-list">
                <li><a href=crate::api::counter::COUNTER_PAGE>{t.counter.title}</a></li>
                <li><a href=crate::api::counter::MY_REQUESTS_PAGE>{t.counter.my_requests_link}</a></li>
            </ul>
        })}
        <form method="post" action=StopActing::PATH>
            <button type="submit" class="btn btn-outline-secondary stop-acting">{a.client_stop}</button>
        </form>
    }
}
