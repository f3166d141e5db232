//! Shared by `python_decoded.rs` and `unknown_fields.rs`: the fixtures, the generator's IR of `specs/`, and a
//! walk of a JSON body along the IR's types that tells where each value lands in the Rust SDK's models.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use codegen::ir::{Ir, Model, ModelKind, Operation, TypeRef};
use codegen::output::read_specs_dir;
use codegen::{Settings, generate};
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

pub fn fixture(name: &str) -> Value {
    let path = root().join("tests/fixtures/python-wire").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn ir() -> Ir {
    let root = root();
    let (specs, config) = read_specs_dir(&root.join("specs"), &root).expect("read specs");
    let config = config.expect("specs/codegen.yaml");
    generate(&specs, &config, &Settings::new("cargo xtask codegen"))
        .expect("generates")
        .ir
}

/// `analyze-async-batches-cancel` and `analyze_async.batches.cancel` alike: `analyzeasyncbatchescancel`.
pub fn squash(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Every operation of the IR, by squashed id.
pub fn operations(ir: &Ir) -> HashMap<String, &Operation> {
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
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// What the walk found in one body.
#[derive(Default)]
pub struct Walk {
    /// Pointers whose value lands in a typed place.
    pub typed: BTreeSet<String>,
    /// Pointers of keys kept in a model's `extra` map, with the model's name.
    pub extra: BTreeMap<String, String>,
    /// Typed pointers whose value a value of another kind cannot stand in for: replacing it must make the real
    /// decode fail. With the replacement.
    pub probes: Vec<(String, Value)>,
    /// Objects decoded as a struct that keeps unknown fields in an `extra` map, with the struct's name.
    pub open_objects: BTreeMap<String, String>,
}

/// Follows a JSON value along the IR's types, the way the SDK's generated `Deserialize` impls read it.
pub struct Walker<'a> {
    models: HashMap<&'a str, &'a Model>,
}

impl<'a> Walker<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Self {
            models: ir.models.iter().map(|m| (m.name.as_str(), m)).collect(),
        }
    }

    pub fn model(&self, name: &str) -> &'a Model {
        self.models
            .get(name)
            .unwrap_or_else(|| panic!("no model {name} in the IR"))
    }

    /// Whether `value` decodes as `ty` (what `serde_json::from_value` would say), for untagged unions, which
    /// take the first alternative that decodes.
    pub fn fits(&self, ty: &TypeRef, value: &Value) -> bool {
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
    pub fn walk(&self, ty: &TypeRef, value: &Value, pointer: &str, trial: bool, out: &mut Walk) {
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
    pub fn walk_here(
        &self,
        ty: &TypeRef,
        value: &Value,
        pointer: &str,
        trial: bool,
        out: &mut Walk,
    ) {
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
                        if st.unions.is_empty() && !st.additional_declared {
                            out.open_objects.insert(pointer.to_string(), name.clone());
                        }
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
    pub fn walk_flattened(&self, ty: &TypeRef, rest: &Value, pointer: &str, out: &mut Walk) {
        let mut inner = Walk::default();
        self.walk_here(ty, rest, pointer, true, &mut inner);
        inner.typed.remove(pointer);
        out.typed.extend(inner.typed);
        out.extra.extend(inner.extra);
        out.open_objects.extend(inner.open_objects);
    }

    /// Everything under a value typed as any JSON is in that typed field.
    pub fn all_typed(&self, value: &Value, pointer: &str, out: &mut Walk) {
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
    pub fn wrong_kind(&self, ty: &TypeRef) -> Option<Value> {
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
