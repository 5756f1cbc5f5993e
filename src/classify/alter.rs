//! The actions of an `ALTER TABLE`: split at top-level commas (`spec_heads`, first tokens
//! only), and what one action adds, drops or renames, for `already_done` and `rename_of`.

use super::*;

/// The one action of an `ALTER TABLE` besides `ALGORITHM=` and `LOCK=`, if it has exactly one.
pub(super) fn single_action(specs: &[Vec<Tok>]) -> Option<&[Tok]> {
    let mut actions = specs.iter().filter(|s| !s.first().is_some_and(|t| t.is_kw("ALGORITHM") || t.is_kw("LOCK")));
    match (actions.next(), actions.next()) {
        (Some(spec), None) => Some(spec),
        _ => None,
    }
}

/// Whether an `ADD` index or constraint action names what it adds (`ADD CONSTRAINT fk FOREIGN
/// KEY ...`, `ADD UNIQUE KEY uq (...)`); an unnamed one gets a generated name, so adding it
/// again makes a second one.
pub(super) fn added_named(spec: &[Tok]) -> bool {
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
pub(super) enum Part {
    Column,
    Index,
    PrimaryKey,
    ForeignKey,
    Check,
    /// `DROP CONSTRAINT name`: any kind of constraint.
    Constraint,
    Other,
}

pub(super) fn alter_already_done(specs: &[Vec<Tok>], code: u16) -> Option<&'static str> {
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
pub(super) fn added_part(spec: &[Tok]) -> Part {
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

pub(super) fn constraint_part(kind: &Tok) -> Part {
    match kind.upper().as_deref() {
        Some("UNIQUE") => Part::Index,
        Some("PRIMARY") => Part::PrimaryKey,
        Some("FOREIGN") => Part::ForeignKey,
        _ => Part::Check,
    }
}

/// The part a `DROP ...` action removes.
pub(super) fn dropped_part(spec: &[Tok]) -> Part {
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

/// The new name of an `ALTER TABLE` action `RENAME [TO|AS] name`; None for other actions,
/// including `RENAME COLUMN/INDEX/KEY/CONSTRAINT`.
pub(super) fn alter_rename_target(spec: &[Tok]) -> Option<String> {
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
pub(super) const SPEC_HEAD_LEN: usize = 8;

/// Splits the rest of an `ALTER TABLE` at top-level commas, keeping each action's first tokens.
pub(super) fn spec_heads<I: Iterator<Item = Tok>>(c: &mut Cursor<I>) -> Vec<Vec<Tok>> {
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
