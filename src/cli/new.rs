//! `migrate new <description>`: creates `migrations/<date>_<description>.sql` (and with
//! `--rollback` its `rollback_` script) from the template header, and adds the migration to
//! the History list of `migrations/README.md` (and the rollback script to its rollback list).
//! Needs no database. The work is [`crate::scaffold`]'s; this file parses and reports.

use super::output;
use super::ConnectionArgs;
use crate::error::exit;
use crate::naming;
use crate::scaffold::{plan, write, NewError, Request};
use clap::Args;

/// The exit codes of `new` (shown by `migrate new --help`).
pub const EXIT_CODES: &str = "\
Exit codes:
  0  the migration was created
  1  a file could not be read or written (nothing was left half-written)
  2  bad usage: invalid description, date or sentence, no migrations folder, or the migration
     exists already";

#[derive(Debug, Args, Clone)]
#[command(after_long_help = EXIT_CODES)]
pub struct NewArgs {
    /// What the migration does, e.g. add_user_email: lowercase letters, digits and underscores,
    /// starting with a letter
    pub description: String,
    /// Also create the rollback script, rollback_YYYYMMDD_description.sql
    #[arg(long)]
    pub rollback: bool,
    /// The header's one-sentence description [default: the description's words]
    #[arg(long, value_name = "SENTENCE")]
    pub message: Option<String>,
    /// The date of the file name, for backfills and tests [default: today, UTC]
    #[arg(long, value_name = "YYYYMMDD", value_parser = parse_date)]
    pub date: Option<u32>,
}

/// `YYYYMMDD`, a real date.
fn parse_date(text: &str) -> Result<u32, String> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("write the date as YYYYMMDD, e.g. 20240115".into());
    }
    let date = text.parse().map_err(|_| "write the date as YYYYMMDD, e.g. 20240115".to_string())?;
    naming::check_date(date)?;
    Ok(date)
}

pub fn exec(connection: &ConnectionArgs, args: &NewArgs) -> i32 {
    let dir = super::set::folder(connection.migrations_dir.as_deref());
    let request = Request {
        description: args.description.clone(),
        rollback: args.rollback,
        message: args.message.clone(),
        date: args.date,
    };
    let plan = match plan(&dir, &request, naming::today()) {
        Ok(plan) => plan,
        Err(e) => return fail(&e),
    };
    if let Err(e) = write(&plan) {
        return fail(&e);
    }
    for note in &plan.notes {
        output::warn(&format!("warning: {note}"));
    }
    for (path, _) in &plan.files {
        output::outln(format!("created {}", path.display()));
    }
    if let Some((path, _)) = &plan.readme {
        for line in &plan.listed {
            output::outln(format!("listed in {}: {line}", path.display()));
        }
    }
    let rollback = if args.rollback { " (and what undoes it in the rollback script)" } else { "" };
    output::outln(format!(
        "next: write the SQL in {}{rollback}, then run ./scripts/migrate",
        plan.files[0].0.display()
    ));
    exit::OK
}

fn fail(e: &NewError) -> i32 {
    output::err(&format!("error: {e}"));
    e.exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_eight_digits() {
        assert_eq!(parse_date("20240229"), Ok(20240229));
        assert!(parse_date("2024-02-29").unwrap_err().contains("YYYYMMDD"));
        assert!(parse_date("20230229").unwrap_err().contains("no day 29"));
        assert!(parse_date("+2024022").is_err());
    }
}
