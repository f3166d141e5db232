//! `cargo xtask corpus --check`: compares a run of the sample with the committed results. Getting worse fails;
//! getting better passes, with a reminder to commit the new results.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::generate::Stage;
use super::table::{Row, TimeBucket, parse_rows};

/// How each document that is in both tables got worse, one sentence each; empty when none did.
pub fn regressions(committed: &[Row], now: &[Row]) -> Vec<String> {
    let mut found = Vec::new();
    for row in now {
        let document = &row.document;
        match row.stage {
            Stage::Panic => found.push(format!("{document}: the generator panicked")),
            Stage::Timeout => found.push(format!("{document}: the generator timed out")),
            _ => {}
        }
        if row.time == TimeBucket::OverFive {
            found.push(format!("{document}: generating took over 5 s"));
        }
        let Some(before) = committed.iter().find(|c| &c.document == document) else {
            continue;
        };
        if row.stage < before.stage && row.stage >= Stage::Errors {
            found.push(format!(
                "{document}: reached `{}`, where the committed results say `{}`",
                row.stage.as_str(),
                before.stage.as_str()
            ));
        }
        if before.build == "passed" && row.build != "passed" {
            found.push(format!(
                "{document}: the crate built before, and now does not"
            ));
        }
        if let (Some(was), Some(is)) = (before.examples_decoded(), row.examples_decoded())
            && is < was
        {
            found.push(format!("{document}: {is} examples decode, where {was} did"));
        } else if before.examples_decoded().is_some() && row.examples == "not run" {
            found.push(format!("{document}: the examples test no longer builds"));
        }
    }
    found
}

/// Fails when a document of the sample got worse than the committed results (`committed_path`) say; `fresh` holds
/// this run's (`markdown`).
pub fn compare_with_committed(committed_path: &Path, fresh: &Path, markdown: &str) -> Result<()> {
    let committed = std::fs::read_to_string(committed_path).with_context(|| {
        format!(
            "reading {}; write it with `cargo xtask corpus`",
            committed_path.display()
        )
    })?;
    let before = parse_rows(&committed);
    let now = parse_rows(markdown);
    let worse = regressions(&before, &now);
    if !worse.is_empty() {
        bail!(
            "the generator does worse on the corpus sample than corpus/results-sample.md says:\n  {}\n\
             (this run's results: {})",
            worse.join("\n  "),
            fresh.display()
        );
    }
    let committed = committed.replace("\r\n", "\n");
    if committed == markdown {
        println!("corpus/results-sample.md is up to date");
        return Ok(());
    }
    if without_times_under_five_seconds(&committed) == without_times_under_five_seconds(markdown) {
        println!(
            "corpus/results-sample.md is up to date, apart from times under 5 s, which vary from machine to machine"
        );
        return Ok(());
    }
    println!(
        "no document of the sample got worse, but corpus/results-sample.md differs from this run \
         ({}): update the file with `cargo xtask corpus`",
        fresh.display()
    );
    for row in now.iter().filter(|row| !before.contains(row)) {
        let was = before.iter().find(|b| b.document == row.document);
        println!("  now:    {}", row.render());
        println!(
            "  before: {}",
            was.map_or("(not in the file)".to_string(), Row::render)
        );
    }
    Ok(())
}

/// A results file with the difference between `<1s` and `1-5s` taken out: a document near 1 s lands on either
/// side from run to run, and either is fine; over 5 s is what `--check` looks at.
fn without_times_under_five_seconds(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|line| !line.starts_with("| took over 1 s |"))
        .map(|line| match Row::parse(line) {
            Some(mut row) if row.time == TimeBucket::OneToFive => {
                row.time = TimeBucket::UnderOne;
                row.render()
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(document: &str, stage: Stage, time: TimeBucket, build: &str, examples: &str) -> Row {
        Row {
            document: document.to_string(),
            stage,
            errors: 0,
            warnings: 0,
            time,
            build: build.to_string(),
            examples: examples.to_string(),
        }
    }

    #[test]
    fn improvements_and_unchanged_rows_pass() {
        let committed = vec![
            row("api/a.json", Stage::Errors, TimeBucket::UnderOne, "", ""),
            row(
                "api/b.json",
                Stage::Generated,
                TimeBucket::OneToFive,
                "passed",
                "3/4",
            ),
        ];
        let now = vec![
            row("api/a.json", Stage::Generated, TimeBucket::UnderOne, "", ""),
            row(
                "api/b.json",
                Stage::Generated,
                TimeBucket::UnderOne,
                "passed",
                "4/4",
            ),
            row("api/new.json", Stage::Errors, TimeBucket::UnderOne, "", ""),
        ];
        assert!(regressions(&committed, &now).is_empty());
    }

    #[test]
    fn times_under_five_seconds_are_not_a_change() {
        let a =
            "| took over 1 s | 1 | 50.0% |\n| `api/a.json` | generated | 0 | 0 | 1-5s |  |  |\n";
        let b = "| took over 1 s | 0 | 0.0% |\n| `api/a.json` | generated | 0 | 0 | <1s |  |  |\n";
        let c = "| took over 1 s | 1 | 50.0% |\n| `api/a.json` | generated | 0 | 0 | >5s |  |  |\n";
        assert_eq!(
            without_times_under_five_seconds(a),
            without_times_under_five_seconds(b)
        );
        assert_ne!(
            without_times_under_five_seconds(a),
            without_times_under_five_seconds(c)
        );
    }

    #[test]
    fn getting_worse_fails() {
        let committed = vec![
            row("api/a.json", Stage::Generated, TimeBucket::UnderOne, "", ""),
            row(
                "api/b.json",
                Stage::Generated,
                TimeBucket::UnderOne,
                "passed",
                "3/4",
            ),
            row("api/c.json", Stage::Generated, TimeBucket::UnderOne, "", ""),
            row(
                "api/d.json",
                Stage::Generated,
                TimeBucket::UnderOne,
                "passed",
                "1/1",
            ),
        ];
        let now = vec![
            row("api/a.json", Stage::Errors, TimeBucket::UnderOne, "", ""),
            row(
                "api/b.json",
                Stage::Generated,
                TimeBucket::OverFive,
                "passed",
                "2/4",
            ),
            row("api/c.json", Stage::Panic, TimeBucket::UnderOne, "", ""),
            row(
                "api/d.json",
                Stage::Generated,
                TimeBucket::UnderOne,
                "failed",
                "",
            ),
        ];
        assert_eq!(
            regressions(&committed, &now),
            vec![
                "api/a.json: reached `errors`, where the committed results say `generated`",
                "api/b.json: generating took over 5 s",
                "api/b.json: 2 examples decode, where 3 did",
                "api/c.json: the generator panicked",
                "api/d.json: the crate built before, and now does not",
            ]
        );
    }
}
