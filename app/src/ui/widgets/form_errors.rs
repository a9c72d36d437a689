//! What the form pages share about refused posts: the id that links an error summary to its field,
//! the code of a field's problem for the texts, and the errors a post without JavaScript came back
//! with.

use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::Messages;
use crate::ui::pages::account::form_error;
use leptos::prelude::*;

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

/// A feature's words for the summary of a refused post.
pub struct ProblemWords {
    /// The summary's lead ("Non è stato possibile…").
    pub heading: &'static str,
    /// What a conflict means in this feature.
    pub conflict: &'static str,
    /// A field's name, for the list of fields with problems.
    pub field: fn(&str) -> &'static str,
}

/// The problem a refused post (no JavaScript) came back with, above the form, in a feature's words.
pub fn problem_summary(t: &'static Messages, words: ProblemWords) -> Option<AnyView> {
    form_error().map(|error| {
        let detail = match &error {
            AppError::Conflict => view! { <p>{words.conflict}</p> }.into_any(),
            AppError::Validation { fields } => view! {
                <ul>
                    {fields
                        .iter()
                        .map(|f| view! { <li>{(words.field)(&f.field)}</li> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="alert alert-danger form-error" role="alert" tabindex="-1">
                <p><strong>{words.heading}</strong>": "{error.message(t)}</p>
                {detail}
            </div>
        }
        .into_any()
    })
}
