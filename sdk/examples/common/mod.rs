//! What every example shares: a client for the real API when `TWELVE_LABS_API_KEY` is set, otherwise one for
//! an in-process fake of the API (`twelvelabs::testing::FakeServer`), so each example runs anywhere.

use twelvelabs::testing::FakeServer;
use twelvelabs::{Client, Result};

/// The client, and the fake server it talks to when there is no API key (keep it alive while you use the
/// client).
pub async fn connect() -> Result<(Client, Option<FakeServer>)> {
    if std::env::var_os("TWELVE_LABS_API_KEY").is_some_and(|key| !key.is_empty()) {
        return Ok((Client::from_env()?, None));
    }
    let fake = FakeServer::start().await;
    println!(
        "TWELVE_LABS_API_KEY is not set: using a fake API at {}",
        fake.url()
    );
    Ok((fake.client(), Some(fake)))
}
