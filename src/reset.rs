//! `migrate reset`'s work as library calls: read what a database holds before it is destroyed,
//! and drop it under the runner lock, so no runner is migrating it meanwhile. The caller (the
//! command line) decides whether to go ahead (loopback host or `--allow-remote`, `--yes`) and
//! then runs the gate, which creates and migrates the database afresh.

use crate::config::Settings;
use crate::db::{self, DatabaseSummary};
use crate::error::Result;
use crate::lock::{RunnerLock, ServerLock};

/// What database `settings.database` holds; `None` when it does not exist. Changes nothing.
pub fn preview(settings: &Settings) -> Result<Option<DatabaseSummary>> {
    let mut conn = db::connect_server(settings)?;
    db::summary(&mut conn, &settings.database)
}

/// Drops the database while holding the runner lock (waiting at most `lock_timeout` for it).
/// `GET_LOCK` even on Galera: a lease lives in the database this drops (and may not exist).
pub fn drop_locked(settings: &Settings) -> Result<()> {
    let mut lock = ServerLock::connect(settings)?;
    lock.acquire(settings.lock_timeout)?;
    let mut conn = db::connect_server(settings)?;
    db::drop_database(&mut conn, &settings.database)?;
    lock.release()
}
