//! A vacancy's life (DESIGN §3): `draft → submitted → in_review → published → closed | filled`.
//! The CPI of the company's seat reviews it: approve (published until `expires_on`), request changes
//! (a draft again, its wizard reopened at the step to change) or reject (closed). The company may
//! withdraw it before it is filled; a published vacancy past its date expires.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// How long a vacancy stays published when the operator does not choose.
pub const DEFAULT_PUBLICATION_DAYS: i64 = 60;
/// The longest publication an operator may grant.
pub const MAX_PUBLICATION_DAYS: i64 = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VacancyState {
    Draft,
    Submitted,
    InReview,
    Published,
    Closed,
    Filled,
}

/// Why a vacancy is closed (`vacancy.closed_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClosedReason {
    Filled,
    Withdrawn,
    Rejected,
    Expired,
}

/// What can happen to a vacancy; also the `vacancy_event.kind` it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VacancyEvent {
    Submit,
    StartReview,
    RequestChanges,
    /// A reopened draft submitted again.
    Resubmit,
    Approve,
    Reject,
    MarkFilled,
    Withdraw,
    Expire,
}

impl VacancyState {
    pub const ALL: [VacancyState; 6] = [
        VacancyState::Draft,
        VacancyState::Submitted,
        VacancyState::InReview,
        VacancyState::Published,
        VacancyState::Closed,
        VacancyState::Filled,
    ];

    /// The code stored in `vacancy.status`.
    pub fn code(self) -> &'static str {
        match self {
            VacancyState::Draft => "draft",
            VacancyState::Submitted => "submitted",
            VacancyState::InReview => "in_review",
            VacancyState::Published => "published",
            VacancyState::Closed => "closed",
            VacancyState::Filled => "filled",
        }
    }

    pub fn parse(code: &str) -> Option<VacancyState> {
        VacancyState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Open vacancies: the ones a new vacancy may duplicate, and the ones that count as active.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            VacancyState::Submitted | VacancyState::InReview | VacancyState::Published
        )
    }

    /// Waiting for the CPI's review.
    pub fn awaits_review(self) -> bool {
        matches!(self, VacancyState::Submitted | VacancyState::InReview)
    }

    /// The state after `event`, or `Conflict` when the vacancy's state does not allow it.
    pub fn transition(self, event: VacancyEvent) -> Result<VacancyState, AppError> {
        use VacancyEvent as E;
        use VacancyState as S;
        let next = match (self, event) {
            (S::Draft, E::Submit | E::Resubmit) => S::Submitted,
            (S::Submitted, E::StartReview) => S::InReview,
            (S::Submitted | S::InReview, E::RequestChanges) => S::Draft,
            (S::Submitted | S::InReview, E::Approve) => S::Published,
            (S::Submitted | S::InReview, E::Reject) => S::Closed,
            (S::Published, E::MarkFilled) => S::Filled,
            (S::Draft | S::Submitted | S::InReview | S::Published, E::Withdraw) => S::Closed,
            (S::Published, E::Expire) => S::Closed,
            _ => return Err(AppError::Conflict),
        };
        Ok(next)
    }
}

impl VacancyEvent {
    pub const ALL: [VacancyEvent; 9] = [
        VacancyEvent::Submit,
        VacancyEvent::StartReview,
        VacancyEvent::RequestChanges,
        VacancyEvent::Resubmit,
        VacancyEvent::Approve,
        VacancyEvent::Reject,
        VacancyEvent::MarkFilled,
        VacancyEvent::Withdraw,
        VacancyEvent::Expire,
    ];

    /// The code stored in `vacancy_event.kind`.
    pub fn code(self) -> &'static str {
        match self {
            VacancyEvent::Submit => "submitted",
            VacancyEvent::StartReview => "review_started",
            VacancyEvent::RequestChanges => "changes_requested",
            VacancyEvent::Resubmit => "resubmitted",
            VacancyEvent::Approve => "approved",
            VacancyEvent::Reject => "rejected",
            VacancyEvent::MarkFilled => "filled",
            VacancyEvent::Withdraw => "withdrawn",
            VacancyEvent::Expire => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<VacancyEvent> {
        VacancyEvent::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The `closed_reason` this event records, if it ends the vacancy.
    pub fn closed_reason(self) -> Option<ClosedReason> {
        match self {
            VacancyEvent::MarkFilled => Some(ClosedReason::Filled),
            VacancyEvent::Withdraw => Some(ClosedReason::Withdrawn),
            VacancyEvent::Reject => Some(ClosedReason::Rejected),
            VacancyEvent::Expire => Some(ClosedReason::Expired),
            _ => None,
        }
    }
}

impl ClosedReason {
    pub const ALL: [ClosedReason; 4] = [
        ClosedReason::Filled,
        ClosedReason::Withdrawn,
        ClosedReason::Rejected,
        ClosedReason::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClosedReason::Filled => "filled",
            ClosedReason::Withdrawn => "withdrawn",
            ClosedReason::Rejected => "rejected",
            ClosedReason::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<ClosedReason> {
        ClosedReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VacancyEvent as E;
    use VacancyState as S;

    #[test]
    fn the_happy_path_goes_from_draft_to_filled() {
        let mut s = S::Draft;
        for (event, expected) in [
            (E::Submit, S::Submitted),
            (E::StartReview, S::InReview),
            (E::Approve, S::Published),
            (E::MarkFilled, S::Filled),
        ] {
            s = s.transition(event).expect("allowed");
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn changes_requested_reopen_the_draft_which_can_be_resubmitted() {
        let s = S::InReview.transition(E::RequestChanges).expect("allowed");
        assert_eq!(s, S::Draft);
        assert_eq!(s.transition(E::Resubmit), Ok(S::Submitted));
    }

    #[test]
    fn final_states_accept_nothing() {
        for state in [S::Closed, S::Filled] {
            for event in E::ALL {
                assert_eq!(
                    state.transition(event),
                    Err(AppError::Conflict),
                    "{state:?} {event:?}"
                );
            }
        }
    }

    #[test]
    fn only_reviewable_vacancies_are_approved_or_rejected() {
        for state in S::ALL {
            let reviewable = state.awaits_review();
            assert_eq!(
                state.transition(E::Approve).is_ok(),
                reviewable,
                "{state:?}"
            );
            assert_eq!(state.transition(E::Reject).is_ok(), reviewable, "{state:?}");
        }
        assert_eq!(S::Draft.transition(E::MarkFilled), Err(AppError::Conflict));
        assert_eq!(S::Submitted.transition(E::Expire), Err(AppError::Conflict));
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
        }
        for e in E::ALL {
            assert_eq!(E::parse(e.code()), Some(e));
        }
        for r in ClosedReason::ALL {
            assert_eq!(ClosedReason::parse(r.code()), Some(r));
        }
        assert_eq!(S::parse("published "), None);
    }

    #[test]
    fn ending_events_record_their_reason() {
        assert_eq!(E::Reject.closed_reason(), Some(ClosedReason::Rejected));
        assert_eq!(E::Approve.closed_reason(), None);
    }
}
