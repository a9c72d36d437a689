//! The demo region generator (`server seed --demo --people N --companies M --vacancies K --seed S`):
//! a believable region of people with profiles, companies and vacancies, drawn from the reference
//! data. The same seed and `--as-of` date always give the same region. It replaces only what it made
//! before (rows flagged `is_demo`), in one transaction, and writes in chunks so memory stays flat and
//! progress can be shown.

pub mod agenda;
pub mod applications;
pub mod catalog;
pub mod companies;
pub mod dates;
pub mod names;
pub mod people;
pub mod personas;
pub mod rng;
pub mod skill_pool;
pub mod truth;

use app::store::region::{self, DemoRegionMeta};
use app::store::Db;
use catalog::{Catalog, CatalogError};
use dates::Day;
use rng::{Rng, Weighted};
use std::time::{Duration, Instant};

/// Rows generated and written per step; progress is reported after each.
const CHUNK: u64 = 5_000;
pub const MAX_PEOPLE: u64 = 2_000_000;
pub const MAX_COMPANIES: u64 = 500_000;
pub const MAX_VACANCIES: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoParams {
    pub seed: u64,
    pub people: u64,
    pub companies: u64,
    pub vacancies: u64,
    /// The day the region is "now": ages, availability and vacancy dates count from it.
    pub as_of: Day,
    /// Rebuild even when the same region is already there.
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub people: u64,
    pub companies: u64,
    pub vacancies: u64,
    /// The same region was already in the database; nothing was written.
    pub unchanged: bool,
    pub elapsed: Duration,
    /// Of `elapsed`: time spent generating in memory (the rest is reading and writing the database).
    pub generating: Duration,
}

/// One step of the work, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub what: &'static str,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{what} must be at most {max} (got {got})")]
    TooMany {
        what: &'static str,
        max: u64,
        got: u64,
    },
    #[error("vacancies need at least one company (pass --companies)")]
    NoCompanies,
    #[error("{0}")]
    Catalog(#[from] CatalogError),
    #[error("could not generate {0}: its identifiers kept clashing")]
    Exhausted(&'static str),
    #[error("database error while writing the demo region: {0}")]
    Database(String),
}

fn db_error(e: sqlx::Error) -> DemoError {
    DemoError::Database(e.to_string().lines().next().unwrap_or_default().into())
}

impl DemoParams {
    pub fn check(&self) -> Result<(), DemoError> {
        for (what, max, got) in [
            ("--people", MAX_PEOPLE, self.people),
            ("--companies", MAX_COMPANIES, self.companies),
            ("--vacancies", MAX_VACANCIES, self.vacancies),
        ] {
            if got > max {
                return Err(DemoError::TooMany { what, max, got });
            }
        }
        if self.vacancies > 0 && self.companies == 0 {
            return Err(DemoError::NoCompanies);
        }
        Ok(())
    }

    fn meta(&self) -> DemoRegionMeta {
        DemoRegionMeta {
            // Stored as the same 64 bits: PostgreSQL has no unsigned integers.
            seed: self.seed as i64,
            people: self.people as i64,
            companies: self.companies as i64,
            vacancies: self.vacancies as i64,
            as_of: self.as_of.iso(),
        }
    }
}

/// Builds the region (or finds it already built) and reports what it did.
pub async fn build_region(
    db: &Db,
    params: DemoParams,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoReport, DemoError> {
    build_region_with(db, params, truth::Profiles::AsDeclared, progress).await
}

/// [`build_region`] with the choice of how profiles are made: the matching evaluation builds its
/// own region with [`truth::Profiles::NoisyCopyOfTruth`]. The stored region meta does not record the
/// choice, so such a region belongs in a database of its own (or pass `force`).
pub async fn build_region_with(
    db: &Db,
    params: DemoParams,
    profiles: truth::Profiles,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoReport, DemoError> {
    params.check()?;
    let started = Instant::now();
    let mut tx = db.pool().begin().await.map_err(db_error)?;
    if !params.force
        && region::demo_region_meta(&mut tx).await.map_err(db_error)? == Some(params.meta())
    {
        return Ok(DemoReport {
            people: params.people,
            companies: params.companies,
            vacancies: params.vacancies,
            unchanged: true,
            elapsed: started.elapsed(),
            generating: Duration::ZERO,
        });
    }
    let catalog = Catalog::load(db).await?;
    region::delete_demo_rows(&mut tx).await.map_err(db_error)?;
    let ids = region::next_ids(&mut tx).await.map_err(db_error)?;
    let seed = params.seed;

    let (taken_codes, taken_vat) = region::taken_identifiers(&mut tx).await.map_err(db_error)?;
    let mut codes = people::CodeRegistry::with_taken(taken_codes);
    let mut experience_id = ids.experience;
    let mut generating = Duration::ZERO;
    let mut start = 0;
    while start < params.people {
        let end = (start + CHUNK).min(params.people);
        let clock = Instant::now();
        let chunk = (start..end)
            .map(|i| {
                people::person_with(
                    &catalog,
                    seed,
                    i,
                    ids.person + i as i64,
                    &mut experience_id,
                    params.as_of,
                    &mut codes,
                    profiles,
                )
                .ok_or(DemoError::Exhausted("a codice fiscale"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        generating += clock.elapsed();
        region::insert_people(&mut tx, &chunk, true)
            .await
            .map_err(db_error)?;
        progress(Progress {
            what: "people",
            done: end,
            total: params.people,
        });
        start = end;
    }

    let mut vat = companies::VatRegistry::with_taken(taken_vat);
    let clock = Instant::now();
    let all_companies = (0..params.companies)
        .map(|i| {
            companies::company(&catalog, seed, i, ids.company + i as i64, &mut vat)
                .ok_or(DemoError::Exhausted("a partita IVA"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    generating += clock.elapsed();
    for chunk in all_companies.chunks(CHUNK as usize) {
        let records: Vec<_> = chunk.iter().map(|c| c.record.clone()).collect();
        region::insert_companies(&mut tx, &records, true)
            .await
            .map_err(db_error)?;
    }
    progress(Progress {
        what: "companies",
        done: params.companies,
        total: params.companies,
    });

    if let Some(hiring) = Weighted::new(
        all_companies
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.hiring_weight)),
    ) {
        let mut start = 0;
        while start < params.vacancies {
            let end = (start + CHUNK).min(params.vacancies);
            let clock = Instant::now();
            let chunk: Vec<_> = (start..end)
                .map(|i| {
                    let mut rng = Rng::stream(seed, "vacancy-company", i);
                    let company = &all_companies[*hiring.draw(&mut rng)];
                    companies::vacancy(
                        &catalog,
                        seed,
                        i,
                        ids.vacancy + i as i64,
                        company,
                        params.as_of,
                    )
                })
                .collect();
            generating += clock.elapsed();
            region::insert_vacancies(&mut tx, &chunk)
                .await
                .map_err(db_error)?;
            progress(Progress {
                what: "vacancies",
                done: end,
                total: params.vacancies,
            });
            start = end;
        }
    }

    app::store::job_search::reindex_all(&mut tx)
        .await
        .map_err(db_error)?;
    region::sync_id_sequences(&mut tx, db.backend())
        .await
        .map_err(db_error)?;
    app::store::matching::rebuild_all(&mut tx)
        .await
        .map_err(db_error)?;
    region::set_demo_region_meta(&mut tx, &params.meta(), &Day::now_iso())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    app::store::matching::settle_after_bulk_load(db)
        .await
        .map_err(db_error)?;
    Ok(DemoReport {
        people: params.people,
        companies: params.companies,
        vacancies: params.vacancies,
        unchanged: false,
        elapsed: started.elapsed(),
        generating,
    })
}
