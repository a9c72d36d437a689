//! Service pacts and their items (issue 7). Writes are conditional on the state the caller saw, so
//! two concurrent moves of one item never both apply; every write appends its history row. No
//! function here deletes anything.

use crate::domain::appointment::Day;
use crate::domain::pact::{ItemKind, ItemState, PactState, Side};
use crate::domain::policy::{CpiCode, PersonId};
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

fn decode(what: &str, code: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {code}").into())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactRecord {
    pub id: i64,
    pub person_id: PersonId,
    pub cpi_code: CpiCode,
    pub state: PactState,
    pub signed_at: Option<String>,
    pub protocol: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub id: i64,
    pub pact_id: i64,
    pub kind: ItemKind,
    pub text: String,
    pub deadline: Day,
    pub state: ItemState,
    pub updated_at: String,
}

const PACT_COLUMNS: &str = "id, person_id, cpi_code, state, signed_at, protocol";
const ITEM_COLUMNS: &str = "id, pact_id, kind, text, deadline, state, updated_at";

fn pact(row: &AnyRow) -> Result<PactRecord, sqlx::Error> {
    let state: String = row.try_get("state")?;
    Ok(PactRecord {
        id: row.try_get("id")?,
        person_id: PersonId(row.try_get("person_id")?),
        cpi_code: CpiCode(row.try_get("cpi_code")?),
        state: PactState::parse(&state).ok_or_else(|| decode("pact state", &state))?,
        signed_at: row.try_get("signed_at")?,
        protocol: row.try_get("protocol")?,
    })
}

fn item(row: &AnyRow) -> Result<ItemRecord, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let state: String = row.try_get("state")?;
    let deadline: String = row.try_get("deadline")?;
    Ok(ItemRecord {
        id: row.try_get("id")?,
        pact_id: row.try_get("pact_id")?,
        kind: ItemKind::parse(&kind).ok_or_else(|| decode("item kind", &kind))?,
        text: row.try_get("text")?,
        deadline: Day::parse(&deadline).ok_or_else(|| decode("deadline", &deadline))?,
        state: ItemState::parse(&state).ok_or_else(|| decode("item state", &state))?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// The person's pact that is not closed, if any.
pub async fn open_pact_of(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<PactRecord>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PACT_COLUMNS} FROM pact WHERE person_id = $1 AND state <> 'closed'"
    )))
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(pact).transpose()
}

pub async fn pact_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<PactRecord>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PACT_COLUMNS} FROM pact WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(pact).transpose()
}

/// The person's open pact, made (as a draft of `cpi`) if they have none.
pub async fn open_or_create(
    conn: &mut AnyConnection,
    now: Timestamp,
    person: PersonId,
    cpi: &CpiCode,
) -> Result<PactRecord, sqlx::Error> {
    if let Some(found) = open_pact_of(conn, person).await? {
        return Ok(found);
    }
    let at = now.to_iso();
    sqlx::query(
        "INSERT INTO pact (person_id, cpi_code, state, created_at, updated_at) \
         VALUES ($1, $2, 'draft', $3, $3)",
    )
    .bind(person.0)
    .bind(&cpi.0)
    .bind(&at)
    .execute(&mut *conn)
    .await?;
    open_pact_of(conn, person)
        .await?
        .ok_or_else(|| sqlx::Error::RowNotFound)
}

/// The items of a pact, by deadline.
pub async fn items_of(
    conn: &mut AnyConnection,
    pact_id: i64,
) -> Result<Vec<ItemRecord>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ITEM_COLUMNS} FROM pact_item WHERE pact_id = $1 ORDER BY deadline, id"
    )))
    .bind(pact_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(item).collect()
}

pub async fn item_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ItemRecord>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ITEM_COLUMNS} FROM pact_item WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(item).transpose()
}

/// One history row.
pub struct NewEvent<'a> {
    pub pact_id: i64,
    pub item_id: Option<i64>,
    pub actor_user_id: i64,
    pub side: Side,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub message: Option<&'a str>,
    pub evidence: Option<&'a str>,
}

pub async fn insert_event(
    conn: &mut AnyConnection,
    now: Timestamp,
    e: &NewEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO pact_item_event (pact_id, item_id, at, actor_user_id, actor_side, \
         from_state, to_state, message, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.pact_id)
    .bind(e.item_id)
    .bind(now.to_iso())
    .bind(e.actor_user_id)
    .bind(e.side.code())
    .bind(e.from)
    .bind(e.to)
    .bind(e.message)
    .bind(e.evidence)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A new item, proposed by staff.
pub struct NewItem<'a> {
    pub pact_id: i64,
    pub kind: ItemKind,
    pub text: &'a str,
    pub deadline: Day,
    pub actor_user_id: i64,
}

/// Inserts a proposed item with its history row; returns its id.
pub async fn insert_item(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewItem<'_>,
) -> Result<i64, sqlx::Error> {
    let at = now.to_iso();
    let id: i64 = sqlx::query(
        "INSERT INTO pact_item (pact_id, kind, text, deadline, state, created_by, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, 'proposed', $5, $6, $6) RETURNING id",
    )
    .bind(new.pact_id)
    .bind(new.kind.code())
    .bind(new.text)
    .bind(new.deadline.to_iso())
    .bind(new.actor_user_id)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    insert_event(
        conn,
        now,
        &NewEvent {
            pact_id: new.pact_id,
            item_id: Some(id),
            actor_user_id: new.actor_user_id,
            side: Side::Staff,
            from: None,
            to: ItemState::Proposed.code(),
            message: Some(new.text),
            evidence: None,
        },
    )
    .await?;
    Ok(id)
}

/// One move of an item, checked by the caller with `ItemState::transition`.
pub struct ItemChange<'a> {
    pub item: &'a ItemRecord,
    pub to: ItemState,
    /// A revision's new text and deadline.
    pub revised: Option<(&'a str, Day)>,
    pub message: Option<&'a str>,
    pub evidence: Option<&'a str>,
    pub actor_user_id: i64,
    pub side: Side,
}

/// Applies the change if the item is still in the state the caller saw, with its history row.
/// `false`: it moved meanwhile (nothing written).
pub async fn move_item(
    conn: &mut AnyConnection,
    now: Timestamp,
    c: &ItemChange<'_>,
) -> Result<bool, sqlx::Error> {
    let at = now.to_iso();
    let (text, deadline) = match c.revised {
        Some((text, deadline)) => (text.to_string(), deadline.to_iso()),
        None => (c.item.text.clone(), c.item.deadline.to_iso()),
    };
    let changed = sqlx::query(
        "UPDATE pact_item SET state = $1, text = $2, deadline = $3, updated_at = $4 \
         WHERE id = $5 AND state = $6",
    )
    .bind(c.to.code())
    .bind(&text)
    .bind(&deadline)
    .bind(&at)
    .bind(c.item.id)
    .bind(c.item.state.code())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    let revised_text = c.revised.map(|(t, _)| t);
    insert_event(
        conn,
        now,
        &NewEvent {
            pact_id: c.item.pact_id,
            item_id: Some(c.item.id),
            actor_user_id: c.actor_user_id,
            side: c.side,
            from: Some(c.item.state.code()),
            to: c.to.code(),
            message: c.message.or(revised_text),
            evidence: c.evidence,
        },
    )
    .await?;
    Ok(true)
}

/// Moves the pact from `from` to `to` (no history row: the caller writes the event it means).
/// `false`: the pact was not in `from`.
pub async fn set_state(
    conn: &mut AnyConnection,
    now: Timestamp,
    pact_id: i64,
    from: PactState,
    to: PactState,
) -> Result<bool, sqlx::Error> {
    let changed =
        sqlx::query("UPDATE pact SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4")
            .bind(to.code())
            .bind(now.to_iso())
            .bind(pact_id)
            .bind(from.code())
            .execute(&mut *conn)
            .await?
            .rows_affected();
    Ok(changed == 1)
}

/// Records the signature of a pact in `from` with its receipt's protocol number.
pub async fn sign(
    conn: &mut AnyConnection,
    now: Timestamp,
    pact_id: i64,
    from: PactState,
    protocol: &str,
) -> Result<bool, sqlx::Error> {
    let at = now.to_iso();
    let changed = sqlx::query(
        "UPDATE pact SET state = 'signed', signed_at = $1, protocol = $2, updated_at = $1 \
         WHERE id = $3 AND state = $4",
    )
    .bind(&at)
    .bind(protocol)
    .bind(pact_id)
    .bind(from.code())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// One row of a pact's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub at: String,
    pub item_id: Option<i64>,
    pub side: Side,
    pub actor_name: Option<String>,
    pub from: Option<String>,
    pub to: String,
    pub message: Option<String>,
    pub evidence: Option<String>,
}

/// The history of a pact, newest first.
pub async fn history_of(
    conn: &mut AnyConnection,
    pact_id: i64,
) -> Result<Vec<EventRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.at, e.item_id, e.actor_side, u.display_name, e.from_state, e.to_state, \
         e.message, e.evidence FROM pact_item_event e \
         LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.pact_id = $1 ORDER BY e.id DESC",
    )
    .bind(pact_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let side: String = row.try_get("actor_side")?;
            Ok(EventRecord {
                at: row.try_get("at")?,
                item_id: row.try_get("item_id")?,
                side: Side::parse(&side).ok_or_else(|| decode("side", &side))?,
                actor_name: row.try_get("display_name")?,
                from: row.try_get("from_state")?,
                to: row.try_get("to_state")?,
                message: row.try_get("message")?,
                evidence: row.try_get("evidence")?,
            })
        })
        .collect()
}

/// How many history rows a pact has (it only ever grows).
pub async fn history_count(conn: &mut AnyConnection, pact_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM pact_item_event WHERE pact_id = $1")
        .bind(pact_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// One line of a CPI's caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    pub pact_id: i64,
    pub person_id: PersonId,
    pub name: String,
    pub state: PactState,
    pub overdue: i64,
    pub disputed: i64,
    pub open: i64,
    /// The earliest deadline of an open item.
    pub next_deadline: Option<String>,
}

/// The pacts (not closed) of the people `cpi` is competent for, those with overdue items first
/// (most overdue first), then by the nearest open deadline.
pub async fn caseload(
    conn: &mut AnyConnection,
    cpi: &CpiCode,
    today: Day,
) -> Result<Vec<CaseloadRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.person_id, p.state, pe.given_name, pe.family_name, \
         COALESCE(SUM(CASE WHEN i.state <> 'done' AND i.deadline < $2 THEN 1 ELSE 0 END), 0) \
           AS overdue, \
         COALESCE(SUM(CASE WHEN i.state = 'disputed' THEN 1 ELSE 0 END), 0) AS disputed, \
         COALESCE(SUM(CASE WHEN i.state <> 'done' THEN 1 ELSE 0 END), 0) AS open_items, \
         MIN(CASE WHEN i.state <> 'done' THEN i.deadline END) AS next_deadline \
         FROM pact p JOIN person pe ON pe.id = p.person_id \
         JOIN comune m ON m.istat_code = pe.residence_istat \
         LEFT JOIN pact_item i ON i.pact_id = p.id \
         WHERE m.cpi_code = $1 AND p.state <> 'closed' \
         GROUP BY p.id, p.person_id, p.state, pe.given_name, pe.family_name \
         ORDER BY overdue DESC, COUNT(CASE WHEN i.state <> 'done' THEN 1 END) = 0, \
         next_deadline, p.id",
    )
    .bind(&cpi.0)
    .bind(today.to_iso())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            let given: String = row.try_get("given_name")?;
            let family: String = row.try_get("family_name")?;
            Ok(CaseloadRow {
                pact_id: row.try_get("id")?,
                person_id: PersonId(row.try_get("person_id")?),
                name: format!("{given} {family}"),
                state: PactState::parse(&state).ok_or_else(|| decode("pact state", &state))?,
                overdue: row.try_get("overdue")?,
                disputed: row.try_get("disputed")?,
                open: row.try_get("open_items")?,
                next_deadline: row.try_get("next_deadline")?,
            })
        })
        .collect()
}

/// A person's display name, for the operator's page heading.
pub async fn person_name(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT given_name, family_name FROM person WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        let given: String = r.try_get(0)?;
        let family: String = r.try_get(1)?;
        Ok(format!("{given} {family}"))
    })
    .transpose()
}
