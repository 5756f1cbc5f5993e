//! `migrate adopt`: takes over a database another tool built (the old startup script that
//! piped every file to the client, dbmate, hand-applied scripts ...) by inspecting its live
//! schema, never by replaying data blindly.
//!
//! 1. Every migration runs, statement by statement, in a scratch database next to the target
//!    (created with the target's character set and collation); after each statement the
//!    scratch schema is read ([`inspect`]) and its difference to the one before is what that
//!    statement does ([`verdict::Trace`]). Where a change may need to be made alone, the SQL
//!    that makes it is taken from the scratch table's `SHOW CREATE TABLE`.
//! 2. The live schema is read once and every migration not yet recorded is decided
//!    ([`verdict::decide`]): present, absent, partial, or undecidable (which needs an explicit
//!    choice).
//! 3. Unless a dry run, under the runner and work locks: a present migration is recorded with
//!    journal rows for every statement; an absent one is applied normally; a partial one gets
//!    journal rows for what is there, runs the missing parts, then applies the rest normally.
//!    The journal makes a crash during adoption resume like any run.
//! 4. Proof: the live schema is compared with the scratch database, where everything was
//!    applied fresh; each difference is reported by name. The scratch database is dropped.

pub mod verdict;

use crate::apply::{self, ApplyOptions};
use crate::check::Scratch;
use crate::classify::{self, Kind};
use crate::config::{quote_ident, Settings};
use crate::db;
use crate::error::{Error, Result};
use crate::history::{self, HistoryRow, JournalRow, Pending};
use crate::inspect::{self, Change, Schema};
use crate::lock;
use crate::migration::{Migration, MigrationSet};
use mysql::prelude::Queryable;
use mysql::Conn;
use verdict::{Action, Choice, MigrationPlan, Trace, Verdict};

/// What `adopt` may do.
#[derive(Debug, Clone, Default)]
pub struct AdoptOptions {
    /// Decide and report; change nothing in the target.
    pub dry_run: bool,
    /// Explicit choices for undecidable migrations: (version, stem or file name; choice).
    pub choices: Vec<(String, Choice)>,
}

/// One migration's verdict and what adoption does (or did) with it.
#[derive(Debug, Clone)]
pub struct Adopted {
    pub name: String,
    pub version: i32,
    /// None: already recorded before adoption.
    pub plan: Option<MigrationPlan>,
}

/// What [`run`] found and did.
#[derive(Debug, Clone, Default)]
pub struct AdoptReport {
    pub target: String,
    pub migrations: Vec<Adopted>,
    /// Differences between the live schema and a fresh apply, after adoption (or, in a dry
    /// run, before it): element, live definition, fresh definition.
    pub differences: Vec<(String, Option<String>, Option<String>)>,
    pub dry_run: bool,
    /// Adoption ran (not a dry run, nothing undecidable).
    pub done: bool,
}

impl AdoptReport {
    /// Migrations that need an explicit choice.
    pub fn undecidable(&self) -> Vec<&Adopted> {
        self.migrations
            .iter()
            .filter(|m| matches!(m.plan.as_ref().map(|p| &p.verdict), Some(Verdict::Undecidable(_))))
            .collect()
    }
}

/// Plans adoption of the target by `set` and, unless a dry run or something is undecidable,
/// carries it out.
pub fn run(settings: &Settings, set: &MigrationSet, options: &AdoptOptions) -> Result<AdoptReport> {
    let mut report = AdoptReport { target: settings.redacted_url(), dry_run: options.dry_run, ..Default::default() };
    let Some(mut live) = db::open_existing(settings)? else {
        return Err(Error::Invalid(format!(
            "database `{}` does not exist, so there is nothing to adopt; run `migrate` to create it",
            settings.database
        )));
    };
    // Idle while the scratch database is traced and while the lock is awaited.
    lock::never_idle_out(&mut live, "the work connection")?;
    let recorded = history::read(&mut live)?;
    let taken = |m: &Migration| {
        recorded.applied.iter().any(|a| a.version == m.version)
            || recorded.journal.iter().any(|d| d.version == m.version)
    };
    let mut scratch = Scratch::create(settings)?;
    let (traces, fresh) = trace(&mut live, &scratch, &set.migrations)?;
    let live_schema = inspect::snapshot(&mut live)?;
    let open: Vec<usize> = (0..set.migrations.len()).filter(|&i| !taken(&set.migrations[i])).collect();
    let choices: Vec<Option<Choice>> = open.iter().map(|&i| choice_for(&set.migrations[i], &options.choices)).collect();
    let open_traces: Vec<Vec<Trace>> = open.iter().map(|&i| traces[i].clone()).collect();
    let plans = verdict::decide(&open_traces, &live_schema, &choices);
    for (i, m) in set.migrations.iter().enumerate() {
        let plan = open.iter().position(|&o| o == i).map(|at| plans[at].clone());
        report.migrations.push(Adopted { name: m.name.to_string(), version: m.version, plan });
    }
    if options.dry_run || !report.undecidable().is_empty() {
        report.differences = differences(&live_schema, &fresh);
        let _ = scratch.drop_now();
        return Ok(report);
    }
    carry_out(settings, &mut live, set, &report)?;
    report.done = true;
    report.differences = differences(&inspect::snapshot(&mut live)?, &fresh);
    scratch.drop_now()?;
    Ok(report)
}

/// For `baseline`: the schema effects of the first `count` of `migrations` that the live
/// database does not have, as `<file>: <element>` lines (empty when every statement's effect
/// is there). Later migrations are traced too, since they may have changed those elements
/// since. Data-only migrations have no schema effect to miss.
pub fn missing_effects(settings: &Settings, migrations: &[Migration], count: usize) -> Result<Vec<String>> {
    let mut live = db::open_existing(settings)?
        .ok_or_else(|| Error::Invalid(format!("database `{}` does not exist", settings.database)))?;
    let mut scratch = Scratch::create(settings)?;
    let (traces, _) = trace(&mut live, &scratch, migrations)?;
    let live_schema = inspect::snapshot(&mut live)?;
    scratch.drop_now()?;
    let plans = verdict::decide(&traces, &live_schema, &vec![None; traces.len()]);
    let mut missing = Vec::new();
    for ((m, plan), trace) in migrations.iter().zip(&plans).zip(&traces).take(count) {
        for ((_, _, found, _), t) in plan.statements.iter().zip(trace) {
            let changes: Vec<&Change> = match found {
                verdict::Found::Absent => t.changes.iter().collect(),
                verdict::Found::Partial(parts) => parts.iter().map(|p| &p.0).collect(),
                _ => Vec::new(),
            };
            missing.extend(
                changes.into_iter().map(|c| format!("{}: statement {} (line {}): {c}", m.file(), t.index, t.line)),
            );
        }
    }
    Ok(missing)
}

fn choice_for(m: &Migration, choices: &[(String, Choice)]) -> Option<Choice> {
    choices
        .iter()
        .find(|(spec, _)| {
            let spec = spec.trim().trim_end_matches(".sql");
            spec == m.version.to_string() || spec == m.name
        })
        .map(|c| c.1)
}

/// Runs every migration in the scratch database (with the live database's character set and
/// collation), reading what each statement changed; returns the traces and the final schema.
fn trace(live: &mut Conn, scratch: &Scratch, migrations: &[Migration]) -> Result<(Vec<Vec<Trace>>, Schema)> {
    let charset: Option<(String, String)> = live
        .query_first("SELECT @@character_set_database, @@collation_database")
        .map_err(|e| Error::db("reading the database's character set", e))?;
    let mut conn = db::open_existing(&scratch.settings())?
        .ok_or_else(|| Error::Invalid(format!("scratch database `{}` vanished", scratch.name)))?;
    if let Some((set, collation)) = charset {
        conn.query_drop(format!(
            "ALTER DATABASE {} CHARACTER SET {set} COLLATE {collation}",
            quote_ident(&scratch.name)
        ))
        .map_err(|e| Error::db("matching the scratch database's collation", e))?;
    }
    let mut schema = inspect::snapshot(&mut conn)?;
    let mut traces = Vec::new();
    for m in migrations {
        let mut statements = Vec::new();
        for (index, line, text) in m.forward.statements() {
            apply::drain(&mut conn, &text).map_err(|e| {
                let resume = " (while trying the migrations in a scratch database for adoption)".to_string();
                apply::failure_with(m.file(), index, line, &text, e, resume)
            })?;
            let kind = classify::classify(&text).kind;
            let (changes, sql) = if matches!(kind, Kind::Data) {
                (Vec::new(), Vec::new())
            } else {
                let after = inspect::snapshot(&mut conn)?;
                let changes = inspect::diff(&schema, &after);
                schema = after;
                let sql = changes.iter().map(|c| sql_for(&mut conn, c)).collect();
                (changes, sql)
            };
            statements.push(Trace { index, line, kind, changes, sql });
        }
        conn.reset().map_err(|e| Error::db("resetting the scratch session", e))?;
        traces.push(statements);
    }
    Ok((traces, schema))
}

/// SQL that makes `change` on its own, from the scratch table's definition: a column added
/// or changed, an index or foreign key added. None for anything else.
fn sql_for(conn: &mut Conn, change: &Change) -> Option<String> {
    let key = change.key();
    let table = inspect::table_of(key)?;
    let create: Option<(String, String)> =
        conn.query_first(format!("SHOW CREATE TABLE {}", quote_ident(table))).ok()?;
    let text = create?.1;
    let lines: Vec<&str> = text.lines().map(|l| l.trim().trim_end_matches(',')).collect();
    let t = quote_ident(table);
    match change {
        Change::Added { .. } | Change::Changed { .. } if key.starts_with("column ") => {
            let column = key.split_once('.')?.1;
            let quoted = quote_ident(column);
            let at = lines.iter().position(|l| l.starts_with(&format!("{quoted} ")))?;
            let place = match lines.get(at.wrapping_sub(1)).filter(|l| l.starts_with('`')) {
                Some(prev) => format!(" AFTER {}", prev.split_whitespace().next()?),
                None => " FIRST".to_string(),
            };
            let verb = if matches!(change, Change::Added { .. }) { "ADD COLUMN" } else { "MODIFY COLUMN" };
            Some(format!("ALTER TABLE {t} {verb} {}{place}", lines[at]))
        }
        Change::Added { .. } if key.starts_with("index ") => {
            let columns = key.rsplit_once(" (")?.1.trim_end_matches(')');
            let wanted: Vec<String> = columns
                .split(',')
                .map(|c| match c.split_once('(') {
                    Some((name, len)) => format!("{}({len}", quote_ident(name)),
                    None => quote_ident(c),
                })
                .collect();
            let list = format!("({})", wanted.join(","));
            let kind = if key.contains(" primary (") {
                "PRIMARY KEY"
            } else if key.contains(" unique (") {
                "UNIQUE KEY"
            } else {
                "KEY"
            };
            let line = lines.iter().find(|l| {
                l.contains(&list)
                    && (l.starts_with(kind)
                        || (kind == "KEY" && (l.starts_with("FULLTEXT") || l.starts_with("SPATIAL"))))
            })?;
            Some(format!("ALTER TABLE {t} ADD {line}"))
        }
        Change::Added { .. } if key.starts_with("foreign key ") => {
            let (left, right) = key.strip_prefix("foreign key ")?.split_once(" -> ")?;
            let columns = left.split_once(" (")?.1.trim_end_matches(')');
            let list: Vec<String> = columns.split(',').map(quote_ident).collect();
            let referenced = quote_ident(right.split_once(" (")?.0);
            let line = lines.iter().find(|l| {
                l.contains(&format!("FOREIGN KEY ({})", list.join(", ")))
                    && l.contains(&format!("REFERENCES {referenced}"))
            })?;
            Some(format!("ALTER TABLE {t} ADD {line}"))
        }
        _ => None,
    }
}

/// Every element where `live` and `fresh` differ: (key, live definition, fresh definition).
fn differences(live: &Schema, fresh: &Schema) -> Vec<(String, Option<String>, Option<String>)> {
    inspect::diff(live, fresh)
        .into_iter()
        .map(|c| match c {
            Change::Added { key, definition } => (key, None, Some(definition)),
            Change::Removed { key, definition } => (key, Some(definition), None),
            Change::Changed { key, before, after } => (key, Some(before), Some(after)),
        })
        .collect()
}

/// Records, completes and applies under the locks, as planned.
fn carry_out(settings: &Settings, live: &mut Conn, set: &MigrationSet, report: &AdoptReport) -> Result<()> {
    crate::db::galera::check(live)?;
    let mut runner = lock::runner_lock(settings)?;
    runner.acquire(settings.lock_timeout)?;
    // Not strict: "already exists" after a crash inside adoption is how a rerun recognises
    // the statement in flight, as in any run.
    let options = ApplyOptions {
        strict: false,
        ddl_lock_wait_timeout: settings.ddl_lock_wait_timeout,
        work_lock: Some((lock::work_lock_name(&settings.database), settings.lock_timeout)),
        fence: runner.fence(),
        online: None,
    };
    apply::prepare_session(live, &options)?;
    history::ensure_tables(live)?;
    let before = history::read(live)?;
    let mut pending = Pending::default();
    for (m, adopted) in set.migrations.iter().zip(&report.migrations) {
        if before.applied.iter().any(|a| a.version == m.version) {
            continue;
        }
        let done: Vec<history::Done> = before.journal.iter().filter(|d| d.version == m.version).copied().collect();
        let result = match &adopted.plan {
            // In progress (an interrupted adoption or run): resumed like any run.
            _ if !done.is_empty() => apply::apply(live, m, &done, &options, &mut pending).map(|_| ()),
            Some(plan) => record_and_apply(live, m, plan, &options, &mut pending),
            None => Err(Error::Invalid(format!(
                "{} changed state while adoption was being planned; run `migrate adopt` again",
                m.file()
            ))),
        };
        if let Err(e) = result {
            let _ = pending.write(live);
            return Err(e);
        }
    }
    pending.write(live)?;
    runner.release()
}

fn record_and_apply(
    conn: &mut Conn,
    m: &Migration,
    plan: &MigrationPlan,
    options: &ApplyOptions,
    pending: &mut Pending,
) -> Result<()> {
    let checksums: Vec<(usize, u64)> =
        m.forward.statements().map(|(i, _, t)| (i, apply::statement_checksum(&t))).collect();
    let row = |index: usize| {
        JournalRow::new(m.version, index, checksums.iter().find(|c| c.0 == index).map_or(0, |c| c.1), None)
    };
    if plan.verdict == Verdict::Present {
        let rows: Vec<JournalRow> = plan.statements.iter().map(|s| row(s.0)).collect();
        let mut sql = if rows.is_empty() { String::new() } else { format!("{};", history::journal_sql(&rows)) };
        sql.push_str(&history::history_sql(&[HistoryRow::new(m.version, &m.name, m.checksum)]));
        let mut tx = conn
            .start_transaction(mysql::TxOpts::default())
            .map_err(|e| Error::db("recording a present migration", e))?;
        tx.query_drop(sql).map_err(|e| Error::db(format!("recording {} as present", m.file()), e))?;
        return tx.commit().map_err(|e| Error::db(format!("recording {} as present", m.file()), e));
    }
    let mut done = Vec::new();
    for (index, line, _, action) in &plan.statements {
        match action {
            Action::Run => continue,
            Action::RunSql(sqls) => {
                for sql in sqls {
                    apply::drain(conn, sql).map_err(|e| {
                        apply::failure_with(
                            m.file(),
                            *index,
                            *line,
                            sql,
                            e,
                            " (the missing part of a partly present statement)".into(),
                        )
                    })?;
                }
            }
            Action::Skip => {}
        }
        conn.query_drop(history::journal_sql(&[row(*index)]))
            .map_err(|e| Error::db(format!("journalling {}", m.file()), e))?;
        done.push(history::Done { version: m.version, statement: *index, checksum: row(*index).checksum });
    }
    apply::apply(conn, m, &done, options, pending).map(|_| ())
}
