//! The public job search of issue 7 through the real HTTP stack, on SQLite and PostgreSQL: Italian
//! stemming, relevance and date order, the radius with each hit's distance, keyset pagination in
//! both orders, the anonymous company never named nor searchable, a closed vacancy leaving the
//! index, the page working as a plain GET (no JavaScript), and its occupation field without
//! JavaScript (a typed text offers occupations as links; a chosen one filters until removed).
//!
//! Each test's vacancies share an occupation code no demo vacancy has, so the demo region's own
//! vacancies never get in the way of an assertion.

mod common;

use app::api::jobs::JobSearchView;
use app::domain::vacancy::{VacancyEvent, VacancyState};
use app::store::job_search::{self, SearchQuery, Sort};
use app::store::vacancy_events::{record_transition, Transition};
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, start, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;
use std::collections::BTreeSet;

const OCC: &str = "h5-test-occupation";
const PERUGIA: &str = "054039";

async fn demo_company(db: &Db) -> (i64, String) {
    let admin = persona_user_id(db, "impresa-titolare").await;
    let row = sqlx::query(
        "SELECT c.id, c.name FROM user_role r JOIN company c ON c.id = r.company_id \
         WHERE r.user_id = $1 AND r.role = 'company_admin'",
    )
    .bind(admin)
    .fetch_one(db.pool())
    .await
    .expect("demo company");
    (row.get(0), row.get(1))
}

#[derive(Clone, Copy)]
struct Job<'a> {
    title: &'a str,
    description: &'a str,
    published_at: &'a str,
    anonymous: bool,
    /// Where it is, when not at its comune's centre.
    place: Option<(f64, f64)>,
    occupation: &'a str,
}

const JOB: Job<'static> = Job {
    title: "Magazziniere",
    description: "Gestione delle spedizioni.",
    published_at: "2026-11-20T09:00:00.000Z",
    anonymous: false,
    place: None,
    occupation: OCC,
};

/// The demo company's published "Giardiniere" vacancy (a title no demo vacancy has).
async fn a_gardener_job(db: &Db) -> i64 {
    let (company, _) = demo_company(db).await;
    insert_job(
        db,
        company,
        Job {
            title: "Giardiniere",
            ..JOB
        },
    )
    .await
}

/// A published vacancy at Perugia, indexed as publishing would.
async fn insert_job(db: &Db, company: i64, j: Job<'_>) -> i64 {
    let sql = format!(
        "INSERT INTO vacancy (company_id, status, title, description, occupation_id, isco_code, \
         positions, work_istat, work_mode, contract_code, working_time_code, salary_min, \
         salary_max, salary_period, start_date, expires_on, anonymous, reserved_l68, \
         published_at, created_at, contact_channel) VALUES ($1, 'published', $2, $3, $4, '4321', \
         1, $5, 'onsite', 'TEMPO-INDETERMINATO', 'FULL-TIME', 1500, 1800, 'month', '2027-01-10', \
         '2027-01-31', {}, FALSE, $6, $6, 'email') RETURNING id",
        if j.anonymous { "TRUE" } else { "FALSE" }
    );
    let id: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(company)
        .bind(j.title)
        .bind(j.description)
        .bind(j.occupation)
        .bind(PERUGIA)
        .bind(j.published_at)
        .fetch_one(db.pool())
        .await
        .expect("vacancy")
        .get(0);
    if let Some((lat, lon)) = j.place {
        sqlx::query("UPDATE vacancy SET lat = $1, lon = $2 WHERE id = $3")
            .bind(lat)
            .bind(lon)
            .bind(id)
            .execute(db.pool())
            .await
            .expect("place");
    }
    let mut conn = db.pool().acquire().await.expect("connection");
    job_search::index_vacancy(&mut conn, id)
        .await
        .expect("index");
    id
}

async fn search(browser: &mut Browser, pairs: &[(&str, &str)]) -> JobSearchView {
    let mut all = vec![("professione", OCC)];
    all.extend_from_slice(pairs);
    let r = browser.post("/api/jobs/search", &all).await;
    assert_eq!(r.status, StatusCode::OK, "{all:?}: {}", r.body);
    serde_json::from_str(&r.body).expect("search view")
}

async fn ids(browser: &mut Browser, pairs: &[(&str, &str)]) -> Vec<i64> {
    search(browser, pairs)
        .await
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

/// Every id over every page, following `next`.
async fn all_pages(browser: &mut Browser, pairs: &[(&str, &str)]) -> (Vec<i64>, usize) {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut p: Vec<(&str, &str)> = pairs.to_vec();
        if let Some(a) = &after {
            p.push(("dopo", a.as_str()));
        }
        let page = search(browser, &p).await;
        assert!(page.rows.len() <= app::store::jobs::PAGE_SIZE);
        seen.extend(page.rows.iter().map(|r| r.id));
        pages += 1;
        assert!(pages < 20, "pagination does not end");
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    (seen, pages)
}

#[tokio::test]
async fn italian_stems_find_inflections_and_titles_rank_first() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        let waiters = insert_job(
            &db,
            company,
            Job {
                title: "Camerieri di sala",
                ..JOB
            },
        )
        .await;
        let floor = insert_job(
            &db,
            company,
            Job {
                title: "Cameriere ai piani",
                published_at: "2026-11-21T09:00:00.000Z",
                ..JOB
            },
        )
        .await;
        let welder = insert_job(
            &db,
            company,
            Job {
                title: "Saldatore a filo",
                ..JOB
            },
        )
        .await;
        // The same word in the title of one and only in the description of a newer one.
        let in_title = insert_job(
            &db,
            company,
            Job {
                title: "Pasticcere",
                description: "Laboratorio artigiano.",
                published_at: "2026-11-10T09:00:00.000Z",
                ..JOB
            },
        )
        .await;
        let in_text = insert_job(
            &db,
            company,
            Job {
                title: "Commesso di banco",
                description: "Vendita al banco, gradita esperienza come pasticcere.",
                published_at: "2026-11-25T09:00:00.000Z",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();

        let found: BTreeSet<i64> = ids(&mut visitor, &[("q", "cameriera")])
            .await
            .into_iter()
            .collect();
        assert_eq!(found, BTreeSet::from([waiters, floor]), "cameriera");
        // Snowball Italian: "saldatura" → "saldatur", "saldatore" → "saldator".
        assert!(ids(&mut visitor, &[("q", "saldatura")]).await.is_empty());
        assert_eq!(ids(&mut visitor, &[("q", "saldatori")]).await, [welder]);
        // Prefixes of a stem find it as one types.
        assert_eq!(ids(&mut visitor, &[("q", "salda")]).await, [welder]);

        let ranked = search(&mut visitor, &[("q", "pasticceri")]).await;
        assert_eq!(ranked.ordine, "rilevanza");
        let ranked: Vec<i64> = ranked.rows.iter().map(|r| r.id).collect();
        assert_eq!(ranked, [in_title, in_text], "title hit first");
        let dated = ids(&mut visitor, &[("q", "pasticceri"), ("ordine", "data")]).await;
        assert_eq!(dated, [in_text, in_title], "newest first");
        // Without text the order is by date whatever was asked.
        let view = search(&mut visitor, &[("ordine", "rilevanza")]).await;
        assert_eq!(view.ordine, "data");
        assert_eq!(view.rows.first().map(|r| r.id), Some(in_text));
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_radius_keeps_what_is_near_and_shows_the_distance() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        let centre: (f64, f64) = {
            let r = sqlx::query("SELECT lat, lon FROM comune WHERE istat_code = $1")
                .bind(PERUGIA)
                .fetch_one(db.pool())
                .await
                .expect("Perugia");
            (r.get(0), r.get(1))
        };
        let here = insert_job(
            &db,
            company,
            Job {
                title: "Carrellista",
                ..JOB
            },
        )
        .await;
        // 50 km due north.
        let far = insert_job(
            &db,
            company,
            Job {
                title: "Carrellista notturno",
                place: Some((centre.0 + 50.0 / 111.195, centre.1)),
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let near = search(
            &mut visitor,
            &[("q", "carrellista"), ("comune", PERUGIA), ("raggio", "30")],
        )
        .await;
        let near_ids: Vec<i64> = near.rows.iter().map(|r| r.id).collect();
        assert_eq!(near_ids, [here], "50 km is outside 30 km");
        assert_eq!(near.rows[0].distance_km, Some(0));
        let wide = search(
            &mut visitor,
            &[("q", "carrellista"), ("comune", PERUGIA), ("raggio", "60")],
        )
        .await;
        let far_row = wide
            .rows
            .iter()
            .find(|r| r.id == far)
            .expect("inside 60 km");
        assert_eq!(far_row.distance_km, Some(50));
        assert_eq!(wide.rows.len(), 2);
        // No comune, no distance.
        let plain = search(&mut visitor, &[("q", "carrellista")]).await;
        assert!(plain.rows.iter().all(|r| r.distance_km.is_none()));
        // A radius that is not a number of km is refused.
        let r = visitor
            .post(
                "/api/jobs/search",
                &[("comune", PERUGIA), ("raggio", "molto")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn pages_follow_each_other_without_duplicates_or_gaps_in_both_orders() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        let mut made = BTreeSet::new();
        let descriptions = [
            "Magazziniere esperto.",
            "Carico e scarico merci in magazzino, magazziniere.",
            "Inventario.",
        ];
        for i in 0..45 {
            // Many ties on purpose: same instant for groups of five, same text for groups of three.
            let at = format!("2026-11-{:02}T09:00:00.000Z", 10 + i / 5);
            let id = insert_job(
                &db,
                company,
                Job {
                    description: descriptions[i % 3],
                    published_at: &at,
                    ..JOB
                },
            )
            .await;
            made.insert(id);
        }
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        for order in ["rilevanza", "data"] {
            let (seen, pages) =
                all_pages(&mut visitor, &[("q", "magazziniere"), ("ordine", order)]).await;
            assert_eq!(pages, 3, "{order}");
            assert_eq!(seen.len(), 45, "{order}: no duplicates");
            assert_eq!(
                seen.iter().copied().collect::<BTreeSet<_>>(),
                made,
                "{order}: no gaps"
            );
        }
        // The store's order in relevance: scores never increase along the pages.
        let mut conn = db.pool().acquire().await.expect("connection");
        let query = SearchQuery {
            text: Some("magazziniere".into()),
            occupation: Some(OCC.into()),
            sort: Sort::Relevance,
            ..SearchQuery::default()
        };
        let mut after = None;
        let mut scores = Vec::new();
        loop {
            let page = job_search::search_jobs(&mut conn, "2026-11-27", &query, after.as_ref(), 7)
                .await
                .expect("search");
            scores.extend(page.hits.iter().map(|h| h.score));
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(scores.len(), 45);
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        assert!(scores.first() > scores.last(), "texts rank differently");
        drop(conn);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_anonymous_company_is_never_named_nor_found_by_its_name() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, company_name) = demo_company(&db).await;
        let named = insert_job(
            &db,
            company,
            Job {
                title: "Idraulico",
                ..JOB
            },
        )
        .await;
        let hidden = insert_job(
            &db,
            company,
            Job {
                title: "Idraulico",
                anonymous: true,
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let view = search(&mut visitor, &[("q", "idraulico")]).await;
        assert_eq!(view.rows.len(), 2);
        for row in &view.rows {
            if row.id == hidden {
                assert_eq!(row.company_name, None);
            } else {
                assert_eq!(row.company_name.as_deref(), Some(company_name.as_str()));
            }
        }
        let by_name = ids(&mut visitor, &[("q", company_name.as_str())]).await;
        assert!(by_name.contains(&named), "{company_name}");
        assert!(!by_name.contains(&hidden), "anonymous found by its name");
        let page = visitor
            .get(&format!("/offerte?q=idraulico&professione={OCC}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let shown = company_name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        // Each result's card, by the vacancy it links to.
        let card = |id: i64| {
            page.body
                .split("<li class=\"job-card\"")
                .find(|c| c.contains(&format!("href=\"/offerte/{id}\"")))
                .map(|c| c.split("</ol>").next().unwrap_or(c).to_string())
                .expect("card")
        };
        assert!(card(named).contains(shown.as_str()), "named company shown");
        assert!(
            !card(hidden).contains(shown.as_str()),
            "anonymous company hidden"
        );
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_closed_vacancy_leaves_the_index() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let id = a_gardener_job(&db).await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        assert_eq!(ids(&mut visitor, &[("q", "giardinieri")]).await, [id]);
        let mut tx = db.begin_write().await.expect("begin");
        let moved = record_transition(
            &mut tx,
            start(),
            &Transition {
                vacancy_id: id,
                from: VacancyState::Published,
                to: VacancyState::Closed,
                event: VacancyEvent::Withdraw,
                actor_user_id: None,
                step: None,
                note: None,
                expires_on: None,
            },
        )
        .await
        .expect("withdraw");
        tx.commit().await.expect("commit");
        assert!(moved);
        assert!(ids(&mut visitor, &[("q", "giardinieri")]).await.is_empty());
        let sql = if db.pool().acquire().await.expect("c").backend_name() == "PostgreSQL" {
            "SELECT COUNT(*) FROM vacancy_fts WHERE vacancy_id = $1"
        } else {
            "SELECT COUNT(*) FROM vacancy_fts WHERE rowid = $1"
        };
        let left: i64 = sqlx::query(sql)
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("count")
            .get(0);
        assert_eq!(left, 0, "index row removed");
        tdb.drop_database().await;
    }
}

/// A rebuild indexes every published vacancy again and, on PostgreSQL, leaves the planner fresh
/// statistics (without them a common stem's search ranked every document: p50 139 ms → 5 ms).
#[tokio::test]
async fn a_rebuild_indexes_every_published_vacancy_and_refreshes_statistics() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let id = a_gardener_job(&db).await;
        let mut tx = db.begin_write().await.expect("begin");
        let indexed = job_search::reindex_all(&mut tx).await.expect("reindex");
        tx.commit().await.expect("commit");
        let published: i64 = sqlx::query("SELECT COUNT(*) FROM vacancy WHERE status = 'published'")
            .fetch_one(db.pool())
            .await
            .expect("count")
            .get(0);
        assert_eq!(indexed as i64, published);
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        assert_eq!(ids(&mut visitor, &[("q", "giardinieri")]).await, [id]);
        if tdb.backend == app::store::Backend::Postgres {
            let columns: i64 = sqlx::query(
                "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'vacancy_fts' AND attname = 'doc'",
            )
            .fetch_one(db.pool())
            .await
            .expect("stats")
            .get(0);
            assert_eq!(columns, 1, "the index has statistics after a rebuild");
        }
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_page_works_as_a_plain_get_without_javascript() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        for i in 0..25 {
            let at = format!("2026-11-{:02}T09:00:00.000Z", 1 + i);
            insert_job(
                &db,
                company,
                Job {
                    title: "Autista patente C",
                    published_at: &at,
                    ..JOB
                },
            )
            .await;
        }
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let url = format!("/offerte?q=autisti&professione={OCC}&comune={PERUGIA}&raggio=20");
        let page = visitor.get(&url).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("class=\"job-card\"").count(), 20);
        assert!(page.body.contains("aria-live=\"polite\""));
        assert!(page.body.contains("a 0 km"), "distance shown");
        assert!(page.body.contains("rel=\"next\""), "a next-page link");
        // The link is a plain URL carrying the filters and the cursor.
        let next = page
            .body
            .split("rel=\"next\"")
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|h| h.split('"').next())
            .expect("next link")
            .replace("&amp;", "&");
        assert!(
            next.contains("dopo=") && next.contains("raggio=20"),
            "{next}"
        );
        let second = visitor.get(&next).await;
        assert_eq!(second.status, StatusCode::OK);
        assert_eq!(second.body.matches("class=\"job-card\"").count(), 5);
        // A visitor is not offered to save the search.
        assert!(!page.body.contains("save-search"));
        tdb.drop_database().await;
    }
}

/// The `href`s of the page's links whose address contains `part`, unescaped.
fn hrefs_with(body: &str, part: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| h.contains(part))
        .collect()
}

#[tokio::test]
async fn the_occupation_field_works_without_javascript() {
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let (company, _) = demo_company(&db).await;
        let gardener = insert_job(
            &db,
            company,
            Job {
                title: "Quarzolite giardino",
                occupation: "giardiniere",
                ..JOB
            },
        )
        .await;
        let other = insert_job(
            &db,
            company,
            Job {
                title: "Quarzolite magazzino",
                ..JOB
            },
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut visitor = app.browser();
        let card = |id: i64| format!("href=\"/offerte/{id}\"");

        // A typed text does not filter yet: it offers the occupations it may mean, as links.
        let page = visitor
            .get("/offerte?q=quarzolite&professione=&professione_testo=giardin")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", tdb.backend);
        assert!(page.body.contains("Quale professione intendi?"));
        assert!(page.body.contains(&card(gardener)) && page.body.contains(&card(other)));
        let choice = hrefs_with(&page.body, "professione=giardiniere");
        assert_eq!(choice.len(), 1, "{choice:?}");
        assert!(
            choice[0].contains("q=quarzolite"),
            "the other filters stay: {}",
            choice[0]
        );

        // The link applies it: the field shows its name, only its vacancy is left, and a link
        // removes it (a form without JavaScript cannot clear the hidden id).
        let chosen = visitor.get(&choice[0]).await;
        assert_eq!(chosen.status, StatusCode::OK);
        assert!(chosen
            .body
            .contains("value=\"Giardiniere/a / manutentore/trice del verde\""));
        assert!(chosen.body.contains(&card(gardener)) && !chosen.body.contains(&card(other)));
        assert!(!chosen.body.contains("Quale professione intendi?"));
        assert!(chosen.body.contains("Togli il filtro per professione"));
        let without: Vec<String> = hrefs_with(&chosen.body, "q=quarzolite")
            .into_iter()
            .filter(|h| !h.contains("professione"))
            .collect();
        assert!(!without.is_empty(), "a link without the occupation");
        let cleared = visitor.get(&without[0]).await;
        assert!(cleared.body.contains(&card(gardener)) && cleared.body.contains(&card(other)));

        // The form sent back unchanged keeps the filter; a text typed over the name is a new search.
        let same = visitor
            .get("/offerte?q=quarzolite&professione=giardiniere&professione_testo=Giardiniere%2Fa+%2F+manutentore%2Ftrice+del+verde")
            .await;
        assert!(same.body.contains(&card(gardener)) && !same.body.contains(&card(other)));
        let retyped = visitor
            .get("/offerte?q=quarzolite&professione=giardiniere&professione_testo=cuoco")
            .await;
        assert!(retyped.body.contains(&card(gardener)) && retyped.body.contains(&card(other)));
        assert!(retyped.body.contains("Quale professione intendi?"));
        assert!(!hrefs_with(&retyped.body, "professione=cuoco").is_empty());

        // Too short, and nothing found: said in words.
        let short = visitor
            .get("/offerte?q=quarzolite&professione_testo=g")
            .await;
        assert!(short
            .body
            .contains("Scrivi almeno 2 lettere del nome della professione."));
        let none = visitor
            .get("/offerte?q=quarzolite&professione_testo=zzzqqq")
            .await;
        assert!(none
            .body
            .contains("Nessuna professione trovata per «zzzqqq»."));
        tdb.drop_database().await;
    }
}
