//! Safe execution: every statement checked, exactly once across failures, crashes and
//! concurrent starters; integrity of history against files; the runner lock.

use crate::common::{migrate, run, set, TempDir, TestDb};
use mysql::prelude::Queryable;
use schemagate::error::{exit, Error};
use schemagate::gate::{self, GateOptions};
use schemagate::plan::PlanOptions;
use std::process::Stdio;
use std::time::Duration;

const FOUR: &str = "CREATE TABLE t1 (id INT PRIMARY KEY);\n\
                    INSERT INTO t1 VALUES (1);\n\
                    ALTER TABLE missing_table ADD COLUMN x INT;\n\
                    CREATE TABLE t4 (id INT PRIMARY KEY);\n";

#[test]
fn four_statements_third_fails_then_resumes_at_the_third() {
    let db = TestDb::new("four");
    let broken = set(&[("20240101_four.sql", FOUR)]);
    let report = gate::run(&db.settings(), &broken, &GateOptions::default());
    let message = report.error.as_ref().expect("must fail").to_string();
    assert!(message.contains("20240101_four.sql: statement 3 (line 3)"), "{message}");
    assert!(message.contains("ALTER TABLE missing_table ADD COLUMN x INT"), "{message}");
    assert!(message.contains("server error 1146"), "{message}");
    assert!(message.contains("statements 1 to 2 already ran"), "{message}");
    assert_eq!(report.exit_code(), exit::MIGRATION);
    assert!(db.history().is_empty(), "nothing may be recorded");
    assert_eq!(db.tables(), ["refinery_schema_history", "schemagate_journal", "t1"], "statement 4 never ran");

    let fixed = set(&[("20240101_four.sql", &FOUR.replace("missing_table", "t1"))]);
    let report = gate::run(&db.settings(), &fixed, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!((report.runs[0].resumed, report.runs[0].executed), (2, 2));
    assert_eq!(db.count("SELECT COUNT(*) FROM t1"), 1, "statement 2 must not run twice");
    assert_eq!(db.history().len(), 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal"), 4, "one timing row per statement");
}

#[test]
fn rows_that_wait_are_written_before_a_failure_is_reported() {
    let db = TestDb::new("waiting");
    let first = ("20240101_first.sql", "CREATE TABLE w1 (id INT PRIMARY KEY);\nALTER TABLE w1 ADD COLUMN c INT;\n");
    let second = "CREATE TABLE w2 (id INT PRIMARY KEY);\nALTER TABLE missing ADD COLUMN x INT;\n";
    let report = gate::run(&db.settings(), &set(&[first, ("20240102_second.sql", second)]), &GateOptions::default());
    assert_eq!(report.exit_code(), exit::MIGRATION, "{report:?}");
    assert_eq!(db.history(), [(2024010101, "20240101_first".to_string())], "the finished migration is recorded");
    let journal =
        |version: i32| db.count(&format!("SELECT COUNT(*) FROM schemagate_journal WHERE version = {version}"));
    assert_eq!((journal(2024010101), journal(2024010201)), (2, 1));

    let fixed = second.replace("missing", "w2");
    let report = gate::run(&db.settings(), &set(&[first, ("20240102_second.sql", &fixed)]), &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    let run = &report.runs[0];
    assert_eq!((run.resumed, run.executed, run.tolerated.len()), (1, 1, 0), "nothing repeated: {run:?}");
}

#[test]
fn every_journal_row_gets_the_time_its_statement_took() {
    let db = TestDb::new("timed");
    let text = "CREATE TABLE s (id INT PRIMARY KEY, v INT);\n\
                ALTER TABLE s ADD COLUMN w INT;\n\
                INSERT INTO s (id, v) SELECT 1, SLEEP(0.2);\n\
                ALTER TABLE s ADD INDEX idx_s_w (w);\n";
    let report = gate::run(&db.settings(), &set(&[("20240101_s.sql", text)]), &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal WHERE elapsed_us IS NULL"), 0);
    let slept = db.count("SELECT elapsed_us FROM schemagate_journal WHERE statement = 3");
    // Timed on the client from the result before it, which the client may read a little after
    // the server sent it (a loaded machine): a bit under 0.2 s is possible, far under is not.
    assert!((150_000..2_000_000).contains(&slept), "the INSERT slept 0.2 s, recorded {slept} us");
}

#[test]
fn editing_a_statement_that_already_ran_is_refused() {
    let db = TestDb::new("edited");
    let _ = gate::run(&db.settings(), &set(&[("20240101_four.sql", FOUR)]), &GateOptions::default());
    let edited = FOUR.replace("VALUES (1)", "VALUES (2)").replace("missing_table", "t1");
    let report = gate::run(&db.settings(), &set(&[("20240101_four.sql", &edited)]), &GateOptions::default());
    assert!(matches!(report.error, Some(Error::EditedStatement { index: 2, .. })), "{:?}", report.error);
    assert!(report.error.unwrap().to_string().contains("restore the statement"));
    assert_eq!(db.count("SELECT COUNT(*) FROM t1 WHERE id = 2"), 0);
}

/// Statements of a three-file set in which every statement kind matters for exactly-once:
/// re-running any data statement would change the data. The third file has a run of creations
/// whose journal rows are deferred, followed by a drop, then a creation followed by a rename
/// (never deferred), a modify and an update.
fn crash_set() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "20240101_a.sql",
            "CREATE TABLE a (id INT PRIMARY KEY, v INT);\nINSERT INTO a VALUES (1, 10);\nALTER TABLE a ADD COLUMN w INT;\n",
        ),
        (
            "20240102_b.sql",
            "CREATE TABLE b (id INT PRIMARY KEY);\nALTER TABLE b ADD INDEX idx_b_id (id);\nUPDATE a SET v = v + 1;\n",
        ),
        (
            "20240103_c.sql",
            "CREATE TABLE c (id INT PRIMARY KEY, s ENUM('x', 'y'));\n\
             ALTER TABLE c ADD COLUMN tmp INT;\n\
             ALTER TABLE c ADD INDEX idx_c_s (s);\n\
             ALTER TABLE c DROP COLUMN tmp;\n\
             ALTER TABLE c ADD COLUMN old_name INT;\n\
             ALTER TABLE c CHANGE old_name new_name BIGINT;\n\
             ALTER TABLE c MODIFY s ENUM('x', 'y', 'z');\n\
             UPDATE a SET v = v * 2;\n",
        ),
    ]
}

fn fingerprint(db: &TestDb) -> (Vec<String>, Vec<(i32, String)>, i64, usize) {
    let indexes: i64 =
        db.count(&format!("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = '{}'", db.name));
    let data: i64 = db.conn().query_first("SELECT COALESCE(SUM(v), 0) FROM a").unwrap().unwrap();
    (db.columns(), db.history(), data * 1000 + indexes, db.count("SELECT COUNT(*) FROM a") as usize)
}

/// Runs `migrate` on the folder `dir` in a new database with `SCHEMAGATE_TEST_CRASH=point`
/// (it must abort there), then once more without; returns the database, the second run's exit
/// code and its output. `flags` go to both runs.
fn crash_then_rerun(dir: &TempDir, tag: &str, point: &str, flags: &[&str]) -> (TestDb, i32, String) {
    let db = TestDb::new(tag);
    let mut crashing = migrate(&db.url());
    crashing.arg("--migrations-dir").arg(dir.path()).args(flags).env("SCHEMAGATE_TEST_CRASH", point);
    let (code, _, err) = run(&mut crashing);
    assert_ne!(code, 0, "{point}: the runner must have been killed");
    assert!(err.contains("aborting at"), "{point}: {err}");
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).args(flags));
    (db, code, format!("{out}{err}"))
}

#[test]
fn crash_at_every_statement_boundary_then_plain_run_matches_an_uninterrupted_run() {
    let dir = TempDir::new("crash");
    for (name, text) in crash_set() {
        dir.write(name, text);
    }
    let reference = TestDb::new("crash_ref");
    let (code, out, err) = run(migrate(&reference.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    let expected = fingerprint(&reference);

    let mut points = Vec::new();
    for (version, statements) in [(2024010101, 3), (2024010201, 3), (2024010301, 8)] {
        for k in 1..=statements {
            points.push(format!("{version}:{k}"));
            points.push(format!("{version}:{k}j"));
        }
        points.push(format!("{version}:record"));
    }
    let crash_then_recover = |point: &str, flags: &[&str]| {
        let (db, code, output) = crash_then_rerun(&dir, "crash", point, flags);
        assert_eq!(code, 0, "{point} {flags:?}: {output}");
        assert_eq!(fingerprint(&db), expected, "{point} {flags:?}");
        let journal = db.count("SELECT COUNT(*) FROM schemagate_journal");
        assert_eq!(journal, 14, "{point} {flags:?}: one journal row per statement in the end");
        output
    };
    for point in &points {
        let output = crash_then_recover(point, &[]);
        if point == "2024010301:3j" {
            // The three creations' rows were deferred and died with the process: the recovery
            // repeats them, and "already exists" is excused.
            assert_eq!(output.matches("already exists, continuing").count(), 3, "{output}");
        }
        if point == "2024010301:6" {
            // The rename ran, its row did not: repeating it finds the old name gone.
            assert!(output.contains("column already renamed (old_name is gone, new_name exists)"), "{output}");
        }
    }
    // Strict mode defers nothing, so its recovery never meets an "already exists".
    crash_then_recover("2024010301:3j", &["up", "--strict"]);
}

#[test]
fn a_rename_that_ran_before_a_crash_is_recognised_as_done_unless_strict() {
    let dir = TempDir::new("renamed");
    dir.write(
        "20240101_r.sql",
        "CREATE TABLE r1 (id INT, KEY i1 (id));\nRENAME TABLE r1 TO r2;\nALTER TABLE r2 RENAME INDEX i1 TO i2;\n",
    );
    for (point, reason) in [
        ("2024010101:2", "table already renamed (r1 is gone, r2 exists)"),
        ("2024010101:3", "index already renamed (i1 is gone, i2 exists)"),
    ] {
        let (db, code, output) = crash_then_rerun(&dir, "renamed", point, &[]);
        assert_eq!(code, 0, "{point}: {output}");
        assert!(output.contains(reason), "{point}: {output}");
        assert_eq!(db.tables(), ["r2", "refinery_schema_history", "schemagate_journal"], "{point}");
        let index =
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = 'i2'";
        assert_eq!(db.count(index), 1, "{point}");
    }
    let (_, code, output) = crash_then_rerun(&dir, "renamed", "2024010101:2", &["up", "--strict"]);
    assert_eq!(code, exit::MIGRATION, "--strict never excuses: {output}");
    assert!(output.contains("statement 2 (line 2)") && output.contains("1146"), "{output}");

    // A rename of something that never existed stays an error.
    let db = TestDb::new("renamed");
    let report =
        gate::run(&db.settings(), &set(&[("20240101_r.sql", "RENAME TABLE nope TO r3;\n")]), &GateOptions::default());
    assert_eq!(report.exit_code(), exit::MIGRATION, "{report:?}");
}

#[test]
fn failure_at_each_statement_position_records_nothing_and_the_fix_completes_once() {
    let statements = [
        "CREATE TABLE f (id INT PRIMARY KEY, n INT)",
        "INSERT INTO f VALUES (1, 0)",
        "UPDATE f SET n = n + 1",
        "ALTER TABLE f ADD COLUMN m INT",
        "UPDATE f SET n = n + 10",
    ];
    for position in 0..statements.len() {
        let db = TestDb::new("inject");
        let mut broken: Vec<String> = statements.iter().map(|s| format!("{s};")).collect();
        broken[position] = "INSERT INTO no_such_table VALUES (1);".into();
        let report =
            gate::run(&db.settings(), &set(&[("20240101_f.sql", &broken.join("\n"))]), &GateOptions::default());
        let message = report.error.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(message.contains(&format!("statement {}", position + 1)), "{position}: {message}");
        assert!(db.history().is_empty(), "{position}");
        let fixed: Vec<String> = statements.iter().map(|s| format!("{s};")).collect();
        let report = gate::run(&db.settings(), &set(&[("20240101_f.sql", &fixed.join("\n"))]), &GateOptions::default());
        assert!(report.healthy(), "{position}: {report:?}");
        assert_eq!(db.count("SELECT n FROM f"), 11, "{position}: every statement exactly once");
        assert_eq!(db.history().len(), 1);
    }
}

fn concurrency_dir() -> TempDir {
    let dir = TempDir::new("concurrent");
    dir.write("20240101_a.sql", "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20));\n")
        .write("20240101_b.sql", "ALTER TABLE items ADD COLUMN note VARCHAR(20);\n")
        .write("20240102_seed.sql", "INSERT INTO items (label) VALUES ('only-once');\n");
    dir
}

/// Starts 16 runners at once against one empty database; all must succeed, once.
fn sixteen_at_once(dir: &TempDir, tag: &str) {
    let db = TestDb::new(tag);
    let children: Vec<_> = (0..16)
        .map(|_| {
            migrate(&db.url())
                .arg("--migrations-dir")
                .arg(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let versions: Vec<i32> = db.history().into_iter().map(|(v, _)| v).collect();
    assert_eq!(versions, [2024010101, 2024010102, 2024010201]);
    assert_eq!(db.count("SELECT COUNT(*) FROM items"), 1);
}

#[test]
fn sixteen_concurrent_runners_apply_each_migration_once_repeated() {
    let dir = concurrency_dir();
    let rounds: usize = std::env::var("SCHEMAGATE_STRESS_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    for _ in 0..rounds {
        sixteen_at_once(&dir, "conc");
    }
}

#[test]
fn changed_missing_and_out_of_order_files_are_refused_with_exit_6() {
    let db = TestDb::new("integrity");
    let dir = TempDir::new("integrity");
    dir.write("20240102_b.sql", "CREATE TABLE b (id INT);\n");
    let up = |extra: &[&str]| run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).args(extra));
    assert_eq!(up(&[]).0, 0);

    // Line endings alone are not a change.
    dir.write("20240102_b.sql", "CREATE TABLE b (id INT);\r\n");
    assert_eq!(up(&[]).0, 0);

    dir.write("20240102_b.sql", "CREATE TABLE b (id BIGINT);\n");
    let (code, _, err) = up(&[]);
    assert_eq!(code, exit::DIVERGED, "{err}");
    assert!(err.contains("20240102_b.sql was changed after it was applied"), "{err}");
    dir.write("20240102_b.sql", "CREATE TABLE b (id INT);\n");

    dir.write("20240101_late.sql", "CREATE TABLE late (id INT);\n");
    let (code, _, err) = up(&[]);
    assert_eq!(code, exit::DIVERGED, "{err}");
    assert!(err.contains("20240101_late.sql sorts before the last applied migration"), "{err}");
    assert!(err.contains("--allow-out-of-order"), "{err}");
    let (code, out, err) = up(&["--allow-out-of-order"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("20240101_late") && out.contains("out of order"), "{out}");
    assert!(db.tables().contains(&"late".to_string()));

    dir.remove("20240101_late.sql");
    let (code, _, err) = up(&[]);
    assert_eq!(code, exit::DIVERGED, "{err}");
    assert!(err.contains("version 2024010101 (20240101_late.sql) is applied but missing"), "{err}");
}

#[test]
fn a_held_lock_makes_the_runner_wait_then_fail_naming_the_holder() {
    let db = TestDb::new("lock");
    let migrations = set(&[("20240101_a.sql", "CREATE TABLE a (id INT);")]);
    let mut holder = crate::common::admin();
    let got: Option<i64> =
        holder.exec_first("SELECT GET_LOCK(?, 0)", (schemagate::lock::lock_name(&db.name),)).unwrap();
    assert_eq!(got, Some(1));
    let holder_id = holder.connection_id();

    let mut settings = db.settings();
    settings.lock_timeout = Duration::from_secs(1);
    let started = std::time::Instant::now();
    let report = gate::run(&settings, &migrations, &GateOptions::default());
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(report.exit_code(), exit::LOCKED);
    let message = report.error.unwrap().to_string();
    assert!(message.contains(&format!("held by connection {holder_id}")), "{message}");
    assert!(db.history().is_empty());

    let _: Option<i64> = holder.exec_first("SELECT RELEASE_LOCK(?)", (schemagate::lock::lock_name(&db.name),)).unwrap();
    let report = gate::run(&settings, &migrations, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
}

#[test]
fn already_done_ddl_is_tolerated_unless_strict_and_data_never_is() {
    let db = TestDb::created("tolerate");
    // Ours (bookkeeping tables present), with a table whose creation is then repeated.
    schemagate::history::ensure_tables(&mut db.conn()).unwrap();
    db.conn().query_drop("CREATE TABLE a (id INT PRIMARY KEY); INSERT INTO a VALUES (1)").unwrap();
    let migrations =
        set(&[("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\nALTER TABLE a ADD COLUMN v INT;")]);
    let strict = GateOptions { strict: true, ..GateOptions::default() };
    let report = gate::run(&db.settings(), &migrations, &strict);
    assert!(report.error.as_ref().unwrap().to_string().contains("1050"), "{:?}", report.error);
    let report = gate::run(&db.settings(), &migrations, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(report.runs[0].tolerated.len(), 1);

    let data = set(&[
        ("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\nALTER TABLE a ADD COLUMN v INT;"),
        ("20240102_dup.sql", "INSERT INTO a (id) VALUES (1);"),
    ]);
    let report = gate::run(&db.settings(), &data, &GateOptions::default());
    assert!(report.error.as_ref().unwrap().to_string().contains("1062"), "{:?}", report.error);
}

#[test]
fn session_state_does_not_leak_into_the_next_migration() {
    let db = TestDb::new("session");
    let migrations = set(&[
        ("20240101_a.sql", "SET @leak = 42;\nSET SESSION sql_mode = 'ALLOW_INVALID_DATES';\nCREATE TABLE a (v INT);"),
        ("20240102_b.sql", "INSERT INTO a SELECT COALESCE(@leak, 0);\nINSERT INTO a SELECT IF(@@SESSION.sql_mode = 'ALLOW_INVALID_DATES', 1, 0);"),
    ]);
    let report = gate::run(&db.settings(), &migrations, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(db.count("SELECT SUM(v) FROM a"), 0);
}

#[test]
fn out_of_order_through_the_library_needs_the_option() {
    let db = TestDb::new("ooo_lib");
    let late = set(&[("20240101_a.sql", "CREATE TABLE a (id INT);"), ("20240102_b.sql", "CREATE TABLE b (id INT);")]);
    let first = set(&[("20240102_b.sql", "CREATE TABLE b (id INT);")]);
    assert!(gate::run(&db.settings(), &first, &GateOptions::default()).healthy());
    assert_eq!(gate::run(&db.settings(), &late, &GateOptions::default()).exit_code(), exit::DIVERGED);
    let allow = GateOptions { plan: PlanOptions { allow_out_of_order: true, target: None }, ..GateOptions::default() };
    assert!(gate::run(&db.settings(), &late, &allow).healthy());
}

#[test]
fn statements_that_return_rows_are_drained_and_routines_run() {
    let db = TestDb::new("rows");
    let migrations = set(&[(
        "20240101_rows.sql",
        "CREATE TABLE r (id INT);\n\
         SELECT 1, 'two';\n\
         DELIMITER //\n\
         CREATE PROCEDURE add_rows()\nBEGIN\n  INSERT INTO r VALUES (1);\n  SELECT * FROM r;\n  INSERT INTO r VALUES (2);\nEND//\n\
         DELIMITER ;\n\
         CALL add_rows();\n\
         SELECT COUNT(*) FROM r;\n\
         CREATE TABLE IF NOT EXISTS r (id INT);\n\
         INSERT INTO r VALUES (3);\n",
    )]);
    let report = gate::run(&db.settings(), &migrations, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(report.runs[0].executed, 7);
    assert_eq!(db.count("SELECT COUNT(*) FROM r"), 3);
}

#[test]
fn a_statements_warnings_are_logged_with_its_position() {
    let db = TestDb::new("warnings");
    let dir = TempDir::new("warnings");
    dir.write(
        "20240101_a.sql",
        "CREATE TABLE a (id INT PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);\n",
    );
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("20240101_a.sql: statement 2 (line 2): Note 1050"), "{err}");
    assert!(!err.contains("statement 1 ") && !err.contains("statement 3 "), "{err}");
}
