//! The startup gate: the one call a server makes before it binds its port, and what
//! `migrate` does by default.
//!
//! 1. connect, waiting (bounded) while the server starts;
//! 2. create the database if missing;
//! 3. check the required tables;
//! 4. apply pending migrations in order, under the runner lock;
//! 5. verify the required tables and the history again;
//! 6. return a [`GateReport`] whose [`healthy`](GateReport::healthy) decides whether the
//!    application may start.
//!
//! A start with nothing pending takes no lock and writes nothing: it costs the connection
//! handshake and one round trip (the history's digest, computed by the server, and the table
//! list), whatever the number of migrations; only when the digest differs is the history
//! read row by row. The lock is taken only
//! when something is pending, and the history is read again under it, so concurrent starters
//! find the work done by whichever got the lock first.

use crate::apply::{self, ApplyOptions, MigrationRun};
use crate::config::Settings;
use crate::db::{self, DatabaseState};
use crate::error::{exit, Error, Result};
use crate::history::{self, Pending};
use crate::lock;
use crate::migration::{Migration, MigrationSet, Outline};
use crate::plan::{self, Plan, PlanOptions};
use crate::state;
pub use crate::state::TableCheck;
use mysql::Conn;

/// What the gate may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct GateOptions {
    pub plan: PlanOptions,
    /// Never excuse "already exists" errors.
    pub strict: bool,
    /// Plan and list the statements that would run; change nothing (not even create the
    /// database).
    pub dry_run: bool,
    /// Called with each step as it happens (see [`Event`]), for a caller that shows progress
    /// live; the same facts end up in the [`GateReport`].
    pub on_event: Option<fn(&Event)>,
}

/// A step of the gate, reported as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// About to connect to `target`, waiting up to `timeout` for the server to answer.
    Connecting { target: &'a str, timeout: std::time::Duration },
    /// Connected and read: the report's `database`, `tables_before`, `already_applied` and
    /// `pending_before` are filled in.
    Checked(&'a GateReport),
    /// Migration `position` (1-based) of `total` is about to run.
    Applying { position: usize, total: usize, file: &'a str },
    /// A migration finished.
    Applied(&'a MigrationRun),
    /// An online `ALTER TABLE` (`crate::online`) has copied this far.
    Online { file: &'a str, statement: usize, table: &'a str, progress: &'a crate::online::Progress },
}

impl GateOptions {
    fn emit(&self, event: Event) {
        if let Some(sink) = self.on_event {
            sink(&event);
        }
    }
}

/// A migration a dry run would apply, with the statements it would execute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMigration {
    pub name: String,
    pub version: i32,
    pub file: String,
    pub out_of_order: bool,
    /// Statements an earlier interrupted run already executed (skipped).
    pub resumed: usize,
    /// Its `ALTER TABLE` statements would run online (`crate::online`).
    pub online: bool,
    /// `(statement number, line, text)` of every statement that would run, in order.
    pub statements: Vec<(usize, u32, String)>,
}

/// Everything the gate found and did; the CLI renders it, a server logs it.
#[derive(Debug, Default)]
pub struct GateReport {
    /// The server and database, password redacted.
    pub target: String,
    pub database: Option<DatabaseState>,
    /// Required tables before migrating.
    pub tables_before: Vec<TableCheck>,
    /// Migrations found applied (with matching checksums) before this run.
    pub already_applied: usize,
    /// Migrations pending before this run (what it set out to apply).
    pub pending_before: usize,
    /// Migrations applied by this run, in order.
    pub runs: Vec<MigrationRun>,
    /// Required tables after migrating.
    pub tables_after: Vec<TableCheck>,
    /// Tables and history were read again after migrating (or found current): `tables_after`,
    /// `pending_after` and `deferred` are facts, not defaults.
    pub verified: bool,
    /// Migrations still pending after this run that it should have applied (left by a
    /// failure).
    pub pending_after: usize,
    /// Migrations after the `--to` target, deliberately not applied.
    pub deferred: usize,
    /// Why the gate failed, if it did.
    pub error: Option<Error>,
    /// This was a dry run: `planned` lists what a real run would do; nothing changed.
    pub dry_run: bool,
    pub planned: Vec<PlannedMigration>,
}

impl GateReport {
    /// The database is reachable, migrated and verified: the application may start.
    pub fn healthy(&self) -> bool {
        // Under `--to`, later migrations may be what creates a required table.
        let tables_ok = self.deferred > 0 || self.tables_after.iter().all(|t| t.present);
        self.error.is_none() && self.pending_after == 0 && tables_ok
    }

    /// The exit code `migrate` reports for this outcome.
    pub fn exit_code(&self) -> i32 {
        match &self.error {
            Some(e) => e.exit_code(),
            None if self.healthy() || self.dry_run => exit::OK,
            None => exit::UNHEALTHY,
        }
    }

    /// `Ok(self)` when healthy, else the reason as an error (for `?` in a server's main).
    pub fn into_result(mut self) -> Result<GateReport> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.healthy() {
            return Ok(self);
        }
        let mut reasons: Vec<String> =
            self.tables_after.iter().filter(|t| !t.present).map(|t| format!("table `{}` is missing", t.name)).collect();
        if self.pending_after > 0 {
            reasons.push(format!("{} migration(s) are still pending", self.pending_after));
        }
        Err(Error::Unhealthy(reasons))
    }
}

/// Runs the gate with the compiled-in migrations and required tables.
pub fn run_embedded(settings: &Settings, options: &GateOptions) -> GateReport {
    run(settings, &crate::embedded::set(), options)
}

/// Runs the gate with a generated table: an application's own, from
/// [`include_migrations!`](crate::include_migrations).
pub fn run_table(settings: &Settings, table: &crate::embedded::Table, options: &GateOptions) -> GateReport {
    run(settings, &table.set(), options)
}

/// Runs the gate with the given migrations (in order) and required tables.
pub fn run(settings: &Settings, set: &MigrationSet, options: &GateOptions) -> GateReport {
    let mut report = GateReport { target: settings.redacted_url(), dry_run: options.dry_run, ..GateReport::default() };
    options.emit(Event::Connecting { target: &report.target, timeout: settings.connect_timeout });
    if let Err(e) = gate(settings, set, options, &mut report) {
        report.error = Some(e);
    }
    report
}

/// The gate's first step alone, for a caller that has only the [`Outline`] of its set (a
/// folder, not yet split): `Some` with the report when the history equals the outline's digest
/// (nothing to do; healthy when the required tables exist) or when the database cannot be
/// opened or read; `None` when something differs, and then [`run`] with the whole set.
pub fn run_if_current(settings: &Settings, outline: &Outline) -> Option<GateReport> {
    let mut report = GateReport { target: settings.redacted_url(), ..GateReport::default() };
    // A missing database is the full gate's to create (and to report as created).
    let current = db::open_existing(settings).and_then(|conn| match conn {
        Some(mut conn) => {
            report.database = Some(DatabaseState::Existed);
            state::read_if_current(&mut conn, outline)
        }
        None => Ok(None),
    });
    match current {
        Ok(None) => return None,
        Ok(Some(snapshot)) if snapshot.read_only.is_some() => {
            let variable = snapshot.read_only.unwrap_or_default();
            report.error = Some(Error::ReadOnly { target: settings.redacted_url(), variable });
        }
        Ok(Some(snapshot)) => {
            report.tables_before = snapshot.tables_present(&outline.required_tables);
            report.tables_after = report.tables_before.clone();
            report.already_applied = snapshot.plan.applied.len();
            report.verified = true;
        }
        Err(e) => report.error = Some(e),
    }
    Some(report)
}

fn gate(settings: &Settings, set: &MigrationSet, options: &GateOptions, report: &mut GateReport) -> Result<()> {
    if options.dry_run {
        return dry_run(settings, set, options, report);
    }
    let (mut conn, state) = db::open(settings)?;
    report.database = Some(state);
    let before = match state::read_if_current(&mut conn, &set.outline())? {
        Some(current) => current,
        None => state::read(&mut conn, set, options.plan)?,
    };
    if let Some(variable) = before.read_only {
        // A replica is refused even with nothing pending: its application could not write.
        return Err(Error::ReadOnly { target: settings.redacted_url(), variable });
    }
    report.tables_before = before.required_tables(set);
    report.already_applied = before.plan.applied.len();
    report.pending_before = before.plan.pending.len();
    options.emit(Event::Checked(report));
    refuse_divergence(&before.plan)?;
    refuse_foreign(settings, &before, &report.tables_before)?;
    refuse_unwritten(set, &before.plan)?;
    if before.plan.pending.is_empty() {
        report.pending_after = before.plan.pending.len();
        report.deferred = before.plan.deferred.len();
        report.tables_after = report.tables_before.clone();
        report.verified = true;
        return Ok(());
    }
    let online = before.plan.pending.iter().any(|step| crate::online::is_online(&set.migrations[step.index]));
    let migrated = migrate(settings, &mut conn, (&set.migrations, online), options, report);
    // Verify whatever happened: a failed run still reports what is missing and pending. When
    // the failure took the connection with it, a new one reads; the first failure is the one
    // reported, and what cannot be read is reported as not done.
    let after = match state::read(&mut conn, set, options.plan) {
        Ok(after) => Some(after),
        Err(e) if migrated.is_err() => {
            log::debug!("{e}; reading again on a new connection");
            // Only for the report: a server that went away is not waited for as at the start.
            let settings = Settings { connect_timeout: settings.connect_timeout.min(REREAD_WAIT), ..settings.clone() };
            db::open_existing(&settings).ok().flatten().and_then(|mut c| state::read(&mut c, set, options.plan).ok())
        }
        Err(e) => return Err(e),
    };
    match after {
        Some(after) => {
            report.tables_after = after.required_tables(set);
            report.pending_after = after.plan.pending.len();
            report.deferred = after.plan.deferred.len();
            report.verified = true;
        }
        None => {
            report.tables_after = report.tables_before.clone();
            report.pending_after = before.plan.pending.len() - report.runs.len().min(before.plan.pending.len());
            report.deferred = before.plan.deferred.len();
        }
    }
    migrated
}

/// Reads the database without changing it (a missing database is an empty one) and lists
/// every statement a real run would execute.
fn dry_run(settings: &Settings, set: &MigrationSet, options: &GateOptions, report: &mut GateReport) -> Result<()> {
    let snapshot = match db::open_existing(settings)? {
        Some(mut conn) => {
            report.database = Some(DatabaseState::Existed);
            state::read(&mut conn, set, options.plan)?
        }
        None => {
            report.database = Some(DatabaseState::Missing);
            let plan = plan::plan(&set.migrations, &[], &[], options.plan);
            state::Snapshot { plan, ..Default::default() }
        }
    };
    report.tables_before = snapshot.required_tables(set);
    report.tables_after = report.tables_before.clone();
    report.already_applied = snapshot.plan.applied.len();
    report.pending_before = snapshot.plan.pending.len();
    report.pending_after = snapshot.plan.pending.len();
    report.deferred = snapshot.plan.deferred.len();
    options.emit(Event::Checked(report));
    refuse_divergence(&snapshot.plan)?;
    refuse_foreign(settings, &snapshot, &report.tables_before)?;
    refuse_unwritten(set, &snapshot.plan)?;
    for step in &snapshot.plan.pending {
        let m = &set.migrations[step.index];
        let statements = m
            .forward
            .statements()
            .filter(|(index, _, _)| !step.done.iter().any(|d| d.statement == *index))
            .map(|(index, line, text)| (index, line, text.to_string()))
            .collect();
        report.planned.push(PlannedMigration {
            name: m.name.to_string(),
            version: m.version,
            file: m.file().to_string(),
            out_of_order: step.out_of_order,
            resumed: step.done.len(),
            online: crate::online::is_online(m),
            statements,
        });
    }
    Ok(())
}

/// Takes the lock, re-plans under it, applies what is pending; `online` says a pending
/// migration runs online (refused on a Galera cluster).
fn migrate(
    settings: &Settings,
    conn: &mut Conn,
    (migrations, online): (&[Migration], bool),
    options: &GateOptions,
    report: &mut GateReport,
) -> Result<()> {
    db::preflight(conn, settings, migrations)?;
    // On a Galera node: refused unless synced and in TOI, before the lock writes anything (a
    // lease table created in RSU exists on this node only, and the first write to it then
    // fails on the other nodes, which vote this node out); reads below wait for the cluster.
    if db::galera::check(conn)? && online {
        crate::online::refuse_on_cluster(conn)?;
    }
    let mut lock = lock::runner_lock(settings)?;
    lock::never_idle_out(conn, "the work connection")?;
    lock.acquire(settings.lock_timeout)?;
    // The work lock: a run that died while the server still runs its statement holds it
    // until that statement ends, so nothing is planned from a journal still being written.
    let work_lock = Some((lock::work_lock_name(&settings.database), settings.lock_timeout));
    let apply_options = ApplyOptions {
        strict: options.strict,
        ddl_lock_wait_timeout: settings.ddl_lock_wait_timeout,
        work_lock,
        fence: lock.fence(),
        online: Some(apply::Online { settings: settings.clone(), on_event: options.on_event }),
    };
    apply::prepare_session(conn, &apply_options)?;
    history::ensure_tables(conn)?;
    let recorded = history::read(conn)?;
    let plan = plan::plan(migrations, &recorded.applied, &recorded.journal, options.plan);
    refuse_divergence(&plan)?;
    let mut pending = Pending::default();
    for (position, step) in plan.pending.iter().enumerate() {
        let migration = &migrations[step.index];
        options.emit(Event::Applying { position: position + 1, total: plan.pending.len(), file: migration.file() });
        if step.out_of_order {
            log::warn!("applying {} out of order (--allow-out-of-order)", migration.file());
        }
        log::info!("applying {} ...", migration.file());
        let mut run = match apply::apply(conn, migration, &step.done, &apply_options, &mut pending) {
            Ok(run) => run,
            Err(e) => {
                // What ran before the error is recorded, so the next run resumes after it.
                if let Err(w) = pending.write(conn) {
                    log::warn!("{w} (the next run repeats that work, which is harmless for it)");
                }
                return Err(e);
            }
        };
        run.out_of_order = step.out_of_order;
        log::info!("applied {} in {:.1?}", migration.file(), run.duration);
        options.emit(Event::Applied(&run));
        report.runs.push(run);
    }
    // Rows that waited for a later commit are written before anyone else may run.
    pending.write(conn)?;
    lock.release()
}

/// How long the report after a failed run waits for the server to answer again.
const REREAD_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// A database with required tables and none of schemagate's (or refinery's) bookkeeping
/// tables was built some other way: changing nothing, the gate names the ways forward
/// (`adopt`, `baseline`). A run of ours creates the bookkeeping tables before its first
/// statement, so a crash in its first migration is never taken for this.
fn refuse_foreign(settings: &Settings, snapshot: &state::Snapshot, tables: &[TableCheck]) -> Result<()> {
    let no_history =
        !snapshot.tables.contains(history::HISTORY_TABLE) && !snapshot.tables.contains(history::JOURNAL_TABLE);
    let present: Vec<String> = tables.iter().filter(|t| t.present).map(|t| t.name.clone()).collect();
    if !no_history || present.is_empty() {
        return Ok(());
    }
    Err(Error::Foreign { database: settings.database.clone(), present, total: tables.len() })
}

/// A pending migration whose SQL is still to be written is never recorded as applied: the
/// run stops before anything is applied, naming the file.
fn refuse_unwritten(set: &MigrationSet, plan: &Plan) -> Result<()> {
    let reasons: Vec<String> = plan.pending.iter().filter_map(|step| set.migrations[step.index].unwritten()).collect();
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(format!("nothing was migrated: {}", reasons.join("; "))))
}

fn refuse_divergence(plan: &Plan) -> Result<()> {
    if plan.divergences.is_empty() {
        return Ok(());
    }
    Err(Error::Diverged(plan.divergences.iter().map(ToString::to_string).collect()))
}
