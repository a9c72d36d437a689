//! Job matching (issue 7): scoring and ranking, pure and explainable (DESIGN §5). No IO: the store
//! (`store::matching`) loads the facts from the narrow match tables and calls these.

pub mod facts;
pub mod packed;
pub mod rank;
pub mod reason;
pub mod score;
pub mod weights;

pub use facts::{Cefr, PersonFacts, VacancyFacts};
pub use reason::Reason;
pub use score::{score, Match};
pub use weights::MatchWeights;
