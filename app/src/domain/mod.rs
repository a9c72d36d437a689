//! Pure types, parsing and rules. No IO here: everything compiles for the browser too.

pub mod codice_fiscale;
pub mod cpi;
pub mod partita_iva;
pub mod reference;
pub mod search_text;
pub mod service;
