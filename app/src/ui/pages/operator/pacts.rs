//! `/operatore/patti`: the caseload of the operator's CPI — people with an open pact, those with
//! overdue items first, with counts of overdue, disputed and open items. Each person shown is an
//! audited read (`pacts/caseload`).

use crate::api::pacts::{operator_path, pact_caseload, Caseload};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use crate::ui::pages::appointments::display_day;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PactCaseloadPage() -> impl IntoView {
    let t = use_i18n();
    let p = t.pact;
    personal();
    let data = Resource::new(|| (), |_| pact_caseload(None));
    view! {
        <Title text=p.caseload_title />
        <h1>{p.caseload_title}</h1>
        <p class="lead">{p.caseload_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(c) => table(t, c),
                }
            })}
        </Suspense>
    }
}

fn table(t: &'static Messages, c: Caseload) -> AnyView {
    let p = t.pact;
    if c.entries.is_empty() {
        return view! { <p>{p.caseload_empty}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table pact-caseload">
                <caption>{(p.caseload_caption)(&c.cpi)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{p.col_person}</th>
                        <th scope="col">{p.pact_state_label}</th>
                        <th scope="col">{p.col_overdue}</th>
                        <th scope="col">{p.col_disputed}</th>
                        <th scope="col">{p.col_open}</th>
                        <th scope="col">{p.col_next}</th>
                    </tr>
                </thead>
                <tbody>
                    {c
                        .entries
                        .into_iter()
                        .map(|e| {
                            let late = e.overdue > 0;
                            view! {
                                <tr class:pact-late=late>
                                    <th scope="row">
                                        <a href=operator_path(e.person_id) aria-label=(p.open_pact)(&e.name)>{e.name.clone()}</a>
                                    </th>
                                    <td>{(p.pact_state)(e.state)}</td>
                                    <td>
                                        {e.overdue}
                                        {late.then(|| view! { " "<span class="badge pact-overdue">{p.overdue}</span> })}
                                    </td>
                                    <td>{e.disputed}</td>
                                    <td>{e.open}</td>
                                    <td>{e.next_deadline.as_deref().map(display_day).unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
