//! Tokens of a statement's head: a lazy lexer (a huge `INSERT` is never read past its first
//! word) that skips plain comments and reads conditional comments as code, and a one-token
//! lookahead cursor with the small grammar pieces every statement shares (names, user names).

use std::iter::Peekable;

/// A token of the statement head. String literals keep no text: nothing here needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    /// A bare word: keyword or unquoted identifier, as written.
    Word(String),
    /// A backquoted identifier, unescaped.
    Ident(String),
    /// A `'...'` or `"..."` string.
    Str,
    Punct(char),
}

impl Tok {
    pub(super) fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }

    pub(super) fn upper(&self) -> Option<String> {
        match self {
            Tok::Word(w) => Some(w.to_ascii_uppercase()),
            _ => None,
        }
    }
}

/// Yields tokens lazily, so a huge `INSERT` is never read past its first word.
pub(super) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Conditional comments opened and not yet closed; their `*/` is skipped.
    open_conditionals: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Lexer { src: src.as_bytes(), pos: 0, open_conditionals: 0 }
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.src[self.pos..]
    }

    pub(super) fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            match rest {
                [b, ..] if crate::split::is_space(*b) => self.pos += 1,
                [b'/', b'*', b'!', ..] => self.open_conditional(3),
                [b'/', b'*', b'M', b'!', ..] => self.open_conditional(4),
                [b'/', b'*', ..] => self.pos = find(rest, b"*/").map_or(self.src.len(), |i| self.pos + i + 2),
                [b'*', b'/', ..] if self.open_conditionals > 0 => {
                    self.open_conditionals -= 1;
                    self.pos += 2;
                }
                [b'#', ..] | [b'-', b'-'] => self.skip_line(),
                [b'-', b'-', b, ..] if *b <= b' ' => self.skip_line(),
                _ => return,
            }
        }
    }

    pub(super) fn open_conditional(&mut self, opener: usize) {
        self.pos += opener;
        while self.rest().first().is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.open_conditionals += 1;
    }

    pub(super) fn skip_line(&mut self) {
        self.pos = find(self.rest(), b"\n").map_or(self.src.len(), |i| self.pos + i + 1);
    }

    pub(super) fn word(&mut self) -> Tok {
        let start = self.pos;
        while self.rest().first().is_some_and(|&b| is_word_byte(b)) {
            self.pos += 1;
        }
        Tok::Word(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
    }

    /// A backquoted identifier; a doubled backquote stands for one.
    pub(super) fn ident(&mut self) -> Tok {
        let mut name = Vec::new();
        self.pos += 1;
        while let Some(&b) = self.rest().first() {
            self.pos += 1;
            if b == b'`' {
                if self.rest().first() != Some(&b'`') {
                    break;
                }
                self.pos += 1;
            }
            name.push(b);
        }
        Tok::Ident(String::from_utf8_lossy(&name).into_owned())
    }

    /// A string quoted by `quote`: backslash escapes and doubled quotes are skipped over.
    pub(super) fn string(&mut self, quote: u8) -> Tok {
        self.pos += 1;
        while let Some(&b) = self.rest().first() {
            self.pos += 1;
            if b == b'\\' {
                self.pos = (self.pos + 1).min(self.src.len());
            } else if b == quote {
                if self.rest().first() != Some(&quote) {
                    break;
                }
                self.pos += 1;
            }
        }
        Tok::Str
    }
}

impl Iterator for Lexer<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        self.skip_trivia();
        let &b = self.rest().first()?;
        Some(match b {
            b'`' => self.ident(),
            b'\'' | b'"' => self.string(b),
            _ if is_word_byte(b) => self.word(),
            _ => {
                self.pos += 1;
                Tok::Punct(b as char)
            }
        })
    }
}

/// Bytes of unquoted identifiers and keywords; every byte of a non-ASCII character counts.
pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One-token lookahead over tokens, with the small grammar pieces every statement shares.
pub(super) struct Cursor<I: Iterator<Item = Tok>> {
    toks: Peekable<I>,
}

impl<I: Iterator<Item = Tok>> Cursor<I> {
    pub(super) fn new(toks: I) -> Self {
        Cursor { toks: toks.peekable() }
    }

    pub(super) fn next(&mut self) -> Option<Tok> {
        self.toks.next()
    }

    /// The next token, upper-cased, if it is a bare word.
    pub(super) fn peek_word(&mut self) -> Option<String> {
        self.toks.peek().and_then(Tok::upper)
    }

    pub(super) fn next_word(&mut self) -> Option<String> {
        let word = self.peek_word()?;
        self.next();
        Some(word)
    }

    pub(super) fn peek_is_kw(&mut self, kw: &str) -> bool {
        self.toks.peek().is_some_and(|t| t.is_kw(kw))
    }

    pub(super) fn eat_kw(&mut self, kw: &str) -> bool {
        self.toks.next_if(|t| t.is_kw(kw)).is_some()
    }

    pub(super) fn eat_punct(&mut self, c: char) -> bool {
        self.toks.next_if_eq(&Tok::Punct(c)).is_some()
    }

    /// `IF EXISTS` or `IF NOT EXISTS`.
    pub(super) fn skip_if_exists(&mut self) {
        if self.eat_kw("IF") {
            self.eat_kw("NOT");
            self.eat_kw("EXISTS");
        }
    }

    /// MariaDB's `WAIT n` / `NOWAIT` after a table name.
    pub(super) fn skip_wait(&mut self) {
        if self.eat_kw("WAIT") {
            self.next();
        } else {
            self.eat_kw("NOWAIT");
        }
    }

    /// A possibly qualified name (`t`, `` `t` ``, `db.t`); returns the last part, unquoted.
    pub(super) fn name(&mut self) -> Option<String> {
        let (Tok::Word(mut part) | Tok::Ident(mut part)) = self.next()? else { return None };
        while self.eat_punct('.') {
            match self.next() {
                Some(Tok::Word(s) | Tok::Ident(s)) => part = s,
                _ => return None,
            }
        }
        Some(part)
    }

    /// `a, b, c`: names separated by commas, up to the first thing that is not one.
    pub(super) fn name_list(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        while let Some(name) = self.name() {
            names.push(name);
            if !self.eat_punct(',') {
                break;
            }
        }
        names
    }
}
