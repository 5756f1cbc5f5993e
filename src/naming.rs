//! The migration file-name grammar, shared by `build.rs`, `migrate new` and the runtime.
//!
//! A forward migration is `YYYYMMDD_description.sql`: a real calendar date, an underscore,
//! and a description of lowercase ASCII letters, digits and underscores that starts with a
//! letter. `rollback_YYYYMMDD_description.sql` is the rollback script of the migration with
//! the same stem. `README.md` and dotfiles are not migrations and are ignored; any other name
//! is a mistake, reported with the rule it breaks and a corrected example.
//!
//! Migrations are ordered by date, then by description (which is the byte order of the stems,
//! since the date is fixed-width). Each gets the identity `date * 100 + position`, where
//! `position` (1..=99) is its place among the files of its date. That fits refinery's `i32`
//! versions until the end of the year 2147 (later dates are refused) and is stable as long as files are only added after the
//! applied ones, which the runtime enforces.
//!
//! This file is std-only: `build.rs` includes it with `#[path]`.

use std::fmt;

/// File extension of every migration and rollback script (lowercase only).
pub const EXTENSION: &str = ".sql";
/// Prefix that marks a rollback script.
pub const ROLLBACK_PREFIX: &str = "rollback_";
/// At most this many migrations may share one date (the position is two decimal digits).
pub const MAX_PER_DAY: usize = 99;

/// The stem of a migration file: its date and description. Orders by date, then description.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stem {
    pub date: u32,
    pub description: String,
}

impl Stem {
    /// The forward migration's file name, `YYYYMMDD_description.sql`.
    pub fn file_name(&self) -> String {
        format!("{self}{EXTENSION}")
    }

    /// The rollback script's file name, `rollback_YYYYMMDD_description.sql`.
    pub fn rollback_file_name(&self) -> String {
        format!("{ROLLBACK_PREFIX}{self}{EXTENSION}")
    }

    /// The identity recorded in the history table for the `position`-th file (1-based) of
    /// this stem's date.
    pub fn version(&self, position: usize) -> i32 {
        debug_assert!((1..=MAX_PER_DAY).contains(&position));
        (self.date as i64 * 100 + position as i64) as i32
    }
}

impl fmt::Display for Stem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}_{}", self.date, self.description)
    }
}

/// What a directory entry of `migrations/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Migration(Stem),
    Rollback(Stem),
    /// `README.md` or a dotfile: not ours, left alone.
    Ignored,
}

/// A file name that breaks the grammar: the rule it breaks and a name that would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    pub rule: String,
    pub example: String,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; rename it, for example to `{}`", self.rule, self.example)
    }
}

/// Classifies one file name found in the migrations folder. `today` (YYYYMMDD) is only used to
/// build the example name of an error when the file has no usable date.
pub fn classify_file(name: &str, today: u32) -> Result<FileKind, NameError> {
    if name == "README.md" || name.starts_with('.') {
        return Ok(FileKind::Ignored);
    }
    let fail = |rule: String| NameError { rule, example: suggest_name(name, today) };
    let Some(base) = name.strip_suffix(EXTENSION) else {
        let rule = if name.to_ascii_lowercase().ends_with(EXTENSION) {
            "the extension must be lowercase `.sql`".to_string()
        } else {
            "only `YYYYMMDD_description.sql` migrations, `rollback_` scripts and README.md \
             belong in the migrations folder"
                .to_string()
        };
        return Err(fail(rule));
    };
    let (rollback, stem) = match base.strip_prefix(ROLLBACK_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, base),
    };
    let stem = parse_stem(stem).map_err(fail)?;
    Ok(if rollback { FileKind::Rollback(stem) } else { FileKind::Migration(stem) })
}

/// Parses `YYYYMMDD_description` (no extension), explaining the first rule it breaks.
pub fn parse_stem(stem: &str) -> Result<Stem, String> {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err("the name must start with the date as YYYYMMDD".into());
    }
    if digits != 8 {
        return Err(format!("the date must have exactly 8 digits (YYYYMMDD), found {digits}"));
    }
    let date: u32 = stem[..8].parse().map_err(|_| "the date is not a number".to_string())?;
    check_date(date)?;
    let rest = &stem[8..];
    let Some(description) = rest.strip_prefix('_') else {
        return Err(if rest.is_empty() {
            "a description must follow the date: YYYYMMDD_description".into()
        } else {
            "the date must be followed by an underscore and the description".into()
        });
    };
    validate_description(description)?;
    Ok(Stem { date, description: description.to_string() })
}

/// The description rule: lowercase ASCII letters, digits and underscores, starting with a
/// letter, at most 200 characters.
pub fn validate_description(description: &str) -> Result<(), String> {
    if description.is_empty() {
        return Err("a description must follow the date: YYYYMMDD_description".into());
    }
    if description.len() > 200 {
        return Err("the description must be at most 200 characters".into());
    }
    if let Some(c) = description.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')) {
        let what = match c {
            c if c.is_ascii_uppercase() => "uppercase letters".to_string(),
            ' ' => "spaces".to_string(),
            '-' => "hyphens".to_string(),
            c => format!("`{c}`"),
        };
        return Err(format!("the description may contain only lowercase letters, digits and underscores, not {what}"));
    }
    if !description.as_bytes()[0].is_ascii_lowercase() {
        return Err("the description must start with a lowercase letter".into());
    }
    Ok(())
}

/// The last year whose dates still give versions (`date * 100 + position`) that fit an
/// `i32`: 2147-12-31 is 2147123199 at most, 2148-01-01 would overflow.
pub const LAST_YEAR: u32 = 2147;

/// Checks that `YYYYMMDD` is a real calendar date (years 1000 to [`LAST_YEAR`]).
pub fn check_date(date: u32) -> Result<(), String> {
    let (year, month, day) = (date / 10000, date / 100 % 100, date % 100);
    if !(1000..=9999).contains(&year) {
        return Err(format!("{date:08} is not a date: the year must have four digits"));
    }
    if year > LAST_YEAR {
        return Err(format!(
            "{date:08} is too late: versions (date * 100 + position) must fit the history \
             table's 32-bit version column, which ends with the year {LAST_YEAR}; check the year"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("{date:08} is not a date: there is no month {month}"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("{date:08} is not a date: month {month} of {year} has no day {day}"));
    }
    Ok(())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's UTC date as YYYYMMDD, from the system clock.
pub fn today() -> u32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to YYYYMMDD (Howard Hinnant's civil-from-days algorithm).
pub fn civil_date(days: i64) -> u32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year * 10000 + month * 100 + day) as u32
}

/// A valid name close to `name`: its date when it has a real one (else `today`), and its
/// words lowercased and joined with underscores.
pub fn suggest_name(name: &str, today: u32) -> String {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(EXTENSION).unwrap_or(&lower);
    let base = base.rsplit_once('.').map_or(base, |(b, _)| b);
    let (prefix, base) = match base.strip_prefix(ROLLBACK_PREFIX) {
        Some(rest) => (ROLLBACK_PREFIX, rest),
        None => ("", base),
    };
    let (digits, rest) = leading_date(base);
    let date = digits.parse::<u32>().ok().filter(|d| digits.len() == 8 && check_date(*d).is_ok()).unwrap_or(today);
    let mut words = String::new();
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() {
            words.push(c);
        } else if !words.is_empty() && !words.ends_with('_') {
            words.push('_');
        }
    }
    let mut description = words.trim_end_matches('_').to_string();
    if description.is_empty() {
        description = "describe_the_change".into();
    } else if !description.as_bytes()[0].is_ascii_lowercase() {
        description.insert_str(0, "m_");
    }
    format!("{prefix}{date:08}_{description}{EXTENSION}")
}

/// The leading date's digits and the rest: `20240105_x` and `2024-01-05_x` (also with `_`
/// or `.` between the parts) both give `20240105`.
fn leading_date(base: &str) -> (String, &str) {
    let b = base.as_bytes();
    let digit = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let separated = digit(0..4) && digit(5..7) && digit(8..10) && b[4] == b[7] && b"-_.".contains(&b[4]);
    if separated && !b.get(10).is_some_and(u8::is_ascii_digit) {
        return (format!("{}{}{}", &base[..4], &base[5..7], &base[8..10]), &base[10..]);
    }
    let digits: String = base.chars().take_while(char::is_ascii_digit).collect();
    let rest = &base[digits.len()..];
    (digits, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: u32 = 20261125;

    fn err(name: &str) -> NameError {
        classify_file(name, TODAY).expect_err(name)
    }

    #[test]
    fn accepts_migrations_and_rollbacks() {
        let stem = Stem { date: 20240229, description: "add_users2".into() };
        assert_eq!(classify_file("20240229_add_users2.sql", TODAY), Ok(FileKind::Migration(stem.clone())));
        assert_eq!(classify_file("rollback_20240229_add_users2.sql", TODAY), Ok(FileKind::Rollback(stem.clone())));
        assert_eq!(stem.file_name(), "20240229_add_users2.sql");
        assert_eq!(stem.rollback_file_name(), "rollback_20240229_add_users2.sql");
        assert_eq!(stem.version(3), 2024022903);
    }

    #[test]
    fn ignores_readme_and_dotfiles() {
        assert_eq!(classify_file("README.md", TODAY), Ok(FileKind::Ignored));
        assert_eq!(classify_file(".gitkeep", TODAY), Ok(FileKind::Ignored));
    }

    #[test]
    fn each_broken_rule_is_named_with_a_valid_example() {
        let cases = [
            ("initial_schema.sql", "must start with the date", "20261125_initial_schema.sql"),
            ("2024011_init.sql", "exactly 8 digits", "20261125_init.sql"),
            ("20241301_init.sql", "no month 13", "20261125_init.sql"),
            ("20240230_init.sql", "has no day 30", "20261125_init.sql"),
            ("20230229_init.sql", "has no day 29", "20261125_init.sql"),
            ("20240101_Init.sql", "uppercase", "20240101_init.sql"),
            ("20240101_add-col.sql", "hyphens", "20240101_add_col.sql"),
            ("20240101_add col.sql", "spaces", "20240101_add_col.sql"),
            ("20240101_init.SQL", "lowercase `.sql`", "20240101_init.sql"),
            ("20240101.sql", "description must follow", "20240101_describe_the_change.sql"),
            ("20240101_.sql", "description must follow", "20240101_describe_the_change.sql"),
            ("20240101_1init.sql", "start with a lowercase letter", "20240101_m_1init.sql"),
            ("20240101-init.sql", "followed by an underscore", "20240101_init.sql"),
            ("notes.txt", "only `YYYYMMDD_description.sql`", "20261125_notes.sql"),
            ("rollback_2024_x.sql", "exactly 8 digits", "rollback_20261125_x.sql"),
            ("2024-01-05_add.sql", "exactly 8 digits", "20240105_add.sql"),
            ("2024_01_05_add_users.sql", "exactly 8 digits", "20240105_add_users.sql"),
            ("29240101_typo.sql", "ends with the year 2147", "20261125_typo.sql"),
        ];
        for (name, rule, example) in cases {
            let e = err(name);
            assert!(e.rule.contains(rule), "{name}: {}", e.rule);
            assert_eq!(e.example, example, "{name}");
            assert!(classify_file(&e.example, TODAY).is_ok(), "{name}: {}", e.example);
            assert!(e.to_string().contains(example));
        }
    }

    #[test]
    fn orders_by_date_then_description() {
        let a = parse_stem("20240101_b").unwrap();
        let b = parse_stem("20240101_c").unwrap();
        let c = parse_stem("20231231_z").unwrap();
        let mut v = vec![b.clone(), a.clone(), c.clone()];
        v.sort();
        assert_eq!(v, vec![c, a, b]);
    }

    #[test]
    fn leap_years_and_civil_dates() {
        assert!(check_date(20000229).is_ok());
        assert!(check_date(19000229).is_err());
        assert!(check_date(20241231).is_ok());
        assert!(check_date(20240100).is_err());
        assert!(check_date(21471231).is_ok());
        assert_eq!(Stem { date: 21471231, description: "x".into() }.version(99), 2147123199);
        assert!(check_date(21480101).unwrap_err().contains("ends with the year 2147"));
        assert_eq!(civil_date(0), 19700101);
        assert_eq!(civil_date(20_417), 20251125);
        assert_eq!(civil_date(19_782), 20240229);
    }
}
