//! Checks the folder's documentation against its files (for `build.rs`'s warnings and
//! `migrate check`): each file's header against its name, the History list against the
//! migrations, the rollback bullets against the rollback scripts. Every disagreement is a
//! [`Finding`] with its fix; nothing here fails.

use super::*;

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
