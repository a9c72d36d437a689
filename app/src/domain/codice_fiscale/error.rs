//! Why a codice fiscale was refused: one variant per problem, each with a translated message.

use crate::i18n::Messages;

/// What kind of character a position of the codice fiscale expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected {
    /// A letter A–Z (surname, name, place letter, check character).
    Letter,
    /// A digit, or its omocodia substitute (L M N P Q R S T U V).
    Digit,
}

/// A codice fiscale of a person that could not be accepted. Positions count from 1, as printed on the
/// card; the checks run left to right, and the check character is verified last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CodiceFiscaleError {
    #[error("empty codice fiscale")]
    Empty,
    #[error("a codice fiscale has 16 characters, got {actual}")]
    WrongLength { actual: usize },
    #[error("position {position}: expected {expected:?}, found {found:?}")]
    InvalidCharacter {
        position: usize,
        found: char,
        expected: Expected,
    },
    #[error("{found:?} is not a month letter")]
    InvalidMonth { found: char },
    /// The day field is not 01–31 (men) or 41–71 (women).
    #[error("day field {day:02} is neither 01-31 nor 41-71")]
    InvalidDay { day: u8 },
    /// The day does not exist in that month (31 April, 30 February).
    #[error("day {day} does not exist in month {month}")]
    NonExistentDate { day: u8, month: u8 },
    /// 29 February in a two-digit year that is a leap year in neither 19xx nor 20xx.
    #[error("29 February of a year ending in {year:02} is not a leap day")]
    NotLeapYear { year: u8 },
    /// Omocodia replaces digits from the right: a letter may not stand left of a digit.
    #[error("omocodia letter at position {letter_at} left of the digit at position {digit_at}")]
    OmocodiaOutOfOrder { letter_at: usize, digit_at: usize },
    #[error("check character should be {expected}, found {found}")]
    WrongCheckCharacter { expected: char, found: char },
}

impl CodiceFiscaleError {
    /// The translated, user-facing message.
    pub fn message(&self, t: &Messages) -> String {
        match *self {
            CodiceFiscaleError::Empty => t.cf_empty.to_string(),
            CodiceFiscaleError::WrongLength { actual } => (t.cf_wrong_length)(actual),
            CodiceFiscaleError::InvalidCharacter {
                position,
                found,
                expected: Expected::Letter,
            } => (t.cf_expected_letter)(position, found),
            CodiceFiscaleError::InvalidCharacter {
                position,
                found,
                expected: Expected::Digit,
            } => (t.cf_expected_digit)(position, found),
            CodiceFiscaleError::InvalidMonth { found } => (t.cf_invalid_month)(found),
            CodiceFiscaleError::InvalidDay { day } => (t.cf_invalid_day)(day),
            CodiceFiscaleError::NonExistentDate { day, month } => {
                (t.cf_non_existent_date)(day, month)
            }
            CodiceFiscaleError::NotLeapYear { year } => (t.cf_not_leap_year)(year),
            CodiceFiscaleError::OmocodiaOutOfOrder {
                letter_at,
                digit_at,
            } => (t.cf_omocodia_out_of_order)(letter_at, digit_at),
            CodiceFiscaleError::WrongCheckCharacter { expected, found } => {
                (t.cf_wrong_check_character)(expected, found)
            }
        }
    }
}
