//! A fake of the multipart upload flow on two origins, for `tests/tests/large_upload.rs`: an API server
//! (create, presigned URLs, status, report, list of incomplete uploads) and an object storage server that takes
//! `PUT`s of parts, checks every byte as it streams in, and answers with an ETag. Neither keeps a body, so a
//! 1 GiB upload can go through them in the same process as a memory measurement.
//!
//! The file is sparse: zeros, with a few markers per part ([`markers`]) written by [`write_sparse_file`], so
//! storage can check each part's bytes exactly (a shifted or mixed-up part shows) without reading a real
//! gigabyte from disk.

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// How storage answers one `PUT` (after reading its body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `200` with an ETag.
    None,
    /// This status, no ETag.
    Status(u16),
    /// `200` without an ETag.
    NoEtag,
    /// `307` to this location.
    Redirect(String),
}

/// Decides how storage answers: `(part, attempt)` (attempts of a part counted from 1) → fault.
pub type Faults = Arc<dyn Fn(u64, u32) -> Fault + Send + Sync>;
/// Rewrites the presigned URL the API hands out for a part.
pub type UrlRewrite = Arc<dyn Fn(u64, String) -> String + Send + Sync>;

/// What the fake is set up to do.
#[derive(Clone)]
pub struct Setup {
    /// The part size the API chooses.
    pub chunk_size: u64,
    /// How many presigned URLs `create` hands out (the rest must be asked for).
    pub initial_urls: u64,
    /// `upload_headers` of the session.
    pub upload_headers: Option<Value>,
    /// How storage answers.
    pub faults: Faults,
    /// Presigned URLs as handed out.
    pub rewrite_url: Option<UrlRewrite>,
}

impl Setup {
    /// Parts of `chunk_size` bytes, 8 URLs at first, no faults.
    pub fn new(chunk_size: u64) -> Self {
        Self {
            chunk_size,
            initial_urls: 8,
            upload_headers: None,
            faults: Arc::new(|_, _| Fault::None),
            rewrite_url: None,
        }
    }

    /// Storage answers `fault` to part `part`: on its first attempt only (`once`), or on every one.
    pub fn fail(mut self, part: u64, fault: Fault, once: bool) -> Self {
        let otherwise = self.faults.clone();
        self.faults = Arc::new(move |p, attempt| {
            if p == part && (!once || attempt == 1) {
                fault.clone()
            } else {
                otherwise(p, attempt)
            }
        });
        self
    }
}

/// One `PUT` as storage saw it.
#[derive(Debug, Clone)]
pub struct Put {
    /// The part, from the URL.
    pub part: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// Whether the whole body arrived (as long as its `content-length`).
    pub complete: bool,
    /// Whether every byte received was the file's byte at that place.
    pub content_ok: bool,
    /// The request's header names and values.
    pub headers: Vec<(String, String)>,
    /// How storage answered.
    pub fault: Fault,
}

/// One request to the API.
#[derive(Debug, Clone)]
pub struct ApiCall {
    /// `POST /assets/multipart-uploads`, ...
    pub route: String,
    /// The JSON body, if any.
    pub body: Value,
    /// Whether it carried the test key.
    pub authenticated: bool,
}

/// Everything both servers saw and decided.
#[derive(Debug, Default)]
pub struct State {
    /// The session's id, once created.
    pub upload_id: Option<String>,
    /// The file size given to `create`.
    pub total_size: u64,
    /// Parts acknowledged by reports.
    pub acknowledged: BTreeSet<u64>,
    /// Each report's parts, in order.
    pub reports: Vec<Vec<u64>>,
    /// Problems found in reports (wrong proof or size): must stay empty.
    pub bad_reports: Vec<String>,
    /// Each `get_additional_presigned_urls` as (start, count).
    pub presigned: Vec<(u64, u64)>,
    /// Every request to the API.
    pub api_calls: Vec<ApiCall>,
    /// Every `PUT` storage finished reading (or lost), in order.
    pub puts: Vec<Put>,
    /// The parts acknowledged when each `get_status` was answered, in order.
    pub status_reads: Vec<BTreeSet<u64>>,
    /// Requests storage received that were not part `PUT`s.
    pub stray_storage_requests: Vec<String>,
    etags: HashMap<u64, String>,
    attempts: HashMap<u64, u32>,
}

impl State {
    fn total_parts(&self, chunk_size: u64) -> u64 {
        self.total_size.div_ceil(chunk_size)
    }

    /// Parts whose `PUT` arrived whole, in order of arrival.
    pub fn complete_puts(&self) -> Vec<u64> {
        self.puts
            .iter()
            .filter(|p| p.complete)
            .map(|p| p.part)
            .collect()
    }
}

/// The running fake.
#[derive(Clone)]
pub struct Fake {
    /// Base URL of the API (`http://127.0.0.1:PORT/v1.3`).
    pub api: String,
    /// `http://127.0.0.1:PORT` of storage.
    pub storage: String,
    /// What was seen.
    pub state: Arc<Mutex<State>>,
    /// `PUT`s being received right now.
    pub in_flight: Arc<AtomicUsize>,
    /// The most `PUT`s received at once.
    pub max_in_flight: Arc<AtomicUsize>,
    setup: Setup,
}

impl Fake {
    /// Starts both servers.
    pub async fn start(setup: Setup) -> Self {
        let api_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let storage_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let fake = Self {
            api: format!("http://{}/v1.3", api_listener.local_addr().expect("addr")),
            storage: format!("http://{}", storage_listener.local_addr().expect("addr")),
            state: Arc::default(),
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
            setup,
        };
        let api = fake.clone();
        serve(api_listener, move |request| {
            let api = api.clone();
            async move { api.api(request).await }
        });
        let storage = fake.clone();
        serve(storage_listener, move |request| {
            let storage = storage.clone();
            async move { storage.storage(request).await }
        });
        fake
    }

    /// A snapshot of the state, for assertions.
    pub fn with_state<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.lock().expect("state"))
    }

    fn url_for(&self, upload_id: &str, part: u64) -> String {
        let url = format!(
            "{}/bucket/{upload_id}/{part}?X-Signature=sig-{part}",
            self.storage
        );
        match &self.setup.rewrite_url {
            Some(rewrite) => rewrite(part, url),
            None => url,
        }
    }

    fn urls(&self, upload_id: &str, parts: impl Iterator<Item = u64>) -> Value {
        parts
            .map(|part| json!({"chunk_index": part, "url": self.url_for(upload_id, part)}))
            .collect()
    }

    async fn api(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let route = format!("{} {}", request.method(), request.uri().path());
        let query = request.uri().query().unwrap_or_default().to_string();
        let authenticated = request
            .headers()
            .get("x-api-key")
            .is_some_and(|k| k == crate::API_KEY);
        let body = request
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let chunk_size = self.setup.chunk_size;
        let mut state = self.state.lock().expect("state");
        state.api_calls.push(ApiCall {
            route: route.clone(),
            body: body.clone(),
            authenticated,
        });
        let prefix = "/v1.3/assets/multipart-uploads";
        let rest = route
            .split_once(' ')
            .map(|(_, path)| path)
            .and_then(|path| path.strip_prefix(prefix))
            .unwrap_or("?");
        let method = route.split(' ').next().unwrap_or_default();
        let upload_id = state.upload_id.clone().unwrap_or_default();
        let total_parts = state.total_parts(chunk_size);
        match (method, rest) {
            ("POST", "") => {
                let upload_id = "up-1".to_string();
                state.upload_id = Some(upload_id.clone());
                state.total_size = body["total_size"].as_u64().unwrap_or(0);
                let total_parts = state.total_parts(chunk_size);
                let urls = self.urls(&upload_id, 1..=total_parts.min(self.setup.initial_urls));
                let mut answer = json!({
                    "upload_id": upload_id,
                    "asset_id": "asset-1",
                    "upload_urls": urls,
                    "chunk_size": chunk_size,
                    "total_chunks": total_parts,
                    "expires_at": "2030-01-01T00:00:00Z",
                });
                if let Some(headers) = &self.setup.upload_headers {
                    answer["upload_headers"] = headers.clone();
                }
                reply(201, &answer)
            }
            ("GET", "") => {
                let data: Vec<Value> =
                    if upload_id.is_empty() || state.acknowledged.len() as u64 == total_parts {
                        Vec::new()
                    } else {
                        vec![json!({
                            "upload_id": upload_id,
                            "status": "active",
                            "total_size": state.total_size,
                            "chunk_size": chunk_size,
                            "total_chunks": total_parts,
                        })]
                    };
                let results = data.len();
                reply(
                    200,
                    &json!({"data": data, "page_info": {"page": 1, "total_page": 1, "total_results": results, "limit_per_page": 50}}),
                )
            }
            ("POST", rest) if rest == format!("/{upload_id}/presigned-urls") => {
                let start = body["start"].as_u64().unwrap_or(0);
                let count = body["count"].as_u64().unwrap_or(0);
                state.presigned.push((start, count));
                let end = (start + count).min(total_parts + 1);
                let urls = self.urls(&upload_id, start.max(1)..end);
                reply(
                    200,
                    &json!({"upload_id": upload_id, "start_index": start, "count": count, "upload_urls": urls}),
                )
            }
            ("GET", rest) if rest == format!("/{upload_id}") => {
                let pairs: HashMap<String, String> = url_pairs(&query);
                let page: u64 = pairs
                    .get("page")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                let limit: u64 = pairs
                    .get("page_limit")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(10)
                    .clamp(1, 50);
                let chunks: Vec<Value> = (1..=total_parts)
                    .skip(((page - 1) * limit) as usize)
                    .take(limit as usize)
                    .map(|part| {
                        let done = state.acknowledged.contains(&part);
                        json!({"index": part, "status": if done { "completed" } else { "pending" }, "uploaded_at": null})
                    })
                    .collect();
                let completed = state.acknowledged.len() as u64;
                let snapshot = state.acknowledged.clone();
                state.status_reads.push(snapshot);
                reply(
                    200,
                    &json!({
                        "upload_id": upload_id,
                        "status": if completed == total_parts { "completed" } else { "active" },
                        "uploaded_chunks": chunks,
                        "chunks_completed": completed,
                        "chunks_failed": 0,
                        "chunks_pending": total_parts - completed,
                        "total_size": state.total_size,
                        "page_info": {"page": page, "total_page": total_parts.div_ceil(limit), "total_results": total_parts, "limit_per_page": limit},
                    }),
                )
            }
            ("POST", rest) if rest == format!("/{upload_id}") => {
                let mut parts = Vec::new();
                for chunk in body["completed_chunks"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                {
                    let part = chunk["chunk_index"].as_u64().unwrap_or(0);
                    let expected_size = state
                        .total_size
                        .saturating_sub((part.max(1) - 1) * chunk_size)
                        .min(chunk_size);
                    let issued = state.etags.get(&part).cloned();
                    let proof = chunk["proof"].as_str().map(str::to_string);
                    if proof.is_none() || proof != issued.map(|e| e.trim_matches('"').to_string()) {
                        state
                            .bad_reports
                            .push(format!("part {part}: proof {proof:?}"));
                    }
                    if chunk["proof_type"] != "etag"
                        || chunk["chunk_size"].as_u64() != Some(expected_size)
                    {
                        state.bad_reports.push(format!("part {part}: {chunk}"));
                    }
                    state.acknowledged.insert(part);
                    parts.push(part);
                }
                state.reports.push(parts.clone());
                let total = state.acknowledged.len() as u64;
                let mut answer = json!({"asset_id": "asset-1", "processed_chunks": parts.len(), "duplicate_chunks": 0, "total_completed": total});
                if total == total_parts {
                    answer["url"] = json!("https://assets.example.com/asset-1");
                }
                reply(200, &answer)
            }
            _ => reply(404, &json!({"code": "not_found", "message": route})),
        }
    }

    async fn storage(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let path = request.uri().path().to_string();
        let query = request.uri().query().unwrap_or_default().to_string();
        let part = path
            .rsplit('/')
            .next()
            .and_then(|p| p.parse::<u64>().ok())
            .filter(|_| request.method() == hyper::Method::PUT && path.starts_with("/bucket/"));
        let Some(part) = part.filter(|part| query == format!("X-Signature=sig-{part}")) else {
            self.state
                .lock()
                .expect("state")
                .stray_storage_requests
                .push(format!("{} {path}", request.method()));
            return reply(403, &json!({"message": "not a presigned part URL"}));
        };
        let _in_flight = InFlight::enter(&self.in_flight, &self.max_in_flight);
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let length: u64 = request
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let (chunk_size, total_size) = {
            let state = self.state.lock().expect("state");
            (self.setup.chunk_size, state.total_size)
        };
        let mut checker = Checker::new(part, chunk_size);
        let mut body = request.into_body();
        let mut complete = true;
        while let Some(frame) = body.frame().await {
            match frame {
                Ok(frame) => {
                    if let Some(data) = frame.data_ref() {
                        checker.feed(data);
                    }
                }
                Err(_) => {
                    complete = false;
                    break;
                }
            }
        }
        let expected = total_size
            .saturating_sub((part.max(1) - 1) * chunk_size)
            .min(chunk_size);
        complete &= checker.received == length && length == expected;
        let mut state = self.state.lock().expect("state");
        let attempt = {
            let n = state.attempts.entry(part).or_insert(0);
            *n += 1;
            *n
        };
        let fault = if complete {
            (self.setup.faults)(part, attempt)
        } else {
            Fault::Status(400)
        };
        state.puts.push(Put {
            part,
            bytes: checker.received,
            complete,
            content_ok: checker.ok,
            headers,
            fault: fault.clone(),
        });
        match fault {
            Fault::None => {
                let etag = format!("\"etag-{part}-{attempt}\"");
                state.etags.insert(part, etag.clone());
                let mut response = Response::new(Full::new(Bytes::new()));
                response
                    .headers_mut()
                    .insert("etag", etag.parse().expect("etag"));
                response
            }
            Fault::NoEtag => Response::new(Full::new(Bytes::new())),
            Fault::Status(status) => {
                let mut response = Response::new(Full::new(Bytes::from_static(
                    b"<Error><Code>Oops</Code></Error>",
                )));
                *response.status_mut() = StatusCode::from_u16(status).expect("status");
                response
            }
            Fault::Redirect(location) => {
                let mut response = Response::new(Full::new(Bytes::new()));
                *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                response
                    .headers_mut()
                    .insert("location", location.parse().expect("location"));
                response
            }
        }
    }
}

/// Counts a `PUT` in flight for as long as it lives (a dropped connection drops it too).
struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    fn enter(count: &'a AtomicUsize, max: &AtomicUsize) -> Self {
        let now = count.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(now, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn reply(status: u16, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = StatusCode::from_u16(status).expect("status");
    response
        .headers_mut()
        .insert("content-type", "application/json".parse().expect("type"));
    response
}

fn url_pairs(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Serves HTTP/1.1 on `listener` with `handle`, each connection in its own task.
fn serve<F, Fut>(listener: TcpListener, handle: F)
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handle = handle.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let handle = handle.clone();
                    async move { Ok::<_, Infallible>(handle(request).await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// The markers of part `part` (from 1) of a file in parts of `chunk_size`: (offset in the part, bytes). The
/// rest of the file is zeros.
pub fn markers(part: u64, chunk_size: u64) -> Vec<(u64, Vec<u8>)> {
    let mut markers = vec![
        (0, format!("<part {part:08} begins>").into_bytes()),
        (
            chunk_size / 3 + part,
            format!("<part {part:08} middle>").into_bytes(),
        ),
    ];
    let end = format!("<part {part:08} ends>").into_bytes();
    markers.push((chunk_size - end.len() as u64, end));
    markers
}

/// Creates a sparse file of `size` bytes with the [`markers`] of every part of `chunk_size` bytes (the last
/// part's markers cut at the end of the file).
pub fn write_sparse_file(path: &Path, size: u64, chunk_size: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::create(path)?;
    file.set_len(size)?;
    for part in 1..=size.div_ceil(chunk_size) {
        let start = (part - 1) * chunk_size;
        for (offset, bytes) in markers(part, chunk_size) {
            let at = start + offset;
            let room = size.saturating_sub(at).min(bytes.len() as u64) as usize;
            file.write_all_at(&bytes[..room], at)?;
        }
    }
    file.sync_all()
}

/// Checks a part's bytes as they stream in: zeros except for its markers.
struct Checker {
    markers: Vec<(u64, Vec<u8>)>,
    received: u64,
    ok: bool,
}

static ZEROS: [u8; 64 * 1024] = [0; 64 * 1024];

impl Checker {
    fn new(part: u64, chunk_size: u64) -> Self {
        let mut markers = markers(part, chunk_size);
        markers.sort();
        Self {
            markers,
            received: 0,
            ok: true,
        }
    }

    fn feed(&mut self, data: &[u8]) {
        let start = self.received;
        let end = start + data.len() as u64;
        let mut cursor = start;
        for (at, bytes) in &self.markers {
            let marker_end = at + bytes.len() as u64;
            if marker_end <= start || *at >= end {
                continue;
            }
            let zeros_end = (*at).max(cursor).min(end);
            self.ok &= all_zero(&data[(cursor - start) as usize..(zeros_end - start) as usize]);
            let (from, to) = ((*at).max(start), marker_end.min(end));
            self.ok &= data[(from - start) as usize..(to - start) as usize]
                == bytes[(from - at) as usize..(to - at) as usize];
            cursor = to;
        }
        self.ok &= all_zero(&data[(cursor - start) as usize..]);
        self.received = end;
    }
}

/// Whether `data` is all zeros (compared with `memcmp`, fast even in debug builds).
fn all_zero(data: &[u8]) -> bool {
    data.chunks(ZEROS.len())
        .all(|chunk| chunk == &ZEROS[..chunk.len()])
}
