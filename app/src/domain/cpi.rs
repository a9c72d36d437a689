//! A Centro per l'impiego as shown to the public.

use serde::{Deserialize, Serialize};

/// A CPI office: the data a citizen needs to find and reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpiOffice {
    /// Short code used in protocol numbers (e.g. `PG`).
    pub code: String,
    pub name: String,
    pub address: String,
    pub comune: String,
    pub phone: String,
    pub email: String,
}
