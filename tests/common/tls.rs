//! The throwaway MariaDB that only accepts encrypted connections (`scripts/tls-server`),
//! started once per test process and stopped when the process exits.

use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct TlsServer {
    /// Holds ca.pem, other-ca.pem, client-cert.pem, client-key.pem.
    pub dir: PathBuf,
    pub port: u16,
    pub socket: PathBuf,
}

static SERVER: OnceLock<TlsServer> = OnceLock::new();

/// The TLS server, started on first use (about 3 s; the data folder is reused between runs).
pub fn tls_server() -> &'static TlsServer {
    SERVER.get_or_init(start)
}

fn start() -> TlsServer {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/tls-server");
    let mut child = Command::new(&script)
        .arg(&dir)
        .arg(std::process::id().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let deadline = Instant::now() + Duration::from_secs(90);
    let port = loop {
        if let Ok(text) = std::fs::read_to_string(dir.join("port")) {
            break text.trim().parse().expect("scripts/tls-server wrote a bad port");
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err);
            panic!("scripts/tls-server failed ({status}): {err}\nit needs mariadbd, mariadb-install-db and openssl");
        }
        assert!(Instant::now() < deadline, "scripts/tls-server did not start within 90 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    let socket = PathBuf::from(std::fs::read_to_string(dir.join("socket")).unwrap().trim());
    // The script stops the server once this process is gone; the handle is not waited for.
    std::mem::forget(child);
    TlsServer { dir, port, socket }
}

impl TlsServer {
    pub fn file(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }

    /// root over the Unix socket (the only way in without TLS).
    pub fn admin(&self) -> Conn {
        let opts = OptsBuilder::new().socket(Some(self.socket.to_string_lossy())).user(Some("root"));
        Conn::new(opts).expect("root over the TLS server's socket")
    }

    /// A user `name`@'%' created with `create` (e.g. `IDENTIFIED BY 'x' REQUIRE X509`) and all
    /// privileges on database `db` (created).
    pub fn user(&self, name: &str, create: &str, db: &str) {
        let mut admin = self.admin();
        admin.query_drop(format!("DROP USER IF EXISTS '{name}'@'%'")).unwrap();
        admin.query_drop(format!("CREATE USER '{name}'@'%' {create}")).unwrap();
        admin.query_drop(format!("CREATE DATABASE IF NOT EXISTS `{db}`")).unwrap();
        admin.query_drop(format!("GRANT ALL PRIVILEGES ON `{db}`.* TO '{name}'@'%'")).unwrap();
    }

    /// `mysql://user@<host>:port/db`.
    pub fn url(&self, user: &str, host: &str, db: &str) -> String {
        format!("mysql://{user}@{host}:{}/{db}", self.port)
    }
}
