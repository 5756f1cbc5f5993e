//! The fault suite of issue 11: the attacks kept as tests. Each prints its figures (runs,
//! divergences, reruns that needed a manual step) and fails on any divergence or manual step.
//! The default suite runs a few rounds; `scripts/faults` runs the full counts
//! (`SCHEMAGATE_FAULT_KILLS`, `SCHEMAGATE_FAULT_CRASHES`, `SCHEMAGATE_FAULT_ROWS`).
//!
//! - kill -9 of `migrate` at a random moment, rerun at once, on a corpus with a slow COPY
//!   `ALTER` and non-idempotent data statements (counters);
//! - kill -9 of a throwaway server mid-apply (at a random moment, or inside the DDL-commit
//!   window and after session `SET`s, reached with the crash failpoints), restart, rerun;
//! - a server with `wait_timeout=2` under a longer migration: the lock stays held;
//! - a global read lock: `--ddl-lock-wait-timeout 2s` gives up in bounded time.

use crate::common::crashable::Crashable;
use crate::common::{migrate, run, TempDir, TestDb};
use mysql::prelude::Queryable;
use mysql::{Conn, Opts};
use std::time::{Duration, Instant};

fn count_from_env(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small xorshift generator: the suite needs spread, not quality; the seed is printed.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("SCHEMAGATE_FAULT_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        println!("fault suite seed: {seed} (SCHEMAGATE_FAULT_SEED={seed} repeats it)");
        Random(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Slow DDL (COPY `ALTER`s on `rows` rows), non-idempotent DML (counters), unnamed keys and
/// session state (`SET @base`, `FOREIGN_KEY_CHECKS`).
fn corpus(rows: u32) -> TempDir {
    let dir = TempDir::new("fault_corpus");
    dir.write(
        "20240101_base.sql",
        &format!(
            "CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL);\n\
             INSERT INTO counter VALUES (1, 0);\n\
             CREATE TABLE big (id INT PRIMARY KEY AUTO_INCREMENT, v INT NOT NULL, pad CHAR(60) NOT NULL DEFAULT 'x');\n\
             INSERT INTO big (v) SELECT seq FROM seq_1_to_{rows};\n"
        ),
    );
    dir.write(
        "20240102_slow.sql",
        "UPDATE counter SET n = n + 1 WHERE id = 1;\n\
         ALTER TABLE big ADD INDEX (v), ALGORITHM=COPY;\n\
         UPDATE counter SET n = n + 10 WHERE id = 1;\n\
         ALTER TABLE big ADD COLUMN w INT NOT NULL DEFAULT 0, ADD INDEX (w), ALGORITHM=COPY;\n\
         UPDATE counter SET n = n + 100 WHERE id = 1;\n",
    );
    dir.write(
        "20240103_session.sql",
        "SET @base = (SELECT n FROM counter WHERE id = 1);\n\
         SET FOREIGN_KEY_CHECKS = 0;\n\
         CREATE TABLE child (id INT PRIMARY KEY, big_id INT);\n\
         ALTER TABLE child ADD FOREIGN KEY (big_id) REFERENCES big (id);\n\
         INSERT INTO child VALUES (1, 999999999);\n\
         ALTER TABLE big ADD CHECK (v > 0), ALGORITHM=COPY;\n\
         INSERT INTO counter VALUES (2, @base);\n\
         UPDATE counter SET n = n + 1000 WHERE id = 1;\n",
    );
    dir
}

/// What the corpus leaves, as text to compare with an uninterrupted run.
fn outcome(conn: &mut Conn) -> String {
    let counters: Vec<(i32, i32)> = conn.query("SELECT id, n FROM counter ORDER BY id").unwrap_or_default();
    let keys: Vec<String> = conn
        .query(
            "SELECT CONCAT(table_name, '.', index_name, ':', GROUP_CONCAT(column_name ORDER BY seq_in_index)) \
             FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name IN ('big', 'child') \
             GROUP BY table_name, index_name ORDER BY 1",
        )
        .unwrap_or_default();
    let constraints: Vec<String> = conn
        .query(
            "SELECT CONCAT(table_name, '.', constraint_name, ':', constraint_type) FROM information_schema.table_constraints \
             WHERE table_schema = DATABASE() AND table_name IN ('big', 'child') ORDER BY 1",
        )
        .unwrap_or_default();
    let rows: Option<i64> = conn.query_first("SELECT COUNT(*) FROM big").unwrap_or_default();
    let applied: Option<i64> = conn.query_first("SELECT COUNT(*) FROM refinery_schema_history").unwrap_or_default();
    format!("counters {counters:?} keys {keys:?} constraints {constraints:?} rows {rows:?} applied {applied:?}")
}

fn connect(url: &str) -> Conn {
    Conn::new(Opts::from_url(url).unwrap()).unwrap()
}

/// What the reruns after a fault needed.
#[derive(Default)]
struct Tally {
    runs: u32,
    divergences: u32,
    manual: u32,
    /// Reruns that exited 7 ("another run is still finishing") before one converged.
    waited: u32,
    /// Faults that left work half done (not every migration recorded as applied).
    interrupted: u32,
    problems: Vec<String>,
}

impl Tally {
    /// Reruns `migrate` until it exits 0; a rerun exiting 7 is retried, anything else would
    /// need a person (counted as a manual step). Then compares the outcome.
    fn rerun_and_compare(&mut self, round: u32, url: &str, dir: &TempDir, expected: &str) {
        self.runs += 1;
        let applied: Option<i64> = Conn::new(Opts::from_url(url).unwrap())
            .ok()
            .and_then(|mut c| c.query_first("SELECT COUNT(*) FROM refinery_schema_history").ok().flatten());
        if applied.unwrap_or(0) < 3 {
            self.interrupted += 1;
        }
        for attempt in 0..10 {
            let (code, out, err) = run(migrate(url).arg("--migrations-dir").arg(dir.path()).arg("--no-log-file"));
            match code {
                0 => break,
                7 if attempt < 9 => self.waited += 1,
                _ => {
                    self.manual += 1;
                    self.problems.push(format!("round {round}: rerun exited {code}: {out}{err}"));
                    return;
                }
            }
        }
        let got = outcome(&mut connect(url));
        if got != expected {
            self.divergences += 1;
            self.problems.push(format!("round {round}: diverged\n  got      {got}\n  expected {expected}"));
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: runs {} ({} interrupted work), divergences {}, reruns that needed a manual step {}, \
             reruns that waited for the dead run (exit 7) {}",
            self.runs, self.interrupted, self.divergences, self.manual, self.waited
        );
        assert!(self.problems.is_empty(), "{what}:\n{}", self.problems.join("\n"));
    }
}

/// The outcome and duration of an uninterrupted run on a new database at `url`.
fn reference(url: &str, dir: &TempDir) -> (String, Duration) {
    let started = Instant::now();
    let (code, out, err) = run(migrate(url).arg("--migrations-dir").arg(dir.path()).arg("--no-log-file"));
    assert_eq!(code, 0, "{out}{err}");
    (outcome(&mut connect(url)), started.elapsed())
}

#[test]
fn kill_9_of_migrate_at_random_moments_with_an_immediate_rerun() {
    let rounds = count_from_env("SCHEMAGATE_FAULT_KILLS", 3);
    let dir = corpus(count_from_env("SCHEMAGATE_FAULT_ROWS", 100_000));
    let mut random = Random::new();
    let reference_db = TestDb::new("kill_ref");
    let (expected, took) = reference(&reference_db.url(), &dir);
    drop(reference_db);
    let mut tally = Tally::default();
    for round in 0..rounds {
        let db = TestDb::new("kill");
        let mut cmd = migrate(&db.url());
        cmd.arg("--migrations-dir").arg(dir.path()).arg("--no-log-file");
        let mut child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(random.below(took.as_millis() as u64 + 1)));
        let _ = child.kill();
        let _ = child.wait();
        // At once: no waiting for the dead run's session.
        tally.rerun_and_compare(round, &db.url(), &dir, &expected);
    }
    tally.report("kill -9 of migrate, immediate rerun");
}

#[test]
fn kill_9_of_the_server_mid_apply_then_restart_and_rerun() {
    let rounds = count_from_env("SCHEMAGATE_FAULT_CRASHES", 4);
    let dir = corpus(count_from_env("SCHEMAGATE_FAULT_ROWS", 100_000) / 4);
    let mut server = Crashable::start("crash", &[]);
    let mut random = Random::new();
    let (expected, took) = reference(&server.url("reference"), &dir);
    // The DDL-commit window (a DDL done, its journal row not) and the points after session
    // SETs, reached with the failpoints; the rest at random moments.
    let windows = ["2024010201:2", "2024010201:4", "2024010301:1", "2024010301:2", "2024010301:4", "2024010301:6"];
    let mut tally = Tally::default();
    for round in 0..rounds {
        let name = format!("crash{round}");
        let mut cmd = migrate(&server.url(&name));
        cmd.arg("--migrations-dir").arg(dir.path()).arg("--no-log-file");
        if round % 2 == 0 {
            let point = windows[(round as usize / 2) % windows.len()];
            let out = cmd.env("SCHEMAGATE_TEST_CRASH", point).output().unwrap();
            assert!(String::from_utf8_lossy(&out.stderr).contains("aborting at"), "round {round}: no crash at {point}");
        } else {
            let mut child =
                cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(random.below(took.as_millis() as u64 + 1)));
            server.kill9();
            let _ = child.wait();
        }
        server.restart();
        tally.rerun_and_compare(round, &server.url(&name), &dir, &expected);
    }
    tally.report("kill -9 of the server mid-apply, restart, rerun");
}

#[test]
fn a_server_closing_idle_connections_never_lets_a_second_runner_in() {
    let rounds = count_from_env("SCHEMAGATE_FAULT_IDLE_ROUNDS", 1);
    let server = Crashable::start("idle", &["--wait-timeout=2"]);
    let dir = TempDir::new("idle");
    dir.write("20240101_count.sql", "CREATE TABLE c (n INT NOT NULL);\n");
    // Longer than wait_timeout, with session state (a reset between the files).
    dir.write("20240102_slow.sql", "SET @x = 1;\nINSERT INTO c VALUES (1);\nSELECT SLEEP(4);\n");
    dir.write("20240103_slow.sql", "SELECT SLEEP(3);\nINSERT INTO c VALUES (2);\n");
    let mut tally = Tally::default();
    for round in 0..rounds {
        let name = format!("idle{round}");
        let url = server.url(&name);
        let start = || migrate(&url).arg("--migrations-dir").arg(dir.path()).arg("--no-log-file").output().unwrap();
        let first = std::thread::scope(|s| {
            let first = s.spawn(start);
            std::thread::sleep(Duration::from_secs(3));
            // Past wait_timeout: the first runner's lock must still be held.
            let holder: Option<Option<u64>> =
                server.admin().exec_first("SELECT IS_USED_LOCK(?)", (schemagate::lock::lock_name(&name),)).unwrap();
            if holder.flatten().is_none() {
                tally.problems.push(format!("round {round}: the runner lock was free while the first runner worked"));
            }
            let second = start();
            match second.status.code() {
                Some(0 | 7) => {}
                code => {
                    tally.manual += 1;
                    tally.problems.push(format!(
                        "round {round}: second runner exited {code:?}: {}",
                        String::from_utf8_lossy(&second.stderr)
                    ));
                }
            }
            first.join().unwrap()
        });
        tally.runs += 1;
        assert_eq!(first.status.code(), Some(0), "round {round}: {}", String::from_utf8_lossy(&first.stderr));
        let rows: Vec<i32> = connect(&url).query("SELECT n FROM c ORDER BY n").unwrap();
        if rows != [1, 2] {
            tally.divergences += 1;
            tally.problems.push(format!("round {round}: rows {rows:?}, expected [1, 2]"));
        }
    }
    tally.report("wait_timeout=2 under a longer migration");
}

#[test]
fn a_global_read_lock_bounds_the_wait() {
    let server = Crashable::start("ftwrl", &[]);
    let dir = TempDir::new("ftwrl");
    dir.write("20240101_t.sql", "CREATE TABLE t (id INT);\n");
    let mut tally = Tally::default();
    // A new database (CREATE DATABASE and the bookkeeping tables wait) and an existing one
    // (the migration's DDL waits).
    for (round, existing) in [(0, false), (1, true)] {
        let name = format!("ftwrl{round}");
        if existing {
            server.admin().query_drop(format!("CREATE DATABASE {name}")).unwrap();
            let (code, out, err) =
                run(migrate(&server.url(&name)).arg("--migrations-dir").arg(TempDir::new("empty").path()));
            assert_eq!(code, 0, "{out}{err}");
        }
        let mut backup = server.admin();
        backup.query_drop("FLUSH TABLES WITH READ LOCK").unwrap();
        let started = Instant::now();
        let mut cmd = migrate(&server.url(&name));
        cmd.arg("--migrations-dir").arg(dir.path()).args(["--no-log-file", "--ddl-lock-wait-timeout", "2s"]);
        let mut child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > Duration::from_secs(40) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let waited = started.elapsed();
        backup.query_drop("UNLOCK TABLES").unwrap();
        tally.runs += 1;
        match status {
            Some(s) if !s.success() && waited < Duration::from_secs(20) => {}
            other => {
                tally.manual += 1;
                tally.problems.push(format!("round {round}: {other:?} after {waited:?} under a global read lock"));
            }
        }
        println!(
            "global read lock, {} database: gave up after {waited:.1?}",
            if existing { "existing" } else { "new" }
        );
        // Once the lock is gone, a rerun converges.
        let (code, out, err) = run(migrate(&server.url(&name)).arg("--migrations-dir").arg(dir.path()));
        assert_eq!(code, 0, "round {round}: {out}{err}");
    }
    tally.report("global read lock with --ddl-lock-wait-timeout 2s");
}
