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
use std::iter::Peekable;

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

/// Whether server error `code`, raised by `stmt`, means the statement's effect is already
/// present, so the runner may warn and go on; `Some` carries a short reason. See the table at
/// the top of this module.
#[must_use]
pub fn already_done(stmt: &str, code: u16) -> Option<&'static str> {
    let a = analyze(stmt);
    if a.classified.kind != Kind::Ddl {
        return None;
    }
    match (a.classified.keyword.as_str(), code) {
        ("ALTER TABLE", _) => alter_already_done(&a.alter_specs, code),
        ("CREATE TABLE", 1050) => Some("table already exists"),
        ("CREATE VIEW", 1050) => Some("view already exists"),
        ("CREATE DATABASE" | "CREATE SCHEMA", 1007) => Some("database already exists"),
        ("CREATE INDEX", 1061) => Some("index already exists"),
        ("DROP INDEX", 1091) => Some("index already dropped"),
        ("DROP TABLE", 1051) if a.targets == 1 => Some("table already dropped"),
        ("DROP VIEW", 1051) if a.targets == 1 => Some("view already dropped"),
        ("CREATE PROCEDURE" | "CREATE FUNCTION", 1304) => Some("routine already exists"),
        ("DROP PROCEDURE" | "DROP FUNCTION", 1305) => Some("routine already dropped"),
        ("CREATE TRIGGER", 1359) => Some("trigger already exists"),
        ("DROP TRIGGER", 1360) => Some("trigger already dropped"),
        ("CREATE EVENT", 1537) => Some("event already exists"),
        ("DROP EVENT", 1539) => Some("event already dropped"),
        _ => None,
    }
}

/// Whether running `stmt` a second time, once its effect is in place, changes nothing: it only
/// creates one named object (a table, index, column, named constraint, view, routine, trigger
/// or event), so the rerun fails with an error [`already_done`] excuses, or, with
/// `IF NOT EXISTS`, only warns. `apply` may leave such a statement's journal row uncommitted
/// until the next commit, since a crash that loses the row only makes the next run repeat it.
///
/// False for anything that replaces, drops, renames, modifies or copies data (`OR REPLACE`,
/// `CREATE TABLE ... SELECT`, `MODIFY`), for unnamed indexes and constraints (a rerun would
/// add a second one under a generated name), `ADD PRIMARY KEY` (a rerun fails with 1068, which
/// is never excused) and for `ALTER TABLE` with more than one action.
#[must_use]
pub fn rerun_absorbed(stmt: &str) -> bool {
    let a = analyze(stmt);
    if a.classified.kind != Kind::Ddl {
        return false;
    }
    let replaces = Lexer::new(stmt)
        .filter_map(|t| t.upper())
        .skip(1)
        .take_while(|w| !DDL_OBJECTS.split_whitespace().any(|o| o == w))
        .any(|w| w == "REPLACE" || w == "TEMPORARY");
    let code = match a.classified.keyword.as_str() {
        "CREATE TABLE" if a.targets == 1 && !Lexer::new(stmt).any(|t| t.is_kw("SELECT")) => 1050,
        "CREATE VIEW" => 1050,
        "CREATE INDEX" => 1061,
        "CREATE PROCEDURE" => 1304,
        // A loadable function (`... RETURNS type SONAME 'lib.so'`) reruns into 1125 instead.
        "CREATE FUNCTION" if !Lexer::new(stmt).any(|t| t.is_kw("SONAME")) => 1304,
        "CREATE TRIGGER" => 1359,
        "CREATE EVENT" => 1537,
        "ALTER TABLE" => match single_action(&a.alter_specs) {
            Some(spec) if spec.first().is_some_and(|t| t.is_kw("ADD")) => match added_part(spec) {
                Part::Column if spec.get(1) != Some(&Tok::Punct('(')) => 1060,
                Part::Index if added_named(spec) => 1061,
                Part::ForeignKey | Part::Check if added_named(spec) => 1826,
                _ => return false,
            },
            _ => return false,
        },
        _ => return false,
    };
    !replaces && already_done(stmt, code).is_some()
}

/// The table of an `ALTER TABLE` whose second run, after the first one took effect, is not
/// harmless: it adds or drops something and is neither [`rerun_absorbed`] nor a rename nor a
/// drop [`already_done`] excuses (an unnamed index, foreign key or CHECK would be added twice,
/// `ADD PRIMARY KEY` fails with 1068, two drops fail with 1091). `apply` records an intent
/// with the table's definition before running such a statement (`apply::intent`).
#[must_use]
pub fn rerun_repeats(stmt: &str) -> Option<String> {
    let a = analyze(stmt);
    if a.classified.keyword != "ALTER TABLE" || rerun_absorbed(stmt) || renames(stmt) {
        return None;
    }
    let excused_drop = [1091, 3821, 3940].iter().any(|&code| already_done(stmt, code).is_some());
    let changes = a.alter_specs.iter().any(|s| s.first().is_some_and(|t| t.is_kw("ADD") || t.is_kw("DROP")));
    if excused_drop || !changes {
        return None;
    }
    a.altered
}

/// Whether `stmt` renames a table, column, index or other object (`RENAME TABLE`, `ALTER TABLE
/// ... RENAME [TO|COLUMN|INDEX|KEY]`, `CHANGE [COLUMN]`). Repeating creations of the old name
/// before repeating such a statement would bring the old name back, so `apply` never lets a
/// rename share a crash window with deferred creations.
#[must_use]
pub fn renames(stmt: &str) -> bool {
    let a = analyze(stmt);
    match a.classified.keyword.as_str() {
        "ALTER TABLE" => {
            a.alter_specs.iter().any(|s| s.first().is_some_and(|t| t.is_kw("RENAME") || t.is_kw("CHANGE")))
        }
        keyword => keyword.starts_with("RENAME "),
    }
}

/// The one object a statement renames, when renaming is all it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renaming {
    Table { from: String, to: String },
    Column { table: String, from: String, to: String },
    Index { table: String, from: String, to: String },
}

/// What `stmt` renames, if it is a rename of exactly one table, column or index: `RENAME
/// TABLE a TO b`, or an `ALTER TABLE` whose one action is `RENAME [TO|AS] b`, `RENAME COLUMN a
/// TO b`, `RENAME INDEX|KEY a TO b` or `CHANGE [COLUMN] a b ...` with two different names. A
/// rerun of it fails with 1146, 1054 or 1176 (no such table, column, key) once it is done,
/// which `apply` excuses only after checking that the old name is gone and the new one there.
#[must_use]
pub fn rename_of(stmt: &str) -> Option<Renaming> {
    let a = analyze(stmt);
    match a.classified.keyword.as_str() {
        "RENAME TABLE" => match a.classified.effects.as_slice() {
            [TableEffect::Rename { from, to }] => Some(Renaming::Table { from: from.clone(), to: to.clone() }),
            _ => None,
        },
        "ALTER TABLE" => {
            let table = a.altered.clone()?;
            let spec = single_action(&a.alter_specs)?;
            if let Some(to) = alter_rename_target(spec) {
                return Some(Renaming::Table { from: table, to });
            }
            let mut c = Cursor::new(spec.iter().cloned());
            if c.eat_kw("CHANGE") {
                c.eat_kw("COLUMN");
                c.skip_if_exists();
                let (from, to) = (c.name()?, c.name()?);
                return (!from.eq_ignore_ascii_case(&to)).then_some(Renaming::Column { table, from, to });
            }
            if !c.eat_kw("RENAME") {
                return None;
            }
            let column = c.eat_kw("COLUMN");
            if !(column || c.eat_kw("INDEX") || c.eat_kw("KEY")) {
                return None;
            }
            let from = c.name()?;
            if !c.eat_kw("TO") {
                return None;
            }
            let to = c.name()?;
            Some(if column { Renaming::Column { table, from, to } } else { Renaming::Index { table, from, to } })
        }
        _ => None,
    }
}

/// The one action of an `ALTER TABLE` besides `ALGORITHM=` and `LOCK=`, if it has exactly one.
fn single_action(specs: &[Vec<Tok>]) -> Option<&[Tok]> {
    let mut actions = specs.iter().filter(|s| !s.first().is_some_and(|t| t.is_kw("ALGORITHM") || t.is_kw("LOCK")));
    match (actions.next(), actions.next()) {
        (Some(spec), None) => Some(spec),
        _ => None,
    }
}

/// Whether an `ADD` index or constraint action names what it adds (`ADD CONSTRAINT fk FOREIGN
/// KEY ...`, `ADD UNIQUE KEY uq (...)`); an unnamed one gets a generated name, so adding it
/// again makes a second one.
fn added_named(spec: &[Tok]) -> bool {
    let mut c = Cursor::new(spec.iter().skip(1).cloned());
    if c.eat_kw("CONSTRAINT") {
        return !["UNIQUE", "PRIMARY", "FOREIGN", "CHECK"].iter().any(|k| c.peek_is_kw(k));
    }
    if c.eat_kw("FOREIGN") || c.eat_kw("CHECK") {
        return false;
    }
    let _ = c.eat_kw("UNIQUE") || c.eat_kw("FULLTEXT") || c.eat_kw("SPATIAL");
    let _ = c.eat_kw("INDEX") || c.eat_kw("KEY");
    c.skip_if_exists();
    match c.next() {
        Some(Tok::Ident(_)) => true,
        Some(Tok::Word(w)) => !w.eq_ignore_ascii_case("USING"),
        _ => false,
    }
}

/// What one `ALTER TABLE` action adds or drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Column,
    Index,
    PrimaryKey,
    ForeignKey,
    Check,
    /// `DROP CONSTRAINT name`: any kind of constraint.
    Constraint,
    Other,
}

fn alter_already_done(specs: &[Vec<Tok>], code: u16) -> Option<&'static str> {
    let spec = single_action(specs)?;
    let verb = spec.first()?;
    if verb.is_kw("ADD") {
        match (code, added_part(spec)) {
            (1060, Part::Column) => Some("column already exists"),
            (1061, Part::Index) => Some("index already exists"),
            (1826, Part::ForeignKey | Part::Check) => Some("constraint already exists"),
            (3822, Part::Check) => Some("check constraint already exists"),
            _ => None,
        }
    } else if verb.is_kw("DROP") {
        match (code, dropped_part(spec)) {
            (1091, Part::Column) => Some("column already dropped"),
            (1091, Part::Index) => Some("index already dropped"),
            (1091, Part::PrimaryKey) => Some("primary key already dropped"),
            (1091, Part::ForeignKey) => Some("foreign key already dropped"),
            (1091 | 3821, Part::Check | Part::Constraint) | (3940, Part::Constraint) => {
                Some("constraint already dropped")
            }
            _ => None,
        }
    } else {
        None
    }
}

/// The part an `ADD ...` action creates; the symbol of `ADD CONSTRAINT [symbol] kind` is skipped.
fn added_part(spec: &[Tok]) -> Part {
    let Some(what) = spec.get(1) else { return Part::Other };
    if what.is_kw("CONSTRAINT") {
        let kind = spec[2..].iter().find(|t| ["UNIQUE", "PRIMARY", "FOREIGN", "CHECK"].iter().any(|k| t.is_kw(k)));
        return kind.map_or(Part::Other, constraint_part);
    }
    match what.upper().as_deref() {
        Some("INDEX" | "KEY" | "UNIQUE" | "FULLTEXT" | "SPATIAL") => Part::Index,
        Some("PRIMARY" | "FOREIGN" | "CHECK") => constraint_part(what),
        Some("PARTITION" | "PERIOD" | "SYSTEM") => Part::Other,
        _ => Part::Column,
    }
}

fn constraint_part(kind: &Tok) -> Part {
    match kind.upper().as_deref() {
        Some("UNIQUE") => Part::Index,
        Some("PRIMARY") => Part::PrimaryKey,
        Some("FOREIGN") => Part::ForeignKey,
        _ => Part::Check,
    }
}

/// The part a `DROP ...` action removes.
fn dropped_part(spec: &[Tok]) -> Part {
    match spec.get(1).and_then(Tok::upper).as_deref() {
        Some("INDEX" | "KEY") => Part::Index,
        Some("PRIMARY") => Part::PrimaryKey,
        Some("FOREIGN") => Part::ForeignKey,
        Some("CHECK") => Part::Check,
        Some("CONSTRAINT") => Part::Constraint,
        Some("PARTITION" | "PERIOD" | "SYSTEM") => Part::Other,
        _ if spec.len() > 1 => Part::Column,
        _ => Part::Other,
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

/// The new name of an `ALTER TABLE` action `RENAME [TO|AS] name`; None for other actions,
/// including `RENAME COLUMN/INDEX/KEY/CONSTRAINT`.
fn alter_rename_target(spec: &[Tok]) -> Option<String> {
    let mut c = Cursor::new(spec.iter().cloned());
    if !c.eat_kw("RENAME") {
        return None;
    }
    if ["COLUMN", "INDEX", "KEY", "CONSTRAINT"].iter().any(|k| c.peek_is_kw(k)) {
        return None;
    }
    let _ = c.eat_kw("TO") || c.eat_kw("AS");
    c.name()
}

/// Most tokens of an `ALTER TABLE` action that any decision here needs.
const SPEC_HEAD_LEN: usize = 8;

/// Splits the rest of an `ALTER TABLE` at top-level commas, keeping each action's first tokens.
fn spec_heads<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) -> Vec<Vec<Tok>> {
    let (mut specs, mut head, mut depth) = (Vec::new(), Vec::new(), 0usize);
    while let Some(tok) = c.next() {
        match tok {
            Tok::Punct(',') if depth == 0 => {
                specs.push(std::mem::take(&mut head));
                continue;
            }
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if head.len() < SPEC_HEAD_LEN {
            head.push(tok);
        }
    }
    if !head.is_empty() {
        specs.push(head);
    }
    specs
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

// ---- tokens -------------------------------------------------------------------------------

/// A token of the statement head. String literals keep no text: nothing here needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A bare word: keyword or unquoted identifier, as written.
    Word(String),
    /// A backquoted identifier, unescaped.
    Ident(String),
    /// A `'...'` or `"..."` string.
    Str,
    Punct(char),
}

impl Tok {
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }

    fn upper(&self) -> Option<String> {
        match self {
            Tok::Word(w) => Some(w.to_ascii_uppercase()),
            _ => None,
        }
    }
}

/// Yields tokens lazily, so a huge `INSERT` is never read past its first word.
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Conditional comments opened and not yet closed; their `*/` is skipped.
    open_conditionals: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer { src: src.as_bytes(), pos: 0, open_conditionals: 0 }
    }

    fn rest(&self) -> &'a [u8] {
        &self.src[self.pos..]
    }

    fn skip_trivia(&mut self) {
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

    fn open_conditional(&mut self, opener: usize) {
        self.pos += opener;
        while self.rest().first().is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.open_conditionals += 1;
    }

    fn skip_line(&mut self) {
        self.pos = find(self.rest(), b"\n").map_or(self.src.len(), |i| self.pos + i + 1);
    }

    fn word(&mut self) -> Tok {
        let start = self.pos;
        while self.rest().first().is_some_and(|&b| is_word_byte(b)) {
            self.pos += 1;
        }
        Tok::Word(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
    }

    /// A backquoted identifier; a doubled backquote stands for one.
    fn ident(&mut self) -> Tok {
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
    fn string(&mut self, quote: u8) -> Tok {
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
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One-token lookahead over tokens, with the small grammar pieces every statement shares.
struct Cursor<I: Iterator<Item = Tok>> {
    toks: Peekable<I>,
}

impl<I: Iterator<Item = Tok>> Cursor<I> {
    fn new(toks: I) -> Self {
        Cursor { toks: toks.peekable() }
    }

    fn next(&mut self) -> Option<Tok> {
        self.toks.next()
    }

    /// The next token, upper-cased, if it is a bare word.
    fn peek_word(&mut self) -> Option<String> {
        self.toks.peek().and_then(Tok::upper)
    }

    fn next_word(&mut self) -> Option<String> {
        let word = self.peek_word()?;
        self.next();
        Some(word)
    }

    fn peek_is_kw(&mut self, kw: &str) -> bool {
        self.toks.peek().is_some_and(|t| t.is_kw(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        self.toks.next_if(|t| t.is_kw(kw)).is_some()
    }

    fn eat_punct(&mut self, c: char) -> bool {
        self.toks.next_if_eq(&Tok::Punct(c)).is_some()
    }

    /// `IF EXISTS` or `IF NOT EXISTS`.
    fn skip_if_exists(&mut self) {
        if self.eat_kw("IF") {
            self.eat_kw("NOT");
            self.eat_kw("EXISTS");
        }
    }

    /// MariaDB's `WAIT n` / `NOWAIT` after a table name.
    fn skip_wait(&mut self) {
        if self.eat_kw("WAIT") {
            self.next();
        } else {
            self.eat_kw("NOWAIT");
        }
    }

    /// A possibly qualified name (`t`, `` `t` ``, `db.t`); returns the last part, unquoted.
    fn name(&mut self) -> Option<String> {
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
    fn name_list(&mut self) -> Vec<String> {
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

#[cfg(test)]
#[path = "classify/tests.rs"]
mod tests;
