//! Fuzz target: the loader, normaliser and the rest of the pipeline on mutated copies of real specs must never
//! panic; they either generate or return diagnostics.
//!
//! Mutations are structure-aware (delete, retype, duplicate and inject YAML nodes, including `$ref`s, `enum`
//! objects, type arrays and `allOf`s) and textual (truncate, insert bytes), applied to `specs/` and the test
//! fixtures. The number of cases is `PROPTEST_CASES` (256 by default, a second or two in the test suite); for a long
//! run: `PROPTEST_CASES=20000 cargo test --release -p codegen --test fuzz`.

use std::path::PathBuf;

use codegen::{Config, Settings, SpecInput, generate};
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

fn corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let mut files = Vec::new();
    for dir in ["specs", "tests/fixtures/specs"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("corpus")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        let is_spec = |p: &PathBuf| {
            p.file_name().is_some_and(|n| n != "codegen.yaml")
                && p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        };
        for path in paths.into_iter().filter(is_spec) {
            files.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).expect("read"),
            ));
        }
    }
    files
}

/// Values to inject: the shapes that stress the normaliser and the lowering.
fn injected(pick: u32) -> Value {
    let yaml = [
        "{$ref: '#/components/schemas/Nope'}",
        "{$ref: 'other.yaml#/x'}",
        "{$ref: '#/components/schemas/Entity', description: beside}",
        "[{value: a}, {value: 1}, {name: x}]",
        "[string, 'null']",
        "[integer, string, 'null']",
        "{type: [object, 'null'], properties: {a: {const: 3}}}",
        "{allOf: [{type: string}, {type: object, properties: {x: {type: integer}}}]}",
        "{oneOf: [{type: string}], discriminator: {propertyName: kind}}",
        "{anyOf: []}",
        "{type: string, enum: []}",
        "{not: {type: string}}",
        "{additionalProperties: {additionalProperties: {type: array}}}",
        "{exclusiveMinimum: 3, exclusiveMaximum: true}",
        "{type: array}",
        "{items: {items: {items: {}}}}",
        "~",
        "''",
        "-1.5e300",
        "true",
        "{'': {'': ''}}",
        "{style: deepObject, in: cookie, name: '{x}'}",
    ];
    serde_yaml::from_str(yaml[pick as usize % yaml.len()]).expect("valid injection")
}

/// The `n`-th node of a depth-first walk, mutably.
fn nth_node<'v>(value: &'v mut Value, n: &mut u32) -> Option<&'v mut Value> {
    if *n == 0 {
        return Some(value);
    }
    *n -= 1;
    match value {
        Value::Mapping(map) => map.values_mut().find_map(|v| nth_node(v, n)),
        Value::Sequence(items) => items.iter_mut().find_map(|v| nth_node(v, n)),
        _ => None,
    }
}

fn mutate(value: &mut Value, op: u8, at: u32, pick: u32) {
    let mut n = at;
    let Some(node) = nth_node(value, &mut n) else {
        return;
    };
    match op % 6 {
        0 => *node = injected(pick),
        1 => match node {
            Value::Mapping(map) if !map.is_empty() => {
                let key = map.keys().nth(pick as usize % map.len()).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
            Value::Sequence(items) if !items.is_empty() => {
                items.remove(pick as usize % items.len());
            }
            _ => *node = Value::Null,
        },
        2 => {
            if let Value::Mapping(map) = node {
                let key = [
                    "type",
                    "enum",
                    "$ref",
                    "allOf",
                    "oneOf",
                    "items",
                    "properties",
                    "required",
                    "tags",
                    "nullable",
                    "format",
                    "schema",
                    "content",
                    "in",
                ][pick as usize % 14];
                map.insert(Value::from(key), injected(pick / 14));
            }
        }
        3 => {
            // Swap a mapping for a sequence of its values, or the reverse.
            *node = match std::mem::take(node) {
                Value::Mapping(map) => Value::Sequence(map.into_iter().map(|(_, v)| v).collect()),
                Value::Sequence(items) => Value::Mapping(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (Value::from(i as u64), v))
                        .collect::<Mapping>(),
                ),
                other => Value::Sequence(vec![other]),
            };
        }
        4 => {
            if let Value::String(s) = node {
                s.push_str(["/", "~1", "{", "}", "#", "\u{0}", " ", "é"][pick as usize % 8]);
            }
        }
        _ => *node = Value::Mapping(Mapping::new()),
    }
}

fn run(specs: &[SpecInput]) {
    let config = Config::new("fuzzed");
    // Either outcome is fine; a panic fails the test.
    match generate(specs, &config, &Settings::new("fuzz")) {
        Ok(generated) => assert!(!generated.files.is_empty()),
        Err(error) => assert!(!error.diagnostics.is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn structural_mutations_never_panic(file in any::<u32>(), ops in prop::collection::vec((any::<u8>(), 0u32..400, any::<u32>()), 1..6)) {
        let corpus = corpus();
        let (name, text) = &corpus[file as usize % corpus.len()];
        let mut value: Value = serde_yaml::from_str(text).expect("corpus parses");
        for (op, at, pick) in ops {
            mutate(&mut value, op, at, pick);
        }
        let text = serde_yaml::to_string(&value).unwrap_or_default();
        run(&[SpecInput::new(name.clone(), text)]);
    }

    #[test]
    fn textual_mutations_never_panic(file in any::<u32>(), cut in any::<u32>(), insert in prop::collection::vec(any::<u8>(), 0..8), at in any::<u32>()) {
        let corpus = corpus();
        let (name, text) = &corpus[file as usize % corpus.len()];
        let mut bytes = text.as_bytes().to_vec();
        let position = at as usize % (bytes.len() + 1);
        bytes.splice(position..position, insert);
        bytes.truncate(cut as usize % (bytes.len() + 1) + bytes.len() / 2);
        run(&[SpecInput::new(name.clone(), String::from_utf8_lossy(&bytes).into_owned())]);
    }
}
