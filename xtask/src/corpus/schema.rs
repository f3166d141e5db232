//! Enough of a JSON Schema validator to tell whether an example a spec gives is valid against the spec's own
//! schema. An example that is, yet does not decode into the generated type, is a generator bug; one that is not
//! is the spec's mistake.
//!
//! Checked: local `$ref`s, `type` (a name or a list of names, with OpenAPI 3.0's `nullable`), `enum`, `const`,
//! `required`, `properties`, `additionalProperties`, `items`, `allOf`, and `oneOf`/`anyOf` (valid when any
//! alternative is: the generated decoder tries the alternatives in turn, so "exactly one" is not its rule).
//! Two readings go beyond JSON Schema, as OpenAPI tools and this generator read schemas: `properties` without a
//! `type` means an object, the formats `date` and `date-time` are checked (see `formats`), because the
//! generated types are chrono's, and `int32`/`int64` bound integers, because they are `i32`/`i64`. Ignored:
//! other formats, string and number bounds, `not`, `patternProperties` and
//! the rest; what is ignored can only make an invalid example look valid, which errs towards reporting a
//! generator bug rather than hiding one.

use serde_json::Value;

use super::formats::breaks_format;
use super::pointer::resolve_reference;

/// `$ref`s followed in a row without reaching a value: past this the schema refers only to itself.
const MAX_DEPTH: usize = 64;

/// Validates values against schemas of one document.
pub struct Validator<'a> {
    root: &'a Value,
    /// OpenAPI 3.1 (JSON Schema 2020-12) applies the keywords beside a `$ref`; 3.0 ignores them.
    keywords_beside_ref: bool,
}

impl<'a> Validator<'a> {
    /// A validator for the schemas of `document` (an OpenAPI document; its `openapi` field picks the `$ref` rule).
    pub fn new(document: &'a Value) -> Self {
        let version = document
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or("");
        Validator {
            root: document,
            keywords_beside_ref: version.starts_with("3.1"),
        }
    }

    /// `Ok` when `value` is valid against `schema`; otherwise the first reason it is not, with the place in the
    /// value (`/items/0/id: ...`).
    pub fn validate(&self, schema: &Value, value: &Value) -> Result<(), String> {
        self.check(schema, value, "", 0)
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, depth: usize) -> Result<(), String> {
        let schema = match schema {
            Value::Bool(true) => return Ok(()),
            Value::Bool(false) => {
                return Err(format!("{}: the schema `false` allows nothing", place(at)));
            }
            Value::Object(schema) => schema,
            _ => return Ok(()),
        };
        if depth > MAX_DEPTH {
            return Ok(());
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            // A reference that does not resolve was reported by the generator already; nothing to check here.
            if let Some(target) = resolve_reference(self.root, reference) {
                self.check(target, value, at, depth + 1)?;
            }
            if !self.keywords_beside_ref {
                return Ok(());
            }
        }
        if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return Ok(());
        }
        match schema.get("type") {
            Some(types) => check_type(types, value, at)?,
            None if schema.contains_key("properties") => {
                check_type(&Value::from("object"), value, at)?;
            }
            None => {}
        }
        if let (Some(format), Some(text)) =
            (schema.get("format").and_then(Value::as_str), value.as_str())
            && breaks_format(format, text)
        {
            return Err(format!(
                "{}: {} is not a `{format}`",
                place(at),
                shown(value)
            ));
        }
        // `int32` and `int64` too, for the same reason: the generated types are `i32` and `i64`.
        if let (Some(format @ ("int32" | "int64")), Some(number)) = (
            schema.get("format").and_then(Value::as_str),
            value.as_number(),
        ) && let fits = match (number.as_i64(), number.as_u64()) {
            (Some(whole), _) => format == "int64" || i32::try_from(whole).is_ok(),
            // Above `i64::MAX`.
            (None, Some(_)) => false,
            // Not a whole number: `type` judges it.
            (None, None) => true,
        } && !fits
        {
            return Err(format!(
                "{}: {} does not fit `{format}`",
                place(at),
                shown(value)
            ));
        }
        if let Some(Value::Array(allowed)) = schema.get("enum")
            && !allowed.iter().any(|item| same_json(item, value))
        {
            return Err(format!(
                "{}: {} is not one of the `enum` values",
                place(at),
                shown(value)
            ));
        }
        if let Some(constant) = schema.get("const")
            && !same_json(constant, value)
        {
            return Err(format!(
                "{}: {} is not the `const` value",
                place(at),
                shown(value)
            ));
        }
        match value {
            Value::Object(object) => self.check_object(schema, object, at, depth)?,
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items").filter(|s| !s.is_array()) {
                    for (index, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &format!("{at}/{index}"), depth + 1)?;
                    }
                }
            }
            _ => {}
        }
        if let Some(Value::Array(parts)) = schema.get("allOf") {
            for part in parts {
                self.check(part, value, at, depth + 1)?;
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(alternatives)) = schema.get(keyword) {
                let mut reasons = alternatives
                    .iter()
                    .map(|alternative| self.check(alternative, value, at, depth + 1));
                if !alternatives.is_empty() && reasons.all(|reason| reason.is_err()) {
                    return Err(format!(
                        "{}: matches none of the {} alternatives of `{keyword}`",
                        place(at),
                        alternatives.len()
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_object(
        &self,
        schema: &serde_json::Map<String, Value>,
        object: &serde_json::Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        if let Some(Value::Array(required)) = schema.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    return Err(format!(
                        "{}: the required property `{name}` is missing",
                        place(at)
                    ));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in object {
            let here = format!("{at}/{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(property_schema) => self.check(property_schema, property, &here, depth + 1)?,
                // Without a regex engine, names a `patternProperties` may match are not judged.
                None if schema.contains_key("patternProperties") => {}
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        return Err(format!(
                            "{}: `{name}` is not a property the schema allows (`additionalProperties: false`)",
                            place(at)
                        ));
                    }
                    Some(additional @ Value::Object(_)) => {
                        self.check(additional, property, &here, depth + 1)?;
                    }
                    _ => {}
                },
            }
        }
        Ok(())
    }
}

/// `type: T` or `type: [T, U]`; names other than JSON Schema's (such as Swagger's `file`) allow anything.
fn check_type(types: &Value, value: &Value, at: &str) -> Result<(), String> {
    let names: Vec<&str> = match types {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => return Ok(()),
    };
    if names.is_empty() || names.iter().any(|name| has_type(value, name)) {
        return Ok(());
    }
    Err(format!(
        "{}: expected {}, found {}",
        place(at),
        names.join(" or "),
        shown(value)
    ))
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        _ => true,
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The place in the value, `/` for the value itself.
fn place(at: &str) -> &str {
    if at.is_empty() { "/" } else { at }
}

/// A short rendering of a value for a message.
fn shown(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".to_string(),
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => return "an array".to_string(),
        Value::Object(_) => return "an object".to_string(),
    };
    let text = value.to_string();
    let text = match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    };
    format!("{kind} `{text}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn validate(document: &Value, schema: Value, value: Value) -> Result<(), String> {
        Validator::new(document).validate(&schema, &value)
    }

    #[test]
    fn integer_formats_bound_the_value() {
        let doc = json!({});
        let int32 = json!({"type": "integer", "format": "int32"});
        assert!(validate(&doc, int32.clone(), json!(2147483647)).is_ok());
        assert!(validate(&doc, int32.clone(), json!(1418556477882_i64)).is_err());
        let int64 = json!({"type": "integer", "format": "int64"});
        assert!(validate(&doc, int64.clone(), json!(1418556477882_i64)).is_ok());
        assert!(validate(&doc, int64, json!(18446744073709551615_u64)).is_err());
    }

    #[test]
    fn types_including_lists_of_types_and_nullable() {
        let doc = json!({"openapi": "3.0.3"});
        assert!(validate(&doc, json!({"type": "integer"}), json!(3)).is_ok());
        assert!(validate(&doc, json!({"type": "integer"}), json!(3.0)).is_ok());
        assert_eq!(
            validate(&doc, json!({"type": "integer"}), json!("3")),
            Err("/: expected integer, found string `\"3\"`".to_string())
        );
        assert!(validate(&doc, json!({"type": ["string", "null"]}), json!(null)).is_ok());
        assert!(validate(&doc, json!({"type": "string"}), json!(null)).is_err());
        assert!(
            validate(
                &doc,
                json!({"type": "string", "nullable": true}),
                json!(null)
            )
            .is_ok()
        );
        assert!(validate(&doc, json!({"type": "file"}), json!({})).is_ok());
    }

    #[test]
    fn properties_mean_an_object_and_dates_are_checked() {
        let doc = json!({"openapi": "3.0.3"});
        let untyped = json!({"properties": {"a": {"type": "string"}}});
        assert!(validate(&doc, untyped.clone(), json!({"a": "x"})).is_ok());
        assert!(validate(&doc, untyped, json!([{"a": "x"}])).is_err());
        let date = json!({"type": "string", "format": "date-time"});
        assert!(validate(&doc, date.clone(), json!("2025-10-15T13:52:39.186Z")).is_ok());
        assert_eq!(
            validate(&doc, date, json!("date-time")),
            Err("/: string `\"date-time\"` is not a `date-time`".to_string())
        );
        assert!(
            validate(
                &doc,
                json!({"type": "string", "format": "uuid"}),
                json!("x")
            )
            .is_ok()
        );
    }

    #[test]
    fn enums_and_constants() {
        let doc = json!({"openapi": "3.1.0"});
        let schema = json!({"enum": ["a", 1]});
        assert!(validate(&doc, schema.clone(), json!(1.0)).is_ok());
        assert_eq!(
            validate(&doc, schema, json!("b")),
            Err("/: string `\"b\"` is not one of the `enum` values".to_string())
        );
        assert!(validate(&doc, json!({"const": {"k": [1]}}), json!({"k": [1]})).is_ok());
        assert!(validate(&doc, json!({"const": "x"}), json!("y")).is_err());
    }

    #[test]
    fn objects_with_required_properties_and_closed_sets() {
        let doc = json!({"openapi": "3.0.0"});
        let schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": false
        });
        assert!(validate(&doc, schema.clone(), json!({"id": "x", "tags": ["a"]})).is_ok());
        assert_eq!(
            validate(&doc, schema.clone(), json!({"tags": []})),
            Err("/: the required property `id` is missing".to_string())
        );
        assert_eq!(
            validate(&doc, schema.clone(), json!({"id": "x", "tags": ["a", 2]})),
            Err("/tags/1: expected string, found number `2`".to_string())
        );
        assert!(validate(&doc, schema, json!({"id": "x", "extra": 1})).is_err());
        let map = json!({"type": "object", "additionalProperties": {"type": "integer"}});
        assert!(validate(&doc, map.clone(), json!({"a": 1})).is_ok());
        assert!(validate(&doc, map, json!({"a": "1"})).is_err());
    }

    #[test]
    fn references_including_percent_encoded_ones_and_cycles() {
        let doc = json!({
            "openapi": "3.0.0",
            "components": {"schemas": {
                "Id": {"type": "integer"},
                "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
                "Loop": {"$ref": "#/components/schemas/Loop"}
            }},
            "paths": {"/a/{b}": {"x": {"type": "string"}}}
        });
        assert!(validate(&doc, json!({"$ref": "#/components/schemas/Id"}), json!(1)).is_ok());
        assert!(validate(&doc, json!({"$ref": "#/components/schemas/Id"}), json!("1")).is_err());
        assert!(validate(&doc, json!({"$ref": "#/paths/~1a~1%7Bb%7D/x"}), json!(1)).is_err());
        let list = json!({"next": {"next": {"next": 5}}});
        assert_eq!(
            validate(&doc, json!({"$ref": "#/components/schemas/Node"}), list),
            Err("/next/next/next: expected object, found number `5`".to_string())
        );
        assert!(validate(&doc, json!({"$ref": "#/components/schemas/Loop"}), json!(1)).is_ok());
    }

    #[test]
    fn keywords_beside_a_ref_apply_in_3_1_only() {
        let schema = json!({"$ref": "#/components/schemas/Id", "type": "string"});
        let components = json!({"schemas": {"Id": {"type": "integer"}}});
        let v3_0 = json!({"openapi": "3.0.3", "components": components.clone()});
        let v3_1 = json!({"openapi": "3.1.0", "components": components});
        assert!(validate(&v3_0, schema.clone(), json!(1)).is_ok());
        assert!(validate(&v3_1, schema, json!(1)).is_err());
    }

    #[test]
    fn combinations() {
        let doc = json!({"openapi": "3.1.0"});
        let all = json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]});
        assert!(validate(&doc, all.clone(), json!({"a": 1, "b": 2})).is_ok());
        assert!(validate(&doc, all, json!({"a": 1})).is_err());
        // Both alternatives match: invalid for `oneOf` in JSON Schema, but decodable, so accepted.
        let one = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
        assert!(validate(&doc, one.clone(), json!(1)).is_ok());
        assert_eq!(
            validate(&doc, one, json!("x")),
            Err("/: matches none of the 2 alternatives of `oneOf`".to_string())
        );
        assert!(validate(&doc, json!({"anyOf": [{"type": "string"}]}), json!("x")).is_ok());
    }
}
