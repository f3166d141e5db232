//! Helpers shared by the cross-crate tests in `tests/tests/`.
//!
//! The README's Rust examples are compiled as this crate's doctests, so they cannot drift from the SDK.

#![doc = include_str!("../../README.md")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use twelvelabs::{Client, Timer};
use wiremock::MockServer;

pub mod hostile;

/// The crate README's examples (`sdk/README.md`, shown on crates.io), compiled as doctests too.
#[doc = include_str!("../../sdk/README.md")]
pub mod sdk_readme {}
pub mod multipart;
pub mod python_wire;

/// The API key every test client sends.
pub const API_KEY: &str = "tlk_test_key_3f9a";

/// A client pointed at `server`, with the test key.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("test client")
}

/// A client pointed at `server` whose sleeps return at once and are recorded.
pub fn client_with_timer(server: &MockServer, timer: Arc<RecordingTimer>) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timer(timer)
        .build()
        .expect("test client")
}

/// A timer that never waits: each sleep advances a virtual clock and is recorded, so backoff, `Retry-After` and
/// waiters are tested exactly and instantly.
#[derive(Debug)]
pub struct RecordingTimer {
    start: Instant,
    state: Mutex<(Duration, Vec<Duration>)>,
}

impl RecordingTimer {
    /// A virtual clock at zero.
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            state: Mutex::new((Duration::ZERO, Vec::new())),
        })
    }

    /// Every sleep asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().expect("timer lock").1.clone()
    }

    /// Virtual time elapsed.
    pub fn elapsed(&self) -> Duration {
        self.state.lock().expect("timer lock").0
    }
}

impl Timer for RecordingTimer {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        let mut state = self.state.lock().expect("timer lock");
        state.0 = state.0.saturating_add(duration);
        state.1.push(duration);
        Box::pin(std::future::ready(()))
    }

    fn now(&self) -> Instant {
        let elapsed = self.state.lock().expect("timer lock").0;
        self.start.checked_add(elapsed).unwrap_or(self.start)
    }
}

/// One part of a multipart body, as a server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The part's field name.
    pub name: String,
    /// The part's file name, for file parts.
    pub file_name: Option<String>,
    /// The part's content type, when given.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub data: Vec<u8>,
}

/// Parses a multipart request body, in order.
pub async fn multipart_parts(request: &wiremock::Request) -> Vec<ReceivedPart> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("content-type");
    let boundary = multer::parse_boundary(content_type).expect("multipart boundary");
    let body = bytes::Bytes::from(request.body.clone());
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(|m| m.to_string());
        let data = field.bytes().await.expect("part bytes").to_vec();
        parts.push(ReceivedPart {
            name,
            file_name,
            content_type,
            data,
        });
    }
    parts
}

/// Assertions and accessors for wire tests: what one request looked like on the server.
pub mod wire {
    use chrono::{DateTime, TimeZone, Utc};
    use serde_json::Value;
    use wiremock::{MockServer, Request};

    use super::{API_KEY, ReceivedPart};

    /// The one request the server received.
    pub async fn single_request(server: &MockServer) -> Request {
        let mut requests = server
            .received_requests()
            .await
            .expect("request recording is on");
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.remove(0)
    }

    /// A request header as text, if present.
    pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request
            .headers
            .get(name)
            .map(|value| value.to_str().expect("header is text"))
    }

    /// The decoded query pairs, in order.
    pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
        request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// Owned pairs from literals, to compare with [`query_pairs`].
    pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Asserts the request carries the test key, exactly once.
    pub fn assert_authenticated(request: &Request) {
        let keys: Vec<_> = request.headers.get_all("x-api-key").iter().collect();
        assert_eq!(keys.len(), 1, "x-api-key sent {} times", keys.len());
        assert_eq!(keys[0].to_str().ok(), Some(API_KEY));
    }

    /// Asserts the request is authenticated and carries no body.
    pub fn assert_no_body(request: &Request) {
        assert_authenticated(request);
        assert_eq!(header(request, "content-type"), None);
        assert!(
            request.body.is_empty(),
            "unexpected body: {:?}",
            String::from_utf8_lossy(&request.body)
        );
    }

    /// Asserts the request is authenticated and its body is exactly this JSON.
    pub fn assert_json_body(request: &Request, expected: Value) {
        assert_authenticated(request);
        assert_eq!(header(request, "content-type"), Some("application/json"));
        let body: Value = serde_json::from_slice(&request.body).expect("body is JSON");
        assert_eq!(body, expected);
    }

    /// Asserts the request is an authenticated multipart upload and returns its parts, in order.
    pub async fn multipart_parts(request: &Request) -> Vec<ReceivedPart> {
        assert_authenticated(request);
        let content_type = header(request, "content-type").expect("content-type");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("not a multipart content type: {content_type}"));
        assert!(!boundary.is_empty(), "empty boundary");
        super::multipart_parts(request).await
    }

    /// A UTC time from its parts.
    pub fn utc(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, second)
            .single()
            .expect("valid time")
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that reads each request body and throws it away, counting bytes. Unlike
/// wiremock it holds nothing, so uploads of hundreds of megabytes can be measured in the same process.
pub mod sink {
    use std::sync::{Arc, Mutex};

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    /// One request as the sink saw it.
    #[derive(Debug, Clone, Default)]
    pub struct Received {
        /// Request line and headers.
        pub head: String,
        /// Body bytes read.
        pub body_len: u64,
        /// The first bytes of the body (multipart headers of the first parts).
        pub body_start: Vec<u8>,
        /// The last bytes of the body (the end of the file part and the closing boundary).
        pub body_end: Vec<u8>,
    }

    /// A running sink.
    #[derive(Debug, Clone)]
    pub struct Sink {
        /// `http://127.0.0.1:PORT`.
        pub uri: String,
        /// Requests seen so far.
        pub received: Arc<Mutex<Vec<Received>>>,
    }

    const KEEP: usize = 4096;

    /// Starts a sink that answers every request with `status` and the JSON `body`.
    pub async fn start(status: u16, body: &'static str) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let uri = format!("http://{}", listener.local_addr().expect("address"));
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let mut reader = BufReader::with_capacity(256 * 1024, stream);
                    let mut request = Received {
                        body_end: Vec::with_capacity(KEEP),
                        ..Received::default()
                    };
                    let mut length = 0u64;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(value) =
                            line.to_ascii_lowercase().strip_prefix("content-length:")
                        {
                            length = value.trim().parse().unwrap_or(0);
                        }
                        request.head.push_str(&line);
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut buffer = vec![0u8; 256 * 1024];
                    while request.body_len < length {
                        let want = buffer.len().min((length - request.body_len) as usize);
                        let read = match reader.read(&mut buffer[..want]).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        if request.body_start.len() < KEEP {
                            let take = read.min(KEEP - request.body_start.len());
                            request.body_start.extend_from_slice(&buffer[..take]);
                        }
                        // Keep only the last KEEP bytes, without ever growing past them.
                        if read >= KEEP {
                            request.body_end.clear();
                            request
                                .body_end
                                .extend_from_slice(&buffer[read - KEEP..read]);
                        } else {
                            let overflow = (request.body_end.len() + read).saturating_sub(KEEP);
                            request.body_end.drain(..overflow);
                            request.body_end.extend_from_slice(&buffer[..read]);
                        }
                        request.body_len += read as u64;
                    }
                    log.lock().expect("sink log").push(request);
                    let response = format!(
                        "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let mut stream = reader.into_inner();
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Sink { uri, received }
    }
}

/// Peak resident memory of this process so far (`VmHWM`), in bytes; `None` where `/proc` is not available.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Writes a file of `size` bytes of a repeating, non-zero pattern (so nothing is sparse or compressible by
/// accident), in 1 MiB writes.
pub async fn write_test_file(path: &std::path::Path, size: u64) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let chunk: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8 + 1).collect();
    let mut file = tokio::io::BufWriter::new(tokio::fs::File::create(path).await?);
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        file.write_all(&chunk[..n]).await?;
        left -= n as u64;
    }
    file.flush().await
}
