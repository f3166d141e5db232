//! `cargo xtask bench-build`: what generated code costs the people who compile it.
//!
//! - **Generated crates** of synthetic APIs (`codegen::synthetic`: 10, 100 and 1,000 operations): lines of
//!   code, and the time and peak memory of compiling the crate itself (its dependencies are built first and
//!   not counted), with every resource (`full`, the default) and with one resource's feature only.
//! - **The SDK**: a minimal program that makes one call with `twelvelabs`, built from cold (empty target
//!   directory): wall time and crates compiled.
//!
//! With `--baseline REV`, the same is measured for the generator and SDK of that commit, in the same run, and
//! each figure is also given as a ratio to it: the machine is shared and noisy, so only ratios measured side by
//! side mean much. Builds are dev builds without incremental compilation, one at a time. Peak memory is the
//! largest resident set of any process of the build (rustc, for the crate itself), read with GNU `time`;
//! without it memory is not reported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use codegen::synthetic::Synthetic;

/// Arguments of `cargo xtask bench-build`.
struct Args {
    sizes: Vec<(&'static str, Synthetic)>,
    baseline: Option<String>,
    crates: bool,
    sdk: bool,
}

fn parse(args: &[String]) -> Result<Args> {
    let mut parsed = Args {
        sizes: vec![
            ("small", Synthetic::SMALL),
            ("100", Synthetic::MEDIUM),
            ("1000", Synthetic::LARGE),
        ],
        baseline: None,
        crates: true,
        sdk: true,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--baseline" => {
                parsed.baseline = Some(rest.next().context("--baseline needs a REV")?.clone())
            }
            "--sizes" => {
                let list = rest.next().context("--sizes needs a list")?;
                parsed.sizes = list
                    .split(',')
                    .map(|size| match size {
                        "small" => Ok(("small", Synthetic::SMALL)),
                        "100" => Ok(("100", Synthetic::MEDIUM)),
                        "1000" => Ok(("1000", Synthetic::LARGE)),
                        other => bail!("unknown size `{other}`: small, 100 or 1000"),
                    })
                    .collect::<Result<_>>()?;
            }
            "--crates-only" => parsed.sdk = false,
            "--sdk-only" => parsed.crates = false,
            other => bail!("unexpected argument `{other}`"),
        }
    }
    Ok(parsed)
}

/// One generator and SDK to measure: this checkout's, or a baseline commit's.
struct Variant {
    label: String,
    /// Workspace root of the source.
    root: PathBuf,
    /// The `xtask` binary that generates crates.
    xtask: PathBuf,
    /// Where the generated crates' builds go (one per variant: their dependencies' features differ).
    target: PathBuf,
}

/// What one build measured.
#[derive(Clone, Copy)]
struct Build {
    seconds: f64,
    peak_mb: Option<f64>,
    crates: usize,
}

pub fn run(args: &[String]) -> Result<()> {
    let args = parse(args)?;
    let root = super::workspace_root();
    let work = root.join("target/bench-build");
    std::fs::create_dir_all(&work)?;
    let current = Variant {
        label: "this checkout".to_string(),
        root: root.clone(),
        xtask: std::env::current_exe().context("the xtask binary")?,
        target: work.join("target-current"),
    };
    let mut variants = vec![current];
    if let Some(rev) = &args.baseline {
        variants.insert(0, baseline(&root, &work, rev)?);
    }
    let time_available = Command::new("/usr/bin/time")
        .args(["-f", "%M", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !time_available {
        eprintln!("note: no GNU time at /usr/bin/time: peak memory is not measured");
    }
    let mut report = String::from("# cargo xtask bench-build\n\n");
    if args.crates {
        report.push_str(&crates(&args, &variants, &work, time_available)?);
    }
    if args.sdk {
        report.push_str(&sdk(&variants, &work, time_available)?);
    }
    std::fs::write(work.join("results.md"), &report)?;
    println!("\n{report}");
    println!("(also in {})", work.join("results.md").display());
    Ok(())
}

/// The source of `rev` extracted under `work`, and its xtask built.
fn baseline(root: &Path, work: &Path, rev: &str) -> Result<Variant> {
    let source = work.join("baseline-src");
    if source.exists() {
        std::fs::remove_dir_all(&source)?;
    }
    std::fs::create_dir_all(&source)?;
    let archive = Command::new("git")
        .args(["archive", "--format=tar", rev])
        .current_dir(root)
        .output()
        .context("git archive")?;
    if !archive.status.success() {
        bail!(
            "git archive {rev}: {}",
            String::from_utf8_lossy(&archive.stderr)
        );
    }
    let tar = work.join("baseline.tar");
    std::fs::write(&tar, &archive.stdout)?;
    run_ok(
        Command::new("tar")
            .arg("-xf")
            .arg(&tar)
            .arg("-C")
            .arg(&source),
    )?;
    let target = work.join("baseline-xtask-target");
    eprintln!("building the xtask of {rev}");
    run_ok(
        cargo()
            .args(["build", "--quiet", "-p", "xtask", "--manifest-path"])
            .arg(source.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target),
    )?;
    Ok(Variant {
        label: format!("baseline ({rev})"),
        root: source,
        xtask: target.join("debug/xtask"),
        target: work.join("target-baseline"),
    })
}

fn crates(args: &Args, variants: &[Variant], work: &Path, time: bool) -> Result<String> {
    let mut table = String::from(
        "## Generated crates (the crate itself; dependencies built first)\n\n| API | generator | lines (generated / all) | features | build (s) | peak memory (MB) | vs baseline |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let specs = work.join("specs");
    std::fs::create_dir_all(&specs)?;
    // Every feature set below asks the same of the dependencies, so one build of a small crate per variant
    // builds them all: the measured builds then compile the crate alone.
    let warmup = specs.join("warmup.yaml");
    std::fs::write(&warmup, Synthetic::SMALL.spec())?;
    for (index, variant) in variants.iter().enumerate() {
        eprintln!("building the dependencies for {}", variant.label);
        let dir = work.join(format!("crates/warmup-{index}"));
        generate(variant, &warmup, &dir, "warmup")?;
        build(&dir, &variant.target, &[], false, time)?;
    }
    for (name, api) in &args.sizes {
        let spec = specs.join(format!("synthetic-{name}.yaml"));
        std::fs::write(&spec, api.spec())?;
        let mut baseline_full: Option<Build> = None;
        for (index, variant) in variants.iter().enumerate() {
            let dir = work.join(format!("crates/{name}-{index}"));
            eprintln!("{name}: generating with {}", variant.label);
            generate(variant, &spec, &dir, name)?;
            let generated_lines = count_lines(&dir.join("src/generated"))?;
            let all_lines = count_lines(&dir.join("src"))?;
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
            let one = first_resource_feature(&manifest);
            let mut sets = vec![("full (default)".to_string(), Vec::new())];
            if let Some(feature) = &one {
                sets.push((
                    format!("`{feature}` only"),
                    vec![
                        "--no-default-features".to_string(),
                        "--features".to_string(),
                        format!("rustls,{feature}"),
                    ],
                ));
            }
            for (label, flags) in sets {
                eprintln!("{name}: measuring {} with {label}", variant.label);
                let measured = build(&dir, &variant.target, &flags, true, time)?;
                let full = flags.is_empty();
                if full && index == 0 && variants.len() > 1 {
                    baseline_full = Some(measured);
                }
                let ratio = match (baseline_full, variants.len() > 1 && index > 0) {
                    (Some(base), true) => format!(
                        "{:.2}× time{}",
                        measured.seconds / base.seconds,
                        match (measured.peak_mb, base.peak_mb) {
                            (Some(m), Some(b)) => format!(", {:.2}× memory", m / b),
                            _ => String::new(),
                        }
                    ),
                    _ => String::new(),
                };
                let _ = writeln!(
                    table,
                    "| {} operations | {} | {generated_lines} / {all_lines} | {label} | {:.1} | {} | {ratio} |",
                    api.operations(),
                    variant.label,
                    measured.seconds,
                    measured
                        .peak_mb
                        .map_or("n/a".to_string(), |m| format!("{m:.0}")),
                );
            }
        }
    }
    table.push('\n');
    Ok(table)
}

/// A crate generated by `variant`'s generator from `spec` into `dir` (emptied first), with the variant's
/// `Cargo.lock` so both build the same dependency versions.
fn generate(variant: &Variant, spec: &Path, dir: &Path, name: &str) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    run_ok(
        Command::new(&variant.xtask)
            .arg("generate")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(dir)
            .args(["--crate-name", &format!("synthetic-{name}")]),
    )?;
    std::fs::copy(variant.root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(())
}

/// The first resource feature a generated manifest defines (from its `full = [...]`), if it has features.
fn first_resource_feature(manifest: &str) -> Option<String> {
    let line = manifest.lines().find(|l| l.starts_with("full = ["))?;
    let first = line.split('"').nth(1)?;
    Some(first.to_string())
}

/// Builds the crate in `dir`; when `measure`, first marks its root file changed so that only it compiles.
fn build(dir: &Path, target: &Path, flags: &[String], measure: bool, time: bool) -> Result<Build> {
    if measure {
        let lib = dir.join("src/lib.rs");
        let text = std::fs::read(&lib)?;
        std::fs::write(&lib, text)?;
    }
    let mut command = timed(time);
    command
        .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["build", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(flags)
        .env("CARGO_TARGET_DIR", target);
    run_build(&mut command, time)
}

/// A minimal program that calls the SDK once, built from cold for each variant.
fn sdk(variants: &[Variant], work: &Path, time: bool) -> Result<String> {
    let mut table = String::from(
        "## A minimal program using the SDK, built from cold\n\n| SDK | crates compiled | build (s) | peak memory (MB) | vs baseline |\n| --- | --- | --- | --- | --- |\n",
    );
    let mut base: Option<Build> = None;
    for (index, variant) in variants.iter().enumerate() {
        let dir = work.join(format!("minimal-{index}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"minimal\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\ntwelvelabs = {{ path = \"{}\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
                variant.root.join("sdk").display()
            ),
        )?;
        std::fs::write(dir.join("src/main.rs"), MINIMAL_PROGRAM)?;
        std::fs::copy(variant.root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        let target = dir.join("target");
        eprintln!(
            "sdk: building a minimal program with {} from cold",
            variant.label
        );
        let mut command = timed(time);
        command
            .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
            .args(["build", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target);
        let measured = run_build(&mut command, time)?;
        let ratio = match base {
            Some(b) => format!(
                "{:.2}× time, {:.2}× crates",
                measured.seconds / b.seconds,
                measured.crates as f64 / b.crates as f64
            ),
            None => String::new(),
        };
        if index == 0 && variants.len() > 1 {
            base = Some(measured);
        }
        let _ = writeln!(
            table,
            "| {} | {} | {:.1} | {} | {ratio} |",
            variant.label,
            measured.crates,
            measured.seconds,
            measured
                .peak_mb
                .map_or("n/a".to_string(), |m| format!("{m:.0}")),
        );
    }
    table.push('\n');
    Ok(table)
}

/// One call, as a user's first program makes it.
const MINIMAL_PROGRAM: &str = r#"#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), twelvelabs::Error> {
    let key = std::env::var("TWELVELABS_API_KEY").unwrap_or_default();
    let client = twelvelabs::Client::new(key)?;
    let collection = client.entity_collections().retrieve("my-collection").await?;
    println!("{collection:?}");
    Ok(())
}
"#;

/// `/usr/bin/time -f "%e %M"` when available (the program follows as its first argument), else the program.
fn timed(time: bool) -> Command {
    let mut command = Command::new(if time { "/usr/bin/time" } else { "env" });
    if time {
        command.args(["-f", "BENCH-TIME %e %M"]);
    }
    command
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("RUSTFLAGS");
    command
}

/// Runs a build; its wall time, peak memory (from GNU time's line) and the crates cargo compiled.
fn run_build(command: &mut Command, time: bool) -> Result<Build> {
    let started = Instant::now();
    let output = command.output().context("running cargo")?;
    let elapsed = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("the build failed:\n{stderr}");
    }
    let crates = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    let peak_mb = time
        .then(|| {
            stderr
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("BENCH-TIME "))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map(|kb| kb / 1024.0)
        })
        .flatten();
    Ok(Build {
        seconds: elapsed,
        peak_mb,
        crates,
    })
}

/// Lines of the `.rs` files under `dir`.
fn count_lines(dir: &Path) -> Result<usize> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            total += count_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok(total)
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command.env_remove("CARGO_MAKEFLAGS");
    command
}

fn run_ok(command: &mut Command) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}
