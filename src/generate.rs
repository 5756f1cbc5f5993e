//! The build-time generator: scans a migrations folder and either fails the build, listing
//! every problem of every file with its fix, or writes the migration table that
//! [`include_migrations!`](crate::include_migrations) puts into the crate, and tells cargo to
//! rerun when the folder or any file in it changes.
//!
//! This crate's own `build.rs` runs it (through `#[path]`); an application's build script
//! calls [`migrations`] with its folder. It prints cargo's directives (`cargo:rerun-if-changed`,
//! `cargo:warning`) and the problem report, which is what a build script is for; nothing else
//! in the library prints. std only.

use crate::folder;
use std::path::Path;

/// For an application's `build.rs`: generates the table of `dir` (relative to the crate's
/// manifest folder) into `OUT_DIR/migrations.rs`; fails the build on any problem.
///
/// ```text
/// fn main() {
///     schemagate::generate::migrations("migrations");
/// }
/// ```
pub fn migrations(dir: impl AsRef<Path>) {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("call this from a build script (CARGO_MANIFEST_DIR)");
    let out = std::env::var_os("OUT_DIR").expect("call this from a build script (OUT_DIR)");
    run(&Path::new(&manifest).join(dir), &Path::new(&out).join("migrations.rs"));
}

/// Scans `dir`; on problems prints the report and exits 1 (the build fails), else writes the
/// table to `out` when its bytes changed. Warnings become cargo warnings.
pub fn run(dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let found = folder::read(dir);
    for entry in &found.entries {
        println!("cargo:rerun-if-changed={}", entry.display());
    }
    let scan = match folder::check(&found, crate::naming::today()) {
        Ok((scan, warnings)) => {
            for warning in warnings {
                println!("cargo:warning=migrations/{warning}");
            }
            scan
        }
        Err(problems) => {
            eprint!("{}", folder::problem_report(dir, &problems));
            std::process::exit(1);
        }
    };
    let paths: Vec<String> = found.paths.iter().map(|p| p.display().to_string()).collect();
    let code = crate::codegen::render(&scan, &found.files, &paths);
    if std::fs::read(out).ok().as_deref() != Some(code.as_bytes()) {
        if let Err(e) = std::fs::write(out, code) {
            panic!("cannot write {}: {e}", out.display());
        }
    }
}
