//! Server functions of the citizen profile (SAP) (issue 7). Decisions, written down:
//! - **Whose profile**: writes always concern the caller's own person, or the client of the
//!   mandate they are acting under; there is no person argument to point elsewhere, so another
//!   person's entry (a removed id that is not theirs) answers `NotFound`.
//! - **Who writes**: the citizen and an intermediary whose mandate covers the profile. CPI staff
//!   read (`get_profile` with a person id, audited) but do not edit: the profile is the person's
//!   own statement.
//! - **Every write**: parsed into domain types first (field errors, nothing stored), one
//!   transaction, an audit row with the section and a before/after summary, and the matching
//!   index refreshed for the person.

// A server function takes one argument per form field, and in the browser build the macro's
// generated client function does not carry an item-level allow: allow it for the module.
#![allow(clippy::too_many_arguments)]

use crate::domain::codice_fiscale::CalendarDate;
use crate::domain::profile::{Cefr, Completeness, Preferences, Visibility};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The query parameter of a section page saying the last change was saved.
pub const OUTCOME_PARAM: &str = "esito";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationItem {
    /// 0: the single title of a profile written before entries existed.
    pub id: i64,
    pub eqf: u8,
    pub title: String,
    pub year: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperienceItem {
    pub id: i64,
    pub occupation_id: String,
    pub occupation: String,
    pub employer: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: Option<String>,
}

/// A code (occupation id, skill URI) and its label in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labelled {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageItem {
    /// ISO 639-1.
    pub lang: String,
    pub level: Cefr,
}

/// The whole profile, as pages, the CV and its JSON export show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub person_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: String,
    /// The caller may change it (the person, or an intermediary under a profile mandate).
    pub editable: bool,
    pub visibility: Visibility,
    /// The highest EQF level.
    pub eqf_level: Option<u8>,
    pub education: Vec<EducationItem>,
    pub experience: Vec<ExperienceItem>,
    pub skills: Vec<Labelled>,
    /// Skills of the person's occupations not listed yet.
    pub skill_suggestions: Vec<Labelled>,
    pub languages: Vec<LanguageItem>,
    pub licences: Vec<String>,
    pub contracts: Vec<String>,
    /// Desired occupations, most wanted first.
    pub desired: Vec<Labelled>,
    pub preferences: Preferences,
    pub presentation: Option<String>,
    pub updated_at: Option<String>,
    pub completeness: Completeness,
}

impl ProfileView {
    pub fn available_from(&self) -> Option<CalendarDate> {
        self.preferences.available_from
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, MandateScope, Object, PersonId};
    use crate::domain::profile::{section_path, Section};
    use crate::error::{FieldError, FieldProblem};
    use sqlx::{Any, AnyConnection, Transaction};

    /// The language of labels: the page's (the `lang` cookie), Italian by default.
    pub fn request_lang() -> &'static str {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(crate::i18n::Locale::from_cookie_header)
            })
            .unwrap_or_default()
            .code()
    }

    /// The person whose profile a write concerns: the client under the mandate in use, or the
    /// caller's own person.
    pub fn subject_person(facts: &RequestFacts) -> Result<PersonId, AppError> {
        let principal = facts.require_principal()?;
        match &principal.acting_for {
            Some(mandate) => Ok(mandate.delegator),
            None => principal.person_id.ok_or(AppError::NotFound),
        }
    }

    async fn object(conn: &mut AnyConnection, person: PersonId) -> Result<Object, AppError> {
        let cpi = crate::store::appointments::competent_cpi(conn, person).await?;
        Ok(Object::PersonData {
            person_id: person,
            competent_cpi: cpi,
            scope: MandateScope::Profile,
        })
    }

    /// Reads a profile for `facts`: `person` given (CPI staff, or anyone naming a person) or the
    /// subject of [`subject_person`]. Reads by anyone but the person are audited as `action`.
    pub async fn read_profile(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        person: Option<i64>,
        lang: &str,
        action: &str,
    ) -> Result<ProfileView, AppError> {
        facts.require_principal()?;
        let person = match person {
            Some(id) => PersonId(id),
            None => subject_person(facts)?,
        };
        let object = object(conn, person).await?;
        let basis = facts.authorise(Action::ReadPersonalData, &object)?;
        let mut view = crate::store::profiles::load(conn, person, lang)
            .await?
            .ok_or(AppError::NotFound)?;
        view.editable = matches!(basis, Basis::Own | Basis::Mandate { .. })
            && subject_person(facts).ok() == Some(person);
        if !matches!(basis, Basis::Own) {
            let object_id = person.0.to_string();
            facts
                .audit(
                    conn,
                    AuditFacts {
                        action,
                        object_type: "profile",
                        object_id: Some(&object_id),
                        subject_person_id: Some(person.0),
                        basis: Some(&basis),
                        detail: None,
                    },
                )
                .await?;
        }
        Ok(view)
    }

    /// An open write on the subject's profile: authorised, the profile row present.
    pub struct Edit {
        pub tx: Transaction<'static, Any>,
        pub person: PersonId,
        pub basis: Basis,
    }

    pub async fn begin_edit(facts: &RequestFacts) -> Result<Edit, AppError> {
        let person = subject_person(facts)?;
        let mut tx = crate::store::use_db()?.begin_write().await?;
        let object = object(&mut tx, person).await?;
        let basis = facts.authorise(Action::Update, &object)?;
        // Staff may read but not edit: the profile is the person's own statement.
        if !matches!(basis, Basis::Own | Basis::Mandate { .. }) {
            return Err(AppError::Forbidden);
        }
        crate::store::profiles::touch(&mut tx, person, facts.now).await?;
        Ok(Edit { tx, person, basis })
    }

    /// Audits the change, refreshes matching, commits and sends a form post back to the section.
    pub async fn finish_edit(
        mut edit: Edit,
        facts: &RequestFacts,
        section: Section,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let object_id = edit.person.0.to_string();
        let mut detail = detail;
        detail["section"] = section.code().into();
        facts
            .audit(
                &mut edit.tx,
                AuditFacts {
                    action: "profile.update",
                    object_type: "profile",
                    object_id: Some(&object_id),
                    subject_person_id: Some(edit.person.0),
                    basis: Some(&edit.basis),
                    detail: Some(&detail),
                },
            )
            .await?;
        crate::store::matching::refresh_person(&mut edit.tx, edit.person.0).await?;
        edit.tx.commit().await?;
        leptos_axum::redirect(&format!("{}?{OUTCOME_PARAM}=saved", section_path(section)));
        Ok(())
    }

    pub fn invalid(fields: Vec<FieldError>) -> AppError {
        AppError::Validation { fields }
    }

    pub fn field(name: &str, problem: FieldProblem) -> AppError {
        invalid(vec![FieldError {
            field: name.to_string(),
            problem,
        }])
    }

    pub fn section(code: &str) -> Result<Section, AppError> {
        Section::parse(code).ok_or_else(|| field("section", FieldProblem::Invalid))
    }

    /// The occupation a form names: the picker's id, or (without JavaScript) the best match of
    /// the text typed.
    pub async fn occupation_from(
        id: Option<String>,
        text: Option<String>,
        lang: &str,
    ) -> Result<String, AppError> {
        if let Some(id) = id.filter(|i| !i.trim().is_empty()) {
            return Ok(id.trim().to_string());
        }
        let text = text.unwrap_or_default();
        let Ok(Some(q)) = crate::api::reference::parse_query(&text) else {
            return Err(field("value", FieldProblem::Required));
        };
        let term_lang = crate::domain::search_text::TermLang::parse(lang)
            .unwrap_or(crate::domain::search_text::TermLang::It);
        let db = crate::store::use_db()?;
        let hits = crate::store::reference::search_occupations(&db, &q, term_lang, 1).await?;
        hits.into_iter()
            .next()
            .map(|h| h.id)
            .ok_or_else(|| field("value", FieldProblem::Invalid))
    }
}

/// The profile: the caller's own (or their client's, under a mandate), or with `person` the
/// profile of that person for CPI staff (audited). Another person's answers `NotFound`.
#[server(prefix = "/api", endpoint = "profile/get")]
pub async fn get_profile(person: Option<i64>) -> Result<ProfileView, AppError> {
    let facts = crate::api::request::request_facts()?;
    let lang = server::request_lang();
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let view = server::read_profile(&mut tx, &facts, person, lang, "profile.read").await?;
    tx.commit().await?;
    Ok(view)
}

/// Adds an entry to a list section (`section`: a [`Section`] code). Which fields count depends
/// on the section: `value` (occupation id, skill URI, language, licence or contract code; for
/// occupations `value_text` is the picker's text, searched when no id came), `level` (EQF or
/// CEFR), `title`, `year`, `employer`, `from`, `to` (`YYYY-MM`).
#[server(prefix = "/api", endpoint = "profile/add")]
#[allow(clippy::too_many_arguments)]
pub async fn add_profile_entry(
    section: String,
    value: Option<String>,
    value_text: Option<String>,
    level: Option<String>,
    title: Option<String>,
    year: Option<String>,
    employer: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::profile::Section;
    use crate::domain::profile::{parse_entry, EntryForm, MAX_ENTRIES};
    use crate::error::FieldProblem;
    use crate::store::profiles::{add_entry, AddError};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let section = server::section(&section)?;
    let lang = server::request_lang();
    let value = if matches!(section, Section::Experience | Section::Desired) {
        Some(server::occupation_from(value, value_text, lang).await?)
    } else {
        value
    };
    let today = crate::api::counter::server::today(facts.now);
    let form = EntryForm {
        value: value.as_deref().unwrap_or(""),
        level: level.as_deref().unwrap_or(""),
        title: title.as_deref().unwrap_or(""),
        year: year.as_deref().unwrap_or(""),
        employer: employer.as_deref().unwrap_or(""),
        from: from.as_deref().unwrap_or(""),
        to: to.as_deref().unwrap_or(""),
    };
    let entry = parse_entry(section, &form, today).map_err(server::invalid)?;
    let mut edit = server::begin_edit(&facts).await?;
    let after = match add_entry(&mut edit.tx, edit.person, &entry).await {
        Ok(after) => after,
        Err(AddError::Unknown) => return Err(server::field("value", FieldProblem::Invalid)),
        Err(AddError::Full) => {
            return Err(server::field(
                "value",
                FieldProblem::TooLong {
                    max: MAX_ENTRIES as u32,
                },
            ))
        }
        Err(AddError::Db(e)) => return Err(e.into()),
    };
    let detail = serde_json::json!({ "op": "add", "after": after });
    server::finish_edit(edit, &facts, section, detail).await
}

/// Removes an entry of a list section: `key` is the entry's id (education, experience) or code.
/// An entry the person does not have answers `NotFound`.
#[server(prefix = "/api", endpoint = "profile/remove")]
pub async fn remove_profile_entry(section: String, key: String) -> Result<(), AppError> {
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let section = server::section(&section)?;
    let mut edit = server::begin_edit(&facts).await?;
    let before = crate::store::profiles::remove_entry(&mut edit.tx, edit.person, section, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = serde_json::json!({ "op": "remove", "before": before });
    server::finish_edit(edit, &facts, section, detail).await
}

/// Moves a desired occupation one place up the ranking.
#[server(prefix = "/api", endpoint = "profile/raise")]
pub async fn raise_desired_occupation(occupation: String) -> Result<(), AppError> {
    use crate::domain::profile::Section;
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let mut edit = server::begin_edit(&facts).await?;
    if !crate::store::profiles::raise_desired(&mut edit.tx, edit.person, occupation.trim()).await? {
        return Err(AppError::NotFound);
    }
    let detail = serde_json::json!({ "op": "raise", "after": occupation.trim() });
    server::finish_edit(edit, &facts, Section::Desired, detail).await
}

/// Working time, hours, shifts/nights/weekends, remote, own vehicle, mobility radius and the
/// availability date. Checkboxes are ticked when present and not empty.
#[server(prefix = "/api", endpoint = "profile/preferences")]
#[allow(clippy::too_many_arguments)]
pub async fn save_profile_preferences(
    working_time: Option<String>,
    max_hours: Option<String>,
    radius_km: Option<String>,
    available_from: Option<String>,
    shifts: Option<String>,
    nights: Option<String>,
    weekends: Option<String>,
    remote: Option<String>,
    vehicle: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::profile::Section;
    use crate::domain::profile::{parse_preferences, PreferencesForm};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let form = PreferencesForm {
        working_time: working_time.as_deref().unwrap_or(""),
        max_hours: max_hours.as_deref().unwrap_or(""),
        radius_km: radius_km.as_deref().unwrap_or(""),
        available_from: available_from.as_deref().unwrap_or(""),
        shifts: ticked(&shifts),
        nights: ticked(&nights),
        weekends: ticked(&weekends),
        remote: ticked(&remote),
        vehicle: ticked(&vehicle),
    };
    let prefs = parse_preferences(&form).map_err(server::invalid)?;
    let mut edit = server::begin_edit(&facts).await?;
    let before = crate::store::profiles::load(&mut edit.tx, edit.person, "it")
        .await?
        .map(|v| v.preferences)
        .unwrap_or_default();
    crate::store::profiles::save_preferences(&mut edit.tx, edit.person, &prefs).await?;
    let detail = serde_json::json!({ "op": "save", "before": before, "after": prefs });
    server::finish_edit(edit, &facts, Section::Availability, detail).await
}

/// The free-text presentation (empty clears it).
#[server(prefix = "/api", endpoint = "profile/presentation")]
pub async fn save_profile_presentation(presentation: String) -> Result<(), AppError> {
    use crate::domain::profile::Section;
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let text =
        crate::domain::profile::parse_presentation(&presentation).map_err(server::invalid)?;
    let mut edit = server::begin_edit(&facts).await?;
    crate::store::profiles::save_presentation(&mut edit.tx, edit.person, text.as_deref()).await?;
    // The text itself stays out of the audit log: only its length.
    let detail = serde_json::json!({
        "op": "save",
        "after": { "chars": text.as_deref().map_or(0, |t| t.chars().count()) },
    });
    server::finish_edit(edit, &facts, Section::Presentation, detail).await
}

/// Who among employers may see the profile: `hidden`, `anonymous` or `full`.
#[server(prefix = "/api", endpoint = "profile/visibility")]
pub async fn set_profile_visibility(visibility: String) -> Result<(), AppError> {
    use crate::domain::profile::Section;
    use crate::error::FieldProblem;
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    let visibility = Visibility::parse(&visibility)
        .ok_or_else(|| server::field("visibility", FieldProblem::Required))?;
    let mut edit = server::begin_edit(&facts).await?;
    let before = crate::store::profiles::load(&mut edit.tx, edit.person, "it")
        .await?
        .map(|v| v.visibility)
        .unwrap_or_default();
    crate::store::profiles::save_visibility(&mut edit.tx, edit.person, visibility).await?;
    let detail = serde_json::json!({
        "op": "save",
        "before": before.code(),
        "after": visibility.code(),
    });
    server::finish_edit(edit, &facts, Section::Visibility, detail).await
}

/// ESCO skills whose name contains `q` (reference data: anyone may search).
#[server(prefix = "/api", endpoint = "profile/skills")]
pub async fn search_skills(q: String) -> Result<Vec<Labelled>, AppError> {
    let lang = server::request_lang();
    let Some(q) = crate::api::reference::parse_query(&q)? else {
        return Ok(Vec::new());
    };
    let mut tx = crate::store::use_db()?.pool().begin().await?;
    let hits = crate::store::profiles::search_skills(&mut tx, &q.to_lowercase(), lang).await?;
    tx.commit().await?;
    Ok(hits)
}
