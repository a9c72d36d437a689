//! The vacancy wizard (issue 6): its steps and their fields, on the engine of `domain::wizard`.
//! The same rules run in the browser and on the server: per-field checks, the rules of a step that
//! look at more than one field, the coherence checks of the whole vacancy ("check your answers"),
//! and the mapping of the answers to the vacancy's columns and requirement rows.

use super::codice_fiscale::CalendarDate;
use super::discrimination::WordingContext;
use super::wizard::{self, field, FieldDef, FieldKind, StepAnswers};
use crate::error::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A step of the vacancy wizard: one topic per step. "Check your answers" follows the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VacancyStep {
    /// The role: job title, occupation, description, positions.
    Role,
    /// Place and conditions: where, contract, hours and pattern, pay, start date, CCNL.
    Place,
    /// Requirements, must-have and nice-to-have.
    Requirements,
    /// How candidates reach the company.
    Candidates,
}

/// Every step's answers of a vacancy draft.
pub type VacancyAnswers = BTreeMap<VacancyStep, StepAnswers>;

/// Where the work happens (`vacancy.work_mode`).
pub const WORK_MODES: &[&str] = &["onsite", "hybrid", "remote"];
/// Contract types (`vacancy.contract_code`), the codes the region's data uses.
pub const CONTRACTS: &[&str] = &[
    "TEMPO-INDETERMINATO",
    "TEMPO-DETERMINATO",
    "TEMPO-DETERMINATO-STAGIONALE",
    "APPRENDISTATO-PROFESSIONALIZZANTE",
    "APPRENDISTATO-PRIMO-LIVELLO",
    "SOMMINISTRAZIONE",
    "LAVORO-INTERMITTENTE",
    "TIROCINIO-EXTRACURRICULARE",
    "OTD-AGRICOLO",
];
/// Working time (`vacancy.working_time_code`).
pub const WORKING_TIMES: &[&str] = &[
    "FULL-TIME",
    "PART-TIME-ORIZZONTALE",
    "PART-TIME-VERTICALE",
    "TURNI",
    "NOTTURNO",
    "WEEKEND-FESTIVI",
    "SPEZZATO",
    "FLESSIBILE",
];
pub const SALARY_PERIODS: &[&str] = &["month", "year"];
/// Must-have or nice-to-have.
pub const NEEDS: &[&str] = &["must", "nice"];
/// Languages a vacancy may ask for (ISO 639-1).
pub const LANGUAGES: &[&str] = &[
    "it", "en", "fr", "de", "es", "pt", "ro", "sq", "ar", "zh", "ru", "uk",
];
/// CEFR levels.
pub const CEFR_LEVELS: &[&str] = &["A1", "A2", "B1", "B2", "C1", "C2"];
/// Driving licences and professional qualifications (`vacancy_licence.licence_code`).
pub const LICENCES: &[&str] = &[
    "B",
    "C",
    "CE",
    "D",
    "CQC-MERCI",
    "CQC-PERSONE",
    "ABIL-CARRELLI",
];
/// How candidates reach the company (`vacancy.candidate_channel`).
pub const CANDIDATE_CHANNELS: &[&str] = &["preselection", "public", "both"];
pub const VISIBILITY: &[&str] = &["named", "anonymous"];
/// How candidates contact the company (`vacancy.contact_channel`).
pub const CONTACT_CHANNELS: &[&str] = &["portal", "email", "phone"];
pub const YES_NO: &[&str] = &["yes", "no"];
/// Up to this many language rows.
pub const MAX_LANGUAGES: usize = 3;
/// Up to this many skills of the occupation are offered (and accepted).
pub const MAX_SKILLS: usize = 40;
/// Full-time hours a week (CCNL usual maximum is 40, the legal one 48).
pub const FULL_TIME_HOURS: i64 = 40;
/// The lowest plausible gross monthly pay for full time (well under every CCNL minimum: a lower
/// figure is a typo or a yearly amount given as monthly).
pub const SALARY_FLOOR_MONTHLY: i64 = 800;
/// Traineeships pay an allowance, not a salary (Umbria's regional minimum is 600 €/month).
pub const TRAINEESHIP_FLOOR_MONTHLY: i64 = 500;
/// Months of pay a year (13th and 14th month included at most).
pub const MONTHS_A_YEAR: i64 = 14;
/// A must-have experience longer than this for a beginners' contract is implausible.
pub const BEGINNER_MAX_EXPERIENCE: i64 = 2;
/// Answers key prefix of a chosen skill: `skill:<ESCO URI>` → `must` | `nice`.
pub const SKILL_PREFIX: &str = "skill:";

const ROLE: &[FieldDef] = &[
    field("job_title", FieldKind::Text { max: 120 }, true),
    field("occupation", FieldKind::Occupation, true),
    field("description", FieldKind::LongText { max: 4000 }, true),
    field("positions", FieldKind::Number { min: 1, max: 99 }, true),
];
const PLACE: &[FieldDef] = &[
    field("work_mode", FieldKind::Choice(WORK_MODES), true),
    field("work_comune", FieldKind::Comune, false),
    field("contract", FieldKind::Choice(CONTRACTS), true),
    field("working_time", FieldKind::Choice(WORKING_TIMES), true),
    field(
        "hours_per_week",
        FieldKind::Number { min: 1, max: 48 },
        false,
    ),
    field("shifts", FieldKind::Checkbox, false),
    field("nights", FieldKind::Checkbox, false),
    field("weekends", FieldKind::Checkbox, false),
    field("salary_min", FieldKind::Money { max: 1_000_000 }, true),
    field("salary_max", FieldKind::Money { max: 1_000_000 }, true),
    field("salary_period", FieldKind::Choice(SALARY_PERIODS), true),
    field("start_date", FieldKind::FutureDate, true),
    field("ccnl", FieldKind::Text { max: 120 }, false),
];
const REQUIREMENTS: &[FieldDef] = &[
    field("eqf", FieldKind::Choice(wizard::EQF_LEVELS), false),
    field("eqf_need", FieldKind::Choice(NEEDS), false),
    field(
        "experience_years",
        FieldKind::Number { min: 0, max: 40 },
        false,
    ),
    field("experience_need", FieldKind::Choice(NEEDS), false),
    field("lang_1", FieldKind::Choice(LANGUAGES), false),
    field("level_1", FieldKind::Choice(CEFR_LEVELS), false),
    field("lang_need_1", FieldKind::Choice(NEEDS), false),
    field("lang_2", FieldKind::Choice(LANGUAGES), false),
    field("level_2", FieldKind::Choice(CEFR_LEVELS), false),
    field("lang_need_2", FieldKind::Choice(NEEDS), false),
    field("lang_3", FieldKind::Choice(LANGUAGES), false),
    field("level_3", FieldKind::Choice(CEFR_LEVELS), false),
    field("lang_need_3", FieldKind::Choice(NEEDS), false),
    field("licence_B", FieldKind::Choice(NEEDS), false),
    field("licence_C", FieldKind::Choice(NEEDS), false),
    field("licence_CE", FieldKind::Choice(NEEDS), false),
    field("licence_D", FieldKind::Choice(NEEDS), false),
    field("licence_CQC-MERCI", FieldKind::Choice(NEEDS), false),
    field("licence_CQC-PERSONE", FieldKind::Choice(NEEDS), false),
    field("licence_ABIL-CARRELLI", FieldKind::Choice(NEEDS), false),
    field("certificates", FieldKind::LongText { max: 1000 }, false),
];
const CANDIDATES: &[FieldDef] = &[
    field("channel", FieldKind::Choice(CANDIDATE_CHANNELS), true),
    field("visibility", FieldKind::Choice(VISIBILITY), true),
    field("contact_channel", FieldKind::Choice(CONTACT_CHANNELS), true),
    field("reserved_l68", FieldKind::Choice(YES_NO), true),
];

impl VacancyStep {
    pub const ALL: [VacancyStep; 4] = [
        VacancyStep::Role,
        VacancyStep::Place,
        VacancyStep::Requirements,
        VacancyStep::Candidates,
    ];

    /// The stable code used in URLs and storage (Italian: it shows in the address bar).
    pub fn code(self) -> &'static str {
        match self {
            VacancyStep::Role => "ruolo",
            VacancyStep::Place => "luogo",
            VacancyStep::Requirements => "requisiti",
            VacancyStep::Candidates => "candidature",
        }
    }

    pub fn parse(code: &str) -> Option<VacancyStep> {
        VacancyStep::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The step's fixed fields (the requirements step also takes the occupation's skills, keyed
    /// `skill_{n}` / `skill_uri_{n}` in a form and `skill:<uri>` once saved).
    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            VacancyStep::Role => ROLE,
            VacancyStep::Place => PLACE,
            VacancyStep::Requirements => REQUIREMENTS,
            VacancyStep::Candidates => CANDIDATES,
        }
    }

    /// The step a field belongs to (for change links from findings).
    pub fn of_field(name: &str) -> Option<VacancyStep> {
        if name.starts_with(SKILL_PREFIX) || name == "skills" {
            return Some(VacancyStep::Requirements);
        }
        VacancyStep::ALL
            .into_iter()
            .find(|s| s.fields().iter().any(|f| f.name == name))
    }
}

/// The first step not in `completed`, or `None` when every step is done.
pub fn next_step(completed: &[VacancyStep]) -> Option<VacancyStep> {
    VacancyStep::ALL
        .into_iter()
        .find(|s| !completed.contains(s))
}

/// A form's values for the skills: `skill_uri_{n}` names the skill, `skill_{n}` says must / nice
/// (anything else: not needed). Saved answers already carry `skill:<uri>` keys and pass through.
fn chosen_skills(raw: &StepAnswers) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = raw
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(SKILL_PREFIX)
                .map(|uri| (uri.to_string(), v.trim().to_string()))
        })
        .collect();
    for n in 0..MAX_SKILLS {
        let (Some(uri), Some(need)) = (
            raw.get(&format!("skill_uri_{n}")),
            raw.get(&format!("skill_{n}")),
        ) else {
            continue;
        };
        out.push((uri.trim().to_string(), need.trim().to_string()));
    }
    out.retain(|(_, need)| NEEDS.contains(&need.as_str()));
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn is_part_time(working_time: Option<&str>) -> bool {
    working_time.is_some_and(|w| w.starts_with("PART-TIME"))
}

/// Checks one step's raw form values; the normalised answers, or every field error at once.
/// `comune_known`: an ISTAT code is one of the region's comuni; `skill_known`: an ESCO URI is a
/// skill the page offered (the occupation's).
pub fn validate_step(
    step: VacancyStep,
    raw: &StepAnswers,
    today: CalendarDate,
    comune_known: &dyn Fn(&str) -> bool,
    skill_known: &dyn Fn(&str) -> bool,
) -> Result<StepAnswers, Vec<FieldError>> {
    let (mut clean, mut errors) = wizard::check_fields(step.fields(), raw, today, comune_known);
    let failed = |errors: &Vec<FieldError>, name: &str| errors.iter().any(|e| e.field == name);
    let get = |clean: &StepAnswers, name: &str| clean.get(name).cloned();
    match step {
        VacancyStep::Role => {}
        VacancyStep::Place => {
            let remote = get(&clean, "work_mode").as_deref() == Some("remote");
            if remote {
                clean.remove("work_comune");
            } else if get(&clean, "work_comune").is_none() && !failed(&errors, "work_comune") {
                errors.push(wizard::problem("work_comune", FieldProblem::Required));
            }
            let part_time = is_part_time(get(&clean, "working_time").as_deref());
            if part_time
                && get(&clean, "hours_per_week").is_none()
                && !failed(&errors, "hours_per_week")
            {
                errors.push(wizard::problem("hours_per_week", FieldProblem::Required));
            }
            let money = |name: &str| get(&clean, name).and_then(|v| v.parse::<i64>().ok());
            if let (Some(min), Some(max)) = (money("salary_min"), money("salary_max")) {
                if max < min {
                    errors.push(wizard::problem("salary_max", FieldProblem::Invalid));
                }
            }
        }
        VacancyStep::Requirements => {
            for (value, need) in [("eqf", "eqf_need"), ("experience_years", "experience_need")] {
                let given = get(&clean, value).is_some_and(|v| v != "0");
                if given && get(&clean, need).is_none() && !failed(&errors, need) {
                    errors.push(wizard::problem(need, FieldProblem::Required));
                }
                if !given {
                    clean.remove(need);
                }
            }
            let mut seen = Vec::new();
            for n in 1..=MAX_LANGUAGES {
                let (lang, level, need) = (
                    format!("lang_{n}"),
                    format!("level_{n}"),
                    format!("lang_need_{n}"),
                );
                match get(&clean, &lang) {
                    Some(code) => {
                        if seen.contains(&code) {
                            errors.push(wizard::problem(&lang, FieldProblem::Invalid));
                        }
                        seen.push(code);
                        for other in [&level, &need] {
                            if get(&clean, other).is_none() && !failed(&errors, other) {
                                errors.push(wizard::problem(other, FieldProblem::Required));
                            }
                        }
                    }
                    None if !failed(&errors, &lang)
                        && (clean.contains_key(&level) || clean.contains_key(&need)) =>
                    {
                        errors.push(wizard::problem(&lang, FieldProblem::Required));
                    }
                    None => {}
                }
            }
            let skills = chosen_skills(raw);
            if skills.len() > MAX_SKILLS {
                errors.push(wizard::problem("skills", FieldProblem::Invalid));
            }
            for (uri, need) in skills {
                if uri.len() > 300 || !skill_known(&uri) {
                    errors.push(wizard::problem("skills", FieldProblem::Invalid));
                    break;
                }
                clean.insert(format!("{SKILL_PREFIX}{uri}"), need);
            }
        }
        VacancyStep::Candidates => {}
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

/// One coherence finding of the whole vacancy, shown on "check your answers".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coherence {
    /// A stable code the page translates: `salary_range`, `salary_below_floor`, `start_past`,
    /// `positions`, `no_must_have`, `experience_vs_contract`, `experience_vs_education`.
    pub code: String,
    pub step: VacancyStep,
    pub field: String,
    /// Blocks submission (otherwise a caution the company may keep).
    pub blocking: bool,
}

fn coherence_of(code: &str, step: VacancyStep, field: &str, blocking: bool) -> Coherence {
    Coherence {
        code: code.to_string(),
        step,
        field: field.to_string(),
        blocking,
    }
}

fn number(answers: &VacancyAnswers, step: VacancyStep, name: &str) -> Option<i64> {
    answers
        .get(&step)
        .and_then(|a| a.get(name))
        .and_then(|v| v.parse().ok())
}

fn text<'a>(answers: &'a VacancyAnswers, step: VacancyStep, name: &str) -> Option<&'a str> {
    answers
        .get(&step)
        .and_then(|a| a.get(name))
        .map(String::as_str)
}

/// Whether the contract is for beginners (apprenticeship, traineeship).
fn beginners_contract(contract: Option<&str>) -> bool {
    contract.is_some_and(|c| c.starts_with("APPRENDISTATO") || c.starts_with("TIROCINIO"))
}

/// The coherence checks of the whole vacancy (on saved answers): pay plausible for the contract
/// and hours, start not past, positions ≥ 1, at least one must-have, experience plausible for
/// the contract and the education asked.
pub fn coherence(answers: &VacancyAnswers, today: CalendarDate) -> Vec<Coherence> {
    use VacancyStep::*;
    let mut out = Vec::new();
    if number(answers, Role, "positions").is_some_and(|p| p < 1) {
        out.push(coherence_of("positions", Role, "positions", true));
    }
    let min = number(answers, Place, "salary_min");
    let max = number(answers, Place, "salary_max");
    if let (Some(min), Some(max)) = (min, max) {
        if max < min {
            out.push(coherence_of("salary_range", Place, "salary_max", true));
        }
        let contract = text(answers, Place, "contract");
        let hours = if is_part_time(text(answers, Place, "working_time")) {
            number(answers, Place, "hours_per_week").unwrap_or(FULL_TIME_HOURS)
        } else {
            FULL_TIME_HOURS
        };
        let floor = if contract.is_some_and(|c| c.starts_with("TIROCINIO")) {
            TRAINEESHIP_FLOOR_MONTHLY
        } else {
            SALARY_FLOOR_MONTHLY
        };
        let monthly = match text(answers, Place, "salary_period") {
            Some("year") => max / MONTHS_A_YEAR,
            _ => max,
        };
        // Pro rata for part time; a full-time figure under the floor is not a real salary.
        if monthly * FULL_TIME_HOURS < floor * hours.min(FULL_TIME_HOURS) {
            out.push(coherence_of(
                "salary_below_floor",
                Place,
                "salary_min",
                true,
            ));
        }
    }
    if let Some(start) = text(answers, Place, "start_date").and_then(CalendarDate::parse_iso) {
        if start < today {
            out.push(coherence_of("start_past", Place, "start_date", true));
        }
    }
    let req = answers.get(&Requirements);
    let has_must = req.is_some_and(|r| {
        r.iter().any(|(k, v)| {
            v == "must"
                && (k == "eqf_need"
                    || k == "experience_need"
                    || k.starts_with("lang_need_")
                    || k.starts_with("licence_")
                    || k.starts_with(SKILL_PREFIX))
        })
    });
    if !has_must {
        out.push(coherence_of("no_must_have", Requirements, "skills", true));
    }
    let experience_must = text(answers, Requirements, "experience_need") == Some("must");
    let years = number(answers, Requirements, "experience_years").unwrap_or(0);
    if experience_must
        && years > BEGINNER_MAX_EXPERIENCE
        && beginners_contract(text(answers, Place, "contract"))
    {
        out.push(coherence_of(
            "experience_vs_contract",
            Requirements,
            "experience_years",
            false,
        ));
    }
    // Years of experience that a person with the education asked could not yet have: a degree
    // (EQF 6+) takes until ~22–24, so asking for 20+ years on top reaches well into the 40s.
    let eqf = number(answers, Requirements, "eqf").unwrap_or(0);
    if experience_must && eqf >= 6 && years >= 20 {
        out.push(coherence_of(
            "experience_vs_education",
            Requirements,
            "experience_years",
            false,
        ));
    }
    out
}

/// The texts the discrimination check reads: (field, text).
pub fn wording_texts(answers: &VacancyAnswers) -> Vec<(&'static str, String)> {
    use VacancyStep::*;
    [
        (Role, "job_title"),
        (Role, "description"),
        (Requirements, "certificates"),
    ]
    .into_iter()
    .filter_map(|(step, name)| text(answers, step, name).map(|t| (name, t.to_string())))
    .collect()
}

/// What legitimately changes the verdict of the wording check: the contract and the L. 68/99 flag.
pub fn wording_context(answers: &VacancyAnswers) -> WordingContext {
    WordingContext {
        contract_code: text(answers, VacancyStep::Place, "contract").map(str::to_lowercase),
        reserved_l68: text(answers, VacancyStep::Candidates, "reserved_l68") == Some("yes"),
    }
}

/// The discrimination findings of the answers.
pub fn wording_findings(answers: &VacancyAnswers) -> Vec<super::discrimination::Finding> {
    let texts = wording_texts(answers);
    let pairs: Vec<(&str, &str)> = texts.iter().map(|(f, t)| (*f, t.as_str())).collect();
    super::discrimination::check_wording(&pairs, &wording_context(answers))
}

/// The vacancy's columns and requirement rows, from complete answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyColumns {
    pub title: String,
    pub description: String,
    pub occupation_id: String,
    pub positions: i64,
    pub work_mode: String,
    pub work_istat: Option<String>,
    pub contract_code: String,
    pub working_time_code: String,
    pub hours_per_week: Option<i64>,
    pub shifts: bool,
    pub nights: bool,
    pub weekends: bool,
    pub salary_min: i64,
    pub salary_max: i64,
    pub salary_period: String,
    pub start_date: String,
    pub ccnl: Option<String>,
    pub eqf_min: Option<i64>,
    pub eqf_required: bool,
    pub experience_years: i64,
    pub experience_required: bool,
    pub candidate_channel: String,
    pub anonymous: bool,
    pub contact_channel: String,
    pub reserved_l68: bool,
    /// (ESCO skill URI, must-have).
    pub skills: Vec<(String, bool)>,
    /// (ISO 639-1, CEFR level, must-have).
    pub languages: Vec<(String, String, bool)>,
    /// (licence code, must-have).
    pub licences: Vec<(String, bool)>,
}

/// Maps complete, validated answers to columns; `None` when something required is missing.
pub fn columns(answers: &VacancyAnswers) -> Option<VacancyColumns> {
    use VacancyStep::*;
    let s = |step, name| text(answers, step, name).map(str::to_string);
    let n = |step, name| number(answers, step, name);
    let req = answers.get(&Requirements).cloned().unwrap_or_default();
    let must = |name: &str| req.get(name).map(String::as_str) == Some("must");
    let skills = req
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(SKILL_PREFIX)
                .map(|uri| (uri.to_string(), v == "must"))
        })
        .collect();
    let languages = (1..=MAX_LANGUAGES)
        .filter_map(|i| {
            Some((
                req.get(&format!("lang_{i}"))?.clone(),
                req.get(&format!("level_{i}"))?.clone(),
                must(&format!("lang_need_{i}")),
            ))
        })
        .collect();
    let licences = LICENCES
        .iter()
        .filter_map(|code| {
            let need = req.get(&format!("licence_{code}"))?;
            Some((code.to_string(), need == "must"))
        })
        .collect();
    let eqf_min = n(Requirements, "eqf");
    let experience_years = n(Requirements, "experience_years").unwrap_or(0);
    let work_mode = s(Place, "work_mode")?;
    Some(VacancyColumns {
        title: s(Role, "job_title")?,
        description: s(Role, "description")?,
        occupation_id: s(Role, "occupation")?,
        positions: n(Role, "positions")?,
        work_istat: if work_mode == "remote" {
            None
        } else {
            Some(s(Place, "work_comune")?)
        },
        work_mode,
        contract_code: s(Place, "contract")?,
        working_time_code: s(Place, "working_time")?,
        hours_per_week: n(Place, "hours_per_week"),
        shifts: s(Place, "shifts").is_some(),
        nights: s(Place, "nights").is_some(),
        weekends: s(Place, "weekends").is_some(),
        salary_min: n(Place, "salary_min")?,
        salary_max: n(Place, "salary_max")?,
        salary_period: s(Place, "salary_period")?,
        start_date: s(Place, "start_date")?,
        ccnl: s(Place, "ccnl"),
        eqf_required: eqf_min.is_none() || must("eqf_need"),
        eqf_min,
        experience_required: experience_years == 0 || must("experience_need"),
        experience_years,
        candidate_channel: s(Candidates, "channel")?,
        anonymous: s(Candidates, "visibility")? == "anonymous",
        contact_channel: s(Candidates, "contact_channel")?,
        reserved_l68: s(Candidates, "reserved_l68")? == "yes",
        skills,
        languages,
        licences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 27).unwrap()
    }

    fn a(pairs: &[(&str, &str)]) -> StepAnswers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn known(code: &str) -> bool {
        code == "054039"
    }

    fn skill(uri: &str) -> bool {
        uri.starts_with("http://data.europa.eu/esco/skill/")
    }

    fn fields(r: Result<StepAnswers, Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    pub(super) fn complete() -> VacancyAnswers {
        let mut all = VacancyAnswers::new();
        all.insert(
            VacancyStep::Role,
            a(&[
                ("job_title", "Cuoco di linea"),
                ("occupation", "cuoco"),
                ("description", "Cucina del ristorante"),
                ("positions", "2"),
            ]),
        );
        all.insert(
            VacancyStep::Place,
            a(&[
                ("work_mode", "onsite"),
                ("work_comune", "054039"),
                ("contract", "TEMPO-DETERMINATO"),
                ("working_time", "FULL-TIME"),
                ("shifts", "1"),
                ("salary_min", "1600"),
                ("salary_max", "1900"),
                ("salary_period", "month"),
                ("start_date", "2027-01-10"),
            ]),
        );
        all.insert(
            VacancyStep::Requirements,
            a(&[
                ("experience_years", "2"),
                ("experience_need", "must"),
                ("lang_1", "en"),
                ("level_1", "B1"),
                ("lang_need_1", "nice"),
                ("licence_B", "nice"),
                ("skill:http://data.europa.eu/esco/skill/x", "must"),
            ]),
        );
        all.insert(
            VacancyStep::Candidates,
            a(&[
                ("channel", "both"),
                ("visibility", "anonymous"),
                ("contact_channel", "portal"),
                ("reserved_l68", "no"),
            ]),
        );
        all
    }

    fn codes(found: &[Coherence]) -> Vec<(&str, bool)> {
        found
            .iter()
            .map(|c| (c.code.as_str(), c.blocking))
            .collect()
    }

    #[test]
    fn step_codes_round_trip_and_fields_know_their_step() {
        for step in VacancyStep::ALL {
            assert_eq!(VacancyStep::parse(step.code()), Some(step));
        }
        assert_eq!(
            VacancyStep::of_field("salary_max"),
            Some(VacancyStep::Place)
        );
        assert_eq!(
            VacancyStep::of_field("skill:http://x"),
            Some(VacancyStep::Requirements)
        );
        assert_eq!(
            VacancyStep::of_field("description"),
            Some(VacancyStep::Role)
        );
        assert_eq!(next_step(&[VacancyStep::Role]), Some(VacancyStep::Place));
        assert_eq!(next_step(&VacancyStep::ALL), None);
    }

    #[test]
    fn the_place_needs_a_comune_unless_remote_and_hours_for_part_time() {
        let base = [
            ("contract", "TEMPO-INDETERMINATO"),
            ("salary_min", "1500"),
            ("salary_max", "1800"),
            ("salary_period", "month"),
            ("start_date", "2027-02-01"),
        ];
        let with = |extra: &[(&str, &str)]| {
            let mut raw = a(&base);
            raw.extend(a(extra));
            validate_step(VacancyStep::Place, &raw, today(), &known, &skill)
        };
        assert_eq!(
            fields(with(&[
                ("work_mode", "onsite"),
                ("working_time", "FULL-TIME")
            ])),
            vec![("work_comune".to_string(), FieldProblem::Required)]
        );
        let remote = with(&[
            ("work_mode", "remote"),
            ("work_comune", "054039"),
            ("working_time", "FULL-TIME"),
        ])
        .unwrap();
        assert!(!remote.contains_key("work_comune"));
        assert_eq!(
            fields(with(&[
                ("work_mode", "remote"),
                ("working_time", "PART-TIME-ORIZZONTALE")
            ])),
            vec![("hours_per_week".to_string(), FieldProblem::Required)]
        );
        assert_eq!(
            fields(with(&[
                ("work_mode", "remote"),
                ("working_time", "FULL-TIME"),
                ("salary_max", "1000"),
            ])),
            vec![("salary_max".to_string(), FieldProblem::Invalid)]
        );
        assert_eq!(
            fields(with(&[
                ("work_mode", "remote"),
                ("working_time", "FULL-TIME"),
                ("start_date", "2026-11-26"),
            ])),
            vec![("start_date".to_string(), FieldProblem::Invalid)]
        );
    }

    #[test]
    fn requirements_need_a_level_for_each_language_and_known_skills() {
        let r = validate_step(
            VacancyStep::Requirements,
            &a(&[("lang_1", "en"), ("eqf", "4")]),
            today(),
            &known,
            &skill,
        );
        assert_eq!(
            fields(r),
            vec![
                ("eqf_need".to_string(), FieldProblem::Required),
                ("level_1".to_string(), FieldProblem::Required),
                ("lang_need_1".to_string(), FieldProblem::Required),
            ]
        );
        let dup = validate_step(
            VacancyStep::Requirements,
            &a(&[
                ("lang_1", "en"),
                ("level_1", "B1"),
                ("lang_need_1", "must"),
                ("lang_2", "en"),
                ("level_2", "C1"),
                ("lang_need_2", "nice"),
            ]),
            today(),
            &known,
            &skill,
        );
        assert_eq!(
            fields(dup),
            vec![("lang_2".to_string(), FieldProblem::Invalid)]
        );
        let ok = validate_step(
            VacancyStep::Requirements,
            &a(&[
                ("skill_uri_0", "http://data.europa.eu/esco/skill/a"),
                ("skill_0", "must"),
                ("skill_uri_1", "http://data.europa.eu/esco/skill/b"),
                ("skill_1", "none"),
            ]),
            today(),
            &known,
            &skill,
        )
        .unwrap();
        assert_eq!(
            ok.get("skill:http://data.europa.eu/esco/skill/a")
                .map(String::as_str),
            Some("must")
        );
        assert_eq!(ok.len(), 1);
        // Revalidating saved answers keeps the skills.
        let again = validate_step(VacancyStep::Requirements, &ok, today(), &known, &skill).unwrap();
        assert_eq!(again, ok);
        let forged = validate_step(
            VacancyStep::Requirements,
            &a(&[("skill_uri_0", "javascript:alert(1)"), ("skill_0", "must")]),
            today(),
            &known,
            &skill,
        );
        assert_eq!(
            fields(forged),
            vec![("skills".to_string(), FieldProblem::Invalid)]
        );
    }

    #[test]
    fn a_coherent_vacancy_has_no_findings_and_maps_to_columns() {
        let all = complete();
        assert!(coherence(&all, today()).is_empty());
        let c = columns(&all).unwrap();
        assert_eq!(c.positions, 2);
        assert_eq!(c.work_istat.as_deref(), Some("054039"));
        assert!(c.shifts && !c.nights);
        assert!(c.anonymous && !c.reserved_l68);
        assert_eq!(c.eqf_min, None);
        assert!(c.experience_required);
        assert_eq!(
            c.skills,
            vec![("http://data.europa.eu/esco/skill/x".to_string(), true)]
        );
        assert_eq!(c.languages, vec![("en".into(), "B1".into(), false)]);
        assert_eq!(c.licences, vec![("B".into(), false)]);
    }

    #[test]
    fn coherence_flags_pay_dates_and_an_empty_must_have_list() {
        let mut all = complete();
        let place = all.get_mut(&VacancyStep::Place).unwrap();
        place.insert("salary_min".into(), "500".into());
        place.insert("salary_max".into(), "600".into());
        place.insert("start_date".into(), "2026-11-01".into());
        let req = all.get_mut(&VacancyStep::Requirements).unwrap();
        req.insert("experience_need".into(), "nice".into());
        req.insert(
            "skill:http://data.europa.eu/esco/skill/x".into(),
            "nice".into(),
        );
        assert_eq!(
            codes(&coherence(&all, today())),
            vec![
                ("salary_below_floor", true),
                ("start_past", true),
                ("no_must_have", true)
            ]
        );
        // Part time: the floor is pro rata. 600 a month for 20 hours is plausible.
        let mut part = complete();
        let place = part.get_mut(&VacancyStep::Place).unwrap();
        place.insert("working_time".into(), "PART-TIME-ORIZZONTALE".into());
        place.insert("hours_per_week".into(), "20".into());
        place.insert("salary_min".into(), "550".into());
        place.insert("salary_max".into(), "600".into());
        assert!(coherence(&part, today()).is_empty());
        // A yearly figure is compared as a monthly one.
        let mut yearly = complete();
        let place = yearly.get_mut(&VacancyStep::Place).unwrap();
        place.insert("salary_period".into(), "year".into());
        place.insert("salary_min".into(), "24000".into());
        place.insert("salary_max".into(), "28000".into());
        assert!(coherence(&yearly, today()).is_empty());
        yearly
            .get_mut(&VacancyStep::Place)
            .unwrap()
            .insert("salary_max".into(), "1900".into());
        assert_eq!(
            codes(&coherence(&yearly, today())),
            vec![("salary_range", true), ("salary_below_floor", true)]
        );
    }

    #[test]
    fn experience_is_checked_against_contract_and_education() {
        let mut all = complete();
        all.get_mut(&VacancyStep::Place).unwrap().insert(
            "contract".into(),
            "APPRENDISTATO-PROFESSIONALIZZANTE".into(),
        );
        all.get_mut(&VacancyStep::Requirements)
            .unwrap()
            .insert("experience_years".into(), "5".into());
        assert_eq!(
            codes(&coherence(&all, today())),
            vec![("experience_vs_contract", false)]
        );
        let mut senior = complete();
        let req = senior.get_mut(&VacancyStep::Requirements).unwrap();
        req.insert("experience_years".into(), "20".into());
        req.insert("eqf".into(), "7".into());
        req.insert("eqf_need".into(), "must".into());
        assert_eq!(
            codes(&coherence(&senior, today())),
            vec![("experience_vs_education", false)]
        );
    }

    #[test]
    fn wording_context_follows_contract_and_l68() {
        let mut all = complete();
        all.get_mut(&VacancyStep::Place).unwrap().insert(
            "contract".into(),
            "APPRENDISTATO-PROFESSIONALIZZANTE".into(),
        );
        all.get_mut(&VacancyStep::Candidates)
            .unwrap()
            .insert("reserved_l68".into(), "yes".into());
        let ctx = wording_context(&all);
        assert_eq!(
            ctx.contract_code.as_deref(),
            Some("apprendistato-professionalizzante")
        );
        assert!(ctx.reserved_l68);
        let texts = wording_texts(&all);
        assert_eq!(texts[0], ("job_title", "Cuoco di linea".to_string()));
    }

    #[test]
    fn an_age_limit_is_flagged_unless_the_contract_is_an_apprenticeship() {
        let mut all = complete();
        all.get_mut(&VacancyStep::Role)
            .unwrap()
            .insert("description".into(), "Cerchiamo cuoco max 30 anni".into());
        assert!(super::super::discrimination::has_violation(
            &wording_findings(&all)
        ));
        all.get_mut(&VacancyStep::Role).unwrap().insert(
            "description".into(),
            "Cerchiamo cuoco con esperienza".into(),
        );
        assert!(!super::super::discrimination::has_violation(
            &wording_findings(&all)
        ));
        let mut apprentice = complete();
        apprentice.get_mut(&VacancyStep::Place).unwrap().insert(
            "contract".into(),
            "APPRENDISTATO-PROFESSIONALIZZANTE".into(),
        );
        apprentice.get_mut(&VacancyStep::Role).unwrap().insert(
            "description".into(),
            "Apprendista, età massima 29 anni".into(),
        );
        assert!(!super::super::discrimination::has_violation(
            &wording_findings(&apprentice)
        ));
    }
}
