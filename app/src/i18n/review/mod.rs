//! Texts of the operators' vacancy review and the public job pages (issue 6).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::vacancy::VacancyState;

/// An amount in euros with a thousands separator (`1.800` in Italian, `1,800` in English).
pub fn euros(amount: i64, separator: char) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    out
}

pub struct ReviewMessages {
    // The queue.
    pub queue_title: &'static str,
    pub queue_intro: &'static str,
    pub queue_caption: &'static str,
    pub queue_empty: &'static str,
    /// (submitted, in review).
    pub counts: fn(i64, i64) -> String,
    pub cpi_label: &'static str,
    pub all_cpis: &'static str,
    pub show: &'static str,
    pub col_protocol: &'static str,
    pub col_title: &'static str,
    pub col_company: &'static str,
    pub col_state: &'static str,
    pub col_submitted: &'static str,
    pub col_waiting: &'static str,
    pub no_protocol: &'static str,
    pub waiting_days: fn(i64) -> String,
    pub state: fn(VacancyState) -> &'static str,
    pub outcome_approved: &'static str,
    pub outcome_changes: &'static str,
    pub outcome_rejected: &'static str,
    pub outcome_started: &'static str,

    // The review page.
    pub back_to_queue: &'static str,
    pub review_heading: fn(&str) -> String,
    pub anonymous_badge: &'static str,
    pub findings_heading: &'static str,
    pub no_findings: &'static str,
    pub finding_violation: &'static str,
    pub finding_caution: &'static str,
    /// (excerpt, field label).
    pub you_wrote: fn(&str, &str) -> String,
    pub why: &'static str,
    pub suggestion: &'static str,
    pub law: &'static str,
    pub facts_heading: &'static str,
    pub answers_heading: &'static str,
    pub no_answers: &'static str,
    pub history_heading: &'static str,
    pub history_empty: &'static str,
    /// A `vacancy_event.kind`.
    pub event: fn(&str) -> &'static str,
    /// A wizard step's code.
    pub step_name: fn(&str) -> &'static str,
    /// A form field's name (wizard answers and the decisions' fields).
    pub field_label: fn(&str) -> &'static str,
    pub error_summary_title: &'static str,
    pub start_button: &'static str,
    pub decide_heading: &'static str,
    pub approve_heading: &'static str,
    pub expires_label: &'static str,
    /// (today, last allowed day).
    pub expires_hint: fn(&str, &str) -> String,
    pub approve_button: &'static str,
    pub changes_heading: &'static str,
    pub step_label: &'static str,
    pub message_label: &'static str,
    pub message_hint: &'static str,
    pub changes_button: &'static str,
    pub reject_heading: &'static str,
    pub reason_label: &'static str,
    pub reason_hint: &'static str,
    pub reject_button: &'static str,

    // A vacancy's facts.
    pub positions_label: &'static str,
    pub place_label: &'static str,
    pub work_mode: fn(&str) -> &'static str,
    pub contract_label: &'static str,
    pub contract: fn(&str) -> String,
    pub contracts: &'static [(&'static str, &'static str)],
    pub working_time_label: &'static str,
    pub working_time: fn(&str) -> String,
    pub working_times: &'static [(&'static str, &'static str)],
    pub hours_label: &'static str,
    pub pattern_label: &'static str,
    pub shifts: &'static str,
    pub nights: &'static str,
    pub weekends: &'static str,
    pub salary_label: &'static str,
    /// (min, max, period code).
    pub salary: fn(i64, i64, &str) -> String,
    pub start_label: &'static str,
    pub expires_label_public: &'static str,
    pub ccnl_label: &'static str,
    pub l68_label: &'static str,
    pub l68_yes: &'static str,
    pub requirements_heading: &'static str,
    pub must: &'static str,
    pub nice: &'static str,
    pub eqf: fn(i64) -> String,
    pub experience: fn(i64) -> String,
    pub skills_label: &'static str,
    pub languages_label: &'static str,
    pub language: fn(&str) -> String,
    pub licences_label: &'static str,

    // The public job pages.
    pub nav_jobs: &'static str,
    pub jobs_title: &'static str,
    pub jobs_meta: &'static str,
    pub jobs_intro: &'static str,
    pub search_label: &'static str,
    pub comune_filter: &'static str,
    pub mode_filter: &'static str,
    pub l68_filter: &'static str,
    pub any: &'static str,
    pub search_button: &'static str,
    pub results_heading: &'static str,
    pub no_results: &'static str,
    pub pages_label: &'static str,
    pub first_page: &'static str,
    pub next_page: &'static str,
    pub anonymous_company: &'static str,
    pub published_on: fn(&str) -> String,
    pub back_to_jobs: &'static str,
    pub apply_heading: &'static str,
    /// (contact channel, candidate channel).
    pub apply_how: fn(Option<&str>, &str) -> String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_group_thousands() {
        assert_eq!(euros(1800, '.'), "1.800");
        assert_eq!(euros(950, '.'), "950");
        assert_eq!(euros(32000, ','), "32,000");
        assert_eq!(euros(1234567, '.'), "1.234.567");
    }

    #[test]
    fn every_known_contract_and_time_has_a_label_in_both_locales() {
        for (it, en) in [
            (IT.contracts, EN.contracts),
            (IT.working_times, EN.working_times),
        ] {
            assert_eq!(it.len(), en.len());
            for ((ci, li), (ce, le)) in it.iter().zip(en.iter()) {
                assert_eq!(ci, ce);
                assert_ne!(li, le, "{ci}");
            }
        }
        assert_eq!(
            (IT.contract)("TEMPO-INDETERMINATO"),
            "Contratto di lavoro subordinato a tempo indeterminato"
        );
        assert_eq!((EN.contract)("UNKNOWN-CODE"), "UNKNOWN-CODE");
    }
}
