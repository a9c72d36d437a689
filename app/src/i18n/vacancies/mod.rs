//! Texts of the company's vacancy pages (issue 6): dashboard, a vacancy, the company profile.
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::api::vacancies::SizeBand;
use crate::domain::vacancy::{ClosedReason, VacancyEvent, VacancyState};
use crate::domain::vacancy_form::VacancyStep;

pub struct VacancyMessages {
    // Links from the company page, by company name
    pub vacancies_link: fn(&str) -> String,
    pub profile_link: fn(&str) -> String,
    pub links_heading: &'static str,

    // Shared
    pub state: fn(VacancyState) -> &'static str,
    pub closed_reason: fn(ClosedReason) -> &'static str,
    pub none_mark: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// The notice for an `?esito=` code.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub problem: &'static str,
    pub field: fn(&str) -> &'static str,
    /// Field label, problem code (`required`, `invalid`, `too_long`).
    pub field_problem: fn(&str, &str) -> String,
    pub conflict: &'static str,
    pub back_to_companies: &'static str,

    // Dashboard
    pub title: fn(&str) -> String,
    pub counts_heading: &'static str,
    /// State name, count.
    pub count_of: fn(&str, i64) -> String,
    pub counts_none: &'static str,
    pub new_vacancy: &'static str,
    pub new_vacancy_hint: &'static str,
    pub drafts_heading: &'static str,
    pub draft_untitled: &'static str,
    pub draft_updated: fn(&str) -> String,
    pub draft_reopened: &'static str,
    pub draft_continue: fn(&str) -> String,
    pub filter_heading: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub status_label: &'static str,
    pub any_status: &'static str,
    pub occupation_label: &'static str,
    pub any_occupation: &'static str,
    pub comune_label: &'static str,
    pub any_comune: &'static str,
    pub filter_submit: &'static str,
    pub filter_reset: &'static str,
    pub matching: fn(i64) -> String,
    pub table_caption: &'static str,
    pub col_title: &'static str,
    pub col_protocol: &'static str,
    pub col_status: &'static str,
    pub col_comune: &'static str,
    pub col_published: &'static str,
    pub col_expires: &'static str,
    pub col_applicants: &'static str,
    /// Total, new.
    pub applicants_count: fn(i64, i64) -> String,
    pub rows_none: &'static str,
    pub next_page: &'static str,
    pub first_page: &'static str,
    pub pages_label: &'static str,

    // One vacancy
    pub facts_heading: &'static str,
    pub protocol: &'static str,
    pub status: &'static str,
    pub occupation: &'static str,
    pub description: &'static str,
    pub positions: &'static str,
    pub place: &'static str,
    pub work_mode: fn(&str) -> &'static str,
    pub contract: &'static str,
    pub working_time: &'static str,
    pub hours_per_week: &'static str,
    pub pattern: &'static str,
    pub shifts: &'static str,
    pub nights: &'static str,
    pub weekends: &'static str,
    pub pattern_none: &'static str,
    pub salary: &'static str,
    /// Minimum, maximum, period code (`month`, `year`).
    pub salary_range: fn(i64, i64, &str) -> String,
    pub start_date: &'static str,
    pub expires_on: &'static str,
    pub ccnl: &'static str,
    pub education: &'static str,
    /// EQF level, must-have.
    pub eqf: fn(i64, bool) -> String,
    pub experience: &'static str,
    /// Years, must-have.
    pub experience_years: fn(i64, bool) -> String,
    pub candidates: &'static str,
    pub candidate_channel: fn(&str) -> &'static str,
    pub contact_channel: &'static str,
    pub reserved_l68: &'static str,
    pub anonymous: &'static str,
    pub dates_heading: &'static str,
    pub created_at: &'static str,
    pub submitted_at: &'static str,
    pub published_at: &'static str,
    pub closed_at: &'static str,
    pub history_heading: &'static str,
    pub history_caption: &'static str,
    pub history_none: &'static str,
    pub col_when: &'static str,
    pub col_event: &'static str,
    pub col_note: &'static str,
    pub event: fn(VacancyEvent) -> &'static str,
    pub step_name: fn(VacancyStep) -> &'static str,
    pub step_to_change: fn(&str) -> String,
    /// Total, new.
    pub applicants_link: fn(i64, i64) -> String,
    pub continue_draft: &'static str,
    pub changes_requested_note: &'static str,
    pub close_heading: &'static str,
    pub fill_heading: &'static str,
    pub fill_text: &'static str,
    pub fill_confirm: &'static str,
    pub fill_submit: &'static str,
    pub withdraw_heading: &'static str,
    pub withdraw_text: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_submit: &'static str,
    pub back_to_list: &'static str,

    // Company profile
    pub profile_title: fn(&str) -> String,
    pub profile_intro: &'static str,
    pub read_only: &'static str,
    pub name: &'static str,
    pub partita_iva: &'static str,
    pub partita_iva_hint: &'static str,
    pub ateco: &'static str,
    pub ateco_search_label: &'static str,
    pub ateco_search_hint: &'static str,
    pub ateco_search_submit: &'static str,
    /// Number of activities found.
    pub ateco_found: fn(usize) -> String,
    pub seat: &'static str,
    pub size_band_label: &'static str,
    pub size_band: fn(SizeBand) -> &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub optional: &'static str,
    pub not_set: &'static str,
    pub save_profile: &'static str,
}
