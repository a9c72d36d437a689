//! Server functions of the DID and the employment-status certificate (issue 7).
//!
//! - **Whose DID**: the caller's own person, or the client of the mandate in use (an intermediary
//!   with a `did` mandate fills and submits it); CPI staff name the person (`person_id`). The
//!   policy object is the person's `PersonData` with scope `Did` and the DID's CPI (the competent
//!   one of the residence before there is a DID): another CPI's operators and other citizens get
//!   NotFound.
//! - **Who moves it**: [`crate::domain::did::may_perform`] — the holder submits and may renounce,
//!   staff activate, suspend, reactivate and close; the holder asking for a staff move gets
//!   Forbidden (it is their own DID: nothing is hidden).
//! - **Versions**: every save and move carries the version the page showed; a stale one is a
//!   Conflict. Submitting twice finds the DID already submitted and shows its receipt again.
//! - **Identity**: the registry's birth date, sex and place are compared with those the codice
//!   fiscale encodes; a DID is not submitted while they disagree.
//! - Reads by staff or intermediaries and every change are audited.

use crate::domain::codice_fiscale::{CalendarDate, Sex};
use crate::domain::did::{DerivedIdentity, DidState, DidStep, IdentityMismatch};
use crate::domain::wizard::StepAnswers;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The citizen's DID pages.
pub const DID_PAGE: &str = "/area-personale/did";
/// "Check your answers" and the receipt, after the steps.
pub const CHECK: &str = "riepilogo";
pub const RECEIPT: &str = "ricevuta";
/// The certificate download (a plain GET route of the server).
pub const CERTIFICATE_PATH: &str = "/area-personale/did/certificato.pdf";
/// The public check of a certificate's code.
pub const VERIFY_PATH: &str = "/verifica-certificato";
/// The query parameter of the outcome notice.
pub const OUTCOME_PARAM: &str = "esito";
/// The most pact-interview slots offered at once.
pub const MAX_SLOTS_OFFERED: usize = 12;

pub fn did_step_path(step: DidStep) -> String {
    format!("{DID_PAGE}/{}", step.code())
}

/// The operators' page of a person's DID.
pub fn operator_did_path(person_id: i64) -> String {
    format!("/operatore/persone/{person_id}/did")
}

/// The registry's identity next to what the codice fiscale says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheck {
    pub codice_fiscale: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: CalendarDate,
    pub sex: Sex,
    /// Belfiore code and, when it is a known comune, its name.
    pub birth_place: String,
    pub birth_place_name: Option<String>,
    pub derived: Option<DerivedIdentity>,
    pub derived_place_name: Option<String>,
    pub mismatches: Vec<IdentityMismatch>,
}

/// One move in a DID's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DidHistoryRow {
    pub at: String,
    pub actor: Option<String>,
    pub from: Option<DidState>,
    pub to: DidState,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DidView {
    pub id: i64,
    pub state: DidState,
    /// When the current state began (ISO instant).
    pub since: Option<String>,
    pub cpi_code: Option<String>,
    pub cpi_name: Option<String>,
    pub residence_name: Option<String>,
    pub domicile_name: Option<String>,
    /// Answers by step code.
    pub answers: BTreeMap<String, StepAnswers>,
    pub completed: Vec<DidStep>,
    pub protocol: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub activated_at: Option<String>,
    pub suspended_at: Option<String>,
    pub closed_at: Option<String>,
    pub reason: Option<String>,
    pub version: i64,
    pub history: Vec<DidHistoryRow>,
}

impl DidView {
    pub fn step_answers(&self, step: DidStep) -> StepAnswers {
        self.answers.get(step.code()).cloned().unwrap_or_default()
    }
}

/// A free pact-interview slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotOption {
    pub id: i64,
    /// Local date and time, as people write it.
    pub when: String,
    pub channel: String,
}

/// Everything the DID pages show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DidPage {
    pub person_id: i64,
    /// The caller is CPI staff (the operator's page) rather than the holder.
    pub staff: bool,
    pub identity: IdentityCheck,
    pub did: Option<DidView>,
    /// The region's comuni (ISTAT code, name), for the residence step.
    pub comuni: Vec<(String, String)>,
    /// Free slots of the DID's CPI, offered once the DID is submitted.
    pub slots: Vec<SlotOption>,
    /// The person's next booked appointment (local date and time, CPI), if any.
    pub next_appointment: Option<String>,
    /// The server's date (ISO), for what depends on it (the age band).
    pub today: String,
}

impl DidPage {
    /// Whether a certificate can be downloaded.
    pub fn certifiable(&self) -> bool {
        self.did.as_ref().is_some_and(|d| d.state.certifiable())
    }
}

/// What the public check of a certificate code found. Personal data are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateCheck {
    /// No code was given yet.
    Empty,
    NotFound,
    Found(CertificateFacts),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub code: String,
    /// Initial of the given name and family name (e.g. "M. Rossi").
    pub holder: String,
    pub codice_fiscale_masked: String,
    pub issued_at: String,
    /// The DID's state and since when, as certified.
    pub state: DidState,
    pub since: Option<String>,
    pub cpi_name: Option<String>,
    /// The DID's state today.
    pub state_now: DidState,
    /// The certificate still describes the DID: its state has not changed since.
    pub current: bool,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::did::{cross_check_identity, DidActor};
    use crate::domain::policy::{Action, Basis, CpiCode, MandateScope, Object, PersonId};
    use crate::domain::session_policy::Timestamp;
    use crate::store::dids::{self as store, DidRecord};
    use crate::store::Db;
    use sqlx::AnyConnection;

    pub fn today(now: Timestamp) -> CalendarDate {
        CalendarDate::parse_iso(&now.to_iso()[..10]).unwrap_or(CalendarDate::clamped(2000, 1, 1))
    }

    /// The caller's own person, or the client of the mandate in use.
    pub fn subject_person(facts: &RequestFacts) -> Result<PersonId, AppError> {
        let principal = facts.require_principal()?;
        match &principal.acting_for {
            Some(mandate) => Ok(mandate.delegator),
            None => principal.person_id.ok_or(AppError::NotFound),
        }
    }

    pub fn did_object(person: PersonId, cpi: Option<CpiCode>) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: cpi,
            scope: MandateScope::Did,
        }
    }

    /// Who the basis makes the caller, for the DID's rules.
    pub fn did_actor(basis: &Basis) -> DidActor {
        match basis {
            Basis::CpiStaff { .. } | Basis::Supervisor => DidActor::Staff,
            _ => DidActor::Holder,
        }
    }

    /// The person's latest DID and the basis on which the caller may `action` it. A person who
    /// does not exist answers like someone else's.
    pub async fn authorised(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        person: PersonId,
        action: Action,
    ) -> Result<(Option<DidRecord>, Basis), AppError> {
        facts.require_principal()?;
        let did = store::latest_did(conn, person).await?;
        let cpi = match did.as_ref().and_then(|d| d.cpi_code.clone()) {
            Some(cpi) => Some(cpi),
            None => crate::store::appointments::competent_cpi(conn, person).await?,
        };
        let basis = facts.authorise(action, &did_object(person, cpi))?;
        if store::person_identity(conn, person).await?.is_none() {
            return Err(AppError::NotFound);
        }
        Ok((did, basis))
    }

    pub async fn audit(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        action: &str,
        did_id: Option<i64>,
        person: PersonId,
        basis: &Basis,
        detail: Option<&serde_json::Value>,
    ) -> Result<(), AppError> {
        let object_id = did_id.map(|id| id.to_string());
        facts
            .audit(
                conn,
                AuditFacts {
                    action,
                    object_type: "did",
                    object_id: object_id.as_deref(),
                    subject_person_id: Some(person.0),
                    basis: Some(basis),
                    detail,
                },
            )
            .await
    }

    pub async fn identity_check(
        conn: &mut AnyConnection,
        person: PersonId,
        now: Timestamp,
    ) -> Result<IdentityCheck, AppError> {
        let identity = store::person_identity(conn, person)
            .await?
            .ok_or(AppError::NotFound)?;
        let r = identity.registry;
        let (derived, mismatches) = cross_check_identity(&r, today(now));
        let birth_place = r.birth_place.as_str().to_string();
        let birth_place_name = store::comune_by_belfiore(conn, &birth_place).await?;
        let derived_place_name = match &derived {
            Some(d) if d.birth_place == birth_place => birth_place_name.clone(),
            Some(d) => store::comune_by_belfiore(conn, &d.birth_place).await?,
            None => None,
        };
        Ok(IdentityCheck {
            codice_fiscale: r.codice_fiscale,
            given_name: r.given_name,
            family_name: r.family_name,
            birth_date: r.birth_date,
            sex: r.sex,
            birth_place,
            birth_place_name,
            derived,
            derived_place_name,
            mismatches,
        })
    }

    async fn comune_name(
        conn: &mut AnyConnection,
        istat: Option<&str>,
    ) -> Result<Option<String>, AppError> {
        Ok(match istat {
            Some(code) => store::comune_facts(conn, code).await?.map(|(name, _)| name),
            None => None,
        })
    }

    pub async fn view_of(conn: &mut AnyConnection, d: DidRecord) -> Result<DidView, AppError> {
        let history = store::events_of(conn, d.id)
            .await?
            .into_iter()
            .map(|e| DidHistoryRow {
                at: e.at,
                actor: e.actor_name,
                from: e.from_state,
                to: e.to_state,
                reason: e.reason,
            })
            .collect();
        Ok(DidView {
            id: d.id,
            state: d.state,
            since: d.since().map(str::to_string),
            cpi_code: d.cpi_code.as_ref().map(|c| c.0.clone()),
            cpi_name: d.cpi_name.clone(),
            residence_name: comune_name(conn, d.residence_istat.as_deref()).await?,
            domicile_name: comune_name(conn, d.domicile_istat.as_deref()).await?,
            answers: d.answers,
            completed: d.completed,
            protocol: d.protocol,
            created_at: d.created_at,
            submitted_at: d.submitted_at,
            activated_at: d.activated_at,
            suspended_at: d.suspended_at,
            closed_at: d.closed_at,
            reason: d.reason,
            version: d.version,
            history,
        })
    }

    /// The facts a certificate states, kept with it and printed on it.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CertificateSnapshot {
        pub given_name: String,
        pub family_name: String,
        pub codice_fiscale_masked: String,
        pub state: DidState,
        pub since: Option<String>,
        pub submitted_at: Option<String>,
        pub protocol: Option<String>,
        pub cpi_name: Option<String>,
    }

    /// A certificate just issued.
    pub struct IssuedCertificate {
        pub code: String,
        pub issued_at: Timestamp,
        pub facts: CertificateSnapshot,
    }

    /// Issues a certificate of employment status for the caller's (or their client's) DID:
    /// a random verification code, the row, the audit. `Ok(None)` when there is no declaration
    /// to certify (no DID, or only a draft).
    pub async fn issue_certificate(
        db: &Db,
        facts: &RequestFacts,
    ) -> Result<Option<IssuedCertificate>, AppError> {
        use rand::RngCore;
        let person = subject_person(facts)?;
        let mut tx = db.begin_write().await?;
        let (did, basis) = authorised(&mut tx, facts, person, Action::Create).await?;
        let Some(did) = did.filter(|d| d.state.certifiable()) else {
            return Ok(None);
        };
        let identity = store::person_identity(&mut tx, person)
            .await?
            .ok_or(AppError::NotFound)?;
        let snapshot = CertificateSnapshot {
            given_name: identity.registry.given_name.clone(),
            family_name: identity.registry.family_name.clone(),
            codice_fiscale_masked: crate::domain::codice_fiscale::masked(
                &identity.registry.codice_fiscale,
            ),
            state: did.state,
            since: did.since().map(str::to_string),
            submitted_at: did.submitted_at.clone(),
            protocol: did.protocol.clone(),
            cpi_name: did.cpi_name.clone(),
        };
        let mut bytes = [0u8; crate::domain::did::VERIFICATION_CODE_LEN];
        rand::rng().fill_bytes(&mut bytes);
        let code = crate::domain::did::verification_code(&bytes);
        let json = serde_json::to_value(&snapshot).map_err(AppError::internal)?;
        store::insert_certificate(&mut tx, &code, person, did.id, &json, facts.now).await?;
        let detail = serde_json::json!({ "state": did.state.as_str() });
        audit(
            &mut tx,
            facts,
            "did.certificate",
            Some(did.id),
            person,
            &basis,
            Some(&detail),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(IssuedCertificate {
            code,
            issued_at: facts.now,
            facts: snapshot,
        }))
    }
}

/// The DID pages' data: the caller's own (or their client's) DID, or with `person_id` a
/// person's DID for CPI staff.
#[server(prefix = "/api", endpoint = "did/get")]
pub async fn get_did(person_id: Option<i64>) -> Result<DidPage, AppError> {
    use self::server::*;
    use crate::domain::policy::{Action, Basis, PersonId};
    use crate::store::appointments as slots_store;

    let facts = crate::api::request::request_facts()?;
    let person = match person_id {
        Some(id) => PersonId(id),
        None => subject_person(&facts)?,
    };
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, basis) = authorised(&mut tx, &facts, person, Action::Read).await?;
    let identity = identity_check(&mut tx, person, facts.now).await?;
    let comuni = crate::api::counter::server::region_comuni(&mut tx).await?;
    let mut slots = Vec::new();
    let mut next_appointment = None;
    if let Some(d) = did.as_ref().filter(|d| d.state == DidState::Submitted) {
        if let Some(cpi) = &d.cpi_code {
            slots = slots_store::free_slots(&mut tx, cpi, None, facts.now)
                .await?
                .into_iter()
                .take(MAX_SLOTS_OFFERED)
                .map(|s| SlotOption {
                    id: s.id,
                    when: slots_store::local_when(s.starts_at),
                    channel: s.channel.as_str().to_string(),
                })
                .collect();
        }
    }
    if let Some(a) = slots_store::appointments_of_person(&mut tx, person)
        .await?
        .into_iter()
        .filter(|a| {
            a.state == crate::domain::appointment::AppointmentState::Booked
                && a.starts_at > facts.now
        })
        .min_by_key(|a| a.starts_at.unix_millis())
    {
        next_appointment = Some(format!(
            "{}, {}",
            slots_store::local_when(a.starts_at),
            a.cpi_name
        ));
    }
    let did_id = did.as_ref().map(|d| d.id);
    let view = match did {
        Some(d) => Some(view_of(&mut tx, d).await?),
        None => None,
    };
    if !matches!(basis, Basis::Own) {
        audit(&mut tx, &facts, "did.read", did_id, person, &basis, None).await?;
    }
    tx.commit().await?;
    Ok(DidPage {
        person_id: person.0,
        staff: did_actor(&basis) == crate::domain::did::DidActor::Staff,
        identity,
        did: view,
        comuni,
        slots,
        next_appointment,
        today: today(facts.now).to_string(),
    })
}

/// Starts the DID wizard: a draft prefilled with the registry's residence, unless the person
/// already has an open DID (then this goes back to it).
#[server(prefix = "/api", endpoint = "did/start")]
pub async fn start_did() -> Result<(), AppError> {
    use self::server::*;
    use crate::domain::did::{next_step, DidActor};
    use crate::domain::policy::Action;

    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let person = subject_person(&facts)?;
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, basis) = authorised(&mut tx, &facts, person, Action::Create).await?;
    if did_actor(&basis) != DidActor::Holder {
        return Err(AppError::Forbidden);
    }
    let target = match did.filter(|d| d.state != DidState::Closed) {
        Some(open) if open.state == DidState::Draft => match next_step(&open.completed) {
            Some(step) => did_step_path(step),
            None => format!("{DID_PAGE}/{CHECK}"),
        },
        Some(_) => DID_PAGE.to_string(),
        None => {
            let identity = crate::store::dids::person_identity(&mut tx, person)
                .await?
                .ok_or(AppError::NotFound)?;
            let (residence, cpi) = match identity.residence_istat.as_deref() {
                Some(istat) => match crate::store::dids::comune_facts(&mut tx, istat).await? {
                    Some((_, Some(cpi))) => (Some(istat.to_string()), Some(cpi)),
                    _ => (None, None),
                },
                None => (None, None),
            };
            let id = crate::store::dids::insert_draft(
                &mut tx,
                person,
                residence.as_deref(),
                cpi.as_ref(),
                Some(principal.user_id.0),
                facts.now,
            )
            .await?
            .ok_or(AppError::Conflict)?;
            audit(
                &mut tx,
                &facts,
                "did.create",
                Some(id),
                person,
                &basis,
                None,
            )
            .await?;
            did_step_path(DidStep::Residence)
        }
    };
    tx.commit().await?;
    leptos_axum::redirect(&target);
    Ok(())
}

/// Saves one step of the draft. The fields come as `a[name]`; `back_to_check` returns to "check
/// your answers". A step that fails its rules is kept as typed and the answer is the field
/// errors; a save over a newer version is a Conflict.
#[server(prefix = "/api", endpoint = "did/save-step")]
pub async fn save_did_step(
    step: String,
    version: i64,
    back_to_check: Option<String>,
    a: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use self::server::*;
    use crate::domain::did::{next_step, DidActor};
    use crate::domain::policy::Action;
    use crate::domain::wizard::check_fields;
    use crate::store::dids::{self as store, StepSave};

    let facts = crate::api::request::request_facts()?;
    let person = subject_person(&facts)?;
    let step = DidStep::parse(&step).ok_or_else(|| AppError::invalid("step"))?;
    let raw: StepAnswers = a.unwrap_or_default();
    if raw.len() > step.fields().len() {
        return Err(AppError::invalid("a"));
    }
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, basis) = authorised(&mut tx, &facts, person, Action::Update).await?;
    if did_actor(&basis) != DidActor::Holder {
        return Err(AppError::Forbidden);
    }
    let did = did
        .filter(|d| d.state == DidState::Draft)
        .ok_or(AppError::Conflict)?;
    // The comuni named in this step, with their CPI (only the region's count).
    let mut known: BTreeMap<String, Option<crate::domain::policy::CpiCode>> = BTreeMap::new();
    for name in ["residence", "domicile"] {
        if let Some(istat) = raw.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            let cpi = store::comune_facts(&mut tx, istat)
                .await?
                .and_then(|(_, c)| c);
            known.insert(istat.to_string(), cpi);
        }
    }
    let (clean, errors) = check_fields(step.fields(), &raw, today(facts.now), &|istat| {
        known.get(istat).is_some_and(|c| c.is_some())
    });
    let ok = errors.is_empty();
    let mut answers = did.answers.clone();
    answers.insert(
        step.code().to_string(),
        if ok { clean.clone() } else { raw.clone() },
    );
    let mut completed: Vec<DidStep> = did
        .completed
        .iter()
        .copied()
        .filter(|s| *s != step)
        .collect();
    if ok {
        completed.push(step);
    }
    let (residence, domicile, cpi) = if step == DidStep::Residence && ok {
        let residence = clean.get("residence").cloned();
        let cpi = residence
            .as_ref()
            .and_then(|r| known.get(r).cloned().flatten());
        (residence, clean.get("domicile").cloned(), cpi)
    } else {
        (
            did.residence_istat.clone(),
            did.domicile_istat.clone(),
            did.cpi_code.clone(),
        )
    };
    let saved = store::save_step(
        &mut tx,
        did.id,
        version,
        &StepSave {
            answers: &answers,
            completed: &completed,
            residence: residence.as_deref(),
            domicile: domicile.as_deref(),
            cpi: cpi.as_ref(),
        },
        facts.now,
    )
    .await?;
    if !saved {
        return Err(AppError::Conflict);
    }
    let detail = serde_json::json!({ "step": step.code(), "complete": ok });
    audit(
        &mut tx,
        &facts,
        "did.update",
        Some(did.id),
        person,
        &basis,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    if !ok {
        return Err(AppError::Validation { fields: errors });
    }
    let target = match (back_to_check.is_some(), next_step(&completed)) {
        (false, Some(next)) => did_step_path(next),
        _ => format!("{DID_PAGE}/{CHECK}"),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Submits the draft to the competent CPI: every step again, the identity cross-check, a
/// protocol number, the history row, the notification. Submitting a DID already submitted shows
/// its receipt again.
#[server(prefix = "/api", endpoint = "did/submit")]
pub async fn submit_did(version: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::domain::did::{next_step, DidActor, DidEvent};
    use crate::domain::policy::Action;
    use crate::error::FieldProblem;
    use crate::store::dids::{self as store, Move};

    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let person = subject_person(&facts)?;
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, basis) = authorised(&mut tx, &facts, person, Action::Update).await?;
    if did_actor(&basis) != DidActor::Holder {
        return Err(AppError::Forbidden);
    }
    let did = did.ok_or(AppError::NotFound)?;
    let receipt = format!("{DID_PAGE}/{RECEIPT}");
    if did.state != DidState::Draft {
        // Already submitted (a double click, a replay): the receipt of the DID there is.
        if did.submitted_at.is_some() && did.state != DidState::Closed {
            leptos_axum::redirect(&receipt);
            return Ok(());
        }
        return Err(AppError::Conflict);
    }
    if did.version != version {
        return Err(AppError::Conflict);
    }
    if let Some(step) = next_step(&did.completed) {
        return Err(AppError::field(step.code(), FieldProblem::Required));
    }
    let identity = identity_check(&mut tx, person, facts.now).await?;
    if !identity.mismatches.is_empty() {
        return Err(AppError::invalid("identity"));
    }
    let cpi = did
        .cpi_code
        .clone()
        .ok_or_else(|| AppError::invalid(DidStep::Residence.code()))?;
    let to = did.state.transition(DidEvent::Submit)?;
    let protocol = crate::store::tickets::next_protocol_number(&mut tx, facts.now, &cpi.0)
        .await?
        .to_string();
    let moved = store::apply_move(
        &mut tx,
        did.id,
        version,
        &Move {
            from: did.state,
            to,
            reason: None,
            protocol: Some(&protocol),
            actor_user_id: Some(principal.user_id.0),
        },
        facts.now,
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    // The declared residence is the person's residence from now on: it decides the competent CPI
    // and where matching measures distances from.
    if let Some(residence) = did.residence_istat.as_deref() {
        store::set_person_residence(&mut tx, person, residence).await?;
        crate::store::matching::refresh_person(&mut tx, person.0).await?;
    }
    if let Some(user) = crate::store::tickets::requester_user(&mut tx, person).await? {
        crate::store::outbox::enqueue(
            &mut tx,
            facts.now,
            &crate::store::outbox::Notification {
                recipient_user_id: user,
                event_key: &format!("did:{}:submitted", did.id),
                kind: "did_submitted",
                params: serde_json::json!({ "protocol": protocol }),
                link: DID_PAGE,
            },
        )
        .await?;
    }
    let detail = serde_json::json!({ "protocol": protocol, "cpi": cpi.0 });
    audit(
        &mut tx,
        &facts,
        "did.submit",
        Some(did.id),
        person,
        &basis,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&receipt);
    Ok(())
}

/// Books the pact interview in one of the free slots of the DID's CPI (the last step of the
/// wizard, or later from the overview).
#[server(prefix = "/api", endpoint = "did/book-slot")]
pub async fn book_did_slot(slot_id: i64) -> Result<(), AppError> {
    use self::server::*;
    use crate::domain::appointment::check_bookable;
    use crate::domain::policy::Action;
    use crate::store::appointments::{self as slots, BookOutcome, NewAppointment};

    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let person = subject_person(&facts)?;
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, _) = authorised(&mut tx, &facts, person, Action::Read).await?;
    let did = did
        .filter(|d| d.state == DidState::Submitted)
        .ok_or(AppError::Conflict)?;
    // Booking is an appointment: the appointments' scope decides (for intermediaries too).
    let basis = facts.authorise(
        Action::Create,
        &crate::api::appointments::server::person_object(person, did.cpi_code.clone()),
    )?;
    let slot = crate::api::appointments::server::slot_for(&mut tx, slot_id, &did.cpi_code).await?;
    check_bookable(slot.starts_at, facts.now)
        .map_err(crate::api::appointments::server::rule_error)?;
    let new = NewAppointment {
        slot_id,
        person,
        booked_by_user_id: principal.user_id.0,
        mandate_id: crate::api::appointments::server::mandate_of(&basis),
        ticket_id: None,
    };
    let id = match slots::book(&mut tx, &new, facts.now).await? {
        BookOutcome::Booked(id) => id,
        BookOutcome::Full => return Err(AppError::Conflict),
        BookOutcome::AlreadyHolding => return Err(AppError::invalid("slot_id")),
    };
    let record = slots::appointment_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::internal("appointment missing right after insert"))?;
    slots::notify(&mut tx, &record, "appointment_booked", facts.now).await?;
    let detail = serde_json::json!({ "appointment_id": id, "slot_id": slot_id });
    audit(
        &mut tx,
        &facts,
        "did.book_interview",
        Some(did.id),
        person,
        &basis,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{DID_PAGE}?{OUTCOME_PARAM}=prenotato"));
    Ok(())
}

/// Moves a person's DID: staff activate, suspend (with a reason), reactivate or close (with a
/// reason); the holder may renounce (`close` with `renounced`). `version` is the one the page
/// showed.
#[server(prefix = "/api", endpoint = "did/change-state")]
pub async fn change_did_state(
    person_id: i64,
    event: String,
    reason: Option<String>,
    version: i64,
) -> Result<(), AppError> {
    use self::server::*;
    use crate::domain::did::{may_perform, DidActor, DidEvent};
    use crate::domain::policy::{Action, PersonId};
    use crate::store::dids::{self as store, Move};

    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let person = PersonId(person_id);
    let db = crate::store::use_db()?;
    let mut tx = db.begin_write().await?;
    let (did, basis) = authorised(&mut tx, &facts, person, Action::Update).await?;
    let event = match DidEvent::parse(&event, reason.as_deref()) {
        Some(e) => e,
        None if matches!(event.as_str(), "suspend" | "close") => {
            return Err(AppError::invalid("reason"))
        }
        None => return Err(AppError::invalid("event")),
    };
    let actor = did_actor(&basis);
    if !may_perform(actor, event) || event == DidEvent::Submit {
        return Err(AppError::Forbidden);
    }
    let did = did.ok_or(AppError::NotFound)?;
    if did.version != version {
        return Err(AppError::Conflict);
    }
    let to = did.state.transition(event)?;
    let moved = store::apply_move(
        &mut tx,
        did.id,
        version,
        &Move {
            from: did.state,
            to,
            reason: event.reason(),
            protocol: None,
            actor_user_id: Some(principal.user_id.0),
        },
        facts.now,
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    if actor == DidActor::Staff {
        if let Some(user) = crate::store::tickets::requester_user(&mut tx, person).await? {
            crate::store::outbox::enqueue(
                &mut tx,
                facts.now,
                &crate::store::outbox::Notification {
                    recipient_user_id: user,
                    event_key: &format!("did:{}:{}:{}", did.id, to.as_str(), version),
                    kind: "did_state_changed",
                    params: serde_json::json!({ "state": to.as_str() }),
                    link: DID_PAGE,
                },
            )
            .await?;
        }
    }
    let detail = serde_json::json!({
        "from": did.state.as_str(), "to": to.as_str(), "reason": event.reason()
    });
    audit(
        &mut tx,
        &facts,
        &format!("did.{}", event.verb()),
        Some(did.id),
        person,
        &basis,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    let target = match actor {
        DidActor::Staff => format!(
            "{}?{OUTCOME_PARAM}={}",
            operator_did_path(person_id),
            event.verb()
        ),
        DidActor::Holder => format!("{DID_PAGE}?{OUTCOME_PARAM}={}", event.verb()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The public check of a certificate's verification code (no login). Shows only masked facts.
#[server(prefix = "/api", endpoint = "did/verify-certificate")]
pub async fn verify_certificate(code: Option<String>) -> Result<CertificateCheck, AppError> {
    use crate::domain::did::normalise_verification_code;
    use crate::domain::policy::{Action, Object};
    let facts = crate::api::request::request_facts()?;
    facts.authorise(Action::Read, &Object::Public)?;
    let Some(typed) = code.filter(|c| !c.trim().is_empty()) else {
        return Ok(CertificateCheck::Empty);
    };
    let Some(code) = normalise_verification_code(&typed) else {
        return Ok(CertificateCheck::NotFound);
    };
    let db = crate::store::use_db()?;
    let mut tx = db.pool().begin().await?;
    let Some(found) = crate::store::dids::certificate_by_code(&mut tx, &code).await? else {
        return Ok(CertificateCheck::NotFound);
    };
    let snapshot: server::CertificateSnapshot =
        serde_json::from_value(found.snapshot).map_err(AppError::internal)?;
    let initial: String = snapshot.given_name.chars().take(1).collect();
    let current = found.did_state_now == snapshot.state && snapshot.state != DidState::Closed;
    Ok(CertificateCheck::Found(CertificateFacts {
        code: found.code,
        holder: format!("{initial}. {}", snapshot.family_name),
        codice_fiscale_masked: snapshot.codice_fiscale_masked,
        issued_at: found.issued_at,
        state: snapshot.state,
        since: snapshot.since,
        cpi_name: snapshot.cpi_name,
        state_now: found.did_state_now,
        current,
    }))
}
