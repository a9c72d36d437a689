use super::{param, ApplicantMessages};
use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};

fn status(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::Applied => "Applications received",
        ApplicationStatus::Shortlisted => "Shortlisted by the CPI",
        ApplicationStatus::SentToCompany => "Sent by the CPI",
        ApplicationStatus::Interview => "Interview",
        ApplicationStatus::Hired => "Hired",
        ApplicationStatus::NotSelected => "Not selected",
        ApplicationStatus::Withdrawn => "Withdrawn",
    }
}

fn reason(r: NotSelectedReason) -> &'static str {
    match r {
        NotSelectedReason::ExperienceInsufficient => "Not enough experience for the role",
        NotSelectedReason::SkillsMissing => "Required skills missing",
        NotSelectedReason::LanguageLevel => "Language level not sufficient",
        NotSelectedReason::LicenceMissing => "Required licence or qualification missing",
        NotSelectedReason::AvailabilityMismatch => "Availability (hours, start date) does not fit",
        NotSelectedReason::SalaryExpectations => "Salary expectations do not fit",
        NotSelectedReason::DidNotAttendInterview => "Did not attend the interview",
        NotSelectedReason::PositionFilled => "Position already filled",
        NotSelectedReason::OtherCandidateChosen => "Another candidate was chosen",
    }
}

pub const EN: ApplicantMessages = ApplicantMessages {
    title: |title| format!("Candidates: {title}"),
    intro: "The people who applied to the vacancy and those sent by the job centre (CPI). You see their contacts while the application is open or if you hire them. Every view is logged.",
    counts_caption: "Candidates by status",
    status_heading: "Status",
    count_heading: "Number",
    status,
    section: |s, n| format!("{} ({n})", status(s)),
    section_empty: "None.",
    none_yet: "No candidates for this vacancy yet.",
    source: |s| match s {
        ApplicationSource::Applied => "Applied to the vacancy",
        ApplicationSource::Cpi => "Sent by the job centre",
    },
    source_label: "Source",
    comune_label: "Municipality",
    message_label: "Message from the applicant",
    applied_on: "Applied on",
    updated_on: "Last update",
    status_label: "Status",
    email_label: "Email",
    phone_label: "Phone",
    contact_hidden: "Contacts no longer shown: the application is closed.",
    reason,
    reason_label: "Reason",
    reason_choose: "Choose a reason",
    reason_shared: "Reason shared with the candidate",
    reason_not_shared: "Reason not shared with the candidate",
    to_interview: |name| format!("Invite {name} to an interview"),
    hire: |name| format!("Confirm: hire {name}"),
    not_select: |name| format!("Confirm: do not select {name}"),
    hire_open: |name| format!("Hire {name}…"),
    not_select_open: |name| format!("Do not select {name}…"),
    final_warning: "This outcome is final: the person will be told and you cannot change it.",
    share_label: "Share the reason with the candidate",
    share_hint: "If you leave this unticked, the candidate only learns they were not selected.",
    moved: |s, name| match s {
        ApplicationStatus::Interview => format!("{name} is now among the candidates for interview."),
        ApplicationStatus::Hired => format!("{name} is recorded as hired. We have told them."),
        ApplicationStatus::NotSelected => {
            format!("{name} is recorded as not selected. We have told them.")
        }
        other => format!("{name}: {}", status(other)),
    },
    problem: "The application could not be updated",
    conflict: "The application changed in the meantime (a colleague may have updated it, or the candidate withdrew). Check its new status below.",
    not_found: "Application not found.",
    field: |f| match f {
        "reason" => "Reason: choose one of those offered",
        "to" => "New status",
        "from" => "Current status",
        _ => "Invalid value",
    },
    back: "Back to the vacancy",
    outcome_notice: |p| {
        let title = param(p, "title");
        match param(p, "outcome") {
            "hired" => format!("Your application for “{title}”: you have been selected"),
            _ => match NotSelectedReason::parse(param(p, "reason")) {
                Some(r) => format!(
                    "Your application for “{title}”: you were not selected. Reason: {}",
                    reason(r)
                ),
                None => format!("Your application for “{title}”: you were not selected"),
            },
        }
    },
};
