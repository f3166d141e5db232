//! The two committed samples: `corpus/sample.txt` (the documents a default run generates; CI checks them) and
//! `corpus/build-sample.txt` (the documents whose crates `--build N` builds). Both are picked by a fixed rule,
//! written at the top of each file, and rewritten only by `cargo xtask corpus --all --write-samples`.

use std::path::Path;

use anyhow::{Context, Result};

use super::package::Document;

/// How many documents the sample holds.
pub const SAMPLE_SIZE: usize = 30;
/// Documents larger than this are left out of the sample, so the debug build CI runs generates each in well under
/// a second.
pub const SAMPLE_MAX_BYTES: u64 = 300_000;
/// How many documents the build sample holds.
pub const BUILD_SAMPLE_SIZE: usize = 50;

/// The items at indices 0, k, 2k, ... of `items`, `count` of them at most, with k = max(1, len / count): spread
/// evenly, and the same for the same input.
pub fn every_kth<T>(items: &[T], count: usize) -> Vec<&T> {
    let k = (items.len() / count.max(1)).max(1);
    items.iter().step_by(k).take(count).collect()
}

/// The sample: every k-th of the documents of at most [`SAMPLE_MAX_BYTES`], by path. Returns the rule and the
/// documents.
pub fn pick_sample(documents: &[Document]) -> (String, Vec<String>) {
    let mut small: Vec<&Document> = documents
        .iter()
        .filter(|d| d.bytes <= SAMPLE_MAX_BYTES)
        .collect();
    small.sort_by(|a, b| a.path.cmp(&b.path));
    let picked = every_kth(&small, SAMPLE_SIZE);
    let rule = format!(
        "the {} top-level documents of at most {SAMPLE_MAX_BYTES} bytes ({} of {} are larger), sorted by path; \
         k = {} / {SAMPLE_SIZE} = {}; indices 0, k, 2k, ... (at most {SAMPLE_SIZE})",
        small.len(),
        documents.len() - small.len(),
        documents.len(),
        small.len(),
        (small.len() / SAMPLE_SIZE).max(1),
    );
    (rule, picked.into_iter().map(|d| d.path.clone()).collect())
}

/// The build sample: every k-th of the documents that generate, by path, listed smallest first (bytes, then
/// path), so `--build N` builds the N smallest of them. Returns the rule and the documents.
pub fn pick_build_sample(generated: &[Document]) -> (String, Vec<String>) {
    let mut by_path: Vec<&Document> = generated.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    let mut picked: Vec<&Document> = every_kth(&by_path, BUILD_SAMPLE_SIZE)
        .into_iter()
        .copied()
        .collect();
    picked.sort_by(|a, b| a.bytes.cmp(&b.bytes).then_with(|| a.path.cmp(&b.path)));
    let rule = format!(
        "the {} top-level documents that generated in a full run, sorted by path; k = {} / {BUILD_SAMPLE_SIZE} = {}; \
         indices 0, k, 2k, ... (at most {BUILD_SAMPLE_SIZE}); listed smallest first (bytes, then path), so \
         `--build N` builds the N smallest",
        by_path.len(),
        by_path.len(),
        (by_path.len() / BUILD_SAMPLE_SIZE).max(1),
    );
    (rule, picked.into_iter().map(|d| d.path.clone()).collect())
}

/// The documents listed in `path` (one a line; `#` starts a comment).
pub fn read_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "reading {}; write the samples with `cargo xtask corpus --all --write-samples`",
            path.display()
        )
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// The text of a list file: what it is for, its rule, then the documents.
pub fn list_text(purpose: &str, rule: &str, documents: &[String]) -> String {
    let mut text = format!(
        "# {purpose}\n# Rule: {rule}.\n# Written by `cargo xtask corpus --all --write-samples`; do not edit by hand.\n"
    );
    for document in documents {
        text.push_str(document);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(sizes: &[(&str, u64)]) -> Vec<Document> {
        sizes
            .iter()
            .map(|(path, bytes)| Document {
                path: path.to_string(),
                bytes: *bytes,
            })
            .collect()
    }

    #[test]
    fn every_kth_spreads_evenly_and_stops_at_the_count() {
        let items: Vec<u32> = (0..10).collect();
        assert_eq!(every_kth(&items, 3), vec![&0, &3, &6]);
        assert_eq!(every_kth(&items, 4), vec![&0, &2, &4, &6]);
        assert_eq!(every_kth(&items, 20).len(), 10);
        assert!(every_kth::<u32>(&[], 3).is_empty());
    }

    #[test]
    fn the_sample_leaves_out_large_documents_and_is_sorted_by_path() {
        let mut all: Vec<(String, u64)> = (0..100)
            .map(|i| (format!("api/d{i:03}.json"), 1000))
            .collect();
        all[0].1 = SAMPLE_MAX_BYTES + 1;
        all.reverse();
        let all: Vec<(&str, u64)> = all.iter().map(|(p, b)| (p.as_str(), *b)).collect();
        let (rule, picked) = pick_sample(&documents(&all));
        assert_eq!(picked.len(), SAMPLE_SIZE);
        assert_eq!(picked[0], "api/d001.json");
        assert_eq!(picked[1], "api/d004.json");
        assert!(rule.starts_with(
            "the 99 top-level documents of at most 300000 bytes (1 of 100 are larger)"
        ));
        assert!(rule.contains("k = 99 / 30 = 3"));
    }

    #[test]
    fn the_build_sample_is_listed_smallest_first() {
        let (_, picked) = pick_build_sample(&documents(&[
            ("api/c.json", 5),
            ("api/a.json", 30),
            ("api/b.json", 5),
        ]));
        assert_eq!(picked, vec!["api/b.json", "api/c.json", "api/a.json"]);
    }

    #[test]
    fn list_files_round_trip() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-list-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sample.txt");
        let docs = vec!["api/a.json".to_string(), "api/b.json".to_string()];
        std::fs::write(&path, list_text("A sample.", "every one", &docs)).unwrap();
        assert_eq!(read_list(&path).unwrap(), docs);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
