//! Streamed responses: server-sent events (`text/event-stream`) and JSON lines (`application/x-ndjson`), decoded
//! into typed items as the bytes arrive.
//!
//! The body is read chunk by chunk; an event or a line may be split across chunks, and a chunk may hold several.
//! Each pause between chunks is bounded by the request's timeout, and no event or line may grow past the client's
//! `max_response_bytes`. Dropping the stream closes the connection, which cancels the response on the server.
//!
//! An event is whole when the blank line after it arrives, a line when its line break does (or, for the last line
//! of JSON lines, when the body ends cleanly and the line parses). Whatever the body ends in the middle of, by a
//! failed connection or an early end (a body delimited by closing the connection cannot tell the two apart), is
//! never handed over as an event: it is reported as [`Error::StreamTruncated`], with what had arrived of it.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf, BytesMut};
use futures::Stream;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result, text_prefix};

/// The unread body of a streamed response, with its limits.
#[derive(Debug)]
pub(crate) struct Streamed {
    pub(crate) response: reqwest::Response,
    /// The longest pause between two chunks.
    pub(crate) idle_timeout: Duration,
    /// The largest event or line.
    pub(crate) max_bytes: u64,
}

/// A stream of typed items: the events of a `text/event-stream` response or the lines of a JSON-lines response.
///
/// Each item is `Ok` with a decoded event, or an `Err`: an event that does not decode (the stream goes on), an
/// error event sent by the server ([`Error::StreamEvent`]; the stream goes on), or a failure of the connection, a
/// pause longer than the timeout, an event larger than the client accepts, or a body that ends in the middle of an
/// event ([`Error::StreamTruncated`]), each of which ends the stream. A `data: [DONE]` event ends it as well.
/// Once ended, it stays ended: polling it again returns `None` (it is a
/// [`FusedStream`](futures::stream::FusedStream)).
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<T> {
    /// `None` once the stream has ended, which also lets go of the connection.
    inner: Option<Pin<Box<dyn Stream<Item = Result<T>> + Send>>>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let poll = inner.as_mut().poll_next(cx);
        // The decoder must not be polled after its end (it would panic); a caller may well poll again.
        if let Poll::Ready(None) = poll {
            self.inner = None;
        }
        poll
    }
}

impl<T> futures::stream::FusedStream for EventStream<T> {
    fn is_terminated(&self) -> bool {
        self.inner.is_none()
    }
}

/// How the bytes are cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Events,
    Lines,
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    pub(crate) fn events(operation: &'static str, body: Option<Streamed>) -> Self {
        Self::decode(operation, body, Format::Events)
    }

    pub(crate) fn json_lines(operation: &'static str, body: Option<Streamed>) -> Self {
        Self::decode(operation, body, Format::Lines)
    }

    fn decode(operation: &'static str, body: Option<Streamed>, format: Format) -> Self {
        let Some(body) = body else {
            return Self { inner: None };
        };
        let state = Decoder {
            operation,
            format,
            body,
            buffer: BytesMut::new(),
            event: Event::default(),
            unfinished: Unfinished::default(),
            ready: VecDeque::new(),
            finished: false,
        };
        Self {
            inner: Some(Box::pin(futures::stream::unfold(
                state,
                |mut state| async move {
                    let item = state.next().await?;
                    Some((item, state))
                },
            ))),
        }
    }
}

/// An event being assembled from `field: value` lines.
#[derive(Debug, Default)]
struct Event {
    name: Option<String>,
    data: Option<String>,
}

/// The lines of the event being assembled, as received, to say what was lost if the body ends before it does.
#[derive(Debug, Default)]
struct Unfinished {
    /// The first [`Unfinished::KEPT`] bytes, each line ending in `\n`.
    start: Vec<u8>,
    /// How many bytes there are in all.
    len: u64,
}

impl Unfinished {
    const KEPT: usize = 256;

    fn push(&mut self, bytes: &[u8]) {
        let room = Self::KEPT.saturating_sub(self.start.len());
        self.start
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
        self.len += bytes.len() as u64;
    }
}

struct Decoder<T> {
    operation: &'static str,
    format: Format,
    body: Streamed,
    /// Bytes received but not yet cut into lines.
    buffer: BytesMut,
    event: Event,
    /// What has arrived of the event being assembled (server-sent events only).
    unfinished: Unfinished,
    ready: VecDeque<Result<T>>,
    finished: bool,
}

impl<T: DeserializeOwned> Decoder<T> {
    async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.finished {
                return None;
            }
            let chunk = match tokio::time::timeout(
                self.body.idle_timeout,
                self.body.response.chunk(),
            )
            .await
            {
                Err(_) => {
                    self.finished = true;
                    return Some(Err(Error::Timeout {
                        operation: self.operation,
                        timeout: self.body.idle_timeout,
                        overall: false,
                        maybe_applied: false,
                    }));
                }
                Ok(Err(e)) => {
                    self.end_of_body(Some(e.without_url()));
                    continue;
                }
                Ok(Ok(None)) => {
                    self.end_of_body(None);
                    continue;
                }
                Ok(Ok(Some(chunk))) => chunk,
            };
            self.buffer.extend_from_slice(&chunk);
            while let Some(end) = self.buffer.iter().position(|b| *b == b'\n' || *b == b'\r') {
                // A `\r` at the end of what has arrived may be the first half of a `\r\n` split across chunks.
                if self.buffer[end] == b'\r' && end + 1 == self.buffer.len() {
                    break;
                }
                let line = self.buffer.split_to(end).freeze();
                // `\r\n` is one line break.
                let crlf = self.buffer.len() >= 2 && &self.buffer[..2] == b"\r\n";
                self.buffer.advance(if crlf { 2 } else { 1 });
                self.line(&line);
                if self.finished {
                    break;
                }
            }
            let pending =
                self.buffer.len() as u64 + self.event.data.as_ref().map_or(0, |d| d.len() as u64);
            if pending > self.body.max_bytes {
                self.finished = true;
                self.ready.push_back(Err(Error::ResponseTooLarge {
                    operation: self.operation,
                    status: self.body.response.status(),
                    limit: self.body.max_bytes,
                }));
            }
        }
    }

    /// The body has ended, cleanly or with the connection's `failure`: hands over the last line if it is whole,
    /// and reports what the end cut short.
    fn end_of_body(&mut self, failure: Option<reqwest::Error>) {
        self.finished = true;
        // A `\r` held back as the possible first half of a `\r\n` ended its line.
        if self.buffer.last() == Some(&b'\r') {
            let line = self.buffer.split_to(self.buffer.len() - 1).freeze();
            self.buffer.clear();
            self.line(&line);
        }
        let rest = self.buffer.split().freeze();
        let lost = match self.format {
            Format::Lines => self.last_line(&rest, failure.is_some()),
            Format::Events => self.last_event(&rest),
        };
        let error = match (lost, failure) {
            (Some(mut lost), failure) => {
                lost.push(&rest);
                let mut partial = text_prefix(&lost.start, Unfinished::KEPT);
                if lost.len > lost.start.len() as u64 {
                    partial.push('…');
                }
                Error::StreamTruncated {
                    operation: self.operation,
                    partial,
                    partial_bytes: lost.len,
                    source: failure,
                }
            }
            (None, Some(source)) => Error::Interrupted {
                operation: self.operation,
                maybe_applied: false,
                source,
            },
            (None, None) => return,
        };
        self.ready.push_back(Err(error));
    }

    /// A JSON line without its line break at the end of the body: handed over when the body ended cleanly and the
    /// line is whole (the last line may lack its break); what was lost of it otherwise.
    fn last_line(&mut self, rest: &[u8], failed: bool) -> Option<Unfinished> {
        let text = trim_ascii(rest);
        if text.is_empty() {
            return None;
        }
        if failed {
            return Some(Unfinished::default());
        }
        match serde_json::from_slice::<T>(text) {
            Err(e) if e.is_eof() => Some(Unfinished::default()),
            item => {
                let item = item.map_err(|source| self.decode_error(text, source));
                self.ready.push_back(item);
                None
            }
        }
    }

    /// What was lost of a server-sent event the body ended in: its lines so far (an event is whole only with the
    /// blank line after it), unless the only thing left is a comment or `data: [DONE]`, which loses nothing.
    fn last_event(&mut self, rest: &[u8]) -> Option<Unfinished> {
        let event = std::mem::take(&mut self.event);
        let unfinished = std::mem::take(&mut self.unfinished);
        if rest.is_empty() && event.data.as_deref() == Some("[DONE]") {
            return None;
        }
        let partial_line = !rest.is_empty() && rest[0] != b':';
        (unfinished.len > 0 || partial_line).then_some(unfinished)
    }

    fn line(&mut self, line: &[u8]) {
        match self.format {
            Format::Lines => {
                let text = trim_ascii(line);
                if !text.is_empty() {
                    let item = self.decode_item(text);
                    self.ready.push_back(item);
                }
            }
            Format::Events => self.event_line(line),
        }
    }

    /// One line of the `text/event-stream` format (WHATWG HTML, "server-sent events").
    fn event_line(&mut self, line: &[u8]) {
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line[0] == b':' && self.unfinished.len == 0 {
            return; // A comment, such as a keep-alive, between events.
        }
        self.unfinished.push(line);
        self.unfinished.push(b"\n");
        if line[0] == b':' {
            return; // A comment inside an event.
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "event" => self.event.name = Some(value.to_string()),
            "data" => match &mut self.event.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.event.data = Some(value.to_string()),
            },
            _ => {} // `id`, `retry` and unknown fields are not needed to decode the events.
        }
    }

    /// Emits the event assembled so far.
    fn dispatch(&mut self) {
        self.unfinished = Unfinished::default();
        let event = std::mem::take(&mut self.event);
        let Some(data) = event.data else {
            return;
        };
        if data.trim() == "[DONE]" {
            self.finished = true;
            return;
        }
        if event.name.as_deref() == Some("error") {
            // `{"code", "message"}`, or the same inside `{"error": {...}}`.
            let (code, message) = match serde_json::from_str::<serde_json::Value>(&data) {
                Ok(body) => match body.get("error") {
                    Some(inner) if inner.is_object() => crate::error::code_and_message(inner),
                    _ => crate::error::code_and_message(&body),
                },
                Err(_) => (None, None),
            };
            self.ready.push_back(Err(Error::StreamEvent {
                operation: self.operation,
                code,
                message: message.unwrap_or_else(|| text_prefix(data.as_bytes(), 4096)),
            }));
            return;
        }
        let item = self.decode_item(data.as_bytes());
        self.ready.push_back(item);
    }

    fn decode_item(&self, bytes: &[u8]) -> Result<T> {
        serde_json::from_slice(bytes).map_err(|source| self.decode_error(bytes, source))
    }

    fn decode_error(&self, bytes: &[u8], source: serde_json::Error) -> Error {
        Error::Decode {
            operation: self.operation,
            status: self.body.response.status(),
            body_start: text_prefix(bytes, 256),
            source,
        }
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Event {
        text: String,
    }

    /// A streamed body that arrives in exactly these chunks.
    fn body(chunks: &[&'static str]) -> Option<Streamed> {
        let chunks: Vec<std::io::Result<bytes::Bytes>> = chunks
            .iter()
            .map(|c| Ok(bytes::Bytes::from_static(c.as_bytes())))
            .collect();
        let http = http::Response::builder()
            .status(200)
            .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
            .unwrap();
        Some(Streamed {
            response: reqwest::Response::from(http),
            idle_timeout: Duration::from_secs(5),
            max_bytes: 1024,
        })
    }

    async fn texts(stream: EventStream<Event>) -> Vec<std::result::Result<String, String>> {
        stream
            .map(|item| item.map(|e| e.text).map_err(|e| e.to_string()))
            .collect()
            .await
    }

    #[tokio::test]
    async fn events_split_across_chunks_comments_and_keep_alives_decode() {
        let stream = EventStream::events(
            "test.stream",
            body(&[
                ": keep-alive\n\n",
                "event: message\ndata: {\"te",
                "xt\": \"one\"}\n",
                "\n",
                "data: {\"text\":\r\n",
                "data: \"two\"}\r",
                "\n\r\n",
                ":\n\n",
                "data: {\"text\": \"three\"}\n\n",
                "data: [DONE]\n\n",
                "data: {\"text\": \"after the end\"}\n\n",
            ]),
        );
        assert_eq!(
            texts(stream).await,
            [Ok("one".into()), Ok("two".into()), Ok("three".into())]
        );
    }

    #[tokio::test]
    async fn an_error_event_and_a_bad_event_are_errors_and_the_stream_goes_on() {
        let stream = EventStream::events(
            "test.stream",
            body(&[
                "data: {\"text\": \"one\"}\n\n",
                "event: error\ndata: {\"code\": \"overloaded\", \"message\": \"try later\"}\n\n",
                "data: not json\n\n",
                "data: {\"text\": \"two\"}\n\n",
            ]),
        );
        let items = texts(stream).await;
        assert_eq!(items[0], Ok("one".into()));
        assert_eq!(
            items[1],
            Err("test.stream: the stream reported an error [overloaded]: try later".into())
        );
        assert!(
            items[2]
                .as_ref()
                .unwrap_err()
                .contains("could not be decoded"),
            "{items:?}"
        );
        assert_eq!(items[3], Ok("two".into()));
        assert_eq!(items.len(), 4);
    }

    #[tokio::test]
    async fn an_event_the_body_ends_in_is_reported_lost_never_handed_over() {
        // A whole `data:` line, but not the blank line that ends the event: more `data:` lines could have followed.
        let stream = EventStream::events(
            "test.stream",
            body(&[
                "data: {\"text\": \"one\"}\n\n",
                "data: {\"text\": \"two\"}\n",
            ]),
        );
        assert_eq!(
            texts(stream).await,
            [
                Ok("one".into()),
                Err("test.stream: the stream ended in the middle of an event (the body ended first); the 22 bytes of it that had arrived were discarded: \"data: {\\\"text\\\": \\\"two\\\"}\\n\"".into())
            ]
        );

        // Nothing is lost when the body ends between events: after a blank line held back as a lone `\r`, after
        // `[DONE]` without its blank line, or in a comment.
        for end in ["\r\r", "\n\ndata: [DONE]\n", "\n\n: ping"] {
            let chunks: Vec<&'static str> = vec!["data: {\"text\": \"one\"}", end];
            let stream = EventStream::events("test.stream", body(&chunks));
            assert_eq!(texts(stream).await, [Ok("one".into())], "{end:?}");
        }

        // Only the first 256 bytes are kept, and the count says how many arrived.
        let long: &'static str = Box::leak(format!("data: {}", "x".repeat(300)).into_boxed_str());
        let stream = EventStream::<Event>::events("test.stream", body(&[long]));
        let items: Vec<_> = stream.collect().await;
        match &items[..] {
            [
                Err(Error::StreamTruncated {
                    partial,
                    partial_bytes: 306,
                    source: None,
                    ..
                }),
            ] => {
                assert_eq!(partial.len(), 256 + '…'.len_utf8());
                assert!(
                    partial.starts_with("data: xxx") && partial.ends_with("x…"),
                    "{partial}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_json_line_the_body_ends_in_is_reported_lost_unless_it_is_whole() {
        let ends: [(&'static str, Option<Result<&str, &str>>); 4] = [
            // Whole but for its line break: the last line may lack it.
            ("{\"text\": \"b\"}", Some(Ok("b"))),
            ("   ", None),
            (
                "{\"text\": \"b",
                Some(Err(
                    "test.lines: the stream ended in the middle of an event (the body ended first); the 11 bytes",
                )),
            ),
            // Whole and wrong: the server sent it so.
            ("not json", Some(Err("could not be decoded"))),
        ];
        for (end, last) in ends {
            let chunks: Vec<&'static str> = vec!["{\"text\": \"a\"}\n", end];
            let items = texts(EventStream::json_lines("test.lines", body(&chunks))).await;
            assert_eq!(items[0], Ok("a".into()), "{end:?}");
            assert_eq!(
                items.len(),
                1 + usize::from(last.is_some()),
                "{end:?}: {items:?}"
            );
            match (items.get(1), last) {
                (None, None) => {}
                (Some(Ok(text)), Some(Ok(expected))) => assert_eq!(text, expected),
                (Some(Err(e)), Some(Err(expected))) => assert!(e.contains(expected), "{e}"),
                (got, _) => panic!("{end:?}: {got:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_stream_polled_after_its_end_stays_ended() {
        use futures::stream::FusedStream;

        let mut stream = EventStream::<Event>::events(
            "test.stream",
            body(&["data: {\"text\": \"one\"}\n\n", "data: [DONE]\n\n"]),
        );
        assert!(!stream.is_terminated());
        assert_eq!(stream.next().await.unwrap().unwrap().text, "one");
        assert!(stream.next().await.is_none());
        assert!(stream.is_terminated());
        assert!(stream.next().await.is_none(), "polled again after its end");

        let mut lines =
            EventStream::<Event>::json_lines("test.lines", body(&["{\"text\": \"a\"}\n"]));
        assert_eq!(lines.next().await.unwrap().unwrap().text, "a");
        assert!(lines.next().await.is_none());
        assert!(lines.next().await.is_none(), "polled again after its end");
    }

    #[tokio::test]
    async fn json_lines_split_across_chunks_decode() {
        let stream = EventStream::json_lines(
            "test.lines",
            body(&[
                "{\"text\": \"a\"}\n{\"te",
                "xt\": \"b\"}\r\n\n",
                "{\"text\": \"c\"}",
            ]),
        );
        assert_eq!(
            texts(stream).await,
            [Ok("a".into()), Ok("b".into()), Ok("c".into())]
        );
    }

    #[tokio::test]
    async fn an_event_larger_than_the_limit_ends_the_stream() {
        let long: &'static str =
            Box::leak(format!("data: {}\n", "x".repeat(2000)).into_boxed_str());
        let stream = EventStream::<Event>::events(
            "test.stream",
            body(&["data: {\"text\": \"ok\"}\n\n", long, "\n"]),
        );
        let items = texts(stream).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(
            items[1]
                .as_ref()
                .unwrap_err()
                .contains("larger than 1024 bytes"),
            "{items:?}"
        );
    }
}
