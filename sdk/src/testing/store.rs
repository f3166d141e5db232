//! The fake's memory: objects by collection path, with generic REST semantics (create, list with page info,
//! retrieve, merge, delete) and the background-status rule (`processing` → `ready` after some reads).

use std::collections::{BTreeMap, VecDeque};

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::Fault;
use super::server::{FakeRequest, FakeResponse, RecordedRequest};

/// A kind of collection the fake knows: its path template (`*` is any one segment), the status objects start
/// in and the one they reach, and the other names the API gives the object's id.
pub(crate) struct Kind {
    pub template: &'static str,
    pub status: Option<(&'static str, &'static str)>,
    pub id_aliases: &'static [&'static str],
}

/// Every collection of the API with objects in it. Written by hand from the SDK's operations (`API.txt`): the
/// generated route table is private to generated code, and these are the paths whose objects outlive a request.
pub(crate) const KINDS: &[Kind] = &[
    kind("entity-collections", None, &[]),
    kind(
        "entity-collections/*/entities",
        Some(("processing", "ready")),
        &[],
    ),
    kind("assets", Some(("processing", "ready")), &[]),
    kind(
        "assets/multipart-uploads",
        Some(("active", "completed")),
        &["upload_id"],
    ),
    kind("indexes", None, &[]),
    kind("indexes/*/indexed-assets", Some(("pending", "ready")), &[]),
    kind("tasks", Some(("pending", "ready")), &[]),
    kind("analyze/tasks", Some(("pending", "ready")), &["task_id"]),
    kind(
        "analyze/batches",
        Some(("pending", "completed")),
        &["batch_id"],
    ),
    kind("embed/tasks", Some(("processing", "ready")), &[]),
    kind("embed-v2/tasks", Some(("processing", "ready")), &[]),
    kind("knowledge-stores", None, &[]),
    kind(
        "knowledge-stores/*/items",
        Some(("pending", "ready")),
        &["item_id"],
    ),
    kind("knowledge-stores/*/item-collections", None, &[]),
    kind("connections", None, &[]),
    kind("connections/redirect-uris", None, &[]),
    kind("connections/*/imports", None, &[]),
];

const fn kind(
    template: &'static str,
    status: Option<(&'static str, &'static str)>,
    id_aliases: &'static [&'static str],
) -> Kind {
    Kind {
        template,
        status,
        id_aliases,
    }
}

/// Whether `segments` match `template` (`*` matches any one segment).
pub(crate) fn matches(template: &str, segments: &[&str]) -> bool {
    let mut parts = template.split('/');
    let mut count = 0;
    for segment in segments {
        match parts.next() {
            Some("*") => {}
            Some(part) if part == *segment => {}
            _ => return false,
        }
        count += 1;
    }
    parts.next().is_none() && count == segments.len()
}

/// The kind of the collection at `segments`, when it is one.
pub(crate) fn kind_of(segments: &[&str]) -> Option<&'static Kind> {
    KINDS.iter().find(|kind| matches(kind.template, segments))
}

/// A stored object and how many reads it has left before it is ready.
struct Stored {
    value: Map<String, Value>,
    polls_left: Option<u32>,
    ready_status: &'static str,
}

/// Everything the fake remembers.
pub(crate) struct State {
    /// `scheme://host:port` of the server itself (for presigned part URLs).
    pub origin: String,
    collections: BTreeMap<String, IndexMap<String, Stored>>,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<RecordedRequest>,
    pub polls_until_ready: u32,
    next_id: u64,
}

impl State {
    pub fn new(origin: String) -> Self {
        Self {
            origin,
            collections: BTreeMap::new(),
            faults: VecDeque::new(),
            requests: Vec::new(),
            polls_until_ready: 2,
            next_id: 0,
        }
    }

    /// A new 24-hex-digit id, as the API's object ids are (distinct for the server's lifetime).
    pub fn new_id(&mut self) -> String {
        self.next_id += 1;
        let mixed = self.next_id.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ fastrand::u64(..);
        format!("{:08x}{:016x}", self.next_id as u32, mixed)
    }

    /// Whether the object at `path` (`/`-joined segments, no leading slash) exists.
    pub fn exists(&self, path: &str) -> bool {
        let (collection, id) = split_last(path);
        self.collections
            .get(collection)
            .is_some_and(|objects| objects.contains_key(id))
    }

    /// Whether every object the collection path goes through exists (`indexes/X/indexed-assets` needs index `X`).
    pub fn parents_exist(&self, segments: &[&str]) -> bool {
        (1..segments.len().saturating_sub(1)).step_by(2).all(|end| {
            let path = segments[..=end].join("/");
            // Segments that are not ids of a known collection (`analyze`, `embed-v2`) are fixed names.
            kind_of(&segments[..end]).is_none() || self.exists(&path)
        })
    }

    /// Stores a new object in the collection `collection` (a concrete path) and returns it as stored. A field
    /// given as `null` is left out, as if not given: the API's objects have no `null` fields.
    pub fn create(
        &mut self,
        collection: &str,
        mut object: Map<String, Value>,
    ) -> Map<String, Value> {
        object.retain(|_, value| !value.is_null());
        self.create_with_id(collection, object, None)
    }

    /// [`State::create`] with the id given, when there is one (ids the API assigns are never taken from a
    /// request body).
    fn create_with_id(
        &mut self,
        collection: &str,
        mut object: Map<String, Value>,
        id: Option<String>,
    ) -> Map<String, Value> {
        let segments: Vec<&str> = collection.split('/').collect();
        let kind = kind_of(&segments);
        let id = id.unwrap_or_else(|| self.new_id());
        let now = now_rfc3339();
        object.insert("_id".into(), Value::String(id.clone()));
        for alias in kind.map(|kind| kind.id_aliases).unwrap_or_default() {
            object.insert((*alias).into(), Value::String(id.clone()));
        }
        object
            .entry("created_at")
            .or_insert_with(|| Value::String(now.clone()));
        object.entry("updated_at").or_insert(Value::String(now));
        let mut polls_left = None;
        let mut ready_status = "ready";
        if let Some((initial, ready)) = kind.and_then(|kind| kind.status) {
            ready_status = ready;
            if self.polls_until_ready == 0 {
                object.insert("status".into(), Value::String(ready.into()));
            } else {
                object
                    .entry("status")
                    .or_insert_with(|| Value::String(initial.into()));
                polls_left = Some(self.polls_until_ready);
            }
        }
        let stored = Stored {
            value: object.clone(),
            polls_left,
            ready_status,
        };
        self.collections
            .entry(collection.to_owned())
            .or_default()
            .insert(id, stored);
        object
    }

    /// Reads the object at `path`, counting the read towards its readiness.
    pub fn retrieve(&mut self, path: &str) -> Option<Map<String, Value>> {
        let stored = self.stored_mut(path)?;
        if let Some(left) = stored.polls_left.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                make_ready(stored);
            }
        }
        Some(stored.value.clone())
    }

    /// The object at `path`, without counting a read.
    pub fn get(&self, path: &str) -> Option<&Map<String, Value>> {
        let (collection, id) = split_last(path);
        Some(&self.collections.get(collection)?.get(id)?.value)
    }

    /// The object at `path` to change in place.
    pub fn get_mut(&mut self, path: &str) -> Option<&mut Map<String, Value>> {
        Some(&mut self.stored_mut(path)?.value)
    }

    fn stored_mut(&mut self, path: &str) -> Option<&mut Stored> {
        let (collection, id) = split_last(path);
        self.collections.get_mut(collection)?.get_mut(id)
    }

    /// Merges `changes` into the object at `path` (a `null` removes the field, or the key of an object-valued
    /// field such as `user_metadata`; ids never change).
    pub fn update(
        &mut self,
        path: &str,
        changes: Map<String, Value>,
    ) -> Option<Map<String, Value>> {
        let object = self.get_mut(path)?;
        for (key, value) in changes {
            if key == "_id" {
                continue;
            }
            match (object.get_mut(&key), value) {
                (Some(Value::Object(existing)), Value::Object(new)) => {
                    for (inner, value) in new {
                        if value.is_null() {
                            existing.remove(&inner);
                        } else {
                            existing.insert(inner, value);
                        }
                    }
                }
                (_, Value::Null) => {
                    object.remove(&key);
                }
                (_, value) => {
                    object.insert(key, value);
                }
            }
        }
        object.insert("updated_at".into(), Value::String(now_rfc3339()));
        Some(object.clone())
    }

    /// Removes the object at `path` and everything stored under it.
    pub fn delete(&mut self, path: &str) -> bool {
        let (collection, id) = split_last(path);
        let removed = self
            .collections
            .get_mut(collection)
            .and_then(|objects| objects.shift_remove(id))
            .is_some();
        if removed {
            let prefix = format!("{path}/");
            self.collections.retain(|key, _| !key.starts_with(&prefix));
        }
        removed
    }

    /// Every object of a collection, oldest first.
    pub fn all(&self, collection: &str) -> Vec<Map<String, Value>> {
        self.collections
            .get(collection)
            .map(|objects| {
                objects
                    .values()
                    .map(|stored| stored.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every object of every collection whose path matches `template`, oldest first within each.
    pub fn all_matching(&self, template: &str) -> Vec<Map<String, Value>> {
        self.collections
            .iter()
            .filter(|(path, _)| matches(template, &path.split('/').collect::<Vec<_>>()))
            .flat_map(|(_, objects)| objects.values().map(|stored| stored.value.clone()))
            .collect()
    }

    /// The path of the object with this id, in any collection.
    fn path_of(&self, id: &str) -> Option<String> {
        self.collections
            .iter()
            .find(|(_, objects)| objects.contains_key(id))
            .map(|(collection, _)| format!("{collection}/{id}"))
    }

    pub fn set_ready(&mut self, id: &str) -> bool {
        let Some(path) = self.path_of(id) else {
            return false;
        };
        self.stored_mut(&path).map(make_ready).is_some()
    }

    pub fn set_status(&mut self, id: &str, status: &str) -> bool {
        let Some(path) = self.path_of(id) else {
            return false;
        };
        self.stored_mut(&path)
            .map(|stored| {
                stored.polls_left = None;
                stored
                    .value
                    .insert("status".into(), Value::String(status.into()));
            })
            .is_some()
    }

    pub fn insert(&mut self, collection_path: &str, object: Value) -> Option<String> {
        let collection = collection_path.trim_matches('/');
        let collection = collection.strip_prefix("v1.3/").unwrap_or(collection);
        let segments: Vec<&str> = collection.split('/').collect();
        kind_of(&segments)?;
        let Value::Object(object) = object else {
            return None;
        };
        // The object's own `_id` is kept when it is a usable id not taken yet.
        let given = match object.get("_id") {
            Some(Value::String(id))
                if !id.is_empty()
                    && !id.contains('/')
                    && !self.exists(&format!("{collection}/{id}")) =>
            {
                Some(id.clone())
            }
            _ => None,
        };
        let created = self.create_with_id(collection, object, given);
        if let Some(Value::String(id)) = created.get("_id") {
            // `insert` stores the object as given: no background status unless it has one.
            if let Some(stored) = self.stored_mut(&format!("{collection}/{id}")) {
                stored.polls_left = None;
            }
        }
        created
            .get("_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    pub fn peek(&self, path: &str) -> Option<Value> {
        let path = path.trim_matches('/');
        let path = path.strip_prefix("v1.3/").unwrap_or(path);
        self.get(path).cloned().map(Value::Object)
    }
}

fn make_ready(stored: &mut Stored) {
    stored.polls_left = None;
    stored
        .value
        .insert("status".into(), Value::String(stored.ready_status.into()));
}

/// `a/b/c` → (`a/b`, `c`).
fn split_last(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The current time as the API writes it.
pub(crate) fn now_rfc3339() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `page` and `page_limit` from the query: `Err` answers `400` for values that are not positive integers.
pub(crate) fn paging(request: &FakeRequest) -> Result<(usize, usize), FakeResponse> {
    let number = |name: &str, default: usize, max: usize| match request.query(name) {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(value) if (1..=max).contains(&value) => Ok(value),
            _ => Err(FakeResponse::error(
                400,
                "parameter_invalid",
                format!("`{name}` must be an integer from 1 to {max}, not `{text}`."),
            )),
        },
    };
    Ok((number("page", 1, 1_000_000)?, number("page_limit", 10, 50)?))
}

/// A list answer: the items of the page asked for, and `page_info` with the real totals.
pub(crate) fn page_of(request: &FakeRequest, items: Vec<Map<String, Value>>) -> FakeResponse {
    let (page, limit) = match paging(request) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    let total = items.len();
    let total_pages = total.div_ceil(limit).max(1);
    let data: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(limit))
        .take(limit)
        .map(Value::Object)
        .collect();
    FakeResponse::json(
        200,
        &json!({
            "data": data,
            "page_info": {
                "page": page,
                "limit_per_page": limit,
                "total_page": total_pages,
                "total_results": total,
            },
        }),
    )
}
