//! Composite types: structs (object properties, `allOf` merged, unions flattened in, unknown fields kept) and
//! unions (`oneOf` / `anyOf`, decoded by their discriminator whenever one can be found).

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::docs::{first_sentence, model_link};
use super::types::{Loc, Properties, TypeLowerer, non_null_variants};
use super::{Field, ModelKind, Struct, TypeRef, Union, UnionVariant};
use crate::diagnostics::Diagnostics;
use crate::naming::{Namer, assign_snake_names, type_name};

impl TypeLowerer<'_> {
    /// The fields of an object schema. Properties beyond the declared ones are kept: in the typed map that
    /// `additionalProperties` declares, or else in a map of JSON values, so a value decoded and encoded again
    /// loses nothing the server sent.
    pub fn struct_model(
        &mut self,
        owner: &str,
        properties: &Properties,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> Struct {
        let fields = self.fields(owner, properties, required, loc, diagnostics);
        let declared = match additional {
            Some(AdditionalProperties::Schema(value)) => Some(self.lower_element(
                value,
                &format!("{owner}Value"),
                &format!("A value of `{owner}`."),
                &loc.child("additionalProperties"),
                diagnostics,
            )),
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        let mut namer = Namer::with_reserved(fields.iter().map(|f| f.name.as_str()));
        let additional_name = namer.claim(if declared.is_some() {
            "additional_properties"
        } else {
            "extra"
        });
        Struct {
            fields,
            additional_declared: declared.is_some(),
            additional: Some(declared.unwrap_or(TypeRef::Json)),
            additional_name,
            unions: Vec::new(),
        }
    }

    /// Lowers properties to fields; inline property types are named `{owner}{Property}`.
    pub fn fields(
        &mut self,
        owner: &str,
        properties: &Properties,
        required: &[String],
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Field> {
        let wire: Vec<&str> = properties.keys().map(String::as_str).collect();
        let names = assign_snake_names(&wire, &[]);
        let mut fields = Vec::new();
        for ((wire_name, schema), name) in properties.iter().zip(names) {
            let schema = schema.clone().unbox();
            let hint = format!("{owner}{}", type_name(wire_name));
            let field_loc = loc.child("properties").child(wire_name);
            let lowered = self.lower(
                &schema,
                &hint,
                &format!("The type of the `{wire_name}` field of `{owner}`."),
                &field_loc,
                diagnostics,
            );
            let fallback = match &lowered.ty {
                TypeRef::Named(target) => match self.described_target(&schema) {
                    // A field the spec does not describe, of a type it does: the type's first sentence.
                    Some(sentence) => format!("{sentence} See {}.", model_link(target)),
                    None => format!("The `{wire_name}` field. See {}.", model_link(target)),
                },
                _ => format!("The `{wire_name}` field."),
            };
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                docs: self.docs(lowered.description.as_deref(), &fallback),
                ty: lowered.ty,
                required: required.contains(wire_name),
                nullable: lowered.nullable,
                boxed: false,
                deprecated: lowered.deprecated,
            });
        }
        fields
    }

    /// The first sentence of the description of the schema a `$ref` points at, when it has one.
    fn described_target(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        let ReferenceOr::Reference { .. } = schema else {
            return None;
        };
        let description = self
            .resolve_schema(schema)?
            .schema_data
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())?;
        let sentence = first_sentence(&self.docs(Some(description), ""));
        (sentence != "see its docs.").then_some(sentence)
    }

    /// A struct of `properties` with a union beside them (`properties` and `oneOf` in one schema): the union is a
    /// flattened field, so both the common properties and the alternative's are kept.
    pub(super) fn struct_with_union(
        &mut self,
        name: &str,
        schema: &Schema,
        properties: &Properties,
        required: &[String],
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> ModelKind {
        let mut s = self.struct_model(name, properties, required, None, loc, diagnostics);
        let union_only = Schema {
            schema_data: openapiv3::SchemaData {
                discriminator: schema.schema_data.discriminator.clone(),
                ..Default::default()
            },
            schema_kind: match &schema.schema_kind {
                SchemaKind::Any(any) if any.one_of.is_empty() => SchemaKind::AnyOf {
                    any_of: any.any_of.clone(),
                },
                SchemaKind::Any(any) => SchemaKind::OneOf {
                    one_of: any.one_of.clone(),
                },
                other => other.clone(),
            },
        };
        let lowered = self.lower(
            &ReferenceOr::Item(union_only),
            &format!("{name}Variant"),
            &format!("The alternatives of `{name}`."),
            loc,
            diagnostics,
        );
        self.add_union(&mut s, lowered.ty);
        ModelKind::Struct(s)
    }

    /// Adds a flattened union to a struct. The union's alternatives keep their own unknown fields, so the struct
    /// no longer needs a map for them (two flattened catch-alls would both claim every unknown field).
    fn add_union(&self, s: &mut Struct, ty: TypeRef) {
        let mut namer = Namer::with_reserved(
            s.fields
                .iter()
                .map(|f| f.name.as_str())
                .chain(s.unions.iter().map(|(n, _)| n.as_str())),
        );
        s.unions.push((namer.claim("variant"), ty));
        if !s.additional_declared {
            s.additional = None;
        }
    }

    /// `allOf`: one `$ref` with nothing else is an alias; object parts are merged into one struct, and union parts
    /// (`oneOf` / `anyOf`) become flattened fields of it.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        parts: &[ReferenceOr<Schema>],
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> ModelKind {
        if let [ReferenceOr::Reference { reference }] = parts {
            return ModelKind::Alias(self.ref_type(reference, loc, diagnostics));
        }
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        let mut unions = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_loc = loc.child("allOf").child(&index.to_string());
            if let Some((props, req, extra)) = self.object_parts(part) {
                properties.extend(props);
                required.extend(req);
                additional = additional.or(extra);
                continue;
            }
            let is_union = self.resolve_schema(part).is_some_and(|s| {
                matches!(
                    &s.schema_kind,
                    SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
                ) || matches!(&s.schema_kind, SchemaKind::Any(a) if !a.one_of.is_empty() || !a.any_of.is_empty())
            });
            if is_union {
                let lowered = self.lower(
                    part,
                    &format!("{name}Variant"),
                    &format!("The alternatives of `{name}`."),
                    &part_loc,
                    diagnostics,
                );
                unions.push(lowered.ty);
                continue;
            }
            let constraint_only = matches!(
                self.resolve_schema(part).map(|s| &s.schema_kind),
                Some(SchemaKind::Any(a)) if a.typ.is_none() && a.properties.is_empty()
            );
            if !constraint_only {
                let why = match part {
                    ReferenceOr::Reference { reference }
                        if self.resolve_ref(reference, &part_loc, diagnostics) == name =>
                    {
                        "refers back to itself"
                    }
                    _ => "is not an object",
                };
                diagnostics.warning(
                    &part_loc.file,
                    &part_loc.pointer,
                    format!("`allOf` part {index} {why}, so it cannot be merged into `{name}`; its fields are left out of the generated type"),
                );
            }
        }
        let mut s = self.struct_model(
            name,
            &properties,
            &required,
            additional.as_ref(),
            loc,
            diagnostics,
        );
        for ty in unions {
            self.add_union(&mut s, ty);
        }
        ModelKind::Struct(s)
    }

    /// The discriminator value an alternative carries itself: its discriminator property allows exactly one value
    /// (`enum: [card]` or `const: card`).
    fn own_tag(&self, variant: &ReferenceOr<Schema>, property: &str) -> Option<String> {
        let (properties, _, _) = self.object_parts(variant)?;
        let schema = properties.get(property)?.clone().unbox();
        let schema = self.resolve_schema(&schema)?;
        if let Some(value) = schema.schema_data.extensions.get("x-const") {
            return value.as_str().map(str::to_string);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A property every alternative has with one distinct value each: a discriminator the spec does not declare.
    fn implied_discriminator(&self, variants: &[(usize, &ReferenceOr<Schema>)]) -> Option<String> {
        if variants.len() < 2 {
            return None;
        }
        let (first, _, _) = self.object_parts(variants[0].1)?;
        first.keys().find_map(|property| {
            let tags: Vec<String> = variants
                .iter()
                .map(|(_, v)| self.own_tag(v, property))
                .collect::<Option<_>>()?;
            let mut unique = tags.clone();
            unique.sort();
            unique.dedup();
            (unique.len() == tags.len()).then(|| property.clone())
        })
    }

    pub(super) fn union(
        &mut self,
        name: &str,
        variants: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        loc: &Loc,
        diagnostics: &mut Diagnostics,
    ) -> ModelKind {
        let alternatives = non_null_variants(variants);
        let property = discriminator
            .map(|d| d.property_name.clone())
            .or_else(|| self.implied_discriminator(&alternatives));
        let mut namer = Namer::default();
        let mut out = Vec::new();
        let mut untagged = Vec::new();
        let mut lacking = Vec::new();
        for (index, variant) in alternatives {
            let variant_loc = loc.child(&index.to_string());
            let title = match variant {
                ReferenceOr::Item(s) => s.schema_data.title.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            // The tags: every value the discriminator's mapping sends to this alternative, else the value the
            // alternative allows for the property, else (for a `$ref`) the component's name, as OpenAPI defines.
            let tags: Vec<String> = match &property {
                None => Vec::new(),
                Some(property) => {
                    let mapped: Vec<String> = match (variant, discriminator) {
                        (ReferenceOr::Reference { reference }, Some(d)) => d
                            .mapping
                            .iter()
                            .filter(|(_, target)| *target == reference)
                            .map(|(value, _)| value.clone())
                            .collect(),
                        _ => Vec::new(),
                    };
                    if mapped.is_empty() {
                        self.own_tag(variant, property)
                            .or_else(|| match variant {
                                ReferenceOr::Reference { reference } if discriminator.is_some() => {
                                    Some(
                                        reference
                                            .rsplit('/')
                                            .next()
                                            .unwrap_or_default()
                                            .to_string(),
                                    )
                                }
                                _ => None,
                            })
                            .into_iter()
                            .collect()
                    } else {
                        mapped
                    }
                }
            };
            let hint_suffix = match (&title, tags.first()) {
                (Some(title), _) => type_name(title),
                (None, Some(tag)) if matches!(variant, ReferenceOr::Item(_)) => type_name(tag),
                _ => format!("Variant{}", index + 1),
            };
            let lowered = self.lower(
                variant,
                &format!("{name}{hint_suffix}"),
                &format!("One form of `{name}`."),
                &variant_loc,
                diagnostics,
            );
            let candidate = match (&lowered.ty, &title) {
                (_, Some(title)) => type_name(title),
                (TypeRef::Named(n), None) => n.clone(),
                (ty, None) => primitive_variant_name(ty),
            };
            if tags.is_empty() {
                untagged.push(candidate.clone());
            }
            let carries = property.as_ref().is_some_and(|property| {
                self.object_parts(variant)
                    .is_some_and(|(properties, _, _)| properties.contains_key(property))
            });
            let described = describe_type(&lowered.ty);
            let article = if described.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            let fallback = format!("The value is {article} {described}.");
            let name = namer.claim(&candidate);
            if !carries {
                lacking.push(name.clone());
            }
            out.push(UnionVariant {
                boxed: false,
                name,
                docs: self.docs(lowered.description.as_deref(), &fallback),
                ty: lowered.ty,
                tags,
            });
        }
        // A number alternative also holds whole numbers, which callers give and servers send as integers: an
        // `Integer` alternative keeps them so (`5`, not `5.0`, in a query string or a re-encoded body).
        let has_integer = out
            .iter()
            .any(|v| matches!(v.ty, TypeRef::I32 | TypeRef::I64));
        let number = out
            .iter()
            .position(|v| matches!(v.ty, TypeRef::F32 | TypeRef::F64));
        if !has_integer
            && property.is_none()
            && let Some(at) = number
        {
            let name = namer.claim("Integer");
            out.insert(
                at,
                UnionVariant {
                    boxed: false,
                    name,
                    docs: vec!["The value is a whole number.".to_string()],
                    ty: TypeRef::I64,
                    tags: Vec::new(),
                },
            );
        }
        // Untagged deserialisation takes the first variant that fits: integers must be tried before numbers.
        out.sort_by_key(|v| match v.ty {
            TypeRef::I32 | TypeRef::I64 => 0,
            TypeRef::F32 | TypeRef::F64 => 1,
            _ => 0,
        });
        let tagged = property.is_some() && untagged.is_empty() && !out.is_empty();
        if discriminator.is_some() && !tagged {
            diagnostics.warning(
                &loc.file,
                &loc.pointer,
                format!("the discriminator cannot tell {} apart from the others (no mapping, no single value of the property), so decoding tries each alternative in turn", untagged.join(", ")),
            );
        }
        let discriminator = property.filter(|_| tagged);
        if let Some(property) = &discriminator {
            // Encoding writes the variant as it is, so each variant must carry the discriminator itself.
            for name in &lacking {
                diagnostics.warning(
                    &loc.file,
                    &loc.pointer,
                    format!("alternative `{name}` has no `{property}` property, so a value built in Rust is sent without its discriminator"),
                );
            }
        }
        let fallback = discriminator.as_ref().map(|_| namer.claim("Unknown"));
        ModelKind::Union(Union {
            variants: out,
            scalar: false,
            discriminator,
            fallback,
        })
    }
}

fn primitive_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Object",
        _ => "Value",
    }
    .to_string()
}

/// A short phrase for a type, for generated docs.
pub(crate) fn describe_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_string(),
        TypeRef::Bool => "boolean".to_string(),
        TypeRef::I32 | TypeRef::I64 => "integer".to_string(),
        TypeRef::F32 | TypeRef::F64 => "number".to_string(),
        TypeRef::DateTime => "date-time".to_string(),
        TypeRef::Date => "date".to_string(),
        TypeRef::Json => "JSON value".to_string(),
        TypeRef::Bytes => "byte string".to_string(),
        TypeRef::File => "file".to_string(),
        TypeRef::Named(n) => model_link(n),
        TypeRef::List(t) => format!("list of {}", describe_type(t)),
        TypeRef::Map(t) => format!("map of {}", describe_type(t)),
        TypeRef::Option(t) => format!("{} or null", describe_type(t)),
    }
}
