//! Lowering operations: resource and method names, inputs (path, query, header, body fields) with their Rust
//! names and types, the body encoding, the success type, and the docs.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::ReferenceOr;

use super::bodies::lower_body;
use super::docs::{OperationText, builder_docs, input_docs, operation_docs};
use super::parameters::lower_parameters;
use super::resources::{ResourcePlan, plan_resources};
use super::responses::lower_responses;
use super::types::{Loc, TypeLowerer};
use super::workflows::{PAGER_METHODS, detect_pagination, lower_checks};
use super::{Auth, Input, InputTarget, Operation, PathPiece, TypeRef};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::docs::render;
use crate::merge::{Api, OperationEntry};
use crate::naming::{assign_snake_names, snake_name, type_name};

/// Names a request builder uses for itself; inputs with these names are renamed.
const BUILDER_RESERVED: &[&str] = &[
    "client",
    "options",
    "send",
    "send_with_raw_response",
    "prepare",
    "with_options",
    "into_future",
];

/// Operations grouped by resource, plus the authentication they declare.
pub(crate) struct LoweredOperations {
    /// `(resource path, operation)` pairs, sorted by resource path and method name.
    pub operations: Vec<(Vec<String>, Operation)>,
    /// The resource handles, with their type names.
    pub resources: ResourcePlan,
    /// Authentication schemes seen, sorted.
    pub auth: Vec<Auth>,
}

struct Planned<'a> {
    resource: Vec<String>,
    method: String,
    entry: &'a OperationEntry,
    /// The start of the names of the operation's types (`EntitiesCreate` → `EntitiesCreateRequest`).
    prefix: String,
}

/// Type-name prefixes: the resource's own name and the method (`EntitiesCreate`), as the official SDKs name
/// them; where two operations would share one (`tasks.list`, `embed.tasks.list`), the whole resource path
/// (`EmbedTasksList`), so neither type ends up with a number.
fn assign_prefixes(planned: &mut [Planned<'_>]) {
    let short = |plan: &Planned<'_>| {
        let leaf = plan
            .resource
            .last()
            .map(|r| type_name(r))
            .unwrap_or_default();
        format!("{leaf}{}", type_name(&plan.method))
    };
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for plan in planned.iter() {
        *count.entry(short(plan)).or_default() += 1;
    }
    for plan in planned.iter_mut() {
        let prefix = short(plan);
        plan.prefix = if count[&prefix] > 1 {
            let path: String = plan.resource.iter().map(|r| type_name(r)).collect();
            format!("{path}{}", type_name(&plan.method))
        } else {
            prefix
        };
    }
}

pub(crate) fn lower_operations(
    api: &Api,
    config: &Config,
    lowerer: &mut TypeLowerer<'_>,
    diagnostics: &mut Diagnostics,
) -> LoweredOperations {
    let mut planned: Vec<Planned<'_>> = api
        .operations
        .iter()
        .map(|entry| Planned {
            resource: resource_path(&entry.operation.tags, config),
            method: unreserved_method(
                method_name(entry),
                &resource_path(&entry.operation.tags, config),
            ),
            entry,
            prefix: String::new(),
        })
        .collect();
    planned.sort_by(|a, b| {
        (&a.resource, &a.method, &a.entry.path, &a.entry.method).cmp(&(
            &b.resource,
            &b.method,
            &b.entry.path,
            &b.entry.method,
        ))
    });
    let resources = plan_resources(
        planned.iter().map(|p| p.resource.clone()),
        &mut lowerer.namer,
    );
    rename_method_clashes(&mut planned, &resources, diagnostics);
    assign_prefixes(&mut planned);

    let mut auth = BTreeSet::new();
    collect_security_auth(api, &mut auth, diagnostics);
    let mut operations = Vec::new();
    for plan in &planned {
        if let Some(operation) = lower_operation(
            api,
            config,
            plan,
            &resources,
            lowerer,
            &mut auth,
            diagnostics,
        ) {
            operations.push((plan.resource.clone(), operation));
        }
    }
    for id in config.operations.keys() {
        if !planned
            .iter()
            .any(|p| operation_id(&p.resource, &p.method) == *id)
        {
            diagnostics.error(
                &config.file,
                &crate::diagnostics::pointer_join("#/operations", id),
                format!("there is no operation `{id}`"),
            );
        }
    }
    LoweredOperations {
        operations,
        resources,
        auth: auth.into_iter().collect(),
    }
}

/// The dotted id of an operation (`entity_collections.entities.create`).
fn operation_id(resource: &[String], method: &str) -> String {
    resource
        .iter()
        .map(String::as_str)
        .chain([method])
        .collect::<Vec<_>>()
        .join(".")
}

/// The resource an operation belongs to, from its first tag (`subpackage_entityCollections/entities` →
/// `["entity_collections", "entities"]`). Untagged operations belong to the client itself.
fn resource_path(tags: &[String], config: &Config) -> Vec<String> {
    let Some(tag) = tags.first() else {
        return Vec::new();
    };
    tag.split('/')
        .map(|segment| {
            let stripped = config
                .strip_tag_prefixes
                .iter()
                .find_map(|p| segment.strip_prefix(p.as_str()))
                .unwrap_or(segment);
            snake_name(stripped)
        })
        .filter(|s| s != "value")
        .collect()
}

/// `method`, or `method_2` when the resource's handle already has a method of that name (`new`, `clone`, ...).
fn unreserved_method(method: String, resource: &[String]) -> String {
    let reserved = super::resources::reserved_methods(resource);
    if reserved.contains(&method.as_str()) {
        crate::naming::Namer::with_reserved(reserved.iter().copied()).claim(&method)
    } else {
        method
    }
}

/// The method name: the `operationId` in snake_case, or the HTTP method and path when there is none.
fn method_name(entry: &OperationEntry) -> String {
    match entry
        .operation
        .operation_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        Some(id) => snake_name(id),
        None => {
            let words: Vec<&str> = entry
                .path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_matches(['{', '}']))
                .collect();
            snake_name(&format!("{} {}", entry.method, words.join(" ")))
        }
    }
}

/// Two operations with one method name in one resource (paths that differ only by a trailing slash, repeated
/// `operationId`s), or a method named like a sub-resource: the later one is renamed (`get_2`), with a warning.
fn rename_method_clashes(
    planned: &mut [Planned<'_>],
    resources: &ResourcePlan,
    diagnostics: &mut Diagnostics,
) {
    let mut taken: BTreeMap<Vec<String>, crate::naming::Namer> = BTreeMap::new();
    let mut first: BTreeMap<(Vec<String>, String), (String, String)> = BTreeMap::new();
    for plan in planned.iter_mut() {
        let namer = taken.entry(plan.resource.clone()).or_insert_with(|| {
            crate::naming::Namer::with_reserved(
                resources
                    .child_names(&plan.resource)
                    .iter()
                    .map(String::as_str),
            )
        });
        let wanted = plan.method.clone();
        let given = namer.claim(&wanted);
        if given != wanted {
            let other = first.get(&(plan.resource.clone(), wanted.clone()));
            let mut diagnostic = Diagnostic::warning(
                Location::new(&plan.entry.file, &plan.entry.pointer),
                match other {
                    Some(_) => format!(
                        "another operation is already the method `{wanted}` of resource `{}`; this one is `{given}`",
                        display_resource(&plan.resource)
                    ),
                    None => format!(
                        "the method `{wanted}` of resource `{}` would have the name of a sub-resource; it is `{given}`",
                        display_resource(&plan.resource)
                    ),
                },
            );
            if let Some((file, pointer)) = other {
                diagnostic =
                    diagnostic.with_related("the other operation", Location::new(file, pointer));
            }
            diagnostics.push(diagnostic);
            plan.method = given;
        } else {
            first.insert(
                (plan.resource.clone(), wanted),
                (plan.entry.file.clone(), plan.entry.pointer.clone()),
            );
        }
    }
}

fn display_resource(path: &[String]) -> String {
    if path.is_empty() {
        "client".to_string()
    } else {
        path.join(".")
    }
}

/// Security schemes declared in `components/securitySchemes` and used by some requirement.
fn collect_security_auth(api: &Api, auth: &mut BTreeSet<Auth>, diagnostics: &mut Diagnostics) {
    let mut used = BTreeSet::new();
    for entry in &api.operations {
        let requirements = entry
            .operation
            .security
            .as_ref()
            .or(entry.document_security.as_ref());
        for requirement in requirements.into_iter().flatten() {
            used.extend(requirement.keys().cloned());
        }
    }
    for name in used {
        let Some(component) = api.security_schemes.get(&name) else {
            continue;
        };
        let ReferenceOr::Item(scheme) = &component.value else {
            continue;
        };
        match scheme {
            openapiv3::SecurityScheme::APIKey { location, name, .. } => match location {
                openapiv3::APIKeyLocation::Header => {
                    auth.insert(Auth::ApiKeyHeader {
                        header: name.clone(),
                    });
                }
                openapiv3::APIKeyLocation::Query => {
                    auth.insert(Auth::ApiKeyQuery { name: name.clone() });
                }
                openapiv3::APIKeyLocation::Cookie => {
                    diagnostics.warning(&component.file, &component.pointer, "API keys in cookies are not supported; set the cookie with a default header instead");
                }
            },
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                auth.insert(Auth::Basic);
            }
            openapiv3::SecurityScheme::HTTP { .. }
            | openapiv3::SecurityScheme::OAuth2 { .. }
            | openapiv3::SecurityScheme::OpenIDConnect { .. } => {
                auth.insert(Auth::Bearer);
            }
        }
    }
}

/// An input before names are assigned.
pub(crate) struct RawInput {
    pub(crate) wire_name: String,
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) target: InputTarget,
    pub(crate) description: Vec<String>,
    pub(crate) default: Option<String>,
    pub(crate) deprecated: bool,
    /// Written through its serialised form (see [`super::Input::structured`]).
    pub(crate) structured: bool,
    /// The one value it can have (see [`super::Input::fixed`]).
    pub(crate) fixed: Option<serde_json::Value>,
}

fn lower_operation(
    api: &Api,
    config: &Config,
    plan: &Planned<'_>,
    resources: &ResourcePlan,
    lowerer: &mut TypeLowerer<'_>,
    auth: &mut BTreeSet<Auth>,
    diagnostics: &mut Diagnostics,
) -> Option<Operation> {
    let entry = plan.entry;
    let op = &entry.operation;
    let loc = Loc::new(&entry.file, &entry.pointer);
    let prefix = plan.prefix.clone();
    let id = operation_id(&plan.resource, &plan.method);
    let builder_name = lowerer.namer.claim(&format!("{prefix}Request"));
    let body_name = lowerer.namer.claim(&format!("{prefix}Body"));
    let errors_before = diagnostics.items().len();

    let mut raw = lower_parameters(api, config, entry, &prefix, &id, lowerer, auth, diagnostics);
    let body = lower_body(api, entry, &prefix, &id, lowerer, &mut raw, diagnostics);

    // Names: path parameters in template order come first, as in the official SDKs.
    let template = parse_template(&entry.path);
    fit_path_parameters(&template, &mut raw, &loc, diagnostics);
    raw.sort_by_key(|input| match input.target {
        InputTarget::Path => (
            0,
            template
                .iter()
                .position(|p| matches!(p, PathPiece::Input(n) if *n == input.wire_name))
                .unwrap_or(usize::MAX),
        ),
        _ => (1, 0),
    });
    let (response, success, errors) =
        lower_responses(api, entry, &prefix, &id, lowerer, diagnostics);
    let mut pagination = detect_pagination(
        config,
        raw.iter().map(|i| (i.wire_name.as_str(), &i.target, &i.ty)),
        &response,
        lowerer,
    );
    let wire: Vec<&str> = raw.iter().map(|i| i.wire_name.as_str()).collect();
    // JSON and form bodies keep their fields in a `body` struct on the builder, and paginated builders have
    // methods of their own, so no input may take those names.
    let mut reserved = BUILDER_RESERVED.to_vec();
    if raw.iter().any(|i| i.target == InputTarget::BodyField) {
        reserved.push("body");
    }
    if pagination.is_some() {
        reserved.extend(PAGER_METHODS);
    }
    let names = assign_snake_names(&wire, &reserved);
    // Optional inputs that may be sent as `null` get a second setter that sends it.
    let mut setters = crate::naming::Namer::with_reserved(
        reserved
            .iter()
            .copied()
            .chain(names.iter().map(String::as_str)),
    );
    let inputs: Vec<Input> = raw
        .into_iter()
        .zip(names)
        .map(|(r, name)| Input {
            clear_name: (r.nullable && !r.required)
                .then(|| setters.claim(&format!("clear_{name}"))),
            docs: input_docs(r.description, &r.wire_name, &r.target, r.default),
            name,
            wire_name: r.wire_name,
            arg_ty: lowerer.argument_shape(&r.ty),
            ty: r.ty,
            required: r.required,
            nullable: r.nullable,
            target: r.target,
            deprecated: r.deprecated,
            structured: r.structured,
            fixed: r.fixed,
        })
        .collect();
    if let Some(pagination) = &mut pagination {
        let page = inputs.iter().find(|i| i.wire_name == pagination.page_input);
        pagination.page_input = page.map(|i| i.name.clone()).unwrap_or_default();
    }
    let checks = config
        .operations
        .get(&id)
        .map(|settings| lower_checks(config, &id, settings, &inputs, diagnostics))
        .unwrap_or_default();

    let path = resolve_template(&template, &inputs, &loc, diagnostics);
    if diagnostics.items()[errors_before..]
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        return None;
    }
    let description = op
        .description
        .as_deref()
        .map(|d| render(d, lowerer.context()))
        .unwrap_or_default();
    let http_method = entry.method.to_uppercase();
    let docs = operation_docs(&OperationText {
        summary: op.summary.as_deref(),
        description,
        http_method: &http_method,
        path: &entry.path,
        builder_name: &builder_name,
        inputs: &inputs,
        response: &response,
        pagination: pagination.as_ref(),
        success,
        errors,
        checks: &checks,
    });
    let handle = resources.handle_name(&plan.resource);
    // The client's own handle is `crate::Client`; the builders of its operations live at the crate root.
    let handle_path = if plan.resource.is_empty() {
        format!("crate::{handle}")
    } else {
        handle
    };
    let builder_docs = builder_docs(
        &format!("{handle_path}::{}", plan.method),
        op.summary.as_deref(),
    );
    Some(Operation {
        id,
        method_name: plan.method.clone(),
        builder_name,
        body_name,
        http_method,
        path_template: entry.path.clone(),
        path,
        inputs,
        body,
        response,
        docs,
        builder_docs,
        deprecated: op.deprecated,
        pagination,
        checks,
    })
}

/// Makes the path parameters and the template agree: a template parameter nobody declares becomes a required
/// string, and a declared path parameter the template does not use is left out, each with a warning.
fn fit_path_parameters(
    template: &[PathPiece],
    raw: &mut Vec<RawInput>,
    loc: &Loc,
    diagnostics: &mut Diagnostics,
) {
    let in_template: Vec<&String> = template
        .iter()
        .filter_map(|p| match p {
            PathPiece::Input(name) => Some(name),
            PathPiece::Literal(_) => None,
        })
        .collect();
    raw.retain(|input| {
        let unused = input.target == InputTarget::Path && !in_template.contains(&&input.wire_name);
        if unused {
            diagnostics.warning(
                &loc.file,
                &loc.pointer,
                format!(
                    "path parameter `{}` does not appear in the path; it is left out",
                    input.wire_name
                ),
            );
        }
        !unused
    });
    for wire in in_template {
        if raw
            .iter()
            .any(|i| i.target == InputTarget::Path && i.wire_name == *wire)
        {
            continue;
        }
        // Declared elsewhere (a query parameter of the same name, say): the path still needs it.
        diagnostics.warning(
            &loc.file,
            &loc.pointer,
            format!("the path has `{{{wire}}}` but no path parameter named `{wire}`; it is a required string argument"),
        );
        raw.push(RawInput {
            wire_name: wire.clone(),
            ty: TypeRef::String,
            required: true,
            nullable: false,
            target: InputTarget::Path,
            description: vec![format!("The `{wire}` part of the path.")],
            default: None,
            deprecated: false,
            structured: false,
            fixed: None,
        });
    }
}

/// Splits `/a/{b}/c` into literal and parameter pieces (parameter pieces hold the wire name until resolved).
fn parse_template(path: &str) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(PathPiece::Literal(rest[..open].to_string()));
        }
        pieces.push(PathPiece::Input(rest[open + 1..close].to_string()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_string()));
    }
    pieces
}

/// Replaces wire names in the template with input names; every template parameter needs a path input and
/// every path input a place in the template.
fn resolve_template(
    template: &[PathPiece],
    inputs: &[Input],
    loc: &Loc,
    diagnostics: &mut Diagnostics,
) -> Vec<PathPiece> {
    let mut used = BTreeSet::new();
    let pieces = template
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => PathPiece::Literal(text.clone()),
            PathPiece::Input(wire) => match inputs
                .iter()
                .find(|i| i.target == InputTarget::Path && i.wire_name == *wire)
            {
                Some(input) => {
                    used.insert(input.name.clone());
                    PathPiece::Input(input.name.clone())
                }
                None => {
                    diagnostics.error(
                        &loc.file,
                        &loc.pointer,
                        format!("the path has `{{{wire}}}` but no path parameter named `{wire}`"),
                    );
                    PathPiece::Literal(String::new())
                }
            },
        })
        .collect();
    for input in inputs
        .iter()
        .filter(|i| i.target == InputTarget::Path && !used.contains(&i.name))
    {
        diagnostics.error(
            &loc.file,
            &loc.pointer,
            format!(
                "path parameter `{}` does not appear in the path",
                input.wire_name
            ),
        );
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_parameters() {
        assert_eq!(
            parse_template("/indexes/{index-id}/indexed-assets/{indexed-asset-id}"),
            vec![
                PathPiece::Literal("/indexes/".into()),
                PathPiece::Input("index-id".into()),
                PathPiece::Literal("/indexed-assets/".into()),
                PathPiece::Input("indexed-asset-id".into()),
            ]
        );
    }

    #[test]
    fn resources_come_from_the_exporters_nested_tags() {
        let config = Config::new("x");
        assert_eq!(
            resource_path(&["subpackage_entityCollections/entities".into()], &config),
            vec!["entity_collections", "entities"]
        );
        assert_eq!(
            resource_path(&["Entity Collections".into()], &config),
            vec!["entity_collections"]
        );
        assert!(resource_path(&[], &config).is_empty());
    }
}
