//! Lowering schemas to types: named models for components and for inline objects, enums and unions (named after
//! where they appear, the way the official SDKs name them: `EntitiesCreateBulkRequestEntitiesItem`), and plain
//! type references for everything else.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::docs::model_link;
use super::{EnumVariant, Gate, Model, ModelKind, StringEnum, Struct, TypeRef};
use crate::diagnostics::{Diagnostics, pointer_join};
use crate::docs::{DocContext, render};
use crate::merge::Api;
use crate::naming::{Namer, snake_name, type_name, variant_name};

/// Where a schema is: file and pointer, for diagnostics.
#[derive(Debug, Clone)]
pub(crate) struct Loc {
    pub file: String,
    pub pointer: String,
}

impl Loc {
    pub fn new(file: &str, pointer: &str) -> Self {
        Self {
            file: file.to_string(),
            pointer: pointer.to_string(),
        }
    }

    pub fn child(&self, token: &str) -> Self {
        Self {
            file: self.file.clone(),
            pointer: pointer_join(&self.pointer, token),
        }
    }
}

/// A schema lowered to a type reference, with what the place using it needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// Builds models. One per run; operations use it too, for their inline types.
pub(crate) struct TypeLowerer<'a> {
    pub(super) api: &'a Api,
    context: &'a DocContext,
    pub(super) models: BTreeMap<String, Model>,
    /// Every crate-level type name handed out (models, resource handles, builders, body types).
    pub namer: Namer,
    component_names: BTreeMap<String, String>,
    /// Where each model was defined, for diagnostics found after lowering.
    origins: BTreeMap<String, Loc>,
    /// The type made for the inline schema at each place (file, pointer), so a schema reached twice (a component's
    /// property, and the same property as a request body field) is one type.
    inline: BTreeMap<(String, String), String>,
    /// Examples found so far, with their types.
    examples: Vec<super::Example>,
}

impl<'a> TypeLowerer<'a> {
    pub fn new(api: &'a Api, context: &'a DocContext) -> Self {
        // Component schemas claim their names first: they are the names users see in the docs.
        let mut namer = Namer::default();
        let component_names = api
            .schemas
            .keys()
            .map(|name| (name.clone(), namer.claim(&type_name(name))))
            .collect();
        Self {
            api,
            context,
            models: BTreeMap::new(),
            namer,
            component_names,
            origins: BTreeMap::new(),
            inline: BTreeMap::new(),
            examples: Vec::new(),
        }
    }

    /// How descriptions are rendered.
    pub fn context(&self) -> &DocContext {
        self.context
    }

    /// Whether a model can be written as one query or path value (a string enum, or a union of scalars).
    pub fn is_scalar_model(&self, name: &str) -> bool {
        let mut current = name;
        for _ in 0..MAX_REF_DEPTH {
            match self.models.get(current).map(|m| &m.kind) {
                Some(ModelKind::Enum(_)) => return true,
                Some(ModelKind::Union(u)) => return u.variants.iter().all(|v| v.ty.is_scalar()),
                Some(ModelKind::Alias(TypeRef::Named(next))) => current = next,
                Some(ModelKind::Alias(ty)) => return ty.is_scalar(),
                _ => return false,
            }
        }
        false
    }

    /// Whether values of `ty` are one piece of text on the wire: scalars, and models that are string enums or
    /// unions of scalars.
    pub fn is_scalar_type(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.is_scalar_model(name),
            other => other.is_scalar(),
        }
    }

    /// Whether a schema becomes a named type when it appears inline.
    pub(super) fn needs_named_type(&self, schema: &Schema) -> bool {
        needs_named_type(schema, |parts| self.all_of_objects(parts))
    }

    /// Whether any part of an `allOf` is an object (then the parts are merged into a struct).
    pub(super) fn all_of_objects(&self, parts: &[ReferenceOr<Schema>]) -> bool {
        self.all_of_objects_at(parts, 0)
    }

    fn all_of_objects_at(&self, parts: &[ReferenceOr<Schema>], depth: usize) -> bool {
        depth < MAX_REF_DEPTH
            && parts.iter().any(|part| {
                self.resolve_schema(part)
                    .is_some_and(|s| match &s.schema_kind {
                        SchemaKind::Type(Type::Object(_)) => true,
                        SchemaKind::Any(a) => !a.properties.is_empty(),
                        SchemaKind::AllOf { all_of } => self.all_of_objects_at(all_of, depth + 1),
                        _ => false,
                    })
            })
    }

    /// The properties, required list and additional properties of an object schema, following `$ref`s and
    /// merging `allOf`s; `None` when it is not an object (or only refers to itself).
    pub fn object_parts(&self, schema: &ReferenceOr<Schema>) -> Option<ObjectParts> {
        self.object_parts_at(schema, 0)
    }

    fn object_parts_at(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Option<ObjectParts> {
        if depth >= MAX_REF_DEPTH {
            return None;
        }
        let schema = self.resolve_schema(schema)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some((
                o.properties.clone(),
                o.required.clone(),
                o.additional_properties.clone(),
            )),
            SchemaKind::Any(a) if a.typ.is_none() && a.one_of.is_empty() && a.any_of.is_empty() => {
                Some((
                    a.properties.clone(),
                    a.required.clone(),
                    a.additional_properties.clone(),
                ))
            }
            SchemaKind::AllOf { all_of } => {
                let mut properties = Properties::new();
                let mut required = Vec::new();
                let mut additional = None;
                for part in all_of {
                    let (p, r, a) = self.object_parts_at(part, depth + 1)?;
                    properties.extend(p);
                    required.extend(r);
                    additional = additional.or(a);
                }
                Some((properties, required, additional))
            }
            _ => None,
        }
    }

    /// The part of a non-object `allOf` that says its type (the others only add constraints).
    pub(super) fn typed_all_of_part(&self, parts: &[ReferenceOr<Schema>]) -> usize {
        parts
            .iter()
            .position(|part| !matches!(self.resolve_schema(part).map(|s| &s.schema_kind), Some(SchemaKind::Any(a)) if a.typ.is_none()))
            .unwrap_or(0)
    }

    /// A struct model by name, through aliases.
    pub fn struct_def(&self, name: &str) -> Option<&Struct> {
        let mut current = name;
        for _ in 0..16 {
            match &self.models.get(current)?.kind {
                ModelKind::Struct(s) => return Some(s),
                ModelKind::Alias(TypeRef::Named(next)) => current = next,
                _ => return None,
            }
        }
        None
    }

    /// What an argument of type `ty` accepts: aliases of lists and maps resolved to the list or map, so a
    /// `metadata` argument takes any iterator of pairs rather than only the alias type.
    pub fn argument_shape(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty;
        for _ in 0..16 {
            match current {
                TypeRef::Named(name) => match self.models.get(name).map(|m| &m.kind) {
                    Some(ModelKind::Alias(
                        target @ (TypeRef::Named(_) | TypeRef::List(_) | TypeRef::Map(_)),
                    )) => current = target,
                    _ => break,
                },
                _ => break,
            }
        }
        current.clone()
    }

    /// Renders a description, or the fallback when there is none.
    /// Rendered docs of a description from the spec, or the generator's own `fallback` text (already rustdoc, with
    /// intra-doc links, so it is used as it is).
    pub fn docs(&self, description: Option<&str>, fallback: &str) -> Vec<String> {
        match description.map(str::trim).filter(|d| !d.is_empty()) {
            Some(text) => render(text, self.context),
            None => fallback.lines().map(str::to_string).collect(),
        }
    }

    /// Records an example value of `ty` found at `loc`.
    pub fn add_example(&mut self, ty: &TypeRef, value: &serde_json::Value, loc: &Loc) {
        self.examples.push(super::Example {
            ty: ty.clone(),
            value: value.clone(),
            file: loc.file.clone(),
            pointer: loc.pointer.clone(),
        });
    }

    /// The examples recorded, in the order they were found (each place once).
    pub fn take_examples(&mut self) -> Vec<super::Example> {
        let mut seen = std::collections::BTreeSet::new();
        std::mem::take(&mut self.examples)
            .into_iter()
            .filter(|e| seen.insert((e.file.clone(), e.pointer.clone())))
            .collect()
    }

    /// Defines a model for every component schema.
    pub fn lower_components(&mut self, diagnostics: &mut Diagnostics) {
        for (name, component) in &self.api.schemas {
            let rust = self.component_names[name].clone();
            let loc = Loc::new(&component.file, &component.pointer);
            if let ReferenceOr::Item(schema) = &component.value {
                let data = &schema.schema_data;
                let listed = data
                    .extensions
                    .get("x-examples")
                    .and_then(|e| e.as_array().cloned())
                    .unwrap_or_default();
                let examples: Vec<&serde_json::Value> = if listed.is_empty() {
                    data.example.iter().collect()
                } else {
                    listed.iter().collect()
                };
                for (index, example) in examples.into_iter().enumerate() {
                    let at = if listed.is_empty() {
                        loc.child("example")
                    } else {
                        loc.child("examples").child(&index.to_string())
                    };
                    self.add_example(&TypeRef::Named(rust.clone()), example, &at);
                }
            }
            let model = match &component.value {
                ReferenceOr::Reference { reference } => {
                    let target = self.ref_type(reference, &loc, diagnostics);
                    let docs = match &target {
                        TypeRef::Named(target) => {
                            format!("Another name for {}.", model_link(target))
                        }
                        _ => "Untyped JSON (the schema it refers to is missing).".to_string(),
                    };
                    Model {
                        name: rust.clone(),
                        module: String::new(),
                        docs: self.docs(None, &docs),
                        deprecated: false,
                        kind: ModelKind::Alias(target),
                        gate: Gate::Always,
                    }
                }
                ReferenceOr::Item(schema) => self.define(
                    &rust,
                    schema,
                    &loc,
                    &format!("The `{name}` schema of the API."),
                    diagnostics,
                ),
            };
            self.origins.insert(rust.clone(), loc);
            self.models.insert(rust, model);
        }
    }

    /// The type a `#/components/schemas/X` reference names: the component's model, or untyped JSON (with a
    /// warning) when there is no such component.
    pub fn ref_type(&self, reference: &str, loc: &Loc, diagnostics: &mut Diagnostics) -> TypeRef {
        let rust = self.resolve_ref(reference, loc, diagnostics);
        if self.component_names.values().any(|n| *n == rust) {
            TypeRef::Named(rust)
        } else {
            TypeRef::Json
        }
    }

    /// The one value a schema allows (`const`, or an `enum` of one value), if it says so.
    pub fn const_value(&self, schema: &ReferenceOr<Schema>) -> Option<serde_json::Value> {
        let schema = self.resolve_schema(schema)?;
        schema.schema_data.extensions.get("x-const").cloned()
    }

    /// The Rust name and place of the component a `#/components/schemas/X` reference points at.
    pub fn component_origin(&self, reference: &str) -> Option<(String, Loc)> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let component = self.api.schemas.get(name)?;
        Some((
            self.component_names.get(name)?.clone(),
            Loc::new(&component.file, &component.pointer),
        ))
    }

    /// The Rust name of the component a `#/components/schemas/X` reference points at.
    pub fn resolve_ref(&self, reference: &str, loc: &Loc, diagnostics: &mut Diagnostics) -> String {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or(reference);
        match self.component_names.get(name) {
            Some(rust) => rust.clone(),
            None => {
                diagnostics.warning(
                    &loc.file,
                    &loc.pointer,
                    format!("`$ref: {reference}` does not name a schema in `#/components/schemas`; the value is untyped JSON here"),
                );
                "serde_json::Value".to_string()
            }
        }
    }

    /// Follows `$ref`s to the schema they name.
    pub fn resolve_schema<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = &self.api.schemas.get(name)?.value;
                }
            }
        }
        None
    }

    /// Lowers a schema used somewhere (a property, a parameter, a body); inline types are named from `hint`.
    pub fn lower(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        origin: &str,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => {
                // A `$ref` to a nullable component is nullable where it is used (the component's own type, a
                // struct or an enum, cannot say so; an alias already is an `Option`).
                let nullable = self.resolve_schema(schema).is_some_and(|target| {
                    target.schema_data.nullable && self.needs_named_type(target)
                });
                Lowered {
                    ty: self.ref_type(reference, loc, diagnostics),
                    nullable,
                    description: None,
                    deprecated: false,
                }
            }
            ReferenceOr::Item(schema) => {
                let lowered = self.lower_item(schema, hint, origin, loc, diagnostics);
                // An example of an inline schema must decode into the type made for it.
                let data = &schema.schema_data;
                let ty = if lowered.nullable && lowered.ty != TypeRef::Json {
                    TypeRef::Option(Box::new(lowered.ty.clone()))
                } else {
                    lowered.ty.clone()
                };
                if let Some(example) = &data.example {
                    self.add_example(&ty, example, &loc.child("example"));
                }
                lowered
            }
        }
    }

    /// Lowers an inline schema: a named type for objects, enums and unions (one per place), a plain type
    /// reference otherwise.
    fn lower_item(
        &mut self,
        schema: &Schema,
        hint: &str,
        origin: &str,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> Lowered {
        let data = &schema.schema_data;
        // `oneOf: [A, B, {type: 'null'}]`: the union is of A and B, and the value may be null.
        let null_alternative = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => {
                non_null_variants(v).len() < v.len()
            }
            SchemaKind::Any(any) => {
                non_null_variants(&any.one_of).len() < any.one_of.len()
                    || non_null_variants(&any.any_of).len() < any.any_of.len()
            }
            _ => false,
        };
        let mut lowered = Lowered {
            ty: TypeRef::Json,
            nullable: data.nullable || null_alternative,
            description: data.description.clone(),
            deprecated: data.deprecated,
        };
        if self.needs_named_type(schema) {
            let place = (loc.file.clone(), loc.pointer.clone());
            if let Some(name) = self.inline.get(&place) {
                lowered.ty = TypeRef::Named(name.clone());
                return lowered;
            }
            let name = self.namer.claim(&type_name(hint));
            self.inline.insert(place, name.clone());
            let model = self.define(&name, schema, loc, origin, diagnostics);
            self.origins.insert(name.clone(), loc.clone());
            self.models.insert(name.clone(), model);
            lowered.ty = TypeRef::Named(name);
        } else {
            let (ty, nullable) = self.anonymous(schema, hint, loc, diagnostics);
            lowered.ty = ty;
            lowered.nullable |= nullable;
        }
        lowered
    }

    /// Lowers a schema and wraps it in `Option` when it is nullable (for list items and map values).
    pub(super) fn lower_element(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        origin: &str,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        let lowered = self.lower(schema, hint, origin, loc, diagnostics);
        if lowered.nullable && lowered.ty != TypeRef::Json {
            TypeRef::Option(Box::new(lowered.ty))
        } else {
            lowered.ty
        }
    }

    /// A type for a schema that gets no name of its own. The bool says the schema turned out nullable (a
    /// `anyOf: [X, {type: 'null'}]` wrapper).
    fn anonymous(
        &mut self,
        schema: &Schema,
        hint: &str,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> (TypeRef, bool) {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                    TypeRef::DateTime
                }
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                    TypeRef::Date
                }
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    TypeRef::I32
                }
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                    TypeRef::F32
                }
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let items = items.clone().unbox();
                    let item = self.lower_element(
                        &items,
                        &format!("{hint}Item"),
                        &format!("An item of `{hint}`."),
                        &loc.child("items"),
                        diagnostics,
                    );
                    TypeRef::List(Box::new(item))
                }
                None => TypeRef::List(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), hint, loc, diagnostics)
            }
            SchemaKind::AllOf { all_of } => {
                // One part, or parts that only add constraints to one type (`[{type: string}, {minLength: 1}]`):
                // the type of the part that has one.
                let index = self.typed_all_of_part(all_of);
                return self.anonymous_single(
                    &all_of[index],
                    hint,
                    loc.child("allOf").child(&index.to_string()),
                    diagnostics,
                );
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                match non_null_variants(variants).as_slice() {
                    [(index, single)] => {
                        let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                            "oneOf"
                        } else {
                            "anyOf"
                        };
                        let (ty, _) = self.anonymous_single(
                            single,
                            hint,
                            loc.child(key).child(&index.to_string()),
                            diagnostics,
                        );
                        return (ty, true);
                    }
                    _ => TypeRef::Json,
                }
            }
            SchemaKind::Not { .. } => {
                diagnostics.warning(&loc.file, &loc.pointer, "`not` schemas cannot be expressed as a Rust type; the value is kept as untyped JSON");
                TypeRef::Json
            }
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ {
                    diagnostics.warning(
                        &loc.file,
                        &loc.pointer,
                        format!("schema says `type: {typ}` but its other keywords do not fit that type; the value is untyped JSON"),
                    );
                } else if any.items.is_some() || any.additional_properties.is_some() {
                    diagnostics.warning(
                        &loc.file,
                        &loc.pointer,
                        "schema has no `type`; it is kept as untyped JSON",
                    );
                }
                TypeRef::Json
            }
        };
        (ty, false)
    }

    /// The single part of an `allOf` / nullable `anyOf` wrapper.
    fn anonymous_single(
        &mut self,
        part: &ReferenceOr<Schema>,
        hint: &str,
        loc: Loc,
        diagnostics: &mut Diagnostics,
    ) -> (TypeRef, bool) {
        let lowered = self.lower(part, hint, &format!("Part of `{hint}`."), &loc, diagnostics);
        (lowered.ty, lowered.nullable)
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value = self.lower_element(
                    value,
                    &format!("{hint}Value"),
                    &format!("A value of `{hint}`."),
                    &loc.child("additionalProperties"),
                    diagnostics,
                );
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// Builds the model for a schema that has a name.
    fn define(
        &mut self,
        name: &str,
        schema: &Schema,
        loc: &Loc,
        origin: &str,
        diagnostics: &mut Diagnostics,
    ) -> Model {
        let data = &schema.schema_data;
        let docs = self.docs(
            data.description.as_deref().or(data.title.as_deref()),
            origin,
        );
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                ModelKind::Enum(self.string_enum(schema, &s.enumeration))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                ModelKind::Struct(self.struct_model(
                    name,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    loc,
                    diagnostics,
                ))
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    && any.typ.is_none()
                    && (!any.one_of.is_empty() || !any.any_of.is_empty()) =>
            {
                self.struct_with_union(
                    name,
                    schema,
                    &any.properties,
                    &any.required,
                    loc,
                    diagnostics,
                )
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.typ.is_none() => {
                ModelKind::Struct(self.struct_model(
                    name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    loc,
                    diagnostics,
                ))
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let (key, variants) = if any.one_of.is_empty() {
                    ("anyOf", &any.any_of)
                } else {
                    ("oneOf", &any.one_of)
                };
                self.union(
                    name,
                    variants,
                    data.discriminator.as_ref(),
                    &loc.child(key),
                    diagnostics,
                )
            }
            SchemaKind::AllOf { all_of } if !self.all_of_objects(all_of) => {
                let index = self.typed_all_of_part(all_of);
                let (ty, _) = self.anonymous_single(
                    &all_of[index],
                    name,
                    loc.child("allOf").child(&index.to_string()),
                    diagnostics,
                );
                ModelKind::Alias(ty)
            }
            SchemaKind::AllOf { all_of } => self.all_of(name, all_of, loc, diagnostics),
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(
                    name,
                    variants,
                    data.discriminator.as_ref(),
                    &loc.child(key),
                    diagnostics,
                )
            }
            _ => {
                let (ty, nullable) = self.anonymous(schema, name, loc, diagnostics);
                ModelKind::Alias(if nullable || data.nullable && ty != TypeRef::Json {
                    TypeRef::Option(Box::new(ty))
                } else {
                    ty
                })
            }
        };
        Model {
            name: name.to_string(),
            module: String::new(),
            docs,
            deprecated: data.deprecated,
            kind,
            gate: Gate::Always,
        }
    }

    fn string_enum(&self, schema: &Schema, values: &[Option<String>]) -> StringEnum {
        let descriptions = schema
            .schema_data
            .extensions
            .get("x-enum-descriptions")
            .and_then(|v| v.as_object());
        let names = schema
            .schema_data
            .extensions
            .get("x-enum-names")
            .and_then(|v| v.as_object());
        let mut namer = Namer::default();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values.iter().flatten() {
            if !seen.insert(value.clone()) {
                continue;
            }
            let candidate = names
                .and_then(|n| n.get(value))
                .and_then(|n| n.as_str())
                .map_or_else(|| variant_name(value), variant_name);
            let description = descriptions
                .and_then(|d| d.get(value))
                .and_then(|d| d.as_str());
            variants.push(EnumVariant {
                name: namer.claim(&candidate),
                value: value.clone(),
                docs: self.docs(description, &format!("The value `{value}`.")),
            });
        }
        let fallback = namer.claim("Unknown");
        StringEnum { variants, fallback }
    }

    /// All models, with modules assigned and cycles broken with boxes.
    pub fn finish(mut self, diagnostics: &mut Diagnostics) -> Vec<Model> {
        super::cycles::break_alias_cycles(&mut self.models, &self.origins, diagnostics);
        super::cycles::box_cycles(&mut self.models);
        let components: BTreeSet<String> = self.component_names.values().cloned().collect();
        super::shared_enums::share(&mut self.models, &components);
        let scalar_unions: Vec<String> = self
            .models
            .iter()
            .filter(|(name, m)| matches!(m.kind, ModelKind::Union(_)) && self.is_scalar_model(name))
            .map(|(n, _)| n.clone())
            .collect();
        for name in scalar_unions {
            if let Some(Model {
                kind: ModelKind::Union(u),
                ..
            }) = self.models.get_mut(&name)
            {
                u.scalar = true;
            }
        }
        let mut modules = Namer::with_reserved(["mod"]);
        self.models
            .into_values()
            .map(|mut model| {
                model.module = modules.claim(&snake_name(&model.name));
                model
            })
            .collect()
    }
}

/// Schemas that become a named type when they appear inline.
fn needs_named_type(
    schema: &Schema,
    all_of_objects: impl Fn(&[ReferenceOr<Schema>]) -> bool,
) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1 && all_of_objects(all_of),
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => {
            non_null_variants(v).len() > 1
        }
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && (!any.properties.is_empty()
                    || non_null_variants(&any.one_of).len() > 1
                    || non_null_variants(&any.any_of).len() > 1)
        }
        _ => false,
    }
}

/// Alternatives of a union that are not just `null` (3.1's `{type: 'null'}`, normalised to `{nullable: true}`).
pub(super) fn non_null_variants(
    variants: &[ReferenceOr<Schema>],
) -> Vec<(usize, &ReferenceOr<Schema>)> {
    variants
        .iter()
        .enumerate()
        .filter(|(_, v)| match v {
            ReferenceOr::Item(s) => !(s.schema_data.nullable && matches!(&s.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default())),
            ReferenceOr::Reference { .. } => true,
        })
        .collect()
}

/// How many `$ref`s and `allOf`s deep a schema is followed; deeper means a cycle of references.
pub(crate) const MAX_REF_DEPTH: usize = 32;

/// The properties of an object schema, in spec order.
pub(crate) type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What an object schema declares: properties, required names, additional properties.
type ObjectParts = (Properties, Vec<String>, Option<AdditionalProperties>);
