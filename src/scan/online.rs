//! The grammar of an online migration, shared by `build.rs` and the runtime (std-only, so
//! `build.rs` includes this file with `#[path]`): the marker line that opts a migration in,
//! the split of an `ALTER TABLE` into the table and the actions pt-online-schema-change takes
//! (`--alter`), and why a statement of an online migration cannot run online.

/// The line that makes a migration's `ALTER TABLE` statements run online, through
/// pt-online-schema-change.
pub const ONLINE_MARKER: &str = "-- schemagate: online";

/// Whether `sql` has the [`ONLINE_MARKER`] line (surrounding blanks and case ignored).
pub fn marked_online(sql: &str) -> bool {
    sql.lines().any(|line| line.trim().eq_ignore_ascii_case(ONLINE_MARKER))
}

/// An `ALTER TABLE` as pt-online-schema-change takes it: the table, unquoted, and the actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alter {
    pub table: String,
    /// Everything after the table name (`ADD COLUMN x INT, ADD INDEX (x)`).
    pub actions: String,
}

/// Reads `ALTER [ONLINE] [IGNORE] TABLE [db.]name actions`; None for any other statement.
/// A qualified name keeps only the table part (the migration's database is the target).
pub fn parse_alter(text: &str) -> Option<Alter> {
    let mut rest = text.trim_start();
    rest = word(rest, "ALTER")?;
    for optional in ["ONLINE", "IGNORE"] {
        rest = word(rest, optional).unwrap_or(rest);
    }
    rest = word(rest, "TABLE")?;
    let (mut table, mut after) = name(rest)?;
    if let Some(tail) = after.strip_prefix('.') {
        (table, after) = name(tail)?;
    }
    Some(Alter { table, actions: after.trim().to_string() })
}

/// The word `w` (any case) at the start of `text` and the text after it and its blanks.
fn word<'a>(text: &'a str, w: &str) -> Option<&'a str> {
    let head = text.get(..w.len())?;
    let after = &text[w.len()..];
    let ends = after.chars().next().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
    (head.eq_ignore_ascii_case(w) && ends).then(|| after.trim_start())
}

/// An identifier, back-quoted or bare, and the text after it (blanks before a `.` kept out).
fn name(text: &str) -> Option<(String, &str)> {
    if let Some(quoted) = text.strip_prefix('`') {
        let mut out = String::new();
        let mut chars = quoted.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '`' {
                if chars.peek().is_some_and(|(_, n)| *n == '`') {
                    chars.next();
                    out.push('`');
                    continue;
                }
                return Some((out, &quoted[i + 1..]));
            }
            out.push(c);
        }
        return None;
    }
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(text.len());
    (end > 0).then(|| (text[..end].to_string(), &text[end..]))
}

/// Why `text`, an `ALTER TABLE` of an online migration, cannot run through
/// pt-online-schema-change, with the fix; None when it can.
pub fn refusal(text: &str) -> Option<String> {
    let alter = parse_alter(text)?;
    let upper = alter.actions.to_ascii_uppercase();
    let first = upper.split(|c: char| c.is_whitespace() || c == ',').find(|w| !w.is_empty()).unwrap_or_default();
    if alter.actions.is_empty() {
        Some("this ALTER TABLE has no action to run online; add its actions or remove the statement".into())
    } else if first == "RENAME" && !upper.starts_with("RENAME COLUMN") && !upper.starts_with("RENAME INDEX") {
        Some(format!(
            "pt-online-schema-change cannot rename table `{}`; rename it in a migration without the `{ONLINE_MARKER}` line",
            alter.table
        ))
    } else {
        None
    }
}

/// The problems of an online migration's statements (`texts`, with their lines): none of
/// them an `ALTER TABLE`, or one that cannot run online. Each ends with its fix.
pub fn problems<'a>(texts: impl IntoIterator<Item = (u32, &'a str)>) -> Vec<String> {
    let mut alters = 0;
    let mut found = Vec::new();
    for (line, text) in texts {
        if parse_alter(text).is_some() {
            alters += 1;
            if let Some(why) = refusal(text) {
                found.push(format!("line {line}: {why}"));
            }
        }
    }
    if alters == 0 {
        found.push(format!(
            "has the `{ONLINE_MARKER}` line but no ALTER TABLE statement to run online; remove the line, \
             or put the big table's ALTER TABLE in this migration"
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_a_line_of_its_own() {
        assert!(marked_online("-- schemagate: online\nALTER TABLE t ADD x INT;"));
        assert!(marked_online("  -- SchemaGate: Online  \r\n"));
        assert!(!marked_online("-- schemagate: online later\n"));
        assert!(!marked_online("ALTER TABLE t ADD x INT; -- schemagate: online"));
    }

    #[test]
    fn an_alter_splits_into_table_and_actions() {
        let a = parse_alter("ALTER TABLE big ADD COLUMN w INT NULL, ADD INDEX iw (w)").unwrap();
        assert_eq!((a.table.as_str(), a.actions.as_str()), ("big", "ADD COLUMN w INT NULL, ADD INDEX iw (w)"));
        let a = parse_alter("alter online ignore table `db`.`we``ird` add x int").unwrap();
        assert_eq!((a.table.as_str(), a.actions.as_str()), ("we`ird", "add x int"));
        let a = parse_alter("ALTER TABLE app.orders\n  DROP COLUMN old").unwrap();
        assert_eq!((a.table.as_str(), a.actions.as_str()), ("orders", "DROP COLUMN old"));
        assert_eq!(parse_alter("ALTER VIEW v AS SELECT 1"), None);
        assert_eq!(parse_alter("ALTERTABLE t ADD x INT"), None);
        assert_eq!(parse_alter("INSERT INTO t VALUES (1)"), None);
    }

    #[test]
    fn renaming_the_table_or_nothing_to_do_cannot_run_online() {
        assert!(refusal("ALTER TABLE t RENAME TO u").unwrap().contains("cannot rename table `t`"));
        assert!(refusal("ALTER TABLE t").unwrap().contains("no action"));
        assert_eq!(refusal("ALTER TABLE t RENAME COLUMN a TO b"), None);
        assert_eq!(refusal("ALTER TABLE t ADD x INT"), None);
    }

    #[test]
    fn an_online_migration_needs_an_alter_table() {
        assert_eq!(problems([(1, "ALTER TABLE t ADD x INT"), (2, "UPDATE t SET x = 1")]), Vec::<String>::new());
        assert!(problems([(1, "UPDATE t SET x = 1")])[0].contains("no ALTER TABLE"));
        assert_eq!(problems([(3, "ALTER TABLE t RENAME u")])[0].split(':').next(), Some("line 3"));
    }
}
