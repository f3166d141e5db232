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
//! | `enum: [{value: x, description: d}]` | `enum: [x]` plus `x-enum-descriptions: {x: d}` |
//! | `type: [T, "null"]` / `type: "null"` | `type: T` + `nullable: true` / `nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `const: v` | `enum: [v]` plus `x-const: v` |
//! | numeric `exclusiveMinimum: n` | `minimum: n` + `exclusiveMinimum: true` (same for maximum) |
//! | `contentMediaType` / `contentEncoding` on a string without `format` | `format: binary` |
//! | `$ref` with siblings (e.g. a `description` beside it) | `allOf: [{$ref}]` with the siblings beside it |

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostics, pointer_join};

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
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (path, item) in paths.iter_mut() {
            let pointer = pointer_join("#/paths", &scalar_text(path));
            normalize_path_item(item, &pointer);
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_mapping_mut) {
        normalize_components(components);
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

fn normalize_path_item(item: &mut Value, pointer: &str) {
    let Some(item) = item.as_mapping_mut() else {
        return;
    };
    if let Some(params) = item.get_mut("parameters") {
        normalize_parameters(params, &pointer_join(pointer, "parameters"));
    }
    for method in HTTP_METHODS {
        if let Some(operation) = item.get_mut(method).and_then(Value::as_mapping_mut) {
            normalize_operation(operation, &pointer_join(pointer, method));
        }
    }
}

fn normalize_operation(operation: &mut Mapping, pointer: &str) {
    if let Some(tags) = operation.get_mut("tags") {
        flatten_nested_tags(tags);
    }
    if let Some(params) = operation.get_mut("parameters") {
        normalize_parameters(params, &pointer_join(pointer, "parameters"));
    }
    if let Some(body) = operation
        .get_mut("requestBody")
        .and_then(Value::as_mapping_mut)
    {
        normalize_content(body);
    }
    if let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_mapping_mut)
    {
        normalize_responses(responses);
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

fn normalize_parameters(params: &mut Value, _pointer: &str) {
    let Some(list) = params.as_sequence_mut() else {
        return;
    };
    for param in list.iter_mut().filter_map(Value::as_mapping_mut) {
        normalize_parameter(param);
    }
}

fn normalize_parameter(param: &mut Mapping) {
    if let Some(schema) = param.get_mut("schema") {
        normalize_schema(schema);
    }
    normalize_content(param);
}

/// Normalises the schemas of a `content` map found in `holder` (a request body, response or parameter).
fn normalize_content(holder: &mut Mapping) {
    if let Some(content) = holder.get_mut("content").and_then(Value::as_mapping_mut) {
        for media in content.values_mut().filter_map(Value::as_mapping_mut) {
            if let Some(schema) = media.get_mut("schema") {
                normalize_schema(schema);
            }
        }
    }
}

fn normalize_responses(responses: &mut Mapping) {
    let entries = std::mem::take(responses);
    for (code, mut response) in entries {
        if let Some(map) = response.as_mapping_mut() {
            normalize_response(map);
        }
        let code = if code.is_string() {
            code
        } else {
            Value::from(scalar_text(&code))
        };
        responses.insert(code, response);
    }
}

fn normalize_response(response: &mut Mapping) {
    normalize_content(response);
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_mapping_mut) {
        for header in headers.values_mut().filter_map(Value::as_mapping_mut) {
            normalize_parameter(header);
        }
    }
}

fn normalize_components(components: &mut Mapping) {
    if let Some(schemas) = components
        .get_mut("schemas")
        .and_then(Value::as_mapping_mut)
    {
        schemas.values_mut().for_each(normalize_schema);
    }
    for key in ["parameters", "headers"] {
        if let Some(map) = components.get_mut(key).and_then(Value::as_mapping_mut) {
            map.values_mut()
                .filter_map(Value::as_mapping_mut)
                .for_each(normalize_parameter);
        }
    }
    if let Some(bodies) = components
        .get_mut("requestBodies")
        .and_then(Value::as_mapping_mut)
    {
        bodies
            .values_mut()
            .filter_map(Value::as_mapping_mut)
            .for_each(normalize_content);
    }
    if let Some(responses) = components
        .get_mut("responses")
        .and_then(Value::as_mapping_mut)
    {
        responses
            .values_mut()
            .filter_map(Value::as_mapping_mut)
            .for_each(normalize_response);
    }
}

/// Applies every schema rewrite to `schema` and, recursively, to its subschemas.
pub fn normalize_schema(schema: &mut Value) {
    let Some(map) = schema.as_mapping_mut() else {
        return;
    };
    if map.contains_key("$ref") {
        wrap_ref_with_siblings(map);
        if !map.contains_key("allOf") {
            return;
        }
    }
    normalize_enum_value_objects(map);
    normalize_type_arrays(map);
    normalize_const(map);
    normalize_exclusive_bounds(map);
    normalize_content_media_type(map);
    stringify_string_enum(map);
    for_each_subschema(map, normalize_schema);
}

/// Calls `f` on every direct subschema of a schema.
pub fn for_each_subschema(map: &mut Mapping, mut f: impl FnMut(&mut Value)) {
    for key in [
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
    ] {
        if let Some(children) = map.get_mut(key).and_then(Value::as_mapping_mut) {
            children.values_mut().for_each(&mut f);
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        if let Some(children) = map.get_mut(key).and_then(Value::as_sequence_mut) {
            children.iter_mut().for_each(&mut f);
        }
    }
    for key in [
        "items",
        "not",
        "contains",
        "if",
        "then",
        "else",
        "propertyNames",
        "unevaluatedProperties",
    ] {
        if let Some(child) = map.get_mut(key) {
            f(child);
        }
    }
    if let Some(child @ Value::Mapping(_)) = map.get_mut("additionalProperties") {
        f(child);
    }
}

/// `{$ref: X, description: D}` → `{allOf: [{$ref: X}], description: D}`, so the description survives parsing.
fn wrap_ref_with_siblings(map: &mut Mapping) {
    if map.len() < 2 {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut target = Mapping::new();
    target.insert(Value::from("$ref"), reference);
    let mut wrapper = Mapping::new();
    wrapper.insert(
        Value::from("allOf"),
        Value::Sequence(vec![Value::Mapping(target)]),
    );
    for (k, v) in std::mem::take(map) {
        wrapper.insert(k, v);
    }
    *map = wrapper;
}

/// `enum: [{value: x, description: d, name: N}]` → `enum: [x]`, keeping descriptions and names as extensions.
fn normalize_enum_value_objects(map: &mut Mapping) {
    let Some(Value::Sequence(items)) = map.get_mut("enum") else {
        return;
    };
    if !items
        .iter()
        .any(|i| i.as_mapping().is_some_and(|m| m.contains_key("value")))
    {
        return;
    }
    let mut descriptions = Mapping::new();
    let mut names = Vec::new();
    for item in items.iter_mut() {
        let Some(obj) = item.as_mapping() else {
            continue;
        };
        let Some(value) = obj.get("value").cloned() else {
            continue;
        };
        if let Some(description) = obj.get("description") {
            descriptions.insert(Value::from(scalar_text(&value)), description.clone());
        }
        if let Some(name) = obj.get("name") {
            names.push((scalar_text(&value), scalar_text(name)));
        }
        *item = value;
    }
    if !descriptions.is_empty() {
        map.insert(
            Value::from("x-enum-descriptions"),
            Value::Mapping(descriptions),
        );
    }
    if !names.is_empty() {
        let names: Mapping = names
            .into_iter()
            .map(|(v, n)| (Value::from(v), Value::from(n)))
            .collect();
        map.insert(Value::from("x-enum-names"), Value::Mapping(names));
    }
}

fn normalize_type_arrays(map: &mut Mapping) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Sequence(items)) => items.iter().map(scalar_text).collect(),
        Some(Value::String(s)) if s == "null" => vec![s.clone()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let concrete: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    map.remove("type");
    if nullable {
        map.insert(Value::from("nullable"), Value::from(true));
    }
    match concrete.as_slice() {
        [] => {}
        [one] => {
            map.insert(Value::from("type"), Value::from(one.as_str()));
        }
        many => {
            let branches = many.iter().map(|t| type_branch(map, t)).collect();
            for key in [
                "items",
                "properties",
                "required",
                "additionalProperties",
                "format",
            ] {
                map.remove(key);
            }
            map.insert(Value::from("anyOf"), Value::Sequence(branches));
        }
    }
}

/// One branch of a multi-type schema: the type plus the keywords that apply to it.
fn type_branch(map: &Mapping, typ: &str) -> Value {
    let mut branch = Mapping::new();
    branch.insert(Value::from("type"), Value::from(typ));
    let keys: &[&str] = match typ {
        "array" => &["items"],
        "object" => &["properties", "required", "additionalProperties"],
        "string" | "integer" | "number" => &["format"],
        _ => &[],
    };
    for key in keys {
        if let Some(v) = map.get(*key) {
            branch.insert(Value::from(*key), v.clone());
        }
    }
    Value::Mapping(branch)
}

fn normalize_const(map: &mut Mapping) {
    let Some(value) = map.get("const").cloned() else {
        return;
    };
    map.remove("const");
    if !map.contains_key("enum") {
        map.insert(Value::from("enum"), Value::Sequence(vec![value.clone()]));
    }
    // A `const` says its type through its value; without `type`, the schema would be untyped.
    if !map.contains_key("type") {
        let typ = match &value {
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::String(_) => Some("string"),
            _ => None,
        };
        if let Some(typ) = typ {
            map.insert(Value::from("type"), Value::from(typ));
        }
    }
    map.insert(Value::from("x-const"), value);
}

fn normalize_exclusive_bounds(map: &mut Mapping) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(Value::from(bound), Value::Number(n));
            map.insert(Value::from(exclusive), Value::from(true));
        }
    }
}

fn normalize_content_media_type(map: &mut Mapping) {
    let is_string = map.get("type").and_then(Value::as_str) == Some("string");
    let is_encoded = map.contains_key("contentMediaType") || map.contains_key("contentEncoding");
    if is_string && is_encoded && !map.contains_key("format") {
        map.insert(Value::from("format"), Value::from("binary"));
    }
}

/// A string schema's `enum` and `default` are text even when YAML read them as numbers or booleans.
fn stringify_string_enum(map: &mut Mapping) {
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    if let Some(Value::Sequence(items)) = map.get_mut("enum") {
        for item in items
            .iter_mut()
            .filter(|i| matches!(i, Value::Number(_) | Value::Bool(_)))
        {
            *item = Value::from(scalar_text(item));
        }
    }
    if let Some(default @ (Value::Number(_) | Value::Bool(_))) = map.get_mut("default") {
        *default = Value::from(scalar_text(default));
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

    fn schema(yaml: &str) -> Value {
        let mut v: Value = serde_yaml::from_str(yaml).unwrap();
        normalize_schema(&mut v);
        v
    }

    #[test]
    fn rewrites_enum_value_objects_keeping_descriptions() {
        let s = schema(
            "type: string\nenum:\n  - value: processing\n    description: Busy.\n  - value: ready\n",
        );
        assert_eq!(
            s,
            serde_yaml::from_str::<Value>(
                "type: string\nenum: [processing, ready]\nx-enum-descriptions: {processing: Busy.}"
            )
            .unwrap()
        );
    }

    #[test]
    fn rewrites_nullable_type_arrays() {
        assert_eq!(
            schema("type: [string, 'null']"),
            serde_yaml::from_str::<Value>("nullable: true\ntype: string").unwrap()
        );
        let multi = schema("type: [string, integer]\nformat: int64");
        assert_eq!(
            multi,
            serde_yaml::from_str::<Value>(
                "anyOf: [{type: string, format: int64}, {type: integer, format: int64}]"
            )
            .unwrap()
        );
    }

    #[test]
    fn keeps_descriptions_beside_refs() {
        let s = schema("$ref: '#/components/schemas/A'\ndescription: The A.");
        assert_eq!(
            s,
            serde_yaml::from_str::<Value>(
                "allOf: [{$ref: '#/components/schemas/A'}]\ndescription: The A."
            )
            .unwrap()
        );
        assert_eq!(
            schema("$ref: '#/x'"),
            serde_yaml::from_str::<Value>("$ref: '#/x'").unwrap()
        );
    }

    #[test]
    fn rewrites_const_and_numeric_exclusive_bounds() {
        let s = schema("type: integer\nconst: 3\nexclusiveMinimum: 1");
        assert_eq!(
            s,
            serde_yaml::from_str::<Value>(
                "type: integer\nenum: [3]\nx-const: 3\nexclusiveMinimum: true\nminimum: 1"
            )
            .unwrap()
        );
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
    fn property_names_that_look_like_keywords_are_left_alone() {
        let s = schema(
            "type: object\nproperties:\n  type: {type: [string, 'null']}\n  enum: {type: string}\n  description: {type: string}",
        );
        assert_eq!(
            s["properties"]["type"],
            serde_yaml::from_str::<Value>("{nullable: true, type: string}").unwrap()
        );
        assert_eq!(
            s["properties"]["enum"],
            serde_yaml::from_str::<Value>("{type: string}").unwrap()
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
