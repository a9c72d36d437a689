//! Vacancy wizard drafts (issue 6): create, save a step with a version check, submit as a vacancy
//! (or update the vacancy a reopened draft belongs to), discard. Any member of the company may go
//! on with a draft; `version` keeps two of them from silently overwriting each other.

use crate::domain::policy::CompanyId;
use crate::domain::session_policy::Timestamp;
use crate::domain::vacancy_form::{VacancyAnswers, VacancyColumns, VacancyStep};
use crate::domain::wizard::StepAnswers;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyDraft {
    pub id: i64,
    pub company_id: CompanyId,
    pub idempotency_key: String,
    pub answers: VacancyAnswers,
    pub completed: Vec<VacancyStep>,
    pub version: i64,
    /// The vacancy it became (kept when the draft is reopened for changes).
    pub vacancy_id: Option<i64>,
    /// The step the CPI asked to change, while reopened.
    pub reopened_step: Option<VacancyStep>,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The stored form of the answers: `{"ruolo": {"job_title": "…"}, …}` (also `vacancy.form`).
pub fn answers_to_json(answers: &VacancyAnswers) -> String {
    let raw: BTreeMap<&str, &StepAnswers> = answers.iter().map(|(s, a)| (s.code(), a)).collect();
    serde_json::to_string(&raw).unwrap_or_else(|_| "{}".to_string())
}

pub fn answers_from_json(text: &str) -> Result<VacancyAnswers, sqlx::Error> {
    let raw: BTreeMap<String, StepAnswers> = serde_json::from_str(text).map_err(decode_error)?;
    Ok(raw
        .into_iter()
        .filter_map(|(code, answers)| VacancyStep::parse(&code).map(|s| (s, answers)))
        .collect())
}

fn steps_to_text(steps: &[VacancyStep]) -> String {
    steps.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")
}

const COLUMNS: &str = "id, company_id, idempotency_key, answers, completed_steps, version, \
     vacancy_id, reopened_step, updated_at, submitted_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<VacancyDraft, sqlx::Error> {
    let completed: String = r.try_get("completed_steps")?;
    let reopened: Option<String> = r.try_get("reopened_step")?;
    Ok(VacancyDraft {
        id: r.try_get("id")?,
        company_id: CompanyId(r.try_get("company_id")?),
        idempotency_key: r.try_get("idempotency_key")?,
        answers: answers_from_json(&r.try_get::<String, _>("answers")?)?,
        completed: completed
            .split(',')
            .filter_map(VacancyStep::parse)
            .collect(),
        version: r.try_get("version")?,
        vacancy_id: r.try_get("vacancy_id")?,
        reopened_step: reopened.as_deref().and_then(VacancyStep::parse),
        updated_at: r.try_get("updated_at")?,
        submitted_at: r.try_get("submitted_at")?,
    })
}

/// Creates the draft, or returns the one already made with that key if it is the same company's
/// (`None` if the key is another company's: the caller answers NotFound).
pub async fn create_draft(
    conn: &mut AnyConnection,
    now: Timestamp,
    company: CompanyId,
    user_id: i64,
    idempotency_key: &str,
) -> Result<Option<VacancyDraft>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO vacancy_draft (company_id, created_by_user_id, updated_by_user_id, \
         idempotency_key, created_at, updated_at) VALUES ($1, $2, $2, $3, $4, $4) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(company.0)
    .bind(user_id)
    .bind(idempotency_key)
    .bind(now.to_iso())
    .execute(&mut *conn)
    .await?;
    let sql = format!("SELECT {COLUMNS} FROM vacancy_draft WHERE idempotency_key = $1");
    let draft = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(idempotency_key)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()?;
    Ok(draft.filter(|d| d.company_id == company))
}

pub async fn draft_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<VacancyDraft>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM vacancy_draft WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The company's drafts not (or no longer) submitted, newest first: new vacancies being written
/// and vacancies sent back for changes. For the company's dashboard.
pub async fn open_drafts_of_company(
    conn: &mut AnyConnection,
    company: CompanyId,
) -> Result<Vec<VacancyDraft>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM vacancy_draft WHERE company_id = $1 AND submitted_at IS NULL \
         ORDER BY updated_at DESC, id DESC LIMIT 100"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(company.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Saves one step's answers if the draft is still at `expected_version` and not submitted;
/// `None` when refused (someone saved meanwhile, or it was submitted): the caller answers
/// Conflict. `complete`: the answers passed the step's rules; otherwise they are kept as typed and
/// the step stays open.
#[allow(clippy::too_many_arguments)]
pub async fn save_step(
    conn: &mut AnyConnection,
    now: Timestamp,
    draft: &VacancyDraft,
    expected_version: i64,
    user_id: i64,
    step: VacancyStep,
    answers: &StepAnswers,
    complete: bool,
) -> Result<Option<i64>, sqlx::Error> {
    if draft.submitted_at.is_some() {
        return Ok(None);
    }
    let mut all = draft.answers.clone();
    all.insert(step, answers.clone());
    let mut completed = draft.completed.clone();
    if complete && !completed.contains(&step) {
        completed.push(step);
    } else if !complete {
        completed.retain(|s| *s != step);
    }
    completed.sort();
    let updated = sqlx::query(
        "UPDATE vacancy_draft SET answers = $1, completed_steps = $2, version = version + 1, \
         updated_at = $3, updated_by_user_id = $4 \
         WHERE id = $5 AND version = $6 AND submitted_at IS NULL",
    )
    .bind(answers_to_json(&all))
    .bind(steps_to_text(&completed))
    .bind(now.to_iso())
    .bind(user_id)
    .bind(draft.id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    Ok((updated.rows_affected() == 1).then_some(expected_version + 1))
}

/// Takes the draft's row lock for the rest of the transaction (PostgreSQL; SQLite's write
/// transactions are already exclusive), so two submits of one draft run one after the other.
pub async fn lock_draft(conn: &mut AnyConnection, draft_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE vacancy_draft SET version = version WHERE id = $1")
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the draft submitted as `vacancy_id` (and no longer reopened).
pub async fn mark_submitted(
    conn: &mut AnyConnection,
    now: Timestamp,
    draft_id: i64,
    vacancy_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE vacancy_draft SET submitted_at = $1, updated_at = $1, vacancy_id = $2, \
         reopened_step = NULL, version = version + 1, updated_by_user_id = $3 WHERE id = $4",
    )
    .bind(now.to_iso())
    .bind(vacancy_id)
    .bind(user_id)
    .bind(draft_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a draft never submitted (a reopened one belongs to its vacancy: withdraw that instead).
pub async fn discard_draft(conn: &mut AnyConnection, draft_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM vacancy_draft WHERE id = $1 AND submitted_at IS NULL AND vacancy_id IS NULL",
    )
    .bind(draft_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The protocol and submission instant of a vacancy, and its status code.
pub async fn vacancy_receipt(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Option<(Option<String>, Option<String>, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT protocol, submitted_at, status FROM vacancy WHERE id = $1")
        .bind(vacancy_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("protocol")?,
            r.try_get("submitted_at")?,
            r.try_get("status")?,
        ))
    })
    .transpose()
}

/// The last message of the CPI asking for changes, with the step it names.
pub async fn latest_change_request(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT step, note FROM vacancy_event WHERE vacancy_id = $1 AND kind = 'changes_requested' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(vacancy_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((r.try_get("step")?, r.try_get("note")?)))
        .transpose()
}

/// The ESCO skills of an occupation (through its ESCO URI): (skill URI, label in `lang`, essential),
/// essential first, then by label.
pub async fn occupation_skills(
    conn: &mut AnyConnection,
    occupation_id: &str,
    lang: &str,
) -> Result<Vec<(String, String, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.uri, s.label_en, s.label_it, \
         CASE WHEN os.relation = 'essential' THEN 1 ELSE 0 END AS essential \
         FROM occupation o JOIN occupation_skill os ON os.occupation_uri = o.esco_uri \
         JOIN skill s ON s.uri = os.skill_uri WHERE o.id = $1 \
         ORDER BY essential DESC, s.label_en, s.uri LIMIT 40",
    )
    .bind(occupation_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            let en: String = r.try_get("label_en")?;
            let it: Option<String> = r.try_get("label_it")?;
            let label = match (lang, it) {
                ("it", Some(it)) if !it.is_empty() => it,
                _ => en,
            };
            Ok((
                r.try_get("uri")?,
                label,
                r.try_get::<i64, _>("essential")? == 1,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    out.truncate(crate::domain::vacancy_form::MAX_SKILLS);
    Ok(out)
}

/// The occupation's labels and ISCO code: (label_it, label_en, isco_code).
pub async fn occupation_facts(
    conn: &mut AnyConnection,
    occupation_id: &str,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT label_it, label_en, isco_code FROM occupation WHERE id = $1")
        .bind(occupation_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("label_it")?,
            r.try_get("label_en")?,
            r.try_get("isco_code")?,
        ))
    })
    .transpose()
}

/// A vacancy as the wizard submits it.
pub struct SubmittedVacancy<'a> {
    pub company: CompanyId,
    pub columns: &'a VacancyColumns,
    pub isco_code: &'a str,
    pub form: &'a str,
    pub cpi_code: &'a str,
    pub expires_on: &'a str,
}

/// Inserts the vacancy (status `submitted`, with its protocol) and its requirement rows; its id.
/// The coordinates come from the work comune (no float is bound: PostgreSQL's Any driver cannot
/// bind a NULL double).
pub async fn insert_vacancy(
    conn: &mut AnyConnection,
    now: Timestamp,
    v: &SubmittedVacancy<'_>,
    protocol: &str,
) -> Result<i64, sqlx::Error> {
    let c = v.columns;
    let at = now.to_iso();
    let row = sqlx::query(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, eqf_min, experience_years, \
         reserved_l68, anonymous, lat, lon, created_at, form, protocol, cpi_code, shifts, nights, \
         weekends, hours_per_week, ccnl, eqf_required, experience_required, candidate_channel, \
         contact_channel, submitted_at, updated_at) \
         VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18 = 1, $19 = 1, (SELECT lat FROM comune WHERE istat_code = $7), \
         (SELECT lon FROM comune WHERE istat_code = $7), $20, $21, $22, $23, $24 = 1, $25 = 1, \
         $26 = 1, $27, $28, $29 = 1, $30 = 1, $31, $32, $20, $20) RETURNING id",
    )
    .bind(v.company.0)
    .bind(&c.title)
    .bind(&c.description)
    .bind(&c.occupation_id)
    .bind(v.isco_code)
    .bind(c.positions)
    .bind(&c.work_istat)
    .bind(&c.work_mode)
    .bind(&c.contract_code)
    .bind(&c.working_time_code)
    .bind(c.salary_min)
    .bind(c.salary_max)
    .bind(&c.salary_period)
    .bind(&c.start_date)
    .bind(v.expires_on)
    .bind(c.eqf_min)
    .bind(c.experience_years)
    .bind(i64::from(c.reserved_l68))
    .bind(i64::from(c.anonymous))
    .bind(&at)
    .bind(v.form)
    .bind(protocol)
    .bind(v.cpi_code)
    .bind(i64::from(c.shifts))
    .bind(i64::from(c.nights))
    .bind(i64::from(c.weekends))
    .bind(c.hours_per_week)
    .bind(&c.ccnl)
    .bind(i64::from(c.eqf_required))
    .bind(i64::from(c.experience_required))
    .bind(&c.candidate_channel)
    .bind(&c.contact_channel)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    insert_requirements(conn, id, c).await?;
    Ok(id)
}

/// Rewrites a reopened vacancy with the draft's new answers (status untouched: the caller moves
/// it with `record_transition`).
pub async fn update_vacancy(
    conn: &mut AnyConnection,
    now: Timestamp,
    vacancy_id: i64,
    v: &SubmittedVacancy<'_>,
) -> Result<(), sqlx::Error> {
    let c = v.columns;
    sqlx::query(
        "UPDATE vacancy SET title = $1, description = $2, occupation_id = $3, isco_code = $4, \
         positions = $5, work_istat = $6, work_mode = $7, contract_code = $8, \
         working_time_code = $9, salary_min = $10, salary_max = $11, salary_period = $12, \
         start_date = $13, expires_on = $14, eqf_min = $15, experience_years = $16, \
         reserved_l68 = ($17 = 1), anonymous = ($18 = 1), \
         lat = (SELECT lat FROM comune WHERE istat_code = $6), \
         lon = (SELECT lon FROM comune WHERE istat_code = $6), form = $19, \
         shifts = ($20 = 1), nights = ($21 = 1), weekends = ($22 = 1), hours_per_week = $23, \
         ccnl = $24, eqf_required = ($25 = 1), experience_required = ($26 = 1), \
         candidate_channel = $27, contact_channel = $28, updated_at = $29 \
         WHERE id = $30 AND company_id = $31",
    )
    .bind(&c.title)
    .bind(&c.description)
    .bind(&c.occupation_id)
    .bind(v.isco_code)
    .bind(c.positions)
    .bind(&c.work_istat)
    .bind(&c.work_mode)
    .bind(&c.contract_code)
    .bind(&c.working_time_code)
    .bind(c.salary_min)
    .bind(c.salary_max)
    .bind(&c.salary_period)
    .bind(&c.start_date)
    .bind(v.expires_on)
    .bind(c.eqf_min)
    .bind(c.experience_years)
    .bind(i64::from(c.reserved_l68))
    .bind(i64::from(c.anonymous))
    .bind(v.form)
    .bind(i64::from(c.shifts))
    .bind(i64::from(c.nights))
    .bind(i64::from(c.weekends))
    .bind(c.hours_per_week)
    .bind(&c.ccnl)
    .bind(i64::from(c.eqf_required))
    .bind(i64::from(c.experience_required))
    .bind(&c.candidate_channel)
    .bind(&c.contact_channel)
    .bind(now.to_iso())
    .bind(vacancy_id)
    .bind(v.company.0)
    .execute(&mut *conn)
    .await?;
    for table in ["vacancy_skill", "vacancy_language", "vacancy_licence"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE vacancy_id = $1"
        )))
        .bind(vacancy_id)
        .execute(&mut *conn)
        .await?;
    }
    insert_requirements(conn, vacancy_id, c).await
}

async fn insert_requirements(
    conn: &mut AnyConnection,
    vacancy_id: i64,
    c: &VacancyColumns,
) -> Result<(), sqlx::Error> {
    for (uri, must) in &c.skills {
        sqlx::query(
            "INSERT INTO vacancy_skill (vacancy_id, skill_uri, required) VALUES ($1, $2, $3 = 1)",
        )
        .bind(vacancy_id)
        .bind(uri)
        .bind(i64::from(*must))
        .execute(&mut *conn)
        .await?;
    }
    for (lang, level, must) in &c.languages {
        sqlx::query(
            "INSERT INTO vacancy_language (vacancy_id, lang, level, required) \
             VALUES ($1, $2, $3, $4 = 1)",
        )
        .bind(vacancy_id)
        .bind(lang)
        .bind(level)
        .bind(i64::from(*must))
        .execute(&mut *conn)
        .await?;
    }
    for (code, must) in &c.licences {
        sqlx::query(
            "INSERT INTO vacancy_licence (vacancy_id, licence_code, required) \
             VALUES ($1, $2, $3 = 1)",
        )
        .bind(vacancy_id)
        .bind(code)
        .bind(i64::from(*must))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
