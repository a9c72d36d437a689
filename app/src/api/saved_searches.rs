//! Server functions of saved searches and alerts (issue 7). A saved search is the logged-in
//! person's own setting: only they list, pause, resume, rename or delete it; anyone else's search
//! answers `NotFound`. Every change is audited. Plain form posts that redirect back to
//! [`SAVED_SEARCHES_PAGE`] with an outcome, so the page works without JavaScript.

// A server function takes one argument per form field, and in the browser build the macro's
// generated client function does not carry an item-level allow: allow it for the module.
#![allow(clippy::too_many_arguments)]

use super::jobs::SearchParams;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const SAVED_SEARCHES_PAGE: &str = "/area-personale/ricerche";

/// One saved search as its person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearchView {
    pub id: i64,
    pub name: String,
    pub params: SearchParams,
    /// The search page's URL with these filters.
    pub url: String,
    pub alerts_on: bool,
    /// Date (`YYYY-MM-DD`) of the last alert run, if any.
    pub last_run_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearchesView {
    pub searches: Vec<SavedSearchView>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::policy::{Action, Basis, MandateScope, Object, PersonId};
    use crate::store::saved_searches::{self as store, SavedSearchRecord};
    use sqlx::AnyConnection;

    /// The caller's own person; a saved search is never handled for someone else.
    pub fn own_person(facts: &RequestFacts) -> Result<PersonId, AppError> {
        let principal = facts.require_principal()?;
        if principal.acting_for.is_some() {
            return Err(AppError::NotFound);
        }
        principal.person_id.ok_or(AppError::NotFound)
    }

    pub fn object(person: PersonId) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: None,
            scope: MandateScope::Profile,
        }
    }

    /// The caller's saved search `id` and the policy's basis; anyone else's is `NotFound`.
    pub async fn own_search(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(SavedSearchRecord, Basis), AppError> {
        let person = own_person(facts)?;
        let record = store::by_id(conn, id)
            .await?
            .filter(|r| r.person_id == person.0)
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(action, &object(person))?;
        Ok((record, basis))
    }

    /// A name: trimmed, 1 to [`store::MAX_NAME_CHARS`] characters.
    pub fn name_of(name: &str) -> Result<String, AppError> {
        use crate::error::FieldProblem;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::field("name", FieldProblem::Required));
        }
        if name.chars().count() > store::MAX_NAME_CHARS {
            return Err(AppError::field(
                "name",
                FieldProblem::TooLong {
                    max: store::MAX_NAME_CHARS as u32,
                },
            ));
        }
        Ok(name.to_string())
    }

    pub async fn audit(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        action: &str,
        record_id: i64,
        person: i64,
        basis: &Basis,
    ) -> Result<(), AppError> {
        let object_id = record_id.to_string();
        facts
            .audit(
                conn,
                AuditFacts {
                    action,
                    object_type: "saved_search",
                    object_id: Some(&object_id),
                    subject_person_id: Some(person),
                    basis: Some(basis),
                    detail: None,
                },
            )
            .await
    }

    pub fn view(r: SavedSearchRecord) -> SavedSearchView {
        SavedSearchView {
            id: r.id,
            url: r.params.url(None),
            name: r.name,
            params: r.params,
            alerts_on: r.alerts_on,
            last_run_on: r.last_run_at.and_then(|a| a.get(..10).map(str::to_string)),
        }
    }

    pub fn back(outcome: &str) {
        leptos_axum::redirect(&format!("{SAVED_SEARCHES_PAGE}?esito={outcome}"));
    }
}

/// The caller's saved searches.
#[server(endpoint = "saved-searches/list", prefix = "/api")]
pub async fn list_saved_searches() -> Result<SavedSearchesView, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::use_db;

    let facts = request_facts()?;
    let person = server::own_person(&facts)?;
    facts.authorise(Action::Read, &server::object(person))?;
    let db = use_db()?;
    let mut tx = db.pool().begin().await?;
    let records = crate::store::saved_searches::of_person(&mut tx, person.0).await?;
    tx.commit().await?;
    Ok(SavedSearchesView {
        searches: records.into_iter().map(server::view).collect(),
    })
}

/// Saves the search with these parameters under `name`, its daily alert on.
#[server(endpoint = "saved-searches/save", prefix = "/api")]
#[allow(clippy::too_many_arguments)]
pub async fn save_search(
    name: String,
    q: Option<String>,
    professione: Option<String>,
    comune: Option<String>,
    raggio: Option<String>,
    contratto: Option<String>,
    orario: Option<String>,
    modalita: Option<String>,
    l68: Option<String>,
    ordine: Option<String>,
) -> Result<i64, AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::saved_searches as store;
    use crate::store::use_db;

    let facts = request_facts()?;
    let person = server::own_person(&facts)?;
    let basis = facts.authorise(Action::Create, &server::object(person))?;
    let name = server::name_of(&name)?;
    let params = SearchParams {
        q,
        professione,
        comune,
        raggio,
        contratto,
        orario,
        modalita,
        l68,
        ordine,
    }
    .cleaned();
    // Refused now rather than failing quietly at every alert.
    params.to_query()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let result: Result<i64, AppError> = async {
        if store::count_of_person(&mut tx, person.0).await? >= store::MAX_PER_PERSON {
            return Err(AppError::Conflict);
        }
        let id = store::create(&mut tx, person.0, &name, &params, facts.now).await?;
        server::audit(&mut tx, &facts, "saved_search.create", id, person.0, &basis).await?;
        Ok(id)
    }
    .await;
    let id = crate::api::appointments::server::settle(tx, result).await?;
    server::back("salvata");
    Ok(id)
}

/// Pauses (`attivi` empty or `0`) or resumes (`1`) the search's alert.
#[server(endpoint = "saved-searches/alerts", prefix = "/api")]
pub async fn set_search_alerts(id: i64, attivi: Option<String>) -> Result<(), AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::use_db;

    let facts = request_facts()?;
    let on = match attivi.as_deref().unwrap_or("0") {
        "1" => true,
        "0" | "" => false,
        _ => return Err(AppError::invalid("attivi")),
    };
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let result: Result<(), AppError> = async {
        let (record, basis) = server::own_search(&mut tx, &facts, id, Action::Update).await?;
        crate::store::saved_searches::set_alerts(&mut tx, id, on, facts.now).await?;
        let action = if on {
            "saved_search.resume"
        } else {
            "saved_search.pause"
        };
        server::audit(&mut tx, &facts, action, id, record.person_id, &basis).await?;
        Ok(())
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await?;
    server::back(if on { "riprese" } else { "sospese" });
    Ok(())
}

/// Renames the search.
#[server(endpoint = "saved-searches/rename", prefix = "/api")]
pub async fn rename_search(id: i64, name: String) -> Result<(), AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::use_db;

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let result: Result<(), AppError> = async {
        let (record, basis) = server::own_search(&mut tx, &facts, id, Action::Update).await?;
        let name = server::name_of(&name)?;
        crate::store::saved_searches::rename(&mut tx, id, &name, facts.now).await?;
        server::audit(
            &mut tx,
            &facts,
            "saved_search.rename",
            id,
            record.person_id,
            &basis,
        )
        .await?;
        Ok(())
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await?;
    server::back("rinominata");
    Ok(())
}

/// Deletes the search (and with it its alert).
#[server(endpoint = "saved-searches/delete", prefix = "/api")]
pub async fn delete_search(id: i64) -> Result<(), AppError> {
    use crate::api::request::request_facts;
    use crate::domain::policy::Action;
    use crate::store::use_db;

    let facts = request_facts()?;
    let db = use_db()?;
    let mut tx = db.begin_write().await?;
    let result: Result<(), AppError> = async {
        let (record, basis) = server::own_search(&mut tx, &facts, id, Action::Close).await?;
        crate::store::saved_searches::delete(&mut tx, id).await?;
        server::audit(
            &mut tx,
            &facts,
            "saved_search.delete",
            id,
            record.person_id,
            &basis,
        )
        .await?;
        Ok(())
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await?;
    server::back("eliminata");
    Ok(())
}
