//! An installed `migrate` used in another project: it applies only a set the user named, and
//! refuses a database whose history belongs to another set.

use crate::common::{migrate, run, TempDir, TestDb};
use std::path::{Path, PathBuf};

/// A working directory outside this source tree (the system's temporary folder).
struct Elsewhere(PathBuf);

impl Elsewhere {
    fn new(tag: &str) -> Elsewhere {
        let dir = std::env::temp_dir().join(format!("sg-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!dir
            .canonicalize()
            .unwrap()
            .starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().unwrap()));
        Elsewhere(dir)
    }
}

impl Drop for Elsewhere {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn outside_its_tree_migrate_applies_nothing_it_was_not_told_to() {
    let db = TestDb::new("anywhere_none");
    let cwd = Elsewhere::new("none");
    for command in [&["up"][..], &["status"], &["verify"], &["exec", "--", "true"]] {
        let (code, out, err) = run(migrate(&db.url()).args(command).current_dir(&cwd.0));
        assert_eq!(code, 2, "{command:?}: {out}\n{err}");
        assert!(err.contains("no migrations named") && err.contains("--migrations-dir DIR"), "{err}");
        assert!(err.contains("--embedded"), "{err}");
    }
    assert!(!db.exists(), "nothing may be created");

    let (code, out, err) = run(migrate(&db.url()).arg("--embedded").current_dir(&cwd.0));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("✓ verify required tables: 9/9 present"), "{out}");
}

#[test]
fn a_folder_is_named_by_flag_environment_or_dotenv() {
    let cwd = Elsewhere::new("named");
    std::fs::create_dir_all(cwd.0.join("db")).unwrap();
    std::fs::write(cwd.0.join("db/20240101_init.sql"), "CREATE TABLE named_t (id INT);\n").unwrap();
    let ways: [(&str, fn(&mut std::process::Command, &Path)); 3] = [
        ("flag", |cmd, dir| {
            cmd.arg("--migrations-dir").arg(dir.join("db"));
        }),
        ("environment", |cmd, dir| {
            cmd.env("SCHEMAGATE_MIGRATIONS_DIR", dir.join("db"));
        }),
        ("dotenv", |_, dir| std::fs::write(dir.join(".env"), "SCHEMAGATE_MIGRATIONS_DIR=db\n").unwrap()),
    ];
    for (how, name) in ways {
        let db = TestDb::new("anywhere_named");
        let mut cmd = migrate(&db.url());
        name(cmd.current_dir(&cwd.0), &cwd.0);
        let (code, out, err) = run(&mut cmd);
        assert_eq!(code, 0, "{how}: {out}\n{err}");
        assert_eq!(db.tables(), ["named_t", "refinery_schema_history", "schemagate_journal"], "{how}");
    }
    let (code, _, err) = run(migrate("mysql://root@127.0.0.1/x").args(["--embedded", "--migrations-dir", "db"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_database_migrated_by_another_set_is_refused_with_the_reason() {
    let db = TestDb::new("anywhere_foreign");
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    let other = TempDir::new("anywhere_foreign");
    other.write("20250101_init.sql", "CREATE TABLE other_t (id INT);\n");
    let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(other.path()));
    assert_eq!(code, 6, "{out}\n{err}");
    assert!(err.contains("the database's history belongs to another set of migrations"), "{err}");
    assert!(err.contains("none of its 8 recorded migration(s) (20240115_initial_schema .. "), "{err}");
    assert!(!db.tables().contains(&"other_t".to_string()));
    let (_, out, _) = run(migrate(&db.url()).arg("status").arg("--migrations-dir").arg(other.path()));
    assert!(out.contains("belongs to another set"), "{out}");
}
