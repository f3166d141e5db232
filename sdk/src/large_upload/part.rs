//! One part's trip to object storage: its bytes streamed from the file at its offset to its presigned URL,
//! with nothing of the client's (no API key, no default headers), retried on transient failures, and its ETag
//! read as the proof the API asks for.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures::StreamExt;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG, HeaderMap, LOCATION};
use reqwest::{Method, StatusCode, Url};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::time::Instant;

use super::session::Job;
use crate::error::{ApiError, Error, Result};
use crate::models::{CompletedChunk, CompletedChunkProofType};
use crate::retry::{Failure, delay, should_retry};
use crate::send::{ERROR_BODY_LIMIT, read_prefix, transport_error};
use crate::upload::{CHUNK, LengthCheck, exact_length_body};

/// The operation errors of a part's upload name.
pub(super) const PART: &str = "multipart_upload.upload_part";
/// The longest ETag taken as a proof (S3's are 34 characters).
const MAX_ETAG: usize = 1024;

/// Why one attempt failed: what the retry decision needs, and the error to return.
struct Failed {
    failure: Failure,
    error: Error,
    headers: Option<HeaderMap>,
}

impl Failed {
    fn last(error: Error) -> Self {
        Self {
            failure: Failure::Final,
            error,
            headers: None,
        }
    }
}

/// Uploads part `part` to `url`, retrying transient failures with the client's retry policy and backoff (a
/// `PUT` of the same bytes is safe to repeat). When storage answers `403` (the URL may have expired: they last
/// an hour) the part is retried once with a fresh URL from the API. Returns the part as the API wants it
/// reported.
pub(super) async fn upload_part(job: &Job, part: u64, mut url: Url) -> Result<CompletedChunk> {
    let inner = job.client.inner();
    let max_retries = job.options.max_retries.unwrap_or(inner.retry.max_retries);
    let mut retry = 0;
    let mut refreshed = false;
    loop {
        let failed = match attempt(job, part, &url).await {
            Ok(etag) => {
                let (_, length) = job.span(part);
                return Ok(CompletedChunk::new(
                    part as i64,
                    etag,
                    CompletedChunkProofType::Etag,
                    length as i64,
                ));
            }
            Err(failed) => failed,
        };
        if failed.failure == Failure::Status(StatusCode::FORBIDDEN) && !refreshed {
            refreshed = true;
            tracing::debug!(
                part,
                "storage refused the URL; asking the API for a fresh one"
            );
            url = job
                .presigned_urls(part, 1)
                .await?
                .remove(&part)
                .unwrap_or(url);
            continue;
        }
        let wait = (retry < max_retries
            && should_retry(&inner.retry, &Method::PUT, failed.failure))
        .then(|| {
            delay(
                &inner.retry,
                retry,
                failed.headers.as_ref(),
                crate::retry::now(),
            )
        })
        .flatten();
        let Some(wait) = wait else {
            return Err(failed.error);
        };
        tracing::debug!(part, retry, failure = ?failed.failure, "retrying the part");
        inner.timer.sleep(wait).await;
        retry += 1;
    }
}

/// One `PUT` of the part: the file opened anew at the part's offset and streamed, the storage's answer checked.
/// Returns the ETag.
async fn attempt(job: &Job, part: u64, url: &Url) -> std::result::Result<String, Failed> {
    let (offset, length) = job.span(part);
    let path = job.path.display().to_string();
    let file_error = |source| {
        Failed::last(Error::File {
            operation: job.operation,
            path: path.clone(),
            source,
        })
    };
    let mut file = tokio::fs::File::open(&job.path).await.map_err(file_error)?;
    let size = crate::upload::regular_file_len(&file.metadata().await.map_err(file_error)?)
        .map_err(file_error)?;
    if size != job.total_size {
        return Err(file_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it changed size during the upload: it had {} bytes, it has {size}; part {part} was not sent",
                job.total_size
            ),
        )));
    }
    file.seek(std::io::SeekFrom::Start(offset))
        .await
        .map_err(file_error)?;
    let activity = Arc::new(Activity::new());
    let touched = activity.clone();
    let stream = tokio_util::io::ReaderStream::with_capacity(file.take(length), CHUNK)
        .inspect(move |_| touched.touch());
    let (body, check) = exact_length_body(Box::pin(stream), length, path.clone(), None);

    let http = &job.client.inner().http;
    // Only these headers: the client's defaults and its key belong to the API, not to storage.
    let mut request = http
        .request(Method::PUT, url.clone())
        .header(CONTENT_TYPE, "application/octet-stream")
        .header(CONTENT_LENGTH, length)
        .body(body)
        .build()
        .map_err(|e| {
            Failed::last(Error::invalid_input(
                PART,
                format!(
                    "part {part}: the request cannot be built: {}",
                    e.without_url()
                ),
            ))
        })?;
    for (name, value) in &job.upload_headers {
        request.headers_mut().insert(name.clone(), value.clone());
    }

    let exchange = async {
        let mut response = http.execute(request).await?;
        activity.touch();
        // The answer of a `PUT` is a few bytes at most; only its start is read, whatever storage sends.
        let body = read_prefix(&mut response, ERROR_BODY_LIMIT)
            .await
            .unwrap_or_default();
        Ok::<_, reqwest::Error>((
            response.status(),
            response.url().clone(),
            response.headers().clone(),
            body,
        ))
    };
    let idle = job.options.timeout.unwrap_or(job.client.inner().timeout);
    let (status, answered_from, headers, body) =
        match within_idle_timeout(exchange, &activity, idle).await {
            None => {
                return Err(Failed {
                    failure: Failure::Timeout,
                    error: Error::Timeout {
                        operation: PART,
                        timeout: idle,
                        overall: false,
                        maybe_applied: false,
                    },
                    headers: None,
                });
            }
            Some(Err(e)) => {
                if let Some(error) = LengthCheck::failure(&[check], job.operation) {
                    return Err(Failed::last(error));
                }
                let timeout_error = |_| Error::Timeout {
                    operation: PART,
                    timeout: idle,
                    overall: false,
                    maybe_applied: false,
                };
                let (failure, error, headers) = transport_error(e, PART, false, &timeout_error);
                return Err(Failed {
                    failure,
                    error,
                    headers,
                });
            }
            Some(Ok(answer)) => answer,
        };
    if answered_from != *url || status.is_redirection() {
        let location = if answered_from != *url {
            Some(answered_from)
        } else {
            headers
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|location| url.join(location).ok())
        };
        return Err(Failed::last(Error::Redirect {
            operation: PART,
            status,
            location: location.map(|target| without_query(&target)),
            reason: format!(
                "object storage redirected part {part}; redirects of parts are not followed, so it was not stored"
            ),
        }));
    }
    if !status.is_success() {
        return Err(Failed {
            failure: Failure::Status(status),
            error: Error::Api(Box::new(ApiError::from_response(
                PART,
                status,
                headers.clone(),
                &body,
            ))),
            headers: Some(headers),
        });
    }
    etag(&headers).ok_or_else(|| {
        Failed::last(Error::InvalidResponse {
            operation: PART,
            message: format!(
                "object storage answered HTTP {status} to part {part} without a usable `ETag` header, the proof the API needs; the part cannot be reported"
            ),
        })
    })
}

/// The ETag of a stored part, without its quotes (as the Python SDK reports it): visible ASCII, at most
/// [`MAX_ETAG`] bytes.
fn etag(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(ETAG)?.to_str().ok()?.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    (!value.is_empty() && value.len() <= MAX_ETAG && value.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| value.to_string())
}

/// A URL for a message: scheme, host and path, without the query (a presigned URL's query is a signature).
fn without_query(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_password(None);
    let _ = shown.set_username("");
    crate::send::shorten(shown.as_str())
}

/// When bytes of a part last moved (read from the file and handed to the connection, or an answer arrived).
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// When the part counts as stalled.
    fn deadline(&self, idle: Duration) -> Instant {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start
            .checked_add(last.saturating_add(idle))
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365))
    }
}

/// Runs `future` until it ends, or until nothing moved for `idle` (`None`). A part may take longer than the
/// timeout as a whole; what fails it is a stall, as a per-read timeout would.
async fn within_idle_timeout<F: std::future::Future>(
    future: F,
    activity: &Activity,
    idle: Duration,
) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    loop {
        let deadline = activity.deadline(idle);
        match tokio::time::timeout_at(deadline, future.as_mut()).await {
            Ok(output) => return Some(output),
            Err(_) if activity.deadline(idle) <= Instant::now() => return None,
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_lose_their_quotes_and_must_be_plain() {
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ETAG, value.parse().unwrap());
            headers
        };
        assert_eq!(
            etag(&headers("\"9b2cf535f27731c974343645a3985328\"")).as_deref(),
            Some("9b2cf535f27731c974343645a3985328")
        );
        assert_eq!(etag(&headers("abc")).as_deref(), Some("abc"));
        assert_eq!(etag(&headers("\"\"")), None);
        assert_eq!(etag(&headers("a b")), None);
        assert_eq!(etag(&headers(&"x".repeat(MAX_ETAG + 1))), None);
        assert_eq!(etag(&HeaderMap::new()), None);
    }

    #[test]
    fn urls_in_messages_lose_their_signature() {
        let url =
            Url::parse("https://u:p@bucket.example.com/obj/part?X-Amz-Signature=s3cret#f").unwrap();
        assert_eq!(without_query(&url), "https://bucket.example.com/obj/part");
    }

    #[tokio::test]
    async fn a_stall_ends_the_wait_but_steady_progress_does_not() {
        let activity = Arc::new(Activity::new());
        let idle = Duration::from_millis(60);
        let stalled = within_idle_timeout(std::future::pending::<()>(), &activity, idle).await;
        assert_eq!(stalled, None);

        let activity = Arc::new(Activity::new());
        let ticking = activity.clone();
        let steady = async move {
            // 200 ms in all, but never 60 ms without progress.
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(20)).await;
                ticking.touch();
            }
            7
        };
        assert_eq!(within_idle_timeout(steady, &activity, idle).await, Some(7));
    }
}
