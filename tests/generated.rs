//! Generated files in every style of issue 9 (tests/common/generator.rs) against the
//! `mariadb` client, compared with the fingerprint: the suite runs a small fixed number of
//! cases from a fixed seed; `scripts/differential` runs many more (the same test with
//! `SCHEMAGATE_DIFF_CASES`, `SCHEMAGATE_DIFF_SEED` and `SCHEMAGATE_DIFF_THREADS`). Files the
//! client itself rejects are not cases and are counted apart. Every case that is not the
//! same, and every one the client rejected, is written under `target/tmp/differential/` with
//! what went wrong.

use crate::common::differential::{compare, panic_message, Outcome};
use crate::common::generator::{case, render};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// `count` cases from `seed`, always the same for the same two numbers.
fn cases(count: usize, seed: u64) -> Vec<Vec<(String, String)>> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = case();
    (0..count).map(|_| render(&strategy.new_tree(&mut runner).expect("generator").current())).collect()
}

/// A cause: the outcome and its first telling line, without file names and with numbers
/// blurred, so cases group (`differs: routine`, `refused: string opened here...`).
fn cause(outcome: &Outcome) -> String {
    let details = outcome.details();
    let first = details.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("problems in")).unwrap_or("");
    let first = first.trim_start_matches("- ");
    let text = match outcome {
        Outcome::Differs(_) => first.split(' ').next().unwrap_or(""),
        Outcome::Failed(_) => &failed_statement(first),
        _ => first.split_once(": line ").map_or(first, |(_, rest)| rest.split_once(": ").map_or(rest, |(_, r)| r)),
    };
    let blurred: String = text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).take(150).collect();
    format!("{}: {blurred}", outcome.label())
}

/// `` `statement` failed: error`` reduced to the statement's first characters and the error,
/// a byte-order mark shown as `<BOM>`.
fn failed_statement(line: &str) -> String {
    let Some((_, rest)) = line.split_once(" failed: `") else { return line.to_string() };
    let (statement, error) = rest.split_once("`: ").unwrap_or((rest, ""));
    let head: String = match statement.strip_prefix('\u{feff}') {
        Some(_) => "<BOM>…".to_string(),
        None => statement.chars().take(14).collect::<String>() + "…",
    };
    format!("`{head}`: {}", error.chars().take(90).collect::<String>())
}

fn keep(dir: &std::path::Path, index: usize, files: &[(String, String)], outcome: &Outcome) {
    let case = dir.join(format!("case-{index:05}"));
    let _ = std::fs::create_dir_all(&case);
    for (name, text) in files {
        let _ = std::fs::write(case.join(format!("{name}.sql")), text);
    }
    let _ = std::fs::write(case.join("outcome.txt"), format!("{}\n{}\n", outcome.label(), outcome.details()));
}

#[test]
fn generated_files_match_the_mariadb_client() {
    let count = setting("SCHEMAGATE_DIFF_CASES", 24) as usize;
    let threads = setting("SCHEMAGATE_DIFF_THREADS", 2).max(1) as usize;
    let all = cases(count, setting("SCHEMAGATE_DIFF_SEED", 9));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("differential");
    let _ = std::fs::remove_dir_all(&dir);
    let next = AtomicUsize::new(0);
    let causes: Mutex<BTreeMap<String, Vec<usize>>> = Mutex::default();
    let (rejected, same) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(files) = all.get(i) else { break };
                if i > 0 && i % 500 == 0 {
                    println!("  {i} cases started");
                }
                let compared = std::panic::catch_unwind(AssertUnwindSafe(|| compare(&format!("g{i}"), files)));
                match compared.unwrap_or_else(|panic| Outcome::Harness(panic_message(&*panic))) {
                    Outcome::Same(_) => same.fetch_add(1, Ordering::SeqCst),
                    rejection @ Outcome::ClientRejected { .. } => {
                        keep(&dir, i, files, &rejection);
                        rejected.fetch_add(1, Ordering::SeqCst)
                    }
                    other => {
                        keep(&dir, i, files, &other);
                        causes.lock().unwrap().entry(cause(&other)).or_default().push(i);
                        0
                    }
                };
            });
        }
    });
    let causes = causes.into_inner().unwrap();
    let (rejected, same) = (rejected.into_inner(), same.into_inner());
    let mut summary = format!(
        "generated files: {count} cases; client rejected {rejected}; same {same}; not the same {}",
        count - rejected - same
    );
    for (label, cases) in &causes {
        summary.push_str(&format!("\n  {:5} × {label}   (e.g. case-{:05})", cases.len(), cases[0]));
    }
    println!("{summary}");
    assert!(causes.is_empty(), "{summary}\ncases kept under {}", dir.display());
    assert!(same > count / 2, "most generated files should be valid for the client: {summary}");
}
