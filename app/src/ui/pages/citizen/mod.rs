//! The citizen's pages of issue 7: DID, profile, pact, jobs for me, applications, saved searches.
pub mod applications;
pub mod did;
pub mod did_wizard;
pub mod for_me;
pub mod pact;
pub mod profile;
pub mod profile_forms;
pub mod profile_section;
pub mod saved_searches;
pub mod verify;
