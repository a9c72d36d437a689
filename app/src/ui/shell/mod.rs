//! The chrome around every page: header, navigation, language switch, footer.

pub mod footer;
pub mod header;
mod language_switch;
mod session_bar;
