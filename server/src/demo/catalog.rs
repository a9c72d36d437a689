//! What the generator draws from: the reference tables read from the database, plus the hand-set
//! shape of the region's economy (sectors, demand by occupation group, pay by skill level).
//! The figures are plausible orders of magnitude for Umbria, chosen for realistic demos — not
//! statistics; DATA-SOURCES.md says so too.

use super::rng::Weighted;
use app::store::Db;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct Comune {
    pub istat: String,
    pub name: String,
    pub province: String,
    pub belfiore: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub cpi: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Occupation {
    pub id: String,
    pub label_it: String,
    pub label_en: String,
    pub isco: String,
    pub esco_uri: Option<String>,
}

impl Occupation {
    /// ISCO-08 major group (1 managers … 9 elementary occupations; 0 armed forces).
    pub fn major(&self) -> u8 {
        self.isco
            .bytes()
            .next()
            .map(|b| b.saturating_sub(b'0'))
            .unwrap_or(9)
    }

    pub fn sub_major(&self) -> &str {
        self.isco.get(..2).unwrap_or(&self.isco)
    }
}

/// An economic sector: an ATECO 2025 code prefix (a division or group), how common its firms are, which occupation groups
/// (ISCO-08 sub-major) it hires, and a word for company names.
pub struct Sector {
    pub division: &'static str,
    pub weight: f64,
    pub hires: &'static [&'static str],
    pub name_word: &'static str,
}

pub const SECTORS: &[Sector] = &[
    sector("01", 9.0, &["61", "92", "83", "93"], "Agricola"),
    sector("10", 4.0, &["75", "81", "93", "43", "52"], "Alimentare"),
    sector("11", 1.5, &["75", "81", "61", "52"], "Cantine"),
    sector("13", 1.5, &["75", "81", "93"], "Tessitura"),
    sector("14", 1.5, &["75", "81", "52"], "Confezioni"),
    sector("16", 1.0, &["75", "71", "93"], "Legno"),
    sector("23", 1.5, &["81", "93", "72"], "Ceramiche"),
    sector("25", 4.0, &["72", "81", "93", "31", "21"], "Carpenteria"),
    sector("28", 2.0, &["72", "74", "31", "21"], "Meccanica"),
    sector("41", 5.0, &["71", "93", "31"], "Costruzioni"),
    sector("43", 6.0, &["71", "74", "93"], "Impianti"),
    sector("95.3", 3.0, &["72", "52", "74"], "Autoservice"),
    sector("46", 6.0, &["52", "43", "83", "33", "93"], "Distribuzione"),
    sector("47", 14.0, &["52", "43", "33"], "Commercio"),
    sector("49", 3.0, &["83", "43", "93"], "Trasporti"),
    sector("52", 2.0, &["43", "93", "83"], "Logistica"),
    sector("55", 4.0, &["51", "94", "42"], "Hotel"),
    sector("56", 10.0, &["51", "94"], "Ristorazione"),
    sector("62", 2.0, &["25", "35", "21"], "Software"),
    sector("69", 4.0, &["24", "33", "41"], "Studio"),
    sector("71", 2.0, &["21", "31"], "Ingegneria"),
    sector("81", 3.0, &["91", "51"], "Servizi"),
    sector("86", 3.0, &["22", "32", "53"], "Salute"),
    sector("87", 3.0, &["53", "32", "22"], "Residenza"),
    sector("88", 2.0, &["53", "26", "91"], "Assistenza"),
    sector("85", 1.0, &["23", "53"], "Formazione"),
    sector("96", 2.0, &["51", "52"], "Servizi alla persona"),
];

const fn sector(
    division: &'static str,
    weight: f64,
    hires: &'static [&'static str],
    name_word: &'static str,
) -> Sector {
    Sector {
        division,
        weight,
        hires,
        name_word,
    }
}

/// Relative local demand by ISCO-08 sub-major group (care, hospitality, logistics and building
/// trades lead in Umbria's hiring); groups not listed weigh 1.
const DEMAND: &[(&str, f64)] = &[
    ("53", 10.0),
    ("51", 9.0),
    ("93", 8.0),
    ("83", 7.0),
    ("52", 7.0),
    ("94", 6.0),
    ("72", 6.0),
    ("71", 6.0),
    ("43", 6.0),
    ("91", 6.0),
    ("32", 5.0),
    ("22", 5.0),
    ("81", 5.0),
    ("92", 5.0),
    ("75", 4.0),
    ("33", 4.0),
    ("61", 4.0),
    ("74", 3.0),
    ("24", 3.0),
    ("25", 3.0),
    ("21", 3.0),
    ("31", 3.0),
    ("41", 3.0),
    ("42", 2.0),
    ("26", 2.0),
    ("23", 2.0),
    ("35", 2.0),
    ("82", 2.0),
    ("96", 2.0),
    ("11", 0.3),
    ("12", 0.5),
    ("13", 0.5),
    ("14", 1.0),
];

pub fn demand_weight(sub_major: &str) -> f64 {
    DEMAND
        .iter()
        .find(|(g, _)| *g == sub_major)
        .map_or(1.0, |(_, w)| *w)
}

/// Lowest gross monthly pay (euro) offered for a full-time job of an ISCO major group.
pub fn base_monthly_pay(major: u8) -> i64 {
    match major {
        1 => 3_500,
        2 => 2_400,
        3 => 1_900,
        4 => 1_500,
        5 => 1_350,
        6 => 1_300,
        7 => 1_550,
        8 => 1_500,
        _ => 1_250,
    }
}

/// Lowest EQF level that makes a person plausible for an ISCO major group.
pub fn min_eqf_for_major(major: u8) -> i64 {
    match major {
        1 | 2 => 6,
        3 => 4,
        _ => 1,
    }
}

pub struct Catalog {
    pub comuni: Vec<Comune>,
    /// Comuni of the region (those with a CPI), by population.
    pub residence: Weighted<usize>,
    /// Every Italian comune, by population: birth places of people born elsewhere in Italy.
    pub italian_birth: Weighted<usize>,
    /// Region comuni grouped by province, by population: alternative work places.
    pub by_province: HashMap<String, Weighted<usize>>,
    pub occupations: Vec<Occupation>,
    /// Occupations by local demand.
    pub demand: Weighted<usize>,
    /// Per sector (index into SECTORS): the occupations it hires, by demand.
    pub sector_occupations: Vec<Weighted<usize>>,
    pub sectors: Weighted<usize>,
    /// Per sector (index into SECTORS): its ATECO 2025 subcategories.
    pub sector_ateco: Vec<Vec<String>>,
    pub skills: Vec<String>,
    /// Per occupation (index): skills (indices), most relevant first.
    pub skill_pool: Vec<Vec<usize>>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(
        "the reference data is not loaded ({0} is empty): run `server seed --reference` first"
    )]
    Missing(&'static str),
    #[error("cannot read the reference data: {0}")]
    Database(String),
}

fn db_error(e: sqlx::Error) -> CatalogError {
    CatalogError::Database(e.to_string().lines().next().unwrap_or_default().into())
}

/// The rows of a two-text-column query.
async fn text_pairs(db: &Db, sql: &'static str) -> Result<Vec<(String, String)>, CatalogError> {
    sqlx::query(sql)
        .fetch_all(db.pool())
        .await
        .map_err(db_error)?
        .into_iter()
        .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(db_error)
}

impl Catalog {
    pub async fn load(db: &Db) -> Result<Catalog, CatalogError> {
        let rows = sqlx::query(
            "SELECT istat_code, name, province_code, belfiore, lat, lon, cpi_code, population \
             FROM comune ORDER BY istat_code",
        )
        .fetch_all(db.pool())
        .await
        .map_err(db_error)?;
        let mut comuni = Vec::with_capacity(rows.len());
        let mut population = Vec::with_capacity(rows.len());
        for r in rows {
            comuni.push(Comune {
                istat: r.try_get(0).map_err(db_error)?,
                name: r.try_get(1).map_err(db_error)?,
                province: r.try_get(2).map_err(db_error)?,
                belfiore: r.try_get(3).map_err(db_error)?,
                lat: r.try_get(4).map_err(db_error)?,
                lon: r.try_get(5).map_err(db_error)?,
                cpi: r.try_get(6).map_err(db_error)?,
            });
            population.push(r.try_get::<Option<i64>, _>(7).map_err(db_error)?);
        }
        let occupations = sqlx::query(
            "SELECT id, label_it, label_en, isco_code, esco_uri FROM occupation ORDER BY id",
        )
        .fetch_all(db.pool())
        .await
        .map_err(db_error)?
        .into_iter()
        .map(|r| {
            Ok(Occupation {
                id: r.try_get(0)?,
                label_it: r.try_get(1)?,
                label_en: r.try_get(2)?,
                isco: r.try_get(3)?,
                esco_uri: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(db_error)?;
        let ateco = sqlx::query("SELECT code FROM ateco WHERE depth = 6 ORDER BY code")
            .fetch_all(db.pool())
            .await
            .map_err(db_error)?
            .into_iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<Vec<_>, _>>()
            .map_err(db_error)?;
        let skills = text_pairs(db, "SELECT uri, label_en FROM skill ORDER BY uri").await?;
        let relations = text_pairs(
            db,
            "SELECT occupation_uri, skill_uri FROM occupation_skill \
             ORDER BY occupation_uri, relation, skill_uri",
        )
        .await?;
        Catalog::build(comuni, &population, occupations, &ateco, skills, &relations)
    }

    /// Assembles the distributions; separate from `load` so tests can build a catalog in memory.
    pub fn build(
        comuni: Vec<Comune>,
        population: &[Option<i64>],
        occupations: Vec<Occupation>,
        ateco: &[String],
        skills: Vec<(String, String)>,
        relations: &[(String, String)],
    ) -> Result<Catalog, CatalogError> {
        // A comune without a population figure counts as a small one.
        let weight = |i: usize| population.get(i).copied().flatten().unwrap_or(1_000).max(1) as f64;
        let residence = Weighted::new(
            comuni
                .iter()
                .enumerate()
                .filter(|(_, c)| c.cpi.is_some())
                .map(|(i, _)| (i, weight(i))),
        )
        .ok_or(CatalogError::Missing("comune (with a CPI)"))?;
        let italian_birth = Weighted::new((0..comuni.len()).map(|i| (i, weight(i))))
            .ok_or(CatalogError::Missing("comune"))?;
        let mut provinces: BTreeMap<String, Vec<(usize, f64)>> = BTreeMap::new();
        for (i, c) in comuni.iter().enumerate().filter(|(_, c)| c.cpi.is_some()) {
            provinces
                .entry(c.province.clone())
                .or_default()
                .push((i, weight(i)));
        }
        let by_province = provinces
            .into_iter()
            .filter_map(|(p, items)| Weighted::new(items).map(|w| (p, w)))
            .collect();
        let demand = Weighted::new(
            occupations
                .iter()
                .enumerate()
                .map(|(i, o)| (i, demand_weight(o.sub_major()))),
        )
        .ok_or(CatalogError::Missing("occupation"))?;
        let sector_ateco: Vec<Vec<String>> = SECTORS
            .iter()
            .map(|sector| {
                let prefix = format!("{}.", sector.division);
                ateco
                    .iter()
                    .filter(|code| code.starts_with(&prefix))
                    .cloned()
                    .collect()
            })
            .collect();
        let mut sector_occupations = Vec::with_capacity(SECTORS.len());
        let mut sector_weights = Vec::new();
        for (s, sector) in SECTORS.iter().enumerate() {
            let hires = Weighted::new(
                occupations
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| sector.hires.contains(&o.sub_major()))
                    .map(|(i, o)| (i, demand_weight(o.sub_major()))),
            );
            // A sector none of whose groups exist among the occupations hires by overall demand.
            sector_occupations.push(hires.unwrap_or_else(|| demand.clone()));
            // A division missing from the ATECO data (it changes between versions) gets no firms.
            if !sector_ateco[s].is_empty() {
                sector_weights.push((s, sector.weight));
            }
        }
        let sectors = Weighted::new(sector_weights).ok_or(CatalogError::Missing("ateco"))?;
        if skills.is_empty() {
            return Err(CatalogError::Missing("skill"));
        }
        let skill_pool = super::skill_pool::pools(&occupations, &skills, relations);
        Ok(Catalog {
            comuni,
            residence,
            italian_birth,
            by_province,
            occupations,
            demand,
            sector_occupations,
            sectors,
            sector_ateco,
            skills: skills.into_iter().map(|(uri, _)| uri).collect(),
            skill_pool,
        })
    }

    /// Skill URIs of an occupation's pool, for tests and reports.
    pub fn pool_uris(&self, occupation: usize) -> HashSet<&str> {
        self.skill_pool[occupation]
            .iter()
            .map(|&s| self.skills[s].as_str())
            .collect()
    }
}
