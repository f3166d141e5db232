//! The parts in flight: up to `concurrency` parts sent at once, presigned URLs asked for a run of parts at a
//! time just before they are needed (they expire after an hour), and stored parts reported to the API as they
//! finish, one report in flight at a time, so parts that finish while a report runs go in the next.
//!
//! Everything runs in the caller's task, polled together: dropping the future stops every part at once.
//! After a failure no new part starts; the parts in flight finish and are reported, so a resume has as little
//! left to send as possible.

use std::collections::{BTreeMap, VecDeque};
use std::future::poll_fn;
use std::task::Poll;

use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use reqwest::Url;

use super::part::upload_part;
use super::session::Job;
use super::{ProgressFn, UploadProgress};
use crate::error::{Error, Result};
use crate::models::{CompletedChunk, ReportChunkBatchResponse};

/// Most parts asked for in one `get_additional_presigned_urls` (the Python SDK asks for 10 at a time).
const URL_BATCH: u64 = 16;
/// Most parts in one report.
const REPORT_BATCH: usize = 50;

/// What sending the parts achieved.
pub(super) struct Sent {
    pub(super) parts_sent: u64,
    pub(super) asset_id: Option<String>,
    pub(super) asset_url: Option<String>,
}

enum Event {
    Part(u64, Result<CompletedChunk>),
    Urls(u64, Result<BTreeMap<u64, Url>>),
    Reported(Vec<CompletedChunk>, Result<ReportChunkBatchResponse>),
}

/// Sends and reports the `missing` parts (ascending), starting with the `urls` at hand.
pub(super) async fn send_parts(
    job: &Job,
    mut urls: BTreeMap<u64, Url>,
    missing: Vec<u64>,
    concurrency: usize,
    mut on_progress: Option<ProgressFn>,
) -> Result<Sent> {
    let mut queue: VecDeque<u64> = missing.into();
    let mut parts_done = job.total_parts - queue.len() as u64;
    let missing_bytes: u64 = queue.iter().map(|&part| job.span(part).1).sum();
    let mut bytes_done = job.total_size.saturating_sub(missing_bytes);
    let mut in_flight: FuturesUnordered<BoxFuture<'_, Event>> = FuturesUnordered::new();
    let mut fetching: Option<BoxFuture<'_, Event>> = None;
    let mut reporting: Option<BoxFuture<'_, Event>> = None;
    let mut stored: Vec<CompletedChunk> = Vec::new();
    let mut failure: Option<(Option<u64>, Error)> = None;
    let mut sent = Sent {
        parts_sent: 0,
        asset_id: None,
        asset_url: None,
    };
    loop {
        if failure.is_none() {
            while in_flight.len() < concurrency {
                let Some(&part) = queue.front() else { break };
                if let Some(url) = urls.remove(&part) {
                    queue.pop_front();
                    in_flight.push(
                        upload_part(job, part, url)
                            .map(move |result| Event::Part(part, result))
                            .boxed(),
                    );
                    continue;
                }
                if fetching.is_none() {
                    let count = run_without_urls(&queue, &urls);
                    tracing::debug!(start = part, count, "asking for presigned URLs");
                    fetching = Some(
                        job.presigned_urls(part, count)
                            .map(move |result| Event::Urls(part, result))
                            .boxed(),
                    );
                }
                break;
            }
        }
        let report_failed = matches!(failure, Some((None, _)));
        if reporting.is_none() && !stored.is_empty() && !report_failed {
            let batch: Vec<CompletedChunk> =
                stored.drain(..stored.len().min(REPORT_BATCH)).collect();
            reporting = Some(
                async move {
                    let result = job.report(&batch).await;
                    Event::Reported(batch, result)
                }
                .boxed(),
            );
        }
        if in_flight.is_empty() && fetching.is_none() && reporting.is_none() {
            break;
        }
        let event = poll_fn(|cx| {
            for slot in [&mut reporting, &mut fetching] {
                if let Some(future) = slot
                    && let Poll::Ready(event) = future.poll_unpin(cx)
                {
                    *slot = None;
                    return Poll::Ready(event);
                }
            }
            match in_flight.poll_next_unpin(cx) {
                Poll::Ready(Some(event)) => Poll::Ready(event),
                _ => Poll::Pending,
            }
        })
        .await;
        match event {
            Event::Part(_, Ok(chunk)) => {
                sent.parts_sent += 1;
                stored.push(chunk);
            }
            Event::Part(part, Err(error)) => {
                tracing::debug!(part, %error, "part failed; finishing the parts in flight");
                failure.get_or_insert((Some(part), error));
                fetching = None;
            }
            Event::Urls(_, Ok(fresh)) => {
                for (part, url) in fresh {
                    urls.entry(part).or_insert(url);
                }
            }
            Event::Urls(part, Err(error)) => {
                failure.get_or_insert((Some(part), error));
            }
            Event::Reported(mut batch, Ok(answer)) => {
                sent.asset_id = sent.asset_id.or(answer.asset_id);
                sent.asset_url = sent.asset_url.or(answer.url);
                batch.sort_by_key(|chunk| chunk.chunk_index);
                for chunk in batch {
                    parts_done += 1;
                    bytes_done += u64::try_from(chunk.chunk_size).unwrap_or(0);
                    if let Some(on_progress) = on_progress.as_mut() {
                        on_progress(&UploadProgress {
                            part: u64::try_from(chunk.chunk_index).unwrap_or(0),
                            parts_done,
                            total_parts: job.total_parts,
                            bytes_done,
                            total_bytes: job.total_size,
                        });
                    }
                }
            }
            Event::Reported(_, Err(error)) => {
                // Those parts are stored but not acknowledged: a resume sends them again.
                failure.get_or_insert((None, error));
                fetching = None;
            }
        }
    }
    match failure {
        None => Ok(sent),
        Some((part, source)) => Err(Error::UploadIncomplete {
            operation: job.operation,
            upload_id: job.upload_id.clone(),
            part,
            total_parts: job.total_parts,
            parts_acknowledged: parts_done,
            source: Box::new(source),
        }),
    }
}

/// How many parts, from the front of `queue`, to ask URLs for: the run of consecutive parts without one, at
/// most [`URL_BATCH`].
fn run_without_urls(queue: &VecDeque<u64>, urls: &BTreeMap<u64, Url>) -> u64 {
    let mut count = 0;
    let mut expected = queue.front().copied();
    for &part in queue {
        if Some(part) != expected || urls.contains_key(&part) || count == URL_BATCH {
            break;
        }
        count += 1;
        expected = part.checked_add(1);
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_asked_for_runs_of_consecutive_parts() {
        let url = Url::parse("https://s.example.com/p").unwrap();
        let queue: VecDeque<u64> = [3, 4, 5, 9, 10].into();
        assert_eq!(run_without_urls(&queue, &BTreeMap::new()), 3);
        let urls = BTreeMap::from([(5, url)]);
        assert_eq!(run_without_urls(&queue, &urls), 2);
        let long: VecDeque<u64> = (1..=100).collect();
        assert_eq!(run_without_urls(&long, &BTreeMap::new()), URL_BATCH);
    }
}
