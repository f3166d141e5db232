//! The documented workflows, decided from the spec plus the settings file: which operations are page-numbered
//! lists, which rules an operation's inputs follow, and which `wait_until_...` helpers exist.

use crate::config::{Config, OperationSettings};
use crate::diagnostics::{Diagnostics, pointer_join};
use crate::naming::snake_name;

use super::types::TypeLowerer;
use super::{
    Access, Check, Input, InputTarget, Model, ModelKind, Pagination, Resource, ResponseKind,
    Struct, TypeRef, Waiter,
};

/// Names a paginated request builder uses for its own methods.
pub(crate) const PAGER_METHODS: [&str; 3] = ["pages", "items", "collect"];

/// The pagination of an operation whose inputs and response match the configured pattern. `page_input` holds the
/// page parameter's wire name until inputs are named.
pub(crate) fn detect_pagination<'i>(
    config: &Config,
    inputs: impl IntoIterator<Item = (&'i str, &'i InputTarget, &'i TypeRef)>,
    response: &ResponseKind,
    lowerer: &TypeLowerer<'_>,
) -> Option<Pagination> {
    let pattern = &config.pagination;
    if !pattern.enabled {
        return None;
    }
    let (page_wire, page_type) = inputs.into_iter().find_map(|(wire, target, ty)| {
        (wire == pattern.page_parameter
            && matches!(target, InputTarget::Query(_))
            && matches!(ty, TypeRef::I64 | TypeRef::I32))
        .then(|| (wire.to_string(), ty.clone()))
    })?;
    let ResponseKind::Json(TypeRef::Named(response_name)) = response else {
        return None;
    };
    let response_struct = lowerer.struct_def(response_name)?;
    let items = access(response_struct, &pattern.items_property)?;
    let TypeRef::List(item) = &items.ty else {
        return None;
    };
    let item = (**item).clone();
    let info = access(response_struct, &pattern.page_info_property);
    let info_struct = match info.as_ref().map(|i| &i.ty) {
        Some(TypeRef::Named(name)) => lowerer.struct_def(name),
        _ => None,
    };
    let count = |property: &str| {
        info_struct
            .and_then(|s| access(s, property))
            .filter(|a| matches!(a.ty, TypeRef::I64 | TypeRef::I32))
    };
    Some(Pagination {
        page_input: page_wire,
        page_type,
        item,
        items,
        page_number: count(&pattern.page_number_property),
        total_pages: count(&pattern.total_pages_property),
        total_results: count(&pattern.total_results_property),
        page_size: count(&pattern.page_size_property),
        info: info.filter(|_| info_struct.is_some()),
    })
}

/// How to read the field with wire name `wire_name` of a struct.
fn access(s: &Struct, wire_name: &str) -> Option<Access> {
    s.fields
        .iter()
        .find(|f| f.wire_name == wire_name)
        .map(|f| Access {
            field: f.name.clone(),
            optional: f.is_optional(),
            ty: f.ty.clone(),
        })
}

/// The checks an operation's settings ask for, validated against its inputs.
pub(crate) fn lower_checks(
    config: &Config,
    id: &str,
    settings: &OperationSettings,
    inputs: &[Input],
    diagnostics: &mut Diagnostics,
) -> Vec<Check> {
    let base = pointer_join("#/operations", id);
    let find = |wire: &str| inputs.iter().find(|i| i.wire_name == wire);
    let mut checks = Vec::new();
    for (index, rule) in settings.rules.iter().enumerate() {
        let pointer = pointer_join(&pointer_join(&base, "rules"), &index.to_string());
        let [(input, value)] = rule.condition.iter().collect::<Vec<_>>()[..] else {
            diagnostics.error(
                &config.file,
                &pointer,
                "`if` must name exactly one input and its value",
            );
            continue;
        };
        let Some(tested) = find(input) else {
            diagnostics.error(
                &config.file,
                &pointer,
                format!("`{id}` has no input `{input}`"),
            );
            continue;
        };
        let mut optional_inputs = |names: &[String], what: &str| -> Vec<(String, String)> {
            names
                .iter()
                .filter_map(|wire| match find(wire) {
                    Some(i) if !i.required => Some((i.name.clone(), i.wire_name.clone())),
                    Some(_) => {
                        diagnostics.error(&config.file, &pointer, format!("`{wire}` is a required input of `{id}`, so it cannot be in `{what}`"));
                        None
                    }
                    None => {
                        diagnostics.error(&config.file, &pointer, format!("`{id}` has no input `{wire}`"));
                        None
                    }
                })
                .collect()
        };
        let require = optional_inputs(&rule.require, "require");
        let forbid = optional_inputs(&rule.forbid, "forbid");
        checks.push(Check::Rule {
            input: tested.name.clone(),
            input_optional: !tested.required,
            value: value.clone(),
            require,
            forbid,
        });
    }
    if let Some(bytes) = settings.max_upload_bytes {
        let files: Vec<&Input> = inputs
            .iter()
            .filter(|i| i.ty == TypeRef::File || i.ty == TypeRef::List(Box::new(TypeRef::File)))
            .collect();
        if files.is_empty() {
            diagnostics.error(
                &config.file,
                &pointer_join(&base, "max_upload_bytes"),
                format!("`{id}` takes no file, so it has no upload to limit"),
            );
        }
        checks.extend(files.into_iter().map(|i| Check::MaxUpload {
            input: i.name.clone(),
            wire_name: i.wire_name.clone(),
            bytes,
        }));
    }
    checks
}

/// Adds the configured waiters to their resources.
pub(crate) fn attach_waiters(
    config: &Config,
    root: &mut Resource,
    models: &[Model],
    diagnostics: &mut Diagnostics,
) {
    for (index, settings) in config.waiters.iter().enumerate() {
        let pointer = pointer_join("#/waiters", &index.to_string());
        let error = |diagnostics: &mut Diagnostics, message: String| {
            diagnostics.error(&config.file, &pointer, message)
        };
        let Some((resource_path, method)) = settings.operation.rsplit_once('.') else {
            error(
                diagnostics,
                format!(
                    "`{}` is not an operation id such as `assets.retrieve`",
                    settings.operation
                ),
            );
            continue;
        };
        let path: Vec<String> = resource_path.split('.').map(str::to_string).collect();
        let Some(resource) = find_resource(root, &path) else {
            error(
                diagnostics,
                format!("there is no resource `{resource_path}`"),
            );
            continue;
        };
        let Some(operation) = resource.operations.iter().find(|o| o.method_name == method) else {
            error(
                diagnostics,
                format!("resource `{resource_path}` has no operation `{method}`"),
            );
            continue;
        };
        let ResponseKind::Json(resource_type @ TypeRef::Named(type_name)) = &operation.response
        else {
            error(
                diagnostics,
                format!("`{}` does not return a JSON object", settings.operation),
            );
            continue;
        };
        let Some(status) =
            struct_in(models, type_name).and_then(|s| access(s, &settings.status_property))
        else {
            error(
                diagnostics,
                format!(
                    "`{type_name}` has no property `{}`",
                    settings.status_property
                ),
            );
            continue;
        };
        let known: Option<Vec<String>> = match &status.ty {
            TypeRef::Named(name) => match enum_in(models, name) {
                Some(e) => Some(e.variants.iter().map(|v| v.value.clone()).collect()),
                None => {
                    error(
                        diagnostics,
                        format!(
                            "`{}` of `{type_name}` is neither a string nor a string enum",
                            settings.status_property
                        ),
                    );
                    continue;
                }
            },
            TypeRef::String => None,
            _ => {
                error(
                    diagnostics,
                    format!(
                        "`{}` of `{type_name}` is neither a string nor a string enum",
                        settings.status_property
                    ),
                );
                continue;
            }
        };
        if let Some(known) = &known
            && let Some(unknown) = settings.success.iter().find(|s| !known.contains(s))
        {
            error(
                diagnostics,
                format!(
                    "success status `{unknown}` is not one of the spec's values ({})",
                    known.join(", ")
                ),
            );
            continue;
        }
        let method_name = snake_name(&settings.name);
        let taken = resource
            .operations
            .iter()
            .any(|o| o.method_name == method_name)
            || resource.children.iter().any(|c| c.accessor == method_name)
            || resource
                .waiters
                .iter()
                .any(|w| w.method_name == method_name);
        if taken {
            error(
                diagnostics,
                format!("resource `{resource_path}` already has a method `{method_name}`"),
            );
            continue;
        }
        let pending: Vec<String> = known
            .iter()
            .flatten()
            .filter(|v| !settings.success.contains(v) && !settings.failure.contains(v))
            .cloned()
            .collect();
        let docs = waiter_docs(
            &operation.method_name,
            &settings.status_property,
            &settings.success,
            &settings.failure,
            &pending,
            resource_type,
        );
        let waiter = Waiter {
            id: format!("{resource_path}.{method_name}"),
            method_name,
            operation_method: operation.method_name.clone(),
            args: operation.required_inputs().cloned().collect(),
            resource: resource_type.clone(),
            status_is_enum: known.is_some(),
            status,
            success: settings.success.clone(),
            failure: settings.failure.clone(),
            docs,
        };
        resource.waiters.push(waiter);
        resource
            .waiters
            .sort_by(|a, b| a.method_name.cmp(&b.method_name));
    }
}

fn find_resource<'r>(root: &'r mut Resource, path: &[String]) -> Option<&'r mut Resource> {
    path.iter().try_fold(root, |node, segment| {
        node.children.iter_mut().find(|c| c.accessor == *segment)
    })
}

/// A struct model by name, through aliases.
pub(crate) fn struct_in<'m>(models: &'m [Model], name: &str) -> Option<&'m Struct> {
    match super::kind_behind(models, name)? {
        ModelKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// A string enum model by name, through aliases (enums with the same values share one type).
fn enum_in<'m>(models: &'m [Model], name: &str) -> Option<&'m super::StringEnum> {
    match super::kind_behind(models, name)? {
        ModelKind::Enum(e) => Some(e),
        _ => None,
    }
}

fn waiter_docs(
    operation: &str,
    status: &str,
    success: &[String],
    failure: &[String],
    pending: &[String],
    resource: &TypeRef,
) -> Vec<String> {
    let list = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let returns = match resource {
        TypeRef::Named(name) => super::docs::model_link(name),
        _ => "the resource".to_string(),
    };
    let mut lines = vec![
        format!(
            "Waits until `{status}` is {}: polls [`{operation}`](Self::{operation}) with backoff and jitter.",
            list(success)
        ),
        String::new(),
        format!(
            "Returns the {returns} as last read once its status is {}.",
            list(success)
        ),
    ];
    if !failure.is_empty() {
        lines.push(format!(
            "A status of {} ends the wait with [`Error::WaitFailed`](crate::Error::WaitFailed).",
            list(failure)
        ));
    }
    let still = if pending.is_empty() {
        "Any other status".to_string()
    } else {
        format!("{} (or any status this SDK does not know)", list(pending))
    };
    lines.push(format!("{still} means the work goes on."));
    lines.push(String::new());
    lines.push(
        "When [`WaitOptions::timeout`](crate::WaitOptions::timeout) passes first, returns [`Error::WaitTimeout`](crate::Error::WaitTimeout) with the last status seen. Errors of the reads themselves (after their retries) end the wait."
            .to_string(),
    );
    lines
}
