//! Loading: text → YAML value → normalised value → typed `openapiv3::OpenAPI`, with every failure located.

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, pointer_join, pointer_tokens};
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
    let mut raw: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let mut location = Location::new(&input.name, "");
            if let Some(at) = error.location() {
                location.line = Some(at.line());
                location.column = Some(at.column());
            }
            diagnostics.push(Diagnostic::error(
                location,
                format!("not valid YAML or JSON: {}", strip_location(&error)),
            ));
            return None;
        }
    };
    let errors_before = diagnostics.items().len();
    normalize_document(&mut raw, &input.name, diagnostics);
    if diagnostics.items().len() > errors_before && diagnostics.has_errors() {
        return None;
    }
    check_references(&raw, &input.name, diagnostics);
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

/// Every `$ref` must point at something inside the same document (each spec file is self-contained).
fn check_references(doc: &Value, file: &str, diagnostics: &mut Diagnostics) {
    let mut refs = Vec::new();
    collect_refs(doc, &mut Vec::new(), &mut refs);
    for (at, target) in refs {
        let Some(local) = target.strip_prefix('#') else {
            diagnostics.error(
                file,
                &pointer_join(&at, "$ref"),
                format!("`$ref: {target}` points outside this document; only local references (`#/...`) are supported"),
            );
            continue;
        };
        if resolve_pointer(doc, local).is_none() {
            let tokens = pointer_tokens(&target);
            let (parent, name) = tokens.split_at(tokens.len().saturating_sub(1));
            let parent_pointer = parent
                .iter()
                .fold(String::from("#"), |p, t| pointer_join(&p, t));
            let known = resolve_pointer(doc, parent_pointer.trim_start_matches('#'))
                .and_then(Value::as_mapping)
                .map(|m| {
                    m.keys()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let name = name.first().map(String::as_str).unwrap_or_default();
            let hint = if known.is_empty() {
                String::new()
            } else {
                format!(" (it defines: {known})")
            };
            diagnostics.error(
                file,
                &pointer_join(&at, "$ref"),
                format!("`$ref: {target}` does not resolve: there is no `{name}` in `{parent_pointer}`{hint}"),
            );
        }
    }
}

/// Every `$ref` with the pointer of the object holding it. The path is kept as a stack of keys and only joined
/// into a pointer for a `$ref`, so walking a large document allocates little.
fn collect_refs<'v>(
    value: &'v Value,
    path: &mut Vec<std::borrow::Cow<'v, str>>,
    out: &mut Vec<(String, String)>,
) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let key: std::borrow::Cow<'v, str> = match key.as_str() {
                    Some(text) => std::borrow::Cow::Borrowed(text),
                    None => std::borrow::Cow::Owned(crate::normalize::scalar_text(key)),
                };
                if key == "$ref" {
                    if let Some(target) = child.as_str() {
                        out.push((
                            path.iter()
                                .fold(String::from("#"), |p, k| pointer_join(&p, k)),
                            target.to_string(),
                        ));
                    }
                } else if !matches!(
                    key.as_ref(),
                    "example" | "examples" | "default" | "enum" | "x-const"
                ) {
                    path.push(key);
                    collect_refs(child, path, out);
                    path.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(std::borrow::Cow::Owned(index.to_string()));
                collect_refs(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Resolves a JSON pointer without the leading `#` (`/components/schemas/A`).
pub fn resolve_pointer<'v>(doc: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    pointer_tokens(pointer)
        .iter()
        .try_fold(doc, |node, token| match node {
            Value::Mapping(map) => map.get(token.as_str()),
            Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
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
    fn dangling_refs_name_the_missing_component() {
        let (_, diagnostics) = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n",
        );
        let d = &diagnostics.items()[0];
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
