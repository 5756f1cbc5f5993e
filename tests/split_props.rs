//! Properties of the statement splitter: it never panics, every successful split obeys the
//! module's invariants, and files built from known statement bodies split back into exactly
//! those bodies, at the offsets and lines where they were written.

use proptest::prelude::*;
use schemagate::split::{leading_keyword, split, SplitError, Statement};

/// Pieces that stress the scanner: quotes, escapes, comments, delimiters, DELIMITER lines,
/// line endings, multi-byte characters.
#[rustfmt::skip]
const FRAGMENTS: &[&str] = &[
    "'", "\"", "`", "\\", "''", "\\'", "``", "--", "-- ", "--\t", "#", "/*", "*/", "/*!",
    "/*!50001 ", "/*M!", ";", ";;", "$$", "//", "\n", "\r\n", "\r", " ", "\t", "DELIMITER",
    "DELIMITER ", "DELIMITER ;;\n", "DELIMITER $$\n", "DELIMITER //\r\n", "DELIMITER ;\n",
    "delimiter ;", "SELECT 1", "BEGIN", "END", "x", "é", "日本", "€", "\u{0}", "\u{7f}",
];

/// Checks the module's invariants on a successful split of `sql`.
fn check_invariants(sql: &str, statements: &[Statement]) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for s in statements {
        prop_assert!(previous_end <= s.start && s.start < s.end && s.end <= sql.len(), "{s:?}");
        prop_assert!(sql.is_char_boundary(s.start) && sql.is_char_boundary(s.end), "{s:?}");
        prop_assert!(!s.text(sql).is_empty(), "{s:?}");
        let text = s.span(sql);
        let first = text.as_bytes()[0];
        let last = text.as_bytes()[text.len() - 1];
        prop_assert!(!first.is_ascii_whitespace() && !last.is_ascii_whitespace(), "{text:?}");
        prop_assert!(!text.starts_with('#'), "{text:?}");
        let conditional = text.starts_with("/*!") || text.starts_with("/*M!");
        prop_assert!(!text.starts_with("/*") || conditional, "{text:?}");
        let line = 1 + sql[..s.start].matches('\n').count() as u32;
        prop_assert_eq!(s.line, line);
        previous_end = s.end;
    }
    Ok(())
}

fn check_error(sql: &str, error: &SplitError) -> Result<(), TestCaseError> {
    let lines = 1 + sql.matches('\n').count() as u32;
    prop_assert!((1..=lines).contains(&error.line()), "{error:?}");
    let message = error.to_string();
    prop_assert!(message.starts_with(&format!("line {}: ", error.line())), "{message}");
    Ok(())
}

fn check_any(sql: &str) -> Result<(), TestCaseError> {
    match split(sql) {
        Ok(statements) => {
            check_invariants(sql, &statements)?;
            for s in &statements {
                leading_keyword(&s.text(sql));
            }
            Ok(())
        }
        Err(error) => check_error(sql, &error),
    }
}

fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

/// One token of a statement body that can never end the statement early.
fn element(allow_semicolon: bool) -> BoxedStrategy<String> {
    let quoted_part = prop_oneof![
        "[^'\"`\\\\]{0,6}",
        Just(";".to_string()),
        Just("$$".to_string()),
        Just("//".to_string()),
        Just("-- #/*".to_string()),
    ];
    let parts = prop::collection::vec(quoted_part, 0..4);
    let single = (parts.clone(), prop::sample::select(vec!["''", "\\'", "\\\\", "\"", "`"]))
        .prop_map(|(p, escape)| format!("'{}{escape}'", p.join("")));
    let double = (parts.clone(), prop::sample::select(vec!["\"\"", "\\\"", "\\\\", "'", "`"]))
        .prop_map(|(p, escape)| format!("\"{}{escape}\"", p.join("")));
    let backtick = (parts, prop::sample::select(vec!["``", "\\", "'", "\""]))
        .prop_map(|(p, escape)| format!("`{}{escape}`", p.join("")));
    // Words that open or close a compound body would change where the server cuts.
    let word = "[a-z_][a-z0-9_]{0,8}".prop_filter("compound keyword", |w| {
        !["begin", "end", "case", "if", "loop", "while", "repeat", "for"].contains(&w.as_str())
    });
    let mut choices = vec![
        word.boxed(),
        "[0-9]{1,4}".boxed(),
        "[α-ω]{1,3}|日本語|€".boxed(),
        prop::sample::select(vec!["(", ")", ",", "=", "+", "*", "--1", "@x"]).prop_map(str::to_string).boxed(),
        single.boxed(),
        double.boxed(),
        backtick.boxed(),
        "/\\* [^*]{0,10}\\*/".boxed(),
        "/\\*!50001 [a-z0-9 ]{0,10}\\*/".boxed(),
        "(-- |#)[^\n]{0,10}\nx[a-z]{1,5}".boxed(),
    ];
    if allow_semicolon {
        choices.push(Just(";".to_string()).boxed());
    }
    prop::strategy::Union::new(choices).boxed()
}

/// How generated bodies start (never with `DELIMITER`, never with a plain comment).
#[rustfmt::skip]
const FIRST_WORDS: &[&str] = &[
    "SELECT", "insert", "CREATE", "Update", "SET", "ALTER", "DROP", "CALL",
    "/*!40101 SET NAMES utf8mb4 */",
];

/// A statement body: a keyword, then elements separated by whitespace.
fn body(allow_semicolon: bool) -> impl Strategy<Value = String> {
    let first = prop::sample::select(FIRST_WORDS);
    let gap = prop::sample::select(vec![" ", "\n", "\r\n", "\t", "  \n  "]);
    let rest = prop::collection::vec((gap, element(allow_semicolon)), 0..8);
    // With a custom delimiter the body ends with a word, so a trailing `;` cannot join it.
    (first, rest).prop_map(move |(first, rest)| {
        let mut body = first.to_string();
        for (gap, element) in rest {
            body.push_str(gap);
            body.push_str(&element);
        }
        if allow_semicolon {
            // A compound body, so that the server does not cut it at its `;`.
            body = format!("BEGIN NOT ATOMIC {body}\nEND");
        }
        body
    })
}

/// What may follow a delimiter before the next statement: blanks, comments, empty statements.
fn noise(delimiter: &'static str) -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![" ", "\n", "\r\n", "\t", "-- c;\n", "# c;\n", "/* c; */", "--\n", delimiter]);
    prop::collection::vec(piece, 0..4).prop_map(|v| v.concat())
}

/// A file of sections, each under one delimiter, with where every body was written.
fn file() -> impl Strategy<Value = (String, Vec<(usize, String)>)> {
    let section = prop::sample::select(vec![";", ";;", "$$", "//"]).prop_flat_map(|delimiter| {
        let custom = delimiter != ";";
        let bodies = prop::collection::vec((body(custom), noise(delimiter)), 0..4);
        (Just(delimiter), bodies)
    });
    (noise(";"), prop::collection::vec(section, 0..4), any::<bool>()).prop_map(|(lead, sections, final_terminator)| {
        let mut sql = lead;
        let mut expected = Vec::new();
        for (delimiter, bodies) in sections {
            if delimiter != ";" {
                sql.push_str(&format!("\nDELIMITER {delimiter}\n"));
            }
            for (body, noise) in bodies {
                expected.push((sql.len(), body.clone()));
                sql.push_str(&body);
                sql.push_str(delimiter);
                sql.push_str(&noise);
            }
            if delimiter != ";" {
                sql.push_str("\nDELIMITER ;\n");
            }
        }
        if !final_terminator && sql.ends_with(';') && !expected.is_empty() {
            let (start, body) = expected.last().unwrap();
            if sql.len() == start + body.len() + 1 {
                sql.pop();
            }
        }
        (sql, expected)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_fragment_soup(sql in fragment_soup()) {
        check_any(&sql)?;
    }

    #[test]
    fn never_panics_on_any_string(sql in any::<String>()) {
        check_any(&sql)?;
    }

    #[test]
    fn safe_bodies_joined_by_semicolons_come_back(
        bodies in prop::collection::vec(body(false), 0..8),
        trailing in any::<bool>(),
    ) {
        let mut sql = bodies.join(";\n");
        if trailing && !bodies.is_empty() {
            sql.push(';');
        }
        let statements = split(&sql).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_invariants(&sql, &statements)?;
        let texts: Vec<&str> = statements.iter().map(|s| s.span(&sql)).collect();
        prop_assert_eq!(texts, bodies.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn files_with_noise_and_delimiters_come_back((sql, expected) in file()) {
        let statements = split(&sql).map_err(|e| TestCaseError::fail(format!("{e}\n{sql}")))?;
        check_invariants(&sql, &statements)?;
        let got: Vec<(usize, &str)> = statements.iter().map(|s| (s.start, s.span(&sql))).collect();
        let want: Vec<(usize, &str)> = expected.iter().map(|(p, b)| (*p, b.as_str())).collect();
        prop_assert_eq!(got, want, "{}", sql);
    }

    #[test]
    fn leading_keyword_reads_the_first_word(body in body(false)) {
        let keyword = leading_keyword(&body);
        prop_assert!(["SELECT", "INSERT", "CREATE", "UPDATE", "SET", "ALTER", "DROP", "CALL"]
            .contains(&keyword.as_str()), "{keyword:?} from {body:?}");
    }
}
