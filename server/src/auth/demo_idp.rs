//! The built-in demo identity provider (demo mode only). It stands where SPID/CIE would: the login
//! page lists the demo personas (`app_user.persona`, seeded by `seed --demo`) and a form to make up a
//! new citizen, whose codice fiscale is computed from the data entered. Both are plain form posts, so
//! they work without JavaScript, and both end in the same session start as a real login.
//! With demo login off every route here answers 404, as if it did not exist.

use super::{request_id, see_other, AuthState, LoginFacts};
use crate::http::language::safe_next;
use app::domain::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, Sex};
use app::domain::policy::UserId;
use app::store::identity::{citizen_account, VerifiedCitizen};
use app::store::reference::belfiore_by_comune_name;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use sqlx::Row;
use std::sync::Arc;

/// The authentication level recorded for demo logins.
pub const DEMO_LEVEL: &str = "demo";
/// Where a demo login lands unless the form says otherwise.
const LANDING: &str = "/area-personale";
/// Longest accepted name part.
const MAX_NAME_CHARS: usize = 60;

#[derive(Debug, Deserialize)]
pub struct PersonaForm {
    pub persona: String,
    pub next: Option<String>,
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found\n").into_response()
}

fn failed(e: sqlx::Error) -> Response {
    let reference = app::error::ErrorRef::new();
    tracing::error!(%reference, error = %e, "demo login failed");
    see_other("/accesso?errore=interno", vec![])
}

async fn persona_user(auth: &AuthState, persona: &str) -> Result<Option<UserId>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT id FROM app_user WHERE persona = $1 AND disabled_at IS NULL")
            .bind(persona)
            .fetch_optional(auth.db.pool())
            .await?
            .map(|row| row.try_get::<i64, _>(0))
            .transpose()?
            .map(UserId),
    )
}

async fn log_in(auth: &AuthState, headers: &HeaderMap, user: UserId, next: &str) -> Response {
    let facts = LoginFacts {
        provider: "demo",
        auth_level: Some(DEMO_LEVEL),
        request_id: request_id(headers),
    };
    match auth.start_session(headers, user, &facts).await {
        Ok(Some(cookie)) => see_other(next, vec![Some(cookie)]),
        Ok(None) => see_other("/accesso?errore=disabilitato", vec![]),
        Err(e) => failed(e),
    }
}

/// `POST /auth/demo`: log in as a persona.
pub async fn persona_login(
    State(auth): State<Arc<AuthState>>,
    headers: HeaderMap,
    Form(form): Form<PersonaForm>,
) -> Response {
    if !auth.demo_login {
        return not_found();
    }
    let next = match form.next.as_deref() {
        Some(n) if !n.is_empty() => safe_next(Some(n)),
        _ => LANDING,
    };
    match persona_user(&auth, form.persona.trim()).await {
        Ok(Some(user)) => log_in(&auth, &headers, user, next).await,
        Ok(None) => see_other("/accesso?errore=persona", vec![]),
        Err(e) => failed(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct NewCitizenForm {
    pub given_name: String,
    pub family_name: String,
    pub sex: String,
    pub birth_date: String,
    pub birth_place: String,
}

/// A name part as entered: trimmed, single-spaced, letters (any script), spaces, apostrophes, hyphens.
fn name_part(raw: &str) -> Option<String> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = !cleaned.is_empty()
        && cleaned.chars().count() <= MAX_NAME_CHARS
        && cleaned
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-' | '’'));
    ok.then_some(cleaned)
}

/// `POST /auth/demo/cittadino`: make up a citizen and log in as them. Field problems go back to the
/// login page as codes only (never the values: they are personal data and would land in the URL).
pub async fn new_citizen(
    State(auth): State<Arc<AuthState>>,
    headers: HeaderMap,
    Form(form): Form<NewCitizenForm>,
) -> Response {
    if !auth.demo_login {
        return not_found();
    }
    let given = name_part(&form.given_name);
    let family = name_part(&form.family_name);
    let sex = match form.sex.as_str() {
        "M" => Some(Sex::Male),
        "F" => Some(Sex::Female),
        _ => None,
    };
    let today = auth.clock.now();
    let today_iso = today.to_iso();
    let birth = CalendarDate::parse_iso(form.birth_date.trim())
        .filter(|d| d.to_string().as_str() <= &today_iso[..10] && d.year() >= 1900);
    let mut conn = match auth.db.pool().acquire().await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let place = match belfiore_by_comune_name(&mut conn, &form.birth_place).await {
        Ok(place) => place.as_deref().and_then(Belfiore::parse),
        Err(e) => return failed(e),
    };
    drop(conn);
    let (Some(given), Some(family), Some(sex), Some(birth), Some(place)) =
        (given, family, sex, birth, place)
    else {
        let mut bad = Vec::new();
        for (field, ok) in [
            ("given_name", name_part(&form.given_name).is_some()),
            ("family_name", name_part(&form.family_name).is_some()),
            ("sex", sex.is_some()),
            ("birth_date", birth.is_some()),
            ("birth_place", place.is_some()),
        ] {
            if !ok {
                bad.push(field);
            }
        }
        return see_other(&format!("/accesso?errore={}", bad.join(",")), vec![]);
    };
    let who = VerifiedCitizen {
        codice_fiscale: CodiceFiscale::generate(&family, &given, birth, sex, place),
        given_name: given,
        family_name: family,
        birth_date: Some(birth),
    };
    let account = async {
        let mut tx = auth.db.begin_write().await?;
        let account = citizen_account(&mut tx, &who, today).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(account)
    };
    match account.await {
        Ok(Ok(user)) => log_in(&auth, &headers, user, LANDING).await,
        Ok(Err(_disabled)) => see_other("/accesso?errore=disabilitato", vec![]),
        Err(e) => failed(e),
    }
}
