//! Human rendering of library reports: one line per step and per table, `✓`/`✗`, a verdict.
//! Plain text, no colour, so it reads the same in a terminal, a log file and CI.

use crate::db::DatabaseState;
use crate::gate::{GateReport, TableCheck};
use std::fmt::Write;

fn mark(ok: bool) -> char {
    if ok {
        '✓'
    } else {
        '✗'
    }
}

/// The startup gate's report.
pub fn gate_report(report: &GateReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    let connected = report.database.is_some();
    let _ = writeln!(out, "{} connect to the server", mark(connected));
    match report.database {
        Some(DatabaseState::Created) => out.push_str("✓ database created\n"),
        Some(DatabaseState::Existed) => out.push_str("✓ database exists\n"),
        None => {}
    }
    if connected && !report.tables_before.is_empty() {
        tables(&mut out, "required tables before migrating", &report.tables_before);
    }
    if connected {
        let _ = writeln!(out, "✓ {} migration(s) already applied", report.already_applied);
    }
    for run in &report.runs {
        let _ = write!(out, "✓ applied {} in {:.1?} ({} statement(s)", run.name, run.duration, run.executed);
        if run.resumed > 0 {
            let _ = write!(out, ", resumed after {} already run", run.resumed);
        }
        if !run.tolerated.is_empty() {
            let _ = write!(out, ", {} already done", run.tolerated.len());
        }
        if run.out_of_order {
            out.push_str(", out of order");
        }
        out.push_str(")\n");
    }
    if report.error.is_some() && connected {
        out.push_str("✗ migrating stopped: see the error below\n");
    }
    if !report.tables_after.is_empty() {
        tables(&mut out, "verify required tables", &report.tables_after);
    }
    if connected {
        let _ = writeln!(out, "{} {} migration(s) pending", mark(report.pending_after == 0), report.pending_after);
    }
    let verdict = if report.healthy() { "✓ database healthy" } else { "✗ database NOT healthy" };
    let _ = writeln!(out, "{verdict}");
    out
}

fn tables(out: &mut String, title: &str, checks: &[TableCheck]) {
    let present = checks.iter().filter(|t| t.present).count();
    let _ = writeln!(out, "{} {title}: {present}/{} present", mark(present == checks.len()), checks.len());
    for t in checks {
        let _ = writeln!(out, "  {} {}", mark(t.present), t.name);
    }
}
