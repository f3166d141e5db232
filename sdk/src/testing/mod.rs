//! A fake TwelveLabs API for your own tests (feature `testing`).
//!
//! [`FakeServer::start`] serves HTTP/1.1 on `127.0.0.1` inside your test's tokio runtime and keeps everything in
//! memory; [`FakeServer::client`] returns a [`Client`] pointed at it. Code written against the SDK runs unchanged:
//! no API key, no network, no mocks to write per request.
//!
//! ```
//! use std::time::Duration;
//! use twelvelabs::WaitOptions;
//! use twelvelabs::models::EntityStatus;
//! use twelvelabs::testing::{Fault, FakeServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> twelvelabs::Result<()> {
//! let fake = FakeServer::start().await;
//! let client = fake.client();
//!
//! // Plain REST: what you create is stored, listed, updated and deleted.
//! let collection = client.entity_collections().create("Players").await?;
//! let collection_id = collection.id.unwrap_or_default();
//! let entity = client
//!     .entity_collections()
//!     .entities()
//!     .create(&collection_id, "Ada", ["6298d673f1090f1100476d4e"])
//!     .await?;
//! let page = client.entity_collections().entities().list(&collection_id).await?;
//! assert_eq!(page.total_results, Some(1));
//!
//! // Background work: an entity is `processing` until it has been polled a few times (or `set_ready`).
//! let entity_id = entity.id.unwrap_or_default();
//! let ready = client
//!     .entity_collections()
//!     .entities()
//!     .wait_until_ready(&collection_id, &entity_id, WaitOptions::default())
//!     .await?;
//! assert_eq!(ready.status, Some(EntityStatus::Ready));
//!
//! // Faults: the next request answers 429 with `Retry-After: 1`; the client retries it.
//! fake.fail_next(1, Fault::RateLimited { retry_after: Duration::from_secs(1) });
//! let before = fake.request_count();
//! client.entity_collections().retrieve(&collection_id).await?;
//! assert_eq!(fake.request_count() - before, 2);
//! # Ok(())
//! # }
//! ```
//!
//! # What the fake does
//!
//! - **Generic REST over the SDK's paths.** `POST` to a collection path (`/entity-collections`,
//!   `/entity-collections/{id}/entities`, `/indexes/{id}/indexed-assets`, `/assets`, ...) stores the body as a new
//!   object with a generated 24-hex-digit `_id` and `created_at`; `GET` on the collection lists it with a real
//!   `page_info` (`page`, `limit_per_page`, `total_page`, `total_results`) honouring `page` and `page_limit`;
//!   `GET`, `PATCH`/`PUT` (merged into the object; a `null` field removes it) and `DELETE` work on
//!   `{collection}/{id}`. An unknown id, or an object under a parent that does not exist, answers the API's error
//!   body `{"code": "resource_not_exists", "message": "..."}` with the status the operation's spec documents:
//!   `404` where it lists one (assets, tasks of `analyze`, uploads, connections, ...), `400` elsewhere.
//! - **TwelveLabs' rules, written by hand where they matter.** An entity keeps at least one asset id (removing
//!   the last one answers `400`). Assets, entities, indexed assets, video indexing tasks, embedding tasks,
//!   knowledge store items, analysis tasks and batches start `processing`/`pending` and become `ready` (batches:
//!   `completed`) after [`FakeServer::set_polls_until_ready`] reads of the object (2 by default), or at once with
//!   [`FakeServer::set_ready`]. `/indexes/{id}/videos` shows the index's indexed assets. Multipart upload sessions
//!   hand out part URLs on the fake itself, so `client.multipart_upload().upload_file(..)` runs end to end.
//! - **Action endpoints** (`search`, `analyze`, `embed`, `responses`, ...) answer plausible canned JSON (or the
//!   NDJSON / server-sent events of the streaming ones) that the SDK decodes.
//! - **Faults.** [`FakeServer::fail_next`] makes the next requests answer `429` with `Retry-After`, `500`, any
//!   status, answer late, or close the connection without answering ([`Fault`]).
//! - A request without an `x-api-key` header answers `401`; a body that is not the JSON (or multipart form) the
//!   path takes answers `400`. The fake never panics on what it receives.
//!
//! Statuses, content types and bodies follow `specs/`: `tools/schemathesis/check.sh` (run by CI) starts the fake
//! standalone (`cargo run -p tests --bin fake_api`) and sends it schemathesis' generated requests for all 101
//! operations, valid and invalid ones (about 8,300 with its fixed seed, in about a minute), failing on any `5xx`
//! or answer the operation's spec does not document.
//!
//! It is a fake, not a model of the API: it checks no field beyond the ones above, and searches return the same
//! canned results whatever the query. Use it to test your code's flow (paging, waiting, retries, error handling),
//! and the real API for what the API computes.
//!
//! # Time
//!
//! [`FakeServer::client`] installs an [`InstantTimer`]: retry backoff, `Retry-After` pauses and waiters' polling
//! intervals complete at once on a virtual clock, so a test of a waiter or of a retry takes milliseconds. Build
//! your own client from [`FakeServer::client_builder`] to keep real time.

mod canned;
mod routes;
mod rules;
mod server;
mod statuses;
mod store;
mod uploads;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::client::{Client, ClientBuilder};
use crate::options::Timer;
use futures::future::BoxFuture;

pub use server::RecordedRequest;

/// The API key [`FakeServer::client`] sends. The fake accepts any non-empty key.
pub const TEST_API_KEY: &str = "tlk_fake_test_key";

/// A fault the fake server answers with instead of (or before) the real answer: see [`FakeServer::fail_next`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with `Retry-After` set to `retry_after` in whole seconds (rounded up).
    RateLimited {
        /// The wait the server asks for.
        retry_after: Duration,
    },
    /// `500 Internal Server Error` with the API's error body.
    ServerError,
    /// Any status (`400`..=`599`) with the API's error body and the given `code`.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `code` of the error body.
        code: String,
    },
    /// Waits this long before answering normally (to test timeouts). This is real time on the server's side.
    Delay(Duration),
    /// Reads the whole request, then closes the connection without answering: the client sees the connection
    /// fail after sending. A `GET` is retried; a `POST` is not (the API may have applied it), and its call ends
    /// with [`Error::Interrupted`](crate::Error::Interrupted).
    Disconnect,
}

/// An in-process fake of the TwelveLabs API, serving on `127.0.0.1`. See the [module docs](self).
///
/// The server stops when the `FakeServer` is dropped.
pub struct FakeServer {
    url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

/// What the server's tasks and the handle share.
pub(crate) struct Shared {
    state: Mutex<store::State>,
}

impl Shared {
    /// The state, even when a thread panicked while holding the lock (the state is plain data, still usable).
    pub(crate) fn lock(&self) -> MutexGuard<'_, store::State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl FakeServer {
    /// Starts a fake server on `127.0.0.1` (a free port) in the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no port on `127.0.0.1` can be bound, or outside a tokio runtime. [`FakeServer::try_start`] returns
    /// the error instead.
    pub async fn start() -> Self {
        match Self::try_start().await {
            Ok(server) => server,
            Err(error) => {
                panic!("the fake TwelveLabs server could not listen on 127.0.0.1: {error}")
            }
        }
    }

    /// Starts a fake server on `127.0.0.1`, or returns why it could not listen.
    pub async fn try_start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let url = format!("http://{address}/v1.3");
        let shared = Arc::new(Shared {
            state: Mutex::new(store::State::new(format!("http://{address}"))),
        });
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        Ok(Self { url, shared, task })
    }

    /// The base URL to give a [`ClientBuilder`] (`http://127.0.0.1:PORT/v1.3`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client for this server: its URL, [`TEST_API_KEY`], and an [`InstantTimer`] (pauses take no real time).
    pub fn client(&self) -> Client {
        match self
            .client_builder()
            .timer(Arc::new(InstantTimer::new()))
            .build()
        {
            Ok(client) => client,
            // The builder is given a valid http URL and key; nothing else can fail.
            Err(error) => unreachable!("the fake server's client is always valid: {error}"),
        }
    }

    /// A [`ClientBuilder`] with this server's URL and [`TEST_API_KEY`] set, to change anything else (timeouts,
    /// retry policy, timer) before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().api_key(TEST_API_KEY).base_url(&self.url)
    }

    /// Makes the next `count` requests (to any path) answer with `fault`. Faults queue up: calling it twice
    /// answers the first `count` with the first fault, then the next with the second.
    pub fn fail_next(&self, count: usize, fault: Fault) {
        let mut state = self.shared.lock();
        for _ in 0..count {
            state.faults.push_back(fault.clone());
        }
    }

    /// How many reads (`GET` of the object) an object that starts `processing`/`pending` takes to become `ready`,
    /// for objects created from now on. `0` makes them ready at once. The default is 2.
    pub fn set_polls_until_ready(&self, polls: u32) {
        self.shared.lock().polls_until_ready = polls;
    }

    /// Makes the object with this id (an asset, entity, indexed asset, task, ...) ready now. Returns `false`
    /// when no object has this id.
    pub fn set_ready(&self, id: &str) -> bool {
        self.shared.lock().set_ready(id)
    }

    /// Sets the `status` of the object with this id (e.g. `"failed"`), which then stays as set. Returns `false`
    /// when no object has this id.
    pub fn set_status(&self, id: &str, status: &str) -> bool {
        self.shared.lock().set_status(id, status)
    }

    /// Stores `object` in the collection at `collection_path` (e.g. `"/connections"`, or
    /// `"/entity-collections/<id>/entities"`), as a `POST` would but without the API's rules, and returns its id
    /// (the object's `_id` when it is a string no object of the collection has yet, a generated id otherwise). Use it for objects the API creates
    /// itself, such as data connections. `None` when the path is not a collection the fake knows, or `object`
    /// is not a JSON object.
    pub fn insert(&self, collection_path: &str, object: serde_json::Value) -> Option<String> {
        self.shared.lock().insert(collection_path, object)
    }

    /// The stored object at `path` (e.g. `"/assets/<id>"`), as the API would return it, without counting as a
    /// read. `None` when there is none.
    pub fn object(&self, path: &str) -> Option<serde_json::Value> {
        self.shared.lock().peek(path)
    }

    /// Every request the server received so far, faulted ones included, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// How many requests the server received so far, faulted ones included.
    pub fn request_count(&self) -> usize {
        self.shared.lock().requests.len()
    }
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A [`Timer`] that skips pauses: `sleep` returns at once and moves the clock forward by the duration asked for,
/// so backoff, `Retry-After` and waiters run instantly while still seeing time pass. [`InstantTimer::slept`] says
/// how long the client would have waited.
#[derive(Debug, Clone, Default)]
pub struct InstantTimer {
    slept: Arc<Mutex<Duration>>,
}

impl InstantTimer {
    /// A clock starting now, with nothing slept.
    pub fn new() -> Self {
        Self::default()
    }

    /// The total of every pause asked for so far.
    pub fn slept(&self) -> Duration {
        *self.slept.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Timer for InstantTimer {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        {
            let mut slept = self.slept.lock().unwrap_or_else(|p| p.into_inner());
            *slept = slept.saturating_add(duration);
        }
        Box::pin(async {
            // Let other tasks (the server) run, as a real pause would.
            tokio::task::yield_now().await;
        })
    }

    /// The real time plus every pause skipped so far.
    fn now(&self) -> Instant {
        let now = Instant::now();
        now.checked_add(self.slept()).unwrap_or(now)
    }
}
