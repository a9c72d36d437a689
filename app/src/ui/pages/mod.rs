//! One file per route.

pub mod accessibility;
pub mod account;
pub mod appointments;
pub mod business;
pub mod businesses;
pub mod citizen;
pub mod citizens;
pub mod company;
pub mod counter;
pub mod cpi;
pub mod error_page;
pub mod home;
pub mod jobs;
pub mod not_found;
pub mod occupations;
pub mod offline;
pub mod operator;
pub mod privacy;
pub mod service;
mod service_list;
mod text_page;
