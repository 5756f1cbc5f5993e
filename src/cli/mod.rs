//! The `migrate` command line: argument structs shared by every subcommand, and dispatch.
//! One file per subcommand, each with its arguments and an `exec` that returns the exit code.
//! Library calls do the work; this layer only parses, renders and picks the exit code.

pub mod adopt;
pub mod backup;
pub mod baseline;
pub mod check;
pub mod exec;
pub mod lint;
pub mod live;
pub mod new;
pub mod output;
pub mod render;
pub mod reset;
pub mod rollback;
pub mod set;
pub mod status;
pub mod up;
pub mod verify;

use crate::config::{parse_duration, Overrides, Settings};
use crate::error::{exit, Error};
use crate::migration::MigrationSet;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  healthy: the database is migrated and verified
  1  unexpected error (a query of schemagate's own failed, a file could not be written)
  2  bad configuration or usage
  3  cannot connect: server unreachable, login refused, server read-only or a grant missing
  4  a migration failed (it is not recorded as applied; the next run resumes it)
  5  verification failed: the database is not healthy
  6  history and migration files disagree (changed, missing or out-of-order file)
  7  another runner held the migration lock longer than --lock-timeout"
    };
}

macro_rules! which_migrations {
    () => {
        "\
Which migrations:
  --migrations-dir DIR, or SCHEMAGATE_MIGRATIONS_DIR=DIR in the environment or ./.env, names a
  folder, read at run time. --embedded (SCHEMAGATE_EMBEDDED=1) uses the migrations compiled
  into this binary. With neither, the compiled-in ones are used only inside the source tree
  this binary was built from; anywhere else migrate exits 2 and applies nothing.
  A database whose history holds none of the set's migrations is refused (exit 6).
  From a folder, the build's checks run at run time instead: names, dates, rollback pairing
  and identities at every start (exit 2 on a problem); splitting and refused statements when
  something is pending (a start with nothing pending does not parse the SQL); header and
  README History warnings only with `migrate lint DIR`, the CI step of a non-Rust project."
    };
}

pub const EXIT_CODES: &str = exit_codes!();
/// `migrate --help`: the exit codes and which migrations a command works on.
pub const MAIN_HELP: &str = concat!(exit_codes!(), "\n\n", which_migrations!());

#[derive(Parser)]
#[command(
    name = "migrate",
    version,
    about = "Check and migrate the MySQL/MariaDB database before the application starts",
    after_help = MAIN_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Options of the default action (`up`) when no subcommand is given.
    #[command(flatten)]
    pub up: up::UpArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the startup gate: create the database if missing, apply pending migrations, verify
    /// (the default when no subcommand is given).
    #[command(after_help = EXIT_CODES)]
    Up(up::UpArgs),
    /// Show every migration's state, the required tables and the lock holder
    #[command(after_help = EXIT_CODES)]
    Status(status::StatusArgs),
    /// Check the database's health without changing anything
    #[command(after_help = EXIT_CODES)]
    Verify(verify::VerifyArgs),
    /// Create a migration file (and its History line) from the template.
    #[command(about = "Create migrations/<today>_<description>.sql from the template", after_help = new::EXIT_CODES)]
    New(new::NewArgs),
    /// Undo the last applied migrations with their rollback_ scripts
    #[command(after_help = rollback::NOTES)]
    Rollback(rollback::RollbackArgs),
    /// Take over a database another tool built: inspect its schema, record what is there,
    /// apply what is missing
    #[command(after_help = adopt::NOTES)]
    Adopt(adopt::AdoptArgs),
    /// Record migrations as applied without running them (adopt an existing database)
    #[command(after_help = baseline::NOTES)]
    Baseline(baseline::BaselineArgs),
    /// Dump the database with mariadb-dump or mysqldump
    #[command(after_help = backup::EXIT_CODES)]
    Backup(backup::BackupArgs),
    /// Drop and recreate the database, then run the gate (development only)
    #[command(after_help = reset::EXIT_CODES)]
    Reset(reset::ResetArgs),
    /// Apply every migration to a scratch database, verify, drop it
    #[command(after_help = check::EXIT_CODES)]
    Check(check::CheckArgs),
    /// Run the gate, then replace this process with COMMAND when the database is healthy
    #[command(after_help = exec::NOTES)]
    Exec(exec::ExecArgs),
    /// Run every build-time check on a migrations folder (no database needed)
    #[command(after_help = lint::NOTES)]
    Lint(lint::LintArgs),
}

/// Connection and runner settings; each overrides DATABASE_URL / DB_* / .env.
/// (No `Debug`: the URL may carry a password.)
#[derive(Args, Clone, Default)]
pub struct ConnectionArgs {
    /// Database URL, e.g. mysql://user@127.0.0.1:3306/aideveloper (put the password in
    /// DB_PASSWORD or .env, not on the command line)
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Server host [env: DB_HOST]
    #[arg(long, global = true)]
    pub host: Option<String>,
    /// Server port [env: DB_PORT]
    #[arg(long, global = true)]
    pub port: Option<u16>,
    /// User name [env: DB_USER]
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Database name [env: DB_NAME]
    #[arg(long, global = true)]
    pub database: Option<String>,
    /// Connect through this Unix socket instead of host and port [env: DB_SOCKET]
    #[arg(long, global = true, value_name = "PATH")]
    pub socket: Option<String>,
    /// DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY [env: DB_SSL_MODE]
    /// [default: PREFERRED, or VERIFY_CA when --ssl-ca is given]
    #[arg(long, global = true, value_name = "MODE")]
    pub ssl_mode: Option<String>,
    /// CA certificate (PEM) that signed the server's certificate [env: DB_SSL_CA]
    #[arg(long, global = true, value_name = "FILE")]
    pub ssl_ca: Option<String>,
    /// Client certificate (PEM), for accounts that REQUIRE X509 [env: DB_SSL_CERT]
    #[arg(long, global = true, value_name = "FILE")]
    pub ssl_cert: Option<String>,
    /// The client certificate's private key (PEM) [env: DB_SSL_KEY]
    #[arg(long, global = true, value_name = "FILE")]
    pub ssl_key: Option<String>,
    /// How long to wait for the server to accept connections [default: 30s]
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub connect_timeout: Option<Duration>,
    /// How long to wait for another runner's lock [default: 60s]
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: Option<Duration>,
    /// lock_wait_timeout for DDL metadata locks [default: 10s]
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub ddl_lock_wait_timeout: Option<Duration>,
    /// The runner lock: lease (a row, safe on a Galera cluster), get_lock (one server) or
    /// auto (lease on a Galera node) [env: SCHEMAGATE_LOCK] [default: auto]
    #[arg(long, global = true, value_name = "MODE")]
    pub lock_mode: Option<String>,
    /// The migrations folder, read at run time (same naming rules as the build; see "Which
    /// migrations" below)
    #[arg(long, global = true, value_name = "DIR", env = set::DIR_VAR)]
    pub migrations_dir: Option<PathBuf>,
    /// Use the migrations compiled into this binary, also outside the tree it was built from
    #[arg(long, global = true, env = "SCHEMAGATE_EMBEDDED", conflicts_with = "migrations_dir")]
    pub embedded: bool,
    /// Folder of the log files combined-YYYY-MM-DD.log and error-YYYY-MM-DD.log
    /// [env: SCHEMAGATE_LOG_DIR] [default: logs]
    #[arg(long, global = true, value_name = "DIR")]
    pub log_dir: Option<PathBuf>,
    /// Write no log files
    #[arg(long, global = true)]
    pub no_log_file: bool,
    /// Print one line when all is well; the whole report (and the error) when not
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

impl ConnectionArgs {
    /// Loads the settings: these flags over the environment over `./.env` over defaults.
    pub fn settings(&self) -> Result<Settings, Error> {
        let overrides = Overrides {
            url: self.database_url.clone(),
            host: self.host.clone(),
            port: self.port,
            user: self.user.clone(),
            password: None,
            database: self.database.clone(),
            socket: self.socket.clone(),
            ssl_mode: self.ssl_mode.clone(),
            ssl_ca: self.ssl_ca.clone(),
            ssl_cert: self.ssl_cert.clone(),
            ssl_key: self.ssl_key.clone(),
            connect_timeout: self.connect_timeout,
            lock_timeout: self.lock_timeout,
            ddl_lock_wait_timeout: self.ddl_lock_wait_timeout,
            lock_mode: self.lock_mode.clone(),
        };
        let dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
        Ok(Settings::load(&dir, &overrides)?)
    }

    /// Settings and migrations together, as most subcommands need them.
    pub fn load(&self) -> Result<(Settings, MigrationSet), Error> {
        Ok((self.settings()?, self.migrations()?))
    }

    /// Where the migrations come from, by the rule of [`set`].
    pub fn choice(&self) -> Result<set::Choice, Error> {
        set::choose_for_process(self.migrations_dir.clone(), self.embedded)
    }

    /// The migrations to work with, chosen by the rule of [`set`].
    pub fn migrations(&self) -> Result<MigrationSet, Error> {
        match self.choice()? {
            set::Choice::Folder(dir) => crate::migration::load_dir(&dir),
            set::Choice::Embedded => Ok(crate::embedded::set()),
        }
    }
}

/// Parses the command line, runs the subcommand, returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { exit::USAGE } else { exit::OK };
        }
    };
    if !cli.connection.no_log_file {
        output::open_log_files(&cli.connection.log_dir.clone().unwrap_or_else(output::default_log_dir));
    }
    if cli.command.is_some() && cli.up != up::UpArgs::default() {
        output::err("error: options of `up` (--to, --dry-run, --allow-out-of-order, --strict) go with `up` or with no subcommand; see migrate --help");
        return exit::USAGE;
    }
    if cli.connection.quiet {
        output::set_quiet();
    }
    let command = cli.command.unwrap_or(Command::Up(cli.up));
    let code = run(&cli.connection, command);
    output::finish_quiet(code);
    code
}

fn run(connection: &ConnectionArgs, command: Command) -> i32 {
    match command {
        Command::Up(args) => up::exec(connection, &args),
        Command::Status(args) => status::exec(connection, &args),
        Command::Verify(args) => verify::exec(connection, &args),
        Command::New(args) => new::exec(connection, &args),
        Command::Rollback(args) => rollback::exec(connection, &args),
        Command::Adopt(args) => adopt::exec(connection, &args),
        Command::Baseline(args) => baseline::exec(connection, &args),
        Command::Backup(args) => backup::exec(connection, &args),
        Command::Reset(args) => reset::exec(connection, &args),
        Command::Check(args) => check::exec(connection, &args),
        Command::Exec(args) => exec::exec(connection, &args),
        Command::Lint(args) => lint::exec(connection, &args),
    }
}

/// The report's target line: the redacted URL and how the connection travelled, e.g.
/// `mysql://app:***@db:3306/shop (encrypted (TLS; certificate and host name verified))`.
pub fn target_line(target: &str, settings: &Settings) -> String {
    match settings.transport.lock().ok().and_then(|t| t.clone()) {
        Some(transport) => format!("{target} ({transport})"),
        None => target.to_string(),
    }
}

/// Whether a destructive command may go on: `--yes`, or a terminal whose user answers y/yes
/// to `question` (anything else, end of input included, is no). Without a terminal and
/// without `--yes` it is refused: `Err` with the exit code, after printing why (`action`:
/// "roll back", "adopt" ...).
pub fn confirmed(yes: bool, action: &str, question: &str) -> std::result::Result<bool, i32> {
    use std::io::{BufRead, IsTerminal, Write};
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(fail(&Error::Invalid(format!(
            "refusing to {action} without confirmation: stdin is not a terminal; pass --yes to \
             confirm (preview first with --dry-run)"
        ))));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return Ok(false);
    }
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Prints an error to stderr (and the error log) and returns its exit code.
pub fn fail(e: &Error) -> i32 {
    output::err(&format!("error: {e}"));
    e.exit_code()
}
