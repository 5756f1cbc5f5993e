//! What a database's schema is, element by element, read from `information_schema`: tables,
//! columns, indexes, foreign keys, check constraints, views, routines, triggers and events.
//!
//! A [`Schema`] maps an element's key to its definition. Keys are chosen so that the same
//! element built by two different routes gets the same key: a column by table and name; an
//! index by table, uniqueness and columns (not by name: an index added without a name gets
//! one from the server); a foreign key by its columns and what it references. Definitions are
//! the server's own rendering (column type, nullability, default ...), with the database's own
//! name taken out of view bodies, so two databases built by the same statements compare equal.
//! schemagate's bookkeeping tables are left out. [`diff`] lists what differs between two
//! schemas; `adopt` uses it to see what each statement does in a scratch database and whether
//! the live database already has it.

use crate::error::{Error, Result};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::collections::BTreeMap;

/// Element key -> definition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub elements: BTreeMap<String, String>,
}

/// One difference between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added { key: String, definition: String },
    Removed { key: String, definition: String },
    Changed { key: String, before: String, after: String },
}

impl Change {
    pub fn key(&self) -> &str {
        match self {
            Change::Added { key, .. } | Change::Removed { key, .. } | Change::Changed { key, .. } => key,
        }
    }

    /// Whether `schema` shows this change done: the element there as it is after the change.
    pub fn holds_in(&self, schema: &Schema) -> bool {
        match self {
            Change::Added { key, definition } | Change::Changed { key, after: definition, .. } => {
                schema.elements.get(key) == Some(definition)
            }
            Change::Removed { key, .. } => !schema.elements.contains_key(key),
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { key, definition } => write!(f, "{key} ({definition})"),
            Change::Removed { key, .. } => write!(f, "no {key}"),
            Change::Changed { key, after, .. } => write!(f, "{key} as ({after})"),
        }
    }
}

/// What turns `before` into `after`, in key order.
pub fn diff(before: &Schema, after: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, definition) in &after.elements {
        match before.elements.get(key) {
            None => out.push(Change::Added { key: key.clone(), definition: definition.clone() }),
            Some(old) if old != definition => {
                out.push(Change::Changed { key: key.clone(), before: old.clone(), after: definition.clone() })
            }
            _ => {}
        }
    }
    for (key, definition) in &before.elements {
        if !after.elements.contains_key(key) {
            out.push(Change::Removed { key: key.clone(), definition: definition.clone() });
        }
    }
    out.sort_by(|a, b| a.key().cmp(b.key()));
    out
}

/// schemagate's and refinery's bookkeeping tables, as an SQL list: left out of every schema
/// comparison.
pub const BOOKKEEPING_TABLES: &str =
    "('refinery_schema_history', 'schemagate_journal', 'schemagate_session', 'schemagate_intent', 'schemagate_lease')";

/// One query per kind of element, all in one round trip; each yields (key, definition).
fn queries() -> String {
    [
        format!(
            "SELECT CONCAT('table ', table_name), CONCAT_WS(' ', table_type, engine, table_collation) \
             FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT IN {BOOKKEEPING_TABLES}"
        ),
        format!(
            "SELECT CONCAT('column ', table_name, '.', column_name), CONCAT_WS(' | ', column_type, \
             IF(is_nullable = 'YES', 'NULL', 'NOT NULL'), CONCAT('DEFAULT ', COALESCE(column_default, 'none')), \
             extra, character_set_name, collation_name, column_comment) FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name NOT IN {BOOKKEEPING_TABLES}"
        ),
        format!(
            "SELECT CONCAT('index ', table_name, IF(index_name = 'PRIMARY', ' primary', IF(non_unique = 0, ' unique', '')), \
             ' (', GROUP_CONCAT(column_name, COALESCE(CONCAT('(', sub_part, ')'), '') ORDER BY seq_in_index), ')'), \
             MAX(index_type) FROM information_schema.statistics WHERE table_schema = DATABASE() \
             AND table_name NOT IN {BOOKKEEPING_TABLES} GROUP BY table_name, index_name, non_unique"
        ),
        "SELECT CONCAT('foreign key ', k.table_name, ' (', GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position), \
         ') -> ', k.referenced_table_name, ' (', GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position), ')'), \
         CONCAT('ON UPDATE ', MAX(r.update_rule), ' ON DELETE ', MAX(r.delete_rule)) \
         FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r \
         ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name \
         WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL \
         GROUP BY k.table_name, k.constraint_name"
            .to_string(),
        "SELECT CONCAT('view ', table_name), REPLACE(view_definition, CONCAT('`', DATABASE(), '`.'), '') \
         FROM information_schema.views WHERE table_schema = DATABASE()"
            .to_string(),
        "SELECT CONCAT(LOWER(routine_type), ' ', routine_name), CONCAT_WS(' | ', dtd_identifier, routine_definition) \
         FROM information_schema.routines WHERE routine_schema = DATABASE()"
            .to_string(),
        "SELECT CONCAT('trigger ', trigger_name), CONCAT_WS(' ', action_timing, event_manipulation, 'ON', \
         event_object_table, action_statement) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
            .to_string(),
        "SELECT CONCAT('event ', event_name), CONCAT_WS(' | ', event_definition, interval_value, interval_field) \
         FROM information_schema.events WHERE event_schema = DATABASE()"
            .to_string(),
    ]
    .join("; ")
}

/// The schema of the connection's current database.
pub fn snapshot(conn: &mut Conn) -> Result<Schema> {
    let context = "reading the schema from information_schema";
    let mut schema = Schema::default();
    let mut result = conn.query_iter(queries()).map_err(|e| Error::db(context, e))?;
    while let Some(set) = result.iter() {
        for row in set {
            let row = row.map_err(|e| Error::db(context, e))?;
            let (key, definition): (Option<String>, Option<String>) =
                mysql::from_row_opt(row).map_err(|_| Error::Invalid(format!("{context}: unexpected row shape")))?;
            if let Some(key) = key {
                schema.elements.insert(key, definition.unwrap_or_default());
            }
        }
    }
    Ok(schema)
}

/// The table an element key belongs to (`column t.c` -> `t`), if it is a table's part.
pub fn table_of(key: &str) -> Option<&str> {
    let rest = key
        .strip_prefix("column ")
        .or_else(|| key.strip_prefix("index "))
        .or_else(|| key.strip_prefix("foreign key "))
        .or_else(|| key.strip_prefix("table "))?;
    Some(rest.split(['.', ' ']).next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(pairs: &[(&str, &str)]) -> Schema {
        Schema { elements: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    #[test]
    fn diff_lists_what_was_added_removed_and_changed() {
        let before = schema(&[("table t", "BASE TABLE"), ("column t.a", "int"), ("column t.b", "int")]);
        let after = schema(&[("table t", "BASE TABLE"), ("column t.a", "bigint"), ("column t.c", "int")]);
        let changes = diff(&before, &after);
        assert_eq!(
            changes,
            [
                Change::Changed { key: "column t.a".into(), before: "int".into(), after: "bigint".into() },
                Change::Removed { key: "column t.b".into(), definition: "int".into() },
                Change::Added { key: "column t.c".into(), definition: "int".into() },
            ]
        );
        assert!(changes.iter().all(|c| c.holds_in(&after)));
        assert!(changes.iter().all(|c| !c.holds_in(&before)));
    }

    #[test]
    fn elements_know_their_table() {
        assert_eq!(table_of("column users.email"), Some("users"));
        assert_eq!(table_of("index users unique (email)"), Some("users"));
        assert_eq!(table_of("foreign key a (b_id) -> b (id)"), Some("a"));
        assert_eq!(table_of("view v"), None);
    }
}
