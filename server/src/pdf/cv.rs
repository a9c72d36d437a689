//! The CV downloads of the profile (issue 7): `GET /area-personale/profilo/cv.pdf`, a Europass-like
//! CV, and `GET /area-personale/profilo/cv.json`, the whole profile as JSON. The person's own, or
//! with `?persona=<id>` a person's for CPI staff; authorised like `get_profile`, and audited
//! (`profile.cv`) when the reader is not the person.

use super::routes::{error_response, locale, pdf_response, PdfState};
use super::PdfDoc;
use app::api::profile::server::read_profile;
use app::api::profile::ProfileView;
use app::domain::profile::Section;
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

pub const CV_PDF_PATH: &str = "/area-personale/profilo/cv.pdf";
pub const CV_JSON_PATH: &str = "/area-personale/profilo/cv.json";

/// The person named by `?persona=`; anything else in the query is ignored.
fn persona(request: &http::request::Parts) -> Result<Option<i64>, AppError> {
    let Some(query) = request.uri.query() else {
        return Ok(None);
    };
    match query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "persona")
    {
        Some((_, value)) => value.parse().map(Some).map_err(|_| AppError::NotFound),
        None => Ok(None),
    }
}

async fn load(state: &PdfState, request: &http::request::Parts) -> Result<ProfileView, AppError> {
    let facts = state.facts(request);
    let person = persona(request)?;
    let lang = locale(request).code();
    let mut tx = state.db.begin_write().await?;
    let view = read_profile(&mut tx, &facts, person, lang, "profile.cv").await?;
    tx.commit().await?;
    Ok(view)
}

fn filename(view: &ProfileView, extension: &str) -> String {
    let name: String = format!("cv-{}-{}", view.given_name, view.family_name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{name}.{extension}")
}

pub async fn cv_pdf(State(state): State<PdfState>, request: http::request::Parts) -> Response {
    let locale = locale(&request);
    match load(&state, &request).await {
        Ok(view) => pdf_response(cv_document(&view, locale), &filename(&view, "pdf")),
        Err(error) => error_response(&error, locale),
    }
}

pub async fn cv_json(State(state): State<PdfState>, request: http::request::Parts) -> Response {
    let locale = locale(&request);
    let view = match load(&state, &request).await {
        Ok(view) => view,
        Err(error) => return error_response(&error, locale),
    };
    let body = match serde_json::to_vec_pretty(&export(&view)) {
        Ok(body) => body,
        Err(e) => return error_response(&AppError::internal(format!("cv json: {e}")), locale),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        filename(&view, "json")
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The profile as exported: every section, without what only the pages need.
fn export(view: &ProfileView) -> serde_json::Value {
    serde_json::json!({
        "person": {
            "given_name": view.given_name,
            "family_name": view.family_name,
            "birth_date": view.birth_date,
            "email": view.email,
            "phone": view.phone,
        },
        "visibility": view.visibility.code(),
        "eqf_level": view.eqf_level,
        "education": view.education,
        "experience": view.experience,
        "skills": view.skills,
        "languages": view.languages.iter().map(|l| serde_json::json!({
            "lang": l.lang,
            "level": l.level.code(),
        })).collect::<Vec<_>>(),
        "driving_licences": view.licences,
        "desired_occupations": view.desired,
        "contracts": view.contracts,
        "availability": view.preferences,
        "presentation": view.presentation,
        "completeness": view.completeness.score,
        "updated_at": view.updated_at,
    })
}

/// The CV's layout, after the Europass CV: personal information, presentation, occupations
/// sought, experience (newest first), education, languages, skills, licences, availability.
pub fn cv_document(view: &ProfileView, locale: Locale) -> Vec<u8> {
    let t = locale.messages();
    let p = t.profile;
    let choice = t.vacancy_form.choice;
    let name = format!("{} {}", view.given_name, view.family_name);
    let mut doc = PdfDoc::new(&format!("{} – {name}", p.cv_title), locale.code());
    doc.heading(&name);
    doc.paragraph(p.cv_title);
    doc.rule();
    doc.subheading(p.cv_personal);
    doc.field(p.cv_birth_date, &view.birth_date);
    if let Some(email) = &view.email {
        doc.field(p.cv_email, email);
    }
    if let Some(phone) = &view.phone {
        doc.field(p.cv_phone, phone);
    }
    if let Some(text) = &view.presentation {
        doc.subheading(p.presentation_label);
        doc.paragraph(text);
    }
    if !view.desired.is_empty() {
        doc.subheading((p.section_title)(Section::Desired));
        let list: Vec<&str> = view.desired.iter().map(|d| d.label.as_str()).collect();
        doc.paragraph(&list.join(", "));
    }
    if !view.experience.is_empty() {
        doc.subheading((p.section_title)(Section::Experience));
        for e in &view.experience {
            let from = e.from.get(..7).unwrap_or(&e.from);
            let to = e.to.as_deref().map(|t| t.get(..7).unwrap_or(t));
            doc.field(
                &(p.period)(from, to),
                &format!("{} – {}", e.occupation, e.employer),
            );
        }
    }
    if !view.education.is_empty() {
        doc.subheading((p.section_title)(Section::Education));
        for e in &view.education {
            let level = choice("eqf", &e.eqf.to_string());
            let title = match e.year {
                Some(y) => format!("{} ({y})", e.title),
                None => e.title.clone(),
            };
            doc.field(&title, level);
        }
    }
    if !view.languages.is_empty() {
        doc.subheading((p.section_title)(Section::Languages));
        for l in &view.languages {
            doc.field((p.language_name)(&l.lang), (p.cefr)(l.level));
        }
    }
    if !view.skills.is_empty() {
        doc.subheading((p.section_title)(Section::Skills));
        let list: Vec<&str> = view.skills.iter().map(|s| s.label.as_str()).collect();
        doc.paragraph(&list.join(" · "));
    }
    if !view.licences.is_empty() {
        doc.subheading((p.section_title)(Section::Licences));
        let list: Vec<&str> = view.licences.iter().map(|l| (p.licence)(l)).collect();
        doc.paragraph(&list.join(" · "));
    }
    doc.subheading((p.section_title)(Section::Availability));
    let prefs = &view.preferences;
    if let Some(from) = prefs.available_from {
        doc.field(p.available_from_label, &from.to_string());
    }
    doc.field(p.radius_label, &prefs.mobility_radius_km.to_string());
    doc.field(
        p.working_time_label,
        prefs
            .working_time
            .as_deref()
            .map_or(p.any_working_time, |w| choice("working_time", w)),
    );
    if !view.contracts.is_empty() {
        let list: Vec<&str> = view
            .contracts
            .iter()
            .map(|c| choice("contract", c))
            .collect();
        doc.field((p.section_title)(Section::Contracts), &list.join(", "));
    }
    let yes_no = |b: bool| if b { p.yes } else { p.no };
    doc.field(p.vehicle_label, yes_no(prefs.has_vehicle));
    doc.rule();
    let updated = view
        .updated_at
        .as_deref()
        .map(|u| u.get(..10).unwrap_or(u).to_string())
        .unwrap_or_default();
    doc.paragraph(&(p.cv_updated)(&updated));
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persona_comes_from_the_query() {
        let parts = |uri: &str| {
            let (parts, _) = http::Request::builder()
                .uri(uri)
                .body(())
                .expect("request")
                .into_parts();
            parts
        };
        assert_eq!(persona(&parts(CV_PDF_PATH)).ok(), Some(None));
        assert_eq!(
            persona(&parts(&format!("{CV_PDF_PATH}?persona=12"))).ok(),
            Some(Some(12))
        );
        assert!(persona(&parts(&format!("{CV_PDF_PATH}?persona=x"))).is_err());
    }
}
