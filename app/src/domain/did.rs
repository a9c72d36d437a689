//! The declaration of immediate availability (DID, issue 7): its state machine and profiling answers.
//!
//! A DID (d.lgs. 150/2015 art. 19) is written by the person (or an intermediary under a `did`
//! mandate), submitted to the competent CPI, made active at the pact interview, suspended while a
//! short job lasts, and closed when the person is hired, does not attend, moves away or renounces.
//! The database stores the state; [`DidState::transition`] decides which moves exist and
//! [`may_perform`] who may make them.

use super::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, Sex};
use super::wizard::{age_on, field, FieldDef, FieldKind, EQF_LEVELS};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// Where a DID is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DidState {
    Draft,
    Submitted,
    Active,
    Suspended,
    Closed,
}

impl DidState {
    pub const ALL: [DidState; 5] = [
        DidState::Draft,
        DidState::Submitted,
        DidState::Active,
        DidState::Suspended,
        DidState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DidState::Draft => "draft",
            DidState::Submitted => "submitted",
            DidState::Active => "active",
            DidState::Suspended => "suspended",
            DidState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<DidState> {
        DidState::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// Whether a certificate of employment status may be issued: the declaration was made.
    pub fn certifiable(self) -> bool {
        self != DidState::Draft
    }

    /// The state after `event`, or `Conflict` when the move does not exist from here.
    pub fn transition(self, event: DidEvent) -> Result<DidState, AppError> {
        use DidEvent as E;
        use DidState as S;
        match (self, event) {
            (S::Draft, E::Submit) => Ok(S::Submitted),
            (S::Submitted, E::Activate) => Ok(S::Active),
            (S::Active, E::Suspend(_)) => Ok(S::Suspended),
            (S::Suspended, E::Reactivate) => Ok(S::Active),
            // A draft is discarded by its author only; a declaration made can always be closed.
            (S::Draft, E::Close(CloseReason::Renounced)) => Ok(S::Closed),
            (S::Submitted | S::Active | S::Suspended, E::Close(_)) => Ok(S::Closed),
            _ => Err(AppError::Conflict),
        }
    }
}

/// Why a DID is suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SuspendReason {
    /// A job of at most six months keeps the unemployment status (d.lgs. 150/2015 art. 19 c. 3).
    ShortJob,
    /// Illness, maternity or other documented temporary unavailability.
    TemporaryUnavailability,
}

/// Why a DID is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CloseReason {
    /// A job longer than six months (or with income above the exempt threshold).
    Hired,
    /// Did not attend the CPI's summons without a justified reason (art. 21).
    DidNotAttend,
    /// Moved to a comune outside the region: the new CPI takes over.
    Moved,
    /// The person withdrew the declaration.
    Renounced,
}

impl SuspendReason {
    pub const ALL: [SuspendReason; 2] = [
        SuspendReason::ShortJob,
        SuspendReason::TemporaryUnavailability,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SuspendReason::ShortJob => "short_job",
            SuspendReason::TemporaryUnavailability => "temporary_unavailability",
        }
    }
    pub fn parse(code: &str) -> Option<SuspendReason> {
        SuspendReason::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] = [
        CloseReason::Hired,
        CloseReason::DidNotAttend,
        CloseReason::Moved,
        CloseReason::Renounced,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Hired => "hired",
            CloseReason::DidNotAttend => "did_not_attend",
            CloseReason::Moved => "moved",
            CloseReason::Renounced => "renounced",
        }
    }
    pub fn parse(code: &str) -> Option<CloseReason> {
        CloseReason::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// What happens to a DID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DidEvent {
    Submit,
    Activate,
    Suspend(SuspendReason),
    Reactivate,
    Close(CloseReason),
}

impl DidEvent {
    /// The code of the event as forms post it (`activate`, `suspend`, `reactivate`, `close`).
    pub fn verb(self) -> &'static str {
        match self {
            DidEvent::Submit => "submit",
            DidEvent::Activate => "activate",
            DidEvent::Suspend(_) => "suspend",
            DidEvent::Reactivate => "reactivate",
            DidEvent::Close(_) => "close",
        }
    }

    /// The reason code stored with the move, if the event has one.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            DidEvent::Suspend(r) => Some(r.as_str()),
            DidEvent::Close(r) => Some(r.as_str()),
            _ => None,
        }
    }

    /// Parses a posted verb and reason; a suspension or closure without a known reason is invalid.
    pub fn parse(verb: &str, reason: Option<&str>) -> Option<DidEvent> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        match verb {
            "submit" => Some(DidEvent::Submit),
            "activate" => Some(DidEvent::Activate),
            "reactivate" => Some(DidEvent::Reactivate),
            "suspend" => reason.and_then(SuspendReason::parse).map(DidEvent::Suspend),
            "close" => reason.and_then(CloseReason::parse).map(DidEvent::Close),
            _ => None,
        }
    }
}

/// Who is acting on a DID, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DidActor {
    /// The person, or an intermediary under a mandate covering the DID.
    Holder,
    /// An operator of the competent CPI or a supervisor.
    Staff,
}

/// Whether `actor` may cause `event`. The holder declares and may renounce; the CPI's staff
/// activate, suspend, reactivate and close.
pub fn may_perform(actor: DidActor, event: DidEvent) -> bool {
    match actor {
        DidActor::Holder => matches!(
            event,
            DidEvent::Submit | DidEvent::Close(CloseReason::Renounced)
        ),
        DidActor::Staff => !matches!(event, DidEvent::Submit),
    }
}

/// A step of the DID wizard. Identity is not a step: it comes from the login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DidStep {
    Residence,
    Situation,
    Profiling,
}

/// The current situation the national model asks about.
pub const CURRENT_SITUATIONS: &[&str] = &[
    "unemployed",
    "never_worked",
    "low_income_worker",
    "student",
    "inactive",
];
/// Economic sectors of the last job (ATECO sections, grouped as the profiling model does).
pub const SECTORS: &[&str] = &[
    "agriculture",
    "manufacturing",
    "construction",
    "trade",
    "hospitality",
    "transport",
    "services",
    "public_administration",
    "education_health",
    "other",
];
/// Family situations of the profiling model.
pub const FAMILY_SITUATIONS: &[&str] = &[
    "single",
    "couple_no_children",
    "couple_with_children",
    "single_parent",
    "with_parents",
    "other",
];
/// Upper bounds of the profiling answers (plausibility, not law).
pub const MAX_MONTHS_WITHOUT_WORK: i64 = 600;
pub const MAX_DEPENDANTS: i64 = 20;

const RESIDENCE: &[FieldDef] = &[
    field("residence", FieldKind::Comune, true),
    field("domicile", FieldKind::Comune, false),
];
const SITUATION: &[FieldDef] = &[
    field("situation", FieldKind::Choice(CURRENT_SITUATIONS), true),
    field("last_occupation", FieldKind::Text { max: 200 }, false),
    field("last_end_date", FieldKind::PastDate, false),
    field("last_sector", FieldKind::Choice(SECTORS), false),
];
const PROFILING: &[FieldDef] = &[
    field("eqf", FieldKind::Choice(EQF_LEVELS), true),
    field(
        "months_without_work",
        FieldKind::Number {
            min: 0,
            max: MAX_MONTHS_WITHOUT_WORK,
        },
        true,
    ),
    field("family", FieldKind::Choice(FAMILY_SITUATIONS), true),
    field(
        "dependants",
        FieldKind::Number {
            min: 0,
            max: MAX_DEPENDANTS,
        },
        true,
    ),
];

impl DidStep {
    pub const ALL: [DidStep; 3] = [DidStep::Residence, DidStep::Situation, DidStep::Profiling];

    /// The code in the address bar (Italian).
    pub fn code(self) -> &'static str {
        match self {
            DidStep::Residence => "residenza",
            DidStep::Situation => "situazione",
            DidStep::Profiling => "profilazione",
        }
    }

    pub fn parse(code: &str) -> Option<DidStep> {
        DidStep::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            DidStep::Residence => RESIDENCE,
            DidStep::Situation => SITUATION,
            DidStep::Profiling => PROFILING,
        }
    }

    /// The step after this one, `None` after the last.
    pub fn next(self) -> Option<DidStep> {
        let i = DidStep::ALL.iter().position(|s| *s == self)?;
        DidStep::ALL.get(i + 1).copied()
    }
}

/// The first step not yet saved valid, or `None` when the declaration is complete.
pub fn next_step(completed: &[DidStep]) -> Option<DidStep> {
    DidStep::ALL.into_iter().find(|s| !completed.contains(s))
}

/// Age bands of the profiling model (the age itself comes from the codice fiscale's birth date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgeBand {
    Under25,
    From25To29,
    From30To34,
    From35To44,
    From45To54,
    From55,
}

impl AgeBand {
    pub fn of_age(age: u8) -> AgeBand {
        match age {
            0..=24 => AgeBand::Under25,
            25..=29 => AgeBand::From25To29,
            30..=34 => AgeBand::From30To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            _ => AgeBand::From55,
        }
    }

    pub fn on(birth: CalendarDate, today: CalendarDate) -> AgeBand {
        AgeBand::of_age(age_on(birth, today))
    }

    /// How the band reads ("25-29", "55+"): the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under25 => "15-24",
            AgeBand::From25To29 => "25-29",
            AgeBand::From30To34 => "30-34",
            AgeBand::From35To44 => "35-44",
            AgeBand::From45To54 => "45-54",
            AgeBand::From55 => "55+",
        }
    }
}

/// The profiling answers as typed values, read from the saved steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profiling {
    pub situation: String,
    pub previous_sector: Option<String>,
    pub eqf: u8,
    pub months_without_work: u16,
    pub family: String,
    pub dependants: u8,
    pub age_band: AgeBand,
}

impl Profiling {
    /// Reads the answers of the situation and profiling steps (already checked by the field
    /// engine); `None` while any is missing or malformed.
    pub fn from_answers(
        situation: &super::wizard::StepAnswers,
        profiling: &super::wizard::StepAnswers,
        birth: CalendarDate,
        today: CalendarDate,
    ) -> Option<Profiling> {
        Some(Profiling {
            situation: situation.get("situation")?.clone(),
            previous_sector: situation.get("last_sector").cloned(),
            eqf: profiling.get("eqf")?.parse().ok()?,
            months_without_work: profiling.get("months_without_work")?.parse().ok()?,
            family: profiling.get("family")?.clone(),
            dependants: profiling.get("dependants")?.parse().ok()?,
            age_band: AgeBand::on(birth, today),
        })
    }
}

/// What the registry says about the person, to compare with their codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryIdentity {
    pub codice_fiscale: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: CalendarDate,
    pub sex: Sex,
    pub birth_place: Belfiore,
}

/// One datum where the codice fiscale and the registry disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdentityMismatch {
    /// The codice fiscale itself does not parse (wrong check letter, …).
    InvalidCode,
    Name,
    BirthDate,
    Sex,
    BirthPlace,
}

/// The birth facts a codice fiscale encodes, as the wizard shows them next to the registry's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedIdentity {
    pub birth_date: CalendarDate,
    pub sex: Sex,
    pub birth_place: String,
}

/// The facts derived from the code (the latest century that puts the birth before `today`) and
/// every disagreement with the registry. A DID is refused while the list
/// is not empty: the CPI has to correct the registry first.
pub fn cross_check_identity(
    registry: &RegistryIdentity,
    today: CalendarDate,
) -> (Option<DerivedIdentity>, Vec<IdentityMismatch>) {
    let Ok(code) = CodiceFiscale::parse(&registry.codice_fiscale) else {
        return (None, vec![IdentityMismatch::InvalidCode]);
    };
    let declared = super::codice_fiscale::DeclaredData {
        surname: Some(registry.family_name.clone()),
        name: Some(registry.given_name.clone()),
        birth_date: Some(registry.birth_date),
        sex: Some(registry.sex),
        birth_place: Some(registry.birth_place),
    };
    use super::codice_fiscale::Mismatch;
    let mut mismatches: Vec<IdentityMismatch> = code
        .cross_check(&declared)
        .into_iter()
        .map(|m| match m {
            Mismatch::Surname { .. } | Mismatch::Name { .. } => IdentityMismatch::Name,
            Mismatch::BirthDate { .. } => IdentityMismatch::BirthDate,
            Mismatch::Sex { .. } => IdentityMismatch::Sex,
            Mismatch::BirthPlace { .. } => IdentityMismatch::BirthPlace,
        })
        .collect();
    mismatches.dedup();
    let derived = DerivedIdentity {
        birth_date: code.birth_date(today.year()),
        sex: code.sex(),
        birth_place: code.birth_place().as_str().to_string(),
    };
    (Some(derived), mismatches)
}

/// Length of a certificate's verification code: 12 characters of a 32-letter alphabet are
/// 60 bits, far beyond what the rate-limited public check lets anyone guess.
pub const VERIFICATION_CODE_LEN: usize = 12;
/// Crockford's base 32 without I, L, O, U: nothing to misread on paper.
pub const VERIFICATION_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A verification code from random bytes (one character per byte, 5 bits each).
pub fn verification_code(random: &[u8; VERIFICATION_CODE_LEN]) -> String {
    random
        .iter()
        .map(|b| char::from(VERIFICATION_ALPHABET[usize::from(b & 0x1F)]))
        .collect()
}

/// A typed code as stored: upper case, without spaces and dashes; `None` when it cannot be one.
pub fn normalise_verification_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == VERIFICATION_CODE_LEN
        && code.bytes().all(|b| VERIFICATION_ALPHABET.contains(&b)))
    .then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EVENTS: [DidEvent; 9] = [
        DidEvent::Submit,
        DidEvent::Activate,
        DidEvent::Suspend(SuspendReason::ShortJob),
        DidEvent::Suspend(SuspendReason::TemporaryUnavailability),
        DidEvent::Reactivate,
        DidEvent::Close(CloseReason::Hired),
        DidEvent::Close(CloseReason::DidNotAttend),
        DidEvent::Close(CloseReason::Moved),
        DidEvent::Close(CloseReason::Renounced),
    ];

    #[test]
    fn follows_the_path_of_the_design() {
        let s = DidState::Draft;
        let s = s.transition(DidEvent::Submit).expect("submit");
        assert_eq!(s, DidState::Submitted);
        let s = s.transition(DidEvent::Activate).expect("activate");
        let s = s
            .transition(DidEvent::Suspend(SuspendReason::ShortJob))
            .expect("suspend");
        assert_eq!(s, DidState::Suspended);
        let s = s.transition(DidEvent::Reactivate).expect("reactivate");
        assert_eq!(s, DidState::Active);
        let s = s
            .transition(DidEvent::Close(CloseReason::Hired))
            .expect("close");
        assert_eq!(s, DidState::Closed);
    }

    #[test]
    fn refuses_moves_that_do_not_exist() {
        use DidState as S;
        let refused = [
            (S::Draft, DidEvent::Activate),
            (S::Draft, DidEvent::Close(CloseReason::Hired)),
            (S::Submitted, DidEvent::Submit),
            (S::Submitted, DidEvent::Reactivate),
            (S::Active, DidEvent::Activate),
            (S::Suspended, DidEvent::Suspend(SuspendReason::ShortJob)),
            (S::Closed, DidEvent::Reactivate),
        ];
        for (state, event) in refused {
            assert_eq!(
                state.transition(event),
                Err(AppError::Conflict),
                "{state:?} {event:?}"
            );
        }
    }

    #[test]
    fn the_holder_declares_and_renounces_and_the_cpi_does_the_rest() {
        assert!(may_perform(DidActor::Holder, DidEvent::Submit));
        assert!(may_perform(
            DidActor::Holder,
            DidEvent::Close(CloseReason::Renounced)
        ));
        assert!(!may_perform(DidActor::Holder, DidEvent::Activate));
        assert!(!may_perform(
            DidActor::Holder,
            DidEvent::Close(CloseReason::Hired)
        ));
        assert!(!may_perform(DidActor::Staff, DidEvent::Submit));
        assert!(may_perform(DidActor::Staff, DidEvent::Activate));
    }

    #[test]
    fn parses_posted_events_with_their_reasons() {
        assert_eq!(
            DidEvent::parse("suspend", Some("short_job")),
            Some(DidEvent::Suspend(SuspendReason::ShortJob))
        );
        assert_eq!(DidEvent::parse("suspend", None), None);
        assert_eq!(DidEvent::parse("close", Some("sacked")), None);
        assert_eq!(
            DidEvent::parse("close", Some(" moved ")),
            Some(DidEvent::Close(CloseReason::Moved))
        );
        for e in EVENTS {
            assert_eq!(DidEvent::parse(e.verb(), e.reason()), Some(e));
        }
    }

    #[test]
    fn age_bands_follow_the_birth_date() {
        let birth = CalendarDate::clamped(2000, 6, 15);
        assert_eq!(
            AgeBand::on(birth, CalendarDate::clamped(2025, 6, 14)),
            AgeBand::Under25
        );
        assert_eq!(
            AgeBand::on(birth, CalendarDate::clamped(2025, 6, 15)),
            AgeBand::From25To29
        );
        assert_eq!(AgeBand::of_age(55), AgeBand::From55);
    }

    #[test]
    fn steps_run_in_order() {
        assert_eq!(next_step(&[]), Some(DidStep::Residence));
        assert_eq!(
            next_step(&[DidStep::Residence, DidStep::Situation]),
            Some(DidStep::Profiling)
        );
        assert_eq!(next_step(&DidStep::ALL), None);
        assert_eq!(DidStep::Profiling.next(), None);
        for s in DidStep::ALL {
            assert_eq!(DidStep::parse(s.code()), Some(s));
        }
    }

    const TODAY: CalendarDate = CalendarDate::clamped(2026, 11, 27);

    #[test]
    fn cross_check_flags_a_registry_that_contradicts_the_code() {
        let code = CodiceFiscale::generate(
            "Rossi",
            "Mario",
            CalendarDate::clamped(1990, 3, 12),
            Sex::Male,
            Belfiore::parse("G478").expect("belfiore"),
        );
        let registry = RegistryIdentity {
            codice_fiscale: code.as_str().to_string(),
            given_name: "Mario".into(),
            family_name: "Rossi".into(),
            birth_date: CalendarDate::clamped(1990, 3, 12),
            sex: Sex::Male,
            birth_place: Belfiore::parse("G478").expect("belfiore"),
        };
        let (derived, mismatches) = cross_check_identity(&registry, TODAY);
        assert!(mismatches.is_empty(), "{mismatches:?}");
        assert_eq!(
            derived.map(|d| d.birth_date),
            Some(CalendarDate::clamped(1990, 3, 12))
        );
        let wrong = RegistryIdentity {
            birth_date: CalendarDate::clamped(1991, 3, 12),
            sex: Sex::Female,
            ..registry
        };
        let (_, mismatches) = cross_check_identity(&wrong, TODAY);
        assert!(mismatches.contains(&IdentityMismatch::BirthDate));
        assert!(mismatches.contains(&IdentityMismatch::Sex));
        let garbage = RegistryIdentity {
            codice_fiscale: "RSSMRA90C12G478X".into(),
            ..wrong
        };
        assert_eq!(
            cross_check_identity(&garbage, TODAY).1,
            vec![IdentityMismatch::InvalidCode]
        );
    }

    #[test]
    fn verification_codes_round_trip_through_typing() {
        let code = verification_code(&[0, 1, 2, 3, 31, 30, 29, 200, 255, 64, 7, 9]);
        assert_eq!(code.len(), VERIFICATION_CODE_LEN);
        let typed = format!(" {}-{} ", &code[..6].to_lowercase(), &code[6..]);
        assert_eq!(normalise_verification_code(&typed), Some(code));
        assert_eq!(normalise_verification_code("ABC"), None);
        assert_eq!(normalise_verification_code("IIIIIIIIIIII"), None);
    }

    proptest! {
        #[test]
        fn any_sequence_of_events_stays_on_the_map(
            picks in proptest::collection::vec(0usize..EVENTS.len(), 0..30)
        ) {
            let mut state = DidState::Draft;
            let mut was_closed = false;
            for i in picks {
                let event = EVENTS[i];
                match state.transition(event) {
                    Ok(next) => {
                        prop_assert!(!was_closed, "closed is terminal");
                        // Only a submission leaves the draft (or the draft is discarded).
                        if state == DidState::Draft {
                            prop_assert!(matches!(next, DidState::Submitted | DidState::Closed));
                        }
                        if next == DidState::Submitted {
                            prop_assert_eq!(state, DidState::Draft);
                        }
                        if next == DidState::Suspended {
                            prop_assert_eq!(state, DidState::Active);
                        }
                        state = next;
                        was_closed = state == DidState::Closed;
                    }
                    Err(e) => prop_assert_eq!(e, AppError::Conflict),
                }
            }
        }

        #[test]
        fn verification_codes_are_always_valid(bytes in proptest::array::uniform12(any::<u8>())) {
            let code = verification_code(&bytes);
            prop_assert_eq!(normalise_verification_code(&code), Some(code.clone()));
        }
    }
}
