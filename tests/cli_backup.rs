//! `migrate backup` through the real binary against a real MariaDB: the dump restores, the
//! default name, the password stays out of arguments, environment, names and output, and the
//! error paths leave no file behind.

use crate::common::{mariadb_client, migrate, run, which, TempDir, TestDb, TestUser};
use mysql::prelude::Queryable;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A password with every character the option file must quote.
const PW: &str = "s3cr3t-pw \"#'\\;x";

/// Everything in `dir`, recursively, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Writes an executable shell script `dir/name`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A migrated database with a row in a migrated table, a table with binary data, a view, a
/// trigger and a procedure.
fn migrated_with_data(tag: &str) -> TestDb {
    let db = TestDb::new(tag);
    let (code, out, err) = run(&mut migrate(&db.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    let mut conn = db.conn();
    conn.query_drop(
        "INSERT INTO environment_variables (scope, name, value) VALUES ('global', 'API_URL', 'https://x.test/é')",
    )
    .unwrap();
    conn.query_drop("CREATE TABLE sg_notes (id INT PRIMARY KEY, body TEXT, data VARBINARY(8))").unwrap();
    conn.query_drop("INSERT INTO sg_notes VALUES (1, 'line\\none ''quoted''', X'00FF10'), (2, NULL, NULL)").unwrap();
    conn.query_drop("CREATE VIEW sg_note_ids AS SELECT id FROM sg_notes").unwrap();
    conn.query_drop(
        "CREATE TRIGGER sg_notes_upper BEFORE INSERT ON sg_notes FOR EACH ROW SET NEW.body = UPPER(NEW.body)",
    )
    .unwrap();
    conn.query_drop("CREATE PROCEDURE sg_count() SELECT COUNT(*) FROM sg_notes").unwrap();
    db
}

/// Rows, triggers and routines: what the table list and the schema fingerprint do not show.
fn contents(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    let mut out: Vec<String> = conn
        .query("SELECT CONCAT_WS('|', scope, name, value, is_secret) FROM environment_variables ORDER BY id")
        .unwrap();
    out.extend(
        conn.query::<String, _>(
            "SELECT CONCAT_WS('|', id, IFNULL(body, 'NULL'), IFNULL(HEX(data), 'NULL')) FROM sg_notes ORDER BY id",
        )
        .unwrap(),
    );
    out.extend(
        conn.exec::<String, _, _>(
            "SELECT CAST(trigger_name AS CHAR) FROM information_schema.triggers WHERE trigger_schema = ? \
             UNION ALL SELECT CAST(routine_name AS CHAR) FROM information_schema.routines WHERE routine_schema = ?",
            (&db.name, &db.name),
        )
        .unwrap(),
    );
    out
}

#[test]
fn backup_restores_into_an_empty_database_with_the_same_tables_and_rows() {
    let source = migrated_with_data("bk_src");
    let dir = TempDir::new("bk_restore");
    let file = dir.path().join("dump.sql");
    let (code, out, err) = run(migrate(&source.url()).args(["backup", "--out"]).arg(&file));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("✓ backed up database `{}` to {}", source.name, file.display())), "{out}");
    assert!(out.contains("bytes in") && out.contains("mariadb-dump"), "{out}");
    assert_eq!(files(dir.path()), ["dump.sql"], "no partial or option file is left behind");

    let restored = TestDb::created("bk_dst");
    mariadb_client(&restored.name, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(restored.tables(), source.tables());
    assert!(restored.tables().contains(&"sg_note_ids".to_string()));
    assert_eq!(restored.columns(), source.columns());
    assert_eq!(restored.history(), source.history());
    assert_eq!(restored.history().len(), 8);
    let rows = contents(&source);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(contents(&restored), rows);

    // The restored database is healthy for the gate too.
    let (code, out, err) = run(&mut migrate(&restored.url()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("✓ applied"), "{out}");
}

#[test]
fn default_file_name_is_backups_database_utc_timestamp() {
    let db = TestDb::new("bk_name");
    assert_eq!(run(&mut migrate(&db.url())).0, 0);
    let cwd = TempDir::new("bk_name");
    let (code, out, err) = run(migrate(&db.url()).arg("backup").current_dir(cwd.path()));
    assert_eq!(code, 0, "{out}\n{err}");
    let listed = files(cwd.path());
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0], "backups");
    let name = listed[1].strip_prefix("backups/").unwrap();
    let stamp = name.strip_prefix(&format!("{}-", db.name)).and_then(|s| s.strip_suffix(".sql")).unwrap();
    let bytes = stamp.as_bytes();
    assert_eq!(bytes.len(), 16, "{name}");
    assert!(bytes[..8].iter().chain(&bytes[9..15]).all(u8::is_ascii_digit), "{name}");
    assert_eq!((bytes[8], bytes[15]), (b'T', b'Z'), "{name}");
    assert!(stamp.starts_with("20"), "{name}");
    let path = cwd.path().join("backups").join(name);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(out.contains(&format!("to backups/{name}")), "{out}");

    // A second backup in the same second gets its own name; nothing is replaced.
    let (code, out, err) = run(migrate(&db.url()).arg("backup").current_dir(cwd.path()));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(files(&cwd.path().join("backups")).len(), 2);
}

/// Samples every process's command line until `stop`; returns them all.
fn sample_command_lines(stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        while !stop.load(Ordering::SeqCst) {
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                if entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(raw) = std::fs::read(entry.path().join("cmdline")) {
                        seen.push(String::from_utf8_lossy(&raw).replace('\0', " "));
                    }
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        seen
    })
}

#[test]
fn password_appears_in_no_argument_environment_file_name_or_output() {
    let db = migrated_with_data("bk_pw");
    // MariaDB shows a procedure's body only to its definer (root here) or to readers of mysql.proc.
    db.conn().query_drop("DROP PROCEDURE sg_count").unwrap();
    let user = TestUser::new("bk", PW, &db.name);
    let real = which("mariadb-dump").or_else(|| which("mysqldump")).expect("install mariadb-client");
    // A wrapper first on PATH records what the tool receives, then lingers so the process
    // list can be sampled, then runs the real tool.
    let tools = TempDir::new("bk_pw_tools");
    let log = tools.path().join("calls.log");
    script(
        tools.path(),
        "mariadb-dump",
        &format!(
            "log='{log}'\nfor a in \"$@\"; do printf 'arg:%s\\n' \"$a\" >> \"$log\"; done\n\
             env | sed 's/^/env:/' >> \"$log\"\nf=\"${{1#--defaults-file=}}\"\n\
             printf 'optfile:%s\\nmode:%s\\n' \"$f\" \"$(stat -c %a \"$f\")\" >> \"$log\"\n\
             sleep 0.5\nexec '{real}' \"$@\"\n",
            log = log.display(),
            real = real.display()
        ),
    );
    let path = std::env::join_paths(
        std::iter::once(tools.path().to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out_dir = TempDir::new("bk_pw_out");

    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_command_lines(stop.clone());
    let (code, out, err) = run(migrate(&user.url(&db.name))
        .arg("backup")
        .env("DB_PASSWORD", PW)
        .env("PATH", path)
        .current_dir(out_dir.path()));
    stop.store(true, Ordering::SeqCst);
    let command_lines = sampler.join().unwrap();
    assert_eq!(code, 0, "{out}\n{err}");

    for text in [&out, &err] {
        assert!(!text.contains("s3cr3t"), "{text}");
    }
    assert!(out.contains(&format!("mysql://{}:***@", user.name)), "{out}");
    let written = files(out_dir.path());
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(written.iter().all(|f| !f.contains("s3cr3t")), "{written:?}");
    let dump = std::fs::read_to_string(out_dir.path().join(&written[1])).unwrap();
    assert!(dump.contains("INSERT INTO `sg_notes`") && dump.contains("-- Dump completed"));

    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(!calls.contains("s3cr3t"), "the tool's arguments or environment hold the password:\n{calls}");
    assert!(!calls.contains("env:DB_PASSWORD=") && !calls.contains("env:MYSQL_PWD="), "{calls}");
    assert!(calls.contains(&format!("arg:--user={}\n", user.name)), "{calls}");
    assert!(calls.lines().next().unwrap().starts_with("arg:--defaults-file=/"), "{calls}");
    assert!(calls.contains("mode:600\n"), "the option file must be private:\n{calls}");
    let option_file = calls.lines().find_map(|l| l.strip_prefix("optfile:")).unwrap();
    assert!(!Path::new(option_file).exists(), "the option file {option_file} is left behind");

    assert!(
        command_lines.iter().any(|c| c.contains("--single-transaction") && c.contains(&user.name)),
        "the sampler never saw the dump running"
    );
    let leaks: Vec<&String> = command_lines.iter().filter(|c| c.contains("s3cr3t")).collect();
    assert!(leaks.is_empty(), "password in the process list: {leaks:?}");
}

#[test]
fn no_dump_tool_on_path_is_a_clear_error_with_exit_2() {
    let db = TestDb::created("bk_notool");
    let empty = TempDir::new("bk_notool_path");
    let cwd = TempDir::new("bk_notool_cwd");
    let (code, out, err) = run(migrate(&db.url()).arg("backup").env("PATH", empty.path()).current_dir(cwd.path()));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("neither mariadb-dump nor mysqldump was found on PATH"), "{err}");
    assert!(err.contains("install the client tools (apt-get install mariadb-client, or mysql-client)"), "{err}");
    assert!(files(cwd.path()).is_empty(), "nothing may be written");
}

#[test]
fn a_failing_or_truncated_dump_leaves_no_file_and_exits_1() {
    let db = TestDb::created("bk_fail");
    let tools = TempDir::new("bk_fail_tools");
    let out_dir = TempDir::new("bk_fail_out");
    let target = out_dir.path().join("x.sql");

    script(
        tools.path(),
        "mariadb-dump",
        "echo '-- half a dump'\necho 'mariadb-dump: Got error: 2013: Lost connection' >&2\nexit 2\n",
    );
    let (code, out, err) = run(migrate(&db.url()).args(["backup", "--out"]).arg(&target).env("PATH", tools.path()));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("mariadb-dump failed (exit code 2): mariadb-dump: Got error: 2013: Lost connection"), "{err}");
    assert!(err.contains("no backup file was written"), "{err}");
    assert!(out.contains("✗ backup failed"), "{out}");
    assert!(files(out_dir.path()).is_empty(), "{:?}", files(out_dir.path()));

    // Exit status 0 but no "Dump completed" trailer: not a backup either.
    script(tools.path(), "mariadb-dump", "echo 'CREATE TABLE t (id INT);'\n");
    let (code, _, err) = run(migrate(&db.url()).args(["backup", "--out"]).arg(&target).env("PATH", tools.path()));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not end with `-- Dump completed`"), "{err}");
    assert!(files(out_dir.path()).is_empty(), "{:?}", files(out_dir.path()));
}

#[test]
fn an_existing_file_or_a_missing_database_exits_2_and_writes_nothing() {
    let db = TestDb::created("bk_exists");
    let dir = TempDir::new("bk_exists");
    dir.write("old.sql", "keep me");
    let (code, _, err) = run(migrate(&db.url()).args(["backup", "--out"]).arg(dir.path().join("old.sql")));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("old.sql already exists; choose another --out path"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("old.sql")).unwrap(), "keep me");

    let missing = TestDb::new("bk_missing");
    let (code, _, err) = run(migrate(&missing.url()).args(["backup", "--out"]).arg(dir.path()));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("database `{}` does not exist", missing.name)), "{err}");
    assert!(!missing.exists(), "backup must not create the database");
    assert_eq!(files(dir.path()), ["old.sql"]);
}

#[test]
fn help_lists_the_options_and_exit_codes() {
    let (code, out, _) = run(migrate("mysql://root@127.0.0.1/x").args(["backup", "--help"]));
    assert_eq!(code, 0);
    for expected in
        ["--out <PATH>", "backups/<database>-<YYYYMMDDTHHMMSSZ>.sql", "Exit codes:", "0  the backup was written"]
    {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    assert!(out.contains("2  bad configuration or usage; neither mariadb-dump nor mysqldump on PATH"), "{out}");
    assert!(out.contains("3  cannot connect"), "{out}");
}
