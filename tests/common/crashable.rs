//! A throwaway MariaDB a test owns and may kill: started like `scripts/with-db` starts one
//! (data folder under the test target folder, a free port on 127.0.0.1, root without a
//! password), killed with SIGKILL and restarted on the same data (crash recovery) on demand,
//! removed when dropped. Durable like a production server (`innodb_flush_log_at_trx_commit=1`).

use mysql::prelude::Queryable;
use mysql::{Conn, Opts};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Crashable {
    dir: PathBuf,
    pub port: u16,
    extra: Vec<String>,
    child: Option<Child>,
}

fn server_binary(names: &[&str]) -> PathBuf {
    for name in names {
        for dir in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/usr/libexec"] {
            let path = Path::new(dir).join(name);
            if path.exists() {
                return path;
            }
        }
    }
    panic!("none of {names:?} found: install mariadb-server (apt-get install mariadb-server) for the fault tests");
}

fn as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

const INIT: &str = "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n\
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n";

impl Crashable {
    /// Initialises a data folder and starts the server with `extra` options (`--wait-timeout=2`).
    pub fn start(tag: &str, extra: &[&str]) -> Crashable {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crashable-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("init.sql"), INIT).unwrap();
        let mut install = Command::new(server_binary(&["mariadb-install-db", "mysql_install_db"]));
        // Its own tmpdir: a starting server deletes every `#sql*` file in its tmpdir, which in a
        // shared /tmp are the live temporary tables of the server the other tests use.
        std::fs::create_dir_all(dir.join("tmp")).expect("cannot create the server's tmpdir");
        install.arg("--no-defaults").arg(format!("--datadir={}", dir.join("data").display()));
        install.arg(format!("--tmpdir={}", dir.join("tmp").display()));
        install.args(["--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"]);
        if as_root() {
            install.arg("--user=root");
        }
        let out = install.stdin(Stdio::null()).output().expect("cannot run mariadb-install-db");
        assert!(out.status.success(), "mariadb-install-db failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut server = Crashable { dir, port: 0, extra: extra.iter().map(|s| s.to_string()).collect(), child: None };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        for _ in 0..5 {
            self.port = free_port();
            let mut cmd = Command::new(server_binary(&["mariadbd", "mysqld"]));
            cmd.arg("--no-defaults")
                .arg(format!("--datadir={}", self.dir.join("data").display()))
                .arg(format!("--tmpdir={}", self.dir.join("tmp").display()))
                .arg(format!("--socket={}", self.dir.join("sock").display()))
                .arg(format!("--pid-file={}", self.dir.join("pid").display()))
                .arg(format!("--log-error={}", self.dir.join("err.log").display()))
                .arg(format!("--init-file={}", self.dir.join("init.sql").display()))
                .arg(format!("--port={}", self.port))
                .args(["--bind-address=127.0.0.1", "--skip-name-resolve", "--innodb-buffer-pool-size=64M"])
                .args(["--innodb-log-file-size=32M", "--innodb-flush-log-at-trx-commit=1"])
                .args(&self.extra);
            if as_root() {
                cmd.arg("--user=root");
            }
            self.child = Some(cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
            if self.wait_ready() {
                return;
            }
            self.kill9();
        }
        let log = std::fs::read_to_string(self.dir.join("err.log")).unwrap_or_default();
        panic!("the throwaway server did not start: {log}");
    }

    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if let Some(Ok(Some(_))) = self.child.as_mut().map(Child::try_wait) {
                return false;
            }
            if Conn::new(Opts::from_url(&self.url("")).unwrap()).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// `mysql://root@127.0.0.1:<port>/<db>`.
    pub fn url(&self, db: &str) -> String {
        format!("mysql://root@127.0.0.1:{}/{db}", self.port)
    }

    /// A root connection that the server's own `wait_timeout` does not close.
    pub fn admin(&self) -> Conn {
        let mut conn = Conn::new(Opts::from_url(&self.url("")).unwrap()).unwrap();
        conn.query_drop("SET SESSION wait_timeout = 28800").unwrap();
        conn
    }

    /// SIGKILL, as a crash or an OOM kill would.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server if it runs, then starts it again on the same data (crash recovery).
    pub fn restart(&mut self) {
        self.kill9();
        self.spawn();
    }
}

impl Drop for Crashable {
    fn drop(&mut self) {
        self.kill9();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
