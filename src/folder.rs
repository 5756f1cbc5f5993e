//! A migrations folder on disk: read it (every entry, nothing skipped silently) and run every
//! build-time check on it. `build.rs` (through `#[path]`), `migrate lint` and the runtime's
//! folder loader all use these functions, so the build, the linter and a start from a folder
//! report the same problems with the same words.
//!
//! std and walkdir only (`build.rs` includes this file); the checks themselves live in
//! `scan` (names, dates, rollbacks, splitting, refused statements) and `readme` (headers and
//! the History list, warnings only).

use crate::readme;
use crate::scan::{self, Problem, Scan, SourceFile};
use std::path::{Path, PathBuf};

/// What [`read`] found in a folder.
#[derive(Debug, Default)]
pub struct Folder {
    /// Readable files, sorted by name (hidden files left out).
    pub files: Vec<SourceFile>,
    /// The path of each of `files`.
    pub paths: Vec<PathBuf>,
    /// Every entry seen, hidden ones included (what a build script reruns on).
    pub entries: Vec<PathBuf>,
    /// Subfolders, unreadable and non-UTF-8 files, a missing folder.
    pub problems: Vec<Problem>,
}

/// Reads every entry of `dir` (not below it). Subfolders, unreadable and non-UTF-8 files are
/// problems; nothing that could be a migration is skipped silently.
pub fn read(dir: &Path) -> Folder {
    let mut folder = Folder::default();
    if !dir.is_dir() {
        let message = format!("the migrations folder {} does not exist; create it", dir.display());
        folder.problems.push(Problem { file: dir.display().to_string(), message });
        return folder;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                folder.problems.push(Problem { file: dir.display().to_string(), message: e.to_string() });
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        folder.entries.push(entry.path().to_path_buf());
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().is_dir() {
            let message = "migrations are not read from subfolders; move its files up into \
                           migrations/ or move the folder elsewhere"
                .to_string();
            folder.problems.push(Problem { file: format!("{name}/"), message });
            continue;
        }
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                folder.paths.push(entry.path().to_path_buf());
                folder.files.push(SourceFile { name, text });
            }
            Err(e) => {
                let message = format!("cannot be read as UTF-8 text ({e}); save it as UTF-8");
                folder.problems.push(Problem { file: name, message });
            }
        }
    }
    folder
}

/// Every check the build runs: `Ok` with the scan and the warnings (a migration without
/// statements, headers and README History that disagree with the files), or every problem,
/// sorted by file.
pub fn check(folder: &Folder, today: u32) -> Result<(Scan, Vec<String>), Vec<Problem>> {
    let mut problems = folder.problems.clone();
    let scan = match scan::scan(&folder.files, today) {
        Ok(scan) if problems.is_empty() => scan,
        Ok(_) => return Err(sorted(problems)),
        Err(more) => {
            problems.extend(more);
            return Err(sorted(problems));
        }
    };
    let mut warnings: Vec<String> = scan.warnings.iter().map(ToString::to_string).collect();
    let texts = folder.files.iter().map(|f| (f.name.as_str(), f.text.as_str()));
    warnings.extend(readme::check_folder(texts).iter().map(ToString::to_string));
    Ok((scan, warnings))
}

fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    problems
}

/// The report of a folder with problems, as the build prints it: a count, one line per
/// problem with its fix, and the naming rule.
pub fn problem_report(dir: &Path, problems: &[Problem]) -> String {
    let mut out = format!("error: {} problem(s) in the migrations folder {}:\n", problems.len(), dir.display());
    for problem in problems {
        out.push_str(&format!("  - {problem}\n"));
    }
    out.push_str(
        "Migration files are named YYYYMMDD_description.sql (a real date; lowercase letters, \
         digits and underscores), rollback scripts rollback_YYYYMMDD_description.sql.\n",
    );
    out
}
