//! `/operatore`: the queues of the operator's CPI (counts, oldest wait, SLA state, "call next"),
//! and its open tickets with filters. It updates itself when the queue changes.

use crate::api::counter::ticket_path;
use crate::api::operator::{
    operator_console, CallNext, ConsoleTicket, ConsoleView, TakeTicket, CONSOLE_PAGE,
};
use crate::domain::ticket::{SlaState, TicketState};
use crate::domain::wizard::counter_services;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use crate::ui::pages::counter::{service_title, when};
use crate::ui::widgets::live::use_live;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConsolePage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let query = use_query_map();
    let arg = move |name: &str| query.with(|q| q.get(name)).filter(|v| !v.is_empty());
    let filters = move || (arg("cpi"), arg("servizio"), arg("stato"), arg("mie"));
    let cpi_for_live = RwSignal::new(arg("cpi"));
    let live = use_live(Signal::derive(move || {
        cpi_for_live.get().map(|c| format!("/events?queue={c}"))
    }));
    let console = Resource::new(
        move || (filters(), live.get()),
        |((cpi, service, state, mine), _)| operator_console(cpi, service, state, mine),
    );
    let outcome = match query_param("esito").as_deref() {
        Some("vuota") => Some(t.counter.queue_empty),
        Some("trasferita") => Some(t.counter.transferred),
        _ => None,
    };
    view! {
        <Title text=t.counter.console_title />
        <h1>{t.counter.console_title}</h1>
        <p class="console-links">
            <a href=crate::api::vacancy_review::QUEUE_PAGE>{t.review.queue_title}</a>
            " · "<a href=crate::api::pacts::CASELOAD_PATH>{t.pact.caseload_link}</a>
        </p>
        {notice(outcome)}
        {form_error_view(t)}
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match console.await {
                    Ok(v) => {
                        if cpi_for_live.get_untracked().as_deref() != Some(v.cpi.as_str()) {
                            cpi_for_live.set(Some(v.cpi.clone()));
                        }
                        page(t, v, filters()).into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Transition>
    }
}

type Filters = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn sla_class(s: SlaState) -> &'static str {
    match s {
        SlaState::Overdue => "sla overdue",
        SlaState::DueSoon => "sla due-soon",
        SlaState::Paused => "sla paused",
        _ => "sla",
    }
}

fn page(t: &'static Messages, v: ConsoleView, (_, service, state, mine): Filters) -> impl IntoView {
    let c = t.counter;
    let cpi = v.cpi.clone();
    view! {
        <p class="lead">{c.console_intro}</p>
        <form method="get" action=CONSOLE_PAGE class="console-filters">
            <h2>{c.filters_heading}</h2>
            <div class="filter-row">
                <div class="form-group">
                    <label for="cpi" class="form-label">{c.cpi_label}</label>
                    <select id="cpi" name="cpi" class="form-select">
                        {v.cpis
                            .iter()
                            .map(|(code, name)| {
                                let selected = *code == v.cpi;
                                view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label for="servizio" class="form-label">{c.filter_service}</label>
                    <select id="servizio" name="servizio" class="form-select">
                        <option value="">{c.all}</option>
                        {counter_services()
                            .map(|s| {
                                let selected = service.as_deref() == Some(s.id.slug());
                                view! { <option value=s.id.slug() selected=selected>{service_title(t, s.id)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label for="stato" class="form-label">{c.filter_state}</label>
                    <select id="stato" name="stato" class="form-select">
                        <option value="">{c.all}</option>
                        {[TicketState::Open, TicketState::InProgress, TicketState::WaitingForRequester]
                            .into_iter()
                            .map(|s| {
                                let selected = state.as_deref() == Some(s.code());
                                view! { <option value=s.code() selected=selected>{(c.state)(s)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-check">
                    <input type="checkbox" class="form-check-input" id="mie" name="mie" value="1" checked=mine.is_some() />
                    <label class="form-check-label" for="mie">{c.filter_mine}</label>
                </div>
                <button type="submit" class="btn btn-outline-primary">{c.show}</button>
            </div>
        </form>
        <div class="table-responsive">
            <table class="table queues">
                <caption>{c.queues_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{c.col_service}</th>
                        <th scope="col">{c.col_waiting}</th>
                        <th scope="col">{c.col_in_progress}</th>
                        <th scope="col">{c.col_paused}</th>
                        <th scope="col">{c.col_oldest}</th>
                        <th scope="col">{c.col_sla}</th>
                        <th scope="col"><span class="visually-hidden">{c.call_next}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {v.queues
                        .iter()
                        .map(|q| {
                            let title = service_title(t, q.service);
                            view! {
                                <tr>
                                    <th scope="row">{title}</th>
                                    <td>{q.waiting}</td>
                                    <td>{q.in_progress}</td>
                                    <td>{q.waiting_for_requester}</td>
                                    <td>{q.oldest_wait_minutes.map(c.minutes).unwrap_or_default()}</td>
                                    <td class=sla_class(q.sla)>{(c.sla)(q.sla)}</td>
                                    <td>
                                        {(q.waiting > 0).then(|| view! {
                                            <form method="post" action=CallNext::PATH>
                                                <input type="hidden" name="cpi" value=cpi.clone() />
                                                <input type="hidden" name="service" value=q.service.slug() />
                                                <button type="submit" class="btn btn-sm btn-primary call-next"
                                                    aria-label=(c.call_next_named)(title)>{c.call_next}</button>
                                            </form>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <form method="post" action=CallNext::PATH>
            <input type="hidden" name="cpi" value=v.cpi.clone() />
            <button type="submit" class="btn btn-primary call-next-any">{c.call_next}</button>
        </form>
        <h2>{c.tickets_of_cpi}</h2>
        {tickets_table(t, v.tickets)}
    }
}

pub fn tickets_table(t: &'static Messages, tickets: Vec<ConsoleTicket>) -> AnyView {
    let c = t.counter;
    if tickets.is_empty() {
        return view! { <p>{c.queue_empty}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table console-tickets">
                <caption>{c.tickets_of_cpi}</caption>
                <thead>
                    <tr>
                        <th scope="col">{c.col_number}</th>
                        <th scope="col">{c.col_service}</th>
                        <th scope="col">{c.col_requester}</th>
                        <th scope="col">{c.col_state}</th>
                        <th scope="col">{c.col_date}</th>
                        <th scope="col">{c.col_assigned}</th>
                        <th scope="col">{c.col_sla}</th>
                        <th scope="col">{c.col_unread}</th>
                        <th scope="col"><span class="visually-hidden">{c.take}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {tickets
                        .into_iter()
                        .map(|r| {
                            let take = (r.state == TicketState::Open).then(|| view! {
                                <form method="post" action=TakeTicket::PATH>
                                    <input type="hidden" name="ticket_id" value=r.id.to_string() />
                                    <button type="submit" class="btn btn-sm btn-outline-primary"
                                        aria-label=format!("{}: {}", c.take, r.number)>{c.take}</button>
                                </form>
                            });
                            view! {
                                <tr>
                                    <td><a href=ticket_path(r.id)>{r.number.clone()}</a></td>
                                    <td>{service_title(t, r.service)}</td>
                                    <td>{r.requester_name.clone()}</td>
                                    <td>{(c.state)(r.state)}</td>
                                    <td>{when(&r.submitted_at)}</td>
                                    <td>{r.assigned_name.clone().unwrap_or_default()}</td>
                                    <td class=sla_class(r.sla)>{(c.sla)(r.sla)}</td>
                                    <td>{r.unread}</td>
                                    <td>{take}</td>
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
