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

/// Something in the folder's documentation that disagrees with its files, with the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file to fix: a migration, or `README.md`.
    pub file: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

fn finding(file: &str, message: String) -> Finding {
    Finding { file: file.to_string(), message }
}

/// Checks one file's header against its name. `name` is the file's stem with any `rollback_`
/// prefix, `date` the stem's date.
pub fn check_header(file: &str, name: &str, date: u32, header: &Header) -> Vec<Finding> {
    let date_text = format_date(date);
    if header == &Header::default() {
        let message = format!(
            "has no header; start it with the lines `-- {MIGRATION} {name}`, `-- {DATE} {date_text}` and \
             `-- {DESCRIPTION} <one sentence>` (as `migrate new` writes them)"
        );
        return vec![finding(file, message)];
    }
    let mut found = Vec::new();
    for (key, value, expected) in [
        (MIGRATION, &header.migration, Some(name)),
        (DATE, &header.date, Some(date_text.as_str())),
        (DESCRIPTION, &header.description, None),
    ] {
        match (value.as_deref(), expected) {
            (None, _) => {
                let wanted = expected.unwrap_or("<one sentence>");
                found.push(finding(file, format!("the header has no `-- {key}` line; add `-- {key} {wanted}`")));
            }
            (Some(""), None) => {
                found.push(finding(file, format!("the header's `-- {key}` is empty; write one sentence after it")));
            }
            (Some(value), Some(expected)) if value != expected => found.push(finding(
                file,
                format!(
                    "the header says `-- {key} {value}` but the file is {name}; change it to `-- {key} {expected}`"
                ),
            )),
            _ => {}
        }
    }
    found
}

/// Compares the History list with the folder's forward migrations (`stem` and its header's
/// `Description`, if any): entries missing or without a file, descriptions that differ,
/// duplicates, lines out of order and bullets that are not entries.
pub fn compare(history: &History, migrations: &BTreeMap<Stem, Option<String>>) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut readme = |message: String| found.push(finding(README, message));
    for (line, text) in &history.malformed {
        readme(format!(
            "line {line} of the History list is not `- YYYYMMDD_description{SEPARATOR}Description`: `{text}`; \
             write it in that form"
        ));
    }
    let mut listed: BTreeMap<&Stem, usize> = BTreeMap::new();
    let mut last: Option<&Stem> = None;
    for entry in &history.entries {
        let stem = &entry.stem;
        if let Some(first) = listed.insert(stem, entry.line) {
            readme(format!("line {} lists {stem} again (first on line {first}); delete one of them", entry.line));
            listed.insert(stem, first);
            continue;
        }
        match last {
            Some(previous) if previous > stem => readme(format!(
                "line {} lists {stem} after {previous}; keep the History list in date and name order",
                entry.line
            )),
            _ => last = Some(stem),
        }
        match migrations.get(stem) {
            None => readme(format!(
                "line {} lists {stem}, but there is no {}; delete the line, or restore the file",
                entry.line,
                stem.file_name()
            )),
            Some(Some(header)) if !header.is_empty() && *header != entry.description => readme(format!(
                "line {} describes {stem} differently from the file's `-- {DESCRIPTION}` line; make them the \
                 same (README: `{}`, file: `{header}`)",
                entry.line, entry.description
            )),
            Some(_) => {}
        }
    }
    for (stem, description) in migrations {
        if !listed.contains_key(stem) {
            let description = description.as_deref().filter(|d| !d.is_empty()).unwrap_or("<one sentence>");
            readme(format!(
                "the History list misses {}; add the line `{}` in date order (the line `migrate new` writes)",
                stem.file_name(),
                render_entry(stem, description)
            ));
        }
    }
    found
}

/// Compares the rollback list (when the README keeps one) with the folder's rollback scripts.
pub fn compare_rollbacks(listed: &[(Stem, usize)], rollbacks: &[Stem]) -> Vec<Finding> {
    let mut found = Vec::new();
    for (stem, line) in listed {
        if !rollbacks.contains(stem) {
            let message = format!(
                "line {line} lists {}, but there is no such file; delete the line, or restore the file",
                stem.rollback_file_name()
            );
            found.push(finding(README, message));
        }
    }
    for stem in rollbacks.iter().filter(|stem| !listed.iter().any(|(s, _)| s == *stem)) {
        let message = format!(
            "the {ROLLBACKS_HEADING} list misses {}; add the line `{}` in date order",
            stem.rollback_file_name(),
            render_rollback_entry(stem)
        );
        found.push(finding(README, message));
    }
    found
}

/// Everything the build warns about in a folder's files (name and text; `README.md` among
/// them or not): each migration's and rollback script's header, and, when there is a README,
/// its History list against the forward migrations and its rollback list against the rollback
/// scripts (each only if the README keeps it). Names that break the
/// grammar are left to the scan.
pub fn check_folder<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut migrations = BTreeMap::new();
    let mut rollbacks = Vec::new();
    let mut readme = None;
    for (name, text) in files {
        let (stem, prefix) = match naming::classify_file(name, naming::today()) {
            Ok(FileKind::Migration(stem)) => (stem, ""),
            Ok(FileKind::Rollback(stem)) => (stem, naming::ROLLBACK_PREFIX),
            Ok(FileKind::Ignored) if name == README => {
                readme = Some(text);
                continue;
            }
            Ok(FileKind::Ignored) | Err(_) => continue,
        };
        let header = read_header(text);
        found.extend(check_header(name, &format!("{prefix}{stem}"), stem.date, &header));
        if prefix.is_empty() {
            migrations.insert(stem, header.description);
        } else {
            rollbacks.push(stem);
        }
    }
    if let Some(history) = readme.and_then(parse_history) {
        found.extend(compare(&history, &migrations));
    }
    if let Some(listed) = readme.and_then(parse_rollbacks) {
        rollbacks.sort();
        found.extend(compare_rollbacks(&listed, &rollbacks));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(text: &str) -> Stem {
        naming::parse_stem(text).unwrap()
    }

    const README_TEXT: &str = "# migrations\n\nProse.\n\n## History\n\n- 20240101_a — First.\n\
                               - 20240103_c — Third.\n\n## Later\n\nMore prose.\n";

    #[test]
    fn reads_the_header_block_only() {
        let text = "\u{feff}\n-- Migration: 20240101_a\n--Date: 2024-01-01 \n-- Description:  First.\r\n--\n\
                    -- Description: ignored\n\nSELECT 1;\n-- Migration: not the header\n";
        let header = read_header(text);
        assert_eq!(header.migration.as_deref(), Some("20240101_a"));
        assert_eq!(header.date.as_deref(), Some("2024-01-01"));
        assert_eq!(header.description.as_deref(), Some("First."));
        assert_eq!(read_header("SELECT 1;\n-- Migration: x\n"), Header::default());
    }

    #[test]
    fn renders_what_it_reads() {
        let text = render_header("rollback_20240229_add_x", 20240229, "Undo it.");
        assert_eq!(text, "-- Migration: rollback_20240229_add_x\n-- Date: 2024-02-29\n-- Description: Undo it.\n");
        assert!(check_header("f", "rollback_20240229_add_x", 20240229, &read_header(&text)).is_empty());
        assert_eq!(sentence("add_user_email2"), "Add user email2.");
        assert_eq!(sentence("x"), "X.");
        assert_eq!(render_entry(&stem("20240101_a"), "First."), "- 20240101_a — First.");
    }

    #[test]
    fn header_problems_name_the_expected_line() {
        let none = check_header("20240101_a.sql", "20240101_a", 20240101, &Header::default());
        assert_eq!(none.len(), 1);
        assert!(none[0].message.contains("has no header") && none[0].message.contains("`-- Date: 2024-01-01`"));
        let header = read_header("-- Migration: 20240101_b\n-- Date: 2024-1-1\n-- Description:\n");
        let found = check_header("20240101_a.sql", "20240101_a", 20240101, &header);
        let messages: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("change it to `-- Migration: 20240101_a`"));
        assert!(messages[1].contains("change it to `-- Date: 2024-01-01`"));
        assert!(messages[2].contains("`-- Description:` is empty"));
        let partial = check_header("x.sql", "20240101_a", 20240101, &read_header("-- Migration: 20240101_a\n"));
        assert_eq!(partial.len(), 2);
        assert!(partial[0].message.contains("add `-- Date: 2024-01-01`"), "{}", partial[0]);
    }

    #[test]
    fn parses_entries_and_flags_other_bullets() {
        let text = format!("{README_TEXT}\n## History again?\n");
        let history = parse_history(&text).unwrap();
        let got: Vec<_> =
            history.entries.iter().map(|e| (e.stem.to_string(), e.description.as_str(), e.line)).collect();
        assert_eq!(got, [("20240101_a".into(), "First.", 7), ("20240103_c".into(), "Third.", 8)]);
        assert!(history.malformed.is_empty());
        let bad = parse_history("## History\n- 20240101_a - hyphen\n- 2024_a — x\nprose\n- 20240101_b — \n").unwrap();
        assert_eq!(bad.malformed.iter().map(|m| m.0).collect::<Vec<_>>(), [2, 3, 5]);
        assert_eq!(parse_history("# no history\n- 20240101_a — x\n"), None);
    }

    #[test]
    fn inserts_in_order_and_changes_nothing_else() {
        let cases = [
            ("20240102_b", 8, "- 20240102_b — Second.\n- 20240103_c"),
            ("20231231_z", 7, "- 20231231_z — Second.\n- 20240101_a"),
            ("20240103_d", 9, "- 20240103_c — Third.\n- 20240103_d — Second.\n\n## Later"),
        ];
        for (new, line, expected) in cases {
            let out = insert_entry(README_TEXT, &stem(new), "Second.").unwrap();
            assert!(out.contains(expected), "{new}:\n{out}");
            let removed = out.replacen(&format!("- {new} — Second.\n"), "", 1);
            assert_eq!(removed, README_TEXT, "{new}: other bytes changed");
            let found = parse_history(&out).unwrap().entries.iter().find(|e| e.stem == stem(new)).unwrap().line;
            assert_eq!(found, line, "{new}");
        }
        let err = insert_entry(README_TEXT, &stem("20240103_c"), "Again.").unwrap_err();
        assert_eq!(err, InsertError::AlreadyListed { line: 8 });
        assert!(err.to_string().contains("line 8"));
    }

    #[test]
    fn inserts_with_crlf_at_the_end_and_into_an_empty_section() {
        let crlf = "## History\r\n\r\n- 20240101_a — First.\r\n";
        assert_eq!(insert_entry(crlf, &stem("20240102_b"), "B.").unwrap(), format!("{crlf}- 20240102_b — B.\r\n"));
        let no_eol = "## History\n\n- 20240101_a — First.";
        assert_eq!(insert_entry(no_eol, &stem("20240102_b"), "B.").unwrap(), format!("{no_eol}\n- 20240102_b — B.\n"));
        let b = stem("20240102_b");
        let cases = [
            ("## History\n", "## History\n\n- 20240102_b — B.\n"),
            ("## History", "## History\n\n- 20240102_b — B.\n"),
            ("## History\n\n", "## History\n\n- 20240102_b — B.\n"),
            ("## History\n\n## Next\n", "## History\n\n- 20240102_b — B.\n\n## Next\n"),
            ("## History\nProse.\n", "## History\n\n- 20240102_b — B.\n\nProse.\n"),
        ];
        for (before, after) in cases {
            assert_eq!(insert_entry(before, &b, "B.").unwrap(), after, "{before:?}");
            assert_eq!(parse_history(after).unwrap().entries.len(), 1);
        }
        assert_eq!(insert_entry("# Title\n- 20240101_a — A.\n", &b, "B."), Err(InsertError::NoHistory));
    }

    #[test]
    fn compare_reports_each_disagreement_with_its_fix() {
        let readme = "## History\n- 20240103_c — Third.\n- 20240101_a — Old words.\n- 20240103_c — Again.\n\
                      - 20240105_gone — Gone.\n- nonsense\n";
        let history = parse_history(readme).unwrap();
        let mut folder = BTreeMap::new();
        folder.insert(stem("20240101_a"), Some("New words.".to_string()));
        folder.insert(stem("20240102_b"), Some("Second.".to_string()));
        folder.insert(stem("20240103_c"), Some("Third.".to_string()));
        folder.insert(stem("20240104_d"), None);
        let found: Vec<String> = compare(&history, &folder).iter().map(ToString::to_string).collect();
        let expect = [
            "line 6 of the History list is not",
            "line 3 lists 20240101_a after 20240103_c; keep the History list in date and name order",
            "line 3 describes 20240101_a differently",
            "line 4 lists 20240103_c again (first on line 2)",
            "line 5 lists 20240105_gone, but there is no 20240105_gone.sql; delete the line",
            "misses 20240102_b.sql; add the line `- 20240102_b — Second.`",
            "misses 20240104_d.sql; add the line `- 20240104_d — <one sentence>`",
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (got, want) in found.iter().zip(expect) {
            assert!(got.starts_with("README.md: ") && got.contains(want), "{got}\nwant: {want}");
        }
    }

    #[test]
    fn check_folder_reads_headers_rollbacks_and_the_readme() {
        let a = format!("{}SELECT 1;\n", render_header("20240101_a", 20240101, "First."));
        let rollback = format!("{}SELECT 1;\n", render_header("20240101_a", 20240101, "Undo."));
        let files = [
            ("20240101_a.sql", a.as_str()),
            ("rollback_20240101_a.sql", rollback.as_str()),
            ("20240102_b.sql", "SELECT 2;\n"),
            ("Bad Name.sql", "SELECT 3;"),
            ("README.md", "## History\n\n- 20240101_a — First.\n- 20240102_b — Second.\n"),
        ];
        let with_list = "## Rollback files\n\n- `rollback_20240102_b.sql`\n";
        let found: Vec<String> = check_folder(files).iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("rollback_20240101_a.sql: the header says `-- Migration: 20240101_a`"));
        assert!(found[0].contains("`-- Migration: rollback_20240101_a`"));
        assert!(found[1].starts_with("20240102_b.sql: has no header"));
        assert!(check_folder([("20240101_a.sql", a.as_str())]).is_empty(), "no README, no list check");
        let found = check_folder([files[0], files[1], ("README.md", with_list)]);
        let found: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[1].contains("lists rollback_20240102_b.sql, but there is no such file"), "{}", found[1]);
        assert!(found[2].contains("misses rollback_20240101_a.sql"), "{}", found[2]);
    }

    #[test]
    fn keeps_the_rollback_list() {
        let text =
            "## Rollback files\n\nProse.\n\n- `rollback_20240101_a.sql`\n- `rollback_20240301_c.sql`\n\n## History\n";
        let listed = parse_rollbacks(text).unwrap();
        assert_eq!(listed, [(stem("20240101_a"), 5), (stem("20240301_c"), 6)]);
        let out = insert_rollback(text, &stem("20240201_b")).unwrap();
        assert_eq!(out, text.replace("- `rollback_20240301_c", "- `rollback_20240201_b.sql`\n- `rollback_20240301_c"));
        let out = insert_rollback(text, &stem("20240401_d")).unwrap();
        assert!(out.contains("c.sql`\n- `rollback_20240401_d.sql`\n\n## History"), "{out}");
        assert_eq!(insert_rollback(text, &stem("20240101_a")), None, "listed already");
        assert_eq!(insert_rollback("## Rollback files\n\nNone yet.\n", &stem("20240101_a")), None, "no list");
        assert_eq!(parse_rollbacks("## History\n- `rollback_20240101_a.sql`\n"), None);

        let found = compare_rollbacks(&listed, &[stem("20240101_a"), stem("20240201_b")]);
        let found: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("line 6 lists rollback_20240301_c.sql, but there is no such file"));
        assert!(found[1].contains("misses rollback_20240201_b.sql; add the line `- `rollback_20240201_b.sql``"));
    }

    /// The crate's own migrations folder: headers and History agree, so the build is quiet.
    #[test]
    fn own_migrations_folder_agrees_with_its_readme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
        assert!(files.iter().any(|(name, _)| name == README));
        let found = check_folder(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        assert!(found.is_empty(), "{found:#?}");
    }
}
