//! The SDK against hostile servers and careless callers, one test per fault: nothing panics, the key never
//! leaves the API's origin, every stream ends, no header can be injected or duplicated, no upload is sent
//! short or long as if complete, every error says what happened, and every call is bounded.
//!
//! The servers are byte-level (`tests::hostile`) on 127.0.0.1; requests are counted where they arrive.

use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::json;
use tests::hostile::{Hostile, Received, Reply, json, response};
use tests::{API_KEY, RecordingTimer};
use twelvelabs::models::AssetsCreateRequestMethod;
use twelvelabs::{Client, Error, InputFile, RequestOptions, WaitOptions};

const COLLECTION: &str = r#"{"_id":"c1","name":"Players"}"#;

fn client(server: &Hostile) -> Client {
    builder(server).build().expect("client")
}

/// A client whose sleeps are virtual (recorded, not waited).
fn builder(server: &Hostile) -> twelvelabs::ClientBuilder {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .timer(RecordingTimer::new())
}

fn collection_page(page: i64, ids: &[&str], total_page: Option<i64>) -> serde_json::Value {
    let items: Vec<_> = ids
        .iter()
        .map(|id| json!({"_id": id, "name": format!("Collection {id}")}))
        .collect();
    let mut info = json!({"page": page, "limit_per_page": ids.len().max(1)});
    if let Some(total) = total_page {
        info["total_page"] = json!(total);
    }
    json!({"data": items, "page_info": info})
}

fn page_asked(request: &Received) -> i64 {
    request
        .target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

// ---------------------------------------------------------------------------------------------------------
// One header crashes the client

#[tokio::test]
async fn huge_retry_after_values_end_the_retries_instead_of_panicking() {
    for (name, value) in [
        ("retry-after", "1e20"),
        ("retry-after", "18446744073709551616"),
        ("retry-after", "1e300"),
        ("retry-after-ms", "1e23"),
    ] {
        let server = Hostile::start(move |_, _| response(429, &[(name, value)], b"")).await;
        let client = client(&server);

        let error = client
            .entity_collections()
            .retrieve("c1")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429), "{value}");

        let error = client
            .entity_collections()
            .create("Players")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429), "{value}");

        let error = client
            .entity_collections()
            .list()
            .collect(None)
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429), "{value}");
        assert_eq!(
            server.count(),
            3,
            "{name}: {value}: no retry after a wait longer than the cap"
        );
    }
}

#[tokio::test]
async fn a_waiter_with_the_longest_interval_does_not_panic() {
    let server = Hostile::start(|_, _| {
        json(
            200,
            &json!({"_id": "a1", "status": "processing", "method": "direct"}),
        )
    })
    .await;
    let timer = RecordingTimer::new();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .timer(timer.clone())
        .build()
        .unwrap();
    let options = WaitOptions::default()
        .interval(Duration::MAX)
        .max_interval(Duration::MAX)
        .timeout(Duration::from_secs(10));
    let error = client
        .assets()
        .wait_until_ready("a1", options)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::WaitTimeout { ref last_status, .. } if last_status.as_deref() == Some("processing")),
        "{error:?}"
    );
    assert_eq!(server.count(), 1, "the first pause would pass the timeout");
    assert!(timer.sleeps().is_empty());
}

#[tokio::test]
async fn a_page_number_at_the_end_of_the_integers_ends_the_list() {
    let server = Hostile::start(|_, request| {
        let page = page_asked(request);
        json(200, &collection_page(page, &["c1"], None))
    })
    .await;
    let client = client(&server);
    let page = client
        .entity_collections()
        .list()
        .page(i64::MAX)
        .await
        .unwrap();
    assert_eq!(page.page, i64::MAX);
    assert_eq!(page.next_page(), None, "no page after i64::MAX");
    let pages: Vec<_> = client
        .entity_collections()
        .list()
        .page(i64::MAX)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].is_ok());
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------------------------------------
// The API key follows redirects to other hosts

/// A server that answers with a collection and records what it is sent.
async fn elsewhere() -> Hostile {
    Hostile::start(|_, _| {
        response(
            200,
            &[("content-type", "application/json")],
            COLLECTION.as_bytes(),
        )
    })
    .await
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/entity-collections/c1", other.uri);
        let api = Hostile::start(move |_, _| response(status, &[("location", &target)], b"")).await;
        let client = client(&api);

        let error = client
            .entity_collections()
            .retrieve("c1")
            .await
            .unwrap_err();
        let Error::Redirect {
            status: got,
            ref location,
            ref reason,
            ..
        } = error
        else {
            panic!("{status}: {error:?}")
        };
        assert_eq!(got.as_u16(), status);
        assert_eq!(
            location.as_deref(),
            Some(format!("{}/entity-collections/c1", other.uri).as_str())
        );
        assert!(reason.contains("were not sent to"), "{reason}");

        let error = client
            .entity_collections()
            .create("Players")
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Redirect { .. }),
            "{status}: {error:?}"
        );
        assert_eq!(api.count(), 2, "{status}: a redirect is not retried");
    }
    assert_eq!(
        other.count(),
        0,
        "the other origin never received a request, a key or a body"
    );
}

#[tokio::test]
async fn an_https_api_is_never_downgraded_and_other_ports_are_other_origins() {
    // Same host, another port: another origin.
    let other = elsewhere().await;
    let port = other.uri.rsplit(':').next().unwrap().to_string();
    let api = Hostile::start(move |_, _| {
        response(
            307,
            &[("location", &format!("http://127.0.0.1:{port}/x"))],
            b"",
        )
    })
    .await;
    let error = client(&api)
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Redirect { .. }), "{error:?}");
    assert_eq!(other.count(), 0);
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_the_key() {
    let api = Hostile::start(|n, _| match n {
        0 => response(302, &[("location", "/entity-collections/moved")], b""),
        _ => response(
            200,
            &[("content-type", "application/json")],
            COLLECTION.as_bytes(),
        ),
    })
    .await;
    let collection = client(&api)
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap();
    assert_eq!(collection.id.as_deref(), Some("c1"));
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].target, "/entity-collections/moved");
    assert_eq!(requests[1].header_values("x-api-key"), [API_KEY]);
}

#[tokio::test]
async fn a_callers_client_that_follows_a_redirect_elsewhere_does_not_return_the_other_answer() {
    let other = elsewhere().await;
    let target = format!("{}/entity-collections/c1", other.uri);
    let api = Hostile::start(move |_, _| response(302, &[("location", &target)], b"")).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&api.uri)
        .http_client(twelvelabs::reqwest::Client::new())
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    let Error::Redirect { ref reason, .. } = error else {
        panic!("{error:?}")
    };
    assert!(reason.contains("same_origin_redirects"), "{reason}");
}

// ---------------------------------------------------------------------------------------------------------
// Streams that never end

/// Drains a stream the way a log-and-continue caller does: errors are logged and polling goes on.
async fn drain<T>(
    mut stream: impl futures::Stream<Item = twelvelabs::Result<T>> + Unpin,
) -> Vec<Result<T, Error>> {
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        seen.push(item);
        assert!(seen.len() < 1000, "the stream did not end");
    }
    seen
}

#[tokio::test]
async fn the_same_page_again_and_again_ends_the_stream() {
    // The server ignores `page` and answers page 1 every time, claiming many pages.
    let server =
        Hostile::start(|_, _| json(200, &collection_page(1, &["c1", "c2"], Some(1_000_000_000))))
            .await;
    let pages = drain(client(&server).entity_collections().list().pages()).await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].is_ok());
    let Err(Error::InvalidResponse { message, .. }) = &pages[1] else {
        panic!("{pages:?}")
    };
    assert_eq!(
        message,
        "asked for page 2, the API answered with page 1; the list ends here"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn the_same_items_under_every_page_number_end_the_stream() {
    // The server echoes the page number but always sends the same items, with no totals.
    let server = Hostile::start(|_, request| {
        json(
            200,
            &collection_page(page_asked(request), &["c1", "c2"], None),
        )
    })
    .await;
    let items = drain(client(&server).entity_collections().list().items()).await;
    assert_eq!(items.len(), 3, "two items, then the error");
    let Err(Error::InvalidResponse { message, .. }) = &items[2] else {
        panic!("{items:?}")
    };
    assert!(
        message.contains("page 2 holds the same items as page 1"),
        "{message}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn empty_pages_beyond_the_data_end_the_stream() {
    let server = Hostile::start(|_, request| {
        let page = page_asked(request);
        let ids: &[&str] = if page == 1 { &["c1", "c2"] } else { &[] };
        json(200, &collection_page(page, ids, Some(1_000_000_000)))
    })
    .await;
    let items = drain(client(&server).entity_collections().list().items()).await;
    let ids: Vec<_> = items.into_iter().map(|c| c.unwrap().id.unwrap()).collect();
    assert_eq!(ids, ["c1", "c2"]);
    assert_eq!(server.count(), 2, "page 1, then the empty page 2");
}

#[tokio::test]
async fn a_permanent_error_ends_the_stream() {
    let server = Hostile::start(|_, _| {
        json(
            401,
            &json!({"code": "api_key_invalid", "message": "Bad key."}),
        )
    })
    .await;
    let items = drain(client(&server).entity_collections().list().items()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(401)
    );
    assert_eq!(
        server.count(),
        1,
        "a 401 is neither retried nor polled again"
    );
}

#[tokio::test]
async fn a_transient_error_is_retried_with_pauses_and_gives_up() {
    let server = Hostile::start(|_, _| response(503, &[], b"")).await;
    let timer = RecordingTimer::new();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .timer(timer.clone())
        .build()
        .unwrap();
    let items = drain(client.entity_collections().list().items()).await;
    assert_eq!(items.len(), twelvelabs::MAX_PAGE_FAILURES as usize);
    assert!(items.iter().all(|i| i.is_err()));
    // Each poll sends one attempt and two retries; between polls the stream pauses as well.
    assert_eq!(server.count(), 3 * twelvelabs::MAX_PAGE_FAILURES as usize);
    assert_eq!(
        timer.sleeps().len(),
        2 * twelvelabs::MAX_PAGE_FAILURES as usize + 2,
        "{:?}",
        timer.sleeps()
    );
}

#[tokio::test]
async fn a_page_number_other_than_the_one_asked_for_is_an_error() {
    let server = Hostile::start(|_, request| {
        let page = page_asked(request);
        let answered = if page == 2 { 7 } else { page };
        json(
            200,
            &collection_page(answered, &[&format!("c{page}")], Some(9)),
        )
    })
    .await;
    let pages = drain(client(&server).entity_collections().list().pages()).await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].as_ref().unwrap().page, 1);
    let Err(Error::InvalidResponse { message, .. }) = &pages[1] else {
        panic!("{pages:?}")
    };
    assert!(message.contains("asked for page 2, the API answered with page 7"));
}

// ---------------------------------------------------------------------------------------------------------
// Header injection through multipart file names

const ASSET: &str = r#"{"_id":"a1","status":"processing"}"#;

async fn asset_server() -> Hostile {
    Hostile::start(|_, _| {
        response(
            201,
            &[("content-type", "application/json")],
            ASSET.as_bytes(),
        )
    })
    .await
}

/// The header lines of each part of a multipart body.
fn part_heads(request: &Received) -> Vec<Vec<String>> {
    let content_type = request.header_values("content-type")[0].to_string();
    let boundary = content_type.split("boundary=").nth(1).unwrap().to_string();
    let body = String::from_utf8_lossy(&request.body).into_owned();
    body.split(&format!("--{boundary}"))
        .filter(|part| part.starts_with("\r\n"))
        .map(|part| {
            let head = part.split("\r\n\r\n").next().unwrap();
            head.split("\r\n")
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn file_names_cannot_add_part_headers() {
    let evil = "a\r\nContent-Type: text/html\r\nX-Evil: 1\r\n\"q.mp4";
    let dir = std::env::temp_dir().join(format!("tl-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let on_disk = dir.join("clip\r\nX-Evil: 1.mp4");
    std::fs::write(&on_disk, b"video").unwrap();
    let files = [
        InputFile::bytes(evil, b"video".to_vec()),
        InputFile::bytes("fine.mp4", b"video".to_vec()).with_file_name(evil),
        InputFile::path(&on_disk),
    ];
    for file in files {
        let server = asset_server().await;
        client(&server)
            .assets()
            .create(AssetsCreateRequestMethod::Direct)
            .file(file)
            .await
            .unwrap();
        let request = &server.requests()[0];
        let heads = part_heads(request);
        let file_part = heads.last().unwrap();
        assert_eq!(
            file_part.len(),
            2,
            "one disposition and one type: {file_part:?}"
        );
        assert!(
            file_part[0].starts_with("Content-Disposition: form-data; name=\"file\"; filename=\"")
        );
        assert!(file_part[0].contains("%0D%0A"), "{file_part:?}");
        assert!(
            !file_part.iter().any(|l| l.starts_with("X-Evil")),
            "{file_part:?}"
        );
        assert!(file_part[1].starts_with("Content-Type: "), "{file_part:?}");
        assert_ne!(file_part[1], "Content-Type: text/html");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------------------------
// Overrides that add instead of replace

async fn collection_server() -> Hostile {
    Hostile::start(|_, _| {
        response(
            201,
            &[("content-type", "application/json")],
            COLLECTION.as_bytes(),
        )
    })
    .await
}

#[tokio::test]
async fn caller_headers_replace_the_key_and_the_content_type() {
    let server = collection_server().await;
    client(&server)
        .entity_collections()
        .create("Players")
        .with_options(
            RequestOptions::new()
                .header("x-api-key", "tlk_other_key")
                .header("content-type", "application/json; charset=utf-8")
                .header("user-agent", "mine/1"),
        )
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header_values("x-api-key"), ["tlk_other_key"]);
    assert_eq!(
        request.header_values("content-type"),
        ["application/json; charset=utf-8"]
    );
    assert_eq!(request.header_values("user-agent"), ["mine/1"]);
}

#[tokio::test]
async fn framing_and_routing_headers_are_refused_as_overrides() {
    let server = collection_server().await;
    for (name, value) in [
        ("content-length", "2"),
        ("Transfer-Encoding", "chunked"),
        ("host", "evil.example"),
        ("connection", "close"),
    ] {
        let error = client(&server)
            .entity_collections()
            .create("Players")
            .with_options(RequestOptions::new().header(name, value))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { ref message, .. } if message.contains("cannot be set")),
            "{name}: {error:?}"
        );
    }
    let error = client(&server)
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url("https://example.com/a.mp4")
        .with_options(RequestOptions::new().header("content-type", "text/plain"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(server.count(), 0, "nothing was sent");
}

#[tokio::test]
async fn caller_query_parameters_replace_the_operations() {
    let server = Hostile::start(|_, request| {
        json(200, &collection_page(page_asked(request), &["c1"], Some(9)))
    })
    .await;
    client(&server)
        .entity_collections()
        .list()
        .page(2)
        .with_options(RequestOptions::new().query("page", "3"))
        .await
        .unwrap();
    assert_eq!(server.requests()[0].target, "/entity-collections?page=3");
}

// ---------------------------------------------------------------------------------------------------------
// Uploads that lie

#[tokio::test]
async fn a_reader_longer_or_shorter_than_announced_aborts_the_upload() {
    for (announced, actual, expected) in [
        (10u64, 20usize, "grew while it was being sent"),
        (20, 10, "ended after 10 of the 20 bytes announced"),
    ] {
        let server = asset_server().await;
        let data = vec![7u8; actual];
        let error = client(&server)
            .assets()
            .create(AssetsCreateRequestMethod::Direct)
            .file(InputFile::reader(
                "clip.mp4",
                std::io::Cursor::new(data),
                announced,
            ))
            .await
            .unwrap_err();
        let Error::File {
            ref path,
            ref source,
            ..
        } = error
        else {
            panic!("{error:?}")
        };
        assert_eq!(path, "clip.mp4");
        assert!(source.to_string().contains(expected), "{source}");
        assert!(
            server.settled_requests().await.iter().all(|r| !r.complete),
            "the server never received a complete body"
        );
    }
}

/// Uploads a 64 MiB file and changes its size as soon as the server has the request's head.
async fn upload_while(change: fn(&std::path::Path)) -> (Error, Hostile) {
    let dir = std::env::temp_dir().join(format!(
        "tl-hostile-size-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clip.mp4");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024).unwrap();
    drop(file);
    let changed = path.clone();
    let server = Hostile::start_with(
        |_, _| {
            response(
                201,
                &[("content-type", "application/json")],
                ASSET.as_bytes(),
            )
        },
        move |_| change(&changed),
    )
    .await;
    let error = client(&server)
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        .file(InputFile::path(&path))
        .with_options(RequestOptions::new().max_upload_bytes(u64::MAX))
        .await
        .unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    (error, server)
}

fn fastrand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn a_file_that_grows_or_shrinks_while_it_is_sent_aborts_the_upload() {
    let (error, server) = upload_while(|path| {
        let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(&[1u8; 4096]).unwrap();
    })
    .await;
    let Error::File { ref source, .. } = error else {
        panic!("{error:?}")
    };
    assert!(
        source.to_string().contains("grew while it was being sent"),
        "{source}"
    );
    assert!(!server.settled_requests().await[0].complete);
    assert_eq!(server.count(), 1, "not retried");

    let (error, server) = upload_while(|path| {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .unwrap()
            .set_len(1024)
            .unwrap();
    })
    .await;
    let Error::File { ref source, .. } = error else {
        panic!("{error:?}")
    };
    assert!(source.to_string().contains("did it shrink"), "{source}");
    assert!(!server.settled_requests().await[0].complete);
}

#[tokio::test]
async fn a_directory_is_not_a_file_to_upload() {
    let server = asset_server().await;
    let error = client(&server)
        .assets()
        .create(AssetsCreateRequestMethod::Direct)
        .file(InputFile::path(std::env::temp_dir()))
        .await
        .unwrap_err();
    let Error::File { ref source, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!(source.to_string(), "it is a directory, not a file");
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------------------------------------
// Errors that mislead

#[tokio::test]
async fn a_post_whose_response_was_cut_short_may_have_been_applied() {
    let replies = [
        Reply::Raw(b"HTTP/1.1 201 Created\r\ncontent-length: 100\r\n\r\n{\"_id\"".to_vec()),
        Reply::Close,
    ];
    for reply in replies {
        let server = Hostile::start(move |_, _| reply.clone()).await;
        let error = client(&server)
            .entity_collections()
            .create("Players")
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Interrupted {
                    maybe_applied: true,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .ends_with("the API may have applied the request: check before sending it again"),
            "{error}"
        );
        assert_eq!(
            server.count(),
            1,
            "a POST that may have been applied is not replayed"
        );
    }
}

#[tokio::test]
async fn error_chains_do_not_repeat_themselves() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .timer(RecordingTimer::new())
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(next) = source {
        chain.push(next.to_string());
        source = next.source();
    }
    assert_eq!(
        chain[0],
        "entity_collections.retrieve: could not connect to the API; nothing was sent"
    );
    for pair in chain.windows(2) {
        assert!(!pair[0].contains(&pair[1]), "{chain:?}");
    }
}

#[tokio::test]
async fn an_id_too_long_for_a_url_is_invalid_input() {
    let server = collection_server().await;
    let error = client(&server)
        .entity_collections()
        .retrieve("x".repeat(200 * 1024))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidInput { ref message, .. } if message.contains("too long")),
        "{error:?}"
    );
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------------------------------------
// Unbounded

#[tokio::test]
async fn the_operation_timeout_bounds_a_call_across_attempts() {
    // A server that never answers: the deadline cuts the attempt short.
    let server = Hostile::start(|_, _| Reply::Hang).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { overall: true, timeout, .. } if timeout == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "not the 60 s attempt timeout"
    );
    assert_eq!(server.count(), 1);

    // Backoff counts too: no retry starts whose wait would pass the deadline.
    let server = Hostile::start(|_, _| response(503, &[("retry-after", "0.6")], b"")).await;
    let timer = RecordingTimer::new();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .operation_timeout(Duration::from_secs(1))
        .max_retries(5)
        .timer(timer.clone())
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.count(),
        2,
        "the third attempt would start after the deadline"
    );
    assert_eq!(timer.sleeps(), [Duration::from_millis(600)]);
}

#[tokio::test]
async fn a_waiters_timeout_bounds_its_reads() {
    let server = Hostile::start(|_, _| Reply::Hang).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .assets()
        .wait_until_ready(
            "a1",
            WaitOptions::default().timeout(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::WaitTimeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_response_larger_than_the_cap_is_not_read() {
    // Announced too large.
    let server = Hostile::start(|_, _| Reply::Flood {
        head:
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n"
                .to_string(),
        body_bytes: 100 * 1024 * 1024,
    })
    .await;
    let client = builder(&server)
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    let error = client.entity_collections().list().await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1048576, .. }),
        "{error:?}"
    );
    // Not announced: cut off once past the cap.
    let server = Hostile::start(|_, _| Reply::Flood {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
            .to_string(),
        body_bytes: 100 * 1024 * 1024,
    })
    .await;
    let client = builder(&server)
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    let error = client.entity_collections().list().await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    assert_eq!(server.count(), 1, "not retried");
}

#[tokio::test]
async fn a_huge_error_body_is_kept_only_in_part() {
    // 100 MiB: far more than the kernel buffers between the two ends, so the server sees the client stop.
    let server = Hostile::start(|_, _| Reply::Flood {
        head: "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n"
            .to_string(),
        body_bytes: 100 * 1024 * 1024,
    })
    .await;
    let error = client(&server)
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 404);
    assert!(
        api.body.as_ref().is_some_and(|b| b.len() <= 4100),
        "{:?}",
        api.body.as_ref().map(String::len)
    );
    for _ in 0..500 {
        if !server.replies_written_whole().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        server.replies_written_whole(),
        [false],
        "the client stopped reading the error body"
    );
}

#[tokio::test]
async fn the_same_client_serves_many_hostile_calls_concurrently() {
    // Everything above at once on one client: nothing is poisoned by a previous failure.
    let server = Hostile::start(|n, request| match n % 4 {
        0 => Reply::Close,
        1 => response(429, &[("retry-after", "1e300")], b""),
        2 => json(200, &collection_page(page_asked(request), &["c1"], Some(1))),
        _ => Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n{".to_vec()),
    })
    .await;
    let client = Arc::new(client(&server));
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.entity_collections().list().collect(None).await })
    });
    for call in calls {
        let _ = call.await.expect("no panic");
    }
}
