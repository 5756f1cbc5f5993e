//! What the database remembers: refinery's history table (one row per applied migration) and
//! schemagate's journal (one row per statement of a migration in progress).
//!
//! The history table keeps refinery's exact shape (`refinery_schema_history`: version, name,
//! applied_on as RFC 3339, checksum as a decimal u64), so refinery's own tools can read it.
//! The journal gets a row for every statement that succeeds (with its checksum and how long
//! it took, which may be filled in later in the run: [`Pending::timed`]); the history row is written only with or after all its journal rows. A migration
//! is therefore either in the history, or *in progress* with journal rows saying which
//! statements already ran. Rows may wait for a later commit ([`Pending`]; `apply` says when):
//! until then the work they record counts as not done, and is repeated after a crash. Journal
//! rows of applied migrations stay as their timing record (`status` shows it) and are removed
//! when the migration is rolled back.

use crate::error::{server_code, Error, Result};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::collections::HashMap;
use std::fmt::Write;
use std::time::Duration;

/// refinery's history table name.
pub const HISTORY_TABLE: &str = "refinery_schema_history";
/// schemagate's per-statement journal.
pub const JOURNAL_TABLE: &str = "schemagate_journal";
/// The user variables a `SET` of a migration assigned, for a resumed file (`apply::session`).
pub const SESSION_TABLE: &str = "schemagate_session";

const CREATE_HISTORY: &str = "CREATE TABLE IF NOT EXISTS refinery_schema_history (\
    version INT PRIMARY KEY, name VARCHAR(255), applied_on VARCHAR(255), checksum VARCHAR(255)\
    ) ENGINE=InnoDB";
const CREATE_JOURNAL: &str = "CREATE TABLE IF NOT EXISTS schemagate_journal (\
    version INT NOT NULL, statement INT NOT NULL, checksum VARCHAR(20) NOT NULL, \
    executed_on VARCHAR(40) NOT NULL, elapsed_us BIGINT NULL, PRIMARY KEY (version, statement)\
    ) ENGINE=InnoDB";

const CREATE_SESSION: &str = "CREATE TABLE IF NOT EXISTS schemagate_session (\
    version INT NOT NULL, statement INT NOT NULL, assignments TEXT NOT NULL, \
    PRIMARY KEY (version, statement)) ENGINE=InnoDB";

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: i32,
    pub name: String,
    pub applied_on: String,
    pub checksum: u64,
}

/// One journal row: statement `statement` (1-based) of migration `version` ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    pub version: i32,
    pub statement: usize,
    pub checksum: u64,
}

/// History and journal as read in one go.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub applied: Vec<Applied>,
    /// Journal rows of migrations in progress (not in the history).
    pub journal: Vec<Done>,
}

/// Creates both tables if missing (idempotent).
pub fn ensure_tables(conn: &mut Conn) -> Result<()> {
    conn.query_drop(format!("{CREATE_HISTORY}; {CREATE_JOURNAL}"))
        .map_err(|e| Error::db("creating the history and journal tables", e))
}

/// Creates the table of captured user variables if missing: only for migrations that set
/// user variables, before any of their statements runs.
pub fn ensure_session_table(conn: &mut Conn) -> Result<()> {
    conn.query_drop(CREATE_SESSION).map_err(|e| Error::db("creating the session table", e))
}

/// ER_NO_SUCH_TABLE: the history or journal table does not exist yet.
pub(crate) const NO_SUCH_TABLE: u16 = 1146;

/// Reads history and journal in one round trip. A missing table reads as empty, so the
/// caller needs no earlier look at the table list (which could be stale by now). Read again
/// after a transient error (`db::retry::reading`).
pub fn read(conn: &mut Conn) -> Result<Recorded> {
    crate::db::retry::reading(conn, read_once)
}

fn read_once(conn: &mut Conn) -> Result<Recorded> {
    let context = "reading the migration history";
    let mut recorded = Recorded::default();
    let sql = "SELECT version, CAST(name AS CHAR), CAST(applied_on AS CHAR), CAST(checksum AS CHAR) \
         FROM refinery_schema_history ORDER BY version; \
         SELECT j.version, j.statement, CAST(j.checksum AS CHAR) FROM schemagate_journal j \
         WHERE NOT EXISTS (SELECT 1 FROM refinery_schema_history h WHERE h.version = j.version) \
         ORDER BY j.version, j.statement";
    let mut result = match conn.query_iter(sql) {
        Ok(result) => result,
        Err(e) if server_code(&e) == Some(NO_SUCH_TABLE) => return Ok(recorded),
        Err(e) => return Err(Error::db(context, e)),
    };
    if let Some(set) = result.iter() {
        for row in set {
            let row = row.map_err(|e| Error::db(context, e))?;
            let (version, name, applied_on, checksum): (i32, Option<String>, Option<String>, Option<String>) =
                mysql::from_row_opt(row).map_err(|e| bad_row(HISTORY_TABLE, e))?;
            recorded.applied.push(Applied {
                version,
                name: name.unwrap_or_default(),
                applied_on: applied_on.unwrap_or_default(),
                checksum: parse_checksum(HISTORY_TABLE, version, checksum.as_deref())?,
            });
        }
    }
    if let Some(set) = result.iter() {
        for row in set {
            let row = match row {
                Ok(row) => row,
                // A history table made by refinery itself, without our journal next to it.
                Err(e) if server_code(&e) == Some(NO_SUCH_TABLE) => break,
                Err(e) => return Err(Error::db(context, e)),
            };
            let (version, statement, checksum): (i32, u32, Option<String>) =
                mysql::from_row_opt(row).map_err(|e| bad_row(JOURNAL_TABLE, e))?;
            let checksum = parse_checksum(JOURNAL_TABLE, version, checksum.as_deref())?;
            recorded.journal.push(Done { version, statement: statement as usize, checksum });
        }
    }
    Ok(recorded)
}

fn bad_row(table: &str, e: mysql::FromRowError) -> Error {
    Error::Invalid(format!(
        "{table} has a row of an unexpected shape ({} columns); it was not written by \
         schemagate or refinery: inspect it and repair or drop that row",
        e.0.len()
    ))
}

fn parse_checksum(table: &str, version: i32, text: Option<&str>) -> Result<u64> {
    text.and_then(|t| t.trim().parse().ok()).ok_or_else(|| {
        Error::Invalid(format!(
            "{table}: the checksum of version {version} is not a number ({text:?}); restore \
             it from a backup or delete that row and re-apply the migration"
        ))
    })
}

/// One statement's journal row, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub version: i32,
    pub statement: usize,
    pub checksum: u64,
    /// When it ran (client clock, RFC 3339).
    pub executed_on: String,
    /// How long it took, once known (NULL until then).
    pub elapsed: Option<Duration>,
}

impl JournalRow {
    pub fn new(version: i32, statement: usize, checksum: u64, elapsed: Option<Duration>) -> JournalRow {
        JournalRow { version, statement, checksum, executed_on: now_rfc3339(), elapsed }
    }
}

/// One migration's history row, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub version: i32,
    pub name: String,
    pub checksum: u64,
    /// When it was applied (client clock, RFC 3339, as refinery writes it).
    pub applied_on: String,
}

impl HistoryRow {
    pub fn new(version: i32, name: &str, checksum: u64) -> HistoryRow {
        HistoryRow { version, name: name.to_string(), checksum, applied_on: now_rfc3339() }
    }
}

/// Journal and history rows of work that is done but not yet recorded, written together by the
/// next commit (see `apply` for when that is allowed), and the times of statements whose rows
/// were written before their time was known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    pub journal: Vec<JournalRow>,
    pub history: Vec<HistoryRow>,
    /// Rows already written without `elapsed_us`, with it now: [`Pending::write`] fills it in.
    pub timed: Vec<JournalRow>,
}

/// Rows per statement when [`Pending::write`] fills in times (keeps each far below the
/// server's `max_allowed_packet`).
const TIMES_PER_STATEMENT: usize = 1000;

impl Pending {
    /// Nothing waits to be recorded (times to fill in do not count: they are not records).
    pub fn is_empty(&self) -> bool {
        self.journal.is_empty() && self.history.is_empty()
    }

    /// The `INSERT`s that write the waiting journal and history rows (either may be absent),
    /// for a batch; leaves no rows waiting (times to fill in stay).
    pub fn take_sql(&mut self) -> (Option<String>, Option<String>) {
        let journal = (!self.journal.is_empty()).then(|| journal_sql(&self.journal));
        let history = (!self.history.is_empty()).then(|| history_sql(&self.history));
        self.journal.clear();
        self.history.clear();
        (journal, history)
    }

    /// Writes the waiting rows and fills in the times, in one transaction; nothing to do when
    /// there is nothing of either. The rows record work that ran, so the transaction is tried
    /// again after a transient error (`db::retry`) whoever holds the lock now.
    pub fn write(&mut self, conn: &mut Conn) -> Result<()> {
        if self.is_empty() && self.timed.is_empty() {
            return Ok(());
        }
        let what = self.describe();
        let (journal, history) = self.take_sql();
        let times = self
            .timed
            .chunks(TIMES_PER_STATEMENT)
            .map(|rows| format!("{} ON DUPLICATE KEY UPDATE elapsed_us = VALUES(elapsed_us)", journal_sql(rows)));
        let sql: Vec<String> = journal.into_iter().chain(history).chain(times).collect();
        self.timed.clear();
        crate::db::retry::retrying(conn, &what, || true, |conn| write_all(conn, &sql)).map_err(|e| Error::db(&what, e))
    }

    /// What writing these rows does, for an error message.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(first), Some(last)) = (self.journal.first(), self.journal.last()) {
            parts.push(match self.journal.len() {
                1 => format!("journalling statement {} of version {}", first.statement, first.version),
                n => format!("journalling {n} statements (version {} to {})", first.version, last.version),
            });
        }
        match self.history.as_slice() {
            [] => {}
            [one] => parts.push(format!("recording version {} ({}) as applied", one.version, one.name)),
            many => parts.push(format!("recording {} migrations as applied", many.len())),
        }
        if !self.timed.is_empty() {
            parts.push(format!("recording how long {} statement(s) took", self.timed.len()));
        }
        parts.join(" and ")
    }
}

/// Runs `sql` as one transaction (left open when a part fails: the caller rolls back).
fn write_all(conn: &mut Conn, sql: &[String]) -> mysql::Result<()> {
    conn.query_drop("START TRANSACTION")?;
    for sql in sql {
        conn.query_drop(sql)?;
    }
    conn.query_drop("COMMIT")
}

/// Records version `version` as applied (autocommit).
pub fn record_applied(conn: &mut Conn, version: i32, name: &str, checksum: u64) -> Result<()> {
    conn.exec_drop(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?, ?, ?, ?)",
        (version, name, now_rfc3339(), checksum.to_string()),
    )
    .map_err(|e| Error::db(format!("recording version {version} ({name}) as applied"), e))
}

/// Journal rows as one `INSERT`, as SQL text for a multi-statement batch (see `apply`): one
/// round trip for the statements and their bookkeeping.
///
/// A batch is one text query, so values cannot be bound. They are written so that none can
/// end its literal, whatever its content: integers formatted from integer types (digits and a
/// sign only), text as a hex literal (`text_literal`).
pub fn journal_sql(rows: &[JournalRow]) -> String {
    let mut sql =
        String::from("INSERT INTO schemagate_journal (version, statement, checksum, executed_on, elapsed_us) VALUES ");
    for (i, row) in rows.iter().enumerate() {
        let elapsed = row.elapsed.map_or("NULL".to_string(), |d| (d.as_micros() as u64).to_string());
        let _ = write!(
            sql,
            "{}({}, {}, {}, {}, {elapsed})",
            if i == 0 { "" } else { ", " },
            row.version,
            row.statement as u32,
            text_literal(&row.checksum.to_string()),
            text_literal(&row.executed_on)
        );
    }
    sql
}

/// History rows as one `INSERT` for a batch; see [`journal_sql`] for why the values are safe
/// in the text.
pub fn history_sql(rows: &[HistoryRow]) -> String {
    let mut sql = String::from("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES ");
    for (i, row) in rows.iter().enumerate() {
        let _ = write!(
            sql,
            "{}({}, {}, {}, {})",
            if i == 0 { "" } else { ", " },
            row.version,
            text_literal(&row.name),
            text_literal(&row.applied_on),
            text_literal(&row.checksum.to_string())
        );
    }
    sql
}

/// `text` as a utf8mb4 hex literal (`_utf8mb4 X'6162'`): only hex digits between the quotes.
fn text_literal(text: &str) -> String {
    let mut out = String::with_capacity(12 + 2 * text.len());
    out.push_str("_utf8mb4 X'");
    for byte in text.bytes() {
        let _ = write!(out, "{byte:02x}");
    }
    out.push('\'');
    out
}

/// Removes a migration's journal rows, captured session values and intents (after a
/// rollback, or to restart it from scratch).
pub fn clear_journal(conn: &mut impl Queryable, version: i32) -> Result<()> {
    conn.exec_drop("DELETE FROM schemagate_journal WHERE version = ?", (version,))
        .map_err(|e| Error::db(format!("clearing the journal of version {version}"), e))?;
    for (table, what) in [("schemagate_session", "session values"), ("schemagate_intent", "intents")] {
        match conn.exec_drop(format!("DELETE FROM {table} WHERE version = ?"), (version,)) {
            Err(e) if server_code(&e) != Some(NO_SUCH_TABLE) => {
                return Err(Error::db(format!("clearing the {what} of version {version}"), e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Time spent and statements run per applied version, from the journal (versions adopted
/// without running them have none).
pub fn timings(conn: &mut Conn) -> Result<HashMap<i32, (Duration, usize)>> {
    let rows: Vec<(i32, Option<u64>, u64)> = conn
        .query("SELECT version, CAST(SUM(elapsed_us) AS UNSIGNED), COUNT(*) FROM schemagate_journal GROUP BY version")
        .map_err(|e| Error::db("reading statement timings", e))?;
    Ok(rows.into_iter().map(|(v, us, n)| (v, (Duration::from_micros(us.unwrap_or(0)), n as usize))).collect())
}

/// Current UTC time as RFC 3339 with seconds, as refinery writes `applied_on`.
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = now.as_secs();
    let date = crate::naming::civil_date((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        date / 10000,
        date / 100 % 100,
        date % 100,
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        now.subsec_nanos()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_values_cannot_leave_their_literal() {
        assert_eq!(text_literal("a'b"), "_utf8mb4 X'612762'");
        let sql = history_sql(&[HistoryRow::new(-2024010101, "x'); DROP TABLE t; --", u64::MAX)]);
        assert!(sql.starts_with("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (-2024010101, _utf8mb4 X'7827293b"), "{sql}");
        assert_eq!(sql.matches('\'').count(), 6, "{sql}");
        let two = history_sql(&[HistoryRow::new(1, "a", 1), HistoryRow::new(2, "b", 2)]);
        assert!(two.contains("), (2, _utf8mb4 X'62', "), "{two}");
        let rows = [
            JournalRow::new(2024010101, 3, 42, None),
            JournalRow::new(2024010201, 1, 7, Some(Duration::from_micros(1500))),
        ];
        let sql = journal_sql(&rows);
        assert!(sql.contains("(2024010101, 3, _utf8mb4 X'3432', _utf8mb4 X'"), "{sql}");
        assert!(sql.contains(", NULL), (2024010201, 1, _utf8mb4 X'37', "), "{sql}");
        assert!(sql.ends_with(", 1500)"), "{sql}");
        assert_eq!(sql.matches('\'').count(), 8, "{sql}");
    }

    #[test]
    fn pending_sql_takes_everything_once() {
        let mut pending = Pending::default();
        assert_eq!(pending.take_sql(), (None, None));
        pending.journal.push(JournalRow::new(1, 1, 1, None));
        pending.timed.push(JournalRow::new(1, 2, 1, Some(Duration::from_millis(3))));
        pending.history.push(HistoryRow::new(1, "a", 1));
        assert_eq!(
            pending.describe(),
            "journalling statement 1 of version 1 and recording version 1 (a) as applied and recording how long 1 \
             statement(s) took"
        );
        let (journal, history) = pending.take_sql();
        assert!(journal.is_some_and(|j| j.starts_with("INSERT INTO schemagate_journal")));
        assert!(history.is_some_and(|h| h.starts_with("INSERT INTO refinery_schema_history")));
        assert!(pending.is_empty());
        assert_eq!(pending.timed.len(), 1, "times are filled in by write, not by a batch");
    }
}
