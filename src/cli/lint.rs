//! `migrate lint [DIR]`: every check the build runs on a migrations folder, at run time and
//! without a database, with the build's own words (see [`crate::folder`]): the CI step of a
//! project whose server is not written in Rust.

use super::{output, set, ConnectionArgs};
use crate::error::exit;
use crate::folder;
use clap::Args;
use std::path::PathBuf;

pub const NOTES: &str = "\
Checks, as the build does: file names and dates, rollback scripts without a migration, more
than 99 migrations a day, empty files, SQL that cannot be split, refused statements (USE,
DROP DATABASE), and as warnings: migrations without statements, header comments and the
History list of README.md that disagree with the files.

Exit codes:
  0  no problem (warnings are printed; --deny-warnings makes them fail)
  2  a problem (each printed with its fix), or a warning under --deny-warnings";

#[derive(Debug, Args, Clone, Default)]
pub struct LintArgs {
    /// The folder [default: --migrations-dir, else SCHEMAGATE_MIGRATIONS_DIR, else ./migrations]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Fail (exit 2) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &LintArgs) -> i32 {
    let dir = set::folder(args.dir.as_deref().or(connection.migrations_dir.as_deref()));
    let found = folder::read(&dir);
    match folder::check(&found, crate::naming::today()) {
        Err(problems) => {
            output::err(folder::problem_report(&dir, &problems).trim_end());
            exit::USAGE
        }
        Ok((scan, warnings)) => {
            for warning in &warnings {
                output::warn(&format!("warning: {}/{warning}", dir.display()));
            }
            let verdict = if warnings.is_empty() { "no problems" } else { "no problems, warnings above" };
            output::outln(format!("✓ {} migration(s) in {}: {verdict}", scan.migrations.len(), dir.display()));
            if args.deny_warnings && !warnings.is_empty() {
                exit::USAGE
            } else {
                exit::OK
            }
        }
    }
}
