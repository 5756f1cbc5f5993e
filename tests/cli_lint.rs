//! `migrate lint DIR`: the build's checks at run time, with the build's messages.

use crate::build_errors::{Probe, BAD};
use crate::common::{migrate, run, TempDir};

/// The `- file: message` lines of a problem report, trimmed (cargo indents a build script's
/// output).
fn problem_lines(output: &str) -> Vec<String> {
    output.lines().map(str::trim).filter(|l| l.starts_with("- ")).map(str::to_string).collect()
}

const MORE_BAD: [(&str, &str); 3] = [
    ("20240105_use.sql", "CREATE TABLE u (id INT);\nUSE other;\n"),
    ("20240106_quote.sql", "SELECT 'unterminated;\n"),
    ("20240107_drop.sql", "DROP DATABASE app;\n"),
];

#[test]
fn a_bad_folder_gets_the_problems_the_build_prints_and_exit_2() {
    let dir = TempDir::new("lint_bad");
    let probe = Probe::new("probe_lint");
    let files = BAD.iter().map(|(name, _)| (*name, if name.contains("empty") { "" } else { "SELECT 1;" }));
    for (name, text) in files.chain(MORE_BAD).chain([("20240104_good.sql", "CREATE TABLE ok (id INT);")]) {
        dir.write(name, text);
        probe.file(name, text);
    }
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::create_dir_all(probe.migrations_dir().join("sub")).unwrap();

    let (code, out, err) = run(migrate("mysql://root@127.0.0.1/x").arg("lint").arg(dir.path()));
    assert_eq!(code, 2, "{out}\n{err}");
    let (ok, build) = probe.build();
    assert!(!ok, "{build}");
    let linted = problem_lines(&err);
    assert_eq!(linted.len(), BAD.len() + MORE_BAD.len() + 1, "{err}");
    assert_eq!(linted, problem_lines(&build), "lint:\n{err}\nbuild:\n{build}");
    assert!(err.contains(&format!("error: 15 problem(s) in the migrations folder {}:", dir.path().display())), "{err}");
    assert!(err.contains("Migration files are named YYYYMMDD_description.sql"), "{err}");
}

#[test]
fn a_good_folder_exits_0_and_warnings_fail_only_when_denied() {
    let dir = TempDir::new("lint_good");
    dir.write(
        "20240101_init.sql",
        "-- Migration: 20240101_init\n-- Date: 2024-01-01\n-- Description: First.\nCREATE TABLE a (id INT);\n",
    );
    dir.write(
        "rollback_20240101_init.sql",
        "-- Migration: rollback_20240101_init\n-- Date: 2024-01-01\n-- Description: Undo.\nDROP TABLE a;\n",
    );
    let (code, out, err) = run(migrate("mysql://root@127.0.0.1/x").arg("lint").arg(dir.path()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ 1 migration(s) in") && out.contains("no problems"), "{out}");
    assert!(err.is_empty(), "{err}");

    dir.write(
        "20240102_todo.sql",
        "-- Migration: 20240102_wrong\n-- Date: 2024-01-02\n-- Description: Later.\nSELECT 1;\n",
    );
    let (code, out, err) = run(migrate("mysql://root@127.0.0.1/x").arg("lint").arg(dir.path()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("20240102_todo.sql") && err.starts_with("warning: "), "{err}");
    let (code, _, _) = run(migrate("mysql://root@127.0.0.1/x").args(["lint", "--deny-warnings"]).arg(dir.path()));
    assert_eq!(code, 2);
}

#[test]
fn without_a_dir_lint_checks_the_folder_dotenv_names_else_migrations() {
    let cwd = TempDir::new("lint_dotenv");
    std::fs::create_dir_all(cwd.path().join("db")).unwrap();
    cwd.write("db/20240101_a.sql", "CREATE TABLE a (id INT);\n");
    let lint = || run(migrate("mysql://root@127.0.0.1/x").arg("lint").current_dir(cwd.path()));
    let (code, _, err) = lint();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("migrations: the migrations folder cannot be read"), "{err}");
    cwd.write(".env", "SCHEMAGATE_MIGRATIONS_DIR=db\n");
    let (code, out, err) = lint();
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ 1 migration(s) in db: no problems"), "{out}");
}
