//! Cycles among models: a chain of aliases that comes back to itself names no type (an error), and types that
//! hold each other by value need a `Box` somewhere on every cycle.

use std::collections::BTreeMap;

use super::types::{Loc, MAX_REF_DEPTH};
use super::{Model, ModelKind, TypeRef};
use crate::diagnostics::Diagnostics;

/// A chain of aliases that comes back to its start (`A = B`, `B = A`) names no type at all: each alias on it
/// is reported and becomes untyped JSON, so the rest of the crate still builds.
pub(crate) fn break_alias_cycles(
    models: &mut BTreeMap<String, Model>,
    origins: &BTreeMap<String, Loc>,
    diagnostics: &mut Diagnostics,
) {
    let target =
        |models: &BTreeMap<String, Model>, name: &str| match models.get(name).map(|m| &m.kind) {
            Some(ModelKind::Alias(TypeRef::Named(next))) => Some(next.clone()),
            _ => None,
        };
    let mut cyclic = Vec::new();
    for start in models.keys() {
        let mut current = target(models, start);
        for _ in 0..=models.len().min(MAX_REF_DEPTH) {
            match current {
                Some(ref name) if name == start => {
                    cyclic.push(start.clone());
                    break;
                }
                Some(ref name) => current = target(models, name),
                None => break,
            }
        }
    }
    for name in cyclic {
        if let Some(loc) = origins.get(&name) {
            diagnostics.warning(
                &loc.file,
                &loc.pointer,
                format!("`{name}` only refers to itself through `$ref`s, so it names no type; it is untyped JSON"),
            );
        }
        if let Some(model) = models.get_mut(&name) {
            model.kind = ModelKind::Alias(TypeRef::Json);
        }
    }
}

/// Marks struct fields that close a cycle of structs holding each other by value, so they are boxed.
pub(crate) fn box_cycles(models: &mut BTreeMap<String, Model>) {
    fn direct_target(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(n) => Some(n),
            TypeRef::Option(inner) => direct_target(inner),
            _ => None,
        }
    }
    // Graph of "holds by value": model index → model indices.
    let names: Vec<&String> = models.keys().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .values()
        .map(|model| {
            let targets: Vec<&str> = match &model.kind {
                ModelKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| direct_target(&f.ty))
                    .collect(),
                ModelKind::Union(u) => u
                    .variants
                    .iter()
                    .filter_map(|v| direct_target(&v.ty))
                    .collect(),
                ModelKind::Alias(ty) => direct_target(ty).into_iter().collect(),
                ModelKind::Enum(_) => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(|t| index.get(t).copied())
                .collect()
        })
        .collect();
    // A field needs a box exactly when it points back into its own strongly connected component.
    let component = strongly_connected_components(&edges);
    let in_cycle = |from: usize, ty: &TypeRef| {
        direct_target(ty)
            .and_then(|t| index.get(t).copied())
            .is_some_and(|to| component[to] == component[from])
    };
    let mut to_box = Vec::new();
    for (from, (name, model)) in models.iter().enumerate() {
        match &model.kind {
            ModelKind::Struct(s) => to_box.extend(
                s.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| in_cycle(from, &f.ty))
                    .map(|(i, _)| (name.clone(), i)),
            ),
            ModelKind::Union(u) => to_box.extend(
                u.variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| in_cycle(from, &v.ty))
                    .map(|(i, _)| (name.clone(), i)),
            ),
            _ => {}
        }
    }
    for (name, position) in to_box {
        match models.get_mut(&name).map(|m| &mut m.kind) {
            Some(ModelKind::Struct(s)) => s.fields[position].boxed = true,
            Some(ModelKind::Union(u)) => u.variants[position].boxed = true,
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iteratively: the component number of every node. A node on no cycle is alone in its
/// component, unless it has an edge to itself (which then also boxes).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNVISITED; n], vec![0; n], vec![UNVISITED; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn components_group_exactly_the_nodes_on_a_cycle() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 is not on it; 4 → 4 is a self-loop; 5 is alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4], vec![]];
        let c = strongly_connected_components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[0] && c[4] != c[5]);
    }
}
