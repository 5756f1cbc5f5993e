//! The differential check of issue 9: the `mariadb` client is the reference. A list of files
//! is applied by the client into one fresh database and by schemagate (`gate::run`, one
//! migration per file, in order) into another; the two fingerprints must be equal, and a
//! second schemagate run must apply nothing and change nothing.
//!
//! Both sides start alike: the client's database is created as schemagate creates its own
//! (`CHARACTER SET utf8mb4`, the server's default collation for it), and the client connects with
//! `--default-character-set=utf8mb4` (see `client_apply`), as schemagate does.

use super::fingerprint::{fingerprint, Fingerprint};
use super::{admin, client_apply, TestDb};
use mysql::prelude::Queryable;
use schemagate::gate::{self, GateOptions, GateReport};
use schemagate::migration;
use schemagate::scan::SourceFile;
use schemagate::MigrationSet;
use std::panic::AssertUnwindSafe;

/// How a list of files fared.
#[derive(Debug)]
pub enum Outcome {
    /// Same objects and data; the second run applied nothing.
    Same(Fingerprint),
    /// The client itself failed on a file: not a valid case.
    ClientRejected { file: String, error: String },
    /// schemagate refused the files before touching the server (a build-time problem).
    Refused(String),
    /// schemagate's run failed or left the database unhealthy.
    Failed(String),
    /// Both applied, with different results (the first differences, by name).
    Differs(Vec<String>),
    /// The second schemagate run applied something, failed, or changed the result.
    Rerun(String),
    /// schemagate panicked (the message).
    Panicked(String),
    /// The comparison itself failed (the server refused a fingerprint query...): not a
    /// verdict on schemagate.
    Harness(String),
}

impl Outcome {
    /// One line for a summary table (`differs`, `refused`...).
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Same(_) => "same",
            Outcome::ClientRejected { .. } => "client rejected",
            Outcome::Refused(_) => "refused",
            Outcome::Failed(_) => "failed",
            Outcome::Differs(_) => "differs",
            Outcome::Rerun(_) => "rerun not a no-op",
            Outcome::Panicked(_) => "panicked",
            Outcome::Harness(_) => "harness error",
        }
    }

    /// The details, for a failure message.
    pub fn details(&self) -> String {
        match self {
            Outcome::Same(_) => String::new(),
            Outcome::ClientRejected { file, error } => format!("{file}: {error}"),
            Outcome::Refused(e)
            | Outcome::Failed(e)
            | Outcome::Rerun(e)
            | Outcome::Panicked(e)
            | Outcome::Harness(e) => e.clone(),
            Outcome::Differs(lines) => lines.join("\n    "),
        }
    }
}

/// How many differences are reported.
const SHOWN: usize = 12;

/// The migration file name for the `index`-th (0-based) file called `name`: one date, the
/// position first so the order is kept, the name reduced to the grammar's characters.
pub fn migration_name(index: usize, name: &str) -> String {
    let stem: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("20240101_f{:02}_{}.sql", index + 1, stem.trim_matches('_'))
}

/// Applies `files` (`(name, text)`, in order) both ways and compares. `tag` names the two
/// databases (a short ASCII word).
pub fn compare(tag: &str, files: &[(String, String)]) -> Outcome {
    let client = match client_database(tag, files) {
        Ok(db) => db,
        Err(rejected) => return rejected,
    };
    let sources = files
        .iter()
        .enumerate()
        .map(|(i, (name, text))| SourceFile { name: migration_name(i, name), text: text.clone() })
        .collect();
    let set = match migration::set_from_sources(sources) {
        Ok(set) => set,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let ours = TestDb::new(&format!("{tag}_s"));
    let report = match run(&ours, &set) {
        Ok(report) => report,
        Err(panic) => return panic,
    };
    if !report.healthy() {
        return Outcome::Failed(
            report.error.as_ref().map_or_else(|| format!("not healthy: {report:?}"), ToString::to_string),
        );
    }
    let expected = fingerprint(&mut client.conn(), &client.name);
    let got = fingerprint(&mut ours.conn(), &ours.name);
    let differences = expected.differences(&got, ("client", "schemagate"), SHOWN);
    if !differences.is_empty() {
        return Outcome::Differs(differences);
    }
    let again = match run(&ours, &set) {
        Ok(report) => report,
        Err(panic) => return panic,
    };
    if !again.healthy() || !again.runs.is_empty() {
        let what =
            again.error.map_or_else(|| format!("{} migration(s) applied again", again.runs.len()), |e| e.to_string());
        return Outcome::Rerun(what);
    }
    let after = fingerprint(&mut ours.conn(), &ours.name);
    let changed = expected.differences(&after, ("client", "schemagate after a second run"), SHOWN);
    if !changed.is_empty() {
        return Outcome::Rerun(changed.join("\n    "));
    }
    Outcome::Same(expected)
}

/// A database created as schemagate creates its own (so default collations compare) with
/// `files` applied by the client; `ClientRejected` when the client fails on one.
pub fn client_database(tag: &str, files: &[(String, String)]) -> Result<TestDb, Outcome> {
    let client = TestDb::new(&format!("{tag}_c"));
    admin().query_drop(format!("CREATE DATABASE `{}` CHARACTER SET utf8mb4", client.name)).unwrap();
    for (name, text) in files {
        client_apply(&client.name, text).map_err(|error| Outcome::ClientRejected { file: name.clone(), error })?;
    }
    Ok(client)
}

/// `gate::run` with a panic caught and returned as an outcome (a case must not end a run of
/// thousands).
fn run(db: &TestDb, set: &MigrationSet) -> Result<GateReport, Outcome> {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| gate::run(&db.settings(), set, &GateOptions::default())));
    result.map_err(|panic| Outcome::Panicked(panic_message(&*panic)))
}

/// The text of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic.downcast_ref::<String>().cloned();
    text.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}
