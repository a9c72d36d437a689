//! `/area-personale/accessi`: who saw or changed my data, when, and under which mandate.

use super::{personal, refusal};
use crate::api::audit::{my_access_log, AccessRow};
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccessLogPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let rows = Resource::new(|| (), |_| my_access_log());
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => table(t, rows).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn table(t: &'static Messages, rows: Vec<AccessRow>) -> impl IntoView {
    let a = t.account;
    let body = if rows.is_empty() {
        view! { <p>{a.access_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table access-log">
                    <caption>{a.access_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{a.access_when}</th>
                            <th scope="col">{a.access_who}</th>
                            <th scope="col">{a.access_what}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let when = r.at.replace('T', " ").trim_end_matches('Z').to_string();
                                let who = if r.by_self {
                                    a.access_you.to_string()
                                } else {
                                    r.actor.unwrap_or_else(|| a.access_system.to_string())
                                };
                                let via = r
                                    .via_mandate
                                    .map(|(id, org)| {
                                        view! { <br /><small>{(a.access_via_mandate)(id, &org)}</small> }
                                    });
                                view! {
                                    <tr>
                                        <td><time datetime=r.at>{when}</time></td>
                                        <td>{who}{via}</td>
                                        <td>{(a.audit_action)(&r.action)}</td>
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
        <Title text=a.access_title />
        <h1>{a.access_title}</h1>
        <p class="lead">{a.access_intro}</p>
        {body}
    }
}
