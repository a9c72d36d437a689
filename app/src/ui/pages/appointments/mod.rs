//! Appointments, agendas and notifications (issue 5): the citizen's appointments, the
//! administrators' slot calendars, the operators' day, and the notifications list. Every change is
//! a plain form post to a server function, so the pages work without JavaScript.

pub mod admin;
pub mod citizen;
pub mod notifications;
pub mod operator;

use crate::domain::appointment::Day;
use crate::i18n::Messages;
use crate::ui::widgets::form_errors::{problem_summary, ProblemWords};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A query parameter, tracked: the page's data follows client-side navigation.
pub fn query(name: &'static str) -> Memo<Option<String>> {
    let map = use_query_map();
    Memo::new(move |_| map.read().get(name).filter(|v| !v.is_empty()))
}

/// The refused post's problem, in this feature's words, above the form.
pub fn problem_view(t: &'static Messages) -> Option<AnyView> {
    let a = t.appointments;
    problem_summary(
        t,
        ProblemWords {
            heading: a.problem,
            conflict: a.slot_full,
            field: a.field,
        },
    )
}

/// The success notice of an `?esito=` code.
pub fn outcome_view(t: &'static Messages) -> impl IntoView {
    let esito = query("esito");
    move || {
        esito
            .get()
            .and_then(|code| (t.appointments.outcome)(&code))
            .map(|text| view! { <div class="alert alert-success" role="status">{text}</div> })
    }
}

/// `30/11/2026` from an ISO day.
pub fn display_day(iso: &str) -> String {
    Day::parse(iso)
        .map(Day::to_display)
        .unwrap_or_else(|| iso.to_string())
}
