use super::*;

fn texts(sql: &str) -> Vec<String> {
    split(sql).unwrap().iter().map(|s| s.text(sql).into_owned()).collect()
}

fn lines(sql: &str) -> Vec<u32> {
    split(sql).unwrap().iter().map(|s| s.line).collect()
}

fn error(sql: &str) -> SplitError {
    split(sql).unwrap_err()
}

#[test]
fn splits_on_semicolons_and_trims() {
    let sql = "  CREATE TABLE a (id INT);\n\nINSERT INTO a VALUES (1) ;  \n";
    assert_eq!(texts(sql), ["CREATE TABLE a (id INT)", "INSERT INTO a VALUES (1)"]);
    assert_eq!(lines(sql), [1, 3]);
}

#[test]
fn last_statement_without_terminator_is_kept() {
    assert_eq!(texts("SELECT 1;\nSELECT 2\n\n"), ["SELECT 1", "SELECT 2"]);
    assert_eq!(texts("SELECT 1"), ["SELECT 1"]);
}

#[test]
fn empty_statements_are_skipped() {
    assert_eq!(texts(";;SELECT 1;;; ;\n;SELECT 2;;"), ["SELECT 1", "SELECT 2"]);
    assert_eq!(texts(";;;"), Vec::<&str>::new());
    assert_eq!(texts(""), Vec::<&str>::new());
    assert_eq!(texts(" \r\n\t"), Vec::<&str>::new());
}

#[test]
fn comment_only_file_has_no_statement() {
    let sql = "-- header\n# hash\n/* block\n; */\n--\n-- \r\n;\n/* a */ ; -- b";
    assert_eq!(split(sql), Ok(vec![]));
}

#[test]
fn single_quotes_with_both_escapes() {
    let sql = "INSERT INTO t VALUES ('a;b', 'it''s;', 'it\\'s;', '\\\\');SELECT 2";
    assert_eq!(texts(sql), ["INSERT INTO t VALUES ('a;b', 'it''s;', 'it\\'s;', '\\\\')", "SELECT 2"]);
}

#[test]
fn double_quotes_with_both_escapes() {
    let sql = "SELECT \"a;b\", \"x\"\";\", \"y\\\";\";SELECT 2";
    assert_eq!(texts(sql), ["SELECT \"a;b\", \"x\"\";\", \"y\\\";\"", "SELECT 2"]);
}

#[test]
fn backticks_only_double_to_escape() {
    let sql = "SELECT `a;b`, `x``;y`, `c\\`;SELECT 2";
    assert_eq!(texts(sql), ["SELECT `a;b`, `x``;y`, `c\\`", "SELECT 2"]);
}

#[test]
fn quotes_of_one_kind_hide_the_others() {
    let sql = "SELECT '\"`;', \"'`;\", `'\";`;SELECT '-- #/*;'";
    assert_eq!(texts(sql), ["SELECT '\"`;', \"'`;\", `'\";`", "SELECT '-- #/*;'"]);
}

#[test]
fn comments_are_stripped_as_the_client_does() {
    let sql = "-- a;\n# b;\n/* c; */ SELECT 1 /* d; */ -- e;\n# f;\n + 1; /* g */ SELECT 2";
    assert_eq!(texts(sql), ["SELECT 1  \n\n + 1", "SELECT 2"]);
    assert_eq!(
        texts("SELECT/*x*/1;SELECT 3/*x*/ /*y*/+3;SELECT 1#c\n+1"),
        ["SELECT 1", "SELECT 3  +3", "SELECT 1\n+1"]
    );
    assert_eq!(texts("SELECT /*+ hint */ 1"), ["SELECT /*+ hint */ 1"]);
    assert_eq!(lines(sql), [3, 5]);
}

#[test]
fn double_dash_needs_a_space_or_control_to_be_a_comment() {
    assert_eq!(texts("SELECT 1--1;SELECT 2"), ["SELECT 1--1", "SELECT 2"]);
    assert_eq!(texts("SELECT 1 --\t;\n;SELECT 2"), ["SELECT 1", "SELECT 2"]);
    assert_eq!(texts("SELECT 1 --\u{1};\n;SELECT 2"), ["SELECT 1", "SELECT 2"]);
    assert_eq!(texts("SELECT 1 --"), ["SELECT 1"]);
    // Before a statement the client reads a line starting with `--` as a comment.
    assert!(texts("--1;SELECT 2").is_empty());
    assert_eq!(
        texts("CREATE TABLE a (id INT);\n--#note\nCREATE INDEX a_id ON a(id);"),
        ["CREATE TABLE a (id INT)", "CREATE INDEX a_id ON a(id)"]
    );
    assert_eq!(texts("SELECT 1\n--#x\n+ 1"), ["SELECT 1\n--\n+ 1"]);
}

#[test]
fn block_comment_needs_its_own_close() {
    assert_eq!(texts("/*/ ; */SELECT 1;"), ["SELECT 1"]);
    assert_eq!(texts("SELECT 1 /**/;"), ["SELECT 1"]);
}

#[test]
fn conditional_comments_are_code() {
    let sql = "/*!40101 SET NAMES utf8mb4 */;\n/*!50001 CREATE VIEW v AS SELECT ';' */;\n\
               /*M!100100 SET x = 1 */;\nSELECT /*!STRAIGHT_JOIN*/ 1";
    assert_eq!(
        texts(sql),
        [
            "/*!40101 SET NAMES utf8mb4 */",
            "/*!50001 CREATE VIEW v AS SELECT ';' */",
            "/*M!100100 SET x = 1 */",
            "SELECT /*!STRAIGHT_JOIN*/ 1",
        ]
    );
    assert_eq!(lines(sql), [1, 2, 3, 4]);
}

#[test]
fn crlf_line_endings() {
    let sql = "-- c\r\nSELECT 1;\r\n\r\nSELECT\r\n 2\r\n;\r\nSELECT 3\r\n";
    assert_eq!(texts(sql), ["SELECT 1", "SELECT\r\n 2", "SELECT 3"]);
    assert_eq!(lines(sql), [2, 4, 7]);
}

#[test]
fn delimiter_double_semicolon_around_trigger() {
    let sql = "DELIMITER ;;\n\
               CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN\n  \
               INSERT INTO b VALUES (1);\n  \
               UPDATE c SET n = n + 1;\n\
               END;;\n\
               DELIMITER ;\n\
               SELECT 1;";
    let got = texts(sql);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("CREATE TRIGGER t") && got[0].ends_with("n + 1;\nEND"));
    assert_eq!(got[1], "SELECT 1");
    assert_eq!(lines(sql), [2, 7]);
}

#[test]
fn delimiter_dollars_around_function_and_event() {
    let sql = "delimiter $$\n\
               CREATE FUNCTION f() RETURNS INT DETERMINISTIC\nBEGIN\n  \
               DECLARE x INT DEFAULT 1; -- ; and $ in a comment\n  \
               RETURN x;\nEND $$\n\
               CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN\n  \
               DELETE FROM log WHERE '$$' = 1;\nEND$$\n\
               Delimiter ;\n";
    let got = texts(sql);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("CREATE FUNCTION") && got[0].ends_with("RETURN x;\nEND"));
    assert!(got[1].starts_with("CREATE EVENT") && got[1].ends_with("= 1;\nEND"));
    assert_eq!(lines(sql), [2, 7]);
}

#[test]
fn delimiter_slashes_around_procedure() {
    let sql = "DELIMITER //\r\nCREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 1;\r\n  \
               SELECT 2;\r\nEND //\r\nDELIMITER ; -- back to normal\r\nCALL p();\r\n";
    assert_eq!(texts(sql), ["CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 1;\r\n  SELECT 2;\r\nEND", "CALL p()"]);
    assert_eq!(lines(sql), [2, 8]);
}

#[test]
fn delimiter_only_counts_at_the_start_of_a_statement() {
    let sql = "SELECT 1\nDELIMITER ;\nSELECT delimiter FROM t";
    assert_eq!(texts(sql), ["SELECT 1\nDELIMITER", "SELECT delimiter FROM t"]);
    assert_eq!(texts("DELIMITERS;"), ["DELIMITERS"]);
    assert_eq!(texts("/* x */ DELIMITER $$\nSELECT 1$$\nDELIMITER ;"), ["SELECT 1"]);
    assert_eq!(texts("DELIMITER ; # same\nSELECT 1;"), ["SELECT 1"]);
}

#[test]
fn empty_statements_with_a_custom_delimiter() {
    assert_eq!(texts("DELIMITER $$\n$$ $$SELECT 1$$$$\nDELIMITER ;"), ["SELECT 1"]);
    assert_eq!(texts("DELIMITER $$\nSELECT 1;$$\nDELIMITER ;"), ["SELECT 1"]);
}

#[test]
fn unterminated_quotes_name_their_line() {
    assert_eq!(error("SELECT 1;\nSELECT 'abc;\n\n"), SplitError::UnterminatedQuote { line: 2, quote: '\'' });
    assert_eq!(error("\n\nSELECT \"a\\\""), SplitError::UnterminatedQuote { line: 3, quote: '"' });
    assert_eq!(error("SELECT\n`a;\nb"), SplitError::UnterminatedQuote { line: 2, quote: '`' });
    assert_eq!(error("SELECT 'a\\"), SplitError::UnterminatedQuote { line: 1, quote: '\'' });
}

#[test]
fn unterminated_comments_name_their_line() {
    assert_eq!(
        error("SELECT 1;\n\n/* never\n closed"),
        SplitError::UnterminatedComment { line: 3, conditional: false }
    );
    assert_eq!(error("SELECT 1 /*!50001 x"), SplitError::UnterminatedComment { line: 1, conditional: true });
    assert_eq!(error("SELECT 1;\r\n/*/"), SplitError::UnterminatedComment { line: 2, conditional: false });
}

#[test]
fn delimiter_errors_name_their_line() {
    assert_eq!(error("SELECT 1;\nDELIMITER\nSELECT 2"), SplitError::DelimiterMissing { line: 2 });
    assert_eq!(error("DELIMITER    \r\n"), SplitError::DelimiterMissing { line: 1 });
    assert_eq!(error("\nDELIMITER a\\b"), SplitError::DelimiterInvalid { line: 2, delimiter: "a\\b".into() });
}

#[test]
fn delimiter_arguments_as_the_client_reads_them() {
    // Still active at the end of the file: the last statement simply ends there.
    assert_eq!(
        texts("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\n"),
        ["CREATE PROCEDURE p() BEGIN SELECT 1; END"]
    );
    assert_eq!(texts("DELIMITER ;;\nSELECT 1;;\nSELECT 2"), ["SELECT 1", "SELECT 2"]);
    // Quoted, and the rest of the line ignored.
    assert_eq!(texts("DELIMITER '$'\nSELECT 1$"), ["SELECT 1"]);
    assert_eq!(texts("DELIMITER $$ SELECT 1$$\nSELECT 2$$"), ["SELECT 2"]);
    assert_eq!(texts("\\d //\nSELECT 1//"), ["SELECT 1"]);
}

#[test]
fn the_server_cuts_again_outside_compound_bodies() {
    let body = "DELIMITER //\nCREATE PROCEDURE bump()\nBEGIN\n  UPDATE counters SET n = n + 1;\nEND;\n//\nDELIMITER ;\nCALL bump();";
    assert_eq!(texts(body), ["CREATE PROCEDURE bump()\nBEGIN\n  UPDATE counters SET n = n + 1;\nEND", "CALL bump()"]);
    assert_eq!(
        texts("DELIMITER //\nINSERT INTO t VALUES (1); INSERT INTO t VALUES (2);//"),
        ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"]
    );
    assert_eq!(
        texts("DELIMITER //\nCREATE PROCEDURE p() SELECT 1; SELECT 2//"),
        ["CREATE PROCEDURE p() SELECT 1", "SELECT 2"]
    );
    let nested = "DELIMITER $$\nCREATE FUNCTION f(x INT) RETURNS INT BEGIN\n IF x > 0 THEN RETURN CASE WHEN x > 1 THEN 2 ELSE 1 END; END IF;\n \
                  lbl: LOOP LEAVE lbl; END LOOP lbl;\n WHILE x > 0 DO SET x = x - 1; END WHILE;\n \
                  REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;\n RETURN IF(x > 0, REPEAT('a', 1), 0);\nEND;$$";
    assert_eq!(texts(nested).len(), 1, "{:?}", texts(nested));
    let trigger = "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n SET NEW.x = 1; SET NEW.y = 2;\nEND */;;\nDELIMITER ;";
    assert_eq!(texts(trigger).len(), 1);
    assert_eq!(
        texts("DELIMITER //\nBEGIN NOT ATOMIC SELECT 1; SELECT 2; END; SELECT 3//"),
        ["BEGIN NOT ATOMIC SELECT 1; SELECT 2; END", "SELECT 3"]
    );
    assert_eq!(
        texts("DELIMITER //\nBEGIN; INSERT INTO t VALUES (1); COMMIT//"),
        ["BEGIN", "INSERT INTO t VALUES (1)", "COMMIT"]
    );
    assert_eq!(lines("DELIMITER //\nSELECT 1;\nSELECT 2//"), [2, 3]);
}

#[test]
fn conditional_comments_hold_strings_with_the_closer() {
    assert_eq!(texts("/*!50001 SELECT '*/' */; SELECT 2;"), ["/*!50001 SELECT '*/' */", "SELECT 2"]);
    assert_eq!(
        texts("CREATE TABLE y (a INT); /*M!110400 ALTER TABLE y ADD COLUMN z INT */;"),
        ["CREATE TABLE y (a INT)", "/*M!110400 ALTER TABLE y ADD COLUMN z INT */"]
    );
}

#[test]
fn byte_order_mark_and_no_backslash_escapes() {
    assert_eq!(texts("\u{feff}CREATE TABLE t (a INT);"), ["CREATE TABLE t (a INT)"]);
    let sql = "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nINSERT INTO t VALUES ('a\\');\nSET sql_mode = '';\nINSERT INTO t VALUES ('b\\';');";
    assert_eq!(texts(sql)[1], "INSERT INTO t VALUES ('a\\')");
    assert_eq!(texts(sql)[3], "INSERT INTO t VALUES ('b\\';')");
    assert!(split(sql).unwrap()[1].nbe && !split(sql).unwrap()[3].nbe);
}

#[test]
fn client_commands_are_refused_with_the_fix() {
    assert_eq!(error("SELECT 1\\G"), SplitError::ClientCommand { line: 1, command: "\\G".into() });
    assert_eq!(error("SELECT 1;\nsource other.sql;"), SplitError::ClientCommand { line: 2, command: "source".into() });
    assert_eq!(error("\\. other.sql"), SplitError::ClientCommand { line: 1, command: "\\.".into() });
    assert_eq!(error("connect db2 host;").line(), 1);
    let message = error("SELECT 1;\nSOURCE x.sql").to_string();
    assert!(message.ends_with("put that file's statements in a migration of their own"), "{message}");
    // SQL that starts with the same words is not a command; \N is NULL.
    assert_eq!(texts("SELECT \\N; STATUS_X"), ["SELECT \\N", "STATUS_X"]);
}

#[test]
fn error_messages_say_what_to_do() {
    let quote = error("SELECT 'a").to_string();
    assert_eq!(
        quote,
        "line 1: string opened here with ' is never closed; add the closing ', \
         or escape a quote inside it as \\' or ''"
    );
    for sql in ["`a", "/* a", "/*! a", "DELIMITER", "DELIMITER \\"] {
        let message = error(sql).to_string();
        assert!(message.starts_with("line 1: ") && message.contains(';'), "{message}");
    }
}

#[test]
fn unicode_text_keeps_char_boundaries() {
    let sql = "INSERT INTO t VALUES ('héllo; wörld', `naïve`);\n-- ünïcode\nSELECT '日本語'€";
    assert_eq!(texts(sql), ["INSERT INTO t VALUES ('héllo; wörld', `naïve`)", "SELECT '日本語'€"]);
    assert_eq!(texts("DELIMITER €€\nSELECT 1€€\nDELIMITER ;"), ["SELECT 1"]);
}

#[test]
fn leading_keyword_skips_comments_and_markers() {
    assert_eq!(leading_keyword("create table t (id int)"), "CREATE");
    assert_eq!(leading_keyword("  -- c\n/* d */ Alter TABLE t"), "ALTER");
    assert_eq!(leading_keyword("/*!40101 SET NAMES utf8mb4 */"), "SET");
    assert_eq!(leading_keyword("/*!50003 CREATE*/ /*!50017 DEFINER=x*/ TRIGGER"), "CREATE");
    assert_eq!(leading_keyword("/*M!100100 insert INTO t VALUES (1) */"), "INSERT");
    assert_eq!(leading_keyword("/*!*/ drop_x"), "DROP_X");
    assert_eq!(leading_keyword("(SELECT 1)"), "");
    assert_eq!(leading_keyword(""), "");
    assert_eq!(leading_keyword("/* open"), "");
}

/// The Sakila schema (`tests/corpus/sakila/1-sakila-schema.sql`): every statement
/// starts on a line that begins, at column 0, with CREATE, SET, DROP, USE or `/*!`, and
/// every such line starts a statement.
#[test]
fn sakila_corpus_splits_into_its_statements() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/sakila/1-sakila-schema.sql");
    let sql = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let statements = split(&sql).unwrap();
    let starts = ["CREATE ", "SET ", "DROP ", "USE ", "/*!"];
    let grep: Vec<(u32, &str)> =
        (1..).zip(sql.lines()).filter(|(_, l)| starts.iter().any(|s| l.starts_with(s))).collect();
    let got: Vec<(u32, &str)> =
        statements.iter().map(|s| (s.line, s.span(&sql).lines().next().unwrap_or(""))).collect();
    let grep_firsts: Vec<(u32, &str)> = grep.iter().map(|&(n, l)| (n, l.trim_end().trim_end_matches(';'))).collect();
    assert_eq!(got, grep_firsts);
    let owned: Vec<String> = statements.iter().map(|s| s.text(&sql).into_owned()).collect();
    let creates: Vec<&str> = owned.iter().map(String::as_str).filter(|t| t.starts_with("CREATE")).collect();
    let of_kind = |kind: &str| -> Vec<&str> {
        let head = |t: &&str| t.split_whitespace().take(6).any(|w| w == kind);
        creates.iter().copied().filter(head).collect()
    };
    let kinds = ["TABLE", "TRIGGER", "PROCEDURE", "FUNCTION", "VIEW"];
    let counts: Vec<usize> = kinds.iter().map(|k| of_kind(k).len()).collect();
    eprintln!("sakila: {} statements; table/trigger/proc/func/view {counts:?}", got.len());
    assert_eq!((statements.len(), counts), (46, vec![16, 3, 3, 3, 7]));
    for routine in ["TRIGGER", "PROCEDURE", "FUNCTION"].iter().flat_map(|k| of_kind(k)) {
        assert!(routine.ends_with("END"), "{routine}");
    }
    assert!(statements.iter().all(|s| !s.text(&sql).contains("DELIMITER")));
}

#[test]
fn a_nul_byte_outside_strings_is_named_with_its_line() {
    assert_eq!(error("SELECT 1;\nSELECT\u{0} 2;"), SplitError::NulByte { line: 2 });
    assert!(error("SELECT \u{0}").to_string().ends_with("save it as UTF-8"));
    assert_eq!(texts("SELECT '\u{0}'"), ["SELECT '\u{0}'"]);
}
