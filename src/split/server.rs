//! What the server does with the text the client sends it: where a multi-statement text
//! really ends one statement and starts the next, and which comments the client strips
//! before sending.
//!
//! The client cuts a file at its delimiter; the server then cuts that text again at every `;`
//! that is not inside a quote, a comment or a compound statement's body (`BEGIN ... END`,
//! `IF ... END IF`, `CASE ... END`, loops). A routine written between `DELIMITER //` lines is
//! one server statement even with `;` inside its body, and its `END;` leaves an empty
//! statement that the server ignores; two `INSERT`s between one pair of `//` are two server
//! statements. [`boundaries`] finds those cuts so that schemagate sends, journals and counts
//! each server statement on its own.
//!
//! [`clean`] removes comments the way the client does by default (`--skip-comments`): `#` and
//! `-- ` comments up to the end of their line, `/* */` comments whole (with a space where the
//! two sides would otherwise touch); conditional comments (`/*!`, `/*M!`) and optimizer hints
//! (`/*+`) are code and kept. Stored routine bodies therefore read the same as when the client
//! created them. std-only, like the rest of the splitter.

use super::{comment_at, find, is_space, Comment};
use std::borrow::Cow;

/// A lexical piece of a statement, as far as compound-statement nesting needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a [u8]),
    Semicolon,
    Colon,
    Other,
}

/// Byte ranges, relative to `text`, of the server statements in `text`: cut at each `;`
/// outside quotes, comments and compound bodies, each range starting at its first token and
/// ending before its `;`; ranges with no token are dropped.
pub(crate) fn boundaries(text: &[u8], nbe: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut depth = 0usize;
    // Tokens since the start of the current statement (only the last two matter).
    let mut prev: Option<Tok> = None;
    let mut first = true;
    let mut pos = 0;
    while pos < text.len() {
        let c = text[pos];
        if is_space(c) {
            pos += 1;
            continue;
        }
        if let Some(kind) = comment_at(text, pos) {
            if kind != Comment::Conditional {
                pos = skip_comment(text, pos, kind);
                continue;
            }
        }
        if start.is_none() {
            start = Some(pos);
        }
        let (tok, next) = token(text, pos, nbe);
        match tok {
            Tok::Semicolon if depth == 0 => {
                if let Some(s) = start.take() {
                    if s < pos {
                        out.push((s, trim_end(text, s, pos)));
                    }
                }
                prev = None;
                first = true;
                pos = next;
                continue;
            }
            Tok::Word(w) => {
                let statement_position = first
                    || matches!(prev, Some(Tok::Semicolon | Tok::Colon))
                    || matches!(prev, Some(Tok::Word(p)) if is_any(p, &["BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT"]));
                if eq(w, "END") {
                    depth = depth.saturating_sub(1);
                    // `END IF`, `END LOOP` ...: the word after END closes, it does not open.
                    let (after, after_next) = next_word(text, next, nbe);
                    if after.is_some_and(|a| is_any(a, &["IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR"])) {
                        pos = after_next;
                        prev = after.map(Tok::Word);
                        first = false;
                        continue;
                    }
                } else if eq(w, "BEGIN") {
                    let not_atomic = next_word(text, next, nbe).0.is_some_and(|a| eq(a, "NOT"));
                    if depth > 0 || !first || not_atomic {
                        depth += 1;
                    }
                } else if eq(w, "CASE") || (statement_position && is_any(w, &["IF", "LOOP", "WHILE", "REPEAT", "FOR"]))
                {
                    depth += 1;
                }
            }
            _ => {}
        }
        prev = Some(tok);
        first = false;
        pos = next;
    }
    if let Some(s) = start {
        if s < text.len() {
            out.push((s, trim_end(text, s, text.len())));
        }
    }
    out.retain(|&(s, e)| e > s);
    out
}

fn eq(word: &[u8], kw: &str) -> bool {
    word.eq_ignore_ascii_case(kw.as_bytes())
}

fn is_any(word: &[u8], kws: &[&str]) -> bool {
    kws.iter().any(|k| eq(word, k))
}

/// The token at `pos` (not whitespace, not a plain comment) and the position after it.
/// Conditional-comment markers are read as nothing: their content is code.
fn token(text: &[u8], pos: usize, nbe: bool) -> (Tok<'_>, usize) {
    let c = text[pos];
    match c {
        b'\'' | b'"' | b'`' => (Tok::Other, skip_quoted(text, pos, nbe)),
        b';' => (Tok::Semicolon, pos + 1),
        b':' if text.get(pos + 1) == Some(&b'=') => (Tok::Other, pos + 2),
        b':' => (Tok::Colon, pos + 1),
        b'/' if comment_at(text, pos) == Some(Comment::Conditional) => {
            let digits = pos + if text[pos + 2] == b'M' { 4 } else { 3 };
            (Tok::Other, skip_digits(text, digits))
        }
        b'*' if text.get(pos + 1) == Some(&b'/') => (Tok::Other, pos + 2),
        _ if is_word_byte(c) => {
            let mut end = pos;
            while end < text.len() && is_word_byte(text[end]) {
                end += 1;
            }
            (Tok::Word(&text[pos..end]), end)
        }
        _ => (Tok::Other, pos + 1),
    }
}

/// The next word after `pos` (skipping whitespace and plain comments), if the next token is one.
fn next_word(text: &[u8], mut pos: usize, nbe: bool) -> (Option<&[u8]>, usize) {
    loop {
        while pos < text.len() && is_space(text[pos]) {
            pos += 1;
        }
        match comment_at(text, pos) {
            Some(kind) if kind != Comment::Conditional => pos = skip_comment(text, pos, kind),
            _ => break,
        }
    }
    if pos >= text.len() {
        return (None, pos);
    }
    match token(text, pos, nbe) {
        (Tok::Word(w), next) => (Some(w), next),
        (_, next) => (None, next),
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn skip_digits(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    p
}

/// The end of the quoted string or identifier opened at `open` (after its closing quote), or
/// None when it never closes. `\` escapes inside `'` and `"` unless `nbe`
/// (NO_BACKSLASH_ESCAPES); a doubled quote reads as two adjacent quoted parts.
pub fn quoted_end(text: &[u8], open: usize, nbe: bool) -> Option<usize> {
    let quote = text[open];
    let mut p = open + 1;
    while p < text.len() {
        let c = text[p];
        if c == quote {
            return Some(p + 1);
        }
        p += if c == b'\\' && quote != b'`' && !nbe { 2 } else { 1 };
    }
    None
}

fn skip_quoted(text: &[u8], open: usize, nbe: bool) -> usize {
    quoted_end(text, open, nbe).unwrap_or(text.len())
}

/// The end of the plain comment of `kind` at `pos`: after `*/`, or at the newline ending a line
/// comment (the newline is not part of it), or the end of the text.
pub(crate) fn skip_comment(text: &[u8], pos: usize, kind: Comment) -> usize {
    match kind {
        Comment::Line => find(text, pos, b"\n").unwrap_or(text.len()),
        _ => find(text, pos + 2, b"*/").map_or(text.len(), |q| q + 2),
    }
}

fn trim_end(text: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && is_space(text[end - 1]) {
        end -= 1;
    }
    end
}

/// `text` as the client sends it: plain comments removed (see the module docs), trailing
/// whitespace trimmed. Borrowed when there is nothing to remove.
pub(crate) fn clean(text: &str, nbe: bool) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut pos = 0;
    while pos < b.len() {
        let c = b[pos];
        if matches!(c, b'\'' | b'"' | b'`') {
            pos = skip_quoted(b, pos, nbe);
            continue;
        }
        let kind = match comment_at(b, pos) {
            Some(Comment::Conditional) | None => {
                pos += 1;
                continue;
            }
            Some(Comment::Block) if b.get(pos + 2) == Some(&b'+') => {
                pos += 1;
                continue;
            }
            Some(kind) => kind,
        };
        let o = out.get_or_insert_with(|| Vec::with_capacity(b.len()));
        o.extend_from_slice(&b[copied..pos]);
        let end = skip_comment(b, pos, kind);
        pos = end;
        copied = end;
        // A block comment leaves a space where the next character would touch what precedes.
        let next_is_comment = matches!(comment_at(b, pos), Some(Comment::Line | Comment::Block));
        if kind == Comment::Block && pos < b.len() && !is_space(b[pos]) && !next_is_comment {
            o.push(b' ');
        }
    }
    let Some(mut o) = out else {
        let trimmed = trim_end(b, 0, b.len());
        return Cow::Borrowed(&text[..trimmed]);
    };
    o.extend_from_slice(&b[copied..]);
    let end = trim_end(&o, 0, o.len());
    o.truncate(end);
    // Only whole ASCII comments were removed from valid UTF-8, so this cannot fail.
    Cow::Owned(String::from_utf8(o).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
