//! Waiters against a local server, with the client's timer injected: no test waits on the wall clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use tests::{RecordingTimer, client_with_timer};
use twelvelabs::models::{AssetStatus, EntityStatus};
use twelvelabs::{Error, WaitOptions};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers with the given statuses in turn, repeating the last.
struct Statuses {
    statuses: Vec<&'static str>,
    calls: AtomicUsize,
}

impl Statuses {
    fn new(statuses: &[&'static str]) -> Self {
        Self {
            statuses: statuses.to_vec(),
            calls: AtomicUsize::new(0),
        }
    }
}

impl Respond for Statuses {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        let status = self.statuses[call.min(self.statuses.len() - 1)];
        ResponseTemplate::new(200).set_body_json(json!({"_id": "x1", "status": status}))
    }
}

fn fast() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_secs(5))
        .backoff(2.0)
        .max_interval(Duration::from_secs(30))
        .timeout(Duration::from_secs(600))
}

#[tokio::test]
async fn an_asset_waiter_returns_the_ready_asset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assets/x1"))
        .respond_with(Statuses::new(&[
            "waiting",
            "processing",
            "processing",
            "ready",
        ]))
        .mount(&server)
        .await;
    let timer = RecordingTimer::new();
    let asset = client_with_timer(&server, timer.clone())
        .assets()
        .wait_until_ready("x1", fast())
        .await
        .unwrap();
    assert_eq!(asset.status, Some(AssetStatus::Ready));
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
    // Three pauses, growing (5 s, 10 s, 20 s before jitter of at most a quarter).
    let sleeps = timer.sleeps();
    assert_eq!(sleeps.len(), 3);
    for (sleep, nominal) in sleeps.iter().zip([5.0, 10.0, 20.0]) {
        let secs = sleep.as_secs_f64();
        assert!(secs <= nominal && secs >= nominal * 0.75, "{sleeps:?}");
    }
}

#[tokio::test]
async fn a_failure_status_ends_the_wait_with_its_own_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/indexes/i1/indexed-assets/x1"))
        .respond_with(Statuses::new(&["pending", "indexing", "failed"]))
        .mount(&server)
        .await;
    let error = client_with_timer(&server, RecordingTimer::new())
        .indexes()
        .indexed_assets()
        .wait_until_ready("i1", "x1", fast())
        .await
        .unwrap_err();
    let Error::WaitFailed {
        operation,
        status,
        resource,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*operation, "indexes.indexed_assets.wait_until_ready");
    assert_eq!(status, "failed");
    assert_eq!(resource["_id"], "x1");
    assert_eq!(
        error.to_string(),
        "indexes.indexed_assets.wait_until_ready: the resource reached the failure status `failed`"
    );
}

#[tokio::test]
async fn the_timeout_error_carries_the_last_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/c1/entities/e1"))
        .respond_with(Statuses::new(&["processing"]))
        .mount(&server)
        .await;
    let timer = RecordingTimer::new();
    let options = WaitOptions::default()
        .interval(Duration::from_secs(10))
        .backoff(1.0)
        .timeout(Duration::from_secs(60));
    let error = client_with_timer(&server, timer.clone())
        .entity_collections()
        .entities()
        .wait_until_ready("c1", "e1", options)
        .await
        .unwrap_err();
    let Error::WaitTimeout {
        last_status,
        waited,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(last_status.as_deref(), Some("processing"));
    // Never slept past the deadline: a pause that would end after it ends the wait instead.
    assert!(
        *waited > Duration::from_secs(50) && *waited <= Duration::from_secs(60),
        "{waited:?}"
    );
    assert_eq!(timer.elapsed(), *waited);
    let reads = server.received_requests().await.unwrap().len();
    assert!(
        (6..=8).contains(&reads),
        "{reads} reads in 60 s at 7.5-10 s intervals"
    );
    assert!(
        error.to_string().contains("still `processing` after"),
        "{error}"
    );
}

#[tokio::test]
async fn a_status_the_sdk_does_not_know_keeps_waiting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/c1/entities/e1"))
        .respond_with(Statuses::new(&["reindexing", "ready"]))
        .mount(&server)
        .await;
    let entity = client_with_timer(&server, RecordingTimer::new())
        .entity_collections()
        .entities()
        .wait_until_ready("c1", "e1", fast())
        .await
        .unwrap();
    assert_eq!(entity.status, Some(EntityStatus::Ready));
}

#[tokio::test]
async fn errors_of_the_reads_end_the_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = client_with_timer(&server, RecordingTimer::new())
        .indexes()
        .indexed_assets()
        .wait_until_ready("i1", "gone", fast())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
