//! A real primary + replica pair (`scripts/replica-pair`): `up` against the replica is refused
//! before anything is written, `verify` works there, and `verify --wait` waits for a lagging
//! replica to catch up with the primary's history, bounded.

use crate::common::*;
use mysql::prelude::Queryable;
use mysql::Conn;
use std::process::Output;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The lag test stops the replica's SQL thread: the others must not run meanwhile.
static PAIR: Mutex<()> = Mutex::new(());

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn conn(server: &str) -> Conn {
    Conn::new(mysql::Opts::from_url(server).unwrap()).unwrap()
}

fn folder(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);\n");
    dir
}

fn run(server: &str, db: &str, dir: &TempDir, args: &[&str]) -> Output {
    migrate(&format!("{server}/{db}")).args(args).arg("--migrations-dir").arg(dir.path()).output().unwrap()
}

fn databases(server: &str, db: &str) -> Vec<String> {
    conn(server)
        .exec("SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name = ?", (db,))
        .unwrap()
}

/// Waits until the replica has applied everything the primary wrote so far.
fn caught_up(primary: &str, replica: &str) {
    let position: Option<String> = conn(primary).query_first("SELECT @@global.gtid_binlog_pos").unwrap();
    let position = position.unwrap_or_default();
    let done: Option<i64> = conn(replica).exec_first("SELECT MASTER_GTID_WAIT(?, 30)", (&position,)).unwrap();
    assert_eq!(done, Some(0), "the replica did not catch up with {position}");
}

#[test]
fn up_against_a_replica_is_refused_before_anything_is_written() {
    let _one = PAIR.lock().unwrap_or_else(|e| e.into_inner());
    let (primary, replica) = replica_pair();
    let db = format!("sg_replica_up_{}", std::process::id());
    let dir = folder("replica_up");
    // A database the replica does not have yet: not even it is created.
    let out = run(replica, &db, &dir, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("read_only=ON") && text(&out).contains("point DATABASE_URL at the writable primary"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("✓ connect to the server\n✗ server writable"), "{}", text(&out));
    assert!(databases(replica, &db).is_empty(), "the database was created on the replica");
    // A database it has (replicated): nothing written to it either.
    conn(primary).query_drop(format!("CREATE DATABASE `{db}`")).unwrap();
    caught_up(primary, replica);
    let out = run(replica, &db, &dir, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let tables: Vec<String> = conn(replica)
        .exec("SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = ?", (&db,))
        .unwrap();
    assert!(tables.is_empty(), "written on the replica: {tables:?}");
    conn(primary).query_drop(format!("DROP DATABASE `{db}`")).unwrap();
}

#[test]
fn a_lagging_replica_is_behind_and_verify_wait_waits_until_it_caught_up() {
    let _one = PAIR.lock().unwrap_or_else(|e| e.into_inner());
    let (primary, replica) = replica_pair();
    let db = format!("sg_replica_lag_{}", std::process::id());
    let dir = folder("replica_lag");
    let out = run(primary, &db, &dir, &[]);
    assert!(out.status.success(), "{}", text(&out));
    caught_up(primary, replica);
    let verified = run(replica, &db, &dir, &["verify"]);
    assert!(verified.status.success(), "verify on the caught-up replica: {}", text(&verified));
    // Nothing pending there, and still refused: an application started behind `up` could not
    // write to it.
    let up = run(replica, &db, &dir, &[]);
    assert_eq!(up.status.code(), Some(3), "up on a caught-up replica: {}", text(&up));
    // The replica stops applying; the primary gets a new migration.
    conn(replica).query_drop("STOP SLAVE SQL_THREAD").unwrap();
    let restart = Restart(replica.to_string());
    dir.write("20240102_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\n");
    let out = run(primary, &db, &dir, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let behind = run(replica, &db, &dir, &["verify"]);
    assert_eq!(behind.status.code(), Some(5), "{}", text(&behind));
    assert!(text(&behind).contains("1 migration(s) pending"), "{}", text(&behind));
    // Bounded: still behind after 2 s, it gives up.
    let started = Instant::now();
    let gave_up = run(replica, &db, &dir, &["verify", "--wait", "2s"]);
    let waited = started.elapsed();
    assert_eq!(gave_up.status.code(), Some(5), "{}", text(&gave_up));
    assert!(waited >= Duration::from_secs(2) && waited < Duration::from_secs(10), "gave up after {waited:.1?}");
    // The replica catches up 2 s into a wait: verify succeeds then.
    let started = Instant::now();
    let waiting = migrate(&format!("{replica}/{db}"))
        .args(["verify", "--wait", "60s", "--migrations-dir"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    drop(restart);
    let out = waiting.wait_with_output().unwrap();
    let took = started.elapsed();
    assert!(out.status.success(), "verify --wait: {}", text(&out));
    assert!(took >= Duration::from_secs(2), "it did not wait: {took:.1?}");
    eprintln!("replica: verify --wait 2s gave up after {waited:.1?}; verify --wait 60s succeeded {took:.1?} after it started (replica resumed at 2 s)");
    conn(primary).query_drop(format!("DROP DATABASE `{db}`")).unwrap();
}

/// Starts the replica's SQL thread again when dropped, even by a failed test.
struct Restart(String);

impl Drop for Restart {
    fn drop(&mut self) {
        let _ = conn(&self.0).query_drop("START SLAVE SQL_THREAD");
    }
}
