//! Why a person and a vacancy match (or where they fall short), as typed data; the words are in
//! `i18n/matching`. Skills are interned ids, turned into labels by the server function that returns
//! them.

use super::facts::Cefr;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// One of the person's occupations is the vacancy's.
    SameOccupation,
    /// Same ISCO group: `level` 4 (unit group), 3 (minor group) or 2 (sub-major group).
    OccupationGroup { level: u8 },
    /// The commute, against the person's mobility radius.
    Distance { km: f32, radius_km: f32 },
    /// A remote vacancy: no commute.
    Remote,
    /// Must-have skills the person has, of how many, and which are missing.
    Skills {
        have: u16,
        of: u16,
        missing: Vec<u32>,
    },
    /// Nice-to-have skills the person has, of how many.
    NiceSkills { have: u16, of: u16 },
    /// The vacancy asks for EQF level `need`; the person has `have`.
    Education {
        need: u8,
        have: Option<u8>,
        required: bool,
    },
    /// A language the person lacks at the level asked.
    Language {
        lang: String,
        need: Cefr,
        have: Option<Cefr>,
        required: bool,
    },
    /// A required driving licence the person lacks, and those they have.
    LicenceMissing { code: String, have: Vec<String> },
    /// Published (or for a person: profile updated) this many days ago.
    Recent { days: u32 },
}
