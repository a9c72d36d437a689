//! Offline quality evaluation of job matching (issue 7, "Quality"), not a test. Builds a demo region
//! whose people have a **hidden ground truth** (`server::demo::truth`: the occupation and skills
//! each person really fits; what they declare is a noisy copy), then, for a few hundred people,
//! ranks the vacancies they can reach with the matching engine (`vacancies_for_person`) and with a
//! text-only **BM25** baseline (their profile text against each vacancy's title and description),
//! and reports **nDCG@10** and **recall@50** for both — and the same the other way round
//! (`candidates_for_vacancy`, CPI audience, against BM25 of the vacancy's text over the profiles).
//!
//! Labels: grade 2 when the vacancy's occupation is the person's true occupation, 1 when it is in
//! the same ISCO-08 minor group (3 digits), 0 otherwise. Only pairs the hard constraints
//! allow are judged (and ranked by the baselines): the person is available by the start, and the
//! vacancy is remote or within the person's mobility radius (haversine, residence to workplace).
//!
//! In a fresh SQLite database, and with `--postgres ADMIN_URL` in a fresh PostgreSQL one too.
//!
//! `cargo run --release -p server --example eval_matching [-- --people 20000 --vacancies 8000
//!  --companies 1500 --sample 300 --seed 7 --weights weights.json
//!  --postgres postgres://postgres@127.0.0.1:5432/postgres]`

use app::matching::facts::day_number;
use app::matching::MatchWeights;
use app::store::matching::{
    candidates_for_vacancy, rebuild_all, settle_after_bulk_load, vacancies_for_person, Audience,
};
use app::store::{Db, DbConfig};
use bm25::{terms, Bm25};
use metrics::{mean, ndcg_at, recall_at};
use server::demo::catalog::Catalog;
use server::demo::dates::Day;
use server::demo::rng::Rng;
use server::demo::truth::{truth, Profiles, Truth};
use server::demo::{build_region_with, DemoParams};
use sqlx::Row;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;
use support::{arg, drop_postgres, fresh_postgres, number};

#[path = "support/bm25.rs"]
mod bm25;
#[path = "support/metrics.rs"]
mod metrics;
#[path = "support/mod.rs"]
mod support;

const NDCG_AT: usize = 10;
const RECALL_AT: usize = 50;
const EARTH_RADIUS_KM: f64 = 6371.0;

struct Settings {
    people: u64,
    vacancies: u64,
    companies: u64,
    sample: usize,
    seed: u64,
    as_of: Day,
    /// `--weights FILE` (the server's `--matching-weights` format), else the defaults.
    weights: MatchWeights,
}

struct Person {
    id: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    radius_km: f64,
    /// Day number from which they can start (0: now), as the match table holds it.
    available_day: i64,
    text: String,
    truth: Truth,
}

struct Vacancy {
    id: i64,
    occupation: Option<usize>,
    isco: String,
    lat: Option<f64>,
    lon: Option<f64>,
    remote: bool,
    /// Day number of the start, as the match table holds it.
    start_day: i64,
    text: String,
}

/// The scores of one method over its queries.
#[derive(Default)]
struct Scores {
    ndcg: Vec<Option<f64>>,
    recall_exact: Vec<Option<f64>>,
    recall_group: Vec<Option<f64>>,
    /// Results outside the judged (reachable) set, over all results.
    outside: usize,
    returned: usize,
}

impl Scores {
    fn add(&mut self, ranked: &[u8], judged: &[u8]) {
        self.ndcg.push(ndcg_at(ranked, judged, NDCG_AT));
        self.recall_exact
            .push(recall_at(ranked, judged, RECALL_AT, 2));
        self.recall_group
            .push(recall_at(ranked, judged, RECALL_AT, 1));
    }
}

struct Outcome {
    label: &'static str,
    for_person: [Scores; 3],
    for_vacancy: [Scores; 3],
    people_judged: usize,
    vacancies_judged: usize,
    reachable_per_person: f64,
    reachable_per_vacancy: f64,
    declared_truth: f64,
}

const METHODS: [&str; 3] = ["matching engine", "BM25, text only", "random order (floor)"];

#[tokio::main]
async fn main() {
    let s = Settings {
        people: number("--people", 20_000) as u64,
        vacancies: number("--vacancies", 8_000) as u64,
        companies: number("--companies", 1_500) as u64,
        sample: number("--sample", 300).max(1),
        seed: number("--seed", 7) as u64,
        as_of: arg("--as-of")
            .and_then(|d| Day::parse_iso(&d))
            .unwrap_or_else(|| Day::parse_iso("2026-11-27").expect("day")),
        weights: arg("--weights")
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("--weights: readable file");
                MatchWeights::from_json(&text).expect("--weights: valid weights")
            })
            .unwrap_or_default(),
    };
    println!(
        "matching quality: {} people (hidden truth), {} vacancies generated, {} queries each way, \
         seed {}, as of {}",
        s.people,
        s.vacancies,
        s.sample,
        s.seed,
        s.as_of.iso()
    );
    explain();
    let mut all = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("eval.db").display());
    all.push(run("SQLite", &url, &s).await);
    if let Some(admin) = arg("--postgres") {
        let (url, name) = fresh_postgres(&admin).await;
        all.push(run("PostgreSQL", &url, &s).await);
        drop_postgres(&admin, &name).await;
    }
    summary(&all, &s);
}

fn explain() {
    println!(
        "truth: each person's true occupation is drawn from its own stream (local demand, plausible \
         for their EQF level), with 4–6 of its most relevant skills. What the profile shows is a \
         noisy copy: the true occupation is declared by ~50% (a sibling of the same ISCO-3 group \
         for ~25%, neither for the rest), next to 1–2 decoy occupations, in shuffled order; each \
         true skill shows with p = 0.7, plus 1–2 skills of every other declared occupation; past \
         jobs are in the true occupation half of the time. Grades: 2 = vacancy in the true \
         occupation, 1 = same ISCO-3 group, 0 = else; only reachable pairs (available by the start; \
         remote, or within the person's radius) are judged. BM25 text: declared occupations, skills and past jobs' \
         occupations (labels) against the vacancy's title + description."
    );
}

async fn run(label: &'static str, url: &str, s: &Settings) -> Outcome {
    println!("== {label}");
    let started = Instant::now();
    let db = Db::connect(&DbConfig::new(url)).await.expect("connect");
    db.migrate().await.expect("migrate");
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference");
    server::reference_import::load(&db, &reference)
        .await
        .expect("reference data");
    server::seed::demo(&db).await.expect("demo CPIs");
    let params = DemoParams {
        seed: s.seed,
        people: s.people,
        companies: s.companies,
        vacancies: s.vacancies,
        as_of: s.as_of,
        // The region meta does not say the profiles are noisy: never reuse a region.
        force: true,
    };
    build_region_with(&db, params, Profiles::NoisyCopyOfTruth, &mut |_| {})
        .await
        .expect("demo region");
    let mut conn = db.pool().acquire().await.expect("connection");
    rebuild_all(&mut conn).await.expect("rebuild_all");
    drop(conn);
    settle_after_bulk_load(&db).await.expect("settle");
    println!(
        "  region with hidden truth and match tables in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let catalog = Catalog::load(&db).await.expect("catalog");
    let today = s.as_of.iso();
    let today_day = i64::from(day_number(&today).expect("today"));
    let people = load_people(&db, &catalog, s.seed).await;
    let vacancies = load_vacancies(&db, &catalog, &today).await;
    let declared_truth = declared_share(&db, &catalog, &people).await;
    println!(
        "  {} people, {} published vacancies; true occupation among the declared ones: {:.0}%",
        people.len(),
        vacancies.len(),
        100.0 * declared_truth
    );
    let weights = s.weights.clone();
    let mut rng = Rng::stream(s.seed, "evaluation", 0);

    // Vacancies for a person.
    let vacancy_index = Bm25::new(vacancies.iter().map(|v| v.text.as_str()));
    let position: HashMap<i64, usize> = vacancies
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id, i))
        .collect();
    let mut for_person: [Scores; 3] = Default::default();
    let mut judged_people = 0;
    let mut reachable_total = 0;
    for i in rng.distinct(people.len(), s.sample) {
        let p = &people[i];
        let reachable: Vec<usize> = (0..vacancies.len())
            .filter(|&v| reaches(p, &vacancies[v], today_day))
            .collect();
        let grade_of: HashMap<usize, u8> = reachable
            .iter()
            .map(|&v| (v, grade(&catalog, &p.truth, &vacancies[v])))
            .collect();
        let judged: Vec<u8> = grade_of.values().copied().collect();
        if !judged.iter().any(|&g| g > 0) {
            continue;
        }
        judged_people += 1;
        reachable_total += reachable.len();

        let mut tx = db.pool().begin().await.expect("begin");
        let ranked = vacancies_for_person(&mut tx, p.id, &today, RECALL_AT, &weights)
            .await
            .expect("vacancies for a person");
        tx.commit().await.expect("commit");
        let engine: Vec<u8> = ranked
            .iter()
            .map(|r| {
                position
                    .get(&r.vacancy_id)
                    .and_then(|v| grade_of.get(v))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        for_person[0].outside += ranked
            .iter()
            .filter(|r| {
                !position
                    .get(&r.vacancy_id)
                    .is_some_and(|v| grade_of.contains_key(v))
            })
            .count();
        for_person[0].returned += ranked.len();
        for_person[0].add(&engine, &judged);

        let query = terms(&p.text);
        let text: Vec<u8> = vacancy_index
            .top(&reachable, &query, RECALL_AT)
            .iter()
            .map(|v| grade_of[v])
            .collect();
        for_person[1].returned += text.len();
        for_person[1].add(&text, &judged);

        let random: Vec<u8> = rng
            .distinct(reachable.len(), RECALL_AT)
            .into_iter()
            .map(|k| grade_of[&reachable[k]])
            .collect();
        for_person[2].returned += random.len();
        for_person[2].add(&random, &judged);
    }

    // Candidates for a vacancy.
    let person_index = Bm25::new(people.iter().map(|p| p.text.as_str()));
    let person_position: HashMap<i64, usize> =
        people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let mut for_vacancy: [Scores; 3] = Default::default();
    let mut judged_vacancies = 0;
    let mut reachable_people = 0;
    for v in rng.distinct(vacancies.len(), s.sample) {
        let vacancy = &vacancies[v];
        let reachable: Vec<usize> = (0..people.len())
            .filter(|&p| reaches(&people[p], vacancy, today_day))
            .collect();
        let grade_of: HashMap<usize, u8> = reachable
            .iter()
            .map(|&p| (p, grade(&catalog, &people[p].truth, vacancy)))
            .collect();
        let judged: Vec<u8> = grade_of.values().copied().collect();
        if !judged.iter().any(|&g| g > 0) {
            continue;
        }
        judged_vacancies += 1;
        reachable_people += reachable.len();

        let mut tx = db.pool().begin().await.expect("begin");
        let ranked = candidates_for_vacancy(
            &mut tx,
            vacancy.id,
            &today,
            RECALL_AT,
            &weights,
            Audience::Cpi,
        )
        .await
        .expect("candidates for a vacancy");
        tx.commit().await.expect("commit");
        let engine: Vec<u8> = ranked
            .iter()
            .map(|r| {
                person_position
                    .get(&r.person_id)
                    .and_then(|p| grade_of.get(p))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        for_vacancy[0].outside += ranked
            .iter()
            .filter(|r| {
                !person_position
                    .get(&r.person_id)
                    .is_some_and(|p| grade_of.contains_key(p))
            })
            .count();
        for_vacancy[0].returned += ranked.len();
        for_vacancy[0].add(&engine, &judged);

        let query = terms(&vacancy.text);
        let text: Vec<u8> = person_index
            .top(&reachable, &query, RECALL_AT)
            .iter()
            .map(|p| grade_of[p])
            .collect();
        for_vacancy[1].returned += text.len();
        for_vacancy[1].add(&text, &judged);

        let random: Vec<u8> = rng
            .distinct(reachable.len(), RECALL_AT)
            .into_iter()
            .map(|k| grade_of[&reachable[k]])
            .collect();
        for_vacancy[2].returned += random.len();
        for_vacancy[2].add(&random, &judged);
    }
    println!(
        "  judged {judged_people} people and {judged_vacancies} vacancies in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db.pool().close().await;
    Outcome {
        label,
        for_person,
        for_vacancy,
        people_judged: judged_people,
        vacancies_judged: judged_vacancies,
        reachable_per_person: reachable_total as f64 / judged_people.max(1) as f64,
        reachable_per_vacancy: reachable_people as f64 / judged_vacancies.max(1) as f64,
        declared_truth,
    }
}

/// 2 for the true occupation, 1 for its ISCO-08 minor group, 0 otherwise.
fn grade(catalog: &Catalog, truth: &Truth, vacancy: &Vacancy) -> u8 {
    let true_isco = &catalog.occupations[truth.occupation].isco;
    if vacancy.occupation == Some(truth.occupation) {
        2
    } else if vacancy.isco.get(..3).is_some() && vacancy.isco.get(..3) == true_isco.get(..3) {
        1
    } else {
        0
    }
}

/// A pair the hard constraints allow: the person can start by the job's start (or today,
/// if that is past) and the vacancy is remote or within their mobility radius of their residence.
fn reaches(p: &Person, v: &Vacancy, today: i64) -> bool {
    if p.available_day > v.start_day.max(today) {
        return false;
    }
    if v.remote {
        return true;
    }
    match (p.lat, p.lon, v.lat, v.lon) {
        (Some(a), Some(b), Some(c), Some(d)) => haversine_km(a, b, c, d) <= p.radius_km,
        _ => false,
    }
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// The demo people with their profile text and their re-derived truth. Demo people get
/// consecutive ids in generation order, so the index of a person is their id minus the first id.
async fn load_people(db: &Db, catalog: &Catalog, seed: u64) -> Vec<Person> {
    let mut tx = db.pool().begin().await.expect("begin");
    let rows = sqlx::query(
        "SELECT p.id, pr.eqf_level, pr.lat, pr.lon, pr.mobility_radius_km FROM person p \
         JOIN profile pr ON pr.person_id = p.id WHERE p.is_demo = TRUE ORDER BY p.id",
    )
    .fetch_all(&mut *tx)
    .await
    .expect("people");
    let mut text: HashMap<i64, String> = HashMap::new();
    for sql in [
        "SELECT po.person_id, o.label_it AS label FROM profile_occupation po \
         JOIN occupation o ON o.id = po.occupation_id",
        "SELECT ps.person_id, COALESCE(s.label_it, s.label_en) AS label FROM profile_skill ps \
         JOIN skill s ON s.uri = ps.skill_uri",
        "SELECT pe.person_id, o.label_it AS label FROM profile_experience pe \
         JOIN occupation o ON o.id = pe.occupation_id",
    ] {
        for r in sqlx::query(sql)
            .fetch_all(&mut *tx)
            .await
            .expect("profile text")
        {
            let t = text.entry(r.get("person_id")).or_default();
            t.push_str(&r.get::<String, _>("label"));
            t.push_str(". ");
        }
    }
    let available: HashMap<i64, i64> =
        sqlx::query("SELECT person_id, available_day FROM match_person")
            .fetch_all(&mut *tx)
            .await
            .expect("availability")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
    tx.commit().await.expect("commit");
    let first: i64 = rows.first().map(|r| r.get("id")).unwrap_or(0);
    rows.iter()
        .map(|r| {
            let id: i64 = r.get("id");
            let eqf: Option<i64> = r.get("eqf_level");
            Person {
                id,
                lat: r.get("lat"),
                lon: r.get("lon"),
                radius_km: r.get::<i64, _>("mobility_radius_km") as f64,
                available_day: available.get(&id).copied().unwrap_or(0),
                text: text.remove(&id).unwrap_or_default(),
                truth: truth(catalog, seed, (id - first) as u64, eqf.unwrap_or(1)),
            }
        })
        .collect()
}

async fn load_vacancies(db: &Db, catalog: &Catalog, today: &str) -> Vec<Vacancy> {
    let by_id: HashMap<&str, usize> = catalog
        .occupations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut tx = db.pool().begin().await.expect("begin");
    let rows = sqlx::query(
        "SELECT id, occupation_id, isco_code, lat, lon, work_mode, title, description \
         FROM vacancy WHERE status = 'published' AND expires_on >= $1 ORDER BY id",
    )
    .bind(today)
    .fetch_all(&mut *tx)
    .await
    .expect("vacancies");
    let starts: HashMap<i64, i64> = sqlx::query("SELECT vacancy_id, start_day FROM match_vacancy")
        .fetch_all(&mut *tx)
        .await
        .expect("starts")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    tx.commit().await.expect("commit");
    rows.iter()
        .map(|r| {
            let occupation: String = r.get("occupation_id");
            let id: i64 = r.get("id");
            Vacancy {
                id,
                start_day: starts.get(&id).copied().unwrap_or(0),
                occupation: by_id.get(occupation.as_str()).copied(),
                isco: r.get("isco_code"),
                lat: r.get("lat"),
                lon: r.get("lon"),
                remote: r.get::<String, _>("work_mode") == "remote",
                text: format!(
                    "{}. {}",
                    r.get::<String, _>("title"),
                    r.get::<String, _>("description")
                ),
            }
        })
        .collect()
}

/// The share of people whose declared occupations include their true one (≈ 0.5 by design: a
/// check that the truth is not simply the declaration).
async fn declared_share(db: &Db, catalog: &Catalog, people: &[Person]) -> f64 {
    let mut tx = db.pool().begin().await.expect("begin");
    let mut declared: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sqlx::query("SELECT person_id, occupation_id FROM profile_occupation")
        .fetch_all(&mut *tx)
        .await
        .expect("declared occupations")
    {
        declared
            .entry(r.get("person_id"))
            .or_default()
            .push(r.get("occupation_id"));
    }
    tx.commit().await.expect("commit");
    let hits = people
        .iter()
        .filter(|p| {
            declared.get(&p.id).is_some_and(|d| {
                d.iter()
                    .any(|o| *o == catalog.occupations[p.truth.occupation].id)
            })
        })
        .count();
    hits as f64 / people.len().max(1) as f64
}

fn summary(all: &[Outcome], s: &Settings) {
    println!();
    println!(
        "| backend | direction | method | nDCG@{NDCG_AT} | recall@{RECALL_AT} (grade 2) | \
         recall@{RECALL_AT} (grade ≥ 1) | queries | results a query | outside the reachable set |"
    );
    println!("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for o in all {
        for (direction, scores, judged) in [
            ("vacancies for a person", &o.for_person, o.people_judged),
            (
                "candidates for a vacancy",
                &o.for_vacancy,
                o.vacancies_judged,
            ),
        ] {
            for (method, sc) in METHODS.iter().zip(scores.iter()) {
                let (ndcg, _) = mean(&sc.ndcg);
                let (exact, with_exact) = mean(&sc.recall_exact);
                let (group, _) = mean(&sc.recall_group);
                let outside = if sc.returned == 0 {
                    "–".to_string()
                } else {
                    format!("{:.1}%", 100.0 * sc.outside as f64 / sc.returned as f64)
                };
                println!(
                    "| {} | {direction} | {method} | {ndcg:.3} | {exact:.3} ({with_exact}) | \
                     {group:.3} | {judged} | {:.1} | {outside} |",
                    o.label,
                    sc.returned as f64 / judged.max(1) as f64
                );
            }
        }
    }
    for o in all {
        println!(
            "{}: {:.0} reachable vacancies per judged person, {:.0} reachable people per judged \
             vacancy; true occupation declared by {:.0}% of people; {} queries sampled each way \
             (those with nothing relevant in reach are not judged). Reachable = the engine's hard \
             constraints (available by the start; remote or within the radius); the engine may \
             still return fewer than {RECALL_AT} (candidate generation needs a shared skill or \
             ISCO-3 group); BM25 and random rank the whole reachable set.",
            o.label,
            o.reachable_per_person,
            o.reachable_per_vacancy,
            100.0 * o.declared_truth,
            s.sample
        );
    }
}
