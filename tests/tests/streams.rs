//! Every streaming operation against a server on 127.0.0.1 that writes its body piece by piece (`tests::hostile`
//! with `Reply::Trickle`): each piece is its own TCP write, sent only once the client has read the one before.
//! Bodies are framed with chunks, with a `content-length`, or by closing the connection, and are cut as a whole,
//! at hand-picked points (mid-JSON, mid-line, mid-UTF-8 character, `data:` apart from its value, `\r` apart from
//! `\n`) and byte by byte. The events must come out the same, typed and in order, whatever the cuts.
//!
//! | operation | framing of its events (Python SDK 1.3.6) |
//! | --- | --- |
//! | `client.analyze_stream()` | NDJSON: one `StreamAnalyzeResponse` per line, empty lines skipped |
//! | `client.responses().create_stream(..)` | server-sent events: one `ResponseStreamEvent` per event, ending with `data: [DONE]` |
//! | `client.analyze_async().batches().results(..)` | JSON lines: one `BatchResultItem` per line, empty lines skipped |

use std::time::Duration;

use futures::StreamExt;
use tests::API_KEY;
use tests::hostile::{Ending, Framing, Gate, Hostile, Received, Reply, Trickle};
use twelvelabs::models::{
    AnalyzeTaskError, AnalyzeTaskResult, AnalyzeTaskResultUsage, BatchItemError, BatchItemStatus,
    BatchResultItem, FinishReason, ResponseInputItem, ResponseInputItemRole, ResponseInputItemType,
    ResponseObject, ResponseStatus, ResponseStreamEvent, ResponseStreamKeepAliveEvent,
    ResponseStreamKeepAliveEventType, ResponseStreamOutputTextDeltaEvent,
    ResponseStreamOutputTextDeltaEventType, ResponseStreamOutputTextDoneEvent,
    ResponseStreamOutputTextDoneEventType, ResponseStreamResponseEvent,
    ResponseStreamResponseEventType, StreamAnalyzeResponse, StreamEndResponse,
    StreamEndResponseEventType, StreamEndResponseMetadata, StreamStartResponse,
    StreamStartResponseEventType, StreamStartResponseMetadata, StreamTextResponse,
    StreamTextResponseEventType, TokenUsage,
};
use twelvelabs::{Client, Error, EventStream};

// ---------------------------------------------------------------------------------------------------------
// The server, the calls, and how a stream is read

const NDJSON: &str = "application/x-ndjson";
const SSE: &str = "text/event-stream";
const JSONL: &str = "application/jsonl";

const FRAMINGS: [Framing; 3] = [Framing::Chunked, Framing::Length, Framing::UntilClose];

/// A server that answers every request with `pieces`, framed and ended so.
async fn trickle(
    content_type: &str,
    pieces: Vec<Vec<u8>>,
    framing: Framing,
    ending: Ending,
) -> (Hostile, Gate) {
    let gate = Gate::default();
    let reply = Reply::Trickle(Trickle {
        content_type: content_type.to_string(),
        pieces,
        framing,
        ending,
        gate: gate.clone(),
    });
    let server = Hostile::start(move |_, _| reply.clone()).await;
    (server, gate)
}

/// The pieces as they are written: owned.
fn pieces(pieces: &[&[u8]]) -> Vec<Vec<u8>> {
    pieces.iter().map(|p| p.to_vec()).collect()
}

/// Every way a body is cut in these tests: whole, at the hand-picked points, and after every byte.
fn deliveries(hand_picked: &[&[u8]]) -> [(&'static str, Vec<Vec<u8>>); 3] {
    let whole = hand_picked.concat();
    let bytes = whole.iter().map(|b| vec![*b]).collect();
    [
        ("in one piece", vec![whole]),
        ("in hand-picked pieces", pieces(hand_picked)),
        ("one byte per piece", bytes),
    ]
}

fn client(server: &Hostile) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&server.uri)
        .build()
        .expect("client")
}

/// A streaming operation, as the tests call it.
trait Streaming: Sized + std::fmt::Debug + PartialEq {
    /// The operation's name in errors.
    const OPERATION: &'static str;
    /// The media type of its body.
    const MEDIA_TYPE: &'static str;
    /// Calls it on `server` and returns its stream.
    async fn call(server: &Hostile) -> EventStream<Self>;
}

impl Streaming for StreamAnalyzeResponse {
    const OPERATION: &'static str = "analyze_stream";
    const MEDIA_TYPE: &'static str = NDJSON;

    async fn call(server: &Hostile) -> EventStream<Self> {
        client(server)
            .analyze_stream()
            .prompt("Summarise the match")
            .await
            .expect("the stream starts")
    }
}

impl Streaming for ResponseStreamEvent {
    const OPERATION: &'static str = "responses.create_stream";
    const MEDIA_TYPE: &'static str = SSE;

    async fn call(server: &Hostile) -> EventStream<Self> {
        let question = ResponseInputItem::new(
            ResponseInputItemType::Message,
            ResponseInputItemRole::User,
            "What happened in the second half?",
        );
        client(server)
            .responses()
            .create_stream("ks_1", [question])
            .await
            .expect("the stream starts")
    }
}

impl Streaming for BatchResultItem {
    const OPERATION: &'static str = "analyze_async.batches.results";
    const MEDIA_TYPE: &'static str = JSONL;

    async fn call(server: &Hostile) -> EventStream<Self> {
        client(server)
            .analyze_async()
            .batches()
            .results("batch_1")
            .await
            .expect("the stream starts")
    }
}

/// Calls `T`'s operation on a server that sends `pieces`, framed and ended so, and reads the stream to its end
/// (then checks that it stays ended); also returns the request the server read.
async fn read<T: Streaming>(
    pieces: Vec<Vec<u8>>,
    framing: Framing,
    ending: Ending,
) -> (Vec<twelvelabs::Result<T>>, Received) {
    let (server, gate) = trickle(T::MEDIA_TYPE, pieces, framing, ending).await;
    let mut paced = gate.pace(T::call(&server).await);
    let mut items = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(item) = paced.next().await {
            items.push(item);
            assert!(items.len() < 100, "the stream does not end");
        }
        assert!(
            paced.next().await.is_none(),
            "a stream polled after its end stays ended"
        );
    })
    .await
    .expect("the stream ends within 60 s");
    (items, server.requests().remove(0))
}

/// The events, failing with the error and its place if any item is an error.
fn events<T: std::fmt::Debug>(items: Vec<twelvelabs::Result<T>>, context: &str) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| item.unwrap_or_else(|e| panic!("{context}: item {i} is an error: {e}")))
        .collect()
}

/// Checks that `body`, sent whole, in its pieces and byte by byte, in every framing, yields exactly `expected`;
/// returns the requests, one per run.
async fn assert_decodes_however_cut<T: Streaming>(body: &[&[u8]], expected: &[T]) -> Vec<Received> {
    let mut requests = Vec::new();
    for framing in FRAMINGS {
        for (delivery, pieces) in deliveries(body) {
            let context = format!("{}, {framing:?}, {delivery}", T::OPERATION);
            let (items, request) = read::<T>(pieces, framing, Ending::Complete).await;
            assert_eq!(events(items, &context), expected, "{context}");
            assert_eq!(
                request.header_values("accept"),
                [T::MEDIA_TYPE],
                "{context}"
            );
            requests.push(request);
        }
    }
    requests
}

/// Checks that `body`, sent in its pieces in every framing, yields exactly `expected`.
async fn assert_decodes<T: Streaming>(body: &[&[u8]], expected: &[T]) {
    for framing in FRAMINGS {
        let context = format!("{}, {framing:?}", T::OPERATION);
        let (items, _) = read::<T>(pieces(body), framing, Ending::Complete).await;
        assert_eq!(events(items, &context), expected, "{context}");
    }
}

/// Checks that `body` (its pieces, in every framing) yields `expected` with one error in place at `at`, which
/// `check` inspects, and nothing after the events that follow it.
async fn assert_error_between<T: Streaming>(
    body: &[&[u8]],
    expected: &[T],
    at: usize,
    check: impl Fn(Error),
) {
    for framing in FRAMINGS {
        let context = format!("{}, {framing:?}", T::OPERATION);
        let (mut items, _) = read::<T>(pieces(body), framing, Ending::Complete).await;
        assert_eq!(items.len(), expected.len() + 1, "{context}: {items:?}");
        check(items.remove(at).expect_err(&context));
        assert_eq!(events(items, &context), expected, "{context}");
    }
}

/// Checks that `body`, cut after its last piece in every framing, yields `before` and then
/// `Error::StreamTruncated` naming `lost`, the start of the event it cut, and then ends.
async fn assert_cut_loses<T: Streaming>(body: &[&[u8]], before: &[T], lost: &[u8]) {
    for framing in FRAMINGS {
        let context = format!("{}, {framing:?}", T::OPERATION);
        let (mut items, _) = read::<T>(pieces(body), framing, Ending::Cut).await;
        assert_eq!(items.len(), before.len() + 1, "{context}: {items:?}");
        let error = items.pop().expect("an item").expect_err(&context);
        assert_truncated(&error, T::OPERATION, lost, framing);
        assert_eq!(events(items, &context), before, "{context}");
    }
}

/// The error of a stream cut in the middle of an event: it says so, shows the start of what was lost, and
/// keeps the transport error when the connection failed (not when the body merely ended early).
fn assert_truncated(error: &Error, operation: &str, lost: &[u8], framing: Framing) {
    match error {
        Error::StreamTruncated {
            operation: op,
            partial,
            partial_bytes,
            source,
        } => {
            assert_eq!(*op, operation, "{framing:?}");
            assert_eq!(*partial, String::from_utf8_lossy(lost), "{framing:?}");
            assert_eq!(*partial_bytes, lost.len() as u64, "{framing:?}");
            // Closing the connection is how an `UntilClose` body ends: only the other framings know it failed.
            assert_eq!(
                source.is_some(),
                framing != Framing::UntilClose,
                "{framing:?}: {error:?}"
            );
            assert!(error.is_transient(), "{framing:?}");
            let message = error.to_string();
            assert!(
                message.starts_with(&format!(
                    "{operation}: the stream ended in the middle of an event"
                )) && message.contains(&format!("the {} bytes of it", lost.len())),
                "{framing:?}: {message}"
            );
        }
        other => panic!("{framing:?}: expected `Error::StreamTruncated`, got {other:?}"),
    }
}

fn body_json(request: &Received) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("a JSON request body")
}

// ---------------------------------------------------------------------------------------------------------
// Expected events, built field by field (never decoded, so a decoding bug cannot hide in the expectation)

fn start(generation_id: &str) -> StreamAnalyzeResponse {
    let metadata = StreamStartResponseMetadata {
        generation_id: Some(generation_id.into()),
        ..Default::default()
    };
    let mut event = StreamStartResponse::new(StreamStartResponseEventType::StreamStart);
    event.metadata = Some(metadata);
    StreamAnalyzeResponse::StreamStartResponse(event)
}

fn text(fragment: &str) -> StreamAnalyzeResponse {
    let mut event = StreamTextResponse::new(StreamTextResponseEventType::TextGeneration);
    event.text = Some(fragment.into());
    StreamAnalyzeResponse::StreamTextResponse(event)
}

fn end(
    generation_id: &str,
    reason: FinishReason,
    output_tokens: i64,
    input_tokens: i64,
    warning: Option<AnalyzeTaskError>,
) -> StreamAnalyzeResponse {
    let mut usage = TokenUsage::new(output_tokens);
    usage.input_tokens = Some(input_tokens);
    let metadata = StreamEndResponseMetadata {
        generation_id: Some(generation_id.into()),
        usage: Some(usage),
        ..Default::default()
    };
    let mut event = StreamEndResponse::new(StreamEndResponseEventType::StreamEnd);
    event.finish_reason = Some(reason);
    event.metadata = Some(metadata);
    event.error = warning;
    StreamAnalyzeResponse::StreamEndResponse(event)
}

fn response_event(
    kind: ResponseStreamResponseEventType,
    sequence_number: i64,
    status: ResponseStatus,
) -> ResponseStreamEvent {
    let response = ResponseObject {
        id: Some("resp_1".into()),
        status: Some(status),
        ..Default::default()
    };
    let mut event = ResponseStreamResponseEvent::new(kind, sequence_number);
    event.response = Some(response);
    ResponseStreamEvent::ResponseStreamResponseEvent(event)
}

fn keep_alive(sequence_number: i64) -> ResponseStreamEvent {
    ResponseStreamEvent::ResponseStreamKeepAliveEvent(ResponseStreamKeepAliveEvent::new(
        ResponseStreamKeepAliveEventType::Keepalive,
        sequence_number,
    ))
}

fn delta(sequence_number: i64, text: &str) -> ResponseStreamEvent {
    let mut event = ResponseStreamOutputTextDeltaEvent::new(
        ResponseStreamOutputTextDeltaEventType::ResponseOutputTextDelta,
        sequence_number,
    );
    event.item_id = Some("msg_1".into());
    event.output_index = Some(0);
    event.content_index = Some(0);
    event.delta = Some(text.into());
    ResponseStreamEvent::ResponseStreamOutputTextDeltaEvent(event)
}

fn text_done(sequence_number: i64, text: &str) -> ResponseStreamEvent {
    let mut event = ResponseStreamOutputTextDoneEvent::new(
        ResponseStreamOutputTextDoneEventType::ResponseOutputTextDone,
        sequence_number,
    );
    event.item_id = Some("msg_1".into());
    event.text = Some(text.into());
    ResponseStreamEvent::ResponseStreamOutputTextDoneEvent(event)
}

fn batch_item(
    task_id: &str,
    custom_id: Option<Option<&str>>,
    status: BatchItemStatus,
) -> BatchResultItem {
    let mut item = BatchResultItem::new(task_id, status);
    item.custom_id = custom_id.map(|c| c.map(str::to_string));
    item
}

// ---------------------------------------------------------------------------------------------------------
// analyze_stream: NDJSON

/// Three events and the end, cut mid-JSON, mid-line, inside `é` (C3|A9), `☕` (E2 98|95) and `𝄞` (F0 9D|84 9E),
/// between the `\r` and `\n` of a line end, with a blank and a whitespace-only line between events.
const ANALYZE_PIECES: &[&[u8]] = &[
    b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"gen-",
    b"7f3a\"}}\n{\"event_type\":\"text_gen",
    b"eration\",\"text\":\"Caf\xC3",
    b"\xA9 \xE2\x98",
    b"\x95 \"}\r",
    b"\n",
    b"\n   \n",
    b"{\"event_type\":\"text_generation\",\"text\":\"na\xC3\xAFve \xF0\x9D",
    b"\x84\x9E fin.\"}\n{\"event_type\":\"stream_end\",\"finish_reason\":\"stop\",\"metadata\":{\"generation_id\":\"gen-7f3a\",\"usage\":{\"output_tokens\":12,\"input_tokens\":345}}}",
    b"\n",
];

#[tokio::test]
async fn analyze_stream_decodes_events_split_anywhere_across_chunks() {
    let expected = [
        start("gen-7f3a"),
        text("Café ☕ "),
        text("naïve 𝄞 fin."),
        end("gen-7f3a", FinishReason::Stop, 12, 345, None),
    ];
    for request in assert_decodes_however_cut(ANALYZE_PIECES, &expected).await {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/analyze")
        );
        let body = body_json(&request);
        assert_eq!(body["stream"], true);
        assert_eq!(body["prompt"], "Summarise the match");
    }
}

#[tokio::test]
async fn analyze_stream_skips_blank_and_whitespace_lines_sent_to_keep_the_connection_alive() {
    // The API documents no keep-alive event for this stream: empty lines carry no event, and are skipped.
    let body: &[&[u8]] = &[
        b"\n\n",
        b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"g1\"}}\n",
        b"\n",
        b" \t \r\n",
        b"\r\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"Still here.\"}\n",
        b"\n\n\n",
        b"{\"event_type\":\"stream_end\",\"finish_reason\":\"stop\",\"metadata\":{\"generation_id\":\"g1\",\"usage\":{\"output_tokens\":3,\"input_tokens\":9}}}\n",
        b"\n",
    ];
    let expected = [
        start("g1"),
        text("Still here."),
        end("g1", FinishReason::Stop, 3, 9, None),
    ];
    assert_decodes(body, &expected).await;
}

#[tokio::test]
async fn analyze_stream_keeps_an_object_it_does_not_know_as_unknown_and_goes_on() {
    // The API adds event types over time; one this SDK does not know is handed over as it came, never dropped.
    // So is an object without `event_type`, such as an error object: the API documents none inside this stream
    // (neither does the Python SDK, which skips any line it cannot parse), so it is not taken for an error.
    let body: &[&[u8]] = &[
        b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"g1\"}}\n",
        b"{\"event_type\":\"heart",
        b"beat\",\"at\":17}\n",
        b"{\"error\":{\"code\":\"internal_error\",\"message\":\"Generation stopped.\"}}\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"Go.\"}\n",
    ];
    let expected = [
        start("g1"),
        StreamAnalyzeResponse::Unknown(serde_json::json!({"event_type": "heartbeat", "at": 17})),
        StreamAnalyzeResponse::Unknown(serde_json::json!({
            "error": {"code": "internal_error", "message": "Generation stopped."}
        })),
        text("Go."),
    ];
    assert_decodes(body, &expected).await;
}

#[tokio::test]
async fn analyze_stream_truncation_warning_arrives_in_the_final_event_after_the_text_intact() {
    // The only failure the API reports inside an analysis stream: `stream_end` with `finish_reason: length` and
    // an `error` saying the output was cut at `max_tokens`. The partial text before it is the answer.
    let warning = "output truncated: the generation reached the configured max_tokens. The partial output is returned; raise max_tokens if you need a longer response.";
    let last = format!(
        "{{\"event_type\":\"stream_end\",\"finish_reason\":\"length\",\"error\":{{\"message\":\"{warning}\"}},\"metadata\":{{\"generation_id\":\"g1\",\"usage\":{{\"output_tokens\":64,\"input_tokens\":800}}}}}}\n"
    );
    let body: &[&[u8]] = &[
        b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"g1\"}}\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"The home team scored tw",
        b"ice before\"}\n",
        &last.as_bytes()[..40],
        &last.as_bytes()[40..],
    ];
    let expected = [
        start("g1"),
        text("The home team scored twice before"),
        end(
            "g1",
            FinishReason::Length,
            64,
            800,
            Some(AnalyzeTaskError::new(warning)),
        ),
    ];
    assert_decodes(body, &expected).await;
}

#[tokio::test]
async fn analyze_stream_line_that_is_not_an_event_is_a_decode_error_between_intact_events() {
    // A line that is not JSON (a proxy's error page spliced into the stream) is an `Err` in its place; the
    // stream goes on with the next line, as `EventStream` documents.
    let body: &[&[u8]] = &[
        b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"g1\"}}\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"One.\"}\n<html>502 Bad ",
        b"Gateway</html>\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"Two.\"}\n",
    ];
    let expected = [start("g1"), text("One."), text("Two.")];
    assert_error_between(body, &expected, 2, |error| match error {
        Error::Decode {
            operation,
            status,
            body_start,
            ..
        } => {
            assert_eq!(operation, "analyze_stream");
            assert_eq!(status.as_u16(), 200);
            assert_eq!(body_start, "<html>502 Bad Gateway</html>");
        }
        other => panic!("expected a decode error, got {other:?}"),
    })
    .await;
}

#[tokio::test]
async fn analyze_stream_cut_mid_event_ends_with_an_error_naming_what_was_lost() {
    let body: &[&[u8]] = &[
        b"{\"event_type\":\"stream_start\",\"metadata\":{\"generation_id\":\"g1\"}}\n",
        b"{\"event_type\":\"text_generation\",\"text\":\"One.\"}\n{\"event_type\":\"text_gener",
        b"ation\",\"text\":\"Caf\xC3",
    ];
    assert_cut_loses(
        body,
        &[start("g1"), text("One.")],
        b"{\"event_type\":\"text_generation\",\"text\":\"Caf\xC3",
    )
    .await;
}

// ---------------------------------------------------------------------------------------------------------
// responses.create_stream: server-sent events

/// A whole response: a comment, `response.created`, a keep-alive with `\r\n` line ends, a delta, a comment, a
/// `response.output_text.done` whose data spans two `data:` lines, `response.completed`, and `[DONE]`. Cut
/// between `data:` and its value, between `\r` and `\n` (at the end of an event, and between two `data:` lines,
/// where taking the `\n` for a blank line would end the event early), mid-JSON and inside `é`, `☕` and `𝄞`.
const RESPONSE_PIECES: &[&[u8]] = &[
    b": ping\n\nevent: response.created\ndata:",
    b" {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n",
    b"event: keepalive\r\ndata: {\"type\":\"keepalive\",\"sequence_number\":1}\r",
    b"\n\r",
    b"\n",
    b"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Caf\xC3",
    b"\xA9 \xE2\x98",
    b"\x95\"}\n\n: keep-alive\n\nevent: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":3,\r",
    b"\ndata: \"item_id\":\"msg_1\",\"text\":\"Caf\xC3\xA9 \xE2\x98\x95 \xF0\x9D",
    b"\x84\x9E\"}\n\nevent: response.comp",
    b"leted\ndata: {\"type\":\"response.completed\",\"sequence_number\":4,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}\n\n",
    b"data: [DONE]\n\n",
];

fn created() -> ResponseStreamEvent {
    response_event(
        ResponseStreamResponseEventType::ResponseCreated,
        0,
        ResponseStatus::InProgress,
    )
}

#[tokio::test]
async fn create_stream_decodes_events_split_anywhere_across_chunks() {
    let expected = [
        created(),
        keep_alive(1),
        delta(2, "Café ☕"),
        text_done(3, "Café ☕ 𝄞"),
        response_event(
            ResponseStreamResponseEventType::ResponseCompleted,
            4,
            ResponseStatus::Completed,
        ),
    ];
    for request in assert_decodes_however_cut(RESPONSE_PIECES, &expected).await {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/responses")
        );
        let body = body_json(&request);
        assert_eq!(body["stream"], true);
        assert_eq!(body["knowledge_store_id"], "ks_1");
        assert_eq!(
            body["input"][0]["content"],
            "What happened in the second half?"
        );
    }
}

#[tokio::test]
async fn create_stream_ignores_comment_lines_and_fields_it_does_not_need() {
    // Comments (`: ping`, a bare `:`) are the SSE keep-alive and carry nothing; `id:` and `retry:` and unknown
    // fields do not change the event's data.
    let body: &[&[u8]] = &[
        b": ping\n",
        b":\n\n",
        b"id: 7\nretry: 3000\nevent: keepalive\n: a comment inside an event\nx-unknown: 1\ndata: {\"type\":\"keepalive\",\"sequence_number\":7}\n\n",
        b": ping\r\n\r\n: ping\r\r",
        b"data: [DONE]\n\n",
    ];
    assert_decodes(body, &[keep_alive(7)]).await;
}

#[tokio::test]
async fn create_stream_decodes_keepalive_events_as_their_typed_variant() {
    // The API sends `keepalive` events about every 10 s while a tool runs; they are typed, with the sequence
    // number they take from the shared counter, so gaps in the other events' numbers can be explained.
    let body: &[&[u8]] = &[
        b"event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":0}\n\n",
        b"event: keepalive\ndata: {\"type\":\"keep",
        b"alive\",\"sequence_number\":1}\n\n",
        b"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n",
        b"event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":3}\n\ndata: [DONE]\n\n",
    ];
    let expected = [keep_alive(0), keep_alive(1), delta(2, "Hi"), keep_alive(3)];
    assert_decodes(body, &expected).await;
}

#[tokio::test]
async fn create_stream_error_event_is_an_err_between_intact_events_and_response_failed_is_typed() {
    // Two ways a response fails mid-stream: an `event: error` (an `Err` in its place, the stream goes on, as
    // `EventStream` documents) and the API's `response.failed` event (a typed event whose response has the
    // `failed` status). The events before both arrive intact; `[DONE]` ends the stream, and what follows it is
    // never read.
    let body: &[&[u8]] = &[
        b"event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n",
        b"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Partial\"}\n\n",
        b"event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"mess",
        b"age\":\"The knowledge store is unavailable.\"}\n\n",
        b"event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":3,\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The knowledge store is unavailable.\"}}}\n\n",
        b"data: [DONE]\n\n",
        b"event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":4}\n\n",
    ];
    let mut failed = response_event(
        ResponseStreamResponseEventType::ResponseFailed,
        3,
        ResponseStatus::Failed,
    );
    if let ResponseStreamEvent::ResponseStreamResponseEvent(event) = &mut failed {
        event.response.as_mut().expect("a response").extra.insert(
            "error".into(),
            serde_json::json!({"code": "server_error", "message": "The knowledge store is unavailable."}),
        );
    }
    let expected = [created(), delta(1, "Partial"), failed];
    assert_error_between(body, &expected, 2, |error| match error {
        Error::StreamEvent {
            operation,
            code,
            message,
        } => {
            assert_eq!(operation, "responses.create_stream");
            assert_eq!(code.as_deref(), Some("server_error"));
            assert_eq!(message, "The knowledge store is unavailable.");
        }
        other => panic!("expected `Error::StreamEvent`, got {other:?}"),
    })
    .await;
}

#[tokio::test]
async fn create_stream_cut_mid_event_ends_with_an_error_naming_what_was_lost() {
    let first: &[u8] = b"event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n";
    // Cut inside a `data:` line.
    let inside: &[u8] = b"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"Caf\xC3";
    assert_cut_loses(&[first, inside], &[created()], inside).await;
    // Cut after a whole `data:` line but before the blank line that ends the event, which could still have had
    // more `data:` lines: it must not pass for a whole event either.
    let short: &[u8] = b"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"Caf\xC3\xA9\"}\n";
    assert_cut_loses(&[first, short], &[created()], short).await;
}

// ---------------------------------------------------------------------------------------------------------
// analyze_async.batches.results: JSON lines

/// Four result entries (the API reference's example, with accents), cut mid-JSON, mid-line, inside `é` and `☕`,
/// between `\r` and `\n`, with a blank line, and a last line without its line break.
const BATCH_PIECES: &[&[u8]] = &[
    b"{\"task_id\":\"t1\",\"custom_id\":\"summary-001\",\"status\":\"ready\",\"data\":{\"generation_id\":\"gen_xyz789\",\"data\":\"Le r\xC3",
    b"\xA9sum\xC3\xA9 \xE2",
    b"\x98\x95\",\"finish_reason\":\"stop\",\"usage\":{\"output_tokens\":150,\"input_tokens\":45}}}\n{\"task_id\":\"t2\",\"custom_id\":\"summary-002\",\"status\":\"fa",
    b"iled\",\"error\":{\"code\":\"asset_unavailable\",\"message\":\"The asset could not be read.\"}}\r",
    b"\n\n{\"task_id\":\"t3\",\"custom_id\":null,\"status\":\"processing\"}\n",
    b"{\"task_id\":\"t4\",\"status\":\"queued\"}",
];

fn ready_item() -> BatchResultItem {
    let mut item = batch_item("t1", Some(Some("summary-001")), BatchItemStatus::Ready);
    let mut usage = AnalyzeTaskResultUsage::new(150);
    usage.input_tokens = Some(45);
    item.data = Some(AnalyzeTaskResult::new(
        "gen_xyz789",
        "Le résumé ☕",
        FinishReason::Stop,
        usage,
    ));
    item
}

fn failed_item() -> BatchResultItem {
    let mut item = batch_item("t2", Some(Some("summary-002")), BatchItemStatus::Failed);
    let mut error = BatchItemError::new("The asset could not be read.");
    error.code = Some("asset_unavailable".into());
    item.error = Some(error);
    item
}

#[tokio::test]
async fn batch_results_decode_entries_split_anywhere_across_chunks() {
    let expected = [
        ready_item(),
        failed_item(),
        batch_item("t3", Some(None), BatchItemStatus::Processing),
        batch_item("t4", None, BatchItemStatus::Queued),
    ];
    for request in assert_decodes_however_cut(BATCH_PIECES, &expected).await {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("GET", "/analyze/batches/batch_1/results")
        );
    }
}

#[tokio::test]
async fn batch_results_skip_blank_and_whitespace_lines() {
    let body: &[&[u8]] = &[
        b"\n",
        b"{\"task_id\":\"t3\",\"custom_id\":null,\"status\":\"processing\"}\n\n",
        b"  \r\n\t\n",
        b"{\"task_id\":\"t4\",\"status\":\"queued\"}\n\n",
    ];
    let expected = [
        batch_item("t3", Some(None), BatchItemStatus::Processing),
        batch_item("t4", None, BatchItemStatus::Queued),
    ];
    assert_decodes(body, &expected).await;
}

#[tokio::test]
async fn batch_results_error_line_is_a_decode_error_between_intact_entries() {
    // A failed item is data (`status: failed` with its `error`); an error object in place of an entry is not an
    // entry: it is an `Err` showing what the server sent, and the stream goes on.
    let body: &[&[u8]] = &[
        b"{\"task_id\":\"t3\",\"custom_id\":null,\"status\":\"processing\"}\n{\"code\":\"internal_",
        b"error\",\"message\":\"Results are temporarily unavailable.\"}\n",
        b"{\"task_id\":\"t2\",\"custom_id\":\"summary-002\",\"status\":\"failed\",\"error\":{\"code\":\"asset_unavailable\",\"message\":\"The asset could not be read.\"}}\n",
    ];
    let expected = [
        batch_item("t3", Some(None), BatchItemStatus::Processing),
        failed_item(),
    ];
    assert_error_between(body, &expected, 1, |error| match error {
        Error::Decode {
            operation,
            body_start,
            ..
        } => {
            assert_eq!(operation, "analyze_async.batches.results");
            assert_eq!(
                body_start,
                "{\"code\":\"internal_error\",\"message\":\"Results are temporarily unavailable.\"}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    })
    .await;
}

#[tokio::test]
async fn batch_results_cut_mid_entry_ends_with_an_error_naming_what_was_lost() {
    let body: &[&[u8]] = &[
        b"{\"task_id\":\"t3\",\"custom_id\":null,\"status\":\"processing\"}\n",
        b"{\"task_id\":\"t4\",\"stat",
    ];
    let before = [batch_item("t3", Some(None), BatchItemStatus::Processing)];
    assert_cut_loses(body, &before, b"{\"task_id\":\"t4\",\"stat").await;
}

// ---------------------------------------------------------------------------------------------------------
// Every operation: a connection that fails between two events

/// Checks that `body`, whole events only, cut after its last piece by a failing connection (chunked or with a
/// length), yields `expected` and then `Error::Interrupted`: nothing was lost inside an event, so the error is
/// the connection's. (A body delimited by closing the connection cannot tell this from its end: there the
/// stream just ends.)
async fn assert_interrupted_after<T: Streaming>(body: &[u8], expected: &[T]) {
    for framing in [Framing::Chunked, Framing::Length] {
        let context = format!("{}, {framing:?}", T::OPERATION);
        let (mut items, _) = read::<T>(vec![body.to_vec()], framing, Ending::Cut).await;
        match items.pop() {
            Some(Err(Error::Interrupted { operation, .. })) => {
                assert_eq!(operation, T::OPERATION)
            }
            other => panic!("{context}: expected `Error::Interrupted`, got {other:?}"),
        }
        assert_eq!(events(items, &context), expected, "{context}");
    }
}

#[tokio::test]
async fn a_connection_failing_between_events_is_interrupted_after_every_whole_event() {
    assert_interrupted_after(
        b"{\"event_type\":\"text_generation\",\"text\":\"One.\"}\n",
        &[text("One.")],
    )
    .await;
    assert_interrupted_after(
        b"event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":0}\n\n: ping\n",
        &[keep_alive(0)],
    )
    .await;
    assert_interrupted_after(
        b"{\"task_id\":\"t4\",\"status\":\"queued\"}\n\n",
        &[batch_item("t4", None, BatchItemStatus::Queued)],
    )
    .await;
}
