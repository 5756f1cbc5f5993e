//! The database side of a file's session (see [`super::session`] for the model): runs a
//! statement inside a transaction or lock region and writes its journal row the way the
//! region requires, captures the user variables a `SET` assigned, ends a file's session as
//! the client's disconnect would, and rebuilds the session of a resumed file.

use super::session::{self, Control, Region};
use super::{drain, failpoint, failure, failure_with, log_warnings};
use crate::error::{Error, Result};
use crate::history::{self, JournalRow};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::Instant;

/// A statement of the file being applied, with what its journal row needs.
pub(super) struct Step<'a> {
    pub version: i32,
    pub index: usize,
    pub line: u32,
    pub checksum: u64,
    pub file: &'a str,
    pub text: &'a str,
}

/// The statement's effect on the session's transaction and locks; only read where it can
/// matter (inside a region, or for the few statements that open or close one).
pub(super) fn control_of(region: &Region, keyword: &str, text: &str) -> Control {
    let first = keyword.split(' ').next().unwrap_or_default();
    if region.active() || matches!(first, "START" | "BEGIN" | "COMMIT" | "ROLLBACK" | "LOCK" | "UNLOCK" | "SET") {
        Control::of(text)
    } else {
        Control::None
    }
}

/// A statement that is nothing but conditional comments: on a server whose version skips
/// them it is empty, which the server accepts only when the statement is sent alone.
pub(super) fn conditional_only(text: &str) -> bool {
    (text.starts_with("/*!") || text.starts_with("/*M!")) && text.ends_with("*/")
}

/// `CREATE TEMPORARY TABLE`: the table lives in the session.
pub(super) fn temporary_table(text: &str) -> bool {
    let mut words = text.split_ascii_whitespace();
    words.next().is_some_and(|w| w.eq_ignore_ascii_case("CREATE"))
        && words.next().is_some_and(|w| w.eq_ignore_ascii_case("TEMPORARY"))
}

/// Runs one statement while the file's session needs bookkeeping to follow it (see
/// [`session`]), then writes its journal row the way the region requires.
pub(super) fn in_region(
    conn: &mut Conn,
    region: &mut Region,
    in_transaction: &mut Vec<JournalRow>,
    control: Control,
    step: &Step<'_>,
) -> Result<()> {
    let started = Instant::now();
    let fail = |e: mysql::Error| failure(step.file, step.index, step.line, step.text, e);
    for sql in region.statements_for(control, step.text) {
        drain(conn, &sql).map_err(fail)?;
    }
    log_warnings(conn, step.file, step.index, step.line);
    failpoint(step.version, &step.index.to_string());
    let then = region.after(control);
    let row = JournalRow::new(step.version, step.index, step.checksum, Some(started.elapsed()));
    let bookkeeping = |e: mysql::Error| bookkeeping_failed(step, region_words(region), e);
    // Statements that commit what the file's transaction holds, as the server does: COMMIT,
    // DDL, autocommit back on, and LOCK TABLES, UNLOCK TABLES and START TRANSACTION, which
    // commit an open transaction first.
    let commits = matches!(
        control,
        Control::Commit
            | Control::ImplicitCommit
            | Control::Autocommit(true)
            | Control::Lock
            | Control::Unlock
            | Control::Begin
    );
    if commits {
        in_transaction.clear();
    }
    if control == Control::Rollback {
        // The rows of the rolled-back statements went with them: record them again (their
        // work is undone, so repeating them after a crash would only undo it again).
        in_transaction.push(row);
        conn.query_drop(history::journal_sql(in_transaction)).map_err(bookkeeping)?;
        in_transaction.clear();
        if region.manual || region.ours_manual {
            conn.query_drop("COMMIT").map_err(bookkeeping)?;
        }
    } else if region.in_file_transaction() && control != Control::ImplicitCommit {
        let sql = with_capture(conn, step, history::journal_sql(std::slice::from_ref(&row)));
        conn.query_drop(sql).map_err(bookkeeping)?;
        in_transaction.push(row);
    } else {
        let sql = with_capture(conn, step, history::journal_sql(&[row]));
        conn.query_drop(sql).map_err(bookkeeping)?;
        if region.ours_manual || region.manual {
            conn.query_drop("COMMIT").map_err(bookkeeping)?;
        }
    }
    failpoint(step.version, &format!("{}j", step.index));
    if let Some(sql) = then {
        conn.query_drop(sql).map_err(bookkeeping)?;
    }
    Ok(())
}

/// `journal` followed by the capture of the user variables the statement set, if any.
fn with_capture(conn: &mut Conn, step: &Step<'_>, journal: String) -> String {
    match capture(conn, step.version, step.index, step.text) {
        Some(session) => format!("{journal}; {session}"),
        None => journal,
    }
}

/// After a `SET` that assigned user variables: the statement recording their values (as a
/// `SET` to run when the file is resumed after this statement), or None.
pub(super) fn capture(conn: &mut Conn, version: i32, index: usize, text: &str) -> Option<String> {
    let (names, _) = session::user_variables(text)?;
    let select = names.iter().map(|n| format!("@`{}`", n.replace('`', "``"))).collect::<Vec<_>>().join(", ");
    let row: mysql::Row = conn.exec_first(format!("SELECT {select}"), ()).ok().flatten()?;
    let mut assignments = Vec::new();
    for (name, value) in names.iter().zip(row.unwrap()) {
        let literal = match value {
            mysql::Value::Bytes(bytes) => format!("CONVERT(X'{}' USING utf8mb4)", hex(&bytes)),
            other => other.as_sql(true),
        };
        assignments.push(format!("@`{}` = {literal}", name.replace('`', "``")));
    }
    let set = format!("SET {}", assignments.join(", "));
    Some(format!(
        "REPLACE INTO {} (version, statement, assignments) VALUES ({version}, {index}, CONVERT(X'{}' USING utf8mb4))",
        history::SESSION_TABLE,
        hex(set.as_bytes())
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the session was in, for a bookkeeping error.
fn region_words(region: &Region) -> &'static str {
    match (region.locked, region.in_file_transaction()) {
        (true, _) => "inside the file's LOCK TABLES region",
        (false, true) => "inside the file's open transaction",
        _ => "in the file's session",
    }
}

fn bookkeeping_failed(step: &Step<'_>, region: &str, e: mysql::Error) -> Error {
    Error::db(
        format!(
            "schemagate's own journal write after statement {} (line {}) of {} failed {region}; \
             the statement itself succeeded. The next run repeats the unrecorded part of the \
             file; if the error persists, the session state the file sets up (read-only \
             transaction, locks, sql_mode) blocks the write",
            step.index, step.line, step.file
        ),
        e,
    )
}

/// Ends a file's session as the client's disconnect would: open transaction rolled back
/// (and its statements recorded as done), locks released, autocommit back on.
pub(super) fn close_region(
    conn: &mut Conn,
    region: &mut Region,
    in_transaction: &mut Vec<JournalRow>,
    file: &str,
) -> Result<()> {
    let closing = region.closing();
    if closing.is_empty() {
        return Ok(());
    }
    if region.in_file_transaction() && !in_transaction.is_empty() {
        log::warn!("{file}: a transaction is still open at the end of the file; rolled back, as the mysql client's disconnect does");
    }
    for sql in closing {
        conn.query_drop(sql).map_err(|e| Error::db(format!("ending the session of {file} ({sql})"), e))?;
    }
    if !in_transaction.is_empty() {
        conn.query_drop(history::journal_sql(in_transaction))
            .map_err(|e| Error::db(format!("journalling the rolled-back end of {file}"), e))?;
        in_transaction.clear();
    }
    region.reset();
    Ok(())
}

/// Before resuming a file at its first unrecorded statement, runs again what built the
/// session up to there ([`session::replayable`]). Returns whether anything ran.
pub(super) fn replay(
    conn: &mut Conn,
    version: i32,
    region: &mut Region,
    done: &[(usize, u32, &str)],
    file: &str,
) -> Result<bool> {
    let texts: Vec<&str> = done.iter().map(|s| s.2).collect();
    let picks = session::replayable(&texts);
    let captured = if picks.is_empty() { Vec::new() } else { captured(conn, version)? };
    for &i in &picks {
        let (index, line, text) = done[i];
        let control = Control::of(text);
        let saved = captured.iter().find(|(s, _)| *s == index).map(|(_, set)| set.clone());
        let only_variables = session::user_variables(text).is_some_and(|(_, only)| only);
        let mut sqls = match &saved {
            Some(_) if only_variables => Vec::new(),
            _ => region.statements_for(control, text),
        };
        // The values the variables had then, not what their expressions give now.
        sqls.extend(saved);
        for sql in sqls {
            drain(conn, &sql).map_err(|e| {
                let resume = " (run again to rebuild the session of a resumed file: fix what it needs)".to_string();
                failure_with(file, index, line, text, e, resume)
            })?;
        }
        if let Some(sql) = region.after(control) {
            conn.query_drop(sql).map_err(|e| Error::db("rebuilding the session of a resumed file", e))?;
        }
        log::info!("{file}: statement {index} (line {line}) run again to rebuild the session before resuming");
    }
    Ok(!picks.is_empty())
}

/// The user variables captured for `version`'s statements: (statement, `SET ...`).
fn captured(conn: &mut Conn, version: i32) -> Result<Vec<(usize, String)>> {
    let sql = "SELECT statement, CAST(assignments AS CHAR) FROM schemagate_session WHERE version = ?";
    match conn.exec::<(usize, String), _, _>(sql, (version,)) {
        Ok(rows) => Ok(rows),
        Err(e) if crate::error::server_code(&e) == Some(history::NO_SUCH_TABLE) => Ok(Vec::new()),
        Err(e) => Err(Error::db("reading the session a resumed file had built", e)),
    }
}
