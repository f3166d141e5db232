//! The HTTP side of the fake: hyper serves each connection, requests are read into a [`FakeRequest`], faults are
//! applied, and [`routes::handle`] answers.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::{Fault, Shared, routes};

/// Bodies larger than this are refused with `413` (the fake keeps bodies in memory).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The path prefix of the API (`https://api.twelvelabs.io/v1.3`).
pub(crate) const API_PREFIX: &str = "/v1.3";

/// One request the fake server received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method (`GET`, `POST`, ...).
    pub method: String,
    /// The path, without the `/v1.3` prefix (`/entity-collections/abc`).
    pub path: String,
    /// The query string, undecoded (empty when there is none).
    pub query: String,
}

/// A request, read whole.
pub(crate) struct FakeRequest {
    pub method: hyper::Method,
    /// The path without the API prefix, split on `/`, percent-decoded, without empty segments.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

impl FakeRequest {
    /// The last value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// An answer: status, extra headers and body.
pub(crate) struct FakeResponse {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    /// `None` for an answer without a body (its `Content-Type` is left out).
    pub content_type: Option<&'static str>,
    pub body: Bytes,
    /// The `code` of the API's error body, for an error answer.
    pub error_code: Option<String>,
}

impl FakeResponse {
    /// A JSON answer.
    pub fn json(status: u16, value: &Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            content_type: Some("application/json"),
            body: Bytes::from(value.to_string()),
            error_code: None,
        }
    }

    /// An answer with no body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            content_type: None,
            body: Bytes::new(),
            error_code: None,
        }
    }

    /// The API's error body `{"code", "message"}`.
    pub fn error(status: u16, code: &str, message: impl Into<String>) -> Self {
        let mut response = Self::json(status, &json!({ "code": code, "message": message.into() }));
        response.error_code = Some(code.to_owned());
        response
    }

    /// A streamed body, sent whole (JSON lines or server-sent events), with its `Content-Type` even when empty.
    pub fn text(status: u16, content_type: &'static str, body: String) -> Self {
        Self {
            status,
            headers: Vec::new(),
            content_type: Some(content_type),
            body: Bytes::from(body),
            error_code: None,
        }
    }
}

/// Accepts connections until the task is aborted, each served in its own task.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait a little rather than spin.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { answer(&shared, request).await }
            });
            // A connection the client drops or garbles ends here; it concerns no other connection.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Reads, records and answers one request.
async fn answer(
    shared: &Shared,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Disconnect> {
    let (parts, body) = request.into_parts();
    let raw_path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or_default().to_owned();
    let path = raw_path
        .strip_prefix(API_PREFIX)
        .unwrap_or(&raw_path)
        .to_owned();
    let fault = {
        let mut state = shared.lock();
        state.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: raw_query.clone(),
        });
        state.faults.pop_front()
    };
    let response = match fault {
        Some(Fault::RateLimited { retry_after }) => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut response = FakeResponse::error(
                429,
                "too_many_requests",
                "Rate limit exceeded (injected fault).",
            );
            response.headers.push(("retry-after", seconds.to_string()));
            Some(response)
        }
        Some(Fault::ServerError) => Some(FakeResponse::error(
            500,
            "internal_server_error",
            "Internal server error (injected fault).",
        )),
        Some(Fault::Status { status, code }) => Some(FakeResponse::error(
            if (400..=599).contains(&status) {
                status
            } else {
                500
            },
            &code,
            format!("Injected fault with status {status}."),
        )),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(Fault::Disconnect) => {
            // The whole request arrives first, so the client knows it was sent; hyper then closes the
            // connection without a response because the service failed.
            let _ = body.collect().await;
            return Err(Disconnect);
        }
        None => None,
    };
    let response = match response {
        Some(response) => response,
        None => read_and_route(shared, parts, body, &raw_path, &raw_query).await,
    };
    Ok(into_hyper(response))
}

/// The service's error for [`Fault::Disconnect`]: hyper closes the connection without answering.
#[derive(Debug)]
struct Disconnect;

impl std::fmt::Display for Disconnect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed by an injected fault")
    }
}

impl std::error::Error for Disconnect {}

async fn read_and_route(
    shared: &Shared,
    parts: hyper::http::request::Parts,
    body: Incoming,
    raw_path: &str,
    raw_query: &str,
) -> FakeResponse {
    let api_key = parts
        .headers
        .get("x-api-key")
        .map(|value| !value.as_bytes().is_empty());
    if raw_path.starts_with("/_storage/") {
        // Presigned part URLs point here: storage takes no API key.
    } else if !raw_path.starts_with(API_PREFIX) {
        return FakeResponse::error(
            404,
            "not_found",
            format!("No API at {raw_path}: the API is under {API_PREFIX}."),
        );
    } else if api_key != Some(true) {
        return FakeResponse::error(
            401,
            "api_key_invalid",
            "The `x-api-key` header is missing or empty.",
        );
    }
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return FakeResponse::error(
                413,
                "request_too_large",
                "The body is too large for the fake server.",
            );
        }
    };
    let Ok(query) = serde_urlencoded::from_str::<Vec<(String, String)>>(raw_query) else {
        return FakeResponse::error(
            400,
            "parameter_invalid",
            "The query string does not decode.",
        );
    };
    let path = raw_path.strip_prefix(API_PREFIX).unwrap_or(raw_path);
    let mut segments = Vec::new();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match percent_encoding::percent_decode_str(segment).decode_utf8() {
            Ok(decoded) => segments.push(decoded.into_owned()),
            Err(_) => {
                return FakeResponse::error(400, "parameter_invalid", "The path is not UTF-8.");
            }
        }
    }
    let request = FakeRequest {
        method: parts.method,
        segments,
        query,
        content_type: parts
            .headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        body,
    };
    routes::handle(shared, request).await
}

fn into_hyper(response: FakeResponse) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(response.status);
    if let Some(content_type) = response.content_type {
        builder = builder.header(hyper::header::CONTENT_TYPE, content_type);
    }
    for (name, value) in &response.headers {
        builder = builder.header(*name, value.as_str());
    }
    let fallback = || {
        let mut plain = hyper::Response::new(Full::new(Bytes::new()));
        *plain.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        plain
    };
    builder
        .body(Full::new(response.body))
        .unwrap_or_else(|_| fallback())
}
