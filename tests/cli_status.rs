//! `migrate status` and `migrate verify` through the real binary against a real MariaDB: the
//! states, the `--json` shape (parsed), the exit codes, and that neither changes anything.

use crate::common::{admin, migrate, run, TempDir, TestDb};
use mysql::prelude::Queryable;
use schemagate::error::exit;
use serde_json::Value;

/// The compiled-in migrations, for checking the default (no `--migrations-dir`) path.
fn embedded_names() -> Vec<String> {
    schemagate::embedded::migrations().iter().map(|m| m.name.to_string()).collect()
}

fn status(db: &TestDb, dir: Option<&TempDir>, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = migrate(&db.url());
    cmd.arg("status").args(extra);
    if let Some(dir) = dir {
        cmd.arg("--migrations-dir").arg(dir.path());
    }
    run(&mut cmd)
}

fn verify(db: &TestDb, dir: Option<&TempDir>) -> (i32, String, String) {
    let mut cmd = migrate(&db.url());
    cmd.arg("verify");
    if let Some(dir) = dir {
        cmd.arg("--migrations-dir").arg(dir.path());
    }
    run(&mut cmd)
}

fn up(db: &TestDb, dir: &TempDir) -> (i32, String, String) {
    run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()))
}

/// `status --json`, parsed.
fn json(db: &TestDb, dir: Option<&TempDir>) -> Value {
    let (code, out, err) = status(db, dir, &["--json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("status --json is not JSON ({e}):\n{out}"))
}

/// The migration row of `version` in a parsed report.
fn row(report: &Value, version: i64) -> &Value {
    report["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["version"].as_i64() == Some(version))
        .unwrap_or_else(|| panic!("no row for {version}: {report:#}"))
}

#[test]
fn status_on_a_missing_database_is_all_pending_and_creates_nothing() {
    let db = TestDb::new("st_fresh");
    let (code, out, err) = status(&db, None, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("✗ database `{}` does not exist", db.name)), "{out}");
    for name in embedded_names() {
        assert!(out.lines().any(|l| l.contains("· pending") && l.contains(&name)), "{name}: {out}");
    }
    assert!(out.contains("✗ required tables: 0/9 present"), "{out}");
    assert!(out.contains("  ✗ workflows"), "{out}");
    assert!(out.contains(&format!("· lock `schemagate:{}`: free", db.name)), "{out}");
    assert!(out.trim_end().ends_with(&format!("✗ {} pending: NOT healthy", embedded_names().len())), "{out}");

    let (code, _, err) = status(&db, None, &["--exit-code"]);
    assert_eq!(code, exit::UNHEALTHY, "{err}");
    assert!(!db.exists(), "status must not create the database");
}

#[test]
fn status_after_migrate_is_all_applied_with_durations() {
    let db = TestDb::new("st_applied");
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, out, err) = status(&db, None, &["--exit-code"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("✓ database `{}` exists", db.name)), "{out}");
    let applied: Vec<&str> = out.lines().filter(|l| l.starts_with("  ✓ applied")).collect();
    assert_eq!(applied.len(), embedded_names().len(), "{out}");
    for line in applied {
        // "✓ applied  <version>  <name>  <YYYY-MM-DD HH:MM:SS> UTC  <duration> (<n> statement(s))"
        assert!(line.contains(" 20") && line.contains(':') && line.contains("statement(s))"), "{line}");
        assert!(line.contains(" UTC  ") && (line.contains(" ms (") || line.contains(" s (")), "{line}");
    }
    assert!(out.contains("✓ required tables: 9/9 present"), "{out}");
    assert!(out.trim_end().ends_with(&format!("✓ {} applied: healthy", embedded_names().len())), "{out}");
}

#[test]
fn status_json_has_the_documented_shape() {
    let db = TestDb::new("st_json");
    let fresh = json(&db, None);
    assert_eq!(fresh["schema_version"], 1);
    assert_eq!(fresh["database"], db.name.as_str());
    assert_eq!(fresh["target"], db.url().as_str());
    assert_eq!(fresh["database_exists"], false);
    assert_eq!(fresh["healthy"], false);
    assert_eq!(fresh["diverged"], false);
    assert_eq!(fresh["pending"], embedded_names().len());
    assert_eq!(fresh["lock"], Value::Null);
    let first = &fresh["migrations"][0];
    assert_eq!(first["state"], "pending");
    assert_eq!(first["name"], "20240115_initial_schema");
    assert_eq!(first["file"], "20240115_initial_schema.sql");
    assert_eq!(first["version"], 2024011501);
    for key in ["applied_on", "duration_ms", "statements_run", "problem"] {
        assert_eq!(first[key], Value::Null, "{key}: {first:#}");
    }
    assert!(first["statements"].as_u64().is_some_and(|n| n > 0), "{first:#}");
    let tables = fresh["required_tables"].as_array().unwrap();
    assert_eq!(tables.len(), 9);
    assert!(tables.iter().all(|t| t["present"] == false && t["name"].is_string()), "{tables:?}");

    assert_eq!(run(&mut migrate(&db.url())).0, 0);
    let migrated = json(&db, None);
    assert_eq!(
        (&migrated["healthy"], &migrated["pending"], &migrated["database_exists"]),
        (&Value::Bool(true), &0.into(), &true.into())
    );
    for m in migrated["migrations"].as_array().unwrap() {
        assert_eq!(m["state"], "applied", "{m:#}");
        assert!(m["applied_on"].as_str().is_some_and(|t| t.len() >= 20 && t.ends_with('Z')), "{m:#}");
        assert!(m["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{m:#}");
        assert_eq!(m["statements_run"], m["statements"], "{m:#}");
    }
    assert!(migrated["required_tables"].as_array().unwrap().iter().all(|t| t["present"] == true));
}

#[test]
fn changed_file_is_reported_and_exits_6_with_exit_code() {
    let db = TestDb::new("st_changed");
    let dir = TempDir::new("st_changed");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT);\n");
    assert_eq!(up(&db, &dir).0, 0);
    dir.write("20240101_a.sql", "CREATE TABLE a (id BIGINT);\n");

    let report = json(&db, Some(&dir));
    let a = row(&report, 2024010101);
    assert_eq!(a["state"], "changed");
    assert!(a["applied_on"].is_string(), "{a:#}");
    assert!(a["problem"].as_str().unwrap().contains("was changed after it was applied"), "{a:#}");
    assert_eq!((&report["diverged"], &report["healthy"]), (&Value::Bool(true), &Value::Bool(false)));

    let (code, out, _) = status(&db, Some(&dir), &["--exit-code"]);
    assert_eq!(code, exit::DIVERGED, "{out}");
    assert!(out.contains("  ✗ changed      2024010101  20240101_a"), "{out}");
    assert!(out.contains("✗ the history and the migration files disagree:"), "{out}");
    let (code, out, err) = verify(&db, Some(&dir));
    assert_eq!(code, exit::DIVERGED, "{out}\n{err}");
    assert!(out.contains("✗ history consistent with the migration files"), "{out}");
    assert!(err.contains("20240101_a.sql was changed after it was applied"), "{err}");
}

#[test]
fn missing_renamed_and_out_of_order_files_are_reported() {
    let db = TestDb::new("st_diverged");
    let dir = TempDir::new("st_diverged");
    dir.write("20240102_gone.sql", "CREATE TABLE gone (id INT);\n")
        .write("20240103_old_name.sql", "CREATE TABLE named (id INT);\n")
        .write("20240104_kept.sql", "CREATE TABLE kept (id INT);\n");
    assert_eq!(up(&db, &dir).0, 0);
    dir.remove("20240102_gone.sql");
    dir.remove("20240103_old_name.sql");
    dir.write("20240103_new_name.sql", "CREATE TABLE named (id INT);\n")
        .write("20240101_early.sql", "CREATE TABLE early (id INT);\n");

    let report = json(&db, Some(&dir));
    let states: Vec<(i64, &str)> = report["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["version"].as_i64().unwrap(), m["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [(2024010101, "out_of_order"), (2024010201, "missing"), (2024010301, "renamed"), (2024010401, "applied")]
    );
    let gone = row(&report, 2024010201);
    assert_eq!(
        (&gone["name"], &gone["file"], &gone["statements"]),
        (&"20240102_gone".into(), &Value::Null, &Value::Null)
    );
    assert!(gone["applied_on"].is_string());
    assert!(row(&report, 2024010301)["problem"].as_str().unwrap().contains("was applied as 20240103_old_name.sql"));
    assert_eq!(report["pending"], 0, "an out-of-order file is a divergence, not pending");
    assert_eq!(status(&db, Some(&dir), &["--exit-code"]).0, exit::DIVERGED);
    assert_eq!(verify(&db, Some(&dir)).0, exit::DIVERGED);
}

#[test]
fn interrupted_migration_is_in_progress_with_counts() {
    let db = TestDb::new("st_progress");
    let dir = TempDir::new("st_progress");
    dir.write(
        "20240101_four.sql",
        "CREATE TABLE t1 (id INT PRIMARY KEY);\nINSERT INTO t1 VALUES (1);\n\
         ALTER TABLE missing_table ADD COLUMN x INT;\nCREATE TABLE t4 (id INT PRIMARY KEY);\n",
    );
    assert_eq!(up(&db, &dir).0, exit::MIGRATION);

    let report = json(&db, Some(&dir));
    let four = row(&report, 2024010101);
    assert_eq!(four["state"], "in_progress", "{four:#}");
    assert_eq!((&four["statements_run"], &four["statements"]), (&2.into(), &4.into()), "{four:#}");
    assert_eq!(four["applied_on"], Value::Null);
    assert!(four["duration_ms"].is_number(), "{four:#}");
    assert_eq!(report["pending"], 1);

    let (code, out, _) = status(&db, Some(&dir), &["--exit-code"]);
    assert_eq!(code, exit::UNHEALTHY, "{out}");
    assert!(out.contains("  … in progress  2024010101  20240101_four  2/4 statements ran"), "{out}");
    assert!(out.contains("✗ 1 in progress: NOT healthy"), "{out}");
    let (code, _, err) = verify(&db, Some(&dir));
    assert_eq!(code, exit::UNHEALTHY, "{err}");
    assert!(err.contains("1 migration(s) pending; run `migrate`"), "{err}");
}

#[test]
fn the_lock_holder_is_shown() {
    let db = TestDb::created("st_lock");
    let mut holder = admin();
    let name = schemagate::lock::lock_name(&db.name);
    let got: Option<i64> = holder.exec_first("SELECT GET_LOCK(?, 0)", (&name,)).unwrap();
    assert_eq!(got, Some(1));
    let id = holder.connection_id();

    let (code, out, err) = status(&db, None, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("· lock `{name}`: held by connection {id}, ")), "{out}");
    let report = json(&db, None);
    assert_eq!(report["lock"]["connection_id"], id);
    assert_eq!(report["lock"]["name"], name.as_str());
    assert!(report["lock"]["user"].is_string() && report["lock"]["host"].is_string(), "{report:#}");

    let _: Option<i64> = holder.exec_first("SELECT RELEASE_LOCK(?)", (&name,)).unwrap();
    assert_eq!(json(&db, None)["lock"], Value::Null);
}

#[test]
fn verify_is_healthy_after_migrate() {
    let db = TestDb::new("vf_ok");
    assert_eq!(run(&mut migrate(&db.url())).0, 0);
    let (code, out, err) = verify(&db, None);
    assert_eq!(code, 0, "{out}\n{err}");
    for line in [
        "✓ connect to the server",
        "✓ required tables: 9/9 present",
        "✓ history consistent with the migration files (8 applied)",
        "✓ 0 migration(s) pending",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert!(out.trim_end().ends_with("✓ database healthy"), "{out}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn verify_on_a_missing_database_exits_5_and_creates_nothing() {
    let db = TestDb::new("vf_missing");
    let (code, out, err) = verify(&db, None);
    assert_eq!(code, exit::UNHEALTHY, "{out}\n{err}");
    assert!(out.contains(&format!("✗ database `{}` does not exist", db.name)), "{out}");
    assert!(out.trim_end().ends_with("✗ database NOT healthy"), "{out}");
    assert!(err.contains("does not exist; run `migrate` to create and migrate it"), "{err}");
    assert!(!db.exists(), "verify must not create the database");
}

#[test]
fn verify_with_a_missing_table_exits_5_and_creates_no_table() {
    let db = TestDb::created("vf_table");
    let dir = TempDir::new("vf_table");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT);\n").write("20240102_b.sql", "CREATE TABLE b (id INT);\n");
    db.conn().query_drop("CREATE TABLE a (id INT)").unwrap();
    let (code, out, err) = verify(&db, Some(&dir));
    assert_eq!(code, exit::UNHEALTHY, "{out}\n{err}");
    assert!(out.contains("✗ required tables: 1/2 present\n  ✓ a\n  ✗ b\n"), "{out}");
    assert!(out.contains("✗ 2 migration(s) pending"), "{out}");
    assert!(err.contains("required table(s) missing: b"), "{err}");
    assert_eq!(status(&db, Some(&dir), &["--exit-code"]).0, exit::UNHEALTHY);
    assert_eq!(db.tables(), ["a"], "verify and status must not create the history or journal table");

    // Built by hand, the database is not schemagate's: start it afresh.
    db.conn().query_drop("DROP TABLE a").unwrap();
    assert_eq!(up(&db, &dir).0, 0);
    db.conn().query_drop("DROP TABLE b").unwrap();
    let (code, out, _) = verify(&db, Some(&dir));
    assert_eq!(code, exit::UNHEALTHY, "a dropped table is unhealthy even with nothing pending: {out}");
    assert!(out.contains("✓ 0 migration(s) pending"), "{out}");
}

#[test]
fn unreachable_server_exits_3_and_bad_configuration_2() {
    for command in ["status", "verify"] {
        let (code, out, err) = run(migrate("mysql://root@127.0.0.1:9/x").args([command, "--connect-timeout", "1s"]));
        assert_eq!(code, exit::CONNECT, "{command}: {out}\n{err}");
        assert!(err.contains("cannot connect to mysql://root@127.0.0.1:9/x"), "{command}: {err}");
        let (code, _, err) = run(migrate("postgres://root@127.0.0.1/x").arg(command));
        assert_eq!(code, exit::USAGE, "{command}: {err}");
        let (code, _, err) =
            run(migrate("mysql://root@127.0.0.1:9/x").args([command, "--migrations-dir", "/nonexistent"]));
        assert_eq!(code, exit::USAGE, "{command}: {err}");
        assert!(err.contains("/nonexistent"), "{command}: {err}");
    }
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1:9/x").args(["verify", "--connect-timeout", "0"]));
    assert_eq!(code, exit::CONNECT);
    assert!(out.contains("✗ connect to the server") && out.contains("✗ database NOT healthy"), "{out}");
    let (code, out, _) =
        run(migrate("mysql://root@127.0.0.1:9/x").args(["status", "--exit-code", "--json", "--connect-timeout", "0"]));
    assert_eq!(code, exit::CONNECT);
    assert!(out.is_empty(), "no half document on stdout: {out}");
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    for (command, options) in
        [("status", &["--json", "--exit-code", "--migrations-dir"][..]), ("verify", &["--migrations-dir"][..])]
    {
        let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args([command, "--help"]));
        assert_eq!(code, 0, "{command}");
        for option in options {
            assert!(out.contains(option), "{command} {option}: {out}");
        }
        for line in ["0  healthy", "3  cannot connect", "5  verification failed", "6  history"] {
            assert!(out.contains(line), "{command} {line}: {out}");
        }
    }
}

#[test]
fn verify_wait_waits_for_the_history_to_catch_up_then_succeeds() {
    let db = TestDb::new("verify_wait");
    let dir = TempDir::new("verify_wait");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n");
    // Behind (nothing applied): without --wait it fails at once.
    let (code, _, _) = run(migrate(&db.url()).args(["verify", "--migrations-dir"]).arg(dir.path()));
    assert_ne!(code, 0);
    let waiting = migrate(&db.url())
        .args(["verify", "--wait", "30s", "--migrations-dir"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    let (code, _, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let out = waiting.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Disagreement is not waited for: a file the history does not know cannot appear there.
    dir.write("20231231_early.sql", "CREATE TABLE e (id INT PRIMARY KEY);\n");
    let started = std::time::Instant::now();
    let (code, _, _) = run(migrate(&db.url()).args(["verify", "--wait", "30s", "--migrations-dir"]).arg(dir.path()));
    assert_ne!(code, 0);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
