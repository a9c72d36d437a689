//! The service pact as a shared plan (issue 7). The pact follows the DID: the policy's object is
//! `PersonData { scope: Did }` (the person, an intermediary with a DID mandate, the staff of the
//! person's competent CPI); which side the caller is on (person or staff) comes from the basis,
//! and `domain::pact` decides which side makes which move (staff propose and revise, the person
//! agrees, disputes and signs). Other people's pacts and items answer `NotFound`. Every change is
//! audited and appended to the pact's history; nothing is ever deleted. Forms post here and are
//! redirected back to the page with `?esito=<what>`.

use crate::domain::pact::{ItemKind, ItemState, PactState, Side};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The citizen's page.
pub const CITIZEN_PATH: &str = "/area-personale/patto";
/// The operators' caseload.
pub const CASELOAD_PATH: &str = "/operatore/patti";
/// The query parameter saying what was done.
pub const OUTCOME_PARAM: &str = "esito";

/// The operator's page of a person's pact.
pub fn operator_path(person_id: i64) -> String {
    format!("/operatore/persone/{person_id}/patto")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactItemView {
    pub id: i64,
    pub kind: ItemKind,
    pub text: String,
    /// ISO date.
    pub deadline: String,
    /// `DD/MM/YYYY`.
    pub deadline_display: String,
    pub state: ItemState,
    pub overdue: bool,
    /// The moves the caller may make on it now.
    pub can_agree: bool,
    pub can_dispute: bool,
    pub can_revise: bool,
    pub can_mark_done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactEventView {
    /// ISO instant.
    pub at: String,
    pub item_id: Option<i64>,
    pub side: Side,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: String,
    pub message: Option<String>,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactView {
    pub person_id: i64,
    /// The person's name, for staff and intermediaries.
    pub person_name: Option<String>,
    /// The caller's side.
    pub side: Side,
    pub pact_id: Option<i64>,
    pub state: Option<PactState>,
    pub signed_at: Option<String>,
    pub protocol: Option<String>,
    pub can_sign: bool,
    pub items: Vec<PactItemView>,
    pub history: Vec<PactEventView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadEntry {
    pub pact_id: i64,
    pub person_id: i64,
    pub name: String,
    pub state: PactState,
    pub overdue: i64,
    pub disputed: i64,
    pub open: i64,
    pub next_deadline: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caseload {
    pub cpi: String,
    pub entries: Vec<CaseloadEntry>,
}

/// What signing gives back: the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactReceipt {
    pub protocol: String,
    /// ISO instant of the server.
    pub signed_at: String,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::appointment::Day;
    use crate::domain::pact::{is_overdue, ItemMove};
    use crate::domain::policy::{Action, Basis, MandateScope, Object, PersonId};
    use crate::store::pacts::{self as store, ItemRecord, PactRecord};
    use sqlx::AnyConnection;

    pub fn person_object(person: PersonId, cpi: Option<crate::domain::policy::CpiCode>) -> Object {
        Object::PersonData {
            person_id: person,
            competent_cpi: cpi,
            scope: MandateScope::Did,
        }
    }

    /// The side a basis puts the caller on.
    pub fn side_of(basis: &Basis) -> Result<Side, AppError> {
        match basis {
            Basis::Own | Basis::Mandate { .. } => Ok(Side::Person),
            Basis::CpiStaff { .. } | Basis::Supervisor => Ok(Side::Staff),
            _ => Err(AppError::NotFound),
        }
    }

    /// Authorises `action` on the pact of `person`; returns the competent CPI, basis and side.
    pub async fn authorise_person(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        person: PersonId,
        action: Action,
    ) -> Result<(Option<crate::domain::policy::CpiCode>, Basis, Side), AppError> {
        facts.require_principal()?;
        let cpi = crate::store::appointments::competent_cpi(conn, person).await?;
        let basis = facts.authorise(action, &person_object(person, cpi.clone()))?;
        let side = side_of(&basis)?;
        Ok((cpi, basis, side))
    }

    /// An item, its pact, the basis and side, after the policy allowed `Update` on the pact's
    /// person. Someone else's item answers like a missing one.
    pub async fn authorised_item(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        item_id: i64,
    ) -> Result<(ItemRecord, PactRecord, Basis, Side), AppError> {
        facts.require_principal()?;
        let item = store::item_by_id(conn, item_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let pact = store::pact_by_id(conn, item.pact_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (_, basis, side) =
            authorise_person(conn, facts, pact.person_id, Action::Update).await?;
        if pact.state == PactState::Closed {
            return Err(AppError::Conflict);
        }
        Ok((item, pact, basis, side))
    }

    pub fn audit<'a>(
        action: &'a str,
        object_id: &'a str,
        person: PersonId,
        basis: &'a Basis,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type: "pact",
            object_id: Some(object_id),
            subject_person_id: Some(person.0),
            basis: Some(basis),
            detail,
        }
    }

    pub fn item_view(item: &ItemRecord, side: Side, today: Day) -> PactItemView {
        let may = |m: ItemMove| item.state.transition(m, side, item.kind).is_ok();
        PactItemView {
            id: item.id,
            kind: item.kind,
            text: item.text.clone(),
            deadline: item.deadline.to_iso(),
            deadline_display: item.deadline.to_display(),
            state: item.state,
            overdue: is_overdue(item.state, item.deadline, today),
            can_agree: may(ItemMove::Agree),
            can_dispute: may(ItemMove::Dispute),
            can_revise: may(ItemMove::Revise),
            can_mark_done: may(ItemMove::Done),
        }
    }

    /// Where a form of `side` goes back to.
    pub fn back_to(side: Side, person: PersonId, outcome: &str) -> String {
        let page = match side {
            Side::Person => CITIZEN_PATH.to_string(),
            Side::Staff => operator_path(person.0),
        };
        format!("{page}?{OUTCOME_PARAM}={outcome}")
    }

    /// Tells a user about a change of the pact (in-app and e-mail through the outbox).
    pub async fn notify(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        recipient: Option<i64>,
        kind: &str,
        pact: &PactRecord,
        link: &str,
    ) -> Result<(), AppError> {
        let Some(user) = recipient else {
            return Ok(());
        };
        let key = format!("pact:{}:{kind}:{}", pact.id, facts.now.to_iso());
        crate::store::outbox::enqueue(
            conn,
            facts.now,
            &crate::store::outbox::Notification {
                recipient_user_id: user,
                event_key: &key,
                kind,
                params: serde_json::json!({ "pact_id": pact.id }),
                link,
            },
        )
        .await?;
        Ok(())
    }

    /// The user who proposed an item (to hear the person's answer).
    pub async fn proposer_of(
        conn: &mut AnyConnection,
        item_id: i64,
    ) -> Result<Option<i64>, AppError> {
        use sqlx::Row;
        let row = sqlx::query("SELECT created_by FROM pact_item WHERE id = $1")
            .bind(item_id)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<i64>, _>(0)?,
            None => None,
        })
    }

    /// One person-or-staff move of an item (agree, dispute, done, revise) with everything around
    /// it: authorisation, rules, conditional write, audit, notification. Returns the redirect.
    pub async fn move_item(
        facts: &RequestFacts,
        item_id: i64,
        m: ItemMove,
        note: Option<String>,
        revised: Option<(String, String)>,
    ) -> Result<String, AppError> {
        use crate::domain::pact::{parse_deadline, parse_text, MAX_ITEM_TEXT, MAX_NOTE};
        let mut tx = crate::store::use_db()?.begin_write().await?;
        let result: Result<_, AppError> = async {
            let (item, pact, basis, side) = authorised_item(&mut tx, facts, item_id).await?;
            let to = item.state.transition(m, side, item.kind)?;
            let today = Day::of(facts.now);
            let note = match (m, note) {
                (ItemMove::Dispute, n) => {
                    Some(parse_text("message", n.as_deref().unwrap_or(""), MAX_NOTE)?)
                }
                (ItemMove::Done, n) => Some(parse_text(
                    "evidence",
                    n.as_deref().unwrap_or(""),
                    MAX_NOTE,
                )?),
                _ => None,
            };
            let revised = match revised {
                Some((text, deadline)) => Some((
                    parse_text("text", &text, MAX_ITEM_TEXT)?,
                    parse_deadline(&deadline, today)?,
                )),
                None => None,
            };
            let principal = facts.require_principal()?;
            let moved = store::move_item(
                &mut tx,
                facts.now,
                &store::ItemChange {
                    item: &item,
                    to,
                    revised: revised.as_ref().map(|(t, d)| (t.as_str(), *d)),
                    message: note.as_deref().filter(|_| m == ItemMove::Dispute),
                    evidence: note.as_deref().filter(|_| m == ItemMove::Done),
                    actor_user_id: principal.user_id.0,
                    side,
                },
            )
            .await?;
            if !moved {
                return Err(AppError::Conflict);
            }
            // A revision after signing reopens the pact, to be signed again.
            if m == ItemMove::Revise && pact.state == PactState::Signed {
                store::set_state(
                    &mut tx,
                    facts.now,
                    pact.id,
                    PactState::Signed,
                    PactState::Proposed,
                )
                .await?;
            }
            let action = match m {
                ItemMove::Agree => "pact.item.agree",
                ItemMove::Dispute => "pact.item.dispute",
                ItemMove::Revise => "pact.item.revise",
                ItemMove::Done => "pact.item.done",
            };
            let detail = serde_json::json!({
                "item_id": item.id,
                "from": item.state.code(),
                "to": to.code(),
            });
            let object_id = pact.id.to_string();
            facts
                .audit(
                    &mut tx,
                    audit(action, &object_id, pact.person_id, &basis, Some(&detail)),
                )
                .await?;
            match side {
                Side::Staff => {
                    let user =
                        crate::store::tickets::requester_user(&mut tx, pact.person_id).await?;
                    notify(&mut tx, facts, user, "pact_changed", &pact, CITIZEN_PATH).await?;
                }
                Side::Person => {
                    let user = proposer_of(&mut tx, item.id).await?;
                    let link = operator_path(pact.person_id.0);
                    notify(&mut tx, facts, user, "pact_answered", &pact, &link).await?;
                }
            }
            let outcome = match m {
                ItemMove::Agree => "accettato",
                ItemMove::Dispute => "contestato",
                ItemMove::Revise => "rivisto",
                ItemMove::Done => "fatto",
            };
            Ok((pact.person_id, back_to(side, pact.person_id, outcome)))
        }
        .await;
        let (person, to) = crate::api::appointments::server::settle(tx, result).await?;
        crate::live::publish(&[crate::live::Topic::Person(person.0)]).await;
        Ok(to)
    }
}

/// The pact of `person_id` (staff, intermediaries) or, without it, of the caller or the client
/// they act for. A person with no pact yet gets an empty plan. Reads by anyone but the person
/// themself are audited.
#[server(prefix = "/api", endpoint = "pacts/get")]
pub async fn get_pact(person_id: Option<i64>) -> Result<PactView, AppError> {
    use crate::domain::appointment::Day;
    use crate::domain::pact::may_sign;
    use crate::domain::policy::{Action, Basis, PersonId};
    use crate::store::pacts as store;
    let facts = crate::api::request::request_facts()?;
    let person = match person_id {
        Some(id) => PersonId(id),
        None => crate::api::appointments::server::subject_person(&facts)?,
    };
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (_, basis, side) =
            server::authorise_person(&mut tx, &facts, person, Action::Read).await?;
        let today = Day::of(facts.now);
        let pact = store::open_pact_of(&mut tx, person).await?;
        let (items, history) = match &pact {
            Some(p) => (
                store::items_of(&mut tx, p.id).await?,
                store::history_of(&mut tx, p.id).await?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        if basis != Basis::Own {
            let object_id = pact.as_ref().map_or(String::new(), |p| p.id.to_string());
            facts
                .audit(
                    &mut tx,
                    server::audit("pact.read", &object_id, person, &basis, None),
                )
                .await?;
        }
        let person_name = if basis == Basis::Own {
            None
        } else {
            store::person_name(&mut tx, person).await?
        };
        let states: Vec<ItemState> = items.iter().map(|i| i.state).collect();
        Ok(PactView {
            person_id: person.0,
            person_name,
            side,
            pact_id: pact.as_ref().map(|p| p.id),
            state: pact.as_ref().map(|p| p.state),
            signed_at: pact.as_ref().and_then(|p| p.signed_at.clone()),
            protocol: pact.as_ref().and_then(|p| p.protocol.clone()),
            can_sign: side == Side::Person
                && pact.as_ref().is_some_and(|p| may_sign(p.state, &states)),
            items: items
                .iter()
                .map(|i| server::item_view(i, side, today))
                .collect(),
            history: history
                .into_iter()
                .map(|e| PactEventView {
                    at: e.at,
                    item_id: e.item_id,
                    side: e.side,
                    actor: e.actor_name,
                    from: e.from,
                    to: e.to,
                    message: e.message,
                    evidence: e.evidence,
                })
                .collect(),
        })
    }
    .await;
    crate::api::appointments::server::settle(tx, result).await
}

/// Staff propose an item (goal or action, text, deadline) on the person's pact, making the pact if
/// they have none. Returns the item's id.
#[server(prefix = "/api", endpoint = "pacts/propose")]
pub async fn propose_item(
    person_id: i64,
    kind: String,
    text: String,
    deadline: String,
) -> Result<i64, AppError> {
    use crate::domain::appointment::Day;
    use crate::domain::pact::{parse_deadline, parse_text, MAX_ITEM_TEXT};
    use crate::domain::policy::{Action, PersonId};
    use crate::store::pacts as store;
    let facts = crate::api::request::request_facts()?;
    let person = PersonId(person_id);
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let (cpi, basis, side) =
            server::authorise_person(&mut tx, &facts, person, Action::Create).await?;
        if side != Side::Staff {
            return Err(AppError::Forbidden);
        }
        let cpi = cpi.ok_or(AppError::NotFound)?;
        let kind = ItemKind::parse(kind.trim()).ok_or_else(|| AppError::invalid("kind"))?;
        let text = parse_text("text", &text, MAX_ITEM_TEXT)?;
        let deadline = parse_deadline(&deadline, Day::of(facts.now))?;
        let pact = store::open_or_create(&mut tx, facts.now, person, &cpi).await?;
        let principal = facts.require_principal()?;
        let id = store::insert_item(
            &mut tx,
            facts.now,
            &store::NewItem {
                pact_id: pact.id,
                kind,
                text: &text,
                deadline,
                actor_user_id: principal.user_id.0,
            },
        )
        .await?;
        // A new item after signing reopens the pact, to be signed again.
        if matches!(pact.state, PactState::Draft | PactState::Signed) {
            store::set_state(&mut tx, facts.now, pact.id, pact.state, PactState::Proposed).await?;
        }
        let detail = serde_json::json!({ "item_id": id, "kind": kind.code(), "deadline": deadline.to_iso() });
        let object_id = pact.id.to_string();
        facts
            .audit(
                &mut tx,
                server::audit("pact.item.propose", &object_id, person, &basis, Some(&detail)),
            )
            .await?;
        let user = crate::store::tickets::requester_user(&mut tx, person).await?;
        server::notify(&mut tx, &facts, user, "pact_changed", &pact, CITIZEN_PATH).await?;
        Ok(id)
    }
    .await;
    let id = crate::api::appointments::server::settle(tx, result).await?;
    crate::live::publish(&[crate::live::Topic::Person(person_id)]).await;
    leptos_axum::redirect(&server::back_to(Side::Staff, person, "proposto"));
    Ok(id)
}

/// Staff revise a proposed or disputed item (new text and deadline): it is proposed again. An
/// agreed item is locked (`Conflict`).
#[server(prefix = "/api", endpoint = "pacts/revise")]
pub async fn revise_item(item_id: i64, text: String, deadline: String) -> Result<(), AppError> {
    use crate::domain::pact::ItemMove;
    let facts = crate::api::request::request_facts()?;
    let to = server::move_item(
        &facts,
        item_id,
        ItemMove::Revise,
        None,
        Some((text, deadline)),
    )
    .await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// The person agrees to a proposed item: it is locked.
#[server(prefix = "/api", endpoint = "pacts/agree")]
pub async fn agree_item(item_id: i64) -> Result<(), AppError> {
    use crate::domain::pact::ItemMove;
    let facts = crate::api::request::request_facts()?;
    let to = server::move_item(&facts, item_id, ItemMove::Agree, None, None).await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// The person disputes a proposed item, saying why (`message`).
#[server(prefix = "/api", endpoint = "pacts/dispute")]
pub async fn dispute_item(item_id: i64, message: String) -> Result<(), AppError> {
    use crate::domain::pact::ItemMove;
    let facts = crate::api::request::request_facts()?;
    let to = server::move_item(&facts, item_id, ItemMove::Dispute, Some(message), None).await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// An agreed item is done, with a note of the evidence. The person marks their actions; staff
/// any item.
#[server(prefix = "/api", endpoint = "pacts/done")]
pub async fn mark_item_done(item_id: i64, evidence: String) -> Result<(), AppError> {
    use crate::domain::pact::ItemMove;
    let facts = crate::api::request::request_facts()?;
    let to = server::move_item(&facts, item_id, ItemMove::Done, Some(evidence), None).await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// The person signs their pact online once every item is agreed or done: a receipt with the
/// protocol number of the pact's CPI register and the server's timestamp.
#[server(prefix = "/api", endpoint = "pacts/sign")]
pub async fn sign_pact(pact_id: i64) -> Result<PactReceipt, AppError> {
    use crate::domain::pact::may_sign;
    use crate::domain::policy::Action;
    use crate::store::pacts as store;
    let facts = crate::api::request::request_facts()?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        facts.require_principal()?;
        let pact = store::pact_by_id(&mut tx, pact_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (_, basis, side) =
            server::authorise_person(&mut tx, &facts, pact.person_id, Action::Update).await?;
        if side != Side::Person {
            return Err(AppError::Forbidden);
        }
        let states: Vec<ItemState> = store::items_of(&mut tx, pact.id)
            .await?
            .iter()
            .map(|i| i.state)
            .collect();
        if !may_sign(pact.state, &states) {
            return Err(AppError::Conflict);
        }
        let number =
            crate::store::tickets::next_protocol_number(&mut tx, facts.now, &pact.cpi_code.0)
                .await?;
        let protocol = number.as_str().to_string();
        if !store::sign(&mut tx, facts.now, pact.id, pact.state, &protocol).await? {
            return Err(AppError::Conflict);
        }
        let principal = facts.require_principal()?;
        store::insert_event(
            &mut tx,
            facts.now,
            &store::NewEvent {
                pact_id: pact.id,
                item_id: None,
                actor_user_id: principal.user_id.0,
                side,
                from: Some(pact.state.code()),
                to: PactState::Signed.code(),
                message: Some(&protocol),
                evidence: None,
            },
        )
        .await?;
        let detail = serde_json::json!({ "protocol": protocol });
        let object_id = pact.id.to_string();
        facts
            .audit(
                &mut tx,
                server::audit(
                    "pact.sign",
                    &object_id,
                    pact.person_id,
                    &basis,
                    Some(&detail),
                ),
            )
            .await?;
        Ok((
            pact.person_id,
            PactReceipt {
                protocol,
                signed_at: facts.now.to_iso(),
            },
        ))
    }
    .await;
    let (person, receipt) = crate::api::appointments::server::settle(tx, result).await?;
    crate::live::publish(&[crate::live::Topic::Person(person.0)]).await;
    leptos_axum::redirect(&server::back_to(Side::Person, person, "firmato"));
    Ok(receipt)
}

/// The caseload of a CPI's pacts: an operator's own CPI (or, for a supervisor, `cpi`), people
/// with overdue items first.
#[server(prefix = "/api", endpoint = "pacts/caseload")]
pub async fn pact_caseload(cpi: Option<String>) -> Result<Caseload, AppError> {
    use crate::domain::appointment::Day;
    use crate::domain::policy::{Action, CpiCode, Object, Role};
    use crate::store::pacts as store;
    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let own = principal.roles.iter().find_map(|r| match r {
        Role::Operator { cpi } => Some(cpi.clone()),
        _ => None,
    });
    let supervisor = principal
        .roles
        .iter()
        .any(|r| matches!(r, Role::Supervisor));
    let cpi = match cpi.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => CpiCode(code.to_uppercase()),
        None => match own {
            Some(own) => own,
            // A supervisor works every CPI: they say which.
            None if supervisor => return Err(AppError::invalid("cpi")),
            None => return Err(AppError::NotFound),
        },
    };
    let basis = facts.authorise(Action::Read, &Object::Queue { cpi: cpi.clone() })?;
    let mut tx = crate::store::use_db()?.begin_write().await?;
    let result: Result<_, AppError> = async {
        let rows = store::caseload(&mut tx, &cpi, Day::of(facts.now)).await?;
        // Names of people are personal data: one audit row per person shown.
        for r in &rows {
            let object_id = r.pact_id.to_string();
            facts
                .audit(
                    &mut tx,
                    server::audit("pact.caseload", &object_id, r.person_id, &basis, None),
                )
                .await?;
        }
        Ok(rows)
    }
    .await;
    let rows = crate::api::appointments::server::settle(tx, result).await?;
    Ok(Caseload {
        cpi: cpi.0,
        entries: rows
            .into_iter()
            .map(|r| CaseloadEntry {
                pact_id: r.pact_id,
                person_id: r.person_id.0,
                name: r.name,
                state: r.state,
                overdue: r.overdue,
                disputed: r.disputed,
                open: r.open,
                next_deadline: r.next_deadline,
            })
            .collect(),
    })
}
