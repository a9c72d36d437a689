//! Companies and their members (issue 4): claims, invitations, and membership as company role
//! grants (`user_role`). Whether an actor may do any of this is decided by `domain::policy` and
//! the rules in `domain::company_members`; this module only reads and writes rows.

use super::users::{grant_role, revoke_role, Grant};
use crate::domain::company_members::{ClaimBasis, ClaimState, InvitationTimes, MemberRole};
use crate::domain::partita_iva::PartitaIva;
use crate::domain::policy::{CompanyId, CpiCode, PersonId};
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn instant(row: &AnyRow, column: &str) -> Result<Timestamp, sqlx::Error> {
    Timestamp::parse_iso(&row.try_get::<String, _>(column)?).map_err(decode_error)
}

fn optional_instant(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, sqlx::Error> {
    row.try_get::<Option<String>, _>(column)?
        .map(|t| Timestamp::parse_iso(&t))
        .transpose()
        .map_err(decode_error)
}

fn bad_value(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("{column} has an unknown value {value:?}"))
}

/// A company as the membership pages and the policy need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRecord {
    pub id: CompanyId,
    pub partita_iva: String,
    pub name: String,
    /// The CPI of the seat's comune; `None` outside the region the CPIs serve.
    pub seat_cpi: Option<CpiCode>,
}

const COMPANY_COLUMNS: &str = "SELECT c.id, c.partita_iva, c.name, m.cpi_code FROM company c \
     LEFT JOIN comune m ON m.istat_code = c.seat_istat";

fn company_from_row(row: &AnyRow) -> Result<CompanyRecord, sqlx::Error> {
    Ok(CompanyRecord {
        id: CompanyId(row.try_get("id")?),
        partita_iva: row.try_get("partita_iva")?,
        name: row.try_get("name")?,
        seat_cpi: row.try_get::<Option<String>, _>("cpi_code")?.map(CpiCode),
    })
}

pub async fn company_by_id(
    conn: &mut AnyConnection,
    id: CompanyId,
) -> Result<Option<CompanyRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{COMPANY_COLUMNS} WHERE c.id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(company_from_row)
    .transpose()
}

pub async fn company_by_partita_iva(
    conn: &mut AnyConnection,
    partita_iva: &PartitaIva,
) -> Result<Option<CompanyRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{COMPANY_COLUMNS} WHERE c.partita_iva = $1"
    )))
    .bind(partita_iva.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(company_from_row)
    .transpose()
}

/// Serialises changes to one company's members: a no-op write on the company row, which takes
/// the row lock on PostgreSQL and the write lock on SQLite, so two administrators removing each
/// other at once cannot both pass the "last administrator" check. False if there is no such
/// company.
pub async fn lock_company(conn: &mut AnyConnection, id: CompanyId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE company SET name = name WHERE id = $1")
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A member: an enabled account with an active company role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub user_id: i64,
    pub display_name: String,
    pub person_id: Option<PersonId>,
    pub codice_fiscale: Option<String>,
    pub role: MemberRole,
    pub since: Timestamp,
}

fn role_of_grant(role: &str) -> Result<MemberRole, sqlx::Error> {
    match role {
        "company_admin" => Ok(MemberRole::Admin),
        "company_recruiter" => Ok(MemberRole::Recruiter),
        other => Err(bad_value("user_role.role", other)),
    }
}

fn grant_of(role: MemberRole, company: CompanyId) -> Grant {
    match role {
        MemberRole::Admin => Grant::CompanyAdmin {
            company_id: company.0,
        },
        MemberRole::Recruiter => Grant::CompanyRecruiter {
            company_id: company.0,
        },
    }
}

/// The company's members, administrators first, then by name. Disabled accounts are not members:
/// they cannot act, and counting them would let a company keep an administrator nobody can be.
pub async fn members(
    conn: &mut AnyConnection,
    company: CompanyId,
) -> Result<Vec<MemberRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.person_id, p.codice_fiscale, r.role, r.granted_at \
         FROM user_role r JOIN app_user u ON u.id = r.user_id \
         LEFT JOIN person p ON p.id = u.person_id \
         WHERE r.company_id = $1 AND r.revoked_at IS NULL AND u.disabled_at IS NULL \
         AND r.role IN ('company_admin', 'company_recruiter') \
         ORDER BY r.role, u.display_name, u.id",
    )
    .bind(company.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<MemberRecord> = Vec::with_capacity(rows.len());
    for row in &rows {
        let user_id: i64 = row.try_get("id")?;
        // One row per person: an account holding both grants shows as administrator (rows come
        // administrators first).
        if out.iter().any(|m| m.user_id == user_id) {
            continue;
        }
        out.push(MemberRecord {
            user_id,
            display_name: row.try_get("display_name")?,
            person_id: row.try_get::<Option<i64>, _>("person_id")?.map(PersonId),
            codice_fiscale: row.try_get("codice_fiscale")?,
            role: role_of_grant(&row.try_get::<String, _>("role")?)?,
            since: instant(row, "granted_at")?,
        });
    }
    Ok(out)
}

/// The companies a user is a member of, with their role, by company name.
pub async fn companies_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<(CompanyRecord, MemberRole)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.partita_iva, c.name, m.cpi_code, r.role FROM user_role r \
         JOIN company c ON c.id = r.company_id \
         LEFT JOIN comune m ON m.istat_code = c.seat_istat \
         WHERE r.user_id = $1 AND r.revoked_at IS NULL \
         AND r.role IN ('company_admin', 'company_recruiter') \
         ORDER BY c.name, c.id, r.role",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(CompanyRecord, MemberRole)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let company = company_from_row(row)?;
        if out.iter().any(|(c, _)| c.id == company.id) {
            continue;
        }
        out.push((company, role_of_grant(&row.try_get::<String, _>("role")?)?));
    }
    Ok(out)
}

/// The user's role in the company, if they are a member.
pub async fn member_role(
    conn: &mut AnyConnection,
    company: CompanyId,
    user_id: i64,
) -> Result<Option<MemberRole>, sqlx::Error> {
    Ok(members(conn, company)
        .await?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .map(|m| m.role))
}

/// Makes the user a member with exactly `role`: grants it and revokes the other company role.
pub async fn set_member_role(
    conn: &mut AnyConnection,
    company: CompanyId,
    user_id: i64,
    role: MemberRole,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    for other in MemberRole::ALL.into_iter().filter(|r| *r != role) {
        revoke_role(conn, user_id, &grant_of(other, company), now).await?;
    }
    grant_role(conn, user_id, &grant_of(role, company), now).await?;
    Ok(())
}

/// Ends the user's membership: both company roles revoked from `now`. Roles are loaded at every
/// request, so the member's next request already goes without them.
pub async fn remove_member(
    conn: &mut AnyConnection,
    company: CompanyId,
    user_id: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let mut removed = false;
    for role in MemberRole::ALL {
        removed |= revoke_role(conn, user_id, &grant_of(role, company), now).await?;
    }
    Ok(removed)
}

/// A claim with the company's name, for the claimant's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRecord {
    pub id: i64,
    pub company_id: CompanyId,
    pub company_name: String,
    pub partita_iva: String,
    pub state: ClaimState,
    pub created_at: Timestamp,
}

pub async fn has_pending_claim(
    conn: &mut AnyConnection,
    company: CompanyId,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM company_claim WHERE company_id = $1 AND claimant_user_id = $2 \
         AND state = 'pending'",
    )
    .bind(company.0)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .is_some())
}

/// Records a claim; a decided one (`granted`, `refused`) is decided at `now`.
pub async fn insert_claim(
    conn: &mut AnyConnection,
    company: CompanyId,
    user_id: i64,
    basis: ClaimBasis,
    state: ClaimState,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let decided_at = (state != ClaimState::Pending).then(|| now.to_iso());
    sqlx::query(
        "INSERT INTO company_claim (company_id, claimant_user_id, basis, state, created_at, \
         decided_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company.0)
    .bind(user_id)
    .bind(basis.code())
    .bind(state.code())
    .bind(now.to_iso())
    .bind(decided_at)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// The user's claims still waiting for the register check, newest first.
pub async fn pending_claims_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<ClaimRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.id, k.company_id, c.name, c.partita_iva, k.state, k.created_at \
         FROM company_claim k JOIN company c ON c.id = k.company_id \
         WHERE k.claimant_user_id = $1 AND k.state = 'pending' ORDER BY k.created_at DESC, k.id DESC",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            Ok(ClaimRecord {
                id: row.try_get("id")?,
                company_id: CompanyId(row.try_get("company_id")?),
                company_name: row.try_get("name")?,
                partita_iva: row.try_get("partita_iva")?,
                state: ClaimState::parse(&state)
                    .ok_or_else(|| bad_value("company_claim.state", &state))?,
                created_at: instant(row, "created_at")?,
            })
        })
        .collect()
}

/// An invitation with its company's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: i64,
    pub company_id: CompanyId,
    pub company_name: String,
    pub codice_fiscale: String,
    pub role: MemberRole,
    pub created_at: Timestamp,
    pub times: InvitationTimes,
}

const INVITATION_COLUMNS: &str = "SELECT i.id, i.company_id, c.name, i.codice_fiscale, i.role, \
     i.created_at, i.expires_at, i.accepted_at, i.revoked_at FROM company_invitation i \
     JOIN company c ON c.id = i.company_id";

fn invitation_from_row(row: &AnyRow) -> Result<InvitationRecord, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(InvitationRecord {
        id: row.try_get("id")?,
        company_id: CompanyId(row.try_get("company_id")?),
        company_name: row.try_get("name")?,
        codice_fiscale: row.try_get("codice_fiscale")?,
        role: MemberRole::parse(&role)
            .ok_or_else(|| bad_value("company_invitation.role", &role))?,
        created_at: instant(row, "created_at")?,
        times: InvitationTimes {
            expires_at: instant(row, "expires_at")?,
            accepted_at: optional_instant(row, "accepted_at")?,
            revoked_at: optional_instant(row, "revoked_at")?,
        },
    })
}

/// Records an invitation for a codice fiscale. Looks nobody up: whether the code belongs to one
/// of our users is not the company's business.
pub async fn insert_invitation(
    conn: &mut AnyConnection,
    company: CompanyId,
    codice_fiscale: &str,
    role: MemberRole,
    invited_by: i64,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO company_invitation (company_id, codice_fiscale, role, invited_by_user_id, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company.0)
    .bind(codice_fiscale)
    .bind(role.code())
    .bind(invited_by)
    .bind(now.to_iso())
    .bind(expires_at.to_iso())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

pub async fn invitation_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<InvitationRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{INVITATION_COLUMNS} WHERE i.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(invitation_from_row)
    .transpose()
}

/// Open invitations (not accepted, not revoked, not expired at `now`) for a codice fiscale.
pub async fn open_invitations_for(
    conn: &mut AnyConnection,
    codice_fiscale: &str,
    now: Timestamp,
) -> Result<Vec<InvitationRecord>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{INVITATION_COLUMNS} WHERE i.codice_fiscale = $1 AND i.accepted_at IS NULL \
         AND i.revoked_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC"
    )))
    .bind(codice_fiscale)
    .bind(now.to_iso())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(invitation_from_row).collect()
}

/// A company's open invitations, newest first.
pub async fn open_invitations_of_company(
    conn: &mut AnyConnection,
    company: CompanyId,
    now: Timestamp,
) -> Result<Vec<InvitationRecord>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{INVITATION_COLUMNS} WHERE i.company_id = $1 AND i.accepted_at IS NULL \
         AND i.revoked_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC"
    )))
    .bind(company.0)
    .bind(now.to_iso())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(invitation_from_row).collect()
}

/// Stamps an open invitation accepted by `user_id`. False if it was no longer open.
pub async fn mark_invitation_accepted(
    conn: &mut AnyConnection,
    id: i64,
    user_id: i64,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE company_invitation SET accepted_at = $3, accepted_by_user_id = $2 \
         WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(id)
    .bind(user_id)
    .bind(now.to_iso())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The codice fiscale of a person.
pub async fn person_codice_fiscale(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT codice_fiscale FROM person WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
}
