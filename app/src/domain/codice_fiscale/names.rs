//! The three-letter surname and name parts of the codice fiscale (D.M. 23 dicembre 1976, art. 2).

/// Letters of the surname part and of the name part.
pub(super) const CODE_LEN: usize = 3;
const PADDING: u8 = b'X';

/// The letters of a name as the code sees them: upper case, accents dropped (NICOLÒ → NICOLO),
/// everything else (spaces, apostrophes, hyphens, digits, other scripts) ignored.
fn letters(text: &str) -> Vec<u8> {
    text.chars().filter_map(fold_letter).collect()
}

/// Upper-case ASCII letter for a Latin letter, with the accented forms found in Italian registers.
fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return u8::try_from(c.to_ascii_uppercase()).ok();
    }
    let base = match c.to_uppercase().next()? {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => b'A',
        'Ç' | 'Ć' | 'Č' => b'C',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => b'E',
        'Ì' | 'Í' | 'Î' | 'Ï' => b'I',
        'Ñ' | 'Ń' | 'Ň' => b'N',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => b'O',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' => b'U',
        'Ý' | 'Ÿ' => b'Y',
        'Š' | 'Ś' => b'S',
        'Ž' | 'Ź' | 'Ż' => b'Z',
        'Ł' => b'L',
        'Ř' => b'R',
        _ => return None,
    };
    Some(base)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'A' | b'E' | b'I' | b'O' | b'U')
}

fn split(text: &str) -> (Vec<u8>, Vec<u8>) {
    letters(text).into_iter().partition(|&c| !is_vowel(c))
}

/// First three of: consonants, then vowels, then `X`.
fn consonants_vowels_padding(consonants: &[u8], vowels: &[u8]) -> [u8; CODE_LEN] {
    let mut code = [PADDING; CODE_LEN];
    for (slot, &letter) in code.iter_mut().zip(consonants.iter().chain(vowels)) {
        *slot = letter;
    }
    code
}

pub(super) fn surname_letters(surname: &str) -> [u8; CODE_LEN] {
    let (consonants, vowels) = split(surname);
    consonants_vowels_padding(&consonants, &vowels)
}

pub(super) fn name_letters(name: &str) -> [u8; CODE_LEN] {
    let (consonants, vowels) = split(name);
    match consonants.as_slice() {
        // Four or more consonants: the second is skipped (GIANFRANCO → GFR, not GNF).
        &[first, _, third, fourth, ..] => [first, third, fourth],
        _ => consonants_vowels_padding(&consonants, &vowels),
    }
}

fn to_string(letters: [u8; CODE_LEN]) -> String {
    letters.iter().map(|&c| char::from(c)).collect()
}

/// Surname part: consonants in order, then vowels, padded with `X` (ROSSI → RSS, FO → FOX, RE → REX).
pub fn surname_code(surname: &str) -> String {
    to_string(surname_letters(surname))
}

/// Name part: with four or more consonants the 1st, 3rd and 4th; otherwise as for the surname
/// (GIANFRANCO → GFR, MARIO → MRA, UGO → GUO).
pub fn name_code(name: &str) -> String {
    to_string(name_letters(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_surname_codes_by_the_official_rule() {
        for (surname, code) in [
            ("Rossi", "RSS"),
            ("Bianchi", "BNC"),
            ("Esposito", "SPS"),
            ("Fo", "FOX"),
            ("Re", "REX"),
            ("O", "OXX"),
            ("", "XXX"),
            ("D'Angelo", "DNG"),
            ("De Luca", "DLC"),
            ("Aiello", "LLA"),
            ("Àlvarez-Núñez", "LVR"),
            ("Oeu", "OEU"),
            ("Yu", "YUX"),
        ] {
            assert_eq!(surname_code(surname), code, "{surname}");
        }
    }

    #[test]
    fn builds_name_codes_skipping_the_second_of_four_or_more_consonants() {
        for (name, code) in [
            ("Mario", "MRA"),
            ("Gianfranco", "GFR"),
            ("Laura", "LRA"),
            ("Ugo", "GUO"),
            ("Anna", "NNA"),
            ("Giuseppe", "GPP"),
            ("Maria Grazia", "MGR"),
            ("Ilaria", "LRI"),
            ("Al", "LAX"),
            ("Nicolò", "NCL"),
            ("Jan", "JNA"),
            ("   ", "XXX"),
            ("Kristóf", "KST"),
        ] {
            assert_eq!(name_code(name), code, "{name}");
        }
    }

    #[test]
    fn ignores_characters_that_are_not_latin_letters() {
        assert_eq!(surname_code("Rossi 2°"), "RSS");
        assert_eq!(surname_code("Ρόσση"), "XXX");
        assert_eq!(name_code("Ma-rio!"), "MRA");
    }
}
