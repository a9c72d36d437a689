//! Texts of companies and their members (issue 4): claiming a company, invitations, the members'
//! page. One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::company_members::MemberRole;

pub struct CompanyMessages {
    // Personal area links
    pub link_company: &'static str,
    pub link_claim: &'static str,

    // My companies
    pub title: &'static str,
    pub intro: &'static str,
    pub companies_heading: &'static str,
    pub companies_none: &'static str,
    pub companies_caption: &'static str,
    pub company_name: &'static str,
    pub partita_iva: &'static str,
    pub role_heading: &'static str,
    pub role: fn(MemberRole) -> &'static str,
    /// Link to a company's members, by company name.
    pub members_link: fn(&str) -> String,
    pub claims_heading: &'static str,
    /// Company name, partita IVA, ISO date.
    pub claim_pending: fn(&str, &str, &str) -> String,

    // Claim form
    pub claim_heading: &'static str,
    pub claim_intro_demo: &'static str,
    pub claim_intro_real: &'static str,
    pub partita_iva_hint: &'static str,
    pub claim_submit: &'static str,

    // Invitations for me
    pub invitations_heading: &'static str,
    pub invitations_none: &'static str,
    /// Company name, role text, last day (ISO date).
    pub invitation_text: fn(&str, &str, &str) -> String,
    pub accept: fn(&str) -> String,

    // Outcomes and problems
    /// The notice for an `?esito=` code.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub problem: &'static str,
    pub claim_conflict: &'static str,
    pub claim_not_found: &'static str,
    pub remove_conflict: &'static str,
    pub invitation_not_found: &'static str,
    pub field: fn(&str) -> &'static str,

    // Members
    pub members_title: fn(&str) -> String,
    pub members_caption: &'static str,
    pub member_name: &'static str,
    pub member_code: &'static str,
    pub member_since: &'static str,
    pub member_actions: &'static str,
    pub you: &'static str,
    pub remove: fn(&str) -> String,
    pub leave: &'static str,
    pub open_invitations_heading: &'static str,
    pub open_invitations_caption: &'static str,
    pub invitation_expires: &'static str,
    pub invite_heading: &'static str,
    pub invite_intro: &'static str,
    pub codice_fiscale: &'static str,
    pub codice_fiscale_hint: &'static str,
    pub role_label: &'static str,
    pub invite_submit: &'static str,
    pub back: &'static str,
}
