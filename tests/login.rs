//! Logging in on the real server: refused logins exit 3 with the cause and the fix, an
//! ed25519 account logs in (it used to panic), an account at its connection limit is retried.

use crate::common::*;
use mysql::prelude::Queryable;
use schemagate::config::Secret;
use schemagate::db;
use schemagate::error::{exit, Error};
use std::time::{Duration, Instant};

fn settings_as(user: &TestUser, database: &str) -> schemagate::config::Settings {
    let mut s = settings_for(&user.url(database));
    s.password = Some(Secret::new(user.password.clone()));
    s.connect_timeout = Duration::from_secs(5);
    s
}

#[test]
fn a_wrong_password_exits_3_naming_the_cause_and_never_the_password() {
    let db = TestDb::created("login_wrong");
    let user = TestUser::new("wrongpw", "right-Pw-1", &db.name);
    let (code, out, err) = run(migrate(&user.url(&db.name)).arg("status").env("DB_PASSWORD", "right-Pw-2"));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("wrong user name or password") && err.contains("server error 1045"), "{err}");
    assert!(err.contains("DB_PASSWORD"), "{err}");
    assert!(!err.contains("MySqlError") && !err.contains("DriverError"), "{err}");
    assert!(!format!("{out}{err}").contains("right-Pw"), "{out}\n{err}");
}

#[test]
fn a_user_without_access_to_the_database_is_a_refused_login() {
    let db = TestDb::created("login_nodb");
    let user = TestUser::create("nodb", "pw-nodb", "IDENTIFIED BY 'pw-nodb'", &[]);
    let e = failure(db::open(&settings_as(&user, &db.name)), "no grant on the database");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    assert!(e.to_string().contains("may not use this database") && e.to_string().contains("1044"), "{e}");
}

#[test]
fn os_authenticated_and_expired_accounts_are_refused_logins_with_their_cause() {
    let db = TestDb::created("login_os");
    let os = TestUser::create("os", "x", "IDENTIFIED VIA unix_socket", &[]);
    let e = failure(db::open(&settings_as(&os, &db.name)), "unix_socket over TCP");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    assert!(e.to_string().contains("through the operating system") && e.to_string().contains("1698"), "{e}");
    let grant = format!("ALL PRIVILEGES ON `{}`.*", db.name);
    let expired = TestUser::create("exp", "pw-exp", "IDENTIFIED BY 'pw-exp' PASSWORD EXPIRE", &[&grant]);
    // MariaDB lets the login through and refuses every statement (1820); MySQL refuses the
    // login (1862, covered by the unit tests). Either way: exit 3, naming the cause.
    let (code, out, err) = run(migrate(&expired.url(&db.name)).arg("status").env("DB_PASSWORD", "pw-exp"));
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains("password has expired"), "{err}");
}

#[test]
fn a_user_that_requires_ssl_gets_a_clear_message_without_tls() {
    let db = TestDb::created("login_ssl");
    let user = TestUser::create("reqssl", "pw-ssl", "IDENTIFIED BY 'pw-ssl' REQUIRE SSL", &[]);
    let mut settings = settings_as(&user, &db.name);
    settings.tls.mode = schemagate::config::SslMode::Disabled;
    let e = failure(db::open(&settings), "REQUIRE SSL without TLS");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    let text = e.to_string();
    assert!(text.contains("refused the login") && !text.contains("MySqlError"), "{text}");
}

#[test]
fn an_ed25519_account_logs_in() {
    let mut admin = admin();
    let loaded: Option<String> = admin
        .query_first("SELECT plugin_status FROM information_schema.plugins WHERE plugin_name = 'ed25519'")
        .unwrap();
    if loaded.is_none() {
        // Another test binary may install it at the same moment: "already installed" is fine.
        let _ = admin.query_drop("INSTALL SONAME 'auth_ed25519'");
    }
    let db = TestDb::created("login_ed");
    let password = "ed-Pw 25519 ü";
    let user = TestUser::create(
        "ed",
        password,
        "IDENTIFIED VIA ed25519 USING PASSWORD('ed-Pw 25519 ü')",
        &[&format!("ALL PRIVILEGES ON `{}`.*", db.name)],
    );
    let (mut conn, _) = db::open(&settings_as(&user, &db.name)).expect("ed25519 login");
    let who: Option<String> = conn.query_first("SELECT CURRENT_USER()").unwrap();
    assert!(who.unwrap().starts_with(&user.name));
    // A wrong password is a refused login (exit 3), not a panic (exit 101).
    let (code, out, err) = run(migrate(&user.url(&db.name)).arg("status").env("DB_PASSWORD", "ed-Pw 25519 u"));
    assert_eq!(code, 3, "{out}\n{err}");
    // A mistyped user name on a server with the plugin loaded: also exit 3.
    let (code, out, err) = run(migrate(&user.url(&db.name).replace(&user.name, "sg_nobody_ed")).arg("status"));
    assert_eq!(code, 3, "{out}\n{err}");
}

#[test]
fn an_account_at_its_connection_limit_is_retried_until_a_slot_frees() {
    let db = TestDb::created("login_limit");
    let grant = format!("ALL PRIVILEGES ON `{}`.*", db.name);
    let user = TestUser::create("limit", "pw-limit", "IDENTIFIED BY 'pw-limit' WITH MAX_USER_CONNECTIONS 1", &[&grant]);
    let settings = settings_as(&user, &db.name);
    let holder = db::connect_server(&settings).expect("the first connection fits the limit");
    // With no time to wait, the limit is reported (exit 3), naming it.
    let mut once = settings.clone();
    once.connect_timeout = Duration::ZERO;
    let e = failure(db::connect_server(&once), "the limit is reached");
    assert!(matches!(e, Error::Unreachable { .. }), "{e}");
    assert!(e.to_string().contains("max_user_connections"), "{e}");
    // With time, the second connection waits for the first to close.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        drop(holder);
    });
    let started = Instant::now();
    db::connect_server(&settings).expect("retried until the first connection closed");
    assert!(started.elapsed() >= Duration::from_millis(600), "{:?}", started.elapsed());
    releaser.join().unwrap();
}
