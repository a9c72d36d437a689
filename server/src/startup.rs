//! Builds the router with every layer, binds the listener and serves until SIGINT/SIGTERM.

use crate::assets::AssetNames;
use crate::cli::ServeArgs;
use crate::config::PublicOrigin;
use crate::http::security_headers::{page_csp, HeaderConfig};
use crate::http::{
    api_errors, cache_policy, health, language, origin_check, panic, security_headers,
};
use crate::pwa::{service_worker, ServiceWorker};
use crate::StartError;
use app::store::Db;
use app::{shell, App, ShellAssets};
use axum::body::Body;
use axum::extract::FromRef;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use http::{HeaderName, HeaderValue, Request, StatusCode};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes, ResponseOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
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

/// What the router needs, already validated.
#[derive(Debug, Clone)]
pub struct RouterConfig {
    pub public_origin: PublicOrigin,
    pub site_root: PathBuf,
    pub assets: AssetNames,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
}

impl RouterConfig {
    pub fn from_args(args: &ServeArgs) -> Result<RouterConfig, StartError> {
        let public_origin = PublicOrigin::parse(&args.public_origin)
            .map_err(|e| StartError::Config(e.to_string()))?;
        Ok(RouterConfig {
            public_origin,
            site_root: args.site_root.clone(),
            assets: AssetNames::load(),
            max_body_bytes: args.max_body_bytes,
            request_timeout: Duration::from_secs(args.request_timeout_secs),
        })
    }
}

#[derive(Clone, FromRef)]
struct AppState {
    leptos_options: LeptosOptions,
    db: Db,
    origin: PublicOrigin,
    service_worker: Arc<ServiceWorker>,
}

/// The whole HTTP application.
pub fn router(config: &RouterConfig, db: Db) -> Router {
    crate::telemetry::install_span_propagating_executor();
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
    let context = move || {
        provide_context(db.clone());
        provide_context(shell_assets.clone());
        // Pages get a CSP naming this request's nonce, which Leptos puts on every script it emits.
        if let (Some(nonce), Some(res)) =
            (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
        {
            if let Ok(csp) = HeaderValue::from_str(&page_csp(nonce.as_inner())) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, csp);
            }
        }
    };
    let routes = generate_route_list(App);

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

    let https = config.public_origin.is_https();
    pages
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
                .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout)),
        )
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    grace: Duration,
}

impl Application {
    pub async fn build(args: ServeArgs, db: Db) -> Result<Application, StartError> {
        let config = RouterConfig::from_args(&args)?;
        let router = router(&config, db.clone());
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
            async move {
                wait_for_signal().await;
                tracing::info!("shutdown requested: finishing in-flight requests");
                stopping.notify_one();
            }
        };
        let server = axum::serve(self.listener, self.router).with_graceful_shutdown(signal);
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
