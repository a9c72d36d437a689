//! Reads the committed reference CSVs (`data/reference/`, see DATA-SOURCES.md) and loads them with the
//! store's bulk loaders. Each table is replaced in its own transaction, so a reload is idempotent.

use app::store::reference::{replace_comuni, replace_occupations, ComuneRecord, OccupationRecord};
use app::store::Db;
use serde::Deserialize;
use std::path::Path;

pub const COMUNI_FILE: &str = "comuni.csv";
pub const OCCUPATIONS_FILE: &str = "occupations_it.csv";

/// Why the reference data could not be loaded; one line each.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "reference data folder {0} not found (set --reference-dir or SPORTELLO_REFERENCE_DIR)"
    )]
    MissingDir(String),
    #[error("cannot read {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("database error while loading {table}: {reason}")]
    Database { table: &'static str, reason: String },
}

/// What was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub comuni: u64,
    pub occupations: u64,
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

pub fn read_comuni(dir: &Path) -> Result<Vec<ComuneRecord>, ImportError> {
    read_csv::<ComuneCsv>(dir, COMUNI_FILE)?
        .into_iter()
        .map(|c| {
            Ok(ComuneRecord {
                lat: parse_coordinate(&c.lat, COMUNI_FILE, &c.istat_code)?,
                lon: parse_coordinate(&c.lon, COMUNI_FILE, &c.istat_code)?,
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

/// Loads comuni and occupations from `dir` (both files are read before anything is written).
pub async fn load(db: &Db, dir: &Path) -> Result<Loaded, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::MissingDir(dir.display().to_string()));
    }
    let comuni = read_comuni(dir)?;
    let occupations = read_occupations(dir)?;
    let db_fail = |table: &'static str| {
        move |e: sqlx::Error| ImportError::Database {
            table,
            reason: e.to_string().lines().next().unwrap_or_default().to_string(),
        }
    };
    let comuni = replace_comuni(db, &comuni)
        .await
        .map_err(db_fail("comune"))?;
    let occupations = replace_occupations(db, &occupations)
        .await
        .map_err(db_fail("occupation"))?;
    Ok(Loaded {
        comuni,
        occupations,
    })
}
