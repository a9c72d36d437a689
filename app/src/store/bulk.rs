//! Bulk inserts shared by the reference and classification loaders.
//!
//! Rows travel as one JSON array per statement (`json_each` on SQLite, `json_array_elements` on
//! PostgreSQL) instead of one bound parameter per value: binding through the `Any` driver costs far
//! more per value than the database spends storing it (a 20,000-row table took 3 s with parameters,
//! 0.4 s as JSON, in a debug build).

use sqlx::{Any, Transaction};

/// Rows per INSERT: keeps each JSON document around a megabyte for the widest tables.
const ROWS_PER_INSERT: usize = 2_000;

/// One value of a bulk insert; the variant also gives the column's type for PostgreSQL.
pub(crate) enum Val {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    OptReal(Option<f64>),
    Bool(bool),
}

impl Val {
    fn into_json(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Val::Text(s) => Value::String(s),
            Val::OptText(s) => s.map_or(Value::Null, Value::String),
            Val::Int(i) => Value::from(i),
            Val::OptInt(i) => i.map_or(Value::Null, Value::from),
            Val::OptReal(f) => f
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Val::Bool(b) => Value::Bool(b),
        }
    }

    /// The PostgreSQL type `value->>n` (text) is cast to; SQLite's `->>` already yields the JSON
    /// value's own SQL type.
    fn pg_type(&self) -> Option<&'static str> {
        match self {
            Val::Text(_) | Val::OptText(_) => None,
            Val::Int(_) | Val::OptInt(_) => Some("BIGINT"),
            Val::OptReal(_) => Some("DOUBLE PRECISION"),
            Val::Bool(_) => Some("BOOLEAN"),
        }
    }
}

/// `INSERT INTO <head> SELECT <the columns of each row> <tail>` in chunks, all inside `tx`. `head` names
/// the table and its `columns` columns; `tail` may be an `ON CONFLICT …` clause.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    head: &str,
    tail: &str,
    columns: usize,
    rows: Vec<Vec<Val>>,
) -> Result<(), sqlx::Error> {
    let postgres = tx.backend_name() == "PostgreSQL";
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        let mut exprs = Vec::with_capacity(columns);
        for (i, val) in chunk[0].iter().enumerate().take(columns) {
            exprs.push(match (postgres, val.pg_type()) {
                (true, Some(ty)) => format!("CAST(value->>{i} AS {ty})"),
                _ => format!("value->>{i}"),
            });
        }
        let source = if postgres {
            "json_array_elements(CAST($1 AS json))"
        } else {
            "json_each($1)"
        };
        // `WHERE true`: SQLite needs it to tell an upsert's ON CONFLICT from a join's ON.
        let sql = format!(
            "INSERT INTO {head} SELECT {} FROM {source} WHERE true {tail}",
            exprs.join(", ")
        );
        let json: Vec<serde_json::Value> = chunk
            .into_iter()
            .map(|row| serde_json::Value::Array(row.into_iter().map(Val::into_json).collect()))
            .collect();
        let json = serde_json::to_string(&json).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(json)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
