//! The hidden ground truth of the offline matching evaluation (issue 7, "Quality"): which occupation
//! and skill profile a synthetic person really fits, and the noisy profile they show instead.
//!
//! Only a region built with [`Profiles::NoisyCopyOfTruth`] has one (the evaluation builds its own);
//! the default region ([`Profiles::AsDeclared`]) is unchanged: there the declaration *is* the profile.
//! In a noisy region each person's true occupation is drawn from a stream of its own (`"truth"`,
//! among occupations in local demand that their education makes plausible), with a true skill
//! profile of 4–6 of that occupation's most relevant skills, and what they declare is a noisy copy:
//! - the true occupation is among the declared ones for half of the people; for a quarter a sibling
//!   in the same ISCO-08 minor group (3 digits) stands in for it; the rest do not declare it at all;
//! - one or two decoys (occupations in local demand, plausible for their education) are declared
//!   too, and the order is shuffled, so "the first declared occupation" is not the truth;
//! - each true skill is shown with probability 0.7 (at least one), with one or two skills of every
//!   other declared occupation mixed in;
//! - past jobs were in the true occupation half of the time, in a declared one a quarter of the
//!   time, anything in local demand otherwise.
//!
//! [`truth`] re-derives a person's truth from the seed, their index and their (visible) EQF level,
//! so the evaluation needs nothing stored.

use super::catalog::{min_eqf_for_major, Catalog};
use super::rng::Rng;

/// How the generator makes the professional profile of its people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profiles {
    /// Declared occupations first, skills and experience derived from them (the demo region).
    #[default]
    AsDeclared,
    /// A hidden true occupation and skill profile, shown through the noise described above.
    NoisyCopyOfTruth,
}

/// What a synthetic person really fits (indices into the [`Catalog`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    pub occupation: usize,
    pub skills: Vec<usize>,
}

const TRUE_DECLARED: f64 = 0.5;
const SIBLING_DECLARED: f64 = 0.25;
const SECOND_DECOY: f64 = 0.4;
const SKILL_SHOWN: f64 = 0.7;
const EXPERIENCE_TRUE: f64 = 0.5;
const EXPERIENCE_DECLARED: f64 = 0.25;
/// Skills are drawn among this many of an occupation's most relevant ones (as the generator does).
const POOL_TOP: usize = 12;
/// Draws before giving up on an occupation plausible for the education level.
const PLAUSIBLE_TRIES: usize = 12;

/// The truth of person `index` of the region made with `seed`, whose EQF level is `eqf`.
pub fn truth(catalog: &Catalog, seed: u64, index: u64, eqf: i64) -> Truth {
    let mut rng = Rng::stream(seed, "truth", index);
    let occupation = plausible_occupation(catalog, &mut rng, eqf, None);
    let pool = &catalog.skill_pool[occupation];
    let take = rng.range(4, 6) as usize;
    let skills = rng
        .distinct(pool.len().min(POOL_TOP), take)
        .into_iter()
        .map(|i| pool[i])
        .collect();
    Truth { occupation, skills }
}

/// An occupation by local demand that `eqf` makes plausible (and not `avoid`), or the last one drawn.
fn plausible_occupation(catalog: &Catalog, rng: &mut Rng, eqf: i64, avoid: Option<usize>) -> usize {
    let mut last = *catalog.demand.draw(rng);
    for _ in 0..PLAUSIBLE_TRIES {
        if min_eqf_for_major(catalog.occupations[last].major()) <= eqf && Some(last) != avoid {
            break;
        }
        last = *catalog.demand.draw(rng);
    }
    last
}

/// Another occupation of the same ISCO-08 minor group, if there is one.
fn sibling(catalog: &Catalog, rng: &mut Rng, occupation: usize) -> Option<usize> {
    let group = catalog.occupations[occupation].isco.get(..3)?;
    let siblings: Vec<usize> = (0..catalog.occupations.len())
        .filter(|&o| o != occupation && catalog.occupations[o].isco.starts_with(group))
        .collect();
    (!siblings.is_empty()).then(|| *rng.pick(&siblings))
}

/// The declared occupations and shown skills of a person whose truth is `truth`.
pub(super) fn noisy_profile(
    catalog: &Catalog,
    rng: &mut Rng,
    eqf: i64,
    truth: &Truth,
) -> (Vec<usize>, Vec<usize>) {
    let mut declared = Vec::new();
    let r = rng.unit();
    if r < TRUE_DECLARED {
        declared.push(truth.occupation);
    } else if r < TRUE_DECLARED + SIBLING_DECLARED {
        declared.extend(sibling(catalog, rng, truth.occupation));
    }
    let decoys = 1 + usize::from(rng.chance(SECOND_DECOY));
    for _ in 0..decoys {
        let o = plausible_occupation(catalog, rng, eqf, Some(truth.occupation));
        if o != truth.occupation && !declared.contains(&o) {
            declared.push(o);
        }
    }
    if declared.is_empty() {
        declared.push(truth.occupation);
    }
    let order = rng.distinct(declared.len(), declared.len());
    let declared: Vec<usize> = order.into_iter().map(|i| declared[i]).collect();

    let mut skills: Vec<usize> = Vec::new();
    for &s in &truth.skills {
        if rng.chance(SKILL_SHOWN) && !skills.contains(&s) {
            skills.push(s);
        }
    }
    if skills.is_empty() {
        skills.extend(truth.skills.first().copied());
    }
    for &o in declared.iter().filter(|&&o| o != truth.occupation) {
        let pool = &catalog.skill_pool[o];
        let take = rng.range(1, 2) as usize;
        for i in rng.distinct(pool.len().min(POOL_TOP), take) {
            if !skills.contains(&pool[i]) {
                skills.push(pool[i]);
            }
        }
    }
    (declared, skills)
}

/// The occupation of one past job of a person whose truth is `truth`.
pub(super) fn noisy_experience(
    catalog: &Catalog,
    rng: &mut Rng,
    declared: &[usize],
    truth: &Truth,
) -> usize {
    let r = rng.unit();
    if r < EXPERIENCE_TRUE {
        truth.occupation
    } else if r < EXPERIENCE_TRUE + EXPERIENCE_DECLARED {
        *rng.pick(declared)
    } else {
        *catalog.demand.draw(rng)
    }
}
