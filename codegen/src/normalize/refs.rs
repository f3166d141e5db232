//! References: every local `$ref` is brought to the one form the later stages follow, `#/components/<kind>/<name>`.
//!
//! JSON Pointer allows much more than that, and real specs use it: percent-encoded fragments
//! (`#/paths/~1jobs~1%7Bid%7D/get/responses/200`), schemas under `#/paths/...`, properties of other components
//! (`#/components/schemas/Disk/properties/filesystem`), nested `definitions`. A schema such a reference points at
//! is *hoisted*: it becomes a component of its own, named after where it was (`DiskFilesystem`), and both the
//! reference and the original place refer to that component, so they share one generated type. Other objects
//! (responses, parameters, request bodies) are copied to where they are referenced.
//!
//! A reference that cannot be followed (a missing target, another file) degrades its one place with a warning:
//! a schema becomes untyped JSON, a parameter or request body is left out, a response has no body.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::{HTTP_METHODS, scalar_text};
use crate::diagnostics::{Diagnostics, pointer_join, pointer_tokens};
use crate::naming::type_name;

/// What kind of object a place in a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    PathItem,
    /// Examples, links, security schemes and anything else the generator does not follow.
    Other,
}

impl Kind {
    /// The `components` section a kind is kept in.
    fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::PathItem | Kind::Other => return None,
        })
    }
}

/// Where a walk down a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Paths,
    PathItem,
    Operation,
    ParameterList,
    Responses,
    Content,
    Media,
    Headers,
    Components,
    Section(Kind),
    Object(Kind),
    /// A map of names to schemas inside a schema (`properties`, `definitions`): the next token is a name.
    SchemaNames,
    /// Example values, defaults and the like: data, not schema.
    Data,
    Other,
}

fn step(state: State, token: &str) -> State {
    match state {
        State::Root => match token {
            "paths" | "webhooks" => State::Paths,
            "components" => State::Components,
            _ => State::Other,
        },
        State::Paths => State::PathItem,
        State::PathItem => match token {
            "parameters" => State::ParameterList,
            t if HTTP_METHODS.contains(&t) => State::Operation,
            _ => State::Other,
        },
        State::Operation => match token {
            "parameters" => State::ParameterList,
            "requestBody" => State::Object(Kind::RequestBody),
            "responses" => State::Responses,
            "callbacks" => State::Section(Kind::Other),
            _ => State::Other,
        },
        State::ParameterList => State::Object(Kind::Parameter),
        State::Responses => State::Object(Kind::Response),
        State::Content => State::Media,
        State::Media => match token {
            "schema" => State::Object(Kind::Schema),
            "encoding" => State::Other,
            _ => State::Data,
        },
        State::Headers => State::Object(Kind::Header),
        State::Components => match token {
            "schemas" => State::Section(Kind::Schema),
            "parameters" => State::Section(Kind::Parameter),
            "responses" => State::Section(Kind::Response),
            "requestBodies" => State::Section(Kind::RequestBody),
            "headers" => State::Section(Kind::Header),
            _ => State::Other,
        },
        State::Section(kind) => State::Object(kind),
        State::Object(Kind::Schema) => match token {
            "example" | "examples" | "default" | "enum" | "x-const" | "const" => State::Data,
            "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
                State::SchemaNames
            }
            _ => State::Object(Kind::Schema),
        },
        State::SchemaNames => State::Object(Kind::Schema),
        State::Object(Kind::Parameter | Kind::Header) => match token {
            "schema" => State::Object(Kind::Schema),
            "content" => State::Content,
            _ => State::Data,
        },
        State::Object(Kind::RequestBody) => match token {
            "content" => State::Content,
            _ => State::Other,
        },
        State::Object(Kind::Response) => match token {
            "content" => State::Content,
            "headers" => State::Headers,
            _ => State::Other,
        },
        State::Object(Kind::PathItem | Kind::Other) | State::Data | State::Other => state,
    }
}

/// The kind of object at a pointer, or `None` inside data (examples, defaults), where `$ref` is only text.
fn kind_at(tokens: &[String]) -> Option<Kind> {
    let state = tokens
        .iter()
        .fold(State::Root, |state, token| step(state, token));
    match state {
        State::Object(kind) => Some(kind),
        State::PathItem => Some(Kind::PathItem),
        State::Data => None,
        _ => Some(Kind::Other),
    }
}

/// One `$ref` found in the document.
struct Site {
    /// Tokens of the object holding the `$ref`.
    at: Vec<String>,
    target: String,
}

/// Brings every `$ref` of `doc` to `#/components/<kind>/<name>` form, hoisting or copying what they point at, and
/// degrades those that cannot be followed.
pub(super) fn resolve_references(doc: &mut Value, file: &str, diagnostics: &mut Diagnostics) {
    let mut sites = Vec::new();
    collect(doc, &mut Vec::new(), &mut sites);
    if sites.is_empty() {
        return;
    }
    // Decide what every reference becomes before changing anything.
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = component_names(doc, "schemas");
    let mut copies: Vec<(Vec<String>, Value)> = Vec::new();
    let mut retargeted: Vec<(Vec<String>, String)> = Vec::new();
    let mut degraded: Vec<(Vec<String>, Kind)> = Vec::new();
    for site in &sites {
        let Some(kind) = kind_at(&site.at) else {
            continue;
        };
        let at = site
            .at
            .iter()
            .fold(String::from("#"), |p, t| pointer_join(&p, t));
        let ref_pointer = pointer_join(&at, "$ref");
        let Some(fragment) = site.target.strip_prefix('#') else {
            diagnostics.warning(
                file,
                &ref_pointer,
                format!(
                    "`$ref: {}` points outside this document, which is not supported; {}",
                    site.target,
                    degrade_phrase(kind)
                ),
            );
            degraded.push((site.at.clone(), kind));
            continue;
        };
        let decoded = percent_decode(fragment);
        let tokens = pointer_tokens(&decoded);
        if resolve(doc, &tokens).is_none() {
            diagnostics.warning(
                file,
                &ref_pointer,
                format!(
                    "{}; {}",
                    dangling_message(doc, &site.target, &tokens),
                    degrade_phrase(kind)
                ),
            );
            degraded.push((site.at.clone(), kind));
            continue;
        }
        let canonical = tokens.len() == 3
            && tokens[0] == "components"
            && kind.section().is_some_and(|s| s == tokens[1]);
        if canonical {
            if decoded != fragment {
                retargeted.push((site.at.clone(), format!("#{decoded}")));
            }
            continue;
        }
        match kind {
            Kind::Schema => {
                if !hoisted.contains_key(&decoded) {
                    let name = unique(&hoisted_name(doc, &tokens), &mut taken);
                    hoisted.insert(decoded.clone(), name);
                }
            }
            Kind::Other => {}
            _ => {
                // A parameter, response or body used in another place: a copy of it, there (following a chain
                // of references to the object itself).
                if let Some(target) = follow_chain(doc, &tokens, kind) {
                    copies.push((site.at.clone(), target.clone()));
                }
            }
        }
    }
    let mut lists = BTreeSet::new();
    for (at, kind) in degraded {
        if let Some(list) = degrade(doc, &at, kind) {
            lists.insert(list);
        }
    }
    // Items left out of lists were marked first, so the indices of the other sites stayed valid.
    for list in lists {
        if let Some(Value::Sequence(items)) = resolve_mut(doc, &list) {
            items.retain(|item| !item.is_null());
        }
    }
    for (at, target) in retargeted {
        if let Some(Value::Mapping(map)) = resolve_mut(doc, &at) {
            map.insert(Value::from("$ref"), Value::from(target));
        }
    }
    for (at, value) in copies {
        if let Some(node) = resolve_mut(doc, &at) {
            let description = node.get("description").cloned();
            *node = value;
            if let (Some(description), Some(map)) = (description, node.as_mapping_mut())
                && !map.contains_key("$ref")
            {
                map.insert(Value::from("description"), description);
            }
        }
    }
    if hoisted.is_empty() {
        return;
    }
    // Deepest targets first, so a target inside another is hoisted before its container is copied.
    let mut order: Vec<(&String, &String)> = hoisted.iter().collect();
    order.sort_by_key(|(pointer, _)| std::cmp::Reverse(pointer_tokens(pointer).len()));
    let mut new_components = Vec::new();
    for (pointer, name) in order {
        let tokens = pointer_tokens(pointer);
        let reference = ref_value(&format!("#/components/schemas/{}", escape(name)));
        if let Some(node) = resolve_mut(doc, &tokens) {
            let schema = std::mem::replace(node, reference);
            new_components.push((name.clone(), schema));
        }
    }
    let root = doc.as_mapping_mut().expect("a document is a mapping");
    let components = root
        .entry(Value::from("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !components.is_mapping() {
        *components = Value::Mapping(Mapping::new());
    }
    let schemas = components
        .as_mapping_mut()
        .expect("just made a mapping")
        .entry(Value::from("schemas"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !schemas.is_mapping() {
        *schemas = Value::Mapping(Mapping::new());
    }
    let schemas = schemas.as_mapping_mut().expect("just made a mapping");
    for (name, schema) in new_components {
        schemas.insert(Value::from(name), schema);
    }
    // Every reference to a hoisted schema now names its component.
    let renamed: BTreeMap<String, String> = hoisted
        .into_iter()
        .map(|(pointer, name)| (pointer, format!("#/components/schemas/{}", escape(&name))))
        .collect();
    rewrite(doc, &renamed);
}

/// What happens to a place whose reference cannot be followed.
fn degrade_phrase(kind: Kind) -> &'static str {
    match kind {
        Kind::Schema => "the value is untyped JSON here",
        Kind::Parameter | Kind::Header => "the parameter is left out",
        Kind::RequestBody => "the request body is left out",
        Kind::Response => "the response is treated as having no body",
        Kind::PathItem => "the path is left out",
        Kind::Other => "it is ignored",
    }
}

/// Degrades one place; returns the list it marked an item of for removal.
fn degrade(doc: &mut Value, at: &[String], kind: Kind) -> Option<Vec<String>> {
    match kind {
        Kind::Schema => {
            if let Some(node) = resolve_mut(doc, at) {
                let description = node.get("description").cloned();
                let mut any = Mapping::new();
                if let Some(description) = description {
                    any.insert(Value::from("description"), description);
                }
                *node = Value::Mapping(any);
            }
        }
        Kind::Response => {
            if let Some(node) = resolve_mut(doc, at) {
                let description = node
                    .get("description")
                    .cloned()
                    .unwrap_or_else(|| Value::from(""));
                let mut response = Mapping::new();
                response.insert(Value::from("description"), description);
                *node = Value::Mapping(response);
            }
        }
        Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::PathItem => {
            let (last, parent) = at.split_last()?;
            match resolve_mut(doc, parent) {
                Some(Value::Sequence(items)) => {
                    if let Ok(index) = last.parse::<usize>()
                        && index < items.len()
                    {
                        items[index] = Value::Null;
                        return Some(parent.to_vec());
                    }
                }
                Some(Value::Mapping(map)) => {
                    map.remove(last.as_str());
                }
                _ => {}
            }
        }
        Kind::Other => {}
    }
    None
}

/// The message for a reference whose target is missing, naming what the parent does define.
fn dangling_message(doc: &Value, target: &str, tokens: &[String]) -> String {
    let (parent, name) = tokens.split_at(tokens.len().saturating_sub(1));
    let parent_pointer = parent
        .iter()
        .fold(String::from("#"), |p, t| pointer_join(&p, t));
    let known = resolve(doc, parent)
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .map(scalar_text)
                .take(20)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let name = name.first().map(String::as_str).unwrap_or_default();
    let hint = if known.is_empty() {
        String::new()
    } else {
        format!(" (it defines: {known})")
    };
    format!("`$ref: {target}` does not resolve: there is no `{name}` in `{parent_pointer}`{hint}")
}

/// The object at `tokens`, following `$ref`s from it until a component (which stays a reference) or an object
/// that is not a reference.
fn follow_chain<'v>(doc: &'v Value, tokens: &[String], kind: Kind) -> Option<&'v Value> {
    let mut current = resolve(doc, tokens)?;
    for _ in 0..16 {
        let Some(target) = current.get("$ref").and_then(Value::as_str) else {
            return Some(current);
        };
        let tokens = pointer_tokens(&percent_decode(target.strip_prefix('#')?));
        let canonical = tokens.len() == 3
            && tokens[0] == "components"
            && kind.section().is_some_and(|s| s == tokens[1]);
        if canonical {
            return Some(current);
        }
        current = resolve(doc, &tokens)?;
    }
    None
}

fn ref_value(target: &str) -> Value {
    let mut map = Mapping::new();
    map.insert(Value::from("$ref"), Value::from(target));
    Value::Mapping(map)
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn component_names(doc: &Value, section: &str) -> BTreeSet<String> {
    doc.get("components")
        .and_then(|c| c.get(section))
        .and_then(Value::as_mapping)
        .map(|m| m.keys().map(scalar_text).collect())
        .unwrap_or_default()
}

fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() { "Schema" } else { base };
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A component name for a schema hoisted from `tokens`, after where it was: `DiskFilesystem` for a property of
/// `Disk`, `ListJobsResponse` for an operation's response body, `Address` for `definitions/Address`.
fn hoisted_name(doc: &Value, tokens: &[String]) -> String {
    // Nested definitions carry their own names.
    if let Some(at) = tokens
        .iter()
        .rposition(|t| t == "definitions" || t == "$defs")
        && let Some(name) = tokens.get(at + 1)
    {
        let rest = &tokens[at + 2..];
        return format!("{}{}", type_name(name), words(rest));
    }
    match tokens {
        [components, _, name, rest @ ..] if components == "components" => {
            format!("{}{}", type_name(name), words(rest))
        }
        [paths, path, method, rest @ ..] if paths == "paths" => {
            let operation = doc
                .get("paths")
                .and_then(|p| p.get(path.as_str()))
                .and_then(|item| item.get(method.as_str()))
                .and_then(|op| op.get("operationId"))
                .map(scalar_text)
                .filter(|id| !id.trim().is_empty())
                .unwrap_or_else(|| format!("{method} {path}"));
            let place = match rest {
                [responses, code, ..] if responses == "responses" => {
                    if code.starts_with('2') {
                        "Response".to_string()
                    } else {
                        format!("Response{code}")
                    }
                }
                [body, ..] if body == "requestBody" => "Request".to_string(),
                [parameters, index, ..] if parameters == "parameters" => {
                    let name = doc
                        .get("paths")
                        .and_then(|p| p.get(path.as_str()))
                        .and_then(|item| item.get(method.as_str()))
                        .and_then(|op| op.get("parameters"))
                        .and_then(|ps| ps.get(index.parse::<usize>().unwrap_or(usize::MAX)))
                        .and_then(|p| p.get("name"))
                        .map(scalar_text)
                        .unwrap_or_default();
                    type_name(&name)
                }
                _ => String::new(),
            };
            let schema_at = rest
                .iter()
                .position(|t| t == "schema")
                .map_or(rest.len(), |i| i + 1);
            format!(
                "{}{place}{}",
                type_name(&operation),
                words(&rest[schema_at.min(rest.len())..])
            )
        }
        _ => words(tokens),
    }
}

/// Type-name words for the structural tokens of a schema pointer (`properties/a/items` → `AItem`).
fn words(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut after_list = false;
    for token in tokens {
        match token.as_str() {
            "properties" | "schema" | "content" | "additionalProperties" => {}
            "items" => out.push_str("Item"),
            "allOf" | "oneOf" | "anyOf" => after_list = true,
            t if after_list => {
                out.push_str(&format!(
                    "Variant{}",
                    t.parse::<usize>().map_or(1, |i| i + 1)
                ));
                after_list = false;
            }
            t if t.contains('/') => {}
            t => out.push_str(&type_name(t)),
        }
    }
    out
}

/// `%7B` → `{`: a URI fragment is percent-encoded (RFC 6901, section 6).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

fn resolve<'v>(doc: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(doc, |node, token| match node {
        Value::Mapping(map) => map.get(token.as_str()),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

fn resolve_mut<'v>(doc: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(doc, |node, token| match node {
        Value::Mapping(map) => map.get_mut(token.as_str()),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// Every `$ref` outside data (example values and defaults hold `$ref` keys as plain data).
fn collect(value: &Value, path: &mut Vec<String>, out: &mut Vec<Site>) {
    collect_in(value, State::Root, path, out);
}

fn collect_in(value: &Value, state: State, path: &mut Vec<String>, out: &mut Vec<Site>) {
    if state == State::Data {
        return;
    }
    match value {
        Value::Mapping(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                out.push(Site {
                    at: path.clone(),
                    target: target.to_string(),
                });
            }
            for (key, child) in map {
                let key = scalar_text(key);
                if key == "$ref" {
                    continue;
                }
                let next = step(state, &key);
                path.push(key);
                collect_in(child, next, path, out);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                let token = index.to_string();
                let next = step(state, &token);
                path.push(token);
                collect_in(child, next, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Replaces every `$ref` (outside data) whose decoded target is a key of `renamed`.
fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    rewrite_in(value, State::Root, renamed);
}

fn rewrite_in(value: &mut Value, state: State, renamed: &BTreeMap<String, String>) {
    if state == State::Data {
        return;
    }
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(fragment) = target.strip_prefix('#')
                && let Some(new) = renamed.get(&percent_decode(fragment))
            {
                *target = new.clone();
            }
            for (key, child) in map.iter_mut() {
                let key = scalar_text(key);
                if key != "$ref" {
                    rewrite_in(child, step(state, &key), renamed);
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                rewrite_in(item, step(state, &index.to_string()), renamed);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(yaml: &str) -> (Value, Vec<String>) {
        let mut doc: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diagnostics = Diagnostics::default();
        resolve_references(&mut doc, "t.yaml", &mut diagnostics);
        let messages = diagnostics
            .items()
            .iter()
            .map(|d| d.message.clone())
            .collect();
        (doc, messages)
    }

    #[test]
    fn percent_encoded_fragments_are_decoded() {
        let (doc, warnings) = resolved(
            "paths:\n  /jobs/{id}:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Job%20Found'}\ncomponents:\n  responses:\n    Job Found: {description: ok}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            doc["paths"]["/jobs/{id}"]["get"]["responses"]["200"]["$ref"],
            Value::from("#/components/responses/Job Found")
        );
    }

    #[test]
    fn schemas_under_paths_and_properties_are_hoisted_into_components() {
        let (doc, warnings) = resolved(
            "paths:\n  /jobs/{id}:\n    get:\n      operationId: getJob\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}}\n  /jobs:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/paths/~1jobs~1%7Bid%7D/get/responses/200/content/application~1json/schema'}}\ncomponents:\n  schemas:\n    Disk:\n      type: object\n      properties:\n        filesystem: {type: string, enum: [ext4, xfs]}\n    Volume:\n      type: object\n      properties:\n        fs: {$ref: '#/components/schemas/Disk/properties/filesystem'}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["GetJobResponse"]["properties"]["id"]["type"],
            Value::from("string")
        );
        assert_eq!(
            doc["paths"]["/jobs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["items"]["$ref"],
            Value::from("#/components/schemas/GetJobResponse")
        );
        assert_eq!(
            doc["paths"]["/jobs/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            Value::from("#/components/schemas/GetJobResponse")
        );
        assert_eq!(schemas["DiskFilesystem"]["enum"][1], Value::from("xfs"));
        assert_eq!(
            schemas["Disk"]["properties"]["filesystem"]["$ref"],
            Value::from("#/components/schemas/DiskFilesystem")
        );
        assert_eq!(
            schemas["Volume"]["properties"]["fs"]["$ref"],
            Value::from("#/components/schemas/DiskFilesystem")
        );
    }

    #[test]
    fn nested_definitions_keep_their_names() {
        let (doc, _) = resolved(
            "components:\n  schemas:\n    A:\n      definitions:\n        Address: {type: string}\n      type: object\n      properties:\n        home: {$ref: '#/components/schemas/A/definitions/Address'}\n",
        );
        assert_eq!(
            doc["components"]["schemas"]["Address"],
            serde_yaml::from_str::<Value>("{type: string}").unwrap()
        );
    }

    #[test]
    fn references_that_cannot_be_followed_degrade_their_place() {
        let (doc, warnings) = resolved(
            "paths:\n  /a:\n    get:\n      parameters:\n        - {$ref: '#/components/parameters/Missing'}\n        - {name: b, in: query, schema: {$ref: 'other.yaml#/B'}}\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n",
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].contains("the parameter is left out"),
            "{warnings:?}"
        );
        let params = doc["paths"]["/a"]["get"]["parameters"]
            .as_sequence()
            .unwrap();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0]["schema"], Value::Mapping(Mapping::new()));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"],
            serde_yaml::from_str::<Value>("{description: ''}").unwrap()
        );
    }

    #[test]
    fn keyword_names_are_names_where_names_are_expected() {
        let (doc, warnings) = resolved(
            "paths:\n  /a:\n    get:\n      responses:\n        default: {$ref: '#/paths/~1b/get/responses/200'}\n  /b:\n    get:\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    A:\n      properties:\n        default: {$ref: '#/components/schemas/A/properties/example'}\n        example: {type: string}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["default"]["description"],
            Value::from("ok")
        );
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["default"]["$ref"],
            Value::from("#/components/schemas/AExample")
        );
    }

    #[test]
    fn refs_in_examples_are_data() {
        let (doc, warnings) = resolved(
            "components:\n  schemas:\n    A:\n      type: object\n      example: {$ref: '#/nowhere'}\n",
        );
        assert!(warnings.is_empty());
        assert_eq!(
            doc["components"]["schemas"]["A"]["example"]["$ref"],
            Value::from("#/nowhere")
        );
    }
}
