//! The service pact (patto di servizio, issue 7): a shared plan of goals and actions with deadlines,
//! agreed between a person and their CPI (DESIGN §3). Rules, written down:
//! - **Staff propose, the person agrees.** An operator proposes an item; the person (or their
//!   intermediary under a DID mandate) agrees — the item is then locked — or disputes it with a
//!   message; the operator revises a disputed (or still proposed) item, which is proposed again.
//! - **Done needs evidence** and an agreed item. The person marks their own *actions* done; staff
//!   may mark any agreed item done.
//! - **Signing** is the person's, once every item is agreed or done (and there is at least one);
//!   it gives a receipt. A new item proposed after signing reopens the pact (`proposed`) and it is
//!   signed again.
//! - **Nothing is ever deleted**: items only change state and every move appends a history row.

use crate::domain::appointment::Day;
use crate::error::{AppError, FieldProblem};
use serde::{Deserialize, Serialize};

/// The longest text of an item.
pub const MAX_ITEM_TEXT: usize = 500;
/// The longest dispute message or evidence note.
pub const MAX_NOTE: usize = 1000;

/// Which side of the pact an actor is on, from the policy's basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The person, or an intermediary acting for them.
    Person,
    /// The CPI's operators and supervisors.
    Staff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    Goal,
    Action,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemState {
    Proposed,
    Agreed,
    Done,
    Disputed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PactState {
    Draft,
    Proposed,
    Signed,
    Closed,
}

/// A move on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemMove {
    Agree,
    Dispute,
    Revise,
    Done,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Person => "person",
            Side::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Option<Side> {
        [Side::Person, Side::Staff]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

impl ItemKind {
    pub const ALL: [ItemKind; 2] = [ItemKind::Goal, ItemKind::Action];

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Goal => "goal",
            ItemKind::Action => "action",
        }
    }

    pub fn parse(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl ItemState {
    pub const ALL: [ItemState; 4] = [
        ItemState::Proposed,
        ItemState::Agreed,
        ItemState::Done,
        ItemState::Disputed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemState::Proposed => "proposed",
            ItemState::Agreed => "agreed",
            ItemState::Done => "done",
            ItemState::Disputed => "disputed",
        }
    }

    pub fn parse(code: &str) -> Option<ItemState> {
        ItemState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the item still needs work (counts as open on the caseload and can be overdue).
    pub fn is_open(self) -> bool {
        self != ItemState::Done
    }

    /// Checks `m` by `side` on an item of `kind` in this state. `Forbidden`: this side never makes
    /// this move (the actor may see the item); `Conflict`: not from this state (an agreed item is
    /// locked, a done one final).
    pub fn transition(
        self,
        m: ItemMove,
        side: Side,
        kind: ItemKind,
    ) -> Result<ItemState, AppError> {
        use ItemState as S;
        let side_may = match m {
            ItemMove::Agree | ItemMove::Dispute => side == Side::Person,
            ItemMove::Revise => side == Side::Staff,
            ItemMove::Done => side == Side::Staff || kind == ItemKind::Action,
        };
        if !side_may {
            return Err(AppError::Forbidden);
        }
        match (self, m) {
            (S::Proposed, ItemMove::Agree) => Ok(S::Agreed),
            (S::Proposed, ItemMove::Dispute) => Ok(S::Disputed),
            (S::Proposed | S::Disputed, ItemMove::Revise) => Ok(S::Proposed),
            (S::Agreed, ItemMove::Done) => Ok(S::Done),
            _ => Err(AppError::Conflict),
        }
    }
}

impl PactState {
    pub fn code(self) -> &'static str {
        match self {
            PactState::Draft => "draft",
            PactState::Proposed => "proposed",
            PactState::Signed => "signed",
            PactState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<PactState> {
        [
            PactState::Draft,
            PactState::Proposed,
            PactState::Signed,
            PactState::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Whether a pact whose items are in `items` may be signed now: not closed nor already signed as
/// it stands, at least one item, and every item agreed or done.
pub fn may_sign(state: PactState, items: &[ItemState]) -> bool {
    matches!(state, PactState::Draft | PactState::Proposed)
        && !items.is_empty()
        && items
            .iter()
            .all(|s| matches!(s, ItemState::Agreed | ItemState::Done))
}

/// Whether an item is overdue on `today`: still open and its deadline passed.
pub fn is_overdue(state: ItemState, deadline: Day, today: Day) -> bool {
    state.is_open() && deadline < today
}

/// A required free text of at most `max` characters, trimmed.
pub fn parse_text(field: &str, text: &str, max: usize) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    if text.chars().count() > max {
        return Err(AppError::field(
            field,
            FieldProblem::TooLong {
                max: u32::try_from(max).unwrap_or(u32::MAX),
            },
        ));
    }
    Ok(text.to_string())
}

/// A deadline: an ISO date not before `today`.
pub fn parse_deadline(text: &str, today: Day) -> Result<Day, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field("deadline", FieldProblem::Required));
    }
    Day::parse(text)
        .filter(|d| *d >= today)
        .ok_or_else(|| AppError::invalid("deadline"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ItemState as S;

    #[test]
    fn the_person_agrees_or_disputes_a_proposal_and_staff_revise_a_dispute() {
        let k = ItemKind::Goal;
        assert_eq!(
            S::Proposed.transition(ItemMove::Agree, Side::Person, k),
            Ok(S::Agreed)
        );
        let disputed = S::Proposed
            .transition(ItemMove::Dispute, Side::Person, k)
            .expect("dispute");
        assert_eq!(disputed, S::Disputed);
        assert_eq!(
            disputed.transition(ItemMove::Revise, Side::Staff, k),
            Ok(S::Proposed)
        );
    }

    #[test]
    fn an_agreed_item_is_locked_and_a_done_one_final() {
        for k in ItemKind::ALL {
            assert_eq!(
                S::Agreed.transition(ItemMove::Revise, Side::Staff, k),
                Err(AppError::Conflict)
            );
            assert_eq!(
                S::Agreed.transition(ItemMove::Dispute, Side::Person, k),
                Err(AppError::Conflict)
            );
            for m in [ItemMove::Agree, ItemMove::Revise, ItemMove::Done] {
                assert!(S::Done.transition(m, Side::Staff, k).is_err());
                assert!(S::Done.transition(m, Side::Person, k).is_err());
            }
        }
    }

    #[test]
    fn each_side_makes_only_its_own_moves() {
        let k = ItemKind::Action;
        assert_eq!(
            S::Proposed.transition(ItemMove::Agree, Side::Staff, k),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            S::Disputed.transition(ItemMove::Revise, Side::Person, k),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            S::Agreed.transition(ItemMove::Done, Side::Person, ItemKind::Goal),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            S::Agreed.transition(ItemMove::Done, Side::Person, ItemKind::Action),
            Ok(S::Done)
        );
        assert_eq!(
            S::Agreed.transition(ItemMove::Done, Side::Staff, ItemKind::Goal),
            Ok(S::Done)
        );
    }

    #[test]
    fn signing_needs_every_item_agreed_or_done() {
        use PactState as P;
        assert!(!may_sign(P::Proposed, &[]));
        assert!(may_sign(P::Proposed, &[S::Agreed, S::Done]));
        assert!(!may_sign(P::Proposed, &[S::Agreed, S::Disputed]));
        assert!(!may_sign(P::Signed, &[S::Agreed]));
        assert!(!may_sign(P::Closed, &[S::Agreed]));
    }

    #[test]
    fn deadlines_are_dates_from_today_on() {
        let today = Day::parse("2026-11-27").expect("day");
        assert_eq!(parse_deadline("2026-11-27", today), Ok(today));
        assert!(parse_deadline("2026-11-26", today).is_err());
        assert!(parse_deadline("27/11/2026", today).is_err());
        assert!(matches!(
            parse_deadline(" ", today),
            Err(AppError::Validation { .. })
        ));
        assert!(is_overdue(S::Agreed, Day(today.0 - 1), today));
        assert!(!is_overdue(S::Done, Day(today.0 - 1), today));
        assert!(!is_overdue(S::Proposed, today, today));
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
        }
        for k in ItemKind::ALL {
            assert_eq!(ItemKind::parse(k.code()), Some(k));
        }
        for p in [
            PactState::Draft,
            PactState::Proposed,
            PactState::Signed,
            PactState::Closed,
        ] {
            assert_eq!(PactState::parse(p.code()), Some(p));
        }
        assert_eq!(Side::parse("staff"), Some(Side::Staff));
    }

    fn a_move() -> impl Strategy<Value = (ItemMove, Side, ItemKind)> {
        (
            prop::sample::select(vec![
                ItemMove::Agree,
                ItemMove::Dispute,
                ItemMove::Revise,
                ItemMove::Done,
            ]),
            prop::sample::select(vec![Side::Person, Side::Staff]),
            prop::sample::select(ItemKind::ALL.to_vec()),
        )
    }

    proptest! {
        /// Whatever sequence of moves is tried, an item once agreed never goes back to proposed or
        /// disputed (it is locked), done is final, and only staff ever bring an item back to
        /// proposed.
        #[test]
        fn agreed_items_stay_locked(moves in prop::collection::vec(a_move(), 0..40)) {
            let mut state = S::Proposed;
            let mut was_agreed = false;
            for (m, side, kind) in moves {
                let before = state;
                if let Ok(next) = state.transition(m, side, kind) {
                    if next == S::Proposed {
                        prop_assert_eq!(side, Side::Staff);
                    }
                    state = next;
                }
                if before == S::Done {
                    prop_assert_eq!(state, S::Done);
                }
                was_agreed |= state == S::Agreed;
                if was_agreed {
                    prop_assert!(matches!(state, S::Agreed | S::Done));
                }
            }
        }
    }
}
