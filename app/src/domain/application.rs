//! An application (candidatura) and its pipeline (DESIGN §3):
//! `applied → shortlisted → sent_to_company → interview → hired | not_selected(reason) | withdrawn`.
//! Who moves what: the company works the candidates it may see (those who applied, those the CPI
//! sent); the CPI preselects and sends; the candidate may withdraw at any time before the end. The
//! company sees a candidate's identity only once they applied or agreed to be sent.

use crate::error::{AppError, FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Applied,
    Shortlisted,
    SentToCompany,
    Interview,
    Hired,
    NotSelected,
    Withdrawn,
}

/// How the candidate arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationSource {
    /// They applied themselves (public posting).
    Applied,
    /// The CPI preselected them.
    Cpi,
}

/// Who asks for a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Company,
    Cpi,
    Candidate,
}

/// Structured reasons for "not selected": the company picks one, and chooses whether the candidate
/// sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotSelectedReason {
    ExperienceInsufficient,
    SkillsMissing,
    LanguageLevel,
    LicenceMissing,
    AvailabilityMismatch,
    SalaryExpectations,
    DidNotAttendInterview,
    PositionFilled,
    OtherCandidateChosen,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Applied,
        ApplicationStatus::Shortlisted,
        ApplicationStatus::SentToCompany,
        ApplicationStatus::Interview,
        ApplicationStatus::Hired,
        ApplicationStatus::NotSelected,
        ApplicationStatus::Withdrawn,
    ];

    /// The code stored in `application.status`.
    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Applied => "applied",
            ApplicationStatus::Shortlisted => "shortlisted",
            ApplicationStatus::SentToCompany => "sent_to_company",
            ApplicationStatus::Interview => "interview",
            ApplicationStatus::Hired => "hired",
            ApplicationStatus::NotSelected => "not_selected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Hired
                | ApplicationStatus::NotSelected
                | ApplicationStatus::Withdrawn
        )
    }

    /// Whether the company may see this candidate (and who they are). A CPI shortlist stays with
    /// the CPI until the candidate agrees to be sent.
    pub fn visible_to_company(self) -> bool {
        self != ApplicationStatus::Shortlisted
    }

    /// Checks a move by `mover` to `to`. `reason` is required for (and only for) `NotSelected`.
    /// `Conflict` when the pipeline does not allow the move from here; `Forbidden` when this mover
    /// may not make it.
    pub fn transition(
        self,
        to: ApplicationStatus,
        mover: Mover,
        reason: Option<NotSelectedReason>,
    ) -> Result<ApplicationStatus, AppError> {
        use ApplicationStatus as S;
        if self.is_final() || self == to {
            return Err(AppError::Conflict);
        }
        let allowed = match mover {
            Mover::Company => {
                matches!(self, S::Applied | S::SentToCompany | S::Interview)
                    && matches!(to, S::Interview | S::Hired | S::NotSelected)
            }
            Mover::Cpi => {
                matches!(
                    (self, to),
                    (S::Applied, S::Shortlisted)
                        | (S::Shortlisted, S::SentToCompany)
                        | (S::Shortlisted, S::NotSelected)
                )
            }
            Mover::Candidate => to == S::Withdrawn,
        };
        if !allowed {
            return Err(if mover == Mover::Company && !self.visible_to_company() {
                AppError::NotFound
            } else {
                AppError::Conflict
            });
        }
        match (to, reason) {
            (S::NotSelected, None) => Err(AppError::Validation {
                fields: vec![FieldError {
                    field: "reason".into(),
                    problem: FieldProblem::Required,
                }],
            }),
            (S::NotSelected, Some(_)) | (_, None) => Ok(to),
            (_, Some(_)) => Err(AppError::Validation {
                fields: vec![FieldError {
                    field: "reason".into(),
                    problem: FieldProblem::Invalid,
                }],
            }),
        }
    }
}

impl ApplicationSource {
    pub fn code(self) -> &'static str {
        match self {
            ApplicationSource::Applied => "applied",
            ApplicationSource::Cpi => "cpi",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicationSource> {
        [ApplicationSource::Applied, ApplicationSource::Cpi]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

impl NotSelectedReason {
    pub const ALL: [NotSelectedReason; 9] = [
        NotSelectedReason::ExperienceInsufficient,
        NotSelectedReason::SkillsMissing,
        NotSelectedReason::LanguageLevel,
        NotSelectedReason::LicenceMissing,
        NotSelectedReason::AvailabilityMismatch,
        NotSelectedReason::SalaryExpectations,
        NotSelectedReason::DidNotAttendInterview,
        NotSelectedReason::PositionFilled,
        NotSelectedReason::OtherCandidateChosen,
    ];

    /// The code stored in `application.reason_code`.
    pub fn code(self) -> &'static str {
        match self {
            NotSelectedReason::ExperienceInsufficient => "experience",
            NotSelectedReason::SkillsMissing => "skills",
            NotSelectedReason::LanguageLevel => "language",
            NotSelectedReason::LicenceMissing => "licence",
            NotSelectedReason::AvailabilityMismatch => "availability",
            NotSelectedReason::SalaryExpectations => "salary",
            NotSelectedReason::DidNotAttendInterview => "no_show",
            NotSelectedReason::PositionFilled => "position_filled",
            NotSelectedReason::OtherCandidateChosen => "other_candidate",
        }
    }

    pub fn parse(code: &str) -> Option<NotSelectedReason> {
        NotSelectedReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus as S;

    #[test]
    fn the_company_moves_visible_candidates_to_interview_and_hires() {
        let s = S::Applied
            .transition(S::Interview, Mover::Company, None)
            .expect("interview");
        assert_eq!(s.transition(S::Hired, Mover::Company, None), Ok(S::Hired));
        assert_eq!(
            S::SentToCompany.transition(S::Interview, Mover::Company, None),
            Ok(S::Interview)
        );
    }

    #[test]
    fn the_cpi_shortlist_is_not_the_companys_to_touch() {
        assert_eq!(
            S::Shortlisted.transition(S::Interview, Mover::Company, None),
            Err(AppError::NotFound)
        );
        assert_eq!(
            S::Shortlisted.transition(S::SentToCompany, Mover::Cpi, None),
            Ok(S::SentToCompany)
        );
        assert_eq!(
            S::Applied.transition(S::SentToCompany, Mover::Company, None),
            Err(AppError::Conflict)
        );
    }

    #[test]
    fn not_selected_needs_a_reason_and_nothing_else_takes_one() {
        assert!(matches!(
            S::Interview.transition(S::NotSelected, Mover::Company, None),
            Err(AppError::Validation { .. })
        ));
        assert_eq!(
            S::Interview.transition(
                S::NotSelected,
                Mover::Company,
                Some(NotSelectedReason::SkillsMissing)
            ),
            Ok(S::NotSelected)
        );
        assert!(matches!(
            S::Interview.transition(
                S::Hired,
                Mover::Company,
                Some(NotSelectedReason::SkillsMissing)
            ),
            Err(AppError::Validation { .. })
        ));
    }

    #[test]
    fn final_states_are_final_and_candidates_can_only_withdraw() {
        for from in [S::Hired, S::NotSelected, S::Withdrawn] {
            for to in S::ALL {
                for mover in [Mover::Company, Mover::Cpi, Mover::Candidate] {
                    assert!(
                        from.transition(to, mover, None).is_err(),
                        "{from:?}->{to:?}"
                    );
                }
            }
        }
        assert_eq!(
            S::Interview.transition(S::Withdrawn, Mover::Candidate, None),
            Ok(S::Withdrawn)
        );
        assert_eq!(
            S::Applied.transition(S::Hired, Mover::Candidate, None),
            Err(AppError::Conflict)
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
        }
        for r in NotSelectedReason::ALL {
            assert_eq!(NotSelectedReason::parse(r.code()), Some(r));
        }
        assert_eq!(
            ApplicationSource::parse("cpi"),
            Some(ApplicationSource::Cpi)
        );
    }
}
