//! The startup gate as a library call: create, apply, re-run, verify, fail.

use crate::common::{mariadb_client, set, TestDb};
use schemagate::error::exit;
use schemagate::gate::{self, GateOptions};

const NINE: [&str; 9] = [
    "agent_executions",
    "artifacts",
    "environment_variables",
    "execution_logs",
    "module_settings",
    "sub_workflow_queue",
    "workflow_messages",
    "workflow_modules",
    "workflows",
];

#[test]
fn embedded_migrations_require_the_nine_aideveloper_tables() {
    assert_eq!(schemagate::embedded::REQUIRED_TABLES, NINE);
    assert!(schemagate::embedded::MIGRATIONS.len() >= 5);
}

#[test]
fn creates_the_database_applies_everything_and_rerun_applies_nothing() {
    let db = TestDb::new("gate_fresh");
    let report = gate::run_embedded(&db.settings(), &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(report.database, Some(schemagate::db::DatabaseState::Created));
    assert!(report.tables_before.iter().all(|t| !t.present));
    assert_eq!(report.runs.len(), schemagate::embedded::MIGRATIONS.len());
    assert_eq!(report.tables_after.len(), 9);
    assert_eq!(db.history().len(), report.runs.len());
    assert_eq!(db.count("SELECT COUNT(*) FROM module_settings"), 1);

    let again = gate::run_embedded(&db.settings(), &GateOptions::default());
    assert!(again.healthy(), "{again:?}");
    assert_eq!(again.database, Some(schemagate::db::DatabaseState::Existed));
    assert!(again.runs.is_empty());
    assert_eq!(again.already_applied, report.runs.len());
    assert!(again.tables_before.iter().all(|t| t.present));
    assert_eq!(db.count("SELECT COUNT(*) FROM module_settings"), 1);
}

#[test]
fn a_new_file_is_applied_on_the_next_run() {
    let db = TestDb::new("gate_new_file");
    let first = set(&[("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);")]);
    assert!(gate::run(&db.settings(), &first, &GateOptions::default()).healthy());
    let second = set(&[
        ("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);"),
        ("20240102_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);"),
    ]);
    assert_eq!(second.required_tables, ["a", "b"]);
    let report = gate::run(&db.settings(), &second, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(report.runs.len(), 1);
    assert_eq!(report.runs[0].name, "20240102_b");
}

#[test]
fn a_failing_migration_names_the_file_and_leaves_the_database_unhealthy() {
    let db = TestDb::new("gate_fail");
    let migrations = set(&[
        ("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);"),
        ("20240102_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\nALTER TABLE nope ADD COLUMN x INT;"),
        ("20240103_c.sql", "CREATE TABLE c (id INT PRIMARY KEY);"),
    ]);
    let report = gate::run(&db.settings(), &migrations, &GateOptions::default());
    assert!(!report.healthy());
    assert_eq!(report.exit_code(), exit::MIGRATION);
    let message = report.error.as_ref().unwrap().to_string();
    assert!(message.contains("20240102_b.sql: statement 2 (line 2)"), "{message}");
    assert!(message.contains("1146"), "{message}");
    assert_eq!(report.runs.len(), 1);
    assert_eq!(report.pending_after, 2);
    let missing: Vec<_> = report.tables_after.iter().filter(|t| !t.present).map(|t| t.name.as_str()).collect();
    assert_eq!(missing, ["c"]);
    assert_eq!(db.history(), [(2024010101, "20240101_a".to_string())]);
}

#[test]
fn missing_required_table_after_migrating_is_unhealthy() {
    let db = TestDb::new("gate_missing_table");
    let migrations = set(&[("20240101_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);")]);
    assert!(gate::run(&db.settings(), &migrations, &GateOptions::default()).healthy());
    db.conn().query_drop_simple("DROP TABLE a");
    let report = gate::run(&db.settings(), &migrations, &GateOptions::default());
    assert!(!report.healthy());
    assert_eq!(report.exit_code(), exit::UNHEALTHY);
    let err = report.into_result().unwrap_err().to_string();
    assert!(err.contains("table `a` is missing"), "{err}");
}

trait DropSimple {
    fn query_drop_simple(&mut self, sql: &str);
}

impl DropSimple for mysql::Conn {
    fn query_drop_simple(&mut self, sql: &str) {
        mysql::prelude::Queryable::query_drop(self, sql).unwrap();
    }
}

#[test]
fn a_database_built_by_the_old_script_is_refused_and_left_as_it_was() {
    let db = TestDb::created("adopt");
    for m in schemagate::embedded::MIGRATIONS {
        mariadb_client(&db.name, m.forward.sql);
    }
    db.conn()
        .query_drop_simple("INSERT INTO workflows (name, workflow_type, status) VALUES ('w1', 'feature', 'running')");
    let before = crate::common::snapshot(&db);
    let report = gate::run_embedded(&db.settings(), &GateOptions::default());
    assert!(!report.healthy() && report.runs.is_empty(), "{report:?}");
    assert_eq!(report.exit_code(), exit::DIVERGED);
    let message = report.error.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(message.contains("no migration history") && message.contains("migrate adopt"), "{message}");
    assert!(message.contains("migrate baseline --to"), "{message}");
    assert_eq!(crate::common::snapshot(&db), before, "nothing changed");
    assert!(db.history().is_empty());
}

#[test]
fn the_one_query_fast_path_agrees_with_the_full_read() {
    use schemagate::state;
    let db = TestDb::created("gate_digest");
    let two = set(&[("20240101_a.sql", "CREATE TABLE a (id INT);"), ("20240102_b.sql", "CREATE TABLE b (id INT);")]);
    let mut conn = db.conn();
    // No history table yet: no fast path.
    assert!(state::read_if_current(&mut conn, &two.outline()).unwrap().is_none());
    assert!(gate::run(&db.settings(), &two, &GateOptions::default()).healthy());
    let fast =
        state::read_if_current(&mut conn, &two.outline()).unwrap().expect("server and client digests must agree");
    let full = state::read(&mut conn, &two, Default::default()).unwrap();
    assert_eq!(fast.plan, full.plan);
    assert_eq!(fast.tables, full.tables);

    // Anything that is not "every migration recorded as it is" falls back to the full read.
    let three = set(&[
        ("20240101_a.sql", "CREATE TABLE a (id INT);"),
        ("20240102_b.sql", "CREATE TABLE b (id INT);"),
        ("20240103_c.sql", "CREATE TABLE c (id INT);"),
    ]);
    assert!(state::read_if_current(&mut conn, &three.outline()).unwrap().is_none(), "pending");
    let changed =
        set(&[("20240101_a.sql", "CREATE TABLE a (id BIGINT);"), ("20240102_b.sql", "CREATE TABLE b (id INT);")]);
    assert!(state::read_if_current(&mut conn, &changed.outline()).unwrap().is_none(), "changed");
    let renamed =
        set(&[("20240101_a.sql", "CREATE TABLE a (id INT);"), ("20240102_b2.sql", "CREATE TABLE b (id INT);")]);
    assert!(state::read_if_current(&mut conn, &renamed.outline()).unwrap().is_none(), "renamed");
    conn.query_drop_simple("DELETE FROM refinery_schema_history WHERE version = 2024010201");
    assert!(state::read_if_current(&mut conn, &two.outline()).unwrap().is_none(), "missing row");
}

#[test]
fn a_folder_outline_equals_the_full_sets_without_splitting_what_cannot_matter() {
    use schemagate::migration::{load_dir, outline_dir};
    let dir = crate::common::embedded_dir(
        "outline",
        &schemagate::embedded::MIGRATIONS.iter().map(|m| m.name).collect::<Vec<_>>(),
    );
    dir.write("20250101_more.sql", "create table `x` (id INT);\r\nINSERT INTO x VALUES (1);\r\n")
        .write("20250101_more_b.sql", "ALTER TABLE x RENAME TO y;\nDROP TABLE IF EXISTS artifacts;\n")
        .write("20250102_data.sql", "INSERT INTO y VALUES (2);\n")
        .write("README.md", "# notes\n");
    let full = load_dir(dir.path()).unwrap();
    assert_eq!(outline_dir(dir.path()), Some(full.outline()));
    assert!(
        full.required_tables.contains(&"y".to_string()) && !full.required_tables.contains(&"artifacts".to_string())
    );
    // Anything a full load reports makes the outline step aside.
    dir.write("2025013_bad.sql", "SELECT 1;");
    assert_eq!(outline_dir(dir.path()), None);
    dir.remove("2025013_bad.sql");
    dir.write("20250103_quote.sql", "CREATE TABLE z (c VARCHAR(3) DEFAULT 'x);\n");
    assert_eq!(outline_dir(dir.path()), None);
}
