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
        "/assets-list.yaml",
        "        - name: x-api-key",
        "        - name: owner\n          in: query\n          description: Filter by owner.\n          required: false\n          schema:\n            type: string\n        - name: x-api-key",
    );
    let differences = differences_after(&specs, &config);
    let [
        Difference::Stale {
            path: listing,
            diff: listing_diff,
        },
        Difference::Stale { path, diff },
    ] = differences.as_slice()
    else {
        panic!(
            "expected the resource file and the API listing, got:\n{}",
            render(&differences)
        );
    };
    assert_eq!((listing.as_str(), path.as_str()), ("API.txt", "assets.rs"));
    assert!(
        listing_diff.contains("+fn twelvelabs::assets::AssetsListRequest::owner(owner: String)"),
        "{listing_diff}"
    );
    assert!(
        // The setter: `owner(impl Into<String>)`, written by the runtime's `setters!` from this entry.
        diff.contains("+    owner (owner) into [String];"),
        "{diff}"
    );
    assert!(
        diff.contains("+        request.query(\"owner\", &self.owner);"),
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
    let [
        Difference::Stale { path: listing, .. },
        Difference::Stale { path, diff },
    ] = differences.as_slice()
    else {
        panic!(
            "expected the model file and the API listing, got:\n{}",
            render(&differences)
        );
    };
    assert_eq!(listing, "API.txt");
    assert_eq!(path, "models/entity_collection.rs");
    assert!(diff.contains("+    pub owner: Option<String>,"), "{diff}");
}

#[test]
fn the_golden_check_fails_when_a_spec_changes_without_regenerating() {
    let (mut specs, config) = workspace_specs();
    replace_in(
        &mut specs,
        "/assets-retrieve.yaml",
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
        .retain(|w| !w.operation.starts_with("indexes.indexed_assets."));
    let differences = differences_after(&specs, &config);
    assert!(
        differences.contains(&Difference::Orphan {
            path: "indexes/indexed_assets.rs".into()
        }),
        "{}",
        render(&differences)
    );
    // The parent resource keeps its other operations.
    assert!(
        !differences.contains(&Difference::Orphan {
            path: "indexes.rs".into()
        }),
        "{}",
        render(&differences)
    );
}

/// The API listing of generated files.
fn listing(files: &[codegen::GeneratedFile]) -> String {
    files
        .iter()
        .find(|f| f.path == codegen::API_LISTING)
        .expect("API.txt is generated")
        .contents
        .clone()
}

#[test]
fn the_api_change_report_names_and_classifies_each_change() {
    let (mut specs, config) = workspace_specs();
    let before = listing(
        &generate(&specs, &config, &Settings::new("cargo xtask codegen"))
            .expect("generates")
            .files,
    );
    // A field removed (from every file that defines `AssetDetail`)...
    let field = "        filename:\n          type: string\n          description: The name of the file used to create the asset.\n";
    let mut touched = 0;
    for spec in specs
        .iter_mut()
        .filter(|s| s.text.contains("    AssetDetail:\n"))
    {
        let at = spec.text.find("    AssetDetail:\n").unwrap();
        let (head, tail) = spec.text.split_at(at);
        spec.text = format!("{head}{}", tail.replacen(field, "", 1));
        touched += 1;
    }
    assert!(touched > 0);
    // ...an optional query parameter added...
    replace_in(
        &mut specs,
        "/assets-list.yaml",
        "        - name: x-api-key",
        "        - name: owner\n          in: query\n          required: false\n          schema:\n            type: string\n        - name: x-api-key",
    );
    // ...and an enum value added (to every file that defines `AssetStatus`).
    for spec in specs
        .iter_mut()
        .filter(|s| s.text.contains("    AssetStatus:\n"))
    {
        spec.text = spec.text.replacen(
            "    AssetStatus:\n      type: string\n      enum:\n",
            "    AssetStatus:\n      type: string\n      enum:\n        - value: archived\n",
            1,
        );
    }
    let after = listing(
        &generate(&specs, &config, &Settings::new("cargo xtask codegen"))
            .expect("generates")
            .files,
    );
    let changes = codegen::surface::changes(&before, &after);
    let summary: Vec<(bool, &str)> = changes
        .iter()
        .map(|c| (c.breaking, c.item.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (true, "field twelvelabs::models::AssetDetail::filename"),
            (false, "fn twelvelabs::assets::AssetsListRequest::owner"),
            (false, "variant twelvelabs::models::AssetStatus::Archived"),
        ]
    );
    let report = codegen::surface::report(&changes);
    assert!(
        report.starts_with("Public API changes: 1 breaking, 2 additive"),
        "{report}"
    );
    assert!(
        report.contains(
            "[breaking] removed: field twelvelabs::models::AssetDetail::filename: Option<String>"
        ),
        "{report}"
    );
}
