//! Closes the DDL-commit window: a server crash after a DDL statement committed and before its
//! journal row did repeats the statement on the next run. For most DDL that is harmless (the
//! rerun fails with an excused "already exists", see `classify::already_done`), but not for
//! the statements `classify::rerun_repeats` names: an unnamed `ADD INDEX (v)` would add `v_2`,
//! an unnamed foreign key or CHECK a duplicate, `ADD PRIMARY KEY` fails with 1068.
//!
//! Before such a statement, in the same round trip, `apply` records an *intent* in
//! `schemagate_intent`: the statement's number and checksum and a fingerprint of its table's
//! definition, computed by the server from `information_schema` (columns, indexes,
//! constraints, partitions, table options; not `AUTO_INCREMENT`, which inserts move). The
//! intent commits before the statement starts. When a file is resumed, the last unrecorded
//! statement with an intent is judged by its table: definition changed since the intent ->
//! the statement ran, so it and every unrecorded statement before it are recorded as done;
//! unchanged -> it did not take effect and runs again (its intent is replaced).
//!
//! An intent is removed when its statement fails with an error the run reports (the user may
//! change the table before the next run); intents of recorded statements are ignored. The
//! table is created only for migrations that contain such a statement.

use crate::error::{Error, Result};
use crate::history::{self, Done, JournalRow, Pending};
use mysql::prelude::Queryable;
use mysql::Conn;

/// The intents table.
pub const INTENT_TABLE: &str = "schemagate_intent";

const CREATE_INTENT: &str = "CREATE TABLE IF NOT EXISTS schemagate_intent (\
    version INT NOT NULL, statement INT NOT NULL, checksum VARCHAR(20) NOT NULL, \
    fingerprint CHAR(32) NULL, PRIMARY KEY (version, statement)) ENGINE=InnoDB";

/// Creates the intents table if missing.
pub fn ensure_table(conn: &mut Conn) -> Result<()> {
    conn.query_drop(CREATE_INTENT).map_err(|e| Error::db("creating the intent table", e))
}

/// The statement recording the intent to run statement `index` of `version` on `table`, for
/// a batch (one text query: the values are integers and hex literals, see `history`).
pub fn record_sql(version: i32, index: usize, checksum: u64, table: &str) -> String {
    format!(
        "REPLACE INTO schemagate_intent (version, statement, checksum, fingerprint) SELECT {version}, {}, '{checksum}', {}",
        index as u32,
        fingerprint(table)
    )
}

/// A server-side expression: the MD5 of `table`'s definition in the current database.
fn fingerprint(table: &str) -> String {
    let name = format!("CONVERT(X'{}' USING utf8mb4)", hex(table));
    let at = format!("table_schema = DATABASE() AND table_name = {name}");
    let parts = [
        format!(
            "SELECT GROUP_CONCAT(CONCAT_WS(',', column_name, column_type, is_nullable, IFNULL(column_default, 'NULL'), \
             extra, IFNULL(generation_expression, '')) ORDER BY ordinal_position SEPARATOR ';') \
             FROM information_schema.columns WHERE {at}"
        ),
        format!(
            "SELECT GROUP_CONCAT(CONCAT_WS(',', index_name, seq_in_index, IFNULL(column_name, ''), non_unique, \
             IFNULL(sub_part, ''), index_type) ORDER BY index_name, seq_in_index SEPARATOR ';') \
             FROM information_schema.statistics WHERE {at}"
        ),
        format!(
            "SELECT GROUP_CONCAT(CONCAT_WS(',', constraint_name, constraint_type) ORDER BY constraint_name, \
             constraint_type SEPARATOR ';') FROM information_schema.table_constraints WHERE {at}"
        ),
        format!(
            "SELECT GROUP_CONCAT(IFNULL(partition_name, '') ORDER BY partition_ordinal_position SEPARATOR ';') \
             FROM information_schema.partitions WHERE {at}"
        ),
        format!(
            "SELECT CONCAT_WS(',', engine, row_format, table_collation, create_options, table_comment) \
             FROM information_schema.tables WHERE {at}"
        ),
    ];
    let parts: Vec<String> = parts.iter().map(|p| format!("IFNULL(({p}), '')")).collect();
    format!("MD5(CONCAT_WS('|', {}))", parts.join(", "))
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Removes the intent of statement `index` (after it failed with a reported error); best
/// effort, since the error being reported matters more.
pub fn forget(conn: &mut Conn, version: i32, index: usize) {
    let sql = "DELETE FROM schemagate_intent WHERE version = ? AND statement = ?";
    if let Err(e) = conn.exec_drop(sql, (version, index as u32)) {
        log::debug!("removing the intent of statement {index} of version {version}: {e}");
    }
}

/// A statement of the file as `recover` needs it: number, text checksum, and the table of a
/// statement that takes an intent.
pub struct Candidate<'a> {
    pub index: usize,
    pub checksum: u64,
    pub table: Option<&'a str>,
}

/// On resume: the statements an intent shows ran although their journal rows are missing
/// (see the module docs), recorded as done here (committed at once). `statements` is the
/// whole file in order; `done` its journal rows.
pub fn recover(
    conn: &mut Conn,
    version: i32,
    statements: &[Candidate<'_>],
    done: &[Done],
    pending: &mut Pending,
) -> Result<Vec<Done>> {
    let is_done = |index: usize| done.iter().any(|d| d.statement == index);
    let open: Vec<&Candidate> = statements.iter().filter(|s| !is_done(s.index)).collect();
    if !open.iter().any(|s| s.table.is_some()) {
        return Ok(Vec::new());
    }
    let sql = "SELECT statement, CAST(checksum AS CHAR), fingerprint FROM schemagate_intent WHERE version = ?";
    let intents: Vec<(usize, String, Option<String>)> = match conn.exec(sql, (version,)) {
        Ok(rows) => rows,
        Err(e) if crate::error::server_code(&e) == Some(history::NO_SUCH_TABLE) => return Ok(Vec::new()),
        Err(e) => return Err(Error::db("reading the intents of a resumed file", e)),
    };
    // The last unrecorded statement whose intent matches its text: the one in flight.
    let flight = open.iter().rev().find_map(|s| {
        let table = s.table?;
        let (_, _, print) = intents.iter().find(|(i, c, _)| *i == s.index && *c == s.checksum.to_string())?;
        Some((s, table, print.clone()))
    });
    let Some((statement, table, then)) = flight else { return Ok(Vec::new()) };
    let now: Option<String> = conn
        .query_first(format!("SELECT {}", fingerprint(table)))
        .map_err(|e| Error::db(format!("reading the definition of table {table}"), e))?;
    if now == then {
        return Ok(Vec::new());
    }
    let ran: Vec<&&Candidate> = open.iter().filter(|s| s.index <= statement.index).collect();
    for s in &ran {
        pending.journal.push(JournalRow::new(version, s.index, s.checksum, None));
    }
    pending.write(conn)?;
    log::info!(
        "version {version}: statement {} had changed table {table} before the last run stopped; recorded as done",
        statement.index
    );
    Ok(ran.iter().map(|s| Done { version, statement: s.index, checksum: s.checksum }).collect())
}
