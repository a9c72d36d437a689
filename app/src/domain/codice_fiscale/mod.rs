//! The codice fiscale, Italy's tax code (D.P.R. 605/1973; layout and tables from D.M. 23 dicembre 1976).
//!
//! A person's code has 16 characters: `RSS MRA 85 T 10 A562 S` = surname, name, year, month letter,
//! day (+40 for women), place of birth (Belfiore code: a letter and three digits, `Z` for abroad),
//! check character. When two people would get the same code the Agenzia delle Entrate replaces digits
//! with letters, from the right (omocodia), so `RSSMRA85T10A56NH` is another, valid code.
//!
//! Companies and other legal entities have an 11-digit numeric code instead: see [`TaxCode`].

mod check;
mod cross_check;
mod date;
mod entita;
mod error;
mod names;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use cross_check::{DeclaredData, Mismatch};
pub use date::{days_in_month, is_leap_year, CalendarDate};
pub use entita::{CodiceFiscaleEntita, TaxCode, TaxCodeError};
pub use error::{CodiceFiscaleError, Expected};
pub use names::{name_code, surname_code};

use check::{
    check_character, digit_value, is_omocodia_letter, month_from_letter, month_letter,
    omocodia_letter,
};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Characters in a person's codice fiscale.
pub const CODICE_FISCALE_LEN: usize = 16;

/// Women's birth day is written plus 40 (a woman born on the 10th has `50`).
const FEMALE_DAY_OFFSET: u8 = 40;
const MAX_DAY: u8 = 31;
const FEBRUARY: u8 = 2;
const LEAP_DAY: u8 = 29;
/// The code has a two-digit year: a leap day is accepted if either candidate century makes it one.
const CANDIDATE_CENTURIES: [u16; 2] = [1900, 2000];
/// A leap year, to ask how long a month can be in any year.
const ANY_LEAP_YEAR: u16 = 2000;
const YEARS_PER_CENTURY: u32 = 100;
/// Going back four centuries always meets a leap century, so any accepted day exists in one of them.
const CENTURIES_TO_TRY: u32 = 4;
const FOREIGN_PLACE_LETTER: u8 = b'Z';
/// Indices (from 0) of the digits omocodia may replace, left to right. Substitution starts from the
/// last one: the first homonym gets position 15 replaced, the next 14 and 15, and so on.
const OMOCODIA_INDICES: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// How many omocodic variants a code has besides itself.
pub const OMOCODIA_LEVELS: usize = OMOCODIA_INDICES.len();

/// What each position accepts.
#[derive(Clone, Copy)]
enum Slot {
    Letter,
    Digit,
    Month,
}

const LAYOUT: [Slot; CODICE_FISCALE_LEN] = {
    use Slot::{Digit as D, Letter as L, Month as M};
    [L, L, L, L, L, L, D, D, M, D, D, L, D, D, D, L]
};

/// Sex as recorded in the codice fiscale (through the day of birth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

/// A Belfiore (cadastral) code: an Italian municipality (`H501` Rome) or, with `Z`, a foreign country
/// (`Z404` United States). Always a capital letter and three digits, without omocodia letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Belfiore([u8; 4]);

impl Belfiore {
    /// Accepts `h501`, ` H 501 `; refuses anything that is not a letter and three digits.
    pub fn parse(input: &str) -> Option<Belfiore> {
        let code: [u8; 4] = normalise(input).as_bytes().try_into().ok()?;
        let [letter, digits @ ..] = code;
        (letter.is_ascii_uppercase() && digits.iter().all(u8::is_ascii_digit))
            .then_some(Belfiore(code))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// `Z` codes stand for foreign countries.
    pub fn is_foreign(self) -> bool {
        let [letter, ..] = self.0;
        letter == FOREIGN_PLACE_LETTER
    }
}

impl fmt::Display for Belfiore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Belfiore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Belfiore {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Belfiore::parse(&text)
            .ok_or_else(|| de::Error::custom(format!("not a Belfiore code: {text}")))
    }
}

/// A codice fiscale as lists show it: the first three and last three characters, the rest hidden,
/// enough to tell two clients apart without exposing birth date and place.
pub fn masked(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let (head, rest) = chars.split_at(3);
    let (middle, tail) = rest.split_at(rest.len() - 3);
    format!(
        "{}{}{}",
        head.iter().collect::<String>(),
        "*".repeat(middle.len()),
        tail.iter().collect::<String>()
    )
}

/// How people type codes: drops every space (also inside), upper-cases ASCII letters. Idempotent.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A valid codice fiscale of a person, in canonical form (16 upper-case characters, as issued:
/// an omocodic code stays omocodic, because it is a different person's code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodiceFiscale {
    code: [u8; CODICE_FISCALE_LEN],
    year: u8,
    month: u8,
    day: u8,
    sex: Sex,
    place: Belfiore,
}

/// The data a valid code carries, read once at parse time.
struct Decoded {
    year: u8,
    month: u8,
    day: u8,
    sex: Sex,
    place: Belfiore,
}

impl CodiceFiscale {
    /// Parses a person's code, checking each position, the omocodia order, the date and the check
    /// character. Never panics.
    pub fn parse(input: &str) -> Result<CodiceFiscale, CodiceFiscaleError> {
        let normalised = normalise(input);
        let chars: Vec<char> = normalised.chars().collect();
        if chars.is_empty() {
            return Err(CodiceFiscaleError::Empty);
        }
        if chars.len() != CODICE_FISCALE_LEN {
            return Err(CodiceFiscaleError::WrongLength {
                actual: chars.len(),
            });
        }
        let mut code = [0u8; CODICE_FISCALE_LEN];
        for (index, ((slot, &found), byte)) in
            LAYOUT.iter().zip(&chars).zip(code.iter_mut()).enumerate()
        {
            *byte = accept(*slot, found).ok_or(match slot {
                Slot::Month => CodiceFiscaleError::InvalidMonth { found },
                Slot::Letter | Slot::Digit => CodiceFiscaleError::InvalidCharacter {
                    position: index + 1,
                    found,
                    expected: match slot {
                        Slot::Digit => Expected::Digit,
                        Slot::Letter | Slot::Month => Expected::Letter,
                    },
                },
            })?;
        }
        check_omocodia_order(&code)?;
        let decoded = decode(&code)?;
        let [body @ .., found] = code;
        let expected = check_character(&body);
        if found != expected {
            return Err(CodiceFiscaleError::WrongCheckCharacter {
                expected: char::from(expected),
                found: char::from(found),
            });
        }
        Ok(CodiceFiscale::from_decoded(code, decoded))
    }

    /// The code of a person as the Agenzia delle Entrate first assigns it (without omocodia).
    pub fn generate(
        surname: &str,
        name: &str,
        birth_date: CalendarDate,
        sex: Sex,
        place: Belfiore,
    ) -> CodiceFiscale {
        let [s1, s2, s3] = names::surname_letters(surname);
        let [n1, n2, n3] = names::name_letters(name);
        let year = u16::from(two_digit_year(birth_date.year()));
        // CalendarDate keeps months in 1–12, so the letter always exists.
        let month = month_letter(birth_date.month()).unwrap_or(b'A');
        let day = match sex {
            Sex::Male => birth_date.day(),
            Sex::Female => birth_date.day() + FEMALE_DAY_OFFSET,
        };
        let [p, p1, p2, p3] = place.0;
        let mut code = [
            s1,
            s2,
            s3,
            n1,
            n2,
            n3,
            ascii_digit(year / 10),
            ascii_digit(year),
            month,
            ascii_digit(u16::from(day / 10)),
            ascii_digit(u16::from(day)),
            p,
            p1,
            p2,
            p3,
            0,
        ];
        set_check_character(&mut code);
        let decoded = Decoded {
            year: two_digit_year(birth_date.year()),
            month: birth_date.month(),
            day: birth_date.day(),
            sex,
            place,
        };
        CodiceFiscale::from_decoded(code, decoded)
    }

    fn from_decoded(code: [u8; CODICE_FISCALE_LEN], decoded: Decoded) -> CodiceFiscale {
        let Decoded {
            year,
            month,
            day,
            sex,
            place,
        } = decoded;
        CodiceFiscale {
            code,
            year,
            month,
            day,
            sex,
            place,
        }
    }

    /// The canonical 16 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or_default()
    }

    /// Characters 1–3, from the surname.
    pub fn surname_code(&self) -> &str {
        self.as_str().get(0..3).unwrap_or_default()
    }

    /// Characters 4–6, from the name.
    pub fn name_code(&self) -> &str {
        self.as_str().get(3..6).unwrap_or_default()
    }

    /// The last two digits of the birth year (the century is not in the code).
    pub fn birth_year_two_digits(&self) -> u8 {
        self.year
    }

    /// 1 = January … 12 = December.
    pub fn birth_month(&self) -> u8 {
        self.month
    }

    /// Day of the month (already without the +40 of women).
    pub fn birth_day(&self) -> u8 {
        self.day
    }

    /// The birth date, placing the two-digit year in the latest year not after `reference_year` (the
    /// current year, usually) in which that day exists: `85` → 1985 and `10` → 2010 for 2025.
    pub fn birth_date(&self, reference_year: u16) -> CalendarDate {
        let reference = u32::from(reference_year);
        let year = u32::from(self.year);
        let same_century = reference - reference % YEARS_PER_CENTURY + year;
        let latest = if same_century > reference {
            same_century.checked_sub(YEARS_PER_CENTURY)
        } else {
            Some(same_century)
        };
        (0..CENTURIES_TO_TRY)
            .filter_map(|back| latest?.checked_sub(back * YEARS_PER_CENTURY))
            .filter_map(|candidate| u16::try_from(candidate).ok())
            .find_map(|candidate| CalendarDate::new(candidate, self.month, self.day))
            // Only for a reference year before the code's year (before AD 100): no century fits.
            .unwrap_or_else(|| CalendarDate::clamped(u16::from(self.year), self.month, self.day))
    }

    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// Place of birth, with omocodia letters turned back into digits.
    pub fn birth_place(&self) -> Belfiore {
        self.place
    }

    /// Born abroad: the place of birth is a `Z` code (a country).
    pub fn is_foreign_born(&self) -> bool {
        self.place.is_foreign()
    }

    /// How many digits omocodia replaced (0 for an ordinary code, up to [`OMOCODIA_LEVELS`]).
    pub fn omocodia_level(&self) -> usize {
        OMOCODIA_INDICES
            .iter()
            .filter(|&&index| self.code.get(index).is_some_and(|&c| is_omocodia_letter(c)))
            .count()
    }

    pub fn is_omocodic(&self) -> bool {
        self.omocodia_level() > 0
    }

    /// The same code with `level` digits replaced from the right (0 = the original code); `None`
    /// above [`OMOCODIA_LEVELS`].
    pub fn with_omocodia_level(&self, level: usize) -> Option<CodiceFiscale> {
        if level > OMOCODIA_LEVELS {
            return None;
        }
        let mut code = self.code;
        for (from_right, &index) in OMOCODIA_INDICES.iter().rev().enumerate() {
            if let Some(c) = code.get_mut(index) {
                let digit = digit_value(*c).unwrap_or(0);
                let replaced = if from_right < level {
                    omocodia_letter(digit)
                } else {
                    None
                };
                *c = replaced.unwrap_or(b'0' + digit);
            }
        }
        set_check_character(&mut code);
        Some(CodiceFiscale { code, ..*self })
    }

    /// The original code, before any omocodia.
    pub fn without_omocodia(&self) -> CodiceFiscale {
        self.with_omocodia_level(0).unwrap_or(*self)
    }

    /// The omocodic variants of the original code, levels 1 to [`OMOCODIA_LEVELS`] in order.
    pub fn omocodes(&self) -> Vec<CodiceFiscale> {
        (1..=OMOCODIA_LEVELS)
            .filter_map(|level| self.with_omocodia_level(level))
            .collect()
    }
}

/// The byte for `found` if the slot accepts it.
fn accept(slot: Slot, found: char) -> Option<u8> {
    let byte = u8::try_from(found).ok()?;
    let ok = match slot {
        Slot::Letter => byte.is_ascii_uppercase(),
        Slot::Digit => byte.is_ascii_digit() || is_omocodia_letter(byte),
        Slot::Month => month_from_letter(byte).is_some(),
    };
    ok.then_some(byte)
}

/// Omocodia replaces digits right to left, so once a replaced digit appears every later one must be
/// replaced too.
fn check_omocodia_order(code: &[u8; CODICE_FISCALE_LEN]) -> Result<(), CodiceFiscaleError> {
    let is_letter = |index: usize| code.get(index).is_some_and(u8::is_ascii_uppercase);
    let Some(letter_index) = OMOCODIA_INDICES.iter().copied().find(|&i| is_letter(i)) else {
        return Ok(());
    };
    match OMOCODIA_INDICES
        .iter()
        .copied()
        .find(|&i| i > letter_index && !is_letter(i))
    {
        Some(digit_index) => Err(CodiceFiscaleError::OmocodiaOutOfOrder {
            letter_at: letter_index + 1,
            digit_at: digit_index + 1,
        }),
        None => Ok(()),
    }
}

/// Reads date, sex and place from a code whose characters are already validated.
fn decode(code: &[u8; CODICE_FISCALE_LEN]) -> Result<Decoded, CodiceFiscaleError> {
    let [_, _, _, _, _, _, y1, y2, m, d1, d2, p, p1, p2, p3, _] = *code;
    let year = two_digits(y1, y2);
    let month = month_from_letter(m).ok_or(CodiceFiscaleError::InvalidMonth {
        found: char::from(m),
    })?;
    let day_field = two_digits(d1, d2);
    let (sex, day) = match day_field {
        1..=MAX_DAY => (Sex::Male, day_field),
        _ if (FEMALE_DAY_OFFSET + 1..=FEMALE_DAY_OFFSET + MAX_DAY).contains(&day_field) => {
            (Sex::Female, day_field - FEMALE_DAY_OFFSET)
        }
        _ => return Err(CodiceFiscaleError::InvalidDay { day: day_field }),
    };
    if month == FEBRUARY && day == LEAP_DAY {
        let leap_in_some_century = CANDIDATE_CENTURIES
            .iter()
            .any(|century| is_leap_year(century + u16::from(year)));
        if !leap_in_some_century {
            return Err(CodiceFiscaleError::NotLeapYear { year });
        }
    } else if day > days_in_month(ANY_LEAP_YEAR, month) {
        return Err(CodiceFiscaleError::NonExistentDate { day, month });
    }
    let place = Belfiore([p, plain_digit(p1), plain_digit(p2), plain_digit(p3)]);
    Ok(Decoded {
        year,
        month,
        day,
        sex,
        place,
    })
}

/// Value of two validated numeric characters (digits or omocodia letters).
fn two_digits(tens: u8, units: u8) -> u8 {
    digit_value(tens).unwrap_or(0) * 10 + digit_value(units).unwrap_or(0)
}

/// The digit character behind a numeric character (`N` → `2`).
fn plain_digit(c: u8) -> u8 {
    digit_value(c).map_or(c, |d| b'0' + d)
}

fn two_digit_year(year: u16) -> u8 {
    u8::try_from(year % 100).unwrap_or(0)
}

/// The ASCII digit of `value`'s units.
fn ascii_digit(value: u16) -> u8 {
    b'0' + u8::try_from(value % 10).unwrap_or(0)
}

fn set_check_character(code: &mut [u8; CODICE_FISCALE_LEN]) {
    let [body @ .., check] = code;
    *check = check_character(body);
}

string_traits!(CodiceFiscale, CodiceFiscaleError);
