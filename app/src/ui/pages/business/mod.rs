//! The business pages (issue 6): a company's vacancies, the vacancy wizard, the applicants, the
//! company profile.

pub mod applicants;
pub mod profile;
pub mod vacancies;
pub mod vacancy;
pub mod vacancy_wizard;
