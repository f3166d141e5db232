//! The client and its configuration. Sending a request is in `send.rs`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::error::{Error, Result};
use crate::options::{RetryPolicy, Timer, default_timer};
use crate::send::{check_override, is_sensitive};

/// What the runtime needs to know about the API; generated code provides it (`generated::API`).
#[derive(Debug)]
pub(crate) struct ApiDescription {
    /// Human name, for messages.
    pub name: &'static str,
    /// Base URL used when none is configured.
    pub default_base_url: Option<&'static str>,
    /// Environment variable read for the API key when none is configured.
    pub api_key_env: Option<&'static str>,
    /// Environment variable [`Client::from_env`] reads a base URL from, when set.
    pub base_url_env: Option<&'static str>,
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
/// Default cap on a response body: far above any page or resource the API returns (a list page of 50 items
/// is tens of kilobytes; an indexed asset with every embedding a few megabytes), far below what hurts a process.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u64 = 128 * 1024 * 1024;
/// Most redirects followed within the API's origin.
const MAX_REDIRECTS: usize = 10;
/// `User-Agent`: this crate and its version.
const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));

/// The API key. Never printed: `Debug` shows `[redacted]`, and it is not part of any error or trace.
#[derive(Clone)]
pub(crate) struct ApiKey(pub(crate) String);

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

/// The settings a client was built with.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// `scheme://host:port` of the base URL: the only place requests (and the key) may go.
    pub(crate) origin: reqwest::Url,
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
    pub(crate) timer: Arc<dyn Timer>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.api_key)
            .field("timeout", &self.inner.timeout)
            .field("operation_timeout", &self.inner.operation_timeout)
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

    /// A client configured from the environment: the API key from the API's key variable (for the TwelveLabs
    /// API, `TWELVE_LABS_API_KEY`; see [`ClientBuilder::build`]) and, when its base-URL variable is set and not
    /// empty (`TWELVE_LABS_BASE_URL`), the base URL from it: a staging server, a proxy, or a fake in tests.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when there is no key, or the key or the base URL is not valid (the message names the
    /// variable).
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|name| std::env::var_os(name))
    }

    /// [`Client::from_env`] with the environment read through `lookup`.
    fn from_lookup(lookup: impl Fn(&str) -> Option<std::ffi::OsString>) -> Result<Self> {
        let api = &crate::generated::API;
        let read = |variable: &str| -> Result<Option<String>> {
            match lookup(variable).map(|value| value.into_string()) {
                None => Ok(None),
                Some(Ok(value)) => Ok(Some(value.trim().to_string()).filter(|v| !v.is_empty())),
                Some(Err(_)) => Err(Error::config(format!("{variable} is not valid UTF-8"))),
            }
        };
        let mut builder = Self::builder();
        if let Some(variable) = api.api_key_env
            && let Some(key) = read(variable)?
        {
            builder = builder.api_key(key);
        }
        if let Some(variable) = api.base_url_env
            && let Some(url) = read(variable)?
        {
            if let Err(Error::Config { message }) = check_base_url(&url) {
                return Err(Error::config(format!("{variable}: {message}")));
            }
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ensure_tls_provider();
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client's timer (used by waiters and pagers, so tests can control time).
    pub(crate) fn timer(&self) -> &Arc<dyn Timer> {
        &self.inner.timer
    }

    /// The client's settings, for the code that sends requests.
    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

/// A `reqwest::ClientBuilder` with the settings of the clients this crate builds (redirects followed only within
/// the origin, a 10 s connect timeout), for a client of your own to pass to [`ClientBuilder::http_client`]
/// after adding proxies, certificates or pool settings. With the default `rustls` feature it also makes sure
/// rustls has a crypto provider, which reqwest needs to build a client.
///
/// ```
/// let http = twelvelabs::http_client_builder()
///     .pool_max_idle_per_host(4)
///     .build()?;
/// let client = twelvelabs::Client::builder().api_key("tlk_...").http_client(http).build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    ensure_tls_provider();
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .redirect(same_origin_redirects())
}

/// Installs `ring` as rustls's process-wide crypto provider when the program has installed none (feature
/// `rustls`). reqwest, built without a provider of its own to spare the cold build aws-lc-sys, takes the
/// process-wide one; a program that wants another installs it before its first `twelvelabs` call.
fn ensure_tls_provider() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc-rs")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and here: its provider is kept, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The redirect policy of the clients this crate builds, for a `reqwest::Client` you pass to
/// [`ClientBuilder::http_client`]: redirects are followed (up to 10) only while they stay on the origin (scheme,
/// host and port) of the request; any other redirect is not followed and the call returns
/// [`Error::Redirect`]. The API key and request bodies therefore never leave the API's origin; an `https` API
/// is never downgraded to `http`.
///
/// ```
/// let http = twelvelabs::reqwest::Client::builder()
///     .redirect(twelvelabs::same_origin_redirects())
///     .build()?;
/// let client = twelvelabs::Client::builder().api_key("tlk_...").http_client(http).build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    // The `reqwest::Client` this policy goes into needs a TLS provider by the time it is built.
    ensure_tls_provider();
    reqwest::redirect::Policy::custom(|attempt| {
        let stays = attempt
            .previous()
            .first()
            .is_some_and(|first| same_origin(first, attempt.url()));
        if stays && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether two URLs share scheme, host and port.
pub(crate) fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Configures a [`Client`].
///
/// ```
/// use std::time::Duration;
///
/// let client = twelvelabs::Client::builder()
///     .api_key("tlk_...")
///     .timeout(Duration::from_secs(30))
///     .operation_timeout(Duration::from_secs(90))
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
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
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
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
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

    /// The base URL (default: the API's, from its OpenAPI `servers` or the generator settings). It must be an
    /// `http` or `https` URL without a query, a fragment or credentials.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Timeout of each attempt, from sending to the end of the response body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Deadline of a whole call: every attempt and every wait between them (default: none, so a call takes at
    /// most its attempts' timeouts plus the backoff between them). An attempt running when it passes is cut
    /// short, and no retry starts that could not finish its wait before it.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body read (default 128 MiB). A larger one is abandoned and the call returns
    /// [`Error::ResponseTooLarge`]. Error bodies are read up to 64 KiB whatever this says.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
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

    /// A header sent with every request, replacing any default of the same name. Validated by
    /// [`build`](Self::build): framing and routing headers (`content-length`, `transfer-encoding`, `host`,
    /// `connection`, ...) are refused.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Uses this `reqwest::Client` (its proxy, TLS and pool settings) instead of building one.
    ///
    /// Start it from [`http_client_builder`], which has the SDK's redirect policy and connect timeout and makes
    /// sure rustls has a crypto provider (with the default `rustls` feature, reqwest has none of its own and
    /// panics when asked to build a client before one is installed). Otherwise give it
    /// [`same_origin_redirects`] as its redirect policy (or `Policy::none()`): the SDK cannot change the policy
    /// of a client it did not build. If that client follows a redirect to another origin
    /// anyway, the call returns [`Error::Redirect`] rather than the other server's answer, but the request has
    /// then already been sent there.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Uses this timer for backoff sleeps, deadlines and waiters (tests install one that does not wait).
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
        let origin = check_base_url(base_url)?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(user_agent)
                .map_err(|_| Error::config("the user agent is not a valid header value"))?,
        );
        for (name, value) in &self.headers {
            let (name, mut value) = check_override(name, value).map_err(Error::config)?;
            if is_sensitive(&name) {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }
        let http = match self.http_client {
            Some(client) => client,
            None => http_client_builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                origin,
                api_key,
                headers,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                operation_timeout: self.operation_timeout,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                retry: self.retry,
                timer: self.timer.unwrap_or_else(default_timer),
            }),
        })
    }
}

/// Checks that a base URL routes every request where it says: an `http(s)` URL with a host, and no query,
/// fragment or credentials (which would end up in the middle of request URLs, cut their paths off, or be sent
/// as Basic authentication). Returns it parsed.
fn check_base_url(base_url: &str) -> Result<reqwest::Url> {
    let shown = redact_userinfo(base_url);
    let parsed = reqwest::Url::parse(base_url)
        .map_err(|e| Error::config(format!("the base URL `{shown}` is not valid: {e}")))?;
    let refuse = |why: &str| Err(Error::config(format!("the base URL `{shown}` {why}")));
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.cannot_be_a_base()
        || parsed.host_str().is_none_or(str::is_empty)
    {
        return refuse("must be an http or https URL with a host");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse(
            "must not contain credentials (`user:password@`); the API key is passed with `ClientBuilder::api_key`",
        );
    }
    if parsed.query().is_some() {
        return refuse(
            "must not have a query (`?...`): it would end up in the middle of every request's path; send query parameters with `RequestOptions::query`",
        );
    }
    if parsed.fragment().is_some() {
        return refuse("must not have a fragment (`#...`): it would cut off every request's path");
    }
    Ok(parsed)
}

/// A URL as text with any password replaced, for messages and `Debug`.
fn redact_userinfo(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("[redacted]"));
            parsed.to_string()
        }
        Ok(_) => url.to_string(),
        // Unparsable: show only what precedes a possible `user:password@`.
        Err(_) => match url.rfind('@') {
            Some(at) => format!("[redacted]{}", &url[at..]),
            None => url.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.into())
        }
    }

    #[test]
    fn from_env_reads_the_key_and_the_base_url() {
        let client = Client::from_lookup(environment(&[
            ("TWELVE_LABS_API_KEY", "tlk_x"),
            ("TWELVE_LABS_BASE_URL", " http://127.0.0.1:9/v1.3/ "),
        ]))
        .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v1.3");
        assert_eq!(client.inner().api_key.as_ref().unwrap().0, "tlk_x");

        let default = Client::from_lookup(environment(&[
            ("TWELVE_LABS_API_KEY", "tlk_x"),
            ("TWELVE_LABS_BASE_URL", "  "),
        ]))
        .unwrap();
        assert_eq!(
            default.base_url(),
            crate::generated::API.default_base_url.unwrap()
        );
    }

    #[test]
    fn from_env_names_the_variable_that_is_wrong() {
        let error = Client::from_lookup(environment(&[
            ("TWELVE_LABS_API_KEY", "tlk_x"),
            ("TWELVE_LABS_BASE_URL", "ftp://staging.example/v1.3"),
        ]))
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("TWELVE_LABS_BASE_URL: the base URL"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn from_env_refuses_a_variable_that_is_not_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let error = Client::from_lookup(|name| match name {
            "TWELVE_LABS_API_KEY" => Some("tlk_x".into()),
            "TWELVE_LABS_BASE_URL" => Some(std::ffi::OsString::from_vec(vec![0x68, 0xff, 0xfe])),
            _ => None,
        })
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("TWELVE_LABS_BASE_URL is not valid UTF-8"),
            "{error}"
        );
    }

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

    #[test]
    fn base_urls_that_would_route_wrong_are_refused() {
        for (url, expected) in [
            (
                "https://api.example.com/v1.3?tenant=1",
                "must not have a query",
            ),
            (
                "https://api.example.com/v1.3#frag",
                "must not have a fragment",
            ),
            (
                "https://user:hunter2@api.example.com/v1.3",
                "must not contain credentials",
            ),
            (
                "https://user@api.example.com/v1.3",
                "must not contain credentials",
            ),
            ("ftp://api.example.com", "must be an http or https URL"),
            ("mailto:someone@example.com", "must be an http or https URL"),
        ] {
            let builder = Client::builder().api_key("k").base_url(url);
            let shown = format!("{builder:?}");
            let e = builder.build().unwrap_err().to_string();
            assert!(e.contains(expected), "{url}: {e}");
            assert!(
                !e.contains("hunter2") && !shown.contains("hunter2"),
                "{e} {shown}"
            );
        }
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:8080/v1.3/")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/v1.3");
    }

    #[test]
    fn framing_headers_are_refused_as_defaults() {
        for name in ["content-length", "Transfer-Encoding", "host", "connection"] {
            let e = Client::builder()
                .api_key("k")
                .default_header(name, "1")
                .build()
                .unwrap_err();
            assert!(e.to_string().contains("cannot be set"), "{name}: {e}");
        }
    }
}
