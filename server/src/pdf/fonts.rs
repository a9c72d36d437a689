//! The two standard fonts the PDFs use (Helvetica and Helvetica-Bold, never embedded) with
//! WinAnsiEncoding: the mapping from Unicode to that encoding and the glyph widths needed to wrap
//! text. Widths come from the Adobe Core 14 AFM files, in thousandths of the font size.

/// Which of the two fonts a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    /// The resource name the page dictionaries give the font.
    pub fn resource(self) -> &'static [u8] {
        match self {
            Face::Regular => b"F1",
            Face::Bold => b"F2",
        }
    }
}

/// Widths of the printable ASCII characters 0x20..=0x7E.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // sp..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];

const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // sp..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0..'?'
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P.._
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // `..o
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p..~
];

/// One character in WinAnsiEncoding; anything the encoding lacks becomes '?'.
pub fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '\t' | '\n' | '\r' => b' ',
        _ => b'?',
    }
}

/// A whole string in WinAnsiEncoding.
pub fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi).collect()
}

/// The width of one encoded byte, in thousandths of the font size. Accented letters take the
/// width of their base letter, which is what the AFM files say for Helvetica's Latin-1 set.
fn glyph_width(face: Face, byte: u8) -> u16 {
    let table = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
    };
    let base = match byte {
        0x20..=0x7E => byte,
        0xC0..=0xC5 => b'A',
        0xC7 => b'C',
        0xC8..=0xCB => b'E',
        0xCC..=0xCF => b'I',
        0xD1 => b'N',
        0xD2..=0xD6 | 0xD8 => b'O',
        0xD9..=0xDC => b'U',
        0xDD => b'Y',
        0xE0..=0xE5 => b'a',
        0xE7 => b'c',
        0xE8..=0xEB => b'e',
        0xEC..=0xEF => b'i',
        0xF1 => b'n',
        0xF2..=0xF6 | 0xF8 => b'o',
        0xF9..=0xFC => b'u',
        0xFD | 0xFF => b'y',
        0x80 | 0x95 => b'0',
        0x96 => b'0',
        0x97 | 0x85 => b'M',
        0x91 | 0x92 | 0x82 => b',',
        0x93 | 0x94 | 0x84 => b'"',
        0xA0 => b' ',
        _ => b'o',
    };
    table[usize::from(base - 0x20)]
}

/// The width in points of `text` set in `face` at `size`.
pub fn text_width(face: Face, size: f32, text: &str) -> f32 {
    let thousandths: u32 = text
        .chars()
        .map(|c| u32::from(glyph_width(face, win_ansi(c))))
        .sum();
    thousandths as f32 * size / 1000.0
}

/// Splits `text` into lines no wider than `max_width`, breaking at spaces; a word longer than a
/// line is cut where it overflows. Explicit newlines start a new line.
pub fn wrap(face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(face, size, &candidate) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: cut it character by character.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && text_width(face, size, &longer) > max_width {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = longer;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_accents_map_to_latin1_bytes() {
        assert_eq!(encode("àèéìòù"), vec![0xE0, 0xE8, 0xE9, 0xEC, 0xF2, 0xF9]);
        assert_eq!(encode("€ “x”"), vec![0x80, b' ', 0x93, b'x', 0x94]);
        assert_eq!(encode("日"), vec![b'?']);
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let text = "uno due tre quattro cinque sei sette otto nove dieci";
        let lines = wrap(Face::Regular, 10.0, text, 80.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(text_width(Face::Regular, 10.0, line) <= 80.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn cuts_a_word_longer_than_the_line() {
        let lines = wrap(Face::Bold, 12.0, &"x".repeat(200), 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "x".repeat(200));
    }
}
