//! HTTP layers and the routes that are not Leptos pages.

pub mod api_errors;
pub mod cache_policy;
pub mod health;
pub mod language;
pub mod origin_check;
pub mod panic;
pub mod security_headers;
