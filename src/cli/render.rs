//! Human rendering of library reports: one line per step and per table, `✓`/`✗`, a verdict.
//! Plain text; the marks are coloured only on a terminal without `NO_COLOR`.

use super::output;
use crate::db::DatabaseState;
use crate::gate::{GateReport, TableCheck};
use std::fmt::Write;

/// `✓` or `✗` (green or red on a colour terminal).
pub fn mark(ok: bool) -> &'static str {
    match (ok, output::color()) {
        (true, false) => "✓",
        (false, false) => "✗",
        (true, true) => "\x1b[32m✓\x1b[0m",
        (false, true) => "\x1b[31m✗\x1b[0m",
    }
}

/// The startup gate's report.
pub fn gate_report(report: &GateReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    let connected = report.database.is_some();
    let _ = writeln!(out, "{} connect to the server", mark(connected));
    match report.database {
        Some(DatabaseState::Created) => out.push_str(&format!("{} database created\n", mark(true))),
        Some(DatabaseState::Existed) => out.push_str(&format!("{} database exists\n", mark(true))),
        Some(DatabaseState::Missing) => out.push_str("- database does not exist yet (a real run creates it)\n"),
        None => {}
    }
    if connected && !report.tables_before.is_empty() {
        if report.tables_before == report.tables_after {
            // Nothing changed them: one summary line here, one line per table below.
            let present = report.tables_before.iter().filter(|t| t.present).count();
            let all = present == report.tables_before.len();
            let _ = writeln!(
                out,
                "{} required tables before migrating: {present}/{} present",
                mark(all),
                report.tables_before.len()
            );
        } else {
            tables(&mut out, "required tables before migrating", &report.tables_before);
        }
    }
    if connected {
        let _ = writeln!(out, "{} {} migration(s) already applied", mark(true), report.already_applied);
    }
    if report.dry_run {
        dry_run(&mut out, report);
        return out;
    }
    for run in &report.runs {
        let _ =
            write!(out, "{} applied {} in {:.1?} ({} statement(s)", mark(true), run.name, run.duration, run.executed);
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
        let _ = writeln!(out, "{} migrating stopped: see the error below", mark(false));
    }
    if !report.tables_after.is_empty() {
        tables(&mut out, "verify required tables", &report.tables_after);
    }
    if connected {
        let _ = writeln!(out, "{} {} migration(s) pending", mark(report.pending_after == 0), report.pending_after);
        if report.deferred > 0 {
            let _ = writeln!(out, "- {} later migration(s) not applied, as asked (--to)", report.deferred);
        }
    }
    let verdict = if report.healthy() { "database healthy" } else { "database NOT healthy" };
    let _ = writeln!(out, "{} {verdict}", mark(report.healthy()));
    out
}

fn dry_run(out: &mut String, report: &GateReport) {
    let _ = writeln!(out, "dry run: {} migration(s) would be applied; nothing was changed", report.planned.len());
    for m in &report.planned {
        let _ = write!(out, "\n-- {} (version {})", m.file, m.version);
        if m.resumed > 0 {
            let _ = write!(out, ", resuming after {} statement(s) already run", m.resumed);
        }
        if m.out_of_order {
            out.push_str(", out of order");
        }
        out.push('\n');
        for (index, line, text) in &m.statements {
            let _ = writeln!(out, "-- statement {index} (line {line})\n{text};");
        }
    }
    if report.deferred > 0 {
        let _ = writeln!(out, "\n{} later migration(s) after --to are not part of this run", report.deferred);
    }
}

/// A titled list of required tables with `✓`/`✗` and a count.
pub fn tables(out: &mut String, title: &str, checks: &[TableCheck]) {
    let present = checks.iter().filter(|t| t.present).count();
    let _ = writeln!(out, "{} {title}: {present}/{} present", mark(present == checks.len()), checks.len());
    for t in checks {
        let _ = writeln!(out, "  {} {}", mark(t.present), t.name);
    }
}
