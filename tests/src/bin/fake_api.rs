//! The fake TwelveLabs API (`twelvelabs::testing::FakeServer`) as a standalone server, for tools that test it
//! from outside (`tools/schemathesis/check.sh`).
//!
//! `cargo run -p tests --bin fake_api` listens on a free port of `127.0.0.1`, prints the base URL
//! (`http://127.0.0.1:PORT/v1.3`) as its first line of standard output, and serves until it is killed. It needs no
//! API key and reaches no network: the fake accepts any non-empty `x-api-key`.
//!
//! The fake starts empty except for one data connection with one import: the API makes those itself (through
//! OAuth and a file picker), so no request can create them.

use std::io::Write;

use serde_json::json;
use twelvelabs::testing::FakeServer;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let fake = match FakeServer::try_start().await {
        Ok(fake) => fake,
        Err(error) => {
            eprintln!("fake_api: cannot listen on 127.0.0.1: {error}");
            std::process::exit(1);
        }
    };
    let connection = fake.insert(
        "/connections",
        json!({
            "provider": "google_drive",
            "status": "active",
            "custom_id": "fake-drive",
            "account": { "external_id": "fake-account", "display_name": "Fake Drive" },
            "scopes": ["drive.readonly"],
            "connected_at": "2025-01-01T00:00:00Z",
        }),
    );
    if let Some(connection) = connection {
        fake.insert(
            &format!("/connections/{connection}/imports"),
            json!({
                "connection_id": connection,
                "provider": "google_drive",
                "custom_id": "fake-import",
                "item_count": 1,
                "items": [{ "source_id": "fake-file", "action": "created", "status": "ready" }],
            }),
        );
    }
    println!("{}", fake.url());
    // The reader (a script waiting for the URL) may sit behind a pipe: send the line now.
    let _ = std::io::stdout().flush();
    // The server runs on this runtime until the process is killed.
    std::future::pending::<()>().await;
}
