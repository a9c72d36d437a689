//! `/area-personale/appuntamenti`: the person's appointments (cancel, move, `.ics`) and the free
//! slots of their competent CPI by day, to book or to move an appointment to.

use super::{display_day, outcome_view, problem_view, query};
use crate::api::appointments::{
    my_appointments, AppointmentView, AppointmentsOverview, BookAppointment, CancelAppointment,
    FreeSlot, RescheduleAppointment,
};
use crate::domain::appointment::{AppointmentState, Channel};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const PAGE: &str = "/area-personale/appuntamenti";

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.appointments;
    personal();
    let channel = query("canale");
    let moving = query("sposta");
    let ticket = query("pratica");
    let data = Resource::new(move || channel.get(), my_appointments);
    view! {
        <Title text=a.title />
        <h1>{a.title}</h1>
        {outcome_view(t)}
        {problem_view(t)}
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(overview) => {
                        let moving = moving
                            .get_untracked()
                            .and_then(|id| id.parse::<i64>().ok())
                            .and_then(|id| {
                                overview
                                    .appointments
                                    .iter()
                                    .find(|x| x.id == id && x.changeable)
                                    .cloned()
                            });
                        page(t, overview, moving, ticket.get_untracked(), channel.get_untracked())
                    }
                }
            })}
        </Suspense>
    }
}

fn page(
    t: &'static Messages,
    overview: AppointmentsOverview,
    moving: Option<AppointmentView>,
    ticket: Option<String>,
    channel: Option<String>,
) -> AnyView {
    let a = t.appointments;
    let acting = overview
        .acting
        .then(|| view! { <p class="alert alert-info">{a.acting_for}</p> });
    view! {
        <p class="lead">{a.intro}</p>
        {acting}
        <h2>{a.mine_heading}</h2>
        {mine(t, &overview.appointments)}
        {free(t, &overview, moving, ticket, channel)}
    }
    .into_any()
}

fn mine(t: &'static Messages, list: &[AppointmentView]) -> AnyView {
    let a = t.appointments;
    if list.is_empty() {
        return view! { <p>{a.mine_none}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table appointment-table">
                <caption>{a.mine_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.when}</th>
                        <th scope="col">{a.channel_heading}</th>
                        <th scope="col">{a.where_heading}</th>
                        <th scope="col">{a.state_heading}</th>
                        <th scope="col">{a.actions_heading}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.iter().cloned().map(|x| row(t, x)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn row(t: &'static Messages, x: AppointmentView) -> impl IntoView {
    let a = t.appointments;
    let ics = format!("{PAGE}/{}/ics", x.id);
    let ticket = x
        .ticket_id
        .map(|id| view! { <br /><span>{(a.ticket_ref)(id)}</span> });
    let changes = x.changeable.then(|| {
        view! {
            <a class="btn btn-sm btn-outline-primary" href=format!("{PAGE}?sposta={}", x.id)>
                {a.reschedule}
            </a>
            <form method="post" action=CancelAppointment::PATH class="d-inline">
                <input type="hidden" name="appointment_id" value=x.id.to_string() />
                <button type="submit" class="btn btn-sm btn-outline-danger">{a.cancel}</button>
            </form>
        }
    });
    let live = x.state != AppointmentState::Cancelled;
    view! {
        <tr class:appointment-cancelled=!live>
            <td>{x.when.clone()}</td>
            <td>{(a.channel)(x.channel)}</td>
            <td>{x.cpi_name.clone()}<br /><span class="small">{x.cpi_address.clone()}</span>{ticket}</td>
            <td>{(a.state)(x.state)}</td>
            <td class="appointment-actions">
                {changes}
                <a class="btn btn-sm btn-link" href=ics download="">{a.download_ics}</a>
            </td>
        </tr>
    }
}

/// Free slots grouped by local day, in order.
fn by_day(slots: &[FreeSlot]) -> Vec<(String, u8, Vec<FreeSlot>)> {
    let mut days: Vec<(String, u8, Vec<FreeSlot>)> = Vec::new();
    for s in slots {
        match days.last_mut() {
            Some((day, _, list)) if *day == s.day => list.push(s.clone()),
            _ => days.push((s.day.clone(), s.weekday, vec![s.clone()])),
        }
    }
    days
}

fn free(
    t: &'static Messages,
    overview: &AppointmentsOverview,
    moving: Option<AppointmentView>,
    ticket: Option<String>,
    channel: Option<String>,
) -> AnyView {
    let a = t.appointments;
    if !overview.has_cpi {
        return view! { <h2>{a.free_heading}</h2><p>{a.no_cpi}</p> }.into_any();
    }
    let heading = match &moving {
        Some(m) => (a.reschedule_heading)(&m.when),
        None => a.free_heading.to_string(),
    };
    let cancel_move = moving
        .is_some()
        .then(|| view! { <p><a href=PAGE>{a.reschedule_cancel}</a></p> });
    let filters = filter_form(t, &moving, &ticket, channel);
    let days = by_day(&overview.free);
    let body = if days.is_empty() {
        view! { <p>{a.free_none}</p> }.into_any()
    } else {
        days.into_iter()
            .map(|(day, weekday, slots)| {
                let title = (a.day_heading)((a.weekday)(weekday), &display_day(&day));
                view! {
                    <section class="slot-day">
                        <h3 class="h5">{title}</h3>
                        <ul class="slot-list">
                            {slots
                                .into_iter()
                                .map(|s| slot_form(t, s, &moving, &ticket))
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h2 id="free-heading">{heading}</h2>
        {cancel_move}
        {filters}
        {body}
    }
    .into_any()
}

fn filter_form(
    t: &'static Messages,
    moving: &Option<AppointmentView>,
    ticket: &Option<String>,
    channel: Option<String>,
) -> impl IntoView {
    let a = t.appointments;
    let current = channel.unwrap_or_default();
    let keep_move = moving
        .as_ref()
        .map(|m| view! { <input type="hidden" name="sposta" value=m.id.to_string() /> });
    let ticket_field = moving.is_none().then(|| {
        view! {
            <div class="form-group">
                <label for="pratica">{a.ticket_label}</label>
                <input type="text" inputmode="numeric" id="pratica" name="pratica" class="form-control"
                    aria-describedby="pratica-hint" value=ticket.clone().unwrap_or_default() />
                <small id="pratica-hint" class="form-text">{a.ticket_hint}</small>
            </div>
        }
    });
    view! {
        <form method="get" action=PAGE class="slot-filter">
            {keep_move}
            <div class="form-group">
                <label for="canale">{a.channel_heading}</label>
                <select id="canale" name="canale" class="form-select">
                    <option value="" selected=current.is_empty()>{a.all_channels}</option>
                    {Channel::ALL
                        .into_iter()
                        .map(|c| {
                            view! {
                                <option value=c.as_str() selected=current == c.as_str()>
                                    {(a.channel)(c)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {ticket_field}
            <button type="submit" class="btn btn-outline-primary">{a.show}</button>
        </form>
    }
}

fn slot_form(
    t: &'static Messages,
    s: FreeSlot,
    moving: &Option<AppointmentView>,
    ticket: &Option<String>,
) -> impl IntoView {
    let a = t.appointments;
    let channel = (a.channel)(s.channel);
    let seats = (a.seats_left)(s.seats_left);
    let form = match moving {
        Some(m) => view! {
            <form method="post" action=RescheduleAppointment::PATH>
                <input type="hidden" name="appointment_id" value=m.id.to_string() />
                <input type="hidden" name="slot_id" value=s.id.to_string() />
                <button type="submit" class="btn btn-primary slot-button">
                    {(a.move_here)(&s.time, channel)}
                </button>
            </form>
        }
        .into_any(),
        None => {
            let ticket = ticket
                .clone()
                .map(|id| view! { <input type="hidden" name="ticket_id" value=id /> });
            view! {
                <form method="post" action=BookAppointment::PATH>
                    <input type="hidden" name="slot_id" value=s.id.to_string() />
                    {ticket}
                    <button type="submit" class="btn btn-primary slot-button">
                        {(a.book)(&s.time, channel)}
                    </button>
                </form>
            }
            .into_any()
        }
    };
    view! { <li class="slot-item">{form}<span class="slot-seats">{seats}</span></li> }
}
