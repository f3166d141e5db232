//! Responses: the typed value with the HTTP status and headers (`send_with_raw_response`), and decoding.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{Error, text_prefix};
use crate::request::Operation;

/// Response headers that carry the server's request id, in the order they are looked up.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-amzn-requestid"];

/// A decoded response with its HTTP status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    data: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server assigned, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(*name))
            .and_then(|v| v.to_str().ok())
    }

    /// The decoded value.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// Takes the decoded value.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            data: f(self.data),
        }
    }
}

/// The request id in a set of headers.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A response being decoded: the status and headers it will carry, and the body for error messages.
struct Head {
    operation: &'static Operation,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Head {
    fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            operation: self.operation.id,
            status: self.status,
            body_start: text_prefix(&self.body, 256),
            source,
        }
    }
}

/// A successful response whose body has been read but not decoded (or, for streams, not read yet).
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) operation: &'static Operation,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// Where the response came from (after redirects within the API's origin).
    pub(crate) url: reqwest::Url,
    /// The unread body of a streamed response.
    pub(crate) streamed: Option<crate::stream::Streamed>,
}

/// Where a redirect points: what operations whose documented answer is a redirect (a download link, say)
/// return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The status (`302`, `307`, ...; `200` when the redirect stayed within the API's origin and was followed).
    pub status: StatusCode,
    /// The `Location` it points to, resolved against the request URL; the final URL when it was followed.
    pub location: Option<String>,
}

impl RawResponse {
    /// Decodes a JSON body.
    pub(crate) fn json<T: crate::json::FromJson>(self) -> crate::Result<Response<T>> {
        // Through a `Value`, as models decode (see `crate::json`): the parser is compiled once for every type,
        // and only the conversion is generic.
        let (value, head) = self.into_json()?;
        match T::from_json(value) {
            Ok(data) => Ok(Response {
                status: head.status,
                headers: head.headers,
                data,
            }),
            Err(source) => Err(head.decode_error(source)),
        }
    }

    /// The body parsed as JSON, and what a decoding error needs.
    fn into_json(self) -> crate::Result<(serde_json::Value, Head)> {
        let head = Head {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: self.body,
        };
        match serde_json::from_slice(&head.body) {
            Ok(value) => Ok((value, head)),
            Err(source) => Err(head.decode_error(source)),
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Where the (documented) redirect points.
    pub(crate) fn redirect(self) -> crate::Result<Response<Redirect>> {
        let location = if self.status.is_redirection() {
            self.headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| self.url.join(l).ok())
                .map(String::from)
        } else {
            Some(self.url.to_string())
        };
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data: Redirect {
                status: self.status,
                location,
            },
        })
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The body as a stream of server-sent events, each decoded as `T` when it arrives.
    pub(crate) fn events<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> crate::Result<Response<crate::stream::EventStream<T>>> {
        let stream = crate::stream::EventStream::events(self.operation.id, self.streamed);
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data: stream,
        })
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The body as a stream of JSON lines (NDJSON), each decoded as `T` when it arrives.
    pub(crate) fn json_lines<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> crate::Result<Response<crate::stream::EventStream<T>>> {
        let stream = crate::stream::EventStream::json_lines(self.operation.id, self.streamed);
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data: stream,
        })
    }

    /// Ignores the body (the operation documents none).
    pub(crate) fn empty(self) -> crate::Result<Response<()>> {
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data: (),
        })
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The body as text.
    pub(crate) fn text(self) -> crate::Result<Response<String>> {
        let data = String::from_utf8_lossy(&self.body).into_owned();
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data,
        })
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The body as bytes.
    pub(crate) fn bytes(self) -> crate::Result<Response<Vec<u8>>> {
        Ok(Response {
            status: self.status,
            headers: self.headers,
            data: self.body.to_vec(),
        })
    }
}
