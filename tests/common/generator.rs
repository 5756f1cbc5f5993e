//! A proptest strategy for whole migration files in every style of issue 9, for the
//! differential test: custom delimiters (`//`, `$$`, `;;`) in any letter case with routine
//! bodies ending `END;` before the delimiter, a delimiter still active at the end of a file,
//! `LOCK TABLES` regions, explicit transactions, `SET autocommit=0`, `--#` and other comments
//! in odd places, conditional comments holding `*/` in a string, `/*M!` comments the server
//! skips, a byte-order mark, `NO_BACKSLASH_ESCAPES` with strings ending in a backslash,
//! strings holding quotes and delimiters, user variables (also carried from one file to the
//! next), `PREPARE`/`EXECUTE`, temporary tables, and several `;` statements in one chunk of a
//! custom delimiter.
//!
//! A case is one to three files. The strategy draws plain data ([`Piece`]s); [`render`] turns
//! them into text, tracking what the file's session has switched on (`NO_BACKSLASH_ESCAPES`)
//! so the strings that follow stay valid. Every object name carries the piece's number, so
//! pieces never collide. Not every file is valid SQL for the client (a conditional comment's
//! `*/` in a string is what it is); the differential test discards what the client rejects.

use proptest::prelude::*;

/// String literals valid under the default `sql_mode` (backslash escapes on).
const LITERALS: [&str; 16] = [
    "'plain'",
    "'semi;colon'",
    "'it''s'",
    r"'it\'s'",
    "'slash//slash'",
    "'dollar$$dollar'",
    "'double;;semi'",
    "'-- dash'",
    "'# hash'",
    "'/* star */'",
    "'*/'",
    "\"it's \"\"dq\"\"\"",
    r"'back\\'",
    "'é ü 中'",
    "'multi\nline; DELIMITER //\n'",
    r"'tab\there'",
];

/// Literals for a session under `NO_BACKSLASH_ESCAPES`: a backslash is an ordinary character.
const RAW_LITERALS: [&str; 6] = [r"'C:\'", r"'a\b'", "'it''s'", "'semi;colon'", r"'\'", "'plain'"];

const DELIMITERS: [&str; 3] = ["//", "$$", ";;"];
const KEYWORDS: [&str; 4] = ["DELIMITER", "delimiter", "Delimiter", "DeLiMiTeR"];
/// Comments placed between statements.
const COMMENTS: [&str; 10] = [
    "--#note\n",
    "-- plain ; comment\n",
    "#hash ; comment\n",
    "/* block ; comment */\n",
    "/* multi\nline ' comment */ ",
    "--\n",
    "-- it's\n",
    "# it's\n",
    "/**/",
    "--\t#tab\n",
];

/// One self-contained chunk of a file.
#[derive(Debug, Clone)]
pub enum Piece {
    Strings {
        picks: Vec<usize>,
    },
    Routines {
        delimiter: usize,
        keyword: usize,
        end_style: usize,
        trigger: bool,
    },
    Locked {
        rows: u8,
    },
    Transaction {
        begin: usize,
        rollback: bool,
    },
    Autocommit {
        restore: bool,
    },
    Comments {
        picks: Vec<usize>,
    },
    Conditional {
        version: usize,
        literal: usize,
        star: bool,
    },
    Versioned {
        applies: bool,
    },
    NoBackslash {
        reset: bool,
        trailing: bool,
    },
    UserVariable {
        value: i16,
    },
    CarriedVariable,
    Prepared {
        value: i16,
    },
    Temporary {
        drop: bool,
    },
    /// Several `;` statements in one chunk of a custom delimiter (the client sends them as one
    /// multi-statement query), as FreeRADIUS writes `DROP PROCEDURE IF EXISTS p;` before its
    /// `CREATE PROCEDURE ... END$$`.
    SeveralInOneChunk {
        delimiter: usize,
    },
}

/// One file: an optional byte-order mark, its pieces, and possibly a custom delimiter left
/// active at the end (`Some((delimiter, keyword, terminated))`).
#[derive(Debug, Clone)]
pub struct FileSpec {
    pub bom: bool,
    pub pieces: Vec<Piece>,
    pub open_delimiter: Option<(usize, usize, bool)>,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        prop::collection::vec(0..LITERALS.len(), 1..4).prop_map(|picks| Piece::Strings { picks }),
        (0..3usize, 0..4usize, 0..3usize, any::<bool>()).prop_map(|(delimiter, keyword, end_style, trigger)| {
            Piece::Routines { delimiter, keyword, end_style, trigger }
        }),
        (1..4u8).prop_map(|rows| Piece::Locked { rows }),
        (0..3usize, prop::bool::weighted(0.2)).prop_map(|(begin, rollback)| Piece::Transaction { begin, rollback }),
        prop::bool::weighted(0.7).prop_map(|restore| Piece::Autocommit { restore }),
        prop::collection::vec(0..COMMENTS.len(), 1..4).prop_map(|picks| Piece::Comments { picks }),
        (0..3usize, 0..LITERALS.len(), prop::bool::weighted(0.3))
            .prop_map(|(version, literal, star)| Piece::Conditional { version, literal, star }),
        any::<bool>().prop_map(|applies| Piece::Versioned { applies }),
        (any::<bool>(), any::<bool>()).prop_map(|(reset, trailing)| Piece::NoBackslash { reset, trailing }),
        any::<i16>().prop_map(|value| Piece::UserVariable { value }),
        Just(Piece::CarriedVariable),
        any::<i16>().prop_map(|value| Piece::Prepared { value }),
        any::<bool>().prop_map(|drop| Piece::Temporary { drop }),
        (0..2usize).prop_map(|delimiter| Piece::SeveralInOneChunk { delimiter }),
    ]
}

fn file() -> impl Strategy<Value = FileSpec> {
    let open = prop::option::weighted(0.15, (0..3usize, 0..4usize, any::<bool>()));
    (prop::bool::weighted(0.1), prop::collection::vec(piece(), 1..6), open)
        .prop_map(|(bom, pieces, open_delimiter)| FileSpec { bom, pieces, open_delimiter })
}

/// One to three files.
pub fn case() -> impl Strategy<Value = Vec<FileSpec>> {
    prop::collection::vec(file(), 1..4)
}

/// The text of every file of a case, `(name, text)`.
pub fn render(files: &[FileSpec]) -> Vec<(String, String)> {
    let mut n = 0;
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut out = String::from(if f.bom { "\u{feff}" } else { "" });
            let mut raw = false;
            for p in &f.pieces {
                n += 1;
                out.push_str(&render_piece(p, n, &mut raw));
            }
            if let Some((d, k, terminated)) = f.open_delimiter {
                n += 1;
                let d = DELIMITERS[d];
                let end = if terminated { d } else { "" };
                out.push_str(&format!(
                    "{} {d}\nCREATE TABLE e{n} (v INT);\nINSERT INTO e{n} VALUES (1), (2){end}",
                    KEYWORDS[k]
                ));
            }
            (format!("case_file_{}", i + 1), out)
        })
        .collect()
}

fn render_piece(piece: &Piece, n: usize, raw: &mut bool) -> String {
    match piece {
        Piece::Strings { picks } => {
            let set: &[&str] = if *raw { &RAW_LITERALS } else { &LITERALS };
            let rows: Vec<String> =
                picks.iter().enumerate().map(|(i, p)| format!("({i}, {})", set[p % set.len()])).collect();
            format!("CREATE TABLE s{n} (id INT PRIMARY KEY, v VARCHAR(200));\nINSERT INTO s{n} VALUES {};\n", rows.join(", "))
        }
        Piece::Routines { delimiter, keyword, end_style, trigger } => routines(n, *delimiter, *keyword, *end_style, *trigger),
        Piece::Locked { rows } => {
            let values: Vec<String> = (1..=*rows).map(|i| format!("({i}, {})", i * 10)).collect();
            format!(
                "CREATE TABLE l{n} (id INT PRIMARY KEY, v INT);\nLOCK TABLES l{n} WRITE;\n\
                 INSERT INTO l{n} VALUES {};\nUNLOCK TABLES;\n",
                values.join(",")
            )
        }
        Piece::Transaction { begin, rollback } => {
            let begin = ["START TRANSACTION", "BEGIN", "BEGIN WORK"][*begin];
            let end = if *rollback { "ROLLBACK" } else { "COMMIT" };
            format!(
                "CREATE TABLE x{n} (id INT PRIMARY KEY);\n{begin};\nINSERT INTO x{n} VALUES (1);\n\
                 INSERT INTO x{n} VALUES (2);\n{end};\n"
            )
        }
        Piece::Autocommit { restore } => {
            let restore = if *restore { "SET autocommit=1;\n" } else { "" };
            format!("CREATE TABLE a{n} (id INT PRIMARY KEY);\nSET autocommit=0;\nINSERT INTO a{n} VALUES (1),(2);\nCOMMIT;\n{restore}")
        }
        Piece::Comments { picks } => {
            let c = |i: usize| COMMENTS[picks[i % picks.len()]];
            let after = c(2).trim_end_matches(' ');
            let after = if after.ends_with('\n') { after.to_string() } else { format!("{after}\n") };
            format!(
                "{}CREATE TABLE c{n} (id INT /* inside ; */, v INT # odd place\n);\n{}\
                 INSERT INTO c{n} /* here */ VALUES (1, 2) /* before ; */; {after}",
                c(0),
                c(1)
            )
        }
        Piece::Conditional { version, literal, star } => {
            // `*/` inside a string inside the comment only when `star` is drawn.
            let version = ["50001", "40101", "99999"][*version];
            let lit = match LITERALS[*literal] {
                _ if *raw => "'plain'",
                l if l.contains("*/") && !*star => "'plain'",
                l => l,
            };
            let star = if *star { format!("/*!50001 INSERT INTO k{n} VALUES ('*/') */;\n") } else { String::new() };
            format!("CREATE TABLE k{n} (v VARCHAR(200));\n/*!{version} INSERT INTO k{n} VALUES ({lit}) */;\n{star}")
        }
        Piece::Versioned { applies } => {
            let version = if *applies { "100100" } else { "110400" };
            format!("CREATE TABLE y{n} (a INT); /*M!{version} ALTER TABLE y{n} ADD COLUMN z INT */;\n")
        }
        Piece::NoBackslash { reset, trailing } => {
            *raw = !*reset;
            let reset = if *reset { "SET sql_mode=DEFAULT;\n" } else { "" };
            let trailing = if *trailing { "('C:\\'), " } else { "" };
            format!(
                "SET sql_mode='NO_BACKSLASH_ESCAPES';\nCREATE TABLE b{n} (v VARCHAR(20));\n\
                 INSERT INTO b{n} VALUES {trailing}('a\\b');\n{reset}"
            )
        }
        Piece::UserVariable { value } => format!(
            "SET @u{n} := {value}, @carry = {n};\nCREATE TABLE u{n} (v INT);\nINSERT INTO u{n} VALUES (@u{n}), (@u{n} * 2);\nSELECT @u{n};\n"
        ),
        Piece::CarriedVariable => format!("CREATE TABLE w{n} (v INT);\nINSERT INTO w{n} VALUES (@carry);\n"),
        Piece::Prepared { value } => format!(
            "CREATE TABLE q{n} (v INT);\nSET @sql{n} = 'INSERT INTO q{n} VALUES (?)';\nPREPARE st{n} FROM @sql{n};\n\
             SET @a{n} = {value};\nEXECUTE st{n} USING @a{n};\nEXECUTE st{n} USING @a{n};\nDEALLOCATE PREPARE st{n};\n"
        ),
        Piece::SeveralInOneChunk { delimiter } => several_in_one_chunk(n, *delimiter),
        Piece::Temporary { drop } => {
            let drop = if *drop { format!("DROP TEMPORARY TABLE tmp{n};\n") } else { String::new() };
            format!(
                "CREATE TEMPORARY TABLE tmp{n} (v INT);\nINSERT INTO tmp{n} VALUES (1),(2),(3);\n\
                 CREATE TABLE m{n} AS SELECT v FROM tmp{n};\n{drop}"
            )
        }
    }
}

/// Two chunks under `//` or `$$`, each holding two statements separated by `;`.
fn several_in_one_chunk(n: usize, delimiter: usize) -> String {
    let d = DELIMITERS[delimiter];
    format!(
        "CREATE TABLE h{n} (v INT);\nDELIMITER {d}\nDROP PROCEDURE IF EXISTS ph{n};\n\
         CREATE PROCEDURE ph{n}() BEGIN INSERT INTO h{n} VALUES (1); END{d}\n\
         INSERT INTO h{n} VALUES (2); INSERT INTO h{n} VALUES (3){d}\nDELIMITER ;\nCALL ph{n}();\n"
    )
}

/// A table, then under a custom delimiter a procedure and a function (and maybe a trigger)
/// whose bodies end in one of the styles, then back to `;` and a call.
fn routines(n: usize, delimiter: usize, keyword: usize, end_style: usize, trigger: bool) -> String {
    let d = DELIMITERS[delimiter];
    let kw = KEYWORDS[keyword];
    let end = match end_style {
        0 => format!("END;\n{d}\n"),
        1 => format!("END{d}\n"),
        _ => format!("END {d}\n"),
    };
    let trigger = if trigger {
        format!("CREATE TRIGGER g{n} BEFORE INSERT ON r{n} FOR EACH ROW SET NEW.v = NEW.v + 10{d}\n")
    } else {
        String::new()
    };
    format!(
        "CREATE TABLE r{n} (v INT NOT NULL);\n{kw} {d}\nCREATE PROCEDURE p{n}()\nBEGIN\n  \
         INSERT INTO r{n} VALUES (1); # one row\n  UPDATE r{n} SET v = v + 1; -- bump\n{end}\
         CREATE FUNCTION f{n}(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  RETURN x + {n};\n{end}\
         {trigger}{kw} ;\nCALL p{n}();\nINSERT INTO r{n} VALUES (f{n}(1));\n"
    )
}
