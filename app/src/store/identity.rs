//! Who is behind a session: the account, its active roles and the mandate it is acting under, loaded
//! afresh at every request so a revoked role or mandate counts at once. Also the one way a verified
//! codice fiscale becomes a citizen account (OIDC login, demo personas).

use super::mandates::mandate_by_id;
use super::sessions::SessionUser;
use super::users::{grant_role, Grant};
use crate::domain::civil::civil_from_days;
use crate::domain::codice_fiscale::{CalendarDate, CodiceFiscale, Sex};
use crate::domain::policy::{
    Actor, CompanyId, CpiCode, MandateId, MandateView, OrganisationId, PersonId, Role, UserId,
};
use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};

/// The logged-in user of a request, as the policy and the pages need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub display_name: String,
    pub person_id: Option<PersonId>,
    pub roles: Vec<Role>,
    /// The mandate the session works under, whatever its state: the policy decides if it counts.
    pub acting_for: Option<MandateView>,
    pub auth_level: Option<String>,
    /// The demo persona key, for demo accounts.
    pub persona: Option<String>,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        Actor::User {
            user_id: self.user_id,
            roles: self.roles.clone(),
            acting_for: self.acting_for.clone(),
        }
    }

    /// The organisations this user is an intermediary of.
    pub fn organisations(&self) -> Vec<OrganisationId> {
        self.roles
            .iter()
            .filter_map(|r| match r {
                Role::Intermediary { organisation_id } => Some(*organisation_id),
                _ => None,
            })
            .collect()
    }
}

/// The policy's role for a stored grant. A citizen grant needs the account's person.
fn role_of(grant: Grant, person_id: Option<PersonId>) -> Option<Role> {
    Some(match grant {
        Grant::Citizen => Role::Citizen {
            person_id: person_id?,
        },
        Grant::CompanyAdmin { company_id } => Role::CompanyAdmin {
            company_id: CompanyId(company_id),
        },
        Grant::CompanyRecruiter { company_id } => Role::CompanyRecruiter {
            company_id: CompanyId(company_id),
        },
        Grant::Operator { cpi_code } => Role::Operator {
            cpi: CpiCode(cpi_code),
        },
        Grant::Supervisor => Role::Supervisor,
        Grant::Intermediary { organisation_id } => Role::Intermediary {
            organisation_id: OrganisationId(organisation_id),
        },
        Grant::Admin => Role::Admin,
        Grant::Auditor => Role::Auditor,
    })
}

/// The principal of a validated session; `None` if the account went away or was disabled meanwhile.
pub async fn load_principal(
    conn: &mut AnyConnection,
    session: &SessionUser,
) -> Result<Option<Principal>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT person_id, display_name, persona FROM app_user \
         WHERE id = $1 AND disabled_at IS NULL",
    )
    .bind(session.user_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let person_id = row.try_get::<Option<i64>, _>("person_id")?.map(PersonId);
    let grants = super::users::active_grants_on(&mut *conn, session.user_id).await?;
    let roles = grants
        .into_iter()
        .filter_map(|g| role_of(g, person_id))
        .collect();
    let acting_for = match session.acting_for_mandate_id {
        Some(id) => mandate_by_id(&mut *conn, MandateId(id))
            .await?
            .map(|record| record.view),
        None => None,
    };
    Ok(Some(Principal {
        user_id: UserId(session.user_id),
        display_name: row.try_get("display_name")?,
        person_id,
        roles,
        acting_for,
        auth_level: session.auth_level.clone(),
        persona: row.try_get("persona")?,
    }))
}

/// What an identity provider vouched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCitizen {
    pub codice_fiscale: CodiceFiscale,
    pub given_name: String,
    pub family_name: String,
    /// The birth date, when the provider states it. The code holds only two digits of the year, so
    /// without it a person born more than a century ago gets the wrong century.
    pub birth_date: Option<CalendarDate>,
}

/// Why a verified citizen gets no session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitizenRefusal {
    Disabled,
}

/// The account of the person with this codice fiscale, creating the person (birth data from the code)
/// and the account on their first login, and making sure the account is a citizen. The same path for
/// known and unknown codes, so the answer says nothing about whether we knew them.
pub async fn citizen_account(
    conn: &mut AnyConnection,
    who: &VerifiedCitizen,
    now: Timestamp,
) -> Result<Result<UserId, CitizenRefusal>, sqlx::Error> {
    let code = who.codice_fiscale.as_str();
    let person_id: i64 = match sqlx::query("SELECT id FROM person WHERE codice_fiscale = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(row) => row.try_get(0)?,
        None => {
            let (year, _, _) = civil_from_days(now.unix_millis().div_euclid(86_400_000));
            let birth = who.birth_date.unwrap_or_else(|| {
                who.codice_fiscale
                    .birth_date(u16::try_from(year).unwrap_or(u16::MAX))
            });
            let sex = match who.codice_fiscale.sex() {
                Sex::Male => "M",
                Sex::Female => "F",
            };
            sqlx::query(
                "INSERT INTO person (codice_fiscale, given_name, family_name, sex, birth_date, \
                 birth_belfiore, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(code)
            .bind(&who.given_name)
            .bind(&who.family_name)
            .bind(sex)
            .bind(birth.to_string())
            .bind(who.codice_fiscale.birth_place().as_str())
            .bind(now.to_iso())
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?
        }
    };
    let user_id: i64 =
        match sqlx::query("SELECT id, disabled_at FROM app_user WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?
        {
            Some(row) => {
                if row.try_get::<Option<String>, _>("disabled_at")?.is_some() {
                    return Ok(Err(CitizenRefusal::Disabled));
                }
                row.try_get("id")?
            }
            None => {
                let name = format!("{} {}", who.given_name, who.family_name);
                super::users::create_user(conn, Some(person_id), &name, now).await?
            }
        };
    grant_role(conn, user_id, &Grant::Citizen, now).await?;
    Ok(Ok(UserId(user_id)))
}
