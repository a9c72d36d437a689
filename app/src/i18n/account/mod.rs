//! Texts of logging in, the personal area, mandates and "who accessed my data" (issue 4), kept
//! apart from the main catalogue so the feature's strings sit together. Same rule: one constant per
//! locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::api::mandates::MandateState;
use crate::api::session::RoleKind;

pub struct AccountMessages {
    // Header and banner
    pub demo_banner: &'static str,
    pub log_in: &'static str,
    pub log_out: &'static str,
    pub personal_area: &'static str,
    pub user_menu_label: &'static str,
    pub acting_for: fn(&str) -> String,

    // Login page
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_with: fn(&str) -> String,
    pub login_no_providers: &'static str,
    pub login_problem: &'static str,
    /// The message for a code the login routes put in `?errore=`.
    pub login_error: fn(&str) -> &'static str,
    pub logged_out: &'static str,
    pub demo_heading: &'static str,
    pub demo_intro: &'static str,
    pub demo_personas_heading: &'static str,
    pub persona_age: fn(u32) -> String,
    pub persona_login: fn(&str) -> String,
    pub new_citizen_heading: &'static str,
    pub new_citizen_intro: &'static str,
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub sex: &'static str,
    pub sex_female: &'static str,
    pub sex_male: &'static str,
    pub birth_date: &'static str,
    pub birth_date_hint: &'static str,
    pub birth_place: &'static str,
    pub birth_place_hint: &'static str,
    pub new_citizen_submit: &'static str,

    // Personal area
    pub role: fn(RoleKind) -> &'static str,
    pub personal_area_title: &'static str,
    pub welcome: fn(&str) -> String,
    pub your_roles: &'static str,
    pub must_log_in: &'static str,
    pub link_mandates: &'static str,
    pub link_access_log: &'static str,
    pub link_clients: &'static str,

    // Mandates
    pub mandates_title: &'static str,
    pub mandates_intro: &'static str,
    pub mandates_none: &'static str,
    pub mandates_table_caption: &'static str,
    pub mandate_organisation: &'static str,
    pub mandate_scopes: &'static str,
    pub mandate_period: &'static str,
    pub mandate_state_heading: &'static str,
    pub mandate_actions: &'static str,
    pub scope: fn(&str) -> &'static str,
    pub mandate_state: fn(MandateState) -> &'static str,
    /// From, to (ISO dates).
    pub mandate_valid: fn(&str, &str) -> String,
    pub mandate_revoked_on: fn(&str) -> String,
    pub mandate_grant_heading: &'static str,
    pub mandate_duration: &'static str,
    pub months: fn(u32) -> String,
    pub mandate_grant_submit: &'static str,
    pub mandate_revoke: fn(&str) -> String,
    pub mandate_granted: &'static str,
    pub mandate_revoked: &'static str,
    pub choose: &'static str,

    // Who accessed my data
    pub access_title: &'static str,
    pub access_intro: &'static str,
    pub access_none: &'static str,
    pub access_caption: &'static str,
    pub access_when: &'static str,
    pub access_who: &'static str,
    pub access_what: &'static str,
    pub access_you: &'static str,
    pub access_system: &'static str,
    /// Mandate number, organisation.
    pub access_via_mandate: fn(i64, &str) -> String,
    pub audit_action: fn(&str) -> &'static str,

    // Intermediary
    pub clients_title: &'static str,
    pub clients_intro: &'static str,
    pub clients_none: &'static str,
    pub clients_caption: &'static str,
    pub client_name: &'static str,
    pub act_for: fn(&str) -> String,
    pub client_title: &'static str,
    pub client_stop: &'static str,
    pub client_code: &'static str,
    pub client_mandate_until: fn(&str) -> String,
    pub client_profile_heading: &'static str,
    pub client_no_profile: &'static str,
    pub client_profile_not_covered: &'static str,
    pub client_education: &'static str,
    pub client_eqf: &'static str,
    pub client_available_from: &'static str,
    pub client_occupations: &'static str,
    pub client_not_acting: &'static str,

    // My data
    pub link_my_data: &'static str,
    pub my_data_title: &'static str,
    pub my_data_intro: &'static str,
    pub download_heading: &'static str,
    pub download_link: &'static str,
    pub download_hint: &'static str,
    pub rectification_heading: &'static str,
    pub rectification_label: &'static str,
    pub rectification_hint: &'static str,
    pub rectification_submit: &'static str,
    pub rectification_sent: &'static str,
    pub close_heading: &'static str,
    pub close_intro: &'static [&'static str],
    pub close_confirm: &'static str,
    pub close_submit: &'static str,
    pub account_closed: &'static str,

    // Audit log search (auditors, supervisors)
    pub link_audit_log: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub audit_find_heading: &'static str,
    pub audit_code_label: &'static str,
    pub audit_find_submit: &'static str,
    pub audit_actor_label: &'static str,
    pub audit_filter_submit: &'static str,
    pub audit_show_all: &'static str,
    pub audit_caption: &'static str,
    pub audit_subject: &'static str,
    pub audit_object: &'static str,
    pub audit_outcome: &'static str,
    pub audit_mandate: &'static str,
    pub audit_request: &'static str,
    pub audit_none: &'static str,
    pub audit_next: &'static str,
}
