//! The CPI staff's pages (issue 5): the counter console and a person's case page.

pub mod candidates;
pub mod case;
pub mod console;
pub mod did;
pub mod pact;
pub mod pacts;
pub mod vacancies;
pub mod vacancy_review;
