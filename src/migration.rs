//! A migration as the engine sees it: data, not code. The compiled-in table
//! (`embedded::migrations`) is one source; tests and benchmarks build their own sets from
//! files or strings with [`from_sources`] or [`load_dir`], through the same grammar and
//! checks `build.rs` applies.
//!
//! Invariant: `statements` are byte ranges of `sql` produced by `split::split`, and
//! `checksum` is refinery's checksum of `V{version}__{name}` over the LF-normalised SQL.

use crate::error::{Error, Result};
use crate::scan::{self, SourceFile};
use crate::split::Statement;
use std::borrow::Cow;
use std::path::Path;

/// One script (forward or rollback) and its statements.
#[derive(Debug, Clone)]
pub struct Script {
    pub file: Cow<'static, str>,
    pub sql: Cow<'static, str>,
    pub statements: Cow<'static, [Statement]>,
}

impl Script {
    /// `(1-based index, line, text)` of every statement.
    pub fn statements(&self) -> impl Iterator<Item = (usize, u32, Cow<'_, str>)> + '_ {
        self.statements.iter().enumerate().map(|(i, s)| (i + 1, s.line, s.text(&self.sql)))
    }
}

/// One migration: its stem (`YYYYMMDD_description`), identity, checksum and scripts.
#[derive(Debug, Clone)]
pub struct Migration {
    pub name: Cow<'static, str>,
    pub version: i32,
    pub checksum: u64,
    pub forward: Script,
    pub rollback: Option<Script>,
}

impl Migration {
    /// The forward script's file name.
    pub fn file(&self) -> &str {
        &self.forward.file
    }

    /// Why this migration must not run yet: it has no statement and no
    /// [`EMPTY_MARKER`](scan::EMPTY_MARKER) line, so its SQL is still to be written.
    pub fn unwritten(&self) -> Option<String> {
        if !self.forward.statements.is_empty() {
            return None;
        }
        scan::unwritten_message(&self.forward.sql).map(|message| format!("{} {message}", self.file()))
    }

    /// The same migration as refinery's type (for refinery's reports and tools).
    pub fn to_refinery(&self) -> std::result::Result<refinery::Migration, refinery::Error> {
        let sql = scan::normalize_line_endings(&self.forward.sql);
        refinery::Migration::unapplied(&format!("V{}__{}", self.version, self.name), &sql)
    }
}

/// An ordered list of migrations and the tables they leave behind: the engine's input.
#[derive(Debug, Clone, Default)]
pub struct MigrationSet {
    pub migrations: Vec<Migration>,
    /// Tables created and not later dropped or renamed away, sorted.
    pub required_tables: Vec<String>,
}

/// Builds migrations from in-memory files (name without directory, text), exactly as
/// `build.rs` would: the same names are accepted and the same problems reported.
pub fn from_sources(files: Vec<SourceFile>) -> Result<Vec<Migration>> {
    Ok(set_from_sources(files)?.migrations)
}

/// Like [`from_sources`], with the required tables.
pub fn set_from_sources(files: Vec<SourceFile>) -> Result<MigrationSet> {
    let scanned = scan::scan(&files, crate::naming::today()).map_err(|problems| problems_error(&problems))?;
    let mut texts: Vec<Option<String>> = files.into_iter().map(|f| Some(f.text)).collect();
    let take = |script: &scan::Script, texts: &mut Vec<Option<String>>, file: String| Script {
        file: Cow::Owned(file),
        sql: Cow::Owned(texts[script.file].take().unwrap_or_default()),
        statements: Cow::Owned(script.statements.clone()),
    };
    let mut out = Vec::with_capacity(scanned.migrations.len());
    for m in scanned.migrations {
        let forward = take(&m.forward, &mut texts, m.stem.file_name());
        let rollback = m.rollback.as_ref().map(|r| take(r, &mut texts, m.stem.rollback_file_name()));
        out.push(Migration {
            name: Cow::Owned(m.stem.to_string()),
            version: m.version,
            checksum: m.checksum,
            forward,
            rollback,
        });
    }
    Ok(MigrationSet { migrations: out, required_tables: scanned.required_tables })
}

/// Reads a migrations folder at run time, with the reader and rules `build.rs` uses.
pub fn load_dir(dir: &Path) -> Result<MigrationSet> {
    let folder = crate::folder::read(dir);
    if folder.problems.is_empty() {
        return set_from_sources(folder.files);
    }
    let mut problems = folder.problems;
    if let Err(more) = scan::scan(&folder.files, crate::naming::today()) {
        problems.extend(more);
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    Err(problems_error(&problems))
}

fn problems_error(problems: &[scan::Problem]) -> Error {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Error::Invalid(format!("problems in the migration files:\n  - {}", lines.join("\n  - ")))
}

/// What a start needs to know when nothing is pending: the digest a history recording exactly
/// the set adds up to, and the tables the set leaves behind. No statement text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub digest: HistoryDigest,
    /// Tables created and not later dropped or renamed away, sorted.
    pub required_tables: Vec<String>,
}

/// The [`Outline`] of a folder at the cost of reading it: names, dates and identities are
/// checked, checksums computed from the text, and only files that can change which tables
/// exist ([`scan::may_change_tables`]) are split. `None` when the folder has any problem a
/// full load would report there, or a file that cannot be split: [`load_dir`] then says what.
///
/// Statements are not checked for refused ones here: a start that finds the history equal to
/// the digest runs nothing; any other start loads the folder fully first.
pub fn outline_dir(dir: &Path) -> Option<Outline> {
    let folder = crate::folder::read_for_digest(dir);
    let mut problems = folder.problems;
    let placed = scan::place(&folder.files, crate::naming::today(), &mut problems);
    if !problems.is_empty() {
        return None;
    }
    let mut outline = Outline::default();
    let mut effects = Vec::new();
    for m in &placed {
        let text = &folder.files[m.forward].text;
        outline.digest.add(m.version, scan::checksum(&m.stem.to_string(), m.version, text));
        if scan::may_change_tables(text) {
            let statements = crate::split::split(text).ok()?;
            let changing = statements.iter().map(|s| s.text(text)).filter(|s| scan::may_change_tables(s));
            effects.extend(changing.flat_map(|s| crate::classify::classify(&s).effects));
        }
    }
    outline.required_tables = scan::required_tables(&effects);
    Some(outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_refinerys() {
        let files = vec![SourceFile {
            name: "20240101_init.sql".into(),
            text: "CREATE TABLE a (id INT);\r\nCREATE TABLE b (id INT);\r\n".into(),
        }];
        let m = &from_sources(files).unwrap()[0];
        let r = m.to_refinery().unwrap();
        assert_eq!(r.checksum(), m.checksum);
        assert_eq!(r.version(), m.version);
        assert_eq!(r.name(), "20240101_init");
        let set = MigrationSet { migrations: vec![m.clone()], required_tables: vec![] };
        assert_eq!(set.resolve("2024010101").unwrap().version, 2024010101);
        assert_eq!(set.resolve("20240101_init").unwrap().version, 2024010101);
        assert_eq!(set.resolve("20240101_init.sql").unwrap().version, 2024010101);
        assert!(set.resolve("20240102_x").unwrap_err().to_string().contains("e.g. 2024010101 or 20240101_init"));
        let texts: Vec<_> = m.forward.statements().map(|(i, line, t)| (i, line, t.to_string())).collect();
        assert_eq!(texts[1], (2, 2, "CREATE TABLE b (id INT)".to_string()));
    }
}

/// What a fully migrated database's history adds up to: row count, highest version, and the
/// XOR of the checksums (each already a 64-bit hash of name, version and SQL), computed the
/// same way by `state::read_if_current` on the server. Equal digests mean every migration is
/// recorded with its current name, version and checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HistoryDigest {
    pub rows: u64,
    pub max_version: i64,
    pub xor: u64,
}

impl HistoryDigest {
    /// Adds one recorded migration.
    pub fn add(&mut self, version: i32, checksum: u64) {
        self.rows += 1;
        self.max_version = self.max_version.max(i64::from(version));
        self.xor ^= checksum;
    }
}

impl MigrationSet {
    /// The [`HistoryDigest`] of a history that records exactly this set.
    pub fn digest(&self) -> HistoryDigest {
        let mut digest = HistoryDigest::default();
        for m in &self.migrations {
            digest.add(m.version, m.checksum);
        }
        digest
    }

    /// The set's [`Outline`].
    pub fn outline(&self) -> Outline {
        Outline { digest: self.digest(), required_tables: self.required_tables.clone() }
    }

    /// Finds the migration a user named on the command line: a version (`2024031002`), a
    /// stem (`20240310_add_workflow_modules`) or a file name (`...sql`). Errors list the fix.
    pub fn resolve(&self, spec: &str) -> Result<&Migration> {
        let spec = spec.trim();
        let stem = spec.strip_suffix(crate::naming::EXTENSION).unwrap_or(spec);
        let found = match spec.parse::<i32>() {
            Ok(version) => self.migrations.iter().find(|m| m.version == version),
            Err(_) => self.migrations.iter().find(|m| m.name == stem),
        };
        found.ok_or_else(|| {
            let last = self.migrations.last().map_or(String::new(), |m| format!(", e.g. {} or {}", m.version, m.name));
            Error::Invalid(format!(
                "no migration `{spec}` in this build; give a version or a file name without .sql{last} \
                 (`migrate status` lists them)"
            ))
        })
    }
}
