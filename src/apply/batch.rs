//! Consecutive DDL and data statements of one migration and their bookkeeping, sent as one
//! multi-statement text query: one round trip where statement-by-statement execution takes
//! one or more per statement.
//!
//! Each statement is sent as `[START TRANSACTION;] <statement>; SHOW WARNINGS;` followed, for
//! [`Journal::Write`], by `[START TRANSACTION;] <journal rows>; [<history rows>;] [COMMIT]`:
//! its own row and the rows waiting since earlier statements and migrations. For a statement
//! whose rerun is harmless ([`Journal::Defer`]) nothing follows: its row goes with the next
//! write. The server sends each part's result as soon as the part is done, so the time between
//! two results is how long the part took: that is each statement's time ([`Completed`]), which
//! the caller records later (the rows in the batch are written before it is known).
//!
//! The server runs the parts in order and stops at the first error, so:
//! - a journal row is only ever written after its statement succeeded, and a written row is
//!   committed before the next statement starts;
//! - a data statement and its journal rows are one transaction, rolled back if any part fails;
//! - history rows share the transaction of the journal rows written with them;
//! - `SHOW WARNINGS` reads the statement's warnings before our own inserts clear them.
//!
//! Every part yields exactly one result set (DDL and data statements return one OK packet, or
//! rows for `... RETURNING`), which is how an error is traced to its part and statement.

use mysql::prelude::Queryable;
use mysql::Conn;
use std::time::{Duration, Instant};

/// A batch stops growing once its text passes this size (a statement larger than this still
/// goes, alone).
pub const MAX_TEXT: usize = 1 << 20;

/// A server warning: level, code, message.
pub type Warning = (String, u32, String);

/// What a part of a batch is, which decides what its failure means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Setup,
    /// The intent recorded before a statement whose rerun is not harmless (`intent`).
    Intent,
    Statement,
    Warnings,
    Journal,
    History,
    Commit,
}

/// Where the last statement of a batch is cut short (crash tests only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// After the statement, before its journal row.
    AfterStatement,
    /// After the statement and its journal row.
    AfterJournal,
}

/// What follows a statement for the journal.
#[derive(Debug, Clone, Copy)]
pub enum Journal<'a> {
    /// This `INSERT` of journal rows: the statement's own and the waiting ones before it.
    Write(&'a str),
    /// Nothing: the statement's row waits for a later write.
    Defer,
}

/// A statement of the batch that succeeded, with all its parts.
#[derive(Debug)]
pub struct Completed {
    pub warnings: Vec<Warning>,
    /// From the result before the statement's to the statement's own.
    pub elapsed: Duration,
}

/// The outcome of running a batch.
#[derive(Debug)]
pub struct Outcome {
    /// Every statement whose parts all succeeded, in batch order.
    pub completed: Vec<Completed>,
    /// The part that failed, the position of its statement in the batch, and the error.
    pub failed: Option<(Part, usize, mysql::Error)>,
}

#[derive(Debug, Default)]
pub struct Batch {
    sql: String,
    /// Each part with the position of its statement.
    parts: Vec<(Part, usize)>,
    /// Per statement: whether it opens a transaction.
    transaction: Vec<bool>,
}

impl Batch {
    /// Statements added so far.
    pub fn len(&self) -> usize {
        self.transaction.len()
    }

    pub fn is_empty(&self) -> bool {
        self.transaction.is_empty()
    }

    /// The size of the query text so far.
    pub fn text_len(&self) -> usize {
        self.sql.len()
    }

    /// Adds `statement` with its `journal` part and, with a written one, `history` (history
    /// rows, written in the same transaction); `cut` ends the batch early inside this
    /// statement. A deferred row never goes with a data statement or history rows.
    pub fn add(&mut self, statement: &str, data: bool, journal: Journal<'_>, history: Option<&str>, cut: Option<Cut>) {
        let at = self.len();
        let transaction = data || history.is_some();
        debug_assert!(matches!(journal, Journal::Write(_)) || !transaction, "a deferred row needs a later commit");
        self.transaction.push(transaction);
        if data {
            self.push(Part::Setup, at, "START TRANSACTION");
        }
        self.push(Part::Statement, at, statement);
        if cut == Some(Cut::AfterStatement) {
            return;
        }
        self.push(Part::Warnings, at, "SHOW WARNINGS");
        let Journal::Write(journal) = journal else { return };
        if transaction && !data {
            self.push(Part::Setup, at, "START TRANSACTION");
        }
        self.push(Part::Journal, at, journal);
        if let Some(sql) = history {
            self.push(Part::History, at, sql);
        }
        if transaction {
            self.push(Part::Commit, at, "COMMIT");
        }
    }

    /// Records an intent (`intent::record_sql`) before the statement added next.
    pub fn intent(&mut self, sql: &str) {
        self.push(Part::Intent, self.len(), sql);
    }

    fn push(&mut self, part: Part, at: usize, sql: &str) {
        if !self.sql.is_empty() {
            // The newline ends a `--` or `#` comment the statement's text may end with.
            self.sql.push_str("\n;\n");
        }
        self.sql.push_str(sql);
        self.parts.push((part, at));
    }

    /// Sends the batch and reads every result; rolls back a transaction a failure left open.
    pub fn run(&self, conn: &mut Conn) -> Outcome {
        let mut outcome = Outcome { completed: Vec::new(), failed: None };
        if let Err((i, e)) = self.execute(conn, &mut outcome) {
            let (part, at) = self.parts.get(i).copied().unwrap_or((Part::Setup, 0));
            if self.transaction.get(at) == Some(&true) {
                let _ = conn.query_drop("ROLLBACK");
            }
            outcome.failed = Some((part, at, e));
        }
        outcome
    }

    fn execute(&self, conn: &mut Conn, outcome: &mut Outcome) -> Result<(), (usize, mysql::Error)> {
        let mut previous = Instant::now();
        let mut result = conn.query_iter(&self.sql).map_err(|e| (0, e))?;
        let (mut warnings, mut elapsed) = (Vec::new(), Duration::ZERO);
        let mut i = 0;
        while let Some(set) = result.iter() {
            // The part's result has just arrived (the client library reads a result's header
            // before handing out its rows, possibly while finishing the previous result).
            let now = Instant::now();
            let part = self.parts.get(i).map(|p| p.0);
            if part == Some(Part::Statement) {
                elapsed = now - previous;
            }
            previous = now;
            for row in set {
                let row = row.map_err(|e| (i, e))?;
                if part == Some(Part::Warnings) {
                    if let Ok(warning) = mysql::from_row_opt(row) {
                        warnings.push(warning);
                    }
                }
            }
            if i >= self.parts.len() {
                // The server read some statement as several: stop before journalling it.
                return Err((self.parts.len() - 1, super::several_statements(i + 1 - self.parts.len() + 1)));
            }
            let at = self.parts.get(i).map_or(usize::MAX, |p| p.1);
            if self.parts.get(i + 1).is_none_or(|next| next.1 != at) {
                outcome.completed.push(Completed { warnings: std::mem::take(&mut warnings), elapsed });
            }
            i += 1;
        }
        Ok(())
    }
}
