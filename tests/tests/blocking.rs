//! The `blocking` feature as a synchronous program uses it: plain `#[test]`s with no async runtime of their own,
//! against the fake API (`testing`), which the blocking runtime serves too.

use std::sync::Arc;
use std::time::Duration;

use twelvelabs::blocking::{IterBlocking, SendBlocking};
use twelvelabs::models::EntityStatus;
use twelvelabs::testing::{FakeServer, Fault, InstantTimer};
use twelvelabs::{Error, WaitOptions};

const ASSET: &str = "6298d673f1090f1100476d4e";

#[test]
fn a_program_without_a_runtime_creates_lists_waits_and_handles_a_404() {
    assert!(tokio::runtime::Handle::try_current().is_err());
    let fake = FakeServer::start().send_blocking();
    let client = fake.client();

    let collection = client
        .entity_collections()
        .create("Players")
        .send_blocking()
        .expect("create collection");
    let collection_id = collection.id.expect("id");
    for name in ["Ada", "Grace", "Edsger"] {
        client
            .entity_collections()
            .entities()
            .create(&collection_id, name, [ASSET])
            .send_blocking()
            .expect("create entity");
    }

    // Three pages of one item each, read as an iterator.
    let names: Vec<String> = client
        .entity_collections()
        .entities()
        .list(&collection_id)
        .page_limit(1)
        .items()
        .iter_blocking()
        .map(|entity| entity.expect("entity").name.expect("name"))
        .collect();
    assert_eq!(names.len(), 3);
    for name in ["Ada", "Grace", "Edsger"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let pages = fake
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/entities"))
        .count();
    assert_eq!(pages, 3, "one request per page");

    // A waiter, polled to `ready` (the fake's objects are ready after two reads).
    let entity = client
        .entity_collections()
        .entities()
        .create(&collection_id, "Barbara", [ASSET])
        .send_blocking()
        .expect("create entity");
    let ready = client
        .entity_collections()
        .entities()
        .wait_until_ready(
            &collection_id,
            entity.id.expect("id"),
            WaitOptions::default(),
        )
        .send_blocking()
        .expect("ready");
    assert_eq!(ready.status, Some(EntityStatus::Ready));

    let missing = client
        .assets()
        .retrieve("000000000000000000000000")
        .send_blocking()
        .expect_err("no such asset");
    match missing {
        Error::Api(api) => assert_eq!(api.status.as_u16(), 404),
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[test]
fn retries_wait_what_retry_after_says_and_a_500_is_retried() {
    let fake = FakeServer::start().send_blocking();
    let timer = InstantTimer::new();
    let client = fake
        .client_builder()
        .timer(Arc::new(timer.clone()))
        .build()
        .expect("client");

    let id = client
        .entity_collections()
        .create("Retried")
        .send_blocking()
        .expect("create")
        .id
        .expect("id");

    // A GET is retried after a 429 (waiting what it asks) and after a 500.
    fake.fail_next(
        1,
        Fault::RateLimited {
            retry_after: Duration::from_secs(7),
        },
    );
    fake.fail_next(1, Fault::ServerError);
    let before = fake.request_count();
    let collection = client
        .entity_collections()
        .retrieve(&id)
        .send_blocking()
        .expect("retried to success");
    assert_eq!(collection.name.as_deref(), Some("Retried"));
    assert_eq!(
        fake.request_count() - before,
        3,
        "a 429, a 500, then success"
    );
    assert!(
        timer.slept() >= Duration::from_secs(7),
        "waited {:?}, Retry-After said 7 s",
        timer.slept()
    );
}

#[test]
fn threads_share_one_client() {
    let fake = FakeServer::start().send_blocking();
    let client = fake.client();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            std::thread::spawn(move || {
                client
                    .entity_collections()
                    .create(format!("Team {i}"))
                    .send_blocking()
                    .expect("create")
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
    let all = client
        .entity_collections()
        .list()
        .collect(None)
        .send_blocking()
        .expect("list");
    assert_eq!(all.len(), 8);
}

#[test]
fn an_iterator_dropped_early_leaves_the_client_usable() {
    let fake = FakeServer::start().send_blocking();
    let client = fake.client();
    for i in 0..5 {
        client
            .entity_collections()
            .create(format!("C{i}"))
            .send_blocking()
            .expect("create");
    }
    let mut items = client
        .entity_collections()
        .list()
        .page_limit(1)
        .items()
        .iter_blocking();
    let first = items.next().expect("an item").expect("ok");
    assert!(first.name.is_some());
    drop(items);

    let page = client
        .entity_collections()
        .list()
        .send_blocking()
        .expect("list");
    assert_eq!(page.total_results, Some(5));
}

#[test]
fn a_blocking_call_on_an_async_runtime_thread_works_instead_of_panicking() {
    // The fake runs on the blocking runtime, so the runtime below being blocked does not stop it.
    let fake = FakeServer::start().send_blocking();
    let client = fake.client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let name = runtime.block_on(async {
        client
            .entity_collections()
            .create("From async")
            .send_blocking()
            .expect("create")
            .name
    });
    assert_eq!(name.as_deref(), Some("From async"));
}

#[test]
fn a_panic_in_a_blocking_call_reaches_the_caller_and_the_runtime_survives() {
    let panicked = std::panic::catch_unwind(|| {
        async {
            tokio::task::yield_now().await;
            panic!("boom from the future");
        }
        .send_blocking()
    });
    let payload = panicked.expect_err("the panic comes back");
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"boom from the future")
    );

    // The same inside an async runtime (through the helper thread).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let panicked = runtime.block_on(async {
        std::panic::catch_unwind(|| async { panic!("boom in a helper") }.send_blocking())
    });
    assert_eq!(
        panicked.expect_err("panic").downcast_ref::<&str>(),
        Some(&"boom in a helper")
    );

    let fake = FakeServer::start().send_blocking();
    let created = fake
        .client()
        .entity_collections()
        .create("After")
        .send_blocking()
        .expect("the runtime still serves calls");
    assert_eq!(created.name.as_deref(), Some("After"));
}

#[test]
fn send_all_runs_blocking_and_keeps_the_order_of_its_inputs() {
    let fake = FakeServer::start().send_blocking();
    let client = fake.client();
    let names = ["A", "B", "C", "D", "E"];
    let created = twelvelabs::send_all(
        names
            .iter()
            .map(|name| client.entity_collections().create(*name)),
    )
    .concurrency(3)
    .send_blocking();
    let got: Vec<String> = created
        .into_iter()
        .map(|r| r.expect("created").name.expect("name"))
        .collect();
    assert_eq!(got, names);
}
