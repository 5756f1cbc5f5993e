//! `migrate rollback` through the real binary on a real MariaDB: the schema of the earlier
//! version comes back, exactly the undone history rows go, and every refusal changes nothing.

use crate::common::{app_columns, embedded_dir, migrate, run, TempDir, TestDb, EMBEDDED};
use std::process::{Command, Stdio};

#[test]
fn the_embedded_list_is_what_these_tests_assume() {
    let names: Vec<_> = schemagate::embedded::MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(names, EMBEDDED);
    let with_rollback: Vec<_> =
        schemagate::embedded::MIGRATIONS.iter().filter(|m| m.rollback.is_some()).map(|m| m.name).collect();
    assert_eq!(with_rollback, [EMBEDDED[2], EMBEDDED[3], EMBEDDED[6]]);
}

/// A database migrated with the folder's migrations.
fn migrated(tag: &str, dir: &TempDir) -> TestDb {
    let db = TestDb::new(tag);
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}\n{err}");
    db
}

fn rollback(db: &TestDb, dir: Option<&TempDir>) -> Command {
    let mut cmd = migrate(&db.url());
    cmd.arg("rollback").stdin(Stdio::null());
    if let Some(dir) = dir {
        cmd.arg("--migrations-dir").arg(dir.path());
    }
    cmd
}

/// Everything a refused rollback must leave alone: columns, history, journal.
fn fingerprint(db: &TestDb) -> (Vec<String>, Vec<(i32, String)>, i64) {
    (db.columns(), db.history(), db.count("SELECT COUNT(*) FROM schemagate_journal"))
}

fn journal_rows(db: &TestDb, version: i32) -> i64 {
    db.count(&format!("SELECT COUNT(*) FROM schemagate_journal WHERE version = {version}"))
}

#[test]
fn one_step_restores_the_earlier_schema_and_removes_exactly_its_history_row() {
    let later = embedded_dir("rb_one_later", &EMBEDDED[..7]);
    let earlier = embedded_dir("rb_one_earlier", &EMBEDDED[..6]);
    let db = migrated("rb_one", &later);
    let reference = migrated("rb_one_ref", &earlier);
    let history_before = db.history();
    assert_eq!(history_before.len(), 7);
    assert!(journal_rows(&db, 2024071901) > 0);

    let (code, out, err) = run(rollback(&db, Some(&later)).arg("--yes"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("  20240719_workflow_messages (version 2024071901): rollback_20240719_workflow_messages.sql"),
        "{out}"
    );
    assert!(out.contains("✓ rolled back 20240719_workflow_messages in "), "{out}");
    assert!(out.contains("✓ 1 migration(s) rolled back, 6 still applied"), "{out}");
    assert_eq!(app_columns(&db), app_columns(&reference), "the schema of the earlier version");
    assert_eq!(db.history(), history_before[..6], "exactly the undone row is gone");
    assert_eq!(db.history(), reference.history());
    assert_eq!(journal_rows(&db, 2024071901), 0, "its journal rows go with it");

    // Undone, it is pending again: the next run applies it.
    let (code, out, _) = run(migrate(&db.url()).arg("--migrations-dir").arg(later.path()));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ applied 20240719_workflow_messages"), "{out}");
}

#[test]
fn two_steps_undo_newest_first_back_to_the_version_before_both() {
    let later = embedded_dir("rb_two_later", &EMBEDDED[..4]);
    let earlier = embedded_dir("rb_two_earlier", &EMBEDDED[..2]);
    let db = migrated("rb_two", &later);
    let reference = migrated("rb_two_ref", &earlier);

    let (code, out, err) = run(rollback(&db, Some(&later)).args(["--steps", "2", "--yes"]));
    assert_eq!(code, 0, "{out}\n{err}");
    let retry = out.find("✓ rolled back 20240310_add_workflow_retry_columns").expect(&out);
    let modules = out.find("✓ rolled back 20240310_add_workflow_modules").expect(&out);
    assert!(retry < modules, "newest first: {out}");
    assert!(out.contains("✓ 2 migration(s) rolled back, 2 still applied"), "{out}");
    assert_eq!(app_columns(&db), app_columns(&reference));
    assert_eq!(db.tables(), reference.tables());
    assert_eq!(db.history(), reference.history());
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal WHERE version > 2024020201"), 0);
}

#[test]
fn dry_run_prints_every_statement_and_changes_nothing_then_to_keeps_the_named_one() {
    let later = embedded_dir("rb_to_later", &EMBEDDED[..4]);
    let earlier = embedded_dir("rb_to_earlier", &EMBEDDED[..2]);
    let db = migrated("rb_to", &later);
    let before = fingerprint(&db);

    let (code, out, err) = run(rollback(&db, Some(&later)).args(["--to", "2024020201", "--dry-run"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("rollback plan, newest first:"), "{out}");
    assert!(out.contains("    statement 1 (line 8):\n      ALTER TABLE workflows\n"), "{out}");
    assert!(out.contains("DROP COLUMN next_retry_at"), "{out}");
    assert!(out.contains("      DROP TABLE IF EXISTS workflow_modules\n"), "{out}");
    assert!(out.trim_end().ends_with("dry run: nothing changed"), "{out}");
    assert_eq!(fingerprint(&db), before);

    let (code, out, err) =
        run(rollback(&db, Some(&later)).args(["--to", "20240202_environment_and_module_settings", "--yes"]));
    assert_eq!(code, 0, "{out}\n{err}");
    let reference = migrated("rb_to_ref", &earlier);
    assert_eq!(app_columns(&db), app_columns(&reference));
    assert_eq!(db.history(), reference.history(), "the --to migration stays applied");

    let (code, out, _) = run(rollback(&db, Some(&later)).args(["--to", "2024020201", "--yes"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ nothing to roll back"), "{out}");
}

#[test]
fn a_missing_rollback_script_refuses_with_exit_2_naming_each_file_and_changes_nothing() {
    let db = TestDb::new("rb_missing");
    let (code, out, _) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}");
    let before = fingerprint(&db);

    let (code, out, err) = run(rollback(&db, None).arg("--yes"));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains(
            "20240826_default_module_settings.sql: write migrations/rollback_20240826_default_module_settings.sql \
             or roll back fewer steps"
        ),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(!out.contains("✓ rolled back"), "{out}");

    let (code, _, err) = run(rollback(&db, None).args(["--steps", "3", "--yes"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2 migration(s) in range have no rollback script"), "{err}");
    assert!(err.contains("rollback_20240605_sub_workflow_queue.sql"), "{err}");
    assert!(!err.contains("rollback_20240719"), "20240719 has its script: {err}");
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn without_a_terminal_it_needs_yes_and_changes_nothing() {
    let dir = embedded_dir("rb_noyes", &EMBEDDED[..3]);
    let db = migrated("rb_noyes", &dir);
    let before = fingerprint(&db);
    let (code, out, err) = run(&mut rollback(&db, Some(&dir)));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("stdin is not a terminal; pass --yes"), "{err}");
    assert!(out.contains("20240310_add_workflow_modules"), "the plan is shown: {out}");
    assert_eq!(fingerprint(&db), before);
}

/// Runs `migrate ... rollback` on a pseudo-terminal (util-linux `script`), typing `answer`.
fn on_terminal(db: &TestDb, dir: &TempDir, answer: &str) -> (i32, String, String) {
    let command = format!("'{}' rollback --migrations-dir '{}'", env!("CARGO_BIN_EXE_migrate"), dir.path().display());
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]).current_dir(env!("CARGO_TARGET_TMPDIR"));
    for var in ["DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "RUST_LOG", "SCHEMAGATE_TEST_CRASH"] {
        script.env_remove(var);
    }
    script.env("DATABASE_URL", db.url()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = script.spawn().expect("util-linux `script` is needed for the terminal test");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), answer.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    // A terminal gets coloured marks, like every command's; compare the words.
    let text = |b: &[u8]| {
        let text = String::from_utf8_lossy(b).replace('\r', "");
        ["\x1b[32m", "\x1b[31m", "\x1b[0m"].iter().fold(text, |t, code| t.replace(code, ""))
    };
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn on_a_terminal_it_asks_and_no_is_the_default() {
    let dir = embedded_dir("rb_tty", &EMBEDDED[..3]);
    let db = migrated("rb_tty", &dir);
    let before = fingerprint(&db);
    for answer in ["\n", "n\n", "nope\n"] {
        let (code, out, err) = on_terminal(&db, &dir, answer);
        assert_eq!(code, 0, "{answer:?}: {out}\n{err}");
        assert!(out.contains("Roll back 1 migration(s) of mysql://"), "{out}");
        assert!(out.contains("[y/N]"), "{out}");
        assert!(out.contains("nothing rolled back (not confirmed)"), "{out}");
        assert_eq!(fingerprint(&db), before);
    }
    let (code, out, err) = on_terminal(&db, &dir, "y\n");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ rolled back 20240310_add_workflow_modules"), "{out}");
    assert_eq!(db.history().len(), 2);
}

#[test]
fn a_failing_rollback_statement_exits_4_keeps_the_history_row_and_a_fixed_rerun_finishes() {
    let dir = TempDir::new("rb_fail");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n")
        .write("20240102_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\nCREATE TABLE c (id INT PRIMARY KEY);\n")
        .write("rollback_20240102_b.sql", "DROP TABLE c;\nALTER TABLE no_such_table ADD COLUMN x INT;\n");
    let db = migrated("rb_fail", &dir);
    let (code, out, err) = run(rollback(&db, Some(&dir)).arg("--yes"));
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(err.contains("rollback_20240102_b.sql: statement 2 (line 2) failed"), "{err}");
    assert!(err.contains("server error 1146"), "{err}");
    assert!(err.contains("20240102_b stays recorded as applied"), "{err}");
    assert!(out.contains("✗ rolling back stopped after 0 migration(s)"), "{out}");
    assert_eq!(db.history().len(), 2, "the history row stays");
    assert!(db.tables().contains(&"b".to_string()));

    dir.write("rollback_20240102_b.sql", "DROP TABLE c;\nDROP TABLE b;\n");
    let (code, out, err) = run(rollback(&db, Some(&dir)).arg("--yes"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ rolled back 20240102_b in "), "{out}");
    assert!(out.contains("1 already dropped"), "the re-run excuses the table dropped before: {out}");
    assert_eq!(db.history(), [(2024010101, "20240101_a".to_string())]);
    assert!(!db.tables().contains(&"b".to_string()));
}

#[test]
fn refusals_change_nothing_diverged_history_too_many_steps_unknown_database() {
    let dir = TempDir::new("rb_refuse");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n")
        .write("rollback_20240101_a.sql", "DROP TABLE a;\n");
    let db = migrated("rb_refuse", &dir);
    let before = fingerprint(&db);

    let (code, _, err) = run(rollback(&db, Some(&dir)).args(["--steps", "2", "--yes"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only 1 migration(s) are applied; pass --steps 1 or fewer"), "{err}");

    dir.write("20240101_a.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY);\n");
    let (code, _, err) = run(rollback(&db, Some(&dir)).arg("--yes"));
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("20240101_a.sql was changed after it was applied"), "{err}");
    assert_eq!(fingerprint(&db), before);

    let missing = TestDb::new("rb_nodb");
    let (code, _, err) = run(rollback(&missing, None).arg("--yes"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.exists(), "not created");
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args(["rollback", "--help"]));
    assert_eq!(code, 0);
    for text in ["--steps <N>", "--to <VERSION>", "--yes", "--dry-run", "--strict", "(default no)", "Exit codes:"] {
        assert!(out.contains(text), "{text}: {out}");
    }
    for line in ["0  rolled back", "2  refused before changing anything", "4  a rollback statement failed"] {
        assert!(out.contains(line), "{line}: {out}");
    }
}
