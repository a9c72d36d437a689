//! What the form pages share about refused posts: the id that links an error summary to its field,
//! the code of a field's problem for the texts, and the errors a post without JavaScript came back
//! with.

use crate::error::{AppError, FieldError, FieldProblem};
use crate::ui::pages::account::form_error;

/// The id of a form field, for the error summary's links.
pub fn field_id(name: &str) -> String {
    format!("f-{name}")
}

/// The code the texts use for a field's problem.
pub fn problem_code(problem: &FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Required => "required",
        FieldProblem::TooLong { .. } => "too_long",
        FieldProblem::Invalid => "invalid",
    }
}

/// The errors of a refused post (no JavaScript): the field errors, and whether the form was stale
/// (saved meanwhile from elsewhere: a conflict).
pub fn server_errors() -> (Vec<FieldError>, bool) {
    match form_error() {
        Some(AppError::Validation { fields }) => (fields, false),
        Some(AppError::Conflict) => (Vec::new(), true),
        _ => (Vec::new(), false),
    }
}
