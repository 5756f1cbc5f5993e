//! The batch path of `apply`: gathers the run of DDL and data statements that starts at a
//! statement, sends it as one [`Batch`] with the journal and history rows due, and sorts out
//! the outcome: rows of completed statements (written, or waiting with their times), a
//! failure excused because its effect is already there (`classify::already_done`, or a
//! rename found done), a transient failure sent again (`db::retry`), or the error.

use super::batch::{self, Batch, Cut, Journal, Part};
use super::failpoint::failpoint;
use super::failure::{effective_code, failure, journalling};
use super::region::{conditional_only, control_of, temporary_table};
use super::session::Control;
use super::{intent, Migrating, Progress};
use crate::classify::{self, Kind, Renaming};
use crate::db::retry;
use crate::error::{Error, Result};
use crate::history::{JournalRow, Pending};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::Instant;

/// Where a batch stops growing, how it is cut for a crash test, and which rows wait.
struct Gathered {
    batch: Batch,
    /// The crash point inside the batch, if armed there.
    cut: Option<(Cut, String)>,
    /// Per statement of the batch: its row, and whether it waits (else it was written, with
    /// everything waiting before it).
    rows: Vec<(JournalRow, bool)>,
    /// The position in the batch of the statement written with the history row.
    recorded_at: Option<usize>,
    /// The statement after the batch.
    end: usize,
}

/// Runs the batch starting at statement `first`; returns the statement to go on with.
pub(super) fn run(
    conn: &mut Conn,
    m: &Migrating,
    p: &mut Progress,
    pending: &mut Pending,
    first: usize,
) -> Result<usize> {
    let started = Instant::now();
    // What waits now (not the times to fill in, which only grow): restored below.
    let waiting_before = (pending.journal.clone(), pending.history.clone());
    let g = gather(m, p, pending, first);
    let outcome = g.batch.run(conn);
    if let Some((_, point)) = &g.cut {
        failpoint(m.version, point);
    }
    // What still waits after the statements that completed, now with their times; the rows
    // written in the batch get theirs filled in later.
    (pending.journal, pending.history) = waiting_before;
    for ((mut row, waits), done) in g.rows.into_iter().zip(&outcome.completed) {
        row.elapsed = Some(done.elapsed);
        if waits {
            pending.journal.push(row);
        } else {
            // Written without times: this row and the ones that waited before it.
            let written: Vec<JournalRow> = pending.journal.drain(..).collect();
            pending.timed.extend(written);
            pending.timed.push(row);
            pending.history.clear();
        }
    }
    for (at, done) in outcome.completed.iter().enumerate() {
        let s = &m.statements[first + at];
        for (level, code, message) in &done.warnings {
            log::warn!("{}: statement {} (line {}): {level} {code}: {message}", m.file, s.index, s.line);
        }
    }
    p.run.executed += outcome.completed.len();
    p.recorded |= g.recorded_at.is_some_and(|at| at < outcome.completed.len());
    match outcome.failed {
        None => Ok(g.end),
        Some((part, at, e)) => failed(conn, m, p, pending, (first + at, part, e), started),
    }
}

/// Adds statements from `first` on while they may travel together.
fn gather(m: &Migrating, p: &mut Progress, pending: &mut Pending, first: usize) -> Gathered {
    let mut g = Gathered { batch: Batch::default(), cut: None, rows: Vec::new(), recorded_at: None, end: first };
    while g.end < m.statements.len() && g.cut.is_none() && (g.batch.is_empty() || g.batch.text_len() < batch::MAX_TEXT)
    {
        let s = &m.statements[g.end];
        let stop = m.is_done(s.index).is_some()
            || !matches!(s.kind, Kind::Ddl | Kind::Data)
            || conditional_only(s.text)
            || control_of(&p.region, &s.keyword, s.text) != Control::None;
        p.session_changed |= temporary_table(s.text);
        if stop || (g.end > first && s.renames && !pending.is_empty()) {
            break;
        }
        g.cut = match m.crash.as_deref() {
            Some(point) if point == s.index.to_string() => Some((Cut::AfterStatement, point.to_string())),
            Some(point) if point == format!("{}j", s.index) => Some((Cut::AfterJournal, point.to_string())),
            _ => None,
        };
        let cut = g.cut.as_ref().map(|c| c.0);
        if let Some(table) = &s.intent {
            g.batch.intent(&intent::record_sql(m.version, s.index, s.checksum, table));
        }
        let row = JournalRow::new(m.version, s.index, s.checksum, None);
        g.rows.push((row.clone(), s.deferrable));
        pending.journal.push(row);
        if s.deferrable {
            g.batch.add(s.text, false, Journal::Defer, None, cut);
        } else {
            if Some(s.index) == m.last && m.crash.as_deref() != Some("record") {
                pending.history.push(m.history_row());
                g.recorded_at = Some(g.end - first);
            }
            let (journal, history) = pending.take_sql();
            let journal = journal.unwrap_or_default();
            g.batch.add(s.text, s.kind == Kind::Data, Journal::Write(&journal), history.as_deref(), cut);
        }
        g.end += 1;
    }
    g
}

/// Statement `at` failed in `part` with `e`: sent again, recorded, excused, or the error.
/// Returns the statement to go on with.
fn failed(
    conn: &mut Conn,
    m: &Migrating,
    p: &mut Progress,
    pending: &mut Pending,
    (at, part, e): (usize, Part, mysql::Error),
    started: Instant,
) -> Result<usize> {
    let s = &m.statements[at];
    let (file, version, index, line, text) = (m.file, m.version, s.index, s.line, s.text);
    let data = s.kind == Kind::Data;
    if retry::transient(&e).is_some() {
        // Turned away by the cluster or a deadlock (`db::retry`). A data statement's
        // transaction holds its journal row; any other statement failed itself, or ran and only
        // its record failed.
        let ran = !data && !matches!(part, Part::Intent | Part::Statement);
        let what = format!("{file}: statement {index} (line {line})");
        if ran {
            log::warn!("{what} ran, but recording it failed: {}; recording it again", crate::db::plain(&e));
            pending.journal.push(JournalRow::new(version, index, s.checksum, Some(started.elapsed())));
            pending.write(conn)?;
            p.run.executed += 1;
            return Ok(at + 1);
        }
        let held = || m.options.held();
        if p.retry.again(&e, &what, held) && retry::roll_back(conn, &mut p.retry, &what, held) {
            return Ok(at);
        }
    }
    let excuse = effective_code(&e)
        .filter(|_| part == Part::Statement && !m.options.strict && !data)
        .and_then(|c| classify::already_done(text, c).map(str::to_string).or_else(|| already_renamed(conn, text, c)));
    let Some(reason) = excuse else {
        if part == Part::Statement && s.intent.is_some() {
            // It did not run: the next run must not read a change made meanwhile as its.
            intent::forget(conn, version, index);
        }
        return Err(match part {
            Part::Statement => failure(file, index, line, text, e),
            // A data statement's transaction failing to start or commit fails the statement.
            Part::Setup | Part::Commit if data => failure(file, index, line, text, e),
            Part::History => Error::db("recording migrations as applied", e),
            _ => journalling(version, index, e),
        });
    };
    log::warn!("{file}: statement {index} (line {line}): {reason}, continuing ({e})");
    p.run.tolerated.push(format!("statement {index} (line {line}): {reason}"));
    pending.journal.push(JournalRow::new(version, index, s.checksum, Some(started.elapsed())));
    if !s.deferrable {
        // An excused rename or drop is recorded at once, like any statement whose rerun could
        // meet a name that a later creation brought back.
        pending.write(conn)?;
    }
    p.run.executed += 1;
    Ok(at + 1)
}

/// Why the error `code` of rename `text` means the rename already happened: no such table
/// (1146), column (1054) or key (1176) because the old name is gone, and the new name is there
/// (checked in the database). None for anything else, or when the check cannot be made.
fn already_renamed(conn: &mut Conn, text: &str, code: u16) -> Option<String> {
    // The error the rerun gives, where to look, and the object's kind.
    let ((expected, view, column, noun), table, from, to) = match classify::rename_of(text)? {
        Renaming::Table { from, to } => ((1146, "tables", "table_name", "table"), None, from, to),
        Renaming::Column { table, from, to } => ((1054, "columns", "column_name", "column"), Some(table), from, to),
        Renaming::Index { table, from, to } => ((1176, "statistics", "index_name", "index"), Some(table), from, to),
    };
    if code != expected || from.eq_ignore_ascii_case(&to) {
        return None;
    }
    let sql = format!(
        "SELECT DISTINCT {column} FROM information_schema.{view} WHERE table_schema = DATABASE() \
         AND (? IS NULL OR table_name = ?) AND {column} IN (?, ?)"
    );
    let names: Vec<String> = conn.exec(sql, (&table, &table, &from, &to)).ok()?;
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    (!has(&from) && has(&to)).then(|| format!("{noun} already renamed ({from} is gone, {to} exists)"))
}
