//! Writing a new migration: `migrate new`'s work as a library call. Plans the files
//! `migrations/<date>_<description>.sql` (and, if asked, its `rollback_` script) from the
//! template header, and the History line (and rollback-list line) of `migrations/README.md`;
//! then writes them all or nothing.
//!
//! Everything is checked before anything is written: the description follows `naming`'s
//! grammar (so the build accepts the file), no file of that name exists, README.md does not
//! list it yet. Then nothing is half-written: each file is written under a dotfile name in the
//! folder (ignored by the build), linked into place only if the name is still free, and
//! README.md is replaced whole by a rename; if a step fails, the files already placed are
//! removed again. The template holds only comments: `migrate` refuses to run it until its SQL
//! is written (see [`scan::EMPTY_MARKER`](crate::scan::EMPTY_MARKER)).

use crate::error::exit;
use crate::naming::{self, FileKind, Stem};
use crate::readme::{self, InsertError};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// What the migration does, e.g. `add_user_email`.
    pub description: String,
    /// Also create the rollback script.
    pub rollback: bool,
    /// The header's one-sentence description (default: the description's words).
    pub message: Option<String>,
    /// The date of the file name (default: today).
    pub date: Option<u32>,
}

/// Why `new` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{description}` is not a valid migration description: {rule}; for example `migrate new {example}`")]
    InvalidDescription { description: String, rule: String, example: String },

    #[error(
        "--message must be one sentence on one line; remove the line breaks, or leave --message out to get `{default}`"
    )]
    InvalidMessage { default: String },

    #[error(
        "the migrations folder {} does not exist; run `migrate new` in the project root (the folder \
         that holds migrations/), or name the folder with --migrations-dir DIR",
        .0.display()
    )]
    NoFolder(PathBuf),

    #[error(
        "{} already exists; choose another description, or edit that file if it has never been applied",
        .0.display()
    )]
    Exists(PathBuf),

    #[error("{}: {source}", path.display())]
    Listed { path: PathBuf, source: InsertError },

    #[error("cannot {action} {}: {source}; check the folder's permissions and free space", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl NewError {
    /// The process exit code that reports this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            NewError::Io { .. } => exit::INTERNAL,
            _ => exit::USAGE,
        }
    }
}

/// Everything `new` will write, decided before anything is written.
#[derive(Debug, Clone)]
pub struct Plan {
    pub stem: Stem,
    /// The migration, then its rollback script if asked for: path and text.
    pub files: Vec<(PathBuf, String)>,
    /// README.md's path and its new text, when it keeps a History list (or a rollback list).
    pub readme: Option<(PathBuf, String)>,
    /// The lines added to README.md.
    pub listed: Vec<String>,
    /// Things to tell the user that do not stop the command.
    pub notes: Vec<String>,
}

/// Checks the description against the file-name grammar; the error carries a corrected one.
pub fn validate(description: &str, date: u32) -> Result<Stem, NewError> {
    let Err(rule) = naming::validate_description(description) else {
        return Ok(Stem { date, description: description.to_string() });
    };
    let invalid = |rule: String, example: String| NewError::InvalidDescription {
        description: description.to_string(),
        rule,
        example,
    };
    let base = description.strip_suffix(naming::EXTENSION).unwrap_or(description);
    if let Ok(stem) = naming::parse_stem(base) {
        let rule = "give only the description, without the date and `.sql` (the date is today's, or --date)";
        return Err(invalid(rule.into(), stem.description));
    }
    let suggested = naming::suggest_name(&format!("{date:08}_{description}{}", naming::EXTENSION), date);
    let example = suggested.get(9..suggested.len() - naming::EXTENSION.len()).unwrap_or("describe_the_change");
    Err(invalid(rule, example.to_string()))
}

/// Decides what to write into `dir` for `args` (`today` is the default date). Reads the folder
/// and README.md; writes nothing.
pub fn plan(dir: &Path, args: &Request, today: u32) -> Result<Plan, NewError> {
    let stem = validate(&args.description, args.date.unwrap_or(today))?;
    let sentence = match args.message.as_deref().map(str::trim) {
        None => readme::sentence(&stem.description),
        Some(m) if m.is_empty() || m.contains(['\n', '\r']) => {
            return Err(NewError::InvalidMessage { default: readme::sentence(&stem.description) })
        }
        Some(m) => m.to_string(),
    };
    if !dir.is_dir() {
        let shown = std::env::current_dir().map_or_else(|_| dir.to_path_buf(), |cwd| cwd.join(dir));
        return Err(NewError::NoFolder(shown));
    }
    let names = folder_names(dir)?;
    for wanted in [stem.file_name(), stem.rollback_file_name()] {
        if let Some(existing) = names.iter().find(|n| n.eq_ignore_ascii_case(&wanted)) {
            return Err(NewError::Exists(dir.join(existing)));
        }
    }
    let mut notes = Vec::new();
    let newest = names.iter().filter_map(|n| match naming::classify_file(n, today) {
        Ok(FileKind::Migration(stem)) => Some(stem),
        _ => None,
    });
    if let Some(newest) = newest.max().filter(|newest| *newest > stem) {
        notes.push(format!(
            "{stem} sorts before {newest}, which applies first: once {newest} is applied anywhere, \
             `migrate` refuses {stem} as out of order (exit 6, unless --allow-out-of-order); if that is \
             not intended, delete the new file(s) and its History line and run `migrate new` with a later --date"
        ));
    }
    let mut files = vec![(dir.join(stem.file_name()), forward_text(&stem, &sentence))];
    if args.rollback {
        files.push((dir.join(stem.rollback_file_name()), rollback_text(&stem)));
    }
    let mut plan = Plan { stem, files, readme: None, listed: Vec::new(), notes };
    plan_readme(&mut plan, dir, &sentence, args.rollback)?;
    Ok(plan)
}

/// Adds README.md's new text to the plan, if the folder has one that keeps a list.
fn plan_readme(plan: &mut Plan, dir: &Path, sentence: &str, rollback: bool) -> Result<(), NewError> {
    let path = dir.join(readme::README);
    let original = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(NewError::Io { action: "read", path, source }),
    };
    let stem = &plan.stem;
    let mut text = match readme::insert_entry(&original, stem, sentence) {
        Ok(text) => {
            plan.listed.push(readme::render_entry(stem, sentence));
            text
        }
        Err(InsertError::NoHistory) => {
            let heading = readme::HISTORY_HEADING;
            plan.notes.push(format!("{} has no `{heading}` section; no History line added", path.display()));
            original.clone()
        }
        Err(source) => return Err(NewError::Listed { path, source }),
    };
    if let Some(with_rollback) = rollback.then(|| readme::insert_rollback(&text, stem)).flatten() {
        text = with_rollback;
        plan.listed.push(readme::render_rollback_entry(stem));
    }
    plan.readme = (text != original).then_some((path, text));
    Ok(())
}

fn folder_names(dir: &Path) -> Result<Vec<String>, NewError> {
    let read = |source| NewError::Io { action: "read the folder", path: dir.to_path_buf(), source };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(read)? {
        names.push(entry.map_err(read)?.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

fn forward_text(stem: &Stem, sentence: &str) -> String {
    format!(
        "{}--\n\
         -- Conventions (naming, header, SQL that both MySQL 8.0 and MariaDB 10.6+ accept, one action\n\
         -- per ALTER TABLE, named constraints and indexes): migrations/README.md\n\
         -- Once this file has been applied anywhere, never edit it: write a new migration.\n\n",
        readme::render_header(&stem.to_string(), stem.date, sentence)
    )
}

fn rollback_text(stem: &Stem) -> String {
    format!(
        "{}--\n\
         -- Undoes exactly {} and nothing else (see Rollback files in migrations/README.md).\n\n",
        readme::render_header(&format!("{}{stem}", naming::ROLLBACK_PREFIX), stem.date, &format!("Undo {stem}.")),
        stem.file_name()
    )
}

/// Writes the plan: all or nothing, never replacing an existing migration file.
pub fn write(plan: &Plan) -> Result<(), NewError> {
    let mut temps = Vec::new();
    let result = write_all(plan, &mut temps);
    for temp in temps {
        let _ = fs::remove_file(temp);
    }
    result
}

fn write_all(plan: &Plan, temps: &mut Vec<PathBuf>) -> Result<(), NewError> {
    for (path, text) in plan.files.iter().chain(&plan.readme) {
        temps.push(write_temp(path, text)?);
    }
    let mut placed: Vec<&Path> = Vec::new();
    let undo = |placed: &[&Path]| {
        for path in placed {
            let _ = fs::remove_file(path);
        }
    };
    for ((path, _), temp) in plan.files.iter().zip(temps.iter()) {
        if let Err(e) = place_new(temp, path) {
            undo(&placed);
            return Err(e);
        }
        placed.push(path);
    }
    if let (Some((path, _)), Some(temp)) = (&plan.readme, temps.last()) {
        if let Ok(metadata) = fs::metadata(path) {
            let _ = fs::set_permissions(temp, metadata.permissions());
        }
        if let Err(source) = fs::rename(temp, path) {
            undo(&placed);
            return Err(NewError::Io { action: "update", path: path.clone(), source });
        }
    }
    Ok(())
}

/// Writes `text` next to `path` under a dotfile name and flushes it to disk.
fn write_temp(path: &Path, text: &str) -> Result<PathBuf, NewError> {
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(temp),
        Err(source) => {
            let _ = fs::remove_file(&temp);
            Err(NewError::Io { action: "write", path: temp, source })
        }
    }
}

/// Gives the written `temp` its final name, refusing if `path` exists by now. A hard link
/// never replaces a file; where the file system has none, a rename after a check does.
fn place_new(temp: &Path, path: &Path) -> Result<(), NewError> {
    match fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(NewError::Exists(path.to_path_buf())),
        Err(_) if path.exists() => Err(NewError::Exists(path.to_path_buf())),
        Err(_) => {
            fs::rename(temp, path).map_err(|source| NewError::Io { action: "create", path: path.to_path_buf(), source })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_descriptions_get_a_valid_example() {
        let cases = [
            ("Add-User", "uppercase", "add_user"),
            ("add-user", "hyphens", "add_user"),
            ("add user", "spaces", "add_user"),
            ("1st_table", "start with a lowercase letter", "m_1st_table"),
            ("", "must follow the date", "describe_the_change"),
            ("20240101_add_user.sql", "only the description", "add_user"),
            ("20240101_add_user", "only the description", "add_user"),
        ];
        for (description, rule, example) in cases {
            let e = validate(description, 20240301).unwrap_err();
            let NewError::InvalidDescription { rule: got, example: suggested, .. } = &e else { panic!("{e}") };
            assert!(got.contains(rule), "{description}: {got}");
            assert_eq!(suggested, example, "{description}");
            assert!(validate(suggested, 20240301).is_ok(), "{suggested}");
            assert!(e.to_string().ends_with(&format!("for example `migrate new {example}`")), "{e}");
            assert_eq!(e.exit_code(), exit::USAGE);
        }
        assert_eq!(validate("add_user", 20240301).unwrap().to_string(), "20240301_add_user");
    }

    #[test]
    fn a_failed_step_leaves_the_folder_as_it_was() {
        let dir = std::env::temp_dir().join(format!("schemagate-new-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let readme_text = "## History\n\n- 20240101_a — A.\n";
        fs::write(dir.join("README.md"), readme_text).unwrap();
        let args = Request { description: "add_b".into(), rollback: true, message: None, date: Some(20240201) };
        let plan = plan(&dir, &args, 20240301).unwrap();
        assert_eq!(plan.listed, ["- 20240201_add_b — Add b."]);
        // Someone writes the rollback script between the plan and the write.
        fs::write(dir.join("rollback_20240201_add_b.sql"), "theirs").unwrap();
        let e = write(&plan).unwrap_err();
        assert!(matches!(&e, NewError::Exists(p) if p.ends_with("rollback_20240201_add_b.sql")), "{e}");
        let mut names: Vec<_> =
            fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["README.md", "rollback_20240201_add_b.sql"]);
        assert_eq!(fs::read_to_string(dir.join("README.md")).unwrap(), readme_text);
        assert_eq!(fs::read_to_string(dir.join("rollback_20240201_add_b.sql")).unwrap(), "theirs");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn templates_carry_a_header_the_build_accepts() {
        let stem = validate("add_user", 20240301).unwrap();
        let forward = forward_text(&stem, "Add user.");
        let rollback = rollback_text(&stem);
        let files =
            [("20240301_add_user.sql", forward.as_str()), ("rollback_20240301_add_user.sql", rollback.as_str())];
        assert!(readme::check_folder(files).is_empty());
        assert!(
            forward.starts_with("-- Migration: 20240301_add_user\n-- Date: 2024-03-01\n-- Description: Add user.\n")
        );
        assert!(rollback.contains("-- Description: Undo 20240301_add_user.\n"));
        for text in [&forward, &rollback] {
            assert!(!text.contains(';') && !text.contains('\''), "comments keep out ; and ': {text}");
        }
    }
}
