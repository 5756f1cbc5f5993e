//! Connection and runner settings, gathered from flags, the environment and a `.env` file,
//! validated once into a [`Settings`] value that the rest of the crate trusts.
//!
//! Precedence, highest first; for each field the first source that sets it decides:
//!
//! | rank | source                | connection fields                                  | runner fields            |
//! |------|-----------------------|----------------------------------------------------|--------------------------|
//! | 1    | [`Overrides`] (flags) | `--host` … `--database`, then `--database-url`     | `--connect-timeout` …    |
//! | 2    | process environment   | `DB_HOST` … `DB_NAME`, then `DATABASE_URL`         | `SCHEMAGATE_*_TIMEOUT`   |
//! | 3    | `<dir>/.env`          | same as rank 2                                     | same as rank 2           |
//! | 4    | defaults              | `mysql://root@127.0.0.1:3306/aideveloper`          | 30 s, 60 s, 10 s         |
//!
//! Within one source, each `DB_*` variable (`DB_HOST`, `DB_PORT`, `DB_USER`, `DB_PASSWORD`,
//! `DB_NAME`) overrides that part of `DATABASE_URL`. A URL stands for a whole connection: once a
//! source supplies one, lower-ranked sources no longer contribute host, port, user, password or
//! database. Parts the URL omits take the defaults (user `root`, port 3306, no password); a
//! database it omits must come from `DB_NAME` (or `--database`) at the same or a higher rank.
//! URLs use the `mysql://` or `mariadb://` scheme; the user and password are percent-decoded.
//! Query strings and fragments are rejected, not ignored: schemagate reads no URL parameters,
//! and silently dropping `?ssl-mode=…` would hide a setting the user believes is in force.
//!
//! Runner settings: `SCHEMAGATE_CONNECT_TIMEOUT` (30 s; how long to wait for the server at
//! startup), `SCHEMAGATE_LOCK_TIMEOUT` (60 s; waiting for another runner's lock) and
//! `SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT` (10 s; the session's `lock_wait_timeout` for DDL metadata
//! locks, so whole seconds from 1), and `SCHEMAGATE_COLLATION` (the server's default for
//! utf8mb4; the collation of a database schemagate creates). Durations read `30`, `1.5s`,
//! `500ms`, `2m` or `1h`; 0 means
//! "try once" for the connect and lock timeouts; no timeout may exceed [`MAX_TIMEOUT`].
//!
//! The `.env` file is read as Node's `dotenv` reads it (no `$VAR` expansion; see `dotenv.rs`),
//! because applications share it with their Node server; the process environment is never
//! modified. A key
//! given twice takes its last value. Empty values are errors, except `DB_PASSWORD=` (and an empty
//! URL password), which mean "no password".
//!
//! Invariants: once loaded, the password lives only in [`Secret`], whose `Debug` and `Display` print `***`;
//! no `Debug`, `Display` or error message of this module contains it, and any URL echoed in a
//! message has its userinfo and parameters redacted. Every [`ConfigError`] names the setting
//! and where it came from (flag, environment, `.env` path and line) and ends with the fix.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod database_url;
pub(crate) mod dotenv;
#[cfg(test)]
mod tests;
mod tls;

use database_url::{parse_url, percent_encode};
pub use database_url::{redact_url, UrlProblem};
pub use dotenv::parse as parse_dotenv;
use dotenv::read_dotenv;
use tls::TlsInput;
pub use tls::{SslMode, TlsSettings};

pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_PORT: u16 = 3306;
pub const DEFAULT_USER: &str = "root";
pub const DEFAULT_DATABASE: &str = "aideveloper";
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_DDL_LOCK_WAIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest accepted timeout (365 days, the top of MySQL's `lock_wait_timeout`); it also keeps
/// `Instant::now() + timeout` from overflowing in the modules that wait.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(31_536_000);

const KEYS: [&str; 18] = [
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_USER",
    "DB_PASSWORD",
    "DB_PASSWORD_FILE",
    "DB_NAME",
    "DB_SOCKET",
    "DB_SSL_MODE",
    "DB_SSL_CA",
    "DB_SSL_CERT",
    "DB_SSL_KEY",
    "SCHEMAGATE_CONNECT_TIMEOUT",
    "SCHEMAGATE_LOCK_TIMEOUT",
    "SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT",
    "SCHEMAGATE_COLLATION",
    "SCHEMAGATE_LOCK",
    "SCHEMAGATE_LEASE",
];

/// How long a runner's lease lasts without renewal (`SCHEMAGATE_LEASE`).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// Which runner lock to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// A lease on a Galera node (`wsrep_on=ON`), `GET_LOCK` elsewhere.
    Auto,
    /// A lease row (cluster-safe).
    Lease,
    /// `GET_LOCK` (one server only).
    GetLock,
}

impl LockMode {
    pub fn parse(value: &str) -> Option<LockMode> {
        match value.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "auto" => Some(LockMode::Auto),
            "lease" => Some(LockMode::Lease),
            "get_lock" => Some(LockMode::GetLock),
            _ => None,
        }
    }
}

/// A password. `Debug` and `Display` print `***`; [`Secret::expose`] is the only way out.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Validated settings: every field has been checked; `Display` is [`Settings::redacted_url`].
#[derive(Clone, Debug)]
pub struct Settings {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<Secret>,
    pub database: String,
    /// A Unix socket to connect through instead of `host:port`.
    pub socket: Option<PathBuf>,
    pub tls: TlsSettings,
    pub connect_timeout: Duration,
    pub lock_timeout: Duration,
    pub ddl_lock_wait_timeout: Duration,
    /// `SCHEMAGATE_LOCK` / `--lock-mode`: which runner lock (auto: a lease on Galera nodes).
    pub lock_mode: LockMode,
    /// `SCHEMAGATE_LEASE`: how long a lease lasts without renewal (30 s).
    pub lease: Duration,
    /// `SCHEMAGATE_COLLATION`: the collation of a database schemagate creates (with character
    /// set utf8mb4); `None` takes the server's default for utf8mb4 (MySQL 8:
    /// `utf8mb4_0900_ai_ci`, MariaDB: `utf8mb4_general_ci` unless configured).
    pub collation: Option<String>,
    /// How the last connection made with these settings travelled (set by `db`).
    pub transport: Arc<Mutex<Option<Transport>>>,
}

/// How a connection travels, for the report's target line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transport {
    /// TLS was negotiated under this ssl-mode.
    Encrypted(SslMode),
    /// Not encrypted: ssl-mode=DISABLED, or PREFERRED and the server offers no TLS.
    Plain(SslMode),
    /// A local Unix socket (not encrypted, never leaves the machine).
    Socket,
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Encrypted(SslMode::VerifyIdentity) => {
                f.write_str("encrypted (TLS; certificate and host name verified)")
            }
            Transport::Encrypted(SslMode::VerifyCa) => {
                f.write_str("encrypted (TLS; certificate verified, not the host name)")
            }
            Transport::Encrypted(mode) => write!(f, "encrypted (TLS; certificate not verified, ssl-mode={mode})"),
            Transport::Plain(SslMode::Disabled) => f.write_str("NOT encrypted (ssl-mode=DISABLED)"),
            Transport::Plain(_) => f.write_str("NOT encrypted: the server offers no TLS"),
            Transport::Socket => f.write_str("Unix socket, local"),
        }
    }
}

/// Values given on the command line. Errors name them as `--database-url` (the `url` field),
/// `--host`, `--port`, `--user`, `--password`, `--database`, `--connect-timeout`,
/// `--lock-timeout` and `--ddl-lock-wait-timeout`. `Debug` redacts the password and the URL's
/// userinfo.
#[derive(Default, Clone)]
pub struct Overrides {
    pub url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub database: Option<String>,
    pub socket: Option<String>,
    pub ssl_mode: Option<String>,
    pub ssl_ca: Option<String>,
    pub ssl_cert: Option<String>,
    pub ssl_key: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub lock_timeout: Option<Duration>,
    pub ddl_lock_wait_timeout: Option<Duration>,
    pub lock_mode: Option<String>,
}

impl fmt::Debug for Overrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Overrides")
            .field("url", &self.url.as_deref().map(redact_url))
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password)
            .field("database", &self.database)
            .field("socket", &self.socket)
            .field("ssl_mode", &self.ssl_mode)
            .field("ssl_ca", &self.ssl_ca)
            .field("ssl_cert", &self.ssl_cert)
            .field("ssl_key", &self.ssl_key)
            .field("connect_timeout", &self.connect_timeout)
            .field("lock_timeout", &self.lock_timeout)
            .field("ddl_lock_wait_timeout", &self.ddl_lock_wait_timeout)
            .field("lock_mode", &self.lock_mode)
            .finish()
    }
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment,
    DotEnv { path: PathBuf, line: Option<usize> },
}

/// A named setting and its source, e.g. `DB_PORT (/app/.env line 3)`. `part` is set for a
/// component of a URL (`the port in DATABASE_URL`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub name: &'static str,
    pub part: Option<&'static str>,
    pub source: Source,
}

impl Setting {
    fn flag(name: &'static str) -> Setting {
        Setting { name, part: None, source: Source::Flag }
    }
    fn url_part(&self, part: &'static str) -> Setting {
        Setting { part: Some(part), ..self.clone() }
    }
    /// What the user should change: `DB_PORT`, `--port` or `the port in DATABASE_URL`.
    pub fn target(&self) -> String {
        match self.part {
            Some(part) => format!("the {part} in {}", self.name),
            None => self.name.to_string(),
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Flag => write!(f, "{}", self.name),
            Source::Environment => write!(f, "{} (environment)", self.name),
            Source::DotEnv { path, line: Some(n) } => write!(f, "{} ({} line {n})", self.name, path.display()),
            Source::DotEnv { path, line: None } => write!(f, "{} ({})", self.name, path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}; make it a readable UTF-8 file or remove it", .path.display())]
    DotEnvRead { path: PathBuf, source: std::io::Error },
    #[error("{}{}: cannot parse this line (not shown, it may hold a password); write it as KEY=value, quoting a value that contains spaces, quotes, # or $", .path.display(), .line.map(|n| format!(" line {n}")).unwrap_or_default())]
    DotEnvSyntax { path: PathBuf, line: Option<usize> },
    #[error("{setting} is not valid UTF-8; set {} to UTF-8 text", .setting.target())]
    NotUnicode { setting: Setting },
    #[error("{setting} `{url}` {problem}")]
    Url { setting: Setting, url: String, problem: UrlProblem },
    #[error("{setting}: {value:?} is not a port number; set {} to a number from 1 to 65535", .setting.target())]
    Port { setting: Setting, value: String },
    #[error("{setting}: {value:?} is not a host name or IP address; set {} to a host such as 127.0.0.1 or db.example.com", .setting.target())]
    Host { setting: Setting, value: String },
    #[error("{setting}: {value:?} is not a user name; set {} to a name such as root (no control characters)", .setting.target())]
    User { setting: Setting, value: String },
    #[error("{}database name {name:?} is not allowed: use 1 to 64 characters from A-Z a-z 0-9 _ $, not all digits; {}",
        db_where(.setting), db_fix(.setting))]
    DatabaseName { setting: Option<Setting>, name: String },
    #[error("{setting}: {value:?} is not usable ({problem}); set {} to a duration such as 30, 30s, 500ms or 2m", .setting.target())]
    Timeout { setting: Setting, value: String, problem: String },
    #[error("{setting}: {value:?} is not a lock mode; set {} to lease, get_lock or auto", .setting.target())]
    LockMode { setting: Setting, value: String },
    #[error("{setting}: {value:?} is not an ssl-mode; set {} to DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY", .setting.target())]
    SslMode { setting: Setting, value: String },
    #[error("{setting}: cannot read {}: {source}; point {} at a readable PEM file", .path.display(), .setting.target())]
    SslFile { setting: Setting, path: PathBuf, source: std::io::Error },
    #[error("{setting} is set but {missing} is not; a client certificate needs both ssl-cert and ssl-key")]
    SslPair { setting: Setting, missing: &'static str },
    #[error("{setting}: ssl-mode={mode} checks the server's certificate, which a Unix socket does not have; connect over TCP (host and port) or use ssl-mode=PREFERRED")]
    SocketVerify { setting: Setting, mode: SslMode },
    #[error("{setting}: cannot read the password file {}: {problem}; {fix}", .path.display())]
    PasswordFile { setting: Setting, path: PathBuf, problem: String, fix: &'static str },
    #[error("{setting} and DB_PASSWORD are both set in the same place; keep one of them")]
    PasswordTwice { setting: Setting },
    #[error("{setting}: {value} cannot be the session's lock_wait_timeout, which counts whole seconds from 1; set {} to a value such as 10 or 10s", .setting.target())]
    DdlLockWait { setting: Setting, value: String },
    #[error("{setting}: {value:?} is not a utf8mb4 collation name; set {} to a name such as utf8mb4_unicode_ci, or remove it to use the server's default", .setting.target())]
    Collation { setting: Setting, value: String },
}

impl Settings {
    /// Reads the process environment and `<dir>/.env` (if present) and applies overrides.
    pub fn load(dir: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let mut vars = HashMap::new();
        for key in KEYS {
            match std::env::var(key) {
                Ok(value) => drop(vars.insert(key, (value, None))),
                Err(std::env::VarError::NotPresent) => {}
                Err(std::env::VarError::NotUnicode(_)) => {
                    let setting = Setting { name: key, part: None, source: Source::Environment };
                    return Err(ConfigError::NotUnicode { setting });
                }
            }
        }
        let mut layers = vec![Layer { source: Source::Environment, vars }];
        layers.extend(read_dotenv(&dir.join(".env"))?);
        resolve(overrides, &layers)
    }

    /// Same, from an explicit variable lookup (for tests: no process env touched). Values are
    /// reported as coming from the environment; no `.env` file is read.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        overrides: &Overrides,
    ) -> Result<Settings, ConfigError> {
        let vars = KEYS.iter().filter_map(|&k| lookup(k).map(|v| (k, (v, None)))).collect();
        resolve(overrides, &[Layer { source: Source::Environment, vars }])
    }

    /// `mysql://root:***@127.0.0.1:3306/aideveloper` — never the password. Through a socket:
    /// `mysql://root@localhost/aideveloper?socket=/run/mysqld/mysqld.sock`.
    pub fn redacted_url(&self) -> String {
        let password = if self.password.is_some() { ":***" } else { "" };
        let user = percent_encode(&self.user);
        if let Some(socket) = &self.socket {
            return format!("mysql://{user}{password}@localhost/{}?socket={}", self.database, socket.display());
        }
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("mysql://{user}{password}@{host}:{}/{}", self.port, self.database)
    }

    /// True for 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
    }
}

impl fmt::Display for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted_url())
    }
}

/// A password as it would appear percent-encoded in a URL (to look for it in text).
pub fn percent_encode_password(password: &str) -> String {
    percent_encode(password)
}

/// Parses `30` (seconds), `30s`, `500ms`, `2m` or `1h`. The error reads on its own, so a CLI
/// can use this as a flag parser.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len()));
    let valid = !number.is_empty() && number.matches('.').count() <= 1 && number != ".";
    if !valid {
        return Err("expected a number with an optional unit ms, s, m or h, like 30, 1.5s, 500ms or 2m".into());
    }
    let n: f64 = number.parse().map_err(|_| "the number is too large".to_string())?;
    let seconds = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit {unit:?}; use ms, s, m or h, like 30s, 1.5s or 500ms")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| "the number is too large".to_string())
}

/// Database/identifier validation shared with the rest of the crate: 1..=64 characters of
/// `[A-Za-z0-9_$]`, not all digits. The error states the rule and an example.
pub fn validate_database_name(name: &str) -> Result<(), ConfigError> {
    let valid = (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        && !name.bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ConfigError::DatabaseName { setting: None, name: name.to_string() })
    }
}

/// Backquote a validated identifier (doubling backticks, should one ever get through).
pub fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// One source of variables (environment or `.env`), with `.env` line numbers.
struct Layer {
    source: Source,
    vars: HashMap<&'static str, (String, Option<usize>)>,
}

impl Layer {
    fn get(&self, key: &'static str) -> Option<(Setting, &str)> {
        let (value, line) = self.vars.get(key)?;
        let source = match &self.source {
            Source::DotEnv { path, .. } => Source::DotEnv { path: path.clone(), line: *line },
            other => other.clone(),
        };
        Some((Setting { name: key, part: None, source }, value.as_str()))
    }
}

fn first<'a>(layers: &'a [Layer], key: &'static str) -> Option<(Setting, &'a str)> {
    layers.iter().find_map(|layer| layer.get(key))
}

fn resolve(o: &Overrides, layers: &[Layer]) -> Result<Settings, ConfigError> {
    // The highest-ranked URL; DB_* variables ranked below it are shadowed by it.
    let (url, db_layers) = match &o.url {
        Some(raw) => (Some(parse_url(Setting::flag("--database-url"), raw)?), &layers[..0]),
        None => match layers.iter().enumerate().find_map(|(i, l)| l.get("DATABASE_URL").map(|f| (i, f))) {
            Some((i, (setting, raw))) => (Some(parse_url(setting, raw)?), &layers[..=i]),
            None => (None, layers),
        },
    };
    let host = match (&o.host, first(db_layers, "DB_HOST")) {
        (Some(v), _) => check_host(Setting::flag("--host"), v)?,
        (None, Some((s, v))) => check_host(s, v)?,
        (None, None) => url.as_ref().map_or(DEFAULT_HOST.to_string(), |u| u.host.clone()),
    };
    let port = match (o.port, first(db_layers, "DB_PORT")) {
        (Some(0), _) => return Err(ConfigError::Port { setting: Setting::flag("--port"), value: "0".into() }),
        (Some(v), _) => v,
        (None, Some((s, v))) => match v.trim().parse::<u16>() {
            Ok(p) if p != 0 => p,
            _ => return Err(ConfigError::Port { setting: s, value: v.to_string() }),
        },
        (None, None) => url.as_ref().map_or(DEFAULT_PORT, |u| u.port),
    };
    let user = match (&o.user, first(db_layers, "DB_USER")) {
        (Some(v), _) => check_user(Setting::flag("--user"), v)?,
        (None, Some((s, v))) => check_user(s, v)?,
        (None, None) => url.as_ref().map_or(DEFAULT_USER.to_string(), |u| u.user.clone()),
    };
    let password = match (&o.password, layer_password(db_layers)?) {
        (Some(v), _) => non_empty(v.expose().to_string()),
        (None, Some(from_layer)) => from_layer,
        (None, None) => url.as_ref().and_then(|u| u.password.clone()),
    };
    let entry = |flag: &Option<String>, flag_name, key| match flag {
        Some(v) => Some((Setting::flag(flag_name), v.clone())),
        None => first(db_layers, key).map(|(s, v)| (s, v.to_string())),
    };
    let tls = TlsInput {
        mode: entry(&o.ssl_mode, "--ssl-mode", "DB_SSL_MODE"),
        ca: entry(&o.ssl_ca, "--ssl-ca", "DB_SSL_CA"),
        cert: entry(&o.ssl_cert, "--ssl-cert", "DB_SSL_CERT"),
        key: entry(&o.ssl_key, "--ssl-key", "DB_SSL_KEY"),
    };
    let tls = tls.or(url.as_ref().map(|u| u.tls.clone()).unwrap_or_default()).validate()?;
    let socket = entry(&o.socket, "--socket", "DB_SOCKET").or_else(|| url.as_ref().and_then(|u| u.socket.clone()));
    if let Some((setting, _)) = &socket {
        if tls.mode.verifies() {
            return Err(ConfigError::SocketVerify { setting: setting.clone(), mode: tls.mode });
        }
    }
    let socket = socket.map(|(_, path)| PathBuf::from(path));
    let database = match (&o.database, first(db_layers, "DB_NAME")) {
        (Some(v), _) => check_database(Setting::flag("--database"), v)?,
        (None, Some((s, v))) => check_database(s, v)?,
        (None, None) => match &url {
            Some(u) => u.database.clone().ok_or_else(|| ConfigError::Url {
                setting: u.setting.clone(),
                url: u.shown.clone(),
                problem: UrlProblem::NoDatabase,
            })?,
            None => DEFAULT_DATABASE.to_string(),
        },
    };
    let timeout = |flag: Option<Duration>, flag_name, key, default, whole_seconds| {
        let (setting, d, value) = match (flag, first(layers, key)) {
            (Some(d), _) => (Setting::flag(flag_name), d, format!("{d:?}")),
            (None, Some((setting, v))) => match parse_duration(v) {
                Ok(d) => (setting, d, v.to_string()),
                Err(problem) => return Err(ConfigError::Timeout { setting, value: v.to_string(), problem }),
            },
            (None, None) => return Ok(default),
        };
        if d > MAX_TIMEOUT {
            Err(ConfigError::Timeout { setting, value, problem: "longer than 365 days".into() })
        } else if whole_seconds && (d.is_zero() || d.subsec_nanos() != 0) {
            Err(ConfigError::DdlLockWait { setting, value })
        } else {
            Ok(d)
        }
    };
    let connect_timeout =
        timeout(o.connect_timeout, "--connect-timeout", "SCHEMAGATE_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT, false)?;
    let lock_timeout =
        timeout(o.lock_timeout, "--lock-timeout", "SCHEMAGATE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT, false)?;
    let ddl_lock_wait_timeout = timeout(
        o.ddl_lock_wait_timeout,
        "--ddl-lock-wait-timeout",
        "SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT",
        DEFAULT_DDL_LOCK_WAIT_TIMEOUT,
        true,
    )?;
    let lock_mode = match (&o.lock_mode, first(layers, "SCHEMAGATE_LOCK")) {
        (Some(v), _) => LockMode::parse(v)
            .ok_or_else(|| ConfigError::LockMode { setting: Setting::flag("--lock-mode"), value: v.clone() })?,
        (None, Some((setting, v))) => {
            LockMode::parse(v).ok_or_else(|| ConfigError::LockMode { setting, value: v.to_string() })?
        }
        (None, None) => LockMode::Auto,
    };
    let lease = timeout(None, "", "SCHEMAGATE_LEASE", DEFAULT_LEASE, false)?;
    let collation = match first(layers, "SCHEMAGATE_COLLATION") {
        Some((setting, value)) => Some(check_collation(setting, value)?),
        None => None,
    };
    let transport = Arc::default();
    let settings = Settings {
        host,
        port,
        user,
        password,
        database,
        socket,
        tls,
        connect_timeout,
        lock_timeout,
        ddl_lock_wait_timeout,
        lock_mode,
        lease,
        collation,
        transport,
    };
    log::debug!("database settings: {settings}");
    Ok(settings)
}

fn check_host(setting: Setting, value: &str) -> Result<String, ConfigError> {
    let host = value.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(value);
    let valid = (1..=255).contains(&host.len())
        && !host.chars().any(|c| c.is_whitespace() || c.is_control() || "/@?#[]\\".contains(c))
        && (!host.contains(':') || host.parse::<Ipv6Addr>().is_ok());
    if valid {
        Ok(host.to_string())
    } else {
        Err(ConfigError::Host { setting, value: value.to_string() })
    }
}

/// `utf8mb4_` then letters, digits and underscores (it is written into `CREATE DATABASE`).
fn check_collation(setting: Setting, value: &str) -> Result<String, ConfigError> {
    let valid = value.len() <= 64
        && value
            .strip_prefix("utf8mb4_")
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    if valid {
        Ok(value.to_string())
    } else {
        Err(ConfigError::Collation { setting, value: value.to_string() })
    }
}

fn check_user(setting: Setting, value: &str) -> Result<String, ConfigError> {
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err(ConfigError::User { setting, value: value.to_string() });
    }
    Ok(value.to_string())
}

fn check_database(setting: Setting, value: &str) -> Result<String, ConfigError> {
    match validate_database_name(value) {
        Ok(()) => Ok(value.to_string()),
        Err(_) => Err(ConfigError::DatabaseName { setting: Some(setting), name: value.to_string() }),
    }
}

fn db_where(setting: &Option<Setting>) -> String {
    setting.as_ref().map(|s| format!("{s}: ")).unwrap_or_default()
}

fn db_fix(setting: &Option<Setting>) -> String {
    match setting {
        Some(s) => format!("set {} to a name such as aideveloper", s.target()),
        None => "choose a name such as aideveloper".to_string(),
    }
}

/// The password of the highest layer that sets `DB_PASSWORD` or `DB_PASSWORD_FILE` (not both):
/// `Some(None)` for an empty `DB_PASSWORD=`, `None` when no layer sets either.
fn layer_password(layers: &[Layer]) -> Result<Option<Option<Secret>>, ConfigError> {
    for layer in layers {
        match (layer.get("DB_PASSWORD"), layer.get("DB_PASSWORD_FILE")) {
            (Some(_), Some((setting, _))) => return Err(ConfigError::PasswordTwice { setting }),
            (Some((_, v)), None) => return Ok(Some(non_empty(v.to_string()))),
            (None, Some((setting, path))) => {
                return read_password_file(setting, Path::new(path)).map(|p| Some(Some(p)))
            }
            (None, None) => {}
        }
    }
    Ok(None)
}

/// A Docker/Kubernetes secret file: its text, one trailing line break removed.
fn read_password_file(setting: Setting, path: &Path) -> Result<Secret, ConfigError> {
    let fail = |problem: String, fix| ConfigError::PasswordFile {
        setting: setting.clone(),
        path: path.to_path_buf(),
        problem,
        fix,
    };
    let bytes =
        std::fs::read(path).map_err(|e| fail(e.to_string(), "mount the secret there or correct DB_PASSWORD_FILE"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| fail("it is not UTF-8 text".into(), "write the password as UTF-8"))?;
    let text = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
    if text.is_empty() {
        return Err(fail(
            "it is empty".into(),
            "write the password into it, or unset DB_PASSWORD_FILE for no password",
        ));
    }
    Ok(Secret(text.to_string()))
}

fn non_empty(password: String) -> Option<Secret> {
    (!password.is_empty()).then_some(Secret(password))
}
