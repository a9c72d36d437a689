//! Texts of appointments, agendas and notifications (issue 5). One constant per locale, so a
//! missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::appointment::{AppointmentState, Channel};

/// A notification's parameters: `number` (ticket protocol number), `when` (local date and time
/// text), `cpi` (CPI name), and for vacancies `protocol` and `title`. Missing ones read as empty.
pub fn param<'a>(params: &'a serde_json::Value, name: &str) -> &'a str {
    params.get(name).and_then(|v| v.as_str()).unwrap_or("")
}

pub struct AppointmentMessages {
    // Links (personal area, session bar)
    pub link_appointments: &'static str,
    pub link_notifications: &'static str,
    /// "Notifications (3 unread)".
    pub unread_badge: fn(i64) -> String,

    // Shared
    pub channel: fn(Channel) -> &'static str,
    pub state: fn(AppointmentState) -> &'static str,
    /// Weekday name, Monday = 0.
    pub weekday: fn(u8) -> &'static str,
    pub problem: &'static str,
    pub field: fn(&str) -> &'static str,
    /// The notice for an `?esito=` code.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub slot_full: &'static str,
    pub conflict: &'static str,
    pub when: &'static str,
    pub channel_heading: &'static str,
    pub where_heading: &'static str,
    pub state_heading: &'static str,
    pub actions_heading: &'static str,
    pub cpi_label: &'static str,
    pub show: &'static str,
    pub all_channels: &'static str,

    // Citizen: /area-personale/appuntamenti
    pub title: &'static str,
    pub intro: &'static str,
    /// "For: Name Surname" when an intermediary acts for a client.
    pub acting_for: &'static str,
    pub mine_heading: &'static str,
    pub mine_none: &'static str,
    pub mine_caption: &'static str,
    pub cancel: &'static str,
    pub reschedule: &'static str,
    pub download_ics: &'static str,
    pub ticket_ref: fn(i64) -> String,
    pub free_heading: &'static str,
    pub free_none: &'static str,
    pub no_cpi: &'static str,
    /// Day heading: weekday and date text.
    pub day_heading: fn(&str, &str) -> String,
    /// Button text: time and channel.
    pub book: fn(&str, &str) -> String,
    pub seats_left: fn(i64) -> String,
    pub ticket_label: &'static str,
    pub ticket_hint: &'static str,
    pub reschedule_heading: fn(&str) -> String,
    pub move_here: fn(&str, &str) -> String,
    pub reschedule_cancel: &'static str,

    // Admin: /amministrazione/agenda
    pub admin_title: &'static str,
    pub admin_intro: &'static str,
    pub generate_heading: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub weekdays_legend: &'static str,
    pub start_label: &'static str,
    pub end_label: &'static str,
    pub minutes_label: &'static str,
    pub capacity_label: &'static str,
    pub generate_submit: &'static str,
    pub slots_heading: &'static str,
    pub slots_none: &'static str,
    pub slots_caption: &'static str,
    pub seats_heading: &'static str,
    pub seats: fn(i64, i64) -> String,
    pub delete_slot: fn(&str) -> String,

    // Operator: /operatore/agenda
    pub operator_title: &'static str,
    pub day_label: &'static str,
    pub agenda_none: &'static str,
    pub agenda_caption: fn(&str) -> String,
    pub person_heading: &'static str,
    pub ticket_heading: &'static str,
    pub mark_attended: fn(&str) -> String,
    pub mark_no_show: fn(&str) -> String,
    pub report_heading: &'static str,
    pub report_caption: &'static str,
    pub report_none: &'static str,
    pub attended_heading: &'static str,
    pub no_show_heading: &'static str,
    pub booked_heading: &'static str,
    pub cancelled_heading: &'static str,
    pub rate_heading: &'static str,

    // Notifications: /area-personale/notifiche and e-mails
    pub notifications_title: &'static str,
    pub notifications_intro: &'static str,
    pub notifications_none: &'static str,
    pub mark_all_read: &'static str,
    pub unread: &'static str,
    pub open: &'static str,
    /// The text of a notification, from its kind and parameters.
    pub notification: fn(&str, &serde_json::Value) -> String,
    /// An e-mail's body around the notification text: text, link.
    pub email_body: fn(&str, &str) -> String,
}
