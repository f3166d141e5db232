//! Which answer each request gets: TwelveLabs' rules written by hand where they matter, then generic REST over
//! the collections the store knows (`store::KINDS`).

use bytes::Bytes;
use hyper::Method;
use serde_json::{Map, Value, json};

use super::Shared;
use super::canned;
use super::server::{FakeRequest, FakeResponse};
use super::store::{State, kind_of, now_rfc3339, page_of};

/// The part size of the fake's multipart upload sessions.
const UPLOAD_CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// Answers one request.
pub(crate) async fn handle(shared: &Shared, request: FakeRequest) -> FakeResponse {
    // Multipart bodies are read before the state is locked (reading is async).
    let form = match request.content_type.as_deref() {
        Some(content_type) if content_type.starts_with("multipart/form-data") => {
            match read_form(content_type, request.body.clone()).await {
                Ok(form) => Some(form),
                Err(response) => return response,
            }
        }
        _ => None,
    };
    let mut state = shared.lock();
    let body = match form {
        Some(form) => Ok(form),
        None => json_object(&request.body),
    };
    let segments: Vec<&str> = request.segments.iter().map(String::as_str).collect();
    route(&mut state, &request, &segments, body)
}

type Body = Result<Map<String, Value>, FakeResponse>;

fn route(state: &mut State, request: &FakeRequest, segments: &[&str], body: Body) -> FakeResponse {
    use Method as M;
    let method = request.method.clone();
    match (&method, segments) {
        // Object storage for multipart upload parts (the URLs the sessions hand out).
        (&M::PUT, ["_storage", upload_id, part]) => {
            store_part(state, upload_id, part, &request.body)
        }
        (_, ["_storage", ..]) => not_found("No such storage object."),

        // Assets.
        (&M::POST, ["assets"]) => create_asset(state, body),
        (&M::GET, ["assets", id, "transcription"]) => with_parent(state, &["assets", id], |_| {
            FakeResponse::json(200, &canned::transcription())
        }),
        (_, ["assets", id, "user-metadata"]) => user_metadata(state, &method, id, body),
        (&M::GET, ["assets", id, "entities"]) if *id != "multipart-uploads" => {
            with_parent(state, &["assets", id], |state| {
                let entities = state
                    .all_matching("entity-collections/*/entities")
                    .into_iter()
                    .filter(|entity| has_string(entity.get("asset_ids"), id))
                    .collect();
                page_of(request, entities)
            })
        }
        (&M::GET, ["assets", id, "indexed-assets"]) if *id != "multipart-uploads" => {
            with_parent(state, &["assets", id], |state| {
                let summaries = state
                    .all_matching("indexes/*/indexed-assets")
                    .into_iter()
                    .filter(|indexed| indexed.get("asset_id").and_then(Value::as_str) == Some(id))
                    .map(|indexed| summary_of(state, &indexed))
                    .collect();
                page_of(request, summaries)
            })
        }

        // Multipart upload sessions.
        (&M::POST, ["assets", "multipart-uploads"]) => create_upload(state, body),
        (&M::GET, ["assets", "multipart-uploads"]) => {
            let active = state
                .all("assets/multipart-uploads")
                .into_iter()
                .filter(|upload| upload.get("status").and_then(Value::as_str) == Some("active"))
                .collect();
            page_of(request, active)
        }
        (&M::GET, ["assets", "multipart-uploads", id]) => upload_status(state, id),
        (&M::POST, ["assets", "multipart-uploads", id]) => report_parts(state, id, body),
        (&M::POST, ["assets", "multipart-uploads", id, "presigned-urls"]) => {
            more_urls(state, id, body)
        }

        // Entities.
        (&M::POST, ["entity-collections", collection, "entities"]) => {
            let body = match body {
                Ok(body) => body,
                Err(response) => return response,
            };
            create_entity(state, collection, body).unwrap_or_else(|response| response)
        }
        (&M::POST, ["entity-collections", collection, "entities", "bulk"]) => {
            bulk_create_entities(state, collection, body)
        }
        (
            &M::POST | &M::DELETE,
            [
                "entity-collections",
                collection,
                "entities",
                entity,
                "assets",
            ],
        ) => entity_assets(state, &method, collection, entity, body),
        (&M::PATCH, ["entity-collections", _, "entities", _])
            if body
                .as_ref()
                .is_ok_and(|body| empty_asset_ids(body.get("asset_ids"))) =>
        {
            keep_one_asset()
        }

        // Indexes, indexed assets and their older name, videos.
        (&M::POST, ["indexes", index, "indexed-assets"]) => index_asset(state, index, body),
        (_, ["indexes", index, "videos", rest @ ..]) => {
            let mut aliased = vec!["indexes", index, "indexed-assets"];
            aliased.extend_from_slice(rest);
            route(state, request, &aliased, body)
        }
        (&M::POST, ["tasks"]) => create_with(state, request, &["tasks"], body, |state, object| {
            object
                .entry("video_id")
                .or_insert_with(|| Value::String(state.new_id()));
        }),

        // Asynchronous analysis and batches.
        (&M::POST, ["analyze", "tasks"]) => {
            create_with(state, request, &["analyze", "tasks"], body, |_, _| {})
        }
        (&M::POST, ["analyze", "tasks", id, "cancel"]) => cancel(state, &["analyze", "tasks", id]),
        (&M::POST, ["analyze", "batches"]) => create_with(
            state,
            request,
            &["analyze", "batches"],
            body,
            |state, object| canned::batch_defaults(state, object),
        ),
        (&M::POST, ["analyze", "batches", id, "cancel"]) => {
            cancel(state, &["analyze", "batches", id])
        }
        (&M::GET, ["analyze", "batches", id, "results"]) => {
            match state.get(&format!("analyze/batches/{id}")) {
                Some(batch) => {
                    FakeResponse::text(200, "application/x-ndjson", canned::batch_results(batch))
                }
                None => not_found(format!("No batch `{id}`.")),
            }
        }

        // Embeddings.
        (&M::GET, ["embed", "tasks", id, "status"]) => {
            match state.retrieve(&format!("embed/tasks/{id}")) {
                Some(task) => FakeResponse::json(200, &Value::Object(task)),
                None => not_found(format!("No embedding task `{id}`.")),
            }
        }

        // Knowledge stores.
        (&M::POST, ["knowledge-stores", store_id, "items"]) => create_with(
            state,
            request,
            &["knowledge-stores", store_id, "items"],
            body,
            |_, object| {
                object.entry("asset_type").or_insert_with(|| json!("video"));
            },
        ),
        (
            &M::GET,
            [
                "knowledge-stores",
                store_id,
                "item-collections",
                collection,
                "items",
            ],
        ) => with_parent(
            state,
            &["knowledge-stores", store_id, "item-collections", collection],
            |state| {
                let members = member_ids(state, store_id, collection);
                let items = state
                    .all(&format!("knowledge-stores/{store_id}/items"))
                    .into_iter()
                    .filter(|item| {
                        members
                            .iter()
                            .any(|id| Some(id.as_str()) == item.get("_id").and_then(Value::as_str))
                    })
                    .collect();
                page_of(request, items)
            },
        ),
        (
            &M::POST,
            [
                "knowledge-stores",
                store_id,
                "item-collections",
                collection,
                "items",
                change @ ("add" | "remove"),
            ],
        ) => change_members(state, store_id, collection, change, body),
        (&M::POST, ["knowledge-stores", store_id, "search"]) => {
            with_parent(state, &["knowledge-stores", store_id], |_| {
                FakeResponse::json(200, &canned::knowledge_store_search())
            })
        }

        // Data connectors.
        (&M::POST, ["connections:authorize"]) => FakeResponse::json(200, &canned::authorize()),
        (&M::POST, ["connections", id, "picker-token"]) => {
            with_parent(state, &["connections", id], |_| {
                FakeResponse::json(200, &canned::picker_token())
            })
        }
        (&M::POST, ["connections", id, "imports"]) => create_with(
            state,
            request,
            &["connections", id, "imports"],
            body,
            |_, object| {
                object.entry("has_failures").or_insert(Value::Bool(false));
                object.entry("items").or_insert_with(|| json!([]));
            },
        ),

        // Actions: canned answers.
        (&M::POST, ["search"]) => FakeResponse::json(200, &canned::search_results(state)),
        (&M::GET, ["search", _token]) => FakeResponse::json(200, &canned::search_results(state)),
        (&M::POST, ["analyze"]) => match body {
            Ok(body) if streams(&body) => {
                FakeResponse::text(200, "application/x-ndjson", canned::analyze_events())
            }
            Ok(_) => FakeResponse::json(200, &canned::analyze()),
            Err(response) => response,
        },
        (&M::POST, ["responses"]) => match body {
            Ok(body) if streams(&body) => {
                FakeResponse::text(200, "text/event-stream", canned::response_events())
            }
            Ok(_) => FakeResponse::json(200, &canned::response_object()),
            Err(response) => response,
        },
        (&M::POST, ["embed"]) => match body {
            Ok(body) => FakeResponse::json(200, &canned::embedding(&body)),
            Err(response) => response,
        },
        (&M::POST, ["embed-v2"]) => match body {
            Ok(_) => FakeResponse::json(200, &canned::embedding_v2()),
            Err(response) => response,
        },

        _ => generic(state, request, segments, body),
    }
}

/// Generic REST: `POST`/`GET` on a collection, `GET`/`PATCH`/`PUT`/`DELETE` on `{collection}/{id}`.
fn generic(
    state: &mut State,
    request: &FakeRequest,
    segments: &[&str],
    body: Body,
) -> FakeResponse {
    let path = segments.join("/");
    if kind_of(segments).is_some() {
        if !state.parents_exist(segments) {
            return not_found(format!("No parent object for `/{path}`."));
        }
        return match request.method {
            Method::GET => page_of(request, state.all(&path)),
            Method::POST => create_with(state, request, segments, body, |_, _| {}),
            _ => method_not_allowed(&request.method, &path),
        };
    }
    let Some((_, collection)) = segments.split_last() else {
        return not_found("No route `/`.");
    };
    if collection.is_empty() || kind_of(collection).is_none() {
        return not_found(format!("No route `/{path}`."));
    }
    match request.method {
        Method::GET => match state.retrieve(&path) {
            Some(object) => FakeResponse::json(200, &Value::Object(object)),
            None => not_found(format!("No object at `/{path}`.")),
        },
        Method::PATCH | Method::PUT => {
            let body = match body {
                Ok(body) => body,
                Err(response) => return response,
            };
            match state.update(&path, body) {
                Some(object) => FakeResponse::json(200, &Value::Object(object)),
                None => not_found(format!("No object at `/{path}`.")),
            }
        }
        Method::DELETE => {
            if state.delete(&path) {
                FakeResponse::empty(204)
            } else {
                not_found(format!("No object at `/{path}`."))
            }
        }
        _ => method_not_allowed(&request.method, &path),
    }
}

/// Stores `body` (after `adjust`) in the collection at `segments`, checking its parents, and answers it.
fn create_with(
    state: &mut State,
    request: &FakeRequest,
    segments: &[&str],
    body: Body,
    adjust: impl FnOnce(&mut State, &mut Map<String, Value>),
) -> FakeResponse {
    let mut body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    if kind_of(segments).is_none() {
        return method_not_allowed(&request.method, &segments.join("/"));
    }
    if !state.parents_exist(segments) {
        return not_found(format!("No parent object for `/{}`.", segments.join("/")));
    }
    adjust(state, &mut body);
    let created = state.create(&segments.join("/"), body);
    FakeResponse::json(201, &Value::Object(created))
}

fn create_asset(state: &mut State, body: Body) -> FakeResponse {
    let mut body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let method = body
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let has_file = body.contains_key("file");
    let url = body.get("url").and_then(Value::as_str).map(str::to_owned);
    match (method.as_str(), has_file, &url) {
        ("direct", true, None) | ("url", false, Some(_)) => {}
        ("direct", ..) => return bad_request("`method=direct` needs a `file` part and no `url`."),
        ("url", ..) => return bad_request("`method=url` needs a `url` and no `file` part."),
        _ => return bad_request("`method` must be `direct` or `url`."),
    }
    // The form's `file` part becomes the asset's file name and type; `user_metadata` is a JSON-encoded string.
    if let Some(Value::Object(file)) = body.remove("file") {
        for (key, value) in file {
            body.entry(key).or_insert(value);
        }
    }
    if url.is_some() && !body.contains_key("filename") {
        let name = url
            .as_deref()
            .and_then(|url| url.rsplit('/').next())
            .unwrap_or("video.mp4");
        body.insert("filename".into(), Value::String(name.to_owned()));
    }
    if let Some(Value::String(text)) = body.get("user_metadata") {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(metadata)) => {
                body.insert("user_metadata".into(), Value::Object(metadata));
            }
            _ => return bad_request("`user_metadata` must be a JSON object."),
        }
    }
    for flag in ["enable_hls", "enable_thumbnail"] {
        if let Some(Value::String(text)) = body.get(flag) {
            let value = Value::Bool(text == "true");
            body.insert(flag.into(), value);
        }
    }
    let created = state.create("assets", body);
    FakeResponse::json(201, &Value::Object(created))
}

fn user_metadata(state: &mut State, method: &Method, id: &str, body: Body) -> FakeResponse {
    let path = format!("assets/{id}");
    let Some(asset) = state.get_mut(&path) else {
        return not_found(format!("No asset `{id}`."));
    };
    let new = match method {
        &Method::DELETE => Map::new(),
        &Method::PUT | &Method::PATCH => {
            let mut given = match body {
                Ok(mut body) => match body.remove("user_metadata") {
                    Some(Value::Object(metadata)) => metadata,
                    _ => return bad_request("The body needs a `user_metadata` object."),
                },
                Err(response) => return response,
            };
            let mut metadata = match (method, asset.get("user_metadata")) {
                (&Method::PATCH, Some(Value::Object(existing))) => existing.clone(),
                _ => Map::new(),
            };
            for (key, value) in std::mem::take(&mut given) {
                if value.is_null() {
                    metadata.remove(&key);
                } else {
                    metadata.insert(key, value);
                }
            }
            metadata
        }
        _ => return method_not_allowed(method, &format!("{path}/user-metadata")),
    };
    asset.insert("user_metadata".into(), Value::Object(new));
    FakeResponse::empty(204)
}

fn create_entity(
    state: &mut State,
    collection: &str,
    mut body: Map<String, Value>,
) -> Result<FakeResponse, FakeResponse> {
    if body
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(bad_request("An entity needs a `name`."));
    }
    if !body.get("asset_ids").is_some_and(Value::is_array) || empty_asset_ids(body.get("asset_ids"))
    {
        return Err(keep_one_asset());
    }
    if !state.exists(&format!("entity-collections/{collection}")) {
        return Err(not_found(format!("No entity collection `{collection}`.")));
    }
    body.insert(
        "entity_collection_id".into(),
        Value::String(collection.to_owned()),
    );
    let created = state.create(&format!("entity-collections/{collection}/entities"), body);
    Ok(FakeResponse::json(201, &Value::Object(created)))
}

fn bulk_create_entities(state: &mut State, collection: &str, body: Body) -> FakeResponse {
    let mut body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(Value::Array(entities)) = body.remove("entities") else {
        return bad_request("The body needs an `entities` array.");
    };
    if !state.exists(&format!("entity-collections/{collection}")) {
        return not_found(format!("No entity collection `{collection}`."));
    }
    let (mut created, mut errors) = (Vec::new(), Vec::new());
    for (position, entity) in entities.into_iter().enumerate() {
        let Value::Object(entity) = entity else {
            errors.push(json!({ "index": position, "message": "not an object" }));
            continue;
        };
        let name = entity.get("name").cloned();
        match create_entity(state, collection, entity) {
            Ok(response) => created.push(serde_json::from_slice::<Value>(&response.body).unwrap_or(Value::Null)),
            Err(response) => errors.push(json!({
                "index": position,
                "name": name,
                "message": serde_json::from_slice::<Value>(&response.body).ok().and_then(|b| b.get("message").cloned()),
            })),
        }
    }
    FakeResponse::json(
        200,
        &json!({
            "success_count": created.len(),
            "failed_count": errors.len(),
            "entities": created,
            "errors": errors,
        }),
    )
}

/// Adds (`POST`) or removes (`DELETE`) asset ids of an entity; it keeps at least one.
fn entity_assets(
    state: &mut State,
    method: &Method,
    collection: &str,
    entity: &str,
    body: Body,
) -> FakeResponse {
    let body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(Value::Array(given)) = body.get("asset_ids") else {
        return bad_request("The body needs an `asset_ids` array.");
    };
    let given: Vec<Value> = given.clone();
    let path = format!("entity-collections/{collection}/entities/{entity}");
    let Some(object) = state.get_mut(&path) else {
        return not_found(format!(
            "No entity `{entity}` in collection `{collection}`."
        ));
    };
    let mut ids = match object.get("asset_ids") {
        Some(Value::Array(ids)) => ids.clone(),
        _ => Vec::new(),
    };
    if *method == Method::POST {
        for id in given {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    } else {
        ids.retain(|id| !given.contains(id));
        if ids.is_empty() {
            return keep_one_asset();
        }
    }
    object.insert("asset_ids".into(), Value::Array(ids));
    object.insert("updated_at".into(), Value::String(now_rfc3339()));
    FakeResponse::json(200, &Value::Object(object.clone()))
}

fn index_asset(state: &mut State, index: &str, body: Body) -> FakeResponse {
    let mut body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    if !state.exists(&format!("indexes/{index}")) {
        return not_found(format!("No index `{index}`."));
    }
    let Some(asset_id) = body
        .get("asset_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return bad_request("The body needs an `asset_id`.");
    };
    let Some(asset) = state.get(&format!("assets/{asset_id}")) else {
        return not_found(format!("No asset `{asset_id}`."));
    };
    let filename = asset
        .get("filename")
        .cloned()
        .unwrap_or_else(|| json!("video.mp4"));
    body.insert("index_id".into(), Value::String(index.to_owned()));
    body.insert("system_metadata".into(), canned::system_metadata(filename));
    let created = state.create(&format!("indexes/{index}/indexed-assets"), body);
    FakeResponse::json(
        202,
        &json!({ "_id": created.get("_id"), "asset_id": asset_id }),
    )
}

fn cancel(state: &mut State, segments: &[&str]) -> FakeResponse {
    let path = segments.join("/");
    let id = segments.last().copied().unwrap_or_default();
    if !state.set_status(id, "canceled") {
        return not_found(format!("No object at `/{path}`."));
    }
    match state.get(&path) {
        Some(object) => FakeResponse::json(200, &Value::Object(object.clone())),
        None => not_found(format!("No object at `/{path}`.")),
    }
}

fn member_ids(state: &State, store_id: &str, collection: &str) -> Vec<String> {
    state
        .get(&format!(
            "knowledge-stores/{store_id}/item-collections/{collection}"
        ))
        .and_then(|collection| collection.get("item_ids"))
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn change_members(
    state: &mut State,
    store_id: &str,
    collection: &str,
    change: &str,
    body: Body,
) -> FakeResponse {
    let body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(Value::Array(given)) = body.get("item_ids") else {
        return bad_request("The body needs an `item_ids` array.");
    };
    let given: Vec<String> = given
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut members = member_ids(state, store_id, collection);
    let path = format!("knowledge-stores/{store_id}/item-collections/{collection}");
    let Some(object) = state.get_mut(&path) else {
        return not_found(format!("No item collection `{collection}`."));
    };
    if change == "add" {
        for id in given {
            if !members.contains(&id) {
                members.push(id);
            }
        }
    } else {
        members.retain(|id| !given.contains(id));
    }
    object.insert("member_count".into(), json!(members.len()));
    object.insert("item_ids".into(), json!(members));
    if change == "add" {
        FakeResponse::json(200, &Value::Object(object.clone()))
    } else {
        FakeResponse::empty(204)
    }
}

fn create_upload(state: &mut State, body: Body) -> FakeResponse {
    let mut body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(total_size) = body
        .get("total_size")
        .and_then(Value::as_u64)
        .filter(|size| *size > 0)
    else {
        return bad_request("`total_size` must be a positive integer.");
    };
    let total_chunks = total_size.div_ceil(UPLOAD_CHUNK_SIZE);
    body.insert("chunk_size".into(), json!(UPLOAD_CHUNK_SIZE));
    body.insert("total_chunks".into(), json!(total_chunks));
    body.insert("completed".into(), json!([]));
    let created = state.create("assets/multipart-uploads", body);
    // Sessions finish when every part is reported, not after reads.
    let upload_id = created
        .get("_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    state.set_status(&upload_id, "active");
    let urls = part_urls(state, &upload_id, 1, total_chunks);
    FakeResponse::json(
        201,
        &json!({
            "upload_id": upload_id,
            "upload_urls": urls,
            "chunk_size": UPLOAD_CHUNK_SIZE,
            "total_chunks": total_chunks,
            "expires_at": canned::in_a_day(),
        }),
    )
}

fn part_urls(state: &State, upload_id: &str, first: u64, count: u64) -> Vec<Value> {
    (first..first.saturating_add(count))
        .map(|index| {
            json!({
                "chunk_index": index,
                "url": format!("{}/_storage/{upload_id}/{index}", state.origin),
                "expires_at": canned::in_a_day(),
            })
        })
        .collect()
}

fn store_part(state: &mut State, upload_id: &str, part: &str, body: &Bytes) -> FakeResponse {
    if !state.exists(&format!("assets/multipart-uploads/{upload_id}")) {
        return not_found(format!("No upload `{upload_id}`."));
    }
    let mut response = FakeResponse::empty(200);
    response
        .headers
        .push(("etag", format!("\"{upload_id}-{part}-{}\"", body.len())));
    response
}

fn upload_status(state: &mut State, id: &str) -> FakeResponse {
    let Some(upload) = state.get(&format!("assets/multipart-uploads/{id}")) else {
        return not_found(format!("No upload `{id}`."));
    };
    let completed: Vec<u64> = upload
        .get("completed")
        .and_then(Value::as_array)
        .map(|parts| parts.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let total = upload
        .get("total_chunks")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let chunk_size = upload
        .get("chunk_size")
        .and_then(Value::as_u64)
        .unwrap_or(UPLOAD_CHUNK_SIZE);
    let total_size = upload
        .get("total_size")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let uploaded = completed.iter().fold(0u64, |sum, index| {
        let size = if *index == total {
            total_size - chunk_size * (total - 1)
        } else {
            chunk_size
        };
        sum.saturating_add(size)
    });
    let chunks: Vec<Value> = completed
        .iter()
        .map(|index| json!({ "index": index, "status": "completed", "updated_at": now_rfc3339() }))
        .collect();
    FakeResponse::json(
        200,
        &json!({
            "upload_id": id,
            "status": upload.get("status"),
            "uploaded_chunks": chunks,
            "chunks_completed": completed.len(),
            "chunks_failed": 0,
            "chunks_pending": total.saturating_sub(completed.len() as u64),
            "page_info": { "page": 1, "limit_per_page": chunks.len().max(1), "total_page": 1, "total_results": chunks.len() },
            "total_size": total_size,
            "uploaded_size": uploaded,
            "created_at": upload.get("created_at"),
            "updated_at": now_rfc3339(),
        }),
    )
}

fn report_parts(state: &mut State, id: &str, body: Body) -> FakeResponse {
    let body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(Value::Array(reported)) = body.get("completed_chunks") else {
        return bad_request("The body needs a `completed_chunks` array.");
    };
    let path = format!("assets/multipart-uploads/{id}");
    let Some(upload) = state.get(&path) else {
        return not_found(format!("No upload `{id}`."));
    };
    let total = upload
        .get("total_chunks")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let mut completed: Vec<u64> = upload
        .get("completed")
        .and_then(Value::as_array)
        .map(|parts| parts.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let (mut processed, mut duplicates) = (0, 0);
    for chunk in reported {
        match chunk.get("chunk_index").and_then(Value::as_u64) {
            Some(index) if (1..=total).contains(&index) => {
                if completed.contains(&index) {
                    duplicates += 1;
                } else {
                    completed.push(index);
                    processed += 1;
                }
            }
            _ => {
                return bad_request("Each completed chunk needs a `chunk_index` within the upload.");
            }
        }
    }
    completed.sort_unstable();
    let done = completed.len() as u64 == total;
    let mut asset_id = upload
        .get("asset_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if done && asset_id.is_none() {
        let mut asset = Map::new();
        asset.insert("method".into(), json!("direct"));
        asset.insert(
            "filename".into(),
            upload.get("filename").cloned().unwrap_or(Value::Null),
        );
        let created = state.create("assets", asset);
        asset_id = created
            .get("_id")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let total_completed = completed.len();
    if let Some(upload) = state.get_mut(&path) {
        upload.insert("completed".into(), json!(completed));
        if let Some(asset_id) = &asset_id {
            upload.insert("asset_id".into(), json!(asset_id));
        }
        if done {
            upload.insert("status".into(), json!("completed"));
        }
    }
    FakeResponse::json(
        200,
        &json!({
            "asset_id": asset_id,
            "processed_chunks": processed,
            "duplicate_chunks": duplicates,
            "total_completed": total_completed,
        }),
    )
}

fn more_urls(state: &mut State, id: &str, body: Body) -> FakeResponse {
    let body = match body {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(upload) = state.get(&format!("assets/multipart-uploads/{id}")) else {
        return not_found(format!("No upload `{id}`."));
    };
    let total = upload
        .get("total_chunks")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let start = body
        .get("start")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    let count = body
        .get("count")
        .and_then(Value::as_u64)
        .unwrap_or(total)
        .min(total.saturating_sub(start - 1));
    FakeResponse::json(
        200,
        &json!({
            "upload_id": id,
            "start_index": start,
            "count": count,
            "upload_urls": part_urls(state, id, start, count),
            "generated_at": now_rfc3339(),
            "expires_at": canned::in_a_day(),
        }),
    )
}

fn summary_of(state: &State, indexed: &Map<String, Value>) -> Map<String, Value> {
    let index_id = indexed
        .get("index_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = state
        .get(&format!("indexes/{index_id}"))
        .and_then(|index| index.get("index_name").cloned())
        .unwrap_or(Value::Null);
    let mut summary = Map::new();
    summary.insert(
        "_id".into(),
        indexed.get("_id").cloned().unwrap_or(Value::Null),
    );
    summary.insert("index".into(), json!({ "_id": index_id, "name": name }));
    summary
}

/// Answers `found(state)` when the object at `parent` exists, `404` otherwise.
fn with_parent(
    state: &mut State,
    parent: &[&str],
    found: impl FnOnce(&mut State) -> FakeResponse,
) -> FakeResponse {
    let path = parent.join("/");
    if state.exists(&path) {
        found(state)
    } else {
        not_found(format!("No object at `/{path}`."))
    }
}

/// Whether a request body asks for a streamed answer (`"stream": true`).
fn streams(body: &Map<String, Value>) -> bool {
    matches!(body.get("stream"), Some(Value::Bool(true)))
        || body.get("stream").and_then(Value::as_str) == Some("true")
}

fn has_string(list: Option<&Value>, wanted: &str) -> bool {
    list.and_then(Value::as_array)
        .is_some_and(|items| items.iter().any(|item| item.as_str() == Some(wanted)))
}

fn empty_asset_ids(ids: Option<&Value>) -> bool {
    matches!(ids, Some(Value::Array(ids)) if ids.is_empty())
}

/// A JSON body as an object; an empty body is an empty object.
fn json_object(body: &Bytes) -> Body {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(bad_request("The body must be a JSON object.")),
        Err(error) => Err(bad_request(format!("The body is not valid JSON: {error}."))),
    }
}

/// A `multipart/form-data` body as an object: text parts as strings (repeated names as arrays), file parts as
/// `{"filename", "file_type", "size"}`.
async fn read_form(content_type: &str, body: Bytes) -> Body {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| bad_request("The multipart body has no boundary."))?;
    let stream = futures::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = Map::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(form),
            Err(error) => {
                return Err(bad_request(format!(
                    "The multipart body does not parse: {error}."
                )));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let file_type = field.content_type().map(ToString::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|error| bad_request(format!("The multipart body does not parse: {error}.")))?;
        let value = match file_name {
            Some(file_name) => json!({
                "filename": file_name,
                "file_type": file_type.unwrap_or_else(|| "application/octet-stream".into()),
                "size": bytes.len(),
            }),
            None => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        };
        match form.get_mut(&name) {
            Some(Value::Array(values)) => values.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                form.insert(name, value);
            }
        }
    }
}

fn not_found(message: impl Into<String>) -> FakeResponse {
    FakeResponse::error(404, "resource_not_exists", message)
}

fn bad_request(message: impl Into<String>) -> FakeResponse {
    FakeResponse::error(400, "parameter_invalid", message)
}

fn keep_one_asset() -> FakeResponse {
    bad_request("An entity must keep at least one asset id.")
}

fn method_not_allowed(method: &Method, path: &str) -> FakeResponse {
    FakeResponse::error(
        405,
        "method_not_allowed",
        format!("`{method}` is not allowed on `/{path}`."),
    )
}
