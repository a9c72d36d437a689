//! Guided requests in progress (`service_draft`): each completed step is saved here, so a request
//! resumes on any device exactly where it stopped. Special-category answers live in
//! `draft_sensitive`, never in the draft's JSON.

use crate::domain::policy::PersonId;
use crate::domain::session_policy::Timestamp;
use crate::domain::wizard::{StepAnswers, StepId};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// Every step's answers of a draft, by step.
pub type DraftAnswers = BTreeMap<StepId, StepAnswers>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub service: String,
    pub person_id: PersonId,
    pub mandate_id: Option<i64>,
    pub idempotency_key: String,
    pub answers: DraftAnswers,
    pub completed: Vec<StepId>,
    pub version: i64,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The stored form of the answers: `{"contatti": {"email": "…"}, …}`.
fn answers_from_json(text: &str) -> Result<DraftAnswers, sqlx::Error> {
    let raw: BTreeMap<String, StepAnswers> = serde_json::from_str(text).map_err(decode_error)?;
    Ok(raw
        .into_iter()
        .filter_map(|(code, answers)| StepId::parse(&code).map(|s| (s, answers)))
        .collect())
}

pub fn answers_to_json(answers: &DraftAnswers) -> String {
    let raw: BTreeMap<&str, &StepAnswers> = answers.iter().map(|(s, a)| (s.code(), a)).collect();
    serde_json::to_string(&raw).unwrap_or_else(|_| "{}".to_string())
}

fn steps_from_text(text: &str) -> Vec<StepId> {
    text.split(',').filter_map(StepId::parse).collect()
}

fn steps_to_text(steps: &[StepId]) -> String {
    steps.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")
}

const DRAFT_COLUMNS: &str = "id, service, person_id, mandate_id, idempotency_key, answers, \
     completed_steps, version, updated_at, submitted_at";

fn draft_from_row(r: &sqlx::any::AnyRow) -> Result<Draft, sqlx::Error> {
    Ok(Draft {
        id: r.try_get("id")?,
        service: r.try_get("service")?,
        person_id: PersonId(r.try_get("person_id")?),
        mandate_id: r.try_get("mandate_id")?,
        idempotency_key: r.try_get("idempotency_key")?,
        answers: answers_from_json(&r.try_get::<String, _>("answers")?)?,
        completed: steps_from_text(&r.try_get::<String, _>("completed_steps")?),
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
        submitted_at: r.try_get("submitted_at")?,
    })
}

/// A new draft, or the one already made with the same key (a double click on "start").
pub struct NewDraft<'a> {
    pub service: &'a str,
    pub person_id: PersonId,
    pub created_by_user_id: i64,
    pub mandate_id: Option<i64>,
    pub idempotency_key: &'a str,
    /// Steps prefilled from what we know (e.g. the residence on record); not marked completed.
    pub prefill: &'a DraftAnswers,
}

/// Creates the draft, or returns the existing one with that key if it belongs to the same person
/// (`None` if the key is someone else's: the caller answers NotFound).
pub async fn create_draft(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewDraft<'_>,
) -> Result<Option<Draft>, sqlx::Error> {
    let at = now.to_iso();
    sqlx::query(
        "INSERT INTO service_draft (service, person_id, created_by_user_id, mandate_id, \
         idempotency_key, answers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(new.service)
    .bind(new.person_id.0)
    .bind(new.created_by_user_id)
    .bind(new.mandate_id)
    .bind(new.idempotency_key)
    .bind(answers_to_json(new.prefill))
    .bind(&at)
    .execute(&mut *conn)
    .await?;
    let draft = draft_by_key(conn, new.idempotency_key).await?;
    Ok(draft.filter(|d| d.person_id == new.person_id && d.service == new.service))
}

async fn draft_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<Draft>, sqlx::Error> {
    let sql = format!("SELECT {DRAFT_COLUMNS} FROM service_draft WHERE idempotency_key = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(draft_from_row)
        .transpose()
}

pub async fn draft_by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<Draft>, sqlx::Error> {
    let sql = format!("SELECT {DRAFT_COLUMNS} FROM service_draft WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(draft_from_row)
        .transpose()
}

/// The person's drafts not yet submitted, newest first.
pub async fn open_drafts_of(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<Draft>, sqlx::Error> {
    let sql = format!(
        "SELECT {DRAFT_COLUMNS} FROM service_draft WHERE person_id = $1 AND submitted_at IS NULL \
         ORDER BY updated_at DESC, id DESC LIMIT 50"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(person.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(draft_from_row)
        .collect()
}

/// Why a step could not be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRefused {
    /// Someone saved the draft since this form was loaded (another device or tab).
    StaleVersion,
    /// Already submitted: it is a ticket now.
    Submitted,
}

/// Saves one step's answers if the draft is still at `expected_version`; returns the new version.
/// `complete`: the answers passed the step's rules (the step counts as done); otherwise they are
/// kept as typed so the person finds them again next to the errors, and the step stays open.
/// A sensitive step's answers go to `draft_sensitive`, and the JSON keeps only that it is done.
pub async fn save_step(
    conn: &mut AnyConnection,
    now: Timestamp,
    draft: &Draft,
    expected_version: i64,
    step: StepId,
    answers: &StepAnswers,
    complete: bool,
) -> Result<Result<i64, SaveRefused>, sqlx::Error> {
    if draft.submitted_at.is_some() {
        return Ok(Err(SaveRefused::Submitted));
    }
    let mut all = draft.answers.clone();
    let mut completed = draft.completed.clone();
    if step.is_sensitive() {
        all.remove(&step);
        sqlx::query(
            "INSERT INTO draft_sensitive (draft_id, data) VALUES ($1, $2) \
             ON CONFLICT (draft_id) DO UPDATE SET data = excluded.data",
        )
        .bind(draft.id)
        .bind(serde_json::to_string(answers).map_err(decode_error)?)
        .execute(&mut *conn)
        .await?;
    } else {
        all.insert(step, answers.clone());
    }
    if complete && !completed.contains(&step) {
        completed.push(step);
    } else if !complete {
        completed.retain(|s| *s != step);
    }
    let updated = sqlx::query(
        "UPDATE service_draft SET answers = $1, completed_steps = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5 AND submitted_at IS NULL",
    )
    .bind(answers_to_json(&all))
    .bind(steps_to_text(&completed))
    .bind(now.to_iso())
    .bind(draft.id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Err(SaveRefused::StaleVersion));
    }
    Ok(Ok(expected_version + 1))
}

/// Takes the draft's row lock for the rest of the transaction (PostgreSQL; SQLite's write
/// transactions are already exclusive), so concurrent submits of one draft run one after the other.
pub async fn lock_draft(conn: &mut AnyConnection, draft_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE service_draft SET version = version WHERE id = $1")
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The sensitive answers of a draft, if any.
pub async fn draft_sensitive(
    conn: &mut AnyConnection,
    draft_id: i64,
) -> Result<Option<StepAnswers>, sqlx::Error> {
    let row = sqlx::query("SELECT data FROM draft_sensitive WHERE draft_id = $1")
        .bind(draft_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        let text: String = r.try_get("data")?;
        serde_json::from_str(&text).map_err(decode_error)
    })
    .transpose()
}

/// Marks the draft submitted and drops its copy of the sensitive data (the ticket has its own).
pub async fn mark_submitted(
    conn: &mut AnyConnection,
    now: Timestamp,
    draft_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE service_draft SET submitted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now.to_iso())
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM draft_sensitive WHERE draft_id = $1")
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes a draft the person no longer wants.
pub async fn discard_draft(conn: &mut AnyConnection, draft_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM service_draft WHERE id = $1 AND submitted_at IS NULL")
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
