//! A self-contained fuzzer for the splitter and the classifier (no nightly toolchain needed):
//! `scripts/fuzz-split [N]` runs N inputs (10 million by default) in release mode over all
//! cores, catching panics, and prints executions, panics and the rate. Inputs are numbered;
//! `--replay I` rebuilds input I of the same seed and runs it without catching, to debug.
//! Panicking inputs are written to `target/fuzz-split/panic-<I>.sql`; an input that runs for
//! more than 30 s is written there as `stall-<I>.sql` and ends the run.
//!
//!     cargo run --release --example fuzz_split -- [N] [--replay I]
//!     FUZZ_SEED (default 9), FUZZ_THREADS (default: the cores)

mod inputs;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Every `.sql`/`.dump` file of the repository's corpus: the seeds of the mutated inputs.
fn corpus() -> Vec<String> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "sql" || e == "dump") {
                files.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    files
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-split");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = setting("FUZZ_SEED", 9);
    let corpus = corpus();
    if let Some(at) = args.iter().position(|a| a == "--replay") {
        let index: u64 = args.get(at + 1).and_then(|v| v.parse().ok()).expect("--replay needs an input number");
        let text = inputs::input(seed, index, &corpus);
        println!("input {index} ({} bytes):\n{text:?}", text.len());
        inputs::exercise(&text);
        println!("no panic");
        return;
    }
    let total: u64 = args.first().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(10_000_000);
    let threads = setting("FUZZ_THREADS", std::thread::available_parallelism().map_or(2, |n| n.get() as u64)).max(1);
    std::panic::set_hook(Box::new(|_| {}));
    let done: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
    let current: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
    let panics: Mutex<Vec<(u64, String)>> = Mutex::default();
    let started = Instant::now();
    println!("fuzz_split: {total} inputs, {threads} thread(s), seed {seed}, {} corpus files", corpus.len());
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (done, current, panics, corpus) = (&done[t as usize], &current[t as usize], &panics, &corpus);
            scope.spawn(move || {
                let mut index = t;
                while index < total {
                    current.store(index, Ordering::Relaxed);
                    let text = inputs::input(seed, index, corpus);
                    if let Err(panic) = std::panic::catch_unwind(|| inputs::exercise(&text)) {
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        let _ = std::fs::write(out_dir().join(format!("panic-{index}.sql")), &text);
                        panics.lock().unwrap().push((index, message));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    index += threads;
                }
            });
        }
        watch(&done, &current, total, seed, &corpus, started);
    });
    report(total, &panics.into_inner().unwrap(), started.elapsed());
}

/// Prints progress every 10 s; ends the process when a thread stops advancing for 30 s.
fn watch(done: &[AtomicU64], current: &[AtomicU64], total: u64, seed: u64, corpus: &[String], started: Instant) {
    let mut last: Vec<(u64, Instant)> = done.iter().map(|d| (d.load(Ordering::Relaxed), Instant::now())).collect();
    let mut printed = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let sum: u64 = done.iter().map(|d| d.load(Ordering::Relaxed)).sum();
        if sum >= total {
            return;
        }
        for (t, d) in done.iter().enumerate() {
            let now = d.load(Ordering::Relaxed);
            if now != last[t].0 {
                last[t] = (now, Instant::now());
            } else if last[t].1.elapsed() > Duration::from_secs(30) && now < total.div_ceil(done.len() as u64) {
                let index = current[t].load(Ordering::Relaxed);
                let _ =
                    std::fs::write(out_dir().join(format!("stall-{index}.sql")), inputs::input(seed, index, corpus));
                println!(
                    "STALL: input {index} has run for more than 30 s (kept as target/fuzz-split/stall-{index}.sql)"
                );
                std::process::exit(2);
            }
        }
        if printed.elapsed() > Duration::from_secs(10) {
            printed = Instant::now();
            println!("  {sum} executions, {:.0}/s", sum as f64 / started.elapsed().as_secs_f64());
        }
    }
}

fn report(total: u64, panics: &[(u64, String)], elapsed: Duration) {
    println!(
        "executions: {total}; panics: {}; {:.1} s; {:.0} executions/s",
        panics.len(),
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    for (index, message) in panics.iter().take(20) {
        println!("  panic on input {index} (target/fuzz-split/panic-{index}.sql): {message}");
    }
    if !panics.is_empty() {
        std::process::exit(1);
    }
}
