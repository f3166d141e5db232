//! How models are encoded and decoded: through `serde_json::Value`, field by field, by code that is the same for
//! every model.
//!
//! `#[derive(Deserialize)]` writes a visitor per struct and serde_json instantiates its parser for each one; over
//! hundreds of models that is most of what a generated crate costs to compile. Here a model's `Deserialize`
//! reads the JSON object into a map (one instantiation for the whole crate), and takes each field out of it by
//! its wire name, converting it from a `Value`; `Serialize` builds the map the other way. The wire format is
//! unchanged: unknown fields survive a round trip in their order, a field that may be `null` keeps whether it
//! was `null` or absent, and decoding errors name the type and field they are about (`Entity.status: ...`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A JSON object being decoded into a model: fields are taken out by wire name; what is left is the unknown
/// fields. The first error is kept and reported by [`ObjectReader::finish`], so that generated code reads
/// every field without a branch per field (`required` fields, which have no value to stand in, return `None`
/// and the caller stops).
pub(crate) struct ObjectReader {
    map: Map<String, Value>,
    type_name: &'static str,
    error: Option<DecodeError>,
}

/// Why a value did not decode, with the type and field it is about.
pub(crate) type DecodeError = String;

// The generic methods are instantiated once per field type; they only convert, and leave the rest (taking
// fields out, wording errors) to the methods that are compiled once. They `match` where `Option::map` would
// instantiate one more function per field type.
#[allow(
    clippy::manual_map,
    reason = "each `map` is one more function compiled per field type"
)]
impl ObjectReader {
    /// Reads a JSON object (an error, naming `type_name`, for any other value).
    pub(crate) fn new(value: Value, type_name: &'static str) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => Ok(Self {
                map,
                type_name,
                error: None,
            }),
            other => Err(format!(
                "{type_name}: expected a JSON object, found {}",
                kind(&other)
            )),
        }
    }

    /// A field that must be present; `None` (with the error kept) when it is missing or does not decode.
    pub(crate) fn required<T: DeserializeOwned>(&mut self, wire: &'static str) -> Option<T> {
        match self.map.shift_remove(wire) {
            Some(value) => self.convert(wire, value),
            None => {
                self.missing(wire);
                None
            }
        }
    }

    /// A field that may be absent or `null` (both `None`).
    pub(crate) fn optional<T: DeserializeOwned>(&mut self, wire: &'static str) -> Option<T> {
        match self.take_present(wire) {
            Some(value) => self.convert(wire, value),
            None => None,
        }
    }

    /// A field that may be absent (`None`), `null` (`Some(None)`) or a value (`Some(Some(v))`).
    pub(crate) fn nullable<T: DeserializeOwned>(
        &mut self,
        wire: &'static str,
    ) -> Option<Option<T>> {
        match self.map.shift_remove(wire) {
            None => None,
            Some(Value::Null) => Some(None),
            Some(value) => match self.convert(wire, value) {
                Some(value) => Some(Some(value)),
                None => None,
            },
        }
    }

    /// A list that must be present: [`required`](Self::required), item by item (see [`list`](Self::list)).
    pub(crate) fn required_list<T: DeserializeOwned>(
        &mut self,
        wire: &'static str,
    ) -> Option<Vec<T>> {
        match self.map.shift_remove(wire) {
            Some(value) => self.list(wire, value),
            None => {
                self.missing(wire);
                None
            }
        }
    }

    /// A list that may be absent or `null`: [`optional`](Self::optional), item by item.
    pub(crate) fn optional_list<T: DeserializeOwned>(
        &mut self,
        wire: &'static str,
    ) -> Option<Vec<T>> {
        match self.take_present(wire) {
            Some(value) => self.list(wire, value),
            None => None,
        }
    }

    /// A JSON array, each item converted on its own: one small generic function per item type, where
    /// `Vec<T>`'s `Deserialize` compiles serde's sequence visitor and `Value`'s sequence access for every list
    /// type. Errors read as serde's.
    fn list<T: DeserializeOwned>(&mut self, field: &str, value: Value) -> Option<Vec<T>> {
        let items = self.array(field, value)?;
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            list.push(self.convert(field, item)?);
        }
        Some(list)
    }

    /// The items of a JSON array; `None`, with the error kept, for any other value.
    fn array(&mut self, field: &str, value: Value) -> Option<Vec<Value>> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                let error = <serde_json::Error as serde::de::Error>::invalid_type(
                    unexpected(&other),
                    &"a sequence",
                );
                self.failed(field, &error);
                None
            }
        }
    }

    /// A union whose fields are the object's own (flattened): decoded from the fields not taken so far;
    /// `None` (with the error kept) when it does not decode.
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    pub(crate) fn flattened<T: DeserializeOwned>(&mut self, field: &'static str) -> Option<T> {
        let fields = Value::Object(self.map.clone());
        self.convert(field, fields)
    }

    /// The fields not taken, in the order they came: the unknown fields, or the additional properties.
    pub(crate) fn rest<T: DeserializeOwned>(&mut self) -> indexmap::IndexMap<String, T> {
        let mut rest = indexmap::IndexMap::with_capacity(self.map.len());
        for (key, value) in std::mem::take(&mut self.map) {
            match T::deserialize(value) {
                Ok(value) => {
                    rest.insert(key, value);
                }
                Err(e) => self.failed(&key, &e),
            }
        }
        rest
    }

    /// The first error met, if any.
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        match self.error {
            None => Ok(()),
            Some(error) => Err(error),
        }
    }

    /// The error that made a `required` or `flattened` field `None`.
    pub(crate) fn take_error(&mut self) -> DecodeError {
        self.error
            .take()
            .unwrap_or_else(|| format!("{}: does not decode", self.type_name))
    }

    fn convert<T: DeserializeOwned>(&mut self, field: &str, value: Value) -> Option<T> {
        match T::deserialize(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.failed(field, &e);
                None
            }
        }
    }

    /// The field's value unless it is absent or `null`.
    fn take_present(&mut self, wire: &str) -> Option<Value> {
        match self.map.shift_remove(wire) {
            None | Some(Value::Null) => None,
            present => present,
        }
    }

    fn missing(&mut self, wire: &str) {
        if self.error.is_none() {
            self.error = Some(format!("{}: missing field `{wire}`", self.type_name));
        }
    }

    fn failed(&mut self, field: &str, error: &serde_json::Error) {
        if self.error.is_none() {
            self.error = Some(format!("{}.{field}: {error}", self.type_name));
        }
    }
}

/// A model being encoded into a JSON object, field by field in declaration order.
#[derive(Default)]
pub(crate) struct ObjectWriter {
    map: Map<String, Value>,
}

impl ObjectWriter {
    /// A field written whatever its value (`null` for `None`).
    pub(crate) fn required<T: Serialize>(&mut self, wire: &'static str, value: &T) {
        self.insert(wire, to_value(value));
    }

    /// A field left out when `None`; `Some(None)` (a field that may be `null`) is written as `null`.
    pub(crate) fn optional<T: Serialize>(&mut self, wire: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.insert(wire, to_value(value));
        }
    }

    /// A list always written: item by item (see [`list_value`]).
    pub(crate) fn required_list<T: Serialize>(&mut self, wire: &'static str, value: &[T]) {
        self.insert(wire, list_value(value));
    }

    /// A list left out when `None`.
    pub(crate) fn optional_list<T: Serialize>(
        &mut self,
        wire: &'static str,
        value: &Option<Vec<T>>,
    ) {
        if let Some(items) = value {
            self.insert(wire, list_value(items));
        }
    }

    fn insert(&mut self, wire: &'static str, value: Value) {
        self.map.insert(wire.to_owned(), value);
    }

    /// A union whose fields are the object's own: its fields are added.
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    pub(crate) fn flattened<T: Serialize>(&mut self, value: &T) {
        if let Value::Object(fields) = to_value(value) {
            self.map.extend(fields);
        }
    }

    /// Unknown fields or additional properties, after the known ones.
    pub(crate) fn rest<T: Serialize>(&mut self, fields: &indexmap::IndexMap<String, T>) {
        for (key, value) in fields {
            self.map.insert(key.clone(), to_value(value));
        }
    }

    /// The object.
    pub(crate) fn finish(self) -> Value {
        Value::Object(self.map)
    }
}

/// A value as JSON. Models, maps with string keys and the scalar types always encode, so the fallback `null` is
/// for values no generated type holds (a map with non-string keys).
fn to_value<T: Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(value) => value,
        Err(_) => Value::Null,
    }
}

/// A list as a JSON array, each item encoded on its own (the writer's counterpart of `ObjectReader::list`).
fn list_value<T: Serialize>(items: &[T]) -> Value {
    // A loop rather than `map(..).collect()`: only `to_value` is compiled per item type.
    let mut array = Vec::with_capacity(items.len());
    for item in items {
        array.push(to_value(item));
    }
    Value::Array(array)
}

/// What a JSON value is, for a type error, in serde's words.
fn unexpected(value: &Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (None, Some(i), _) => Unexpected::Signed(i),
            (None, None, Some(f)) => Unexpected::Float(f),
            (None, None, None) => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// One way to decode a union: an alternative's decoder, wrapped in the union's variant.
pub(crate) type Alternative<U> = fn(Value) -> Result<U, serde_json::Error>;

/// Decodes the first alternative of an untagged union that fits `value` (tried in order: integers before
/// numbers, as the generator sorts them).
pub(crate) fn first_fit<U>(
    value: Value,
    type_name: &'static str,
    alternatives: &[Alternative<U>],
) -> Result<U, DecodeError> {
    let mut errors = Vec::with_capacity(alternatives.len());
    for alternative in alternatives {
        match alternative(value.clone()) {
            Ok(decoded) => return Ok(decoded),
            Err(e) => errors.push(e.to_string()),
        }
    }
    Err(format!(
        "{type_name}: the {} value fits none of its forms ({})",
        kind(&value),
        errors.join("; ")
    ))
}

/// The kind of a JSON value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Decodes a value the way every model does: into a `Value` first (one parser instantiation for the crate),
/// then converted. `Deserialize` impls of models call this.
pub(crate) fn read_value<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Value, D::Error> {
    <Value as serde::Deserialize>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_come_out_by_wire_name_and_the_rest_keeps_its_order() {
        let mut reader = ObjectReader::new(
            json!({"z": 1, "_id": "a", "gone": null, "maybe": null, "y": [2]}),
            "Thing",
        )
        .unwrap();
        assert_eq!(reader.required::<String>("_id").unwrap(), "a");
        assert_eq!(reader.optional::<i64>("gone"), None);
        assert_eq!(reader.nullable::<i64>("maybe"), Some(None));
        assert_eq!(reader.nullable::<i64>("absent"), None);
        let rest: indexmap::IndexMap<String, Value> = reader.rest();
        assert_eq!(rest.keys().collect::<Vec<_>>(), ["z", "y"]);
        assert_eq!(reader.finish(), Ok(()));
    }

    #[test]
    fn the_first_error_names_the_type_and_field() {
        let mut reader = ObjectReader::new(json!({"count": "three", "n": "x"}), "Thing").unwrap();
        assert_eq!(reader.optional::<i32>("count"), None);
        assert_eq!(reader.optional::<i32>("n"), None);
        let error = reader.finish().unwrap_err();
        assert!(
            error.starts_with("Thing.count: invalid type: string"),
            "{error}"
        );
        let mut reader = ObjectReader::new(json!({}), "Thing").unwrap();
        assert_eq!(reader.required::<i32>("name"), None);
        assert_eq!(reader.take_error(), "Thing: missing field `name`");
        let error = ObjectReader::new(json!([1]), "Thing").err().unwrap();
        assert_eq!(error, "Thing: expected a JSON object, found array");
    }

    #[test]
    fn writing_leaves_out_absent_fields_and_keeps_null_ones() {
        let mut writer = ObjectWriter::default();
        writer.required("a", &None::<i32>);
        writer.optional("b", &None::<i32>);
        writer.optional("c", &Some(None::<i32>));
        writer.optional("d", &Some(4));
        let mut extra = indexmap::IndexMap::new();
        extra.insert("later".to_string(), json!(true));
        writer.rest(&extra);
        assert_eq!(
            serde_json::to_string(&writer.finish()).unwrap(),
            r#"{"a":null,"c":null,"d":4,"later":true}"#
        );
    }

    #[test]
    fn untagged_unions_take_the_first_alternative_that_fits() {
        let alternatives: [Alternative<String>; 2] = [
            |v| serde_json::from_value::<i64>(v).map(|n| format!("int {n}")),
            |v| serde_json::from_value::<f64>(v).map(|n| format!("float {n}")),
        ];
        assert_eq!(first_fit(json!(5), "N", &alternatives).unwrap(), "int 5");
        assert_eq!(
            first_fit(json!(5.5), "N", &alternatives).unwrap(),
            "float 5.5"
        );
        let error = first_fit(json!("x"), "N", &alternatives).unwrap_err();
        assert!(
            error.starts_with("N: the string value fits none of its forms"),
            "{error}"
        );
    }
}
