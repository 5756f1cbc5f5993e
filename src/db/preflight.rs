//! Before anything is changed: is the server writable, and may this account do what the
//! migrations ask? A read-only server (`read_only`, `super_read_only`: a replica) or a missing
//! grant is reported, naming the state or the grants, before the lock is taken or the history
//! tables are created, so nothing is half-done because of it.
//!
//! The grants needed are schemagate's own (the history tables: SELECT, INSERT, UPDATE,
//! DELETE, CREATE) and those the migrations' statements need, read from their first words
//! (`ALTER TABLE` needs ALTER, `CREATE TRIGGER` TRIGGER...). Grants are read from
//! `information_schema` at global and database level (also through enabled roles); an account
//! that holds its privileges only table by table is reported as lacking them.

use crate::config::Settings;
use crate::error::{Error, Result};
use crate::migration::{Migration, Script};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::collections::BTreeMap;

/// What schemagate itself needs, and why.
const OWN: [(&str, &str); 5] = [
    ("SELECT", "reading the history tables"),
    ("INSERT", "recording applied migrations"),
    ("UPDATE", "recording progress within a migration"),
    ("DELETE", "clearing finished progress rows"),
    ("CREATE", "creating the history tables and new tables"),
];

/// Privileges needed by `migrations`' forward scripts (ALTER TABLE also needs CREATE and
/// INSERT, which schemagate needs anyway) (and schemagate's own), each with the
/// first reason found, in a stable order.
pub fn required_privileges<'a>(scripts: impl IntoIterator<Item = &'a Script>) -> BTreeMap<&'static str, &'static str> {
    let mut needed: BTreeMap<&str, &str> = OWN.into_iter().collect();
    for script in scripts {
        for (_, _, text) in script.statements() {
            for (privilege, why) in privileges_of(text) {
                needed.entry(privilege).or_insert(why);
            }
        }
    }
    needed
}

/// The privileges one statement needs, judged from its leading words.
pub fn privileges_of(statement: impl AsRef<str>) -> Vec<(&'static str, &'static str)> {
    let statement = statement.as_ref();
    let words = leading_words(statement, 8);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let has = |word: &str| w.contains(&word);
    match w.first().copied() {
        Some("CREATE") if has("VIEW") => out.push(("CREATE VIEW", "creating views")),
        Some("CREATE") if has("TRIGGER") => out.push(("TRIGGER", "creating triggers")),
        Some("CREATE") if has("PROCEDURE") || has("FUNCTION") => out.push(("CREATE ROUTINE", "creating routines")),
        Some("CREATE") if has("EVENT") => out.push(("EVENT", "creating events")),
        Some("CREATE") if has("INDEX") => out.push(("INDEX", "creating indexes")),
        Some("ALTER") if has("EVENT") => out.push(("EVENT", "changing events")),
        Some("ALTER") if has("PROCEDURE") || has("FUNCTION") => out.push(("ALTER ROUTINE", "changing routines")),
        Some("ALTER") => out.push(("ALTER", "changing tables")),
        Some("DROP") if has("TRIGGER") => out.push(("TRIGGER", "dropping triggers")),
        Some("DROP") if has("PROCEDURE") || has("FUNCTION") => out.push(("ALTER ROUTINE", "dropping routines")),
        Some("DROP") if has("EVENT") => out.push(("EVENT", "dropping events")),
        Some("DROP") if has("INDEX") => out.push(("INDEX", "dropping indexes")),
        Some("DROP") => out.push(("DROP", "dropping tables and views")),
        Some("RENAME") => out.extend([("ALTER", "renaming tables"), ("DROP", "renaming tables")]),
        Some("TRUNCATE") => out.push(("DROP", "emptying tables with TRUNCATE")),
        Some("UPDATE") => out.push(("UPDATE", "changing rows")),
        Some("DELETE") => out.push(("DELETE", "deleting rows")),
        _ => {}
    }
    let upper = statement.to_ascii_uppercase();
    let table = matches!(w.first().copied(), Some("CREATE" | "ALTER")) && has("TABLE");
    if table && (upper.contains(" REFERENCES ") || upper.contains(" REFERENCES\n")) {
        out.push(("REFERENCES", "foreign keys"));
    }
    out
}

/// The first `n` words of a statement in upper case, comments skipped.
fn leading_words(statement: &str, n: usize) -> Vec<String> {
    let mut rest = statement.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
            rest = r.split_once('\n').map_or("", |(_, after)| after).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*").filter(|r| !r.starts_with('!')) {
            rest = r.split_once("*/").map_or("", |(_, after)| after).trim_start();
        } else {
            break;
        }
    }
    rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_ascii_uppercase)
        .collect()
}

/// Refuses a read-only server and an account without the grants `migrations` need.
pub fn preflight(conn: &mut Conn, settings: &Settings, migrations: &[Migration]) -> Result<()> {
    check(conn, settings, required_privileges(migrations.iter().map(|m| &m.forward)))
}

/// The same check for running `scripts` (rollback scripts).
pub fn preflight_scripts<'a>(
    conn: &mut Conn,
    settings: &Settings,
    scripts: impl IntoIterator<Item = &'a Script>,
) -> Result<()> {
    check(conn, settings, required_privileges(scripts))
}

/// Refuses a read-only server (`read_only`, `super_read_only`: a replica) before anything is
/// written, the target database included.
pub fn refuse_read_only(conn: &mut Conn, settings: &Settings) -> Result<()> {
    let rows: Vec<(String, String)> = conn.query(READ_ONLY_SQL).unwrap_or_default();
    match read_only_variable(&rows) {
        Some(variable) => Err(Error::ReadOnly { target: settings.redacted_url(), variable }),
        None => Ok(()),
    }
}

/// Both read-only switches in one round trip; `super_read_only` is MySQL's (MariaDB has no
/// such row, which means "off").
pub const READ_ONLY_SQL: &str = "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')";

/// The switch that is on, from the `(name, value)` rows of [`READ_ONLY_SQL`].
pub fn read_only_variable(rows: &[(String, String)]) -> Option<&'static str> {
    let on = |name: &str| rows.iter().any(|(n, v)| n.eq_ignore_ascii_case(name) && v.eq_ignore_ascii_case("ON"));
    ["read_only", "super_read_only"].into_iter().find(|v| on(v))
}

fn check(conn: &mut Conn, settings: &Settings, required: BTreeMap<&'static str, &'static str>) -> Result<()> {
    refuse_read_only(conn, settings)?;
    let target = settings.redacted_url();
    let context = || format!("checking the server state and grants on {target}");
    let held = held_privileges(conn, &settings.database).map_err(|e| Error::db(context(), e))?;
    if held.iter().any(|p| p == "ALL PRIVILEGES") {
        return Ok(());
    }
    let missing: Vec<String> = required
        .into_iter()
        .filter(|(privilege, _)| !held.iter().any(|h| h == privilege))
        .map(|(privilege, why)| format!("{privilege} ({why})"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::MissingGrants { target, user: settings.user.clone(), database: settings.database.clone(), missing })
}

/// Privileges the current account (and its enabled roles) holds globally or on `database`.
fn held_privileges(conn: &mut Conn, database: &str) -> mysql::Result<Vec<String>> {
    let account: Option<Option<String>> = conn.query_first("SELECT CURRENT_USER()")?;
    let account = account.flatten().unwrap_or_default();
    let (user, host) = account.rsplit_once('@').unwrap_or((&account, "%"));
    let mut grantees = vec![format!("'{user}'@'{host}'")];
    // MariaDB answers one NULL row when no role is enabled.
    let roles: Vec<Option<String>> =
        conn.query("SELECT CAST(role_name AS CHAR) FROM information_schema.enabled_roles").unwrap_or_default();
    for role in roles.into_iter().flatten() {
        grantees.extend([format!("'{role}'"), format!("'{role}'@'%'")]);
    }
    let marks = vec!["?"; grantees.len()].join(", ");
    let sql = format!(
        "SELECT CAST(privilege_type AS CHAR) FROM information_schema.user_privileges WHERE grantee IN ({marks}) \
         UNION SELECT CAST(privilege_type AS CHAR) FROM information_schema.schema_privileges \
         WHERE grantee IN ({marks}) AND ? LIKE table_schema"
    );
    let mut params: Vec<mysql::Value> = grantees.iter().chain(grantees.iter()).map(|g| g.as_str().into()).collect();
    params.push(database.into());
    let held: Vec<Option<String>> = conn.exec(sql, params)?;
    Ok(held.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(sql: &str) -> Vec<&'static str> {
        privileges_of(sql).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn statements_to_privileges() {
        assert_eq!(first("ALTER TABLE t ADD c INT"), ["ALTER"]);
        assert_eq!(first("-- note\nalter table t add index i (c)"), ["ALTER"]);
        assert_eq!(first("CREATE TABLE t (id INT, p INT, FOREIGN KEY (p) REFERENCES u (id))"), ["REFERENCES"]);
        assert_eq!(first("CREATE OR REPLACE ALGORITHM=MERGE VIEW v AS SELECT 1"), ["CREATE VIEW"]);
        assert_eq!(
            first("CREATE DEFINER=CURRENT_USER TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @x = 1"),
            ["TRIGGER"]
        );
        assert_eq!(first("/* x */ CREATE PROCEDURE p() SELECT 1"), ["CREATE ROUTINE"]);
        assert_eq!(first("DROP TABLE t"), ["DROP"]);
        assert_eq!(first("CREATE UNIQUE INDEX i ON t (c)"), ["INDEX"]);
        assert_eq!(first("INSERT INTO t VALUES ('CREATE TRIGGER')"), Vec::<&str>::new());
    }
}
