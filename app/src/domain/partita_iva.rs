//! The partita IVA, Italy's VAT number (D.P.R. 633/1972, art. 35): 11 digits = a 7-digit serial,
//! the 3-digit code of the tax office that issued it, and a Luhn-style check digit.
//!
//! Legal entities' numeric codice fiscale has the same shape and check digit; it shares the digit
//! checks here (see [`crate::domain::codice_fiscale::CodiceFiscaleEntita`]).

use crate::i18n::Messages;
use std::ops::RangeInclusive;

/// Digits in a partita IVA.
pub const PARTITA_IVA_LEN: usize = 11;
/// Digits before the check digit.
const BODY_LEN: usize = PARTITA_IVA_LEN - 1;
/// The serial part (digits 1–7), assigned by the issuing office; never all zeros.
const SERIAL_LEN: usize = 7;
/// Largest serial that fits in [`SERIAL_LEN`] digits.
const MAX_SERIAL: u32 = 9_999_999;
/// The prefix of the EU VAT form (`IT00743110157`), accepted and dropped.
const COUNTRY_PREFIX: &str = "IT";
/// Office codes 001–100 are the provincial offices.
const PROVINCIAL_OFFICES: RangeInclusive<u16> = 1..=100;
/// 120 and 121 (offices created later), 888 (assigned by the Ufficio delle Entrate centrale),
/// 999 (assigned on request of other administrations).
const SPECIAL_OFFICES: [u16; 4] = [120, 121, 888, 999];

/// A partita IVA or numeric code that could not be accepted. Positions count from 1, after the
/// `IT` prefix is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum PartitaIvaError {
    #[error("empty number")]
    Empty,
    #[error("11 digits expected, got {actual} characters")]
    WrongLength { actual: usize },
    #[error("position {position}: {found:?} is not a digit")]
    NotADigit { position: usize, found: char },
    #[error("the serial (first 7 digits) is all zeros")]
    AllZeroSerial,
    #[error("{code:03} is not a tax office code")]
    InvalidOfficeCode { code: u16 },
    #[error("check digit should be {expected}, found {found}")]
    WrongCheckDigit { expected: u8, found: u8 },
}

impl PartitaIvaError {
    /// The translated, user-facing message.
    pub fn message(&self, t: &Messages) -> String {
        match *self {
            PartitaIvaError::Empty => t.piva_empty.to_string(),
            PartitaIvaError::WrongLength { actual } => (t.piva_wrong_length)(actual),
            PartitaIvaError::NotADigit { position, found } => (t.piva_not_a_digit)(position, found),
            PartitaIvaError::AllZeroSerial => t.piva_all_zero_serial.to_string(),
            PartitaIvaError::InvalidOfficeCode { code } => (t.piva_invalid_office)(code),
            PartitaIvaError::WrongCheckDigit { expected, found } => {
                (t.piva_wrong_check_digit)(expected, found)
            }
        }
    }
}

/// The check digit of the first ten digits (values 0–9): digits in odd positions count as they
/// are, digits in even positions are doubled (minus 9 above 9); the check digit brings the sum to a
/// multiple of ten.
pub fn check_digit(first_ten: &[u8; BODY_LEN]) -> u8 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(index, &digit)| {
            let digit = u32::from(digit % 10);
            // `index` counts from 0: odd indices are the official even positions.
            if index % 2 == 0 {
                digit
            } else if digit * 2 > 9 {
                digit * 2 - 9
            } else {
                digit * 2
            }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

/// Drops every space, upper-cases, and drops an `IT` prefix when digits follow it. Idempotent.
pub fn normalise(input: &str) -> String {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match compact.strip_prefix(COUNTRY_PREFIX) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => compact,
    }
}

/// Digit values of an already normalised 11-digit number whose serial is not all zeros, with its
/// check digit verified. `office_rule` runs between the structural checks and the check digit.
pub(crate) fn eleven_digits(
    normalised: &str,
    office_rule: impl FnOnce(u16) -> Result<(), PartitaIvaError>,
) -> Result<[u8; PARTITA_IVA_LEN], PartitaIvaError> {
    let chars: Vec<char> = normalised.chars().collect();
    if chars.is_empty() {
        return Err(PartitaIvaError::Empty);
    }
    if chars.len() != PARTITA_IVA_LEN {
        return Err(PartitaIvaError::WrongLength {
            actual: chars.len(),
        });
    }
    let mut digits = [0u8; PARTITA_IVA_LEN];
    for (index, (&found, digit)) in chars.iter().zip(digits.iter_mut()).enumerate() {
        // `to_digit` knows only ASCII digits, so other scripts' digits are refused too.
        *digit = found
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok())
            .ok_or(PartitaIvaError::NotADigit {
                position: index + 1,
                found,
            })?;
    }
    if digits.iter().take(SERIAL_LEN).all(|&d| d == 0) {
        return Err(PartitaIvaError::AllZeroSerial);
    }
    let [.., o1, o2, o3, _] = digits;
    office_rule(u16::from(o1) * 100 + u16::from(o2) * 10 + u16::from(o3))?;
    let [body @ .., found] = digits;
    let expected = check_digit(&body);
    if found != expected {
        return Err(PartitaIvaError::WrongCheckDigit { expected, found });
    }
    Ok(digits)
}

/// Digits (values 0–9) as their ASCII characters.
pub(crate) fn to_ascii(digits: [u8; PARTITA_IVA_LEN]) -> [u8; PARTITA_IVA_LEN] {
    digits.map(|d| b'0' + d % 10)
}

fn is_office_code(code: u16) -> bool {
    PROVINCIAL_OFFICES.contains(&code) || SPECIAL_OFFICES.contains(&code)
}

/// A valid partita IVA, in canonical form: 11 digits, without the `IT` prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitaIva([u8; PARTITA_IVA_LEN]);

impl PartitaIva {
    /// Parses `00743110157`, `IT 00743110157`, `it00743110157`. Never panics.
    pub fn parse(input: &str) -> Result<PartitaIva, PartitaIvaError> {
        let digits = eleven_digits(&normalise(input), |code| {
            if is_office_code(code) {
                Ok(())
            } else {
                Err(PartitaIvaError::InvalidOfficeCode { code })
            }
        })?;
        Ok(PartitaIva(to_ascii(digits)))
    }

    /// The number for `serial` (1–9 999 999) issued by office `office`; `None` if either is out of
    /// range. For demo data and tests.
    pub fn from_serial_and_office(serial: u32, office: u16) -> Option<PartitaIva> {
        if serial == 0 || serial > MAX_SERIAL || !is_office_code(office) {
            return None;
        }
        let mut rest = u64::from(serial) * 1000 + u64::from(office);
        let mut digits = [0u8; PARTITA_IVA_LEN];
        let [body @ .., check] = &mut digits;
        for digit in body.iter_mut().rev() {
            *digit = u8::try_from(rest % 10).unwrap_or(0);
            rest /= 10;
        }
        *check = check_digit(body);
        Some(PartitaIva(to_ascii(digits)))
    }

    /// The canonical 11 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Digits 8–10: the tax office that issued the number.
    pub fn office_code(&self) -> u16 {
        let [.., o1, o2, o3, _] = self.0;
        [o1, o2, o3]
            .iter()
            .fold(0, |acc, &c| acc * 10 + u16::from(c.saturating_sub(b'0')))
    }

    /// The EU VAT form, `IT` followed by the digits (as VIES shows it).
    pub fn with_country_prefix(&self) -> String {
        format!("{COUNTRY_PREFIX}{}", self.as_str())
    }
}

string_traits!(PartitaIva, PartitaIvaError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use proptest::prelude::*;

    fn digits_of(text: &str) -> [u8; BODY_LEN] {
        let mut out = [0; BODY_LEN];
        for (slot, c) in out.iter_mut().zip(text.bytes()) {
            *slot = c - b'0';
        }
        out
    }

    #[test]
    fn computes_check_digits_of_known_numbers() {
        for (body, check) in [
            ("0074311015", 7),
            ("0123456789", 7),
            ("1234567001", 7),
            ("0000000001", 8),
        ] {
            assert_eq!(check_digit(&digits_of(body)), check, "{body}");
        }
    }

    #[test]
    fn accepts_valid_partite_iva_in_every_usual_spelling() {
        for (input, canonical) in [
            ("00743110157", "00743110157"),
            (" 00743110157 ", "00743110157"),
            ("007 431 101 57", "00743110157"),
            ("IT00743110157", "00743110157"),
            ("it 00743110157", "00743110157"),
            ("12345670017", "12345670017"),
        ] {
            let piva = PartitaIva::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(piva.as_str(), canonical);
            assert_eq!(piva.to_string(), canonical);
        }
    }

    #[test]
    fn rejects_partite_iva_with_a_precise_reason() {
        use PartitaIvaError as E;
        for (input, error) in [
            ("", E::Empty),
            ("   ", E::Empty),
            ("0074311015", E::WrongLength { actual: 10 }),
            ("007431101570", E::WrongLength { actual: 12 }),
            ("IT", E::WrongLength { actual: 2 }),
            ("ITIT00743110157", E::WrongLength { actual: 15 }),
            (
                "0074311015A",
                E::NotADigit {
                    position: 11,
                    found: 'A',
                },
            ),
            (
                "0074311O157",
                E::NotADigit {
                    position: 8,
                    found: 'O',
                },
            ),
            (
                "007431101٥7",
                E::NotADigit {
                    position: 10,
                    found: '٥',
                },
            ),
            ("00000000000", E::AllZeroSerial),
            ("00000000018", E::AllZeroSerial),
            ("01234567897", E::InvalidOfficeCode { code: 789 }),
            ("12345670000", E::InvalidOfficeCode { code: 0 }),
            ("12345671011", E::InvalidOfficeCode { code: 101 }),
            (
                "00743110158",
                E::WrongCheckDigit {
                    expected: 7,
                    found: 8,
                },
            ),
            (
                "00743110150",
                E::WrongCheckDigit {
                    expected: 7,
                    found: 0,
                },
            ),
        ] {
            assert_eq!(PartitaIva::parse(input), Err(error), "{input:?}");
        }
    }

    #[test]
    fn accepts_every_listed_office_code_and_no_other() {
        for office in 0..=999 {
            let expected = (1..=100).contains(&office) || [120, 121, 888, 999].contains(&office);
            assert_eq!(
                PartitaIva::from_serial_and_office(1_234_567, office).is_some(),
                expected,
                "{office}"
            );
        }
    }

    #[test]
    fn builds_numbers_from_serial_and_office() {
        let piva = PartitaIva::from_serial_and_office(74_311, 15).expect("valid parts");
        assert_eq!(piva.as_str(), "00743110157");
        assert_eq!(piva.office_code(), 15);
        assert_eq!(piva.with_country_prefix(), "IT00743110157");
        assert_eq!(PartitaIva::from_serial_and_office(0, 15), None);
        assert_eq!(PartitaIva::from_serial_and_office(10_000_000, 15), None);
    }

    #[test]
    fn serde_uses_the_canonical_string_and_validates() {
        let piva = PartitaIva::parse("IT00743110157").expect("valid");
        let json = serde_json::to_string(&piva).expect("serialises");
        assert_eq!(json, "\"00743110157\"");
        assert_eq!(
            serde_json::from_str::<PartitaIva>(&json).expect("parses"),
            piva
        );
        assert!(serde_json::from_str::<PartitaIva>("\"00743110158\"").is_err());
        assert!(serde_json::from_str::<PartitaIva>("743110157").is_err());
    }

    #[test]
    fn error_messages_are_translated_and_name_the_expected_digit() {
        let error = PartitaIva::parse("00743110158").expect_err("wrong check digit");
        let it = error.message(Locale::It.messages());
        let en = error.message(Locale::En.messages());
        assert_ne!(it, en);
        assert!(it.contains('7') && en.contains('7'), "{it} / {en}");
    }

    #[test]
    fn every_error_has_a_message_in_every_locale() {
        use PartitaIvaError as E;
        for error in [
            E::Empty,
            E::WrongLength { actual: 3 },
            E::NotADigit {
                position: 2,
                found: 'x',
            },
            E::AllZeroSerial,
            E::InvalidOfficeCode { code: 789 },
            E::WrongCheckDigit {
                expected: 1,
                found: 2,
            },
        ] {
            for locale in Locale::ALL {
                assert!(!error.message(locale.messages()).is_empty(), "{error:?}");
            }
        }
    }

    fn valid_office() -> impl Strategy<Value = u16> {
        prop_oneof![1u16..=100, prop::sample::select(SPECIAL_OFFICES.to_vec())]
    }

    proptest! {
        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = PartitaIva::parse(&input);
        }

        #[test]
        fn parse_never_panics_on_digit_like_input(input in "(IT|it)?[0-9 A]{0,14}") {
            let _ = PartitaIva::parse(&input);
        }

        #[test]
        fn normalise_is_idempotent(input in "\\PC{0,20}|(IT|it| )*[0-9 ]{0,12}") {
            let once = normalise(&input);
            prop_assert_eq!(normalise(&once), once);
        }

        #[test]
        fn a_number_with_its_computed_check_digit_always_parses(
            serial in 1u32..=MAX_SERIAL,
            office in valid_office(),
        ) {
            let body = format!("{serial:07}{office:03}");
            let check = check_digit(&digits_of(&body));
            let text = format!("{body}{check}");
            let piva = PartitaIva::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(piva.as_str(), text.as_str());
            prop_assert_eq!(piva.office_code(), office);
            prop_assert_eq!(PartitaIva::from_serial_and_office(serial, office), Some(piva));
        }

        #[test]
        fn any_other_check_digit_is_rejected_with_the_expected_one(
            serial in 1u32..=MAX_SERIAL,
            office in valid_office(),
            wrong in 0u8..=9,
        ) {
            let body = format!("{serial:07}{office:03}");
            let check = check_digit(&digits_of(&body));
            prop_assume!(wrong != check);
            prop_assert_eq!(
                PartitaIva::parse(&format!("{body}{wrong}")),
                Err(PartitaIvaError::WrongCheckDigit { expected: check, found: wrong })
            );
        }
    }
}
