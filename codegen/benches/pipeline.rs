//! The whole pipeline (load, normalise, merge, lower, emit, format) on `specs/`, and on a synthetic API of 1,000
//! operations and 2,000 schemas that this benchmark builds. Baseline, measured in the same run: parsing the same
//! text into `serde_yaml::Value`, which any YAML-reading generator pays before doing anything. The allocator is
//! mimalloc, as in `cargo xtask`.

use std::fmt::Write;
use std::path::PathBuf;

use codegen::output::read_specs_dir;
use codegen::{Config, Settings, SpecInput, generate};
use criterion::{Criterion, criterion_group, criterion_main};

// As in `cargo xtask`, which is what this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TAGS: usize = 50;
const OPERATIONS_PER_TAG: usize = 20;
const SCHEMAS: usize = 2000;

/// A spec of `TAGS × OPERATIONS_PER_TAG` operations and `SCHEMAS` schemas, in the docs exporter's style (enum
/// value objects, descriptions beside `$ref`s), one document.
fn synthetic_spec() -> String {
    let mut out = String::from(
        "openapi: 3.1.0\ninfo:\n  title: Synthetic\n  version: '1'\nservers:\n  - url: https://api.example.com\npaths:\n",
    );
    for tag in 0..TAGS {
        for op in 0..OPERATIONS_PER_TAG {
            let schema = (tag * OPERATIONS_PER_TAG + op) % SCHEMAS;
            let (method, path) = match op % 4 {
                0 => ("get", format!("/r{tag}/things{op}")),
                1 => ("post", format!("/r{tag}/things{op}")),
                2 => ("get", format!("/r{tag}/things{op}/{{thing_id}}")),
                _ => ("patch", format!("/r{tag}/things{op}/{{thing_id}}")),
            };
            let _ = write!(
                out,
                "  {path}:\n    {method}:\n      operationId: op{op}\n      summary: Operation {op} of resource {tag}\n      description: >\n        Does thing {op}. See [the guide](/docs/guide).\n      tags:\n        - - subpackage_r{tag}\n      parameters:\n"
            );
            if path.contains("{thing_id}") {
                out.push_str("        - name: thing_id\n          in: path\n          required: true\n          schema:\n            type: string\n");
            }
            out.push_str("        - name: page\n          in: query\n          schema:\n            type: integer\n            default: 1\n        - name: status\n          in: query\n          schema:\n            type: array\n            items:\n              type: string\n              enum:\n                - value: ready\n                - value: failed\n        - name: x-api-key\n          in: header\n          required: true\n          schema:\n            type: string\n");
            if method != "get" {
                let _ = write!(
                    out,
                    "      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]\n              properties:\n                name:\n                  type: string\n                detail:\n                  $ref: '#/components/schemas/S{schema}'\n                  description: The detail.\n"
                );
            }
            let _ = write!(
                out,
                "      responses:\n        '200':\n          description: OK.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/S{schema}'\n        '400':\n          description: Bad.\n          content: {{}}\n"
            );
        }
    }
    out.push_str("components:\n  schemas:\n");
    for s in 0..SCHEMAS {
        let next = (s * 7 + 3) % SCHEMAS;
        let _ = write!(
            out,
            "    S{s}:\n      type: object\n      description: Schema {s}.\n      properties:\n        _id:\n          type: string\n        name:\n          type: string\n          description: The name.\n        count:\n          type: integer\n          format: int32\n        ratio:\n          type: [number, 'null']\n        created_at:\n          type: string\n          format: date-time\n        status:\n          type: string\n          enum:\n            - value: active\n            - value: archived\n        tags:\n          type: array\n          items:\n            type: string\n        link:\n          $ref: '#/components/schemas/S{next}'\n          description: A related thing.\n        extra:\n          type: object\n          additionalProperties: true\n"
        );
    }
    out
}

fn pipeline(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("specs");
    let config = config.expect("codegen.yaml");
    let settings = Settings::new("cargo xtask codegen");
    let synthetic = vec![SpecInput::new("synthetic.yaml", synthetic_spec())];
    let synthetic_config = Config::new("synthetic");
    let generated =
        generate(&synthetic, &synthetic_config, &settings).expect("synthetic spec generates");
    println!(
        "synthetic spec: {} bytes, {} operations, {} models, {} files generated",
        synthetic[0].text.len(),
        TAGS * OPERATIONS_PER_TAG,
        generated.ir.models.len(),
        generated.files.len()
    );

    let mut group = c.benchmark_group("pipeline");
    group.bench_function("specs/ (22 operations): generate", |b| {
        b.iter(|| generate(&specs, &config, &settings).expect("generates"))
    });
    group.bench_function("specs/ (22 operations): baseline, parse YAML only", |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|s| serde_yaml::from_str::<serde_yaml::Value>(&s.text).expect("parses"))
                .collect::<Vec<_>>()
        })
    });
    group.sample_size(10);
    group.bench_function(
        "synthetic (1,000 operations, 2,000 schemas): generate",
        |b| b.iter(|| generate(&synthetic, &synthetic_config, &settings).expect("generates")),
    );
    group.bench_function(
        "synthetic (1,000 operations, 2,000 schemas): baseline, parse YAML only",
        |b| {
            b.iter(|| {
                serde_yaml::from_str::<serde_yaml::Value>(&synthetic[0].text).expect("parses")
            })
        },
    );
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
