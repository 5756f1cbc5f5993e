//! `migrate new` through the real binary, in a throwaway migrations folder with a small
//! README: the files it writes, the History line it inserts, its refusals and exit codes. And
//! the build's side of the History list: a real `build.rs` warns when list and folder drift.

use crate::build_errors::Probe;
use crate::common::{migrate, run, TempDir};
use schemagate::readme;
use std::path::Path;

/// `new` needs no database; any URL will do.
const URL: &str = "mysql://root@127.0.0.1:1/unused";

const README: &str = "# migrations\n\nConventions.\n\n## History\n\n\
                      - 20240101_init — Create the first table.\n\
                      - 20240301_add_c — Add the c table.\n\n\
                      ## Notes\n\nKept as it is.\n";

fn migration(name: &str, date: &str, description: &str, sql: &str) -> String {
    format!("-- Migration: {name}\n-- Date: {date}\n-- Description: {description}\n\n{sql}\n")
}

/// A migrations folder with two migrations, their headers and a README listing them.
fn folder(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    dir.write("README.md", README)
        .write(
            "20240101_init.sql",
            &migration("20240101_init", "2024-01-01", "Create the first table.", "CREATE TABLE a (id INT);"),
        )
        .write(
            "20240301_add_c.sql",
            &migration("20240301_add_c", "2024-03-01", "Add the c table.", "CREATE TABLE c (id INT);"),
        );
    dir
}

fn new_in(dir: &TempDir, args: &[&str]) -> (i32, String, String) {
    run(migrate(URL).arg("new").args(args).arg("--migrations-dir").arg(dir.path()))
}

fn read(dir: &TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Sorted file names, dotfiles (temporary files) included.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// What the build would warn about in this folder.
fn build_findings(dir: &Path) -> Vec<String> {
    let files: Vec<(String, String)> =
        names(dir).into_iter().map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap())).collect();
    readme::check_folder(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).iter().map(ToString::to_string).collect()
}

#[test]
fn creates_the_file_with_its_header_and_lists_it_in_order() {
    let dir = folder("new_normal");
    let (code, stdout, stderr) = new_in(&dir, &["add_b", "--date", "20240201"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = dir.path().join("20240201_add_b.sql");
    assert!(stdout.contains(&format!("created {}", path.display())), "{stdout}");
    assert!(stdout.contains("write the SQL") && stdout.contains("./scripts/migrate"), "{stdout}");
    // Dated before 20240301_add_c: created and listed in order, with a warning (tested below).
    assert!(stderr.contains("sorts before 20240301_add_c"), "{stderr}");

    let text = read(&dir, "20240201_add_b.sql");
    assert!(text.starts_with("-- Migration: 20240201_add_b\n-- Date: 2024-02-01\n-- Description: Add b.\n"), "{text}");
    assert!(text.contains("migrations/README.md"), "the template points to the conventions: {text}");
    let expected = README.replace("- 20240301_add_c", "- 20240201_add_b — Add b.\n- 20240301_add_c");
    assert_eq!(read(&dir, "README.md"), expected);
    assert_eq!(names(dir.path()), ["20240101_init.sql", "20240201_add_b.sql", "20240301_add_c.sql", "README.md"]);
    assert_eq!(build_findings(dir.path()), Vec::<String>::new());
}

#[test]
fn rollback_and_message_write_both_scripts() {
    let dir = folder("new_rollback");
    let rollbacks = "## Rollback files\n\n- `rollback_20240101_init.sql`\n\n";
    dir.write("README.md", &README.replace("## History", &format!("{rollbacks}## History"))).write(
        "rollback_20240101_init.sql",
        &migration("rollback_20240101_init", "2024-01-01", "Undo.", "DROP TABLE a;"),
    );
    let args = ["add_d", "--date", "20240401", "--rollback", "--message", "Add the d table for reports."];
    let (code, stdout, stderr) = new_in(&dir, &args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("rollback_20240401_add_d.sql"), "{stdout}");
    let forward = read(&dir, "20240401_add_d.sql");
    assert!(forward.contains("-- Description: Add the d table for reports.\n"), "{forward}");
    let rollback = read(&dir, "rollback_20240401_add_d.sql");
    assert!(
        rollback.starts_with("-- Migration: rollback_20240401_add_d\n-- Date: 2024-04-01\n-- Description: Undo"),
        "{rollback}"
    );
    let listed = read(&dir, "README.md");
    assert!(
        listed.contains(
            "- 20240301_add_c — Add the c table.\n- 20240401_add_d — Add the d table for reports.\n\n## Notes"
        ),
        "{listed}"
    );
    let rollback_line = "- `rollback_20240101_init.sql`\n- `rollback_20240401_add_d.sql`\n\n## History";
    assert!(listed.contains(rollback_line), "{listed}");
    assert!(stdout.contains("listed in") && stdout.contains("- `rollback_20240401_add_d.sql`"), "{stdout}");
    assert_eq!(build_findings(dir.path()), Vec::<String>::new());
}

#[test]
fn invalid_descriptions_exit_2_with_a_valid_suggestion() {
    let dir = folder("new_invalid");
    for (description, rule, suggestion) in [("Add_B", "uppercase", "add_b"), ("add-b", "hyphens", "add_b")] {
        let (code, stdout, stderr) = new_in(&dir, &[description, "--date", "20240201"]);
        assert_eq!(code, 2, "{description}: {stdout}{stderr}");
        assert!(stderr.contains(rule), "{description}: {stderr}");
        assert!(stderr.contains(&format!("for example `migrate new {suggestion}`")), "{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
    }
    let (code, _, stderr) = new_in(&dir, &["add_b", "--date", "2024-02-01"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("YYYYMMDD"), "{stderr}");
    assert_eq!(names(dir.path()), ["20240101_init.sql", "20240301_add_c.sql", "README.md"]);
    assert_eq!(read(&dir, "README.md"), README);
}

#[test]
fn refuses_to_overwrite_and_changes_nothing() {
    let dir = folder("new_exists");
    let (code, _, stderr) = new_in(&dir, &["add_c", "--date", "20240301"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("20240301_add_c.sql already exists"), "{stderr}");
    assert!(stderr.contains("choose another description"), "{stderr}");
    assert_eq!(
        read(&dir, "20240301_add_c.sql"),
        migration("20240301_add_c", "2024-03-01", "Add the c table.", "CREATE TABLE c (id INT);")
    );

    // A rollback script of that name also blocks, with or without --rollback.
    dir.write("rollback_20240501_e.sql", "DROP TABLE e;\n");
    let (code, _, stderr) = new_in(&dir, &["e", "--date", "20240501"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("rollback_20240501_e.sql already exists"), "{stderr}");
    assert_eq!(read(&dir, "rollback_20240501_e.sql"), "DROP TABLE e;\n");
    dir.remove("rollback_20240501_e.sql");

    // Listed in README.md but its file is gone: the list must be fixed first.
    dir.remove("20240301_add_c.sql");
    let (code, _, stderr) = new_in(&dir, &["add_c", "--date", "20240301"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("line 8") && stderr.contains("delete that line"), "{stderr}");
    assert_eq!(names(dir.path()), ["20240101_init.sql", "README.md"]);
    assert_eq!(read(&dir, "README.md"), README);
}

#[test]
fn a_missing_folder_exits_2_naming_it_and_the_fix() {
    let dir = TempDir::new("new_nofolder");
    let missing = dir.path().join("nope");
    let (code, stdout, stderr) = run(migrate(URL).args(["new", "add_b", "--migrations-dir"]).arg(&missing));
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains(&missing.display().to_string()) && stderr.contains("--migrations-dir"), "{stderr}");
    // Without --migrations-dir: ./migrations of the working directory.
    let (code, _, stderr) = run(migrate(URL).args(["new", "add_b"]).current_dir(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&dir.path().join("migrations").display().to_string()), "{stderr}");
    assert!(stderr.contains("project root"), "{stderr}");
    assert_eq!(names(dir.path()), Vec::<String>::new());
}

#[test]
fn default_date_is_today_and_the_default_folder_is_migrations() {
    let dir = TempDir::new("new_today");
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    let before = schemagate::naming::today();
    let (code, stdout, stderr) = run(migrate(URL).args(["new", "add_b"]).current_dir(dir.path()));
    let after = schemagate::naming::today();
    assert_eq!(code, 0, "{stdout}{stderr}");
    let created = names(&dir.path().join("migrations"));
    assert!(created == [format!("{before}_add_b.sql")] || created == [format!("{after}_add_b.sql")], "{created:?}");
    assert!(stdout.contains(&format!("created migrations/{}", created[0])), "{stdout}");
}

#[test]
fn warns_when_the_new_file_sorts_before_an_existing_one() {
    let dir = folder("new_order");
    let (code, stdout, stderr) = new_in(&dir, &["add_a", "--date", "20240301"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("warning: 20240301_add_a sorts before 20240301_add_c"), "{stderr}");
    assert!(stderr.contains("out of order"), "{stderr}");
    let listed = read(&dir, "README.md");
    assert!(listed.contains("- 20240301_add_a — Add a.\n- 20240301_add_c"), "{listed}");
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, stdout, stderr) = run(migrate(URL).args(["new", "--help"]));
    assert_eq!(code, 0, "{stderr}");
    for needle in ["<DESCRIPTION>", "--rollback", "--message <SENTENCE>", "--date <YYYYMMDD>", "--migrations-dir"] {
        assert!(stdout.contains(needle), "{needle}:\n{stdout}");
    }
    assert!(stdout.contains("Exit codes:\n  0  the migration was created"), "{stdout}");
    assert!(stdout.contains("  2  bad usage"), "{stdout}");
    let (code, _, stderr) = run(migrate(URL).arg("new"));
    assert_eq!(code, 2, "a description is required: {stderr}");
}

fn sql(name: &str, date: &str, description: &str) -> String {
    migration(name, date, description, "CREATE TABLE IF NOT EXISTS t (id INT);")
}

/// The build warns when README.md's History list and the folder disagree, names the fix, and
/// is quiet when they agree or when there is no README.
#[test]
fn the_build_warns_when_the_history_list_misses_a_file() {
    let probe = Probe::new("probe_history");
    probe
        .file("20240101_a.sql", &sql("20240101_a", "2024-01-01", "Add a."))
        .file("20240102_b.sql", &sql("20240102_b", "2024-01-02", "Add b."))
        .file("README.md", "# m\n\n## History\n\n- 20240101_a — Add a.\n");
    let (ok, warnings) = probe.build_warnings();
    assert!(ok, "a drifted list is a warning, never a failure: {warnings:?}");
    let line = warnings.iter().find(|w| w.contains("README.md")).unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(line.contains("misses 20240102_b.sql") && line.contains("`- 20240102_b — Add b.`"), "{line}");

    probe.file("README.md", "# m\n\n## History\n\n- 20240101_a — Add a.\n- 20240102_b — Add b.\n");
    let (ok, warnings) = probe.build_warnings();
    assert!(ok && warnings.is_empty(), "{warnings:?}");

    probe.file("20240102_b.sql", "CREATE TABLE b (id INT);\n");
    let (ok, warnings) = probe.build_warnings();
    assert!(ok, "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("20240102_b.sql: has no header")), "{warnings:?}");

    probe.clear();
    probe.file("20240101_a.sql", &sql("20240101_a", "2024-01-01", "Add a."));
    let (ok, warnings) = probe.build_warnings();
    assert!(ok && warnings.is_empty(), "no README, no list to check: {warnings:?}");
}

/// `migrate new` run on a copy of this crate's own folder leaves a folder the build accepts
/// without a warning about the list.
#[test]
fn new_keeps_a_copy_of_our_own_folder_in_agreement() {
    let dir = TempDir::new("new_own");
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for name in names(&own) {
        dir.write(&name, &std::fs::read_to_string(own.join(&name)).unwrap());
    }
    assert_eq!(build_findings(dir.path()), Vec::<String>::new());
    let (code, stdout, stderr) = new_in(&dir, &["add_later_thing", "--date", "20991231", "--rollback"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(build_findings(dir.path()), Vec::<String>::new());
    let before = std::fs::read_to_string(own.join("README.md")).unwrap();
    let after = read(&dir, "README.md");
    let rollback = "- `rollback_20991231_add_later_thing.sql`\n";
    assert!(after.contains(&format!("- `rollback_20240719_workflow_messages.sql`\n{rollback}")), "{after}");
    let restored = after.replacen("- 20991231_add_later_thing — Add later thing.\n", "", 1).replacen(rollback, "", 1);
    assert_eq!(restored, before);
}

#[test]
fn a_new_migration_is_not_burnt_before_its_sql_is_written() {
    let db = crate::common::TestDb::new("new_unburnt");
    let dir = folder("new_unburnt");
    let (code, out, err) = new_in(&dir, &["add_x", "--date", "20240401"]);
    assert_eq!(code, 0, "{out}{err}");
    let up = || run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
    // Run before the SQL is written: refused, naming the file and the fix; nothing recorded.
    let (code, out, err) = up();
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("nothing was migrated: 20240401_add_x.sql has no SQL statement yet"), "{err}");
    assert!(err.trim_end().ends_with("add the line `-- schemagate: empty`"), "{err}");
    assert!(db.history().is_empty(), "{:?}", db.history());
    let (code, out, err) = run(migrate(&db.url()).args(["verify", "--migrations-dir"]).arg(dir.path()));
    assert_eq!(code, 5, "{out}{err}");
    assert!(out.contains("✗ 20240401_add_x.sql has no SQL statement yet"), "status and verify say it too: {out}");
    assert!(err.contains("  - 20240401_add_x.sql has no SQL statement yet"), "{err}");
    // Write the SQL: the same run now applies it, with no repair.
    let path = dir.path().join("20240401_add_x.sql");
    let text = std::fs::read_to_string(&path).unwrap() + "CREATE TABLE x (id INT PRIMARY KEY);\n";
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = up();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("✓ applied 20240401_add_x"), "{out}");
    // A step that does nothing on purpose says so, and is recorded.
    let (code, out, err) = new_in(&dir, &["keep_numbering", "--date", "20240402"]);
    assert_eq!(code, 0, "{out}{err}");
    let path = dir.path().join("20240402_keep_numbering.sql");
    let text = std::fs::read_to_string(&path).unwrap() + "-- schemagate: empty\n";
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = up();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("✓ applied 20240402_keep_numbering in"), "{out}");
    assert_eq!(db.history().len(), 4);
}
