//! The real-world corpus (`tests/corpus/`, see its README) against the `mariadb` client: each
//! project's files, in order, applied by the client into one database and by schemagate into
//! another must give the same fingerprint (every object, every table's rows), and a second
//! schemagate run must apply nothing. One test per project, so they run in parallel.

use crate::common::corpus;
use crate::common::differential::{compare, Outcome};

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
