//! What `migrate status` and `migrate verify` report: every migration's state, the required
//! tables, the runner lock's holder, and whether the database is healthy.
//!
//! Read-only by construction: [`status`] connects with [`db::open_read_only`], which never
//! creates the database, and then only reads (the table list, history and journal, statement
//! timings, `IS_USED_LOCK`). A missing database is a state, not an error: every migration is
//! pending and every required table missing. The states come from the same [`plan`] that `up`
//! follows, so `status` can never disagree with what `up` would do; [`rows`] is the pure part,
//! unit-tested here.

use crate::config::Settings;
use crate::db;
use crate::error::{exit, Result};
use crate::history::{self, Recorded, JOURNAL_TABLE};
use crate::lock::{self, Holder};
use crate::migration::MigrationSet;
use crate::plan::{self, Divergence, Plan, PlanOptions};
use crate::state::{self, Snapshot, TableCheck};
use std::collections::HashMap;
use std::time::Duration;

/// Where a migration stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Recorded in the history with the file's checksum.
    Applied { applied_on: String },
    /// Not run yet.
    Pending,
    /// Interrupted: `done` of its `of` statements ran (journal rows), not in the history; the
    /// next `up` resumes it.
    InProgress { done: usize, of: usize },
    /// Applied, but the file's text changed since.
    Changed { applied_on: String },
    /// Never applied, and sorts before the last applied migration.
    OutOfOrder,
    /// In the history (or, with `applied_on` None, only in the journal) but not in this build.
    Missing { applied_on: Option<String> },
    /// Its version was applied under another name (`recorded`).
    Renamed { recorded: String, applied_on: String },
}

impl State {
    /// The state's stable name, as in `status --json`: `applied`, `pending`, `in_progress`,
    /// `changed`, `out_of_order`, `missing`, `renamed`.
    pub fn key(&self) -> &'static str {
        match self {
            State::Applied { .. } => "applied",
            State::Pending => "pending",
            State::InProgress { .. } => "in_progress",
            State::Changed { .. } => "changed",
            State::OutOfOrder => "out_of_order",
            State::Missing { .. } => "missing",
            State::Renamed { .. } => "renamed",
        }
    }

    /// When the history recorded it as applied, if it did.
    pub fn applied_on(&self) -> Option<&str> {
        match self {
            State::Applied { applied_on } | State::Changed { applied_on } | State::Renamed { applied_on, .. } => {
                Some(applied_on)
            }
            State::Missing { applied_on } => applied_on.as_deref(),
            State::Pending | State::InProgress { .. } | State::OutOfOrder => None,
        }
    }

    /// Still to run by `up` (pending or interrupted).
    pub fn is_pending(&self) -> bool {
        matches!(self, State::Pending | State::InProgress { .. })
    }

    /// History and files disagree here; `up` refuses until it is resolved.
    pub fn is_divergence(&self) -> bool {
        matches!(self, State::Changed { .. } | State::OutOfOrder | State::Missing { .. } | State::Renamed { .. })
    }
}

/// Time spent and statements run for one version, from the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub duration: Duration,
    pub statements: usize,
}

/// One migration, known from the files, the history or the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub version: i32,
    /// `YYYYMMDD_description`; None only for a version known from the journal alone.
    pub name: Option<String>,
    /// The forward script's file name; None when it is missing from this build.
    pub file: Option<String>,
    /// Statements in the file; None when it is missing from this build.
    pub statements: Option<usize>,
    pub state: State,
    /// What the journal recorded for this version (None: never run by schemagate, or adopted
    /// without running).
    pub timing: Option<Timing>,
    /// For a divergence: what is wrong and how to fix it.
    pub problem: Option<String>,
}

/// The database as `status` and `verify` see it.
#[derive(Debug, Clone)]
pub struct StatusReport {
    /// The server and database, password redacted.
    pub target: String,
    pub database: String,
    pub database_exists: bool,
    /// Ordered by version.
    pub migrations: Vec<MigrationStatus>,
    pub required_tables: Vec<TableCheck>,
    /// The runner lock's name and, if another session holds it, who.
    pub lock_name: String,
    pub lock: Option<Holder>,
}

impl StatusReport {
    /// Migrations with the given state name ([`State::key`]).
    pub fn count(&self, key: &str) -> usize {
        self.migrations.iter().filter(|m| m.state.key() == key).count()
    }

    /// Migrations still to run (pending or in progress).
    pub fn pending(&self) -> usize {
        self.migrations.iter().filter(|m| m.state.is_pending()).count()
    }

    /// What is wrong between history and files, one message per problem.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.migrations.iter().filter(|m| m.state.is_divergence()).filter_map(|m| m.problem.as_deref())
    }

    /// Pending migrations whose SQL is still to be written (`up` refuses to run), each with
    /// the file and the fix.
    pub fn unwritten(&self) -> impl Iterator<Item = &str> {
        self.migrations.iter().filter(|m| m.state.is_pending()).filter_map(|m| m.problem.as_deref())
    }

    /// History and files disagree somewhere.
    pub fn diverged(&self) -> bool {
        self.migrations.iter().any(|m| m.state.is_divergence())
    }

    /// The database exists, has every required table, nothing is pending and the history
    /// agrees with the files.
    pub fn healthy(&self) -> bool {
        self.database_exists
            && self.required_tables.iter().all(|t| t.present)
            && self.pending() == 0
            && !self.diverged()
    }

    /// [`exit::DIVERGED`] when history and files disagree, else [`exit::UNHEALTHY`] when not
    /// healthy, else [`exit::OK`].
    pub fn exit_code(&self) -> i32 {
        if self.diverged() {
            exit::DIVERGED
        } else if !self.healthy() {
            exit::UNHEALTHY
        } else {
            exit::OK
        }
    }
}

/// Reads the state of `settings.database` against `set`, changing nothing.
pub fn status(settings: &Settings, set: &MigrationSet) -> Result<StatusReport> {
    let (mut conn, database_exists) = db::open_read_only(settings)?;
    let mut timings = HashMap::new();
    let snapshot = if database_exists {
        let snapshot = state::read(&mut conn, set, PlanOptions::default())?;
        if snapshot.tables.contains(JOURNAL_TABLE) {
            timings = history::timings(&mut conn)?;
        }
        snapshot
    } else {
        Snapshot { plan: plan::plan(&set.migrations, &[], &[], PlanOptions::default()), ..Snapshot::default() }
    };
    let timings = timings.into_iter().map(|(v, (duration, statements))| (v, Timing { duration, statements })).collect();
    let lock_name = lock::lock_name(&settings.database);
    let lock = lock::holder(&mut conn, &lock_name);
    Ok(StatusReport {
        target: settings.redacted_url(),
        database: settings.database.clone(),
        database_exists,
        migrations: rows(set, &snapshot.recorded, &snapshot.plan, &timings),
        required_tables: snapshot.required_tables(set),
        lock_name,
        lock,
    })
}

/// One row per migration of `set` and per recorded version without a file, ordered by
/// version, with the state `plan` gave it.
pub fn rows(
    set: &MigrationSet,
    recorded: &Recorded,
    plan: &Plan,
    timings: &HashMap<i32, Timing>,
) -> Vec<MigrationStatus> {
    let applied_on: HashMap<i32, &str> = recorded.applied.iter().map(|a| (a.version, a.applied_on.as_str())).collect();
    let on = |version: i32| applied_on.get(&version).map(|s| s.to_string()).unwrap_or_default();
    let mut rows = Vec::with_capacity(set.migrations.len());
    for (index, m) in set.migrations.iter().enumerate() {
        let file = m.file();
        let divergence = plan.divergences.iter().find(|d| match d {
            Divergence::Changed { file: f } | Divergence::OutOfOrder { file: f, .. } => f == file,
            Divergence::Renamed { version, .. } => *version == m.version,
            Divergence::Missing { .. } | Divergence::OrphanJournal { .. } | Divergence::ForeignHistory { .. } => false,
        });
        let state = match divergence {
            Some(Divergence::Changed { .. }) => State::Changed { applied_on: on(m.version) },
            Some(Divergence::OutOfOrder { .. }) => State::OutOfOrder,
            Some(Divergence::Renamed { recorded, .. }) => {
                State::Renamed { recorded: recorded.clone(), applied_on: on(m.version) }
            }
            _ if plan.applied.contains(&index) => State::Applied { applied_on: on(m.version) },
            _ => match plan.pending.iter().find(|s| s.index == index) {
                Some(step) if !step.done.is_empty() => {
                    State::InProgress { done: step.done.len(), of: m.forward.statements.len() }
                }
                _ => State::Pending,
            },
        };
        rows.push(MigrationStatus {
            version: m.version,
            name: Some(m.name.to_string()),
            file: Some(file.to_string()),
            statements: Some(m.forward.statements.len()),
            timing: timings.get(&m.version).copied(),
            // A pending file without SQL is no divergence, but `up` refuses it: say why.
            problem: divergence
                .map(ToString::to_string)
                .or_else(|| state.is_pending().then(|| m.unwritten()).flatten()),
            state,
        });
    }
    for d in &plan.divergences {
        let missing = match d {
            Divergence::Missing { version, name } => vec![(*version, Some(name.clone()), Some(on(*version)))],
            Divergence::OrphanJournal { version } => vec![(*version, None, None)],
            // Every recorded row is another set's; the reason is said once, on the first.
            Divergence::ForeignHistory { .. } => {
                recorded.applied.iter().map(|a| (a.version, Some(a.name.clone()), Some(on(a.version)))).collect()
            }
            _ => continue,
        };
        for (i, (version, name, applied_on)) in missing.into_iter().enumerate() {
            rows.push(MigrationStatus {
                version,
                name,
                file: None,
                statements: None,
                state: State::Missing { applied_on },
                timing: timings.get(&version).copied(),
                problem: (i == 0).then(|| d.to_string()),
            });
        }
    }
    rows.sort_by_key(|r| r.version);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Applied, Done};
    use crate::migration::set_from_sources;
    use crate::scan::SourceFile;

    fn set(files: &[(&str, &str)]) -> MigrationSet {
        let files = files.iter().map(|(n, t)| SourceFile { name: n.to_string(), text: t.to_string() }).collect();
        set_from_sources(files).unwrap()
    }

    fn applied(set: &MigrationSet, i: usize) -> Applied {
        let m = &set.migrations[i];
        Applied {
            version: m.version,
            name: m.name.to_string(),
            applied_on: "2024-01-01T00:00:00Z".into(),
            checksum: m.checksum,
        }
    }

    fn states(set: &MigrationSet, recorded: Recorded, timings: &HashMap<i32, Timing>) -> Vec<MigrationStatus> {
        let plan = plan::plan(&set.migrations, &recorded.applied, &recorded.journal, PlanOptions::default());
        rows(set, &recorded, &plan, timings)
    }

    fn report(migrations: Vec<MigrationStatus>, tables_present: bool) -> StatusReport {
        StatusReport {
            target: String::new(),
            database: "d".into(),
            database_exists: true,
            migrations,
            required_tables: vec![TableCheck { name: "a".into(), present: tables_present }],
            lock_name: String::new(),
            lock: None,
        }
    }

    const TWO: [(&str, &str); 2] = [
        ("20240101_a.sql", "CREATE TABLE a (id INT);\nINSERT INTO a VALUES (1);"),
        ("20240102_b.sql", "CREATE TABLE b (id INT);"),
    ];

    #[test]
    fn fresh_database_is_all_pending_and_unhealthy() {
        let s = set(&TWO);
        let rows = states(&s, Recorded::default(), &HashMap::new());
        assert_eq!(rows.iter().map(|r| r.state.key()).collect::<Vec<_>>(), ["pending", "pending"]);
        assert_eq!(rows[0].statements, Some(2));
        let r = report(rows, false);
        assert_eq!((r.pending(), r.healthy(), r.exit_code()), (2, false, exit::UNHEALTHY));
    }

    #[test]
    fn applied_rows_carry_time_and_journal_timing() {
        let s = set(&TWO);
        let timing = Timing { duration: Duration::from_millis(12), statements: 2 };
        let timings = HashMap::from([(s.migrations[0].version, timing)]);
        let recorded = Recorded { applied: vec![applied(&s, 0), applied(&s, 1)], journal: vec![] };
        let rows = states(&s, recorded, &timings);
        assert_eq!(rows[0].state, State::Applied { applied_on: "2024-01-01T00:00:00Z".into() });
        assert_eq!(rows[0].timing, Some(timing));
        assert_eq!(rows[1].timing, None, "adopted without running: no journal");
        let r = report(rows, true);
        assert_eq!((r.healthy(), r.exit_code()), (true, exit::OK));
        assert_eq!(report(r.migrations.clone(), false).exit_code(), exit::UNHEALTHY);
    }

    #[test]
    fn interrupted_migration_is_in_progress_with_counts() {
        let s = set(&TWO);
        let done = Done { version: s.migrations[0].version, statement: 1, checksum: 1 };
        let rows = states(&s, Recorded { applied: vec![], journal: vec![done] }, &HashMap::new());
        assert_eq!(rows[0].state, State::InProgress { done: 1, of: 2 });
        assert!(rows[0].state.is_pending() && !rows[0].state.is_divergence());
    }

    #[test]
    fn every_divergence_gets_a_row_with_its_problem() {
        let s = set(&[
            ("20240101_early.sql", "CREATE TABLE e (id INT);"),
            ("20240102_a.sql", "CREATE TABLE a (id INT);"),
            ("20240103_b.sql", "CREATE TABLE b (id INT);"),
            ("20240104_c.sql", "CREATE TABLE c (id INT);"),
        ]);
        let mut changed = applied(&s, 1);
        changed.checksum ^= 1;
        let mut renamed = applied(&s, 2);
        renamed.name = "20240103_old".into();
        let gone = Applied { version: 2023010101, name: "20230101_gone".into(), applied_on: "t".into(), checksum: 1 };
        let orphan = Done { version: 2022010101, statement: 1, checksum: 1 };
        let recorded = Recorded { applied: vec![gone, changed, renamed, applied(&s, 3)], journal: vec![orphan] };
        let rows = states(&s, recorded, &HashMap::new());
        let keys: Vec<_> = rows.iter().map(|r| (r.version, r.state.key())).collect();
        assert_eq!(
            keys,
            [
                (2022010101, "missing"),
                (2023010101, "missing"),
                (2024010101, "out_of_order"),
                (2024010201, "changed"),
                (2024010301, "renamed"),
                (2024010401, "applied"),
            ]
        );
        assert_eq!((rows[0].name.as_deref(), rows[0].state.applied_on()), (None, None));
        assert_eq!((rows[1].name.as_deref(), rows[1].file.as_deref()), (Some("20230101_gone"), None));
        assert!(rows[2].problem.as_deref().is_some_and(|p| p.contains("--allow-out-of-order")));
        assert_eq!(
            rows[4].state,
            State::Renamed { recorded: "20240103_old".into(), applied_on: "2024-01-01T00:00:00Z".into() }
        );
        assert!(rows[5].problem.is_none());
        let r = report(rows, true);
        assert_eq!((r.problems().count(), r.diverged(), r.exit_code()), (5, true, exit::DIVERGED));
    }
}
