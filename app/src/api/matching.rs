//! Server functions of job matching: jobs for me, candidates for a vacancy, the CPI's shortlist
//! from the ranking (issue 7). Decisions, written down:
//! - **For me**: the caller's own ranking, or their client's for an intermediary whose mandate
//!   covers applications or the profile (`PersonData` with scope `Applications`, else `Profile`);
//!   reads by anyone but the person are audited.
//! - **Candidates**: operators of the vacancy's CPI and supervisors (`ReviewVacancy`) see every
//!   person with a profile within reach, hidden profiles included — the visibility setting is what
//!   *employers* see, and the CPI is the person's public employment service. Each candidate shown
//!   to staff is audited. Members of the vacancy's company (`Update`) see only profiles made
//!   visible (anonymous or full), always without name, contact or id (a rank number stands in),
//!   until the person applies or is sent by the CPI — then they are in the company's pipeline.
//!   Everyone else gets `NotFound`.
//! - **Shortlist**: an operator of the vacancy's CPI picks candidates from the ranking; each gets
//!   an application with source `cpi`, status `shortlisted` (the same as `applicants/shortlist`),
//!   is audited and notified. Someone who already has an application for the vacancy is skipped,
//!   so picking twice changes nothing.

use crate::domain::application::ApplicationStatus;
use crate::error::AppError;
use crate::matching::Reason;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The citizen's page of jobs for them.
pub const FOR_ME_PATH: &str = "/area-personale/offerte-per-me";
/// The query parameter saying what was done.
pub const OUTCOME_PARAM: &str = "esito";
/// The outcome of sending a shortlisted candidate to the company (`applicants/send`).
pub const SENT_OUTCOME: &str = "inviato";
/// How many jobs "for me" lists.
pub const FOR_ME_LIMIT: usize = 20;
/// How many candidates the ranking shows.
pub const CANDIDATES_LIMIT: usize = 50;
/// The most candidates one shortlist submission may add.
pub const MAX_SHORTLIST: usize = CANDIDATES_LIMIT;

pub fn candidates_path(vacancy_id: i64) -> String {
    format!("/operatore/offerte/{vacancy_id}/abbinamenti")
}

/// A skill named in a reason, in both languages (the page picks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillLabel {
    pub id: u32,
    pub label_it: Option<String>,
    pub label_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobForMe {
    pub vacancy_id: i64,
    pub title: String,
    /// `None` for a vacancy the company published anonymously.
    pub company: Option<String>,
    pub comune: Option<String>,
    /// `onsite`, `hybrid` or `remote`.
    pub work_mode: String,
    pub score: f32,
    pub distance_km: Option<f32>,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForMeView {
    /// An intermediary looking at their client's ranking.
    pub acting: bool,
    /// Whether the person has a profile to match (otherwise the page invites them to make one).
    pub has_profile: bool,
    pub jobs: Vec<JobForMe>,
    pub skills: Vec<SkillLabel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateCard {
    /// 1 for the best.
    pub rank: u32,
    /// Only for CPI staff.
    pub person_id: Option<i64>,
    /// Only for CPI staff.
    pub name: Option<String>,
    pub comune: Option<String>,
    pub score: f32,
    pub distance_km: Option<f32>,
    pub reasons: Vec<Reason>,
    /// The person's application for this vacancy, if any (CPI staff only).
    pub application: Option<ApplicationStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidatesView {
    pub vacancy_id: i64,
    pub title: String,
    /// The CPI's view (names, shortlist) rather than the company's anonymous one.
    pub for_cpi: bool,
    /// Whether the operator may shortlist (published vacancy that takes preselection).
    pub can_shortlist: bool,
    pub candidates: Vec<CandidateCard>,
    pub skills: Vec<SkillLabel>,
    /// The CPI's shortlist for the vacancy (CPI staff only; empty for the company).
    pub shortlist: Vec<ShortlistEntry>,
    /// The vacancy's KPIs for the CPI: hours from publication to the first shortlisted candidate
    /// (none yet: `None`) and hires so far. `None` for the company's view.
    pub kpis: Option<(Option<f64>, i64)>,
}

/// One person the CPI proposed for the vacancy (an application with source `cpi`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortlistEntry {
    pub application_id: i64,
    pub name: String,
    pub status: ApplicationStatus,
    /// The person's answer to the proposal: `accepted`, `declined`, or none yet.
    pub answer: Option<String>,
    /// Dates (`YYYY-MM-DD`): shortlisted, answered, sent to the company.
    pub shortlisted_on: Option<String>,
    pub answered_on: Option<String>,
    pub sent_on: Option<String>,
}

impl ShortlistEntry {
    /// Whether the operator may send them to the company now.
    pub fn sendable(&self) -> bool {
        self.status == ApplicationStatus::Shortlisted && self.answer.as_deref() != Some("declined")
    }

    /// Whether the person accepted online (their acceptance is the consent).
    pub fn accepted(&self) -> bool {
        self.answer.as_deref() == Some("accepted")
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, MandateScope, Object, PersonId};
    use crate::matching::MatchWeights;
    use sqlx::{AnyConnection, Row};

    /// The weights the server was started with (`--matching-weights`), else the defaults.
    pub fn weights() -> MatchWeights {
        use_context::<MatchWeights>().unwrap_or_default()
    }

    pub fn today(facts: &RequestFacts) -> String {
        facts.now.to_iso().chars().take(10).collect()
    }

    /// The person whose jobs "for me" are asked, with the basis: the caller, or the client of an
    /// intermediary whose mandate covers applications or the profile.
    pub async fn for_me_subject(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
    ) -> Result<(PersonId, Basis), AppError> {
        let person = crate::api::appointments::server::subject_person(facts)?;
        let cpi = crate::store::appointments::competent_cpi(conn, person).await?;
        let object = |scope| Object::PersonData {
            person_id: person,
            competent_cpi: cpi.clone(),
            scope,
        };
        let basis = match facts.authorise(
            Action::ReadPersonalData,
            &object(MandateScope::Applications),
        ) {
            Ok(basis) => basis,
            Err(_) => facts.authorise(Action::ReadPersonalData, &object(MandateScope::Profile))?,
        };
        Ok((person, basis))
    }

    /// Labels of the skills named in `reasons`, in one query.
    pub async fn skill_labels<'a>(
        conn: &mut AnyConnection,
        reasons: impl Iterator<Item = &'a Reason>,
    ) -> Result<Vec<SkillLabel>, AppError> {
        let mut ids: Vec<u32> = reasons
            .filter_map(|r| match r {
                Reason::Skills { missing, .. } => Some(missing.iter().copied()),
                _ => None,
            })
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        // Only integers are spliced in.
        let sql = format!(
            "SELECT m.id, s.label_it, COALESCE(s.label_en, m.uri) FROM match_skill m \
             LEFT JOIN skill s ON s.uri = m.uri WHERE m.id IN ({list})"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await?;
        let mut labels = Vec::with_capacity(rows.len());
        for r in &rows {
            labels.push(SkillLabel {
                id: r.try_get::<i64, _>(0)? as u32,
                label_it: r.try_get(1)?,
                label_en: r.try_get(2)?,
            });
        }
        Ok(labels)
    }

    pub fn audit_read<'a>(
        action: &'a str,
        object_type: &'a str,
        object_id: &'a str,
        person: i64,
        basis: &'a Basis,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type,
            object_id: Some(object_id),
            subject_person_id: Some(person),
            basis: Some(basis),
            detail,
        }
    }

    /// The applications the CPI made for the vacancy, oldest first; each person shown is audited.
    pub async fn cpi_shortlist(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        basis: &Basis,
        vacancy_id: i64,
    ) -> Result<Vec<ShortlistEntry>, AppError> {
        let rows = sqlx::query(
            "SELECT a.id, a.person_id, a.status, a.proposal_answer, a.shortlisted_at, \
             a.proposal_answered_at, a.sent_at, a.created_at, p.given_name, p.family_name \
             FROM application a JOIN person p ON p.id = a.person_id \
             WHERE a.vacancy_id = $1 AND a.source = 'cpi' ORDER BY a.created_at, a.id",
        )
        .bind(vacancy_id)
        .fetch_all(&mut *conn)
        .await?;
        let date = |v: Option<String>| v.map(|d| d.chars().take(10).collect::<String>());
        let object_id = vacancy_id.to_string();
        let mut entries = Vec::with_capacity(rows.len());
        for r in &rows {
            let status: String = r.try_get("status")?;
            let Some(status) = ApplicationStatus::parse(&status) else {
                continue;
            };
            let person_id: i64 = r.try_get("person_id")?;
            let id: i64 = r.try_get("id")?;
            let given: String = r.try_get("given_name")?;
            let family: String = r.try_get("family_name")?;
            let shortlisted: Option<String> = r.try_get("shortlisted_at")?;
            let created: String = r.try_get("created_at")?;
            entries.push(ShortlistEntry {
                application_id: id,
                name: format!("{given} {family}"),
                status,
                answer: r.try_get("proposal_answer")?,
                shortlisted_on: date(shortlisted.or(Some(created))),
                answered_on: date(r.try_get("proposal_answered_at")?),
                sent_on: date(r.try_get("sent_at")?),
            });
            let detail = serde_json::json!({ "application_id": id });
            facts
                .audit(
                    &mut *conn,
                    audit_read(
                        "matching.shortlist.read",
                        "vacancy",
                        &object_id,
                        person_id,
                        basis,
                        Some(&detail),
                    ),
                )
                .await?;
        }
        Ok(entries)
    }

    /// Tells the person a CPI proposed them for a vacancy, if they have an account.
    pub async fn notify_proposal(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        application_id: i64,
        person_id: PersonId,
        title: &str,
    ) -> Result<(), AppError> {
        let Some(user) = crate::store::tickets::requester_user(conn, person_id).await? else {
            return Ok(());
        };
        let key = format!("application:{application_id}:proposal");
        crate::store::outbox::enqueue(
            conn,
            facts.now,
            &crate::store::outbox::Notification {
                recipient_user_id: user,
                event_key: &key,
                kind: "application_proposal",
                params: serde_json::json!({ "title": title }),
                link: crate::api::my_applications::PAGE_PATH,
            },
        )
        .await?;
        Ok(())
    }
}

/// The published vacancies that fit the person best, with the reasons.
#[server(prefix = "/api", endpoint = "matching/for-me")]
pub async fn jobs_for_me() -> Result<ForMeView, AppError> {
    use crate::api::request::request_facts;
    use crate::store::matching as store;
    use crate::store::use_db;
    let facts = request_facts()?;
    facts.require_principal()?;
    let mut tx = use_db()?.pool().begin().await?;
    let (person, basis) = server::for_me_subject(&mut tx, &facts).await?;
    let has_profile = sqlx::query("SELECT 1 FROM profile WHERE person_id = $1")
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    let ranked = store::vacancies_for_person(
        &mut tx,
        person.0,
        &server::today(&facts),
        FOR_ME_LIMIT,
        &server::weights(),
    )
    .await?;
    let ids: Vec<i64> = ranked.iter().map(|r| r.vacancy_id).collect();
    let mut cards = store::vacancy_cards(&mut tx, &ids).await?;
    let mut jobs = Vec::with_capacity(ranked.len());
    for r in &ranked {
        let Some(card) = cards.remove(&r.vacancy_id) else {
            continue;
        };
        jobs.push(JobForMe {
            vacancy_id: r.vacancy_id,
            title: card.title,
            company: card.company,
            comune: card.comune,
            work_mode: card.work_mode,
            score: r.score,
            distance_km: r.distance_km,
            reasons: r.reasons.clone(),
        });
    }
    let skills = server::skill_labels(&mut tx, jobs.iter().flat_map(|j| j.reasons.iter())).await?;
    let acting = !crate::api::appointments::server::is_own(&basis);
    if acting {
        let object_id = person.0.to_string();
        facts
            .audit(
                &mut tx,
                server::audit_read(
                    "matching.for_me.read",
                    "person",
                    &object_id,
                    person.0,
                    &basis,
                    None,
                ),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(ForMeView {
        acting,
        has_profile,
        jobs,
        skills,
    })
}

/// The people who fit a vacancy best, with the reasons: named for the CPI, anonymous for the
/// company.
#[server(prefix = "/api", endpoint = "matching/candidates")]
pub async fn vacancy_candidates(vacancy_id: i64) -> Result<CandidatesView, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::domain::vacancy::VacancyState;
    use crate::store::matching::{self as store, Audience};
    use crate::store::use_db;
    let facts = request_facts()?;
    facts.require_principal()?;
    let mut tx = use_db()?.begin_write().await?;
    let vacancy = crate::store::applications::vacancy_facts(&mut tx, vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let object = vacancy.object();
    let (audience, basis) = match facts.authorise(Action::ReviewVacancy, &object) {
        Ok(basis) => (Audience::Cpi, basis),
        Err(_) => (Audience::Company, facts.authorise(Action::Update, &object)?),
    };
    let ranked = store::candidates_for_vacancy(
        &mut tx,
        vacancy.id,
        &server::today(&facts),
        CANDIDATES_LIMIT,
        &server::weights(),
        audience,
    )
    .await?;
    let for_cpi = audience == Audience::Cpi;
    let object_id = vacancy.id.to_string();
    let ids: Vec<i64> = ranked.iter().map(|r| r.person_id).collect();
    let mut people = store::person_cards(&mut tx, &ids, vacancy.id).await?;
    let mut candidates = Vec::with_capacity(ranked.len());
    for (i, r) in ranked.iter().enumerate() {
        let Some(person) = people.remove(&r.person_id) else {
            continue;
        };
        let comune = person.comune;
        let card = if for_cpi {
            CandidateCard {
                rank: i as u32 + 1,
                person_id: Some(r.person_id),
                name: Some(format!("{} {}", person.given_name, person.family_name)),
                comune,
                score: r.score,
                distance_km: r.distance_km,
                reasons: r.reasons.clone(),
                application: person
                    .application
                    .as_deref()
                    .and_then(ApplicationStatus::parse),
            }
        } else {
            CandidateCard {
                rank: i as u32 + 1,
                person_id: None,
                name: None,
                comune,
                score: r.score,
                distance_km: r.distance_km,
                reasons: r.reasons.clone(),
                application: None,
            }
        };
        let detail = serde_json::json!({ "rank": card.rank, "anonymous": !for_cpi });
        facts
            .audit(
                &mut tx,
                server::audit_read(
                    "matching.candidates.read",
                    "vacancy",
                    &object_id,
                    r.person_id,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        candidates.push(card);
    }
    let skills =
        server::skill_labels(&mut tx, candidates.iter().flat_map(|c| c.reasons.iter())).await?;
    let shortlist = if for_cpi {
        server::cpi_shortlist(&mut tx, &facts, &basis, vacancy.id).await?
    } else {
        Vec::new()
    };
    let kpis = if for_cpi {
        Some(crate::store::my_applications::vacancy_kpis(&mut tx, vacancy.id).await?)
    } else {
        None
    };
    tx.commit().await?;
    Ok(CandidatesView {
        vacancy_id: vacancy.id,
        title: vacancy.title.clone(),
        for_cpi,
        can_shortlist: for_cpi
            && vacancy.state == VacancyState::Published
            && vacancy.takes_preselection(),
        candidates,
        skills,
        shortlist,
        kpis,
    })
}

/// An operator of the vacancy's CPI puts the chosen candidates on the CPI's shortlist. Returns how
/// many were added (those already with an application are skipped). A form post comes back to the
/// ranking with `?esito=<added>`.
#[server(prefix = "/api", endpoint = "matching/shortlist")]
pub async fn shortlist_matches(
    vacancy_id: i64,
    person_ids: Option<Vec<i64>>,
) -> Result<u32, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::application::ApplicationSource;
    use crate::domain::policy::{Action, PersonId};
    use crate::domain::vacancy::VacancyState;
    use crate::store::applications::{self as store, NewApplication};
    use crate::store::use_db;
    let facts = request_facts()?;
    let principal = facts.require_principal()?;
    let mut tx = use_db()?.begin_write().await?;
    let result: Result<(u32, Vec<i64>), AppError> = async {
        let vacancy = store::vacancy_facts(&mut tx, vacancy_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(Action::ReviewVacancy, &vacancy.object())?;
        let mut ids = person_ids.unwrap_or_default();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() || ids.len() > MAX_SHORTLIST {
            return Err(AppError::invalid("person_ids"));
        }
        if vacancy.state != VacancyState::Published || !vacancy.takes_preselection() {
            return Err(AppError::Conflict);
        }
        let mut added = 0u32;
        let mut people = Vec::new();
        for &person_id in &ids {
            let exists = sqlx::query(
                "SELECT 1 FROM person p JOIN profile f ON f.person_id = p.id \
                 WHERE p.id = $1 AND p.closed_at IS NULL",
            )
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
            if !exists {
                return Err(AppError::invalid("person_ids"));
            }
            let Some(id) = store::insert_application(
                &mut tx,
                facts.now,
                &NewApplication {
                    vacancy_id: vacancy.id,
                    person_id: PersonId(person_id),
                    source: ApplicationSource::Cpi,
                    status: ApplicationStatus::Shortlisted,
                    actor_user_id: Some(principal.user_id.0),
                },
            )
            .await?
            else {
                continue;
            };
            crate::store::my_applications::mark_milestone(
                &mut tx,
                facts.now,
                id,
                crate::store::my_applications::Milestone::Shortlisted,
            )
            .await?;
            let detail = serde_json::json!({ "vacancy_id": vacancy.id, "from": "matching" });
            let object_id = id.to_string();
            facts
                .audit(
                    &mut tx,
                    server::audit_read(
                        "application.shortlist",
                        "application",
                        &object_id,
                        person_id,
                        &basis,
                        Some(&detail),
                    ),
                )
                .await?;
            server::notify_proposal(&mut tx, &facts, id, PersonId(person_id), &vacancy.title)
                .await?;
            added += 1;
            people.push(person_id);
        }
        Ok((added, people))
    }
    .await;
    let (added, people) = crate::api::appointments::server::settle(tx, result).await?;
    let topics: Vec<_> = people
        .iter()
        .map(|&p| crate::live::Topic::Person(p))
        .collect();
    crate::live::publish(&topics).await;
    leptos_axum::redirect(&format!(
        "{}?{OUTCOME_PARAM}={added}",
        candidates_path(vacancy_id)
    ));
    Ok(added)
}
