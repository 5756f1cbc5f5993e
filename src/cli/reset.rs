//! `migrate reset`: drop and recreate the database, then run the gate. Development only: it
//! shows what it is about to destroy, refuses a host that is not loopback unless
//! `--allow-remote` (before connecting), and refuses unless `--yes`. The reading and the
//! locked drop are [`crate::reset`]'s.

use super::output;
use super::{fail, live, ConnectionArgs};
use crate::db::DatabaseSummary;
use crate::error::exit;
use crate::gate::{self, GateOptions};
use crate::reset;
use clap::Args;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  the database was dropped, recreated, migrated and verified
  1  unexpected error (a query of schemagate's own failed, e.g. DROP DATABASE)
  2  refused: --yes missing, or a host that is not loopback without --allow-remote
     (nothing was changed); or bad configuration or usage
  3  cannot connect: server unreachable or login refused
  4  a migration failed on the new database
  5  verification failed: the new database is not healthy
  7  another runner held the migration lock longer than --lock-timeout";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = EXIT_CODES)]
pub struct ResetArgs {
    /// Really drop the database; without it reset only shows what it would destroy
    #[arg(long)]
    pub yes: bool,
    /// Allow a server that is not on this machine (127.0.0.0/8, ::1, localhost)
    #[arg(long)]
    pub allow_remote: bool,
    /// Never excuse "already exists" errors of DDL statements
    #[arg(long)]
    pub strict: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &ResetArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    output::outln(format!("schemagate reset: {settings}"));
    if !settings.is_loopback() && !args.allow_remote {
        output::err(&format!(
            "error: refusing to reset database `{}` on {}, which is not this machine; reset is for \
             development databases: point DB_HOST at 127.0.0.1, or pass --allow-remote if you \
             really mean that server",
            settings.database, settings.host
        ));
        return exit::USAGE;
    }
    match reset::preview(&settings) {
        Ok(summary) => output::outln(describe(&settings.database, summary)),
        Err(e) if args.yes => return fail(&e),
        Err(e) => output::outln(format!("? cannot read what database `{}` holds: {e}", settings.database)),
    }
    if !args.yes {
        output::err(&format!(
            "error: reset drops database `{}` with everything in it, then migrates it afresh; \
             nothing was changed: run again with --yes to do it",
            settings.database
        ));
        return exit::USAGE;
    }
    if let Err(e) = reset::drop_locked(&settings) {
        return fail(&e);
    }
    output::outln(format!("✓ dropped database `{}`", settings.database));
    let options = GateOptions { strict: args.strict, on_event: Some(live::on_event), ..GateOptions::default() };
    let report = gate::run(&settings, &set, &options);
    live::finish(&report);
    if let Some(e) = &report.error {
        output::err(&format!("error: {e}"));
    }
    report.exit_code()
}

fn describe(database: &str, summary: Option<DatabaseSummary>) -> String {
    match summary {
        None => format!("database `{database}` does not exist: reset will create and migrate it"),
        Some(DatabaseSummary { tables, history_rows }) => {
            let history = match history_rows {
                Some(rows) => format!("{rows} migration history row(s)"),
                None => "no migration history".to_string(),
            };
            format!("reset destroys database `{database}`: {tables} table(s) with all their rows, {history}")
        }
    }
}
