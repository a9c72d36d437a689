//! `/sportello/pratiche/{id}`: a ticket — the receipt, where it stands in the queue (live), the
//! answers sent, the thread, documents, and for the CPI's staff the actions that move it.

use super::{service_title, when};
use crate::api::counter::{PostMessage, TicketView, WithdrawRequest, MY_REQUESTS_PAGE};
use crate::api::operator::{
    case_path, get_ticket, AskRequester, CloseTicket, TakeTicket, TransferTicket, CONSOLE_PAGE,
};
use crate::domain::ticket::{TicketOutcome, TicketState};
use crate::domain::wizard::{counter_services, FieldKind, StepId};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use crate::ui::widgets::live::{use_live, LiveAnnouncer};
use crate::ui::widgets::ticket_documents::{upload_notice, TicketDocuments};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TicketPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    // Every change to the ticket or its queue arrives as an event: the page fetches itself again.
    let live = use_live(Signal::derive(move || {
        id().map(|id| format!("/events?ticket={id}"))
    }));
    let ticket = Resource::new(
        move || (id(), live.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_ticket(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let announcement = RwSignal::new(String::new());
    let outcome = match query_param("esito").as_deref() {
        Some("inviata") => Some(t.counter.receipt_title),
        Some("messaggio") => Some(t.counter.message_sent),
        Some("ritirata") => Some(t.counter.withdrawn),
        Some("richiesta") => Some(t.counter.asked),
        Some("chiusa") => Some(t.counter.closed),
        Some("presa") => Some(t.counter.taken),
        _ => None,
    };
    view! {
        <LiveAnnouncer message=announcement />
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(v) => {
                        if live.get_untracked() > 0 {
                            announcement.set(summary_line(t, &v));
                        }
                        page(t, v, outcome).into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Transition>
    }
}

/// What a screen reader hears when the page updates itself.
fn summary_line(t: &'static Messages, v: &TicketView) -> String {
    let c = t.counter;
    let mut line = (c.state)(v.state).to_string();
    if let Some(s) = &v.standing {
        line.push_str(". ");
        line.push_str(&(c.position)(s.position));
    }
    line
}

fn page(t: &'static Messages, v: TicketView, outcome: Option<&'static str>) -> impl IntoView {
    let c = t.counter;
    let submitted = when(&v.submitted_at);
    let receipt = (outcome == Some(c.receipt_title)).then(|| {
        view! {
            <div class="alert alert-success receipt" role="status">
                <h2>{c.receipt_title}</h2>
                <p>{(c.receipt_text)(&v.number, &submitted)}</p>
            </div>
        }
    });
    let other_notice = outcome.filter(|o| *o != c.receipt_title);
    let standing = v.standing.clone().map(|s| {
        view! {
            <div class="queue-standing" aria-live="polite">
                <p class="position">{(c.position)(s.position)}</p>
                <p class="estimate">
                    {match s.estimated_minutes {
                        Some(m) => (c.estimate)(m),
                        None => c.no_estimate.to_string(),
                    }}
                </p>
                <p class="form-text">{c.live_note}</p>
            </div>
        }
    });
    let waiting = (v.state == TicketState::WaitingForRequester && !v.can.staff && v.can.write)
        .then(
            || view! { <div class="alert alert-warning" role="status">{c.waiting_for_you}</div> },
        );
    let id = v.id;
    view! {
        <Title text=(c.ticket_title)(&v.number) />
        <nav class="breadcrumb-container" aria-label=t.breadcrumb_label>
            <ol class="breadcrumb">
                {if v.can.staff {
                    view! { <li class="breadcrumb-item"><a href=CONSOLE_PAGE>{c.console_title}</a></li> }.into_any()
                } else {
                    view! { <li class="breadcrumb-item"><a href=MY_REQUESTS_PAGE>{c.my_title}</a></li> }.into_any()
                }}
                <li class="breadcrumb-item active" aria-current="page">{v.number.clone()}</li>
            </ol>
        </nav>
        <h1>{(c.ticket_title)(&v.number)}</h1>
        {receipt}
        {notice(other_notice)}
        {upload_notice(t)}
        {form_error_view(t)}
        {waiting}
        <dl class="ticket-facts">
            <dt>{c.col_service}</dt><dd>{service_title(t, v.service)}</dd>
            <dt>{c.facts_cpi}</dt><dd>{v.cpi_name.clone()}</dd>
            <dt>{c.facts_submitted}</dt><dd>{submitted.clone()}</dd>
            <dt>{c.facts_state}</dt><dd class="ticket-state">{(c.state)(v.state)}</dd>
            {v.outcome.map(|o| view! { <dt>{c.facts_outcome}</dt><dd>{(c.outcome)(o)}</dd> })}
            {v.assigned_name.clone().map(|n| view! { <dt>{c.facts_assigned}</dt><dd>{n}</dd> })}
            {v.can.staff.then(|| view! { <dt>{c.facts_sla}</dt><dd>{(c.sla)(v.sla)}</dd> })}
        </dl>
        {standing}
        {v.can.staff.then(|| view! {
            <p><a href=case_path(v.requester_person_id)>{c.case_link}": "{v.requester_name.clone()}</a></p>
        })}
        {staff_actions(t, &v)}
        <h2 id="thread">{c.thread_heading}</h2>
        {thread(t, &v)}
        <TicketDocuments ticket_id=id can_upload=v.can.write />
        {(!v.can.staff && v.can.write).then(|| view! {
            <p><a href="/area-personale/appuntamenti">{c.book_slot}</a></p>
        })}
        <h2>{c.answers_heading}</h2>
        {answers(t, &v)}
        <h2>{c.history_heading}</h2>
        <ol class="ticket-history">
            {v.history
                .iter()
                .map(|(at, kind, who)| {
                    let who = who.clone().map(|w| format!(" — {w}")).unwrap_or_default();
                    view! { <li>{when(at)}" "{(c.event)(kind)}{who}</li> }
                })
                .collect_view()}
        </ol>
        {v.can.withdraw.then(|| view! {
            <form method="post" action=WithdrawRequest::PATH class="withdraw">
                <input type="hidden" name="ticket_id" value=id.to_string() />
                <button type="submit" class="btn btn-outline-danger">{c.withdraw}</button>
            </form>
        })}
    }
}

fn thread(t: &'static Messages, v: &TicketView) -> impl IntoView {
    let c = t.counter;
    let list = if v.messages.is_empty() {
        view! { <p>{c.thread_none}</p> }.into_any()
    } else {
        view! {
            <ol class="thread">
                {v.messages
                    .iter()
                    .map(|m| {
                        let who = if m.from_staff {
                            format!("{} ({})", c.from_cpi, m.author)
                        } else if m.mine {
                            c.from_you.to_string()
                        } else {
                            m.author.clone()
                        };
                        view! {
                            <li class="message" class:from-staff=m.from_staff>
                                <p class="message-meta">
                                    <strong>{who}</strong>" · "{when(&m.at)}
                                    {m.asks_documents.then(|| view! { " · " <span class="badge">{c.asks_documents}</span> })}
                                </p>
                                <p class="message-body">{m.body.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let form = v.can.write.then(|| {
        view! {
            <form method="post" action=PostMessage::PATH class="post-message">
                <input type="hidden" name="ticket_id" value=v.id.to_string() />
                <div class="form-group">
                    <label for="message-body" class="form-label">{c.message_label}</label>
                    <textarea id="message-body" name="body" class="form-control" rows="4" required
                        maxlength="4000"></textarea>
                </div>
                <button type="submit" class="btn btn-primary">{c.send}</button>
            </form>
        }
    });
    view! { {list} {form} }
}

fn answers(t: &'static Messages, v: &TicketView) -> impl IntoView {
    let c = t.counter;
    let mut current: Option<StepId> = None;
    let mut out = Vec::new();
    for (step, field, value) in &v.answers {
        if current != Some(*step) {
            current = Some(*step);
            out.push(
                view! { <dt class="answers-step">{(c.step_title)(*step)}</dt><dd></dd> }.into_any(),
            );
        }
        let shown = match step
            .fields()
            .iter()
            .find(|f| f.name == field)
            .map(|f| f.kind)
        {
            Some(FieldKind::Choice(_)) => (c.choice)(field, value).to_string(),
            _ => value.clone(),
        };
        out.push(view! { <dt>{(c.field_label)(field)}</dt><dd>{shown}</dd> }.into_any());
    }
    view! { <dl class="ticket-answers">{out}</dl> }
}

fn staff_actions(t: &'static Messages, v: &TicketView) -> Option<AnyView> {
    if !v.can.staff {
        return None;
    }
    let c = t.counter;
    let id = v.id.to_string();
    let take = (!v.assigned_to_me && v.state != TicketState::Closed).then(|| {
        view! {
            <form method="post" action=TakeTicket::PATH class="d-inline">
                <input type="hidden" name="ticket_id" value=id.clone() />
                <button type="submit" class="btn btn-primary take-ticket">{c.take}</button>
            </form>
        }
    });
    let assign = (!v.colleagues.is_empty() && v.state != TicketState::WaitingForRequester).then(|| {
        view! {
            <form method="post" action=TakeTicket::PATH class="assign-ticket">
                <input type="hidden" name="ticket_id" value=id.clone() />
                <label for="assign-user" class="form-label">{c.assign_label}</label>
                <select id="assign-user" name="user_id" class="form-select">
                    {v.colleagues
                        .iter()
                        .map(|(uid, name)| view! { <option value=uid.to_string()>{name.clone()}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="btn btn-outline-primary">{c.assign}</button>
            </form>
        }
    });
    let in_hand = matches!(
        v.state,
        TicketState::InProgress | TicketState::WaitingForRequester
    );
    let ask = (v.state == TicketState::InProgress).then(|| {
        view! {
            <form method="post" action=AskRequester::PATH class="ask-requester">
                <input type="hidden" name="ticket_id" value=id.clone() />
                <h3>{c.ask_heading}</h3>
                <label for="ask-body" class="form-label">{c.ask_label}</label>
                <textarea id="ask-body" name="body" class="form-control" rows="3" required maxlength="4000"></textarea>
                <button type="submit" class="btn btn-outline-primary">{c.ask}</button>
            </form>
        }
    });
    let transfer = in_hand.then(|| {
        view! {
            <form method="post" action=TransferTicket::PATH class="transfer-ticket">
                <input type="hidden" name="ticket_id" value=id.clone() />
                <h3>{c.transfer_heading}</h3>
                <label for="transfer-cpi" class="form-label">{c.cpi_label}</label>
                <select id="transfer-cpi" name="cpi" class="form-select">
                    {v.cpis
                        .iter()
                        .map(|(code, name)| {
                            let selected = *code == v.cpi_code;
                            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
                <label for="transfer-service" class="form-label">{c.col_service}</label>
                <select id="transfer-service" name="service" class="form-select">
                    {counter_services()
                        .map(|s| {
                            let selected = s.id == v.service;
                            view! { <option value=s.id.slug() selected=selected>{service_title(t, s.id)}</option> }
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="btn btn-outline-primary">{c.transfer}</button>
            </form>
        }
    });
    let close = in_hand.then(|| {
        view! {
            <form method="post" action=CloseTicket::PATH class="close-ticket">
                <input type="hidden" name="ticket_id" value=id.clone() />
                <h3>{c.close_heading}</h3>
                <label for="close-outcome" class="form-label">{c.close_label}</label>
                <select id="close-outcome" name="outcome" class="form-select">
                    {TicketOutcome::ALL
                        .into_iter()
                        .filter(|o| *o != TicketOutcome::Withdrawn)
                        .map(|o| view! { <option value=o.code()>{(c.outcome)(o)}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="btn btn-danger">{c.close}</button>
            </form>
        }
    });
    Some(
        view! {
            <section class="staff-actions" aria-labelledby="staff-actions-heading">
                <h2 id="staff-actions-heading">{c.staff_actions}</h2>
                {take}
                {assign}
                {ask}
                {transfer}
                {close}
            </section>
        }
        .into_any(),
    )
}
