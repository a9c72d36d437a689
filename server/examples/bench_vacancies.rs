//! Benchmark of the businesses issue (issue 6), not a test. Against a real server over loopback
//! HTTP (every layer: sessions, origin check, rate limits off, audit), on SQLite and — with
//! `--postgres` (an admin URL: a fresh database is made and dropped) — on PostgreSQL:
//!
//! 1. **Wizard step save** with 200 concurrent companies: each company has an administrator with
//!    a session and a vacancy draft; all of them POST `vacancy/save-step` at the same instant,
//!    several rounds (each saves the next version, alternating the steps `ruolo` and `luogo`);
//!    p50/p95/p99. Baseline in the same run: the same 200 sessions calling `session/info` (a read)
//!    at once, in every round just before the saves.
//! 2. **Public job pages SSR**: `/offerte` (first page, no filters) and `/offerte/{id}` (cycling
//!    over every public vacancy) on a demo region built as of the machine's today, so every
//!    published vacancy is within its publication period (the generator sets `expires_on` to the
//!    publication day + 60, publication at most 50 days before `as_of`); 64 connections for a few
//!    seconds; baseline `/health` on the same server.
//! 3. **Duplicate detection** with 10,000 open vacancies of one company: the store's
//!    `vacancy_duplicates::possible_duplicates` timed with its transaction (as the server runs it)
//!    over ~200 different titles; baseline: the same transaction around a primary-key `SELECT` of
//!    one of the company's vacancies, in the same loop.
//!
//! `cargo run --release -p server --example bench_vacancies [-- --companies 200 --rounds 6
//!  --seconds 5 --open 10000 --probes 200 --postgres postgres://postgres@127.0.0.1:5432/postgres]`

use app::domain::session_policy::SessionPolicy;
use app::store::sessions::create_session;
use app::store::users::{create_user, grant_role, Grant};
use app::store::{vacancy_drafts, vacancy_duplicates, Db};
use server::demo::{dates::Day, DemoParams};
use sqlx::Row;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{
    arg, drop_postgres, fresh_postgres, machine_facts, now, number, prepared_region, quantile_ms,
    serve_on_loopback,
};

#[path = "support/mod.rs"]
mod support;

const ORIGIN: &str = "http://127.0.0.1:3000";
const COOKIE: &str = "__Host-sl_session";
const CONNECTIONS: usize = 64;
/// Demo vacancies in the region: ≈ 70% are generated published, so ≈ 1,400 public ones.
const REGION_VACANCIES: u64 = 2_000;
const MIN_PUBLIC: i64 = 1_200;

struct Settings {
    companies: usize,
    rounds: usize,
    seconds: u64,
    open: usize,
    probes: usize,
}

/// What one backend measured.
struct Figures {
    label: &'static str,
    reads: Vec<Duration>,
    saves: Vec<Duration>,
    health: Rate,
    search: Rate,
    job: Rate,
    public: i64,
    search_store: Vec<Duration>,
    lookups: Vec<Duration>,
    fetch_only: Vec<Duration>,
    duplicates: Vec<Duration>,
    open: i64,
    hits: usize,
}

/// Requests/s with the latency of every request.
struct Rate {
    per_second: f64,
    times: Vec<Duration>,
}

#[tokio::main]
async fn main() {
    let settings = Settings {
        companies: number("--companies", 200),
        rounds: number("--rounds", 6),
        seconds: number("--seconds", 5) as u64,
        open: number("--open", 10_000),
        probes: number("--probes", 200),
    };
    println!(
        "vacancies benchmark: {} companies × {} rounds of step saves; job pages {} s × {CONNECTIONS} \
         connections; duplicates among {} open vacancies × {} titles",
        settings.companies, settings.rounds, settings.seconds, settings.open, settings.probes
    );
    println!("{}", machine_facts());
    let mut all = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    all.push(run("SQLite", &url, &settings).await);
    if let Some(admin) = arg("--postgres") {
        let (url, name) = fresh_postgres(&admin).await;
        all.push(run("PostgreSQL", &url, &settings).await);
        drop_postgres(&admin, &name).await;
    }
    summary(&all, &settings);
    println!("{}", machine_facts());
}

async fn run(label: &'static str, url: &str, s: &Settings) -> Figures {
    println!("== {label}");
    let started = Instant::now();
    let params = DemoParams {
        seed: 1,
        people: 500,
        companies: (s.companies + 50) as u64,
        vacancies: REGION_VACANCIES,
        // The server's clock decides what is public: build the region as of its today.
        as_of: Day::today(),
        force: false,
    };
    let db = prepared_region(url, params).await;
    let base = serve_on_loopback(&db, ORIGIN).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(s.companies.max(CONNECTIONS))
        .build()
        .expect("client");
    println!("  region ready in {:.1} s", started.elapsed().as_secs_f64());

    // 1. Step saves of 200 companies at once, against a read of the same sessions.
    let accounts = company_admins(&db, s.companies).await;
    let info = |_: &Account| ("session/info", Vec::new());
    // Warm-up (connections opened, statements prepared): not counted.
    all_at_once(&http, &base, &accounts, info).await;
    let comuni = region_comuni(&db).await;
    let occupations = occupations(&db).await;
    let mut reads = Vec::new();
    let mut saves = Vec::new();
    for round in 0..s.rounds {
        reads.extend(all_at_once(&http, &base, &accounts, info).await);
        saves.extend(
            all_at_once(&http, &base, &accounts, |a| {
                (
                    "vacancy/save-step",
                    step_form(a, round, &comuni, &occupations),
                )
            })
            .await,
        );
    }
    let saved = saved_versions(&db, &accounts, s.rounds).await;
    assert_eq!(
        saved,
        accounts.len(),
        "every draft moved on one version a round"
    );
    println!(
        "  step saves: {} × {} rounds, every draft at its expected version",
        accounts.len(),
        s.rounds
    );

    // 2. Public job pages.
    let today = Day::today().iso();
    let mut tx = db.pool().begin().await.expect("begin");
    let public: Vec<i64> = sqlx::query(
        "SELECT id FROM vacancy WHERE status = 'published' AND expires_on >= $1 ORDER BY id",
    )
    .bind(&today)
    .fetch_all(&mut *tx)
    .await
    .expect("public vacancies")
    .iter()
    .map(|r| r.get("id"))
    .collect();
    tx.commit().await.expect("commit");
    assert!(
        public.len() as i64 >= MIN_PUBLIC,
        "only {} public vacancies",
        public.len()
    );
    let health = throughput(&http, vec![format!("{base}/health")], s.seconds).await;
    let search = throughput(&http, vec![format!("{base}/offerte")], s.seconds).await;
    let pages = public
        .iter()
        .map(|id| format!("{base}/offerte/{id}"))
        .collect();
    let job = throughput(&http, pages, s.seconds).await;
    println!("  job pages measured on {} public vacancies", public.len());
    // Where the search page's time goes: its two store reads alone, in the page's transaction.
    let mut search_store = Vec::with_capacity(s.probes);
    for _ in 0..s.probes {
        let t0 = Instant::now();
        let mut tx = db.pool().begin().await.expect("begin");
        let page = app::store::jobs::search_jobs(
            &mut tx,
            &today,
            &app::store::jobs::SearchQuery::default(),
            None,
            app::store::jobs::PAGE_SIZE,
        )
        .await
        .expect("search")
        .hits;
        let comuni = app::store::jobs::region_comuni(&mut tx)
            .await
            .expect("comuni");
        tx.commit().await.expect("commit");
        search_store.push(t0.elapsed());
        assert_eq!(page.len(), app::store::jobs::PAGE_SIZE, "a full first page");
        assert!(!comuni.is_empty(), "the filter's comuni");
    }

    // 3. Duplicate detection among the open vacancies of one company.
    let company = dedicated_company(&db).await;
    let ids = insert_open_vacancies(&db, company, s.open, &occupations, &comuni).await;
    let open = open_of(&db, company).await;
    let mut lookups = Vec::with_capacity(s.probes);
    let mut duplicates = Vec::with_capacity(s.probes);
    let mut hits = 0;
    // Where duplicate detection's time goes: the same SELECT of the open rows, without scoring.
    let mut fetch_only = Vec::with_capacity(s.probes);
    for _ in 0..s.probes {
        let t0 = Instant::now();
        let mut tx = db.pool().begin().await.expect("begin");
        let rows = sqlx::query(
            "SELECT id, title, occupation_id, work_istat, protocol, status FROM vacancy \
             WHERE company_id = $1 AND status IN ($2, $3, $4) AND id <> $5",
        )
        .bind(company)
        .bind("submitted")
        .bind("in_review")
        .bind("published")
        .bind(0_i64)
        .fetch_all(&mut *tx)
        .await
        .expect("open rows");
        tx.commit().await.expect("commit");
        fetch_only.push(t0.elapsed());
        assert_eq!(rows.len() as i64, open, "every open row fetched");
    }
    for i in 0..s.probes {
        let (title, occupation) = probe_title(i, &occupations);
        let istat = &comuni[(i * 7) % comuni.len()];
        let id = ids[(i * 48_271) % ids.len()];

        let t0 = Instant::now();
        let mut tx = db.pool().begin().await.expect("begin");
        let found: Option<i64> =
            sqlx::query("SELECT id FROM vacancy WHERE company_id = $1 AND id = $2")
                .bind(company)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .expect("lookup")
                .map(|r| r.get("id"));
        tx.commit().await.expect("commit");
        lookups.push(t0.elapsed());
        assert_eq!(found, Some(id), "the baseline finds its row");

        let t0 = Instant::now();
        let mut tx = db.pool().begin().await.expect("begin");
        let found = vacancy_duplicates::possible_duplicates(
            &mut tx,
            company,
            &title,
            occupation,
            Some(istat),
            None,
        )
        .await
        .expect("possible duplicates");
        tx.commit().await.expect("commit");
        duplicates.push(t0.elapsed());
        hits += usize::from(!found.is_empty());
    }
    // The titles that reuse an inserted one (every even probe) must find something.
    assert!(
        hits >= s.probes / 2,
        "only {hits} of {} probes found a duplicate",
        s.probes
    );
    println!(
        "  duplicates: {open} open vacancies of company {company}; {hits} of {} titles had possible duplicates",
        s.probes
    );
    db.close().await;
    Figures {
        label,
        reads,
        saves,
        health,
        search,
        job,
        public: public.len() as i64,
        search_store,
        lookups,
        fetch_only,
        duplicates,
        open,
        hits,
    }
}

/// A company administrator with a session and a vacancy draft at `version`.
struct Account {
    company: i64,
    token: String,
    draft: i64,
    version: i64,
}

/// One administrator (no person: an account as the company members' page would invite) with a
/// session and a fresh draft for each of the first `n` demo companies.
async fn company_admins(db: &Db, n: usize) -> Vec<Account> {
    let mut tx = db.pool().begin().await.expect("begin");
    let companies: Vec<i64> =
        sqlx::query("SELECT id FROM company WHERE is_demo ORDER BY id LIMIT $1")
            .bind(n as i64)
            .fetch_all(&mut *tx)
            .await
            .expect("companies")
            .iter()
            .map(|r| r.get("id"))
            .collect();
    assert_eq!(companies.len(), n, "enough companies in the region");
    let mut out = Vec::with_capacity(n);
    for company in companies {
        let user = create_user(&mut tx, None, "Titolare di prova", now())
            .await
            .expect("user");
        grant_role(
            &mut tx,
            user,
            &Grant::CompanyAdmin {
                company_id: company,
            },
            now(),
        )
        .await
        .expect("grant");
        let token = create_session(&mut tx, user, None, &SessionPolicy::default(), now())
            .await
            .expect("session")
            .expect("active");
        let key = uuid::Uuid::new_v4().to_string();
        let draft = vacancy_drafts::create_draft(
            &mut tx,
            now(),
            app::domain::policy::CompanyId(company),
            user,
            &key,
        )
        .await
        .expect("draft")
        .expect("own draft");
        out.push(Account {
            company,
            token: token.as_str().to_string(),
            draft: draft.id,
            version: draft.version,
        });
    }
    tx.commit().await.expect("commit");
    out
}

/// Round `round`'s step form for `a`: `ruolo` on even rounds, `luogo` on odd ones, at the version
/// the previous rounds left.
fn step_form(
    a: &Account,
    round: usize,
    comuni: &[String],
    occupations: &[Occupation],
) -> Vec<(String, String)> {
    let i = a.company as usize + round;
    let mut form = vec![
        ("draft_id".to_string(), a.draft.to_string()),
        (
            "version".to_string(),
            (a.version + round as i64).to_string(),
        ),
    ];
    let fields: Vec<(&str, String)> = if round.is_multiple_of(2) {
        let o = &occupations[i % occupations.len()];
        form.push(("step".into(), "ruolo".into()));
        vec![
            ("job_title", format!("{} (round {round})", o.label)),
            ("occupation", o.id.clone()),
            (
                "description",
                format!(
                    "Cerchiamo una persona per il ruolo di {}: lavoro in squadra, formazione \
                     iniziale in azienda, contratto secondo il CCNL applicato.",
                    o.label
                ),
            ),
            ("positions", (1 + i % 3).to_string()),
        ]
    } else {
        form.push(("step".into(), "luogo".into()));
        vec![
            ("work_mode", "onsite".into()),
            ("work_comune", comuni[i % comuni.len()].clone()),
            ("contract", "TEMPO-DETERMINATO".into()),
            ("working_time", "FULL-TIME".into()),
            ("shifts", "1".into()),
            ("salary_min", (1_400 + 10 * (i % 20)).to_string()),
            ("salary_max", "2000".into()),
            ("salary_period", "month".into()),
            ("start_date", "2099-03-01".into()),
            ("ccnl", "Commercio".into()),
        ]
    };
    form.extend(fields.into_iter().map(|(k, v)| (format!("a[{k}]"), v)));
    form
}

/// How many drafts are at exactly their first version + `rounds`.
async fn saved_versions(db: &Db, accounts: &[Account], rounds: usize) -> usize {
    let mut tx = db.pool().begin().await.expect("begin");
    let mut ok = 0;
    for a in accounts {
        let version: i64 = sqlx::query("SELECT version FROM vacancy_draft WHERE id = $1")
            .bind(a.draft)
            .fetch_one(&mut *tx)
            .await
            .expect("draft")
            .get("version");
        ok += usize::from(version == a.version + rounds as i64);
    }
    tx.commit().await.expect("commit");
    ok
}

/// Every account sends one form at the same moment; the latency of each. Any answer but success
/// (a redirect target in `Location` with 200, as server functions answer non-browser clients) is
/// a failed benchmark.
async fn all_at_once(
    http: &reqwest::Client,
    base: &str,
    accounts: &[Account],
    request: impl Fn(&Account) -> (&'static str, Vec<(String, String)>),
) -> Vec<Duration> {
    let start = Arc::new(tokio::sync::Barrier::new(accounts.len()));
    let mut tasks = Vec::new();
    for a in accounts {
        let (function, form) = request(a);
        let url = format!("{base}/api/{function}");
        let http = http.clone();
        let cookie = format!("{COOKIE}={}", a.token);
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let t0 = Instant::now();
            let res = http
                .post(url)
                .header("cookie", cookie)
                .header("origin", ORIGIN)
                .form(&form)
                .send()
                .await
                .expect("request");
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            let elapsed = t0.elapsed();
            assert!(status.is_success(), "{function}: {status} {body}");
            elapsed
        }));
    }
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

/// GETs from `CONNECTIONS` loops for `seconds`, cycling over `urls`.
async fn throughput(http: &reqwest::Client, urls: Vec<String>, seconds: u64) -> Rate {
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let http = http.clone();
        let urls = urls.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while Instant::now() < until {
                let url = &urls[next.fetch_add(1, Ordering::Relaxed) % urls.len()];
                let t0 = Instant::now();
                let res = http.get(url).send().await.expect("get");
                let status = res.status();
                let _ = res.bytes().await;
                times.push(t0.elapsed());
                assert!(status.is_success(), "{url}: {status}");
            }
            times
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.expect("task"));
    }
    Rate {
        per_second: times.len() as f64 / started.elapsed().as_secs_f64(),
        times,
    }
}

/// The region's comuni (those a CPI serves), a sample of them.
async fn region_comuni(db: &Db) -> Vec<String> {
    let mut tx = db.pool().begin().await.expect("begin");
    let out: Vec<String> = sqlx::query(
        "SELECT istat_code FROM comune WHERE cpi_code IS NOT NULL ORDER BY istat_code LIMIT 60",
    )
    .fetch_all(&mut *tx)
    .await
    .expect("comuni")
    .iter()
    .map(|r| r.get("istat_code"))
    .collect();
    tx.commit().await.expect("commit");
    assert!(!out.is_empty(), "the region has comuni");
    out
}

struct Occupation {
    id: String,
    label: String,
    isco: String,
}

async fn occupations(db: &Db) -> Vec<Occupation> {
    let mut tx = db.pool().begin().await.expect("begin");
    let out: Vec<Occupation> =
        sqlx::query("SELECT id, label_it, isco_code FROM occupation ORDER BY id")
            .fetch_all(&mut *tx)
            .await
            .expect("occupations")
            .iter()
            .map(|r| Occupation {
                id: r.get("id"),
                label: r.get("label_it"),
                isco: r.get("isco_code"),
            })
            .collect();
    tx.commit().await.expect("commit");
    assert!(!out.is_empty(), "reference occupations");
    out
}

/// What job ads add to a job name.
const QUALIFIERS: &[&str] = &[
    "",
    "junior",
    "senior",
    "con esperienza",
    "part-time",
    "stagionale",
    "su turni",
    "responsabile",
    "apprendista",
    "per nuova apertura",
    "full time",
    "addetto/a",
];

/// The title of the `n`-th inserted vacancy and its occupation's index.
fn inserted_title(n: usize, occupations: &[Occupation]) -> (String, usize) {
    let o = (n * 31 + n / 7) % occupations.len();
    let q = QUALIFIERS[(n / occupations.len()) % QUALIFIERS.len()];
    (
        format!("{} {q}", occupations[o].label).trim().to_string(),
        o,
    )
}

/// The `i`-th probe: even ones retype an inserted title (lower case, the first vowel-ended word
/// in the other gender), odd ones are titles no row has.
fn probe_title(i: usize, occupations: &[Occupation]) -> (String, &str) {
    if i.is_multiple_of(2) {
        let (title, o) = inserted_title(i * 37, occupations);
        let retyped = title
            .to_lowercase()
            .split_whitespace()
            .map(|w| match w.strip_suffix('o') {
                Some(stem) => format!("{stem}a"),
                None => w.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        (retyped, &occupations[o].id)
    } else {
        let o = &occupations[(i * 13) % occupations.len()];
        (
            format!("Tecnico manutentore impianti fotovoltaici zona {i}"),
            &o.id,
        )
    }
}

/// A company of the region used by nothing else in the benchmark (the last demo one).
async fn dedicated_company(db: &Db) -> i64 {
    let mut tx = db.pool().begin().await.expect("begin");
    let id: i64 = sqlx::query("SELECT MAX(id) AS id FROM company WHERE is_demo")
        .fetch_one(&mut *tx)
        .await
        .expect("company")
        .get("id");
    tx.commit().await.expect("commit");
    id
}

/// `n` open vacancies (published, in review, submitted) for `company`, in one transaction; their
/// ids.
async fn insert_open_vacancies(
    db: &Db,
    company: i64,
    n: usize,
    occupations: &[Occupation],
    comuni: &[String],
) -> Vec<i64> {
    let started = Instant::now();
    let today = Day::today();
    let at = now().to_iso();
    let mut tx = db.pool().begin().await.expect("begin");
    let mut ids = Vec::with_capacity(n);
    for k in 0..n {
        let (title, o) = inserted_title(k, occupations);
        let status = match k % 10 {
            0 | 1 => "submitted",
            2 => "in_review",
            _ => "published",
        };
        let row = sqlx::query(
            "INSERT INTO vacancy (company_id, status, title, description, occupation_id, \
             isco_code, positions, work_istat, work_mode, contract_code, working_time_code, \
             salary_min, salary_max, salary_period, start_date, expires_on, created_at, \
             published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'onsite', \
             'TEMPO-DETERMINATO', 'FULL-TIME', $9, $10, 'month', $11, $12, $13, $13) \
             RETURNING id",
        )
        .bind(company)
        .bind(status)
        .bind(&title)
        .bind(format!("{title}: descrizione dell'offerta numero {k}."))
        .bind(&occupations[o].id)
        .bind(&occupations[o].isco)
        .bind(1 + (k % 3) as i64)
        .bind(&comuni[k % comuni.len()])
        .bind(1_300 + 50 * (k % 10) as i64)
        .bind(1_900 + 50 * (k % 10) as i64)
        .bind(today.plus(30).iso())
        .bind(today.plus(60).iso())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .expect("insert vacancy");
        ids.push(row.get("id"));
    }
    tx.commit().await.expect("commit");
    println!(
        "  inserted {n} open vacancies in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    ids
}

async fn open_of(db: &Db, company: i64) -> i64 {
    let mut tx = db.pool().begin().await.expect("begin");
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM vacancy WHERE company_id = $1 \
         AND status IN ('submitted', 'in_review', 'published')",
    )
    .bind(company)
    .fetch_one(&mut *tx)
    .await
    .expect("count")
    .get("n");
    tx.commit().await.expect("commit");
    n
}

fn triple(times: &[Duration]) -> String {
    format!(
        "{:.2} / {:.2} / {:.2}",
        quantile_ms(times, 0.50),
        quantile_ms(times, 0.95),
        quantile_ms(times, 0.99)
    )
}

fn rate(r: &Rate) -> String {
    format!(
        "{:.0} ({:.2} / {:.2})",
        r.per_second,
        quantile_ms(&r.times, 0.50),
        quantile_ms(&r.times, 0.99)
    )
}

fn summary(all: &[Figures], s: &Settings) {
    let header: Vec<&str> = all.iter().map(|f| f.label).collect();
    println!();
    println!("| | {} |", header.join(" | "));
    println!("| --- |{}", " ---: |".repeat(all.len()));
    let row = |name: String, cell: &dyn Fn(&Figures) -> String| {
        let cells: Vec<String> = all.iter().map(cell).collect();
        println!("| {name} | {} |", cells.join(" | "));
    };
    let n = s.companies;
    row(
        format!("read `session/info`, {n} at once: p50 / p95 / p99 ms"),
        &|f| triple(&f.reads),
    );
    row(
        format!("step save `vacancy/save-step`, {n} companies at once: p50 / p95 / p99 ms"),
        &|f| triple(&f.saves),
    );
    row("save p99 ÷ read p99 (same run)".into(), &|f| {
        format!(
            "{:.1}",
            quantile_ms(&f.saves, 0.99) / quantile_ms(&f.reads, 0.99)
        )
    });
    row("`/health`: req/s (p50 / p99 ms)".into(), &|f| {
        rate(&f.health)
    });
    row(
        "search page `/offerte`: req/s (p50 / p99 ms)".into(),
        &|f| rate(&f.search),
    );
    row("`/offerte` ÷ `/health`".into(), &|f| {
        format!("{:.3}", f.search.per_second / f.health.per_second)
    });
    row(
        "job page `/offerte/{id}`: req/s (p50 / p99 ms)".into(),
        &|f| rate(&f.job),
    );
    row("`/offerte/{id}` ÷ `/health`".into(), &|f| {
        format!("{:.3}", f.job.per_second / f.health.per_second)
    });
    row(
        "`/offerte`'s store reads alone (search + comuni, one transaction): p50 / p95 / p99 ms"
            .into(),
        &|f| triple(&f.search_store),
    );
    row("public vacancies".into(), &|f| f.public.to_string());
    row(
        "baseline: PK `SELECT` in a transaction: p50 / p95 / p99 ms".into(),
        &|f| triple(&f.lookups),
    );
    row(
        "its SELECT of the open rows alone, no scoring: p50 / p95 / p99 ms".into(),
        &|f| triple(&f.fetch_only),
    );
    row(
        "`possible_duplicates` in a transaction: p50 / p95 / p99 ms".into(),
        &|f| triple(&f.duplicates),
    );
    row("duplicates p50 ÷ baseline p50".into(), &|f| {
        format!(
            "{:.0}",
            quantile_ms(&f.duplicates, 0.50) / quantile_ms(&f.lookups, 0.50)
        )
    });
    row(
        "open vacancies of the company / titles with hits".into(),
        &|f| format!("{} / {} of {}", f.open, f.hits, s.probes),
    );
}
