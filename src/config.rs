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
//! locks, so whole seconds from 1). Durations read `30`, `30s`, `500ms`, `2m` or `1h`; 0 means
//! "try once" for the connect and lock timeouts; no timeout may exceed [`MAX_TIMEOUT`].
//!
//! The `.env` file is parsed with `dotenvy` (its quoting and `$VAR` substitution rules apply:
//! single-quote a password containing `$`); the process environment is never modified. A key
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
use std::time::Duration;

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

const KEYS: [&str; 9] = [
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_USER",
    "DB_PASSWORD",
    "DB_NAME",
    "SCHEMAGATE_CONNECT_TIMEOUT",
    "SCHEMAGATE_LOCK_TIMEOUT",
    "SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT",
];

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
    pub connect_timeout: Duration,
    pub lock_timeout: Duration,
    pub ddl_lock_wait_timeout: Duration,
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
    pub connect_timeout: Option<Duration>,
    pub lock_timeout: Option<Duration>,
    pub ddl_lock_wait_timeout: Option<Duration>,
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
            .field("connect_timeout", &self.connect_timeout)
            .field("lock_timeout", &self.lock_timeout)
            .field("ddl_lock_wait_timeout", &self.ddl_lock_wait_timeout)
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

/// What is wrong with a database URL; the text continues "DATABASE_URL `…` …" and ends with the fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("is empty; set it to mysql://user:password@host:3306/database or unset it")]
    Empty,
    #[error("is not a URL ({0}); write it as mysql://user:password@host:3306/database, percent-encoding @ : / ? # and % in the user and password (@ is %40)")]
    Syntax(url::ParseError),
    #[error("has the scheme {0:?}; start it with mysql:// or mariadb://")]
    Scheme(String),
    #[error("names no host; write it as mysql://user:password@host:3306/database")]
    NoHost,
    #[error("names port 0; use a port from 1 to 65535, or leave it out for 3306")]
    PortZero,
    #[error("names no database; add one after the host, as in mysql://root@127.0.0.1:3306/aideveloper, or set DB_NAME or --database")]
    NoDatabase,
    #[error("has a path of several segments; name only the database, as in mysql://root@127.0.0.1:3306/aideveloper")]
    Path,
    #[error("has URL parameters or a fragment, which schemagate does not read; remove everything from the ? or #")]
    Parameters,
    #[error("has a {0} that is not UTF-8 once percent-decoded; fix its percent-encoding")]
    NotUtf8(&'static str),
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
    #[error("{setting}: {value} cannot be the session's lock_wait_timeout, which counts whole seconds from 1; set {} to a value such as 10 or 10s", .setting.target())]
    DdlLockWait { setting: Setting, value: String },
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

    /// `mysql://root:***@127.0.0.1:3306/aideveloper` — never the password.
    pub fn redacted_url(&self) -> String {
        let password = if self.password.is_some() { ":***" } else { "" };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("mysql://{}{password}@{host}:{}/{}", percent_encode(&self.user), self.port, self.database)
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

/// Parses `30` (seconds), `30s`, `500ms`, `2m` or `1h`. The error reads on its own, so a CLI
/// can use this as a flag parser.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    if number.is_empty() {
        return Err("expected a whole number with an optional unit ms, s, m or h, like 30, 30s, 500ms or 2m".into());
    }
    let n: u64 = number.parse().map_err(|_| "the number is too large".to_string())?;
    let duration = match unit {
        "" | "s" => Some(Duration::from_secs(n)),
        "ms" => Some(Duration::from_millis(n)),
        "m" => n.checked_mul(60).map(Duration::from_secs),
        "h" => n.checked_mul(3600).map(Duration::from_secs),
        _ => return Err(format!("unknown unit {unit:?}; use ms, s, m or h, like 30s or 500ms")),
    };
    duration.ok_or_else(|| "the number is too large".to_string())
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

/// A URL safe to echo: the password (everything after the user's `:` up to the last `@`) and
/// anything from `?` or `#` become `***`; so does a non-numeric "port" when there is no `@`,
/// which is how `mysql://root:pw` (a forgotten host) would otherwise leak.
pub fn redact_url(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let (head, mut rest) = url.split_at(start);
    let mut out = head.to_string();
    if let Some(at) = rest.rfind('@') {
        match rest[..at].split_once(':') {
            Some((user, _)) => out.extend([user, ":***"]),
            None => out.push_str(&rest[..at]),
        }
        rest = &rest[at..];
    } else {
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        if let Some(colon) = authority.rfind(':').filter(|_| !authority.ends_with(']')) {
            if !authority[colon + 1..].bytes().all(|b| b.is_ascii_digit()) {
                return format!("{out}{}:***", &authority[..colon]);
            }
        }
    }
    match rest.find(['?', '#']) {
        Some(i) => out.extend([&rest[..=i], "***"]),
        None => out.push_str(rest),
    }
    out
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

/// The connection described by a URL; parts it omits already hold the defaults.
struct UrlParts {
    setting: Setting,
    shown: String,
    host: String,
    port: u16,
    user: String,
    password: Option<Secret>,
    database: Option<String>,
}

fn parse_url(setting: Setting, raw: &str) -> Result<UrlParts, ConfigError> {
    let fail = |problem| ConfigError::Url { setting: setting.clone(), url: redact_url(raw), problem };
    if raw.trim().is_empty() {
        return Err(fail(UrlProblem::Empty));
    }
    let url = url::Url::parse(raw.trim()).map_err(|e| match e {
        url::ParseError::EmptyHost => fail(UrlProblem::NoHost),
        e => fail(UrlProblem::Syntax(e)),
    })?;
    if !matches!(url.scheme(), "mysql" | "mariadb") {
        return Err(fail(UrlProblem::Scheme(url.scheme().to_string())));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail(UrlProblem::Parameters));
    }
    let host = match url.host() {
        Some(url::Host::Domain(d)) if !d.is_empty() => check_host(setting.url_part("host"), d)?,
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        _ => return Err(fail(UrlProblem::NoHost)),
    };
    let port = match url.port() {
        Some(0) => return Err(fail(UrlProblem::PortZero)),
        port => port.unwrap_or(DEFAULT_PORT),
    };
    let user = percent_decode(url.username()).ok_or_else(|| fail(UrlProblem::NotUtf8("user")))?;
    let user = if user.is_empty() { DEFAULT_USER.to_string() } else { check_user(setting.url_part("user"), &user)? };
    let password = percent_decode(url.password().unwrap_or("")).ok_or_else(|| fail(UrlProblem::NotUtf8("password")))?;
    let database = match url.path().trim_start_matches('/') {
        "" => None,
        path if path.contains('/') => return Err(fail(UrlProblem::Path)),
        path => {
            let name = percent_decode(path).ok_or_else(|| fail(UrlProblem::NotUtf8("database")))?;
            Some(check_database(setting.url_part("database"), &name)?)
        }
    };
    let shown = redact_url(raw);
    Ok(UrlParts { setting, shown, host, port, user, password: non_empty(password), database })
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
    let password = match (&o.password, first(db_layers, "DB_PASSWORD")) {
        (Some(v), _) => non_empty(v.expose().to_string()),
        (None, Some((_, v))) => non_empty(v.to_string()),
        (None, None) => url.as_ref().and_then(|u| u.password.clone()),
    };
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
    let settings =
        Settings { host, port, user, password, database, connect_timeout, lock_timeout, ddl_lock_wait_timeout };
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

fn non_empty(password: String) -> Option<Secret> {
    (!password.is_empty()).then_some(Secret(password))
}

/// Reads `<dir>/.env` into a layer; `None` when there is no such file.
fn read_dotenv(path: &Path) -> Result<Option<Layer>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ConfigError::DotEnvRead { path: path.to_path_buf(), source }),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut vars = HashMap::new();
    // One read feeds both the parser and the line numbers, so they describe the same bytes.
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((key, value)) => {
                if let Some(&key) = KEYS.iter().find(|&&k| k == key) {
                    vars.insert(key, (value, key_line(text, key)));
                }
            }
            Err(dotenvy::Error::Io(source)) => {
                return Err(ConfigError::DotEnvRead { path: path.to_path_buf(), source })
            }
            // The parser's own message quotes the line, which may hold a password: never use it.
            Err(dotenvy::Error::LineParse(line, _)) => {
                return Err(ConfigError::DotEnvSyntax { path: path.to_path_buf(), line: locate_line(text, &line) })
            }
            Err(_) => return Err(ConfigError::DotEnvSyntax { path: path.to_path_buf(), line: None }),
        }
    }
    log::debug!("read {} schemagate setting(s) from {}", vars.len(), path.display());
    Ok(Some(Layer { source: Source::DotEnv { path: path.to_path_buf(), line: None }, vars }))
}

/// The 1-based line of the last `KEY=` (or `export KEY=`) assignment.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").map_or(line, str::trim_start);
            line.strip_prefix(key)?.trim_start().starts_with('=').then_some(i + 1)
        })
        .last()
}

/// The 1-based line where the (possibly multi-line) text the parser rejected begins.
fn locate_line(text: &str, rejected: &str) -> Option<usize> {
    let mut start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !rejected.is_empty() && text[start..].starts_with(rejected) {
            return Some(i + 1);
        }
        start += line.len();
    }
    None
}

fn percent_decode(s: &str) -> Option<String> {
    let (bytes, mut out, mut i) = (s.as_bytes(), Vec::with_capacity(s.len()), 0);
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16)).map(|d| d as u8);
    while i < bytes.len() {
        if let (b'%', Some(hi), Some(lo)) = (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "s3cr3t-pw";

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| map.get(key).cloned()
    }

    fn env(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_lookup(vars(pairs), &Overrides::default())
    }

    fn layer(source: Source, pairs: &[(&'static str, &str)]) -> Layer {
        Layer { source, vars: pairs.iter().map(|(k, v)| (*k, (v.to_string(), Some(7)))).collect() }
    }

    fn dotenv_source() -> Source {
        Source::DotEnv { path: PathBuf::from("/app/.env"), line: None }
    }

    fn err(pairs: &[(&str, &str)]) -> String {
        env(pairs).expect_err("should be rejected").to_string()
    }

    /// A fresh directory under the system temp dir (no tempfile crate here).
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("schemagate-config-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        dir
    }

    #[test]
    fn defaults() {
        let s = env(&[]).unwrap();
        assert_eq!(s.redacted_url(), "mysql://root@127.0.0.1:3306/aideveloper");
        assert_eq!(s.password, None);
        assert_eq!(
            (s.connect_timeout, s.lock_timeout, s.ddl_lock_wait_timeout),
            (Duration::from_secs(30), Duration::from_secs(60), Duration::from_secs(10))
        );
    }

    #[test]
    fn precedence_override_env_dotenv_default_per_field() {
        let env = layer(
            Source::Environment,
            &[("DB_HOST", "env-host"), ("DB_USER", "env-user"), ("SCHEMAGATE_LOCK_TIMEOUT", "5")],
        );
        let dotenv = layer(
            dotenv_source(),
            &[
                ("DB_HOST", "file-host"),
                ("DB_USER", "file-user"),
                ("DB_PORT", "3307"),
                ("DB_NAME", "filedb"),
                ("SCHEMAGATE_LOCK_TIMEOUT", "6"),
                ("SCHEMAGATE_CONNECT_TIMEOUT", "7"),
            ],
        );
        let o = Overrides { host: Some("flag-host".into()), ..Overrides::default() };
        let s = resolve(&o, &[env, dotenv]).unwrap();
        assert_eq!(s.host, "flag-host"); // flag over env over .env
        assert_eq!(s.user, "env-user"); // env over .env
        assert_eq!((s.port, s.database.as_str()), (3307, "filedb")); // .env over default
        assert_eq!(s.lock_timeout, Duration::from_secs(5));
        assert_eq!(s.connect_timeout, Duration::from_secs(7));
        assert_eq!(s.ddl_lock_wait_timeout, DEFAULT_DDL_LOCK_WAIT_TIMEOUT); // default
        assert_eq!(s.password, None);
    }

    #[test]
    fn db_variables_override_url_parts_in_the_same_source() {
        let s = env(&[
            ("DATABASE_URL", "mysql://app:url-pw@db.example.com:3310/urldb"),
            ("DB_PORT", "4000"),
            ("DB_PASSWORD", PW),
        ])
        .unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.user.as_str(), s.database.as_str()),
            ("db.example.com", 4000, "app", "urldb")
        );
        assert_eq!(s.password.as_ref().map(Secret::expose), Some(PW));
        let s = env(&[("DATABASE_URL", "mysql://app:url-pw@h/urldb"), ("DB_PASSWORD", "")]).unwrap();
        assert_eq!(s.password, None, "DB_PASSWORD= means no password");
    }

    #[test]
    fn a_url_shadows_lower_sources_and_yields_to_higher_ones() {
        let env = layer(Source::Environment, &[("DATABASE_URL", "mysql://app@envhost/envdb")]);
        let dotenv = layer(dotenv_source(), &[("DB_PASSWORD", PW), ("DB_PORT", "4000"), ("DB_HOST", "filehost")]);
        let s = resolve(&Overrides::default(), &[env, dotenv]).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.password.is_none()), ("envhost", 3306, true));

        let env = layer(Source::Environment, &[("DB_HOST", "envhost")]);
        let dotenv = layer(dotenv_source(), &[("DATABASE_URL", "mysql://app:pw@filehost:3307/filedb")]);
        let s = resolve(&Overrides::default(), &[env, dotenv]).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.user.as_str(), s.database.as_str()), ("envhost", 3307, "app", "filedb"));

        let o =
            Overrides { url: Some("mysql://flag@flaghost/flagdb".into()), port: Some(5000), ..Overrides::default() };
        let env = layer(Source::Environment, &[("DB_HOST", "envhost"), ("DB_PASSWORD", PW)]);
        let s = resolve(&o, &[env]).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.user.as_str(), s.password.is_none()), ("flaghost", 5000, "flag", true));
    }

    #[test]
    fn overrides_win_over_everything() {
        let o = Overrides {
            host: Some("::1".into()),
            port: Some(1),
            user: Some("u".into()),
            password: Some(Secret::new(PW)),
            database: Some("d".into()),
            connect_timeout: Some(Duration::ZERO),
            lock_timeout: Some(Duration::from_millis(1)),
            ddl_lock_wait_timeout: Some(Duration::from_secs(2)),
            url: None,
        };
        let s = Settings::from_lookup(
            vars(&[("DATABASE_URL", "mysql://x:y@z/w"), ("DB_HOST", "h"), ("SCHEMAGATE_CONNECT_TIMEOUT", "9")]),
            &o,
        )
        .unwrap();
        assert_eq!(s.redacted_url(), "mysql://u:***@[::1]:1/d");
        assert_eq!(
            (s.connect_timeout, s.lock_timeout, s.ddl_lock_wait_timeout),
            (Duration::ZERO, Duration::from_millis(1), Duration::from_secs(2))
        );
        assert_eq!(s.password.unwrap().expose(), PW);
    }

    #[test]
    fn url_parsing() {
        let s = env(&[("DATABASE_URL", "mysql://us%40er:p%40ss%2Fw%3Ard@db.example.com/app_1")]).unwrap();
        assert_eq!((s.user.as_str(), s.port, s.database.as_str()), ("us@er", 3306, "app_1"));
        assert_eq!(s.password.as_ref().unwrap().expose(), "p@ss/w:rd");
        assert_eq!(s.redacted_url(), "mysql://us%40er:***@db.example.com:3306/app_1");
        let s = env(&[("DATABASE_URL", "MariaDB://10.0.0.5:3307/x")]).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.user.as_str(), s.password.is_none()), ("10.0.0.5", 3307, "root", true));
        let s = env(&[("DATABASE_URL", "mysql://root:@[::1]:3306/x")]).unwrap();
        assert_eq!((s.host.as_str(), s.password.is_none()), ("::1", true));
        let s = env(&[("DATABASE_URL", "mysql://root@h"), ("DB_NAME", "fromvar")]).unwrap();
        assert_eq!(s.database, "fromvar");
    }

    #[test]
    fn url_errors_name_the_setting_and_the_fix() {
        let cases = [
            ("postgres://u:s3cr3t-pw@h/db", "has the scheme \"postgres\"; start it with mysql:// or mariadb://"),
            ("mysql://u:s3cr3t-pw@h", "names no database"),
            ("mysql://u:s3cr3t-pw@h/", "names no database"),
            ("mysql://u:s3cr3t-pw@h/db?ssl-mode=REQUIRED", "has URL parameters"),
            ("mysql://u:s3cr3t-pw@h/db#frag", "has URL parameters"),
            ("mysql://u:s3cr3t-pw@h/db/extra", "has a path of several segments"),
            ("mysql://u:s3cr3t-pw@h:0/db", "names port 0"),
            ("mysql://u:s3cr3t-pw@h:99999/db", "is not a URL"),
            ("mysql://u:s3cr3t-pw@/db", "names no host"),
            ("mysql:db", "names no host"),
            ("  ", "is empty"),
            ("mysql://u:%FF@h/db", "has a password that is not UTF-8"),
        ];
        for (url, expected) in cases {
            let msg = err(&[("DATABASE_URL", url)]);
            assert!(msg.starts_with("DATABASE_URL (environment) `"), "{msg}");
            assert!(msg.contains(expected), "{url}: {msg}");
            assert!(!msg.contains(PW), "{msg}");
        }
        let msg = err(&[("DATABASE_URL", "mysql://u:pw@h/my-db")]);
        assert!(msg.contains("set the database in DATABASE_URL to a name such as aideveloper"), "{msg}");
        let msg =
            Settings::from_lookup(vars(&[]), &Overrides { url: Some("mysql://h".into()), ..Overrides::default() })
                .unwrap_err()
                .to_string();
        assert!(msg.starts_with("--database-url `mysql://h` names no database"), "{msg}");
    }

    #[test]
    fn value_errors_name_the_setting_and_the_fix() {
        assert_eq!(
            err(&[("DB_PORT", "abc")]),
            "DB_PORT (environment): \"abc\" is not a port number; set DB_PORT to a number from 1 to 65535"
        );
        assert!(err(&[("DB_PORT", "0")]).contains("set DB_PORT to a number from 1 to 65535"));
        assert!(err(&[("DB_PORT", "70000")]).contains("\"70000\" is not a port number"));
        assert!(err(&[("DB_HOST", "db host")]).starts_with("DB_HOST (environment): \"db host\" is not a host name"));
        assert!(err(&[("DB_HOST", "fe80::zz")]).contains("set DB_HOST to a host such as 127.0.0.1"));
        assert!(err(&[("DB_USER", "")]).contains("set DB_USER to a name such as root"));
        assert_eq!(
            err(&[("DB_NAME", "my-db")]),
            "DB_NAME (environment): database name \"my-db\" is not allowed: use 1 to 64 characters from A-Z a-z 0-9 _ $, not all digits; set DB_NAME to a name such as aideveloper"
        );
        assert!(err(&[("SCHEMAGATE_LOCK_TIMEOUT", "soon")])
            .starts_with("SCHEMAGATE_LOCK_TIMEOUT (environment): \"soon\" is not usable (expected a whole number"));
        assert!(err(&[("SCHEMAGATE_CONNECT_TIMEOUT", "400d")]).contains("unknown unit \"d\""));
        assert!(err(&[("SCHEMAGATE_CONNECT_TIMEOUT", "9000h")]).contains("longer than 365 days"));
        let o = Overrides { port: Some(0), ..Overrides::default() };
        assert!(Settings::from_lookup(vars(&[]), &o)
            .unwrap_err()
            .to_string()
            .starts_with("--port: \"0\" is not a port number; set --port to"));
        let o = Overrides { database: Some("1234".into()), ..Overrides::default() };
        assert!(Settings::from_lookup(vars(&[]), &o).unwrap_err().to_string().contains("set --database to a name"));
    }

    #[test]
    fn ddl_lock_wait_must_be_whole_seconds_from_one() {
        for bad in ["0", "0s", "500ms", "1500ms"] {
            let msg = err(&[("SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT", bad)]);
            assert!(
                msg.contains("counts whole seconds from 1; set SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT to a value such as 10"),
                "{msg}"
            );
        }
        assert_eq!(
            env(&[("SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT", "2m")]).unwrap().ddl_lock_wait_timeout,
            Duration::from_secs(120)
        );
        let o = Overrides { ddl_lock_wait_timeout: Some(Duration::from_millis(1500)), ..Overrides::default() };
        let msg = Settings::from_lookup(vars(&[]), &o).unwrap_err().to_string();
        assert!(msg.starts_with("--ddl-lock-wait-timeout: 1.5s cannot be"), "{msg}");
        let s = env(&[("SCHEMAGATE_CONNECT_TIMEOUT", "0"), ("SCHEMAGATE_LOCK_TIMEOUT", "0ms")]).unwrap();
        assert_eq!((s.connect_timeout, s.lock_timeout), (Duration::ZERO, Duration::ZERO));
    }

    #[test]
    fn durations() {
        let ok = [
            ("30", 30_000),
            ("30s", 30_000),
            ("500ms", 500),
            ("2m", 120_000),
            ("1h", 3_600_000),
            (" 5s ", 5_000),
            ("0", 0),
        ];
        for (text, ms) in ok {
            assert_eq!(parse_duration(text), Ok(Duration::from_millis(ms)), "{text}");
        }
        for bad in ["", "s", "1.5s", "5x", "-1", "5 s", "99999999999999999999", "18446744073709551615m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identifiers() {
        for good in ["aideveloper", "a", "$ok_1", "1a", &"x".repeat(64)] {
            assert!(validate_database_name(good).is_ok(), "{good}");
        }
        for bad in ["", "123", "my-db", "a b", "a`b", "é", &"x".repeat(65)] {
            let msg = validate_database_name(bad).unwrap_err().to_string();
            assert!(msg.ends_with("not all digits; choose a name such as aideveloper"), "{msg}");
        }
        assert_eq!(quote_ident("app"), "`app`");
        assert_eq!(quote_ident("a`b"), "`a``b`");
    }

    #[test]
    fn loopback() {
        let with_host = |h: &str| Settings { host: h.into(), ..env(&[]).unwrap() }.is_loopback();
        for yes in ["127.0.0.1", "127.4.5.6", "::1", "[::1]", "localhost", "LocalHost", "::ffff:127.0.0.1"] {
            assert!(with_host(yes), "{yes}");
        }
        for no in ["10.0.0.1", "0.0.0.0", "db.example.com", "::", "localhost.example.com"] {
            assert!(!with_host(no), "{no}");
        }
    }

    #[test]
    fn redaction() {
        assert_eq!(redact_url("mysql://root:s3cr3t-pw@h:1/db"), "mysql://root:***@h:1/db");
        assert_eq!(redact_url("mysql://root@h/db"), "mysql://root@h/db");
        assert_eq!(redact_url("mysql://root:p/w@x@h/db?password=s3cr3t-pw"), "mysql://root:***@h/db?***");
        assert_eq!(redact_url("root:s3cr3t-pw@h/db"), "root:***@h/db");
        assert_eq!(redact_url("mysql://root:s3cr3t-pw"), "mysql://root:***");
        assert_eq!(redact_url("mysql://root:s3cr3t/pw"), "mysql://root:***");
        assert_eq!(redact_url("mysql://[::1]:3306/db"), "mysql://[::1]:3306/db");
        assert_eq!(redact_url("mysql://h/db#s3cr3t-pw"), "mysql://h/db#***");
        let s = env(&[("DATABASE_URL", "mysql://root:s3cr3t-pw@127.0.0.1/aideveloper")]).unwrap();
        assert_eq!(s.to_string(), "mysql://root:***@127.0.0.1:3306/aideveloper");
        assert_eq!(format!("{:?} {}", Secret::new(PW), Secret::new(PW)), "*** ***");
    }

    #[test]
    fn no_debug_display_or_error_shows_the_password() {
        let url = format!("mysql://root:{PW}@h/db");
        let o = Overrides { url: Some(url.clone()), password: Some(Secret::new(PW)), ..Overrides::default() };
        let s = Settings::from_lookup(vars(&[("DB_PASSWORD", PW)]), &o).unwrap();
        let mut shown = vec![format!("{s:?}"), format!("{s}"), format!("{o:?}"), format!("{:?}", s.password)];
        let with_pw =
            |extra: (&'static str, &'static str)| vec![("DB_PASSWORD", PW), ("DATABASE_URL", url.as_str()), extra];
        let bad: Vec<Vec<(&str, &str)>> = vec![
            with_pw(("DB_PORT", "x")),
            with_pw(("DB_HOST", "a b")),
            with_pw(("DB_USER", "")),
            with_pw(("DB_NAME", "a-b")),
            with_pw(("SCHEMAGATE_LOCK_TIMEOUT", "x")),
            with_pw(("SCHEMAGATE_DDL_LOCK_WAIT_TIMEOUT", "0")),
            vec![("DATABASE_URL", "mysql://root:s3cr3t-pw")],
            vec![("DATABASE_URL", "mysql://root:s3cr3t-pw@h/db?x=s3cr3t-pw")],
            vec![("DATABASE_URL", "pg://root:s3cr3t-pw@h/db")],
            vec![("DATABASE_URL", "mysql://root:s3cr3t-pw@h/d-b")],
            vec![("DATABASE_URL", "mysql://root:s3cr3t-pw@h:0/db")],
            vec![("DATABASE_URL", "mysql://root:s3cr3t-pw@h")],
            vec![("DATABASE_URL", "mysql://root:s3cr3t/pw@h/db")],
            vec![("DATABASE_URL", "mysql://r%FF:s3cr3t-pw@h/db")],
        ];
        for pairs in &bad {
            let e = env(pairs).expect_err("should be rejected");
            shown.extend([format!("{e}"), format!("{e:?}")]);
        }
        let setting = Setting { name: "DB_PASSWORD", part: None, source: Source::Environment };
        let e = ConfigError::NotUnicode { setting };
        shown.extend([format!("{e}"), format!("{e:?}")]);
        let dir = temp_dir("leak");
        std::fs::write(dir.join(".env"), format!("DB_PASSWORD='{PW}\n")).unwrap();
        let e = Settings::load(&dir, &Overrides::default()).unwrap_err();
        shown.extend([format!("{e}"), format!("{e:?}")]);
        for text in shown {
            assert!(!text.contains(PW) && !text.contains("s3cr3t"), "password leaked: {text}");
        }
    }

    #[test]
    fn dotenv_file_values_lines_and_errors() {
        let dir = temp_dir("dotenv");
        let path = dir.join(".env");
        std::fs::write(&path, "# comment\nOTHER=1\nDB_PORT=1\nexport DB_PORT = \"3308\"\nDB_PASSWORD='pa$$ w'\n")
            .unwrap();
        let layer = read_dotenv(&path).unwrap().unwrap();
        assert_eq!(
            layer.get("DB_PORT").map(|(s, v)| (s.to_string(), v.to_string())),
            Some((format!("DB_PORT ({} line 4)", path.display()), "3308".into()))
        );
        assert_eq!(layer.get("DB_PASSWORD").unwrap().1, "pa$$ w");
        assert!(read_dotenv(&dir.join("missing.env")).unwrap().is_none());

        std::fs::write(&path, "DB_HOST=h\nDB_PORT=x\n").unwrap();
        let msg = resolve(&Overrides::default(), &[read_dotenv(&path).unwrap().unwrap()]).unwrap_err().to_string();
        assert_eq!(
            msg,
            format!(
                "DB_PORT ({} line 2): \"x\" is not a port number; set DB_PORT to a number from 1 to 65535",
                path.display()
            )
        );

        std::fs::write(&path, "A=1\r\nB='multi\nline'\nC=\"open\nD=4\n").unwrap();
        let e = read_dotenv(&path).err().expect("unterminated quote");
        assert!(matches!(&e, ConfigError::DotEnvSyntax { line: Some(4), .. }), "{e:?}");
        assert!(e.to_string().starts_with(&format!("{} line 4: cannot parse this line", path.display())), "{e}");

        std::fs::write(&path, "GOOD=1\nnot a line\n").unwrap();
        let e = read_dotenv(&path).err().expect("bad line");
        assert!(matches!(e, ConfigError::DotEnvSyntax { line: Some(2), .. }), "{e:?}");
    }

    #[test]
    fn load_reads_the_dotenv_file_and_applies_overrides() {
        let dir = temp_dir("load");
        std::fs::write(dir.join(".env"), "SCHEMAGATE_LOCK_TIMEOUT=5\n").unwrap();
        // Every field overridden, so whatever the test runner's environment holds cannot matter.
        let o = Overrides {
            url: Some("mysql://u@h/d".into()),
            host: None,
            port: None,
            user: None,
            password: None,
            database: None,
            connect_timeout: Some(Duration::from_secs(1)),
            lock_timeout: Some(Duration::from_secs(2)),
            ddl_lock_wait_timeout: Some(Duration::from_secs(3)),
        };
        assert_eq!(Settings::load(&dir, &o).unwrap().redacted_url(), "mysql://u@h:3306/d");
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::create_dir(dir.join("sub/.env")).unwrap();
        let msg = Settings::load(&dir.join("sub"), &o).unwrap_err().to_string();
        assert!(
            msg.starts_with("cannot read ") && msg.ends_with("make it a readable UTF-8 file or remove it"),
            "{msg}"
        );
    }
}
