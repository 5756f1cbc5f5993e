//! Undoing the last applied migrations with their `rollback_` scripts.
//!
//! [`plan`] reads the database and says what a rollback would do, changing nothing; [`run`]
//! does it under the runner lock. Both refuse, before touching anything, when the history and
//! the files disagree, when a migration is half-applied, or when a migration in range has no
//! rollback script ([`Error::RollbackMissing`]).
//!
//! The range is the last N applied migrations (by version), or every applied migration after
//! `--to`; the `--to` migration itself stays applied. Migrations are undone newest first, one
//! at a time: the rollback script runs statement by statement (a DDL statement that fails only
//! because its effect is already gone is excused, as in `apply`, unless strict), then the
//! history row and the journal rows go in one transaction. A failing statement stops the run
//! with that migration still recorded as applied; the ones undone before it stay undone.
//! A script that changed session state (`SET ...`) is followed by a connection reset.

use crate::apply::{self, ApplyOptions};
use crate::classify::{self, Kind};
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::history;
use crate::migration::{Migration, MigrationSet};
use crate::plan::PlanOptions;
use crate::state;
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::{Duration, Instant};

/// Which applied migrations to undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The last N applied ones.
    Steps(usize),
    /// Every applied one after this migration (a version, stem or file name); it stays applied.
    To(String),
}

impl Default for Target {
    fn default() -> Target {
        Target::Steps(1)
    }
}

/// What to undo and how.
#[derive(Debug, Clone, Default)]
pub struct RollbackOptions {
    pub target: Target,
    /// Never excuse an "already dropped" error.
    pub strict: bool,
}

/// One migration to undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into the migration set.
    pub index: usize,
    pub version: i32,
    pub name: String,
    /// The rollback script's file name.
    pub file: String,
    pub statements: usize,
}

/// What a rollback would do, read without changing anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollbackPlan {
    /// The server and database, password redacted.
    pub target: String,
    /// Newest first.
    pub steps: Vec<Step>,
    /// Migrations applied now.
    pub applied: usize,
}

impl RollbackPlan {
    /// Versions to undo, newest first.
    pub fn versions(&self) -> Vec<i32> {
        self.steps.iter().map(|s| s.version).collect()
    }
}

/// One migration undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub version: i32,
    pub name: String,
    pub duration: Duration,
    /// Statements of the rollback script executed.
    pub executed: usize,
    /// Statements whose "already dropped" error was excused, with the reason.
    pub tolerated: Vec<String>,
}

/// What [`run`] did; `error` says why it stopped early, if it did.
#[derive(Debug, Default)]
pub struct RollbackReport {
    pub target: String,
    /// Newest first.
    pub undone: Vec<Undone>,
    /// Migrations still applied afterwards (known once the plan was read).
    pub still_applied: Option<usize>,
    pub error: Option<Error>,
}

/// Picks the migrations to undo, newest first, from the indices of the applied ones
/// (ascending). Pure; refuses when one of them has no rollback script.
pub fn select(set: &MigrationSet, applied: &[usize], target: &Target) -> Result<Vec<usize>> {
    let chosen: Vec<usize> = match target {
        Target::Steps(0) => return Err(Error::Invalid("--steps must be at least 1".into())),
        Target::Steps(n) if *n > applied.len() => {
            return Err(Error::Invalid(match applied.len() {
                0 => "no migration is recorded as applied: there is nothing to roll back".into(),
                k => format!("only {k} migration(s) are applied; pass --steps {k} or fewer"),
            }))
        }
        Target::Steps(n) => applied[applied.len() - n..].iter().rev().copied().collect(),
        Target::To(spec) => {
            let keep = set.resolve(spec)?;
            if !applied.iter().any(|&i| set.migrations[i].version == keep.version) {
                return Err(Error::Invalid(format!(
                    "{} is not applied; --to names the migration to keep as the last applied one: \
                     name an applied migration (`migrate status` lists them)",
                    keep.name
                )));
            }
            applied.iter().rev().copied().filter(|&i| set.migrations[i].version > keep.version).collect()
        }
    };
    let missing: Vec<String> = chosen
        .iter()
        .map(|&i| &set.migrations[i])
        .filter(|m| m.rollback.is_none())
        .map(|m| m.name.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Error::RollbackMissing { stems: missing });
    }
    Ok(chosen)
}

/// Reads the database and says what [`run`] would undo; changes nothing, takes no lock.
pub fn plan(settings: &Settings, set: &MigrationSet, options: &RollbackOptions) -> Result<RollbackPlan> {
    let mut conn = crate::db::require_existing(settings, "roll back")?;
    plan_on(&mut conn, settings, set, options)
}

/// Undoes the planned migrations under the runner lock. `expected` (versions, newest first)
/// is the plan the user confirmed: if the database now calls for a different one, nothing is
/// done.
pub fn run(
    settings: &Settings,
    set: &MigrationSet,
    options: &RollbackOptions,
    expected: Option<&[i32]>,
) -> RollbackReport {
    let mut report = RollbackReport { target: settings.redacted_url(), ..RollbackReport::default() };
    if let Err(e) = execute(settings, set, options, expected, &mut report) {
        report.error = Some(e);
    }
    report
}

fn execute(
    settings: &Settings,
    set: &MigrationSet,
    options: &RollbackOptions,
    expected: Option<&[i32]>,
    report: &mut RollbackReport,
) -> Result<()> {
    let mut conn = crate::db::require_existing(settings, "roll back")?;
    crate::lock::never_idle_out(&mut conn, "the work connection")?;
    crate::db::galera::check(&mut conn)?;
    let mut lock = crate::lock::runner_lock(settings)?;
    lock.acquire(settings.lock_timeout)?;
    let plan = plan_on(&mut conn, settings, set, options)?;
    if expected.is_some_and(|e| e != plan.versions()) {
        return Err(Error::Invalid(
            "the migration history changed after the plan was shown (another runner?); nothing \
             was rolled back: run the command again"
                .into(),
        ));
    }
    report.still_applied = Some(plan.applied);
    let scripts = plan.steps.iter().filter_map(|step| set.migrations[step.index].rollback.as_ref());
    crate::db::preflight::preflight_scripts(&mut conn, settings, scripts)?;
    history::ensure_tables(&mut conn)?;
    let work_lock = Some((crate::lock::work_lock_name(&settings.database), settings.lock_timeout));
    let apply_options = ApplyOptions {
        strict: options.strict,
        ddl_lock_wait_timeout: settings.ddl_lock_wait_timeout,
        work_lock,
        fence: lock.fence(),
        online: None,
    };
    apply::prepare_session(&mut conn, &apply_options)?;
    for step in &plan.steps {
        let migration = &set.migrations[step.index];
        log::info!("rolling back {} with {} ...", migration.name, step.file);
        let undone = undo(&mut conn, migration, &apply_options)?;
        log::info!("rolled back {} in {:.1?}", migration.name, undone.duration);
        report.undone.push(undone);
        report.still_applied = Some(plan.applied - report.undone.len());
    }
    lock.release()
}

fn plan_on(
    conn: &mut Conn,
    settings: &Settings,
    set: &MigrationSet,
    options: &RollbackOptions,
) -> Result<RollbackPlan> {
    let snapshot = state::read(conn, set, PlanOptions { allow_out_of_order: true, target: None })?;
    if !snapshot.plan.divergences.is_empty() {
        return Err(Error::Diverged(snapshot.plan.divergences.iter().map(ToString::to_string).collect()));
    }
    if let Some(step) = snapshot.plan.pending.iter().find(|s| !s.done.is_empty()) {
        return Err(Error::Invalid(format!(
            "{} was interrupted part-way ({} statement(s) ran) and has no history row; finish it \
             with `migrate up` before rolling back",
            set.migrations[step.index].file(),
            step.done.len()
        )));
    }
    let steps = select(set, &snapshot.plan.applied, &options.target)?
        .into_iter()
        .map(|index| {
            let m = &set.migrations[index];
            let script = m.rollback.as_ref();
            Step {
                index,
                version: m.version,
                name: m.name.to_string(),
                file: script.map(|s| s.file.to_string()).unwrap_or_default(),
                statements: script.map_or(0, |s| s.statements.len()),
            }
        })
        .collect();
    Ok(RollbackPlan { target: settings.redacted_url(), steps, applied: snapshot.plan.applied.len() })
}

/// Runs `migration`'s rollback script, then forgets it was applied.
fn undo(conn: &mut Conn, migration: &Migration, options: &ApplyOptions) -> Result<Undone> {
    let started = Instant::now();
    let script = migration
        .rollback
        .as_ref()
        .ok_or_else(|| Error::RollbackMissing { stems: vec![migration.name.to_string()] })?;
    let file = script.file.as_ref();
    let mut undone = Undone {
        version: migration.version,
        name: migration.name.to_string(),
        duration: Duration::ZERO,
        executed: 0,
        tolerated: Vec::new(),
    };
    let mut session_changed = false;
    for (index, line, text) in script.statements() {
        let text: &str = &text;
        session_changed |= classify::classify(text).kind == Kind::Session;
        if let Err(e) = apply::drain(conn, text) {
            let excuse =
                apply::effective_code(&e).filter(|_| !options.strict).and_then(|c| classify::already_done(text, c));
            let Some(reason) = excuse else {
                return Err(apply::failure_with(file, index, line, text, e, resume(migration, index)));
            };
            log::warn!("{file}: statement {index} (line {line}): {reason}, continuing ({e})");
            undone.tolerated.push(format!("statement {index} (line {line}): {reason}"));
        }
        apply::log_warnings(conn, file, index, line);
        undone.executed += 1;
    }
    forget(conn, migration)?;
    if session_changed {
        conn.reset().map_err(|e| Error::db("resetting the session after a rollback script", e))?;
        apply::prepare_session(conn, options)?;
    }
    undone.duration = started.elapsed();
    Ok(undone)
}

fn resume(migration: &Migration, index: usize) -> String {
    let ran = match index {
        1 => String::new(),
        2 => "statement 1 of it already ran; ".into(),
        k => format!("statements 1 to {} of it already ran; ", k - 1),
    };
    format!(
        " ({ran}{} stays recorded as applied; a re-run starts the script again and excuses what \
         is already dropped)",
        migration.name
    )
}

/// Deletes the history row and the journal rows of `migration` in one transaction.
fn forget(conn: &mut Conn, migration: &Migration) -> Result<()> {
    let version = migration.version;
    let context = || format!("removing version {version} ({}) from the history", migration.name);
    let mut tx = conn.start_transaction(mysql::TxOpts::default()).map_err(|e| Error::db(context(), e))?;
    tx.exec_drop("DELETE FROM refinery_schema_history WHERE version = ?", (version,))
        .map_err(|e| Error::db(context(), e))?;
    if tx.affected_rows() != 1 {
        return Err(Error::Invalid(format!(
            "version {version} ({}) disappeared from the history while it was rolled back (was it \
             deleted by hand?); check the database with `migrate status`",
            migration.name
        )));
    }
    history::clear_journal(&mut tx, version)?;
    tx.commit().map_err(|e| Error::db(context(), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::SourceFile;

    fn set() -> MigrationSet {
        let files = [
            ("20240101_a.sql", "CREATE TABLE a (id INT);"),
            ("rollback_20240101_a.sql", "DROP TABLE a;"),
            ("20240102_b.sql", "CREATE TABLE b (id INT);"),
            ("20240103_c.sql", "CREATE TABLE c (id INT);"),
            ("rollback_20240103_c.sql", "DROP TABLE c;"),
        ];
        let files = files.iter().map(|(n, t)| SourceFile { name: n.to_string(), text: t.to_string() }).collect();
        crate::migration::set_from_sources(files).unwrap()
    }

    #[test]
    fn steps_take_the_last_applied_newest_first() {
        let s = set();
        assert_eq!(select(&s, &[0, 1, 2], &Target::Steps(1)).unwrap(), [2]);
        assert_eq!(select(&s, &[0, 2], &Target::Steps(2)).unwrap(), [2, 0]);
        let e = select(&s, &[0, 2], &Target::Steps(3)).unwrap_err().to_string();
        assert!(e.contains("only 2 migration(s) are applied; pass --steps 2 or fewer"), "{e}");
        assert!(select(&s, &[], &Target::Steps(1)).unwrap_err().to_string().contains("nothing to roll back"));
        assert!(select(&s, &[0], &Target::Steps(0)).is_err());
    }

    #[test]
    fn to_keeps_the_named_migration_applied() {
        let s = set();
        assert_eq!(select(&s, &[0, 2], &Target::To("20240101_a".into())).unwrap(), [2]);
        assert_eq!(select(&s, &[0, 2], &Target::To("2024010301".into())).unwrap(), Vec::<usize>::new());
        let e = select(&s, &[0], &Target::To("20240103_c".into())).unwrap_err().to_string();
        assert!(e.contains("20240103_c is not applied"), "{e}");
        assert!(select(&s, &[0], &Target::To("nope".into())).is_err());
    }

    #[test]
    fn a_missing_rollback_script_refuses_naming_each_file_and_the_fix() {
        let s = set();
        let e = select(&s, &[0, 1, 2], &Target::Steps(3)).unwrap_err();
        assert!(matches!(&e, Error::RollbackMissing { stems } if stems == &["20240102_b"]), "{e:?}");
        let message = e.to_string();
        assert!(message.contains("nothing was changed"), "{message}");
        assert!(
            message.contains("20240102_b.sql: write migrations/rollback_20240102_b.sql or roll back fewer steps"),
            "{message}"
        );
        assert_eq!(e.exit_code(), crate::error::exit::USAGE);
    }
}
