//! Statements that run alone, outside any batch: everything that is neither DDL nor a data
//! statement (`SET`, `SELECT`, `DO`, `CALL` ...), and statements that are only conditional
//! comments. Each is sent by itself, its result sets drained and its warnings logged, then
//! its journal row is written. A `CALL` may change data like a data statement, so it commits
//! with its journal row in one transaction; a statement that sets user variables writes their
//! captured values with its row (see `session`).
//!
//! A statement refused before it ran (`db::retry`: a Galera node out of the primary
//! component, a deadlock victim) is sent again, bounded, while the runner lock holds; its
//! journal row, which records work that ran, is written again whoever holds the lock now.
//!
//! The `ALTER TABLE` statements of an online migration run alone too, through
//! pt-online-schema-change (`crate::online`), with an intent recorded before.

use super::failpoint::failpoint;
use super::failure::{drain, failure, journalling, log_warnings};
use super::region::capture;
use super::{intent, Migrating, Online, Progress, Stmt};
use crate::classify::Kind;
use crate::db::retry;
use crate::error::{Error, Result};
use crate::gate::Event;
use crate::history::{self, JournalRow};
use crate::online::Alter;
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::Instant;

/// Runs statement `s` alone and writes its journal row.
pub(super) fn run(conn: &mut Conn, m: &Migrating, p: &mut Progress, s: &Stmt) -> Result<()> {
    let (file, version, index, line, text) = (m.file, m.version, s.index, s.line, s.text);
    p.session_changed |= s.kind != Kind::Query;
    let started = Instant::now();
    let fail = |e: mysql::Error| failure(file, index, line, text, e);
    let row = || history::journal_sql(&[JournalRow::new(version, index, s.checksum, Some(started.elapsed()))]);
    if s.keyword == "CALL" {
        // Not batched: it returns any number of result sets. Not sent again after a transient
        // error either: a procedure may have committed part of its work before it.
        let mut tx = conn.start_transaction(mysql::TxOpts::default()).map_err(fail)?;
        drain(&mut tx, text).map_err(fail)?;
        failpoint(version, &index.to_string());
        tx.query_drop(row()).map_err(|e| journalling(version, index, e))?;
        tx.commit().map_err(fail)?;
    } else {
        let what = format!("{file}: statement {index} (line {line})");
        retry::retrying(conn, &what, || m.options.held(), |conn| drain(conn, text)).map_err(fail)?;
        log_warnings(conn, file, index, line);
        failpoint(version, &index.to_string());
        let sql = match capture(conn, version, index, text) {
            Some(session) => format!("START TRANSACTION; {}; {session}; COMMIT", row()),
            None => row(),
        };
        let what = format!("journalling statement {index} of version {version}");
        retry::retrying(conn, &what, || true, |conn| conn.query_drop(&sql))
            .map_err(|e| journalling(version, index, e))?;
    }
    failpoint(version, &format!("{index}j"));
    p.run.executed += 1;
    Ok(())
}

/// Runs `alter`, statement `s` of an online migration, through pt-online-schema-change
/// (`crate::online`), after recording its intent and removing what an interrupted run of the
/// tool left; then writes its journal row.
pub(super) fn run_online(
    conn: &mut Conn,
    m: &Migrating,
    p: &mut Progress,
    s: &Stmt,
    alter: &Alter,
    online: &Online,
) -> Result<()> {
    let (file, version, index, line) = (m.file, m.version, s.index, s.line);
    let started = Instant::now();
    let intent = intent::record_sql(version, index, s.checksum, &alter.table);
    conn.query_drop(intent)
        .map_err(|e| Error::db(format!("recording the intent of statement {index} of {file}"), e))?;
    crate::online::drop_leftovers(conn, &online.settings.database, &alter.table)?;
    let lock_wait = m.options.ddl_lock_wait_timeout.as_secs().max(1);
    log::info!(
        "{file}: statement {index} (line {line}): ALTER TABLE {} online, through pt-online-schema-change",
        alter.table
    );
    let mut report = |progress: crate::online::Progress| {
        log::info!(
            "{file}: statement {index}: copying rows of {}: {}%, {} remain",
            alter.table,
            progress.percent,
            progress.remaining
        );
        if let Some(sink) = online.on_event {
            sink(&Event::Online { file, statement: index, table: &alter.table, progress: &progress });
        }
    };
    if let Err(problem) = crate::online::run(&online.settings, alter, lock_wait, &mut report) {
        // It did not take effect: the next run must not read a change made meanwhile as its.
        intent::forget(conn, version, index);
        return Err(Error::OnlineFailed { file: file.into(), index, line, table: alter.table.clone(), problem });
    }
    log::info!("{file}: statement {index}: ALTER TABLE {} online took {:.1?}", alter.table, started.elapsed());
    failpoint(version, &index.to_string());
    let sql = history::journal_sql(&[JournalRow::new(version, index, s.checksum, Some(started.elapsed()))]);
    let what = format!("journalling statement {index} of version {version}");
    retry::retrying(conn, &what, || true, |conn| conn.query_drop(&sql)).map_err(|e| journalling(version, index, e))?;
    failpoint(version, &format!("{index}j"));
    p.run.executed += 1;
    Ok(())
}
