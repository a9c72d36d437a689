//! Documents attached to tickets: their rows. The files live in the upload directory under
//! `storage_name`; the server's upload route writes the file and calls [`insert_document`] inside
//! the transaction that also writes the audit row, so a row never exists without its file nor a
//! file without its row.

use crate::domain::document::{DocumentKind, DocumentSide};
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A document to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument<'a> {
    pub ticket_id: i64,
    pub uploaded_by_user_id: i64,
    pub side: DocumentSide,
    pub mandate_id: Option<i64>,
    pub display_name: &'a str,
    pub kind: DocumentKind,
    pub size_bytes: i64,
    /// Lower-case hex.
    pub sha256: &'a str,
    pub storage_name: &'a str,
}

/// A recorded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub ticket_id: i64,
    pub uploaded_by_user_id: i64,
    pub side: DocumentSide,
    pub mandate_id: Option<i64>,
    pub display_name: String,
    pub kind: DocumentKind,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_name: String,
    pub at: Timestamp,
}

const COLUMNS: &str = "id, ticket_id, uploaded_by_user_id, side, mandate_id, display_name, \
                       media_type, size_bytes, sha256, storage_name, at";

fn decode_error(what: &'static str) -> sqlx::Error {
    sqlx::Error::Decode(format!("ticket_document: bad {what}").into())
}

fn record(r: &AnyRow) -> Result<DocumentRecord, sqlx::Error> {
    let side: String = r.try_get("side")?;
    let media_type: String = r.try_get("media_type")?;
    let at: String = r.try_get("at")?;
    Ok(DocumentRecord {
        id: r.try_get("id")?,
        ticket_id: r.try_get("ticket_id")?,
        uploaded_by_user_id: r.try_get("uploaded_by_user_id")?,
        side: DocumentSide::parse(&side).ok_or_else(|| decode_error("side"))?,
        mandate_id: r.try_get("mandate_id")?,
        display_name: r.try_get("display_name")?,
        kind: DocumentKind::from_media_type(&media_type)
            .ok_or_else(|| decode_error("media_type"))?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        storage_name: r.try_get("storage_name")?,
        at: Timestamp::parse_iso(&at).map_err(|_| decode_error("at"))?,
    })
}

/// Records a document at `at`; returns its id.
pub async fn insert_document(
    conn: &mut AnyConnection,
    doc: &NewDocument<'_>,
    at: Timestamp,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO ticket_document (ticket_id, uploaded_by_user_id, side, mandate_id, \
         display_name, media_type, size_bytes, sha256, storage_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(doc.ticket_id)
    .bind(doc.uploaded_by_user_id)
    .bind(doc.side.as_str())
    .bind(doc.mandate_id)
    .bind(doc.display_name)
    .bind(doc.kind.media_type())
    .bind(doc.size_bytes)
    .bind(doc.sha256)
    .bind(doc.storage_name)
    .bind(at.to_iso())
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

/// The documents of a ticket, oldest first.
pub async fn documents_of_ticket(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> Result<Vec<DocumentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ticket_document WHERE ticket_id = $1 ORDER BY id"
    )))
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(record)
    .collect()
}

/// The document `id`, if it exists.
pub async fn document_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<DocumentRecord>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ticket_document WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(record)
    .transpose()
}
