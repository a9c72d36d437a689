//! OpenID Connect relying party for SPID/CIE gateways: the authorization code flow with PKCE
//! (`S256`), `state` bound to the browser, `nonce`, and a fully verified ID token (signature by the
//! provider's published key, issuer, audience, times). The person is the codice fiscale in the
//! fiscal-number claim; SPID level 1 is never enough.
//!
//! - [`config`]: the providers file, read at start-up.
//! - [`discovery`]: the provider's metadata and keys, fetched on first use and cached.
//! - [`jwk`], [`id_token`]: signature and claim checks.
//! - [`pkce`]: the random values of an attempt.
//! - [`exchange`]: the token and userinfo endpoints.
//! - [`identity`]: claims to citizen and level.
//! - [`routes`]: `/auth/oidc/{provider}/start` and `/auth/oidc/callback`; [`refusal`] their failures.
//!
//! The operator's guide is `docs/identity-providers.md`.

pub mod config;
pub mod discovery;
pub mod exchange;
pub mod id_token;
pub mod identity;
pub mod jwk;
pub mod pkce;
pub mod refusal;
pub mod routes;

use super::AuthState;
use app::api::session::ProviderLink;
use axum::routing::get;
use axum::Router;
use discovery::Provider;
use std::path::Path;
use std::sync::Arc;

/// The configured providers.
#[derive(Debug, Default)]
pub struct Providers {
    list: Vec<Provider>,
}

impl Providers {
    pub fn none() -> Providers {
        Providers::default()
    }

    /// Reads the providers file (JSON) and the client secrets from the environment variables it
    /// names. Errors are one line for the start-up message. Providers are not contacted here: one
    /// that is down at start-up only fails its own logins.
    pub fn load(path: &Path) -> Result<Providers, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: cannot read the OIDC providers file: {e}",
                path.display()
            )
        })?;
        let configs = config::parse_providers(&text, &|name| std::env::var(name).ok())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let http = discovery::http_client()?;
        Ok(Providers {
            list: configs
                .into_iter()
                .map(|c| Provider::new(c, http.clone()))
                .collect(),
        })
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.list.iter().find(|p| p.config.id == id)
    }

    /// The login page's buttons, in the file's order.
    pub fn links(&self) -> Vec<ProviderLink> {
        self.list
            .iter()
            .map(|p| ProviderLink {
                id: p.config.id.clone(),
                label: p.config.label.clone(),
            })
            .collect()
    }
}

/// `/auth/oidc/...` routes.
pub fn routes() -> Router<Arc<AuthState>> {
    Router::new()
        .route("/auth/oidc/{provider}/start", get(routes::start))
        .route(routes::CALLBACK_PATH, get(routes::callback))
}
