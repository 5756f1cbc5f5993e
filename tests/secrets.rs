//! Passwords through every channel (URL, DB_PASSWORD, .env, DB_PASSWORD_FILE): random ones
//! with every printable ASCII character and non-ASCII log in, a one-character-wrong one exits
//! 3, and none appears in stdout, stderr, the log files, a backup, its name, or the dump
//! tool's command line and environment. An interrupted backup leaves nothing behind.
//!
//! `SCHEMAGATE_PASSWORD_TRIALS` sets how many passwords (default 50; CI's slow job uses 1000).

use crate::common::*;
use mysql::prelude::Queryable;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 6 to 24 characters: printable ASCII (space and every punctuation mark) and a few
    /// non-ASCII letters; the first password holds every special character at once.
    fn password(&mut self, n: usize) -> String {
        if n == 0 {
            return " @:/%#?&='\"\\$`!~^*()[]{}|;,<>+é".to_string();
        }
        let len = 6 + (self.next() % 19) as usize;
        (0..len)
            .map(|_| match self.next() % 10 {
                0 => ['é', 'ß', '中', 'ø', '€'][(self.next() % 5) as usize],
                _ => char::from(b' ' + (self.next() % 95) as u8),
            })
            .collect()
    }
}

/// How the password reaches the binary.
#[derive(Clone, Copy, Debug)]
enum Channel {
    Url,
    Env,
    DotEnv,
    File,
}

/// A `.env` value Node's dotenv (and schemagate) reads back as `pw`, or `None` when no
/// quoting can carry it (it contains all three quote characters in an unlucky place).
fn dotenv_value(pw: &str) -> Option<String> {
    let line = ['\'', '`', '"'].iter().map(|q| format!("{q}{pw}{q}")).find(|v| {
        let parsed = schemagate::config::parse_dotenv(&format!("DB_PASSWORD={v}\n"));
        parsed.is_ok_and(|e| e.len() == 1 && e[0].value == pw)
    });
    line
}

fn percent_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Runs `migrate status` with `pw` given through `channel`; returns (exit code, all output).
fn status_with(user: &TestUser, db: &str, pw: &str, channel: Channel, dir: &TempDir) -> (i32, String) {
    with_password(user, db, pw, channel, dir, &["status"])
}

/// Runs `migrate <args>` with `pw` given through `channel`; returns (exit code, all output).
fn with_password(user: &TestUser, db: &str, pw: &str, channel: Channel, dir: &TempDir, args: &[&str]) -> (i32, String) {
    let url = user.url(db);
    let mut cmd = match channel {
        Channel::Url => migrate(&url.replacen('@', &format!(":{}@", percent_encode(pw)), 1)),
        Channel::Env => {
            let mut c = migrate(&url);
            c.env("DB_PASSWORD", pw);
            c
        }
        Channel::DotEnv if dotenv_value(pw).is_none() => return with_password(user, db, pw, Channel::Env, dir, args),
        Channel::DotEnv => {
            let value = dotenv_value(pw).unwrap_or_default();
            // The URL goes into the .env too: one in the environment would shadow the file.
            dir.write(".env", &format!("DATABASE_URL={url}\nDB_PASSWORD={value}\n"));
            let mut c = migrate(&url);
            c.env_remove("DATABASE_URL").current_dir(dir.path());
            c
        }
        Channel::File => {
            dir.write("secret", &format!("{pw}\n"));
            let mut c = migrate(&url);
            c.env("DB_PASSWORD_FILE", dir.path().join("secret"));
            c
        }
    };
    cmd.args(args).env("SCHEMAGATE_LOG_DIR", dir.path().join("logs")).env("SCHEMAGATE_CONNECT_TIMEOUT", "0");
    let (code, out, err) = run(&mut cmd);
    let _ = std::fs::remove_file(dir.path().join(".env"));
    (code, format!("{out}{err}"))
}

/// Every file under `dir` as text (log files, backups), with its name.
fn everything_under(dir: &Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let text = std::fs::read(e.path()).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            format!("{}\n{text}\n", e.path().display())
        })
        .collect()
}

#[test]
fn random_passwords_log_in_through_every_channel_and_never_leak() {
    let trials: usize = std::env::var("SCHEMAGATE_PASSWORD_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let seed = 0x5eed_0000_u64 + trials as u64;
    let mut rng = Rng(seed);
    let db = TestDb::created("pw");
    db.conn().query_drop("CREATE TABLE t (id INT PRIMARY KEY, note TEXT)").unwrap();
    let dir = TempDir::new("pw");
    let user = TestUser::new("pw", "initial", &db.name);
    let channels = [Channel::Url, Channel::Env, Channel::DotEnv, Channel::File];
    let (mut logins, mut refused, mut leaks) = (0, 0, Vec::new());
    let mut per_channel = std::collections::BTreeMap::new();
    let started = Instant::now();
    for n in 0..trials {
        let pw = rng.password(n);
        let literal = pw.replace('\\', "\\\\").replace('\'', "\\'");
        admin().exec_drop(format!("ALTER USER '{}'@'%' IDENTIFIED BY '{literal}'", user.name), ()).unwrap();
        let channel = channels[n % channels.len()];
        let used =
            if matches!(channel, Channel::DotEnv) && dotenv_value(&pw).is_none() { Channel::Env } else { channel };
        *per_channel.entry(format!("{used:?}")).or_insert(0) += 1;
        let (code, output) = status_with(&user, &db.name, &pw, channel, &dir);
        assert_eq!(code, 0, "seed {seed:#x}, password #{n} via {channel:?} did not log in:\n{output}");
        logins += 1;
        // One character wrong: the last one changed.
        let mut wrong: Vec<char> = pw.chars().collect();
        let last = wrong.len() - 1;
        wrong[last] = if wrong[last] == 'x' { 'y' } else { 'x' };
        let wrong: String = wrong.into_iter().collect();
        let (code, wrong_output) = status_with(&user, &db.name, &wrong, channel, &dir);
        assert_eq!(code, 3, "seed {seed:#x}, wrong password #{n} via {channel:?}:\n{wrong_output}");
        refused += 1;
        let mut outputs = vec![output, wrong_output];
        if n % 10 == 0 {
            // A backup now and then: its file, its name and its output are checked below.
            let out = format!("{}/", dir.path().join("backups").display());
            let (code, backup_output) = with_password(&user, &db.name, &pw, channel, &dir, &["backup", "--out", &out]);
            assert_eq!(code, 0, "seed {seed:#x}, backup with password #{n}:\n{backup_output}");
            outputs.push(backup_output);
        }
        let (output, wrong_output) = (&outputs[0], &outputs[1]);
        for (what, text) in
            [("output", output), ("wrong-password output", wrong_output), ("backup output", outputs.last().unwrap())]
        {
            for secret in [&pw, &percent_encode(&pw), &wrong] {
                if secret.len() >= 4 && text.contains(secret.as_str()) {
                    leaks.push(format!("#{n} in {what}"));
                }
            }
        }
    }
    let logs = everything_under(&dir.path().join("logs")) + &everything_under(&dir.path().join("backups"));
    let mut rng = Rng(seed);
    for n in 0..trials {
        let pw = rng.password(n);
        if logs.contains(&pw) || logs.contains(&percent_encode(&pw)) {
            leaks.push(format!("#{n} in the log files or backups (contents or names)"));
        }
    }
    eprintln!(
        "{trials} passwords ({per_channel:?}): {logins} logged in, {refused} wrong ones refused with exit 3, {} leak(s), {:.1?}",
        leaks.len(),
        started.elapsed()
    );
    assert!(leaks.is_empty(), "seed {seed:#x}: {leaks:?}");
}

/// A fake dump tool that records its command line and environment, writes a little, and
/// then waits to be stopped.
fn slow_tool(dir: &Path) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let path = bin.join("mariadb-dump");
    let seen = dir.join("seen");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\ntr '\\0' ' ' </proc/$$/cmdline >'{seen}.tmp'\nenv >>'{seen}.tmp'\nmv '{seen}.tmp' '{seen}'\necho '-- partial dump'\nexec sleep 30\n",
            seen = seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_interrupted_backup_removes_the_password_file_and_the_partial_dump() {
    let db = TestDb::created("intr");
    let pw = "intr-Pw #1 ü";
    let user = TestUser::new("intr", pw, &db.name);
    for (signal, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let dir = TempDir::new("intr");
        slow_tool(dir.path());
        let runtime = dir.path().join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let path = format!("{}:{}", dir.path().join("bin").display(), std::env::var("PATH").unwrap());
        let child = migrate(&user.url(&db.name))
            .args(["backup", "--out"])
            .arg(format!("{}/", out.display()))
            .env("DB_PASSWORD", pw)
            .env("PATH", path)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !dir.path().join("seen").exists() {
            assert!(Instant::now() < deadline, "the fake dump tool never ran");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(std::fs::read_dir(&runtime).unwrap().count(), 1, "the option file exists while the tool runs");
        let seen = std::fs::read_to_string(dir.path().join("seen")).unwrap();
        assert!(
            !seen.contains(pw) && !seen.contains(&percent_encode(pw)),
            "the tool's command line or environment: {seen}"
        );
        unsafe { libc::kill(child.id() as i32, signal) };
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains("interrupted by signal"), "{stderr}");
        assert_eq!(std::fs::read_dir(&runtime).unwrap().count(), 0, "the option file is left behind");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "a partial dump is left behind");
    }
}
