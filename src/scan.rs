//! Turns the files of a migrations folder into an ordered, validated migration list, or into
//! the complete list of problems with it. Pure: the caller reads the folder (`folder::read`,
//! for `build.rs` and `--migrations-dir` alike; tests from any source) and passes names and text.
//!
//! Invariants of a successful scan: migrations are sorted by (date, description); every one
//! has a unique identity (`naming::Stem::version`); every one has at least one statement, the
//! [`EMPTY_MARKER`] line, or a warning saying its SQL is still to be written; every rollback script belongs to an existing migration; no
//! statement is one that would break the runner (`classify::refusal`). On failure every
//! problem of every file is reported, never only the first.
//!
//! Also computes the refinery-compatible checksum and `REQUIRED_TABLES`. std-only apart from
//! `siphasher` (the hash refinery uses); `build.rs` includes this file with `#[path]`.

#[path = "scan/online.rs"]
pub mod online;

use crate::classify::{self, TableEffect};
use crate::naming::{self, FileKind, Stem};
use crate::split::{self, Statement};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};

/// The line that makes a migration without statements intended: `migrate` records such a
/// file as applied (a step kept for numbering that has nothing to do). Without it, a file of
/// comments only is a migration whose SQL is still to be written, and `migrate` refuses to
/// run it rather than record it as applied and burn it. `migrate new`'s template does not
/// contain it.
pub const EMPTY_MARKER: &str = "-- schemagate: empty";

/// Whether `sql` has the [`EMPTY_MARKER`] line (surrounding blanks and case ignored).
pub fn marked_empty(sql: &str) -> bool {
    sql.lines().any(|line| line.trim().eq_ignore_ascii_case(EMPTY_MARKER))
}

/// What to say about a file without statements (`None` when it is marked empty on purpose).
pub fn unwritten_message(sql: &str) -> Option<String> {
    (!marked_empty(sql)).then(|| {
        format!(
            "has no SQL statement yet (only comments), so `migrate` applies nothing while it is \
             pending; write its SQL, or, if it is meant to do nothing, add the line \
             `{EMPTY_MARKER}`"
        )
    })
}

/// One file of the folder: its name (no directory) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A script (forward or rollback) split into statements; `file` indexes the input slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub file: usize,
    pub statements: Vec<Statement>,
}

/// One valid migration, in order, with its identity and checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    pub stem: Stem,
    pub version: i32,
    pub checksum: u64,
    pub forward: Script,
    pub rollback: Option<Script>,
}

/// The result of a successful scan.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub migrations: Vec<Scanned>,
    /// Tables created by the migrations and not dropped or renamed away later, sorted.
    pub required_tables: Vec<String>,
    /// Things worth saying that do not stop the build (a migration with no statement).
    pub warnings: Vec<Problem>,
}

/// What is wrong with one file, with the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// One forward migration placed in the order: its stem, identity and the indices (into the
/// input slice) of its file and its rollback script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub stem: Stem,
    pub version: i32,
    pub forward: usize,
    pub rollback: Option<usize>,
}

/// The checks that need no SQL: file names and dates, rollback scripts without a migration,
/// identities (at most [`naming::MAX_PER_DAY`] a day). Returns the migrations in order;
/// their problems are pushed onto `problems`.
pub fn place(files: &[SourceFile], today: u32, problems: &mut Vec<Problem>) -> Vec<Placed> {
    let mut forwards: BTreeMap<Stem, usize> = BTreeMap::new();
    let mut rollbacks: BTreeMap<Stem, usize> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        match naming::classify_file(&file.name, today) {
            Ok(FileKind::Migration(stem)) => {
                forwards.insert(stem, index);
            }
            Ok(FileKind::Rollback(stem)) => {
                rollbacks.insert(stem, index);
            }
            Ok(FileKind::Ignored) => {}
            Err(e) => problems.push(problem(&file.name, e.to_string())),
        }
    }
    for (stem, &index) in &rollbacks {
        if !forwards.contains_key(stem) {
            let message = format!(
                "rollback script without a migration: there is no `{}`; add that migration \
                 or delete this rollback script",
                stem.file_name()
            );
            problems.push(problem(&files[index].name, message));
        }
    }
    let mut placed = Vec::with_capacity(forwards.len());
    let mut per_day: BTreeMap<u32, usize> = BTreeMap::new();
    for (stem, index) in forwards {
        let position = per_day.entry(stem.date).or_default();
        *position += 1;
        if *position > naming::MAX_PER_DAY {
            let message = format!(
                "duplicate identity: more than {} migrations on {:08} cannot get distinct \
                 versions; move this one to another date, e.g. `{}`",
                naming::MAX_PER_DAY,
                stem.date,
                Stem { date: stem.date + 1, description: stem.description.clone() }.file_name()
            );
            problems.push(problem(&files[index].name, message));
            continue;
        }
        let version = stem.version(*position);
        placed.push(Placed { rollback: rollbacks.get(&stem).copied(), stem, version, forward: index });
    }
    placed
}

/// Validates and orders `files`. `today` (YYYYMMDD) only feeds example names in messages.
pub fn scan(files: &[SourceFile], today: u32) -> Result<Scan, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut scan = Scan::default();
    let mut effects = Vec::new();
    for placed in place(files, today, &mut problems) {
        let forward = split_checked(files, placed.forward, &mut problems);
        let rollback = placed.rollback.map(|r| split_checked(files, r, &mut problems));
        let (Some(forward), Some(rollback)) = (forward, rollback.map_or(Some(None), |r| r.map(Some))) else {
            continue;
        };
        let text = &files[placed.forward].text;
        if forward.statements.is_empty() {
            if let Some(message) = unwritten_message(text) {
                scan.warnings.push(problem(&files[placed.forward].name, message));
            }
        }
        effects.extend(forward.statements.iter().flat_map(|s| classify::classify(&s.text(text)).effects));
        let checksum = checksum(&placed.stem.to_string(), placed.version, text);
        scan.migrations.push(Scanned { stem: placed.stem, version: placed.version, checksum, forward, rollback });
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        return Err(problems);
    }
    scan.required_tables = required_tables(&effects);
    Ok(scan)
}

/// Whether `sql` can change which tables exist: every [`TableEffect`] comes from a `CREATE`,
/// `DROP` or `RENAME`, so text without any of these words (in any case) has none. A cheap
/// test that lets a start skip splitting the files that cannot matter to `REQUIRED_TABLES`.
pub fn may_change_tables(sql: &str) -> bool {
    const WORDS: [&[u8]; 3] = [b"create", b"drop", b"rename"];
    let bytes = sql.as_bytes();
    (0..bytes.len()).any(|i| {
        matches!(bytes[i] | 0x20, b'c' | b'd' | b'r')
            && WORDS.iter().any(|w| bytes.get(i..i + w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w)))
    })
}

/// Splits one file, recording its problems: empty text, unsplittable SQL, refused statements.
fn split_checked(files: &[SourceFile], index: usize, problems: &mut Vec<Problem>) -> Option<Script> {
    let file = &files[index];
    if file.text.trim().is_empty() {
        let message = "the file is empty; write the migration's SQL in it, or delete it".into();
        problems.push(problem(&file.name, message));
        return None;
    }
    let statements = match split::split(&file.text) {
        Ok(statements) => statements,
        Err(e) => {
            problems.push(problem(&file.name, e.to_string()));
            return None;
        }
    };
    let before = problems.len();
    for statement in &statements {
        if let Some(refusal) = classify::refusal(&statement.text(&file.text)) {
            problems.push(problem(&file.name, format!("line {}: {refusal}", statement.line)));
        }
    }
    if online::marked_online(&file.text) {
        let texts: Vec<(u32, Cow<str>)> = statements.iter().map(|s| (s.line, s.text(&file.text))).collect();
        let found = online::problems(texts.iter().map(|(line, text)| (*line, &**text)));
        problems.extend(found.into_iter().map(|message| problem(&file.name, message)));
    }
    (problems.len() == before).then_some(Script { file: index, statements })
}

fn problem(file: &str, message: String) -> Problem {
    Problem { file: file.to_string(), message }
}

/// Folds table effects in order: created tables, minus those dropped or renamed away.
pub fn required_tables(effects: &[TableEffect]) -> Vec<String> {
    let mut tables = BTreeSet::new();
    for effect in effects {
        match effect {
            TableEffect::Create(name) => {
                tables.insert(name.clone());
            }
            TableEffect::Drop(name) => {
                tables.remove(name);
            }
            TableEffect::Rename { from, to } => {
                if tables.remove(from) {
                    tables.insert(to.clone());
                }
            }
        }
    }
    tables.into_iter().collect()
}

/// The checksum refinery computes for migration `V{version}__{name}` (SipHash-1-3 of name,
/// version and SQL), over the SQL with CRLF line endings read as LF so that a checkout's
/// line-ending conversion never looks like an edit.
pub fn checksum(name: &str, version: i32, sql: &str) -> u64 {
    let mut hasher = siphasher::sip::SipHasher13::new();
    name.hash(&mut hasher);
    version.hash(&mut hasher);
    normalize_line_endings(sql).hash(&mut hasher);
    hasher.finish()
}

/// `sql` with every CRLF replaced by LF (borrowed when there is none).
pub fn normalize_line_endings(sql: &str) -> Cow<'_, str> {
    if sql.contains("\r\n") {
        Cow::Owned(sql.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile { name: name.into(), text: text.into() }
    }

    fn scan_ok(files: &[SourceFile]) -> Scan {
        scan(files, 20261125).unwrap_or_else(|p| panic!("{p:?}"))
    }

    #[test]
    fn orders_by_date_then_name_and_numbers_each_day() {
        let files = [
            file("20240102_b.sql", "CREATE TABLE b (id INT);"),
            file("20240101_z.sql", "CREATE TABLE z (id INT);"),
            file("20240102_a.sql", "CREATE TABLE a (id INT);"),
            file("README.md", "not sql"),
            file("rollback_20240102_a.sql", "DROP TABLE a;"),
        ];
        let scan = scan_ok(&files);
        let got: Vec<_> = scan.migrations.iter().map(|m| (m.stem.to_string(), m.version)).collect();
        assert_eq!(
            got,
            [("20240101_z".into(), 2024010101), ("20240102_a".into(), 2024010201), ("20240102_b".into(), 2024010202)]
        );
        assert_eq!(scan.migrations[1].rollback.as_ref().map(|r| r.file), Some(4));
        assert_eq!(scan.required_tables, ["a", "b", "z"]);
    }

    #[test]
    fn required_tables_follow_creates_drops_and_renames() {
        let files = [
            file("20240101_init.sql", "CREATE TABLE a (id INT); CREATE TABLE b (id INT); CREATE TABLE c (id INT);"),
            file("20240102_drop_b.sql", "DROP TABLE b;"),
            file("20240103_rename_c.sql", "RENAME TABLE c TO d; CREATE TEMPORARY TABLE t (id INT);"),
        ];
        assert_eq!(scan_ok(&files).required_tables, ["a", "d"]);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let files = [
            file("2024011_init.sql", "SELECT 1;"),
            file("20241301_init.sql", "SELECT 1;"),
            file("20240101_empty.sql", "  \n"),
            file("rollback_20240101_orphan.sql", "DROP TABLE x;"),
            file("20240102_bad.sql", "SELECT 'unterminated;"),
            file("20240103_use.sql", "CREATE TABLE a (id INT);\nUSE other;"),
        ];
        let problems = scan(&files, 20261125).unwrap_err();
        let named: Vec<_> = problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            named,
            [
                "20240101_empty.sql",
                "20240102_bad.sql",
                "20240103_use.sql",
                "2024011_init.sql",
                "20241301_init.sql",
                "rollback_20240101_orphan.sql"
            ]
        );
        assert!(problems[2].message.starts_with("line 2:"), "{}", problems[2]);
        assert!(problems[5].message.contains("20240101_orphan.sql"));
    }

    #[test]
    fn more_than_99_a_day_is_a_duplicate_identity() {
        let files: Vec<_> = (0..100).map(|i| file(&format!("20240101_m{i:03}.sql"), "SELECT 1;")).collect();
        let problems = scan(&files, 20261125).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("duplicate identity"));
    }

    #[test]
    fn comment_only_migration_is_a_warning_unless_marked_empty() {
        let scan = scan_ok(&[file("20240101_todo.sql", "-- Migration: 20240101_todo\n")]);
        assert_eq!(scan.migrations.len(), 1);
        assert_eq!(scan.warnings.len(), 1);
        assert!(scan.warnings[0].message.contains("add the line `-- schemagate: empty`"), "{}", scan.warnings[0]);
        let scan = scan_ok(&[file("20240101_keep.sql", "-- Migration: 20240101_keep\n  -- Schemagate: EMPTY \n")]);
        assert!(scan.warnings.is_empty());
        assert!(!marked_empty("-- mention `-- schemagate: empty` in prose\n"));
    }

    #[test]
    fn checksum_ignores_crlf_and_matches_refinery() {
        let lf = "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n";
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(checksum("20240101_a", 2024010101, lf), checksum("20240101_a", 2024010101, &crlf));
        assert_ne!(checksum("20240101_a", 2024010101, lf), checksum("20240101_a", 2024010102, lf));
    }
}
