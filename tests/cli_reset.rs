//! `migrate reset` through the real binary: it refuses without --yes and for a remote host
//! (before connecting), and with --yes leaves a fresh, migrated, healthy database.

use crate::common::{migrate, run, TempDir, TestDb};
use mysql::prelude::Queryable;
use std::time::{Duration, Instant};

/// A migrated database with a table added by hand.
fn migrated_with_extra_table(tag: &str) -> TestDb {
    let db = TestDb::new(tag);
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    db.conn().query_drop("CREATE TABLE sg_by_hand (id INT)").unwrap();
    db.conn().query_drop("INSERT INTO sg_by_hand VALUES (1)").unwrap();
    db
}

#[test]
fn without_yes_it_shows_what_it_would_destroy_and_exits_2() {
    let db = migrated_with_extra_table("rs_noyes");
    let before = (db.tables(), db.history());
    let (code, out, err) = run(migrate(&db.url()).arg("reset"));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("schemagate reset: mysql://root@"), "{out}");
    assert!(
        out.contains(&format!(
            "reset destroys database `{}`: 12 table(s) with all their rows, 8 migration history row(s)",
            db.name
        )),
        "{out}"
    );
    assert!(err.contains("nothing was changed: run again with --yes to do it"), "{err}");
    assert_eq!((db.tables(), db.history()), before);
    assert_eq!(db.count("SELECT COUNT(*) FROM sg_by_hand"), 1);
}

#[test]
fn a_remote_host_is_refused_before_connecting_even_with_yes() {
    let started = Instant::now();
    // 10.255.255.1 does not answer: a connection attempt would hang until the timeout.
    let (code, out, err) = run(migrate("mysql://root@127.0.0.1:3306/sg_remote").args([
        "reset",
        "--yes",
        "--host",
        "10.255.255.1",
        "--connect-timeout",
        "30s",
    ]));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(started.elapsed() < Duration::from_secs(5), "it tried to connect: {:?}", started.elapsed());
    assert!(out.contains("mysql://root@10.255.255.1:3306/sg_remote"), "{out}");
    assert!(err.contains("which is not this machine"), "{err}");
    assert!(err.contains("--allow-remote"), "{err}");
}

#[test]
fn with_yes_on_loopback_it_leaves_a_fresh_migrated_healthy_database() {
    let db = migrated_with_extra_table("rs_yes");
    let (code, out, err) = run(migrate(&db.url()).args(["reset", "--yes"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("✓ dropped database `{}`", db.name)), "{out}");
    assert!(out.contains("✓ database created"), "{out}");
    assert!(out.contains("✓ applied 20240115_initial_schema"), "{out}");
    assert!(out.trim_end().ends_with("✓ database healthy"), "{out}");
    assert!(!db.tables().contains(&"sg_by_hand".to_string()), "{:?}", db.tables());
    assert_eq!(db.tables().len(), 11, "{:?}", db.tables());
    assert_eq!(db.history().len(), 8);

    // A database that does not exist yet is simply created and migrated.
    let fresh = TestDb::new("rs_fresh");
    let (code, out, err) = run(migrate(&fresh.url()).args(["reset", "--yes"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("database `{}` does not exist: reset will create and migrate it", fresh.name)));
    assert_eq!(fresh.history().len(), 8);
}

#[test]
fn a_failing_migration_after_the_reset_exits_4() {
    let db = migrated_with_extra_table("rs_fail");
    let dir = TempDir::new("rs_fail");
    dir.write("20240101_ok.sql", "CREATE TABLE ok_t (id INT PRIMARY KEY);\n")
        .write("20240102_broken.sql", "INSERT INTO nope VALUES (1);\n");
    let (code, out, err) = run(migrate(&db.url()).args(["reset", "--yes", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(err.contains("20240102_broken.sql: statement 1"), "{err}");
    assert!(out.contains("✗ database NOT healthy"), "{out}");
    assert_eq!(db.tables(), ["ok_t", "refinery_schema_history", "schemagate_journal"]);
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args(["reset", "--help"]));
    assert_eq!(code, 0);
    for expected in ["--yes", "--allow-remote", "Exit codes:", "2  refused: --yes missing", "4  a migration failed"] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
}
