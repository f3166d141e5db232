//! The resource tree: one handle type per resource path (`client.entity_collections().entities()`), named once
//! for the whole run so that models, handles and builders never share a name.

use std::collections::{BTreeMap, BTreeSet};

use super::{Operation, Resource};
use crate::naming::{Namer, type_name};

/// Handle type names and accessor (module) names by resource path.
#[derive(Debug, Default)]
pub(crate) struct ResourcePlan {
    handles: BTreeMap<Vec<String>, String>,
    /// The accessor method on the parent, which is also the module's name: the last segment of the path, unless
    /// the parent or the crate reserves it.
    accessors: BTreeMap<Vec<String>, String>,
}

impl ResourcePlan {
    /// The handle type of a resource (`Client` for the root).
    pub fn handle_name(&self, path: &[String]) -> String {
        self.handles
            .get(path)
            .cloned()
            .unwrap_or_else(|| "Client".to_string())
    }

    /// The last path segments of the direct children of a resource.
    pub fn child_segments(&self, path: &[String]) -> Vec<String> {
        self.handles
            .keys()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .filter_map(|p| p.last().cloned())
            .collect()
    }

    /// The accessor (and module) name of the resource at `path`.
    pub fn accessor(&self, path: &[String]) -> String {
        self.accessors.get(path).cloned().unwrap_or_default()
    }

    /// Every name the direct children of a resource take in it: their segments and their accessors.
    pub fn child_names(&self, path: &[String]) -> Vec<String> {
        let mut names = Vec::new();
        for segment in self.child_segments(path) {
            let mut child = path.to_vec();
            child.push(segment.clone());
            names.push(self.accessor(&child));
            names.push(segment);
        }
        names
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
    let handles = handles.collect();
    // Accessors are named in path order, so siblings are named in order too: `stream` becomes `stream_api`, and a
    // sibling that is `stream_api` already becomes `stream_api_2`.
    let mut siblings: BTreeMap<&[String], Namer> = BTreeMap::new();
    let accessors = all
        .iter()
        .map(|path| {
            let (parent, last) = path.split_at(path.len() - 1);
            let namer = siblings
                .entry(parent)
                .or_insert_with(|| Namer::with_reserved(reserved_modules(parent)));
            let last = &last[0];
            let candidate = if reserved_modules(parent).any(|r| r == last) {
                format!("{last}_api")
            } else {
                last.clone()
            };
            (path.clone(), namer.claim(&candidate))
        })
        .collect();
    ResourcePlan { handles, accessors }
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

/// Methods the client has of its own (in the runtime's `impl Client` blocks, public or not), and names an operation
/// on the client has never been allowed to take: an operation or resource at the root cannot be called like them.
pub(crate) const CLIENT_RESERVED: &[&str] = &[
    "attempts",
    "authenticate",
    "base_url",
    "build_attempt",
    "builder",
    "client",
    "clone",
    "error",
    "execute",
    "execute_attempts",
    "fmt",
    "from_env",
    "from_lookup",
    "generated",
    "headers",
    "inner",
    "models",
    "new",
    "options",
    "pagination",
    "prepare",
    "read_response",
    "reqwest",
    "request",
    "response",
    "retry",
    "retry_wait",
    "timer",
    "upload",
    "url",
    "wait",
];

/// Names in the crate root's namespace of modules, beside which `pub use generated::*` puts the resource modules
/// at the root: the runtime's modules, the generated code's own, the crates and functions the root re-exports.
pub(crate) const ROOT_MODULES: &[&str] = &[
    "blocking",
    "client",
    "error",
    "generated",
    "http_client_builder",
    "indexmap",
    "json",
    "macros",
    "models",
    "options",
    "pagination",
    "reqwest",
    "request",
    "response",
    "retry",
    "same_origin_redirects",
    "send",
    "stream",
    "upload",
    "wait",
];

/// Crates that generated code (and the runtime's macros it calls) names by a relative path (`serde_json::Value`):
/// a resource module of that name would stand in for the crate in its parent module.
pub(crate) const EXTERN_CRATES: &[&str] = &[
    "alloc",
    "base64",
    "bytes",
    "chrono",
    "core",
    "fastrand",
    "futures",
    "indexmap",
    "mime_guess",
    "percent_encoding",
    "reqwest",
    "rustls",
    "serde",
    "serde_json",
    "serde_urlencoded",
    "std",
    "thiserror",
    "tokio",
    "tokio_util",
    "tracing",
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

/// Names the children of the resource at `parent` cannot take as accessor methods and module names: the parent's
/// own methods, the crates generated code names, and at the root the crate root's modules. A child whose segment is
/// one of them gets `_api` appended (`client.upload_api()`, `client.stream_api()`).
fn reserved_modules(parent: &[String]) -> impl Iterator<Item = &'static str> {
    let root: &[&str] = if parent.is_empty() { ROOT_MODULES } else { &[] };
    reserved_methods(parent)
        .iter()
        .chain(root)
        .chain(EXTERN_CRATES)
        .copied()
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
        .child_segments(&key)
        .into_iter()
        .map(|segment| {
            let mut child = key.clone();
            child.push(segment);
            let mut child_module = module_path.clone();
            child_module.push(plan.accessor(&child));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[&str]) -> Vec<String> {
        segments.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn resource_modules_never_take_a_name_the_crate_or_its_parent_uses() {
        let paths = [
            path(&["stream"]),
            path(&["stream_api"]),
            path(&["json"]),
            path(&["upload"]),
            path(&["things", "serde_json"]),
            path(&["things", "new"]),
            path(&["things", "stream"]),
        ];
        let plan = plan_resources(paths.into_iter(), &mut Namer::default());
        let accessor = |segments: &[&str]| plan.accessor(&path(segments));
        // At the root: the runtime's modules (`mod stream;` in lib.rs) and the client's own methods.
        assert_eq!(accessor(&["stream"]), "stream_api");
        assert_eq!(accessor(&["stream_api"]), "stream_api_2");
        assert_eq!(accessor(&["json"]), "json_api");
        assert_eq!(accessor(&["upload"]), "upload_api");
        assert_eq!(accessor(&["things"]), "things");
        // Below it: crates generated code names (`serde_json::Value`) and the handle's own methods; the runtime's
        // module names are free there.
        assert_eq!(accessor(&["things", "serde_json"]), "serde_json_api");
        assert_eq!(accessor(&["things", "new"]), "new_api");
        assert_eq!(accessor(&["things", "stream"]), "stream");
        // A method beside them may not take either name.
        let names = plan.child_names(&[]);
        assert!(names.contains(&"stream".to_string()) && names.contains(&"stream_api".to_string()));
    }
}
