//! OpenID Connect relying party for SPID/CIE gateways. (Being built: configuration and routes.)

use super::AuthState;
use axum::Router;
use app::api::session::ProviderLink;
use std::path::Path;
use std::sync::Arc;

/// The configured providers.
#[derive(Debug, Default)]
pub struct Providers {
    links: Vec<ProviderLink>,
}

impl Providers {
    pub fn none() -> Providers {
        Providers::default()
    }

    /// Reads the providers file (JSON). Errors are one line for the start-up message.
    pub fn load(path: &Path) -> Result<Providers, String> {
        Err(format!(
            "{}: OIDC provider configuration is not supported yet",
            path.display()
        ))
    }

    pub fn links(&self) -> Vec<ProviderLink> {
        self.links.clone()
    }
}

/// `/auth/oidc/...` routes.
pub fn routes() -> Router<Arc<AuthState>> {
    Router::new()
}
