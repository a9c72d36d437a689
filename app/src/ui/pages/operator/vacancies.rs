//! `/operatore/offerte`: the CPI's queue of vacancies to review, oldest first.

use crate::api::vacancy_review::{review_path, review_queue, QueueView, QUEUE_PAGE};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use crate::ui::pages::counter::when;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let t = use_i18n();
    let r = t.review;
    personal();
    let query = use_query_map();
    let cpi = move || query.with(|q| q.get("cpi")).filter(|v| !v.is_empty());
    let queue = Resource::new(cpi, review_queue);
    let outcome = match query_param("esito").as_deref() {
        Some("approvata") => Some(r.outcome_approved),
        Some("modifiche") => Some(r.outcome_changes),
        Some("respinta") => Some(r.outcome_rejected),
        _ => None,
    };
    view! {
        <Title text=r.queue_title />
        <h1>{r.queue_title}</h1>
        {notice(outcome)}
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(v) => page(t, v).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, v: QueueView) -> impl IntoView {
    let r = t.review;
    let choose = (v.cpis.len() > 1).then(|| {
        view! {
            <form method="get" action=QUEUE_PAGE class="console-filters">
                <div class="filter-row">
                    <div class="form-group">
                        <label for="cpi" class="form-label">{r.cpi_label}</label>
                        <select id="cpi" name="cpi" class="form-select">
                            <option value="">{r.all_cpis}</option>
                            {v.cpis
                                .iter()
                                .map(|(code, name)| {
                                    let selected = v.cpi.as_deref() == Some(code.as_str());
                                    view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="btn btn-outline-primary">{r.show}</button>
                </div>
            </form>
        }
    });
    let table = if v.rows.is_empty() {
        view! { <p>{r.queue_empty}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table review-queue">
                    <caption>{r.queue_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{r.col_protocol}</th>
                            <th scope="col">{r.col_title}</th>
                            <th scope="col">{r.col_company}</th>
                            <th scope="col">{r.col_state}</th>
                            <th scope="col">{r.col_submitted}</th>
                            <th scope="col">{r.col_waiting}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.rows
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        <td>{row.protocol.clone().unwrap_or_else(|| r.no_protocol.to_string())}</td>
                                        <td><a href=review_path(row.id)>{row.title.clone()}</a></td>
                                        <td>{row.company_name.clone()}</td>
                                        <td>{(r.state)(row.state)}</td>
                                        <td>{row.submitted_at.as_deref().map(when).unwrap_or_default()}</td>
                                        <td>{(r.waiting_days)(row.waiting_days)}</td>
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
        <p class="lead">{r.queue_intro}</p>
        {choose}
        <p class="review-counts">{(r.counts)(v.submitted, v.in_review)}</p>
        {table}
    }
}
