//! The large-upload workflow (`multipart_upload().upload_file` and `resume`) against a fake API and a fake
//! object storage on two origins (`tests/src/multipart.rs`): parts in flight, memory, progress, cancelling and
//! resuming, and every way storage or the API can let it down.
//!
//! The tests run one at a time (`serial`), so the memory measured by the 1 GiB test is its own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use tests::multipart::{Fake, Fault, Setup, State, write_sparse_file};
use tests::{API_KEY, RecordingTimer};
use twelvelabs::{Client, Error, UploadProgress, UploadSession};

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
/// The part size of the 1 GiB tests: 64 parts.
const BIG_PART: u64 = 16 * MIB;
/// The part size of the small tests, and a file of 9 whole parts and a short tenth.
const PART: u64 = 256 * 1024;
const SMALL: u64 = 9 * PART + 1000;
const SMALL_PARTS: u64 = 10;

/// One test at a time: the memory test's peak must be its own, and the machine has two cores.
async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

/// A directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "twelvelabs-large-upload-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// A sparse file of `size` bytes in parts of `part` bytes (see `write_sparse_file`).
    fn file(&self, name: &str, size: u64, part: u64) -> PathBuf {
        let path = self.0.join(name);
        write_sparse_file(&path, size, part).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A client of the fake API with a default header, which storage must never see either.
fn client(fake: &Fake) -> Client {
    builder(fake).build().unwrap()
}

fn builder(fake: &Fake) -> twelvelabs::ClientBuilder {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&fake.api)
        .default_header("x-team", "research")
}

/// Records what the callbacks report, and signals when a given number of parts is acknowledged.
#[derive(Clone, Default)]
struct Reports {
    progress: Arc<Mutex<Vec<UploadProgress>>>,
    sessions: Arc<Mutex<Vec<UploadSession>>>,
    signal: Arc<Mutex<Option<Signal>>>,
}

/// Sent once this many parts are acknowledged.
type Signal = (u64, tokio::sync::oneshot::Sender<()>);

impl Reports {
    /// Reports whose receiver completes once `parts_done` reaches `parts`.
    fn signalling_at(parts: u64) -> (Self, tokio::sync::oneshot::Receiver<()>) {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let reports = Self::default();
        *reports.signal.lock().unwrap() = Some((parts, sender));
        (reports, receiver)
    }

    fn record(&self, progress: &UploadProgress) {
        self.progress.lock().unwrap().push(progress.clone());
        let mut signal = self.signal.lock().unwrap();
        if signal
            .as_ref()
            .is_some_and(|(at, _)| *at == progress.parts_done)
            && let Some((_, sender)) = signal.take()
        {
            let _ = sender.send(());
        }
    }

    fn progress(&self) -> Vec<UploadProgress> {
        self.progress.lock().unwrap().clone()
    }

    fn sessions(&self) -> Vec<UploadSession> {
        self.sessions.lock().unwrap().clone()
    }
}

/// Watches one upload (`upload_file` or `resume`): progress and session reports go to `reports`.
macro_rules! watched {
    ($request:expr, $reports:expr) => {{
        let (progress, sessions) = ($reports.clone(), $reports.sessions.clone());
        $request
            .on_progress(move |p| progress.record(p))
            .on_start(move |s| sessions.lock().unwrap().push(s.clone()))
    }};
}

/// Resets the peak resident memory (`VmHWM`) to the current one, and returns the current one (`VmRSS`).
fn reset_peak_rss() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    proc_status_bytes("VmRSS:")
}

fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Waits until storage has no `PUT` in flight and has seen no new one for a moment (the connections of a
/// dropped upload close asynchronously).
async fn settle(fake: &Fake) {
    let mut seen = usize::MAX;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = fake.with_state(|s| s.puts.len());
        if now == seen && fake.in_flight.load(Ordering::SeqCst) == 0 {
            return;
        }
        seen = now;
    }
    panic!("storage never settled");
}

/// Asserts that no request to storage carried the API key, the client's default header or its user agent,
/// and that every API call carried the key.
fn assert_key_stayed_with_the_api(fake: &Fake) {
    fake.with_state(|state| {
        assert!(!state.puts.is_empty());
        for put in &state.puts {
            for (name, value) in &put.headers {
                assert!(
                    !["x-api-key", "x-team", "user-agent", "authorization"]
                        .contains(&name.as_str())
                        && !value.contains(API_KEY),
                    "storage received `{name}: {value}` with part {}",
                    put.part
                );
            }
        }
        assert!(state.api_calls.iter().all(|call| call.authenticated));
        assert!(
            state.stray_storage_requests.is_empty(),
            "{:?}",
            state.stray_storage_requests
        );
    });
}

/// Asserts progress was reported once per part, in order, counting from `done_before`.
fn assert_progress(progress: &[UploadProgress], done_before: u64, total_parts: u64, size: u64) {
    let counts: Vec<u64> = progress.iter().map(|p| p.parts_done).collect();
    assert_eq!(counts, (done_before + 1..=total_parts).collect::<Vec<_>>());
    let parts: BTreeSet<u64> = progress.iter().map(|p| p.part).collect();
    assert_eq!(parts.len(), progress.len(), "a part was reported twice");
    assert!(
        progress
            .windows(2)
            .all(|w| w[0].bytes_done < w[1].bytes_done)
    );
    assert!(
        progress
            .iter()
            .all(|p| p.total_parts == total_parts && p.total_bytes == size)
    );
    if let Some(last) = progress.last() {
        assert_eq!(last.bytes_done, size);
        assert_eq!(last.percentage(), 100.0);
    }
}

/// Uploads a `size`-byte file in parts of `part`: 4 in flight, every byte checked by storage, progress for
/// every part, and at most `max_growth` more peak memory than before.
async fn upload_whole_file(size: u64, part: u64, max_growth: u64) {
    let scratch = Scratch::new(&format!("whole-{size}"));
    let path = scratch.file("match.mp4", size, part);
    let total_parts = size.div_ceil(part);
    let mut setup = Setup::new(part);
    setup.upload_headers = Some(json!({"x-upload-tag": "t-1"}));
    let fake = Fake::start(setup).await;
    let client = client(&fake);
    let reports = Reports::default();

    let baseline = reset_peak_rss();
    let started = Instant::now();
    let uploaded = watched!(client.multipart_upload().upload_file(&path), reports)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let peak = proc_status_bytes("VmHWM:");

    assert_eq!(uploaded.upload_id, "up-1");
    assert_eq!(uploaded.asset_id.as_deref(), Some("asset-1"));
    assert_eq!(
        uploaded.asset_url.as_deref(),
        Some("https://assets.example.com/asset-1")
    );
    assert_eq!(
        (
            uploaded.total_parts,
            uploaded.parts_sent,
            uploaded.total_bytes
        ),
        (total_parts, total_parts, size)
    );
    let max_in_flight = fake.max_in_flight.load(Ordering::SeqCst);
    assert_eq!(max_in_flight, 4, "parts in flight at once");
    fake.with_state(|state| {
        assert_eq!(
            state.api_calls[0].body,
            json!({"filename": "match.mp4", "type": "video", "total_size": size})
        );
        let mut parts = state.complete_puts();
        parts.sort_unstable();
        assert_eq!(
            parts,
            (1..=total_parts).collect::<Vec<_>>(),
            "each part once"
        );
        for put in &state.puts {
            assert!(
                put.complete && put.content_ok,
                "part {} arrived wrong",
                put.part
            );
            let header = |name: &str| {
                put.headers
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            assert_eq!(header("content-type"), Some("application/octet-stream"));
            assert_eq!(
                header("x-upload-tag"),
                Some("t-1"),
                "the session's upload headers"
            );
        }
        assert!(state.bad_reports.is_empty(), "{:?}", state.bad_reports);
        assert_eq!(state.acknowledged.len() as u64, total_parts);
        // The first 8 URLs came with the session; the others were asked for, none twice.
        let asked: Vec<u64> = state
            .presigned
            .iter()
            .flat_map(|&(start, count)| start..start + count)
            .collect();
        assert_eq!(asked, (9..=total_parts).collect::<Vec<_>>());
    });
    assert_key_stayed_with_the_api(&fake);
    assert_progress(&reports.progress(), 0, total_parts, size);
    let sessions = reports.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (
            sessions[0].upload_id.as_str(),
            sessions[0].chunk_size,
            sessions[0].total_parts,
            sessions[0].parts_done
        ),
        ("up-1", part, total_parts, 0)
    );

    let growth = baseline
        .zip(peak)
        .map(|(before, after)| after.saturating_sub(before));
    println!(
        "uploaded {} MiB in {total_parts} parts in {elapsed:.2?} ({:.0} MiB/s); at most {max_in_flight} parts in flight; peak RSS grew {}",
        size / MIB,
        size as f64 / MIB as f64 / elapsed.as_secs_f64(),
        growth.map_or("(not measurable here)".to_string(), |g| format!(
            "{:.1} MiB",
            g as f64 / MIB as f64
        )),
    );
    if let Some(growth) = growth {
        assert!(growth < max_growth, "peak memory grew by {growth} bytes");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_1_gib_file_goes_up_4_parts_at_a_time_in_under_64_mib() {
    let _serial = serial().await;
    upload_whole_file(GIB, BIG_PART, 64 * MIB).await;
}

/// Uploads a `size`-byte file in parts of `part`, drops the upload once half the parts are acknowledged, and
/// resumes it by its id: the resume sends exactly the parts the API had not acknowledged.
async fn cancel_halfway_and_resume(size: u64, part: u64) {
    let scratch = Scratch::new(&format!("resume-{size}"));
    let path = scratch.file("match.mp4", size, part);
    let total_parts = size.div_ceil(part);
    let half = total_parts / 2;
    let fake = Fake::start(Setup::new(part)).await;
    let client = client(&fake);
    let (reports, halfway) = Reports::signalling_at(half);
    let upload = watched!(client.multipart_upload().upload_file(&path), reports);
    tokio::select! {
        finished = upload.into_future() => panic!("the upload ended before it was dropped: {finished:?}"),
        _ = halfway => {}
    }
    // The upload's future is dropped here.
    settle(&fake).await;
    let acknowledged_before_drop = reports.progress().len() as u64;
    assert!(acknowledged_before_drop >= half && acknowledged_before_drop < total_parts);
    let upload_id = reports.sessions()[0].upload_id.clone();
    let (puts_before, status_reads_before, presigned_before) =
        fake.with_state(|s| (s.puts.len(), s.status_reads.len(), s.presigned.len()));

    let resumed_reports = Reports::default();
    let resumed = watched!(
        client.multipart_upload().resume(&upload_id, &path),
        resumed_reports
    )
    .await
    .unwrap();

    let (sent_again, acknowledged_at_resume, asked) = fake.with_state(|state| {
        assert!(state.bad_reports.is_empty(), "{:?}", state.bad_reports);
        assert_eq!(state.acknowledged.len() as u64, total_parts);
        let sent: Vec<u64> = state.puts[puts_before..]
            .iter()
            .inspect(|put| {
                assert!(
                    put.complete && put.content_ok,
                    "part {} arrived wrong",
                    put.part
                )
            })
            .map(|put| put.part)
            .collect();
        let asked: Vec<u64> = state.presigned[presigned_before..]
            .iter()
            .flat_map(|&(start, count)| start..start + count)
            .collect();
        (sent, state.status_reads[status_reads_before].clone(), asked)
    });
    let missing: Vec<u64> = (1..=total_parts)
        .filter(|p| !acknowledged_at_resume.contains(p))
        .collect();
    assert!(acknowledged_at_resume.len() as u64 >= acknowledged_before_drop);
    let mut sorted = sent_again.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, missing,
        "the resume sends each missing part once, and nothing else"
    );
    assert!(
        asked.iter().all(|p| missing.contains(p)),
        "URLs are asked for the missing parts only: {asked:?}"
    );
    assert_eq!(resumed.upload_id, upload_id);
    assert_eq!(resumed.asset_id.as_deref(), Some("asset-1"));
    assert_eq!(
        (resumed.parts_sent, resumed.total_parts),
        (missing.len() as u64, total_parts)
    );
    let done_before = total_parts - missing.len() as u64;
    assert_progress(&resumed_reports.progress(), done_before, total_parts, size);
    let session = &resumed_reports.sessions()[0];
    assert_eq!(
        (
            session.parts_done,
            session.chunk_size,
            session.asset_id.as_deref()
        ),
        (done_before, part, None)
    );
    assert_key_stayed_with_the_api(&fake);
    println!(
        "dropped after {acknowledged_before_drop} of {total_parts} parts were acknowledged; {} were by the resume's start; it sent {} parts",
        acknowledged_at_resume.len(),
        sent_again.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_1_gib_upload_halfway_then_resuming_sends_only_the_missing_parts() {
    let _serial = serial().await;
    cancel_halfway_and_resume(GIB, BIG_PART).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_storage_failures_are_retried_with_the_clients_backoff() {
    let _serial = serial().await;
    let scratch = Scratch::new("retries");
    let path = scratch.file("a.mp4", SMALL, PART);
    let setup =
        Setup::new(PART)
            .fail(3, Fault::Status(500), true)
            .fail(5, Fault::Status(503), true);
    let fake = Fake::start(setup).await;
    let timer = RecordingTimer::new();
    let client = builder(&fake).timer(timer.clone()).build().unwrap();

    let uploaded = client.multipart_upload().upload_file(&path).await.unwrap();

    assert_eq!(uploaded.parts_sent, SMALL_PARTS);
    fake.with_state(|state| {
        let tries = |part| state.puts.iter().filter(|p| p.part == part).count();
        assert_eq!((tries(3), tries(5), tries(4)), (2, 2, 1));
        assert_eq!(state.acknowledged.len() as u64, SMALL_PARTS);
        assert!(
            state.bad_reports.is_empty(),
            "the retried parts report their second ETag"
        );
    });
    let sleeps = timer.sleeps();
    assert_eq!(sleeps.len(), 2, "one backoff per retried part: {sleeps:?}");
    assert!(
        sleeps.iter().all(|s| *s <= Duration::from_millis(500)),
        "{sleeps:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_without_an_etag_stops_the_upload_naming_it_and_a_resume_sends_the_rest() {
    let _serial = serial().await;
    let scratch = Scratch::new("etag");
    let path = scratch.file("a.mp4", SMALL, PART);
    let healed = Arc::new(AtomicBool::new(false));
    let mut setup = Setup::new(PART);
    setup.faults = Arc::new({
        let healed = healed.clone();
        move |part, _| {
            if part == 2 && !healed.load(Ordering::SeqCst) {
                Fault::NoEtag
            } else {
                Fault::None
            }
        }
    });
    let fake = Fake::start(setup).await;
    let client = client(&fake);

    let error = client
        .multipart_upload()
        .upload_file(&path)
        .concurrency(1)
        .await
        .unwrap_err();

    let Error::UploadIncomplete {
        operation,
        upload_id,
        part,
        total_parts,
        parts_acknowledged,
        source,
    } = &error
    else {
        panic!("expected an incomplete upload, got {error:?}");
    };
    assert_eq!(
        (
            *operation,
            upload_id.as_str(),
            *part,
            *total_parts,
            *parts_acknowledged
        ),
        (
            "multipart_upload.upload_file",
            "up-1",
            Some(2),
            SMALL_PARTS,
            1
        )
    );
    let Error::InvalidResponse {
        operation: "multipart_upload.upload_part",
        message,
    } = source.as_ref()
    else {
        panic!("expected the part's own error, got {source:?}");
    };
    assert!(
        message.contains("part 2") && message.contains("ETag"),
        "{message}"
    );
    assert_eq!(
        error.to_string(),
        "multipart_upload.upload_file: upload `up-1` stopped at part 2: 1 of 10 parts are uploaded and acknowledged; resuming it sends only the other 9"
    );
    assert!(!error.is_transient());
    // Nothing after the failed part was started (one part at a time).
    assert_eq!(fake.with_state(State::complete_puts), vec![1, 2]);

    healed.store(true, Ordering::SeqCst);
    let resumed = client
        .multipart_upload()
        .resume("up-1", &path)
        .await
        .unwrap();
    assert_eq!(resumed.parts_sent, 9);
    fake.with_state(|state| {
        let mut sent_again = state.complete_puts()[2..].to_vec();
        sent_again.sort_unstable();
        assert_eq!(sent_again, (2..=SMALL_PARTS).collect::<Vec<_>>());
        assert_eq!(state.acknowledged.len() as u64, SMALL_PARTS);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presigned_urls_that_are_not_http_are_refused_before_anything_is_sent() {
    let _serial = serial().await;
    let scratch = Scratch::new("schemes");
    let path = scratch.file("a.mp4", SMALL, PART);
    for (bad_part, scheme, operation) in [
        (1, "file", "multipart_upload.create"),
        (9, "ftp", "multipart_upload.get_additional_presigned_urls"),
    ] {
        let mut setup = Setup::new(PART);
        setup.rewrite_url = Some(Arc::new(move |part, url| {
            if part == bad_part {
                format!("{scheme}://127.0.0.1/etc/passwd?X-Signature=secret-sig")
            } else {
                url
            }
        }));
        let fake = Fake::start(setup).await;
        let error = client(&fake)
            .multipart_upload()
            .upload_file(&path)
            .await
            .unwrap_err();
        let refusal = match &error {
            Error::UploadIncomplete { part, source, .. } => {
                assert_eq!(*part, Some(bad_part));
                source.as_ref()
            }
            other => other,
        };
        let Error::InvalidResponse {
            operation: refused_by,
            message,
        } = refusal
        else {
            panic!("expected the URL refused, got {error:?}");
        };
        assert_eq!(*refused_by, operation);
        assert!(
            message.contains(&format!("part {bad_part}"))
                && message.contains(&format!("scheme `{scheme}`")),
            "{message}"
        );
        assert!(
            !error.to_string().contains("secret-sig")
                && !format!("{error:?}").contains("secret-sig")
        );
        assert!(
            fake.with_state(|s| s.puts.iter().all(|p| p.part < bad_part)),
            "nothing is sent to or after the refused URL"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_from_storage_is_not_followed() {
    let _serial = serial().await;
    let scratch = Scratch::new("redirect");
    let path = scratch.file("a.mp4", SMALL, PART);
    let elsewhere = tests::sink::start(200, "{}").await;
    let target = format!("{}/steal?X-Signature=secret-sig", elsewhere.uri);
    let fake = Fake::start(Setup::new(PART).fail(1, Fault::Redirect(target), false)).await;

    let error = client(&fake)
        .multipart_upload()
        .upload_file(&path)
        .concurrency(1)
        .await
        .unwrap_err();

    let Error::UploadIncomplete {
        part: Some(1),
        source,
        ..
    } = &error
    else {
        panic!("expected part 1 to stop the upload, got {error:?}");
    };
    let Error::Redirect {
        operation: "multipart_upload.upload_part",
        location,
        reason,
        ..
    } = source.as_ref()
    else {
        panic!("expected a redirect refused, got {source:?}");
    };
    assert_eq!(
        location.as_deref(),
        Some(format!("{}/steal", elsewhere.uri).as_str())
    );
    assert!(reason.contains("not followed"), "{reason}");
    assert!(
        elsewhere.received.lock().unwrap().is_empty(),
        "nothing may reach the redirect's target"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_url_is_replaced_once_with_a_fresh_one() {
    let _serial = serial().await;
    let scratch = Scratch::new("expired");
    let path = scratch.file("a.mp4", SMALL, PART);
    let fake = Fake::start(Setup::new(PART).fail(2, Fault::Status(403), true)).await;

    let uploaded = client(&fake)
        .multipart_upload()
        .upload_file(&path)
        .await
        .unwrap();

    assert_eq!(uploaded.parts_sent, SMALL_PARTS);
    fake.with_state(|state| {
        assert!(state.presigned.contains(&(2, 1)), "{:?}", state.presigned);
        assert_eq!(state.puts.iter().filter(|p| p.part == 2).count(), 2);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_changes_size_during_the_upload_stops_it() {
    let _serial = serial().await;
    let scratch = Scratch::new("grows");
    let path = scratch.file("a.mp4", SMALL, PART);
    let fake = Fake::start(Setup::new(PART)).await;
    let grow = path.clone();

    let error = client(&fake)
        .multipart_upload()
        .upload_file(&path)
        .concurrency(1)
        .on_progress(move |p| {
            if p.parts_done == 1 {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&grow)
                    .unwrap();
                file.write_all(b"more").unwrap();
            }
        })
        .await
        .unwrap_err();

    let Error::UploadIncomplete {
        part: Some(part),
        source,
        ..
    } = &error
    else {
        panic!("expected an incomplete upload, got {error:?}");
    };
    let Error::File {
        path: named,
        source: io,
        ..
    } = source.as_ref()
    else {
        panic!("expected a file error, got {source:?}");
    };
    assert_eq!(Path::new(named), path);
    assert!(io.to_string().contains("changed size"), "{io}");
    assert!(*part <= 3, "detected at part {part}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resuming_checks_the_file_and_sends_nothing_once_complete() {
    let _serial = serial().await;
    let scratch = Scratch::new("complete");
    let path = scratch.file("a.mp4", SMALL, PART);
    let other = scratch.file("b.mp4", SMALL + 1, PART);
    let fake = Fake::start(Setup::new(PART)).await;
    let client = client(&fake);
    client.multipart_upload().upload_file(&path).await.unwrap();
    let puts = fake.with_state(|s| s.puts.len());

    let again = client
        .multipart_upload()
        .resume("up-1", &path)
        .await
        .unwrap();
    assert_eq!((again.parts_sent, again.total_parts), (0, SMALL_PARTS));
    assert_eq!(fake.with_state(|s| s.puts.len()), puts, "nothing sent");

    // An incomplete upload refuses a file of another size.
    fake.state.lock().unwrap().acknowledged.remove(&4);
    let error = client
        .multipart_upload()
        .resume("up-1", &other)
        .await
        .unwrap_err();
    let Error::InvalidInput {
        operation: "multipart_upload.resume",
        message,
    } = &error
    else {
        panic!("expected the file refused, got {error:?}");
    };
    assert!(message.contains("is it the same file?"), "{message}");
    assert_eq!(fake.with_state(|s| s.puts.len()), puts, "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_files_and_directories_are_refused_before_any_call() {
    let _serial = serial().await;
    let scratch = Scratch::new("empty");
    let empty = scratch.0.join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let fake = Fake::start(Setup::new(PART)).await;
    for path in [empty.as_path(), scratch.0.as_path()] {
        let error = client(&fake)
            .multipart_upload()
            .upload_file(path)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::File {
                    operation: "multipart_upload.upload_file",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert!(fake.with_state(|s| s.api_calls.is_empty()));
}
