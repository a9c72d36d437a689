//! Texts of a vacancy's applicant pipeline (issue 6).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};

pub struct ApplicantMessages {
    /// The page's title: the vacancy's title.
    pub title: fn(&str) -> String,
    pub intro: &'static str,
    /// The caption of the counts per status.
    pub counts_caption: &'static str,
    pub status_heading: &'static str,
    pub count_heading: &'static str,
    /// A status's name (section headings, cards).
    pub status: fn(ApplicationStatus) -> &'static str,
    /// A section's heading: status and how many.
    pub section: fn(ApplicationStatus, i64) -> String,
    pub section_empty: &'static str,
    pub none_yet: &'static str,
    pub source: fn(ApplicationSource) -> &'static str,
    pub source_label: &'static str,
    pub comune_label: &'static str,
    /// The note the person wrote when applying.
    pub message_label: &'static str,
    pub applied_on: &'static str,
    pub updated_on: &'static str,
    pub status_label: &'static str,
    pub email_label: &'static str,
    pub phone_label: &'static str,
    /// Why no contact is shown on a card.
    pub contact_hidden: &'static str,
    pub reason: fn(NotSelectedReason) -> &'static str,
    pub reason_label: &'static str,
    pub reason_choose: &'static str,
    pub reason_shared: &'static str,
    pub reason_not_shared: &'static str,
    /// Action buttons, named with the candidate (accessible names must say whom).
    pub to_interview: fn(&str) -> String,
    pub hire: fn(&str) -> String,
    pub not_select: fn(&str) -> String,
    /// The disclosure that opens the confirmation of a final outcome.
    pub hire_open: fn(&str) -> String,
    pub not_select_open: fn(&str) -> String,
    pub final_warning: &'static str,
    pub share_label: &'static str,
    pub share_hint: &'static str,
    /// The confirmation after a move: new status, candidate's name.
    pub moved: fn(ApplicationStatus, &str) -> String,
    pub problem: &'static str,
    pub conflict: &'static str,
    pub not_found: &'static str,
    /// A refused field's name.
    pub field: fn(&str) -> &'static str,
    pub back: &'static str,
    /// The notification of an outcome to the candidate (`application_outcome`): params `title`,
    /// `outcome` (status code) and, only if shared, `reason` (reason code).
    pub outcome_notice: fn(&serde_json::Value) -> String,
}

/// A notification's parameter, empty when missing.
fn param<'a>(params: &'a serde_json::Value, name: &str) -> &'a str {
    params
        .get(name)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_notice_names_the_reason_only_when_shared() {
        for t in [&IT, &EN] {
            let shared = serde_json::json!({"title": "Cuoco", "outcome": "not_selected", "reason": "licence"});
            let private = serde_json::json!({"title": "Cuoco", "outcome": "not_selected"});
            let hired = serde_json::json!({"title": "Cuoco", "outcome": "hired"});
            let with = (t.outcome_notice)(&shared);
            let without = (t.outcome_notice)(&private);
            assert!(
                with.contains("Cuoco")
                    && with.contains((t.reason)(NotSelectedReason::LicenceMissing)),
                "{with}"
            );
            assert!(
                !without.contains((t.reason)(NotSelectedReason::LicenceMissing)),
                "{without}"
            );
            assert_ne!((t.outcome_notice)(&hired), without);
        }
    }

    #[test]
    fn every_reason_and_status_has_a_distinct_text() {
        for t in [&IT, &EN] {
            let reasons: std::collections::BTreeSet<_> =
                NotSelectedReason::ALL.into_iter().map(t.reason).collect();
            assert_eq!(reasons.len(), NotSelectedReason::ALL.len());
            let statuses: std::collections::BTreeSet<_> =
                ApplicationStatus::ALL.into_iter().map(t.status).collect();
            assert_eq!(statuses.len(), ApplicationStatus::ALL.len());
        }
    }
}
