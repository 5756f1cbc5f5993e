//! The gate's report printed line by line as the steps happen, also when stdout is a pipe
//! (npm, Docker, CI): the target before connecting, what was found once connected, each
//! migration when it is done, the verdict at the end. A step that keeps the operator
//! waiting (the server not answering yet, a slow migration) prints a line while it waits.
//!
//! The gate reports its steps through [`on_event`], a plain function (the gate's options are
//! `Copy`), so what was printed so far is kept here, per process: one gate runs at a time.
//! [`finish`] prints whatever the events did not, so a report is complete however far the
//! gate got.

use super::{output, render};
use crate::gate::{Event, GateReport};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A wait longer than this gets a line.
const FIRST_CONNECT_NOTICE: Duration = Duration::from_secs(1);
const FIRST_MIGRATION_NOTICE: Duration = Duration::from_secs(2);
/// Then one line per this much more waiting.
const CONNECT_NOTICE_EVERY: Duration = Duration::from_secs(5);
const MIGRATION_NOTICE_EVERY: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Shown {
    head: bool,
    checked: bool,
    runs: usize,
    waiting: Option<Waiting>,
}

static SHOWN: Mutex<Shown> = Mutex::new(Shown { head: false, checked: false, runs: 0, waiting: None });

fn shown() -> std::sync::MutexGuard<'static, Shown> {
    SHOWN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The gate's event sink for the command line: prints each step as it happens.
pub fn on_event(event: &Event) {
    match event {
        Event::Connecting { target, timeout } => {
            output::outln(format!("schemagate: {target}"));
            let timeout = *timeout;
            let waiting = Waiting::start(FIRST_CONNECT_NOTICE, CONNECT_NOTICE_EVERY, move |waited| {
                format!(
                    "… waiting for the server to accept connections: {}s so far, giving up after {}",
                    waited.as_secs(),
                    render::duration(timeout)
                )
            });
            let mut shown = shown();
            shown.head = true;
            shown.waiting = Some(waiting);
        }
        Event::Checked(report) => {
            stop_waiting();
            output::out(&render::gate_checked(report));
            shown().checked = true;
        }
        Event::Applying { position, total, file } => {
            let (position, total, file) = (*position, *total, file.to_string());
            let waiting = Waiting::start(FIRST_MIGRATION_NOTICE, MIGRATION_NOTICE_EVERY, move |waited| {
                format!("… applying {file} ({position}/{total}): {}s so far", waited.as_secs())
            });
            shown().waiting = Some(waiting);
        }
        Event::Applied(run) => {
            stop_waiting();
            output::out(&render::gate_run(run));
            shown().runs += 1;
        }
        Event::Online { file, statement, table, progress } => {
            output::outln(format!(
                "… {file}: statement {statement}, ALTER TABLE {table} online: {}% of the rows copied, {} remain",
                progress.percent, progress.remaining
            ));
        }
    }
}

/// Prints the part of `report` that no event printed (all of it when there were none) and
/// forgets what was shown, ready for the next gate.
pub fn finish(report: &GateReport) {
    stop_waiting();
    let shown = std::mem::take(&mut *shown());
    let mut text = String::new();
    if !shown.head {
        text.push_str(&render::gate_head(report));
    }
    if !shown.checked {
        text.push_str(&render::gate_checked(report));
    }
    for run in report.runs.iter().skip(shown.runs) {
        text.push_str(&render::gate_run(run));
    }
    text.push_str(&render::gate_tail(report));
    output::out(&text);
}

fn stop_waiting() {
    let waiting = shown().waiting.take();
    if let Some(waiting) = waiting {
        waiting.stop();
    }
}

/// A thread that prints a line after `first`, then every `every`, until stopped.
struct Waiting {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Waiting {
    fn start(first: Duration, every: Duration, line: impl Fn(Duration) -> String + Send + 'static) -> Waiting {
        let (stop, stopped) = mpsc::channel::<()>();
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let mut wait = first;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                output::outln(line(started.elapsed()));
                wait = every;
            }
        });
        Waiting { stop, thread }
    }

    /// Stops the thread; no line is printed after this returns.
    fn stop(self) {
        drop(self.stop);
        let _ = self.thread.join();
    }
}
