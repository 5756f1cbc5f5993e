//! Reads a migrations folder into [`SourceFile`]s: the one reader behind `build.rs` (the
//! compiled-in set) and `--migrations-dir` (a folder at run time), so both see the same files
//! and report the same problems.
//!
//! Rules: the entries directly in the folder, sorted by name; dotfiles are skipped; a
//! symbolic link is followed (a link to a file is read like the file); a subfolder, a broken
//! link, a file name or text that is not UTF-8, and an unreadable file are problems naming
//! that entry and the fix. A path that is not a folder is a problem too, never an empty
//! folder. Nothing that could be a migration is skipped silently.
//!
//! std-only: `build.rs` includes this file with `#[path]`.

use crate::scan::{Problem, SourceFile};
use std::path::{Path, PathBuf};

/// What a folder holds: its readable files, every entry's path (for `rerun-if-changed`), and
/// the problems found.
#[derive(Debug, Default)]
pub struct Folder {
    pub files: Vec<SourceFile>,
    /// The path of each of `files`, in the same order.
    pub paths: Vec<PathBuf>,
    /// Every entry looked at, files or not.
    pub entries: Vec<PathBuf>,
    pub problems: Vec<Problem>,
}

/// Reads the entries of `dir` (not below it).
pub fn read(dir: &Path) -> Folder {
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
        match read_entry(&path) {
            Ok(text) => {
                folder.files.push(SourceFile { name, text });
                folder.paths.push(path);
            }
            Err((shown, message)) => folder.problems.push(problem(format!("{name}{shown}"), message)),
        }
    }
    folder
}

/// One entry's text, or (a suffix for its name, the problem with the fix).
fn read_entry(path: &Path) -> Result<String, (&'static str, String)> {
    let meta = std::fs::metadata(path).map_err(|e| {
        ("", format!("cannot be read ({e}); if it is a symbolic link, point it at an existing file or delete it"))
    })?;
    if meta.is_dir() {
        let message = "migrations are not read from subfolders; move its files up into the \
                       migrations folder or move the folder elsewhere";
        return Err(("/", message.to_string()));
    }
    let bytes = std::fs::read(path).map_err(|e| ("", format!("cannot be read ({e}); check its permissions")))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        ("", format!("is not valid UTF-8 text (line {line}, byte {at}); save it as UTF-8"))
    })
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
