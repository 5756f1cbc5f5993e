//! TLS against a throwaway MariaDB with `require_secure_transport=ON` and certificates made
//! for this run (`scripts/tls-server`): every ssl-mode, wrong CA, wrong host name, client
//! certificates, the report's target line and `migrate backup` over TLS.

use crate::common::*;
use mysql::prelude::Queryable;
use schemagate::config::{Overrides, Settings, Transport};
use schemagate::db;
use schemagate::error::{exit, Error};
use std::time::Duration;

const PW: &str = "tls-Pw-1";

/// A fresh user and database on the TLS server; returns (user, database).
fn account(tag: &str, create_extra: &str) -> (String, String) {
    let server = tls_server();
    let n = std::process::id();
    let (user, db) = (format!("sgtls_{tag}_{n}"), format!("sgtls_{tag}_{n}"));
    server.user(&user, &format!("IDENTIFIED BY '{PW}' {create_extra}"), &db);
    (user, db)
}

/// Settings from a URL and DB_* variables (no process environment read).
fn settings(url: &str, vars: &[(&str, &str)]) -> Result<Settings, Error> {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let url = url.to_string();
    let lookup = move |key: &str| {
        if key == "DATABASE_URL" {
            return Some(url.clone());
        }
        if key == "DB_PASSWORD" {
            return Some(PW.to_string());
        }
        vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut s = Settings::from_lookup(lookup, &Overrides::default())?;
    s.connect_timeout = Duration::from_secs(5);
    Ok(s)
}

fn cipher(conn: &mut mysql::Conn) -> String {
    let row: Option<(String, String)> = conn.query_first("SHOW SESSION STATUS LIKE 'Ssl_cipher'").unwrap();
    row.map(|r| r.1).unwrap_or_default()
}

#[test]
fn required_and_the_default_connect_encrypted_and_the_server_confirms_it() {
    let server = tls_server();
    let (user, db) = account("req", "");
    for mode in ["REQUIRED", "PREFERRED"] {
        let s = settings(&server.url(&user, "127.0.0.1", &db), &[("DB_SSL_MODE", mode)]).unwrap();
        let (mut conn, _) = db::open(&s).unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert!(!cipher(&mut conn).is_empty(), "{mode}: the server sees no TLS");
        assert!(matches!(*s.transport.lock().unwrap(), Some(Transport::Encrypted(_))), "{mode}");
    }
}

#[test]
fn disabled_is_refused_with_a_clear_message() {
    let server = tls_server();
    let (user, db) = account("dis", "");
    let s = settings(&server.url(&user, "127.0.0.1", &db), &[("DB_SSL_MODE", "DISABLED")]).unwrap();
    let e = failure(db::open(&s), "the server requires TLS");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    let text = e.to_string();
    // MariaDB answers a plain 1045 here; the message says the connection was not encrypted.
    assert!(text.contains("not encrypted") && text.contains("set ssl-mode=REQUIRED"), "{text}");
    assert!(!text.contains("MySqlError"), "{text}");
}

#[test]
fn verify_ca_checks_the_ca_and_names_the_certificate_problem() {
    let server = tls_server();
    let (user, db) = account("vca", "");
    let url = server.url(&user, "127.0.0.1", &db);
    let good = settings(&url, &[("DB_SSL_MODE", "VERIFY_CA"), ("DB_SSL_CA", &server.file("ca.pem"))]).unwrap();
    let (mut conn, _) = db::open(&good).expect("VERIFY_CA with the right CA");
    assert!(!cipher(&mut conn).is_empty());
    // ssl-ca alone means VERIFY_CA, as with the MySQL client.
    let implied = settings(&url, &[("DB_SSL_CA", &server.file("other-ca.pem"))]).unwrap();
    let e = failure(db::open(&implied), "the wrong CA");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    assert!(e.to_string().contains("not signed by a CA in ssl-ca"), "{e}");
    assert!(matches!(e, Error::Tls { .. }), "{e}");
}

#[test]
fn verify_identity_refuses_a_certificate_for_another_host() {
    let server = tls_server();
    let (user, db) = account("vid", "");
    let ca = server.file("ca.pem");
    let ok = settings(&server.url(&user, "127.0.0.1", &db), &[("DB_SSL_MODE", "VERIFY_IDENTITY"), ("DB_SSL_CA", &ca)]);
    db::open(&ok.unwrap()).expect("the certificate is for 127.0.0.1");
    // 127.0.0.2 reaches the same server, but its certificate does not name that address.
    let other = server.url(&user, "127.0.0.2", &db);
    let strict = settings(&other, &[("DB_SSL_MODE", "VERIFY_IDENTITY"), ("DB_SSL_CA", &ca)]).unwrap();
    let e = failure(db::open(&strict), "name mismatch");
    assert!(e.to_string().contains("name mismatch"), "{e}");
    db::open(&settings(&other, &[("DB_SSL_MODE", "VERIFY_CA"), ("DB_SSL_CA", &ca)]).unwrap())
        .expect("VERIFY_CA does not check the name");
}

#[test]
fn a_require_x509_account_logs_in_only_with_the_client_certificate() {
    let server = tls_server();
    let (user, db) = account("x509", "REQUIRE X509");
    let url = server.url(&user, "127.0.0.1", &db);
    let e = failure(db::open(&settings(&url, &[("DB_SSL_MODE", "REQUIRED")]).unwrap()), "no certificate");
    assert_eq!(e.exit_code(), exit::CONNECT, "{e}");
    let with_cert = [
        ("DB_SSL_MODE", "VERIFY_IDENTITY"),
        ("DB_SSL_CA", &*server.file("ca.pem")),
        ("DB_SSL_CERT", &*server.file("client-cert.pem")),
        ("DB_SSL_KEY", &*server.file("client-key.pem")),
    ];
    let (mut conn, _) = db::open(&settings(&url, &with_cert).unwrap()).expect("with the client certificate");
    assert!(!cipher(&mut conn).is_empty());
}

#[test]
fn url_parameters_set_tls_and_the_report_says_it_is_encrypted() {
    let server = tls_server();
    let (user, db) = account("cli", "");
    let url = format!(
        "{}?ssl-mode=VERIFY_IDENTITY&ssl-ca={}&charset=utf8mb4&timezone=Z",
        server.url(&user, "127.0.0.1", &db),
        server.file("ca.pem")
    );
    let (code, out, err) = run(migrate(&url).arg("status").env("DB_PASSWORD", PW));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.lines().next().unwrap().contains("encrypted (TLS; certificate and host name verified)"), "{out}");
    let (code, out, err) = run(migrate(&server.url(&user, "127.0.0.1", &db))
        .args(["status", "--ssl-mode", "bogus"])
        .env("DB_PASSWORD", PW));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("--ssl-mode") && err.contains("VERIFY_IDENTITY"), "{err}");
}

#[test]
fn backup_passes_the_tls_settings_to_the_dump_tool() {
    let server = tls_server();
    let (user, db) = account("bak", "REQUIRE X509");
    server.admin().query_drop(format!("CREATE TABLE `{db}`.t (id INT PRIMARY KEY)")).unwrap();
    let out_dir = TempDir::new("tls-backup");
    let (code, out, err) = run(migrate(&server.url(&user, "127.0.0.1", &db))
        .args(["backup", "--out"])
        .arg(out_dir.path().join("b.sql"))
        .env("DB_PASSWORD", PW)
        .env("DB_SSL_MODE", "VERIFY_IDENTITY")
        .env("DB_SSL_CA", server.file("ca.pem"))
        .env("DB_SSL_CERT", server.file("client-cert.pem"))
        .env("DB_SSL_KEY", server.file("client-key.pem")));
    assert_eq!(code, 0, "{out}\n{err}");
    let dump = std::fs::read_to_string(out_dir.path().join("b.sql")).unwrap();
    assert!(dump.contains("CREATE TABLE `t`"), "{dump}");
}

#[test]
fn a_unix_socket_logs_in_without_tls() {
    let server = tls_server();
    let url = format!("mysql://root@localhost/sgtls_sock_{}?socket={}", std::process::id(), server.socket.display());
    let s = settings(&url, &[]).map(|mut s| {
        s.password = None;
        s
    });
    let s = s.unwrap();
    let (mut conn, _) = db::open(&s).expect("root over the socket");
    let socket: Option<String> = conn.query_first("SELECT @@socket").unwrap();
    assert_eq!(socket.as_deref(), Some(&*server.socket.to_string_lossy()));
    assert_eq!(*s.transport.lock().unwrap(), Some(Transport::Socket));
    db::drop_database(&mut conn, &s.database).unwrap();
}
