//! Classification tables (ISCO-08 groups, ATECO 2025, Belfiore history, ESCO skills and occupations,
//! occupation–skill relations, ISTAT CP2021): bulk loading, each load in one transaction.
//!
//! Two feeds write here. The reference load (`seed --reference`, from `data/reference/`) replaces ISCO
//! groups, ATECO, the Belfiore history and the `package` skills. The official imports (`import esco`,
//! `import cp2021`, from files an administrator downloads) replace the ESCO data and CP2021. ESCO labels
//! and synonyms become occupation search terms with `source = 'esco'`; [`rebuild_esco_terms`] re-derives
//! them from `esco_occupation`, so a reference reload (which rebuilds every term) keeps them.

use super::bulk::{insert_rows, Val};
use super::reference::{upsert_occupation_rows, TermRows, TermSource};
use super::Db;
use crate::domain::search_text::TermLang;
use sqlx::{Any, Row, Transaction};
use std::collections::{HashMap, HashSet};

/// Prefix of the ids given to occupations that exist only in ESCO (the rest of the id is the last
/// segment of the ESCO URI, a UUID), so they never collide with the hand-authored slugs.
pub const ESCO_OCCUPATION_ID_PREFIX: &str = "esco-";

/// Separator of the alternative-label lists stored in `skill` and `esco_occupation` (as in ESCO's CSV).
const LABEL_SEPARATOR: &str = "\n";

/// An ISCO-08 group.
#[derive(Debug, Clone)]
pub struct IscoGroupRecord {
    pub code: String,
    pub title_en: String,
    pub title_it: Option<String>,
}

impl IscoGroupRecord {
    /// ISCO-08 codes carry their level in their length, and the parent is the code minus its last digit.
    fn level_and_parent(&self) -> (i64, Option<String>) {
        let level = self.code.chars().count() as i64;
        let parent = (level > 1).then(|| self.code[..self.code.len() - 1].to_string());
        (level, parent)
    }
}

/// An ATECO 2025 node.
#[derive(Debug, Clone)]
pub struct AtecoRecord {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: String,
    pub depth: i64,
    pub title_it: String,
    pub title_en: Option<String>,
}

/// One dated record of a Belfiore code.
#[derive(Debug, Clone)]
pub struct BelfioreRecord {
    pub code: String,
    pub name: String,
    pub province_or_country: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub is_foreign: bool,
    pub name_en: Option<String>,
}

/// An ESCO skill.
#[derive(Debug, Clone, Default)]
pub struct SkillRecord {
    pub uri: String,
    pub label_en: String,
    pub label_it: Option<String>,
    pub alt_labels_en: Vec<String>,
    pub alt_labels_it: Vec<String>,
    pub description: Option<String>,
    pub skill_type: Option<String>,
}

/// An ESCO occupation with its labels in both languages.
#[derive(Debug, Clone, Default)]
pub struct EscoOccupationRecord {
    pub uri: String,
    pub isco_code: String,
    pub label_en: Option<String>,
    pub label_it: Option<String>,
    pub alt_labels_en: Vec<String>,
    pub alt_labels_it: Vec<String>,
    pub description_en: Option<String>,
    pub description_it: Option<String>,
}

/// Whether a skill is essential or optional for an occupation (ESCO `relationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillRelation {
    Essential,
    Optional,
}

impl SkillRelation {
    pub fn parse(s: &str) -> Option<SkillRelation> {
        match s.trim().to_ascii_lowercase().as_str() {
            "essential" => Some(SkillRelation::Essential),
            "optional" => Some(SkillRelation::Optional),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            SkillRelation::Essential => "essential",
            SkillRelation::Optional => "optional",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OccupationSkillRecord {
    pub occupation_uri: String,
    pub skill_uri: String,
    pub relation: SkillRelation,
}

/// A CP2021 node: code "1" … "1.1.1.1.0".
#[derive(Debug, Clone)]
pub struct Cp2021Record {
    pub code: String,
    pub title_it: String,
}

impl Cp2021Record {
    /// The level is the number of dot-separated parts; the parent drops the last part.
    pub fn level_and_parent(&self) -> (i64, Option<String>) {
        let level = self.code.split('.').count() as i64;
        let parent = self.code.rsplit_once('.').map(|(p, _)| p.to_string());
        (level, parent)
    }
}

/// Everything read from an ESCO download.
#[derive(Debug, Clone, Default)]
pub struct EscoImport {
    pub occupations: Vec<EscoOccupationRecord>,
    pub skills: Vec<SkillRecord>,
    pub isco_groups: Vec<IscoGroupRecord>,
    pub relations: Vec<OccupationSkillRecord>,
}

/// What an ESCO import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EscoImported {
    pub occupations: u64,
    /// Hand-authored occupations that received ESCO labels as extra search terms.
    pub enriched: u64,
    /// Occupations created because no hand-authored one has their URI.
    pub created: u64,
    pub skills: u64,
    pub isco_groups: u64,
    pub relations: u64,
    pub terms: u64,
}

fn joined(labels: &[String]) -> Option<String> {
    (!labels.is_empty()).then(|| labels.join(LABEL_SEPARATOR))
}

fn split_labels(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| {
            s.split(LABEL_SEPARATOR)
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The occupation id of an ESCO occupation that has no hand-authored counterpart.
pub fn esco_occupation_id(uri: &str) -> String {
    let tail = uri.trim_end_matches('/').rsplit('/').next().unwrap_or(uri);
    format!("{ESCO_OCCUPATION_ID_PREFIX}{tail}")
}

fn isco_rows(groups: &[IscoGroupRecord]) -> Vec<Vec<Val>> {
    groups
        .iter()
        .map(|g| {
            let (level, parent) = g.level_and_parent();
            vec![
                Val::Text(g.code.clone()),
                Val::Int(level),
                Val::OptText(parent),
                Val::OptText(g.title_it.clone()),
                Val::Text(g.title_en.clone()),
            ]
        })
        .collect()
}

/// Upserts the ISCO-08 groups (all columns), in one transaction. Returns the number of groups.
pub async fn replace_isco_groups(db: &Db, groups: &[IscoGroupRecord]) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    insert_rows(
        &mut tx,
        "isco_group (code, level, parent_code, title_it, title_en)",
        "ON CONFLICT (code) DO UPDATE SET level = excluded.level, parent_code = excluded.parent_code, \
         title_it = excluded.title_it, title_en = excluded.title_en",
        5,
        isco_rows(groups),
    )
    .await?;
    tx.commit().await?;
    Ok(groups.len() as u64)
}

/// Replaces the ATECO table, in one transaction. Returns the number of nodes.
pub async fn replace_ateco(db: &Db, nodes: &[AtecoRecord]) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM ateco").execute(&mut *tx).await?;
    let rows = nodes
        .iter()
        .map(|n| {
            vec![
                Val::Text(n.code.clone()),
                Val::OptText(n.parent_code.clone()),
                Val::Text(n.level.clone()),
                Val::Int(n.depth),
                Val::Text(n.title_it.clone()),
                Val::OptText(n.title_en.clone()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "ateco (code, parent_code, level, depth, title_it, title_en)",
        "",
        6,
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(nodes.len() as u64)
}

/// Replaces the Belfiore history, in one transaction. Returns the number of records.
pub async fn replace_belfiore_historic(
    db: &Db,
    records: &[BelfioreRecord],
) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM belfiore_historic")
        .execute(&mut *tx)
        .await?;
    let rows = records
        .iter()
        .map(|b| {
            vec![
                Val::Text(b.code.clone()),
                Val::Text(b.name.clone()),
                Val::Text(b.province_or_country.clone()),
                Val::Text(b.valid_from.clone()),
                Val::OptText(b.valid_to.clone()),
                Val::Int(i64::from(b.is_foreign)),
                Val::OptText(b.name_en.clone()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "belfiore_historic (code, name, province_or_country, valid_from, valid_to, is_foreign, name_en)",
        "",
        7,
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(records.len() as u64)
}

fn skill_rows(skills: &[SkillRecord], source: &str) -> Vec<Vec<Val>> {
    skills
        .iter()
        .map(|s| {
            vec![
                Val::Text(s.uri.clone()),
                Val::Text(s.label_en.clone()),
                Val::OptText(s.label_it.clone()),
                Val::OptText(joined(&s.alt_labels_en)),
                Val::OptText(joined(&s.alt_labels_it)),
                Val::OptText(s.description.clone()),
                Val::OptText(s.skill_type.clone()),
                Val::Text(source.to_string()),
            ]
        })
        .collect()
}

const SKILL_COLUMNS: &str =
    "skill (uri, label_en, label_it, alt_labels_en, alt_labels_it, description, skill_type, source)";

/// Replaces the skills that came from the reference package, in one transaction; skills loaded from
/// the official ESCO download are kept as they are. Returns the number of skills in `skills`.
pub async fn replace_package_skills(db: &Db, skills: &[SkillRecord]) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM skill WHERE source = 'package'")
        .execute(&mut *tx)
        .await?;
    insert_rows(
        &mut tx,
        SKILL_COLUMNS,
        "ON CONFLICT (uri) DO NOTHING",
        8,
        skill_rows(skills, "package"),
    )
    .await?;
    tx.commit().await?;
    Ok(skills.len() as u64)
}

/// Replaces the CP2021 classification, in one transaction. Returns the number of nodes.
pub async fn replace_cp2021(db: &Db, nodes: &[Cp2021Record]) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM cp2021").execute(&mut *tx).await?;
    let rows = nodes
        .iter()
        .map(|n| {
            let (level, parent) = n.level_and_parent();
            vec![
                Val::Text(n.code.clone()),
                Val::Int(level),
                Val::OptText(parent),
                Val::Text(n.title_it.clone()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "cp2021 (code, level, parent_code, title_it)",
        "",
        4,
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(nodes.len() as u64)
}

/// Rebuilds the ESCO search terms of every occupation from `esco_occupation`, in one transaction.
/// Returns the number of terms. A no-op when no ESCO download was ever imported.
pub async fn rebuild_esco_terms(db: &Db) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let terms = rebuild_esco_terms_in(&mut tx).await?;
    tx.commit().await?;
    Ok(terms)
}

async fn rebuild_esco_terms_in(tx: &mut Transaction<'_, Any>) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM occupation_key WHERE term_id IN \
         (SELECT id FROM occupation_term WHERE source = 'esco')",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM occupation_term WHERE source = 'esco'")
        .execute(&mut **tx)
        .await?;
    let esco = sqlx::query(
        "SELECT o.id, o.label_it AS occupation_it, o.label_en AS occupation_en, e.label_it, \
                e.label_en, e.alt_labels_it, e.alt_labels_en \
         FROM esco_occupation e JOIN occupation o ON o.esco_uri = e.uri ORDER BY o.id",
    )
    .fetch_all(&mut **tx)
    .await?;
    if esco.is_empty() {
        return Ok(0);
    }
    // The curated terms stay; an ESCO label equal to one of them adds nothing.
    let mut seen: HashMap<(String, &'static str), Vec<String>> = HashMap::new();
    for r in sqlx::query("SELECT occupation_id, lang, term_search FROM occupation_term")
        .fetch_all(&mut **tx)
        .await?
    {
        let lang = match TermLang::parse(&r.try_get::<String, _>("lang")?) {
            Some(lang) => lang.code(),
            None => continue,
        };
        seen.entry((r.try_get("occupation_id")?, lang))
            .or_default()
            .push(r.try_get("term_search")?);
    }
    let last_id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM occupation_term")
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    let mut terms = TermRows::new(last_id, TermSource::Esco);
    for r in esco {
        let id: String = r.try_get("id")?;
        // The occupation's own label too: an occupation created from an English-only download is
        // labelled in English in Italian as well, and must be found by that label.
        for (lang, own, label, alt) in [
            (TermLang::It, "occupation_it", "label_it", "alt_labels_it"),
            (TermLang::En, "occupation_en", "label_en", "alt_labels_en"),
        ] {
            let labels: Vec<String> = r
                .try_get::<Option<String>, _>(label)?
                .into_iter()
                .chain(split_labels(r.try_get(alt)?))
                .chain(std::iter::once(r.try_get::<String, _>(own)?))
                .collect();
            let seen = seen.entry((id.clone(), lang.code())).or_default();
            terms.add(&id, lang, labels.iter(), seen);
        }
    }
    let added = terms.len() as u64;
    terms.insert(tx).await?;
    Ok(added)
}

/// Loads an ESCO download in one transaction: ISCO groups (English titles; Italian ones only where
/// missing), skills (replacing the package's), ESCO occupations, the occupation–skill relations (the
/// whole table), an `occupation` row for every ESCO occupation no hand-authored occupation already
/// has (matched by URI: hand-authored ones keep their id and labels and are only enriched), and the
/// ESCO search terms.
pub async fn import_esco(db: &Db, data: &EscoImport) -> Result<EscoImported, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    insert_rows(
        &mut tx,
        "isco_group (code, level, parent_code, title_it, title_en)",
        "ON CONFLICT (code) DO UPDATE SET title_en = excluded.title_en, \
         title_it = COALESCE(isco_group.title_it, excluded.title_it)",
        5,
        isco_rows(&data.isco_groups),
    )
    .await?;
    insert_rows(
        &mut tx,
        SKILL_COLUMNS,
        "ON CONFLICT (uri) DO UPDATE SET label_en = excluded.label_en, label_it = excluded.label_it, \
         alt_labels_en = excluded.alt_labels_en, alt_labels_it = excluded.alt_labels_it, \
         description = excluded.description, skill_type = excluded.skill_type, source = excluded.source",
        8,
        skill_rows(&data.skills, "esco"),
    )
    .await?;
    let esco_rows = data
        .occupations
        .iter()
        .map(|o| {
            vec![
                Val::Text(o.uri.clone()),
                Val::Text(o.isco_code.clone()),
                Val::OptText(o.label_en.clone()),
                Val::OptText(o.label_it.clone()),
                Val::OptText(joined(&o.alt_labels_en)),
                Val::OptText(joined(&o.alt_labels_it)),
                Val::OptText(o.description_en.clone()),
                Val::OptText(o.description_it.clone()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "esco_occupation (uri, isco_code, label_en, label_it, alt_labels_en, alt_labels_it, \
         description_en, description_it)",
        "ON CONFLICT (uri) DO UPDATE SET isco_code = excluded.isco_code, label_en = excluded.label_en, \
         label_it = excluded.label_it, alt_labels_en = excluded.alt_labels_en, \
         alt_labels_it = excluded.alt_labels_it, description_en = excluded.description_en, \
         description_it = excluded.description_it",
        8,
        esco_rows,
    )
    .await?;
    // URIs that already have an occupation of their own (hand-authored, or a curated row that reuses
    // the URI): those are enriched through their terms, never duplicated.
    let mut curated: HashSet<String> = HashSet::new();
    for r in sqlx::query("SELECT id, esco_uri FROM occupation WHERE esco_uri IS NOT NULL")
        .fetch_all(&mut *tx)
        .await?
    {
        let id: String = r.try_get("id")?;
        let uri: String = r.try_get("esco_uri")?;
        if id != esco_occupation_id(&uri) {
            curated.insert(uri);
        }
    }
    let mut imported = EscoImported {
        occupations: data.occupations.len() as u64,
        skills: data.skills.len() as u64,
        isco_groups: data.isco_groups.len() as u64,
        relations: data.relations.len() as u64,
        ..EscoImported::default()
    };
    let mut rows = Vec::new();
    for o in &data.occupations {
        if curated.contains(&o.uri) {
            imported.enriched += 1;
            continue;
        }
        let (Some(label_it), Some(label_en)) = (
            o.label_it.clone().or_else(|| o.label_en.clone()),
            o.label_en.clone().or_else(|| o.label_it.clone()),
        ) else {
            continue;
        };
        imported.created += 1;
        rows.push(vec![
            Val::Text(esco_occupation_id(&o.uri)),
            Val::Text(label_it),
            Val::Text(label_en),
            Val::Text(o.isco_code.clone()),
            Val::Text(o.uri.clone()),
        ]);
    }
    upsert_occupation_rows(&mut tx, rows).await?;
    if !data.relations.is_empty() {
        sqlx::query("DELETE FROM occupation_skill")
            .execute(&mut *tx)
            .await?;
        let rows = data
            .relations
            .iter()
            .map(|r| {
                vec![
                    Val::Text(r.occupation_uri.clone()),
                    Val::Text(r.skill_uri.clone()),
                    Val::Text(r.relation.code().into()),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "occupation_skill (occupation_uri, skill_uri, relation)",
            "ON CONFLICT (occupation_uri, skill_uri) DO NOTHING",
            3,
            rows,
        )
        .await?;
    }
    imported.terms = rebuild_esco_terms_in(&mut tx).await?;
    tx.commit().await?;
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp2021_level_and_parent_come_from_the_code() {
        let node = |code: &str| Cp2021Record {
            code: code.into(),
            title_it: String::new(),
        };
        assert_eq!(node("1").level_and_parent(), (1, None));
        assert_eq!(node("1.1").level_and_parent(), (2, Some("1".into())));
        assert_eq!(
            node("1.1.1.1.0").level_and_parent(),
            (5, Some("1.1.1.1".into()))
        );
    }

    #[test]
    fn isco_level_and_parent_come_from_the_code() {
        let group = |code: &str| IscoGroupRecord {
            code: code.into(),
            title_en: String::new(),
            title_it: None,
        };
        assert_eq!(group("0").level_and_parent(), (1, None));
        assert_eq!(group("0110").level_and_parent(), (4, Some("011".into())));
    }

    #[test]
    fn esco_only_occupations_get_an_id_from_the_uri() {
        assert_eq!(
            esco_occupation_id("http://data.europa.eu/esco/occupation/00030d09-2b3a"),
            "esco-00030d09-2b3a"
        );
    }

    #[test]
    fn relation_types_parse_in_any_case() {
        assert_eq!(
            SkillRelation::parse("Essential"),
            Some(SkillRelation::Essential)
        );
        assert_eq!(
            SkillRelation::parse("optional"),
            Some(SkillRelation::Optional)
        );
        assert_eq!(SkillRelation::parse("maybe"), None);
    }
}
