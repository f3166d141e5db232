//! The diagnostics `cargo xtask generate` prints on stderr, read back:
//! `error: FILE:LINE:COL (#/json/pointer): message` or `warning: ...`, place optional.

/// One diagnostic, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub is_error: bool,
    /// `LINE:COL (#/pointer)` or the parts of it that were printed; empty when the diagnostic has no place.
    pub place: String,
    /// The first line of the message.
    pub message: String,
}

/// The errors and warnings on `stderr` of a run over `document` (the path given to `--spec`).
pub fn parse_stderr(stderr: &str, document: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for line in stderr.lines() {
        let (is_error, rest) = if let Some(rest) = line.strip_prefix("error: ") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("warning: ") {
            (false, rest)
        } else {
            // Notes (`  note: ...`), continuations of a message, the panic text: not diagnostics of their own.
            continue;
        };
        // The headline of a failed run, `error: code generation failed with N error(s):`, precedes the errors.
        if rest.starts_with("code generation failed with ") {
            continue;
        }
        let (place, message) = match rest.strip_prefix(document) {
            Some(located) => split_place(located),
            None => (String::new(), rest.to_string()),
        };
        found.push(Diagnostic {
            is_error,
            place,
            message,
        });
    }
    found
}

/// `:12:5 (#/a/b): message` into `12:5 (#/a/b)` and `message`.
fn split_place(located: &str) -> (String, String) {
    // The pointer may hold `: ` (a path such as `/a: b`), so the message starts after the closing parenthesis.
    let end_of_place = match located.find(" (#") {
        Some(open) => located[open..].find("): ").map(|close| open + close + 1),
        None => located.find(": "),
    };
    match end_of_place {
        Some(end) => (
            located[..end].trim_start_matches([':', ' ']).to_string(),
            located[end + 2..].to_string(),
        ),
        None => (
            String::new(),
            located.trim_start_matches([':', ' ']).to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_warnings_and_places() {
        let stderr = "\
error: code generation failed with 1 error(s):
error: api/a.json:1:120 (#/paths/~1x: y/get): the path has `{x}` but no path parameter named `x`
  note: other definition: api/a.json:1:5 (#/components/schemas/A)
warning: api/a.json (#/servers/0): the server URL `/` is not an absolute http(s) URL
warning: api/a.json: a warning with the file only
error: reading api/b.json: no such file
";
        let found = parse_stderr(stderr, "api/a.json");
        assert_eq!(
            found,
            vec![
                Diagnostic {
                    is_error: true,
                    place: "1:120 (#/paths/~1x: y/get)".to_string(),
                    message: "the path has `{x}` but no path parameter named `x`".to_string(),
                },
                Diagnostic {
                    is_error: false,
                    place: "(#/servers/0)".to_string(),
                    message: "the server URL `/` is not an absolute http(s) URL".to_string(),
                },
                Diagnostic {
                    is_error: false,
                    place: String::new(),
                    message: "a warning with the file only".to_string(),
                },
                Diagnostic {
                    is_error: true,
                    place: String::new(),
                    message: "reading api/b.json: no such file".to_string(),
                },
            ]
        );
    }
}
