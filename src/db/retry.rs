//! Bounded retry of work the server turned away without doing it.
//!
//! Two server errors mean that what was sent did not take effect, so it may be sent again:
//! - 1047 "WSREP has not yet prepared node for application use": this Galera node is out of
//!   the cluster's primary component (a network partition, a node rejoining). The server
//!   refuses the statement before running it. Retried every half second while it lasts, for at
//!   most [`NOT_READY_FOR`].
//!   A commit on such a node fails with 1180 "Error while appending streaming replication
//!   fragment (provider status: Not connected to Primary Component)": rolled back, the same.
//! - 1213 "Deadlock found": InnoDB chose this transaction as a deadlock victim or, on Galera,
//!   it lost a certification conflict with a write on another node; either way the whole
//!   transaction was rolled back. Retried at most [`CONFLICTS`] times, with growing pauses.
//!
//! The caller decides where a retry is safe: only where the retried unit is the whole
//! transaction the server rolled back (a statement run alone, a data statement with its
//! journal row, a write of journal rows), never a statement inside a file's own transaction,
//! whose earlier statements went with the rollback. Before a statement is sent again, the
//! runner lock's fence must still hold ([`crate::lock::Fence`]): a runner cut off from the
//! cluster for longer than its lease stops, since a runner that took over may have run that
//! statement meanwhile.

use crate::error::server_code;
use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::{Duration, Instant};

/// ER_UNKNOWN_COM_ERROR, which Galera sends as "WSREP has not yet prepared node for
/// application use".
pub const NOT_READY: u16 = 1047;
/// ER_LOCK_DEADLOCK: a deadlock victim or a certification conflict.
pub const DEADLOCK: u16 = 1213;
/// ER_ERROR_DURING_COMMIT: transient only when Galera says the node left the primary
/// component.
pub const COMMIT_FAILED: u16 = 1180;

/// How long a node out of the primary component is waited for.
pub const NOT_READY_FOR: Duration = Duration::from_secs(60);
/// How often a transaction rolled back by a conflict is tried again.
pub const CONFLICTS: u32 = 5;

/// A server error after which the same work may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// 1047: the Galera node is not in the primary component.
    NotReady,
    /// 1213: the transaction was rolled back by a deadlock or certification conflict.
    Conflict,
}

/// The kind of transient error `e` is, if it is one.
pub fn transient(e: &mysql::Error) -> Option<Transient> {
    let message = match e {
        mysql::Error::MySqlError(e) => &e.message,
        _ => return None,
    };
    kind(server_code(e), message)
}

fn kind(code: Option<u16>, message: &str) -> Option<Transient> {
    match code {
        Some(NOT_READY) => Some(Transient::NotReady),
        Some(COMMIT_FAILED) if message.contains("Primary Component") => Some(Transient::NotReady),
        Some(DEADLOCK) => Some(Transient::Conflict),
        _ => None,
    }
}

/// The pause before the next attempt, or None to give up: `waited` is how long the node has
/// been not ready so far, `conflicts` how many conflicts came before this one.
pub fn pause(kind: Transient, waited: Duration, conflicts: u32) -> Option<Duration> {
    match kind {
        Transient::NotReady => (waited < NOT_READY_FOR).then_some(Duration::from_millis(500)),
        Transient::Conflict => (conflicts < CONFLICTS).then(|| Duration::from_millis(50 << conflicts)),
    }
}

/// The retry state of one unit of work.
#[derive(Debug, Default)]
pub struct Retry {
    not_ready_since: Option<Instant>,
    conflicts: u32,
}

impl Retry {
    pub fn new() -> Retry {
        Retry::default()
    }

    /// Whether `what` may be sent again after `e`; waits the pause first. `held` says whether
    /// the runner still holds its lock (checked after the pause); false gives up.
    pub fn again(&mut self, e: &mysql::Error, what: &str, held: impl Fn() -> bool) -> bool {
        let Some(kind) = transient(e) else { return false };
        let since = *self.not_ready_since.get_or_insert_with(Instant::now);
        let waited = if kind == Transient::NotReady { since.elapsed() } else { Duration::ZERO };
        let Some(pause) = pause(kind, waited, self.conflicts) else {
            log::error!("{what}: {} (gave up after {:.1?})", crate::db::plain(e), since.elapsed());
            return false;
        };
        if kind == Transient::Conflict {
            self.conflicts += 1;
        }
        log::warn!("{what}: {}; trying again in {pause:.1?}", crate::db::plain(e));
        std::thread::sleep(pause);
        if !held() {
            log::error!("{what}: not tried again: this runner's migration lease may have expired meanwhile");
            return false;
        }
        true
    }
}

/// Runs `work` (a whole transaction, or one statement that commits by itself) until it
/// succeeds, fails with an error that is not transient, or the retry gives up. Before each new
/// attempt a `ROLLBACK` must succeed, so that a transaction the failure left open is never
/// committed by the next attempt's first statement.
pub fn retrying<T>(
    conn: &mut Conn,
    what: &str,
    held: impl Fn() -> bool,
    mut work: impl FnMut(&mut Conn) -> mysql::Result<T>,
) -> mysql::Result<T> {
    let mut retry = Retry::new();
    let mut clean = true;
    loop {
        let attempt = if clean { work(conn) } else { conn.query_drop("ROLLBACK").and_then(|()| work(conn)) };
        match attempt {
            Ok(value) => return Ok(value),
            Err(e) if retry.again(&e, what, &held) => clean = false,
            Err(e) => {
                let _ = conn.query_drop("ROLLBACK");
                return Err(e);
            }
        }
    }
}

/// Runs a read of schemagate's own (`work` returns our errors), sending it again after a
/// transient error: a read changes nothing, and on Galera a replicated DDL statement aborts
/// reads in its way with 1213.
pub fn reading<T>(
    conn: &mut Conn,
    mut work: impl FnMut(&mut Conn) -> crate::error::Result<T>,
) -> crate::error::Result<T> {
    let mut retry = Retry::new();
    loop {
        match work(conn) {
            Err(crate::error::Error::Database { context, source }) if retry.again(&source, &context, || true) => {}
            result => return result,
        }
    }
}

/// Rolls back what a transient failure left open, retrying the `ROLLBACK` itself while the
/// node is not ready; false when that gives up.
pub fn roll_back(conn: &mut Conn, retry: &mut Retry, what: &str, held: impl Fn() -> bool) -> bool {
    loop {
        match conn.query_drop("ROLLBACK") {
            Ok(()) => return true,
            Err(e) if retry.again(&e, what, &held) => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_not_ready_and_deadlock_are_transient() {
        assert_eq!(kind(Some(1047), ""), Some(Transient::NotReady));
        assert_eq!(kind(Some(1213), ""), Some(Transient::Conflict));
        let cut_off =
            "Error while appending streaming replication fragment(provider status: Not connected to Primary Component)";
        assert_eq!(kind(Some(1180), cut_off), Some(Transient::NotReady));
        assert_eq!(kind(Some(1180), "Got error 28 during COMMIT"), None);
        for other in [1205, 1062, 1146, 2013] {
            assert_eq!(kind(Some(other), ""), None, "{other}");
        }
        assert_eq!(kind(None, ""), None);
    }

    #[test]
    fn a_node_not_ready_is_waited_for_a_bounded_time() {
        assert_eq!(pause(Transient::NotReady, Duration::ZERO, 0), Some(Duration::from_millis(500)));
        assert!(pause(Transient::NotReady, NOT_READY_FOR - Duration::from_millis(1), 0).is_some());
        assert_eq!(pause(Transient::NotReady, NOT_READY_FOR, 0), None);
    }

    #[test]
    fn conflicts_are_retried_a_few_times_with_growing_pauses() {
        let pauses: Vec<_> = (0..=CONFLICTS).map(|n| pause(Transient::Conflict, Duration::ZERO, n)).collect();
        assert_eq!(pauses[0], Some(Duration::from_millis(50)));
        assert_eq!(pauses[1], Some(Duration::from_millis(100)));
        assert_eq!(pauses[CONFLICTS as usize], None);
        assert!(pauses.windows(2).all(|w| w[1].is_none() || w[0] < w[1]));
    }

    #[test]
    fn other_errors_are_never_retried() {
        let e = mysql::Error::DriverError(mysql::DriverError::ConnectTimeout);
        assert!(!Retry::new().again(&e, "test", || true));
    }
}
