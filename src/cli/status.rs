//! `migrate status`: every migration's state, the required tables and the lock holder, as a
//! table for people or `--json` for machines. Reads only; `--exit-code` turns the verdict into
//! the exit code for CI and readiness probes.
//!
//! The JSON shape is interface, documented in the README and versioned by `schema_version`:
//! fields may be added within a version, never renamed, retyped or removed.

use super::render::{mark, tables};
use super::{fail, output, ConnectionArgs};
use crate::error::exit;
use crate::status::{self, MigrationStatus, State, StatusReport};
use clap::Args;
use serde_json::{json, Value};
use std::fmt::Write;

/// The `schema_version` of `status --json`.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Args, Clone, Default)]
pub struct StatusArgs {
    /// Print one JSON document (the shape documented in the README, "schema_version": 1)
    #[arg(long)]
    pub json: bool,
    /// Exit 5 when anything is pending or a required table is missing, 6 when the history and
    /// the files disagree (without it, status exits 0 whenever it could read the database)
    #[arg(long)]
    pub exit_code: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &StatusArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let mut report = match status::status(&settings, &set) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    if !args.json {
        report.target = super::target_line(&report.target, &settings);
    }
    if args.json {
        let mut json = to_json(&report);
        // How the connection travelled: "encrypted (TLS; ...)", "NOT encrypted ...", "Unix socket, local".
        let transport = settings.transport.lock().ok().and_then(|t| t.as_ref().map(ToString::to_string));
        json["transport"] = transport.into();
        output::out(&format!("{json:#}\n"));
    } else {
        output::out(&render(&report));
    }
    if args.exit_code {
        report.exit_code()
    } else {
        exit::OK
    }
}

/// The report as `status --json` prints it.
pub fn to_json(report: &StatusReport) -> Value {
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "target": report.target,
        "database": report.database,
        "database_exists": report.database_exists,
        "healthy": report.healthy(),
        "diverged": report.diverged(),
        "pending": report.pending(),
        "migrations": report.migrations.iter().map(migration_json).collect::<Vec<_>>(),
        "required_tables": report.required_tables.iter()
            .map(|t| json!({ "name": t.name, "present": t.present }))
            .collect::<Vec<_>>(),
        "lock": report.lock.as_ref().map(|h| json!({
            "name": report.lock_name,
            "connection_id": h.connection_id,
            "user": h.user,
            "host": h.host,
        })),
    })
}

fn migration_json(m: &MigrationStatus) -> Value {
    json!({
        "version": m.version,
        "name": m.name,
        "file": m.file,
        "state": m.state.key(),
        "applied_on": m.state.applied_on(),
        "duration_ms": m.timing.map(|t| t.duration.as_micros() as f64 / 1000.0),
        "statements": m.statements,
        "statements_run": m.timing.map(|t| t.statements),
        "problem": m.problem,
    })
}

/// The human report: one line per migration, the tables, the lock, a summary.
pub fn render(report: &StatusReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    database_line(&mut out, report);
    let width = report.migrations.iter().map(|m| m.name.as_deref().map_or(1, str::len)).max().unwrap_or(0);
    let _ = writeln!(out, "migrations: {}", report.migrations.len());
    for m in &report.migrations {
        migration_line(&mut out, m, width);
    }
    if report.diverged() {
        out.push_str("✗ the history and the migration files disagree:\n");
        for problem in report.problems() {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    for problem in report.unwritten() {
        let _ = writeln!(out, "✗ {problem}");
    }
    tables(&mut out, "required tables", &report.required_tables);
    match &report.lock {
        Some(holder) => {
            let _ = writeln!(out, "· lock `{}`: held by {holder} (a runner is migrating)", report.lock_name);
        }
        None => {
            let _ = writeln!(out, "· lock `{}`: free", report.lock_name);
        }
    }
    let verdict = if report.healthy() { "healthy" } else { "NOT healthy" };
    let _ = writeln!(out, "{} {}: {verdict}", mark(report.healthy()), summary(report));
    out
}

pub(super) fn database_line(out: &mut String, report: &StatusReport) {
    if report.database_exists {
        let _ = writeln!(out, "✓ database `{}` exists", report.database);
    } else {
        let _ = writeln!(out, "✗ database `{}` does not exist (`migrate` creates it)", report.database);
    }
}

fn migration_line(out: &mut String, m: &MigrationStatus, width: usize) {
    let (mark, label) = match &m.state {
        State::Applied { .. } => ('✓', "applied"),
        State::Pending => ('·', "pending"),
        State::InProgress { .. } => ('…', "in progress"),
        State::Changed { .. } => ('✗', "changed"),
        State::OutOfOrder => ('✗', "out of order"),
        State::Missing { .. } => ('✗', "missing"),
        State::Renamed { .. } => ('✗', "renamed"),
    };
    let name = m.name.as_deref().unwrap_or("?");
    let _ = write!(out, "  {mark} {label:<12} {}  {name:<width$}", m.version);
    if let Some(on) = m.state.applied_on() {
        let _ = write!(out, "  {}", short_time(on));
    }
    if let State::InProgress { done, of } = m.state {
        let _ = write!(out, "  {done}/{of} statements ran");
    } else if let Some(t) = m.timing {
        let _ = write!(out, "  {} ({} statement(s))", super::render::duration(t.duration), t.statements);
    }
    let line_end = out.trim_end_matches(' ').len();
    out.truncate(line_end);
    out.push('\n');
}

/// `2024-01-15T10:00:00.123456789Z` as `2024-01-15 10:00:00`; other formats as they are.
fn short_time(rfc3339: &str) -> String {
    match rfc3339.get(..19) {
        Some(head) if head.as_bytes().get(10) == Some(&b'T') => format!("{} UTC", head.replacen('T', " ", 1)),
        _ => rfc3339.to_string(),
    }
}

/// `8 applied, 1 pending, 1 changed`: the non-zero counts, in a fixed order.
fn summary(report: &StatusReport) -> String {
    let order = [
        ("applied", "applied"),
        ("pending", "pending"),
        ("in_progress", "in progress"),
        ("changed", "changed"),
        ("out_of_order", "out of order"),
        ("missing", "missing"),
        ("renamed", "renamed"),
    ];
    let parts: Vec<String> = order
        .iter()
        .filter_map(|(key, label)| Some(report.count(key)).filter(|&n| n > 0).map(|n| format!("{n} {label}")))
        .collect();
    if parts.is_empty() {
        "no migrations".to_string()
    } else {
        parts.join(", ")
    }
}
