//! What an operator sees: the report streams line by line through a pipe, `--quiet` prints one
//! line on success and everything on failure, colour reaches a terminal and nothing else.

use crate::common::{migrate, run, TempDir, TestDb};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Runs `cmd` with stdout on a pipe; every line with the time it arrived, and the exit code.
fn lines_as_they_come(cmd: &mut std::process::Command) -> (Vec<(Duration, String)>, i32, Duration) {
    let started = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = send.send((started.elapsed(), line.unwrap()));
        }
    });
    let status = child.wait().unwrap();
    let ended = started.elapsed();
    reader.join().unwrap();
    (receive.into_iter().collect(), status.code().unwrap_or(-1), ended)
}

fn arrival(lines: &[(Duration, String)], needle: &str) -> Duration {
    lines.iter().find(|(_, l)| l.contains(needle)).unwrap_or_else(|| panic!("no `{needle}` in {lines:?}")).0
}

#[test]
fn the_report_streams_through_a_pipe_while_a_slow_statement_runs() {
    let db = TestDb::new("out_stream");
    let dir = TempDir::new("out_stream");
    dir.write("20240101_fast.sql", "CREATE TABLE fast (id INT PRIMARY KEY);\n")
        .write("20240102_slow.sql", "DO SLEEP(3);\nCREATE TABLE slow (id INT PRIMARY KEY);\n");
    let (lines, code, ended) = lines_as_they_come(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{lines:?}");
    assert!(ended >= Duration::from_secs(3), "{ended:?}");
    // Each line arrived when its step happened, not all at the end.
    for needle in
        ["schemagate: mysql://", "✓ database created", "✓ applied 20240101_fast", "… applying 20240102_slow.sql (2/2)"]
    {
        let at = arrival(&lines, needle);
        assert!(at + Duration::from_millis(800) < ended, "`{needle}` came at {at:?}, the run ended at {ended:?}");
    }
    assert!(arrival(&lines, "✓ applied 20240102_slow") + Duration::from_secs(1) > ended);
    assert!(lines.last().unwrap().1.ends_with("✓ database healthy"), "{lines:?}");
}

#[test]
fn the_connect_wait_prints_a_line_while_waiting() {
    // Port 9 (discard) on loopback: nothing listens there.
    let (lines, code, ended) =
        lines_as_they_come(migrate("mysql://root@127.0.0.1:9/x").args(["--connect-timeout", "3s"]));
    assert_eq!(code, 3, "{lines:?}");
    let at = arrival(&lines, "… waiting for the server to accept connections: 1s so far, giving up after 3.00 s");
    assert!(at + Duration::from_millis(1000) < ended, "{at:?} {ended:?}");
}

#[test]
fn quiet_prints_one_line_on_success_and_everything_on_failure() {
    let db = TestDb::new("out_quiet");
    let dir = TempDir::new("out_quiet");
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n");
    let (code, out, err) = run(migrate(&db.url()).arg("--quiet").arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("✓ mysql://"), "{out}");
    assert!(out.contains("database healthy (1 migration(s) applied now, 1 in all)"), "{out}");
    let (code, out, _) = run(migrate(&db.url()).args(["up", "-q", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 0);
    assert!(out.contains("(0 migration(s) applied now, 1 in all)") && out.lines().count() == 1, "{out}");

    dir.write("20240102_broken.sql", "INSERT INTO nope VALUES (1);\n");
    let (code, out, err) = run(migrate(&db.url()).arg("--quiet").arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.starts_with("schemagate: mysql://"), "the whole report: {out}");
    assert!(out.contains("✗ database NOT healthy"), "{out}");
    assert!(err.contains("20240102_broken.sql: statement 1"), "{err}");
}

#[test]
fn a_no_op_start_is_short_and_names_only_missing_tables() {
    let db = TestDb::new("out_short");
    let (code, _, _) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0);
    let (code, out, _) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0);
    assert!(out.lines().count() <= 7, "{out}");
    mysql::prelude::Queryable::query_drop(&mut db.conn(), "DROP TABLE workflow_messages").unwrap();
    let (code, out, _) = run(&mut migrate(&db.url()));
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("✗ required tables: 8/9 present\n  ✗ workflow_messages\n"), "{out}");
}

#[test]
fn colour_reaches_a_terminal_but_never_a_log_file_or_a_pipe() {
    let Some(script) = crate::common::which("script") else {
        panic!("this test needs `script` (util-linux) to run migrate under a pseudo-terminal: install util-linux");
    };
    let db = TestDb::new("out_colour");
    let logs = TempDir::new("out_colour");
    let command =
        format!("{} --log-dir {} --database-url {}", env!("CARGO_BIN_EXE_migrate"), logs.path().display(), db.url());
    let out = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap();
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{terminal}");
    assert!(terminal.contains("\x1b[32m✓\x1b[0m database healthy"), "{terminal}");
    for entry in std::fs::read_dir(logs.path()).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!text.contains(&0x1b), "escape byte in a log file: {}", String::from_utf8_lossy(&text));
    }
    let (_, piped, _) = run(&mut migrate(&db.url()));
    assert!(!piped.contains('\x1b') && piped.contains("✓ database healthy"), "{piped}");
}

#[test]
fn a_refused_out_of_order_file_does_not_claim_nothing_is_pending() {
    let db = TestDb::new("out_ooo");
    let dir = TempDir::new("out_ooo");
    dir.write("20240102_b.sql", "CREATE TABLE b (id INT);\n");
    assert_eq!(run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path())).0, 0);
    dir.write("20240101_a.sql", "CREATE TABLE a (id INT);\n");
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    assert_eq!(code, 6, "{out}{err}");
    assert!(!out.contains("migration(s) pending"), "{out}");
    assert!(out.trim_end().ends_with("✗ database NOT healthy"), "{out}");
}
