//! Ranking-quality metrics of the offline matching evaluation: nDCG@k with graded relevance and
//! recall@k. Pure and dependency-free, so `server/tests/matching_eval.rs` can check the maths.

#![allow(dead_code)]

/// Discounted cumulative gain of `grades` in ranked order, first `k` only: Σ (2^g − 1) / log2(i + 2)
/// (the "exponential gain" form, which rewards grade 2 over grade 1 more than linearly).
pub fn dcg_at(grades: &[u8], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| (f64::from(1u32 << g.min(16)) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

/// nDCG@k of a ranking whose results have `ranked` grades, against the ideal ordering of every
/// judged item (`judged`: the grades of all items the query could have returned — the ranked ones
/// outside the judged set count as grade 0). `None` when nothing is relevant (the ideal DCG is 0).
pub fn ndcg_at(ranked: &[u8], judged: &[u8], k: usize) -> Option<f64> {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg_at(&ideal, k);
    (best > 0.0).then(|| dcg_at(ranked, k) / best)
}

/// Recall@k: the share of the `relevant` items (those with a grade ≥ `min_grade` in `judged`)
/// found in the first `k` of `ranked`. `None` when nothing is relevant.
pub fn recall_at(ranked: &[u8], judged: &[u8], k: usize, min_grade: u8) -> Option<f64> {
    let relevant = judged.iter().filter(|&&g| g >= min_grade).count();
    let found = ranked.iter().take(k).filter(|&&g| g >= min_grade).count();
    (relevant > 0).then(|| found.min(relevant) as f64 / relevant as f64)
}

/// The mean of the defined values, and how many there were.
pub fn mean(values: &[Option<f64>]) -> (f64, usize) {
    let defined: Vec<f64> = values.iter().flatten().copied().collect();
    if defined.is_empty() {
        return (f64::NAN, 0);
    }
    (
        defined.iter().sum::<f64>() / defined.len() as f64,
        defined.len(),
    )
}
