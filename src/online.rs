//! Online schema change for big tables: the `ALTER TABLE` statements of a migration with the
//! `-- schemagate: online` line ([`ONLINE_MARKER`]) run through Percona's
//! pt-online-schema-change, which copies the table in chunks into an altered copy kept in step
//! by triggers, then swaps the two with an atomic `RENAME TABLE`. Writers are blocked only for
//! the swap; a plain `ALTER TABLE` may block them for the whole copy.
//!
//! The tool gets every connection setting (server, user, TLS) and the password in an option
//! file (mode 0600, removed afterwards; the backup's [`OptionFile`]), named by the DSN's `F=`:
//! nothing secret is on its command line or in its environment. Its progress lines ("Copying
//! `db`.`t`:  45% 00:10 remain") are parsed into [`Progress`] for the live report and the log.
//!
//! Exactly once: before the tool runs, `apply` records an intent with the table's definition
//! (`apply::intent`), so a run that dies after the swap and before the journal row is
//! recognised by the changed definition and recorded, not repeated. A run that dies during
//! the copy leaves the tool's work table and triggers; they are dropped ([`leftovers`]) before
//! the statement runs again (the original table is untouched until the swap).
//!
//! Refused on a Galera cluster of more than one node ([`refuse_on_cluster`]): measured here,
//! with application writes on another node, the tool brought deleted rows back in 11 of 25
//! runs.

use crate::backup::{connection_args, Dialect, OptionFile};
use crate::config::Settings;
use crate::error::{Error, Result};
pub use crate::scan::online::{marked_online, parse_alter, Alter, ONLINE_MARKER};
use mysql::prelude::Queryable;
use mysql::Conn;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The environment variable naming the tool, when it is not `pt-online-schema-change` on PATH.
pub const TOOL_VARIABLE: &str = "SCHEMAGATE_PT_OSC";

/// How far the copy of the rows is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub percent: u32,
    /// The tool's estimate of the time left, as it prints it (`00:10`, `1:02:03`).
    pub remaining: String,
}

/// Reads a progress line of the tool: "Copying `db`.`t`:  45% 00:10 remain".
pub fn parse_progress(line: &str) -> Option<Progress> {
    let rest = line.trim().strip_prefix("Copying ")?;
    let (_, numbers) = rest.rsplit_once(": ")?;
    let mut words = numbers.split_whitespace();
    let percent = words.next()?.strip_suffix('%')?.parse().ok()?;
    let remaining = words.next()?.to_string();
    (words.next() == Some("remain")).then_some(Progress { percent, remaining })
}

/// The tool's own objects for `table` in `database` that an interrupted run leaves: its work
/// table and its three triggers.
pub fn leftovers(database: &str, table: &str) -> (String, [String; 3]) {
    let trigger = |action: &str| format!("pt_osc_{database}_{table}_{action}");
    (format!("_{table}_new"), [trigger("ins"), trigger("upd"), trigger("del")])
}

/// Drops what an interrupted run of the tool left for `table` (see [`leftovers`]).
pub fn drop_leftovers(conn: &mut Conn, database: &str, table: &str) -> Result<()> {
    let (work, triggers) = leftovers(database, table);
    let quote = |name: &str| format!("`{}`", name.replace('`', "``"));
    let mut sql: Vec<String> = triggers.iter().map(|t| format!("DROP TRIGGER IF EXISTS {}", quote(t))).collect();
    sql.push(format!("DROP TABLE IF EXISTS {}", quote(&work)));
    for sql in sql {
        conn.query_drop(&sql)
            .map_err(|e| Error::db(format!("removing what an interrupted online change of `{table}` left"), e))?;
    }
    Ok(())
}

/// The tool to run.
pub fn tool() -> PathBuf {
    std::env::var_os(TOOL_VARIABLE)
        .filter(|v| !v.is_empty())
        .map_or_else(|| "pt-online-schema-change".into(), PathBuf::from)
}

/// The tool's arguments: no connection setting and no password (they are in the option file).
pub fn arguments(option_file: &std::path::Path, database: &str, alter: &Alter, lock_wait: u64) -> Vec<OsString> {
    let mut dsn = OsString::from("F=");
    dsn.push(option_file);
    dsn.push(format!(",D={database},t={}", alter.table));
    let args = [
        "--execute".to_string(),
        "--alter".into(),
        alter.actions.clone(),
        "--recursion-method=none".into(),
        "--progress=time,2".into(),
        "--charset=utf8mb4".into(),
        format!("--set-vars=lock_wait_timeout={lock_wait}"),
    ];
    args.into_iter().map(OsString::from).chain([dsn]).collect()
}

/// Why the tool failed, from its output: its lines that say so, else its last lines.
fn tool_problem(output: &[String]) -> String {
    let said: Vec<&str> = output
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.contains("Error") || l.contains("error") || l.contains("failed") || l.starts_with("The "))
        .collect();
    let lines = if said.is_empty() { output.iter().rev().take(3).rev().map(|l| l.trim()).collect() } else { said };
    lines.join(" / ")
}

/// Runs `alter` on `settings.database` through the tool, calling `progress` for each progress
/// line. The error says what the tool said, with the fix.
pub fn run(
    settings: &Settings,
    alter: &Alter,
    lock_wait: u64,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<(), String> {
    let options = OptionFile::with_options(settings.password.as_ref(), &connection_args(settings, Dialect::MariaDb))
        .map_err(|e| format!("{e}"))?;
    let tool = tool();
    let mut child = Command::new(&tool)
        .args(arguments(options.path(), &settings.database, alter, lock_wait))
        .env_remove("MYSQL_PWD")
        .env_remove("DB_PASSWORD")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run {} ({e}); install percona-toolkit (apt-get install percona-toolkit) or set {TOOL_VARIABLE} to the tool",
                tool.display()
            )
        })?;
    // Progress comes on stderr; stdout is read alongside so neither pipe fills up.
    let stdout = child
        .stdout
        .take()
        .map(|out| std::thread::spawn(move || BufReader::new(out).lines().map_while(|l| l.ok()).collect::<Vec<_>>()));
    let mut output = Vec::new();
    if let Some(err) = child.stderr.take() {
        for line in BufReader::new(err).lines().map_while(|l| l.ok()) {
            match parse_progress(&line) {
                Some(p) => progress(p),
                None => output.push(line),
            }
        }
    }
    output.extend(stdout.and_then(|t| t.join().ok()).unwrap_or_default());
    let status = child.wait().map_err(|e| format!("waiting for {}: {e}", tool.display()))?;
    drop(options);
    if status.success() {
        return Ok(());
    }
    Err(format!(
        "{} failed ({status}): {}; the table is unchanged until the tool's final swap, and the next run \
         removes what it left: fix the cause and run `migrate` again",
        tool.display(),
        tool_problem(&output)
    ))
}

/// Refuses online migrations on a Galera cluster of more than one node, with the reason.
pub fn refuse_on_cluster(conn: &mut Conn) -> Result<()> {
    let size: Option<(String, String)> = conn
        .query_first("SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'")
        .map_err(|e| Error::db("reading wsrep_cluster_size", e))?;
    let nodes: u32 = size.and_then(|(_, v)| v.parse().ok()).unwrap_or(1);
    if nodes <= 1 {
        return Ok(());
    }
    Err(Error::Unhealthy(vec![format!(
        "a pending migration has the `{ONLINE_MARKER}` line, and this server is a node of a {nodes}-node Galera \
         cluster: pt-online-schema-change there loses writes made on other nodes during the copy (measured: \
         deleted rows came back in 11 of 25 runs), so nothing was applied; remove the line to run the \
         ALTER TABLE in TOI (it blocks writes to the table cluster-wide for its duration), or apply it by hand \
         with the cluster's rolling schema upgrade (wsrep_OSU_method=RSU, node by node)"
    )]))
}

/// Whether `migration` runs its `ALTER TABLE` statements online.
pub fn is_online(migration: &crate::migration::Migration) -> bool {
    marked_online(&migration.forward.sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_are_read() {
        let p = parse_progress("Copying `app`.`big`:  45% 00:10 remain").unwrap();
        assert_eq!(p, Progress { percent: 45, remaining: "00:10".into() });
        let p = parse_progress("Copying `a: b`.`c`:   9% 1:02:03 remain").unwrap();
        assert_eq!((p.percent, p.remaining.as_str()), (9, "1:02:03"));
        assert_eq!(parse_progress("2026-12-05T02:20:19 Copying approximately 200000 rows..."), None);
        assert_eq!(parse_progress("Copied rows OK."), None);
    }

    #[test]
    fn leftovers_are_the_tools_names() {
        let (work, triggers) = leftovers("app", "big");
        assert_eq!(work, "_big_new");
        assert_eq!(triggers, ["pt_osc_app_big_ins", "pt_osc_app_big_upd", "pt_osc_app_big_del"]);
    }

    #[test]
    fn arguments_name_the_option_file_and_no_password() {
        let alter = parse_alter("ALTER TABLE big ADD COLUMN w INT").unwrap();
        let args = arguments(std::path::Path::new("/run/x.cnf"), "app", &alter, 30);
        let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(args.last().unwrap(), "F=/run/x.cnf,D=app,t=big");
        assert!(args.windows(2).any(|w| w[0] == "--alter" && w[1] == "ADD COLUMN w INT"));
        assert!(args.contains(&"--set-vars=lock_wait_timeout=30".to_string()));
        assert!(!args.iter().any(|a| a.contains("password") || a.starts_with("-p")));
    }

    #[test]
    fn the_tools_complaints_are_kept() {
        let out = vec![
            "No slaves found.".to_string(),
            "The table `app`.`t` does not have a PRIMARY KEY or a unique index".into(),
        ];
        assert!(tool_problem(&out).contains("PRIMARY KEY"));
        let out = vec!["a".to_string(), "b".into(), "c".into(), "d".into()];
        assert_eq!(tool_problem(&out), "b / c / d");
    }
}
