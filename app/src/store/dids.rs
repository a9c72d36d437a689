//! DIDs and employment-status certificates (issue 7). Every write carries the version the caller
//! read and changes nothing when the row moved meanwhile (the caller answers `Conflict`); the
//! partial unique index `did_one_open_per_person` keeps one open DID per person, so a double
//! start or submit never makes two.

use crate::domain::codice_fiscale::{Belfiore, CalendarDate, Sex};
use crate::domain::did::{DidState, DidStep, RegistryIdentity};
use crate::domain::policy::{CpiCode, PersonId};
use crate::domain::session_policy::Timestamp;
use crate::domain::wizard::StepAnswers;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// The most history rows a page shows.
pub const HISTORY_LIMIT: i64 = 200;

/// Answers by step code, as saved.
pub type DidAnswers = BTreeMap<String, StepAnswers>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidRecord {
    pub id: i64,
    pub person_id: PersonId,
    pub state: DidState,
    pub cpi_code: Option<CpiCode>,
    pub cpi_name: Option<String>,
    pub residence_istat: Option<String>,
    pub domicile_istat: Option<String>,
    pub answers: DidAnswers,
    pub completed: Vec<DidStep>,
    pub protocol: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub activated_at: Option<String>,
    pub suspended_at: Option<String>,
    pub closed_at: Option<String>,
    pub reason: Option<String>,
    pub updated_at: String,
    pub version: i64,
}

impl DidRecord {
    /// When the current state began.
    pub fn since(&self) -> Option<&str> {
        match self.state {
            DidState::Draft => Some(self.created_at.as_str()),
            DidState::Submitted => self.submitted_at.as_deref(),
            DidState::Active => self.activated_at.as_deref(),
            DidState::Suspended => self.suspended_at.as_deref(),
            DidState::Closed => self.closed_at.as_deref(),
        }
    }

    pub fn step_answers(&self, step: DidStep) -> StepAnswers {
        self.answers.get(step.code()).cloned().unwrap_or_default()
    }
}

const DID_SELECT: &str = "SELECT d.id, d.person_id, d.state, d.cpi_code, c.name AS cpi_name, \
     d.residence_istat, d.domicile_istat, d.answers, d.completed_steps, d.protocol, d.created_at, \
     d.submitted_at, d.activated_at, d.suspended_at, d.closed_at, d.reason, d.updated_at, d.version \
     FROM did d LEFT JOIN cpi c ON c.code = d.cpi_code";

fn decode<E: std::error::Error + Send + Sync + 'static>(e: E) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("unknown DID state {0}")]
struct UnknownState(String);

fn did(row: &AnyRow) -> Result<DidRecord, sqlx::Error> {
    let state: String = row.try_get("state")?;
    let answers: String = row.try_get("answers")?;
    let completed: String = row.try_get("completed_steps")?;
    Ok(DidRecord {
        id: row.try_get("id")?,
        person_id: PersonId(row.try_get("person_id")?),
        state: DidState::parse(&state).ok_or_else(|| decode(UnknownState(state.clone())))?,
        cpi_code: row.try_get::<Option<String>, _>("cpi_code")?.map(CpiCode),
        cpi_name: row.try_get("cpi_name")?,
        residence_istat: row.try_get("residence_istat")?,
        domicile_istat: row.try_get("domicile_istat")?,
        answers: serde_json::from_str(&answers).map_err(decode)?,
        completed: completed.split(',').filter_map(DidStep::parse).collect(),
        protocol: row.try_get("protocol")?,
        created_at: row.try_get("created_at")?,
        submitted_at: row.try_get("submitted_at")?,
        activated_at: row.try_get("activated_at")?,
        suspended_at: row.try_get("suspended_at")?,
        closed_at: row.try_get("closed_at")?,
        reason: row.try_get("reason")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

/// The person's latest DID: the open one if any (there is at most one, and it is the newest).
pub async fn latest_did(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<DidRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{DID_SELECT} WHERE d.person_id = $1 ORDER BY d.id DESC LIMIT 1"
    )))
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(did)
    .transpose()
}

pub async fn did_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<DidRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{DID_SELECT} WHERE d.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(did)
        .transpose()
}

/// Starts a draft for the person unless they have an open DID; returns the new id, or `None`
/// when one is open (the caller reads it).
pub async fn insert_draft(
    conn: &mut AnyConnection,
    person: PersonId,
    residence: Option<&str>,
    cpi: Option<&CpiCode>,
    actor_user_id: Option<i64>,
    now: Timestamp,
) -> Result<Option<i64>, sqlx::Error> {
    let answers = match residence {
        Some(istat) => serde_json::json!({ DidStep::Residence.code(): { "residence": istat } }),
        None => serde_json::json!({}),
    };
    let row = sqlx::query(
        "INSERT INTO did (person_id, state, cpi_code, residence_istat, answers, created_at, \
         updated_at, version) VALUES ($1, 'draft', $2, $3, $4, $5, $5, 1) \
         ON CONFLICT (person_id) WHERE state <> 'closed' DO NOTHING RETURNING id",
    )
    .bind(person.0)
    .bind(cpi.map(|c| c.0.clone()))
    .bind(residence)
    .bind(answers.to_string())
    .bind(now.to_iso())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    sqlx::query(
        "INSERT INTO did_event (did_id, at, actor_user_id, from_state, to_state, reason) \
         VALUES ($1, $2, $3, NULL, 'draft', NULL)",
    )
    .bind(id)
    .bind(now.to_iso())
    .bind(actor_user_id)
    .execute(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// What a saved step changes.
pub struct StepSave<'a> {
    pub answers: &'a DidAnswers,
    pub completed: &'a [DidStep],
    pub residence: Option<&'a str>,
    pub domicile: Option<&'a str>,
    pub cpi: Option<&'a CpiCode>,
}

/// Saves a draft's answers if it is still a draft at `version`; false when it moved meanwhile.
pub async fn save_step(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    save: &StepSave<'_>,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let answers = serde_json::to_string(save.answers).map_err(decode)?;
    let completed: Vec<&str> = save.completed.iter().map(|s| s.code()).collect();
    let done = sqlx::query(
        "UPDATE did SET answers = $1, completed_steps = $2, residence_istat = $3, \
         domicile_istat = $4, cpi_code = $5, updated_at = $6, version = version + 1 \
         WHERE id = $7 AND version = $8 AND state = 'draft'",
    )
    .bind(answers)
    .bind(completed.join(","))
    .bind(save.residence)
    .bind(save.domicile)
    .bind(save.cpi.map(|c| c.0.clone()))
    .bind(now.to_iso())
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// A move of the state machine, already allowed by the domain.
pub struct Move<'a> {
    pub from: DidState,
    pub to: DidState,
    pub reason: Option<&'a str>,
    pub protocol: Option<&'a str>,
    pub actor_user_id: Option<i64>,
}

/// Moves the DID if it is still in `from` at `version`, stamps the date of the new state, and
/// appends the history row; false when it moved meanwhile.
pub async fn apply_move(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    m: &Move<'_>,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let now = now.to_iso();
    let to = m.to.as_str();
    let done = sqlx::query(
        "UPDATE did SET state = $1, reason = $2, updated_at = $3, version = version + 1, \
         protocol = COALESCE(protocol, $4), \
         submitted_at = CASE WHEN $1 = 'submitted' THEN $3 ELSE submitted_at END, \
         activated_at = CASE WHEN $1 = 'active' THEN $3 ELSE activated_at END, \
         suspended_at = CASE WHEN $1 = 'suspended' THEN $3 ELSE suspended_at END, \
         closed_at = CASE WHEN $1 = 'closed' THEN $3 ELSE closed_at END \
         WHERE id = $5 AND version = $6 AND state = $7",
    )
    .bind(to)
    .bind(m.reason)
    .bind(&now)
    .bind(m.protocol)
    .bind(id)
    .bind(version)
    .bind(m.from.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO did_event (did_id, at, actor_user_id, from_state, to_state, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&now)
    .bind(m.actor_user_id)
    .bind(m.from.as_str())
    .bind(to)
    .bind(m.reason)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// One row of a DID's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidEventRecord {
    pub at: String,
    pub actor_name: Option<String>,
    pub from_state: Option<DidState>,
    pub to_state: DidState,
    pub reason: Option<String>,
}

/// A DID's history, oldest first.
pub async fn events_of(
    conn: &mut AnyConnection,
    did_id: i64,
) -> Result<Vec<DidEventRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.at, u.display_name, e.from_state, e.to_state, e.reason FROM did_event e \
         LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.did_id = $1 ORDER BY e.id LIMIT $2",
    )
    .bind(did_id)
    .bind(HISTORY_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let from: Option<String> = r.try_get("from_state")?;
            let to: String = r.try_get("to_state")?;
            Ok(DidEventRecord {
                at: r.try_get("at")?,
                actor_name: r.try_get("display_name")?,
                from_state: from.as_deref().and_then(DidState::parse),
                to_state: DidState::parse(&to).ok_or_else(|| decode(UnknownState(to.clone())))?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
}

/// The registry's record of a person, for the cross-check and the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonIdentity {
    pub registry: RegistryIdentity,
    pub residence_istat: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("malformed registry field {0}")]
struct Malformed(&'static str);

pub async fn person_identity(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<PersonIdentity>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT codice_fiscale, given_name, family_name, sex, birth_date, birth_belfiore, \
         residence_istat FROM person WHERE id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let sex: String = r.try_get("sex")?;
    let birth: String = r.try_get("birth_date")?;
    let place: String = r.try_get("birth_belfiore")?;
    Ok(Some(PersonIdentity {
        registry: RegistryIdentity {
            codice_fiscale: r.try_get("codice_fiscale")?,
            given_name: r.try_get("given_name")?,
            family_name: r.try_get("family_name")?,
            sex: if sex == "F" { Sex::Female } else { Sex::Male },
            birth_date: CalendarDate::parse_iso(&birth).ok_or(decode(Malformed("birth_date")))?,
            birth_place: Belfiore::parse(&place).ok_or(decode(Malformed("birth_belfiore")))?,
        },
        residence_istat: r.try_get("residence_istat")?,
    }))
}

/// A comune's name and competent CPI (`None` outside the region).
pub async fn comune_facts(
    conn: &mut AnyConnection,
    istat: &str,
) -> Result<Option<(String, Option<CpiCode>)>, sqlx::Error> {
    sqlx::query("SELECT name, cpi_code FROM comune WHERE istat_code = $1")
        .bind(istat)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| {
            Ok((
                r.try_get("name")?,
                r.try_get::<Option<String>, _>("cpi_code")?.map(CpiCode),
            ))
        })
        .transpose()
}

/// The comune whose Belfiore code this is (for showing a birth place by name).
pub async fn comune_by_belfiore(
    conn: &mut AnyConnection,
    belfiore: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT name FROM comune WHERE belfiore = $1")
        .bind(belfiore)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("name"))
        .transpose()
}

/// Stores an issued certificate.
pub async fn insert_certificate(
    conn: &mut AnyConnection,
    code: &str,
    person: PersonId,
    did_id: i64,
    snapshot: &serde_json::Value,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO status_certificate (code, person_id, did_id, issued_at, snapshot) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code)
    .bind(person.0)
    .bind(did_id)
    .bind(now.to_iso())
    .bind(snapshot.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A certificate as issued, with its DID's state today.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateRecord {
    pub code: String,
    pub person_id: PersonId,
    pub issued_at: String,
    pub snapshot: serde_json::Value,
    pub did_state_now: DidState,
    pub did_version_now: i64,
}

pub async fn certificate_by_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<CertificateRecord>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT s.code, s.person_id, s.issued_at, s.snapshot, d.state, d.version \
         FROM status_certificate s JOIN did d ON d.id = s.did_id WHERE s.code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let snapshot: String = r.try_get("snapshot")?;
    let state: String = r.try_get("state")?;
    Ok(Some(CertificateRecord {
        code: r.try_get("code")?,
        person_id: PersonId(r.try_get("person_id")?),
        issued_at: r.try_get("issued_at")?,
        snapshot: serde_json::from_str(&snapshot).map_err(decode)?,
        did_state_now: DidState::parse(&state)
            .ok_or_else(|| decode(UnknownState(state.clone())))?,
        did_version_now: r.try_get("version")?,
    }))
}

/// Records the residence declared in a submitted DID on the person.
pub async fn set_person_residence(
    conn: &mut AnyConnection,
    person: PersonId,
    istat: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE person SET residence_istat = $2 WHERE id = $1")
        .bind(person.0)
        .bind(istat.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
