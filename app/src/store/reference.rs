//! Reference tables (comuni, occupations): bulk loading and prefix search.
//!
//! Loading replaces a table's content in one transaction with multi-row inserts. Searching is a prefix
//! range on the `*_key` tables (see the 0002 migration), ranked exact > whole-name prefix > word prefix,
//! then shorter, then alphabetical.

use super::bulk::{insert_rows, Val};
use super::Db;
use crate::domain::reference::{ComuneHit, OccupationHit};
use crate::domain::search_text::{
    collapse_saints, normalise, place_keys, stem_words, word_suffix_keys, TermLang, PREFIX_END,
};
use sqlx::{Any, Row, Transaction};

/// Key rows fetched per wanted result: one entity has a handful of keys matching the same prefix.
const CANDIDATES_PER_RESULT: u32 = 8;

/// A comune as read from `comuni.csv`.
#[derive(Debug, Clone)]
pub struct ComuneRecord {
    pub istat_code: String,
    pub name: String,
    pub name_alt: Option<String>,
    pub province_code: String,
    pub region_name: String,
    pub belfiore: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub cpi_code: Option<String>,
    /// GeoNames population of the comune's own point; `None` when it has none.
    pub population: Option<i64>,
}

/// An occupation as read from `occupations_it.csv`, with its synonyms per language.
#[derive(Debug, Clone)]
pub struct OccupationRecord {
    pub id: String,
    pub label_it: String,
    pub label_en: String,
    pub isco_code: String,
    pub esco_uri: Option<String>,
    pub synonyms_it: Vec<String>,
    pub synonyms_en: Vec<String>,
}

/// Upserts every comune and rebuilds the name index, in one transaction. Returns the number of comuni.
pub async fn replace_comuni(db: &Db, comuni: &[ComuneRecord]) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM comune_key")
        .execute(&mut *tx)
        .await?;
    let mut rows = Vec::with_capacity(comuni.len());
    let mut key_rows = Vec::with_capacity(comuni.len() * 3);
    for c in comuni {
        rows.push(vec![
            Val::Text(c.istat_code.clone()),
            Val::Text(c.name.clone()),
            Val::OptText(c.name_alt.clone()),
            Val::Text(normalise(&c.name)),
            Val::Text(c.province_code.clone()),
            Val::Text(c.region_name.clone()),
            Val::Text(c.belfiore.clone()),
            Val::OptReal(c.lat),
            Val::OptReal(c.lon),
            Val::OptText(c.cpi_code.clone()),
            Val::OptInt(c.population),
        ]);
        let mut keys = place_keys(&c.name);
        if let Some(alt) = &c.name_alt {
            for k in place_keys(alt) {
                if !keys.iter().any(|have| have.key == k.key) {
                    keys.push(k);
                }
            }
        }
        for k in keys {
            key_rows.push(vec![
                Val::Text(k.key),
                Val::Text(c.istat_code.clone()),
                Val::Int(k.word_pos),
            ]);
        }
    }
    insert_rows(
        &mut tx,
        "comune (istat_code, name, name_alt, name_search, province_code, region_name, belfiore, \
         lat, lon, cpi_code, population)",
        "ON CONFLICT (istat_code) DO UPDATE SET name = excluded.name, name_alt = excluded.name_alt, \
         name_search = excluded.name_search, province_code = excluded.province_code, \
         region_name = excluded.region_name, belfiore = excluded.belfiore, lat = excluded.lat, \
         lon = excluded.lon, cpi_code = excluded.cpi_code, population = excluded.population",
        11,
        rows,
    )
    .await?;
    insert_rows(
        &mut tx,
        "comune_key (key, istat_code, word_pos)",
        "",
        3,
        key_rows,
    )
    .await?;
    tx.commit().await?;
    Ok(comuni.len() as u64)
}

/// Where an occupation term comes from (`occupation_term.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermSource {
    /// `occupations_it.csv`, replaced by every reference load.
    Curated,
    /// The official ESCO download, replaced by every ESCO import.
    Esco,
}

impl TermSource {
    fn code(self) -> &'static str {
        match self {
            TermSource::Curated => "curated",
            TermSource::Esco => "esco",
        }
    }
}

/// Occupation terms and their search keys, collected for one bulk insert. Term ids are assigned from
/// `after + 1` on.
pub(crate) struct TermRows {
    next_id: i64,
    source: TermSource,
    terms: Vec<Vec<Val>>,
    keys: Vec<Vec<Val>>,
}

impl TermRows {
    pub(crate) fn new(after: i64, source: TermSource) -> Self {
        TermRows {
            next_id: after,
            source,
            terms: Vec::new(),
            keys: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// Adds the terms of one occupation in one language, with the word-suffix keys of the normalised
    /// text and of its stems. Empty terms and terms whose normalised form is already in `seen` (the
    /// occupation's terms in that language so far) are skipped; added ones are pushed onto `seen`.
    pub(crate) fn add<'a>(
        &mut self,
        occupation_id: &str,
        lang: TermLang,
        terms: impl IntoIterator<Item = &'a String>,
        seen: &mut Vec<String>,
    ) {
        for term in terms {
            let term_search = normalise(term);
            if term_search.is_empty() || seen.contains(&term_search) {
                continue;
            }
            let stem_key = stem_words(&term_search, lang);
            self.next_id += 1;
            for k in word_suffix_keys([term_search.as_str(), stem_key.as_str()]) {
                self.keys.push(vec![
                    Val::Text(lang.code().into()),
                    Val::Text(k.key),
                    Val::Int(self.next_id),
                    Val::Int(k.word_pos),
                ]);
            }
            self.terms.push(vec![
                Val::Int(self.next_id),
                Val::Text(occupation_id.to_string()),
                Val::Text(lang.code().into()),
                Val::Text(term.trim().to_string()),
                Val::Text(term_search.clone()),
                Val::Text(stem_key),
                Val::Text(self.source.code().into()),
            ]);
            seen.push(term_search);
        }
    }

    /// Inserts the collected terms, then their keys.
    pub(crate) async fn insert(self, tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
        insert_rows(
            tx,
            "occupation_term (id, occupation_id, lang, term, term_search, stem_key, source)",
            "",
            7,
            self.terms,
        )
        .await?;
        insert_rows(
            tx,
            "occupation_key (lang, key, term_id, word_pos)",
            "",
            4,
            self.keys,
        )
        .await
    }
}

/// Upserts every occupation and rebuilds its terms and their index, in one transaction. The label of
/// each language is a term too. Returns the number of occupations.
pub async fn replace_occupations(
    db: &Db,
    occupations: &[OccupationRecord],
) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    // Keys first: with them gone, deleting the terms needs no per-row foreign-key lookups.
    sqlx::query("DELETE FROM occupation_key")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM occupation_term")
        .execute(&mut *tx)
        .await?;
    let mut rows = Vec::with_capacity(occupations.len());
    let mut terms = TermRows::new(0, TermSource::Curated);
    for o in occupations {
        rows.push(vec![
            Val::Text(o.id.clone()),
            Val::Text(o.label_it.clone()),
            Val::Text(o.label_en.clone()),
            Val::Text(o.isco_code.clone()),
            Val::OptText(o.esco_uri.clone()),
        ]);
        for (lang, label, synonyms) in [
            (TermLang::It, &o.label_it, &o.synonyms_it),
            (TermLang::En, &o.label_en, &o.synonyms_en),
        ] {
            let mut seen: Vec<String> = Vec::new();
            terms.add(
                &o.id,
                lang,
                std::iter::once(label).chain(synonyms.iter()),
                &mut seen,
            );
        }
    }
    upsert_occupation_rows(&mut tx, rows).await?;
    terms.insert(&mut tx).await?;
    tx.commit().await?;
    Ok(occupations.len() as u64)
}

fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{PREFIX_END}")
}

/// Comuni whose name, or a word of it, starts with `query` (any case, accents, "S." for San/Santa…).
pub async fn search_comuni(
    db: &Db,
    query: &str,
    limit: u32,
) -> Result<Vec<ComuneHit>, sqlx::Error> {
    let q = normalise(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    // "San Giustino" is indexed as "san giustino" and "s giustino"; a query written either way hits one.
    // The last word is left alone: "san" still being typed must not widen to every key starting "s".
    let alt = match q.rsplit_once(' ') {
        Some((head, last)) => collapse_saints(head).map(|head| format!("{head} {last}")),
        None => None,
    }
    .unwrap_or_else(|| q.clone());
    let rows = sqlx::query(
        "SELECT c.istat_code, c.name, c.province_code, c.cpi_code, \
                CASE WHEN k.word_pos = 0 AND (k.key = $1 OR k.key = $3) THEN 0 \
                     WHEN k.word_pos = 0 THEN 1 ELSE 2 END AS hit_rank \
         FROM comune_key k JOIN comune c ON c.istat_code = k.istat_code \
         WHERE (k.key >= $1 AND k.key < $2) OR (k.key >= $3 AND k.key < $4) \
         ORDER BY hit_rank, length(c.name), c.name \
         LIMIT $5",
    )
    .bind(&q)
    .bind(prefix_end(&q))
    .bind(&alt)
    .bind(prefix_end(&alt))
    .bind(i64::from(limit * CANDIDATES_PER_RESULT))
    .fetch_all(db.pool())
    .await?;
    let mut hits: Vec<ComuneHit> = Vec::new();
    for r in rows {
        let istat_code: String = r.try_get("istat_code")?;
        if hits.iter().any(|h| h.istat_code == istat_code) {
            continue;
        }
        hits.push(ComuneHit {
            istat_code,
            name: r.try_get("name")?,
            province_code: r.try_get("province_code")?,
            cpi_code: r.try_get("cpi_code")?,
        });
        if hits.len() as u32 == limit {
            break;
        }
    }
    Ok(hits)
}

/// Occupations with a label or synonym in `lang` whose words, or their stems, start with `query`.
pub async fn search_occupations(
    db: &Db,
    query: &str,
    lang: TermLang,
    limit: u32,
) -> Result<Vec<OccupationHit>, sqlx::Error> {
    let q = normalise(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let stem = stem_words(&q, lang);
    // Two ranges as a UNION, not an OR: SQLite cannot use the (lang, key) primary key for an OR of
    // ranges under an equality and would scan the whole language.
    let rows = sqlx::query(
        "SELECT t.occupation_id, t.term, t.term_search, o.label_it, o.label_en, o.isco_code, \
                CASE WHEN t.term_search = $1 THEN 0 WHEN k.word_pos = 0 THEN 1 ELSE 2 END AS hit_rank \
         FROM (SELECT term_id, word_pos FROM occupation_key \
               WHERE lang = $5 AND key >= $1 AND key < $2 \
               UNION \
               SELECT term_id, word_pos FROM occupation_key \
               WHERE lang = $5 AND key >= $3 AND key < $4) k \
         JOIN occupation_term t ON t.id = k.term_id \
         JOIN occupation o ON o.id = t.occupation_id \
         ORDER BY hit_rank, length(t.term), t.term \
         LIMIT $6",
    )
    .bind(&q)
    .bind(prefix_end(&q))
    .bind(&stem)
    .bind(prefix_end(&stem))
    .bind(lang.code())
    .bind(i64::from(limit * CANDIDATES_PER_RESULT))
    .fetch_all(db.pool())
    .await?;
    let mut hits: Vec<OccupationHit> = Vec::new();
    for r in rows {
        let id: String = r.try_get("occupation_id")?;
        if hits.iter().any(|h| h.id == id) {
            continue;
        }
        let label: String = match lang {
            TermLang::It => r.try_get("label_it")?,
            TermLang::En => r.try_get("label_en")?,
        };
        let term: String = r.try_get("term")?;
        let term_search: String = r.try_get("term_search")?;
        let matched_term = (term_search != normalise(&label)).then_some(term);
        hits.push(OccupationHit {
            id,
            label,
            matched_term,
            isco_code: r.try_get("isco_code")?,
        });
        if hits.len() as u32 == limit {
            break;
        }
    }
    Ok(hits)
}

/// Inserts occupation rows (id, label_it, label_en, isco_code, esco_uri), updating those already there.
pub(crate) async fn upsert_occupation_rows(
    tx: &mut Transaction<'_, Any>,
    rows: Vec<Vec<Val>>,
) -> Result<(), sqlx::Error> {
    insert_rows(
        tx,
        "occupation (id, label_it, label_en, isco_code, esco_uri)",
        "ON CONFLICT (id) DO UPDATE SET label_it = excluded.label_it, label_en = excluded.label_en, \
         isco_code = excluded.isco_code, esco_uri = excluded.esco_uri",
        5,
        rows,
    )
    .await
}

/// The Belfiore code of the comune called `name` (accents, case and spacing ignored); of two
/// comuni with the same name, the more populous.
pub async fn belfiore_by_comune_name(
    conn: &mut sqlx::AnyConnection,
    name: &str,
) -> Result<Option<String>, sqlx::Error> {
    let key = crate::domain::search_text::normalise(name);
    if key.is_empty() {
        return Ok(None);
    }
    sqlx::query(
        "SELECT belfiore FROM comune WHERE name_search = $1 \
         ORDER BY COALESCE(population, 0) DESC, istat_code LIMIT 1",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?
    .map(|row| row.try_get::<String, _>(0))
    .transpose()
}
