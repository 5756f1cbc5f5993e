//! Pure adoption planning: from what each statement did in a scratch database (its schema
//! changes) and the live database's schema, decide per statement and per migration whether
//! its effect is already there, and what adoption must therefore run.
//!
//! Rules, for a migration not yet recorded:
//! - a schema statement is *present* when every change it made holds in the live schema (an
//!   element later changed again by another migration counts as held when the live schema
//!   shows that later state), *absent* when none holds, *partial* otherwise;
//! - a migration is present, absent or partial from its schema statements; a migration with
//!   data statements and no schema statement is *undecidable* when another migration is
//!   present or partial (did it run too, or not?), else absent (nothing ever ran);
//!   undecidable needs an explicit choice, never a guess;
//! - in a present migration nothing runs; in an absent one everything runs; in a partial one
//!   the absent schema statements run, a partial one runs only its missing parts (generated
//!   SQL), and a data statement runs only when it comes after the first schema statement that
//!   is not present (the old way stopped a file at its first error).

use crate::classify::Kind;
use crate::inspect::{Change, Schema};

/// What one statement did in the scratch database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub index: usize,
    pub line: u32,
    pub kind: Kind,
    pub changes: Vec<Change>,
    /// SQL that makes each change, where it can be generated (same order as `changes`).
    pub sql: Vec<Option<String>>,
}

/// A statement's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Present,
    Absent,
    /// Some changes hold; the ones that do not, with their generated SQL (None: none known).
    Partial(Vec<(Change, Option<String>)>),
    /// No schema change (data, session, query statements).
    NoSchemaEffect,
}

/// What adoption does with a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Record as done without running.
    Skip,
    /// Run it.
    Run,
    /// Run this SQL instead (the statement's missing parts), then record it as done.
    RunSql(Vec<String>),
}

/// A migration's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Present,
    Absent,
    Partial,
    /// Cannot be decided from the schema; the reason.
    Undecidable(String),
}

/// The plan for one migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationPlan {
    pub verdict: Verdict,
    /// Per statement: (index, line, verdict, action).
    pub statements: Vec<(usize, u32, Found, Action)>,
}

/// An explicit choice for an undecidable migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Its effect is there: record it without running.
    Applied,
    /// Run it.
    Run,
}

/// Whether `change` holds in `live`, or `live` shows the state a later change of the same
/// element left (`later`: the changes of every later statement, in order).
fn holds(change: &Change, live: &Schema, later: &[&Change]) -> bool {
    if change.holds_in(live) {
        return true;
    }
    later.iter().filter(|c| c.key() == change.key()).any(|c| c.holds_in(live))
}

/// Decides every migration of `traces` (in order) against `live`; `choices[i]` settles an
/// undecidable migration `i`.
pub fn decide(traces: &[Vec<Trace>], live: &Schema, choices: &[Option<Choice>]) -> Vec<MigrationPlan> {
    let all: Vec<Vec<&Change>> = traces.iter().map(|m| m.iter().flat_map(|t| t.changes.iter()).collect()).collect();
    let mut plans: Vec<MigrationPlan> = Vec::new();
    for (m, statements) in traces.iter().enumerate() {
        let later: Vec<&Change> = all[m + 1..].iter().flatten().copied().collect();
        let found: Vec<Found> = statements
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if t.changes.is_empty() {
                    return Found::NoSchemaEffect;
                }
                // Later statements of this migration count as later too.
                let mut after: Vec<&Change> = statements[i + 1..].iter().flat_map(|x| x.changes.iter()).collect();
                after.extend(later.iter().copied());
                let missing: Vec<(Change, Option<String>)> = t
                    .changes
                    .iter()
                    .zip(&t.sql)
                    .filter(|(c, _)| !holds(c, live, &after))
                    .map(|(c, s)| (c.clone(), s.clone()))
                    .collect();
                match missing.len() {
                    0 => Found::Present,
                    n if n == t.changes.len() => Found::Absent,
                    _ => Found::Partial(missing),
                }
            })
            .collect();
        plans.push(plan_one(statements, found));
    }
    // Data-only migrations: absent when nothing else ever ran, else undecidable.
    let anything_there = plans.iter().any(|p| matches!(p.verdict, Verdict::Present | Verdict::Partial));
    for plan in &mut plans {
        if plan.verdict != Verdict::Undecidable(String::new()) {
            continue;
        }
        plan.verdict = if anything_there {
            Verdict::Undecidable(
                "it changes data only and other migrations are already there: the schema cannot \
                 tell whether it ran"
                    .to_string(),
            )
        } else {
            Verdict::Absent
        };
    }
    for (m, plan) in plans.iter_mut().enumerate() {
        let choice = choices.get(m).copied().flatten();
        match (&plan.verdict, choice) {
            (_, Some(Choice::Applied)) => plan.verdict = Verdict::Present,
            (_, Some(Choice::Run)) => plan.verdict = Verdict::Absent,
            _ => {}
        }
        let action = match plan.verdict {
            Verdict::Present => Some(Action::Skip),
            Verdict::Absent => Some(Action::Run),
            _ => None,
        };
        if let Some(action) = action {
            for s in &mut plan.statements {
                s.3 = action.clone();
            }
        }
    }
    plans
}

/// One migration's verdict and actions from its statements' findings (data-only migrations
/// come back as `Undecidable("")`, settled by [`decide`]).
fn plan_one(statements: &[Trace], found: Vec<Found>) -> MigrationPlan {
    let schema: Vec<&Found> = found.iter().filter(|f| **f != Found::NoSchemaEffect).collect();
    let has_data = statements.iter().any(|t| t.kind == Kind::Data || t.kind == Kind::Query);
    let verdict = if schema.is_empty() {
        if has_data {
            Verdict::Undecidable(String::new())
        } else {
            Verdict::Absent
        }
    } else if schema.iter().all(|f| **f == Found::Present) {
        Verdict::Present
    } else if schema.iter().all(|f| **f == Found::Absent) {
        Verdict::Absent
    } else {
        Verdict::Partial
    };
    let first_missing = found.iter().position(|f| matches!(f, Found::Absent | Found::Partial(_)));
    let mut ungenerated = None;
    let statements: Vec<(usize, u32, Found, Action)> = statements
        .iter()
        .zip(found)
        .enumerate()
        .map(|(i, (t, f))| {
            let action = match &f {
                Found::Present => Action::Skip,
                Found::Absent => Action::Run,
                Found::Partial(missing) => match missing.iter().map(|(_, s)| s.clone()).collect::<Option<Vec<_>>>() {
                    Some(sql) => Action::RunSql(sql),
                    None => {
                        ungenerated.get_or_insert((t.index, t.line));
                        Action::Skip
                    }
                },
                Found::NoSchemaEffect if first_missing.is_some_and(|at| i > at) => Action::Run,
                Found::NoSchemaEffect => Action::Skip,
            };
            (t.index, t.line, f, action)
        })
        .collect();
    let verdict = match (verdict, ungenerated) {
        (Verdict::Partial, Some((index, line))) => Verdict::Undecidable(format!(
            "statement {index} (line {line}) is partly there and schemagate cannot write SQL for \
             the missing part"
        )),
        (v, _) => v,
    };
    MigrationPlan { verdict, statements }
}

#[cfg(test)]
#[path = "verdict_tests.rs"]
mod tests;
