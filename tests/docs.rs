//! The README as a reader meets it: code fences close (an open one swallows every later
//! heading), and every subcommand of `migrate` has a section of its own.

use clap::CommandFactory;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// `## ` headings outside code fences; panics on a fence left open.
fn headings(text: &str) -> Vec<String> {
    let (mut open, mut headings) = (None, Vec::new());
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            open = if open.is_some() { None } else { Some(number + 1) };
        } else if open.is_none() && line.starts_with("## ") {
            headings.push(line.to_string());
        }
    }
    assert_eq!(open, None, "README.md: the code fence opened at line {open:?} is never closed");
    headings
}

#[test]
fn readme_fences_close_and_every_subcommand_has_a_section() {
    let headings = headings(&readme());
    for command in schemagate::cli::Cli::command().get_subcommands() {
        let name = format!("`migrate {}", command.get_name());
        assert!(headings.iter().any(|h| h.contains(&name)), "no `## ...{name}...` section in README.md: {headings:#?}");
    }
}

#[test]
fn an_unclosed_fence_is_caught() {
    let result = std::panic::catch_unwind(|| headings("## a\n```text\n## b\n"));
    assert!(result.is_err());
}
