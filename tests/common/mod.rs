//! Test support: one throwaway database per test on the real server named by
//! `SCHEMAGATE_TEST_URL`, dropped when the guard goes out of scope, so tests run in parallel.
//! Without that variable every database test fails with an instruction; none is skipped.

#![allow(dead_code)]

pub mod differential;
pub mod fingerprint;
pub mod generator;

use mysql::prelude::Queryable;
use mysql::Conn;
use schemagate::config::{Overrides, Settings};
use schemagate::inspect::BOOKKEEPING_TABLES;
use schemagate::migration::{self, MigrationSet};
use schemagate::scan::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub mod crashable;
mod galera;
mod replica;
mod tls;
pub use galera::*;
pub use replica::*;
pub use tls::*;

/// The server URL without a database, e.g. `mysql://root@127.0.0.1:3306`.
pub fn server_url() -> String {
    match std::env::var("SCHEMAGATE_TEST_URL") {
        Ok(url) if !url.trim().is_empty() => url.trim_end_matches('/').to_string(),
        _ => panic!(
            "SCHEMAGATE_TEST_URL is not set. Run the suite with ./scripts/test (it finds or starts \
             a MariaDB), or export SCHEMAGATE_TEST_URL=mysql://root@127.0.0.1:3306"
        ),
    }
}

/// A connection to the server without a database.
pub fn admin() -> Conn {
    Conn::new(mysql::Opts::from_url(&server_url()).expect("SCHEMAGATE_TEST_URL is not a valid URL"))
        .expect("cannot connect to SCHEMAGATE_TEST_URL")
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A uniquely named database, dropped on drop. Not created: the gate creates it.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub fn new(tag: &str) -> TestDb {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name = format!("sgt_{tag}_{}_{n}_{}", std::process::id(), nanos % 100_000);
        assert!(name.len() <= 64, "test database name too long: {name}");
        admin().query_drop(format!("DROP DATABASE IF EXISTS `{name}`")).unwrap();
        TestDb { name }
    }

    /// Creates the database now (for tests that prepare it before the gate).
    pub fn created(tag: &str) -> TestDb {
        let db = TestDb::new(tag);
        admin().query_drop(format!("CREATE DATABASE `{}`", db.name)).unwrap();
        db
    }

    pub fn url(&self) -> String {
        format!("{}/{}", server_url(), self.name)
    }

    pub fn settings(&self) -> Settings {
        settings_for(&self.url())
    }

    pub fn conn(&self) -> Conn {
        Conn::new(mysql::Opts::from_url(&self.url()).unwrap()).unwrap()
    }

    /// Sorted table names (base tables and views).
    pub fn tables(&self) -> Vec<String> {
        self.conn()
            .exec(
                "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
                (&self.name,),
            )
            .unwrap()
    }

    /// `table.column type` for every column, sorted: a schema fingerprint.
    pub fn columns(&self) -> Vec<String> {
        self.conn()
            .exec(
                "SELECT CONCAT(table_name, '.', column_name, ' ', column_type) FROM information_schema.columns \
                 WHERE table_schema = ? ORDER BY table_name, ordinal_position",
                (&self.name,),
            )
            .unwrap()
    }

    /// `(version, name)` rows of the history table.
    pub fn history(&self) -> Vec<(i32, String)> {
        self.conn().query("SELECT version, name FROM refinery_schema_history ORDER BY version").unwrap_or_default()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_first(sql).unwrap().unwrap()
    }

    pub fn exists(&self) -> bool {
        let n: Option<i64> = admin()
            .exec_first("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", (&self.name,))
            .unwrap();
        n == Some(1)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut conn) = Conn::new(mysql::Opts::from_url(&server_url()).unwrap()) {
            let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.name));
        }
    }
}

/// Settings for `url` only (nothing read from the process environment or .env).
pub fn settings_for(url: &str) -> Settings {
    let url = url.to_string();
    let mut settings =
        Settings::from_lookup(move |key| (key == "DATABASE_URL").then(|| url.clone()), &Overrides::default())
            .expect("test URL must be valid");
    settings.connect_timeout = Duration::from_secs(10);
    settings.lock_timeout = Duration::from_secs(60);
    settings
}

/// The error of a call that must fail (`what` says why it should have).
pub fn failure<T>(result: Result<T, schemagate::error::Error>, what: &str) -> schemagate::error::Error {
    match result {
        Ok(_) => panic!("expected an error: {what}"),
        Err(e) => e,
    }
}

/// Builds a migration set from `(file name, sql)` pairs.
pub fn set(files: &[(&str, &str)]) -> MigrationSet {
    let files =
        files.iter().map(|(name, text)| SourceFile { name: name.to_string(), text: text.to_string() }).collect();
    migration::set_from_sources(files).expect("test migrations must be valid")
}

/// A temporary folder under target/, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn write(&self, name: &str, text: &str) -> &TempDir {
        std::fs::write(self.0.join(name), text).unwrap();
        self
    }

    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.0.join(name)).unwrap();
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `migrate` binary, run in an empty folder (no stray .env) with only `DATABASE_URL`
/// set among the connection variables.
pub fn migrate(url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migrate"));
    let vars = ["DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "RUST_LOG", "SCHEMAGATE_TEST_CRASH"];
    for var in vars.iter().chain(&["SCHEMAGATE_MIGRATIONS_DIR", "SCHEMAGATE_EMBEDDED"]) {
        cmd.env_remove(var);
    }
    cmd.env("DATABASE_URL", url).current_dir(env!("CARGO_TARGET_TMPDIR"));
    // Log files of every test run go to one place, not into the folders tests inspect.
    cmd.env("SCHEMAGATE_LOG_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-logs"));
    cmd
}

/// Output of a finished command as (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("cannot run the migrate binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file of the real-world SQL corpus in the repository (`tests/corpus/`, see its README).
pub fn corpus(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Pipes `sql` into the `mariadb` command-line client connected to `database`.
pub fn mariadb_client(database: &str, sql: &str) {
    if let Err(e) = client_apply(database, sql) {
        panic!("the mariadb client failed: {e}");
    }
}

/// Pipes `sql` into `mariadb DATABASE` as a user would (`mariadb db < file`); the client's
/// error output when it fails. The connection character set is utf8mb4, as schemagate's and
/// as Debian's client configuration sets it (the client's own default follows the locale:
/// utf8mb3 under C.UTF-8, which would show in every routine's `character_set_client`).
pub fn client_apply(database: &str, sql: &str) -> Result<(), String> {
    let url = server_url();
    let rest = url.split("://").nth(1).unwrap();
    let (user, host_port) = rest.rsplit_once('@').unwrap_or(("root", rest));
    assert!(!user.contains(':'), "client_apply passes no password; use a password-less test user");
    let (host, port) = host_port.split_once(':').unwrap_or((host_port, "3306"));
    let mut child = Command::new("mariadb")
        .args(["--default-character-set=utf8mb4", "-h", host, "-P", port, "-u", user, database])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the `mariadb` client is needed here: install mariadb-client (./scripts/test does)");
    let mut stdin = child.stdin.take().unwrap();
    let text = sql.to_string();
    // Written from a thread: a client that stops reading early must not block the test.
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, text.as_bytes()));
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
    }
}

/// A folder holding the compiled-in migrations named by `stems` (forward files and their
/// rollback scripts), for running an earlier or partial version with `--migrations-dir`.
pub fn embedded_dir(tag: &str, stems: &[&str]) -> TempDir {
    let dir = TempDir::new(tag);
    let chosen: Vec<_> = schemagate::embedded::MIGRATIONS.iter().filter(|m| stems.contains(&m.name)).collect();
    assert_eq!(chosen.len(), stems.len(), "a stem of {stems:?} is not a compiled-in migration");
    for m in chosen {
        dir.write(m.forward.file, m.forward.sql);
        if let Some(r) = &m.rollback {
            dir.write(r.file, r.sql);
        }
    }
    dir
}

/// `table.column type` of the application's tables (schemagate's own two left out).
pub fn app_columns(db: &TestDb) -> Vec<String> {
    db.columns()
        .into_iter()
        .filter(|c| !c.starts_with("refinery_schema_history.") && !c.starts_with("schemagate_journal."))
        .collect()
}

/// `host:port` of `SCHEMAGATE_TEST_URL` (whatever credentials it carries left out).
pub fn server_address() -> String {
    let url = server_url();
    let rest = url.split("://").nth(1).unwrap_or(&url);
    rest.rsplit('@').next().unwrap_or(rest).to_string()
}

/// Names of the server's databases that start with `prefix`.
pub fn databases_starting_with(prefix: &str) -> Vec<String> {
    let names: Vec<String> =
        admin().query("SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata").unwrap();
    names.into_iter().filter(|n| n.starts_with(prefix)).collect()
}

/// The first executable called `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
}

/// A server user `name@'%'` with a password and every privilege on one database; dropped on drop.
pub struct TestUser {
    pub name: String,
    pub password: String,
}

impl TestUser {
    pub fn new(tag: &str, password: &str, database: &str) -> TestUser {
        let literal = password.replace('\\', "\\\\").replace('\'', "\\'");
        TestUser::create(
            tag,
            password,
            &format!("IDENTIFIED BY '{literal}'"),
            &[&format!("ALL PRIVILEGES ON `{database}`.*")],
        )
    }

    /// A user created with `CREATE USER name@'%' <create>` (e.g. `IDENTIFIED BY 'x' REQUIRE SSL`)
    /// and `GRANT <grant> TO` it for each of `grants` (e.g. `SELECT ON db.*`).
    pub fn create(tag: &str, password: &str, create: &str, grants: &[&str]) -> TestUser {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("sg_{tag}_{}_{n}", std::process::id());
        let mut conn = admin();
        conn.query_drop(format!("DROP USER IF EXISTS '{name}'@'%'")).unwrap();
        conn.query_drop(format!("CREATE USER '{name}'@'%' {create}")).unwrap();
        for grant in grants {
            conn.query_drop(format!("GRANT {grant} TO '{name}'@'%'")).unwrap();
        }
        TestUser { name, password: password.to_string() }
    }

    /// `mysql://<name>@host:port/<database>`: no password in the URL.
    pub fn url(&self, database: &str) -> String {
        format!("mysql://{}@{}/{database}", self.name, server_address())
    }
}

impl Drop for TestUser {
    fn drop(&mut self) {
        if let Ok(mut conn) = Conn::new(mysql::Opts::from_url(&server_url()).unwrap()) {
            let _ = conn.query_drop(format!("DROP USER IF EXISTS '{}'@'%'", self.name));
        }
    }
}

/// Every object and row of `db` (schemagate's own tables left out), as sorted lines.
pub fn snapshot(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    let mut all: Vec<String> = conn
        .exec(
            &format!(
            "SELECT CONCAT('table ', table_name, ' ', table_type) FROM information_schema.tables WHERE table_schema = ? \
             AND table_name NOT IN {BOOKKEEPING_TABLES} \
             UNION ALL SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', \
             COALESCE(column_default, 'none')) FROM information_schema.columns WHERE table_schema = ? \
             AND table_name NOT IN {BOOKKEEPING_TABLES} \
             UNION ALL SELECT CONCAT('index ', table_name, '.', index_name, ' ', seq_in_index, ' ', column_name) \
             FROM information_schema.statistics WHERE table_schema = ? \
             AND table_name NOT IN {BOOKKEEPING_TABLES} \
             UNION ALL SELECT CONCAT('routine ', routine_type, ' ', routine_name, ' ', routine_definition) \
             FROM information_schema.routines WHERE routine_schema = ? \
             UNION ALL SELECT CONCAT('trigger ', trigger_name, ' ', action_statement) FROM information_schema.triggers \
             WHERE trigger_schema = ?"),
            (&db.name, &db.name, &db.name, &db.name, &db.name),
        )
        .unwrap();
    let tables: Vec<String> = conn
        .exec(
            &format!(
                "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = ? \
             AND table_type = 'BASE TABLE' AND table_name NOT IN {BOOKKEEPING_TABLES}"
            ),
            (&db.name,),
        )
        .unwrap();
    for table in tables {
        let rows: Vec<mysql::Row> = conn.query(format!("SELECT * FROM `{table}`")).unwrap();
        for row in rows {
            let values: Vec<String> = row.unwrap().into_iter().map(|v| v.as_sql(false)).collect();
            all.push(format!("row {table} {}", values.join(",")));
        }
    }
    all.sort();
    all
}

/// The compiled-in migrations in order (the last one, 20240826, has no rollback script).
pub const EMBEDDED: [&str; 8] = [
    "20240115_initial_schema",
    "20240202_environment_and_module_settings",
    "20240310_add_workflow_modules",
    "20240310_add_workflow_retry_columns",
    "20240422_workflow_status_paused",
    "20240605_sub_workflow_queue",
    "20240719_workflow_messages",
    "20240826_default_module_settings",
];

/// Runs `script stop NAME` once this test process is gone (a watcher, not waited for): the
/// throwaway servers of one run never outlive it.
pub fn stop_with_this_process(script: &Path, name: &str) {
    let watcher = format!(
        "while kill -0 {} 2>/dev/null; do sleep 1; done; exec '{}' stop '{name}'",
        std::process::id(),
        script.display()
    );
    let child = Command::new("sh")
        .args(["-c", &watcher])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("cannot start the watcher that stops the throwaway servers");
    std::mem::forget(child);
}
