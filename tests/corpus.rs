//! Real SQL nobody on the team wrote: the Sakila schema through the engine must give the same
//! objects as the `mariadb` client.

use crate::common::{corpus, mariadb_client, set, TestDb};
use mysql::prelude::Queryable;
use schemagate::gate::{self, GateOptions};
use schemagate::inspect::BOOKKEEPING_TABLES;
use schemagate::scan::{scan, SourceFile};

fn sakila() -> String {
    corpus("sakila/1-sakila-schema.sql")
}

/// Sakila as a migration of ours: without its own `DROP SCHEMA`/`CREATE SCHEMA`/`USE`, and
/// with the view's `sakila.` qualifiers removed so it works in any database.
fn sakila_for_target() -> String {
    crate::differential::SAKILA.applied()
}

#[test]
fn sakila_as_is_is_refused_when_the_table_is_built() {
    let files = vec![SourceFile { name: "20240101_sakila.sql".into(), text: sakila() }];
    let problems = scan(&files, 20261125).unwrap_err();
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages[0].starts_with("20240101_sakila.sql: line 37:"), "{messages:#?}");
    assert!(messages[1].starts_with("20240101_sakila.sql: line 39:"), "{messages:#?}");
}

fn objects(db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    let mut all: Vec<String> = conn
        .exec(
            &format!(
            "SELECT CONCAT('table ', table_name, ' ', table_type, ' ', COALESCE(engine, '')) FROM information_schema.tables WHERE table_schema = ? \
             AND table_name NOT IN {BOOKKEEPING_TABLES} \
             UNION ALL SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type) FROM information_schema.columns WHERE table_schema = ? \
             AND table_name NOT IN {BOOKKEEPING_TABLES} \
             UNION ALL SELECT CONCAT('trigger ', trigger_name, ' ', event_manipulation, ' ', event_object_table) FROM information_schema.triggers WHERE trigger_schema = ? \
             UNION ALL SELECT CONCAT('routine ', routine_type, ' ', routine_name) FROM information_schema.routines WHERE routine_schema = ? \
             UNION ALL SELECT CONCAT('fk ', constraint_name, ' ', referenced_table_name) FROM information_schema.referential_constraints WHERE constraint_schema = ?"),
            (&db.name, &db.name, &db.name, &db.name, &db.name),
        )
        .unwrap();
    all.sort();
    all
}

#[test]
fn sakila_through_the_engine_matches_the_mariadb_client() {
    let text = sakila_for_target();
    let engine = TestDb::new("sakila_engine");
    let report = gate::run(&engine.settings(), &set(&[("20240101_sakila.sql", &text)]), &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    assert_eq!(report.runs[0].executed, 43);

    let client = TestDb::created("sakila_client");
    mariadb_client(&client.name, &text);

    let (ours, theirs) = (objects(&engine), objects(&client));
    assert!(ours.len() > 100, "{ours:?}");
    assert_eq!(ours, theirs);
    assert!(ours.iter().any(|o| o.starts_with("trigger ins_film")));
    assert!(ours.iter().any(|o| o.starts_with("routine PROCEDURE film_in_stock")));
    assert!(ours.iter().any(|o| o.starts_with("table actor_info VIEW")));
}
