//! `migrate backup`: dump the database to a file with mariadb-dump or mysqldump (see
//! [`crate::backup`]).

use super::output;
use super::{fail, ConnectionArgs};
use crate::backup;
use crate::error::exit;
use clap::Args;
use std::path::PathBuf;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  the backup was written
  1  the dump tool failed or the file could not be written (no backup file is left behind)
  2  bad configuration or usage; neither mariadb-dump nor mysqldump on PATH; the file exists;
     the database does not exist
  3  cannot connect: server unreachable or login refused

The password goes to the dump tool through a temporary option file (mode 0600, removed
afterwards), never on its command line. The backup file is created with mode 0600.";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = EXIT_CODES)]
pub struct BackupArgs {
    /// Where to write the dump (a file, or a folder for the default name).
    #[arg(
        long,
        value_name = "PATH",
        help = "Write the dump to this file, or into this folder, instead of \
                backups/<database>-<YYYYMMDDTHHMMSSZ>.sql (an existing file is never replaced)"
    )]
    pub out: Option<PathBuf>,
}

pub fn exec(connection: &ConnectionArgs, args: &BackupArgs) -> i32 {
    let settings = match connection.settings() {
        Ok(settings) => settings,
        Err(e) => return fail(&e),
    };
    output::outln(format!("schemagate: {settings}"));
    match backup::dump(&settings, args.out.as_deref()) {
        Ok(report) => {
            let tool = report.tool.file_name().unwrap_or(report.tool.as_os_str()).to_string_lossy();
            output::outln(format!(
                "✓ backed up database `{}` to {} ({} bytes in {}, {tool})",
                settings.database,
                report.path.display(),
                report.bytes,
                super::render::duration(report.duration)
            ));
            exit::OK
        }
        Err(e) => {
            output::outln("✗ backup failed: see the error below");
            fail(&e)
        }
    }
}
