//! The authorisation matrix: role × action × whose object → decision, one row per line, then
//! the mandate clock at its edges, then properties over arbitrary actors and objects.

use super::*;
use proptest::prelude::*;
use Action::*;
use MandateScope::*;

const DAY_MS: i64 = 86_400_000;
/// 2027-01-15T08:00:00Z: the instant every decision in the matrix is taken at.
const NOW_MS: i64 = 1_800_000_000_000;

const ME: PersonId = PersonId(1);
const STRANGER: PersonId = PersonId(2);
const ACME: CompanyId = CompanyId(10);
const OTHER_COMPANY: CompanyId = CompanyId(11);
const PATRONATO: OrganisationId = OrganisationId(20);
const OTHER_ORG: OrganisationId = OrganisationId(21);
const MANDATE: MandateId = MandateId(30);

fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(ms).expect("test instant in range")
}

fn now() -> Timestamp {
    at(NOW_MS)
}

fn cpi(code: &str) -> CpiCode {
    CpiCode(code.to_owned())
}

fn user(roles: Vec<Role>) -> Actor {
    Actor::User {
        user_id: UserId(100),
        roles,
        acting_for: None,
    }
}

fn citizen(person_id: PersonId) -> Actor {
    user(vec![Role::Citizen { person_id }])
}

fn company_admin(company_id: CompanyId) -> Actor {
    user(vec![Role::CompanyAdmin { company_id }])
}

fn recruiter(company_id: CompanyId) -> Actor {
    user(vec![Role::CompanyRecruiter { company_id }])
}

fn operator(code: &str) -> Actor {
    user(vec![Role::Operator { cpi: cpi(code) }])
}

fn supervisor() -> Actor {
    user(vec![Role::Supervisor])
}

fn admin() -> Actor {
    user(vec![Role::Admin])
}

fn auditor() -> Actor {
    user(vec![Role::Auditor])
}

/// A mandate from ME to the patronato for profile and DID, in force from 30 days ago for a year.
fn mandate() -> MandateView {
    MandateView {
        id: MANDATE,
        delegator: ME,
        organisation_id: PATRONATO,
        scopes: [Profile, Did].into_iter().collect(),
        valid_from: at(NOW_MS - 30 * DAY_MS),
        valid_to: at(NOW_MS + 335 * DAY_MS),
        revoked_at: None,
    }
}

fn revoked_mandate() -> MandateView {
    MandateView {
        revoked_at: Some(at(NOW_MS - 1)),
        ..mandate()
    }
}

fn expired_mandate() -> MandateView {
    MandateView {
        valid_from: at(NOW_MS - 400 * DAY_MS),
        valid_to: at(NOW_MS - 35 * DAY_MS),
        ..mandate()
    }
}

fn other_org_mandate() -> MandateView {
    MandateView {
        organisation_id: OTHER_ORG,
        ..mandate()
    }
}

fn intermediary(acting_for: Option<MandateView>) -> Actor {
    Actor::User {
        user_id: UserId(101),
        roles: vec![Role::Intermediary {
            organisation_id: PATRONATO,
        }],
        acting_for,
    }
}

fn person(person_id: PersonId, code: &str) -> Object {
    Object::Person {
        person_id,
        competent_cpi: Some(cpi(code)),
    }
}

fn data(person_id: PersonId, code: &str, scope: MandateScope) -> Object {
    Object::PersonData {
        person_id,
        competent_cpi: Some(cpi(code)),
        scope,
    }
}

fn company(company_id: CompanyId, code: &str) -> Object {
    Object::Company {
        company_id,
        seat_cpi: cpi(code),
    }
}

fn vacancy(company_id: CompanyId, code: &str) -> Object {
    Object::Vacancy {
        company_id,
        cpi: cpi(code),
    }
}

fn ticket(requester_person_id: PersonId, code: &str) -> Object {
    Object::Ticket {
        requester_person_id,
        cpi: cpi(code),
    }
}

fn mandate_of(delegator_person_id: PersonId, organisation_id: OrganisationId) -> Object {
    Object::Mandate {
        delegator_person_id,
        organisation_id,
    }
}

fn audit_of(subject: PersonId) -> Object {
    Object::AuditLog {
        subject_person_id: Some(subject),
    }
}

fn whole_audit_log() -> Object {
    Object::AuditLog {
        subject_person_id: None,
    }
}

fn own() -> Decision {
    Decision::Allow(Basis::Own)
}

fn member(company_id: CompanyId) -> Decision {
    Decision::Allow(Basis::CompanyMember { company_id })
}

fn staff(code: &str) -> Decision {
    Decision::Allow(Basis::CpiStaff { cpi: cpi(code) })
}

fn as_supervisor() -> Decision {
    Decision::Allow(Basis::Supervisor)
}

fn via_mandate() -> Decision {
    Decision::Allow(Basis::Mandate {
        mandate_id: MANDATE,
        delegator: ME,
    })
}

fn public() -> Decision {
    Decision::Allow(Basis::Public)
}

const NOT_FOUND: Decision = Decision::NotFound;
const FORBIDDEN: Decision = Decision::Forbidden;
const LOG_IN: Decision = Decision::Unauthenticated;

/// (who, action, on what, expected). Read it as a table.
#[rustfmt::skip]
fn matrix() -> Vec<(&'static str, Actor, Action, Object, Decision)> {
    vec![
        // Anonymous: public data only.
        ("anonymous reads public data",            Actor::Anonymous, Read, Object::Public, public()),
        ("anonymous edits public data",            Actor::Anonymous, Update, Object::Public, LOG_IN),
        ("anonymous reads a person",               Actor::Anonymous, Read, person(ME, "PG"), LOG_IN),
        ("anonymous opens configuration",          Actor::Anonymous, Read, Object::Admin, LOG_IN),
        ("anonymous reads the audit log",          Actor::Anonymous, ReadAuditLog, whole_audit_log(), LOG_IN),

        // Citizen: their own things; other people's do not exist.
        ("citizen reads own person",               citizen(ME), Read, person(ME, "PG"), own()),
        ("citizen closes own account",             citizen(ME), Close, person(ME, "PG"), own()),
        ("citizen reads own profile",              citizen(ME), Read, data(ME, "PG", Profile), own()),
        ("citizen updates own DID",                citizen(ME), Update, data(ME, "PG", Did), own()),
        ("citizen opens own ticket",               citizen(ME), Create, ticket(ME, "PG"), own()),
        ("citizen grants own mandate",             citizen(ME), GrantMandate, mandate_of(ME, PATRONATO), own()),
        ("citizen revokes own mandate",            citizen(ME), RevokeMandate, mandate_of(ME, PATRONATO), own()),
        ("citizen sees who accessed own data",     citizen(ME), ReadAuditLog, audit_of(ME), own()),
        ("citizen reads another person",           citizen(ME), Read, person(STRANGER, "PG"), NOT_FOUND),
        ("citizen reads another's profile",        citizen(ME), ReadPersonalData, data(STRANGER, "PG", Profile), NOT_FOUND),
        ("citizen reads another's ticket",         citizen(ME), Read, ticket(STRANGER, "PG"), NOT_FOUND),
        ("citizen revokes another's mandate",      citizen(ME), RevokeMandate, mandate_of(STRANGER, PATRONATO), NOT_FOUND),
        ("citizen reads another's audit trail",    citizen(ME), ReadAuditLog, audit_of(STRANGER), NOT_FOUND),
        ("citizen deletes own audit trail",        citizen(ME), Close, audit_of(ME), FORBIDDEN),
        ("citizen acts for themself",              citizen(ME), ActFor, person(ME, "PG"), FORBIDDEN),
        ("citizen opens configuration",            citizen(ME), Read, Object::Admin, FORBIDDEN),
        ("citizen searches the whole audit log",   citizen(ME), ReadAuditLog, whole_audit_log(), FORBIDDEN),
        ("citizen edits public data",              citizen(ME), Update, Object::Public, FORBIDDEN),
        ("citizen reads a company",                citizen(ME), Read, company(ACME, "PG"), NOT_FOUND),

        // Company members: their company only; only its admin manages members.
        ("company admin manages members",          company_admin(ACME), ManageMembers, company(ACME, "PG"), member(ACME)),
        ("company admin updates company",          company_admin(ACME), Update, company(ACME, "PG"), member(ACME)),
        ("company admin closes a vacancy",         company_admin(ACME), Close, vacancy(ACME, "PG"), member(ACME)),
        ("recruiter creates a vacancy",            recruiter(ACME), Create, vacancy(ACME, "PG"), member(ACME)),
        ("recruiter reads own company",            recruiter(ACME), Read, company(ACME, "PG"), member(ACME)),
        ("recruiter manages members",              recruiter(ACME), ManageMembers, company(ACME, "PG"), FORBIDDEN),
        ("recruiter updates company",              recruiter(ACME), Update, company(ACME, "PG"), FORBIDDEN),
        ("member of another company: vacancy",     recruiter(OTHER_COMPANY), Update, vacancy(ACME, "PG"), NOT_FOUND),
        ("member of another company: members",     company_admin(OTHER_COMPANY), ManageMembers, company(ACME, "PG"), NOT_FOUND),
        ("company admin reviews own vacancy",      company_admin(ACME), ReviewVacancy, vacancy(ACME, "PG"), FORBIDDEN),
        ("company admin reads a person",           company_admin(ACME), Read, person(ME, "PG"), NOT_FOUND),
        ("recruiter reads a candidate's profile",  recruiter(ACME), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),

        // Operators: their CPI's people, queues and vacancies; supervisors: every CPI.
        ("operator reads person of own CPI",       operator("PG"), Read, person(ME, "PG"), staff("PG")),
        ("operator reads profile of own CPI",      operator("PG"), ReadPersonalData, data(ME, "PG", Profile), staff("PG")),
        ("operator closes a DID of own CPI",       operator("PG"), Close, data(ME, "PG", Did), staff("PG")),
        ("operator works own CPI's ticket",        operator("PG"), Update, ticket(ME, "PG"), staff("PG")),
        ("operator reviews own CPI's vacancy",     operator("PG"), ReviewVacancy, vacancy(ACME, "PG"), staff("PG")),
        ("operator reads company seated in CPI",   operator("PG"), Read, company(ACME, "PG"), staff("PG")),
        ("operator of another CPI: person",        operator("TR"), Read, person(ME, "PG"), NOT_FOUND),
        ("operator of another CPI: profile",       operator("TR"), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("operator of another CPI: ticket",        operator("TR"), Update, ticket(ME, "PG"), NOT_FOUND),
        ("operator of another CPI: vacancy",       operator("TR"), ReviewVacancy, vacancy(ACME, "PG"), NOT_FOUND),
        ("operator: person without a CPI",         operator("PG"), Read, Object::Person { person_id: ME, competent_cpi: None }, NOT_FOUND),
        ("operator edits a vacancy",               operator("PG"), Update, vacancy(ACME, "PG"), FORBIDDEN),
        ("operator reads a mandate",               operator("PG"), Read, mandate_of(ME, PATRONATO), NOT_FOUND),
        ("operator reads a person's audit trail",  operator("PG"), ReadAuditLog, audit_of(ME), NOT_FOUND),
        ("operator searches the whole audit log",  operator("PG"), ReadAuditLog, whole_audit_log(), FORBIDDEN),
        ("operator opens configuration",           operator("PG"), Update, Object::Admin, FORBIDDEN),
        ("supervisor reads person of any CPI",     supervisor(), Read, person(ME, "TR"), as_supervisor()),
        ("supervisor reads person without a CPI",  supervisor(), Read, Object::Person { person_id: ME, competent_cpi: None }, as_supervisor()),
        ("supervisor works any CPI's ticket",      supervisor(), Close, ticket(ME, "TR"), as_supervisor()),
        ("supervisor reviews any vacancy",         supervisor(), ReviewVacancy, vacancy(ACME, "TR"), as_supervisor()),
        ("supervisor searches the audit log",      supervisor(), ReadAuditLog, whole_audit_log(), as_supervisor()),
        ("supervisor deletes audit rows",          supervisor(), Close, whole_audit_log(), FORBIDDEN),

        // Intermediaries: only within a valid mandate of their organisation, in its scopes.
        ("intermediary acts for delegator",        intermediary(Some(mandate())), ActFor, person(ME, "PG"), via_mandate()),
        ("intermediary reads profile in scope",    intermediary(Some(mandate())), ReadPersonalData, data(ME, "PG", Profile), via_mandate()),
        ("intermediary updates DID in scope",      intermediary(Some(mandate())), Update, data(ME, "PG", Did), via_mandate()),
        ("intermediary: revoked mandate",          intermediary(Some(revoked_mandate())), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("intermediary: revoked mandate, act for", intermediary(Some(revoked_mandate())), ActFor, person(ME, "PG"), NOT_FOUND),
        ("intermediary: expired mandate",          intermediary(Some(expired_mandate())), Update, data(ME, "PG", Did), NOT_FOUND),
        ("intermediary: mandate outside scope",    intermediary(Some(mandate())), Create, data(ME, "PG", Applications), NOT_FOUND),
        ("intermediary: ticket outside scope",     intermediary(Some(mandate())), Create, ticket(ME, "PG"), NOT_FOUND),
        ("intermediary: another org's mandate",    intermediary(Some(other_org_mandate())), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("intermediary: person not the delegator", intermediary(Some(mandate())), ReadPersonalData, data(STRANGER, "PG", Profile), NOT_FOUND),
        ("intermediary without a mandate",         intermediary(None), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("intermediary reads own org's mandate",   intermediary(None), Read, mandate_of(ME, PATRONATO), Decision::Allow(Basis::Organisation { organisation_id: PATRONATO })),
        ("intermediary reads another org's mandate", intermediary(None), Read, mandate_of(ME, OTHER_ORG), NOT_FOUND),
        ("intermediary revokes own org's mandate", intermediary(Some(mandate())), RevokeMandate, mandate_of(ME, PATRONATO), FORBIDDEN),
        ("intermediary grants itself a mandate",   intermediary(None), GrantMandate, mandate_of(STRANGER, PATRONATO), FORBIDDEN),
        ("intermediary reads the delegator's audit trail", intermediary(Some(mandate())), ReadAuditLog, audit_of(ME), NOT_FOUND),
        ("intermediary reads public data",         intermediary(Some(mandate())), Read, Object::Public, public()),

        // Admin: configures, reads no personal data.
        ("admin opens configuration",              admin(), Update, Object::Admin, Decision::Allow(Basis::Admin)),
        ("admin edits reference data",             admin(), Update, Object::Public, Decision::Allow(Basis::Admin)),
        ("admin reads a person",                   admin(), Read, person(ME, "PG"), NOT_FOUND),
        ("admin reads a profile",                  admin(), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("admin searches the audit log",           admin(), ReadAuditLog, whole_audit_log(), FORBIDDEN),

        // Auditor: the audit log only.
        ("auditor searches the audit log",         auditor(), ReadAuditLog, whole_audit_log(), Decision::Allow(Basis::Auditor)),
        ("auditor reads a person's audit trail",   auditor(), ReadAuditLog, audit_of(ME), Decision::Allow(Basis::Auditor)),
        ("auditor deletes an audit trail",         auditor(), Close, audit_of(ME), FORBIDDEN),
        ("auditor reads a profile",                auditor(), ReadPersonalData, data(ME, "PG", Profile), NOT_FOUND),
        ("auditor reads a person",                 auditor(), Read, person(ME, "PG"), NOT_FOUND),
        ("auditor reads a ticket",                 auditor(), Read, ticket(ME, "PG"), NOT_FOUND),
        ("auditor opens configuration",            auditor(), Read, Object::Admin, FORBIDDEN),
    ]
}

#[test]
fn authorisation_matrix_holds() {
    let failures: Vec<String> = matrix()
        .into_iter()
        .filter_map(|(name, actor, action, object, expected)| {
            let got = may(&actor, action, &object, now());
            (got != expected).then(|| format!("{name}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn read_of_person_data_is_read_of_personal_data() {
    let object = data(ME, "PG", Profile);
    assert_eq!(
        may(&operator("PG"), Read, &object, now()),
        may(&operator("PG"), ReadPersonalData, &object, now()),
    );
}

#[test]
fn revocation_is_effective_from_its_instant() {
    let revoked_now = MandateView {
        revoked_at: Some(now()),
        ..mandate()
    };
    let object = data(ME, "PG", Profile);
    let before = may(
        &intermediary(Some(revoked_now.clone())),
        ReadPersonalData,
        &object,
        at(NOW_MS - 1),
    );
    let at_revocation = may(
        &intermediary(Some(revoked_now)),
        ReadPersonalData,
        &object,
        now(),
    );
    assert_eq!(before, via_mandate());
    assert_eq!(at_revocation, NOT_FOUND);
}

#[test]
fn mandate_is_in_force_from_valid_from_until_valid_to() {
    let m = mandate();
    assert!(!m.in_force(at(m.valid_from.unix_millis() - 1)));
    assert!(m.in_force(m.valid_from));
    assert!(m.in_force(at(m.valid_to.unix_millis() - 1)));
    assert!(!m.in_force(m.valid_to));
}

#[test]
fn mandate_longer_than_a_year_is_not_in_force() {
    let too_long = MandateView {
        valid_to: mandate()
            .valid_from
            .plus(MAX_MANDATE_DURATION)
            .plus(Duration::from_millis(1)),
        ..mandate()
    };
    assert!(!too_long.in_force(now()));
    let longest = MandateView {
        valid_to: mandate().valid_from.plus(MAX_MANDATE_DURATION),
        ..mandate()
    };
    assert!(longest.in_force(now()));
}

#[test]
fn acting_for_someone_sets_aside_other_roles() {
    let operator_acting = Actor::User {
        user_id: UserId(102),
        roles: vec![
            Role::Operator { cpi: cpi("PG") },
            Role::Intermediary {
                organisation_id: PATRONATO,
            },
        ],
        acting_for: Some(mandate()),
    };
    // As operator this would be allowed; while acting for ME only the mandate counts.
    assert_eq!(
        may(&operator_acting, Read, &person(STRANGER, "PG"), now()),
        NOT_FOUND
    );
    assert_eq!(
        may(&operator_acting, Read, &person(ME, "PG"), now()),
        via_mandate()
    );
}

#[test]
fn mandate_without_an_intermediary_grant_gives_nothing() {
    let citizen_with_mandate = Actor::User {
        user_id: UserId(103),
        roles: vec![Role::Citizen {
            person_id: STRANGER,
        }],
        acting_for: Some(mandate()),
    };
    assert_eq!(
        may(
            &citizen_with_mandate,
            ReadPersonalData,
            &data(ME, "PG", Profile),
            now()
        ),
        NOT_FOUND
    );
}

#[test]
fn several_roles_add_up() {
    let both = user(vec![
        Role::Citizen { person_id: ME },
        Role::Operator { cpi: cpi("PG") },
    ]);
    assert_eq!(may(&both, Read, &person(ME, "TR"), now()), own());
    assert_eq!(
        may(&both, Read, &person(STRANGER, "PG"), now()),
        staff("PG")
    );
    assert_eq!(may(&both, Read, &person(STRANGER, "TR"), now()), NOT_FOUND);
}

// ---- properties ----

/// Small id spaces so that actors and objects often meet.
fn person_id() -> impl Strategy<Value = PersonId> {
    (1i64..4).prop_map(PersonId)
}

fn company_id() -> impl Strategy<Value = CompanyId> {
    (10i64..13).prop_map(CompanyId)
}

fn organisation_id() -> impl Strategy<Value = OrganisationId> {
    (20i64..23).prop_map(OrganisationId)
}

fn cpi_code() -> impl Strategy<Value = CpiCode> {
    prop_oneof![Just(cpi("PG")), Just(cpi("TR")), Just(cpi("FO"))]
}

fn scope() -> impl Strategy<Value = MandateScope> {
    prop_oneof![
        Just(Profile),
        Just(Did),
        Just(Appointments),
        Just(Messages),
        Just(Applications)
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Read),
        Just(Create),
        Just(Update),
        Just(Close),
        Just(ReadPersonalData),
        Just(ActFor),
        Just(ReviewVacancy),
        Just(ReadAuditLog),
        Just(ManageMembers),
        Just(GrantMandate),
        Just(RevokeMandate),
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        person_id().prop_map(|person_id| Role::Citizen { person_id }),
        company_id().prop_map(|company_id| Role::CompanyAdmin { company_id }),
        company_id().prop_map(|company_id| Role::CompanyRecruiter { company_id }),
        cpi_code().prop_map(|cpi| Role::Operator { cpi }),
        Just(Role::Supervisor),
        organisation_id().prop_map(|organisation_id| Role::Intermediary { organisation_id }),
        Just(Role::Admin),
        Just(Role::Auditor),
    ]
}

/// Mandates around NOW: some not started, some ended, some revoked, some too long.
fn mandate_view() -> impl Strategy<Value = MandateView> {
    (
        person_id(),
        organisation_id(),
        proptest::collection::btree_set(scope(), 0..4),
        -400i64..30,
        1i64..400,
        proptest::option::of(-30i64..30),
    )
        .prop_map(
            |(delegator, organisation_id, scopes, from_day, days, revoked_day)| {
                let from = NOW_MS + from_day * DAY_MS;
                MandateView {
                    id: MANDATE,
                    delegator,
                    organisation_id,
                    scopes,
                    valid_from: at(from),
                    valid_to: at(from + days * DAY_MS),
                    revoked_at: revoked_day.map(|d| at(NOW_MS + d * DAY_MS)),
                }
            },
        )
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::Anonymous),
        (
            proptest::collection::vec(role(), 0..3),
            proptest::option::of(mandate_view())
        )
            .prop_map(|(roles, acting_for)| Actor::User {
                user_id: UserId(100),
                roles,
                acting_for,
            }),
    ]
}

fn object() -> impl Strategy<Value = Object> {
    prop_oneof![
        Just(Object::Public),
        Just(Object::Admin),
        (person_id(), proptest::option::of(cpi_code())).prop_map(|(person_id, competent_cpi)| {
            Object::Person {
                person_id,
                competent_cpi,
            }
        }),
        (person_id(), proptest::option::of(cpi_code()), scope()).prop_map(
            |(person_id, competent_cpi, scope)| {
                Object::PersonData {
                    person_id,
                    competent_cpi,
                    scope,
                }
            }
        ),
        (company_id(), cpi_code()).prop_map(|(company_id, seat_cpi)| Object::Company {
            company_id,
            seat_cpi
        }),
        (company_id(), cpi_code())
            .prop_map(|(company_id, cpi)| Object::Vacancy { company_id, cpi }),
        (person_id(), cpi_code()).prop_map(|(requester_person_id, cpi)| Object::Ticket {
            requester_person_id,
            cpi
        }),
        (person_id(), organisation_id()).prop_map(|(delegator_person_id, organisation_id)| {
            Object::Mandate {
                delegator_person_id,
                organisation_id,
            }
        }),
        proptest::option::of(person_id())
            .prop_map(|subject_person_id| Object::AuditLog { subject_person_id }),
    ]
}

/// The person an object belongs to, if any.
fn owner(object: &Object) -> Option<PersonId> {
    match object {
        Object::Person { person_id, .. } | Object::PersonData { person_id, .. } => Some(*person_id),
        Object::Ticket {
            requester_person_id,
            ..
        } => Some(*requester_person_id),
        Object::Mandate {
            delegator_person_id,
            ..
        } => Some(*delegator_person_id),
        Object::AuditLog { subject_person_id } => *subject_person_id,
        _ => None,
    }
}

/// The CPI an object belongs to, if any.
fn cpi_of(object: &Object) -> Option<&CpiCode> {
    match object {
        Object::Person { competent_cpi, .. } | Object::PersonData { competent_cpi, .. } => {
            competent_cpi.as_ref()
        }
        Object::Company { seat_cpi, .. } => Some(seat_cpi),
        Object::Vacancy { cpi, .. } | Object::Ticket { cpi, .. } => Some(cpi),
        _ => None,
    }
}

/// Written independently of the policy, and deliberately generous: whether any grant of the actor
/// ties it to the object at all. Without such a tie the answer must never be Allow.
fn has_grant_on(actor: &Actor, object: &Object) -> bool {
    if *object == Object::Public {
        return true;
    }
    let Actor::User {
        roles, acting_for, ..
    } = actor
    else {
        return false;
    };
    roles.iter().any(|role| match role {
        Role::Citizen { person_id } => owner(object) == Some(*person_id),
        Role::CompanyAdmin { company_id } | Role::CompanyRecruiter { company_id } => matches!(
            object,
            Object::Company { company_id: c, .. } | Object::Vacancy { company_id: c, .. } if c == company_id
        ),
        Role::Operator { cpi } => cpi_of(object) == Some(cpi),
        Role::Supervisor => cpi_of(object).is_some() || owner(object).is_some() || matches!(object, Object::AuditLog { .. }),
        Role::Intermediary { organisation_id } => {
            let own_org_mandate = matches!(
                object,
                Object::Mandate { organisation_id: o, .. } if o == organisation_id
            );
            let under_mandate = acting_for.as_ref().is_some_and(|m| {
                m.organisation_id == *organisation_id
                    && m.in_force(now())
                    && owner(object) == Some(m.delegator)
            });
            own_org_mandate || under_mandate
        }
        Role::Admin => *object == Object::Admin,
        Role::Auditor => matches!(object, Object::AuditLog { .. }),
    })
}

proptest! {
    #[test]
    fn without_a_grant_on_the_object_never_allow(actor in actor(), action in action(), object in object()) {
        if !has_grant_on(&actor, &object) {
            prop_assert!(!may(&actor, action, &object, now()).is_allowed());
        }
    }

    #[test]
    fn allowed_by_mandate_only_in_force_in_scope_and_for_the_delegator(
        actor in actor(), action in action(), object in object()
    ) {
        if let Decision::Allow(Basis::Mandate { delegator, .. }) = may(&actor, action, &object, now()) {
            let Actor::User { acting_for: Some(m), roles, .. } = &actor else {
                return Err(TestCaseError::fail("allowed by mandate without one"));
            };
            prop_assert!(m.in_force(now()));
            prop_assert_eq!(delegator, m.delegator);
            prop_assert_eq!(owner(&object), Some(m.delegator));
            let intermediary_of_org = Role::Intermediary {
                organisation_id: m.organisation_id,
            };
            prop_assert!(roles.contains(&intermediary_of_org));
            if let Object::PersonData { scope, .. } = object {
                prop_assert!(m.covers(scope));
            }
        }
    }

    #[test]
    fn anonymous_never_learns_whether_an_object_exists(action in action(), object in object()) {
        let decision = may(&Actor::Anonymous, action, &object, now());
        prop_assert!(decision == Decision::Unauthenticated || decision == Decision::Allow(Basis::Public));
    }

    #[test]
    fn auditor_gets_nothing_but_the_audit_log_and_public_data(action in action(), object in object()) {
        if may(&auditor(), action, &object, now()).is_allowed() {
            let audit_or_public = matches!(object, Object::AuditLog { .. } | Object::Public);
            prop_assert!(audit_or_public);
        }
    }
}
