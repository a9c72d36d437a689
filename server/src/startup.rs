//! Builds the router with every layer, binds the listener and serves until SIGINT/SIGTERM.

use crate::assets::AssetNames;
use crate::auth::cookies::CookiePolicy;
use crate::auth::rate_limit::{self, RateLimiter};
use crate::auth::{demo_idp, logout, oidc, session_layer, AuthState};
use crate::cli::{Mode, ServeArgs};
use crate::config::PublicOrigin;
use crate::http::security_headers::{page_csp, HeaderConfig};
use crate::http::{
    api_errors, cache_policy, health, language, origin_check, panic, security_headers,
};
use crate::pwa::{service_worker, ServiceWorker};
use crate::StartError;
use app::api::request::{DemoLogin, DemoMode, SharedClock};
use app::api::session::LoginProviders;
use app::domain::session_policy::SessionPolicy;
use app::live::LiveBus;
use app::store::clock::{Clock, SystemClock};
use app::store::Db;
use app::{shell, App, ShellAssets};
use axum::body::Body;
use axum::extract::FromRef;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use http::{HeaderName, HeaderValue, Request, StatusCode};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes, ResponseOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// How long start-up waits for the live-update listener before serving anyway.
const LIVE_READY_WAIT: Duration = Duration::from_secs(5);

/// What the router needs, already validated.
#[derive(Debug, Clone)]
pub struct RouterConfig {
    pub public_origin: PublicOrigin,
    pub site_root: PathBuf,
    pub assets: AssetNames,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Demo mode: banner on every page.
    pub demo_mode: bool,
    /// The demo identity provider (only ever with demo mode).
    pub demo_login: bool,
    pub session_policy: SessionPolicy,
    pub oidc_providers: Option<PathBuf>,
    pub login_rate_per_minute: u32,
    pub api_rate_per_minute: u32,
    /// How often an idle live-update stream (`/events`) sends a keep-alive and re-checks its session.
    pub live_keep_alive: Duration,
    /// Where documents uploaded to tickets are stored (outside the site root).
    pub upload_dir: PathBuf,
    /// The largest document accepted, in bytes.
    pub max_upload_bytes: u64,
    /// The weights of the job-matching score (`--matching-weights`).
    pub matching_weights: app::matching::MatchWeights,
}

impl RouterConfig {
    pub fn from_args(args: &ServeArgs) -> Result<RouterConfig, StartError> {
        let public_origin = PublicOrigin::parse(&args.public_origin)
            .map_err(|e| StartError::Config(e.to_string()))?;
        let demo_mode = args.mode == Mode::Demo;
        let demo_login = args.demo_login.unwrap_or(demo_mode);
        if demo_login && !demo_mode {
            return Err(StartError::Config(
                "the demo identity provider cannot run in production mode: \
                 unset SPORTELLO_DEMO_LOGIN or start with --mode demo"
                    .into(),
            ));
        }
        if args.session_idle_minutes == 0 || args.session_max_hours == 0 {
            return Err(StartError::Config(
                "session timeouts must be at least one minute and one hour".into(),
            ));
        }
        if args.max_upload_mb == 0 || args.max_upload_mb > crate::files::MAX_UPLOAD_MB_CEILING {
            return Err(StartError::Config(format!(
                "--max-upload-mb must be between 1 and {}",
                crate::files::MAX_UPLOAD_MB_CEILING
            )));
        }
        let upload_dir = args
            .upload_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::files::FALLBACK_UPLOAD_DIR));
        crate::files::check_upload_dir(&upload_dir, &args.site_root).map_err(StartError::Config)?;
        Ok(RouterConfig {
            public_origin,
            site_root: args.site_root.clone(),
            assets: AssetNames::load(),
            max_body_bytes: args.max_body_bytes,
            request_timeout: Duration::from_secs(args.request_timeout_secs),
            demo_mode,
            demo_login,
            session_policy: SessionPolicy {
                idle_timeout: Duration::from_secs(args.session_idle_minutes * 60),
                absolute_lifetime: Duration::from_secs(args.session_max_hours * 3600),
            },
            oidc_providers: args.oidc_providers.clone(),
            login_rate_per_minute: args.login_rate_per_minute,
            api_rate_per_minute: args.api_rate_per_minute,
            live_keep_alive: crate::realtime::DEFAULT_KEEP_ALIVE,
            upload_dir,
            max_upload_bytes: args.max_upload_mb * 1024 * 1024,
            matching_weights: match &args.matching_weights {
                None => app::matching::MatchWeights::default(),
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))
                    .and_then(|text| {
                        app::matching::MatchWeights::from_json(&text).map_err(|e| e.to_string())
                    })
                    .map_err(|e| StartError::Config(format!("--matching-weights: {e}")))?,
            },
        })
    }

    /// The settings of a local run with everything on its default: for tests.
    pub fn local(public_origin: PublicOrigin, site_root: PathBuf) -> RouterConfig {
        RouterConfig {
            public_origin,
            site_root,
            assets: AssetNames::load(),
            max_body_bytes: 2 * 1024 * 1024,
            // Generous for tests: on a CI machine still writing back gigabytes of freshly linked
            // test binaries, one fsync of SQLite or PostgreSQL has stalled a page past 30 s (seen
            // twice as a 408). A real hang still fails, later.
            request_timeout: Duration::from_secs(120),
            demo_mode: false,
            demo_login: false,
            session_policy: SessionPolicy::default(),
            oidc_providers: None,
            login_rate_per_minute: 30,
            api_rate_per_minute: 600,
            live_keep_alive: crate::realtime::DEFAULT_KEEP_ALIVE,
            upload_dir: std::env::temp_dir().join("sportello-uploads"),
            max_upload_bytes: app::domain::document::DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
            matching_weights: app::matching::MatchWeights::default(),
        }
    }
}

#[derive(Clone, FromRef)]
struct AppState {
    leptos_options: LeptosOptions,
    db: Db,
    origin: PublicOrigin,
    service_worker: Arc<ServiceWorker>,
}

/// The whole HTTP application, on the machine's clock.
pub fn router(config: &RouterConfig, db: Db) -> Result<Router, StartError> {
    router_with_clock(config, db, Arc::new(SystemClock))
}

/// The whole HTTP application on a given clock (tests move time with a `ManualClock`), with the
/// live-update bus of `db` (see [`LiveBus::start`]).
pub fn router_with_clock(
    config: &RouterConfig,
    db: Db,
    clock: Arc<dyn Clock>,
) -> Result<Router, StartError> {
    let live = LiveBus::start(&db);
    router_with_live(config, db, clock, live)
}

/// The whole HTTP application on a given clock and live-update bus.
pub fn router_with_live(
    config: &RouterConfig,
    db: Db,
    clock: Arc<dyn Clock>,
    live: LiveBus,
) -> Result<Router, StartError> {
    crate::telemetry::install_span_propagating_executor();
    let providers = match &config.oidc_providers {
        Some(path) => oidc::Providers::load(path).map_err(StartError::Config)?,
        None => oidc::Providers::none(),
    };
    let cookies = CookiePolicy::for_origin(&config.public_origin);
    if !cookies.is_secure() {
        tracing::warn!(origin = %config.public_origin, "plain http on a non-loopback host: session cookies cannot use the __Host- prefix or Secure; serve over https");
    }
    let login_providers = LoginProviders(providers.links());
    let auth = Arc::new(AuthState {
        db: db.clone(),
        public_origin: config.public_origin.clone(),
        clock: clock.clone(),
        session_policy: config.session_policy,
        cookies,
        demo_login: config.demo_login,
        oidc: providers,
    });
    let files = crate::files::routes(crate::files::FilesState {
        db: db.clone(),
        clock: clock.clone(),
        upload_dir: config.upload_dir.clone(),
        max_upload_bytes: config.max_upload_bytes,
        live: live.clone(),
    });
    let upload_limit = app::api::documents::UploadLimit(config.max_upload_bytes);
    let matching_weights = config.matching_weights.clone();
    let demo_mode = DemoMode(config.demo_mode);
    let demo_login = DemoLogin(config.demo_login);
    let leptos_options = LeptosOptions::builder()
        .output_name(AssetNames::output_name())
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        // Leptos reads the hash file itself (and panics without it), so only when it is really there.
        .hash_files(config.assets.hashed && crate::assets::hash_file().exists())
        .build();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        origin: config.public_origin.clone(),
        service_worker: Arc::new(ServiceWorker::new(&config.assets)),
    };
    let shell_assets = ShellAssets {
        css_href: format!("/pkg/{}", config.assets.css),
    };
    let realtime = crate::realtime::routes(crate::realtime::RealtimeState {
        auth: auth.clone(),
        live: live.clone(),
        keep_alive: config.live_keep_alive,
    });
    let ics_routes = crate::outbox::ics_download::routes(db.clone(), clock.clone());
    // PDFs print links to the site (the certificate's QR): the configured origin, not the Host header.
    let pdf_routes = crate::pdf::routes::routes(db.clone(), clock.clone())
        .layer(axum::Extension(config.public_origin.clone()));
    let context = move || {
        provide_context(db.clone());
        provide_context(live.clone());
        provide_context(shell_assets.clone());
        provide_context(SharedClock(clock.clone()));
        provide_context(demo_mode);
        provide_context(demo_login);
        provide_context(login_providers.clone());
        provide_context(upload_limit);
        provide_context(matching_weights.clone());
        // Pages get a CSP naming this request's nonce, which Leptos puts on every script it emits.
        if let (Some(nonce), Some(res)) =
            (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
        {
            if let Ok(csp) = HeaderValue::from_str(&page_csp(nonce.as_inner())) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, csp);
            }
        }
    };
    let routes = page_routes();

    let pages = Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/sw.js", get(service_worker))
        .route("/lang", post(language::switch_language))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state);

    let login_limiter = RateLimiter::new("login", config.login_rate_per_minute);
    let api_limiter = RateLimiter::new("api", config.api_rate_per_minute);
    // Logout stays outside the login limit: a client that used up its logins must still be able
    // to end its session.
    let auth_routes = Router::new()
        .route("/auth/demo", post(demo_idp::persona_login))
        .route("/auth/demo/cittadino", post(demo_idp::new_citizen))
        .merge(oidc::routes())
        .layer(from_fn_with_state(login_limiter, rate_limit::layer))
        .route("/auth/logout", post(logout::logout))
        .with_state(auth.clone());

    let https = config.public_origin.is_https();
    Ok(pages
        .merge(auth_routes)
        .merge(ics_routes)
        .merge(pdf_routes)
        .merge(realtime)
        // The request body limit of every route but the document upload, which has its own (a
        // larger one, enforced where its handler can still answer with a page rather than a bare
        // 413). Routes merged after `files` get no limit: merge new routes above this line.
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .merge(files)
        .layer(from_fn_with_state(api_limiter, rate_limit::api_layer))
        .layer(from_fn_with_state(auth, session_layer))
        .layer(axum::middleware::from_fn(api_errors::layer))
        .layer(from_fn_with_state(config.assets.hashed, cache_policy::layer))
        .layer(from_fn_with_state(config.public_origin.clone(), origin_check::layer))
        .layer(from_fn_with_state(HeaderConfig { https }, security_headers::layer))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<Body>| {
                            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                            tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                        })
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CatchPanicLayer::custom(panic::handle_panic))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout)),
        ))
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    live: LiveBus,
    grace: Duration,
}

impl Application {
    pub async fn build(args: ServeArgs, db: Db) -> Result<Application, StartError> {
        let config = RouterConfig::from_args(&args)?;
        crate::files::prepare_upload_dir(&config.upload_dir).map_err(StartError::Config)?;
        let live = LiveBus::start(&db);
        // Listening before serving, so that no change published by another process is missed; a
        // PostgreSQL that refuses the listener does not stop the server (it keeps trying).
        if !live.ready(LIVE_READY_WAIT).await {
            tracing::warn!(
                "live updates: not listening yet; pages update once the listener connects"
            );
        }
        let router = router_with_live(&config, db.clone(), Arc::new(SystemClock), live.clone())?;
        if args.outbox_interval_secs > 0 {
            let config = crate::outbox::OutboxConfig::new(
                crate::outbox::mailer(&args.mail)?,
                &args.mail.mail_from,
                &args.public_origin,
            );
            crate::outbox::spawn(
                db.clone(),
                Arc::new(SystemClock),
                config,
                Duration::from_secs(args.outbox_interval_secs),
            );
        }
        crate::vacancy_expiry::spawn(
            db.clone(),
            Arc::new(SystemClock),
            crate::vacancy_expiry::EXPIRY_INTERVAL,
        );
        crate::search_alerts::spawn(
            db.clone(),
            Arc::new(SystemClock),
            crate::search_alerts::ALERTS_INTERVAL,
        );
        if args.retention_interval_minutes > 0 {
            crate::retention::spawn(
                db.clone(),
                Arc::new(SystemClock),
                crate::retention::RetentionRules::default(),
                Duration::from_secs(args.retention_interval_minutes * 60),
            );
        }
        let listener = TcpListener::bind(args.listen)
            .await
            .map_err(|e| StartError::Bind {
                addr: args.listen,
                reason: e.kind().to_string(),
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Serve(e.to_string()))?;
        tracing::info!(%addr, origin = %config.public_origin, hashed_assets = config.assets.hashed, "listening");
        Ok(Application {
            listener,
            router,
            db,
            live,
            grace: Duration::from_secs(args.shutdown_grace_secs),
        })
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests finish (up to the
    /// grace period) and closes the database.
    pub async fn serve_until_signal(self) -> Result<(), StartError> {
        let stopping = Arc::new(tokio::sync::Notify::new());
        let signal = {
            let stopping = stopping.clone();
            let live = self.live.clone();
            async move {
                wait_for_signal().await;
                tracing::info!("shutdown requested: finishing in-flight requests");
                // Live-update streams never finish by themselves; their pages reconnect elsewhere.
                live.close();
                stopping.notify_one();
            }
        };
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signal);
        let grace = self.grace;
        let deadline = async move {
            stopping.notified().await;
            tokio::time::sleep(grace).await;
        };
        let result = tokio::select! {
            r = server => r.map_err(|e| StartError::Serve(e.to_string())),
            () = deadline => {
                tracing::warn!(grace_secs = grace.as_secs(), "grace period over: exiting with requests still open");
                Ok(())
            }
        };
        self.db.close().await;
        tracing::info!("stopped");
        result
    }
}

async fn wait_for_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The page routes, generated once per process. Generating them raises a process-wide Leptos flag
/// (`SuppressResourceLoad`) that parks for good any resource first polled while it is up
/// (leptos-rs/leptos#4773): a router built beside a page being rendered in the same process — the
/// tests build one per test, in parallel — would hang that page until the request timeout.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
