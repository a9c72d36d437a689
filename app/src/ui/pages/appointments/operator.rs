//! `/operatore/agenda`: an operator's (or supervisor's) day at a CPI — who is coming, how, about
//! which ticket — with attended / no-show buttons once an appointment began, and the no-show
//! report per CPI.

use super::{display_day, outcome_view, problem_view, query};
use crate::api::agenda::{
    no_show_report, operator_day, AgendaDay, AgendaEntry, MarkAppointment, NoShowLine,
};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const PAGE: &str = "/operatore/agenda";

#[component]
pub fn OperatorAgendaPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.appointments;
    personal();
    let cpi = query("cpi");
    let day = query("giorno");
    let from = query("da");
    let to = query("a");
    let data = Resource::new(move || (cpi.get(), day.get()), |(c, d)| operator_day(c, d));
    let report = Resource::new(
        move || (from.get(), to.get()),
        |(f, t)| no_show_report(f, t),
    );
    view! {
        <Title text=a.operator_title />
        <h1>{a.operator_title}</h1>
        {outcome_view(t)}
        {problem_view(t)}
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match (data.await, report.await) {
                    (Ok(agenda), Ok(lines)) => view! {
                        {day_view(t, agenda)}
                        {report_view(t, lines)}
                    }
                    .into_any(),
                    (Err(error), _) | (_, Err(error)) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn day_view(t: &'static Messages, agenda: AgendaDay) -> AnyView {
    let a = t.appointments;
    let cpi_field = (agenda.cpis.len() > 1).then(|| {
        view! {
            <div class="form-group">
                <label for="cpi">{a.cpi_label}</label>
                <select id="cpi" name="cpi" class="form-select">
                    {agenda
                        .cpis
                        .iter()
                        .map(|c| {
                            view! {
                                <option value=c.code.clone() selected=c.code == agenda.cpi>
                                    {c.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    });
    let chooser = view! {
        <form method="get" action=PAGE class="agenda-chooser">
            {cpi_field}
            <div class="form-group">
                <label for="giorno">{a.day_label}</label>
                <input type="date" id="giorno" name="giorno" class="form-control" value=agenda.day.clone() />
            </div>
            <button type="submit" class="btn btn-outline-primary">{a.show}</button>
        </form>
    };
    let caption = (a.agenda_caption)(&display_day(&agenda.day));
    let table = if agenda.entries.is_empty() {
        view! { <p>{a.agenda_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table agenda-table">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{a.when}</th>
                            <th scope="col">{a.person_heading}</th>
                            <th scope="col">{a.channel_heading}</th>
                            <th scope="col">{a.ticket_heading}</th>
                            <th scope="col">{a.state_heading}</th>
                            <th scope="col">{a.actions_heading}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {agenda.entries.into_iter().map(|e| entry(t, e)).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! { {chooser} {table} }.into_any()
}

fn entry(t: &'static Messages, e: AgendaEntry) -> impl IntoView {
    let a = t.appointments;
    let ticket = e.ticket_id.map(|id| {
        view! { <a href=format!("/sportello/pratiche/{id}")>{(a.ticket_ref)(id)}</a> }
    });
    let mark = e.markable.then(|| {
        view! {
            <form method="post" action=MarkAppointment::PATH class="mark-appointment">
                <input type="hidden" name="appointment_id" value=e.id.to_string() />
                <button type="submit" name="outcome" value="attended" class="btn btn-sm btn-success">
                    {(a.mark_attended)(&e.person_name)}
                </button>
                <button type="submit" name="outcome" value="no_show" class="btn btn-sm btn-outline-danger">
                    {(a.mark_no_show)(&e.person_name)}
                </button>
            </form>
        }
    });
    view! {
        <tr>
            <td>{e.time.clone()}</td>
            <td>{e.person_name.clone()}</td>
            <td>{(a.channel)(e.channel)}</td>
            <td>{ticket}</td>
            <td>{(a.state)(e.state)}</td>
            <td>{mark}</td>
        </tr>
    }
}

fn report_view(t: &'static Messages, lines: Vec<NoShowLine>) -> AnyView {
    let a = t.appointments;
    let form = view! {
        <form method="get" action=PAGE class="report-period">
            <div class="form-group">
                <label for="da">{a.from_label}</label>
                <input type="date" id="da" name="da" class="form-control" />
            </div>
            <div class="form-group">
                <label for="a">{a.to_label}</label>
                <input type="date" id="a" name="a" class="form-control" />
            </div>
            <button type="submit" class="btn btn-outline-primary">{a.show}</button>
        </form>
    };
    let table = if lines.is_empty() {
        view! { <p>{a.report_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table no-show-table">
                    <caption>{a.report_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{a.cpi_label}</th>
                            <th scope="col">{a.attended_heading}</th>
                            <th scope="col">{a.no_show_heading}</th>
                            <th scope="col">{a.booked_heading}</th>
                            <th scope="col">{a.cancelled_heading}</th>
                            <th scope="col">{a.rate_heading}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines
                            .into_iter()
                            .map(|l| {
                                let done = l.attended + l.no_show;
                                let rate = if done > 0 {
                                    format!("{}%", l.no_show * 100 / done)
                                } else {
                                    "—".to_string()
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{l.cpi_name.clone()}</th>
                                        <td>{l.attended}</td>
                                        <td>{l.no_show}</td>
                                        <td>{l.booked}</td>
                                        <td>{l.cancelled}</td>
                                        <td>{rate}</td>
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
        <h2>{a.report_heading}</h2>
        {form}
        {table}
    }
    .into_any()
}
