//! Least privilege: an account holding exactly the grants the README documents runs `up`,
//! `status`, `verify`, `rollback` and `backup`; with one grant taken away `up` stops before
//! changing anything and names the grant; a read-only application account can `verify`.

use crate::common::*;
use mysql::prelude::Queryable;

/// The README's "Grants" section: what the migrating account needs on its database.
pub const MIGRATE: &str = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES";
/// ... and what `migrate backup` adds.
pub const BACKUP: &str = "SHOW VIEW, TRIGGER, EVENT";
/// What an application account needs for `migrate verify` and `migrate status`.
pub const VERIFY: &str = "SELECT";

const PW: &str = "grants-Pw-1";

fn account(tag: &str, db: &TestDb, grants: &str) -> TestUser {
    TestUser::create(tag, PW, &format!("IDENTIFIED BY '{PW}'"), &[&format!("{grants} ON `{}`.*", db.name)])
}

fn as_user(user: &TestUser, db: &TestDb, args: &[&str]) -> (i32, String, String) {
    run(migrate(&user.url(&db.name)).args(args).env("DB_PASSWORD", PW))
}

#[test]
fn the_documented_grants_are_enough_for_every_command() {
    let db = TestDb::new("grants_ok");
    let user = account("mig", &db, &format!("{MIGRATE}, {BACKUP}"));
    let sequence = [
        &["up", "--to", "20240719_workflow_messages"][..],
        &["rollback", "--steps", "1", "--yes"],
        &["up"],
        &["status"],
        &["verify"],
    ];
    for args in sequence {
        let (code, out, err) = as_user(&user, &db, args);
        assert_eq!(code, 0, "{args:?}\n{out}\n{err}");
    }
    let dir = TempDir::new("grants-backup");
    let file = dir.path().join("b.sql");
    let (code, out, err) = as_user(&user, &db, &["backup", "--out", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let reader = account("app", &db, VERIFY);
    for args in [&["verify"][..], &["status"]] {
        let (code, out, err) = as_user(&reader, &db, args);
        assert_eq!(code, 0, "application account, {args:?}\n{out}\n{err}");
    }
}

#[test]
fn a_missing_grant_stops_up_before_anything_changes_and_is_named() {
    let db = TestDb::created("grants_missing");
    let without_alter = MIGRATE.replace("ALTER, ", "");
    let user = account("noalter", &db, &without_alter);
    let (code, out, err) = as_user(&user, &db, &["up"]);
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("lacks: ALTER (changing tables)") && err.contains("GRANT ALTER ON"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(db.tables().is_empty(), "{:?}", db.tables());
}

#[test]
fn a_read_only_server_is_refused_by_name() {
    // read_only is global: this test flips it on a throwaway server only (the TLS one).
    let server = tls_server();
    let name = format!("sgro_{}", std::process::id());
    server.user(&name, &format!("IDENTIFIED BY '{PW}'"), &name);
    let mut admin = server.admin();
    admin.query_drop("SET GLOBAL read_only = ON").unwrap();
    let (code, out, err) = run(migrate(&server.url(&name, "127.0.0.1", &name))
        .args(["up", "--ssl-mode", "REQUIRED"])
        .env("DB_PASSWORD", PW));
    admin.query_drop("SET GLOBAL read_only = OFF").unwrap();
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("is read-only (read_only=ON") && err.contains("writable primary"), "{err}");
}

#[test]
fn a_missing_grant_stops_rollback_before_anything_changes() {
    let db = TestDb::new("grants_rollback");
    let user = account("rb", &db, MIGRATE);
    let (code, out, err) = as_user(&user, &db, &["up", "--to", "20240719_workflow_messages"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let before = db.tables();
    admin().query_drop(format!("REVOKE DROP ON `{}`.* FROM '{}'@'%'", db.name, user.name)).unwrap();
    let (code, out, err) = as_user(&user, &db, &["rollback", "--steps", "1", "--yes"]);
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("lacks: DROP (dropping tables and views)"), "{err}");
    assert_eq!(db.tables(), before);
}
