//! A real caller of the startup gate: a tiny HTTP server that refuses to start unless the
//! database is healthy, and otherwise answers `GET /health` on a loopback port. Each health
//! request checks the database again (what `migrate verify` checks, changing nothing): 200
//! and the report while healthy, 503 and the report with the reasons once it is not (a
//! required table dropped, the server gone).
//!
//! ```text
//! cargo run --example server                # gate, then listen on 127.0.0.1:8080
//! SERVER_PORT=0 cargo run --example server  # any free port (printed)
//! ```
//! Settings come from DATABASE_URL / DB_* / .env like `migrate`; `SCHEMAGATE_MIGRATIONS_DIR_RUNTIME`
//! (used by the tests) reads migrations from a folder instead of the compiled-in ones.

use schemagate::cli::{render, verify};
use schemagate::config::{Overrides, Settings};
use schemagate::gate::{self, GateOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let settings = match Settings::load(std::path::Path::new("."), &Overrides::default()) {
        Ok(settings) => settings,
        Err(e) => refuse(&format!("bad configuration: {e}"), 2),
    };
    let set = match std::env::var_os("SCHEMAGATE_MIGRATIONS_DIR_RUNTIME") {
        Some(dir) => schemagate::migration::load_dir(dir.as_ref()).unwrap_or_else(|e| refuse(&e.to_string(), 2)),
        None => schemagate::embedded::set(),
    };
    // The gate runs before the port is bound: an unhealthy database never serves a request.
    let report = gate::run(&settings, &set, &GateOptions::default());
    let text = render::gate_report(&report);
    if !report.healthy() {
        eprint!("{text}");
        let reason = report.error.as_ref().map_or("the database is not healthy".to_string(), ToString::to_string);
        refuse(&reason, report.exit_code());
    }
    let port = std::env::var("SERVER_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080u16);
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| refuse(&format!("cannot bind: {e}"), 1));
    println!("listening on http://{}", listener.local_addr().expect("bound socket has an address"));
    for stream in listener.incoming().flatten() {
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            continue;
        }
        let (status, body) = if request_line.starts_with("GET /health ") {
            health(&settings, &set)
        } else {
            ("404 Not Found", "not found\n".to_string())
        };
        let mut stream = &stream;
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
}

/// The database checked now, not at start-up: status line and report.
fn health(settings: &Settings, set: &schemagate::MigrationSet) -> (&'static str, String) {
    match schemagate::status::status(settings, set) {
        Ok(report) => match verify::verdict(&report) {
            None => ("200 OK", verify::render(&report)),
            Some(reason) => ("503 Service Unavailable", format!("{}error: {reason}\n", verify::render(&report))),
        },
        Err(e) => ("503 Service Unavailable", format!("✗ database NOT healthy\nerror: {e}\n")),
    }
}

fn refuse(reason: &str, code: i32) -> ! {
    eprintln!("server not started: {reason}");
    std::process::exit(if code == 0 { 1 } else { code });
}
