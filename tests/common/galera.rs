//! The throwaway 3-node Galera cluster (`scripts/galera-cluster`), started once per test
//! process (about 10 s) and stopped, with its data removed, when the process exits.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

static CLUSTER: OnceLock<Vec<String>> = OnceLock::new();

/// The three nodes' server URLs (`mysql://root@127.0.0.1:PORT`, no database).
pub fn galera_nodes() -> &'static [String] {
    CLUSTER.get_or_init(start)
}

fn start() -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/galera-cluster");
    let name = format!("test-{}", std::process::id());
    let out = Command::new(&script)
        .args(["start", &name])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "scripts/galera-cluster start failed: {}\nit needs galera-4, rsync and mariadb-server (apt-get install)",
        String::from_utf8_lossy(&out.stderr)
    );
    // Stops the cluster once this process is gone; not waited for.
    let watcher = format!(
        "while kill -0 {} 2>/dev/null; do sleep 1; done; exec '{}' stop '{name}'",
        std::process::id(),
        script.display()
    );
    let child = Command::new("sh")
        .args(["-c", &watcher])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start the cluster's watcher");
    std::mem::forget(child);
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}
