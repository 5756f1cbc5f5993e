//! Exactly once on a real 3-node Galera cluster (`scripts/galera-cluster`): starters spread
//! over the nodes at once, and a holder killed mid-run. SCHEMAGATE_GALERA_STARTERS and
//! SCHEMAGATE_GALERA_ROUNDS raise the sizes of the race (the suite: 12 starters, 3 rounds).

use crate::common::*;
use mysql::prelude::Queryable;
use mysql::Conn;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub(crate) fn node_conn(node: &str) -> Conn {
    Conn::new(mysql::Opts::from_url(node).unwrap()).unwrap()
}

/// Migrations whose data statements are not idempotent: each inserts one row per run.
pub(crate) fn migrations(tag: &str, slow: bool) -> TempDir {
    let dir = TempDir::new(tag);
    dir.write("20240101_applied.sql", "CREATE TABLE applied (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL);\nINSERT INTO applied (v) VALUES (1);\n");
    let pause = if slow { "DO SLEEP(4);\n" } else { "" };
    for v in 2..=4 {
        dir.write(&format!("2024010{v}_step.sql"), &format!("{pause}INSERT INTO applied (v) VALUES ({v});\n"));
    }
    dir
}

pub(crate) fn start(node: &str, db: &str, dir: &TempDir, lease: &str) -> Child {
    migrate(&format!("{node}/{db}"))
        .arg("--migrations-dir")
        .arg(dir.path())
        .args(["--lock-timeout", "120s", "--no-log-file"])
        .env("SCHEMAGATE_LEASE", lease)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

pub(crate) fn applied_counts(node: &str, db: &str) -> Vec<(i32, i64)> {
    node_conn(node).query(format!("SELECT v, COUNT(*) FROM `{db}`.applied GROUP BY v ORDER BY v")).unwrap()
}

#[test]
fn starters_on_three_nodes_apply_every_migration_exactly_once() {
    let nodes = galera_nodes();
    let (starters, rounds) = (env_number("SCHEMAGATE_GALERA_STARTERS", 12), env_number("SCHEMAGATE_GALERA_ROUNDS", 3));
    let dir = migrations("galera_race", false);
    let mut doubles = 0;
    for round in 0..rounds {
        let db = format!("sg_galera_{}_{round}", std::process::id());
        node_conn(&nodes[0]).query_drop(format!("CREATE DATABASE `{db}`")).unwrap();
        let started = Instant::now();
        let children: Vec<Child> = (0..starters).map(|i| start(&nodes[i % 3], &db, &dir, "10s")).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let counts = applied_counts(&nodes[round % 3], &db);
        doubles += counts.iter().filter(|(_, n)| *n != 1).count();
        assert_eq!(counts, vec![(1, 1), (2, 1), (3, 1), (4, 1)], "round {round}");
        eprintln!("galera round {round}: {starters} starters converged in {:.1?}", started.elapsed());
        node_conn(&nodes[0]).query_drop(format!("DROP DATABASE `{db}`")).unwrap();
    }
    eprintln!("galera: {rounds} rounds x {starters} starters, {doubles} double applications");
}

#[test]
fn a_killed_holder_is_taken_over_after_its_lease_expires() {
    let nodes = galera_nodes();
    let db = format!("sg_galera_kill_{}", std::process::id());
    node_conn(&nodes[0]).query_drop(format!("CREATE DATABASE `{db}`")).unwrap();
    let dir = migrations("galera_kill", true);
    let mut holder = start(&nodes[0], &db, &dir, "3s");
    // Killed while it sleeps in its second migration, holding the lease.
    let deadline = Instant::now() + Duration::from_secs(60);
    while applied_counts_or_empty(&nodes[0], &db).is_empty() {
        assert!(Instant::now() < deadline, "the first starter applied nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();
    let killed = Instant::now();
    let other = start(&nodes[1], &db, &dir, "3s").wait_with_output().unwrap();
    assert!(other.status.success(), "{}", String::from_utf8_lossy(&other.stderr));
    eprintln!("galera takeover: converged {:.1?} after the SIGKILL", killed.elapsed());
    assert_eq!(applied_counts(&nodes[2], &db), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    node_conn(&nodes[0]).query_drop(format!("DROP DATABASE `{db}`")).unwrap();
}

pub(crate) fn applied_counts_or_empty(node: &str, db: &str) -> Vec<(i32, i64)> {
    node_conn(node).query(format!("SELECT v, COUNT(*) FROM `{db}`.applied GROUP BY v")).unwrap_or_default()
}
