//! `migrate baseline`: adopt an existing database by recording migrations without running
//! them (`baseline::run`), then print what was checked and recorded.

use super::output;
use super::{fail, ConnectionArgs};
use crate::baseline::{self, BaselineOptions, BaselineReport};
use crate::error::exit;
use clap::Args;
use std::fmt::Write as _;

/// What the command does and its exit codes (`--help`; `-h` shows the common list).
pub const NOTES: &str = "\
Adopts a database built without schemagate (the old startup script, the mariadb client):
checks that the tables the migrations up to --to leave behind exist (names only, not
columns), then records those migrations as applied without running them, with the same
checksums a real run writes. A later `migrate up` applies only what comes after.

Exit codes:
  0  recorded (or a dry run)
  1  unexpected error (a query of schemagate's own failed)
  2  refused: the database already has a migration history (pass --force), does not
     exist, or bad --to; or bad configuration
  3  cannot connect: server unreachable or login refused
  5  a table the migrations leave behind is missing: apply them with `migrate up` instead
  6  history and migration files disagree (changed or missing file)
  7  another runner held the migration lock longer than --lock-timeout";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = NOTES, next_help_heading = "Baseline options")]
pub struct BaselineArgs {
    /// Record the migrations up to and including this one (a version or file name)
    /// [default: all]
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Record even though the database already has a migration history (only the
    /// migrations not recorded yet are added)
    #[arg(long)]
    pub force: bool,
    /// Check and print what would be recorded; record nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &BaselineArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let options = BaselineOptions { to: args.to.clone(), force: args.force, dry_run: args.dry_run };
    match baseline::run(&settings, &set, &options) {
        Ok(mut report) => {
            report.target = super::target_line(&report.target, &settings);
            output::out(&render(&report));
            exit::OK
        }
        Err(e) => {
            output::outln(format!("schemagate: {}", settings.redacted_url()));
            fail(&e)
        }
    }
}

/// The tables checked, each migration recorded, a summary line.
pub fn render(report: &BaselineReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    let _ = writeln!(
        out,
        "✓ all {} table(s) left by the migrations up to {} are present",
        report.tables.len(),
        report.up_to
    );
    if report.already_recorded > 0 {
        let _ = writeln!(out, "✓ {} migration(s) of the range already recorded", report.already_recorded);
    }
    let verb = if report.dry_run { "would record" } else { "recorded" };
    for r in &report.recorded {
        let _ = writeln!(out, "✓ {verb} {} (version {}) as applied", r.name, r.version);
    }
    if report.dry_run {
        out.push_str("dry run: nothing recorded\n");
    } else {
        let _ = writeln!(
            out,
            "✓ {} migration(s) recorded without running them; `migrate up` applies the later ones",
            report.recorded.len()
        );
    }
    out
}
