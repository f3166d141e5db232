//! The golden test: the generated code checked in under `sdk/src/generated` is exactly what the generator makes
//! from `specs/` today. Also proves the check bites, and that a one-field spec change is a one-file diff.

use std::path::PathBuf;

use codegen::output::{Difference, Project, compare, read_specs_dir};
use codegen::{Config, Settings, SpecInput, generate};

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

fn render(differences: &[Difference]) -> String {
    differences
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn checked_in_sdk_is_what_the_generator_makes() {
    let project = Project::sdk(workspace_root());
    let generated = project.generate().unwrap_or_else(|e| panic!("{e}"));
    let differences = compare(&project.out_dir, &generated.files).expect("read sdk/src/generated");
    assert!(
        differences.is_empty(),
        "{}\n\nsdk/src/generated is stale: run `cargo xtask codegen` and commit the result",
        render(&differences)
    );
}

/// The specs and settings of the workspace, for tests that change them in memory.
fn workspace_specs() -> (Vec<SpecInput>, Config) {
    let root = workspace_root();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("read specs");
    (specs, config.expect("specs/codegen.yaml"))
}

/// Generates from (possibly changed) specs and compares with what is checked in.
fn differences_after(specs: &[SpecInput], config: &Config) -> Vec<Difference> {
    let generated = generate(specs, config, &Settings::new("cargo xtask codegen"))
        .unwrap_or_else(|e| panic!("{e}"));
    compare(&Project::sdk(workspace_root()).out_dir, &generated.files)
        .expect("read sdk/src/generated")
}

fn replace_in(specs: &mut [SpecInput], file_suffix: &str, from: &str, to: &str) {
    let spec = specs
        .iter_mut()
        .find(|s| s.name.ends_with(file_suffix))
        .unwrap_or_else(|| panic!("no spec {file_suffix}"));
    assert!(spec.text.contains(from), "{file_suffix} has no `{from}`");
    spec.text = spec.text.replacen(from, to, 1);
}

#[test]
fn a_new_query_parameter_is_a_small_diff_in_one_resource_file() {
    let (mut specs, config) = workspace_specs();
    replace_in(
        &mut specs,
        "15-assets-list.yaml",
        "        - name: x-api-key",
        "        - name: filename\n          in: query\n          description: Filter by file name.\n          required: false\n          schema:\n            type: string\n        - name: x-api-key",
    );
    let differences = differences_after(&specs, &config);
    let [Difference::Stale { path, diff }] = differences.as_slice() else {
        panic!(
            "expected exactly one stale file, got:\n{}",
            render(&differences)
        );
    };
    assert_eq!(path, "assets.rs");
    assert!(
        diff.contains("+    pub fn filename(mut self, filename: impl Into<String>) -> Self {"),
        "{diff}"
    );
    assert!(
        diff.contains("+        request.query(\"filename\", &self.filename);"),
        "{diff}"
    );
    let changed = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .count();
    assert!(
        changed < 40,
        "a one-parameter change touched {changed} lines:\n{diff}"
    );
}

#[test]
fn a_new_model_field_is_a_diff_in_that_model_file_only() {
    let (mut specs, config) = workspace_specs();
    // `EntityCollection` is defined identically in four files; a field added to all of them is one change.
    let field = "        description:\n          type: string\n          description: The description of the entity collection.\n";
    let added = format!(
        "{field}        owner:\n          type: string\n          description: Who owns the collection.\n"
    );
    let mut touched = 0;
    for spec in specs
        .iter_mut()
        .filter(|s| s.text.contains("    EntityCollection:\n"))
    {
        spec.text = spec.text.replacen(field, &added, 1);
        touched += 1;
    }
    assert_eq!(touched, 4);
    let differences = differences_after(&specs, &config);
    let [Difference::Stale { path, diff }] = differences.as_slice() else {
        panic!(
            "expected exactly one stale file, got:\n{}",
            render(&differences)
        );
    };
    assert_eq!(path, "models/entity_collection.rs");
    assert!(diff.contains("+    pub owner: Option<String>,"), "{diff}");
}

#[test]
fn the_golden_check_fails_when_a_spec_changes_without_regenerating() {
    let (mut specs, config) = workspace_specs();
    replace_in(
        &mut specs,
        "16-assets-retrieve.yaml",
        "summary: Retrieve an asset",
        "summary: Fetch an asset",
    );
    let differences = differences_after(&specs, &config);
    assert!(
        differences.iter().any(|d| matches!(d, Difference::Stale { path, diff } if path == "assets.rs" && diff.contains("+    /// Fetch an asset."))),
        "{}",
        render(&differences)
    );
}

#[test]
fn a_removed_operation_leaves_no_orphan_behind() {
    let (mut specs, mut config) = workspace_specs();
    specs.retain(|s| !s.name.contains("indexes-indexed-assets"));
    config
        .waiters
        .retain(|w| !w.operation.starts_with("indexes."));
    let differences = differences_after(&specs, &config);
    assert!(
        differences.contains(&Difference::Orphan {
            path: "indexes/indexed_assets.rs".into()
        }),
        "{}",
        render(&differences)
    );
    assert!(
        differences.contains(&Difference::Orphan {
            path: "indexes.rs".into()
        }),
        "{}",
        render(&differences)
    );
}
