//! Which ESCO skills go with which occupation, for demo profiles and vacancies.
//!
//! With the official ESCO download imported (`server import esco`), the occupation–skill relations
//! say it (essential first). The committed package data has no relations, so otherwise a skill
//! belongs to an occupation when a word of its English labels starts like a content word of the
//! occupation's English label ("welder" → "welding", "nurse" → "nursing"); occupations left with
//! few skills borrow from their ISCO sub-major group, then from a set of transversal skills.

use super::catalog::Occupation;
use std::collections::{HashMap, HashSet};

/// Skills kept per occupation.
const POOL_SIZE: usize = 30;
/// Below this, an occupation borrows skills.
const MIN_POOL: usize = 8;
/// Only the first words of a skill's text are its labels; the rest is description.
const LABEL_WORDS: usize = 12;
const STOP_WORDS: &[&str] = &[
    "worker",
    "workers",
    "assistant",
    "operator",
    "operative",
    "other",
    "general",
    "specialist",
    "technician",
    "manager",
    "officer",
    "helper",
    "staff",
    "professional",
    "attendant",
    "with",
    "from",
    "their",
    "into",
    "person",
    "senior",
    "junior",
    "head",
    "chief",
    "associate",
    "trainee",
];
const TRANSVERSAL: &[&str] = &[
    "communicat",
    "teamwork",
    "customer",
    "safety",
    "hygien",
    "problem",
    "punctual",
    "organis",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The prefix a skill word must start with to match `keyword`.
fn stem_prefix(keyword: &str) -> Option<String> {
    let chars: Vec<char> = keyword.chars().collect();
    if chars.len() < 4 || STOP_WORDS.contains(&keyword) {
        return None;
    }
    let cut = if chars.len() >= 8 { 3 } else { 2 };
    Some(
        chars[..chars.len().saturating_sub(cut).max(4)]
            .iter()
            .collect(),
    )
}

pub fn pools(
    occupations: &[Occupation],
    skills: &[(String, String)],
    relations: &[(String, String)],
) -> Vec<Vec<usize>> {
    let by_uri: HashMap<&str, usize> = skills
        .iter()
        .enumerate()
        .map(|(i, (uri, _))| (uri.as_str(), i))
        .collect();
    let mut related: HashMap<&str, Vec<usize>> = HashMap::new();
    for (occupation, skill) in relations {
        if let Some(&i) = by_uri.get(skill.as_str()) {
            related.entry(occupation.as_str()).or_default().push(i);
        }
    }
    // First four letters of a label word → (skill, word position, word).
    let mut index: HashMap<String, Vec<(usize, usize, String)>> = HashMap::new();
    for (i, (_, label)) in skills.iter().enumerate() {
        for (pos, word) in words(label).take(LABEL_WORDS).enumerate() {
            if word.chars().count() >= 4 {
                let key: String = word.chars().take(4).collect();
                index.entry(key).or_default().push((i, pos, word));
            }
        }
    }
    let matching = |prefixes: &[String]| -> Vec<usize> {
        let mut best: HashMap<usize, usize> = HashMap::new();
        for p in prefixes {
            let key: String = p.chars().take(4).collect();
            for (skill, pos, word) in index.get(&key).into_iter().flatten() {
                if word.starts_with(p.as_str()) {
                    let e = best.entry(*skill).or_insert(*pos);
                    *e = (*e).min(*pos);
                }
            }
        }
        let mut ranked: Vec<(usize, usize)> = best.into_iter().map(|(s, p)| (p, s)).collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, s)| s).collect()
    };
    let mut pools: Vec<Vec<usize>> = occupations
        .iter()
        .map(|o| {
            if let Some(list) = o.esco_uri.as_deref().and_then(|u| related.get(u)) {
                return list.iter().copied().take(POOL_SIZE).collect();
            }
            let prefixes: Vec<String> =
                words(&o.label_en).filter_map(|w| stem_prefix(&w)).collect();
            matching(&prefixes).into_iter().take(POOL_SIZE).collect()
        })
        .collect();
    let transversal: Vec<usize> = {
        let prefixes: Vec<String> = TRANSVERSAL.iter().map(|s| s.to_string()).collect();
        matching(&prefixes).into_iter().take(POOL_SIZE).collect()
    };
    let mut by_group: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in occupations.iter().enumerate() {
        by_group.entry(o.sub_major()).or_default().push(i);
    }
    let snapshot = pools.clone();
    for (i, o) in occupations.iter().enumerate() {
        let pool = &mut pools[i];
        let mut seen: HashSet<usize> = pool.iter().copied().collect();
        let siblings = by_group.get(o.sub_major()).into_iter().flatten();
        let borrowed = siblings
            .filter(|&&j| j != i)
            .flat_map(|&j| snapshot[j].iter().take(4))
            .chain(transversal.iter());
        for &s in borrowed {
            if pool.len() >= MIN_POOL {
                break;
            }
            if seen.insert(s) {
                pool.push(s);
            }
        }
    }
    pools
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occupation(id: &str, label_en: &str, isco: &str) -> Occupation {
        Occupation {
            id: id.into(),
            label_it: id.into(),
            label_en: label_en.into(),
            isco: isco.into(),
            esco_uri: Some(format!("esco:{id}")),
        }
    }

    fn skill(uri: &str, label: &str) -> (String, String) {
        (uri.into(), label.into())
    }

    #[test]
    fn keywords_find_related_skills_and_relations_win() {
        let occupations = vec![
            occupation("saldatore", "Welder", "7212"),
            occupation("infermiere", "Nurse", "2221"),
            occupation("pilota", "Airline pilot", "3153"),
        ];
        let skills = vec![
            skill("s1", "use welding equipment operate welding torch"),
            skill("s2", "apply nursing care"),
            skill("s3", "communicate with customers"),
            skill("s4", "weld metal parts"),
            skill("s5", "work in a team teamwork"),
        ];
        let relations = vec![("esco:infermiere".to_string(), "s3".to_string())];
        let pools = pools(&occupations, &skills, &relations);
        // Welding skills first, the one whose label starts with the keyword ahead.
        assert_eq!(&pools[0][..2], &[3, 0]);
        // The nurse's ESCO relation wins over keywords; then it borrows transversal skills.
        assert_eq!(pools[1][0], 2);
        assert!(!pools[1].contains(&1));
        // No keyword match for "pilot": transversal skills only.
        assert!(
            pools[2].iter().all(|s| [2, 4].contains(s)),
            "{:?}",
            pools[2]
        );
        assert!(!pools[2].is_empty());
    }

    #[test]
    fn short_and_stop_words_are_not_keywords() {
        assert_eq!(stem_prefix("cook").as_deref(), Some("cook"));
        assert_eq!(stem_prefix("welder").as_deref(), Some("weld"));
        assert_eq!(stem_prefix("accountant").as_deref(), Some("account"));
        assert_eq!(stem_prefix("bar"), None);
        assert_eq!(stem_prefix("worker"), None);
    }
}
