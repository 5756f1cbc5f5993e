//! Running the dump tool so that SIGINT, SIGTERM or SIGHUP stop it cleanly: while the tool
//! runs, those signals only raise a flag (via `signal-hook`); the tool is then killed and
//! [`run`] returns [`BackupError::Interrupted`], so the callers' guards remove the option file
//! holding the password and the partial dump before the process exits (128 + the signal).
//! The default behaviour of the signals comes back as soon as the tool has finished.

use crate::error::BackupError;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::Read;
use std::process::{Child, ExitStatus};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The signals watched while the tool runs.
const SIGNALS: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// Registered handlers; dropping it restores what was there before.
struct Watch {
    caught: Arc<AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
}

impl Watch {
    fn new() -> std::io::Result<Watch> {
        let caught = Arc::new(AtomicUsize::new(0));
        let mut ids = Vec::new();
        for signal in SIGNALS {
            ids.push(signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?);
        }
        Ok(Watch { caught, ids })
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal as i32),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Waits for `child` (stderr piped), killing it if a signal arrives first. Returns its exit
/// status and its stderr.
pub fn run(mut child: Child) -> Result<(ExitStatus, Vec<u8>), BackupError> {
    let watch = Watch::new().map_err(|source| BackupError::Signals { source });
    let mut pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(pipe) = pipe.as_mut() {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    });
    let watch = match watch {
        Ok(watch) => watch,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
    };
    let status = loop {
        if let Some(signal) = watch.caught() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(BackupError::Interrupted { signal });
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(source) => return Err(BackupError::Signals { source }),
        }
    };
    drop(watch);
    Ok((status, reader.join().unwrap_or_default()))
}
