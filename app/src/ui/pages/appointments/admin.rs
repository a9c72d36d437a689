//! `/amministrazione/agenda`: administrators generate a CPI's bookable slots from a calendar rule
//! and delete the ones nobody booked.

use super::{outcome_view, problem_view, query};
use crate::api::agenda::{agenda_slots, AdminAgenda, AdminSlot, DeleteSlot, GenerateSlots};
use crate::domain::appointment::Channel;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const PAGE: &str = "/amministrazione/agenda";
/// Weekdays ticked by default: Monday to Friday.
const WORKING_DAYS: u8 = 5;

#[component]
pub fn AgendaAdminPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.appointments;
    personal();
    let cpi = query("cpi");
    let data = Resource::new(move || cpi.get(), agenda_slots);
    view! {
        <Title text=a.admin_title />
        <h1>{a.admin_title}</h1>
        {outcome_view(t)}
        {problem_view(t)}
        <p class="lead">{a.admin_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(agenda) => page(t, agenda),
                }
            })}
        </Suspense>
    }
}

fn page(t: &'static Messages, agenda: AdminAgenda) -> AnyView {
    let a = t.appointments;
    let current = agenda.cpi.clone().unwrap_or_default();
    let chooser = view! {
        <form method="get" action=PAGE class="cpi-chooser">
            <div class="form-group">
                <label for="cpi">{a.cpi_label}</label>
                <select id="cpi" name="cpi" class="form-select">
                    {agenda
                        .cpis
                        .iter()
                        .map(|c| {
                            view! {
                                <option value=c.code.clone() selected=c.code == current>
                                    {c.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-outline-primary">{a.show}</button>
        </form>
    };
    view! {
        {chooser}
        {generate_form(t, &current)}
        <h2>{a.slots_heading}</h2>
        {slots(t, agenda.slots)}
    }
    .into_any()
}

fn generate_form(t: &'static Messages, cpi: &str) -> impl IntoView {
    let a = t.appointments;
    view! {
        <h2 id="generate-heading">{a.generate_heading}</h2>
        <form method="post" action=GenerateSlots::PATH class="generate-slots" aria-labelledby="generate-heading">
            <input type="hidden" name="cpi_code" value=cpi.to_string() />
            <div class="form-group">
                <label for="channel">{a.channel_heading}</label>
                <select id="channel" name="channel" class="form-select">
                    {Channel::ALL
                        .into_iter()
                        .map(|c| view! { <option value=c.as_str()>{(a.channel)(c)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for="from">{a.from_label}</label>
                <input type="date" id="from" name="from" class="form-control" required />
            </div>
            <div class="form-group">
                <label for="to">{a.to_label}</label>
                <input type="date" id="to" name="to" class="form-control" required />
            </div>
            <fieldset class="form-group">
                <legend class="form-label">{a.weekdays_legend}</legend>
                {(0u8..7)
                    .map(|d| {
                        let id = format!("wd{d}");
                        view! {
                            <div class="form-check form-check-inline">
                                <input type="checkbox" class="form-check-input" id=id.clone()
                                    name=id.clone() value="on" checked=d < WORKING_DAYS />
                                <label class="form-check-label" for=id>{(a.weekday)(d)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="form-group">
                <label for="start">{a.start_label}</label>
                <input type="time" id="start" name="start" class="form-control" value="09:00" required />
            </div>
            <div class="form-group">
                <label for="end">{a.end_label}</label>
                <input type="time" id="end" name="end" class="form-control" value="12:00" required />
            </div>
            <div class="form-group">
                <label for="minutes">{a.minutes_label}</label>
                <input type="number" id="minutes" name="minutes" class="form-control" min="5" max="240" value="30" required />
            </div>
            <div class="form-group">
                <label for="capacity">{a.capacity_label}</label>
                <input type="number" id="capacity" name="capacity" class="form-control" min="1" max="50" value="1" required />
            </div>
            <button type="submit" class="btn btn-primary">{a.generate_submit}</button>
        </form>
    }
}

fn slots(t: &'static Messages, list: Vec<AdminSlot>) -> AnyView {
    let a = t.appointments;
    if list.is_empty() {
        return view! { <p>{a.slots_none}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table slot-table">
                <caption>{a.slots_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.when}</th>
                        <th scope="col">{a.channel_heading}</th>
                        <th scope="col">{a.seats_heading}</th>
                        <th scope="col">{a.actions_heading}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|s| {
                            let delete = (s.booked == 0)
                                .then(|| {
                                    view! {
                                        <form method="post" action=DeleteSlot::PATH>
                                            <input type="hidden" name="slot_id" value=s.id.to_string() />
                                            <button type="submit" class="btn btn-sm btn-outline-danger">
                                                {(a.delete_slot)(&s.when)}
                                            </button>
                                        </form>
                                    }
                                });
                            view! {
                                <tr>
                                    <td>{s.when.clone()}</td>
                                    <td>{(a.channel)(s.channel)}</td>
                                    <td>{(a.seats)(s.booked, s.capacity)}</td>
                                    <td>{delete}</td>
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
