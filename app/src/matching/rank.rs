//! Top-k with a bounded heap: O(n log k) and k items of memory however many are scored.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// An item with its score, ordered by score then by the lower id (so equal scores rank
/// deterministically).
struct Entry<T> {
    score: f32,
    id: i64,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.id.cmp(&self.id))
    }
}

/// Keeps the `k` best items pushed into it.
pub struct TopK<T> {
    k: usize,
    heap: BinaryHeap<Reverse<Entry<T>>>,
}

impl<T> TopK<T> {
    pub fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(4096)),
        }
    }

    /// Whether an item of this score could still enter (to skip building its reasons).
    pub fn admits(&self, score: f32, id: i64) -> bool {
        if self.k == 0 {
            return false;
        }
        if self.heap.len() < self.k {
            return true;
        }
        match self.heap.peek() {
            Some(Reverse(worst)) => {
                score
                    .total_cmp(&worst.score)
                    .then_with(|| worst.id.cmp(&id))
                    == Ordering::Greater
            }
            None => true,
        }
    }

    pub fn push(&mut self, score: f32, id: i64, item: T) {
        if !self.admits(score, id) {
            return;
        }
        self.heap.push(Reverse(Entry { score, id, item }));
        if self.heap.len() > self.k {
            self.heap.pop();
        }
    }

    /// Best first.
    pub fn into_sorted(self) -> Vec<T> {
        let mut v: Vec<Entry<T>> = self.heap.into_iter().map(|Reverse(e)| e).collect();
        v.sort_by(|a, b| b.cmp(a));
        v.into_iter().map(|e| e.item).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_the_best_in_order() {
        let mut top = TopK::new(3);
        for (i, s) in [0.1_f32, 0.9, 0.5, 0.7, 0.2, 0.9].iter().enumerate() {
            top.push(*s, i as i64, i);
        }
        assert_eq!(top.into_sorted(), vec![1, 5, 3]);
    }

    proptest! {
        #[test]
        fn equals_sorting_everything(scores in proptest::collection::vec(0.0f32..1.0, 0..200), k in 0usize..20) {
            let mut top = TopK::new(k);
            for (i, s) in scores.iter().enumerate() {
                top.push(*s, i as i64, i);
            }
            let mut all: Vec<usize> = (0..scores.len()).collect();
            all.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            all.truncate(k);
            prop_assert_eq!(top.into_sorted(), all);
        }
    }
}
