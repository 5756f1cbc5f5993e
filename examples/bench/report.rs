//! The markdown report: one table per question of the benchmark, each figure next to its
//! reference and its target.

use crate::measure::{human, median};
use crate::{ApplyResult, BuildResult, NoopResult, Server, Size};
use mysql::prelude::Queryable;
use std::fmt::Write;

pub struct Report {
    header: String,
    pub apply: Vec<ApplyResult>,
    pub noop: Vec<NoopResult>,
    pub build: Option<BuildResult>,
}

const APPLY_TARGET: f64 = 1.08;
const NOOP_TARGET: f64 = 0.75;
const ROUND_TRIP_TARGET: u64 = 6;
const BUILD_SCRIPT_TARGET: f64 = 0.5;
const RSS_TARGET_MIB: f64 = 32.0;

fn verdict(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

impl Report {
    pub fn new(server: &Server, sizes: &[Size]) -> Result<Report, String> {
        let version: Option<String> =
            server.admin()?.query_first("SELECT VERSION()").map_err(|e| format!("asking the server version: {e}"))?;
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let root = env!("CARGO_MANIFEST_DIR");
        let commit = std::process::Command::new("git")
            .args(["-C", root, "describe", "--always", "--dirty"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into());
        let today = schemagate::naming::today();
        let sizes: Vec<String> = sizes.iter().map(|s| format!("N={} ({} statements)", s.n, s.statements)).collect();
        let mut header = String::new();
        let _ = writeln!(
            header,
            "Measured {}-{:02}-{:02}, commit `{commit}`, {cores} cores, MariaDB/MySQL `{}` at {}:{}; \
             generated folders {}.\n",
            today / 10000,
            today / 100 % 100,
            today % 100,
            version.unwrap_or_default(),
            server.host,
            server.port,
            sizes.join(", ")
        );
        Ok(Report { header, apply: Vec::new(), noop: Vec::new(), build: None })
    }

    /// Every timed run, one per line: measurement, N, pair, ours (s), reference (s), peak RSS
    /// of ours (KiB).
    pub fn samples(&self) -> String {
        let mut out = String::from("measurement\tn\tpair\tours_s\treference_s\tours_rss_kib\n");
        let mut rows = |what: &str, n: usize, paired: &crate::measure::Paired| {
            for (i, (o, r)) in paired.ours.iter().zip(&paired.reference).enumerate() {
                let (a, b) = (o.elapsed.as_secs_f64(), r.elapsed.as_secs_f64());
                let _ = writeln!(out, "{what}\t{n}\t{i}\t{a:.6}\t{b:.6}\t{}", o.max_rss_kib);
            }
        };
        for r in &self.apply {
            rows("fresh_apply", r.n, &r.paired);
        }
        for r in &self.noop {
            rows("noop_start", r.n, &r.paired);
            rows("noop_start_folder", r.n, &r.folder);
        }
        if let Some(b) = &self.build {
            rows("build_script_large_vs_small", b.large, &b.script);
        }
        out
    }

    pub fn render(&self) -> String {
        let mut out = String::from("## schemagate benchmark\n\n");
        out.push_str(&self.header);
        out.push_str(
            "Times are medians; a ratio is the median of per-pair ratios (ours / reference, run back \
             to back, order alternating), so both sides of a ratio saw the same machine load; in \
             brackets the quartiles of those ratios, to show how noisy the machine was.\n\n",
        );
        if !self.apply.is_empty() {
            self.render_apply(&mut out);
        }
        if !self.noop.is_empty() {
            self.render_noop(&mut out);
        }
        if let Some(build) = &self.build {
            render_build(build, &mut out);
        }
        if !self.apply.is_empty() || !self.noop.is_empty() {
            self.render_memory(&mut out);
        }
        out
    }

    fn render_apply(&self, out: &mut String) {
        out.push_str("### Fresh apply: all N migrations to an empty database\n\n");
        out.push_str(
            "| N | statements | schemagate | `mariadb` < all files (floor) | ratio | target | round trips | pairs |\n\
             |---:|---:|---:|---:|---:|---|---:|---:|\n",
        );
        for r in &self.apply {
            let ratio = r.paired.ratio();
            let target = if r.n >= 500 {
                format!("≤ {APPLY_TARGET:.2}x {}", verdict(ratio <= APPLY_TARGET))
            } else {
                "—".to_string()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {target} | {} ({:.2}/statement) | {} |",
                r.n,
                r.statements,
                human(r.paired.ours_median()),
                human(r.paired.reference_median()),
                r.paired.ratio_text(),
                r.counts.round_trips,
                r.counts.round_trips as f64 / r.statements as f64,
                r.paired.ours.len()
            );
        }
        out.push_str(
            "\nschemagate: `migrate` with the N migrations compiled in, process start to exit, \
             including creating the database, the history and journal tables, the lock, checking every \
             statement, the journal and history rows, and the final verification. Floor: the same \
             files concatenated and piped into one `mariadb` session (`CREATE DATABASE`, `USE`, then \
             the statements). Round trips: counted by a TCP proxy over all of schemagate's \
             connections, in one extra untimed run.\n\n",
        );
    }

    fn render_noop(&self, out: &mut String) {
        out.push_str("### No-op start: everything applied, process start to exit\n\n");
        out.push_str(
            "| N | migrations | schemagate | `mariadb -e 'SELECT 1'` | ratio | target ≤ 0.75x | round trips (schemagate / mariadb) | target ≤ 6 | commands (schemagate / mariadb) | pairs |\n\
             |---:|---|---:|---:|---:|---|---:|---|---:|---:|\n",
        );
        for r in &self.noop {
            self.noop_row(out, r, "compiled in", &r.paired);
            self.noop_row(out, r, "`--migrations-dir`", &r.folder);
        }
        out.push_str(
            "\nBoth connect over TCP to the same database; the gate's output goes to a file. A round \
             trip is a request the server answers, the login included (counted by a TCP proxy in \
             one extra run, compiled in); a command is one protocol packet such as `COM_QUERY`, \
             `COM_QUIT` excluded. From a folder the gate reads every file and splits those that \
             can create, drop or rename a table before its one query.\n\n",
        );
    }

    /// One row of the no-op table: `paired` against the client, for the set `source`.
    fn noop_row(&self, out: &mut String, r: &NoopResult, source: &str, paired: &crate::measure::Paired) {
        let ratio = paired.ratio();
        let _ = writeln!(
            out,
            "| {} | {source} | {} | {} | {} | {} | {} / {} | {} | {} / {} | {} |",
            r.n,
            human(paired.ours_median()),
            human(paired.reference_median()),
            paired.ratio_text(),
            verdict(ratio <= NOOP_TARGET),
            r.ours_counts.round_trips,
            r.client_counts.round_trips,
            verdict(r.ours_counts.round_trips <= ROUND_TRIP_TARGET),
            r.ours_counts.commands,
            r.client_counts.commands,
            paired.ours.len()
        );
    }

    fn render_memory(&self, out: &mut String) {
        out.push_str("### Memory: peak RSS of the gate process\n\n");
        out.push_str("| N | fresh apply | no-op start | `mariadb -e 'SELECT 1'` | target < 32 MiB at N=2000 |\n|---:|---:|---:|---:|---|\n");
        let mut ns: Vec<usize> = self.apply.iter().map(|r| r.n).chain(self.noop.iter().map(|r| r.n)).collect();
        ns.sort_unstable();
        ns.dedup();
        for n in ns {
            let apply = self.apply.iter().find(|r| r.n == n).map(|r| r.paired.ours_max_rss_mib());
            let noop = self.noop.iter().find(|r| r.n == n);
            let worst = apply.unwrap_or(0.0).max(noop.map_or(0.0, |r| r.paired.ours_max_rss_mib()));
            let mib = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.1} MiB"));
            let target = if n >= 2000 { verdict(worst < RSS_TARGET_MIB) } else { "—" };
            let _ = writeln!(
                out,
                "| {n} | {} | {} | {} | {target} |",
                mib(apply),
                mib(noop.map(|r| r.paired.ours_max_rss_mib())),
                mib(noop.map(|r| r.paired.reference_max_rss_mib()))
            );
        }
        out.push_str("\nThe largest `ru_maxrss` (from `wait4`) over all timed runs of that kind.\n\n");
    }
}

fn render_build(b: &BuildResult, out: &mut String) {
    out.push_str("### Build\n\n");
    let _ = writeln!(out, "| | N={} | N={} | ratio | target |\n|---|---:|---:|---:|---|", b.small, b.large);
    let script_large = b.script.ours_median();
    let _ = writeln!(
        out,
        "| `build.rs` (the compiled build script, run directly) | {} | {} | {:.1}x | < {BUILD_SCRIPT_TARGET} s at N=2000 {} |",
        human(b.script.reference_median()),
        human(script_large),
        b.script.ratio(),
        verdict(b.large < 2000 || script_large < BUILD_SCRIPT_TARGET)
    );
    let (small, large) = (median(&b.incremental_small), median(&b.incremental_large));
    let _ = writeln!(
        out,
        "| `cargo build` after adding one migration file | {} | {} | {:.2}x | — |",
        human(small),
        human(large),
        large / small
    );
    let _ = writeln!(
        out,
        "\n`build.rs`: {} back-to-back pairs, each run into a fresh `OUT_DIR`. Incremental builds: \
         dev profile in the benchmark's own target directory, {} builds per size, each after \
         adding one new migration file (build script, crate, binary); run as a block per size \
         (alternating sizes would discard the incremental cache every time).\n",
        b.script.ours.len(),
        b.incremental_small.len()
    );
}
