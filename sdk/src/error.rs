//! Errors: one type, whose variants separate what went wrong so callers can act on it.
//!
//! Every variant names the operation that failed (`entity_collections.create`). No variant holds the API key or
//! request headers, so errors can be logged as they are.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx).
    Api(Box<ApiError>),

    /// No response arrived in time: within the timeout of an attempt (after any retries), or before the call's
    /// overall deadline passed.
    Timeout {
        /// The operation that timed out.
        operation: &'static str,
        /// The timeout that expired.
        timeout: Duration,
        /// Whether it was the call's overall deadline (`operation_timeout`) rather than one attempt's timeout.
        overall: bool,
        /// Whether the request may have taken effect: it was sent, and its method is not safe to repeat
        /// (a `POST`).
        maybe_applied: bool,
    },

    /// No connection to the API could be made (DNS, refused, TLS), after any retries. Nothing was sent.
    Connection {
        /// The operation that failed.
        operation: &'static str,
        /// The transport error.
        source: reqwest::Error,
    },

    /// The request was sent, but the connection failed before a complete response arrived (after any retries).
    Interrupted {
        /// The operation that failed.
        operation: &'static str,
        /// Whether the request may have taken effect: its method is not safe to repeat (a `POST`), so a
        /// collection, entity or asset may have been created.
        maybe_applied: bool,
        /// The transport error.
        source: reqwest::Error,
    },

    /// The API answered with a redirect that was not followed. Redirects are followed only within the base
    /// URL's origin (scheme, host and port), so the API key and request bodies never go anywhere else.
    Redirect {
        /// The operation that was redirected.
        operation: &'static str,
        /// The redirect's status.
        status: StatusCode,
        /// Where it pointed (`Location`), at most 512 characters of it.
        location: Option<String>,
        /// Why it was not followed.
        reason: String,
    },

    /// The response body is larger than the client accepts ([`ClientBuilder::max_response_bytes`]); it was
    /// not read to the end.
    ///
    /// [`ClientBuilder::max_response_bytes`]: crate::ClientBuilder::max_response_bytes
    ResponseTooLarge {
        /// The operation whose response was too large.
        operation: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit it exceeded.
        limit: u64,
    },

    /// The API answered with success but the body is not what the operation documents.
    Decode {
        /// The operation whose response did not decode.
        operation: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The first bytes of the body (at most 256), lossily as text.
        body_start: String,
        /// What the decoder said.
        source: serde_json::Error,
    },

    /// The API's answers contradict each other or what was asked (a list that answers page 7 when asked for
    /// page 2, or the same page again and again).
    InvalidResponse {
        /// The operation whose answer was inconsistent.
        operation: &'static str,
        /// What is inconsistent, and what the SDK did about it.
        message: String,
    },

    /// A streamed response reported an error in one of its events (`event: error`).
    StreamEvent {
        /// The operation whose stream it was.
        operation: &'static str,
        /// The error's code, when the event has one.
        code: Option<String>,
        /// What the server said.
        message: String,
    },

    /// A streamed response ended in the middle of an event (or a JSON line): the connection failed, or the body
    /// ended before the event did. The events before it were whole and have been handed over; this one is lost,
    /// and the stream ends.
    StreamTruncated {
        /// The operation whose stream it was.
        operation: &'static str,
        /// The start of the unfinished event as it arrived (at most 256 bytes, lossily as text; the lines of a
        /// server-sent event end in `\n`).
        partial: String,
        /// How many bytes of it had arrived.
        partial_bytes: u64,
        /// The transport error, when the connection failed; `None` when the body ended early but cleanly (by
        /// its last chunk, its length, or a close where nothing else marks the end).
        source: Option<reqwest::Error>,
    },

    /// An argument was refused before anything was sent.
    InvalidInput {
        /// The operation the input was for.
        operation: &'static str,
        /// What is wrong with it.
        message: String,
    },

    /// The client could not be built (no API key, a bad base URL or header, ...).
    Config {
        /// What is wrong.
        message: String,
    },

    /// While waiting, the resource reached a status that means it failed.
    WaitFailed {
        /// The waiter.
        operation: &'static str,
        /// The status it reached.
        status: String,
        /// The resource as last read, as JSON (it usually says why it failed).
        resource: Box<serde_json::Value>,
    },

    /// The resource was still not done when the wait's timeout passed.
    WaitTimeout {
        /// The waiter.
        operation: &'static str,
        /// The last status seen.
        last_status: Option<String>,
        /// How long it waited.
        waited: Duration,
    },

    /// A local file could not be read for an upload.
    File {
        /// The operation the file was for.
        operation: &'static str,
        /// The file.
        path: String,
        /// What went wrong: the I/O error, or a file that changed size while it was sent.
        source: std::io::Error,
    },

    /// A multipart upload stopped before every part was uploaded and acknowledged by the API: a part failed
    /// (after its retries), or the API failed to hand out URLs or to acknowledge parts. The parts the API
    /// acknowledged are kept on its side until the upload expires; resuming the upload by its id sends only the
    /// others. `source` says what failed.
    UploadIncomplete {
        /// The upload call (`multipart_upload.upload_file` or `multipart_upload.resume`).
        operation: &'static str,
        /// The upload's id, to resume it with.
        upload_id: String,
        /// The part (numbered from 1) whose failure stopped the upload; `None` when an API call failed instead.
        part: Option<u64>,
        /// How many parts the file is split into.
        total_parts: u64,
        /// How many parts the API has acknowledged, counting those acknowledged before a resume. Parts
        /// uploaded but not yet acknowledged when the upload stopped are not counted: a resume sends them again.
        parts_acknowledged: u64,
        /// What failed: the storage's answer ([`Error::Api`], whose `operation` is `multipart_upload.upload_part`
        /// for the upload of a part), a timeout, a connection failure, a file that changed ([`Error::File`]), ...
        source: Box<Error>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => fmt::Display::fmt(error, f),
            Self::Timeout {
                operation,
                timeout,
                overall,
                maybe_applied,
            } => write!(
                f,
                "{operation}: no response within {timeout:?} ({}){}",
                if *overall {
                    "the call's overall deadline; raise `RequestOptions::operation_timeout` or `ClientBuilder::operation_timeout`"
                } else {
                    "the timeout of each attempt; raise `RequestOptions::timeout` or `ClientBuilder::timeout` if the operation is slow"
                },
                if *maybe_applied {
                    "; the request was sent, so the API may have applied it: check before sending it again"
                } else {
                    ""
                }
            ),
            Self::Connection { operation, .. } => {
                write!(
                    f,
                    "{operation}: could not connect to the API; nothing was sent"
                )
            }
            Self::Interrupted {
                operation,
                maybe_applied,
                ..
            } => write!(
                f,
                "{operation}: the connection failed after the request was sent, before a complete response arrived{}",
                if *maybe_applied {
                    "; the API may have applied the request: check before sending it again"
                } else {
                    ""
                }
            ),
            Self::Redirect {
                operation,
                status,
                location,
                reason,
            } => write!(
                f,
                "{operation}: the API answered HTTP {status} redirecting to {}: {reason}",
                location.as_deref().unwrap_or("nowhere (no `Location`)")
            ),
            Self::ResponseTooLarge {
                operation,
                status,
                limit,
            } => write!(
                f,
                "{operation}: the HTTP {status} response body is larger than {limit} bytes, the most this client reads (`ClientBuilder::max_response_bytes`); it was discarded"
            ),
            Self::Decode {
                operation,
                status,
                body_start,
                ..
            } => write!(
                f,
                "{operation}: the HTTP {status} response body could not be decoded as the operation documents; it starts with: {body_start:?}"
            ),
            Self::InvalidResponse { operation, message } => {
                write!(
                    f,
                    "{operation}: the API's answer is inconsistent: {message}"
                )
            }
            Self::StreamEvent {
                operation,
                code,
                message,
            } => {
                write!(f, "{operation}: the stream reported an error")?;
                if let Some(code) = code {
                    write!(f, " [{code}]")?;
                }
                write!(f, ": {message}")
            }
            Self::StreamTruncated {
                operation,
                partial,
                partial_bytes,
                source,
            } => write!(
                f,
                "{operation}: the stream ended in the middle of an event ({}); the {partial_bytes} bytes of it that had arrived were discarded: {partial:?}",
                if source.is_some() {
                    "the connection failed"
                } else {
                    "the body ended first"
                }
            ),
            Self::InvalidInput { operation, message } => {
                write!(f, "{operation}: invalid input: {message}")
            }
            Self::Config { message } => write!(f, "invalid client configuration: {message}"),
            Self::WaitFailed {
                operation, status, ..
            } => write!(
                f,
                "{operation}: the resource reached the failure status `{status}`"
            ),
            Self::WaitTimeout {
                operation,
                last_status,
                waited,
            } => {
                write!(f, "{operation}: still ")?;
                match last_status {
                    Some(status) => write!(f, "`{status}`")?,
                    None => f.write_str("without a status")?,
                }
                write!(
                    f,
                    " after {waited:?}; raise `WaitOptions::timeout` to wait longer"
                )
            }
            Self::File {
                operation, path, ..
            } => write!(f, "{operation}: cannot upload {path}"),
            Self::UploadIncomplete {
                operation,
                upload_id,
                part,
                total_parts,
                parts_acknowledged,
                ..
            } => {
                write!(f, "{operation}: upload `{upload_id}` stopped")?;
                if let Some(part) = part {
                    write!(f, " at part {part}")?;
                }
                write!(
                    f,
                    ": {parts_acknowledged} of {total_parts} parts are uploaded and acknowledged; resuming it sends only the other {}",
                    total_parts.saturating_sub(*parts_acknowledged)
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // `Api` is its `ApiError`, which has no source of its own.
            Self::Api(error) => std::error::Error::source(&**error),
            Self::Connection { source, .. } | Self::Interrupted { source, .. } => Some(source),
            Self::Decode { source, .. } => Some(source),
            Self::StreamTruncated { source, .. } => source.as_ref().map(|e| e as _),
            Self::File { source, .. } => Some(source),
            Self::UploadIncomplete { source, .. } => Some(&**source),
            Self::Timeout { .. }
            | Self::Redirect { .. }
            | Self::ResponseTooLarge { .. }
            | Self::InvalidResponse { .. }
            | Self::StreamEvent { .. }
            | Self::InvalidInput { .. }
            | Self::Config { .. }
            | Self::WaitFailed { .. }
            | Self::WaitTimeout { .. } => None,
        }
    }
}

impl Error {
    /// The operation that failed (`None` for configuration errors).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::Api(e) => Some(e.operation),
            Self::Timeout { operation, .. }
            | Self::Connection { operation, .. }
            | Self::Interrupted { operation, .. }
            | Self::Redirect { operation, .. }
            | Self::ResponseTooLarge { operation, .. }
            | Self::Decode { operation, .. }
            | Self::InvalidResponse { operation, .. }
            | Self::StreamEvent { operation, .. }
            | Self::StreamTruncated { operation, .. }
            | Self::InvalidInput { operation, .. }
            | Self::File { operation, .. }
            | Self::WaitFailed { operation, .. }
            | Self::WaitTimeout { operation, .. }
            | Self::UploadIncomplete { operation, .. } => Some(operation),
            Self::Config { .. } => None,
        }
    }

    /// The HTTP status, when the API answered (for [`Error::UploadIncomplete`], the status of what stopped it).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode { status, .. }
            | Self::Redirect { status, .. }
            | Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::UploadIncomplete { source, .. } => source.status(),
            _ => None,
        }
    }

    /// Whether the same request may succeed if sent again later: connection failures, timeouts, interrupted
    /// responses and streams, and the statuses that say so (`408`, `409`, `429`, `5xx`). Other errors will fail
    /// the same way again. (Whether it is *safe* to send again is another question: see `maybe_applied`.)
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Api(e) => crate::retry::is_transient_status(e.status),
            Self::Timeout { .. }
            | Self::Connection { .. }
            | Self::Interrupted { .. }
            | Self::StreamTruncated { .. } => true,
            Self::UploadIncomplete { source, .. } => source.is_transient(),
            _ => false,
        }
    }

    /// The API error, when the API answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn invalid_input(operation: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            operation,
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }
}

/// An error status from the API, with everything it said about it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation that failed.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The API's error code (`code` in the JSON error body), when present.
    pub code: Option<String>,
    /// The API's message (`message` in the JSON error body), when present.
    pub message: Option<String>,
    /// The raw body, when it was not the documented JSON error object (at most 4 KiB, lossily as text).
    pub body: Option<String>,
    /// The request id the server assigned, for support requests.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
}

impl ApiError {
    /// An error as the API would report it, for tests of code that handles SDK errors (`Error::Api(Box::new(..))`):
    /// the operation's name (`"assets.retrieve"`), the status, and the body's `code` and `message`. No request id
    /// or headers.
    ///
    /// ```
    /// use twelvelabs::{ApiError, Error, reqwest::StatusCode};
    ///
    /// let error = Error::Api(Box::new(ApiError::new(
    ///     "assets.retrieve",
    ///     StatusCode::NOT_FOUND,
    ///     "resource_not_exists",
    ///     "No asset `abc`.",
    /// )));
    /// assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    /// ```
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            operation,
            status,
            code: Some(code.into()),
            message: Some(message.into()),
            body: None,
            request_id: None,
            headers: HeaderMap::new(),
        }
    }

    /// Builds the error from a response: parses `{code, message}` when the body is that JSON object.
    pub(crate) fn from_response(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
    ) -> Self {
        let parsed = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .map(|value| code_and_message(&value))
            .filter(|(code, message)| code.is_some() || message.is_some());
        let request_id = crate::response::request_id(&headers);
        let (code, message, body) = match parsed {
            Some((code, message)) => (code, message, None),
            None if body.is_empty() => (None, None, None),
            None => (None, None, Some(text_prefix(body, 4096))),
        };
        Self {
            operation,
            status,
            code,
            message,
            body,
            request_id,
            headers,
        }
    }
}

/// The `code` and `message` strings of an error body (`{"code": "...", "message": "..."}`), each `None` when
/// absent or not a string.
pub(crate) fn code_and_message(body: &serde_json::Value) -> (Option<String>, Option<String>) {
    let text = |key: &str| {
        body.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    (text("code"), text("message"))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the API answered HTTP {}",
            self.operation, self.status
        )?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        match (&self.message, &self.body) {
            (Some(message), _) => write!(f, ": {message}")?,
            (None, Some(body)) => write!(f, ": {body}")?,
            (None, None) => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The first `limit` bytes of `body` as text, cut at a character boundary.
pub(crate) fn text_prefix(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(limit)]);
    let mut text = text.into_owned();
    if body.len() > limit {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_parse_the_documented_body() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "req-1".parse().unwrap());
        let e = ApiError::from_response(
            "assets.create",
            StatusCode::BAD_REQUEST,
            headers,
            br#"{"code":"parameter_invalid","message":"Bad url."}"#,
        );
        assert_eq!(e.code.as_deref(), Some("parameter_invalid"));
        assert_eq!(
            e.to_string(),
            "assets.create: the API answered HTTP 400 Bad Request [parameter_invalid]: Bad url. (request id req-1)"
        );
    }

    #[test]
    fn api_errors_keep_other_bodies_raw() {
        let e = ApiError::from_response(
            "assets.list",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            b"<html>bad gateway</html>",
        );
        assert_eq!(e.body.as_deref(), Some("<html>bad gateway</html>"));
        assert_eq!(
            e.to_string(),
            "assets.list: the API answered HTTP 502 Bad Gateway: <html>bad gateway</html>"
        );
    }

    #[test]
    fn text_prefix_cuts_long_bodies() {
        assert_eq!(text_prefix(b"abcdef", 3), "abc…");
        assert_eq!(text_prefix(b"ab", 3), "ab");
    }
}
