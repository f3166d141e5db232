//! Pagination: one page with its totals, and streams over pages and items that fetch the next page while the
//! caller works on the current one.
//!
//! The API numbers pages from 1 (`page`, `page_limit`) and answers with `data` and `page_info`. Generated list
//! requests implement [`PagedRequest`]; everything else here is generic.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::Stream;
use futures::stream::StreamExt;
use serde::Serialize;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::options::{RetryPolicy, Timer};
use crate::request::BoxFuture;

/// One page of a list, with the totals the API reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub page: i64,
    /// How many pages there are, when the API says.
    pub total_pages: Option<i64>,
    /// How many items there are across all pages, when the API says.
    pub total_results: Option<i64>,
    /// The page size the API used, when it says.
    pub limit_per_page: Option<i64>,
}

impl<T> Page<T> {
    /// A page from its parts, as the SDK decodes it: the items, this page's number (from 1) and the totals the API
    /// reported. For tests of code that takes pages (a fake of your own data layer, say).
    ///
    /// ```
    /// use twelvelabs::Page;
    ///
    /// let page = Page::new(vec!["a", "b"], 1, Some(2), Some(3), Some(2));
    /// assert!(page.has_next());
    /// assert_eq!(page.next_page(), Some(2));
    /// ```
    pub fn new(
        items: Vec<T>,
        page: i64,
        total_pages: Option<i64>,
        total_results: Option<i64>,
        limit_per_page: Option<i64>,
    ) -> Self {
        Self {
            items,
            page,
            total_pages,
            total_results,
            limit_per_page,
        }
    }

    /// A page from the pieces of a list response, however the spec shapes them: the items (a list or an optional
    /// list), the totals object (if any) and the counts read from it (integers, optional or not, or `()` when the
    /// response has no such count). Generated code calls it.
    pub(crate) fn from_parts<L, I, A, B, C, D>(
        items: L,
        info: Option<I>,
        requested: i64,
        counts: impl FnOnce(I) -> (A, B, C, D),
    ) -> Self
    where
        L: IntoItems<T>,
        A: Count,
        B: Count,
        C: Count,
        D: Count,
    {
        let (page, total_pages, total_results, limit_per_page) = match info.map(counts) {
            Some((a, b, c, d)) => (a.count(), b.count(), c.count(), d.count()),
            None => (None, None, None, None),
        };
        Self::new(
            items.into_items(),
            page.unwrap_or(requested),
            total_pages,
            total_results,
            limit_per_page,
        )
    }

    /// Whether a later page exists: by the reported page count, or, without one, because this page is not empty.
    pub fn has_next(&self) -> bool {
        match self.total_pages {
            Some(total) => self.page < total,
            None => {
                !self.items.is_empty()
                    && self
                        .limit_per_page
                        .is_none_or(|limit| self.items.len() as i64 >= limit)
            }
        }
    }

    /// The number of the next page, if there is one.
    pub fn next_page(&self) -> Option<i64> {
        self.page.checked_add(1).filter(|_| self.has_next())
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items on this page.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

/// The items of a list response: a list, or an optional one (absent means none).
pub(crate) trait IntoItems<T> {
    fn into_items(self) -> Vec<T>;
}

impl<T> IntoItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> IntoItems<T> for Option<Vec<T>> {
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

/// A count in a list response's totals: an integer, optional or not, or `()` for a count the response lacks.
pub(crate) trait Count {
    fn count(self) -> Option<i64>;
}

impl Count for i64 {
    fn count(self) -> Option<i64> {
        Some(self)
    }
}

impl Count for i32 {
    fn count(self) -> Option<i64> {
        Some(i64::from(self))
    }
}

impl<N: Count> Count for Option<N> {
    fn count(self) -> Option<i64> {
        self.and_then(Count::count)
    }
}

impl Count for () {
    fn count(self) -> Option<i64> {
        None
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A list request that can fetch any page (implemented by generated code).
pub(crate) trait PagedRequest: Clone + Send + Sync + 'static {
    /// The items of a page.
    type Item: Serialize + Send + 'static;
    /// The operation's dotted name, for errors.
    fn operation(&self) -> &'static str;
    /// The client it is sent with (its timer and retry policy pace retries of failed pages).
    fn client(&self) -> &Client;
    /// The page this request asks for, if set.
    fn page_number(&self) -> Option<i64>;
    /// The same request for another page.
    fn with_page(self, page: i64) -> Self;
    /// Fetches the page.
    fn fetch_page(self) -> BoxFuture<Result<Page<Self::Item>>>;
}

type Fetch<T> = Arc<dyn Fn(i64) -> BoxFuture<Result<Page<T>>> + Send + Sync>;
type PageStream<T> = Pin<Box<dyn Stream<Item = Result<Page<T>>> + Send>>;

/// How many pages are fetched ahead of the one being consumed, unless [`Pages::prefetch`] says otherwise.
pub const DEFAULT_PREFETCH: usize = 1;

/// A stream of pages, from the request's page (or 1) to the last.
///
/// While the caller works on page `n`, page `n + 1` is already being fetched (see [`Pages::prefetch`]), so going
/// through many pages costs little more than the server's time.
///
/// The server's answers are checked, and every stream ends:
///
/// - It ends after the last page the API reports (`total_page`), or, when the API reports none, after a page
///   that is not full. It also ends at the first empty page, whatever the totals claim.
/// - A page whose number is not the one asked for, or which holds the same items as the page before, ends it
///   with [`Error::InvalidResponse`].
/// - A page that fails with a transient error ([`Error::is_transient`]: timeouts, lost connections, `429`,
///   `5xx`, after the request's own retries) is returned as an `Err`; polling again retries that page after a
///   backoff pause, and after [`MAX_PAGE_FAILURES`] failures in a row the stream ends. Any other error (a
///   `401`, a `404`, a body that does not decode) is returned once and ends the stream.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<T> {
    fetch: Fetch<T>,
    first: i64,
    prefetch: usize,
    pacing: Pacing,
    inner: Option<PageStream<T>>,
}

/// What the stream needs besides the fetch: names for errors, and the clock and policy that pace retries.
#[derive(Clone)]
struct Pacing {
    operation: &'static str,
    timer: Arc<dyn Timer>,
    policy: RetryPolicy,
}

impl<T: Serialize + Send + 'static> Pages<T> {
    pub(crate) fn new<R: PagedRequest<Item = T>>(request: R) -> Self {
        let first = request.page_number().unwrap_or(1);
        let pacing = Pacing {
            operation: request.operation(),
            timer: request.client().timer().clone(),
            policy: request.client().inner().retry.clone(),
        };
        let fetch: Fetch<T> = Arc::new(move |page| request.clone().with_page(page).fetch_page());
        Self {
            fetch,
            first,
            prefetch: DEFAULT_PREFETCH,
            pacing,
            inner: None,
        }
    }

    /// How many pages to fetch ahead of the one being consumed (default 1; 0 fetches each page only when asked
    /// for). Takes effect before the first poll.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages;
        self
    }

    /// A stream of the items of every page.
    pub fn items(self) -> Items<T> {
        Items {
            pages: self,
            buffer: VecDeque::new(),
        }
    }

    /// Collects the items of every page, stopping after `max_items` when given. Stops at the first error.
    pub async fn collect_items(self, max_items: Option<usize>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        if max_items == Some(0) {
            return Ok(items);
        }
        let mut stream = self.items();
        while let Some(item) = stream.next().await {
            items.push(item?);
            if max_items.is_some_and(|max| items.len() >= max) {
                break;
            }
        }
        Ok(items)
    }
}

impl<T: Serialize + Send + 'static> Stream for Pages<T> {
    type Item = Result<Page<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let inner = this.inner.get_or_insert_with(|| {
            Box::pin(page_stream(
                this.fetch.clone(),
                this.first,
                this.prefetch,
                this.pacing.clone(),
            ))
        });
        inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("first", &self.first)
            .field("prefetch", &self.prefetch)
            .finish_non_exhaustive()
    }
}

/// A stream of the items of every page. An error is returned in place of the items of the page that failed;
/// polling again retries that page.
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct Items<T> {
    pages: Pages<T>,
    buffer: VecDeque<T>,
}

// Neither type pins its items: they only hold them in `Vec`s and boxes.
impl<T> Unpin for Pages<T> {}
impl<T> Unpin for Items<T> {}

impl<T: Serialize + Send + 'static> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => self.buffer.extend(page.items),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// A spawned page fetch, cancelled when dropped (when the stream is dropped early).
struct Prefetched<T> {
    page: i64,
    handle: tokio::task::JoinHandle<Result<Page<T>>>,
}

impl<T> Drop for Prefetched<T> {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

struct State<T> {
    fetch: Fetch<T>,
    /// The page to yield next.
    next: i64,
    /// Fetches running ahead, in page order.
    ahead: VecDeque<Prefetched<T>>,
    prefetch: usize,
    total_pages: Option<i64>,
    finished: bool,
    /// Failures in a row of page `next`.
    failures: u32,
    /// The fingerprint of the last page's items.
    previous: Option<u64>,
    pacing: Pacing,
}

impl<T: Send + 'static> State<T> {
    /// The page `page`: from a fetch already running, or fetched now.
    async fn take(&mut self, page: i64) -> Result<Page<T>> {
        if self.ahead.front().is_some_and(|p| p.page == page) {
            let mut prefetched = self.ahead.pop_front().expect("checked above");
            match (&mut prefetched.handle).await {
                Ok(result) => result,
                Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
                // Only dropping a `Prefetched` aborts its task, and this one is still held: fetch again.
                Err(_) => (self.fetch)(page).await,
            }
        } else {
            (self.fetch)(page).await
        }
    }

    /// Starts fetches for the pages after `page`, up to the prefetch depth and the known last page.
    fn run_ahead(&mut self, page: i64, has_next: bool) {
        if !has_next {
            return;
        }
        // Without a page count, only the next page is known to be worth asking for.
        let depth = if self.total_pages.is_some() {
            self.prefetch
        } else {
            self.prefetch.min(1)
        };
        for offset in 1..=depth as i64 {
            let Some(wanted) = page.checked_add(offset) else {
                break;
            };
            if self.total_pages.is_some_and(|total| wanted > total)
                || self.ahead.iter().any(|p| p.page == wanted)
            {
                continue;
            }
            let fetch = self.fetch.clone();
            let handle = tokio::spawn(async move { fetch(wanted).await });
            self.ahead.push_back(Prefetched {
                page: wanted,
                handle,
            });
        }
    }
}

/// How many times in a row one page may fail with a transient error before the stream gives up on it.
pub const MAX_PAGE_FAILURES: u32 = 3;

/// A fingerprint of a page's items, to recognise a server that answers every page with the same one.
fn fingerprint<T: Serialize>(items: &[T]) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    if items.is_empty() {
        return None;
    }
    let encoded = serde_json::to_vec(items).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    encoded.hash(&mut hasher);
    Some(hasher.finish())
}

fn page_stream<T: Serialize + Send + 'static>(
    fetch: Fetch<T>,
    first: i64,
    prefetch: usize,
    pacing: Pacing,
) -> impl Stream<Item = Result<Page<T>>> + Send {
    let state = State {
        fetch,
        next: first,
        ahead: VecDeque::new(),
        prefetch,
        total_pages: None,
        finished: false,
        failures: 0,
        previous: None,
        pacing,
    };
    futures::stream::unfold(state, |mut state| async move {
        if state.finished {
            return None;
        }
        let number = state.next;
        if state.failures > 0 {
            // Polling again after an error retries the page, paced like any retry: never a hot loop.
            let pause = crate::retry::delay(
                &state.pacing.policy,
                state.failures - 1,
                None,
                crate::retry::now(),
            )
            .unwrap_or(state.pacing.policy.max_backoff);
            state.pacing.timer.sleep(pause).await;
        }
        match state.take(number).await {
            Ok(page) => match state.accept(number, page) {
                Ok(page) => Some((Ok(page), state)),
                Err(error) => {
                    state.finish();
                    Some((Err(error), state))
                }
            },
            Err(error) => {
                state.failures += 1;
                // `next` is unchanged: polling again retries the same page, unless that cannot help.
                if !error.is_transient() || state.failures >= MAX_PAGE_FAILURES {
                    state.finish();
                }
                Some((Err(error), state))
            }
        }
    })
}

impl<T: Serialize + Send + 'static> State<T> {
    /// Checks a page against what was asked and seen, and moves on to the next one.
    fn accept(&mut self, number: i64, page: Page<T>) -> Result<Page<T>> {
        let operation = self.pacing.operation;
        if page.page != number {
            return Err(Error::InvalidResponse {
                operation,
                message: format!(
                    "asked for page {number}, the API answered with page {}; the list ends here",
                    page.page
                ),
            });
        }
        let fingerprint = fingerprint(&page.items);
        if fingerprint.is_some() && fingerprint == self.previous {
            return Err(Error::InvalidResponse {
                operation,
                message: format!(
                    "page {number} holds the same items as page {}; the list ends here",
                    number - 1
                ),
            });
        }
        self.previous = fingerprint;
        self.failures = 0;
        self.total_pages = page.total_pages.or(self.total_pages);
        // An empty page ends the list, whatever totals the API claims.
        let has_next = !page.items.is_empty() && page.has_next();
        if page.items.is_empty() && page.has_next() {
            tracing::debug!(
                operation,
                page = number,
                total_pages = ?page.total_pages,
                "an empty page before the last one the API reported; the list ends here"
            );
        }
        match number.checked_add(1) {
            Some(next) if has_next => {
                self.next = next;
                // Start the next fetch before handing this page over, so the two overlap.
                self.run_ahead(number, true);
            }
            _ => self.finish(),
        }
        Ok(page)
    }

    /// Ends the stream, cancelling fetches running ahead.
    fn finish(&mut self) {
        self.finished = true;
        self.ahead.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A fake list of `total` items in pages of `size`, failing once (with a timeout) on the pages in
    /// `fail_once`.
    #[derive(Clone)]
    struct Fake {
        page: Option<i64>,
        total: i64,
        size: i64,
        log: Arc<Mutex<Vec<i64>>>,
        fail_once: Arc<Mutex<Vec<i64>>>,
        client: Client,
    }

    impl PagedRequest for Fake {
        type Item = i64;

        fn operation(&self) -> &'static str {
            "fake.list"
        }

        fn client(&self) -> &Client {
            &self.client
        }

        fn page_number(&self) -> Option<i64> {
            self.page
        }

        fn with_page(mut self, page: i64) -> Self {
            self.page = Some(page);
            self
        }

        fn fetch_page(self) -> BoxFuture<Result<Page<i64>>> {
            Box::pin(async move {
                let page = self.page.unwrap_or(1);
                self.log.lock().unwrap().push(page);
                let mut fail = self.fail_once.lock().unwrap();
                if let Some(at) = fail.iter().position(|p| *p == page) {
                    fail.remove(at);
                    return Err(crate::Error::Timeout {
                        operation: "fake.list",
                        timeout: std::time::Duration::from_secs(page as u64),
                        overall: false,
                        maybe_applied: false,
                    });
                }
                let pages = (self.total + self.size - 1) / self.size;
                let items = ((page - 1) * self.size..(page * self.size).min(self.total)).collect();
                Ok(Page::new(
                    items,
                    page,
                    Some(pages),
                    Some(self.total),
                    Some(self.size),
                ))
            })
        }
    }

    fn fake(total: i64, size: i64, fail_once: &[i64]) -> Fake {
        Fake {
            page: None,
            total,
            size,
            log: Arc::default(),
            fail_once: Arc::new(Mutex::new(fail_once.to_vec())),
            client: Client::builder()
                .api_key("k")
                .base_url("http://127.0.0.1:9")
                .timer(Arc::new(Instant))
                .build()
                .unwrap(),
        }
    }

    /// A timer that does not wait.
    #[derive(Debug)]
    struct Instant;

    impl Timer for Instant {
        fn sleep(&self, _: std::time::Duration) -> futures::future::BoxFuture<'static, ()> {
            Box::pin(std::future::ready(()))
        }

        fn now(&self) -> std::time::Instant {
            std::time::Instant::now()
        }
    }

    #[tokio::test]
    async fn items_come_once_and_in_order_with_and_without_prefetch() {
        for prefetch in [0, 1, 4] {
            let request = fake(23, 5, &[]);
            let items = Pages::new(request.clone())
                .prefetch(prefetch)
                .collect_items(None)
                .await
                .unwrap();
            assert_eq!(items, (0..23).collect::<Vec<_>>(), "prefetch {prefetch}");
            let mut log = request.log.lock().unwrap().clone();
            log.sort();
            assert_eq!(
                log,
                vec![1, 2, 3, 4, 5],
                "each page fetched once (prefetch {prefetch})"
            );
        }
    }

    #[tokio::test]
    async fn a_failed_page_is_retried_on_the_next_poll() {
        let pages: Vec<_> = Pages::new(fake(12, 5, &[2])).collect().await;
        let summary: Vec<String> = pages
            .iter()
            .map(|p| {
                p.as_ref()
                    .map(|p| p.page.to_string())
                    .unwrap_or_else(|e| e.to_string())
            })
            .collect();
        assert_eq!(summary[0], "1");
        assert!(
            summary[1].starts_with("fake.list: no response within 2s"),
            "{summary:?}"
        );
        assert_eq!(summary[2..], ["2", "3"]);
    }

    #[tokio::test]
    async fn collecting_stops_at_the_limit() {
        let request = fake(100, 10, &[]);
        let items = Pages::new(request.clone())
            .prefetch(0)
            .collect_items(Some(15))
            .await
            .unwrap();
        assert_eq!(items, (0..15).collect::<Vec<_>>());
        assert_eq!(*request.log.lock().unwrap(), vec![1, 2]);
    }

    #[tokio::test]
    async fn iteration_starts_at_the_requested_page() {
        let items = Pages::new(fake(12, 5, &[]).with_page(2))
            .collect_items(None)
            .await
            .unwrap();
        assert_eq!(items, (5..12).collect::<Vec<_>>());
    }

    #[test]
    fn has_next_without_totals_relies_on_a_full_page() {
        assert!(Page::new(vec![1, 2], 1, None, None, Some(2)).has_next());
        assert!(!Page::new(vec![1], 1, None, None, Some(2)).has_next());
        assert!(!Page::<i64>::new(vec![], 3, None, None, None).has_next());
        assert_eq!(
            Page::new(vec![1], 2, Some(3), None, None).next_page(),
            Some(3)
        );
        assert_eq!(Page::new(vec![1], 3, Some(3), None, None).next_page(), None);
        assert_eq!(
            Page::new(vec![1], i64::MAX, Some(i64::MAX), None, None).next_page(),
            None
        );
        assert_eq!(
            Page::new(vec![1], i64::MAX, None, None, None).next_page(),
            None,
            "no page after the last number"
        );
    }
}
