//! `examples/app`, an application crate with its own migrations folder: it builds with its
//! folder embedded, its own test runs its gate against the real server, and a badly named
//! file in a throwaway copy fails its build with the usual message.

use crate::common::{server_url, TempDir};
use std::path::{Path, PathBuf};
use std::process::Command;

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/app")
}

/// `cargo <args>` in `dir`, offline, with a target folder shared by both tests.
fn cargo(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-app-target"))
        .env("SCHEMAGATE_TEST_URL", server_url())
        .env_remove("SCHEMAGATE_MIGRATIONS_DIR")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn the_example_app_embeds_its_folder_and_its_gate_passes() {
    let (ok, out) = cargo(&app_dir(), &["test", "--quiet"]);
    assert!(ok, "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

#[test]
fn a_badly_named_file_fails_the_example_apps_build() {
    let copy = TempDir::new("example_app");
    std::fs::create_dir_all(copy.path().join("src")).unwrap();
    std::fs::create_dir_all(copy.path().join("migrations")).unwrap();
    let manifest = std::fs::read_to_string(app_dir().join("Cargo.toml")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).display().to_string();
    copy.write("Cargo.toml", &manifest.replace("path = \"../..\"", &format!("path = {repo:?}")));
    for file in ["Cargo.lock", "build.rs", "src/lib.rs", "src/main.rs"] {
        copy.write(file, &std::fs::read_to_string(app_dir().join(file)).unwrap());
    }
    for entry in std::fs::read_dir(app_dir().join("migrations")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.path().join("migrations").join(entry.file_name())).unwrap();
    }
    copy.write("migrations/2025-01-03_add_users.sql", "CREATE TABLE users (id INT);\n");
    let (ok, out) = cargo(copy.path(), &["build", "--quiet"]);
    assert!(!ok, "the build must fail:\n{out}");
    assert!(out.contains("1 problem(s) in the migrations folder"), "{out}");
    assert!(out.contains("- 2025-01-03_add_users.sql:") && out.contains("rename it, for example to"), "{out}");
}
