//! The library's typed errors and the exit code each maps to.
//!
//! Every message names what failed (the file, statement, setting or server) and ends with
//! what to do about it. No message ever contains a password: connection targets are always
//! shown through `Settings::redacted_url`, and server messages never echo one.

use crate::config::ConfigError;
use std::time::Duration;

/// Exit codes of `migrate`, documented in `--help` and the README.
pub mod exit {
    /// The database is healthy (or the command succeeded).
    pub const OK: i32 = 0;
    /// An unexpected error: a query of schemagate's own failed, a file could not be written.
    pub const INTERNAL: i32 = 1;
    /// Bad configuration or command-line usage.
    pub const USAGE: i32 = 2;
    /// The server could not be reached, refused the credentials, is read-only, or the account
    /// lacks a grant the migrations need.
    pub const CONNECT: i32 = 3;
    /// A migration failed; it is not recorded as applied.
    pub const MIGRATION: i32 = 4;
    /// Verification failed: the database is not healthy (required tables missing, pending).
    pub const UNHEALTHY: i32 = 5;
    /// The history and the migration files disagree (changed, missing, out of order).
    pub const DIVERGED: i32 = 6;
    /// Another runner held the migration lock for longer than the lock timeout.
    pub const LOCKED: i32 = 7;
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Error {
        Error::Config(Box::new(e))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Boxed: a configuration error is large and rare, and every `Result` carries `Error`.
    #[error(transparent)]
    Config(Box<ConfigError>),

    #[error(
        "cannot connect to {target} (waited {waited:.1?}): {reason}; start the server or point \
         DATABASE_URL / DB_HOST / DB_PORT at it, or wait longer with --connect-timeout"
    )]
    Unreachable { target: String, waited: Duration, reason: String },

    #[error("the server at {target} refused the login of user `{user}`: {cause}; {fix}")]
    LoginRefused { target: String, user: String, cause: String, fix: String },

    #[error(
        "the server at {target} is read-only ({variable}=ON: a replica, or a primary during a \
         failover); nothing was changed: point DATABASE_URL at the writable primary"
    )]
    ReadOnly { target: String, variable: &'static str },

    #[error(
        "user `{user}` may not migrate database `{database}` on {target}; nothing was changed. It \
         lacks: {}; grant them (GRANT {} ON `{database}`.* TO the account) as the README's \
         \"Grants\" section lists",
        .missing.join(", "),
        .missing.iter().map(|m| m.split(" (").next().unwrap_or(m)).collect::<Vec<_>>().join(", ")
    )]
    MissingGrants { target: String, user: String, database: String, missing: Vec<String> },

    #[error(
        "{context}: the account's password has expired (server error 1820), so the server refuses \
         every statement; set a new password with the mariadb/mysql client (ALTER USER ... \
         IDENTIFIED BY ...) and put it in DB_PASSWORD"
    )]
    PasswordExpired { context: String },

    #[error("cannot connect securely to {target}: {problem}; {fix}")]
    Tls { target: String, problem: String, fix: String },

    #[error(
        "{file}: statement {index} (line {line}) failed: `{first_line}`: {}; {}{resume}",
        cause(*.code, .message), statement_fix(*.code)
    )]
    StatementFailed {
        file: String,
        index: usize,
        line: u32,
        first_line: String,
        code: u16,
        message: String,
        /// Says which earlier statements already ran and will not be repeated.
        resume: String,
    },

    #[error(
        "{file}: statement {index} (line {line}) already ran but its text has changed since; \
         restore the statement as it was and put the change in a new migration"
    )]
    EditedStatement { file: String, index: usize, line: u32 },

    #[error("{file}: statement {index} (line {line}), ALTER TABLE `{table}` run online: {problem}")]
    OnlineFailed { file: String, index: usize, line: u32, table: String, problem: String },

    #[error(
        "{file}: stopped before statement {index} (line {line}): this runner's migration lease \
         may have expired (the cluster did not confirm a renewal within the lease), so another \
         runner may hold it now; run `migrate` again: it resumes from the journal, and if this \
         recurs raise SCHEMAGATE_LEASE above the longest pause of the cluster"
    )]
    LeaseLost { file: String, index: usize, line: u32 },

    #[error("the history and the migration files disagree:\n{}", list(.0))]
    Diverged(Vec<String>),

    #[error(
        "another runner holds the migration lock `{name}`{holder}; gave up after waiting \
         {waited:.1?} for it: wait for that runner to finish, or raise --lock-timeout"
    )]
    LockTimeout { name: String, waited: Duration, holder: String },

    #[error("the database is not healthy:\n{}", list(.0))]
    Unhealthy(Vec<String>),

    #[error("{context}: {}; check that the server is up and the user may do this", crate::db::plain(.source))]
    Database {
        context: String,
        #[source]
        source: mysql::Error,
    },

    #[error("{0}")]
    Invalid(String),

    #[error(
        "cannot roll back: {} migration(s) in range have no rollback script, so nothing was \
         changed:\n{}",
        .stems.len(),
        missing_rollbacks(.stems)
    )]
    RollbackMissing {
        /// Stems (`YYYYMMDD_description`) of the migrations without a rollback script.
        stems: Vec<String>,
    },

    #[error(
        "cannot baseline up to {to}: nothing was recorded, because {} table(s) its migrations \
         create are missing: {}; apply them with `migrate up` instead (or baseline fewer with \
         --to)",
        .tables.len(),
        .tables.join(", ")
    )]
    BaselineTablesMissing { to: String, tables: Vec<String> },

    #[error(
        "database `{database}` already has a migration history ({applied} applied, {in_progress} \
         in progress); baseline adopts a database without one: use `migrate up`, or pass --force \
         to record the unrecorded migrations up to the target anyway"
    )]
    BaselineHasHistory { database: String, applied: usize, in_progress: usize },
    #[error(
        "cannot baseline up to {to}: nothing was recorded, because {} effect(s) of its \
         migrations are not in the database:\n{}\nuse `migrate adopt`, which applies what is \
         missing, or baseline fewer with --to (--force records anyway)",
        .missing.len(),
        list(.missing)
    )]
    BaselineEffectsMissing { to: String, missing: Vec<String> },
    #[error(
        "database `{database}` was built without schemagate: {} of its {total} required table(s) \
         exist ({}) but it has no migration history, so nothing was changed. Running the \
         migrations again could repeat their data statements. Either inspect it and adopt it \
         (`migrate adopt --dry-run`, then `migrate adopt`), or record the migrations up to the \
         one it matches without running them (`migrate baseline --to <version>`)",
        .present.len(),
        .present.join(", ")
    )]
    Foreign { database: String, present: Vec<String>, total: usize },
    #[error(transparent)]
    Backup(#[from] BackupError),
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("  - {i}")).collect::<Vec<_>>().join("\n")
}

impl Error {
    /// The process exit code that reports this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) | Error::Invalid(_) => exit::USAGE,
            Error::Unreachable { .. } | Error::LoginRefused { .. } | Error::Tls { .. } => exit::CONNECT,
            Error::ReadOnly { .. } | Error::MissingGrants { .. } | Error::PasswordExpired { .. } => exit::CONNECT,
            Error::StatementFailed { .. } | Error::EditedStatement { .. } | Error::OnlineFailed { .. } => {
                exit::MIGRATION
            }
            Error::Diverged(_) | Error::Foreign { .. } => exit::DIVERGED,
            Error::LockTimeout { .. } | Error::LeaseLost { .. } => exit::LOCKED,
            Error::Unhealthy(_) => exit::UNHEALTHY,
            Error::Database { .. } => exit::INTERNAL,
            Error::RollbackMissing { .. } | Error::BaselineHasHistory { .. } => exit::USAGE,
            Error::BaselineTablesMissing { .. } | Error::BaselineEffectsMissing { .. } => exit::UNHEALTHY,
            Error::Backup(e) => e.exit_code(),
        }
    }

    /// Wraps a driver error of one of schemagate's own queries. MariaDB lets an account whose
    /// password has expired log in and then refuses every statement (1820): that is a refused
    /// login too.
    pub fn db(context: impl Into<String>, source: mysql::Error) -> Error {
        match server_code(&source) {
            Some(PASSWORD_EXPIRED) => Error::PasswordExpired { context: context.into() },
            _ => Error::Database { context: context.into(), source },
        }
    }
}

/// "server error 1064: ...", "client error 2013: ..." (the connection was lost: `CR_SERVER_LOST`,
/// as the mysql client numbers it), or the message alone for schemagate's own errors.
fn cause(code: u16, message: &str) -> String {
    match code {
        0 => message.to_string(),
        2000.. => format!("client error {code}: {message}"),
        _ => format!("server error {code}: {message}"),
    }
}

/// What to do about a statement that failed with server error `code` (0: no server error):
/// fix the statement, unless the failure was the server's or the cluster's, not the SQL's.
fn statement_fix(code: u16) -> &'static str {
    match code {
        1047 | 1180 => {
            "this Galera node is out of the cluster's primary component (a partition, or a node \
             rejoining), so the statement did not run; run `migrate` again against a node of the \
             primary component (wsrep_cluster_status=Primary)"
        }
        1213 => {
            "a deadlock or a Galera certification conflict with a concurrent write rolled the \
             statement's transaction back; run `migrate` again (or when the writes calm down)"
        }
        2006 | 2013 => {
            "the connection to the server was lost while the statement ran; once the server (or \
             another node) answers, run `migrate` again: the journal decides what still runs"
        }
        _ => "fix the statement and run again",
    }
}

/// ER_MUST_CHANGE_PASSWORD: the session of an account with an expired password.
const PASSWORD_EXPIRED: u16 = 1820;

/// Server error code of a driver error, if the server sent one.
pub fn server_code(e: &mysql::Error) -> Option<u16> {
    match e {
        mysql::Error::MySqlError(e) => Some(e.code),
        _ => None,
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn missing_rollbacks(stems: &[String]) -> String {
    let lines: Vec<String> =
        stems.iter().map(|s| format!("{s}.sql: write migrations/rollback_{s}.sql or roll back fewer steps")).collect();
    list(&lines)
}

/// Why `migrate backup` wrote no backup. No message contains the password: the dump tool's
/// output is shown with any occurrence of it replaced by `***`.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "neither mariadb-dump nor mysqldump was found on PATH; install the client tools \
         (apt-get install mariadb-client, or mysql-client) or add their folder to PATH"
    )]
    ToolMissing,

    #[error(
        "database `{database}` does not exist on {target}; there is nothing to back up: check DB_NAME or --database"
    )]
    NoDatabase { target: String, database: String },

    #[error("{} already exists; choose another --out path or move the old file away", .0.display())]
    Exists(std::path::PathBuf),

    #[error(
        "the password contains a NUL character, which cannot be passed to the dump tool; \
         change the password or back up with mariadb-dump by hand"
    )]
    UnusablePassword,

    #[error("cannot {action} {}: {source}; check the path and its permissions", .path.display())]
    Io {
        action: &'static str,
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{tool} failed ({status}): {stderr}; fix what it reports and run the backup again (no backup file was written)"
    )]
    DumpFailed { tool: String, status: String, stderr: String },

    #[error(
        "the backup was interrupted by signal {signal}; the dump tool was stopped, and its partial \
         output and the temporary password file were removed: run the backup again"
    )]
    Interrupted { signal: i32 },

    #[error("cannot watch for interrupting signals: {source}; run the backup again")]
    Signals {
        #[source]
        source: std::io::Error,
    },
}

impl BackupError {
    /// The process exit code that reports this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            BackupError::ToolMissing
            | BackupError::NoDatabase { .. }
            | BackupError::Exists(_)
            | BackupError::UnusablePassword => exit::USAGE,
            BackupError::Io { .. } | BackupError::DumpFailed { .. } | BackupError::Signals { .. } => exit::INTERNAL,
            BackupError::Interrupted { signal } => 128 + signal,
        }
    }
}
