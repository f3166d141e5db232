//! The resource tree: one handle type per resource path (`client.entity_collections().entities()`), named once
//! for the whole run so that models, handles and builders never share a name.

use std::collections::{BTreeMap, BTreeSet};

use super::{Operation, Resource};
use crate::naming::{Namer, type_name};

/// Handle type names by resource path.
#[derive(Debug, Default)]
pub(crate) struct ResourcePlan {
    handles: BTreeMap<Vec<String>, String>,
}

impl ResourcePlan {
    /// The handle type of a resource (`Client` for the root).
    pub fn handle_name(&self, path: &[String]) -> String {
        self.handles
            .get(path)
            .cloned()
            .unwrap_or_else(|| "Client".to_string())
    }

    /// Accessor names of the direct children of a resource.
    pub fn child_accessors(&self, path: &[String]) -> Vec<String> {
        self.handles
            .keys()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .filter_map(|p| p.last().cloned())
            .collect()
    }
}

/// Names a handle for every resource and every ancestor of one, in path order.
pub(crate) fn plan_resources(
    paths: impl Iterator<Item = Vec<String>>,
    namer: &mut Namer,
) -> ResourcePlan {
    let mut all = BTreeSet::new();
    for path in paths {
        for end in 1..=path.len() {
            all.insert(path[..end].to_vec());
        }
    }
    let handles = all.into_iter().map(|path| {
        let name = namer.claim(&type_name(path.last().map_or("", String::as_str)));
        (path, name)
    });
    ResourcePlan {
        handles: handles.collect(),
    }
}

/// Builds the tree rooted at the client from `(resource path, operation)` pairs.
pub(crate) fn build_tree(
    operations: Vec<(Vec<String>, Operation)>,
    plan: &ResourcePlan,
) -> Resource {
    let mut by_path: BTreeMap<Vec<String>, Vec<Operation>> = BTreeMap::new();
    for (path, operation) in operations {
        by_path.entry(path).or_default().push(operation);
    }
    build_node(Vec::new(), &mut by_path, plan)
}

fn build_node(
    path: Vec<String>,
    by_path: &mut BTreeMap<Vec<String>, Vec<Operation>>,
    plan: &ResourcePlan,
) -> Resource {
    let mut operations = by_path.remove(&path).unwrap_or_default();
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let children = plan
        .child_accessors(&path)
        .into_iter()
        .map(|accessor| {
            let mut child = path.clone();
            child.push(accessor);
            build_node(child, by_path, plan)
        })
        .collect();
    let accessor = path.last().cloned().unwrap_or_default();
    let docs = if path.is_empty() {
        Vec::new()
    } else {
        let chain: String = path.iter().map(|p| format!(".{p}()")).collect();
        vec![
            format!("Operations on {} (`client{chain}`).", accessor.replace('_', " ")),
            String::new(),
            "A cheap handle: it holds a clone of the client, so keep it or make a new one as you like.".to_string(),
        ]
    };
    Resource {
        type_name: plan.handle_name(&path),
        path,
        accessor,
        docs,
        operations,
        children,
        waiters: Vec::new(),
    }
}
