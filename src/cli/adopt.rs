//! `migrate adopt`: decide from the live schema which migrations a database built by another
//! tool already has (`adopt::run`), show the verdicts and the SQL adoption would run, ask, and
//! carry it out.

use super::output;
use super::{fail, ConnectionArgs};
use crate::adopt::verdict::{Action, Choice, Found, Verdict};
use crate::adopt::{self, AdoptOptions, AdoptReport};
use crate::error::{exit, Error};
use clap::Args;
use std::fmt::Write as _;

/// What the command does and its exit codes.
pub const NOTES: &str = "\
Adopts a database built without schemagate (the old startup script, the mariadb client,
another migration tool) by inspecting its schema: every migration runs in a scratch
database, statement by statement, and each statement's effect (table, column with its
definition, index, foreign key, view, routine, trigger, event) is looked up in the live
database. Present migrations are recorded without running; absent ones are applied;
partial ones run only what is missing. Data statements of a present migration never run.
A migration the schema cannot decide (data only, after present ones) needs --applied or
--run. Afterwards the live schema is compared with a fresh apply and every difference is
listed. On a terminal it asks first; elsewhere --yes is required.

Exit codes:
  0  adopted (or a dry run, or not confirmed); no difference left
  1  unexpected error
  2  refused: a migration needs --applied/--run, no --yes without a terminal, no database
  3  cannot connect
  4  a statement failed while adopting (what ran is journalled; run again)
  5  adopted, but the schema still differs from a fresh apply (listed)
  7  another runner held the migration lock longer than --lock-timeout";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = NOTES, next_help_heading = "Adopt options")]
pub struct AdoptArgs {
    /// Print the verdicts and the SQL adoption would run; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Treat this undecidable migration as already applied: record it without running
    #[arg(long, value_name = "VERSION")]
    pub applied: Vec<String>,
    /// Run this undecidable migration
    #[arg(long, value_name = "VERSION")]
    pub run: Vec<String>,
}

pub fn exec(connection: &ConnectionArgs, args: &AdoptArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let mut choices: Vec<(String, Choice)> = args.applied.iter().map(|v| (v.clone(), Choice::Applied)).collect();
    choices.extend(args.run.iter().map(|v| (v.clone(), Choice::Run)));
    let mut options = AdoptOptions { dry_run: true, choices };
    let preview = match adopt::run(&settings, &set, &options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    output::out(&render(&preview));
    let undecidable = preview.undecidable();
    if !undecidable.is_empty() {
        let names: Vec<String> = undecidable.iter().map(|m| m.name.clone()).collect();
        return fail(&Error::Invalid(format!(
            "the schema cannot tell whether {} ran; look at its data and pass --applied <version> \
             (record it without running) or --run <version>",
            names.join(", ")
        )));
    }
    if args.dry_run {
        output::outln("dry run: nothing changed");
        return exit::OK;
    }
    match super::confirmed(args.yes, "adopt", &format!("Adopt {} as shown above?", preview.target)) {
        Ok(true) => {}
        Ok(false) => {
            output::outln("nothing adopted (not confirmed)");
            return exit::OK;
        }
        Err(code) => return code,
    }
    options.dry_run = false;
    match adopt::run(&settings, &set, &options) {
        Ok(report) => {
            output::out(&render_result(&report));
            if report.differences.is_empty() {
                exit::OK
            } else {
                exit::UNHEALTHY
            }
        }
        Err(e) => fail(&e),
    }
}

/// Per migration its verdict, per statement its verdict and what adoption does with it.
pub fn render(report: &AdoptReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    for m in &report.migrations {
        let Some(plan) = &m.plan else {
            let _ = writeln!(out, "✓ {} already recorded", m.name);
            continue;
        };
        let verdict = match &plan.verdict {
            Verdict::Present => "present: recorded without running".to_string(),
            Verdict::Absent => "absent: applied".to_string(),
            Verdict::Partial => "partial: only what is missing runs".to_string(),
            Verdict::Undecidable(why) => format!("undecidable: {why}"),
        };
        let _ = writeln!(
            out,
            "{} {} (version {}): {verdict}",
            if matches!(plan.verdict, Verdict::Undecidable(_)) { "✗" } else { "·" },
            m.name,
            m.version
        );
        if plan.verdict == Verdict::Partial {
            for (index, line, found, action) in &plan.statements {
                let found = match found {
                    Found::Present => "present",
                    Found::Absent => "absent",
                    Found::Partial(_) => "partly present",
                    Found::NoSchemaEffect => "no schema effect",
                };
                let what = match action {
                    Action::Skip => "recorded, not run".to_string(),
                    Action::Run => "runs".to_string(),
                    Action::RunSql(sql) => format!("runs: {}", sql.join("; ")),
                };
                let _ = writeln!(out, "    statement {index} (line {line}): {found}; {what}");
            }
        }
    }
    render_differences(&mut out, report, "before adoption, the schema differs from a fresh apply in");
    out
}

fn render_differences(out: &mut String, report: &AdoptReport, heading: &str) {
    if report.differences.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading} {} element(s):", report.differences.len());
    for (key, live, fresh) in &report.differences {
        let _ = match (live, fresh) {
            (None, Some(f)) => writeln!(out, "  - missing {key}: {f}"),
            (Some(l), None) => writeln!(out, "  - extra {key}: {l}"),
            (Some(l), Some(f)) => writeln!(out, "  - {key} is `{l}`, a fresh apply gives `{f}`"),
            (None, None) => Ok(()),
        };
    }
}

fn render_result(report: &AdoptReport) -> String {
    let mut out = String::new();
    let adopted = report.migrations.iter().filter(|m| m.plan.is_some()).count();
    let _ = writeln!(out, "✓ {adopted} migration(s) adopted; every migration is recorded");
    if report.differences.is_empty() {
        out.push_str("✓ the schema equals a fresh apply of the migrations\n");
    } else {
        render_differences(&mut out, report, "✗ the schema still differs from a fresh apply in");
        out.push_str("  fix each with a new migration (or by hand), then `migrate verify`\n");
    }
    out
}
