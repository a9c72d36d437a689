//! The company pages (issue 4): `/impresa` (my companies, claim form, invitations for me) and
//! `/impresa/membri?azienda=<id>` (members, invitations sent, invite form). Plain form posts to the
//! server functions, so both work without JavaScript; a refused post comes back as `?__err=` with
//! the function's path in `?__path=`, which says which of the page's forms it was.

pub mod members;
pub mod overview;

use super::account::{form_error, query_param};
use crate::api::companies::{AcceptInvitation, ClaimCompany, RemoveMember};
use crate::error::AppError;
use crate::i18n::Messages;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The refused post's message, in the words of the form that was sent.
pub fn company_form_error(t: &'static Messages) -> Option<AnyView> {
    let c = t.company;
    let error = form_error()?;
    let path = query_param("__path").unwrap_or_default();
    let text = match (&error, path.as_str()) {
        (AppError::Conflict, p) if p == ClaimCompany::PATH => c.claim_conflict,
        (AppError::NotFound, p) if p == ClaimCompany::PATH => c.claim_not_found,
        (AppError::Conflict, p) if p == RemoveMember::PATH => c.remove_conflict,
        (AppError::NotFound, p) if p == AcceptInvitation::PATH => c.invitation_not_found,
        (error, _) => error.message(t),
    };
    let fields = match &error {
        AppError::Validation { fields } => fields
            .iter()
            .map(|f| view! { <li>{(c.field)(&f.field)}</li> })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    Some(
        view! {
            <div class="alert alert-danger form-error" role="alert" tabindex="-1">
                <p><strong>{c.problem}</strong>": "{text}</p>
                <ul>{fields}</ul>
            </div>
        }
        .into_any(),
    )
}
