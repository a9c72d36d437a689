//! Texts of the vacancy wizard (issue 6): its steps, fields, checks and receipt.
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::vacancy_form::VacancyStep;

pub struct VacancyFormMessages {
    pub title: &'static str,
    pub start_intro: &'static str,
    pub start_button: &'static str,
    pub step_title: fn(VacancyStep) -> &'static str,
    pub step_intro: fn(VacancyStep) -> &'static str,
    /// "Step 2 of 4".
    pub step_of: fn(usize, usize) -> String,
    pub steps_label: &'static str,
    pub step_done: &'static str,
    pub step_todo: &'static str,
    /// The label of a field (also `skills`, `wording` and the step codes, for error summaries).
    pub field_label: fn(&str) -> &'static str,
    pub field_hint: fn(&str) -> Option<&'static str>,
    /// The label of a choice's code, by field.
    pub choice: fn(&str, &str) -> &'static str,
    pub choose: &'static str,
    pub optional: &'static str,
    pub continue_button: &'static str,
    pub back: &'static str,
    pub save_later: &'static str,
    pub saved_note: &'static str,
    pub local_restored: &'static str,
    pub error_summary_title: &'static str,
    /// Field label, problem code ("required", "invalid", "too_long").
    pub field_problem: fn(&str, &str) -> String,
    pub stale_version: &'static str,
    pub suggestions_heading: &'static str,
    pub suggestions_hint: &'static str,
    pub suggestions_none: &'static str,
    pub search_again: &'static str,
    /// "Matched: <synonym>".
    pub matched: fn(&str) -> String,
    pub skills_heading: &'static str,
    pub skills_hint: &'static str,
    pub skills_none: &'static str,
    pub essential: &'static str,
    pub need_must: &'static str,
    pub need_nice: &'static str,
    pub need_none: &'static str,
    pub education_heading: &'static str,
    pub experience_heading: &'static str,
    pub languages_heading: &'static str,
    /// "Language 2".
    pub language_row: fn(usize) -> String,
    pub licences_heading: &'static str,
    pub pattern_heading: &'static str,
    pub salary_heading: &'static str,
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub change: &'static str,
    /// "Change <field>" for screen readers.
    pub change_named: fn(&str) -> String,
    pub not_given: &'static str,
    pub ticked: &'static str,
    pub submit: &'static str,
    pub submit_note: &'static str,
    pub submit_blocked: &'static str,
    pub incomplete: &'static str,
    pub discard: &'static str,
    pub coherence_heading: &'static str,
    /// The explanation of a coherence finding, by code.
    pub coherence_text: fn(&str) -> &'static str,
    pub must_fix: &'static str,
    pub please_check: &'static str,
    pub wording_heading: &'static str,
    pub wording_intro: &'static str,
    /// "You wrote: “…”".
    pub you_wrote: fn(&str) -> String,
    pub why_label: &'static str,
    pub suggestion_label: &'static str,
    pub law_label: &'static str,
    pub duplicates_heading: &'static str,
    pub duplicates_intro: &'static str,
    pub reopened_heading: &'static str,
    pub reopened_intro: &'static str,
    pub receipt_title: &'static str,
    pub receipt_protocol: &'static str,
    pub receipt_at: &'static str,
    pub receipt_next: &'static str,
    pub open_vacancy: &'static str,
    pub back_to_vacancies: &'static str,
    pub already_submitted: &'static str,
    pub company_label: &'static str,
}
