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
use serde_json::{Map, Value};

/// A value generated code reads out of JSON: models (their `decode`), string enums, unions, the scalar types
/// (through serde, so errors read as serde's) and the containers of them. Fields convert through this trait
/// rather than `Deserialize`: a model field's conversion is then the model's own non-generic `decode`, not
/// serde's `deserialize` instantiated for `Value` and wrapped in `Box`, `Result::map` and `map_err` per type.
pub(crate) trait FromJson: Sized {
    /// The value, or serde's error for it.
    fn from_json(value: Value) -> Result<Self, serde_json::Error>;
}

/// A value generated code writes as JSON (the writer's counterpart of [`FromJson`]); object-safe, so the body
/// of a request is encoded by one function for every operation.
pub(crate) trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;

    /// Whether an optional field holding this is left out: only `None` is.
    fn is_absent(&self) -> bool {
        false
    }
}

/// `FromJson` and `ToJson` through serde, for the scalar types: one instantiation each for the crate.
macro_rules! json_through_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl FromJson for $ty {
            fn from_json(value: Value) -> Result<Self, serde_json::Error> {
                <$ty as serde::Deserialize>::deserialize(value)
            }
        }

        impl ToJson for $ty {
            fn to_json(&self) -> Value {
                to_value(self)
            }
        }
    )*};
}

json_through_serde!(
    String,
    bool,
    u8,
    i32,
    i64,
    f32,
    f64,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
);

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        Ok(value)
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        match T::from_json(value) {
            Ok(value) => Ok(Box::new(value)),
            Err(e) => Err(e),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        match value {
            Value::Null => Ok(None),
            value => match T::from_json(value) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(e),
            },
        }
    }
}

/// `None` is `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        match self {
            Some(value) => value.to_json(),
            None => Value::Null,
        }
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// A JSON array, each item converted on its own: where `Vec<T>`'s `Deserialize` compiles serde's sequence
/// visitor and `Value`'s sequence access for every list type. Errors read as serde's.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        let items = match value {
            Value::Array(items) => items,
            other => return Err(invalid_type(&other, "a sequence")),
        };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            list.push(T::from_json(item)?);
        }
        Ok(list)
    }
}

/// Item by item.
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        // A loop rather than `map(..).collect()`: only `to_json` is compiled per item type.
        let mut array = Vec::with_capacity(self.len());
        for item in self {
            array.push(item.to_json());
        }
        Value::Array(array)
    }
}

/// A JSON object, in its order; errors read as serde's.
impl<T: FromJson> FromJson for indexmap::IndexMap<String, T> {
    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        let fields = match value {
            Value::Object(fields) => fields,
            other => return Err(invalid_type(&other, "a map")),
        };
        let mut map = indexmap::IndexMap::with_capacity(fields.len());
        for (key, value) in fields {
            map.insert(key, T::from_json(value)?);
        }
        Ok(map)
    }
}

impl<T: ToJson> ToJson for indexmap::IndexMap<String, T> {
    fn to_json(&self) -> Value {
        let mut map = Map::with_capacity(self.len());
        for (key, value) in self {
            map.insert(key.clone(), value.to_json());
        }
        Value::Object(map)
    }
}

/// serde's error for a value of the wrong kind (`invalid type: string "x", expected a map`).
fn invalid_type(value: &Value, expected: &'static str) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::invalid_type(unexpected(value), &expected)
}

/// The text of a string enum's value, or serde's words for anything but a string.
pub(crate) fn string(value: Value) -> Result<String, serde_json::Error> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(invalid_type(&other, "a string")),
    }
}

/// A model's decoding error as serde's (its message unchanged).
pub(crate) fn decode_error(error: DecodeError) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom(error)
}

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

/// Where a field's decoded value goes: the `Option` generated code declares for each field. Fields are read
/// through `&mut dyn Slot`, so the reader's methods are compiled once, and a field type costs only its `fill`.
pub(crate) trait Slot {
    /// Decodes `value` into the slot.
    fn fill(&mut self, value: Value) -> Result<(), serde_json::Error>;
}

impl<T: FromJson> Slot for Option<T> {
    fn fill(&mut self, value: Value) -> Result<(), serde_json::Error> {
        match T::from_json(value) {
            Ok(value) => {
                *self = Some(value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

// Nothing here is generic over a field's type: fields come and go through `dyn Slot` and `dyn ToJson`.
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

    /// A field that must be present; the slot stays empty (with the error kept) when it is missing or does
    /// not decode.
    pub(crate) fn required(&mut self, wire: &'static str, slot: &mut dyn Slot) {
        match self.map.shift_remove(wire) {
            Some(value) => self.fill(wire, value, slot),
            None => self.missing(wire),
        }
    }

    /// A field that may be absent or `null` (both leave the slot empty).
    pub(crate) fn optional(&mut self, wire: &'static str, slot: &mut dyn Slot) {
        match self.map.shift_remove(wire) {
            None | Some(Value::Null) => {}
            Some(value) => self.fill(wire, value, slot),
        }
    }

    /// A field that may be absent (the slot stays `None`), `null` (`Some(None)`) or a value
    /// (`Some(Some(v))`): the slot is an `Option<Option<T>>`, which `null` fills with `None`.
    pub(crate) fn nullable(&mut self, wire: &'static str, slot: &mut dyn Slot) {
        if let Some(value) = self.map.shift_remove(wire) {
            self.fill(wire, value, slot);
        }
    }

    /// A union whose fields are the object's own (flattened): decoded from the fields not taken so far; the
    /// slot stays empty (with the error kept) when it does not decode.
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    pub(crate) fn flattened(&mut self, field: &'static str, slot: &mut dyn Slot) {
        let fields = Value::Object(self.map.clone());
        self.fill(field, fields, slot);
    }

    /// The fields not taken, in the order they came: the unknown fields, or the additional properties.
    pub(crate) fn rest<T: FromJson>(&mut self) -> indexmap::IndexMap<String, T> {
        let mut rest = indexmap::IndexMap::with_capacity(self.map.len());
        for (key, value) in std::mem::take(&mut self.map) {
            match T::from_json(value) {
                Ok(value) => {
                    rest.insert(key, value);
                }
                Err(e) => self.failed(&key, &e),
            }
        }
        rest
    }

    /// The first error met, if any.
    pub(crate) fn finish(&mut self) -> Result<(), DecodeError> {
        match self.error.take() {
            None => Ok(()),
            Some(error) => Err(error),
        }
    }

    /// The error for a required field left empty after [`finish`](Self::finish) found none (which reading
    /// does not do: an empty required field always leaves an error).
    pub(crate) fn empty(&self, wire: &str) -> DecodeError {
        format!("{}: missing field `{wire}`", self.type_name)
    }

    fn fill(&mut self, field: &str, value: Value, slot: &mut dyn Slot) {
        if let Err(e) = slot.fill(value) {
            self.failed(field, &e);
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

/// A model being encoded into a JSON object, field by field in declaration order. Fields come as
/// `&dyn ToJson`, so no method here is generic over a field's type.
#[derive(Default)]
pub(crate) struct ObjectWriter {
    map: Map<String, Value>,
}

impl ObjectWriter {
    /// A field written whatever its value (`null` for `None`).
    pub(crate) fn required(&mut self, wire: &'static str, value: &dyn ToJson) {
        self.map.insert(wire.to_owned(), value.to_json());
    }

    /// A field left out when it is `None`; `Some(None)` (a field that may be `null`) is written as `null`.
    pub(crate) fn optional(&mut self, wire: &'static str, value: &dyn ToJson) {
        if !value.is_absent() {
            self.map.insert(wire.to_owned(), value.to_json());
        }
    }

    /// A union whose fields are the object's own: its fields are added.
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    pub(crate) fn flattened(&mut self, value: &dyn ToJson) {
        if let Value::Object(fields) = value.to_json() {
            self.map.extend(fields);
        }
    }

    /// Unknown fields or additional properties, after the known ones.
    pub(crate) fn rest<T: ToJson>(&mut self, fields: &indexmap::IndexMap<String, T>) {
        for (key, value) in fields {
            self.map.insert(key.clone(), value.to_json());
        }
    }

    /// The object.
    pub(crate) fn finish(self) -> Value {
        Value::Object(self.map)
    }
}

/// A value as JSON. The scalar types always encode, so the fallback `null` is for values no generated type
/// holds.
fn to_value<T: Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(value) => value,
        Err(_) => Value::Null,
    }
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
        let mut id: Option<String> = None;
        reader.required("_id", &mut id);
        assert_eq!(id.as_deref(), Some("a"));
        let mut gone: Option<i64> = None;
        reader.optional("gone", &mut gone);
        assert_eq!(gone, None);
        let mut maybe: Option<Option<i64>> = None;
        reader.nullable("maybe", &mut maybe);
        assert_eq!(maybe, Some(None));
        let mut absent: Option<Option<i64>> = None;
        reader.nullable("absent", &mut absent);
        assert_eq!(absent, None);
        let rest: indexmap::IndexMap<String, Value> = reader.rest();
        assert_eq!(rest.keys().collect::<Vec<_>>(), ["z", "y"]);
        assert_eq!(reader.finish(), Ok(()));
    }

    #[test]
    fn the_first_error_names_the_type_and_field() {
        let mut reader = ObjectReader::new(json!({"count": "three", "n": "x"}), "Thing").unwrap();
        let (mut count, mut n): (Option<i32>, Option<i32>) = (None, None);
        reader.optional("count", &mut count);
        reader.optional("n", &mut n);
        assert_eq!((count, n), (None, None));
        let error = reader.finish().unwrap_err();
        assert!(
            error.starts_with("Thing.count: invalid type: string"),
            "{error}"
        );
        let mut reader = ObjectReader::new(json!({}), "Thing").unwrap();
        let mut name: Option<i32> = None;
        reader.required("name", &mut name);
        assert_eq!(name, None);
        assert_eq!(reader.finish().unwrap_err(), "Thing: missing field `name`");
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
        writer.required("e", &vec![Box::new(1.5_f64)]);
        let mut extra = indexmap::IndexMap::new();
        extra.insert("later".to_string(), json!(true));
        writer.rest(&extra);
        assert_eq!(
            serde_json::to_string(&writer.finish()).unwrap(),
            r#"{"a":null,"c":null,"d":4,"e":[1.5],"later":true}"#
        );
    }

    #[test]
    fn containers_read_item_by_item_with_serde_errors() {
        let list: Vec<Option<i64>> = FromJson::from_json(json!([1, null])).unwrap();
        assert_eq!(list, [Some(1), None]);
        let error = <Vec<i64>>::from_json(json!({"a": 1})).unwrap_err();
        assert_eq!(error.to_string(), "invalid type: map, expected a sequence");
        let error = <Vec<i64>>::from_json(json!([1, "x"])).unwrap_err();
        assert_eq!(
            error.to_string(),
            serde_json::from_value::<Vec<i64>>(json!([1, "x"]))
                .unwrap_err()
                .to_string()
        );
        let map: indexmap::IndexMap<String, Box<i32>> =
            FromJson::from_json(json!({"z": 1, "a": 2})).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["z", "a"]);
        let error = <indexmap::IndexMap<String, i32>>::from_json(json!("x")).unwrap_err();
        assert_eq!(
            error.to_string(),
            serde_json::from_value::<indexmap::IndexMap<String, i32>>(json!("x"))
                .unwrap_err()
                .to_string()
        );
        assert_eq!(
            string(json!(5)).unwrap_err().to_string(),
            serde_json::from_value::<String>(json!(5))
                .unwrap_err()
                .to_string()
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
