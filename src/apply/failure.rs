//! What a failed statement or bookkeeping write becomes: the typed error that names the file,
//! statement and line, with the fix; and the reading of a statement's results and warnings
//! that finds those failures (a text the server ran as several statements is one).

use crate::error::{server_code, Error};
use mysql::prelude::Queryable;
use mysql::Conn;

pub(super) fn journalling(version: i32, index: usize, e: mysql::Error) -> Error {
    Error::db(format!("journalling statement {index} of version {version}"), e)
}

/// Runs one statement and reads every result set it returns (`SELECT`, `CALL`). A text the
/// server ran as several statements (only a `CALL` may return several results) is an error:
/// the splitter and the server disagreed, and schemagate stops rather than journal it as one.
pub(crate) fn drain(conn: &mut impl Queryable, text: &str) -> std::result::Result<(), mysql::Error> {
    let mut result = conn.query_iter(text)?;
    let mut sets = 0;
    while let Some(set) = result.iter() {
        sets += 1;
        for row in set {
            row?;
        }
    }
    if sets > 1 && crate::split::leading_keyword(text) != "CALL" {
        return Err(several_statements(sets));
    }
    Ok(())
}

/// The error for a text the server ran as `count` statements.
pub(crate) fn several_statements(count: usize) -> mysql::Error {
    mysql::Error::MySqlError(mysql::MySqlError {
        state: "HY000".into(),
        code: 0,
        message: format!(
            "the server ran this text as {count} statements where schemagate planned one, so it \
             stopped; please report this file to schemagate, and split the statement with the \
             delimiter meanwhile"
        ),
    })
}

/// The server's error code, with the generic codes some servers use for a duplicate foreign
/// key name mapped to 1826 (MySQL 8's ER_FK_DUP_NAME, MariaDB's ER_DUP_CONSTRAINT_NAME):
/// MariaDB's InnoDB reports 1005 "Can't create table ... (errno: 121 ...)", MySQL 5.7 1022.
/// `classify::already_done` still checks that the statement adds a foreign key.
pub(crate) fn effective_code(e: &mysql::Error) -> Option<u16> {
    match e {
        mysql::Error::MySqlError(s) if s.code == 1005 && s.message.contains("errno: 121") => Some(1826),
        mysql::Error::MySqlError(s) if s.code == 1022 => Some(1826),
        _ => server_code(e),
    }
}

pub(super) fn failure(file: &str, index: usize, line: u32, text: &str, e: mysql::Error) -> Error {
    let resume = if index > 1 {
        format!(" (statements 1 to {} already ran and will not be repeated)", index - 1)
    } else {
        String::new()
    };
    failure_with(file, index, line, text, e, resume)
}

/// [`Error::StatementFailed`] for statement `index` of `file`, with `resume` saying what
/// already ran (empty, or a parenthesised sentence starting with a space).
pub(crate) fn failure_with(file: &str, index: usize, line: u32, text: &str, e: mysql::Error, resume: String) -> Error {
    let (code, message) = match &e {
        mysql::Error::MySqlError(s) => (s.code, s.message.clone()),
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => {
            (2013, format!("lost connection to the server during the statement ({})", crate::db::plain(&e)))
        }
        other => (0, crate::db::plain(other)),
    };
    let first_line = text.lines().next().unwrap_or_default().trim().to_string();
    Error::StatementFailed { file: file.into(), index, line, first_line, code, message, resume }
}

/// Logs the warnings the last statement left, naming the file, statement and line.
pub(crate) fn log_warnings(conn: &mut Conn, file: &str, index: usize, line: u32) {
    if conn.warnings() == 0 {
        return;
    }
    let warnings: Vec<(String, u32, String)> = conn.query("SHOW WARNINGS").unwrap_or_default();
    for (level, code, message) in warnings {
        log::warn!("{file}: statement {index} (line {line}): {level} {code}: {message}");
    }
}
