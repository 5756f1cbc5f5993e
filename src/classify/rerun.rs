//! What a second run of a statement does: which server errors mean its effect is already
//! there (`already_done`, see the table in the module above), which statements a second run
//! leaves unchanged (`rerun_absorbed`) or repeats (`rerun_repeats`), and which rename
//! (`renames`, `rename_of`).

use super::*;

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
