//! User accounts and their role grants (issue 4). Grants are history: revoking stamps `revoked_at`,
//! granting again adds a row; the database allows one active grant per role and scope.

use super::sessions::end_user_sessions;
use super::Db;
use crate::domain::session_policy::{EndReason, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

/// What a user may be, with the scope each role needs built in, so a grant without its scope (an
/// operator of no CPI) cannot be written down.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Grant {
    Citizen,
    /// Administrator of a company: manages its members and vacancies.
    CompanyAdmin {
        company_id: i64,
    },
    /// Recruiter of a company: works on its vacancies.
    CompanyRecruiter {
        company_id: i64,
    },
    /// Staff of one CPI.
    Operator {
        cpi_code: String,
    },
    /// Regional supervisor: all CPIs.
    Supervisor,
    /// Person of an accredited organisation (patronato, union, trade association, comune desk).
    Intermediary {
        organisation_id: i64,
    },
    Admin,
    /// Reads the audit log only.
    Auditor,
}

impl Grant {
    /// The value of `user_role.role`.
    pub fn role_name(&self) -> &'static str {
        match self {
            Grant::Citizen => "citizen",
            Grant::CompanyAdmin { .. } => "company_admin",
            Grant::CompanyRecruiter { .. } => "company_recruiter",
            Grant::Operator { .. } => "operator",
            Grant::Supervisor => "supervisor",
            Grant::Intermediary { .. } => "intermediary",
            Grant::Admin => "admin",
            Grant::Auditor => "auditor",
        }
    }

    /// (cpi_code, company_id, organisation_id) as stored.
    fn scope(&self) -> (Option<&str>, Option<i64>, Option<i64>) {
        match self {
            Grant::CompanyAdmin { company_id } | Grant::CompanyRecruiter { company_id } => {
                (None, Some(*company_id), None)
            }
            Grant::Operator { cpi_code } => (Some(cpi_code), None, None),
            Grant::Intermediary { organisation_id } => (None, None, Some(*organisation_id)),
            Grant::Citizen | Grant::Supervisor | Grant::Admin | Grant::Auditor => {
                (None, None, None)
            }
        }
    }

    fn from_columns(
        role: &str,
        cpi_code: Option<String>,
        company_id: Option<i64>,
        organisation_id: Option<i64>,
    ) -> Option<Grant> {
        Some(match (role, cpi_code, company_id, organisation_id) {
            ("citizen", None, None, None) => Grant::Citizen,
            ("company_admin", None, Some(company_id), None) => Grant::CompanyAdmin { company_id },
            ("company_recruiter", None, Some(company_id), None) => {
                Grant::CompanyRecruiter { company_id }
            }
            ("operator", Some(cpi_code), None, None) => Grant::Operator { cpi_code },
            ("supervisor", None, None, None) => Grant::Supervisor,
            ("intermediary", None, None, Some(organisation_id)) => {
                Grant::Intermediary { organisation_id }
            }
            ("admin", None, None, None) => Grant::Admin,
            ("auditor", None, None, None) => Grant::Auditor,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub person_id: Option<i64>,
    pub display_name: String,
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn user_from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
    let disabled_at = row
        .try_get::<Option<String>, _>("disabled_at")?
        .map(|t| Timestamp::parse_iso(&t))
        .transpose()
        .map_err(decode_error)?;
    Ok(User {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        display_name: row.try_get("display_name")?,
        disabled_at,
        created_at: Timestamp::parse_iso(&row.try_get::<String, _>("created_at")?)
            .map_err(decode_error)?,
    })
}

/// Creates an account, linked to a person when there is one. Returns its id. A second account for the
/// same person fails on the `app_user_person` unique index.
pub async fn create_user(
    conn: &mut AnyConnection,
    person_id: Option<i64>,
    display_name: &str,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_user (person_id, display_name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(person_id)
    .bind(display_name)
    .bind(now.to_iso())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

pub async fn user_by_id(db: &Db, user_id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query(
        "SELECT id, person_id, display_name, disabled_at, created_at FROM app_user WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

/// The account of a person (at most one).
pub async fn user_by_person(db: &Db, person_id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query(
        "SELECT id, person_id, display_name, disabled_at, created_at FROM app_user \
         WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(db.pool())
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

/// Grants a role. False when the same grant is already active (nothing changes).
pub async fn grant_role(
    conn: &mut AnyConnection,
    user_id: i64,
    grant: &Grant,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let (cpi_code, company_id, organisation_id) = grant.scope();
    let done = sqlx::query(
        "INSERT INTO user_role (user_id, role, cpi_code, company_id, organisation_id, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(grant.role_name())
    .bind(cpi_code)
    .bind(company_id)
    .bind(organisation_id)
    .bind(now.to_iso())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes an active grant. False when there was none.
pub async fn revoke_role(
    conn: &mut AnyConnection,
    user_id: i64,
    grant: &Grant,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let (cpi_code, company_id, organisation_id) = grant.scope();
    // The same COALESCE forms as the `user_role_active` index, compared with plain values so no NULL
    // parameter needs a type.
    let done = sqlx::query(
        "UPDATE user_role SET revoked_at = $6 WHERE user_id = $1 AND role = $2 \
         AND COALESCE(cpi_code, '') = $3 AND COALESCE(company_id, 0) = $4 \
         AND COALESCE(organisation_id, 0) = $5 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(grant.role_name())
    .bind(cpi_code.unwrap_or_default())
    .bind(company_id.unwrap_or_default())
    .bind(organisation_id.unwrap_or_default())
    .bind(now.to_iso())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The grants in force for a user, oldest first.
pub async fn active_grants(db: &Db, user_id: i64) -> Result<Vec<Grant>, sqlx::Error> {
    let mut conn = db.pool().begin().await?;
    let grants = active_grants_on(&mut conn, user_id).await?;
    conn.commit().await?;
    Ok(grants)
}

/// [`active_grants`] on a connection (inside a request's transaction).
pub async fn active_grants_on(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<Grant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT role, cpi_code, company_id, organisation_id FROM user_role \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY granted_at, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Grant::from_columns(
                &role,
                r.try_get("cpi_code")?,
                r.try_get("company_id")?,
                r.try_get("organisation_id")?,
            )
            .ok_or_else(|| {
                sqlx::Error::Protocol(format!("user_role row with role {role} has a wrong scope"))
            })
        })
        .collect()
}

/// Disables an account and ends all its sessions in the same transaction, so no request is served
/// for it once this commits. Returns how many sessions were ended. Disabling again keeps the first
/// `disabled_at`.
pub async fn disable_user(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE app_user SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1")
        .bind(user_id)
        .bind(now.to_iso())
        .execute(&mut **tx)
        .await?;
    end_user_sessions(tx, user_id, EndReason::UserDisabled, now).await
}

/// Enables a disabled account again. Its sessions stay ended: the user logs in afresh. False when
/// the account was not disabled (nothing changes).
pub async fn enable_user(conn: &mut AnyConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE app_user SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An account as administrators see it: no personal data beyond the name it shows, only whether
/// a person is behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: i64,
    pub display_name: String,
    pub disabled: bool,
    pub linked_to_person: bool,
    pub grants: Vec<NamedGrant>,
}

/// An active grant with the names of its company or organisation, for showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedGrant {
    pub grant: Grant,
    pub company_name: Option<String>,
    pub organisation_name: Option<String>,
}

/// `LIKE` pattern matching `needle` anywhere, with the wildcards in it taken literally
/// (escaped with `\`).
fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::from("%");
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The accounts whose display name contains `needle` (case-insensitive; all when empty), by name,
/// at most `limit`, each with its active grants (oldest first).
pub async fn accounts_by_name(
    conn: &mut AnyConnection,
    needle: &str,
    limit: i64,
) -> Result<Vec<AccountSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.disabled_at, u.person_id, r.role, r.cpi_code, \
         r.company_id, c.name AS company_name, r.organisation_id, o.name AS organisation_name \
         FROM (SELECT id, display_name, disabled_at, person_id FROM app_user \
               WHERE LOWER(display_name) LIKE $1 ESCAPE '\\' \
               ORDER BY display_name, id LIMIT $2) u \
         LEFT JOIN user_role r ON r.user_id = u.id AND r.revoked_at IS NULL \
         LEFT JOIN company c ON c.id = r.company_id \
         LEFT JOIN organisation o ON o.id = r.organisation_id \
         ORDER BY u.display_name, u.id, r.granted_at, r.id",
    )
    .bind(contains_pattern(needle))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut accounts: Vec<AccountSummary> = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        if accounts.last().is_none_or(|a| a.id != id) {
            accounts.push(AccountSummary {
                id,
                display_name: row.try_get("display_name")?,
                disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
                linked_to_person: row.try_get::<Option<i64>, _>("person_id")?.is_some(),
                grants: Vec::new(),
            });
        }
        let Some(role) = row.try_get::<Option<String>, _>("role")? else {
            continue;
        };
        let grant = Grant::from_columns(
            &role,
            row.try_get("cpi_code")?,
            row.try_get("company_id")?,
            row.try_get("organisation_id")?,
        )
        .ok_or_else(|| {
            sqlx::Error::Protocol(format!("user_role row with role {role} has a wrong scope"))
        })?;
        if let Some(account) = accounts.last_mut() {
            account.grants.push(NamedGrant {
                grant,
                company_name: row.try_get("company_name")?,
                organisation_name: row.try_get("organisation_name")?,
            });
        }
    }
    Ok(accounts)
}

/// Whether a CPI with this code exists.
pub async fn cpi_exists(conn: &mut AnyConnection, code: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM cpi WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The account `user_id` on a connection (inside a request's transaction).
pub async fn user_by_id_on(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<User>, sqlx::Error> {
    sqlx::query(
        "SELECT id, person_id, display_name, disabled_at, created_at FROM app_user WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grant_reads_back_from_its_columns() {
        let grants = [
            Grant::Citizen,
            Grant::CompanyAdmin { company_id: 7 },
            Grant::CompanyRecruiter { company_id: 7 },
            Grant::Operator {
                cpi_code: "TS".into(),
            },
            Grant::Supervisor,
            Grant::Intermediary { organisation_id: 3 },
            Grant::Admin,
            Grant::Auditor,
        ];
        for g in grants {
            let (cpi, company, org) = g.scope();
            assert_eq!(
                Grant::from_columns(g.role_name(), cpi.map(str::to_string), company, org),
                Some(g.clone())
            );
        }
    }

    #[test]
    fn rejects_a_role_with_the_wrong_scope() {
        assert_eq!(Grant::from_columns("operator", None, None, None), None);
        assert_eq!(Grant::from_columns("citizen", None, Some(1), None), None);
        assert_eq!(Grant::from_columns("root", None, None, None), None);
    }

    #[test]
    fn a_name_search_takes_wildcards_literally() {
        assert_eq!(contains_pattern("Rossi"), "%rossi%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
