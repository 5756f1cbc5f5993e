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

use crate::classify::{self, Kind};
use crate::db::retry::Retry;
use crate::error::{Error, Result};
use crate::history::{self, Done, HistoryRow, JournalRow, Pending};
use crate::migration::Migration;
use failpoint::failpoint;
pub(crate) use failure::{drain, effective_code, failure_with, log_warnings};
use failure::{failure, several_statements};
use mysql::prelude::Queryable;
use mysql::Conn;
use region::{close_region, conditional_only, control_of, in_region, replay, Step};
use session::{Control, Region};
use std::time::{Duration, Instant};

mod alone;
mod batch;
mod batched;
mod failpoint;
mod failure;
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
    /// Runs the `ALTER TABLE` statements of online migrations through the tool
    /// (`crate::online`); None runs them as plain statements.
    pub online: Option<Online>,
}

/// What running statements online needs: the connection settings for the tool and where its
/// progress goes.
#[derive(Debug, Clone)]
pub struct Online {
    pub settings: crate::config::Settings,
    pub on_event: Option<fn(&crate::gate::Event)>,
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

/// One statement of the migration, with what applying it needs to know.
pub(super) struct Stmt<'a> {
    pub index: usize,
    pub line: u32,
    pub text: &'a str,
    pub checksum: u64,
    pub kind: Kind,
    /// `classify`'s keyword: `CREATE TABLE`, `CALL`, `SET` ...
    pub keyword: String,
    /// The table of a statement whose rerun is not harmless, which takes an intent (`intent`).
    pub intent: Option<String>,
    /// Whether its journal row may wait for a later commit (see the module docs).
    pub deferrable: bool,
    pub renames: bool,
    /// An `ALTER TABLE` of an online migration, run through the tool (`crate::online`).
    pub online: Option<crate::online::Alter>,
}

/// The migration being applied: its statements and what an earlier run did of them.
pub(super) struct Migrating<'a> {
    pub migration: &'a Migration,
    pub file: &'a str,
    pub version: i32,
    pub statements: Vec<Stmt<'a>>,
    pub done: Vec<Done>,
    /// The last statement to run: the history row is queued with its journal row.
    pub last: Option<usize>,
    /// The crash point armed for this migration (tests, see `failpoint`).
    pub crash: Option<String>,
    pub options: &'a ApplyOptions,
}

impl Migrating<'_> {
    pub fn is_done(&self, index: usize) -> Option<&Done> {
        self.done.iter().find(|d| d.statement == index)
    }

    pub fn history_row(&self) -> HistoryRow {
        HistoryRow::new(self.version, &self.migration.name, self.migration.checksum)
    }
}

/// What changes while a migration is applied.
pub(super) struct Progress {
    pub run: MigrationRun,
    /// The history row has been written.
    pub recorded: bool,
    /// The session was changed (`SET`, a temporary table ...): reset it afterwards.
    pub session_changed: bool,
    pub region: Region,
    /// Journal rows written inside the file's open transaction (see `session`).
    pub in_transaction: Vec<JournalRow>,
    /// Transient errors (`db::retry`) of this migration's statements, bounded per migration.
    pub retry: Retry,
}

/// Applies `migration`, resuming after the statements in `done`.
///
/// Consecutive DDL and data statements go to the server together with their journal rows
/// (and history rows) in one round trip (see `batched`). Other statements (`SET`, `SELECT`,
/// `CALL` ...) run alone (`alone`), then their journal row is written.
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
    let owned: Vec<(usize, u32, std::borrow::Cow<str>)> = migration.forward.statements().collect();
    let m = migrating(conn, migration, &owned, done, options, pending)?;
    let mut p = start(conn, &m)?;
    let mut next = 0;
    while next < m.statements.len() {
        let s = &m.statements[next];
        if let Some(d) = m.is_done(s.index) {
            if d.checksum != s.checksum {
                return Err(Error::EditedStatement { file: m.file.into(), index: s.index, line: s.line });
            }
            p.run.resumed += 1;
            next += 1;
            continue;
        }
        if !options.held() {
            return Err(Error::LeaseLost { file: m.file.into(), index: s.index, line: s.line });
        }
        let control = control_of(&p.region, &s.keyword, s.text);
        if p.region.active() || control != Control::None {
            pending.write(conn)?;
            p.session_changed = true;
            let step = Step {
                version: m.version,
                index: s.index,
                line: s.line,
                checksum: s.checksum,
                file: m.file,
                text: s.text,
            };
            if let Err(e) = in_region(conn, &mut p.region, &mut p.in_transaction, control, &step) {
                for sql in p.region.closing() {
                    let _ = conn.query_drop(sql);
                }
                return Err(e);
            }
            p.run.executed += 1;
            next += 1;
            continue;
        }
        if let (Some(alter), Some(online)) = (&s.online, &options.online) {
            pending.write(conn)?;
            alone::run_online(conn, &m, &mut p, s, alter, online)?;
            next += 1;
            continue;
        }
        let runs_alone = !matches!(s.kind, Kind::Ddl | Kind::Data) || conditional_only(s.text);
        if runs_alone || (s.renames && !pending.is_empty()) {
            // Nothing waits across a statement that runs alone, or across a rename: repeating a
            // creation of the old name after it would bring the old name back.
            pending.write(conn)?;
        }
        if runs_alone {
            alone::run(conn, &m, &mut p, s)?;
            next += 1;
        } else {
            next = batched::run(conn, &m, &mut p, pending, next)?;
        }
    }
    finish(conn, &m, p, pending, started)
}

/// The statements of `migration` with what applying them needs, and what an earlier run
/// recorded or (by its intents) did.
fn migrating<'a>(
    conn: &mut Conn,
    migration: &'a Migration,
    owned: &'a [(usize, u32, std::borrow::Cow<str>)],
    done: &[Done],
    options: &'a ApplyOptions,
    pending: &mut Pending,
) -> Result<Migrating<'a>> {
    let online = options.online.is_some() && crate::online::is_online(migration);
    let statements: Vec<Stmt> = owned
        .iter()
        .map(|(index, line, text)| {
            let classified = classify::classify(text);
            let online = online.then(|| crate::online::parse_alter(text)).flatten();
            // Statements whose rerun is not harmless take an intent (see `intent`), and so
            // does an online change (its table is swapped at the very end).
            let intent = match &online {
                Some(alter) => Some(alter.table.clone()),
                None if classified.keyword == "ALTER TABLE" => classify::rerun_repeats(text),
                None => None,
            };
            Stmt {
                index: *index,
                line: *line,
                text,
                checksum: statement_checksum(text),
                kind: classified.kind,
                keyword: classified.keyword,
                intent,
                deferrable: !options.strict && classify::rerun_absorbed(text),
                renames: classify::renames(text),
                online,
            }
        })
        .collect();
    let version = migration.version;
    let recovered = recover_intents(conn, version, &statements, done, pending)?;
    let done: Vec<Done> = done.iter().copied().chain(recovered).collect();
    let last = statements.iter().rev().map(|s| s.index).find(|&i| !done.iter().any(|d| d.statement == i));
    Ok(Migrating {
        migration,
        file: migration.file(),
        version,
        statements,
        done,
        last,
        crash: failpoint::crash_point(version),
        options,
    })
}

/// The progress of a migration about to run: the session table when it sets user variables,
/// and, when resumed, the session its done statements built, replayed.
fn start(conn: &mut Conn, m: &Migrating) -> Result<Progress> {
    let run = MigrationRun {
        name: m.migration.name.to_string(),
        version: m.version,
        duration: Duration::ZERO,
        executed: 0,
        resumed: 0,
        tolerated: Vec::new(),
        out_of_order: false,
    };
    let mut p = Progress {
        run,
        recorded: false,
        session_changed: false,
        region: Region::default(),
        in_transaction: Vec::new(),
        retry: Retry::new(),
    };
    if m.statements.iter().any(|s| session::user_variables(s.text).is_some()) {
        history::ensure_session_table(conn)?;
        p.region.with_session = true;
    }
    let resume_at = m.statements.iter().position(|s| m.is_done(s.index).is_none()).unwrap_or(m.statements.len());
    if resume_at > 0 && resume_at < m.statements.len() {
        let done: Vec<(usize, u32, &str)> =
            m.statements[..resume_at].iter().map(|s| (s.index, s.line, s.text)).collect();
        p.session_changed |= replay(conn, m.version, &mut p.region, &done, m.file)?;
    }
    Ok(p)
}

/// Closes the file's session, queues the history row if not written, and resets the
/// session when the migration changed it.
fn finish(
    conn: &mut Conn,
    m: &Migrating,
    mut p: Progress,
    pending: &mut Pending,
    started: Instant,
) -> Result<MigrationRun> {
    close_region(conn, &mut p.region, &mut p.in_transaction, m.file)?;
    if !p.recorded {
        failpoint(m.version, "record");
        pending.history.push(m.history_row());
    }
    if m.options.strict && !pending.is_empty() {
        // Strict mode lets nothing wait.
        pending.write(conn)?;
    }
    if p.session_changed {
        conn.reset().map_err(|e| Error::db("resetting the session after a migration", e))?;
        prepare_session(conn, m.options)?;
    }
    p.run.duration = started.elapsed();
    Ok(p.run)
}

/// Creates the intent table when a statement still to run takes an intent, and records as
/// done what an intent shows ran before the last run stopped ([`intent::recover`]).
fn recover_intents(
    conn: &mut Conn,
    version: i32,
    statements: &[Stmt],
    done: &[Done],
    pending: &mut Pending,
) -> Result<Vec<Done>> {
    let open = |s: &Stmt| !done.iter().any(|d| d.statement == s.index);
    if !statements.iter().any(|s| open(s) && s.intent.is_some()) {
        return Ok(Vec::new());
    }
    let candidates: Vec<intent::Candidate> = statements
        .iter()
        .map(|s| intent::Candidate { index: s.index, checksum: s.checksum, table: s.intent.as_deref() })
        .collect();
    let recovered = intent::recover(conn, version, &candidates, done, pending)?;
    intent::ensure_table(conn)?;
    Ok(recovered)
}
