//! The `mariadb` client is the reference (issue 9): files it applies cleanly give the same
//! objects and rows through schemagate, on the first run, each statement once, also when the
//! runner is killed inside a `LOCK TABLES` region or an explicit transaction.

use crate::common::{mariadb_client, migrate, run, set, snapshot, TempDir, TestDb};
use mysql::prelude::Queryable;
use schemagate::gate::{self, GateOptions};

/// Applies `text` as one migration with schemagate and with the client; both must agree,
/// and a second schemagate run must apply nothing.
fn same_as_the_client(tag: &str, text: &str) -> Vec<String> {
    let ours = TestDb::new(&format!("{tag}_sg"));
    let migrations = set(&[("20240101_file.sql", text)]);
    let report = gate::run(&ours.settings(), &migrations, &GateOptions::default());
    assert!(report.healthy() && report.error.is_none(), "{tag}: {report:?}");
    let again = gate::run(&ours.settings(), &migrations, &GateOptions::default());
    assert!(again.healthy() && again.runs.is_empty(), "{tag}: second run: {again:?}");
    let theirs = TestDb::created(&format!("{tag}_cl"));
    mariadb_client(&theirs.name, text);
    let ours = snapshot(&ours);
    assert_eq!(ours, snapshot(&theirs), "{tag}");
    ours
}

#[test]
fn routine_ending_end_semicolon_before_a_custom_delimiter() {
    let text = "CREATE TABLE counters (n INT NOT NULL);\nINSERT INTO counters VALUES (0);\nDELIMITER //\n\
                CREATE PROCEDURE bump()\nBEGIN\n  UPDATE counters SET n = n + 1;\nEND;\n//\nDELIMITER ;\nCALL bump();\n";
    let got = same_as_the_client("endsemi", text);
    assert!(got.contains(&"row counters '1'".to_string()), "{got:?}");
}

#[test]
fn lock_tables_region_of_a_dump() {
    let text = "CREATE TABLE t (id INT PRIMARY KEY);\nLOCK TABLES t WRITE;\n\
                /*!40000 ALTER TABLE `t` DISABLE KEYS */;\nINSERT INTO t VALUES (1),(2);\n\
                /*!40000 ALTER TABLE `t` ENABLE KEYS */;\nUNLOCK TABLES;\n";
    let got = same_as_the_client("lock", text);
    assert_eq!(got.iter().filter(|l| l.starts_with("row t ")).count(), 2, "{got:?}");
}

#[test]
fn comments_delimiters_and_modes_as_the_client_reads_them() {
    same_as_the_client("dashhash", "CREATE TABLE a (id INT);\n--#note\nCREATE INDEX a_id ON a(id);\n");
    same_as_the_client("openend", "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\n");
    same_as_the_client(
        "conditional",
        "\u{feff}CREATE TABLE y (a INT); /*M!999999 ALTER TABLE y ADD COLUMN z INT */;\n/*!50001 SELECT '*/' */;\n\
         CREATE TABLE q (v VARCHAR(10));\n/*!40101 INSERT INTO q VALUES ('*/;') */;\n",
    );
    same_as_the_client(
        "nbe",
        "CREATE TABLE s (v VARCHAR(10));\nSET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\n\
         INSERT INTO s VALUES ('a\\');\nINSERT INTO s VALUES ('b;');\n",
    );
    same_as_the_client(
        "bodies",
        "CREATE TABLE n (v INT);\nDELIMITER //\nINSERT INTO n VALUES (1); INSERT INTO n VALUES (2);//\n\
         CREATE TRIGGER n_bi BEFORE INSERT ON n FOR EACH ROW BEGIN\n  -- keep it positive\n  IF NEW.v < 0 THEN SET NEW.v = 0; END IF;\nEND//\n\
         delimiter ;\nINSERT INTO n VALUES (-5);\n",
    );
}

/// A file with a transaction, `autocommit = 0`, a rollback, a lock region and session state
/// read after them; `hits` counts how often each data statement ran.
const REGIONS: &str = "CREATE TABLE acct (id INT PRIMARY KEY, bal INT);\n\
CREATE TABLE hits (n INT NOT NULL);\n\
INSERT INTO hits VALUES (0);\n\
START TRANSACTION;\n\
INSERT INTO acct VALUES (1, 10);\n\
UPDATE hits SET n = n + 1;\n\
INSERT INTO acct VALUES (2, 20);\n\
COMMIT;\n\
SET autocommit = 0;\n\
UPDATE acct SET bal = bal + 1;\n\
UPDATE hits SET n = n + 10;\n\
COMMIT;\n\
SET autocommit = 1;\n\
BEGIN;\n\
INSERT INTO acct VALUES (3, 30);\n\
ROLLBACK;\n\
SET @base = (SELECT SUM(bal) FROM acct);\n\
LOCK TABLES acct WRITE, hits WRITE;\n\
INSERT INTO acct VALUES (4, @base);\n\
UPDATE hits SET n = n + 100;\n\
UNLOCK TABLES;\n\
INSERT INTO acct VALUES (5, @base + 1);\n";

#[test]
fn transactions_and_locks_then_a_second_file() {
    let got = same_as_the_client("regions", REGIONS);
    assert!(got.contains(&"row hits '111'".to_string()), "{got:?}");
    assert!(got.contains(&"row acct '5','33'".to_string()), "{got:?}");
    // Nothing of the first file's session leaks into the next file.
    let db = TestDb::new("regions_next");
    let files = set(&[("20240101_file.sql", REGIONS), ("20240102_next.sql", "INSERT INTO acct VALUES (6, @base);")]);
    let report = gate::run(&db.settings(), &files, &GateOptions::default());
    assert!(report.healthy(), "{report:?}");
    let next: Option<i32> = db.conn().query_first("SELECT bal FROM acct WHERE id = 6").unwrap().flatten();
    assert_eq!(next, None);
}

#[test]
fn killed_inside_transactions_and_lock_regions_then_rerun_applies_each_statement_once() {
    let dir = TempDir::new("regions_crash");
    dir.write("20240101_regions.sql", REGIONS);
    let reference = TestDb::created("regions_ref");
    mariadb_client(&reference.name, REGIONS);
    let expected = snapshot(&reference);
    let statements = 22;
    for k in 1..=statements {
        for point in [format!("2024010101:{k}"), format!("2024010101:{k}j")] {
            let db = TestDb::new("regions_crash");
            let mut crashing = migrate(&db.url());
            crashing.arg("--migrations-dir").arg(dir.path()).env("SCHEMAGATE_TEST_CRASH", &point);
            let (code, _, err) = run(&mut crashing);
            assert_ne!(code, 0, "{point}: the runner must have been killed: {err}");
            let (code, out, err) = run(migrate(&db.url()).arg("--migrations-dir").arg(dir.path()));
            assert_eq!(code, 0, "{point}: {out}{err}");
            assert_eq!(snapshot(&db), expected, "{point}: hits counts every data statement's runs");
            let journal = db.count("SELECT COUNT(*) FROM schemagate_journal");
            assert_eq!(journal, statements as i64, "{point}: one journal row per statement");
        }
    }
}

#[test]
fn autocommit_off_then_a_lock_region_whose_unlock_commits() {
    // Found by the long generated run: UNLOCK TABLES commits what autocommit=0 left open.
    let text = "CREATE TABLE a3 (id INT PRIMARY KEY);\nSET autocommit=0;\nINSERT INTO a3 VALUES (1),(2);\nCOMMIT;\n\
                CREATE TABLE l4 (id INT PRIMARY KEY, v INT);\nLOCK TABLES l4 WRITE;\n\
                INSERT INTO l4 VALUES (1, 10),(2, 20),(3, 30);\nUNLOCK TABLES;\nINSERT INTO a3 VALUES (3);\n";
    let got = same_as_the_client("unlockcommits", text);
    assert_eq!(got.iter().filter(|l| l.starts_with("row l4 ")).count(), 3, "{got:?}");
    assert_eq!(
        got.iter().filter(|l| l.starts_with("row a3 ")).count(),
        2,
        "the last INSERT is rolled back at the end: {got:?}"
    );
}
