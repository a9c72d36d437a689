//! Pure types, parsing and rules. No IO here: everything compiles for the browser too.

pub mod cpi;
pub mod service;
