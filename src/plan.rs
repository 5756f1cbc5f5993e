//! Pure planning: the migrations we have × what the database recorded → what to do.
//!
//! `status`, `verify` and `up` all read the database the same way and call [`plan`]; nothing
//! here touches a server, so every rule is unit-tested. The rules:
//! - an applied version whose file is gone is *missing*; one whose name differs is *renamed*
//!   (usually a file inserted earlier on the same day shifted the identities); one whose
//!   checksum differs is *changed*. Each of these stops `up`.
//! - a migration not applied whose version is below the highest applied one is *out of
//!   order*: refused unless allowed, then applied in order with the rest and said so.
//! - everything else not applied is *pending*; a journal for it means it was interrupted and
//!   resumes after its last recorded statement.

use crate::history::{Applied, Done};
use crate::migration::Migration;
use std::collections::HashMap;

/// Options that change the plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Apply migrations that sort before applied ones instead of refusing.
    pub allow_out_of_order: bool,
    /// Stop after this version (inclusive).
    pub target: Option<i32>,
}

/// Why the history and the files disagree; each stops `up`. `ForeignHistory`: none of the
/// recorded migrations is in the set (the database was migrated from another folder or
/// another project's build); it replaces every other divergence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Divergence {
    Changed { file: String },
    Missing { version: i32, name: String },
    Renamed { version: i32, recorded: String, file: String },
    OutOfOrder { file: String, last_applied: i32 },
    OrphanJournal { version: i32 },
    ForeignHistory { recorded: usize, first: String, last: String, ours: String },
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Divergence::Changed { file } => write!(
                f,
                "{file} was changed after it was applied; restore its applied text (git log -p) \
                 and put the change in a new migration"
            ),
            Divergence::Missing { version, name } => write!(
                f,
                "version {version} ({name}.sql) is applied but missing from this build; restore \
                 the file, or run an older build of the tool"
            ),
            Divergence::Renamed { version, recorded, file } => write!(
                f,
                "version {version} was applied as {recorded}.sql but is now {file}: a file was \
                 renamed or inserted earlier on the same day; restore the old names and give the \
                 new file a later date"
            ),
            Divergence::OutOfOrder { file, last_applied } => write!(
                f,
                "{file} sorts before the last applied migration (version {last_applied}) and was \
                 never applied; rename it with a later date, or apply it anyway with \
                 --allow-out-of-order"
            ),
            Divergence::OrphanJournal { version } => write!(
                f,
                "version {version} was interrupted part-way and its file is missing from this \
                 build; restore the file so the run can finish it"
            ),
            Divergence::ForeignHistory { recorded, first, last, ours } => write!(
                f,
                "the database's history belongs to another set of migrations: none of its \
                 {recorded} recorded migration(s) ({first} .. {last}) is in this set (which \
                 starts with {ours}); point --migrations-dir or SCHEMAGATE_MIGRATIONS_DIR at the \
                 folder that migrated this database, or use another database"
            ),
        }
    }
}

/// A migration to run, with what its journal says already ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into the migration list.
    pub index: usize,
    /// Journal rows of this migration (statements already run), in statement order.
    pub done: Vec<Done>,
    /// It sorts before an applied migration and is applied because that was allowed.
    pub out_of_order: bool,
}

/// The outcome of planning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Indices of migrations recorded as applied (with a matching checksum).
    pub applied: Vec<usize>,
    /// What to run, in order.
    pub pending: Vec<Step>,
    /// Pending migrations beyond the target, not run this time.
    pub deferred: Vec<usize>,
    /// Disagreements between history and files; `up` refuses while any exist.
    pub divergences: Vec<Divergence>,
}

impl Plan {
    /// Nothing to run and nothing wrong.
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.deferred.is_empty() && self.divergences.is_empty()
    }
}

/// Compares `migrations` (ordered) with the recorded history and journal.
pub fn plan(migrations: &[Migration], applied: &[Applied], journal: &[Done], options: PlanOptions) -> Plan {
    let by_version: HashMap<i32, usize> = migrations.iter().enumerate().map(|(i, m)| (m.version, i)).collect();
    let recorded: HashMap<i32, &Applied> = applied.iter().map(|a| (a.version, a)).collect();
    let mut plan = Plan::default();
    for a in applied {
        match by_version.get(&a.version).map(|&i| (i, &migrations[i])) {
            None => plan.divergences.push(Divergence::Missing { version: a.version, name: a.name.clone() }),
            Some((_, m)) if m.name != a.name => plan.divergences.push(Divergence::Renamed {
                version: a.version,
                recorded: a.name.clone(),
                file: m.file().to_string(),
            }),
            Some((_, m)) if m.checksum != a.checksum => {
                plan.divergences.push(Divergence::Changed { file: m.file().to_string() })
            }
            Some((i, _)) => plan.applied.push(i),
        }
    }
    plan.applied.sort_unstable();
    let last_applied = applied.iter().map(|a| a.version).max();
    for (index, m) in migrations.iter().enumerate() {
        if recorded.contains_key(&m.version) {
            continue;
        }
        let out_of_order = last_applied.is_some_and(|last| m.version < last);
        if out_of_order && !options.allow_out_of_order {
            plan.divergences.push(Divergence::OutOfOrder {
                file: m.file().to_string(),
                last_applied: last_applied.unwrap_or_default(),
            });
            continue;
        }
        if options.target.is_some_and(|t| m.version > t) {
            plan.deferred.push(index);
            continue;
        }
        let done = journal.iter().filter(|d| d.version == m.version).copied().collect();
        plan.pending.push(Step { index, done, out_of_order });
    }
    let mut orphans: Vec<i32> = journal
        .iter()
        .map(|d| d.version)
        .filter(|v| !by_version.contains_key(v) && !recorded.contains_key(v))
        .collect();
    orphans.dedup();
    plan.divergences.extend(orphans.into_iter().map(|version| Divergence::OrphanJournal { version }));
    if let Some(foreign) = foreign_history(migrations, applied, &by_version) {
        plan = Plan { divergences: vec![foreign], ..Plan::default() };
    }
    plan
}

/// The history is another set's when it is not empty and none of its versions is ours.
fn foreign_history(migrations: &[Migration], applied: &[Applied], ours: &HashMap<i32, usize>) -> Option<Divergence> {
    let first_ours = migrations.first()?;
    if applied.is_empty() || applied.iter().any(|a| ours.contains_key(&a.version)) {
        return None;
    }
    let by_version = |a: &&Applied| a.version;
    let (first, last) = (applied.iter().min_by_key(by_version)?, applied.iter().max_by_key(by_version)?);
    Some(Divergence::ForeignHistory {
        recorded: applied.len(),
        first: first.name.clone(),
        last: last.name.clone(),
        ours: first_ours.name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::from_sources;
    use crate::scan::SourceFile;

    fn set(names: &[&str]) -> Vec<Migration> {
        let files = names
            .iter()
            .map(|n| SourceFile { name: format!("{n}.sql"), text: format!("CREATE TABLE t_{} (id INT);", &n[9..]) })
            .collect();
        from_sources(files).unwrap()
    }

    fn applied(m: &Migration) -> Applied {
        Applied { version: m.version, name: m.name.to_string(), applied_on: String::new(), checksum: m.checksum }
    }

    #[test]
    fn fresh_database_runs_everything_in_order() {
        let ms = set(&["20240101_a", "20240102_b"]);
        let p = plan(&ms, &[], &[], PlanOptions::default());
        assert_eq!(p.pending.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1]);
        assert!(p.divergences.is_empty());
    }

    #[test]
    fn applied_ones_are_skipped_and_current_when_all_applied() {
        let ms = set(&["20240101_a", "20240102_b"]);
        let p = plan(&ms, &[applied(&ms[0]), applied(&ms[1])], &[], PlanOptions::default());
        assert!(p.is_current());
        assert_eq!(p.applied, [0, 1]);
    }

    #[test]
    fn changed_missing_renamed_are_divergences() {
        let ms = set(&["20240101_a", "20240102_b"]);
        let mut changed = applied(&ms[0]);
        changed.checksum ^= 1;
        let gone = Applied { version: 2023010101, name: "20230101_old".into(), applied_on: String::new(), checksum: 1 };
        let mut renamed = applied(&ms[1]);
        renamed.name = "20240102_a_old".into();
        let p = plan(&ms, &[gone, changed, renamed], &[], PlanOptions::default());
        assert_eq!(p.divergences.len(), 3, "{:?}", p.divergences);
        assert!(matches!(p.divergences[0], Divergence::Missing { version: 2023010101, .. }));
        assert!(matches!(&p.divergences[1], Divergence::Changed { file } if file == "20240101_a.sql"));
        assert!(matches!(p.divergences[2], Divergence::Renamed { .. }));
        assert!(p.divergences[1].to_string().contains("new migration"));
    }

    #[test]
    fn out_of_order_refused_unless_allowed() {
        let ms = set(&["20240101_late", "20240102_b"]);
        let history = [applied(&ms[1])];
        let p = plan(&ms, &history, &[], PlanOptions::default());
        assert!(p.pending.is_empty());
        assert!(p.divergences[0].to_string().contains("--allow-out-of-order"));
        let p = plan(&ms, &history, &[], PlanOptions { allow_out_of_order: true, target: None });
        assert!(p.divergences.is_empty());
        assert_eq!(p.pending, [Step { index: 0, done: vec![], out_of_order: true }]);
    }

    #[test]
    fn target_defers_later_ones() {
        let ms = set(&["20240101_a", "20240102_b", "20240103_c"]);
        let p = plan(&ms, &[], &[], PlanOptions { allow_out_of_order: false, target: Some(ms[1].version) });
        assert_eq!(p.pending.len(), 2);
        assert_eq!(p.deferred, [2]);
        assert!(!p.is_current());
    }

    #[test]
    fn a_history_with_none_of_our_versions_is_another_sets() {
        let ms = set(&["20240101_a", "20240102_b"]);
        let theirs = set(&["20230101_x", "20250101_y"]);
        let p = plan(&ms, &[applied(&theirs[0]), applied(&theirs[1])], &[], PlanOptions::default());
        assert!(p.pending.is_empty() && p.applied.is_empty());
        assert_eq!(p.divergences.len(), 1, "{:?}", p.divergences);
        let message = p.divergences[0].to_string();
        assert!(message.contains("none of its 2 recorded migration(s) (20230101_x .. 20250101_y)"), "{message}");
        assert!(message.contains("starts with 20240101_a"), "{message}");
        // One shared version makes it the same set with problems, reported one by one.
        let p = plan(&ms, &[applied(&ms[0]), applied(&theirs[0])], &[], PlanOptions::default());
        assert!(matches!(p.divergences[..], [Divergence::Missing { .. }]), "{:?}", p.divergences);
    }

    #[test]
    fn journal_resumes_and_orphans_are_reported() {
        let ms = set(&["20240101_a"]);
        let done = Done { version: ms[0].version, statement: 1, checksum: 7 };
        let orphan = Done { version: 2020010101, statement: 1, checksum: 7 };
        let p = plan(&ms, &[], &[done, orphan], PlanOptions::default());
        assert_eq!(p.pending[0].done, [done]);
        assert_eq!(p.divergences, [Divergence::OrphanJournal { version: 2020010101 }]);
    }
}
