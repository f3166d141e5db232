//! Cargo features of a generated crate: one per top-level resource (with its sub-resources), so a program that
//! uses three resources of a large API compiles those three and the models they need, not the whole API.
//!
//! A model is compiled when any feature whose operations reach it is on, directly or through other models; the
//! models the client's own operations reach are always compiled, and models no operation reaches only with
//! `full`. Which models each feature needs is worked out here, from the types the IR's operations and waiters
//! name, never by hand.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use super::{Model, ModelKind, Operation, Resource, TypeRef};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// Features a generated crate defines itself, besides its resources' (`default`, `full`, and the runtime's
/// TLS and HTTP choices). A resource whose name is one of these gets `-resource` appended.
pub const RESERVED: [&str; 6] = [
    "default",
    "full",
    "rustls",
    "rustls-aws-lc-rs",
    "native-tls",
    "http2",
];

/// Above this many top-level resources the crate gets no per-resource features (crates.io accepts at most 300
/// features per crate).
pub const MAX_FEATURES: usize = 250;

/// The cargo feature of one top-level resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Feature name (`entity-collections`).
    pub name: String,
    /// Accessor of the resource on the client (`entity_collections`).
    pub accessor: String,
}

/// When a model is compiled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Gate {
    /// Always: the client's own operations need it, or the crate has no features.
    #[default]
    Always,
    /// When any of these features is on; none means only with `full` (no operation reaches the model).
    Any(Vec<String>),
}

/// One feature per child of `root`, and each model's gate (set on `models`). Warns and defines no features
/// when there are more than [`MAX_FEATURES`] resources.
pub fn plan(root: &Resource, models: &mut [Model], diagnostics: &mut Diagnostics) -> Vec<Feature> {
    if root.children.len() > MAX_FEATURES {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            location: None,
            message: format!(
                "{} top-level resources are more than the {MAX_FEATURES} cargo features a crate can define: the crate has no per-resource features, and builds whole",
                root.children.len()
            ),
            related: Vec::new(),
        });
        return Vec::new();
    }
    let features: Vec<Feature> = root
        .children
        .iter()
        .map(|child| {
            let name = child.accessor.to_kebab_case();
            let name = if RESERVED.contains(&name.as_str()) {
                format!("{name}-resource")
            } else {
                name
            };
            Feature {
                name,
                accessor: child.accessor.clone(),
            }
        })
        .collect();
    let references: BTreeMap<&str, BTreeSet<String>> = models
        .iter()
        .map(|m| {
            let mut named = BTreeSet::new();
            m.named_types(&mut named);
            (m.name.as_str(), named)
        })
        .collect();
    let closure = |start: BTreeSet<String>| -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<String> = start.into_iter().collect();
        while let Some(name) = pending.pop() {
            if let Some(next) = references.get(name.as_str()) {
                pending.extend(next.iter().filter(|n| !reached.contains(*n)).cloned());
            }
            reached.insert(name);
        }
        reached
    };
    let mut direct = BTreeSet::new();
    root.operations
        .iter()
        .for_each(|op| op.named_types(&mut direct));
    let always = closure(direct);
    let mut needed_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (feature, child) in features.iter().zip(&root.children) {
        let mut direct = BTreeSet::new();
        child.named_types_deep(&mut direct);
        for model in closure(direct) {
            needed_by
                .entry(model)
                .or_default()
                .push(feature.name.clone());
        }
    }
    for model in models.iter_mut() {
        model.gate = if always.contains(&model.name) {
            Gate::Always
        } else {
            let mut features = needed_by.remove(&model.name).unwrap_or_default();
            features.sort();
            Gate::Any(features)
        };
    }
    features
}

impl TypeRef {
    /// Adds the name of every model this type mentions to `out`.
    pub fn named_types(&self, out: &mut BTreeSet<String>) {
        match self {
            TypeRef::Named(name) => {
                out.insert(name.clone());
            }
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                inner.named_types(out)
            }
            _ => {}
        }
    }
}

impl Model {
    /// Adds the models this model's fields, alternatives or target name to `out`.
    pub fn named_types(&self, out: &mut BTreeSet<String>) {
        match &self.kind {
            ModelKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.named_types(out));
                if let Some(extra) = &s.additional {
                    extra.named_types(out);
                }
                s.unions.iter().for_each(|(_, ty)| ty.named_types(out));
            }
            ModelKind::Union(u) => u.variants.iter().for_each(|v| v.ty.named_types(out)),
            ModelKind::Alias(ty) => ty.named_types(out),
            ModelKind::Enum(_) => {}
        }
    }
}

impl Operation {
    /// Adds the models this operation's code names (inputs, response, list items) to `out`.
    pub fn named_types(&self, out: &mut BTreeSet<String>) {
        for input in &self.inputs {
            input.ty.named_types(out);
            input.arg_ty.named_types(out);
        }
        if let Some(ty) = self.response.item_type() {
            ty.named_types(out);
        }
        if let Some(pagination) = &self.pagination {
            pagination.item.named_types(out);
        }
    }
}

impl Resource {
    /// Adds the models this resource's own operations and waiters name to `out` (not its sub-resources').
    pub fn named_types(&self, out: &mut BTreeSet<String>) {
        self.operations.iter().for_each(|op| op.named_types(out));
        for waiter in &self.waiters {
            waiter.resource.named_types(out);
            waiter.args.iter().for_each(|a| a.ty.named_types(out));
        }
    }

    /// [`Resource::named_types`] of this resource and every resource below it.
    pub fn named_types_deep(&self, out: &mut BTreeSet<String>) {
        self.named_types(out);
        self.children.iter().for_each(|c| c.named_types_deep(out));
    }
}
