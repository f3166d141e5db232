//! Indexing a video: upload it as an asset, index it, wait until indexing is done, and read what the platform
//! found (duration, size, HLS). The Python SDK's workflow of `indexes.indexed_assets.create` then polling
//! `retrieve` until `ready`.
//!
//! ```sh
//! cargo run -p twelvelabs --features testing --example index_video
//! TWELVE_LABS_API_KEY=tlk_... TWELVE_LABS_INDEX_ID=... cargo run -p twelvelabs --features testing --example index_video
//! ```
//!
//! Without `TWELVE_LABS_INDEX_ID` the example creates an index (and deletes it at the end).

mod common;

use std::time::Duration;

use twelvelabs::models::{AssetsCreateRequestMethod, IndexesCreateRequestModelsItem};
use twelvelabs::{Error, Result, WaitOptions};

#[tokio::main]
async fn main() -> Result<()> {
    let (client, _fake) = common::connect().await?;

    let (index_id, created_index) = match std::env::var("TWELVE_LABS_INDEX_ID") {
        Ok(id) if !id.is_empty() => (id, false),
        _ => {
            let index = client
                .indexes()
                .create(
                    "example-index",
                    [IndexesCreateRequestModelsItem::new(
                        "marengo3.0",
                        ["visual", "audio"],
                    )],
                )
                .await?;
            (index.id.unwrap_or_default(), true)
        }
    };

    let asset = client
        .assets()
        .create(AssetsCreateRequestMethod::Url)
        .url("https://example.com/match.mp4")
        .await?;
    let asset_id = asset.id.unwrap_or_default();
    client
        .assets()
        .wait_until_ready(&asset_id, WaitOptions::default())
        .await?;

    // Indexing answers at once with an id; the work goes on in the background.
    let indexed_assets = client.indexes().indexed_assets();
    let indexed = indexed_assets
        .create(&index_id, &asset_id)
        .enable_video_stream(true)
        .await?;
    let indexed_id = indexed.id.unwrap_or_default();
    println!("indexing {asset_id} in {index_id} as {indexed_id}");

    let options = WaitOptions::default()
        .interval(Duration::from_secs(5))
        .timeout(Duration::from_secs(3600));
    match indexed_assets
        .wait_until_ready(&index_id, &indexed_id, options)
        .await
    {
        Ok(done) => {
            let metadata = done.system_metadata.unwrap_or_default();
            println!(
                "ready: {:?} s, {:?}x{:?}, {:?} bytes",
                metadata.duration, metadata.width, metadata.height, metadata.size
            );
        }
        Err(Error::WaitFailed { status, .. }) => println!("indexing ended with `{status}`"),
        Err(Error::WaitTimeout { last_status, .. }) => {
            println!("still {last_status:?} after an hour")
        }
        Err(other) => return Err(other),
    }

    // The indexed assets of the index, and the indexes an asset is in.
    let page = indexed_assets.list(&index_id).await?;
    println!("{:?} indexed assets in {index_id}", page.total_results);
    let summaries = indexed_assets.list_by_asset(&asset_id).await?;
    println!("{asset_id} is in {} index(es)", summaries.len());

    indexed_assets.delete(&index_id, &indexed_id).await?;
    if created_index {
        client.indexes().delete(&index_id).await?;
    }
    client.assets().delete(&asset_id).await?;
    Ok(())
}
