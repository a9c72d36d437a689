//! Comparing a codice fiscale with what its holder declared (name, birth, place), as a counter
//! clerk would before accepting a registration.

use super::{names, Belfiore, CalendarDate, CodiceFiscale, Sex};
use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// What a person declared about themselves. Only the fields present are compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredData {
    pub surname: Option<String>,
    pub name: Option<String>,
    pub birth_date: Option<CalendarDate>,
    pub sex: Option<Sex>,
    pub birth_place: Option<Belfiore>,
}

/// One declared datum that the code contradicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Mismatch {
    /// The three letters computed from the declared surname, and those in the code.
    Surname {
        declared: String,
        in_code: String,
    },
    /// The three letters computed from the declared name, and those in the code.
    Name {
        declared: String,
        in_code: String,
    },
    /// Year (last two digits), month or day differ.
    BirthDate {
        declared: CalendarDate,
    },
    Sex {
        declared: Sex,
        in_code: Sex,
    },
    BirthPlace {
        declared: Belfiore,
        in_code: Belfiore,
    },
}

impl Mismatch {
    /// The translated, user-facing message.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Mismatch::Surname { .. } => t.cf_mismatch_surname,
            Mismatch::Name { .. } => t.cf_mismatch_name,
            Mismatch::BirthDate { .. } => t.cf_mismatch_birth_date,
            Mismatch::Sex { .. } => t.cf_mismatch_sex,
            Mismatch::BirthPlace { .. } => t.cf_mismatch_birth_place,
        }
        .to_string()
    }
}

impl CodiceFiscale {
    /// Every declared datum the code contradicts, in the order of the code (surname first).
    /// An omocodic code is compared through its digits, so it matches the same data.
    pub fn cross_check(&self, declared: &DeclaredData) -> Vec<Mismatch> {
        let mut mismatches = Vec::new();
        if let Some(surname) = &declared.surname {
            let expected = names::surname_code(surname);
            if expected != self.surname_code() {
                mismatches.push(Mismatch::Surname {
                    declared: expected,
                    in_code: self.surname_code().to_string(),
                });
            }
        }
        if let Some(name) = &declared.name {
            let expected = names::name_code(name);
            if expected != self.name_code() {
                mismatches.push(Mismatch::Name {
                    declared: expected,
                    in_code: self.name_code().to_string(),
                });
            }
        }
        if let Some(date) = declared.birth_date {
            let same_year = date.year() % 100 == u16::from(self.birth_year_two_digits());
            if !(same_year && date.month() == self.birth_month() && date.day() == self.birth_day())
            {
                mismatches.push(Mismatch::BirthDate { declared: date });
            }
        }
        if let Some(sex) = declared.sex {
            if sex != self.sex() {
                mismatches.push(Mismatch::Sex {
                    declared: sex,
                    in_code: self.sex(),
                });
            }
        }
        if let Some(place) = declared.birth_place {
            if place != self.birth_place() {
                mismatches.push(Mismatch::BirthPlace {
                    declared: place,
                    in_code: self.birth_place(),
                });
            }
        }
        mismatches
    }
}
