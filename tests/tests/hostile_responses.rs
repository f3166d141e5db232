//! Property: whatever a server answers (any status, any headers, any body, lying lengths, cut-off
//! connections), the SDK returns `Ok` or an `Err` and never panics, hangs or shows the API key in an error.
//!
//! The suite runs `PROPTEST_CASES` cases (256 by default); a long run is
//! `PROPTEST_CASES=20000 cargo test --release -p tests --test hostile_responses`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use proptest::prelude::*;
use tests::hostile::{Hostile, Reply};
use tests::{API_KEY, RecordingTimer};
use twelvelabs::models::AssetsCreateRequestMethod;
use twelvelabs::{Client, InputFile};

/// One scripted answer: a status line, headers and a body, with or without a truthful `content-length`.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Add `content-length: body.len()` (otherwise the headers alone frame the body, if they do).
    frame: bool,
    /// Close instead of answering.
    close: bool,
}

impl Answer {
    fn reply(&self) -> Reply {
        if self.close {
            return Reply::Close;
        }
        let mut head = format!("HTTP/1.1 {} Whatever\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.frame {
            head.push_str(&format!("content-length: {}\r\n", self.body.len()));
        }
        head.push_str("connection: close\r\n\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        Reply::Raw(bytes)
    }
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        Just("1e300".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-1".to_string()),
        Just("NaN".to_string()),
        Just("Fri, 31 Dec 9999 23:59:59 GMT".to_string()),
        Just("Thu, 01 Jan 1970 00:00:00 GMT".to_string()),
        Just("chunked".to_string()),
        Just("http://127.0.0.1:1/elsewhere".to_string()),
        Just("/entity-collections/moved".to_string()),
        Just("application/json".to_string()),
        "[ -~]{0,40}",
    ]
}

fn header() -> impl Strategy<Value = (String, String)> {
    let name = prop_oneof![
        Just("retry-after"),
        Just("retry-after-ms"),
        Just("content-length"),
        Just("transfer-encoding"),
        Just("location"),
        Just("content-type"),
        Just("x-request-id"),
        Just("content-encoding"),
        Just("x-whatever"),
    ];
    (name, header_value()).prop_map(|(n, v)| (n.to_string(), v))
}

/// JSON shaped like the API's answers, with hostile numbers and types in places.
fn json_body() -> impl Strategy<Value = Vec<u8>> {
    let number = prop_oneof![
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        Just(serde_json::json!("12")),
        Just(serde_json::Value::Null),
        Just(serde_json::json!(i64::MAX)),
    ];
    let items = prop::collection::vec(
        ("[a-z0-9]{0,8}", prop::option::of("[a-z]{0,8}"))
            .prop_map(|(id, status)| serde_json::json!({"_id": id, "name": "n", "status": status})),
        0..4,
    );
    (items, number.clone(), number.clone(), number, any::<bool>()).prop_map(
        |(data, page, total, limit, as_list)| {
            let value = if as_list {
                serde_json::json!({"data": data, "page_info": {"page": page, "total_page": total, "limit_per_page": limit, "total_results": total}})
            } else {
                serde_json::json!({"_id": "c1", "name": "n", "code": page, "message": total})
            };
            value.to_string().into_bytes()
        },
    )
}

fn answer() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        100u16..=599,
        prop::sample::select(vec![
            200u16, 201, 202, 204, 301, 302, 303, 307, 308, 400, 401, 404, 408, 409, 429, 500, 503,
        ]),
    ];
    let body = prop_oneof![
        json_body(),
        prop::collection::vec(any::<u8>(), 0..200),
        Just(Vec::new()),
    ];
    (
        status,
        prop::collection::vec(header(), 0..4),
        body,
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(status, headers, body, frame, close)| Answer {
            status,
            headers,
            body,
            frame,
            close,
        })
}

/// The server and runtime shared by every case; each case puts its answers in `SCRIPT`.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    server: Hostile,
    script: Arc<Mutex<VecDeque<Reply>>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let script: Arc<Mutex<VecDeque<Reply>>> = Arc::default();
        let queue = script.clone();
        let server = runtime.block_on(Hostile::start(move |_, _| {
            queue
                .lock()
                .expect("script")
                .pop_front()
                .unwrap_or(Reply::Close)
        }));
        Fixture {
            runtime,
            server,
            script,
        }
    })
}

fn check(result: Result<impl std::fmt::Debug, twelvelabs::Error>) -> Result<(), TestCaseError> {
    if let Err(error) = result {
        let shown = format!("{error} {error:?}");
        prop_assert!(!shown.contains(API_KEY), "the key leaked: {shown}");
        let mut source = std::error::Error::source(&error);
        while let Some(next) = source {
            prop_assert!(!next.to_string().contains(API_KEY));
            source = next.source();
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_response_is_an_ok_or_an_error_never_a_panic(answers in prop::collection::vec(answer(), 1..8)) {
        let fixture = fixture();
        {
            let mut script = fixture.script.lock().expect("script");
            script.clear();
            script.extend(answers.iter().map(Answer::reply));
        }
        let client = Client::builder()
            .api_key(API_KEY)
            .base_url(&fixture.server.uri)
            .timeout(Duration::from_secs(5))
            .operation_timeout(Duration::from_secs(10))
            .max_response_bytes(64 * 1024)
            .timer(RecordingTimer::new())
            .build()
            .expect("client");
        let outcome: Result<(), TestCaseError> = fixture.runtime.block_on(async {
            check(client.entity_collections().retrieve("c1").await)?;
            check(client.entity_collections().create("Players").await)?;
            check(client.entity_collections().list().collect(Some(50)).await)?;
            check(client.entity_collections().delete("c1").await)?;
            check(
                client
                    .assets()
                    .create(AssetsCreateRequestMethod::Direct)
                    .file(InputFile::bytes("a.mp4", vec![1u8; 64]))
                    .await,
            )?;
            check(client.indexes().indexed_assets().retrieve("i1", "a1").await)?;
            Ok(())
        });
        outcome?;
    }
}
