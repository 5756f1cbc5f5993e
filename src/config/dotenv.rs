//! The `.env` file: its variables with their line numbers, read without touching the process
//! environment, and error messages that point at a line without quoting it.

use super::*;

/// Reads `<dir>/.env` into a layer; `None` when there is no such file.
pub(super) fn read_dotenv(path: &Path) -> Result<Option<Layer>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ConfigError::DotEnvRead { path: path.to_path_buf(), source }),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut vars = HashMap::new();
    // One read feeds both the parser and the line numbers, so they describe the same bytes.
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((key, value)) => {
                if let Some(&key) = KEYS.iter().find(|&&k| k == key) {
                    vars.insert(key, (value, key_line(text, key)));
                }
            }
            Err(dotenvy::Error::Io(source)) => {
                return Err(ConfigError::DotEnvRead { path: path.to_path_buf(), source })
            }
            // The parser's own message quotes the line, which may hold a password: never use it.
            Err(dotenvy::Error::LineParse(line, _)) => {
                return Err(ConfigError::DotEnvSyntax { path: path.to_path_buf(), line: locate_line(text, &line) })
            }
            Err(_) => return Err(ConfigError::DotEnvSyntax { path: path.to_path_buf(), line: None }),
        }
    }
    log::debug!("read {} schemagate setting(s) from {}", vars.len(), path.display());
    Ok(Some(Layer { source: Source::DotEnv { path: path.to_path_buf(), line: None }, vars }))
}

/// The 1-based line of the last `KEY=` (or `export KEY=`) assignment.
pub(super) fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").map_or(line, str::trim_start);
            line.strip_prefix(key)?.trim_start().starts_with('=').then_some(i + 1)
        })
        .last()
}

/// The 1-based line where the (possibly multi-line) text the parser rejected begins.
pub(super) fn locate_line(text: &str, rejected: &str) -> Option<usize> {
    let mut start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !rejected.is_empty() && text[start..].starts_with(rejected) {
            return Some(i + 1);
        }
        start += line.len();
    }
    None
}
