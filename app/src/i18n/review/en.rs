use super::{euros, ReviewMessages};
use crate::domain::vacancy::VacancyState;

const CONTRACTS: &[(&str, &str)] = &[
    ("TEMPO-INDETERMINATO", "Permanent employment contract"),
    ("TEMPO-DETERMINATO", "Fixed-term employment contract"),
    (
        "TEMPO-DETERMINATO-STAGIONALE",
        "Seasonal fixed-term contract",
    ),
    ("OTD-AGRICOLO", "Fixed-term agricultural worker (OTD)"),
    (
        "APPRENDISTATO-PROFESSIONALIZZANTE",
        "Vocational apprenticeship",
    ),
    (
        "APPRENDISTATO-PRIMO-LIVELLO",
        "Apprenticeship for vocational qualifications and diplomas (first level)",
    ),
    (
        "APPRENDISTATO-ALTA-FORMAZIONE",
        "Higher education and research apprenticeship (third level)",
    ),
    ("SOMMINISTRAZIONE", "Temporary agency work"),
    ("TIROCINIO-EXTRACURRICULARE", "Extracurricular traineeship"),
    ("TIROCINIO-CURRICULARE", "Curricular internship"),
    (
        "LAVORO-INTERMITTENTE",
        "On-call work (intermittent contract)",
    ),
    (
        "COLLABORAZIONE",
        "Coordinated and continuous freelance collaboration",
    ),
    ("LAVORO-AUTONOMO", "Self-employment (VAT number)"),
    (
        "PRESTAZIONE-OCCASIONALE",
        "Occasional work (Libretto Famiglia and PrestO contract)",
    ),
    (
        "LAVORO-DOMESTICO",
        "Domestic work (housekeepers, carers, nannies)",
    ),
];

const WORKING_TIMES: &[(&str, &str)] = &[
    ("FULL-TIME", "Full-time"),
    ("PART-TIME-ORIZZONTALE", "Horizontal part-time"),
    ("PART-TIME-VERTICALE", "Vertical part-time"),
    ("PART-TIME-MISTO", "Mixed part-time"),
    ("TURNI", "Shift work"),
    ("CICLO-CONTINUO", "Continuous shift cycle"),
    ("NOTTURNO", "Night work"),
    ("WEEKEND-FESTIVI", "Weekend and public holiday work"),
    ("SPEZZATO", "Split shift"),
    ("FLESSIBILE", "Flexible hours"),
    ("LAVORO-AGILE", "Agile work (smart working)"),
];

fn label_of(list: &[(&str, &str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| code.to_string())
}

pub const EN: ReviewMessages = ReviewMessages {
    queue_title: "Vacancies to review",
    queue_intro: "Vacancies sent by the companies of your job centre, oldest first. Open one to review it: approve it, ask for changes or reject it.",
    queue_caption: "Vacancies waiting for review",
    queue_empty: "No vacancies to review.",
    counts: |submitted, in_review| format!("To review: {submitted} · In review: {in_review}"),
    cpi_label: "Job centre",
    all_cpis: "All",
    show: "Show",
    col_protocol: "Protocol",
    col_title: "Vacancy",
    col_company: "Company",
    col_state: "Status",
    col_submitted: "Sent on",
    col_waiting: "Waiting for",
    no_protocol: "no protocol",
    waiting_days: |d| match d {
        0 => "less than a day".to_string(),
        1 => "1 day".to_string(),
        d => format!("{d} days"),
    },
    state: |s| match s {
        VacancyState::Draft => "Draft",
        VacancyState::Submitted => "To review",
        VacancyState::InReview => "In review",
        VacancyState::Published => "Published",
        VacancyState::Closed => "Closed",
        VacancyState::Filled => "Filled",
    },
    outcome_approved: "Vacancy approved and published. The company has been told.",
    outcome_changes: "Request for changes sent to the company.",
    outcome_rejected: "Vacancy rejected. The company has been told.",
    outcome_started: "Review started: colleagues see you are handling it.",

    back_to_queue: "Back to the vacancies to review",
    review_heading: |title| format!("Review of the vacancy: {title}"),
    anonymous_badge: "posted anonymously",
    findings_heading: "Wording check",
    no_findings: "No discriminatory wording found in the title and description.",
    finding_violation: "Must be fixed",
    finding_caution: "Worth checking",
    you_wrote: |excerpt, field| {
        if field.is_empty() {
            format!("it says “{excerpt}”")
        } else {
            format!("{field}: it says “{excerpt}”")
        }
    },
    why: "Why",
    suggestion: "Instead",
    law: "Law",
    facts_heading: "The vacancy",
    answers_heading: "The form's answers",
    no_answers: "This vacancy was not written with the form: the facts above apply.",
    history_heading: "History",
    history_empty: "No events.",
    event: |kind| match kind {
        "submitted" => "Sent",
        "review_started" => "Review started",
        "changes_requested" => "Changes requested",
        "resubmitted" => "Sent again",
        "approved" => "Approved",
        "rejected" => "Rejected",
        "filled" => "Filled",
        "withdrawn" => "Withdrawn",
        "expired" => "Expired",
        _ => "Event",
    },
    step_name: |code| match code {
        "ruolo" => "The role",
        "luogo" => "Place and conditions",
        "requisiti" => "Requirements",
        "candidature" => "How to receive candidates",
        _ => "Step",
    },
    field_label: |field| match field {
        "expires_on" => "Last day of publication",
        "step" => "Step to change",
        "message" => "Message to the company",
        "reason" => "Reason",
        "title" => "Title",
        "description" => "Description",
        "q" => "Search",
        _ => "",
    },
    error_summary_title: "There is a problem",
    start_button: "Start the review",
    decide_heading: "Decision",
    approve_heading: "Approve and publish",
    expires_label: "Last day of publication",
    expires_hint: |today, max| format!("From {today} to {max}. If you leave it, the vacancy stays published for 60 days."),
    approve_button: "Approve and publish",
    changes_heading: "Ask for changes",
    step_label: "Step of the form to change",
    message_label: "Message to the company",
    message_hint: "Say what to change and why. The company reads it when the form reopens.",
    changes_button: "Ask for changes",
    reject_heading: "Reject",
    reason_label: "Reason",
    reason_hint: "Required: the company reads it in the vacancy's history.",
    reject_button: "Reject the vacancy",

    positions_label: "Positions",
    place_label: "Place of work",
    work_mode: |m| match m {
        "onsite" => "On site",
        "hybrid" => "Hybrid",
        "remote" => "Remote",
        _ => "",
    },
    contract_label: "Contract",
    contract: |c| label_of(CONTRACTS, c),
    contracts: CONTRACTS,
    working_time_label: "Working time",
    working_time: |c| label_of(WORKING_TIMES, c),
    working_times: WORKING_TIMES,
    hours_label: "Hours per week",
    pattern_label: "Shifts and days",
    shifts: "shifts",
    nights: "nights",
    weekends: "weekends",
    salary_label: "Gross pay",
    salary: |min, max, period| {
        let per = if period == "year" { "a year" } else { "a month" };
        if min == max {
            format!("€{} {per}", euros(min, ','))
        } else {
            format!("€{} to €{} {per}", euros(min, ','), euros(max, ','))
        }
    },
    start_label: "Start",
    expires_label_public: "Applications until",
    ccnl_label: "Collective agreement (CCNL)",
    l68_label: "Targeted placement",
    l68_yes: "Reserved for protected categories (Law 68/99)",
    requirements_heading: "Requirements",
    must: "Must have",
    nice: "Nice to have",
    eqf: |level| format!("Education at EQF level {level} or higher"),
    experience: |years| match years {
        1 => "At least 1 year of experience".to_string(),
        y => format!("At least {y} years of experience"),
    },
    skills_label: "Skills",
    languages_label: "Languages",
    language: |code| match code {
        "it" => "Italian".to_string(),
        "en" => "English".to_string(),
        "fr" => "French".to_string(),
        "de" => "German".to_string(),
        "es" => "Spanish".to_string(),
        other => other.to_uppercase(),
    },
    licences_label: "Driving licences",

    nav_jobs: "Job vacancies",
    jobs_title: "Job vacancies",
    jobs_meta: "Job vacancies published by the job centres: search by word, comune, contract and working time.",
    jobs_intro: "Vacancies approved by the region's job centres. No login needed to read them.",
    search_label: "Search the title and description",
    comune_filter: "Comune",
    mode_filter: "Work mode",
    l68_filter: "Only vacancies reserved for protected categories (Law 68/99)",
    any: "Any",
    search_button: "Search",
    results_heading: "Results",
    no_results: "No vacancy matches the search.",
    pages_label: "Result pages",
    first_page: "First page",
    next_page: "Next page",
    anonymous_company: "Company not disclosed",
    published_on: |day| format!("Published on {day}"),
    back_to_jobs: "All vacancies",
    apply_heading: "How to apply",
    apply_how: |contact, channel| {
        let cpi = "Contact your job centre and mention this vacancy.";
        match (contact.filter(|c| !c.is_empty()), channel) {
            (_, "preselection") => format!("The company receives candidates preselected by the job centre. {cpi}"),
            (Some(c), _) => format!("The company receives applications through: {c}. {cpi}"),
            (None, _) => cpi.to_string(),
        }
    },
};
