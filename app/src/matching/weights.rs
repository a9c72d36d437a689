//! The weights of the match score: configuration, not code. The defaults are `weights.json` (compiled
//! in); the server may replace them with `--matching-weights <file>`.

use serde::{Deserialize, Serialize};

/// Every weight is a non-negative number; the score is the weighted mean of the components, minus
/// `missing_requirement_penalty` for each must-have requirement (language, licence, education) the
/// person lacks, clamped to 0..=1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchWeights {
    pub occupation: f32,
    /// Credit for: the same occupation, the same ISCO unit group (4 digits), minor group (3), sub-major
    /// group (2).
    pub occupation_levels: [f32; 4],
    /// The share of the occupation credit that needs a second source: the occupation (at the best
    /// level found) both wanted and done before, or done in several jobs. 0 = one mention is enough.
    #[serde(default)]
    pub occupation_corroboration: f32,
    pub must_skills: f32,
    pub nice_skills: f32,
    pub distance: f32,
    /// The distance component of a remote vacancy (no travel).
    pub remote_distance_score: f32,
    pub education: f32,
    pub languages: f32,
    pub licences: f32,
    pub recency: f32,
    /// After this many days a vacancy (or a profile) counts half as recent.
    pub recency_half_life_days: f32,
    pub missing_requirement_penalty: f32,
    /// Whether lacking a required driving licence excludes the match (otherwise it is a penalty
    /// and a reason, "needs licence C — you have B").
    pub licence_required_hard: bool,
}

pub const DEFAULT_WEIGHTS_JSON: &str = include_str!("weights.json");

#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    #[error("the matching weights are not valid JSON of the expected shape: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("the matching weight {0} must be a finite number ≥ 0 (a share: at most 1)")]
    Negative(&'static str),
}

impl MatchWeights {
    /// Parses and checks a weights file.
    pub fn from_json(text: &str) -> Result<Self, WeightsError> {
        let w: MatchWeights = serde_json::from_str(text)?;
        w.check()?;
        Ok(w)
    }

    fn check(&self) -> Result<(), WeightsError> {
        let named = [
            ("occupation", self.occupation),
            ("must_skills", self.must_skills),
            ("nice_skills", self.nice_skills),
            ("distance", self.distance),
            ("remote_distance_score", self.remote_distance_score),
            ("education", self.education),
            ("languages", self.languages),
            ("licences", self.licences),
            ("recency", self.recency),
            ("occupation_corroboration", self.occupation_corroboration),
            (
                "missing_requirement_penalty",
                self.missing_requirement_penalty,
            ),
            (
                "occupation_levels",
                self.occupation_levels.iter().copied().fold(0.0, f32::min),
            ),
        ];
        for (name, v) in named {
            if !v.is_finite() || v < 0.0 {
                return Err(WeightsError::Negative(name));
            }
        }
        if self.occupation_corroboration > 1.0 {
            return Err(WeightsError::Negative("occupation_corroboration"));
        }
        if !(self.recency_half_life_days.is_finite() && self.recency_half_life_days > 0.0) {
            return Err(WeightsError::Negative("recency_half_life_days"));
        }
        Ok(())
    }

    /// The sum of the component weights (the denominator of the mean).
    pub fn total(&self) -> f32 {
        self.occupation
            + self.must_skills
            + self.nice_skills
            + self.distance
            + self.education
            + self.languages
            + self.licences
            + self.recency
    }
}

impl Default for MatchWeights {
    fn default() -> Self {
        // The compiled-in file is checked by a unit test, so this cannot fail at run time; should it
        // ever, a neutral set keeps matching working.
        MatchWeights::from_json(DEFAULT_WEIGHTS_JSON).unwrap_or(MatchWeights {
            occupation: 1.0,
            occupation_levels: [1.0, 0.8, 0.55, 0.3],
            occupation_corroboration: 0.0,
            must_skills: 1.0,
            nice_skills: 1.0,
            distance: 1.0,
            remote_distance_score: 1.0,
            education: 1.0,
            languages: 1.0,
            licences: 1.0,
            recency: 1.0,
            recency_half_life_days: 30.0,
            missing_requirement_penalty: 0.0,
            licence_required_hard: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_weights_parse() {
        assert!(MatchWeights::from_json(DEFAULT_WEIGHTS_JSON).is_ok());
    }

    #[test]
    fn a_file_from_before_corroboration_still_parses_and_a_share_above_one_does_not() {
        let old = DEFAULT_WEIGHTS_JSON.replace("\"occupation_corroboration\": 0.3,", "");
        assert_ne!(old, DEFAULT_WEIGHTS_JSON);
        let w = MatchWeights::from_json(&old).expect("older file");
        assert_eq!(w.occupation_corroboration, 0.0);
        let too_much = DEFAULT_WEIGHTS_JSON.replace(
            "\"occupation_corroboration\": 0.3",
            "\"occupation_corroboration\": 1.5",
        );
        assert!(matches!(
            MatchWeights::from_json(&too_much),
            Err(WeightsError::Negative("occupation_corroboration"))
        ));
    }

    #[test]
    fn negative_weights_are_refused() {
        let text = DEFAULT_WEIGHTS_JSON.replace("\"distance\": 0.75", "\"distance\": -1");
        assert!(matches!(
            MatchWeights::from_json(&text),
            Err(WeightsError::Negative("distance"))
        ));
    }
}
