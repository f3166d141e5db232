//! Iterating 10,000 items over 200 pages from a local server, with prefetch on (the default) and off.
//!
//! The server takes 1 ms per page, as a stand-in for its own work. Two consumers: one that only counts the items,
//! and one that spends 1 ms on each page (as a caller that writes each page somewhere would). Prefetch overlaps the
//! next page's request with the caller's work, so the second consumer shows what it is for.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use futures::StreamExt;
use serde_json::json;
use twelvelabs::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const PAGES: i64 = 200;
const PER_PAGE: i64 = 50;

struct Collections;

impl Respond for Collections {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: i64 = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .map_or(1, |(_, v)| v.parse().unwrap());
        let first = (page - 1) * PER_PAGE;
        let items: Vec<_> = (first..first + PER_PAGE)
            .map(|i| {
                json!({
                    "_id": format!("6298d673f1090f11{i:08}"),
                    "name": format!("Collection {i}"),
                    "description": "Players of the home team, season 2026",
                    "created_at": "2026-01-15T10:30:00Z",
                    "updated_at": "2026-02-01T08:00:00Z"
                })
            })
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "data": items,
                "page_info": {"page": page, "limit_per_page": PER_PAGE, "total_page": PAGES, "total_results": PAGES * PER_PAGE}
            }))
            .set_delay(Duration::from_millis(1))
    }
}

async fn iterate(client: &Client, prefetch: usize, work_per_page: Option<Duration>) -> usize {
    let mut pages = client
        .entity_collections()
        .list()
        .page_limit(PER_PAGE)
        .pages()
        .prefetch(prefetch);
    let mut count = 0;
    while let Some(page) = pages.next().await {
        count += page.expect("page").items.len();
        if let Some(work) = work_per_page {
            tokio::time::sleep(work).await;
        }
    }
    count
}

fn pagination(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .and(path("/entity-collections"))
            .respond_with(Collections)
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder()
        .api_key("bench")
        .base_url(server.uri())
        .build()
        .unwrap();
    assert_eq!(
        runtime.block_on(iterate(&client, 1, None)),
        (PAGES * PER_PAGE) as usize
    );

    let mut group = c.benchmark_group("list 10,000 items over 200 pages");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for (consumer, work) in [
        ("counting", None),
        ("1 ms of work per page", Some(Duration::from_millis(1))),
    ] {
        for prefetch in [0, 1, 4] {
            group.bench_function(format!("{consumer}, prefetch {prefetch}"), |b| {
                b.to_async(&runtime)
                    .iter(|| iterate(&client, prefetch, work))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, pagination);
criterion_main!(benches);
