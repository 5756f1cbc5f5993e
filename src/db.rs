//! Connecting: bounded retry with backoff while the server starts, a clear error when it never
//! answers or refuses the login, and creating the target database when it is missing.
//!
//! Connections are built from validated [`Settings`], never from a URL string, so no driver
//! error can echo a password. The driver's extra start-up queries (`@@socket`,
//! `@@max_allowed_packet`) are switched off: a no-op start costs the handshake and the
//! queries schemagate itself sends.

use crate::config::{quote_ident, Settings, SslMode};
use crate::error::{server_code, Error, Result};
pub use failure::{plain, Failure};
use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder};
use std::time::{Duration, Instant};

pub mod failure;
pub mod galera;
pub mod preflight;
pub mod retry;
pub mod tls;
pub use preflight::preflight;

/// ER_BAD_DB_ERROR: the database does not exist (yet).
const UNKNOWN_DATABASE: u16 = 1049;

/// Whether [`open`] found the database or created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseState {
    Existed,
    Created,
    /// Not there, and not created (a read-only command).
    Missing,
}

/// Driver options for `settings`, with or without selecting the database; without TLS, which
/// [`tls::attempt`] adds.
pub fn options(settings: &Settings, with_database: bool) -> OptsBuilder {
    OptsBuilder::new()
        .ip_or_hostname(Some(settings.host.clone()))
        .tcp_port(settings.port)
        .socket(settings.socket.as_ref().map(|p| p.to_string_lossy().into_owned()))
        .user(Some(settings.user.clone()))
        .pass(settings.password.as_ref().map(|p| p.expose().to_string()))
        .db_name(with_database.then(|| settings.database.clone()))
        .prefer_socket(false)
        .max_allowed_packet(Some(64 * 1024 * 1024))
        .tcp_connect_timeout(Some(Duration::from_secs(5)))
}

/// Connects to the server (without selecting a database), retrying with backoff until
/// `settings.connect_timeout` has passed.
pub fn connect_server(settings: &Settings) -> Result<Conn> {
    connect(settings, false)
}

/// Connects to the target database, creating it first when it is missing.
pub fn open(settings: &Settings) -> Result<(Conn, DatabaseState)> {
    match connect(settings, true) {
        Ok(conn) => Ok((conn, DatabaseState::Existed)),
        Err(Error::Database { source, .. }) if server_code(&source) == Some(UNKNOWN_DATABASE) => {
            let mut conn = connect(settings, false)?;
            // A replica must not get even the database: refused before it is created.
            preflight::refuse_read_only(&mut conn, settings)?;
            // Bounded, like every DDL of ours: a global read lock must not hold us forever.
            let seconds = settings.ddl_lock_wait_timeout.as_secs().max(1);
            conn.query_drop(format!("SET SESSION lock_wait_timeout = {seconds}"))
                .map_err(|e| Error::db("setting lock_wait_timeout", e))?;
            create_database(&mut conn, &settings.database, settings.collation.as_deref())?;
            conn.select_db(&settings.database)
                .map_err(|e| Error::db(format!("selecting database `{}`", settings.database), e))?;
            Ok((conn, DatabaseState::Created))
        }
        Err(e) => Err(e),
    }
}

/// Connects to the target database if it exists; `None` when it does not. Creates nothing.
pub fn open_existing(settings: &Settings) -> Result<Option<Conn>> {
    match connect(settings, true) {
        Ok(conn) => Ok(Some(conn)),
        Err(Error::Database { source, .. }) if server_code(&source) == Some(UNKNOWN_DATABASE) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `CREATE DATABASE IF NOT EXISTS` with utf8mb4 (the name was validated by `config`).
pub fn create_database(conn: &mut Conn, name: &str, collation: Option<&str>) -> Result<()> {
    let sql = format!("CREATE DATABASE IF NOT EXISTS {}{}", quote_ident(name), charset(collation));
    conn.query_drop(sql).map_err(|e| Error::db(format!("creating database `{name}`"), e))
}

/// ` CHARACTER SET utf8mb4`, with ` COLLATE <collation>` when one is set (validated by
/// `config`); without, the server's default collation for utf8mb4.
fn charset(collation: Option<&str>) -> String {
    match collation {
        Some(collation) => format!(" CHARACTER SET utf8mb4 COLLATE {collation}"),
        None => " CHARACTER SET utf8mb4".to_string(),
    }
}

fn connect(settings: &Settings, with_database: bool) -> Result<Conn> {
    let started = Instant::now();
    let deadline = started + settings.connect_timeout;
    let mut delay = Duration::from_millis(100);
    loop {
        let error = match failure::unpanicked(|| tls::attempt(settings, options(settings, with_database))) {
            Ok(Ok(conn)) => return Ok(conn),
            Ok(Err(e)) => e,
            Err(panic) => {
                let (cause, fix) = failure::panic_login(&panic);
                return Err(Error::LoginRefused {
                    target: settings.redacted_url(),
                    user: settings.user.clone(),
                    cause,
                    fix,
                });
            }
        };
        let reason = match failure::classify(&error, &settings.user, settings.tls.mode == SslMode::Disabled) {
            Failure::Login { cause, fix } => {
                return Err(Error::LoginRefused {
                    target: settings.redacted_url(),
                    user: settings.user.clone(),
                    cause,
                    fix,
                })
            }
            Failure::Tls { problem, fix } => return Err(Error::Tls { target: settings.redacted_url(), problem, fix }),
            Failure::Server(_) | Failure::Fatal(_) => {
                return Err(Error::db(format!("connecting to {}", settings.redacted_url()), error))
            }
            Failure::Retry(reason) => reason,
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Unreachable { target: settings.redacted_url(), waited: now - started, reason });
        }
        log::debug!("server at {} not available yet ({reason}); retrying", settings.redacted_url());
        std::thread::sleep(delay.min(deadline - now));
        delay = (delay * 2).min(Duration::from_secs(2));
    }
}

/// Names of the base tables and views in the connection's current database.
pub fn tables(conn: &mut Conn) -> Result<Vec<String>> {
    conn.query(
        "SELECT CAST(table_name AS CHAR) FROM information_schema.tables \
         WHERE table_schema = DATABASE()",
    )
    .map_err(|e| Error::db("listing tables", e))
}

/// Connects without changing anything: to the target database when it exists (`true`), else
/// to the server alone (`false`). For read-only commands, to which a missing database is a
/// state to report, not something to create.
pub fn open_read_only(settings: &Settings) -> Result<(Conn, bool)> {
    match open_existing(settings)? {
        Some(conn) => Ok((conn, true)),
        None => Ok((connect_server(settings)?, false)),
    }
}

/// Connects to the target database, which must exist: `purpose` says what there would be
/// nothing to do ("roll back", "adopt").
pub fn require_existing(settings: &Settings, purpose: &str) -> Result<Conn> {
    open_existing(settings)?.ok_or_else(|| {
        Error::Invalid(format!(
            "database `{}` does not exist on {}: there is nothing to {purpose}; check DATABASE_URL \
             / DB_NAME, or create and migrate it with `migrate up`",
            settings.database,
            settings.redacted_url()
        ))
    })
}
/// ER_DB_CREATE_EXISTS: `CREATE DATABASE` of a name that is taken.
const DATABASE_EXISTS: u16 = 1007;

/// What a database holds, shown before a destructive command touches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatabaseSummary {
    /// Base tables and views.
    pub tables: u64,
    /// Rows of the history table; `None` when there is no history table.
    pub history_rows: Option<u64>,
}

/// Counts the tables and history rows of database `name`; `None` when it does not exist.
pub fn summary(conn: &mut Conn, name: &str) -> Result<Option<DatabaseSummary>> {
    let context = || format!("reading what database `{name}` holds");
    let exists: Option<u64> = conn
        .exec_first("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", (name,))
        .map_err(|e| Error::db(context(), e))?;
    if exists.unwrap_or(0) == 0 {
        return Ok(None);
    }
    let tables: Option<u64> = conn
        .exec_first("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?", (name,))
        .map_err(|e| Error::db(context(), e))?;
    let history: Option<u64> = conn
        .exec_first(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            (name, crate::history::HISTORY_TABLE),
        )
        .map_err(|e| Error::db(context(), e))?;
    let history_rows = if history.unwrap_or(0) > 0 {
        crate::config::validate_database_name(name)?;
        let sql = format!("SELECT COUNT(*) FROM {}.{}", quote_ident(name), quote_ident(crate::history::HISTORY_TABLE));
        let rows: Option<u64> = conn.query_first(sql).map_err(|e| Error::db(context(), e))?;
        Some(rows.unwrap_or(0))
    } else {
        None
    };
    Ok(Some(DatabaseSummary { tables: tables.unwrap_or(0), history_rows }))
}

/// `DROP DATABASE IF EXISTS` of a name that passes [`validate_database_name`](crate::config::validate_database_name).
pub fn drop_database(conn: &mut Conn, name: &str) -> Result<()> {
    crate::config::validate_database_name(name)?;
    conn.query_drop(format!("DROP DATABASE IF EXISTS {}", quote_ident(name)))
        .map_err(|e| Error::db(format!("dropping database `{name}`"), e))
}

/// `CREATE DATABASE` (utf8mb4) of a name that must not exist yet: `Ok(false)` when it does,
/// so a caller never takes over, and later drops, a database it did not create.
pub fn create_new_database(conn: &mut Conn, name: &str, collation: Option<&str>) -> Result<bool> {
    crate::config::validate_database_name(name)?;
    let sql = format!("CREATE DATABASE {}{}", quote_ident(name), charset(collation));
    match conn.query_drop(sql) {
        Ok(()) => Ok(true),
        Err(e) if server_code(&e) == Some(DATABASE_EXISTS) => Ok(false),
        Err(e) => Err(Error::db(format!("creating database `{name}`"), e)),
    }
}
