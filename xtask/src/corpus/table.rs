//! The per-document table of a results file: one row per document, written by the report and read back by
//! `--check`, which compares it with the committed one.

use std::time::Duration;

use super::examples::Decoded;
use super::generate::Stage;
use super::results::DocumentResult;

/// The heading of the per-document table.
pub const DOCUMENTS_HEADING: &str = "## Documents";

/// How long a document took, coarsely enough to be the same from run to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBucket {
    UnderOne,
    OneToFive,
    OverFive,
}

impl TimeBucket {
    pub fn of(wall: Duration) -> Self {
        if wall > Duration::from_secs(5) {
            TimeBucket::OverFive
        } else if wall > Duration::from_secs(1) {
            TimeBucket::OneToFive
        } else {
            TimeBucket::UnderOne
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TimeBucket::UnderOne => "<1s",
            TimeBucket::OneToFive => "1-5s",
            TimeBucket::OverFive => ">5s",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            TimeBucket::UnderOne,
            TimeBucket::OneToFive,
            TimeBucket::OverFive,
        ]
        .into_iter()
        .find(|bucket| bucket.as_str() == text)
    }
}

/// One row of the per-document table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub document: String,
    pub stage: Stage,
    pub errors: usize,
    pub warnings: usize,
    pub time: TimeBucket,
    /// `passed`, `failed`, or empty when not built.
    pub build: String,
    /// `decoded/total`, `not run` when the examples test did not build, or empty when not built.
    pub examples: String,
}

impl Row {
    pub fn of(result: &DocumentResult) -> Row {
        let build = result.build.as_ref();
        Row {
            document: result.document.clone(),
            stage: result.generate.stage,
            errors: result.generate.errors().count(),
            warnings: result.generate.warnings().count(),
            time: TimeBucket::of(result.generate.wall),
            build: match build {
                Some(b) if b.built => "passed",
                Some(_) => "failed",
                None => "",
            }
            .to_string(),
            examples: match build.map(|b| &b.examples) {
                Some(Some(examples)) => {
                    let decoded = examples
                        .iter()
                        .filter(|e| !matches!(e.decoded, Decoded::Failed(_)));
                    format!("{}/{}", decoded.count(), examples.len())
                }
                Some(None) => "not run".to_string(),
                None => String::new(),
            },
        }
    }

    pub fn render(&self) -> String {
        format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            self.document,
            self.stage.as_str(),
            self.errors,
            self.warnings,
            self.time.as_str(),
            self.build,
            self.examples
        )
    }

    /// A row as [`Row::render`] writes it; `None` for any other line.
    pub fn parse(line: &str) -> Option<Row> {
        let cells: Vec<&str> = line
            .strip_prefix('|')?
            .strip_suffix('|')?
            .split('|')
            .map(str::trim)
            .collect();
        let [document, stage, errors, warnings, time, build, examples] = cells[..] else {
            return None;
        };
        Some(Row {
            document: document.trim_matches('`').to_string(),
            stage: Stage::parse(stage)?,
            errors: errors.parse().ok()?,
            warnings: warnings.parse().ok()?,
            time: TimeBucket::parse(time)?,
            build: build.to_string(),
            examples: examples.to_string(),
        })
    }

    /// Examples decoded, when the crate was built and its examples ran.
    pub fn examples_decoded(&self) -> Option<usize> {
        self.examples.split_once('/')?.0.parse().ok()
    }
}

/// The rows of the per-document table of a results file.
pub fn parse_rows(markdown: &str) -> Vec<Row> {
    markdown
        .lines()
        .skip_while(|line| *line != DOCUMENTS_HEADING)
        .filter_map(Row::parse)
        .collect()
}
