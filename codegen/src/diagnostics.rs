//! Diagnostics: what went wrong, where (file, line, column, JSON pointer) and what was expected.
//!
//! Stages record a diagnostic with the file and the JSON pointer they know; `source::Sources` fills in
//! the line and column at the end, so only failing runs pay for locating.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The generator produced code but dropped or approximated something; `--strict` makes it an error.
    Warning,
    /// The generator cannot produce correct code.
    Error,
}

/// A place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (e.g. `specs/01-assets-create.yaml`).
    pub file: String,
    /// JSON pointer into the document, e.g. `#/paths/~1assets/post/requestBody`.
    pub pointer: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl Location {
    /// A location whose line and column are not yet known.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.pointer.is_empty() {
            write!(f, " ({})", self.pointer)?;
        }
        Ok(())
    }
}

/// One finding of the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it happened, when it happened in a spec.
    pub location: Option<Location>,
    /// What is wrong and what was expected.
    pub message: String,
    /// Other places involved (e.g. the first definition of a conflicting component).
    pub related: Vec<(String, Location)>,
}

impl Diagnostic {
    /// An error at a place in a spec.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location: Some(location),
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// A warning at a place in a spec.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            location: Some(location),
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// An error that belongs to no single place (e.g. a bad setting).
    pub fn global_error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// Adds another place involved in this finding.
    #[must_use]
    pub fn with_related(mut self, label: impl Into<String>, location: Location) -> Self {
        self.related.push((label.into(), location));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Some(location) => write!(f, "{label}: {location}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        for (what, location) in &self.related {
            write!(f, "\n  note: {what}: {location}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while a stage runs.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error at `file` / `pointer`.
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Diagnostic::error(Location::new(file, pointer), message));
    }

    /// Records a warning at `file` / `pointer`.
    pub fn warning(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Diagnostic::warning(Location::new(file, pointer), message));
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics, in the order they were recorded.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Mutable access, for filling in locations.
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Consumes the collection.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// The generator could not produce code. Holds every error found (and the warnings seen on the way).
#[derive(Debug, Clone, thiserror::Error)]
pub struct GenerateError {
    /// All diagnostics, errors first, each group in a stable order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        writeln!(f, "code generation failed with {errors} error(s):")?;
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a token to a pointer.
pub fn pointer_join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(token))
}

/// Splits a pointer (`#/a/b~1c`) into its unescaped tokens (`["a", "b/c"]`).
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    let body = pointer.strip_prefix('#').unwrap_or(pointer);
    body.split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_round_trip_through_escaping() {
        let p = pointer_join(&pointer_join("#/paths", "/assets/{id}"), "get");
        assert_eq!(p, "#/paths/~1assets~1{id}/get");
        assert_eq!(
            pointer_tokens(&p),
            vec![
                "paths".to_string(),
                "/assets/{id}".to_string(),
                "get".to_string()
            ]
        );
        assert_eq!(pointer_tokens("#/a~0b"), vec!["a~b".to_string()]);
    }

    #[test]
    fn display_names_file_line_and_pointer() {
        let mut location = Location::new("specs/x.yaml", "#/components/schemas/A");
        location.line = Some(12);
        location.column = Some(5);
        let d = Diagnostic::error(location.clone(), "bad").with_related("first defined", location);
        assert_eq!(
            d.to_string(),
            "error: specs/x.yaml:12:5 (#/components/schemas/A): bad\n  note: first defined: specs/x.yaml:12:5 (#/components/schemas/A)"
        );
    }
}
