//! Settings that callers pass: per-request options, the retry policy, and the timer (so tests and simulations
//! can control time).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;

/// Per-request settings that override the client's for one call: `request.with_options(options)`.
///
/// ```
/// use std::time::Duration;
/// use twelvelabs::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(120))
///     .operation_timeout(Duration::from_secs(300))
///     .max_retries(5)
///     .header("x-trace-id", "abc")
///     .query("debug", "true");
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Timeout of each attempt; `None` keeps the client's.
    pub timeout: Option<Duration>,
    /// Deadline of the whole call, across attempts and backoff; `None` keeps the client's.
    pub operation_timeout: Option<Duration>,
    /// Retries after the first attempt; `None` keeps the client's.
    pub max_retries: Option<u32>,
    /// Headers that replace the client's and the operation's of the same name (see [`RequestOptions::header`]).
    pub headers: Vec<(String, String)>,
    /// Query parameters that replace the operation's of the same name (see [`RequestOptions::query`]).
    pub query: Vec<(String, String)>,
    /// Replaces the documented upload size limit (e.g. 200 MB for `assets.create`), for accounts whose limit
    /// differs.
    pub max_upload_bytes: Option<u64>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the deadline of the whole call: every attempt and the waits between them.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Sets how many times a failed attempt may be retried (`0` disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Sets a header, replacing the client's default and the operation's own header of the same name (the API
    /// key header included: this request then carries the given key instead). Several calls with one name send
    /// each value.
    ///
    /// Checked when the request is sent ([`Error::InvalidInput`](crate::Error::InvalidInput)): values with line
    /// breaks, framing and routing headers (`content-length`, `transfer-encoding`, `host`, `connection`,
    /// `keep-alive`, `te`, `trailer`, `upgrade`, `proxy-connection`), and `content-type` on a multipart upload
    /// (whose boundary the SDK sets) are refused.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets a query parameter, replacing the operation's parameters of the same name (`query("page", "3")`
    /// next to `.page(2)` sends `page=3` only). Several calls with one name send each value.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Replaces the documented upload size limit for this request.
    pub fn max_upload_bytes(mut self, bytes: u64) -> Self {
        self.max_upload_bytes = Some(bytes);
        self
    }
}

impl fmt::Debug for RequestOptions {
    // Header values may hold credentials; only their names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_retries", &self.max_retries)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("query", &self.query)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .finish()
    }
}

/// When and how failed attempts are retried.
///
/// The rules, in order:
///
/// 1. A transport failure *before* the request reached the server (DNS, connection refused, TLS) is retried
///    for every method: nothing happened on the server.
/// 2. `408`, `429` and `503` are retried for every method: the server says it did not process the request.
/// 3. Other `5xx`, `409`, timeouts and connections lost after sending are retried only for `GET`, `HEAD`,
///    `OPTIONS`, `PUT`, `DELETE` and `PATCH` (the API's `PATCH` sets fields, so repeating it changes nothing). A
///    `POST` in that state may already have created a collection, entity or asset; replaying it could create a
///    duplicate, so it is not replayed unless [`RetryPolicy::retry_unsafe_posts`] says so.
/// 4. `Retry-After` (seconds or an HTTP date) and `retry-after-ms` are honoured when they ask for at most
///    [`RetryPolicy::max_retry_after`]; a longer wait ends the retries and returns the error, so a call never
///    sleeps for minutes unasked.
/// 5. Otherwise the wait is exponential with full jitter: a random duration between zero and
///    `initial_backoff * 2^attempt`, capped at `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2, as the official SDKs).
    pub max_retries: u32,
    /// Upper bound of the first backoff (default 500 ms).
    pub initial_backoff: Duration,
    /// Cap of any backoff (default 8 s).
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured (default 60 s).
    pub max_retry_after: Duration,
    /// Replay `POST`s that may have taken effect (default `false`).
    pub retry_unsafe_posts: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_unsafe_posts: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the first and the largest backoff.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Sets the longest `Retry-After` honoured.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Allows replaying `POST`s whose outcome is unknown. Only for operations you know are idempotent.
    pub fn retry_unsafe_posts(mut self, retry: bool) -> Self {
        self.retry_unsafe_posts = retry;
        self
    }
}

/// The clock the client sleeps and reads time with. The default uses tokio's timer; tests and simulations
/// install their own to make time-dependent behaviour (backoff, `Retry-After`, waiters) instant and exact.
pub trait Timer: Send + Sync + fmt::Debug {
    /// Completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The default [`Timer`]: `tokio::time`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioTimer;

impl Timer for TokioTimer {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

pub(crate) fn default_timer() -> Arc<dyn Timer> {
    Arc::new(TokioTimer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_header_values() {
        let options = RequestOptions::new().header("authorization", "Bearer secret");
        let shown = format!("{options:?}");
        assert!(
            shown.contains("authorization") && !shown.contains("secret"),
            "{shown}"
        );
    }
}
