//! The guided request: which steps a counter service asks, which fields each step has, and the rules
//! that check them. One engine for every service: a service's `needs` in the catalogue become its
//! steps. The same functions run in the browser (to stop a bad step before it leaves the phone) and
//! on the server (which never trusts the browser).

use super::codice_fiscale::CalendarDate;
use super::service::{Audience, DataNeed, Outcome, Service, ServiceId, CATALOGUE};
use crate::error::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One step's answers: field name → value as typed (trimmed).
pub type StepAnswers = BTreeMap<String, String>;

/// A step of a guided request: one topic per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StepId {
    Residence,
    Contacts,
    Situation,
    Education,
    Disability,
    Message,
}

/// The kind of input a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text up to `max` characters.
    Text {
        max: usize,
    },
    /// Free text up to `max` characters.
    LongText {
        max: usize,
    },
    Email,
    /// An Italian or international phone number.
    Phone,
    /// An ISO date not after today.
    PastDate,
    /// One of the listed codes.
    Choice(&'static [&'static str]),
    /// An ISTAT comune code of the region (the page offers a list).
    Comune,
    /// A whole number in the inclusive range.
    Number {
        min: i64,
        max: i64,
    },
    /// An ISO date not before today (a start date).
    FutureDate,
    /// Whole euros from 1 to `max` (dots and spaces as thousands separators are accepted).
    Money {
        max: i64,
    },
    /// A checkbox: any value means ticked (stored as "1"); absent means not ticked.
    Checkbox,
    /// An occupation id (a slug of the occupation table; the server checks it exists).
    Occupation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// The form field's name, also the key in the answers and the i18n key of its label.
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

/// A field definition (for the step tables of every wizard).
pub const fn field(name: &'static str, kind: FieldKind, required: bool) -> FieldDef {
    FieldDef {
        name,
        kind,
        required,
    }
}

/// Employment situations the CPI asks about.
pub const SITUATIONS: &[&str] = &["unemployed", "employed", "student", "inactive"];
/// EQF levels 1–8 as codes.
pub const EQF_LEVELS: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8"];
/// Categories of L. 68/99 art. 1 (targeted placement).
pub const DISABILITY_CATEGORIES: &[&str] = &["civil", "work", "blind", "deaf", "war_service"];
/// The subjects a citizen may write to the CPI about.
pub const MESSAGE_TOPICS: &[&str] = &["information", "documents", "appointment", "other"];

/// Civil invalidity counts for L. 68/99 above 45 % (art. 1 c. 1 a); work invalidity above 33 % (b).
pub const CIVIL_INVALIDITY_MIN_PERCENT: i64 = 46;
pub const WORK_INVALIDITY_MIN_PERCENT: i64 = 34;

const RESIDENCE: &[FieldDef] = &[field("comune", FieldKind::Comune, true)];
const CONTACTS: &[FieldDef] = &[
    field("email", FieldKind::Email, false),
    field("phone", FieldKind::Phone, false),
];
const SITUATION: &[FieldDef] = &[
    field("situation", FieldKind::Choice(SITUATIONS), true),
    field("since", FieldKind::PastDate, false),
];
const EDUCATION: &[FieldDef] = &[
    field("eqf", FieldKind::Choice(EQF_LEVELS), true),
    field("title", FieldKind::Text { max: 200 }, false),
];
const DISABILITY: &[FieldDef] = &[
    field("category", FieldKind::Choice(DISABILITY_CATEGORIES), true),
    field("percent", FieldKind::Number { min: 0, max: 100 }, false),
    field("certified_on", FieldKind::PastDate, true),
];
const MESSAGE: &[FieldDef] = &[
    field("topic", FieldKind::Choice(MESSAGE_TOPICS), true),
    field("body", FieldKind::LongText { max: 4000 }, true),
];

impl StepId {
    pub const ALL: [StepId; 6] = [
        StepId::Residence,
        StepId::Contacts,
        StepId::Situation,
        StepId::Education,
        StepId::Disability,
        StepId::Message,
    ];

    /// The stable code used in URLs and storage (Italian: it shows in the address bar).
    pub fn code(self) -> &'static str {
        match self {
            StepId::Residence => "residenza",
            StepId::Contacts => "contatti",
            StepId::Situation => "situazione",
            StepId::Education => "istruzione",
            StepId::Disability => "disabilita",
            StepId::Message => "messaggio",
        }
    }

    pub fn parse(code: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            StepId::Residence => RESIDENCE,
            StepId::Contacts => CONTACTS,
            StepId::Situation => SITUATION,
            StepId::Education => EDUCATION,
            StepId::Disability => DISABILITY,
            StepId::Message => MESSAGE,
        }
    }

    /// Special-category data (GDPR art. 9): stored apart and shown only to the staff who need it.
    pub fn is_sensitive(self) -> bool {
        self == StepId::Disability
    }

    fn for_need(need: DataNeed) -> Option<StepId> {
        match need {
            DataNeed::Residence => Some(StepId::Residence),
            DataNeed::Contacts => Some(StepId::Contacts),
            DataNeed::EmploymentStatus => Some(StepId::Situation),
            DataNeed::EducationAndTraining => Some(StepId::Education),
            DataNeed::DisabilityStatus => Some(StepId::Disability),
            DataNeed::FreeTextMessage => Some(StepId::Message),
            // Identity comes from the login; the rest belong to other services' own forms.
            _ => None,
        }
    }
}

/// Whether the counter's guided request handles `service` (citizens' services that create a ticket).
pub fn is_counter_service(service: &Service) -> bool {
    service.audience == Audience::Citizen && service.outcome == Outcome::Ticket
}

/// The citizens' services the counter takes requests for, in catalogue order.
pub fn counter_services() -> impl Iterator<Item = &'static Service> {
    CATALOGUE.iter().filter(|s| is_counter_service(s))
}

/// The steps of `service`, in order. Every request starts with the residence: it decides which
/// CPI receives the ticket (prefilled from the person's record when known).
pub fn steps_for(service: ServiceId) -> Vec<StepId> {
    let mut steps = vec![StepId::Residence];
    for need in service.service().needs {
        if let Some(step) = StepId::for_need(*need) {
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
    }
    steps
}

/// Why someone may not use a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ineligible {
    /// Outside the service's age range on `today` (min, max, age).
    Age { min: u8, max: u8, age: u8 },
}

/// Whole years between `birth` and `today`.
pub fn age_on(birth: CalendarDate, today: CalendarDate) -> u8 {
    let mut years = i32::from(today.year()) - i32::from(birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u8::try_from(years.max(0)).unwrap_or(u8::MAX)
}

/// Whether a person born on `birth` may use `service` on `today`.
pub fn check_eligibility(
    service: ServiceId,
    birth: CalendarDate,
    today: CalendarDate,
) -> Result<(), Ineligible> {
    let Some(range) = service.service().age else {
        return Ok(());
    };
    let age = age_on(birth, today);
    if range.contains(age) {
        Ok(())
    } else {
        Err(Ineligible::Age {
            min: range.min,
            max: range.max,
            age,
        })
    }
}

/// A field error.
pub fn problem(field: &str, problem: FieldProblem) -> FieldError {
    FieldError {
        field: field.to_string(),
        problem,
    }
}

/// Checks one step's raw form values and returns them normalised (trimmed, canonical), or every
/// field error at once (for the error summary). `comune_known` says whether an ISTAT code is one of
/// the region's comuni (the server looks it up; the browser trusts its own list).
pub fn validate_step(
    step: StepId,
    raw: &StepAnswers,
    today: CalendarDate,
    comune_known: &dyn Fn(&str) -> bool,
) -> Result<StepAnswers, Vec<FieldError>> {
    let (clean, mut errors) = check_fields(step.fields(), raw, today, comune_known);
    cross_field_rules(step, &clean, &mut errors);
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

/// Checks `fields` of `raw` one by one: the normalised values that passed, and every field error
/// (required but blank, or refused by its kind). Cross-field rules are the caller's.
pub fn check_fields(
    fields: &[FieldDef],
    raw: &StepAnswers,
    today: CalendarDate,
    comune_known: &dyn Fn(&str) -> bool,
) -> (StepAnswers, Vec<FieldError>) {
    let mut clean = StepAnswers::new();
    let mut errors = Vec::new();
    for def in fields {
        let value = raw.get(def.name).map(|v| v.trim()).unwrap_or("");
        if value.is_empty() {
            if def.required {
                errors.push(problem(def.name, FieldProblem::Required));
            }
            continue;
        }
        match check_field(def.kind, value, today, comune_known) {
            Ok(normal) => {
                clean.insert(def.name.to_string(), normal);
            }
            Err(p) => errors.push(problem(def.name, p)),
        }
    }
    (clean, errors)
}

/// `fields` checked as by [`check_fields`], or every error at once.
pub fn validate_fields(
    fields: &[FieldDef],
    raw: &StepAnswers,
    today: CalendarDate,
    comune_known: &dyn Fn(&str) -> bool,
) -> Result<StepAnswers, Vec<FieldError>> {
    let (clean, errors) = check_fields(fields, raw, today, comune_known);
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

fn check_field(
    kind: FieldKind,
    value: &str,
    today: CalendarDate,
    comune_known: &dyn Fn(&str) -> bool,
) -> Result<String, FieldProblem> {
    let chars = value.chars().count();
    match kind {
        FieldKind::Text { max } | FieldKind::LongText { max } => {
            if chars > max {
                return Err(FieldProblem::TooLong {
                    max: u32::try_from(max).unwrap_or(u32::MAX),
                });
            }
            if value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                return Err(FieldProblem::Invalid);
            }
            Ok(value.to_string())
        }
        FieldKind::Email => valid_email(value)
            .then(|| value.to_ascii_lowercase())
            .ok_or(FieldProblem::Invalid),
        FieldKind::Phone => normal_phone(value).ok_or(FieldProblem::Invalid),
        FieldKind::PastDate => match CalendarDate::parse_iso(value) {
            Some(d) if d <= today && d.year() >= 1900 => Ok(value.to_string()),
            _ => Err(FieldProblem::Invalid),
        },
        FieldKind::Choice(codes) => codes
            .contains(&value)
            .then(|| value.to_string())
            .ok_or(FieldProblem::Invalid),
        FieldKind::Comune => {
            (value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit()) && comune_known(value))
                .then(|| value.to_string())
                .ok_or(FieldProblem::Invalid)
        }
        FieldKind::Number { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(FieldProblem::Invalid),
        },
        FieldKind::FutureDate => match CalendarDate::parse_iso(value) {
            Some(d) if d >= today && d.year() <= 2200 => Ok(value.to_string()),
            _ => Err(FieldProblem::Invalid),
        },
        FieldKind::Money { max } => parse_euros(value)
            .filter(|n| (1..=max).contains(n))
            .map(|n| n.to_string())
            .ok_or(FieldProblem::Invalid),
        FieldKind::Checkbox => Ok("1".to_string()),
        FieldKind::Occupation => {
            let valid = value.len() <= 64
                && value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            valid
                .then(|| value.to_string())
                .ok_or(FieldProblem::Invalid)
        }
    }
}

/// Whole euros as people type them: "1.800", "1 800", "1800", "1800,00" (cents must be zero:
/// ranges are in whole euros).
fn parse_euros(value: &str) -> Option<i64> {
    let value = value
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim();
    let whole = match value.split_once(',') {
        Some((whole, cents)) if cents.bytes().all(|b| b == b'0') && cents.len() <= 2 => whole,
        Some(_) => return None,
        None => value,
    };
    let digits: String = whole.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Rules that look at more than one field of a step.
fn cross_field_rules(step: StepId, clean: &StepAnswers, errors: &mut Vec<FieldError>) {
    match step {
        // The CPI must be able to answer: at least one way to reach the person.
        StepId::Contacts => {
            let has_any = clean.contains_key("email") || clean.contains_key("phone");
            let field_failed = errors
                .iter()
                .any(|e| e.field == "email" || e.field == "phone");
            if !has_any && !field_failed {
                errors.push(problem("email", FieldProblem::Required));
            }
        }
        // L. 68/99 art. 1: the percentage decides eligibility for civil and work invalidity.
        StepId::Disability => {
            let minimum = match clean.get("category").map(String::as_str) {
                Some("civil") => Some(CIVIL_INVALIDITY_MIN_PERCENT),
                Some("work") => Some(WORK_INVALIDITY_MIN_PERCENT),
                _ => None,
            };
            if let Some(minimum) = minimum {
                match clean.get("percent").and_then(|p| p.parse::<i64>().ok()) {
                    None if !errors.iter().any(|e| e.field == "percent") => {
                        errors.push(problem("percent", FieldProblem::Required))
                    }
                    Some(p) if p < minimum => {
                        errors.push(problem("percent", FieldProblem::Invalid))
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// A deliberately plain e-mail check: one `@`, something before it, a dot in the domain, no
/// spaces. The address is confirmed by using it, not by a regular expression.
pub fn valid_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && value.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Digits with an optional leading `+`; spaces, dots, dashes and slashes are dropped. 6–15 digits
/// (E.164 allows at most 15).
pub fn normal_phone(value: &str) -> Option<String> {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push('+'),
            '0'..='9' => out.push(c),
            ' ' | '.' | '-' | '/' | '(' | ')' => {}
            _ => return None,
        }
    }
    let digits = out.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits).then_some(out)
}

/// The first step of `steps` not in `completed`, or `None` when every step is done (then the
/// request goes to "check your answers").
pub fn next_step(steps: &[StepId], completed: &[StepId]) -> Option<StepId> {
    steps.iter().copied().find(|s| !completed.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 27).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> StepAnswers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn any_comune(code: &str) -> bool {
        code == "054039"
    }

    fn fields_of(errors: Vec<FieldError>) -> Vec<(String, FieldProblem)> {
        errors.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn every_counter_service_starts_with_the_residence_and_asks_its_needs() {
        assert_eq!(
            steps_for(ServiceId::WriteToCpi),
            vec![StepId::Residence, StepId::Contacts, StepId::Message]
        );
        assert_eq!(
            steps_for(ServiceId::CollocamentoMirato),
            vec![
                StepId::Residence,
                StepId::Contacts,
                StepId::Situation,
                StepId::Disability
            ]
        );
        let services: Vec<_> = counter_services().map(|s| s.id).collect();
        assert!(services.contains(&ServiceId::GaranziaGiovani));
        assert!(!services.contains(&ServiceId::Vacancy));
        assert!(!services.contains(&ServiceId::DidOnline));
    }

    #[test]
    fn step_codes_round_trip() {
        for step in StepId::ALL {
            assert_eq!(StepId::parse(step.code()), Some(step));
        }
        assert_eq!(StepId::parse("nope"), None);
    }

    #[test]
    fn contacts_need_at_least_one_way_to_reach_the_person() {
        let err = validate_step(StepId::Contacts, &answers(&[]), today(), &any_comune);
        assert_eq!(
            fields_of(err.unwrap_err()),
            vec![("email".to_string(), FieldProblem::Required)]
        );
        let ok = validate_step(
            StepId::Contacts,
            &answers(&[("phone", " +39 075 123.4567 ")]),
            today(),
            &any_comune,
        )
        .unwrap();
        assert_eq!(ok.get("phone").map(String::as_str), Some("+390751234567"));
        let bad = validate_step(
            StepId::Contacts,
            &answers(&[("email", "a b@x.it"), ("phone", "12")]),
            today(),
            &any_comune,
        );
        assert_eq!(
            fields_of(bad.unwrap_err()),
            vec![
                ("email".to_string(), FieldProblem::Invalid),
                ("phone".to_string(), FieldProblem::Invalid)
            ]
        );
    }

    #[test]
    fn residence_must_be_a_known_comune() {
        assert!(validate_step(
            StepId::Residence,
            &answers(&[("comune", "054039")]),
            today(),
            &any_comune
        )
        .is_ok());
        for bad in ["999999", "05403", "abcdef"] {
            assert!(validate_step(
                StepId::Residence,
                &answers(&[("comune", bad)]),
                today(),
                &any_comune
            )
            .is_err());
        }
    }

    #[test]
    fn dates_in_the_future_are_refused() {
        let future = validate_step(
            StepId::Situation,
            &answers(&[("situation", "unemployed"), ("since", "2027-01-01")]),
            today(),
            &any_comune,
        );
        assert_eq!(
            fields_of(future.unwrap_err()),
            vec![("since".to_string(), FieldProblem::Invalid)]
        );
        assert!(validate_step(
            StepId::Situation,
            &answers(&[("situation", "unemployed"), ("since", "2026-11-27")]),
            today(),
            &any_comune,
        )
        .is_ok());
    }

    #[test]
    fn civil_invalidity_below_46_percent_is_not_targeted_placement() {
        let step = |cat: &str, pct: &str| {
            validate_step(
                StepId::Disability,
                &answers(&[
                    ("category", cat),
                    ("percent", pct),
                    ("certified_on", "2025-03-01"),
                ]),
                today(),
                &any_comune,
            )
        };
        assert!(step("civil", "46").is_ok());
        assert!(step("civil", "45").is_err());
        assert!(step("work", "34").is_ok());
        assert!(step("work", "33").is_err());
        assert!(step("blind", "").is_ok());
        assert_eq!(
            fields_of(step("civil", "").unwrap_err()),
            vec![("percent".to_string(), FieldProblem::Required)]
        );
        assert!(StepId::Disability.is_sensitive());
        assert!(!StepId::Contacts.is_sensitive());
    }

    #[test]
    fn long_text_has_a_limit_and_no_control_characters() {
        let long = "x".repeat(4001);
        let err = validate_step(
            StepId::Message,
            &answers(&[("topic", "other"), ("body", &long)]),
            today(),
            &any_comune,
        );
        assert_eq!(
            fields_of(err.unwrap_err()),
            vec![("body".to_string(), FieldProblem::TooLong { max: 4000 })]
        );
        assert!(validate_step(
            StepId::Message,
            &answers(&[("topic", "other"), ("body", "ciao\u{0}")]),
            today(),
            &any_comune,
        )
        .is_err());
    }

    #[test]
    fn garanzia_giovani_is_for_15_to_29_year_olds() {
        let today = today();
        let born = |y, m, d| CalendarDate::new(y, m, d).unwrap();
        assert!(check_eligibility(ServiceId::GaranziaGiovani, born(1997, 11, 28), today).is_ok());
        assert_eq!(
            check_eligibility(ServiceId::GaranziaGiovani, born(1996, 11, 27), today),
            Err(Ineligible::Age {
                min: 15,
                max: 29,
                age: 30
            })
        );
        assert!(check_eligibility(ServiceId::GaranziaGiovani, born(2011, 11, 28), today).is_err());
        assert!(check_eligibility(ServiceId::WriteToCpi, born(1950, 1, 1), today).is_ok());
    }

    #[test]
    fn the_next_step_is_the_first_not_completed() {
        let steps = steps_for(ServiceId::WriteToCpi);
        assert_eq!(next_step(&steps, &[]), Some(StepId::Residence));
        assert_eq!(
            next_step(&steps, &[StepId::Residence, StepId::Message]),
            Some(StepId::Contacts)
        );
        assert_eq!(next_step(&steps, &steps), None);
    }

    #[test]
    fn new_kinds_check_start_dates_money_checkboxes_and_occupations() {
        let defs = [
            field("start", FieldKind::FutureDate, true),
            field("pay", FieldKind::Money { max: 1_000_000 }, true),
            field("shifts", FieldKind::Checkbox, false),
            field("occupation", FieldKind::Occupation, true),
        ];
        let ok = validate_fields(
            &defs,
            &answers(&[
                ("start", "2026-11-27"),
                ("pay", "1.800,00"),
                ("shifts", "on"),
                ("occupation", "cuoco"),
            ]),
            today(),
            &any_comune,
        )
        .unwrap();
        assert_eq!(ok.get("pay").map(String::as_str), Some("1800"));
        assert_eq!(ok.get("shifts").map(String::as_str), Some("1"));
        let bad = validate_fields(
            &defs,
            &answers(&[
                ("start", "2026-11-26"),
                ("pay", "0"),
                ("occupation", "Cuoco!"),
            ]),
            today(),
            &any_comune,
        );
        assert_eq!(
            fields_of(bad.unwrap_err()),
            vec![
                ("start".to_string(), FieldProblem::Invalid),
                ("pay".to_string(), FieldProblem::Invalid),
                ("occupation".to_string(), FieldProblem::Invalid)
            ]
        );
        assert_eq!(parse_euros("1 800"), Some(1800));
        assert_eq!(parse_euros("1800,50"), None);
        assert_eq!(parse_euros("12a"), None);
    }

    proptest::proptest! {
        #[test]
        fn validation_never_panics(step in 0usize..6, key in "[a-z_]{1,10}", value in "\\PC{0,60}") {
            let raw = answers(&[(key.as_str(), value.as_str())]);
            let _ = validate_step(StepId::ALL[step], &raw, today(), &any_comune);
        }
    }
}
