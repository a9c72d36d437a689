//! The two browser-facing steps of the authorization code flow.
//!
//! - `GET /auth/oidc/{provider}/start?next=/path` records a login attempt (state, nonce, PKCE
//!   verifier, browser binding) and sends the browser to the provider.
//! - `GET /auth/oidc/callback?code=…&state=…` uses the attempt up, exchanges the code, verifies the
//!   ID token, identifies the citizen and starts the session.
//!
//! Every failure ends on the login page with a code it explains (`/accesso?errore=…`), never on an
//! error page: the person can simply try again. Refusals are logged with a reason and the request
//! id, and recorded in the audit log as `auth.login` / `denied`; codes and tokens never are.

use super::discovery::{KeyLookup, Metadata, Provider};
use super::exchange::{exchange_code, userinfo, UserinfoAnswer};
use super::id_token::{check_claims, Expected, Jws, TokenProblem};
use super::identity::identity_from_claims;
use super::pkce::AttemptSecrets;
use super::refusal::Refusal;
use crate::auth::{request_id, see_other, AuthState, LoginFacts};
use crate::http::language::safe_next;
use app::error::ErrorRef;
use app::store::audit::{append_audit_event, AuditOutcome, NewAuditEvent};
use app::store::identity::citizen_account;
use app::store::login_attempts::{
    record_login_attempt, take_login_attempt, AttemptCheck, LoginAttempt, NewLoginAttempt,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;

/// How long a login attempt may take, from the start to the callback (as long as its cookie lives).
const ATTEMPT_LIFETIME: Duration = Duration::from_secs(crate::auth::cookies::LOGIN_COOKIE_SECS);
/// Where a login lands unless the start said otherwise.
const LANDING: &str = "/area-personale";
/// Longest `next` kept; a longer one is replaced by the landing page.
const MAX_NEXT_CHARS: usize = 512;
/// The path the provider sends the browser back to (registered with the provider).
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";

#[derive(Debug, Default, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// The callback's parameters. All optional: whatever is missing is a refusal, not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    /// RFC 9207: the issuer of the answer, when the provider sends it.
    iss: Option<String>,
}

fn return_to(next: Option<&str>) -> &str {
    match next {
        Some(n) if !n.is_empty() && n.chars().count() <= MAX_NEXT_CHARS => safe_next(Some(n)),
        _ => LANDING,
    }
}

fn redirect_uri(auth: &AuthState) -> String {
    format!("{}{CALLBACK_PATH}", auth.public_origin)
}

fn unix_seconds(auth: &AuthState) -> i64 {
    auth.clock.now().unix_millis().div_euclid(1000)
}

fn internal(e: sqlx::Error, what: &str) -> Refusal {
    let reference = ErrorRef::new();
    tracing::error!(%reference, error = %e, "OIDC login: {what}");
    Refusal::Internal(reference)
}

/// The provider's authorization URL for this attempt.
fn authorization_url(
    auth: &AuthState,
    provider: &Provider,
    metadata: &Metadata,
    secrets: &AttemptSecrets,
) -> String {
    let config = &provider.config;
    let mut url = metadata.authorization_endpoint.clone();
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", &config.client_id)
            .append_pair("redirect_uri", &redirect_uri(auth))
            .append_pair("scope", &config.scopes.join(" "))
            .append_pair("state", &secrets.state)
            .append_pair("nonce", &secrets.nonce)
            .append_pair("code_challenge", &secrets.code_challenge())
            .append_pair("code_challenge_method", "S256");
        if let Some(acr) = &config.acr_values {
            query.append_pair("acr_values", acr);
        }
        if config.prompt_login {
            query.append_pair("prompt", "login");
        }
    }
    url.into()
}

/// `GET /auth/oidc/{provider}/start`
pub async fn start(
    State(auth): State<Arc<AuthState>>,
    Path(provider_id): Path<String>,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Response {
    let Some(provider) = auth.oidc.get(&provider_id) else {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    };
    let Query(query) = query.unwrap_or_default();
    let metadata = match provider.metadata().await {
        Ok(m) => m,
        Err(failure) => {
            tracing::warn!(provider = %provider_id, %failure, "OIDC provider unavailable");
            return see_other(&Refusal::Provider("discovery").location(), vec![]);
        }
    };
    let secrets = AttemptSecrets::generate();
    let attempt = NewLoginAttempt {
        state: &secrets.state,
        provider: &provider.config.id,
        nonce: &secrets.nonce,
        pkce_verifier: &secrets.pkce_verifier,
        browser_secret: &secrets.browser_secret,
        return_to: return_to(query.next.as_deref()),
    };
    let recorded = async {
        let mut conn = auth.db.pool().acquire().await?;
        record_login_attempt(&mut conn, &attempt, auth.clock.now(), ATTEMPT_LIFETIME).await
    };
    if let Err(e) = recorded.await {
        let refusal = internal(e, "cannot record the attempt");
        return see_other(&refusal.location(), vec![]);
    }
    // The one redirect that leaves the site: to the provider's own (checked) endpoint.
    let location = authorization_url(&auth, provider, &metadata, &secrets);
    see_other(
        &location,
        vec![auth.cookies.set_login(&secrets.browser_secret)],
    )
}

/// A completed login: where to go, and the session cookie.
struct LoggedIn {
    return_to: String,
    session_cookie: HeaderValue,
}

/// A refused login, with the provider when it is known.
struct Failed {
    refusal: Refusal,
    provider: Option<String>,
}

impl From<Refusal> for Failed {
    fn from(refusal: Refusal) -> Failed {
        Failed {
            refusal,
            provider: None,
        }
    }
}

/// `GET /auth/oidc/callback`
pub async fn callback(
    State(auth): State<Arc<AuthState>>,
    headers: HeaderMap,
    query: Result<Query<CallbackQuery>, QueryRejection>,
) -> Response {
    let Query(query) = query.unwrap_or_default();
    match complete(&auth, &headers, &query).await {
        Ok(done) => see_other(
            &done.return_to,
            vec![Some(done.session_cookie), auth.cookies.clear_login()],
        ),
        Err(failed) => refuse(&auth, &headers, failed).await,
    }
}

/// Logs and audits a refusal, and sends the browser to the login page with its code.
async fn refuse(auth: &AuthState, headers: &HeaderMap, failed: Failed) -> Response {
    let Failed { refusal, provider } = failed;
    let request_id = request_id(headers);
    tracing::warn!(
        provider = provider.as_deref().unwrap_or("-"),
        reason = refusal.reason(),
        request_id = request_id.unwrap_or("-"),
        "OIDC login refused"
    );
    if !matches!(refusal, Refusal::Internal(_)) {
        let detail = serde_json::json!({ "provider": provider, "reason": refusal.reason() });
        let audited = async {
            let mut conn = auth.db.pool().acquire().await?;
            append_audit_event(
                &mut conn,
                auth.clock.now(),
                &NewAuditEvent {
                    actor_user_id: None,
                    acting_for_person_id: None,
                    mandate_id: None,
                    subject_person_id: None,
                    action: "auth.login",
                    object_type: "session",
                    object_id: None,
                    outcome: AuditOutcome::Denied,
                    request_id,
                    detail: Some(&detail),
                },
            )
            .await
        };
        if let Err(e) = audited.await {
            tracing::error!(error = %e, "cannot audit a refused OIDC login");
        }
    }
    see_other(&refusal.location(), vec![auth.cookies.clear_login()])
}

/// The attempt behind `state`, used up whatever happens next.
async fn take_attempt(
    auth: &AuthState,
    headers: &HeaderMap,
    state: Option<&str>,
) -> Result<LoginAttempt, Refusal> {
    let Some(state) = state.filter(|s| !s.is_empty()) else {
        return Err(Refusal::Attempt("state_missing"));
    };
    let browser = auth.cookies.login_secret(headers);
    let check = async {
        let mut conn = auth.db.pool().acquire().await?;
        take_login_attempt(&mut conn, state, browser, auth.clock.now()).await
    };
    match check
        .await
        .map_err(|e| internal(e, "cannot check the attempt"))?
    {
        AttemptCheck::Valid(attempt) => Ok(attempt),
        other => Err(Refusal::from_attempt(&other)),
    }
}

/// Verifies a JWS from the provider with its keys, and returns the claims.
async fn verified_claims(
    provider: &Provider,
    metadata: &Metadata,
    token: &str,
) -> Result<Map<String, Value>, Refusal> {
    let jws = Jws::parse(token).map_err(Refusal::Token)?;
    let key = match provider.key_for(metadata, &jws).await {
        Ok(key) => key,
        Err(KeyLookup::Refused(problem)) => return Err(Refusal::Token(problem)),
        Err(KeyLookup::Unreachable(failure)) => {
            tracing::warn!(provider = %provider.config.id, %failure, "OIDC keys unavailable");
            return Err(Refusal::Provider("jwks"));
        }
    };
    jws.verify(&key).map_err(Refusal::Token)
}

/// Adds the userinfo claims the ID token lacks. The userinfo `sub` must be the ID token's
/// (OpenID Connect Core §5.3.2), or the answer is about someone else.
async fn merge_userinfo(
    provider: &Provider,
    metadata: &Metadata,
    access_token: Option<&str>,
    claims: &mut Map<String, Value>,
) -> Result<(), Refusal> {
    let Some(access_token) = access_token else {
        tracing::warn!(provider = %provider.config.id, "no access token for userinfo");
        return Err(Refusal::Provider("userinfo"));
    };
    let extra = match userinfo(provider, metadata, access_token).await {
        Ok(UserinfoAnswer::Claims(extra)) => extra,
        Ok(UserinfoAnswer::Signed(jwt)) => {
            let extra = verified_claims(provider, metadata, &jwt).await?;
            let issuer_ok = extra
                .get("iss")
                .is_none_or(|iss| iss.as_str() == Some(provider.config.issuer.as_str()));
            if !issuer_ok {
                return Err(Refusal::Token(TokenProblem::Issuer));
            }
            extra
        }
        Err(failure) => {
            tracing::warn!(provider = %provider.config.id, %failure, "OIDC userinfo failed");
            return Err(Refusal::Provider("userinfo"));
        }
    };
    if extra.get("sub") != claims.get("sub") {
        return Err(Refusal::Token(TokenProblem::Subject));
    }
    for (name, value) in extra {
        claims.entry(name).or_insert(value);
    }
    Ok(())
}

async fn complete(
    auth: &AuthState,
    headers: &HeaderMap,
    query: &CallbackQuery,
) -> Result<LoggedIn, Failed> {
    let attempt = take_attempt(auth, headers, query.state.as_deref()).await?;
    let with_provider = |refusal: Refusal| Failed {
        refusal,
        provider: Some(attempt.provider.clone()),
    };
    match query.error.as_deref() {
        Some("access_denied") => return Err(with_provider(Refusal::Cancelled)),
        Some(_) => return Err(with_provider(Refusal::Provider("provider_error"))),
        None => {}
    }
    let Some(provider) = auth.oidc.get(&attempt.provider) else {
        // The provider was removed from the configuration while this login was in flight.
        return Err(with_provider(Refusal::Provider("provider_unknown")));
    };
    if query
        .iss
        .as_deref()
        .is_some_and(|iss| iss != provider.config.issuer)
    {
        return Err(with_provider(Refusal::Provider("issuer_mismatch")));
    }
    let Some(code) = query.code.as_deref().filter(|c| !c.is_empty()) else {
        return Err(with_provider(Refusal::Provider("code_missing")));
    };
    let metadata = provider.metadata().await.map_err(|failure| {
        tracing::warn!(provider = %provider.config.id, %failure, "OIDC provider unavailable");
        with_provider(Refusal::Provider("discovery"))
    })?;
    let tokens = exchange_code(
        provider,
        &metadata,
        code,
        &attempt.pkce_verifier,
        &redirect_uri(auth),
    )
    .await
    .map_err(|failure| {
        tracing::warn!(provider = %provider.config.id, %failure, "OIDC code exchange failed");
        with_provider(Refusal::Provider("token_endpoint"))
    })?;
    let mut claims = verified_claims(provider, &metadata, &tokens.id_token)
        .await
        .map_err(with_provider)?;
    let expected = Expected {
        issuer: &provider.config.issuer,
        client_id: &provider.config.client_id,
        nonce: &attempt.nonce,
        now: unix_seconds(auth),
    };
    check_claims(&claims, &expected).map_err(|p| with_provider(Refusal::Token(p)))?;
    if provider.config.userinfo {
        merge_userinfo(
            provider,
            &metadata,
            tokens.access_token.as_deref(),
            &mut claims,
        )
        .await
        .map_err(with_provider)?;
    }
    let identity = identity_from_claims(&claims, &provider.config)
        .map_err(|p| with_provider(Refusal::Identity(p)))?;
    let account = async {
        let mut tx = auth.db.begin_write().await?;
        let account = citizen_account(&mut tx, &identity.citizen, auth.clock.now()).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(account)
    };
    let user = match account.await {
        Ok(Ok(user)) => user,
        Ok(Err(_disabled)) => return Err(with_provider(Refusal::Disabled)),
        Err(e) => {
            return Err(with_provider(internal(
                e,
                "cannot find or create the account",
            )))
        }
    };
    let facts = LoginFacts {
        provider: &provider.config.id,
        auth_level: Some(&identity.level),
        request_id: request_id(headers),
    };
    match auth.start_session(headers, user, &facts).await {
        Ok(Some(session_cookie)) => Ok(LoggedIn {
            return_to: return_to(Some(&attempt.return_to)).to_string(),
            session_cookie,
        }),
        Ok(None) => Err(with_provider(Refusal::Disabled)),
        Err(e) => Err(with_provider(internal(e, "cannot start the session"))),
    }
}

#[cfg(test)]
mod tests {
    use super::return_to;

    #[test]
    fn next_is_local_and_short_or_the_landing_page() {
        assert_eq!(return_to(None), "/area-personale");
        assert_eq!(return_to(Some("")), "/area-personale");
        assert_eq!(return_to(Some("/offerte?q=1")), "/offerte?q=1");
        assert_eq!(return_to(Some("https://evil.example")), "/");
        assert_eq!(return_to(Some("//evil.example")), "/");
        let long = format!("/{}", "a".repeat(600));
        assert_eq!(return_to(Some(&long)), "/area-personale");
    }
}
