//! A company's vacancies (issue 6): the dashboard, one vacancy as its company sees it, closing it
//! (filled or withdrawn), and the company profile. Members of the company (administrators and
//! recruiters) work with its vacancies; operators review them elsewhere (`api::vacancy_review`), so
//! here a staff member gets `NotFound` like anyone else who is not a member. The profile is read
//! by members and the staff of the seat's CPI, and changed by the company's administrators.

use crate::api::vacancy_review::VacancyFacts;
use crate::domain::vacancy::{ClosedReason, VacancyEvent, VacancyState};
use crate::domain::vacancy_form::VacancyStep;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The dashboard; the company goes in [`crate::api::companies::COMPANY_PARAM`].
pub const VACANCIES_PAGE: &str = "/impresa/offerte";
/// The company profile; the company goes in [`crate::api::companies::COMPANY_PARAM`].
pub const PROFILE_PAGE: &str = "/impresa/profilo";

pub fn vacancy_path(id: i64) -> String {
    format!("{VACANCIES_PAGE}/{id}")
}

pub fn applicants_path(id: i64) -> String {
    format!("{VACANCIES_PAGE}/{id}/candidati")
}

/// Where a wizard draft goes on: a step, or "check your answers" when every step is done.
pub fn draft_path(draft_id: i64, step: Option<VacancyStep>) -> String {
    let step = step.map(VacancyStep::code).unwrap_or("riepilogo");
    format!("{VACANCIES_PAGE}/bozze/{draft_id}/{step}")
}

/// A company's size band (`company.size_band`), as in the EU SME definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SizeBand {
    Micro,
    Small,
    Medium,
    Large,
}

impl SizeBand {
    pub const ALL: [SizeBand; 4] = [
        SizeBand::Micro,
        SizeBand::Small,
        SizeBand::Medium,
        SizeBand::Large,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SizeBand::Micro => "micro",
            SizeBand::Small => "small",
            SizeBand::Medium => "medium",
            SizeBand::Large => "large",
        }
    }

    pub fn parse(code: &str) -> Option<SizeBand> {
        SizeBand::ALL.into_iter().find(|b| b.code() == code.trim())
    }
}

/// One row of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyRow {
    pub id: i64,
    pub title: String,
    pub protocol: Option<String>,
    pub status: VacancyState,
    pub closed_reason: Option<ClosedReason>,
    pub comune: Option<String>,
    /// ISO date.
    pub published_on: Option<String>,
    /// ISO date.
    pub expires_on: String,
    pub applicants: i64,
    /// Applications nobody has looked at yet (status `applied`).
    pub new_applicants: i64,
}

/// A wizard draft still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: i64,
    pub title: Option<String>,
    /// ISO date.
    pub updated_on: String,
    /// Where "continue" leads.
    pub continue_path: String,
    /// Sent back for changes by the CPI.
    pub reopened: bool,
}

/// The filters the dashboard was asked for, echoed so the form shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub q: String,
    pub status: Option<VacancyState>,
    pub occupation: String,
    pub comune: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyDashboard {
    pub company_id: i64,
    pub company_name: String,
    /// Vacancies per state, in the order of the state machine.
    pub counts: Vec<(VacancyState, i64)>,
    pub filter: DashboardFilter,
    /// Vacancies matching the filter (all pages).
    pub matching: i64,
    pub rows: Vec<VacancyRow>,
    /// The `prima` value of the next page, if there is one.
    pub next_before: Option<i64>,
    /// This is not the first page.
    pub paged: bool,
    pub drafts: Vec<DraftRow>,
    /// (id, Italian label, English label) of the occupations the company's vacancies use.
    pub occupations: Vec<(String, String, String)>,
    /// (ISTAT code, name) of the comuni the company's vacancies are in.
    pub comuni: Vec<(String, String)>,
    /// A fresh idempotency key for "new vacancy".
    pub new_key: String,
}

/// One line of a vacancy's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// ISO instant.
    pub at: String,
    pub event: VacancyEvent,
    /// The wizard step the CPI asked to change.
    pub step: Option<VacancyStep>,
    pub note: Option<String>,
}

/// A vacancy as its company sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VacancyView {
    /// The facts the reviewer and the public page show too.
    pub facts: VacancyFacts,
    pub company_id: i64,
    pub company_name: String,
    pub status: VacancyState,
    pub closed_reason: Option<ClosedReason>,
    pub protocol: Option<String>,
    pub occupation_it: String,
    pub occupation_en: String,
    /// ISO instants (`facts.published_at` too).
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub closed_at: Option<String>,
    pub history: Vec<HistoryLine>,
    pub applicants: i64,
    pub new_applicants: i64,
    /// The reopened wizard draft to go on with (changes requested).
    pub draft_path: Option<String>,
    pub can_fill: bool,
    pub can_withdraw: bool,
}

/// The company profile and what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfileView {
    pub company_id: i64,
    pub name: String,
    pub partita_iva: String,
    pub ateco_code: String,
    pub ateco_title: Option<String>,
    pub seat_istat: String,
    pub seat_name: Option<String>,
    pub size_band: Option<SizeBand>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Administrators edit; recruiters and the CPI's staff read.
    pub can_edit: bool,
    /// For editors: the region's comuni, (ISTAT code, name).
    pub comuni: Vec<(String, String)>,
    /// For editors: the ATECO activities found by the search (the current one first).
    pub ateco_options: Vec<(String, String)>,
    pub ateco_query: String,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::{request_facts, AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, CompanyId, CpiCode, Object};
    use crate::store::vacancy_facts::VacancyRecord;
    use crate::store::{companies, use_db};
    use sqlx::AnyConnection;

    pub fn facts() -> Result<RequestFacts, AppError> {
        request_facts()
    }

    pub fn date_of(iso: &str) -> String {
        iso.get(..10).unwrap_or(iso).to_string()
    }

    /// The company `id` for its own members; anyone else (staff included: the dashboard and the
    /// drafts are the company's work) gets `NotFound`.
    pub async fn member_company(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
    ) -> Result<companies::CompanyRecord, AppError> {
        facts.require_principal()?;
        let company = companies::company_by_id(conn, CompanyId(id))
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(
            Action::Read,
            &Object::Company {
                company_id: company.id,
                seat_cpi: company.seat_cpi.clone().unwrap_or(CpiCode(String::new())),
            },
        )?;
        if !matches!(basis, Basis::CompanyMember { .. }) {
            return Err(AppError::NotFound);
        }
        Ok(company)
    }

    /// The vacancy `id` if the caller may `action` it as a member of its company; `NotFound`
    /// otherwise (also for the reviewing CPI's staff, who have their own page).
    pub async fn member_vacancy(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(VacancyRecord, Basis), AppError> {
        facts.require_principal()?;
        let record = crate::store::vacancy_facts::vacancy_by_id(conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = match facts.authorise(action, &record.object()) {
            Ok(basis) => basis,
            // A staff member may read but not close: still not theirs to see here.
            Err(AppError::Forbidden) => return Err(AppError::NotFound),
            Err(error) => return Err(error),
        };
        if !matches!(basis, Basis::CompanyMember { .. }) {
            return Err(AppError::NotFound);
        }
        Ok((record, basis))
    }

    /// Ends a vacancy with `event` (filled or withdrawn), audited; `Conflict` when its state does
    /// not allow it or someone moved it first.
    pub async fn close_vacancy(
        vacancy_id: i64,
        confirm: Option<String>,
        event: VacancyEvent,
        audit_action: &str,
        outcome: &str,
    ) -> Result<(), AppError> {
        use crate::store::vacancy_events::{record_transition, Transition};
        let facts = facts()?;
        let mut tx = use_db()?.begin_write().await?;
        let (record, basis) = member_vacancy(&mut tx, &facts, vacancy_id, Action::Close).await?;
        if confirm
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .is_empty()
        {
            return Err(AppError::field(
                "confirm",
                crate::error::FieldProblem::Required,
            ));
        }
        let to = record.status.transition(event)?;
        let user = facts.require_principal()?.user_id.0;
        let moved = record_transition(
            &mut tx,
            facts.now,
            &Transition {
                vacancy_id: record.id,
                from: record.status,
                to,
                event,
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
        let object_id = record.id.to_string();
        let detail = serde_json::json!({
            "company_id": record.company_id,
            "protocol": record.protocol,
            "from": record.status.code(),
            "to": to.code(),
        });
        facts
            .audit(
                &mut tx,
                AuditFacts {
                    action: audit_action,
                    object_type: "vacancy",
                    object_id: Some(&object_id),
                    subject_person_id: None,
                    basis: Some(&basis),
                    detail: Some(&detail),
                },
            )
            .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("{}?esito={outcome}", vacancy_path(record.id)));
        Ok(())
    }
}

/// The company's vacancies, a page at a time (newest first, [`crate::store::vacancies::PAGE_SIZE`]
/// rows), filtered by title words, state, occupation and work comune; with the counts per state,
/// the open wizard drafts and the filters' options. Members only.
#[server(prefix = "/api", endpoint = "vacancies/list")]
pub async fn list_vacancies(
    company_id: i64,
    q: Option<String>,
    status: Option<String>,
    occupation: Option<String>,
    comune: Option<String>,
    before: Option<i64>,
) -> Result<VacancyDashboard, AppError> {
    use crate::store::use_db;
    use crate::store::vacancies::{self as store, VacancyFilter, MAX_QUERY_CHARS, PAGE_SIZE};
    let facts = server::facts()?;
    let blank = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let q = blank(q);
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(AppError::field(
            "q",
            crate::error::FieldProblem::TooLong {
                max: MAX_QUERY_CHARS as u32,
            },
        ));
    }
    let status = match blank(status) {
        Some(code) => Some(VacancyState::parse(&code).ok_or_else(|| AppError::invalid("status"))?),
        None => None,
    };
    let occupation = blank(occupation);
    if occupation
        .as_ref()
        .is_some_and(|o| o.len() > MAX_QUERY_CHARS)
    {
        return Err(AppError::invalid("occupation"));
    }
    let comune = blank(comune);
    if comune
        .as_ref()
        .is_some_and(|c| c.len() != 6 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(AppError::invalid("comune"));
    }
    if before.is_some_and(|b| b < 1) {
        return Err(AppError::invalid("before"));
    }
    let db = use_db()?;
    // A read transaction, committed: a bare pooled read can leave SQLite's snapshot open.
    let mut tx = db.pool().begin().await?;
    let company = server::member_company(&mut tx, &facts, company_id).await?;
    let filter = VacancyFilter {
        query: q.clone(),
        status,
        occupation_id: occupation.clone(),
        work_istat: comune.clone(),
        before_id: before,
    };
    let id = company.id.0;
    let mut rows = store::company_vacancies(&mut tx, id, &filter, PAGE_SIZE + 1).await?;
    let next_before = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let matching = store::count_company_vacancies(&mut tx, id, &filter).await?;
    let counts = store::status_counts(&mut tx, id).await?;
    let drafts = store::open_drafts(&mut tx, id).await?;
    let (occupations, comuni) = store::filter_options(&mut tx, id).await?;
    tx.commit().await?;
    Ok(VacancyDashboard {
        company_id: id,
        company_name: company.name,
        counts,
        filter: DashboardFilter {
            q: q.unwrap_or_default(),
            status,
            occupation: occupation.unwrap_or_default(),
            comune: comune.unwrap_or_default(),
        },
        matching,
        rows: rows
            .into_iter()
            .map(|r| VacancyRow {
                id: r.id,
                title: r.title,
                protocol: r.protocol,
                status: r.status,
                closed_reason: r.closed_reason,
                comune: r.comune,
                published_on: r.published_at.as_deref().map(server::date_of),
                expires_on: r.expires_on,
                applicants: r.applicants,
                new_applicants: r.new_applicants,
            })
            .collect(),
        next_before,
        paged: before.is_some(),
        drafts: drafts
            .into_iter()
            .map(|d| DraftRow {
                id: d.id,
                title: d.title,
                updated_on: server::date_of(&d.updated_at),
                continue_path: draft_path(d.id, d.next_step),
                reopened: d.vacancy_id.is_some(),
            })
            .collect(),
        occupations,
        comuni,
        new_key: uuid::Uuid::new_v4().simple().to_string(),
    })
}

/// One vacancy for its company: every fact, the history with the CPI's notes, the applicant
/// counts, the reopened draft and which closing moves its state allows. Not the company's:
/// `NotFound`.
#[server(prefix = "/api", endpoint = "vacancies/get")]
pub async fn get_vacancy(id: i64) -> Result<VacancyView, AppError> {
    use crate::domain::policy::Action;
    use crate::store::use_db;
    use crate::store::vacancies as store;
    let facts = server::facts()?;
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    let (v, _) = server::member_vacancy(&mut tx, &facts, id, Action::Read).await?;
    let history = crate::store::vacancy_events::history_of(&mut tx, v.id)
        .await?
        .into_iter()
        .map(|h| HistoryLine {
            at: h.at,
            event: h.event,
            step: h.step.as_deref().and_then(VacancyStep::parse),
            note: h.note,
        })
        .collect();
    let (applicants, new_applicants) = store::applicant_counts(&mut tx, v.id).await?;
    let draft_path = if v.status == VacancyState::Draft {
        store::reopened_draft_of(&mut tx, v.id)
            .await?
            .map(|d| self::draft_path(d.id, d.next_step))
    } else {
        None
    };
    let requirements = crate::store::vacancy_facts::requirements_of(&mut tx, v.id).await?;
    tx.commit().await?;
    Ok(VacancyView {
        facts: crate::api::vacancy_review::server::facts_of(&v, requirements),
        company_id: v.company_id,
        company_name: v.company_name,
        status: v.status,
        closed_reason: v.closed_reason,
        protocol: v.protocol,
        occupation_it: v.occupation_it.unwrap_or_else(|| v.occupation_id.clone()),
        occupation_en: v.occupation_en.unwrap_or_else(|| v.occupation_id.clone()),
        created_at: v.created_at,
        submitted_at: v.submitted_at,
        closed_at: v.closed_at,
        history,
        applicants,
        new_applicants,
        draft_path,
        can_fill: v.status.transition(VacancyEvent::MarkFilled).is_ok(),
        can_withdraw: v.status.transition(VacancyEvent::Withdraw).is_ok(),
    })
}

/// Marks a published vacancy as filled (`confirm` ticked). Audited; `Conflict` when it is not
/// published (any more).
#[server(prefix = "/api", endpoint = "vacancies/fill")]
pub async fn fill_vacancy(vacancy_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    server::close_vacancy(
        vacancy_id,
        confirm,
        VacancyEvent::MarkFilled,
        "vacancy.fill",
        "coperta",
    )
    .await
}

/// Withdraws a vacancy not yet closed (`confirm` ticked): it is closed as withdrawn. Audited;
/// `Conflict` when it is already closed or filled.
#[server(prefix = "/api", endpoint = "vacancies/withdraw")]
pub async fn withdraw_vacancy(vacancy_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    server::close_vacancy(
        vacancy_id,
        confirm,
        VacancyEvent::Withdraw,
        "vacancy.withdraw",
        "ritirata",
    )
    .await
}

/// The company profile, for its members and the staff of its seat's CPI. Editors (administrators)
/// also get the comuni and the ATECO activities matching `ateco_q`.
#[server(prefix = "/api", endpoint = "vacancies/profile")]
pub async fn company_profile(
    company_id: i64,
    ateco_q: Option<String>,
) -> Result<CompanyProfileView, AppError> {
    use crate::domain::policy::{may, Action, CompanyId, CpiCode, Object};
    use crate::store::use_db;
    use crate::store::vacancies as store;
    let facts = server::facts()?;
    facts.require_principal()?;
    let query = ateco_q.unwrap_or_default().trim().to_string();
    if query.chars().count() > store::MAX_QUERY_CHARS {
        return Err(AppError::field(
            "ateco_q",
            crate::error::FieldProblem::TooLong {
                max: store::MAX_QUERY_CHARS as u32,
            },
        ));
    }
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    let profile = store::company_profile(&mut tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let object = Object::Company {
        company_id: CompanyId(profile.id),
        seat_cpi: CpiCode(profile.seat_cpi.clone().unwrap_or_default()),
    };
    facts.authorise(Action::Read, &object)?;
    let can_edit = may(&facts.actor(), Action::Update, &object, facts.now).is_allowed();
    let (comuni, ateco_options) = if can_edit {
        let mut options = vec![(
            profile.ateco_code.clone(),
            profile.ateco_title.clone().unwrap_or_default(),
        )];
        if query.chars().count() >= 2 {
            for hit in store::search_ateco(&mut tx, &query).await? {
                if hit.0 != profile.ateco_code {
                    options.push(hit);
                }
            }
        }
        (store::region_comuni(&mut tx).await?, options)
    } else {
        (Vec::new(), Vec::new())
    };
    tx.commit().await?;
    Ok(CompanyProfileView {
        company_id: profile.id,
        name: profile.name,
        partita_iva: profile.partita_iva,
        ateco_code: profile.ateco_code,
        ateco_title: profile.ateco_title,
        seat_istat: profile.seat_istat,
        seat_name: profile.seat_name,
        size_band: SizeBand::parse(&profile.size_band),
        email: profile.email,
        phone: profile.phone,
        can_edit,
        comuni,
        ateco_options,
        ateco_query: query,
    })
}

/// Changes the company profile (administrators): ATECO activity, seat comune (in the region),
/// size band, e-mail and phone (optional). Every refused field is reported at once. Audited with
/// what changed.
#[server(prefix = "/api", endpoint = "vacancies/update-profile")]
pub async fn update_company_profile(
    company_id: i64,
    ateco_code: String,
    seat_istat: String,
    size_band: String,
    email: Option<String>,
    phone: Option<String>,
) -> Result<(), AppError> {
    use crate::api::companies::COMPANY_PARAM;
    use crate::domain::policy::{Action, CompanyId, CpiCode, Object};
    use crate::error::{FieldError, FieldProblem};
    use crate::store::use_db;
    use crate::store::vacancies::{self as store, ProfileChange};
    let facts = server::facts()?;
    facts.require_principal()?;
    let mut tx = use_db()?.begin_write().await?;
    let before = store::company_profile(&mut tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(
        Action::Update,
        &Object::Company {
            company_id: CompanyId(before.id),
            seat_cpi: CpiCode(before.seat_cpi.clone().unwrap_or_default()),
        },
    )?;
    let mut problems = Vec::new();
    let mut refuse = |field: &str, problem: FieldProblem| {
        problems.push(FieldError {
            field: field.to_string(),
            problem,
        })
    };
    let ateco = ateco_code.trim();
    if ateco.is_empty() {
        refuse("ateco_code", FieldProblem::Required);
    } else if store::ateco_title(&mut tx, ateco).await?.is_none() {
        refuse("ateco_code", FieldProblem::Invalid);
    }
    let seat = seat_istat.trim();
    if seat.is_empty() {
        refuse("seat_istat", FieldProblem::Required);
    } else if crate::store::tickets::cpi_of_comune(&mut tx, seat)
        .await?
        .is_none()
    {
        refuse("seat_istat", FieldProblem::Invalid);
    }
    let band = SizeBand::parse(&size_band);
    if band.is_none() {
        refuse(
            "size_band",
            if size_band.trim().is_empty() {
                FieldProblem::Required
            } else {
                FieldProblem::Invalid
            },
        );
    }
    let email = email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    if email
        .as_deref()
        .is_some_and(|e| !crate::domain::wizard::valid_email(e))
    {
        refuse("email", FieldProblem::Invalid);
    }
    let phone_given = phone
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let phone = phone_given
        .as_deref()
        .map(crate::domain::wizard::normal_phone);
    if matches!(phone, Some(None)) {
        refuse("phone", FieldProblem::Invalid);
    }
    let (Some(band), true) = (band, problems.is_empty()) else {
        return Err(AppError::Validation { fields: problems });
    };
    let phone = phone.flatten();
    let change = ProfileChange {
        ateco_code: ateco,
        seat_istat: seat,
        size_band: band.code(),
        email: email.as_deref(),
        phone: phone.as_deref(),
    };
    if !store::update_company_profile(&mut tx, before.id, &change).await? {
        return Err(AppError::NotFound);
    }
    let mut changed = serde_json::Map::new();
    let mut note = |field: &str, old: Option<&str>, new: Option<&str>| {
        if old != new {
            changed.insert(
                field.to_string(),
                serde_json::json!({ "from": old, "to": new }),
            );
        }
    };
    note("ateco_code", Some(&before.ateco_code), Some(ateco));
    note("seat_istat", Some(&before.seat_istat), Some(seat));
    note("size_band", Some(&before.size_band), Some(band.code()));
    note("email", before.email.as_deref(), email.as_deref());
    note("phone", before.phone.as_deref(), phone.as_deref());
    let detail = serde_json::Value::Object(changed);
    let object_id = before.id.to_string();
    facts
        .audit(
            &mut tx,
            crate::api::request::AuditFacts {
                action: "company.profile.update",
                object_type: "company",
                object_id: Some(&object_id),
                subject_person_id: None,
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{PROFILE_PAGE}?{COMPANY_PARAM}={}&esito=salvato",
        before.id
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_round_trip() {
        for band in SizeBand::ALL {
            assert_eq!(SizeBand::parse(band.code()), Some(band));
        }
        assert_eq!(SizeBand::parse("huge"), None);
    }

    #[test]
    fn drafts_continue_at_their_step_or_the_check() {
        assert_eq!(
            draft_path(4, Some(VacancyStep::Place)),
            "/impresa/offerte/bozze/4/luogo"
        );
        assert_eq!(draft_path(4, None), "/impresa/offerte/bozze/4/riepilogo");
    }
}
