//! `migrate up` (and plain `migrate`): the startup gate.

use super::set::Choice;
use super::{fail, live, output, render, ConnectionArgs};
use crate::backup;
use crate::config::Settings;
use crate::db::DatabaseState;
use crate::gate::{self, GateOptions};
use crate::migration::MigrationSet;
use crate::plan::PlanOptions;
use clap::Args;

#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct UpArgs {
    /// Stop after this migration (a version like 2024031002 or a file name without .sql)
    #[arg(long, value_name = "VERSION|FILE")]
    pub to: Option<String>,
    /// Print the plan and every statement that would run, in order; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply a migration that sorts before already-applied ones instead of refusing
    #[arg(long)]
    pub allow_out_of_order: bool,
    /// Never excuse "already exists" errors of DDL statements
    #[arg(long)]
    pub strict: bool,
    /// When something is pending, first dump the database to backups/ (as `migrate backup`);
    /// if the backup fails, migrate nothing
    #[arg(long)]
    pub backup: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &UpArgs) -> i32 {
    gate(connection, args)
}

/// Loads settings and migrations, runs the gate, prints its report; returns the exit code
/// (0 only when the database is healthy). Shared with `migrate exec`.
pub fn gate(connection: &ConnectionArgs, args: &UpArgs) -> i32 {
    if let Some(code) = gate_if_current(connection, args) {
        return code;
    }
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let target = match &args.to {
        Some(spec) => match set.resolve(spec) {
            Ok(m) => Some(m.version),
            Err(e) => return fail(&e),
        },
        None => None,
    };
    let options = GateOptions {
        plan: PlanOptions { allow_out_of_order: args.allow_out_of_order, target },
        strict: args.strict,
        dry_run: args.dry_run,
        on_event: Some(live::on_event),
    };
    if args.backup && !args.dry_run {
        if let Err(code) = backup_if_pending(&settings, &set, &options) {
            return code;
        }
    }
    let mut report = gate::run(&settings, &set, &options);
    report.target = super::target_line(&report.target, &settings);
    live::finish(&report);
    output::summary(render::gate_summary(&report));
    if let Some(e) = &report.error {
        output::err(&format!("error: {e}"));
    }
    report.exit_code()
}

/// A start from a folder with nothing to do, without splitting the folder's SQL (see
/// [`gate::run_if_current`]); `None` when that is not known yet, and then the whole gate runs.
fn gate_if_current(connection: &ConnectionArgs, args: &UpArgs) -> Option<i32> {
    if args.dry_run || args.backup {
        return None;
    }
    let Ok(Choice::Folder(dir)) = connection.choice() else { return None };
    let outline = crate::migration::outline_dir(&dir)?;
    let settings = connection.settings().ok()?;
    let mut report = gate::run_if_current(&settings, &outline)?;
    report.target = super::target_line(&report.target, &settings);
    live::finish(&report);
    output::summary(render::gate_summary(&report));
    if let Some(e) = &report.error {
        output::err(&format!("error: {e}"));
    }
    Some(report.exit_code())
}

/// Takes a backup when the database exists and something is pending; `Err(exit code)` when
/// the backup failed (and so nothing may be migrated).
fn backup_if_pending(settings: &Settings, set: &MigrationSet, options: &GateOptions) -> Result<(), i32> {
    let preview = gate::run(settings, set, &GateOptions { dry_run: true, on_event: None, ..*options });
    if preview.database == Some(DatabaseState::Missing) || preview.error.is_some() || preview.planned.is_empty() {
        // Nothing to protect, or nothing to do; a real error is reported by the gate itself.
        return Ok(());
    }
    match backup::dump(settings, None) {
        Ok(report) => {
            output::out(&format!(
                "{} backup before migrating: {} ({} bytes)\n",
                render::mark(true),
                report.path.display(),
                report.bytes
            ));
            Ok(())
        }
        Err(e) => {
            output::out(&format!("{} backup before migrating failed: nothing was migrated\n", render::mark(false)));
            Err(fail(&e))
        }
    }
}
