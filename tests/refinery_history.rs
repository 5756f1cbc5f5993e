//! schemagate keeps refinery's history table, `refinery_schema_history`, row for row: a
//! database migrated by refinery's own runner is read by schemagate as applied, and one
//! migrated by schemagate is read by refinery as applied (same versions, names, checksums,
//! RFC 3339 times), so a project can move between the two in either direction.

use crate::common::{set, TestDb};
use schemagate::gate::{self, GateOptions};
use schemagate::status;

const FILES: &[(&str, &str)] = &[
    ("20240101_people.sql", "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50));\n"),
    ("20240102_pets.sql", "CREATE TABLE pets (id INT PRIMARY KEY);\nINSERT INTO pets VALUES (1);\n"),
];

fn refinery_migrations(set: &schemagate::MigrationSet) -> Vec<refinery::Migration> {
    set.migrations.iter().map(|m| m.to_refinery().unwrap()).collect()
}

#[test]
fn a_database_migrated_by_refinery_is_read_as_history() {
    let db = TestDb::created("rf_to_sg");
    let set = set(FILES);
    let report = refinery::Runner::new(&refinery_migrations(&set)).run(&mut db.conn()).unwrap();
    assert_eq!(report.applied_migrations().len(), 2);

    let report = gate::run(&db.settings(), &set, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!((report.already_applied, report.runs.len()), (2, 0), "nothing re-run: {report:?}");
    let status = status::status(&db.settings(), &set).unwrap();
    assert_eq!(status.count("applied"), 2);
    assert!(!status.diverged());
    assert_eq!(db.count("SELECT COUNT(*) FROM pets"), 1, "the data statement ran once");
}

#[test]
fn a_database_migrated_by_schemagate_is_read_by_refinery() {
    let db = TestDb::new("sg_to_rf");
    let set = set(FILES);
    assert!(gate::run(&db.settings(), &set, &GateOptions::default()).healthy());

    let runner = refinery::Runner::new(&refinery_migrations(&set));
    let applied = runner.get_applied_migrations(&mut db.conn()).unwrap();
    let seen: Vec<(i32, String)> = applied.iter().map(|m| (m.version(), m.name().to_string())).collect();
    assert_eq!(seen, [(2024010101, "20240101_people".to_string()), (2024010201, "20240102_pets".to_string())]);
    for (theirs, ours) in applied.iter().zip(&set.migrations) {
        assert_eq!(theirs.checksum(), ours.checksum, "{}", ours.name);
    }
    // refinery checks the checksums (abort_divergent is on by default) and finds nothing to do.
    let report = runner.run(&mut db.conn()).unwrap();
    assert!(report.applied_migrations().is_empty(), "{:?}", report.applied_migrations());
    assert_eq!(db.count("SELECT COUNT(*) FROM pets"), 1);
}
