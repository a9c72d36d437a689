//! The professional profile (SAP, issue 7): sections, validation and completeness.
//!
//! Forms send text; the parsers here turn it into typed entries or a list of field errors (named
//! after the form fields), so nothing invalid reaches the database. The completeness meter is a
//! pure function of how many entries each section has.

use crate::domain::codice_fiscale::CalendarDate;
use crate::error::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Longest free-text presentation, in characters.
pub const MAX_PRESENTATION_CHARS: usize = 2000;
/// Longest title of a course of study or name of an employer, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Earliest year of a title of study that the form accepts.
pub const FIRST_YEAR: i64 = 1940;
/// Most hours per week a person may state (the legal weekly maximum with overtime is 48).
pub const MAX_HOURS_PER_WEEK: i64 = 60;
/// Largest mobility radius (the `profile.mobility_radius_km` check).
pub const MAX_RADIUS_KM: i64 = 500;
/// Entries per list section: enough for any real CV, small enough to keep pages and the CV readable.
pub const MAX_ENTRIES: usize = 30;
/// How many skills make the skills section complete.
pub const SKILLS_FOR_COMPLETE: usize = 3;

/// Driving licences and operator qualifications, the codes the demo data and matching use.
pub const LICENCES: &[&str] = &[
    "AM",
    "A1",
    "A2",
    "A",
    "B",
    "BE",
    "C1",
    "C",
    "CE",
    "D1",
    "D",
    "DE",
    "KB",
    "CQC-MERCI",
    "CQC-PERSONE",
    "ABIL-CARRELLI",
    "ABIL-MMT",
    "ABIL-TRATTORI",
    "ABIL-GRU",
    "ABIL-PLE",
];

/// Languages the form offers (ISO 639-1): those of vacancies, and the mother tongues most common
/// among job seekers in the region. Any two-letter code parses.
pub const PROFILE_LANGUAGES: &[&str] = &[
    "it", "en", "fr", "de", "es", "pt", "ro", "sq", "ar", "zh", "ru", "uk", "pl", "hi", "bn", "ur",
    "tl", "wo", "tr", "el", "nl",
];

/// Contract types a person may look for: those of vacancies.
pub use crate::domain::vacancy_form::CONTRACTS;
/// Working-time preferences: the codes of `vacancy.working_time_code`.
pub use crate::domain::vacancy_form::WORKING_TIMES;

/// Who among employers may see the profile. Hidden unless the person chooses otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Visibility {
    /// Only the person, their intermediaries and the CPI see it.
    #[default]
    Hidden,
    /// Companies see skills, experience and area, without name or contacts.
    Anonymous,
    /// Companies see the whole profile with name and contacts.
    Full,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Hidden, Visibility::Anonymous, Visibility::Full];

    pub const fn code(self) -> &'static str {
        match self {
            Visibility::Hidden => "hidden",
            Visibility::Anonymous => "anonymous",
            Visibility::Full => "full",
        }
    }

    pub fn parse(code: &str) -> Option<Visibility> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.code() == code.trim())
    }
}

/// A language level: CEFR A1–C2, or mother tongue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cefr {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    Native,
}

impl Cefr {
    pub const ALL: [Cefr; 7] = [
        Cefr::Native,
        Cefr::C2,
        Cefr::C1,
        Cefr::B2,
        Cefr::B1,
        Cefr::A2,
        Cefr::A1,
    ];

    /// The code stored in `profile_language.level`.
    pub const fn code(self) -> &'static str {
        match self {
            Cefr::A1 => "A1",
            Cefr::A2 => "A2",
            Cefr::B1 => "B1",
            Cefr::B2 => "B2",
            Cefr::C1 => "C1",
            Cefr::C2 => "C2",
            Cefr::Native => "NATIVE",
        }
    }

    pub fn parse(code: &str) -> Option<Cefr> {
        let code = code.trim().to_ascii_uppercase();
        Cefr::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The sections of the profile, in the order of the overview. Each has its own page and form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Section {
    Desired,
    Experience,
    Education,
    Skills,
    Languages,
    Licences,
    Contracts,
    Availability,
    Presentation,
    Visibility,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Desired,
        Section::Experience,
        Section::Education,
        Section::Skills,
        Section::Languages,
        Section::Licences,
        Section::Contracts,
        Section::Availability,
        Section::Presentation,
        Section::Visibility,
    ];

    /// The code forms send and the last segment of the section's page.
    pub const fn code(self) -> &'static str {
        match self {
            Section::Desired => "professioni",
            Section::Experience => "esperienze",
            Section::Education => "istruzione",
            Section::Skills => "competenze",
            Section::Languages => "lingue",
            Section::Licences => "patenti",
            Section::Contracts => "contratti",
            Section::Availability => "disponibilita",
            Section::Presentation => "presentazione",
            Section::Visibility => "visibilita",
        }
    }

    pub fn parse(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// How much the section weighs in the completeness score (the weights add up to 100): what
    /// matching and employers rely on most weighs most.
    pub const fn weight(self) -> u8 {
        match self {
            Section::Desired => 20,
            Section::Experience => 15,
            Section::Education => 15,
            Section::Skills => 15,
            Section::Languages => 10,
            Section::Availability => 10,
            Section::Licences => 5,
            Section::Contracts => 5,
            Section::Presentation => 5,
            Section::Visibility => 0,
        }
    }
}

/// The page of the profile overview.
pub const PROFILE_PAGE: &str = "/area-personale/profilo";

/// The page of one section.
pub fn section_path(section: Section) -> String {
    format!("{PROFILE_PAGE}/{}", section.code())
}

/// How much of each section is filled in: the input of the completeness meter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionCounts {
    pub desired: usize,
    pub experience: usize,
    pub education: usize,
    pub skills: usize,
    pub languages: usize,
    pub licences: usize,
    pub contracts: usize,
    /// The availability date is stated.
    pub available_from: bool,
    pub presentation: bool,
}

/// The completeness meter: a score 0–100 and the sections still missing, heaviest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub score: u8,
    pub missing: Vec<Section>,
}

impl SectionCounts {
    /// Whether a section counts as done.
    pub fn done(&self, section: Section) -> bool {
        match section {
            Section::Desired => self.desired > 0,
            Section::Experience => self.experience > 0,
            Section::Education => self.education > 0,
            Section::Skills => self.skills >= SKILLS_FOR_COMPLETE,
            Section::Languages => self.languages > 0,
            Section::Licences => self.licences > 0,
            Section::Contracts => self.contracts > 0,
            Section::Availability => self.available_from,
            Section::Presentation => self.presentation,
            // A choice, always made (hidden by default): not part of the score.
            Section::Visibility => true,
        }
    }

    pub fn completeness(&self) -> Completeness {
        let score = Section::ALL
            .into_iter()
            .filter(|s| self.done(*s))
            .map(|s| u32::from(s.weight()))
            .sum::<u32>()
            .min(100) as u8;
        let mut missing: Vec<Section> = Section::ALL
            .into_iter()
            .filter(|s| !self.done(*s))
            .collect();
        // Heaviest first; ties keep the overview's order (the sort is stable).
        missing.sort_by_key(|s| std::cmp::Reverse(s.weight()));
        Completeness { score, missing }
    }
}

/// A new entry of a list section, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewEntry {
    Education {
        eqf: u8,
        title: String,
        year: Option<i64>,
    },
    Experience {
        occupation_id: String,
        employer: String,
        from: CalendarDate,
        to: Option<CalendarDate>,
    },
    Skill {
        uri: String,
    },
    Language {
        lang: String,
        level: Cefr,
    },
    Licence {
        code: String,
    },
    Contract {
        code: String,
    },
    Desired {
        occupation_id: String,
    },
}

/// The text fields of a form adding an entry; which are used depends on the section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryForm<'a> {
    /// The code or id chosen: occupation id, skill URI, language, licence or contract code.
    pub value: &'a str,
    /// EQF (education) or CEFR (languages) level.
    pub level: &'a str,
    pub title: &'a str,
    pub year: &'a str,
    pub employer: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

fn error(field: &str, problem: FieldProblem) -> FieldError {
    FieldError {
        field: field.to_string(),
        problem,
    }
}

/// Required, trimmed, at most `max` characters.
fn text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(error(field, FieldProblem::Required));
    } else if value.chars().count() > max {
        errors.push(error(field, FieldProblem::TooLong { max: max as u32 }));
    }
    value.to_string()
}

/// A month (`YYYY-MM`, what `<input type="month">` sends) or a date, as the first day of the month
/// when no day is given.
pub fn parse_month(value: &str) -> Option<CalendarDate> {
    let value = value.trim();
    CalendarDate::parse_iso(value)
        .or_else(|| CalendarDate::parse_iso(&format!("{value}-01")).filter(|_| value.len() == 7))
}

/// An occupation id as the reference data spells it.
fn occupation_id(value: &str) -> Option<String> {
    let value = value.trim();
    let valid = !value.is_empty()
        && value.len() <= 120
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| value.to_string())
}

/// Parses the form adding an entry to `section`. `this_year` bounds the year of a title and
/// `today` the dates of an experience.
pub fn parse_entry(
    section: Section,
    form: &EntryForm<'_>,
    today: CalendarDate,
) -> Result<NewEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let entry = match section {
        Section::Education => {
            let eqf = form
                .level
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|l| (1..=8).contains(l));
            if eqf.is_none() {
                errors.push(error("level", FieldProblem::Required));
            }
            let title = text("title", form.title, MAX_TITLE_CHARS, &mut errors);
            let year = match form.year.trim() {
                "" => None,
                y => {
                    let year = y
                        .parse::<i64>()
                        .ok()
                        .filter(|y| (FIRST_YEAR..=i64::from(today.year())).contains(y));
                    if year.is_none() {
                        errors.push(error("year", FieldProblem::Invalid));
                    }
                    year
                }
            };
            NewEntry::Education {
                eqf: eqf.unwrap_or(1),
                title,
                year,
            }
        }
        Section::Experience => {
            let occupation = occupation_id(form.value);
            if occupation.is_none() {
                errors.push(error("value", FieldProblem::Required));
            }
            let employer = text("employer", form.employer, MAX_TITLE_CHARS, &mut errors);
            let from = parse_month(form.from).filter(|d| *d <= today);
            if from.is_none() {
                errors.push(error(
                    "from",
                    if form.from.trim().is_empty() {
                        FieldProblem::Required
                    } else {
                        FieldProblem::Invalid
                    },
                ));
            }
            let to = match form.to.trim() {
                "" => None,
                t => {
                    let to = parse_month(t).filter(|to| from.is_none_or(|f| *to >= f));
                    if to.is_none() {
                        errors.push(error("to", FieldProblem::Invalid));
                    }
                    to
                }
            };
            NewEntry::Experience {
                occupation_id: occupation.unwrap_or_default(),
                employer,
                from: from.unwrap_or(today),
                to,
            }
        }
        Section::Skills => {
            let uri = form.value.trim();
            let valid =
                uri.starts_with("http") && uri.len() <= 300 && !uri.contains(char::is_whitespace);
            if !valid {
                errors.push(error("value", FieldProblem::Required));
            }
            NewEntry::Skill {
                uri: uri.to_string(),
            }
        }
        Section::Languages => {
            let lang = form.value.trim().to_ascii_lowercase();
            if !(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())) {
                errors.push(error("value", FieldProblem::Required));
            }
            let level = Cefr::parse(form.level);
            if level.is_none() {
                errors.push(error("level", FieldProblem::Required));
            }
            NewEntry::Language {
                lang,
                level: level.unwrap_or(Cefr::A1),
            }
        }
        Section::Licences => {
            let code = form.value.trim().to_ascii_uppercase();
            if !LICENCES.contains(&code.as_str()) {
                errors.push(error("value", FieldProblem::Required));
            }
            NewEntry::Licence { code }
        }
        Section::Contracts => {
            let code = form.value.trim().to_ascii_uppercase();
            if !CONTRACTS.contains(&code.as_str()) {
                errors.push(error("value", FieldProblem::Required));
            }
            NewEntry::Contract { code }
        }
        Section::Desired => {
            let occupation = occupation_id(form.value);
            if occupation.is_none() {
                errors.push(error("value", FieldProblem::Required));
            }
            NewEntry::Desired {
                occupation_id: occupation.unwrap_or_default(),
            }
        }
        Section::Availability | Section::Presentation | Section::Visibility => {
            errors.push(error("section", FieldProblem::Invalid));
            NewEntry::Licence {
                code: String::new(),
            }
        }
    };
    if errors.is_empty() {
        Ok(entry)
    } else {
        Err(errors)
    }
}

/// Working time, hours and availability, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// A code of [`WORKING_TIMES`]; `None`: any.
    pub working_time: Option<String>,
    pub max_hours_per_week: Option<i64>,
    pub shifts_ok: bool,
    pub nights_ok: bool,
    pub weekends_ok: bool,
    pub remote_ok: bool,
    pub has_vehicle: bool,
    pub mobility_radius_km: i64,
    pub available_from: Option<CalendarDate>,
}

impl Default for Preferences {
    /// The column defaults of `profile`.
    fn default() -> Self {
        Preferences {
            working_time: None,
            max_hours_per_week: None,
            shifts_ok: true,
            nights_ok: false,
            weekends_ok: true,
            remote_ok: false,
            has_vehicle: false,
            mobility_radius_km: 25,
            available_from: None,
        }
    }
}

/// The text fields of the availability form. Checkboxes are `Some` when ticked.
#[derive(Debug, Clone, Default)]
pub struct PreferencesForm<'a> {
    pub working_time: &'a str,
    pub max_hours: &'a str,
    pub radius_km: &'a str,
    pub available_from: &'a str,
    pub shifts: bool,
    pub nights: bool,
    pub weekends: bool,
    pub remote: bool,
    pub vehicle: bool,
}

pub fn parse_preferences(form: &PreferencesForm<'_>) -> Result<Preferences, Vec<FieldError>> {
    let mut errors = Vec::new();
    let working_time = match form.working_time.trim() {
        "" => None,
        code if WORKING_TIMES.contains(&code) => Some(code.to_string()),
        _ => {
            errors.push(error("working_time", FieldProblem::Invalid));
            None
        }
    };
    let max_hours_per_week = match form.max_hours.trim() {
        "" => None,
        h => {
            let hours = h
                .parse::<i64>()
                .ok()
                .filter(|h| (1..=MAX_HOURS_PER_WEEK).contains(h));
            if hours.is_none() {
                errors.push(error("max_hours", FieldProblem::Invalid));
            }
            hours
        }
    };
    let radius = form
        .radius_km
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|r| (0..=MAX_RADIUS_KM).contains(r));
    if radius.is_none() {
        errors.push(error(
            "radius_km",
            if form.radius_km.trim().is_empty() {
                FieldProblem::Required
            } else {
                FieldProblem::Invalid
            },
        ));
    }
    let available_from = match form.available_from.trim() {
        "" => None,
        d => {
            let date = CalendarDate::parse_iso(d);
            if date.is_none() {
                errors.push(error("available_from", FieldProblem::Invalid));
            }
            date
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Preferences {
        working_time,
        max_hours_per_week,
        shifts_ok: form.shifts,
        nights_ok: form.nights,
        weekends_ok: form.weekends,
        remote_ok: form.remote,
        has_vehicle: form.vehicle,
        mobility_radius_km: radius.unwrap_or(25),
        available_from,
    })
}

/// The presentation: trimmed, empty → none, at most [`MAX_PRESENTATION_CHARS`].
pub fn parse_presentation(value: &str) -> Result<Option<String>, Vec<FieldError>> {
    let value = value.trim();
    if value.chars().count() > MAX_PRESENTATION_CHARS {
        return Err(vec![error(
            "presentation",
            FieldProblem::TooLong {
                max: MAX_PRESENTATION_CHARS as u32,
            },
        )]);
    }
    Ok((!value.is_empty()).then(|| value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 27).expect("date")
    }

    fn fields(result: Result<NewEntry, Vec<FieldError>>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn weights_add_up_to_one_hundred() {
        let total: u32 = Section::ALL.iter().map(|s| u32::from(s.weight())).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn an_empty_profile_scores_zero_and_misses_every_weighted_section_heaviest_first() {
        let c = SectionCounts::default().completeness();
        assert_eq!(c.score, 0);
        assert_eq!(c.missing.first(), Some(&Section::Desired));
        assert!(!c.missing.contains(&Section::Visibility));
        assert_eq!(c.missing.len(), 9);
        let weights: Vec<u8> = c.missing.iter().map(|s| s.weight()).collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn completeness_grows_as_sections_are_filled() {
        let mut counts = SectionCounts::default();
        let mut last = counts.completeness().score;
        let steps: [fn(&mut SectionCounts); 9] = [
            |c| c.desired = 1,
            |c| c.experience = 2,
            |c| c.education = 1,
            |c| c.skills = SKILLS_FOR_COMPLETE,
            |c| c.languages = 1,
            |c| c.licences = 1,
            |c| c.contracts = 1,
            |c| c.available_from = true,
            |c| c.presentation = true,
        ];
        for step in steps {
            step(&mut counts);
            let now = counts.completeness().score;
            assert!(now > last, "{now} after {last}");
            last = now;
        }
        assert_eq!(last, 100);
        assert!(counts.completeness().missing.is_empty());
    }

    #[test]
    fn too_few_skills_do_not_complete_the_section() {
        let counts = SectionCounts {
            skills: SKILLS_FOR_COMPLETE - 1,
            ..SectionCounts::default()
        };
        assert!(counts.completeness().missing.contains(&Section::Skills));
        assert_eq!(counts.completeness().score, 0);
    }

    #[test]
    fn sections_round_trip_their_codes() {
        for s in Section::ALL {
            assert_eq!(Section::parse(s.code()), Some(s));
        }
        assert_eq!(Section::parse("nope"), None);
        for v in Visibility::ALL {
            assert_eq!(Visibility::parse(v.code()), Some(v));
        }
        for c in Cefr::ALL {
            assert_eq!(Cefr::parse(c.code()), Some(c));
        }
        assert_eq!(Cefr::parse("b2"), Some(Cefr::B2));
        assert_eq!(Visibility::default(), Visibility::Hidden);
    }

    #[test]
    fn parses_an_education_entry() {
        let form = EntryForm {
            level: "6",
            title: " Laurea in economia ",
            year: "2019",
            ..EntryForm::default()
        };
        assert_eq!(
            parse_entry(Section::Education, &form, today()),
            Ok(NewEntry::Education {
                eqf: 6,
                title: "Laurea in economia".into(),
                year: Some(2019)
            })
        );
    }

    #[test]
    fn rejects_education_without_level_or_title_or_with_a_future_year() {
        let form = EntryForm {
            level: "9",
            title: "  ",
            year: "2031",
            ..EntryForm::default()
        };
        assert_eq!(
            fields(parse_entry(Section::Education, &form, today())),
            ["level", "title", "year"]
        );
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        let form = EntryForm {
            level: "4",
            title: &long,
            ..EntryForm::default()
        };
        assert_eq!(
            fields(parse_entry(Section::Education, &form, today())),
            ["title"]
        );
    }

    #[test]
    fn parses_an_experience_with_months() {
        let form = EntryForm {
            value: "cuoco",
            employer: "Trattoria Da Mario",
            from: "2021-03",
            to: "2023-10",
            ..EntryForm::default()
        };
        assert_eq!(
            parse_entry(Section::Experience, &form, today()),
            Ok(NewEntry::Experience {
                occupation_id: "cuoco".into(),
                employer: "Trattoria Da Mario".into(),
                from: CalendarDate::new(2021, 3, 1).expect("date"),
                to: CalendarDate::new(2023, 10, 1),
            })
        );
    }

    #[test]
    fn rejects_an_experience_ending_before_it_starts_or_starting_in_the_future() {
        let form = EntryForm {
            value: "cuoco",
            employer: "X",
            from: "2022-05",
            to: "2021-01",
            ..EntryForm::default()
        };
        assert_eq!(
            fields(parse_entry(Section::Experience, &form, today())),
            ["to"]
        );
        let form = EntryForm {
            value: "Cuoco!",
            employer: "X",
            from: "2030-01",
            ..EntryForm::default()
        };
        assert_eq!(
            fields(parse_entry(Section::Experience, &form, today())),
            ["value", "from"]
        );
    }

    #[test]
    fn languages_licences_and_contracts_take_known_codes_only() {
        let ok = |section, value: &str, level: &str| {
            parse_entry(
                section,
                &EntryForm {
                    value,
                    level,
                    ..EntryForm::default()
                },
                today(),
            )
            .is_ok()
        };
        assert!(ok(Section::Languages, "EN", "b2"));
        assert!(ok(Section::Languages, "it", "NATIVE"));
        assert!(!ok(Section::Languages, "eng", "B2"));
        assert!(!ok(Section::Languages, "en", "B3"));
        assert!(ok(Section::Licences, "ce", ""));
        assert!(ok(Section::Licences, "ABIL-CARRELLI", ""));
        assert!(!ok(Section::Licences, "Z", ""));
        assert!(ok(Section::Contracts, "TEMPO-INDETERMINATO", ""));
        assert!(!ok(Section::Contracts, "FOREVER", ""));
        assert!(ok(
            Section::Skills,
            "http://data.europa.eu/esco/skill/abc",
            ""
        ));
        assert!(!ok(Section::Skills, "java", ""));
        assert!(!ok(Section::Availability, "x", ""));
    }

    #[test]
    fn parses_preferences_and_reports_every_bad_field() {
        let form = PreferencesForm {
            working_time: "PART-TIME-ORIZZONTALE",
            max_hours: "30",
            radius_km: "40",
            available_from: "2026-12-01",
            nights: true,
            remote: true,
            ..PreferencesForm::default()
        };
        let p = parse_preferences(&form).expect("valid");
        assert_eq!(p.working_time.as_deref(), Some("PART-TIME-ORIZZONTALE"));
        assert_eq!(p.max_hours_per_week, Some(30));
        assert_eq!(p.mobility_radius_km, 40);
        assert!(p.nights_ok && p.remote_ok && !p.shifts_ok && !p.weekends_ok);
        let bad = PreferencesForm {
            working_time: "SEMPRE",
            max_hours: "99",
            radius_km: "",
            available_from: "2026-02-30",
            ..PreferencesForm::default()
        };
        let fields: Vec<String> = parse_preferences(&bad)
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["working_time", "max_hours", "radius_km", "available_from"]
        );
    }

    #[test]
    fn presentation_is_trimmed_and_bounded() {
        assert_eq!(parse_presentation("  "), Ok(None));
        assert_eq!(parse_presentation(" Ciao "), Ok(Some("Ciao".into())));
        assert!(parse_presentation(&"è".repeat(MAX_PRESENTATION_CHARS)).is_ok());
        assert!(parse_presentation(&"è".repeat(MAX_PRESENTATION_CHARS + 1)).is_err());
    }

    #[test]
    fn months_become_first_days() {
        assert_eq!(parse_month("2024-02"), CalendarDate::new(2024, 2, 1));
        assert_eq!(parse_month("2024-02-15"), CalendarDate::new(2024, 2, 15));
        assert_eq!(parse_month("2024-2"), None);
        assert_eq!(parse_month("2024-13"), None);
    }
}
