//! The public job pages (issue 6): anyone, no login.

pub mod detail;
pub mod occupation_filter;
pub mod search;
