//! Adopting a database another tool built (issue 10): the gate refuses it and changes
//! nothing; `migrate adopt` decides from the live schema, never replays data that already
//! ran, and leaves the schema as a fresh apply would.

use crate::common::{embedded_dir, migrate, run, server_url, snapshot, TempDir, TestDb, EMBEDDED};
use mysql::prelude::Queryable;
use std::process::{Command, Stdio};

/// Pipes `sql` to the `mariadb` client like the old startup script: the client stops at the
/// file's first error, and that is not a failure here.
fn pipe_like_the_old_script(db: &TestDb, sql: &str) {
    let url = server_url();
    let host_port = url.rsplit('@').next().unwrap_or("127.0.0.1:3306");
    let (host, port) = host_port.split_once(':').unwrap_or((host_port, "3306"));
    let mut child = Command::new("mariadb")
        .args(["-h", host, "-P", port, "-u", "root", &db.name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the mariadb client is needed here");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), sql.as_bytes()).unwrap();
    drop(child.stdin.take());
    child.wait().unwrap();
}

const ALL: [&str; 8] = EMBEDDED;

/// The project's own migrations applied the old way: each file piped to the client, one file
/// skipped, one stopped half-way by a column that already existed; then live rows.
fn built_the_old_way(tag: &str, skip: Option<&str>, half_way: bool) -> TestDb {
    let db = TestDb::created(tag);
    for m in schemagate::embedded::MIGRATIONS {
        if Some(m.name) == skip {
            continue;
        }
        if half_way && m.name == "20240310_add_workflow_retry_columns" {
            db.conn()
                .query_drop("ALTER TABLE workflows ADD COLUMN max_retries INT UNSIGNED NOT NULL DEFAULT 3 AFTER status")
                .unwrap();
        }
        pipe_like_the_old_script(&db, m.forward.sql);
    }
    let mut conn = db.conn();
    conn.query_drop("INSERT INTO workflows (name, workflow_type, status) VALUES ('w1', 'feature', 'running'), ('w2', 'bug', 'pending')")
        .unwrap();
    conn.query_drop("INSERT INTO environment_variables (name, value) VALUES ('A', '1')").unwrap();
    conn.query_drop("UPDATE module_settings SET version = '1.0.1'").unwrap();
    db
}

/// Each application table of `db` with its columns, as a SELECT list.
fn columns_of(db: &TestDb) -> Vec<(String, String)> {
    db.conn()
        .exec(
            "SELECT CAST(table_name AS CHAR), CAST(GROUP_CONCAT(CONCAT('`', column_name, '`') ORDER BY ordinal_position) AS CHAR) \
             FROM information_schema.columns WHERE table_schema = ? AND table_name NOT LIKE 'refinery%' \
             AND table_name NOT LIKE 'schemagate%' GROUP BY table_name",
            (&db.name,),
        )
        .unwrap()
}

/// The rows of `db` in the given columns (adoption may add columns; it must change no value).
fn rows_in(db: &TestDb, columns: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut conn = db.conn();
    for (table, list) in columns {
        let rows: Vec<mysql::Row> = conn.query(format!("SELECT {list} FROM `{table}` ORDER BY 1")).unwrap();
        for row in rows {
            let values: Vec<String> = row.unwrap().into_iter().map(|v| v.as_sql(false)).collect();
            out.push(format!("{table} {}", values.join(",")));
        }
    }
    out
}

fn adopt(db: &TestDb, dir: &TempDir, extra: &[&str]) -> (i32, String) {
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).arg("adopt").args(extra));
    (code, format!("{out}{err}"))
}

#[test]
fn a_half_built_database_is_refused_then_adopted_without_touching_its_rows() {
    let dir = embedded_dir("adopt_half", &ALL);
    let db = built_the_old_way("adopt_half", Some("20240719_workflow_messages"), true);
    let before = snapshot(&db);
    let columns = columns_of(&db);
    let rows_before = rows_in(&db, &columns);

    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 6, "{out}{err}");
    assert!(err.contains("built without schemagate") && err.contains("migrate adopt"), "{err}");
    assert_eq!(snapshot(&db), before, "the refusal changed nothing");

    let (code, output) = adopt(&db, &dir, &["--dry-run"]);
    assert_eq!(code, 2, "the seed is data only after present migrations: {output}");
    assert!(output.contains("20240826_default_module_settings") && output.contains("undecidable"), "{output}");
    assert!(output.contains("20240310_add_workflow_retry_columns (version 2024031002): partial"), "{output}");
    assert!(output.contains("20240719_workflow_messages (version 2024071901): absent"), "{output}");
    assert_eq!(snapshot(&db), before, "a dry run changes nothing");

    let (code, output) = adopt(&db, &dir, &["--yes", "--applied", "20240826_default_module_settings"]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("the schema equals a fresh apply"), "{output}");
    assert_eq!(rows_in(&db, &columns), rows_before, "no row changed");
    assert_eq!(db.history().len(), ALL.len());

    let fresh = TestDb::new("adopt_half_fresh");
    assert_eq!(run(migrate(&fresh.url()).arg("--migrations-dir").arg(dir.path())).0, 0);
    let schema = |d: &TestDb| -> Vec<String> { snapshot(d).into_iter().filter(|l| !l.starts_with("row ")).collect() };
    assert_eq!(schema(&db), schema(&fresh));

    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 migration(s) pending") || !out.contains("applied 2024"), "{out}");
}

#[test]
fn a_cleanly_built_database_is_only_recorded() {
    let dir = embedded_dir("adopt_clean", &ALL);
    let db = built_the_old_way("adopt_clean", None, false);
    let before = snapshot(&db);
    let (code, output) = adopt(&db, &dir, &["--yes", "--applied", "2024082601"]);
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains("absent") && !output.contains("partial"), "{output}");
    assert_eq!(snapshot(&db), before, "recording changes no schema and no row");
    assert_eq!(db.history().len(), ALL.len());
}

#[test]
fn a_data_only_migration_after_present_ones_takes_an_explicit_choice() {
    let dir = TempDir::new("adopt_choice");
    dir.write("20240101_users.sql", "CREATE TABLE users (id INT PRIMARY KEY, logins INT NOT NULL DEFAULT 0);");
    dir.write("20240102_bump.sql", "UPDATE users SET logins = logins + 1;");
    for (flag, expected) in [("--applied", 5), ("--run", 6)] {
        let db = TestDb::created("adopt_choice");
        db.conn().query_drop("CREATE TABLE users (id INT PRIMARY KEY, logins INT NOT NULL DEFAULT 0)").unwrap();
        db.conn().query_drop("INSERT INTO users VALUES (1, 5)").unwrap();
        let (code, output) = adopt(&db, &dir, &["--yes"]);
        assert_eq!(code, 2, "{output}");
        assert!(output.contains("--applied") && output.contains("20240102_bump"), "{output}");
        assert_eq!(db.count("SELECT logins FROM users"), 5, "nothing ran");
        let (code, output) = adopt(&db, &dir, &["--yes", flag, "20240102_bump"]);
        assert_eq!(code, 0, "{output}");
        assert_eq!(db.count("SELECT logins FROM users"), expected, "{flag}");
        assert_eq!(db.history().len(), 2);
    }
}

#[test]
fn killed_during_adoption_then_adopted_again_converges_running_nothing_twice() {
    let dir = embedded_dir("adopt_crash", &ALL);
    let reference = built_the_old_way("adopt_crash_ref", Some("20240719_workflow_messages"), true);
    let (code, output) = adopt(&reference, &dir, &["--yes", "--applied", "2024082601"]);
    assert_eq!(code, 0, "{output}");
    // Databases built at different times: their timestamps differ, nothing else may.
    let masked = |db: &TestDb| -> Vec<String> {
        snapshot(db)
            .into_iter()
            .map(|l| {
                let mut out = String::new();
                let mut rest = l.as_str();
                while let Some(at) = rest.find("'20") {
                    out.push_str(&rest[..at]);
                    let end = rest[at + 1..].find('\'').map_or(rest.len(), |e| at + e + 2);
                    out.push_str("'T'");
                    rest = &rest[end..];
                }
                out.push_str(rest);
                out
            })
            .collect()
    };
    let expected = masked(&reference);
    for point in ["2024031002:3", "2024031002:4j", "2024071901:1", "2024071901:record"] {
        let db = built_the_old_way("adopt_crash", Some("20240719_workflow_messages"), true);
        let mut crashing = migrate(&db.url());
        crashing.arg("--migrations-dir").arg(dir.path()).args(["adopt", "--yes", "--applied", "2024082601"]);
        crashing.env("SCHEMAGATE_TEST_CRASH", point);
        let (code, _, err) = run(&mut crashing);
        assert_ne!(code, 0, "{point}: must have been killed: {err}");
        let (code, output) = adopt(&db, &dir, &["--yes", "--applied", "2024082601"]);
        assert_eq!(code, 0, "{point}: {output}");
        assert_eq!(masked(&db), expected, "{point}");
    }
}

#[test]
fn baseline_refuses_a_migration_whose_column_is_missing_unless_forced() {
    let dir = embedded_dir("baseline_effects", &ALL);
    let db = built_the_old_way("baseline_effects", Some("20240310_add_workflow_retry_columns"), false);
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).arg("baseline"));
    assert_eq!(code, 5, "{out}{err}");
    assert!(err.contains("column workflows.retry_count") && err.contains("migrate adopt"), "{err}");
    assert!(db.history().is_empty(), "nothing recorded");
    let (code, out, err) =
        run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).args(["baseline", "--force"]));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(db.history().len(), ALL.len());
}
