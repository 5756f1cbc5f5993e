//! `migrate exec -- COMMAND`: the command starts only on a healthy database, in place of
//! `migrate` (same process id, its own exit code and signals).

use crate::common::{migrate, run, TempDir, TestDb};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn a_healthy_database_starts_the_command_with_its_own_exit_code() {
    let db = TestDb::new("exec_ok");
    let (code, out, err) = run(migrate(&db.url()).args(["exec", "--", "sh", "-c", "echo started; exit 7"]));
    assert_eq!(code, 7, "{out}\n{err}");
    assert!(out.contains("✓ database healthy\nstarted\n"), "{out}");
}

#[test]
fn an_unhealthy_database_never_starts_the_command_and_returns_the_gate_code() {
    let db = TestDb::new("exec_bad");
    let dir = TempDir::new("exec_bad");
    dir.write("20240101_bad.sql", "CREATE TABLE x (id INT);\nALTER TABLE nope ADD COLUMN y INT;\n");
    let marker = dir.path().join("started");
    let script = format!("echo started; touch '{}'", marker.display());
    let (code, out, err) =
        run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).args(["exec", "--", "sh", "-c", &script]));
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(!out.contains("started") && !marker.exists(), "{out}");
    assert!(err.contains("20240101_bad.sql: statement 2"), "{err}");
    assert!(err.contains("not started: the gate did not find the database healthy (exit 4"), "{err}");

    let (code, out, err) =
        run(migrate("mysql://root@127.0.0.1:9/x").args(["--connect-timeout", "1s", "exec", "--", "sh", "-c", &script]));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(!marker.exists());
}

#[test]
fn usage_errors_exit_2() {
    let db = TestDb::new("exec_usage");
    let (code, _, err) = run(migrate(&db.url()).arg("exec"));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(migrate(&db.url()).args(["exec", "--", "/nonexistent/server"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot start `/nonexistent/server`"), "{err}");
    let (code, _, err) = run(migrate(&db.url()).args(["exec", "--dry-run", "--", "true"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn sigterm_reaches_the_server_which_keeps_the_process_id() {
    let db = TestDb::new("exec_term");
    let server = "trap 'echo got TERM; exit 42' TERM; echo \"pid $$\"; while :; do sleep 0.05; done";
    let mut child = migrate(&db.url())
        .args(["exec", "--", "sh", "-c", server])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut report = String::new();
    let pid = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the server never started:\n{report}");
        if let Some(pid) = line.trim().strip_prefix("pid ") {
            break pid.parse::<u32>().unwrap();
        }
        report.push_str(&line);
    };
    assert_eq!(pid, child.id(), "the server must replace migrate, not run as its child");
    assert!(report.contains("✓ database healthy"), "{report}");
    // SAFETY: kill(2) with a process id of our own child and a valid signal number.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) }, 0);
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert_eq!(status.code(), Some(42), "{rest}");
    assert!(rest.contains("got TERM"), "{rest}");
}
