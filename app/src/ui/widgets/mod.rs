//! Reusable form widgets.

pub mod combobox;
pub mod comune_picker;
pub mod form_errors;
pub mod live;
pub mod occupation_picker;
pub mod ticket_documents;
