//! Tickets (pratiche) of the virtual counter: their protocol numbers, their states and the moves
//! between them, the SLA clock that stops while the CPI waits for the requester, and the estimated
//! wait shown to people in the queue. Pure: the store keeps the state, these types decide the moves.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A protocol number, `PG-2026-000123`: the CPI's code, the year, and a number that restarts at 1
/// every year in every CPI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketNumber(String);

/// Digits of the running number; a CPI would need a million requests a year to run out.
const NUMBER_DIGITS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a protocol number")]
pub struct TicketNumberError;

impl TicketNumber {
    /// The number `n` (from 1) of `cpi` in `year`.
    pub fn new(cpi: &str, year: i64, n: i64) -> Result<TicketNumber, TicketNumberError> {
        let cpi_ok = (2..=4).contains(&cpi.len()) && cpi.bytes().all(|b| b.is_ascii_uppercase());
        if !cpi_ok || !(2000..=9999).contains(&year) || !(1..1_000_000).contains(&n) {
            return Err(TicketNumberError);
        }
        Ok(TicketNumber(format!("{cpi}-{year}-{n:0NUMBER_DIGITS$}")))
    }

    pub fn parse(text: &str) -> Result<TicketNumber, TicketNumberError> {
        let mut parts = text.trim().split('-');
        let (Some(cpi), Some(year), Some(n), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TicketNumberError);
        };
        if year.len() != 4 || n.len() != NUMBER_DIGITS || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNumberError);
        }
        let year = year.parse().map_err(|_| TicketNumberError)?;
        let n = n.parse().map_err(|_| TicketNumberError)?;
        TicketNumber::new(cpi, year, n)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_traits!(TicketNumber, TicketNumberError);

/// Where a ticket stands (DESIGN §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketState {
    /// Waiting in its queue.
    Open,
    /// An operator is working on it.
    InProgress,
    /// The CPI asked the requester for something; the SLA clock is stopped.
    WaitingForRequester,
    Closed,
}

/// How a ticket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketOutcome {
    /// Done: what was asked was given.
    Resolved,
    /// Sent on to another office or service.
    Referred,
    /// The requester does not meet the service's conditions.
    NotEligible,
    /// The requester withdrew it.
    Withdrawn,
    /// The requester did not answer what the CPI asked.
    NoReply,
}

impl TicketOutcome {
    pub const ALL: [TicketOutcome; 5] = [
        TicketOutcome::Resolved,
        TicketOutcome::Referred,
        TicketOutcome::NotEligible,
        TicketOutcome::Withdrawn,
        TicketOutcome::NoReply,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketOutcome::Resolved => "resolved",
            TicketOutcome::Referred => "referred",
            TicketOutcome::NotEligible => "not_eligible",
            TicketOutcome::Withdrawn => "withdrawn",
            TicketOutcome::NoReply => "no_reply",
        }
    }

    pub fn parse(code: &str) -> Option<TicketOutcome> {
        TicketOutcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Something that happens to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEvent {
    /// An operator takes it (call next, pick, or assignment).
    Take,
    /// The operator asks the requester for documents or information.
    AskRequester,
    /// The requester answered (a message or a document).
    RequesterAnswered,
    /// Back to the queue, e.g. transferred to another CPI or service.
    Requeue,
    Close(TicketOutcome),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {state:?} ticket cannot take {event:?}")]
pub struct IllegalMove {
    pub state: TicketState,
    pub event: TicketEvent,
}

impl TicketState {
    pub fn code(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::InProgress => "in_progress",
            TicketState::WaitingForRequester => "waiting_for_requester",
            TicketState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<TicketState> {
        [
            TicketState::Open,
            TicketState::InProgress,
            TicketState::WaitingForRequester,
            TicketState::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The state after `event`, or why it cannot happen.
    pub fn transition(self, event: TicketEvent) -> Result<TicketState, IllegalMove> {
        use TicketEvent as E;
        use TicketState as S;
        let next = match (self, event) {
            (S::Open | S::InProgress, E::Take) => S::InProgress,
            (S::InProgress | S::WaitingForRequester, E::AskRequester) => S::WaitingForRequester,
            (S::WaitingForRequester, E::RequesterAnswered) => S::InProgress,
            (S::InProgress | S::WaitingForRequester, E::Requeue) => S::Open,
            (S::Open | S::InProgress | S::WaitingForRequester, E::Close(outcome)) => {
                // Only the requester withdraws an open ticket; staff close what they worked on.
                if self == S::Open && outcome != TicketOutcome::Withdrawn {
                    return Err(IllegalMove { state: self, event });
                }
                S::Closed
            }
            _ => return Err(IllegalMove { state: self, event }),
        };
        Ok(next)
    }

    /// Whether the SLA clock runs in this state.
    pub fn clock_runs(self) -> bool {
        matches!(self, TicketState::Open | TicketState::InProgress)
    }
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a ticket stands against its service's promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaState {
    /// Well inside the promise.
    OnTime,
    /// Less than a fifth of the allowance left.
    DueSoon,
    Overdue,
    /// The clock is stopped: the CPI waits for the requester.
    Paused,
    /// The service promises no delay, or the ticket is closed.
    NotApplicable,
}

const MS_PER_DAY: i64 = 86_400_000;

/// The SLA state of a ticket: `elapsed_ms` is the time the clock ran (submission to now, minus the
/// paused time); the allowance is counted in calendar days here (working days × 7/5, rounded up),
/// a deliberate simplification until the region's holiday calendar is configured.
pub fn sla_state(state: TicketState, sla_working_days: Option<u8>, elapsed_ms: i64) -> SlaState {
    let Some(days) = sla_working_days else {
        return SlaState::NotApplicable;
    };
    match state {
        TicketState::Closed => return SlaState::NotApplicable,
        TicketState::WaitingForRequester => return SlaState::Paused,
        _ => {}
    }
    let allowance = sla_allowance_ms(days);
    if elapsed_ms >= allowance {
        SlaState::Overdue
    } else if (allowance - elapsed_ms) * 5 < allowance {
        SlaState::DueSoon
    } else {
        SlaState::OnTime
    }
}

/// The allowance of `working_days` in milliseconds of calendar time.
pub fn sla_allowance_ms(working_days: u8) -> i64 {
    let calendar_days = (i64::from(working_days) * 7 + 4) / 5;
    calendar_days * MS_PER_DAY
}

/// How long a requester at `position` (1 = next) should expect to wait, in minutes, from the
/// handling times of recent tickets of the same queue (`recent_ms`: how long each waited from
/// submission to being taken, newest first) and the number of tickets waiting at the time.
///
/// Estimate: the median recent time between two tickets being taken, times the position. The
/// median keeps one ticket forgotten for a week from moving everyone's estimate. Without history
/// there is no estimate (`None`), and the page says so instead of inventing a number.
pub fn estimated_wait_minutes(position: u32, recent_intervals_ms: &[i64]) -> Option<u32> {
    if position == 0 || recent_intervals_ms.is_empty() {
        return None;
    }
    let mut sorted: Vec<i64> = recent_intervals_ms.iter().map(|v| (*v).max(0)).collect();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2
    } else {
        sorted[mid]
    };
    let total_minutes = (median.saturating_mul(i64::from(position)) + 59_999) / 60_000;
    Some(u32::try_from(total_minutes).unwrap_or(u32::MAX))
}

/// Intervals between consecutive "taken" instants (milliseconds since epoch, any order): how
/// often the queue moved recently.
pub fn take_intervals(mut taken_at_ms: Vec<i64>) -> Vec<i64> {
    taken_at_ms.sort_unstable();
    taken_at_ms.windows(2).map(|w| w[1] - w[0]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_protocol_numbers() {
        let n = TicketNumber::new("PG", 2026, 123).unwrap();
        assert_eq!(n.as_str(), "PG-2026-000123");
        assert_eq!(TicketNumber::parse("PG-2026-000123").unwrap(), n);
        for bad in [
            "PG-2026-123",
            "pg-2026-000123",
            "PG-26-000123",
            "PG-2026-000000",
            "PG-2026-0001234",
            "PG2026000123",
            "PG-2026-000123-1",
            "",
        ] {
            assert!(TicketNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tickets_move_only_along_the_state_machine() {
        use TicketEvent as E;
        use TicketState as S;
        assert_eq!(S::Open.transition(E::Take), Ok(S::InProgress));
        assert_eq!(
            S::InProgress.transition(E::AskRequester),
            Ok(S::WaitingForRequester)
        );
        assert_eq!(
            S::WaitingForRequester.transition(E::RequesterAnswered),
            Ok(S::InProgress)
        );
        assert_eq!(S::InProgress.transition(E::Requeue), Ok(S::Open));
        assert_eq!(
            S::InProgress.transition(E::Close(TicketOutcome::Resolved)),
            Ok(S::Closed)
        );
        assert_eq!(
            S::Open.transition(E::Close(TicketOutcome::Withdrawn)),
            Ok(S::Closed)
        );
        assert!(S::Open
            .transition(E::Close(TicketOutcome::Resolved))
            .is_err());
        assert!(S::Open.transition(E::AskRequester).is_err());
        assert!(S::Closed.transition(E::Take).is_err());
        assert!(S::Closed.transition(E::Requeue).is_err());
        assert!(S::InProgress.transition(E::RequesterAnswered).is_err());
    }

    #[test]
    fn sla_clock_stops_while_waiting_for_the_requester() {
        let five = Some(5);
        assert_eq!(sla_allowance_ms(5), 7 * MS_PER_DAY);
        assert_eq!(sla_state(TicketState::Open, five, 0), SlaState::OnTime);
        assert_eq!(
            sla_state(TicketState::InProgress, five, 6 * MS_PER_DAY),
            SlaState::DueSoon
        );
        assert_eq!(
            sla_state(TicketState::Open, five, 7 * MS_PER_DAY),
            SlaState::Overdue
        );
        assert_eq!(
            sla_state(TicketState::WaitingForRequester, five, 9 * MS_PER_DAY),
            SlaState::Paused
        );
        assert_eq!(
            sla_state(TicketState::Open, None, 9 * MS_PER_DAY),
            SlaState::NotApplicable
        );
    }

    #[test]
    fn estimated_wait_uses_the_median_interval() {
        assert_eq!(estimated_wait_minutes(3, &[]), None);
        assert_eq!(estimated_wait_minutes(0, &[60_000]), None);
        // Median of 2, 4 and 600 minutes is 4: one stuck ticket does not move the estimate.
        let intervals = [120_000, 240_000, 36_000_000];
        assert_eq!(estimated_wait_minutes(1, &intervals), Some(4));
        assert_eq!(estimated_wait_minutes(5, &intervals), Some(20));
        assert_eq!(take_intervals(vec![300, 100, 200]), vec![100, 100]);
    }
}
