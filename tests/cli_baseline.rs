//! `migrate baseline` through the real binary on a real MariaDB: adopting a database built
//! with the plain `mariadb` client, and the refusals (history present, table missing).

use crate::common::{app_columns, mariadb_client, migrate, run, TestDb};
use mysql::prelude::Queryable;
use schemagate::embedded::MIGRATIONS;

/// A database built the old way: every migration's SQL piped into the `mariadb` client,
/// except those named in `skip`.
fn built_by_the_client(tag: &str, skip: &[&str]) -> TestDb {
    let db = TestDb::created(tag);
    for m in MIGRATIONS.iter().filter(|m| !skip.contains(&m.name)) {
        mariadb_client(&db.name, m.forward.sql);
    }
    db
}

fn baseline(db: &TestDb) -> std::process::Command {
    let mut cmd = migrate(&db.url());
    cmd.arg("baseline");
    cmd
}

/// `(version, name, checksum)` rows of the history.
fn history_checksums(db: &TestDb) -> Vec<(i32, String, String)> {
    db.conn().query("SELECT version, name, checksum FROM refinery_schema_history ORDER BY version").unwrap()
}

#[test]
fn adopts_a_database_built_with_the_client_and_up_then_applies_nothing() {
    let db = built_by_the_client("bl_adopt", &[]);
    let schema = app_columns(&db);
    let (code, out, err) = run(&mut baseline(&db));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("✓ all 9 table(s) left by the migrations up to 20240826_default_module_settings are present"),
        "{out}"
    );
    assert!(out.contains("✓ recorded 20240115_initial_schema (version 2024011501) as applied"), "{out}");
    assert!(out.contains("✓ 8 migration(s) recorded without running them"), "{out}");

    let expected: Vec<_> = MIGRATIONS.iter().map(|m| (m.version, m.name.to_string(), m.checksum.to_string())).collect();
    assert_eq!(history_checksums(&db), expected, "the same rows and checksums a real apply writes");
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal"), 0);
    assert_eq!(app_columns(&db), schema, "nothing ran");

    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("✓ applied"), "{out}");
    assert!(out.contains("✓ 8 migration(s) already applied"), "{out}");
    assert!(out.trim_end().ends_with("✓ database healthy"), "{out}");
}

#[test]
fn refuses_a_database_with_history_unless_forced() {
    let db = built_by_the_client("bl_history", &[]);
    let (code, out, err) = run(baseline(&db).args(["--to", "20240310_add_workflow_retry_columns"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ 4 migration(s) recorded"), "{out}");
    assert_eq!(db.history().len(), 4);

    let (code, out, err) = run(&mut baseline(&db));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("already has a migration history (4 applied, 0 in progress)"), "{err}");
    assert!(err.contains("pass --force"), "{err}");
    assert_eq!(db.history().len(), 4, "nothing recorded");

    let (code, out, err) = run(baseline(&db).arg("--force"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ 4 migration(s) of the range already recorded"), "{out}");
    assert!(out.contains("✓ recorded 20240422_workflow_status_paused"), "{out}");
    assert!(!out.contains("✓ recorded 20240115_initial_schema"), "{out}");
    assert_eq!(db.history().len(), 8);
    let (code, out, _) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("✓ applied"), "{out}");
}

#[test]
fn refuses_when_a_table_is_missing_naming_it_and_records_nothing() {
    let db = built_by_the_client("bl_missing", &["20240719_workflow_messages", "20240826_default_module_settings"]);
    let (code, out, err) = run(&mut baseline(&db));
    assert_eq!(code, 5, "{out}\n{err}");
    assert!(err.contains("1 table(s) its migrations create are missing: workflow_messages"), "{err}");
    assert!(err.contains("apply them with `migrate up` instead"), "{err}");
    assert!(!db.tables().contains(&"refinery_schema_history".to_string()), "nothing written");

    let (code, out, err) = run(baseline(&db).args(["--to", "2024060501", "--dry-run"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ would record 20240605_sub_workflow_queue (version 2024060501) as applied"), "{out}");
    assert!(out.trim_end().ends_with("dry run: nothing recorded"), "{out}");
    assert!(!db.tables().contains(&"refinery_schema_history".to_string()), "a dry run writes nothing");

    let (code, out, err) = run(baseline(&db).args(["--to", "20240605_sub_workflow_queue"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(db.history().len(), 6);
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ applied 20240719_workflow_messages"), "{out}");
    assert!(out.contains("✓ applied 20240826_default_module_settings"), "{out}");
    assert!(!out.contains("✓ applied 20240115"), "{out}");
}

#[test]
fn bad_target_and_missing_database_exit_2() {
    let db = built_by_the_client("bl_bad", &[]);
    let (code, _, err) = run(baseline(&db).args(["--to", "20991231_nope"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no migration `20991231_nope`"), "{err}");
    let missing = TestDb::new("bl_nodb");
    let (code, _, err) = run(&mut baseline(&missing));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.exists(), "not created");
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args(["baseline", "--help"]));
    assert_eq!(code, 0);
    for text in ["--to <VERSION>", "--force", "--dry-run", "Exit codes:", "0  recorded", "2  refused", "5  a table"] {
        assert!(out.contains(text), "{text}: {out}");
    }
}
