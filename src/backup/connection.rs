//! The dump tool's connection options: the same server, transport and TLS settings schemagate
//! itself uses, in the dialect of the tool found (MariaDB's `--ssl…` switches or MySQL's
//! `--ssl-mode`). The password is not among them (it travels in the option file).

use crate::config::{Settings, SslMode, Transport};

/// Which client family a dump tool belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    MariaDb,
    MySql,
}

impl Dialect {
    /// `mariadb-dump` is MariaDB's; a `mysqldump` is MariaDB's when its version says so.
    pub fn of(tool: &std::path::Path) -> Dialect {
        if tool.file_name().is_some_and(|n| n == "mariadb-dump") {
            return Dialect::MariaDb;
        }
        let version = std::process::Command::new(tool).arg("--version").output();
        match version {
            Ok(out) if String::from_utf8_lossy(&out.stdout).contains("MariaDB") => Dialect::MariaDb,
            _ => Dialect::MySql,
        }
    }
}

/// `--protocol`, host/port or socket, user, and the TLS options. Under `PREFERRED` the tool is
/// told what schemagate's own connection found: TLS when it was encrypted, none when the
/// server offered none.
pub fn connection_args(settings: &Settings, dialect: Dialect) -> Vec<String> {
    let mut args = match &settings.socket {
        Some(socket) => vec!["--protocol=SOCKET".to_string(), format!("--socket={}", socket.display())],
        None => {
            vec!["--protocol=TCP".to_string(), format!("--host={}", settings.host), format!("--port={}", settings.port)]
        }
    };
    args.push(format!("--user={}", settings.user));
    if settings.socket.is_some() {
        return args;
    }
    let observed = settings.transport.lock().ok().and_then(|t| t.clone());
    let mode = match (settings.tls.mode, observed) {
        (SslMode::Preferred, Some(Transport::Encrypted(_))) => SslMode::Required,
        (SslMode::Preferred, Some(Transport::Plain(_))) => SslMode::Disabled,
        (mode, _) => mode,
    };
    args.extend(tls_args(mode, dialect));
    let tls = &settings.tls;
    if mode != SslMode::Disabled {
        for (flag, path) in [("--ssl-ca", &tls.ca), ("--ssl-cert", &tls.cert), ("--ssl-key", &tls.key)] {
            if let Some(path) = path {
                args.push(format!("{flag}={}", path.display()));
            }
        }
    }
    args
}

/// MariaDB's clients have no CA-only check: VERIFY_CA becomes `--ssl-verify-server-cert`,
/// which also checks the host name (stricter, never weaker).
fn tls_args(mode: SslMode, dialect: Dialect) -> Vec<String> {
    let args: &[&str] = match (dialect, mode) {
        (Dialect::MySql, SslMode::Preferred) => &[],
        (Dialect::MySql, mode) => return vec![format!("--ssl-mode={mode}")],
        (Dialect::MariaDb, SslMode::Disabled) => &["--skip-ssl"],
        (Dialect::MariaDb, SslMode::Preferred) => &[],
        (Dialect::MariaDb, SslMode::Required) => &["--ssl", "--skip-ssl-verify-server-cert"],
        (Dialect::MariaDb, SslMode::VerifyCa | SslMode::VerifyIdentity) => &["--ssl", "--ssl-verify-server-cert"],
    };
    args.iter().map(|a| a.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_in_each_dialect() {
        assert_eq!(tls_args(SslMode::Disabled, Dialect::MariaDb), ["--skip-ssl"]);
        assert_eq!(tls_args(SslMode::Required, Dialect::MariaDb), ["--ssl", "--skip-ssl-verify-server-cert"]);
        assert_eq!(tls_args(SslMode::VerifyCa, Dialect::MariaDb), ["--ssl", "--ssl-verify-server-cert"]);
        assert_eq!(tls_args(SslMode::VerifyIdentity, Dialect::MySql), ["--ssl-mode=VERIFY_IDENTITY"]);
        assert!(tls_args(SslMode::Preferred, Dialect::MySql).is_empty());
    }
}
