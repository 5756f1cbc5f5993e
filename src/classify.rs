//! Classifies one already-split SQL statement: its kind (DDL, data, session, query, other), a
//! normalized keyword (`CREATE TABLE`, `INSERT`, `SET`), and the table effects its head has
//! (created, dropped, renamed tables), which `build.rs` folds into the tables a migrated database
//! must contain. It also says which statements a migration must not contain (`refusal`), which
//! server errors mean a DDL statement's effect is already present (`already_done`), which
//! statements may be repeated harmlessly (`rerun_absorbed`) and which rename (`renames`,
//! `rename_of`).
//!
//! Invariants: only the statement's head is read, never a routine or trigger body, so a
//! `CREATE PROCEDURE` has no table effects; plain comments (`--`, `#`, `/* */`, hints `/*+ */`)
//! are skipped and the contents of conditional comments (`/*!50001 ... */`, `/*M!100100 ... */`)
//! are read as code whatever their version; effect names are the table part of a possibly
//! qualified name, unquoted, with the case as written; `TEMPORARY` tables have no effects;
//! unparsable input never panics, it is classified `Other` or yields fewer effects. Strings are
//! read with the server's default `sql_mode` (backslash escapes, `"` quotes a string). Std-only:
//! `build.rs` includes this file with `#[path]`, so it must compile on its own.
//!
//! ## Error codes `already_done` may excuse
//!
//! Codes up to 1800 are shared by MySQL and MariaDB; above that the servers diverge. `ALTER:` is
//! `ALTER TABLE` with that one action; MariaDB's 1826 covers foreign keys and CHECK constraints.
//!
//! | code | MySQL                           | MariaDB                    | excused for                               |
//! |------|---------------------------------|----------------------------|-------------------------------------------|
//! | 1007 | `ER_DB_CREATE_EXISTS`           | same                       | CREATE DATABASE/SCHEMA                    |
//! | 1050 | `ER_TABLE_EXISTS_ERROR`         | same                       | CREATE TABLE, CREATE VIEW                 |
//! | 1051 | `ER_BAD_TABLE_ERROR`            | same                       | DROP TABLE/VIEW of one name               |
//! | 1060 | `ER_DUP_FIELDNAME`              | same                       | ALTER: ADD \[COLUMN\]                     |
//! | 1061 | `ER_DUP_KEYNAME`                | same                       | ALTER: ADD INDEX/KEY/UNIQUE; CREATE INDEX |
//! | 1091 | `ER_CANT_DROP_FIELD_OR_KEY`     | same, also DROP CONSTRAINT | ALTER: DROP col/key/FK/...; DROP INDEX    |
//! | 1304 | `ER_SP_ALREADY_EXISTS`          | same                       | CREATE PROCEDURE/FUNCTION                 |
//! | 1305 | `ER_SP_DOES_NOT_EXIST`          | same                       | DROP PROCEDURE/FUNCTION                   |
//! | 1359 | `ER_TRG_ALREADY_EXISTS`         | same                       | CREATE TRIGGER                            |
//! | 1360 | `ER_TRG_DOES_NOT_EXIST`         | same                       | DROP TRIGGER                              |
//! | 1537 | `ER_EVENT_ALREADY_EXISTS`       | same                       | CREATE EVENT                              |
//! | 1539 | `ER_EVENT_DOES_NOT_EXIST`       | same                       | DROP EVENT                                |
//! | 1826 | `ER_FK_DUP_NAME` (FK only)      | `ER_DUP_CONSTRAINT_NAME`   | ALTER: ADD FOREIGN KEY/CHECK              |
//! | 3821 | `ER_CHECK_CONSTRAINT_NOT_FOUND` | not used                   | ALTER: DROP CHECK/CONSTRAINT              |
//! | 3822 | `ER_CHECK_CONSTRAINT_DUP_NAME`  | not used                   | ALTER: ADD [CONSTRAINT x] CHECK           |
//! | 3940 | `ER_CONSTRAINT_NOT_FOUND`       | not used                   | ALTER: DROP CONSTRAINT (8.0.19+)          |
//!
//! Renames are the one case decided by looking: `apply` excuses 1146, 1054 or 1176 (no such
//! table, column, key) of a statement that renames exactly one object ([`rename_of`]) when
//! the database shows the old name gone and the new one present.
//!
//! Never excused: 1054 (unknown column) and 1146 (no such table) otherwise, 1062 (duplicate
//! entry), 1068 (multiple primary key), any error of a data, query, session or other
//! statement, a `RENAME` whose target exists (a real conflict), and errors of statements that
//! do several things: an `ALTER TABLE` must have exactly one action besides
//! `ALGORITHM=`/`LOCK=`, a `DROP TABLE` one name, because the server applies such a statement
//! wholly or not at all and the error does not say which part was already there. MariaDB reports a missing view as `ER_UNKNOWN_VIEW` in
//! recent versions; its number is not listed here, so such a `DROP VIEW` is not excused.

use std::fmt;

/// What a statement does, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// CREATE/ALTER/DROP/RENAME/TRUNCATE of a schema object.
    Ddl,
    /// INSERT/UPDATE/DELETE/REPLACE/LOAD DATA/MERGE.
    Data,
    /// SET, USE.
    Session,
    /// SELECT/SHOW/CALL/DESCRIBE/EXPLAIN/WITH/VALUES/DO/TABLE.
    Query,
    /// Anything else (GRANT, CREATE USER, LOCK TABLES, START TRANSACTION, ...).
    Other,
}

/// A change to the set of tables in the database. Names are the table part of the name as
/// written (case kept, quotes and database qualifier removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableEffect {
    /// `CREATE [OR REPLACE] TABLE`, with or without `IF NOT EXISTS`, `LIKE` or `AS SELECT`.
    Create(String),
    /// One name of `DROP TABLE`.
    Drop(String),
    /// One pair of `RENAME TABLE`, or `ALTER TABLE .. RENAME [TO|AS]`.
    Rename { from: String, to: String },
}

/// The result of `classify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub kind: Kind,
    /// Upper-case verb and object, modifiers dropped: `CREATE TABLE`, `DROP INDEX`, `INSERT`;
    /// empty for a statement without a leading word.
    pub keyword: String,
    pub effects: Vec<TableEffect>,
}

/// Why a statement must not be in a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `USE db`; carries the database name as written, unquoted.
    UseDatabase(String),
    /// `DROP DATABASE` or `DROP SCHEMA`; carries the database name.
    DropDatabase(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::UseDatabase(db) => write!(
                f,
                "`USE {db}` switches the runner away from the target database; remove it — \
                 migrations always run in the configured database"
            ),
            Refusal::DropDatabase(db) => write!(
                f,
                "dropping database `{db}` would destroy the database the runner records history \
                 in; remove the DROP DATABASE/SCHEMA statement (use `migrate reset` in development)"
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Classifies one statement (without its delimiter).
#[must_use]
pub fn classify(stmt: &str) -> Classified {
    analyze(stmt).classified
}

/// Why a statement must not be in a migration (it would break the runner), or None.
#[must_use]
pub fn refusal(stmt: &str) -> Option<Refusal> {
    let mut c = Cursor::new(Lexer::new(stmt));
    match c.next_word()?.as_str() {
        "USE" => Some(Refusal::UseDatabase(c.name().unwrap_or_default())),
        "DROP" => {
            skip_modifiers(&mut c);
            if !(c.eat_kw("DATABASE") || c.eat_kw("SCHEMA")) {
                return None;
            }
            c.skip_if_exists();
            Some(Refusal::DropDatabase(c.name().unwrap_or_default()))
        }
        _ => None,
    }
}

/// Everything one pass over a statement's head learns.
struct Analysis {
    classified: Classified,
    /// How many objects a `DROP` names (1 for `CREATE TABLE`).
    targets: usize,
    /// For `ALTER TABLE`: the first tokens of each top-level comma-separated action.
    alter_specs: Vec<Vec<Tok>>,
    /// For `ALTER TABLE`: the table's name (last part).
    altered: Option<String>,
}

fn plain(kind: Kind, keyword: &str) -> Analysis {
    let classified = Classified { kind, keyword: keyword.to_string(), effects: Vec::new() };
    Analysis { classified, targets: 0, alter_specs: Vec::new(), altered: None }
}

fn analyze(stmt: &str) -> Analysis {
    let mut c = Cursor::new(Lexer::new(stmt));
    let first = match c.next() {
        Some(Tok::Word(w)) => w.to_ascii_uppercase(),
        Some(Tok::Punct('(')) => return plain(Kind::Query, "SELECT"),
        _ => return plain(Kind::Other, ""),
    };
    match first.as_str() {
        "CREATE" | "ALTER" | "DROP" | "RENAME" => schema_change(&first, &mut c),
        "TRUNCATE" => plain(Kind::Ddl, "TRUNCATE TABLE"),
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "MERGE" => plain(Kind::Data, &first),
        "LOAD" => match c.next_word().as_deref() {
            Some(w @ ("DATA" | "XML")) => plain(Kind::Data, &format!("LOAD {w}")),
            _ => plain(Kind::Other, "LOAD"),
        },
        "SET" | "USE" => plain(Kind::Session, &first),
        "SELECT" | "SHOW" | "CALL" | "DESCRIBE" | "DESC" | "EXPLAIN" | "VALUES" | "DO" | "TABLE" => {
            plain(Kind::Query, &first)
        }
        "WITH" => with_statement(&mut c),
        _ => plain(Kind::Other, &first),
    }
}

/// Objects whose CREATE/ALTER/DROP/RENAME is DDL; others (USER, ROLE, ...) are `Other`.
const DDL_OBJECTS: &str = "TABLE INDEX VIEW PROCEDURE FUNCTION TRIGGER EVENT DATABASE SCHEMA \
                           SEQUENCE TABLESPACE SERVER PACKAGE LOGFILE";

fn schema_change<I: Iterator<Item = Tok>>(verb: &str, c: &mut Cursor<I>) -> Analysis {
    let temporary = skip_modifiers(c);
    let Some(object) = c.next_word() else { return plain(Kind::Other, verb) };
    let keyword = format!("{verb} {object}");
    if !DDL_OBJECTS.split_whitespace().any(|o| o == object) {
        return plain(Kind::Other, &keyword);
    }
    let mut a = plain(Kind::Ddl, &keyword);
    if object == "TABLE" {
        table_effects(verb, temporary, c, &mut a);
    } else if verb == "DROP" {
        c.skip_if_exists();
        a.targets = c.name_list().len();
    }
    a
}

/// Skips what may stand between the verb and the object word; true if `TEMPORARY` was seen.
fn skip_modifiers<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) -> bool {
    let mut temporary = false;
    while let Some(word) = c.peek_word() {
        match word.as_str() {
            "OR" | "REPLACE" | "UNIQUE" | "FULLTEXT" | "SPATIAL" | "ONLINE" | "OFFLINE" | "IGNORE" | "AGGREGATE"
            | "UNDO" => {}
            "TEMPORARY" => temporary = true,
            "DEFINER" => {
                c.next();
                c.eat_punct('=');
                skip_user(c);
                continue;
            }
            "ALGORITHM" | "SQL" => {
                c.next(); // `ALGORITHM = value` or `SQL SECURITY value`: the value is next
                c.eat_punct('=');
                c.eat_kw("SECURITY");
            }
            _ => break,
        }
        c.next();
    }
    temporary
}

/// Skips `user[@host]` or `CURRENT_USER[()]`.
fn skip_user<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) {
    if c.next().is_some_and(|t| t.is_kw("CURRENT_USER")) {
        if c.eat_punct('(') {
            c.eat_punct(')');
        }
    } else if c.eat_punct('@') {
        c.next();
    }
}

fn table_effects<I: Iterator<Item = Tok>>(verb: &str, temporary: bool, c: &mut Cursor<I>, a: &mut Analysis) {
    let effects = &mut a.classified.effects;
    match verb {
        "CREATE" => {
            c.skip_if_exists();
            if let Some(name) = c.name() {
                a.targets = 1;
                if !temporary {
                    effects.push(TableEffect::Create(name));
                }
            }
        }
        "DROP" => {
            c.skip_if_exists();
            let names = c.name_list();
            a.targets = names.len();
            if !temporary {
                effects.extend(names.into_iter().map(TableEffect::Drop));
            }
        }
        "RENAME" => effects.extend(rename_pairs(c)),
        _ => {
            c.skip_if_exists();
            let from = c.name();
            a.altered.clone_from(&from);
            c.skip_wait();
            a.alter_specs = spec_heads(c);
            let renames = a.alter_specs.iter().filter_map(|s| alter_rename_target(s));
            if let Some(from) = from {
                effects.extend(renames.map(|to| TableEffect::Rename { from: from.clone(), to }));
            }
        }
    }
}

/// `[IF EXISTS] a [WAIT n|NOWAIT] TO b, c TO d ...` of `RENAME TABLE`.
fn rename_pairs<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) -> Vec<TableEffect> {
    let mut pairs = Vec::new();
    loop {
        c.skip_if_exists();
        let Some(from) = c.name() else { break };
        c.skip_wait();
        if !c.eat_kw("TO") {
            break;
        }
        let Some(to) = c.name() else { break };
        pairs.push(TableEffect::Rename { from, to });
        if !c.eat_punct(',') {
            break;
        }
    }
    pairs
}

/// `WITH cte AS (...) <verb> ...`: classified by the verb after the common table expressions.
fn with_statement<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) -> Analysis {
    let mut depth = 0usize;
    while let Some(tok) = c.next() {
        match tok {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            Tok::Word(w) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                v @ ("SELECT" | "TABLE" | "VALUES") => return plain(Kind::Query, v),
                v @ ("INSERT" | "UPDATE" | "DELETE" | "REPLACE") => return plain(Kind::Data, v),
                _ => {}
            },
            _ => {}
        }
    }
    plain(Kind::Query, "WITH")
}

#[path = "classify/alter.rs"]
mod alter;
#[path = "classify/lexer.rs"]
mod lexer;
#[path = "classify/rerun.rs"]
mod rerun;
use alter::*;
use lexer::*;
#[allow(unused_imports)] // build.rs needs none of them
pub use rerun::{already_done, rename_of, renames, rerun_absorbed, rerun_repeats, Renaming};

#[cfg(test)]
#[path = "classify/tests.rs"]
mod tests;
