//! Uploading a 200 MiB file (the largest local upload the API takes) to a local server that discards the body, with
//! the SDK (`assets.create` from a path) and, side by side in the same run, plain clients that send the same bytes
//! with no SDK, multipart or retries: a raw POST through tokio's `copy_buf`, `std::io::copy` from the file to a
//! blocking socket on a thread of its own, and a raw reqwest body fed by 1 MiB blocking reads on a thread of its
//! own. The Python SDK is timed too when `$TWELVELABS_BENCH_PYTHON` names a Python that has it.
//!
//! Before criterion's measurements, each client uploads the file three times alone, and the growth of the process's
//! peak RSS over those uploads is recorded (the peak is reset through `/proc/self/clear_refs` first, so each client
//! is measured on its own). At the end one markdown table sums it all up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tests::write_test_file;
use twelvelabs::InputFile;
use twelvelabs::models::AssetsCreateRequestMethod::Direct;

const SIZE: u64 = 200 * 1024 * 1024;
const MIB: f64 = 1024.0 * 1024.0;
/// Uploads per client in the memory phase.
const MEMORY_RUNS: usize = 3;

/// The clients measured, as criterion names them (file-name safe) and as the table names them.
#[derive(Clone, Copy, PartialEq)]
enum Uploader {
    Sdk,
    TokioCopyBuf,
    StdIoCopy,
    ReqwestThreadReads,
}

impl Uploader {
    const ALL: [Uploader; 4] = [
        Uploader::Sdk,
        Uploader::TokioCopyBuf,
        Uploader::StdIoCopy,
        Uploader::ReqwestThreadReads,
    ];

    fn id(self) -> &'static str {
        match self {
            Uploader::Sdk => "sdk assets.create from a path",
            Uploader::TokioCopyBuf => "plain tokio copy_buf 256 KiB reads",
            Uploader::StdIoCopy => "plain std io copy on a thread",
            Uploader::ReqwestThreadReads => "plain reqwest body 1 MiB reads on a thread",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Uploader::Sdk => "SDK: `assets.create`, `InputFile::path` (multipart)",
            Uploader::TokioCopyBuf => "plain: raw POST, tokio `copy_buf`, 256 KiB reads",
            Uploader::StdIoCopy => "plain: raw POST, `std::io::copy` to a `TcpStream` on a thread",
            Uploader::ReqwestThreadReads => {
                "plain: reqwest, body fed by 1 MiB blocking reads on a thread"
            }
        }
    }
}

struct Setup {
    client: twelvelabs::Client,
    reqwest: reqwest::Client,
    uri: String,
    path: PathBuf,
}

impl Setup {
    async fn run(&self, uploader: Uploader) {
        match uploader {
            Uploader::Sdk => {
                self.client
                    .assets()
                    .create(Direct)
                    .file(InputFile::path(&self.path))
                    .await
                    .expect("upload");
            }
            Uploader::TokioCopyBuf => tokio_copy_buf(&self.uri, &self.path).await,
            Uploader::StdIoCopy => {
                let (uri, path) = (self.uri.clone(), self.path.clone());
                tokio::task::spawn_blocking(move || std_io_copy(&uri, &path))
                    .await
                    .expect("thread")
            }
            Uploader::ReqwestThreadReads => {
                reqwest_thread_reads(&self.reqwest, &self.uri, &self.path).await
            }
        }
    }
}

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
    let setup = Setup {
        client: twelvelabs::Client::builder()
            .api_key("bench")
            .base_url(&sink.uri)
            .build()
            .unwrap(),
        reqwest: reqwest::Client::new(),
        uri: sink.uri.clone(),
        path: path.clone(),
    };

    // Memory first, each client alone (criterion's runs would mix them into one peak).
    let memory: Vec<Option<u64>> = Uploader::ALL
        .iter()
        .map(|&uploader| {
            peak_growth(|| {
                runtime.block_on(async {
                    for _ in 0..MEMORY_RUNS {
                        setup.run(uploader).await;
                    }
                })
            })
        })
        .collect();
    let seen = sink.received.lock().unwrap().len();
    let python = python_upload(&sink.uri, &path);
    // The Python SDK's bodies must have reached the sink whole, or its time means nothing.
    if python.is_ok() {
        let received = sink.received.lock().unwrap();
        assert_eq!(
            received.len(),
            seen + MEMORY_RUNS + 1,
            "one warm-up and {MEMORY_RUNS} uploads"
        );
        assert!(
            received[seen..].iter().all(|r| r.body_len > SIZE),
            "whole bodies"
        );
    }

    let mut group = c.benchmark_group("upload");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(SIZE));
    for uploader in Uploader::ALL {
        group.bench_function(uploader.id(), |b| {
            b.to_async(&runtime).iter(|| setup.run(uploader))
        });
    }
    group.finish();

    let mut rows: Vec<(String, Option<f64>, Option<u64>)> = Uploader::ALL
        .iter()
        .zip(&memory)
        .map(|(uploader, rss)| {
            let seconds = criterion_seconds("upload", uploader.id());
            (uploader.label().to_string(), seconds, *rss)
        })
        .collect();
    let fastest_plain = Uploader::ALL
        .iter()
        .zip(&rows)
        .filter(|(uploader, _)| **uploader != Uploader::Sdk)
        .filter_map(|(uploader, row)| Some((*uploader, row.1?)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match python {
        Ok((seconds, rss)) => rows.push((
            format!("Python SDK 1.3.6: `client.assets.create(method=\"direct\", file=open(...))`, mean of {MEMORY_RUNS}"),
            Some(seconds),
            Some(rss),
        )),
        Err(reason) => println!("Python SDK not measured: {reason}"),
    }
    print_table(&rows, fastest_plain);

    sink.received.lock().unwrap().clear();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn print_table(
    rows: &[(String, Option<f64>, Option<u64>)],
    fastest_plain: Option<(Uploader, f64)>,
) {
    println!();
    println!(
        "| client | time per 200 MiB | throughput | vs fastest plain client | peak RSS growth |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for (label, seconds, rss) in rows {
        let (time, throughput, ratio) = match seconds {
            Some(s) => (
                format!("{:.0} ms", s * 1000.0),
                format!("{:.2} GiB/s", SIZE as f64 / s / (MIB * 1024.0)),
                fastest_plain
                    .map(|(_, fastest)| format!("{:.2}×", s / fastest))
                    .unwrap_or_else(|| "n/a".into()),
            ),
            None => ("n/a".into(), "n/a".into(), "n/a".into()),
        };
        let rss = rss
            .map(|b| format!("{:.1} MiB", b as f64 / MIB))
            .unwrap_or_else(|| "n/a".into());
        println!("| {label} | {time} | {throughput} | {ratio} | {rss} |");
    }
    if let Some((uploader, _)) = fastest_plain {
        println!(
            "\nfastest plain client: {}. Times are criterion's estimates (the Python SDK's: its own mean); peak RSS growth is over {MEMORY_RUNS} uploads by that client alone (the in-process sink's buffers included).",
            uploader.label()
        );
    }
}

/// How much the process's peak RSS grows while `work` runs, from the RSS it starts at. The kernel's peak is reset
/// first (`/proc/self/clear_refs`, Linux); `None` where that is not possible.
fn peak_growth(work: impl FnOnce()) -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    let start = proc_status_kib("VmRSS:")?;
    work();
    let peak = proc_status_kib("VmHWM:")?;
    Some(peak.saturating_sub(start) * 1024)
}

fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Criterion's estimate of one iteration, in seconds, read back from where criterion writes it: the slope of its
/// linear sampling (the figure it prints), else the mean.
fn criterion_seconds(group: &str, id: &str) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|d| PathBuf::from(d).join("criterion"))
        })
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion"));
    let file = home.join(group).join(id).join("new/estimates.json");
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let estimate = ["slope", "mean"]
        .iter()
        .find_map(|name| estimates[name]["point_estimate"].as_f64())?;
    Some(estimate / 1e9)
}

/// The Python SDK uploading the same file to the same sink, in a process of its own: mean seconds and peak RSS
/// growth, or why it was not run.
fn python_upload(uri: &str, path: &Path) -> Result<(f64, u64), String> {
    let Some(python) = std::env::var_os("TWELVELABS_BENCH_PYTHON").map(PathBuf::from) else {
        return Err("set TWELVELABS_BENCH_PYTHON to a Python with twelvelabs==1.3.6 installed (python3 -m venv \
                    target/venv && target/venv/bin/pip install twelvelabs==1.3.6) to time it"
            .to_string());
    };
    if !python.exists() {
        return Err(format!("{} does not exist", python.display()));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/upload_python.py");
    let output = std::process::Command::new(&python)
        .arg(script)
        .arg(uri)
        .arg(path)
        .arg(MEMORY_RUNS.to_string())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let result: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    Ok((
        result["seconds"].as_f64().ok_or("no seconds")?,
        result["peak_rss_growth"]
            .as_u64()
            .ok_or("no peak_rss_growth")?,
    ))
}

fn request_head() -> String {
    format!("POST /assets HTTP/1.1\r\nhost: bench\r\ncontent-length: {SIZE}\r\n\r\n")
}

/// The file as the body of a hand-written HTTP/1.1 POST, copied from disk to a tokio socket in 256 KiB reads.
async fn tokio_copy_buf(uri: &str, path: &Path) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(uri.trim_start_matches("http://"))
        .await
        .expect("connect");
    let mut file = tokio::io::BufReader::with_capacity(
        256 * 1024,
        tokio::fs::File::open(path).await.expect("open"),
    );
    stream
        .write_all(request_head().as_bytes())
        .await
        .expect("head");
    tokio::io::copy_buf(&mut file, &mut stream)
        .await
        .expect("body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("response");
}

/// The same POST, blocking: `std::io::copy` from the file to a `std::net::TcpStream` (on Linux the standard
/// library hands a file-to-socket copy to the kernel: `sendfile`).
fn std_io_copy(uri: &str, path: &Path) {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(uri.trim_start_matches("http://")).expect("connect");
    stream.write_all(request_head().as_bytes()).expect("head");
    let mut file = std::fs::File::open(path).expect("open");
    std::io::copy(&mut file, &mut stream).expect("body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("response");
}

/// A raw reqwest POST whose body is fed by a thread doing 1 MiB blocking reads, through a channel of 4 chunks.
async fn reqwest_thread_reads(client: &reqwest::Client, uri: &str, path: &Path) {
    use std::io::Read;
    const READ: usize = 1024 * 1024;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<bytes::Bytes>>(4);
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut file = std::fs::File::open(path).expect("open");
        loop {
            let mut chunk = bytes::BytesMut::zeroed(READ);
            let read = match file.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => n,
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            };
            chunk.truncate(read);
            if tx.blocking_send(Ok(chunk.freeze())).is_err() {
                return;
            }
        }
    });
    let body = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let response = client
        .post(format!("{uri}/assets"))
        .header(reqwest::header::CONTENT_LENGTH, SIZE)
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .expect("send");
    response.bytes().await.expect("response");
}

criterion_group!(benches, upload);
criterion_main!(benches);
