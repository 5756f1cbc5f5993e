//! Timing processes from start to exit, with their peak memory, and the statistics the report
//! prints.
//!
//! A process is timed from just before `spawn` to the return of `wait4`, so start-up, dynamic
//! linking, connecting and tear-down all count, for our binary and the reference alike.
//! `wait4` also returns the child's `ru_maxrss`: its peak resident set size (VmHWM), in KiB on
//! Linux. Output goes to files, never to pipes, so a chatty child cannot block on a full pipe.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished process.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub elapsed: Duration,
    /// Peak resident set size in KiB.
    pub max_rss_kib: u64,
}

/// Runs `cmd` to completion with stdin from `stdin` (or nothing), stdout and stderr to
/// `log_stem.out` / `.err`; fails unless it exits 0.
pub fn run(cmd: &mut Command, stdin: Option<&Path>, log_stem: &Path) -> Result<Sample, String> {
    let out = File::create(log_stem.with_extension("out")).map_err(|e| e.to_string())?;
    let err = File::create(log_stem.with_extension("err")).map_err(|e| e.to_string())?;
    let input = match stdin {
        Some(path) => Stdio::from(File::open(path).map_err(|e| format!("{}: {e}", path.display()))?),
        None => Stdio::null(),
    };
    cmd.stdin(input).stdout(out).stderr(err);
    let started = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `child.id()` is our own child, not yet reaped (std's `Child` is never waited).
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    if pid < 0 {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let stderr = std::fs::read_to_string(log_stem.with_extension("err")).unwrap_or_default();
        let stdout = std::fs::read_to_string(log_stem.with_extension("out")).unwrap_or_default();
        let tail: String = stdout.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
        return Err(format!(
            "{:?} failed (wait status {status}): {} {tail}",
            cmd.get_program(),
            stderr.lines().take(10).collect::<Vec<_>>().join(" | ")
        ));
    }
    Ok(Sample { elapsed, max_rss_kib: usage.ru_maxrss as u64 })
}

/// The median (mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Paired measurements of ours against a reference, run back to back.
#[derive(Debug, Default, Clone)]
pub struct Paired {
    pub ours: Vec<Sample>,
    pub reference: Vec<Sample>,
}

impl Paired {
    /// Runs `pairs` pairs, alternating which of the two goes first. Each closure does its own
    /// untimed preparation (e.g. dropping the database) before the measurement it returns.
    pub fn collect(
        pairs: usize,
        mut ours: impl FnMut(usize) -> Result<Sample, String>,
        mut reference: impl FnMut(usize) -> Result<Sample, String>,
    ) -> Result<Paired, String> {
        let mut paired = Paired::default();
        for i in 0..pairs {
            if i % 2 == 0 {
                paired.ours.push(ours(i)?);
                paired.reference.push(reference(i)?);
            } else {
                paired.reference.push(reference(i)?);
                paired.ours.push(ours(i)?);
            }
        }
        Ok(paired)
    }

    pub fn ours_median(&self) -> f64 {
        median(&secs(&self.ours))
    }

    pub fn reference_median(&self) -> f64 {
        median(&secs(&self.reference))
    }

    /// The median of the per-pair ratios ours / reference.
    pub fn ratio(&self) -> f64 {
        let ratios: Vec<f64> = self
            .ours
            .iter()
            .zip(&self.reference)
            .map(|(o, r)| o.elapsed.as_secs_f64() / r.elapsed.as_secs_f64())
            .collect();
        median(&ratios)
    }

    /// The first and third quartiles of the per-pair ratios: how much they spread.
    pub fn ratio_quartiles(&self) -> (f64, f64) {
        let mut ratios: Vec<f64> = self
            .ours
            .iter()
            .zip(&self.reference)
            .map(|(o, r)| o.elapsed.as_secs_f64() / r.elapsed.as_secs_f64())
            .collect();
        ratios.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| ratios.get(((ratios.len() - 1) as f64 * q).round() as usize).copied().unwrap_or(f64::NAN);
        (at(0.25), at(0.75))
    }

    /// `1.052x (1.031-1.090)`: the median ratio and its quartiles.
    pub fn ratio_text(&self) -> String {
        let (q1, q3) = self.ratio_quartiles();
        format!("{:.3}x ({q1:.2}–{q3:.2})", self.ratio())
    }

    /// The largest peak RSS of our runs, in MiB.
    pub fn ours_max_rss_mib(&self) -> f64 {
        self.ours.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
    }

    pub fn reference_max_rss_mib(&self) -> f64 {
        self.reference.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
    }
}

pub fn secs(samples: &[Sample]) -> Vec<f64> {
    samples.iter().map(|s| s.elapsed.as_secs_f64()).collect()
}

/// `1.234 s`, `12.3 ms` or `456 µs`.
pub fn human(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 0.001 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.0} µs", seconds * 1e6)
    }
}
