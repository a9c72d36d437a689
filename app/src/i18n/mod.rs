//! The i18n layer. Every user-visible string is a field of [`Messages`]; each locale is one constant
//! of that struct, so a missing or misspelt key is a compile error, not a blank on screen.

pub mod account;
pub mod admin;
pub mod applicants;
pub mod appointments;
pub mod company;
pub mod counter;
pub mod did;
pub mod documents;
mod en;
mod it;
pub mod matching;
pub mod my_applications;
pub mod pact;
pub mod profile;
pub mod review;
pub mod search;
pub mod vacancies;
pub mod vacancy_form;

use crate::domain::service::{Audience, DataNeed, DocumentNeed, Outcome, ServiceId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The languages the app speaks. Italian is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    It,
    En,
}

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::It, Locale::En];

    /// BCP 47 code, as used in `<html lang>` and the cookie.
    pub const fn code(self) -> &'static str {
        match self {
            Locale::It => "it",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language's name in itself, for the language switch.
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::It => "Italiano",
            Locale::En => "English",
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::It => &it::IT,
            Locale::En => &en::EN,
        }
    }

    /// Reads the locale from a `Cookie` header value; Italian when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == LANG_COOKIE)
            .and_then(|(_, value)| Locale::from_code(value))
            .unwrap_or_default()
    }
}

/// Texts of one service in the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct ServiceText {
    pub title: &'static str,
    pub summary: &'static str,
}

/// Every user-visible string, for one locale.
pub struct Messages {
    /// Logging in, the personal area, mandates, access log.
    pub account: &'static account::AccountMessages,
    /// Companies and their members.
    pub company: &'static company::CompanyMessages,
    /// Administrators' accounts and role grants.
    pub admin: &'static admin::AdminMessages,
    /// The virtual counter: guided requests, tickets, the operators' console.
    pub counter: &'static counter::CounterMessages,
    /// Appointments, agendas and notifications.
    pub appointments: &'static appointments::AppointmentMessages,
    /// Documents on tickets: the list, the upload form and its outcomes.
    pub documents: &'static documents::DocumentMessages,
    /// The vacancy wizard.
    pub vacancy_form: &'static vacancy_form::VacancyFormMessages,
    /// The company's vacancy pages and profile.
    pub vacancies: &'static vacancies::VacancyMessages,
    /// The operators' vacancy review and the public job pages.
    pub review: &'static review::ReviewMessages,
    /// A vacancy's applicant pipeline.
    pub applicants: &'static applicants::ApplicantMessages,
    pub search: &'static search::SearchMessages,
    pub matching: &'static matching::MatchingMessages,
    pub pact: &'static pact::PactMessages,
    pub my_applications: &'static my_applications::MyApplicationsMessages,
    pub profile: &'static profile::ProfileMessages,
    pub did: &'static did::DidMessages,
    pub site_name: &'static str,
    pub region_name: &'static str,
    pub site_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_citizens: &'static str,
    pub nav_businesses: &'static str,
    pub nav_cpi: &'static str,
    pub language_switch_label: &'static str,
    pub language_switch_submit: &'static str,
    pub footer_about: &'static str,
    pub footer_links_label: &'static str,
    pub footer_accessibility: &'static str,
    pub footer_privacy: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_citizens_heading: &'static str,
    pub home_citizens_intro: &'static str,
    pub home_businesses_heading: &'static str,
    pub home_businesses_intro: &'static str,
    pub home_cpi_heading: &'static str,
    pub home_cpi_intro: &'static str,
    pub home_cpi_link: &'static str,

    pub citizens_title: &'static str,
    pub businesses_title: &'static str,

    pub service: fn(ServiceId) -> ServiceText,
    pub audience: fn(Audience) -> &'static str,
    pub outcome: fn(Outcome) -> &'static str,
    pub data_need: fn(DataNeed) -> &'static str,
    pub document_need: fn(DocumentNeed) -> &'static str,
    pub service_for_label: &'static str,
    pub service_outcome_label: &'static str,
    pub service_needs_heading: &'static str,
    pub service_documents_heading: &'static str,
    pub service_no_documents: &'static str,
    pub service_timing_heading: &'static str,
    pub service_sla: fn(u8) -> String,
    pub service_immediate: &'static str,
    pub service_age_limit: fn(u8, u8) -> String,
    pub service_mandate_allowed: &'static str,
    pub service_mandate_not_allowed: &'static str,
    pub service_not_yet_online: &'static str,
    pub breadcrumb_label: &'static str,

    pub cpi_title: &'static str,
    pub cpi_intro: &'static str,
    pub cpi_address: &'static str,
    pub cpi_phone: &'static str,
    pub cpi_email: &'static str,
    pub cpi_none: &'static str,
    pub loading: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_reference_label: &'static str,
    pub error_reference_hint: &'static str,
    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_validation: &'static str,
    pub error_conflict: &'static str,
    pub error_rate_limited: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_transport: &'static str,
    pub error_bad_request: &'static str,
    pub field_required: &'static str,
    pub field_invalid: &'static str,
    pub field_too_long: fn(u32) -> String,

    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub offline_retry: &'static str,

    pub accessibility_title: &'static str,
    pub accessibility_body: &'static [&'static str],
    pub privacy_title: &'static str,
    pub privacy_body: &'static [&'static str],

    // ---- Identifier validators (domain::codice_fiscale, domain::partita_iva) ----
    // Positions count from 1; characters are passed as found, to be shown quoted.
    pub cf_empty: &'static str,
    pub cf_wrong_length: fn(usize) -> String,
    pub cf_expected_letter: fn(usize, char) -> String,
    pub cf_expected_digit: fn(usize, char) -> String,
    pub cf_invalid_month: fn(char) -> String,
    pub cf_invalid_day: fn(u8) -> String,
    /// Day, month (1–12).
    pub cf_non_existent_date: fn(u8, u8) -> String,
    /// The two-digit year.
    pub cf_not_leap_year: fn(u8) -> String,
    /// Position of the substitution letter, position of the digit after it.
    pub cf_omocodia_out_of_order: fn(usize, usize) -> String,
    /// Expected, found.
    pub cf_wrong_check_character: fn(char, char) -> String,
    pub cf_mismatch_surname: &'static str,
    pub cf_mismatch_name: &'static str,
    pub cf_mismatch_birth_date: &'static str,
    pub cf_mismatch_sex: &'static str,
    pub cf_mismatch_birth_place: &'static str,
    pub tax_code_wrong_length: fn(usize) -> String,
    pub piva_empty: &'static str,
    pub piva_wrong_length: fn(usize) -> String,
    pub piva_not_a_digit: fn(usize, char) -> String,
    pub piva_all_zero_serial: &'static str,
    pub piva_invalid_office: fn(u16) -> String,
    /// Expected, found.
    pub piva_wrong_check_digit: fn(u8, u8) -> String,

    // ---- Pickers (ui::widgets::combobox and its wrappers) and the CPI finder on /cpi ----
    /// Live status of a picker's suggestions, for screen readers: the number of results.
    pub combobox_count: fn(usize) -> String,
    pub combobox_no_results: &'static str,
    pub cpi_finder_label: &'static str,
    pub cpi_finder_input_label: &'static str,
    pub cpi_finder_hint: &'static str,
    pub cpi_finder_submit: &'static str,
    pub cpi_finder_result_heading: &'static str,
    pub cpi_finder_your_cpi: &'static str,
    pub cpi_finder_not_served: &'static str,
    pub cpi_finder_many: &'static str,
    /// The query as typed, to be shown quoted.
    pub cpi_finder_no_match: fn(&str) -> String,
    pub cpi_finder_too_short: &'static str,

    // ---- Occupation picker (ui::widgets::occupation_picker) and the /professioni page ----
    /// Second line of a suggestion: the synonym that matched.
    pub occupation_option_synonym: fn(&str) -> String,
    pub footer_occupations: &'static str,
    pub occupations_title: &'static str,
    pub occupations_intro: &'static str,
    pub occupations_search_label: &'static str,
    pub occupations_input_label: &'static str,
    pub occupations_hint: &'static str,
    pub occupations_submit: &'static str,
    pub occupations_results_heading: &'static str,
    /// The query as typed, to be shown quoted.
    pub occupations_no_match: fn(&str) -> String,
    pub occupations_too_short: &'static str,
    pub occupation_label_it: &'static str,
    pub occupation_label_en: &'static str,
    pub occupation_synonyms_it: &'static str,
    pub occupation_synonyms_en: &'static str,
    pub occupation_no_synonyms: &'static str,
    pub occupation_isco: &'static str,
    /// Name of an ISCO-08 level, 1 (major group) to 4 (unit group).
    pub isco_level: fn(u8) -> &'static str,
    pub occupation_esco: &'static str,
    pub occupation_esco_link: &'static str,
}

/// The locale of the current page, provided by the shell.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The messages of the current page's locale.
pub fn use_i18n() -> &'static Messages {
    use_locale().messages()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locale_from_cookie_header() {
        assert_eq!(Locale::from_cookie_header("a=b; lang=en; c=d"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=EN"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=it"), Locale::It);
        assert_eq!(Locale::from_cookie_header("lang=fr"), Locale::It);
        assert_eq!(Locale::from_cookie_header("xlang=en"), Locale::It);
        assert_eq!(Locale::from_cookie_header(""), Locale::It);
    }

    #[test]
    fn every_service_has_distinct_non_empty_texts_in_every_locale() {
        for locale in Locale::ALL {
            let t = locale.messages();
            let mut titles = std::collections::HashSet::new();
            for id in ServiceId::all() {
                let text = (t.service)(id);
                assert!(
                    !text.title.is_empty() && !text.summary.is_empty(),
                    "{locale:?} {id:?}"
                );
                assert!(
                    titles.insert(text.title),
                    "{locale:?}: duplicate title {}",
                    text.title
                );
            }
        }
    }

    #[test]
    fn locales_differ_so_translation_is_not_a_copy() {
        assert_ne!(
            Locale::It.messages().home_title,
            Locale::En.messages().home_title
        );
        assert_ne!(
            Locale::It.messages().not_found_title,
            Locale::En.messages().not_found_title
        );
        assert_ne!(
            (Locale::It.messages().service_sla)(5),
            (Locale::En.messages().service_sla)(5)
        );
    }
}
