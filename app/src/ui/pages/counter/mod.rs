//! The virtual counter's pages (issue 5): the list of services with "start", the guided request
//! (one step per page, then "check your answers"), "my requests" and the ticket page. Every change
//! is a plain form post to a server function, so each page works without JavaScript.

pub mod home;
pub mod mine;
pub mod ticket;
pub mod wizard;

use crate::i18n::Messages;

/// A stored ISO instant as people read it: `2026-11-27 10:42` (UTC; the region is one time zone
/// and the exact minute is on the receipt).
pub fn when(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => iso.to_string(),
    }
}

/// The translated title of a service by its slug.
pub fn service_title(
    t: &'static Messages,
    service: crate::domain::service::ServiceId,
) -> &'static str {
    (t.service)(service).title
}
