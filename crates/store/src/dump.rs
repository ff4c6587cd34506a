//! Whole-table export and import, for backups and for moving a store
//! between SQLite and PostgreSQL (`hoptac export all` / `hoptac import`).
//!
//! A table is dumped row by row with every column as stored (text, numbers,
//! bytes as hex), in primary-key order so two dumps of the same data are
//! equal whatever the backend. The store owns its own tables' list
//! ([`STORE_TABLES`]); other crates (the tracker) pass theirs to the same
//! two functions, so one generic statement per table serves both.

use crate::{Backend, Result, Store, StoreError, WriteTx};
use serde_json::{Map, Value};
use sqlx::any::AnyTypeInfoKind;
use sqlx::{Column, Row, ValueRef};

/// A table to dump: its name and the order that makes dumps comparable.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// Table name.
    pub name: &'static str,
    /// `ORDER BY` clause (the primary key, or what parents rows first).
    pub order: &'static str,
}

/// The store's own tables, parents before children.
pub const STORE_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "documents",
        order: "seq",
    },
    TableSpec {
        name: "doc_bands",
        order: "band, doc_seq",
    },
    TableSpec {
        name: "entities",
        order: "id",
    },
    TableSpec {
        name: "facts",
        order: "id",
    },
    TableSpec {
        name: "mentions",
        order: "doc_id, entity, span_start, span_end",
    },
    TableSpec {
        name: "sources",
        order: "id",
    },
    TableSpec {
        name: "seen_items",
        order: "source_id, item_key",
    },
    TableSpec {
        name: "audit_log",
        order: "id",
    },
];

/// One table's rows: column kinds (so a NULL is bound with the right type
/// on import) and the rows as JSON objects.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TableDump {
    /// Table name.
    pub table: String,
    /// Column name → `int`, `float`, `text`, `bytes`, `bool`.
    pub columns: Vec<(String, String)>,
    /// Rows, each column by name.
    pub rows: Vec<Map<String, Value>>,
}

fn kind_name(k: AnyTypeInfoKind) -> Option<&'static str> {
    Some(match k {
        AnyTypeInfoKind::Bool => "bool",
        AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => "int",
        AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => "float",
        AnyTypeInfoKind::Text => "text",
        AnyTypeInfoKind::Blob => "bytes",
        AnyTypeInfoKind::Null => return None,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Store {
    /// Every row of `tables`, in their order.
    pub async fn dump_tables(&self, tables: &[TableSpec]) -> Result<Vec<TableDump>> {
        let mut out = Vec::new();
        for t in tables {
            let rows = sqlx::query(&format!("SELECT * FROM {} ORDER BY {}", t.name, t.order))
                .fetch_all(self.pool())
                .await?;
            let mut columns: Vec<(String, Option<&'static str>)> = Vec::new();
            let mut out_rows = Vec::new();
            for r in &rows {
                if columns.is_empty() {
                    columns = r
                        .columns()
                        .iter()
                        .map(|c| (c.name().to_string(), kind_name(c.type_info().kind())))
                        .collect();
                }
                let mut m = Map::new();
                for (i, (name, declared)) in columns.iter_mut().enumerate() {
                    let raw = r.try_get_raw(i)?;
                    let v = if raw.is_null() {
                        Value::Null
                    } else {
                        let kind = kind_name(raw.type_info().kind()).or(*declared);
                        if declared.is_none() {
                            *declared = kind;
                        }
                        match kind {
                            Some("int") => Value::from(r.try_get::<i64, _>(i)?),
                            Some("float") => Value::from(r.try_get::<f64, _>(i)?),
                            Some("bool") => Value::from(r.try_get::<bool, _>(i)?),
                            Some("bytes") => Value::from(hex(&r.try_get::<Vec<u8>, _>(i)?)),
                            _ => Value::from(r.try_get::<String, _>(i)?),
                        }
                    };
                    m.insert(name.clone(), v);
                }
                out_rows.push(m);
            }
            out.push(TableDump {
                table: t.name.to_string(),
                columns: columns
                    .into_iter()
                    .map(|(n, k)| (n, k.unwrap_or("text").to_string()))
                    .collect(),
                rows: out_rows,
            });
        }
        Ok(out)
    }

    /// Insert dumped rows into `tx` (a store whose tables are empty; the
    /// caller checks). Returns the rows written. On PostgreSQL the id
    /// sequences are moved past the imported ids.
    pub async fn load_tables(&self, tx: &mut WriteTx, tables: &[TableDump]) -> Result<usize> {
        let mut n = 0;
        for t in tables {
            if !t.table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(StoreError::Corrupt(format!("bad table name {:?}", t.table)));
            }
            for (c, _) in &t.columns {
                if !c.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    return Err(StoreError::Corrupt(format!(
                        "bad column name {c:?} in {}",
                        t.table
                    )));
                }
            }
            if t.rows.is_empty() {
                continue;
            }
            let names: Vec<&str> = t.columns.iter().map(|(c, _)| c.as_str()).collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                t.table,
                names.join(", "),
                (1..=names.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for (ri, row) in t.rows.iter().enumerate() {
                // Not a cached statement: sqlx's Any driver sends a NULL
                // DOUBLE as a float4, and PostgreSQL would then read a
                // later row's float8 under the first row's parameter types.
                let mut q = sqlx::query(&sql).persistent(false);
                for (c, kind) in &t.columns {
                    let v = row.get(c).unwrap_or(&Value::Null);
                    let bad = || {
                        StoreError::Corrupt(format!(
                            "{} row {}: column {c} is not {kind}: {v}",
                            t.table,
                            ri + 1
                        ))
                    };
                    q = match (kind.as_str(), v) {
                        ("int", Value::Null) => q.bind(None::<i64>),
                        ("int", v) => q.bind(v.as_i64().ok_or_else(bad)?),
                        ("float", Value::Null) => q.bind(None::<f64>),
                        ("float", v) => q.bind(v.as_f64().ok_or_else(bad)?),
                        ("bool", Value::Null) => q.bind(None::<bool>),
                        ("bool", v) => q.bind(v.as_bool().ok_or_else(bad)?),
                        ("bytes", Value::Null) => q.bind(None::<Vec<u8>>),
                        ("bytes", v) => q.bind(v.as_str().and_then(unhex).ok_or_else(bad)?),
                        (_, Value::Null) => q.bind(None::<String>),
                        (_, v) => q.bind(v.as_str().ok_or_else(bad)?.to_string()),
                    };
                }
                q.execute(&mut *tx.conn())
                    .await
                    .map_err(|source| StoreError::Import {
                        table: t.table.clone(),
                        row: ri + 1,
                        source,
                    })?;
                n += 1;
            }
            if self.backend() == Backend::Postgres && names.contains(&"id") {
                let int_id = t.columns.iter().any(|(c, k)| c == "id" && k == "int");
                if int_id {
                    sqlx::query(&format!(
                        "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))",
                        t.table
                    ))
                    .execute(&mut *tx.conn())
                    .await?;
                }
            }
        }
        Ok(n)
    }

    /// Rows in `tables` (to refuse an import into a store that holds data).
    pub async fn rows_in(&self, tables: &[TableSpec]) -> Result<i64> {
        let mut n = 0;
        for t in tables {
            let c: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", t.name))
                .fetch_one(self.pool())
                .await?;
            n += c;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_as_hex() {
        let b = vec![0u8, 1, 254, 255, 16];
        assert_eq!(unhex(&hex(&b)), Some(b));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }
}
