//! The application's gate against a real server: `SCHEMAGATE_TEST_URL` names it (without a
//! database); the test creates and drops its own database.

use mysql::prelude::Queryable;

#[test]
fn the_gate_applies_this_crates_migrations_and_then_nothing() {
    let server = std::env::var("SCHEMAGATE_TEST_URL")
        .expect("set SCHEMAGATE_TEST_URL=mysql://root@127.0.0.1:3306 (../../scripts/with-db does)");
    let database = format!("sg_example_app_{}", std::process::id());
    let url = format!("{}/{database}", server.trim_end_matches('/'));
    let settings =
        schemagate::Settings::from_lookup(|key| (key == "DATABASE_URL").then(|| url.clone()), &Default::default())
            .unwrap();
    assert_eq!(schemagate_example_app::migrations::REQUIRED_TABLES, ["note_tags", "notes"]);
    let first = schemagate_example_app::gate(&settings);
    let again = schemagate_example_app::gate(&settings);
    let mut admin = mysql::Conn::new(mysql::Opts::from_url(&server).unwrap()).unwrap();
    admin.query_drop(format!("DROP DATABASE IF EXISTS `{database}`")).unwrap();
    assert!(first.healthy(), "{:?}", first.error);
    assert_eq!(first.runs.len(), 2);
    assert!(again.healthy() && again.runs.is_empty(), "{:?}", again.error);
}
