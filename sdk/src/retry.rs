//! The retry decision and the wait before a retry, as pure functions of the policy and what happened. The rules
//! are documented on [`RetryPolicy`].

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// The wall clock, for HTTP dates in `Retry-After` (through `std`: chrono's `clock` feature is not needed).
pub(crate) fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

use crate::options::RetryPolicy;

/// How an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(StatusCode),
    /// The request never reached the server (DNS, refused, TLS handshake).
    NotSent,
    /// No answer within the timeout; the server may have processed the request.
    Timeout,
    /// The connection broke after the request was sent; the server may have processed it.
    Lost,
    /// Something that another attempt cannot fix (a redirect refused, a body too large, a file that changed).
    Final,
}

/// Whether the request may have changed something on the server: it was sent and the server did not say it
/// refused it.
fn may_have_taken_effect(failure: Failure) -> bool {
    match failure {
        Failure::NotSent => false,
        Failure::Status(status) => !matches!(status.as_u16(), 408 | 429 | 503),
        Failure::Timeout | Failure::Lost | Failure::Final => true,
    }
}

/// Whether replaying the method twice has the effect of sending it once (for this API).
pub(crate) fn is_replay_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::PATCH
    )
}

/// Whether the failure is worth another attempt at all.
fn is_transient(failure: Failure) -> bool {
    match failure {
        Failure::Status(status) => is_transient_status(status),
        Failure::NotSent | Failure::Timeout | Failure::Lost => true,
        Failure::Final => false,
    }
}

/// Whether an error status says the same request may succeed later.
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// Whether to retry after `failure` (not counting the attempt budget).
pub(crate) fn should_retry(policy: &RetryPolicy, method: &Method, failure: Failure) -> bool {
    is_transient(failure)
        && (is_replay_safe(method) || policy.retry_unsafe_posts || !may_have_taken_effect(failure))
}

/// How long to wait before retry number `retry` (0 for the first retry), or `None` when the server asks for a
/// longer wait than the policy honours.
pub(crate) fn delay(
    policy: &RetryPolicy,
    retry: u32,
    headers: Option<&HeaderMap>,
    now: DateTime<Utc>,
) -> Option<Duration> {
    if let Some(asked) = headers.and_then(|h| retry_after(h, now)) {
        return (asked <= policy.max_retry_after).then_some(asked);
    }
    let ceiling = policy
        .initial_backoff
        .saturating_mul(2u32.saturating_pow(retry.min(31)))
        .min(policy.max_backoff);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Some(Duration::from_nanos(fastrand::u64(0..=nanos)))
}

/// The wait a response asks for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    let value = header("retry-after")?;
    if let Ok(number) = value.parse::<f64>() {
        return seconds(number);
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// A server-sent number of seconds as a duration: `None` when negative or not a number, and saturating at
/// `Duration::MAX` when too large to represent (`1e300` means "much longer than any cap", not a panic).
fn seconds(value: f64) -> Option<Duration> {
    if value.is_nan() || value < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(value).unwrap_or(Duration::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn posts_are_replayed_only_when_the_server_did_not_process_them() {
        let policy = RetryPolicy::default();
        for status in [500, 502, 504, 409] {
            assert!(
                !should_retry(
                    &policy,
                    &Method::POST,
                    Failure::Status(StatusCode::from_u16(status).unwrap())
                ),
                "{status}"
            );
        }
        assert!(!should_retry(&policy, &Method::POST, Failure::Timeout));
        assert!(!should_retry(&policy, &Method::POST, Failure::Lost));
        for status in [408, 429, 503] {
            assert!(
                should_retry(
                    &policy,
                    &Method::POST,
                    Failure::Status(StatusCode::from_u16(status).unwrap())
                ),
                "{status}"
            );
        }
        assert!(should_retry(&policy, &Method::POST, Failure::NotSent));
        assert!(should_retry(
            &policy.clone().retry_unsafe_posts(true),
            &Method::POST,
            Failure::Status(StatusCode::INTERNAL_SERVER_ERROR)
        ));
    }

    #[test]
    fn replay_safe_methods_retry_every_transient_failure() {
        let policy = RetryPolicy::default();
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::PATCH] {
            for status in [408, 409, 429, 500, 502, 503, 504] {
                assert!(
                    should_retry(
                        &policy,
                        &method,
                        Failure::Status(StatusCode::from_u16(status).unwrap())
                    ),
                    "{method} {status}"
                );
            }
            assert!(should_retry(&policy, &method, Failure::Timeout));
            assert!(!should_retry(
                &policy,
                &method,
                Failure::Status(StatusCode::BAD_REQUEST)
            ));
            assert!(!should_retry(
                &policy,
                &method,
                Failure::Status(StatusCode::NOT_FOUND)
            ));
        }
    }

    #[test]
    fn retry_after_reads_every_documented_form() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            retry_after(&headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(
                &headers(&[("retry-after", "Mon, 23 Nov 2026 10:00:07 GMT")]),
                now
            ),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(
                &headers(&[("retry-after", "Mon, 23 Nov 2026 09:00:00 GMT")]),
                now
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(
                &headers(&[("retry-after-ms", "250"), ("retry-after", "9")]),
                now
            ),
            Some(Duration::from_millis(250))
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "-1")]), now), None);
    }

    #[test]
    fn huge_retry_after_values_saturate_instead_of_panicking() {
        let now = now();
        for (name, value) in [
            ("retry-after", "1e20"),
            ("retry-after", "18446744073709551616"),
            ("retry-after", "1e300"),
            ("retry-after", "inf"),
            ("retry-after-ms", "1e23"),
        ] {
            assert_eq!(
                retry_after(&headers(&[(name, value)]), now),
                Some(Duration::MAX),
                "{name}: {value}"
            );
            assert_eq!(
                delay(
                    &RetryPolicy::default(),
                    0,
                    Some(&headers(&[(name, value)])),
                    now
                ),
                None,
                "{name}: {value} is longer than any cap"
            );
        }
        assert_eq!(retry_after(&headers(&[("retry-after", "NaN")]), now), None);
    }

    #[test]
    fn backoff_is_jittered_below_an_exponential_cap() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(350));
        let now = now();
        for (retry, cap) in [(0, 100), (1, 200), (2, 350), (10, 350), (40, 350)] {
            for _ in 0..200 {
                let wait = delay(&policy, retry, None, now).unwrap();
                assert!(
                    wait <= Duration::from_millis(cap),
                    "retry {retry}: {wait:?}"
                );
            }
        }
    }

    #[test]
    fn long_retry_after_ends_the_retries() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let now = now();
        assert_eq!(
            delay(&policy, 0, Some(&headers(&[("retry-after", "5")])), now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            delay(&policy, 0, Some(&headers(&[("retry-after", "6")])), now),
            None
        );
    }
}
