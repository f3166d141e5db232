//! Loading: text → YAML value → normalised value → typed `openapiv3::OpenAPI`, with every failure located.

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, pointer_join};
use crate::normalize::normalize_document;
use crate::source::SpecInput;

/// One spec document, parsed and normalised.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file name diagnostics use.
    pub file: String,
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
}

/// Loads one spec. Returns `None` (after recording errors) when the document cannot be used at all.
pub fn load_spec(input: &SpecInput, diagnostics: &mut Diagnostics) -> Option<LoadedSpec> {
    let text = input.text.strip_prefix('\u{feff}').unwrap_or(&input.text);
    let mut raw = parse_text(text, &input.name, diagnostics)?;
    let errors_before = diagnostics.items().len();
    normalize_document(&mut raw, &input.name, diagnostics);
    if diagnostics.items().len() > errors_before && diagnostics.has_errors() {
        return None;
    }
    crate::normalize::report_unsupported(&raw, &input.name, diagnostics);
    let doc = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw) {
        Ok(doc) => doc,
        Err(error) => {
            let pointer = path_to_pointer(error.path());
            diagnostics.error(
                &input.name,
                &pointer,
                format!(
                    "not a valid OpenAPI 3.0/3.1 document here: {}",
                    error.inner()
                ),
            );
            return None;
        }
    };
    Some(LoadedSpec {
        file: input.name.clone(),
        doc,
    })
}

/// Parses a document. JSON goes through a JSON parser: it is a subset of YAML only in theory (serde_yaml refuses
/// integers beyond 64 bits and C1 control characters, both valid JSON), and it is much faster. Key order is kept
/// either way.
fn parse_text(text: &str, file: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match <Value as serde::Deserialize>::deserialize(&mut deserializer) {
            Ok(value) => return Some(value),
            Err(error) => {
                let mut location = Location::new(file, "");
                location.line = Some(error.line());
                location.column = Some(error.column());
                let message = error.to_string();
                let message = message
                    .find(" at line ")
                    .map_or(message.as_str(), |at| &message[..at]);
                diagnostics.push(Diagnostic::error(
                    location,
                    format!("not valid JSON: {message}"),
                ));
                return None;
            }
        }
    }
    match serde_yaml::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            let mut location = Location::new(file, "");
            if let Some(at) = error.location() {
                location.line = Some(at.line());
                location.column = Some(at.column());
            }
            diagnostics.push(Diagnostic::error(
                location,
                format!("not valid YAML or JSON: {}", strip_location(&error)),
            ));
            None
        }
    }
}

/// serde_yaml appends "at line X column Y" to its messages; the location is reported separately.
fn strip_location(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Turns serde_path_to_error's path (`paths./a.get.tags[0]`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_join(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_join(&pointer, key),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Option<LoadedSpec>, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let spec = load_spec(&SpecInput::new("t.yaml", text), &mut diagnostics);
        (spec, diagnostics)
    }

    #[test]
    fn bad_yaml_is_located() {
        let (spec, diagnostics) = load("openapi: 3.1.0\npaths:\n  /a: [unclosed\n");
        assert!(spec.is_none());
        let d = &diagnostics.items()[0];
        assert!(d.message.starts_with("not valid YAML or JSON"), "{d}");
        assert!(d.location.as_ref().unwrap().line.is_some(), "{d}");
    }

    #[test]
    fn dangling_refs_name_the_missing_component_and_degrade() {
        let (spec, diagnostics) = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n",
        );
        assert!(
            spec.is_some(),
            "one bad reference does not stop the document"
        );
        let d = &diagnostics.items()[0];
        assert_eq!(d.severity, crate::diagnostics::Severity::Warning);
        assert_eq!(
            d.location.as_ref().unwrap().pointer,
            "#/components/schemas/A/properties/b/$ref"
        );
        assert!(
            d.message
                .contains("no `B` in `#/components/schemas` (it defines: A)"),
            "{d}"
        );
    }

    #[test]
    fn typed_parse_errors_carry_a_pointer() {
        let (spec, diagnostics) = load(
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n",
        );
        assert!(spec.is_none());
        let d = &diagnostics.items()[0];
        assert!(
            d.location.as_ref().unwrap().pointer.starts_with("#/paths"),
            "{d}"
        );
    }
}
