//! Building `migrate` with a generated folder compiled in, and timing the build.
//!
//! All builds go to the benchmark's own cargo target directory, so that waiting for another
//! build's lock never counts as build time and the per-size binaries never replace anybody's
//! `target/release/migrate`.

use crate::measure::{self, Sample};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Dev,
    Release,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Dev => "debug",
            Profile::Release => "release",
        }
    }
}

pub struct Builder {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    pub logs: PathBuf,
}

impl Builder {
    /// `cargo build --bin migrate` with `migrations` compiled in; returns the wall time.
    pub fn build(&self, profile: Profile, migrations: &Path) -> Result<Duration, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.arg("build").arg("--bin").arg("migrate").arg("--quiet");
        if profile == Profile::Release {
            cmd.arg("--release");
        }
        cmd.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env("SCHEMAGATE_MIGRATIONS_DIR", migrations);
        let log = self.logs.join(format!("cargo-build-{}", profile.dir()));
        let started = Instant::now();
        measure::run(&mut cmd, None, &log)?;
        Ok(started.elapsed())
    }

    /// The `migrate` binary of the last `build`.
    pub fn binary(&self, profile: Profile) -> PathBuf {
        self.target_dir.join(profile.dir()).join("migrate")
    }

    /// The compiled build script of the last `build` (the newest `schemagate-*` one).
    pub fn build_script(&self, profile: Profile) -> Result<PathBuf, String> {
        let dir = self.target_dir.join(profile.dir()).join("build");
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("schemagate-"))
            .map(|e| e.path().join("build-script-build"))
            .filter(|p| p.is_file())
            .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
            .ok_or_else(|| format!("no compiled build script of schemagate under {}", dir.display()))
    }

    /// Runs the compiled build script once against `migrations`, as cargo would, writing into
    /// a fresh `OUT_DIR` (so the generated file is always written, the slower case).
    pub fn run_build_script(&self, script: &Path, migrations: &Path, out_dir: &Path) -> Result<Sample, String> {
        let _ = std::fs::remove_dir_all(out_dir);
        std::fs::create_dir_all(out_dir).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(script);
        cmd.current_dir(&self.root)
            .env("CARGO_MANIFEST_DIR", &self.root)
            .env("OUT_DIR", out_dir)
            .env("SCHEMAGATE_MIGRATIONS_DIR", migrations);
        measure::run(&mut cmd, None, &self.logs.join("build-script"))
    }
}
