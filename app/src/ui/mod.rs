//! Components and pages.

pub mod app;
mod locale;
pub mod pages;
mod response;
mod shell;
pub mod widgets;
