//! One runner per database at a time.
//!
//! [`RunnerLock`] is the replaceable piece; [`ServerLock`] implements it with `GET_LOCK` on a
//! dedicated connection (so resetting the work connection between migrations cannot drop it).
//! The lock name is derived from the database name and fits MySQL's 64-character limit. The
//! wait is bounded; on timeout the error names the holder's connection id, user and host
//! ([`holder`], which `migrate status` uses too). The lock is released explicitly and, on
//! every other exit path, when the connection is dropped.
//!
//! `GET_LOCK` is node-local on Galera (`wsrep_on=ON`): [`runner_lock`] therefore takes a
//! [`LeaseLock`] (a lease row, `lease.rs`) there, and wherever `SCHEMAGATE_LOCK=lease` asks for
//! it; a `GET_LOCK` forced onto a Galera node logs a warning naming the risk.

mod lease;
pub use lease::{Fence, LeaseLock};

use crate::config::{LockMode, Settings};
use crate::error::{Error, Result};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::{Duration, Instant};

/// A lock that serialises runners of one database.
pub trait RunnerLock {
    /// Waits at most `timeout` for the lock.
    fn acquire(&mut self, timeout: Duration) -> Result<()>;
    /// Gives the lock back (also done on drop).
    fn release(&mut self) -> Result<()>;
    /// For a lock that can be lost while held (a lease), what tells whether it still is.
    /// `GET_LOCK` cannot be lost without its connection, which the server then ends.
    fn fence(&self) -> Option<Fence> {
        None
    }
}

/// The runner lock `settings` ask for: a lease when `lock_mode` says so or, in auto mode, when
/// the server is a Galera node; `GET_LOCK` otherwise.
pub fn runner_lock(settings: &Settings) -> Result<Box<dyn RunnerLock>> {
    let lease = match settings.lock_mode {
        LockMode::Lease => true,
        LockMode::GetLock => false,
        LockMode::Auto => {
            let mut lock = ServerLock::connect(settings)?;
            if !lock.is_galera() {
                return Ok(Box::new(lock));
            }
            true
        }
    };
    if lease {
        Ok(Box::new(LeaseLock::connect(settings, settings.lease)?))
    } else {
        Ok(Box::new(ServerLock::connect(settings)?))
    }
}

/// `GET_LOCK` on its own connection.
pub struct ServerLock {
    conn: Conn,
    name: String,
    held: bool,
}

/// The session holding a lock: its connection id and, when the process list shows it, the
/// user and client host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub connection_id: u64,
    pub user: Option<String>,
    pub host: Option<String>,
}

impl std::fmt::Display for Holder {
    /// `connection 12, root@127.0.0.1:5123`, or `connection 12` when the process list does
    /// not show it (another user's session without the PROCESS privilege).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "connection {}", self.connection_id)?;
        if self.user.is_some() || self.host.is_some() {
            write!(f, ", {}@{}", self.user.as_deref().unwrap_or_default(), self.host.as_deref().unwrap_or_default())?;
        }
        Ok(())
    }
}

/// Who holds the lock `name` now, if anyone. Read-only (`IS_USED_LOCK` and the process
/// list); a query that fails counts as "nobody known", since this only ever informs.
pub fn holder(conn: &mut Conn, name: &str) -> Option<Holder> {
    let id: Option<u64> = conn.exec_first("SELECT IS_USED_LOCK(?)", (name,)).ok().flatten().flatten();
    let connection_id = id?;
    let who: Option<(Option<String>, Option<String>)> = conn
        .exec_first(
            "SELECT CAST(user AS CHAR), CAST(host AS CHAR) FROM information_schema.processlist WHERE id = ?",
            (connection_id,),
        )
        .ok()
        .flatten();
    let (user, host) = who.unwrap_or_default();
    Some(Holder { connection_id, user, host })
}

/// The lock name for `database`: `schemagate:<database>`, hashed when that would exceed 64.
pub fn lock_name(database: &str) -> String {
    named("schemagate", database)
}

/// The work lock's name for `database`: `sgwork:<database>`, hashed like [`lock_name`].
pub fn work_lock_name(database: &str) -> String {
    named("sgwork", database)
}

fn named(prefix: &str, database: &str) -> String {
    let name = format!("{prefix}:{database}");
    if name.len() <= 64 {
        return name;
    }
    let digest = crate::scan::checksum(database, 0, "");
    format!("{prefix}:{}:{digest:016x}", &database[..database.len().min(34)])
}

/// `wait_timeout` for schemagate's sessions: a year (the server's maximum), so that a lock or
/// work connection idle while another statement runs is never closed by the server.
pub const NO_IDLE_TIMEOUT: u64 = 31_536_000;

/// Sets `conn`'s `wait_timeout` to [`NO_IDLE_TIMEOUT`] (`what` names the connection in an
/// error). The work connection needs it before the runner waits for the lock: it sits idle
/// meanwhile, and a server with a short `wait_timeout` would close it under the waiting run.
pub fn never_idle_out(conn: &mut Conn, what: &str) -> Result<()> {
    conn.query_drop(format!("SET SESSION wait_timeout = {NO_IDLE_TIMEOUT}"))
        .map_err(|e| Error::db(format!("setting wait_timeout of {what}"), e))
}

/// Takes the work lock `name` on the work connection, waiting at most `wait`.
///
/// The runner lock lives on its own connection, which dies with the process; the statement a
/// killed runner sent goes on running in the server until it ends. The work lock is held by
/// the session that runs statements, so it lasts exactly as long as that work: a new runner
/// that got the runner lock waits here until a dead run's session has finished.
pub fn take_work_lock(conn: &mut Conn, name: &str, wait: Duration) -> Result<()> {
    let started = Instant::now();
    let seconds = wait.as_secs_f64().ceil() as u64;
    let got: Option<Option<i64>> = conn
        .exec_first("SELECT GET_LOCK(?, ?)", (name, seconds))
        .map_err(|e| Error::db(format!("taking the work lock `{name}`"), e))?;
    if got.flatten() == Some(1) {
        return Ok(());
    }
    let holder = holder(conn, name)
        .map(|h| {
            format!(" (an earlier run's session, {h}, is still running a statement; it ends when that statement does)")
        })
        .unwrap_or_default();
    Err(Error::LockTimeout { name: name.to_string(), waited: started.elapsed(), holder })
}

impl ServerLock {
    /// Opens the dedicated connection (bounded by the connect timeout).
    pub fn connect(settings: &Settings) -> Result<ServerLock> {
        let mut conn = crate::db::connect_server(settings)?;
        // Idle while the work runs: never closed by the server's wait_timeout.
        never_idle_out(&mut conn, "the lock connection")?;
        Ok(ServerLock { conn, name: lock_name(&settings.database), held: false })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Who holds the lock now, as " (held by connection 12, root@127.0.0.1:5123)", if anyone.
    fn holder(&mut self) -> String {
        holder(&mut self.conn, &self.name).map(|h| format!(" (held by {h})")).unwrap_or_default()
    }

    fn wsrep_on(&mut self) -> Option<String> {
        let wsrep: Option<(String, String)> = self.conn.query_first("SHOW VARIABLES LIKE 'wsrep_on'").ok().flatten();
        wsrep.map(|(_, v)| v)
    }

    /// Whether the server is a Galera node (`wsrep_on=ON`).
    pub fn is_galera(&mut self) -> bool {
        galera_warning(self.wsrep_on().as_deref()).is_some()
    }

    fn warn_if_galera(&mut self) {
        if let Some(warning) = galera_warning(self.wsrep_on().as_deref()) {
            log::warn!("{warning}");
        }
    }
}

/// The warning for a server whose `wsrep_on` is `value` (absent on MySQL and non-Galera
/// MariaDB builds): `GET_LOCK` is node-local on a Galera node.
pub fn galera_warning(value: Option<&str>) -> Option<&'static str> {
    value.filter(|v| v.eq_ignore_ascii_case("ON")).map(|_| {
        "this server is a Galera cluster node (wsrep_on=ON): GET_LOCK only locks this node, so \
         runners started against other nodes at the same time can apply the same migrations \
         twice; use the lease lock (SCHEMAGATE_LOCK=lease, the default there) or start \
         migrations against one node only"
    })
}

impl RunnerLock for ServerLock {
    fn acquire(&mut self, timeout: Duration) -> Result<()> {
        self.warn_if_galera();
        let started = Instant::now();
        let seconds = timeout.as_secs_f64().ceil() as u64;
        let got: Option<Option<i64>> = self
            .conn
            .exec_first("SELECT GET_LOCK(?, ?)", (&self.name, seconds))
            .map_err(|e| Error::db(format!("taking the migration lock `{}`", self.name), e))?;
        match got.flatten() {
            Some(1) => {
                self.held = true;
                log::debug!("took the migration lock `{}` in {:?}", self.name, started.elapsed());
                Ok(())
            }
            _ => Err(Error::LockTimeout { name: self.name.clone(), waited: started.elapsed(), holder: self.holder() }),
        }
    }

    fn release(&mut self) -> Result<()> {
        if self.held {
            self.held = false;
            self.conn
                .exec_drop("DO RELEASE_LOCK(?)", (&self.name,))
                .map_err(|e| Error::db(format!("releasing the migration lock `{}`", self.name), e))?;
        }
        Ok(())
    }
}

impl Drop for ServerLock {
    fn drop(&mut self) {
        if let Err(e) = self.release() {
            log::warn!("{e} (the server releases it when the connection closes)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{galera_warning, lock_name};

    #[test]
    fn galera_nodes_get_a_warning_naming_the_risk() {
        assert!(galera_warning(Some("ON")).is_some_and(|w| w.contains("apply the same migrations twice")));
        assert!(galera_warning(Some("on")).is_some());
        assert_eq!(galera_warning(Some("OFF")), None);
        assert_eq!(galera_warning(None), None);
    }

    #[test]
    fn names_fit_in_64_characters() {
        assert_eq!(lock_name("aideveloper"), "schemagate:aideveloper");
        let long = "d".repeat(64);
        let name = lock_name(&long);
        assert!(name.len() <= 64, "{name}");
        assert_ne!(lock_name(&"e".repeat(64)), name);
    }
}
