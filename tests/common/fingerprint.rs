//! A database's fingerprint: every object and every table's data, read from
//! `information_schema`, as a sorted map from a name (`column film.title`) to a description of
//! that object, so two databases built by different tools compare entry by entry and the
//! first differences print by name.
//!
//! What is compared: tables (type, engine, collation, comment); columns (ordinal, type,
//! default, nullability, charset, collation, extra, comment, generation expression); indexes
//! (name, sequence, column, uniqueness, prefix, type); foreign keys (columns, referenced table
//! and columns, rules); check constraints; views (definition, check option, security);
//! routines (type, body, return type, characteristics, sql_mode) and their parameters;
//! triggers (table, timing, event, order, statement, sql_mode); events; and per base table
//! its row count and `CHECKSUM TABLE`. The database's own name is replaced by `<db>` inside
//! definitions. Definers and creation times are left out (the same user applies both sides;
//! times always differ), and so are schemagate's own tables.

use mysql::prelude::Queryable;
use mysql::Conn;
use std::collections::BTreeMap;

/// Tables schemagate keeps for itself (the history, and every `schemagate_*` table: journal,
/// session...); never part of a comparison.
pub fn own_table(name: &str) -> bool {
    name == "refinery_schema_history" || name.starts_with("schemagate_")
}

/// `name -> description` of every object and table's data in one database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint(pub BTreeMap<String, String>);

/// One query per kind of object: it returns `(name, description)` rows for the schema bound
/// to every `?`.
const QUERIES: [(&str, &str); 10] = [
    ("table", "SELECT table_name, CONCAT_WS(' | ', table_type, engine, table_collation, table_comment) \
        FROM information_schema.tables WHERE table_schema = ?"),
    ("column", "SELECT CONCAT(table_name, '.', column_name), CONCAT_WS(' | ', ordinal_position, column_type, \
        IFNULL(column_default, '<no default>'), is_nullable, IFNULL(character_set_name, '-'), \
        IFNULL(collation_name, '-'), extra, column_comment, IFNULL(generation_expression, '-')) \
        FROM information_schema.columns WHERE table_schema = ?"),
    ("index", "SELECT CONCAT(table_name, '.', index_name, '#', seq_in_index), CONCAT_WS(' | ', column_name, \
        IF(non_unique = 0, 'unique', 'non-unique'), IFNULL(sub_part, '-'), index_type, IFNULL(comment, '')) \
        FROM information_schema.statistics WHERE table_schema = ?"),
    ("foreign key", "SELECT CONCAT(r.table_name, '.', r.constraint_name), CONCAT_WS(' | ', \
        (SELECT GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position) FROM information_schema.key_column_usage k \
           WHERE k.constraint_schema = r.constraint_schema AND k.table_name = r.table_name \
           AND k.constraint_name = r.constraint_name), r.referenced_table_name, \
        (SELECT GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position) FROM information_schema.key_column_usage k \
           WHERE k.constraint_schema = r.constraint_schema AND k.table_name = r.table_name \
           AND k.constraint_name = r.constraint_name), r.update_rule, r.delete_rule) \
        FROM information_schema.referential_constraints r WHERE r.constraint_schema = ?"),
    ("check", "SELECT CONCAT(table_name, '.', constraint_name), check_clause \
        FROM information_schema.check_constraints WHERE constraint_schema = ?"),
    ("view", "SELECT table_name, CONCAT_WS(' | ', view_definition, check_option, is_updatable, security_type, \
        character_set_client, collation_connection) FROM information_schema.views WHERE table_schema = ?"),
    ("routine", "SELECT CONCAT(routine_type, ' ', routine_name), CONCAT_WS(' | ', routine_definition, \
        IFNULL(dtd_identifier, '-'), is_deterministic, sql_data_access, security_type, sql_mode, routine_comment, \
        character_set_client, collation_connection) FROM information_schema.routines WHERE routine_schema = ?"),
    ("parameter", "SELECT CONCAT(routine_type, ' ', specific_name, '#', ordinal_position), CONCAT_WS(' | ', \
        IFNULL(parameter_mode, '-'), IFNULL(parameter_name, '-'), dtd_identifier) \
        FROM information_schema.parameters WHERE specific_schema = ?"),
    ("trigger", "SELECT trigger_name, CONCAT_WS(' | ', event_object_table, action_timing, event_manipulation, \
        action_order, action_statement, sql_mode, character_set_client) \
        FROM information_schema.triggers WHERE trigger_schema = ?"),
    ("event", "SELECT event_name, CONCAT_WS(' | ', event_definition, event_type, IFNULL(interval_value, '-'), \
        IFNULL(interval_field, '-'), status, on_completion, sql_mode) FROM information_schema.events WHERE event_schema = ?"),
];

/// Reads the fingerprint of `schema` (schemagate's own tables left out).
pub fn fingerprint(conn: &mut Conn, schema: &str) -> Fingerprint {
    let mut map = BTreeMap::new();
    for (kind, sql) in QUERIES {
        let rows: Vec<(String, Option<String>)> =
            conn.exec(sql, (schema,)).unwrap_or_else(|e| panic!("fingerprint of {kind}s in {schema}: {e}"));
        for (name, description) in rows {
            if !own(&name) {
                map.insert(format!("{kind} {name}"), normalise(&description.unwrap_or_default(), schema));
            }
        }
    }
    for table in base_tables(conn, schema) {
        map.insert(format!("data {table}"), data(conn, schema, &table));
    }
    Fingerprint(map)
}

/// `name` is an own table or one of its columns, indexes... (`table.column`).
fn own(name: &str) -> bool {
    own_table(name.split('.').next().unwrap_or(name))
}

/// The database's own name, quoted or not, becomes `<db>` so two databases compare.
fn normalise(text: &str, schema: &str) -> String {
    text.replace(&format!("`{schema}`"), "<db>").replace(schema, "<db>")
}

fn base_tables(conn: &mut Conn, schema: &str) -> Vec<String> {
    let tables: Vec<String> = conn
        .exec(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
            (schema,),
        )
        .unwrap();
    tables.into_iter().filter(|t| !own(t)).collect()
}

/// `rows N | checksum C` of one table.
fn data(conn: &mut Conn, schema: &str, table: &str) -> String {
    let name = format!("{}.{}", quote(schema), quote(table));
    let count: Option<i64> = conn.query_first(format!("SELECT COUNT(*) FROM {name}")).unwrap();
    let sum: Option<(String, Option<i64>)> = conn.query_first(format!("CHECKSUM TABLE {name} EXTENDED")).unwrap();
    let sum = sum.and_then(|(_, c)| c).map_or("-".to_string(), |c| c.to_string());
    format!("rows {} | checksum {sum}", count.unwrap_or(0))
}

/// A validated-by-construction identifier: backticks doubled inside backticks.
fn quote(identifier: &str) -> String {
    format!("`{}`", identifier.replace('`', "``"))
}

impl Fingerprint {
    /// The differences with `other`, by name, at most `limit` of them: `only in left: X`,
    /// `only in right: X`, or `X: left=... right=...`.
    pub fn differences(&self, other: &Fingerprint, (left, right): (&str, &str), limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let names: std::collections::BTreeSet<&String> = self.0.keys().chain(other.0.keys()).collect();
        for name in names {
            let line = match (self.0.get(name), other.0.get(name)) {
                (Some(a), Some(b)) if a == b => continue,
                (Some(a), Some(b)) => {
                    let (a, b) = excerpts(a, b);
                    format!("{name}:\n      {left}: {a}\n      {right}: {b}")
                }
                (Some(_), None) => format!("only in {left}: {name}"),
                (None, _) => format!("only in {right}: {name}"),
            };
            out.push(line);
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// How many entries are of `kind` (`table`, `routine`, `data`...).
    pub fn count(&self, kind: &str) -> usize {
        let prefix = format!("{kind} ");
        self.0.keys().filter(|k| k.starts_with(&prefix)).count()
    }
}

/// Where two descriptions part: up to 40 characters before the first difference and 60
/// after, from each side (whole descriptions are routine bodies of many lines).
fn excerpts(a: &str, b: &str) -> (String, String) {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let cut = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let start = common.saturating_sub(40);
        let end = (common + 60).min(chars.len());
        let text: String = chars[start..end].iter().collect();
        format!("{}{text:?}{}", if start > 0 { "…" } else { "" }, if end < chars.len() { "…" } else { "" })
    };
    (cut(a), cut(b))
}
