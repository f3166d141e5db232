//! Merging: many self-contained documents (one operation each, or a whole API) become one API.
//!
//! A component defined identically in several files is one component; the same name defined differently is an
//! error naming both files. The same method, path and `operationId` in two files is an error too (one endpoint
//! may be several operations, each with its own `operationId`). Documents are taken in file
//! name order, so the result does not depend on the order in which files were given.

use std::collections::BTreeMap;

use openapiv3::{
    Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme, Server,
};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, pointer_join};
use crate::load::LoadedSpec;
use crate::normalize::HTTP_METHODS;

/// A component and where it was (first) defined.
#[derive(Debug, Clone)]
pub struct Component<T> {
    /// The definition.
    pub value: T,
    /// The file that defined it first.
    pub file: String,
    /// Pointer to the definition in that file.
    pub pointer: String,
}

/// One operation of the merged API.
#[derive(Debug, Clone)]
pub struct OperationEntry {
    /// File that defines it.
    pub file: String,
    /// Pointer to the operation (`#/paths/~1assets/post`).
    pub pointer: String,
    /// The path template (`/assets/{asset_id}`).
    pub path: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// Parameters declared on the path item, shared by its operations.
    pub path_parameters: Vec<ReferenceOr<Parameter>>,
    /// The operation.
    pub operation: openapiv3::Operation,
    /// Security requirements of the document, used when the operation has none of its own.
    pub document_security: Option<Vec<openapiv3::SecurityRequirement>>,
}

/// The merged API.
#[derive(Debug, Default)]
pub struct Api {
    /// `components/schemas` by name.
    pub schemas: BTreeMap<String, Component<ReferenceOr<Schema>>>,
    /// `components/parameters` by name.
    pub parameters: BTreeMap<String, Component<ReferenceOr<Parameter>>>,
    /// `components/requestBodies` by name.
    pub request_bodies: BTreeMap<String, Component<ReferenceOr<RequestBody>>>,
    /// `components/responses` by name.
    pub responses: BTreeMap<String, Component<ReferenceOr<Response>>>,
    /// `components/securitySchemes` by name.
    pub security_schemes: BTreeMap<String, Component<ReferenceOr<SecurityScheme>>>,
    /// Every operation, in file order, then path order, then method order.
    pub operations: Vec<OperationEntry>,
    /// Servers of the first document that declares any.
    pub servers: Vec<Server>,
    /// Title of the first document (a whole-API document's title names the API).
    pub title: Option<String>,
}

/// Merges loaded specs (in any order) into one API.
pub fn merge(mut specs: Vec<LoadedSpec>, diagnostics: &mut Diagnostics) -> Api {
    specs.sort_by(|a, b| a.file.cmp(&b.file));
    let mut api = Api::default();
    let mut seen_operations: BTreeMap<(String, String, String), Location> = BTreeMap::new();
    for spec in &specs {
        let doc = &spec.doc;
        if api.title.is_none() {
            api.title = Some(doc.info.title.clone());
        }
        if api.servers.is_empty() {
            api.servers = doc.servers.clone();
        }
        if let Some(components) = &doc.components {
            let file = spec.file.as_str();
            merge_map(
                &mut api.schemas,
                &components.schemas,
                file,
                "#/components/schemas",
                "schema",
                diagnostics,
            );
            merge_map(
                &mut api.parameters,
                &components.parameters,
                file,
                "#/components/parameters",
                "parameter",
                diagnostics,
            );
            merge_map(
                &mut api.request_bodies,
                &components.request_bodies,
                file,
                "#/components/requestBodies",
                "request body",
                diagnostics,
            );
            merge_map(
                &mut api.responses,
                &components.responses,
                file,
                "#/components/responses",
                "response",
                diagnostics,
            );
            merge_map(
                &mut api.security_schemes,
                &components.security_schemes,
                file,
                "#/components/securitySchemes",
                "security scheme",
                diagnostics,
            );
        }
        for (path, item) in &doc.paths.paths {
            let path_pointer = pointer_join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                diagnostics.error(
                    &spec.file,
                    &path_pointer,
                    "path items given as `$ref` are not supported; write the path item inline",
                );
                continue;
            };
            for (method, operation) in operations_of(item) {
                let pointer = pointer_join(&path_pointer, method);
                let here = Location::new(&spec.file, &pointer);
                // One endpoint may be several operations in several files (`analyze` and `analyze_stream` share
                // `POST /analyze`), each with its own `operationId`; the same one twice is a conflict.
                let key = (
                    path.clone(),
                    method.to_string(),
                    operation.operation_id.clone().unwrap_or_default(),
                );
                if let Some(first) = seen_operations.get(&key) {
                    diagnostics.push(
                        Diagnostic::error(
                            here,
                            format!(
                                "`{} {path}` is defined again with the same `operationId`; give each operation on one endpoint its own",
                                method.to_uppercase()
                            ),
                        )
                        .with_related("first defined", first.clone()),
                    );
                    continue;
                }
                seen_operations.insert(key, here);
                api.operations.push(OperationEntry {
                    file: spec.file.clone(),
                    pointer,
                    path: path.clone(),
                    method: method.to_string(),
                    path_parameters: item.parameters.clone(),
                    operation: operation.clone(),
                    document_security: doc.security.clone(),
                });
            }
        }
    }
    api
}

/// The operations of a path item with their lower-case method names, in a fixed method order.
fn operations_of(item: &PathItem) -> Vec<(&'static str, &openapiv3::Operation)> {
    let slots = [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ];
    HTTP_METHODS
        .iter()
        .zip(slots)
        .filter_map(|(m, op)| op.as_ref().map(|op| (*m, op)))
        .collect()
}

fn merge_map<T: Clone + PartialEq>(
    target: &mut BTreeMap<String, Component<T>>,
    source: &indexmap::IndexMap<String, T>,
    file: &str,
    base: &str,
    kind: &str,
    diagnostics: &mut Diagnostics,
) {
    for (name, value) in source {
        let pointer = pointer_join(base, name);
        match target.get(name) {
            None => {
                target.insert(name.clone(), Component { value: value.clone(), file: file.to_string(), pointer });
            }
            Some(existing) if existing.value == *value => {}
            Some(existing) => diagnostics.push(
                Diagnostic::error(
                    Location::new(file, &pointer),
                    format!(
                        "{kind} `{name}` is defined differently here than in {}; a component shared by several files must be identical in each",
                        existing.file
                    ),
                )
                .with_related("other definition", Location::new(&existing.file, &existing.pointer)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_spec;
    use crate::source::SpecInput;

    fn spec(name: &str, status_enum: &str) -> SpecInput {
        SpecInput::new(
            name,
            format!(
                "openapi: 3.1.1\ninfo: {{title: t, version: '1'}}\npaths:\n  /{name}:\n    get:\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  schemas:\n    Status:\n      type: string\n      enum: [{status_enum}]\n"
            ),
        )
    }

    fn merged(inputs: &[SpecInput]) -> (Api, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let specs = inputs
            .iter()
            .filter_map(|i| load_spec(i, &mut diagnostics))
            .collect();
        let api = merge(specs, &mut diagnostics);
        (api, diagnostics)
    }

    #[test]
    fn identical_components_merge_into_one() {
        let (api, diagnostics) = merged(&[spec("b", "x, y"), spec("a", "x, y")]);
        assert!(!diagnostics.has_errors());
        assert_eq!(api.schemas.len(), 1);
        assert_eq!(
            api.schemas["Status"].file, "a",
            "the first file by name wins, whatever the input order"
        );
        assert_eq!(api.operations.len(), 2);
    }

    #[test]
    fn conflicting_components_name_both_files() {
        let (_, diagnostics) = merged(&[spec("a", "x, y"), spec("b", "x, z")]);
        let d = &diagnostics.items()[0];
        assert!(
            d.message
                .contains("schema `Status` is defined differently here than in a"),
            "{d}"
        );
        assert_eq!(d.location.as_ref().unwrap().file, "b");
        assert_eq!(d.related[0].1.file, "a");
        assert_eq!(d.related[0].1.pointer, "#/components/schemas/Status");
    }
}
