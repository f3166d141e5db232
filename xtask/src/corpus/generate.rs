//! The generate stage: `xtask generate` over one document, in a subprocess of its own, so a panic, a runaway
//! allocation or an endless loop costs one document, not the run.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::diagnostics::{Diagnostic, parse_stderr};

/// How long one document may take before its run is stopped.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// The crate name every generated crate gets: the corpus is about the generator, not about naming crates.
pub const CRATE_NAME: &str = "corpus_client";

/// How far a document got, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Stopped after [`TIMEOUT`].
    Timeout,
    /// The generator panicked.
    Panic,
    /// The generator stopped with errors.
    Errors,
    /// A crate was written.
    Generated,
}

impl Stage {
    /// As the results table writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Timeout => "timeout",
            Stage::Panic => "panic",
            Stage::Errors => "errors",
            Stage::Generated => "generated",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        [
            Stage::Timeout,
            Stage::Panic,
            Stage::Errors,
            Stage::Generated,
        ]
        .into_iter()
        .find(|stage| stage.as_str() == text)
    }
}

/// What the run over one document did.
#[derive(Debug, Clone)]
pub struct GenerateRun {
    pub stage: Stage,
    pub wall: Duration,
    /// The child's peak resident memory as last seen in `/proc` (sampled, so a lower bound); `None` off Linux.
    pub peak_rss_kib: Option<u64>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where it panicked and why (the first lines after "panicked at").
    pub panic: Option<String>,
}

impl GenerateRun {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error)
    }
}

/// Runs `exe generate --spec DOCUMENT --out OUT --crate-name corpus_client --examples` in `package_dir` (so
/// diagnostics name the document as `api/x.json`), with its stderr kept in `stderr_file`.
pub fn run_generate(
    exe: &Path,
    package_dir: &Path,
    document: &str,
    out: &Path,
    stderr_file: &Path,
) -> Result<GenerateRun> {
    let stderr =
        File::create(stderr_file).with_context(|| format!("creating {}", stderr_file.display()))?;
    let start = Instant::now();
    // The generator is one process with no children, so killing it on a timeout stops all of it; it stays in
    // our process group so that Ctrl-C stops it with us.
    let mut child = Command::new(exe)
        .args(["generate", "--spec", document, "--out"])
        .arg(out)
        .args(["--crate-name", CRATE_NAME, "--examples"])
        .current_dir(package_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .with_context(|| format!("running {}", exe.display()))?;
    let mut peak_rss_kib = None;
    let mut pause = Duration::from_millis(1);
    let (status, timed_out) = loop {
        if let Some(kib) = peak_rss_of(child.id()) {
            peak_rss_kib = Some(kib.max(peak_rss_kib.unwrap_or(0)));
        }
        if let Some(status) = child.try_wait()? {
            break (Some(status), false);
        }
        if start.elapsed() > TIMEOUT {
            // It may have ended just now; either way it is reaped below.
            let _ = child.kill();
            child.wait()?;
            break (None, true);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&std::fs::read(stderr_file)?).into_owned();
    let panic = stderr
        .find("panicked at")
        .map(|at| stderr[at..].lines().take(2).collect::<Vec<_>>().join(" "));
    let stage = if timed_out {
        Stage::Timeout
    } else if panic.is_some() {
        Stage::Panic
    } else if status.is_some_and(|s| s.success()) {
        Stage::Generated
    } else {
        Stage::Errors
    };
    Ok(GenerateRun {
        stage,
        wall,
        peak_rss_kib,
        diagnostics: parse_stderr(&stderr, document),
        panic,
    })
}

/// `VmHWM` (the peak resident set) of a running process, in KiB.
fn peak_rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
