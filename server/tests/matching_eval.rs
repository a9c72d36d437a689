//! The offline matching evaluation (`server/examples/eval_matching.rs`): the maths of nDCG@k,
//! recall@k and the BM25 baseline on hand-computed cases, and the demo generator's hidden ground
//! truth on both databases.

#[path = "../examples/support/bm25.rs"]
mod bm25;
mod common;
#[path = "../examples/support/metrics.rs"]
mod metrics;

use bm25::{terms, Bm25};
use common::TestDatabase;
use metrics::{dcg_at, mean, ndcg_at, recall_at};
use server::demo::catalog::Catalog;
use server::demo::truth::{truth, Profiles};
use server::demo::{build_region_with, dates::Day, DemoParams};
use sqlx::Row;
use std::collections::HashMap;
use std::path::PathBuf;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn dcg_uses_exponential_gain_and_log_discount() {
    // (2²−1)/log2(2) + (2¹−1)/log2(3) + 0
    let expected = 3.0 + 1.0 / 3f64.log2();
    assert!(close(dcg_at(&[2, 1, 0], 10), expected));
    assert!(close(dcg_at(&[2, 1, 0], 1), 3.0));
    assert!(close(dcg_at(&[], 10), 0.0));
}

#[test]
fn ndcg_of_a_perfect_ranking_is_one() {
    let judged = [0, 2, 1, 0, 2, 1];
    let perfect = [2, 2, 1, 1, 0, 0];
    assert!(close(
        ndcg_at(&perfect, &judged, 10).expect("relevant"),
        1.0
    ));
    assert!(close(ndcg_at(&perfect, &judged, 3).expect("relevant"), 1.0));
}

#[test]
fn ndcg_of_a_reversed_ranking_is_below_one_and_above_zero() {
    let judged = [2, 2, 1, 1, 0, 0];
    let reversed = [0, 0, 1, 1, 2, 2];
    let n = ndcg_at(&reversed, &judged, 10).expect("relevant");
    assert!(n > 0.0 && n < 1.0, "{n}");
    // Cut at 2, the reversed ranking has found nothing.
    assert!(close(
        ndcg_at(&reversed, &judged, 2).expect("relevant"),
        0.0
    ));
    // Swapping a grade 2 below a grade 1 costs less than pushing it out of the top k.
    let swapped = ndcg_at(&[1, 2, 2, 1], &judged, 4).expect("relevant");
    assert!(swapped < 1.0 && swapped > n, "{swapped} vs {n}");
}

#[test]
fn ndcg_counts_relevant_items_the_ranking_missed() {
    // The ranking returned only one of two grade-2 items: not perfect even though it is sorted.
    let judged = [2, 2];
    let n = ndcg_at(&[2], &judged, 10).expect("relevant");
    assert!(close(n, 3.0 / (3.0 + 3.0 / 3f64.log2())), "{n}");
}

#[test]
fn ndcg_and_recall_are_undefined_without_relevant_items() {
    assert_eq!(ndcg_at(&[0, 0], &[0, 0, 0], 10), None);
    assert_eq!(recall_at(&[0, 0], &[0, 0, 0], 50, 1), None);
    assert_eq!(mean(&[None, Some(0.5), Some(1.0)]), (0.75, 2));
}

#[test]
fn recall_counts_relevant_items_within_k() {
    let judged = [2, 1, 1, 0, 2];
    let ranked = [0, 2, 1, 0, 1, 2];
    // Grade ≥ 1: 4 relevant; within the first 3 results, 2 of them.
    assert!(close(
        recall_at(&ranked, &judged, 3, 1).expect("relevant"),
        0.5
    ));
    assert!(close(
        recall_at(&ranked, &judged, 50, 1).expect("relevant"),
        1.0
    ));
    // Grade 2 only: 2 relevant, 1 in the first 3.
    assert!(close(
        recall_at(&ranked, &judged, 3, 2).expect("relevant"),
        0.5
    ));
}

#[test]
fn terms_fold_accents_drop_stop_words_and_meet_across_gender() {
    assert_eq!(
        terms("Addetta alle pulizie, più CUOCHI"),
        vec!["addett", "pulizi", "piu", "cuoch"]
    );
    assert_eq!(terms("Addetto"), terms("addetti"));
}

#[test]
fn bm25_ranks_the_matching_document_first_and_weighs_rare_terms() {
    let docs = [
        "Cuoco di cucina per ristorante",
        "Addetto alle pulizie per uffici",
        "Addetta alle pulizie e cuoca",
        "Magazziniere per logistica",
    ];
    let index = Bm25::new(docs.iter().copied());
    let query = terms("addetto pulizie");
    let top = index.top(&[0, 1, 2, 3], &query, 4);
    assert_eq!(
        &top[..2],
        &[1, 2],
        "both cleaners first, the shorter ad ahead"
    );
    assert!(close(index.score(3, &query), 0.0));
    // A term found in one document counts more than one found in two.
    assert!(index.score(3, &terms("magazziniere")) > index.score(0, &terms("cuoco")));
    // Only the candidates given are ranked.
    assert_eq!(index.top(&[0, 3], &query, 10).len(), 2);
}

/// Per person id: the values of `sql`'s second column.
async fn lists(db: &app::store::Db, sql: &'static str) -> HashMap<i64, Vec<String>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sqlx::query(sql).fetch_all(db.pool()).await.expect(sql) {
        out.entry(r.get::<i64, _>(0))
            .or_default()
            .push(r.get::<String, _>(1));
    }
    out
}

#[tokio::test]
async fn noisy_region_hides_a_truth_the_evaluation_re_derives() {
    for tdb in TestDatabase::all().await {
        let db = tdb.connect().await;
        let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
        server::reference_import::load(&db, &reference)
            .await
            .expect("reference data");
        let seed = 11;
        let params = DemoParams {
            seed,
            people: 400,
            companies: 0,
            vacancies: 0,
            as_of: Day::parse_iso("2026-11-27").expect("day"),
            force: true,
        };
        build_region_with(&db, params, Profiles::NoisyCopyOfTruth, &mut |_| {})
            .await
            .expect("region");
        let catalog = Catalog::load(&db).await.expect("catalog");
        let people: Vec<(i64, i64)> = sqlx::query(
            "SELECT p.id, pr.eqf_level FROM person p JOIN profile pr ON pr.person_id = p.id \
             WHERE p.is_demo = TRUE ORDER BY p.id",
        )
        .fetch_all(db.pool())
        .await
        .expect("people")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        assert_eq!(people.len(), 400);
        let declared = lists(
            &db,
            "SELECT person_id, occupation_id FROM profile_occupation ORDER BY person_id, rank",
        )
        .await;
        let skills = lists(&db, "SELECT person_id, skill_uri FROM profile_skill").await;
        let first = people[0].0;
        let (mut truth_declared, mut truth_first, mut true_skill_shown) = (0, 0, 0);
        for &(id, eqf) in &people {
            let t = truth(&catalog, seed, (id - first) as u64, eqf);
            let occupation = &catalog.occupations[t.occupation].id;
            let mine = declared.get(&id).cloned().unwrap_or_default();
            truth_declared += usize::from(mine.contains(occupation));
            truth_first += usize::from(mine.first() == Some(occupation));
            let shown = skills.get(&id).cloned().unwrap_or_default();
            true_skill_shown +=
                usize::from(t.skills.iter().any(|&s| shown.contains(&catalog.skills[s])));
        }
        // Re-derived from seed, index and EQF level, the truth is what the generator hid: every
        // person shows at least one of its skills (by construction) …
        assert_eq!(true_skill_shown, people.len(), "{:?}", tdb.backend);
        // … but the declaration is a noisy copy, not the truth: declared by about half, first in
        // the shuffled list far less often.
        assert!((140..=260).contains(&truth_declared), "{truth_declared}");
        assert!(truth_first < 160, "{truth_first}");
        db.pool().close().await;
        tdb.drop_database().await;
    }
}
