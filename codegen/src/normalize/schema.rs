//! Schema rewrites: 3.1 shapes, the docs exporter's quirks, and the JSON Schema leniency real specs rely on, turned
//! into the exact keyword sets `openapiv3` accepts for each type.
//!
//! `openapiv3` decodes a schema as `type: T` only when *every* keyword present belongs to `T`; anything else
//! makes the whole schema untyped. JSON Schema, which real specs are written against, simply ignores a keyword
//! that does not apply to the instance's type. So each schema is brought to the keyword set of its type:
//!
//! | input | output |
//! | --- | --- |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` (a property that is `false` is removed: it can never be present) |
//! | `enum: [{value: x, description: d}]` | `enum: [x]` plus `x-enum-descriptions: {x: d}` |
//! | `type: [T, "null"]` / `type: "null"` | `type: T` + `nullable: true` / `nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `const: v` | `enum: [v]` plus `x-const: v` (and the type `v` has, when none is given) |
//! | numeric `exclusiveMinimum: n` | `minimum: n` + `exclusiveMinimum: true` (same for maximum) |
//! | `$ref` with siblings | `allOf: [{$ref}]` with the siblings beside it |
//! | `type` beside `allOf` | the `allOf`, its object keywords moved into one more part |
//! | `type` beside `oneOf` / `anyOf` | the union, each inline alternative without a type given the parent's |
//! | keywords of another type (`minLength` on an integer, `items` on an object) | removed; a warning when the keyword shapes data (`items`, `properties`) |
//! | `enum` on an array | moved to its items |
//! | `enum` values of another type (`["1", "2"]` on an integer) | converted when they all convert, else the `enum` is removed with a warning |
//! | `enum` without `type` | the type its values share |
//! | keyword values of the wrong shape (`maxLength: 1e3`, `pattern: 0`, `required: true`, `type: file`) | fixed when the meaning is clear, else removed with a warning |

use serde_yaml::{Mapping, Value};

use super::scalar_text;
use crate::diagnostics::{Diagnostics, pointer_join};

/// Where the rewrites report what they drop.
pub(crate) struct Cx<'a> {
    pub file: &'a str,
    pub diagnostics: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.warning(self.file, pointer, message);
    }
}

const STRING_KEYWORDS: [&str; 3] = ["pattern", "minLength", "maxLength"];
const NUMBER_KEYWORDS: [&str; 5] = [
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];
const COMPOSITION_KEYWORDS: [&str; 4] = ["allOf", "oneOf", "anyOf", "not"];

/// Keywords whose presence changes the shape of data; dropping one of them deserves a warning.
const SHAPING_KEYWORDS: [&str; 3] = ["properties", "items", "additionalProperties"];

/// Applies every schema rewrite to the schema at `pointer` and, recursively, to its subschemas.
pub(crate) fn normalize_schema(schema: &mut Value, pointer: &str, cx: &mut Cx<'_>) {
    match schema {
        Value::Bool(true) => {
            *schema = Value::Mapping(Mapping::new());
            return;
        }
        Value::Bool(false) => {
            let mut never = Mapping::new();
            never.insert(Value::from("not"), Value::Mapping(Mapping::new()));
            *schema = Value::Mapping(never);
            cx.warn(
                pointer,
                "the schema `false` allows no value; it is kept as untyped JSON",
            );
            return;
        }
        Value::Mapping(_) => {}
        Value::Tagged(_)
        | Value::Sequence(_)
        | Value::String(_)
        | Value::Number(_)
        | Value::Null => {
            cx.warn(
                pointer,
                "expected a schema (a mapping); this is kept as untyped JSON",
            );
            *schema = Value::Mapping(Mapping::new());
            return;
        }
    }
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
    normalize_examples(map);
    fix_keyword_shapes(map, pointer, cx);
    normalize_type_arrays(map);
    normalize_const(map);
    normalize_exclusive_bounds(map);
    infer_enum_type(map);
    compose_with_type(map, pointer, cx);
    strip_keywords_of_other_types(map, pointer, cx);
    coerce_enum_values(map, pointer, cx);
    coerce_integer_bounds(map);
    normalize_content_media_type(map);
    for_each_subschema(map, pointer, |child, child_pointer| {
        normalize_schema(child, child_pointer, cx);
    });
}

/// Calls `f` on every direct subschema of a schema, with its pointer. Properties whose schema is `false` are
/// removed first: such a property can never be present.
pub(crate) fn for_each_subschema(
    map: &mut Mapping,
    pointer: &str,
    mut f: impl FnMut(&mut Value, &str),
) {
    if let Some(properties) = map.get_mut("properties").and_then(Value::as_mapping_mut) {
        properties.retain(|_, schema| !matches!(schema, Value::Bool(false)));
    }
    for key in [
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
    ] {
        if let Some(children) = map.get_mut(key).and_then(Value::as_mapping_mut) {
            let base = pointer_join(pointer, key);
            for (name, child) in children.iter_mut() {
                f(child, &pointer_join(&base, &scalar_text(name)));
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        if let Some(children) = map.get_mut(key).and_then(Value::as_sequence_mut) {
            let base = pointer_join(pointer, key);
            for (index, child) in children.iter_mut().enumerate() {
                f(child, &pointer_join(&base, &index.to_string()));
            }
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
            f(child, &pointer_join(pointer, key));
        }
    }
    if let Some(child @ Value::Mapping(_)) = map.get_mut("additionalProperties") {
        f(child, &pointer_join(pointer, "additionalProperties"));
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

/// 3.1's `examples: [a, b]` (which `openapiv3` drops) → `example: a`, with all of them kept as `x-examples`.
fn normalize_examples(map: &mut Mapping) {
    if let Some(Value::Sequence(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.first()
            && !map.contains_key("example")
        {
            map.insert(Value::from("example"), first.clone());
        }
        map.insert(Value::from("x-examples"), Value::Sequence(examples));
    }
}

/// A non-negative integer, from an integer or a float with no fraction (`1e3`).
fn as_count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u32::MAX as f64)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Fixes keyword values of the wrong shape, or removes them when their meaning is not clear.
fn fix_keyword_shapes(map: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if let Some(value) = map.get(key) {
            match as_count(value) {
                Some(count) if !matches!(value, Value::Number(n) if n.is_u64()) => {
                    map.insert(Value::from(key), Value::from(count));
                }
                Some(_) => {}
                None => {
                    map.remove(key);
                }
            }
        }
    }
    for key in ["pattern", "format"] {
        match map.get(key) {
            Some(Value::String(_)) | None => {}
            Some(value @ (Value::Number(_) | Value::Bool(_))) => {
                let text = scalar_text(value);
                map.insert(Value::from(key), Value::from(text));
            }
            Some(_) => {
                map.remove(key);
            }
        }
    }
    for key in [
        "uniqueItems",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ] {
        match map.get(key) {
            Some(Value::Bool(_) | Value::Number(_)) | None => {}
            Some(Value::String(s)) if s == "true" || s == "false" => {
                let flag = s == "true";
                map.insert(Value::from(key), Value::from(flag));
            }
            Some(_) => {
                map.remove(key);
            }
        }
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        match map.get(key) {
            Some(Value::Number(_)) | None => {}
            Some(Value::String(s)) => match s.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    let number = if n.fract() == 0.0 && n.abs() < 9.0e15 {
                        Value::from(n as i64)
                    } else {
                        Value::from(n)
                    };
                    map.insert(Value::from(key), number);
                }
                _ => {
                    map.remove(key);
                }
            },
            Some(_) => {
                map.remove(key);
            }
        }
    }
    match map.get("required") {
        Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => {}
        Some(Value::Sequence(items)) => {
            let names: Vec<Value> = items
                .iter()
                .filter(|i| matches!(i, Value::String(_) | Value::Number(_)))
                .map(|i| Value::from(scalar_text(i)))
                .collect();
            map.insert(Value::from("required"), Value::Sequence(names));
        }
        // Swagger 1.x and some 2.0 documents write `required: true` on a property; that belongs to the parent.
        Some(_) => {
            map.remove("required");
        }
        None => {}
    }
    if let Some(properties) = map.get("properties")
        && !properties.is_mapping()
    {
        map.remove("properties");
        cx.warn(
            &pointer_join(pointer, "properties"),
            "`properties` is not a mapping of names to schemas; it is ignored",
        );
    }
    if let Some(additional) = map.get("additionalProperties")
        && !matches!(additional, Value::Bool(_) | Value::Mapping(_))
    {
        map.remove("additionalProperties");
    }
    match map.get("items") {
        Some(Value::Sequence(items)) => {
            // Draft 4's tuple form. One schema for all items is still a list of that schema.
            let items = items.clone();
            if let [only] = items.as_slice() {
                map.insert(Value::from("items"), only.clone());
            } else {
                map.insert(Value::from("items"), Value::Mapping(Mapping::new()));
                cx.warn(
                    &pointer_join(pointer, "items"),
                    "`items` as a list (a tuple of item types) cannot be expressed; the items are untyped JSON",
                );
            }
        }
        Some(Value::Mapping(_) | Value::Bool(_)) | None => {}
        Some(_) => {
            map.remove("items");
        }
    }
    if let Some(discriminator) = map.get("discriminator")
        && !discriminator
            .get("propertyName")
            .is_some_and(Value::is_string)
    {
        map.remove("discriminator");
        cx.warn(
            &pointer_join(pointer, "discriminator"),
            "the discriminator has no `propertyName`; it is ignored",
        );
    }
    for key in COMPOSITION_KEYWORDS {
        let valid = match map.get(key) {
            None => true,
            Some(Value::Sequence(items)) => key != "not" && !items.is_empty(),
            Some(Value::Mapping(_) | Value::Bool(_)) => key == "not",
            Some(_) => false,
        };
        if !valid {
            map.remove(key);
            cx.warn(
                &pointer_join(pointer, key),
                format!("`{key}` has no schemas in it; it is ignored"),
            );
        }
    }
    fix_type_name(map, pointer, cx);
}

/// Names of types that are not JSON Schema's, as older specs write them.
fn fix_type_name(map: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    let fixed = |name: &str| -> Option<Option<(&'static str, Option<&'static str>)>> {
        Some(match name {
            "string" | "number" | "integer" | "boolean" | "object" | "array" | "null" => {
                return None;
            }
            "file" => Some(("string", Some("binary"))),
            "int" | "long" => Some(("integer", None)),
            "float" | "double" => Some(("number", None)),
            "bool" => Some(("boolean", None)),
            "date" => Some(("string", Some("date"))),
            "datetime" | "date-time" => Some(("string", Some("date-time"))),
            "any" | "" => None,
            _ => None,
        })
    };
    match map.get("type").cloned() {
        Some(Value::String(name)) => {
            if let Some(replacement) = fixed(&name) {
                match replacement {
                    Some((typ, format)) => {
                        map.insert(Value::from("type"), Value::from(typ));
                        if let Some(format) = format
                            && !map.contains_key("format")
                        {
                            map.insert(Value::from("format"), Value::from(format));
                        }
                    }
                    None => {
                        map.remove("type");
                        if name != "any" && !name.is_empty() {
                            cx.warn(
                                &pointer_join(pointer, "type"),
                                format!("`type: {name}` is not a JSON Schema type; the value is untyped JSON"),
                            );
                        }
                    }
                }
            }
        }
        Some(Value::Sequence(items)) => {
            let names: Vec<Value> = items
                .iter()
                .filter_map(|item| {
                    let name = scalar_text(item);
                    match fixed(&name) {
                        None => Some(Value::from(name)),
                        Some(Some((typ, _))) => Some(Value::from(typ)),
                        Some(None) => None,
                    }
                })
                .collect();
            if names.is_empty() {
                map.remove("type");
            } else {
                map.insert(Value::from("type"), Value::Sequence(names));
            }
        }
        Some(Value::Null) => {
            map.remove("type");
        }
        Some(other) => {
            map.remove("type");
            cx.warn(
                &pointer_join(pointer, "type"),
                format!(
                    "`type: {}` is not a JSON Schema type; the value is untyped JSON",
                    scalar_text(&other)
                ),
            );
        }
        None => {}
    }
}

fn normalize_type_arrays(map: &mut Mapping) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Sequence(items)) => items.iter().map(scalar_text).collect(),
        Some(Value::String(s)) if s == "null" => vec![s.clone()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut concrete: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    concrete.dedup();
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
            for key in STRING_KEYWORDS
                .iter()
                .chain(&NUMBER_KEYWORDS)
                .chain(&OBJECT_KEYWORDS)
                .chain(&ARRAY_KEYWORDS)
                .chain(&["format", "enum"])
            {
                map.remove(*key);
            }
            map.insert(Value::from("anyOf"), Value::Sequence(branches));
        }
    }
}

/// One branch of a multi-type schema: the type plus the keywords that apply to it.
fn type_branch(map: &Mapping, typ: &str) -> Value {
    let mut branch = Mapping::new();
    branch.insert(Value::from("type"), Value::from(typ));
    for key in applicable_keywords(typ).iter().chain(&["format"]) {
        if let Some(v) = map.get(*key) {
            branch.insert(Value::from(*key), v.clone());
        }
    }
    if let Some(Value::Sequence(values)) = map.get("enum") {
        let fitting: Vec<Value> = values
            .iter()
            .filter(|v| value_fits(v, typ))
            .cloned()
            .collect();
        if !fitting.is_empty() {
            branch.insert(Value::from("enum"), Value::Sequence(fitting));
        }
    }
    Value::Mapping(branch)
}

/// The keywords (besides `enum`, `format` and the shared ones) that belong to a type.
fn applicable_keywords(typ: &str) -> &'static [&'static str] {
    match typ {
        "string" => &STRING_KEYWORDS,
        "integer" | "number" => &NUMBER_KEYWORDS,
        "object" => &OBJECT_KEYWORDS,
        "array" => &ARRAY_KEYWORDS,
        _ => &[],
    }
}

/// Whether a value is of a JSON Schema type.
fn value_fits(value: &Value, typ: &str) -> bool {
    match (typ, value) {
        ("string", Value::String(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        ("number", Value::Number(_)) => true,
        ("boolean", Value::Bool(_)) => true,
        ("object", Value::Mapping(_)) => true,
        ("array", Value::Sequence(_)) => true,
        _ => false,
    }
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

/// An `enum` without a `type` has the type its values share (`enum: [a, b]` is a string enum).
fn infer_enum_type(map: &mut Mapping) {
    if map.contains_key("type") || COMPOSITION_KEYWORDS.iter().any(|k| map.contains_key(*k)) {
        return;
    }
    let Some(Value::Sequence(values)) = map.get("enum") else {
        return;
    };
    let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let typ = ["string", "integer", "number", "boolean"]
        .into_iter()
        .find(|typ| !non_null.is_empty() && non_null.iter().all(|v| value_fits(v, typ)));
    if let Some(typ) = typ {
        if non_null.len() < values.len() {
            map.insert(Value::from("nullable"), Value::from(true));
        }
        map.insert(Value::from("type"), Value::from(typ));
    }
}

/// `type` beside `allOf` / `oneOf` / `anyOf` / `not`: the composition says the shape, so `type` moves into it.
fn compose_with_type(map: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    let Some(typ) = map.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    if map.contains_key("allOf") {
        map.remove("type");
        // Object keywords beside `allOf` are one more part of it.
        let mut own = Mapping::new();
        for key in OBJECT_KEYWORDS {
            if let Some(value) = map.remove(key) {
                own.insert(Value::from(key), value);
            }
        }
        if !own.is_empty() {
            own.insert(Value::from("type"), Value::from("object"));
            if let Some(Value::Sequence(parts)) = map.get_mut("allOf") {
                parts.push(Value::Mapping(own));
            }
        }
        return;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Sequence(alternatives)) = map.get_mut(key) {
            for alternative in alternatives.iter_mut().filter_map(Value::as_mapping_mut) {
                let typed = alternative.contains_key("type")
                    || alternative.contains_key("$ref")
                    || COMPOSITION_KEYWORDS
                        .iter()
                        .any(|k| alternative.contains_key(*k));
                if !typed {
                    alternative.insert(Value::from("type"), Value::from(typ.as_str()));
                }
            }
        }
    }
    if map.contains_key("oneOf") || map.contains_key("anyOf") {
        map.remove("type");
        // With `properties` beside the union, the schema is an object holding the union's fields too.
        if typ != "object" {
            for key in OBJECT_KEYWORDS {
                map.remove(key);
            }
        }
        map.remove("not");
        return;
    }
    if map.contains_key("not") {
        map.remove("not");
        cx.warn(
            &pointer_join(pointer, "not"),
            "`not` cannot be expressed in the generated types and is left out",
        );
    }
}

/// Removes the keywords that do not apply to the schema's type (JSON Schema ignores them too).
fn strip_keywords_of_other_types(map: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    let Some(typ) = map.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    if typ == "array"
        && let Some(Value::Sequence(values)) = map.get("enum").cloned()
    {
        // The allowed item values, written one level too high.
        map.remove("enum");
        let scalar = values
            .iter()
            .all(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)));
        if let Some(Value::Mapping(items)) = map.get_mut("items")
            && scalar
            && !items.contains_key("enum")
            && !items.contains_key("$ref")
        {
            items.insert(Value::from("enum"), Value::Sequence(values));
        }
    }
    let own = applicable_keywords(&typ);
    let others = STRING_KEYWORDS
        .iter()
        .chain(&NUMBER_KEYWORDS)
        .chain(&OBJECT_KEYWORDS)
        .chain(&ARRAY_KEYWORDS)
        .filter(|k| !own.contains(k));
    let mut dropped = Vec::new();
    for key in others {
        if map.remove(*key).is_some() && SHAPING_KEYWORDS.contains(key) {
            dropped.push(*key);
        }
    }
    if matches!(typ.as_str(), "boolean" | "object" | "array") {
        map.remove("format");
    }
    if typ == "object" || typ == "array" {
        map.remove("enum");
    }
    for key in dropped {
        cx.warn(
            &pointer_join(pointer, key),
            format!("`{key}` does not apply to `type: {typ}` and is ignored"),
        );
    }
}

/// Converts `enum` values to the declared type when they all convert (`"1"` on an integer), turns `null` into
/// `nullable: true`, and otherwise removes the `enum` with a warning.
fn coerce_enum_values(map: &mut Mapping, pointer: &str, cx: &mut Cx<'_>) {
    let Some(typ) = map.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let Some(Value::Sequence(values)) = map.get("enum").cloned() else {
        return;
    };
    let mut nullable = false;
    let mut converted = Vec::new();
    let mut failed = None;
    for value in values {
        if value.is_null() {
            nullable = true;
            continue;
        }
        let fitted = match (typ.as_str(), &value) {
            (_, v) if value_fits(v, &typ) => match v {
                Value::Number(n) if typ == "integer" && !(n.is_i64() || n.is_u64()) => {
                    n.as_f64().map(|f| Value::from(f as i64))
                }
                _ => Some(value.clone()),
            },
            ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::from(scalar_text(&value))),
            ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
            ("number", Value::String(s)) => s.trim().parse::<f64>().ok().map(Value::from),
            ("boolean", Value::String(s)) => match s.trim() {
                "true" | "1" => Some(Value::from(true)),
                "false" | "0" => Some(Value::from(false)),
                _ => None,
            },
            ("boolean", Value::Number(n)) => match n.as_i64() {
                Some(1) => Some(Value::from(true)),
                Some(0) => Some(Value::from(false)),
                _ => None,
            },
            _ => None,
        };
        match fitted {
            Some(v) => converted.push(v),
            None => {
                failed.get_or_insert(value);
            }
        }
    }
    if nullable {
        map.insert(Value::from("nullable"), Value::from(true));
    }
    match failed {
        Some(value) => {
            map.remove("enum");
            cx.warn(
                &pointer_join(pointer, "enum"),
                format!(
                    "`enum` value `{}` is not a `{typ}`, so the values are not listed in the generated type; any `{typ}` is accepted",
                    scalar_text(&value)
                ),
            );
        }
        None if converted.is_empty() => {
            map.remove("enum");
        }
        None => {
            map.insert(Value::from("enum"), Value::Sequence(converted));
        }
    }
}

/// Bounds of an integer are integers: `maximum: 1e3` is `1000`; a bound no `i64` can hold says nothing useful.
fn coerce_integer_bounds(map: &mut Mapping) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(Value::Number(n)) = map.get(key).cloned()
            && !n.is_i64()
        {
            match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
                    map.insert(Value::from(key), Value::from(f as i64));
                }
                _ => {
                    map.remove(key);
                }
            }
        }
    }
}

fn normalize_content_media_type(map: &mut Mapping) {
    let is_string = map.get("type").and_then(Value::as_str) == Some("string");
    let is_encoded = map.contains_key("contentMediaType") || map.contains_key("contentEncoding");
    if is_string && is_encoded && !map.contains_key("format") {
        map.insert(Value::from("format"), Value::from("binary"));
    }
    if is_string && let Some(default @ (Value::Number(_) | Value::Bool(_))) = map.get_mut("default")
    {
        *default = Value::from(scalar_text(default));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises a schema; returns it with the pointers of the warnings.
    fn normalized(yaml: &str) -> (Value, Vec<String>) {
        let mut v: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diagnostics = Diagnostics::default();
        let mut cx = Cx {
            file: "t.yaml",
            diagnostics: &mut diagnostics,
        };
        normalize_schema(&mut v, "#/s", &mut cx);
        let warnings = diagnostics
            .items()
            .iter()
            .map(|d| d.location.as_ref().unwrap().pointer.clone())
            .collect();
        (v, warnings)
    }

    fn schema(yaml: &str) -> Value {
        normalized(yaml).0
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn rewrites_enum_value_objects_keeping_descriptions() {
        assert_eq!(
            schema(
                "type: string\nenum:\n  - value: processing\n    description: Busy.\n  - value: ready\n"
            ),
            yaml(
                "type: string\nenum: [processing, ready]\nx-enum-descriptions: {processing: Busy.}"
            )
        );
    }

    #[test]
    fn rewrites_nullable_type_arrays() {
        assert_eq!(
            schema("type: [string, 'null']"),
            yaml("nullable: true\ntype: string")
        );
        assert_eq!(
            schema("type: [string, integer]\nformat: int64"),
            yaml("anyOf: [{type: string, format: int64}, {type: integer, format: int64}]")
        );
    }

    #[test]
    fn keeps_descriptions_beside_refs() {
        assert_eq!(
            schema("$ref: '#/components/schemas/A'\ndescription: The A."),
            yaml("allOf: [{$ref: '#/components/schemas/A'}]\ndescription: The A.")
        );
        assert_eq!(schema("$ref: '#/x'"), yaml("$ref: '#/x'"));
        // A sibling `type` is dropped: the reference says the type.
        assert_eq!(
            schema("$ref: '#/x'\ntype: object\ndescription: d"),
            yaml("allOf: [{$ref: '#/x'}]\ndescription: d")
        );
    }

    #[test]
    fn rewrites_const_and_numeric_exclusive_bounds() {
        assert_eq!(
            schema("type: integer\nconst: 3\nexclusiveMinimum: 1"),
            yaml("type: integer\nenum: [3]\nx-const: 3\nexclusiveMinimum: true\nminimum: 1")
        );
    }

    #[test]
    fn boolean_schemas_become_mappings() {
        assert_eq!(schema("true"), yaml("{}"));
        let (never, warnings) = normalized("false");
        assert_eq!(never, yaml("{not: {}}"));
        assert_eq!(warnings, ["#/s"]);
        assert_eq!(
            schema("type: object\nproperties:\n  a: false\n  b: true"),
            yaml("type: object\nproperties:\n  b: {}")
        );
    }

    #[test]
    fn keywords_of_other_types_are_dropped() {
        assert_eq!(
            schema("type: integer\nminLength: 1\nmaxLength: 5\nformat: int32"),
            yaml("type: integer\nformat: int32")
        );
        assert_eq!(
            schema("type: string\nminimum: 1\nuniqueItems: true"),
            yaml("type: string")
        );
        let (object, warnings) =
            normalized("type: object\nitems: {type: string}\nproperties: {a: {type: string}}");
        assert_eq!(
            object,
            yaml("type: object\nproperties: {a: {type: string}}")
        );
        assert_eq!(warnings, ["#/s/items"]);
        assert_eq!(
            schema("type: array\nitems: {$ref: '#/x'}\nproperties: {a: {}}\nrequired: [a]"),
            yaml("type: array\nitems: {$ref: '#/x'}")
        );
        assert_eq!(
            schema("type: boolean\nformat: int32"),
            yaml("type: boolean")
        );
    }

    #[test]
    fn type_beside_compositions_moves_into_them() {
        assert_eq!(
            schema(
                "type: object\nallOf: [{$ref: '#/a'}]\nproperties: {b: {type: string}}\nrequired: [b]"
            ),
            yaml(
                "allOf:\n  - {$ref: '#/a'}\n  - {properties: {b: {type: string}}, required: [b], type: object}"
            )
        );
        assert_eq!(
            schema("type: object\noneOf: [{$ref: '#/a'}, {properties: {b: {type: string}}}]"),
            yaml("oneOf: [{$ref: '#/a'}, {properties: {b: {type: string}}, type: object}]")
        );
        assert_eq!(
            schema("type: object\nproperties: {kind: {type: string}}\noneOf: [{$ref: '#/a'}]"),
            yaml("properties: {kind: {type: string}}\noneOf: [{$ref: '#/a'}]")
        );
    }

    #[test]
    fn enums_are_fitted_to_their_type() {
        assert_eq!(
            schema("type: integer\nenum: ['1', '2', 4]"),
            yaml("type: integer\nenum: [1, 2, 4]")
        );
        assert_eq!(
            schema("type: boolean\nenum: ['0', '1']"),
            yaml("type: boolean\nenum: [false, true]")
        );
        assert_eq!(
            schema("type: string\nenum: [a, null]"),
            yaml("type: string\nenum: [a]\nnullable: true")
        );
        let (mixed, warnings) = normalized("type: integer\nenum: [1, two]");
        assert_eq!(mixed, yaml("type: integer"));
        assert_eq!(warnings, ["#/s/enum"]);
        assert_eq!(
            schema("type: array\nenum: [pc, mobile]\nitems: {type: string}"),
            yaml("type: array\nitems: {type: string, enum: [pc, mobile]}")
        );
        assert_eq!(schema("enum: [a, b]"), yaml("enum: [a, b]\ntype: string"));
        assert_eq!(schema("enum: [1, 2]"), yaml("enum: [1, 2]\ntype: integer"));
    }

    #[test]
    fn keyword_values_of_the_wrong_shape_are_fixed() {
        assert_eq!(
            schema("type: string\nmaxLength: 1e3\npattern: 0"),
            yaml("type: string\nmaxLength: 1000\npattern: '0'")
        );
        assert_eq!(
            schema("type: integer\nmaximum: 1e3\nminimum: 18446744073709552000.0"),
            yaml("type: integer\nmaximum: 1000")
        );
        assert_eq!(
            schema("type: object\nproperties: {a: {type: string, required: true}}"),
            yaml("type: object\nproperties: {a: {type: string}}")
        );
        assert_eq!(schema("type: file"), yaml("type: string\nformat: binary"));
        assert_eq!(
            schema("type: array\nitems: [{type: string}]"),
            yaml("type: array\nitems: {type: string}")
        );
    }
}
