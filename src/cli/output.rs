//! Where the command line's words go: the human report to stdout, errors to stderr, and both,
//! timestamped, to the log files the old startup script kept (`logs/combined-YYYY-MM-DD.log`
//! and `logs/error-YYYY-MM-DD.log`). `log` records go to stderr as `RUST_LOG` says (default:
//! warnings) and, from `info` up, to the combined file; errors also to the error file.
//!
//! Nothing that reaches these functions contains a password: connection targets are always
//! rendered redacted. Colour is added here, for `✓`/`✗` only, only on the way to a terminal
//! and never when `NO_COLOR` is set, so every command colours alike and no escape byte
//! reaches a log file or a pipe. `--quiet` keeps the report back and prints one line on
//! success, everything on failure.

use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

struct LogFiles {
    combined: File,
    error: File,
}

static FILES: OnceLock<Mutex<Option<LogFiles>>> = OnceLock::new();
static COLOR: OnceLock<bool> = OnceLock::new();
static QUIET: Mutex<Option<String>> = Mutex::new(None);
static SUMMARY: Mutex<Option<String>> = Mutex::new(None);

fn files() -> &'static Mutex<Option<LogFiles>> {
    FILES.get_or_init(|| Mutex::new(None))
}

/// Opens the day's log files in `dir` (created if missing). On failure, says so on stderr
/// and carries on without files: logging never stops a migration.
pub fn open_log_files(dir: &Path) {
    let date = crate::history::now_rfc3339()[..10].to_string();
    let open = |kind: &str| -> std::io::Result<File> {
        std::fs::create_dir_all(dir)?;
        OpenOptions::new().create(true).append(true).open(dir.join(format!("{kind}-{date}.log")))
    };
    match (open("combined"), open("error")) {
        (Ok(combined), Ok(error)) => {
            *files().lock().unwrap_or_else(|e| e.into_inner()) = Some(LogFiles { combined, error });
        }
        (Err(e), _) | (_, Err(e)) => eprintln!(
            "warning: cannot write log files in {}: {e}; continuing without them (use --log-dir or --no-log-file)",
            dir.display()
        ),
    }
}

/// The default log folder: `SCHEMAGATE_LOG_DIR`, else `logs/` in the working directory.
pub fn default_log_dir() -> PathBuf {
    std::env::var_os("SCHEMAGATE_LOG_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("logs"))
}

fn write_lines(text: &str, level: &str, to_error_file: bool) {
    let mut guard = files().lock().unwrap_or_else(|e| e.into_inner());
    let Some(f) = guard.as_mut() else { return };
    let stamp = crate::history::now_rfc3339();
    let stamp = &stamp[..23.min(stamp.len())];
    // One write per call: a report of hundreds of lines must not cost hundreds of syscalls.
    let mut chunk = String::with_capacity(text.len() + 64);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        chunk.push_str(stamp);
        chunk.push_str("Z ");
        chunk.push_str(&format!("{level:<5} "));
        chunk.push_str(line);
        chunk.push('\n');
    }
    let _ = f.combined.write_all(chunk.as_bytes());
    if to_error_file {
        let _ = f.error.write_all(chunk.as_bytes());
    }
}

/// Prints the human report (stdout) and logs it. A reader that went away
/// (`migrate status | head`) is not an error. Under [`set_quiet`] the text is kept back
/// instead (the log files still get it at once).
pub fn out(text: &str) {
    write_lines(text, "INFO", false);
    if let Some(held) = quiet().lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        held.push_str(text);
        return;
    }
    print_stdout(text);
}

fn print_stdout(text: &str) {
    let text = if color() { colored(text) } else { text.to_string() };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// The marks `✓`/`✗` in green/red. Applied only on the way to a terminal: the report text,
/// the log files and a pipe never hold an escape sequence.
fn colored(text: &str) -> String {
    text.replace('✓', "\x1b[32m✓\x1b[0m").replace('✗', "\x1b[31m✗\x1b[0m")
}

/// [`out`] with a line break.
pub fn outln(text: impl AsRef<str>) {
    out(&format!("{}\n", text.as_ref()));
}

/// Prints an error (stderr) and logs it to both files. Under [`set_quiet`], the report kept
/// back is printed first: a failure always shows everything.
pub fn err(text: &str) {
    release_quiet();
    let _ = writeln!(std::io::stderr().lock(), "{text}");
    write_lines(text, "ERROR", true);
}

/// Prints a warning or notice (stderr) and logs it.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
    write_lines(text, "WARN", false);
}

/// Whether to colour `✓`/`✗`: stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn color() -> bool {
    *COLOR.get_or_init(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
}

fn quiet() -> &'static Mutex<Option<String>> {
    &QUIET
}

/// `--quiet`: keep the report back; [`finish_quiet`] prints one line on success, the whole
/// report on failure.
pub fn set_quiet() {
    *quiet().lock().unwrap_or_else(|e| e.into_inner()) = Some(String::new());
}

/// The one line `--quiet` prints on success (else the report's last line is used).
pub fn summary(line: impl Into<String>) {
    *SUMMARY.lock().unwrap_or_else(|e| e.into_inner()) = Some(line.into());
}

fn release_quiet() {
    let held = quiet().lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(held) = held {
        print_stdout(&held);
    }
}

/// Ends a command under `--quiet`: exit code 0 prints the summary line, anything else the
/// whole report kept back. Does nothing without `--quiet`.
pub fn finish_quiet(code: i32) {
    if code != 0 {
        return release_quiet();
    }
    let Some(held) = quiet().lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
    let line = SUMMARY.lock().unwrap_or_else(|e| e.into_inner()).take();
    let line = line.unwrap_or_else(|| held.lines().last().unwrap_or_default().to_string());
    if !line.is_empty() {
        print_stdout(&format!("{line}\n"));
    }
}

/// The `log` backend: env_logger to stderr as configured, plus the log files.
struct Logger {
    stderr: env_logger::Logger,
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Info || self.stderr.enabled(metadata)
    }

    fn log(&self, record: &log::Record) {
        if self.stderr.matches(record) {
            self.stderr.log(record);
        }
        if record.level() <= log::Level::Info && record.target().starts_with("schemagate") {
            let text = format!("{}", record.args());
            write_lines(&text, record.level().as_str(), record.level() == log::Level::Error);
        }
    }

    fn flush(&self) {
        self.stderr.flush();
    }
}

/// Installs the logger (stderr filter from `RUST_LOG`, default `warn`).
pub fn init_logger() {
    let stderr = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).build();
    let max = stderr.filter().max(log::LevelFilter::Info);
    if log::set_boxed_logger(Box::new(Logger { stderr })).is_ok() {
        log::set_max_level(max);
    }
}
