//! Splits the text of a migration file into the statements the server runs, exactly as
//! `mysql < file` would have them run: the `mysql`/`mariadb` client is the reference.
//!
//! Two layers, both std-only (`build.rs` includes this file with `#[path]`):
//! - **The client's cut.** The file is cut at the active delimiter (`;`, or what a `DELIMITER`
//!   line sets, in any case, also with `\d`), outside quotes and plain comments. Like the
//!   client: a line starting with `--` or `#` before a statement is a comment even without a
//!   space after `--`; the content of a conditional comment (`/*!...*/`, `/*M!...*/`) is code,
//!   quotes inside it included; a delimiter still active at the end of the file simply ends
//!   the last statement; a UTF-8 byte-order mark at the start is skipped; a statement that
//!   sets `sql_mode` to include `NO_BACKSLASH_ESCAPES` makes `\` plain in later strings (the
//!   client reads the server's status after each statement for that). Client commands other
//!   than `DELIMITER` (`\G`, `\g`, `\.`, `source`, `connect`, `quit`...) mean nothing to a
//!   runner and are errors naming the command, its line and the fix.
//! - **The server's cut** (`server`): the server cuts each of those texts again at `;`
//!   outside compound bodies, so `END;` before `//` leaves an empty statement it ignores and
//!   two statements between one pair of `//` are two statements. Each such statement is one
//!   [`Statement`] here, so that it is sent, journalled and counted on its own.
//!
//! Invariants of a successful split: statements are in file order and never overlap; each
//! span starts at the statement's first token and ends at its last non-whitespace byte before
//! its `;` or delimiter; [`Statement::text`] is what the client would send: the span with its
//! plain comments removed (`server::clean`), never empty. Every offset is a char boundary.
//! Problems (an unclosed quote or comment, a bad `DELIMITER`, a client command) are errors
//! carrying the line where they start. One forward pass, no allocation per byte.

use std::borrow::Cow;
use std::fmt;

#[path = "split/server.rs"]
mod server;

#[allow(unused_imports)] // used by the library, not by build.rs
pub use server::quoted_end;

/// One statement of a migration file: byte offsets into the original text, its 1-based line,
/// and whether strings in it are read without backslash escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    /// Set after a statement put `NO_BACKSLASH_ESCAPES` into `sql_mode`.
    pub nbe: bool,
}

impl Statement {
    /// The statement as the server should receive it: the span without its plain comments.
    pub fn text<'a>(&self, source: &'a str) -> Cow<'a, str> {
        server::clean(&source[self.start..self.end], self.nbe)
    }

    /// The statement's span in the file, comments included.
    pub fn span<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Why a file cannot be split; every variant carries the 1-based line where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A `'`, `"` or `` ` `` opened on `line` is never closed.
    UnterminatedQuote { line: u32, quote: char },
    /// A `/*` opened on `line` is never closed by `*/`.
    UnterminatedComment { line: u32, conditional: bool },
    /// `DELIMITER` on `line` has no argument.
    DelimiterMissing { line: u32 },
    /// `DELIMITER` on `line` names a delimiter containing a backslash.
    DelimiterInvalid { line: u32, delimiter: String },
    /// A command of the `mysql` client (not SQL) on `line`.
    ClientCommand { line: u32, command: String },
    /// A NUL byte outside quotes on `line` (invisible in an editor; the server reads it as
    /// a syntax error).
    NulByte { line: u32 },
}

impl SplitError {
    /// The 1-based line where the problem starts.
    pub fn line(&self) -> u32 {
        match self {
            Self::UnterminatedQuote { line, .. }
            | Self::UnterminatedComment { line, .. }
            | Self::DelimiterMissing { line }
            | Self::DelimiterInvalid { line, .. }
            | Self::ClientCommand { line, .. }
            | Self::NulByte { line } => *line,
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
                "delimiter `{delimiter}` contains a backslash, which the mysql client refuses too; \
                 choose one without it, e.g. ;; or $$"
            ),
            Self::NulByte { .. } => f.write_str(
                "a NUL byte (\\0) stands outside any string here; the server reads it as a syntax \
                 error: remove it, and if the file was saved as UTF-16, save it as UTF-8",
            ),
            Self::ClientCommand { command, .. } => write!(
                f,
                "`{command}` is a command of the mysql client, not SQL, and schemagate sends \
                 statements to the server itself; {}",
                client_command_fix(command)
            ),
        }
    }
}

/// What to do instead of a client command.
fn client_command_fix(command: &str) -> &'static str {
    let lower = command.to_ascii_lowercase();
    match lower.trim_start_matches('\\') {
        "g" | "go" => "end the statement with the delimiter instead",
        "." | "source" => "put that file's statements in a migration of their own",
        "u" | "use" => "remove it: migrations always run in the configured database",
        "r" | "connect" => "remove it: schemagate connects with its own settings",
        _ => "remove it",
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
pub(crate) enum Comment {
    Line,
    Block,
    Conditional,
}

/// The comment starting at `p`, if any (`--` only when followed by a space, a control
/// character or the end of the input, as the server requires).
pub(crate) fn comment_at(b: &[u8], p: usize) -> Option<Comment> {
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

/// Whitespace as the server's lexer reads it (vertical tab and form feed included).
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_quote(c: u8) -> bool {
    matches!(c, b'\'' | b'"' | b'`')
}

/// The first index `>= from` where `needle` starts.
pub(crate) fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    hay.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

fn skip_digits(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    p
}

/// The client's commands (long names), and whether each takes an argument. A statement whose
/// first word is one of them (alone, or with an argument where one is taken) is run by the
/// client itself, never sent to the server.
const CLIENT_COMMANDS: &[(&str, bool)] = &[
    ("?", true),
    ("clear", false),
    ("connect", true),
    ("edit", false),
    ("ego", false),
    ("exit", false),
    ("go", false),
    ("help", true),
    ("nopager", false),
    ("notee", false),
    ("pager", true),
    ("print", false),
    ("prompt", true),
    ("quit", false),
    ("rehash", false),
    ("source", true),
    ("status", false),
    ("system", true),
    ("tee", true),
    ("use", true),
    ("charset", true),
    ("warnings", false),
    ("nowarning", false),
];

/// The client command a statement is, if any (`USE` is left to `classify::refusal`).
fn client_command(stmt: &[u8]) -> Option<String> {
    let word_len = stmt.iter().take_while(|&&c| !is_space(c)).count();
    let (word, rest) = stmt.split_at(word_len);
    let has_argument = rest.iter().any(|&c| !is_space(c));
    CLIENT_COMMANDS
        .iter()
        .find(|(name, takes)| word.eq_ignore_ascii_case(name.as_bytes()) && (*takes || !has_argument))
        .filter(|(name, _)| *name != "use")
        .map(|(name, _)| (*name).to_string())
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

/// The scanning state: position, active delimiter, string mode and the statements so far.
struct Splitter<'a> {
    src: &'a [u8],
    pos: usize,
    lines: Lines,
    delimiter: &'a [u8],
    /// NO_BACKSLASH_ESCAPES is in effect for the statements scanned from now on.
    nbe: bool,
    out: Vec<Statement>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a [u8]) -> Self {
        let lines = Lines { pos: 0, line: 1 };
        let pos = if src.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        Splitter { src, pos, lines, delimiter: b";", nbe: false, out: Vec::new() }
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
        Ok(self.out)
    }

    fn at_delimiter(&self) -> bool {
        self.src[self.pos..].starts_with(self.delimiter)
    }

    /// Skips whitespace, comments and empty statements, up to the next token. Here, before a
    /// statement, `--` starts a comment even without a space after it, as in the client.
    fn skip_blanks(&mut self) -> Result<(), SplitError> {
        while self.pos < self.src.len() {
            if self.at_delimiter() {
                self.pos += self.delimiter.len();
            } else if is_space(self.src[self.pos]) {
                self.pos += 1;
            } else if self.src[self.pos..].starts_with(b"--") {
                self.skip_comment(Comment::Line)?;
            } else {
                match comment_at(self.src, self.pos) {
                    Some(Comment::Conditional) | None => return Ok(()),
                    Some(kind) => self.skip_comment(kind)?,
                }
            }
        }
        Ok(())
    }

    /// Scans one client statement from its first token to the delimiter or the end of the
    /// input, and adds the server statements it holds.
    fn statement(&mut self) -> Result<(), SplitError> {
        let start = self.pos;
        let mut end = self.src.len();
        // Conditional comments open; a `;` seen outside quotes and comments.
        let mut conditional = 0usize;
        let mut conditional_open = start;
        let mut semicolon = false;
        while self.pos < self.src.len() {
            if self.at_delimiter() {
                end = self.pos;
                self.pos += self.delimiter.len();
                break;
            }
            let c = self.src[self.pos];
            if is_quote(c) {
                self.skip_quoted()?;
            } else if c == b'\\' {
                self.backslash()?;
            } else if c == 0 {
                let line = self.lines.at(self.src, self.pos);
                return Err(SplitError::NulByte { line });
            } else if conditional > 0 && self.src[self.pos..].starts_with(b"*/") {
                conditional -= 1;
                self.pos += 2;
            } else if let Some(kind) = comment_at(self.src, self.pos) {
                if kind == Comment::Conditional {
                    conditional += 1;
                    conditional_open = self.pos;
                    self.pos += 3;
                } else {
                    self.skip_comment(kind)?;
                }
            } else {
                semicolon |= c == b';';
                self.pos += 1;
            }
        }
        if conditional > 0 {
            // Cut inside a conditional comment: the server would read it unclosed.
            let line = self.lines.at(self.src, conditional_open);
            return Err(SplitError::UnterminatedComment { line, conditional: true });
        }
        while end > start && is_space(self.src[end - 1]) {
            end -= 1;
        }
        let line = self.lines.at(self.src, start);
        let text = &self.src[start..end];
        if let Some(command) = client_command(text) {
            return Err(SplitError::ClientCommand { line, command });
        }
        let nbe = self.nbe;
        if semicolon {
            for (s, e) in server::boundaries(text, nbe) {
                let line = self.lines.at(self.src, start + s);
                self.out.push(Statement { start: start + s, end: start + e, line, nbe });
            }
        } else if end > start {
            self.out.push(Statement { start, end, line, nbe });
        }
        self.nbe = sql_mode_after(text, self.nbe);
        Ok(())
    }

    /// A backslash outside quotes: `\N` (NULL) is SQL, anything else a client command
    /// (`\d` sets the delimiter, like `DELIMITER`).
    fn backslash(&mut self) -> Result<(), SplitError> {
        match self.src.get(self.pos + 1) {
            Some(b'N') | None => {
                self.pos += 2;
                Ok(())
            }
            Some(&c) => {
                let line = self.lines.at(self.src, self.pos);
                let command = format!("\\{}", char::from(c));
                Err(SplitError::ClientCommand { line, command })
            }
        }
    }

    /// Skips a quoted string or identifier (see `server::quoted_end`).
    fn skip_quoted(&mut self) -> Result<(), SplitError> {
        let open = self.pos;
        match server::quoted_end(self.src, open, self.nbe) {
            Some(end) => {
                self.pos = end;
                Ok(())
            }
            None => {
                let line = self.lines.at(self.src, open);
                Err(SplitError::UnterminatedQuote { line, quote: char::from(self.src[open]) })
            }
        }
    }

    /// Skips the plain comment of `kind` starting at `pos` (a line comment up to its newline).
    fn skip_comment(&mut self, kind: Comment) -> Result<(), SplitError> {
        let open = self.pos;
        if kind != Comment::Line && find(self.src, open + 2, b"*/").is_none() {
            let line = self.lines.at(self.src, open);
            return Err(SplitError::UnterminatedComment { line, conditional: kind == Comment::Conditional });
        }
        self.pos = server::skip_comment(self.src, open, kind);
        Ok(())
    }

    /// Handles a `DELIMITER xx` (or `\d xx`) line at the start of a statement; false if there
    /// is none. As in the client, the argument may be quoted and the rest of the line is
    /// ignored.
    fn delimiter_command(&mut self) -> Result<bool, SplitError> {
        let rest = &self.src[self.pos..];
        let word = if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"DELIMITER") {
            9
        } else if rest.starts_with(b"\\d") {
            2
        } else {
            return Ok(false);
        };
        if rest.get(word).is_some_and(|&c| !is_space(c)) {
            return Ok(false);
        }
        let line = self.lines.at(self.src, self.pos);
        let mut p = self.pos + word;
        while p < self.src.len() && self.src[p] != b'\n' && is_space(self.src[p]) {
            p += 1;
        }
        let eol = find(self.src, p, b"\n").unwrap_or(self.src.len());
        let arg = match self.src.get(p) {
            Some(&q) if is_quote(q) => {
                let close = find(self.src, p + 1, &[q]).filter(|&c| c < eol).unwrap_or(eol);
                &self.src[p + 1..close]
            }
            _ => {
                let mut e = p;
                while e < eol && !is_space(self.src[e]) {
                    e += 1;
                }
                &self.src[p..e]
            }
        };
        if arg.is_empty() {
            return Err(SplitError::DelimiterMissing { line });
        }
        if arg.contains(&b'\\') {
            let delimiter = String::from_utf8_lossy(arg).into_owned();
            return Err(SplitError::DelimiterInvalid { line, delimiter });
        }
        self.pos = eol;
        self.delimiter = arg;
        Ok(true)
    }
}

/// Whether NO_BACKSLASH_ESCAPES is in effect after `stmt` ran, given whether it was before: a
/// `SET` that names `sql_mode` turns it on when its text names the mode, else off.
fn sql_mode_after(stmt: &[u8], before: bool) -> bool {
    let upper = stmt.to_ascii_uppercase();
    let sets = leading_keyword(&String::from_utf8_lossy(&upper)) == "SET";
    if !sets || find(&upper, 0, b"SQL_MODE").is_none() {
        return before;
    }
    find(&upper, 0, b"NO_BACKSLASH_ESCAPES").is_some()
}

#[cfg(test)]
#[path = "split/tests.rs"]
mod tests;
