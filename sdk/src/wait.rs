//! Waiting until a resource is done: polling with backoff and jitter, a timeout, and distinct errors for a
//! failure status and for the timeout. Generated `wait_until_...` methods call [`wait_until`].

use std::future::Future;
use std::time::Duration;

use serde::Serialize;

use crate::client::Client;
use crate::error::{Error, Result};

/// How a waiter polls.
///
/// The first read happens at once; after each read that is still pending the waiter sleeps `interval`, then
/// `interval × backoff`, and so on up to `max_interval`, each sleep shortened by a random part of up to a quarter
/// (jitter, so many waiters do not poll in step). It gives up with [`Error::WaitTimeout`] when the next read
/// would come after `timeout`, and cuts short a read still running when `timeout` passes: a wait never lasts
/// longer than its timeout, whatever the reads' own timeouts and retries.
///
/// ```
/// use std::time::Duration;
/// use twelvelabs::WaitOptions;
///
/// let options = WaitOptions::default().timeout(Duration::from_secs(600)).interval(Duration::from_secs(2));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// How long to wait in all (default 30 minutes).
    pub timeout: Duration,
    /// The first pause between reads (default 5 s, as the official examples poll).
    pub interval: Duration,
    /// The longest pause (default 60 s).
    pub max_interval: Duration,
    /// How much each pause grows (default 1.5).
    pub backoff: f64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
            backoff: 1.5,
        }
    }
}

impl WaitOptions {
    /// Sets the overall timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the first pause between reads.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Sets the longest pause.
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Sets the growth factor of the pauses (1 keeps them constant).
    pub fn backoff(mut self, backoff: f64) -> Self {
        self.backoff = backoff;
        self
    }

    /// The pause after the `polls`-th pending read, before jitter.
    fn pause(&self, polls: u32) -> Duration {
        let factor = if self.backoff.is_finite() && self.backoff >= 1.0 {
            self.backoff
        } else {
            1.0
        };
        let grown = self.interval.as_secs_f64() * factor.powi(polls.min(64) as i32);
        // Saturates: `Duration::MAX` intervals mean "as long as possible", not a panic.
        Duration::try_from_secs_f64(grown.min(self.max_interval.as_secs_f64()).max(0.0))
            .unwrap_or(Duration::MAX)
            .min(self.max_interval)
    }
}

/// Where a resource stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    /// Done: stop and return it.
    Succeeded,
    /// Failed: stop with an error.
    Failed(String),
    /// Still working (with the status, when there is one).
    Pending(Option<String>),
}

/// Classifies a status value.
pub(crate) fn classify(status: Option<&str>, success: &[&str], failure: &[&str]) -> State {
    match status {
        Some(s) if success.contains(&s) => State::Succeeded,
        Some(s) if failure.contains(&s) => State::Failed(s.to_string()),
        other => State::Pending(other.map(str::to_string)),
    }
}

/// Reads with `read` until `state` says the resource succeeded or failed, or the timeout passes. The timeout
/// bounds the reads too: a read still running when it passes is abandoned, and the wait ends with
/// [`Error::WaitTimeout`]; so does a pause that would end at or after it.
pub(crate) async fn wait_until<T, F, Fut>(
    client: &Client,
    operation: &'static str,
    options: WaitOptions,
    mut read: F,
    state: impl Fn(&T) -> State,
) -> Result<T>
where
    T: Serialize,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let timer = client.timer();
    let started = timer.now();
    let mut polls = 0u32;
    let mut last_status = None;
    loop {
        let waited = timer.now().saturating_duration_since(started);
        let remaining = options.timeout.saturating_sub(waited);
        // The read's own timeouts and retries may outlast the wait: the wait's timeout wins.
        let resource = match tokio::time::timeout(remaining, read()).await {
            Ok(read) => read?,
            Err(_) => {
                return Err(Error::WaitTimeout {
                    operation,
                    last_status,
                    waited: timer
                        .now()
                        .saturating_duration_since(started)
                        .max(options.timeout),
                });
            }
        };
        let pending = match state(&resource) {
            State::Succeeded => return Ok(resource),
            State::Failed(status) => {
                let resource = serde_json::to_value(&resource).unwrap_or(serde_json::Value::Null);
                return Err(Error::WaitFailed {
                    operation,
                    status,
                    resource: Box::new(resource),
                });
            }
            State::Pending(status) => status,
        };
        last_status.clone_from(&pending);
        let waited = timer.now().saturating_duration_since(started);
        let remaining = options.timeout.saturating_sub(waited);
        let pause = options.pause(polls);
        let jitter = Duration::try_from_secs_f64(pause.as_secs_f64() * fastrand::f64() / 4.0)
            .unwrap_or(Duration::ZERO);
        let pause = pause.saturating_sub(jitter);
        // The next read would come at or after the deadline: give up now rather than sleep for nothing.
        if pause >= remaining {
            return Err(Error::WaitTimeout {
                operation,
                last_status,
                waited,
            });
        }
        tracing::debug!(operation, status = ?last_status, pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX), "still pending");
        timer.sleep(pause).await;
        polls += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_the_cap() {
        let options = WaitOptions::default()
            .interval(Duration::from_secs(2))
            .backoff(2.0)
            .max_interval(Duration::from_secs(10));
        let pauses: Vec<u64> = (0..5).map(|n| options.pause(n).as_secs()).collect();
        assert_eq!(pauses, vec![2, 4, 8, 10, 10]);
        assert_eq!(
            WaitOptions::default().backoff(f64::NAN).pause(3),
            Duration::from_secs(5)
        );
        let endless = WaitOptions::default()
            .interval(Duration::MAX)
            .max_interval(Duration::MAX);
        assert_eq!(endless.pause(0), Duration::MAX);
        assert_eq!(endless.pause(40), Duration::MAX);
        assert_eq!(
            WaitOptions::default().interval(Duration::MAX).pause(1),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(
            classify(Some("ready"), &["ready"], &["failed"]),
            State::Succeeded
        );
        assert_eq!(
            classify(Some("failed"), &["ready"], &["failed"]),
            State::Failed("failed".into())
        );
        assert_eq!(
            classify(Some("queued"), &["ready"], &["failed"]),
            State::Pending(Some("queued".into()))
        );
        assert_eq!(classify(None, &["ready"], &[]), State::Pending(None));
    }
}
