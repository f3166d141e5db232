//! Standalone crates (`cargo xtask generate`) from the fixture specs, which together use every construct the
//! generator supports, from two real-world specs, and from the project's own specs: each must build on its own
//! with warnings denied, and the tricky ones pass wire tests of their own (`tests/fixtures/wire/`).
//!
//! The crates are written under `target/generated-crates/` and built with one shared target directory there, so
//! their dependencies are compiled once.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::output::{read_specs_dir, write_crate};
use codegen::{Config, Settings, SpecInput};

struct Fixture {
    crate_name: &'static str,
    /// Spec files or directories, relative to the workspace root.
    specs: &'static [&'static str],
    /// Wire tests to run in the crate, relative to `tests/fixtures/wire/`.
    wire: Option<&'static str>,
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        crate_name: "shapes",
        specs: &["tests/fixtures/specs/shapes.openapi-3.1.yaml"],
        wire: Some("shapes.rs"),
    },
    Fixture {
        crate_name: "forms-and-refs",
        specs: &["tests/fixtures/specs/forms-and-refs.openapi-3.0.yaml"],
        wire: Some("forms_and_refs.rs"),
    },
    Fixture {
        crate_name: "cursed-names",
        specs: &["tests/fixtures/specs/cursed-names.openapi-3.0.json"],
        wire: Some("cursed_names.rs"),
    },
    Fixture {
        crate_name: "readme-api",
        specs: &["tests/fixtures/real-world/readme-api-v2.openapi-3.1.yaml"],
        wire: None,
    },
    Fixture {
        crate_name: "uspto",
        specs: &["tests/fixtures/real-world/uspto-dsapi.openapi-3.0.yaml"],
        wire: None,
    },
    Fixture {
        crate_name: "twelvelabs-standalone",
        specs: &["specs"],
        wire: None,
    },
];

/// Dev-dependencies the wire tests use, added to a generated crate's manifest by this harness only.
const WIRE_DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
wiremock = "0.6"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
serde_json = "1"
futures = "0.3"
"#;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Generates the fixture's crate into `dir` (as `cargo xtask generate` does) and returns the warnings.
fn generate(fixture: &Fixture, root: &Path, dir: &Path) -> Vec<String> {
    let mut specs: Vec<SpecInput> = Vec::new();
    let mut config = None;
    for spec in fixture.specs {
        let path = root.join(spec);
        if path.is_dir() {
            let (found, found_config) = read_specs_dir(&path, root).expect("read specs");
            specs.extend(found);
            config = config.or(found_config);
        } else {
            specs.push(SpecInput::new(
                *spec,
                std::fs::read_to_string(&path).expect("read spec"),
            ));
        }
    }
    let mut config = config.unwrap_or_else(|| Config::new(fixture.crate_name));
    config.crate_name = fixture.crate_name.to_string();
    let command = "cargo xtask generate";
    let generated = codegen::generate(&specs, &config, &Settings::new(command))
        .unwrap_or_else(|e| panic!("{}: {e}", fixture.crate_name));
    let sources: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let files = codegen::standalone::crate_files(
        &generated.ir,
        &generated.files,
        fixture.crate_name,
        command,
        &sources,
    )
    .expect("crate files");
    write_crate(dir, &files).expect("write crate");
    // Pin dependency versions to the workspace's, so the build does not depend on what crates.io has today.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    generated.warnings.iter().map(ToString::to_string).collect()
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "`cargo {}` failed for {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_crates_build_on_their_own_and_pass_their_wire_tests() {
    let root = workspace_root();
    let base = target_dir(&root).join("generated-crates");
    let shared_target = base.join("target");
    for fixture in FIXTURES {
        let dir = base.join(fixture.crate_name);
        let warnings = generate(fixture, &root, &dir);
        assert!(warnings.is_empty(), "{}: {warnings:#?}", fixture.crate_name);
        match fixture.wire {
            Some(wire) => {
                let manifest = dir.join("Cargo.toml");
                let mut text = std::fs::read_to_string(&manifest).unwrap();
                text.push_str(WIRE_DEV_DEPENDENCIES);
                std::fs::write(&manifest, text).unwrap();
                std::fs::create_dir_all(dir.join("tests")).unwrap();
                std::fs::copy(
                    root.join("tests/fixtures/wire").join(wire),
                    dir.join("tests/wire.rs"),
                )
                .unwrap();
                cargo(&dir, &shared_target, &["test", "--quiet"]);
            }
            None => cargo(&dir, &shared_target, &["build", "--quiet"]),
        }
    }
}

/// `cargo metadata` of the package named `package` in the workspace of `manifest`.
fn package_metadata(manifest: &Path, package: &str) -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("metadata");
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == package)
        .cloned()
        .unwrap_or_else(|| panic!("no package {package}"))
}

/// Name, version requirement, default features, features and optionality of each normal dependency, sorted.
fn runtime_dependencies(package: &serde_json::Value) -> Vec<String> {
    let mut deps: Vec<String> = package["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .filter(|d| d["kind"].is_null())
        .map(|d| {
            let mut features: Vec<&str> = d["features"]
                .as_array()
                .expect("features")
                .iter()
                .filter_map(|f| f.as_str())
                .collect();
            features.sort_unstable();
            format!(
                "{} {} default-features={} optional={} {features:?}",
                d["name"], d["req"], d["uses_default_features"], d["optional"]
            )
        })
        .collect();
    deps.sort();
    deps
}

#[test]
fn generated_crates_have_the_sdks_dependencies_and_runtime_features() {
    let root = workspace_root();
    let dir = target_dir(&root).join("generated-crates/manifest-check");
    generate(&FIXTURES[0], &root, &dir);
    let sdk = package_metadata(&root.join("sdk/Cargo.toml"), "twelvelabs");
    let generated = package_metadata(&dir.join("Cargo.toml"), FIXTURES[0].crate_name);
    // The `testing` feature's dependencies (the fake server) are the SDK's own: generated crates copy the runtime,
    // not `twelvelabs::testing`.
    let testing_only: Vec<&str> = sdk["features"]["testing"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str()?.strip_prefix("dep:"))
                .collect()
        })
        .unwrap_or_default();
    let sdk_runtime: Vec<String> = runtime_dependencies(&sdk)
        .into_iter()
        .filter(|dep| {
            !testing_only
                .iter()
                .any(|name| dep.starts_with(&format!("\"{name}\" ")))
        })
        .collect();
    assert_eq!(runtime_dependencies(&generated), sdk_runtime);
    assert!(generated["features"].get("testing").is_none());
    for feature in [
        "default",
        "rustls",
        "rustls-aws-lc-rs",
        "native-tls",
        "http2",
    ] {
        assert_eq!(
            generated["features"][feature], sdk["features"][feature],
            "feature `{feature}`"
        );
    }
}
