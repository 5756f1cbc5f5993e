//! Scans `migrations/` and writes the migration table to `OUT_DIR/migrations.rs`.
//!
//! Every problem of every file is collected in one pass and the build fails once, listing for
//! each file the rule it breaks and a valid example name. The output is only rewritten when
//! its bytes change, and cargo is told to rerun when the folder or any file in it changes, so
//! a file dropped into `migrations/` is picked up by the next `cargo run` with no other edit.
//!
//! After a successful scan it warns (never fails) when a file's header comments disagree with
//! its name, or when the History list of `migrations/README.md` and the folder disagree.
//!
//! `SCHEMAGATE_MIGRATIONS_DIR` points the scan at another folder (benchmarks and tests).

#[path = "src/classify.rs"]
#[allow(dead_code)]
mod classify;
#[path = "src/codegen.rs"]
mod codegen;
#[path = "src/folder.rs"]
#[allow(dead_code)]
mod folder;
#[path = "src/generate.rs"]
#[allow(dead_code)]
mod generate;
#[path = "src/naming.rs"]
#[allow(dead_code)]
mod naming;
#[path = "src/readme.rs"]
#[allow(dead_code)]
mod readme;
#[path = "src/scan.rs"]
#[allow(dead_code)]
mod scan;
#[path = "src/split.rs"]
#[allow(dead_code)]
mod split;

use std::path::PathBuf;

const SHARED_SOURCES: &[&str] = &[
    "build.rs",
    "src/classify.rs",
    "src/classify/alter.rs",
    "src/classify/lexer.rs",
    "src/classify/rerun.rs",
    "src/codegen.rs",
    "src/folder.rs",
    "src/generate.rs",
    "src/naming.rs",
    "src/readme.rs",
    "src/readme/check.rs",
    "src/scan.rs",
    "src/scan/online.rs",
    "src/split.rs",
    "src/split/server.rs",
];

fn main() {
    let manifest_dir = build_helper::cargo::manifest::dir();
    for source in SHARED_SOURCES {
        let path = manifest_dir.join(source);
        if path.exists() {
            build_helper::rerun_if_changed(path);
        }
    }
    println!("cargo:rerun-if-env-changed=SCHEMAGATE_MIGRATIONS_DIR");
    let dir = match std::env::var_os("SCHEMAGATE_MIGRATIONS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => manifest_dir.join("migrations"),
    };
    generate::run(&dir, &build_helper::out_dir().join("migrations.rs"));
}
