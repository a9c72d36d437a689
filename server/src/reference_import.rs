//! Reads the committed reference CSVs (`data/reference/`, see DATA-SOURCES.md) and loads them with the
//! store's bulk loaders. Each table is replaced in its own transaction, so a reload is idempotent.

use app::store::classification::{
    rebuild_esco_terms, replace_ateco, replace_belfiore_historic, replace_isco_groups,
    replace_package_skills, AtecoRecord, BelfioreRecord, IscoGroupRecord, SkillRecord,
};
use app::store::reference::{replace_comuni, replace_occupations, ComuneRecord, OccupationRecord};
use app::store::Db;
use serde::Deserialize;
use std::path::Path;

pub const COMUNI_FILE: &str = "comuni.csv";
pub const OCCUPATIONS_FILE: &str = "occupations_it.csv";
pub const ISCO_FILE: &str = "isco08_groups.csv";
pub const ATECO_FILE: &str = "ateco_2025.csv";
pub const SKILLS_FILE: &str = "esco_skills.csv";
pub const BELFIORE_FILE: &str = "belfiore_historic.csv";

/// Why the reference data could not be loaded; one line each.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "reference data folder {0} not found (set --reference-dir or SPORTELLO_REFERENCE_DIR)"
    )]
    MissingDir(String),
    #[error("cannot read {file}: {reason}")]
    Read { file: String, reason: String },
    /// The database's own text goes to the log, not into this message.
    #[error("database error while loading {table} (details in the log)")]
    Database { table: &'static str },
}

/// What was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub comuni: u64,
    pub occupations: u64,
    pub isco_groups: u64,
    pub ateco: u64,
    pub skills: u64,
    pub belfiore: u64,
    /// Search terms re-derived from a previous `import esco` (0 when none was imported).
    pub esco_terms: u64,
}

#[derive(Deserialize)]
struct ComuneCsv {
    istat_code: String,
    name: String,
    name_alt: String,
    province_code: String,
    region_name: String,
    belfiore: String,
    lat: String,
    lon: String,
    cpi_code: String,
    population: String,
}

#[derive(Deserialize)]
struct IscoCsv {
    code: String,
    title_en: String,
    title_it: String,
}

#[derive(Deserialize)]
struct AtecoCsv {
    code: String,
    parent_code: String,
    level: String,
    depth: i64,
    title_it: String,
    title_en: String,
}

#[derive(Deserialize)]
struct SkillCsv {
    uri: String,
    text_en: String,
}

#[derive(Deserialize)]
struct BelfioreCsv {
    code: String,
    name: String,
    province_or_country: String,
    valid_from: String,
    valid_to: String,
    is_foreign: String,
    name_en: String,
}

#[derive(Deserialize)]
struct OccupationCsv {
    id: String,
    label_it: String,
    label_en: String,
    synonyms_it: String,
    synonyms_en: String,
    isco_code: String,
    esco_uri: String,
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn pipe_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_csv<T: for<'de> Deserialize<'de>>(dir: &Path, file: &str) -> Result<Vec<T>, ImportError> {
    let path = dir.join(file);
    let fail = |reason: String| ImportError::Read {
        file: path.display().to_string(),
        reason,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(|e| fail(e.to_string()))?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| fail(e.to_string()))
}

fn parse_coordinate(s: &str, file: &str, code: &str) -> Result<Option<f64>, ImportError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    s.trim().parse().map(Some).map_err(|_| ImportError::Read {
        file: file.into(),
        reason: format!("bad coordinate '{s}' for {code}"),
    })
}

fn parse_population(s: &str, code: &str) -> Result<Option<i64>, ImportError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    s.trim().parse().map(Some).map_err(|_| ImportError::Read {
        file: COMUNI_FILE.into(),
        reason: format!("bad population '{s}' for {code}"),
    })
}

pub fn read_comuni(dir: &Path) -> Result<Vec<ComuneRecord>, ImportError> {
    read_csv::<ComuneCsv>(dir, COMUNI_FILE)?
        .into_iter()
        .map(|c| {
            Ok(ComuneRecord {
                lat: parse_coordinate(&c.lat, COMUNI_FILE, &c.istat_code)?,
                lon: parse_coordinate(&c.lon, COMUNI_FILE, &c.istat_code)?,
                population: parse_population(&c.population, &c.istat_code)?,
                istat_code: c.istat_code,
                name: c.name,
                name_alt: non_empty(c.name_alt),
                province_code: c.province_code,
                region_name: c.region_name,
                belfiore: c.belfiore,
                cpi_code: non_empty(c.cpi_code),
            })
        })
        .collect()
}

pub fn read_occupations(dir: &Path) -> Result<Vec<OccupationRecord>, ImportError> {
    Ok(read_csv::<OccupationCsv>(dir, OCCUPATIONS_FILE)?
        .into_iter()
        .map(|o| OccupationRecord {
            synonyms_it: pipe_list(&o.synonyms_it),
            synonyms_en: pipe_list(&o.synonyms_en),
            id: o.id,
            label_it: o.label_it,
            label_en: o.label_en,
            isco_code: o.isco_code,
            esco_uri: non_empty(o.esco_uri),
        })
        .collect())
}

pub fn read_isco_groups(dir: &Path) -> Result<Vec<IscoGroupRecord>, ImportError> {
    Ok(read_csv::<IscoCsv>(dir, ISCO_FILE)?
        .into_iter()
        .map(|g| IscoGroupRecord {
            code: g.code,
            title_en: g.title_en,
            title_it: non_empty(g.title_it),
        })
        .collect())
}

pub fn read_ateco(dir: &Path) -> Result<Vec<AtecoRecord>, ImportError> {
    Ok(read_csv::<AtecoCsv>(dir, ATECO_FILE)?
        .into_iter()
        .map(|a| AtecoRecord {
            code: a.code,
            parent_code: non_empty(a.parent_code),
            level: a.level,
            depth: a.depth,
            title_it: a.title_it,
            title_en: non_empty(a.title_en),
        })
        .collect())
}

pub fn read_belfiore(dir: &Path) -> Result<Vec<BelfioreRecord>, ImportError> {
    Ok(read_csv::<BelfioreCsv>(dir, BELFIORE_FILE)?
        .into_iter()
        .map(|b| BelfioreRecord {
            code: b.code,
            name: b.name,
            province_or_country: b.province_or_country,
            valid_from: b.valid_from,
            valid_to: non_empty(b.valid_to),
            is_foreign: b.is_foreign.trim() == "1",
            name_en: non_empty(b.name_en),
        })
        .collect())
}

/// Splits the package's skill text (labels and description joined with spaces, see DATA-SOURCES.md)
/// where the description starts: the first capitalised word after a lower-case one. ESCO labels are
/// lower case and descriptions are sentences, so this holds for all but a few skills named after a
/// product ("WordPress The open-source…"); those keep the whole text as their label. The labels part
/// is every English label run together (the boundaries are lost in the package).
pub fn split_skill_text(text: &str) -> (String, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let starts_lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
    let starts_upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    match (1..words.len()).find(|&i| starts_upper(words[i]) && starts_lower(words[i - 1])) {
        Some(i) => (words[..i].join(" "), Some(words[i..].join(" "))),
        None => (words.join(" "), None),
    }
}

pub fn read_package_skills(dir: &Path) -> Result<Vec<SkillRecord>, ImportError> {
    Ok(read_csv::<SkillCsv>(dir, SKILLS_FILE)?
        .into_iter()
        .map(|s| {
            let (label_en, description) = split_skill_text(&s.text_en);
            SkillRecord {
                uri: s.uri,
                label_en,
                description,
                ..SkillRecord::default()
            }
        })
        .collect())
}

/// Loads the reference tables from `dir` (every file is read before anything is written), then
/// re-derives the search terms of a previous ESCO import (the occupation load rebuilds all terms).
pub async fn load(db: &Db, dir: &Path) -> Result<Loaded, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::MissingDir(dir.display().to_string()));
    }
    let comuni = read_comuni(dir)?;
    let occupations = read_occupations(dir)?;
    let isco_groups = read_isco_groups(dir)?;
    let ateco = read_ateco(dir)?;
    let skills = read_package_skills(dir)?;
    let belfiore = read_belfiore(dir)?;
    let db_fail = |table: &'static str| {
        move |e: sqlx::Error| {
            tracing::error!(table, error = %e, "reference load failed");
            ImportError::Database { table }
        }
    };
    let comuni = replace_comuni(db, &comuni)
        .await
        .map_err(db_fail("comune"))?;
    let occupations = replace_occupations(db, &occupations)
        .await
        .map_err(db_fail("occupation"))?;
    let isco_groups = replace_isco_groups(db, &isco_groups)
        .await
        .map_err(db_fail("isco_group"))?;
    let ateco = replace_ateco(db, &ateco).await.map_err(db_fail("ateco"))?;
    let skills = replace_package_skills(db, &skills)
        .await
        .map_err(db_fail("skill"))?;
    let belfiore = replace_belfiore_historic(db, &belfiore)
        .await
        .map_err(db_fail("belfiore_historic"))?;
    let esco_terms = rebuild_esco_terms(db)
        .await
        .map_err(db_fail("occupation_term"))?;
    Ok(Loaded {
        comuni,
        occupations,
        isco_groups,
        ateco,
        skills,
        belfiore,
        esco_terms,
    })
}

#[cfg(test)]
mod tests {
    use super::split_skill_text;

    #[test]
    fn skill_text_splits_where_the_description_sentence_starts() {
        let (labels, description) = split_skill_text(
            "manage musical staff direct musical staff Assign and manage staff tasks.",
        );
        assert_eq!(labels, "manage musical staff direct musical staff");
        assert_eq!(
            description.as_deref(),
            Some("Assign and manage staff tasks.")
        );
    }

    #[test]
    fn skill_text_without_a_lower_case_label_stays_whole() {
        let (labels, description) = split_skill_text("WordPress The open-source systems.");
        assert_eq!(labels, "WordPress The open-source systems.");
        assert_eq!(description, None);
    }
}
