//! Galera nodes: migrate only on a node that is ready, synced, and applies DDL cluster-wide.
//!
//! On a Galera node (`wsrep_on=ON`) [`check`] refuses, with the reason, a node that is not
//! ready (`wsrep_ready`), not `Synced` (a joiner, donor or desynced node plans from a partial
//! view), or set to `wsrep_OSU_method=RSU` (its DDL would change this node only). It then sets
//! `wsrep_sync_wait=1` on the work session, so the reads that decide what to apply wait until
//! this node has applied everything the cluster committed before them.

use crate::error::{Error, Result};
use mysql::prelude::Queryable;
use mysql::Conn;

/// Why a Galera node with these values must not run migrations, if it must not.
pub fn refusal(ready: &str, state: &str, osu_method: &str) -> Option<String> {
    if !ready.eq_ignore_ascii_case("ON") {
        Some(format!(
            "this Galera node is not ready (wsrep_ready={ready}); point schemagate at a node of the primary component"
        ))
    } else if !state.eq_ignore_ascii_case("Synced") {
        Some(format!(
            "this Galera node is {state}, not Synced; wait until it has joined (wsrep_local_state_comment=Synced) or use another node"
        ))
    } else if !osu_method.eq_ignore_ascii_case("TOI") {
        Some(format!(
            "wsrep_OSU_method={osu_method} on this Galera node would apply DDL to this node only; \
             set it to TOI (SET GLOBAL wsrep_OSU_method='TOI') before migrating"
        ))
    } else {
        None
    }
}

fn status(conn: &mut Conn, name: &str) -> String {
    let row: Option<(String, String)> =
        conn.exec_first("SHOW GLOBAL STATUS WHERE Variable_name = ?", (name,)).ok().flatten();
    row.map(|(_, v)| v).unwrap_or_default()
}

/// Refuses a Galera node that must not migrate; on a good one, sets `wsrep_sync_wait`.
/// Returns whether the server is a Galera node. Servers without wsrep pass unchanged.
pub fn check(conn: &mut Conn) -> Result<bool> {
    let on: Option<String> = conn.query_first("SELECT CAST(@@global.wsrep_on AS CHAR)").unwrap_or(None);
    if !matches!(on.as_deref(), Some("1" | "ON")) {
        return Ok(false);
    }
    let osu: Option<String> = conn.query_first("SELECT @@session.wsrep_OSU_method").unwrap_or(None);
    let (ready, state) = (status(conn, "wsrep_ready"), status(conn, "wsrep_local_state_comment"));
    if let Some(reason) = refusal(&ready, &state, osu.as_deref().unwrap_or_default()) {
        return Err(Error::Unhealthy(vec![reason]));
    }
    conn.query_drop("SET SESSION wsrep_sync_wait = 1")
        .map_err(|e| Error::db("setting wsrep_sync_wait for the reads that plan", e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn only_a_ready_synced_toi_node_migrates() {
        assert_eq!(refusal("ON", "Synced", "TOI"), None);
        assert!(refusal("OFF", "Synced", "TOI").unwrap().contains("not ready"));
        assert!(refusal("ON", "Donor/Desynced", "TOI").unwrap().contains("not Synced"));
        assert!(refusal("ON", "Synced", "RSU").unwrap().contains("set it to TOI"));
    }
}
