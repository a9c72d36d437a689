//! Texts of the citizen's applications page and of the "apply" form on a job page (issue 7).
//! One constant per locale, so a missing text is a compile error. Reason names come from the
//! pipeline's texts (`i18n::applicants`); statuses are worded here for the person.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::application::{ApplicationSource, ApplicationStatus};

pub struct MyApplicationsMessages {
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub acting_note: &'static str,
    pub source: fn(ApplicationSource) -> &'static str,
    pub company_label: &'static str,
    pub status_label: &'static str,
    /// The status as the person reads it about their own application.
    pub status: fn(ApplicationStatus) -> &'static str,
    pub applied_on: &'static str,
    pub updated_on: &'static str,
    pub reason_label: &'static str,
    pub reason_private: &'static str,
    pub message_label: &'static str,
    pub proposal_explain: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    /// What the person answered to a proposal (`accepted` / `declined`).
    pub answered: fn(&str) -> &'static str,
    pub withdraw: fn(&str) -> String,
    pub view_job: &'static str,
    pub live_note: &'static str,
    pub updated: &'static str,
    /// The success notice of `?esito=<code>`.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub problem: &'static str,
    pub conflict: &'static str,
    pub field: fn(&str) -> &'static str,
    /// The apply form on the job page.
    pub apply_heading: &'static str,
    pub apply_cv_note: &'static str,
    pub apply_message_label: &'static str,
    pub apply_message_hint: &'static str,
    pub apply_submit: &'static str,
    pub apply_login: &'static str,
    pub link: &'static str,
}
