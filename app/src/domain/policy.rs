//! Who may do what to which object: the one place that decides (issue 4). Every server function
//! builds the [`Actor`] from its session, describes the [`Object`] with the facts it loaded (owner,
//! competent CPI, company, organisation) and asks [`may`] before touching anything else.
//!
//! Pure: no IO, and the caller passes `now`, so a mandate revoked a moment ago stops working for
//! the very next decision, including one for a request already in flight.
//!
//! Choices the issue left open, written down:
//! - **Other people's objects answer `NotFound`.** `Forbidden` is only for objects whose existence
//!   the actor may already know: public data and the configuration pages, the audit log as a whole,
//!   and objects the actor may see but not change in this way (a recruiter managing the members of
//!   their own company, a citizen deleting their own audit trail).
//! - **Anonymous visitors** read public data only; anything else answers `Unauthenticated`, which
//!   depends on no fact about the object and so reveals nothing.
//! - **Admins configure** (CPIs, services, reference data, users' role grants) but read no
//!   citizen's personal data, no person, company, vacancy, ticket, mandate or audit row: no rule
//!   requires it, and the support cases that would need it go through a CPI operator.
//! - **Auditors** read the audit log and nothing else except what is public to everyone.
//! - **Supervisors** may do what any operator may, in every CPI, and search the audit log.
//! - **Acting for someone narrows the actor:** while `acting_for` is set only intermediary grants
//!   count (plus public data), so every allowed step carries the mandate and the audit row can say
//!   "acting for X under mandate M". An actor with no intermediary grant of the mandate's
//!   organisation gets nothing from the mandate.
//! - **Mandates** are in force from `valid_from` (inclusive) to `valid_to` (exclusive), until
//!   `revoked_at` (from that instant on), and never longer than [`MAX_MANDATE_DURATION`]; a longer
//!   one is treated as not in force rather than trusted. The organisation's intermediaries read
//!   their organisation's mandates (the clients' dashboard) whatever their state; only the
//!   delegator grants and revokes.
//! - **Companies' access to candidates** goes through applications, which are not modelled here
//!   yet: company members get no personal data from this module.
//! - Disabled accounts never reach the policy: disabling ends the sessions (store/users.rs).

use super::session_policy::Timestamp;
use std::collections::BTreeSet;
use std::time::Duration;

#[cfg(test)]
mod tests;

/// The longest a mandate may last: one year, counted as 366 days so a year spanning 29 February
/// still fits.
pub const MAX_MANDATE_DURATION: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// An account (`app_user.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserId(pub i64);

/// A person, the citizen (`person.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(pub i64);

/// A company (`company.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompanyId(pub i64);

/// An accredited intermediary organisation: patronato, union, trade association, comune desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrganisationId(pub i64);

/// A mandate (delega).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MandateId(pub i64);

/// A CPI's code (`cpi.code`, e.g. `PG`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CpiCode(pub String);

/// One active role grant with the scope it needs, as in `store::users::Grant`; a citizen carries
/// the person their account belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    Citizen {
        person_id: PersonId,
    },
    /// Manages the company's members and vacancies.
    CompanyAdmin {
        company_id: CompanyId,
    },
    /// Works on the company's vacancies; cannot manage members.
    CompanyRecruiter {
        company_id: CompanyId,
    },
    /// Staff of one CPI: that CPI's people, queues and vacancies only.
    Operator {
        cpi: CpiCode,
    },
    /// Regional supervisor: what an operator may, in every CPI, and the audit log.
    Supervisor,
    /// A person of an accredited organisation: acts for citizens only under a mandate.
    Intermediary {
        organisation_id: OrganisationId,
    },
    /// Configures the service; reads no personal data.
    Admin,
    /// Reads the audit log only.
    Auditor,
}

/// The services a citizen can entrust to an intermediary, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MandateScope {
    /// The profile (SAP): education, experience, skills, availability.
    Profile,
    /// The declaration of immediate availability and the pact that follows it.
    Did,
    /// Booking, moving and cancelling appointments.
    Appointments,
    /// The virtual counter: tickets and their messages.
    Messages,
    /// Applications to vacancies.
    Applications,
}

impl MandateScope {
    pub const ALL: [MandateScope; 5] = [
        MandateScope::Profile,
        MandateScope::Did,
        MandateScope::Appointments,
        MandateScope::Messages,
        MandateScope::Applications,
    ];

    /// The stable code stored in `mandate.scopes` and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            MandateScope::Profile => "profile",
            MandateScope::Did => "did",
            MandateScope::Appointments => "appointments",
            MandateScope::Messages => "messages",
            MandateScope::Applications => "applications",
        }
    }

    pub fn parse(code: &str) -> Option<MandateScope> {
        MandateScope::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The stored form of a set of scopes: codes in a fixed order, comma-separated.
    pub fn join(scopes: &BTreeSet<MandateScope>) -> String {
        scopes
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The scopes of a stored list; `None` if any code is unknown.
    pub fn split(stored: &str) -> Option<BTreeSet<MandateScope>> {
        stored.split(',').map(MandateScope::parse).collect()
    }
}

/// A mandate as the policy needs it: who delegated, to which organisation, for what, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateView {
    pub id: MandateId,
    pub delegator: PersonId,
    pub organisation_id: OrganisationId,
    pub scopes: BTreeSet<MandateScope>,
    pub valid_from: Timestamp,
    pub valid_to: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl MandateView {
    /// Whether the mandate may be used at `now`: started, not ended, not revoked, not longer than
    /// the law allows.
    pub fn in_force(&self, now: Timestamp) -> bool {
        let within_term = self.valid_from <= now && now < self.valid_to;
        let lawful_term = self.valid_to <= self.valid_from.plus(MAX_MANDATE_DURATION);
        let not_revoked = self.revoked_at.is_none_or(|revoked| now < revoked);
        within_term && lawful_term && not_revoked
    }

    /// Whether the mandate entrusts `scope`.
    pub fn covers(&self, scope: MandateScope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// No session.
    Anonymous,
    /// A logged-in user with their active grants and, for an intermediary, the mandate they are
    /// currently using.
    User {
        user_id: UserId,
        roles: Vec<Role>,
        acting_for: Option<MandateView>,
    },
}

/// What the actor wants to do. The object says to what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the object. On [`Object::PersonData`] this is [`Action::ReadPersonalData`].
    Read,
    Create,
    Update,
    /// Delete, close or withdraw.
    Close,
    /// Read a person's personal data (audited for staff and intermediaries).
    ReadPersonalData,
    /// Start acting for a person: an intermediary picking a client.
    ActFor,
    /// An operator's review of a submitted vacancy.
    ReviewVacancy,
    /// Search or read audit rows.
    ReadAuditLog,
    /// Invite and remove a company's members.
    ManageMembers,
    GrantMandate,
    RevokeMandate,
}

/// What is touched, with the facts the decision needs, loaded by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// Reference data and published content: everyone reads it.
    Public,
    /// Configuration: CPIs, services, reference data, users' role grants.
    Admin,
    /// A person's record (identity and overview).
    Person {
        person_id: PersonId,
        competent_cpi: Option<CpiCode>,
    },
    /// A person's data of one service: profile, DID, appointments, messages, applications.
    PersonData {
        person_id: PersonId,
        competent_cpi: Option<CpiCode>,
        scope: MandateScope,
    },
    Company {
        company_id: CompanyId,
        seat_cpi: CpiCode,
    },
    Vacancy {
        company_id: CompanyId,
        cpi: CpiCode,
    },
    /// A pratica at the virtual counter; its mandate scope is [`MandateScope::Messages`].
    Ticket {
        requester_person_id: PersonId,
        cpi: CpiCode,
    },
    /// A CPI's work as a whole: its queues, its agenda of appointments, its reports. Staff only.
    Queue {
        cpi: CpiCode,
    },
    Mandate {
        delegator_person_id: PersonId,
        organisation_id: OrganisationId,
    },
    /// The audit rows about one person, or (`None`) the whole log.
    AuditLog {
        subject_person_id: Option<PersonId>,
    },
}

/// How an action was allowed: what the audit row records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Public data: anyone.
    Public,
    /// The actor's own object.
    Own,
    /// A member of the object's company.
    CompanyMember {
        company_id: CompanyId,
    },
    /// Staff of the object's CPI.
    CpiStaff {
        cpi: CpiCode,
    },
    Supervisor,
    /// An intermediary acting for `delegator` under `mandate_id`.
    Mandate {
        mandate_id: MandateId,
        delegator: PersonId,
    },
    /// An intermediary reading one of their organisation's mandates.
    Organisation {
        organisation_id: OrganisationId,
    },
    Admin,
    Auditor,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow(Basis),
    /// Not logged in: log in first. Says nothing about the object.
    Unauthenticated,
    /// The actor may know the object exists but may not do this to it.
    Forbidden,
    /// The default for other people's objects: never reveal that they exist.
    NotFound,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }

    /// How it was allowed, if it was.
    pub fn basis(&self) -> Option<&Basis> {
        match self {
            Decision::Allow(basis) => Some(basis),
            _ => None,
        }
    }
}

/// Whether `actor` may do `action` to `object` at `now`, and on what basis.
pub fn may(actor: &Actor, action: Action, object: &Object, now: Timestamp) -> Decision {
    let action = match (action, object) {
        (Action::Read, Object::PersonData { .. }) => Action::ReadPersonalData,
        _ => action,
    };
    if let Some(basis) = allow(actor, action, object, now) {
        return Decision::Allow(basis);
    }
    if matches!(actor, Actor::Anonymous) {
        return Decision::Unauthenticated;
    }
    let existence_known = match object {
        Object::Public
        | Object::Admin
        | Object::AuditLog {
            subject_person_id: None,
        } => true,
        _ => allow(actor, sight_of(object), object, now).is_some(),
    };
    if existence_known {
        Decision::Forbidden
    } else {
        Decision::NotFound
    }
}

/// The action that shows an object exists: if the actor may do it, refusing another action on
/// the object reveals nothing.
fn sight_of(object: &Object) -> Action {
    match object {
        Object::PersonData { .. } => Action::ReadPersonalData,
        Object::AuditLog { .. } => Action::ReadAuditLog,
        _ => Action::Read,
    }
}

fn allow(actor: &Actor, action: Action, object: &Object, now: Timestamp) -> Option<Basis> {
    if action == Action::Read && *object == Object::Public {
        return Some(Basis::Public);
    }
    let Actor::User {
        roles, acting_for, ..
    } = actor
    else {
        return None;
    };
    match acting_for {
        Some(mandate) => roles.iter().find_map(|role| match role {
            Role::Intermediary { organisation_id } => {
                by_mandate(*organisation_id, mandate, action, object, now)
                    .or_else(|| by_organisation(*organisation_id, action, object))
            }
            _ => None,
        }),
        None => roles.iter().find_map(|role| by_role(role, action, object)),
    }
}

fn by_role(role: &Role, action: Action, object: &Object) -> Option<Basis> {
    match role {
        Role::Citizen { person_id } => by_citizen(*person_id, action, object),
        Role::CompanyAdmin { company_id } => by_company_member(*company_id, true, action, object),
        Role::CompanyRecruiter { company_id } => {
            by_company_member(*company_id, false, action, object)
        }
        Role::Operator { cpi } => by_staff(Some(cpi), action, object),
        Role::Supervisor => by_staff(None, action, object),
        Role::Intermediary { organisation_id } => by_organisation(*organisation_id, action, object),
        Role::Admin => by_admin(action, object),
        Role::Auditor => by_auditor(action, object),
    }
}

fn by_citizen(me: PersonId, action: Action, object: &Object) -> Option<Basis> {
    use Action::*;
    let allowed = match object {
        // Closing the person is closing the account (erasure under the retention rules).
        Object::Person { person_id, .. } => {
            *person_id == me && matches!(action, Read | Update | Close)
        }
        Object::PersonData { person_id, .. } => {
            *person_id == me && matches!(action, ReadPersonalData | Create | Update | Close)
        }
        Object::Ticket {
            requester_person_id,
            ..
        } => *requester_person_id == me && matches!(action, Read | Create | Update | Close),
        Object::Mandate {
            delegator_person_id,
            ..
        } => *delegator_person_id == me && matches!(action, Read | GrantMandate | RevokeMandate),
        // "Who accessed my data".
        Object::AuditLog {
            subject_person_id: Some(subject),
        } => *subject == me && action == ReadAuditLog,
        _ => false,
    };
    allowed.then_some(Basis::Own)
}

fn by_company_member(
    mine: CompanyId,
    is_admin: bool,
    action: Action,
    object: &Object,
) -> Option<Basis> {
    use Action::*;
    let allowed = match object {
        Object::Company { company_id, .. } => {
            *company_id == mine
                && (action == Read || (is_admin && matches!(action, Update | ManageMembers)))
        }
        Object::Vacancy { company_id, .. } => {
            *company_id == mine && matches!(action, Read | Create | Update | Close)
        }
        _ => false,
    };
    allowed.then_some(Basis::CompanyMember { company_id: mine })
}

/// An operator of `cpi`, or with `None` a supervisor (every CPI).
fn by_staff(cpi: Option<&CpiCode>, action: Action, object: &Object) -> Option<Basis> {
    use Action::*;
    let (object_cpi, allowed) = match object {
        Object::Person { competent_cpi, .. } => {
            (competent_cpi.as_ref(), matches!(action, Read | Update))
        }
        Object::PersonData { competent_cpi, .. } => (
            competent_cpi.as_ref(),
            matches!(action, ReadPersonalData | Create | Update | Close),
        ),
        Object::Ticket { cpi, .. } => (Some(cpi), matches!(action, Read | Create | Update | Close)),
        Object::Vacancy { cpi, .. } => (Some(cpi), matches!(action, Read | ReviewVacancy)),
        Object::Queue { cpi } => (Some(cpi), matches!(action, Read | Update)),
        Object::Company { seat_cpi, .. } => (Some(seat_cpi), action == Read),
        Object::AuditLog { .. } => {
            return (cpi.is_none() && action == ReadAuditLog).then_some(Basis::Supervisor);
        }
        _ => return None,
    };
    if !allowed {
        return None;
    }
    match cpi {
        None => Some(Basis::Supervisor),
        // A person with no competent CPI yet belongs to no operator.
        Some(mine) => (object_cpi == Some(mine)).then(|| Basis::CpiStaff { cpi: mine.clone() }),
    }
}

/// What an intermediary may without acting for anyone: read their organisation's mandates.
fn by_organisation(mine: OrganisationId, action: Action, object: &Object) -> Option<Basis> {
    match object {
        Object::Mandate {
            organisation_id, ..
        } if *organisation_id == mine && action == Action::Read => Some(Basis::Organisation {
            organisation_id: mine,
        }),
        _ => None,
    }
}

/// What an intermediary of `mine` may for the delegator of `mandate`.
fn by_mandate(
    mine: OrganisationId,
    mandate: &MandateView,
    action: Action,
    object: &Object,
    now: Timestamp,
) -> Option<Basis> {
    use Action::*;
    if mandate.organisation_id != mine || !mandate.in_force(now) {
        return None;
    }
    let for_delegator = |person: &PersonId| *person == mandate.delegator;
    let allowed = match object {
        Object::Person { person_id, .. } => {
            for_delegator(person_id) && matches!(action, Read | ActFor)
        }
        Object::PersonData {
            person_id, scope, ..
        } => {
            for_delegator(person_id)
                && mandate.covers(*scope)
                && matches!(action, ReadPersonalData | Create | Update | Close)
        }
        Object::Ticket {
            requester_person_id,
            ..
        } => {
            for_delegator(requester_person_id)
                && mandate.covers(MandateScope::Messages)
                && matches!(action, Read | Create | Update | Close)
        }
        _ => false,
    };
    allowed.then_some(Basis::Mandate {
        mandate_id: mandate.id,
        delegator: mandate.delegator,
    })
}

fn by_admin(action: Action, object: &Object) -> Option<Basis> {
    use Action::*;
    let allowed = match object {
        Object::Admin => matches!(action, Read | Create | Update | Close),
        // Reference data is edited through configuration; reading it is public.
        Object::Public => matches!(action, Create | Update | Close),
        _ => false,
    };
    allowed.then_some(Basis::Admin)
}

fn by_auditor(action: Action, object: &Object) -> Option<Basis> {
    (matches!(object, Object::AuditLog { .. }) && action == Action::ReadAuditLog)
        .then_some(Basis::Auditor)
}
