//! `AppError`: the one error type of every server function and page.
//!
//! It crosses the wire as JSON, so it carries only what a user may see: a kind, field codes, and for
//! internal failures a reference id that also appears in the server log. Database and IO text is logged
//! on the server and never put into an `AppError`.

use crate::i18n::Messages;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::fmt;

/// Why one input field was rejected. Codes, not text: the client translates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    Invalid,
    TooLong { max: u32 },
}

/// A rejected input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: FieldProblem,
}

/// The reference of an internal error, shown to the user and written to the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRef(pub String);

impl ErrorRef {
    /// A fresh reference: short enough to read over the phone, random enough not to collide in a log.
    pub fn new() -> Self {
        let hex = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
        ErrorRef(format!("E-{}", &hex[..10]))
    }
}

impl Default for ErrorRef {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ErrorRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Also the answer for objects that exist but belong to someone else.
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation { fields: Vec<FieldError> },
    #[error("conflict")]
    Conflict,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u32 },
    #[error("unavailable")]
    Unavailable,
    #[error("internal error {reference}")]
    Internal { reference: ErrorRef },
    /// The browser could not reach the server, or could not read its answer.
    #[error("transport error")]
    Transport,
    /// The request could not be decoded (missing or malformed arguments).
    #[error("bad request")]
    BadRequest,
}

impl AppError {
    /// HTTP status for this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Validation { .. } => S::UNPROCESSABLE_ENTITY,
            AppError::Conflict => S::CONFLICT,
            AppError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AppError::Unavailable => S::SERVICE_UNAVAILABLE,
            AppError::Internal { .. } => S::INTERNAL_SERVER_ERROR,
            AppError::Transport => S::BAD_GATEWAY,
            AppError::BadRequest => S::BAD_REQUEST,
        }
    }

    /// The translated, user-facing message.
    pub fn message(&self, t: &Messages) -> &'static str {
        match self {
            AppError::Unauthenticated => t.error_unauthenticated,
            AppError::Forbidden => t.error_forbidden,
            AppError::NotFound => t.error_not_found,
            AppError::Validation { .. } => t.error_validation,
            AppError::Conflict => t.error_conflict,
            AppError::RateLimited { .. } => t.error_rate_limited,
            AppError::Unavailable => t.error_unavailable,
            AppError::Internal { .. } => t.error_internal,
            AppError::Transport => t.error_transport,
            AppError::BadRequest => t.error_bad_request,
        }
    }

    /// One rejected field.
    pub fn field(field: &str, problem: FieldProblem) -> AppError {
        AppError::Validation {
            fields: vec![FieldError {
                field: field.to_string(),
                problem,
            }],
        }
    }

    /// One field whose value is not acceptable.
    pub fn invalid(field: &str) -> AppError {
        AppError::field(field, FieldProblem::Invalid)
    }

    /// The reference to quote to support, for internal errors.
    pub fn reference(&self) -> Option<&ErrorRef> {
        match self {
            AppError::Internal { reference } => Some(reference),
            _ => None,
        }
    }

    /// Logs `cause` with a fresh reference and returns the error the client will see.
    /// The cause (SQL, IO, paths…) stays in the log.
    pub fn internal(cause: impl fmt::Display) -> Self {
        let reference = ErrorRef::new();
        #[cfg(feature = "ssr")]
        tracing::error!(reference = %reference, error = %cause, "internal error");
        #[cfg(not(feature = "ssr"))]
        let _ = cause;
        AppError::Internal { reference }
    }
}

impl FieldProblem {
    pub fn message(&self, t: &Messages) -> String {
        match self {
            FieldProblem::Required => t.field_required.to_string(),
            FieldProblem::Invalid => t.field_invalid.to_string(),
            FieldProblem::TooLong { max } => (t.field_too_long)(*max),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Transport
            }
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            other => AppError::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut => {
                tracing::warn!(error = %e, "database pool timed out");
                AppError::Unavailable
            }
            other => AppError::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn internal_error_json_carries_the_reference_but_not_the_cause() {
        let e = AppError::internal("SELECT secret FROM users: disk I/O error at /var/lib/x");
        let json = serde_json::to_string(&e).expect("serialises");
        assert!(
            !json.contains("secret") && !json.contains("/var/lib"),
            "{json}"
        );
        let reference = e.reference().expect("has a reference").0.clone();
        assert!(json.contains(&reference));
        assert_eq!(
            serde_json::from_str::<AppError>(&json).expect("round trip"),
            e
        );
    }

    #[test]
    fn maps_kinds_to_statuses() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Validation { fields: vec![] }.status(), 422);
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 3
            }
            .status(),
            429
        );
        assert_eq!(AppError::internal("x").status(), 500);
    }

    #[test]
    fn messages_are_translated() {
        let it = AppError::NotFound.message(Locale::It.messages());
        let en = AppError::NotFound.message(Locale::En.messages());
        assert_ne!(it, en);
    }

    #[test]
    fn server_fn_transport_failures_do_not_leak_their_text() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "password=hunter2".into(),
        ));
        assert!(!serde_json::to_string(&e).expect("json").contains("hunter2"));
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into())),
            AppError::BadRequest
        );
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Request("x".into())),
            AppError::Transport
        );
    }

    #[test]
    fn references_are_distinct() {
        assert_ne!(ErrorRef::new(), ErrorRef::new());
        assert!(ErrorRef::new().0.starts_with("E-"));
    }
}
