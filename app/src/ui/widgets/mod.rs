//! Reusable form widgets.

pub mod comune_picker;
