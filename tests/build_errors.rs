//! The compile-error path: a throwaway crate that uses schemagate's real `build.rs` on a
//! migrations folder of the test's making, built with cargo. Bad names must fail the build
//! naming every file and its fix; good folders must generate `REQUIRED_TABLES`.

use crate::common::TempDir;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Builds share one target folder; one build at a time.
static BUILD: Mutex<()> = Mutex::new(());

/// A throwaway crate built by schemagate's real `build.rs` (also used by `cli_new`).
pub(crate) struct Probe {
    dir: TempDir,
}

impl Probe {
    pub(crate) fn new(tag: &str) -> Probe {
        let dir = TempDir::new(tag);
        let build_rs = Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs");
        let manifest = format!(
            "[package]\nname = \"sg_build_probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\nbuild = {:?}\n\n\
             [build-dependencies]\nsiphasher = \"1\"\nbuild-helper = \"0.1\"\n\n[workspace]\n",
            build_rs.display().to_string()
        );
        dir.write("Cargo.toml", &manifest).write("Cargo.lock", &std::fs::read_to_string(lockfile()).unwrap());
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::create_dir_all(dir.path().join("migrations")).unwrap();
        dir.write("src/lib.rs", "");
        Probe { dir }
    }

    pub(crate) fn file(&self, name: &str, text: &str) -> &Probe {
        self.dir.write(&format!("migrations/{name}"), text);
        self
    }

    pub(crate) fn migrations_dir(&self) -> PathBuf {
        self.dir.path().join("migrations")
    }

    pub(crate) fn clear(&self) {
        let migrations = self.dir.path().join("migrations");
        std::fs::remove_dir_all(&migrations).unwrap();
        std::fs::create_dir_all(&migrations).unwrap();
    }

    /// Runs `cargo build`; returns success and stderr.
    pub(crate) fn build(&self) -> (bool, String) {
        self.cargo_build(&["--quiet"])
    }

    /// Runs `cargo build` without `--quiet`, which would hide the build script's warnings;
    /// returns success and the `warning:` lines.
    pub(crate) fn build_warnings(&self) -> (bool, Vec<String>) {
        let (ok, stderr) = self.cargo_build(&[]);
        (ok, stderr.lines().filter(|l| l.starts_with("warning:")).map(str::to_string).collect())
    }

    fn cargo_build(&self, extra: &[&str]) -> (bool, String) {
        let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
        let out = Command::new(env!("CARGO"))
            .args(["build", "--offline"])
            .args(extra)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", target_dir())
            .env_remove("SCHEMAGATE_MIGRATIONS_DIR")
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// The generated `migrations.rs` of the last successful build.
    pub(crate) fn generated(&self) -> String {
        let build = target_dir().join("debug/build");
        let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
        for entry in std::fs::read_dir(build).unwrap().flatten() {
            let file = entry.path().join("out/migrations.rs");
            if entry.file_name().to_string_lossy().starts_with("sg_build_probe-") && file.exists() {
                let modified = file.metadata().unwrap().modified().unwrap();
                if newest.as_ref().is_none_or(|(t, _)| modified > *t) {
                    newest = Some((modified, file));
                }
            }
        }
        std::fs::read_to_string(newest.expect("no generated file").1).unwrap()
    }
}

fn lockfile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("probe-target")
}

pub(crate) const BAD: [(&str, &str); 11] = [
    ("initial_schema.sql", "must start with the date"),
    ("2024011_init.sql", "exactly 8 digits"),
    ("20241301_init.sql", "no month 13"),
    ("20240230_init.sql", "has no day 30"),
    ("20240101_Init.sql", "uppercase"),
    ("20240101_add-col.sql", "hyphens"),
    ("20240101_add col.sql", "spaces"),
    ("20240101_init.SQL", "lowercase `.sql`"),
    ("20240101.sql", "description must follow"),
    ("rollback_20240102_orphan.sql", "rollback script without a migration"),
    ("20240103_empty.sql", "the file is empty"),
];

#[test]
fn malformed_names_fail_the_build_all_at_once_and_each_alone() {
    let probe = Probe::new("probe_bad");
    for (name, _) in BAD {
        probe.file(name, if name.contains("empty") { "" } else { "SELECT 1;" });
    }
    probe.file("20240104_good.sql", "CREATE TABLE ok (id INT);");
    let (ok, stderr) = probe.build();
    assert!(!ok, "the build must fail");
    assert!(stderr.contains("11 problem(s)"), "{stderr}");
    for (name, rule) in BAD {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("- {name}:")))
            .unwrap_or_else(|| panic!("{name} not named:\n{stderr}"));
        assert!(line.contains(rule), "{name}: {line}");
        assert!(
            line.contains("rename it, for example to") || line.contains("delete") || line.contains("write"),
            "{line}"
        );
    }
    for (name, rule) in BAD {
        probe.clear();
        probe.file(name, if name.contains("empty") { "  \n" } else { "SELECT 1;" });
        let (ok, stderr) = probe.build();
        assert!(!ok, "{name} alone must fail the build");
        assert!(stderr.contains(name) && stderr.contains(rule), "{name}:\n{stderr}");
    }
}

#[test]
fn required_tables_grow_with_create_and_shrink_with_drop() {
    let probe = Probe::new("probe_good");
    probe.file("20240101_init.sql", "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);").file("README.md", "# notes");
    let (ok, stderr) = probe.build();
    assert!(ok, "{stderr}");
    assert!(probe.generated().contains("REQUIRED_TABLES: &[&str] = &[\"a\", \"b\"];"), "{}", probe.generated());

    probe.file("20240102_add_c.sql", "CREATE TABLE IF NOT EXISTS `c` (id INT);");
    assert!(probe.build().0);
    assert!(probe.generated().contains("&[\"a\", \"b\", \"c\"]"), "{}", probe.generated());

    probe.file("20240103_drop_a.sql", "DROP TABLE a;");
    assert!(probe.build().0);
    let generated = probe.generated();
    assert!(generated.contains("&[\"b\", \"c\"]"), "{generated}");
    assert!(generated.starts_with("// @generated"), "{generated}");
    assert!(generated.contains("version: 2024010301"), "{generated}");
}
