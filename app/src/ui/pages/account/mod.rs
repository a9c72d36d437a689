//! The pages of logging in and of the personal area (issue 4): login, personal area, mandates,
//! "who accessed my data", and the intermediary's clients. Changes are plain form posts to the
//! server functions, so every page works without JavaScript; a refused post comes back in the URL
//! (`__err`, set by the server-function layer) and is shown above the form.

pub mod access_log;
pub mod admin_users;
pub mod area;
pub mod audit_log;
pub mod clients;
pub mod login;
pub mod mandates;
pub mod my_data;

use super::error_page::ErrorPage;
use crate::error::AppError;
use crate::i18n::Messages;
use crate::ui::response::{mark_personal, set_status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::error::ServerFnUrlError;

/// The error of the last no-JS form post, if the URL carries one.
pub fn form_error() -> Option<AppError> {
    use_query_map()
        .read_untracked()
        .get("__err")
        .map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
}

/// A query parameter of the page's URL.
pub fn query_param(name: &str) -> Option<String> {
    use_query_map().read_untracked().get(name)
}

/// What a personal page shows when its data cannot be had: a way to log in, or the error page.
pub fn refusal(t: &'static Messages, error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            set_status(http::StatusCode::UNAUTHORIZED);
            view! {
                <Title text=t.account.log_in />
                <h1>{t.account.log_in}</h1>
                <p>{t.account.must_log_in}</p>
                <p><a class="btn btn-primary" href="/accesso">{t.account.log_in}</a></p>
            }
            .into_any()
        }
        error => view! { <ErrorPage error /> }.into_any(),
    }
}

/// The refused post's message, as an alert above the form.
pub fn form_error_view(t: &'static Messages) -> Option<AnyView> {
    form_error().map(|error| {
        let fields = match &error {
            AppError::Validation { fields } => fields
                .iter()
                .map(|f| view! { <li>{field_text(t, &f.field)}</li> })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="alert alert-danger form-error" role="alert">
                <p><strong>{t.account.login_problem}</strong>": "{error.message(t)}</p>
                <ul>{fields}</ul>
            </div>
        }
        .into_any()
    })
}

fn field_text(t: &'static Messages, field: &str) -> &'static str {
    match field {
        "scopes" => t.account.mandate_scopes,
        "months" => t.account.mandate_duration,
        "organisation_id" => t.account.mandate_organisation,
        "body" => t.account.rectification_label,
        "confirm" => t.account.close_confirm,
        "codice_fiscale" => t.account.audit_code_label,
        "role" => t.admin.role_label,
        "cpi_code" => t.admin.cpi_label,
        "company_id" => t.admin.company_label,
        "q" => t.admin.search_label,
        _ => t.field_invalid,
    }
}

/// A success notice after a post that redirected with `?esito=`.
pub fn notice(text: Option<&'static str>) -> Option<AnyView> {
    text.map(|text| {
        view! { <div class="alert alert-success" role="status">{text}</div> }.into_any()
    })
}

/// Personal pages are never stored by browsers or caches.
pub fn personal() {
    mark_personal();
}
