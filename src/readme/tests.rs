//! Tests of the folder's documentation: headers, the History list, rollback bullets, and
//! the checks of the folder against them.

use super::*;

fn stem(text: &str) -> Stem {
    naming::parse_stem(text).unwrap()
}

const README_TEXT: &str = "# migrations\n\nProse.\n\n## History\n\n- 20240101_a — First.\n\
                           - 20240103_c — Third.\n\n## Later\n\nMore prose.\n";

#[test]
fn reads_the_header_block_only() {
    let text = "\u{feff}\n-- Migration: 20240101_a\n--Date: 2024-01-01 \n-- Description:  First.\r\n--\n\
                -- Description: ignored\n\nSELECT 1;\n-- Migration: not the header\n";
    let header = read_header(text);
    assert_eq!(header.migration.as_deref(), Some("20240101_a"));
    assert_eq!(header.date.as_deref(), Some("2024-01-01"));
    assert_eq!(header.description.as_deref(), Some("First."));
    assert_eq!(read_header("SELECT 1;\n-- Migration: x\n"), Header::default());
}

#[test]
fn renders_what_it_reads() {
    let text = render_header("rollback_20240229_add_x", 20240229, "Undo it.");
    assert_eq!(text, "-- Migration: rollback_20240229_add_x\n-- Date: 2024-02-29\n-- Description: Undo it.\n");
    assert!(check_header("f", "rollback_20240229_add_x", 20240229, &read_header(&text)).is_empty());
    assert_eq!(sentence("add_user_email2"), "Add user email2.");
    assert_eq!(sentence("x"), "X.");
    assert_eq!(render_entry(&stem("20240101_a"), "First."), "- 20240101_a — First.");
}

#[test]
fn header_problems_name_the_expected_line() {
    let none = check_header("20240101_a.sql", "20240101_a", 20240101, &Header::default());
    assert_eq!(none.len(), 1);
    assert!(none[0].message.contains("has no header") && none[0].message.contains("`-- Date: 2024-01-01`"));
    let header = read_header("-- Migration: 20240101_b\n-- Date: 2024-1-1\n-- Description:\n");
    let found = check_header("20240101_a.sql", "20240101_a", 20240101, &header);
    let messages: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("change it to `-- Migration: 20240101_a`"));
    assert!(messages[1].contains("change it to `-- Date: 2024-01-01`"));
    assert!(messages[2].contains("`-- Description:` is empty"));
    let partial = check_header("x.sql", "20240101_a", 20240101, &read_header("-- Migration: 20240101_a\n"));
    assert_eq!(partial.len(), 2);
    assert!(partial[0].message.contains("add `-- Date: 2024-01-01`"), "{}", partial[0]);
}

#[test]
fn parses_entries_and_flags_other_bullets() {
    let text = format!("{README_TEXT}\n## History again?\n");
    let history = parse_history(&text).unwrap();
    let got: Vec<_> = history.entries.iter().map(|e| (e.stem.to_string(), e.description.as_str(), e.line)).collect();
    assert_eq!(got, [("20240101_a".into(), "First.", 7), ("20240103_c".into(), "Third.", 8)]);
    assert!(history.malformed.is_empty());
    let bad = parse_history("## History\n- 20240101_a - hyphen\n- 2024_a — x\nprose\n- 20240101_b — \n").unwrap();
    assert_eq!(bad.malformed.iter().map(|m| m.0).collect::<Vec<_>>(), [2, 3, 5]);
    assert_eq!(parse_history("# no history\n- 20240101_a — x\n"), None);
}

#[test]
fn inserts_in_order_and_changes_nothing_else() {
    let cases = [
        ("20240102_b", 8, "- 20240102_b — Second.\n- 20240103_c"),
        ("20231231_z", 7, "- 20231231_z — Second.\n- 20240101_a"),
        ("20240103_d", 9, "- 20240103_c — Third.\n- 20240103_d — Second.\n\n## Later"),
    ];
    for (new, line, expected) in cases {
        let out = insert_entry(README_TEXT, &stem(new), "Second.").unwrap();
        assert!(out.contains(expected), "{new}:\n{out}");
        let removed = out.replacen(&format!("- {new} — Second.\n"), "", 1);
        assert_eq!(removed, README_TEXT, "{new}: other bytes changed");
        let found = parse_history(&out).unwrap().entries.iter().find(|e| e.stem == stem(new)).unwrap().line;
        assert_eq!(found, line, "{new}");
    }
    let err = insert_entry(README_TEXT, &stem("20240103_c"), "Again.").unwrap_err();
    assert_eq!(err, InsertError::AlreadyListed { line: 8 });
    assert!(err.to_string().contains("line 8"));
}

#[test]
fn inserts_with_crlf_at_the_end_and_into_an_empty_section() {
    let crlf = "## History\r\n\r\n- 20240101_a — First.\r\n";
    assert_eq!(insert_entry(crlf, &stem("20240102_b"), "B.").unwrap(), format!("{crlf}- 20240102_b — B.\r\n"));
    let no_eol = "## History\n\n- 20240101_a — First.";
    assert_eq!(insert_entry(no_eol, &stem("20240102_b"), "B.").unwrap(), format!("{no_eol}\n- 20240102_b — B.\n"));
    let b = stem("20240102_b");
    let cases = [
        ("## History\n", "## History\n\n- 20240102_b — B.\n"),
        ("## History", "## History\n\n- 20240102_b — B.\n"),
        ("## History\n\n", "## History\n\n- 20240102_b — B.\n"),
        ("## History\n\n## Next\n", "## History\n\n- 20240102_b — B.\n\n## Next\n"),
        ("## History\nProse.\n", "## History\n\n- 20240102_b — B.\n\nProse.\n"),
    ];
    for (before, after) in cases {
        assert_eq!(insert_entry(before, &b, "B.").unwrap(), after, "{before:?}");
        assert_eq!(parse_history(after).unwrap().entries.len(), 1);
    }
    assert_eq!(insert_entry("# Title\n- 20240101_a — A.\n", &b, "B."), Err(InsertError::NoHistory));
}

#[test]
fn compare_reports_each_disagreement_with_its_fix() {
    let readme = "## History\n- 20240103_c — Third.\n- 20240101_a — Old words.\n- 20240103_c — Again.\n\
                  - 20240105_gone — Gone.\n- nonsense\n";
    let history = parse_history(readme).unwrap();
    let mut folder = BTreeMap::new();
    folder.insert(stem("20240101_a"), Some("New words.".to_string()));
    folder.insert(stem("20240102_b"), Some("Second.".to_string()));
    folder.insert(stem("20240103_c"), Some("Third.".to_string()));
    folder.insert(stem("20240104_d"), None);
    let found: Vec<String> = compare(&history, &folder).iter().map(ToString::to_string).collect();
    let expect = [
        "line 6 of the History list is not",
        "line 3 lists 20240101_a after 20240103_c; keep the History list in date and name order",
        "line 3 describes 20240101_a differently",
        "line 4 lists 20240103_c again (first on line 2)",
        "line 5 lists 20240105_gone, but there is no 20240105_gone.sql; delete the line",
        "misses 20240102_b.sql; add the line `- 20240102_b — Second.`",
        "misses 20240104_d.sql; add the line `- 20240104_d — <one sentence>`",
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (got, want) in found.iter().zip(expect) {
        assert!(got.starts_with("README.md: ") && got.contains(want), "{got}\nwant: {want}");
    }
}

#[test]
fn check_folder_reads_headers_rollbacks_and_the_readme() {
    let a = format!("{}SELECT 1;\n", render_header("20240101_a", 20240101, "First."));
    let rollback = format!("{}SELECT 1;\n", render_header("20240101_a", 20240101, "Undo."));
    let files = [
        ("20240101_a.sql", a.as_str()),
        ("rollback_20240101_a.sql", rollback.as_str()),
        ("20240102_b.sql", "SELECT 2;\n"),
        ("Bad Name.sql", "SELECT 3;"),
        ("README.md", "## History\n\n- 20240101_a — First.\n- 20240102_b — Second.\n"),
    ];
    let with_list = "## Rollback files\n\n- `rollback_20240102_b.sql`\n";
    let found: Vec<String> = check_folder(files).iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("rollback_20240101_a.sql: the header says `-- Migration: 20240101_a`"));
    assert!(found[0].contains("`-- Migration: rollback_20240101_a`"));
    assert!(found[1].starts_with("20240102_b.sql: has no header"));
    assert!(check_folder([("20240101_a.sql", a.as_str())]).is_empty(), "no README, no list check");
    let found = check_folder([files[0], files[1], ("README.md", with_list)]);
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[1].contains("lists rollback_20240102_b.sql, but there is no such file"), "{}", found[1]);
    assert!(found[2].contains("misses rollback_20240101_a.sql"), "{}", found[2]);
}

#[test]
fn keeps_the_rollback_list() {
    let text =
        "## Rollback files\n\nProse.\n\n- `rollback_20240101_a.sql`\n- `rollback_20240301_c.sql`\n\n## History\n";
    let listed = parse_rollbacks(text).unwrap();
    assert_eq!(listed, [(stem("20240101_a"), 5), (stem("20240301_c"), 6)]);
    let out = insert_rollback(text, &stem("20240201_b")).unwrap();
    assert_eq!(out, text.replace("- `rollback_20240301_c", "- `rollback_20240201_b.sql`\n- `rollback_20240301_c"));
    let out = insert_rollback(text, &stem("20240401_d")).unwrap();
    assert!(out.contains("c.sql`\n- `rollback_20240401_d.sql`\n\n## History"), "{out}");
    assert_eq!(insert_rollback(text, &stem("20240101_a")), None, "listed already");
    assert_eq!(insert_rollback("## Rollback files\n\nNone yet.\n", &stem("20240101_a")), None, "no list");
    assert_eq!(parse_rollbacks("## History\n- `rollback_20240101_a.sql`\n"), None);

    let found = compare_rollbacks(&listed, &[stem("20240101_a"), stem("20240201_b")]);
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("line 6 lists rollback_20240301_c.sql, but there is no such file"));
    assert!(found[1].contains("misses rollback_20240201_b.sql; add the line `- `rollback_20240201_b.sql``"));
}

/// The crate's own migrations folder: headers and History agree, so the build is quiet.
#[test]
fn own_migrations_folder_agrees_with_its_readme() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    assert!(files.iter().any(|(name, _)| name == README));
    let found = check_folder(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    assert!(found.is_empty(), "{found:#?}");
}
