//! Canned answers of the action endpoints (search, analyze, embed, responses, ...): plausible values in the
//! shapes the API documents, the same whatever the request.

use serde_json::{Map, Value, json};

use super::store::{State, now_rfc3339};

/// A time a day from now, as the API writes it (session and URL expiries).
pub(crate) fn in_a_day() -> String {
    (chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        + chrono::Duration::days(1))
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The `system_metadata` of an indexed video.
pub(crate) fn system_metadata(filename: Value) -> Value {
    json!({
        "filename": filename,
        "duration": 120.0,
        "fps": 25.0,
        "width": 1280,
        "height": 720,
        "size": 10_485_760,
    })
}

pub(crate) fn transcription() -> Value {
    json!({
        "status": "ready",
        "words": [],
        "sentences": [],
        "utterances": [],
    })
}

/// Fields a new analysis batch has besides its request: counts, expiry and one item per request.
pub(crate) fn batch_defaults(state: &mut State, batch: &mut Map<String, Value>) {
    let requests = batch
        .get("requests")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let items: Vec<Value> = requests
        .iter()
        .map(|request| {
            json!({
                "task_id": state.new_id(),
                "custom_id": request.get("custom_id").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    let total = items.len();
    batch.insert("items".into(), Value::Array(items));
    batch.insert("total_items".into(), json!(total));
    batch.insert("expires_at".into(), json!(in_a_day()));
    for counter in [
        "queued_items",
        "processing_items",
        "ready_items",
        "failed_items",
        "canceled_items",
    ] {
        batch.insert(counter.into(), json!(0));
    }
    batch.insert("queued_items".into(), json!(total));
    batch
        .entry("analysis_mode")
        .or_insert_with(|| json!("time_based_metadata"));
    batch
        .entry("model_name")
        .or_insert_with(|| json!("pegasus1.5"));
}

/// The results of a batch, one JSON line per item.
pub(crate) fn batch_results(batch: &Map<String, Value>) -> String {
    let items = batch
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut lines = String::new();
    for item in items {
        let line = json!({
            "task_id": item.get("task_id").cloned().unwrap_or_else(|| json!("")),
            "custom_id": item.get("custom_id").cloned().unwrap_or(Value::Null),
            "status": "ready",
            "data": {
                "generation_id": "fake-generation",
                "data": "A fake analysis of the video.",
                "finish_reason": "stop",
                "usage": { "output_tokens": 8 },
            },
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    lines
}

pub(crate) fn search_results(state: &State) -> Value {
    let videos: Vec<Value> = state
        .all_matching("indexes/*/indexed-assets")
        .into_iter()
        .take(3)
        .enumerate()
        .map(|(rank, video)| {
            json!({
                "video_id": video.get("_id"),
                "start": 10.0,
                "end": 20.0,
                "rank": rank + 1,
                "thumbnail_url": "https://example.com/thumbnail.jpg",
            })
        })
        .collect();
    let total = videos.len();
    json!({
        "data": videos,
        "page_info": {
            "limit_per_page": 10,
            "total_results": total,
            "page_expires_at": in_a_day(),
        },
        "search_pool": { "total_count": total, "total_duration": 120.0 * total as f64 },
    })
}

pub(crate) fn knowledge_store_search() -> Value {
    json!({ "data": [], "effective_search_options": {} })
}

pub(crate) fn analyze() -> Value {
    json!({
        "id": "fake-generation",
        "data": "A fake analysis of the video.",
        "finish_reason": "stop",
        "usage": { "output_tokens": 8 },
    })
}

/// NDJSON events of `POST /analyze` with `stream: true`.
pub(crate) fn analyze_events() -> String {
    [
        json!({ "event_type": "stream_start", "metadata": { "generation_id": "fake-generation" } }),
        json!({ "event_type": "text_generation", "text": "A fake analysis " }),
        json!({ "event_type": "text_generation", "text": "of the video." }),
        json!({ "event_type": "stream_end", "finish_reason": "stop", "metadata": { "generation_id": "fake-generation" } }),
    ]
    .iter()
    .map(|event| format!("{event}\n"))
    .collect()
}

pub(crate) fn response_object() -> Value {
    json!({
        "id": "resp_fake",
        "object": "response",
        "status": "completed",
        "output": [{
            "type": "message",
            "id": "msg_fake",
            "status": "completed",
            "role": "assistant",
            "content": [{ "type": "output_text", "text": "A fake answer.", "annotations": [] }],
        }],
        "usage": { "input_tokens": 12, "output_tokens": 4 },
        "created_at": now_rfc3339(),
    })
}

/// Server-sent events of `POST /responses` with `stream: true`, ending with `data: [DONE]`.
pub(crate) fn response_events() -> String {
    let mut response = response_object();
    let completed = response.clone();
    response["status"] = json!("in_progress");
    let events = [
        json!({ "type": "response.created", "sequence_number": 0, "response": response }),
        json!({ "type": "response.output_text.delta", "sequence_number": 1, "output_index": 0, "content_index": 0, "delta": "A fake answer." }),
        json!({ "type": "response.completed", "sequence_number": 2, "response": completed }),
    ];
    let mut body: String = events
        .iter()
        .map(|event| {
            format!(
                "event: {}\ndata: {event}\n\n",
                event["type"].as_str().unwrap_or_default()
            )
        })
        .collect();
    body.push_str("data: [DONE]\n\n");
    body
}

fn vector() -> Value {
    json!([0.0125, -0.0431, 0.0877, 0.0012])
}

pub(crate) fn embedding(request: &Map<String, Value>) -> Value {
    let model = request
        .get("model_name")
        .cloned()
        .unwrap_or_else(|| json!("marengo3.0"));
    json!({
        "model_name": model,
        "text_embedding": { "segments": [{ "float": vector() }] },
    })
}

pub(crate) fn embedding_v2() -> Value {
    json!({
        "data": [{ "embedding": vector(), "embedding_option": "visual", "embedding_scope": "asset" }],
        "usage": { "input_tokens": { "text": 4 }, "truncated": false },
    })
}

pub(crate) fn authorize() -> Value {
    json!({
        "authorize_url": "https://example.com/oauth/authorize?state=fake",
        "state": "fake",
    })
}

pub(crate) fn picker_token() -> Value {
    json!({
        "access_token": "fake-access-token",
        "expires_in": 3600,
        "scope": "drive.readonly",
        "app_id": "fake-app",
        "developer_key": "fake-developer-key",
    })
}
