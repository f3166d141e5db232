//! Which answer each request gets: TwelveLabs' rules written by hand where they matter, then generic REST over
//! the collections the store knows (`store::KINDS`).

use bytes::Bytes;
use hyper::Method;
use serde_json::{Map, Value, json};

use super::Shared;
use super::canned;
use super::rules::{
    bulk_create_entities, cancel, change_members, create_asset, create_entity, empty_asset_ids,
    entity_assets, index_asset, keep_one_asset, member_ids, summary_of, user_metadata,
};
use super::server::{FakeRequest, FakeResponse};
use super::statuses;
use super::store::{State, kind_of, page_of};
use super::uploads::{create_upload, more_urls, report_parts, store_part, upload_status};

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
    let response = route(&mut state, &request, &segments, body);
    statuses::as_documented(&request.method, &segments, response)
}

pub(crate) type Body = Result<Map<String, Value>, FakeResponse>;

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
        (&M::PUT, ["indexes", id]) => update_without_body(state, &["indexes", id], body),
        (&M::PATCH, ["indexes", index, "indexed-assets", id]) => {
            update_without_body(state, &["indexes", index, "indexed-assets", id], body)
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
            canned::batch_defaults,
        ),
        (&M::POST, ["analyze", "batches", id, "cancel"]) => {
            cancel(state, &["analyze", "batches", id])
        }
        (&M::GET, ["analyze", "batches", id, "results"]) => {
            match state.get(&format!("analyze/batches/{id}")) {
                Some(batch) => {
                    FakeResponse::text(200, "application/jsonl", canned::batch_results(batch))
                }
                None => not_found(format!("No batch `{id}`.")),
            }
        }

        // Embeddings.
        (&M::POST, ["embed-v2", "tasks"]) => accepted(create_with(
            state,
            request,
            &["embed-v2", "tasks"],
            body,
            |_, _| {},
        )),
        (&M::GET, ["embed", "tasks", id, "status"]) => {
            match state.retrieve(&format!("embed/tasks/{id}")) {
                Some(task) => FakeResponse::json(200, &Value::Object(task)),
                None => not_found(format!("No embedding task `{id}`.")),
            }
        }

        // Knowledge stores.
        (&M::POST, ["knowledge-stores", store_id, "items"]) => accepted(create_with(
            state,
            request,
            &["knowledge-stores", store_id, "items"],
            body,
            |_, object| {
                object.entry("asset_type").or_insert_with(|| json!("video"));
            },
        )),
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
        (&M::POST, ["connections", id, "imports"]) => accepted(create_with(
            state,
            request,
            &["connections", id, "imports"],
            body,
            |_, object| {
                object.entry("has_failures").or_insert(Value::Bool(false));
                object.entry("items").or_insert_with(|| json!([]));
            },
        )),

        // Actions: canned answers.
        (&M::POST, ["search"]) => FakeResponse::json(200, &canned::search_results(state)),
        (&M::GET, ["search", _token]) => FakeResponse::json(200, &canned::search_results(state)),
        (&M::POST, ["analyze"]) => match body.and_then(|body| streams(&body, &[])) {
            Ok(true) => FakeResponse::text(200, "application/x-ndjson", canned::analyze_events()),
            Ok(false) => FakeResponse::json(200, &canned::analyze()),
            Err(response) => response,
        },
        (&M::POST, ["responses"]) => {
            match body.and_then(|body| streams(&body, &["knowledge_store_id", "input"])) {
                Ok(true) => FakeResponse::text(200, "text/event-stream", canned::response_events()),
                Ok(false) => FakeResponse::json(200, &canned::response_object()),
                Err(response) => response,
            }
        }
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
        return no_route("/");
    };
    if collection.is_empty() || kind_of(collection).is_none() {
        return no_route(&format!("/{path}"));
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

/// A creation the API answers `202 Accepted` (the work goes on in the background), not `201`.
fn accepted(mut response: FakeResponse) -> FakeResponse {
    if response.status == 201 {
        response.status = 202;
    }
    response
}

/// `PUT`/`PATCH` of an object that the API answers `204` without a body.
fn update_without_body(state: &mut State, segments: &[&str], body: Body) -> FakeResponse {
    let path = segments.join("/");
    match body.map(|body| state.update(&path, body)) {
        Ok(Some(_)) => FakeResponse::empty(204),
        Ok(None) => not_found(format!("No object at `/{path}`.")),
        Err(response) => response,
    }
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

/// Whether a request body asks for a streamed answer: its `stream` (required, as the other fields `required`
/// names: the answer's kind depends on it) is `true` or `false`. `Err` answers `400` without it.
fn streams(body: &Map<String, Value>, required: &[&str]) -> Result<bool, FakeResponse> {
    if let Some(missing) = ["stream"]
        .iter()
        .chain(required)
        .find(|field| body.get(**field).is_none_or(Value::is_null))
    {
        return Err(FakeResponse::error(
            400,
            "parameter_not_provided",
            format!("The `{missing}` parameter is required but was not provided."),
        ));
    }
    match body.get("stream") {
        Some(Value::Bool(stream)) => Ok(*stream),
        Some(Value::String(text)) if text == "true" || text == "false" => Ok(text == "true"),
        _ => Err(bad_request("`stream` must be `true` or `false`.")),
    }
}

pub(crate) fn has_string(list: Option<&Value>, wanted: &str) -> bool {
    list.and_then(Value::as_array)
        .is_some_and(|items| items.iter().any(|item| item.as_str() == Some(wanted)))
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

/// A missing object: `404`, or `400` where the operation documents no `404` (`statuses::as_documented`).
pub(crate) fn not_found(message: impl Into<String>) -> FakeResponse {
    FakeResponse::error(404, statuses::NOT_FOUND_CODE, message)
}

/// A path that is no operation of the API.
fn no_route(path: &str) -> FakeResponse {
    FakeResponse::error(404, "not_found", format!("No route `{path}`."))
}

pub(crate) fn bad_request(message: impl Into<String>) -> FakeResponse {
    FakeResponse::error(400, "parameter_invalid", message)
}

pub(crate) fn method_not_allowed(method: &Method, path: &str) -> FakeResponse {
    FakeResponse::error(
        405,
        "method_not_allowed",
        format!("`{method}` is not allowed on `/{path}`."),
    )
}
