//! `POST /auth/logout`: ends the session on the server (so a copied cookie is worthless from now on),
//! records it, removes the cookie and asks the browser to drop what it kept of the user's pages.

use super::cookies::append_cookie;
use super::{request_id, see_other, AuthState};
use app::store::audit::{append_audit_event, AuditOutcome, NewAuditEvent};
use app::store::sessions::{end_session, validate_session};
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::sync::Arc;

const CLEAR_SITE_DATA: HeaderName = HeaderName::from_static("clear-site-data");

pub async fn logout(State(auth): State<Arc<AuthState>>, headers: HeaderMap) -> Response {
    if let Some(token) = auth.cookies.session_token(&headers) {
        if let Err(e) = end_and_record(&auth, token, request_id(&headers)).await {
            // The cookie goes anyway; the session then dies at its idle timeout.
            tracing::error!(error = %e, "logout could not end the session in the database");
        }
    }
    let mut res = see_other("/accesso?uscita=1", vec![]);
    append_cookie(res.headers_mut(), auth.cookies.clear_session());
    res.headers_mut().insert(
        CLEAR_SITE_DATA,
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    res
}

async fn end_and_record(
    auth: &AuthState,
    token: &str,
    request_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = auth.clock.now();
    let mut tx = auth.db.begin_write().await?;
    let user = validate_session(&mut tx, token, &auth.session_policy, now).await?;
    if end_session(&mut tx, token, now).await? {
        append_audit_event(
            &mut tx,
            now,
            &NewAuditEvent {
                actor_user_id: user.map(|u| u.user_id),
                acting_for_person_id: None,
                mandate_id: None,
                subject_person_id: None,
                action: "auth.logout",
                object_type: "session",
                object_id: None,
                outcome: AuditOutcome::Ok,
                request_id,
                detail: None,
            },
        )
        .await?;
    }
    tx.commit().await
}
