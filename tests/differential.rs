//! The real-world corpus (`tests/corpus/`, see its README) against the `mariadb` client: each
//! project's files, in order, applied by the client into one database and by schemagate into
//! another must give the same fingerprint (every object, every table's rows), and a second
//! schemagate run must apply nothing. One test per project, so they run in parallel.

use crate::common::differential::{client_database, compare, migration_name, Outcome};
use crate::common::fingerprint::fingerprint;
use crate::common::{corpus, migrate, run, TempDir, TestDb};

/// A corpus file and the whole lines the test drops from it before applying it (the
/// documented transformations of tests/corpus/README.md: a file's own `CREATE DATABASE`,
/// `USE` and the client's `source`). A pattern ending in `*` drops every line it starts.
pub struct CorpusFile {
    pub path: &'static str,
    pub drop_lines: &'static [&'static str],
    /// Text removed everywhere (a schema qualifier such as `sakila.`).
    pub remove: Option<&'static str>,
}

impl CorpusFile {
    const fn plain(path: &'static str) -> CorpusFile {
        CorpusFile { path, drop_lines: &[], remove: None }
    }

    /// The text applied to both sides: the file with the dropped lines removed, every other
    /// byte kept.
    pub fn applied(&self) -> String {
        let text = corpus(self.path);
        let dropped = |line: &str| {
            let line = line.trim_end_matches(['\n', '\r']);
            self.drop_lines.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => line.starts_with(prefix),
                None => line == *p,
            })
        };
        let kept: String = text.split_inclusive('\n').filter(|l| !dropped(l)).collect();
        match self.remove {
            Some(r) => kept.replace(r, ""),
            None => kept,
        }
    }
}

pub const SAKILA: CorpusFile = CorpusFile {
    path: "sakila/1-sakila-schema.sql",
    drop_lines: &["DROP SCHEMA IF EXISTS sakila;", "CREATE SCHEMA sakila;", "USE sakila;"],
    remove: Some("sakila."),
};

/// Applies a project's files both ways and fails with the first differences.
fn check(project: &str, files: &[CorpusFile]) {
    let texts: Vec<(String, String)> = files.iter().map(|f| (f.path.to_string(), f.applied())).collect();
    match compare(project, &texts) {
        Outcome::Same(fp) => assert!(fp.count("table") > 0, "{project}: nothing was created: {fp:?}"),
        other => panic!("{project}: {}:\n    {}", other.label(), other.details()),
    }
}

#[test]
fn sakila() {
    check("sakila", &[SAKILA]);
}

#[test]
fn mysql_sys() {
    let files = [
        "mysql-sys/tables/sys_config.sql",
        "mysql-sys/tables/sys_config_data.sql",
        "mysql-sys/triggers/sys_config_insert_set_user.sql",
        "mysql-sys/triggers/sys_config_update_set_user.sql",
        "mysql-sys/functions/extract_schema_from_file_name.sql",
        "mysql-sys/functions/extract_table_from_file_name.sql",
        "mysql-sys/functions/format_bytes.sql",
        "mysql-sys/functions/format_time.sql",
        "mysql-sys/functions/list_add.sql",
        "mysql-sys/functions/list_drop.sql",
        "mysql-sys/functions/quote_identifier.sql",
        "mysql-sys/functions/sys_get_config.sql",
        "mysql-sys/functions/version_major.sql",
        "mysql-sys/procedures/execute_prepared_stmt.sql",
        "mysql-sys/procedures/table_exists.sql",
        "mysql-sys/views/i_s/schema_object_overview.sql",
    ];
    check("sys", &files.map(CorpusFile::plain));
}

#[test]
fn employees() {
    let schema = CorpusFile {
        path: "employees/employees.sql",
        drop_lines: &[
            "DROP DATABASE IF EXISTS employees;",
            "CREATE DATABASE IF NOT EXISTS employees;",
            "USE employees;",
            "source *",
        ],
        remove: None,
    };
    let objects = CorpusFile { path: "employees/objects.sql", drop_lines: &["use employees;"], remove: None };
    check("emp", &[schema, CorpusFile::plain("employees/load_departments.dump"), objects]);
}

#[test]
fn chinook() {
    let file = CorpusFile {
        path: "chinook/Chinook_MySql.sql",
        drop_lines: &["DROP DATABASE IF EXISTS `Chinook`;", "CREATE DATABASE `Chinook`;", "USE `Chinook`;"],
        remove: None,
    };
    check("chinook", &[file]);
}

#[test]
fn freeradius() {
    let files = [
        "freeradius/main/mysql/schema.sql",
        "freeradius/main/mysql/process-radacct.sql",
        "freeradius/ippool/mysql/schema.sql",
        "freeradius/ippool/mysql/procedure.sql",
        "freeradius/cui/mysql/schema.sql",
    ];
    check("radius", &files.map(CorpusFile::plain));
}

#[test]
fn ndoutils() {
    check("ndo", &[CorpusFile::plain("ndoutils/mysql.sql")]);
}

/// The same comparison through the `migrate` binary and `--migrations-dir`, as a new user
/// would run it: exit 0, the client's objects and rows, and exit 0 again with nothing applied.
#[test]
fn ndoutils_through_the_migrate_binary() {
    let files = vec![("ndoutils/mysql.sql".to_string(), CorpusFile::plain("ndoutils/mysql.sql").applied())];
    let client = client_database("ndocli", &files).unwrap_or_else(|o| panic!("{}", o.details()));
    let dir = TempDir::new("ndocli");
    for (i, (name, text)) in files.iter().enumerate() {
        dir.write(&migration_name(i, name), text);
    }
    let ours = TestDb::new("ndocli_s");
    for attempt in ["first", "second"] {
        let (code, out, err) = run(migrate(&ours.url()).arg("--migrations-dir").arg(dir.path()));
        assert_eq!(code, 0, "{attempt} run:\n{out}\n{err}");
        let applied = out.contains("✓ applied");
        assert_eq!(applied, attempt == "first", "{attempt} run: the file applied {applied}:\n{out}");
    }
    let (expected, got) = (fingerprint(&mut client.conn(), &client.name), fingerprint(&mut ours.conn(), &ours.name));
    let differences = expected.differences(&got, ("client", "migrate"), 12);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert_eq!(got.count("table"), 60);
}

#[test]
fn cacti() {
    check("cacti", &[CorpusFile::plain("cacti/cacti.sql")]);
}

#[test]
fn digimaker_mysqldump() {
    check("dmaker", &[CorpusFile::plain("digimaker/initdata.sql")]);
}

/// The transformation keeps every byte of the lines it does not drop.
#[test]
fn transformations_drop_only_the_named_lines() {
    let original = corpus(SAKILA.path);
    let applied = SAKILA.applied();
    let dropped = "DROP SCHEMA IF EXISTS sakila;\nCREATE SCHEMA sakila;\nUSE sakila;\n".len();
    assert_eq!(original.len() - applied.len(), dropped + "sakila.".len() * original.matches("sakila.").count());
    assert_eq!(original.lines().count() - 3, applied.lines().count());
    assert!(!applied.contains("USE sakila;") && !applied.contains("sakila."));
}

/// The files of issue 9, each through the same comparison.
fn check_text(tag: &str, text: &str) {
    match compare(tag, &[("issue9.sql".to_string(), text.to_string())]) {
        Outcome::Same(_) => {}
        other => panic!("{tag}: {}:\n    {}", other.label(), other.details()),
    }
}

#[test]
fn issue_9_routine_body_ending_end_semicolon_before_the_delimiter() {
    check_text(
        "i9end",
        "CREATE TABLE counters (n INT NOT NULL);\nINSERT INTO counters VALUES (0);\nDELIMITER //\n\
         CREATE PROCEDURE bump()\nBEGIN\n  UPDATE counters SET n = n + 1;\nEND;\n//\nDELIMITER ;\nCALL bump();\n",
    );
}

#[test]
fn issue_9_lock_tables_region() {
    check_text(
        "i9lock",
        "CREATE TABLE t (id INT PRIMARY KEY);\nLOCK TABLES t WRITE;\nINSERT INTO t VALUES (1),(2);\nUNLOCK TABLES;\n",
    );
}

#[test]
fn issue_9_dash_dash_hash_comment() {
    check_text("i9hash", "CREATE TABLE a (id INT);\n--#note\nCREATE INDEX a_id ON a(id);\n");
}

#[test]
fn issue_9_delimiter_still_active_at_the_end() {
    check_text("i9eof", "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\n");
}

#[test]
fn issue_9_conditional_comment_holding_a_string_with_the_comment_end() {
    check_text(
        "i9star",
        "CREATE TABLE s (v VARCHAR(9));\n/*!50001 INSERT INTO s VALUES ('*/') */;\nINSERT INTO s VALUES ('x');\n",
    );
}

#[test]
fn issue_9_versioned_comment_the_server_skips() {
    check_text("i9skip", "CREATE TABLE y (a INT); /*M!110400 ALTER TABLE y ADD COLUMN z INT */;\n");
}

#[test]
fn issue_9_byte_order_mark() {
    check_text("i9bom", "\u{feff}CREATE TABLE b (a INT);\nINSERT INTO b VALUES (1);\n");
}

#[test]
fn issue_9_no_backslash_escapes_then_a_string_ending_in_a_backslash() {
    check_text(
        "i9nbe",
        "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nCREATE TABLE n (v VARCHAR(9));\nINSERT INTO n VALUES ('C:\\');\nINSERT INTO n VALUES ('x');\n",
    );
}

/// Found by the generator: the client honours `ROLLBACK`.
#[test]
fn explicit_transaction_rolled_back() {
    check_text(
        "rollback",
        "CREATE TABLE x (id INT PRIMARY KEY);\nSTART TRANSACTION;\nINSERT INTO x VALUES (1);\nROLLBACK;\n",
    );
}

/// Found by the generator: with `autocommit=0` and no `COMMIT`, the client's session ends
/// and the server rolls the insert back.
#[test]
fn autocommit_off_without_commit_at_the_end_of_the_file() {
    check_text("autocommit", "CREATE TABLE a (id INT PRIMARY KEY);\nSET autocommit=0;\nINSERT INTO a VALUES (1);\n");
}

/// Found in Sakila and mysql-sys: the client strips `--`, `#` and `/* */` comments, also
/// inside routine bodies, so the stored body has none.
#[test]
fn comments_inside_a_routine_body() {
    check_text(
        "bodycomments",
        "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  -- dash\n  # hash\n  /* block */\n  SELECT 1;\nEND//\nDELIMITER ;\n",
    );
}

/// Found by the long generated run on the merged main (43 of 10,000 cases): with
/// `autocommit=0`, a `LOCK TABLES ... UNLOCK TABLES` region (UNLOCK commits the insert in the
/// client) fails with a duplicate journal row: `journalling the rolled-back end of ...:
/// Duplicate entry '<version>-2' for key 'PRIMARY'`.
#[test]
fn autocommit_off_then_a_lock_tables_region() {
    check_text(
        "aclock",
        "CREATE TABLE l (id INT);\nSET autocommit=0;\nLOCK TABLES l WRITE;\nINSERT INTO l VALUES (1);\nUNLOCK TABLES;\n",
    );
}
