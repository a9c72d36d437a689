//! Searches over the reference tables (comuni, occupations), for autocompletes in forms.
//!
//! Public reference data (ISTAT, ESCO): any visitor, logged in or not, may search it, so there is no
//! actor to check and nothing personal to audit.

use crate::domain::reference::{ComuneHit, OccupationHit};
use crate::error::AppError;
use leptos::prelude::*;

/// Checks a search text: `Ok(None)` when too short to search, `Validation` on field `q` when too long.
pub fn parse_query(q: &str) -> Result<Option<String>, AppError> {
    use crate::domain::reference::{MAX_QUERY_CHARS, MIN_QUERY_CHARS};
    use crate::error::{FieldError, FieldProblem};
    let q = q.trim();
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(AppError::Validation {
            fields: vec![FieldError {
                field: "q".into(),
                problem: FieldProblem::TooLong {
                    max: MAX_QUERY_CHARS as u32,
                },
            }],
        });
    }
    Ok((chars >= MIN_QUERY_CHARS).then(|| q.to_string()))
}

/// Comuni whose name starts with `q`, or has a word that does.
#[server(prefix = "/api", endpoint = "reference/comuni")]
pub async fn search_comuni(q: String, limit: Option<u32>) -> Result<Vec<ComuneHit>, AppError> {
    let Some(q) = parse_query(&q)? else {
        return Ok(Vec::new());
    };
    let limit = crate::domain::reference::clamp_limit(limit);
    let db = crate::store::use_db()?;
    Ok(crate::store::reference::search_comuni(&db, &q, limit).await?)
}

/// Occupations with a label or synonym in `lang` (`it`, the default, or `en`) matching `q`.
#[server(prefix = "/api", endpoint = "reference/occupations")]
pub async fn search_occupations(
    q: String,
    lang: Option<String>,
    limit: Option<u32>,
) -> Result<Vec<OccupationHit>, AppError> {
    use crate::domain::search_text::TermLang;
    use crate::error::{FieldError, FieldProblem};
    let lang = match lang.as_deref().map(str::trim) {
        None | Some("") => TermLang::It,
        Some(code) => TermLang::parse(code).ok_or_else(|| AppError::Validation {
            fields: vec![FieldError {
                field: "lang".into(),
                problem: FieldProblem::Invalid,
            }],
        })?,
    };
    let Some(q) = parse_query(&q)? else {
        return Ok(Vec::new());
    };
    let limit = crate::domain::reference::clamp_limit(limit);
    let db = crate::store::use_db()?;
    Ok(crate::store::reference::search_occupations(&db, &q, lang, limit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_search_texts() {
        assert_eq!(parse_query(" p "), Ok(None));
        assert_eq!(parse_query(""), Ok(None));
        assert_eq!(parse_query("  pe "), Ok(Some("pe".into())));
        assert_eq!(parse_query(&"à".repeat(100)), Ok(Some("à".repeat(100))));
        assert!(matches!(
            parse_query(&"a".repeat(101)),
            Err(AppError::Validation { fields }) if fields[0].field == "q"
                && fields[0].problem == crate::error::FieldProblem::TooLong { max: 100 }
        ));
    }
}
