//! Normalisation: rewrites OpenAPI 3.1 shapes and the docs exporter's quirks into the OpenAPI 3.0 shape that
//! `openapiv3` parses, before typed parsing.
//!
//! `openapiv3` 2.x knows only 3.0 and fails in two ways: loudly (tags as a list of lists, `type: [T, "null"]`,
//! numeric `exclusiveMinimum`) and silently (an `enum` of `{value: x}` objects becomes an untyped schema; `const`
//! and `$ref` siblings vanish). Every rewrite below removes one of those failures. The pass works on
//! `serde_yaml::Value` (never `serde_json::Value`), so the spec's key order and string scalars are kept.
//!
//! | input | output |
//! | --- | --- |
//! | `openapi: 3.1.x` | `openapi: 3.0.3` |
//! | no `paths` (3.1 allows webhooks-only documents) | `paths: {}` |
//! | operation `tags: [[a, a/b]]` (a list of tag paths) | `tags: [a/b]` (the most specific tag of each path) |
//! | response codes written as numbers (`200:`) | strings (`"200":`) |
//! | numbers or booleans where text is expected (`version: 1.0`, a string enum's `- 1`) | strings |
//! | `$ref`s with percent-encoded pointers, or pointing at schemas that are not components (`#/paths/...`, a property of a component, nested `definitions`) | the same `$ref`s to components (see `refs.rs`) |
//! | a path key with a query string (`/search?q={q}`) | the path alone |
//! | schemas | see `schema.rs`: 3.1 shapes, exporter quirks, and keywords of other types |

mod refs;
mod schema;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostics, pointer_join};
use schema::{Cx, normalize_schema};

/// HTTP methods that may appear in a path item.
pub const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keys whose values are always text in OpenAPI, wherever they appear outside schemas' `properties`.
const TEXT_KEYS: [&str; 5] = ["description", "summary", "title", "operationId", "version"];

/// Schema keywords the generator cannot express; a schema using one gets a warning (`openapiv3` would drop it
/// without a word).
const UNSUPPORTED_SCHEMA_KEYWORDS: [&str; 11] = [
    "prefixItems",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
];

/// Warns about every construct in `doc` that generated code leaves out: the schema keywords above, webhooks,
/// callbacks, and servers declared per path or operation (the client has one base URL).
pub fn report_unsupported(doc: &Value, file: &str, diagnostics: &mut Diagnostics) {
    if doc
        .get("webhooks")
        .and_then(Value::as_mapping)
        .is_some_and(|w| !w.is_empty())
    {
        diagnostics.warning(
            file,
            "#/webhooks",
            "webhooks are not generated: the client only makes requests",
        );
    }
    walk_unsupported(doc, &mut Vec::new(), file, diagnostics);
}

/// `path` is the stack of keys to `value`; pointers are only built for what is reported.
fn walk_unsupported<'v>(
    value: &'v Value,
    path: &mut Vec<std::borrow::Cow<'v, str>>,
    file: &str,
    diagnostics: &mut Diagnostics,
) {
    let pointer = |path: &[std::borrow::Cow<'v, str>], key: &str| {
        path.iter()
            .map(|k| k.as_ref())
            .chain([key])
            .fold(String::from("#"), |p, k| pointer_join(&p, k))
    };
    match value {
        Value::Mapping(map) => {
            // The keys of these maps are names or data, not keywords.
            let parent_key = path.last().map(|k| k.as_ref());
            let names_only = matches!(
                parent_key,
                Some(
                    "properties"
                        | "paths"
                        | "schemas"
                        | "responses"
                        | "parameters"
                        | "headers"
                        | "content"
                        | "securitySchemes"
                        | "requestBodies"
                        | "x-enum-descriptions"
                        | "x-enum-names"
                )
            );
            for (key, child) in map {
                let key: std::borrow::Cow<'v, str> = match key.as_str() {
                    Some(text) => std::borrow::Cow::Borrowed(text),
                    None => std::borrow::Cow::Owned(scalar_text(key)),
                };
                if matches!(
                    key.as_ref(),
                    "example" | "examples" | "default" | "enum" | "x-const"
                ) {
                    continue;
                }
                if !names_only {
                    if UNSUPPORTED_SCHEMA_KEYWORDS.contains(&key.as_ref()) {
                        diagnostics.warning(
                            file,
                            &pointer(path, &key),
                            format!(
                                "`{key}` cannot be expressed in the generated types and is left out"
                            ),
                        );
                    } else if key == "callbacks"
                        && child.as_mapping().is_some_and(|m| !m.is_empty())
                    {
                        diagnostics.warning(
                            file,
                            &pointer(path, &key),
                            "callbacks are not generated: the client only makes requests",
                        );
                    } else if key == "servers"
                        && !path.is_empty()
                        && child.as_sequence().is_some_and(|s| !s.is_empty())
                    {
                        diagnostics.warning(file, &pointer(path, &key), "servers per path or operation are left out: the client sends every request to its one base URL");
                    }
                }
                path.push(key);
                walk_unsupported(child, path, file, diagnostics);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(std::borrow::Cow::Owned(index.to_string()));
                walk_unsupported(item, path, file, diagnostics);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Rewrites `doc` in place. Problems that make the document unusable are recorded as errors on `file`.
pub fn normalize_document(doc: &mut Value, file: &str, diagnostics: &mut Diagnostics) {
    let Some(root) = doc.as_mapping_mut() else {
        diagnostics.error(
            file,
            "#",
            "expected an OpenAPI document (a mapping with `openapi`, `info` and `paths`)",
        );
        return;
    };
    if !normalize_openapi_version(root, file, diagnostics) {
        return;
    }
    if !root.contains_key("paths") {
        root.insert(Value::from("paths"), Value::Mapping(Mapping::new()));
    }
    stringify_text_fields(doc);
    refs::resolve_references(doc, file, diagnostics);
    let mut cx = Cx { file, diagnostics };
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_mapping_mut) {
        strip_queries_from_paths(paths, &mut cx);
        for (path, item) in paths.iter_mut() {
            let pointer = pointer_join("#/paths", &scalar_text(path));
            normalize_path_item(item, &pointer, &mut cx);
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_mapping_mut) {
        normalize_components(components, &mut cx);
    }
}

/// `/search?q={q}` → `/search`: the query belongs to the query parameters, which the operation declares.
fn strip_queries_from_paths(paths: &mut Mapping, cx: &mut Cx<'_>) {
    let entries = std::mem::take(paths);
    for (key, item) in entries {
        let text = scalar_text(&key);
        match text.split_once('?') {
            Some((path, _)) if !paths.contains_key(path) => {
                cx.diagnostics.warning(
                    cx.file,
                    &pointer_join("#/paths", &text),
                    format!("the path `{text}` carries a query string; it is sent to `{path}`, with the query parameters the operation declares"),
                );
                paths.insert(Value::from(path), item);
            }
            _ => {
                paths.insert(key, item);
            }
        }
    }
}

/// Accepts 3.0 and 3.1 documents, rewriting 3.1's version; returns false (with an error) for anything else.
fn normalize_openapi_version(
    root: &mut Mapping,
    file: &str,
    diagnostics: &mut Diagnostics,
) -> bool {
    let version = match root.get("openapi") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) | None => {
            if root.contains_key("swagger") {
                diagnostics.error(
                    file,
                    "#/swagger",
                    "Swagger 2.0 documents are not supported: convert them to OpenAPI 3 first",
                );
            } else {
                diagnostics.error(
                    file,
                    "#/openapi",
                    "expected an `openapi` version field such as `3.1.0` or `3.0.3`",
                );
            }
            return false;
        }
    };
    if version.starts_with("3.1") {
        root.insert(Value::from("openapi"), Value::from("3.0.3"));
        true
    } else if version.starts_with("3.0") {
        root.insert(Value::from("openapi"), Value::from(version));
        true
    } else {
        diagnostics.error(
            file,
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`: expected 3.0.x or 3.1.x"),
        );
        false
    }
}

/// Turns numbers and booleans under text keys into strings, everywhere but inside `properties` maps and examples
/// (where those keys are property names or data).
fn stringify_text_fields(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                if TEXT_KEYS.contains(&key) && matches!(child, Value::Number(_) | Value::Bool(_)) {
                    *child = Value::from(scalar_text(child));
                } else if key == "properties" {
                    if let Some(props) = child.as_mapping_mut() {
                        props.values_mut().for_each(stringify_text_fields);
                    }
                } else if !matches!(key, "example" | "examples" | "default" | "enum" | "const") {
                    stringify_text_fields(child);
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(stringify_text_fields),
        Value::Tagged(tagged) => stringify_text_fields(&mut tagged.value),
        _ => {}
    }
}

fn normalize_path_item(item: &mut Value, pointer: &str, cx: &mut Cx<'_>) {
    let Some(item) = item.as_mapping_mut() else {
        return;
    };
    if let Some(params) = item.get_mut("parameters") {
        normalize_parameters(params, &pointer_join(pointer, "parameters"), cx);
    }
    for method in HTTP_METHODS {
        if let Some(operation) = item.get_mut(method).and_then(Value::as_mapping_mut) {
            normalize_operation(operation, &pointer_join(pointer, method), cx);
        }
    }
}

fn normalize_operation(operation: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    if let Some(tags) = operation.get_mut("tags") {
        flatten_nested_tags(tags);
    }
    if let Some(params) = operation.get_mut("parameters") {
        normalize_parameters(params, &pointer_join(pointer, "parameters"), cx);
    }
    if let Some(body) = operation
        .get_mut("requestBody")
        .and_then(Value::as_mapping_mut)
    {
        normalize_content(body, &pointer_join(pointer, "requestBody"), cx);
    }
    if let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_mapping_mut)
    {
        normalize_responses(responses, &pointer_join(pointer, "responses"), cx);
    }
}

/// The exporter writes each tag as its path in the tag tree (`[entityCollections, entityCollections/entities]`);
/// the last element names the whole path, so it is the one kept.
fn flatten_nested_tags(tags: &mut Value) {
    let Some(list) = tags.as_sequence_mut() else {
        return;
    };
    for tag in list.iter_mut() {
        if let Value::Sequence(path) = tag {
            *tag = path
                .last()
                .map(|t| Value::from(scalar_text(t)))
                .unwrap_or(Value::from(""));
        } else if !tag.is_string() {
            *tag = Value::from(scalar_text(tag));
        }
    }
}

fn normalize_parameters(params: &mut Value, pointer: &str, cx: &mut Cx<'_>) {
    let Some(list) = params.as_sequence_mut() else {
        return;
    };
    for (index, param) in list.iter_mut().enumerate() {
        if let Some(param) = param.as_mapping_mut() {
            normalize_parameter(param, &pointer_join(pointer, &index.to_string()), cx);
        }
    }
}

fn normalize_parameter(param: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    if let Some(schema) = param.get_mut("schema") {
        normalize_schema(schema, &pointer_join(pointer, "schema"), cx);
    }
    normalize_content(param, pointer, cx);
}

/// Normalises the schemas of a `content` map found in `holder` (a request body, response or parameter).
fn normalize_content(holder: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    if let Some(content) = holder.get_mut("content").and_then(Value::as_mapping_mut) {
        let base = pointer_join(pointer, "content");
        for (media_type, media) in content.iter_mut() {
            if let Some(schema) = media.as_mapping_mut().and_then(|m| m.get_mut("schema")) {
                let at = pointer_join(&pointer_join(&base, &scalar_text(media_type)), "schema");
                normalize_schema(schema, &at, cx);
            }
        }
    }
}

fn normalize_responses(responses: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    let entries = std::mem::take(responses);
    for (code, mut response) in entries {
        let code = if code.is_string() {
            code
        } else {
            Value::from(scalar_text(&code))
        };
        if let Some(map) = response.as_mapping_mut() {
            normalize_response(map, &pointer_join(pointer, &scalar_text(&code)), cx);
        }
        responses.insert(code, response);
    }
}

fn normalize_response(response: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    normalize_content(response, pointer, cx);
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_mapping_mut) {
        let base = pointer_join(pointer, "headers");
        for (name, header) in headers.iter_mut() {
            if let Some(header) = header.as_mapping_mut() {
                normalize_parameter(header, &pointer_join(&base, &scalar_text(name)), cx);
            }
        }
    }
}

fn normalize_components(components: &mut Mapping, cx: &mut Cx<'_>) {
    if let Some(schemas) = components
        .get_mut("schemas")
        .and_then(Value::as_mapping_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let pointer = pointer_join("#/components/schemas", &scalar_text(name));
            normalize_schema(schema, &pointer, cx);
        }
    }
    for key in ["parameters", "headers"] {
        if let Some(map) = components.get_mut(key).and_then(Value::as_mapping_mut) {
            let base = pointer_join("#/components", key);
            for (name, param) in map.iter_mut() {
                if let Some(param) = param.as_mapping_mut() {
                    normalize_parameter(param, &pointer_join(&base, &scalar_text(name)), cx);
                }
            }
        }
    }
    if let Some(bodies) = components
        .get_mut("requestBodies")
        .and_then(Value::as_mapping_mut)
    {
        for (name, body) in bodies.iter_mut() {
            if let Some(body) = body.as_mapping_mut() {
                let pointer = pointer_join("#/components/requestBodies", &scalar_text(name));
                normalize_content(body, &pointer, cx);
            }
        }
    }
    if let Some(responses) = components
        .get_mut("responses")
        .and_then(Value::as_mapping_mut)
    {
        for (name, response) in responses.iter_mut() {
            if let Some(response) = response.as_mapping_mut() {
                let pointer = pointer_join("#/components/responses", &scalar_text(name));
                normalize_response(response, &pointer, cx);
            }
        }
    }
}

/// A scalar as text (`1.0` → `"1.0"`, `true` → `"true"`); other values as their YAML.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> Value {
        let mut doc: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diagnostics = Diagnostics::default();
        normalize_document(&mut doc, "t.yaml", &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        doc
    }

    #[test]
    fn flattens_nested_tags_and_downgrades_the_version() {
        let doc = normalized(
            "openapi: 3.1.1\ninfo: {title: t, version: 1.0}\npaths:\n  /a:\n    get:\n      tags:\n        - - sub_a\n          - sub_a/b\n      responses:\n        200: {description: ok}\n",
        );
        assert_eq!(doc["openapi"], Value::from("3.0.3"));
        assert_eq!(doc["info"]["version"], Value::from("1.0"));
        assert_eq!(
            doc["paths"]["/a"]["get"]["tags"],
            serde_yaml::from_str::<Value>("[sub_a/b]").unwrap()
        );
        assert!(
            doc["paths"]["/a"]["get"]["responses"]
                .as_mapping()
                .unwrap()
                .contains_key("200")
        );
    }

    #[test]
    fn unsupported_keywords_are_reported_where_they_are() {
        let doc: Value = serde_yaml::from_str("openapi: 3.1.0\nwebhooks:\n  a: {}\ncomponents:\n  schemas:\n    A:\n      type: array\n      prefixItems: [{type: string}]\n      properties:\n        if: {type: string}\n").unwrap();
        let mut diagnostics = Diagnostics::default();
        report_unsupported(&doc, "t.yaml", &mut diagnostics);
        let found: Vec<String> = diagnostics
            .items()
            .iter()
            .map(|d| d.location.as_ref().unwrap().pointer.clone())
            .collect();
        assert_eq!(found, ["#/webhooks", "#/components/schemas/A/prefixItems"]);
    }

    #[test]
    fn rejects_swagger_and_unknown_versions() {
        for (text, needle) in [
            ("swagger: '2.0'", "Swagger 2.0"),
            ("openapi: 4.0.0", "unsupported OpenAPI version"),
        ] {
            let mut doc: Value = serde_yaml::from_str(text).unwrap();
            let mut diagnostics = Diagnostics::default();
            normalize_document(&mut doc, "t.yaml", &mut diagnostics);
            assert!(
                diagnostics.items()[0].message.contains(needle),
                "{diagnostics:?}"
            );
        }
    }
}
