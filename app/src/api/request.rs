//! What a server function knows about its request (server only): who is logged in, under which
//! session and mandate, the request id for the audit row, and "now" from the server's clock. The
//! server's session layer puts an [`Authenticated`] into the request's extensions; Leptos provides
//! the request parts as context, so server functions and pages read it from there.

use crate::domain::policy::{self, Action, Actor, Basis, Decision, Object};
use crate::domain::session_policy::Timestamp;
use crate::error::AppError;
use crate::store::audit::{append_audit_event, AuditOutcome, NewAuditEvent};
use crate::store::clock::Clock;
use crate::store::identity::Principal;
use leptos::prelude::use_context;
use sqlx::AnyConnection;
use std::sync::Arc;

/// A request with a valid session, as the session layer found it.
#[derive(Clone)]
pub struct Authenticated {
    pub principal: Arc<Principal>,
    /// The cookie's token, for the few operations that change the session itself (acting for a
    /// client). Never logged: `Debug` is not derived.
    pub token: Arc<str>,
}

/// The server's clock, provided as context so tests can move time.
#[derive(Clone)]
pub struct SharedClock(pub Arc<dyn Clock>);

/// Whether the server runs in demo mode (the banner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoMode(pub bool);

/// Whether the demo identity provider is on (personas on the login page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoLogin(pub bool);

/// Everything a server function needs to authorise and audit.
pub struct RequestFacts {
    pub authenticated: Option<Authenticated>,
    pub request_id: Option<String>,
    pub now: Timestamp,
}

impl RequestFacts {
    pub fn principal(&self) -> Option<&Principal> {
        self.authenticated.as_ref().map(|a| a.principal.as_ref())
    }

    pub fn actor(&self) -> Actor {
        self.principal()
            .map(Principal::actor)
            .unwrap_or(Actor::Anonymous)
    }

    /// The logged-in principal, or `Unauthenticated`.
    pub fn require_principal(&self) -> Result<&Principal, AppError> {
        self.principal().ok_or(AppError::Unauthenticated)
    }

    /// Asks the policy; a refusal becomes the matching error.
    pub fn authorise(&self, action: Action, object: &Object) -> Result<Basis, AppError> {
        decide(policy::may(&self.actor(), action, object, self.now))
    }

    /// Appends the audit row of an allowed action, with the mandate when the basis is one.
    pub async fn audit(
        &self,
        conn: &mut AnyConnection,
        event: AuditFacts<'_>,
    ) -> Result<(), AppError> {
        let (acting_for, mandate) = match event.basis {
            Some(Basis::Mandate {
                mandate_id,
                delegator,
            }) => (Some(delegator.0), Some(mandate_id.0)),
            _ => (None, None),
        };
        append_audit_event(
            conn,
            self.now,
            &NewAuditEvent {
                actor_user_id: self.principal().map(|p| p.user_id.0),
                acting_for_person_id: acting_for,
                mandate_id: mandate,
                subject_person_id: event.subject_person_id,
                action: event.action,
                object_type: event.object_type,
                object_id: event.object_id,
                outcome: AuditOutcome::Ok,
                request_id: self.request_id.as_deref(),
                detail: event.detail,
            },
        )
        .await?;
        Ok(())
    }
}

/// The facts of one audit row a server function writes.
pub struct AuditFacts<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub subject_person_id: Option<i64>,
    pub basis: Option<&'a Basis>,
    pub detail: Option<&'a serde_json::Value>,
}

/// The error for each refusal of the policy.
pub fn decide(decision: Decision) -> Result<Basis, AppError> {
    match decision {
        Decision::Allow(basis) => Ok(basis),
        Decision::Unauthenticated => Err(AppError::Unauthenticated),
        Decision::Forbidden => Err(AppError::Forbidden),
        Decision::NotFound => Err(AppError::NotFound),
    }
}

/// The facts of the current request.
pub fn request_facts() -> Result<RequestFacts, AppError> {
    let parts = use_context::<http::request::Parts>();
    let clock = use_context::<SharedClock>()
        .ok_or_else(|| AppError::internal("clock missing from context"))?;
    Ok(RequestFacts {
        authenticated: parts
            .as_ref()
            .and_then(|p| p.extensions.get::<Authenticated>().cloned()),
        request_id: parts.as_ref().and_then(|p| {
            p.headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        }),
        now: clock.0.now(),
    })
}

/// Whether demo mode is on (false when the server did not say).
pub fn demo_mode() -> bool {
    use_context::<DemoMode>().is_some_and(|d| d.0)
}

/// Whether the demo identity provider is on (false when the server did not say).
pub fn demo_login() -> bool {
    use_context::<DemoLogin>().is_some_and(|d| d.0)
}
