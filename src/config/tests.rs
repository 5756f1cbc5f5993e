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

    let o = Overrides { url: Some("mysql://flag@flaghost/flagdb".into()), port: Some(5000), ..Overrides::default() };
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
        ..Overrides::default()
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
fn url_parameters_of_orms_and_drivers_are_understood_or_ignored() {
    let s = env(&[("DATABASE_URL", "mysql://u@h/db?ssl-mode=REQUIRED&charset=utf8mb4&timezone=Z&connect_timeout=10")])
        .unwrap();
    assert_eq!(s.tls.mode, SslMode::Required);
    let s = env(&[("DATABASE_URL", "mysql://u@h/db?sslmode=verify-full")]).unwrap();
    assert_eq!(s.tls.mode, SslMode::VerifyIdentity);
    let s = env(&[("DATABASE_URL", "mysql://u@h/db?tls=skip-verify&parseTime=true&loc=Local")]).unwrap();
    assert_eq!(s.tls.mode, SslMode::Required);
    let s = env(&[("DATABASE_URL", "mysql://u@h/db?ssl=false")]).unwrap();
    assert_eq!(s.tls.mode, SslMode::Disabled);
    let s = env(&[("DATABASE_URL", "mysql://u@localhost/db?socket=/run/mysqld/mysqld.sock")]).unwrap();
    assert_eq!(s.socket.as_deref(), Some(Path::new("/run/mysqld/mysqld.sock")));
    // DB_* variables of the same source win over the URL's parameters.
    let s = env(&[("DATABASE_URL", "mysql://u@h/db?ssl-mode=REQUIRED"), ("DB_SSL_MODE", "disabled")]).unwrap();
    assert_eq!(s.tls.mode, SslMode::Disabled);
    assert_eq!(env(&[]).unwrap().tls.mode, SslMode::Preferred);
    let msg = err(&[("DATABASE_URL", "mysql://u@h/db?ssl-mode=sometimes")]);
    assert!(msg.contains("\"sometimes\" is not an ssl-mode; set the ssl-mode in DATABASE_URL to DISABLED"), "{msg}");
}

#[test]
fn tls_files_must_be_readable_and_a_certificate_needs_its_key() {
    let dir = temp_dir("tlsfiles");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, "-----BEGIN CERTIFICATE-----\n").unwrap();
    let ca = ca.to_string_lossy().into_owned();
    let s = env(&[("DB_SSL_CA", &ca)]).unwrap();
    assert_eq!((s.tls.mode, s.tls.ca.is_some()), (SslMode::VerifyCa, true), "ssl-ca alone means VERIFY_CA");
    let msg = err(&[("DB_SSL_CA", "/nowhere/ca.pem")]);
    assert!(
        msg.starts_with("DB_SSL_CA (environment): cannot read /nowhere/ca.pem") && msg.ends_with("readable PEM file"),
        "{msg}"
    );
    let msg = err(&[("DB_SSL_CERT", &ca)]);
    assert!(msg.contains("ssl-key is not"), "{msg}");
    let msg = err(&[("DB_SOCKET", "/tmp/s.sock"), ("DB_SSL_MODE", "VERIFY_CA")]);
    assert!(msg.contains("a Unix socket does not have"), "{msg}");
}

#[test]
fn the_password_file_is_read_without_its_trailing_newline() {
    let dir = temp_dir("pwfile");
    let file = dir.join("secret");
    std::fs::write(&file, format!("{PW}\n")).unwrap();
    let path = file.to_string_lossy().into_owned();
    let s = env(&[("DB_PASSWORD_FILE", &path)]).unwrap();
    assert_eq!(s.password.as_ref().map(Secret::expose), Some(PW));
    std::fs::write(&file, format!("{PW} \r\n\n")).unwrap();
    assert_eq!(env(&[("DB_PASSWORD_FILE", &path)]).unwrap().password.unwrap().expose(), format!("{PW} \r\n"));
    let msg = err(&[("DB_PASSWORD_FILE", "/nowhere/secret")]);
    assert!(msg.starts_with("DB_PASSWORD_FILE (environment): cannot read the password file /nowhere/secret"), "{msg}");
    assert!(msg.ends_with("mount the secret there or correct DB_PASSWORD_FILE"), "{msg}");
    std::fs::write(&file, "").unwrap();
    assert!(err(&[("DB_PASSWORD_FILE", &path)]).contains("it is empty"));
    let msg = err(&[("DB_PASSWORD_FILE", &path), ("DB_PASSWORD", PW)]);
    assert!(msg.contains("keep one of them") && !msg.contains(PW), "{msg}");
}

#[test]
fn url_errors_name_the_setting_and_the_fix() {
    let cases = [
        ("postgres://u:s3cr3t-pw@h/db", "has the scheme \"postgres\"; start it with mysql:// or mariadb://"),
        ("mysql://u:s3cr3t-pw@h", "names no database"),
        ("mysql://u:s3cr3t-pw@h/", "names no database"),
        (
            "mysql://u:s3cr3t-pw@h/db?sslmod=REQUIRED&pool=1",
            "has the URL parameter(s) sslmod, pool, which schemagate does not know",
        ),
        ("mysql://u:s3cr3t-pw@h/db?ssl-mode=REQUIRED&sslmode=DISABLED", "gives the URL parameter sslmode twice"),
        ("mysql://u:s3cr3t-pw@h/db#frag", "has a fragment"),
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
    let msg = Settings::from_lookup(vars(&[]), &Overrides { url: Some("mysql://h".into()), ..Overrides::default() })
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
    assert!(err(&[("SCHEMAGATE_LOCK_TIMEOUT", "soon")]).starts_with(
        "SCHEMAGATE_LOCK_TIMEOUT (environment): \"soon\" is not usable (expected a number with an optional unit"
    ));
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
        ("1.5s", 1_500),
        ("0.25m", 15_000),
        ("2.", 2_000),
    ];
    for (text, ms) in ok {
        assert_eq!(parse_duration(text), Ok(Duration::from_millis(ms)), "{text}");
    }
    for bad in ["", "s", ".", "1.2.3s", "5x", "-1", "5 s", "99999999999999999999", "18446744073709551615m"] {
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
    std::fs::write(dir.join(".env"), format!("DB_PASSWORD={PW}\n{PW}\n")).unwrap();
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
    std::fs::write(&path, "# comment\nOTHER=1\nDB_PORT=1\nexport DB_PORT = \"3308\"\nDB_PASSWORD='pa$$ w'\n").unwrap();
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

    // As with Node's dotenv: no `$` expansion, an unclosed quote is part of the value.
    std::fs::write(&path, "A=1\r\nDB_USER='multi\nline'\nDB_PASSWORD=\"open\nDB_NAME=$HOME\n").unwrap();
    let layer = read_dotenv(&path).unwrap().unwrap();
    assert_eq!(
        layer.get("DB_PASSWORD").map(|(s, v)| (s.to_string(), v)),
        Some((format!("DB_PASSWORD ({} line 4)", path.display()), "\"open"))
    );
    assert_eq!(layer.get("DB_NAME").unwrap().1, "$HOME");

    std::fs::write(&path, "GOOD=1\nnot a line\n").unwrap();
    let e = read_dotenv(&path).err().expect("bad line");
    assert!(matches!(e, ConfigError::DotEnvSyntax { line: Some(2), .. }), "{e:?}");
    assert!(e.to_string().starts_with(&format!("{} line 2: cannot parse this line", path.display())), "{e}");
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
        ..Overrides::default()
    };
    assert_eq!(Settings::load(&dir, &o).unwrap().redacted_url(), "mysql://u@h:3306/d");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::create_dir(dir.join("sub/.env")).unwrap();
    let msg = Settings::load(&dir.join("sub"), &o).unwrap_err().to_string();
    assert!(msg.starts_with("cannot read ") && msg.ends_with("make it a readable UTF-8 file or remove it"), "{msg}");
}
