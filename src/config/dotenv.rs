//! The `.env` file, read the way Node's `dotenv` reads it, because applications share one
//! `.env` between their Node server and schemagate: a value must mean the same to both.
//!
//! Rules (those of `dotenv` 16): `KEY=value` or `KEY: value`, optionally after `export `;
//! keys are `[A-Za-z0-9_.-]+`; an unquoted value ends at the first `#` and is trimmed; a
//! value in `'…'`, `"…"` or `` `…` `` keeps everything inside (spaces, `#`, line breaks), and in
//! `"…"` the two-character sequences `\n` and `\r` become a line break and a carriage return.
//! Nothing else is interpreted: **no `$VAR` expansion** (`DB_PASSWORD=abc$def` is `abc$def`,
//! as Node sees it) and no other escapes. A quoted value followed by anything but a comment is
//! read as an unquoted one. Unlike `dotenv`, which skips them silently, a line that is not
//! blank, not a comment and not an assignment is an error naming its line (never quoting it).

use super::*;

/// Reads `<dir>/.env` into a layer; `None` when there is no such file.
pub(super) fn read_dotenv(path: &Path) -> Result<Option<Layer>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ConfigError::DotEnvRead { path: path.to_path_buf(), source }),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let entries =
        parse(text).map_err(|line| ConfigError::DotEnvSyntax { path: path.to_path_buf(), line: Some(line) })?;
    let mut vars = HashMap::new();
    for entry in entries {
        if let Some(&key) = KEYS.iter().find(|&&k| k == entry.key) {
            vars.insert(key, (entry.value, Some(entry.line)));
        }
    }
    log::debug!("read {} schemagate setting(s) from {}", vars.len(), path.display());
    Ok(Some(Layer { source: Source::DotEnv { path: path.to_path_buf(), line: None }, vars }))
}

/// One assignment and the 1-based line it starts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// All assignments in order (a later one of the same key wins); `Err(line)` for a line that
/// is not an assignment.
pub fn parse(text: &str) -> Result<Vec<Entry>, usize> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut entries, mut i) = (Vec::new(), 0);
    while i < lines.len() {
        let line = lines[i].trim_start();
        if line.is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let (key, rest) = assignment(line).ok_or(i + 1)?;
        let (value, used) = value(rest, &lines[i + 1..]);
        entries.push(Entry { key: key.to_string(), value, line: i + 1 });
        i += 1 + used;
    }
    Ok(entries)
}

/// `export KEY = rest` or `KEY: rest` -> (KEY, rest).
fn assignment(line: &str) -> Option<(&str, &str)> {
    let line = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => line,
    };
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c))).unwrap_or(line.len());
    let (key, rest) = line.split_at(end);
    if key.is_empty() {
        return None;
    }
    let after = rest.trim_start();
    if let Some(value) = after.strip_prefix('=') {
        return Some((key, value));
    }
    // `KEY: value` needs white space after the colon.
    rest.strip_prefix(':').filter(|v| v.starts_with([' ', '\t'])).map(|v| (key, v))
}

/// The value starting at `rest`, which may continue over `following` lines when quoted;
/// returns it and how many following lines it used.
fn value(rest: &str, following: &[&str]) -> (String, usize) {
    let start = rest.trim_start();
    if let Some(quote) = start.chars().next().filter(|c| "'\"`".contains(*c)) {
        let mut joined = start.to_string();
        for used in 0..=following.len() {
            if used > 0 {
                joined.push('\n');
                joined.push_str(following[used - 1]);
            }
            if let Some(inner) = closed(&joined, quote) {
                let inner = if quote == '"' { inner.replace("\\n", "\n").replace("\\r", "\r") } else { inner };
                return (inner, used);
            }
        }
    }
    let unquoted = rest.split('#').next().unwrap_or("").trim();
    // dotenv strips one pair of matching quotes from what is left.
    let stripped = ['\'', '"', '`'].iter().find_map(|&q| {
        (unquoted.len() >= 2 && unquoted.starts_with(q) && unquoted.ends_with(q))
            .then(|| &unquoted[1..unquoted.len() - 1])
    });
    (stripped.unwrap_or(unquoted).to_string(), 0)
}

/// The inside of `text` = `q…q` followed only by white space or a comment, where `\q` inside
/// does not close (the regular expression of dotenv: `q(?:\\q|[^q])*q\s*(?:#.*)?$`).
fn closed(text: &str, q: char) -> Option<String> {
    let body = &text[q.len_utf8()..];
    // Candidate closing quotes, latest escaped-over first as the greedy expression tries them.
    let closes: Vec<usize> = body.match_indices(q).map(|(i, _)| i).collect();
    let mut order: Vec<usize> = Vec::new();
    // Greedy: the longest run of `(\q | [^q])*` ends just before the first unescaped q;
    // backtracking then tries each earlier q that was consumed as part of an escape.
    if let Some(&first) = closes.iter().find(|&&i| !escaped(body, i)) {
        order.push(first);
        order.extend(closes.iter().rev().filter(|&&i| i < first));
    } else {
        order.extend(closes.iter().rev());
    }
    order.into_iter().find_map(|i| {
        let after = body[i + q.len_utf8()..].trim_start_matches([' ', '\t']);
        let ok = after.is_empty() || after.starts_with('#');
        (ok && !after.contains('\n')).then(|| body[..i].to_string())
    })
}

/// Whether the quote at byte `i` of `body` is the second character of an escape `\q` taken
/// greedily from the left (pairs are consumed left to right: `\\` is not special).
fn escaped(body: &str, i: usize) -> bool {
    i > 0 && body.as_bytes()[i - 1] == b'\\'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        let entries = parse(text).unwrap();
        assert_eq!(entries.len(), 1, "{text:?}: {entries:?}");
        entries.into_iter().next().unwrap().value
    }

    #[test]
    fn values_read_as_nodes_dotenv_reads_them() {
        assert_eq!(one("DB_PASSWORD=abc$def"), "abc$def", "no expansion");
        assert_eq!(one("DB_PASSWORD=\"abc${HOME}\""), "abc${HOME}");
        assert_eq!(one("A = spaced value  # comment"), "spaced value");
        assert_eq!(one("A=va#lue"), "va");
        assert_eq!(one("A='va#lue' # c"), "va#lue");
        assert_eq!(one("A=\"a\\nb\""), "a\nb");
        assert_eq!(one("A='a\\nb'"), "a\\nb");
        assert_eq!(one("A=\"say \\\"hi\\\"\""), "say \\\"hi\\\"");
        assert_eq!(one("A='ends with \\'"), "ends with \\");
        assert_eq!(one("A=`back tick`"), "back tick");
        assert_eq!(one("export A=1"), "1");
        assert_eq!(one("A: colon"), "colon");
        assert_eq!(one("A="), "");
        assert_eq!(one("A='x' y"), "'x' y");
        assert_eq!(one("A=\"open"), "\"open");
    }

    #[test]
    fn quoted_values_span_lines_and_line_numbers_follow() {
        let entries = parse("A=1\r\nB='multi\nline'\n\n# c\nC=3").unwrap();
        let got: Vec<(&str, &str, usize)> = entries.iter().map(|e| (&*e.key, &*e.value, e.line)).collect();
        assert_eq!(got, [("A", "1", 1), ("B", "multi\nline", 2), ("C", "3", 6)]);
    }

    #[test]
    fn a_line_that_is_not_an_assignment_is_refused_by_number() {
        assert_eq!(parse("GOOD=1\nnot a line\n"), Err(2));
        assert_eq!(parse("=1"), Err(1));
    }
}
