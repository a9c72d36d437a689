//! Server functions, grouped by feature. Each is a public POST endpoint under `/api/`: it authorises
//! inside itself, parses its input into domain types, and returns `AppError` on failure.

pub mod admin;
pub mod agenda;
pub mod applicants;
pub mod appointments;
pub mod audit;
pub mod companies;
pub mod counter;
pub mod cpi;
pub mod did;
pub mod documents;
pub mod jobs;
pub mod mandates;
pub mod matching;
pub mod my_applications;
pub mod my_data;
pub mod notifications;
pub mod occupations;
pub mod operator;
pub mod pacts;
pub mod profile;
pub mod reference;
#[cfg(feature = "ssr")]
pub mod request;
pub mod saved_searches;
pub mod session;
pub mod vacancies;
pub mod vacancy_review;
pub mod vacancy_wizard;

/// Prefix of every server-function URL. The server applies `no-store` and status mapping under it.
pub const API_PREFIX: &str = "/api";
