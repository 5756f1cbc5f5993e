//! `migrate check`: tries the migrations in isolation. Creates a scratch database on the same
//! server (`<db>_check_<random>`), runs the whole gate there (apply everything, verify), drops
//! it, and reports.
//!
//! Invariants: the target database is never opened, so nothing else changes. The scratch
//! database is created with a plain `CREATE DATABASE`, so a name that is already taken is never
//! adopted (nor dropped); once created it is dropped on every path: explicitly after the gate,
//! and by the scratch guard's `Drop` should anything unwind first.

use crate::config::{validate_database_name, Settings};
use crate::db;
use crate::error::{Error, Result};
use crate::gate::{self, GateOptions, GateReport};
use crate::migration::MigrationSet;
use mysql::Conn;
use std::hash::{BuildHasher, Hasher};

/// Marks scratch databases: `<db>_check_<8 hex digits>`.
pub const SCRATCH_INFIX: &str = "_check_";
/// Scratch names tried before giving up (each is random; a clash is already unlikely).
const ATTEMPTS: usize = 5;

/// What `check` did.
#[derive(Debug)]
pub struct CheckReport {
    /// The scratch database's name.
    pub scratch: String,
    /// The gate's report on the scratch database.
    pub gate: GateReport,
    /// Why the scratch database could not be dropped, if it could not (it is then left behind).
    pub drop_error: Option<Error>,
}

impl CheckReport {
    /// Every migration applied, the scratch database verified and dropped.
    pub fn passed(&self) -> bool {
        self.gate.healthy() && self.drop_error.is_none()
    }

    /// The gate's exit code; when the gate passed but the drop failed, the drop error's.
    pub fn exit_code(&self) -> i32 {
        match (&self.drop_error, self.gate.exit_code()) {
            (Some(e), crate::error::exit::OK) => e.exit_code(),
            (_, code) => code,
        }
    }
}

/// Applies `set` to a fresh scratch database next to `settings.database` and drops it. Errors
/// only when the scratch database could not be created; everything after is in the report.
pub fn run(settings: &Settings, set: &MigrationSet, options: &GateOptions) -> Result<CheckReport> {
    let mut scratch = Scratch::create(settings)?;
    let mut gate = gate::run(&scratch.settings(), set, options);
    let drop_error = scratch.drop_now().err();
    if let Some(Error::StatementFailed { resume, .. }) = &mut gate.error {
        // Nothing resumes on a scratch database that is gone: a fixed file runs from the top.
        resume.clear();
    }
    Ok(CheckReport { scratch: scratch.name.clone(), gate, drop_error })
}

/// `<database>_check_<suffix>`, the database part shortened so the whole fits in 64 characters.
pub fn scratch_name(database: &str, suffix: &str) -> Result<String> {
    let room = 64usize.saturating_sub(SCRATCH_INFIX.len() + suffix.len());
    let mut end = database.len().min(room);
    while !database.is_char_boundary(end) {
        end -= 1;
    }
    let name = format!("{}{SCRATCH_INFIX}{suffix}", &database[..end]);
    validate_database_name(&name)?;
    Ok(name)
}

/// Eight hex digits from the standard library's randomly seeded hasher.
fn random_suffix() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.write_u32(std::process::id());
    format!("{:08x}", hasher.finish() as u32)
}

/// A scratch database next to the target; dropped on drop unless [`Scratch::drop_now`]
/// already did.
pub struct Scratch {
    conn: Option<Conn>,
    pub name: String,
    settings: Settings,
}

impl Scratch {
    /// Creates `<db>_check_<random>` with a plain `CREATE DATABASE`, so a name that is taken
    /// is never adopted (nor dropped).
    pub fn create(settings: &Settings) -> Result<Scratch> {
        let mut conn = db::connect_server(settings)?;
        let mut attempts = 0;
        let name = loop {
            let name = scratch_name(&settings.database, &random_suffix())?;
            if db::create_new_database(&mut conn, &name, settings.collation.as_deref())? {
                break name;
            }
            attempts += 1;
            if attempts == ATTEMPTS {
                return Err(Error::Invalid(format!(
                    "{ATTEMPTS} scratch database names like `{name}` were all taken on {}; drop the \
                     leftover `{}{SCRATCH_INFIX}...` databases and run again",
                    settings.redacted_url(),
                    settings.database
                )));
            }
        };
        Ok(Scratch { conn: Some(conn), name, settings: settings.clone() })
    }

    /// The settings of the target with the scratch database instead.
    pub fn settings(&self) -> Settings {
        Settings { database: self.name.clone(), ..self.settings.clone() }
    }

    /// Drops the database, on a fresh connection if the first one no longer works.
    pub fn drop_now(&mut self) -> Result<()> {
        let Some(mut conn) = self.conn.take() else { return Ok(()) };
        if db::drop_database(&mut conn, &self.name).is_ok() {
            return Ok(());
        }
        db::connect_server(&self.settings).and_then(|mut conn| db::drop_database(&mut conn, &self.name))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(e) = self.drop_now() {
            log::warn!("{e}; the scratch database `{}` is left behind: drop it by hand", self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_names_fit_and_are_valid() {
        assert_eq!(scratch_name("aideveloper", "0a1b2c3d").unwrap(), "aideveloper_check_0a1b2c3d");
        let long = "d".repeat(64);
        let name = scratch_name(&long, "0a1b2c3d").unwrap();
        assert_eq!(name.len(), 64);
        assert!(name.ends_with("_check_0a1b2c3d"), "{name}");
        assert!(scratch_name("x", "bad-suffix").is_err());
    }

    #[test]
    fn suffixes_differ() {
        let a = random_suffix();
        assert_eq!(a.len(), 8);
        assert!((0..5).any(|_| random_suffix() != a));
    }
}
