//! `migrate` (the startup gate) through the real binary: exit codes and messages.

use crate::common::{migrate, run, server_url, TempDir, TestDb};
use mysql::prelude::Queryable;
use std::time::{Duration, Instant};

#[test]
fn main_job_creates_migrates_verifies_and_rerun_is_a_no_op() {
    let db = TestDb::new("cli_up");
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ database created"), "{out}");
    assert!(out.contains("✓ applied 20240115_initial_schema"), "{out}");
    assert!(out.contains("✓ verify required tables: 9/9 present"), "{out}");
    assert!(!out.contains("  ✓ workflow_messages"), "present tables are counted, not listed: {out}");
    assert!(!out.contains("✗"), "a first run has nothing to mark as failed: {out}");
    assert!(out.trim_end().ends_with("✓ database healthy"), "{out}");

    let (code, out, _) = run(migrate(&db.url()).arg("up"));
    assert_eq!(code, 0);
    assert!(!out.contains("✓ applied"), "{out}");
    assert!(out.contains("✓ database exists"), "{out}");
    assert!(out.contains("✓ database healthy"), "{out}");
}

#[test]
fn unreachable_server_fails_fast_with_exit_3() {
    // Port 9 (discard) on loopback: nothing listens there.
    let started = Instant::now();
    let (code, out, err) = run(migrate("mysql://root@127.0.0.1:9/x").args(["--connect-timeout", "1s"]));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(err.contains("cannot connect to mysql://root@127.0.0.1:9/x"), "{err}");
    assert!(err.contains("--connect-timeout"), "{err}");
    assert!(out.contains("✗ database NOT healthy"), "{out}");
}

#[test]
fn bad_credentials_exit_3_without_printing_the_password() {
    let url = server_url().replacen("://", "://nobody_sg:s3cr3t-pw@", 1);
    let url = match url.find("@") {
        // server_url may already carry credentials: keep only host and port after the last '@'.
        Some(_) => format!("mysql://nobody_sg:s3cr3t-pw@{}", url.rsplit('@').next().unwrap()),
        None => url,
    };
    let (code, out, err) = run(&mut migrate(&format!("{url}/sgt_nobody")));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("refused the login of user `nobody_sg`"), "{err}");
    assert!(err.contains("DB_PASSWORD"), "{err}");
    assert!(!out.contains("s3cr3t") && !err.contains("s3cr3t"), "{out}\n{err}");
    assert!(out.contains("nobody_sg:***@"), "{out}");
}

#[test]
fn bad_configuration_exits_2() {
    let (code, _, err) = run(&mut migrate("postgres://root@127.0.0.1/x"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("DATABASE_URL"), "{err}");
    let (code, _, err) = run(migrate("mysql://root@127.0.0.1/x").arg("--no-such-flag"));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_failing_migration_exits_4_naming_the_file() {
    let db = TestDb::new("cli_fail");
    let dir = TempDir::new("cli_fail");
    dir.write("20240101_ok.sql", "CREATE TABLE ok_t (id INT PRIMARY KEY);\n").write(
        "20240102_broken.sql",
        "-- Migration: 20240102_broken\nCREATE TABLE b (id INT);\nINSERT INTO nope VALUES (1);\n",
    );
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(err.contains("20240102_broken.sql: statement 2 (line 3)"), "{err}");
    assert!(out.contains("✗ 1 migration(s) pending"), "{out}");
    assert!(out.contains("✗ database NOT healthy"), "{out}");
}

#[test]
fn help_documents_the_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").arg("--help"));
    assert_eq!(code, 0);
    for line in ["0  healthy", "3  cannot connect", "4  a migration failed", "5  verification failed", "6  history"] {
        assert!(out.contains(line), "{line}: {out}");
    }
}

fn example_server() -> std::process::Command {
    let exe = std::env::current_exe().unwrap();
    let debug_dir = exe.parent().unwrap().parent().unwrap();
    let mut cmd = std::process::Command::new(debug_dir.join("examples").join("server"));
    for var in ["DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(env!("CARGO_TARGET_TMPDIR")).env("SERVER_PORT", "0");
    cmd
}

#[test]
fn example_server_refuses_to_start_on_an_unhealthy_database() {
    let db = TestDb::new("server_bad");
    let dir = TempDir::new("server_bad");
    dir.write("20240101_bad.sql", "CREATE TABLE x (id INT);\nALTER TABLE nope ADD COLUMN y INT;\n");
    let out = example_server()
        .env("DATABASE_URL", db.url())
        .env("SCHEMAGATE_MIGRATIONS_DIR_RUNTIME", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("server not started: 20240101_bad.sql: statement 2"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
}

#[test]
fn example_server_starts_and_serves_the_health_report() {
    use std::io::{BufRead, BufReader, Read, Write};
    let db = TestDb::new("server_ok");
    let mut child = example_server()
        .env("DATABASE_URL", db.url())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    let address = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("{line}")).to_string();
    let get_health = || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let healthy = get_health();
    // Health is checked at each request, not remembered from the start.
    mysql::prelude::Queryable::query_drop(&mut db.conn(), "DROP TABLE workflow_messages").unwrap();
    let dropped = get_health();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(healthy.starts_with("HTTP/1.1 200 OK"), "{healthy}");
    assert!(healthy.contains("✓ database healthy"), "{healthy}");
    assert!(healthy.contains("✓ required tables: 9/9 present"), "{healthy}");
    assert!(dropped.starts_with("HTTP/1.1 503 Service Unavailable"), "{dropped}");
    assert!(dropped.contains("  ✗ workflow_messages"), "{dropped}");
    assert!(dropped.contains("required table(s) missing: workflow_messages"), "{dropped}");
}

fn three_files(dir: &TempDir) {
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);\n")
        .write("20240102_b.sql", "ALTER TABLE a ADD COLUMN b INT;\nCREATE TABLE b (id INT);\n")
        .write("20240103_c.sql", "CREATE TABLE c (id INT);\n");
}

#[test]
fn up_to_stops_after_the_named_migration() {
    let db = TestDb::new("cli_to");
    let dir = TempDir::new("cli_to");
    three_files(&dir);
    let (code, out, err) =
        run(migrate(&db.url()).args(["up", "--to", "20240102_b", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 later migration(s) not applied, as asked (--to)"), "{out}");
    assert!(
        out.contains(
            "- required tables: 2/3 present; the others come with the 1 later migration(s) that --to leaves out"
        ),
        "{out}"
    );
    assert!(out.trim_end().ends_with("✓ database healthy up to the --to migration"), "{out}");
    assert!(!out.contains('✗'), "nothing failed: {out}");
    assert_eq!(db.history().len(), 2);
    let (code, _, err) = run(migrate(&db.url()).args(["up", "--to", "2024010299", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no migration `2024010299`"), "{err}");
    let (code, _, _) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(db.history().len(), 3);
}

#[test]
fn dry_run_changes_nothing_and_lists_what_the_real_run_executes() {
    let db = TestDb::new("cli_dry");
    let dir = TempDir::new("cli_dry");
    three_files(&dir);
    // Nothing exists yet: the dry run must not even create the database.
    let (code, out, err) = run(migrate(&db.url()).args(["up", "--dry-run", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("database does not exist yet"), "{out}");
    assert!(!db.exists());

    let (code, _, _) = run(migrate(&db.url()).args(["up", "--to", "20240101_a", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 0);
    let before = (db.columns(), db.history(), db.count("SELECT COUNT(*) FROM schemagate_journal"));
    let (code, out, err) = run(migrate(&db.url()).args(["up", "--dry-run", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!((db.columns(), db.history(), db.count("SELECT COUNT(*) FROM schemagate_journal")), before);
    assert!(out.contains("dry run: 2 migration(s) would be applied; nothing was changed"), "{out}");
    let listed: Vec<&str> = out.lines().filter(|l| l.starts_with("-- statement ")).collect();
    assert_eq!(listed.len(), 3, "{out}");
    assert!(out.contains("ALTER TABLE a ADD COLUMN b INT;\n"), "{out}");

    let (code, _, _) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0);
    // The journal records exactly the statements the real run executed.
    let executed = db.count("SELECT COUNT(*) FROM schemagate_journal WHERE version > 2024010101");
    assert_eq!(executed as usize, listed.len());
}

#[test]
fn log_files_are_written_timestamped_without_passwords() {
    let db = TestDb::new("cli_logs");
    let logs = TempDir::new("cli_logs");
    let (code, _, _) = run(migrate(&db.url()).arg("--log-dir").arg(logs.path()));
    assert_eq!(code, 0);
    let (code, _, _) = run(migrate("mysql://root:s3cr3t-pw@127.0.0.1:9/x")
        .arg("--log-dir")
        .arg(logs.path())
        .args(["--connect-timeout", "0"]));
    assert_eq!(code, 3);
    let date = schemagate::history::now_rfc3339()[..10].to_string();
    let combined = std::fs::read_to_string(logs.path().join(format!("combined-{date}.log"))).unwrap();
    let error = std::fs::read_to_string(logs.path().join(format!("error-{date}.log"))).unwrap();
    assert!(combined.contains("✓ database healthy"), "{combined}");
    assert!(combined.contains("applying 20240115_initial_schema.sql ..."), "{combined}");
    assert!(error.contains("cannot connect to mysql://root:***@127.0.0.1:9/x"), "{error}");
    assert!(!combined.contains("s3cr3t") && !error.contains("s3cr3t"));
    for line in combined.lines() {
        assert!(line.starts_with(&date) && line.as_bytes()[10] == b'T', "untimestamped line: {line}");
    }
    let quiet = TempDir::new("cli_nolog");
    let (code, _, _) = run(migrate(&db.url()).arg("--log-dir").arg(quiet.path().join("logs")).arg("--no-log-file"));
    assert_eq!(code, 0);
    assert!(!quiet.path().join("logs").exists());
}

/// Forwards connections on `port` to the test server, starting only after `delay`: a server
/// that is still booting.
fn late_proxy(port: u16, delay: Duration) {
    let host_port = server_url().rsplit(['@', '/']).next().unwrap().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        for client in listener.incoming().flatten() {
            let server = std::net::TcpStream::connect(&host_port).unwrap();
            for (mut from, mut to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)] {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
}

#[test]
fn waits_for_a_server_that_is_still_starting() {
    let db = TestDb::new("cli_wait");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    late_proxy(port, Duration::from_millis(1500));
    let server = server_url();
    let host_port = server.rsplit(['@', '/']).next().unwrap();
    let url = db.url().replacen(host_port, &format!("127.0.0.1:{port}"), 1);
    let started = Instant::now();
    let (code, out, err) = run(migrate(&url).args(["--connect-timeout", "20s", "--no-log-file"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(started.elapsed() >= Duration::from_millis(1400), "{:?}", started.elapsed());
    assert!(out.contains("✓ database healthy"), "{out}");
}

#[test]
fn up_backup_dumps_first_and_migrates_nothing_when_the_backup_fails() {
    let db = TestDb::new("cli_upbk");
    let dir = TempDir::new("cli_upbk");
    let work = TempDir::new("cli_upbk_cwd");
    three_files(&dir);
    let up = |extra: &[&str]| {
        let mut cmd = migrate(&db.url());
        cmd.current_dir(work.path()).arg("up").args(extra).arg("--migrations-dir").arg(dir.path());
        cmd
    };
    assert_eq!(run(&mut up(&["--to", "20240101_a"])).0, 0);

    let empty = TempDir::new("cli_upbk_path");
    let (code, out, err) = run(up(&["--backup"]).env("PATH", empty.path()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("backup before migrating failed: nothing was migrated"), "{out}");
    assert!(err.contains("neither mariadb-dump nor mysqldump"), "{err}");
    assert_eq!(db.history().len(), 1, "nothing may be migrated without the backup");

    let (code, out, err) = run(&mut up(&["--backup"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("backup before migrating: backups/"), "{out}");
    let backups: Vec<_> = std::fs::read_dir(work.path().join("backups")).unwrap().flatten().collect();
    assert_eq!(backups.len(), 1);
    let dump = std::fs::read_to_string(backups[0].path()).unwrap();
    assert!(
        dump.contains("CREATE TABLE `a`") && !dump.contains("CREATE TABLE `c`"),
        "the dump is from before migrating"
    );
    assert_eq!(db.history().len(), 3);

    // Nothing pending: no backup.
    let (code, out, _) = run(&mut up(&["--backup"]));
    assert_eq!(code, 0);
    assert!(!out.contains("backup before migrating"), "{out}");
    assert_eq!(std::fs::read_dir(work.path().join("backups")).unwrap().count(), 1);
}

#[test]
fn migrations_dir_is_read_like_the_build_reads_migrations() {
    let db = TestDb::new("cli_dir");
    let dir = TempDir::new("cli_dir");
    let elsewhere = TempDir::new("cli_dir_target");
    elsewhere.write("shared.sql", "CREATE TABLE linked (id INT);\n");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT);\n");
    std::os::unix::fs::symlink(elsewhere.path().join("shared.sql"), dir.path().join("20240102_linked.sql")).unwrap();
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("✓ applied 20240102_linked"), "a symbolic link is followed, as the build does: {out}");
    // A regular file is not an empty folder (which would call every applied migration missing).
    let file = dir.path().join("20240101_a.sql");
    let (code, _, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(&file));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("20240101_a.sql: is a file, not a folder"), "{err}");
    // Text that is not UTF-8 names the file, and a date past 2147 is refused as such.
    std::fs::write(dir.path().join("20240103_bad.sql"), b"SELECT 1;\n\xff\n").unwrap();
    dir.write("29240101_typo.sql", "SELECT 1;\n");
    let (code, _, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("20240103_bad.sql: is not valid UTF-8 text (line 2"), "{err}");
    assert!(err.contains("29240101_typo.sql: 29240101 is too late"), "{err}");
}

#[test]
fn a_created_database_takes_the_server_default_collation_or_the_setting() {
    let collation = |db: &TestDb| -> String {
        let sql = "SELECT CAST(default_collation_name AS CHAR) FROM information_schema.schemata WHERE schema_name = ?";
        mysql::prelude::Queryable::exec_first(&mut crate::common::admin(), sql, (&db.name,)).unwrap().unwrap()
    };
    let server_default: String = mysql::prelude::Queryable::query_first(
        &mut crate::common::admin(),
        "SELECT CAST(default_collate_name AS CHAR) FROM information_schema.character_sets WHERE character_set_name = 'utf8mb4'",
    )
    .unwrap()
    .unwrap();
    let plain = TestDb::new("cli_coll");
    assert_eq!(run(&mut migrate(&plain.url())).0, 0);
    assert_eq!(collation(&plain), server_default);
    let chosen = TestDb::new("cli_coll_bin");
    let (code, out, err) = run(migrate(&chosen.url()).env("SCHEMAGATE_COLLATION", "utf8mb4_bin"));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(collation(&chosen), "utf8mb4_bin");
    let (code, _, err) = run(migrate(&chosen.url()).env("SCHEMAGATE_COLLATION", "latin1_swedish_ci; DROP"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("SCHEMAGATE_COLLATION (environment): \"latin1_swedish_ci; DROP\" is not a utf8mb4 collation"),
        "{err}"
    );
}

#[test]
fn a_no_op_start_from_a_folder_reports_as_the_full_gate_does() {
    let db = TestDb::new("cli_noop_dir");
    let dir = TempDir::new("cli_noop_dir");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT);\n").write("20240102_b.sql", "CREATE TABLE b (id INT);\n");
    let up = || run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(up().0, 0);
    let (code, out, err) = up();
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ 2 migration(s) already applied") && out.ends_with("✓ database healthy\n"), "{out}");
    // A required table dropped by hand: still one round trip, still unhealthy.
    db.conn().query_drop("DROP TABLE b").unwrap();
    let (code, out, err) = up();
    assert_eq!(code, 5, "{out}\n{err}");
    assert!(out.contains("  ✗ b") && out.contains("✗ database NOT healthy"), "{out}");
}
