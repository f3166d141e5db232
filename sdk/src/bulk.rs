//! Sending many requests at once: [`send_all`], the SDK's counterpart of the Python SDK's bulk helpers
//! (`tasks.create_bulk`, `embed.tasks.create_bulk`), which loop over their inputs calling `create` for each.
//!
//! It is generic rather than one `create_bulk` per resource: any request builder (or waiter, or other future) can
//! be sent in bulk, with every option its builder has, and each input gets its own `Result`, where the Python
//! helpers print a failed input and leave it out of the list they return.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures::StreamExt;

/// How many requests [`send_all`] keeps in flight unless told otherwise.
pub const DEFAULT_BULK_CONCURRENCY: usize = 4;

/// Sends every request, at most [`DEFAULT_BULK_CONCURRENCY`] at a time ([`SendAll::concurrency`] changes it),
/// and returns what each one returned, in the order of `requests`, once all have ended.
///
/// A request is anything awaitable: a request builder of this SDK (`client.tasks().create(..)` with its
/// options), a waiter, any future. Nothing is sent until the returned [`SendAll`] is awaited; a request is
/// started only when one of those in flight ends; dropping the future cancels those in flight and sends no
/// more. One request failing does not stop the others: its `Err` takes its place in the list. Each request
/// is retried as its own builder says (the client's `RetryPolicy`; creates are not replayed blindly).
///
/// The Python SDK's `client.tasks.create_bulk(index_id=i, video_urls=[a, b])`:
///
/// ```no_run
/// # async fn run(client: twelvelabs::Client) {
/// let urls = ["https://example.com/a.mp4", "https://example.com/b.mp4"];
/// let results = twelvelabs::send_all(urls.map(|url| client.tasks().create("<YOUR_INDEX_ID>").video_url(url)))
///     .concurrency(2)
///     .await;
/// for (url, result) in urls.iter().zip(results) {
///     match result {
///         Ok(task) => println!("{url}: task {:?}", task.id),
///         Err(error) => println!("{url}: {error}"),
///     }
/// }
/// # }
/// ```
pub fn send_all<I>(requests: I) -> SendAll<I::Item>
where
    I: IntoIterator,
    I::Item: IntoFuture,
{
    SendAll {
        requests: requests.into_iter().collect(),
        concurrency: DEFAULT_BULK_CONCURRENCY,
    }
}

/// Requests to send together, made by [`send_all`]; awaiting it sends them and returns one output per request,
/// in their order.
#[must_use = "nothing is sent until this is awaited"]
#[derive(Debug)]
pub struct SendAll<R> {
    requests: Vec<R>,
    concurrency: usize,
}

impl<R> SendAll<R> {
    /// At most this many requests in flight at once (default [`DEFAULT_BULK_CONCURRENCY`]; 0 counts as 1, which
    /// sends them one after the other, as the Python SDK does).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }
}

impl<R> IntoFuture for SendAll<R>
where
    R: IntoFuture + Send + 'static,
    R::IntoFuture: Send + 'static,
    R::Output: Send + 'static,
{
    type Output = Vec<R::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(
            futures::stream::iter(self.requests)
                .map(IntoFuture::into_future)
                // `buffered` (not `buffer_unordered`): outputs come back in the order of the inputs.
                .buffered(self.concurrency)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A request that gives way to the runtime `steps` times before it ends, and records how many run at once.
    /// (No clock: the order things end in is set by the steps alone.)
    async fn request(
        n: u64,
        steps: u64,
        running: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
    ) -> Result<u64, String> {
        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(now, Ordering::SeqCst);
        for _ in 0..steps {
            tokio::task::yield_now().await;
        }
        running.fetch_sub(1, Ordering::SeqCst);
        if n == 3 {
            Err(format!("request {n} failed"))
        } else {
            Ok(n)
        }
    }

    fn requests(
        running: &Arc<AtomicUsize>,
        peak: &Arc<AtomicUsize>,
    ) -> Vec<impl Future<Output = Result<u64, String>> + Send + 'static + use<>> {
        // Later inputs end sooner, so the order of the outputs is the inputs', not the order they ended in.
        (0..8)
            .map(|n| request(n, 10 - n, running.clone(), peak.clone()))
            .collect()
    }

    #[tokio::test]
    async fn outputs_come_in_input_order_with_at_most_concurrency_in_flight() {
        let (running, peak) = (Arc::default(), Arc::default());
        let outputs = send_all(requests(&running, &peak)).concurrency(3).await;
        let expected: Vec<Result<u64, String>> = (0..8)
            .map(|n| {
                if n == 3 {
                    Err("request 3 failed".into())
                } else {
                    Ok(n)
                }
            })
            .collect();
        assert_eq!(
            outputs, expected,
            "one output per input, in order, a failure in its place"
        );
        assert_eq!(
            peak.load(Ordering::SeqCst),
            3,
            "three in flight at most, and at some point three"
        );
    }

    #[tokio::test]
    async fn the_default_sends_four_at_a_time_and_zero_means_one() {
        let (running, peak) = (Arc::default(), Arc::default());
        let outputs = send_all(requests(&running, &peak)).await;
        assert_eq!(outputs.len(), 8);
        assert_eq!(peak.load(Ordering::SeqCst), DEFAULT_BULK_CONCURRENCY);

        let (running, peak) = (Arc::default(), Arc::default());
        let outputs = send_all(requests(&running, &peak)).concurrency(0).await;
        assert_eq!(outputs.len(), 8);
        assert_eq!(peak.load(Ordering::SeqCst), 1, "one after the other");
    }

    #[tokio::test]
    async fn nothing_runs_until_awaited() {
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let bulk = send_all(requests(&running, &peak));
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        assert_eq!(peak.load(Ordering::SeqCst), 0);
        drop(bulk);
    }
}
