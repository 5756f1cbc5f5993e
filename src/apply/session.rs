//! The session a migration file builds, kept as the `mysql` client keeps it: one session per
//! file, where whatever the file sets holds for the rest of the file.
//!
//! Most statements leave the session alone and run in batches with their journal rows. A file
//! may also open a *region* in which schemagate's own bookkeeping must follow the file's
//! session instead of its usual pattern:
//! - an explicit transaction (`START TRANSACTION`/`BEGIN` ... `COMMIT`/`ROLLBACK`) or
//!   `SET autocommit = 0`: each statement's journal row is written inside the file's
//!   transaction, so the rows commit or roll back with the work (a crash inside the region
//!   repeats the whole region, once); after a `ROLLBACK` the rolled-back statements are
//!   recorded as done (repeating them would only roll back again). A DDL statement commits
//!   implicitly, as on the server;
//! - `LOCK TABLES`: the journal and history tables are added to the file's lock list (else the
//!   server refuses to touch them), and, unless the file turned autocommit off itself,
//!   autocommit is off for the region so that each statement commits with its journal row
//!   without releasing the locks; `UNLOCK TABLES` ends it.
//!
//! At the end of a file, locks still held are released and a transaction still open is rolled
//! back, as the client's disconnect would. A resumed file first replays what built its session
//! up to the resume point ([`replayable`]): `SET`, `PREPARE`/`DEALLOCATE`, temporary tables and
//! writes into them, and a lock region still open there.

use crate::classify::{self, Kind};
use crate::history::{HISTORY_TABLE, JOURNAL_TABLE, SESSION_TABLE};
use crate::split::is_space;

/// What a statement does to the session's transaction and locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// `START TRANSACTION`, `BEGIN [WORK]`.
    Begin,
    /// `COMMIT [WORK]`.
    Commit,
    /// `ROLLBACK [WORK]` (not `ROLLBACK TO SAVEPOINT`).
    Rollback,
    /// `LOCK TABLE[S] ...`.
    Lock,
    /// `UNLOCK TABLE[S]`.
    Unlock,
    /// `SET autocommit = ...`: true turns it on.
    Autocommit(bool),
    /// DDL, which commits implicitly.
    ImplicitCommit,
    None,
}

/// Upper-case words of `text` outside quotes (enough for the few shapes read here).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_ascii_whitespace() || c == ';' || c == '=' || c == ',')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_uppercase)
        .collect()
}

impl Control {
    /// Reads the statement's control effect from its (cleaned) text.
    pub fn of(text: &str) -> Control {
        let w = words(text);
        let first = w.first().map_or("", String::as_str);
        let second = w.get(1).map_or("", String::as_str);
        match first {
            "START" if second == "TRANSACTION" => Control::Begin,
            "BEGIN" if second != "NOT" && !text.contains(';') => Control::Begin,
            "COMMIT" => Control::Commit,
            "ROLLBACK" if !w.iter().any(|x| x == "TO") => Control::Rollback,
            "LOCK" if matches!(second, "TABLE" | "TABLES") => Control::Lock,
            "UNLOCK" => Control::Unlock,
            "SET" => autocommit_value(text).map_or(Control::None, Control::Autocommit),
            _ if classify::classify(text).kind == Kind::Ddl && !temporary(text) => Control::ImplicitCommit,
            _ => Control::None,
        }
    }
}

/// The value a `SET [SESSION|@@session.]autocommit = v` assigns, if the statement is one.
fn autocommit_value(text: &str) -> Option<bool> {
    let upper = text.to_ascii_uppercase();
    let at = upper.find("AUTOCOMMIT")?;
    let rest = upper[at + "AUTOCOMMIT".len()..].trim_start();
    let rest = rest.strip_prefix(":=").or_else(|| rest.strip_prefix('='))?.trim_start();
    let value: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    match value.as_str() {
        "0" | "OFF" | "FALSE" => Some(false),
        "1" | "ON" | "TRUE" => Some(true),
        _ => None,
    }
}

/// `CREATE/DROP TEMPORARY TABLE`.
fn temporary(text: &str) -> bool {
    let w = words(text);
    matches!(w.first().map(String::as_str), Some("CREATE" | "DROP")) && w.get(1).is_some_and(|x| x == "TEMPORARY")
}

/// `LOCK TABLES <list>` with schemagate's journal and history tables (and the session table
/// when the file has one, `with_session`) added to the list.
pub fn lock_with_bookkeeping(text: &str, with_session: bool) -> String {
    let b = text.as_bytes();
    // After the LOCK and TABLE[S] words.
    let mut p = 0;
    for _ in 0..2 {
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        while p < b.len() && b[p].is_ascii_alphabetic() {
            p += 1;
        }
    }
    let session = if with_session { format!(" `{SESSION_TABLE}` WRITE,") } else { String::new() };
    format!("{} `{JOURNAL_TABLE}` WRITE, `{HISTORY_TABLE}` WRITE,{session}{}", &text[..p], &text[p..])
}

/// The session a file is in, as far as bookkeeping cares.
#[derive(Debug, Clone, Default)]
pub struct Region {
    /// An explicit transaction is open.
    pub transaction: bool,
    /// The file set autocommit off.
    pub manual: bool,
    /// Tables are locked.
    pub locked: bool,
    /// schemagate set autocommit off for a lock region.
    pub ours_manual: bool,
    /// The file sets user variables, so the session table exists and is locked too.
    pub with_session: bool,
}

impl Region {
    /// Bookkeeping must follow the file's session now.
    pub fn active(&self) -> bool {
        self.transaction || self.manual || self.locked
    }

    /// Journal rows join the file's transaction (committed or rolled back with its work).
    pub fn in_file_transaction(&self) -> bool {
        self.transaction || self.manual
    }

    /// What to send for a statement with `control` (setup, then the statement itself).
    pub fn statements_for(&self, control: Control, text: &str) -> Vec<String> {
        match control {
            Control::Lock if !self.manual && !self.ours_manual => {
                vec!["SET autocommit = 0".to_string(), lock_with_bookkeeping(text, self.with_session)]
            }
            Control::Lock => vec![lock_with_bookkeeping(text, self.with_session)],
            _ => vec![text.to_string()],
        }
    }

    /// The state after a statement with `control` ran; also what to send after it
    /// (`SET autocommit = 1` when a lock region of ours ends).
    pub fn after(&mut self, control: Control) -> Option<&'static str> {
        match control {
            Control::Begin => {
                self.transaction = true;
                self.locked = false;
            }
            Control::Commit | Control::Rollback | Control::ImplicitCommit => self.transaction = false,
            Control::Autocommit(on) => {
                self.manual = !on;
                self.transaction &= !on;
            }
            Control::Lock => {
                self.ours_manual |= !self.manual;
                self.locked = true;
                self.transaction = false;
            }
            Control::Unlock => {
                // UNLOCK TABLES commits an open transaction (of a file with autocommit off).
                self.transaction = false;
                self.locked = false;
                if std::mem::take(&mut self.ours_manual) {
                    return Some("SET autocommit = 1");
                }
            }
            Control::None => {}
        }
        None
    }

    /// What to send at the end of a file so that nothing it left open outlives it: a
    /// `ROLLBACK` for an open transaction, `UNLOCK TABLES` for held locks.
    pub fn closing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.in_file_transaction() {
            out.push("ROLLBACK");
        }
        if self.locked {
            out.push("UNLOCK TABLES");
        }
        if self.manual || self.ours_manual {
            out.push("SET autocommit = 1");
        }
        out
    }

    /// The same session with nothing open (what a new or reset connection has).
    pub fn reset(&mut self) {
        *self = Region { with_session: self.with_session, ..Region::default() };
    }
}

/// Which of `texts` (a file's statements before its resume point, in order) rebuild the
/// session a resumed file had there. A lock region closed before the resume point, and
/// anything inside a transaction (a transaction never spans a resume point), are left out.
pub fn replayable(texts: &[&str]) -> Vec<usize> {
    let mut temporaries: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut lock_at = None;
    for (i, text) in texts.iter().enumerate() {
        let w = words(text);
        let first = w.first().map_or("", String::as_str);
        match Control::of(text) {
            Control::Lock => lock_at = Some(i),
            Control::Unlock | Control::Begin => lock_at = None,
            Control::Autocommit(_) => out.push(i),
            _ if temporary(text) => {
                if let Some(name) = w.iter().skip(2).find(|x| !matches!(x.as_str(), "TABLE" | "IF" | "NOT" | "EXISTS"))
                {
                    temporaries.push(unquote(name));
                }
                out.push(i);
            }
            _ if matches!(first, "SET" | "PREPARE" | "DEALLOCATE") => out.push(i),
            _ if first == "DROP" && w.get(1).is_some_and(|x| x == "PREPARE") => out.push(i),
            _ if writes_to(&w, &temporaries) => out.push(i),
            _ => {}
        }
    }
    if let Some(at) = lock_at {
        out.push(at);
        out.sort_unstable();
    }
    out
}

/// The user variables (`@name`, not `@@system`) a `SET` statement assigns, and whether it
/// assigns nothing else. None for other statements.
pub fn user_variables(text: &str) -> Option<(Vec<String>, bool)> {
    let b = text.as_bytes();
    let upper = text.get(..4)?.to_ascii_uppercase();
    if upper != "SET " && upper != "SET\t" && upper != "SET\n" {
        return None;
    }
    let (mut names, mut only_user) = (Vec::new(), true);
    // Each top-level assignment starts after SET or a comma outside quotes and parentheses.
    let (mut depth, mut p, mut start) = (0usize, 3, true);
    while p < b.len() {
        let c = b[p];
        if start && !is_space(c) {
            start = false;
            let name_len = b[p..]
                .iter()
                .skip(1)
                .take_while(|&&x| x.is_ascii_alphanumeric() || x == b'_' || x == b'$' || x == b'.')
                .count();
            if c == b'@' && b.get(p + 1) != Some(&b'@') && name_len > 0 {
                names.push(text[p + 1..p + 1 + name_len].to_string());
            } else {
                only_user = false;
            }
        }
        match c {
            b'\'' | b'"' | b'`' => p = crate::split::quoted_end(b, p, false).unwrap_or(b.len()) - 1,
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => start = true,
            _ => {}
        }
        p += 1;
    }
    (!names.is_empty()).then_some((names, only_user))
}

fn unquote(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.trim_matches('`').to_string()
}

/// A data statement whose target is one of the `temporaries`.
fn writes_to(w: &[String], temporaries: &[String]) -> bool {
    let target = match w.first().map(String::as_str) {
        Some("INSERT" | "REPLACE") => w
            .iter()
            .skip(1)
            .find(|x| !matches!(x.as_str(), "INTO" | "IGNORE" | "LOW_PRIORITY" | "DELAYED" | "HIGH_PRIORITY")),
        Some("UPDATE") => w.iter().skip(1).find(|x| !matches!(x.as_str(), "IGNORE" | "LOW_PRIORITY")),
        Some("DELETE") => {
            w.iter().skip(1).find(|x| !matches!(x.as_str(), "FROM" | "IGNORE" | "LOW_PRIORITY" | "QUICK"))
        }
        _ => None,
    };
    target.is_some_and(|t| {
        let name = unquote(t.split('(').next().unwrap_or(t));
        temporaries.iter().any(|tmp| tmp.eq_ignore_ascii_case(&name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_read_from_the_statement() {
        assert_eq!(Control::of("START TRANSACTION"), Control::Begin);
        assert_eq!(Control::of("begin work"), Control::Begin);
        assert_eq!(Control::of("BEGIN NOT ATOMIC SELECT 1; END"), Control::None);
        assert_eq!(Control::of("COMMIT"), Control::Commit);
        assert_eq!(Control::of("ROLLBACK"), Control::Rollback);
        assert_eq!(Control::of("ROLLBACK TO SAVEPOINT a"), Control::None);
        assert_eq!(Control::of("LOCK TABLES t WRITE"), Control::Lock);
        assert_eq!(Control::of("UNLOCK TABLES"), Control::Unlock);
        assert_eq!(Control::of("SET autocommit=0"), Control::Autocommit(false));
        assert_eq!(Control::of("SET @@session.autocommit := ON"), Control::Autocommit(true));
        assert_eq!(Control::of("SET FOREIGN_KEY_CHECKS = 0"), Control::None);
        assert_eq!(Control::of("ALTER TABLE t ADD COLUMN c INT"), Control::ImplicitCommit);
        assert_eq!(Control::of("CREATE TEMPORARY TABLE t (a INT)"), Control::None);
        assert_eq!(Control::of("INSERT INTO t VALUES (1)"), Control::None);
    }

    #[test]
    fn lock_tables_gains_the_bookkeeping_tables() {
        assert_eq!(
            lock_with_bookkeeping("LOCK TABLES `t` WRITE", true),
            "LOCK TABLES `schemagate_journal` WRITE, `refinery_schema_history` WRITE, `schemagate_session` WRITE, `t` WRITE"
        );
        assert_eq!(
            lock_with_bookkeeping("lock table t read local, u write nowait", false),
            "lock table `schemagate_journal` WRITE, `refinery_schema_history` WRITE, t read local, u write nowait"
        );
    }

    #[test]
    fn regions_open_and_close_like_the_server() {
        let mut r = Region::default();
        assert_eq!(r.statements_for(Control::Lock, "LOCK TABLES t WRITE").len(), 2);
        r.after(Control::Lock);
        assert!(r.active() && r.ours_manual && !r.in_file_transaction());
        assert_eq!(r.after(Control::Unlock), Some("SET autocommit = 1"));
        assert!(!r.active());
        r.after(Control::Begin);
        assert!(r.in_file_transaction());
        r.after(Control::ImplicitCommit);
        assert!(!r.active());
        r.after(Control::Autocommit(false));
        r.after(Control::Commit);
        assert!(r.in_file_transaction(), "autocommit off: the next statement opens a transaction");
        assert_eq!(r.closing(), ["ROLLBACK", "SET autocommit = 1"]);
    }

    #[test]
    fn a_resume_replays_what_built_the_session() {
        let texts = [
            "SET @base = (SELECT MAX(n) FROM t)",
            "CREATE TEMPORARY TABLE tmp (a INT)",
            "INSERT INTO tmp SELECT n FROM t",
            "INSERT INTO t VALUES (1)",
            "LOCK TABLES t WRITE",
            "UNLOCK TABLES",
            "PREPARE s FROM 'SELECT 1'",
            "LOCK TABLES u WRITE",
            "UPDATE u SET a = 1",
        ];
        assert_eq!(replayable(&texts), [0, 1, 2, 6, 7]);
    }

    #[test]
    fn user_variables_assigned_by_set() {
        assert_eq!(user_variables("SET @base = (SELECT MAX(n), 1 FROM t)"), Some((vec!["base".to_string()], true)));
        assert_eq!(user_variables("SET @a := 1, @b = 'x,y'"), Some((vec!["a".into(), "b".into()], true)));
        assert_eq!(user_variables("SET @a = 1, sql_mode = ''"), Some((vec!["a".into()], false)));
        assert_eq!(user_variables("SET FOREIGN_KEY_CHECKS = 0"), None);
        assert_eq!(user_variables("SET @@session.sql_mode = ''"), None);
        assert_eq!(user_variables("SELECT @a := 1"), None);
    }
}
