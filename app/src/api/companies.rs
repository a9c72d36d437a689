//! Companies and their members (issue 4): a legal representative claims a company by partita IVA,
//! its administrators invite people by codice fiscale and remove members, and members act only
//! for their company. Every function asks the policy first and writes the audit row of a change in
//! the same transaction as the change. The claim rules are in `docs/company-claims.md`.

use crate::domain::company_members::{ClaimState, MemberRole};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page of the user's companies, claims and invitations.
pub const COMPANY_PAGE: &str = "/impresa";
/// The page of one company's members; the company goes in [`COMPANY_PARAM`].
pub const MEMBERS_PAGE: &str = "/impresa/membri";
pub const COMPANY_PARAM: &str = "azienda";

/// A company the user is a member of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCompany {
    pub id: i64,
    pub name: String,
    pub partita_iva: String,
    pub role: MemberRole,
}

/// A claim waiting for the register check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub company_name: String,
    pub partita_iva: String,
    /// ISO date.
    pub claimed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyOverview {
    pub companies: Vec<MyCompany>,
    pub pending_claims: Vec<ClaimRow>,
    /// Demo mode: a claim is believed at once (the page says so).
    pub claims_trusted: bool,
}

/// What became of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimOutcome {
    pub company_id: i64,
    pub state: ClaimState,
}

/// A member as the members' page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    /// Masked codice fiscale (first and last three characters); empty for accounts without one.
    pub code: String,
    pub role: MemberRole,
    /// ISO date the role was granted.
    pub since: String,
    pub is_me: bool,
}

/// An open invitation: to the invitee it names the company, to the company's administrators the
/// (masked) codice fiscale it was sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub company_name: String,
    pub code: String,
    pub role: MemberRole,
    /// ISO date of the last day it can be accepted.
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersView {
    pub company_id: i64,
    pub company_name: String,
    pub partita_iva: String,
    /// The caller may invite and remove (administrators).
    pub can_manage: bool,
    pub members: Vec<MemberRow>,
    /// Open invitations; only for those who may manage members.
    pub invitations: Vec<InvitationRow>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::{request_facts, AuditFacts, RequestFacts};
    use crate::domain::codice_fiscale::masked;
    use crate::domain::policy::{Action, Basis, CompanyId, CpiCode, Object, PersonId};
    use crate::domain::session_policy::Timestamp;
    use crate::error::FieldProblem;
    use crate::store::companies::{CompanyRecord, InvitationRecord, MemberRecord};
    use crate::store::use_db;
    use sqlx::AnyConnection;

    pub fn facts() -> Result<RequestFacts, AppError> {
        request_facts()
    }

    pub async fn begin() -> Result<sqlx::Transaction<'static, sqlx::Any>, AppError> {
        Ok(use_db()?.begin_write().await?)
    }

    pub fn date_of(t: Timestamp) -> String {
        t.to_iso()[..10].to_string()
    }

    /// The last day an invitation can be accepted (it expires at `expires_at`, exclusive).
    pub fn last_day(expires_at: Timestamp) -> String {
        date_of(expires_at.minus(std::time::Duration::from_millis(1)))
    }

    /// Required when blank, invalid otherwise.
    pub fn refused(field: &str, input: &str) -> AppError {
        if input.trim().is_empty() {
            AppError::field(field, FieldProblem::Required)
        } else {
            AppError::field(field, FieldProblem::Invalid)
        }
    }

    pub fn company_object(company: &CompanyRecord) -> Object {
        Object::Company {
            company_id: company.id,
            // A seat outside the CPIs' region belongs to no operator.
            seat_cpi: company.seat_cpi.clone().unwrap_or(CpiCode(String::new())),
        }
    }

    /// The caller's own person, after asking the policy whether they act for themself: a citizen
    /// yes; staff accounts and intermediaries acting for a client get `NotFound`.
    pub fn own_person(facts: &RequestFacts, action: Action) -> Result<(PersonId, Basis), AppError> {
        let me = facts
            .require_principal()?
            .person_id
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(
            action,
            &Object::Person {
                person_id: me,
                competent_cpi: None,
            },
        )?;
        Ok((me, basis))
    }

    /// The company `id` and the basis on which the caller may do `action` to it; a company that
    /// does not exist answers like one that is not the caller's.
    pub async fn authorised_company(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(CompanyRecord, Basis), AppError> {
        facts.require_principal()?;
        let company = crate::store::companies::company_by_id(conn, CompanyId(id))
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(action, &company_object(&company))?;
        Ok((company, basis))
    }

    pub fn member_row(member: &MemberRecord, me: i64) -> MemberRow {
        MemberRow {
            user_id: member.user_id,
            name: member.display_name.clone(),
            code: member
                .codice_fiscale
                .as_deref()
                .map(masked)
                .unwrap_or_default(),
            role: member.role,
            since: date_of(member.since),
            is_me: member.user_id == me,
        }
    }

    pub fn invitation_row(invitation: &InvitationRecord) -> InvitationRow {
        InvitationRow {
            id: invitation.id,
            company_name: invitation.company_name.clone(),
            code: masked(&invitation.codice_fiscale),
            role: invitation.role,
            expires_on: last_day(invitation.times.expires_at),
        }
    }

    pub fn audit<'a>(
        action: &'a str,
        object_type: &'a str,
        object_id: &'a str,
        subject: Option<PersonId>,
        basis: Option<&'a Basis>,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type,
            object_id: Some(object_id),
            subject_person_id: subject.map(|p| p.0),
            basis,
            detail,
        }
    }

    pub fn members_page(company_id: i64, outcome: &str) -> String {
        format!("{MEMBERS_PAGE}?{COMPANY_PARAM}={company_id}&esito={outcome}")
    }
}

/// Claims a company as its legal representative. Demo mode trusts the claimant and makes them
/// the company's administrator at once; otherwise the claim is recorded as pending for the
/// register check and grants nothing. A company that already has an administrator is never taken
/// over (`Conflict`); a partita IVA not in the company register answers `NotFound`.
#[server(prefix = "/api", endpoint = "companies/claim")]
pub async fn claim_company(partita_iva: String) -> Result<ClaimOutcome, AppError> {
    use crate::api::request::demo_mode;
    use crate::domain::company_members::{decide_claim, ClaimRefusal};
    use crate::domain::partita_iva::PartitaIva;
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let (me, basis) = server::own_person(&facts, Action::Update)?;
    let user = facts.require_principal()?.user_id.0;
    let number = PartitaIva::parse(&partita_iva)
        .map_err(|_| server::refused("partita_iva", &partita_iva))?;
    let mut tx = server::begin().await?;
    let company = store::company_by_partita_iva(&mut tx, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    store::lock_company(&mut tx, company.id).await?;
    let has_admin = store::members(&mut tx, company.id)
        .await?
        .iter()
        .any(|m| m.role == MemberRole::Admin);
    let pending = store::has_pending_claim(&mut tx, company.id, user).await?;
    let (claim_basis, state) =
        decide_claim(demo_mode(), has_admin, pending).map_err(|refusal| match refusal {
            ClaimRefusal::AlreadyAdministered | ClaimRefusal::AlreadyPending => AppError::Conflict,
        })?;
    let claim =
        store::insert_claim(&mut tx, company.id, user, claim_basis, state, facts.now).await?;
    if state == ClaimState::Granted {
        store::set_member_role(&mut tx, company.id, user, MemberRole::Admin, facts.now).await?;
    }
    let detail = serde_json::json!({
        "claim_id": claim,
        "partita_iva": company.partita_iva,
        "basis": claim_basis.code(),
        "state": state.code(),
    });
    let object_id = company.id.0.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "company.claim",
                "company",
                &object_id,
                Some(me),
                Some(&basis),
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    let outcome = match state {
        ClaimState::Granted => "rivendicata",
        ClaimState::Pending | ClaimState::Refused => "in-attesa",
    };
    leptos_axum::redirect(&format!("{COMPANY_PAGE}?esito={outcome}"));
    Ok(ClaimOutcome {
        company_id: company.id.0,
        state,
    })
}

/// The companies the caller is a member of, and their claims still waiting for the check.
#[server(prefix = "/api", endpoint = "companies/mine")]
pub async fn my_companies() -> Result<CompanyOverview, AppError> {
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let user = facts.require_principal()?.user_id.0;
    let mut tx = server::begin().await?;
    let mut companies = Vec::new();
    for (company, role) in store::companies_of_user(&mut tx, user).await? {
        facts.authorise(Action::Read, &server::company_object(&company))?;
        companies.push(MyCompany {
            id: company.id.0,
            name: company.name,
            partita_iva: company.partita_iva,
            role,
        });
    }
    let pending_claims = store::pending_claims_of(&mut tx, user)
        .await?
        .into_iter()
        .map(|c| ClaimRow {
            company_name: c.company_name,
            partita_iva: c.partita_iva,
            claimed_on: server::date_of(c.created_at),
        })
        .collect();
    tx.commit().await?;
    Ok(CompanyOverview {
        companies,
        pending_claims,
        claims_trusted: crate::api::request::demo_mode(),
    })
}

/// A company's members (names, roles, masked codici fiscali) for its members and the staff of its
/// seat's CPI; administrators also get the open invitations. A staff read is audited per member.
#[server(prefix = "/api", endpoint = "companies/members")]
pub async fn company_members(company_id: i64) -> Result<MembersView, AppError> {
    use crate::domain::policy::{may, Action, Basis};
    use crate::store::companies as store;
    let facts = server::facts()?;
    let mut tx = server::begin().await?;
    let (company, basis) =
        server::authorised_company(&mut tx, &facts, company_id, Action::Read).await?;
    let me = facts.require_principal()?.user_id.0;
    let can_manage = may(
        &facts.actor(),
        Action::ManageMembers,
        &server::company_object(&company),
        facts.now,
    )
    .is_allowed();
    let members = store::members(&mut tx, company.id).await?;
    if !matches!(basis, Basis::CompanyMember { .. }) {
        let object_id = company.id.0.to_string();
        for member in members.iter().filter(|m| m.person_id.is_some()) {
            facts
                .audit(
                    &mut tx,
                    server::audit(
                        "company.member.read",
                        "company",
                        &object_id,
                        member.person_id,
                        Some(&basis),
                        None,
                    ),
                )
                .await?;
        }
    }
    let invitations = if can_manage {
        store::open_invitations_of_company(&mut tx, company.id, facts.now)
            .await?
            .iter()
            .map(server::invitation_row)
            .collect()
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(MembersView {
        company_id: company.id.0,
        company_name: company.name,
        partita_iva: company.partita_iva,
        can_manage,
        members: members.iter().map(|m| server::member_row(m, me)).collect(),
        invitations,
    })
}

/// Invites a person, by codice fiscale, to join the company as `role` (`admin` or `recruiter`);
/// administrators only. Nobody is looked up: the invitation waits for whoever logs in with that
/// code, for [`crate::domain::company_members::INVITATION_VALIDITY`].
#[server(prefix = "/api", endpoint = "companies/invite")]
pub async fn invite_member(
    company_id: i64,
    codice_fiscale: String,
    role: String,
) -> Result<InvitationRow, AppError> {
    use crate::domain::codice_fiscale::{masked, CodiceFiscale};
    use crate::domain::company_members::INVITATION_VALIDITY;
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let mut tx = server::begin().await?;
    let (company, basis) =
        server::authorised_company(&mut tx, &facts, company_id, Action::ManageMembers).await?;
    let code = CodiceFiscale::parse(&codice_fiscale)
        .map_err(|_| server::refused("codice_fiscale", &codice_fiscale))?;
    let role = MemberRole::parse(&role).ok_or_else(|| server::refused("role", &role))?;
    let me = facts.require_principal()?.user_id.0;
    let expires_at = facts.now.plus(INVITATION_VALIDITY);
    let id = store::insert_invitation(
        &mut tx,
        company.id,
        code.as_str(),
        role,
        me,
        facts.now,
        expires_at,
    )
    .await?;
    let detail = serde_json::json!({
        "company_id": company.id.0,
        "role": role.code(),
        "codice_fiscale": masked(code.as_str()),
    });
    let object_id = id.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "company.member.invite",
                "company_invitation",
                &object_id,
                None,
                Some(&basis),
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&server::members_page(company.id.0, "invitato"));
    Ok(InvitationRow {
        id,
        company_name: company.name,
        code: masked(code.as_str()),
        role,
        expires_on: server::last_day(expires_at),
    })
}

/// Removes a member (administrators only, themselves included), revoking their company role from
/// this instant: their next request already goes without it. The last administrator cannot be
/// removed (`Conflict`).
#[server(prefix = "/api", endpoint = "companies/remove-member")]
pub async fn remove_member(company_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::domain::company_members::removal_allowed;
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let mut tx = server::begin().await?;
    let (company, basis) =
        server::authorised_company(&mut tx, &facts, company_id, Action::ManageMembers).await?;
    store::lock_company(&mut tx, company.id).await?;
    let members = store::members(&mut tx, company.id).await?;
    let member = members
        .iter()
        .find(|m| m.user_id == user_id)
        .ok_or(AppError::NotFound)?;
    let administrators = members
        .iter()
        .filter(|m| m.role == MemberRole::Admin)
        .count();
    if !removal_allowed(member.role, administrators) {
        return Err(AppError::Conflict);
    }
    store::remove_member(&mut tx, company.id, user_id, facts.now).await?;
    let detail = serde_json::json!({ "user_id": user_id, "role": member.role.code() });
    let object_id = company.id.0.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "company.member.remove",
                "company",
                &object_id,
                member.person_id,
                Some(&basis),
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    let me = facts.require_principal()?.user_id.0;
    if user_id == me {
        leptos_axum::redirect(&format!("{COMPANY_PAGE}?esito=uscito"));
    } else {
        leptos_axum::redirect(&server::members_page(company.id.0, "rimosso"));
    }
    Ok(())
}

/// The open invitations addressed to the caller's codice fiscale.
#[server(prefix = "/api", endpoint = "companies/invitations")]
pub async fn my_invitations() -> Result<Vec<InvitationRow>, AppError> {
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let (me, _) = server::own_person(&facts, Action::Read)?;
    let mut tx = server::begin().await?;
    let code = store::person_codice_fiscale(&mut tx, me)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = store::open_invitations_for(&mut tx, &code, facts.now)
        .await?
        .iter()
        .map(server::invitation_row)
        .collect();
    tx.commit().await?;
    Ok(rows)
}

/// Accepts an open invitation addressed to the caller's codice fiscale: they become a member with
/// the invited role (never lower than the one they hold). Anyone else's invitation, and one no
/// longer open, answers `NotFound`.
#[server(prefix = "/api", endpoint = "companies/accept-invitation")]
pub async fn accept_invitation(invitation_id: i64) -> Result<(), AppError> {
    use crate::domain::company_members::role_after_accepting;
    use crate::domain::policy::Action;
    use crate::store::companies as store;
    let facts = server::facts()?;
    let (me, basis) = server::own_person(&facts, Action::Update)?;
    let user = facts.require_principal()?.user_id.0;
    let mut tx = server::begin().await?;
    let code = store::person_codice_fiscale(&mut tx, me)
        .await?
        .ok_or(AppError::NotFound)?;
    let invitation = store::invitation_by_id(&mut tx, invitation_id)
        .await?
        .filter(|i| i.codice_fiscale == code && i.times.is_open(facts.now))
        .ok_or(AppError::NotFound)?;
    store::lock_company(&mut tx, invitation.company_id).await?;
    if !store::mark_invitation_accepted(&mut tx, invitation.id, user, facts.now).await? {
        return Err(AppError::NotFound);
    }
    let current = store::member_role(&mut tx, invitation.company_id, user).await?;
    let role = role_after_accepting(current, invitation.role);
    store::set_member_role(&mut tx, invitation.company_id, user, role, facts.now).await?;
    let detail = serde_json::json!({
        "company_id": invitation.company_id.0,
        "invited_role": invitation.role.code(),
        "role": role.code(),
    });
    let object_id = invitation.id.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "company.invitation.accept",
                "company_invitation",
                &object_id,
                Some(me),
                Some(&basis),
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{COMPANY_PAGE}?esito=accettato"));
    Ok(())
}
