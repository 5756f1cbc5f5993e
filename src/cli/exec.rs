//! `migrate exec -- COMMAND [ARGS...]`: the startup gate in front of any server. The gate runs
//! as `migrate up` does; only when the database is healthy does `migrate` replace itself with
//! the command (`execvp`), so the server keeps the process id, receives the signals sent to it
//! and its exit code is the one its parent sees. When the database is not healthy the command
//! never starts and the gate's exit code is returned.
//!
//! Replacing the process is unix-only; elsewhere the command is refused with exit 2 before
//! anything runs.

use super::up::{self, UpArgs};
use super::{output, ConnectionArgs};
use crate::error::exit;
use clap::Args;
use std::ffi::OsString;

pub const NOTES: &str = "\
The gate runs first, exactly as `migrate up` (same options, same report on stdout). Only when
the database is healthy is COMMAND started, in place of `migrate` (same process id, so signals
reach it and its exit code is the one returned). When the database is not healthy COMMAND never
starts and the exit code is the gate's:

Exit codes (before COMMAND starts):
  2  bad configuration or usage, or COMMAND cannot be started (not found, not executable)
  3  cannot connect: server unreachable or login refused
  4  a migration failed
  5  verification failed: the database is not healthy
  6  history and migration files disagree
  7  another runner held the migration lock longer than --lock-timeout
Once COMMAND runs, every exit code is COMMAND's own.

Example (package.json): \"start\": \"migrate exec -- node server.js\"";

#[derive(Debug, Args, Clone, Default)]
pub struct ExecArgs {
    #[command(flatten)]
    pub up: UpArgs,
    /// The command to start when the database is healthy, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

pub fn exec(connection: &ConnectionArgs, args: &ExecArgs) -> i32 {
    if args.up.dry_run {
        output::err("error: `migrate exec --dry-run` would start nothing; use `migrate up --dry-run` instead");
        return exit::USAGE;
    }
    let code = up::gate(connection, &args.up);
    if code != exit::OK {
        output::err(&format!(
            "error: {} not started: the gate did not find the database healthy (exit {code}, reason above)",
            display(&args.command)
        ));
        return code;
    }
    replace_process(&args.command)
}

/// `program arg...` for messages (lossy: file names are shown, not run).
fn display(command: &[OsString]) -> String {
    let words: Vec<String> = command.iter().map(|w| w.to_string_lossy().into_owned()).collect();
    format!("`{}`", words.join(" "))
}

/// Replaces this process with `command`; returns only when that failed.
#[cfg(unix)]
fn replace_process(command: &[OsString]) -> i32 {
    use std::os::unix::process::CommandExt;
    let Some((program, rest)) = command.split_first() else {
        output::err("error: no command given after `--`; e.g. migrate exec -- node server.js");
        return exit::USAGE;
    };
    log::info!("database healthy; starting {}", display(command));
    let error = std::process::Command::new(program).args(rest).exec();
    output::err(&format!(
        "error: cannot start {}: {error}; check the command name and that it is on PATH and executable",
        display(command)
    ));
    exit::USAGE
}

#[cfg(not(unix))]
fn replace_process(command: &[OsString]) -> i32 {
    output::err(&format!(
        "error: cannot start {}: `migrate exec` replaces its own process, which needs a unix \
         system; on this system run `migrate && {}` instead",
        display(command),
        command.iter().map(|w| w.to_string_lossy()).collect::<Vec<_>>().join(" ")
    ));
    exit::USAGE
}
