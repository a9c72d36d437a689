//! Who is logged in, and the ways to log in: for the header, the demo banner and the login page.
//!
//! `session_info` returns only the caller's own name and roles (nothing about anyone else), so it
//! needs no policy decision beyond "the caller's own session". `login_options` is public: the list
//! of identity providers and, in demo mode only, the demo personas (made-up people).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A configured OpenID Connect provider, as the login page links it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderLink {
    pub id: String,
    pub label: String,
}

/// The providers the server was configured with (server context).
#[derive(Debug, Clone, Default)]
pub struct LoginProviders(pub Vec<ProviderLink>);

/// What kind of role, for labels and for which areas the header links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleKind {
    Citizen,
    CompanyAdmin,
    CompanyRecruiter,
    Operator,
    Supervisor,
    Intermediary,
    Admin,
    Auditor,
}

/// The logged-in user as the pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub display_name: String,
    pub roles: Vec<RoleKind>,
    /// The client an intermediary is acting for, by name.
    pub acting_for: Option<String>,
    /// In-app notifications not yet read.
    pub unread_notifications: i64,
}

impl UserSummary {
    pub fn has(&self, kind: RoleKind) -> bool {
        self.roles.contains(&kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Demo mode: the banner shows.
    pub demo: bool,
    pub user: Option<UserSummary>,
}

/// A demo persona on the login page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaCard {
    pub key: String,
    pub display_name: String,
    pub role: RoleKind,
    /// Where they are: comune (citizens), company (members), CPI (operators), organisation.
    pub place: Option<String>,
    /// Age in years, for citizens.
    pub age: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginChoices {
    /// The demo identity provider is on.
    pub demo: bool,
    pub providers: Vec<ProviderLink>,
    pub personas: Vec<PersonaCard>,
}

#[cfg(feature = "ssr")]
fn role_kind(role: &crate::domain::policy::Role) -> RoleKind {
    use crate::domain::policy::Role;
    match role {
        Role::Citizen { .. } => RoleKind::Citizen,
        Role::CompanyAdmin { .. } => RoleKind::CompanyAdmin,
        Role::CompanyRecruiter { .. } => RoleKind::CompanyRecruiter,
        Role::Operator { .. } => RoleKind::Operator,
        Role::Supervisor => RoleKind::Supervisor,
        Role::Intermediary { .. } => RoleKind::Intermediary,
        Role::Admin => RoleKind::Admin,
        Role::Auditor => RoleKind::Auditor,
    }
}

/// The caller's session, for the header and the banner.
#[server(prefix = "/api", endpoint = "session/info")]
pub async fn session_info() -> Result<SessionView, AppError> {
    use crate::api::request::{demo_mode, request_facts};
    use crate::store::{mandates::mandate_by_id, use_db};
    let facts = request_facts()?;
    let user = match facts.principal() {
        None => None,
        Some(p) => {
            // The client's name only while the mandate may be used: a revoked one shows nothing.
            let acting_for = match p.acting_for.as_ref().filter(|m| m.in_force(facts.now)) {
                Some(m) => {
                    let db = use_db()?;
                    let mut conn = db.pool().begin().await?;
                    let name = mandate_by_id(&mut conn, m.id)
                        .await?
                        .map(|r| r.delegator_name);
                    conn.commit().await?;
                    name
                }
                None => None,
            };
            let mut roles: Vec<RoleKind> = p.roles.iter().map(role_kind).collect();
            roles.dedup();
            let unread_notifications = {
                let db = use_db()?;
                let mut conn = db.pool().begin().await?;
                let count =
                    crate::store::notifications::unread_count(&mut conn, p.user_id.0).await?;
                conn.commit().await?;
                count
            };
            Some(UserSummary {
                display_name: p.display_name.clone(),
                roles,
                acting_for,
                unread_notifications,
            })
        }
    };
    Ok(SessionView {
        demo: demo_mode(),
        user,
    })
}

/// How one may log in here. Personas only in demo mode.
#[server(prefix = "/api", endpoint = "session/login-options")]
pub async fn login_options() -> Result<LoginChoices, AppError> {
    use crate::api::request::{demo_login, request_facts};
    use crate::store::{personas::persona_cards, use_db};
    let facts = request_facts()?;
    let demo = demo_login();
    let personas = if demo {
        let db = use_db()?;
        let mut conn = db.pool().begin().await?;
        let cards = persona_cards(&mut conn, facts.now).await?;
        conn.commit().await?;
        cards
    } else {
        Vec::new()
    };
    Ok(LoginChoices {
        demo,
        providers: use_context::<LoginProviders>()
            .map(|p| p.0)
            .unwrap_or_default(),
        personas,
    })
}
