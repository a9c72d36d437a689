//! The packed lists of the narrow match tables: a person's (or vacancy's) skills, occupations,
//! languages and licences each in one short text, so a candidate loads as one row. Unparsable parts
//! are skipped: the tables are rebuilt by the app, never typed by hand.

use super::facts::{Cefr, LanguageFact, OccupationFact, VacancyLanguage, VacancyLicence};
use std::fmt::Write;

/// Sorted, deduplicated interned ids: "3,17,52".
pub fn pack_ids(ids: &mut Vec<u32>) -> String {
    ids.sort_unstable();
    ids.dedup();
    join(ids.iter(), |s, id| write!(s, "{id}"))
}

pub fn unpack_ids(text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = parts(text, ',').filter_map(|p| p.parse().ok()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// "occupation_id:isco4;…" (occupation ids never contain ':' or ';').
pub fn pack_occupations(list: &[OccupationFact]) -> String {
    join_by(';', list.iter(), |s, o| {
        write!(s, "{}:{}", o.occupation_id, o.isco4)
    })
}

pub fn unpack_occupations(text: &str) -> Vec<OccupationFact> {
    parts(text, ';')
        .filter_map(|p| {
            let (id, isco) = p.rsplit_once(':')?;
            Some(OccupationFact {
                occupation_id: id.to_string(),
                isco4: isco.parse().ok()?,
            })
        })
        .collect()
}

/// "en:4,it:7".
pub fn pack_languages(list: &[LanguageFact]) -> String {
    join(list.iter(), |s, l| write!(s, "{}:{}", l.lang, l.level.0))
}

pub fn unpack_languages(text: &str) -> Vec<LanguageFact> {
    parts(text, ',')
        .filter_map(|p| {
            let (lang, level) = p.split_once(':')?;
            Some(LanguageFact {
                lang: lang.to_string(),
                level: Cefr(level.parse().ok()?),
            })
        })
        .collect()
}

/// A vacancy's languages: "en:4:1" (1 = required).
pub fn pack_vacancy_languages(list: &[VacancyLanguage]) -> String {
    join(list.iter(), |s, l| {
        write!(s, "{}:{}:{}", l.lang, l.level.0, u8::from(l.required))
    })
}

pub fn unpack_vacancy_languages(text: &str) -> Vec<VacancyLanguage> {
    parts(text, ',')
        .filter_map(|p| {
            let mut it = p.split(':');
            let lang = it.next()?.to_string();
            let level = Cefr(it.next()?.parse().ok()?);
            let required = it.next()? == "1";
            Some(VacancyLanguage {
                lang,
                level,
                required,
            })
        })
        .collect()
}

/// A person's licences: "B,C".
pub fn pack_codes(list: &[String]) -> String {
    list.join(",")
}

pub fn unpack_codes(text: &str) -> Vec<String> {
    parts(text, ',').map(str::to_string).collect()
}

/// A vacancy's licences: "C:1,CQC-MERCI:0".
pub fn pack_vacancy_licences(list: &[VacancyLicence]) -> String {
    join(list.iter(), |s, l| {
        write!(s, "{}:{}", l.code, u8::from(l.required))
    })
}

pub fn unpack_vacancy_licences(text: &str) -> Vec<VacancyLicence> {
    parts(text, ',')
        .filter_map(|p| {
            let (code, required) = p.rsplit_once(':')?;
            Some(VacancyLicence {
                code: code.to_string(),
                required: required == "1",
            })
        })
        .collect()
}

fn parts(text: &str, sep: char) -> impl Iterator<Item = &str> {
    text.split(sep).filter(|p| !p.is_empty())
}

fn join<T>(
    items: impl Iterator<Item = T>,
    f: impl FnMut(&mut String, T) -> std::fmt::Result,
) -> String {
    join_by(',', items, f)
}

fn join_by<T>(
    sep: char,
    items: impl Iterator<Item = T>,
    mut f: impl FnMut(&mut String, T) -> std::fmt::Result,
) -> String {
    let mut s = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            s.push(sep);
        }
        // Writing into a String cannot fail.
        let _ = f(&mut s, item);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut ids = vec![52, 3, 17, 3];
        assert_eq!(pack_ids(&mut ids), "3,17,52");
        assert_eq!(unpack_ids("3,17,52"), vec![3, 17, 52]);
        assert_eq!(unpack_ids(""), Vec::<u32>::new());
        let occ = vec![
            OccupationFact {
                occupation_id: "cuoco".into(),
                isco4: 5120,
            },
            OccupationFact {
                occupation_id: "ISCO-2512".into(),
                isco4: 2512,
            },
        ];
        assert_eq!(unpack_occupations(&pack_occupations(&occ)), occ);
        let langs = vec![LanguageFact {
            lang: "en".into(),
            level: Cefr(4),
        }];
        assert_eq!(unpack_languages(&pack_languages(&langs)), langs);
        let vl = vec![VacancyLanguage {
            lang: "de".into(),
            level: Cefr(3),
            required: true,
        }];
        assert_eq!(unpack_vacancy_languages(&pack_vacancy_languages(&vl)), vl);
        let lic = vec![
            VacancyLicence {
                code: "CQC-MERCI".into(),
                required: false,
            },
            VacancyLicence {
                code: "C".into(),
                required: true,
            },
        ];
        assert_eq!(unpack_vacancy_licences(&pack_vacancy_licences(&lic)), lic);
        assert_eq!(
            unpack_codes(&pack_codes(&["B".into(), "C".into()])),
            vec!["B", "C"]
        );
    }
}
