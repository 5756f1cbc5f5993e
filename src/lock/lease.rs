//! A runner lock that holds on a Galera cluster: a lease row.
//!
//! `GET_LOCK` is node-local on Galera; a committed row with a primary key is not (the losers
//! of a race get 1062 or, on certification conflict, 1213). [`LeaseLock`] keeps one row per
//! database in `schemagate_lease` (name, holder identity, token, heartbeat, expiry). It is
//! taken by `INSERT`, or by an `UPDATE` of an expired row; a background thread renews it on the
//! lock connection every third of the lease while the run lasts; release deletes the row only
//! if the token is still ours. A runner killed with SIGKILL leaves its row, which another
//! runner takes over once it has expired. Expiry is judged by the server's clock (`NOW(6)`).

use crate::config::Settings;
use crate::error::{server_code, Error, Result};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The lease row of one database, renewed while held.
pub struct LeaseLock {
    conn: Option<Conn>,
    table: String,
    name: String,
    lease: Duration,
    token: String,
    heartbeat: Option<(Sender<()>, JoinHandle<Conn>)>,
    fence: Fence,
}

/// What this runner knows of its lease while it holds it, shared with the heartbeat: whether a
/// renewal found another holder, and when the last successful renewal was sent. The lease
/// counts as held until `lease` after that send, never later than the server's own expiry
/// (the server computed it from a `NOW(6)` read after the send).
#[derive(Clone, Debug)]
pub struct Fence {
    lost: Arc<AtomicBool>,
    /// Milliseconds from `base` to the sending of the last successful renewal.
    renewed: Arc<AtomicU64>,
    base: Instant,
    lease: Duration,
}

impl Fence {
    fn new(lease: Duration) -> Fence {
        Fence { lost: Arc::default(), renewed: Arc::default(), base: Instant::now(), lease }
    }

    /// Records a successful renewal (or taking) sent at `sent`.
    fn renewed_at(&self, sent: Instant) {
        let ms = sent.saturating_duration_since(self.base).as_millis() as u64;
        self.renewed.fetch_max(ms, Ordering::SeqCst);
    }

    /// Whether the lease may still be ours: no renewal found another holder, and the last
    /// successful one was sent less than a lease ago. Checked before work is retried, so a
    /// runner cut off from the cluster for longer than its lease never repeats a statement
    /// that a runner which took over may have run.
    pub fn held(&self) -> bool {
        let renewed = self.base + Duration::from_millis(self.renewed.load(Ordering::SeqCst));
        !self.lost.load(Ordering::SeqCst) && renewed.elapsed() < self.lease
    }
}

/// Server errors after which taking the lease is simply tried again: a duplicate key (someone
/// else holds it), a certification conflict or deadlock, a lock wait timeout, and
/// "WSREP has not yet prepared node for application use".
pub fn retryable(code: Option<u16>) -> bool {
    matches!(code, Some(1062 | 1213 | 1205 | 1047))
}

/// How often releasing is tried when the cluster reports a conflict.
const RELEASE_ATTEMPTS: u64 = 20;

/// How often the lease is renewed: a third of its length.
pub fn renew_every(lease: Duration) -> Duration {
    lease / 3
}

/// `` `database`.`schemagate_lease` ``.
pub fn table_name(database: &str) -> String {
    format!("`{}`.`schemagate_lease`", database.replace('`', "``"))
}

/// Who we are, as stored in the row: `host <host> pid <pid> connection <id>`.
pub fn identity(host: &str, pid: u32, connection_id: u32) -> String {
    format!("host {host} pid {pid} connection {connection_id}")
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

fn micros(d: Duration) -> u64 {
    d.as_micros() as u64
}

impl LeaseLock {
    /// Opens the lock connection and creates the lease table when missing.
    pub fn connect(settings: &Settings, lease: Duration) -> Result<LeaseLock> {
        let mut conn = crate::db::connect_server(settings)?;
        conn.query_drop(format!("SET SESSION wait_timeout = {}", super::NO_IDLE_TIMEOUT))
            .map_err(|e| Error::db("setting wait_timeout of the lock connection", e))?;
        let table = table_name(&settings.database);
        conn.query_drop(format!(
            "CREATE TABLE IF NOT EXISTS {table} (name VARCHAR(64) NOT NULL PRIMARY KEY, \
             holder VARCHAR(255) NOT NULL, token VARCHAR(64) NOT NULL, heartbeat DATETIME(6) NOT NULL, \
             expires DATETIME(6) NOT NULL) ENGINE=InnoDB"
        ))
        .map_err(|e| Error::db(format!("creating the lease table {table}"), e))?;
        let token: Option<String> =
            conn.query_first("SELECT REPLACE(UUID(), '-', '')").map_err(|e| Error::db("making the lease token", e))?;
        let token = format!("{}{:x}", token.unwrap_or_default(), std::process::id());
        let name = super::lock_name(&settings.database);
        Ok(LeaseLock { conn: Some(conn), table, name, lease, token, heartbeat: None, fence: Fence::new(lease) })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the lease was lost while held (renewal found another holder).
    pub fn lost(&self) -> bool {
        self.fence.lost.load(Ordering::SeqCst)
    }

    fn conn(&mut self) -> &mut Conn {
        self.conn.as_mut().expect("the lock connection is with the heartbeat while held")
    }

    /// One attempt: insert the row, or take over an expired one. `Ok(false)`: someone holds it.
    fn try_take(&mut self) -> Result<bool> {
        let sent = Instant::now();
        let taken = self.try_take_once()?;
        if taken {
            self.fence.renewed_at(sent);
        }
        Ok(taken)
    }

    fn try_take_once(&mut self) -> Result<bool> {
        let holder = identity(&hostname(), std::process::id(), self.conn().connection_id());
        let (table, name, token, lease) =
            (self.table.clone(), self.name.clone(), self.token.clone(), micros(self.lease));
        let insert = format!(
            "INSERT INTO {table} (name, holder, token, heartbeat, expires) \
             VALUES (?, ?, ?, NOW(6), NOW(6) + INTERVAL ? MICROSECOND)"
        );
        match self.conn().exec_drop(insert, (&name, &holder, &token, lease)) {
            Ok(()) => return Ok(true),
            Err(e) if retryable(server_code(&e)) => {}
            Err(e) => return Err(Error::db(format!("taking the migration lease `{name}`"), e)),
        }
        let update = format!(
            "UPDATE {table} SET holder = ?, token = ?, heartbeat = NOW(6), \
             expires = NOW(6) + INTERVAL ? MICROSECOND WHERE name = ? AND expires < NOW(6)"
        );
        match self.conn().exec_drop(update, (&holder, &token, lease, &name)) {
            Ok(()) if self.conn().affected_rows() == 1 => {
                log::warn!("took over the expired migration lease `{name}` (its holder stopped renewing it)");
                Ok(true)
            }
            Ok(()) => Ok(false),
            Err(e) if retryable(server_code(&e)) => Ok(false),
            Err(e) => Err(Error::db(format!("taking over the migration lease `{name}`"), e)),
        }
    }

    /// " (held by host h pid 12 connection 7, lease until 2026-12-04 23:59:01.5)", if known.
    fn holder(&mut self) -> String {
        let query = format!("SELECT holder, CAST(expires AS CHAR) FROM {} WHERE name = ?", self.table);
        let name = self.name.clone();
        let row: Option<(String, String)> = self.conn().exec_first(query, (name,)).ok().flatten();
        row.map(|(h, until)| format!(" (held by {h}, lease until {until} server time)")).unwrap_or_default()
    }

    fn start_heartbeat(&mut self) {
        let mut conn = self.conn.take().expect("the lock connection");
        let (stop, stopped) = channel::<()>();
        let every = renew_every(self.lease);
        let query = format!(
            "UPDATE {} SET heartbeat = NOW(6), expires = NOW(6) + INTERVAL ? MICROSECOND \
             WHERE name = ? AND token = ?",
            self.table
        );
        let (name, token, lease, fence) =
            (self.name.clone(), self.token.clone(), micros(self.lease), self.fence.clone());
        let thread = std::thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let sent = Instant::now();
                match conn.exec_drop(&query, (lease, &name, &token)) {
                    Ok(()) if conn.affected_rows() == 0 => {
                        fence.lost.store(true, Ordering::SeqCst);
                        log::error!("lost the migration lease `{name}`: another runner took it over");
                        break;
                    }
                    Ok(()) => fence.renewed_at(sent),
                    Err(e) => log::warn!("renewing the migration lease `{name}`: {e} (retrying)"),
                }
            }
            conn
        });
        self.heartbeat = Some((stop, thread));
    }
}

impl super::RunnerLock for LeaseLock {
    fn fence(&self) -> Option<Fence> {
        Some(self.fence.clone())
    }

    fn acquire(&mut self, timeout: Duration) -> Result<()> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(20);
        loop {
            if self.try_take()? {
                log::debug!("took the migration lease `{}` in {:?}", self.name, started.elapsed());
                self.start_heartbeat();
                return Ok(());
            }
            if started.elapsed() >= timeout {
                let holder = self.holder();
                return Err(Error::LockTimeout { name: self.name.clone(), waited: started.elapsed(), holder });
            }
            let jitter = Duration::from_micros(u64::from(std::process::id() % 50) * 1000);
            std::thread::sleep((pause + jitter).min(timeout.saturating_sub(started.elapsed())));
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    fn release(&mut self) -> Result<()> {
        let Some((stop, thread)) = self.heartbeat.take() else { return Ok(()) };
        drop(stop);
        let conn = thread.join().map_err(|_| Error::Unhealthy(vec!["the lease heartbeat thread panicked".into()]))?;
        self.conn = Some(conn);
        let query = format!("DELETE FROM {} WHERE name = ? AND token = ?", self.table);
        let (name, token) = (self.name.clone(), self.token.clone());
        // A certification conflict with a racing taker (1213) only means: try again.
        let mut attempt = 0;
        loop {
            match self.conn().exec_drop(&query, (&name, &token)) {
                Err(e) if retryable(server_code(&e)) && attempt < RELEASE_ATTEMPTS => attempt += 1,
                Err(e) => return Err(Error::db(format!("releasing the migration lease `{name}`"), e)),
                Ok(()) => break,
            }
            std::thread::sleep(Duration::from_millis(10 * attempt));
        }
        if self.lost() {
            return Err(Error::Unhealthy(vec![format!(
                "the migration lease `{name}` expired while this run held it and another runner took it \
                 over; run `migrate verify`, and raise SCHEMAGATE_LEASE above the longest pause of this host"
            )]));
        }
        Ok(())
    }
}

impl Drop for LeaseLock {
    fn drop(&mut self) {
        if let Err(e) = super::RunnerLock::release(self) {
            log::warn!("{e} (the lease expires by itself)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn races_and_cluster_errors_are_retried_others_are_not() {
        for code in [1062, 1213, 1205, 1047] {
            assert!(retryable(Some(code)), "{code}");
        }
        assert!(!retryable(Some(1146)));
        assert!(!retryable(None));
    }

    #[test]
    fn a_fence_holds_for_a_lease_after_the_last_renewal_unless_lost() {
        let fence = Fence::new(Duration::from_millis(200));
        fence.renewed_at(Instant::now());
        assert!(fence.held());
        std::thread::sleep(Duration::from_millis(250));
        assert!(!fence.held(), "expired a lease after the last renewal");
        fence.renewed_at(Instant::now());
        assert!(fence.held());
        fence.lost.store(true, Ordering::SeqCst);
        assert!(!fence.held(), "a renewal found another holder");
    }

    #[test]
    fn renewed_three_times_per_lease() {
        assert_eq!(renew_every(Duration::from_secs(30)), Duration::from_secs(10));
    }

    #[test]
    fn table_and_identity() {
        assert_eq!(table_name("a`b"), "`a``b`.`schemagate_lease`");
        assert_eq!(identity("h", 12, 7), "host h pid 12 connection 7");
    }
}
