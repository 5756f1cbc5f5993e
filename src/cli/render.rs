//! Human rendering of library reports: one line per step, `✓`/`✗`, a verdict. Plain text
//! (the marks are coloured by [`output`](super::output) when it prints to a terminal).

use crate::apply::MigrationRun;
use crate::db::DatabaseState;
use crate::gate::{GateReport, TableCheck};
use std::fmt::Write;
use std::time::Duration;

/// `✓` or `✗`. Plain text: [`output`](super::output) colours the marks on a terminal, so the log files and
/// every command get the same bytes.
pub fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// The startup gate's report, whole: [`gate_head`], [`gate_checked`], one [`gate_run`] line
/// per migration applied and [`gate_tail`]. The command line prints the same parts one by one
/// as the steps happen.
pub fn gate_report(report: &GateReport) -> String {
    let mut out = gate_head(report);
    out.push_str(&gate_checked(report));
    for run in &report.runs {
        out.push_str(&gate_run(run));
    }
    out.push_str(&gate_tail(report));
    out
}

/// The first line: which server and database.
pub fn gate_head(report: &GateReport) -> String {
    format!(
        "schemagate: {}
",
        report.target
    )
}

/// Connection, database, required tables and history as found before migrating.
pub fn gate_checked(report: &GateReport) -> String {
    let mut out = String::new();
    // A read-only server (a replica) is refused right after connecting.
    let read_only = matches!(&report.error, Some(crate::error::Error::ReadOnly { .. }));
    let connected = report.database.is_some() || read_only;
    let _ = writeln!(out, "{} connect to the server", mark(connected));
    if read_only && report.database.is_none() {
        out.push_str("✗ server writable (it is read-only: a replica?)\n");
    }
    match report.database {
        Some(DatabaseState::Created) => out.push_str("✓ database created\n"),
        Some(DatabaseState::Existed) => out.push_str("✓ database exists\n"),
        Some(DatabaseState::Missing) => out.push_str("- database does not exist yet (a real run creates it)\n"),
        None => return out,
    }
    let checks = &report.tables_before;
    let present = checks.iter().filter(|t| t.present).count();
    if present < checks.len() && report.pending_before > 0 {
        // Not a failure yet: the migrations about to run are what create them.
        let _ = writeln!(
            out,
            "- required tables: {present}/{} present; {} pending migration(s) to apply, then they are checked again",
            checks.len(),
            report.pending_before
        );
    } else if !checks.is_empty() {
        missing_tables(&mut out, "required tables", checks);
    }
    let _ = writeln!(out, "{} {} migration(s) already applied", mark(true), report.already_applied);
    out
}

/// One migration applied.
pub fn gate_run(run: &MigrationRun) -> String {
    let mut out =
        format!("{} applied {} in {} ({} statement(s)", mark(true), run.name, duration(run.duration), run.executed);
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
    out
}

/// What the run left: the tables and history checked again, and the verdict (or, for a dry
/// run, the plan).
pub fn gate_tail(report: &GateReport) -> String {
    let mut out = String::new();
    if report.dry_run {
        dry_run(&mut out, report);
        return out;
    }
    let connected = report.database.is_some();
    if report.error.is_some() && connected {
        let _ = writeln!(out, "{} migrating stopped: see the error below", mark(false));
    }
    if report.verified {
        let checks = &report.tables_after;
        let present = checks.iter().filter(|t| t.present).count();
        if report.deferred > 0 && present < checks.len() {
            let _ = writeln!(
                out,
                "- required tables: {present}/{} present; the others come with the {} later migration(s) that --to leaves out",
                checks.len(),
                report.deferred
            );
        } else if report.pending_before > 0 && !checks.is_empty() {
            missing_tables(&mut out, "verify required tables", checks);
        }
        let _ = writeln!(out, "{} {} migration(s) pending", mark(report.pending_after == 0), report.pending_after);
        if report.deferred > 0 {
            let _ = writeln!(out, "- {} later migration(s) not applied, as asked (--to)", report.deferred);
        }
    }
    let verdict = match (report.healthy(), report.deferred > 0) {
        (true, true) => "database healthy up to the --to migration",
        (true, false) => "database healthy",
        (false, _) => "database NOT healthy",
    };
    let _ = writeln!(out, "{} {verdict}", mark(report.healthy()));
    out
}

/// The one line `--quiet` prints for a healthy gate.
pub fn gate_summary(report: &GateReport) -> String {
    let verdict = if report.healthy() { "healthy" } else { "NOT healthy" };
    format!(
        "{} {}: database {verdict} ({} migration(s) applied now, {} in all)",
        mark(report.healthy()),
        report.target,
        report.runs.len(),
        report.already_applied + report.runs.len()
    )
}

/// A duration in one unit per magnitude, so a column of them lines up: `0.3 ms`, `123.8 ms`,
/// `4.02 s`.
pub fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// A count line for required tables, then only the missing ones, each with `✗`.
fn missing_tables(out: &mut String, title: &str, checks: &[TableCheck]) {
    let present = checks.iter().filter(|t| t.present).count();
    let _ = writeln!(out, "{} {title}: {present}/{} present", mark(present == checks.len()), checks.len());
    for t in checks.iter().filter(|t| !t.present) {
        let _ = writeln!(out, "  {} {}", mark(false), t.name);
    }
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
            let online = m.online && crate::online::parse_alter(text).is_some();
            let how = if online { ", online through pt-online-schema-change" } else { "" };
            let _ = writeln!(out, "-- statement {index} (line {line}){how}\n{text};");
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
