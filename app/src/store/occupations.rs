//! One occupation with its names and ISCO-08 groups, for the occupation page.

use super::Db;
use crate::api::occupations::{isco_lineage, IscoGroup, OccupationDetail};
use crate::domain::search_text::{normalise, TermLang};
use sqlx::Row;

/// The occupation `id`, or `None` when there is none. Synonyms are every term of a language except
/// the label itself; ISCO groups missing from `isco_group` come back without titles.
pub async fn occupation_by_id(db: &Db, id: &str) -> Result<Option<OccupationDetail>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id, label_it, label_en, isco_code, esco_uri FROM occupation WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let label_it: String = row.try_get("label_it")?;
    let label_en: String = row.try_get("label_en")?;
    let isco_code: String = row.try_get("isco_code")?;

    let terms =
        sqlx::query("SELECT lang, term, term_search FROM occupation_term WHERE occupation_id = $1")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    let (label_it_key, label_en_key) = (normalise(&label_it), normalise(&label_en));
    let mut synonyms_it: Vec<(String, String)> = Vec::new();
    let mut synonyms_en: Vec<(String, String)> = Vec::new();
    for t in terms {
        let lang: String = t.try_get("lang")?;
        let term: String = t.try_get("term")?;
        let key: String = t.try_get("term_search")?;
        match TermLang::parse(&lang) {
            Some(TermLang::It) if key != label_it_key => synonyms_it.push((key, term)),
            Some(TermLang::En) if key != label_en_key => synonyms_en.push((key, term)),
            _ => {}
        }
    }

    Ok(Some(OccupationDetail {
        id: row.try_get("id")?,
        synonyms_it: sorted_terms(synonyms_it),
        synonyms_en: sorted_terms(synonyms_en),
        isco_groups: isco_groups(db, &isco_code).await?,
        isco_code,
        esco_uri: row.try_get("esco_uri")?,
        label_it,
        label_en,
    }))
}

/// Sorted by their search form, so the order is the same on SQLite and PostgreSQL whatever the
/// database collation.
fn sorted_terms(mut terms: Vec<(String, String)>) -> Vec<String> {
    terms.sort();
    terms.into_iter().map(|(_, term)| term).collect()
}

/// The groups of an ISCO-08 code from the major group down, with the titles `isco_group` holds.
async fn isco_groups(db: &Db, code: &str) -> Result<Vec<IscoGroup>, sqlx::Error> {
    let codes = isco_lineage(code);
    let Some(last) = codes.last() else {
        return Ok(Vec::new());
    };
    // Always four placeholders: a shorter lineage repeats its last code.
    let mut query = sqlx::query(
        "SELECT code, title_it, title_en FROM isco_group WHERE code IN ($1, $2, $3, $4)",
    );
    for i in 0..crate::api::occupations::ISCO_LEVELS {
        query = query.bind(codes.get(i).unwrap_or(last).clone());
    }
    let rows = query.fetch_all(db.pool()).await?;
    let mut groups: Vec<IscoGroup> = codes
        .into_iter()
        .map(|code| IscoGroup {
            code,
            title_it: None,
            title_en: None,
        })
        .collect();
    for r in rows {
        let code: String = r.try_get("code")?;
        if let Some(group) = groups.iter_mut().find(|g| g.code == code) {
            group.title_it = r.try_get("title_it")?;
            group.title_en = r.try_get("title_en")?;
        }
    }
    Ok(groups)
}
