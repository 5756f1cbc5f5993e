//! The migrations folder's own documentation: the header comments every file starts with, and
//! the `## History` list of `migrations/README.md` that is built from them. `migrate new`
//! writes both; `build.rs` warns when they drift from the files.
//!
//! The header is the first run of `--` comment lines of a file and names the file, its date
//! and one sentence:
//!
//! ```text
//! -- Migration: 20240310_add_workflow_retry_columns
//! -- Date: 2024-03-10
//! -- Description: Add retry bookkeeping columns to workflows.
//! ```
//!
//! A rollback script's `Migration` is its own stem (`rollback_20240310_...`). The History list
//! has one line per forward migration, `- <stem> — <the header's Description>`, in date and
//! name order (the order the migrations apply in). When the README also lists its rollback
//! scripts (`` - `rollback_<stem>.sql` `` bullets under `## Rollback files`), that list is kept
//! the same way.
//!
//! Invariants: an insertion adds one line and leaves every other byte, line endings included,
//! as it was; [`check_folder`] reports every disagreement, each with its fix, and never fails.
//! std-only (`build.rs` includes this file with `#[path]`); the only crate-internal dependency
//! is the file-name grammar.

use crate::naming::{self, FileKind, Stem};
use std::collections::BTreeMap;
use std::fmt;

/// The documentation file of the migrations folder.
pub const README: &str = "README.md";
/// The heading of the History section.
pub const HISTORY_HEADING: &str = "## History";
/// Between the stem and the description of a History line: an em dash with a space each side.
pub const SEPARATOR: &str = " — ";
/// The heading of the section that may list the rollback scripts, one
/// `` - `rollback_<stem>.sql` `` bullet each.
pub const ROLLBACKS_HEADING: &str = "## Rollback files";

/// The header keys, in the order they are written.
const MIGRATION: &str = "Migration:";
const DATE: &str = "Date:";
const DESCRIPTION: &str = "Description:";

/// The header comment lines of a file, as found (each value trimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub migration: Option<String>,
    pub date: Option<String>,
    pub description: Option<String>,
}

/// Reads the header from the first run of `--` lines (leading blank lines are skipped). The
/// first occurrence of each key counts.
pub fn read_header(text: &str) -> Header {
    let mut header = Header::default();
    let lines = text.trim_start_matches('\u{feff}').lines().map(str::trim).skip_while(|l| l.is_empty());
    for comment in lines.map_while(|l| l.strip_prefix("--")) {
        let comment = comment.trim_start();
        let slots =
            [(MIGRATION, &mut header.migration), (DATE, &mut header.date), (DESCRIPTION, &mut header.description)];
        for (key, slot) in slots {
            if let (Some(value), None) = (comment.strip_prefix(key), slot.as_ref()) {
                *slot = Some(value.trim().to_string());
            }
        }
    }
    header
}

/// `YYYYMMDD` as `YYYY-MM-DD`, the form of the header's `Date`.
pub fn format_date(date: u32) -> String {
    format!("{:04}-{:02}-{:02}", date / 10000, date / 100 % 100, date % 100)
}

/// The three header lines for the file whose stem is `name` (a rollback script's name keeps
/// its `rollback_` prefix), each ending with `\n`.
pub fn render_header(name: &str, date: u32, description: &str) -> String {
    format!("-- {MIGRATION} {name}\n-- {DATE} {}\n-- {DESCRIPTION} {description}\n", format_date(date))
}

/// A description's words as a sentence: `add_user_email` becomes `Add user email.`
pub fn sentence(description: &str) -> String {
    let words: Vec<&str> = description.split('_').filter(|w| !w.is_empty()).collect();
    let mut text = words.join(" ");
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text.push('.');
    text
}

/// One History line: `- <stem> — <description>`, without a line ending.
pub fn render_entry(stem: &Stem, description: &str) -> String {
    format!("- {stem}{SEPARATOR}{description}")
}

/// One valid line of the History list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub stem: Stem,
    pub description: String,
    /// 1-based line number in README.md.
    pub line: usize,
}

/// The History section of a README: its valid lines and the `- ` lines that are not entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub entries: Vec<Entry>,
    /// `(line, text)` of each bullet that is not `- YYYYMMDD_description — Description`.
    pub malformed: Vec<(usize, String)>,
}

/// A README line: its text without the line ending, and the byte range with the ending.
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let end = start + raw.len();
        out.push(Line { text: raw.trim_end_matches('\n').trim_end_matches('\r'), start, end });
        start = end;
    }
    out
}

/// The heading's line index and the end of its section (the next `#` or `##` heading), or
/// `None` without that heading.
fn section(lines: &[Line<'_>], title: &str) -> Option<(usize, usize)> {
    let heading = lines.iter().position(|l| l.text.trim_end() == title)?;
    let is_heading = |l: &Line<'_>| l.text.starts_with("# ") || l.text.starts_with("## ");
    let end = lines[heading + 1..].iter().position(is_heading).map_or(lines.len(), |i| heading + 1 + i);
    Some((heading, end))
}

fn parse_entry(text: &str, line: usize) -> Option<Entry> {
    let (stem, description) = text.strip_prefix("- ")?.split_once(SEPARATOR)?;
    let stem = naming::parse_stem(stem.trim()).ok()?;
    let description = description.trim();
    (!description.is_empty()).then(|| Entry { stem, description: description.to_string(), line })
}

/// Parses the History section of `readme`; `None` when it has none. Prose lines in the
/// section are allowed; only `- ` bullets are read as entries.
pub fn parse_history(readme: &str) -> Option<History> {
    let lines = lines(readme);
    let (heading, end) = section(&lines, HISTORY_HEADING)?;
    let mut history = History::default();
    for (index, line) in lines.iter().enumerate().take(end).skip(heading + 1) {
        if !line.text.starts_with("- ") {
            continue;
        }
        match parse_entry(line.text, index + 1) {
            Some(entry) => history.entries.push(entry),
            None => history.malformed.push((index + 1, line.text.to_string())),
        }
    }
    Some(history)
}

/// Why an entry cannot be inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertError {
    /// The README has no `## History` heading: it does not keep the list.
    NoHistory,
    /// The stem is listed already, on this 1-based line.
    AlreadyListed { line: usize },
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InsertError::NoHistory => {
                write!(f, "it has no `{HISTORY_HEADING}` section; add that heading to keep the list there")
            }
            InsertError::AlreadyListed { line } => write!(
                f,
                "its History list already names this migration on line {line}; delete that line if its \
                 file is gone, or choose another description"
            ),
        }
    }
}

impl std::error::Error for InsertError {}

/// `readme` with the History line of `stem` inserted in date and name order, every other byte
/// unchanged and the file's line ending (`\r\n` or `\n`) used.
pub fn insert_entry(readme: &str, stem: &Stem, description: &str) -> Result<String, InsertError> {
    let entry = render_entry(stem, description);
    let lines = lines(readme);
    let (heading, end) = section(&lines, HISTORY_HEADING).ok_or(InsertError::NoHistory)?;
    let history = parse_history(readme).unwrap_or_default();
    if let Some(listed) = history.entries.iter().find(|e| e.stem == *stem) {
        return Err(InsertError::AlreadyListed { line: listed.line });
    }
    let listed: Vec<(&Stem, usize)> = history.entries.iter().map(|e| (&e.stem, e.line)).collect();
    if let Some(text) = insert_sorted(readme, &lines, &listed, stem, &entry) {
        return Ok(text);
    }
    // An empty section: after the heading and the blank lines that follow it.
    let eol = eol(readme);
    let mut text = if ends_line(&lines[heading]) { "" } else { eol }.to_string();
    let blanks = lines[heading + 1..end].iter().take_while(|l| l.text.trim().is_empty()).count();
    let at = lines.get(heading + blanks).map_or(readme.len(), |l| l.end);
    if blanks == 0 {
        text.push_str(eol);
    }
    text.push_str(&entry);
    text.push_str(eol);
    if at < readme.len() {
        text.push_str(eol);
    }
    Ok(splice(readme, at, &text))
}

/// The rollback scripts the Rollback files section lists, as (stem, 1-based line); `None`
/// when the README has no such list.
pub fn parse_rollbacks(readme: &str) -> Option<Vec<(Stem, usize)>> {
    let lines = lines(readme);
    let (heading, end) = section(&lines, ROLLBACKS_HEADING)?;
    let listed: Vec<_> = (heading + 1..end).filter_map(|i| Some((rollback_bullet(lines[i].text)?, i + 1))).collect();
    (!listed.is_empty()).then_some(listed)
}

fn rollback_bullet(text: &str) -> Option<Stem> {
    let name = text.strip_prefix("- `")?.strip_suffix('`')?;
    match naming::classify_file(name, 0) {
        Ok(FileKind::Rollback(stem)) => Some(stem),
        _ => None,
    }
}

/// One line of the rollback list, `` - `rollback_<stem>.sql` ``.
pub fn render_rollback_entry(stem: &Stem) -> String {
    format!("- `{}`", stem.rollback_file_name())
}

/// `readme` with `stem`'s rollback script added to the rollback list in order; `None` when
/// there is no list or it names the script already.
pub fn insert_rollback(readme: &str, stem: &Stem) -> Option<String> {
    let listed = parse_rollbacks(readme)?;
    if listed.iter().any(|(s, _)| s == stem) {
        return None;
    }
    let listed: Vec<(&Stem, usize)> = listed.iter().map(|(s, line)| (s, *line)).collect();
    insert_sorted(readme, &lines(readme), &listed, stem, &render_rollback_entry(stem))
}

/// Inserts `entry` before the first listed stem after `stem`, else after the last one; `None`
/// when nothing is listed.
fn insert_sorted(
    readme: &str,
    lines: &[Line<'_>],
    listed: &[(&Stem, usize)],
    stem: &Stem,
    entry: &str,
) -> Option<String> {
    let eol = eol(readme);
    if let Some((_, next)) = listed.iter().find(|(s, _)| *s > stem) {
        return Some(splice(readme, lines[next - 1].start, &format!("{entry}{eol}")));
    }
    let (_, last) = listed.last()?;
    let line = &lines[last - 1];
    let ending = if ends_line(line) { "" } else { eol };
    Some(splice(readme, line.end, &format!("{ending}{entry}{eol}")))
}

fn eol(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn ends_line(line: &Line<'_>) -> bool {
    line.end > line.start + line.text.len()
}

fn splice(text: &str, at: usize, inserted: &str) -> String {
    format!("{}{inserted}{}", &text[..at], &text[at..])
}

#[path = "readme/check.rs"]
mod check;
#[allow(unused_imports)] // build.rs uses only check_folder
pub use check::{check_folder, check_header, compare, compare_rollbacks, Finding};

#[cfg(test)]
#[path = "readme/tests.rs"]
mod tests;
