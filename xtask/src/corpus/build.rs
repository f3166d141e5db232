//! The build stage: does a generated crate compile with warnings denied, and do the examples of its spec decode
//! into its types (`cargo test --test examples`)?

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::Value;

use super::examples::{ExampleResult, parse_example_lines};

/// Compiler errors kept per crate: the first ones say what broke; the rest usually follow from them.
const ERRORS_KEPT: usize = 3;

/// What building one crate gave.
#[derive(Debug, Clone)]
pub struct BuildRun {
    /// `cargo build` passed.
    pub built: bool,
    /// The first compiler errors of whichever step failed (`E0412 src/generated/models/x.rs:3: cannot find
    /// type ...`).
    pub first_errors: Vec<String>,
    /// One per example; `None` when the crate or its examples test did not build.
    pub examples: Option<Vec<ExampleResult>>,
    pub wall: Duration,
}

/// Builds the crate in `crate_dir` with `RUSTFLAGS=-D warnings` into `target_dir`, then runs its examples test.
/// `lockfile` (the workspace's) is copied in first, so the dependencies are the versions the SDK is tested with
/// and are compiled once for every crate that shares `target_dir`.
pub fn build_crate(crate_dir: &Path, target_dir: &Path, lockfile: &Path) -> Result<BuildRun> {
    let start = Instant::now();
    std::fs::copy(lockfile, crate_dir.join("Cargo.lock"))
        .with_context(|| format!("copying Cargo.lock into {}", crate_dir.display()))?;
    let build = cargo(crate_dir, target_dir, &["build"])?;
    if !build.status.success() {
        return Ok(BuildRun {
            built: false,
            first_errors: first_errors(&build),
            examples: None,
            wall: start.elapsed(),
        });
    }
    let test = cargo(
        crate_dir,
        target_dir,
        &["test", "--test", "examples", "--", "--nocapture"],
    )?;
    let stdout = String::from_utf8_lossy(&test.stdout);
    let examples = parse_example_lines(&stdout);
    // A test that did not compile prints no `EXAMPLE` line; one that ran prints one per example (none for a
    // spec without examples) and passes.
    let ran = test.status.success() || !examples.is_empty();
    Ok(BuildRun {
        built: true,
        first_errors: if ran { Vec::new() } else { first_errors(&test) },
        examples: ran.then_some(examples),
        wall: start.elapsed(),
    })
}

fn cargo(crate_dir: &Path, target_dir: &Path, args: &[&str]) -> Result<Output> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let (command, rest) = args.split_at(1);
    Command::new(&cargo)
        .args(command)
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--message-format=json")
        .args(rest)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        // These would override RUSTFLAGS or the target directory, or hand the build a jobserver of ours.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .output()
        .with_context(|| {
            format!(
                "running `{cargo} {}` in {}",
                args.join(" "),
                crate_dir.display()
            )
        })
}

/// The first compiler errors in cargo's JSON messages, or cargo's own first error when the compiler said nothing
/// (a manifest or resolution failure).
fn first_errors(output: &Output) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors: Vec<String> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-message")
        .filter_map(|message| compiler_error(&message["message"]))
        .take(ERRORS_KEPT)
        .collect();
    if errors.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        errors.extend(
            stderr
                .lines()
                .find(|line| line.starts_with("error"))
                .map(str::to_string),
        );
    }
    errors
}

/// `E0412 src/x.rs:3: cannot find type `Foo` in this scope` for an error; `None` for warnings, notes and the
/// "aborting due to" summary.
fn compiler_error(message: &Value) -> Option<String> {
    if message["level"] != "error" {
        return None;
    }
    let text = message["message"].as_str()?;
    if text.starts_with("aborting due to") {
        return None;
    }
    let code = message["code"]["code"].as_str().unwrap_or("error");
    let span = message["spans"]
        .as_array()
        .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
    Some(match span {
        Some(span) => format!(
            "{code} {}:{}: {text}",
            span["file_name"].as_str().unwrap_or("?"),
            span["line_start"]
        ),
        None => format!("{code}: {text}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compiler_errors_keep_code_place_and_message() {
        let error = json!({
            "level": "error",
            "message": "cannot find type `Foo` in this scope",
            "code": {"code": "E0412"},
            "spans": [{"is_primary": false, "file_name": "src/a.rs", "line_start": 1},
                      {"is_primary": true, "file_name": "src/generated/models/x.rs", "line_start": 3}]
        });
        assert_eq!(
            compiler_error(&error).as_deref(),
            Some("E0412 src/generated/models/x.rs:3: cannot find type `Foo` in this scope")
        );
        let summary =
            json!({"level": "error", "message": "aborting due to 2 previous errors", "spans": []});
        assert_eq!(compiler_error(&summary), None);
        let warning = json!({"level": "warning", "message": "unused", "spans": []});
        assert_eq!(compiler_error(&warning), None);
    }
}
