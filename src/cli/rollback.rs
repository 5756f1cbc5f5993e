//! `migrate rollback`: show what would be undone, confirm, undo it with `rollback::run`.

use super::output;
use super::{fail, render, ConnectionArgs};
use crate::error::exit;
use crate::migration::MigrationSet;
use crate::rollback::{self, RollbackOptions, RollbackPlan, RollbackReport, Target};
use clap::Args;
use std::fmt::Write as _;

/// What the command does and its exit codes (`--help`; `-h` shows the common list).
pub const NOTES: &str = "\
Undoes the last applied migrations, newest first: runs each one's rollback_<stem>.sql, then
deletes its history and journal rows. Nothing is changed when a migration in range has no
rollback script. --to keeps the named migration applied and undoes the ones after it. Asks
for confirmation on a terminal (default no); elsewhere --yes is required.

Exit codes:
  0  rolled back; or nothing to roll back, a dry run, or the confirmation answered no
  1  unexpected error (a query of schemagate's own failed)
  2  refused before changing anything: a migration in range has no rollback script, no
     --yes without a terminal, bad --steps or --to, database missing, an interrupted
     migration; or bad configuration
  3  cannot connect: server unreachable or login refused
  4  a rollback statement failed: that migration stays recorded as applied
  6  history and migration files disagree (changed or missing file)
  7  another runner held the migration lock longer than --lock-timeout";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = NOTES, next_help_heading = "Rollback options")]
pub struct RollbackArgs {
    /// Undo the last N applied migrations [default: 1]
    #[arg(long, value_name = "N", conflicts_with = "to")]
    pub steps: Option<usize>,
    /// Undo every applied migration after this one (a version or file name); it stays applied
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Do not ask for confirmation (required when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the plan and every statement that would run; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Never excuse "already dropped" errors of DDL statements
    #[arg(long)]
    pub strict: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &RollbackArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let target = match &args.to {
        Some(to) => Target::To(to.clone()),
        None => Target::Steps(args.steps.unwrap_or(1)),
    };
    let options = RollbackOptions { target, strict: args.strict };
    let mut plan = match rollback::plan(&settings, &set, &options) {
        Ok(plan) => plan,
        Err(e) => return fail(&e),
    };
    plan.target = super::target_line(&plan.target, &settings);
    output::out(&render_plan(&plan, &set, args.dry_run));
    if plan.steps.is_empty() {
        output::outln("✓ nothing to roll back");
        return exit::OK;
    }
    if args.dry_run {
        output::outln("dry run: nothing changed");
        return exit::OK;
    }
    let question = format!(
        "Roll back {} migration(s) of {}? This runs their rollback scripts and deletes their history rows.",
        plan.steps.len(),
        plan.target
    );
    match super::confirmed(args.yes, "roll back", &question) {
        Ok(true) => {}
        Ok(false) => {
            output::outln("nothing rolled back (not confirmed)");
            return exit::OK;
        }
        Err(code) => return code,
    }
    let report = rollback::run(&settings, &set, &options, Some(&plan.versions()));
    output::out(&render_report(&report));
    match &report.error {
        Some(e) => fail(e),
        None => exit::OK,
    }
}

/// The plan: one line per migration, and with `statements` every statement of its script.
pub fn render_plan(plan: &RollbackPlan, set: &MigrationSet, statements: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", plan.target);
    let _ = writeln!(out, "{} migration(s) applied", plan.applied);
    if plan.steps.is_empty() {
        return out;
    }
    let _ = writeln!(out, "rollback plan, newest first:");
    for step in &plan.steps {
        let _ = writeln!(
            out,
            "  {} (version {}): {}, {} statement(s)",
            step.name, step.version, step.file, step.statements
        );
        let script = set.migrations.get(step.index).and_then(|m| m.rollback.as_ref());
        for (index, line, text) in script.filter(|_| statements).into_iter().flat_map(|s| s.statements()) {
            let _ = writeln!(out, "    statement {index} (line {line}):");
            for text_line in text.lines() {
                let _ = writeln!(out, "      {text_line}");
            }
        }
    }
    out
}

/// What was undone, and where it stopped.
pub fn render_report(report: &RollbackReport) -> String {
    let mut out = String::new();
    for u in &report.undone {
        let _ =
            write!(out, "✓ rolled back {} in {} ({} statement(s)", u.name, render::duration(u.duration), u.executed);
        if !u.tolerated.is_empty() {
            let _ = write!(out, ", {} already dropped", u.tolerated.len());
        }
        out.push_str(")\n");
    }
    let undone = report.undone.len();
    match (&report.error, report.still_applied) {
        (Some(_), _) => {
            let _ = writeln!(out, "✗ rolling back stopped after {undone} migration(s): see the error below");
        }
        (None, Some(n)) => {
            let _ = writeln!(out, "✓ {undone} migration(s) rolled back, {n} still applied");
        }
        (None, None) => {}
    }
    out
}
