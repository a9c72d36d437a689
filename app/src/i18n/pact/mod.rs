//! Texts of the service pact pages, citizen and operator (issue 7).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::domain::pact::{ItemKind, ItemState, PactState, Side};

pub struct PactMessages {
    pub title: &'static str,
    pub intro: &'static str,
    /// The operator's page title: the person's name.
    pub operator_title: fn(&str) -> String,
    pub operator_intro: &'static str,
    pub no_pact: &'static str,
    pub acting_note: &'static str,
    pub items_heading: &'static str,
    pub items_caption: &'static str,
    pub kind: fn(ItemKind) -> &'static str,
    pub state: fn(ItemState) -> &'static str,
    pub pact_state: fn(PactState) -> &'static str,
    pub pact_state_label: &'static str,
    pub col_item: &'static str,
    pub col_deadline: &'static str,
    pub col_state: &'static str,
    pub col_actions: &'static str,
    pub overdue: &'static str,
    pub agree: &'static str,
    pub dispute_label: &'static str,
    pub dispute_submit: &'static str,
    pub revise_label: &'static str,
    pub revise_submit: &'static str,
    pub evidence_label: &'static str,
    pub done_submit: &'static str,
    pub locked: &'static str,
    pub propose_heading: &'static str,
    pub kind_label: &'static str,
    pub text_label: &'static str,
    pub deadline_label: &'static str,
    pub propose_submit: &'static str,
    pub sign_heading: &'static str,
    pub sign_explain: &'static str,
    pub sign_not_yet: &'static str,
    pub sign_submit: &'static str,
    /// The receipt: protocol number and server time.
    pub signed: fn(&str, &str) -> String,
    pub history_heading: &'static str,
    pub history_caption: &'static str,
    pub history_none: &'static str,
    pub side: fn(Side) -> &'static str,
    pub col_when: &'static str,
    pub col_who: &'static str,
    pub col_change: &'static str,
    pub col_note: &'static str,
    pub evidence_prefix: &'static str,
    pub signed_event: &'static str,
    pub caseload_title: &'static str,
    pub caseload_intro: &'static str,
    pub caseload_caption: fn(&str) -> String,
    pub caseload_empty: &'static str,
    pub col_person: &'static str,
    pub col_overdue: &'static str,
    pub col_disputed: &'static str,
    pub col_open: &'static str,
    pub col_next: &'static str,
    pub open_pact: fn(&str) -> String,
    /// The success notice of `?esito=<code>`.
    pub outcome: fn(&str) -> Option<&'static str>,
    pub problem: &'static str,
    pub conflict: &'static str,
    pub field: fn(&str) -> &'static str,
    /// Links from the personal area, the case page and the console.
    pub link: &'static str,
    pub caseload_link: &'static str,
    pub updated: &'static str,
}
