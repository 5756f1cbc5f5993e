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
    let shown = dir.display().to_string();
    let problem = |file: String, message: String| Problem { file, message };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            let message = "is a file, not a folder: name the folder that holds the migrations".to_string();
            folder.problems.push(problem(shown, message));
            return folder;
        }
        Err(e) => {
            let message = format!("the migrations folder cannot be read ({e}); create it or check the path");
            folder.problems.push(problem(shown, message));
            return folder;
        }
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(list) => list.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            folder.problems.push(problem(shown, format!("cannot list the folder ({e}); check its permissions")));
            return folder;
        }
    };
    entries.sort();
    let mut buffer = Vec::new();
    for path in entries {
        folder.entries.push(path.clone());
        let raw = path.file_name().unwrap_or_default();
        let name = raw.to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if raw.to_str().is_none() {
            let message = "the file name is not valid UTF-8; rename it (YYYYMMDD_description.sql)".to_string();
            folder.problems.push(problem(name, message));
            continue;
        }
        // Follows a symbolic link, as the build does.
        match std::fs::metadata(&path) {
            Err(e) => {
                let message = format!(
                    "cannot be read ({e}); if it is a symbolic link, point it at an existing file or delete it"
                );
                folder.problems.push(problem(name, message));
            }
            Ok(meta) if meta.is_dir() => {
                let message = "migrations are not read from subfolders; move its files up into the \
                               migrations folder or move the folder elsewhere";
                folder.problems.push(problem(format!("{name}/"), message.to_string()));
            }
            Ok(_) => match read_text(&path, &mut buffer) {
                Ok(text) => {
                    folder.paths.push(path);
                    folder.files.push(SourceFile { name, text });
                }
                Err(e) => folder.problems.push(problem(name, e.to_string())),
            },
        }
    }
    folder
}

/// A file's text, read through one reused buffer with no size query: a start reads hundreds
/// of small files, and each system call saved is paid back that many times.
fn read_text(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<String> {
    use std::io::Read;
    buffer.clear();
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // `take` hides the file type from read_to_end, which would otherwise ask for the size.
    file.take(u64::MAX).read_to_end(buffer).map_err(unreadable)?;
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

fn unreadable(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot be read ({e}); check its permissions"))
}

fn utf8(buffer: &[u8]) -> std::io::Result<String> {
    match std::str::from_utf8(buffer) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + buffer[..at].iter().filter(|&&b| b == b'\n').count();
            let message = format!("is not valid UTF-8 text (line {line}, byte {at}); save it as UTF-8");
            Err(std::io::Error::new(std::io::ErrorKind::InvalidData, message))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sg_folder_{tag}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_files_follows_links_and_names_each_problem() {
        let dir = temp("rules");
        std::fs::write(dir.join("20240102_b.sql"), "SELECT 2;").unwrap();
        std::fs::write(dir.join("20240101_a.sql"), "SELECT 1;").unwrap();
        std::fs::write(dir.join(".hidden"), [0xff]).unwrap();
        std::fs::write(dir.join("20240103_bad.sql"), b"SELECT 1;\n\xff").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("20240101_a.sql"), dir.join("20240104_link.sql")).unwrap();
            std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("20240105_broken.sql")).unwrap();
        }
        let folder = read(&dir);
        let names: Vec<_> = folder.files.iter().map(|f| f.name.as_str()).collect();
        let problems: Vec<_> = folder.problems.iter().map(ToString::to_string).collect();
        #[cfg(unix)]
        {
            assert_eq!(names, ["20240101_a.sql", "20240102_b.sql", "20240104_link.sql"]);
            assert!(problems[1].starts_with("20240105_broken.sql: cannot be read"), "{problems:?}");
        }
        assert!(problems[0].contains("20240103_bad.sql: is not valid UTF-8 text (line 2, byte 10)"), "{problems:?}");
        assert!(problems.last().unwrap().starts_with("sub/: migrations are not read from subfolders"), "{problems:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_or_a_missing_path_is_a_problem_not_an_empty_folder() {
        let dir = temp("file");
        let file = dir.join("20240101_a.sql");
        std::fs::write(&file, "SELECT 1;").unwrap();
        let problems = read(&file).problems;
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("is a file, not a folder"), "{problems:?}");
        assert!(read(&dir.join("none")).problems[0].message.contains("create it or check the path"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
