//! `migrate check`: apply every migration to a scratch database on the same server, verify,
//! drop it (see [`crate::check`]). Changes nothing else.

use super::output;
use super::{fail, live, ConnectionArgs};
use crate::check;
use crate::gate::GateOptions;
use clap::Args;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  every migration applied to the scratch database and verified; the scratch database dropped
  1  unexpected error (e.g. the scratch database could not be created or dropped)
  2  bad configuration or usage
  3  cannot connect: server unreachable or login refused
  4  a migration failed on the scratch database
  5  verification failed: a required table is missing after all migrations ran

The scratch database is dropped on every path, also when a migration fails.";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = EXIT_CODES)]
pub struct CheckArgs {
    /// Never excuse "already exists" errors of DDL statements
    #[arg(long)]
    pub strict: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &CheckArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    output::outln(format!(
        "schemagate check: {} migration(s) on a scratch database next to `{}`",
        set.migrations.len(),
        settings.database
    ));
    // The gate's lines appear as they happen; its first names the scratch database.
    let options = GateOptions { strict: args.strict, on_event: Some(live::on_event), ..GateOptions::default() };
    let report = match check::run(&settings, &set, &options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    live::finish(&report.gate);
    match &report.drop_error {
        None => output::outln(format!("✓ scratch database `{}` dropped", report.scratch)),
        Some(_) => output::outln(format!("✗ scratch database `{}` NOT dropped: see the error below", report.scratch)),
    }
    output::outln(if report.passed() { "✓ check passed" } else { "✗ check FAILED" });
    if let Some(e) = &report.gate.error {
        output::err(&format!("error: {e}"));
    }
    if let Some(e) = &report.drop_error {
        output::err(&format!("error: {e}; drop it by hand: DROP DATABASE `{}`", report.scratch));
    }
    report.exit_code()
}
