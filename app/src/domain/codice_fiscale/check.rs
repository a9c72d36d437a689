//! The character tables of the codice fiscale (D.M. 23 dicembre 1976): month letters, omocodia
//! substitution letters and the odd/even tables of the check character.

/// Month letters, January to December. The skipped letters avoid confusion in handwriting.
const MONTH_LETTERS: [u8; 12] = *b"ABCDEHLMPRST";

/// Letters that replace the digits 0–9 when the Agenzia delle Entrate resolves a collision (omocodia).
const OMOCODIA_LETTERS: [u8; 10] = *b"LMNPQRSTUV";

/// Check-character values of the characters in odd positions (1st, 3rd … 15th), letters A–Z.
/// A digit has the value of the letter at the same index (0 ↔ A, 1 ↔ B …).
const ODD_VALUES: [u8; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

const ALPHABET_LEN: u32 = 26;

/// The month (1–12) a month letter stands for.
pub fn month_from_letter(letter: u8) -> Option<u8> {
    let index = MONTH_LETTERS.iter().position(|&l| l == letter)?;
    u8::try_from(index + 1).ok()
}

/// The letter for `month` (1–12), or `None` for a month that does not exist.
pub fn month_letter(month: u8) -> Option<u8> {
    MONTH_LETTERS
        .get(usize::from(month).checked_sub(1)?)
        .copied()
}

/// The digit a character stands for in a numeric position: itself, or its omocodia substitute.
pub fn digit_value(c: u8) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c - b'0');
    }
    let index = OMOCODIA_LETTERS.iter().position(|&l| l == c)?;
    u8::try_from(index).ok()
}

/// The omocodia letter that replaces `digit` (0–9).
pub fn omocodia_letter(digit: u8) -> Option<u8> {
    OMOCODIA_LETTERS.get(usize::from(digit)).copied()
}

/// Whether `c` is an omocodia substitution letter.
pub fn is_omocodia_letter(c: u8) -> bool {
    OMOCODIA_LETTERS.contains(&c)
}

/// Index of an upper-case letter or digit in its table (A/0 → 0 … Z → 25).
fn table_index(c: u8) -> Option<usize> {
    match c {
        b'0'..=b'9' => Some(usize::from(c - b'0')),
        b'A'..=b'Z' => Some(usize::from(c - b'A')),
        _ => None,
    }
}

/// The check character of the first fifteen characters of a code (upper-case letters and digits).
/// Characters outside that set count as zero; callers validate them first. Returns an ASCII letter.
pub fn check_character(first_fifteen: &[u8]) -> u8 {
    let sum: u32 = first_fifteen
        .iter()
        .enumerate()
        .map(|(index, &c)| {
            let Some(i) = table_index(c) else { return 0 };
            // `index` counts from 0, so even indices are the official "odd" positions.
            if index % 2 == 0 {
                ODD_VALUES.get(i).map_or(0, |&v| u32::from(v))
            } else {
                u32::try_from(i).unwrap_or(0)
            }
        })
        .sum();
    let offset = u8::try_from(sum % ALPHABET_LEN).unwrap_or(0);
    b'A' + offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_the_check_character_of_known_codes() {
        assert_eq!(check_character(b"RSSMRA85T10A562"), b'S');
        assert_eq!(check_character(b"BNCLRA90A41H501"), b'F');
        assert_eq!(check_character(b"RSSMRAURTMLARSN"), b'L');
    }

    #[test]
    fn odd_table_gives_every_letter_a_distinct_value() {
        let mut values = ODD_VALUES.to_vec();
        values.sort_unstable();
        assert_eq!(values, (0..26).collect::<Vec<u8>>());
    }

    #[test]
    fn maps_month_letters_both_ways() {
        for month in 1..=12 {
            let letter = month_letter(month).expect("month exists");
            assert_eq!(month_from_letter(letter), Some(month));
        }
        assert_eq!(month_from_letter(b'T'), Some(12));
        assert_eq!(month_from_letter(b'F'), None);
        assert_eq!(month_letter(0), None);
        assert_eq!(month_letter(13), None);
    }

    #[test]
    fn maps_omocodia_letters_both_ways() {
        for digit in 0..=9 {
            let letter = omocodia_letter(digit).expect("digit");
            assert!(is_omocodia_letter(letter));
            assert_eq!(digit_value(letter), Some(digit));
            assert_eq!(digit_value(b'0' + digit), Some(digit));
        }
        assert_eq!(omocodia_letter(10), None);
        assert_eq!(digit_value(b'A'), None);
        assert_eq!(digit_value(b'O'), None);
    }
}
