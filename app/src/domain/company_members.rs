//! The rules of a company's membership (issue 4): who may claim a company, what an invitation is
//! worth over time, and the moves that must never leave a company without an administrator. Pure;
//! the store keeps the rows, `api/companies.rs` applies these answers. The claim rules are written
//! out for people in `docs/company-claims.md`.

use super::session_policy::Timestamp;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How long an invitation stays open: two weeks, enough for someone who logs in once a week.
pub const INVITATION_VALIDITY: Duration = Duration::from_secs(14 * 24 * 60 * 60);

/// A member's role in their company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MemberRole {
    /// Manages members and vacancies; the legal representative is the first one.
    Admin,
    /// Works on vacancies; cannot manage members.
    Recruiter,
}

impl MemberRole {
    pub const ALL: [MemberRole; 2] = [MemberRole::Admin, MemberRole::Recruiter];

    /// The stable code stored in `company_invitation.role` and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Admin => "admin",
            MemberRole::Recruiter => "recruiter",
        }
    }

    pub fn parse(code: &str) -> Option<MemberRole> {
        MemberRole::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
    }
}

/// What a claim rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimBasis {
    /// Demo mode: the claimant is believed.
    DemoTrusted,
    /// A real deployment: the business register (registro imprese) must confirm the claimant is
    /// the legal representative before anything is granted.
    RegistroImprese,
}

impl ClaimBasis {
    pub fn code(self) -> &'static str {
        match self {
            ClaimBasis::DemoTrusted => "demo_trusted",
            ClaimBasis::RegistroImprese => "registro_imprese",
        }
    }
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimState {
    /// Recorded, waiting for the register check; grants nothing.
    Pending,
    /// The claimant became the company's administrator.
    Granted,
    /// The check said no.
    Refused,
}

impl ClaimState {
    pub fn code(self) -> &'static str {
        match self {
            ClaimState::Pending => "pending",
            ClaimState::Granted => "granted",
            ClaimState::Refused => "refused",
        }
    }

    pub fn parse(code: &str) -> Option<ClaimState> {
        [
            ClaimState::Pending,
            ClaimState::Granted,
            ClaimState::Refused,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Why a claim is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRefusal {
    /// The company already has an administrator: a claim never takes a company over. The sitting
    /// administrators invite the claimant, or the CPI sorts it out with the register in hand.
    AlreadyAdministered,
    /// The claimant already has a claim on this company waiting for the check.
    AlreadyPending,
}

/// The decision on a claim: in demo mode it is granted at once, otherwise it waits for the
/// register check; either way a company with an administrator cannot be claimed.
pub fn decide_claim(
    demo_mode: bool,
    has_administrator: bool,
    claimant_has_pending_claim: bool,
) -> Result<(ClaimBasis, ClaimState), ClaimRefusal> {
    if has_administrator {
        return Err(ClaimRefusal::AlreadyAdministered);
    }
    if claimant_has_pending_claim {
        return Err(ClaimRefusal::AlreadyPending);
    }
    Ok(if demo_mode {
        (ClaimBasis::DemoTrusted, ClaimState::Granted)
    } else {
        (ClaimBasis::RegistroImprese, ClaimState::Pending)
    })
}

/// The instants that decide whether an invitation may still be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationTimes {
    pub expires_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl InvitationTimes {
    /// Open at `now`: not accepted, not revoked, not expired (expiry is exclusive).
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && now < self.expires_at
    }
}

/// The role a person has after accepting an invitation for `invited`, given the role they hold in
/// that company now. Accepting never lowers a role: an administrator invited as recruiter stays
/// administrator (lowering could leave the company without one).
pub fn role_after_accepting(current: Option<MemberRole>, invited: MemberRole) -> MemberRole {
    match (current, invited) {
        (Some(MemberRole::Admin), _) | (_, MemberRole::Admin) => MemberRole::Admin,
        _ => MemberRole::Recruiter,
    }
}

/// Whether a member may be removed: anyone but the last administrator, so a company always keeps
/// someone who can manage it (an administrator may leave once another one exists).
pub fn removal_allowed(member_role: MemberRole, administrators: usize) -> bool {
    member_role != MemberRole::Admin || administrators > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_iso(s).expect("instant")
    }

    #[test]
    fn claims_are_granted_in_demo_and_pending_otherwise() {
        assert_eq!(
            decide_claim(true, false, false),
            Ok((ClaimBasis::DemoTrusted, ClaimState::Granted))
        );
        assert_eq!(
            decide_claim(false, false, false),
            Ok((ClaimBasis::RegistroImprese, ClaimState::Pending))
        );
    }

    #[test]
    fn a_claim_never_takes_over_an_administered_company() {
        for demo in [true, false] {
            for pending in [true, false] {
                assert_eq!(
                    decide_claim(demo, true, pending),
                    Err(ClaimRefusal::AlreadyAdministered)
                );
            }
        }
    }

    #[test]
    fn a_second_pending_claim_is_refused() {
        assert_eq!(
            decide_claim(false, false, true),
            Err(ClaimRefusal::AlreadyPending)
        );
    }

    #[test]
    fn invitation_is_open_until_expiry_acceptance_or_revocation() {
        let expires_at = at("2026-12-11T09:00:00.000Z");
        let open = InvitationTimes {
            expires_at,
            accepted_at: None,
            revoked_at: None,
        };
        assert!(open.is_open(at("2026-12-11T08:59:59.999Z")));
        assert!(!open.is_open(expires_at));
        let accepted = InvitationTimes {
            accepted_at: Some(at("2026-12-01T00:00:00.000Z")),
            ..open
        };
        assert!(!accepted.is_open(at("2026-12-02T00:00:00.000Z")));
        let revoked = InvitationTimes {
            revoked_at: Some(at("2026-12-01T00:00:00.000Z")),
            ..open
        };
        assert!(!revoked.is_open(at("2026-12-02T00:00:00.000Z")));
    }

    #[test]
    fn accepting_never_lowers_a_role() {
        use MemberRole::*;
        let table = [
            (None, Recruiter, Recruiter),
            (None, Admin, Admin),
            (Some(Recruiter), Recruiter, Recruiter),
            (Some(Recruiter), Admin, Admin),
            (Some(Admin), Recruiter, Admin),
            (Some(Admin), Admin, Admin),
        ];
        for (current, invited, expected) in table {
            assert_eq!(role_after_accepting(current, invited), expected);
        }
    }

    #[test]
    fn the_last_administrator_cannot_be_removed() {
        assert!(!removal_allowed(MemberRole::Admin, 1));
        assert!(removal_allowed(MemberRole::Admin, 2));
        assert!(removal_allowed(MemberRole::Recruiter, 1));
    }

    #[test]
    fn roles_read_back_from_their_codes() {
        for role in MemberRole::ALL {
            assert_eq!(MemberRole::parse(role.code()), Some(role));
        }
        assert_eq!(MemberRole::parse("owner"), None);
    }
}
