//! Texts of the administrators' page of accounts and role grants (issue 4). One constant per
//! locale, so a missing text is a compile error. Role names come from `account.role`.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

pub struct AdminMessages {
    /// Personal area link.
    pub link_users: &'static str,

    pub title: &'static str,
    pub intro: &'static str,
    pub search_label: &'static str,
    pub search_submit: &'static str,
    pub show_all: &'static str,

    // The accounts' table
    pub caption: &'static str,
    pub none_found: &'static str,
    pub col_number: &'static str,
    pub col_name: &'static str,
    pub col_state: &'static str,
    pub col_person: &'static str,
    pub col_roles: &'static str,
    pub col_actions: &'static str,
    pub state_active: &'static str,
    pub state_disabled: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub no_roles: &'static str,
    pub you: &'static str,
    /// Scope of a grant: CPI code, company name, organisation name.
    pub scope_cpi: fn(&str) -> String,
    pub scope_company: fn(&str) -> String,
    pub scope_organisation: fn(&str) -> String,
    pub revoke: &'static str,
    /// Accessible name of a revoke button: role text (with scope), account name.
    pub revoke_label: fn(&str, &str) -> String,
    pub disable: &'static str,
    /// Accessible name of a disable button, by account name.
    pub disable_label: fn(&str) -> String,
    pub enable: &'static str,
    pub enable_label: fn(&str) -> String,

    // The grant form
    pub grant_heading: &'static str,
    pub grant_intro: &'static str,
    pub account_label: &'static str,
    pub role_label: &'static str,
    pub cpi_label: &'static str,
    pub company_label: &'static str,
    pub company_hint: &'static str,
    pub organisation_label: &'static str,
    pub no_scope: &'static str,
    pub choose: &'static str,
    pub grant_submit: &'static str,

    // Outcomes and problems
    /// The notice for an `?esito=` code.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub conflict_hint: &'static str,
}
