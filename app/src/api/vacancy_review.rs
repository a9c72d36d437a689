//! The CPI's review of submitted vacancies (issue 6): queue, approve, request changes, reject.
//!
//! Decisions:
//! - **Starting the review is an explicit POST** (`review/start`, the "Start review" button):
//!   reading a vacancy writes nothing but its audit row. Approve, request changes and reject work
//!   from `submitted` as well as `in_review`, so a reviewer who decides at once skips the button.
//! - **Staff only**: every function authorises [`Action::ReviewVacancy`] on the vacancy's object
//!   (its CPI is `vacancy.cpi_code`, or the CPI of the company's seat). Operators of another CPI get
//!   NotFound; the company's own members get Forbidden (they know the vacancy exists).
//! - **Publication end**: default today + [`DEFAULT_PUBLICATION_DAYS`], from today up to today +
//!   [`MAX_PUBLICATION_DAYS`]. It is not tied to the start date: candidates apply before they
//!   start, so a publication ending before the start date is normal.
//! - Every staff read of a vacancy is audited (it carries company data).

use crate::domain::discrimination::Finding;
use crate::domain::vacancy::VacancyState;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const QUEUE_PAGE: &str = "/operatore/offerte";
/// The longest message or reason an operator may write.
pub const MAX_NOTE_CHARS: usize = 2000;

pub fn review_path(id: i64) -> String {
    format!("{QUEUE_PAGE}/{id}")
}

/// One vacancy in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub protocol: Option<String>,
    pub company_name: String,
    pub title: String,
    pub state: VacancyState,
    pub cpi_code: String,
    pub submitted_at: Option<String>,
    /// Whole days since submission.
    pub waiting_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    /// The CPIs the reviewer may choose: (code, name).
    pub cpis: Vec<(String, String)>,
    /// The CPI shown, or `None` for all of the reviewer's CPIs.
    pub cpi: Option<String>,
    pub submitted: i64,
    pub in_review: i64,
    pub rows: Vec<QueueRow>,
}

/// Every fact of a vacancy, as a reviewer or (without the company when anonymous) the public
/// sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyFacts {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub occupation_id: String,
    pub positions: i64,
    pub comune: Option<String>,
    pub work_mode: String,
    pub contract_code: String,
    pub working_time_code: String,
    pub hours_per_week: Option<i64>,
    pub shifts: bool,
    pub nights: bool,
    pub weekends: bool,
    pub salary_min: i64,
    pub salary_max: i64,
    pub salary_period: String,
    pub start_date: String,
    pub expires_on: String,
    pub ccnl: Option<String>,
    pub eqf_min: Option<i64>,
    pub eqf_required: bool,
    pub experience_years: i64,
    pub experience_required: bool,
    pub reserved_l68: bool,
    pub anonymous: bool,
    pub candidate_channel: String,
    pub contact_channel: Option<String>,
    pub published_at: Option<String>,
    /// (URI, Italian label, English label, must-have).
    pub skills: Vec<(String, String, String, bool)>,
    /// (language code, CEFR level, must-have).
    pub languages: Vec<(String, String, bool)>,
    /// (licence code, must-have).
    pub licences: Vec<(String, bool)>,
}

/// One row of the vacancy's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub at: String,
    /// The `vacancy_event.kind` code.
    pub kind: String,
    pub step: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub facts: VacancyFacts,
    /// Always shown to the reviewer, even when the vacancy is posted anonymously.
    pub company_name: String,
    pub cpi_code: String,
    pub state: VacancyState,
    pub protocol: Option<String>,
    pub submitted_at: Option<String>,
    pub closed_reason: Option<String>,
    /// The wizard's answers: (step, field, value), in the form's order.
    pub answers: Vec<(String, String, String)>,
    /// The wording check re-run on the vacancy's texts.
    pub findings: Vec<Finding>,
    pub history: Vec<HistoryRow>,
    /// "Start review" is offered (submitted).
    pub can_start: bool,
    /// Approve / request changes / reject are offered (submitted or in review).
    pub can_decide: bool,
    pub today: String,
    pub default_expires_on: String,
    pub max_expires_on: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, Role};
    use crate::domain::session_policy::Timestamp;
    use crate::store::vacancy_facts::{Requirements, VacancyRecord};
    use sqlx::AnyConnection;
    use std::time::Duration;

    pub const DAY: Duration = Duration::from_secs(24 * 3600);

    pub fn today(now: Timestamp) -> String {
        now.to_iso()[..10].to_string()
    }

    pub fn day_after(now: Timestamp, days: i64) -> String {
        today(now.plus(DAY * u32::try_from(days).unwrap_or(0)))
    }

    /// A `YYYY-MM-DD` date that exists.
    pub fn parse_date(text: &str) -> Option<String> {
        let text = text.trim();
        (text.len() == 10 && Timestamp::parse_iso(&format!("{text}T00:00:00.000Z")).is_ok())
            .then(|| text.to_string())
    }

    pub fn is_staff(basis: &Basis) -> bool {
        matches!(basis, Basis::CpiStaff { .. } | Basis::Supervisor)
    }

    /// The CPIs whose queues the principal reviews: their operator grants, all for a supervisor.
    pub async fn reviewer_cpis(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
    ) -> Result<Vec<(String, String)>, AppError> {
        let principal = facts.require_principal()?;
        if principal.acting_for.is_some() {
            return Ok(Vec::new());
        }
        let supervisor = principal
            .roles
            .iter()
            .any(|r| matches!(r, Role::Supervisor));
        let mine: Vec<&str> = principal
            .roles
            .iter()
            .filter_map(|r| match r {
                Role::Operator { cpi } => Some(cpi.0.as_str()),
                _ => None,
            })
            .collect();
        use sqlx::Row;
        let all = sqlx::query("SELECT code, name FROM cpi ORDER BY name")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
            .collect::<Result<Vec<(String, String)>, sqlx::Error>>()?;
        Ok(all
            .into_iter()
            .filter(|(code, _)| supervisor || mine.contains(&code.as_str()))
            .collect())
    }

    pub fn facts_of(record: &VacancyRecord, req: Requirements) -> VacancyFacts {
        VacancyFacts {
            id: record.id,
            title: record.title.clone(),
            description: record.description.clone(),
            occupation_id: record.occupation_id.clone(),
            positions: record.positions,
            comune: record.comune.clone(),
            work_mode: record.work_mode.clone(),
            contract_code: record.contract_code.clone(),
            working_time_code: record.working_time_code.clone(),
            hours_per_week: record.hours_per_week,
            shifts: record.shifts,
            nights: record.nights,
            weekends: record.weekends,
            salary_min: record.salary_min,
            salary_max: record.salary_max,
            salary_period: record.salary_period.clone(),
            start_date: record.start_date.clone(),
            expires_on: record.expires_on.clone(),
            ccnl: record.ccnl.clone(),
            eqf_min: record.eqf_min,
            eqf_required: record.eqf_required,
            experience_years: record.experience_years,
            experience_required: record.experience_required,
            reserved_l68: record.reserved_l68,
            anonymous: record.anonymous,
            candidate_channel: record.candidate_channel.clone(),
            contact_channel: record.contact_channel.clone(),
            published_at: record.published_at.clone(),
            skills: req.skills,
            languages: req.languages,
            licences: req.licences,
        }
    }

    /// The wizard's answers as (step, field, value), steps in the wizard's order; values that are
    /// not text (lists, numbers) as their JSON.
    pub fn answers_of(form: Option<&str>) -> Vec<(String, String, String)> {
        use crate::domain::vacancy_form::VacancyStep;
        let Some(parsed) = form.and_then(|f| serde_json::from_str::<serde_json::Value>(f).ok())
        else {
            return Vec::new();
        };
        let Some(steps) = parsed.as_object() else {
            return Vec::new();
        };
        let mut keys: Vec<&String> = steps.keys().collect();
        keys.sort_by_key(|k| {
            VacancyStep::parse(k)
                .map(|s| s as usize)
                .unwrap_or(usize::MAX)
        });
        let mut out = Vec::new();
        for step in keys {
            let Some(fields) = steps.get(step).and_then(|v| v.as_object()) else {
                continue;
            };
            for (field, value) in fields {
                let text = match value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push((step.clone(), field.clone(), text));
            }
        }
        out
    }

    /// The vacancy `id` with the basis on which the caller reviews it: staff of its CPI only.
    pub async fn reviewed_vacancy(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
    ) -> Result<(VacancyRecord, Basis), AppError> {
        facts.require_principal()?;
        let record = crate::store::vacancy_facts::vacancy_by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(Action::ReviewVacancy, &record.object())?;
        if !is_staff(&basis) {
            return Err(AppError::NotFound);
        }
        Ok((record, basis))
    }

    pub async fn audit_vacancy(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        action: &str,
        id: i64,
        basis: &Basis,
        detail: Option<&serde_json::Value>,
    ) -> Result<(), AppError> {
        let id = id.to_string();
        facts
            .audit(
                conn,
                AuditFacts {
                    action,
                    object_type: "vacancy",
                    object_id: Some(&id),
                    subject_person_id: None,
                    basis: Some(basis),
                    detail,
                },
            )
            .await
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn answers_follow_the_wizard_order_and_keep_non_text_values() {
            let form =
                r#"{"requisiti":{"skills":["a","b"]},"ruolo":{"title":"Cuoco"},"x":{"y":"z"}}"#;
            let answers = answers_of(Some(form));
            let steps: Vec<&str> = answers.iter().map(|(s, _, _)| s.as_str()).collect();
            assert_eq!(steps, vec!["ruolo", "requisiti", "x"]);
            assert_eq!(answers[1].2, r#"["a","b"]"#);
            assert!(answers_of(Some("not json")).is_empty());
            assert!(answers_of(None).is_empty());
        }

        #[test]
        fn dates_must_exist() {
            assert_eq!(parse_date(" 2027-01-26 ").as_deref(), Some("2027-01-26"));
            for bad in ["2027-02-30", "2027-1-26", "domani", ""] {
                assert_eq!(parse_date(bad), None, "{bad}");
            }
        }
    }
}

/// The review queue: vacancies submitted or in review at the reviewer's CPI (`cpi`, or all of
/// theirs), oldest first.
#[server(endpoint = "review/queue", prefix = "/api")]
pub async fn review_queue(cpi: Option<String>) -> Result<QueueView, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::policy::{Action, CpiCode, Object};
    use crate::domain::session_policy::Timestamp;
    use crate::store::use_db;

    let facts = request_facts()?;
    facts.require_principal()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let cpis = reviewer_cpis(&mut tx, &facts).await?;
    let chosen = cpi.filter(|c| !c.is_empty());
    let scope: Vec<String> = match &chosen {
        Some(c) => vec![c.clone()],
        None => cpis.iter().map(|(c, _)| c.clone()).collect(),
    };
    if scope.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut basis = None;
    for code in &scope {
        basis = Some(facts.authorise(
            Action::Read,
            &Object::Queue {
                cpi: CpiCode(code.clone()),
            },
        )?);
    }
    let records = crate::store::vacancy_review::review_queue(&mut tx, Some(&scope)).await?;
    if let Some(basis) = &basis {
        let scope_text = scope.join(",");
        facts
            .audit(
                &mut tx,
                crate::api::request::AuditFacts {
                    action: "read",
                    object_type: "vacancy_queue",
                    object_id: Some(&scope_text),
                    subject_person_id: None,
                    basis: Some(basis),
                    detail: None,
                },
            )
            .await?;
    }
    tx.commit().await?;
    let rows: Vec<QueueRow> = records
        .into_iter()
        .map(|r| {
            let waited = r
                .submitted_at
                .as_deref()
                .and_then(|s| Timestamp::parse_iso(s).ok())
                .map(|s| (facts.now.unix_millis() - s.unix_millis()).max(0) / 86_400_000)
                .unwrap_or(0);
            QueueRow {
                id: r.id,
                protocol: r.protocol,
                company_name: r.company_name,
                title: r.title,
                state: r.state,
                cpi_code: r.cpi_code,
                submitted_at: r.submitted_at,
                waiting_days: waited,
            }
        })
        .collect();
    Ok(QueueView {
        cpis,
        cpi: chosen,
        submitted: rows
            .iter()
            .filter(|r| r.state == VacancyState::Submitted)
            .count() as i64,
        in_review: rows
            .iter()
            .filter(|r| r.state == VacancyState::InReview)
            .count() as i64,
        rows,
    })
}

/// One vacancy for its reviewer: every fact, the wizard's answers, the wording check and the
/// history. The read is audited; nothing else is written.
#[server(endpoint = "review/get", prefix = "/api")]
pub async fn get_review(id: i64) -> Result<ReviewView, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::discrimination::{check_wording, WordingContext};
    use crate::domain::vacancy::{DEFAULT_PUBLICATION_DAYS, MAX_PUBLICATION_DAYS};
    use crate::store::{use_db, vacancy_events, vacancy_facts};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (record, basis) = reviewed_vacancy(&mut tx, &facts, id).await?;
    audit_vacancy(&mut tx, &facts, "read", id, &basis, None).await?;
    let requirements = vacancy_facts::requirements_of(&mut tx, id).await?;
    let history = vacancy_events::history_of(&mut tx, id).await?;
    tx.commit().await?;
    let answers = answers_of(record.form.as_deref());
    let findings = check_wording(
        &[
            ("title", record.title.as_str()),
            ("description", record.description.as_str()),
        ],
        &WordingContext {
            contract_code: Some(record.contract_code.clone()),
            reserved_l68: record.reserved_l68,
        },
    );
    Ok(ReviewView {
        facts: facts_of(&record, requirements),
        company_name: record.company_name.clone(),
        cpi_code: record.reviewing_cpi(),
        state: record.status,
        protocol: record.protocol.clone(),
        submitted_at: record.submitted_at.clone(),
        closed_reason: record.closed_reason.map(|r| r.code().to_string()),
        answers,
        findings,
        history: history
            .into_iter()
            .map(|h| HistoryRow {
                at: h.at,
                kind: h.event.code().to_string(),
                step: h.step,
                note: h.note,
            })
            .collect(),
        can_start: record.status == VacancyState::Submitted,
        can_decide: record.status.awaits_review(),
        today: today(facts.now),
        default_expires_on: day_after(facts.now, DEFAULT_PUBLICATION_DAYS),
        max_expires_on: day_after(facts.now, MAX_PUBLICATION_DAYS),
    })
}

/// One decision of the reviewer.
#[cfg(feature = "ssr")]
struct Decision<'a> {
    event: crate::domain::vacancy::VacancyEvent,
    step: Option<&'a str>,
    note: Option<&'a str>,
    expires_on: Option<&'a str>,
    /// The notification kind for the company's members, if any.
    notify: Option<&'static str>,
}

/// Applies a reviewer's decision in one transaction: authorise, move (Conflict when someone
/// moved it first), reopen the draft on "request changes", audit, notify the company.
#[cfg(feature = "ssr")]
async fn decide(vacancy_id: i64, d: Decision<'_>) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::vacancy::VacancyEvent;
    use crate::store::vacancy_events::{record_transition, Transition};
    use crate::store::{use_db, vacancy_review};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (record, basis) = reviewed_vacancy(&mut tx, &facts, vacancy_id).await?;
    let to = record.status.transition(d.event)?;
    let moved = record_transition(
        &mut tx,
        facts.now,
        &Transition {
            vacancy_id,
            from: record.status,
            to,
            event: d.event,
            actor_user_id: facts.principal().map(|p| p.user_id.0),
            step: d.step,
            note: d.note,
            expires_on: d.expires_on,
        },
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    if d.event == VacancyEvent::RequestChanges {
        if let Some(step) = d.step {
            vacancy_review::reopen_draft(&mut tx, facts.now, vacancy_id, step).await?;
        }
    }
    let detail = serde_json::json!({
        "event": d.event.code(),
        "from": record.status.code(),
        "to": to.code(),
        "step": d.step,
        "expires_on": d.expires_on,
    });
    let action = if to == VacancyState::Closed {
        "close"
    } else {
        "update"
    };
    audit_vacancy(&mut tx, &facts, action, vacancy_id, &basis, Some(&detail)).await?;
    if let Some(kind) = d.notify {
        vacancy_review::notify_members(
            &mut tx,
            facts.now,
            record.company_id,
            vacancy_id,
            kind,
            vacancy_review::notification_params(record.protocol.as_deref(), &record.title),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
fn note_of(field: &str, text: &str) -> Result<String, AppError> {
    use crate::error::FieldProblem;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::field(
            field,
            FieldProblem::TooLong {
                max: MAX_NOTE_CHARS as u32,
            },
        ));
    }
    Ok(text.to_string())
}

/// Starts the review of a submitted vacancy (submitted → in review), so colleagues see it is
/// being handled.
#[server(endpoint = "review/start", prefix = "/api")]
pub async fn start_review(vacancy_id: i64) -> Result<(), AppError> {
    use crate::domain::vacancy::VacancyEvent;
    decide(
        vacancy_id,
        Decision {
            event: VacancyEvent::StartReview,
            step: None,
            note: None,
            expires_on: None,
            notify: None,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("{}?esito=avviata", review_path(vacancy_id)));
    Ok(())
}

/// Approves a vacancy: it is published until `expires_on` (default today +
/// [`crate::domain::vacancy::DEFAULT_PUBLICATION_DAYS`]).
#[server(endpoint = "review/approve", prefix = "/api")]
pub async fn approve_vacancy(vacancy_id: i64, expires_on: Option<String>) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::vacancy::{VacancyEvent, DEFAULT_PUBLICATION_DAYS, MAX_PUBLICATION_DAYS};
    use crate::error::FieldProblem;

    let now = request_facts()?.now;
    let last_day = match expires_on
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        None => day_after(now, DEFAULT_PUBLICATION_DAYS),
        Some(text) => {
            let day = parse_date(text)
                .ok_or_else(|| AppError::field("expires_on", FieldProblem::Invalid))?;
            if day < today(now) || day > day_after(now, MAX_PUBLICATION_DAYS) {
                return Err(AppError::field("expires_on", FieldProblem::Invalid));
            }
            day
        }
    };
    decide(
        vacancy_id,
        Decision {
            event: VacancyEvent::Approve,
            step: None,
            note: None,
            expires_on: Some(&last_day),
            notify: Some("vacancy_approved"),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("{QUEUE_PAGE}?esito=approvata"));
    Ok(())
}

/// Sends a vacancy back to the company: a message and the wizard step to change. The vacancy is a
/// draft again and its wizard reopens at that step.
#[server(endpoint = "review/request-changes", prefix = "/api")]
pub async fn request_changes(
    vacancy_id: i64,
    step: String,
    message: String,
) -> Result<(), AppError> {
    use crate::domain::vacancy::VacancyEvent;
    use crate::domain::vacancy_form::VacancyStep;
    use crate::error::FieldProblem;

    let step = VacancyStep::parse(step.trim()).ok_or_else(|| {
        if step.trim().is_empty() {
            AppError::field("step", FieldProblem::Required)
        } else {
            AppError::field("step", FieldProblem::Invalid)
        }
    })?;
    let message = note_of("message", &message)?;
    decide(
        vacancy_id,
        Decision {
            event: VacancyEvent::RequestChanges,
            step: Some(step.code()),
            note: Some(&message),
            expires_on: None,
            notify: Some("vacancy_changes_requested"),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("{QUEUE_PAGE}?esito=modifiche"));
    Ok(())
}

/// Rejects a vacancy with a reason (required): it is closed.
#[server(endpoint = "review/reject", prefix = "/api")]
pub async fn reject_vacancy(vacancy_id: i64, reason: String) -> Result<(), AppError> {
    use crate::domain::vacancy::VacancyEvent;
    let reason = note_of("reason", &reason)?;
    decide(
        vacancy_id,
        Decision {
            event: VacancyEvent::Reject,
            step: None,
            note: Some(&reason),
            expires_on: None,
            notify: Some("vacancy_rejected"),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("{QUEUE_PAGE}?esito=respinta"));
    Ok(())
}
