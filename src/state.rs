//! A snapshot of what the database holds, read the same way by every command: its tables,
//! the recorded history and journal, and the plan against a migration set.
//!
//! [`read`] costs two queries (history and journal in one round trip, then the table list);
//! the gate first tries [`read_if_current`], one round trip whatever the number of
//! migrations. Neither writes anything.

use crate::db::preflight::READ_ONLY_SQL;
use crate::error::{server_code, Error, Result};
use crate::history::{self, Recorded};
use crate::migration::{HistoryDigest, MigrationSet, Outline};
use crate::plan::{self, Plan, PlanOptions};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::collections::BTreeSet;

/// A required table and whether it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    pub name: String,
    pub present: bool,
}

/// The database as read at one moment. (From [`read_if_current`], `recorded` is left empty:
/// the digest proved it equals the migration set.)
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub tables: BTreeSet<String>,
    /// The server compares table names without regard to case (`lower_case_table_names` is
    /// 1 or 2: Windows, macOS, many managed services); `CREATE TABLE Users` is then listed as
    /// `users` (with 1) and must still count as `Users`.
    pub fold_case: bool,
    /// The read-only switch that is on (`read_only`, `super_read_only`: a replica), read in
    /// the same round trip as the tables.
    pub read_only: Option<&'static str>,
    pub recorded: Recorded,
    pub plan: Plan,
}

impl Snapshot {
    /// Each required table of `set` and whether it exists.
    pub fn required_tables(&self, set: &MigrationSet) -> Vec<TableCheck> {
        self.tables_present(&set.required_tables)
    }

    /// Each of the `required` tables and whether it exists.
    pub fn tables_present(&self, required: &[String]) -> Vec<TableCheck> {
        required.iter().map(|t| TableCheck { name: t.clone(), present: self.has_table(t) }).collect()
    }

    /// Whether table `name` exists, compared the way the server compares table names.
    pub fn has_table(&self, name: &str) -> bool {
        self.tables.contains(name) || self.fold_case && self.tables.iter().any(|t| t.eq_ignore_ascii_case(name))
    }
}

/// Lists the current database's tables with `@@lower_case_table_names` in each row (no row,
/// no tables: then the setting does not matter).
const TABLES_SQL: &str = "SELECT CAST(table_name AS CHAR), @@lower_case_table_names \
     FROM information_schema.tables WHERE table_schema = DATABASE()";

/// Reads the rows of [`READ_ONLY_SQL`](crate::db::preflight::READ_ONLY_SQL) into `snapshot`.
fn collect_read_only<I>(rows: I, snapshot: &mut Snapshot) -> Result<()>
where
    I: Iterator<Item = mysql::Result<mysql::Row>>,
{
    let mut found = Vec::new();
    for row in rows {
        let row = row.map_err(|e| Error::db("reading read_only", e))?;
        found.push(mysql::from_row_opt(row).map_err(|_| Error::Invalid("reading read_only: unexpected row".into()))?);
    }
    snapshot.read_only = crate::db::preflight::read_only_variable(&found);
    Ok(())
}

/// Reads the rows of [`TABLES_SQL`] into `snapshot`.
fn collect_tables<I>(rows: I, snapshot: &mut Snapshot) -> Result<()>
where
    I: Iterator<Item = mysql::Result<mysql::Row>>,
{
    for row in rows {
        let row = row.map_err(|e| Error::db("listing tables", e))?;
        let (name, lower_case): (String, i64) =
            mysql::from_row_opt(row).map_err(|_| Error::Invalid("listing tables: unexpected row".into()))?;
        snapshot.fold_case = lower_case != 0;
        snapshot.tables.insert(name);
    }
    Ok(())
}

/// The fast path of a start with nothing to do, in one round trip whatever the number of
/// migrations: the history's [`HistoryDigest`] (computed by the server, no rows sent) and the
/// table list. `None` when the digest differs from the set's (something is pending, changed,
/// missing or in progress) or there is no history table: then [`read`] finds out what.
///
/// Equal digests mean every migration of the set is recorded with its name and checksum and
/// nothing else is, so nothing can be pending or in progress; the journal is not read. Only
/// the set's [`Outline`] is needed, which a folder gives without splitting its SQL.
pub fn read_if_current(conn: &mut Conn, set: &Outline) -> Result<Option<Snapshot>> {
    crate::db::retry::reading(conn, |conn| read_if_current_once(conn, set))
}

fn read_if_current_once(conn: &mut Conn, set: &Outline) -> Result<Option<Snapshot>> {
    const DIGEST_SQL: &str = "SELECT COUNT(*), COALESCE(MAX(version), 0), \
         COALESCE(BIT_XOR(CAST(checksum AS UNSIGNED)), 0) FROM refinery_schema_history; ";
    let context = "reading the migration history";
    let expected = set.digest;
    if expected.rows == 0 {
        return Ok(None);
    }
    let mut result = match conn.query_iter(format!("{DIGEST_SQL}{TABLES_SQL}; {READ_ONLY_SQL}")) {
        Ok(result) => result,
        Err(e) if server_code(&e) == Some(history::NO_SUCH_TABLE) => return Ok(None),
        Err(e) => return Err(Error::db(context, e)),
    };
    let mut digest = None;
    if let Some(rows) = result.iter() {
        for row in rows {
            let row = row.map_err(|e| Error::db(context, e))?;
            let (rows, max_version, xor): (u64, i64, u64) =
                mysql::from_row_opt(row).map_err(|_| Error::Invalid(format!("{context}: unexpected digest row")))?;
            digest = Some(HistoryDigest { rows, max_version, xor });
        }
    }
    if digest != Some(expected) {
        return Ok(None);
    }
    let mut snapshot = Snapshot::default();
    if let Some(rows) = result.iter() {
        collect_tables(rows, &mut snapshot)?;
    }
    if let Some(rows) = result.iter() {
        collect_read_only(rows, &mut snapshot)?;
    }
    snapshot.plan = Plan { applied: (0..expected.rows as usize).collect(), ..Plan::default() };
    Ok(Some(snapshot))
}

/// Reads tables, history and journal of the connection's database and plans `set` against
/// them.
///
/// The history is read before the tables: a concurrent runner can only add tables and
/// history rows, so every table the history read promises is already in the table list.
pub fn read(conn: &mut Conn, set: &MigrationSet, options: PlanOptions) -> Result<Snapshot> {
    let recorded = history::read(conn)?;
    let mut snapshot = Snapshot::default();
    crate::db::retry::reading(conn, |conn| {
        snapshot.tables.clear();
        let mut result =
            conn.query_iter(format!("{TABLES_SQL}; {READ_ONLY_SQL}")).map_err(|e| Error::db("listing tables", e))?;
        if let Some(rows) = result.iter() {
            collect_tables(rows, &mut snapshot)?;
        }
        if let Some(rows) = result.iter() {
            collect_read_only(rows, &mut snapshot)?;
        }
        Ok(())
    })?;
    snapshot.plan = plan::plan(&set.migrations, &recorded.applied, &recorded.journal, options);
    snapshot.recorded = recorded;
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_compare_the_way_the_server_does() {
        let set = MigrationSet { required_tables: vec!["Users".into(), "orders".into()], ..MigrationSet::default() };
        let mut snapshot = Snapshot { tables: ["users".to_string()].into(), ..Snapshot::default() };
        let present = |s: &Snapshot| s.required_tables(&set).iter().map(|t| t.present).collect::<Vec<_>>();
        assert_eq!(present(&snapshot), [false, false], "lower_case_table_names=0: byte for byte");
        snapshot.fold_case = true;
        assert_eq!(present(&snapshot), [true, false], "lower_case_table_names=1 or 2: any case");
    }
}
