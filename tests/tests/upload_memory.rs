//! A large upload streams from disk: peak memory stays far below the file size. Alone in its binary so the peak
//! belongs to this test only.

use tests::{API_KEY, peak_rss_bytes, write_test_file};
use twelvelabs::models::AssetsCreateRequestMethod::Direct;
use twelvelabs::{Client, InputFile, RequestOptions};

const SIZE: u64 = 300 * 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_mib_upload_streams_with_memory_far_below_its_size() {
    let dir = std::env::temp_dir().join(format!("twelvelabs-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long-video.mp4");
    write_test_file(&path, SIZE).await.unwrap();
    let sink = tests::sink::start(201, r#"{"_id": "a1", "status": "waiting"}"#).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&sink.uri)
        .build()
        .unwrap();
    let before = peak_rss_bytes();

    let asset = client
        .assets()
        .create(Direct)
        .file(InputFile::path(&path))
        // Over the 200 MiB limit of local files, so the limit is lifted for this request.
        .with_options(RequestOptions::new().max_upload_bytes(SIZE))
        .await
        .unwrap();

    assert_eq!(asset.id.as_deref(), Some("a1"));
    let received = sink.received.lock().unwrap()[0].clone();
    assert!(
        received.body_len > SIZE && received.body_len < SIZE + 4096,
        "body of {} bytes",
        received.body_len
    );
    let start = String::from_utf8_lossy(&received.body_start);
    assert!(
        start.contains("name=\"method\"")
            && start.contains("filename=\"long-video.mp4\"")
            && start.contains("video/mp4"),
        "{start}"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    if let (Some(before), Some(after)) = (before, peak_rss_bytes()) {
        let growth = after.saturating_sub(before);
        println!(
            "uploaded {} MiB; peak RSS {:.1} MiB before, {:.1} MiB after (grew {:.1} MiB, {:.2}% of the file)",
            SIZE >> 20,
            before as f64 / 1048576.0,
            after as f64 / 1048576.0,
            growth as f64 / 1048576.0,
            growth as f64 * 100.0 / SIZE as f64
        );
        assert!(
            growth < SIZE / 10,
            "peak memory grew by {growth} bytes for a {SIZE}-byte upload"
        );
    }
}
