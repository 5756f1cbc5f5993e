//! Why a connection attempt failed, in plain words: a refused login, a TLS problem, something
//! worth retrying (the server is starting, or has no free connection), or a server error the
//! caller handles (an unknown database).
//!
//! The driver's `Display` of its errors is its `Debug` form (`MySqlError { ERROR 1045 … }`,
//! `DriverError { … }`); [`plain`] gives the text a person should read instead. Nothing here
//! ever sees the password: the driver's errors do not carry it.

/// What to do after a failed connection attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server refused this account; retrying will not help. `cause` reads after "refused
    /// the login of user `x`:", `fix` is the last part of the message.
    Login { cause: String, fix: String },
    /// The encrypted connection could not be set up (or is required and was not asked for).
    Tls { problem: String, fix: String },
    /// Worth trying again within the connect timeout.
    Retry(String),
    /// Another server error, left to the caller (an unknown database is one).
    Server(u16),
    /// A driver failure that no retry can fix.
    Fatal(String),
}

/// ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR.
const DB_ACCESS_DENIED: u16 = 1044;
const ACCESS_DENIED: u16 = 1045;
/// ER_CON_COUNT_ERROR: the server's max_connections is reached.
const TOO_MANY_CONNECTIONS: u16 = 1040;
/// ER_TOO_MANY_USER_CONNECTIONS: the global max_user_connections is reached for this user.
const TOO_MANY_USER_CONNECTIONS: u16 = 1203;
/// ER_USER_LIMIT_REACHED: an account limit (MAX_USER_CONNECTIONS, or an hourly one).
const USER_LIMIT_REACHED: u16 = 1226;

/// Sorts one driver error. `user` is only used in the fixes; `unencrypted` says TLS was
/// switched off (ssl-mode=DISABLED): MariaDB refuses such a login under
/// `require_secure_transport` or `REQUIRE SSL` with a plain 1045, so the fix mentions ssl-mode.
pub fn classify(e: &mysql::Error, user: &str, unencrypted: bool) -> Failure {
    match e {
        mysql::Error::MySqlError(e) => match server_failure(e.code, &e.message, user) {
            Failure::Login { cause, fix } if unencrypted && e.code == ACCESS_DENIED => Failure::Login {
                cause: format!("{cause}; the connection was not encrypted"),
                fix: format!("{fix}; if the server (require_secure_transport) or the account (REQUIRE SSL/X509) requires TLS, set ssl-mode=REQUIRED or stronger"),
            },
            other => other,
        },
        mysql::Error::DriverError(e) => driver_failure(e),
        mysql::Error::TlsError(e) => tls_failure(&tls_text(e)),
        mysql::Error::IoError(io) | mysql::Error::CodecError(PacketCodecError::Io(io)) => match inner_tls(io) {
            Some(tls) => tls_failure(&rustls_text(tls)),
            None => Failure::Retry(io.to_string()),
        },
        other => Failure::Fatal(plain(other)),
    }
}

/// Runs a connection attempt, turning a panic inside the driver into `Err(its message)`: a
/// login problem must end in a message and exit 3, never in a crash (exit 101). Known panics
/// (ed25519/parsec accounts without the driver features) are prevented by the features; this
/// catches the ones nobody knows of yet.
pub fn unpanicked<T>(attempt: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(attempt)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string())
    })
}

/// The cause and fix of a login the driver crashed on.
pub fn panic_login(message: &str) -> (String, String) {
    (
        format!("the database driver failed during the login ({message})"),
        "switch the account to mysql_native_password, caching_sha2_password or ed25519, or connect with TLS \
         (ssl-mode=REQUIRED); please report this"
            .to_string(),
    )
}

/// The failure a server error code stands for during a login.
pub fn server_failure(code: u16, message: &str, user: &str) -> Failure {
    let login =
        |cause: &str, fix: String| Failure::Login { cause: format!("{cause} (server error {code}: {message})"), fix };
    match code {
        ACCESS_DENIED => login(
            "wrong user name or password, or the account may not log in from this host",
            "check DB_USER and DB_PASSWORD (or the user and password in DATABASE_URL, or DB_PASSWORD_FILE)".into(),
        ),
        DB_ACCESS_DENIED => login(
            "the account may not use this database",
            format!("grant it the privileges listed in the README's \"Grants\" section on this database, or check DB_NAME (user `{user}`)"),
        ),
        1698 => login(
            "the account logs in through the operating system (unix_socket or auth_socket), not with a password",
            format!("connect through the server's Unix socket (socket=/run/mysqld/mysqld.sock) as the operating-system user `{user}`, or give `{user}` a password (ALTER USER ... IDENTIFIED VIA mysql_native_password USING PASSWORD('...'))"),
        ),
        1862 | 1820 => login(
            "the account's password has expired",
            format!("set a new password for `{user}` with the mariadb/mysql client (ALTER USER ... IDENTIFIED BY ...) and put it in DB_PASSWORD"),
        ),
        1251 => login(
            "the account uses an authentication method this client does not offer",
            format!("switch `{user}` to mysql_native_password, caching_sha2_password or ed25519 (ALTER USER ... IDENTIFIED WITH ...)"),
        ),
        1130 => login(
            "the account may not connect from this client's host",
            format!("create `{user}` for this host (or '%') on the server, or connect from an allowed host"),
        ),
        1129 => login(
            "the server blocks this host after too many failed connections",
            "run FLUSH HOSTS (mariadb-admin flush-hosts) on the server, then fix what made the connections fail".into(),
        ),
        3118 | 4151 => login("the account is locked", format!("unlock it with ALTER USER `{user}` ACCOUNT UNLOCK")),
        3159 | 4157 => Failure::Tls {
            problem: format!("the server accepts only encrypted connections (server error {code}: {message})"),
            fix: "remove ssl-mode=DISABLED (the default, PREFERRED, encrypts when the server offers TLS) or set ssl-mode=REQUIRED".into(),
        },
        TOO_MANY_CONNECTIONS | TOO_MANY_USER_CONNECTIONS => Failure::Retry(plain_server(code, message)),
        USER_LIMIT_REACHED if message.contains("max_user_connections") => Failure::Retry(plain_server(code, message)),
        _ => Failure::Server(code),
    }
}

fn driver_failure(e: &mysql::DriverError) -> Failure {
    use mysql::DriverError as D;
    match e {
        D::UnknownAuthPlugin(name) => Failure::Login {
            cause: format!("the account uses the authentication plugin `{name}`, which this client does not support"),
            fix: "switch the account to mysql_native_password, caching_sha2_password or ed25519 (ALTER USER ... IDENTIFIED WITH ...)".into(),
        },
        D::CleartextPluginDisabled | D::OldMysqlPasswordDisabled | D::InvalidParsecSalt => Failure::Login {
            cause: format!("the server asked for an authentication method schemagate refuses ({e})"),
            fix: "switch the account to mysql_native_password, caching_sha2_password or ed25519 (ALTER USER ... IDENTIFIED WITH ...)".into(),
        },
        D::TlsNotSupported => Failure::Tls {
            problem: "ssl-mode asks for an encrypted connection but the server does not offer TLS".into(),
            fix: "enable TLS on the server (ssl_cert, ssl_key), or set ssl-mode=PREFERRED or DISABLED if an unencrypted connection is acceptable".into(),
        },
        D::ConnectTimeout | D::CouldNotConnect(_) | D::Timeout => Failure::Retry(e.to_string()),
        other => Failure::Fatal(other.to_string()),
    }
}

use mysql_common::proto::codec::error::PacketCodecError;

/// The rustls error an I/O error carries, if any (how the driver reports a failed handshake).
fn inner_tls(io: &std::io::Error) -> Option<&rustls::Error> {
    io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

fn tls_failure(problem: &str) -> Failure {
    Failure::Tls {
        problem: problem.to_string(),
        fix: "check ssl-ca (the CA that signed the server's certificate), ssl-cert and ssl-key, and that the host \
              name matches the certificate; or relax ssl-mode (VERIFY_CA does not check the name, REQUIRED checks nothing)"
            .into(),
    }
}

fn tls_text(e: &mysql::error::tls::TlsError) -> String {
    match std::error::Error::source(e).and_then(|s| s.downcast_ref::<rustls::Error>()) {
        Some(tls) => rustls_text(tls),
        None => format!("TLS setup failed: {e}"),
    }
}

/// A rustls error in words, naming the certificate problem.
pub fn rustls_text(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(cert) => {
            let why = match cert {
                C::UnknownIssuer => "is not signed by a CA in ssl-ca (unknown issuer)".to_string(),
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    "is not issued for the host name connected to (name mismatch)".to_string()
                }
                C::Expired | C::ExpiredContext { .. } => "has expired".to_string(),
                C::NotValidYet | C::NotValidYetContext { .. } => "is not valid yet".to_string(),
                C::Revoked => "is revoked".to_string(),
                C::BadSignature => "has a bad signature".to_string(),
                other => format!("was rejected ({})", rustls::Error::InvalidCertificate(other.clone())),
            };
            format!("the server's TLS certificate {why}")
        }
        rustls::Error::AlertReceived(alert) => {
            format!("the server ended the TLS handshake ({alert:?}); it may require a client certificate (ssl-cert, ssl-key) it trusts")
        }
        other => format!("TLS handshake failed: {other}"),
    }
}

/// A driver error as a sentence: the server's code and message, or the driver's own text,
/// never its `Debug`-like `MySqlError { … }` wrapping.
pub fn plain(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(e) => plain_server(e.code, &e.message),
        mysql::Error::DriverError(e) => e.to_string(),
        mysql::Error::IoError(e) | mysql::Error::CodecError(PacketCodecError::Io(e)) => match inner_tls(e) {
            Some(tls) => rustls_text(tls),
            None => e.to_string(),
        },
        mysql::Error::TlsError(e) => tls_text(e),
        mysql::Error::CodecError(e) => format!("protocol error: {e}"),
        mysql::Error::UrlError(e) => e.to_string(),
        mysql::Error::FromValueError(_) => "a value of an unexpected type".to_string(),
        mysql::Error::FromRowError(_) => "a row of an unexpected shape".to_string(),
    }
}

fn plain_server(code: u16, message: &str) -> String {
    format!("server error {code}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: u16, message: &str) -> mysql::Error {
        mysql::Error::MySqlError(mysql::MySqlError { state: "28000".into(), message: message.into(), code })
    }

    fn kind(f: &Failure) -> &'static str {
        match f {
            Failure::Login { .. } => "login",
            Failure::Tls { .. } => "tls",
            Failure::Retry(_) => "retry",
            Failure::Server(_) => "server",
            Failure::Fatal(_) => "fatal",
        }
    }

    #[test]
    fn login_codes_are_refused_logins_and_name_the_cause() {
        for (code, words) in [
            (1045, "wrong user name or password"),
            (1044, "may not use this database"),
            (1698, "operating system"),
            (1862, "expired"),
            (1820, "expired"),
            (1251, "authentication method"),
            (1130, "from this client's host"),
            (1129, "blocks this host"),
            (4151, "locked"),
        ] {
            match classify(&server(code, "Access denied"), "app", false) {
                Failure::Login { cause, fix } => {
                    assert!(
                        cause.contains(words) && cause.contains(&format!("server error {code}")),
                        "{code}: {cause}"
                    );
                    assert!(!fix.is_empty() && !cause.contains("MySqlError"), "{code}");
                }
                other => panic!("{code}: {other:?}"),
            }
        }
    }

    #[test]
    fn transport_and_capacity_codes() {
        assert_eq!(kind(&classify(&server(3159, "insecure transport"), "app", false)), "tls");
        assert_eq!(kind(&classify(&server(1040, "Too many connections"), "app", false)), "retry");
        assert_eq!(
            kind(&classify(&server(1203, "already has more than 'max_user_connections'"), "app", false)),
            "retry"
        );
        let limit = "User 'app' has exceeded the 'max_user_connections' resource (current value: 1)";
        assert_eq!(kind(&classify(&server(1226, limit), "app", false)), "retry");
        let hourly = "User 'app' has exceeded the 'max_connections_per_hour' resource (current value: 5)";
        assert_eq!(kind(&classify(&server(1226, hourly), "app", false)), "server");
        assert_eq!(classify(&server(1049, "Unknown database 'x'"), "app", false), Failure::Server(1049));
    }

    #[test]
    fn driver_errors() {
        let e = mysql::Error::DriverError(mysql::DriverError::UnknownAuthPlugin("dialog".into()));
        match classify(&e, "app", false) {
            Failure::Login { cause, .. } => assert!(cause.contains("`dialog`"), "{cause}"),
            other => panic!("{other:?}"),
        }
        let e = mysql::Error::DriverError(mysql::DriverError::TlsNotSupported);
        assert_eq!(kind(&classify(&e, "app", false)), "tls");
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        assert_eq!(kind(&classify(&mysql::Error::IoError(refused), "app", false)), "retry");
    }

    #[test]
    fn certificate_problems_are_named() {
        let e = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        match classify(&mysql::Error::IoError(io), "app", false) {
            Failure::Tls { problem, fix } => {
                assert!(problem.contains("unknown issuer"), "{problem}");
                assert!(fix.contains("ssl-ca"), "{fix}");
            }
            other => panic!("{other:?}"),
        }
        let name = rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName);
        assert!(rustls_text(&name).contains("name mismatch"));
    }

    /// MySQL 8's caching_sha2_password cannot be run here (no MySQL 8 server): its scramble is
    /// checked against the formula of the MySQL protocol, computed independently (Python's
    /// hashlib): XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) || nonce)).
    #[test]
    fn the_caching_sha2_scramble_matches_the_protocol() {
        let nonce: Vec<u8> = (1..=20).collect();
        let scramble = mysql_common::scramble::scramble_sha256(&nonce, b"sha2-Pw").unwrap();
        let hex: String = scramble.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "47c854bc89fcd33821544f428fd402f2bc7e7fce211859035abdee944fa1c78d");
        assert_eq!(mysql_common::scramble::scramble_sha256(&nonce, b""), None, "an empty password sends nothing");
    }

    #[test]
    fn a_panic_during_the_login_becomes_an_error() {
        let caught = unpanicked(|| -> u8 { panic!("boom {}", 1) });
        assert_eq!(caught, Err("boom 1".to_string()));
        assert_eq!(unpanicked(|| 7), Ok(7));
        assert!(panic_login("boom").0.contains("boom"));
    }

    #[test]
    fn plain_text_never_shows_the_driver_wrapping() {
        let shown = plain(&server(1044, "Access denied for user 'a'@'%' to database 'b'"));
        assert_eq!(shown, "server error 1044: Access denied for user 'a'@'%' to database 'b'");
        let shown = plain(&mysql::Error::DriverError(mysql::DriverError::ConnectTimeout));
        assert!(!shown.contains("DriverError"), "{shown}");
    }
}
