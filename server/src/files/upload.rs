//! `POST /sportello/pratiche/{id}/documenti`: one document onto a ticket.
//!
//! Order of work: authorise (before reading a byte of the body), stream the `file` field to a
//! temporary file in the upload directory while hashing and counting it (stopping as soon as it
//! passes the limit or its first bytes are not an accepted kind), then in one transaction check
//! again, insert the row and its audit event, rename the file to its final random name, and commit.
//! A guard removes the temporary or final file on every path that does not end in a commit: a
//! refusal, an error, or the client going away mid-upload (the future is dropped).

use super::FilesState;
use app::api::documents::ticket_page_path;
use app::api::request::{AuditFacts, Authenticated, RequestFacts};
use app::domain::document::{display_name, DocumentKind, DocumentSide, SNIFF_BYTES};
use app::domain::policy::{Action, Basis};
use app::error::AppError;
use app::live::Topic;
use app::store::documents::{insert_document, NewDocument};
use app::store::tickets::{note_requester_activity, ticket_facts};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_LENGTH, LOCATION};
use http::{HeaderMap, HeaderValue, StatusCode};
use sha2::{Digest, Sha256};
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// The form field that carries the file.
pub const FILE_FIELD: &str = "file";

/// Why an upload was refused, as the page explains it (`?errore=` code) or the script reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLarge,
    WrongType,
    Empty,
    Closed,
}

impl Refusal {
    /// The `?errore=` code; the ticket page translates it.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::TooLarge => "troppo_grande",
            Refusal::WrongType => "tipo",
            Refusal::Empty => "vuoto",
            Refusal::Closed => "chiusa",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::WrongType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::Empty => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Closed => StatusCode::CONFLICT,
        }
    }
}

/// How the request wants its answer: the script asks for JSON; a plain form follows redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reply {
    Json,
    Redirect,
}

impl Reply {
    fn of(headers: &HeaderMap) -> Reply {
        let json = headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        if json {
            Reply::Json
        } else {
            Reply::Redirect
        }
    }

    fn stored(self, ticket_id: i64, document_id: i64) -> Response {
        match self {
            Reply::Json => (
                StatusCode::CREATED,
                axum::Json(serde_json::json!({ "outcome": "documento", "id": document_id })),
            )
                .into_response(),
            Reply::Redirect => {
                see_other(&format!("{}?esito=documento", ticket_page_path(ticket_id)))
            }
        }
    }

    fn refused(self, ticket_id: i64, refusal: Refusal) -> Response {
        match self {
            Reply::Json => (
                refusal.status(),
                axum::Json(serde_json::json!({ "error": refusal.code() })),
            )
                .into_response(),
            Reply::Redirect => see_other(&format!(
                "{}?errore={}",
                ticket_page_path(ticket_id),
                refusal.code()
            )),
        }
    }

    fn error(self, error: AppError) -> Response {
        match (self, &error) {
            // A plain form whose session ran out: to the login page rather than a bare 401.
            (Reply::Redirect, AppError::Unauthenticated) => see_other("/accesso"),
            _ => error_response(&error),
        }
    }
}

fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, value);
    }
    res
}

/// A short plain-text answer with the error's status; internal errors carry only their reference.
pub fn error_response(error: &AppError) -> Response {
    (error.status(), format!("{error}\n")).into_response()
}

/// A file on disk that is removed when dropped, unless [`Stored::keep`] was called: the temporary
/// file while it streams in, then the final file until the transaction commits.
struct Stored {
    path: Option<PathBuf>,
}

impl Stored {
    async fn create(dir: &FsPath) -> std::io::Result<(Stored, tokio::fs::File)> {
        tokio::fs::create_dir_all(dir).await?;
        let path = dir.join(format!(".upload-{}.part", uuid::Uuid::new_v4().simple()));
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options.open(&path).await?;
        Ok((Stored { path: Some(path) }, file))
    }

    /// Renames the file to `to` (same directory, so atomic) and makes the rename durable.
    async fn rename(&mut self, to: PathBuf) -> std::io::Result<()> {
        let Some(from) = self.path.clone() else {
            return Err(std::io::Error::other("file already released"));
        };
        tokio::fs::rename(&from, &to).await?;
        self.path = Some(to.clone());
        #[cfg(unix)]
        if let Some(dir) = to.parent() {
            tokio::fs::File::open(dir).await?.sync_all().await?;
        }
        Ok(())
    }

    fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Stored {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            if let Err(e) = std::fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::error!(error = %e, "could not remove a partly stored upload");
                }
            }
        }
    }
}

/// A file received in full and accepted by content.
struct Received {
    file: Stored,
    original_name: String,
    kind: DocumentKind,
    size: u64,
    sha256: String,
}

/// Why receiving stopped.
enum ReceiveError {
    Refused(Refusal),
    /// A broken or unreadable body.
    BadRequest,
    Internal(AppError),
}

impl From<std::io::Error> for ReceiveError {
    fn from(e: std::io::Error) -> Self {
        ReceiveError::Internal(AppError::internal(format!("upload: {e}")))
    }
}

/// Whether a body read failed because a body limit was reached, at any depth: the route's own
/// limit is one layer, the server-wide one another, and each wraps the error once more.
fn is_length_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(err) = current {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        current = err.source();
    }
    false
}

impl From<axum::extract::multipart::MultipartError> for ReceiveError {
    fn from(e: axum::extract::multipart::MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE || is_length_limit(&e) {
            ReceiveError::Refused(Refusal::TooLarge)
        } else {
            tracing::info!(error = %e, "unreadable upload");
            ReceiveError::BadRequest
        }
    }
}

pub async fn upload(
    State(state): State<Arc<FilesState>>,
    Path(raw_id): Path<String>,
    req: Request,
) -> Response {
    let reply = Reply::of(req.headers());
    let Ok(ticket_id) = raw_id.parse::<i64>() else {
        return error_response(&AppError::NotFound);
    };
    let facts = RequestFacts {
        authenticated: req.extensions().get::<Authenticated>().cloned(),
        request_id: crate::auth::request_id(req.headers()).map(str::to_string),
        now: state.clock.now(),
    };
    // Who may upload is known before a byte of the file is read.
    match authorise(&state, &facts, ticket_id).await {
        Ok(()) => {}
        Err(AppError::Conflict) => return reply.refused(ticket_id, Refusal::Closed),
        Err(e) => return reply.error(e),
    }
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > super::body_limit(state.max_upload_bytes) as u64) {
        return reply.refused(ticket_id, Refusal::TooLarge);
    }
    let mut multipart = match Multipart::from_request(req, &()).await {
        Ok(m) => m,
        Err(_) => return error_response(&AppError::BadRequest),
    };
    let received = match receive(&state, &mut multipart).await {
        Ok(r) => r,
        Err(ReceiveError::Refused(refusal)) => {
            drain(&mut multipart).await;
            return reply.refused(ticket_id, refusal);
        }
        Err(ReceiveError::BadRequest) => return error_response(&AppError::BadRequest),
        Err(ReceiveError::Internal(e)) => return reply.error(e),
    };
    match store(&state, &facts, ticket_id, received).await {
        Ok(document_id) => reply.stored(ticket_id, document_id),
        Err(AppError::Conflict) => reply.refused(ticket_id, Refusal::Closed),
        Err(e) => reply.error(e),
    }
}

/// The actor may add documents to the ticket, and the ticket is not closed.
async fn authorise(
    state: &FilesState,
    facts: &RequestFacts,
    ticket_id: i64,
) -> Result<(), AppError> {
    facts.require_principal()?;
    // In a transaction, short as it is: a pooled SQLite connection left after a bare read keeps
    // an old snapshot, and the next writer on it fails instead of waiting.
    let mut tx = state.db.begin_write().await?;
    let ticket = ticket_facts(&mut tx, ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    facts.authorise(Action::Update, &ticket.object())?;
    if ticket.state == "closed" {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Streams the `file` field to a temporary file, hashing and counting, and checks its kind from
/// its first bytes. Other fields are skipped; a second file is ignored.
async fn receive(state: &FilesState, multipart: &mut Multipart) -> Result<Received, ReceiveError> {
    while let Some(mut field) = multipart.next_field().await? {
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let original_name = field.file_name().unwrap_or_default().to_string();
        let (stored, mut file) = Stored::create(&state.upload_dir).await?;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
        let mut kind = None;
        while let Some(chunk) = field.chunk().await? {
            size += chunk.len() as u64;
            if size > state.max_upload_bytes {
                return Err(ReceiveError::Refused(Refusal::TooLarge));
            }
            if kind.is_none() {
                let wanted = SNIFF_BYTES - head.len();
                head.extend_from_slice(&chunk[..wanted.min(chunk.len())]);
                if head.len() == SNIFF_BYTES {
                    // Refused at the first bytes: the rest is never written.
                    kind = Some(
                        DocumentKind::sniff(&head)
                            .ok_or(ReceiveError::Refused(Refusal::WrongType))?,
                    );
                }
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await?;
        }
        if size == 0 {
            return Err(ReceiveError::Refused(Refusal::Empty));
        }
        let kind = match kind {
            Some(kind) => kind,
            // Shorter than the longest signature.
            None => DocumentKind::sniff(&head).ok_or(ReceiveError::Refused(Refusal::WrongType))?,
        };
        file.flush().await?;
        // Durable before the row that points at it commits.
        file.sync_all().await?;
        drop(file);
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        return Ok(Received {
            file: stored,
            original_name,
            kind,
            size,
            sha256,
        });
    }
    Err(ReceiveError::Refused(Refusal::Empty))
}

/// Reads what is left of a refused body (within the route's body limit) so the browser gets the
/// redirect rather than a reset connection.
async fn drain(multipart: &mut Multipart) {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

/// Which side an allowed upload comes from, and under which mandate.
fn side_of(basis: &Basis) -> (DocumentSide, Option<i64>) {
    match basis {
        Basis::Own => (DocumentSide::Requester, None),
        Basis::Mandate { mandate_id, .. } => (DocumentSide::Requester, Some(mandate_id.0)),
        _ => (DocumentSide::Staff, None),
    }
}

/// Records the received file in one transaction: check again (the ticket may have closed, the
/// mandate ended, while the file streamed), insert the row and the audit event, rename the file to
/// its final name, commit. Returns the document's id.
async fn store(
    state: &FilesState,
    facts: &RequestFacts,
    ticket_id: i64,
    received: Received,
) -> Result<i64, AppError> {
    let Received {
        mut file,
        original_name,
        kind,
        size,
        sha256,
    } = received;
    let principal = facts.require_principal()?;
    let mut tx = state.db.begin_write().await?;
    let ticket = ticket_facts(&mut tx, ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Update, &ticket.object())?;
    if ticket.state == "closed" {
        return Err(AppError::Conflict);
    }
    let (side, mandate_id) = side_of(&basis);
    let name = display_name(&original_name, kind);
    // 128 random bits as hex: unguessable, and nothing of the uploader's name reaches the disk.
    let storage_name = uuid::Uuid::new_v4().simple().to_string();
    let size_bytes = i64::try_from(size).map_err(AppError::internal)?;
    let document_id = insert_document(
        &mut tx,
        &NewDocument {
            ticket_id: ticket.id,
            uploaded_by_user_id: principal.user_id.0,
            side,
            mandate_id,
            display_name: &name,
            kind,
            size_bytes,
            sha256: &sha256,
            storage_name: &storage_name,
        },
        facts.now,
    )
    .await?;
    let detail = serde_json::json!({
        "ticket_id": ticket.id,
        "media_type": kind.media_type(),
        "size_bytes": size_bytes,
        "sha256": sha256,
    });
    let object_id = document_id.to_string();
    facts
        .audit(
            &mut tx,
            AuditFacts {
                action: "ticket_document.upload",
                object_type: "ticket_document",
                object_id: Some(&object_id),
                subject_person_id: Some(ticket.requester_person_id.0),
                basis: Some(&basis),
                detail: Some(&detail),
            },
        )
        .await?;
    if side == DocumentSide::Requester {
        // A ticket waiting for the requester goes back to the operator.
        note_requester_activity(&mut tx, ticket.id, principal.user_id.0, facts.now).await?;
    }
    file.rename(state.upload_dir.join(&storage_name))
        .await
        .map_err(|e| AppError::internal(format!("upload rename: {e}")))?;
    tx.commit().await?;
    file.keep();
    state.live.publish(&[Topic::Ticket(ticket.id)]).await;
    Ok(document_id)
}
