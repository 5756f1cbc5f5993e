//! `migrate backup`: a logical dump of the target database with `mariadb-dump` or `mysqldump`
//! (whichever is on `PATH`, in that order), to `backups/<db>-<YYYYMMDDTHHMMSSZ>.sql` by default.
//!
//! Invariants:
//! - The password never appears in a process argument, in the tool's environment, in a file
//!   name, in an error or in the tool's environment (every variable holding it is removed, as
//!   are `DB_PASSWORD`, `DATABASE_URL` and `MYSQL_PWD`). It reaches the tool through an option file created with mode 0600
//!   (and `O_EXCL`) in a private temporary folder, named by `--defaults-file` as the first
//!   argument and removed on every exit path by [`OptionFile`]'s `Drop`. `--defaults-file`
//!   rather than `--defaults-extra-file`: the extra file is read *before* `~/.my.cnf`, whose
//!   password would win; this way the tool connects exactly as schemagate does. `DB_PASSWORD`,
//!   `DATABASE_URL` and `MYSQL_PWD` are removed from the tool's environment.
//! - A file under the final name is always a complete dump: the tool writes to a hidden partial
//!   file next to it (mode 0600), which becomes the backup only when the tool succeeded and the
//!   output ends with its `-- Dump completed` trailer. An existing file is never overwritten.
//! - Library code never prints: the caller gets a [`BackupReport`] or an error.

use crate::config::{Secret, Settings};
use crate::db;
use crate::error::{BackupError, Error, Result};
pub use connection::{connection_args, Dialect};
use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

mod connection;
mod interrupt;

/// Where backups go unless `--out` says otherwise (relative to the working directory).
pub const DEFAULT_DIR: &str = "backups";
/// The dump tools, in order of preference.
pub const TOOLS: [&str; 2] = ["mariadb-dump", "mysqldump"];
/// Both tools end a complete dump with this comment.
const TRAILER: &str = "-- Dump completed";
/// Most of the tool's stderr shown in an error.
const MAX_STDERR: usize = 2000;

/// A finished backup.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// The dump file (as given, or `backups/<db>-<stamp>.sql` relative to the working directory).
    pub path: PathBuf,
    pub bytes: u64,
    pub duration: Duration,
    /// The tool that wrote it.
    pub tool: PathBuf,
}

/// Dumps `settings.database` to `out` (a file, or a folder to put the default name in), or to
/// `backups/<db>-<UTC timestamp>.sql`. Checks first that a tool exists, that the file does not,
/// and that the database is reachable and exists; then runs the tool.
pub fn dump(settings: &Settings, out: Option<&Path>) -> Result<BackupReport> {
    let started = Instant::now();
    let tool = find_tool(std::env::var_os("PATH").as_deref()).ok_or(BackupError::ToolMissing)?;
    let mut path = target_path(out, &settings.database, SystemTime::now());
    if out != Some(path.as_path()) {
        path = free_name(path);
    }
    if path.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(path).into());
    }
    preflight(settings)?;
    let options = OptionFile::create(settings.password.as_ref())?;
    let mut partial = Partial::create(&path)?;
    let stdout = partial.file.try_clone().map_err(|e| io("write", &partial.path, e))?;
    let mut command = Command::new(&tool);
    command.args(dump_args(settings, options.path(), Dialect::of(&tool)));
    for (name, value) in std::env::vars_os() {
        let holds = settings.password.as_ref().is_some_and(|p| value.to_string_lossy().contains(p.expose()));
        if holds || ["DB_PASSWORD", "DATABASE_URL", "MYSQL_PWD"].iter().any(|n| name == *n) {
            command.env_remove(name);
        }
    }
    let child =
        command.stdin(Stdio::null()).stdout(stdout).stderr(Stdio::piped()).spawn().map_err(|e| io("run", &tool, e))?;
    let (status, stderr) = interrupt::run(child)?;
    drop(options);
    let stderr = redact(&String::from_utf8_lossy(&stderr), settings.password.as_ref());
    let tool_name = tool.file_name().unwrap_or(tool.as_os_str()).to_string_lossy().into_owned();
    if !status.success() {
        let status = status.code().map_or_else(|| "killed by a signal".into(), |c| format!("exit code {c}"));
        let stderr = if stderr.is_empty() { "it printed no message".to_string() } else { stderr };
        return Err(BackupError::DumpFailed { tool: tool_name, status, stderr }.into());
    }
    if !partial.ends_with_trailer()? {
        let stderr = format!("the output does not end with `{TRAILER}`, so it may be cut short. {stderr}");
        return Err(BackupError::DumpFailed { tool: tool_name, status: "exit code 0".into(), stderr }.into());
    }
    if !stderr.is_empty() {
        log::warn!("{tool_name}: {stderr}");
    }
    let bytes = partial.persist(&path)?;
    Ok(BackupReport { path, bytes, duration: started.elapsed(), tool })
}

/// The first of [`TOOLS`] found as an executable file in the `PATH` folders.
pub fn find_tool(path: Option<&OsStr>) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = path.map(|p| std::env::split_paths(p).collect()).unwrap_or_default();
    TOOLS.iter().find_map(|tool| {
        dirs.iter()
            .map(|dir| dir.join(tool))
            .find(|candidate| candidate.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
    })
}

/// `out` itself, or the default file name inside `out` when it is a folder, or inside
/// [`DEFAULT_DIR`] when there is no `out`.
pub fn target_path(out: Option<&Path>, database: &str, now: SystemTime) -> PathBuf {
    let name = format!("{database}-{}.sql", utc_stamp(now));
    match out {
        None => Path::new(DEFAULT_DIR).join(name),
        Some(dir) if dir.is_dir() || dir.as_os_str().to_string_lossy().ends_with('/') => dir.join(name),
        Some(file) => file.to_path_buf(),
    }
}

/// A default name taken by a backup of the same second gets `-2`, `-3`... before `.sql`.
fn free_name(path: PathBuf) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    std::iter::once(path.clone())
        .chain((2..100).map(|n| path.with_file_name(format!("{stem}-{n}.sql"))))
        .find(|candidate| candidate.symlink_metadata().is_err())
        .unwrap_or(path)
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
pub fn utc_stamp(now: SystemTime) -> String {
    let secs = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
    let date = crate::naming::civil_date((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!("{date:08}T{:02}{:02}{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// The tool's arguments: the option file first (the tools only accept it there), then the
/// connection without the password, the dump options and the database.
pub fn dump_args(settings: &Settings, option_file: &Path, dialect: Dialect) -> Vec<OsString> {
    let mut defaults = OsString::from("--defaults-file=");
    defaults.push(option_file);
    let mut args = vec![defaults];
    args.extend(connection_args(settings, dialect).into_iter().map(OsString::from));
    args.extend(
        [
            "--single-transaction".to_string(),
            "--routines".into(),
            "--triggers".into(),
            "--events".into(),
            "--hex-blob".into(),
            "--no-tablespaces".into(),
            "--default-character-set=utf8mb4".into(),
            settings.database.clone(),
        ]
        .map(OsString::from),
    );
    args
}

/// The option file's text: a `[client]` group with the password, double-quoted and escaped
/// the way the client library reads it back.
pub fn option_file_text(password: Option<&Secret>) -> Result<String> {
    let mut text = String::from("[client]\n");
    if let Some(password) = password {
        let mut quoted = String::with_capacity(password.expose().len() + 2);
        for c in password.expose().chars() {
            match c {
                '\0' => return Err(BackupError::UnusablePassword.into()),
                '\\' => quoted.push_str("\\\\"),
                '"' => quoted.push_str("\\\""),
                '\n' => quoted.push_str("\\n"),
                '\r' => quoted.push_str("\\r"),
                '\t' => quoted.push_str("\\t"),
                c => quoted.push(c),
            }
        }
        text.push_str(&format!("password=\"{quoted}\"\n"));
    }
    Ok(text)
}

/// Before running the tool: the server answers, the login works, the database exists. Gives the
/// same errors (and exit codes) as every other command, with the usual bounded wait.
fn preflight(settings: &Settings) -> Result<()> {
    match db::open_existing(settings)? {
        Some(_) => Ok(()),
        None => {
            Err(BackupError::NoDatabase { target: settings.redacted_url(), database: settings.database.clone() }.into())
        }
    }
}

/// The tool's stderr, trimmed to its last [`MAX_STDERR`] bytes, without any line that holds
/// the password (or its percent-encoded form) as a whole word. Lines are left out whole, never
/// edited: replacing the password inside a line (`'app_***'` for user `app_lp`, password `lp`)
/// would show which letters it is. The tool is never given the password in an argument, so
/// such a line is not expected at all.
fn redact(stderr: &str, password: Option<&Secret>) -> String {
    let mut left_out = 0;
    let kept: Vec<&str> = stderr
        .trim()
        .lines()
        .filter(|line| {
            let holds = password.is_some_and(|p| holds_password(line, p.expose()));
            left_out += usize::from(holds);
            !holds
        })
        .collect();
    let mut text = kept.join("\n");
    if left_out > 0 {
        text.push_str(&format!("\n({left_out} line(s) left out: they may contain the password)"));
    }
    if text.len() > MAX_STDERR {
        let mut start = text.len() - MAX_STDERR;
        while !text.is_char_boundary(start) {
            start += 1;
        }
        text = format!("...{}", &text[start..]);
    }
    text.trim().replace('\n', " / ")
}

/// Whether `line` contains `password` (or its percent-encoded form) not as part of a longer
/// word: the characters around it are not letters, digits, `_`, `-` or `%`.
pub fn holds_password(line: &str, password: &str) -> bool {
    if password.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "_-%".contains(c));
    let encoded = crate::config::percent_encode_password(password);
    [password, encoded.as_str()].iter().any(|p| {
        line.match_indices(*p)
            .any(|(i, _)| !word(line[..i].chars().next_back()) && !word(line[i + p.len()..].chars().next()))
    })
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    BackupError::Io { action, path: path.to_path_buf(), source }.into()
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A unique name: the process id, the time and a counter.
fn unique(prefix: &str, suffix: &str) -> String {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
    format!("{prefix}{}-{nanos}-{}{suffix}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Creates `path` for writing with mode 0600; fails if anything (also a symlink) is there.
fn create_private(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).read(true).create_new(true).mode(0o600).open(path)
}

/// The temporary option file holding the password; removed on drop.
pub struct OptionFile {
    path: PathBuf,
}

impl OptionFile {
    /// Writes the file in `$XDG_RUNTIME_DIR` (a per-user folder) when set, else the temp folder.
    pub fn create(password: Option<&Secret>) -> Result<OptionFile> {
        OptionFile::with_options(password, &[])
    }

    /// The same, with more `[client]` options after the password: `--name=value` arguments
    /// written as `name=value` lines (for a tool that takes no connection arguments).
    pub fn with_options(password: Option<&Secret>, arguments: &[String]) -> Result<OptionFile> {
        let mut text = option_file_text(password)?;
        for argument in arguments {
            text.push_str(argument.trim_start_matches('-'));
            text.push('\n');
        }
        let dir = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|d| d.is_absolute() && d.is_dir())
            .unwrap_or_else(std::env::temp_dir);
        let path = dir.join(unique("schemagate-", ".cnf"));
        let mut file = create_private(&path).map_err(|e| io("create the option file", &path, e))?;
        let guard = OptionFile { path };
        file.write_all(text.as_bytes()).map_err(|e| io("write the option file", &guard.path, e))?;
        Ok(guard)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OptionFile {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            log::warn!("cannot remove the temporary option file {}: {e}; delete it by hand", self.path.display());
        }
    }
}

/// The hidden file the tool writes to, next to the target; removed on drop unless persisted.
struct Partial {
    path: PathBuf,
    file: File,
    keep: bool,
}

impl Partial {
    fn create(target: &Path) -> Result<Partial> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| io("create the folder", &dir, e))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(unique(&format!(".{name}.partial-"), ""));
        let file = create_private(&path).map_err(|e| io("create", &path, e))?;
        Ok(Partial { path, file, keep: false })
    }

    fn ends_with_trailer(&mut self) -> Result<bool> {
        let len = self.file.metadata().map_err(|e| io("read", &self.path, e))?.len();
        let mut tail = Vec::new();
        self.file
            .seek(SeekFrom::Start(len.saturating_sub(256)))
            .and_then(|_| self.file.read_to_end(&mut tail))
            .map_err(|e| io("read", &self.path, e))?;
        Ok(String::from_utf8_lossy(&tail).contains(TRAILER))
    }

    /// Flushes the dump to disk and gives it its final name without replacing anything there.
    fn persist(&mut self, target: &Path) -> Result<u64> {
        self.file.sync_all().map_err(|e| io("write", &self.path, e))?;
        let bytes = self.file.metadata().map_err(|e| io("read", &self.path, e))?.len();
        match std::fs::hard_link(&self.path, target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(BackupError::Exists(target.to_path_buf()).into())
            }
            // Folders without hard links: rename, after checking again that nothing is there.
            Err(_) if target.symlink_metadata().is_err() => {
                std::fs::rename(&self.path, target).map_err(|e| io("rename the dump to", target, e))?;
                self.keep = true;
            }
            Err(_) => return Err(BackupError::Exists(target.to_path_buf()).into()),
        }
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(bytes)
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    const PW: &str = "s3cr3t-pw";

    fn settings(password: Option<&str>) -> Settings {
        let mut s = Settings::from_lookup(
            |k| (k == "DATABASE_URL").then(|| "mysql://app@db.example.com:3307/shop".to_string()),
            &Overrides::default(),
        )
        .unwrap();
        s.password = password.map(Secret::new);
        s
    }

    #[test]
    fn arguments_carry_no_password_and_start_with_the_option_file() {
        let s = settings(Some(PW));
        let args = dump_args(&s, Path::new("/run/user/1/schemagate-1.cnf"), Dialect::MariaDb);
        let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(args[0], "--defaults-file=/run/user/1/schemagate-1.cnf");
        assert!(args.iter().all(|a| !a.contains(PW) && !a.contains("password")), "{args:?}");
        for expected in ["--protocol=TCP", "--host=db.example.com", "--port=3307", "--user=app", "--single-transaction"]
        {
            assert!(args.iter().any(|a| a == expected), "{expected}: {args:?}");
        }
        assert_eq!(args.last().map(String::as_str), Some("shop"));
    }

    #[test]
    fn option_file_quotes_the_password() {
        assert_eq!(option_file_text(None).unwrap(), "[client]\n");
        assert_eq!(option_file_text(Some(&Secret::new(PW))).unwrap(), "[client]\npassword=\"s3cr3t-pw\"\n");
        let tricky = Secret::new(" a\"b#c\\d'e\nf\t ");
        assert_eq!(option_file_text(Some(&tricky)).unwrap(), "[client]\npassword=\" a\\\"b#c\\\\d'e\\nf\\t \"\n");
        let e = option_file_text(Some(&Secret::new("a\0b"))).unwrap_err();
        assert!(e.to_string().contains("NUL") && !e.to_string().contains("a\0b"), "{e}");
    }

    #[test]
    fn option_file_is_private_and_removed_on_drop() {
        let file = OptionFile::create(Some(&Secret::new(PW))).unwrap();
        let path = file.path().to_path_buf();
        assert!(!path.to_string_lossy().contains(PW));
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(std::fs::read_to_string(&path).unwrap().contains(PW));
        drop(file);
        assert!(!path.exists());
    }

    #[test]
    fn names_and_stamps() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_251_199); // 2024-02-29 23:59:59
        assert_eq!(utc_stamp(t), "20240229T235959Z");
        assert_eq!(target_path(None, "shop", t), Path::new("backups/shop-20240229T235959Z.sql"));
        assert_eq!(target_path(Some(Path::new("x/y.sql")), "shop", t), Path::new("x/y.sql"));
        assert_eq!(target_path(Some(Path::new("nowhere/")), "shop", t), Path::new("nowhere/shop-20240229T235959Z.sql"));
    }

    #[test]
    fn tool_search_prefers_mariadb_dump_and_needs_an_executable() {
        let dir = std::env::temp_dir().join(unique("schemagate-tools-", ""));
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let path = std::env::join_paths([&a, &b]).unwrap();
        assert_eq!(find_tool(Some(&path)), None);
        assert_eq!(find_tool(None), None);
        std::fs::write(a.join("mysqldump"), "").unwrap();
        assert_eq!(find_tool(Some(&path)), None, "not executable");
        std::fs::set_permissions(a.join("mysqldump"), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(find_tool(Some(&path)), Some(a.join("mysqldump")));
        std::fs::write(b.join("mariadb-dump"), "").unwrap();
        std::fs::set_permissions(b.join("mariadb-dump"), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(find_tool(Some(&path)), Some(b.join("mariadb-dump")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stderr_is_redacted_and_bounded() {
        let pw = Secret::new(PW);
        assert_eq!(
            redact("  x s3cr3t-pw y\nz\n", Some(&pw)),
            "z / (1 line(s) left out: they may contain the password)"
        );
        // User app_lp with password lp: the line does not hold the password as a word.
        let lp = Secret::new("lp");
        let denied = "mariadb-dump: Got error: 1045: \"Access denied for user 'app_lp'@'127.0.0.1'\"";
        assert_eq!(redact(denied, Some(&lp)), denied);
        assert!(holds_password("password: 'lp'", "lp") && holds_password("x=a%20b", "a b"));
        let long = "é".repeat(3000);
        let shown = redact(&long, None);
        assert!(shown.starts_with("...") && shown.len() <= MAX_STDERR + 3, "{}", shown.len());
    }
}
