//! `GET /documenti/{id}`: a ticket's document, for those who may read the ticket. Always an
//! attachment with the type found at upload and `nosniff`, so a browser never renders an uploaded
//! file as a page of ours; never cached. A read by staff or by an intermediary is audited, with the
//! requester as the subject ("who accessed my data").

use super::upload::error_response;
use super::FilesState;
use app::api::request::{AuditFacts, Authenticated, RequestFacts};
use app::domain::policy::{Action, Basis};
use app::error::AppError;
use app::store::documents::{document_by_id, DocumentRecord};
use app::store::tickets::ticket_facts;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use std::sync::Arc;
use tokio_util::io::ReaderStream;

pub async fn download(
    State(state): State<Arc<FilesState>>,
    Path(raw_id): Path<String>,
    req: Request,
) -> Response {
    let Ok(document_id) = raw_id.parse::<i64>() else {
        return error_response(&AppError::NotFound);
    };
    let facts = RequestFacts {
        authenticated: req.extensions().get::<Authenticated>().cloned(),
        request_id: crate::auth::request_id(req.headers()).map(str::to_string),
        now: state.clock.now(),
    };
    match open(&state, &facts, document_id).await {
        Ok((document, file)) => respond(&document, file),
        Err(e) => error_response(&e),
    }
}

/// Authorises, opens the file and writes the audit row (committed before a byte is sent).
async fn open(
    state: &FilesState,
    facts: &RequestFacts,
    document_id: i64,
) -> Result<(DocumentRecord, tokio::fs::File), AppError> {
    facts.require_principal()?;
    let mut tx = state.db.begin_write().await?;
    let document = document_by_id(&mut tx, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ticket = ticket_facts(&mut tx, document.ticket_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let basis = facts.authorise(Action::Read, &ticket.object())?;
    // The name comes from our own database, but a path is only ever built from hex digits.
    if document.storage_name.is_empty()
        || !document.storage_name.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(AppError::internal(format!(
            "document {document_id}: unexpected storage name"
        )));
    }
    let file = tokio::fs::File::open(state.upload_dir.join(&document.storage_name))
        .await
        .map_err(|e| AppError::internal(format!("document {document_id}: {e}")))?;
    if !matches!(basis, Basis::Own) {
        let object_id = document.id.to_string();
        let detail = serde_json::json!({ "ticket_id": ticket.id });
        facts
            .audit(
                &mut tx,
                AuditFacts {
                    action: "ticket_document.read",
                    object_type: "ticket_document",
                    object_id: Some(&object_id),
                    subject_person_id: Some(ticket.requester_person_id.0),
                    basis: Some(&basis),
                    detail: Some(&detail),
                },
            )
            .await?;
    }
    tx.commit().await?;
    Ok((document, file))
}

fn respond(document: &DocumentRecord, file: tokio::fs::File) -> Response {
    let mut res = (StatusCode::OK, Body::from_stream(ReaderStream::new(file))).into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(document.kind.media_type()),
    );
    h.insert(CONTENT_LENGTH, HeaderValue::from(document.size_bytes));
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&document.display_name)) {
        h.insert(CONTENT_DISPOSITION, value);
    }
    h.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

/// `attachment` with the name twice (RFC 6266): a plain-ASCII `filename` for old clients and the
/// exact UTF-8 name in `filename*` (RFC 8187 percent-encoding).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" /
        // "_" / "`" / "|" / "~"; everything else is %XX.
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_carries_an_ascii_fallback_and_the_exact_name() {
        assert_eq!(
            content_disposition("busta paga.pdf"),
            "attachment; filename=\"busta paga.pdf\"; filename*=UTF-8''busta%20paga.pdf"
        );
        assert_eq!(
            content_disposition("Perché.pdf"),
            "attachment; filename=\"Perch_.pdf\"; filename*=UTF-8''Perch%C3%A9.pdf"
        );
        let quoted = content_disposition("a\"b\\c.pdf");
        assert!(
            quoted.starts_with("attachment; filename=\"a_b_c.pdf\";"),
            "{quoted}"
        );
        assert!(HeaderValue::from_str(&content_disposition("日本語.png")).is_ok());
    }
}
