//! Does a new vacancy look like one the company already has open? Pure scoring, so the store can
//! run it over thousands of rows in memory (issue 6: "a warning when a new vacancy looks like a
//! duplicate of an open one").
//!
//! Titles are compared after folding what Italian job ads vary without meaning something else:
//! case and accents, punctuation ("cameriere/a", "addetto/a", "M/F"), filler words ("di", "alle"),
//! and the gender ending of a job name (`cameriere`, `cameriera`, `camerieri` → `camerier`;
//! `operatore`, `operatrice` → `operator`). The title's similarity is the better of two Dice
//! coefficients: over the folded words (word order and extra words) and over character trigrams
//! (typos, compound words). The occupation and the comune then weigh in.

use crate::domain::search_text::normalise;

/// A score from this up is worth a warning.
pub const DUPLICATE_THRESHOLD: f32 = 0.6;
/// At most this many possible duplicates are shown.
pub const MAX_DUPLICATES: usize = 5;

/// How much each fact weighs; they add up to 1 for a perfect match.
const TITLE_WEIGHT: f32 = 0.5;
const OCCUPATION_WEIGHT: f32 = 0.3;
const SAME_COMUNE_WEIGHT: f32 = 0.2;
/// When either side has no comune (remote work, a demo row), the place neither helps nor hurts much.
const UNKNOWN_COMUNE_WEIGHT: f32 = 0.1;

/// Words that say nothing about the job ("M/F" included: the law requires it, it tells nothing).
const FILLER_WORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "agli", "ai", "allo", "con", "da", "dal", "dalla", "de",
    "dei", "del", "della", "delle", "degli", "di", "e", "ed", "f", "gli", "i", "il", "in", "l",
    "la", "le", "lo", "m", "mf", "nel", "nella", "o", "per", "su", "sul", "sulla", "un", "una",
    "uno", "and", "for", "of", "the", "to",
];

/// A title reduced to what is compared: its folded words and character trigrams, each sorted and
/// without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleKey {
    words: Vec<String>,
    trigrams: Vec<u32>,
}

impl TitleKey {
    pub fn new(title: &str) -> TitleKey {
        let mut words: Vec<String> = normalise(title)
            .split_whitespace()
            .filter(|w| !FILLER_WORDS.contains(w))
            .map(fold_gender)
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut trigrams = Vec::new();
        for word in &words {
            // Padded, so short words and word starts count: " cuo", "cuoc", "uoc ".
            let padded: Vec<u8> = std::iter::once(b' ')
                .chain(word.bytes())
                .chain(std::iter::once(b' '))
                .collect();
            trigrams.extend(
                padded
                    .windows(3)
                    .map(|w| u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2])),
            );
        }
        trigrams.sort_unstable();
        trigrams.dedup();
        TitleKey { words, trigrams }
    }

    /// The folded words (for tests and explanations).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// How alike two titles are, 0 (nothing shared) to 1 (the same once folded).
    pub fn similarity(&self, other: &TitleKey) -> f32 {
        dice(&self.words, &other.words).max(dice(&self.trigrams, &other.trigrams))
    }
}

/// The job name without its gender or number ending: `cameriera` → `camerier`, `operatrice` →
/// `operator`, `addetti` → `addett`. Short words stay as they are ("bar", "chef").
fn fold_gender(word: &str) -> String {
    const MIN_FOLDED_LEN: usize = 4;
    let word = if let Some(stem) = word.strip_suffix("trice") {
        format!("{stem}tore")
    } else if let Some(stem) = word.strip_suffix("trici") {
        format!("{stem}tori")
    } else {
        word.to_string()
    };
    if word.len() > MIN_FOLDED_LEN && word.ends_with(['a', 'e', 'i', 'o']) {
        word[..word.len() - 1].to_string()
    } else {
        word
    }
}

/// Sørensen–Dice over two sorted lists without repeats.
fn dice<T: Ord>(a: &[T], b: &[T]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * shared) as f32 / (a.len() + b.len()) as f32
}

/// The new vacancy, prepared once and compared with each open one.
#[derive(Debug, Clone)]
pub struct Probe {
    title: TitleKey,
    occupation_id: String,
    work_istat: Option<String>,
}

impl Probe {
    pub fn new(title: &str, occupation_id: &str, work_istat: Option<&str>) -> Probe {
        Probe {
            title: TitleKey::new(title),
            occupation_id: occupation_id.trim().to_string(),
            work_istat: work_istat
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        }
    }

    /// How much an open vacancy looks like this one, 0 to 1.
    pub fn score(&self, title: &str, occupation_id: &str, work_istat: Option<&str>) -> f32 {
        let title = self.title.similarity(&TitleKey::new(title));
        let occupation = !self.occupation_id.is_empty() && self.occupation_id == occupation_id;
        let place = match (self.work_istat.as_deref(), work_istat) {
            (Some(a), Some(b)) if a == b => SAME_COMUNE_WEIGHT,
            (Some(_), Some(_)) => 0.0,
            _ => UNKNOWN_COMUNE_WEIGHT,
        };
        TITLE_WEIGHT * title + if occupation { OCCUPATION_WEIGHT } else { 0.0 } + place
    }

    /// Whether it scores as a possible duplicate.
    pub fn is_duplicate(&self, title: &str, occupation_id: &str, work_istat: Option<&str>) -> bool {
        self.score(title, occupation_id, work_istat) >= DUPLICATE_THRESHOLD
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERUGIA: Option<&str> = Some("054039");
    const TERNI: Option<&str> = Some("055032");

    #[test]
    fn folds_case_accents_punctuation_filler_and_gender() {
        assert_eq!(
            TitleKey::new("Cameriere/a di SALA"),
            TitleKey::new("cameriera sala")
        );
        assert_eq!(
            TitleKey::new("Operatrice call center"),
            TitleKey::new("operatore call-center")
        );
        assert_eq!(
            TitleKey::new("Addetti alle pulizie (M/F)"),
            TitleKey::new("addetto pulizie")
        );
        assert_eq!(TitleKey::new("Perché più"), TitleKey::new("perche piu"));
        assert_eq!(TitleKey::new("Chef").words(), ["chef"]);
    }

    /// (title, occupation, comune) of the new vacancy and of the open one.
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        Option<&'a str>,
    );

    #[test]
    fn true_duplicates_score_above_the_threshold() {
        let cases: &[Case] = &[
            (
                "Cameriere/a",
                "cameriere",
                PERUGIA,
                "Cameriera",
                "cameriere",
                PERUGIA,
            ),
            (
                "Cuoco",
                "cuoco",
                PERUGIA,
                "Cuoco capo partita",
                "cuoco",
                PERUGIA,
            ),
            (
                "Impiegato amministrativo",
                "impiegato-amministrativo",
                None,
                "Impiegata amministrativa part-time",
                "impiegato-amministrativo",
                PERUGIA,
            ),
            // The occupation picked differently, the same title and place.
            (
                "Magazziniere",
                "magazziniere",
                TERNI,
                "magazziniera",
                "mulettista",
                TERNI,
            ),
            // A typo.
            (
                "Saldatore tig",
                "saldatore",
                PERUGIA,
                "Saldatore tgi",
                "saldatore",
                PERUGIA,
            ),
            (
                "Operatrice call center",
                "call-center",
                None,
                "Operatore call center",
                "call-center",
                None,
            ),
        ];
        for (a, a_occ, a_at, b, b_occ, b_at) in cases {
            let probe = Probe::new(a, a_occ, *a_at);
            let score = probe.score(b, b_occ, *b_at);
            assert!(score >= DUPLICATE_THRESHOLD, "{a} ~ {b}: {score}");
        }
    }

    #[test]
    fn near_misses_stay_below_the_threshold() {
        let cases: &[Case] = &[
            // Another job in the same place.
            ("Cuoco", "cuoco", PERUGIA, "Cameriere", "cameriere", PERUGIA),
            // A word in common, another job.
            (
                "Addetto alle pulizie",
                "pulizie",
                PERUGIA,
                "Addetto alle vendite",
                "commesso",
                PERUGIA,
            ),
            // The same occupation, differently named, in another comune.
            (
                "Barista",
                "barista",
                PERUGIA,
                "Banconiere caffetteria",
                "barista",
                TERNI,
            ),
            // The same occupation and place, a different title entirely.
            (
                "Autista",
                "autista",
                PERUGIA,
                "Conducente mezzi pesanti",
                "autista",
                PERUGIA,
            ),
            (
                "Infermiere",
                "infermiere",
                None,
                "Fisioterapista",
                "fisioterapista",
                None,
            ),
        ];
        for (a, a_occ, a_at, b, b_occ, b_at) in cases {
            let probe = Probe::new(a, a_occ, *a_at);
            let score = probe.score(b, b_occ, *b_at);
            assert!(score < DUPLICATE_THRESHOLD, "{a} vs {b}: {score}");
        }
    }

    #[test]
    fn the_same_comune_ranks_above_another() {
        let probe = Probe::new("Cuoco", "cuoco", PERUGIA);
        let here = probe.score("Cuoco", "cuoco", PERUGIA);
        let there = probe.score("Cuoco", "cuoco", TERNI);
        assert!((here - 1.0).abs() < f32::EPSILON, "{here}");
        assert!(there < here);
    }

    #[test]
    fn empty_titles_share_nothing() {
        assert_eq!(TitleKey::new("").similarity(&TitleKey::new("cuoco")), 0.0);
        assert_eq!(
            TitleKey::new("di la").similarity(&TitleKey::new("di la")),
            0.0
        );
    }
}
