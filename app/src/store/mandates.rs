//! Accredited organisations and citizens' mandates to them (deleghe). A mandate is never deleted:
//! revoking stamps `revoked_at`, so the audit rows of what was done under it keep their meaning.
//! Whether a mandate may be used right now is not decided here but by `domain::policy`.

use crate::domain::policy::{MandateId, MandateScope, MandateView, OrganisationId, PersonId};
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// The kinds of accredited intermediary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OrganisationKind {
    Patronato,
    Union,
    TradeAssociation,
    ComuneDesk,
}

impl OrganisationKind {
    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::Patronato => "patronato",
            OrganisationKind::Union => "union",
            OrganisationKind::TradeAssociation => "trade_association",
            OrganisationKind::ComuneDesk => "comune_desk",
        }
    }

    pub fn parse(code: &str) -> Option<OrganisationKind> {
        [
            OrganisationKind::Patronato,
            OrganisationKind::Union,
            OrganisationKind::TradeAssociation,
            OrganisationKind::ComuneDesk,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub fiscal_code: String,
    pub seat_istat: Option<String>,
}

/// A mandate with the names a listing shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateRecord {
    pub view: MandateView,
    pub organisation_name: String,
    pub delegator_name: String,
    pub delegator_codice_fiscale: String,
    pub created_at: Timestamp,
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("stored value out of range: {0}")]
struct Stored(String);

fn instant(row: &AnyRow, column: &str) -> Result<Timestamp, sqlx::Error> {
    Timestamp::parse_iso(&row.try_get::<String, _>(column)?).map_err(decode_error)
}

fn organisation_from_row(row: &AnyRow) -> Result<Organisation, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(Organisation {
        id: OrganisationId(row.try_get("id")?),
        name: row.try_get("name")?,
        kind: OrganisationKind::parse(&kind).ok_or_else(|| decode_error(Stored(kind)))?,
        fiscal_code: row.try_get("fiscal_code")?,
        seat_istat: row.try_get("seat_istat")?,
    })
}

fn view_from_row(row: &AnyRow) -> Result<MandateView, sqlx::Error> {
    let scopes: String = row.try_get("scopes")?;
    Ok(MandateView {
        id: MandateId(row.try_get("id")?),
        delegator: PersonId(row.try_get("delegator_person_id")?),
        organisation_id: OrganisationId(row.try_get("organisation_id")?),
        scopes: MandateScope::split(&scopes).ok_or_else(|| decode_error(Stored(scopes)))?,
        valid_from: instant(row, "valid_from")?,
        valid_to: instant(row, "valid_to")?,
        revoked_at: row
            .try_get::<Option<String>, _>("revoked_at")?
            .map(|t| Timestamp::parse_iso(&t))
            .transpose()
            .map_err(decode_error)?,
    })
}

/// Adds an organisation, or updates the one with the same fiscal code. Returns its id.
pub async fn upsert_organisation(
    conn: &mut AnyConnection,
    name: &str,
    kind: OrganisationKind,
    fiscal_code: &str,
    seat_istat: Option<&str>,
    now: Timestamp,
) -> Result<OrganisationId, sqlx::Error> {
    let id = sqlx::query(
        "INSERT INTO organisation (name, kind, fiscal_code, seat_istat, accredited_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (fiscal_code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
         seat_istat = excluded.seat_istat RETURNING id",
    )
    .bind(name)
    .bind(kind.code())
    .bind(fiscal_code)
    .bind(seat_istat)
    .bind(now.to_iso())
    .fetch_one(conn)
    .await?
    .try_get(0)?;
    Ok(OrganisationId(id))
}

/// Every accredited organisation, by name: the list a citizen picks from.
pub async fn organisations(conn: &mut AnyConnection) -> Result<Vec<Organisation>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, kind, fiscal_code, seat_istat FROM organisation ORDER BY name, id",
    )
    .fetch_all(conn)
    .await?
    .iter()
    .map(organisation_from_row)
    .collect()
}

pub async fn organisation_by_id(
    conn: &mut AnyConnection,
    id: OrganisationId,
) -> Result<Option<Organisation>, sqlx::Error> {
    sqlx::query("SELECT id, name, kind, fiscal_code, seat_istat FROM organisation WHERE id = $1")
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()
}

/// Records a mandate. The caller has checked the duration and the scopes (domain rules).
pub async fn create_mandate(
    conn: &mut AnyConnection,
    delegator: PersonId,
    organisation: OrganisationId,
    scopes: &std::collections::BTreeSet<MandateScope>,
    valid_from: Timestamp,
    valid_to: Timestamp,
    now: Timestamp,
) -> Result<MandateId, sqlx::Error> {
    let id = sqlx::query(
        "INSERT INTO mandate (delegator_person_id, organisation_id, scopes, valid_from, valid_to, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(delegator.0)
    .bind(organisation.0)
    .bind(MandateScope::join(scopes))
    .bind(valid_from.to_iso())
    .bind(valid_to.to_iso())
    .bind(now.to_iso())
    .fetch_one(conn)
    .await?
    .try_get(0)?;
    Ok(MandateId(id))
}

const MANDATE_COLUMNS: &str = "m.id, m.delegator_person_id, m.organisation_id, m.scopes, \
     m.valid_from, m.valid_to, m.revoked_at, m.created_at, o.name AS organisation_name, \
     p.given_name, p.family_name, p.codice_fiscale";

fn record_from_row(row: &AnyRow) -> Result<MandateRecord, sqlx::Error> {
    let given: String = row.try_get("given_name")?;
    let family: String = row.try_get("family_name")?;
    Ok(MandateRecord {
        view: view_from_row(row)?,
        organisation_name: row.try_get("organisation_name")?,
        delegator_name: format!("{given} {family}"),
        delegator_codice_fiscale: row.try_get("codice_fiscale")?,
        created_at: instant(row, "created_at")?,
    })
}

/// One mandate, whatever its state.
pub async fn mandate_by_id(
    conn: &mut AnyConnection,
    id: MandateId,
) -> Result<Option<MandateRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATE_COLUMNS} FROM mandate m JOIN organisation o ON o.id = m.organisation_id \
         JOIN person p ON p.id = m.delegator_person_id WHERE m.id = $1"
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(record_from_row)
    .transpose()
}

/// Mandates whose `column` (one of two fixed names) is `key`, newest first.
async fn mandates_where(
    conn: &mut AnyConnection,
    column: &'static str,
    key: i64,
) -> Result<Vec<MandateRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATE_COLUMNS} FROM mandate m JOIN organisation o ON o.id = m.organisation_id \
         JOIN person p ON p.id = m.delegator_person_id WHERE m.{column} = $1 \
         ORDER BY m.created_at DESC, m.id DESC"
    )))
    .bind(key)
    .fetch_all(conn)
    .await?
    .iter()
    .map(record_from_row)
    .collect()
}

/// The mandates a person gave, newest first.
pub async fn mandates_of_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<MandateRecord>, sqlx::Error> {
    mandates_where(conn, "delegator_person_id", person.0).await
}

/// The mandates an organisation holds (its clients), newest first.
pub async fn mandates_of_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> Result<Vec<MandateRecord>, sqlx::Error> {
    mandates_where(conn, "organisation_id", organisation.0).await
}

/// Revokes a mandate from `now` on. False when it was already revoked.
pub async fn revoke_mandate(
    conn: &mut AnyConnection,
    id: MandateId,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE mandate SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id.0)
            .bind(now.to_iso())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
