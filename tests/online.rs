//! Online migrations (`-- schemagate: online`) through the real pt-online-schema-change: a
//! 200,000-row table altered under a concurrent writer loses nothing; the password reaches
//! the tool only in its option file; an interrupted change is cleaned up or recorded, never
//! repeated; a Galera cluster refuses it before anything runs.

use crate::common::*;
use mysql::prelude::Queryable;
use std::collections::BTreeSet;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

const ROWS: i64 = 200_000;
const CREATE: &str =
    "CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, s VARCHAR(20) NOT NULL DEFAULT 'r');\n";
const WIDEN: &str = "-- schemagate: online\nALTER TABLE big ADD COLUMN w INT NULL, ADD INDEX iv (v);\n";

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// pt-online-schema-change, installed when missing (as root, like the other scripts' tools).
fn ensure_tool() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(install_tool);
}

fn install_tool() {
    let found = std::process::Command::new("pt-online-schema-change").arg("--version").output();
    if found.is_ok_and(|o| o.status.success()) {
        return;
    }
    let install = std::process::Command::new("sh")
        .args(["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends percona-toolkit >&2 || \
                      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends percona-toolkit >&2; }"])
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "pt-online-schema-change is missing and could not be installed: run apt-get install percona-toolkit as root\n{}",
        text(&install)
    );
}

/// A database whose `big` table (first migration) holds `ROWS` rows, and the folder with the
/// online migration after it.
fn big_table(tag: &str) -> (TestDb, TempDir) {
    ensure_tool();
    let db = TestDb::new(tag);
    let dir = TempDir::new(tag);
    dir.write("20240101_big.sql", CREATE);
    let out = migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mut conn = db.conn();
    conn.query_drop("INSERT INTO big (v) VALUES (1)").unwrap();
    while db.count("SELECT COUNT(*) FROM big") < ROWS {
        conn.query_drop("INSERT INTO big (v) SELECT id FROM big").unwrap();
    }
    conn.query_drop(format!(
        "DELETE FROM big WHERE id > (SELECT m FROM (SELECT id m FROM big ORDER BY id LIMIT {}, 1) x)",
        ROWS - 1
    ))
    .unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM big"), ROWS);
    dir.write("20240102_widen.sql", WIDEN);
    (db, dir)
}

fn run(db: &TestDb, dir: &TempDir) -> Output {
    migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).output().unwrap()
}

fn widened(db: &TestDb) -> bool {
    db.columns().iter().any(|c| c == "big.w int(11)" || c == "big.w int")
}

#[test]
fn a_big_table_altered_online_under_a_concurrent_writer_loses_no_row() {
    let (db, dir) = big_table("online_writer");
    // Rows the writer updates (first half) and deletes (second half): ids that exist (the
    // doubling inserts leave gaps).
    let ids: Vec<i64> = db.conn().query("SELECT id FROM big ORDER BY id").unwrap();
    let half = ids.len() as i64 / 2;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, mut conn, ids) = (stop.clone(), db.conn(), ids.clone());
        std::thread::spawn(move || {
            let (mut inserted, mut updated, mut deleted) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
            let (mut i, mut retried): (i64, usize) = (0, 0);
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                // As an application does: a deadlock or lock wait timeout (the tool's triggers
                // and its final swap take locks) is retried, and so is a statement that met the
                // swap (its trigger found `_big_new` renamed, 1146; the statement rolled back).
                let mut write = |sql: &str, value: i64| loop {
                    match conn.exec_drop(sql, (value,)) {
                        Err(mysql::Error::MySqlError(e)) if matches!(e.code, 1213 | 1205 | 1146) => retried += 1,
                        other => break other.unwrap(),
                    }
                };
                match i % 3 {
                    0 => {
                        write("INSERT INTO big (v, s) VALUES (?, 'new')", -i);
                        inserted.insert(conn.last_insert_id() as i64);
                    }
                    1 => {
                        let id = ids[((i * 7919) % half) as usize];
                        write("UPDATE big SET s = 'updated' WHERE id = ?", id);
                        updated.insert(id);
                    }
                    _ => {
                        let id = ids[(half + (i * 104_729) % half) as usize];
                        write("DELETE FROM big WHERE id = ?", id);
                        deleted.insert(id);
                    }
                }
            }
            (inserted, updated, deleted, retried)
        })
    };
    let started = Instant::now();
    let out = run(&db, &dir);
    let took = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    let (inserted, updated, deleted, retried) = writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(widened(&db), "the column was not added: {:?}", db.columns());
    let index: i64 = db.count("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'big' AND index_name = 'iv'");
    assert_eq!(index, 1, "the index was not added");
    let expected = ROWS + inserted.len() as i64 - deleted.len() as i64;
    assert_eq!(db.count("SELECT COUNT(*) FROM big"), expected, "rows lost or brought back");
    let list = |ids: &BTreeSet<i64>| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    if !deleted.is_empty() {
        assert_eq!(
            db.count(&format!("SELECT COUNT(*) FROM big WHERE id IN ({})", list(&deleted))),
            0,
            "deleted rows came back"
        );
    }
    if !inserted.is_empty() {
        let found = db.count(&format!("SELECT COUNT(*) FROM big WHERE id IN ({}) AND s = 'new'", list(&inserted)));
        assert_eq!(found, inserted.len() as i64, "inserted rows lost");
    }
    let live_updates: BTreeSet<i64> = updated.difference(&deleted).copied().collect();
    if !live_updates.is_empty() {
        let found =
            db.count(&format!("SELECT COUNT(*) FROM big WHERE id IN ({}) AND s = 'updated'", list(&live_updates)));
        assert_eq!(found, live_updates.len() as i64, "updates lost");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal WHERE version = 2024010201"), 1);
    assert_eq!(db.history().len(), 2);
    let again = run(&db, &dir);
    assert!(again.status.success() && !text(&again).contains("applied 20240102"), "{}", text(&again));
    eprintln!(
        "online: {ROWS} rows, ADD COLUMN + ADD INDEX in {took:.1?} with a writer doing {} inserts, {} updates, {} deletes \
         meanwhile ({retried} deadlocks retried); 0 rows lost",
        inserted.len(),
        updated.len(),
        deleted.len()
    );
}

#[test]
fn the_password_reaches_the_tool_only_in_its_option_file() {
    ensure_tool();
    let db = TestDb::created("online_secret");
    let user = format!("sgpt{}", std::process::id());
    let password = "Pw-only-in-the-file-9";
    let mut admin = admin();
    admin.query_drop(format!("DROP USER IF EXISTS '{user}'@'%'")).unwrap();
    admin.query_drop(format!("CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'")).unwrap();
    admin.query_drop(format!("GRANT ALL ON *.* TO '{user}'@'%'")).unwrap();
    let dir = TempDir::new("online_secret");
    dir.write("20240101_big.sql", &format!("{CREATE}INSERT INTO big (v) VALUES (1), (2), (3);\n"));
    dir.write("20240102_widen.sql", WIDEN);
    let tools = TempDir::new("online_secret_tool");
    let record = tools.path().join("tool-call.txt");
    let wrapper = tools.path().join("pt-wrapper.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n{{ echo \"ARGS: $*\"; env; }} > '{}'\nexec pt-online-schema-change \"$@\"\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let server = server_url();
    let host = server.rsplit_once('@').map_or(server.trim_start_matches("mysql://"), |(_, host)| host);
    let url = format!("mysql://{user}:{password}@{host}");
    let out = migrate(&format!("{url}/{}", db.name))
        .arg("--migrations-dir")
        .arg(dir.path())
        .env("SCHEMAGATE_PT_OSC", &wrapper)
        .output()
        .unwrap();
    admin.query_drop(format!("DROP USER IF EXISTS '{user}'@'%'")).unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(widened(&db));
    let call = std::fs::read_to_string(&record).expect("the tool was not run through the wrapper");
    assert!(call.contains("ARGS: --execute --alter ADD COLUMN w INT NULL, ADD INDEX iv (v)"), "{call}");
    assert!(call.contains(",D=") && call.contains("F="), "{call}");
    assert!(!call.contains(password), "the password reached the tool's arguments or environment:\n{call}");
    assert!(!text(&out).contains(password));
}

#[test]
fn an_interrupted_online_change_is_cleaned_up_or_recorded_never_repeated() {
    ensure_tool();
    let db = TestDb::new("online_resume");
    let dir = TempDir::new("online_resume");
    dir.write("20240101_big.sql", &format!("{CREATE}INSERT INTO big (v) VALUES (1), (2), (3);\n"));
    let out = run(&db, &dir);
    assert!(out.status.success(), "{}", text(&out));
    // What a run killed during the copy leaves: the tool's work table and a trigger.
    let mut conn = db.conn();
    conn.query_drop("CREATE TABLE _big_new LIKE big").unwrap();
    conn.query_drop(format!("CREATE TRIGGER `pt_osc_{}_big_ins` AFTER INSERT ON big FOR EACH ROW SET @x = 1", db.name))
        .unwrap();
    dir.write("20240102_widen.sql", WIDEN);
    // Killed after the tool finished, before the journal row.
    let crashed = migrate(&db.url())
        .arg("--migrations-dir")
        .arg(dir.path())
        .env("SCHEMAGATE_TEST_CRASH", "2024010201:1")
        .output()
        .unwrap();
    assert!(!crashed.status.success(), "{}", text(&crashed));
    assert!(widened(&db), "the change did not run before the crash point: {}", text(&crashed));
    assert!(!db.tables().contains(&"_big_new".to_string()), "the leftover work table is still there");
    let triggers = db.count("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()");
    assert_eq!(triggers, 0, "the leftover trigger is still there");
    // The next run recognises the change by the table's definition: recorded, not repeated
    // (a second ADD COLUMN w would fail).
    let tools = TempDir::new("online_resume_tool");
    let record = tools.path().join("calls.txt");
    let wrapper = tools.path().join("count.sh");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\necho call >> '{}'\nexec pt-online-schema-change \"$@\"\n", record.display()),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out =
        migrate(&db.url()).arg("--migrations-dir").arg(dir.path()).env("SCHEMAGATE_PT_OSC", &wrapper).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(!record.exists(), "the tool ran again");
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_journal WHERE version = 2024010201"), 1);
    assert_eq!(db.history().len(), 2);
}

#[test]
fn an_online_migration_is_refused_on_a_galera_cluster_before_anything_runs() {
    let nodes = galera_nodes();
    let db = format!("sg_online_galera_{}", std::process::id());
    let url = format!("{}/{db}", nodes[1]);
    let dir = TempDir::new("online_galera");
    dir.write("20240101_big.sql", CREATE);
    dir.write("20240102_widen.sql", WIDEN);
    let out = migrate(&url).arg("--migrations-dir").arg(dir.path()).output().unwrap();
    let output = text(&out);
    assert_eq!(out.status.code(), Some(5), "{output}");
    assert!(output.contains("Galera") && output.contains("came back in 11 of 25 runs"), "{output}");
    let mut node = mysql::Conn::new(mysql::Opts::from_url(&nodes[0]).unwrap()).unwrap();
    let tables: Vec<String> = node
        .exec("SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = ?", (&db,))
        .unwrap();
    assert!(!tables.contains(&"big".to_string()), "something was applied: {tables:?}");
    node.query_drop(format!("DROP DATABASE IF EXISTS `{db}`")).unwrap();
}

#[test]
fn a_table_the_tool_cannot_copy_fails_the_migration_with_the_tools_reason() {
    ensure_tool();
    let db = TestDb::new("online_nokey");
    let dir = TempDir::new("online_nokey");
    dir.write("20240101_plain.sql", "CREATE TABLE plain (v INT NOT NULL);\nINSERT INTO plain VALUES (1);\n");
    dir.write("20240102_widen.sql", "-- schemagate: online\nALTER TABLE plain ADD COLUMN w INT NULL;\n");
    let out = run(&db, &dir);
    let output = text(&out);
    assert_eq!(out.status.code(), Some(4), "{output}");
    assert!(output.contains("20240102_widen.sql: statement 1 (line 2), ALTER TABLE `plain` run online"), "{output}");
    assert!(output.contains("PRIMARY KEY"), "{output}");
    assert!(output.contains("run `migrate` again"), "{output}");
    assert!(!db.columns().iter().any(|c| c.starts_with("plain.w ")) && db.history().len() == 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM schemagate_intent"), 0, "the failed change left its intent");
}

#[test]
fn an_online_migration_without_an_alter_table_or_renaming_its_table_is_a_folder_error() {
    let db = TestDb::new("online_folder");
    let dir = TempDir::new("online_folder");
    dir.write("20240101_big.sql", CREATE);
    dir.write("20240102_fill.sql", "-- schemagate: online\nUPDATE big SET v = 1;\n");
    dir.write("20240103_move.sql", "-- schemagate: online\nALTER TABLE big RENAME TO huge;\n");
    let out = run(&db, &dir);
    let output = text(&out);
    assert_eq!(out.status.code(), Some(2), "{output}");
    assert!(output.contains("20240102_fill.sql: has the `-- schemagate: online` line but no ALTER TABLE"), "{output}");
    assert!(
        output.contains("20240103_move.sql: line 2: pt-online-schema-change cannot rename table `big`"),
        "{output}"
    );
    assert!(!db.exists(), "something ran");
}

#[test]
fn a_dry_run_says_which_statements_would_run_online() {
    let db = TestDb::new("online_dry");
    let dir = TempDir::new("online_dry");
    dir.write("20240101_big.sql", CREATE);
    dir.write("20240102_widen.sql", &format!("{WIDEN}UPDATE big SET w = 1;\n"));
    let out = migrate(&db.url()).args(["--dry-run", "--migrations-dir"]).arg(dir.path()).output().unwrap();
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    assert!(
        output.contains("-- statement 1 (line 2), online through pt-online-schema-change\nALTER TABLE big"),
        "{output}"
    );
    assert!(output.contains("-- statement 2 (line 3)\nUPDATE big"), "{output}");
    assert!(!db.exists());
}
