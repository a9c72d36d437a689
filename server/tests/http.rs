//! The HTTP stack in-process: pages, headers, the language switch, the cross-origin check, server
//! function errors. Each test builds the real router on a fresh, seeded database.

mod common;

use app::store::Db;
use axum::body::Body;
use axum::Router;
use common::TestDatabase;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::assets::AssetNames;
use server::config::PublicOrigin;
use server::startup::{router, RouterConfig};
use std::time::Duration;
use tower::ServiceExt;

const ORIGIN: &str = "http://127.0.0.1:3000";

fn config(origin: &str) -> RouterConfig {
    RouterConfig {
        assets: AssetNames::unhashed(),
        max_body_bytes: 4096,
        request_timeout: Duration::from_secs(10),
        ..RouterConfig::local(
            PublicOrigin::parse(origin).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    }
}

async fn seeded(tdb: &TestDatabase) -> Db {
    let db = tdb.connect().await;
    server::seed::demo(&db).await.expect("seed");
    db
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("request")
}

fn post_form(path: &str, body: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::from(body.to_string())).expect("request")
}

#[tokio::test]
async fn health_and_ready() {
    let tdb = TestDatabase::sqlite();
    let db = seeded(&tdb).await;
    let app = router(&config(ORIGIN), db.clone()).expect("router");
    assert_eq!(send(&app, get("/health")).await.status, StatusCode::OK);
    assert_eq!(send(&app, get("/ready")).await.status, StatusCode::OK);
    db.close().await;
    assert_eq!(
        send(&app, get("/ready")).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        send(&app, get("/health")).await.status,
        StatusCode::OK,
        "alive even without a database"
    );
}

#[tokio::test]
async fn home_page_is_italian_with_nonce_csp_and_security_headers() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    let r = send(&app, get("/")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<html lang=\"it\""),
        "{}",
        &r.body[..200.min(r.body.len())]
    );
    assert!(r.body.contains("Tutti i servizi per il lavoro, online"));
    let csp = r.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP");
    assert!(
        csp.contains("'strict-dynamic'")
            && csp.contains("'wasm-unsafe-eval'")
            && csp.contains("object-src 'none'")
    );
    assert!(csp.contains("base-uri 'none'") && csp.contains("frame-ancestors 'none'"));
    let scripts = r.body.matches("<script").count();
    assert!(scripts >= 2, "hydration and service-worker scripts");
    assert_eq!(
        r.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every script carries the nonce"
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
    assert!(
        r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "no HSTS on plain http"
    );
    assert!(r.headers.get("x-request-id").is_some());

    let again = send(&app, get("/")).await;
    assert_ne!(
        again.headers[header::CONTENT_SECURITY_POLICY],
        r.headers[header::CONTENT_SECURITY_POLICY],
        "fresh nonce per request"
    );
}

#[tokio::test]
async fn hsts_only_when_the_public_origin_is_https() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config("https://lavoro.example.it"), seeded(&tdb).await).expect("router");
    let r = send(&app, get("/health")).await;
    assert!(r.headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .expect("ascii")
        .starts_with("max-age="));
}

#[tokio::test]
async fn unknown_paths_are_404_pages() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    for path in ["/non-esiste", "/servizi/non-esiste"] {
        let r = send(&app, get(path)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("Pagina non trovata"), "{path}");
    }
}

#[tokio::test]
async fn language_switch_sets_cookie_and_returns_to_the_page() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    let r = send(
        &app,
        post_form("/lang", "lang=en&next=%2Fcittadini", &[("origin", ORIGIN)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/cittadini");
    let cookie = r.headers[header::SET_COOKIE].to_str().expect("ascii");
    assert!(
        cookie.starts_with("lang=en;")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Path=/")
    );

    let page = send(
        &app,
        Request::get("/cittadini")
            .header(header::COOKIE, "lang=en")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("Services for citizens"));

    let open_redirect = send(
        &app,
        post_form(
            "/lang",
            "lang=en&next=%2F%2Fevil.example",
            &[("origin", ORIGIN)],
        ),
    )
    .await;
    assert_eq!(open_redirect.headers[header::LOCATION], "/");
    let unknown = send(
        &app,
        post_form("/lang", "lang=xx&next=%2F", &[("origin", ORIGIN)]),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn unsafe_requests_from_elsewhere_are_refused_for_each_reason() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "cross-site fetch metadata",
            &[("sec-fetch-site", "cross-site"), ("origin", ORIGIN)],
        ),
        (
            "same-site fetch metadata",
            &[("sec-fetch-site", "same-site")],
        ),
        ("foreign origin", &[("origin", "https://evil.example")]),
        ("null origin", &[("origin", "null")]),
        ("no origin information", &[]),
    ];
    for (reason, headers) in cases {
        for path in ["/lang", "/api/cpi/list"] {
            let r = send(&app, post_form(path, "lang=en", headers)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{reason} on {path}");
        }
    }
    let ok = send(
        &app,
        post_form("/lang", "lang=en", &[("sec-fetch-site", "same-origin")]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn server_functions_answer_json_and_are_never_stored() {
    for tdb in TestDatabase::all().await {
        let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
        let r = send(&app, post_form("/api/cpi/list", "", &[("origin", ORIGIN)])).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}: {}", tdb.backend, r.body);
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
        let list: Vec<serde_json::Value> = serde_json::from_str(&r.body).expect("json");
        assert_eq!(list.len(), 5);
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn a_database_failure_shows_a_reference_and_no_database_text() {
    let tdb = TestDatabase::sqlite();
    let db = seeded(&tdb).await;
    let app = router(&config(ORIGIN), db.clone()).expect("router");
    sqlx::query("DROP TABLE cpi")
        .execute(db.pool())
        .await
        .expect("drop");

    let api = send(&app, post_form("/api/cpi/list", "", &[("origin", ORIGIN)])).await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    let err: app::error::AppError = serde_json::from_str(&api.body).expect("AppError json");
    assert!(err.reference().is_some());
    assert!(
        !api.body.contains("no such table") && !api.body.to_lowercase().contains("sql"),
        "{}",
        api.body
    );

    let page = send(&app, get("/cpi")).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("Codice di riferimento"));
    assert!(page.body.contains("E-"), "reference shown");
    assert!(!page.body.contains("no such table"));
}

#[tokio::test]
async fn oversized_bodies_are_rejected() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    let big = format!("lang=en&next={}", "a".repeat(10_000));
    let r = send(&app, post_form("/lang", &big, &[("origin", ORIGIN)])).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn service_worker_is_served_uncached() {
    let tdb = TestDatabase::sqlite();
    let app = router(&config(ORIGIN), seeded(&tdb).await).expect("router");
    let r = send(&app, get("/sw.js")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("text/javascript"));
    assert!(r.body.contains("\"/offline\""));
    assert!(
        r.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii")
            .starts_with("default-src 'self'"),
        "the worker may fetch what it precaches"
    );
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_pages_compress() {
    let site = tempfile::tempdir().expect("dir");
    std::fs::create_dir_all(site.path().join("pkg")).expect("pkg");
    std::fs::write(
        site.path().join("pkg/sportello.abc123.css"),
        "body{color:red}".repeat(200),
    )
    .expect("css");
    let tdb = TestDatabase::sqlite();
    let mut cfg = config(ORIGIN);
    cfg.site_root = site.path().to_path_buf();
    cfg.assets = AssetNames::from_hash_file("css: abc123\n");
    let app = router(&cfg, seeded(&tdb).await).expect("router");
    let r = send(&app, get("/pkg/sportello.abc123.css")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let home = send(
        &app,
        Request::get("/")
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(home.headers[header::CONTENT_ENCODING], "br");
    let gz = send(
        &app,
        Request::get("/")
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
}

/// Route generation raises a process-wide Leptos flag that parks any resource first polled while
/// it is up (leptos-rs/leptos#4773). Routers built beside a render — as parallel tests do — must
/// not hang it: the routes are generated once per process (`startup::page_routes`).
#[tokio::test]
async fn building_routers_beside_a_render_does_not_hang_it() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    for tdb in TestDatabase::all().await {
        let db = seeded(&tdb).await;
        let app = router(&config(ORIGIN), db.clone()).expect("router");
        let stop = Arc::new(AtomicBool::new(false));
        let built = Arc::new(AtomicUsize::new(0));
        let builder = {
            let (stop, built, db) = (stop.clone(), built.clone(), db.clone());
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    while !stop.load(Ordering::Relaxed) {
                        drop(router(&config(ORIGIN), db.clone()).expect("router"));
                        built.fetch_add(1, Ordering::Relaxed);
                        tokio::task::yield_now().await;
                    }
                });
            })
        };
        while built.load(Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        for round in 0..30 {
            let reply = tokio::time::timeout(
                Duration::from_secs(20),
                send(&app, get("/offerte?q=magazziniere")),
            )
            .await;
            let reply = match reply {
                Ok(reply) => reply,
                Err(_) => {
                    stop.store(true, Ordering::Relaxed);
                    panic!("render {round} hung while routers were being built");
                }
            };
            assert_eq!(reply.status, StatusCode::OK, "render {round}");
            assert!(reply.body.contains("</html>"), "render {round} cut short");
        }
        stop.store(true, Ordering::Relaxed);
        builder.join().expect("builder thread");
        assert!(
            built.load(Ordering::Relaxed) > 1,
            "routers were built meanwhile"
        );
    }
}
