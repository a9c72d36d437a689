//! Logging in and out, and knowing who is behind each request (issue 4).
//!
//! - [`session_layer`] reads the session cookie on every page and API request, validates the session
//!   in the database (so every server process shares it), loads the principal with its current roles
//!   and mandate, and puts an [`Authenticated`] into the request for pages and server functions.
//! - Logins end in [`AuthState::start_session`]: any session the browser had is ended (against
//!   fixation), a new one starts, and the audit log records it.
//! - [`demo_idp`] is the built-in demo identity provider; [`oidc`] the OpenID Connect relying party
//!   for SPID/CIE gateways; [`rate_limit`] keeps login attempts and expensive endpoints in check.

pub mod cookies;
pub mod demo_idp;
pub mod logout;
pub mod oidc;
pub mod rate_limit;

use app::api::request::Authenticated;
use app::domain::policy::UserId;
use app::domain::session_policy::EndReason;
use app::domain::session_policy::SessionPolicy;
use app::store::audit::{append_audit_event, AuditOutcome, NewAuditEvent};
use app::store::clock::Clock;
use app::store::identity::{load_principal, Principal};
use app::store::sessions::{create_session, end_session_because, validate_session};
use app::store::Db;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookies::{append_cookie, CookiePolicy};
use http::header::{CACHE_CONTROL, LOCATION};
use http::{HeaderMap, HeaderValue, StatusCode};
use std::sync::Arc;

/// Everything the login routes and the session layer share.
pub struct AuthState {
    pub db: Db,
    /// Where users reach us: OIDC redirect URIs are built from it.
    pub public_origin: crate::config::PublicOrigin,
    pub clock: Arc<dyn Clock>,
    pub session_policy: SessionPolicy,
    pub cookies: CookiePolicy,
    /// The demo identity provider is on (demo mode only).
    pub demo_login: bool,
    pub oidc: oidc::Providers,
}

/// How a login happened, for the session and the audit row.
#[derive(Debug, Clone)]
pub struct LoginFacts<'a> {
    /// `demo` or the OIDC provider id.
    pub provider: &'a str,
    /// The authentication level reported (e.g. `https://www.spid.gov.it/SpidL2`), if any.
    pub auth_level: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

fn is_busy(e: &sqlx::Error) -> bool {
    // SQLite answers "database is locked" (5) or "busy" when a read transaction cannot be upgraded
    // to a write while another writer holds the lock; busy_timeout does not cover that case.
    matches!(e, sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "5" || c == "517"))
}

impl AuthState {
    /// The principal behind `token` now, touching the session. Retries a SQLite lock upgrade clash.
    pub async fn resolve(&self, token: &str) -> Result<Option<Principal>, sqlx::Error> {
        let mut attempt = 0;
        loop {
            match self.resolve_once(token).await {
                Err(e) if is_busy(&e) && attempt < 3 => attempt += 1,
                other => return other,
            }
        }
    }

    async fn resolve_once(&self, token: &str) -> Result<Option<Principal>, sqlx::Error> {
        // A deferred transaction: most requests only read (the session's activity is written at
        // most once a minute); the rare write upgrades it, and a clash is retried above.
        let mut tx = self.db.pool().begin().await?;
        let now = self.clock.now();
        let principal = match validate_session(&mut tx, token, &self.session_policy, now).await? {
            Some(user) => load_principal(&mut tx, &user).await?,
            None => None,
        };
        tx.commit().await?;
        Ok(principal)
    }

    /// Starts a session for `user` after a successful authentication, ending the session this
    /// browser had (if any): a session id planted before login is worthless after it. Returns the
    /// `Set-Cookie` value, or `None` when the account cannot log in (disabled meanwhile).
    pub async fn start_session(
        &self,
        request_headers: &HeaderMap,
        user: UserId,
        facts: &LoginFacts<'_>,
    ) -> Result<Option<HeaderValue>, sqlx::Error> {
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if let Some(old) = self.cookies.session_token(request_headers) {
            end_session_because(&mut tx, old, EndReason::Rotated, now).await?;
        }
        let Some(token) =
            create_session(&mut tx, user.0, facts.auth_level, &self.session_policy, now).await?
        else {
            tx.rollback().await?;
            return Ok(None);
        };
        let detail = serde_json::json!({ "provider": facts.provider, "level": facts.auth_level });
        append_audit_event(
            &mut tx,
            now,
            &NewAuditEvent {
                actor_user_id: Some(user.0),
                acting_for_person_id: None,
                mandate_id: None,
                subject_person_id: None,
                action: "auth.login",
                object_type: "session",
                object_id: None,
                outcome: AuditOutcome::Ok,
                request_id: facts.request_id,
                detail: Some(&detail),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(self.cookies.set_session(token.as_str()))
    }
}

/// The request id the request-id layer put on the request.
pub fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

/// A `303 See Other` to a local path (already checked by the caller), with cookies to set.
pub fn see_other(location: &str, cookies: Vec<Option<HeaderValue>>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, value);
    }
    for cookie in cookies {
        append_cookie(res.headers_mut(), cookie);
    }
    res
}

/// Paths that never need to know the user: static files.
fn is_static(path: &str) -> bool {
    ["/pkg/", "/icons/", "/fonts/"]
        .iter()
        .any(|p| path.starts_with(p))
        || matches!(
            path,
            "/sw.js" | "/manifest.webmanifest" | "/favicon.ico" | "/health" | "/ready"
        )
}

/// Resolves the session of every non-static request. An unknown, ended or expired session cookie is
/// removed; a database failure leaves the request anonymous (it can only see less) and is logged.
/// Responses to logged-in requests are never stored by any cache.
pub async fn session_layer(
    State(auth): State<Arc<AuthState>>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let Some(token) = auth.cookies.session_token(req.headers()).map(str::to_owned) else {
        return next.run(req).await;
    };
    match auth.resolve(&token).await {
        Ok(Some(principal)) => {
            req.extensions_mut().insert(Authenticated {
                principal: Arc::new(principal),
                token: Arc::from(token.as_str()),
            });
            let mut res = next.run(req).await;
            res.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            res
        }
        Ok(None) => {
            let mut res = next.run(req).await;
            // A login answering this very request sets a new session cookie: clearing after it
            // would wipe the new session (browsers apply Set-Cookie headers in order).
            let fresh = format!("{}=", auth.cookies.session_name());
            let sets_new = res
                .headers()
                .get_all(http::header::SET_COOKIE)
                .iter()
                .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&fresh)));
            if !sets_new {
                append_cookie(res.headers_mut(), auth.cookies.clear_session());
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed: serving the request anonymously");
            next.run(req).await
        }
    }
}
