//! Crash points for tests: `SCHEMAGATE_TEST_CRASH=<version>:<point>` makes a debug build abort
//! at a chosen point of a migration, which is how the crash tests reach every window between
//! a statement and its records. Release builds never read the variable.

/// Test hook: `SCHEMAGATE_TEST_CRASH=<version>:<point>` aborts the process at that point
/// (`<k>`: after statement k ran, before its journal row; `<k>j`: after its journal row;
/// `record`: before the history row). Only in debug builds.
///
/// A point inside a batch is reached by cutting the batch there: it ends after statement k
/// (`<k>`; a data statement's transaction is left open and dies with the process) or after its
/// journal row (`<k>j`), and `record` leaves the history row out of the last batch. The
/// database is then in exactly the state a crash inside the batch leaves.
pub(super) fn failpoint(version: i32, point: &str) {
    if crash_armed(version, point) {
        eprintln!("SCHEMAGATE_TEST_CRASH: aborting at {version}:{point}");
        std::process::abort();
    }
}

fn crash_armed(version: i32, point: &str) -> bool {
    crash_point(version).is_some_and(|armed| armed == point)
}

/// The point armed for `version` by `SCHEMAGATE_TEST_CRASH`, in debug builds.
pub(super) fn crash_point(version: i32) -> Option<String> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let spec = std::env::var("SCHEMAGATE_TEST_CRASH").ok()?;
    let (v, point) = spec.split_once(':')?;
    (v == version.to_string()).then(|| point.to_string())
}
