//! Tracing: each request is a span with the operation, method, path template, attempts, status and duration,
//! and no secret. Alone in its binary: tracing caches per-callsite interest, and a test without a subscriber
//! running first on another thread would hide the span.

use std::sync::Arc;

use tests::{API_KEY, RecordingTimer, client_with_timer};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const COLLECTION: &str = r#"{"_id": "c1", "name": "Players"}"#;

/// Answers 429 once, then 201.
struct LimitedOnce(std::sync::atomic::AtomicBool);

impl Respond for LimitedOnce {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        if self.0.swap(true, std::sync::atomic::Ordering::SeqCst) {
            ResponseTemplate::new(201).set_body_raw(COLLECTION, "application/json")
        } else {
            ResponseTemplate::new(429)
        }
    }
}

/// Collects everything a tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_traced_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(LimitedOnce(false.into()))
        .mount(&server)
        .await;
    client_with_timer(&server, RecordingTimer::new())
        .entity_collections()
        .create("Players")
        .await
        .unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let closed = output
        .lines()
        .find(|l| l.contains("close"))
        .unwrap_or_else(|| panic!("no span closed:\n{output}"));
    for field in [
        "operation=\"entity_collections.create\"",
        "method=POST",
        "path=\"/entity-collections\"",
        "attempts=2",
        "status=201",
        "duration_ms=",
    ] {
        assert!(closed.contains(field), "`{field}` missing from {closed}");
    }
    assert!(output.contains("retrying"), "{output}");
    assert!(
        !output.contains(API_KEY),
        "the key leaked into traces:\n{output}"
    );
}
