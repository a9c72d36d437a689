//! Database access (server only). One binary speaks SQLite and PostgreSQL: the backend is chosen at
//! start-up from the URL, queries go through sqlx's `Any` driver with `$n` placeholders (which both
//! backends accept), and DDL that differs lives in per-backend migration folders.

pub mod applications;
pub mod appointments;
pub mod audit;
pub mod audit_search;
mod bulk;
pub mod classification;
pub mod clock;
pub mod companies;
mod connect;
pub mod cpi;
pub mod dids;
pub mod documents;
pub mod drafts;
pub mod identity;
pub mod job_search;
pub mod jobs;
pub mod login_attempts;
pub mod mandates;
pub mod matching;
pub mod my_applications;
pub mod notifications;
pub mod occupations;
pub mod outbox;
pub mod pacts;
pub mod personal_data;
pub mod personas;
pub mod profiles;
pub mod reference;
pub mod region;
pub mod saved_searches;
pub mod sessions;
pub mod tickets;
pub mod users;
pub mod vacancies;
pub mod vacancy_drafts;
pub mod vacancy_duplicates;
pub mod vacancy_events;
pub mod vacancy_facts;
pub mod vacancy_review;

pub use connect::{Backend, ConnectError, Db, DbConfig};

use crate::error::AppError;
use leptos::prelude::use_context;

/// The database handle of the current request, provided by the server as context.
pub fn use_db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| AppError::internal("database handle missing from context"))
}
