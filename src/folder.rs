//! A migrations folder on disk: read it (every entry, nothing skipped silently) and run every
//! build-time check on it. `build.rs` (through `#[path]`), `migrate lint` and the runtime's
//! folder loader all use these functions, so the build, the linter and a start from a folder
//! report the same problems with the same words.
//!
//! std only (`build.rs` includes this file); the checks themselves live in
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

/// Reads every entry of `dir` (not below it), in name order. Subfolders, unreadable and
/// non-UTF-8 files are problems; nothing that could be a migration is skipped silently.
pub fn read(dir: &Path) -> Folder {
    read_with(dir, read_text)
}

/// [`read`] for a start that will compare every checksum with the history: a file is read
/// with one `read` call when it fits the buffer, taking a short read for the end of the file
/// (true of regular files on local file systems). Were it ever not, the checksum would
/// differ from the recorded one and the caller would fall back to a full [`read`].
pub fn read_for_digest(dir: &Path) -> Folder {
    read_with(dir, read_text_once)
}

fn read_with(dir: &Path, read_text: fn(&Path, &mut Vec<u8>) -> std::io::Result<String>) -> Folder {
    let mut folder = Folder::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("the migrations folder {} does not exist; create it", dir.display())
                }
                _ => format!("cannot list {} ({e}); check the path and its permissions", dir.display()),
            };
            folder.problems.push(Problem { file: dir.display().to_string(), message });
            return folder;
        }
    };
    let mut listed: Vec<(String, std::fs::DirEntry)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => listed.push((entry.file_name().to_string_lossy().into_owned(), entry)),
            Err(e) => folder.problems.push(Problem { file: dir.display().to_string(), message: e.to_string() }),
        }
    }
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut buffer = Vec::new();
    for (name, entry) in listed {
        let path = entry.path();
        folder.entries.push(path.clone());
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let message = "migrations are not read from subfolders; move its files up into \
                           migrations/ or move the folder elsewhere"
                .to_string();
            folder.problems.push(Problem { file: format!("{name}/"), message });
            continue;
        }
        match read_text(&path, &mut buffer) {
            Ok(text) => {
                folder.paths.push(path);
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

/// A file's text, read through one reused buffer with no size query: a start reads hundreds
/// of small files, and each system call saved is paid back that many times.
fn read_text(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<String> {
    use std::io::Read;
    buffer.clear();
    let file = std::fs::File::open(path)?;
    // `take` hides the file type from read_to_end, which would otherwise ask for the size.
    file.take(u64::MAX).read_to_end(buffer)?;
    utf8(buffer)
}

/// One `read` into a buffer kept at 64 KiB (zeroed once); a file that fills it is read to
/// the end the ordinary way (see [`read_for_digest`]).
fn read_text_once(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<String> {
    use std::io::Read;
    const ROOM: usize = 64 * 1024;
    if buffer.len() < ROOM {
        buffer.resize(ROOM, 0);
    }
    let mut file = std::fs::File::open(path)?;
    let n = file.read(buffer)?;
    if n < buffer.len() {
        return utf8(&buffer[..n]);
    }
    let mut all = buffer.clone();
    file.read_to_end(&mut all)?;
    utf8(&all)
}

fn utf8(buffer: &[u8]) -> std::io::Result<String> {
    match std::str::from_utf8(buffer) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
    }
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
