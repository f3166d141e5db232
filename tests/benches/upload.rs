//! Uploading a 200 MiB file (the largest local upload the API takes) to a local server that discards the body:
//! throughput, and the process's peak memory, which stays far below the file size because the file is streamed.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tests::{peak_rss_bytes, write_test_file};
use twelvelabs::models::AssetsCreateRequestMethod::Direct;
use twelvelabs::{Client, InputFile};

const SIZE: u64 = 200 * 1024 * 1024;

fn upload(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("twelvelabs-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("match.mp4");
    runtime.block_on(write_test_file(&path, SIZE)).unwrap();
    let sink = runtime.block_on(tests::sink::start(
        201,
        r#"{"_id": "a1", "status": "waiting"}"#,
    ));
    let client = Client::builder()
        .api_key("bench")
        .base_url(&sink.uri)
        .build()
        .unwrap();
    let before = peak_rss_bytes();

    let mut group = c.benchmark_group("upload");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(SIZE));
    // Baseline: the same file as the body of a hand-written HTTP/1.1 POST, copied from disk to a raw socket in
    // reads of the same size the SDK uses: the cost of the transfer itself, without HTTP client or multipart.
    group.bench_function("baseline: raw POST, 256 KiB reads", |b| {
        b.to_async(&runtime).iter(|| raw_post(&sink.uri, &path))
    });
    group.bench_function("assets.create, 200 MiB from disk", |b| {
        b.to_async(&runtime).iter(|| async {
            client
                .assets()
                .create(Direct)
                .file(InputFile::path(&path))
                .await
                .expect("upload");
        })
    });
    group.finish();

    if let (Some(before), Some(after)) = (before, peak_rss_bytes()) {
        println!(
            "peak RSS: {:.1} MiB before the uploads, {:.1} MiB after ({:.2}% of the 200 MiB file)",
            before as f64 / 1048576.0,
            after as f64 / 1048576.0,
            after as f64 * 100.0 / SIZE as f64
        );
    }
    sink.received.lock().unwrap().clear();
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn raw_post(uri: &str, path: &std::path::Path) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(uri.trim_start_matches("http://"))
        .await
        .expect("connect");
    let mut file = tokio::io::BufReader::with_capacity(
        256 * 1024,
        tokio::fs::File::open(path).await.expect("open"),
    );
    let head = format!("POST /assets HTTP/1.1\r\nhost: bench\r\ncontent-length: {SIZE}\r\n\r\n");
    stream.write_all(head.as_bytes()).await.expect("head");
    tokio::io::copy_buf(&mut file, &mut stream)
        .await
        .expect("body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("response");
}

criterion_group!(benches, upload);
criterion_main!(benches);
