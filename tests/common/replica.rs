//! The throwaway primary + replica pair (`scripts/replica-pair`), started once per test
//! process (about 5 s) and stopped, with its data removed, when the process exits.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

static PAIR: OnceLock<(String, String)> = OnceLock::new();

/// The primary's and the replica's server URLs (`mysql://root@127.0.0.1:PORT`, no database).
pub fn replica_pair() -> &'static (String, String) {
    PAIR.get_or_init(start)
}

fn start() -> (String, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/replica-pair");
    let name = format!("test-{}", std::process::id());
    let out = Command::new(&script).args(["start", &name]).stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "scripts/replica-pair start failed: {}\nit needs mariadb-server (apt-get install mariadb-server)",
        String::from_utf8_lossy(&out.stderr)
    );
    super::stop_with_this_process(&script, &name);
    let urls: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    (urls[0].clone(), urls[1].clone())
}
