//! Reusable form widgets.

pub mod combobox;
pub mod comune_picker;
pub mod occupation_picker;
