//! The client: configuration, authentication, and sending a request (with timeouts, retries and tracing).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue,
    USER_AGENT,
};
use tracing::Instrument;

use crate::error::{ApiError, Error, Result};
use crate::options::{RequestOptions, RetryPolicy, Timer, default_timer};
use crate::request::{Body, Part, Request};
use crate::response::RawResponse;
use crate::retry::{Failure, delay, should_retry};

/// What the runtime needs to know about the API; generated code provides it (`generated::API`).
#[derive(Debug)]
pub(crate) struct ApiDescription {
    /// Human name, for messages.
    pub name: &'static str,
    /// Base URL used when none is configured.
    pub default_base_url: Option<&'static str>,
    /// Environment variable read for the API key when none is configured.
    pub api_key_env: Option<&'static str>,
    /// How the key is sent.
    pub auth: &'static [Auth],
}

/// How the API key is sent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Auth {
    /// In this header.
    Header(&'static str),
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// As this query parameter.
    Query(&'static str),
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// As `Authorization: Bearer KEY`.
    Bearer,
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// As `Authorization: Basic`, the key being `user:password`.
    Basic,
}

/// Default timeout of each attempt, as the official SDKs.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default connect timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// `User-Agent`: this crate and its version.
const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));

/// The API key. Never printed: `Debug` shows `[redacted]`, and it is not part of any error or trace.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A client for the API. Cheap to clone (it is an `Arc`); clones share connections and settings.
///
/// ```no_run
/// # fn run() -> twelvelabs::Result<()> {
/// // Reads the API key from the API's environment variable; `Client::new(key)` takes it directly.
/// let client = twelvelabs::Client::from_env()?;
/// println!("{}", client.base_url());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<ApiKey>,
    headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    timer: Arc<dyn Timer>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.api_key)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field(
                "default_headers",
                &self
                    .inner
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Client {
    /// A client with this API key and every other setting at its default.
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder().api_key(api_key).build()
    }

    /// A client whose API key comes from the environment (see [`ClientBuilder::build`]).
    pub fn from_env() -> Result<Self> {
        Self::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client's timer (used by waiters, so tests can control time).
    pub(crate) fn timer(&self) -> &Arc<dyn Timer> {
        &self.inner.timer
    }

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
        let started = self.inner.timer.now();
        let result = self
            .execute_attempts(request, options)
            .instrument(span.clone())
            .await;
        let elapsed = self.inner.timer.now().saturating_duration_since(started);
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

    async fn execute_attempts(
        &self,
        request: Request,
        options: RequestOptions,
    ) -> Result<RawResponse> {
        let operation = request.operation;
        if let Some(error) = request.error {
            return Err(error);
        }
        let url = self.url(&request.path, &request.query, &options, operation.id)?;
        let headers = self.headers(&request.headers, &options, operation.id)?;
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let max_retries = options.max_retries.unwrap_or(self.inner.retry.max_retries);
        let mut retry = 0;
        loop {
            let attempt = retry + 1;
            tracing::Span::current().record("attempts", attempt);
            let builder = self
                .inner
                .http
                .request(operation.method.clone(), url.clone())
                .headers(headers.clone())
                .timeout(timeout);
            let builder = self.authenticate(builder);
            let (builder, replayable) = attach_body(builder, &request.body, operation.id).await?;
            let (failure, error, response_headers) = match builder.send().await {
                Ok(response) => {
                    let status = response.status();
                    let response_headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) if status.is_success() => {
                            tracing::debug!(attempt, status = status.as_u16(), "response");
                            return Ok(RawResponse {
                                operation,
                                status,
                                headers: response_headers,
                                body,
                            });
                        }
                        Ok(body) => {
                            let error = ApiError::from_response(
                                operation.id,
                                status,
                                response_headers.clone(),
                                &body,
                            );
                            (
                                Failure::Status(status),
                                Error::Api(Box::new(error)),
                                Some(response_headers),
                            )
                        }
                        Err(e) => (
                            transport_failure(&e),
                            transport_error(operation.id, e, timeout),
                            None,
                        ),
                    }
                }
                Err(e) => (
                    transport_failure(&e),
                    transport_error(operation.id, e, timeout),
                    None,
                ),
            };
            let retryable = retry < max_retries
                && replayable
                && should_retry(&self.inner.retry, &operation.method, failure);
            let wait = if retryable {
                delay(
                    &self.inner.retry,
                    retry,
                    response_headers.as_ref(),
                    chrono::Utc::now(),
                )
            } else {
                None
            };
            let Some(wait) = wait else {
                tracing::debug!(attempt, ?failure, "giving up");
                return Err(error);
            };
            tracing::debug!(
                attempt,
                ?failure,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            self.inner.timer.sleep(wait).await;
            retry += 1;
        }
    }

    fn url(
        &self,
        path: &str,
        query: &[(String, String)],
        options: &RequestOptions,
        operation: &'static str,
    ) -> Result<reqwest::Url> {
        let mut url =
            reqwest::Url::parse(&format!("{}{path}", self.inner.base_url)).map_err(|e| {
                Error::invalid_input(operation, format!("the request URL is not valid: {e}"))
            })?;
        let auth_query = self.inner.api_key.as_ref().and_then(|key| {
            crate::generated::API.auth.iter().find_map(|a| match a {
                Auth::Query(name) => Some((name.to_string(), key.0.clone())),
                _ => None,
            })
        });
        let pairs: Vec<&(String, String)> = query
            .iter()
            .chain(&options.query)
            .chain(auth_query.as_ref())
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(pairs.iter().map(|(k, v)| (k, v)));
        }
        Ok(url)
    }

    /// Client defaults, then the operation's headers, then the caller's per-request headers.
    fn headers(
        &self,
        operation_headers: &[(&'static str, String)],
        options: &RequestOptions,
        operation: &'static str,
    ) -> Result<HeaderMap> {
        let mut headers = self.inner.headers.clone();
        let extra = operation_headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .chain(options.headers.iter().cloned());
        for (name, value) in extra {
            let (name, value) = parse_header(&name, &value)
                .map_err(|message| Error::invalid_input(operation, message))?;
            headers.insert(name, value);
        }
        Ok(headers)
    }

    fn authenticate(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let Some(key) = &self.inner.api_key else {
            return builder;
        };
        crate::generated::API
            .auth
            .iter()
            .fold(builder, |builder, auth| match auth {
                Auth::Header(name) => match (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(&key.0),
                ) {
                    (Ok(name), Ok(mut value)) => {
                        value.set_sensitive(true);
                        builder.header(name, value)
                    }
                    _ => builder,
                },
                Auth::Bearer => builder.bearer_auth(&key.0),
                Auth::Basic => match key.0.split_once(':') {
                    Some((user, password)) => builder.basic_auth(user, Some(password)),
                    None => builder.basic_auth(&key.0, None::<&str>),
                },
                Auth::Query(_) => builder,
            })
    }
}

/// Attaches the body; multipart forms and files are rebuilt for each attempt. Returns whether the body can be
/// sent again.
async fn attach_body(
    builder: reqwest::RequestBuilder,
    body: &Body,
    operation: &'static str,
) -> Result<(reqwest::RequestBuilder, bool)> {
    Ok(match body {
        Body::None => (builder, true),
        Body::Json(bytes) => (
            builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            true,
        ),
        Body::Form(text) => (
            builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(text.clone()),
            true,
        ),
        Body::Binary(file) => {
            let (body, length) = file.body().await.map_err(|source| Error::File {
                operation,
                path: file.describe(),
                source,
            })?;
            (
                builder
                    .header(CONTENT_TYPE, file.content_type())
                    .header(CONTENT_LENGTH, length)
                    .body(body),
                file.is_replayable(),
            )
        }
        Body::Multipart(multipart) => {
            let mut form = reqwest::multipart::Form::new();
            let mut replayable = true;
            for (name, part) in &multipart.parts {
                form = match part {
                    Part::Text(value) => form.text(*name, value.clone()),
                    Part::File(file) => {
                        let (body, length) = file.body().await.map_err(|source| Error::File {
                            operation,
                            path: file.describe(),
                            source,
                        })?;
                        replayable &= file.is_replayable();
                        let mut part = reqwest::multipart::Part::stream_with_length(body, length);
                        if let Some(file_name) = file.file_name() {
                            part = part.file_name(file_name.to_string());
                        }
                        let part = part.mime_str(&file.content_type()).map_err(|_| {
                            Error::invalid_input(
                                operation,
                                format!("`{}` is not a valid content type", file.content_type()),
                            )
                        })?;
                        form.part(*name, part)
                    }
                };
            }
            (builder.multipart(form), replayable)
        }
    })
}

/// Where a transport error happened: before the request left (nothing to fear) or after.
fn transport_failure(error: &reqwest::Error) -> Failure {
    if error.is_connect() {
        Failure::NotSent
    } else if error.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Lost
    }
}

fn transport_error(operation: &'static str, error: reqwest::Error, timeout: Duration) -> Error {
    if error.is_timeout() {
        Error::Timeout { operation, timeout }
    } else {
        // The URL can carry a query-string API key; errors never show it.
        Error::Connection {
            operation,
            source: error.without_url(),
        }
    }
}

fn parse_header(name: &str, value: &str) -> std::result::Result<(HeaderName, HeaderValue), String> {
    let parsed_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header `{name}` is not valid (line breaks and control characters are not allowed)"))?;
    Ok((parsed_name, value))
}

/// Configures a [`Client`].
///
/// ```
/// use std::time::Duration;
///
/// let client = twelvelabs::Client::builder()
///     .api_key("tlk_...")
///     .timeout(Duration::from_secs(30))
///     .max_retries(4)
///     .default_header("x-team", "research")
///     .build()?;
/// # Ok::<(), twelvelabs::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    timer: Option<Arc<dyn Timer>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key. Without one, [`build`](Self::build) reads the environment variable.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(api_key.into()));
        self
    }

    /// The base URL (default: the API's, from its OpenAPI `servers` or the generator settings).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Timeout of each attempt, from sending to the end of the response body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after a failed attempt (default 2). See [`RetryPolicy`] for which failures are retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Replaces the `User-Agent` (default `CRATE-rust/VERSION`, e.g. `twelvelabs-rust/0.1.0`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request. Validated by [`build`](Self::build).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Uses this `reqwest::Client` (its proxy, TLS and pool settings) instead of building one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Uses this timer for backoff sleeps and waiters (tests install one that does not wait).
    pub fn timer(mut self, timer: Arc<dyn Timer>) -> Self {
        self.timer = Some(timer);
        self
    }

    /// Builds the client.
    ///
    /// The API key is the one given, or else the value of the API's environment variable
    /// (for the TwelveLabs API, `TWELVE_LABS_API_KEY`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when there is no API key, or the base URL, a header or the key is not valid.
    pub fn build(self) -> Result<Client> {
        let api = &crate::generated::API;
        let api_key = match (self.api_key, api.api_key_env) {
            (Some(key), _) => Some(key),
            (None, Some(variable)) => std::env::var(variable).ok().map(ApiKey),
            (None, None) => None,
        };
        let api_key = api_key.filter(|k| !k.0.trim().is_empty());
        if api_key.is_none() && !api.auth.is_empty() {
            let hint = api
                .api_key_env
                .map(|v| format!(" or set the {v} environment variable"))
                .unwrap_or_default();
            return Err(Error::config(format!(
                "no {} API key: pass one with `ClientBuilder::api_key`{hint}",
                api.name
            )));
        }
        if let Some(key) = &api_key
            && HeaderValue::from_str(&key.0).is_err()
        {
            return Err(Error::config(
                "the API key contains characters that cannot be sent in a header",
            ));
        }
        let base_url = self
            .base_url
            .as_deref()
            .or(api.default_base_url)
            .ok_or_else(|| Error::config("no base URL: pass one with `ClientBuilder::base_url`"))?;
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|e| Error::config(format!("the base URL `{base_url}` is not valid: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(Error::config(format!(
                "the base URL `{base_url}` must be an http or https URL"
            )));
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(user_agent)
                .map_err(|_| Error::config("the user agent is not a valid header value"))?,
        );
        for (name, value) in &self.headers {
            let (name, mut value) = parse_header(name, value).map_err(Error::config)?;
            if name == AUTHORIZATION {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                api_key,
                headers,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry: self.retry,
                timer: self.timer.unwrap_or_else(default_timer),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_key() {
        let client = Client::builder().api_key("tlk_SECRET").build().unwrap();
        let shown = format!("{client:?} {:?}", Client::builder().api_key("tlk_SECRET"));
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    fn bad_configuration_is_refused() {
        let e = Client::builder()
            .api_key("k")
            .base_url("not a url")
            .build()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("the base URL `not a url` is not valid"),
            "{e}"
        );
        let e = Client::builder()
            .api_key("k")
            .default_header("x-a", "b\nc")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("header `x-a`"), "{e}");
        let e = Client::builder().api_key("secret\n").build().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid client configuration: the API key contains characters that cannot be sent in a header"
        );
    }
}
