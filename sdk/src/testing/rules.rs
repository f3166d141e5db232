//! TwelveLabs' rules, written by hand where generic REST would be wrong: assets come from a multipart form,
//! entities keep at least one asset, indexing needs an existing asset, cancels set a status, item collections
//! hold item ids.

use hyper::Method;
use serde_json::{Map, Value, json};

use super::canned;
use super::routes::{Body, bad_request, method_not_allowed, not_found};
use super::server::FakeResponse;
use super::store::{State, now_rfc3339};

pub(crate) fn create_asset(state: &mut State, body: Body) -> FakeResponse {
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

pub(crate) fn user_metadata(
    state: &mut State,
    method: &Method,
    id: &str,
    body: Body,
) -> FakeResponse {
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

pub(crate) fn create_entity(
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

pub(crate) fn bulk_create_entities(
    state: &mut State,
    collection: &str,
    body: Body,
) -> FakeResponse {
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
        201,
        &json!({
            "success_count": created.len(),
            "failed_count": errors.len(),
            "entities": created,
            "errors": errors,
        }),
    )
}

/// Adds (`POST`) or removes (`DELETE`) asset ids of an entity; it keeps at least one.
pub(crate) fn entity_assets(
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

pub(crate) fn index_asset(state: &mut State, index: &str, body: Body) -> FakeResponse {
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

pub(crate) fn cancel(state: &mut State, segments: &[&str]) -> FakeResponse {
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

pub(crate) fn member_ids(state: &State, store_id: &str, collection: &str) -> Vec<String> {
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

pub(crate) fn change_members(
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

pub(crate) fn summary_of(state: &State, indexed: &Map<String, Value>) -> Map<String, Value> {
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

pub(crate) fn keep_one_asset() -> FakeResponse {
    bad_request("An entity must keep at least one asset id.")
}

pub(crate) fn empty_asset_ids(ids: Option<&Value>) -> bool {
    matches!(ids, Some(Value::Array(ids)) if ids.is_empty())
}
