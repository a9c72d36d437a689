//! `server import esco|cp2021`: loads the official classifications from files an administrator
//! downloads (they are not redistributed with the app).
//!
//! * ESCO (v1.1/v1.2 CSV download, <https://esco.ec.europa.eu/en/use-esco/download>): a folder with
//!   `occupations_<lang>.csv`, `skills_<lang>.csv`, `ISCOGroups_<lang>.csv` and
//!   `occupationSkillRelations_<lang>.csv` for `en` and/or `it`. Columns are found by their header
//!   names (`conceptUri`, `preferredLabel`, `altLabels` — newline-separated in one cell —, `description`,
//!   `iscoGroup`, `skillType`, `code`, `occupationUri`, `skillUri`, `relationType`), so extra columns and
//!   their order do not matter. At least one occupations file is required; the others are optional.
//! * ISTAT CP2021: one CSV with a code column (`Codice`) and an Italian title column (`Nome`), `;`, `,`
//!   or tab separated, UTF-8 or Latin-1/Windows-1252.
//!
//! Every file is read and checked before anything is written; the database work of one import is one
//! transaction, so a failure leaves the tables as they were.

use crate::cli::ImportSource;
use app::store::classification::{
    import_esco, replace_cp2021, Cp2021Record, EscoImport, EscoImported, EscoOccupationRecord,
    IscoGroupRecord, OccupationSkillRecord, SkillRecord, SkillRelation,
};
use app::store::Db;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Rows between two progress lines while reading a large file.
const PROGRESS_EVERY_ROWS: usize = 50_000;
/// Deepest CP2021 level (unità professionali, "1.1.1.1.0").
const CP2021_LEVELS: usize = 5;
/// Header names accepted for the CP2021 columns, compared case-insensitively; the first is the
/// official one and is the one named in errors.
const CP2021_CODE_COLUMNS: &[&str] = &["Codice", "Codice CP2021", "Cod", "Code", "Codice_CP2021"];
const CP2021_TITLE_COLUMNS: &[&str] = &["Nome", "Titolo", "Denominazione", "Nome CP2021", "Title"];
const ESCO_LANGS: [&str; 2] = ["en", "it"];

/// Why an import failed; each prints as one line naming the file (and column) at fault.
#[derive(Debug, thiserror::Error)]
pub enum ClassificationImportError {
    #[error("folder {0} not found")]
    MissingDir(String),
    #[error("file {0} not found")]
    MissingFile(String),
    #[error("{dir}: no occupations_en.csv or occupations_it.csv (expected the ESCO CSV download)")]
    NoEscoOccupations { dir: String },
    #[error("cannot read {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}: missing column '{column}'")]
    MissingColumn { file: String, column: String },
    #[error("{file}, line {line}: {reason}")]
    BadRow {
        file: String,
        line: u64,
        reason: String,
    },
    /// The database's own text goes to the log, not into this message.
    #[error("database error while importing {what}; nothing was changed (details in the log)")]
    Database { what: &'static str },
}

type Result<T> = std::result::Result<T, ClassificationImportError>;

/// Where progress lines go (stderr for the CLI; tests pass a no-op).
pub type Progress<'a> = &'a dyn Fn(&str);

/// A CSV file held in memory with its header, for look-ups by column name.
struct Table {
    file: String,
    columns: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path, progress: Progress) -> Result<Table> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ClassificationImportError::Read {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        let text = decode(&bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sniff_delimiter(&text))
            .flexible(true)
            .from_reader(text.as_bytes());
        let fail = |e: csv::Error| ClassificationImportError::Read {
            file: file.clone(),
            reason: e.to_string(),
        };
        let columns = reader
            .headers()
            .map_err(fail)?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_lowercase(), i))
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(fail)?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push((line, record));
            if rows.len() % PROGRESS_EVERY_ROWS == 0 {
                progress(&format!("{file}: {} rows read", rows.len()));
            }
        }
        progress(&format!("{file}: {} rows", rows.len()));
        Ok(Table {
            file,
            columns,
            rows,
        })
    }

    /// The index of the first of `names` present in the header, or a missing-column error naming the
    /// first one.
    fn column(&self, names: &[&str]) -> Result<usize> {
        names
            .iter()
            .find_map(|n| self.columns.get(&n.to_lowercase()).copied())
            .ok_or_else(|| ClassificationImportError::MissingColumn {
                file: self.file.clone(),
                column: names.first().copied().unwrap_or_default().to_string(),
            })
    }

    fn optional_column(&self, name: &str) -> Option<usize> {
        self.columns.get(&name.to_lowercase()).copied()
    }

    fn bad_row(&self, line: u64, reason: impl Into<String>) -> ClassificationImportError {
        ClassificationImportError::BadRow {
            file: self.file.clone(),
            line,
            reason: reason.into(),
        }
    }
}

fn field(record: &csv::StringRecord, column: usize) -> &str {
    record.get(column).map(str::trim).unwrap_or_default()
}

fn optional_field(record: &csv::StringRecord, column: Option<usize>) -> Option<String> {
    let value = field(record, column?);
    (!value.is_empty()).then(|| value.to_string())
}

/// ESCO puts the alternative labels of a concept in one cell, one per line.
fn label_list(record: &csv::StringRecord, column: Option<usize>) -> Vec<String> {
    column
        .map(|c| {
            field(record, c)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252, the superset of
/// Latin-1 that Italian public-administration files are usually exported in.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// Windows-1252 differs from Latin-1 only in 0x80–0x9F (typographic quotes, €, dashes…).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator of the header line: whichever of `;`, tab and `,` it contains most (ties: `,`).
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.matches(c).count();
    [b';', b'\t']
        .into_iter()
        .filter(|&d| count(char::from(d)) > count(','))
        .max_by_key(|&d| count(char::from(d)))
        .unwrap_or(b',')
}

fn esco_file(dir: &Path, stem: &str, lang: &str) -> Option<PathBuf> {
    let path = dir.join(format!("{stem}_{lang}.csv"));
    path.is_file().then_some(path)
}

/// Reads an ESCO CSV download (see the module documentation).
pub fn read_esco(dir: &Path, progress: Progress) -> Result<EscoImport> {
    if !dir.is_dir() {
        return Err(ClassificationImportError::MissingDir(
            dir.display().to_string(),
        ));
    }
    let mut occupations: BTreeMap<String, EscoOccupationRecord> = BTreeMap::new();
    let mut any_occupations = false;
    for lang in ESCO_LANGS {
        let Some(path) = esco_file(dir, "occupations", lang) else {
            continue;
        };
        any_occupations = true;
        let table = Table::read(&path, progress)?;
        let uri_col = table.column(&["conceptUri"])?;
        let label_col = table.column(&["preferredLabel"])?;
        let isco_col = table.column(&["iscoGroup"])?;
        let alt_col = table.optional_column("altLabels");
        let desc_col = table.optional_column("description");
        let type_col = table.optional_column("conceptType");
        for (line, r) in &table.rows {
            if type_col.is_some_and(|c| !field(r, c).eq_ignore_ascii_case("Occupation")) {
                continue;
            }
            let uri = field(r, uri_col);
            let label = field(r, label_col);
            let isco = field(r, isco_col);
            if uri.is_empty() || label.is_empty() {
                return Err(table.bad_row(*line, "empty conceptUri or preferredLabel"));
            }
            if isco.is_empty() || isco.len() > 4 || !isco.chars().all(|c| c.is_ascii_digit()) {
                return Err(table.bad_row(*line, format!("bad iscoGroup '{isco}'")));
            }
            let o = occupations
                .entry(uri.to_string())
                .or_insert_with(|| EscoOccupationRecord {
                    uri: uri.to_string(),
                    ..EscoOccupationRecord::default()
                });
            o.isco_code = isco.to_string();
            let (label_slot, alt_slot, desc_slot) = match lang {
                "it" => (&mut o.label_it, &mut o.alt_labels_it, &mut o.description_it),
                _ => (&mut o.label_en, &mut o.alt_labels_en, &mut o.description_en),
            };
            *label_slot = Some(label.to_string());
            *alt_slot = label_list(r, alt_col);
            *desc_slot = optional_field(r, desc_col);
        }
    }
    if !any_occupations {
        return Err(ClassificationImportError::NoEscoOccupations {
            dir: dir.display().to_string(),
        });
    }

    let mut skills: BTreeMap<String, SkillRecord> = BTreeMap::new();
    for lang in ESCO_LANGS {
        let Some(path) = esco_file(dir, "skills", lang) else {
            continue;
        };
        let table = Table::read(&path, progress)?;
        let uri_col = table.column(&["conceptUri"])?;
        let label_col = table.column(&["preferredLabel"])?;
        let alt_col = table.optional_column("altLabels");
        let desc_col = table.optional_column("description");
        let type_col = table.optional_column("skillType");
        for (line, r) in &table.rows {
            let uri = field(r, uri_col);
            let label = field(r, label_col);
            if uri.is_empty() || label.is_empty() {
                return Err(table.bad_row(*line, "empty conceptUri or preferredLabel"));
            }
            let s = skills
                .entry(uri.to_string())
                .or_insert_with(|| SkillRecord {
                    uri: uri.to_string(),
                    ..SkillRecord::default()
                });
            if let Some(t) = optional_field(r, type_col) {
                s.skill_type = Some(t);
            }
            if lang == "it" {
                s.label_it = Some(label.to_string());
                s.alt_labels_it = label_list(r, alt_col);
                if s.label_en.is_empty() {
                    // Replaced by the English label when skills_en.csv is there too.
                    s.label_en = label.to_string();
                }
            } else {
                s.label_en = label.to_string();
                s.alt_labels_en = label_list(r, alt_col);
                s.description = optional_field(r, desc_col);
            }
        }
    }

    let mut isco_groups = Vec::new();
    if let Some(path) = esco_file(dir, "ISCOGroups", "en") {
        let mut italian: HashMap<String, String> = HashMap::new();
        if let Some(path_it) = esco_file(dir, "ISCOGroups", "it") {
            let table = Table::read(&path_it, progress)?;
            let code_col = table.column(&["code"])?;
            let label_col = table.column(&["preferredLabel"])?;
            for (_, r) in &table.rows {
                italian.insert(field(r, code_col).to_string(), field(r, label_col).into());
            }
        }
        let table = Table::read(&path, progress)?;
        let code_col = table.column(&["code"])?;
        let label_col = table.column(&["preferredLabel"])?;
        for (line, r) in &table.rows {
            let code = field(r, code_col);
            let title = field(r, label_col);
            if code.is_empty()
                || code.len() > 4
                || !code.chars().all(|c| c.is_ascii_digit())
                || title.is_empty()
            {
                return Err(table.bad_row(*line, format!("bad ISCO group '{code}'")));
            }
            isco_groups.push(IscoGroupRecord {
                code: code.to_string(),
                title_en: title.to_string(),
                title_it: italian.get(code).filter(|t| !t.is_empty()).cloned(),
            });
        }
        // Parents before children, so a hierarchy reads top-down in insertion order.
        isco_groups.sort_by(|a, b| (a.code.len(), &a.code).cmp(&(b.code.len(), &b.code)));
    }

    let mut relations = Vec::new();
    // The relations are the same in every language's file; one is enough.
    let relation_file = ESCO_LANGS
        .iter()
        .find_map(|lang| esco_file(dir, "occupationSkillRelations", lang));
    if let Some(path) = relation_file {
        let table = Table::read(&path, progress)?;
        let occ_col = table.column(&["occupationUri"])?;
        let skill_col = table.column(&["skillUri"])?;
        let rel_col = table.column(&["relationType"])?;
        let mut seen = std::collections::HashSet::new();
        for (line, r) in &table.rows {
            let relation = SkillRelation::parse(field(r, rel_col)).ok_or_else(|| {
                table.bad_row(
                    *line,
                    format!(
                        "relationType '{}' is not essential or optional",
                        field(r, rel_col)
                    ),
                )
            })?;
            let (occupation_uri, skill_uri) = (field(r, occ_col), field(r, skill_col));
            if occupation_uri.is_empty() || skill_uri.is_empty() {
                return Err(table.bad_row(*line, "empty occupationUri or skillUri"));
            }
            if seen.insert((occupation_uri.to_string(), skill_uri.to_string())) {
                relations.push(OccupationSkillRecord {
                    occupation_uri: occupation_uri.to_string(),
                    skill_uri: skill_uri.to_string(),
                    relation,
                });
            }
        }
    }

    Ok(EscoImport {
        occupations: occupations.into_values().collect(),
        skills: skills.into_values().collect(),
        isco_groups,
        relations,
    })
}

/// True for "1", "1.1", … "1.1.1.1.0": digits separated by dots, at most five parts.
fn is_cp2021_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() <= CP2021_LEVELS
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Reads an ISTAT CP2021 file (see the module documentation).
pub fn read_cp2021(file: &Path, progress: Progress) -> Result<Vec<Cp2021Record>> {
    if !file.is_file() {
        return Err(ClassificationImportError::MissingFile(
            file.display().to_string(),
        ));
    }
    let table = Table::read(file, progress)?;
    let code_col = table.column(CP2021_CODE_COLUMNS)?;
    let title_col = table.column(CP2021_TITLE_COLUMNS)?;
    let mut nodes: BTreeMap<String, Cp2021Record> = BTreeMap::new();
    for (line, r) in &table.rows {
        let code = field(r, code_col);
        let title = field(r, title_col);
        if !is_cp2021_code(code) {
            return Err(table.bad_row(*line, format!("'{code}' is not a CP2021 code")));
        }
        if title.is_empty() {
            return Err(table.bad_row(*line, format!("empty title for {code}")));
        }
        nodes.insert(
            code.to_string(),
            Cp2021Record {
                code: code.to_string(),
                title_it: title.to_string(),
            },
        );
    }
    Ok(nodes.into_values().collect())
}

/// What `import cp2021` stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cp2021Imported {
    pub nodes: u64,
}

fn db_fail(what: &'static str) -> impl Fn(sqlx::Error) -> ClassificationImportError {
    move |e| {
        tracing::error!(what, error = %e, "classification import failed");
        ClassificationImportError::Database { what }
    }
}

/// `import esco --dir <folder>`.
pub async fn esco(db: &Db, dir: &Path, progress: Progress<'_>) -> Result<EscoImported> {
    let data = read_esco(dir, progress)?;
    progress(&format!(
        "writing {} occupations, {} skills, {} ISCO groups, {} relations",
        data.occupations.len(),
        data.skills.len(),
        data.isco_groups.len(),
        data.relations.len()
    ));
    import_esco(db, &data).await.map_err(db_fail("ESCO"))
}

/// `import cp2021 --file <csv>`.
pub async fn cp2021(db: &Db, file: &Path, progress: Progress<'_>) -> Result<Cp2021Imported> {
    let nodes = read_cp2021(file, progress)?;
    let nodes = replace_cp2021(db, &nodes)
        .await
        .map_err(db_fail("CP2021"))?;
    Ok(Cp2021Imported { nodes })
}

/// Runs `server import <source>`, with progress lines on stderr and a summary in the log.
pub async fn run(db: &Db, source: &ImportSource) -> Result<()> {
    let progress = |line: &str| eprintln!("import: {line}");
    let started = std::time::Instant::now();
    match source {
        ImportSource::Esco { dir } => {
            let n = esco(db, dir, &progress).await?;
            tracing::info!(
                occupations = n.occupations,
                enriched = n.enriched,
                created = n.created,
                skills = n.skills,
                isco_groups = n.isco_groups,
                relations = n.relations,
                terms = n.terms,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "ESCO imported"
            );
        }
        ImportSource::Cp2021 { file } => {
            let n = cp2021(db, file, &progress).await?;
            tracing::info!(
                nodes = n.nodes,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "CP2021 imported"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom_and_falls_back_to_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFCitt\xC3\xA0"), "Città");
        assert_eq!(decode(b"Citt\xE0 \x93x\x94 \x80"), "Città “x” €");
    }

    #[test]
    fn sniffs_the_header_separator() {
        assert_eq!(sniff_delimiter("Codice;Nome\n1;A, B"), b';');
        assert_eq!(sniff_delimiter("conceptUri,preferredLabel\n"), b',');
        assert_eq!(sniff_delimiter("Codice\tNome\n"), b'\t');
        assert_eq!(sniff_delimiter("Codice\n"), b',');
    }

    #[test]
    fn cp2021_codes_have_up_to_five_numeric_parts() {
        for ok in ["1", "1.1", "1.1.1.1.0", "8.4.3.1.0"] {
            assert!(is_cp2021_code(ok), "{ok}");
        }
        for bad in ["", "1.", "1..1", "a.1", "1.1.1.1.0.1", "1.1 "] {
            assert!(!is_cp2021_code(bad), "{bad}");
        }
    }
}
