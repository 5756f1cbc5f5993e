//! Adopting an existing database: recording migrations as applied without running them.
//!
//! For a database whose schema was built some other way (the old bash startup script, the
//! `mariadb` client), [`run`] records every migration up to the target in the history, with
//! the same checksum a real apply writes, so that `migrate up` afterwards applies only what
//! comes later. Under the runner lock, before writing anything, it refuses when:
//! - the history and the files disagree ([`Error::Diverged`]);
//! - the database already has history rows or journal rows, unless forced
//!   ([`Error::BaselineHasHistory`]); forced, it records only the migrations not yet recorded;
//! - a table the migrations up to the target leave behind is missing
//!   ([`Error::BaselineTablesMissing`]). Only table names are checked, not their columns.
//!
//! The rows are written in one transaction, with any journal rows of those versions removed
//! (adopted versions have no statement timings).

use crate::config::Settings;
use crate::error::{Error, Result};
use crate::history;
use crate::lock;
use crate::migration::{Migration, MigrationSet};
use crate::plan::PlanOptions;
use crate::state;
use mysql::prelude::Queryable;
use mysql::Conn;

/// What to record.
#[derive(Debug, Clone, Default)]
pub struct BaselineOptions {
    /// The last migration to record (a version, stem or file name); all when `None`.
    pub to: Option<String>,
    /// Record even though the database already has history.
    pub force: bool,
    /// Check and report, record nothing (takes no lock).
    pub dry_run: bool,
}

/// A migration recorded (or, in a dry run, to be recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub version: i32,
    pub name: String,
}

/// What [`run`] checked and recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselineReport {
    /// The server and database, password redacted.
    pub target: String,
    /// The last migration of the range.
    pub up_to: String,
    /// Tables the range leaves behind, all found present.
    pub tables: Vec<String>,
    /// Migrations of the range that were already recorded (only with `force`).
    pub already_recorded: usize,
    /// Migrations recorded by this run, in order (to be recorded, in a dry run).
    pub recorded: Vec<Recorded>,
    pub dry_run: bool,
}

/// The tables `migrations` leave behind, sorted (creates minus drops, following renames).
pub fn tables_left_by(migrations: &[Migration]) -> Vec<String> {
    let effects: Vec<_> = migrations
        .iter()
        .flat_map(|m| m.forward.statements().flat_map(|(_, _, text)| crate::classify::classify(&text).effects))
        .collect();
    crate::scan::required_tables(&effects)
}

/// Checks the database and records the migrations up to the target as applied.
pub fn run(settings: &Settings, set: &MigrationSet, options: &BaselineOptions) -> Result<BaselineReport> {
    let last = match &options.to {
        Some(spec) => {
            let version = set.resolve(spec)?.version;
            set.migrations.iter().position(|m| m.version == version)
        }
        None => set.migrations.len().checked_sub(1),
    };
    let Some(last) = last else {
        return Err(Error::Invalid("there are no migrations to record; add files to migrations/".into()));
    };
    let range = &set.migrations[..=last];
    let mut conn = crate::db::require_existing(settings, "adopt")?;
    crate::lock::never_idle_out(&mut conn, "the work connection")?;
    let mut lock = if options.dry_run { None } else { Some(lock::runner_lock(settings)?) };
    if let Some(lock) = lock.as_mut() {
        lock.acquire(settings.lock_timeout)?;
    }
    let snapshot = state::read(&mut conn, set, PlanOptions { allow_out_of_order: true, target: None })?;
    if !snapshot.plan.divergences.is_empty() {
        return Err(Error::Diverged(snapshot.plan.divergences.iter().map(ToString::to_string).collect()));
    }
    let (applied, in_progress) = (&snapshot.recorded.applied, &snapshot.recorded.journal);
    if !(applied.is_empty() && in_progress.is_empty() || options.force) {
        let mut versions: Vec<i32> = in_progress.iter().map(|d| d.version).collect();
        versions.dedup();
        return Err(Error::BaselineHasHistory {
            database: settings.database.clone(),
            applied: applied.len(),
            in_progress: versions.len(),
        });
    }
    let mut report = BaselineReport {
        target: settings.redacted_url(),
        up_to: range[last].name.to_string(),
        tables: tables_left_by(range),
        dry_run: options.dry_run,
        ..BaselineReport::default()
    };
    let missing: Vec<String> = report.tables.iter().filter(|t| !snapshot.has_table(t)).cloned().collect();
    if !missing.is_empty() {
        return Err(Error::BaselineTablesMissing { to: report.up_to, tables: missing });
    }
    if !options.force {
        let effects = crate::adopt::missing_effects(settings, &set.migrations, range.len())?;
        if !effects.is_empty() {
            return Err(Error::BaselineEffectsMissing { to: report.up_to, missing: effects });
        }
    }
    let todo: Vec<&Migration> = range.iter().filter(|m| !applied.iter().any(|a| a.version == m.version)).collect();
    report.already_recorded = range.len() - todo.len();
    report.recorded = todo.iter().map(|m| Recorded { version: m.version, name: m.name.to_string() }).collect();
    if !options.dry_run {
        record(&mut conn, &todo)?;
    }
    if let Some(lock) = lock.as_mut() {
        lock.release()?;
    }
    Ok(report)
}

/// Writes the history rows of `migrations` (and drops their journal rows) in one transaction.
fn record(conn: &mut Conn, migrations: &[&Migration]) -> Result<()> {
    history::ensure_tables(conn)?;
    let context = "recording the baseline";
    conn.query_drop("START TRANSACTION").map_err(|e| Error::db(context, e))?;
    let written = migrations.iter().try_for_each(|m| {
        history::record_applied(conn, m.version, &m.name, m.checksum)?;
        history::clear_journal(conn, m.version)
    });
    match written {
        Ok(()) => conn.query_drop("COMMIT").map_err(|e| Error::db(context, e)),
        Err(e) => {
            if let Err(undo) = conn.query_drop("ROLLBACK") {
                log::warn!("rolling back the baseline transaction failed: {undo}");
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::SourceFile;

    #[test]
    fn tables_left_follow_creates_drops_and_renames_of_the_range() {
        let files = [
            ("20240101_a.sql", "CREATE TABLE a (id INT);\nCREATE TABLE tmp (id INT);"),
            ("20240102_b.sql", "DROP TABLE tmp;\nRENAME TABLE a TO a2;"),
            ("20240103_c.sql", "CREATE TABLE c (id INT);"),
        ];
        let files = files.iter().map(|(n, t)| SourceFile { name: n.to_string(), text: t.to_string() }).collect();
        let set = crate::migration::set_from_sources(files).unwrap();
        assert_eq!(tables_left_by(&set.migrations[..1]), ["a", "tmp"]);
        assert_eq!(tables_left_by(&set.migrations[..2]), ["a2"]);
        assert_eq!(tables_left_by(&set.migrations), set.required_tables);
    }
}
