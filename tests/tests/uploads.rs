//! Uploads: what is refused before sending (request shape, the size limit) and what each kind of file sends.

use serde_json::json;
use tests::wire::{multipart_parts, single_request};
use tests::{API_KEY, client, write_test_file};
use twelvelabs::models::AssetsCreateRequestMethod::{Direct, Url};
use twelvelabs::{Client, Error, InputFile, RequestOptions};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The documented limit of local files: 200 MiB.
const LIMIT: u64 = 200 * 1024 * 1024;

async fn assets_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assets"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"_id": "a1", "method": "direct", "status": "waiting"})),
        )
        .mount(&server)
        .await;
    server
}

fn invalid_input(error: &Error) -> &str {
    match error {
        Error::InvalidInput {
            operation: "assets.create",
            message,
        } => message,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_combinations_are_refused_before_sending() {
    let server = assets_server().await;
    let assets = client(&server).assets();
    let file = || InputFile::bytes("a.mp4", vec![1, 2, 3]);
    let cases = [
        (
            assets.create(Direct).send().await,
            "`file` is required when `method` is `direct`",
        ),
        (
            assets
                .create(Direct)
                .file(file())
                .url("https://x/a.mp4")
                .send()
                .await,
            "`url` must not be set when `method` is `direct`",
        ),
        (
            assets.create(Url).send().await,
            "`url` is required when `method` is `url`",
        ),
        (
            assets
                .create(Url)
                .url("https://x/a.mp4")
                .file(file())
                .send()
                .await,
            "`file` must not be set when `method` is `url`",
        ),
    ];
    for (result, expected) in &cases {
        assert_eq!(invalid_input(result.as_ref().unwrap_err()), *expected);
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_no_request_sent() {
    let server = assets_server().await;
    let dir = std::env::temp_dir().join(format!("twelvelabs-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("too-big.mp4");
    // Sparse: 200 MiB and one byte, without writing them.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(LIMIT + 1)
        .unwrap();
    let error = client(&server)
        .assets()
        .create(Direct)
        .file(InputFile::path(&path))
        .await
        .unwrap_err();
    let message = invalid_input(&error);
    assert!(
        message.contains(
            "is 209715201 bytes (200.0 MiB); this upload accepts at most 209715200 bytes"
        ),
        "{message}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );

    // Exactly at the limit is accepted (the server answers; the body is not kept by this test).
    std::fs::File::create(&path)
        .unwrap()
        .set_len(LIMIT)
        .unwrap();
    let sink = tests::sink::start(201, r#"{"_id": "a1"}"#).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&sink.uri)
        .build()
        .unwrap();
    client
        .assets()
        .create(Direct)
        .file(InputFile::path(&path))
        .await
        .unwrap();
    assert!(sink.received.lock().unwrap()[0].body_len > LIMIT);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_limit_can_be_replaced_per_request() {
    let server = assets_server().await;
    let file = InputFile::bytes("a.jpg", vec![7; 1000]);
    let error = client(&server)
        .assets()
        .create(Direct)
        .file(file.clone())
        .with_options(RequestOptions::new().max_upload_bytes(999))
        .await
        .unwrap_err();
    assert!(invalid_input(&error).contains("accepts at most 999 bytes"));
    client(&server)
        .assets()
        .create(Direct)
        .file(file)
        .with_options(RequestOptions::new().max_upload_bytes(1000))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_missing_file_is_a_file_error_naming_the_path() {
    let server = assets_server().await;
    let error = client(&server)
        .assets()
        .create(Direct)
        .file(InputFile::path("/nonexistent/clip.mp4"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::File { path, .. } if path == "/nonexistent/clip.mp4"),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn bytes_paths_and_readers_all_upload() {
    let dir = std::env::temp_dir().join(format!("twelvelabs-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("face.png");
    write_test_file(&path, 3000).await.unwrap();
    let expected_file = std::fs::read(&path).unwrap();
    let files = [
        InputFile::bytes("face.png", expected_file.clone()),
        InputFile::path(&path),
        InputFile::reader(
            "face.png",
            tokio::fs::File::open(&path).await.unwrap(),
            3000,
        ),
    ];
    for file in files {
        let server = assets_server().await;
        client(&server)
            .assets()
            .create(Direct)
            .file(file)
            .filename("face")
            .await
            .unwrap();
        let parts = multipart_parts(&single_request(&server).await).await;
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["method", "filename", "file"]);
        assert_eq!(parts[2].file_name.as_deref(), Some("face.png"));
        assert_eq!(parts[2].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[2].data, expected_file);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_reader_upload_is_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timer(tests::RecordingTimer::new())
        .build()
        .unwrap();
    let file = InputFile::reader("a.mp4", &b"abc"[..], 3);
    let error = client.assets().create(Direct).file(file).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a reader can be read once, so a 503 is not retried"
    );
}

/// Every `(sent, total)` a progress callback was given.
type ProgressCalls = std::sync::Arc<std::sync::Mutex<Vec<(u64, u64)>>>;

/// A progress callback that records its calls.
fn recorder() -> (ProgressCalls, impl Fn(u64, u64) + Send + Sync + 'static) {
    let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = calls.clone();
    (calls, move |sent, total| {
        log.lock().unwrap().push((sent, total))
    })
}

/// Checks that the calls count up, chunk by chunk, to `size`.
fn assert_progress(calls: &[(u64, u64)], size: u64) {
    assert!(calls.len() > 1, "one call per chunk: {calls:?}");
    assert!(calls.iter().all(|&(_, total)| total == size), "{calls:?}");
    assert!(
        calls.windows(2).all(|w| w[0].0 < w[1].0),
        "sent must increase: {calls:?}"
    );
    assert_eq!(calls.last(), Some(&(size, size)));
}

#[tokio::test]
async fn uploads_report_progress_up_to_the_size() {
    const SIZE: u64 = 3 * 1024 * 1024 + 123;
    let dir = std::env::temp_dir().join(format!("twelvelabs-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("match.mp4");
    write_test_file(&path, SIZE).await.unwrap();
    let sink = tests::sink::start(201, r#"{"_id": "a1"}"#).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&sink.uri)
        .build()
        .unwrap();
    let sources = [
        InputFile::path(&path),
        InputFile::reader(
            "match.mp4",
            tokio::fs::File::open(&path).await.unwrap(),
            SIZE,
        ),
        InputFile::bytes("match.mp4", std::fs::read(&path).unwrap()),
    ];
    for (i, file) in sources.into_iter().enumerate() {
        let (calls, progress) = recorder();
        client
            .assets()
            .create(Direct)
            .file(file.on_progress(progress))
            .await
            .unwrap();
        assert_progress(&calls.lock().unwrap(), SIZE);
        assert!(sink.received.lock().unwrap()[i].body_len > SIZE);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_retried_upload_reports_progress_again_from_the_start() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"_id": "a1"})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timer(tests::RecordingTimer::new())
        .build()
        .unwrap();
    let size = 600 * 1024;
    let (calls, progress) = recorder();
    let file = InputFile::bytes("a.mp4", vec![7; size]).on_progress(progress);
    client.assets().create(Direct).file(file).await.unwrap();
    let calls = calls.lock().unwrap();
    let restart = (1..calls.len())
        .find(|&i| calls[i].0 <= calls[i - 1].0)
        .expect("a second pass after the 503");
    assert_progress(&calls[..restart], size as u64);
    assert_progress(&calls[restart..], size as u64);
}
