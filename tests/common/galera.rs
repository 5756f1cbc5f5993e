//! Throwaway 3-node Galera clusters (`scripts/galera-cluster`), each started once per test
//! process (about 10 s) and stopped, with its data removed, when the process exits. The race
//! tests share one cluster; the fault tests, which isolate and kill nodes, have their own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

static CLUSTER: OnceLock<Vec<String>> = OnceLock::new();
static FAULTS: OnceLock<Vec<String>> = OnceLock::new();
/// Clusters start one at a time: the script picks free ports, which two starts at once could
/// both pick.
static STARTING: Mutex<()> = Mutex::new(());

/// The three nodes' server URLs (`mysql://root@127.0.0.1:PORT`, no database) of the shared
/// cluster.
pub fn galera_nodes() -> &'static [String] {
    CLUSTER.get_or_init(|| start("test"))
}

/// The cluster whose nodes the fault tests isolate, desync and kill; with its name for
/// [`galera_script`].
pub fn galera_fault_cluster() -> (&'static [String], String) {
    (FAULTS.get_or_init(|| start("faults")), cluster_name("faults"))
}

fn cluster_name(kind: &str) -> String {
    format!("{kind}-{}", std::process::id())
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/galera-cluster")
}

/// Runs `scripts/galera-cluster ARGS...`, panicking with its output when it fails.
pub fn galera_script(args: &[&str]) -> String {
    let out = Command::new(script())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script().display()));
    assert!(
        out.status.success(),
        "scripts/galera-cluster {} failed: {}\nit needs galera-4, rsync and mariadb-server (apt-get install)",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn start(kind: &str) -> Vec<String> {
    let name = cluster_name(kind);
    let urls = {
        let _one_at_a_time = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        galera_script(&["start", &name])
    };
    super::stop_with_this_process(&script(), &name);
    urls.lines().map(str::to_string).collect()
}
