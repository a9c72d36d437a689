//! Progressive web app: the service worker script, generated from the build's hashed asset names.

use crate::assets::AssetNames;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

const TEMPLATE: &str = include_str!("sw.js");

/// Shell pages and static files installed with the worker. Pages listed here must never be personal.
const SHELL_URLS: &[&str] = &[
    "/offline",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
];

#[derive(Debug)]
pub struct ServiceWorker {
    script: String,
}

impl ServiceWorker {
    pub fn new(assets: &AssetNames) -> ServiceWorker {
        let mut urls: Vec<String> = SHELL_URLS.iter().map(|s| s.to_string()).collect();
        urls.extend(assets.urls());
        // A new build has new asset names, hence a new cache name, and old caches are dropped on activate.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        urls.hash(&mut hasher);
        let version = format!("sportello-{:016x}", hasher.finish());
        let precache = serde_json::to_string(&urls).unwrap_or_else(|_| "[]".into());
        let script = TEMPLATE
            .replace("__VERSION__", &version)
            .replace("__PRECACHE__", &precache);
        ServiceWorker { script }
    }

    pub fn script(&self) -> &str {
        &self.script
    }
}

/// A worker runs under the CSP of its own script's response: it must be allowed to fetch from us
/// (the default `default-src 'none'` would block `cache.addAll`), and nothing else.
const WORKER_CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'";

/// `GET /sw.js`. `no-cache` so browsers pick up a new worker as soon as a new build is deployed.
pub async fn service_worker(State(sw): State<Arc<ServiceWorker>>) -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (CONTENT_SECURITY_POLICY, WORKER_CSP),
        ],
        sw.script().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_precaches_shell_and_hashed_assets_and_skips_api() {
        let sw = ServiceWorker::new(&AssetNames::from_hash_file("js: a1\nwasm: b2\ncss: c3\n"));
        let s = sw.script();
        assert!(s.contains("\"/pkg/sportello.a1.js\""));
        assert!(s.contains("\"/pkg/sportello.b2.wasm\""));
        assert!(s.contains("\"/pkg/sportello.c3.css\""));
        assert!(s.contains("\"/offline\""));
        assert!(!s.contains("__VERSION__") && !s.contains("__PRECACHE__"));
        assert!(s.contains("url.pathname.startsWith(\"/api/\")"));
    }

    #[test]
    fn version_changes_with_assets() {
        let a = ServiceWorker::new(&AssetNames::from_hash_file("js: a1\n"));
        let b = ServiceWorker::new(&AssetNames::from_hash_file("js: a2\n"));
        assert_ne!(a.script(), b.script());
    }
}
