//! Pagination against a local server: both streams, totals, prefetch overlap, and a transient error in the
//! middle. The rules that end a stream on a hostile server are tested in `hostile.rs`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use tests::{API_KEY, RecordingTimer, client};
use twelvelabs::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const PAGES: i64 = 3;
const PER_PAGE: i64 = 4;

/// The collections list in pages of 4, 3 pages (the last one short); reports each request's page to `seen`.
struct Collections {
    seen: Mutex<Option<tokio::sync::mpsc::UnboundedSender<i64>>>,
    fail_page_once: Option<i64>,
    failed: AtomicBool,
}

impl Collections {
    fn new() -> Self {
        Self {
            seen: Mutex::new(None),
            fail_page_once: None,
            failed: AtomicBool::new(false),
        }
    }
}

fn requested_page(request: &Request) -> i64 {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == "page")
        .map_or(1, |(_, v)| v.parse().unwrap())
}

impl Respond for Collections {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page = requested_page(request);
        if let Some(seen) = &*self.seen.lock().unwrap() {
            let _ = seen.send(page);
        }
        if self.fail_page_once == Some(page) && !self.failed.swap(true, Ordering::SeqCst) {
            return ResponseTemplate::new(503)
                .set_body_json(json!({"code": "flaky", "message": "try again"}));
        }
        let total = PAGES * PER_PAGE - 2;
        let first = (page - 1) * PER_PAGE;
        let items: Vec<_> = (first..(first + PER_PAGE).min(total))
            .map(|i| json!({"_id": format!("c{i}"), "name": format!("Collection {i}")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "data": items,
            "page_info": {"page": page, "limit_per_page": PER_PAGE, "total_page": PAGES, "total_results": total}
        }))
    }
}

async fn server(responder: Collections) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections"))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

fn expected_ids() -> Vec<String> {
    (0..PAGES * PER_PAGE - 2).map(|i| format!("c{i}")).collect()
}

#[tokio::test]
async fn one_page_carries_its_totals() {
    let server = server(Collections::new()).await;
    let page = client(&server)
        .entity_collections()
        .list()
        .page(2)
        .page_limit(PER_PAGE)
        .await
        .unwrap();
    assert_eq!(page.page, 2);
    assert_eq!(page.total_pages, Some(PAGES));
    assert_eq!(page.total_results, Some(PAGES * PER_PAGE - 2));
    assert_eq!(page.limit_per_page, Some(PER_PAGE));
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.id.clone().unwrap())
            .collect::<Vec<_>>(),
        ["c4", "c5", "c6", "c7"]
    );
    assert_eq!(page.next_page(), Some(3));
}

#[tokio::test]
async fn both_streams_yield_every_item_once_and_in_order() {
    let server = server(Collections::new()).await;
    let client = client(&server);

    let pages: Vec<_> = client
        .entity_collections()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| p.page).collect::<Vec<_>>(), [1, 2, 3]);
    let from_pages: Vec<String> = pages.into_iter().flatten().map(|c| c.id.unwrap()).collect();
    assert_eq!(from_pages, expected_ids());

    let from_items: Vec<String> = client
        .entity_collections()
        .list()
        .items()
        .map_ok(|c| c.id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(from_items, expected_ids());

    // Each page was requested exactly once per iteration.
    let mut requested: Vec<i64> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(requested_page)
        .collect();
    requested.sort();
    assert_eq!(requested, [1, 1, 2, 2, 3, 3]);
}

#[tokio::test]
async fn collect_stops_at_the_limit_and_pages_start_where_asked() {
    let server = server(Collections::new()).await;
    let client = client(&server);
    let five = client
        .entity_collections()
        .list()
        .collect(Some(5))
        .await
        .unwrap();
    assert_eq!(
        five.into_iter().map(|c| c.id.unwrap()).collect::<Vec<_>>(),
        expected_ids()[..5]
    );
    let from_two = client
        .entity_collections()
        .list()
        .page(2)
        .collect(None)
        .await
        .unwrap();
    assert_eq!(
        from_two
            .into_iter()
            .map(|c| c.id.unwrap())
            .collect::<Vec<_>>(),
        expected_ids()[4..]
    );
}

#[tokio::test]
async fn the_next_page_is_requested_while_the_caller_holds_the_current_one() {
    let (seen, mut requests) = tokio::sync::mpsc::unbounded_channel();
    let responder = Collections::new();
    *responder.seen.lock().unwrap() = Some(seen);
    let server = server(responder).await;
    let mut pages = client(&server).entity_collections().list().pages();

    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.page, 1);
    assert_eq!(requests.recv().await, Some(1));
    // The stream is not polled again until page 2's request has reached the server: it was sent ahead.
    let ahead = tokio::time::timeout(Duration::from_secs(10), requests.recv())
        .await
        .expect("page 2 requested ahead");
    assert_eq!(ahead, Some(2));

    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(second.page, 2);
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(10), requests.recv())
            .await
            .unwrap(),
        Some(3)
    );
    assert_eq!(pages.next().await.unwrap().unwrap().page, 3);
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn a_transient_error_on_page_two_is_returned_and_the_iteration_goes_on_after_a_pause() {
    let responder = Collections {
        fail_page_once: Some(2),
        ..Collections::new()
    };
    let server = server(responder).await;
    let timer = RecordingTimer::new();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .timer(timer.clone())
        .build()
        .unwrap();

    let mut pages = client.entity_collections().list().pages().prefetch(0);
    let mut outcome = Vec::new();
    while let Some(page) = pages.next().await {
        outcome.push(
            page.map(|p| p.page)
                .map_err(|e| e.status().map(|s| s.as_u16())),
        );
    }
    assert_eq!(outcome, [Ok(1), Err(Some(503)), Ok(2), Ok(3)]);
    assert_eq!(
        timer.sleeps().len(),
        1,
        "one pause before page 2 was asked for again"
    );

    // The item stream surfaces the error in place of page 2's items, then continues with them.
    let responder = Collections {
        fail_page_once: Some(2),
        ..Collections::new()
    };
    let server = self::server(responder).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .timer(RecordingTimer::new())
        .build()
        .unwrap();
    let items: Vec<Result<String, Error>> = client
        .entity_collections()
        .list()
        .items()
        .map_ok(|c| c.id.unwrap())
        .collect()
        .await;
    let errors = items.iter().filter(|i| i.is_err()).count();
    let ids: Vec<String> = items.into_iter().filter_map(Result::ok).collect();
    assert_eq!(errors, 1);
    assert_eq!(ids, expected_ids());
}

#[tokio::test]
async fn dropping_a_stream_early_is_clean() {
    let server = server(Collections::new()).await;
    let client = client(&server);
    let mut items = client.entity_collections().list().items();
    assert_eq!(
        items.next().await.unwrap().unwrap().id.as_deref(),
        Some("c0")
    );
    drop(items);
    // The client is still usable and nothing is left half-done.
    assert_eq!(
        client
            .entity_collections()
            .list()
            .collect(None)
            .await
            .unwrap()
            .len(),
        expected_ids().len()
    );
}

/// A search results page with the given clip ids and, unless last, the token of the next page.
fn search_page(ids: &[&str], next: Option<&str>) -> serde_json::Value {
    let data: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| json!({"video_id": id, "start": 1.0, "end": 2.0, "rank": 1}))
        .collect();
    let mut page_info = json!({"limit_per_page": 2, "total_results": 5});
    if let Some(token) = next {
        page_info["next_page_token"] = json!(token);
    }
    json!({"data": data, "page_info": page_info})
}

#[tokio::test]
async fn search_items_follow_the_page_tokens_to_the_last_page() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(search_page(&["a", "b"], Some("t2"))),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search/t2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(search_page(&["c", "d"], Some("t3"))),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search/t3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(search_page(&["e"], None)))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server)
        .search()
        .create(
            "idx",
            [twelvelabs::models::SearchCreateRequestSearchOptionsItem::Visual],
        )
        .query_text("goal")
        .items()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<_> = items
        .iter()
        .map(|i| i.video_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    // Nothing is asked after the page without a token (the mocks' `expect(1)` checks each was asked once).
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_search_token_that_comes_back_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(search_page(&["a"], Some("t2"))))
        .mount(&server)
        .await;
    // Page t2 points at t2 again: followed as written, the stream would never end.
    Mock::given(method("GET"))
        .and(path("/search/t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(search_page(&["b"], Some("t2"))))
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server)
        .search()
        .create(
            "idx",
            [twelvelabs::models::SearchCreateRequestSearchOptionsItem::Visual],
        )
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().video_id.as_deref(), Some("a"));
    assert_eq!(results[1].as_ref().unwrap().video_id.as_deref(), Some("b"));
    assert!(
        matches!(&results[2], Err(Error::InvalidResponse { .. })),
        "{:?}",
        results[2]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failed_search_is_the_streams_only_item() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/search"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"code": "search_option_not_supported", "message": "no"})),
        )
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server)
        .search()
        .create(
            "idx",
            [twelvelabs::models::SearchCreateRequestSearchOptionsItem::Visual],
        )
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    let error = results[0].as_ref().unwrap_err();
    assert_eq!(
        error.as_api().map(|a| a.status.as_u16()),
        Some(400),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_empty_search_page_ends_the_stream_whatever_token_it_carries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(search_page(&["a"], Some("t2"))))
        .mount(&server)
        .await;
    // Every later page is empty and names a new token: followed, it would never end.
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let next = counter.clone();
    Mock::given(method("GET"))
        .respond_with(move |_: &Request| {
            let n = next.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(search_page(&[], Some(&format!("t{}", n + 3))))
        })
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server)
        .search()
        .create(
            "idx",
            [twelvelabs::models::SearchCreateRequestSearchOptionsItem::Visual],
        )
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().video_id.as_deref(), Some("a"));
    assert_eq!(
        counter.load(Ordering::SeqCst),
        1,
        "one empty page read, then the end"
    );
}
