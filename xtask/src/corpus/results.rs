//! What a corpus run found, per document: the data the report renders.

use super::build::BuildRun;
use super::examples::Verdict;
use super::generate::GenerateRun;

/// Everything a run found.
pub struct Results {
    /// The command that writes this file (`cargo xtask corpus --all --build 50`).
    pub command: String,
    /// Which documents were run, in words.
    pub selection: String,
    pub package: String,
    pub version: String,
    pub license: String,
    /// Sorted by document path.
    pub documents: Vec<DocumentResult>,
}

/// What happened to one document.
pub struct DocumentResult {
    /// `api/x.json`.
    pub document: String,
    pub generate: GenerateRun,
    /// Present when the document is in the build sample and generated.
    pub build: Option<BuildRun>,
    /// The examples that did not decode, with the verdict on each.
    pub failing_examples: Vec<FailingExample>,
}

/// An example that did not decode, and why.
pub struct FailingExample {
    /// `file#/json/pointer`.
    pub place: String,
    pub message: String,
    pub verdict: Verdict,
    /// Its place names a merged schema rather than the part of it that holds the example (see
    /// [`super::examples::Judgement`]).
    pub found_through_merge: bool,
}
