//! Search text: how names and job titles are folded so that what people type finds what the registers
//! spell. Used on both sides of a search: when the index is built and when a query arrives.
//!
//! A search key is lower-case ASCII letters and digits separated by single spaces, so a prefix range
//! (`key >= q AND key < q || '~'`) on a plain index finds every key that starts with the query on both
//! SQLite and PostgreSQL (`~` sorts after every character a key may contain).

/// Sorts after every character [`normalise`] can produce; `q + PREFIX_END` bounds a prefix range.
pub const PREFIX_END: char = '~';

/// Folds one character to ASCII: accents stripped, letters of the minority languages of the comuni
/// (German, Slovene, French) mapped to their base letter. `None` for characters that separate words.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ç' | 'č' | 'ć' => "c",
        'š' => "s",
        'ž' => "z",
        'ñ' => "n",
        'ß' => "ss",
        _ => return None,
    })
}

/// Lower case, accents stripped, apostrophes, hyphens, slashes and every other punctuation turned into
/// spaces, runs of spaces collapsed: `"Città di Castello"` → `"citta di castello"`,
/// `"Sant'Anna d'Alfaedo"` → `"sant anna d alfaedo"`, `"S. Giustino"` → `"s giustino"`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece: Option<&str> = if c.is_ascii_alphanumeric() {
            None
        } else {
            fold(c)
        };
        if c.is_ascii_alphanumeric() || piece.is_some() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            match piece {
                Some(p) => out.push_str(p),
                None => out.push(c),
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words that abbreviate to "S." in place names ("S. Giustino", "S. Maria degli Angeli").
const SAINT_WORDS: &[&str] = &["san", "santa", "santo", "sant", "santi", "ss"];

/// The abbreviation-insensitive form of a normalised text: every saint word becomes `s`, so
/// `"santa maria a vico"` → `"s maria a vico"`. `None` when there is nothing to collapse. The index
/// stores both forms, so "s. maria", "santa maria" and "san giustino" all find their comune.
pub fn collapse_saints(normalised: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<&str> = normalised
        .split(' ')
        .map(|w| {
            if SAINT_WORDS.contains(&w) {
                changed = true;
                "s"
            } else {
                w
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// One entry of the prefix index: the text from one word onwards, and the position of that word
/// (0 = the whole text, which ranks above a match inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    pub key: String,
    pub word_pos: i64,
}

/// The index entries of some already normalised texts: every word suffix of each ("citta di castello",
/// "di castello", "castello"), so a prefix range finds both "citta…" and "castel…". Duplicates keep
/// their lowest position.
pub fn word_suffix_keys<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<SearchKey> {
    let mut keys: Vec<SearchKey> = Vec::new();
    for text in texts {
        let mut pos = 0;
        let mut rest = text;
        while !rest.is_empty() {
            match keys.iter_mut().find(|k| k.key == rest) {
                Some(k) => k.word_pos = k.word_pos.min(pos),
                None => keys.push(SearchKey {
                    key: rest.to_string(),
                    word_pos: pos,
                }),
            }
            pos += 1;
            rest = rest.split_once(' ').map(|(_, r)| r).unwrap_or("");
        }
    }
    keys
}

/// Index entries of a place name: the normalised name and its saint-collapsed form.
pub fn place_keys(name: &str) -> Vec<SearchKey> {
    let full = normalise(name);
    let collapsed = collapse_saints(&full);
    word_suffix_keys(std::iter::once(full.as_str()).chain(collapsed.as_deref()))
}

/// The language of an occupation term, which picks the stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermLang {
    It,
    En,
}

impl TermLang {
    pub fn code(self) -> &'static str {
        match self {
            TermLang::It => "it",
            TermLang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<TermLang> {
        match code {
            "it" => Some(TermLang::It),
            "en" => Some(TermLang::En),
            _ => None,
        }
    }
}

/// The stems of each word of a normalised text, joined by spaces: `"saldatori"` → `"saldator"`, which
/// is also the stem of `"saldatore"`, so plurals and feminine forms find each other. Server only: the
/// browser never builds or queries the index.
#[cfg(feature = "ssr")]
pub fn stem_words(normalised: &str, lang: TermLang) -> String {
    use rust_stemmers::{Algorithm, Stemmer};
    let stemmer = Stemmer::create(match lang {
        TermLang::It => Algorithm::Italian,
        TermLang::En => Algorithm::English,
    });
    normalised
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| stemmer.stem(w).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names_and_queries() {
        let cases = [
            ("Città di Castello", "citta di castello"),
            ("  CITTÀ   DI  castello ", "citta di castello"),
            ("Sant'Anna d’Alfaedo", "sant anna d alfaedo"),
            ("S. Giustino", "s giustino"),
            ("S.Giustino", "s giustino"),
            ("Castello-Molina di Fiemme", "castello molina di fiemme"),
            ("Magazziniere/a", "magazziniere a"),
            ("Perché così è però più", "perche cosi e pero piu"),
            ("Übersee Straße", "ubersee strasse"),
            ("Doberdò del Lago/Doberdob", "doberdo del lago doberdob"),
            ("'''", ""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalise(input), want, "{input:?}");
        }
    }

    #[test]
    fn normalised_text_sorts_below_the_prefix_end() {
        let n = normalise("Zz 99 àèìòù ßčšž");
        assert!(n.chars().all(|c| c < PREFIX_END), "{n}");
    }

    #[test]
    fn collapses_saint_words() {
        let cases = [
            ("san giustino", Some("s giustino")),
            ("santa maria a vico", Some("s maria a vico")),
            ("sant angelo lodigiano", Some("s angelo lodigiano")),
            ("monte san savino", Some("monte s savino")),
            ("santo stefano", Some("s stefano")),
            ("sannicandro", None),
            ("perugia", None),
        ];
        for (input, want) in cases {
            assert_eq!(collapse_saints(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn place_keys_cover_every_word_and_the_abbreviated_form() {
        let keys = place_keys("San Giustino");
        let pairs: Vec<_> = keys.iter().map(|k| (k.key.as_str(), k.word_pos)).collect();
        assert_eq!(
            pairs,
            [("san giustino", 0), ("giustino", 1), ("s giustino", 0)]
        );
        let keys = place_keys("Città di Castello");
        assert!(keys.iter().any(|k| k.key == "castello" && k.word_pos == 2));
    }

    #[test]
    fn parses_term_languages() {
        assert_eq!(TermLang::parse("it"), Some(TermLang::It));
        assert_eq!(TermLang::parse("en"), Some(TermLang::En));
        assert_eq!(TermLang::parse("de"), None);
        assert_eq!(TermLang::En.code(), "en");
    }

    /// What the search relies on: the stem of an inflected query is a prefix of the indexed term's stem
    /// or of the term itself (both are indexed). Snowball does not always give equal stems:
    /// "magazzinieri" → "magazzinier" but "magazziniere" → "magazzin".
    #[cfg(feature = "ssr")]
    #[test]
    fn stems_plurals_and_inflections_to_a_prefix_of_the_term() {
        let cases = [
            (TermLang::It, "saldatori", "saldatore"),
            (TermLang::It, "saldatrici", "saldatrice"),
            (TermLang::It, "magazzinieri", "magazziniere"),
            (TermLang::It, "infermieri", "infermiere"),
            (TermLang::It, "cuochi", "cuoco"),
            (TermLang::En, "welders", "welder"),
            (TermLang::En, "nurses", "nurse"),
        ];
        for (lang, query, term) in cases {
            let q = stem_words(query, lang);
            assert!(
                stem_words(term, lang).starts_with(&q) || term.starts_with(&q),
                "{query} → {q} / {term} → {}",
                stem_words(term, lang)
            );
        }
        assert_eq!(
            stem_words("saldatori", TermLang::It),
            stem_words("saldatore", TermLang::It)
        );
        assert_eq!(
            stem_words("saldatore tig", TermLang::It).split(' ').count(),
            2
        );
    }
}
