use super::*;
use TableEffect::{Create, Drop, Rename};

fn effects(stmt: &str) -> Vec<TableEffect> {
    classify(stmt).effects
}

fn create(n: &str) -> TableEffect {
    Create(n.to_string())
}

fn drop(n: &str) -> TableEffect {
    Drop(n.to_string())
}

fn rename(from: &str, to: &str) -> TableEffect {
    Rename { from: from.to_string(), to: to.to_string() }
}

fn kind_and_keyword(stmt: &str) -> (Kind, String) {
    let c = classify(stmt);
    (c.kind, c.keyword)
}

// ---- effects ----

#[test]
fn create_table_names() {
    assert_eq!(effects("CREATE TABLE users (id INT)"), vec![create("users")]);
    assert_eq!(effects("CREATE TABLE `my``tbl` (id INT)"), vec![create("my`tbl")]);
    assert_eq!(effects("CREATE TABLE shop.orders (id INT)"), vec![create("orders")]);
    assert_eq!(effects("CREATE TABLE `shop`.`Order Items` (id INT)"), vec![create("Order Items")]);
    assert_eq!(effects("CREATE TABLE shop . `x.y`(id INT)"), vec![create("x.y")]);
    assert_eq!(effects("CREATE TABLE Users(id INT)"), vec![create("Users")]);
    assert_eq!(effects("CREATE TABLE café (id INT)"), vec![create("café")]);
}

#[test]
fn create_table_variants() {
    assert_eq!(effects("CREATE TABLE IF NOT EXISTS t (id INT)"), vec![create("t")]);
    assert_eq!(effects("CREATE TABLE t2 LIKE t1"), vec![create("t2")]);
    assert_eq!(effects("CREATE TABLE t2 (LIKE t1)"), vec![create("t2")]);
    assert_eq!(effects("CREATE TABLE t2 AS SELECT * FROM t1"), vec![create("t2")]);
    assert_eq!(effects("CREATE OR REPLACE TABLE t (id INT)"), vec![create("t")]);
    assert_eq!(effects("create table if not exists t (id int)"), vec![create("t")]);
}

#[test]
fn temporary_tables_have_no_effects() {
    assert_eq!(effects("CREATE TEMPORARY TABLE tmp (id INT)"), vec![]);
    assert_eq!(effects("CREATE OR REPLACE TEMPORARY TABLE IF NOT EXISTS tmp (id INT)"), vec![]);
    assert_eq!(effects("DROP TEMPORARY TABLE IF EXISTS tmp"), vec![]);
    assert_eq!(classify("CREATE TEMPORARY TABLE tmp (id INT)").keyword, "CREATE TABLE");
}

#[test]
fn drop_table_lists() {
    assert_eq!(effects("DROP TABLE t"), vec![drop("t")]);
    assert_eq!(effects("DROP TABLE IF EXISTS a, `b`, db.c CASCADE"), vec![drop("a"), drop("b"), drop("c")]);
    assert_eq!(effects("drop table a,b restrict"), vec![drop("a"), drop("b")]);
    assert_eq!(effects("DROP TABLE IF EXISTS a WAIT 5"), vec![drop("a")]);
}

#[test]
fn rename_table_pairs() {
    assert_eq!(effects("RENAME TABLE a TO b"), vec![rename("a", "b")]);
    assert_eq!(effects("RENAME TABLE a TO b, db.c TO `d`"), vec![rename("a", "b"), rename("c", "d")]);
    assert_eq!(effects("RENAME TABLE IF EXISTS a NOWAIT TO b"), vec![rename("a", "b")]);
    assert_eq!(effects("rename table a to b"), vec![rename("a", "b")]);
    assert_eq!(classify("RENAME USER a TO b").kind, Kind::Other);
    assert_eq!(effects("RENAME USER a TO b"), vec![]);
}

#[test]
fn alter_table_rename() {
    assert_eq!(effects("ALTER TABLE a RENAME TO b"), vec![rename("a", "b")]);
    assert_eq!(effects("ALTER TABLE a RENAME AS b"), vec![rename("a", "b")]);
    assert_eq!(effects("ALTER TABLE a RENAME b"), vec![rename("a", "b")]);
    assert_eq!(effects("ALTER TABLE db.a RENAME TO db.`b`"), vec![rename("a", "b")]);
    assert_eq!(
        effects("ALTER TABLE a ADD COLUMN x DECIMAL(10, 2) DEFAULT 0, RENAME TO b, ALGORITHM=COPY"),
        vec![rename("a", "b")]
    );
    assert_eq!(effects("ALTER ONLINE IGNORE TABLE IF EXISTS a WAIT 3 RENAME TO b"), vec![rename("a", "b")]);
}

#[test]
fn alter_table_other_renames_are_not_table_renames() {
    assert_eq!(effects("ALTER TABLE a RENAME COLUMN x TO y"), vec![]);
    assert_eq!(effects("ALTER TABLE a RENAME INDEX i TO j, RENAME KEY k TO l"), vec![]);
    assert_eq!(effects("ALTER TABLE a COMMENT 'x, RENAME TO b'"), vec![]);
    assert_eq!(effects("ALTER TABLE a ADD COLUMN x INT, DROP COLUMN y"), vec![]);
}

#[test]
fn leading_comments_and_whitespace_are_skipped() {
    assert_eq!(effects("-- a note\n# another\n/* block */ CREATE TABLE t (id INT)"), vec![create("t")]);
    assert_eq!(effects("\r\n  CREATE\r\nTABLE\r\n`t`\r\n(id INT)"), vec![create("t")]);
    assert_eq!(effects("CREATE /*+ hint */ TABLE /* c */ t (id INT)"), vec![create("t")]);
    assert_eq!(effects("--\nCREATE TABLE t (id INT)"), vec![create("t")]);
    assert_eq!(effects("--\r\nDROP TABLE t"), vec![drop("t")]);
}

#[test]
fn conditional_comments_are_code() {
    assert_eq!(effects("/*!50001 CREATE TABLE x (id INT) */"), vec![create("x")]);
    assert_eq!(effects("/*!50001 DROP TABLE IF EXISTS `v`*/"), vec![drop("v")]);
    assert_eq!(effects("/*M!100100 CREATE TABLE x (id INT) */"), vec![create("x")]);
    assert_eq!(effects("CREATE TABLE /*!32312 IF NOT EXISTS*/ t (id INT)"), vec![create("t")]);
    assert_eq!(effects("/*! CREATE TABLE x (id INT) */"), vec![create("x")]);
}

#[test]
fn routine_bodies_have_no_effects() {
    let proc = "CREATE PROCEDURE p() BEGIN CREATE TABLE t (id INT); DROP TABLE u; END";
    assert_eq!(effects(proc), vec![]);
    assert_eq!(classify(proc).keyword, "CREATE PROCEDURE");
    let trig = "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW \
                BEGIN DROP TABLE x; END";
    assert_eq!(effects(trig), vec![]);
    assert_eq!(classify(trig).keyword, "CREATE TRIGGER");
    let event = "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO RENAME TABLE a TO b";
    assert_eq!(effects(event), vec![]);
    let view = "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` \
                SQL SECURITY DEFINER */ /*!50001 VIEW `v` AS select 1 AS `a` */";
    assert_eq!(kind_and_keyword(view), (Kind::Ddl, "CREATE VIEW".to_string()));
    let func = "/*!50003 CREATE*/ /*!50020 DEFINER='u'@'%'*/ /*!50003 FUNCTION f() RETURNS INT RETURN 1 */";
    assert_eq!(classify(func).keyword, "CREATE FUNCTION");
}

#[test]
fn other_statements_have_no_effects() {
    assert_eq!(effects("INSERT INTO t VALUES ('CREATE TABLE x')"), vec![]);
    assert_eq!(effects("CREATE INDEX i ON t (a)"), vec![]);
    assert_eq!(effects("CREATE VIEW v AS SELECT 1"), vec![]);
    assert_eq!(effects("TRUNCATE TABLE t"), vec![]);
    assert_eq!(effects(""), vec![]);
    assert_eq!(effects("-- only a comment"), vec![]);
    assert_eq!(effects("CREATE TABLE"), vec![]);
    assert_eq!(effects("CREATE TABLE `unterminated"), vec![create("unterminated")]);
}

// ---- kinds and keywords ----

#[test]
fn ddl_keywords() {
    let cases = [
        ("CREATE TABLE t (a INT)", "CREATE TABLE"),
        ("create unique index i on t (a)", "CREATE INDEX"),
        ("CREATE FULLTEXT INDEX i ON t (a)", "CREATE INDEX"),
        (
            "CREATE OR REPLACE ALGORITHM=MERGE DEFINER=CURRENT_USER() SQL SECURITY INVOKER VIEW v AS SELECT 1",
            "CREATE VIEW",
        ),
        ("CREATE DEFINER = root@localhost PROCEDURE p() SELECT 1", "CREATE PROCEDURE"),
        ("CREATE AGGREGATE FUNCTION f() RETURNS INT RETURN 1", "CREATE FUNCTION"),
        ("CREATE DATABASE IF NOT EXISTS d", "CREATE DATABASE"),
        ("CREATE SCHEMA d", "CREATE SCHEMA"),
        ("ALTER TABLE t ADD COLUMN a INT", "ALTER TABLE"),
        ("ALTER DEFINER=`a`@`b` VIEW v AS SELECT 2", "ALTER VIEW"),
        ("DROP INDEX i ON t", "DROP INDEX"),
        ("DROP TEMPORARY TABLE t", "DROP TABLE"),
        ("DROP EVENT IF EXISTS e", "DROP EVENT"),
        ("RENAME TABLE a TO b", "RENAME TABLE"),
        ("TRUNCATE t", "TRUNCATE TABLE"),
        ("CREATE SEQUENCE s", "CREATE SEQUENCE"),
    ];
    for (stmt, keyword) in cases {
        assert_eq!(kind_and_keyword(stmt), (Kind::Ddl, keyword.to_string()), "{stmt}");
    }
}

#[test]
fn other_kinds() {
    let cases = [
        ("INSERT INTO t VALUES (1)", Kind::Data, "INSERT"),
        ("insert ignore into t values (1)", Kind::Data, "INSERT"),
        ("UPDATE t SET a = 1", Kind::Data, "UPDATE"),
        ("DELETE FROM t", Kind::Data, "DELETE"),
        ("REPLACE INTO t VALUES (1)", Kind::Data, "REPLACE"),
        ("LOAD DATA INFILE 'x' INTO TABLE t", Kind::Data, "LOAD DATA"),
        ("LOAD INDEX INTO CACHE t", Kind::Other, "LOAD"),
        ("SET NAMES utf8mb4", Kind::Session, "SET"),
        ("SET @x = 1", Kind::Session, "SET"),
        ("SET SESSION sql_mode = ''", Kind::Session, "SET"),
        ("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */", Kind::Session, "SET"),
        ("USE other", Kind::Session, "USE"),
        ("SELECT 1", Kind::Query, "SELECT"),
        ("(SELECT 1) UNION (SELECT 2)", Kind::Query, "SELECT"),
        ("SHOW TABLES", Kind::Query, "SHOW"),
        ("CALL p()", Kind::Query, "CALL"),
        ("DESCRIBE t", Kind::Query, "DESCRIBE"),
        ("EXPLAIN SELECT 1", Kind::Query, "EXPLAIN"),
        ("VALUES ROW(1)", Kind::Query, "VALUES"),
        ("DO SLEEP(1)", Kind::Query, "DO"),
        ("WITH x AS (SELECT 1) SELECT * FROM x", Kind::Query, "SELECT"),
        ("WITH RECURSIVE x (n) AS (SELECT 1 UNION SELECT n + 1 FROM x) DELETE FROM t", Kind::Data, "DELETE"),
        ("GRANT SELECT ON *.* TO u", Kind::Other, "GRANT"),
        ("LOCK TABLES t WRITE", Kind::Other, "LOCK"),
        ("START TRANSACTION", Kind::Other, "START"),
        ("COMMIT", Kind::Other, "COMMIT"),
        ("CREATE USER u IDENTIFIED BY 'p'", Kind::Other, "CREATE USER"),
        ("DROP USER u", Kind::Other, "DROP USER"),
        ("", Kind::Other, ""),
        ("/* nothing */", Kind::Other, ""),
    ];
    for (stmt, kind, keyword) in cases {
        assert_eq!(kind_and_keyword(stmt), (kind, keyword.to_string()), "{stmt}");
    }
}

// ---- refusals ----

#[test]
fn use_is_refused() {
    assert_eq!(refusal("USE other_db"), Some(Refusal::UseDatabase("other_db".into())));
    assert_eq!(refusal("use `my db`"), Some(Refusal::UseDatabase("my db".into())));
    assert_eq!(refusal("-- switch\r\n/*!40000 USE app */"), Some(Refusal::UseDatabase("app".into())));
    let message = refusal("USE other_db").unwrap().to_string();
    assert!(message.contains("`USE other_db`") && message.contains("remove it"), "{message}");
}

#[test]
fn drop_database_is_refused() {
    assert_eq!(refusal("DROP DATABASE app"), Some(Refusal::DropDatabase("app".into())));
    assert_eq!(refusal("drop schema if exists `app`"), Some(Refusal::DropDatabase("app".into())));
    assert_eq!(refusal("/*!40000 DROP DATABASE IF EXISTS app*/"), Some(Refusal::DropDatabase("app".into())));
    let message = refusal("DROP SCHEMA app").unwrap().to_string();
    assert!(
        message.contains("`app`") && message.contains("remove the DROP") && message.contains("migrate reset"),
        "{message}"
    );
}

#[test]
fn other_statements_are_not_refused() {
    for stmt in [
        "CREATE DATABASE app",
        "CREATE SCHEMA IF NOT EXISTS app",
        "DROP TABLE app",
        "SELECT * FROM `use`",
        "INSERT INTO t VALUES ('USE x')",
        "-- USE x\nSELECT 1",
        "ALTER DATABASE app CHARACTER SET utf8mb4",
    ] {
        assert_eq!(refusal(stmt), None, "{stmt}");
    }
}

// ---- already_done ----

#[test]
fn excused_creates() {
    assert_eq!(already_done("CREATE TABLE t (id INT)", 1050), Some("table already exists"));
    assert_eq!(already_done("/*!50001 CREATE VIEW v AS SELECT 1 */", 1050), Some("view already exists"));
    assert_eq!(already_done("CREATE DATABASE d", 1007), Some("database already exists"));
    assert_eq!(already_done("CREATE SCHEMA d", 1007), Some("database already exists"));
    assert_eq!(already_done("CREATE UNIQUE INDEX i ON t (a)", 1061), Some("index already exists"));
    assert_eq!(already_done("CREATE PROCEDURE p() SELECT 1", 1304), Some("routine already exists"));
    assert_eq!(already_done("CREATE FUNCTION f() RETURNS INT RETURN 1", 1304), Some("routine already exists"));
    assert_eq!(
        already_done("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1", 1359),
        Some("trigger already exists")
    );
    assert_eq!(already_done("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1", 1537), Some("event already exists"));
}

#[test]
fn excused_drops() {
    assert_eq!(already_done("DROP TABLE t", 1051), Some("table already dropped"));
    assert_eq!(already_done("DROP VIEW v", 1051), Some("view already dropped"));
    assert_eq!(already_done("DROP INDEX i ON t", 1091), Some("index already dropped"));
    assert_eq!(already_done("DROP PROCEDURE p", 1305), Some("routine already dropped"));
    assert_eq!(already_done("DROP FUNCTION f", 1305), Some("routine already dropped"));
    assert_eq!(already_done("DROP TRIGGER tr", 1360), Some("trigger already dropped"));
    assert_eq!(already_done("DROP EVENT e", 1539), Some("event already dropped"));
}

#[test]
fn excused_alter_adds() {
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT", 1060), Some("column already exists"));
    assert_eq!(already_done("alter table t add a int after b", 1060), Some("column already exists"));
    assert_eq!(already_done("ALTER TABLE t ADD INDEX i (a)", 1061), Some("index already exists"));
    assert_eq!(already_done("ALTER TABLE t ADD UNIQUE KEY i (a)", 1061), Some("index already exists"));
    assert_eq!(already_done("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)", 1061), Some("index already exists"));
    assert_eq!(
        already_done("ALTER TABLE t ADD CONSTRAINT `fk` FOREIGN KEY (a) REFERENCES p (id)", 1826),
        Some("constraint already exists")
    );
    assert_eq!(
        already_done("ALTER TABLE t ADD FOREIGN KEY fk (a) REFERENCES p (id)", 1826),
        Some("constraint already exists")
    );
    assert_eq!(already_done("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", 1826), Some("constraint already exists"));
    assert_eq!(
        already_done("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", 3822),
        Some("check constraint already exists")
    );
    assert_eq!(
        already_done("ALTER TABLE t ADD COLUMN a INT, ALGORITHM=INPLACE, LOCK=NONE", 1060),
        Some("column already exists")
    );
}

#[test]
fn excused_alter_drops() {
    assert_eq!(already_done("ALTER TABLE t DROP COLUMN a", 1091), Some("column already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP a", 1091), Some("column already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP INDEX i", 1091), Some("index already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP KEY i", 1091), Some("index already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP PRIMARY KEY", 1091), Some("primary key already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP FOREIGN KEY fk", 1091), Some("foreign key already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP CONSTRAINT c", 1091), Some("constraint already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP CHECK c", 3821), Some("constraint already dropped"));
    assert_eq!(already_done("ALTER TABLE t DROP CONSTRAINT c", 3940), Some("constraint already dropped"));
}

#[test]
fn never_excused_by_kind() {
    assert_eq!(already_done("INSERT INTO t VALUES (1)", 1062), None);
    assert_eq!(already_done("INSERT INTO t VALUES (1)", 1050), None);
    assert_eq!(already_done("SELECT * FROM t", 1146), None);
    assert_eq!(already_done("SET @a = 1", 1060), None);
    assert_eq!(already_done("CREATE USER u", 1050), None);
    assert_eq!(already_done("GRANT ALL ON t TO u", 1061), None);
}

#[test]
fn never_excused_by_code() {
    assert_eq!(already_done("CREATE TABLE t (id INT)", 1060), None);
    assert_eq!(already_done("CREATE TABLE t (id INT)", 1146), None);
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT", 1054), None);
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT", 1146), None);
    assert_eq!(already_done("ALTER TABLE t DROP COLUMN a", 1054), None);
    assert_eq!(already_done("DROP TABLE t", 1146), None);
    assert_eq!(already_done("CREATE INDEX i ON t (a)", 1054), None);
    assert_eq!(already_done("CREATE DATABASE d", 1050), None);
    assert_eq!(already_done("DROP PROCEDURE p", 1304), None);
}

#[test]
fn never_excused_conflicts() {
    assert_eq!(already_done("RENAME TABLE a TO b", 1050), None);
    assert_eq!(already_done("ALTER TABLE a RENAME TO b", 1050), None);
    assert_eq!(already_done("ALTER TABLE t CHANGE a b INT", 1060), None);
    assert_eq!(already_done("ALTER TABLE t RENAME INDEX i TO j", 1061), None);
    assert_eq!(already_done("ALTER TABLE t ADD PRIMARY KEY (a)", 1061), None);
    assert_eq!(already_done("ALTER TABLE t ADD INDEX i (a)", 1060), None);
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT", 1061), None);
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT", 1826), None);
    assert_eq!(already_done("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (id)", 3822), None);
    assert_eq!(already_done("ALTER TABLE t DROP COLUMN a", 3940), None);
    assert_eq!(already_done("ALTER TABLE t DROP PARTITION p0", 1091), None);
    assert_eq!(already_done("CREATE TABLE t (id INT, CONSTRAINT fk FOREIGN KEY (id) REFERENCES p (id))", 1826), None);
}

#[test]
fn multi_part_statements_are_not_excused() {
    assert_eq!(already_done("ALTER TABLE t ADD COLUMN a INT, ADD COLUMN b INT", 1060), None);
    assert_eq!(already_done("ALTER TABLE t DROP COLUMN a, DROP COLUMN b", 1091), None);
    assert_eq!(already_done("ALTER TABLE t ADD INDEX i (a, b), ADD COLUMN c INT", 1061), None);
    assert_eq!(already_done("DROP TABLE a, b", 1051), None);
    assert_eq!(already_done("ALTER TABLE t ADD INDEX i (a, b)", 1061), Some("index already exists"));
}

// ---- lexer ----

#[test]
fn lexer_reads_quotes_and_comments() {
    let toks: Vec<Tok> = Lexer::new("a 'it''s \\' -- x' \"q\" `b``c` -- end\n# h\n/* c */ d.e(").collect();
    let word = |s: &str| Tok::Word(s.to_string());
    assert_eq!(
        toks,
        vec![
            word("a"),
            Tok::Str,
            Tok::Str,
            Tok::Ident("b`c".into()),
            word("d"),
            Tok::Punct('.'),
            word("e"),
            Tok::Punct('(')
        ]
    );
}

#[test]
fn lexer_survives_unterminated_input() {
    for src in ["'open", "`open", "/* open", "/*!50001 open", "a \\", "é'\\é"] {
        let _ = Lexer::new(src).count();
        let _ = classify(src);
        let _ = refusal(src);
        let _ = already_done(src, 1050);
    }
}

// ---- rerun_absorbed ----

#[test]
fn reruns_of_named_creations_are_absorbed() {
    for stmt in [
        "CREATE TABLE t (id INT PRIMARY KEY, KEY (id))",
        "CREATE TABLE IF NOT EXISTS t (id INT)",
        "create table t2 like t1",
        "CREATE UNIQUE INDEX i ON t (a)",
        "CREATE VIEW v AS SELECT 1",
        "CREATE DEFINER = CURRENT_USER PROCEDURE p() SELECT 1",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t",
        "ALTER TABLE t ADD COLUMN c INT NULL AFTER b",
        "ALTER TABLE t ADD c INT",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT",
        "ALTER TABLE t ADD INDEX idx_c (c)",
        "ALTER TABLE t ADD UNIQUE KEY `uq_c` (c), ALGORITHM=INPLACE",
        "ALTER TABLE t ADD FULLTEXT INDEX ft (body)",
        "ALTER TABLE t ADD INDEX IF NOT EXISTS idx_c (c)",
        "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (c)",
        "ALTER TABLE t ADD CONSTRAINT fk_t_u FOREIGN KEY (u) REFERENCES u (id) ON DELETE CASCADE",
        "ALTER TABLE t ADD CONSTRAINT chk CHECK (c > 0)",
    ] {
        assert!(rerun_absorbed(stmt), "{stmt}");
    }
}

#[test]
fn reruns_that_change_something_are_not_absorbed() {
    for stmt in [
        // replaces, copies data, or is not a creation
        "CREATE OR REPLACE TABLE t (id INT)",
        "CREATE TEMPORARY TABLE t (id INT)",
        "CREATE TABLE t AS SELECT * FROM u",
        "CREATE TABLE t (id INT) SELECT id FROM u",
        "CREATE OR REPLACE VIEW v AS SELECT 1",
        "CREATE FUNCTION f RETURNS STRING SONAME 'x.so'",
        "DROP TABLE t",
        "DROP INDEX i ON t",
        "RENAME TABLE a TO b",
        "TRUNCATE TABLE t",
        "ALTER TABLE t MODIFY status ENUM('a','b','c') NOT NULL",
        "ALTER TABLE t DROP COLUMN c",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t RENAME TO u",
        "INSERT INTO t VALUES (1)",
        "SET @a = 1",
        // several actions, or an unnamed index or constraint: a rerun adds a second one
        "ALTER TABLE t ADD COLUMN a INT, ADD COLUMN b INT",
        "ALTER TABLE t ADD (a INT, b INT)",
        "ALTER TABLE t ADD INDEX (c)",
        "ALTER TABLE t ADD UNIQUE (c)",
        "ALTER TABLE t ADD KEY USING BTREE (c)",
        "ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES u (id)",
        "ALTER TABLE t ADD FOREIGN KEY fk (u) REFERENCES u (id)",
        "ALTER TABLE t ADD CONSTRAINT FOREIGN KEY (u) REFERENCES u (id)",
        "ALTER TABLE t ADD CHECK (c > 0)",
        "ALTER TABLE t ADD PRIMARY KEY (id)",
        "ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)",
    ] {
        assert!(!rerun_absorbed(stmt), "{stmt}");
    }
}

#[test]
fn renames_are_recognised() {
    for stmt in [
        "RENAME TABLE a TO b",
        "ALTER TABLE a RENAME TO b",
        "ALTER TABLE a RENAME b",
        "ALTER TABLE a ADD COLUMN x INT, RENAME COLUMN c TO d",
        "ALTER TABLE a RENAME INDEX i TO j",
        "ALTER TABLE a CHANGE c d INT",
        "ALTER TABLE a CHANGE COLUMN c c BIGINT",
    ] {
        assert!(renames(stmt), "{stmt}");
    }
    for stmt in [
        "ALTER TABLE a MODIFY c INT",
        "ALTER TABLE a ADD COLUMN renamed INT",
        "DROP TABLE a",
        "CREATE TABLE a (id INT)",
        "UPDATE t SET c = 1",
    ] {
        assert!(!renames(stmt), "{stmt}");
    }
}

#[test]
fn single_renames_name_their_object() {
    let s = |x: &str| x.to_string();
    assert_eq!(rename_of("RENAME TABLE a TO `b`"), Some(Renaming::Table { from: s("a"), to: s("b") }));
    assert_eq!(rename_of("ALTER TABLE db.a RENAME TO b"), Some(Renaming::Table { from: s("a"), to: s("b") }));
    assert_eq!(
        rename_of("ALTER TABLE t RENAME COLUMN old_c TO new_c"),
        Some(Renaming::Column { table: s("t"), from: s("old_c"), to: s("new_c") })
    );
    assert_eq!(
        rename_of("ALTER TABLE t CHANGE COLUMN `old c` new_c BIGINT NOT NULL"),
        Some(Renaming::Column { table: s("t"), from: s("old c"), to: s("new_c") })
    );
    assert_eq!(
        rename_of("alter table t rename key i to j"),
        Some(Renaming::Index { table: s("t"), from: s("i"), to: s("j") })
    );
    for stmt in [
        "RENAME TABLE a TO b, c TO d",
        "ALTER TABLE t CHANGE c C BIGINT",
        "ALTER TABLE t RENAME COLUMN a TO b, ADD COLUMN c INT",
        "ALTER TABLE t MODIFY c INT",
        "ALTER TABLE t RENAME CONSTRAINT a TO b",
        "RENAME USER a TO b",
    ] {
        assert_eq!(rename_of(stmt), None, "{stmt}");
    }
}

// ---- rerun_repeats ----

#[test]
fn rerun_repeats_names_the_table_of_alters_a_rerun_would_repeat() {
    for stmt in [
        "ALTER TABLE big ADD INDEX (v)",
        "ALTER TABLE `big` ADD INDEX (v), ALGORITHM=COPY",
        "ALTER TABLE big ADD FOREIGN KEY (p) REFERENCES p (id)",
        "ALTER TABLE big ADD CHECK (v > 0)",
        "ALTER TABLE big ADD PRIMARY KEY (id)",
        "ALTER TABLE big ADD COLUMN a INT, ADD COLUMN b INT",
        "ALTER TABLE big DROP COLUMN a, DROP COLUMN b",
    ] {
        assert_eq!(rerun_repeats(stmt).as_deref(), Some("big"), "{stmt}");
    }
    for stmt in [
        "ALTER TABLE big ADD INDEX iv (v)",
        "ALTER TABLE big ADD COLUMN a INT",
        "ALTER TABLE big DROP COLUMN a",
        "ALTER TABLE big MODIFY COLUMN a BIGINT",
        "ALTER TABLE big RENAME TO small",
        "ALTER TABLE big CHANGE a b INT, ADD INDEX (b)",
        "CREATE INDEX iv ON big (v)",
        "INSERT INTO big VALUES (1)",
    ] {
        assert_eq!(rerun_repeats(stmt), None, "{stmt}");
    }
}
