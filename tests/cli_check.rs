//! `migrate check` through the real binary: the migrations run on a scratch database that is
//! always dropped, and the target database is never touched.

use crate::common::{databases_starting_with, migrate, run, TempDir, TestDb};
use mysql::prelude::Queryable;

fn scratch_prefix(db: &TestDb) -> String {
    format!("{}_check_", db.name)
}

#[test]
fn healthy_migrations_pass_and_leave_no_scratch_database() {
    let db = TestDb::created("ck_ok");
    db.conn().query_drop("CREATE TABLE sg_mine (id INT)").unwrap();
    let (code, out, err) = run(migrate(&db.url()).arg("check"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("schemagate check: 8 migration(s) on a scratch database next to `{}`", db.name)));
    let scratch_line = |l: &str| l.starts_with("schemagate: mysql://") && l.contains(&scratch_prefix(&db));
    assert!(out.lines().any(scratch_line), "{out}");
    assert!(out.contains("✓ applied 20240826_default_module_settings"), "{out}");
    assert!(out.contains("✓ verify required tables: 9/9 present"), "{out}");
    assert!(out.contains("✓ check passed"), "{out}");
    assert!(out.contains("` dropped"), "{out}");
    assert_eq!(databases_starting_with(&scratch_prefix(&db)), Vec::<String>::new());
    assert_eq!(db.tables(), ["sg_mine"], "the target must be untouched");

    // A target that does not exist is not created.
    let absent = TestDb::new("ck_absent");
    let (code, out, err) = run(migrate(&absent.url()).arg("check"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!absent.exists());
    assert_eq!(databases_starting_with(&scratch_prefix(&absent)), Vec::<String>::new());
}

#[test]
fn a_failing_migration_exits_4_and_still_drops_the_scratch_database() {
    let db = TestDb::new("ck_fail");
    assert_eq!(run(&mut migrate(&db.url())).0, 0);
    let before = (db.tables(), db.columns(), db.history());
    let dir = TempDir::new("ck_fail");
    dir.write("20240101_ok.sql", "CREATE TABLE ok_t (id INT PRIMARY KEY);\n")
        .write("20240102_broken.sql", "CREATE TABLE b (id INT);\nALTER TABLE nope ADD COLUMN x INT;\n");
    let (code, out, err) = run(migrate(&db.url()).arg("check").arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(err.contains("20240102_broken.sql: statement 2 (line 2)"), "{err}");
    assert!(!err.contains("will not be repeated"), "the scratch database is gone: {err}");
    assert!(out.contains("✗ database NOT healthy"), "{out}");
    assert!(out.contains("` dropped"), "{out}");
    assert!(out.contains("✗ check FAILED"), "{out}");
    assert_eq!(databases_starting_with(&scratch_prefix(&db)), Vec::<String>::new());
    assert_eq!((db.tables(), db.columns(), db.history()), before, "the target must be untouched");
}

#[test]
fn an_unreachable_server_exits_3() {
    let (code, out, err) = run(migrate("mysql://root@127.0.0.1:9/x").args(["check", "--connect-timeout", "0"]));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("cannot connect to mysql://root@127.0.0.1:9/x"), "{err}");
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args(["check", "--help"]));
    assert_eq!(code, 0);
    for expected in ["--strict", "--migrations-dir", "Exit codes:", "4  a migration failed on the scratch database"] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
}
