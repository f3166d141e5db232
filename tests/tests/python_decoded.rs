//! Decode parity with the official Python SDK (`twelvelabs==1.3.6`): every part of a response the Python SDK
//! decodes into a declared model field, the Rust SDK decodes into a typed field, not into a model's `extra` map of
//! unknown fields.
//!
//! `tests/fixtures/python-wire/python-decoded.json` (written by `list_python_decoded.py` with the Python SDK) lists,
//! for each of the 77 operations of `canned-responses.json` with a JSON success body, every JSON pointer of the
//! canned body whose value the Python SDK's own response model put in a declared field. This test follows the
//! same body through the generator's IR (the operation's response type, its models' fields by wire name, lists,
//! maps, aliases and unions, decoding unions the way the SDK does), and collects every pointer that lands in a
//! typed place: a struct field, an item of a typed list or map, an entry of a declared `additionalProperties`
//! map, or anything under a field typed as any JSON (`serde_json::Value`). What lands in a model's `extra` map
//! (the keys left over by its fields) is not collected. Each Python pointer must be collected, unless
//! [`EXCEPTIONS`] lists it with its reason.
//!
//! The IR walk is checked against the real SDK, so it cannot claim more than the SDK does: each body must decode
//! into the operation's Rust type (`python_decoded/decoders.rs`, whose type names must be the IR's), and for each
//! typed pointer outside a union that decodes by trial, replacing the value with one of the wrong kind must make
//! the real decode fail (a value kept in an `extra` map would be accepted as it is).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use codegen::ir::{Ir, Model, ModelKind, Operation, ResponseKind, TypeRef};
use codegen::output::read_specs_dir;
use codegen::{Settings, generate};
use serde_json::Value;

#[path = "python_decoded/decoders.rs"]
mod decoders;

use decoders::DECODERS;

/// A pointer the Python SDK decodes that the Rust SDK deliberately leaves untyped.
struct Exception {
    /// The operation's `spec` name.
    operation: &'static str,
    /// The JSON pointer in its canned body.
    pointer: &'static str,
    /// Why the Rust SDK does not type it.
    reason: &'static str,
}

/// Every pointer the Python SDK decodes into a declared field that the Rust SDK keeps among unknown fields, with
/// the reason. The test fails on any other such pointer, and on a listed one that the Rust SDK now types (so the
/// list cannot go stale).
const EXCEPTIONS: &[Exception] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

fn fixture(name: &str) -> Value {
    let path = root().join("tests/fixtures/python-wire").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ir() -> Ir {
    let root = root();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("read specs");
    let config = config.expect("specs/codegen.yaml");
    generate(&specs, &config, &Settings::new("cargo xtask codegen"))
        .expect("generates")
        .ir
}

/// `analyze-async-batches-cancel` and `analyze_async.batches.cancel` alike: `analyzeasyncbatchescancel`.
fn squash(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Every operation of the IR, by squashed id.
fn operations(ir: &Ir) -> HashMap<String, &Operation> {
    let mut operations = HashMap::new();
    let mut stack = vec![&ir.root];
    while let Some(resource) = stack.pop() {
        for operation in &resource.operations {
            let previous = operations.insert(squash(&operation.id), operation);
            assert!(
                previous.is_none(),
                "two operations squash to {}",
                operation.id
            );
        }
        stack.extend(&resource.children);
    }
    operations
}

/// One reference token of a JSON pointer (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// What the walk found in one body.
#[derive(Default)]
struct Walk {
    /// Pointers whose value lands in a typed place.
    typed: BTreeSet<String>,
    /// Pointers of keys kept in a model's `extra` map, with the model's name.
    extra: BTreeMap<String, String>,
    /// Typed pointers whose value a value of another kind cannot stand in for: replacing it must make the real
    /// decode fail. With the replacement.
    probes: Vec<(String, Value)>,
}

/// Follows a JSON value along the IR's types, the way the SDK's generated `Deserialize` impls read it.
struct Walker<'a> {
    models: HashMap<&'a str, &'a Model>,
}

impl<'a> Walker<'a> {
    fn new(ir: &'a Ir) -> Self {
        Self {
            models: ir.models.iter().map(|m| (m.name.as_str(), m)).collect(),
        }
    }

    fn model(&self, name: &str) -> &'a Model {
        self.models
            .get(name)
            .unwrap_or_else(|| panic!("no model {name} in the IR"))
    }

    /// Whether `value` decodes as `ty` (what `serde_json::from_value` would say), for untagged unions, which
    /// take the first alternative that decodes.
    fn fits(&self, ty: &TypeRef, value: &Value) -> bool {
        match ty {
            TypeRef::String | TypeRef::Bytes => value.is_string(),
            TypeRef::Bool => value.is_boolean(),
            TypeRef::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            TypeRef::I64 => value.is_i64(),
            TypeRef::F32 | TypeRef::F64 => value.is_number(),
            TypeRef::DateTime => value
                .as_str()
                .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
            TypeRef::Date => value
                .as_str()
                .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
            TypeRef::Json => true,
            TypeRef::File => false,
            TypeRef::Option(inner) => value.is_null() || self.fits(inner, value),
            TypeRef::List(item) => value
                .as_array()
                .is_some_and(|items| items.iter().all(|v| self.fits(item, v))),
            TypeRef::Map(item) => value
                .as_object()
                .is_some_and(|map| map.values().all(|v| self.fits(item, v))),
            TypeRef::Named(name) => match &self.model(name).kind {
                ModelKind::Alias(inner) => self.fits(inner, value),
                ModelKind::Enum(_) => value.is_string(),
                ModelKind::Union(union) => match &union.discriminator {
                    Some(property) => {
                        let tag = value.get(property).and_then(Value::as_str);
                        match union
                            .variants
                            .iter()
                            .find(|v| tag.is_some_and(|t| v.tags.iter().any(|x| x == t)))
                        {
                            Some(variant) => self.fits(&variant.ty, value),
                            None => true,
                        }
                    }
                    None => union.variants.iter().any(|v| self.fits(&v.ty, value)),
                },
                ModelKind::Struct(st) => {
                    let Some(map) = value.as_object() else {
                        return false;
                    };
                    let mut rest = map.clone();
                    for field in &st.fields {
                        let present = rest.shift_remove(&field.wire_name);
                        match present {
                            None if field.required => return false,
                            None => {}
                            Some(Value::Null) if field.is_optional() => {}
                            Some(v) if !self.fits(&field.ty, &v) => return false,
                            Some(_) => {}
                        }
                    }
                    let rest = Value::Object(rest);
                    if !st.unions.iter().all(|(_, ty)| self.fits(ty, &rest)) {
                        return false;
                    }
                    match &st.additional {
                        Some(ty) if st.unions.is_empty() => rest
                            .as_object()
                            .expect("an object")
                            .values()
                            .all(|v| self.fits(ty, v)),
                        _ => true,
                    }
                }
            },
        }
    }

    /// Records `value` at `pointer`, decoded as `ty`. `trial`: inside a union decoded by trial (untagged) or
    /// in a field whose wrong-kind value a fallback would keep, where a probe could change which alternative
    /// decodes rather than fail.
    fn walk(&self, ty: &TypeRef, value: &Value, pointer: &str, trial: bool, out: &mut Walk) {
        if !trial
            && !pointer.is_empty()
            && let Some(probe) = self.wrong_kind(ty)
        {
            out.probes.push((pointer.to_string(), probe));
        }
        self.walk_here(ty, value, pointer, trial, out);
    }

    /// [`Walker::walk`] without a probe at `pointer`: for a value already probed as a whole (an `Option`'s or an
    /// alias's inner type, a union's alternative).
    fn walk_here(&self, ty: &TypeRef, value: &Value, pointer: &str, trial: bool, out: &mut Walk) {
        out.typed.insert(pointer.to_string());
        match ty {
            TypeRef::Json => self.all_typed(value, pointer, out),
            TypeRef::Option(inner) if !value.is_null() => {
                self.walk_here(inner, value, pointer, trial, out);
            }
            TypeRef::List(item) => {
                for (index, v) in value.as_array().into_iter().flatten().enumerate() {
                    self.walk(item, v, &format!("{pointer}/{index}"), trial, out);
                }
            }
            TypeRef::Map(item) => {
                for (key, v) in value.as_object().into_iter().flatten() {
                    self.walk(item, v, &format!("{pointer}/{}", escape(key)), trial, out);
                }
            }
            TypeRef::Named(name) => {
                let model = self.model(name);
                match &model.kind {
                    ModelKind::Alias(inner) => self.walk_here(inner, value, pointer, trial, out),
                    ModelKind::Enum(_) => {}
                    ModelKind::Union(union) => match &union.discriminator {
                        Some(property) => {
                            let tag = value.get(property).and_then(Value::as_str);
                            let variant = union
                                .variants
                                .iter()
                                .find(|v| tag.is_some_and(|t| v.tags.iter().any(|x| x == t)));
                            // Without a known tag, the fallback keeps the value as JSON: not typed below
                            // this point.
                            if let Some(variant) = variant {
                                self.walk_here(&variant.ty, value, pointer, trial, out);
                                // A wrong-kind tag sends the value to the fallback, which keeps anything.
                                let tag_pointer = format!("{pointer}/{}", escape(property));
                                out.probes.retain(|(p, _)| *p != tag_pointer);
                            }
                        }
                        None => {
                            let variant = union
                                .variants
                                .iter()
                                .find(|v| self.fits(&v.ty, value))
                                .unwrap_or_else(|| {
                                    panic!("{pointer}: the value fits no alternative of {name}")
                                });
                            self.walk_here(&variant.ty, value, pointer, true, out);
                        }
                    },
                    ModelKind::Struct(st) => {
                        let Some(map) = value.as_object() else {
                            panic!("{pointer}: {name} expects an object")
                        };
                        let mut rest = map.clone();
                        for field in &st.fields {
                            if let Some(v) = rest.shift_remove(&field.wire_name) {
                                let at = format!("{pointer}/{}", escape(&field.wire_name));
                                if v.is_null() && field.is_optional() {
                                    out.typed.insert(at.clone());
                                    if !trial && let Some(probe) = self.wrong_kind(&field.ty) {
                                        out.probes.push((at, probe));
                                    }
                                } else {
                                    self.walk(&field.ty, &v, &at, trial, out);
                                }
                            }
                        }
                        if !st.unions.is_empty() {
                            // A flattened union decodes from the fields not taken, and keeps those it does
                            // not know itself.
                            let rest = Value::Object(rest);
                            for (_, ty) in &st.unions {
                                self.walk_flattened(ty, &rest, pointer, out);
                            }
                            return;
                        }
                        for (key, v) in rest {
                            let at = format!("{pointer}/{}", escape(&key));
                            match &st.additional {
                                Some(ty) if st.additional_declared => {
                                    self.walk(ty, &v, &at, trial, out)
                                }
                                _ => {
                                    out.extra.insert(at, name.clone());
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A union flattened into a struct: its alternative's fields are the struct's own, at the same pointer
    /// (which the struct already recorded as typed).
    fn walk_flattened(&self, ty: &TypeRef, rest: &Value, pointer: &str, out: &mut Walk) {
        let mut inner = Walk::default();
        self.walk_here(ty, rest, pointer, true, &mut inner);
        inner.typed.remove(pointer);
        out.typed.extend(inner.typed);
        out.extra.extend(inner.extra);
    }

    /// Everything under a value typed as any JSON is in that typed field.
    fn all_typed(&self, value: &Value, pointer: &str, out: &mut Walk) {
        out.typed.insert(pointer.to_string());
        match value {
            Value::Array(items) => {
                for (index, v) in items.iter().enumerate() {
                    self.all_typed(v, &format!("{pointer}/{index}"), out);
                }
            }
            Value::Object(map) => {
                for (key, v) in map {
                    self.all_typed(v, &format!("{pointer}/{}", escape(key)), out);
                }
            }
            _ => {}
        }
    }

    /// A value no value of `ty` can be, when there is one whose rejection is certain: not for any JSON, nor for
    /// unions (an untagged one may accept it as another alternative, a tagged one keeps unknown kinds).
    fn wrong_kind(&self, ty: &TypeRef) -> Option<Value> {
        let probe = "decode-probe";
        match ty {
            TypeRef::Option(inner) => self.wrong_kind(inner),
            TypeRef::Json | TypeRef::File => None,
            TypeRef::List(_) => Some(Value::from(probe)),
            TypeRef::Map(_) => Some(serde_json::json!([probe])),
            TypeRef::Named(name) => match &self.model(name).kind {
                ModelKind::Alias(inner) => self.wrong_kind(inner),
                ModelKind::Union(_) => None,
                ModelKind::Enum(_) => Some(serde_json::json!([probe])),
                ModelKind::Struct(_) => Some(Value::from(probe)),
            },
            _ => Some(serde_json::json!([probe])),
        }
    }
}

/// Every pointer the Python SDK decodes into a declared field is decoded by the Rust SDK into a typed field (not
/// an `extra` map of unknown fields), for every operation with a JSON response in `canned-responses.json`; only
/// [`EXCEPTIONS`] may differ, and each must still occur. The IR walk that decides "typed" is checked against
/// the SDK's real decoding (see the module docs).
#[test]
fn rust_types_every_field_the_python_sdk_decodes() {
    let ir = ir();
    let operations = operations(&ir);
    let walker = Walker::new(&ir);
    let python = fixture("python-decoded.json");
    let python = python["operations"].as_object().expect("operations");
    let canned = fixture("canned-responses.json");
    let bodies: BTreeMap<&str, &Value> = canned["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter(|op| op["content_type"] == "application/json")
        .map(|op| (op["spec"].as_str().expect("spec"), &op["body"]))
        .collect();
    let mut failures = Vec::new();
    let mut exceptions_seen = BTreeSet::new();
    let (mut pointers, mut probes, mut extra_total) = (0, 0, 0);
    assert_eq!(
        python.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        bodies.keys().copied().collect::<BTreeSet<_>>(),
        "python-decoded.json covers exactly the JSON responses of canned-responses.json"
    );
    assert_eq!(
        DECODERS.iter().map(|d| d.spec).collect::<BTreeSet<_>>(),
        bodies.keys().copied().collect::<BTreeSet<_>>(),
        "decoders.rs has a row for each JSON response"
    );
    for decoder in DECODERS {
        let spec = decoder.spec;
        let body = bodies[spec];
        let operation = operations
            .get(&squash(spec))
            .unwrap_or_else(|| panic!("{spec}: no operation in the IR"));
        let ty = match &operation.response {
            ResponseKind::Json(ty) => ty.clone(),
            other => panic!("{spec}: the IR's response is {other:?}, not JSON"),
        };
        if ty != TypeRef::Named(decoder.type_name.to_string()) {
            failures.push(format!(
                "{spec}: decoders.rs decodes {}, the IR's response type is {ty:?}",
                decoder.type_name
            ));
            continue;
        }
        // The body must decode for real.
        if let Err(e) = (decoder.decode)(body.clone()) {
            failures.push(format!("{spec}: the canned body does not decode: {e}"));
            continue;
        }
        let mut walk = Walk::default();
        walker.walk(&ty, body, "", false, &mut walk);
        // The walk against the real SDK: a wrong-kind value at a typed pointer must fail the decode.
        for (pointer, probe) in &walk.probes {
            let mut mutated = body.clone();
            *mutated.pointer_mut(pointer).expect("the pointer exists") = probe.clone();
            probes += 1;
            if (decoder.decode)(mutated).is_ok() {
                failures.push(format!(
                    "{spec}: the IR walk says {pointer} is typed, but the SDK decodes {probe} there: the walk \
                     does not follow the SDK"
                ));
            }
        }
        extra_total += walk.extra.len();
        for pointer in python[spec]["pointers"].as_array().expect("pointers") {
            let pointer = pointer.as_str().expect("a pointer");
            pointers += 1;
            let exception = EXCEPTIONS
                .iter()
                .find(|e| e.operation == spec && e.pointer == pointer);
            let typed = walk.typed.contains(pointer);
            match (typed, exception) {
                (true, None) => {}
                (true, Some(e)) => {
                    exceptions_seen.insert((e.operation, e.pointer));
                    failures.push(format!(
                    "{spec}: {pointer} is listed in EXCEPTIONS ({}) but the Rust SDK now types it; remove it",
                    e.reason
                    ));
                }
                (false, Some(e)) => {
                    exceptions_seen.insert((e.operation, e.pointer));
                    eprintln!("exception: {spec}: {pointer}: {}", e.reason);
                }
                (false, None) => failures.push(format!(
                    "{spec}: the Python SDK decodes {pointer} into a declared field, the Rust SDK {}",
                    match walk.extra.get(pointer) {
                        Some(model) => format!("keeps it in {model}'s extra map"),
                        None => "does not type it (it is under an untyped value)".to_string(),
                    }
                )),
            }
        }
    }
    for e in EXCEPTIONS {
        if !exceptions_seen.contains(&(e.operation, e.pointer)) {
            failures.push(format!(
                "EXCEPTIONS lists {} {}, which is no pointer the Python SDK decodes and the Rust SDK leaves \
                 untyped; remove it",
                e.operation, e.pointer
            ));
        }
    }
    eprintln!(
        "{} operations, {pointers} pointers the Python SDK decodes, {} exceptions, {probes} probes of the walk \
         against the SDK, {extra_total} pointers in extra maps",
        DECODERS.len(),
        EXCEPTIONS.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
