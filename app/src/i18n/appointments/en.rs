use super::{param, AppointmentMessages};
use crate::domain::appointment::{AppointmentState, Channel};

pub const EN: AppointmentMessages = AppointmentMessages {
    link_appointments: "Your appointments at the employment centre",
    link_notifications: "Notifications",
    unread_badge: |n| match n {
        0 => "Notifications".to_string(),
        1 => "Notifications (1 unread)".to_string(),
        n => format!("Notifications ({n} unread)"),
    },

    channel: |c| match c {
        Channel::InPerson => "In person",
        Channel::Phone => "By phone",
        Channel::Video => "By video call",
    },
    state: |s| match s {
        AppointmentState::Booked => "Booked",
        AppointmentState::Attended => "Attended",
        AppointmentState::NoShow => "Did not attend",
        AppointmentState::Cancelled => "Cancelled",
    },
    weekday: |d| match d {
        0 => "Monday",
        1 => "Tuesday",
        2 => "Wednesday",
        3 => "Thursday",
        4 => "Friday",
        5 => "Saturday",
        _ => "Sunday",
    },
    problem: "The operation could not be completed",
    field: |f| match f {
        "cpi_code" => "Employment centre",
        "channel" => "Channel",
        "from" => "From",
        "to" => "To (at most 92 days and 3000 slots at a time)",
        "weekdays" => "Days of the week",
        "start" => "From (time)",
        "end" => "Until (after the start time)",
        "minutes" => "Length of each appointment (5 to 240 minutes)",
        "capacity" => "Seats per slot (1 to 50)",
        "slot_id" => "Chosen time (no longer available or already past)",
        "ticket_id" => "Related request",
        "appointment_id" => "Appointment (already started or no longer booked)",
        "day" => "Day",
        "outcome" => "Outcome",
        _ => "Invalid value",
    },
    outcome: |code| match code {
        "prenotato" => Some("Appointment booked. We have sent you a confirmation."),
        "spostato" => Some("Appointment moved to the new time."),
        "annullato" => Some("Appointment cancelled."),
        "generati" => Some("Slots created."),
        "eliminato" => Some("Slot deleted."),
        "registrato" => Some("Outcome recorded."),
        "lette" => Some("All notifications are marked as read."),
        _ => None,
    },
    slot_full: "Someone else has just taken this time: please choose another.",
    conflict: "This is not possible in the current state: reload the page.",
    when: "When",
    channel_heading: "Channel",
    where_heading: "Where",
    state_heading: "State",
    actions_heading: "Actions",
    cpi_label: "Employment centre",
    show: "Show",
    all_channels: "All channels",

    title: "Appointments",
    intro: "Book an appointment with your employment centre, in person, by phone or by video call. You can move or cancel it until it starts.",
    acting_for: "You are acting for your client, under their mandate for appointments.",
    mine_heading: "Your appointments",
    mine_none: "You have no appointments.",
    mine_caption: "Booked and past appointments",
    cancel: "Cancel",
    reschedule: "Move",
    download_ics: "Add to calendar (.ics)",
    ticket_ref: |id| format!("Request no. {id}"),
    free_heading: "Free times",
    free_none: "There are no free times at the moment. Please try again in the next few days.",
    no_cpi: "We cannot find the employment centre for your comune of residence: update your details or contact an employment centre.",
    day_heading: |weekday, date| format!("{weekday} {date}"),
    book: |time, channel| format!("Book at {time}, {channel}"),
    seats_left: |n| match n {
        1 => "1 seat left".to_string(),
        n => format!("{n} seats left"),
    },
    ticket_label: "Related request (optional)",
    ticket_hint: "The request's internal number, if the appointment is about it.",
    reschedule_heading: |when| format!("Move the appointment of {when}: choose the new time"),
    move_here: |time, channel| format!("Move to {time}, {channel}"),
    reschedule_cancel: "Do not move",

    admin_title: "Employment centres' agenda",
    admin_intro: "Create the bookable times of an employment centre for a period: days of the week, hours, length and seats of each appointment. Times that already exist are not duplicated.",
    generate_heading: "Create times",
    from_label: "From",
    to_label: "To",
    weekdays_legend: "Days of the week",
    start_label: "From (time)",
    end_label: "Until (time)",
    minutes_label: "Length (minutes)",
    capacity_label: "Seats per slot",
    generate_submit: "Create times",
    slots_heading: "Times in the coming days",
    slots_none: "No times.",
    slots_caption: "Bookable times of the employment centre",
    seats_heading: "Seats",
    seats: |booked, capacity| format!("{booked} booked of {capacity}"),
    delete_slot: |when| format!("Delete the time of {when}"),

    operator_title: "Day's agenda",
    day_label: "Day",
    agenda_none: "No appointments on this day.",
    agenda_caption: |day| format!("Appointments of {day}"),
    person_heading: "Person",
    ticket_heading: "Request",
    mark_attended: |name| format!("Attended: {name}"),
    mark_no_show: |name| format!("Did not attend: {name}"),
    report_heading: "No-shows by employment centre",
    report_caption: "Outcome of the appointments in the period",
    report_none: "No appointments in the period.",
    attended_heading: "Attended",
    no_show_heading: "No-shows",
    booked_heading: "Not yet recorded",
    cancelled_heading: "Cancelled",
    rate_heading: "No-show rate",

    notifications_title: "Notifications",
    notifications_intro: "Notices about your requests and appointments. If you gave us an e-mail address, you also receive them by e-mail.",
    notifications_none: "No notifications.",
    mark_all_read: "Mark all as read",
    unread: "Unread",
    open: "Open",
    notification: |kind, p| match kind {
        "ticket_message" => format!("New message on request {}", param(p, "number")),
        "ticket_waiting" => format!("Request {} is waiting for your reply", param(p, "number")),
        "ticket_closed" => format!("Request {} has been closed", param(p, "number")),
        "appointment_booked" => format!(
            "Appointment confirmed: {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "appointment_rescheduled" => format!(
            "Appointment moved: {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "appointment_cancelled" => format!("Appointment cancelled: {}", param(p, "when")),
        "appointment_reminder" => format!(
            "Reminder: you have an appointment on {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "vacancy_submitted" => format!(
            "New vacancy to review: {} ({})",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_changes_requested" => format!(
            "The job centre asks for changes to the vacancy {} ({})",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_approved" => format!(
            "The vacancy {} ({}) was approved and is published",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_rejected" => format!(
            "The vacancy {} ({}) was not approved",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_expired" => format!(
            "The vacancy {} ({}) has expired and is no longer published",
            param(p, "title"),
            param(p, "protocol")
        ),
        // Applicant pipeline (issue 6).
        "application_outcome" => (crate::i18n::applicants::EN.outcome_notice)(p),
        "application_received" => format!("New application for the vacancy {}", param(p, "title")),
        "application_proposal" => (crate::i18n::matching::EN.proposal_notice)(p), // issue 7
        // Service pact (issue 7).
        "pact_changed" => "The job centre updated your service pact".to_string(),
        "pact_answered" => "The person answered an item of the service pact".to_string(),
        // DID (issue 7).
        "did_submitted" => format!("DID submitted: protocol {}. The employment centre will review it.", param(p, "protocol")),
        "did_state_changed" => format!("Your DID is now: {}", crate::domain::did::DidState::parse(param(p, "state")).map_or("updated", crate::i18n::did::EN.state_name)),
        // Saved search alerts (issue 7).
        "saved_search_alert" => (crate::i18n::search::EN.alert_notice)(p),
        _ => "You have a new notice".to_string(),
    },
    email_body: |text, link| {
        format!(
            "{text}\n\nFor the details, log in to Sportello Lavoro:\n{link}\n\nThis message was sent automatically: please do not reply."
        )
    },
};
