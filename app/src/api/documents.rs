//! Documents of a ticket: the list the ticket page shows. Uploading and downloading are plain HTTP
//! routes of the server (`server/src/files/`), not server functions: a file is streamed to disk
//! rather than decoded into memory, and a download is a file, not JSON. They authorise exactly like
//! this function: the ticket's policy object, Read to list and download, Update to upload.

use crate::domain::document::{DocumentKind, DocumentSide};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One document as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    /// The uploader's file name, sanitised.
    pub display_name: String,
    pub kind: DocumentKind,
    pub size_bytes: i64,
    /// When it was uploaded (ISO-8601 UTC).
    pub at: String,
    pub side: DocumentSide,
}

/// A ticket's documents and the upload limit in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDocumentList {
    pub documents: Vec<DocumentRow>,
    /// The largest file accepted, in bytes (the server's `--max-upload-mb`).
    pub max_upload_bytes: u64,
}

/// Where a document is downloaded.
pub fn download_path(document_id: i64) -> String {
    format!("/documenti/{document_id}")
}

/// Where a ticket's documents are uploaded (multipart/form-data, field `file`).
pub fn upload_path(ticket_id: i64) -> String {
    format!("/sportello/pratiche/{ticket_id}/documenti")
}

/// The ticket's page, where an upload comes back to.
pub fn ticket_page_path(ticket_id: i64) -> String {
    format!("/sportello/pratiche/{ticket_id}")
}

/// The upload limit the server runs with, provided as context by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimit(pub u64);

impl UploadLimit {
    /// The limit in force: the server's, or the default when none was provided.
    pub fn current() -> UploadLimit {
        use_context::<UploadLimit>().unwrap_or(UploadLimit(
            crate::domain::document::DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
        ))
    }
}

/// The documents of ticket `ticket_id`: for its requester, an intermediary under a mandate for
/// messages, and the staff of its CPI; others get `NotFound`.
#[server(prefix = "/api", endpoint = "counter/documents")]
pub async fn list_ticket_documents(ticket_id: i64) -> Result<TicketDocumentList, AppError> {
    use crate::domain::policy::Action;
    use crate::store::{documents, tickets, use_db};
    let facts = crate::api::request::request_facts()?;
    facts.require_principal()?;
    // A transaction even to read: on SQLite a pooled connection left mid-read keeps an old
    // snapshot, and the next writer on it fails instead of waiting (as the other functions do).
    let mut conn = use_db()?.begin_write().await?;
    let ticket = tickets::ticket_facts(&mut conn, ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    facts.authorise(Action::Read, &ticket.object())?;
    let documents = documents::documents_of_ticket(&mut conn, ticket.id)
        .await?
        .into_iter()
        .map(|d| DocumentRow {
            id: d.id,
            display_name: d.display_name,
            kind: d.kind,
            size_bytes: d.size_bytes,
            at: d.at.to_iso(),
            side: d.side,
        })
        .collect();
    conn.commit().await?;
    Ok(TicketDocumentList {
        documents,
        max_upload_bytes: UploadLimit::current().0,
    })
}
