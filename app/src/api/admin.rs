//! Accounts and role grants, for administrators (issue 4): find accounts by name, grant and revoke
//! roles with their scope, disable and enable accounts. Administrators configure who may do what
//! but read no citizen's personal data: an account shows its name and whether a person is behind
//! it, never the person's codice fiscale or anything else about them.
//!
//! Every function asks the policy first (`Object::Admin`: administrators only), parses its input
//! into a [`crate::store::users::Grant`], changes the database and writes the audit row in one
//! transaction. A role change counts from the user's next request (roles are loaded afresh at
//! each request); disabling ends every session of the account in the same transaction.
//!
//! Rules of our own:
//! - A change that would change nothing is a `Conflict` and writes no audit row: granting a grant
//!   already in force, revoking one not in force, disabling a disabled account, enabling an active
//!   one.
//! - An administrator can neither disable their own account nor revoke their own `admin` grant
//!   (`Conflict`), so the region never locks itself out by a slip.

use crate::api::session::RoleKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page of accounts and grants.
pub const ADMIN_USERS_PAGE: &str = "/amministrazione/utenti";
/// At most this many accounts answer one search.
pub const MAX_ACCOUNTS: i64 = 50;
/// The longest name fragment a search takes.
pub const MAX_QUERY_CHARS: u32 = 100;

/// The role names the grant forms send, with the kind each stands for.
pub const ROLE_CODES: [(&str, RoleKind); 8] = [
    ("citizen", RoleKind::Citizen),
    ("company_admin", RoleKind::CompanyAdmin),
    ("company_recruiter", RoleKind::CompanyRecruiter),
    ("operator", RoleKind::Operator),
    ("supervisor", RoleKind::Supervisor),
    ("intermediary", RoleKind::Intermediary),
    ("admin", RoleKind::Admin),
    ("auditor", RoleKind::Auditor),
];

/// A grant in force, with its scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub role: RoleKind,
    /// One of [`ROLE_CODES`], as the revoke form sends it back.
    pub role_code: String,
    pub cpi_code: Option<String>,
    pub company_id: Option<i64>,
    pub company_name: Option<String>,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
}

/// An account as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub display_name: String,
    pub disabled: bool,
    /// A person (citizen) is behind the account; who, administrators are not told.
    pub linked_to_person: bool,
    /// The caller's own account.
    pub is_me: bool,
    pub grants: Vec<GrantRow>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::{request_facts, AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, Object};
    use crate::error::{FieldError, FieldProblem};
    use crate::store::use_db;
    use crate::store::users::{Grant, NamedGrant, User};
    use sqlx::AnyConnection;

    pub fn facts() -> Result<RequestFacts, AppError> {
        request_facts()
    }

    /// The facts of the request, once the policy let the caller do `action` to the admin area.
    pub fn authorised(action: Action) -> Result<(RequestFacts, Basis), AppError> {
        let facts = facts()?;
        let basis = facts.authorise(action, &Object::Admin)?;
        Ok((facts, basis))
    }

    pub async fn begin() -> Result<sqlx::Transaction<'static, sqlx::Any>, AppError> {
        Ok(use_db()?.begin_write().await?)
    }

    fn problem(field: &str, problem: FieldProblem) -> FieldError {
        FieldError {
            field: field.to_string(),
            problem,
        }
    }

    /// A form field, `None` when absent or blank (a plain form sends every field of the form).
    fn given(value: Option<String>) -> Option<String> {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// The grant the form describes: a known role with exactly the scope it needs. Every field in
    /// error is named (`role`, `cpi_code`, `company_id`, `organisation_id`). Whether the scope
    /// exists is the caller's check.
    pub fn parse_grant(
        role: &str,
        cpi_code: Option<String>,
        company_id: Option<String>,
        organisation_id: Option<String>,
    ) -> Result<Grant, AppError> {
        let mut fields = Vec::new();
        let kind = ROLE_CODES
            .iter()
            .find(|(code, _)| *code == role.trim())
            .map(|(_, kind)| *kind);
        if kind.is_none() {
            let p = if role.trim().is_empty() {
                FieldProblem::Required
            } else {
                FieldProblem::Invalid
            };
            fields.push(problem("role", p));
        }
        let cpi = given(cpi_code).map(|c| c.to_uppercase());
        let id = |field: &'static str, value: Option<String>, fields: &mut Vec<FieldError>| {
            let value = given(value)?;
            match value.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    fields.push(problem(field, FieldProblem::Invalid));
                    None
                }
            }
        };
        let company = id("company_id", company_id, &mut fields);
        let organisation = id("organisation_id", organisation_id, &mut fields);
        let needs = kind.map(|k| match k {
            RoleKind::Operator => "cpi_code",
            RoleKind::CompanyAdmin | RoleKind::CompanyRecruiter => "company_id",
            RoleKind::Intermediary => "organisation_id",
            RoleKind::Citizen | RoleKind::Supervisor | RoleKind::Admin | RoleKind::Auditor => "",
        });
        if let Some(needs) = needs {
            for (field, present) in [
                ("cpi_code", cpi.is_some()),
                ("company_id", company.is_some()),
                ("organisation_id", organisation.is_some()),
            ] {
                let already = fields.iter().any(|f| f.field == field);
                if field == needs && !present && !already {
                    fields.push(problem(field, FieldProblem::Required));
                } else if field != needs && present {
                    fields.push(problem(field, FieldProblem::Invalid));
                }
            }
        }
        let grant = match (kind, cpi, company, organisation) {
            (Some(RoleKind::Citizen), None, None, None) => Grant::Citizen,
            (Some(RoleKind::Supervisor), None, None, None) => Grant::Supervisor,
            (Some(RoleKind::Admin), None, None, None) => Grant::Admin,
            (Some(RoleKind::Auditor), None, None, None) => Grant::Auditor,
            (Some(RoleKind::Operator), Some(cpi_code), None, None) => Grant::Operator { cpi_code },
            (Some(RoleKind::CompanyAdmin), None, Some(company_id), None) => {
                Grant::CompanyAdmin { company_id }
            }
            (Some(RoleKind::CompanyRecruiter), None, Some(company_id), None) => {
                Grant::CompanyRecruiter { company_id }
            }
            (Some(RoleKind::Intermediary), None, None, Some(organisation_id)) => {
                Grant::Intermediary { organisation_id }
            }
            _ => {
                if fields.is_empty() {
                    fields.push(problem("role", FieldProblem::Invalid));
                }
                return Err(AppError::Validation { fields });
            }
        };
        if fields.is_empty() {
            Ok(grant)
        } else {
            Err(AppError::Validation { fields })
        }
    }

    /// The grant's scope exists (`Validation` on the scope's field if not), and a citizen grant
    /// goes only to an account a person is behind.
    pub async fn check_scope(
        conn: &mut AnyConnection,
        user: &User,
        grant: &Grant,
    ) -> Result<(), AppError> {
        use crate::domain::policy::{CompanyId, OrganisationId};
        let (exists, field) = match grant {
            Grant::Citizen => (user.person_id.is_some(), "role"),
            Grant::Operator { cpi_code } => (
                crate::store::users::cpi_exists(conn, cpi_code).await?,
                "cpi_code",
            ),
            Grant::CompanyAdmin { company_id } | Grant::CompanyRecruiter { company_id } => (
                crate::store::companies::company_by_id(conn, CompanyId(*company_id))
                    .await?
                    .is_some(),
                "company_id",
            ),
            Grant::Intermediary { organisation_id } => (
                crate::store::mandates::organisation_by_id(conn, OrganisationId(*organisation_id))
                    .await?
                    .is_some(),
                "organisation_id",
            ),
            Grant::Supervisor | Grant::Admin | Grant::Auditor => (true, ""),
        };
        if exists {
            Ok(())
        } else {
            Err(AppError::invalid(field))
        }
    }

    /// The account `user_id`, or `NotFound`.
    pub async fn account(conn: &mut AnyConnection, user_id: i64) -> Result<User, AppError> {
        crate::store::users::user_by_id_on(conn, user_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub fn kind_of(grant: &Grant) -> RoleKind {
        match grant {
            Grant::Citizen => RoleKind::Citizen,
            Grant::CompanyAdmin { .. } => RoleKind::CompanyAdmin,
            Grant::CompanyRecruiter { .. } => RoleKind::CompanyRecruiter,
            Grant::Operator { .. } => RoleKind::Operator,
            Grant::Supervisor => RoleKind::Supervisor,
            Grant::Intermediary { .. } => RoleKind::Intermediary,
            Grant::Admin => RoleKind::Admin,
            Grant::Auditor => RoleKind::Auditor,
        }
    }

    pub fn grant_row(named: NamedGrant) -> GrantRow {
        let (cpi_code, company_id, organisation_id) = match &named.grant {
            Grant::Operator { cpi_code } => (Some(cpi_code.clone()), None, None),
            Grant::CompanyAdmin { company_id } | Grant::CompanyRecruiter { company_id } => {
                (None, Some(*company_id), None)
            }
            Grant::Intermediary { organisation_id } => (None, None, Some(*organisation_id)),
            Grant::Citizen | Grant::Supervisor | Grant::Admin | Grant::Auditor => {
                (None, None, None)
            }
        };
        GrantRow {
            role: kind_of(&named.grant),
            role_code: named.grant.role_name().to_string(),
            cpi_code,
            company_id,
            company_name: named.company_name,
            organisation_id,
            organisation_name: named.organisation_name,
        }
    }

    /// The audit detail of a grant: role and scope ids, nothing about the person.
    pub fn grant_detail(grant: &Grant) -> serde_json::Value {
        let row = grant_row(NamedGrant {
            grant: grant.clone(),
            company_name: None,
            organisation_name: None,
        });
        serde_json::json!({
            "role": row.role_code,
            "cpi_code": row.cpi_code,
            "company_id": row.company_id,
            "organisation_id": row.organisation_id,
        })
    }

    /// The audit row of a change to account `user`. The account's person, if any, is its subject,
    /// so the change shows in their own "who accessed my data".
    pub fn audit<'a>(
        action: &'a str,
        object_id: &'a str,
        user: &User,
        basis: &'a Basis,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type: "user",
            object_id: Some(object_id),
            subject_person_id: user.person_id,
            basis: Some(basis),
            detail,
        }
    }

    pub fn back(outcome: &str) {
        leptos_axum::redirect(&format!("{ADMIN_USERS_PAGE}?esito={outcome}"));
    }
}

/// The accounts whose display name contains `q` (case-insensitive; every account when empty),
/// by name, at most [`MAX_ACCOUNTS`], with their grants in force.
#[server(prefix = "/api", endpoint = "admin/accounts")]
pub async fn admin_accounts(q: Option<String>) -> Result<Vec<AccountRow>, AppError> {
    use crate::domain::policy::Action;
    use crate::error::{FieldError, FieldProblem};
    let (facts, _) = server::authorised(Action::Read)?;
    let me = facts.require_principal()?.user_id.0;
    let needle = q.as_deref().map(str::trim).unwrap_or_default();
    if needle.chars().count() > MAX_QUERY_CHARS as usize {
        return Err(AppError::Validation {
            fields: vec![FieldError {
                field: "q".into(),
                problem: FieldProblem::TooLong {
                    max: MAX_QUERY_CHARS,
                },
            }],
        });
    }
    let mut tx = server::begin().await?;
    let accounts = crate::store::users::accounts_by_name(&mut tx, needle, MAX_ACCOUNTS).await?;
    tx.commit().await?;
    Ok(accounts
        .into_iter()
        .map(|a| AccountRow {
            id: a.id,
            display_name: a.display_name,
            disabled: a.disabled,
            linked_to_person: a.linked_to_person,
            is_me: a.id == me,
            grants: a.grants.into_iter().map(server::grant_row).collect(),
        })
        .collect())
}

/// Grants `role` to account `user_id`, with the one scope the role needs (`cpi_code` for an
/// operator, `company_id` for company roles, `organisation_id` for intermediaries; none for the
/// others). It counts from the user's next request.
#[server(prefix = "/api", endpoint = "admin/grant-role")]
pub async fn admin_grant_role(
    user_id: i64,
    role: String,
    cpi_code: Option<String>,
    company_id: Option<String>,
    organisation_id: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::policy::Action;
    let (facts, basis) = server::authorised(Action::Create)?;
    let grant = server::parse_grant(&role, cpi_code, company_id, organisation_id)?;
    let mut tx = server::begin().await?;
    let user = server::account(&mut tx, user_id).await?;
    server::check_scope(&mut tx, &user, &grant).await?;
    if !crate::store::users::grant_role(&mut tx, user.id, &grant, facts.now).await? {
        return Err(AppError::Conflict);
    }
    let detail = server::grant_detail(&grant);
    let object_id = user.id.to_string();
    facts
        .audit(
            &mut tx,
            server::audit("admin.role.grant", &object_id, &user, &basis, Some(&detail)),
        )
        .await?;
    tx.commit().await?;
    server::back("ruolo-concesso");
    Ok(())
}

/// Revokes a grant in force from account `user_id` (same fields as [`admin_grant_role`]). It
/// counts from the user's next request.
#[server(prefix = "/api", endpoint = "admin/revoke-role")]
pub async fn admin_revoke_role(
    user_id: i64,
    role: String,
    cpi_code: Option<String>,
    company_id: Option<String>,
    organisation_id: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::policy::Action;
    use crate::store::users::Grant;
    let (facts, basis) = server::authorised(Action::Close)?;
    let grant = server::parse_grant(&role, cpi_code, company_id, organisation_id)?;
    let me = facts.require_principal()?.user_id.0;
    let mut tx = server::begin().await?;
    let user = server::account(&mut tx, user_id).await?;
    if user.id == me && grant == Grant::Admin {
        return Err(AppError::Conflict);
    }
    if !crate::store::users::revoke_role(&mut tx, user.id, &grant, facts.now).await? {
        return Err(AppError::Conflict);
    }
    let detail = server::grant_detail(&grant);
    let object_id = user.id.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "admin.role.revoke",
                &object_id,
                &user,
                &basis,
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    server::back("ruolo-revocato");
    Ok(())
}

/// Disables account `user_id` (every session of it ends in the same transaction, so its very
/// next request is anonymous, and it cannot log in) or enables it again (the user logs in
/// afresh). The caller's own account cannot be disabled (`Conflict`).
#[server(prefix = "/api", endpoint = "admin/set-disabled")]
pub async fn admin_set_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::domain::policy::Action;
    use crate::store::users::{disable_user, enable_user};
    let (facts, basis) = server::authorised(Action::Update)?;
    let me = facts.require_principal()?.user_id.0;
    let mut tx = server::begin().await?;
    let user = server::account(&mut tx, user_id).await?;
    let object_id = user.id.to_string();
    if disabled {
        if user.id == me || user.disabled_at.is_some() {
            return Err(AppError::Conflict);
        }
        let ended = disable_user(&mut tx, user.id, facts.now).await?;
        let detail = serde_json::json!({ "sessions_ended": ended });
        facts
            .audit(
                &mut tx,
                server::audit(
                    "admin.user.disable",
                    &object_id,
                    &user,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
    } else {
        if !enable_user(&mut tx, user.id).await? {
            return Err(AppError::Conflict);
        }
        facts
            .audit(
                &mut tx,
                server::audit("admin.user.enable", &object_id, &user, &basis, None),
            )
            .await?;
    }
    tx.commit().await?;
    server::back(if disabled {
        "disabilitato"
    } else {
        "riabilitato"
    });
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::server::parse_grant;
    use crate::error::{AppError, FieldProblem};
    use crate::store::users::Grant;

    /// role, cpi_code, company_id, organisation_id as the form sends them.
    type Input = (&'static str, Option<String>, Option<String>, Option<String>);

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// The (field, problem) pairs of a refusal.
    fn refused(result: Result<Grant, AppError>) -> Vec<(String, FieldProblem)> {
        match result {
            Err(AppError::Validation { fields }) => {
                fields.into_iter().map(|f| (f.field, f.problem)).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn parses_each_role_with_exactly_its_scope() {
        let cases = [
            (("citizen", None, None, None), Grant::Citizen),
            (("supervisor", s(""), s(" "), None), Grant::Supervisor),
            (("admin", None, None, None), Grant::Admin),
            (("auditor", None, None, None), Grant::Auditor),
            (
                ("operator", s(" pg "), s(""), s("")),
                Grant::Operator {
                    cpi_code: "PG".into(),
                },
            ),
            (
                ("company_admin", None, s("7"), None),
                Grant::CompanyAdmin { company_id: 7 },
            ),
            (
                ("company_recruiter", None, s("7"), None),
                Grant::CompanyRecruiter { company_id: 7 },
            ),
            (
                ("intermediary", None, None, s("3")),
                Grant::Intermediary { organisation_id: 3 },
            ),
        ];
        for ((role, cpi, company, org), grant) in cases {
            assert_eq!(parse_grant(role, cpi, company, org), Ok(grant), "{role}");
        }
    }

    #[test]
    fn rejects_unknown_roles_and_missing_or_extra_scopes() {
        use FieldProblem::{Invalid, Required};
        let cases: [(Input, Vec<(&str, FieldProblem)>); 8] = [
            (("root", None, None, None), vec![("role", Invalid)]),
            (("", None, None, None), vec![("role", Required)]),
            (("operator", None, None, None), vec![("cpi_code", Required)]),
            (
                ("operator", s("PG"), s("7"), None),
                vec![("company_id", Invalid)],
            ),
            (
                ("supervisor", s("PG"), None, None),
                vec![("cpi_code", Invalid)],
            ),
            (
                ("company_admin", None, s("seven"), None),
                vec![("company_id", Invalid)],
            ),
            (
                ("intermediary", None, None, s("-1")),
                vec![("organisation_id", Invalid)],
            ),
            (
                ("citizen", None, None, s("3")),
                vec![("organisation_id", Invalid)],
            ),
        ];
        for ((role, cpi, company, org), expected) in cases {
            let expected: Vec<(String, FieldProblem)> = expected
                .into_iter()
                .map(|(f, p)| (f.to_string(), p))
                .collect();
            assert_eq!(
                refused(parse_grant(role, cpi, company, org)),
                expected,
                "{role}"
            );
        }
    }
}
