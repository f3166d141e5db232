//! Multipart upload sessions (`/assets/multipart-uploads`) and the object storage their part URLs point at
//! (`/_storage/{upload_id}/{part}` on the fake itself), so `upload_file` and `resume` run end to end.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::canned;
use super::routes::{Body, bad_request, not_found};
use super::server::FakeResponse;
use super::store::{State, now_rfc3339};

/// The part size of the fake's multipart upload sessions.
const UPLOAD_CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// The most parts a session has (so at most 50 GiB): bounds what a request can make the fake allocate.
const MAX_PARTS: u64 = 10_000;

pub(crate) fn create_upload(state: &mut State, body: Body) -> FakeResponse {
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
    if total_chunks > MAX_PARTS {
        return bad_request(format!(
            "`total_size` is too large: the fake's uploads have at most {MAX_PARTS} parts of {UPLOAD_CHUNK_SIZE} bytes."
        ));
    }
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

pub(crate) fn store_part(
    state: &mut State,
    upload_id: &str,
    part: &str,
    body: &Bytes,
) -> FakeResponse {
    if !state.exists(&format!("assets/multipart-uploads/{upload_id}")) {
        return not_found(format!("No upload `{upload_id}`."));
    }
    let mut response = FakeResponse::empty(200);
    response
        .headers
        .push(("etag", format!("\"{upload_id}-{part}-{}\"", body.len())));
    response
}

pub(crate) fn upload_status(state: &mut State, id: &str) -> FakeResponse {
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
            total_size.saturating_sub(chunk_size.saturating_mul(total - 1))
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

pub(crate) fn report_parts(state: &mut State, id: &str, body: Body) -> FakeResponse {
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
                return bad_request(
                    "Each completed chunk needs a `chunk_index` within the upload.",
                );
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
    // `asset_id` only once the upload is complete: the spec's `asset_id` is a string, never `null`.
    let mut answer = json!({
        "processed_chunks": processed,
        "duplicate_chunks": duplicates,
        "total_completed": total_completed,
    });
    if let Some(asset_id) = asset_id {
        answer["asset_id"] = json!(asset_id);
    }
    FakeResponse::json(200, &answer)
}

pub(crate) fn more_urls(state: &mut State, id: &str, body: Body) -> FakeResponse {
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
        .min(total.saturating_sub(start - 1))
        .min(MAX_PARTS);
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
