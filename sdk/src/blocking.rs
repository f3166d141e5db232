//! Synchronous calls for programs without an async runtime (feature `blocking`).
//!
//! The client, its resources and their requests are the ones async code uses: where async code writes `.await`,
//! a synchronous program writes [`.send_blocking()`](SendBlocking::send_blocking), and where it reads a stream
//! (pages, items, server-sent events), it writes [`.iter_blocking()`](IterBlocking::iter_blocking) and gets an
//! [`Iterator`]. Retries, timeouts, waiters and uploads behave the same.
//!
//! ```
//! use twelvelabs::blocking::{IterBlocking, SendBlocking};
//!
//! // Anything that async code would `.await`: a request, a waiter, a collected list, `send_all`.
//! let answer = async { 6 * 7 }.send_blocking();
//! assert_eq!(answer, 42);
//!
//! // Anything that async code would read as a stream: `pages()`, `items()`, an event stream.
//! let items: Vec<i32> = futures::stream::iter([1, 2, 3]).iter_blocking().collect();
//! assert_eq!(items, [1, 2, 3]);
//! ```
//!
//! # How calls run
//!
//! The first blocking call starts one background thread, `twelvelabs-blocking`, running a single-threaded tokio
//! runtime that drives the sockets and timers of every blocking call of the process; it lives as long as the
//! process. The request itself runs on the calling thread, which waits for it there, so any number of threads
//! may make calls at once with one shared client (`Client` is cheap to clone).
//!
//! A blocking call made on a thread of an async runtime, where `.await` is the right tool, still works: it runs
//! on a helper thread while the calling thread waits, so it never panics, but it holds that runtime's worker
//! thread for the whole call. A client's pooled connections belong to the runtime that opened them; a program
//! that mixes both styles is best served by one client for each.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::iter::FusedIterator;
use std::pin::Pin;
use std::sync::OnceLock;

use futures::stream::{FusedStream, Stream, StreamExt};
use tokio::runtime::{Builder, Handle};

/// Runs `self` to completion on the calling thread: the blocking counterpart of `.await`.
///
/// Implemented for everything that can be awaited and sent between threads: every request builder of the SDK
/// (`client.assets().retrieve(id)`), waiters (`wait_until_ready`), `collect` and `collect_items`,
/// [`send_all`](crate::send_all), and the futures of your own code.
pub trait SendBlocking: IntoFuture {
    /// Sends the request (or runs the future) and waits for its output.
    ///
    /// # Panics
    ///
    /// Only when the operating system cannot start the background thread or its runtime (the process is out of
    /// threads or file descriptors), or when the future itself panics.
    fn send_blocking(self) -> Self::Output;
}

impl<F> SendBlocking for F
where
    F: IntoFuture,
    F::IntoFuture: Send,
    F::Output: Send,
{
    fn send_blocking(self) -> Self::Output {
        run(self.into_future())
    }
}

/// Reads a stream as an [`Iterator`]: the blocking counterpart of `while let Some(x) = stream.next().await`.
///
/// Implemented for every stream that can be sent between threads: `pages()` and `items()` of list requests,
/// [`EventStream`](crate::EventStream)s, and streams of your own code.
pub trait IterBlocking: Stream + Sized {
    /// An iterator that waits for each item of the stream in turn.
    fn iter_blocking(self) -> BlockingIter<Self>;
}

impl<S: Stream + Send> IterBlocking for S {
    fn iter_blocking(self) -> BlockingIter<Self> {
        BlockingIter {
            stream: Box::pin(self),
        }
    }
}

/// The items of a stream, each waited for when [`next`](Iterator::next) is called. Made by
/// [`IterBlocking::iter_blocking`]; dropping it drops the stream (a list stops fetching pages, an event stream
/// closes its connection).
#[must_use = "iterators do nothing unless consumed"]
pub struct BlockingIter<S> {
    stream: Pin<Box<S>>,
}

impl<S> Iterator for BlockingIter<S>
where
    S: Stream + Send,
    S::Item: Send,
{
    type Item = S::Item;

    fn next(&mut self) -> Option<Self::Item> {
        run(self.stream.next())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.stream.size_hint()
    }
}

impl<S> FusedIterator for BlockingIter<S>
where
    S: FusedStream + Send,
    S::Item: Send,
{
}

impl<S> fmt::Debug for BlockingIter<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingIter").finish_non_exhaustive()
    }
}

/// Runs a future to completion on the calling thread, with the background runtime driving its I/O and timers.
fn run<F>(future: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    let handle = background();
    if Handle::try_current().is_err() {
        return handle.block_on(future);
    }
    // A thread inside an async runtime may not block on another one (tokio panics): a scoped helper thread
    // waits instead, and its panic, if any, goes on in the caller.
    std::thread::scope(
        |scope| match scope.spawn(|| handle.block_on(future)).join() {
            Ok(output) => output,
            Err(panic) => std::panic::resume_unwind(panic),
        },
    )
}

/// The handle of the process's background runtime, started on first use.
fn background() -> &'static Handle {
    static HANDLE: OnceLock<Handle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let runtime = Builder::new_current_thread()
            .enable_all()
            .thread_name("twelvelabs-blocking-io")
            .build()
            .unwrap_or_else(|error| panic!("cannot start the runtime of blocking calls: {error}"));
        let handle = runtime.handle().clone();
        // A current-thread runtime drives sockets and timers only while some thread is in its `block_on`: this
        // one, for the life of the process. The calls' own `Handle::block_on` poll their futures on the
        // callers' threads and are woken by it.
        std::thread::Builder::new()
            .name("twelvelabs-blocking".to_string())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .unwrap_or_else(|error| panic!("cannot start the thread of blocking calls: {error}"));
        handle
    })
}
