//! Request bodies: which encoding is used, and how the body becomes inputs (its fields, flattened as the official
//! SDKs do, with multipart files last) or one `body` input.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::operations::RawInput;
use super::parameters::json_text;
use super::types::{Loc, Properties, TypeLowerer};
use super::{BodyKind, InputTarget, PartKind, TypeRef};
use crate::diagnostics::Diagnostics;
use crate::merge::{Api, OperationEntry};

/// The request body: its fields become inputs (as the official SDKs flatten them), or it is one `body` input.
pub(crate) fn lower_body(
    api: &Api,
    entry: &OperationEntry,
    prefix: &str,
    id: &str,
    lowerer: &mut TypeLowerer<'_>,
    inputs: &mut Vec<RawInput>,
    diagnostics: &mut Diagnostics,
) -> Option<BodyKind> {
    let body_ref = entry.operation.request_body.as_ref()?;
    let loc = Loc::new(&entry.file, &format!("{}/requestBody", entry.pointer));
    let body = match body_ref {
        ReferenceOr::Item(body) => body.clone(),
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|n| api.request_bodies.get(n))
            {
                Some(component) => match &component.value {
                    ReferenceOr::Item(body) => body.clone(),
                    ReferenceOr::Reference { .. } => {
                        diagnostics.error(&loc.file, &loc.pointer, "a request body reference must point at a request body, not another reference");
                        return None;
                    }
                },
                None => {
                    diagnostics.error(&loc.file, &loc.pointer, format!("`$ref: {reference}` does not name a request body in `#/components/requestBodies`"));
                    return None;
                }
            }
        }
    };
    let (media_type, kind) = choose_body_media(&body.content)?;
    let media = &body.content[media_type.as_str()];
    let media_loc = loc.child("content").child(&media_type);
    if body.content.len() > 1 {
        let others: Vec<&str> = body
            .content
            .keys()
            .filter(|k| **k != media_type)
            .map(String::as_str)
            .collect();
        diagnostics.warning(&loc.file, &loc.pointer, format!("the body is sent as `{media_type}`; the other media types it allows ({}) are not offered", others.join(", ")));
    }
    let schema = media.schema.clone().unwrap_or(ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }));
    // A body that is a component has its fields lowered where the component is, under its name, so their inline
    // types are the component's own (not a second copy named after the operation).
    let (owner, schema_loc) = match &schema {
        ReferenceOr::Reference { reference } => lowerer
            .component_origin(reference)
            .unwrap_or_else(|| (format!("{prefix}Request"), media_loc.child("schema"))),
        ReferenceOr::Item(_) => (format!("{prefix}Request"), media_loc.child("schema")),
    };
    if kind == BodyKind::Binary {
        inputs.push(RawInput {
            wire_name: "body".to_string(),
            ty: TypeRef::File,
            required: body.required,
            nullable: false,
            target: InputTarget::WholeBody,
            description: lowerer.docs(
                body.description.as_deref(),
                "The bytes to send as the request body.",
            ),
            default: None,
            deprecated: false,
            structured: false,
            fixed: None,
        });
        return Some(kind);
    }
    match object_properties(lowerer, &schema) {
        Some((properties, required)) => {
            let fields = lowerer.fields(&owner, &properties, &required, &schema_loc, diagnostics);
            let mut body_inputs: Vec<RawInput> = fields
                .into_iter()
                .zip(properties.values())
                .map(|(field, property)| {
                    let property = property.clone().unbox();
                    let default = lowerer
                        .resolve_schema(&property)
                        .and_then(|s| s.schema_data.default.as_ref())
                        .map(json_text);
                    let (ty, target) = if kind == BodyKind::Multipart {
                        multipart_part(lowerer, &property, field.ty)
                    } else {
                        (field.ty, InputTarget::BodyField)
                    };
                    let fixed = field
                        .required
                        .then(|| lowerer.const_value(&property))
                        .flatten();
                    RawInput {
                        ty,
                        fixed,
                        wire_name: field.wire_name,
                        required: field.required,
                        nullable: field.nullable,
                        target,
                        description: field.docs,
                        default,
                        deprecated: field.deprecated,
                        structured: false,
                    }
                })
                .collect();
            if kind == BodyKind::Multipart {
                // Text parts first, files last: servers that stream uploads read the metadata before the file.
                body_inputs.sort_by_key(|i| {
                    matches!(
                        i.target,
                        InputTarget::Part(PartKind::File | PartKind::Files)
                    )
                });
            }
            if kind == BodyKind::Form
                && let Some(bad) = body_inputs.iter().find(|i| !lowerer.is_scalar_type(&i.ty))
            {
                diagnostics.warning(&schema_loc.file, &schema_loc.pointer, format!("form field `{}` is not a scalar; it is encoded as the form encoder sees fit", bad.wire_name));
            }
            inputs.extend(body_inputs);
        }
        None => {
            let lowered = lowerer.lower(
                &schema,
                &owner,
                &format!("The request body of `{id}`."),
                &schema_loc,
                diagnostics,
            );
            inputs.push(RawInput {
                wire_name: "body".to_string(),
                ty: lowered.ty,
                required: true,
                nullable: lowered.nullable,
                target: InputTarget::WholeBody,
                description: lowerer.docs(
                    body.description
                        .as_deref()
                        .or(lowered.description.as_deref()),
                    "The request body.",
                ),
                default: None,
                deprecated: false,
                structured: false,
                fixed: None,
            });
        }
    }
    Some(kind)
}

/// Picks the body encoding: JSON first, then multipart, form, and raw bytes.
fn choose_body_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(String, BodyKind)> {
    let kind_of = |media: &str| {
        let media = media
            .split(';')
            .next()
            .unwrap_or(media)
            .trim()
            .to_ascii_lowercase();
        if media == "application/json" || media.ends_with("+json") {
            Some((0, BodyKind::Json))
        } else if media == "multipart/form-data" {
            Some((1, BodyKind::Multipart))
        } else if media == "application/x-www-form-urlencoded" {
            Some((2, BodyKind::Form))
        } else {
            Some((3, BodyKind::Binary))
        }
    };
    content
        .keys()
        .filter_map(|k| kind_of(k).map(|(rank, kind)| (rank, k.clone(), kind)))
        .min_by_key(|(rank, _, _)| *rank)
        .map(|(_, k, kind)| (k, kind))
}

/// The properties of a body schema that is an object (directly, through `$ref`, or as `allOf` of objects).
fn object_properties(
    lowerer: &TypeLowerer<'_>,
    schema: &ReferenceOr<Schema>,
) -> Option<(Properties, Vec<String>)> {
    lowerer
        .object_parts(schema)
        .filter(|(properties, _, _)| !properties.is_empty())
        .map(|(properties, required, _)| (properties, required))
}

/// How a multipart field is sent: binary strings are files, scalars text, anything else JSON text.
fn multipart_part(
    lowerer: &TypeLowerer<'_>,
    schema: &ReferenceOr<Schema>,
    ty: TypeRef,
) -> (TypeRef, InputTarget) {
    if is_binary(lowerer, schema) {
        return (TypeRef::File, InputTarget::Part(PartKind::File));
    }
    if is_binary_list(lowerer, schema) {
        return (
            TypeRef::List(Box::new(TypeRef::File)),
            InputTarget::Part(PartKind::Files),
        );
    }
    let scalar = |ty: &TypeRef| lowerer.is_scalar_type(ty);
    let text = scalar(&ty) || matches!(&ty, TypeRef::List(item) if scalar(item));
    (
        ty,
        InputTarget::Part(if text { PartKind::Text } else { PartKind::Json }),
    )
}

fn is_binary(lowerer: &TypeLowerer<'_>, schema: &ReferenceOr<Schema>) -> bool {
    matches!(
        lowerer.resolve_schema(schema).map(|s| &s.schema_kind),
        Some(SchemaKind::Type(Type::String(s))) if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
    )
}

fn is_binary_list(lowerer: &TypeLowerer<'_>, schema: &ReferenceOr<Schema>) -> bool {
    match lowerer.resolve_schema(schema).map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Array(a))) => a
            .items
            .as_ref()
            .is_some_and(|items| is_binary(lowerer, &items.clone().unbox())),
        _ => false,
    }
}
