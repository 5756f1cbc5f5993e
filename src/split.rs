//! Splits the text of a migration file into the statements to send to the server one by one,
//! the way the `mysql`/`mariadb` command-line client does: quotes, comments and the client's
//! `DELIMITER` command are understood; nothing else about SQL is.
//!
//! Invariants of a successful split: statements are in file order and never overlap; each
//! `text()` is non-empty, starts at the statement's first token (never whitespace, never a
//! plain `--`, `#` or `/* */` comment; a `/*! */` conditional comment is code) and ends at its
//! last non-whitespace byte before the active delimiter, which is left out; every offset is a
//! char boundary of the input. Empty statements (`;;`) and comment-only stretches produce
//! nothing; `DELIMITER` lines are consumed, never returned. Problems (an unclosed quote or
//! comment, a `DELIMITER` without argument or left active at the end) are errors carrying the
//! line where they start. One forward pass over the bytes, no allocation per byte, std-only:
//! `build.rs` includes this file with `#[path]`, so it must compile on its own.
//!
//! Assumes the server's default `sql_mode` (backslash escapes inside strings, `"` quotes a
//! string, not an identifier); under `NO_BACKSLASH_ESCAPES` a string ending in `\` would be
//! read differently.

use std::fmt;

/// One statement of a migration file: byte offsets into the original text and its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    pub start: usize,
    pub end: usize,
    pub line: u32,
}

impl Statement {
    /// The statement as the server should receive it.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Why a file cannot be split; every variant carries the 1-based line where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A `'`, `"` or `` ` `` opened on `line` is never closed.
    UnterminatedQuote { line: u32, quote: char },
    /// A `/*` (or `/*!` when `conditional`) opened on `line` is never closed by `*/`.
    UnterminatedComment { line: u32, conditional: bool },
    /// `DELIMITER` on `line` has no argument.
    DelimiterMissing { line: u32 },
    /// `DELIMITER` on `line` names a delimiter containing a quote or a backslash.
    DelimiterInvalid { line: u32, delimiter: String },
    /// `DELIMITER xx` on `line` is followed by more text on the same line.
    DelimiterTrailingText { line: u32, text: String },
    /// `DELIMITER xx` set on `line` is still active at the end of the file.
    DelimiterNotReset { line: u32, delimiter: String },
}

impl SplitError {
    /// The 1-based line where the problem starts.
    pub fn line(&self) -> u32 {
        match self {
            Self::UnterminatedQuote { line, .. }
            | Self::UnterminatedComment { line, .. }
            | Self::DelimiterMissing { line }
            | Self::DelimiterInvalid { line, .. }
            | Self::DelimiterTrailingText { line, .. }
            | Self::DelimiterNotReset { line, .. } => *line,
        }
    }
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line())?;
        match self {
            Self::UnterminatedQuote { quote: '`', .. } => f.write_str(
                "identifier opened here with ` is never closed; add the closing `, \
                 or double a backtick inside it as ``",
            ),
            Self::UnterminatedQuote { quote, .. } => write!(
                f,
                "string opened here with {quote} is never closed; add the closing {quote}, \
                 or escape a quote inside it as \\{quote} or {quote}{quote}"
            ),
            Self::UnterminatedComment { conditional: true, .. } => {
                f.write_str("conditional comment opened here with /*! is never closed; add */ at its end")
            }
            Self::UnterminatedComment { conditional: false, .. } => {
                f.write_str("comment opened here with /* is never closed; add */ at its end")
            }
            Self::DelimiterMissing { .. } => f.write_str(
                "DELIMITER needs the new delimiter on the same line, e.g. `DELIMITER ;;`, \
                 and `DELIMITER ;` after the statements that use it",
            ),
            Self::DelimiterInvalid { delimiter, .. } => write!(
                f,
                "delimiter `{delimiter}` contains a quote or a backslash; \
                 choose one without them, e.g. ;; or $$"
            ),
            Self::DelimiterTrailingText { text, .. } => write!(
                f,
                "unexpected `{text}` after the DELIMITER argument; \
                 put `DELIMITER xx` alone on its line"
            ),
            Self::DelimiterNotReset { delimiter, .. } => write!(
                f,
                "`DELIMITER {delimiter}` set here is still active at the end of the file; \
                 add `DELIMITER ;` after the last statement that uses it \
                 (or end that statement with {delimiter} if it swallowed `DELIMITER ;`)"
            ),
        }
    }
}

impl std::error::Error for SplitError {}

/// Splits `sql` into statements; see the module documentation for the rules.
pub fn split(sql: &str) -> Result<Vec<Statement>, SplitError> {
    Splitter::new(sql.as_bytes()).run()
}

/// The first keyword of a statement, uppercased, after whitespace, plain comments and the
/// markers of conditional comments (`/*!50001`, `/*M!100100`, `*/`): "CREATE", "ALTER",
/// "INSERT". Empty when the statement does not start with a word.
pub fn leading_keyword(stmt: &str) -> String {
    let b = stmt.as_bytes();
    let mut p = 0;
    loop {
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        p = match comment_at(b, p) {
            Some(Comment::Conditional) => skip_digits(b, p + if b[p + 2] == b'M' { 4 } else { 3 }),
            Some(Comment::Block) => find(b, p + 2, b"*/").map_or(b.len(), |q| q + 2),
            Some(Comment::Line) => find(b, p, b"\n").unwrap_or(b.len()),
            None if b[p..].starts_with(b"*/") => p + 2,
            None => break,
        };
    }
    let word = b[p..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
    stmt[p..p + word].to_ascii_uppercase()
}

/// The kinds of comment; a conditional one (`/*!`, MariaDB `/*M!`) is code for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comment {
    Line,
    Block,
    Conditional,
}

/// The comment starting at `p`, if any (`--` only when followed by a space, a control
/// character or the end of the input, as MySQL requires).
fn comment_at(b: &[u8], p: usize) -> Option<Comment> {
    let at = |i: usize| b.get(p + i).copied();
    match (at(0)?, at(1), at(2)) {
        (b'#', _, _) => Some(Comment::Line),
        (b'-', Some(b'-'), None) => Some(Comment::Line),
        (b'-', Some(b'-'), Some(c)) if is_space(c) || c < 0x20 || c == 0x7f => Some(Comment::Line),
        (b'/', Some(b'*'), Some(b'!')) => Some(Comment::Conditional),
        (b'/', Some(b'*'), Some(b'M')) if at(3) == Some(b'!') => Some(Comment::Conditional),
        (b'/', Some(b'*'), _) => Some(Comment::Block),
        _ => None,
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_quote(c: u8) -> bool {
    matches!(c, b'\'' | b'"' | b'`')
}

/// The first index `>= from` where `needle` starts.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    hay.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

fn skip_digits(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    p
}

/// Counts lines forward; asking for an earlier position recounts from the start.
struct Lines {
    pos: usize,
    line: u32,
}

impl Lines {
    fn at(&mut self, b: &[u8], pos: usize) -> u32 {
        if pos < self.pos {
            *self = Lines { pos: 0, line: 1 };
        }
        let newlines = b[self.pos..pos].iter().filter(|&&c| c == b'\n').count();
        self.line = self.line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.pos = pos;
        self.line
    }
}

/// The scanning state: position, active delimiter and the statements found so far.
struct Splitter<'a> {
    src: &'a [u8],
    pos: usize,
    lines: Lines,
    delimiter: &'a [u8],
    delimiter_line: u32,
    out: Vec<Statement>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a [u8]) -> Self {
        let lines = Lines { pos: 0, line: 1 };
        Splitter { src, pos: 0, lines, delimiter: b";", delimiter_line: 1, out: Vec::new() }
    }

    fn run(mut self) -> Result<Vec<Statement>, SplitError> {
        loop {
            self.skip_blanks()?;
            if self.pos >= self.src.len() {
                break;
            }
            if !self.delimiter_command()? {
                self.statement()?;
            }
        }
        if self.delimiter != b";" {
            let delimiter = String::from_utf8_lossy(self.delimiter).into_owned();
            return Err(SplitError::DelimiterNotReset { line: self.delimiter_line, delimiter });
        }
        Ok(self.out)
    }

    fn at_delimiter(&self) -> bool {
        self.src[self.pos..].starts_with(self.delimiter)
    }

    /// Skips whitespace, plain comments and empty statements, up to the next token.
    fn skip_blanks(&mut self) -> Result<(), SplitError> {
        while self.pos < self.src.len() {
            if self.at_delimiter() {
                self.pos += self.delimiter.len();
            } else if is_space(self.src[self.pos]) {
                self.pos += 1;
            } else {
                match comment_at(self.src, self.pos) {
                    Some(Comment::Conditional) | None => return Ok(()),
                    Some(kind) => self.skip_comment(kind)?,
                }
            }
        }
        Ok(())
    }

    /// Scans one statement from its first token to the delimiter or the end of the input.
    fn statement(&mut self) -> Result<(), SplitError> {
        let start = self.pos;
        let line = self.lines.at(self.src, start);
        let mut end = self.src.len();
        while self.pos < self.src.len() {
            if self.at_delimiter() {
                end = self.pos;
                self.pos += self.delimiter.len();
                break;
            }
            let c = self.src[self.pos];
            if is_quote(c) {
                self.skip_quoted()?;
            } else if let Some(kind) = comment_at(self.src, self.pos) {
                self.skip_comment(kind)?;
            } else {
                self.pos += 1;
            }
        }
        while end > start && is_space(self.src[end - 1]) {
            end -= 1;
        }
        if end > start {
            self.out.push(Statement { start, end, line });
        }
        Ok(())
    }

    /// Skips a quoted string or identifier; `\` escapes inside `'` and `"`, and a doubled
    /// quote is read as two adjacent quoted parts, which splits the same way.
    fn skip_quoted(&mut self) -> Result<(), SplitError> {
        let open = self.pos;
        let quote = self.src[open];
        let mut p = open + 1;
        while p < self.src.len() {
            let c = self.src[p];
            if c == quote {
                self.pos = p + 1;
                return Ok(());
            }
            p += if c == b'\\' && quote != b'`' { 2 } else { 1 };
        }
        let line = self.lines.at(self.src, open);
        Err(SplitError::UnterminatedQuote { line, quote: char::from(quote) })
    }

    /// Skips the comment of `kind` starting at `pos` (a line comment up to its newline).
    fn skip_comment(&mut self, kind: Comment) -> Result<(), SplitError> {
        let open = self.pos;
        let close = match kind {
            Comment::Line => find(self.src, open, b"\n").unwrap_or(self.src.len()),
            Comment::Block | Comment::Conditional => match find(self.src, open + 2, b"*/") {
                Some(star) => star + 2,
                None => {
                    let line = self.lines.at(self.src, open);
                    let conditional = kind == Comment::Conditional;
                    return Err(SplitError::UnterminatedComment { line, conditional });
                }
            },
        };
        self.pos = close;
        Ok(())
    }

    /// Handles a `DELIMITER xx` line at the start of a statement; false if there is none.
    fn delimiter_command(&mut self) -> Result<bool, SplitError> {
        const WORD: &[u8] = b"DELIMITER";
        let rest = &self.src[self.pos..];
        let is_command = rest.len() >= WORD.len()
            && rest[..WORD.len()].eq_ignore_ascii_case(WORD)
            && rest.get(WORD.len()).is_none_or(|&c| is_space(c));
        if !is_command {
            return Ok(false);
        }
        let line = self.lines.at(self.src, self.pos);
        let mut p = self.skip_inline_space(self.pos + WORD.len());
        let arg_start = p;
        while p < self.src.len() && !is_space(self.src[p]) {
            p += 1;
        }
        let arg = &self.src[arg_start..p];
        if arg.is_empty() {
            return Err(SplitError::DelimiterMissing { line });
        }
        if arg.iter().any(|&c| is_quote(c) || c == b'\\') {
            let delimiter = String::from_utf8_lossy(arg).into_owned();
            return Err(SplitError::DelimiterInvalid { line, delimiter });
        }
        self.pos = self.end_of_command_line(p, line)?;
        self.delimiter = arg;
        self.delimiter_line = line;
        Ok(true)
    }

    fn skip_inline_space(&self, mut p: usize) -> usize {
        while p < self.src.len() && self.src[p] != b'\n' && is_space(self.src[p]) {
            p += 1;
        }
        p
    }

    /// After a `DELIMITER` argument only spaces and a `--` or `#` comment may follow.
    fn end_of_command_line(&self, p: usize, line: u32) -> Result<usize, SplitError> {
        let p = self.skip_inline_space(p);
        let eol = find(self.src, p, b"\n").unwrap_or(self.src.len());
        match comment_at(self.src, p) {
            _ if p == eol => Ok(eol),
            Some(Comment::Line) => Ok(eol),
            _ => {
                let text = String::from_utf8_lossy(&self.src[p..eol]).trim_end().to_string();
                Err(SplitError::DelimiterTrailingText { line, text })
            }
        }
    }
}

#[cfg(test)]
#[path = "split/tests.rs"]
mod tests;
