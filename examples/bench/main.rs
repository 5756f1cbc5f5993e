//! The schemagate benchmark: fresh apply, no-op start, build and memory, each against a
//! reference measured in the same run. Run it with `./scripts/bench` (see the README's
//! "Benchmarks" section); it writes a markdown table to stdout and `target/bench/results.md`.
//!
//! ```text
//! scripts/bench [--sizes 14,500,2000] [--noop-pairs 21] [--apply-pairs 7] [--build-runs 5]
//!               [--only apply,noop,build]
//! ```
//!
//! Machines running this are noisy (shared cores, other builds), so no figure is compared with
//! a number from another run: every ratio is the median of per-pair ratios, ours against the
//! reference run back to back, with the order alternating from pair to pair.

mod compile;
mod generate;
mod measure;
mod proxy;
mod report;

use compile::{Builder, Profile};
use measure::{Paired, Sample};
use mysql::prelude::Queryable;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED: u64 = 0x5C4E_3A6A_7E00_2025;

/// The server, from `SCHEMAGATE_TEST_URL` (set by `scripts/with-db`).
#[derive(Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    pub client: String,
}

impl Server {
    fn from_env() -> Result<Server, String> {
        let raw = std::env::var("SCHEMAGATE_TEST_URL")
            .map_err(|_| "SCHEMAGATE_TEST_URL is not set: run this through ./scripts/bench".to_string())?;
        let url = url::Url::parse(&raw).map_err(|e| format!("SCHEMAGATE_TEST_URL: {e}"))?;
        let client = ["mariadb", "mysql"]
            .into_iter()
            .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
            .ok_or("neither the `mariadb` nor the `mysql` client is installed; install mariadb-client")?;
        Ok(Server {
            host: url.host_str().unwrap_or("127.0.0.1").to_string(),
            port: url.port().unwrap_or(3306),
            user: if url.username().is_empty() { "root".into() } else { url.username().to_string() },
            password: url.password().map(str::to_string),
            client: client.to_string(),
        })
    }

    /// The URL of `database` on this server, or on a proxy's `port`.
    pub fn url(&self, database: &str, port: Option<u16>) -> String {
        let password = self.password.as_ref().map(|p| format!(":{p}")).unwrap_or_default();
        format!("mysql://{}{password}@{}:{}/{database}", self.user, self.host, port.unwrap_or(self.port))
    }

    pub fn admin(&self) -> Result<mysql::Conn, String> {
        mysql::Conn::new(mysql::Opts::from_url(&self.url("", None)).map_err(|e| e.to_string())?)
            .map_err(|e| format!("cannot connect to the server: {e}"))
    }

    /// The command-line client, connected over TCP to `port` (default: the server).
    pub fn client(&self, port: Option<u16>) -> Command {
        let mut cmd = Command::new(&self.client);
        cmd.arg("--protocol=TCP")
            .arg(format!("--host={}", self.host))
            .arg(format!("--port={}", port.unwrap_or(self.port)))
            .arg(format!("--user={}", self.user));
        match &self.password {
            Some(p) => cmd.env("MYSQL_PWD", p),
            None => cmd.env_remove("MYSQL_PWD"),
        };
        cmd
    }
}

struct Options {
    sizes: Vec<usize>,
    noop_pairs: usize,
    apply_pairs: usize,
    build_runs: usize,
    sections: Vec<String>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        sizes: vec![14, 500, 2000],
        noop_pairs: 21,
        apply_pairs: 7,
        build_runs: 5,
        sections: vec!["apply".into(), "noop".into(), "build".into()],
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|e| format!("{v}: {e}"));
        match arg.as_str() {
            "--sizes" => o.sizes = value()?.split(',').map(|s| number(s.trim().into())).collect::<Result<_, _>>()?,
            "--noop-pairs" => o.noop_pairs = number(value()?)?,
            "--apply-pairs" => o.apply_pairs = number(value()?)?,
            "--build-runs" => o.build_runs = number(value()?)?,
            "--only" => o.sections = value()?.split(',').map(|s| s.trim().to_string()).collect(),
            "-h" | "--help" => {
                println!(
                    "scripts/bench [--sizes 14,500,2000] [--noop-pairs 21] [--apply-pairs 7] \
                     [--build-runs 5] [--only apply,noop,build]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}; see --help")),
        }
    }
    o.sizes.sort_unstable();
    o.sizes.dedup();
    if o.sizes.is_empty() || o.noop_pairs == 0 || o.apply_pairs == 0 || o.build_runs == 0 {
        return Err("sizes and run counts must not be empty or zero".into());
    }
    Ok(o)
}

/// Paths the benchmark works in.
pub struct Paths {
    pub root: PathBuf,
    pub bench: PathBuf,
    pub run: PathBuf,
    pub logs: PathBuf,
}

impl Paths {
    fn migrations(&self, n: usize) -> PathBuf {
        self.bench.join(format!("migrations-{n}"))
    }
    fn floor_sql(&self, n: usize) -> PathBuf {
        self.bench.join(format!("floor-{n}.sql"))
    }
    fn binary(&self, n: usize) -> PathBuf {
        self.bench.join("bin").join(format!("migrate-{n}"))
    }
}

/// One generated size: its folder, statement count and the floor script.
pub struct Size {
    pub n: usize,
    pub statements: usize,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let options = options()?;
    let server = Server::from_env()?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("target").join("bench");
    let paths = Paths { run: bench.join("run"), logs: bench.join("logs"), bench, root };
    for dir in [&paths.run, &paths.logs, &paths.bench.join("bin")] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let target_dir =
        std::env::var_os("SCHEMAGATE_BENCH_CARGO_DIR").map(PathBuf::from).unwrap_or_else(|| paths.bench.join("cargo"));
    let builder = Builder { root: paths.root.clone(), target_dir, logs: paths.logs.clone() };

    let sizes: Vec<Size> = options.sizes.iter().map(|&n| write_size(&paths, n)).collect::<Result<_, _>>()?;
    let mut report = report::Report::new(&server, &sizes)?;
    let wants = |s: &str| options.sections.iter().any(|x| x == s);

    if wants("apply") || wants("noop") {
        for size in &sizes {
            progress(&format!("building migrate (release) with the N={} folder compiled in", size.n));
            builder.build(Profile::Release, &paths.migrations(size.n))?;
            std::fs::copy(builder.binary(Profile::Release), paths.binary(size.n)).map_err(|e| e.to_string())?;
        }
    }
    if wants("noop") {
        for size in &sizes {
            report.noop.push(noop(&server, &paths, size, options.noop_pairs)?);
        }
    }
    if wants("apply") {
        for size in &sizes {
            report.apply.push(apply(&server, &paths, size, options.apply_pairs)?);
        }
    }
    if wants("build") {
        report.build = Some(build(&builder, &paths, &sizes, options.build_runs)?);
    }
    let text = report.render();
    let out = paths.bench.join("results.md");
    std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    let samples = paths.bench.join("samples.tsv");
    std::fs::write(&samples, report.samples()).map_err(|e| format!("{}: {e}", samples.display()))?;
    print!("{text}");
    progress(&format!("written to {} (every sample in {})", out.display(), samples.display()));
    Ok(())
}

pub fn progress(message: &str) {
    eprintln!("bench: {message}");
}

/// Writes the N-migration folder and the floor script (all forward files in order, as one
/// client session would read them).
fn write_size(paths: &Paths, n: usize) -> Result<Size, String> {
    let dir = paths.migrations(n);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let files = generate::migrations(n, SEED);
    let mut floor = format!(
        "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nUSE {};\n",
        floor_db(n),
        floor_db(n)
    );
    for f in &files {
        std::fs::write(dir.join(&f.name), &f.text).map_err(|e| e.to_string())?;
        floor.push_str(&f.text);
        floor.push('\n');
    }
    std::fs::write(paths.floor_sql(n), floor).map_err(|e| e.to_string())?;
    Ok(Size { n, statements: files.iter().map(|f| f.statements).sum() })
}

fn floor_db(n: usize) -> String {
    format!("sgbench_floor_{n}")
}

/// Drops `name`, then waits until InnoDB has purged what that left behind (MariaDB's
/// `innodb_max_purge_lag_wait` only waits; it keeps no value; other servers ignore it), so
/// that the next timed run does not pay for the previous one's clean-up.
fn drop_db(server: &Server, name: &str) -> Result<(), String> {
    let mut admin = server.admin()?;
    admin.query_drop(format!("DROP DATABASE IF EXISTS `{name}`")).map_err(|e| format!("dropping {name}: {e}"))?;
    let _ = admin.query_drop("SET GLOBAL innodb_max_purge_lag_wait = 0");
    Ok(())
}

/// The gate as a server would start it: compiled-in migrations, settings from the
/// environment, an empty working directory (no `.env`).
fn gate(server: &Server, paths: &Paths, n: usize, database: &str, port: Option<u16>) -> Command {
    let mut cmd = Command::new(paths.binary(n));
    for var in ["RUST_LOG", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "SCHEMAGATE_TEST_CRASH"] {
        cmd.env_remove(var);
    }
    cmd.env("DATABASE_URL", server.url(database, port)).current_dir(&paths.run);
    cmd.env_remove("SCHEMAGATE_MIGRATIONS_DIR").env_remove("SCHEMAGATE_EMBEDDED");
    cmd
}

pub struct NoopResult {
    pub n: usize,
    pub paired: Paired,
    /// The same start reading the folder at run time (`--migrations-dir`).
    pub folder: Paired,
    pub ours_counts: proxy::Counts,
    pub client_counts: proxy::Counts,
}

fn noop(server: &Server, paths: &Paths, size: &Size, pairs: usize) -> Result<NoopResult, String> {
    let n = size.n;
    let db = format!("sgbench_noop_{n}");
    progress(&format!("no-op start, N={n}: applying all migrations once (untimed)"));
    drop_db(server, &db)?;
    let log = paths.logs.join(format!("noop-{n}"));
    measure::run(&mut gate(server, paths, n, &db, None), None, &log)?;
    let ours = |_| measure::run(&mut gate(server, paths, n, &db, None), None, &log);
    let client_log = paths.logs.join(format!("noop-{n}-client"));
    let select1 = |_| measure::run(server.client(None).arg(&db).arg("-e").arg("SELECT 1"), None, &client_log);
    ours(0)?; // warm-up: page cache, server caches
    select1(0)?;
    progress(&format!("no-op start, N={n}: {pairs} pairs"));
    let paired = Paired::collect(pairs, ours, select1)?;
    progress(&format!("no-op start, N={n}, from the folder (--migrations-dir): {pairs} pairs"));
    let folder_log = paths.logs.join(format!("noop-{n}-folder"));
    let from_folder = |_| {
        let mut cmd = gate(server, paths, n, &db, None);
        measure::run(cmd.arg("--migrations-dir").arg(paths.migrations(n)), None, &folder_log)
    };
    let folder = Paired::collect(pairs, from_folder, select1)?;
    let counted = proxy::Proxy::start((server.host.clone(), server.port)).map_err(|e| e.to_string())?;
    measure::run(&mut gate(server, paths, n, &db, Some(counted.port)), None, &log)?;
    let ours_counts = counted.finish();
    let counted = proxy::Proxy::start((server.host.clone(), server.port)).map_err(|e| e.to_string())?;
    measure::run(server.client(Some(counted.port)).arg(&db).arg("-e").arg("SELECT 1"), None, &client_log)?;
    let client_counts = counted.finish();
    drop_db(server, &db)?;
    Ok(NoopResult { n, paired, folder, ours_counts, client_counts })
}

pub struct ApplyResult {
    pub n: usize,
    pub statements: usize,
    pub paired: Paired,
    pub counts: proxy::Counts,
}

fn apply(server: &Server, paths: &Paths, size: &Size, pairs: usize) -> Result<ApplyResult, String> {
    let n = size.n;
    let ours_db = format!("sgbench_apply_{n}");
    let floor = floor_db(n);
    let log = paths.logs.join(format!("apply-{n}"));
    let ours = |i: usize| -> Result<Sample, String> {
        progress(&format!("fresh apply, N={n}: schemagate, pair {}/{pairs}", i + 1));
        drop_db(server, &ours_db)?;
        measure::run(&mut gate(server, paths, n, &ours_db, None), None, &log)
    };
    let piped = |i: usize| -> Result<Sample, String> {
        progress(&format!("fresh apply, N={n}: mariadb client, pair {}/{pairs}", i + 1));
        drop_db(server, &floor)?;
        measure::run(&mut server.client(None), Some(&paths.floor_sql(n)), &paths.logs.join(format!("apply-{n}-client")))
    };
    let paired = Paired::collect(pairs, ours, piped)?;
    same_schema(server, &ours_db, &floor, n)?;
    progress(&format!("fresh apply, N={n}: counting round trips (one more run, untimed)"));
    drop_db(server, &ours_db)?;
    let counted = proxy::Proxy::start((server.host.clone(), server.port)).map_err(|e| e.to_string())?;
    measure::run(&mut gate(server, paths, n, &ours_db, Some(counted.port)), None, &log)?;
    let counts = counted.finish();
    drop_db(server, &ours_db)?;
    drop_db(server, &floor)?;
    Ok(ApplyResult { n, statements: size.statements, paired, counts })
}

/// Both runs must have built the same schema and data; ours also has its two tables.
fn same_schema(server: &Server, ours: &str, floor: &str, n: usize) -> Result<(), String> {
    let mut conn = server.admin()?;
    let mut fingerprint = |db: &str| -> Result<(i64, i64, i64, i64), String> {
        let q = "SELECT \
            (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name NOT IN ('refinery_schema_history', 'schemagate_journal', 'schemagate_session')), \
            (SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = ? AND table_name NOT IN ('refinery_schema_history', 'schemagate_journal', 'schemagate_session')), \
            (SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = ? AND table_name NOT IN ('refinery_schema_history', 'schemagate_journal', 'schemagate_session')), \
            (SELECT COALESCE(SUM(table_rows), 0) FROM information_schema.tables WHERE table_schema = ? AND table_name NOT IN ('refinery_schema_history', 'schemagate_journal', 'schemagate_session'))";
        let row: Option<(i64, i64, i64, i64)> = conn.exec_first(q, (db, db, db, db)).map_err(|e| e.to_string())?;
        row.ok_or_else(|| "no fingerprint".to_string())
    };
    let (a, b) = (fingerprint(ours)?, fingerprint(floor)?);
    if (a.0, a.1, a.2) != (b.0, b.1, b.2) {
        return Err(format!("N={n}: schemagate and the mariadb client built different schemas: {a:?} vs {b:?}"));
    }
    let history: Option<i64> = conn
        .query_first(format!("SELECT COUNT(*) FROM `{ours}`.refinery_schema_history"))
        .map_err(|e| e.to_string())?;
    if history != Some(n as i64) {
        return Err(format!("N={n}: the history holds {history:?} rows"));
    }
    Ok(())
}

pub struct BuildResult {
    pub small: usize,
    pub large: usize,
    /// Build script runs: (small, large) paired.
    pub script: Paired,
    pub incremental_small: Vec<f64>,
    pub incremental_large: Vec<f64>,
}

fn build(builder: &Builder, paths: &Paths, sizes: &[Size], runs: usize) -> Result<BuildResult, String> {
    let (small, large) = (sizes[0].n, sizes[sizes.len() - 1].n);
    let mut incremental = Vec::new();
    for n in [small, large] {
        let dir = paths.bench.join(format!("build-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&paths.migrations(n), &dir)?;
        progress(&format!("build, N={n}: warm dev build (untimed)"));
        builder.build(Profile::Dev, &dir)?;
        let mut times = Vec::new();
        for i in 0..runs {
            let extra = generate::extra_migration(n, SEED, i);
            std::fs::write(dir.join(&extra.name), &extra.text).map_err(|e| e.to_string())?;
            progress(&format!("build, N={n}: added {}, cargo build {}/{runs}", extra.name, i + 1));
            times.push(builder.build(Profile::Dev, &dir)?.as_secs_f64());
        }
        incremental.push(times);
    }
    let script = builder.build_script(Profile::Dev)?;
    let out_dir = paths.bench.join("build-script-out");
    progress(&format!("build.rs, N={small} vs N={large}: {} pairs", runs * 3));
    let time = |n: usize| builder.run_build_script(&script, &paths.migrations(n), &out_dir);
    time(large)?; // warm the page cache
    let script = Paired::collect(runs * 3, |_| time(large), |_| time(small))?;
    let mut incremental = incremental.into_iter();
    Ok(BuildResult {
        small,
        large,
        script,
        incremental_small: incremental.next().unwrap_or_default(),
        incremental_large: incremental.next().unwrap_or_default(),
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
    }
    Ok(())
}
