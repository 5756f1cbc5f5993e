//! Executes one migration statement by statement, exactly once across failures and crashes.
//!
//! For each statement, in order:
//! - if the journal says it already ran, its text must still hash to what was recorded (else
//!   [`Error::EditedStatement`]) and it is skipped;
//! - a data statement (`INSERT`, `UPDATE` ..., and `CALL`) runs in one transaction with its
//!   journal row, so it happens exactly once even if the process dies right after it;
//! - any other statement runs, its result sets are drained and its warnings logged; a DDL
//!   statement that fails only because its effect is already there (`classify::already_done`,
//!   off in strict mode) is logged and counted as done; then its journal row is written. A
//!   crash between a DDL statement and its journal row re-runs it, which the same rule absorbs.
//!
//! Rows that wait: committing a journal row costs a redo-log flush, as much as a small DDL
//! statement's own. A statement whose rerun changes nothing (`classify::rerun_absorbed`: it
//! creates one named table, column, index, constraint ...) therefore does not commit its row
//! at once: the row waits in [`Pending`] for the next statement that commits its own row (a
//! data statement, a DDL statement of another sort, one that runs alone), for a failure
//! report, or for the end of the run. A finished migration's
//! history row waits the same way, across migrations. A crash can then lose the rows of such
//! a run of creations plus the one statement after it, and the next run repeats exactly
//! those, in order: the creations fail with "already exists", which is excused, or, where the
//! statement after them dropped what they created, create it again for that statement to
//! drop again. A rename (`classify::renames`) never runs while rows wait: repeating a
//! creation of the old name would bring it back. Strict mode (no excuses) lets nothing wait.
//!
//! When all statements are journalled, the history row is written (with the last statement's
//! journal rows, in one transaction) or waits as above. Consecutive DDL and data statements
//! travel in one multi-statement round trip with their journal rows (`batch`), which keeps
//! every one of the rules above. A migration that changed session state (`SET ...`) is
//! followed by a connection reset, so nothing it set leaks into the next one.

use crate::classify::{self, Kind, Renaming};
use crate::db::retry::{self, Retry};
use crate::error::{server_code, Error, Result};
use crate::history::{self, Done, HistoryRow, JournalRow, Pending};
use crate::migration::Migration;
use batch::{Batch, Cut, Journal, Part};
use mysql::prelude::Queryable;
use mysql::Conn;
use region::{capture, close_region, conditional_only, control_of, in_region, replay, temporary_table, Step};
use session::{Control, Region};
use std::time::{Duration, Instant};

mod batch;
pub mod intent;
mod region;
pub mod session;

/// How statements are executed.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Never excuse an "already exists" error.
    pub strict: bool,
    /// The session's `lock_wait_timeout` for DDL metadata locks.
    pub ddl_lock_wait_timeout: Duration,
    /// The work lock the session takes ([`crate::lock::take_work_lock`]) and how long it
    /// may wait for it; None for a session that takes none.
    pub work_lock: Option<(String, Duration)>,
    /// The runner lock's fence when it can be lost while held (a lease): no statement starts,
    /// and none is sent again after a transient error, once it no longer holds.
    pub fence: Option<crate::lock::Fence>,
}

impl ApplyOptions {
    /// Whether the runner lock may still be held (always, for a lock without a fence).
    pub fn held(&self) -> bool {
        self.fence.as_ref().is_none_or(crate::lock::Fence::held)
    }
}

/// What happened to one migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationRun {
    pub name: String,
    pub version: i32,
    pub duration: Duration,
    /// Statements executed this time.
    pub executed: usize,
    /// Statements skipped because the journal says an earlier run did them.
    pub resumed: usize,
    /// Statements whose "already exists" error was excused, with the reason.
    pub tolerated: Vec<String>,
    pub out_of_order: bool,
}

/// Sets up the session for applying migrations (call once per connection and after a reset):
/// bounded DDL lock waits, no idle timeout while a long statement of another connection runs,
/// and the work lock.
pub fn prepare_session(conn: &mut Conn, options: &ApplyOptions) -> Result<()> {
    let seconds = options.ddl_lock_wait_timeout.as_secs().max(1);
    conn.query_drop(format!(
        "SET SESSION lock_wait_timeout = {seconds}, wait_timeout = {}",
        crate::lock::NO_IDLE_TIMEOUT
    ))
    .map_err(|e| Error::db("setting lock_wait_timeout", e))?;
    match &options.work_lock {
        Some((name, wait)) => crate::lock::take_work_lock(conn, name, *wait),
        None => Ok(()),
    }
}

/// Hash of one statement's text, as recorded in the journal.
pub fn statement_checksum(text: &str) -> u64 {
    crate::scan::checksum("", 0, text)
}

/// Applies `migration`, resuming after the statements in `done`.
///
/// Consecutive DDL and data statements go to the server together with their journal rows
/// (and history rows) in one round trip (see `batch`). Other statements (`SET`, `SELECT`,
/// `CALL` ...) run alone, then their journal row is written.
///
/// `pending` carries rows that may wait for a later commit (see the module docs) from one
/// migration to the next. The caller owns it: it writes what is left with [`Pending::write`]
/// when the run ends, and also when this returns an error, so that everything that ran before
/// the error is recorded.
pub fn apply(
    conn: &mut Conn,
    migration: &Migration,
    done: &[Done],
    options: &ApplyOptions,
    pending: &mut Pending,
) -> Result<MigrationRun> {
    let started = Instant::now();
    let file = migration.file();
    let version = migration.version;
    let mut run = MigrationRun {
        name: migration.name.to_string(),
        version,
        duration: Duration::ZERO,
        executed: 0,
        resumed: 0,
        tolerated: Vec::new(),
        out_of_order: false,
    };
    let owned: Vec<(usize, u32, std::borrow::Cow<str>)> = migration.forward.statements().collect();
    let statements: Vec<(usize, u32, &str)> = owned.iter().map(|(i, l, t)| (*i, *l, &**t)).collect();
    let classified: Vec<_> = statements.iter().map(|s| classify::classify(s.2)).collect();
    let kinds: Vec<Kind> = classified.iter().map(|c| c.kind).collect();
    let calls: Vec<bool> = classified.iter().map(|c| c.keyword == "CALL").collect();
    // Statements whose rerun is not harmless take an intent (see `intent`): their table.
    let intents: Vec<Option<String>> = statements
        .iter()
        .zip(&classified)
        .map(|(s, c)| if c.keyword == "ALTER TABLE" { classify::rerun_repeats(s.2) } else { None })
        .collect();
    let recovered = recover_intents(conn, version, &statements, &intents, done, pending)?;
    let done: Vec<Done> = done.iter().copied().chain(recovered).collect();
    let is_done = |index: usize| done.iter().find(|d| d.statement == index);
    // The last statement to run: the history row is queued with its journal row.
    let last = statements.iter().rev().map(|s| s.0).find(|&i| is_done(i).is_none());
    // Whose journal row may wait for a later commit (see the module docs).
    let deferrable: Vec<bool> = statements.iter().map(|s| !options.strict && classify::rerun_absorbed(s.2)).collect();
    let renames: Vec<bool> = statements.iter().map(|s| classify::renames(s.2)).collect();
    let history_row = || HistoryRow::new(version, &migration.name, migration.checksum);
    let crash = crash_point(version);
    let mut recorded = false;
    let mut session_changed = false;
    let mut region = Region::default();
    if statements.iter().any(|s| session::user_variables(s.2).is_some()) {
        history::ensure_session_table(conn)?;
        region.with_session = true;
    }
    // Journal rows written inside the file's open transaction (see `session`).
    let mut in_transaction: Vec<JournalRow> = Vec::new();
    let resume_at = statements.iter().position(|s| is_done(s.0).is_none()).unwrap_or(statements.len());
    if resume_at > 0 && resume_at < statements.len() {
        session_changed |= replay(conn, version, &mut region, &statements[..resume_at], file)?;
    }
    let mut next = 0;
    // Transient errors (`db::retry`) of this migration's statements, bounded per migration.
    let mut retry = Retry::new();
    while next < statements.len() {
        let (index, line, text) = statements[next];
        let checksum = statement_checksum(text);
        if let Some(d) = is_done(index) {
            if d.checksum != checksum {
                return Err(Error::EditedStatement { file: file.into(), index, line });
            }
            run.resumed += 1;
            next += 1;
            continue;
        }
        if !options.held() {
            return Err(Error::LeaseLost { file: file.into(), index, line });
        }
        let control = control_of(&region, &classified[next].keyword, text);
        if region.active() || control != Control::None {
            pending.write(conn)?;
            session_changed = true;
            let step = Step { version, index, line, checksum, file, text };
            if let Err(e) = in_region(conn, &mut region, &mut in_transaction, control, &step) {
                for sql in region.closing() {
                    let _ = conn.query_drop(sql);
                }
                return Err(e);
            }
            run.executed += 1;
            next += 1;
            continue;
        }
        let alone = !matches!(kinds[next], Kind::Ddl | Kind::Data) || conditional_only(text);
        if alone || (renames[next] && !pending.is_empty()) {
            // Nothing waits across a statement that runs alone, or across a rename: repeating a
            // creation of the old name after it would bring the old name back.
            pending.write(conn)?;
        }
        if alone {
            session_changed |= kinds[next] != Kind::Query;
            let statement_started = Instant::now();
            let fail = |e: mysql::Error| failure(file, index, line, text, e);
            let row = |started: Instant| {
                history::journal_sql(&[JournalRow::new(version, index, checksum, Some(started.elapsed()))])
            };
            if calls[next] {
                // A CALL may change data like a data statement: it commits with its journal
                // row. (Not batched: it returns any number of result sets.)
                let mut tx = conn.start_transaction(mysql::TxOpts::default()).map_err(fail)?;
                drain(&mut tx, text).map_err(fail)?;
                failpoint(version, &index.to_string());
                tx.query_drop(row(statement_started)).map_err(|e| journalling(version, index, e))?;
                tx.commit().map_err(fail)?;
            } else {
                // Refused before it ran (`db::retry`): it may be sent again.
                let what = format!("{file}: statement {index} (line {line})");
                retry::retrying(conn, &what, || options.held(), |conn| drain(conn, text)).map_err(fail)?;
                log_warnings(conn, file, index, line);
                failpoint(version, &index.to_string());
                let sql = match capture(conn, version, index, text) {
                    Some(session) => format!("START TRANSACTION; {}; {session}; COMMIT", row(statement_started)),
                    None => row(statement_started),
                };
                // It ran: its record is written whoever holds the lock now.
                retry::retrying(
                    conn,
                    &format!("journalling statement {index} of version {version}"),
                    || true,
                    |conn| conn.query_drop(&sql),
                )
                .map_err(|e| journalling(version, index, e))?;
            }
            failpoint(version, &format!("{index}j"));
            run.executed += 1;
            next += 1;
            continue;
        }
        // One batch: the run of DDL and data statements starting here.
        let batch_started = Instant::now();
        let first = next;
        let mut b = Batch::default();
        let mut cut = None;
        // Per statement of the batch: its row, and whether it waits (else it was written, with
        // everything waiting before it).
        let mut rows: Vec<(JournalRow, bool)> = Vec::new();
        // What waits now (not the times to fill in, which only grow): restored below.
        let waiting_before = (pending.journal.clone(), pending.history.clone());
        let mut recorded_at = None;
        while next < statements.len() && cut.is_none() && (b.is_empty() || b.text_len() < batch::MAX_TEXT) {
            let (index, _, text) = statements[next];
            let stop = is_done(index).is_some()
                || !matches!(kinds[next], Kind::Ddl | Kind::Data)
                || conditional_only(text)
                || control_of(&region, &classified[next].keyword, text) != Control::None;
            session_changed |= temporary_table(text);
            if stop || (next > first && renames[next] && !pending.is_empty()) {
                break;
            }
            cut = match crash.as_deref() {
                Some(p) if p == index.to_string() => Some((Cut::AfterStatement, p)),
                Some(p) if p == format!("{index}j") => Some((Cut::AfterJournal, p)),
                _ => None,
            };
            let checksum = statement_checksum(text);
            let is_last = Some(index) == last;
            let with_history = is_last && crash.as_deref() != Some("record");
            if let Some(table) = &intents[next] {
                b.intent(&intent::record_sql(version, index, checksum, table));
            }
            let row = JournalRow::new(version, index, checksum, None);
            rows.push((row.clone(), deferrable[next]));
            pending.journal.push(row);
            if deferrable[next] {
                b.add(text, false, Journal::Defer, None, cut.map(|c| c.0));
            } else {
                if with_history {
                    pending.history.push(history_row());
                    recorded_at = Some(next - first);
                }
                let (journal, history) = pending.take_sql();
                let journal = journal.unwrap_or_default();
                b.add(text, kinds[next] == Kind::Data, Journal::Write(&journal), history.as_deref(), cut.map(|c| c.0));
            }
            next += 1;
        }
        let outcome = b.run(conn);
        if let Some((_, point)) = cut {
            failpoint(version, point);
        }
        // What still waits after the statements that completed, now with their times; the
        // rows written in the batch get theirs filled in later.
        (pending.journal, pending.history) = waiting_before;
        for ((mut row, waits), done) in rows.into_iter().zip(&outcome.completed) {
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
            let (index, line, _) = statements[first + at];
            for (level, code, message) in &done.warnings {
                log::warn!("{file}: statement {index} (line {line}): {level} {code}: {message}");
            }
        }
        run.executed += outcome.completed.len();
        recorded |= recorded_at.is_some_and(|at| at < outcome.completed.len());
        let Some((part, at, e)) = outcome.failed else { continue };
        let (index, line, text) = statements[first + at];
        let data = kinds[first + at] == Kind::Data;
        if retry::transient(&e).is_some() {
            // Turned away by the cluster or a deadlock (`db::retry`). A data statement's
            // transaction holds its journal row; any other statement failed itself, or ran and
            // only its record failed.
            let ran = !data && !matches!(part, Part::Intent | Part::Statement);
            let what = format!("{file}: statement {index} (line {line})");
            if ran {
                log::warn!("{what} ran, but recording it failed: {}; recording it again", crate::db::plain(&e));
                pending.journal.push(JournalRow::new(
                    version,
                    index,
                    statement_checksum(text),
                    Some(batch_started.elapsed()),
                ));
                pending.write(conn)?;
                run.executed += 1;
                next = first + at + 1;
                continue;
            }
            if retry.again(&e, &what, || options.held()) && retry::roll_back(conn, &mut retry, &what, || options.held())
            {
                next = first + at;
                continue;
            }
        }
        let excuse = effective_code(&e).filter(|_| part == Part::Statement && !options.strict && !data).and_then(|c| {
            classify::already_done(text, c).map(str::to_string).or_else(|| already_renamed(conn, text, c))
        });
        let Some(reason) = excuse else {
            if part == Part::Statement && intents[first + at].is_some() {
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
        run.tolerated.push(format!("statement {index} (line {line}): {reason}"));
        let elapsed = Some(batch_started.elapsed());
        pending.journal.push(JournalRow::new(version, index, statement_checksum(text), elapsed));
        if !deferrable[first + at] {
            // An excused rename or drop is recorded at once, like any statement whose rerun
            // could meet a name that a later creation brought back.
            pending.write(conn)?;
        }
        run.executed += 1;
        next = first + at + 1;
    }
    close_region(conn, &mut region, &mut in_transaction, file)?;
    if !recorded {
        failpoint(version, "record");
        pending.history.push(history_row());
    }
    if options.strict && !pending.is_empty() {
        // Strict mode lets nothing wait.
        pending.write(conn)?;
    }
    if session_changed {
        conn.reset().map_err(|e| Error::db("resetting the session after a migration", e))?;
        prepare_session(conn, options)?;
    }
    run.duration = started.elapsed();
    Ok(run)
}

/// Creates the intent table when a statement still to run takes an intent, and records as
/// done what an intent shows ran before the last run stopped ([`intent::recover`]).
fn recover_intents(
    conn: &mut Conn,
    version: i32,
    statements: &[(usize, u32, &str)],
    intents: &[Option<String>],
    done: &[Done],
    pending: &mut Pending,
) -> Result<Vec<Done>> {
    let open = |i: usize| !done.iter().any(|d| d.statement == statements[i].0);
    if !(0..statements.len()).any(|i| open(i) && intents[i].is_some()) {
        return Ok(Vec::new());
    }
    let candidates: Vec<intent::Candidate> = statements
        .iter()
        .zip(intents)
        .map(|(s, t)| intent::Candidate { index: s.0, checksum: statement_checksum(s.2), table: t.as_deref() })
        .collect();
    let recovered = intent::recover(conn, version, &candidates, done, pending)?;
    intent::ensure_table(conn)?;
    Ok(recovered)
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

fn journalling(version: i32, index: usize, e: mysql::Error) -> Error {
    Error::db(format!("journalling statement {index} of version {version}"), e)
}

/// Runs one statement and reads every result set it returns (`SELECT`, `CALL`). A text the
/// server ran as several statements (only a `CALL` may return several results) is an error:
/// the splitter and the server disagreed, and schemagate stops rather than journal it as one.
pub(crate) fn drain(conn: &mut impl Queryable, text: &str) -> std::result::Result<(), mysql::Error> {
    let mut result = conn.query_iter(text)?;
    let mut sets = 0;
    while let Some(set) = result.iter() {
        sets += 1;
        for row in set {
            row?;
        }
    }
    if sets > 1 && crate::split::leading_keyword(text) != "CALL" {
        return Err(several_statements(sets));
    }
    Ok(())
}

/// The error for a text the server ran as `count` statements.
pub(crate) fn several_statements(count: usize) -> mysql::Error {
    mysql::Error::MySqlError(mysql::MySqlError {
        state: "HY000".into(),
        code: 0,
        message: format!(
            "the server ran this text as {count} statements where schemagate planned one, so it \
             stopped; please report this file to schemagate, and split the statement with the \
             delimiter meanwhile"
        ),
    })
}

/// The server's error code, with the generic codes some servers use for a duplicate foreign
/// key name mapped to 1826 (MySQL 8's ER_FK_DUP_NAME, MariaDB's ER_DUP_CONSTRAINT_NAME):
/// MariaDB's InnoDB reports 1005 "Can't create table ... (errno: 121 ...)", MySQL 5.7 1022.
/// `classify::already_done` still checks that the statement adds a foreign key.
pub(crate) fn effective_code(e: &mysql::Error) -> Option<u16> {
    match e {
        mysql::Error::MySqlError(s) if s.code == 1005 && s.message.contains("errno: 121") => Some(1826),
        mysql::Error::MySqlError(s) if s.code == 1022 => Some(1826),
        _ => server_code(e),
    }
}

fn failure(file: &str, index: usize, line: u32, text: &str, e: mysql::Error) -> Error {
    let resume = if index > 1 {
        format!(" (statements 1 to {} already ran and will not be repeated)", index - 1)
    } else {
        String::new()
    };
    failure_with(file, index, line, text, e, resume)
}

/// [`Error::StatementFailed`] for statement `index` of `file`, with `resume` saying what
/// already ran (empty, or a parenthesised sentence starting with a space).
pub(crate) fn failure_with(file: &str, index: usize, line: u32, text: &str, e: mysql::Error, resume: String) -> Error {
    let (code, message) = match &e {
        mysql::Error::MySqlError(s) => (s.code, s.message.clone()),
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => {
            (2013, format!("lost connection to the server during the statement ({})", crate::db::plain(&e)))
        }
        other => (0, crate::db::plain(other)),
    };
    let first_line = text.lines().next().unwrap_or_default().trim().to_string();
    Error::StatementFailed { file: file.into(), index, line, first_line, code, message, resume }
}

/// Logs the warnings the last statement left, naming the file, statement and line.
pub(crate) fn log_warnings(conn: &mut Conn, file: &str, index: usize, line: u32) {
    if conn.warnings() == 0 {
        return;
    }
    let warnings: Vec<(String, u32, String)> = conn.query("SHOW WARNINGS").unwrap_or_default();
    for (level, code, message) in warnings {
        log::warn!("{file}: statement {index} (line {line}): {level} {code}: {message}");
    }
}

/// Test hook: `SCHEMAGATE_TEST_CRASH=<version>:<point>` aborts the process at that point
/// (`<k>`: after statement k ran, before its journal row; `<k>j`: after its journal row;
/// `record`: before the history row). Only in debug builds.
///
/// A point inside a batch is reached by cutting the batch there: it ends after statement k
/// (`<k>`; a data statement's transaction is left open and dies with the process) or after its
/// journal row (`<k>j`), and `record` leaves the history row out of the last batch. The
/// database is then in exactly the state a crash inside the batch leaves.
fn failpoint(version: i32, point: &str) {
    if crash_armed(version, point) {
        eprintln!("SCHEMAGATE_TEST_CRASH: aborting at {version}:{point}");
        std::process::abort();
    }
}

fn crash_armed(version: i32, point: &str) -> bool {
    crash_point(version).is_some_and(|armed| armed == point)
}

/// The point armed for `version` by `SCHEMAGATE_TEST_CRASH`, in debug builds.
fn crash_point(version: i32) -> Option<String> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let spec = std::env::var("SCHEMAGATE_TEST_CRASH").ok()?;
    let (v, point) = spec.split_once(':')?;
    (v == version.to_string()).then(|| point.to_string())
}
