//! The vacancy wizard (issue 6): start a draft, save it step by step, check it, submit it as a
//! vacancy with a protocol number, discard it. Members of the draft's company only (administrators
//! and recruiters alike); anyone else, CPI staff included, gets NotFound: a draft is the company's
//! work in progress. Every write is audited in its own transaction.
//!
//! A step's form posts its fields as `a[name]=value` (one map argument), so one endpoint serves
//! every step and the skills of any occupation without a fixed list of arguments.

use crate::domain::discrimination::Severity;
use crate::domain::reference::OccupationHit;
use crate::domain::vacancy_form::{Coherence, VacancyAnswers, VacancyStep};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// "Check your answers" and the receipt, after the steps in the draft's address.
pub const CHECK: &str = "riepilogo";
pub const RECEIPT: &str = "ricevuta";
/// The company's vacancies (the company helper's dashboard).
pub const VACANCIES_PAGE: &str = "/impresa/offerte";
/// Occupations offered for a job title.
pub const MAX_SUGGESTIONS: usize = 8;

pub fn vacancy_step_path(draft_id: i64, step: VacancyStep) -> String {
    format!("/impresa/offerte/bozze/{draft_id}/{}", step.code())
}

pub fn vacancy_check_path(draft_id: i64) -> String {
    format!("/impresa/offerte/bozze/{draft_id}/{CHECK}")
}

pub fn vacancy_receipt_path(draft_id: i64) -> String {
    format!("/impresa/offerte/bozze/{draft_id}/{RECEIPT}")
}

/// The company's page of one vacancy.
pub fn company_vacancy_path(vacancy_id: i64) -> String {
    format!("/impresa/offerte/{vacancy_id}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyStepStatus {
    pub step: VacancyStep,
    pub done: bool,
}

/// One ESCO skill of the chosen occupation, offered as must / nice / not needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillOption {
    pub uri: String,
    pub label: String,
    pub essential: bool,
}

/// A discrimination finding with the step to change; the page adds the rule's texts
/// (`discrimination::rule_text`) in its own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordingFinding {
    pub rule: String,
    pub severity: Severity,
    pub field: String,
    pub excerpt: String,
    pub step: VacancyStep,
}

/// An open vacancy of the company that looks like this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateView {
    pub vacancy_id: i64,
    pub title: String,
    pub protocol: Option<String>,
}

/// The CPI's request when the draft was reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRequest {
    pub step: Option<VacancyStep>,
    pub note: Option<String>,
}

/// What a submitted draft became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub vacancy_id: i64,
    pub protocol: Option<String>,
    /// Server instant (ISO) of the (last) submission.
    pub submitted_at: Option<String>,
}

/// A vacancy draft, as its pages need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VacancyDraftView {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub steps: Vec<VacancyStepStatus>,
    /// Answers by step, as last saved (also a step's values that failed its rules).
    pub answers: VacancyAnswers,
    pub version: i64,
    /// The region's comuni: (ISTAT code, name), by name.
    pub comuni: Vec<(String, String)>,
    /// The chosen occupation's label.
    pub occupation_label: Option<String>,
    /// Occupations matching the job title, to confirm one (without JavaScript).
    pub suggestions: Vec<OccupationHit>,
    /// The chosen occupation's ESCO skills.
    pub skills: Vec<SkillOption>,
    pub coherence: Vec<Coherence>,
    pub findings: Vec<WordingFinding>,
    pub duplicates: Vec<DuplicateView>,
    pub reopened: Option<ChangeRequest>,
    pub submitted: Option<Receipt>,
}

/// A draft on the company's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyDraftRow {
    pub id: i64,
    pub title: Option<String>,
    pub updated_at: String,
    pub next_step: Option<VacancyStep>,
    /// Sent back by the CPI for changes.
    pub reopened: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::api::request::RequestFacts;
    use crate::domain::codice_fiscale::CalendarDate;
    use crate::domain::policy::{Action, Basis, CompanyId, CpiCode, Object};
    use crate::domain::session_policy::Timestamp;
    use crate::store::companies::CompanyRecord;
    use crate::store::vacancy_drafts::VacancyDraft;
    use sqlx::AnyConnection;

    pub fn today(now: Timestamp) -> CalendarDate {
        CalendarDate::parse_iso(&now.to_iso()[..10]).unwrap_or(CalendarDate::clamped(2000, 1, 1))
    }

    /// The policy object of a company's vacancies: the CPI is the one of the seat (none outside
    /// the region).
    pub fn vacancy_object(company: &CompanyRecord) -> Object {
        Object::Vacancy {
            company_id: company.id,
            cpi: company.seat_cpi.clone().unwrap_or(CpiCode(String::new())),
        }
    }

    /// The company `id` if the caller is one of its members and may `action` its vacancies;
    /// otherwise NotFound (CPI staff may read vacancies, but drafts are the company's own).
    pub async fn member_company(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(CompanyRecord, Basis), AppError> {
        facts.require_principal()?;
        let company = crate::store::companies::company_by_id(conn, CompanyId(id))
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = match facts.authorise(action, &vacancy_object(&company)) {
            Ok(basis @ Basis::CompanyMember { .. }) => basis,
            Ok(_) | Err(AppError::Forbidden) => return Err(AppError::NotFound),
            Err(e) => return Err(e),
        };
        Ok((company, basis))
    }

    /// The draft `id` and its company, for a member who may `action` it.
    pub async fn member_draft(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(VacancyDraft, CompanyRecord, Basis), AppError> {
        facts.require_principal()?;
        let draft = crate::store::vacancy_drafts::draft_by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (company, basis) = member_company(conn, facts, draft.company_id.0, action).await?;
        Ok((draft, company, basis))
    }

    /// The skills a draft's requirements may name: those of its chosen occupation.
    pub async fn skills_of_draft(
        conn: &mut AnyConnection,
        draft: &VacancyDraft,
        lang: &str,
    ) -> Result<Vec<SkillOption>, sqlx::Error> {
        let Some(occupation) = draft
            .answers
            .get(&VacancyStep::Role)
            .and_then(|a| a.get("occupation"))
        else {
            return Ok(Vec::new());
        };
        Ok(
            crate::store::vacancy_drafts::occupation_skills(conn, occupation, lang)
                .await?
                .into_iter()
                .map(|(uri, label, essential)| SkillOption {
                    uri,
                    label,
                    essential,
                })
                .collect(),
        )
    }

    /// The wording findings with the step of their field.
    pub fn findings(answers: &VacancyAnswers) -> Vec<WordingFinding> {
        crate::domain::vacancy_form::wording_findings(answers)
            .into_iter()
            .map(|f| WordingFinding {
                step: VacancyStep::of_field(&f.field).unwrap_or(VacancyStep::Role),
                rule: f.rule,
                severity: f.severity,
                field: f.field,
                excerpt: f.excerpt,
            })
            .collect()
    }

    /// The last day of publication until the CPI chooses: the start plus the default period.
    pub fn provisional_expiry(start_date: &str, now: Timestamp) -> String {
        let days = crate::domain::vacancy::DEFAULT_PUBLICATION_DAYS;
        let from = Timestamp::parse_iso(&format!("{start_date}T00:00:00Z")).unwrap_or(now);
        let secs = u64::try_from(days).unwrap_or(60) * 24 * 3600;
        from.plus(std::time::Duration::from_secs(secs)).to_iso()[..10].to_string()
    }
}

/// Starts a vacancy draft for company `company_id`. `key` is the idempotency key minted when the
/// form was rendered: pressing "start" twice opens one draft.
#[server(endpoint = "vacancy/start", prefix = "/api")]
pub async fn start_vacancy(company_id: i64, key: String) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::store::{use_db, vacancy_drafts};

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let key = key.trim();
    if !(16..=64).contains(&key.len())
        || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(AppError::invalid("key"));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (company, basis) = member_company(&mut tx, &facts, company_id, Action::Create).await?;
    let draft =
        vacancy_drafts::create_draft(&mut tx, facts.now, company.id, principal.user_id.0, key)
            .await?
            .ok_or(AppError::NotFound)?;
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "create",
                object_type: "vacancy_draft",
                object_id: Some(&id),
                subject_person_id: None,
                basis: Some(&basis),
                detail: Some(&serde_json::json!({ "company_id": company.id.0 })),
            },
        )
        .await?;
    tx.commit().await?;
    let target = if draft.submitted_at.is_some() {
        vacancy_receipt_path(draft.id)
    } else {
        match crate::domain::vacancy_form::next_step(&draft.completed) {
            Some(step) => vacancy_step_path(draft.id, step),
            None => vacancy_check_path(draft.id),
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// A draft for its pages, with the checks of "check your answers".
#[server(endpoint = "vacancy/draft", prefix = "/api")]
pub async fn get_vacancy_draft(id: i64) -> Result<VacancyDraftView, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::domain::search_text::TermLang;
    use crate::store::{use_db, vacancy_drafts, vacancy_duplicates};

    let facts = request_facts()?;
    let db = use_db()?;
    // The skills' and occupation's labels in the page's language (the `lang` cookie).
    let lang = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(crate::i18n::Locale::from_cookie_header)
        })
        .unwrap_or_default()
        .code();
    let mut conn = db.pool().begin().await?;
    let (draft, company, _) = member_draft(&mut conn, &facts, id, Action::Update).await?;
    let comuni = crate::api::counter::server::region_comuni(&mut conn).await?;
    let role = draft.answers.get(&VacancyStep::Role);
    let occupation = role.and_then(|a| a.get("occupation")).cloned();
    let occupation_label = match &occupation {
        Some(o) => vacancy_drafts::occupation_facts(&mut conn, o)
            .await?
            .map(|(it, en, _)| if lang == "en" { en } else { it }),
        None => None,
    };
    let skills = skills_of_draft(&mut conn, &draft, lang).await?;
    let title = role.and_then(|a| a.get("job_title")).cloned();
    let work_istat = draft
        .answers
        .get(&VacancyStep::Place)
        .and_then(|a| a.get("work_comune"))
        .cloned();
    let duplicates = match (&title, &occupation) {
        (Some(title), Some(occupation)) => vacancy_duplicates::possible_duplicates(
            &mut conn,
            company.id.0,
            title,
            occupation,
            work_istat.as_deref(),
            draft.vacancy_id,
        )
        .await?
        .into_iter()
        .map(|d| DuplicateView {
            vacancy_id: d.vacancy_id,
            title: d.title,
            protocol: d.protocol,
        })
        .collect(),
        _ => Vec::new(),
    };
    let reopened = match (draft.vacancy_id, &draft.submitted_at) {
        (Some(vacancy), None) => vacancy_drafts::latest_change_request(&mut conn, vacancy)
            .await?
            .map(|(step, note)| ChangeRequest {
                step: step
                    .as_deref()
                    .and_then(VacancyStep::parse)
                    .or(draft.reopened_step),
                note,
            }),
        _ => None,
    };
    let submitted = match (draft.vacancy_id, &draft.submitted_at) {
        (Some(vacancy), Some(_)) => vacancy_drafts::vacancy_receipt(&mut conn, vacancy)
            .await?
            .map(|(protocol, submitted_at, _)| Receipt {
                vacancy_id: vacancy,
                protocol,
                submitted_at,
            }),
        _ => None,
    };
    conn.commit().await?;
    // Suggestions for the title until an occupation is confirmed (and to change it): the whole
    // title first, then its words (a title such as "Cuoco pasticcere" is no occupation's name).
    let term_lang = if lang == "en" {
        TermLang::En
    } else {
        TermLang::It
    };
    let mut suggestions: Vec<OccupationHit> = Vec::new();
    if let Some(title) = &title {
        let mut queries = vec![title.clone()];
        let mut words: Vec<&str> = title
            .split_whitespace()
            .filter(|w| w.chars().count() >= 3)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        if words.len() > 1 {
            queries.extend(words.into_iter().take(4).map(str::to_string));
        }
        for q in queries {
            if suggestions.len() >= MAX_SUGGESTIONS {
                break;
            }
            let Some(q) = crate::api::reference::parse_query(&q).ok().flatten() else {
                continue;
            };
            let limit = u32::try_from(MAX_SUGGESTIONS).unwrap_or(8);
            for hit in
                crate::store::reference::search_occupations(&db, &q, term_lang, limit).await?
            {
                if suggestions.len() < MAX_SUGGESTIONS
                    && !suggestions.iter().any(|s| s.id == hit.id)
                {
                    suggestions.push(hit);
                }
            }
        }
    }
    Ok(VacancyDraftView {
        id: draft.id,
        company_id: company.id.0,
        company_name: company.name.clone(),
        steps: VacancyStep::ALL
            .into_iter()
            .map(|step| VacancyStepStatus {
                step,
                done: draft.completed.contains(&step),
            })
            .collect(),
        coherence: crate::domain::vacancy_form::coherence(&draft.answers, today(facts.now)),
        findings: findings(&draft.answers),
        answers: draft.answers,
        version: draft.version,
        comuni,
        occupation_label,
        suggestions,
        skills,
        duplicates,
        reopened,
        submitted,
    })
}

/// Saves one step. The step's fields come as `a[name]`; `back_to_check` returns to "check your
/// answers" (a change link) instead of the next step. A step that fails its rules is kept as typed
/// (and the answer is the field errors); a save over a newer version is a Conflict.
#[server(endpoint = "vacancy/save-step", prefix = "/api")]
pub async fn save_vacancy_step(
    draft_id: i64,
    step: String,
    version: i64,
    back_to_check: Option<String>,
    a: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::domain::vacancy_form::{self, MAX_SKILLS};
    use crate::domain::wizard::StepAnswers;
    use crate::store::{use_db, vacancy_drafts};

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let step = VacancyStep::parse(&step).ok_or_else(|| AppError::invalid("step"))?;
    let raw: StepAnswers = a.unwrap_or_default();
    // A fixed step form has at most its fields plus two per skill: more is not a form of ours.
    if raw.len() > step.fields().len() + 2 * MAX_SKILLS {
        return Err(AppError::invalid("a"));
    }
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, _company, basis) = member_draft(&mut tx, &facts, draft_id, Action::Update).await?;
    let istat = raw
        .get("work_comune")
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    let comune_known =
        !istat.is_empty() && crate::api::counter::server::comune_in_region(&mut tx, &istat).await?;
    let occupation_known = match raw.get("occupation").map(|v| v.trim()) {
        Some(o) if !o.is_empty() => vacancy_drafts::occupation_facts(&mut tx, o)
            .await?
            .is_some(),
        _ => true,
    };
    let skills: Vec<String> = if step == VacancyStep::Requirements {
        skills_of_draft(&mut tx, &draft, "en")
            .await?
            .into_iter()
            .map(|s| s.uri)
            .collect()
    } else {
        Vec::new()
    };
    let mut checked =
        vacancy_form::validate_step(step, &raw, today(facts.now), &|_| comune_known, &|uri| {
            skills.iter().any(|s| s == uri)
        });
    if !occupation_known {
        let error =
            crate::domain::wizard::problem("occupation", crate::error::FieldProblem::Invalid);
        checked = match checked {
            Ok(_) => Err(vec![error]),
            Err(mut errors) => {
                errors.retain(|e| e.field != "occupation");
                errors.push(error);
                Err(errors)
            }
        };
    }
    let (answers, complete) = match &checked {
        Ok(clean) => (clean.clone(), true),
        Err(_) => (raw.clone(), false),
    };
    let new_version = vacancy_drafts::save_step(
        &mut tx,
        facts.now,
        &draft,
        version,
        principal.user_id.0,
        step,
        &answers,
        complete,
    )
    .await?
    .ok_or(AppError::Conflict)?;
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "update",
                object_type: "vacancy_draft",
                object_id: Some(&id),
                subject_person_id: None,
                basis: Some(&basis),
                detail: Some(&serde_json::json!({
                    "step": step.code(), "version": new_version, "complete": complete
                })),
            },
        )
        .await?;
    tx.commit().await?;
    if let Err(fields) = checked {
        return Err(AppError::Validation { fields });
    }
    let mut completed = draft.completed.clone();
    if !completed.contains(&step) {
        completed.push(step);
    }
    let target = match (back_to_check.is_some(), vacancy_form::next_step(&completed)) {
        (false, Some(next)) => vacancy_step_path(draft.id, next),
        _ => vacancy_check_path(draft.id),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Submits a complete draft as a vacancy for the CPI's review (or, for a draft the CPI reopened,
/// resubmits the same vacancy with the same protocol). Every rule runs again here; blocking
/// coherence findings and discrimination violations refuse the submission. A second submit of the
/// same draft finds the vacancy the first made.
#[server(endpoint = "vacancy/submit", prefix = "/api")]
pub async fn submit_vacancy(draft_id: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::discrimination::has_violation;
    use crate::domain::policy::Action;
    use crate::domain::vacancy::{VacancyEvent, VacancyState};
    use crate::domain::vacancy_form::{self, next_step};
    use crate::error::{FieldError, FieldProblem};
    use crate::store::vacancy_drafts::{self, SubmittedVacancy};
    use crate::store::vacancy_events::{self, Transition};
    use crate::store::{outbox, tickets, use_db};

    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, company, basis) = member_draft(&mut tx, &facts, draft_id, Action::Create).await?;
    // Two submits at once: the second waits here for the first to commit, then finds it done.
    vacancy_drafts::lock_draft(&mut tx, draft.id).await?;
    let draft = vacancy_drafts::draft_by_id(&mut tx, draft.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if draft.submitted_at.is_some() {
        tx.commit().await?;
        leptos_axum::redirect(&vacancy_receipt_path(draft.id));
        return Ok(());
    }
    if let Some(missing) = next_step(&draft.completed) {
        return Err(AppError::field(missing.code(), FieldProblem::Required));
    }
    // The browser is never trusted: every step again, then the whole.
    let today = today(facts.now);
    let skills: Vec<String> = skills_of_draft(&mut tx, &draft, "en")
        .await?
        .into_iter()
        .map(|s| s.uri)
        .collect();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut clean = VacancyAnswers::new();
    for step in VacancyStep::ALL {
        let raw = draft.answers.get(&step).cloned().unwrap_or_default();
        let istat = raw.get("work_comune").cloned().unwrap_or_default();
        let known = !istat.is_empty()
            && crate::api::counter::server::comune_in_region(&mut tx, &istat).await?;
        match vacancy_form::validate_step(step, &raw, today, &|_| known, &|uri| {
            skills.iter().any(|s| s == uri)
        }) {
            Ok(answers) => {
                clean.insert(step, answers);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    for c in vacancy_form::coherence(&clean, today) {
        if c.blocking {
            errors.push(FieldError {
                field: c.field.clone(),
                problem: FieldProblem::Invalid,
            });
        }
    }
    if has_violation(&vacancy_form::wording_findings(&clean)) {
        errors.push(FieldError {
            field: "wording".to_string(),
            problem: FieldProblem::Invalid,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let columns = vacancy_form::columns(&clean).ok_or_else(|| AppError::invalid("ruolo"))?;
    let (_, _, isco_code) = vacancy_drafts::occupation_facts(&mut tx, &columns.occupation_id)
        .await?
        .ok_or_else(|| AppError::invalid("occupation"))?;
    let cpi = company
        .seat_cpi
        .clone()
        .ok_or_else(|| AppError::invalid("company"))?;
    let form = vacancy_drafts::answers_to_json(&clean);
    let expires_on = provisional_expiry(&columns.start_date, facts.now);
    let vacancy = SubmittedVacancy {
        company: company.id,
        columns: &columns,
        isco_code: &isco_code,
        form: &form,
        cpi_code: &cpi.0,
        expires_on: &expires_on,
    };
    let user = principal.user_id.0;
    let (vacancy_id, protocol, event) = match draft.vacancy_id {
        // Reopened by the CPI: the same vacancy, the same protocol.
        Some(vacancy_id) => {
            let (protocol, _, status) = vacancy_drafts::vacancy_receipt(&mut tx, vacancy_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let from = VacancyState::parse(&status).ok_or(AppError::Conflict)?;
            let to = from.transition(VacancyEvent::Resubmit)?;
            vacancy_drafts::update_vacancy(&mut tx, facts.now, vacancy_id, &vacancy).await?;
            let moved = vacancy_events::record_transition(
                &mut tx,
                facts.now,
                &Transition {
                    vacancy_id,
                    from,
                    to,
                    event: VacancyEvent::Resubmit,
                    actor_user_id: Some(user),
                    step: None,
                    note: None,
                    expires_on: None,
                },
            )
            .await?;
            if !moved {
                return Err(AppError::Conflict);
            }
            (
                vacancy_id,
                protocol.unwrap_or_default(),
                VacancyEvent::Resubmit,
            )
        }
        None => {
            let number = tickets::next_protocol_number(&mut tx, facts.now, &cpi.0).await?;
            let protocol = number.as_str().to_string();
            let id =
                vacancy_drafts::insert_vacancy(&mut tx, facts.now, &vacancy, &protocol).await?;
            vacancy_events::insert_event(
                &mut tx,
                facts.now,
                id,
                VacancyEvent::Submit,
                Some(user),
                None,
                None,
            )
            .await?;
            (id, protocol, VacancyEvent::Submit)
        }
    };
    vacancy_drafts::mark_submitted(&mut tx, facts.now, draft.id, vacancy_id, user).await?;
    let vacancy_text = vacancy_id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "create",
                object_type: "vacancy",
                object_id: Some(&vacancy_text),
                subject_person_id: None,
                basis: Some(&basis),
                detail: Some(&serde_json::json!({
                    "protocol": protocol, "draft_id": draft.id, "event": event.code()
                })),
            },
        )
        .await?;
    let event_key = format!(
        "vacancy:{vacancy_id}:{}:{}",
        event.code(),
        facts.now.to_iso()
    );
    let link = format!("/operatore/offerte/{vacancy_id}");
    for (operator, _) in tickets::operators_of_cpi(&mut tx, &cpi.0).await? {
        outbox::enqueue(
            &mut tx,
            facts.now,
            &outbox::Notification {
                recipient_user_id: operator,
                event_key: &event_key,
                kind: "vacancy_submitted",
                params: serde_json::json!({ "protocol": protocol, "title": columns.title }),
                link: &link,
            },
        )
        .await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&vacancy_receipt_path(draft.id));
    Ok(())
}

/// Throws away a draft never submitted.
#[server(endpoint = "vacancy/discard", prefix = "/api")]
pub async fn discard_vacancy_draft(draft_id: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::api::request::{request_facts, AuditFacts};
    use crate::domain::policy::Action;
    use crate::store::{use_db, vacancy_drafts};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let (draft, company, basis) = member_draft(&mut tx, &facts, draft_id, Action::Close).await?;
    if !vacancy_drafts::discard_draft(&mut tx, draft.id).await? {
        return Err(AppError::Conflict);
    }
    let id = draft.id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "close",
                object_type: "vacancy_draft",
                object_id: Some(&id),
                subject_person_id: None,
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{VACANCIES_PAGE}?{}={}&esito=bozza-eliminata",
        crate::api::companies::COMPANY_PARAM,
        company.id.0
    ));
    Ok(())
}

/// The company's open drafts (new ones and those sent back for changes), newest first.
#[server(endpoint = "vacancy/drafts", prefix = "/api")]
pub async fn vacancy_drafts_of_company(company_id: i64) -> Result<Vec<VacancyDraftRow>, AppError> {
    use self::server::*;
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::{use_db, vacancy_drafts};

    let facts = request_facts()?;
    let db = use_db()?;
    let mut conn = db.pool().begin().await?;
    let (company, _) = member_company(&mut conn, &facts, company_id, Action::Read).await?;
    let drafts = vacancy_drafts::open_drafts_of_company(&mut conn, company.id).await?;
    conn.commit().await?;
    Ok(drafts
        .into_iter()
        .map(|d| VacancyDraftRow {
            id: d.id,
            title: d
                .answers
                .get(&VacancyStep::Role)
                .and_then(|a| a.get("job_title"))
                .cloned(),
            updated_at: d.updated_at,
            next_step: crate::domain::vacancy_form::next_step(&d.completed),
            reopened: d.vacancy_id.is_some(),
        })
        .collect())
}
