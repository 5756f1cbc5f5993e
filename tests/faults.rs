//! Exactly-once under real faults (issue 11): a runner killed while the server still runs its
//! statement, a connection that dies mid-migration, a refused statement hidden by odd
//! whitespace.

use crate::common::{migrate, run, TempDir, TestDb};
use mysql::prelude::Queryable;
use std::time::{Duration, Instant};

/// A table slow to copy: `ALTER ... ALGORITHM=COPY` on it takes a good fraction of a second.
fn big_table(db: &TestDb, rows: u32) {
    let mut conn = db.conn();
    conn.query_drop(
        "CREATE TABLE big (id INT PRIMARY KEY AUTO_INCREMENT, v INT NOT NULL, pad CHAR(60) NOT NULL DEFAULT 'x')",
    )
    .unwrap();
    conn.query_drop(format!("INSERT INTO big (v) SELECT seq FROM seq_1_to_{rows}")).unwrap();
}

/// Waits until the server runs a statement starting with `prefix` in `db`.
fn wait_for_statement(db: &TestDb, prefix: &str, limit: Duration) -> bool {
    let started = Instant::now();
    let mut conn = db.conn();
    while started.elapsed() < limit {
        let running: Option<u64> = conn
            .exec_first(
                "SELECT id FROM information_schema.processlist WHERE db = ? AND info LIKE CONCAT(?, '%')",
                (&db.name, prefix),
            )
            .unwrap();
        if running.is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn a_rerun_right_after_kill_waits_for_the_dead_runs_statement() {
    let dir = TempDir::new("slow_alter");
    dir.write("20240101_marker.sql", "CREATE TABLE marker (id INT PRIMARY KEY AUTO_INCREMENT, at INT);");
    dir.write(
        "20240102_index.sql",
        "ALTER TABLE big ADD INDEX (v), ALGORITHM=COPY;\nINSERT INTO marker (at) VALUES (1);\n",
    );
    let mut diverged = 0;
    let rounds = 3;
    for round in 0..rounds {
        let db = TestDb::created("slow_alter");
        big_table(&db, 300_000);
        let mut child = migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).spawn().unwrap();
        assert!(wait_for_statement(&db, "ALTER TABLE big", Duration::from_secs(20)), "round {round}: no ALTER seen");
        child.kill().unwrap();
        child.wait().unwrap();
        // At once, without waiting for the dead run's session.
        let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
        assert_eq!(code, 0, "round {round}: {out}{err}");
        let indexes = db.count("SELECT COUNT(DISTINCT index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'big' AND column_name = 'v'");
        let markers = db.count("SELECT COUNT(*) FROM marker");
        if indexes != 1 || markers != 1 {
            diverged += 1;
        }
        assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal"), 3, "round {round}");
    }
    assert_eq!(diverged, 0, "{diverged} of {rounds} reruns applied a statement twice");
}

#[test]
fn a_connection_lost_mid_migration_is_reported_as_that_statement() {
    let dir = TempDir::new("lost_conn");
    dir.write("20240101_first.sql", "CREATE TABLE a (id INT);");
    dir.write("20240102_lost.sql", "CREATE TABLE b (id INT);\nKILL CONNECTION_ID();\nCREATE TABLE c (id INT);\n");
    let db = TestDb::new("lost_conn");
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).arg("--no-log-file"));
    assert_eq!(code, 4, "{out}{err}");
    assert!(err.contains("20240102_lost.sql") && err.contains("statement 2"), "{err}");
    assert!(!err.contains("reading the migration history"), "the first failure is the one reported: {err}");
    assert!(!out.contains("✓ 0 migration(s) pending"), "{out}");
}

#[test]
fn a_refused_statement_with_a_vertical_tab_is_refused() {
    let dir = TempDir::new("vtab");
    dir.write("20240101_drop.sql", "CREATE TABLE a (id INT);\nDROP\u{b}DATABASE victim;\n");
    let db = TestDb::new("vtab");
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("dropping database `victim`"), "{err}");
}

/// The indexes, foreign keys and CHECK constraints of table `t` (name: columns), sorted.
fn keys_of(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    let mut keys: Vec<String> = conn
        .query(
            "SELECT CONCAT(index_name, ':', GROUP_CONCAT(column_name ORDER BY seq_in_index)) FROM information_schema.statistics \
             WHERE table_schema = DATABASE() AND table_name = 't' GROUP BY index_name",
        )
        .unwrap();
    let constraints: Vec<String> = conn
        .query(
            "SELECT CONCAT(constraint_type, ':', constraint_name) FROM information_schema.table_constraints \
             WHERE table_schema = DATABASE() AND table_name = 't'",
        )
        .unwrap();
    keys.extend(constraints);
    keys.sort();
    keys
}

#[test]
fn a_crash_between_a_ddl_commit_and_its_journal_row_does_not_repeat_the_ddl() {
    // Each statement here, run twice, adds a duplicate or fails: the rerun must recognise it ran.
    let dir = TempDir::new("ddl_window");
    dir.write(
        "20240101_base.sql",
        "CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE t (id INT NOT NULL, v INT, p INT) ENGINE=InnoDB;\n",
    );
    dir.write(
        "20240102_keys.sql",
        "INSERT INTO p VALUES (1);\n\
         ALTER TABLE t ADD INDEX (v);\n\
         ALTER TABLE t ADD FOREIGN KEY (p) REFERENCES p (id);\n\
         ALTER TABLE t ADD CHECK (v > 0);\n\
         ALTER TABLE t ADD PRIMARY KEY (id);\n\
         ALTER TABLE t ADD COLUMN w INT, ADD INDEX (w);\n\
         INSERT INTO t VALUES (1, 1, 1, 1);\n",
    );
    let reference = TestDb::new("ddl_window_ref");
    let (code, out, err) = run(migrate(&reference.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    let expected = (keys_of(&reference), reference.columns());
    for k in 2..=6 {
        let point = format!("2024010201:{k}");
        let db = TestDb::new("ddl_window");
        let crashing =
            migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).env("SCHEMAGATE_TEST_CRASH", &point).output();
        let err = String::from_utf8_lossy(&crashing.unwrap().stderr).to_string();
        assert!(err.contains("aborting at"), "{point}: {err}");
        let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
        assert_eq!(code, 0, "{point}: {out}{err}");
        assert_eq!((keys_of(&db), db.columns()), expected, "{point}: the rerun repeated statement {k}");
        assert_eq!(db.count("SELECT COUNT(*) FROM t"), 1, "{point}");
    }
}
