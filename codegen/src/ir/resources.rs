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
    // Handles share the crate's namespace of type names: a name several resources end in (`tasks` under the
    // client, `embed` and `analyze_async`) is spelled out with the path for the nested ones (`EmbedTasks`), so
    // no handle is a numbered `Tasks2`.
    let mut ends: BTreeMap<&str, usize> = BTreeMap::new();
    for path in &all {
        *ends
            .entry(path.last().map_or("", String::as_str))
            .or_default() += 1;
    }
    let shared_ends: BTreeSet<String> = ends
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(end, _)| end.to_string())
        .collect();
    let handles = all.iter().map(|path| {
        let last = path.last().map_or("", String::as_str);
        let mut candidate = if path.len() > 1 && shared_ends.contains(last) {
            type_name(&path.join("_"))
        } else {
            type_name(last)
        };
        // A handle called `Client` or `Error` would read as the crate's own type of that name.
        if CRATE_ROOT_TYPES.contains(&candidate.as_str()) {
            candidate.push_str("Resource");
        }
        let name = namer.claim(&candidate);
        (path.clone(), name)
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
    build_node(Vec::new(), Vec::new(), &mut by_path, plan)
}

/// Types at the root of every generated crate.
const CRATE_ROOT_TYPES: &[&str] = &[
    "ApiError",
    "Client",
    "ClientBuilder",
    "Error",
    "InputFile",
    "Items",
    "Page",
    "Pages",
    "RequestOptions",
    "Response",
    "Result",
    "RetryPolicy",
    "Timer",
    "TokioTimer",
    "WaitOptions",
];

/// Methods the client has of its own, and the runtime's modules at the crate root: a resource at the root cannot
/// be called like them.
const CLIENT_RESERVED: &[&str] = &[
    "authenticate",
    "base_url",
    "builder",
    "client",
    "clone",
    "error",
    "execute",
    "execute_attempts",
    "fmt",
    "from_env",
    "generated",
    "headers",
    "models",
    "new",
    "options",
    "pagination",
    "reqwest",
    "request",
    "response",
    "retry",
    "timer",
    "upload",
    "url",
    "wait",
];

/// Methods every resource handle has of its own.
const HANDLE_RESERVED: &[&str] = &["clone", "fmt", "new"];

/// Names a resource's methods and sub-resources may not take.
pub(crate) fn reserved_methods(path: &[String]) -> &'static [&'static str] {
    if path.is_empty() {
        CLIENT_RESERVED
    } else {
        HANDLE_RESERVED
    }
}

/// The accessor (and module) name of the resource at `path`: its last segment, unless its parent reserves that
/// name, in which case `_api` is appended (`client.upload_api()`).
fn accessor_name(path: &[String]) -> String {
    let last = path.last().cloned().unwrap_or_default();
    if reserved_methods(&path[..path.len().saturating_sub(1)]).contains(&last.as_str()) {
        format!("{last}_api")
    } else {
        last
    }
}

fn build_node(
    key: Vec<String>,
    module_path: Vec<String>,
    by_path: &mut BTreeMap<Vec<String>, Vec<Operation>>,
    plan: &ResourcePlan,
) -> Resource {
    let mut operations = by_path.remove(&key).unwrap_or_default();
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let children = plan
        .child_accessors(&key)
        .into_iter()
        .map(|segment| {
            let mut child = key.clone();
            child.push(segment);
            let mut child_module = module_path.clone();
            child_module.push(accessor_name(&child));
            build_node(child, child_module, by_path, plan)
        })
        .collect();
    let accessor = module_path.last().cloned().unwrap_or_default();
    let docs = if key.is_empty() {
        Vec::new()
    } else {
        let chain: String = module_path.iter().map(|p| format!(".{p}()")).collect();
        vec![
            format!("Operations on {} (`client{chain}`).", key.last().map_or("", String::as_str).replace('_', " ")),
            String::new(),
            "A cheap handle: it holds a clone of the client, so keep it or make a new one as you like.".to_string(),
        ]
    };
    Resource {
        type_name: plan.handle_name(&key),
        key,
        path: module_path,
        accessor,
        docs,
        operations,
        children,
        waiters: Vec::new(),
    }
}
