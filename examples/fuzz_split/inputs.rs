//! Inputs for the splitter fuzzer and the one execution each gets. Input `i` of a run is a
//! pure function of `(seed, i)`, so any input can be rebuilt from its number alone.
//!
//! Three kinds, in turn: random bytes from an alphabet weighted towards what the lexer cares
//! about (quotes, comment markers, delimiters, backslashes, newlines, multi-byte characters);
//! a window of a corpus file with a few mutations (bytes inserted, deleted, replaced, a token
//! spliced in, a stretch duplicated); and a soup of SQL and client tokens. One execution runs
//! `split`, `leading_keyword` and every `classify` entry point on the input and on each
//! statement, and checks the split's order and bounds; the caller catches panics.

use schemagate::classify::{already_done, classify, refusal, rename_of, rerun_absorbed};
use schemagate::split::{leading_keyword, split};

/// SplitMix64: small, fast, and good enough to drive a fuzzer.
pub struct Rng(u64);

impl Rng {
    /// The generator of input `index` of the run seeded `seed`.
    pub fn for_input(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// Characters the lexer treats specially, repeated to weight them.
const ALPHABET: &[&str] = &[
    "'", "'", "\"", "`", ";", ";", "/", "*", "-", "#", "!", "\\", "\\", "\n", "\n", " ", "\t", "\r", "$", "M", "5",
    "0", "1", "a", "D", "E", "L", "I", "M", "T", "R", "e", "n", "d", "é", "中", "\u{feff}", "\0", "(", ")", "{", "}",
];

/// SQL and client tokens for the soup and for splicing.
const TOKENS: &[&str] = &[
    "DELIMITER ",
    "delimiter ",
    "DeLiMiTeR",
    "DELIMITER ;\n",
    "DELIMITER //\n",
    "DELIMITER $$\n",
    "DELIMITER ;;\n",
    "\\d //\n",
    "//",
    "$$",
    ";;",
    ";",
    "'",
    "\"",
    "`",
    "''",
    "\\'",
    "\\\\",
    "/*",
    "*/",
    "/*!",
    "/*!50001 ",
    "/*!99999",
    "/*M!110400 ",
    "/*M!",
    "/*+ hint */",
    "-- ",
    "--",
    "--#",
    "#",
    "\n",
    "\r\n",
    " ",
    "\t",
    "BEGIN",
    "END",
    "END;",
    "END IF;",
    "CREATE PROCEDURE p()",
    "CREATE FUNCTION f() RETURNS INT",
    "CREATE TRIGGER tr BEFORE INSERT ON t",
    "CREATE TABLE t (a INT)",
    "CREATE TABLE IF NOT EXISTS t",
    "CREATE OR REPLACE VIEW v AS SELECT 1",
    "CREATE INDEX i ON t(a)",
    "ALTER TABLE t ADD COLUMN c INT",
    "ALTER TABLE t RENAME TO u",
    "RENAME TABLE a TO b, c TO d",
    "DROP TABLE t",
    "DROP DATABASE d",
    "USE d",
    "source x.sql",
    "LOCK TABLES t WRITE",
    "UNLOCK TABLES",
    "START TRANSACTION",
    "COMMIT",
    "SET autocommit=0",
    "SET sql_mode='NO_BACKSLASH_ESCAPES'",
    "SET NAMES utf8mb4",
    "PREPARE s FROM @q",
    "EXECUTE s",
    "INSERT INTO t VALUES (1)",
    "UPDATE t SET a = a + 1",
    "IF",
    "CASE",
    "LOOP",
    "WHILE",
    "REPEAT",
    "é",
    "中",
    "\u{feff}",
    "`a``b`",
    "'it''s'",
    "\"a\"\"b\"",
    "x'41'",
    "N'x'",
    "@v",
    "@@sql_mode",
    "1e5",
    ".5",
    "-1",
];

/// The text of input `index`: a byte soup, a mutated corpus window, or a token soup.
pub fn input(seed: u64, index: u64, corpus: &[String]) -> String {
    let mut rng = Rng::for_input(seed, index);
    match index % 3 {
        0 => {
            let count = 1 + rng.below(200);
            soup(&mut rng, ALPHABET, count)
        }
        1 if !corpus.is_empty() => mutated(&mut rng, corpus),
        _ => {
            let count = 1 + rng.below(40);
            soup(&mut rng, TOKENS, count)
        }
    }
}

fn soup(rng: &mut Rng, items: &[&'static str], count: usize) -> String {
    let mut out = String::new();
    for _ in 0..count {
        out.push_str(rng.pick(items));
    }
    out
}

/// A window of up to 2 KB of a corpus file, cut at char boundaries, with up to 8 mutations.
fn mutated(rng: &mut Rng, corpus: &[String]) -> String {
    let file = &corpus[rng.below(corpus.len())];
    let start = floor_boundary(file, rng.below(file.len().max(1)));
    let end = floor_boundary(file, (start + 1 + rng.below(2048)).min(file.len()));
    let mut text = file[start..end].to_string();
    for _ in 0..rng.below(9) {
        let at = floor_boundary(&text, rng.below(text.len() + 1));
        match rng.below(5) {
            0 => text.insert_str(at, rng.pick(TOKENS)),
            1 => text.insert_str(at, rng.pick(ALPHABET)),
            2 => {
                let to = floor_boundary(&text, (at + 1 + rng.below(16)).min(text.len()));
                text.replace_range(at..to, "");
            }
            3 => {
                let to = floor_boundary(&text, (at + rng.below(64)).min(text.len()));
                let copy = text[at..to].to_string();
                text.insert_str(to, &copy);
            }
            _ => {
                let to = floor_boundary(&text, (at + 1 + rng.below(4)).min(text.len()));
                text.replace_range(at..to, rng.pick(ALPHABET));
            }
        }
    }
    text
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Runs every entry point on `text` and its statements; panics on a broken invariant.
pub fn exercise(text: &str) -> usize {
    let mut work = touch(text);
    if let Ok(statements) = split(text) {
        let mut previous_end = 0;
        for s in &statements {
            assert!(s.start >= previous_end && s.start < s.end && s.end <= text.len(), "statement {s:?} out of order");
            previous_end = s.end;
            work += touch(&s.text(text));
        }
    }
    work
}

/// Every classifying function on one text; returns something so nothing is optimised away.
fn touch(stmt: &str) -> usize {
    let mut n = leading_keyword(stmt).len();
    std::hint::black_box(classify(stmt));
    n += usize::from(refusal(stmt).is_some());
    for code in [1050, 1060, 1061, 1091, 1304, 1359, 1826] {
        n += usize::from(already_done(stmt, code).is_some());
    }
    n += usize::from(rerun_absorbed(stmt));
    n += usize::from(rename_of(stmt).is_some());
    n
}
