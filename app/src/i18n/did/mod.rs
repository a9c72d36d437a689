//! Texts of the DID wizard, its overview page and the employment-status certificate (issue 7).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::codice_fiscale::Sex;
use crate::domain::did::{DidState, DidStep, IdentityMismatch};

pub struct DidMessages {
    pub title: &'static str,
    pub short_title: &'static str,
    pub intro: &'static str,
    pub area_link: &'static str,
    pub area_link_hint: &'static str,
    pub case_link: &'static str,

    // Identity, prefilled from the login and cross-checked with the codice fiscale.
    pub identity_heading: &'static str,
    pub identity_intro: &'static str,
    pub registry_column: &'static str,
    pub code_column: &'static str,
    pub datum_column: &'static str,
    pub name_label: &'static str,
    pub cf_label: &'static str,
    pub birth_date_label: &'static str,
    pub sex_label: &'static str,
    pub birth_place_label: &'static str,
    pub sex_name: fn(Sex) -> &'static str,
    pub identity_ok: &'static str,
    pub identity_mismatch_title: &'static str,
    pub identity_mismatch_help: &'static str,
    pub mismatch_name: fn(IdentityMismatch) -> &'static str,

    // The DID and its history.
    pub state_heading: &'static str,
    pub state_label: &'static str,
    pub state_name: fn(DidState) -> &'static str,
    pub since_label: &'static str,
    pub protocol_label: &'static str,
    pub cpi_label: &'static str,
    pub residence_label: &'static str,
    pub domicile_label: &'static str,
    pub created_label: &'static str,
    pub submitted_label: &'static str,
    pub activated_label: &'static str,
    pub suspended_label: &'static str,
    pub closed_label: &'static str,
    pub reason_label: &'static str,
    pub reason_name: fn(&str) -> &'static str,
    pub history_heading: &'static str,
    pub history_when: &'static str,
    pub history_who: &'static str,
    pub history_change: &'static str,
    pub history_created: &'static str,
    pub no_did: &'static str,
    pub closed_did_note: &'static str,
    pub start_button: &'static str,
    pub draft_in_progress: &'static str,
    pub continue_draft: &'static str,
    pub outcome: fn(&str) -> Option<&'static str>,

    // Certificate link.
    pub certificate_heading: &'static str,
    pub certificate_link: &'static str,
    pub certificate_hint: &'static str,
    pub certificate_unavailable: &'static str,

    // Pact interview.
    pub interview_heading: &'static str,
    pub interview_booked: &'static str,
    pub interview_offer: &'static str,
    pub slot_legend: &'static str,
    pub channel_name: fn(&str) -> &'static str,
    pub book_button: &'static str,
    pub skip_link: &'static str,
    pub no_slots: &'static str,

    // Renounce.
    pub renounce_heading: &'static str,
    pub renounce_hint: &'static str,
    pub renounce_button: &'static str,
    pub discard_button: &'static str,

    // Wizard.
    pub step_title: fn(DidStep) -> &'static str,
    pub step_intro: fn(DidStep) -> &'static str,
    pub step_of: fn(usize, usize) -> String,
    pub steps_nav: &'static str,
    pub field_label: fn(&str) -> &'static str,
    pub field_hint: fn(&str) -> Option<&'static str>,
    pub choice_label: fn(&str, &str) -> &'static str,
    pub optional: &'static str,
    pub choose: &'static str,
    pub continue_button: &'static str,
    pub back: &'static str,
    pub save_later: &'static str,
    pub saved_note: &'static str,
    pub error_summary_title: &'static str,
    pub field_problem: fn(&str, &str) -> String,
    pub stale_version: &'static str,
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub change_link: &'static str,
    pub age_band_label: &'static str,
    pub submit_button: &'static str,
    pub submit_note: &'static str,
    pub incomplete: &'static str,
    pub not_a_draft: &'static str,
    pub receipt_title: &'static str,
    pub receipt_intro: &'static str,
    pub receipt_when: &'static str,

    // Operator page.
    pub operator_title: &'static str,
    pub actions_heading: &'static str,
    pub activate_button: &'static str,
    pub suspend_button: &'static str,
    pub reactivate_button: &'static str,
    pub close_button: &'static str,
    pub suspend_reason_label: &'static str,
    pub close_reason_label: &'static str,
    pub no_actions: &'static str,

    // Public verification.
    pub verify_title: &'static str,
    pub verify_intro: &'static str,
    pub verify_code_label: &'static str,
    pub verify_code_hint: &'static str,
    pub verify_button: &'static str,
    pub verify_not_found: &'static str,
    pub verify_valid: &'static str,
    pub verify_superseded: &'static str,
    pub verify_holder: &'static str,
    pub verify_issued: &'static str,
    pub verify_state_now: &'static str,

    // The PDF.
    pub certificate_title: &'static str,
    pub certificate_issuer: &'static str,
    pub certificate_intro: &'static str,
    pub certificate_holder: &'static str,
    pub certificate_code_fiscale: &'static str,
    pub certificate_state: &'static str,
    pub certificate_since: &'static str,
    pub certificate_submitted: &'static str,
    pub certificate_protocol: &'static str,
    pub certificate_cpi: &'static str,
    pub certificate_issued: &'static str,
    pub certificate_verification_code: &'static str,
    pub certificate_how_to_verify: &'static str,
}
