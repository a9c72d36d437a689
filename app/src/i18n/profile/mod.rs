//! Texts of the citizen profile (SAP) pages and the CV (issue 7).
//! One constant per locale, so a missing text is a compile error. Labels of EQF levels, contract
//! types and working times are the vacancy form's (`vacancy_form.choice`), so both sides of
//! matching speak the same words.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::profile::{Cefr, Section, Visibility};

pub struct ProfileMessages {
    pub title: &'static str,
    pub intro: &'static str,
    pub link: &'static str,
    /// "Your profile is 45% complete".
    pub meter_text: fn(u8) -> String,
    pub meter_label: &'static str,
    pub missing_heading: &'static str,
    pub complete: &'static str,
    pub sections_heading: &'static str,
    pub section_title: fn(Section) -> &'static str,
    /// Why filling in a section helps.
    pub why: fn(Section) -> &'static str,
    pub done: &'static str,
    pub to_do: &'static str,
    pub edit: &'static str,
    pub back: &'static str,
    pub saved: &'static str,
    pub remove: &'static str,
    pub add: &'static str,
    pub save: &'static str,
    pub none_yet: &'static str,
    pub read_only: &'static str,
    pub error_summary_title: &'static str,
    /// The label of a form field, for the error summary.
    pub field_label: fn(&str) -> &'static str,
    /// Field label and problem code ("required", "invalid", "too_long").
    pub field_problem: fn(&str, &str) -> String,
    pub choose: &'static str,
    pub optional: &'static str,
    // Education.
    pub eqf_label: &'static str,
    pub title_label: &'static str,
    pub year_label: &'static str,
    pub highest_level: &'static str,
    // Experience and desired occupations.
    pub occupation_label: &'static str,
    pub occupation_hint: &'static str,
    pub employer_label: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub to_hint: &'static str,
    pub ongoing: &'static str,
    /// "from 2021-03 to 2023-10".
    pub period: fn(&str, Option<&str>) -> String,
    pub raise: fn(&str) -> String,
    pub rank: fn(usize) -> String,
    // Skills.
    pub skill_search_label: &'static str,
    pub skill_search_button: &'static str,
    pub skill_suggestions: &'static str,
    pub skill_suggestions_none: &'static str,
    pub skill_results: &'static str,
    pub skill_no_results: &'static str,
    pub add_named: fn(&str) -> String,
    pub remove_named: fn(&str) -> String,
    // Languages.
    pub language_label: &'static str,
    pub level_label: &'static str,
    pub cefr: fn(Cefr) -> &'static str,
    pub language_name: fn(&str) -> &'static str,
    // Licences and contracts.
    pub licence_label: &'static str,
    pub licence: fn(&str) -> &'static str,
    pub contract_label: &'static str,
    // Availability.
    pub working_time_label: &'static str,
    pub any_working_time: &'static str,
    pub max_hours_label: &'static str,
    pub radius_label: &'static str,
    pub radius_hint: &'static str,
    pub available_from_label: &'static str,
    pub conditions_legend: &'static str,
    pub shifts_label: &'static str,
    pub nights_label: &'static str,
    pub weekends_label: &'static str,
    pub remote_label: &'static str,
    pub vehicle_label: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    // Presentation.
    pub presentation_label: &'static str,
    pub presentation_hint: fn(usize) -> String,
    // Visibility.
    pub visibility_legend: &'static str,
    pub visibility_intro: &'static str,
    pub visibility: fn(Visibility) -> &'static str,
    pub visibility_explain: fn(Visibility) -> &'static str,
    pub visibility_now: fn(Visibility) -> String,
    // Export and CV.
    pub export_heading: &'static str,
    pub cv_pdf: &'static str,
    pub cv_json: &'static str,
    pub cv_title: &'static str,
    pub cv_personal: &'static str,
    pub cv_name: &'static str,
    pub cv_birth_date: &'static str,
    pub cv_email: &'static str,
    pub cv_phone: &'static str,
    pub cv_updated: fn(&str) -> String,
}
