//! The generator on the project's specs: determinism, typing decisions, and located errors for bad specs.

use std::path::PathBuf;

use codegen::ir::{Gate, ModelKind, TypeRef};
use codegen::output::read_specs_dir;
use codegen::{Config, Diagnostic, GenerateError, Settings, SpecInput, generate};

fn workspace_specs() -> (Vec<SpecInput>, Config) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("read specs");
    (specs, config.expect("specs/codegen.yaml"))
}

fn settings() -> Settings {
    Settings::new("cargo xtask codegen")
}

#[test]
fn output_is_identical_across_runs_and_input_orders() {
    let (specs, config) = workspace_specs();
    let first = generate(&specs, &config, &settings()).expect("generates");
    let again = generate(&specs, &config, &settings()).expect("generates");
    let mut reversed = specs.clone();
    reversed.reverse();
    let mut rotated = specs.clone();
    rotated.rotate_left(7);
    assert_eq!(first.files, again.files);
    assert_eq!(
        first.files,
        generate(&reversed, &config, &settings())
            .expect("generates")
            .files
    );
    assert_eq!(
        first.files,
        generate(&rotated, &config, &settings())
            .expect("generates")
            .files
    );
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
}

#[test]
fn every_documented_operation_is_generated() {
    let (specs, config) = workspace_specs();
    let ir = generate(&specs, &config, &settings())
        .expect("generates")
        .ir;
    let mut operations = Vec::new();
    let mut stack = vec![&ir.root];
    while let Some(resource) = stack.pop() {
        operations.extend(resource.operations.iter().map(|o| o.id.clone()));
        stack.extend(&resource.children);
    }
    operations.sort();
    // Every method of the official Python SDK 1.3.6 that calls one endpoint (`embed.v_2` is `embed.v2` here;
    // `indexes.videos.list` is hand-written over a generated one there).
    let python = [
        "indexes.videos.list",
        "analyze",
        "analyze_async.batches.cancel",
        "analyze_async.batches.create",
        "analyze_async.batches.delete",
        "analyze_async.batches.list",
        "analyze_async.batches.results",
        "analyze_async.batches.retrieve",
        "analyze_async.tasks.cancel",
        "analyze_async.tasks.create",
        "analyze_async.tasks.delete",
        "analyze_async.tasks.list",
        "analyze_async.tasks.retrieve",
        "analyze_stream",
        "assets.create",
        "assets.delete",
        "assets.delete_user_metadata",
        "assets.list",
        "assets.replace_user_metadata",
        "assets.retrieve",
        "assets.retrieve_transcription",
        "assets.update_user_metadata",
        "data_connectors.authorize_connection",
        "data_connectors.create_connection_picker_token",
        "data_connectors.create_redirect_uri",
        "data_connectors.delete_connection",
        "data_connectors.delete_redirect_uri",
        "data_connectors.list_connections",
        "data_connectors.list_redirect_uris",
        "data_connectors.retrieve_connection",
        "embed.create",
        "embed.tasks.create",
        "embed.tasks.list",
        "embed.tasks.retrieve",
        "embed.tasks.status",
        "embed.v2.create",
        "embed.v2.tasks.create",
        "embed.v2.tasks.list",
        "embed.v2.tasks.retrieve",
        "entity_collections.create",
        "entity_collections.delete",
        "entity_collections.entities.create",
        "entity_collections.entities.create_assets",
        "entity_collections.entities.create_bulk",
        "entity_collections.entities.delete",
        "entity_collections.entities.delete_assets",
        "entity_collections.entities.list",
        "entity_collections.entities.list_by_asset",
        "entity_collections.entities.retrieve",
        "entity_collections.entities.update",
        "entity_collections.list",
        "entity_collections.retrieve",
        "entity_collections.update",
        "imports.import_files",
        "imports.list_imports",
        "imports.retrieve_import",
        "indexes.create",
        "indexes.delete",
        "indexes.indexed_assets.create",
        "indexes.indexed_assets.delete",
        "indexes.indexed_assets.list",
        "indexes.indexed_assets.list_by_asset",
        "indexes.indexed_assets.retrieve",
        "indexes.indexed_assets.update",
        "indexes.list",
        "indexes.retrieve",
        "indexes.update",
        "indexes.videos.delete",
        "indexes.videos.retrieve",
        "indexes.videos.update",
        "knowledge_store_item_collections.add_items",
        "knowledge_store_item_collections.create",
        "knowledge_store_item_collections.delete",
        "knowledge_store_item_collections.list",
        "knowledge_store_item_collections.list_items",
        "knowledge_store_item_collections.remove_items",
        "knowledge_store_item_collections.retrieve",
        "knowledge_store_item_collections.update",
        "knowledge_store_items.create",
        "knowledge_store_items.delete",
        "knowledge_store_items.list",
        "knowledge_store_items.retrieve",
        "knowledge_stores.create",
        "knowledge_stores.delete",
        "knowledge_stores.list",
        "knowledge_stores.retrieve",
        "knowledge_stores.search",
        "knowledge_stores.update",
        "multipart_upload.create",
        "multipart_upload.get_additional_presigned_urls",
        "multipart_upload.get_status",
        "multipart_upload.list_incomplete_uploads",
        "multipart_upload.report_chunk_batch",
        "responses.create",
        "responses.create_stream",
        "search.create",
        "search.retrieve",
        "tasks.create",
        "tasks.delete",
        "tasks.list",
        "tasks.retrieve",
    ];
    let missing: Vec<&str> = python
        .iter()
        .copied()
        .filter(|id| !operations.iter().any(|o| o == id))
        .collect();
    assert!(missing.is_empty(), "not generated: {missing:?}");
    let extra: Vec<&String> = operations
        .iter()
        .filter(|o| !python.contains(&o.as_str()))
        .collect();
    assert!(extra.is_empty(), "not in the Python SDK: {extra:?}");
}

#[test]
fn the_exporters_enum_value_objects_become_a_rust_enum() {
    let (specs, config) = workspace_specs();
    let ir = generate(&specs, &config, &settings())
        .expect("generates")
        .ir;
    let status = ir
        .models
        .iter()
        .find(|m| m.name == "EntityStatus")
        .expect("EntityStatus");
    let ModelKind::Enum(e) = &status.kind else {
        panic!("EntityStatus is {:?}", status.kind)
    };
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["processing", "ready"]);
    assert_eq!(e.fallback, "Unknown");
    // And the field that uses it is typed, not untyped JSON.
    let entity = ir
        .models
        .iter()
        .find(|m| m.name == "Entity")
        .expect("Entity");
    let ModelKind::Struct(s) = &entity.kind else {
        panic!()
    };
    let field = s
        .fields
        .iter()
        .find(|f| f.wire_name == "status")
        .expect("status");
    assert_eq!(field.ty, TypeRef::Named("EntityStatus".into()));
    let id = s.fields.iter().find(|f| f.wire_name == "_id").expect("_id");
    assert_eq!(id.name, "id");
}

/// A small valid spec with one schema, for the error tests.
fn spec(name: &str, schemas: &str) -> SpecInput {
    SpecInput::new(
        name,
        format!(
            "openapi: 3.1.1\ninfo:\n  title: t\n  version: '1'\npaths:\n  /things:\n    get:\n      operationId: list\n      tags:\n        - - subpackage_things\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\ncomponents:\n  schemas:\n{schemas}"
        ),
    )
}

fn errors(specs: &[SpecInput]) -> Vec<Diagnostic> {
    let result: Result<_, GenerateError> = generate(specs, &Config::new("x"), &settings());
    let error = result.expect_err("the specs are broken");
    assert!(!error.diagnostics.is_empty());
    error.diagnostics
}

#[test]
fn bad_yaml_names_the_file_and_line() {
    let broken = SpecInput::new(
        "specs/broken.yaml",
        "openapi: 3.1.1\ninfo:\n  title: [unclosed\n  version: '1'\n",
    );
    let diagnostics = errors(&[broken]);
    let location = diagnostics[0].location.as_ref().expect("located");
    assert_eq!(location.file, "specs/broken.yaml");
    assert!(
        location.line.is_some_and(|l| (3..=5).contains(&l)),
        "{}",
        diagnostics[0]
    );
    assert!(
        diagnostics[0]
            .to_string()
            .starts_with("error: specs/broken.yaml:"),
        "{}",
        diagnostics[0]
    );
}

/// Generates, expecting success; returns the warnings.
fn warnings(specs: &[SpecInput]) -> Vec<Diagnostic> {
    generate(specs, &Config::new("x"), &settings())
        .expect("one bad construct degrades its own item, not the whole run")
        .warnings
}

#[test]
fn a_dangling_ref_names_file_line_and_pointer_and_degrades_only_that_field() {
    let thing = "    Thing:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Owner'\n        name: {type: string}\n";
    let specs = [spec("specs/a.yaml", thing)];
    let found = warnings(&specs);
    let d = &found[0];
    let location = d.location.as_ref().expect("located");
    assert_eq!(
        location.pointer,
        "#/components/schemas/Thing/properties/owner/$ref"
    );
    assert_eq!(location.line, Some(24));
    assert_eq!(
        d.to_string(),
        "warning: specs/a.yaml:24:11 (#/components/schemas/Thing/properties/owner/$ref): `$ref: #/components/schemas/Owner` does not resolve: there is no `Owner` in `#/components/schemas` (it defines: Thing); the value is untyped JSON here"
    );
    let ir = generate(&specs, &Config::new("x"), &settings()).unwrap().ir;
    let thing = ir.models.iter().find(|m| m.name == "Thing").unwrap();
    let ModelKind::Struct(s) = &thing.kind else {
        panic!("{thing:?}")
    };
    assert_eq!(s.fields[0].ty, TypeRef::Json);
    assert_eq!(s.fields[1].ty, TypeRef::String);
    // `--strict` refuses it.
    let strict = Settings {
        strict: true,
        ..settings()
    };
    assert!(generate(&specs, &Config::new("x"), &strict).is_err());
}

#[test]
fn conflicting_definitions_name_both_files() {
    let one = "    Thing:\n      type: object\n      properties:\n        name: {type: string}\n";
    let two = "    Thing:\n      type: object\n      properties:\n        name: {type: integer}\n";
    let diagnostics = errors(&[spec("specs/b.yaml", two), spec("specs/a.yaml", one)]);
    let text = diagnostics[0].to_string();
    assert!(
        text.starts_with("error: specs/b.yaml:20:5 (#/components/schemas/Thing): schema `Thing` is defined differently here than in specs/a.yaml"),
        "{text}"
    );
    assert!(
        text.contains("note: other definition: specs/a.yaml:20:5 (#/components/schemas/Thing)"),
        "{text}"
    );
}

#[test]
fn a_typed_schema_with_keywords_that_do_not_fit_keeps_its_type() {
    // An enum item that is an object cannot be a string: the enum is dropped with a warning, and the type stays a
    // string (openapiv3 alone would silently make the whole schema untyped JSON).
    let thing = "    Thing:\n      type: string\n      enum:\n        - label: x\n";
    let specs = [spec("specs/a.yaml", thing)];
    let found = warnings(&specs);
    let text = found[0].to_string();
    assert!(
        text.starts_with(
            "warning: specs/a.yaml:22:7 (#/components/schemas/Thing/enum): `enum` value"
        ),
        "{text}"
    );
    let ir = generate(&specs, &Config::new("x"), &settings()).unwrap().ir;
    let thing = ir.models.iter().find(|m| m.name == "Thing").unwrap();
    assert_eq!(thing.kind, ModelKind::Alias(TypeRef::String));
}

#[test]
fn nothing_panics_on_truncated_specs() {
    // Every prefix of a real spec is either generated or refused with diagnostics.
    let (specs, config) = workspace_specs();
    let text = &specs
        .iter()
        .find(|s| s.name.ends_with("/assets-create.yaml"))
        .expect("spec")
        .text;
    for end in (0..text.len()).step_by(37) {
        if !text.is_char_boundary(end) {
            continue;
        }
        let input = SpecInput::new("specs/cut.yaml", &text[..end]);
        if let Err(error) = generate(&[input], &config, &settings()) {
            assert!(!error.diagnostics.is_empty());
        }
    }
}

#[test]
fn an_unsupported_construct_is_a_located_warning_and_strict_makes_it_an_error() {
    let thing = "    Thing:\n      type: object\n      properties:\n        pair:\n          type: array\n          prefixItems:\n            - type: string\n            - type: integer\n";
    let specs = [spec("specs/a.yaml", thing)];
    let generated =
        generate(&specs, &Config::new("x"), &settings()).expect("warnings do not stop generation");
    let [warning] = generated.warnings.as_slice() else {
        panic!("{:?}", generated.warnings)
    };
    assert_eq!(
        warning.to_string(),
        "warning: specs/a.yaml:25:11 (#/components/schemas/Thing/properties/pair/prefixItems): `prefixItems` cannot be expressed in the generated types and is left out"
    );
    let strict = Settings {
        strict: true,
        ..settings()
    };
    let error =
        generate(&specs, &Config::new("x"), &strict).expect_err("--strict refuses warnings");
    assert_eq!(error.diagnostics[0].to_string(), warning.to_string());
}

#[test]
fn two_operations_with_one_method_in_a_resource_are_both_kept_and_named_apart() {
    let text = |path: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n      operationId: list\n      tags: [Things]\n      responses:\n        '204': {{description: ok}}\n"
        )
    };
    let specs = [
        SpecInput::new("specs/one.yaml", text("/things")),
        SpecInput::new("specs/two.yaml", text("/other-things")),
    ];
    let found = warnings(&specs);
    let d = found[0].to_string();
    assert!(
        d.starts_with("warning: specs/one.yaml:5:5 (#/paths/~1things/get): another operation is already the method `list` of resource `things`; this one is `list_2`"),
        "{d}"
    );
    assert!(
        d.contains("note: the other operation: specs/two.yaml:5:5 (#/paths/~1other-things/get)"),
        "{d}"
    );
}

#[test]
fn repeated_operation_ids_in_different_resources_are_namespaced() {
    let text = |path: &str, tag: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    post:\n      operationId: create\n      tags: [{tag}]\n      responses:\n        '204': {{description: ok}}\n"
        )
    };
    let specs = [
        SpecInput::new("specs/a.yaml", text("/apples", "Apples")),
        SpecInput::new("specs/b.yaml", text("/pears", "Pears")),
    ];
    let ir = generate(&specs, &Config::new("x"), &settings())
        .expect("generates")
        .ir;
    let ids: Vec<&str> = ir
        .root
        .children
        .iter()
        .flat_map(|r| r.operations.iter().map(|o| o.id.as_str()))
        .collect();
    assert_eq!(ids, ["apples.create", "pears.create"]);
}

#[test]
fn a_discriminator_mapping_several_values_to_one_schema_selects_it_for_each_value() {
    // `ResponseStreamEvent` maps `response.created`, `response.completed` and `response.failed` to one event
    // type: every value must decode as that variant, not only the first (the others fell to `Unknown`).
    let schemas = "    Thing:\n      oneOf:\n        - $ref: '#/components/schemas/Started'\n        - $ref: '#/components/schemas/Ended'\n      discriminator:\n        propertyName: type\n        mapping:\n          started: '#/components/schemas/Started'\n          completed: '#/components/schemas/Ended'\n          failed: '#/components/schemas/Ended'\n    Started:\n      type: object\n      required: [type]\n      properties:\n        type: {type: string, enum: [started]}\n    Ended:\n      type: object\n      required: [type]\n      properties:\n        type: {type: string, enum: [completed, failed]}\n";
    let generated = generate(
        &[spec("specs/a.yaml", schemas)],
        &Config::new("x"),
        &settings(),
    )
    .expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let thing = generated
        .ir
        .models
        .iter()
        .find(|m| m.name == "Thing")
        .unwrap();
    let ModelKind::Union(u) = &thing.kind else {
        panic!("{thing:?}")
    };
    let tags: Vec<(&str, Vec<&str>)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Started", vec!["started"]),
            ("Ended", vec!["completed", "failed"])
        ]
    );
    let file = generated
        .files
        .iter()
        .find(|f| f.path == "models/thing.rs")
        .expect("models/thing.rs");
    assert!(
        file.contents
            .contains(r#"    Ended = "completed" | "failed","#),
        "{}",
        file.contents
    );
}

#[test]
fn reference_cycles_are_warnings_or_boxes_never_a_hang() {
    // Aliases that only refer to each other name no type.
    let aliases = "    Thing:\n      $ref: '#/components/schemas/Other'\n    Other:\n      $ref: '#/components/schemas/Thing'\n";
    let diagnostics = warnings(&[spec("specs/a.yaml", aliases)]);
    assert!(
        diagnostics.iter().any(|d| d.message
            == "`Thing` only refers to itself through `$ref`s, so it names no type; it is untyped JSON"),
        "{diagnostics:?}"
    );
    // An allOf that includes itself cannot be merged.
    let merged = "    Thing:\n      allOf:\n        - $ref: '#/components/schemas/Thing'\n        - type: object\n          properties:\n            a: {type: string}\n";
    let diagnostics = warnings(&[spec("specs/a.yaml", merged)]);
    assert!(
        diagnostics[0].message.contains("refers back to itself"),
        "{diagnostics:?}"
    );
    // A union that holds itself by value is boxed.
    let union = "    Thing:\n      oneOf:\n        - type: string\n        - $ref: '#/components/schemas/Pair'\n    Pair:\n      type: object\n      properties:\n        first: {$ref: '#/components/schemas/Thing'}\n";
    let ir = generate(
        &[spec("specs/a.yaml", union)],
        &Config::new("x"),
        &settings(),
    )
    .expect("generates")
    .ir;
    let thing = ir.models.iter().find(|m| m.name == "Thing").unwrap();
    let ModelKind::Union(u) = &thing.kind else {
        panic!("{thing:?}")
    };
    let pair = ir.models.iter().find(|m| m.name == "Pair").unwrap();
    let ModelKind::Struct(s) = &pair.kind else {
        panic!("{pair:?}")
    };
    // Every reference inside the cycle is boxed (the union's variant and the struct's field).
    assert!(
        u.variants.iter().any(|v| v.name == "Pair" && v.boxed) && s.fields[0].boxed,
        "{u:?} {s:?}"
    );
}

#[test]
fn seed_003_imports_verbatim_and_generates_without_warnings() {
    // The docs site's export of one endpoint, kept byte for byte: the format `cargo xtask specs import` reads.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let page = std::fs::read_to_string(
        root.join("tests/fixtures/docs-exports/003-remove-assets-from-an-entity.md"),
    )
    .expect("seed 003");
    let imported = codegen::import::import_export("003-remove-assets-from-an-entity.md", &page)
        .expect("imports");
    assert_eq!(
        imported.file_name,
        "entity-collections-entities-delete-assets.yaml"
    );
    let yaml_block = page
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the page's YAML block");
    assert!(
        imported.contents.ends_with(&format!("{yaml_block}\n")),
        "the document is kept exactly as exported"
    );
    let specs = [SpecInput::new(
        "specs/entity-collections-entities-delete-assets.yaml",
        imported.contents,
    )];
    let generated = generate(&specs, &Config::new("twelvelabs"), &settings()).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let ids: Vec<&str> = generated.ir.root.children[0].children[0]
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["entity_collections.entities.delete_assets"]);
}

#[test]
fn each_resource_is_a_feature_and_each_model_compiles_with_the_features_that_reach_it() {
    let spec = r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: list
      tags: [Things]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
  /widgets:
    get:
      operationId: list
      tags: [Widgets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
  /ping:
    get:
      operationId: ping
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pong'}}}}
components:
  schemas:
    Thing: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    Widget: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    Owner: {type: object, properties: {address: {$ref: '#/components/schemas/Address'}}}
    Address: {type: object, properties: {city: {type: string}}}
    Pong: {type: object, properties: {at: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##;
    let generated = generate(
        &[SpecInput::new("specs/api.yaml", spec)],
        &Config::new("api"),
        &settings(),
    )
    .expect("generates");
    let ir = &generated.ir;
    let names: Vec<&str> = ir.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["things", "widgets"]);
    let gate = |model: &str| {
        ir.models
            .iter()
            .find(|m| m.name == model)
            .unwrap_or_else(|| panic!("no model {model}"))
            .gate
            .clone()
    };
    let any = |features: &[&str]| Gate::Any(features.iter().map(ToString::to_string).collect());
    assert_eq!(gate("Thing"), any(&["things"]));
    assert_eq!(gate("Widget"), any(&["widgets"]));
    // Shared, directly and through another model.
    assert_eq!(gate("Owner"), any(&["things", "widgets"]));
    assert_eq!(gate("Address"), any(&["things", "widgets"]));
    // The client's own operation: every build.
    assert_eq!(gate("Pong"), Gate::Always);
    // No operation: only `full`.
    assert_eq!(gate("Unused"), any(&[]));
    let models_rs = &generated
        .files
        .iter()
        .find(|f| f.path == "models/mod.rs")
        .expect("models/mod.rs")
        .contents;
    assert!(
        models_rs.contains("    #[cfg(any(feature = \"things\", feature = \"widgets\"))] {\n        address::Address,\n        owner::Owner,\n    }"),
        "{models_rs}"
    );
    assert!(
        models_rs.contains("    #[cfg(feature = \"full\")] {\n        unused::Unused,\n    }"),
        "{models_rs}"
    );
    assert!(
        models_rs.contains("mod pong;\npub use pong::Pong;"),
        "{models_rs}"
    );
    let root = &generated
        .files
        .iter()
        .find(|f| f.path == "mod.rs")
        .expect("mod.rs")
        .contents;
    assert!(
        root.contains("#[cfg(feature = \"things\")]\npub mod things;"),
        "{root}"
    );
    let cargo = codegen::features::cargo_features(ir);
    assert!(
        cargo.contains("full = [\"things\", \"widgets\"]\n"),
        "{cargo}"
    );
    assert!(cargo.contains("\nthings = []\n"), "{cargo}");
}

/// Every spec the tests generate from: the fixtures (each on its own), the real-world specs, and `specs/`.
fn every_test_spec() -> Vec<(String, Vec<SpecInput>, Config)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let mut all = Vec::new();
    for dir in ["tests/fixtures/specs", "tests/fixtures/real-world"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("fixture directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path).expect("read spec");
            all.push((
                name.clone(),
                vec![SpecInput::new(name, text)],
                Config::new("x"),
            ));
        }
    }
    let (specs, config) = workspace_specs();
    all.push(("specs".to_string(), specs, config));
    all
}

/// Every type a model's code names: its fields, flattened unions and extra-fields map, its alternatives, or the
/// type it stands for. Written out here rather than taken from the generator, so the two can disagree.
fn model_mentions(model: &codegen::ir::Model) -> Vec<&TypeRef> {
    match &model.kind {
        ModelKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.unions.iter().map(|(_, ty)| ty))
            .chain(s.additional.iter())
            .collect(),
        ModelKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        ModelKind::Alias(ty) => vec![ty],
        ModelKind::Enum(_) => Vec::new(),
    }
}

fn names_in<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => names_in(inner, out),
        _ => {}
    }
}

#[test]
fn every_named_type_in_the_ir_is_a_model_and_every_model_file_imports_what_it_names() {
    for (name, specs, config) in every_test_spec() {
        let generated =
            generate(&specs, &config, &settings()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ir = &generated.ir;
        let models: std::collections::BTreeSet<&str> =
            ir.models.iter().map(|m| m.name.as_str()).collect();
        let mut mentioned: Vec<(String, &TypeRef)> = Vec::new();
        for model in &ir.models {
            for ty in model_mentions(model) {
                mentioned.push((format!("model {}", model.name), ty));
            }
        }
        let mut stack = vec![&ir.root];
        while let Some(resource) = stack.pop() {
            stack.extend(&resource.children);
            for op in &resource.operations {
                for input in &op.inputs {
                    mentioned.push((format!("input {} of {}", input.name, op.id), &input.ty));
                    mentioned.push((format!("input {} of {}", input.name, op.id), &input.arg_ty));
                }
                if let Some(ty) = op.response.item_type() {
                    mentioned.push((format!("response of {}", op.id), ty));
                }
                if let Some(pagination) = &op.pagination {
                    mentioned.push((format!("pages of {}", op.id), &pagination.item));
                    mentioned.push((format!("pages of {}", op.id), &pagination.items.ty));
                }
            }
            for waiter in &resource.waiters {
                mentioned.push((format!("waiter {}", waiter.id), &waiter.resource));
                mentioned.push((format!("waiter {}", waiter.id), &waiter.status.ty));
            }
        }
        for example in &ir.examples {
            mentioned.push((format!("example at {}", example.pointer), &example.ty));
        }
        for (place, ty) in &mentioned {
            let mut names = Vec::new();
            names_in(ty, &mut names);
            for named in names {
                assert!(
                    models.contains(named),
                    "{name}: {place} names `{named}`, which is not a model"
                );
            }
        }
        // A model file names other models through `use super::{...}`: every one it mentions must be there.
        for model in &ir.models {
            let path = format!("models/{}.rs", model.module);
            let file = generated
                .files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{name}: no {path}"));
            let imports = file
                .contents
                .split_once("use super::")
                .map(|(_, rest)| rest.split_once(';').map_or(rest, |(list, _)| list))
                .unwrap_or_default();
            let mut names = Vec::new();
            for ty in model_mentions(model) {
                names_in(ty, &mut names);
            }
            for named in names {
                let imported = imports
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|word| word == named);
                assert!(
                    named == model.name || imported,
                    "{name}: {path} names `{named}` without importing it:\n{}",
                    file.contents
                );
            }
        }
    }
}

#[test]
fn json_surrogate_pair_escapes_decode_and_later_warnings_keep_their_line() {
    // The emoji is written as a UTF-16 surrogate pair escape, as JSON encoders that escape non-ASCII do.
    let text = r#"{
  "openapi": "3.0.0",
  "info": {"title": "Emoji \ud83c\udfac", "version": "1"},
  "paths": {},
  "components": {"schemas": {
    "Clip": {"type": "object", "description": "A clip \ud83c\udfac of a video.", "properties": {"name": {"type": "string"}}},
    "Pair": {"type": "array", "prefixItems": [{"type": "string"}]}
  }}
}"#;
    let generated = generate(
        &[SpecInput::new("emoji.json", text)],
        &Config::new("x"),
        &settings(),
    )
    .expect("generates");
    let clip = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("models/clip.rs"))
        .expect("clip.rs");
    assert!(
        clip.contents.contains("A clip \u{1f3ac} of a video."),
        "{}",
        clip.contents
    );
    let [warning] = generated.warnings.as_slice() else {
        panic!("{:?}", generated.warnings)
    };
    assert!(
        warning.to_string().starts_with("warning: emoji.json:7:"),
        "{warning}"
    );
}

/// The `# Errors` section of an operation's docs, as one string.
fn errors_section(ir: &codegen::ir::Ir, id: &str) -> String {
    let mut stack = vec![&ir.root];
    while let Some(resource) = stack.pop() {
        if let Some(op) = resource.operations.iter().find(|o| o.id == id) {
            let at = op
                .docs
                .iter()
                .position(|l| l == "# Errors")
                .expect("an Errors section");
            return op.docs[at..].join("\n");
        }
        stack.extend(&resource.children);
    }
    panic!("no operation {id}")
}

#[test]
fn each_operation_documents_the_errors_it_can_return() {
    let (specs, config) = workspace_specs();
    let ir = generate(&specs, &config, &settings())
        .expect("generates")
        .ir;

    // An upload: the spec's status, the settings' rules and size limit, the file, the body, and a POST's retries.
    let create = errors_section(&ir, "assets.create");
    for expected in [
        "[`Error::Api`](crate::Error::Api) with HTTP 400",
        "`method` is `direct` and `file` is not set or `url` is set",
        "`method` is `url` and `url` is not set or `file` is set",
        "`file` is larger than 200 MiB",
        "[`Error::File`](crate::Error::File) when `file` cannot be read",
        "does not decode as [`Asset`](crate::models::Asset)",
        "A `POST` is sent again only when the API cannot have applied it",
    ] {
        assert!(create.contains(expected), "{expected:?} in\n{create}");
    }

    // A DELETE with a path parameter and no body: no file, nothing to decode, retried as any replay-safe call.
    let delete = errors_section(&ir, "assets.delete");
    assert!(delete.contains("with HTTP 409"), "{delete}");
    assert!(
        delete.contains("when `asset_id` is empty, `.`, `..` or too long for a URL"),
        "{delete}"
    );
    for absent in ["Error::File", "Error::Decode", "A `POST`"] {
        assert!(!delete.contains(absent), "{absent:?} in\n{delete}");
    }

    // A streamed answer points at the stream's own errors.
    let stream = errors_section(&ir, "analyze_stream");
    assert!(
        stream.contains("the errors listed on [`EventStream`](crate::EventStream)"),
        "{stream}"
    );
}

#[test]
fn a_field_the_spec_leaves_undescribed_borrows_its_types_description() {
    let (specs, config) = workspace_specs();
    let ir = generate(&specs, &config, &settings())
        .expect("generates")
        .ir;
    let page_info =
        ir.models
            .iter()
            .filter_map(|m| match &m.kind {
                ModelKind::Struct(s) => s.fields.iter().find(|f| {
                    f.wire_name == "page_info" && f.ty == TypeRef::Named("PageInfo".into())
                }),
                _ => None,
            })
            .next()
            .expect("a page_info field");
    assert_eq!(
        page_info.docs,
        [
            "An object that provides information about pagination. See [`PageInfo`](crate::models::PageInfo)."
        ]
    );
}
