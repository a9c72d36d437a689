//! `/sportello/pratiche`: the requester's drafts (resume or delete) and tickets (with unread counts).

use super::{service_title, when};
use crate::api::counter::{
    draft_check_path, draft_step_path, my_requests, ticket_path, DiscardRequest, MyRequestsView,
    COUNTER_PAGE,
};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let data = Resource::new(|| (), |_| my_requests());
    let outcome = match query_param("esito").as_deref() {
        Some("eliminata") => Some(t.counter.discarded),
        _ => None,
    };
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => page(t, view, outcome).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, v: MyRequestsView, outcome: Option<&'static str>) -> impl IntoView {
    let c = t.counter;
    let drafts = if v.drafts.is_empty() {
        view! { <p>{c.drafts_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table">
                    <caption>{c.drafts_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.col_service}</th>
                            <th scope="col">{c.col_updated}</th>
                            <th scope="col"><span class="visually-hidden">{c.resume}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.drafts
                            .into_iter()
                            .map(|d| {
                                let href = match d.next_step {
                                    Some(step) => draft_step_path(d.id, step),
                                    None => draft_check_path(d.id),
                                };
                                let title = service_title(t, d.service);
                                view! {
                                    <tr>
                                        <td>{title}</td>
                                        <td>{when(&d.updated_at)}</td>
                                        <td class="actions">
                                            <a class="btn btn-sm btn-primary resume-draft" href=href
                                                aria-label=format!("{}: {}", c.resume, title)>{c.resume}</a>
                                            <form method="post" action=DiscardRequest::PATH class="d-inline">
                                                <input type="hidden" name="draft_id" value=d.id.to_string() />
                                                <button type="submit" class="btn btn-sm btn-outline-danger"
                                                    aria-label=format!("{}: {}", c.discard, title)>{c.discard}</button>
                                            </form>
                                        </td>
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
    let tickets = if v.tickets.is_empty() {
        view! { <p>{c.tickets_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table my-tickets">
                    <caption>{c.tickets_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.col_number}</th>
                            <th scope="col">{c.col_service}</th>
                            <th scope="col">{c.col_state}</th>
                            <th scope="col">{c.col_date}</th>
                            <th scope="col">{c.col_unread}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.tickets
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td><a href=ticket_path(r.id)>{r.number}</a></td>
                                        <td>{service_title(t, r.service)}</td>
                                        <td>{(c.state)(r.state)}</td>
                                        <td>{when(&r.submitted_at)}</td>
                                        <td>{(c.unread)(r.unread)}</td>
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
        <Title text=c.my_title />
        <h1>{c.my_title}</h1>
        {v.on_behalf.then(|| view! { <p class="callout-note">{(c.on_behalf)(&v.requester_name)}</p> })}
        {notice(outcome)}
        {form_error_view(t)}
        <p><a href=COUNTER_PAGE>{c.title}</a></p>
        <h2>{c.drafts_heading}</h2>
        {drafts}
        <h2>{c.tickets_heading}</h2>
        {tickets}
    }
}
