//! `migrate verify`: the health check alone, changing nothing. It reads what `migrate status`
//! reads and answers with a short ✓/✗ report and the exit code: 0 healthy, 5 unhealthy
//! (missing database, missing table, anything pending), 6 history and files disagree, 3 the
//! server cannot be reached or refuses the login. `--wait DURATION` asks again every half
//! second, at most that long, while the database is behind its files (a replica catching up
//! with its primary); disagreement is never waited for.

use super::render::{mark, tables};
use super::status::database_line;
use super::{fail, output, ConnectionArgs};
use crate::error::Error;
use crate::status::{self, StatusReport};
use clap::Args;
use std::fmt::Write;

#[derive(Debug, Args, Clone, Default)]
pub struct VerifyArgs {
    /// Wait at most this long for the history to catch up with the files (a replica)
    #[arg(long, value_parser = super::parse_duration, value_name = "DURATION")]
    pub wait: Option<std::time::Duration>,
}

/// Whether another look may still turn `report` healthy: it is behind, not in disagreement.
fn worth_waiting(report: &StatusReport) -> bool {
    !report.healthy() && !report.diverged()
}

pub fn exec(connection: &ConnectionArgs, args: &VerifyArgs) -> i32 {
    let (settings, set) = match connection.load() {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let deadline = std::time::Instant::now() + args.wait.unwrap_or_default();
    let mut report = match status::status(&settings, &set) {
        Ok(mut report) => {
            while worth_waiting(&report) && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(500));
                match status::status(&settings, &set) {
                    Ok(next) => report = next,
                    Err(e) => return fail(&e),
                }
            }
            report
        }
        Err(e) => {
            output::out(&format!(
                "schemagate: {}\n✗ connect to the server\n✗ database NOT healthy\n",
                settings.redacted_url()
            ));
            return fail(&e);
        }
    };
    report.target = super::target_line(&report.target, &settings);
    output::out(&render(&report));
    match verdict(&report) {
        Some(e) => fail(&e),
        None => report.exit_code(),
    }
}

/// The short ✓/✗ report.
pub fn render(report: &StatusReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "schemagate: {}", report.target);
    out.push_str("✓ connect to the server\n");
    database_line(&mut out, report);
    tables(&mut out, "required tables", &report.required_tables);
    if report.diverged() {
        out.push_str("✗ history consistent with the migration files\n");
        for problem in report.problems() {
            let _ = writeln!(out, "  ✗ {problem}");
        }
    } else {
        let _ = writeln!(out, "✓ history consistent with the migration files ({} applied)", report.count("applied"));
    }
    let pending = report.pending();
    let _ = writeln!(out, "{} {pending} migration(s) pending", mark(pending == 0));
    for problem in report.unwritten() {
        let _ = writeln!(out, "✗ {problem}");
    }
    let verdict = if report.healthy() { "✓ database healthy" } else { "✗ database NOT healthy" };
    let _ = writeln!(out, "{verdict}");
    out
}

/// Why the database is not healthy, as the error `verify` prints to stderr (each reason with
/// its fix); None when healthy. Its exit code matches [`StatusReport::exit_code`].
pub fn verdict(report: &StatusReport) -> Option<Error> {
    if report.diverged() {
        return Some(Error::Diverged(report.problems().map(str::to_string).collect()));
    }
    if report.healthy() {
        return None;
    }
    let mut reasons = Vec::new();
    if !report.database_exists {
        reasons.push(format!("database `{}` does not exist; run `migrate` to create and migrate it", report.database));
    }
    let missing: Vec<&str> = report.required_tables.iter().filter(|t| !t.present).map(|t| t.name.as_str()).collect();
    if !missing.is_empty() && report.database_exists {
        reasons.push(format!(
            "required table(s) missing: {}; run `migrate` to apply the migrations that create them",
            missing.join(", ")
        ));
    }
    let pending = report.pending();
    if pending > 0 && report.database_exists {
        reasons.push(format!("{pending} migration(s) pending; run `migrate` to apply them"));
    }
    reasons.extend(report.unwritten().map(str::to_string));
    Some(Error::Unhealthy(reasons))
}
