use super::VacancyMessages;
use crate::api::vacancies::SizeBand;
use crate::domain::vacancy::{ClosedReason, VacancyEvent, VacancyState};
use crate::domain::vacancy_form::VacancyStep;

fn state(s: VacancyState) -> &'static str {
    match s {
        VacancyState::Draft => "Draft",
        VacancyState::Submitted => "Sent to the CPI",
        VacancyState::InReview => "In review",
        VacancyState::Published => "Published",
        VacancyState::Closed => "Closed",
        VacancyState::Filled => "Filled",
    }
}

fn closed_reason(r: ClosedReason) -> &'static str {
    match r {
        ClosedReason::Filled => "position filled",
        ClosedReason::Withdrawn => "withdrawn by the company",
        ClosedReason::Rejected => "rejected by the CPI",
        ClosedReason::Expired => "expired",
    }
}

fn outcome(code: &str) -> Option<&'static str> {
    Some(match code {
        "coperta" => "The vacancy is marked as filled.",
        "ritirata" => "The vacancy has been withdrawn.",
        "salvato" => "Company profile saved.",
        "bozza-eliminata" => "The draft has been deleted.",
        _ => return None,
    })
}

fn field(name: &str) -> &'static str {
    match name {
        "confirm" => "Confirmation",
        "ateco_code" => "ATECO activity",
        "ateco_q" => "Search for an activity",
        "seat_istat" => "Comune of the registered office",
        "size_band" => "Size",
        "email" => "Email",
        "phone" => "Phone",
        "q" => "Title contains",
        "status" => "Status",
        "occupation" => "Occupation",
        "comune" => "Place of work",
        _ => "A field",
    }
}

fn field_problem(label: &str, code: &str) -> String {
    match code {
        "required" => format!("{label}: required"),
        "too_long" => format!("{label}: too long"),
        _ => format!("{label}: not valid"),
    }
}

fn work_mode(code: &str) -> &'static str {
    match code {
        "onsite" => "On site",
        "hybrid" => "Hybrid",
        "remote" => "Remote",
        _ => "—",
    }
}

fn candidate_channel(code: &str) -> &'static str {
    match code {
        "preselection" => "CPI preselection",
        "public" => "Public posting",
        "both" => "CPI preselection and public posting",
        _ => "—",
    }
}

fn event(e: VacancyEvent) -> &'static str {
    match e {
        VacancyEvent::Submit => "Sent to the CPI",
        VacancyEvent::StartReview => "Review started",
        VacancyEvent::RequestChanges => "Changes requested",
        VacancyEvent::Resubmit => "Sent again",
        VacancyEvent::Approve => "Approved and published",
        VacancyEvent::Reject => "Rejected",
        VacancyEvent::MarkFilled => "Marked as filled",
        VacancyEvent::Withdraw => "Withdrawn",
        VacancyEvent::Expire => "Expired",
    }
}

fn step_name(s: VacancyStep) -> &'static str {
    match s {
        VacancyStep::Role => "The role",
        VacancyStep::Place => "Place and conditions",
        VacancyStep::Requirements => "Requirements",
        VacancyStep::Candidates => "How to receive candidates",
    }
}

fn size_band(b: SizeBand) -> &'static str {
    match b {
        SizeBand::Micro => "Micro (fewer than 10 staff)",
        SizeBand::Small => "Small (10–49 staff)",
        SizeBand::Medium => "Medium (50–249 staff)",
        SizeBand::Large => "Large (250 staff or more)",
    }
}

fn salary_range(min: i64, max: i64, period: &str) -> String {
    let per = if period == "year" {
        "a year"
    } else {
        "a month"
    };
    if min == max {
        format!("€{min} gross {per}")
    } else {
        format!("€{min} to €{max} gross {per}")
    }
}

fn eqf(level: i64, required: bool) -> String {
    let kind = if required {
        "must-have"
    } else {
        "nice-to-have"
    };
    format!("EQF level {level} ({kind})")
}

fn experience_years(years: i64, required: bool) -> String {
    let kind = if required {
        "must-have"
    } else {
        "nice-to-have"
    };
    match years {
        0 => "No experience required".to_string(),
        1 => format!("1 year ({kind})"),
        n => format!("{n} years ({kind})"),
    }
}

pub const EN: VacancyMessages = VacancyMessages {
    vacancies_link: |name| format!("Job vacancies of {name}"),
    profile_link: |name| format!("Company profile of {name}"),
    links_heading: "Vacancies and profile",

    state,
    closed_reason,
    none_mark: "—",
    yes: "Yes",
    no: "No",
    outcome,
    problem: "There is a problem",
    field,
    field_problem,
    conflict: "The vacancy changed state in the meantime: reload the page and check.",
    back_to_companies: "Back to your companies",

    title: |name| format!("Job vacancies — {name}"),
    counts_heading: "Vacancies at a glance",
    count_of: |state, n| format!("{state}: {n}"),
    counts_none: "No vacancies yet.",
    new_vacancy: "New vacancy",
    new_vacancy_hint: "The form saves every step: you can resume it at any time, on another device too.",
    drafts_heading: "Drafts to finish",
    draft_untitled: "Untitled draft",
    draft_updated: |date| format!("last changed {date}"),
    draft_reopened: "changes requested by the CPI",
    draft_continue: |title| format!("Continue: {title}"),
    filter_heading: "Search and filter",
    search_label: "Title contains",
    search_hint: "One or more words of the title.",
    status_label: "Status",
    any_status: "Any status",
    occupation_label: "Occupation",
    any_occupation: "Any occupation",
    comune_label: "Place of work",
    any_comune: "Any comune",
    filter_submit: "Filter",
    filter_reset: "Clear filters",
    matching: |n| match n {
        1 => "1 vacancy found".to_string(),
        n => format!("{n} vacancies found"),
    },
    table_caption: "The company's vacancies, newest first",
    col_title: "Title",
    col_protocol: "Protocol",
    col_status: "Status",
    col_comune: "Comune",
    col_published: "Published on",
    col_expires: "Expires on",
    col_applicants: "Applicants",
    applicants_count: |total, new| match new {
        0 => format!("{total}"),
        n => format!("{total} ({n} new)"),
    },
    rows_none: "No vacancy matches the filters.",
    next_page: "Older vacancies",
    first_page: "Back to the newest",
    pages_label: "Result pages",

    facts_heading: "The vacancy",
    protocol: "Protocol",
    status: "Status",
    occupation: "Occupation",
    description: "Description",
    positions: "Positions",
    place: "Place of work",
    work_mode,
    contract: "Contract",
    working_time: "Working time",
    hours_per_week: "Hours a week",
    pattern: "Working pattern",
    shifts: "shifts",
    nights: "nights",
    weekends: "weekends",
    pattern_none: "No shifts, nights or weekends",
    salary: "Pay",
    salary_range,
    start_date: "Start",
    expires_on: "Publication ends",
    ccnl: "Collective agreement (CCNL)",
    education: "Education",
    eqf,
    experience: "Experience",
    experience_years,
    candidates: "Candidates",
    candidate_channel,
    contact_channel: "Contact",
    reserved_l68: "Reserved for targeted placement (Law 68/99)",
    anonymous: "Published without the company's name",
    dates_heading: "Dates",
    created_at: "Created",
    submitted_at: "Sent to the CPI",
    published_at: "Published",
    closed_at: "Closed",
    history_heading: "History of the vacancy",
    history_caption: "Steps of the vacancy and the CPI's messages, oldest first",
    history_none: "Nothing recorded yet.",
    col_when: "When",
    col_event: "Step",
    col_note: "Message",
    event,
    step_name,
    step_to_change: |step| format!("Step to change: {step}"),
    applicants_link: |total, new| match new {
        0 => format!("Applicants ({total})"),
        n => format!("Applicants ({total}, {n} to look at)"),
    },
    continue_draft: "Change the vacancy",
    changes_requested_note: "The CPI asked for changes: correct the vacancy and send it again.",
    close_heading: "Closing the vacancy",
    fill_heading: "Position filled",
    fill_text: "The vacancy leaves the public search and receives no more applications. This cannot be undone.",
    fill_confirm: "I confirm the position is filled",
    fill_submit: "Mark as filled",
    withdraw_heading: "Withdraw the vacancy",
    withdraw_text: "The vacancy is closed as withdrawn: the CPI stops reviewing it and it is no longer public. This cannot be undone.",
    withdraw_confirm: "I confirm I want to withdraw the vacancy",
    withdraw_submit: "Withdraw the vacancy",
    back_to_list: "Back to the vacancies",

    profile_title: |name| format!("Company profile — {name}"),
    profile_intro: "The company's details the CPI and candidates see.",
    read_only: "Only the company's administrators can change the profile.",
    name: "Company name",
    partita_iva: "Partita IVA (VAT number)",
    partita_iva_hint: "It identifies the company: it cannot be changed.",
    ateco: "ATECO 2025 activity",
    ateco_search_label: "Search for an activity",
    ateco_search_hint: "A code or words of the description, for example 56.10 or ristorazione.",
    ateco_search_submit: "Search",
    ateco_found: |n| match n {
        0 => "No activity found.".to_string(),
        1 => "1 activity found: choose it in the list.".to_string(),
        n => format!("{n} activities found: choose in the list."),
    },
    seat: "Comune of the registered office",
    size_band_label: "Size",
    size_band,
    email: "Email",
    phone: "Phone",
    optional: "(optional)",
    not_set: "Not given",
    save_profile: "Save the profile",
};
