//! Parameters: path, query and header inputs, with how each is written (the style its schema and `style`
//! / `explode` call for), and authentication parameters taken out.

use std::collections::BTreeSet;

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::operations::RawInput;
use super::types::{Loc, TypeLowerer};
use super::{Auth, InputTarget, QueryStyle, TypeRef};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::merge::{Api, OperationEntry};
use crate::naming::type_name;

/// Path-level and operation-level parameters (the operation's win), minus those that are authentication.
#[allow(clippy::too_many_arguments)]
pub(crate) fn lower_parameters(
    api: &Api,
    config: &Config,
    entry: &OperationEntry,
    prefix: &str,
    id: &str,
    lowerer: &mut TypeLowerer<'_>,
    auth: &mut BTreeSet<Auth>,
    diagnostics: &mut Diagnostics,
) -> Vec<RawInput> {
    let mut params: Vec<(Parameter, Loc)> = Vec::new();
    let path_item_pointer = entry
        .pointer
        .rsplit_once('/')
        .map_or("", |(p, _)| p)
        .to_string();
    let sources = [
        (
            &entry.path_parameters,
            format!("{path_item_pointer}/parameters"),
        ),
        (
            &entry.operation.parameters,
            format!("{}/parameters", entry.pointer),
        ),
    ];
    for (list, base) in sources {
        for (index, param) in list.iter().enumerate() {
            let loc = Loc::new(&entry.file, &format!("{base}/{index}"));
            let Some(param) = resolve_parameter(api, param, &loc, diagnostics) else {
                continue;
            };
            let key = (
                param.parameter_data_ref().name.clone(),
                std::mem::discriminant(&param),
            );
            params.retain(|(p, _)| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                ) != key
            });
            params.push((param, loc));
        }
    }
    let mut inputs = Vec::new();
    for (param, loc) in params {
        let data = param.parameter_data_ref();
        let (target, style_ok) = match &param {
            Parameter::Path { .. } => (InputTarget::Path, true),
            Parameter::Query { style, .. } => match style {
                openapiv3::QueryStyle::Form => (
                    InputTarget::Query(if data.explode == Some(false) {
                        QueryStyle::FormJoined
                    } else {
                        QueryStyle::Form
                    }),
                    true,
                ),
                openapiv3::QueryStyle::DeepObject => {
                    (InputTarget::Query(QueryStyle::DeepObject), true)
                }
                _ => (InputTarget::Query(QueryStyle::Form), false),
            },
            Parameter::Header { .. } => {
                if config
                    .auth_headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&data.name))
                {
                    auth.insert(Auth::ApiKeyHeader {
                        header: data.name.clone(),
                    });
                    continue;
                }
                if ["content-type", "accept", "content-length"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
                {
                    continue;
                }
                if data.name.eq_ignore_ascii_case("authorization") {
                    auth.insert(Auth::Bearer);
                    continue;
                }
                (InputTarget::Header, true)
            }
            Parameter::Cookie { .. } => {
                diagnostics.warning(&loc.file, &loc.pointer, format!("cookie parameter `{}` is not supported and is left out; set it with a default header", data.name));
                continue;
            }
        };
        if !style_ok {
            diagnostics.warning(
                &loc.file,
                &loc.pointer,
                format!(
                    "query style of `{}` is not supported; it is sent in the form style",
                    data.name
                ),
            );
        }
        let mut target = target;
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema.clone(),
            // `content` says the value is encoded as that media type: JSON text, for the JSON types.
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.iter().next() else {
                    diagnostics.warning(
                        &loc.file,
                        &loc.pointer,
                        format!(
                            "parameter `{}` has an empty `content`; it is left out",
                            data.name
                        ),
                    );
                    continue;
                };
                let json = media_type.contains("json");
                if json && matches!(target, InputTarget::Query(_)) {
                    target = InputTarget::Query(QueryStyle::Json);
                } else if !json {
                    diagnostics.warning(
                        &loc.file,
                        &loc.pointer,
                        format!(
                            "parameter `{}` is `{media_type}` content; it is sent as text",
                            data.name
                        ),
                    );
                }
                media
                    .schema
                    .clone()
                    .unwrap_or(ReferenceOr::Item(openapiv3::Schema {
                        schema_data: Default::default(),
                        schema_kind: openapiv3::SchemaKind::Any(Default::default()),
                    }))
            }
        };
        let hint = format!("{prefix}Request{}", type_name(&data.name));
        let lowered = lowerer.lower(
            &schema,
            &hint,
            &format!("Values of the `{}` parameter of `{id}`.", data.name),
            &loc.child("schema"),
            diagnostics,
        );
        if let (InputTarget::Query(QueryStyle::Form), TypeRef::Map(_)) = (&target, &lowered.ty) {
            target = InputTarget::Query(QueryStyle::FormObject);
        }
        // Scalars and lists of them are written directly; anything else (objects, lists of objects, free-form
        // JSON) through its serialised form, in the parameter's style.
        let structured = target == InputTarget::Query(QueryStyle::Json)
            || !natively_sendable(&lowered.ty, &target, lowerer);
        if structured && lists_objects(&lowered.ty, lowerer) {
            let how = match target {
                InputTarget::Query(QueryStyle::DeepObject) => {
                    "with numbered keys (`name[0][field]=value`)"
                }
                InputTarget::Query(QueryStyle::Json) => "as JSON text",
                _ => "one JSON text per item",
            };
            diagnostics.warning(
                &loc.file,
                &loc.pointer,
                format!("parameter `{}` is a list of objects, which has no standard encoding in a {}; it is sent {how}", data.name, place_name(&target)),
            );
        }
        let required = matches!(target, InputTarget::Path) || data.required;
        let default = lowerer
            .resolve_schema(&schema)
            .and_then(|s| s.schema_data.default.as_ref())
            .map(json_text);
        inputs.push(RawInput {
            wire_name: data.name.clone(),
            ty: lowered.ty,
            required,
            nullable: false,
            target,
            description: lowerer.docs(
                data.description
                    .as_deref()
                    .or(lowered.description.as_deref()),
                &format!("The `{}` parameter.", data.name),
            ),
            default,
            deprecated: data.deprecated.unwrap_or(false) || lowered.deprecated,
            structured,
            fixed: required.then(|| lowerer.const_value(&schema)).flatten(),
        });
    }
    inputs
}

fn place_name(target: &InputTarget) -> &'static str {
    match target {
        InputTarget::Path => "path segment",
        InputTarget::Header => "header",
        _ => "query string",
    }
}

pub(crate) fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn resolve_parameter(
    api: &Api,
    param: &ReferenceOr<Parameter>,
    loc: &Loc,
    diagnostics: &mut Diagnostics,
) -> Option<Parameter> {
    let mut current = param;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(p) => return Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/");
                match name.and_then(|n| api.parameters.get(n)) {
                    Some(component) => current = &component.value,
                    None => {
                        diagnostics.warning(&loc.file, &loc.pointer, format!("`$ref: {reference}` does not name a parameter in `#/components/parameters`; the parameter is left out"));
                        return None;
                    }
                }
            }
        }
    }
    None
}

/// Whether values of `ty` are written by the typed parameter helpers: scalars, lists of scalars in a query,
/// and maps of scalars as deep objects or exploded forms.
fn natively_sendable(ty: &TypeRef, target: &InputTarget, lowerer: &TypeLowerer<'_>) -> bool {
    let scalar = |ty: &TypeRef| lowerer.is_scalar_type(ty);
    match (ty, target) {
        (ty, _) if scalar(ty) => true,
        (TypeRef::List(item), InputTarget::Query(QueryStyle::Form | QueryStyle::FormJoined)) => {
            scalar(item)
        }
        (
            TypeRef::Map(value),
            InputTarget::Query(QueryStyle::DeepObject | QueryStyle::FormObject),
        ) => {
            scalar(value)
                || matches!(&**value, TypeRef::Option(inner) if scalar(inner))
                || **value == TypeRef::Json
        }
        _ => false,
    }
}

/// Whether `ty` is a list whose items are objects (or lists): such lists have no standard query encoding.
fn lists_objects(ty: &TypeRef, lowerer: &TypeLowerer<'_>) -> bool {
    match ty {
        TypeRef::List(item) => !lowerer.is_scalar_type(item),
        TypeRef::Option(inner) => lists_objects(inner, lowerer),
        _ => false,
    }
}
