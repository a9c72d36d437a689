//! Sportello Lavoro: everything shared by the server and the browser.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod live;
pub mod matching;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

pub use ui::app::{shell, App, ShellAssets};
