//! Sending a request: the URL, headers and body in a fixed order of precedence; the attempts, with their
//! timeouts, the retry policy and the call's deadline; and reading the response within limits.
//!
//! Everything that comes back is checked before it is believed: a redirect must stay on the API's origin, a
//! body must fit the configured cap, and an upload must be exactly as long as announced.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName,
    HeaderValue, LOCATION, PROXY_AUTHORIZATION,
};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::client::{Auth, Client, same_origin};
use crate::error::{ApiError, Error, Result};
use crate::options::RequestOptions;
use crate::request::{Body, Part, Request};
use crate::response::RawResponse;
use crate::retry::{Failure, delay, is_replay_safe, should_retry};
use crate::upload::{LengthCheck, escape_file_name};

/// Sends a prepared request when the returned future is first polled, and decodes the response with `decode`
/// (`RawResponse::json`, `RawResponse::empty`, ...). The sending is one future for every operation; only the
/// small future around it that decodes is generic, over the output type: operations that return the same
/// type share it, and generated builders are plain functions around this.
pub(crate) fn call<T: Send + 'static>(
    prepared: Result<crate::request::Prepared>,
    decode: fn(RawResponse) -> Result<crate::Response<T>>,
) -> crate::request::BoxFuture<Result<crate::Response<T>>> {
    Box::pin(Decoded {
        raw: send_prepared(prepared),
        decode,
    })
}

/// The one future that sends prepared requests.
fn send_prepared(
    prepared: Result<crate::request::Prepared>,
) -> crate::request::BoxFuture<Result<RawResponse>> {
    Box::pin(async move {
        let crate::request::Prepared {
            client,
            request,
            options,
        } = prepared?;
        client.execute(request, options).await
    })
}

/// A raw response, decoded when it arrives.
struct Decoded<T> {
    raw: crate::request::BoxFuture<Result<RawResponse>>,
    decode: fn(RawResponse) -> Result<crate::Response<T>>,
}

impl<T> std::future::Future for Decoded<T> {
    type Output = Result<crate::Response<T>>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.raw.as_mut().poll(cx) {
            std::task::Poll::Pending => std::task::Poll::Pending,
            std::task::Poll::Ready(Ok(raw)) => std::task::Poll::Ready((self.decode)(raw)),
            std::task::Poll::Ready(Err(e)) => std::task::Poll::Ready(Err(e)),
        }
    }
}

/// The decoded value of a call, without the status and headers.
pub(crate) fn data<T: Send + 'static>(
    call: crate::request::BoxFuture<Result<crate::Response<T>>>,
) -> crate::request::BoxFuture<Result<T>> {
    Box::pin(Data(call))
}

/// A call's future, yielding only the value.
struct Data<T>(crate::request::BoxFuture<Result<crate::Response<T>>>);

impl<T> std::future::Future for Data<T> {
    type Output = Result<T>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.0.as_mut().poll(cx) {
            std::task::Poll::Pending => std::task::Poll::Pending,
            std::task::Poll::Ready(Ok(response)) => {
                std::task::Poll::Ready(Ok(response.into_data()))
            }
            std::task::Poll::Ready(Err(e)) => std::task::Poll::Ready(Err(e)),
        }
    }
}

/// Error bodies are read up to this many bytes: enough for any JSON error, little enough to ignore a flood.
pub(crate) const ERROR_BODY_LIMIT: u64 = 64 * 1024;
/// The longest URL the HTTP stack can put on a request line.
const MAX_URL_BYTES: usize = u16::MAX as usize - 1;

/// Headers that frame or route the message. The HTTP stack sets them from the body and the URL; an override
/// would corrupt the request (a `content-length` shorter than the body truncates it) or send it elsewhere.
const FRAMING_HEADERS: [&str; 9] = [
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// Checks a header a caller sets (a client default or a per-request override).
pub(crate) fn check_override(
    name: &str,
    value: &str,
) -> std::result::Result<(HeaderName, HeaderValue), String> {
    let parsed_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    if FRAMING_HEADERS.contains(&parsed_name.as_str()) {
        return Err(format!(
            "the `{name}` header cannot be set: the SDK frames and routes each request itself"
        ));
    }
    let value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of header `{name}` is not valid (line breaks and control characters are not allowed)")
    })?;
    Ok((parsed_name, value))
}

/// Whether a header carries credentials, so that it is never logged or shown.
pub(crate) fn is_sensitive(name: &HeaderName) -> bool {
    *name == AUTHORIZATION
        || *name == PROXY_AUTHORIZATION
        || *name == COOKIE
        || crate::generated::API
            .auth
            .iter()
            .any(|auth| matches!(auth, Auth::Header(h) if name.as_str().eq_ignore_ascii_case(h)))
}

/// Puts every value of `layer` into `headers`, replacing all values of the same names.
fn replace_all(headers: &mut HeaderMap, layer: HeaderMap) {
    let mut last: Option<HeaderName> = None;
    for (name, value) in layer {
        match name {
            Some(name) => {
                headers.insert(name.clone(), value);
                last = Some(name);
            }
            // Further values of the previous name.
            None => {
                if let Some(name) = &last {
                    headers.append(name.clone(), value);
                }
            }
        }
    }
}

/// A request ready to be sent any number of times.
struct Prepared {
    method: Method,
    url: reqwest::Url,
    /// Client defaults, then the operation's headers, then authentication.
    headers: HeaderMap,
    /// The caller's replacements, applied last.
    overrides: HeaderMap,
    /// The media type the operation asks for, when not JSON.
    accept: Option<&'static str>,
}

impl Client {
    /// Sends a request, retrying as the policy allows, and reads the body of a successful response.
    pub(crate) async fn execute(
        &self,
        request: Request,
        options: RequestOptions,
    ) -> Result<RawResponse> {
        let operation = request.operation;
        let span = tracing::info_span!(
            "request",
            operation = operation.id,
            method = %operation.method,
            path = operation.path,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = self.inner().timer.now();
        let result = self
            .attempts(request, options, started)
            .instrument(span.clone())
            .await;
        let elapsed = self.inner().timer.now().saturating_duration_since(started);
        span.record(
            "duration_ms",
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        );
        match &result {
            Ok(response) => span.record("status", response.status.as_u16()),
            Err(error) => span.record("status", error.status().map_or(0, |s| s.as_u16())),
        };
        result
    }

    async fn attempts(
        &self,
        request: Request,
        options: RequestOptions,
        started: Instant,
    ) -> Result<RawResponse> {
        let inner = self.inner();
        let operation = request.operation;
        if let Some(error) = request.error {
            return Err(error);
        }
        let prepared = self.prepare(&request, &options)?;
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let deadline = options.operation_timeout.or(inner.operation_timeout);
        let max_retries = options.max_retries.unwrap_or(inner.retry.max_retries);
        let maybe_applied = !is_replay_safe(&operation.method);
        let mut retry = 0;
        loop {
            let attempt = retry + 1;
            tracing::Span::current().record("attempts", attempt);
            // What is left of the call's deadline bounds this attempt.
            let remaining = deadline
                .map(|d| d.saturating_sub(inner.timer.now().saturating_duration_since(started)));
            if let (Some(remaining), Some(deadline)) = (remaining, deadline)
                && remaining.is_zero()
            {
                return Err(Error::Timeout {
                    operation: operation.id,
                    timeout: deadline,
                    overall: true,
                    maybe_applied: false,
                });
            }
            let (attempt_timeout, overall) = match remaining {
                Some(remaining) if remaining < timeout => (remaining, true),
                _ => (timeout, false),
            };
            let timeout_error = |sent: bool| Error::Timeout {
                operation: operation.id,
                timeout: if overall {
                    deadline.unwrap_or(timeout)
                } else {
                    timeout
                },
                overall,
                maybe_applied: sent && maybe_applied,
            };
            // A streamed body may run for as long as the server sends; each pause is bounded instead.
            let whole_body_timeout = (!request.streamed).then_some(attempt_timeout);
            let (http_request, checks, replayable) = self
                .build_attempt(&prepared, &request.body, whole_body_timeout, operation.id)
                .await?;
            let sent = match tokio::time::timeout(attempt_timeout, inner.http.execute(http_request))
                .await
            {
                Ok(sent) => sent,
                Err(_) => {
                    let (failure, error) = (Failure::Timeout, timeout_error(true));
                    match self.retry_wait(
                        &request,
                        retry,
                        max_retries,
                        replayable,
                        failure,
                        None,
                        started,
                        deadline,
                    ) {
                        Some(wait) => {
                            tracing::debug!(
                                attempt,
                                ?failure,
                                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                                "retrying"
                            );
                            inner.timer.sleep(wait).await;
                            retry += 1;
                            continue;
                        }
                        None => return Err(error),
                    }
                }
            };
            let (failure, error, response_headers) = match sent {
                Ok(response) => match self
                    .read_response(response, operation, &prepared, &request, attempt_timeout)
                    .await
                {
                    Ok(raw) => {
                        tracing::debug!(attempt, status = raw.status.as_u16(), "response");
                        return Ok(raw);
                    }
                    Err(Outcome::Status(error)) => {
                        let headers = error.headers.clone();
                        (
                            Failure::Status(error.status),
                            Error::Api(error),
                            Some(headers),
                        )
                    }
                    Err(Outcome::Final(error)) => return Err(error),
                    Err(Outcome::Transport(e)) if e.is_timeout() => {
                        (Failure::Timeout, timeout_error(true), None)
                    }
                    Err(Outcome::Transport(e)) => (
                        Failure::Lost,
                        Error::Interrupted {
                            operation: operation.id,
                            maybe_applied,
                            source: e.without_url(),
                        },
                        None,
                    ),
                },
                Err(e) => {
                    if let Some(error) = LengthCheck::failure(&checks, operation.id) {
                        return Err(error);
                    }
                    transport_error(e, operation.id, maybe_applied, &timeout_error)
                }
            };
            let Some(wait) = self.retry_wait(
                &request,
                retry,
                max_retries,
                replayable,
                failure,
                response_headers.as_ref(),
                started,
                deadline,
            ) else {
                tracing::debug!(attempt, ?failure, "giving up");
                return Err(error);
            };
            tracing::debug!(
                attempt,
                ?failure,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            inner.timer.sleep(wait).await;
            retry += 1;
        }
    }

    /// How long to wait before retrying after `failure`, or `None` to give up: the attempt budget is spent, the
    /// body cannot be sent again, the policy says no, or the wait would outlast the call's deadline.
    #[allow(clippy::too_many_arguments)]
    fn retry_wait(
        &self,
        request: &Request,
        retry: u32,
        max_retries: u32,
        replayable: bool,
        failure: Failure,
        response_headers: Option<&HeaderMap>,
        started: Instant,
        deadline: Option<Duration>,
    ) -> Option<Duration> {
        let inner = self.inner();
        let retryable = retry < max_retries
            && replayable
            && should_retry(&inner.retry, &request.operation.method, failure);
        if !retryable {
            return None;
        }
        let wait = delay(&inner.retry, retry, response_headers, crate::retry::now())?;
        // A wait that would outlast the deadline cannot lead to a useful attempt.
        let left = deadline
            .map(|d| d.saturating_sub(inner.timer.now().saturating_duration_since(started)));
        left.is_none_or(|left| wait < left).then_some(wait)
    }

    /// The URL and headers, checked once for all attempts.
    fn prepare(&self, request: &Request, options: &RequestOptions) -> Result<Prepared> {
        let inner = self.inner();
        let operation = request.operation.id;
        let invalid = |message: String| Error::invalid_input(operation, message);
        let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, request.path))
            .map_err(|e| invalid(format!("the request URL is not valid: {e}")))?;
        // The caller's parameters replace the operation's (and the query-string key) of the same name.
        let overridden = |name: &str| options.query.iter().any(|(n, _)| n == name);
        let auth_query = inner.api_key.as_ref().and_then(|key| {
            crate::generated::API.auth.iter().find_map(|a| match a {
                Auth::Query(name) if !overridden(name) => Some((name.to_string(), key.0.clone())),
                _ => None,
            })
        });
        let pairs: Vec<&(String, String)> = request
            .query
            .iter()
            .filter(|(name, _)| !overridden(name))
            .chain(&options.query)
            .chain(auth_query.as_ref())
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(pairs.iter().map(|(k, v)| (k, v)));
        }
        if url.as_str().len() > MAX_URL_BYTES {
            return Err(invalid(format!(
                "the request URL would be {} bytes, more than the {MAX_URL_BYTES} an HTTP request line can carry; a path or query value is too long",
                url.as_str().len()
            )));
        }

        let mut headers = inner.headers.clone();
        let mut operation_headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let (name, value) = check_override(name, value).map_err(invalid)?;
            operation_headers.append(name, value);
        }
        replace_all(&mut headers, operation_headers);
        if let Some(key) = &inner.api_key {
            for auth in crate::generated::API.auth {
                let credential = match auth {
                    Auth::Header(name) => HeaderName::from_bytes(name.as_bytes())
                        .ok()
                        .zip(HeaderValue::from_str(&key.0).ok()),
                    Auth::Bearer => HeaderValue::from_str(&format!("Bearer {}", key.0))
                        .ok()
                        .map(|v| (AUTHORIZATION, v)),
                    Auth::Basic => HeaderValue::from_str(&basic_credentials(&key.0))
                        .ok()
                        .map(|v| (AUTHORIZATION, v)),
                    Auth::Query(_) => None,
                };
                if let Some((name, mut value)) = credential {
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
            }
        }

        let mut overrides = HeaderMap::new();
        for (name, value) in &options.headers {
            let (name, mut value) = check_override(name, value).map_err(invalid)?;
            if name == CONTENT_TYPE && matches!(request.body, Body::Multipart(_)) {
                return Err(invalid(
                    "the `content-type` of a multipart upload cannot be replaced: it carries the boundary the SDK chose".to_string(),
                ));
            }
            if is_sensitive(&name) {
                value.set_sensitive(true);
            }
            overrides.append(name, value);
        }
        Ok(Prepared {
            method: request.operation.method.clone(),
            url,
            headers,
            overrides,
            accept: request.accept,
        })
    }

    /// One attempt's request: the body is built anew (files are reopened), then the headers are laid over what
    /// the body set: client, operation and authentication headers, the body's `content-type`, and the caller's
    /// replacements last. Returns the request, the length checks of its streamed parts, and whether it can be
    /// sent again.
    async fn build_attempt(
        &self,
        prepared: &Prepared,
        body: &Body,
        timeout: Option<Duration>,
        operation: &'static str,
    ) -> Result<(reqwest::Request, Vec<LengthCheck>, bool)> {
        let mut builder = self
            .inner()
            .http
            .request(prepared.method.clone(), prepared.url.clone());
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let (builder, checks, replayable) = attach_body(builder, body, operation).await?;
        let mut request = builder.build().map_err(|e| {
            Error::invalid_input(operation, format!("the request cannot be built: {e}"))
        })?;
        let body_headers = std::mem::take(request.headers_mut());
        let mut headers = prepared.headers.clone();
        if let Some(accept) = prepared.accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        replace_all(&mut headers, body_headers);
        replace_all(&mut headers, prepared.overrides.clone());
        *request.headers_mut() = headers;
        Ok((request, checks, replayable))
    }

    /// Checks where the response came from and reads its body within the limits.
    async fn read_response(
        &self,
        mut response: reqwest::Response,
        operation: &'static crate::request::Operation,
        prepared: &Prepared,
        request: &Request,
        idle_timeout: Duration,
    ) -> std::result::Result<RawResponse, Outcome> {
        let inner = self.inner();
        let status = response.status();
        // A client passed in by the caller may have followed a redirect elsewhere: never return that answer.
        if !same_origin(response.url(), &prepared.url) {
            return Err(Outcome::Final(Error::Redirect {
                operation: operation.id,
                status,
                location: Some(shorten(response.url().as_str())),
                reason: "the HTTP client followed it to another origin, so this is not the API's answer; build the client with `twelvelabs::same_origin_redirects()`".to_string(),
            }));
        }
        if status.is_redirection() && request.redirect_expected {
            return Ok(RawResponse {
                operation,
                status,
                headers: response.headers().clone(),
                body: Bytes::new(),
                url: response.url().clone(),
                streamed: None,
            });
        }
        if status.is_redirection() {
            return Err(Outcome::Final(redirect_error(
                operation.id,
                status,
                response.headers(),
                &prepared.url,
                &inner.origin,
            )));
        }
        let headers = response.headers().clone();
        if status.is_success() && request.streamed {
            return Ok(RawResponse {
                operation,
                status,
                headers,
                body: Bytes::new(),
                url: response.url().clone(),
                streamed: Some(crate::stream::Streamed {
                    response,
                    idle_timeout,
                    max_bytes: inner.max_response_bytes,
                }),
            });
        }
        if status.is_success() {
            let body = read_limited(&mut response, inner.max_response_bytes)
                .await
                .map_err(|e| match e {
                    Read::TooLarge => Outcome::Final(Error::ResponseTooLarge {
                        operation: operation.id,
                        status,
                        limit: inner.max_response_bytes,
                    }),
                    Read::Transport(e) => Outcome::Transport(e),
                })?;
            return Ok(RawResponse {
                operation,
                status,
                headers,
                body,
                url: response.url().clone(),
                streamed: None,
            });
        }
        // An error body is only evidence: read its start, never all of a flood.
        let body = read_prefix(&mut response, ERROR_BODY_LIMIT)
            .await
            .map_err(Outcome::Transport)?;
        Err(Outcome::Status(Box::new(ApiError::from_response(
            operation.id,
            status,
            headers,
            &body,
        ))))
    }
}

/// How reading a response failed.
enum Outcome {
    /// An error status: retried or returned as the policy says.
    Status(Box<ApiError>),
    /// The connection failed while the body was read.
    Transport(reqwest::Error),
    /// Returned as it is: another attempt would end the same way.
    Final(Error),
}

enum Read {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads a body of at most `limit` bytes, refusing a larger one as soon as its length is known or exceeded.
async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> std::result::Result<Bytes, Read> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(Read::TooLarge);
    }
    let capacity = response.content_length().unwrap_or(0).min(limit);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(Read::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(Read::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads at most the first `limit` bytes of a body; the rest is left unread (the connection is dropped).
pub(crate) async fn read_prefix(
    response: &mut reqwest::Response,
    limit: u64,
) -> std::result::Result<Bytes, reqwest::Error> {
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() >= room {
            break;
        }
    }
    Ok(body.freeze())
}

/// The error for a redirect that was not followed.
fn redirect_error(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    request_url: &reqwest::Url,
    origin: &reqwest::Url,
) -> Error {
    let location = headers
        .get(LOCATION)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let target = location
        .as_deref()
        .and_then(|location| request_url.join(location).ok());
    let reason = match &target {
        Some(target) if !same_origin(target, origin) => format!(
            "redirects are followed only within {}, so the API key and the request body were not sent to {}",
            origin_text(origin),
            origin_text(target)
        ),
        Some(_) => "too many redirects, or a body that cannot be sent again".to_string(),
        None if location.is_some() => "the `Location` is not a valid URL".to_string(),
        None => "the response says no `Location` to go to".to_string(),
    };
    Error::Redirect {
        operation,
        status,
        location: location.map(|l| shorten(&l)),
        reason,
    }
}

/// `scheme://host:port` of a URL.
fn origin_text(url: &reqwest::Url) -> String {
    match url.port_or_known_default() {
        Some(port) => format!(
            "{}://{}:{port}",
            url.scheme(),
            url.host_str().unwrap_or_default()
        ),
        None => format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default()),
    }
}

/// Server-sent text for a message: at most 512 characters, control characters replaced.
pub(crate) fn shorten(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(512)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(512).is_some() {
        shown.push('…');
    }
    shown
}

/// `Basic` credentials from a `user:password` key.
fn basic_credentials(key: &str) -> String {
    use base64::Engine;
    let key = if key.contains(':') {
        key.to_string()
    } else {
        format!("{key}:")
    };
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// What a transport error means for the retry decision, and the error to return.
pub(crate) fn transport_error(
    error: reqwest::Error,
    operation: &'static str,
    maybe_applied: bool,
    timeout_error: &dyn Fn(bool) -> Error,
) -> (Failure, Error, Option<HeaderMap>) {
    if error.is_builder() {
        let message = format!("the request cannot be built: {}", error.without_url());
        return (
            Failure::Final,
            Error::invalid_input(operation, message),
            None,
        );
    }
    if error.is_timeout() {
        let sent = !error.is_connect();
        let failure = if sent {
            Failure::Timeout
        } else {
            Failure::NotSent
        };
        return (failure, timeout_error(sent), None);
    }
    if error.is_connect() {
        return (
            Failure::NotSent,
            Error::Connection {
                operation,
                source: error.without_url(),
            },
            None,
        );
    }
    // The URL can carry a query-string API key; errors never show it.
    (
        Failure::Lost,
        Error::Interrupted {
            operation,
            maybe_applied,
            source: error.without_url(),
        },
        None,
    )
}

/// Attaches the body; multipart forms and files are rebuilt for each attempt. Returns the length checks of
/// streamed files and whether the body can be sent again.
async fn attach_body(
    builder: reqwest::RequestBuilder,
    body: &Body,
    operation: &'static str,
) -> Result<(reqwest::RequestBuilder, Vec<LengthCheck>, bool)> {
    let file_error = |file: &crate::InputFile, source| Error::File {
        operation,
        path: file.describe(),
        source,
    };
    Ok(match body {
        Body::None => (builder, Vec::new(), true),
        Body::Json(bytes) => (
            builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Vec::new(),
            true,
        ),
        Body::Form(text) => (
            builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(text.clone()),
            Vec::new(),
            true,
        ),
        Body::Binary(file) => {
            let (body, length, check) = file.body().await.map_err(|e| file_error(file, e))?;
            (
                builder
                    .header(CONTENT_TYPE, file.content_type())
                    .header(CONTENT_LENGTH, length)
                    .body(body),
                vec![check],
                file.is_replayable(),
            )
        }
        Body::Multipart(multipart) => {
            let mut form = reqwest::multipart::Form::new();
            let mut replayable = true;
            let mut checks = Vec::new();
            for (name, part) in &multipart.parts {
                form = match part {
                    Part::Text(value) => form.text(*name, value.clone()),
                    Part::File(file) => {
                        let (body, length, check) =
                            file.body().await.map_err(|e| file_error(file, e))?;
                        checks.push(check);
                        replayable &= file.is_replayable();
                        let mut part = reqwest::multipart::Part::stream_with_length(body, length);
                        if let Some(file_name) = file.file_name() {
                            part = part.file_name(escape_file_name(file_name));
                        }
                        let part = part.mime_str(&file.content_type()).map_err(|_| {
                            Error::invalid_input(
                                operation,
                                format!(
                                    "`{}` is not a valid content type",
                                    file.content_type().escape_debug()
                                ),
                            )
                        })?;
                        form.part(*name, part)
                    }
                };
            }
            (builder.multipart(form), checks, replayable)
        }
    })
}
