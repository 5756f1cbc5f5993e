//! A snapshot of what the database holds, read the same way by every command: its tables,
//! the recorded history and journal, and the plan against a migration set.
//!
//! Reading costs two queries (the table list; history and journal in one round trip) and
//! writes nothing, so `status`, `verify` and a no-op `up` are cheap and side-effect free.

use crate::error::Result;
use crate::history::{self, Recorded};
use crate::migration::MigrationSet;
use crate::plan::{self, Plan, PlanOptions};
use mysql::Conn;
use std::collections::BTreeSet;

/// A required table and whether it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    pub name: String,
    pub present: bool,
}

/// The database as read at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub tables: BTreeSet<String>,
    pub recorded: Recorded,
    pub plan: Plan,
}

impl Snapshot {
    /// Each required table of `set` and whether it exists.
    pub fn required_tables(&self, set: &MigrationSet) -> Vec<TableCheck> {
        set.required_tables.iter().map(|t| TableCheck { name: t.clone(), present: self.tables.contains(t) }).collect()
    }

    /// Migrations still to run (pending now or beyond the target).
    pub fn pending(&self) -> usize {
        self.plan.pending.len() + self.plan.deferred.len()
    }
}

/// Reads tables, history and journal of the connection's database and plans `set` against
/// them.
///
/// The history is read before the tables: a concurrent runner can only add tables and
/// history rows, so every table the history read promises is already in the table list.
pub fn read(conn: &mut Conn, set: &MigrationSet, options: PlanOptions) -> Result<Snapshot> {
    let recorded = history::read(conn)?;
    let tables: BTreeSet<String> = crate::db::tables(conn)?.into_iter().collect();
    let plan = plan::plan(&set.migrations, &recorded.applied, &recorded.journal, options);
    Ok(Snapshot { tables, recorded, plan })
}
