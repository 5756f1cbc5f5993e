//! Database URLs: parsing `mysql://user:password@host:port/database` into its parts, and
//! redacting any URL before it is echoed, so that no message can show a password.

use super::*;

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
    #[error("has a fragment (#...), which schemagate does not read; remove everything from the #")]
    Fragment,
    #[error("has the URL parameter(s) {}, which schemagate does not know; remove them, or use ssl-mode, ssl-ca, ssl-cert, ssl-key or socket (see the README's URL parameters)", .0.join(", "))]
    UnknownParameters(Vec<String>),
    #[error("gives the URL parameter {0} twice; keep one")]
    RepeatedParameter(String),
    #[error("has a {0} that is not UTF-8 once percent-decoded; fix its percent-encoding")]
    NotUtf8(&'static str),
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

/// The connection described by a URL; parts it omits already hold the defaults.
pub(super) struct UrlParts {
    pub(super) setting: Setting,
    pub(super) shown: String,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) user: String,
    pub(super) password: Option<Secret>,
    pub(super) database: Option<String>,
    pub(super) tls: TlsInput,
    pub(super) socket: Option<(Setting, String)>,
}

/// URL parameters that name a TLS setting or the socket, in the spellings of the MySQL client,
/// Go's driver, libpq-style URLs (Prisma) and Python/Node drivers; the canonical name first.
const SSL_MODE: [&str; 4] = ["ssl-mode", "ssl_mode", "sslmode", "sslMode"];
const SSL_CA: [&str; 4] = ["ssl-ca", "ssl_ca", "sslca", "sslrootcert"];
const SSL_CERT: [&str; 3] = ["ssl-cert", "ssl_cert", "sslcert"];
const SSL_KEY: [&str; 3] = ["ssl-key", "ssl_key", "sslkey"];
const SOCKET: [&str; 4] = ["socket", "unix_socket", "socketPath", "unixSocket"];
/// `ssl=true|false` (Node, JDBC's useSSL) and Go's `tls=true|skip-verify|preferred|false`.
const SSL_SWITCH: [&str; 3] = ["ssl", "useSSL", "tls"];
/// Parameters that applications' drivers read and schemagate does not need: accepted, each
/// noted in the log once. (Character set, time zone and timeouts are schemagate's own.)
const IGNORED: [&str; 33] = [
    "charset",
    "characterEncoding",
    "useUnicode",
    "collation",
    "encoding",
    "timezone",
    "serverTimezone",
    "time_zone",
    "loc",
    "parseTime",
    "dateStrings",
    "connect_timeout",
    "connectTimeout",
    "timeout",
    "readTimeout",
    "writeTimeout",
    "acquireTimeout",
    "socket_timeout",
    "socketTimeout",
    "pool_timeout",
    "pool_size",
    "poolSize",
    "connection_limit",
    "connectionLimit",
    "multipleStatements",
    "supportBigNumbers",
    "bigNumberStrings",
    "autocommit",
    "allowPublicKeyRetrieval",
    "sslaccept",
    "application_name",
    "compress",
    "reconnect",
];

pub(super) fn parse_url(setting: Setting, raw: &str) -> Result<UrlParts, ConfigError> {
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
    if url.fragment().is_some() {
        return Err(fail(UrlProblem::Fragment));
    }
    let (tls, socket) = parse_parameters(&url, &setting).map_err(fail)?;
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
    Ok(UrlParts { setting, shown, host, port, user, password: non_empty(password), database, tls, socket })
}

/// Reads the query string: TLS settings and the socket; ignored parameters are logged; any
/// other name is an error (a silently dropped `?ssl-mode=…` would hide a setting).
fn parse_parameters(url: &url::Url, setting: &Setting) -> Result<(TlsInput, Option<(Setting, String)>), UrlProblem> {
    let (mut tls, mut socket, mut unknown, mut seen) = (TlsInput::default(), None, Vec::new(), Vec::new());
    for (name, value) in url.query_pairs() {
        let (name, value) = (name.into_owned(), value.into_owned());
        let part = |names: &[&'static str]| names.contains(&name.as_str()).then(|| setting.url_part(names[0]));
        let slot = if let Some(s) = part(&SSL_MODE) {
            Some((&mut tls.mode, s))
        } else if let Some(s) = part(&SSL_CA) {
            Some((&mut tls.ca, s))
        } else if let Some(s) = part(&SSL_CERT) {
            Some((&mut tls.cert, s))
        } else if let Some(s) = part(&SSL_KEY) {
            Some((&mut tls.key, s))
        } else if let Some(s) = part(&SOCKET) {
            Some((&mut socket, s))
        } else if part(&SSL_SWITCH).is_some() {
            Some((&mut tls.mode, setting.url_part(SSL_MODE[0])))
        } else {
            None
        };
        match slot {
            Some((target, s)) => {
                let key = s.part.unwrap_or_default();
                if seen.contains(&key) {
                    return Err(UrlProblem::RepeatedParameter(name));
                }
                seen.push(key);
                let value = if SSL_SWITCH.contains(&name.as_str()) { switch_mode(&name, &value) } else { value };
                *target = Some((s, value));
            }
            None if IGNORED.contains(&name.as_str()) => {
                log::info!(
                    "{}: URL parameter {name} is for the application's driver; schemagate ignores it",
                    setting.name
                )
            }
            None => unknown.push(name),
        }
    }
    if !unknown.is_empty() {
        return Err(UrlProblem::UnknownParameters(unknown));
    }
    Ok((tls, socket))
}

/// `ssl=true` means REQUIRED, Go's `tls=true` VERIFY_IDENTITY, `skip-verify` REQUIRED.
fn switch_mode(name: &str, value: &str) -> String {
    match value.to_ascii_lowercase().as_str() {
        "true" if name == "tls" => "VERIFY_IDENTITY",
        "true" | "1" => "REQUIRED",
        "skip-verify" => "REQUIRED",
        "preferred" => "PREFERRED",
        "false" | "0" => "DISABLED",
        other => return other.to_string(),
    }
    .to_string()
}

pub(super) fn percent_decode(s: &str) -> Option<String> {
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

pub(super) fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
