//! A text-only baseline for the matching evaluation: Okapi BM25 (k1 = 1.2, b = 0.75) over Italian
//! text with a light normalisation (lower case, accents folded, stop words dropped, one final vowel
//! cut so "addetto", "addetta" and "addetti" meet). Pure and dependency-free.

#![allow(dead_code)]

use std::collections::HashMap;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Frequent Italian words and the fixed words of the demo ads' template, which carry no topic.
const STOP_WORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "agli", "ai", "che", "con", "da", "dal", "dalla", "dei",
    "del", "della", "delle", "degli", "di", "e", "ed", "gli", "i", "il", "in", "la", "le", "lo",
    "nei", "nel", "nella", "o", "per", "si", "su", "sul", "sulla", "tra", "un", "una", "uno",
];

/// The terms of `text`.
pub fn terms(text: &str) -> Vec<String> {
    text.to_lowercase()
        .chars()
        .map(fold_accent)
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(stem)
        .collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

/// Italian words change gender and number in their last vowel: cut one from words of 4+ letters.
fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if w.chars().count() >= 4 && w.ends_with(['a', 'e', 'i', 'o']) {
        w.pop();
    }
    w
}

/// An index of documents for BM25.
pub struct Bm25 {
    docs: Vec<HashMap<String, u32>>,
    lengths: Vec<f64>,
    average_length: f64,
    document_frequency: HashMap<String, usize>,
}

impl Bm25 {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Bm25 {
        let mut docs = Vec::new();
        let mut lengths = Vec::new();
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for text in texts {
            let mut tf: HashMap<String, u32> = HashMap::new();
            let words = terms(text);
            lengths.push(words.len() as f64);
            for w in words {
                *tf.entry(w).or_default() += 1;
            }
            for w in tf.keys() {
                *document_frequency.entry(w.clone()).or_default() += 1;
            }
            docs.push(tf);
        }
        let average_length = if lengths.is_empty() {
            0.0
        } else {
            lengths.iter().sum::<f64>() / lengths.len() as f64
        };
        Bm25 {
            docs,
            lengths,
            average_length,
            document_frequency,
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The inverse document frequency of a term, in the always-positive form
    /// ln(1 + (N − df + 0.5) / (df + 0.5)).
    fn idf(&self, term: &str) -> f64 {
        let n = self.docs.len() as f64;
        let df = self.document_frequency.get(term).copied().unwrap_or(0) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25 of document `doc` (its position in `new`) for a query's terms (repeats count once per
    /// occurrence, as in a long profile text).
    pub fn score(&self, doc: usize, query: &[String]) -> f64 {
        let (Some(tf), Some(&len)) = (self.docs.get(doc), self.lengths.get(doc)) else {
            return 0.0;
        };
        let norm = if self.average_length > 0.0 {
            K1 * (1.0 - B + B * len / self.average_length)
        } else {
            K1
        };
        query
            .iter()
            .map(|t| {
                let f = f64::from(tf.get(t).copied().unwrap_or(0));
                if f == 0.0 {
                    0.0
                } else {
                    self.idf(t) * f * (K1 + 1.0) / (f + norm)
                }
            })
            .sum()
    }

    /// The positions of `candidates` by descending score for `query` (ties by position), first `k`.
    pub fn top(&self, candidates: &[usize], query: &[String], k: usize) -> Vec<usize> {
        let mut scored: Vec<(f64, usize)> = candidates
            .iter()
            .map(|&d| (self.score(d, query), d))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(k).map(|(_, d)| d).collect()
    }
}
