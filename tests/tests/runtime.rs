//! The runtime under every generated method, against a real HTTP server on 127.0.0.1: retries and backoff (with
//! an injected timer, so no test waits), timeouts, typed errors, raw responses, and the safety guarantees.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tests::{API_KEY, RecordingTimer, client, client_with_timer};
use twelvelabs::{Client, Error, RequestOptions, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const COLLECTION: &str = r#"{"_id": "c1", "name": "Players"}"#;

/// Answers with each template in turn, then repeats the last one.
struct Sequence(std::sync::Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    fn new(templates: Vec<ResponseTemplate>) -> Self {
        let mut templates = templates;
        templates.reverse();
        Self(std::sync::Mutex::new(templates))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let mut templates = self.0.lock().unwrap();
        if templates.len() > 1 {
            templates.pop().unwrap()
        } else {
            templates[0].clone()
        }
    }
}

fn ok_collection() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(COLLECTION, "application/json")
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn every_retryable_status_is_retried_until_success() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/entity-collections/c1"))
            .respond_with(Sequence::new(vec![
                ResponseTemplate::new(status),
                ok_collection(),
            ]))
            .mount(&server)
            .await;
        let timer = RecordingTimer::new();
        let collection = client_with_timer(&server, timer.clone())
            .entity_collections()
            .retrieve("c1")
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(collection.id.as_deref(), Some("c1"), "{status}");
        assert_eq!(
            received(&server).await,
            2,
            "{status}: one failure, one retry"
        );
        assert_eq!(timer.sleeps().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"code":"resource_not_exists","message":"No such collection."}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let error = client_with_timer(&server, RecordingTimer::new())
        .entity_collections()
        .retrieve("nope")
        .await
        .unwrap_err();
    assert_eq!(received(&server).await, 1);
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("resource_not_exists"));
    assert_eq!(api.message.as_deref(), Some("No such collection."));
}

/// Answers `first` once, then a collection; returns the pauses the client asked its timer for in between.
async fn sleeps_after(first: ResponseTemplate) -> Vec<Duration> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![first, ok_collection()]))
        .mount(&server)
        .await;
    let timer = RecordingTimer::new();
    client_with_timer(&server, timer.clone())
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap();
    timer.sleeps()
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let sleeps = sleeps_after(ResponseTemplate::new(429).insert_header("retry-after", "7")).await;
    assert_eq!(sleeps, vec![Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let at = (chrono::Utc::now() + chrono::Duration::seconds(30))
        .to_rfc2822()
        .replace("+0000", "GMT");
    let sleeps =
        sleeps_after(ResponseTemplate::new(503).insert_header("retry-after", at.as_str())).await;
    let [slept] = sleeps[..] else {
        panic!("{sleeps:?}")
    };
    // The date has one-second resolution and a moment passes before the client reads it.
    assert!(
        slept > Duration::from_secs(27) && slept <= Duration::from_secs(30),
        "{slept:?}"
    );
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after-ms", "1500")
        .insert_header("retry-after", "60");
    assert_eq!(
        sleeps_after(limited).await,
        vec![Duration::from_millis(1500)]
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_returns_the_error_instead_of_waiting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let timer = RecordingTimer::new();
    let error = client_with_timer(&server, timer.clone())
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(timer.sleeps().is_empty());
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn retries_stop_at_the_configured_maximum_with_growing_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let timer = RecordingTimer::new();
    let policy = RetryPolicy::new()
        .max_retries(4)
        .backoff(Duration::from_millis(100), Duration::from_millis(250));
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(policy)
        .timer(timer.clone())
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(received(&server).await, 5, "one attempt and four retries");
    let sleeps = timer.sleeps();
    assert_eq!(sleeps.len(), 4);
    for (sleep, cap) in sleeps.iter().zip([100, 200, 250, 250]) {
        assert!(*sleep <= Duration::from_millis(cap), "{sleeps:?}");
    }
}

#[tokio::test]
async fn a_post_answered_with_500_is_sent_exactly_once() {
    for status in [500, 502, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/entity-collections"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let timer = RecordingTimer::new();
        let error = client_with_timer(&server, timer.clone())
            .entity_collections()
            .create("Players")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            received(&server).await,
            1,
            "POST answered {status} must not be replayed"
        );
        assert!(timer.sleeps().is_empty());
    }
}

#[tokio::test]
async fn a_post_the_server_refused_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(429),
            ResponseTemplate::new(201).set_body_raw(COLLECTION, "application/json"),
        ]))
        .mount(&server)
        .await;
    let collection = client_with_timer(&server, RecordingTimer::new())
        .entity_collections()
        .create("Players")
        .await
        .unwrap();
    assert_eq!(collection.id.as_deref(), Some("c1"));
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn unsafe_posts_are_replayed_only_when_the_policy_allows() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(500),
            ok_collection(),
        ]))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::new().retry_unsafe_posts(true))
        .timer(RecordingTimer::new())
        .build()
        .unwrap();
    client.entity_collections().create("Players").await.unwrap();
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn per_request_max_retries_overrides_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_with_timer(&server, RecordingTimer::new());
    client
        .entity_collections()
        .retrieve("c1")
        .with_options(RequestOptions::new().max_retries(0))
        .await
        .unwrap_err();
    assert_eq!(received(&server).await, 1);
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    client
        .entity_collections()
        .retrieve("c1")
        .with_options(RequestOptions::new().max_retries(5))
        .await
        .unwrap_err();
    assert_eq!(received(&server).await, 6);
}

#[tokio::test]
async fn a_slow_server_produces_the_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_collection().set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(150))
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { operation: "entity_collections.retrieve", timeout, overall: false, maybe_applied: false } if timeout == Duration::from_millis(150)),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("entity_collections.retrieve: no response within 150ms"),
        "{error}"
    );
}

#[tokio::test]
async fn per_request_timeout_overrides_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_collection().set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    // The client's timeout is generous; the request's is not.
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .entity_collections()
        .retrieve("c1")
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(100)),
        "{error:?}"
    );
    // And the other way round: a short client timeout, a longer per-request one.
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    let collection = client
        .entity_collections()
        .retrieve("c1")
        .with_options(RequestOptions::new().timeout(Duration::from_secs(20)))
        .await
        .unwrap();
    assert_eq!(collection.id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn a_timed_out_get_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![
            ok_collection().set_delay(Duration::from_secs(30)),
            ok_collection(),
        ]))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(150))
        .timer(RecordingTimer::new())
        .build()
        .unwrap();
    client.entity_collections().retrieve("c1").await.unwrap();
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn an_undecodable_body_names_the_operation_and_shows_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .entity_collections()
        .retrieve("c1")
        .await
        .unwrap_err();
    let Error::Decode {
        operation,
        status,
        body_start,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*operation, "entity_collections.retrieve");
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body_start, "<html>maintenance</html>");
    assert!(
        error.to_string().starts_with(
            "entity_collections.retrieve: the HTTP 200 OK response body could not be decoded"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn the_request_id_is_carried_into_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "req_8f2c")
                .set_body_raw(
                    r#"{"code":"parameter_invalid","message":"name is too long"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .entity_collections()
        .create("x".repeat(500))
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().and_then(|e| e.request_id.as_deref()),
        Some("req_8f2c")
    );
    assert_eq!(
        error.to_string(),
        "entity_collections.create: the API answered HTTP 400 Bad Request [parameter_invalid]: name is too long (request id req_8f2c)"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error() {
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
        .create("Players")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Connection {
                operation: "entity_collections.create",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_key_never_appears_in_debug_output_or_errors() {
    let secret = "tlk_SUPER_SECRET_9c1e";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/api"))
        .respond_with(ResponseTemplate::new(401).set_body_raw("unauthorized", "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/decode"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{", "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/entity-collections/slow"))
        .respond_with(ok_collection().set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(secret)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable = Client::builder()
        .api_key(secret)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let errors = vec![
        client
            .entity_collections()
            .retrieve("api")
            .await
            .unwrap_err(),
        client
            .entity_collections()
            .retrieve("decode")
            .await
            .unwrap_err(),
        client
            .entity_collections()
            .retrieve("slow")
            .await
            .unwrap_err(),
        client
            .entity_collections()
            .retrieve("..")
            .await
            .unwrap_err(),
        client
            .entity_collections()
            .retrieve("x")
            .with_options(RequestOptions::new().header("x-bad", "a\nb"))
            .await
            .unwrap_err(),
        unreachable
            .entity_collections()
            .retrieve("x")
            .await
            .unwrap_err(),
        Client::builder()
            .api_key(format!("{secret}\n"))
            .build()
            .unwrap_err(),
    ];
    assert_eq!(errors.len(), 7);
    for error in &errors {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains(secret), "the key leaked: {shown}");
        }
    }
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", Client::builder().api_key(secret)),
    ] {
        assert!(!shown.contains(secret), "the key leaked: {shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    // The key is still what the server receives.
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("x-api-key").map(|v| v.to_str().unwrap()) == Some(secret))
    );
}

#[tokio::test]
async fn ids_cannot_escape_their_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"_id": "e"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let entities = client(&server).entity_collections().entities();
    entities.retrieve("a/../b?c#d", "x y/%2F").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.url.path(),
        "/entity-collections/a%2F..%2Fb%3Fc%23d/entities/x%20y%2F%252F"
    );
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    let entities = client(&server).entity_collections().entities();
    for (collection, entity) in [("..", "e"), (".", "e"), ("", "e"), ("c", "..")] {
        let error = entities.retrieve(collection, entity).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidInput {
                    operation: "entity_collections.entities.retrieve",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn header_injection_is_refused_before_sending() {
    let server = MockServer::start().await;
    let error = client(&server)
        .entity_collections()
        .list()
        .with_options(RequestOptions::new().header("x-trace", "1\r\nx-api-key: stolen"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(received(&server).await, 0);
    let error = Client::builder()
        .api_key(API_KEY)
        .default_header("x-team", "a\nb")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
}

#[tokio::test]
async fn request_options_add_headers_and_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [], "page_info": {"page": 1}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .default_header("x-team", "research")
        .build()
        .unwrap();
    client
        .entity_collections()
        .list()
        .page(2)
        .with_options(
            RequestOptions::new()
                .header("x-trace-id", "t-1")
                .query("debug", "true"),
        )
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("page=2&debug=true"));
    assert_eq!(request.headers.get("x-trace-id").unwrap(), "t-1");
    assert_eq!(request.headers.get("x-team").unwrap(), "research");
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("twelvelabs-rust/"), "{agent}");
}

#[tokio::test]
async fn raw_responses_carry_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "req_1")
                .set_body_raw(COLLECTION, "application/json"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .entity_collections()
        .create("Players")
        .send_with_raw_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.request_id(), Some("req_1"));
    assert_eq!(response.data().id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn the_api_key_comes_from_the_environment_when_not_given() {
    // Only this test touches the variable.
    let variable = "TWELVE_LABS_API_KEY";
    // SAFETY: no other test in this binary reads or writes this variable.
    unsafe { std::env::remove_var(variable) };
    let error = Client::from_env().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid client configuration: no TwelveLabs API key: pass one with `ClientBuilder::api_key` or set the TWELVE_LABS_API_KEY environment variable"
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_collection())
        .mount(&server)
        .await;
    // SAFETY: as above.
    unsafe { std::env::set_var(variable, "tlk_from_env") };
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    unsafe { std::env::remove_var(variable) };
    client.entity_collections().retrieve("c1").await.unwrap();
    assert_eq!(
        server.received_requests().await.unwrap()[0]
            .headers
            .get("x-api-key")
            .unwrap(),
        "tlk_from_env"
    );
}

#[tokio::test]
async fn clones_share_one_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_collection())
        .mount(&server)
        .await;
    let client = Arc::new(client(&server));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.entity_collections().retrieve(format!("c{i}")).await })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap().unwrap();
    }
    assert_eq!(received(&server).await, 8);
}

#[tokio::test]
async fn a_callers_own_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_collection())
        .mount(&server)
        .await;
    let mut headers = twelvelabs::reqwest::header::HeaderMap::new();
    headers.insert("x-proxy-team", "media".parse().unwrap());
    let http = twelvelabs::http_client_builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .unwrap();
    client.entity_collections().retrieve("c1").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.headers.get("x-proxy-team").unwrap(), "media");
    assert_eq!(request.headers.get("x-api-key").unwrap(), API_KEY);
}

#[test]
fn whole_numbers_in_number_unions_stay_whole_on_the_wire() {
    use twelvelabs::models::IndexedAssetsListRequestUserMetadataValue as Value;
    let whole: Value = serde_json::from_str("5").unwrap();
    assert_eq!(whole, Value::Integer(5));
    assert_eq!(serde_json::to_string(&whole).unwrap(), "5");
    let float: Value = serde_json::from_str("5.0").unwrap();
    assert_eq!(float, Value::Number(5.0));
    assert_eq!(serde_json::to_string(&float).unwrap(), "5.0");
    // As callers build them.
    assert_eq!(Value::from(5_i64), Value::Integer(5));
    assert_eq!(Value::from(9.5), Value::Number(9.5));
}
