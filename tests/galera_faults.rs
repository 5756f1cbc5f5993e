//! A Galera node that must not migrate, or stops being able to mid-run, on a real cluster of
//! its own (`galera_fault_cluster`): a node in RSU or desynced is refused before anything
//! runs; a node cut off from the primary component and back again is waited for and the run
//! completes, each statement once; a node killed mid-run fails the run with a clear message
//! and another node's runner completes it after the lease expires, each statement once.

use crate::common::*;
use crate::galera::{applied_counts, applied_counts_or_empty, migrations, node_conn, start};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::process::Output;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tests change the nodes' state: one at a time.
static NODES: Mutex<()> = Mutex::new(());

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn fresh_db(node: &str, tag: &str) -> String {
    let db = format!("sg_gfault_{tag}_{}", std::process::id());
    node_conn(node).query_drop(format!("DROP DATABASE IF EXISTS `{db}`")).unwrap();
    node_conn(node).query_drop(format!("CREATE DATABASE `{db}`")).unwrap();
    db
}

/// Waits until the first migration's row is there: the runner then holds the lease and
/// sleeps in the next migration.
fn wait_first_applied(node: &str, db: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while applied_counts_or_empty(node, db).is_empty() {
        assert!(Instant::now() < deadline, "the runner applied nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until every node is back in one primary component of three, ready: a node that
/// rejoins makes the others briefly refuse statements too.
fn settle(nodes: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(90);
    let ready = |node: &String| {
        Conn::new(mysql::Opts::from_url(node).unwrap())
            .and_then(|mut c| c.query_first::<(String, String), _>("SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'"))
            .is_ok_and(|row| row.is_some_and(|(_, size)| size == "3"))
            && status_or_empty(node, "wsrep_ready") == "ON"
    };
    while !nodes.iter().all(ready) {
        assert!(Instant::now() < deadline, "the fault cluster did not settle");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn status_or_empty(node: &str, name: &str) -> String {
    let Ok(mut conn) = Conn::new(mysql::Opts::from_url(node).unwrap()) else { return String::new() };
    let row: Option<(String, String)> = conn.query_first(format!("SHOW GLOBAL STATUS LIKE '{name}'")).unwrap_or(None);
    row.map(|(_, v)| v).unwrap_or_default()
}

fn set_global(node: &str, assignment: &str) {
    node_conn(node).query_drop(format!("SET GLOBAL {assignment}")).unwrap();
}

/// A node cut off from the others (`gmcast.isolate`) until dropped, even by a failed test.
struct Cut<'a>(&'a str);

impl<'a> Cut<'a> {
    fn off(node: &'a str) -> Cut<'a> {
        set_global(node, "wsrep_provider_options = 'gmcast.isolate=1'");
        Cut(node)
    }
}

impl Drop for Cut<'_> {
    fn drop(&mut self) {
        set_global(self.0, "wsrep_provider_options = 'gmcast.isolate=0'");
    }
}

/// A runner on node 3 (slow migrations, `lease`), once it has applied its first migration
/// (read on node 1) and sleeps in its second: the database, the folder and the process.
fn running_on_node_3(nodes: &[String], tag: &str, lease: &str) -> (String, TempDir, std::process::Child) {
    settle(nodes);
    let db = fresh_db(&nodes[0], tag);
    let dir = migrations(&format!("galera_{tag}"), true);
    let runner = start(&nodes[2], &db, &dir, lease);
    wait_first_applied(&nodes[0], &db);
    (db, dir, runner)
}

#[test]
fn a_node_in_rsu_or_desynced_is_refused_before_anything_runs() {
    let _one = NODES.lock().unwrap_or_else(|e| e.into_inner());
    let (nodes, _) = galera_fault_cluster();
    settle(nodes);
    let node = &nodes[1];
    let db = fresh_db(node, "refused");
    let dir = migrations("galera_refused", false);
    for (set, undo, expected) in [
        ("wsrep_OSU_method = 'RSU'", "wsrep_OSU_method = 'TOI'", "set it to TOI"),
        ("wsrep_desync = ON", "wsrep_desync = OFF", "not Synced"),
    ] {
        set_global(node, set);
        let out = start(node, &db, &dir, "10s").wait_with_output().unwrap();
        set_global(node, undo);
        assert_eq!(out.status.code(), Some(5), "{set}: {}", text(&out));
        assert!(text(&out).contains(expected), "{set}: {}", text(&out));
        assert!(applied_counts_or_empty(node, &db).is_empty(), "{set}: something was applied");
    }
    let out = start(node, &db, &dir, "10s").wait_with_output().unwrap();
    assert!(out.status.success(), "back in TOI and synced: {}", text(&out));
    assert_eq!(applied_counts(node, &db), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
}

#[test]
fn a_node_cut_off_from_the_primary_component_is_waited_for_and_the_run_completes() {
    let _one = NODES.lock().unwrap_or_else(|e| e.into_inner());
    let (nodes, _) = galera_fault_cluster();
    let (node, witness) = (&nodes[2], &nodes[0]);
    let (db, _dir, runner) = running_on_node_3(nodes, "isolated", "30s");
    // Cut off while it sleeps in its second migration: about 5 s later the node leaves the
    // primary component and refuses every statement (1047) until it is back.
    let cut = Cut::off(node);
    let isolated = Instant::now();
    while status_or_empty(node, "wsrep_ready") == "ON" {
        assert!(isolated.elapsed() < Duration::from_secs(30), "the node never left the primary component");
        std::thread::sleep(Duration::from_millis(100));
    }
    let left = isolated.elapsed();
    std::thread::sleep(Duration::from_secs(4));
    drop(cut);
    let out = runner.wait_with_output().unwrap();
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    assert!(output.contains("trying again"), "the run never met the cut-off node: {output}");
    assert_eq!(applied_counts(witness, &db), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    eprintln!(
        "galera isolation: node out of the primary component {left:.1?} after the cut, run completed {:.1?} after it",
        isolated.elapsed()
    );
}

#[test]
fn a_node_killed_mid_run_fails_the_run_and_another_node_completes_it_once() {
    let _one = NODES.lock().unwrap_or_else(|e| e.into_inner());
    let (nodes, name) = galera_fault_cluster();
    let (node, other) = (&nodes[2], &nodes[0]);
    let (db, dir, runner) = running_on_node_3(nodes, "killed", "3s");
    galera_script(&["kill-node", &name, "3"]);
    let killed = Instant::now();
    let out = runner.wait_with_output().unwrap();
    let output = text(&out);
    assert!(!out.status.success(), "a run on a killed node succeeded: {output}");
    assert!(output.contains("connection to the server was lost"), "{output}");
    let failed = killed.elapsed();
    let completed = start(other, &db, &dir, "3s").wait_with_output().unwrap();
    assert!(completed.status.success(), "{}", text(&completed));
    let took_over = killed.elapsed();
    assert_eq!(applied_counts(other, &db), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    // The killed node rejoins and sees the same history.
    galera_script(&["start-node", &name, "3"]);
    let verify =
        migrate(&format!("{node}/{db}")).args(["verify", "--migrations-dir"]).arg(dir.path()).output().unwrap();
    assert!(verify.status.success(), "{}", text(&verify));
    assert_eq!(applied_counts(node, &db), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    eprintln!(
        "galera node killed: its runner failed {failed:.1?} after the kill, another node's runner \
         completed the run {took_over:.1?} after it"
    );
}
